//! Signing in through upstream identity providers: Google, Microsoft Entra ID, Facebook, X
//! and any OpenID Connect provider.
//!
//! Every provider is one module implementing [`Upstream`], the shape of Dex's
//! `connector/connector.go`: *start* builds the upstream authorization URL for a `state`,
//! `nonce` and PKCE challenge; *finish* exchanges the code, validates what comes back and
//! fetches the profile, returning one normalized [`UpstreamIdentity`]. Nothing here decides
//! who gets an account: that is `federation::sign_in`, over the identity alone.

pub mod facebook;
pub mod google;
pub mod http;
pub mod microsoft;
mod oauth2_code;
pub mod oidc;
pub mod provider;
pub mod registry;
mod schemeless;
pub mod x;

use std::future::Future;
use std::pin::Pin;

pub use provider::{Endpoints, ProviderConfig, ProviderKind, ProviderSource};
pub use registry::Registry;

/// Who the upstream says signed in, in one shape for every provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamIdentity {
    /// Our id of the provider (`google`, `acme`…).
    pub provider: String,
    /// The provider's stable, non-reassignable id for the person (never an e-mail).
    pub subject: String,
    pub email: Option<String>,
    /// Whether the provider vouches for `email` (a provider's claim; whether we believe it
    /// is the provider's `trust_email`).
    pub email_verified: bool,
    pub given_name: String,
    pub family_name: String,
    pub name: String,
    pub picture: Option<String>,
    /// How the person signed in upstream (`amr`), when the provider says.
    pub upstream_amr: Vec<String>,
}

/// What the upstream authorization URL is built from.
#[derive(Debug, Clone)]
pub struct Start<'a> {
    pub state: &'a str,
    pub nonce: &'a str,
    /// The PKCE verifier; providers send its S256 challenge.
    pub pkce_verifier: &'a str,
    /// `{issuer}/login/federated/{id}/callback`.
    pub redirect_uri: &'a str,
    /// The person must type their credentials again upstream (`prompt=login`).
    pub prompt_login: bool,
    /// The relying party's `max_age`, passed on where the provider understands it.
    pub max_age: Option<i64>,
}

/// What came back to the callback, with what the start remembered.
#[derive(Debug, Clone)]
pub struct Finish<'a> {
    pub code: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub redirect_uri: &'a str,
    /// Our clock's time, for token expiry checks.
    pub now: i64,
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One upstream provider. Implementations hold their configuration and whatever they cache
/// (discovery documents, keys); one instance serves every sign-in on this node.
pub trait Upstream: Send + Sync {
    /// Where to send the browser.
    fn authorization_url<'a>(
        &'a self,
        start: &'a Start<'a>,
    ) -> BoxFuture<'a, Result<url::Url, UpstreamError>>;

    /// Exchanges the code and returns who signed in, having checked everything the
    /// provider's answer must satisfy.
    fn finish<'a>(
        &'a self,
        finish: &'a Finish<'a>,
    ) -> BoxFuture<'a, Result<UpstreamIdentity, UpstreamError>>;

    /// The console's Test action: fetches the provider's metadata and says what it found.
    fn check(&self) -> BoxFuture<'_, Result<String, UpstreamError>>;
}

/// Why an upstream step failed. The texts are for the audit log and the console; they never
/// carry a secret, a code or a token.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum UpstreamError {
    /// The provider could not be reached, answered too slowly, too much, or with a server
    /// error.
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
    /// The provider's token endpoint refused the code (an OAuth error answer).
    #[error("the provider refused the sign-in: {0}")]
    Refused(String),
    /// The ID token failed a check (signature, issuer, audience, nonce, time, tenant…).
    #[error("the provider's answer failed a check: {0}")]
    InvalidToken(String),
    /// The profile (userinfo, Graph, API) answer was missing or unusable.
    #[error("the provider's profile answer was unusable: {0}")]
    Profile(String),
    /// The provider's metadata or our settings for it do not fit together.
    #[error("the provider is misconfigured: {0}")]
    Misconfigured(String),
}

impl UpstreamError {
    /// Maps a failed HTTP exchange: the reqwest text is URL-free (see `http.rs`).
    pub fn from_http(error: http::HttpError) -> Self {
        Self::Unreachable(error_chain(&error))
    }
}

/// An error and its sources in one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// `value`, or `None` when blank.
fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

//! Google: OpenID Connect with Google's discovery document. Google documents two spellings
//! of its issuer (`https://accounts.google.com` and `accounts.google.com`); both are accepted,
//! nothing else. The subject is Google's `sub`.

use super::http::UpstreamHttp;
use super::oidc::{ExpectedIssuer, IssuerRule, OidcUpstream, identity_from};
use super::{BoxFuture, Finish, ProviderConfig, Start, Upstream, UpstreamError, UpstreamIdentity};

pub const ISSUER: &str = "https://accounts.google.com";

pub struct Google {
    inner: OidcUpstream,
}

impl Google {
    pub fn new(config: &ProviderConfig, http: UpstreamHttp) -> Self {
        let issuer = config
            .endpoints
            .issuer
            .clone()
            .unwrap_or_else(|| ISSUER.to_string());
        let issuer = issuer.trim_end_matches('/').to_string();
        Self {
            inner: OidcUpstream::new(
                &config.id,
                &config.client_id,
                config.client_secret.clone(),
                OidcUpstream::discovery_url_of(&issuer),
                ExpectedIssuer::Exactly(issuer),
                config.effective_scopes(),
                IssuerRule::ExactOrSchemeless,
                http,
            )
            .with_userinfo_url(config.endpoints.userinfo_url.clone()),
        }
    }
}

impl Upstream for Google {
    fn authorization_url<'a>(
        &'a self,
        start: &'a Start<'a>,
    ) -> BoxFuture<'a, Result<url::Url, UpstreamError>> {
        Box::pin(self.inner.start_url(start))
    }

    fn finish<'a>(
        &'a self,
        finish: &'a Finish<'a>,
    ) -> BoxFuture<'a, Result<UpstreamIdentity, UpstreamError>> {
        Box::pin(async move {
            let verified = self.inner.verify(finish).await?;
            let subject = verified.claims.subject().as_str().to_string();
            Ok(identity_from(
                &self.inner.provider_id,
                subject,
                &verified,
                None,
            ))
        })
    }

    fn check(&self) -> BoxFuture<'_, Result<String, UpstreamError>> {
        Box::pin(self.inner.describe())
    }
}

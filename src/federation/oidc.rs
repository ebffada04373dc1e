//! The OpenID Connect client shared by Google, Microsoft Entra ID and generic providers:
//! discovery, a per-node cache of the discovery document and keys (refetched once when a
//! token names a key we do not have), the code exchange with PKCE, and the ID token checks
//! openidconnect does (signature, `aud`, `azp`, `exp`, `nonce`) plus the ones it leaves to us
//! (`iat` not in the future, issuer rules that are not one exact string).

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthPrompt, CoreClient, CoreClientAuthMethod, CoreGenderClaim, CoreJsonWebKeySet,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreResponseType,
};
use openidconnect::{
    AdditionalClaims, AuthType, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError,
    ClientId, ClientSecret, CsrfToken, IdToken, IdTokenClaims, IdTokenVerifier, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    SignatureVerificationError, SubjectIdentifier,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::http::UpstreamHttp;
use super::{BoxFuture, Finish, Start, Upstream, UpstreamError, UpstreamIdentity, error_chain};

/// How long a discovery document and its keys are used before they are fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// OpenID Connect Core §2: `sub` "MUST NOT exceed 255 ASCII characters in length".
const MAX_SUBJECT_LEN: usize = 255;
/// How far in the future an ID token's `iat` may lie (clock skew between us and them).
const CLOCK_SKEW_SECS: i64 = 300;

/// Claims beyond the standard ones that some providers send.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExtraClaims {
    /// Entra ID: the tenant the account belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<String>,
    /// Entra ID: the account's immutable object id within its tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oid: Option<String>,
}

impl AdditionalClaims for ExtraClaims {}

type UpstreamIdToken = IdToken<
    ExtraClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
pub type UpstreamClaims = IdTokenClaims<ExtraClaims, CoreGenderClaim>;

/// The token answer with the ID token kept as text: openidconnect's own response type parses
/// it on arrival, and a valid token it cannot parse (Google's scheme-less issuer) would then be
/// lost before any check could look at it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawIdToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl oauth2::ExtraTokenFields for RawIdToken {}

type RawTokenResponse = oauth2::StandardTokenResponse<RawIdToken, oauth2::basic::BasicTokenType>;

type CodeExchangeClient = oauth2::Client<
    oauth2::basic::BasicErrorResponse,
    RawTokenResponse,
    oauth2::basic::BasicTokenIntrospectionResponse,
    oauth2::StandardRevocableToken,
    oauth2::basic::BasicRevocationErrorResponse,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

/// How the token's `iss` is checked.
#[derive(Debug, Clone)]
pub enum IssuerRule {
    /// Exactly the discovered issuer (generic OIDC).
    Exact,
    /// The discovered issuer, or the same without its scheme (Google documents both
    /// `https://accounts.google.com` and `accounts.google.com`).
    ExactOrSchemeless,
    /// The discovered issuer with `{tenantid}` replaced by the token's own `tid` (Entra's
    /// multi-tenant endpoints); the caller then judges the tenant.
    TenantTemplate,
}

/// The discovery document and keys, as fetched at one moment.
struct Discovered {
    metadata: CoreProviderMetadata,
    jwks: CoreJsonWebKeySet,
    fetched_at: Instant,
}

/// What a verified sign-in produced before the provider module shapes it into an identity.
pub struct Verified {
    pub claims: UpstreamClaims,
    /// The discovered issuer (for Entra, the template).
    pub issuer: String,
    /// Profile claims from the userinfo endpoint, when it answered.
    pub userinfo: Option<openidconnect::core::CoreUserInfoClaims>,
}

pub struct OidcUpstream {
    pub provider_id: String,
    client_id: String,
    client_secret: SecretString,
    /// `{issuer}/.well-known/openid-configuration` or Entra's tenant URL.
    discovery_url: String,
    /// What the discovery document's `issuer` must be: the configured issuer, or for Entra a
    /// prefix (`{authority}/`).
    expected_issuer: ExpectedIssuer,
    scopes: Vec<String>,
    rule: IssuerRule,
    http: UpstreamHttp,
    /// The administrator's userinfo endpoint instead of the discovered one.
    userinfo_url: Option<String>,
    cache: tokio::sync::Mutex<Option<Arc<Discovered>>>,
}

/// What the discovered `issuer` must look like.
#[derive(Debug, Clone)]
pub enum ExpectedIssuer {
    Exactly(String),
    StartsWith(String),
}

impl OidcUpstream {
    #[allow(clippy::too_many_arguments)] // one constructor, called by three providers
    pub fn new(
        provider_id: &str,
        client_id: &str,
        client_secret: SecretString,
        discovery_url: String,
        expected_issuer: ExpectedIssuer,
        scopes: Vec<String>,
        rule: IssuerRule,
        http: UpstreamHttp,
    ) -> Self {
        Self {
            provider_id: provider_id.to_string(),
            client_id: client_id.to_string(),
            client_secret,
            discovery_url,
            expected_issuer,
            scopes,
            rule,
            http,
            userinfo_url: None,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// Uses `url` (when set) for userinfo instead of what discovery says.
    pub fn with_userinfo_url(mut self, url: Option<String>) -> Self {
        self.userinfo_url = url;
        self
    }

    /// The discovery URL of an issuer.
    pub fn discovery_url_of(issuer: &str) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        )
    }

    async fn fetch(&self) -> Result<Discovered, UpstreamError> {
        let request = http::Request::builder()
            .uri(&self.discovery_url)
            .header(http::header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|e| UpstreamError::Misconfigured(e.to_string()))?;
        let answer = self
            .http
            .send(request)
            .await
            .map_err(UpstreamError::from_http)?;
        if !answer.status().is_success() {
            return Err(UpstreamError::Unreachable(format!(
                "the discovery document answered {}",
                answer.status()
            )));
        }
        let metadata: CoreProviderMetadata = serde_json::from_slice(answer.body())
            .map_err(|e| UpstreamError::Misconfigured(format!("the discovery document: {e}")))?;
        let issuer = metadata.issuer().as_str().trim_end_matches('/');
        let fits = match &self.expected_issuer {
            ExpectedIssuer::Exactly(expected) => issuer == expected.trim_end_matches('/'),
            ExpectedIssuer::StartsWith(prefix) => issuer.starts_with(prefix.as_str()),
        };
        if !fits {
            return Err(UpstreamError::Misconfigured(format!(
                "the discovery document names the issuer “{issuer}”, not the configured one"
            )));
        }
        let jwks = self.fetch_keys(&metadata).await?;
        Ok(Discovered {
            metadata,
            jwks,
            fetched_at: Instant::now(),
        })
    }

    async fn fetch_keys(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> Result<CoreJsonWebKeySet, UpstreamError> {
        CoreJsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| match e {
                openidconnect::DiscoveryError::Request(http) => UpstreamError::from_http(http),
                other => {
                    UpstreamError::Unreachable(format!("the signing keys: {}", error_chain(&other)))
                }
            })
    }

    /// The cached discovery, fetching it when there is none or it is old.
    async fn discovered(&self) -> Result<Arc<Discovered>, UpstreamError> {
        let mut cache = self.cache.lock().await;
        if let Some(found) = cache.as_ref()
            && found.fetched_at.elapsed() < DISCOVERY_TTL
        {
            return Ok(found.clone());
        }
        let fresh = Arc::new(self.fetch().await?);
        *cache = Some(fresh.clone());
        Ok(fresh)
    }

    /// Fetches the keys again (a token named a key we do not have: the provider rotated).
    async fn refresh_keys(&self, stale: &Discovered) -> Result<Arc<Discovered>, UpstreamError> {
        let jwks = self.fetch_keys(&stale.metadata).await?;
        let fresh = Arc::new(Discovered {
            metadata: stale.metadata.clone(),
            jwks,
            fetched_at: stale.fetched_at,
        });
        *self.cache.lock().await = Some(fresh.clone());
        Ok(fresh)
    }

    fn client(
        &self,
        metadata: &CoreProviderMetadata,
        redirect_uri: &str,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        UpstreamError,
    > {
        let redirect = RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| UpstreamError::Misconfigured(format!("the callback URL: {e}")))?;
        let mut metadata = metadata.clone();
        if let Some(url) = &self.userinfo_url {
            let url = openidconnect::UserInfoUrl::new(url.clone())
                .map_err(|e| UpstreamError::Misconfigured(format!("the userinfo URL: {e}")))?;
            metadata = metadata.set_userinfo_endpoint(Some(url));
        }
        let methods = metadata.token_endpoint_auth_methods_supported().cloned();
        let mut client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(
                self.client_secret.expose_secret().to_string(),
            )),
        )
        .set_redirect_uri(redirect);
        // Basic authentication unless the provider says it only takes the secret in the body.
        let basic = methods
            .is_none_or(|m| m.is_empty() || m.contains(&CoreClientAuthMethod::ClientSecretBasic));
        if !basic {
            client = client.set_auth_type(AuthType::RequestBody);
        }
        Ok(client)
    }

    /// The client for the code exchange: the same endpoint and authentication as `client`.
    fn exchange_client(
        &self,
        metadata: &CoreProviderMetadata,
        redirect_uri: &str,
    ) -> Result<CodeExchangeClient, UpstreamError> {
        let token_url = metadata.token_endpoint().cloned().ok_or_else(|| {
            UpstreamError::Misconfigured("the provider names no token endpoint".into())
        })?;
        let redirect = RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| UpstreamError::Misconfigured(format!("the callback URL: {e}")))?;
        let basic = metadata
            .token_endpoint_auth_methods_supported()
            .is_none_or(|m| m.is_empty() || m.contains(&CoreClientAuthMethod::ClientSecretBasic));
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(
                self.client_secret.expose_secret().to_string(),
            ))
            .set_token_uri(token_url)
            .set_redirect_uri(redirect)
            .set_auth_type(if basic {
                AuthType::BasicAuth
            } else {
                AuthType::RequestBody
            }))
    }

    /// Start: the authorization URL with state, nonce, PKCE (S256), scopes and prompt.
    pub async fn start_url(&self, start: &Start<'_>) -> Result<url::Url, UpstreamError> {
        let discovered = self.discovered().await?;
        let client = self.client(&discovered.metadata, start.redirect_uri)?;
        let state = start.state.to_string();
        let nonce = start.nonce.to_string();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                move || CsrfToken::new(state),
                move || Nonce::new(nonce),
            )
            .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(
                &PkceCodeVerifier::new(start.pkce_verifier.to_string()),
            ));
        // openidconnect adds `openid` itself.
        for scope in self.scopes.iter().filter(|s| s.as_str() != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        if start.prompt_login {
            request = request.add_prompt(CoreAuthPrompt::Login);
        }
        if let Some(max_age) = start.max_age.and_then(|s| u64::try_from(s).ok()) {
            request = request.set_max_age(Duration::from_secs(max_age));
        }
        let (url, _, _) = request.url();
        Ok(url)
    }

    /// Finish: the code exchange and every check on the ID token; then userinfo.
    pub async fn verify(&self, finish: &Finish<'_>) -> Result<Verified, UpstreamError> {
        let discovered = self.discovered().await?;
        let client = self.client(&discovered.metadata, finish.redirect_uri)?;
        let answer: RawTokenResponse = self
            .exchange_client(&discovered.metadata, finish.redirect_uri)?
            .exchange_code(AuthorizationCode::new(finish.code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(finish.pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(super::oauth2_code::token_error)?;
        let raw =
            answer.extra_fields().id_token.clone().ok_or_else(|| {
                UpstreamError::InvalidToken("the answer carries no ID token".into())
            })?;
        let token = answer.access_token();
        let id_token: UpstreamIdToken = match raw.parse() {
            Ok(parsed) => parsed,
            Err(e) => {
                let claims = self.schemeless(&raw, &discovered, finish)?.ok_or_else(|| {
                    UpstreamError::InvalidToken(format!("the ID token is malformed: {e}"))
                })?;
                return self.verified(&client, token, claims, &discovered).await;
            }
        };
        let claims = match self.check_token(&id_token, &discovered, finish) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // A key we have not seen: the provider may have rotated. Fetch once more.
                let fresh = self.refresh_keys(&discovered).await?;
                self.check_token(&id_token, &fresh, finish)
            }
            other => other,
        }
        .map_err(|e| UpstreamError::InvalidToken(error_chain(&e)))?;
        self.verified(&client, token, claims, &discovered).await
    }

    /// Google's scheme-less issuer, which openidconnect cannot parse (see `schemeless.rs`).
    fn schemeless(
        &self,
        raw: &str,
        discovered: &Discovered,
        finish: &Finish<'_>,
    ) -> Result<Option<UpstreamClaims>, UpstreamError> {
        if !matches!(self.rule, IssuerRule::ExactOrSchemeless) {
            return Ok(None);
        }
        let algs = asymmetric_algs(&discovered.metadata);
        let expected = super::schemeless::Expected {
            issuer: discovered.metadata.issuer().as_str(),
            client_id: &self.client_id,
            nonce: finish.nonce,
            now: finish.now,
            skew: CLOCK_SKEW_SECS,
            algs: &algs,
        };
        super::schemeless::verify(raw, &discovered.jwks, &expected)
            .map_err(UpstreamError::InvalidToken)
    }

    /// The claims passed every check: the issuer rule, then userinfo.
    async fn verified(
        &self,
        client: &CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        token: &openidconnect::AccessToken,
        claims: UpstreamClaims,
        discovered: &Discovered,
    ) -> Result<Verified, UpstreamError> {
        let issuer = discovered.metadata.issuer().as_str().to_string();
        self.check_issuer(&claims, &issuer)?;
        // The account link is keyed by `sub`: an empty one would make every such token the
        // same person (openidconnect accepts `""`; the fuzzer found it). OpenID Connect Core
        // §2: required, at most 255 ASCII characters.
        let sub = claims.subject().as_str();
        if sub.trim().is_empty() || sub.len() > MAX_SUBJECT_LEN {
            return Err(UpstreamError::InvalidToken(format!(
                "the ID token's “sub” must be 1 to {MAX_SUBJECT_LEN} characters"
            )));
        }
        let userinfo = self.userinfo(client, token, claims.subject().clone()).await;
        Ok(Verified {
            claims,
            issuer,
            userinfo,
        })
    }

    fn check_token(
        &self,
        id_token: &UpstreamIdToken,
        discovered: &Discovered,
        finish: &Finish<'_>,
    ) -> Result<UpstreamClaims, ClaimsVerificationError> {
        let now = finish.now;
        let issuer = IssuerUrl::new(discovered.metadata.issuer().as_str().to_string())
            .map_err(|e| ClaimsVerificationError::Other(e.to_string()))?;
        let verifier: IdTokenVerifier<'_, _> = IdTokenVerifier::new_public_client(
            ClientId::new(self.client_id.clone()),
            issuer,
            discovered.jwks.clone(),
        )
        // Public-key signatures only: an HMAC "signed" with our client secret would be a
        // token anyone holding the secret (a leaked config) could forge.
        .set_allowed_algs(asymmetric_algs(&discovered.metadata))
        .require_issuer_match(matches!(self.rule, IssuerRule::Exact))
        .set_time_fn(move || {
            chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0).unwrap_or_default()
        })
        .set_issue_time_verifier_fn(move |iat| {
            if iat.timestamp() > now + CLOCK_SKEW_SECS {
                Err("the ID token was issued in the future".into())
            } else {
                Ok(())
            }
        });
        id_token
            .claims(&verifier, &Nonce::new(finish.nonce.to_string()))
            .cloned()
    }

    fn check_issuer(&self, claims: &UpstreamClaims, issuer: &str) -> Result<(), UpstreamError> {
        let iss = claims.issuer().as_str();
        let accepted = match self.rule {
            IssuerRule::Exact => true, // openidconnect checked it
            IssuerRule::ExactOrSchemeless => {
                let bare = issuer
                    .trim_start_matches("https://")
                    .trim_start_matches("http://");
                iss == issuer || iss == bare
            }
            IssuerRule::TenantTemplate => {
                let tid = claims.additional_claims().tid.as_deref().ok_or_else(|| {
                    UpstreamError::InvalidToken("the token names no tenant (“tid”)".into())
                })?;
                if !super::provider::is_tenant_id(tid) {
                    return Err(UpstreamError::InvalidToken(
                        "the token's “tid” is not a tenant id".into(),
                    ));
                }
                iss == issuer.replace("{tenantid}", tid)
            }
        };
        if accepted {
            Ok(())
        } else {
            Err(UpstreamError::InvalidToken(format!(
                "the token's issuer “{iss}” is not “{issuer}”"
            )))
        }
    }

    /// The userinfo answer, when the provider has the endpoint. A failure here does not
    /// fail the sign-in: the ID token already says who signed in.
    async fn userinfo(
        &self,
        client: &CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        token: &openidconnect::AccessToken,
        subject: SubjectIdentifier,
    ) -> Option<openidconnect::core::CoreUserInfoClaims> {
        let request = client.user_info(token.clone(), Some(subject)).ok()?;
        match request.request_async(&self.http).await {
            Ok(claims) => Some(claims),
            Err(e) => {
                tracing::warn!(provider = %self.provider_id, error = %error_chain(&e), "the userinfo request failed; using the ID token alone");
                None
            }
        }
    }

    /// The console's Test: a fresh discovery (not the cache) and what it says.
    pub async fn describe(&self) -> Result<String, UpstreamError> {
        let found = self.fetch().await?;
        let m = &found.metadata;
        Ok(format!(
            "issuer {}; authorization endpoint {}; token endpoint {}; userinfo endpoint {}; {} signing key(s)",
            m.issuer().as_str(),
            m.authorization_endpoint().as_str(),
            m.token_endpoint().map(|u| u.as_str()).unwrap_or("none"),
            m.userinfo_endpoint().map(|u| u.as_str()).unwrap_or("none"),
            found.jwks.keys().len()
        ))
    }
}

/// The algorithms the provider announces, less HMAC and `none`; RS256 when it names none.
fn asymmetric_algs(metadata: &CoreProviderMetadata) -> Vec<CoreJwsSigningAlgorithm> {
    use CoreJwsSigningAlgorithm as A;
    let algs: Vec<_> = metadata
        .id_token_signing_alg_values_supported()
        .iter()
        .filter(|alg| !matches!(alg, A::HmacSha256 | A::HmacSha384 | A::HmacSha512 | A::None))
        .cloned()
        .collect();
    if algs.is_empty() {
        vec![A::RsaSsaPkcs1V15Sha256]
    } else {
        algs
    }
}

/// An identity from verified claims, filling gaps from userinfo when it has the same subject.
pub fn identity_from(
    provider: &str,
    subject: String,
    verified: &Verified,
    email_verified_override: Option<bool>,
) -> UpstreamIdentity {
    let claims = &verified.claims;
    let info = verified.userinfo.as_ref().map(|u| u.standard_claims());
    let email = claims
        .email()
        .map(|e| e.as_str().to_string())
        .or_else(|| info.and_then(|i| i.email()).map(|e| e.as_str().to_string()));
    let email_verified = email_verified_override.unwrap_or_else(|| {
        claims
            .email_verified()
            .or_else(|| info.and_then(|i| i.email_verified()))
            .unwrap_or(false)
    });
    let given_name = claims
        .given_name()
        .and_then(|n| n.get(None))
        .or_else(|| info.and_then(|i| i.given_name()).and_then(|n| n.get(None)))
        .map(|n| n.as_str().to_string());
    let family_name = claims
        .family_name()
        .and_then(|n| n.get(None))
        .or_else(|| info.and_then(|i| i.family_name()).and_then(|n| n.get(None)))
        .map(|n| n.as_str().to_string());
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .or_else(|| info.and_then(|i| i.name()).and_then(|n| n.get(None)))
        .map(|n| n.as_str().to_string());
    let picture = claims
        .picture()
        .and_then(|n| n.get(None))
        .or_else(|| info.and_then(|i| i.picture()).and_then(|n| n.get(None)))
        .map(|n| n.as_str().to_string());
    UpstreamIdentity {
        provider: provider.to_string(),
        subject,
        email: super::non_empty(email),
        email_verified,
        given_name: given_name.unwrap_or_default(),
        family_name: family_name.unwrap_or_default(),
        name: name.unwrap_or_default(),
        picture: super::non_empty(picture),
        upstream_amr: claims
            .auth_method_refs()
            .map(|amr| amr.iter().map(|m| m.as_str().to_string()).collect())
            .unwrap_or_default(),
    }
}

/// The generic OpenID Connect provider (Okta, Auth0, Keycloak, another Gatehouse…): exact
/// issuer, subject = `sub`.
pub struct GenericOidc {
    pub inner: OidcUpstream,
}

impl GenericOidc {
    pub fn new(config: &super::ProviderConfig, http: UpstreamHttp) -> Self {
        // validate() insists an OIDC provider names its issuer.
        let issuer = config
            .endpoints
            .issuer
            .clone()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        Self {
            inner: OidcUpstream::new(
                &config.id,
                &config.client_id,
                config.client_secret.clone(),
                OidcUpstream::discovery_url_of(&issuer),
                ExpectedIssuer::Exactly(issuer),
                config.effective_scopes(),
                IssuerRule::Exact,
                http,
            )
            .with_userinfo_url(config.endpoints.userinfo_url.clone()),
        }
    }
}

impl Upstream for GenericOidc {
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

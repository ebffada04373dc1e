//! The plain OAuth 2.0 authorization-code client that Facebook and X share: the
//! authorization URL (state, PKCE S256, scopes), the code exchange with the verifier, and an
//! authenticated JSON GET for the profile. Neither provider issues an ID token, so who signed
//! in is whatever their profile API says for the access token.

use oauth2::basic::{BasicClient, BasicTokenResponse};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ErrorResponseType, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardErrorResponse, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};

use super::http::{HttpError, UpstreamHttp};
use super::{Finish, Start, UpstreamError};

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy)]
pub enum ClientAuth {
    /// `Authorization: Basic` (X requires it).
    Basic,
    /// `client_id` and `client_secret` in the form (Facebook's documented way).
    Body,
}

pub struct CodeClient {
    pub provider_id: String,
    client_id: String,
    client_secret: SecretString,
    auth_url: String,
    token_url: String,
    auth: ClientAuth,
    scopes: Vec<String>,
    pub http: UpstreamHttp,
}

impl CodeClient {
    #[allow(clippy::too_many_arguments)] // one constructor, called by two providers
    pub fn new(
        provider_id: &str,
        client_id: &str,
        client_secret: SecretString,
        auth_url: String,
        token_url: String,
        auth: ClientAuth,
        scopes: Vec<String>,
        http: UpstreamHttp,
    ) -> Self {
        Self {
            provider_id: provider_id.to_string(),
            client_id: client_id.to_string(),
            client_secret,
            auth_url,
            token_url,
            auth,
            scopes,
            http,
        }
    }

    fn client(&self, redirect_uri: &str) -> Result<Client, UpstreamError> {
        let misconfigured = |what: &str, e: url::ParseError| {
            UpstreamError::Misconfigured(format!("the {what} URL: {e}"))
        };
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(
                self.client_secret.expose_secret().to_string(),
            ))
            .set_auth_uri(
                AuthUrl::new(self.auth_url.clone())
                    .map_err(|e| misconfigured("authorization", e))?,
            )
            .set_token_uri(
                TokenUrl::new(self.token_url.clone()).map_err(|e| misconfigured("token", e))?,
            )
            .set_redirect_uri(
                RedirectUrl::new(redirect_uri.to_string())
                    .map_err(|e| misconfigured("callback", e))?,
            );
        Ok(match self.auth {
            ClientAuth::Basic => client.set_auth_type(AuthType::BasicAuth),
            ClientAuth::Body => client.set_auth_type(AuthType::RequestBody),
        })
    }

    /// The authorization URL with state, PKCE S256, the scopes and any provider-specific
    /// parameters.
    pub fn authorization_url(
        &self,
        start: &Start<'_>,
        extra: &[(&str, &str)],
    ) -> Result<url::Url, UpstreamError> {
        let client = self.client(start.redirect_uri)?;
        let state = start.state.to_string();
        let mut request = client
            .authorize_url(move || CsrfToken::new(state))
            .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(
                &PkceCodeVerifier::new(start.pkce_verifier.to_string()),
            ));
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        for (name, value) in extra {
            request = request.add_extra_param(*name, *value);
        }
        let (url, _) = request.url();
        Ok(url)
    }

    /// Exchanges the code (with the PKCE verifier) for an access token.
    pub async fn exchange(&self, finish: &Finish<'_>) -> Result<SecretString, UpstreamError> {
        let client = self.client(finish.redirect_uri)?;
        let token: BasicTokenResponse = client
            .exchange_code(AuthorizationCode::new(finish.code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(finish.pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        Ok(SecretString::from(token.access_token().secret().clone()))
    }

    /// GET `url` with the access token as a bearer token; the JSON body of a 2xx answer.
    pub async fn get_json(
        &self,
        url: &url::Url,
        access_token: &SecretString,
    ) -> Result<serde_json::Value, UpstreamError> {
        let request = http::Request::builder()
            .uri(url.as_str())
            .header(http::header::ACCEPT, "application/json")
            .header(
                http::header::AUTHORIZATION,
                format!("Bearer {}", access_token.expose_secret()),
            )
            .body(Vec::new())
            .map_err(|e| UpstreamError::Misconfigured(e.to_string()))?;
        let answer = self
            .http
            .send(request)
            .await
            .map_err(UpstreamError::from_http)?;
        if !answer.status().is_success() {
            return Err(UpstreamError::Profile(format!(
                "the profile request answered {}",
                answer.status()
            )));
        }
        serde_json::from_slice(answer.body())
            .map_err(|e| UpstreamError::Profile(format!("the profile answer is not JSON: {e}")))
    }
}

/// A failed code exchange, with the provider's OAuth error code when it sent one (the
/// description is left out: it is the provider's free text).
pub fn token_error<T: ErrorResponseType + std::fmt::Display>(
    error: RequestTokenError<HttpError, StandardErrorResponse<T>>,
) -> UpstreamError {
    match error {
        RequestTokenError::ServerResponse(answer) => {
            UpstreamError::Refused(answer.error().to_string())
        }
        RequestTokenError::Request(http) => UpstreamError::from_http(http),
        RequestTokenError::Parse(e, _) => {
            UpstreamError::Unreachable(format!("the token answer could not be read: {e}"))
        }
        RequestTokenError::Other(message) => UpstreamError::Unreachable(message),
    }
}

/// A string field of a JSON object, trimmed, `None` when absent or blank.
/// The person's id at `pointer`: non-empty and at most 255 characters (the bound OpenID
/// Connect sets for `sub`; a profile answer is capped at a megabyte, an account key is not).
pub fn subject(value: &serde_json::Value, pointer: &str) -> Option<String> {
    text(value, pointer).filter(|id| id.len() <= 255)
}

pub fn text(value: &serde_json::Value, pointer: &str) -> Option<String> {
    super::non_empty(
        value
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .map(str::to_string),
    )
}

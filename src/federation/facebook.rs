//! Facebook Login: the OAuth 2.0 code flow with PKCE, then the Graph API's
//! `/me?fields=id,first_name,last_name,name,email,picture` with `appsecret_proof` (an
//! HMAC-SHA256 of the access token under the app secret, so a stolen token is useless without
//! the secret). The subject is the app-scoped user id. Facebook returns only confirmed
//! addresses, so an e-mail it sends counts as verified by the provider; whether Gatehouse
//! believes that is the provider's `trust_email`.

use aws_lc_rs::hmac;
use secrecy::{ExposeSecret, SecretString};

use super::http::UpstreamHttp;
use super::oauth2_code::{ClientAuth, CodeClient, subject, text};
use super::{BoxFuture, Finish, ProviderConfig, Start, Upstream, UpstreamError, UpstreamIdentity};

/// The Graph API version used unless the provider names one.
pub const GRAPH_VERSION: &str = "v23.0";
pub const GRAPH_URL: &str = "https://graph.facebook.com";
const PROFILE_FIELDS: &str = "id,first_name,last_name,name,email,picture";

pub struct Facebook {
    code: CodeClient,
    app_secret: SecretString,
    me_url: String,
}

impl Facebook {
    pub fn new(config: &ProviderConfig, http: UpstreamHttp) -> Self {
        let endpoints = &config.endpoints;
        let version = endpoints
            .graph_version
            .clone()
            .unwrap_or_else(|| GRAPH_VERSION.to_string());
        let graph = endpoints
            .graph_url
            .clone()
            .unwrap_or_else(|| GRAPH_URL.to_string());
        let graph = graph.trim_end_matches('/');
        let auth_url = endpoints
            .auth_url
            .clone()
            .unwrap_or_else(|| format!("https://www.facebook.com/{version}/dialog/oauth"));
        let token_url = endpoints
            .token_url
            .clone()
            .unwrap_or_else(|| format!("{graph}/{version}/oauth/access_token"));
        Self {
            code: CodeClient::new(
                &config.id,
                &config.client_id,
                config.client_secret.clone(),
                auth_url,
                token_url,
                ClientAuth::Body,
                config.effective_scopes(),
                http,
            ),
            app_secret: config.client_secret.clone(),
            me_url: format!("{graph}/{version}/me"),
        }
    }

    /// `appsecret_proof`: lowercase hex HMAC-SHA256(app secret, access token).
    fn proof(&self, access_token: &SecretString) -> String {
        let key = hmac::Key::new(
            hmac::HMAC_SHA256,
            self.app_secret.expose_secret().as_bytes(),
        );
        let tag = hmac::sign(&key, access_token.expose_secret().as_bytes());
        tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }

    async fn profile(&self, finish: &Finish<'_>) -> Result<UpstreamIdentity, UpstreamError> {
        let token = self.code.exchange(finish).await?;
        let mut url = url::Url::parse(&self.me_url)
            .map_err(|e| UpstreamError::Misconfigured(format!("the Graph URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("fields", PROFILE_FIELDS)
            .append_pair("appsecret_proof", &self.proof(&token));
        let me = self.code.get_json(&url, &token).await?;
        identity_from_graph(&self.code.provider_id, &me)
    }
}

/// The identity in a Graph `/me` answer.
fn identity_from_graph(
    provider: &str,
    me: &serde_json::Value,
) -> Result<UpstreamIdentity, UpstreamError> {
    let subject = subject(me, "/id")
        .ok_or_else(|| UpstreamError::Profile("the Graph answer carries no “id”".into()))?;
    let email = text(me, "/email");
    Ok(UpstreamIdentity {
        provider: provider.to_string(),
        subject,
        email_verified: email.is_some(),
        email,
        given_name: text(me, "/first_name").unwrap_or_default(),
        family_name: text(me, "/last_name").unwrap_or_default(),
        name: text(me, "/name").unwrap_or_default(),
        picture: text(me, "/picture/data/url"),
        upstream_amr: Vec::new(),
    })
}

impl Upstream for Facebook {
    fn authorization_url<'a>(
        &'a self,
        start: &'a Start<'a>,
    ) -> BoxFuture<'a, Result<url::Url, UpstreamError>> {
        Box::pin(async move {
            // Facebook has no `prompt` or `max_age`; `auth_type=reauthenticate` asks for the
            // password again, which is what both mean here.
            let again: &[(&str, &str)] = if start.prompt_login || start.max_age.is_some() {
                &[("auth_type", "reauthenticate")]
            } else {
                &[]
            };
            self.code.authorization_url(start, again)
        })
    }

    fn finish<'a>(
        &'a self,
        finish: &'a Finish<'a>,
    ) -> BoxFuture<'a, Result<UpstreamIdentity, UpstreamError>> {
        Box::pin(self.profile(finish))
    }

    fn check(&self) -> BoxFuture<'_, Result<String, UpstreamError>> {
        Box::pin(async move {
            // Facebook publishes no metadata; an unauthenticated Graph call proves the
            // address answers like the Graph API (an OAuthException about the missing token).
            let url = url::Url::parse(&self.me_url)
                .map_err(|e| UpstreamError::Misconfigured(format!("the Graph URL: {e}")))?;
            let request = http::Request::builder()
                .uri(url.as_str())
                .body(Vec::new())
                .map_err(|e| UpstreamError::Misconfigured(e.to_string()))?;
            let answer = self
                .code
                .http
                .send(request)
                .await
                .map_err(UpstreamError::from_http)?;
            let body: serde_json::Value = serde_json::from_slice(answer.body()).map_err(|_| {
                UpstreamError::Misconfigured(format!(
                    "{} did not answer like the Graph API (status {})",
                    self.me_url,
                    answer.status()
                ))
            })?;
            match text(&body, "/error/type") {
                Some(kind) => Ok(format!(
                    "the Graph API at {} answers (without a token: {kind}, as expected)",
                    self.me_url
                )),
                None => Err(UpstreamError::Misconfigured(format!(
                    "{} did not answer like the Graph API",
                    self.me_url
                ))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graph_answer_becomes_an_identity() {
        let me = serde_json::json!({
            "id": "10158", "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace",
            "email": "ada@example.com", "picture": {"data": {"url": "https://x.test/a.png"}}
        });
        let identity = identity_from_graph("facebook", &me).unwrap();
        assert_eq!(identity.subject, "10158");
        assert!(identity.email_verified);
        assert_eq!(identity.picture.as_deref(), Some("https://x.test/a.png"));
        let no_email = serde_json::json!({"id": "7", "name": "N"});
        let identity = identity_from_graph("facebook", &no_email).unwrap();
        assert_eq!(identity.email, None);
        assert!(!identity.email_verified);
        assert!(identity_from_graph("facebook", &serde_json::json!({"name": "x"})).is_err());
    }
}

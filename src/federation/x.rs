//! X (Twitter): OAuth 2.0 authorization code with PKCE as a confidential client (Basic
//! authentication at the token endpoint, the only way X accepts), scopes
//! `users.read tweet.read`, then `GET /2/users/me`. X gives no e-mail address; the subject is
//! the numeric user id (the handle can be changed and taken by someone else).

use super::http::UpstreamHttp;
use super::oauth2_code::{ClientAuth, CodeClient, subject, text};
use super::{BoxFuture, Finish, ProviderConfig, Start, Upstream, UpstreamError, UpstreamIdentity};

pub const AUTH_URL: &str = "https://x.com/i/oauth2/authorize";
pub const TOKEN_URL: &str = "https://api.x.com/2/oauth2/token";
pub const API_URL: &str = "https://api.x.com";

pub struct X {
    code: CodeClient,
    me_url: String,
    token_url: String,
}

impl X {
    pub fn new(config: &ProviderConfig, http: UpstreamHttp) -> Self {
        let endpoints = &config.endpoints;
        let api = endpoints
            .api_url
            .clone()
            .unwrap_or_else(|| API_URL.to_string());
        let token_url = endpoints
            .token_url
            .clone()
            .unwrap_or_else(|| TOKEN_URL.to_string());
        Self {
            code: CodeClient::new(
                &config.id,
                &config.client_id,
                config.client_secret.clone(),
                endpoints
                    .auth_url
                    .clone()
                    .unwrap_or_else(|| AUTH_URL.to_string()),
                token_url.clone(),
                ClientAuth::Basic,
                config.effective_scopes(),
                http,
            ),
            me_url: format!(
                "{}/2/users/me?user.fields=profile_image_url",
                api.trim_end_matches('/')
            ),
            token_url,
        }
    }

    async fn profile(&self, finish: &Finish<'_>) -> Result<UpstreamIdentity, UpstreamError> {
        let token = self.code.exchange(finish).await?;
        let url = url::Url::parse(&self.me_url)
            .map_err(|e| UpstreamError::Misconfigured(format!("the API URL: {e}")))?;
        let me = self.code.get_json(&url, &token).await?;
        identity_from_me(&self.code.provider_id, &me)
    }
}

/// The identity in a `/2/users/me` answer.
fn identity_from_me(
    provider: &str,
    me: &serde_json::Value,
) -> Result<UpstreamIdentity, UpstreamError> {
    let subject = subject(me, "/data/id")
        .ok_or_else(|| UpstreamError::Profile("the X answer carries no user id".into()))?;
    Ok(UpstreamIdentity {
        provider: provider.to_string(),
        subject,
        email: None,
        email_verified: false,
        given_name: String::new(),
        family_name: String::new(),
        name: text(me, "/data/name")
            .or_else(|| text(me, "/data/username"))
            .unwrap_or_default(),
        picture: text(me, "/data/profile_image_url"),
        upstream_amr: Vec::new(),
    })
}

impl Upstream for X {
    fn authorization_url<'a>(
        &'a self,
        start: &'a Start<'a>,
    ) -> BoxFuture<'a, Result<url::Url, UpstreamError>> {
        // X has no re-authentication parameter: a `prompt=login` request is answered by
        // whatever session the person has at X.
        Box::pin(async move { self.code.authorization_url(start, &[]) })
    }

    fn finish<'a>(
        &'a self,
        finish: &'a Finish<'a>,
    ) -> BoxFuture<'a, Result<UpstreamIdentity, UpstreamError>> {
        Box::pin(self.profile(finish))
    }

    fn check(&self) -> BoxFuture<'_, Result<String, UpstreamError>> {
        Box::pin(async move {
            // X publishes no metadata; an unauthenticated token request must be refused in
            // OAuth's shape, which proves the address is an OAuth token endpoint.
            let request = http::Request::builder()
                .method(http::Method::POST)
                .uri(&self.token_url)
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(b"grant_type=authorization_code".to_vec())
                .map_err(|e| UpstreamError::Misconfigured(e.to_string()))?;
            let answer = self
                .code
                .http
                .send(request)
                .await
                .map_err(UpstreamError::from_http)?;
            let body: serde_json::Value = serde_json::from_slice(answer.body()).unwrap_or_default();
            match text(&body, "/error") {
                Some(error) => Ok(format!(
                    "the token endpoint {} answers (without credentials: {error}, as expected)",
                    self.token_url
                )),
                None => Err(UpstreamError::Misconfigured(format!(
                    "{} did not answer like an OAuth token endpoint (status {})",
                    self.token_url,
                    answer.status()
                ))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_me_answer_becomes_an_identity_without_email() {
        let me = serde_json::json!({"data": {"id": "2244994945", "name": "X Dev",
            "username": "XDevelopers", "profile_image_url": "https://pbs.test/p.jpg"}});
        let identity = identity_from_me("x", &me).unwrap();
        assert_eq!(identity.subject, "2244994945");
        assert_eq!(identity.name, "X Dev");
        assert_eq!(identity.email, None);
        assert!(identity_from_me("x", &serde_json::json!({"errors": []})).is_err());
    }
}

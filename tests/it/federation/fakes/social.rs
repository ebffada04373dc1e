//! Fake Facebook (dialog, token endpoint, Graph `/me` checking `appsecret_proof`) and fake X
//! (authorize, token endpoint taking Basic authentication only, `/2/users/me`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    Serving, basic_credentials, bearer, challenge_of, new_code, pairs, redirect_back, serve,
};

pub const APP_ID: &str = "fake-app-id";
pub const APP_SECRET: &str = "fake-app-secret";

/// A person at the fake: what the profile API answers for them.
#[derive(Debug, Clone)]
pub struct SocialUser {
    pub profile: Value,
}

struct Issued {
    user: SocialUser,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct Inner {
    users: Vec<SocialUser>,
    codes: HashMap<String, Issued>,
    tokens: HashMap<String, SocialUser>,
    deny_next: bool,
    last_authorize: Option<HashMap<String, String>>,
    /// The query of the last profile request.
    last_profile: Option<HashMap<String, String>>,
    profile_refusals: usize,
}

type Shared = Arc<Mutex<Inner>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Facebook,
    X,
}

pub struct FakeSocial {
    inner: Shared,
    base: String,
    _serving: Serving,
}

impl FakeSocial {
    pub async fn facebook() -> Self {
        Self::start(Kind::Facebook).await
    }

    pub async fn x() -> Self {
        Self::start(Kind::X).await
    }

    async fn start(kind: Kind) -> Self {
        let inner: Shared = Arc::new(Mutex::new(Inner::default()));
        let router = axum::Router::new()
            .fallback(move |state, method, uri, headers, body| {
                handle(kind, state, method, uri, headers, body)
            })
            .with_state(inner.clone());
        let (base, serving) = serve(router).await;
        Self {
            inner,
            base,
            _serving: serving,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Adds a person; the most recent one signs in next.
    pub fn add_user(&self, profile: Value) {
        self.inner
            .lock()
            .unwrap()
            .users
            .push(SocialUser { profile });
    }

    pub fn deny_next(&self) {
        self.inner.lock().unwrap().deny_next = true;
    }

    pub fn last_authorize(&self) -> HashMap<String, String> {
        self.inner
            .lock()
            .unwrap()
            .last_authorize
            .clone()
            .expect("an authorization")
    }

    pub fn last_profile_query(&self) -> HashMap<String, String> {
        self.inner
            .lock()
            .unwrap()
            .last_profile
            .clone()
            .expect("a profile request")
    }

    /// Profile requests refused (a wrong `appsecret_proof`, a missing token).
    pub fn profile_refusals(&self) -> usize {
        self.inner.lock().unwrap().profile_refusals
    }
}

async fn handle(
    kind: Kind,
    State(inner): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query = pairs(uri.query().unwrap_or_default());
    let mut inner = inner.lock().unwrap();
    match kind {
        Kind::Facebook if path.ends_with("/dialog/oauth") => authorize(&mut inner, query, None),
        Kind::X if path == "/i/oauth2/authorize" => {
            authorize(&mut inner, query, Some("users.read"))
        }
        Kind::Facebook if path.ends_with("/oauth/access_token") => {
            let mut form = pairs(&String::from_utf8_lossy(&body));
            form.extend(query);
            // Facebook takes the app secret in the body.
            let client = form
                .get("client_id")
                .cloned()
                .zip(form.get("client_secret").cloned());
            token(&mut inner, client, &form)
        }
        Kind::X if path == "/2/oauth2/token" && method == Method::POST => {
            let form = pairs(&String::from_utf8_lossy(&body));
            if form.contains_key("client_secret") {
                return super::json(401, json!({ "error": "unauthorized_client" }));
            }
            token(&mut inner, basic_credentials(&headers), &form)
        }
        Kind::Facebook if path.ends_with("/me") => {
            inner.last_profile = Some(query.clone());
            let token = bearer(&headers).or_else(|| query.get("access_token").cloned());
            let user = token.as_ref().and_then(|t| inner.tokens.get(t).cloned());
            let proof_ok = token.as_ref().is_some_and(|t| {
                query.get("appsecret_proof").map(String::as_str) == Some(proof(t).as_str())
            });
            match user.filter(|_| proof_ok) {
                Some(user) => super::json(200, user.profile),
                None => {
                    inner.profile_refusals += 1;
                    super::json(
                        400,
                        json!({ "error": { "message": "Invalid appsecret_proof or token", "type": "OAuthException", "code": 190 } }),
                    )
                }
            }
        }
        Kind::X if path == "/2/users/me" => {
            inner.last_profile = Some(query);
            match bearer(&headers).and_then(|t| inner.tokens.get(&t).cloned()) {
                Some(user) => super::json(200, user.profile),
                None => {
                    inner.profile_refusals += 1;
                    super::json(401, json!({ "title": "Unauthorized", "status": 401 }))
                }
            }
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Lowercase hex HMAC-SHA256 of the token under the app secret.
pub fn proof(token: &str) -> String {
    use aws_lc_rs::hmac;
    let key = hmac::Key::new(hmac::HMAC_SHA256, APP_SECRET.as_bytes());
    hmac::sign(&key, token.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn authorize(
    inner: &mut Inner,
    query: HashMap<String, String>,
    needed_scope: Option<&str>,
) -> Response {
    inner.last_authorize = Some(query.clone());
    let (Some(redirect_uri), Some(state)) = (query.get("redirect_uri"), query.get("state")) else {
        return (StatusCode::BAD_REQUEST, "redirect_uri and state required").into_response();
    };
    let scope_ok = needed_scope.is_none_or(|s| {
        query
            .get("scope")
            .is_some_and(|scopes| scopes.split(' ').any(|x| x == s))
    });
    if query.get("client_id").map(String::as_str) != Some(APP_ID)
        || query.get("code_challenge_method").map(String::as_str) != Some("S256")
        || !scope_ok
    {
        return redirect_back(
            redirect_uri,
            &[("error", "invalid_request"), ("state", state)],
        );
    }
    if std::mem::take(&mut inner.deny_next) {
        return redirect_back(
            redirect_uri,
            &[("error", "access_denied"), ("state", state)],
        );
    }
    let user = inner.users.last().cloned().expect("a user at the fake");
    let code = new_code();
    inner.codes.insert(
        code.clone(),
        Issued {
            user,
            challenge: query.get("code_challenge").cloned().unwrap_or_default(),
            redirect_uri: redirect_uri.clone(),
        },
    );
    redirect_back(redirect_uri, &[("code", &code), ("state", state)])
}

fn token(
    inner: &mut Inner,
    client: Option<(String, String)>,
    form: &HashMap<String, String>,
) -> Response {
    if client != Some((APP_ID.to_string(), APP_SECRET.to_string())) {
        return super::json(401, json!({ "error": "invalid_client" }));
    }
    let Some(issued) = form.get("code").and_then(|c| inner.codes.remove(c)) else {
        return super::json(400, json!({ "error": "invalid_grant" }));
    };
    if form.get("redirect_uri") != Some(&issued.redirect_uri)
        || form.get("code_verifier").map(|v| challenge_of(v)) != Some(issued.challenge.clone())
    {
        return super::json(400, json!({ "error": "invalid_grant" }));
    }
    let access_token = new_code();
    inner.tokens.insert(access_token.clone(), issued.user);
    super::json(
        200,
        json!({ "access_token": access_token, "token_type": "bearer", "expires_in": 3600 }),
    )
}

//! A fake OpenID provider issuing really signed RS256 ID tokens: Google, Entra ID and generic
//! OIDC in the tests. `Mode::Entra` serves Microsoft's layout (discovery per tenant segment,
//! the `{tenantid}` issuer template for `common`/`organizations`/`consumers`, keys without
//! `alg`, `tid`/`oid` claims). `/authorize` answers at once with a redirect (there is no
//! login page): the person who "signs in" is the next user chosen by the test.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use gatehouse::crypto::jwt;
use gatehouse::crypto::keys::{SigningAlg, SigningKey};
use gatehouse::crypto::token::b64url;
use serde_json::{Value, json};

use super::{
    Clock, Serving, basic_credentials, bearer, challenge_of, new_code, pairs, redirect_back, serve,
};

pub const CLIENT_ID: &str = "gatehouse-at-fake";
pub const CLIENT_SECRET: &str = "fake-client-secret";
/// The tenant of Entra users unless a test says otherwise.
pub const HOME_TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const OTHER_TENANT: &str = "0b7e4b8a-6f1e-4f6e-9c55-5d2b3c9a1e10";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    Entra,
}

/// Ways the next token answers go wrong, until cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misbehaviour {
    WrongIssuer,
    SchemelessIssuer,
    WrongAudience,
    ExtraAudience,
    BadNonce,
    NoNonce,
    Expired,
    IssuedInFuture,
    UnknownKid,
    BadSignature,
    AlgNone,
    Hs256WithSecret,
    IssuerForOtherTenant,
    TokenError(String),
    TokenStatus(u16),
    SlowToken(u64),
    HugeToken,
    RedirectToken,
    NoIdToken,
    /// `"sub": ""` (the fuzzer found it accepted) and a 256-character `sub`.
    EmptySubject,
    LongSubject,
}

#[derive(Debug, Clone, Default)]
pub struct FakeUser {
    pub sub: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub given_name: String,
    pub family_name: String,
    pub amr: Vec<String>,
    /// Entra: the account's tenant and object id.
    pub tid: Option<String>,
    pub oid: Option<String>,
}

impl FakeUser {
    pub fn new(sub: &str, email: Option<&str>, verified: bool) -> Self {
        Self {
            sub: sub.into(),
            email: email.map(str::to_string),
            email_verified: verified,
            given_name: "Grace".into(),
            family_name: "Hopper".into(),
            amr: vec!["pwd".into()],
            tid: Some(HOME_TENANT.into()),
            oid: Some(format!("oid-{sub}")),
        }
    }
}

struct Issued {
    user: FakeUser,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

struct Inner {
    mode: Mode,
    base: String,
    signer: Arc<SigningKey>,
    published: Vec<Value>,
    users: Vec<FakeUser>,
    next: usize,
    codes: HashMap<String, Issued>,
    tokens: HashMap<String, FakeUser>,
    misbehaviour: Option<Misbehaviour>,
    /// A second one, combined with the first in the ID token.
    also: Option<Misbehaviour>,
    deny_next: bool,
    last_authorize: Option<HashMap<String, String>>,
    last_token_form: Option<HashMap<String, String>>,
    discovery_fetches: usize,
    jwks_fetches: usize,
    token_requests: usize,
    now: Clock,
}

type Shared = Arc<Mutex<Inner>>;

pub struct FakeOidc {
    inner: Shared,
    base: String,
    _serving: Serving,
}

fn key() -> (Arc<SigningKey>, Value) {
    let generated = SigningKey::generate(SigningAlg::RS256).expect("RSA key");
    let key = SigningKey::from_pkcs8(&generated.kid, SigningAlg::RS256, &generated.pkcs8)
        .expect("key loads");
    (Arc::new(key), generated.public_jwk)
}

impl FakeOidc {
    pub async fn start(mode: Mode, now: Clock) -> Self {
        let (signer, jwk) = key();
        let inner = Arc::new(Mutex::new(Inner {
            mode,
            base: String::new(),
            signer,
            published: vec![jwk],
            users: Vec::new(),
            next: 0,
            codes: HashMap::new(),
            tokens: HashMap::new(),
            misbehaviour: None,
            also: None,
            deny_next: false,
            last_authorize: None,
            last_token_form: None,
            discovery_fetches: 0,
            jwks_fetches: 0,
            token_requests: 0,
            now,
        }));
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(inner.clone());
        let (base, serving) = serve(router).await;
        inner.lock().unwrap().base = base.clone();
        Self {
            inner,
            base,
            _serving: serving,
        }
    }

    /// Answers as if it lived at `base` — a proxy in front of it, which a fault test can cut
    /// or make hang: the issuer, every endpoint and [`base_url`](Self::base_url) name `base`.
    pub fn behind(mut self, base: &str) -> Self {
        self.inner.lock().unwrap().base = base.to_string();
        self.base = base.to_string();
        self
    }

    /// `http://127.0.0.1:PORT`: the issuer in plain mode, the authority in Entra mode.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Adds a user; the most recently added one signs in next.
    pub fn add_user(&self, user: FakeUser) {
        let mut inner = self.inner.lock().unwrap();
        inner.users.push(user);
        inner.next = inner.users.len() - 1;
    }

    /// Changes a user in place (a new e-mail for the same subject, say).
    pub fn edit_user(&self, sub: &str, change: impl FnOnce(&mut FakeUser)) {
        let mut inner = self.inner.lock().unwrap();
        let user = inner
            .users
            .iter_mut()
            .find(|u| u.sub == sub)
            .expect("a known user");
        change(user);
    }

    pub fn misbehave(&self, how: Option<Misbehaviour>) {
        let mut inner = self.inner.lock().unwrap();
        inner.misbehaviour = how;
        inner.also = None;
    }

    /// Two faults in one ID token (a scheme-less issuer and a bad nonce, say).
    pub fn misbehave_twice(&self, first: Misbehaviour, second: Misbehaviour) {
        let mut inner = self.inner.lock().unwrap();
        inner.misbehaviour = Some(first);
        inner.also = Some(second);
    }

    /// The next authorization is refused as if the person pressed Cancel.
    pub fn deny_next(&self) {
        self.inner.lock().unwrap().deny_next = true;
    }

    /// A new signing key replaces the published ones (the provider rotated).
    pub fn rotate_key(&self) {
        let (signer, jwk) = key();
        let mut inner = self.inner.lock().unwrap();
        inner.signer = signer;
        inner.published = vec![jwk];
    }

    pub fn last_authorize(&self) -> HashMap<String, String> {
        self.inner
            .lock()
            .unwrap()
            .last_authorize
            .clone()
            .expect("an authorization request arrived")
    }

    pub fn last_token_form(&self) -> Option<HashMap<String, String>> {
        self.inner.lock().unwrap().last_token_form.clone()
    }

    /// (discovery documents, key sets, token requests) served so far.
    pub fn fetches(&self) -> (usize, usize, usize) {
        let inner = self.inner.lock().unwrap();
        (
            inner.discovery_fetches,
            inner.jwks_fetches,
            inner.token_requests,
        )
    }
}

async fn handle(
    State(inner): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = pairs(uri.query().unwrap_or_default());
    if path.ends_with("/.well-known/openid-configuration") {
        let prefix = path.trim_end_matches("/.well-known/openid-configuration");
        return discovery(&inner, prefix);
    }
    if path.ends_with("/authorize") {
        return authorize(&inner, query);
    }
    if path.ends_with("/token") && method == Method::POST {
        let form = pairs(&String::from_utf8_lossy(&body));
        return token(&inner, &headers, form).await;
    }
    if path.ends_with("/userinfo") {
        return userinfo(&inner, &headers);
    }
    if path.ends_with("/jwks") {
        let mut inner = inner.lock().unwrap();
        inner.jwks_fetches += 1;
        let mut keys = inner.published.clone();
        if inner.mode == Mode::Entra {
            for key in &mut keys {
                if let Some(k) = key.as_object_mut() {
                    k.remove("alg");
                }
            }
        }
        return super::json(200, json!({ "keys": keys }));
    }
    StatusCode::NOT_FOUND.into_response()
}

/// The discovery document. Plain: at the root. Entra: under `/{tenant}/v2.0`.
fn discovery(inner: &Shared, prefix: &str) -> Response {
    let mut inner = inner.lock().unwrap();
    inner.discovery_fetches += 1;
    let base = inner.base.clone();
    let (issuer, endpoints) = match inner.mode {
        Mode::Plain => (base.clone(), base.clone()),
        Mode::Entra => {
            let tenant = prefix
                .trim_start_matches('/')
                .trim_end_matches("/v2.0")
                .to_string();
            let issuer = if ["common", "organizations", "consumers"].contains(&tenant.as_str()) {
                format!("{base}/{{tenantid}}/v2.0")
            } else {
                format!("{base}/{tenant}/v2.0")
            };
            (issuer, format!("{base}/{tenant}/oauth2/v2.0"))
        }
    };
    super::json(
        200,
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{endpoints}/authorize"),
            "token_endpoint": format!("{endpoints}/token"),
            "userinfo_endpoint": format!("{base}/userinfo"),
            "jwks_uri": format!("{base}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }),
    )
}

fn authorize(inner: &Shared, query: HashMap<String, String>) -> Response {
    let mut inner = inner.lock().unwrap();
    inner.last_authorize = Some(query.clone());
    let (Some(redirect_uri), Some(state)) = (query.get("redirect_uri"), query.get("state")) else {
        return (StatusCode::BAD_REQUEST, "redirect_uri and state required").into_response();
    };
    let well_formed = query.get("client_id").map(String::as_str) == Some(CLIENT_ID)
        && query.get("response_type").map(String::as_str) == Some("code")
        && query.get("code_challenge_method").map(String::as_str) == Some("S256")
        && query.contains_key("code_challenge")
        && query.contains_key("nonce");
    if !well_formed {
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
    let user = inner.users[inner.next].clone();
    let code = new_code();
    inner.codes.insert(
        code.clone(),
        Issued {
            user,
            nonce: query["nonce"].clone(),
            challenge: query["code_challenge"].clone(),
            redirect_uri: redirect_uri.clone(),
        },
    );
    redirect_back(redirect_uri, &[("code", &code), ("state", state)])
}

async fn token(inner: &Shared, headers: &HeaderMap, form: HashMap<String, String>) -> Response {
    let slow = {
        let mut guard = inner.lock().unwrap();
        guard.token_requests += 1;
        guard.last_token_form = Some(form.clone());
        match guard.misbehaviour {
            Some(Misbehaviour::SlowToken(secs)) => Some(secs),
            _ => None,
        }
    };
    if let Some(secs) = slow {
        tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
    }
    let mut inner = inner.lock().unwrap();
    let error = |code: &str| super::json(400, json!({ "error": code }));
    let client = basic_credentials(headers).or_else(|| {
        Some((
            form.get("client_id")?.clone(),
            form.get("client_secret")?.clone(),
        ))
    });
    if client != Some((CLIENT_ID.to_string(), CLIENT_SECRET.to_string())) {
        return super::json(401, json!({ "error": "invalid_client" }));
    }
    match inner.misbehaviour.clone() {
        Some(Misbehaviour::TokenError(code)) => return error(&code),
        Some(Misbehaviour::TokenStatus(status)) => return super::json(status, json!({})),
        Some(Misbehaviour::RedirectToken) => {
            return (
                StatusCode::FOUND,
                [("location", "http://127.0.0.1:9/elsewhere")],
            )
                .into_response();
        }
        Some(Misbehaviour::HugeToken) => {
            return super::json(
                200,
                json!({ "access_token": "x".repeat(3 * 1024 * 1024), "token_type": "Bearer" }),
            );
        }
        _ => {}
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return error("unsupported_grant_type");
    }
    let Some(issued) = form.get("code").and_then(|c| inner.codes.remove(c)) else {
        return error("invalid_grant");
    };
    if form.get("redirect_uri") != Some(&issued.redirect_uri)
        || form.get("code_verifier").map(|v| challenge_of(v)) != Some(issued.challenge.clone())
    {
        return error("invalid_grant");
    }
    let access_token = new_code();
    inner
        .tokens
        .insert(access_token.clone(), issued.user.clone());
    let mut answer =
        json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": 300 });
    if inner.misbehaviour != Some(Misbehaviour::NoIdToken) {
        answer["id_token"] = json!(id_token(&inner, &issued));
    }
    super::json(200, answer)
}

fn id_token(inner: &Inner, issued: &Issued) -> String {
    use Misbehaviour as M;
    let now = (inner.now)();
    let hows: Vec<M> = [inner.misbehaviour.clone(), inner.also.clone()]
        .into_iter()
        .flatten()
        .collect();
    let user = &issued.user;
    let tid = user.tid.clone().unwrap_or_else(|| HOME_TENANT.into());
    let mut iss = match inner.mode {
        Mode::Plain => inner.base.clone(),
        Mode::Entra => format!("{}/{tid}/v2.0", inner.base),
    };
    for how in &hows {
        match how {
            M::WrongIssuer => iss = "https://evil.example".into(),
            M::SchemelessIssuer => iss = iss.trim_start_matches("http://").to_string(),
            M::IssuerForOtherTenant => iss = format!("{}/{OTHER_TENANT}/v2.0", inner.base),
            _ => {}
        }
    }
    let mut claims = json!({
        "iss": iss,
        "sub": user.sub,
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": issued.nonce,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "name": format!("{} {}", user.given_name, user.family_name),
        "amr": user.amr,
    });
    if let Some(email) = &user.email {
        claims["email"] = json!(email);
        claims["email_verified"] = json!(user.email_verified);
    }
    if inner.mode == Mode::Entra {
        claims["tid"] = json!(tid);
        claims["oid"] = json!(user.oid);
    }
    for how in &hows {
        match how {
            M::WrongAudience => claims["aud"] = json!("someone-else"),
            M::ExtraAudience => claims["aud"] = json!([CLIENT_ID, "someone-else"]),
            M::BadNonce => claims["nonce"] = json!("not-the-nonce"),
            M::NoNonce => {
                if let Some(c) = claims.as_object_mut() {
                    c.remove("nonce");
                }
            }
            M::Expired => {
                claims["iat"] = json!(now - 900);
                claims["exp"] = json!(now - 600);
            }
            M::IssuedInFuture => {
                claims["iat"] = json!(now + 3600);
                claims["exp"] = json!(now + 3900);
            }
            M::EmptySubject => claims["sub"] = json!(""),
            M::LongSubject => claims["sub"] = json!("s".repeat(256)),
            _ => {}
        }
    }
    let signing = hows.iter().find(|h| {
        matches!(
            h,
            M::UnknownKid | M::BadSignature | M::AlgNone | M::Hs256WithSecret
        )
    });
    match signing {
        Some(M::UnknownKid) => jwt::sign(&key().0, "JWT", &claims),
        Some(M::BadSignature) => {
            let token = jwt::sign(&inner.signer, "JWT", &claims);
            let (rest, signature) = token.rsplit_once('.').expect("three parts");
            let mut bytes = signature.as_bytes().to_vec();
            bytes[5] = if bytes[5] == b'A' { b'B' } else { b'A' };
            format!("{rest}.{}", String::from_utf8(bytes).expect("ascii"))
        }
        Some(M::AlgNone) => {
            let header = b64url(br#"{"alg":"none","typ":"JWT"}"#);
            let payload = b64url(claims.to_string().as_bytes());
            format!("{header}.{payload}.")
        }
        Some(M::Hs256WithSecret) => {
            use aws_lc_rs::hmac;
            let kid = inner.signer.kid.clone();
            let header = b64url(
                json!({"alg": "HS256", "typ": "JWT", "kid": kid})
                    .to_string()
                    .as_bytes(),
            );
            let payload = b64url(claims.to_string().as_bytes());
            let input = format!("{header}.{payload}");
            let key = hmac::Key::new(hmac::HMAC_SHA256, CLIENT_SECRET.as_bytes());
            let tag = hmac::sign(&key, input.as_bytes());
            format!("{input}.{}", b64url(tag.as_ref()))
        }
        _ => jwt::sign(&inner.signer, "JWT", &claims),
    }
}

fn userinfo(inner: &Shared, headers: &HeaderMap) -> Response {
    let inner = inner.lock().unwrap();
    let Some(user) = bearer(headers).and_then(|t| inner.tokens.get(&t).cloned()) else {
        return (StatusCode::UNAUTHORIZED, "no token").into_response();
    };
    let mut body = json!({
        "sub": user.sub,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "picture": "https://pictures.example/p.png",
    });
    if let Some(email) = &user.email {
        body["email"] = json!(email);
        body["email_verified"] = json!(user.email_verified);
    }
    super::json(200, body)
}

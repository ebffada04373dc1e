//! What the fuzz targets share: one Gatehouse built once per fuzzing process (SQLite in a
//! temporary directory, generated keys, a confidential and a public client, a user with a
//! live session), and a way to send it a request in-process, through the same router, layers
//! and extractors a connection gets. Each target then only says what it varies.
//!
//! The rule every HTTP target checks: hostile input gets a 4xx (or a redirect carrying an
//! error), never a 500 — a 500 means a handler failed or panicked on input it should have
//! refused — and never a 503 (the database is right here; a 503 would be a
//! misclassified error).

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use gatehouse::App;
use gatehouse::auth::RequestOrigin;
use gatehouse::clock::SystemClock;
use gatehouse::config::Settings;
use gatehouse::crypto::token::hash_token;
use gatehouse::domain::{ClientLinks, GrantType, ScopeSet};
use gatehouse::store::NewClient;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const CONFIDENTIAL_CLIENT: &str = "fuzz-confidential";
pub const CONFIDENTIAL_SECRET: &str = "fuzz-confidential-secret-0123456789abcdef";
pub const PUBLIC_CLIENT: &str = "fuzz-public";
pub const REDIRECT_URI: &str = "https://rp.example/callback";
pub const POST_LOGOUT_URI: &str = "https://rp.example/signed-out";
pub const PEER: &str = "203.0.113.7:40000";

/// Our cookies' names under an https issuer (`src/web/cookies.rs`). The harness checks at
/// start that the session cookie signs a browser in, so a rename cannot quietly make the
/// cookie targets shallow.
pub const COOKIE_NAMES: [&str; 10] = [
    "__Host-gh_session",
    "__Host-gh_mfa",
    "__Host-gh_device",
    "__Host-gh_upstream",
    "__Host-gh_link",
    "__Host-gh_signup",
    "__Host-gh_phone",
    "__Host-gh_return",
    "__Host-gh_lang",
    "__Host-gh_csrf",
];
pub const SESSION_COOKIE: &str = COOKIE_NAMES[0];

pub struct Harness {
    pub runtime: tokio::runtime::Runtime,
    pub app: App,
    router: Router,
    /// `name=value` of a live session's cookie, for requests that should get past sign-in.
    pub session_cookie: String,
    _dir: tempfile::TempDir,
}

/// The process's one harness, built at the first call.
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(build)
}

fn build() -> Harness {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut settings = Settings {
        issuer: "https://id.example".into(),
        data_dir: dir.path().join("data"),
        keys_dir: dir.path().join("keys"),
        ..Settings::default()
    };
    // Throttling would turn every request after the first few failures into the same 429
    // and hide the code behind it from the fuzzer; the throttle has tests of its own.
    settings.rate_limits.max_failures = i64::MAX / 4;
    settings.rate_limits.parked_authorizations_per_10_min = i64::MAX / 4;
    settings.mfa.required_for.clear();
    // ES256 signs in microseconds where RS256 takes milliseconds: the targets that sign
    // tokens of their own run hundreds of times faster. Verification is the same code.
    settings.tokens.signing_alg = gatehouse::crypto::keys::SigningAlg::ES256;
    let settings = settings
        .validated()
        .expect("the harness's settings are valid");
    let (app, session_cookie) = runtime.block_on(async {
        let app = App::build(settings, Arc::new(SystemClock))
            .await
            .expect("Gatehouse builds");
        seed(&app).await;
        let cookie = signed_in_cookie(&app).await;
        (app, cookie)
    });
    let router = gatehouse::web::router(app.clone());
    let harness = Harness {
        runtime,
        app,
        router,
        session_cookie,
        _dir: dir,
    };
    let account = harness.send(
        Request::get("/account")
            .header("cookie", &harness.session_cookie)
            .body(Body::empty())
            .expect("a request"),
    );
    assert_eq!(
        account.status,
        StatusCode::OK,
        "the harness's session cookie must sign a browser in"
    );
    harness
}

async fn seed(app: &App) {
    let now = app.clock.now();
    let clients = [
        (CONFIDENTIAL_CLIENT, Some(hash_token(CONFIDENTIAL_SECRET))),
        (PUBLIC_CLIENT, None),
    ];
    for (id, secret_hash) in clients {
        let grant_types = if secret_hash.is_some() {
            vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ]
        } else {
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        };
        app.store
            .insert_client(&NewClient {
                id: id.into(),
                name: format!("{id} <b>client</b>"),
                secret_hash,
                first_party: false,
                redirect_uris: vec![REDIRECT_URI.into(), "http://127.0.0.1/cb".into()],
                post_logout_redirect_uris: vec![POST_LOGOUT_URI.into()],
                grant_types,
                scopes: ScopeSet::parse("openid profile email phone offline_access")
                    .expect("known scopes"),
                links: ClientLinks::default(),
                now,
            })
            .await
            .expect("the client is stored");
    }
}

/// A user and a live session, as the cookie a signed-in browser sends.
async fn signed_in_cookie(app: &App) -> String {
    let account = gatehouse::accounts::creation::NewAccount {
        email: Some(gatehouse::domain::Email::parse("fuzz@example.com").expect("an address")),
        email_verified: true,
        first_name: "Fuzz".into(),
        last_name: "User".into(),
        password: gatehouse::accounts::creation::InitialPassword::Trusted(
            "correct horse battery staple fuzz".into(),
        ),
        must_change_password: false,
        privileges: vec!["user".into()],
        username: None,
    };
    let user = gatehouse::accounts::creation::create_user(app, account)
        .await
        .expect("the user is created");
    let origin = RequestOrigin {
        ip: "203.0.113.7".into(),
        user_agent: "fuzz".into(),
    };
    let (_, token) =
        gatehouse::auth::sessions::start(app, &user, vec!["pwd".into()], None, "password", &origin)
            .await
            .expect("a session starts");
    format!("{SESSION_COOKIE}={token}")
}

/// What came back.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Harness {
    /// Sends `request` as if from [`PEER`] and reads the whole answer.
    pub fn send(&self, mut request: Request<Body>) -> Answer {
        let peer: SocketAddr = PEER.parse().expect("an address");
        request.extensions_mut().insert(ConnectInfo(peer));
        self.runtime.block_on(async {
            let response = self
                .router
                .clone()
                .oneshot(request)
                .await
                .expect("the router is infallible");
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            Answer {
                status: parts.status,
                headers: parts.headers,
                body,
            }
        })
    }

    /// Sends `request` and fails the run when the answer is a server error.
    pub fn send_expecting_no_server_error(&self, request: Request<Body>) -> Answer {
        let description = format!("{} {}", request.method(), request.uri());
        let answer = self.send(request);
        assert!(
            !answer.status.is_server_error(),
            "{description} answered {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        answer
    }
}

/// Splits fuzz input at the first `\n`: two independent fields from one byte string.
pub fn split_once_newline(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// `bytes` as URI query text: the characters a query may hold pass as they are (so the
/// fuzzer controls `&`, `=` and `%`-escapes, valid or not), every other byte is escaped.
pub fn query_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `bytes` fully escaped: one form value, whatever it holds.
pub fn form_value(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `base` (`name=value&…`) with the `index`-th parameter's value replaced by `value`.
pub fn with_value_at(base: &[(&str, &str)], index: usize, value: &[u8]) -> String {
    let chosen = index % base.len();
    base.iter()
        .enumerate()
        .map(|(i, (name, v))| {
            if i == chosen {
                format!("{name}={}", form_value(value))
            } else {
                format!("{name}={}", form_value(v.as_bytes()))
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `header` and `payload` as a compact JWS signed with the harness's own ID-token key: a
/// signature that verifies, so the checks after it are what the fuzzer reaches.
pub fn signed_by_us(header: &[u8], payload: &[u8]) -> String {
    let key = harness()
        .app
        .keys
        .signing_key(gatehouse::crypto::keys::SigningAlg::ES256)
        .expect("the harness signs with ES256");
    let b64 = |bytes: &[u8]| gatehouse::crypto::token::b64url(bytes);
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64(&signature))
}

/// The protected header our ID tokens carry, with `typ` as given.
pub fn our_header(typ: &str) -> Vec<u8> {
    let key = harness()
        .app
        .keys
        .signing_key(gatehouse::crypto::keys::SigningAlg::ES256)
        .expect("the harness signs with ES256");
    serde_json::json!({"alg": "ES256", "kid": key.kid, "typ": typ})
        .to_string()
        .into_bytes()
}

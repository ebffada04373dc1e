//! A small relying party for trying Gatehouse by hand: the `openidconnect` crate does
//! discovery, the authorization-code flow with PKCE and nonce, ID-token verification against
//! the JWKS, userinfo, and RP-initiated logout. A binary rather than an example so that
//! running it builds no dev-dependency (the browser-test driver and the rest).
//!
//! ```text
//! gatehouse clients add --name "Example RP" --first-party \
//!     --redirect-uri http://127.0.0.1:5555/callback \
//!     --post-logout-redirect-uri http://127.0.0.1:5555/
//! RP_CLIENT_ID=... RP_CLIENT_SECRET=... cargo run --release --bin relying_party
//! ```
//! Then open http://127.0.0.1:5555/. `GATEHOUSE_ISSUER` names the provider (default
//! http://127.0.0.1:8080).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
};

const LISTEN: &str = "127.0.0.1:5555";

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;
type HttpFuture = std::pin::Pin<
    Box<dyn Future<Output = Result<openidconnect::HttpResponse, std::io::Error>> + Send>,
>;

struct Pending {
    nonce: Nonce,
    verifier: PkceCodeVerifier,
}

#[derive(Clone)]
struct Rp {
    client: Arc<Client>,
    issuer: String,
    /// Sign-ins in progress, by `state`.
    pending: Arc<Mutex<HashMap<String, Pending>>>,
}

/// reqwest with redirects off, as openidconnect recommends for RPs.
fn http_client() -> impl Fn(openidconnect::HttpRequest) -> HttpFuture {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    move |request: openidconnect::HttpRequest| {
        let client = client.clone();
        Box::pin(async move {
            let io = |e: reqwest::Error| std::io::Error::other(e.to_string());
            let (parts, body) = request.into_parts();
            let mut builder = client
                .request(parts.method, parts.uri.to_string())
                .body(body);
            for (name, value) in &parts.headers {
                builder = builder.header(name, value);
            }
            let response = builder.send().await.map_err(io)?;
            let mut out = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                out = out.header(name, value);
            }
            out.body(response.bytes().await.map_err(io)?.to_vec())
                .map_err(std::io::Error::other)
        }) as HttpFuture
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn home() -> Html<&'static str> {
    Html(
        "<!doctype html><title>Example RP</title><h1>Example relying party</h1>\
         <p><a href=\"/login\">Sign in with Gatehouse</a></p>",
    )
}

async fn login(State(rp): State<Rp>) -> Redirect {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = rp
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("privileges".into()))
        .set_pkce_challenge(challenge)
        .url();
    rp.pending
        .lock()
        .expect("lock")
        .insert(state.secret().clone(), Pending { nonce, verifier });
    Redirect::to(url.as_str())
}

async fn callback(State(rp): State<Rp>, Query(q): Query<HashMap<String, String>>) -> Response {
    match finish(&rp, &q).await {
        Ok(page) => Html(page).into_response(),
        Err(message) => Html(format!(
            "<!doctype html><title>Example RP</title><h1>Sign-in failed</h1><p>{}</p><p><a href=\"/\">Back</a></p>",
            escape(&message)
        ))
        .into_response(),
    }
}

async fn finish(rp: &Rp, q: &HashMap<String, String>) -> Result<String, String> {
    if let Some(error) = q.get("error") {
        return Err(format!(
            "{error}: {}",
            q.get("error_description").cloned().unwrap_or_default()
        ));
    }
    let state = q.get("state").ok_or("no state")?;
    let pending = rp
        .pending
        .lock()
        .expect("lock")
        .remove(state)
        .ok_or("unknown state")?;
    if q.get("iss") != Some(&rp.issuer) {
        return Err("the response's iss is not our provider (RFC 9207)".into());
    }
    let code = q.get("code").ok_or("no code")?;
    let http = http_client();
    let tokens = rp
        .client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .map_err(|e| e.to_string())?
        .set_pkce_verifier(pending.verifier)
        .request_async(&http)
        .await
        .map_err(|e| format!("code exchange: {e}"))?;
    let id_token = tokens.id_token().ok_or("no ID token")?;
    let claims = id_token
        .claims(&rp.client.id_token_verifier(), &pending.nonce)
        .map_err(|e| format!("ID token: {e}"))?;
    let info: CoreUserInfoClaims = rp
        .client
        .user_info(tokens.access_token().clone(), None)
        .map_err(|e| e.to_string())?
        .request_async(&http)
        .await
        .map_err(|e| format!("userinfo: {e}"))?;
    let payload = id_token.to_string();
    let raw = payload
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, p).ok()
        })
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .unwrap_or_default();
    // Gatehouse's own claim: the user's roles (the `privileges` scope).
    let privileges = match raw.get("privileges").and_then(|p| p.as_array()) {
        Some(list) => list
            .iter()
            .filter_map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        None => "(not granted)".into(),
    };
    let raw_claims = serde_json::to_string_pretty(&raw).unwrap_or_default();
    let logout = format!(
        "{}/end_session?id_token_hint={}&post_logout_redirect_uri={}",
        rp.issuer,
        payload,
        url::form_urlencoded::byte_serialize(format!("http://{LISTEN}/").as_bytes())
            .collect::<String>()
    );
    Ok(format!(
        "<!doctype html><title>Example RP</title><h1>Signed in</h1>\
         <p>Subject <code>{}</code>, e-mail {}</p><p>Privileges: <strong>{}</strong></p>\
         <h2>ID token claims (verified)</h2><pre>{}</pre>\
         <h2>Userinfo</h2><pre>{}</pre><p><a href=\"{}\">Sign out</a></p>",
        escape(claims.subject().as_str()),
        escape(info.email().map(|e| e.as_str()).unwrap_or("(none)")),
        escape(&privileges),
        escape(&raw_claims),
        escape(&serde_json::to_string_pretty(&info).unwrap_or_default()),
        escape(&logout),
    ))
}

#[tokio::main]
async fn main() {
    let issuer =
        std::env::var("GATEHOUSE_ISSUER").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let client_id =
        std::env::var("RP_CLIENT_ID").expect("set RP_CLIENT_ID (from `gatehouse clients add`)");
    let client_secret = std::env::var("RP_CLIENT_SECRET").ok();
    let metadata = CoreProviderMetadata::discover_async(
        IssuerUrl::new(issuer.clone()).expect("issuer URL"),
        &http_client(),
    )
    .await
    .expect("discovery: is Gatehouse running?");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client_id),
        client_secret.map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(format!("http://{LISTEN}/callback")).expect("redirect URL"));
    let rp = Rp {
        client: Arc::new(client),
        issuer,
        pending: Arc::default(),
    };
    let app = axum::Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/callback", get(callback))
        .with_state(rp);
    let listener = tokio::net::TcpListener::bind(LISTEN)
        .await
        .expect("bind 127.0.0.1:5555");
    println!("Example relying party on http://{LISTEN}/");
    axum::serve(listener, app).await.expect("serve");
}

//! What an upstream provider answers at the end of a sign-in — the token endpoint's body, the
//! ID token in it, the profile (userinfo, Graph, X) — through each real connector (Google,
//! Entra ID, generic OIDC, Facebook, X) against a fake provider on 127.0.0.1. Tokens come
//! raw, as any bytes signed with the provider's key, or as nearly-right claims with one
//! thing off. Never a panic; and an OIDC sign-in only succeeds when the ID token was signed
//! by the provider's key and carries our nonce, our client as audience and a future expiry.
#![no_main]

use std::sync::{Arc, Mutex, OnceLock};

use arbitrary::Arbitrary;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use gatehouse::crypto::keys::{SigningAlg, SigningKey};
use gatehouse::crypto::token::b64url;
use gatehouse::federation::{
    Endpoints, Finish, ProviderConfig, ProviderKind, ProviderSource, Registry, Upstream,
};
use gatehouse_fuzz::harness;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const CLIENT_ID: &str = "fuzz-upstream-client";
const NONCE: &str = "fuzz-nonce-0123456789";
const TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// What the fake answers this round.
#[derive(Default)]
struct Scripted {
    token_status: u16,
    token_body: Vec<u8>,
    profile_body: Vec<u8>,
}

struct Fake {
    base: String,
    key: SigningKey,
    script: Arc<Mutex<Scripted>>,
    connectors: Vec<(ProviderKind, Arc<dyn Upstream>)>,
}

#[derive(Clone)]
struct Shared {
    base: String,
    jwks: Value,
    script: Arc<Mutex<Scripted>>,
}

async fn answer(State(shared): State<Shared>, uri: Uri) -> Response {
    let path = uri.path();
    let json =
        |value: Value| ([("content-type", "application/json")], value.to_string()).into_response();
    if let Some(prefix) = path.strip_suffix("/.well-known/openid-configuration") {
        let issuer = if prefix.starts_with("/ms/") {
            format!("{}/ms/{{tenantid}}/v2.0", shared.base)
        } else {
            format!("{}{prefix}", shared.base)
        };
        let base = &shared.base;
        return json(json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{base}/authorize"),
            "token_endpoint": format!("{base}/token"),
            "jwks_uri": format!("{base}/jwks"),
            "userinfo_endpoint": format!("{base}/userinfo"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256", "RS256"],
        }));
    }
    if path == "/jwks" {
        return json(shared.jwks.clone());
    }
    let script = shared.script.lock().expect("the script");
    if path == "/token" {
        let status = StatusCode::from_u16(script.token_status).unwrap_or(StatusCode::OK);
        return (
            status,
            [("content-type", "application/json")],
            script.token_body.clone(),
        )
            .into_response();
    }
    (
        [("content-type", "application/json")],
        script.profile_body.clone(),
    )
        .into_response()
}

fn fake() -> &'static Fake {
    static FAKE: OnceLock<Fake> = OnceLock::new();
    FAKE.get_or_init(|| {
        let h = harness();
        let generated = SigningKey::generate(SigningAlg::ES256).expect("a key");
        let key = SigningKey::from_pkcs8(&generated.kid, SigningAlg::ES256, &generated.pkcs8)
            .expect("the key loads");
        let listener = h
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let script = Arc::new(Mutex::new(Scripted::default()));
        let shared = Shared {
            base: base.clone(),
            jwks: json!({ "keys": [generated.public_jwk] }),
            script: script.clone(),
        };
        let router = Router::new().fallback(answer).with_state(shared);
        h.runtime.spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        let http = gatehouse::federation::http::UpstreamHttp::new(
            std::time::Duration::from_secs(2),
            std::time::Duration::from_secs(5),
            gatehouse::federation::http::MAX_BODY_BYTES,
        )
        .expect("an HTTP client");
        let registry = Registry::new(Vec::new(), http);
        let endpoints = |kind: ProviderKind| match kind {
            ProviderKind::Google => Endpoints {
                issuer: Some(format!("{base}/google")),
                ..Endpoints::default()
            },
            ProviderKind::Oidc => Endpoints {
                issuer: Some(format!("{base}/oidc")),
                ..Endpoints::default()
            },
            ProviderKind::Microsoft => Endpoints {
                authority: Some(format!("{base}/ms")),
                tenant: Some("common".into()),
                ..Endpoints::default()
            },
            ProviderKind::Facebook => Endpoints {
                auth_url: Some(format!("{base}/authorize")),
                token_url: Some(format!("{base}/token")),
                graph_url: Some(format!("{base}/graph")),
                ..Endpoints::default()
            },
            ProviderKind::X => Endpoints {
                auth_url: Some(format!("{base}/authorize")),
                token_url: Some(format!("{base}/token")),
                api_url: Some(format!("{base}/x-api")),
                ..Endpoints::default()
            },
        };
        let connectors = ProviderKind::ALL
            .iter()
            .map(|&kind| {
                let config = ProviderConfig {
                    id: format!("fuzz-{kind:?}").to_lowercase(),
                    kind,
                    label: "Fuzz".into(),
                    position: 0,
                    enabled: true,
                    client_id: CLIENT_ID.into(),
                    client_secret: "fuzz-upstream-secret".to_string().into(),
                    scopes: Vec::new(),
                    trust_email: true,
                    allow_sign_up: true,
                    trust_upstream_mfa: true,
                    endpoints: endpoints(kind),
                    source: ProviderSource::ConfigFile,
                    version: 1,
                };
                (kind, registry.connector(&config))
            })
            .collect();
        Fake {
            base,
            key,
            script,
            connectors,
        }
    })
}

#[derive(Arbitrary, Debug)]
enum Issuer {
    Right,
    Schemeless,
    Other(String),
    Missing,
}

#[derive(Arbitrary, Debug)]
enum Audience {
    Ours,
    OursAmong(Vec<String>),
    Other(String),
    Missing,
}

/// Claims that are right but for what the fuzzer changes.
#[derive(Arbitrary, Debug)]
struct Claims {
    issuer: Issuer,
    audience: Audience,
    azp: Option<String>,
    nonce: Option<String>,
    exp_from_now: i32,
    iat_from_now: i32,
    sub: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    tid: Option<String>,
    amr: Option<Vec<String>>,
    right_kid: bool,
    alg: Option<String>,
    typ: Option<String>,
}

#[derive(Arbitrary, Debug)]
enum IdToken {
    /// The token endpoint's whole body, as sent.
    RawBody(Vec<u8>),
    /// A JSON answer whose `id_token` is this text.
    RawToken(String),
    /// Any header and payload bytes, signed with the provider's key.
    Signed { header: Vec<u8>, payload: Vec<u8> },
    /// Nearly-right claims, signed with the provider's key.
    Claims(Box<Claims>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    provider: u8,
    token_status: u16,
    token: IdToken,
    /// The userinfo / Graph / X profile answer.
    profile: Vec<u8>,
}

fn signed(key: &SigningKey, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64url(header), b64url(payload));
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64url(&signature))
}

fn claims_token(fake: &Fake, kind: ProviderKind, claims: &Claims, now: i64) -> (String, Value) {
    let base = &fake.base;
    let right_issuer = match kind {
        ProviderKind::Google => format!("{base}/google"),
        ProviderKind::Microsoft => format!("{base}/ms/{TENANT}/v2.0"),
        _ => format!("{base}/oidc"),
    };
    let mut payload = json!({
        "exp": now + i64::from(claims.exp_from_now),
        "iat": now + i64::from(claims.iat_from_now),
        "tid": claims.tid.clone().unwrap_or_else(|| TENANT.to_string()),
        "oid": "00000000-0000-0000-0000-000000000001",
    });
    match &claims.issuer {
        Issuer::Right => payload["iss"] = json!(right_issuer),
        Issuer::Schemeless => {
            payload["iss"] = json!(right_issuer.trim_start_matches("http://"));
        }
        Issuer::Other(other) => payload["iss"] = json!(other),
        Issuer::Missing => {}
    }
    match &claims.audience {
        Audience::Ours => payload["aud"] = json!(CLIENT_ID),
        Audience::OursAmong(others) => {
            let mut list = others.clone();
            list.push(CLIENT_ID.to_string());
            payload["aud"] = json!(list);
        }
        Audience::Other(other) => payload["aud"] = json!(other),
        Audience::Missing => {}
    }
    let fields = [
        ("azp", claims.azp.clone().map(Value::from)),
        (
            "nonce",
            Some(Value::from(
                claims.nonce.clone().unwrap_or_else(|| NONCE.into()),
            )),
        ),
        ("sub", claims.sub.clone().map(Value::from)),
        ("email", claims.email.clone().map(Value::from)),
        ("email_verified", claims.email_verified.map(Value::from)),
        ("amr", claims.amr.clone().map(Value::from)),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            payload[name] = value;
        }
    }
    let mut header = json!({"alg": claims.alg.clone().unwrap_or_else(|| "ES256".into())});
    if claims.right_kid {
        header["kid"] = json!(fake.key.kid);
    }
    if let Some(typ) = &claims.typ {
        header["typ"] = json!(typ);
    }
    let token = signed(
        &fake.key,
        header.to_string().as_bytes(),
        payload.to_string().as_bytes(),
    );
    (token, payload)
}

fuzz_target!(|input: Input| {
    let fake = fake();
    let h = harness();
    let (kind, connector) = &fake.connectors[usize::from(input.provider) % fake.connectors.len()];
    let now = h.app.clock.now();
    // The ID token as served and, when the provider's key signed it, its payload.
    let (body, signed_payload): (Vec<u8>, Option<Value>) = match &input.token {
        IdToken::RawBody(bytes) => (bytes.clone(), None),
        IdToken::RawToken(text) => (answer_with(text), None),
        IdToken::Signed { header, payload } => (
            answer_with(&signed(&fake.key, header, payload)),
            serde_json::from_slice(payload).ok(),
        ),
        IdToken::Claims(claims) => {
            let (token, payload) = claims_token(fake, *kind, claims, now);
            (answer_with(&token), Some(payload))
        }
    };
    {
        let mut script = fake.script.lock().expect("the script");
        script.token_status = if input.token_status.is_multiple_of(4) {
            input.token_status
        } else {
            200
        };
        script.token_body = body;
        script.profile_body = input.profile.clone();
    }
    let finish = Finish {
        code: "fuzz-code",
        nonce: NONCE,
        pkce_verifier: "fuzz-pkce-verifier-0123456789abcdefghijklmnopqrstu",
        redirect_uri: "https://id.example/login/federated/fuzz/callback",
        now,
    };
    let outcome = h.runtime.block_on(connector.finish(&finish));
    let oidc = matches!(
        kind,
        ProviderKind::Google | ProviderKind::Microsoft | ProviderKind::Oidc
    );
    if let (Ok(_), true) = (&outcome, oidc) {
        let payload = signed_payload
            .unwrap_or_else(|| panic!("{kind:?} accepted an ID token its key did not sign"));
        assert_eq!(payload["nonce"], NONCE, "{kind:?} accepted a foreign nonce");
        let audience_ok = payload["aud"] == CLIENT_ID
            || payload["aud"]
                .as_array()
                .is_some_and(|list| list.iter().any(|a| a == CLIENT_ID));
        assert!(audience_ok, "{kind:?} accepted a foreign audience");
        assert!(
            payload["exp"].as_f64().is_some_and(|exp| exp > now as f64),
            "{kind:?} accepted an expired token"
        );
    }
    if let Ok(identity) = &outcome {
        assert!(
            !identity.subject.trim().is_empty() && identity.subject.len() <= 255,
            "{kind:?} accepted the subject {:?}",
            identity.subject
        );
    }
});

fn answer_with(id_token: &str) -> Vec<u8> {
    json!({
        "access_token": "upstream-access-token",
        "token_type": "Bearer",
        "expires_in": 3600,
        "id_token": id_token,
    })
    .to_string()
    .into_bytes()
}

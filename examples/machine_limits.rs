//! What this machine allows, measured the way `benches/compare.py` measures Gatehouse: the
//! least work each hot path must do, behind a bare axum route on the same runtime, so that
//! every figure in the table has a ceiling beside it. Routes:
//!
//! - `GET /bytes`: a fixed 1.5 kB JSON body (discovery and JWKS serve about that much);
//! - `POST /sign`: one RS256 signature on the blocking pool (key parsed once), answered as a
//!   token response (`client_credentials`'s irreducible work);
//! - `POST /verify`: the form's `token` verified (RS256, Gatehouse's own verification with the
//!   key parsed once) and a short JSON answer (introspection without the database);
//! - `POST /verify_read`: the same plus one primary-key read from SQLite through sqlx
//!   (introspection's "a JWT verify plus one indexed read").
//!
//! Run: `cargo run --release --example machine_limits -- 127.0.0.1:18099 DIR`; it prints
//! `{"ready": true, "token": "…"}` once it listens, the token being one `/verify` accepts.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use gatehouse::crypto::jwt;
use gatehouse::crypto::keys::{KeySet, SigningAlg, SigningKey};
use sqlx::AnyPool;

struct Limits {
    key: Arc<SigningKey>,
    keys: KeySet,
    pool: AnyPool,
    body: Bytes,
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:18099".into());
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp".into()));
    let generated = SigningKey::generate(SigningAlg::RS256).expect("an RSA key");
    let key = SigningKey::from_pkcs8(&generated.kid, SigningAlg::RS256, &generated.pkcs8)
        .expect("the key just generated");
    let mut set = KeySet::default();
    set.add_published(generated.public_jwk.clone())
        .expect("its JWK");
    let token = jwt::sign(
        &key,
        jwt::TYP_ACCESS_TOKEN,
        &serde_json::json!({"iss": "http://limits", "sub": "c", "exp": 4_000_000_000_i64, "jti": "j1"}),
    );

    sqlx::any::install_default_drivers();
    let path = dir.join("limits.sqlite3");
    let _ = std::fs::remove_file(&path);
    let pool = AnyPool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("SQLite");
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&pool)
        .await
        .expect("WAL");
    sqlx::query("CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .expect("a table");
    for i in 0..1000 {
        sqlx::query("INSERT INTO t (id, v) VALUES ($1, $2)")
            .bind(format!("j{i}"))
            .bind(i)
            .execute(&pool)
            .await
            .expect("a row");
    }
    let body = Bytes::from(format!("{{\"padding\":\"{}\"}}", "x".repeat(1500)));
    let state = Arc::new(Limits {
        key: Arc::new(key),
        keys: set,
        pool,
        body,
    });
    let app = Router::new()
        .route("/bytes", get(bytes))
        .route("/sign", post(sign))
        .route("/verify", post(verify))
        .route("/verify_read", post(verify_read))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .expect("the address");
    println!("{}", serde_json::json!({"ready": true, "token": token}));
    axum::serve(listener, app).await.expect("serving");
}

async fn bytes(State(s): State<Arc<Limits>>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], s.body.clone())
}

async fn sign(State(s): State<Arc<Limits>>) -> impl IntoResponse {
    let key = s.key.clone();
    let token = tokio::task::spawn_blocking(move || {
        jwt::sign(
            &key,
            jwt::TYP_ACCESS_TOKEN,
            &serde_json::json!({"iss": "http://limits", "sub": "c", "exp": 4_000_000_000_i64}),
        )
    })
    .await
    .unwrap_or_default();
    axum::Json(
        serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": 300}),
    )
}

fn verified(s: &Limits, body: &[u8]) -> Option<serde_json::Value> {
    let token = url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "token")?
        .1;
    let expect = jwt::Expectations {
        issuer: "http://limits",
        typ: jwt::TYP_ACCESS_TOKEN,
        check_expiry: true,
        now: 0,
    };
    jwt::verify(&token, &s.keys, &expect).ok()
}

async fn verify(State(s): State<Arc<Limits>>, body: Bytes) -> impl IntoResponse {
    let active = verified(&s, &body).is_some();
    axum::Json(serde_json::json!({"active": active, "client_id": "c", "token_type": "Bearer"}))
}

async fn verify_read(State(s): State<Arc<Limits>>, body: Bytes) -> impl IntoResponse {
    let claims = verified(&s, &body);
    let jti = claims
        .as_ref()
        .and_then(|c| c["jti"].as_str())
        .unwrap_or_default();
    let row: Option<(i64,)> = sqlx::query_as("SELECT v FROM t WHERE id = $1")
        .bind(jti)
        .fetch_optional(&s.pool)
        .await
        .unwrap_or_default();
    axum::Json(
        serde_json::json!({"active": row.is_some(), "client_id": "c", "token_type": "Bearer"}),
    )
}

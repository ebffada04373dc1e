//! The database out of reach (issue 14): PostgreSQL behind a proxy the test cuts, SQLite
//! locked by another process. `/healthz` stays 200, `/readyz` says 503 within a second, token
//! and page requests answer `temporarily_unavailable` / a 503 page within a bounded time
//! (never a hang, never a 500), and service comes back by itself when the database does.
//!
//! The bounds asserted are the promises (a second for readiness, the three-second wait for
//! a connection), padded for a loaded CI machine: they tell a prompt answer from a hang.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::proxy::CuttableProxy;
use crate::helpers::*;

/// A node on a fresh PostgreSQL database reached through a proxy the test can cut.
async fn node_behind_proxy() -> Option<(TestApp, CuttableProxy)> {
    required_env("DATABASE_URL", "PostgreSQL")?;
    let mut url = url::Url::parse(&fresh_postgres_url().await).expect("a URL");
    let host = url.host_str().unwrap_or("127.0.0.1").to_string();
    let target: SocketAddr = tokio::net::lookup_host((host.as_str(), url.port().unwrap_or(5432)))
        .await
        .expect("the database's address")
        .next()
        .expect("an address");
    let proxy = CuttableProxy::to(target).await;
    url.set_host(Some("127.0.0.1")).expect("a host");
    url.set_port(Some(proxy.addr.port())).expect("a port");
    let proxied = url.to_string();
    let app = spawn_app_with(Db::Sqlite, move |s| s.database_url = proxied).await;
    Some((app, proxy))
}

async fn status_of(request: reqwest::RequestBuilder) -> (u16, Duration) {
    let started = Instant::now();
    let status = request.send().await.expect("an answer").status().as_u16();
    (status, started.elapsed())
}

/// Retries `check` for up to 20 s until it holds.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} did not happen within 20 s");
}

#[tokio::test]
async fn a_postgresql_outage_is_answered_promptly_and_service_comes_back_by_itself() {
    let Some((app, proxy)) = node_behind_proxy().await else {
        return;
    };
    let http = reqwest::Client::new();
    let client = app.add_client(ClientSpec::confidential()).await;
    let secret = client.secret.clone().unwrap();
    let cc = || {
        http.post(app.url("/token"))
            .basic_auth(&client.id, Some(&secret))
            .form(&[("grant_type", "client_credentials")])
    };
    let token: serde_json::Value = cc().send().await.unwrap().json().await.unwrap();
    let token = token["access_token"].as_str().expect("a token").to_string();
    assert_eq!(status_of(http.get(app.url("/readyz"))).await.0, 200);

    proxy.cut();
    // Past the node cache's interval, so the client must be confirmed by the database.
    tokio::time::sleep(gatehouse::store::NODE_CACHE_CHECK + Duration::from_millis(300)).await;

    let (status, took) = status_of(http.get(app.url("/healthz"))).await;
    assert_eq!(status, 200, "liveness does not depend on the database");
    assert!(took < Duration::from_secs(1), "{took:?}");
    let (status, took) = status_of(http.get(app.url("/readyz"))).await;
    assert_eq!(status, 503);
    assert!(
        took < Duration::from_secs(3),
        "readiness answered in {took:?}"
    );

    let started = Instant::now();
    let refused = cc().send().await.unwrap();
    let took = started.elapsed();
    assert_eq!(refused.status(), 503);
    assert!(
        took < Duration::from_secs(8),
        "the token request took {took:?}"
    );
    assert!(refused.headers().contains_key("retry-after"));
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable", "{body}");

    let introspected = http
        .post(app.url("/introspect"))
        .basic_auth(&client.id, Some(&secret))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(introspected.status(), 503);
    let body: serde_json::Value = introspected.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable", "{body}");

    // A person signing in gets a page that says to try again, not an error of ours.
    let browser = browser();
    let (status, took) = status_of(browser.get(app.url("/login"))).await;
    assert!(
        matches!(status, 200 | 503),
        "the sign-in page: {status} (it lists the providers from the database)"
    );
    assert!(took < Duration::from_secs(8), "{took:?}");
    let started = Instant::now();
    let page = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", "x"),
            ("email", "ada@example.com"),
            ("password", "whatever it is"),
        ])
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(8));
    // The CSRF check comes first (403) or the database's refusal (503): never a 500.
    assert!(
        matches!(page.status().as_u16(), 403 | 503),
        "{}",
        page.status()
    );
    let page = browser
        .get(app.url("/account"))
        .header("Cookie", "gh_session=not-a-session")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Temporarily unavailable"), "{html}");

    proxy.restore();
    eventually("readiness", || async {
        status_of(http.get(app.url("/readyz"))).await.0 == 200
    })
    .await;
    eventually("a token", || async { status_of(cc()).await.0 == 200 }).await;
    let seen: serde_json::Value = http
        .post(app.url("/introspect"))
        .basic_auth(&client.id, Some(&secret))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        seen["active"], true,
        "the token from before the outage: {seen}"
    );
}

/// Another process holds SQLite's write lock (a backup, a stuck command line): writes wait
/// for SQLite's busy timeout and are then refused with 503, reads go on, and once the lock
/// is released everything works again.
#[tokio::test]
async fn a_locked_sqlite_database_refuses_writes_with_503_and_recovers() {
    use sqlx::Connection;
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let secret = client.secret.clone().unwrap();
    let http = reqwest::Client::new();
    let cc = || {
        http.post(app.url("/token"))
            .basic_auth(&client.id, Some(&secret))
            .form(&[("grant_type", "client_credentials")])
    };
    assert_eq!(status_of(cc()).await.0, 200);

    let mut holder = sqlx::SqliteConnection::connect(&app.settings.database_url)
        .await
        .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut holder)
        .await
        .unwrap();

    // Reads are served (WAL): readiness, and a token from the cached client.
    assert_eq!(status_of(http.get(app.url("/readyz"))).await.0, 200);
    assert_eq!(status_of(cc()).await.0, 200);
    // A sign-in must write (its throttles are charged first): refused after the busy wait.
    let browser = browser();
    let started = Instant::now();
    let refused = app
        .post_form(
            &browser,
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert!(started.elapsed() < Duration::from_secs(12));
    assert_eq!(refused.status(), 503);
    assert!(refused.headers().contains_key("retry-after"));
    let html = refused.text().await.unwrap();
    assert!(html.contains("Temporarily unavailable"), "{html}");

    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    holder.close().await.unwrap();
    let wrong = app
        .post_form(
            &browser,
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401, "the sign-in is checked again");
}

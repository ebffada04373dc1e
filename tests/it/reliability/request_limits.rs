//! Oversized input (issue 14): a body, a URL, a header or a form past its bound is refused
//! with its status (413, 414, 431, 400) before the work, never a crash or unbounded memory,
//! and the node goes on serving.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;

/// The status of a request written by hand (`head` is the request line and any headers, each
/// ending in CRLF); `None` when the node closed the connection without one.
async fn raw_status(app: &TestApp, head: &str) -> Option<u16> {
    let mut stream = tokio::net::TcpStream::connect(&app.settings.listen)
        .await
        .expect("connect");
    let request = format!(
        "{head}Host: {}\r\nConnection: close\r\n\r\n",
        app.settings.listen
    );
    // The node may answer and close before it has read everything.
    let _ = stream.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let line = String::from_utf8_lossy(&answer);
    line.split(' ').nth(1).and_then(|code| code.parse().ok())
}

async fn served_after(app: &TestApp) {
    let discovery = reqwest::get(app.url("/.well-known/openid-configuration"))
        .await
        .expect("the node still answers");
    assert_eq!(discovery.status(), 200);
}

#[tokio::test]
async fn oversized_bodies_urls_headers_and_forms_get_their_status() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let http = reqwest::Client::new();

    // A body past 64 KiB, on every kind of endpoint that reads one.
    let big = "a=".to_string() + &"x".repeat(1024 * 1024);
    let mut answered = 0;
    for path in ["/token", "/introspect", "/revoke", "/login", "/authorize"] {
        let response = http
            .post(app.url(path))
            .basic_auth(&client.id, client.secret.as_deref())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(big.clone())
            .send()
            .await;
        // The node may answer before reading the rest and close the connection while the
        // client still sends: either the status or a reset, never a success.
        if let Ok(response) = response {
            assert_eq!(response.status(), 413, "{path}");
            answered += 1;
        }
    }
    assert!(answered > 0, "no oversized body got its 413");
    served_after(&app).await;

    // A URL past 64 kB (written by hand: HTTP clients refuse to build one).
    let long = format!(
        "/authorize?client_id={}&x={}",
        client.id,
        "y".repeat(70_000)
    );
    assert_eq!(
        raw_status(&app, &format!("GET {long} HTTP/1.1\r\n")).await,
        Some(414)
    );
    served_after(&app).await;

    // Headers past what hyper buffers for a request head (a reset is fine too).
    let padding = "z".repeat(500_000);
    let status = raw_status(
        &app,
        &format!("GET /login HTTP/1.1\r\nX-Padding: {padding}\r\n"),
    )
    .await;
    assert!(matches!(status, Some(431) | None), "{status:?}");
    served_after(&app).await;

    // Many small fields within the size bound: unknown parameters are ignored (RFC 6749
    // §3.1), and the body bound is what bounds the work.
    let many: String = (0..5000).map(|i| format!("f{i}=1&")).collect();
    let response = http
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(many + "grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // One over-long field.
    let response = http
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", &"s ".repeat(20_000)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "an over-long scope");
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        matches!(
            body["error"].as_str(),
            Some("invalid_request" | "invalid_scope")
        ),
        "{body}"
    );
    served_after(&app).await;
}

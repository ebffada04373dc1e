//! The edges attackers lean on: slow and numerous connections, oversized and abandoned
//! /authorize requests, and where pages' forms may post to (CSP `form-action`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::*;

// ---- raw HTTP/1.1 over one connection ---------------------------------------------------

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.settings.listen.as_str())
        .await
        .expect("connect")
}

/// Reads one response (head and Content-Length body) and returns its status.
async fn read_response(stream: &mut TcpStream) -> u16 {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.expect("read response");
        assert!(n > 0, "connection closed before a response");
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().expect("content-length"))
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.expect("read body");
        assert!(n > 0, "connection closed inside the body");
        buf.extend_from_slice(&chunk[..n]);
    }
    status
}

async fn get(stream: &mut TcpStream, path: &str) -> u16 {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    read_response(stream).await
}

/// Reads until the peer closes (EOF or reset); `false` if it is still open after `bound`.
async fn closed_within(stream: &mut tokio::net::tcp::OwnedReadHalf, bound: Duration) -> bool {
    let mut chunk = [0u8; 1024];
    tokio::time::timeout(bound, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Sends `start`, then one more byte every second, until the peer closes or `bound` passes;
/// returns how long the connection stayed open, or `None` if it outlived `bound`.
async fn trickle(app: &TestApp, start: &'static [u8], bound: Duration) -> Option<Duration> {
    let (mut read, mut write) = connect(app).await.into_split();
    let began = Instant::now();
    let writer = tokio::spawn(async move {
        if write.write_all(start).await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if write.write_all(b"a").await.is_err() {
                return;
            }
        }
    });
    let closed = closed_within(&mut read, bound).await;
    writer.abort();
    closed.then(|| began.elapsed())
}

#[tokio::test]
async fn a_client_trickling_its_request_head_is_cut_off() {
    let app = spawn_app_with(Db::Sqlite, |s| s.server.header_read_timeout_secs = 2).await;
    // Mid-header, after hyper knows it is HTTP/1.
    let open = trickle(
        &app,
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ",
        Duration::from_secs(10),
    )
    .await
    .expect("closed within 10 s");
    assert!(
        open >= Duration::from_millis(1500),
        "not before the timeout: {open:?}"
    );
    // From the first byte: still guessing between HTTP/1 and the HTTP/2 preface.
    trickle(&app, b"G", Duration::from_secs(10))
        .await
        .expect("closed within 10 s before the protocol is known");
    // An idle keep-alive connection is let go too.
    let mut stream = connect(&app).await;
    assert_eq!(get(&mut stream, "/healthz").await, 200);
    let (mut read, _write) = stream.into_split();
    assert!(closed_within(&mut read, Duration::from_secs(10)).await);
}

#[tokio::test]
async fn an_idle_http2_connection_is_let_go_too() {
    let app = spawn_app_with(Db::Sqlite, |s| s.server.header_read_timeout_secs = 2).await;
    let stream = connect(&app).await;
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .expect("h2c handshake");
    let conn = tokio::spawn(conn);
    for _ in 0..2 {
        let request = axum::http::Request::get(app.url("/healthz"))
            .body(axum::body::Body::empty())
            .unwrap();
        let response = sender.send_request(request).await.expect("served over h2c");
        assert_eq!(response.status(), 200);
        assert_eq!(response.version(), axum::http::Version::HTTP_2);
    }
    // Closed (a GOAWAY or the socket): how it ends does not matter, that it ends does.
    let _ended = tokio::time::timeout(Duration::from_secs(10), conn)
        .await
        .expect("closed once idle");
}

#[tokio::test]
async fn eighty_keep_alive_connections_from_one_address_are_all_served() {
    let app = Arc::new(spawn_app().await);
    let together = Arc::new(tokio::sync::Barrier::new(80));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..80 {
        let app = app.clone();
        let together = together.clone();
        tasks.spawn(async move {
            let mut stream = connect(&app).await;
            let first = get(&mut stream, "/healthz").await;
            // All 80 open at once before each is used again.
            together.wait().await;
            let second = get(&mut stream, "/healthz").await;
            (first, second)
        });
    }
    let all = tokio::time::timeout(Duration::from_secs(60), async {
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.expect("task"));
        }
        statuses
    })
    .await
    .expect("all 80 served within 60 s");
    assert_eq!(all.len(), 80);
    assert!(all.iter().all(|s| *s == (200, 200)), "{all:?}");
}

#[tokio::test]
async fn a_connection_over_the_limit_waits_until_one_closes() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.server.max_connections = 4;
        // Long enough that no connection here is closed for idling.
        s.server.header_read_timeout_secs = 120;
    })
    .await;
    let mut open = Vec::new();
    for _ in 0..4 {
        let mut stream = connect(&app).await;
        assert_eq!(get(&mut stream, "/healthz").await, 200);
        open.push(stream);
    }
    // The fifth connects (the kernel queues it) but is not served while four are open.
    let mut fifth = connect(&app).await;
    fifth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(
        tokio::time::timeout(Duration::from_millis(1500), fifth.read(&mut byte))
            .await
            .is_err(),
        "served although all four connections are taken"
    );
    drop(open.remove(0));
    let status = tokio::time::timeout(Duration::from_secs(10), read_response(&mut fifth))
        .await
        .expect("served once a connection closed");
    assert_eq!(status, 200);
    // The other three are still served.
    for stream in &mut open {
        assert_eq!(get(stream, "/healthz").await, 200);
    }
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_and_closes_idle_connections() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let settings = base_settings(&dir, &format!("http://{addr}"), &addr.to_string())
        .validated()
        .unwrap();
    let clock = Arc::new(gatehouse::clock::ManualClock::starting_now());
    let app = gatehouse::App::build(settings, clock).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve_until(listener, async {
        let _ = stopped.await;
    }));

    let mut idle = TcpStream::connect(addr).await.unwrap();
    assert_eq!(get(&mut idle, "/healthz").await, 200);
    // A request whose body is still on its way when shutdown begins.
    let mut busy = TcpStream::connect(addr).await.unwrap();
    let body = "grant_type=client_credentials";
    busy.write_all(
        format!(
            "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\ngrant_type=",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    busy.write_all(&body.as_bytes()["grant_type=".len()..])
        .await
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), read_response(&mut busy))
        .await
        .expect("the request in flight is answered");
    assert!(
        matches!(status, 400 | 401),
        "no client credentials: an answer, not a cut ({status})"
    );

    let (mut idle_read, _w) = idle.into_split();
    assert!(closed_within(&mut idle_read, Duration::from_secs(10)).await);
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("serve returns")
        .unwrap()
        .expect("serve ends without error");
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

// ---- parked /authorize requests ---------------------------------------------------------

fn authorize_url(app: &TestApp, client: &RegisteredClient, extra: &[(&str, &str)]) -> String {
    let (challenge, _) = openidconnect::PkceCodeChallenge::new_random_sha256();
    let mut params = vec![
        ("client_id", client.id.as_str()),
        ("redirect_uri", client.redirect_uri.as_str()),
        ("response_type", "code"),
        ("scope", "openid"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    params.extend_from_slice(extra);
    format!(
        "{}?{}",
        app.url("/authorize"),
        serde_urlencoded::to_string(&params).unwrap()
    )
}

/// The `req` id of the sign-in page an /authorize request was parked for.
fn parked_id(response: &reqwest::Response) -> String {
    let target = location(response);
    assert!(target.starts_with("/login?req="), "parked: {target}");
    target["/login?req=".len()..].to_string()
}

#[tokio::test]
async fn over_long_parameters_are_invalid_request() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let huge_state = "s".repeat(10 * 1024);
    let long_state = "s".repeat(513);
    let long_nonce = "n".repeat(513);
    let long_hint = "h".repeat(257);
    let long_scope = format!("openid{}", " profile".repeat(130));
    for (name, value) in [
        ("state", huge_state.as_str()),
        ("state", long_state.as_str()),
        ("nonce", long_nonce.as_str()),
        ("login_hint", long_hint.as_str()),
        ("scope", long_scope.as_str()),
    ] {
        let mut extra = vec![(name, value)];
        if name != "state" {
            extra.push(("state", "st"));
        }
        let url = authorize_url(&app, &client, &extra);
        // A repeated scope would make two: replace the default one.
        let url = if name == "scope" {
            url.replacen("scope=openid&", "", 1)
        } else {
            url
        };
        let response = browser.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 303, "{name} of {} bytes", value.len());
        let target = location(&response);
        assert!(target.starts_with(&client.redirect_uri), "{target}");
        assert_eq!(
            query_param(&target, "error").as_deref(),
            Some("invalid_request"),
            "{name} of {} bytes",
            value.len()
        );
        // An over-long state is not echoed back; a good one is.
        let echoed = query_param(&target, "state");
        if name == "state" {
            assert_eq!(echoed, None);
        } else {
            assert_eq!(echoed.as_deref(), Some("st"));
        }
    }
    // At the caps, the request is parked.
    let state = "s".repeat(512);
    let nonce = "n".repeat(512);
    let hint = "h".repeat(256);
    let url = authorize_url(
        &app,
        &client,
        &[("state", &state), ("nonce", &nonce), ("login_hint", &hint)],
    );
    let response = browser.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 303);
    parked_id(&response);

    // An over-long redirect_uri is never trusted: a page, no redirect.
    let long_uri = format!("{}?{}", client.redirect_uri, "x".repeat(2100));
    let url = authorize_url(&app, &client, &[]).replacen(
        &serde_urlencoded::to_string([("redirect_uri", client.redirect_uri.as_str())]).unwrap(),
        &serde_urlencoded::to_string([("redirect_uri", long_uri.as_str())]).unwrap(),
        1,
    );
    let response = browser.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
}

#[tokio::test]
async fn parking_is_limited_per_address_with_retry_after() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.trust_proxy_headers = true;
        s.rate_limits.parked_authorizations_per_10_min = 3;
    })
    .await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let ask = |ip: &'static str| {
        let request = browser
            .get(authorize_url(&app, &client, &[("state", "st")]))
            .header("x-forwarded-for", ip);
        async move { request.send().await.unwrap() }
    };
    for _ in 0..3 {
        let response = ask("203.0.113.5").await;
        assert_eq!(response.status(), 303);
        parked_id(&response);
    }
    let refused = ask("203.0.113.5").await;
    assert_eq!(refused.status(), 429);
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&wait), "Retry-After {wait}");
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        refused.headers().get("location").is_none(),
        "not redirected"
    );

    // Another address is not affected.
    let other = ask("203.0.113.6").await;
    assert_eq!(other.status(), 303);
    parked_id(&other);

    // The window passes, and the first address may start sign-ins again.
    app.clock.advance(601);
    let again = ask("203.0.113.5").await;
    assert_eq!(again.status(), 303);
}

#[tokio::test]
async fn parked_requests_are_compact_expire_after_ten_minutes_and_are_purged() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let response = browser
        .get(authorize_url(
            &app,
            &client,
            &[("state", "st"), ("unrelated", "not-stored")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let id = parked_id(&response);
    let row = app
        .app
        .store
        .authorization_request(&id)
        .await
        .unwrap()
        .expect("parked");
    assert_eq!(row.expires_at - row.created_at, 600, "ten minutes");
    assert!(!row.params.contains("not-stored"), "{}", row.params);
    assert!(
        !row.params.contains("null"),
        "absent fields left out: {}",
        row.params
    );

    // Still good just before its expiry, and purging leaves it.
    app.clock.advance(590);
    app.app
        .store
        .purge_expired(app.clock.now_secs())
        .await
        .unwrap();
    let login = browser
        .get(app.url(&format!("/login?req={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);

    app.clock.advance(11);
    app.app
        .store
        .purge_expired(app.clock.now_secs())
        .await
        .unwrap();
    assert!(
        app.app
            .store
            .authorization_request(&id)
            .await
            .unwrap()
            .is_none(),
        "purged"
    );
    let login = browser
        .get(app.url(&format!("/login?req={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 400);
    assert!(login.text().await.unwrap().contains("expired"));
}

// ---- CSP form-action --------------------------------------------------------------------

fn csp(response: &reqwest::Response) -> String {
    response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn pages_post_forms_only_to_gatehouse() {
    let app = spawn_app().await;
    for path in ["/login", "/register", "/password/forgot", "/no-such-page"] {
        let response = browser().get(app.url(path)).send().await.unwrap();
        let policy = csp(&response);
        assert!(policy.contains("form-action 'self'"), "{path}: {policy}");
    }
}

#[tokio::test]
async fn form_post_may_post_only_to_the_client_origin() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();

    // An error answered by form_post (no sign-in needed).
    let url = authorize_url(
        &app,
        &client,
        &[("response_mode", "form_post"), ("prompt", "bogus")],
    );
    let response = browser.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let policy = csp(&response);
    assert!(
        policy.contains("form-action http://127.0.0.1:9;"),
        "{policy}"
    );
    assert!(!policy.contains("'self'"), "{policy}");

    // A code answered by form_post, once signed in.
    let first = authorize_url(&app, &client, &[("state", "st")]);
    authorize_through_login(&app, &browser, &first, "ada@example.com").await;
    let url = authorize_url(
        &app,
        &client,
        &[("response_mode", "form_post"), ("state", "st")],
    );
    let response = browser.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let policy = csp(&response);
    assert!(
        policy.contains("form-action http://127.0.0.1:9;"),
        "{policy}"
    );
    let html = response.text().await.unwrap();
    assert!(!hidden_value(&html, "code").is_empty());
}

#[tokio::test]
async fn a_redirect_uri_cannot_write_into_the_policy() {
    let app = spawn_app().await;
    // A registered URI whose host holds CSP syntax (legal in a URL host).
    let client = app
        .add_client(ClientSpec {
            redirect_uri: "https://a;script-src*.example/callback".into(),
            ..ClientSpec::confidential()
        })
        .await;
    let url = authorize_url(
        &app,
        &client,
        &[("response_mode", "form_post"), ("prompt", "bogus")],
    );
    let response = browser().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let policy = csp(&response);
    assert!(policy.contains("form-action 'none';"), "{policy}");
    assert!(!policy.contains("script-src*"), "{policy}");
}

/// Browsers apply `form-action` to the redirects after a submission too, so the pages of a
/// sign-in for a client (and the sign-out confirmation) allow that client's origin as well.
#[tokio::test]
async fn sign_in_pages_allow_only_their_client_origin_besides_gatehouse() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let only_self = "form-action 'self';";
    let with_client = "form-action 'self' http://127.0.0.1:9;";

    let response = browser
        .get(authorize_url(&app, &client, &[("state", "st")]))
        .send()
        .await
        .unwrap();
    let id = parked_id(&response);
    let login = browser
        .get(app.url(&format!("/login?req={id}")))
        .send()
        .await
        .unwrap();
    assert!(csp(&login).contains(with_client), "{}", csp(&login));
    let html = login.text().await.unwrap();

    // Shown again after a wrong password, with `req` only in the form.
    let again = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("req", id.clone()),
            ("email", "ada@example.com".into()),
            ("password", "wrong password here".into()),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        again.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(csp(&again).contains(with_client), "{}", csp(&again));

    // Without a parked request, or with an unknown one: Gatehouse only.
    for path in [
        "/login".to_string(),
        "/login?req=no-such-request".to_string(),
    ] {
        let page = browser.get(app.url(&path)).send().await.unwrap();
        assert!(csp(&page).contains(only_self), "{path}: {}", csp(&page));
    }

    // The sign-out confirmation leads to the client's registered sign-out URI.
    let first = authorize_url(&app, &client, &[("state", "st")]);
    authorize_through_login(&app, &browser, &first, "ada@example.com").await;
    let query = serde_urlencoded::to_string([
        ("client_id", client.id.as_str()),
        ("post_logout_redirect_uri", "http://127.0.0.1:9/logged-out"),
    ])
    .unwrap();
    let confirm = browser
        .get(app.url(&format!("/end_session?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);
    assert!(csp(&confirm).contains(with_client), "{}", csp(&confirm));
}

/// The parking quota under a burst: 80 simultaneous sign-ins begun from one address park at
/// most the quota, on both databases; the rest are refused before anything is stored.
#[tokio::test]
async fn a_burst_of_authorization_requests_parks_at_most_the_quota() {
    for db in databases() {
        let app = spawn_app_with(db, |s| {
            s.trust_proxy_headers = true;
            s.rate_limits.parked_authorizations_per_10_min = 20;
        })
        .await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..80 {
            let url = authorize_url(&app, &client, &[("state", "st")]);
            burst.spawn(async move {
                browser()
                    .get(url)
                    .header("x-forwarded-for", "198.51.100.9")
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let (mut parked, mut refused) = (0, 0);
        while let Some(status) = burst.join_next().await {
            match status.unwrap() {
                303 => parked += 1,
                429 => refused += 1,
                other => panic!("{db:?}: unexpected {other}"),
            }
        }
        assert_eq!(parked, 20, "{db:?}: exactly the quota parks");
        assert_eq!(refused, 60, "{db:?}");
    }
}

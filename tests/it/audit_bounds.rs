//! What the audit trail and token introspection may hold and give away: introspection names
//! the user only when `email` was granted; a deleted client's tokens die at once; deleting a
//! user scrubs their address in any case; audit fields are capped, unknown sign-in text is
//! never stored, old events are purged, and anonymous events are capped per address.

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::*;

/// An admin API key of a fresh administrator, `root@example.com`.
async fn admin_key(app: &TestApp) -> String {
    let id = app.add_user("root@example.com", &["admin", "user"]).await;
    let owner = app.app.store.user_by_id(&id).await.unwrap().unwrap();
    let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app.app, &owner)
        .into_iter()
        .collect();
    api_keys::create(&app.app, &owner, "test", &caps, None)
        .await
        .unwrap()
        .key
}

async fn admin_api(app: &TestApp, key: &str, method: Method, path: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .request(method, app.url(&format!("/api/admin/v1{path}")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Introspection by `resource_server`, another confidential client.
async fn introspect(app: &TestApp, resource_server: &RegisteredClient, token: &str) -> Value {
    reqwest::Client::new()
        .post(app.url("/introspect"))
        .basic_auth(&resource_server.id, resource_server.secret.as_deref())
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Signs `email` in through /authorize for `scope` and exchanges the code.
async fn user_tokens(app: &TestApp, client: &RegisteredClient, email: &str, scope: &str) -> Value {
    let (url, verifier) = pkce_authorize_url(app, client, scope);
    let callback = authorize_through_login(app, &browser(), &url, email).await;
    let code = query_param(&callback, "code").expect("code");
    exchange_code(app, client, &code, &verifier).await
}

/// Every audit event, newest first, as the store holds it.
async fn all_events(app: &TestApp) -> Vec<gatehouse::store::AuditEntry> {
    app.app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// The bytes of the SQLite database (with its write-ahead log), for "is it stored anywhere".
fn sqlite_bytes(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["gatehouse.sqlite", "gatehouse.sqlite-wal"] {
        if let Ok(mut b) = std::fs::read(app.settings.data_dir.join(name)) {
            bytes.append(&mut b);
        }
    }
    assert!(!bytes.is_empty(), "the SQLite database is where expected");
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn introspection_names_the_user_only_when_email_was_granted() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let resource_server = app.add_client(ClientSpec::confidential()).await;

    let bare = user_tokens(&app, &client, "ada@example.com", "openid offline_access").await;
    for token in ["access_token", "refresh_token"] {
        let answer = introspect(&app, &resource_server, bare[token].as_str().unwrap()).await;
        assert_eq!(answer["active"], true, "{token}: {answer}");
        assert!(
            answer.get("username").is_none(),
            "{token} without `email` names nobody: {answer}"
        );
        assert!(!answer.to_string().contains("ada@example.com"));
    }

    let with_email = user_tokens(
        &app,
        &client,
        "ada@example.com",
        "openid email offline_access",
    )
    .await;
    for token in ["access_token", "refresh_token"] {
        let answer = introspect(&app, &resource_server, with_email[token].as_str().unwrap()).await;
        assert_eq!(answer["active"], true, "{token}: {answer}");
        assert_eq!(answer["username"], "ada@example.com", "{token}: {answer}");
    }
}

#[tokio::test]
async fn a_deleted_clients_tokens_stop_working_at_once() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let key = admin_key(&app).await;
        app.add_user("ada@example.com", &["user"]).await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let resource_server = app.add_client(ClientSpec::confidential()).await;

        let tokens = user_tokens(
            &app,
            &client,
            "ada@example.com",
            "openid email offline_access",
        )
        .await;
        let user_access = tokens["access_token"].as_str().unwrap().to_string();
        let refresh = tokens["refresh_token"].as_str().unwrap().to_string();
        let (status, machine) =
            token_request(&app, &client, &[("grant_type", "client_credentials")]).await;
        assert_eq!(status, 200, "{machine}");
        let machine_access = machine["access_token"].as_str().unwrap().to_string();
        for token in [&user_access, &machine_access, &refresh] {
            assert_eq!(
                introspect(&app, &resource_server, token).await["active"],
                true,
                "{db:?}: active before the deletion"
            );
        }

        let (status, body) = admin_api(
            &app,
            &key,
            Method::DELETE,
            &format!("/clients/{}", client.id),
        )
        .await;
        assert_eq!(status, 204, "{db:?}: {body}");

        // Unexpired JWTs, yet inactive: the client is gone.
        for token in [&user_access, &machine_access, &refresh] {
            assert_eq!(
                introspect(&app, &resource_server, token).await,
                serde_json::json!({"active": false}),
                "{db:?}"
            );
        }
        let userinfo = reqwest::Client::new()
            .get(app.url("/userinfo"))
            .bearer_auth(&user_access)
            .send()
            .await
            .unwrap();
        assert_eq!(userinfo.status(), 401, "{db:?}");
        let challenge = userinfo.headers()["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("invalid_token"), "{db:?}: {challenge}");
        let (status, _) = token_request(
            &app,
            &client,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
            ],
        )
        .await;
        assert!(
            status == 400 || status == 401,
            "{db:?}: the refresh token is dead ({status})"
        );
    }
}

#[tokio::test]
async fn deleting_a_user_erases_their_address_in_any_case_or_spacing() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let key = admin_key(&app).await;
        let grace = app.add_user("grace@example.com", &["user"]).await;
        for typed in ["GRACE@example.COM", " grace@example.com "] {
            let response = submit_login(
                &app,
                &browser(),
                &app.url("/login"),
                typed,
                "wrong password",
            )
            .await;
            assert_eq!(response.status(), 401, "{db:?}: the form again");
        }
        // A row written before addresses were normalised, as it was typed.
        app.app
            .store
            .record_audit(
                &gatehouse::store::AuditEvent {
                    kind: gatehouse::domain::AuditKind::SignInFailed,
                    user_id: None,
                    client_id: None,
                    ip: "198.51.100.7".into(),
                    user_agent: String::new(),
                    detail: "password sign-in failed for   Grace@Example.com ".into(),
                },
                app.clock.now_secs(),
            )
            .await
            .unwrap();
        let before = all_events(&app).await;
        assert!(
            before
                .iter()
                .filter(|e| e.detail.to_lowercase().contains("grace@example.com"))
                .count()
                >= 3,
            "{db:?}: the failures name the account"
        );

        let (status, _) = admin_api(&app, &key, Method::DELETE, &format!("/users/{grace}")).await;
        assert_eq!(status, 204, "{db:?}");

        let after = all_events(&app).await;
        for event in &after {
            assert!(
                !event.detail.to_lowercase().contains("grace@example.com"),
                "{db:?}: left in the trail: {:?}",
                event.detail
            );
        }
        let scrubbed: Vec<_> = after
            .iter()
            .filter(|e| e.detail.contains("[erased]"))
            .collect();
        assert!(scrubbed.len() >= 3, "{db:?}: {scrubbed:?}");
        assert!(
            scrubbed
                .iter()
                .all(|e| e.ip.is_empty() && e.user_agent.is_empty()),
            "{db:?}: their addresses and user agents go too"
        );
        let (_, found) = admin_api(&app, &key, Method::GET, "/audit-events?q=grace%40").await;
        assert_eq!(found["events"], serde_json::json!([]), "{db:?}");
    }
}

#[tokio::test]
async fn audit_fields_are_capped_at_write_time() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let huge_agent = "Mozilla/5.0 ".repeat(100 * 1024 / 12);
    let agent = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(huge_agent.as_str())
        .build()
        .unwrap();
    let typed = format!("{}@example.com", "é".repeat(5 * 1024));
    let response = submit_login(&app, &agent, &app.url("/login"), &typed, "wrong password").await;
    assert_eq!(response.status(), 401, "the form again");

    // A signed-in user's free text: the client id of a consent to revoke.
    let signed_in = submit_login(
        &app,
        &agent,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(signed_in.status(), 303);
    let page = agent
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_value(&page, "csrf");
    let long_text = "x".repeat(10 * 1024);
    let revoked = agent
        .post(app.url("/account/apps/revoke"))
        .form(&[("csrf", csrf.as_str()), ("client_id", long_text.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);

    let events = all_events(&app).await;
    for kind in ["sign_in_failed", "sign_in", "consent_revoked"] {
        assert!(events.iter().any(|e| e.kind == kind), "{kind} recorded");
    }
    for event in &events {
        assert!(
            event.detail.chars().count() <= 512,
            "{}: detail of {} characters",
            event.kind,
            event.detail.chars().count()
        );
        assert!(
            event.user_agent.chars().count() <= 256,
            "{}: user agent of {} characters",
            event.kind,
            event.user_agent.chars().count()
        );
        assert!(!event.detail.contains(&typed[..64]));
    }
    let consent = events.iter().find(|e| e.kind == "consent_revoked").unwrap();
    assert!(consent.detail.starts_with("xxxx") && consent.detail.ends_with('…'));
    let failed = events.iter().find(|e| e.kind == "sign_in_failed").unwrap();
    assert!(failed.user_agent.starts_with("Mozilla/5.0") && failed.user_agent.ends_with('…'));
}

#[tokio::test]
async fn text_typed_as_an_unknown_address_is_never_stored() {
    let app = spawn_app().await;
    let key = admin_key(&app).await;
    let response = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "hunter2-secret",
        "wrong password",
    )
    .await;
    assert_eq!(response.status(), 401, "the form again");
    let response = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "hunter2-secret@example.com",
        "wrong password",
    )
    .await;
    assert_eq!(response.status(), 401, "the form again");

    let (status, body) =
        admin_api(&app, &key, Method::GET, "/audit-events?kind=sign_in_failed").await;
    assert_eq!(status, 200);
    let events = body["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "both failures are recorded: {body}");
    assert!(!body.to_string().contains("hunter2-secret"), "{body}");
    assert!(
        events.iter().all(
            |e| e["detail"].as_str().unwrap().contains("unknown address")
                || e["detail"]
                    .as_str()
                    .unwrap()
                    .contains("not an e-mail address")
        ),
        "{body}"
    );

    let console = browser();
    assert_eq!(
        submit_login(
            &app,
            &console,
            &app.url("/login"),
            "root@example.com",
            PASSWORD
        )
        .await
        .status(),
        303
    );
    let page = console.get(app.url("/admin/audit")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("title=\"sign_in_failed\">Sign in failed</a>"),
        "the console lists the failures"
    );
    assert!(!html.contains("hunter2-secret"));

    // Nowhere in the database: not in the trail, not in a throttle's bucket name.
    assert!(!contains(&sqlite_bytes(&app), "hunter2-secret"));
}

#[tokio::test]
async fn old_audit_events_are_purged_by_the_periodic_clean_up() {
    for db in databases() {
        let app = spawn_app_with(db, |s| s.audit.retention_days = 30).await;
        let fail = |email: &'static str| {
            let app = &app;
            async move {
                submit_login(app, &browser(), &app.url("/login"), email, "wrong password").await
            }
        };
        fail("old@example.com").await;
        app.clock.advance(20 * 86_400);
        fail("recent@example.com").await;
        app.clock.advance(15 * 86_400);
        app.app.purge_old_rows().await.unwrap();
        let kept: Vec<String> = all_events(&app)
            .await
            .into_iter()
            .filter(|e| e.kind == "sign_in_failed")
            .map(|e| e.at.to_string())
            .collect();
        assert_eq!(kept.len(), 1, "{db:?}: only the recent failure is kept");

        // In batches: each statement deletes at most `batch` rows, and the loop goes on.
        let now = app.clock.now_secs();
        for _ in 0..7 {
            app.app
                .store
                .record_audit(
                    &gatehouse::store::AuditEvent {
                        kind: gatehouse::domain::AuditKind::SessionEnded,
                        user_id: None,
                        client_id: None,
                        ip: String::new(),
                        user_agent: String::new(),
                        detail: String::new(),
                    },
                    now - 400 * 86_400,
                )
                .await
                .unwrap();
        }
        let purged = app
            .app
            .store
            .purge_audit_before(now - 300 * 86_400, 3)
            .await
            .unwrap();
        assert_eq!(purged, 7, "{db:?}");
    }

    // 0 keeps everything.
    let app = spawn_app_with(Db::Sqlite, |s| s.audit.retention_days = 0).await;
    submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "x@example.com",
        "wrong",
    )
    .await;
    app.clock.advance(50 * 365 * 86_400);
    app.app.purge_old_rows().await.unwrap();
    assert!(
        all_events(&app)
            .await
            .iter()
            .any(|e| e.kind == "sign_in_failed")
    );

    let mut settings = gatehouse::config::Settings::default();
    settings.audit.retention_days = -1;
    assert!(
        settings.validated().is_err(),
        "a negative retention is refused"
    );
}

#[tokio::test]
async fn anonymous_events_from_one_address_are_capped() {
    // Throttling out of the way, so every attempt reaches the audit trail.
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.rate_limits.max_failures = 100_000;
        s.trust_proxy_headers = true;
    })
    .await;
    app.add_user("ada@example.com", &["user"]).await;
    let attacker = browser();
    let page = attacker
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_value(&page, "csrf");
    for i in 0..400 {
        let email = format!("guess{i}@example.com");
        let response = attacker
            .post(app.url("/login"))
            .header("x-forwarded-for", "203.0.113.50")
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email.as_str()),
                ("password", "wrong password"),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            response.status() == 401 || response.status() == 429,
            "attempt {i}: {}",
            response.status()
        );
    }
    let count = |kind: &'static str, ip: &'static str| {
        let app = &app;
        async move {
            app.app
                .store
                .audit_page(&gatehouse::store::AuditFilter {
                    kind: Some(kind.into()),
                    limit: 500,
                    ..Default::default()
                })
                .await
                .unwrap()
                .iter()
                .filter(|e| e.ip == ip)
                .count()
        }
    };
    let failures = count("sign_in_failed", "203.0.113.50").await;
    assert!(failures <= 300, "{failures} failures recorded");
    assert!(
        failures >= 290,
        "the quota's allowance is recorded: {failures}"
    );
    assert_eq!(count("audit_suppressed", "203.0.113.50").await, 1);

    // Another address is recorded as ever, and so is a real sign-in from the capped one.
    submit_login_from(
        &app,
        &browser(),
        &app.url("/login"),
        "nobody@example.com",
        "wrong password",
        Some("198.51.100.1"),
    )
    .await;
    assert_eq!(count("sign_in_failed", "198.51.100.1").await, 1);
    let ok = submit_login_from(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
        Some("203.0.113.50"),
    )
    .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(count("sign_in", "203.0.113.50").await, 1);
}

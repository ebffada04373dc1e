//! Providers managed through the admin API and the console: secrets in but never out, file
//! providers read-only, the lock-out confirmation, lost updates, other nodes, and keys
//! without `manage_providers`.

use reqwest::Method;
use serde_json::{Value, json};

use super::fakes::oidc::{self, FakeOidc, FakeUser, Mode};
use super::harness::*;
use crate::helpers::*;
use gatehouse::domain::Capability;

async fn key(app: &TestApp, owner: &str, capabilities: &[Capability]) -> String {
    let owner = app.app.store.user_by_id(owner).await.unwrap().unwrap();
    gatehouse::admin::api_keys::create(&app.app, &owner, "test", capabilities, None)
        .await
        .expect("a key")
        .key
}

fn corp_body(fake: &FakeOidc) -> Value {
    json!({
        "kind": "oidc", "id": "corp", "label": "Sign in with Corp",
        "client_id": oidc::CLIENT_ID, "client_secret": oidc::CLIENT_SECRET,
        "endpoints": {"issuer": fake.base_url()},
    })
}

#[tokio::test]
async fn the_api_adds_tests_uses_and_hides_a_provider() {
    let (app, _acme) = with_acme(|_| {}, |_| {}).await;
    let clock = SharedClock::new();
    let corp = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    clock.follow(&app);
    corp.add_user(FakeUser::new("ceo", Some("ceo@corp.example"), true));
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let key = key(&app, &root, &Capability::ALL).await;

    let (status, created) = app
        .api(
            Some(&key),
            Method::POST,
            "/providers",
            Some(corp_body(&corp)),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["callback_url"],
        app.url("/login/federated/corp/callback")
    );
    assert_eq!(created["source"], "database");
    let (_, listed) = app.api(Some(&key), Method::GET, "/providers", None).await;
    let text = listed.to_string();
    assert!(
        !text.contains(oidc::CLIENT_SECRET),
        "the secret never comes back"
    );
    let ids: Vec<&str> = listed["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"acme") && ids.contains(&"corp"), "{ids:?}");
    let acme = listed["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "acme")
        .unwrap();
    assert_eq!(acme["source"], "config_file");

    // Sealed at rest.
    let row = app
        .app
        .store
        .upstream_provider("corp")
        .await
        .unwrap()
        .unwrap();
    assert!(
        !row.client_secret_enc
            .windows(oidc::CLIENT_SECRET.len())
            .any(|w| w == oidc::CLIENT_SECRET.as_bytes())
    );

    let (status, report) = app
        .api(Some(&key), Method::POST, "/providers/corp/test", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(report["ok"], true, "{report}");
    assert!(
        report["message"]
            .as_str()
            .unwrap()
            .contains(corp.base_url())
    );

    // Its button is on the sign-in page, and it signs people in.
    let browser = browser();
    let (_, html) = app.get_page(&browser, "/login").await;
    assert!(html.contains("Sign in with Corp"));
    let done = through_provider(&app, &browser, "/login/federated/corp").await;
    assert_eq!(done.status(), 200);

    // A file provider cannot be changed here.
    let mut body = corp_body(&corp);
    body["kind"] = Value::Null;
    let (status, _) = app
        .api(
            Some(&key),
            Method::PUT,
            "/providers/acme",
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(Some(&key), Method::DELETE, "/providers/acme", None)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.api(Some(&key), Method::POST, "/providers", Some(json!({"kind": "oidc", "id": "acme", "client_id": "x", "client_secret": "y", "endpoints": {"issuer": corp.base_url()}}))).await;
    assert_eq!(status, 409, "a stored provider cannot shadow a file one");

    let trail = app.app.store.audit_events(None, 20).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "admin_provider_created" && e.detail.contains("corp"))
    );
    assert!(
        trail
            .iter()
            .all(|e| !e.detail.contains(oidc::CLIENT_SECRET))
    );
}

#[tokio::test]
async fn hostile_or_wrong_provider_input_is_refused_by_field() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let key = key(&app, &root, &Capability::ALL).await;
    let cases = [
        (
            json!({"kind": "myspace", "client_id": "a", "client_secret": "b"}),
            "kind",
        ),
        (
            json!({"kind": "oidc", "client_id": "a", "client_secret": "b", "endpoints": {"issuer": "https://i.example"}}),
            "id",
        ),
        (
            json!({"kind": "oidc", "id": "../x", "client_id": "a", "client_secret": "b", "endpoints": {"issuer": "https://i.example"}}),
            "id",
        ),
        (json!({"kind": "google", "client_id": "a"}), "client_secret"),
        (
            json!({"kind": "google", "client_id": "a", "client_secret": "b", "endpoints": {"issuer": "http://accounts.example.com"}}),
            "issuer",
        ),
        (
            json!({"kind": "google", "client_id": "a", "client_secret": "b", "endpoints": {"graph_url": "https://g.example"}}),
            "graph_url",
        ),
        (
            json!({"kind": "microsoft", "client_id": "a", "client_secret": "b", "endpoints": {"tenant": "not a tenant"}}),
            "tenant",
        ),
        (
            json!({"kind": "oidc", "id": "x", "client_id": "a", "client_secret": "b"}),
            "issuer",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = app
            .api(Some(&key), Method::POST, "/providers", Some(body.clone()))
            .await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["field"], field, "{body}: {answer}");
    }
    let (status, _) = app
        .api(
            Some(&key),
            Method::POST,
            "/providers",
            Some(json!({"kind": "google", "client_id": "a", "client_secret": "b", "surprise": 1})),
        )
        .await;
    assert_eq!(status, 400, "unknown fields are refused");
    let (_, listed) = app.api(Some(&key), Method::GET, "/providers", None).await;
    assert_eq!(listed["providers"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn disabling_or_deleting_what_users_depend_on_needs_confirmation() {
    let app = spawn_app().await;
    let clock = SharedClock::new();
    let corp = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    clock.follow(&app);
    corp.add_user(FakeUser::new("ceo", None, false));
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let key = key(&app, &root, &Capability::ALL).await;
    let (status, created) = app
        .api(
            Some(&key),
            Method::POST,
            "/providers",
            Some(corp_body(&corp)),
        )
        .await;
    assert_eq!(status, 201);
    // Someone signs up through it: their only way in.
    assert_eq!(
        through_provider(&app, &browser(), "/login/federated/corp")
            .await
            .status(),
        200
    );

    let mut body = corp_body(&corp);
    body["kind"] = Value::Null;
    body["id"] = Value::Null;
    body["client_secret"] = Value::Null;
    body["enabled"] = json!(false);
    body["version"] = created["version"].clone();
    let (status, refused) = app
        .api(
            Some(&key),
            Method::PUT,
            "/providers/corp",
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("1 user"),
        "{refused}"
    );

    // A stale version is refused rather than overwriting a newer save.
    body["confirm"] = json!(true);
    body["version"] = json!(99);
    let (status, _) = app
        .api(
            Some(&key),
            Method::PUT,
            "/providers/corp",
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 409);
    body["version"] = created["version"].clone();
    let (status, saved) = app
        .api(Some(&key), Method::PUT, "/providers/corp", Some(body))
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["enabled"], false);
    let (status, _) = app.get_page(&browser(), "/login/federated/corp").await;
    assert_eq!(status, 404, "disabled: no way in through it");
    // The secret was kept (left out of the body).
    let stored = app
        .app
        .federation
        .find(&app.app.store, &app.app.kek, "corp")
        .await
        .unwrap()
        .unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(stored.client_secret.expose_secret(), oidc::CLIENT_SECRET);

    let (status, refused) = app
        .api(Some(&key), Method::DELETE, "/providers/corp", None)
        .await;
    assert_eq!(status, 409, "{refused}");
    let (status, _) = app
        .api(
            Some(&key),
            Method::DELETE,
            "/providers/corp?confirm=true",
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.app.store.count_links_by_provider().await.unwrap(),
        vec![]
    );
}

#[tokio::test]
async fn keys_without_manage_providers_and_other_users_get_nothing() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let narrow = key(&app, &root, &[Capability::ManageClients]).await;
    for (method, path, body) in [
        (Method::GET, "/providers", None),
        (
            Method::POST,
            "/providers",
            Some(json!({"kind": "google", "client_id": "a", "client_secret": "b"})),
        ),
        (Method::GET, "/providers/google", None),
        (Method::POST, "/providers/google/test", None),
        (Method::DELETE, "/providers/google?confirm=true", None),
    ] {
        let (status, _) = app.api(Some(&narrow), method.clone(), path, body).await;
        assert_eq!(status, 403, "{method} {path}");
    }
    let (status, _) = app.api(None, Method::GET, "/providers", None).await;
    assert_eq!(status, 401);

    // The console: an ordinary user has no such page.
    app.add_user("plain@example.com", &["user"]).await;
    let plain = app.sign_in("plain@example.com", PASSWORD).await;
    let (status, _) = app.get_page(&plain, "/admin/providers").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_console_adds_and_edits_a_provider_and_other_nodes_follow() {
    let app = spawn_app().await;
    let clock = SharedClock::new();
    let corp = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    clock.follow(&app);
    corp.add_user(FakeUser::new("ceo", None, false));
    app.add_user("root@example.com", &["admin", "user"]).await;
    let admin = app.sign_in("root@example.com", PASSWORD).await;
    let (status, page) = app.get_page(&admin, "/admin/providers").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("/login/federated/&lt;id&gt;/callback"),
        "the callback URL is explained"
    );
    let added = app
        .post_form(
            &admin,
            "/admin/providers",
            &[
                ("kind", "oidc"),
                ("id", "corp"),
                ("client_id", oidc::CLIENT_ID),
                ("client_secret", oidc::CLIENT_SECRET),
                ("label", "Corp SSO"),
                ("enabled", "yes"),
                ("issuer", corp.base_url()),
            ],
        )
        .await;
    assert_eq!(added.status(), 303, "{}", added.text().await.unwrap());
    // A refused form comes back as typed, its error linked to the field, the secret not
    // echoed into the page.
    let refused = app
        .post_form(
            &admin,
            "/admin/providers",
            &[
                ("kind", "oidc"),
                ("id", "corp2"),
                ("client_id", oidc::CLIENT_ID),
                ("client_secret", "a-secret-never-shown"),
                ("label", "Corp Two"),
                ("position", "first"),
                ("issuer", corp.base_url()),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("<a href=\"#position\">"), "{html}");
    assert!(html.contains("value=\"Corp Two\""), "{html}");
    assert!(!html.contains("a-secret-never-shown"));
    let (_, page) = app.get_page(&admin, "/admin/providers/corp").await;
    assert!(page.contains(&app.url("/login/federated/corp/callback")));
    assert!(!page.contains(oidc::CLIENT_SECRET));

    // Test from the console.
    let csrf = hidden_value(&page, "csrf");
    let tested = app
        .post(&admin, "/admin/providers/corp/test", &[("csrf", &csrf)])
        .await;
    let html = tested.text().await.unwrap();
    assert!(html.contains("Test passed"), "{html}");

    // A second node has it too, and sees an edit made on the first.
    let node2 = app.second_node().await;
    let (_, login) = node2.get_page(&browser(), "/login").await;
    assert!(login.contains("Corp SSO"));
    let version = hidden_value(&page, "version");
    let saved = app
        .post_form(
            &admin,
            "/admin/providers/corp",
            &[
                ("client_id", oidc::CLIENT_ID),
                ("label", "Corp single sign-on"),
                ("enabled", "yes"),
                ("issuer", corp.base_url()),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let (_, login) = node2.get_page(&browser(), "/login").await;
    assert!(
        login.contains("Corp single sign-on"),
        "the other node follows the edit"
    );
    assert_eq!(
        through_provider(&node2, &browser(), "/login/federated/corp")
            .await
            .status(),
        200,
        "and signs in with the kept secret"
    );
}

#[tokio::test]
async fn the_dashboard_counts_sign_ins_per_provider() {
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    for _ in 0..2 {
        assert_eq!(
            through_provider(&app, &browser(), "/login/federated/acme")
                .await
                .status(),
            200
        );
    }
    fake.deny_next();
    through_provider(&app, &browser(), "/login/federated/acme").await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let admin = app.sign_in("root@example.com", PASSWORD).await;
    let (_, dashboard) = app.get_page(&admin, "/admin").await;
    assert!(
        dashboard.contains("sign-ins through acme (2)"),
        "{dashboard}"
    );
    assert!(dashboard.contains("sign-ins by password (1)"));
    assert!(
        dashboard.contains("failed attempts (1)"),
        "the cancelled one"
    );
}

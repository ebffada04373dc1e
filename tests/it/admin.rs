//! The admin JSON API (`/api/admin/v1`) with personal API keys: the authorization matrix
//! (every implemented endpoint for an administrator, a delegated privilege and a plain user),
//! delegation limits, the last-administrator guard, key limits, filters and paging, deletion.

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

struct Admin {
    app: TestApp,
    admin_key: String,
    advocate_key: String,
    plain_key: String,
    trainer_key: String,
    admin_id: String,
}

/// advocate may read users; trainer may read, create, invite and set privileges (a delegate).
async fn setup() -> Admin {
    setup_with(spawn_app_with(Db::Sqlite, permissions).await).await
}

fn permissions(s: &mut gatehouse::config::Settings) {
    s.permissions
        .insert("advocate".into(), vec!["access_user_info".into()]);
    s.permissions.insert(
        "trainer".into(),
        vec![
            "access_user_info".into(),
            "create_user".into(),
            "edit_user_privileges".into(),
            "invite_user".into(),
        ],
    );
    s.permissions.insert(
        "cron".into(),
        vec!["manage_clients".into(), "edit_user_info".into()],
    );
}

async fn setup_with(app: TestApp) -> Admin {
    let admin_id = app.add_user("root@example.com", &["admin", "user"]).await;
    let advocate = app
        .add_user("advocate@example.com", &["advocate", "user"])
        .await;
    let plain = app.add_user("plain@example.com", &["user"]).await;
    let trainer = app
        .add_user("trainer@example.com", &["trainer", "user"])
        .await;
    let key_for = |id: String| {
        let app = app.app.clone();
        async move {
            let owner = app.store.user_by_id(&id).await.unwrap().unwrap();
            let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app, &owner)
                .into_iter()
                .collect();
            let caps = if caps.is_empty() {
                vec![Capability::AccessUserInfo]
            } else {
                caps
            };
            // A plain user holds no capability, so their key is made directly in the store.
            match api_keys::create(&app, &owner, "test", &caps, None).await {
                Ok(created) => created.key,
                Err(_) => {
                    let key = format!(
                        "{}{}",
                        api_keys::KEY_PREFIX,
                        gatehouse::crypto::token::random_token()
                    );
                    app.store
                        .insert_api_key(&gatehouse::store::NewApiKey {
                            id: &gatehouse::crypto::token::random_id(),
                            user_id: &owner.id,
                            name: "plain",
                            key_hash: &gatehouse::crypto::token::hash_token(&key),
                            capabilities: "access_user_info",
                            now: 0,
                            expires_at: None,
                        })
                        .await
                        .unwrap();
                    key
                }
            }
        }
    };
    Admin {
        admin_key: key_for(admin_id.clone()).await,
        advocate_key: key_for(advocate).await,
        plain_key: key_for(plain).await,
        trainer_key: key_for(trainer).await,
        admin_id,
        app,
    }
}

/// An endpoint call: method, path, body, allowed for (admin, advocate, plain), success status.
type Case = (Method, String, Option<Value>, [bool; 3], u16);

async fn target(app: &TestApp, email: &str) -> String {
    app.add_user(email, &["user"]).await
}

#[tokio::test]
async fn authorization_matrix() {
    let a = setup().await;
    let app = &a.app;
    let who = [
        ("admin", a.admin_key.as_str()),
        ("advocate", a.advocate_key.as_str()),
        ("plain", a.plain_key.as_str()),
    ];
    for (name, key) in who {
        let id = target(app, &format!("target-{name}@example.com")).await;
        let client = app.add_client(ClientSpec::confidential()).await.id;
        // (method, path, body, allowed for admin, advocate, plain, success status)
        let cases: Vec<Case> = vec![
            (Method::GET, "/users".into(), None, [true, true, false], 200),
            (
                Method::GET,
                format!("/users/{id}"),
                None,
                [true, true, false],
                200,
            ),
            (
                Method::POST,
                "/users".into(),
                Some(
                    json!({"email": format!("new-{name}@example.com"), "first_name": "N", "last_name": "U",
                            "password": PASSWORD, "privileges": ["user"]}),
                ),
                [true, false, false],
                201,
            ),
            (
                Method::PATCH,
                format!("/users/{id}"),
                Some(json!({"first_name": "Renamed"})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/deactivate"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/reactivate"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::PUT,
                format!("/users/{id}/privileges"),
                Some(json!({"privileges": ["user", "customer"]})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/reset-password"),
                None,
                [true, false, false],
                202,
            ),
            (
                Method::POST,
                format!("/users/{id}/end-sessions"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                "/privileges".into(),
                None,
                [true, true, false],
                200,
            ),
            (
                Method::POST,
                "/privileges".into(),
                Some(json!({"name": format!("extra-{name}")})),
                [true, false, false],
                201,
            ),
            (
                Method::GET,
                "/audit-events".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                "/invitations".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                "/invitations".into(),
                Some(json!({"email": format!("invitee-{name}@example.com")})),
                [true, false, false],
                201,
            ),
            (
                Method::GET,
                "/clients".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                format!("/clients/{client}"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                "/clients".into(),
                Some(json!({"name": "New", "redirect_uris": ["https://rp.example/cb"]})),
                [true, false, false],
                201,
            ),
            (
                Method::PUT,
                format!("/clients/{client}"),
                Some(json!({"name": "Renamed", "redirect_uris": ["https://rp.example/cb2"]})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/clients/{client}/rotate-secret"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::DELETE,
                format!("/clients/{client}"),
                None,
                [true, false, false],
                204,
            ),
            (
                Method::DELETE,
                format!("/users/{id}"),
                None,
                [true, false, false],
                204,
            ),
        ];

        let column = match name {
            "admin" => 0,
            "advocate" => 1,
            _ => 2,
        };
        for (method, path, body, allowed, success) in cases {
            let (status, response) = app.api(Some(key), method.clone(), &path, body).await;
            let expected = if allowed[column] { success } else { 403 };
            assert_eq!(status, expected, "{name} {method} {path}: {response}");
            if expected == 403 {
                assert_eq!(response["error"], "forbidden");
            }
        }
    }
    // No key, a wrong key: 401 with a Bearer challenge.
    let (status, body) = app.api(None, Method::GET, "/users", None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unauthorized"))
    );
    let (status, _) = app
        .api(Some("ghk_not-a-real-key"), Method::GET, "/users", None)
        .await;
    assert_eq!(status, 401);
    let response = reqwest::Client::new()
        .get(app.url("/api/admin/v1/users"))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
}

#[tokio::test]
async fn delegates_cannot_grant_what_they_do_not_hold() {
    let a = setup().await;
    let app = &a.app;
    let id = target(app, "pupil@example.com").await;
    let key = Some(a.trainer_key.as_str());
    let (status, body) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{id}/privileges"),
            Some(json!({"privileges": ["user", "trainer"]})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["privileges"], json!(["trainer", "user"]));
    for escalation in ["admin", "developer"] {
        let (status, body) = app
            .api(
                key,
                Method::PUT,
                &format!("/users/{id}/privileges"),
                Some(json!({"privileges": ["user", escalation]})),
            )
            .await;
        assert_eq!(status, 403, "{escalation}: {body}");
    }
    let advocate = app
        .add_user("adv2@example.com", &["advocate", "user"])
        .await;
    let (status, _) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{advocate}/privileges"),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 403, "cannot take away a privilege it does not hold");
    let (status, _) = app.api(key,
        Method::POST,
        "/users",
        Some(json!({"email": "boss@example.com", "first_name": "B", "last_name": "O", "password": PASSWORD, "privileges": ["admin"]})),
    )
    .await;
    assert_eq!(status, 403);
    // A key cannot carry a capability its owner lacks.
    let trainer = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("trainer@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        api_keys::create(&app.app, &trainer, "x", &[Capability::DeleteUser], None)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_last_active_administrator_stays() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let bootstrap = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("admin@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    let (status, _) = app
        .api(
            key,
            Method::POST,
            &format!("/users/{}/deactivate", bootstrap.id),
            None,
        )
        .await;
    assert_eq!(status, 200, "two admins: one may go");
    let me = a.admin_id.as_str();
    let (status, body) = app
        .api(key, Method::POST, &format!("/users/{me}/deactivate"), None)
        .await;
    assert_eq!((status, body["error"].as_str()), (409, Some("conflict")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("last active administrator")
    );
    let (status, _) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{me}/privileges"),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = app
        .api(key, Method::DELETE, &format!("/users/{me}"), None)
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn keys_are_limited_revocable_expiring_and_follow_their_owner() {
    let a = setup().await;
    let app = &a.app;
    let root = app
        .app
        .store
        .user_by_id(&a.admin_id)
        .await
        .unwrap()
        .unwrap();
    let narrow = api_keys::create(
        &app.app,
        &root,
        "read only",
        &[Capability::AccessUserInfo],
        Some(app.clock.now_secs() + 3600),
    )
    .await
    .unwrap();
    assert_eq!(
        app.api(Some(&narrow.key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    let (status, _) = app
        .api(
            Some(&narrow.key),
            Method::POST,
            "/privileges",
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(status, 403, "the key carries only access_user_info");
    app.clock.advance(3601);
    assert_eq!(
        app.api(Some(&narrow.key), Method::GET, "/users", None)
            .await
            .0,
        401,
        "expired"
    );
    api_keys::revoke(&app.app, &root, &narrow.id).await.unwrap();
    let revoked = api_keys::list(&app.app, &root)
        .await
        .unwrap()
        .into_iter()
        .filter(|k| k.revoked_at.is_some())
        .count();
    assert_eq!(revoked, 1);
    assert!(
        api_keys::revoke(&app.app, &root, &narrow.id).await.is_err(),
        "revoking twice is NotFound"
    );
    // A revoked key is refused at once.
    let another = api_keys::create(
        &app.app,
        &root,
        "short-lived",
        &[Capability::AccessUserInfo],
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        app.api(Some(&another.key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    api_keys::revoke(&app.app, &root, &another.id)
        .await
        .unwrap();
    assert_eq!(
        app.api(Some(&another.key), Method::GET, "/users", None)
            .await
            .0,
        401
    );

    // The advocate's key loses its power when the advocate loses the privilege.
    let advocate = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("advocate@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::PUT,
            &format!("/users/{}/privileges", advocate.id),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        403
    );
    // ... and stops working when the owner is deactivated.
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::POST,
            &format!("/users/{}/deactivate", advocate.id),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn user_list_filters_and_pages() {
    let a = setup().await;
    let app = &a.app;
    for i in 0..5 {
        app.add_user(&format!("zeta{i}@example.com"), &["user", "customer"])
            .await;
    }
    let key = Some(a.admin_key.as_str());
    let (_, body) = app
        .api(key, Method::GET, "/users?q=ZETA&limit=2", None)
        .await;
    let page: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(page, ["zeta0@example.com", "zeta1@example.com"]);
    let cursor = body["next_cursor"].as_str().unwrap().to_string();
    let (_, body) = app
        .api(
            key,
            Method::GET,
            &format!("/users?q=zeta&limit=2&cursor={cursor}"),
            None,
        )
        .await;
    let page: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(page, ["zeta2@example.com", "zeta3@example.com"]);
    let (_, body) = app
        .api(
            key,
            Method::GET,
            "/users?privilege=customer&limit=100",
            None,
        )
        .await;
    assert_eq!(body["users"].as_array().unwrap().len(), 5);
    assert!(body["next_cursor"].is_null());
    let (_, body) = app
        .api(
            key,
            Method::GET,
            "/users?q=Lovelace&privilege=advocate",
            None,
        )
        .await;
    assert_eq!(
        body["users"].as_array().unwrap().len(),
        1,
        "names are searched too"
    );
    let zeta = body["users"][0]["id"].as_str().unwrap().to_string();
    app.api(
        key,
        Method::POST,
        &format!("/users/{zeta}/deactivate"),
        None,
    )
    .await;
    let (_, body) = app
        .api(key, Method::GET, "/users?status=deactivated", None)
        .await;
    assert_eq!(body["users"].as_array().unwrap().len(), 1);
    let (status, body) = app.api(key, Method::GET, "/users?q=%25", None).await;
    assert_eq!(
        (status, body["users"].as_array().unwrap().len()),
        (200, 0),
        "LIKE wildcards are literal"
    );
    let (status, body) = app
        .api(key, Method::GET, "/users?status=sleeping", None)
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("status")));
}

#[tokio::test]
async fn bad_input_gets_field_errors() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let create = |email: &str, password: &str, privileges: Value| json!({"email": email, "first_name": "A", "last_name": "B", "password": password, "privileges": privileges});
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/users",
            Some(create("not-an-email", PASSWORD, json!(["user"]))),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("email")));
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/users",
            Some(create("a@example.com", "password1234", json!(["user"]))),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("password")));
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/users",
            Some(create("a@example.com", PASSWORD, json!(["wizard"]))),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("privileges")));
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/users",
            Some(create("root@example.com", PASSWORD, json!(["user"]))),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = app
        .api(key, Method::POST, "/users", Some(json!({"email": 5})))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_body"))
    );
    let id = target(app, "t@example.com").await;
    let (status, body) = app
        .api(
            key,
            Method::PATCH,
            &format!("/users/{id}"),
            Some(json!({"details": {"country": "XX"}})),
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("details")));
    let (status, body) = app.api(key,
        Method::PATCH,
        &format!("/users/{id}"),
        Some(json!({"valid_until": "2099-01-01T00:00:00Z", "details": {"country": "be"}, "email": "T2@Example.com"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["details"]["country"], "BE");
    assert_eq!(body["valid_until"], "2099-01-01T00:00:00Z");
    assert_eq!(body["email"], "t2@example.com");
    let (status, _) = app.api(key, Method::GET, "/users/no-such-id", None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn deleting_a_user_erases_them_and_their_tokens() {
    let a = setup().await;
    let app = &a.app;
    let id = target(app, "gone@example.com").await;
    // A failed sign-in leaves the typed address in the trail, with no user id.
    submit_login(
        app,
        &browser(),
        &app.url("/login"),
        "gone@example.com",
        "not the password at all",
    )
    .await;

    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (auth, verifier) = pkce_authorize_url(app, &client, "openid offline_access");
    let callback = authorize_through_login(app, &browser, &auth, "gone@example.com").await;
    let tokens = exchange_code(
        app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::DELETE,
            &format!("/users/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.api(
            Some(&a.admin_key),
            Method::GET,
            &format!("/users/{id}"),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let (status, _) = token_request(
        app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 400);
    let events = app.app.store.audit_events(Some(&id), 50).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == "admin_user_deleted" && e.detail.contains(&a.admin_id)),
        "actor and target audited"
    );
    let everything = app.app.store.audit_events(None, 500).await.unwrap();
    assert!(
        !everything
            .iter()
            .any(|e| e.detail.contains("gone@example.com")),
        "no personal data left in the audit trail"
    );
}

#[tokio::test]
async fn privileges_can_be_added_and_deleted_with_confirmation() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, _) = app
        .api(
            key,
            Method::POST,
            "/privileges",
            Some(json!({"name": "auditor"})),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        app.api(
            key,
            Method::POST,
            "/privileges",
            Some(json!({"name": "auditor"}))
        )
        .await
        .0,
        409
    );
    assert_eq!(
        app.api(
            key,
            Method::POST,
            "/privileges",
            Some(json!({"name": "Not Valid"}))
        )
        .await
        .0,
        422
    );
    let holder = app
        .add_user("holder@example.com", &["user", "auditor"])
        .await;
    assert_eq!(
        app.api(key, Method::DELETE, "/privileges/user", None)
            .await
            .0,
        403,
        "built-ins stay"
    );
    let (status, body) = app
        .api(key, Method::DELETE, "/privileges/auditor", None)
        .await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("1 user(s)"));
    let (status, body) = app
        .api(
            key,
            Method::DELETE,
            "/privileges/auditor?confirm=true",
            None,
        )
        .await;
    assert_eq!(
        (status, body["removed_from_users"].as_i64()),
        (200, Some(1))
    );
    let (_, user) = app
        .api(key, Method::GET, &format!("/users/{holder}"), None)
        .await;
    assert_eq!(user["privileges"], json!(["user"]));
    let (_, list) = app.api(key, Method::GET, "/privileges", None).await;
    assert!(!list.to_string().contains("auditor"));
    assert_eq!(list["privileges"][0]["builtin"], true);
}

#[tokio::test]
async fn audit_events_are_searchable_by_holders_of_view_audit_log() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let id = target(app, "audited@example.com").await;
    app.api(key, Method::POST, &format!("/users/{id}/deactivate"), None)
        .await;
    app.api(key, Method::POST, &format!("/users/{id}/reactivate"), None)
        .await;
    submit_login(
        app,
        &browser(),
        &app.url("/login"),
        "audited@example.com",
        "wrong password here",
    )
    .await;

    let (status, body) = app
        .api(key, Method::GET, &format!("/audit-events?user={id}"), None)
        .await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["admin_user_reactivated", "admin_user_deactivated"],
        "newest first, for that user"
    );
    let actor_named = body["events"][0]["detail"]
        .as_str()
        .unwrap()
        .contains(&a.admin_id);
    assert!(actor_named, "the actor is recorded");
    let (_, failed) = app
        .api(key, Method::GET, "/audit-events?kind=sign_in_failed", None)
        .await;
    assert!(
        failed["events"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("audited@example.com")
    );
    // Paging backwards through everything, two at a time, visits each event once.
    let (_, all) = app
        .api(key, Method::GET, "/audit-events?limit=500", None)
        .await;
    let total = all["events"].as_array().unwrap().len();
    let mut seen = 0;
    let mut cursor = String::new();
    loop {
        let (_, page) = app
            .api(
                key,
                Method::GET,
                &format!("/audit-events?limit=2&cursor={cursor}"),
                None,
            )
            .await;
        seen += page["events"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, total);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/audit-events", None)
            .await
            .0,
        403
    );
    assert_eq!(
        app.api(key, Method::GET, "/audit-events?cursor=garbage", None)
            .await
            .0,
        422
    );
}

#[tokio::test]
async fn clients_are_managed_through_the_api() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, created) = app.api(key,
        Method::POST,
        "/clients",
        Some(json!({"client_id": "portal", "name": "Portal", "first_party": true,
                    "redirect_uris": ["http://127.0.0.1:9/callback"], "scopes": ["openid", "email"]})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let secret = created["client_secret"].as_str().unwrap().to_string();
    assert_eq!(created["scopes"], json!(["email", "openid"]));
    let (status, listed) = app.api(key, Method::GET, "/clients", None).await;
    assert_eq!(status, 200);
    assert!(
        !listed.to_string().contains(&secret),
        "secrets are shown once"
    );
    assert_eq!(app.api(key, Method::POST, "/clients", Some(json!({"client_id": "portal", "name": "Again", "redirect_uris": ["https://x.example/cb"]}))).await.0, 409);
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/clients",
            Some(json!({"name": "Bad", "redirect_uris": ["http://evil.example/cb"]})),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("redirect_uris"))
    );
    let (status, body) =
        app.api(key, Method::PUT, "/clients/portal", Some(json!({"name": "Portal", "public": true, "redirect_uris": ["http://127.0.0.1:9/callback"]}))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("public")));

    // The secret works, rotation replaces it, deletion ends the client.
    let portal = RegisteredClient {
        id: "portal".into(),
        secret: Some(secret.clone()),
        redirect_uri: "http://127.0.0.1:9/callback".into(),
    };
    let (status, _) = app.api(key, Method::PUT, "/clients/portal", Some(json!({"name": "Portal", "redirect_uris": ["http://127.0.0.1:9/callback"], "grant_types": ["client_credentials"]}))).await;
    assert_eq!(status, 200);
    assert_eq!(
        token_request(app, &portal, &[("grant_type", "client_credentials")])
            .await
            .0,
        200
    );
    let (_, rotated) = app
        .api(key, Method::POST, "/clients/portal/rotate-secret", None)
        .await;
    assert_eq!(
        token_request(app, &portal, &[("grant_type", "client_credentials")])
            .await
            .0,
        401,
        "old secret refused"
    );
    let renewed = RegisteredClient {
        secret: rotated["client_secret"].as_str().map(str::to_string),
        ..portal.clone()
    };
    assert_eq!(
        token_request(app, &renewed, &[("grant_type", "client_credentials")])
            .await
            .0,
        200
    );
    assert_eq!(
        app.api(key, Method::DELETE, "/clients/portal", None)
            .await
            .0,
        204
    );
    assert_eq!(
        app.api(key, Method::GET, "/clients/portal", None).await.0,
        404
    );
    assert_eq!(
        token_request(app, &renewed, &[("grant_type", "client_credentials")])
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn invitations_register_people_with_the_invited_privileges() {
    let (app, sink) = crate::accounts::spawn_with_mail(|s| {
        permissions(s);
        s.accounts.allow_registration = false;
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, invitation) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "Newbie@Example.com", "privileges": ["user", "customer"]})),
        )
        .await;
    assert_eq!(status, 201, "{invitation}");
    assert_eq!(invitation["status"], "open");
    let message = sink
        .wait_for("newbie@example.com", std::time::Duration::from_secs(5))
        .await;
    assert!(message.subject().contains("Gatehouse"));
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();

    // Registration is closed, yet the invitation works.
    let browser = browser();
    let page = browser
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("newbie@example.com"));
    let form = |password: &str| {
        vec![
            ("csrf", hidden_value(&page, "csrf")),
            ("token", hidden_value(&page, "token")),
            ("first_name", "New".to_string()),
            ("last_name", "Bie".to_string()),
            ("password", password.to_string()),
        ]
    };
    let weak = browser
        .post(app.url("/invite"))
        .form(&form("password1234"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        weak.status(),
        422,
        "the invitation survives a refused password"
    );
    let done = browser
        .post(app.url("/invite"))
        .form(&form(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?invited=1");
    assert_eq!(
        browser.get(&link).send().await.unwrap().status(),
        400,
        "single use"
    );

    // Sign in through an RP: the ID token carries the invited privileges.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(app, &client, "openid privileges");
    let callback =
        authorize_through_login(app, &crate::helpers::browser(), &auth, "newbie@example.com").await;
    let tokens = exchange_code(
        app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let payload = tokens["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["privileges"], json!(["customer", "user"]));
    assert_eq!(claims.get("email_verified"), None, "no email scope asked");

    let (_, list) = app.api(key, Method::GET, "/invitations", None).await;
    assert_eq!(list["invitations"][0]["status"], "accepted");
}

#[tokio::test]
async fn invitations_expire_can_be_resent_and_revoked() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (_, inv) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "late@example.com"})),
        )
        .await;
    let id = inv["id"].as_str().unwrap().to_string();
    let first = sink
        .wait_for("late@example.com", std::time::Duration::from_secs(5))
        .await;
    let first_link = first
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    app.clock.advance(7 * 86400 + 1);
    assert_eq!(
        browser().get(&first_link).send().await.unwrap().status(),
        400,
        "expired after 7 days"
    );
    let (_, listed) = app.api(key, Method::GET, "/invitations", None).await;
    assert_eq!(listed["invitations"][0]["status"], "expired");

    let (status, _) = app
        .api(
            key,
            Method::POST,
            &format!("/invitations/{id}/resend"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(sink.messages().len(), 2);
    let second = sink
        .wait_for("late@example.com", std::time::Duration::from_secs(5))
        .await;
    let second_link = second
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    assert_ne!(first_link, second_link);
    assert_eq!(
        browser().get(&second_link).send().await.unwrap().status(),
        200
    );

    assert_eq!(
        app.api(key, Method::DELETE, &format!("/invitations/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        browser().get(&second_link).send().await.unwrap().status(),
        400,
        "revoked"
    );
    assert_eq!(
        app.api(key, Method::DELETE, &format!("/invitations/{id}"), None)
            .await
            .0,
        409
    );

    // Delegates invite only with privileges they hold; existing users cannot be invited.
    let trainer = Some(a.trainer_key.as_str());
    let (status, _) = app
        .api(
            trainer,
            Method::POST,
            "/invitations",
            Some(json!({"email": "x@example.com", "privileges": ["admin"]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            trainer,
            Method::POST,
            "/invitations",
            Some(json!({"email": "x@example.com", "privileges": ["trainer"]})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "root@example.com"})),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/invitations", None)
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn machine_clients_call_the_api_with_admin_scopes() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, created) = app
        .api(
            key,
            Method::POST,
            "/clients",
            Some(
                json!({"client_id": "robot", "name": "Robot", "grant_types": ["client_credentials"],
                    "scopes": ["admin:access_user_info", "admin:invite_user"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let robot = RegisteredClient {
        id: "robot".into(),
        secret: created["client_secret"].as_str().map(str::to_string),
        redirect_uri: String::new(),
    };
    let (status, read_only) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:access_user_info"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{read_only}");
    let token = read_only["access_token"].as_str().unwrap();
    assert_eq!(
        app.api(Some(token), Method::GET, "/users", None).await.0,
        200
    );
    let invite = json!({"email": "from-robot@example.com"});
    assert_eq!(
        app.api(
            Some(token),
            Method::POST,
            "/invitations",
            Some(invite.clone())
        )
        .await
        .0,
        403,
        "scope not asked for"
    );
    let (_, both) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:access_user_info admin:invite_user"),
        ],
    )
    .await;
    let token = both["access_token"].as_str().unwrap().to_string();
    let (status, body) = app
        .api(Some(&token), Method::POST, "/invitations", Some(invite))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["invited_by"], Value::Null);
    let (_, events) = app
        .api(key, Method::GET, "/audit-events?kind=invitation_sent", None)
        .await;
    assert!(
        events["events"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("client:robot"),
        "the client is the recorded actor"
    );
    // Scopes beyond the client's registration are refused at the token endpoint.
    let (status, body) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:delete_user"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    // A revoked token stops at once.
    reqwest::Client::new()
        .post(app.url("/revoke"))
        .basic_auth("robot", robot.secret.as_deref())
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        app.api(Some(&token), Method::GET, "/users", None).await.0,
        401
    );

    // User tokens never reach the admin API, and users cannot ask for admin scopes.
    let web = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(app, &web, "openid");
    let callback = authorize_through_login(app, &browser(), &auth, "root@example.com").await;
    let tokens = exchange_code(
        app,
        &web,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let (status, _) = app
        .api(tokens["access_token"].as_str(), Method::GET, "/users", None)
        .await;
    assert_eq!(status, 403);
    let (auth, _) = pkce_authorize_url(app, &web, "openid admin:access_user_info");
    let response = browser().get(&auth).send().await.unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("invalid_scope")
    );
}

// ---- the console ------------------------------------------------------------------------------

/// A browser signed in as `email` with a console page's CSRF token.
async fn console(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let browser = app.sign_in(email, PASSWORD).await;
    let csrf = app.csrf(&browser, "/account").await;
    (browser, csrf)
}

#[tokio::test]
async fn console_pages_follow_capabilities() {
    let a = setup().await;
    let app = &a.app;
    let (plain, _) = console(app, "plain@example.com").await;
    assert_eq!(
        plain.get(app.url("/admin")).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        location(&browser().get(app.url("/admin/users")).send().await.unwrap()),
        "/login"
    );

    let (advocate, csrf) = console(app, "advocate@example.com").await;
    let dashboard = advocate
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("href=\"/admin/users\"")
            && !dashboard.contains("href=\"/admin/clients\""),
        "menus follow capabilities"
    );
    assert!(
        !dashboard.contains("<svg"),
        "no audit capability, no sign-in chart"
    );
    assert_eq!(
        advocate
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    for path in [
        "/admin/clients",
        "/admin/audit",
        "/admin/invitations",
        "/admin/users/new",
    ] {
        assert_eq!(
            advocate.get(app.url(path)).send().await.unwrap().status(),
            403,
            "{path}"
        );
    }
    let target = target(app, "victim@example.com").await;
    let r = app
        .post(
            &advocate,
            &format!("/admin/users/{target}/active"),
            &[("csrf", &csrf), ("active", "false")],
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .post(
            &advocate,
            &format!("/admin/users/{target}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status(), 403);
    // And without the CSRF token nothing happens even for an administrator.
    let (admin, _) = console(app, "root@example.com").await;
    let r = app
        .post(
            &admin,
            &format!("/admin/users/{target}/active"),
            &[("csrf", "forged"), ("active", "false")],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(
        app.app
            .store
            .user_by_id(&target)
            .await
            .unwrap()
            .unwrap()
            .active
    );
}

#[tokio::test]
async fn administrators_manage_users_through_the_console() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;
    let dashboard = admin
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("<svg")
            && dashboard.contains("sign-ins by password")
            && dashboard.contains("failed attempts"),
        "the sign-in chart"
    );

    // Add a user.
    let created = app
        .post(
            &admin,
            "/admin/users/new",
            &[
                ("csrf", &csrf),
                ("first_name", "Ken"),
                ("last_name", "Thompson"),
                ("email", "ken@example.com"),
                ("password", PASSWORD),
                ("privilege", "user"),
                ("privilege", "developer"),
            ],
        )
        .await;
    let page_url = location(&created);
    assert!(
        page_url.starts_with("/admin/users/") && page_url.ends_with("?done=created"),
        "{page_url}"
    );
    let id = page_url
        .trim_start_matches("/admin/users/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let ken = app.app.store.user_by_id(&id).await.unwrap().unwrap();
    assert_eq!(ken.privileges, vec!["developer", "user"]);
    let weak = app
        .post(
            &admin,
            "/admin/users/new",
            &[
                ("csrf", &csrf),
                ("first_name", "A"),
                ("last_name", "B"),
                ("email", "ab@example.com"),
                ("password", "password1234"),
                ("privilege", "user"),
            ],
        )
        .await;
    assert_eq!(weak.status(), 422);
    assert!(weak.text().await.unwrap().contains("too easy to guess"));

    // Search finds him; his page shows the forms the admin may use.
    let list = admin
        .get(app.url("/admin/users?q=thompson"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("ken@example.com") && !list.contains("plain@example.com"));
    let page = admin
        .get(app.url(&format!("/admin/users/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Send a password-reset link") && page.contains("Delete"));

    // Edit profile and validity; privileges; reset link; sessions; deactivate; delete.
    let saved = app
        .post(
            &admin,
            &format!("/admin/users/{id}/profile"),
            &[
                ("csrf", &csrf),
                ("email", "ken@bell-labs.example.com"),
                ("first_name", "Ken"),
                ("last_name", "Thompson"),
                ("country", "us"),
                ("valid_until", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(location(&saved), format!("/admin/users/{id}?done=saved"));
    let ken = app.app.store.user_by_id(&id).await.unwrap().unwrap();
    assert_eq!(
        (ken.email_text(), ken.details.country.as_str()),
        ("ken@bell-labs.example.com", "US")
    );
    assert_eq!(ken.valid_until, Some(4102358400));
    let bad = app
        .post(
            &admin,
            &format!("/admin/users/{id}/profile"),
            &[
                ("csrf", &csrf),
                ("email", "x@example.com"),
                ("first_name", "K"),
                ("last_name", "T"),
                ("valid_from", "31/12/2099"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    app.post(
        &admin,
        &format!("/admin/users/{id}/privileges"),
        &[("csrf", &csrf), ("privilege", "user")],
    )
    .await;
    assert_eq!(
        app.app
            .store
            .user_by_id(&id)
            .await
            .unwrap()
            .unwrap()
            .privileges,
        vec!["user"]
    );
    let sent = app
        .post(
            &admin,
            &format!("/admin/users/{id}/reset-password"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(location(&sent), format!("/admin/users/{id}?done=sent"));
    let mail = sink
        .wait_for(
            "ken@bell-labs.example.com",
            std::time::Duration::from_secs(5),
        )
        .await;
    assert!(mail.text_body().contains("/password/reset?token="));
    let kens_browser = app.sign_in("ken@bell-labs.example.com", PASSWORD).await;
    app.post(
        &admin,
        &format!("/admin/users/{id}/end-sessions"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        location(&kens_browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let off = app
        .post(
            &admin,
            &format!("/admin/users/{id}/active"),
            &[("csrf", &csrf), ("active", "false")],
        )
        .await;
    assert_eq!(
        location(&off),
        format!("/admin/users/{id}?done=deactivated")
    );
    assert!(!app.app.store.user_by_id(&id).await.unwrap().unwrap().active);
    let unconfirmed = app
        .post(
            &admin,
            &format!("/admin/users/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unconfirmed.status(), 422);
    let deleted = app
        .post(
            &admin,
            &format!("/admin/users/{id}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&deleted), "/admin/users?done=deleted");
    assert!(app.app.store.user_by_id(&id).await.unwrap().is_none());

    // The audit page shows what happened, with the actor.
    let audit = admin
        .get(app.url(&format!("/admin/audit?user={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for kind in [
        "admin_user_created",
        "admin_privileges_set",
        "admin_password_reset_sent",
        "admin_user_deactivated",
        "admin_user_deleted",
    ] {
        assert!(audit.contains(kind), "{kind} in the audit page");
    }
}

#[tokio::test]
async fn console_privileges_invitations_clients_and_keys() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;

    // Privileges: add, refuse to delete a held one without confirmation, then delete.
    app.post(
        &admin,
        "/admin/privileges",
        &[("csrf", &csrf), ("name", "editor")],
    )
    .await;
    app.add_user("ed@example.com", &["user", "editor"]).await;
    let page = admin
        .get(app.url("/admin/privileges"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("editor") && page.contains("remove from 1 user(s)"));
    let refused = app
        .post(
            &admin,
            "/admin/privileges/editor/delete",
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status(), 409);
    let deleted = app
        .post(
            &admin,
            "/admin/privileges/editor/delete",
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&deleted), "/admin/privileges?done=deleted");

    // Invitations: send, list, revoke.
    let sent = app
        .post(
            &admin,
            "/admin/invitations",
            &[
                ("csrf", &csrf),
                ("email", "guest@example.com"),
                ("privilege", "customer"),
            ],
        )
        .await;
    assert_eq!(location(&sent), "/admin/invitations?done=sent");
    sink.wait_for("guest@example.com", std::time::Duration::from_secs(5))
        .await;
    let page = admin
        .get(app.url("/admin/invitations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("guest@example.com") && page.contains("open"));
    let id = page
        .split("/admin/invitations/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    app.post(
        &admin,
        &format!("/admin/invitations/{id}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    let page = admin
        .get(app.url("/admin/invitations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("revoked"));

    // Clients: register (secret shown once), edit, rotate, delete.
    let registered = app
        .post(
            &admin,
            "/admin/clients",
            &[
                ("csrf", &csrf),
                ("name", "Wiki"),
                (
                    "redirect_uris",
                    "https://wiki.example/cb\nhttps://wiki.example/cb2",
                ),
                ("grant_types", "authorization_code refresh_token"),
                ("scopes", "openid email"),
            ],
        )
        .await;
    assert_eq!(registered.status(), 200);
    let html = registered.text().await.unwrap();
    let secret = html
        .split("<code id=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(secret.len(), 43);
    let clients = app.app.store.list_clients().await.unwrap();
    let wiki = clients.iter().find(|c| c.name == "Wiki").unwrap();
    assert_eq!(wiki.redirect_uris.len(), 2);
    let page = admin
        .get(app.url(&format!("/admin/clients/{}", wiki.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains(&secret), "the secret is not shown again");
    let bad = app
        .post(
            &admin,
            &format!("/admin/clients/{}", wiki.id),
            &[
                ("csrf", &csrf),
                ("name", "Wiki"),
                ("redirect_uris", "http://evil.example/cb"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let saved = app
        .post(
            &admin,
            &format!("/admin/clients/{}", wiki.id),
            &[
                ("csrf", &csrf),
                ("name", "Wiki 2"),
                ("first_party", "yes"),
                ("redirect_uris", "https://wiki.example/cb"),
            ],
        )
        .await;
    assert_eq!(
        location(&saved),
        format!("/admin/clients/{}?done=saved", wiki.id)
    );
    let rotated = app
        .post(
            &admin,
            &format!("/admin/clients/{}/rotate-secret", wiki.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert!(rotated.text().await.unwrap().contains("New client secret"));
    let gone = app
        .post(
            &admin,
            &format!("/admin/clients/{}/delete", wiki.id),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&gone), "/admin/clients?done=deleted");

    // API keys: create (shown once) and use it, then revoke.
    let created = app
        .post(
            &admin,
            "/admin/api-keys",
            &[
                ("csrf", &csrf),
                ("name", "ci"),
                ("capability", "access_user_info"),
            ],
        )
        .await;
    let html = created.text().await.unwrap();
    let key = html
        .split("<code id=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(key.starts_with("ghk_"));
    assert_eq!(
        app.api(Some(&key), Method::GET, "/users", None).await.0,
        200
    );
    let page = admin
        .get(app.url("/admin/api-keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = page
        .split("<tr>")
        .find(|row| row.contains("<td>ci</td>"))
        .expect("the new key is listed");
    let key_id = row
        .split("/admin/api-keys/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();

    app.post(
        &admin,
        &format!("/admin/api-keys/{key_id}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        app.api(Some(&key), Method::GET, "/users", None).await.0,
        401
    );
}

/// Headless Chromium: an administrator invites someone from the console; the invitee
/// registers from the message and signs in to a relying party, whose ID token carries the
/// invited privilege.
#[tokio::test]
async fn invite_register_and_sign_in_in_chromium() {
    use crate::browser::{click, fill, wait_for_url};
    use fantoccini::Locator;
    let Some((chrome, _guard)) = crate::browser::chromium().await else {
        return;
    };
    let (app, sink) = crate::accounts::spawn_with_mail(|s| {
        permissions(s);
        s.accounts.allow_registration = false;
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    chrome.goto(&app.url("/login")).await.unwrap();
    fill(&chrome, "email", "root@example.com").await;
    fill(&chrome, "password", PASSWORD).await;
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "/account").await;
    chrome
        .find(Locator::LinkText("Administration console"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&chrome, "/admin").await;
    std::fs::write(
        shots.join("console-dashboard.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();
    chrome.goto(&app.url("/admin/users")).await.unwrap();
    std::fs::write(
        shots.join("console-users.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();
    chrome
        .find(Locator::LinkText("Invitations"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&chrome, "/admin/invitations").await;
    fill(&chrome, "email", "invitee@example.com").await;
    click(&chrome, "input[value=customer]").await;
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "done=sent").await;
    std::fs::write(
        shots.join("console-invitations.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();

    let message = sink
        .wait_for("invitee@example.com", std::time::Duration::from_secs(10))
        .await;
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    chrome.goto(&link).await.unwrap();
    fill(&chrome, "first_name", "Invited").await;
    fill(&chrome, "last_name", "Person").await;
    fill(&chrome, "password", PASSWORD).await;
    std::fs::write(shots.join("invite.png"), chrome.screenshot().await.unwrap()).unwrap();
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "/login?invited=1").await;

    // The invitee signs in to a relying party.
    let (client, _) = crate::browser::start_relying_party(app).await;
    let challenge = gatehouse::crypto::token::b64url(&gatehouse::crypto::token::sha256(
        b"browser-test-verifier-0123456789-abcdefghijklmnop",
    ));
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid%20email%20privileges&state=s&prompt=login&code_challenge={challenge}&code_challenge_method=S256",
        app.url("/authorize"),
        client.id,
        client.redirect_uri
    );
    chrome.goto(&auth).await.unwrap();
    wait_for_url(&chrome, "/login?req=").await;
    fill(&chrome, "email", "invitee@example.com").await;
    fill(&chrome, "password", PASSWORD).await;
    click(&chrome, "button.primary").await;
    let result = chrome
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(
        result.text().await.unwrap(),
        "Signed in as invitee@example.com"
    );
    let privileges = chrome
        .find(Locator::Id("privileges"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(privileges.contains("customer"), "{privileges}");
    chrome.close().await.unwrap();
}

/// The OpenAPI document is generated with the routes: every documented operation exists and
/// asks for authentication, and every operation the API serves is documented.
#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let app = spawn_app().await;
    let doc: Value = reqwest::get(app.url("/api/admin/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    documented.sort();
    let expected = [
        "DELETE /api/admin/v1/clients/{id}",
        "DELETE /api/admin/v1/invitations/{id}",
        "DELETE /api/admin/v1/privileges/{name}",
        "DELETE /api/admin/v1/users/{id}",
        "DELETE /api/admin/v1/users/{id}/second-factor",
        "GET /api/admin/v1/audit-events",
        "GET /api/admin/v1/clients",
        "GET /api/admin/v1/clients/{id}",
        "GET /api/admin/v1/invitations",
        "GET /api/admin/v1/mfa-policy",
        "GET /api/admin/v1/privileges",
        "GET /api/admin/v1/users",
        "GET /api/admin/v1/users/{id}",
        "PATCH /api/admin/v1/users/{id}",
        "POST /api/admin/v1/clients",
        "POST /api/admin/v1/clients/{id}/rotate-secret",
        "POST /api/admin/v1/invitations",
        "POST /api/admin/v1/invitations/{id}/resend",
        "POST /api/admin/v1/privileges",
        "POST /api/admin/v1/users",
        "POST /api/admin/v1/users/{id}/deactivate",
        "POST /api/admin/v1/users/{id}/end-sessions",
        "POST /api/admin/v1/users/{id}/reactivate",
        "POST /api/admin/v1/users/{id}/reset-password",
        "PUT /api/admin/v1/clients/{id}",
        "PUT /api/admin/v1/mfa-policy",
        "PUT /api/admin/v1/users/{id}/privileges",
    ];
    assert_eq!(documented, expected);
    let client = reqwest::Client::new();
    for operation in &documented {
        let (method, path) = operation.split_once(' ').unwrap();
        let url = app.url(&path.replace("{id}", "x").replace("{name}", "x"));
        let response = client
            .request(method.parse().unwrap(), url)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            401,
            "{operation} exists and needs a credential"
        );
        let summary = &doc["paths"][path][method.to_lowercase()]["summary"];
        assert!(
            summary.as_str().is_some_and(|s| !s.is_empty()),
            "{operation} is described"
        );
    }
}

/// A console form post: path, fields, the administrator's success status.
type ConsoleAction<'a> = (String, Vec<(&'a str, &'a str)>, u16);

/// The console's authorization matrix: every page and every action, for an administrator, a
/// delegate holding only `access_user_info`, and a user with no capability.
#[tokio::test]
async fn console_authorization_matrix() {
    let a = setup().await;
    let app = &a.app;
    let sessions = [
        ("admin", console(app, "root@example.com").await),
        ("advocate", console(app, "advocate@example.com").await),
        ("plain", console(app, "plain@example.com").await),
    ];
    for (name, (browser, csrf)) in &sessions {
        let column = match *name {
            "admin" => 0,
            "advocate" => 1,
            _ => 2,
        };
        let id = target(app, &format!("console-{name}@example.com")).await;
        let client = app.add_client(ClientSpec::confidential()).await.id;
        let privilege = format!("extra-{name}");
        app.app
            .store
            .ensure_privileges(&[privilege.as_str()], false, 0)
            .await
            .unwrap();
        let pages: Vec<(String, [u16; 3])> = vec![
            ("/admin".into(), [200, 200, 403]),
            ("/admin/users".into(), [200, 200, 403]),
            ("/admin/users/new".into(), [200, 403, 403]),
            (format!("/admin/users/{id}"), [200, 200, 403]),
            ("/admin/privileges".into(), [200, 200, 403]),
            ("/admin/invitations".into(), [200, 403, 403]),
            ("/admin/clients".into(), [200, 403, 403]),
            (format!("/admin/clients/{client}"), [200, 403, 403]),
            ("/admin/audit".into(), [200, 403, 403]),
            ("/admin/api-keys".into(), [200, 200, 403]),
        ];
        for (path, expected) in pages {
            let status = browser
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert_eq!(status, expected[column], "{name} GET {path}");
        }
        let email = format!("made-by-{name}@example.com");
        let invitee = format!("invited-by-{name}@example.com");
        let actions: Vec<ConsoleAction> = vec![
            (
                "/admin/users/new".into(),
                vec![
                    ("first_name", "N"),
                    ("last_name", "U"),
                    ("email", &email),
                    ("password", PASSWORD),
                    ("privilege", "user"),
                ],
                303,
            ),
            (
                format!("/admin/users/{id}/profile"),
                vec![
                    ("email", "renamed@example.com"),
                    ("first_name", "R"),
                    ("last_name", "N"),
                ],
                303,
            ),
            (
                format!("/admin/users/{id}/privileges"),
                vec![("privilege", "user"), ("privilege", "customer")],
                303,
            ),
            (format!("/admin/users/{id}/end-sessions"), vec![], 303),
            (format!("/admin/users/{id}/reset-password"), vec![], 303),
            (
                format!("/admin/users/{id}/active"),
                vec![("active", "false")],
                303,
            ),
            (
                "/admin/privileges".into(),
                vec![("name", "added-here")],
                303,
            ),
            (format!("/admin/privileges/{privilege}/delete"), vec![], 303),
            ("/admin/invitations".into(), vec![("email", &invitee)], 303),
            (
                "/admin/clients".into(),
                vec![("name", "C"), ("redirect_uris", "https://c.example/cb")],
                200,
            ),
            (
                format!("/admin/clients/{client}"),
                vec![("name", "C2"), ("redirect_uris", "https://c.example/cb")],
                303,
            ),
            (
                format!("/admin/clients/{client}/rotate-secret"),
                vec![],
                200,
            ),
            (
                format!("/admin/clients/{client}/delete"),
                vec![("confirm", "yes")],
                303,
            ),
            (
                format!("/admin/users/{id}/delete"),
                vec![("confirm", "yes")],
                303,
            ),
        ];
        for (path, mut form, success) in actions {
            form.push(("csrf", csrf.as_str()));
            let status = browser
                .post(app.url(&path))
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            let expected = if column == 0 { success } else { 403 };
            assert_eq!(status, expected, "{name} POST {path}");
        }
        // Clean up what the admin's round made, so the next round starts alike.
        if column == 0 {
            app.app.store.delete_privilege("added-here").await.unwrap();
        }
    }
}

#[tokio::test]
async fn failed_api_credentials_are_throttled_per_address() {
    let a = setup().await;
    let app = &a.app;
    // The fifth failure uses up the allowance, and its answer already says so.
    for _ in 0..4 {
        assert_eq!(
            app.api(Some("ghk_guess"), Method::GET, "/users", None)
                .await
                .0,
            401
        );
    }
    let (status, body) = app
        .api(Some("ghk_guess"), Method::GET, "/users", None)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (429, Some("rate_limited"))
    );
    // The right key is a 256-bit secret: never refused, so nobody sharing the address can
    // lock a working integration out.
    assert_eq!(
        app.api(Some(&a.admin_key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    app.clock.advance(15 * 60 + 1);
    assert_eq!(
        app.api(Some("ghk_guess"), Method::GET, "/users", None)
            .await
            .0,
        401,
        "the block runs out"
    );
}

/// Review findings: a delegate must not gain capabilities through a machine client, nor take
/// over an administrator by editing their address, nor lock every administrator out by dates.
#[tokio::test]
async fn delegates_cannot_escalate_through_clients_or_admin_accounts() {
    let a = setup().await;
    let app = &a.app;
    let ops = app.add_user("ops@example.com", &["cron", "user"]).await;
    let owner = app.app.store.user_by_id(&ops).await.unwrap().unwrap();
    let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app.app, &owner)
        .into_iter()
        .collect();
    let key = api_keys::create(&app.app, &owner, "ops", &caps, None)
        .await
        .unwrap()
        .key;
    let ops_key = Some(key.as_str());

    let escalate = json!({"name": "Escalator", "grant_types": ["client_credentials"], "scopes": ["admin:edit_user_privileges"]});
    assert_eq!(
        app.api(ops_key, Method::POST, "/clients", Some(escalate))
            .await
            .0,
        403
    );
    let own_caps = json!({"name": "Mine", "grant_types": ["client_credentials"], "scopes": ["admin:manage_clients"]});
    assert_eq!(
        app.api(ops_key, Method::POST, "/clients", Some(own_caps))
            .await
            .0,
        201,
        "capabilities it holds are fine"
    );
    let (_, robot) = app.api(Some(&a.admin_key),
        Method::POST,
        "/clients",
        Some(json!({"client_id": "powerful", "name": "P", "grant_types": ["client_credentials"], "scopes": ["admin:delete_user"]})),
    )
    .await;
    assert!(robot["client_secret"].is_string());
    assert_eq!(
        app.api(
            ops_key,
            Method::POST,
            "/clients/powerful/rotate-secret",
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        app.api(ops_key, Method::DELETE, "/clients/powerful", None)
            .await
            .0,
        403
    );

    // edit_user_info reaches ordinary users, not administrators.
    let plain = target(app, "ordinary@example.com").await;
    assert_eq!(
        app.api(
            ops_key,
            Method::PATCH,
            &format!("/users/{plain}"),
            Some(json!({"first_name": "O"}))
        )
        .await
        .0,
        200
    );
    let takeover = json!({"email": "attacker@evil.example.com"});
    assert_eq!(
        app.api(
            ops_key,
            Method::PATCH,
            &format!("/users/{}", a.admin_id),
            Some(takeover)
        )
        .await
        .0,
        403
    );

    // The last usable administrator cannot be dated out of existence.
    let bootstrap = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("admin@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    let admin_key = Some(a.admin_key.as_str());
    assert_eq!(
        app.api(
            admin_key,
            Method::POST,
            &format!("/users/{}/deactivate", bootstrap.id),
            None
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .api(
            admin_key,
            Method::PATCH,
            &format!("/users/{}", a.admin_id),
            Some(json!({"valid_until": "2000-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!((status, body["error"].as_str()), (409, Some("conflict")));
}

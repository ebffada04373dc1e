//! The admin API's users and privileges: filters and paging, field errors, deletion.

use reqwest::Method;
use serde_json::{Value, json};

use super::{setup, target};
use crate::helpers::*;

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

/// Accounts that start verified (created by an administrator) get
/// `accounts.verified_user_privileges`, as verifying the address would have given them.
#[tokio::test]
async fn accounts_created_verified_get_the_verified_privileges() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        super::permissions(s);
        s.accounts.verified_user_privileges = vec!["customer".into(), "not-in-catalogue".into()];
    })
    .await;
    app.app
        .store
        .ensure_privileges(&["customer"], false, app.clock.now_secs())
        .await
        .unwrap();
    let a = super::setup_with(app).await;
    let app = &a.app;
    let (status, body) = app
        .api(
            Some(a.admin_key.as_str()),
            Method::POST,
            "/users",
            Some(
                json!({"email": "verified@example.com", "first_name": "Vera", "last_name": "Fied",
                "password": PASSWORD, "privileges": ["user"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let mut privileges: Vec<String> = serde_json::from_value(body["privileges"].clone()).unwrap();
    privileges.sort();
    assert_eq!(privileges, ["customer", "user"], "{body}");
}

//! Administrators and authorities: with `manage_authorities` they list, create and revoke
//! anyone's, in the API and the console; without it, nothing; and creating one is acting on
//! the granter, so a delegate cannot let someone carry an administrator's privileges.

use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::json;

use super::is_revoked;
use crate::admin::{console, permissions, setup_with};
use crate::attacks::key_with;
use crate::helpers::*;

#[tokio::test]
async fn the_api_lists_creates_and_revokes_authorities_under_its_capability() {
    for db in databases() {
        let a = setup_with(spawn_app_with(db, permissions).await).await;
        let app = &a.app;
        let granter = app
            .add_user("granter@example.com", &["user", "advocate"])
            .await;
        let holder = app.add_user("holder@example.com", &["user"]).await;
        let body = json!({"granter_id": granter, "holder_id": holder, "privileges": ["advocate"],
                          "valid_until": "2099-01-01T00:00:00Z"});
        // Keys without the capability are refused, whoever owns them.
        for key in [&a.advocate_key, &a.plain_key, &a.trainer_key] {
            assert_eq!(
                app.api(Some(key), Method::POST, "/authorities", Some(body.clone()))
                    .await
                    .0,
                403
            );
            assert_eq!(
                app.api(Some(key), Method::GET, "/authorities", None)
                    .await
                    .0,
                403
            );
        }
        let admin_narrow = key_with(app, &a.admin_id, &[Capability::AccessUserInfo]).await;
        assert_eq!(
            app.api(
                Some(&admin_narrow),
                Method::POST,
                "/authorities",
                Some(body.clone())
            )
            .await
            .0,
            403
        );

        let (status, created) = app
            .api(
                Some(&a.admin_key),
                Method::POST,
                "/authorities",
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["status"], json!("active"));
        assert_eq!(created["privileges"], json!(["advocate"]));
        let id = created["id"].as_str().unwrap().to_string();
        let (status, list) = app
            .api(
                Some(&a.admin_key),
                Method::GET,
                &format!("/authorities?user_id={holder}"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(list["authorities"][0]["id"], json!(id));
        // Bad input: each field named.
        for (bad, field) in [
            (
                json!({"granter_id": granter, "holder_id": granter}),
                "holder",
            ),
            (
                json!({"granter_id": "nobody", "holder_id": holder}),
                "granter_id",
            ),
            (
                json!({"granter_id": granter, "holder_id": holder, "privileges": ["admin"]}),
                "privileges",
            ),
            (
                json!({"granter_id": granter, "holder_id": holder, "valid_until": "yesterday"}),
                "valid_until",
            ),
        ] {
            let (status, body) = app
                .api(
                    Some(&a.admin_key),
                    Method::POST,
                    "/authorities",
                    Some(bad.clone()),
                )
                .await;
            assert_eq!(status, 422, "{bad} -> {body}");
            assert_eq!(body["field"], json!(field), "{bad}");
        }
        let (status, revoked) = app
            .api(
                Some(&a.admin_key),
                Method::DELETE,
                &format!("/authorities/{id}"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(revoked["status"], json!("revoked"));
        assert_eq!(
            app.api(
                Some(&a.admin_key),
                Method::DELETE,
                "/authorities/no-such-id",
                None
            )
            .await
            .0,
            404
        );
    }
}

#[tokio::test]
async fn a_delegate_cannot_let_someone_act_for_a_stronger_account() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        permissions(s);
        s.permissions.insert(
            "steward".into(),
            vec!["manage_authorities".into(), "access_user_info".into()],
        );
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    super::catalogue(app, &["steward"]).await;
    let steward = app
        .add_user("steward@example.com", &["user", "steward"])
        .await;
    let key = key_with(app, &steward, &[Capability::ManageAuthorities]).await;
    let helper = app.add_user("helper@example.com", &["user"]).await;
    // Acting for the administrator would carry `admin`: refused.
    let (status, _) = app
        .api(
            Some(&key),
            Method::POST,
            "/authorities",
            Some(json!({"granter_id": a.admin_id, "holder_id": helper})),
        )
        .await;
    assert_eq!(status, 403);
    // For a plain user it is fine.
    let plain = app.add_user("plain2@example.com", &["user"]).await;
    let (status, _) = app
        .api(
            Some(&key),
            Method::POST,
            "/authorities",
            Some(json!({"granter_id": plain, "holder_id": helper})),
        )
        .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn the_console_lists_creates_and_revokes_authorities() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let granter = app.add_user("granter@example.com", &["user"]).await;
    let holder = app.add_user("holder@example.com", &["user"]).await;
    let (root, _) = console(app, "root@example.com").await;
    let (status, page) = app.get_page(&root, "/admin/authorities").await;
    assert_eq!(status, 200);
    assert!(page.contains("Authorities"));
    let response = app
        .post_form_from(
            &root,
            "/admin/authorities",
            "/admin/authorities",
            &[("granter_id", &granter), ("holder_id", &holder)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let authority = app
        .app
        .store
        .authorities_of_user(&granter, 10)
        .await
        .unwrap()
        .remove(0);
    let (_, page) = app.get_page(&root, "/admin/authorities").await;
    assert!(page.contains("granter@example.com") && page.contains("holder@example.com"));
    let response = app
        .post_form_from(
            &root,
            "/admin/authorities",
            &format!("/admin/authorities/{}/revoke", authority.id),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(is_revoked(app, &authority.id).await);
    // Someone without the capability sees no page and cannot post.
    let (advocate, _) = console(app, "advocate@example.com").await;
    assert_eq!(app.get_page(&advocate, "/admin/authorities").await.0, 403);
    let response = app
        .post_form_from(
            &advocate,
            "/account",
            "/admin/authorities",
            &[("granter_id", &granter), ("holder_id", &holder)],
        )
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn the_console_adds_a_service_account_and_shows_its_secret_once() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let (root, _) = console(app, "root@example.com").await;
    let response = app
        .post_form_from(
            &root,
            "/admin/users/new",
            "/admin/service-accounts",
            &[("name", "Nightly <jobs>"), ("privileges", "cron")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Service account created") && !html.contains("<jobs>"));
    let (_, list) = app.get_page(&root, "/admin/users").await;
    assert!(list.contains("service account"));
    // The plain user's browser has no console at all; the advocate may not create users.
    let (advocate, _) = console(app, "advocate@example.com").await;
    let response = app
        .post_form_from(
            &advocate,
            "/account",
            "/admin/service-accounts",
            &[("name", "Sneaky"), ("privileges", "cron")],
        )
        .await;
    assert_eq!(response.status(), 403);
}

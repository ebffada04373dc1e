//! Your data: the download, and deleting one's own account.

use crate::helpers::*;

#[tokio::test]
async fn people_download_their_data_and_nothing_secret_or_foreign_is_in_it() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    app.add_user("bob@example.com", &["user"]).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let response = ada.get(app.url("/account/data")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["email"], "ada@example.com");
    assert_eq!(data["privileges"], serde_json::json!(["user"]));
    assert!(!data["sessions"].as_array().unwrap().is_empty());
    assert!(
        data["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "sign_in")
    );
    assert!(!text.contains("$argon2") && !text.contains("bob@example.com"));
    // Signed out, there is nothing to download.
    let response = browser()
        .get(app.url("/account/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login");
}

#[tokio::test]
async fn people_delete_their_own_account_once_they_confirm_it_is_them() {
    let app = spawn_app().await;
    let ada_id = app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let back = follow(&app, &ada, url).await;
    let code = query_param(&location(&back), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();

    // No CSRF token: refused. No confirmation: refused, nothing erased.
    assert_eq!(
        app.post(&ada, "/account/delete", &[("confirm", "yes")])
            .await
            .status(),
        403
    );
    let response = app.post_form(&ada, "/account/delete", &[]).await;
    assert_eq!(response.status(), 422);
    // An old session must type the password again; a wrong one erases nothing.
    app.clock
        .advance(app.settings.mfa.reauthentication_secs + 60);
    let (_, page) = app.get_page(&ada, "/account/delete").await;
    assert!(page.contains("name=\"password\""));
    let response = app
        .post_form(
            &ada,
            "/account/delete",
            &[("confirm", "yes"), ("password", "not my password at all")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(app.app.store.user_by_id(&ada_id).await.unwrap().is_some());
    let response = app
        .post_form(
            &ada,
            "/account/delete",
            &[("confirm", "yes"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Your account is deleted")
    );
    assert!(app.app.store.user_by_id(&ada_id).await.unwrap().is_none());
    let (status, _) = app.get_page(&ada, "/account").await;
    assert_eq!(status, 303);
    let seen: serde_json::Value = reqwest::Client::new()
        .post(app.url("/introspect"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["active"], false);
    // The trail keeps the id only.
    let trail = app
        .app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            user_id: Some(ada_id.clone()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(trail.iter().any(|e| e.kind == "account_deleted"));
    assert!(
        trail
            .iter()
            .all(|e| !e.detail.contains("ada@example.com") && e.ip.is_empty()),
        "{trail:?}"
    );
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_their_own_account() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    // The bootstrap administrator steps down, so these are the last ones.
    app.retire_bootstrap_admin().await;
    let browser = app.sign_in("root@example.com", PASSWORD).await;
    let response = app
        .post_form(&browser, "/account/delete", &[("confirm", "yes")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("last active administrator")
    );
    assert!(app.app.store.user_by_id(&root).await.unwrap().is_some());
}

/// The last two administrators delete themselves at once, 25 tries each: one goes, the other
/// stays (on SQLite and PostgreSQL: the check and the deletion are one serialized step).
#[tokio::test]
async fn two_administrators_deleting_themselves_at_once_leave_one() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let root = app.add_user("root@example.com", &["admin", "user"]).await;
        let ada = app.add_user("ada@example.com", &["admin", "user"]).await;
        // The bootstrap administrator steps down, so these are the last ones.
        app.retire_bootstrap_admin().await;
        let mut burst = tokio::task::JoinSet::new();
        for email in ["root@example.com", "ada@example.com"] {
            let browser = app.sign_in(email, PASSWORD).await;
            let csrf = app.csrf(&browser, "/account/delete").await;
            for _ in 0..25 {
                let post = browser
                    .post(app.url("/account/delete"))
                    .form(&[("csrf", csrf.as_str()), ("confirm", "yes")]);
                burst.spawn(async move { post.send().await.unwrap().status().as_u16() });
            }
        }
        let statuses = burst.join_all().await;
        assert!(
            statuses
                .iter()
                .all(|s| [200, 303, 401, 403, 422].contains(s)),
            "{statuses:?}"
        );
        let mut left = 0;
        for id in [&root, &ada] {
            if let Some(user) = app.app.store.user_by_id(id).await.unwrap() {
                assert!(user.active);
                left += 1;
            }
        }
        assert_eq!(left, 1, "{db:?}: exactly one administrator is left");
        let deleted = app
            .app
            .store
            .audit_page(&gatehouse::store::AuditFilter {
                kind: Some("account_deleted".into()),
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(deleted.len(), 1, "{db:?}: one deletion recorded");
    }
}

//! Service accounts (docassemble's `cron` user): created by the API and the CLI, their
//! client_credentials tokens carry the account as `sub` with its privileges; they never sign
//! in interactively nor get an address, a password or mail; `cron` is theirs alone; their
//! secret rotates like a client's, and only for someone who may act on the account.

use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::json;

use crate::admin::{permissions, setup_with};
use crate::attacks::key_with;
use crate::helpers::*;
use crate::oidc_flow::jwt_claims;

/// A bodiless POST to the admin API with `key`.
async fn post(app: &TestApp, key: &str, path: &str) -> (u16, serde_json::Value) {
    app.api(Some(key), Method::POST, path, None).await
}

async fn client_credentials(app: &TestApp, id: &str, secret: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_service_account_gets_tokens_as_itself_and_nothing_interactive() {
    for db in databases() {
        let a = setup_with(spawn_app_with(db, permissions).await).await;
        let app = &a.app;
        let (status, created) = app
            .api(
                Some(&a.admin_key),
                Method::POST,
                "/service-accounts",
                Some(json!({"name": "Nightly jobs", "privileges": ["cron"]})),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let account = created["user"]["id"].as_str().unwrap().to_string();
        let client_id = created["client_id"].as_str().unwrap().to_string();
        let secret = created["client_secret"].as_str().unwrap().to_string();
        assert_eq!(created["user"]["service_client_id"], json!(client_id));
        assert_eq!(created["user"]["email"], json!(null));

        let (status, body) = client_credentials(app, &client_id, &secret).await;
        assert_eq!(status, 200, "{body}");
        let claims = jwt_claims(body["access_token"].as_str().unwrap());
        assert_eq!(claims["sub"], json!(account));
        assert_eq!(claims["client_id"], json!(client_id));
        assert_eq!(claims["privileges"], json!(["cron"]));
        let token = body["access_token"].as_str().unwrap().to_string();

        // Nothing interactive: no address, password, phone or username can be given to it.
        for patch in [
            json!({"email": "cron@example.com"}),
            json!({"phone": "+32470123456"}),
            json!({"username": "cron"}),
        ] {
            let (status, _) = app
                .api(
                    Some(&a.admin_key),
                    Method::PATCH,
                    &format!("/users/{account}"),
                    Some(patch.clone()),
                )
                .await;
            assert_eq!(status, 422, "{patch}");
        }
        let (status, _) = post(
            app,
            &a.admin_key,
            &format!("/users/{account}/reset-password"),
        )
        .await;
        assert_ne!(status, 200, "no mail to a service account");
        let (status, _) = post(app, &a.admin_key, &format!("/users/{account}/welcome-mail")).await;
        assert_eq!(status, 422, "no welcome mail either");

        // Deactivated: its tokens stop at once, and no new ones come.
        let (status, _) = post(app, &a.admin_key, &format!("/users/{account}/deactivate")).await;
        assert_eq!(status, 200);
        let seen: serde_json::Value = reqwest::Client::new()
            .post(app.url("/introspect"))
            .basic_auth(&client_id, Some(&secret))
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(seen["active"], json!(false));
        let (status, body) = client_credentials(app, &client_id, &secret).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("unauthorized_client"))
        );
    }
}

#[tokio::test]
async fn cron_is_held_only_by_service_accounts() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let (status, body) = app
        .api(
            Some(&a.admin_key),
            Method::POST,
            "/users",
            Some(json!({
            "email": "person@example.com", "first_name": "P", "last_name": "Q",
            "password": "correct horse battery staple", "privileges": ["user", "cron"]})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let person = app.add_user("person2@example.com", &["user"]).await;
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::PUT,
            &format!("/users/{person}/privileges"),
            Some(json!({"privileges": ["user", "cron"]})),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::POST,
            "/invitations",
            Some(json!({"email": "inv@example.com", "privileges": ["cron"]})),
        )
        .await;
    assert_eq!(status, 422);
    let mut settings = gatehouse::config::Settings::default();
    settings.accounts.verified_user_privileges = vec!["cron".into()];
    assert!(
        settings.validated().is_err(),
        "configuration cannot hand out cron"
    );
}

#[tokio::test]
async fn its_secret_rotates_and_only_for_someone_who_may_act_on_it() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let (_, created) = app
        .api(
            Some(&a.admin_key),
            Method::POST,
            "/service-accounts",
            Some(json!({"name": "Reporter", "privileges": ["admin"]})),
        )
        .await;
    let client_id = created["client_id"].as_str().unwrap().to_string();
    let old = created["client_secret"].as_str().unwrap().to_string();
    // A delegate who manages clients but could not make an administrator cannot take over
    // the account's client by rotating its secret.
    let manager = app
        .add_user("manager@example.com", &["user", "admin"])
        .await;
    let narrow = key_with(app, &manager, &[Capability::ManageClients]).await;
    let (status, _) = app
        .api(
            Some(&narrow),
            Method::POST,
            &format!("/clients/{client_id}/rotate-secret"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Some(&narrow),
            Method::DELETE,
            &format!("/clients/{client_id}"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    // A narrow key cannot create a service account with more than it holds.
    let creator = key_with(app, &manager, &[Capability::CreateUser]).await;
    let (status, _) = app
        .api(
            Some(&creator),
            Method::POST,
            "/service-accounts",
            Some(json!({"name": "Sneaky", "privileges": ["admin"]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Some(&creator),
            Method::POST,
            "/service-accounts",
            Some(json!({"name": "Sneaky", "scopes": ["admin:manage_clients"]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Some(&creator),
            Method::POST,
            "/service-accounts",
            Some(json!({"name": "Sneaky", "scopes": ["openid"]})),
        )
        .await;
    assert_eq!(status, 422);
    // The administrator rotates: the old secret stops, the new one works.
    let (status, rotated) = post(
        app,
        &a.admin_key,
        &format!("/clients/{client_id}/rotate-secret"),
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let new = rotated["client_secret"].as_str().unwrap();
    assert_eq!(client_credentials(app, &client_id, &old).await.0, 401);
    let (status, body) = client_credentials(app, &client_id, new).await;
    assert_eq!(status, 200);
    assert_eq!(
        jwt_claims(body["access_token"].as_str().unwrap())["privileges"],
        json!(["admin"])
    );
}

#[tokio::test]
async fn the_command_line_adds_a_service_account() {
    let app = spawn_app().await;
    let settings = app.settings.clone();
    let out = gatehouse::cli::run_admin_command(
        settings,
        gatehouse::cli::Command::ServiceAccounts(gatehouse::cli::ServiceAccountsCommand::Add {
            name: "cron".into(),
            privileges: vec!["cron".into()],
            scopes: vec![],
        }),
    )
    .await
    .unwrap();
    let (status, body) = client_credentials(
        &app,
        out["client_id"].as_str().unwrap(),
        out["client_secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        jwt_claims(body["access_token"].as_str().unwrap())["sub"],
        out["user_id"]
    );
}

//! Resetting a lost second factor: by an administrator (API and console) and from the command
//! line when nobody can sign in.

use reqwest::Method;
use serde_json::{Value, json};

use super::{
    admin_key, audit_events, code_now, enroll_from_account, password_session,
    password_then_code_step, secret_from, submit_code,
};
use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;

#[tokio::test]
async fn an_admin_resets_a_lost_second_factor() {
    let (app, sink) = spawn_with_mail(default_mfa_policy).await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let key = admin_key(&app, &root).await;
    let browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &browser).await;

    let (status, body) = app
        .api(Some(&key), Method::GET, &format!("/users/{ada}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["second_factor"],
        json!({"app": true, "recovery_codes_left": 10})
    );

    let path = format!("/users/{ada}/second-factor");
    let (status, _) = app.api(Some(&key), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(app.app.store.recovery_codes_left(&ada).await.unwrap(), 0);
    wait_for_mail(
        &sink,
        "ada@example.com",
        "administrator removed the authenticator",
    )
    .await;
    // Nothing left to reset: a conflict, not a silent success.
    let (status, _) = app.api(Some(&key), Method::DELETE, &path, None).await;
    assert_eq!(status, 409);
    let (status, _) = app
        .api(
            Some(&key),
            Method::DELETE,
            "/users/nobody/second-factor",
            None,
        )
        .await;
    assert_eq!(status, 404);
    let events = audit_events(&app, "admin_mfa_reset", Some(&ada)).await;
    assert_eq!(events.len(), 1);
    // Ada signs in with the password alone again.
    password_session(&app, "ada@example.com").await;

    // From the console, for a user enrolled at sign-in (the admin passes MFA first).
    let admin = crate::helpers::browser();
    let step = password_then_code_step(&app, &admin, &app.url("/login"), "root@example.com").await;
    let (_, html) = app.get_page(&admin, &step).await;
    let root_secret = secret_from(&html);
    submit_code(&app, &admin, &step, &code_now(&app, &root_secret)).await;
    let ada_browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &ada_browser).await;
    let (status, html) = app.get_page(&admin, &format!("/admin/users/{ada}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("On: authenticator app, 10 recovery code(s) left"),
        "{html}"
    );
    let csrf = hidden_value(&html, "csrf");
    let unconfirmed = app
        .post(
            &admin,
            &format!("/admin/users/{ada}/reset-second-factor"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unconfirmed.status(), 422);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_some());
    let confirmed = app
        .post(
            &admin,
            &format!("/admin/users/{ada}/reset-second-factor"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(
        location(&confirmed),
        format!("/admin/users/{ada}?done=second-factor-reset")
    );
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
}

#[tokio::test]
async fn the_command_line_resets_a_second_factor_when_nobody_can_sign_in() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &browser).await;
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .args(["users", "reset-second-factor", "--email", "ada@example.com"])
            .env_remove("GATEHOUSE_CONFIG")
            .env("GATEHOUSE_DATA_DIR", &app.settings.data_dir)
            .env("GATEHOUSE_KEYS_DIR", &app.settings.keys_dir)
            .output()
            .expect("run gatehouse");
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert_eq!(run(), json!({"id": ada, "reset": true}));
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(run(), json!({"id": ada, "reset": false}));
}

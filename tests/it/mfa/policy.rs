//! The administrators' policy: who must enroll before getting a session, the bootstrap
//! administrator, and the policy managed through the API and the console.

use gatehouse::crypto::totp::code_at;
use reqwest::Method;
use serde_json::json;

use super::{
    admin_key, audit_events, code_now, password_session, password_then_code_step,
    recovery_codes_from, secret_from, signed_in, submit_code,
};
use crate::helpers::*;

#[tokio::test]
async fn privileged_users_enroll_before_they_get_a_session() {
    let app = spawn_app_with(Db::Sqlite, default_mfa_policy).await;
    let dev = app
        .add_user("dev@example.com", &["developer", "user"])
        .await;
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "dev@example.com").await;
    assert!(!signed_in(&app, &b).await, "no session before enrollment");
    let (status, html) = app.get_page(&b, &step).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("privileges require two-step sign-in"),
        "{html}"
    );
    let secret = secret_from(&html);
    // A wrong code keeps them at the step.
    let wrong = code_at(&secret, app.clock.now_secs() + 900).unwrap();
    assert_eq!(submit_code(&app, &b, &step, &wrong).await.status(), 401);
    assert!(!signed_in(&app, &b).await);
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(recovery_codes_from(&html).len(), 10);
    assert!(html.contains("href=\"/account\""), "{html}");
    assert!(signed_in(&app, &b).await);
    assert!(app.app.store.totp_factor(&dev).await.unwrap().is_some());
    // Their privileges forbid turning it off.
    let (_, html) = app.get_page(&b, "/account/security").await;
    assert!(!html.contains("/account/security/disable"));
    let refused = app
        .post(
            &b,
            "/account/security/disable",
            &[("csrf", &hidden_value(&html, "csrf"))],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(app.app.store.totp_factor(&dev).await.unwrap().is_some());

    // A plain user is not asked.
    app.add_user("plain@example.com", &["user"]).await;
    password_session(&app, "plain@example.com").await;

    // Someone promoted while signed in with a password only must step up on the next page.
    let promoted = app.add_user("promoted@example.com", &["user"]).await;
    let p = password_session(&app, "promoted@example.com").await;
    app.app
        .store
        .set_privileges(
            &promoted,
            &["developer".into(), "user".into()],
            app.clock.now_secs(),
        )
        .await
        .unwrap();
    let response = p.get(app.url("/account")).send().await.unwrap();
    assert_eq!(location(&response), "/login/two-factor/start");
    let response = p
        .get(app.url("/login/two-factor/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login/two-factor");
    let (_, html) = app.get_page(&p, "/login/two-factor").await;
    let secret = secret_from(&html);
    let response = submit_code(&app, &p, "/login/two-factor", &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 200);
    assert!(signed_in(&app, &p).await);
}

#[tokio::test]
async fn bootstrap_admin_enrolls_then_changes_the_one_time_password() {
    let app = spawn_app_with(Db::Sqlite, default_mfa_policy).await;
    let one_time = app.admin_password.clone().expect("bootstrap admin");
    let b = crate::helpers::browser();
    let response = submit_login(&app, &b, &app.url("/login"), "admin@example.com", &one_time).await;
    let step = location(&response);
    assert_eq!(step, "/login/two-factor");
    let (_, html) = app.get_page(&b, &step).await;
    let secret = secret_from(&html);
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    let html = response.text().await.unwrap();
    // The continue link leads to the forced password change.
    assert!(html.contains("href=\"/account/password\""), "{html}");
    let account = b.get(app.url("/account")).send().await.unwrap();
    assert_eq!(location(&account), "/account/password");
}

#[tokio::test]
async fn the_policy_is_managed_in_the_api_and_the_console() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.permissions
            .insert("trainer".into(), vec!["access_user_info".into()]);
    })
    .await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let trainer = app
        .add_user("trainer@example.com", &["trainer", "user"])
        .await;
    let key = admin_key(&app, &root).await;
    let trainer_key = admin_key(&app, &trainer).await;

    // The test settings require nothing; the stored policy says so.
    let (status, body) = app.api(Some(&key), Method::GET, "/mfa-policy", None).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"methods": ["app"], "required_for": []}));
    // Without manage_mfa_policy: forbidden.
    let (status, _) = app
        .api(Some(&trainer_key), Method::GET, "/mfa-policy", None)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Some(&trainer_key),
            Method::PUT,
            "/mfa-policy",
            Some(json!({"methods": [], "required_for": []})),
        )
        .await;
    assert_eq!(status, 403);

    // Bad input names the field and changes nothing.
    for (body, field) in [
        (
            json!({"methods": ["carrier-pigeon"], "required_for": []}),
            "methods",
        ),
        (
            json!({"methods": ["app"], "required_for": ["wizard"]}),
            "required_for",
        ),
        (
            json!({"methods": [], "required_for": ["admin"]}),
            "required_for",
        ),
    ] {
        let (status, answer) = app
            .api(Some(&key), Method::PUT, "/mfa-policy", Some(body))
            .await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(answer["field"], field, "{answer}");
    }
    let (status, body) = app
        .api(
            Some(&key),
            Method::PUT,
            "/mfa-policy",
            Some(json!({"methods": ["app"], "required_for": ["trainer"]})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["required_for"], json!(["trainer"]));

    // It takes effect at once: the trainer's password now leads to enrollment.
    let b = crate::helpers::browser();
    password_then_code_step(&app, &b, &app.url("/login"), "trainer@example.com").await;
    // Audited.
    let events = audit_events(&app, "mfa_policy_changed", None).await;
    assert_eq!(events.len(), 1);
    assert!(events[0].detail.contains("required for [trainer]"));

    // The console shows and saves the same policy.
    let console = password_session(&app, "root@example.com").await;
    let (status, html) = app.get_page(&console, "/admin/mfa").await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"trainer\" checked"), "{html}");
    let response = console
        .post(app.url("/admin/mfa"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("method", "app".into()),
            ("required", "advocate".into()),
            ("required", "trainer".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/admin/mfa?done=saved");
    let (_, body) = app.api(Some(&key), Method::GET, "/mfa-policy", None).await;
    assert_eq!(body["required_for"], json!(["advocate", "trainer"]));
    // The trainer sees no policy page in the console.
    let t = crate::helpers::browser();
    let step = password_then_code_step(&app, &t, &app.url("/login"), "trainer@example.com").await;
    let (_, html) = app.get_page(&t, &step).await;
    let secret = secret_from(&html);
    submit_code(&app, &t, &step, &code_now(&app, &secret)).await;
    let (status, _) = app.get_page(&t, "/admin/mfa").await;
    assert_eq!(status, 403);
}

//! The authenticator app on the account page: enrolling with a valid code, the secret sealed
//! at rest, renewing recovery codes and turning it off behind a recent password.

use gatehouse::crypto::totp::code_at;

use super::{
    enroll_from_account, password_session, password_then_code_step, recovery_codes_from,
    secret_from, submit_code,
};
use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;

#[tokio::test]
async fn enrollment_needs_a_valid_code_and_stores_the_secret_sealed() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("<strong>Off</strong>"), "{html}");

    let (status, html) = app.get_page(&browser, "/account/security/app").await;
    assert_eq!(status, 200);
    let secret = secret_from(&html);
    assert_eq!(secret.len(), 20, "160-bit secret");
    // The same secret on reload, so a slow scan does not race a new one.
    let (_, again) = app.get_page(&browser, "/account/security/app").await;
    assert_eq!(secret_from(&again), secret);
    // The otpauth URL in the QR code names the site and the account.
    let url =
        gatehouse::crypto::totp::otpauth_url(&secret, "Gatehouse", "ada@example.com").unwrap();
    assert!(url.contains("issuer=Gatehouse") && url.contains("ada%40example.com"));

    // A wrong code enables nothing.
    let wrong = code_at(&secret, app.clock.now_secs() + 600).unwrap();
    let response = app
        .post(
            &browser,
            "/account/security/app",
            &[("csrf", &hidden_value(&html, "csrf")), ("code", &wrong)],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("not right"));
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());

    let (secret, codes) = enroll_from_account(&app, &browser).await;
    assert_eq!(codes.len(), 10);
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 19 && c.matches('-').count() == 3)
    );

    // Sealed at rest: neither the raw secret nor its base32 text is in the row.
    let factor = app.app.store.totp_factor(&ada).await.unwrap().unwrap();
    assert!(
        !factor
            .secret_enc
            .windows(secret.len())
            .any(|w| w == secret.as_slice())
    );
    let text = gatehouse::crypto::totp::secret_text(&secret);
    assert!(!String::from_utf8_lossy(&factor.secret_enc).contains(&text));
    // Bound to its user: opened under another user's context it fails.
    assert!(
        app.app
            .kek
            .open(&factor.secret_enc, "totp:someone-else")
            .is_err()
    );

    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("<strong>On</strong>"), "{html}");
    assert!(html.contains("10 of 10 recovery codes left"), "{html}");
}

#[tokio::test]
async fn renewing_and_disabling_need_a_recent_password() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, old_codes) = enroll_from_account(&app, &browser).await;
    wait_for_mail(
        &sink,
        "ada@example.com",
        "authenticator app was just set up",
    )
    .await;

    // Right after signing in no password is asked: renewing voids the old set.
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(!html.contains("name=\"password\""), "{html}");
    let response = app
        .post(
            &browser,
            "/account/security/recovery-codes",
            &[("csrf", &hidden_value(&html, "csrf"))],
        )
        .await;
    assert_eq!(response.status(), 200);
    let new_codes = recovery_codes_from(&response.text().await.unwrap());
    assert_eq!(new_codes.len(), 10);
    assert!(new_codes.iter().all(|c| !old_codes.contains(c)));
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(
        submit_code(&app, &b, &step, &old_codes[1]).await.status(),
        401
    );
    assert_eq!(
        submit_code(&app, &b, &step, &new_codes[1]).await.status(),
        303
    );

    // An hour later the password must be typed again.
    app.clock.advance(3600);
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("name=\"password\""), "{html}");
    let csrf = hidden_value(&html, "csrf");
    let without = app
        .post(&browser, "/account/security/disable", &[("csrf", &csrf)])
        .await;
    assert_eq!(without.status(), 401);
    let wrong = app
        .post(
            &browser,
            "/account/security/disable",
            &[("csrf", &csrf), ("password", "not the password")],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_some());
    let right = app
        .post(
            &browser,
            "/account/security/disable",
            &[("csrf", &csrf), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&right), "/account/security?done=disabled");
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(app.app.store.recovery_codes_left(&ada).await.unwrap(), 0);
    wait_for_mail(&sink, "ada@example.com", "turned off").await;
    // The password alone signs in again.
    password_session(&app, "ada@example.com").await;
}

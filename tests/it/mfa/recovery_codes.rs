//! Recovery codes at sign-in: each works once, however typed, until they run out.

use super::{
    enroll_from_account, password_session, password_then_code_step, signed_in, submit_code,
};
use crate::helpers::*;

#[tokio::test]
async fn recovery_codes_work_once_each_and_run_out() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, codes) = enroll_from_account(&app, &browser).await;

    // Typed in capitals with spaces instead of dashes still counts.
    let first = codes[0].to_uppercase().replace('-', " ");
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &first).await.status(), 303);
    let (_, html) = app.get_page(&b, "/account/security").await;
    assert!(html.contains("9 of 10 recovery codes left"), "{html}");

    // Used once, never again.
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &codes[0]).await.status(), 401);
    // A made-up code fails.
    assert_eq!(
        submit_code(&app, &b, &step, "aaaa-bbbb-cccc-dddd")
            .await
            .status(),
        401
    );
    // The rest each work once (spread out so the failure bucket never fills).
    let mut last = crate::helpers::browser();
    for code in &codes[1..] {
        app.clock.advance(1000);
        last = crate::helpers::browser();
        let step =
            password_then_code_step(&app, &last, &app.url("/login"), "ada@example.com").await;
        assert_eq!(submit_code(&app, &last, &step, code).await.status(), 303);
    }
    let (_, html) = app.get_page(&last, "/account/security").await;

    assert!(html.contains("0 of 10 recovery codes left"), "{html}");
    assert!(html.contains("Renew them"), "{html}");
    // Exhausted: the last code does not work a second time.
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &codes[9]).await.status(), 401);
    assert!(!signed_in(&app, &b).await);
}

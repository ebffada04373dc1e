//! The console's text-message section: the transport, today's texts against the cap, and a
//! test message — only for holders of `manage_mfa_policy`.

use super::{console, permissions, setup_with};
use crate::helpers::*;

#[tokio::test]
async fn the_console_shows_texts_and_sends_a_test_message() {
    let (app, twilio) = crate::phone::with_phone(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;
    let page = admin
        .get(app.url("/admin/mfa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Transport <strong>twilio</strong>"), "{page}");
    assert!(page.contains("0 of 1000 texts sent today"), "{page}");

    let number = crate::phone::mobile(900);
    let sent = admin
        .post(app.url("/admin/mfa/sms-test"))
        .form(&[("csrf", csrf.as_str()), ("phone", number.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    assert_eq!(location(&sent), "/admin/mfa?done=sms-sent");
    let texts = twilio.texts();
    assert_eq!(texts.len(), 1);
    assert!(texts[0].body.contains("test message"), "{}", texts[0].body);
    let page = admin
        .get(app.url("/admin/mfa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("1 of 1000 texts sent today"), "{page}");

    let refused = admin
        .post(app.url("/admin/mfa/sms-test"))
        .form(&[("csrf", csrf.as_str()), ("phone", "+49 30 12345678")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);

    // Someone who may only read users sees neither the section nor the button.
    let (advocate, csrf) = console(app, "advocate@example.com").await;
    assert_eq!(
        advocate
            .get(app.url("/admin/mfa"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let forged = advocate
        .post(app.url("/admin/mfa/sms-test"))
        .form(&[("csrf", csrf.as_str()), ("phone", number.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(twilio.texts().len(), 1, "nothing more sent");
}

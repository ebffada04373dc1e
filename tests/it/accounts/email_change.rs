//! Changing the e-mail address: the new address must be verified before it takes over.

use std::time::Duration;

use super::{audit_kinds, code_in, spawn_with_mail, user};
use crate::helpers::*;

#[tokio::test]
async fn changing_the_email_address_needs_the_new_one_verified() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let ada_id = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let token = app.csrf(&browser, "/account/email").await;
    let wrong = browser
        .post(app.url("/account/email"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", "ada@new.example.com"),
            ("current_password", "not my password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("current password is incorrect")
    );
    assert!(sink.messages().is_empty());

    let asked = browser
        .post(app.url("/account/email"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", "ada@new.example.com"),
            ("current_password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&asked), "/account/email?saved=1");
    let to_new = sink
        .wait_for("ada@new.example.com", Duration::from_secs(5))
        .await;
    let to_old = sink
        .wait_for("ada@example.com", Duration::from_secs(5))
        .await;
    assert!(to_old.subject().contains("E-mail change requested"));
    assert_eq!(
        user(&app, "ada@example.com").await.id,
        ada_id,
        "nothing changed yet"
    );
    let page = browser
        .get(app.url("/account/email"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Confirm ada@new.example.com"));

    let confirmed = browser
        .post(app.url("/account/email/confirm"))
        .form(&[
            ("csrf", token.as_str()),
            ("code", code_in(&to_new).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&confirmed), "/account/email?changed=1");
    assert_eq!(user(&app, "ada@new.example.com").await.id, ada_id);
    let told = sink
        .messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == "ada@example.com"))
        .any(|m| m.subject().contains("E-mail address changed"));
    assert!(told, "the old address is told");
    app.sign_in("ada@new.example.com", PASSWORD).await;
    assert_eq!(
        submit_login(
            &app,
            &crate::helpers::browser(),
            &app.url("/login"),
            "ada@example.com",
            PASSWORD
        )
        .await
        .status(),
        401
    );
    assert!(
        audit_kinds(&app, &ada_id)
            .await
            .contains(&"email_changed".to_string())
    );
}

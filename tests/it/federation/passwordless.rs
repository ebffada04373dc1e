//! Accounts that sign in only through a provider: no "current password" to type, so pages
//! that ask for one ask them to confirm through the provider (`prompt=login`) when the
//! session is old, and they can set a first password.

use super::harness::*;
use super::sign_in::link_starting;
use crate::helpers::*;

/// A browser signed in through `acme` as a new, password-less account with a verified
/// address; the user's id.
async fn signed_in_through_acme() -> (
    TestApp,
    super::fakes::oidc::FakeOidc,
    reqwest::Client,
    String,
) {
    let (app, fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    let browser = browser();
    assert_eq!(
        through_provider(&app, &browser, "/login/federated/acme")
            .await
            .status(),
        200
    );
    let user = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("grace@example.com").unwrap())
        .await
        .unwrap()
        .expect("the account");
    assert!(user.password_hash.is_none());
    (app, fake, browser, user.id)
}

#[tokio::test]
async fn a_fresh_session_sets_a_first_password_without_a_current_one() {
    let (app, _fake, browser, user_id) = signed_in_through_acme().await;
    let (status, page) = app.get_page(&browser, "/account/password").await;
    assert_eq!(status, 200);
    assert!(page.contains("Set a password"));
    assert!(
        !page.contains("name=\"current\""),
        "no current password to ask for"
    );
    let new = "a brand new passphrase for grace";
    let saved = app
        .post_form(
            &browser,
            "/account/password",
            &[("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let user = app.app.store.user_by_id(&user_id).await.unwrap().unwrap();
    assert!(user.password_hash.is_some());
    // The password now signs in too.
    let other = crate::helpers::browser();
    let login = submit_login(&app, &other, &app.url("/login"), "grace@example.com", new).await;
    assert_eq!(login.status(), 303);
}

#[tokio::test]
async fn an_old_session_confirms_through_the_provider_first() {
    let (app, fake, browser, user_id) = signed_in_through_acme().await;
    app.clock
        .advance(app.settings.mfa.reauthentication_secs + 1);
    let (_, page) = app.get_page(&browser, "/account/password").await;
    let confirm = link_starting(&page, "/account/reauthenticate/acme");
    let new = "a brand new passphrase for grace";
    let refused = app
        .post_form(
            &browser,
            "/account/password",
            &[("new", new), ("confirm", new)],
        )
        .await;
    let (status, html) = body(refused).await;
    assert!(status == 401 || status == 422, "{status}");
    assert!(html.contains("Confirm it is you"), "{html}");
    assert!(
        app.app
            .store
            .user_by_id(&user_id)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .is_none()
    );

    // Another account's provider session cannot stand in: the identity must be this user's.
    let back = through_provider(&app, &browser, &confirm).await;
    assert_eq!(back.status(), 200);
    assert!(
        back.url().path().ends_with("/account/password"),
        "{}",
        back.url()
    );
    assert_eq!(
        fake.last_authorize().get("prompt").map(String::as_str),
        Some("login"),
        "typed again upstream"
    );
    let saved = app
        .post_form(
            &browser,
            "/account/password",
            &[("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(saved.status(), 303);

    // The security and e-mail pages offer the same confirmation when the session is old.
    let (app, _fake, browser, _) = signed_in_through_acme().await;
    app.clock
        .advance(app.settings.mfa.reauthentication_secs + 1);
    for page in ["/account/security", "/account/email"] {
        let (_, html) = app.get_page(&browser, page).await;
        assert!(html.contains("/account/reauthenticate/acme"), "{page}");
    }
    let refused = app
        .post_form(
            &browser,
            "/account/email",
            &[("email", "grace@elsewhere.example")],
        )
        .await;
    let (status, html) = body(refused).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("Confirm it is you"));
}

#[tokio::test]
async fn reauthenticating_as_someone_else_upstream_changes_nothing() {
    let (app, fake, browser, user_id) = signed_in_through_acme().await;
    app.clock
        .advance(app.settings.mfa.reauthentication_secs + 1);
    let (_, page) = app.get_page(&browser, "/account/password").await;
    let confirm = link_starting(&page, "/account/reauthenticate/acme");
    fake.add_user(super::fakes::oidc::FakeUser::new(
        "mallory",
        Some("m@example.com"),
        true,
    ));
    let (status, html) = body(through_provider(&app, &browser, &confirm).await).await;
    assert_eq!(status, 403, "{html}");
    assert!(html.contains("not the one linked"));
    let new = "a brand new passphrase for grace";
    let refused = app
        .post_form(
            &browser,
            "/account/password",
            &[("new", new), ("confirm", new)],
        )
        .await;
    assert_ne!(refused.status(), 303, "still not confirmed");
    assert!(
        app.app
            .store
            .user_by_id(&user_id)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .is_none()
    );
    // And without the page's token, another site cannot start it.
    let (status, _) = app
        .get_page(&browser, "/account/reauthenticate/acme?then=password")
        .await;
    assert_eq!(status, 403);
}

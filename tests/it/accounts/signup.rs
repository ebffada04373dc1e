//! Sign-up: the form, closed registration, weak passwords, taken and squatted addresses,
//! bursts of sign-ups, and the whole way through in Chromium.

use std::time::Duration;

use gatehouse::domain::Email;
use serde_json::Value;

use super::{
    NEW_PASSWORD, audit_kinds, code_in, link_in, register, spawn_with_mail, submit_code, user,
    wait_for_mail,
};
use crate::browser::{click, fill};
use crate::helpers::*;

#[tokio::test]
async fn sign_up_verify_by_code_then_sign_in() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let browser = browser();
    let response = register(&app, &browser, "grace@example.com", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/verify?sent=1&email=grace%40example.com"));

    // Not yet: an unverified account cannot sign in (the default), and is told why.
    let early = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "grace@example.com",
        PASSWORD,
    )
    .await;
    assert!(
        location(&early).starts_with("/verify?unverified=1"),
        "{}",
        location(&early)
    );

    let message = sink
        .wait_for("grace@example.com", Duration::from_secs(5))
        .await;
    assert!(
        message.subject().contains("Gatehouse"),
        "appname in the subject: {}",
        message.subject()
    );
    assert!(message.html_body().contains("Confirm my address"));
    let code = code_in(&message);
    assert!(link_in(&message, "/verify/link?token=").starts_with(&app.issuer));

    let wrong = submit_code(&app, &browser, "grace@example.com", "000000").await;
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("The code is wrong or has expired")
    );
    let right = submit_code(&app, &browser, "grace@example.com", &code).await;
    assert_eq!(right.status(), 303);
    assert_eq!(location(&right), "/login?verified=1");
    let again = submit_code(&app, &browser, "grace@example.com", &code).await;
    assert_eq!(again.status(), 422, "a code works once");

    let grace = user(&app, "grace@example.com").await;
    assert!(grace.email_verified);
    assert_eq!(grace.privileges, vec!["user"], "new_user_privileges");
    let page = browser
        .get(app.url("/login?verified=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Your e-mail address is confirmed"));
    let signed_in = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "grace@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let kinds = audit_kinds(&app, &grace.id).await;
    for kind in ["sign_up", "sign_in_refused", "email_verified", "sign_in"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "audit has {kind}: {kinds:?}"
        );
    }
}

#[tokio::test]
async fn unverified_sign_in_can_be_allowed() {
    let (app, _sink) = spawn_with_mail(|s| s.accounts.allow_unverified_sign_in = true).await;
    let browser = browser();
    register(&app, &browser, "grace@example.com", PASSWORD).await;
    let response = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "grace@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&response), "/account");
    // email_verified in tokens says false.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid email");
    let callback = location(&browser.get(&auth).send().await.unwrap());
    let code = query_param(&callback, "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let info: Value = reqwest::Client::new()
        .get(app.url("/userinfo"))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["email_verified"], false);
}

#[tokio::test]
async fn registration_can_be_closed() {
    let (app, _sink) = spawn_with_mail(|s| s.accounts.allow_registration = false).await;
    let browser = browser();
    let page = browser.get(app.url("/register")).send().await.unwrap();
    assert_eq!(page.status(), 403);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Registration is closed")
    );
    let token = app.csrf(&browser, "/login").await;
    let post = browser
        .post(app.url("/register"))
        .form(&[
            ("csrf", token.as_str()),
            ("first_name", "G"),
            ("last_name", "H"),
            ("email", "g@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 403);
    assert!(
        app.app
            .store
            .user_by_email(&Email::parse("g@example.com").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let login = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!login.contains("Create an account"));
}

#[tokio::test]
async fn signing_up_with_a_taken_address_reveals_nothing() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    let taken = register(&app, &browser, "ada@example.com", PASSWORD).await;
    let fresh = register(&app, &browser, "new@example.com", PASSWORD).await;
    assert_eq!(taken.status(), fresh.status());
    assert_eq!(
        location(&taken).replace("ada%40example.com", "X"),
        location(&fresh).replace("new%40example.com", "X"),
        "same answer for a taken and a free address"
    );
    let notice = sink
        .wait_for("ada@example.com", Duration::from_secs(5))
        .await;
    assert!(notice.subject().contains("Sign-up attempt"));
    assert!(notice.text_body().contains("You already have one"));
    assert_eq!(
        app.app.store.count_users().await.unwrap(),
        3,
        "admin, ada, new: no second ada"
    );
}

#[tokio::test]
async fn weak_passwords_are_refused_with_advice() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let browser = browser();
    let short = register(&app, &browser, "grace@example.com", "short").await;
    assert_eq!(short.status(), 422);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("at least 12 characters")
    );
    for guessable in [
        "password1234",
        "gracegracegrace",
        "iloveyou12345",
        "qwertyuiopasdf",
    ] {
        let weak = register(&app, &browser, "grace@example.com", guessable).await;
        assert_eq!(weak.status(), 422, "{guessable}");
        let page = weak.text().await.unwrap();
        // The address's own word gets the more precise answer.
        let expected = if guessable.starts_with("grace") {
            "too close to your name or e-mail address"
        } else {
            "too easy to guess"
        };
        assert!(page.contains(expected), "{guessable}: {page}");
        assert!(
            page.contains("value=\"grace@example.com\""),
            "the form keeps what was typed"
        );
    }
    let long = register(&app, &browser, "grace@example.com", &"x".repeat(129)).await;
    assert_eq!(long.status(), 422);
    assert!(
        app.app
            .store
            .user_by_email(&Email::parse("grace@example.com").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

/// Headless Chromium through the real pages (skips, saying why, without CHROMEDRIVER).
#[tokio::test]
async fn register_verify_from_the_message_and_sign_in() {
    let Some((browser, _guard)) = crate::browser::chromium().await else {
        return;
    };
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    browser.goto(&app.url("/login")).await.unwrap();
    browser
        .find(fantoccini::Locator::LinkText("Create an account"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(fantoccini::Locator::Id("first_name"))
        .await
        .unwrap();
    fill(&browser, "first_name", "Grace").await;
    fill(&browser, "last_name", "Hopper").await;
    fill(&browser, "email", "grace@example.com").await;
    fill(&browser, "password", PASSWORD).await;
    std::fs::write(
        shots.join("register.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    click(&browser, "button.primary").await;

    // The verification page, with the address filled in; the code comes from the message.
    browser
        .wait()
        .for_element(fantoccini::Locator::Id("code"))
        .await
        .unwrap();
    std::fs::write(
        shots.join("verify.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    let message = sink
        .wait_for("grace@example.com", Duration::from_secs(10))
        .await;
    let code = code_in(&message);
    fill(&browser, "code", &code).await;
    click(&browser, "button.primary").await;

    // Back at sign-in, told the address is confirmed.
    crate::browser::wait_for_url(&browser, "/login?verified=1").await;
    let notice = browser
        .wait()
        .for_element(fantoccini::Locator::Css(".notice"))
        .await
        .unwrap();
    assert!(notice.text().await.unwrap().contains("confirmed"));
    fill(&browser, "email", "grace@example.com").await;
    fill(&browser, "password", PASSWORD).await;
    click(&browser, "button.primary").await;
    crate::browser::wait_for_url(&browser, "/account").await;
    let heading = browser
        .wait()
        .for_element(fantoccini::Locator::Css("h1"))
        .await
        .unwrap();
    assert_eq!(heading.text().await.unwrap(), "Grace Hopper");
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/account")
    );
    std::fs::write(
        shots.join("account.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();

    // The profile page renders in a real browser too.
    browser.goto(&app.url("/account/profile")).await.unwrap();
    browser
        .wait()
        .for_element(fantoccini::Locator::Id("country"))
        .await
        .unwrap();
    std::fs::write(
        shots.join("profile.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    browser.close().await.unwrap();
}

/// Review finding: someone who registers an address before its owner must not end up with the
/// owner's verified account. The owner's sign-up sends them a reset link instead.
#[tokio::test]
async fn a_squatted_unverified_address_goes_to_its_owner() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let squatter = browser();
    register(
        &app,
        &squatter,
        "victim@example.com",
        "squatter knows this passphrase",
    )
    .await;
    let owner = browser();
    let response = register(&app, &owner, "victim@example.com", PASSWORD).await;
    assert!(
        location(&response).starts_with("/verify?sent=1"),
        "the usual answer"
    );
    let message = wait_for_mail(&sink, "victim@example.com", "/password/reset?token=").await;
    let link = link_in(&message, "/password/reset?token=");
    let html = owner.get(&link).send().await.unwrap().text().await.unwrap();
    let done = owner
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("token", hidden_value(&html, "token")),
            ("new", NEW_PASSWORD.into()),
            ("confirm", NEW_PASSWORD.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?reset=1");
    let victim = user(&app, "victim@example.com").await;
    assert!(
        victim.email_verified,
        "the owner confirmed the address by using the link"
    );
    let refused = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "victim@example.com",
        "squatter knows this passphrase",
    )
    .await;
    assert_eq!(refused.status(), 401, "the squatter's password is gone");
    app.sign_in("victim@example.com", NEW_PASSWORD).await;
}

/// Finding 7: a burst of sign-ups from one address is cut off by its limit before any
/// password is judged or hashed: only the allowance creates accounts.
#[tokio::test]
async fn a_burst_of_sign_ups_creates_at_most_the_allowance() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..50 {
        let issuer = app.issuer.clone();
        burst.spawn(async move {
            let browser = browser();
            let page = browser
                .get(format!("{issuer}/register"))
                .send()
                .await
                .unwrap();
            let token = hidden_value(&page.text().await.unwrap(), "csrf");
            let email = format!("bot{i}@example.com");
            browser
                .post(format!("{issuer}/register"))
                .form(&[
                    ("csrf", token.as_str()),
                    ("first_name", "Bot"),
                    ("last_name", "Net"),
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let (mut accepted, mut refused) = (0, 0);
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            303 => accepted += 1,
            429 => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(accepted <= 5, "{accepted} sign-ups went through");
    assert_eq!(accepted + refused, 50);
    let created = app
        .app
        .store
        .list_users_filtered(&gatehouse::store::UserFilter {
            query: Some("bot".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .len();
    assert_eq!(created, accepted);
}

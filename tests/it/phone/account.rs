//! A signed-in user's number on `/account/phone`: added only after the password and the code
//! sent to it, never someone else's, removed unless it is the last way in.

use gatehouse::domain::PhoneNumber;

use super::*;
use crate::helpers::*;

async fn post(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let csrf = app.csrf(browser, "/account/phone").await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let response = browser
        .post(app.url(path))
        .header("x-forwarded-for", "198.51.100.9")
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (
        status,
        location.unwrap_or(response.text().await.unwrap_or_default()),
    )
}

async fn phone_of(app: &TestApp, user: &str) -> Option<String> {
    app.app
        .store
        .user_by_id(user)
        .await
        .unwrap()
        .unwrap()
        .phone
        .map(|p| p.to_string())
}

#[tokio::test]
async fn a_number_is_added_after_the_password_and_its_code() {
    let (app, twilio) = with_phone(|_| {}).await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let (status, page) = app.get_page(&browser, "/account/phone").await;
    assert_eq!(status, 200);
    assert!(page.contains("type=\"tel\""));
    let number = mobile(500);

    let (status, page) = post(
        &app,
        &browser,
        "/account/phone",
        &[("phone", &number), ("current_password", "wrong password")],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(twilio.texts().is_empty(), "no text without the password");

    let (status, to) = post(
        &app,
        &browser,
        "/account/phone",
        &[("phone", &number), ("current_password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?sent=1"));
    assert_eq!(
        phone_of(&app, &user).await,
        None,
        "not saved before the code"
    );
    let (_, page) = app.get_page(&browser, "/account/phone").await;
    assert!(page.contains("Confirm"), "{page}");
    let (status, _) = post(
        &app,
        &browser,
        "/account/phone/confirm",
        &[("code", "000000x")],
    )
    .await;
    assert_eq!(status, 422);
    let (status, to) = post(
        &app,
        &browser,
        "/account/phone/confirm",
        &[("code", &twilio.last_code(&number))],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?saved=1"));
    assert_eq!(
        phone_of(&app, &user).await.as_deref(),
        Some(number.as_str())
    );
    let saved = app.app.store.user_by_id(&user).await.unwrap().unwrap();
    assert!(saved.phone_verified);

    // Now the number signs Ada in (once the number's cooldown has passed).
    app.clock.advance(61);
    let phone_browser = crate::helpers::browser();
    ask_for_code(&app, &phone_browser, &number, "198.51.100.30").await;
    let done = enter_code(&app, &phone_browser, &twilio.last_code(&number)).await;
    assert_eq!(done.status(), 303);
    let (_, account) = app.get_page(&phone_browser, "/account").await;
    assert!(account.contains("ada@example.com"));

    // Removing it (Ada has a password, so it is not her last way in).
    let (status, to) = post(
        &app,
        &browser,
        "/account/phone/remove",
        &[("current_password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?removed=1"));
    assert_eq!(phone_of(&app, &user).await, None);
}

#[tokio::test]
async fn another_account_s_number_or_code_cannot_be_taken() {
    let (app, twilio) = with_phone(|_| {}).await;
    let owner = app.add_user("owner@example.com", &["user"]).await;
    let taken = PhoneNumber::from_stored(&mobile(510));
    app.app
        .store
        .set_phone(&owner, Some(&taken), true, app.clock.now_secs())
        .await
        .unwrap();
    app.add_user("mallory@example.com", &["user"]).await;
    let mallory = app.sign_in("mallory@example.com", PASSWORD).await;
    // Even with the code to the owner's number (Mallory has the phone for a moment), the
    // number stays the owner's.
    post(
        &app,
        &mallory,
        "/account/phone",
        &[("phone", taken.as_str()), ("current_password", PASSWORD)],
    )
    .await;
    let (status, page) = post(
        &app,
        &mallory,
        "/account/phone/confirm",
        &[("code", &twilio.last_code(taken.as_str()))],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("belongs to another account"), "{page}");
    assert_eq!(
        phone_of(&app, &owner).await.as_deref(),
        Some(taken.as_str())
    );

    // A sign-in code is not an add-a-number code, and another user's code is not yours.
    let victim = app.add_user("victim@example.com", &["user"]).await;
    let victim_browser = app.sign_in("victim@example.com", PASSWORD).await;
    app.clock.advance(61);
    let number = mobile(511);
    post(
        &app,
        &victim_browser,
        "/account/phone",
        &[("phone", &number), ("current_password", PASSWORD)],
    )
    .await;
    let code = twilio.last_code(&number);
    let (status, _) = post(&app, &mallory, "/account/phone/confirm", &[("code", &code)]).await;
    assert_eq!(status, 422, "Mallory's browser holds no code for it");
    assert_eq!(phone_of(&app, &victim).await, None);
}

#[tokio::test]
async fn the_last_way_in_stays() {
    let (app, twilio) = with_phone(|_| {}).await;
    let browser = crate::helpers::browser();
    let number = mobile(520);
    ask_for_code(&app, &browser, &number, "198.51.100.1").await;
    enter_code(&app, &browser, &twilio.last_code(&number)).await;
    let user = app
        .app
        .store
        .user_by_phone(&PhoneNumber::from_stored(&number))
        .await
        .unwrap()
        .unwrap();
    // A phone-only account (fresh session, no password needed) cannot remove its number.
    let (status, page) = post(&app, &browser, "/account/phone/remove", &[]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("only way to sign in"), "{page}");
    assert_eq!(
        phone_of(&app, &user.id).await.as_deref(),
        Some(number.as_str())
    );
    // Parallel removals change nothing either.
    let mut burst = tokio::task::JoinSet::new();
    let csrf = app.csrf(&browser, "/account/phone").await;
    for _ in 0..20 {
        let (browser, url, csrf) = (
            browser.clone(),
            app.url("/account/phone/remove"),
            csrf.clone(),
        );
        burst.spawn(async move {
            browser
                .post(url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    assert!(burst.join_all().await.iter().all(|s| *s == 422));
    assert_eq!(
        phone_of(&app, &user.id).await.as_deref(),
        Some(number.as_str())
    );
}

/// The number is saved and audited before the notice to the account's address is mailed: a
/// relay that is down must not turn the change into an error page (it did: a 500 after the
/// change was made, so the person would try again for a change already done).
#[tokio::test]
async fn a_number_is_saved_even_when_its_notice_cannot_be_mailed() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = dead.local_addr().unwrap().port();
    drop(dead);
    let (app, twilio) = with_phone(|s| {
        s.smtp.host = "127.0.0.1".into();
        s.smtp.port = dead_port;
        s.smtp.security = gatehouse::config::SmtpSecurity::None;
    })
    .await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let number = mobile(520);
    let (status, to) = post(
        &app,
        &browser,
        "/account/phone",
        &[("phone", &number), ("current_password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?sent=1"));
    let (status, to) = post(
        &app,
        &browser,
        "/account/phone/confirm",
        &[("code", &twilio.last_code(&number))],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?saved=1"));
    assert_eq!(
        phone_of(&app, &user).await.as_deref(),
        Some(number.as_str())
    );
    let (status, to) = post(
        &app,
        &browser,
        "/account/phone/remove",
        &[("current_password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/account/phone?removed=1"));
    assert_eq!(phone_of(&app, &user).await, None);
}

//! Text messages as the second factor: offered to users who chose them and have a confirmed
//! number, after a password (never after a phone sign-in); an app code is not an SMS code;
//! turned on and off on the security page; wrong codes run into the per-user limit.

use gatehouse::domain::PhoneNumber;

use super::*;
use crate::helpers::*;

/// SMS allowed as a second factor; `admin` requires one.
async fn with_sms_factor() -> (TestApp, FakeTwilio) {
    with_phone(|s| {
        s.mfa.methods = vec!["app".into(), "sms".into()];
        s.mfa.required_for = vec!["admin".into()];
    })
    .await
}

/// An admin with a confirmed number who chose text messages; their id and number.
async fn admin_with_sms(app: &TestApp, n: u32) -> (String, String) {
    let user = app.add_user("boss@example.com", &["admin", "user"]).await;
    let number = mobile(n);
    app.app
        .store
        .set_phone(
            &user,
            Some(&PhoneNumber::from_stored(&number)),
            true,
            app.clock.now_secs(),
        )
        .await
        .unwrap();
    app.app
        .store
        .enable_sms_factor(&user, app.clock.now_secs())
        .await
        .unwrap();
    (user, number)
}

async fn password_step(app: &TestApp, browser: &reqwest::Client) {
    let done = submit_login(
        app,
        browser,
        &app.url("/login"),
        "boss@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(done.status(), 303);
    assert!(
        location(&done).starts_with("/login/two-factor"),
        "{}",
        location(&done)
    );
}

async fn text_me(app: &TestApp, browser: &reqwest::Client) -> reqwest::Response {
    let csrf = app.csrf(browser, "/login/two-factor").await;
    browser
        .post(app.url("/login/two-factor/sms"))
        .header("x-forwarded-for", "198.51.100.4")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

async fn submit(
    app: &TestApp,
    browser: &reqwest::Client,
    method: &str,
    code: &str,
) -> reqwest::Response {
    let csrf = app.csrf(browser, "/login/two-factor?sms=1").await;
    browser
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", csrf.as_str()), ("method", method), ("code", code)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_texted_code_is_the_second_step_after_the_password() {
    let (app, twilio) = with_sms_factor().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let (_, number) = admin_with_sms(&app, 600).await;
    let browser = browser();
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid");
    let login = follow(&app, &browser, url).await;
    let login_url = login.url().to_string();
    let done = submit_login(&app, &browser, &login_url, "boss@example.com", PASSWORD).await;
    let step = location(&done);
    assert!(step.starts_with("/login/two-factor"), "{step}");
    let (_, page) = app.get_page(&browser, &step).await;
    assert!(page.contains("Text me a code"), "{page}");
    assert!(!page.contains(&number), "masked");
    let req = query_param(&format!("http://x{step}"), "req");

    let csrf = hidden_value(&page, "csrf");
    let mut form = vec![("csrf", csrf.clone())];
    if let Some(r) = &req {
        form.push(("req", r.clone()));
    }
    let sent = browser
        .post(app.url("/login/two-factor/sms"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let code = twilio.last_code(&number);
    // The texted code is not an app code: answered as one, it fails.
    let as_app = submit(&app, &browser, "app", &code).await;
    assert_eq!(as_app.status(), 401);

    let (_, page) = app.get_page(&browser, &location(&sent)).await;
    let mut form = vec![
        ("csrf", hidden_value(&page, "csrf")),
        ("method", "sms".to_string()),
        ("code", code.clone()),
    ];
    if let Some(r) = &req {
        form.push(("req", r.clone()));
    }
    let passed = browser
        .post(app.url("/login/two-factor"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(passed.status(), 303);
    let back = follow(&app, &browser, app.url(&location(&passed))).await;
    let back = location(&back);
    assert!(back.starts_with(&client.redirect_uri), "{back}");
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&back, "code").unwrap(),
        &verifier,
    )
    .await;
    let id = crate::oidc_flow::jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["amr"], serde_json::json!(["pwd", "sms", "mfa"]));
    assert_eq!(id["acr"], "urn:gatehouse:acr:mfa");
}

#[tokio::test]
async fn wrong_texted_codes_count_against_the_user() {
    let (app, twilio) = with_sms_factor().await;
    let (_, number) = admin_with_sms(&app, 601).await;
    let browser = browser();
    password_step(&app, &browser).await;
    assert_eq!(text_me(&app, &browser).await.status(), 303);
    let code = twilio.last_code(&number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(submit(&app, &browser, "sms", wrong).await.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&429),
        "the per-user bucket closes: {statuses:?}"
    );
    // The code's own tries are gone: even the right one fails now.
    assert_ne!(submit(&app, &browser, "sms", &code).await.status(), 303);
    assert_eq!(
        app.get_page(&browser, "/account").await.0,
        303,
        "no session"
    );
}

#[tokio::test]
async fn a_phone_sign_in_cannot_use_the_same_phone_as_its_second_step() {
    let (app, twilio) = with_sms_factor().await;
    let (_, number) = admin_with_sms(&app, 602).await;
    let browser = browser();
    ask_for_code(&app, &browser, &number, "198.51.100.1").await;
    let done = enter_code(&app, &browser, &twilio.last_code(&number)).await;
    assert!(location(&done).starts_with("/login/two-factor"));
    let (_, page) = app.get_page(&browser, &location(&done)).await;
    assert!(!page.contains("Text me a code"), "{page}");
    assert!(
        page.contains("authenticator"),
        "an app must be set up: {page}"
    );
    app.clock.advance(61);
    assert_ne!(
        text_me(&app, &browser).await.status(),
        303,
        "and no text is sent for it"
    );
}

#[tokio::test]
async fn text_messages_are_turned_on_and_off_on_the_security_page() {
    let (app, _twilio) = with_phone(|s| s.mfa.methods = vec!["app".into(), "sms".into()]).await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let (status, page) = app.get_page(&browser, "/account/security").await;
    assert_eq!(status, 200);
    assert!(page.contains("Phone page"), "no number yet: {page}");
    let number = PhoneNumber::from_stored(&mobile(603));
    app.app
        .store
        .set_phone(&user, Some(&number), true, app.clock.now_secs())
        .await
        .unwrap();
    let post = |enable: &'static str| {
        let (app, browser) = (&app, browser.clone());
        async move {
            let csrf = app.csrf(&browser, "/account").await;
            browser
                .post(app.url("/account/security/sms"))
                .form(&[("csrf", csrf.as_str()), ("enable", enable)])
                .send()
                .await
                .unwrap()
        }
    };
    let on = post("1").await;
    assert_eq!(location(&on), "/account/security?done=sms-on");
    assert!(app.app.store.sms_factor(&user).await.unwrap().is_some());
    let off = post("0").await;
    assert_eq!(location(&off), "/account/security?done=sms-off");
    assert!(app.app.store.sms_factor(&user).await.unwrap().is_none());
    // Without a confirmed number it cannot be turned on.
    app.app
        .store
        .set_phone(&user, Some(&number), false, app.clock.now_secs())
        .await
        .unwrap();
    assert_eq!(post("1").await.status(), 409);
    assert!(app.app.store.sms_factor(&user).await.unwrap().is_none());
}

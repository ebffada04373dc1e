//! Signing in with a code by SMS: a new number makes an account, a known one signs its user
//! in, codes expire, run out of tries, work once (on any node), and the answer never says
//! whether a number has an account.

use gatehouse::domain::PhoneNumber;

use super::*;
use crate::helpers::*;

async fn user_of(app: &TestApp, number: &str) -> Option<gatehouse::domain::User> {
    app.app
        .store
        .user_by_phone(&PhoneNumber::from_stored(number))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_number_makes_an_account_and_signs_in() {
    let (app, twilio) = with_phone(|_| {}).await;
    let browser = browser();
    let (status, login) = app.get_page(&browser, "/login").await;
    assert_eq!(status, 200);
    assert!(login.contains("href=\"/login/phone\""), "{login}");
    let (status, page) = app.get_page(&browser, "/login/phone").await;
    assert_eq!(status, 200);
    assert!(page.contains("type=\"tel\""), "{page}");

    let number = mobile(1);
    let asked = ask_for_code(&app, &browser, "+49 171 1234001", "198.51.100.1").await;
    assert_eq!(asked.status(), 303);
    assert_eq!(location(&asked), "/login/phone/code");
    let texts = twilio.texts();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].to, number, "E.164");
    let code = twilio.last_code(&number);
    let port = app.issuer.rsplit(':').next().unwrap();
    assert!(
        texts[0]
            .body
            .ends_with(&format!("@127.0.0.1:{port} #{code}")),
        "the origin-bound line last: {}",
        texts[0].body
    );
    let (status, page) = app.get_page(&browser, "/login/phone/code").await;
    assert_eq!(status, 200);
    assert!(page.contains("autocomplete=\"one-time-code\""));
    assert!(page.contains("inputmode=\"numeric\""));
    assert!(page.contains("Send a new code"));
    assert!(!page.contains(&number), "the number is masked");
    assert!(
        user_of(&app, &number).await.is_none(),
        "nothing made before the code"
    );

    let done = enter_code(&app, &browser, &code).await;
    assert_eq!(done.status(), 303);
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 200, "signed in");
    let user = user_of(&app, &number).await.expect("the account");
    assert!(user.phone_verified);
    assert!(user.email.is_none() && user.password_hash.is_none());
    let trail = app
        .app
        .store
        .audit_events(Some(&user.id), 10)
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_up" && e.detail == "by phone")
    );
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_in" && e.detail == "phone")
    );

    // The code is spent.
    let again = enter_code(&app, &browser, &code).await;
    assert_eq!(again.status(), 400);
}

#[tokio::test]
async fn a_known_number_in_national_format_signs_its_user_in() {
    let (app, twilio) = with_phone(|s| s.phone.default_region = "DE".into()).await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let number = PhoneNumber::parse("0171 1234002", "DE").unwrap();
    app.app
        .store
        .set_phone(&user, Some(&number), true, app.clock.now_secs())
        .await
        .unwrap();
    let before = crate::federation::harness::user_count(&app).await;
    let browser = browser();
    let asked = ask_for_code(&app, &browser, "0171 1234002", "198.51.100.1").await;
    assert_eq!(asked.status(), 303);
    let done = enter_code(&app, &browser, &twilio.last_code(number.as_str())).await;
    assert_eq!(done.status(), 303);
    let (_, page) = app.get_page(&browser, "/account").await;
    assert!(page.contains("ada@example.com"), "{page}");
    assert_eq!(crate::federation::harness::user_count(&app).await, before);
}

#[tokio::test]
async fn an_unverified_number_set_by_an_admin_signs_nobody_in() {
    let (app, twilio) = with_phone(|s| s.accounts.allow_registration = false).await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let number = PhoneNumber::from_stored(&mobile(3));
    app.app
        .store
        .set_phone(&user, Some(&number), false, app.clock.now_secs())
        .await
        .unwrap();
    let browser = browser();
    assert_eq!(
        ask_for_code(&app, &browser, number.as_str(), "198.51.100.1")
            .await
            .status(),
        303
    );
    let done = enter_code(&app, &browser, &twilio.last_code(number.as_str())).await;
    assert_eq!(done.status(), 403);
    assert_eq!(
        app.get_page(&browser, "/account").await.0,
        303,
        "not signed in"
    );
}

#[tokio::test]
async fn the_answer_is_the_same_whether_or_not_the_number_has_an_account() {
    let (app, twilio) = with_phone(|s| s.accounts.allow_registration = false).await;
    let user = app.add_user("ada@example.com", &["user"]).await;
    let known = PhoneNumber::from_stored(&mobile(4));
    app.app
        .store
        .set_phone(&user, Some(&known), true, app.clock.now_secs())
        .await
        .unwrap();
    let unknown = mobile(5);
    let a = ask_for_code(&app, &browser(), known.as_str(), "198.51.100.1").await;
    let b = ask_for_code(&app, &browser(), &unknown, "198.51.100.2").await;
    assert_eq!((a.status(), location(&a)), (b.status(), location(&b)));
    assert_eq!(twilio.texts().len(), 2, "both get a code");
    // Only the phone's holder learns there is no account, after entering the code.
    let browser = browser();
    app.clock.advance(120);
    ask_for_code(&app, &browser, &unknown, "198.51.100.3").await;
    let done = enter_code(&app, &browser, &twilio.last_code(&unknown)).await;
    let (status, page) = crate::federation::harness::body(done).await;
    assert_eq!(status, 403);
    assert!(page.contains("no account here for this number"), "{page}");
    assert!(user_of(&app, &unknown).await.is_none());
}

#[tokio::test]
async fn bad_numbers_are_refused_and_nothing_is_sent() {
    let (app, twilio) = with_phone(|s| s.phone.allowed_countries = vec!["DE".into()]).await;
    let browser = browser();
    for (number, words) in [
        ("+49 30 12345678", "landline"),
        ("hello", "not a phone number"),
        ("+49 171", "does not exist"),
        ("+44 7400 123456", "country"),
        ("<script>alert(1)</script>", "not a phone number"),
        ("", "mobile number"),
    ] {
        let refused = ask_for_code(&app, &browser, number, "198.51.100.1").await;
        let (status, page) = crate::federation::harness::body(refused).await;
        assert_eq!(status, 422, "{number}: {page}");
        assert!(page.contains(words), "{number}: {page}");
        assert!(!page.contains("<script>alert(1)"), "escaped");
    }
    assert!(twilio.texts().is_empty(), "nothing sent");
    assert_eq!(twilio.requests(), 0);
}

#[tokio::test]
async fn wrong_codes_run_out_and_codes_expire() {
    let (app, twilio) = with_phone(|_| {}).await;
    let number = mobile(6);
    let browser = browser();
    ask_for_code(&app, &browser, &number, "198.51.100.1").await;
    let code = twilio.last_code(&number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    // Each try from its own network, so only the code's own five tries stop them.
    for n in 0..5 {
        let ip = format!("203.0.113.{}", n + 1);
        assert_eq!(
            enter_code_from(&app, &browser, wrong, &ip).await.status(),
            422
        );
    }
    assert_eq!(
        enter_code(&app, &browser, &code).await.status(),
        422,
        "five tries used: even the right code fails"
    );

    // A new code, left to expire.
    app.clock.advance(61);
    let resent = {
        let csrf = app.csrf(&browser, "/login/phone/code").await;
        browser
            .post(app.url("/login/phone/resend"))
            .header("x-forwarded-for", "198.51.100.1")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap()
    };
    assert_eq!(resent.status(), 303);
    let fresh = twilio.last_code(&number);
    app.clock.advance(301);
    let late = enter_code(&app, &browser, &fresh).await;
    assert_eq!(late.status(), 400, "expired");
    assert!(user_of(&app, &number).await.is_none());
}

#[tokio::test]
async fn a_code_works_in_the_browser_that_asked_for_it_and_once_across_nodes() {
    let (app, twilio) = with_phone(|_| {}).await;
    let other = app.second_node().await;
    let before = crate::federation::harness::user_count(&app).await;
    let number = mobile(7);
    let browser = browser();
    ask_for_code(&app, &browser, &number, "198.51.100.1").await;
    let code = twilio.last_code(&number);
    // Another browser with the code but without the cookie gets nowhere.
    let stranger = crate::helpers::browser();
    let csrf = app.csrf(&stranger, "/login/phone").await;
    let tried = stranger
        .post(app.url("/login/phone/code"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), 400);

    // The browser's cookie works on either node; the first use wins.
    let csrf = app.csrf(&browser, "/login/phone/code").await;
    let mut burst = tokio::task::JoinSet::new();
    for node in [app.url("/login/phone/code"), other.url("/login/phone/code")]
        .into_iter()
        .cycle()
        .take(20)
    {
        let (browser, csrf, code) = (browser.clone(), csrf.clone(), code.clone());
        burst.spawn(async move {
            form_status(
                &browser,
                node,
                &[("csrf", csrf.as_str()), ("code", code.as_str())],
            )
            .await
        });
    }
    let statuses = burst.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "one use: {statuses:?}"
    );
    assert_eq!(
        crate::federation::harness::user_count(&app).await,
        before + 1,
        "one account"
    );
}

#[tokio::test]
async fn the_second_factor_policy_applies_after_a_phone_sign_in() {
    let (app, twilio) = with_phone(default_mfa_policy).await;
    let user = app.add_user("boss@example.com", &["admin"]).await;
    let number = PhoneNumber::from_stored(&mobile(8));
    app.app
        .store
        .set_phone(&user, Some(&number), true, app.clock.now_secs())
        .await
        .unwrap();
    let browser = browser();
    ask_for_code(&app, &browser, number.as_str(), "198.51.100.1").await;
    let done = enter_code(&app, &browser, &twilio.last_code(number.as_str())).await;
    assert_eq!(done.status(), 303);
    assert!(
        location(&done).starts_with("/login/two-factor"),
        "an admin still owes a second factor: {}",
        location(&done)
    );
    assert_eq!(
        app.get_page(&browser, "/account").await.0,
        303,
        "no session yet"
    );
}

#[tokio::test]
async fn a_relying_party_gets_the_phone_claims_and_amr_sms() {
    let (app, twilio) = with_phone(|_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid phone");
    let login = follow(&app, &browser, url).await;
    let html = login.text().await.unwrap();
    let start = crate::federation::sign_in::link_starting(&html, "/login/phone?req=");
    let req = query_param(&format!("http://x{start}"), "req").expect("the request id");
    let csrf = app.csrf(&browser, &start).await;
    let number = mobile(9);
    let asked = browser
        .post(app.url("/login/phone"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("phone", number.as_str()),
            ("req", req.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 303);
    let done = enter_code(&app, &browser, &twilio.last_code(&number)).await;
    let back = follow(&app, &browser, app.url(&location(&done))).await;
    let back = location(&back);
    assert!(
        back.starts_with(&client.redirect_uri),
        "to the client: {back}"
    );
    let code = query_param(&back, "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let id = crate::oidc_flow::jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["phone_number"], number);
    assert_eq!(id["phone_number_verified"], true);
    assert_eq!(id["amr"], serde_json::json!(["sms"]));
    assert!(id.get("email").is_none());
    let info: serde_json::Value = reqwest::Client::new()
        .get(app.url("/userinfo"))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["phone_number"], number);
    assert_eq!(info["phone_number_verified"], true);
}

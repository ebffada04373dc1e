//! `accounts.require_email`: a new account through a provider that gives no verified address
//! exists only once the person has typed an address and entered the code sent to it. The
//! answer never says whether the address has an account; tries and codes are charged before
//! the work, so bursts get no more than the allowance.

use gatehouse::domain::Email;
use tokio::task::JoinSet;

use super::fakes::oidc::{FakeOidc, FakeUser};
use super::harness::*;
use crate::accounts::{code_in, wait_for_mail};
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;

const ADDRESS: &str = "chosen@example.com";

/// Gatehouse with `require_email`, mail to a sink, and an upstream user without an address.
async fn requiring_email(db: Db) -> (TestApp, FakeOidc, SmtpSink) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let (app, fake) = with_acme_on(
        db,
        |_| {},
        |s| {
            s.accounts.require_email = true;
            s.smtp.host = "127.0.0.1".into();
            s.smtp.port = port;
            s.smtp.security = gatehouse::config::SmtpSecurity::None;
            s.smtp.from = "Gatehouse <no-reply@example.com>".into();
            // So a burst can come from its own address (X-Forwarded-For).
            s.trust_proxy_headers = true;
        },
    )
    .await;
    fake.add_user(FakeUser::new("no-mail", None, false));
    (app, fake, sink)
}

/// Through the provider to the address form; its CSRF token.
async fn to_address_form(app: &TestApp, browser: &reqwest::Client) -> String {
    let callback = to_callback(app, browser, "/login/federated/acme").await;
    let parked = browser.get(&callback).send().await.unwrap();
    assert_eq!(parked.status(), 303);
    assert_eq!(location(&parked), "/login/federated/email");
    let (status, page) = app.get_page(browser, "/login/federated/email").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("One more step"), "{page}");
    hidden_value(&page, "csrf")
}

async fn send_code(
    app: &TestApp,
    browser: &reqwest::Client,
    csrf: &str,
    email: &str,
) -> (u16, String) {
    let sent = browser
        .post(app.url("/login/federated/email"))
        .form(&[("csrf", csrf), ("email", email)])
        .send()
        .await
        .unwrap();
    body(sent).await
}

async fn enter_code(
    app: &TestApp,
    browser: &reqwest::Client,
    csrf: &str,
    code: &str,
) -> reqwest::Response {
    browser
        .post(app.url("/login/federated/email/code"))
        .form(&[("csrf", csrf), ("code", code)])
        .send()
        .await
        .unwrap()
}

async fn account_for(app: &TestApp, email: &str) -> Option<gatehouse::domain::User> {
    app.app
        .store
        .user_by_email(&Email::parse(email).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_account_exists_only_after_the_address_is_confirmed() {
    let (app, _fake, sink) = requiring_email(Db::Sqlite).await;
    let before = user_count(&app).await;
    let browser = browser();
    let csrf = to_address_form(&app, &browser).await;
    assert_eq!(user_count(&app).await, before, "nothing made yet");
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 303, "not signed in yet");

    // Hostile and malformed addresses are refused on the form, nothing sent.
    for bad in ["", "not an address", "<script>@x", "a@b@c"] {
        let (status, page) = send_code(&app, &browser, &csrf, bad).await;
        assert_eq!(status, 422, "{bad}: {page}");
        assert!(!page.contains("<script>@"), "escaped");
    }
    let (status, page) = send_code(&app, &browser, &csrf, ADDRESS).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("We sent a code"), "{page}");
    let message = wait_for_mail(&sink, ADDRESS, "with acme").await;
    let code = code_in(&message);

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = enter_code(&app, &browser, &csrf, wrong).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(user_count(&app).await, before);

    let done = enter_code(&app, &browser, &csrf, &code).await;
    assert_eq!(done.status(), 303, "on into the session");
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 200, "signed in");
    let user = account_for(&app, ADDRESS).await.expect("the account");
    assert!(user.email_verified, "confirmed by its code");
    assert!(user.password_hash.is_none());
    let links = app.app.store.upstream_links_of(&user.id).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].subject, "no-mail");
    let trail = app
        .app
        .store
        .audit_events(Some(&user.id), 10)
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_up" && e.detail.contains("address confirmed by code")),
        "{trail:?}"
    );

    // The code and the sign-up are spent (with a form token valid in the new session).
    let csrf = app.csrf(&browser, "/account").await;
    let replayed = enter_code(&app, &browser, &csrf, &code).await;
    assert_eq!(replayed.status(), 400);
    assert_eq!(user_count(&app).await, before + 1);
}

#[tokio::test]
async fn an_address_with_an_account_gets_a_notice_and_no_code() {
    let (app, _fake, sink) = requiring_email(Db::Sqlite).await;
    let owner = app.add_user(ADDRESS, &["user"]).await;
    let before = user_count(&app).await;
    let browser = browser();
    let csrf = to_address_form(&app, &browser).await;
    let (status, page) = send_code(&app, &browser, &csrf, ADDRESS).await;
    assert_eq!(status, 200, "the same answer as for a new address: {page}");
    assert!(page.contains("We sent a code"), "{page}");
    let notice = wait_for_mail(&sink, ADDRESS, "already belongs to your account").await;
    assert!(
        !notice
            .text_body()
            .lines()
            .any(|l| l.trim().len() == 6 && l.trim().chars().all(|c| c.is_ascii_digit())),
        "no code in the notice"
    );
    // No code can finish it, and the owner's account is untouched.
    for guess in ["000000", "123456", "999999"] {
        assert_eq!(enter_code(&app, &browser, &csrf, guess).await.status(), 422);
    }
    assert_eq!(user_count(&app).await, before);
    assert!(
        app.app
            .store
            .upstream_links_of(&owner)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_burst_of_guesses_gets_five_tries_at_most() {
    for db in databases() {
        let (app, _fake, sink) = requiring_email(db).await;
        let before = user_count(&app).await;
        let browser = browser();
        let csrf = to_address_form(&app, &browser).await;
        send_code(&app, &browser, &csrf, ADDRESS).await;
        let code = code_in(&wait_for_mail(&sink, ADDRESS, "with acme").await);
        // Sixty wrong codes at once, each from its own address so no address throttle helps:
        // the sign-up's own five tries are all that are compared, so the right code, arriving
        // after them, fails too.
        let mut burst = JoinSet::new();
        for n in 0..60u32 {
            let guess = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + n) % 1_000_000);
            let (browser, url, csrf) = (
                browser.clone(),
                app.url("/login/federated/email/code"),
                csrf.clone(),
            );
            burst.spawn(async move {
                browser
                    .post(url)
                    .header("x-forwarded-for", format!("203.0.113.{}", n + 1))
                    .form(&[("csrf", csrf.as_str()), ("code", guess.as_str())])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let statuses = burst.join_all().await;
        assert!(statuses.iter().all(|s| *s == 422), "{db:?}: {statuses:?}");
        let right = enter_code(&app, &browser, &csrf, &code).await;
        assert_ne!(right.status(), 303, "{db:?}: the tries are used up");
        assert_eq!(user_count(&app).await, before, "{db:?}");

        // A new code starts the tries over; then it works, once.
        let (status, _) = send_code(&app, &browser, &csrf, ADDRESS).await;
        assert_eq!(status, 200);
        let fresh = loop {
            let message = wait_for_mail(&sink, ADDRESS, "with acme").await;
            let fresh = code_in(&message);
            if fresh != code {
                break fresh;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        assert_eq!(
            enter_code(&app, &browser, &csrf, &code).await.status(),
            422,
            "the old code is dead"
        );
        let mut burst = JoinSet::new();
        for _ in 0..20 {
            let (browser, url, csrf, fresh) = (
                browser.clone(),
                app.url("/login/federated/email/code"),
                csrf.clone(),
                fresh.clone(),
            );
            burst.spawn(async move {
                browser
                    .post(url)
                    .header("x-forwarded-for", "198.51.100.7")
                    .form(&[("csrf", csrf.as_str()), ("code", fresh.as_str())])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let statuses = burst.join_all().await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 303).count(),
            1,
            "{db:?}: one request gets the sign-up: {statuses:?}"
        );
        assert_eq!(user_count(&app).await, before + 1, "{db:?}: one account");
    }
}

#[tokio::test]
async fn codes_per_sign_up_are_limited_and_the_sign_up_expires() {
    let (app, _fake, _sink) = requiring_email(Db::Sqlite).await;
    let browser = browser();
    let csrf = to_address_form(&app, &browser).await;
    for n in 0..5 {
        let (status, _) = send_code(&app, &browser, &csrf, &format!("try{n}@example.com")).await;
        assert_eq!(status, 200);
    }
    let (status, page) = send_code(&app, &browser, &csrf, "sixth@example.com").await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Too many codes"), "{page}");

    // Half an hour later the waiting sign-up is gone.
    app.clock.advance(1801);
    let (status, page) = app.get_page(&browser, "/login/federated/email").await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("Start again"), "{page}");
    // A browser that never had one, too.
    let (status, _) = app
        .get_page(&crate::helpers::browser(), "/login/federated/email")
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_unverified_upstream_address_is_only_a_suggestion() {
    let (app, fake, _sink) = requiring_email(Db::Sqlite).await;
    fake.add_user(FakeUser::new("loose", Some("claimed@example.com"), false));
    let before = user_count(&app).await;
    let browser = browser();
    let callback = to_callback(&app, &browser, "/login/federated/acme").await;
    assert_eq!(
        location(&browser.get(&callback).send().await.unwrap()),
        "/login/federated/email"
    );
    let (_, page) = app.get_page(&browser, "/login/federated/email").await;
    assert!(
        page.contains("value=\"claimed@example.com\""),
        "prefilled: {page}"
    );
    assert_eq!(user_count(&app).await, before);
    assert!(account_for(&app, "claimed@example.com").await.is_none());
}

#[tokio::test]
async fn without_the_setting_such_accounts_have_no_address() {
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    fake.add_user(FakeUser::new("no-mail", None, false));
    let before = user_count(&app).await;
    let done = through_provider(&app, &browser(), "/login/federated/acme").await;
    assert_eq!(done.status(), 200);
    assert_eq!(user_count(&app).await, before + 1);
}

#[tokio::test]
async fn a_relying_party_gets_its_code_after_the_address_is_confirmed() {
    let (app, _fake, sink) = requiring_email(Db::Sqlite).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid email profile privileges");
    let login = follow(&app, &browser, url).await;
    let html = login.text().await.unwrap();
    let start = super::sign_in::button(&html, "acme");
    let callback = to_callback(&app, &browser, &start).await;
    let parked = browser.get(&callback).send().await.unwrap();
    assert_eq!(location(&parked), "/login/federated/email");
    let csrf = app.csrf(&browser, "/login/federated/email").await;
    send_code(&app, &browser, &csrf, ADDRESS).await;
    let code = code_in(&wait_for_mail(&sink, ADDRESS, "with acme").await);
    let done = enter_code(&app, &browser, &csrf, &code).await;
    let back = follow(&app, &browser, app.url(&location(&done))).await;
    let back = location(&back);
    assert!(
        back.starts_with(&client.redirect_uri),
        "to the client: {back}"
    );
    assert_eq!(query_param(&back, "state").as_deref(), Some("st"));
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&back, "code").unwrap(),
        &verifier,
    )
    .await;
    let id = crate::oidc_flow::jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["email"], ADDRESS);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["idp"], "acme");
    assert_eq!(id["amr"], serde_json::json!(["fed"]));
}

//! Accounts through HTTP as a browser uses them: sign-up, e-mail verification (mail caught by
//! a real SMTP listener on 127.0.0.1), recovery, e-mail change, profile, sessions, connected
//! apps, validity dates, deactivation, throttling and the audit trail. Expiry is driven by the
//! test clock, never by sleeping.

use std::time::Duration;

use gatehouse::config::{Settings, SmtpSecurity};
use gatehouse::domain::Email;
use serde_json::Value;

use crate::browser::{click, fill};
use crate::helpers::*;
use crate::smtp_sink::{Captured, SmtpSink};

const NEW_PASSWORD: &str = "violet tangerine harbour lantern";

/// Gatehouse sending its mail to a fresh SMTP sink.
pub async fn spawn_with_mail(configure: impl FnOnce(&mut Settings)) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.smtp.host = "127.0.0.1".into();
        s.smtp.port = port;
        s.smtp.security = SmtpSecurity::None;
        s.smtp.from = "Gatehouse <no-reply@example.com>".into();
        s.trust_proxy_headers = true;
        configure(s);
    })
    .await;
    (app, sink)
}

/// Mail is sent after the reply (so its timing reveals nothing): wait for the message to `to`
/// whose text contains `needle`.
pub async fn wait_for_mail(sink: &SmtpSink, to: &str, needle: &str) -> Captured {
    for _ in 0..250 {
        let found = sink
            .messages()
            .into_iter()
            .rev()
            .find(|m| m.to.iter().any(|t| t == to) && m.text_body().contains(needle));
        if let Some(message) = found {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no message to {to} containing {needle}");
}

/// Waits until the sink holds `n` messages, then gives stragglers a moment to show up.
async fn settle_at(sink: &SmtpSink, n: usize) -> usize {
    for _ in 0..250 {
        if sink.messages().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    sink.messages().len()
}

/// The six-digit code in a verification message.
pub fn code_in(message: &Captured) -> String {
    message
        .text_body()
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 6 && l.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in:\n{}", message.text_body()))
        .to_string()
}

/// The first link to `path` in a message's text.
fn link_in(message: &Captured, path: &str) -> String {
    message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains(path))
        .unwrap_or_else(|| panic!("no {path} link in:\n{}", message.text_body()))
        .to_string()
}

async fn register(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.post_form(
        browser,
        "/register",
        &[
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
            ("email", email),
            ("password", password),
        ],
    )
    .await
}

async fn submit_code(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    code: &str,
) -> reqwest::Response {
    app.post_form(browser, "/verify", &[("email", email), ("code", code)])
        .await
}

async fn user(app: &TestApp, email: &str) -> gatehouse::domain::User {
    app.app
        .store
        .user_by_email(&Email::parse(email).unwrap())
        .await
        .unwrap()
        .expect("user exists")
}

async fn audit_kinds(app: &TestApp, user_id: &str) -> Vec<String> {
    app.app
        .store
        .audit_events(Some(user_id), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

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
async fn verification_link_expiry_resend_and_verified_privileges() {
    let (app, sink) =
        spawn_with_mail(|s| s.accounts.verified_user_privileges = vec!["customer".into()]).await;
    let browser = browser();
    register(&app, &browser, "grace@example.com", PASSWORD).await;
    let first = sink
        .wait_for("grace@example.com", Duration::from_secs(5))
        .await;
    let old_link = link_in(&first, "/verify/link");

    // The code expires after 15 minutes.
    app.clock.advance(15 * 60 + 1);
    let late = submit_code(&app, &browser, "grace@example.com", &code_in(&first)).await;
    assert_eq!(late.status(), 422);

    // Resend: a new message; a second resend straight away sends nothing more.
    let token = app.csrf(&browser, "/verify").await;
    for _ in 0..2 {
        let r = browser
            .post(app.url("/verify/resend"))
            .form(&[("csrf", token.as_str()), ("email", "grace@example.com")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(
        settle_at(&sink, 2).await,
        2,
        "one message per resend interval"
    );
    let second = sink
        .wait_for("grace@example.com", Duration::from_secs(5))
        .await;
    assert_ne!(code_in(&second), code_in(&first));

    // The old link is dead (superseded and expired); the new one verifies.
    let dead = browser.get(&old_link).send().await.unwrap();
    assert_eq!(dead.status(), 400);
    let new_link = link_in(&second, "/verify/link");
    let ok = browser.get(&new_link).send().await.unwrap();
    assert_eq!(location(&ok), "/login?verified=1");
    assert_eq!(
        browser.get(&new_link).send().await.unwrap().status(),
        400,
        "links are single-use"
    );
    let grace = user(&app, "grace@example.com").await;
    assert_eq!(
        grace.privileges,
        vec!["customer", "user"],
        "verified_user_privileges added"
    );

    // Resend for an address with no account answers the same and sends nothing.
    let r = browser
        .post(app.url("/verify/resend"))
        .form(&[("csrf", token.as_str()), ("email", "nobody@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        !sink
            .messages()
            .iter()
            .any(|m| m.to.iter().any(|t| t == "nobody@example.com"))
    );
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
        assert!(page.contains("too easy to guess"), "{guessable}: {page}");
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

#[tokio::test]
async fn forgot_password_resets_and_signs_out_everywhere() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let ada_id = app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    // A signed-in browser holding an offline refresh token.
    let other = browser();
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = authorize_through_login(&app, &other, &auth, "ada@example.com").await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();

    // Asking: the same answer for a known and an unknown address; mail only for the known one.
    let browser = browser();
    let token = app.csrf(&browser, "/password/forgot").await;
    let mut pages = Vec::new();
    for email in ["ada@example.com", "nobody@example.com"] {
        let r = browser
            .post(app.url("/password/forgot"))
            .form(&[("csrf", token.as_str()), ("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        pages.push(
            r.text()
                .await
                .unwrap()
                .split("name=\"csrf\"")
                .next()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(pages[0], pages[1], "no account enumeration");
    assert_eq!(
        settle_at(&sink, 1).await,
        1,
        "mail only for the known address"
    );
    let message = sink
        .wait_for("ada@example.com", Duration::from_secs(5))
        .await;
    let link = link_in(&message, "/password/reset?token=");

    // Weak password refused; the link survives that.
    let html = browser
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("ada@example.com"));
    let reset_token = hidden_value(&html, "token");
    let form_csrf = hidden_value(&html, "csrf");
    let weak = browser
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", form_csrf.as_str()),
            ("token", reset_token.as_str()),
            ("new", "password1234"),
            ("confirm", "password1234"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422);
    let done = browser
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", form_csrf.as_str()),
            ("token", reset_token.as_str()),
            ("new", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?reset=1");

    // Everything signed in before is out: the other browser, and the refresh token.
    assert_eq!(
        location(&other.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refreshed = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 400);
    // Old password out, new in; the link is single-use.
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
    app.sign_in("ada@example.com", NEW_PASSWORD).await;
    assert_eq!(browser.get(&link).send().await.unwrap().status(), 400);
    let kinds = audit_kinds(&app, &ada_id).await;
    assert!(
        kinds.contains(&"password_reset_requested".to_string())
            && kinds.contains(&"password_reset".to_string())
    );
}

#[tokio::test]
async fn reset_links_expire_and_requests_are_throttled() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    let token = app.csrf(&browser, "/password/forgot").await;
    let ask = |ip: &'static str| {
        let browser = browser.clone();
        let token = token.clone();
        let url = app.url("/password/forgot");
        async move {
            browser
                .post(url)
                .header("x-forwarded-for", ip)
                .form(&[("csrf", token.as_str()), ("email", "ada@example.com")])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(ask("10.0.0.1").await.status(), 200);
    let link = link_in(
        &sink
            .wait_for("ada@example.com", Duration::from_secs(5))
            .await,
        "/password/reset?token=",
    );
    app.clock.advance(30 * 60 + 1);
    assert_eq!(
        browser.get(&link).send().await.unwrap().status(),
        400,
        "expired after 30 minutes"
    );

    // Per account: the sixth request in the window is refused, from any address.
    for i in 0..5 {
        let ip: &'static str = Box::leak(format!("10.1.0.{i}").into_boxed_str());
        ask(ip).await;
    }
    let blocked = ask("10.2.0.1").await;
    assert_eq!(blocked.status(), 429);
    assert!(blocked.text().await.unwrap().contains("Too many attempts"));
}

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

#[tokio::test]
async fn profile_fields_follow_the_setting_and_flow_into_tokens() {
    let (app, _sink) = spawn_with_mail(|s| {
        s.accounts.user_profile_fields = vec!["country".into(), "timezone".into()]
    })
    .await;
    app.add_user("ada@example.com", &["user"]).await;
    app.add_user("dev@example.com", &["user", "developer"])
        .await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let page = browser
        .get(app.url("/account/profile"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"country\"") && page.contains("name=\"timezone\""));
    assert!(
        !page.contains("name=\"organization\""),
        "not in user_profile_fields"
    );
    let token = hidden_value(&page, "csrf");
    let bad = browser
        .post(app.url("/account/profile"))
        .form(&[
            ("csrf", token.as_str()),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("country", "XX"),
            ("timezone", "Mars/Base"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("ISO 3166") && html.contains("IANA time zone"),
        "{html}"
    );
    let good = browser
        .post(app.url("/account/profile"))
        .form(&[
            ("csrf", token.as_str()),
            ("first_name", "Augusta Ada"),
            ("last_name", "King"),
            ("country", "gb"),
            ("timezone", "Europe/London"),
            ("organization", "ignored: not editable"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&good), "/account/profile?saved=1");
    let ada = user(&app, "ada@example.com").await;
    assert_eq!(
        (
            ada.first_name.as_str(),
            ada.details.country.as_str(),
            ada.details.timezone.as_str()
        ),
        ("Augusta Ada", "GB", "Europe/London")
    );
    assert_eq!(ada.details.organization, "");

    // A developer may edit every field.
    let dev = app.sign_in("dev@example.com", PASSWORD).await;
    let page = dev
        .get(app.url("/account/profile"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for field in [
        "organization",
        "language",
        "date_format",
        "subdivision_first",
    ] {
        assert!(page.contains(&format!("name=\"{field}\"")), "{field}");
    }

    // The claims: profile and address scopes.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid profile address");
    let code = query_param(&location(&browser.get(&auth).send().await.unwrap()), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let payload = tokens["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["given_name"], "Augusta Ada");
    assert_eq!(claims["family_name"], "King");
    assert_eq!(claims["zoneinfo"], "Europe/London");
    assert_eq!(claims["address"]["country"], "GB");
}

#[tokio::test]
async fn sessions_are_listed_ended_and_limited() {
    let (app, _sink) = spawn_with_mail(|s| s.sessions.limit = 2).await;
    app.add_user("ada@example.com", &["user"]).await;
    // Sessions are ordered by their start, to the second.
    let first = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(1);
    let second = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(1);
    let third = app.sign_in("ada@example.com", PASSWORD).await;

    // The limit ended the oldest.
    assert_eq!(
        location(&first.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    assert_eq!(
        second
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let page = third
        .get(app.url("/account/sessions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("<li>").count(), 2);
    assert!(page.contains("this browser"));
    let token = hidden_value(&page, "csrf");
    let ended = third
        .post(app.url("/account/sessions/end-others"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&ended), "/account/sessions?ended=1");
    assert_eq!(
        location(&second.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    assert_eq!(
        third
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // Someone else's session id cannot be ended from here.
    let refused = third
        .post(app.url("/account/sessions/end"))
        .form(&[("csrf", token.as_str()), ("id", "not-mine")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn session_limit_zero_is_maintenance_and_idle_sessions_end() {
    let (app, _sink) = spawn_with_mail(|s| s.sessions.limit = 0).await;
    app.add_user("ada@example.com", &["user"]).await;
    let refused = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(refused.status(), 503);
    assert!(refused.text().await.unwrap().contains("maintenance"));

    let (app, _sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(2 * 3600 + 1);
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login",
        "idle timeout"
    );
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    for _ in 0..13 {
        app.clock.advance(3600);
        browser.get(app.url("/account")).send().await.unwrap();
    }
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login",
        "absolute lifetime"
    );
}

#[tokio::test]
async fn validity_dates_and_deactivation_stop_sign_in_sessions_and_refresh() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let now = app.clock.now_secs();
    app.app
        .store
        .set_validity(&ada, Some(now + 86400), None, now)
        .await
        .unwrap();
    let early = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(early.status(), 403);
    assert!(early.text().await.unwrap().contains("not valid yet"));
    app.app
        .store
        .set_validity(&ada, None, Some(now - 1), now)
        .await
        .unwrap();
    let late = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert!(
        late.text()
            .await
            .unwrap()
            .contains("This account expired on")
    );

    // A live session and refresh token stop working when the account expires or is deactivated.
    app.app
        .store
        .set_validity(&ada, None, Some(now + 600), now)
        .await
        .unwrap();
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = authorize_through_login(&app, &browser, &auth, "ada@example.com").await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let refresh = |token: String| {
        let url = app.url("/token");
        let client = client.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .basic_auth(&client.id, client.secret.as_deref())
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let first = refresh(tokens["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(first.status(), 200);
    let rotated: Value = first.json().await.unwrap();
    app.clock.advance(601);
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refused = refresh(rotated["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(refused.status(), 400);

    // Deactivation, for a second user.
    let bob = app.add_user("bob@example.com", &["user"]).await;
    let bob_browser = app.sign_in("bob@example.com", PASSWORD).await;
    app.app
        .store
        .set_active(&bob, false, app.clock.now_secs())
        .await
        .unwrap();
    assert_eq!(
        location(&bob_browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refused = submit_login(
        &app,
        &crate::helpers::browser(),
        &app.url("/login"),
        "bob@example.com",
        PASSWORD,
    )
    .await;
    assert!(refused.text().await.unwrap().contains("deactivated"));
}

#[tokio::test]
async fn connected_apps_can_be_revoked() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            name: "Photo Printer",
            ..ClientSpec::confidential()
        })
        .await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid email offline_access");
    let consent = follow(&app, &browser, auth.clone())
        .await
        .text()
        .await
        .unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&consent, "csrf")),
            ("req", hidden_value(&consent, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    let code = query_param(&location(&allowed), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;

    let page = browser
        .get(app.url("/account/apps"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Photo Printer") && page.contains("Your e-mail address"));
    let revoked = browser
        .post(app.url("/account/apps/revoke"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("client_id", client.id.clone()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&revoked), "/account/apps?revoked=1");
    let page = browser
        .get(app.url("/account/apps"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Photo Printer"));
    let refreshed = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 400, "its refresh token is revoked");
    // The next request asks for consent again.
    let again = follow(&app, &browser, auth).await;
    assert!(again.url().path().starts_with("/consent"));
}

#[tokio::test]
async fn verification_codes_are_throttled() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let browser = browser();
    register(&app, &browser, "grace@example.com", PASSWORD).await;
    let code = code_in(
        &sink
            .wait_for("grace@example.com", Duration::from_secs(5))
            .await,
    );
    for _ in 0..5 {
        let r = submit_code(&app, &browser, "grace@example.com", "111111").await;
        assert!(matches!(r.status().as_u16(), 422 | 429));
    }
    // Five wrong tries used the message up (and the account bucket is blocked): the right code
    // no longer works.
    let late = submit_code(&app, &browser, "grace@example.com", &code).await;
    assert!(
        matches!(late.status().as_u16(), 422 | 429),
        "{}",
        late.status()
    );
    assert!(!user(&app, "grace@example.com").await.email_verified);
}

#[tokio::test]
async fn without_smtp_mail_goes_to_the_outbox() {
    let app = spawn_app().await;
    let browser = browser();
    register(&app, &browser, "grace@example.com", PASSWORD).await;
    let outbox = app.settings.data_dir.join("outbox");
    let messages = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&outbox)
            .map(|dir| {
                dir.filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|path| path.extension().is_some_and(|e| e == "eml"))
                    .collect()
            })
            .unwrap_or_default()
    };
    for _ in 0..250 {
        if !messages().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let files = messages();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: grace@example.com"));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let elsewhere = app.sign_in("ada@example.com", PASSWORD).await;
    // Elsewhere also holds an offline refresh token.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = location(&elsewhere.get(&auth).send().await.unwrap());
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let here = app.sign_in("ada@example.com", PASSWORD).await;
    let page = here
        .get(app.url("/account/password"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changed = here
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("current", PASSWORD.into()),
            ("new", NEW_PASSWORD.into()),
            ("confirm", NEW_PASSWORD.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&changed), "/account?changed=1");
    assert_eq!(
        here.get(app.url("/account")).send().await.unwrap().status(),
        200,
        "this browser stays in"
    );
    assert_eq!(
        location(&elsewhere.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let (status, _) = token_request(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(
        status, 400,
        "offline tokens obtained elsewhere are revoked too"
    );
    let kinds = audit_kinds(&app, &ada).await;
    assert!(
        kinds.contains(&"password_changed".to_string())
            && kinds.contains(&"session_ended".to_string())
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

/// Finding 3 for verification codes: 50 simultaneous guesses at a sign-up code get at most
/// the allowance checked, and the right code still works once the block runs out.
#[tokio::test]
async fn a_burst_of_wrong_verification_codes_checks_at_most_the_allowance() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let browser = browser();
    register(&app, &browser, "grace@example.com", PASSWORD).await;
    let message = sink
        .wait_for("grace@example.com", Duration::from_secs(5))
        .await;
    let code = code_in(&message);
    let token = app.csrf(&browser, "/verify").await;
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (browser, url, token) = (browser.clone(), app.url("/verify"), token.clone());
        let guess = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
        burst.spawn(async move {
            browser
                .post(url)
                .form(&[
                    ("csrf", token.as_str()),
                    ("email", "grace@example.com"),
                    ("code", guess.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut checked = 0;
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            422 => checked += 1,
            429 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(
        checked <= 5,
        "{checked} codes were checked; the allowance is 5"
    );
    assert!(!user(&app, "grace@example.com").await.email_verified);
    app.clock.advance(15 * 60 + 1);
    // The code expired meanwhile (15 minutes): a resend gives a fresh one that works.
    let token = app.csrf(&browser, "/verify").await;
    let resent = browser
        .post(app.url("/verify/resend"))
        .form(&[("csrf", token.as_str()), ("email", "grace@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(resent.status(), 200);
    assert!(settle_at(&sink, 2).await >= 2, "a second message");
    let fresh_code = code_in(sink.messages().last().unwrap());
    let right = submit_code(&app, &browser, "grace@example.com", &fresh_code).await;
    assert_eq!(right.status(), 303, "the owner gets in after the attack");
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

//! Two-step sign-in through HTTP: enrolling an authenticator app (the test reads the secret
//! off the page and computes codes like an app), the code step at sign-in with its replay,
//! skew and throttling rules, recovery codes, the administrators' policy, `acr`/`amr` in
//! tokens, and an administrator's reset, by area; this module holds the helpers their tests share.

mod admin_reset;
mod enrollment;
mod policy;
mod recovery_codes;
mod sign_in;
mod tokens;

use gatehouse::admin::api_keys;
use gatehouse::crypto::totp::code_at;
use gatehouse::domain::Capability;

use crate::helpers::*;

/// The text between `start` and the next `end` in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page:\n{html}"))
        + start.len();
    let to = html[from..].find(end).expect("end marker") + from;
    &html[from..to]
}

/// The secret as an app would store it, from the base32 text on the enrollment page.
fn secret_from(html: &str) -> Vec<u8> {
    let text = between(html, "id=\"totp-secret\">", "</code>");
    totp_rs::Secret::try_from_base32(text)
        .expect("base32 secret")
        .as_bytes()
        .to_vec()
}

/// The recovery codes listed on the page shown once after enrollment or renewal.
fn recovery_codes_from(html: &str) -> Vec<String> {
    let list = between(html, "id=\"recovery-codes\">", "</ul>");
    list.split("<code>")
        .skip(1)
        .map(|c| c.split("</code>").next().unwrap().to_string())
        .collect()
}

fn code_now(app: &TestApp, secret: &[u8]) -> String {
    code_at(secret, app.clock.now_secs()).unwrap()
}

/// Signs in with the password only (no second factor configured).
pub(crate) async fn password_session(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = crate::helpers::browser();
    let response = submit_login(app, &browser, &app.url("/login"), email, PASSWORD).await;
    assert_eq!(location(&response), "/account", "signed in");
    browser
}

/// Enrolls an authenticator from the account page; returns its secret and recovery codes.
pub(crate) async fn enroll_from_account(
    app: &TestApp,
    browser: &reqwest::Client,
) -> (Vec<u8>, Vec<String>) {
    let (status, html) = app.get_page(browser, "/account/security/app").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<svg"), "a QR code is drawn inline");
    let secret = secret_from(&html);
    let code = code_now(app, &secret);
    let response = app
        .post(
            browser,
            "/account/security/app",
            &[("csrf", &hidden_value(&html, "csrf")), ("code", &code)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let codes = recovery_codes_from(&html);
    (secret, codes)
}

/// Posts the password form and expects to be sent to the code step.
pub(crate) async fn password_then_code_step(
    app: &TestApp,
    browser: &reqwest::Client,
    login_url: &str,
    email: &str,
) -> String {
    let response = submit_login(app, browser, login_url, email, PASSWORD).await;
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert!(target.starts_with("/login/two-factor"), "{target}");
    target
}

/// Submits a code at the sign-in step.
pub(crate) async fn submit_code(
    app: &TestApp,
    browser: &reqwest::Client,
    step: &str,
    code: &str,
) -> reqwest::Response {
    let (status, html) = app.get_page(browser, step).await;
    assert_eq!(status, 200, "{html}");
    let mut form = vec![("csrf", hidden_value(&html, "csrf")), ("code", code.into())];
    if html.contains("name=\"req\"") {
        form.push(("req", hidden_value(&html, "req")));
    }
    browser
        .post(app.url("/login/two-factor"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    let response = browser.get(app.url("/account")).send().await.unwrap();
    response.status() == 200
}

/// The audit events of `kind` (about `user`, when given), newest first.
async fn audit_events(
    app: &TestApp,
    kind: &str,
    user: Option<&str>,
) -> Vec<gatehouse::store::AuditEntry> {
    app.app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            kind: Some(kind.into()),
            user_id: user.map(str::to_string),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// An admin API key with every capability of `user_id`.
async fn admin_key(app: &TestApp, user_id: &str) -> String {
    let owner = app.app.store.user_by_id(user_id).await.unwrap().unwrap();
    let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app.app, &owner)
        .into_iter()
        .collect();
    api_keys::create(&app.app, &owner, "test", &caps, None)
        .await
        .unwrap()
        .key
}

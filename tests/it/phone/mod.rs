//! Phone sign-in with SMS codes, against a fake Twilio on 127.0.0.1
//! (`cargo test --test it phone::`).

mod account;
mod browser;
pub mod fake_twilio;
mod limits;
mod second_factor;
mod sign_in;
mod transport;

use gatehouse::config::{Settings, SmsTransport};

use crate::helpers::*;
pub use fake_twilio::{Answer, FakeTwilio};

/// A German mobile number, `n` picking one of a thousand.
pub fn mobile(n: u32) -> String {
    format!("+49171123{:04}", 4000 + n % 1000)
}

/// Gatehouse with phone sign-in on, texts going to a fake Twilio, client addresses taken
/// from X-Forwarded-For (so tests can be many networks).
pub async fn with_phone(configure: impl FnOnce(&mut Settings)) -> (TestApp, FakeTwilio) {
    with_phone_on(Db::Sqlite, configure).await
}

pub async fn with_phone_on(db: Db, configure: impl FnOnce(&mut Settings)) -> (TestApp, FakeTwilio) {
    let twilio = FakeTwilio::start().await;
    let base = twilio.base_url().to_string();
    let app = spawn_app_with(db, |s| {
        s.phone.sign_in = true;
        s.sms.transport = SmsTransport::Twilio;
        s.sms.twilio.account_sid = fake_twilio::ACCOUNT_SID.into();
        s.sms.twilio.auth_token = Some(fake_twilio::AUTH_TOKEN.to_string().into());
        s.sms.twilio.from = fake_twilio::FROM.into();
        s.sms.twilio.base_url = base.clone();
        s.sms.twilio.verify_base_url = base;
        s.sms.twilio.verify_service_sid = fake_twilio::VERIFY_SID.into();
        s.sms.twilio.timeout_secs = 1;
        s.trust_proxy_headers = true;
        configure(s);
    })
    .await;
    (app, twilio)
}

/// POSTs the number form from network `ip`; the response.
pub async fn ask_for_code(
    app: &TestApp,
    browser: &reqwest::Client,
    number: &str,
    ip: &str,
) -> reqwest::Response {
    let csrf = app.csrf(browser, "/login/phone").await;
    browser
        .post(app.url("/login/phone"))
        .header("x-forwarded-for", ip)
        .form(&[("csrf", csrf.as_str()), ("phone", number)])
        .send()
        .await
        .unwrap()
}

/// POSTs the code form; the response.
pub async fn enter_code(app: &TestApp, browser: &reqwest::Client, code: &str) -> reqwest::Response {
    enter_code_from(app, browser, code, "198.51.100.200").await
}

/// POSTs the code form from network `ip` (the address throttle is per network).
pub async fn enter_code_from(
    app: &TestApp,
    browser: &reqwest::Client,
    code: &str,
    ip: &str,
) -> reqwest::Response {
    // The code page's token, or (once it is gone) any page's.
    let csrf = match app.get_page(browser, "/login/phone/code").await {
        (200, page) => hidden_value(&page, "csrf"),
        _ => app.csrf(browser, "/login").await,
    };
    browser
        .post(app.url("/login/phone/code"))
        .header("x-forwarded-for", ip)
        .form(&[("csrf", csrf.as_str()), ("code", code)])
        .send()
        .await
        .unwrap()
}

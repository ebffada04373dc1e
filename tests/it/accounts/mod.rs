//! Accounts through HTTP as a browser uses them: sign-up, e-mail verification (mail caught by
//! a real SMTP listener on 127.0.0.1), recovery, e-mail change, profile, sessions, connected
//! apps, validity dates, deactivation, throttling and the audit trail, by area; this module holds
//! the helpers their tests share. Expiry is driven by the test clock, never by sleeping.

mod connected_apps;
mod email_change;
mod profile;
mod recovery;
mod sessions;
mod signup;
mod validity;
mod verification;

use std::time::Duration;

use gatehouse::config::{Settings, SmtpSecurity};
use gatehouse::domain::Email;

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

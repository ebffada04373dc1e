//! The toll-fraud limits: the resend cooldown, per-address, per-number and installation-wide
//! caps, each charged in one statement, so bursts of parallel requests cannot overshoot; a
//! refusal says when to try again and is audited.

use tokio::task::JoinSet;

use super::*;
use crate::helpers::*;

/// Fires `n` parallel "send a code" requests, each from a fresh browser; `request(i)` gives
/// the number and network address of the i-th. Returns the statuses.
async fn burst(app: &TestApp, n: u32, request: impl Fn(u32) -> (String, String)) -> Vec<u16> {
    let mut prepared = Vec::new();
    for i in 0..n {
        let browser = browser();
        let csrf = app.csrf(&browser, "/login/phone").await;
        let (number, ip) = request(i);
        prepared.push((browser, csrf, number, ip));
    }
    let mut burst = JoinSet::new();
    for (browser, csrf, number, ip) in prepared {
        let url = app.url("/login/phone");
        burst.spawn(async move {
            browser
                .post(url)
                .header("x-forwarded-for", ip)
                .form(&[("csrf", csrf.as_str()), ("phone", number.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    burst.join_all().await
}

fn sent(statuses: &[u16]) -> usize {
    statuses.iter().filter(|s| **s == 303).count()
}

#[tokio::test]
async fn a_burst_to_one_number_sends_one_text() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, |_| {}).await;
        let statuses = burst(&app, 40, |i| (mobile(10), format!("203.0.113.{}", i + 1))).await;
        assert_eq!(sent(&statuses), 1, "{db:?}: the cooldown: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 303 || *s == 429));
        assert_eq!(twilio.texts().len(), 1, "{db:?}");
    }
}

#[tokio::test]
async fn the_cooldown_is_shown_and_passes() {
    let (app, twilio) = with_phone(|s| s.phone.resend_interval_secs = 3).await;
    let browser = browser();
    ask_for_code(&app, &browser, &mobile(11), "198.51.100.1").await;
    let (_, page) = app.get_page(&browser, "/login/phone/code").await;
    assert!(page.contains("new code in 3 seconds"), "{page}");
    let resend = |browser: reqwest::Client| {
        let app = &app;
        async move {
            let csrf = app.csrf(&browser, "/login/phone/code").await;
            browser
                .post(app.url("/login/phone/resend"))
                .header("x-forwarded-for", "198.51.100.1")
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    let early = resend(browser.clone()).await;
    assert_eq!(early.status(), 429);
    assert!(early.headers().contains_key("retry-after"));
    let first = twilio.last_code(&mobile(11));
    app.clock.advance(3);
    assert_eq!(resend(browser.clone()).await.status(), 303);
    assert_eq!(twilio.texts().len(), 2);
    let second = twilio.last_code(&mobile(11));
    if first != second {
        assert_eq!(
            enter_code(&app, &browser, &first).await.status(),
            422,
            "replaced"
        );
    }
    assert_eq!(enter_code(&app, &browser, &second).await.status(), 303);
}

#[tokio::test]
async fn one_network_gets_its_allowance_and_no_more() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, |s| s.phone.per_ip_per_hour = 3).await;
        let statuses = burst(&app, 30, |i| (mobile(100 + i), "203.0.113.9".into())).await;
        assert_eq!(sent(&statuses), 3, "{db:?}: {statuses:?}");
        assert_eq!(twilio.texts().len(), 3);
        let limited = app
            .app
            .store
            .audit_events(None, 200)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "sms_limited")
            .count();
        assert_eq!(limited, 27, "{db:?}: each refusal audited");
        // The refused network's flood did not use up anyone else's allowance.
        let other = ask_for_code(&app, &browser(), &mobile(200), "198.51.100.50").await;
        assert_eq!(other.status(), 303, "{db:?}");
    }
}

#[tokio::test]
async fn the_daily_caps_hold_under_a_burst() {
    let (app, twilio) = with_phone(|s| s.phone.global_per_day = 4).await;
    let statuses = burst(&app, 25, |i| {
        (mobile(300 + i), format!("203.0.113.{}", i + 1))
    })
    .await;
    assert_eq!(sent(&statuses), 4, "the installation's cap: {statuses:?}");
    assert_eq!(twilio.texts().len(), 4);
    // Per number per hour: the cooldown passes, the hourly cap does not.
    let (app, twilio) = with_phone(|s| s.phone.per_number_per_hour = 2).await;
    for round in 0..4 {
        let asked = ask_for_code(
            &app,
            &browser(),
            &mobile(400),
            &format!("198.51.100.{round}"),
        )
        .await;
        let expected = if round < 2 { 303 } else { 429 };
        assert_eq!(asked.status(), expected, "round {round}");
        app.clock.advance(61);
    }
    assert_eq!(twilio.texts().len(), 2);
}

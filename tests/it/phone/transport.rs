//! What Twilio says: refusals become messages and count nothing as sent; a 5xx or a timeout
//! is retried exactly once; Twilio Verify makes and checks its own codes; the outbox works
//! without an account.

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn a_refusal_is_shown_and_counts_nothing() {
    let (app, twilio) = with_phone(|s| s.phone.per_number_per_hour = 1).await;
    twilio.answer(Answer::Error {
        status: 400,
        code: 21614,
    });
    let browser = browser();
    let refused = ask_for_code(&app, &browser, &mobile(20), "198.51.100.1").await;
    let (status, page) = crate::federation::harness::body(refused).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("cannot receive text messages"), "{page}");
    assert!(!page.contains("Enter the code"), "not the code page");
    assert_eq!(twilio.requests(), 1, "a refusal is not retried");
    // Neither the cooldown nor the hourly cap of one was used.
    twilio.answer(Answer::Accept);
    let asked = ask_for_code(&app, &browser, &mobile(20), "198.51.100.1").await;
    assert_eq!(asked.status(), 303);
    for code in [21211, 21408, 21610] {
        twilio.answer(Answer::Error { status: 400, code });
        let refused = ask_for_code(
            &app,
            &crate::helpers::browser(),
            &mobile(21 + code as u32 % 7),
            "198.51.100.2",
        )
        .await;
        assert_eq!(refused.status(), 422, "{code}");
    }
    // Our own misconfiguration (Twilio says the credentials are wrong) is "try again".
    twilio.answer(Answer::Error {
        status: 401,
        code: 20003,
    });
    let broken = ask_for_code(
        &app,
        &crate::helpers::browser(),
        &mobile(30),
        "198.51.100.3",
    )
    .await;
    assert_eq!(broken.status(), 502);
}

#[tokio::test]
async fn a_5xx_is_retried_once() {
    let (app, twilio) = with_phone(|_| {}).await;
    twilio.answer(Answer::ServerErrors(1));
    let asked = ask_for_code(&app, &browser(), &mobile(40), "198.51.100.1").await;
    assert_eq!(asked.status(), 303, "the retry went through");
    assert_eq!(twilio.requests(), 2);
    assert_eq!(twilio.texts().len(), 1);

    twilio.answer(Answer::ServerErrors(2));
    let failed = ask_for_code(&app, &browser(), &mobile(41), "198.51.100.1").await;
    assert_eq!(failed.status(), 502);
    assert_eq!(twilio.requests(), 4, "exactly one retry");
    // Nothing was counted: the number can be sent a code right away.
    let asked = ask_for_code(&app, &browser(), &mobile(41), "198.51.100.1").await;
    assert_eq!(asked.status(), 303);
}

#[tokio::test]
async fn a_silent_twilio_times_out_twice_then_the_page_says_so() {
    let (app, twilio) = with_phone(|_| {}).await;
    twilio.answer(Answer::Silence(std::time::Duration::from_secs(3)));
    let failed = ask_for_code(&app, &browser(), &mobile(50), "198.51.100.1").await;
    let (status, page) = crate::federation::harness::body(failed).await;
    assert_eq!(status, 502, "{page}");
    assert!(page.contains("try again"), "{page}");
    assert_eq!(twilio.requests(), 2);
}

#[tokio::test]
async fn twilio_verify_makes_and_checks_the_code() {
    let (app, twilio) =
        with_phone(|s| s.sms.transport = gatehouse::config::SmsTransport::TwilioVerify).await;
    let number = mobile(60);
    let browser = browser();
    assert_eq!(
        ask_for_code(&app, &browser, &number, "198.51.100.1")
            .await
            .status(),
        303
    );
    let code = twilio.verify_code(&number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(enter_code(&app, &browser, wrong).await.status(), 422);
    assert_eq!(enter_code(&app, &browser, &code).await.status(), 303);
    assert_eq!(app.get_page(&browser, "/account").await.0, 200);
}

#[tokio::test]
async fn the_outbox_works_without_an_account() {
    let (app, _twilio) =
        with_phone(|s| s.sms.transport = gatehouse::config::SmsTransport::Outbox).await;
    let number = mobile(70);
    let browser = browser();
    assert_eq!(
        ask_for_code(&app, &browser, &number, "198.51.100.1")
            .await
            .status(),
        303
    );
    let outbox = app.settings.data_dir.join("outbox");
    let file = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sms"))
        .expect("a text in the outbox");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.starts_with(&format!("To: {number}")), "{text}");
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap();
    assert_eq!(enter_code(&app, &browser, code).await.status(), 303);
}

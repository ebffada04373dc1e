//! E-mail verification after sign-up: links and codes, their expiry, resending, throttled
//! guesses, and the outbox when no SMTP server is configured.

use std::time::Duration;

use super::{code_in, link_in, register, settle_at, spawn_with_mail, submit_code, user};
use crate::helpers::*;

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

//! The code step at sign-in: no session before it, replays, clock skew, throttling and bursts
//! of wrong codes, and challenges that die with the password they were opened with.

use gatehouse::crypto::totp::code_at;

use super::{
    audit_events, code_now, enroll_from_account, password_session, password_then_code_step,
    signed_in, submit_code,
};
use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;

#[tokio::test]
async fn sign_in_asks_for_the_code_before_any_session_and_refuses_replays() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let fresh = crate::helpers::browser();
    let step = password_then_code_step(&app, &fresh, &app.url("/login"), "ada@example.com").await;
    // The password alone earns no session.
    assert!(!signed_in(&app, &fresh).await);
    let code = code_now(&app, &secret);
    let response = submit_code(&app, &fresh, &step, &code).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/account");
    assert!(signed_in(&app, &fresh).await);

    // The same code again (another browser, same 30 s) is refused: replay.
    let other = crate::helpers::browser();
    let step = password_then_code_step(&app, &other, &app.url("/login"), "ada@example.com").await;
    let replay = submit_code(&app, &other, &step, &code).await;
    assert_eq!(replay.status(), 401);
    assert!(!signed_in(&app, &other).await);
    // So is the previous step's code, older than the one accepted.
    let older = code_at(&secret, app.clock.now_secs() - 30).unwrap();
    assert_eq!(submit_code(&app, &other, &step, &older).await.status(), 401);
    // The next step's code works (one step of skew ahead).
    let ahead = code_at(&secret, app.clock.now_secs() + 30).unwrap();
    let response = submit_code(&app, &other, &step, &ahead).await;
    assert_eq!(response.status(), 303);
    assert!(signed_in(&app, &other).await);
}

#[tokio::test]
async fn codes_one_step_off_pass_and_two_steps_off_fail() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(300);

    // The phone's clock runs 30 s slow: the code of the step before still passes.
    let slow = crate::helpers::browser();
    let step = password_then_code_step(&app, &slow, &app.url("/login"), "ada@example.com").await;
    let behind = code_at(&secret, app.clock.now_secs() - 30).unwrap();
    assert_eq!(submit_code(&app, &slow, &step, &behind).await.status(), 303);

    // Two steps off either way fails.
    app.clock.advance(300);
    let far = crate::helpers::browser();
    let step = password_then_code_step(&app, &far, &app.url("/login"), "ada@example.com").await;
    for offset in [-60, 60, 90] {
        let code = code_at(&secret, app.clock.now_secs() + offset).unwrap();
        if code == code_now(&app, &secret) {
            continue; // a collision of six digits, not a skew
        }
        assert_eq!(
            submit_code(&app, &far, &step, &code).await.status(),
            401,
            "offset {offset}"
        );
    }
    assert!(!signed_in(&app, &far).await);
}

#[tokio::test]
async fn wrong_codes_are_throttled_per_user() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let wrong = code_at(&secret, app.clock.now_secs() + 3600).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            submit_code(&app, &attacker, &step, &wrong)
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..4], &[401, 401, 401, 401]);
    assert!(statuses[4..].iter().all(|s| *s == 429), "{statuses:?}");
    // Blocked means blocked: the right code is refused too, from any browser.
    let right = code_now(&app, &secret);
    let response = submit_code(&app, &attacker, &step, &right).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Too many"));
    assert!(!signed_in(&app, &attacker).await);
    // Every failure is in the audit log.
    let failures = audit_events(&app, "mfa_failed", Some(&ada)).await;
    assert!(failures.len() >= 5, "{}", failures.len());
    // After the block runs out the right code works.
    app.clock.advance(3600);
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let right = code_now(&app, &secret);
    assert_eq!(
        submit_code(&app, &attacker, &step, &right).await.status(),
        303
    );
}

/// Finding 3 at the second step: 50 simultaneous wrong codes on one challenge get at most the
/// allowance checked.
#[tokio::test]
async fn a_burst_of_wrong_codes_checks_at_most_the_allowance() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let (_, html) = app.get_page(&attacker, &step).await;
    let csrf = hidden_value(&html, "csrf");
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (attacker, url, csrf) = (attacker.clone(), app.url("/login/two-factor"), csrf.clone());
        // Codes far from now, so none can be right by chance.
        let wrong = code_at(&secret, app.clock.now_secs() + 3600 + 30 * i).unwrap();
        burst.spawn(async move {
            attacker
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("code", wrong.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut wrong_answers = 0;
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            401 => wrong_answers += 1,
            429 | 400 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(wrong_answers <= 5, "{wrong_answers} codes checked");
    let checked = audit_events(&app, "mfa_failed", Some(&ada)).await.len();
    assert!(checked <= 5, "{checked} codes checked; the allowance is 5");
    assert!(!signed_in(&app, &attacker).await);
}

/// Finding 8: a two-step challenge opened with the old password dies with it.
#[tokio::test]
async fn a_password_change_ends_open_challenges() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let owner = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &owner).await;
    app.clock.advance(60);

    // Someone who learnt the old password reaches the code step…
    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let (_, html) = app.get_page(&owner, "/account/password").await;
    let response = app
        .post(
            &owner,
            "/account/password",
            &[
                ("csrf", &hidden_value(&html, "csrf")),
                ("current", PASSWORD),
                ("new", "violet tangerine harbour lantern"),
                ("confirm", "violet tangerine harbour lantern"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let changed = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("ada@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(gatehouse::crypto::password::verify(
        "violet tangerine harbour lantern",
        changed.password_hash.as_deref()
    ));
    // …and, even with a right code (phished), gets no session once the password changed.
    old_challenge_yields_nothing(&app, &attacker, &step, &secret).await;
}

/// Finding 8 for resets: a challenge opened with the old password dies when the password is
/// reset through the mailed link.
#[tokio::test]
async fn a_password_reset_ends_open_challenges() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let owner = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &owner).await;
    app.clock.advance(60);
    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;

    let reset = app
        .post_form(&owner, "/password/forgot", &[("email", "ada@example.com")])
        .await;
    assert_eq!(reset.status(), 200);
    let message = wait_for_mail(&sink, "ada@example.com", "/password/reset?token=").await;
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/password/reset?token="))
        .unwrap()
        .to_string();
    let (_, html) = app
        .get_page(&owner, link.trim_start_matches(app.issuer.as_str()))
        .await;
    let done = owner
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("token", hidden_value(&html, "token")),
            ("new", "violet tangerine harbour lantern".into()),
            ("confirm", "violet tangerine harbour lantern".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?reset=1");

    old_challenge_yields_nothing(&app, &attacker, &step, &secret).await;
}

/// The right code, phished, at a challenge opened before the password changed: no session.
async fn old_challenge_yields_nothing(
    app: &TestApp,
    attacker: &reqwest::Client,
    step: &str,
    secret: &[u8],
) {
    app.clock.advance(30);
    let right = code_now(app, secret);
    let (status, page) = app.get_page(attacker, step).await;
    if status == 200 && page.contains("name=\"code\"") {
        let response = attacker
            .post(app.url("/login/two-factor"))
            .form(&[("csrf", hidden_value(&page, "csrf")), ("code", right)])
            .send()
            .await
            .unwrap();
        assert_ne!(
            response.status(),
            303,
            "the old challenge must not yield a session"
        );
    }
    assert!(!signed_in(app, attacker).await);
}

/// The dashboard counts sign-ins that began a session: a two-step sign-in once, under both
/// steps, however many copies of the code form race; a password step left unfinished not at
/// all.
#[tokio::test]
async fn a_two_step_sign_in_counts_once_under_both_steps() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);
    let before = audit_events(&app, "sign_in", Some(&ada)).await.len();

    // Abandoned after the password: no sign-in.
    let quitter = crate::helpers::browser();
    password_then_code_step(&app, &quitter, &app.url("/login"), "ada@example.com").await;
    assert_eq!(
        audit_events(&app, "sign_in", Some(&ada)).await.len(),
        before
    );

    // 30 copies of the right code for one challenge: one session, one sign-in.
    let fresh = crate::helpers::browser();
    let step = password_then_code_step(&app, &fresh, &app.url("/login"), "ada@example.com").await;
    let (_, html) = app.get_page(&fresh, &step).await;
    let csrf = hidden_value(&html, "csrf");
    let code = code_now(&app, &secret);
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let post = fresh
            .post(app.url("/login/two-factor"))
            .form(&[("csrf", csrf.as_str()), ("code", code.as_str())]);
        burst.spawn(async move { post.send().await.unwrap().status().as_u16() });
    }
    let statuses = burst.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    let events = audit_events(&app, "sign_in", Some(&ada)).await;
    assert_eq!(events.len(), before + 1);
    assert_eq!(events[0].detail, "password + authenticator app");

    let root = app.sign_in("root@example.com", PASSWORD).await;
    let (_, dashboard) = app.get_page(&root, "/admin").await;
    assert!(
        dashboard.contains("sign-ins by password + authenticator app (1)"),
        "{dashboard}"
    );
}

/// One authenticator code, and one recovery code, each raced from ten browsers that all
/// passed the password step (issue 14): the code is accepted once, so one browser is signed
/// in and the others are refused, on each database.
#[tokio::test]
async fn one_code_raced_from_ten_browsers_signs_in_one() {
    for db in databases() {
        for recovery in [false, true] {
            let app = spawn_app_with(db, |_| {}).await;
            app.add_user("ada@example.com", &["user"]).await;
            let owner = password_session(&app, "ada@example.com").await;
            let (secret, recovery_codes) = enroll_from_account(&app, &owner).await;
            app.clock.advance(60);

            let mut ready = Vec::new();
            for _ in 0..10 {
                let browser = crate::helpers::browser();
                let step =
                    password_then_code_step(&app, &browser, &app.url("/login"), "ada@example.com")
                        .await;
                let (_, html) = app.get_page(&browser, &step).await;
                ready.push((browser, hidden_value(&html, "csrf")));
            }
            let code = if recovery {
                recovery_codes[0].clone()
            } else {
                code_now(&app, &secret)
            };
            let mut burst = tokio::task::JoinSet::new();
            for (browser, csrf) in &ready {
                let (browser, csrf) = (browser.clone(), csrf.clone());
                let (url, code) = (app.url("/login/two-factor"), code.clone());
                burst.spawn(async move {
                    browser
                        .post(url)
                        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
                        .send()
                        .await
                        .unwrap()
                        .status()
                        .as_u16()
                });
            }
            let statuses = burst.join_all().await;
            assert!(
                statuses.iter().all(|s| matches!(s, 303 | 401 | 429)),
                "{db:?} recovery={recovery}: {statuses:?}"
            );
            let mut signed = 0;
            for (browser, _) in &ready {
                signed += usize::from(signed_in(&app, browser).await);
            }
            assert_eq!(signed, 1, "{db:?} recovery={recovery}: {statuses:?}");
        }
    }
}

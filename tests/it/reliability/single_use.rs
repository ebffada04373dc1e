//! Exactly one winner, the rest (issue 14): one SMS code, one recovery code, one invitation,
//! one e-mail verification, one phone number, one federated `state`, and the SMS and
//! sign-in quotas, each raced by 20 or more clients at once over HTTP, split across two nodes
//! on one database, on SQLite and (when `DATABASE_URL` is set) PostgreSQL. `races.rs` holds
//! the code, refresh-token, reset-link and sign-up races; this file reuses the phone, MFA and
//! federation tests' helpers. After each race the database is read back: one account, one
//! session, one audit event, the value used up.

use std::future::Future;

use gatehouse::domain::{Email, PhoneNumber};
use gatehouse::store::{AuditEntry, AuditFilter};
use tokio::task::JoinSet;

use crate::federation::harness::{to_callback, user_count, with_acme_on};
use crate::helpers::*;
use crate::mfa::{enroll_from_account, password_session, password_then_code_step};
use crate::phone::{ask_for_code, mobile, with_phone_on};

/// Runs every attempt at once; their results (in the order they finished).
async fn all_at_once<T, F>(attempts: impl IntoIterator<Item = F>) -> Vec<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let mut set = JoinSet::new();
    for attempt in attempts {
        set.spawn(attempt);
    }
    set.join_all().await
}

/// POSTs `form` from `browser` to `url`, from network `ip`: the status and the Location.
async fn post_from(
    browser: reqwest::Client,
    url: String,
    ip: String,
    form: Vec<(&'static str, String)>,
) -> (u16, String) {
    let response = browser
        .post(url)
        .header("x-forwarded-for", ip)
        .form(&form)
        .send()
        .await
        .expect("an answer");
    let to = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (response.status().as_u16(), to)
}

/// No answer in a race may be a server error (a lost race must be refused, not crash).
fn assert_no_5xx(db: Db, what: &str, answers: &[(u16, String)]) {
    assert!(
        answers.iter().all(|(s, _)| *s < 500),
        "{db:?} {what}: a server error in {answers:?}"
    );
}

/// The answers whose Location is `to`, asserting there is exactly one.
fn one_winner(db: Db, what: &str, answers: &[(u16, String)], to: &str) -> usize {
    let winners = answers.iter().filter(|(s, l)| *s == 303 && l == to).count();
    assert_eq!(winners, 1, "{db:?} {what}: {answers:?}");
    winners
}

/// The audit events of `kind` (about `user`, when given).
async fn audits(app: &TestApp, kind: &str, user: Option<&str>) -> Vec<AuditEntry> {
    app.app
        .store
        .audit_page(&AuditFilter {
            kind: Some(kind.into()),
            user_id: user.map(str::to_string),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
}

async fn signed_in_at(node: &TestApp, browser: &reqwest::Client) -> bool {
    node.get_page(browser, "/account").await.0 == 200
}

/// The first word containing `path` in the newest message to `to` in the outbox.
async fn mailed_link(app: &TestApp, to: &str, path: &str) -> String {
    for _ in 0..250 {
        let link = mails_to(app, to).iter().find_map(|mail| {
            mail.text_body()
                .split_whitespace()
                .find(|w| w.contains(path))
                .map(str::to_string)
        });
        if let Some(link) = link {
            return link;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no message to {to} with {path}");
}

/// `link` (on the first node's address) pointed at `node`.
fn on_node(app: &TestApp, node: &TestApp, link: &str) -> String {
    link.replace(&app.issuer, node.url("").as_str())
}

/// 1. One SMS sign-in code, entered 24 times at once in the browser it was sent for, half of
///    them through a second node: one sign-in, one new account, one session.
#[tokio::test]
async fn one_sms_sign_in_code_raced_across_two_nodes_signs_in_once() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, |_| {}).await;
        let other = app.second_node().await;
        let before = user_count(&app).await;
        let number = mobile(601);
        let asker = browser();
        let asked = ask_for_code(&app, &asker, &number, "198.51.100.1").await;
        assert_eq!(asked.status(), 303, "{db:?}");
        let code = twilio.last_code(&number);
        let csrf = app.csrf(&asker, "/login/phone/code").await;
        let answers = all_at_once((0..24).map(|i| {
            let node = if i % 2 == 0 { &app } else { &other };
            let form = vec![("csrf", csrf.clone()), ("code", code.clone())];
            let url = node.url("/login/phone/code");
            post_from(asker.clone(), url, "198.51.100.1".into(), form)
        }))
        .await;
        assert_no_5xx(db, "sms code", &answers);
        // Two uses of the code would be two 303s (and two sessions below).
        let winners = answers.iter().filter(|(s, _)| *s == 303).count();
        assert_eq!(winners, 1, "{db:?}: {answers:?}");
        assert!(
            answers
                .iter()
                .all(|(s, _)| matches!(s, 303 | 400 | 422 | 429)),
            "{db:?}: the others are refused as a used code: {answers:?}"
        );
        assert_eq!(user_count(&app).await, before + 1, "{db:?}: one account");
        let user = app
            .app
            .store
            .user_by_phone(&PhoneNumber::from_stored(&number))
            .await
            .unwrap()
            .expect("the number's account");
        let sessions = app.app.store.sessions_of_user(&user.id).await.unwrap();
        assert_eq!(sessions.len(), 1, "{db:?}: one session");
        let sign_ins = audits(&app, "sign_in", Some(&user.id)).await;
        assert_eq!(sign_ins.len(), 1, "{db:?}: one sign-in: {sign_ins:?}");
        assert!(signed_in_at(&other, &asker).await, "{db:?}");
        // Used up: once more, on either node, in the browser it was sent for, nothing.
        for node in [&app, &other] {
            let again = crate::phone::enter_code_from(node, &asker, &code, "198.51.100.1").await;
            assert_eq!(again.status(), 400, "{db:?}: a used code");
        }
        assert_eq!(
            app.app
                .store
                .sessions_of_user(&user.id)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}

/// 2. Twenty browsers have each passed the password step for Ada (half on each node); all
///    send the same recovery code at once: one is signed in and the code is used up.
#[tokio::test]
async fn one_recovery_code_raced_from_twenty_browsers_signs_in_one() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let other = app.second_node().await;
        let ada = app.add_user("ada@example.com", &["user"]).await;
        let owner = password_session(&app, "ada@example.com").await;
        let (_, recovery_codes) = enroll_from_account(&app, &owner).await;
        let sessions_before = app.app.store.sessions_of_user(&ada).await.unwrap().len();
        let mut ready = Vec::new();
        for i in 0..20 {
            let node = if i % 2 == 0 { &app } else { &other };
            let b = browser();
            let step =
                password_then_code_step(node, &b, &node.url("/login"), "ada@example.com").await;
            let (status, html) = node.get_page(&b, &step).await;
            assert_eq!(status, 200, "{db:?}: {html}");
            ready.push((node, b, hidden_value(&html, "csrf")));
        }
        let code = recovery_codes[0].clone();
        let answers = all_at_once(ready.iter().map(|(node, b, csrf)| {
            let form = vec![("csrf", csrf.clone()), ("code", code.clone())];
            post_from(
                b.clone(),
                node.url("/login/two-factor"),
                "198.51.100.2".into(),
                form,
            )
        }))
        .await;
        assert_no_5xx(db, "recovery code", &answers);
        assert!(
            answers
                .iter()
                .all(|(s, _)| matches!(s, 303 | 400 | 401 | 429)),
            "{db:?}: {answers:?}"
        );
        let mut signed = 0;
        for (node, b, _) in &ready {
            signed += usize::from(signed_in_at(node, b).await);
        }
        assert_eq!(signed, 1, "{db:?}: one browser signed in: {answers:?}");
        let sessions = app.app.store.sessions_of_user(&ada).await.unwrap().len();
        assert_eq!(sessions, sessions_before + 1, "{db:?}: one new session");
        // Consumed exactly once: 10 left would mean a sign-in without using it up.
        let left = app.app.store.recovery_codes_left(&ada).await.unwrap();
        assert_eq!(left, 9, "{db:?}");
        app.clock.advance(3600); // past any failure block the race left
        let late = browser();
        let step =
            password_then_code_step(&app, &late, &app.url("/login"), "ada@example.com").await;
        let (_, html) = app.get_page(&late, &step).await;
        let form = vec![("csrf", hidden_value(&html, "csrf")), ("code", code)];
        let (status, _) = post_from(
            late.clone(),
            app.url("/login/two-factor"),
            "198.51.100.3".into(),
            form,
        )
        .await;
        assert_eq!(status, 401, "{db:?}: the raced code is used up");
        assert!(!signed_in_at(&app, &late).await, "{db:?}");
    }
}

const INVITEE: &str = "newbie@example.com";

/// 3. An administrator invites an address from the console; 20 browsers accept the one link
///    at once, each with its own password, half on each node: one account, and only the
///    winner's password opens it.
#[tokio::test]
async fn one_invitation_link_accepted_twenty_times_makes_one_account() {
    for db in databases() {
        let app = spawn_app_with(db, |s| s.accounts.allow_registration = false).await;
        let other = app.second_node().await;
        app.add_user("root@example.com", &["admin", "user"]).await;
        let admin = app.sign_in("root@example.com", PASSWORD).await;
        let sent = app
            .post_form(
                &admin,
                "/admin/invitations",
                &[("email", INVITEE), ("privilege", "user")],
            )
            .await;
        assert_eq!(location(&sent), "/admin/invitations?done=sent", "{db:?}");
        let link = mailed_link(&app, INVITEE, "/invite?token=").await;
        let before = user_count(&app).await;
        let mut ready = Vec::new();
        for i in 0..20 {
            let node = if i % 2 == 0 { &app } else { &other };
            let b = browser();
            let page = b.get(on_node(&app, node, &link)).send().await.unwrap();
            assert_eq!(page.status(), 200, "{db:?}");
            let html = page.text().await.unwrap();
            let form = vec![
                ("csrf", hidden_value(&html, "csrf")),
                ("token", hidden_value(&html, "token")),
                ("first_name", "New".to_string()),
                ("last_name", "Bie".to_string()),
                ("password", format!("violet tangerine harbour lantern {i}")),
            ];
            ready.push((node.url("/invite"), b, form));
        }
        let answers = all_at_once(ready.into_iter().enumerate().map(
            |(i, (url, b, form))| async move {
                let answer = post_from(b, url, format!("203.0.113.{}", i + 1), form).await;
                (answer, i)
            },
        ))
        .await;
        let (answers, order): (Vec<_>, Vec<_>) = answers.into_iter().unzip();
        assert_no_5xx(db, "invitation", &answers);
        one_winner(db, "invitation", &answers, "/login?invited=1");
        assert!(
            answers
                .iter()
                .all(|(s, l)| l == "/login?invited=1" || matches!(s, 400 | 422 | 429)),
            "{db:?}: the others are told the link is used: {answers:?}"
        );
        let won = order[answers
            .iter()
            .position(|(_, l)| l == "/login?invited=1")
            .unwrap()];
        assert_eq!(user_count(&app).await, before + 1, "{db:?}: one account");
        let sign_ups = audits(&app, "sign_up", None).await;
        assert_eq!(sign_ups.len(), 1, "{db:?}: {sign_ups:?}");
        // The winner's password works; any other (the next one raced) does not.
        app.sign_in(INVITEE, &format!("violet tangerine harbour lantern {won}"))
            .await;
        let lost = format!("violet tangerine harbour lantern {}", (won + 1) % 20);
        let refused = submit_login(&app, &browser(), &app.url("/login"), INVITEE, &lost).await;
        assert_eq!(refused.status(), 401, "{db:?}: a losing password");
        // Used: the link is refused now, on either node.
        for node in [&app, &other] {
            let again = browser().get(on_node(&app, node, &link)).send().await;
            assert_eq!(again.unwrap().status(), 400, "{db:?}");
        }
    }
}

/// 4. One e-mail verification raced 20 times, half on each node: a sign-up's link, then an
///    address change's code. Each is applied once; the others are refused, never a 5xx.
#[tokio::test]
async fn one_email_verification_raced_twenty_times_applies_once() {
    for db in databases() {
        // Each attempt from its own network, so the per-address verification throttle (which
        // the link race's losers charge) does not refuse the second race for the first.
        let app = spawn_app_with(db, |s| s.trust_proxy_headers = true).await;
        let other = app.second_node().await;

        // A sign-up's verification link, opened by 20 clients at once.
        let grace = browser();
        let registered = app
            .post_form(
                &grace,
                "/register",
                &[
                    ("first_name", "Grace"),
                    ("last_name", "Hopper"),
                    ("email", "grace@example.com"),
                    ("password", "violet tangerine harbour lantern"),
                ],
            )
            .await;
        assert!(registered.status().as_u16() < 400, "{db:?}");
        let link = mailed_link(&app, "grace@example.com", "/verify/link?token=").await;
        let answers = all_at_once((0..20).map(|i| {
            let node = if i % 2 == 0 { &app } else { &other };
            let url = on_node(&app, node, &link);
            async move {
                let response = browser()
                    .get(url)
                    .header("x-forwarded-for", format!("198.51.100.{}", i + 1))
                    .send()
                    .await
                    .unwrap();
                let to = response
                    .headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_string());
                (response.status().as_u16(), to.unwrap_or_default())
            }
        }))
        .await;
        assert_no_5xx(db, "verification link", &answers);
        one_winner(db, "verification link", &answers, "/login?verified=1");
        assert!(
            answers
                .iter()
                .all(|(s, l)| l == "/login?verified=1" || matches!(s, 400 | 429)),
            "{db:?}: {answers:?}"
        );
        let user = app
            .app
            .store
            .user_by_email(&Email::parse("grace@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(user.email_verified, "{db:?}");
        let verified = audits(&app, "email_verified", Some(&user.id)).await;
        assert_eq!(verified.len(), 1, "{db:?}: applied once: {verified:?}");

        // An address change's code, confirmed 20 times at once from Ada's signed-in browser.
        let ada = app.add_user("ada@example.com", &["user"]).await;
        let owner = app.sign_in("ada@example.com", PASSWORD).await;
        let asked = app
            .post_form(
                &owner,
                "/account/email",
                &[
                    ("email", "ada@new.example.com"),
                    ("current_password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(location(&asked), "/account/email?saved=1", "{db:?}");
        mailed_link(&app, "ada@new.example.com", "/verify/link?token=").await;
        let code = crate::accounts::code_in(&mails_to(&app, "ada@new.example.com")[0]);
        let csrf = app.csrf(&owner, "/account/email").await;
        let answers = all_at_once((0..20).map(|i| {
            let node = if i % 2 == 0 { &app } else { &other };
            let form = vec![("csrf", csrf.clone()), ("code", code.clone())];
            let url = node.url("/account/email/confirm");
            post_from(owner.clone(), url, format!("203.0.113.{}", i + 1), form)
        }))
        .await;
        assert_no_5xx(db, "change code", &answers);
        one_winner(db, "change code", &answers, "/account/email?changed=1");
        assert!(
            answers
                .iter()
                .all(|(s, l)| l == "/account/email?changed=1" || matches!(s, 400 | 422 | 429)),
            "{db:?}: {answers:?}"
        );
        let changed = audits(&app, "email_changed", Some(&ada)).await;
        assert_eq!(changed.len(), 1, "{db:?}: applied once: {changed:?}");
        let now = app.app.store.user_by_id(&ada).await.unwrap().unwrap();
        assert_eq!(now.email_text(), "ada@new.example.com", "{db:?}");
    }
}

/// Phone settings for the races on one number: a code to it every second, from anywhere.
fn many_codes_to_one_number(s: &mut gatehouse::config::Settings) {
    s.phone.resend_interval_secs = 1;
    s.phone.per_number_per_hour = 100;
    s.phone.per_number_per_day = 100;
}

/// 5a. Twenty browsers ask for sign-in codes to one new number (a second apart) and enter
///     them at once, half on each node: one account is made, and every browser is signed in
///     to it (a request that lost the race signs in to the winner's account).
#[tokio::test]
async fn twenty_phone_sign_ups_of_one_number_make_one_account() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, many_codes_to_one_number).await;
        let other = app.second_node().await;
        let before = user_count(&app).await;
        let number = mobile(602);
        let mut ready = Vec::new();
        for i in 0..20 {
            let b = browser();
            let ip = format!("203.0.113.{}", i + 1);
            let asked = ask_for_code(&app, &b, &number, &ip).await;
            assert_eq!(asked.status(), 303, "{db:?}: code {i}");
            let code = twilio.last_code(&number);
            let csrf = app.csrf(&b, "/login/phone/code").await;
            let node = if i % 2 == 0 { &app } else { &other };
            let form = vec![("csrf", csrf), ("code", code)];
            ready.push((node.url("/login/phone/code"), b, ip, form));
            app.clock.advance(1);
        }
        let answers =
            all_at_once(ready.iter().map(|(url, b, ip, form)| {
                post_from(b.clone(), url.clone(), ip.clone(), form.clone())
            }))
            .await;
        assert_no_5xx(db, "phone sign-ups", &answers);
        // Each browser held a right code of its own: a refusal here is a lost race made an
        // error instead of a sign-in.
        assert!(
            answers.iter().all(|(s, _)| *s == 303),
            "{db:?}: {answers:?}"
        );
        assert_eq!(user_count(&app).await, before + 1, "{db:?}: one account");
        let user = app
            .app
            .store
            .user_by_phone(&PhoneNumber::from_stored(&number))
            .await
            .unwrap()
            .expect("the number's account");
        let sign_ups: Vec<_> = audits(&app, "sign_up", None)
            .await
            .into_iter()
            .filter(|e| e.detail == "by phone")
            .collect();
        assert_eq!(sign_ups.len(), 1, "{db:?}: {sign_ups:?}");
        assert_eq!(sign_ups[0].user_id.as_deref(), Some(user.id.as_str()));
        let sessions = app.app.store.sessions_of_user(&user.id).await.unwrap();
        assert_eq!(sessions.len(), 20, "{db:?}: all twenty in the one account");
    }
}

/// 5b. Twenty signed-in users each get the add-a-number code for the same number and confirm
///     at once, half on each node: exactly one account holds the number.
#[tokio::test]
async fn twenty_users_adding_one_number_leave_it_with_one() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, many_codes_to_one_number).await;
        let other = app.second_node().await;
        let number = mobile(603);
        let mut ready = Vec::new();
        for i in 0..20 {
            let email = format!("user{i}@example.com");
            let id = app.add_user(&email, &["user"]).await;
            let b = app.sign_in(&email, PASSWORD).await;
            let ip = format!("203.0.113.{}", i + 1);
            let csrf = app.csrf(&b, "/account/phone").await;
            let form = vec![
                ("csrf", csrf.clone()),
                ("phone", number.clone()),
                ("current_password", PASSWORD.to_string()),
            ];
            let asked = post_from(b.clone(), app.url("/account/phone"), ip.clone(), form).await;
            assert_eq!(asked, (303, "/account/phone?sent=1".into()), "{db:?}");
            let form = vec![("csrf", csrf), ("code", twilio.last_code(&number))];
            let node = if i % 2 == 0 { &app } else { &other };
            ready.push((id, node.url("/account/phone/confirm"), b, ip, form));
            app.clock.advance(1);
        }
        let answers = all_at_once(ready.iter().enumerate().map(|(i, (_, url, b, ip, form))| {
            let attempt = post_from(b.clone(), url.clone(), ip.clone(), form.clone());
            async move { (attempt.await, i) }
        }))
        .await;
        let (answers, order): (Vec<_>, Vec<_>) = answers.into_iter().unzip();
        assert_no_5xx(db, "add number", &answers);
        one_winner(db, "add number", &answers, "/account/phone?saved=1");
        assert!(
            answers
                .iter()
                .all(|(s, l)| l == "/account/phone?saved=1" || *s == 422),
            "{db:?}: the others are told the number is taken: {answers:?}"
        );
        let won = order[answers.iter().position(|(s, _)| *s == 303).unwrap()];
        let holder = app
            .app
            .store
            .user_by_phone(&PhoneNumber::from_stored(&number))
            .await
            .unwrap()
            .expect("the number's account");
        assert_eq!(holder.id, ready[won].0, "{db:?}: the winner holds it");
        let mut holders = 0;
        for (id, ..) in &ready {
            let user = app.app.store.user_by_id(id).await.unwrap().unwrap();
            holders += usize::from(user.phone.map(|p| p.to_string()) == Some(number.clone()));
        }
        assert_eq!(holders, 1, "{db:?}: one account holds the number");
        assert_eq!(audits(&app, "phone_added", None).await.len(), 1, "{db:?}");
    }
}

/// 6. The federated `state` burst (`federation::failures`) runs on SQLite; here on
///    PostgreSQL, across two nodes: 40 copies of one callback sign in once.
#[tokio::test]
async fn one_federated_callback_raced_across_nodes_on_postgres_signs_in_once() {
    if !databases().contains(&Db::Postgres) {
        return; // the note above says DATABASE_URL is not set
    }
    let db = Db::Postgres;
    let (app, _fake) = with_acme_on(db, |_| {}, |_| {}).await;
    let other = app.second_node().await;
    let before = user_count(&app).await;
    let b = browser();
    let callback = to_callback(&app, &b, "/login/federated/acme").await;
    let answers = all_at_once((0..40).map(|i| {
        let node = if i % 2 == 0 { &app } else { &other };
        let url = on_node(&app, node, &callback);
        let b = b.clone();
        async move {
            let response = b.get(url).send().await.unwrap();
            (response.status().as_u16(), String::new())
        }
    }))
    .await;
    assert_no_5xx(db, "federated callback", &answers);
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 303).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|(s, _)| matches!(s, 303 | 400)),
        "{answers:?}"
    );
    assert_eq!(user_count(&app).await, before + 1, "one account");
    // Nobody else signs in here: two callbacks that went through would be two sessions.
    let now = app.clock.now_secs();
    let sessions = app.app.store.count_live_sessions(now).await.unwrap();
    assert_eq!(sessions, 1, "one session");
}

/// 7a. SMS quotas across nodes: a burst to one number, split across two nodes, sends one
///     text (the cooldown); a burst to 30 numbers sends only what the day's cap has left.
#[tokio::test]
async fn sms_bursts_split_across_nodes_never_overshoot_the_caps() {
    for db in databases() {
        let (app, twilio) = with_phone_on(db, |s| s.phone.global_per_day = 4).await;
        let other = app.second_node().await;
        let burst = |numbers: Vec<String>| {
            let (app, other) = (&app, &other);
            async move {
                let mut ready = Vec::new();
                for (i, number) in numbers.into_iter().enumerate() {
                    let node = if i % 2 == 0 { app } else { other };
                    let b = browser();
                    let csrf = node.csrf(&b, "/login/phone").await;
                    let form = vec![("csrf", csrf), ("phone", number)];
                    let ip = format!("203.0.113.{}", i + 1);
                    ready.push(post_from(b, node.url("/login/phone"), ip, form));
                }
                all_at_once(ready).await
            }
        };
        let answers = burst(vec![mobile(604); 40]).await;
        assert_no_5xx(db, "sms to one number", &answers);
        let sent = answers.iter().filter(|(s, _)| *s == 303).count();
        assert_eq!(sent, 1, "{db:?}: the number's cooldown: {answers:?}");
        assert!(answers.iter().all(|(s, _)| matches!(s, 303 | 429)));
        // Counted at the fake: a node that sent without the shared cooldown shows here.
        assert_eq!(twilio.texts().len(), 1, "{db:?}");

        let answers = burst((0..30).map(|n| mobile(610 + n)).collect()).await;
        assert_no_5xx(db, "sms to many numbers", &answers);
        let sent = answers.iter().filter(|(s, _)| *s == 303).count();
        assert_eq!(
            sent, 3,
            "{db:?}: what the daily cap of 4 had left: {answers:?}"
        );
        assert_eq!(
            twilio.texts().len(),
            4,
            "{db:?}: the cap, all nodes together"
        );
    }
}

/// 7b. Sign-in throttling across nodes: 60 wrong passwords from one address, split across
///     two nodes, get at most the allowance (5) checked; then both nodes refuse the address.
#[tokio::test]
async fn wrong_passwords_split_across_nodes_check_at_most_the_allowance() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let other = app.second_node().await;
        app.add_user("ada@example.com", &["user"]).await;
        let mut ready = Vec::new();
        for i in 0..60 {
            let node = if i % 2 == 0 { &app } else { &other };
            let b = browser();
            let csrf = node.csrf(&b, "/login").await;
            let form = vec![
                ("csrf", csrf),
                ("email", "ada@example.com".to_string()),
                ("password", format!("wrong guess {i}")),
            ];
            // The test nodes do not trust X-Forwarded-For: all come from 127.0.0.1.
            ready.push(post_from(b, node.url("/login"), "192.0.2.1".into(), form));
        }
        let answers = all_at_once(ready).await;
        assert_no_5xx(db, "wrong passwords", &answers);
        let wrong = answers.iter().filter(|(s, _)| *s == 401).count();
        let refused = answers.iter().filter(|(s, _)| *s == 429).count();
        assert_eq!(wrong + refused, 60, "{db:?}: {answers:?}");
        // "Checked" as attacks::bursts measures it: each password argon2 compared is audited.
        let checked = audits(&app, "sign_in_failed", None).await.len();
        assert!(
            (1..=5).contains(&checked),
            "{db:?}: {checked} passwords were checked; the allowance is 5"
        );
        assert!(wrong <= checked, "{db:?}: {wrong} wrong, {checked} checked");
        // A per-node count would still let the other node check a password now.
        for node in [&app, &other] {
            let again = submit_login(
                node,
                &browser(),
                &node.url("/login"),
                "ada@example.com",
                "x",
            )
            .await;
            assert_eq!(again.status(), 429, "{db:?}: {}", node.settings.listen);
        }
    }
}

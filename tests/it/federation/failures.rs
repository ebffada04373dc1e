//! What an attacker or a broken provider does to the callback: cancelled, replayed, expired,
//! foreign and missing `state`, bursts of the same callback, and every ID token check. Each
//! ends on a page with the way back, audited, with nothing created and no session.

use futures_like::join_all;

use super::fakes::oidc::Misbehaviour as M;
use super::harness::*;
use crate::helpers::*;

mod futures_like {
    /// Runs the futures concurrently and collects their outputs in order.
    pub async fn join_all<F>(futures: Vec<F>) -> Vec<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
        let mut out = Vec::with_capacity(handles.len());
        for handle in handles {
            out.push(handle.await.expect("task"));
        }
        out
    }
}

/// Asserts the page of a failed sign-in: the status, a way back, no session, nothing made.
async fn assert_nothing_happened(
    app: &TestApp,
    browser: &reqwest::Client,
    response: reqwest::Response,
    status: u16,
    users_before: i64,
) -> String {
    let (got, html) = body(response).await;
    assert_eq!(got, status, "{html}");
    assert!(
        html.contains("href=\"/login"),
        "a way back to the sign-in page: {html}"
    );
    assert_eq!(user_count(app).await, users_before, "nothing created");
    let (account, _) = app.get_page(browser, "/account").await;
    assert_eq!(account, 303, "no session");
    html
}

#[tokio::test]
async fn a_cancelled_sign_in_ends_on_a_page_and_is_audited() {
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let before = user_count(&app).await;
    let browser = browser();
    let (url, _) = pkce_authorize_url(&app, &client, "openid");
    let login = follow(&app, &browser, url).await;
    let html = login.text().await.unwrap();
    fake.deny_next();
    let done = through_provider(&app, &browser, &super::sign_in::button(&html, "acme")).await;
    let html = assert_nothing_happened(&app, &browser, done, 200, before).await;
    assert!(html.contains("cancelled"), "{html}");
    assert!(
        html.contains("/login?req="),
        "the way back keeps the relying party's request"
    );
    let trail = app.app.store.audit_events(None, 5).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "upstream_failed" && e.detail.contains("cancelled"))
    );
}

#[tokio::test]
async fn a_replayed_expired_foreign_or_missing_state_changes_nothing() {
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let before = user_count(&app).await;

    // Missing state, no cookie: a page.
    let stranger = browser();
    let response = stranger
        .get(app.url("/login/federated/acme/callback?code=x"))
        .send()
        .await
        .unwrap();
    assert_nothing_happened(&app, &stranger, response, 400, before).await;

    // A victim's callback URL replayed in the attacker's browser (no binding cookie): refused,
    // and the victim's own use still works afterwards.
    let victim = browser();
    let callback = to_callback(&app, &victim, "/login/federated/acme").await;
    let attacker = browser();
    let response = attacker.get(&callback).send().await.unwrap();
    assert_nothing_happened(&app, &attacker, response, 400, before).await;
    let done = follow(&app, &victim, callback.clone()).await;
    assert_eq!(done.status(), 200, "the rightful browser signs in");
    let after_first = user_count(&app).await;
    assert_eq!(after_first, before + 1);

    // The same callback again in the same browser: the state is spent.
    let replay = browser();
    let callback = to_callback(&app, &replay, "/login/federated/acme").await;
    let first = replay.get(&callback).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let again = replay.get(&callback).send().await.unwrap();
    assert_eq!(again.status(), 400, "a state works once");

    // A state older than ten minutes.
    let slow = browser();
    let callback = to_callback(&app, &slow, "/login/federated/acme").await;
    app.clock.advance(601);
    let late = slow.get(&callback).send().await.unwrap();
    let html = assert_nothing_happened(&app, &slow, late, 400, after_first).await;
    assert!(html.contains("expired"), "{html}");
}

#[tokio::test]
async fn a_state_only_works_for_the_provider_that_started_it() {
    let clock = SharedClock::new();
    let one =
        super::fakes::oidc::FakeOidc::start(super::fakes::oidc::Mode::Plain, clock.for_fakes())
            .await;
    let two =
        super::fakes::oidc::FakeOidc::start(super::fakes::oidc::Mode::Plain, clock.for_fakes())
            .await;
    for fake in [&one, &two] {
        fake.add_user(super::fakes::oidc::FakeUser::new(
            "grace",
            Some("g@example.com"),
            true,
        ));
    }
    let (first, second) = (
        acme(&one, |_| {}),
        acme(&two, |p| p.id = Some("other".into())),
    );
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.federation.oidc.push(first);
        s.federation.oidc.push(second);
    })
    .await;
    clock.follow(&app);
    let before = user_count(&app).await;
    let browser = browser();
    let callback = to_callback(&app, &browser, "/login/federated/acme").await;
    // The code and state from `acme`, delivered to `other`'s callback.
    let moved = callback.replace("/login/federated/acme/", "/login/federated/other/");
    let response = browser.get(&moved).send().await.unwrap();
    assert_nothing_happened(&app, &browser, response, 400, before).await;
    assert_eq!(
        two.fetches().2,
        0,
        "the other provider was never asked to redeem the code"
    );
}

#[tokio::test]
async fn a_burst_of_one_callback_signs_in_once() {
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let before = user_count(&app).await;
    let browser = browser();
    let callback = to_callback(&app, &browser, "/login/federated/acme").await;
    let attempts: Vec<_> = (0..60)
        .map(|_| {
            let browser = browser.clone();
            let callback = callback.clone();
            async move {
                browser
                    .get(&callback)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        })
        .collect();
    let statuses = join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        59,
        "{statuses:?}"
    );
    assert_eq!(user_count(&app).await, before + 1, "one account");
}

#[tokio::test]
async fn many_starts_from_one_address_are_cut_off() {
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let browser = browser();
    let starts: Vec<_> = (0..70)
        .map(|_| {
            let browser = browser.clone();
            let url = app.url("/login/federated/acme");
            async move { browser.get(&url).send().await.unwrap().status().as_u16() }
        })
        .collect();
    let statuses = join_all(starts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        60,
        "the quota, charged first"
    );
    assert!(
        statuses.iter().filter(|s| **s != 303).all(|s| *s == 429),
        "{statuses:?}"
    );
}

/// Each broken token ends the same way; the audit says which check failed.
#[tokio::test]
async fn every_id_token_check_holds() {
    let cases = [
        (M::WrongIssuer, "issuer"),
        (M::WrongAudience, "audience"),
        (M::ExtraAudience, "audience"),
        (M::BadNonce, "nonce"),
        (M::NoNonce, "nonce"),
        (M::Expired, "expired"),
        (M::IssuedInFuture, "future"),
        (M::UnknownKid, "key"),
        (M::BadSignature, "signature"),
        (M::AlgNone, ""),
        (M::Hs256WithSecret, ""),
        (M::NoIdToken, "no ID token"),
        (M::TokenError("invalid_grant".into()), "invalid_grant"),
        (M::TokenStatus(500), ""),
        (M::RedirectToken, ""),
        (M::HugeToken, "larger"),
        (M::EmptySubject, "sub"),
        (M::LongSubject, "sub"),
    ];
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    let before = user_count(&app).await;
    for (how, said) in cases {
        fake.misbehave(Some(how.clone()));
        let browser = browser();
        let done = through_provider(&app, &browser, "/login/federated/acme").await;
        let html = assert_nothing_happened(&app, &browser, done, 502, before).await;
        assert!(
            html.contains("could not sign you in") || html.contains("did not complete"),
            "{how:?}: {html}"
        );
        let trail = app.app.store.audit_events(None, 1).await.unwrap();
        assert_eq!(trail[0].kind, "upstream_failed", "{how:?}");
        assert!(
            trail[0]
                .detail
                .to_lowercase()
                .contains(&said.to_lowercase()),
            "{how:?}: {}",
            trail[0].detail
        );
        assert!(
            !trail[0].detail.contains(super::fakes::oidc::CLIENT_SECRET),
            "no secret in the trail"
        );
    }
    fake.misbehave(None);
    let done = through_provider(&app, &browser(), "/login/federated/acme").await;
    assert_eq!(
        done.status(),
        200,
        "a good token still works after all that"
    );
}

#[tokio::test]
async fn a_slow_provider_is_given_up_on() {
    let (app, fake) = with_acme(|_| {}, |s| s.federation.timeout_secs = 1).await;
    let before = user_count(&app).await;
    fake.misbehave(Some(M::SlowToken(3)));
    let browser = browser();
    let done = through_provider(&app, &browser, "/login/federated/acme").await;
    assert_nothing_happened(&app, &browser, done, 502, before).await;
}

#[tokio::test]
async fn a_rotated_key_is_fetched_once_more() {
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    let first = through_provider(&app, &browser(), "/login/federated/acme").await;
    assert_eq!(first.status(), 200);
    let (_, keys_before, _) = fake.fetches();
    fake.rotate_key();
    let second = through_provider(&app, &browser(), "/login/federated/acme").await;
    assert_eq!(second.status(), 200, "the new key was fetched and accepted");
    assert_eq!(
        fake.fetches().1,
        keys_before + 1,
        "exactly one more key fetch"
    );
    let third = through_provider(&app, &browser(), "/login/federated/acme").await;
    assert_eq!(third.status(), 200);
    assert_eq!(fake.fetches().1, keys_before + 1, "and cached after that");
}

#[tokio::test]
async fn hostile_callback_input_gets_a_page_not_a_crash() {
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let browser = browser();
    for query in [
        "state=%00%ff&code=%00",
        "state=&code=",
        "error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=x",
        &format!("state={}&code=y", "A".repeat(5000)),
    ] {
        let response = browser
            .get(app.url(&format!("/login/federated/acme/callback?{query}")))
            .send()
            .await
            .unwrap();
        let (status, html) = body(response).await;
        assert!(
            status == 400 || status == 431 || status == 414,
            "{query}: {status}"
        );
        assert!(!html.contains("<script>alert"), "nothing reflected raw");
    }
    let (status, _) = app
        .get_page(&browser, "/login/federated/..%2F..%2Fadmin/callback")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_first_sign_ins_of_one_identity_make_one_account() {
    for db in databases() {
        let (app, _fake) = with_acme_on(db, |_| {}, |_| {}).await;
        let before = user_count(&app).await;
        // Eight browsers, each with its own state for the same new identity, land together.
        let mut ready = Vec::new();
        for _ in 0..8 {
            let browser = browser();
            let callback = to_callback(&app, &browser, "/login/federated/acme").await;
            ready.push((browser, callback));
        }
        let gate = std::sync::Arc::new(tokio::sync::Barrier::new(ready.len()));
        let landings: Vec<_> = ready
            .into_iter()
            .map(|(browser, callback)| {
                let gate = gate.clone();
                async move {
                    gate.wait().await;
                    browser
                        .get(&callback)
                        .send()
                        .await
                        .unwrap()
                        .status()
                        .as_u16()
                }
            })
            .collect();
        let statuses = join_all(landings).await;
        assert!(
            statuses.iter().all(|s| *s == 303),
            "{db:?}: every browser signs in: {statuses:?}"
        );
        assert_eq!(
            user_count(&app).await,
            before + 1,
            "{db:?}: one account, not eight"
        );
    }
}

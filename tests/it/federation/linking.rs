//! The linking rules: automatic only with a trusted, verified upstream address and a verified
//! local one; otherwise the account's owner signs in once to link. Linking from the account
//! page, unlinking, and the last way in.

use super::fakes::oidc::{FakeOidc, FakeUser, Mode};
use super::harness::*;
use crate::helpers::*;

/// Two generic providers, `acme` and `beta`, each with a user `grace`.
async fn two_providers(db: Db) -> (TestApp, FakeOidc, FakeOidc) {
    let clock = SharedClock::new();
    let one = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    let two = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    one.add_user(FakeUser::new("grace", Some("grace@example.com"), true));
    two.add_user(FakeUser::new("grace-b", Some("grace@example.com"), true));
    let (a, b) = (
        acme(&one, |_| {}),
        acme(&two, |p| p.id = Some("beta".into())),
    );
    let app = spawn_app_with(db, |s| {
        s.federation.oidc.push(a);
        s.federation.oidc.push(b);
    })
    .await;
    clock.follow(&app);
    (app, one, two)
}

#[tokio::test]
async fn a_trusted_verified_address_links_to_a_verified_account() {
    let (app, _fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    let local = app.add_user("grace@example.com", &["user"]).await;
    let before = user_count(&app).await;
    let browser = browser();
    let done = through_provider(&app, &browser, "/login/federated/acme").await;
    assert_eq!(done.status(), 200, "signed in");
    assert_eq!(user_count(&app).await, before, "no new account");
    let links = app.app.store.upstream_links_of(&local).await.unwrap();
    assert_eq!(links.len(), 1, "linked to the existing account");
    let trail = app.app.store.audit_events(Some(&local), 5).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "upstream_linked" && e.detail.contains("automatically"))
    );
}

#[tokio::test]
async fn without_trust_the_owner_must_sign_in_to_link() {
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let local = app.add_user("grace@example.com", &["user"]).await;
    let before = user_count(&app).await;
    let browser = browser();
    let offered = through_provider(&app, &browser, "/login/federated/acme").await;
    let (status, html) = body(offered).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("already exists"), "{html}");
    assert!(
        html.contains("value=\"grace@example.com\""),
        "the form is filled in"
    );
    assert_eq!(user_count(&app).await, before, "no account made");
    assert!(
        app.app
            .store
            .upstream_links_of(&local)
            .await
            .unwrap()
            .is_empty(),
        "nothing linked yet"
    );
    let (account, _) = app.get_page(&browser, "/account").await;
    assert_eq!(account, 303, "not signed in by the e-mail match");

    // The owner signs in with the password in the same browser: now it is linked.
    let csrf = hidden_value(&html, "csrf");
    let posted = app
        .post(
            &browser,
            "/login",
            &[
                ("csrf", &csrf),
                ("email", "grace@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(posted.status(), 303);
    let links = app.app.store.upstream_links_of(&local).await.unwrap();
    assert_eq!(links.len(), 1, "linked after the owner signed in");

    // From now on the provider alone signs the owner in.
    let other = crate::helpers::browser();
    let done = through_provider(&app, &other, "/login/federated/acme").await;
    assert_eq!(done.status(), 200);
    let (_, page) = app.get_page(&other, "/account").await;
    assert!(page.contains("grace@example.com"));
}

#[tokio::test]
async fn an_unverified_side_never_links_or_signs_in() {
    // The local account's address is unverified (an attacker may have registered it).
    let (app, _fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    let local = add_account(&app, "grace@example.com", false, true).await;
    let browser = browser();
    let (status, _) = body(through_provider(&app, &browser, "/login/federated/acme").await).await;
    assert_eq!(status, 409, "offered, not linked");
    assert!(
        app.app
            .store
            .upstream_links_of(&local)
            .await
            .unwrap()
            .is_empty()
    );

    // The upstream address is unverified: same.
    let (app, fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    fake.add_user(FakeUser::new("mallory", Some("ada@example.com"), false));
    let victim = app.add_user("ada@example.com", &["user"]).await;
    let attacker = crate::helpers::browser();
    let (status, html) =
        body(through_provider(&app, &attacker, "/login/federated/acme").await).await;
    assert_eq!(status, 409, "{html}");
    // The attacker, holding the offer cookie, signs in to an account of their own: the offer
    // is bound to the matched account and links nothing.
    let own = app.add_user("mallory@example.com", &["user"]).await;
    let csrf = hidden_value(&html, "csrf");
    let posted = app
        .post(
            &attacker,
            "/login",
            &[
                ("csrf", &csrf),
                ("email", "mallory@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(posted.status(), 303);
    assert!(
        app.app
            .store
            .upstream_links_of(&own)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.app
            .store
            .upstream_links_of(&victim)
            .await
            .unwrap()
            .is_empty()
    );
}

/// An account with an unverified address and/or no password.
async fn add_account(app: &TestApp, email: &str, verified: bool, password: bool) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    app.app
        .store
        .insert_user(&gatehouse::store::NewUser {
            id: id.clone(),
            email: Some(gatehouse::domain::Email::parse(email).unwrap()),
            email_verified: verified,
            password_hash: password.then(|| gatehouse::crypto::password::hash(PASSWORD)),
            must_change_password: false,
            first_name: "Test".into(),
            last_name: "User".into(),
            privileges: vec!["user".into()],
            username: None,
            now: app.clock.now_secs(),
        })
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn linking_from_the_account_page_needs_the_session_and_its_token() {
    let (app, _one, _two) = two_providers(Db::Sqlite).await;
    let local = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&browser, "/account/linked").await;
    let start = super::sign_in::link_starting(&page, "/account/linked/acme/start");
    assert!(start.contains("csrf="), "{start}");

    // Without the token (another site's link): refused.
    let (status, _) = app.get_page(&browser, "/account/linked/acme/start").await;
    assert_eq!(status, 403);
    let (status, _) = app
        .get_page(&browser, "/account/linked/acme/start?csrf=forged")
        .await;
    assert_eq!(status, 403);

    let done = through_provider(&app, &browser, &start).await;
    assert_eq!(done.status(), 200);
    assert!(done.url().as_str().contains("/account/linked?linked=1"));
    assert_eq!(
        app.app.store.upstream_links_of(&local).await.unwrap().len(),
        1
    );

    // The same identity cannot be linked to a second account.
    app.add_user("eve@example.com", &["user"]).await;
    let eve = app.sign_in("eve@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&eve, "/account/linked").await;
    let start = super::sign_in::link_starting(&page, "/account/linked/acme/start");
    let (status, html) = body(through_provider(&app, &eve, &start).await).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("already linked to another account"));
}

#[tokio::test]
async fn unlinking_keeps_the_last_way_in_and_only_touches_your_own() {
    let (app, _one, _two) = two_providers(Db::Sqlite).await;
    // An account made through `acme`: no password.
    let browser = browser();
    assert_eq!(
        through_provider(&app, &browser, "/login/federated/acme")
            .await
            .status(),
        200
    );
    let (_, page) = app.get_page(&browser, "/account/linked").await;
    assert!(page.contains("only way to sign in"), "{page}");
    let csrf = app.csrf(&browser, "/account").await;
    let refused = app
        .post(
            &browser,
            "/account/linked/unlink",
            &[
                ("csrf", &csrf),
                ("provider_id", "acme"),
                ("subject", "grace"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 409, "the last way in stays");

    // Someone else's identity, named in the form: untouched.
    let other = app.add_user("ada@example.com", &["user"]).await;
    app.app
        .store
        .insert_upstream_link(&gatehouse::store::UpstreamLink {
            provider_id: "beta".into(),
            subject: "ada-b".into(),
            user_id: other.clone(),
            email: None,
            linked_at: 0,
            last_used_at: None,
        })
        .await
        .unwrap();
    let foreign = app
        .post(
            &browser,
            "/account/linked/unlink",
            &[
                ("csrf", &csrf),
                ("provider_id", "beta"),
                ("subject", "ada-b"),
            ],
        )
        .await;
    assert_eq!(foreign.status(), 409);
    assert_eq!(
        app.app.store.upstream_links_of(&other).await.unwrap().len(),
        1
    );

    // With a password, unlinking works and is audited.
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let csrf = app.csrf(&ada, "/account/linked").await;
    let done = app
        .post(
            &ada,
            "/account/linked/unlink",
            &[
                ("csrf", &csrf),
                ("provider_id", "beta"),
                ("subject", "ada-b"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    assert!(
        app.app
            .store
            .upstream_links_of(&other)
            .await
            .unwrap()
            .is_empty()
    );
    let trail = app.app.store.audit_events(Some(&other), 3).await.unwrap();
    assert!(trail.iter().any(|e| e.kind == "upstream_unlinked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_unlinks_cannot_remove_the_last_way_in() {
    for db in databases() {
        let (app, _one, _two) = two_providers(db).await;
        let user = add_account(&app, "solo@example.com", true, false).await;
        // Rounds of two unlinks released together, on warm connections: without the row
        // lock, PostgreSQL lets both count the other's identity and both delete.
        for round in 0..20 {
            for (provider, subject) in [("acme", "s-a"), ("beta", "s-b")] {
                let _ = app
                    .app
                    .store
                    .insert_upstream_link(&gatehouse::store::UpstreamLink {
                        provider_id: provider.into(),
                        subject: subject.into(),
                        user_id: user.clone(),
                        email: None,
                        linked_at: 0,
                        last_used_at: None,
                    })
                    .await;
            }
            let gate = std::sync::Arc::new(tokio::sync::Barrier::new(8));
            let attempts: Vec<_> = (0..8)
                .map(|i| {
                    let store = app.app.store.clone();
                    let user = user.clone();
                    let gate = gate.clone();
                    tokio::spawn(async move {
                        let (p, s) = if i % 2 == 0 {
                            ("acme", "s-a")
                        } else {
                            ("beta", "s-b")
                        };
                        store.count_users().await.unwrap(); // a connection of its own, ready
                        gate.wait().await;
                        store.unlink_upstream(&user, p, s, false).await.unwrap()
                    })
                })
                .collect();
            let mut won = 0;
            for attempt in attempts {
                won += usize::from(attempt.await.unwrap());
            }
            assert_eq!(won, 1, "{db:?} round {round}: exactly one unlink");
            assert_eq!(
                app.app.store.upstream_links_of(&user).await.unwrap().len(),
                1,
                "{db:?} round {round}: one way in is left"
            );
        }
    }
}

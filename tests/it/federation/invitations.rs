//! Accepting an invitation through a provider: the account gets the invitation's address
//! (verified) and privileges, names from upstream and no password; the invitation is used
//! once, however many callbacks race for it, and stays open when the account cannot be made.

use gatehouse::crypto::token::{hash_token, random_token};
use gatehouse::domain::Email;
use gatehouse::store::Invitation;

use super::fakes::oidc::FakeUser;
use super::harness::*;
use crate::helpers::*;

const INVITEE: &str = "invitee@example.com";

/// Stores an open invitation for `email` with `privileges`; its id and the link's token.
pub(super) async fn invite(app: &TestApp, email: &str, privileges: &[&str]) -> (String, String) {
    let now = app.clock.now_secs();
    app.app
        .store
        .ensure_privileges(privileges, false, now)
        .await
        .unwrap();
    let token = random_token();
    let id = format!("inv-{}", &token[..8]);
    app.app
        .store
        .insert_invitation(
            &Invitation {
                id: id.clone(),
                email: email.into(),
                privileges: privileges.join(" "),
                invited_by: None,
                created_at: now,
                sent_at: now,
                expires_at: now + 86_400,
                accepted_at: None,
                revoked_at: None,
            },
            &hash_token(&token),
        )
        .await
        .unwrap();
    (id, token)
}

/// Closed registration, a provider that does not allow sign-up: only the invitation opens
/// the door.
async fn closed(db: Db) -> (TestApp, super::fakes::oidc::FakeOidc) {
    with_acme_on(db, |_| {}, |s| s.accounts.allow_registration = false).await
}

/// The provider button's link on an invitation page.
fn button(page: &str) -> String {
    let start = page
        .find("href=\"/invite/federated/acme?")
        .unwrap_or_else(|| panic!("the invitation page offers the provider: {page}"));
    let rest = &page[start + 6..];
    rest[..rest.find('"').unwrap()].replace("&amp;", "&")
}

/// Presses the provider's button on the invitation page; the response to that GET.
async fn press(app: &TestApp, browser: &reqwest::Client, token: &str) -> reqwest::Response {
    let (status, page) = app
        .get_page(browser, &format!("/invite?token={token}"))
        .await;
    assert_eq!(status, 200, "{page}");
    browser.get(app.url(&button(&page))).send().await.unwrap()
}

/// From the invitation page's button to the callback URL the fake sends the browser to.
async fn invited_callback(app: &TestApp, browser: &reqwest::Client, token: &str) -> String {
    let started = press(app, browser, token).await;
    assert_eq!(started.status(), 303);
    let upstream = location(&started);
    assert!(!upstream.starts_with(&app.issuer), "went upstream");
    let answered = browser.get(&upstream).send().await.unwrap();
    assert_eq!(answered.status(), 302);
    location(&answered)
}

async fn invitation(app: &TestApp, id: &str) -> Invitation {
    app.app
        .store
        .invitation_by_id(id)
        .await
        .unwrap()
        .expect("the invitation")
}

async fn invitee(app: &TestApp) -> Option<gatehouse::domain::User> {
    app.app
        .store
        .user_by_email(&Email::parse(INVITEE).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invitation_accepted_through_a_provider_makes_the_invited_account() {
    let (app, fake) = closed(Db::Sqlite).await;
    // The upstream address differs and is unverified: the invitation's address is what counts.
    fake.add_user(FakeUser::new("ada", Some("ada@elsewhere.example"), false));
    let (id, token) = invite(&app, INVITEE, &["user", "customer"]).await;
    let before = user_count(&app).await;
    let browser = browser();
    let callback = invited_callback(&app, &browser, &token).await;
    let done = follow(&app, &browser, callback).await;
    let (status, page) = body(done).await;
    assert_eq!(status, 200, "signed in: {page}");
    let user = invitee(&app).await.expect("the invited account");
    assert!(user.email_verified, "the invitation's link came by mail");
    assert!(
        user.password_hash.is_none(),
        "no password: the provider is the way in"
    );
    let mut privileges = user.privileges.clone();
    privileges.sort();
    assert_eq!(privileges, ["customer", "user"]);
    assert_eq!(
        (user.first_name.as_str(), user.last_name.as_str()),
        ("Grace", "Hopper")
    );
    let links = app.app.store.upstream_links_of(&user.id).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].provider_id.as_str(), links[0].subject.as_str()),
        ("acme", "ada")
    );
    assert!(invitation(&app, &id).await.accepted_at.is_some(), "used up");
    let trail = app
        .app
        .store
        .audit_events(Some(&user.id), 10)
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_up" && e.detail == format!("invitation {id} through acme")),
        "{trail:?}"
    );

    // The link is spent: its page and its button both say so, and nothing more is made.
    let again = crate::helpers::browser();
    let (status, _) = app
        .get_page(&again, &format!("/invite?token={token}"))
        .await;
    assert_eq!(status, 400);
    let (_, page) = app.get_page(&again, "/login").await;
    let csrf = hidden_value(&page, "csrf");
    let replayed = again
        .get(app.url(&format!("/invite/federated/acme?token={token}&csrf={csrf}")))
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 400);
    assert_eq!(user_count(&app).await, before + 1);
}

#[tokio::test]
async fn parallel_callbacks_for_one_invitation_make_one_account() {
    for db in databases() {
        let (app, fake) = closed(db).await;
        let (id, token) = invite(&app, INVITEE, &["user"]).await;
        let before = user_count(&app).await;
        // Twenty browsers, each with its own upstream identity, each at the callback.
        let mut callbacks = Vec::new();
        for n in 0..20 {
            fake.add_user(FakeUser::new(&format!("racer-{n}"), None, false));
            let browser = browser();
            let callback = invited_callback(&app, &browser, &token).await;
            callbacks.push((browser, callback));
        }
        // All at once: a success redirects on into the session, a refusal is a page.
        let mut burst = tokio::task::JoinSet::new();
        for (browser, url) in callbacks {
            burst.spawn(async move { browser.get(url).send().await.unwrap().status().as_u16() });
        }
        let results = burst.join_all().await;
        let won = results.iter().filter(|s| **s == 303).count();
        assert_eq!(won, 1, "{db:?}: exactly one callback wins: {results:?}");
        assert!(
            results.iter().all(|s| *s == 303 || *s == 403),
            "{results:?}"
        );
        assert_eq!(user_count(&app).await, before + 1, "{db:?}: one account");
        let user = invitee(&app).await.expect("the account");
        assert_eq!(
            app.app
                .store
                .upstream_links_of(&user.id)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(invitation(&app, &id).await.accepted_at.is_some());
    }
}

#[tokio::test]
async fn an_identity_already_linked_leaves_the_invitation_open() {
    let (app, fake) = with_acme(
        |p| p.allow_sign_up = true,
        |s| {
            s.accounts.allow_registration = false;
        },
    )
    .await;
    fake.add_user(FakeUser::new("known", None, false));
    // The identity signs up on its own first.
    assert_eq!(
        through_provider(&app, &browser(), "/login/federated/acme")
            .await
            .status(),
        200
    );
    let before = user_count(&app).await;
    let (id, token) = invite(&app, INVITEE, &["user"]).await;
    let browser = browser();
    let callback = invited_callback(&app, &browser, &token).await;
    let (status, page) = body(follow(&app, &browser, callback).await).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("already belongs to an account"), "{page}");
    assert!(page.contains("invitation was not used"), "{page}");
    assert_eq!(user_count(&app).await, before);
    assert!(
        invitation(&app, &id).await.accepted_at.is_none(),
        "still open"
    );
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 303, "not signed in");
}

#[tokio::test]
async fn an_address_taken_since_the_invitation_leaves_it_open() {
    let (app, _fake) = closed(Db::Sqlite).await;
    let before = user_count(&app).await;
    let (id, token) = invite(&app, INVITEE, &["user"]).await;
    let browser = browser();
    let callback = invited_callback(&app, &browser, &token).await;
    // Someone registered the address (an administrator, say) while the person was upstream.
    app.add_user(INVITEE, &["user"]).await;
    let (status, page) = body(follow(&app, &browser, callback).await).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("exists already"), "{page}");
    assert_eq!(user_count(&app).await, before + 1, "only the other account");
    assert!(
        invitation(&app, &id).await.accepted_at.is_none(),
        "still open"
    );
    let user = invitee(&app).await.unwrap();
    assert!(
        app.app
            .store
            .upstream_links_of(&user.id)
            .await
            .unwrap()
            .is_empty(),
        "never linked to the account that holds the address"
    );
}

#[tokio::test]
async fn a_revoked_or_expired_invitation_makes_nothing() {
    let (app, _fake) = closed(Db::Sqlite).await;
    let before = user_count(&app).await;
    // Revoked while the person was upstream.
    let (id, token) = invite(&app, INVITEE, &["user"]).await;
    let browser = browser();
    let callback = invited_callback(&app, &browser, &token).await;
    assert!(
        app.app
            .store
            .revoke_invitation(&id, app.clock.now_secs())
            .await
            .unwrap()
    );
    let (status, page) = body(follow(&app, &browser, callback).await).await;
    assert_eq!(status, 403, "{page}");
    assert!(
        page.contains("expired, was revoked, or was already used"),
        "{page}"
    );
    assert_eq!(user_count(&app).await, before);

    // Expired before the button was pressed.
    let (_, token) = invite(&app, "later@example.com", &["user"]).await;
    let browser = crate::helpers::browser();
    let (_, page) = app
        .get_page(&browser, &format!("/invite?token={token}"))
        .await;
    app.clock.advance(86_401);
    let pressed = browser.get(app.url(&button(&page))).send().await.unwrap();
    assert_eq!(pressed.status(), 400);
    assert_eq!(user_count(&app).await, before);
}

#[tokio::test]
async fn the_invitation_button_refuses_forgeries_and_nonsense() {
    let (app, _fake) = closed(Db::Sqlite).await;
    let before = user_count(&app).await;
    let (_, token) = invite(&app, INVITEE, &["user"]).await;
    let browser = browser();
    let (_, page) = app
        .get_page(&browser, &format!("/invite?token={token}"))
        .await;
    let csrf = hidden_value(&page, "csrf");
    let (_, other) = app.get_page(&crate::helpers::browser(), "/login").await;
    let foreign = hidden_value(&other, "csrf");
    let get = |path: String| {
        let (browser, url) = (browser.clone(), app.url(&path));
        async move { browser.get(url).send().await.unwrap().status().as_u16() }
    };
    // No CSRF token, or another browser's: another site cannot start it.
    assert_eq!(
        get(format!("/invite/federated/acme?token={token}")).await,
        403
    );
    assert_eq!(
        get(format!(
            "/invite/federated/acme?token={token}&csrf={foreign}"
        ))
        .await,
        403
    );
    // A made-up invitation, an unknown provider, hostile text.
    assert_eq!(
        get(format!(
            "/invite/federated/acme?token=not-a-token&csrf={csrf}"
        ))
        .await,
        400
    );
    assert_eq!(
        get(format!("/invite/federated/acme?csrf={csrf}")).await,
        400
    );
    for provider in ["nope", "%2E%2E%2Fadmin", "%3Cscript%3E", "email"] {
        assert_eq!(
            get(format!(
                "/invite/federated/{provider}?token={token}&csrf={csrf}"
            ))
            .await,
            404,
            "{provider}"
        );
    }
    // The invitation page's own link escapes whatever token it was given.
    let (status, page) = app
        .get_page(
            &browser,
            "/invite?token=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        )
        .await;
    assert_eq!(status, 400);
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert_eq!(user_count(&app).await, before);
}

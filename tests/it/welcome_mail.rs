//! The welcome mail (Lino's `SendWelcomeMail`): holders of `invite_user` mail a user a
//! single-use link to choose a first password (accounts without one) or the sign-in link,
//! from the user's console page or `POST /users/{id}/welcome-mail`. Refused for users it
//! cannot reach, capped per user before anything is sent, audited without the link.

use gatehouse::domain::{Capability, Email};
use gatehouse::store::NewUser;
use reqwest::Method;

use crate::admin::{Admin, console, permissions, setup_with};
use crate::helpers::*;
use crate::smtp_sink::Captured;

const NEW_PASSWORD: &str = "violet tangerine harbour lantern";

/// A user as an import or the command line leaves them: `password` or none, an address or
/// none, confirmed or not.
async fn add_account(
    app: &TestApp,
    email: Option<&str>,
    verified: bool,
    password: Option<&str>,
) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    app.app
        .store
        .insert_user(&NewUser {
            id: id.clone(),
            email: email.map(|e| Email::parse(e).unwrap()),
            email_verified: verified,
            password_hash: password.map(gatehouse::crypto::password::hash),
            must_change_password: false,
            first_name: "Wanda".into(),
            last_name: "Welcome".into(),
            privileges: vec!["user".into()],
            username: None,
            now: app.clock.now_secs(),
        })
        .await
        .unwrap();
    id
}

fn link_in(mail: &Captured, path: &str) -> Option<String> {
    mail.text_body()
        .split_whitespace()
        .find(|w| w.contains(path))
        .map(str::to_string)
}

async fn welcome(app: &TestApp, key: &str, user_id: &str) -> (u16, serde_json::Value) {
    app.api(
        Some(key),
        Method::POST,
        &format!("/users/{user_id}/welcome-mail"),
        None,
    )
    .await
}

/// Posts the set-password form shown at `link`: the response to the post.
async fn choose_password(app: &TestApp, link: &str, password: &str) -> reqwest::Response {
    let browser = browser();
    let page = browser.get(link).send().await.unwrap();
    assert_eq!(page.status(), 200, "the link opens the form");
    let html = page.text().await.unwrap();
    browser
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("token", hidden_value(&html, "token")),
            ("new", password.to_string()),
            ("confirm", password.to_string()),
        ])
        .send()
        .await
        .unwrap()
}

async fn narrow_admin_key(a: &Admin, caps: &[Capability]) -> String {
    let owner = a
        .app
        .app
        .store
        .user_by_id(&a.admin_id)
        .await
        .unwrap()
        .unwrap();
    gatehouse::admin::api_keys::create(&a.app.app, &owner, "narrow", caps, None)
        .await
        .unwrap()
        .key
}

#[tokio::test]
async fn a_welcome_mail_sets_a_first_password_once_on_both_databases() {
    for db in databases() {
        let a = setup_with(spawn_app_with(db, permissions).await).await;
        let app = &a.app;
        let newbie = add_account(app, Some("newbie@example.com"), true, None).await;

        // Keys without invite_user send nothing, whoever owns them.
        let readonly = narrow_admin_key(&a, &[Capability::AccessUserInfo]).await;
        for key in [a.advocate_key.as_str(), readonly.as_str(), &a.plain_key] {
            let (status, body) = welcome(app, key, &newbie).await;
            assert_eq!(status, 403, "{db:?}: {body}");
        }
        assert!(mails_to(app, "newbie@example.com").is_empty());
        let (status, _) = welcome(app, &a.admin_key, "no-such-user").await;
        assert_eq!(status, 404);

        // A delegate holding invite_user sends it: a link to choose a password.
        let (status, body) = welcome(app, &a.trainer_key, &newbie).await;
        assert_eq!(status, 202, "{db:?}: {body}");
        assert_eq!(body["link"], "set_password");
        assert!(body["expires_at"].as_str().unwrap().ends_with('Z'));
        let mails = mails_to(app, "newbie@example.com");
        assert_eq!(mails.len(), 1);
        assert!(
            mails[0].subject().contains("Welcome to"),
            "{}",
            mails[0].subject()
        );
        assert!(mails[0].text_body().contains("Hello Wanda Welcome"));
        let link = link_in(&mails[0], "/password/reset?token=").expect("a set-password link");
        assert!(link.starts_with(&app.issuer));
        let token = query_param(&link, "token").unwrap();
        assert!(mails[0].html_body().contains(&token));

        // It works once: the password is set and signs in; the link is then spent.
        let done = choose_password(app, &link, NEW_PASSWORD).await;
        assert_eq!(location(&done), "/login?reset=1");
        app.sign_in("newbie@example.com", NEW_PASSWORD).await;
        assert_eq!(
            browser().get(&link).send().await.unwrap().status(),
            400,
            "replaying the link fails"
        );
        let replay = browser()
            .post(app.url("/password/reset"))
            .form(&[
                ("token", token.as_str()),
                ("new", PASSWORD),
                ("confirm", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_ne!(replay.status(), 303);
        app.sign_in("newbie@example.com", NEW_PASSWORD).await;

        // Now the account has a password: the welcome carries the sign-in page instead.
        let (status, body) = welcome(app, &a.admin_key, &newbie).await;
        assert_eq!(status, 202, "{body}");
        assert_eq!(body["link"], "sign_in");
        assert!(body["expires_at"].is_null());
        let mails = mails_to(app, "newbie@example.com");
        assert_eq!(mails.len(), 2);
        let second = mails
            .iter()
            .find(|m| link_in(m, "/password/reset").is_none())
            .expect("the sign-in welcome");
        assert_eq!(
            link_in(second, "/login").as_deref(),
            Some(app.url("/login").as_str())
        );

        // Audited, naming the actor and what was sent, never the token.
        let events = app.app.store.audit_events(Some(&newbie), 50).await.unwrap();
        let sent: Vec<_> = events
            .iter()
            .filter(|e| e.kind == "admin_welcome_mail_sent")
            .collect();
        assert_eq!(sent.len(), 2);
        assert!(sent.iter().all(|e| !e.detail.contains(&token)));
        assert!(sent.iter().any(|e| e.detail.contains("choose a password")));
    }
}

#[tokio::test]
async fn a_welcome_mail_is_refused_for_users_it_cannot_reach() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let key = a.admin_key.as_str();
    let no_address = add_account(app, None, false, None).await;
    let unconfirmed = add_account(app, Some("typed@example.com"), false, None).await;
    let gone = add_account(app, Some("gone@example.com"), true, Some(PASSWORD)).await;
    app.app
        .store
        .set_active(&gone, false, app.clock.now_secs())
        .await
        .unwrap();
    for (id, field, words) in [
        (&no_address, "email", "no e-mail address"),
        (&unconfirmed, "email", "not confirmed"),
        (&gone, "active", "deactivated"),
    ] {
        let (status, body) = welcome(app, key, id).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"], "invalid");
        assert_eq!(body["field"], field);
        assert!(body["message"].as_str().unwrap().contains(words), "{body}");
    }
    for to in ["typed@example.com", "gone@example.com"] {
        assert!(mails_to(app, to).is_empty(), "nothing sent to {to}");
    }
    // A delegate may not mail a way into a stronger account than their own.
    let (status, body) = welcome(app, &a.trainer_key, &a.admin_id).await;
    assert_eq!(status, 403, "{body}");
    assert!(mails_to(app, "root@example.com").is_empty());

    // The console: a button on the user's page (for invite_user only), a human refusal.
    let (root, csrf) = console(app, "root@example.com").await;
    let (_, page) = app.get_page(&root, &format!("/admin/users/{gone}")).await;
    assert!(page.contains(&format!("action=\"/admin/users/{gone}/welcome-mail\"")));
    let refused = app
        .post(
            &root,
            &format!("/admin/users/{no_address}/welcome-mail"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("no e-mail address to send a welcome mail to")
    );
    let reachable = add_account(app, Some("reachable@example.com"), true, Some(PASSWORD)).await;
    let forged = app
        .post(
            &root,
            &format!("/admin/users/{reachable}/welcome-mail"),
            &[],
        )
        .await;
    assert_eq!(forged.status(), 403, "no CSRF token, no mail");
    assert!(mails_to(app, "reachable@example.com").is_empty());
    let sent = app
        .post(
            &root,
            &format!("/admin/users/{reachable}/welcome-mail"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(
        location(&sent),
        format!("/admin/users/{reachable}?done=welcome-sent")
    );
    let (_, page) = app.get_page(&root, &location(&sent)).await;
    assert!(page.contains("The welcome mail was sent."));
    assert_eq!(mails_to(app, "reachable@example.com").len(), 1);

    let (advocate, advocate_csrf) = console(app, "advocate@example.com").await;
    let (_, page) = app
        .get_page(&advocate, &format!("/admin/users/{reachable}"))
        .await;
    assert!(
        !page.contains("welcome-mail"),
        "no button without invite_user"
    );
    let refused = app
        .post(
            &advocate,
            &format!("/admin/users/{reachable}/welcome-mail"),
            &[("csrf", advocate_csrf.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(mails_to(app, "reachable@example.com").len(), 1);
}

/// 20 simultaneous welcome mails for one user: the quota (5 an hour) is charged before the
/// mail in one statement, so at most 5 are sent and the rest are 429 with `Retry-After`.
#[tokio::test]
async fn a_burst_of_welcome_mails_sends_at_most_the_quota() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let target = add_account(app, Some("bombed@example.com"), true, None).await;
    let url = app.url(&format!("/api/admin/v1/users/{target}/welcome-mail"));
    let client = reqwest::Client::new();
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = client.post(&url).bearer_auth(&a.admin_key);
        burst.spawn(async move {
            let response = request.send().await.unwrap();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().parse::<i64>().unwrap());
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            (status, retry_after, body)
        });
    }
    let mut sent = 0;
    while let Some(outcome) = burst.join_next().await {
        let (status, retry_after, body) = outcome.unwrap();
        match status {
            202 => sent += 1,
            429 => {
                assert_eq!(body["error"], "rate_limited", "{body}");
                let wait = retry_after.expect("Retry-After");
                assert!((1..=3600).contains(&wait), "{wait}");
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(sent, 5, "exactly the quota went through");
    assert_eq!(mails_to(app, "bombed@example.com").len(), 5);

    // The quota is the target's: another user can still be welcomed, and the console
    // refuses with the wait too.
    let other = add_account(app, Some("other@example.com"), true, None).await;
    assert_eq!(welcome(app, &a.admin_key, &other).await.0, 202);
    let (root, csrf) = console(app, "root@example.com").await;
    let refused = app
        .post(
            &root,
            &format!("/admin/users/{target}/welcome-mail"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().get("retry-after").is_some());
    assert!(refused.text().await.unwrap().contains("try again in"));
    assert_eq!(mails_to(app, "bombed@example.com").len(), 5);

    // An hour on, the window has turned.
    app.clock.advance(3601);
    assert_eq!(welcome(app, &a.admin_key, &target).await.0, 202);
    assert_eq!(mails_to(app, "bombed@example.com").len(), 6);
}

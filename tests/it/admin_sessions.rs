//! Every user's sessions for administrators (Lino's `Sessions` table): listed by holders of
//! `access_user_info` in the console (`/admin/sessions`) and the API (`GET /sessions`), ended
//! by holders of `edit_user_active_status` (`DELETE /sessions/{id}`, the End button), which
//! signs that browser out and stops its online grants — and the ways callers try to get round
//! that.

use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::Value;

use crate::admin::{Admin, console, permissions, setup_with, target};
use crate::helpers::*;

/// The usual delegates, plus `support`, who may read users and end their sessions.
fn settings(s: &mut gatehouse::config::Settings) {
    permissions(s);
    s.permissions.insert(
        "support".into(),
        vec!["access_user_info".into(), "edit_user_active_status".into()],
    );
}

/// A browser with its own user agent, signed in as `email` through a relying party's
/// sign-in (so it holds a session and an online grant): the browser and the access token.
async fn signed_in_with_grant(
    app: &TestApp,
    client: &RegisteredClient,
    email: &str,
    user_agent: &str,
) -> (reqwest::Client, String) {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .build()
        .unwrap();
    let (auth, verifier) = pkce_authorize_url(app, client, "openid email");
    let callback = authorize_through_login(app, &browser, &auth, email).await;
    let tokens = exchange_code(
        app,
        client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    assert!(tokens.get("refresh_token").is_none(), "an online grant");
    let access = tokens["access_token"].as_str().unwrap().to_string();
    (browser, access)
}

async fn userinfo_status(app: &TestApp, access: &str) -> u16 {
    reqwest::Client::new()
        .get(app.url("/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// `GET /account` in `browser`: 200 while signed in, else the redirect's target.
async fn account(app: &TestApp, browser: &reqwest::Client) -> String {
    let response = browser.get(app.url("/account")).send().await.unwrap();
    if response.status() == 200 {
        "200".into()
    } else {
        location(&response)
    }
}

fn ids_of(body: &Value) -> Vec<String> {
    body["sessions"]
        .as_array()
        .unwrap_or_else(|| panic!("no sessions in {body}"))
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// An API key of the administrator carrying only `caps`.
async fn admin_key_with(a: &Admin, caps: &[Capability]) -> String {
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
async fn sessions_are_listed_and_ended_through_the_api_on_both_databases() {
    for db in databases() {
        let a = setup_with(spawn_app_with(db, settings).await).await;
        let app = &a.app;
        let client = app.add_client(ClientSpec::confidential()).await;
        let victim = target(app, "victim@example.com").await;
        let (victim_browser, access) =
            signed_in_with_grant(app, &client, "victim@example.com", "VictimBrowser/1.0").await;
        let bystander = app.sign_in("plain@example.com", PASSWORD).await;
        assert_eq!(userinfo_status(app, &access).await, 200, "{db:?}");

        // Everyone's live sessions, newest first, with whose they are.
        let admin = Some(a.admin_key.as_str());
        let (status, all) = app.api(admin, Method::GET, "/sessions", None).await;
        assert_eq!(status, 200, "{db:?}: {all}");
        assert_eq!(all["limit"], 200);
        assert_eq!(all["truncated"], false);
        let sessions = all["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 2, "{all}");
        let listed = sessions
            .iter()
            .find(|s| s["user_id"] == victim.as_str())
            .unwrap_or_else(|| panic!("the victim's session in {all}"));
        assert_eq!(listed["user_email"], "victim@example.com");
        assert_eq!(listed["user_label"], "victim@example.com");
        assert_eq!(listed["user_agent"], "VictimBrowser/1.0");
        assert_eq!(listed["ip"], "127.0.0.1");
        assert!(listed["created_at"].as_str().unwrap().ends_with('Z'));
        let session_id = listed["id"].as_str().unwrap().to_string();

        // Filters: by user id, by part of the address (any case); LIKE wildcards are text.
        let (_, by_id) = app
            .api(
                admin,
                Method::GET,
                &format!("/sessions?user_id={victim}"),
                None,
            )
            .await;
        assert_eq!(ids_of(&by_id), vec![session_id.clone()]);
        let (_, by_email) = app
            .api(admin, Method::GET, "/sessions?email=VICTIM%40", None)
            .await;
        assert_eq!(ids_of(&by_email), vec![session_id.clone()]);
        for wildcard in ["%25", "_", "%5C"] {
            let (status, none) = app
                .api(
                    admin,
                    Method::GET,
                    &format!("/sessions?email={wildcard}"),
                    None,
                )
                .await;
            assert_eq!(status, 200);
            assert!(ids_of(&none).is_empty(), "{wildcard}: {none}");
        }
        let (_, one) = app.api(admin, Method::GET, "/sessions?limit=1", None).await;
        assert_eq!(ids_of(&one).len(), 1);
        assert_eq!(one["truncated"], true);
        for bad in ["limit=0", "limit=201"] {
            let (status, body) = app
                .api(admin, Method::GET, &format!("/sessions?{bad}"), None)
                .await;
            assert_eq!(status, 422, "{bad}: {body}");
            assert_eq!(body["field"], "limit");
        }
        // Hostile filters: an over-long id is refused by name, a script is only text.
        let long = "x".repeat(5000);
        let (status, body) = app
            .api(
                admin,
                Method::GET,
                &format!("/sessions?user_id={long}"),
                None,
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["field"], "user_id");
        let (status, body) = app
            .api(
                admin,
                Method::GET,
                "/sessions?user_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%20OR%201%3D1--",
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(ids_of(&body).is_empty());

        // Reading is access_user_info; ending is edit_user_active_status, whatever the owner
        // of the key holds.
        let narrow = admin_key_with(&a, &[Capability::AccessUserInfo]).await;
        for key in [a.advocate_key.as_str(), narrow.as_str()] {
            let (status, body) = app.api(Some(key), Method::GET, "/sessions", None).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(ids_of(&body).len(), 2);
            let (status, body) = app
                .api(
                    Some(key),
                    Method::DELETE,
                    &format!("/sessions/{session_id}"),
                    None,
                )
                .await;
            assert_eq!(status, 403, "{body}");
            assert_eq!(body["error"], "forbidden");
            // Refused before the lookup: an unknown id answers the same.
            let (status, _) = app
                .api(Some(key), Method::DELETE, "/sessions/no-such-session", None)
                .await;
            assert_eq!(status, 403);
        }
        let ender_only = admin_key_with(&a, &[Capability::EditUserActiveStatus]).await;
        for key in [a.plain_key.as_str(), ender_only.as_str()] {
            let (status, body) = app.api(Some(key), Method::GET, "/sessions", None).await;
            assert_eq!(status, 403, "{body}");
        }
        let (status, _) = app.api(None, Method::GET, "/sessions", None).await;
        assert_eq!(status, 401);
        assert_eq!(
            account(app, &victim_browser).await,
            "200",
            "still signed in"
        );
        assert_eq!(userinfo_status(app, &access).await, 200);

        // Unknown and foreign-format ids.
        for id in [
            "no-such-session".to_string(),
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".to_string(),
            "%27%20OR%20%271%27%3D%271".to_string(),
            "y".repeat(3000),
        ] {
            let (status, body) = app
                .api(admin, Method::DELETE, &format!("/sessions/{id}"), None)
                .await;
            assert_eq!(status, 404, "{id}: {body}");
        }

        // A key that may end sessions (and nothing else) signs the victim's browser out, and
        // the online grant signed in through it stops working.
        let (status, _) = app
            .api(
                Some(ender_only.as_str()),
                Method::DELETE,
                &format!("/sessions/{session_id}"),
                None,
            )
            .await;
        assert_eq!(status, 204);
        assert_eq!(account(app, &victim_browser).await, "/login");
        assert_eq!(userinfo_status(app, &access).await, 401);
        assert_eq!(account(app, &bystander).await, "200", "only that session");
        let (status, _) = app
            .api(
                admin,
                Method::DELETE,
                &format!("/sessions/{session_id}"),
                None,
            )
            .await;
        assert_eq!(status, 404, "ended once");
        let (_, left) = app.api(admin, Method::GET, "/sessions", None).await;
        assert_eq!(ids_of(&left).len(), 1);

        let events = app.app.store.audit_events(Some(&victim), 50).await.unwrap();
        let ended = events
            .iter()
            .find(|e| e.kind == "admin_session_ended")
            .expect("audited");
        assert!(ended.detail.contains(&session_id), "{}", ended.detail);
        assert!(ended.detail.contains(&a.admin_id), "{}", ended.detail);
    }
}

/// Ending someone's session is acting on them: a delegate who may end sessions cannot sign
/// out a stronger account than their own.
#[tokio::test]
async fn a_delegate_cannot_end_a_stronger_accounts_session() {
    let a = setup_with(spawn_app_with(Db::Sqlite, settings).await).await;
    let app = &a.app;
    app.app
        .store
        .ensure_privileges(&["support"], false, app.clock.now_secs())
        .await
        .unwrap();
    app.add_user("support@example.com", &["support", "user"])
        .await;
    let support_owner = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("support@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    let support_key = gatehouse::admin::api_keys::create(
        &app.app,
        &support_owner,
        "support",
        &[Capability::AccessUserInfo, Capability::EditUserActiveStatus],
        None,
    )
    .await
    .unwrap()
    .key;
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let plain = app.sign_in("plain@example.com", PASSWORD).await;
    let (_, all) = app
        .api(Some(&support_key), Method::GET, "/sessions", None)
        .await;
    let session_of = |email: &str| -> String {
        all["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["user_email"] == email)
            .unwrap_or_else(|| panic!("{email} in {all}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (status, body) = app
        .api(
            Some(&support_key),
            Method::DELETE,
            &format!("/sessions/{}", session_of("root@example.com")),
            None,
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(account(app, &root).await, "200");
    let (status, _) = app
        .api(
            Some(&support_key),
            Method::DELETE,
            &format!("/sessions/{}", session_of("plain@example.com")),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(account(app, &plain).await, "/login");
}

#[tokio::test]
async fn the_console_lists_filters_and_ends_sessions() {
    let a = setup_with(spawn_app_with(Db::Sqlite, settings).await).await;
    let app = &a.app;
    let client = app.add_client(ClientSpec::confidential()).await;
    let victim = target(app, "victim@example.com").await;
    let (victim_browser, access) = signed_in_with_grant(
        app,
        &client,
        "victim@example.com",
        "Evil/1.0 <script>alert('ua')</script>",
    )
    .await;
    let (_, all) = app
        .api(
            Some(&a.admin_key),
            Method::GET,
            &format!("/sessions?user_id={victim}"),
            None,
        )
        .await;
    let session_id = ids_of(&all).remove(0);

    // The administrator: the page, in the menu, with the user linked and an End button.
    let (root, root_csrf) = console(app, "root@example.com").await;
    let (status, page) = app.get_page(&root, "/admin/sessions").await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/admin/sessions\" aria-current=\"page\""));
    assert!(page.contains(&format!(
        "href=\"/admin/users/{victim}\">victim@example.com</a>"
    )));
    assert!(page.contains("127.0.0.1"));
    assert!(page.contains("at most 200"), "the cap is stated");
    assert!(page.contains(&format!("action=\"/admin/sessions/{session_id}/end\"")));
    assert!(
        !page.contains("<script>alert('ua')</script>") && page.contains("&lt;script&gt;"),
        "the user agent is escaped"
    );
    let (_, filtered) = app
        .get_page(&root, &format!("/admin/sessions?user_id={victim}"))
        .await;
    assert_eq!(filtered.matches("/end\"").count(), 1);
    let (_, filtered) = app
        .get_page(&root, "/admin/sessions?email=nobody-like-this")
        .await;
    assert!(filtered.contains("No live sessions match."));
    // The user's page links to their sessions.
    let (_, user_page) = app.get_page(&root, &format!("/admin/users/{victim}")).await;
    assert!(user_page.contains(&format!("href=\"/admin/sessions?user_id={victim}\"")));

    // Hostile filters: escaped when echoed, refused by name when no id could be that long.
    let (status, page) = app
        .get_page(
            &root,
            "/admin/sessions?user_id=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=%3Cimg%20src%3Dx%3E",
        )
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert(1)</script>") && !page.contains("<img src=x>"));
    assert!(page.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(page.contains("No live sessions match."));
    let (status, page) = app
        .get_page(
            &root,
            &format!("/admin/sessions?user_id={}", "<b>".repeat(2000)),
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("is not a user id") && !page.contains("<b><b>"));

    // A reader sees the sessions without End buttons, and a forged post is refused.
    let (advocate, advocate_csrf) = console(app, "advocate@example.com").await;
    let (status, page) = app.get_page(&advocate, "/admin/sessions").await;
    assert_eq!(status, 200);
    assert!(page.contains("victim@example.com") && !page.contains("/end\""));
    let refused = app
        .post(
            &advocate,
            &format!("/admin/sessions/{session_id}/end"),
            &[("csrf", advocate_csrf.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 403);
    // Without the console's CSRF token, nothing happens either.
    let forged = app
        .post(&root, &format!("/admin/sessions/{session_id}/end"), &[])
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(account(app, &victim_browser).await, "200");
    // Someone without access_user_info has no such page.
    let (plain, _) = console(app, "plain@example.com").await;
    assert_eq!(app.get_page(&plain, "/admin/sessions").await.0, 403);

    // The End button signs that browser out and stops its online grant.
    let ended = app
        .post(
            &root,
            &format!("/admin/sessions/{session_id}/end"),
            &[("csrf", root_csrf.as_str()), ("user_id", victim.as_str())],
        )
        .await;
    assert_eq!(
        location(&ended),
        format!("/admin/sessions?done=session-ended&user_id={victim}")
    );
    assert_eq!(account(app, &victim_browser).await, "/login");
    assert_eq!(userinfo_status(app, &access).await, 401);
    let (_, page) = app.get_page(&root, &location(&ended)).await;
    assert!(page.contains("that browser is signed out"));
    assert!(page.contains("No live sessions match."));
    let again = app
        .post(
            &root,
            &format!("/admin/sessions/{session_id}/end"),
            &[("csrf", root_csrf.as_str())],
        )
        .await;
    assert_eq!(again.status(), 404);
    let unknown = app
        .post(
            &root,
            &format!("/admin/sessions/{}/end", "z".repeat(500)),
            &[("csrf", root_csrf.as_str())],
        )
        .await;
    assert_eq!(unknown.status(), 404);
}

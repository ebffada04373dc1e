//! Hostile data on every page (issue 14): names, an organisation, a client's name, audit
//! details and a browser's User-Agent that are markup or script, stored as any user, client or
//! request could store them, then every account and console page rendered for an
//! administrator. Nothing comes out unescaped, and every page carries the strict headers.

use gatehouse::domain::{AuditKind, ProfileDetails};
use gatehouse::store::{AuditEvent, Names};

use crate::helpers::*;

/// Markers that would run or inject if they reached a page as markup.
const HOSTILE: [&str; 5] = [
    "<script>alert('name')</script>",
    "<img src=x onerror=alert('org')>",
    "\"><svg onload=alert('client')>",
    "<iframe src=javascript:alert('audit')>",
    "</title><script>alert('ua')</script>",
];

#[tokio::test]
async fn hostile_values_are_escaped_on_every_page_and_every_page_is_locked_down() {
    let app = spawn_app().await;
    let admin_id = app.add_user("root@example.com", &["admin", "user"]).await;
    let victim = app.add_user("victim@example.com", &["user"]).await;
    let now = app.clock.now_secs();
    for user in [&admin_id, &victim] {
        app.app
            .store
            .update_profile(
                user,
                &Names {
                    first: HOSTILE[0],
                    last: "O'Brien & <Sons>",
                    nickname: "",
                    initials: "",
                },
                &ProfileDetails {
                    organization: HOSTILE[1].into(),
                    ..Default::default()
                },
                now,
            )
            .await
            .unwrap();
    }
    let mut spec = ClientSpec::confidential();
    spec.name = "\"><svg onload=alert('client')>";
    spec.first_party = false;
    let client = app.add_client(spec).await;
    app.app
        .store
        .record_audit(
            &AuditEvent {
                kind: AuditKind::SignInFailed,
                user_id: Some(victim.clone()),
                client_id: Some(client.id.clone()),
                ip: "203.0.113.7".into(),
                user_agent: HOSTILE[4].into(),
                detail: HOSTILE[3].into(),
            },
            now,
        )
        .await
        .unwrap();

    let browser = app.sign_in("root@example.com", PASSWORD).await;
    // A second session whose User-Agent is hostile, for the sessions pages.
    let hostile_agent = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(HOSTILE[4])
        .build()
        .unwrap();
    submit_login(
        &app,
        &hostile_agent,
        &app.url("/login"),
        "victim@example.com",
        PASSWORD,
    )
    .await;

    let (auth, _) = pkce_authorize_url(&app, &client, "openid email profile");
    let consent = follow(&app, &browser, auth).await.url().clone();
    let consent = format!("{}?{}", consent.path(), consent.query().unwrap_or_default());
    assert!(consent.starts_with("/consent"), "{consent}");
    let with_ids = [
        format!("/admin/users/{victim}"),
        format!("/admin/clients/{}", client.id),
        format!("/admin/audit?user_id={victim}"),
        "/login".into(),
        "/register".into(),
        "/no/such/page".into(),
        consent,
    ];
    let pages = ACCOUNT_AND_CONSOLE_PAGES
        .iter()
        .map(|p| p.to_string())
        .chain(with_ids);
    let mut escaped_somewhere = [false; 5];
    for path in pages {
        let path = path.as_str();
        let response = browser.get(app.url(path)).send().await.unwrap();
        let expected = if path == "/no/such/page" { 404 } else { 200 };
        assert_eq!(response.status(), expected, "{path}");
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(
            !html.contains("<script"),
            "{path}: a script tag reached the page"
        );
        for (i, marker) in HOSTILE.iter().enumerate() {
            assert!(!html.contains(marker), "{path}: {marker} unescaped");
            let core = marker
                .trim_start_matches("</title>")
                .trim_start_matches("\">");
            let escaped = core
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let escaped_quotes = escaped.replace('\'', "&#39;").replace('"', "&quot;");
            if html.contains(&escaped) || html.contains(&escaped_quotes) {
                escaped_somewhere[i] = true;
            }
        }
        for attribute in ["onerror=", "onload=", "javascript:"] {
            assert!(
                !html.contains(&format!(" {attribute}")) || html.contains("&lt;"),
                "{path}: {attribute} in markup"
            );
        }
    }
    assert_eq!(
        escaped_somewhere, [true; 5],
        "each hostile value was shown (escaped) on some page"
    );
}

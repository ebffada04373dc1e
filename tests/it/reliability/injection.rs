//! SQL and header injection (issue 14): hostile text in forms, query parameters, credentials
//! and API searches is data, never code or protocol. Every statement binds its values, and
//! every value that reaches a header is encoded, so each attempt below is refused or stored
//! exactly as typed, on SQLite and on PostgreSQL. (Log lines: `src/log_lines.rs`.)

use reqwest::Method;

use crate::helpers::*;

const SQL: [&str; 6] = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "admin@example.com' --",
    "x'); DROP TABLE users; --",
    "\" OR \"\"=\"",
    "%' UNION SELECT password_hash FROM users --",
];

#[tokio::test]
async fn sql_in_any_field_is_only_data() {
    for db in databases() {
        let app = spawn_app_with(db, |s| s.rate_limits.max_failures = 1000).await;
        let admin = crate::admin::setup_with(app).await;
        let app = &admin.app;
        let key = Some(admin.admin_key.as_str());
        let users_before = app.api(key, Method::GET, "/users?limit=100", None).await.1;

        for hostile in SQL {
            // The sign-in form: no session for any of them, as address or as password.
            for (email, password) in [(hostile, PASSWORD), ("root@example.com", hostile)] {
                let browser = browser();
                let response =
                    submit_login(app, &browser, &app.url("/login"), email, password).await;
                assert!(
                    response.headers().get("location").is_none(),
                    "{db:?}: {hostile} was let in"
                );
                assert!(response.status().is_client_error(), "{db:?}: {hostile}");
            }
            // The token endpoint: an unknown client, not a query that matched one.
            let status = client_credentials_status(
                app.url("/token"),
                hostile.to_string(),
                Some(hostile.to_string()),
            )
            .await;
            assert_eq!(status, 401, "{db:?}: {hostile}");
            // The admin API's search finds nobody, rather than everybody.
            let (status, found) = app
                .api(
                    key,
                    Method::GET,
                    &format!("/users?q={}", urlencode(hostile)),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{db:?}: {hostile}");
            assert!(
                !found.to_string().contains("root@example.com"),
                "{db:?}: {hostile} matched: {found}"
            );
            let (status, _) = app
                .api(
                    key,
                    Method::GET,
                    &format!("/users/{}", urlencode(hostile)),
                    None,
                )
                .await;
            assert_eq!(status, 404, "{db:?}: {hostile}");
        }

        // Stored exactly as typed, and the table is still there.
        let browser = browser();
        let csrf = app.csrf(&browser, "/register").await;
        let response = browser
            .post(app.url("/register"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("first_name", SQL[3]),
                ("last_name", SQL[4]),
                ("email", "o'brien@example.com"),
                ("password", "violet tangerine harbour lantern"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{db:?}");
        let stored = app
            .app
            .store
            .user_by_email(&gatehouse::domain::Email::parse("o'brien@example.com").unwrap())
            .await
            .unwrap()
            .expect("the account exists");
        assert_eq!(
            (stored.first_name.as_str(), stored.last_name.as_str()),
            (SQL[3], SQL[4]),
            "{db:?}"
        );
        let users_after = app.api(key, Method::GET, "/users?limit=100", None).await.1;
        for email in [
            "root@example.com",
            "advocate@example.com",
            "admin@example.com",
        ] {
            assert!(
                users_before.to_string().contains(email) && users_after.to_string().contains(email),
                "{db:?}: {email} is still there"
            );
        }
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// CR and LF in values that come back in a `Location` header: encoded, never a new header.
#[tokio::test]
async fn line_breaks_in_redirected_values_add_no_header() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let hostile = "s\r\nSet-Cookie: planted=1\r\nLocation: https://evil.example/";
    let encoded = urlencode(hostile);
    let no_follow = browser();
    let urls = [
        // An error answer carries the state back to the registered URI.
        format!(
            "/authorize?client_id={}&redirect_uri={}&response_type=token&state={encoded}",
            client.id,
            urlencode(&client.redirect_uri)
        ),
        format!(
            "/authorize?client_id={}&redirect_uri={}&response_type=code&scope=openid&prompt=none&state={encoded}",
            client.id,
            urlencode(&client.redirect_uri)
        ),
        format!(
            "/end_session?client_id={}&post_logout_redirect_uri={}&state={encoded}",
            client.id,
            urlencode(&client.redirect_uri.replace("/callback", "/logged-out"))
        ),
        format!("/login?return_to={encoded}"),
        format!("/login?lang={encoded}"),
    ];
    let mut states_returned = 0;
    for path in urls {
        let response = no_follow.get(app.url(&path)).send().await.unwrap();
        assert!(
            !response.status().is_server_error(),
            "{path}: {}",
            response.status()
        );
        for cookie in response.headers().get_all("set-cookie") {
            assert!(
                !cookie.to_str().unwrap().contains("planted"),
                "{path} planted a cookie"
            );
        }
        let locations: Vec<_> = response.headers().get_all("location").iter().collect();
        assert!(locations.len() <= 1, "{path}: {locations:?}");
        if let Some(location) = locations.first() {
            let location = location.to_str().unwrap();
            assert!(
                !location.contains("evil.example/") || location.contains("%2F"),
                "{path}: {location}"
            );
            assert!(!location.contains('\r') && !location.contains('\n'));
            if location.starts_with(&client.redirect_uri[..20]) {
                assert_eq!(
                    query_param(location, "state").as_deref(),
                    Some(hostile),
                    "{path}: the state comes back as sent"
                );
                states_returned += 1;
            }
        }
    }
    assert!(
        states_returned >= 2,
        "the error answers and the sign-out carried the state back ({states_returned})"
    );
}

//! Issue 12: the pages as a new user meets them. Each test is one rough edge a new user hit,
//! driven through HTTP as a browser would (and the layout ones in Chromium).

use crate::helpers::*;
use crate::mfa::{enroll_from_account, password_session, password_then_code_step, submit_code};

async fn sign_up(
    app: &TestApp,
    first: &str,
    last: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let browser = browser();
    let csrf = app.csrf(&browser, "/register").await;
    browser
        .post(app.url("/register"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("first_name", first),
            ("last_name", last),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_made_of_ones_own_name_is_refused() {
    let app = spawn_app().await;
    for password in [
        "Grace Hopper",
        "grace hopper 1",
        "hopper.grace!!",
        "GraceHopper2024",
        "grace@hopper.example",
    ] {
        let response = sign_up(&app, "Grace", "Hopper", "grace@hopper.example", password).await;
        assert_eq!(response.status(), 422, "{password}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("too close to your name"),
            "{password}"
        );
    }
    // Her name plus enough words of her own is fine.
    let response = sign_up(
        &app,
        "Grace",
        "Hopper",
        "grace@hopper.example",
        "grace plays violet tangerine lanterns",
    )
    .await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn signing_in_while_signed_in_says_who_and_dead_ends_have_a_way_out() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&ada, "/login").await;
    assert!(page.contains("You are signed in as Ada Lovelace."));
    assert!(page.contains("href=\"/account\""));
    // Every page's logo leads home; message pages (404 here) offer a way on.
    let (status, page) = app.get_page(&browser(), "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(page.contains("<a class=\"brand\" href=\"/\""));
    assert!(page.contains("href=\"/login\"") && page.contains("href=\"/account\""));
    // Account pages can sign out.
    let (_, page) = app.get_page(&ada, "/account/profile").await;
    assert!(page.contains("href=\"/end_session\""));
    // ... and say who is signed in, on every one of them.
    for path in [
        "/account",
        "/account/sessions",
        "/account/authorities",
        "/account/delete",
    ] {
        let (_, page) = app.get_page(&ada, path).await;
        assert!(
            page.contains("Signed in as <strong>Ada Lovelace</strong>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_console_while_signed_out_comes_back_to_the_console_after_signing_in() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let browser = browser();
    let response = browser
        .get(app.url("/admin/users?q=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login");
    let signed = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "root@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed), "/admin/users?q=x");
    // Once: the next sign-in goes to the account as usual.
    let again = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "root@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&again), "/account");
    // A forged return cookie pointing elsewhere is ignored.
    let forged = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = forged.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gh_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
    for evil in [
        "//evil.example/admin",
        "https://evil.example",
        "/admin/../../x\\y",
        "/adminx",
    ] {
        let response = forged
            .post(app.url("/login"))
            .header("cookie", format!("{csrf_cookie}; gh_return={evil}"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "root@example.com"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/account", "{evil}");
    }
}

#[tokio::test]
async fn a_wrong_recovery_code_is_not_blamed_on_the_phones_clock() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, codes) = enroll_from_account(&app, &browser).await;
    assert_eq!(codes.len(), 10);
    let fresh = crate::helpers::browser();
    let step = password_then_code_step(&app, &fresh, &app.url("/login"), "ada@example.com").await;
    let response = submit_code(&app, &fresh, &step, "zzzz-zzzz-zzzz").await;
    let html = response.text().await.unwrap();
    assert!(html.contains("recovery code is not right"), "{html}");
    assert!(!html.contains("clock"));
    let response = submit_code(&app, &fresh, &step, "000000").await;
    assert!(response.text().await.unwrap().contains("clock"));
}

#[tokio::test]
async fn recovery_codes_can_be_downloaded_in_one_go() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &browser).await;
    // Renewing shows a fresh set, with a download link holding every code of it.
    let response = app
        .post_form_from(
            &browser,
            "/account/security",
            "/account/security/recovery-codes",
            &[("password", PASSWORD)],
        )
        .await;
    let html = response.text().await.unwrap();
    let codes: Vec<&str> = html
        .split("<li><code>")
        .skip(1)
        .filter_map(|c| c.split("</code>").next())
        .collect();
    assert_eq!(codes.len(), 10, "{html}");
    let link = html
        .split("href=\"data:text/plain;charset=utf-8,")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a download link");
    assert_eq!(
        link,
        codes.iter().map(|c| format!("{c}%0A")).collect::<String>()
    );
}

#[tokio::test]
async fn unverified_sign_ups_are_not_listed_as_active() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    sign_up(
        &app,
        "New",
        "Comer",
        "new@example.com",
        "violet tangerine harbour lantern",
    )
    .await;
    let admin = app.sign_in("root@example.com", PASSWORD).await;
    let (_, page) = app
        .get_page(&admin, "/admin/users?q=new%40example.com")
        .await;
    assert!(page.contains("unverified"), "{page}");
}

/// The consent buttons sit side by side, equal in height; the console works at 390 px.
#[tokio::test]
async fn consent_buttons_align_and_the_console_fits_a_phone() {
    use crate::browser::{chromium, click, fill, screenshots, wait_for_url};
    use fantoccini::Locator;
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let mut spec = ClientSpec::confidential();
    spec.first_party = false;
    spec.name = "Third Party App";
    let client = app.add_client(spec).await;
    let (auth, _) = pkce_authorize_url(&app, &client, "openid email profile");
    browser.goto(&auth).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("password"))
        .await
        .unwrap();
    fill(&browser, "email", "root@example.com").await;
    fill(&browser, "password", PASSWORD).await;
    click(&browser, "button[type=submit]").await;
    wait_for_url(&browser, "/consent").await;
    browser
        .wait()
        .for_element(Locator::Css("button[value=allow]"))
        .await
        .unwrap();
    for (width, height) in [(1100, 900), (390, 844)] {
        browser.set_window_size(width, height).await.unwrap();
        let boxes = browser
            .execute(
                "const r = b => document.querySelector(b).getBoundingClientRect(); \
                 const d = r('button[value=deny]'), a = r('button[value=allow]'); \
                 return [d.top, a.top, d.height, a.height];",
                vec![],
            )
            .await
            .unwrap();
        let b: Vec<f64> = serde_json::from_value(boxes).unwrap();
        assert!(
            (b[0] - b[1]).abs() < 1.0 && (b[2] - b[3]).abs() < 1.0,
            "at {width} px: {b:?}"
        );
    }
    screenshots(&browser, "consent").await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/users/new",
        "/admin/clients",
        "/admin/audit",
        "/admin/privileges",
        "/account",
    ] {
        browser.goto(&app.url(path)).await.unwrap();
        browser
            .wait()
            .for_element(Locator::Css("h1"))
            .await
            .unwrap();
        let name = format!("page{}", path.replace('/', "-"));
        screenshots(&browser, &name).await;
    }
    browser.close().await.unwrap();
}

#[tokio::test]
async fn the_audit_log_names_people_and_kinds_and_filters_by_date() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let admin = app.sign_in("root@example.com", PASSWORD).await;
    let (status, page) = app.get_page(&admin, "/admin/audit?kind=sign_in").await;
    assert_eq!(status, 200);
    assert!(page.contains(">Sign in</a>"), "kinds read as words");
    assert!(
        page.contains(">root@example.com</a>"),
        "users by address, not id"
    );
    assert!(page.contains("<option value=\"sign_in_failed\">Sign in failed</option>"));
    assert!(page.contains("<option value=\"sign_in\" selected>"));
    // A range that ends before today finds nothing; one that includes today finds the sign-in.
    let (_, page) = app
        .get_page(&admin, "/admin/audit?kind=sign_in&until=2001-01-01")
        .await;
    assert!(page.contains("No events match."));
    let today = time::OffsetDateTime::from_unix_timestamp(app.clock.now_secs())
        .unwrap()
        .date();
    let (_, page) = app
        .get_page(
            &admin,
            &format!("/admin/audit?kind=sign_in&from={today}&until={today}"),
        )
        .await;
    assert!(page.contains(">root@example.com</a>"));
    // Hostile filters are shown back escaped, and never fail.
    let (status, page) = app
        .get_page(
            &admin,
            "/admin/audit?q=%3Cscript%3E&from=nonsense&user=%27%20OR%201%3D1",
        )
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn people_download_their_data_and_nothing_secret_or_foreign_is_in_it() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    app.add_user("bob@example.com", &["user"]).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let response = ada.get(app.url("/account/data")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["email"], "ada@example.com");
    assert_eq!(data["privileges"], serde_json::json!(["user"]));
    assert!(!data["sessions"].as_array().unwrap().is_empty());
    assert!(
        data["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "sign_in")
    );
    assert!(!text.contains("$argon2") && !text.contains("bob@example.com"));
    // Signed out, there is nothing to download.
    let response = browser()
        .get(app.url("/account/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login");
}

#[tokio::test]
async fn people_delete_their_own_account_once_they_confirm_it_is_them() {
    let app = spawn_app().await;
    let ada_id = app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let back = follow(&app, &ada, url).await;
    let code = query_param(&location(&back), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();

    // No CSRF token: refused. No confirmation: refused, nothing erased.
    assert_eq!(
        app.post(&ada, "/account/delete", &[("confirm", "yes")])
            .await
            .status(),
        403
    );
    let response = app.post_form(&ada, "/account/delete", &[]).await;
    assert_eq!(response.status(), 422);
    // An old session must type the password again; a wrong one erases nothing.
    app.clock
        .advance(app.settings.mfa.reauthentication_secs + 60);
    let (_, page) = app.get_page(&ada, "/account/delete").await;
    assert!(page.contains("name=\"password\""));
    let response = app
        .post_form(
            &ada,
            "/account/delete",
            &[("confirm", "yes"), ("password", "not my password at all")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(app.app.store.user_by_id(&ada_id).await.unwrap().is_some());
    let response = app
        .post_form(
            &ada,
            "/account/delete",
            &[("confirm", "yes"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Your account is deleted")
    );
    assert!(app.app.store.user_by_id(&ada_id).await.unwrap().is_none());
    let (status, _) = app.get_page(&ada, "/account").await;
    assert_eq!(status, 303);
    let seen: serde_json::Value = reqwest::Client::new()
        .post(app.url("/introspect"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["active"], false);
    // The trail keeps the id only.
    let trail = app
        .app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            user_id: Some(ada_id.clone()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(trail.iter().any(|e| e.kind == "account_deleted"));
    assert!(
        trail
            .iter()
            .all(|e| !e.detail.contains("ada@example.com") && e.ip.is_empty()),
        "{trail:?}"
    );
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_their_own_account() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    // The bootstrap administrator steps down, so root is the last one.
    if let Some(bootstrap) = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("admin@example.com").unwrap())
        .await
        .unwrap()
    {
        app.app
            .store
            .set_active(&bootstrap.id, false, 0)
            .await
            .unwrap();
    }
    let browser = app.sign_in("root@example.com", PASSWORD).await;
    let response = app
        .post_form(&browser, "/account/delete", &[("confirm", "yes")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("last active administrator")
    );
    assert!(app.app.store.user_by_id(&root).await.unwrap().is_some());
}

#[tokio::test]
async fn consent_shows_the_clients_logo_policy_and_terms_and_lets_someone_else_sign_in() {
    use reqwest::Method;
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    app.add_user("ada@example.com", &["user"]).await;
    let key =
        crate::attacks::key_with(&app, &root, &[gatehouse::domain::Capability::ManageClients])
            .await;
    let body = serde_json::json!({
        "client_id": "shop", "name": "Shop", "redirect_uris": ["https://shop.example/cb"],
        "logo_uri": "https://cdn.shop.example/logo.png", "policy_uri": "https://shop.example/privacy",
        "tos_uri": "https://shop.example/terms"});
    let (status, created) = app
        .api(Some(&key), Method::POST, "/clients", Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["logo_uri"], "https://cdn.shop.example/logo.png");
    // Only https (or loopback http) links, never script.
    for bad in [
        "javascript:alert(1)",
        "http://shop.example/logo.png",
        "not a url",
    ] {
        let body = serde_json::json!({"name": "Bad", "redirect_uris": ["https://b.example/cb"], "logo_uri": bad});
        let (status, answer) = app
            .api(Some(&key), Method::POST, "/clients", Some(body))
            .await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(answer["field"], "logo_uri");
    }
    let client = RegisteredClient {
        id: "shop".into(),
        secret: None,
        redirect_uri: "https://shop.example/cb".into(),
    };
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let (url, _) = pkce_authorize_url(&app, &client, "openid email");
    let page = follow(&app, &ada, url).await;
    assert!(page.url().path().ends_with("/consent"));
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("img-src 'self' data: https://cdn.shop.example;"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("src=\"https://cdn.shop.example/logo.png\""));
    assert!(
        html.contains("href=\"https://shop.example/privacy\"")
            && html.contains("href=\"https://shop.example/terms\"")
    );
    // "Not you?": this browser is signed out and lands on the sign-in form for the same request.
    let req = hidden_value(&html, "req");
    let switched = app
        .post(
            &ada,
            "/consent/switch",
            &[("csrf", &hidden_value(&html, "csrf")), ("req", &req)],
        )
        .await;
    assert_eq!(location(&switched), format!("/login?req={req}"));
    let (status, _) = app.get_page(&ada, "/account").await;
    assert_eq!(status, 303, "signed out");
    // Without the CSRF token nobody can sign someone out from another site.
    let bob = app.sign_in("root@example.com", PASSWORD).await;
    let forged = app.post(&bob, "/consent/switch", &[("req", &req)]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.get_page(&bob, "/account").await.0, 200);
}

#[tokio::test]
async fn profile_codes_are_chosen_from_lists_and_times_follow_the_profile() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let ada = app.sign_in("ada@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&ada, "/account/profile").await;
    assert!(page.contains("<select id=\"country\""));
    assert!(page.contains("<option value=\"BE\">Belgium</option>"));
    assert!(page.contains("<option value=\"Europe/Brussels\">Europe/Brussels</option>"));
    assert!(page.contains("<option value=\"de-CH\">Deutsch (Schweiz)</option>"));
    let response = app
        .post_form(
            &ada,
            "/account/profile",
            &[
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
                ("country", "BE"),
                ("timezone", "Europe/Brussels"),
                ("language", "fr-BE"),
                ("date_format", "DD.MM.YYYY"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_page(&ada, "/account/profile").await;
    assert!(page.contains("<option value=\"BE\" selected>Belgium</option>"));
    // A hostile value is refused with a message free of Markdown.
    let response = app
        .post_form(
            &ada,
            "/account/profile",
            &[
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
                ("country", "Belgium"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("“Belgium”") && !html.contains('`'));
    // The sessions page speaks Brussels time in her date format.
    let (_, page) = app.get_page(&ada, "/account/sessions").await;
    let local = chrono::DateTime::from_timestamp(app.clock.now_secs(), 0)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Brussels);
    let expected = local.format("%d.%m.%Y %H:%M %Z").to_string();
    assert!(page.contains(&expected), "{expected} in {page}");
    assert!(!page.contains(" UTC"));
}

#[tokio::test]
async fn a_users_console_page_shows_their_sessions_and_recent_events() {
    let app = spawn_app_with(Db::Sqlite, crate::admin::permissions).await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    app.add_user("advocate@example.com", &["advocate", "user"])
        .await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    app.sign_in("ada@example.com", PASSWORD).await;
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&root, &format!("/admin/users/{ada}")).await;
    assert!(page.contains("<h2>Sessions</h2>") && page.contains("127.0.0.1"));
    assert!(page.contains("<h2>Recent events</h2>") && page.contains("<td>Sign in</td>"));
    // Reading users does not include reading the audit trail.
    let advocate = app.sign_in("advocate@example.com", PASSWORD).await;
    let (_, page) = app
        .get_page(&advocate, &format!("/admin/users/{ada}"))
        .await;
    assert!(page.contains("<h2>Sessions</h2>") && !page.contains("Recent events"));
}

#[tokio::test]
async fn the_theme_comes_from_configuration_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let logo = dir.path().join("logo.svg");
    std::fs::write(&logo, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    let css = dir.path().join("site.css");
    std::fs::write(&css, "h1 { letter-spacing: .02em; }").unwrap();
    let (logo_path, css_path) = (logo.display().to_string(), css.display().to_string());
    let app = spawn_app_with(Db::Sqlite, move |s| {
        s.theme.primary_color = "#ff8000".into();
        s.theme.logo_file = logo_path;
        s.theme.stylesheet_file = css_path;
    })
    .await;
    let sheet = reqwest::get(app.url("/static/gatehouse.css"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sheet.contains("--brand: #ff8000") && sheet.contains("--brand-dark: #cc6600"));
    assert!(sheet.contains("h1 { letter-spacing: .02em; }"));
    assert!(sheet.contains("url(/static/logo)"));
    assert!(
        sheet.contains("prefers-color-scheme: dark"),
        "dark mode is built in"
    );
    let served = reqwest::get(app.url("/static/logo")).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    // Without a logo there is none to fetch, and the stylesheet does not ask for it.
    let plain = spawn_app().await;
    assert_eq!(
        reqwest::get(plain.url("/static/logo"))
            .await
            .unwrap()
            .status(),
        404
    );
    let sheet = reqwest::get(plain.url("/static/gatehouse.css"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!sheet.contains("url(/static/logo)"));
    // A bad colour or a missing file stops the start with the setting named.
    let mut settings = gatehouse::config::Settings::default();
    settings.theme.primary_color = "orange".into();
    let error = settings.validated().unwrap_err().to_string();
    assert!(error.contains("theme.primary_color"), "{error}");
    let mut settings = gatehouse::config::Settings::default();
    settings.theme.logo_file = "/no/such/logo.png".into();
    assert!(
        settings
            .validated()
            .unwrap_err()
            .to_string()
            .contains("theme.logo_file")
    );
}

#[tokio::test]
async fn session_lists_name_the_browser_and_system() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let firefox = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        )
        .build()
        .unwrap();
    let signed = submit_login(
        &app,
        &firefox,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(signed.status(), 303);
    let (_, page) = app.get_page(&firefox, "/account/sessions").await;
    assert!(page.contains("Firefox on Windows 10"), "{page}");
}

#[tokio::test]
async fn pages_speak_the_language_asked_for() {
    use gatehouse::i18n::Lang;
    // Every language has every message (the unit test checks the values; this one the files).
    for lang in Lang::ALL {
        assert_eq!(lang.message_ids(), Lang::En.message_ids(), "{lang}");
    }
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let get = |accept: Option<&'static str>, path: String| {
        let url = app.url(&path);
        async move {
            let mut request = reqwest::Client::new().get(url);
            if let Some(accept) = accept {
                request = request.header("accept-language", accept);
            }
            request.send().await.unwrap().text().await.unwrap()
        }
    };
    // The browser's language.
    let page = get(Some("de-CH, de;q=0.9, en;q=0.5"), "/login".into()).await;
    assert!(page.contains("<html lang=\"de\">") && page.contains("<h1>Anmelden</h1>"));
    let page = get(Some("fr"), "/login".into()).await;
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Mot de passe oublié ?"));
    let page = get(Some("ja"), "/login".into()).await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("<h1>Sign in</h1>"));
    // The relying party's ui_locales beats the browser.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (url, _) = pkce_authorize_url(&app, &client, "openid");
    let response = browser()
        .get(format!("{url}&ui_locales=fr-CA%20de"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let page = get(Some("de"), location(&response)).await;
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    // The switcher: ?lang= wins and is remembered.
    let switching = browser();
    let page = switching
        .get(app.url("/login?lang=de"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h1>Anmelden</h1>"));
    assert!(
        page.contains("href=\"/login?lang=fr\"")
            && page.contains("aria-current=\"true\" lang=\"de\"")
    );
    let page = switching
        .get(app.url("/login"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<h1>Anmelden</h1>"),
        "the choice is remembered"
    );
    // Pages without an application in view follow the same rules.
    let page = get(Some("de"), "/register".into()).await;
    assert!(page.contains("<html lang=\"de\">") && page.contains("<h1>Konto erstellen</h1>"));
    let page = get(Some("fr"), "/password/forgot".into()).await;
    assert!(page.contains("<h1>Réinitialiser votre mot de passe</h1>"));
    // Discovery says which.
    let meta: serde_json::Value = reqwest::get(app.url("/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        meta["ui_locales_supported"],
        serde_json::json!(["en", "de", "fr"])
    );
    // Hostile values fall back, never fail.
    let page = get(Some("<script>;q=abc, *"), "/login?lang=%3Cscript%3E".into()).await;
    assert!(page.contains("<html lang=\"en\">"));
}

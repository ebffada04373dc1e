//! How the pages look and speak: the client's details on consent, lists instead of codes,
//! the user's console page, the theme, device names, and languages.

use crate::helpers::*;

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
    // A key narrower than its owner (the audit log only) cannot swap the logo for its own.
    let narrow =
        crate::attacks::key_with(&app, &root, &[gatehouse::domain::Capability::ViewAuditLog]).await;
    let swap = serde_json::json!({"name": "Shop", "redirect_uris": ["https://shop.example/cb"],
        "logo_uri": "https://evil.example/logo.png"});
    let (status, _) = app
        .api(Some(&narrow), Method::PUT, "/clients/shop", Some(swap))
        .await;
    assert_eq!(status, 403);
    let stored = app.app.store.client_by_id("shop").await.unwrap().unwrap();
    assert_eq!(
        stored.links.logo_uri.as_deref(),
        Some("https://cdn.shop.example/logo.png")
    );
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
    assert!(
        html.contains("src=\"https://cdn.shop.example/logo.png\""),
        "{html}"
    );
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
    assert!(page.contains("<select id=\"country\""), "{page}");
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
    // She chose French (fr-BE): the list now names countries in French.
    assert!(page.contains("<option value=\"BE\" selected>Belgique</option>"));
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
    // Her profile says fr-BE: the page, and the reason, are French.
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(
        html.contains("« Belgium »") && !html.contains('`'),
        "{html}"
    );
    // The sessions page speaks Brussels time in her date format.
    let (_, page) = app.get_page(&ada, "/account/sessions").await;
    let local = chrono::DateTime::from_timestamp(app.clock.now_secs(), 0)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Brussels);
    let expected = local.format("%d.%m.%Y %H:%M %Z").to_string();
    assert!(page.contains(&expected), "{expected} in {page}");
    assert!(!page.contains(" UTC"));
}

/// The console shows times the way the administrator reads them, from their own profile.
#[tokio::test]
async fn console_times_follow_the_administrators_profile() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let root = app.sign_in("root@example.com", PASSWORD).await;
    let (_, before) = app.get_page(&root, "/admin/sessions").await;
    assert!(before.contains(" UTC"), "no profile: UTC");
    let saved = app
        .post_form(
            &root,
            "/account/profile",
            &[
                ("first_name", "Root"),
                ("last_name", "Admin"),
                ("timezone", "America/New_York"),
                ("date_format", "MM/DD/YYYY"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let local = chrono::DateTime::from_timestamp(app.clock.now_secs(), 0)
        .unwrap()
        .with_timezone(&chrono_tz::America::New_York);
    let expected = local.format("%m/%d/%Y").to_string();
    for path in ["/admin/sessions", "/admin/audit"] {
        let (_, page) = app.get_page(&root, path).await;
        assert!(page.contains(&expected), "{expected} on {path}: {page}");
        assert!(!page.contains(" UTC"), "{path}");
    }
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

//! Issue 12: the pages as a new user meets them. Each test is one rough edge a new user hit,
//! driven through HTTP as a browser would (and the layout ones in Chromium). Your data and
//! the account's deletion are in `own_data`; the look (languages, theme, lists, consent's
//! client details) in `look`.

mod languages;
mod look;
mod own_data;
mod templates;

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
    // The summary links to the field at fault, which is marked and keeps its hint; the
    // other fields are not marked.
    let refused = |email: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let response = sign_up(app, "Grace", "Hopper", email, password).await;
            assert_eq!(response.status(), 422);
            response.text().await.unwrap()
        }
    };
    let html = refused("grace@hopper.example", "Grace Hopper").await;
    assert!(html.contains("<a href=\"#password\">"), "{html}");
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"error-summary password-hint\""),
        "{html}"
    );
    assert_eq!(html.matches("aria-invalid").count(), 1, "{html}");
    let html = refused("not an address", "violet tangerine lanterns").await;
    assert!(html.contains("<a href=\"#email\">"), "{html}");
    assert!(
        html.contains("id=\"email\" name=\"email\" aria-invalid=\"true\""),
        "{html}"
    );
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
    use crate::browser::{chromium, screenshots};
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
    crate::browser::sign_in_at(&browser, &auth, "root@example.com", "/consent").await;
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
    // German's long words ("Zwei-Schritt-Anmeldung") and French's must fit a phone too: the
    // switcher's choice holds for every page.
    for lang in ["de", "fr"] {
        browser
            .goto(&app.url(&format!("/login?lang={lang}")))
            .await
            .unwrap();
        for path in [
            "/account",
            "/account/profile",
            "/account/security",
            "/account/sessions",
            "/admin",
            "/admin/users",
            "/admin/clients",
        ] {
            browser.goto(&app.url(path)).await.unwrap();
            browser
                .wait()
                .for_element(Locator::Css("h1"))
                .await
                .unwrap();
            let html = browser.source().await.unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{path} {lang}"
            );
            let name = format!("{lang}-page{}", path.replace('/', "-"));
            screenshots(&browser, &name).await;
        }
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

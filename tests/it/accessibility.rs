//! WCAG 2.2 AA, checked by axe-core (the npm package; `.ci/run` installs it and sets
//! `AXE_CORE` to its `axe.min.js`) in headless Chromium at desktop and phone widths on the
//! pages a person meets, signed out, signed in and in the console. Any violation fails.

use fantoccini::Locator;

use crate::browser::chromium;
use crate::helpers::*;

/// Runs axe on the page shown; returns the violations as "rule: target" lines.
async fn violations(browser: &fantoccini::Client, axe: &str) -> Vec<String> {
    browser
        .execute(&format!("{axe}\nreturn true;"), vec![])
        .await
        .unwrap();
    let result = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(result).unwrap()
}

#[tokio::test]
async fn every_page_passes_axe_at_both_widths() {
    let Some(axe_path) = required_env("AXE_CORE", "the accessibility check (axe-core)") else {
        return;
    };
    let axe = std::fs::read_to_string(&axe_path).expect("axe.min.js");
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let mut spec = ClientSpec::confidential();
    spec.first_party = false;
    spec.name = "Third Party App";
    let client = app.add_client(spec).await;
    let mut failures = Vec::new();
    let mut check = async |path: &str, wait: Locator<'_>| {
        browser.goto(&app.url(path)).await.unwrap();
        browser.wait().for_element(wait).await.unwrap();
        for (width, height) in [(1100, 900), (390, 844)] {
            browser.set_window_size(width, height).await.unwrap();
            for v in violations(&browser, &axe).await {
                failures.push(format!("{path} at {width} px: {v}"));
            }
        }
        browser.set_window_size(1100, 900).await.unwrap();
    };
    for path in [
        "/login",
        "/register",
        "/password/forgot",
        "/login/phone",
        "/no/such/page",
    ] {
        check(path, Locator::Css("h1")).await;
    }
    // Signed in: the consent page, then the account and console pages.
    let (auth, _) = pkce_authorize_url(&app, &client, "openid email profile");
    crate::browser::sign_in_at(&browser, &auth, "root@example.com", "/consent").await;
    let consent = browser.current_url().await.unwrap();
    let consent = format!("{}?{}", consent.path(), consent.query().unwrap_or_default());
    check(&consent, Locator::Css("button[value=allow]")).await;
    for path in ACCOUNT_AND_CONSOLE_PAGES {
        check(path, Locator::Css("h1")).await;
    }
    // German and French pages (longer words, other quotes) pass as well.
    for lang in ["de", "fr"] {
        browser
            .goto(&app.url(&format!("/login?lang={lang}")))
            .await
            .unwrap();
        for path in ["/account", "/account/security", "/admin/users"] {
            check(path, Locator::Css("h1")).await;
        }
    }
    // A form sent back with an error summary: it and the marked field pass too.
    browser.goto(&app.url("/account/profile")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("country"))
        .await
        .unwrap();
    browser
        .execute(
            "const c = document.getElementById('country'); \
             c.add(new Option('Belgium', 'Belgium', true, true)); c.form.submit();",
            vec![],
        )
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Id("error-summary"))
        .await
        .unwrap();
    for (width, height) in [(1100, 900), (390, 844)] {
        browser.set_window_size(width, height).await.unwrap();
        for v in violations(&browser, &axe).await {
            failures.push(format!("profile with errors at {width} px: {v}"));
        }
    }
    browser.set_window_size(1100, 900).await.unwrap();
    crate::browser::screenshots(&browser, "profile-errors").await;
    browser.close().await.unwrap();
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

/// Keyboard only: the first Tab reaches "Skip to content", Enter lands in the page's main
/// part, and focus is visible (an outline) on links.
#[tokio::test]
async fn the_keyboard_skips_to_the_content_and_focus_is_visible() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let app = spawn_app().await;
    for path in ["/no/such/page", "/password/forgot"] {
        browser.goto(&app.url(path)).await.unwrap();
        browser
            .wait()
            .for_element(Locator::Css("h1"))
            .await
            .unwrap();
        // Start from the page itself, whatever an autofocus chose.
        browser
            .execute(
                "document.body.tabIndex = -1; document.body.focus();",
                vec![],
            )
            .await
            .unwrap();
        let body = browser.find(Locator::Css("body")).await.unwrap();
        body.send_keys("\u{E004}").await.unwrap();
        let focused = browser
            .execute(
                "const a = document.activeElement; return [a.textContent.trim(), getComputedStyle(a).outlineStyle];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            focused,
            serde_json::json!(["Skip to content", "solid"]),
            "{path}"
        );
        let skip = browser.active_element().await.unwrap();
        skip.send_keys("\u{E007}").await.unwrap();
        let now = browser
            .execute("return document.activeElement.id;", vec![])
            .await
            .unwrap();
        assert_eq!(now, serde_json::json!("main"), "{path}");
    }
    browser.close().await.unwrap();
}

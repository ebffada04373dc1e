//! Finding 12: CSRF tokens are bound to the session they were made for.

use crate::helpers::*;

/// A browser whose cookies the test can read, as an attacker who can plant cookies (a sibling
/// subdomain, plain http) could.
fn readable_browser() -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (client, jar)
}

fn cookie_value(jar: &reqwest::cookie::Jar, url: &str, name: &str) -> String {
    use reqwest::cookie::CookieStore;
    let header = jar.cookies(&url.parse().unwrap()).expect("cookies");
    header
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_string()
}

/// Finding 12: a CSRF token is bound to the session it was made for. An attacker who plants
/// their own CSRF cookie in a victim's browser cannot use the token that goes with it.
#[tokio::test]
async fn a_csrf_token_works_only_in_its_own_session() {
    let app = spawn_app().await;
    app.add_user("mallory@example.com", &["user"]).await;
    app.add_user("victim@example.com", &["user"]).await;
    let (attacker, attacker_jar) = readable_browser();
    let signed_in = submit_login(
        &app,
        &attacker,
        &app.url("/login"),
        "mallory@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let page = attacker
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let attacker_token = hidden_value(&page, "csrf");
    let attacker_csrf = cookie_value(&attacker_jar, &app.issuer, "gh_csrf");

    let (victim, victim_jar) = readable_browser();
    let signed_in = submit_login(
        &app,
        &victim,
        &app.url("/login"),
        "victim@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let victim_session = cookie_value(&victim_jar, &app.issuer, "gh_session");

    // The victim's session with the attacker's planted cookie and matching token.
    let forged = reqwest::Client::new()
        .post(app.url("/logout"))
        .header(
            "cookie",
            format!("gh_session={victim_session}; gh_csrf={attacker_csrf}"),
        )
        .form(&[("csrf", attacker_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a token from another session is refused"
    );
    assert_eq!(
        victim
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // A token minted before sign-in does not survive it either.
    let (browser, _) = readable_browser();
    let login = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let before = hidden_value(&login, "csrf");
    let signed_in = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "victim@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let stale = browser
        .post(app.url("/logout"))
        .form(&[("csrf", before.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 403);

    // The browser's own token in its own session works (so the refusals above mean something).
    let page = victim
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let own = victim
        .post(app.url("/logout"))
        .form(&[("csrf", hidden_value(&page, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert_ne!(
        victim
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

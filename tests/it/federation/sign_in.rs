//! Signing in through a provider from a relying party: the account made at first sign-in,
//! the returning sign-in, what the tokens say, sign-up rules, second factors after the
//! provider, and what goes upstream.

use super::fakes::oidc::FakeUser;
use super::harness::*;
use crate::helpers::*;
use crate::oidc_flow::jwt_claims;

/// The provider button's link on a sign-in page.
pub fn button(html: &str, id: &str) -> String {
    link_starting(html, &format!("/login/federated/{id}"))
}

/// The first link on the page whose target starts with `prefix`.
pub fn link_starting(html: &str, prefix: &str) -> String {
    let id = prefix;
    let marker = format!("href=\"{prefix}");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} button on the page:\n{html}"))
        + "href=\"".len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].replace("&amp;", "&")
}

/// A relying party's authorization request, through the sign-in page and the `acme` button,
/// to the code; returns (code, verifier).
pub async fn code_through_acme(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &RegisteredClient,
    extra: &str,
) -> (String, String) {
    let (url, verifier) = pkce_authorize_url(app, client, "openid email profile privileges");
    let login = follow(app, browser, format!("{url}{extra}")).await;
    assert_eq!(login.status(), 200, "the sign-in page");
    let html = login.text().await.unwrap();
    let done = through_provider(app, browser, &button(&html, "acme")).await;
    assert!(
        done.status().is_redirection(),
        "back to the client, got {}: {}",
        done.status(),
        done.text().await.unwrap_or_default()
    );
    let back = location(&done);
    assert!(
        back.starts_with(&client.redirect_uri),
        "to the client: {back}"
    );
    assert_eq!(query_param(&back, "state").as_deref(), Some("st"));
    (query_param(&back, "code").expect("a code"), verifier)
}

#[tokio::test]
async fn a_first_sign_in_creates_the_account_and_the_tokens_say_how() {
    let (app, fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let before = user_count(&app).await;
    let browser = browser();
    let (code, verifier) = code_through_acme(&app, &browser, &client, "").await;

    // What went upstream: fresh values of our own, PKCE, the fixed callback.
    let sent = fake.last_authorize();
    for name in ["state", "nonce"] {
        assert!(sent[name].len() >= 43, "{name} carries 256 bits");
        assert_ne!(sent[name], "st", "never the relying party's value");
    }
    assert_ne!(sent["state"], sent["nonce"]);
    assert_eq!(sent["code_challenge_method"], "S256");
    assert_eq!(
        sent["redirect_uri"],
        app.url("/login/federated/acme/callback")
    );
    assert!(!sent.contains_key("prompt"), "no prompt unless asked for");
    let token_form = fake.last_token_form().expect("a token request");
    assert!(
        token_form["code_verifier"].len() >= 43,
        "the PKCE verifier went to the token endpoint"
    );

    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["amr"], serde_json::json!(["fed"]));
    assert_eq!(id["idp"], "acme");
    assert_eq!(
        id["acr"], "urn:gatehouse:acr:password",
        "one factor is not mfa"
    );
    assert_eq!(id["email"], "grace@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["given_name"], "Grace");
    assert_eq!(id["privileges"], serde_json::json!(["user"]));
    let access = jwt_claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(access["idp"], "acme");

    assert_eq!(user_count(&app).await, before + 1, "one account made");
    let user_id = id["sub"].as_str().unwrap();
    let links = app.app.store.upstream_links_of(user_id).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].provider_id.as_str(), links[0].subject.as_str()),
        ("acme", "grace")
    );
    let trail = app.app.store.audit_events(Some(user_id), 10).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_up" && e.detail == "through acme")
    );
    assert!(
        trail
            .iter()
            .any(|e| e.kind == "sign_in" && e.detail == "upstream:acme")
    );
    let user = app.app.store.user_by_id(user_id).await.unwrap().unwrap();
    assert!(user.password_hash.is_none(), "no password was made up");
}

#[tokio::test]
async fn a_returning_identity_signs_in_its_user_even_with_a_new_email() {
    let (app, fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let (code, verifier) = code_through_acme(&app, &browser(), &client, "").await;
    let first = jwt_claims(
        exchange_code(&app, &client, &code, &verifier).await["id_token"]
            .as_str()
            .unwrap(),
    );
    let count = user_count(&app).await;

    fake.edit_user("grace", |u| u.email = Some("grace@navy.example".into()));
    let (code, verifier) = code_through_acme(&app, &browser(), &client, "").await;
    let again = jwt_claims(
        exchange_code(&app, &client, &code, &verifier).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(again["sub"], first["sub"], "the same account");
    assert_eq!(
        again["email"], "grace@example.com",
        "our address, not the upstream one"
    );
    assert_eq!(user_count(&app).await, count, "no second account");
    let links = app
        .app
        .store
        .upstream_links_of(first["sub"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(
        links[0].email.as_deref(),
        Some("grace@navy.example"),
        "last seen upstream address"
    );
}

#[tokio::test]
async fn an_untrusted_or_unverified_email_is_not_taken() {
    // Not trusted for e-mail: the account is made without an address.
    let (app, _fake) = with_acme(|_| {}, |_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let (code, verifier) = code_through_acme(&app, &browser(), &client, "").await;
    let id = jwt_claims(
        exchange_code(&app, &client, &code, &verifier).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert!(id.get("email").is_none(), "no address: {id}");
    let user = app
        .app
        .store
        .user_by_id(id["sub"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.email, None);
    assert_eq!(user.first_name, "Grace");

    // Trusted, but the provider says unverified: the same.
    let (app, fake) = with_acme(|p| p.trust_email = true, |_| {}).await;
    fake.add_user(FakeUser::new("mallory", Some("victim@example.com"), false));
    let client = app.add_client(ClientSpec::confidential()).await;
    let (code, verifier) = code_through_acme(&app, &browser(), &client, "").await;
    let id = jwt_claims(
        exchange_code(&app, &client, &code, &verifier).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert!(id.get("email").is_none());
}

#[tokio::test]
async fn sign_up_through_a_provider_follows_registration_or_allow_sign_up() {
    let (app, _fake) = with_acme(|_| {}, |s| s.accounts.allow_registration = false).await;
    let before = user_count(&app).await;
    let browser = browser();
    let (status, html) =
        body(through_provider(&app, &browser, "/login/federated/acme").await).await;
    assert_eq!(status, 403, "{html}");
    assert!(html.contains("no account here"), "{html}");
    assert!(html.contains("href=\"/login\""), "a way back");
    assert_eq!(user_count(&app).await, before, "nothing created");
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 303, "no session");

    let (app, _fake) = with_acme(
        |p| p.allow_sign_up = true,
        |s| s.accounts.allow_registration = false,
    )
    .await;
    let browser = crate::helpers::browser();
    let done = through_provider(&app, &browser, "/login/federated/acme").await;
    assert_eq!(done.status(), 200, "signed in, on the account page");
    assert!(done.url().path().ends_with("/account"));
}

#[tokio::test]
async fn the_second_factor_policy_applies_after_the_provider() {
    let (app, fake) = with_acme(
        |p| p.trust_email = true,
        |s| {
            default_mfa_policy(s);
            s.accounts.new_user_privileges = vec!["user".into(), "developer".into()];
        },
    )
    .await;
    let browser = browser();
    let callback = to_callback(&app, &browser, "/login/federated/acme").await;
    let answer = browser.get(&callback).send().await.unwrap();
    assert_eq!(answer.status(), 303);
    assert!(
        location(&answer).starts_with("/login/two-factor"),
        "set up a second factor first"
    );
    let (status, _) = app.get_page(&browser, "/account").await;
    assert_eq!(status, 303, "no session before the second factor");

    // A provider trusted for MFA that says it did MFA: no second step here.
    let (app, fake2) = with_acme(
        |p| p.trust_upstream_mfa = true,
        |s| {
            default_mfa_policy(s);
            s.accounts.new_user_privileges = vec!["user".into(), "developer".into()];
        },
    )
    .await;
    fake2.edit_user("grace", |u| u.amr = vec!["pwd".into(), "mfa".into()]);
    let client = app.add_client(ClientSpec::confidential()).await;
    let (code, verifier) = code_through_acme(&app, &crate::helpers::browser(), &client, "").await;
    let id = jwt_claims(
        exchange_code(&app, &client, &code, &verifier).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(id["amr"], serde_json::json!(["fed", "mfa"]));
    assert_eq!(id["acr"], "urn:gatehouse:acr:mfa");
    drop(fake);
}

#[tokio::test]
async fn prompt_login_and_max_age_go_upstream() {
    let (app, fake) = with_acme(|_| {}, |_| {}).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    code_through_acme(&app, &browser(), &client, "&prompt=login&max_age=60").await;
    let sent = fake.last_authorize();
    assert_eq!(sent.get("prompt").map(String::as_str), Some("login"));
    assert_eq!(sent.get("max_age").map(String::as_str), Some("60"));
}

#[tokio::test]
async fn the_sign_in_page_shows_enabled_providers_only() {
    let (app, _fake) = with_acme(|p| p.label = "Sign in with Acme SSO".into(), |_| {}).await;
    let (_, html) = app.get_page(&browser(), "/login").await;
    assert!(html.contains("Sign in with Acme SSO"));
    assert!(html.contains("href=\"/login/federated/acme\""));

    let (app, _fake) = with_acme(|p| p.enabled = false, |_| {}).await;
    let browser = browser();
    let (_, html) = app.get_page(&browser, "/login").await;
    assert!(
        !html.contains("/login/federated/acme"),
        "a disabled provider has no button"
    );
    let (status, _) = app.get_page(&browser, "/login/federated/acme").await;
    assert_eq!(status, 404, "and cannot be started");
}

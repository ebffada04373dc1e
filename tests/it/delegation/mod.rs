//! Issue 11: acting for another user (Lino's authorities), RFC 8693 token exchange, service
//! accounts, and the rest of the user model (nickname, initials, username). This module holds
//! the cast the tests share: Grace gives authorities, Hal holds them, Sam is a stranger.

mod acting;
mod admin;
mod exchange;
mod pages;
mod profile;
mod service_accounts;

use gatehouse::domain::{Authority, GrantType};
use serde_json::Value;

use crate::helpers::*;
use crate::oidc_flow::jwt_claims;

pub const GRACE: &str = "grace@example.com";
pub const HAL: &str = "hal@example.com";
pub const SAM: &str = "sam@example.com";

pub struct Cast {
    pub app: TestApp,
    pub grace: String,
    pub hal: String,
    pub sam: String,
    /// A first-party client for sign-ins and token exchange.
    pub client: RegisteredClient,
    /// Another client, for authorities that do not cover it.
    pub other: RegisteredClient,
}

/// Sets a user's names (the harness gives everyone the same).
pub async fn rename(app: &TestApp, id: &str, first: &str, last: &str) {
    app.app
        .store
        .update_profile(
            id,
            &gatehouse::store::Names {
                first,
                last,
                nickname: "",
                initials: "",
            },
            &Default::default(),
            app.clock.now_secs(),
        )
        .await
        .unwrap();
}

pub async fn cast(db: Db) -> Cast {
    let app = spawn_app_with(db, |_| {}).await;
    let grace = app.add_user(GRACE, &["user", "advocate", "trainer"]).await;
    let hal = app.add_user(HAL, &["user"]).await;
    let sam = app.add_user(SAM, &["user"]).await;
    rename(&app, &grace, "Grace", "Hopper").await;
    rename(&app, &hal, "Hal", "Abelson").await;
    rename(&app, &sam, "Sam", "Stranger").await;
    let mut spec = ClientSpec::confidential();
    spec.grant_types.push(GrantType::TokenExchange);
    let client = app.add_client(spec).await;
    let mut other = ClientSpec::confidential();
    other.name = "Other App";
    other.redirect_uri = "http://127.0.0.1:9/other/callback".into();
    let other = app.add_client(other).await;
    Cast {
        app,
        grace,
        hal,
        sam,
        client,
        other,
    }
}

/// Grace (signed in as `browser`) fills in the Authorities form.
pub async fn give(
    app: &TestApp,
    browser: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_form_from(
        browser,
        "/account/authorities",
        "/account/authorities",
        fields,
    )
    .await
}

/// The newest authority `user_id` gave or holds.
/// `browser` presses a button of the Authorities page that posts the authority `id` to
/// `action` (`/account/authorities/revoke`, `/account/acting`).
pub async fn press(
    app: &TestApp,
    browser: &reqwest::Client,
    action: &str,
    id: &str,
) -> reqwest::Response {
    app.post_form_from(browser, "/account/authorities", action, &[("id", id)])
        .await
}

/// Whether the authority `id` is revoked, as stored.
pub async fn is_revoked(app: &TestApp, id: &str) -> bool {
    app.app
        .store
        .authority_by_id(id)
        .await
        .unwrap()
        .expect("the authority exists")
        .revoked_at
        .is_some()
}

pub async fn newest_authority(app: &TestApp, user_id: &str) -> Authority {
    app.app
        .store
        .authorities_of_user(user_id, 10)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("an authority")
}

/// Runs an authorization for `client` in a signed-in `browser`, answering the "Act as …"
/// chooser with `choice` (an authority id, or `self`) when it shows. Returns the response
/// that leaves Gatehouse (the redirect to the client), or the page it stopped at.
pub async fn authorize(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &RegisteredClient,
    scope: &str,
    extra: &[(&str, &str)],
    choice: Option<&str>,
) -> (reqwest::Response, String) {
    let (mut url, verifier) = pkce_authorize_url(app, client, scope);
    for (k, v) in extra {
        url.push_str(&format!("&{k}={}", urlencode(v)));
    }
    let response = follow(app, browser, url).await;
    if response.status() != 200 || !response.url().path().ends_with("/authorize/act-as") {
        return (response, verifier);
    }
    let Some(choice) = choice else {
        return (response, verifier);
    };
    let html = response.text().await.unwrap();
    let form = [
        ("csrf", hidden_value(&html, "csrf")),
        ("req", hidden_value(&html, "req")),
        ("choice", choice.to_string()),
    ];
    let posted = browser
        .post(app.url("/authorize/act-as"))
        .form(&form)
        .send()
        .await
        .unwrap();
    if !posted.status().is_redirection() {
        return (posted, verifier);
    }
    let next = location(&posted);
    if next.starts_with('/') {
        return (follow(app, browser, app.url(&next)).await, verifier);
    }
    (posted, verifier)
}

pub fn urlencode(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// The code in a redirect back to the client, exchanged: the token response.
pub async fn tokens_from(
    app: &TestApp,
    client: &RegisteredClient,
    response: &reqwest::Response,
    verifier: &str,
) -> Value {
    assert!(
        response.status().is_redirection(),
        "expected the redirect to the client, got {} at {}",
        response.status(),
        response.url()
    );
    let to = location(response);
    let code = query_param(&to, "code").unwrap_or_else(|| panic!("no code in {to}"));
    exchange_code(app, client, &code, verifier).await
}

pub async fn userinfo(app: &TestApp, access_token: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(app.url("/userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn introspect(app: &TestApp, client: &RegisteredClient, token: &str) -> Value {
    reqwest::Client::new()
        .post(app.url("/introspect"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn refresh(app: &TestApp, client: &RegisteredClient, token: &str) -> (u16, Value) {
    token_request(
        app,
        client,
        &[("grant_type", "refresh_token"), ("refresh_token", token)],
    )
    .await
}

pub fn claims(token: &Value) -> Value {
    jwt_claims(token.as_str().expect("a token"))
}

/// The mails to `to` containing `needle`, waiting up to two seconds for background sends.
pub async fn mails_with(app: &TestApp, to: &str, needle: &str) -> usize {
    for _ in 0..20 {
        let n = mails_to(app, to)
            .iter()
            .filter(|m| m.data.contains(needle))
            .count();
        if n > 0 {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    0
}

/// Adds privileges to the catalogue (the harness knows only the built-in ones).
pub async fn catalogue(app: &TestApp, names: &[&str]) {
    app.app
        .store
        .ensure_privileges(names, false, 0)
        .await
        .unwrap();
}

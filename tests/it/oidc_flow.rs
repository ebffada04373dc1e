//! End to end with `openidconnect` as the relying party: discovery, sign-in through the HTML
//! form, code exchange with PKCE, ID token verified against the JWKS, userinfo, refresh with
//! rotation, introspection, revocation, logout — and the ways each can go wrong.

use base64::Engine;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IntrospectionUrl, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RevocationUrl, Scope, TokenIntrospectionResponse, TokenResponse,
};
use serde_json::Value;

use crate::helpers::*;

type Rp = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointSet,
    EndpointSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

async fn relying_party(app: &TestApp, client: &RegisteredClient) -> Rp {
    let http = rp_http();
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(app.issuer.clone()).unwrap(), &http)
            .await
            .expect("discovery");
    CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client.id.clone()),
        client.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(client.redirect_uri.clone()).unwrap())
    .set_introspection_url(IntrospectionUrl::new(app.url("/introspect")).unwrap())
    .set_revocation_url(RevocationUrl::new(app.url("/revoke")).unwrap())
}

struct Started {
    url: String,
    state: CsrfToken,
    nonce: Nonce,
    verifier: PkceCodeVerifier,
}

fn start_auth(rp: &Rp, scopes: &[&str], extra: &[(&str, &str)]) -> Started {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in scopes {
        request = request.add_scope(Scope::new(scope.to_string()));
    }
    for (k, v) in extra {
        request = request.add_extra_param(*k, *v);
    }
    let (url, state, nonce) = request.url();
    Started {
        url: url.to_string(),
        state,
        nonce,
        verifier,
    }
}

/// The payload of a JWT, without verification (for claims openidconnect does not model).
/// The payload of a JWT, unverified (the tests verify signatures where that is the point).
pub fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("three parts");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

fn jwt_header(token: &str) -> Value {
    let header = token.split('.').next().expect("three parts");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap()
}

async fn introspect_raw(app: &TestApp, client: &RegisteredClient, token: &str) -> Value {
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

/// A code exchange whose outcome the test inspects (`exchange_code` asserts success).
async fn exchange_raw(
    app: &TestApp,
    client: &RegisteredClient,
    code: &str,
    verifier: &str,
) -> (u16, Value) {
    token_raw(
        app,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("code_verifier", verifier),
        ],
    )
    .await
}

async fn token_raw(
    app: &TestApp,
    client: &RegisteredClient,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["cache-control"], "no-store");
    (status, response.json().await.unwrap())
}

/// Signs in and returns the code from the redirect, checking state and iss.
async fn sign_in_for_code(
    app: &TestApp,
    browser: &reqwest::Client,
    started: &Started,
    email: &str,
) -> String {
    let callback = authorize_through_login(app, browser, &started.url, email).await;
    assert_eq!(
        query_param(&callback, "state").as_deref(),
        Some(started.state.secret().as_str())
    );
    assert_eq!(
        query_param(&callback, "iss").as_deref(),
        Some(app.issuer.as_str())
    );
    query_param(&callback, "code").expect("code in the redirect")
}

#[tokio::test]
async fn full_flow_with_a_real_relying_party() {
    let app = spawn_app().await;
    let user_id = app
        .add_user("ada@example.com", &["user", "developer"])
        .await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let http = rp_http();
    let browser = browser();

    let started = start_auth(
        &rp,
        &["openid", "email", "profile", "privileges", "offline_access"],
        &[],
    );
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;

    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("id token");
    let claims = id_token
        .claims(&rp.id_token_verifier(), &started.nonce)
        .expect("ID token verifies against the JWKS");
    assert_eq!(claims.subject().as_str(), user_id);
    assert_ne!(claims.subject().as_str(), "ada@example.com");
    assert_eq!(claims.email().map(|e| e.as_str()), Some("ada@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    let expected_hash = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&rp.id_token_verifier()).unwrap(),
    )
    .unwrap();
    assert_eq!(claims.access_token_hash(), Some(&expected_hash));
    let raw = jwt_claims(&id_token.to_string());
    assert_eq!(raw["privileges"], serde_json::json!(["developer", "user"]));
    assert_eq!(raw["amr"], serde_json::json!(["pwd"]));
    assert!(raw["sid"].is_string() && raw["auth_time"].is_i64());
    assert_eq!(raw["given_name"], "Ada");

    // The access token is an RFC 9068 JWT.
    let at = tokens.access_token().secret();
    assert_eq!(jwt_header(at)["typ"], "at+jwt");
    let at_claims = jwt_claims(at);
    assert_eq!(at_claims["client_id"], client.id.as_str());
    assert_eq!(at_claims["sub"], user_id.as_str());
    assert_eq!(
        at_claims["privileges"],
        serde_json::json!(["developer", "user"])
    );
    assert!(at_claims["jti"].is_string());

    // userinfo through the RP library.
    let info: CoreUserInfoClaims = rp
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(info.subject().as_str(), user_id);
    assert_eq!(info.email().map(|e| e.as_str()), Some("ada@example.com"));

    // Introspection sees it active.
    let introspection = rp
        .introspect(tokens.access_token())
        .request_async(&http)
        .await
        .expect("introspection");
    assert!(introspection.active());

    // Refresh with rotation.
    let refresh = tokens
        .refresh_token()
        .expect("refresh token for offline_access")
        .clone();
    let refreshed = rp
        .exchange_refresh_token(&refresh)
        .unwrap()
        .request_async(&http)
        .await
        .expect("refresh");
    let rotated = refreshed
        .refresh_token()
        .expect("a new refresh token")
        .clone();
    assert_ne!(rotated.secret(), refresh.secret());
    assert!(refreshed.id_token().is_some());

    // Revoking the rotated refresh token ends the grant: its access tokens die too.
    // (openidconnect refuses to send revocations over plain http, so this one is raw.)
    let revoked = reqwest::Client::new()
        .post(app.url("/revoke"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("token", rotated.secret().as_str()),
            ("token_type_hint", "refresh_token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    let after = rp
        .introspect(refreshed.access_token())
        .request_async(&http)
        .await
        .unwrap();
    assert!(
        !after.active(),
        "access token of a revoked grant is inactive"
    );
    assert!(
        rp.exchange_refresh_token(&rotated)
            .unwrap()
            .request_async(&http)
            .await
            .is_err()
    );

    // Logout with id_token_hint returns to the registered URI with state, and ends the session.
    let logout_uri = format!(
        "{}/logged-out",
        client.redirect_uri.trim_end_matches("/callback")
    );
    let response = browser
        .get(app.url("/end_session"))
        .query(&[
            ("id_token_hint", id_token.to_string().as_str()),
            ("post_logout_redirect_uri", logout_uri.as_str()),
            ("state", "bye"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{logout_uri}?state=bye"));
    let silent = start_auth(&rp, &["openid"], &[("prompt", "none")]);
    let response = browser.get(&silent.url).send().await.unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("login_required")
    );
}

#[tokio::test]
async fn replayed_code_is_refused_and_revokes_what_it_issued() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    let started = start_auth(&rp, &["openid", "offline_access"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", client.redirect_uri.as_str()),
        ("code_verifier", started.verifier.secret().as_str()),
    ];
    let (status, first) = token_raw(&app, &client, &form).await;
    assert_eq!(status, 200, "{first}");
    let access = first["access_token"].as_str().unwrap();
    assert_eq!(introspect_raw(&app, &client, access).await["active"], true);

    let (status, second) = token_raw(&app, &client, &form).await;
    assert_eq!(status, 400);
    assert_eq!(second["error"], "invalid_grant");
    assert_eq!(
        introspect_raw(&app, &client, access).await["active"],
        false,
        "replay revoked the access token"
    );
    let refresh = first["refresh_token"].as_str().unwrap();
    let (status, body) = token_raw(
        &app,
        &client,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "replay revoked the refresh token"
    );
}

#[tokio::test]
async fn reused_refresh_token_revokes_the_family() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let http = rp_http();
    let browser = browser();
    let started = start_auth(&rp, &["openid", "offline_access"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .unwrap();
    let first = tokens.refresh_token().unwrap().clone();
    let second = rp
        .exchange_refresh_token(&first)
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    let second_refresh = second.refresh_token().unwrap().clone();

    let (status, body) = token_raw(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", first.secret()),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    // The attacker's reuse also kills the legitimate holder's newer token and access token.
    assert!(
        rp.exchange_refresh_token(&second_refresh)
            .unwrap()
            .request_async(&http)
            .await
            .is_err()
    );
    assert_eq!(
        introspect_raw(&app, &client, second.access_token().secret()).await["active"],
        false
    );

    // Narrowing scope on refresh is allowed, widening is not.
    let started = start_auth(&rp, &["openid", "email", "offline_access"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .unwrap();
    let refresh = tokens.refresh_token().unwrap().secret().clone();
    let (status, body) = token_raw(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("scope", "openid profile"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    let (status, body) = token_raw(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("scope", "openid"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scope"], "openid");
}

#[tokio::test]
async fn wrong_pkce_verifier_expired_code_and_bad_secret_are_refused() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();

    let started = start_auth(&rp, &["openid"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let wrong = PkceCodeVerifier::new("x".repeat(43));
    let (status, body) = exchange_raw(&app, &client, &code, wrong.secret()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // Expired: the code lives 60 s.
    let started = start_auth(&rp, &["openid"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    app.clock.advance(61);
    let (status, body) = exchange_raw(&app, &client, &code, started.verifier.secret()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired")
    );

    // Bad client secret: 401 with a Basic challenge.
    let response = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, Some("not-the-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");

    // Unknown grant type and missing parameters use the RFC codes.
    let (status, body) = token_raw(&app, &client, &[("grant_type", "password")]).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, body) = token_raw(&app, &client, &[("grant_type", "authorization_code")]).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );
}

#[tokio::test]
async fn unregistered_redirect_uri_shows_an_error_and_never_redirects() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    for redirect in [
        "https://evil.example/callback",
        "http://127.0.0.1:9/callback/extra",
        "http://127.0.0.1:9/CALLBACK",
    ] {
        let response = browser
            .get(app.url("/authorize"))
            .query(&[
                ("client_id", client.id.as_str()),
                ("redirect_uri", redirect),
                ("response_type", "code"),
                ("scope", "openid"),
                ("state", "s"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{redirect}");
        assert!(response.headers().get("location").is_none());
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("has not registered")
        );
    }
    let response = browser
        .get(app.url("/authorize?client_id=nope&redirect_uri=https://evil.example/cb&response_type=code&scope=openid"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());

    // Once the redirect URI is trusted, errors go back to it with state and iss.
    let response = browser
        .get(app.url("/authorize"))
        .query(&[
            ("client_id", client.id.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("response_type", "token"),
            ("scope", "openid"),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    let target = location(&response);
    assert!(target.starts_with(&client.redirect_uri));
    assert_eq!(
        query_param(&target, "error").as_deref(),
        Some("unsupported_response_type")
    );
    assert_eq!(query_param(&target, "state").as_deref(), Some("s1"));
    assert_eq!(
        query_param(&target, "iss").as_deref(),
        Some(app.issuer.as_str())
    );

    // PKCE plain is refused.
    let response = browser
        .get(app.url("/authorize"))
        .query(&[
            ("client_id", client.id.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", "openid"),
            ("code_challenge", "x".repeat(43).as_str()),
            ("code_challenge_method", "plain"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("invalid_request")
    );
}

#[tokio::test]
async fn public_clients_must_use_pkce() {
    let app = spawn_app().await;
    let client = app
        .add_client(ClientSpec {
            public: true,
            grant_types: vec![gatehouse::domain::GrantType::AuthorizationCode],
            ..ClientSpec::confidential()
        })
        .await;
    let response = browser()
        .get(app.url("/authorize"))
        .query(&[
            ("client_id", client.id.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", "openid"),
        ])
        .send()
        .await
        .unwrap();
    let target = location(&response);
    assert_eq!(
        query_param(&target, "error").as_deref(),
        Some("invalid_request")
    );
    assert!(
        query_param(&target, "error_description")
            .unwrap()
            .contains("PKCE")
    );
}

#[tokio::test]
async fn prompt_none_without_session_and_max_age_zero() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();

    let silent = start_auth(&rp, &["openid"], &[("prompt", "none")]);
    let response = browser.get(&silent.url).send().await.unwrap();
    let target = location(&response);
    assert_eq!(
        query_param(&target, "error").as_deref(),
        Some("login_required")
    );
    assert_eq!(
        query_param(&target, "state").as_deref(),
        Some(silent.state.secret().as_str())
    );

    // Sign in once; then prompt=none succeeds silently.
    let started = start_auth(&rp, &["openid"], &[]);
    let first_code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let (_, first) = exchange_raw(&app, &client, &first_code, started.verifier.secret()).await;
    let first_access = first["access_token"].as_str().unwrap().to_string();
    let silent = start_auth(&rp, &["openid"], &[("prompt", "none")]);
    let response = browser.get(&silent.url).send().await.unwrap();
    assert!(query_param(&location(&response), "code").is_some());

    // max_age=0 forces a new sign-in even with a live session, and auth_time moves.
    app.clock.advance(30);
    let forced = start_auth(&rp, &["openid"], &[("max_age", "0")]);
    let response = browser.get(&forced.url).send().await.unwrap();
    assert!(
        location(&response).starts_with("/login?req="),
        "max_age=0 shows the sign-in page"
    );
    let code = sign_in_for_code(&app, &browser, &forced, "ada@example.com").await;
    let (_, body) = exchange_raw(&app, &client, &code, forced.verifier.secret()).await;
    let auth_time = jwt_claims(body["id_token"].as_str().unwrap())["auth_time"]
        .as_i64()
        .unwrap();
    assert_eq!(auth_time, app.clock.now_secs(), "a fresh sign-in happened");
    assert_eq!(
        introspect_raw(&app, &client, &first_access).await["active"],
        true,
        "re-authenticating as the same user keeps earlier grants"
    );

    // prompt=login likewise.
    let forced = start_auth(&rp, &["openid"], &[("prompt", "login")]);
    let response = browser.get(&forced.url).send().await.unwrap();
    assert!(location(&response).starts_with("/login?req="));
}

#[tokio::test]
async fn consent_is_asked_for_third_party_clients_and_remembered() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            name: "Third Party",
            ..ClientSpec::confidential()
        })
        .await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();

    let started = start_auth(&rp, &["openid", "email"], &[]);
    let response = follow(&app, &browser, started.url.clone()).await;
    let posted = submit_login(
        &app,
        &browser,
        response.url().as_str(),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    let consent = follow(&app, &browser, app.url(&location(&posted))).await;
    assert!(consent.url().path().starts_with("/consent"));
    let html = consent.text().await.unwrap();
    assert!(html.contains("Third Party") && html.contains("Your e-mail address"));
    let csrf = hidden_value(&html, "csrf");
    let req = hidden_value(&html, "req");

    // Deny: access_denied back at the client.
    let denied = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("req", req.as_str()),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        query_param(&location(&denied), "error").as_deref(),
        Some("access_denied")
    );

    // Allow on a new request, then the next request skips the page.
    let started = start_auth(&rp, &["openid", "email"], &[]);
    let consent = follow(&app, &browser, started.url.clone()).await;
    let html = consent.text().await.unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("req", hidden_value(&html, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    assert!(query_param(&location(&allowed), "code").is_some());
    let again = start_auth(&rp, &["openid", "email"], &[]);
    let response = browser.get(&again.url).send().await.unwrap();
    assert!(
        query_param(&location(&response), "code").is_some(),
        "consent remembered"
    );
    // A wider scope asks again; prompt=none then fails with consent_required.
    let wider = start_auth(
        &rp,
        &["openid", "email", "privileges"],
        &[("prompt", "none")],
    );
    let response = browser.get(&wider.url).send().await.unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("consent_required")
    );
}

#[tokio::test]
async fn form_post_response_mode() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    let started = start_auth(&rp, &["openid"], &[]);
    sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let posted = start_auth(&rp, &["openid"], &[("response_mode", "form_post")]);
    let response = browser.get(&posted.url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'sha256-"));
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("action=\"{}\"", client.redirect_uri)));
    assert!(!hidden_value(&html, "code").is_empty());
    assert_eq!(hidden_value(&html, "state"), *posted.state.secret());
    assert_eq!(hidden_value(&html, "iss"), app.issuer);
}

#[tokio::test]
async fn client_credentials_and_introspection_rules() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let (status, body) = token_raw(&app, &client, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    let introspection = introspect_raw(&app, &client, token).await;
    assert_eq!(introspection["active"], true);
    assert_eq!(introspection["sub"], client.id.as_str());
    assert_eq!(
        introspect_raw(&app, &client, "garbage").await,
        serde_json::json!({"active": false})
    );

    let (status, body) = token_raw(
        &app,
        &client,
        &[("grant_type", "client_credentials"), ("scope", "openid")],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );

    // An access token revoked through /revoke is inactive; userinfo refuses a token without openid.
    let response = reqwest::Client::new()
        .post(app.url("/revoke"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", token), ("token_type_hint", "access_token")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(introspect_raw(&app, &client, token).await["active"], false);

    // Introspection needs client authentication.
    let response = reqwest::Client::new()
        .post(app.url("/introspect"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn userinfo_errors_use_bearer_challenges() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(app.url("/userinfo"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer realm=\"gatehouse\""
    );
    let response = reqwest::Client::new()
        .get(app.url("/userinfo"))
        .bearer_auth("not.a.jwt")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("error=\"invalid_token\"")
    );
}

#[tokio::test]
async fn key_rotation_keeps_old_tokens_verifiable() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let http = rp_http();
    let browser = browser();
    let jwks_before: Value = reqwest::get(app.url("/jwks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        jwks_before["keys"].as_array().unwrap().len(),
        2,
        "active and next are both published"
    );

    let started = start_auth(&rp, &["openid"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let old = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .unwrap();
    let old_kid = jwt_header(old.access_token().secret())["kid"]
        .as_str()
        .unwrap()
        .to_string();

    let now = app.clock.now_secs();
    app.app.keys.rotate(now, now + 300).await.expect("rotate");
    let jwks_after: Value = reqwest::get(app.url("/jwks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = jwks_after["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 3, "retired, active and a new next key");
    assert!(kids.contains(&old_kid.as_str()));

    // The new signing key is the one that was already published as next.
    let started = start_auth(&rp, &["openid"], &[]);
    let response = browser.get(&started.url).send().await.unwrap();
    let code = query_param(&location(&response), "code").unwrap();
    let new = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .unwrap();
    let new_kid = jwt_header(new.access_token().secret())["kid"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_kid, old_kid);
    let was_published: Vec<&str> = jwks_before["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert!(
        was_published.contains(&new_kid.as_str()),
        "clients could cache the key before its first use"
    );

    // The RP, with a fresh JWKS, verifies both the old and the new ID tokens.
    let rp = relying_party(&app, &client).await;
    assert!(
        old.id_token()
            .unwrap()
            .claims(&rp.id_token_verifier(), &Nonce::new("x".into()))
            .is_err(),
        "nonce still checked"
    );
    let verifier = rp.id_token_verifier().require_issuer_match(true);
    let _ = old
        .id_token()
        .unwrap()
        .claims(&verifier, |_: Option<&Nonce>| Ok(()))
        .expect("old token verifies after rotation");
    let _ = new
        .id_token()
        .unwrap()
        .claims(&verifier, |_: Option<&Nonce>| Ok(()))
        .expect("new token verifies");
    assert_eq!(
        introspect_raw(&app, &client, old.access_token().secret()).await["active"],
        true
    );

    // Once the retired key's tokens have all expired, it leaves the JWKS.
    app.clock.advance(301);
    app.app.keys.reload(app.clock.now_secs()).await.unwrap();
    let jwks_later: Value = reqwest::get(app.url("/jwks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!jwks_later.to_string().contains(&old_kid));
}

#[tokio::test]
async fn access_token_reflects_deactivated_session_on_logout() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let http = rp_http();
    let browser = browser();
    let started = start_auth(&rp, &["openid"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&http)
        .await
        .unwrap();
    let access: AccessToken = tokens.access_token().clone();
    assert!(
        rp.introspect(&access)
            .request_async(&http)
            .await
            .unwrap()
            .active()
    );

    // Without an id_token_hint the user is asked first; confirming signs out and ends the
    // online grant signed in through that session.
    let page = browser.get(app.url("/end_session")).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign out?"));
    let response = browser
        .post(app.url("/end_session/confirm"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("decision", "logout".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        !rp.introspect(&access)
            .request_async(&http)
            .await
            .unwrap()
            .active()
    );
    let refresh_token_less: Option<&RefreshToken> = tokens.refresh_token();
    assert!(
        refresh_token_less.is_none(),
        "no offline_access, no refresh token"
    );

    // A post_logout_redirect_uri that is not registered is refused on our page.
    let response = browser
        .get(app.url("/end_session"))
        .query(&[
            ("client_id", client.id.as_str()),
            ("post_logout_redirect_uri", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
}

/// More concurrent code exchanges than the database pool has connections: none may wait on
/// another (a redemption once held a transaction while asking the pool for more).
#[tokio::test]
async fn many_concurrent_code_exchanges_all_succeed() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    let first = start_auth(&rp, &["openid", "offline_access"], &[]);
    let mut pending = vec![(
        sign_in_for_code(&app, &browser, &first, "ada@example.com").await,
        first.verifier,
    )];
    for _ in 0..23 {
        let started = start_auth(&rp, &["openid", "offline_access"], &[]);
        let response = browser.get(&started.url).send().await.unwrap();
        pending.push((
            query_param(&location(&response), "code").unwrap(),
            started.verifier,
        ));
    }
    let exchanges = pending.into_iter().map(|(code, verifier)| {
        let url = app.url("/token");
        let client = client.clone();
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .basic_auth(&client.id, client.secret.as_deref())
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", client.redirect_uri.as_str()),
                    ("code_verifier", verifier.secret().as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        })
    });
    for exchange in exchanges.collect::<Vec<_>>() {
        assert_eq!(exchange.await.unwrap(), 200);
    }
}

/// Review finding: answering the consent page must not skip the fresh sign-in that
/// `prompt=login` demands.
#[tokio::test]
async fn consent_cannot_skip_a_demanded_sign_in() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            ..ClientSpec::confidential()
        })
        .await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    // Signed in, with consent given once.
    let started = start_auth(&rp, &["openid"], &[]);
    let consent = follow(&app, &browser, started.url.clone()).await;
    let posted = submit_login(
        &app,
        &browser,
        consent.url().as_str(),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    let page = follow(&app, &browser, app.url(&location(&posted)))
        .await
        .text()
        .await
        .unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("req", hidden_value(&page, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    assert!(query_param(&location(&allowed), "code").is_some());

    // Step-up: prompt=login and consent again; someone skips to the consent page.
    app.clock.advance(60);
    let step_up = start_auth(&rp, &["openid"], &[("prompt", "login consent")]);
    let response = browser.get(&step_up.url).send().await.unwrap();
    let login = location(&response);
    assert!(login.starts_with("/login?req="));
    let req = login.trim_start_matches("/login?req=");
    let page = browser
        .get(app.url(&format!("/consent?req={req}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let skipped = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("req", req.to_string()),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    let next = location(&skipped);
    assert!(
        query_param(&format!("http://x{next}"), "code").is_none() && !next.contains("code="),
        "no code without the sign-in: {next}"
    );
    let again = follow(&app, &browser, app.url(&next)).await;
    assert!(
        again.url().path().starts_with("/login"),
        "sent to sign in: {}",
        again.url()
    );
}

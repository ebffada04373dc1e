//! The authorization-code flow: the full way with a real relying party, replayed and expired
//! codes, PKCE, redirect URIs, `form_post`, concurrent exchanges.

use openidconnect::core::CoreUserInfoClaims;
use openidconnect::{
    AccessTokenHash, AuthorizationCode, OAuth2TokenResponse, PkceCodeVerifier,
    TokenIntrospectionResponse, TokenResponse,
};
use serde_json::Value;

use super::{
    exchange_raw, introspect_raw, jwt_claims, jwt_header, relying_party, sign_in_for_code,
    start_auth, token_raw,
};
use crate::helpers::*;

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

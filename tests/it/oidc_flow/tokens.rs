//! Tokens after the code: refresh rotation and reuse, client credentials, introspection and
//! revocation, userinfo's errors.

use openidconnect::{AuthorizationCode, OAuth2TokenResponse};

use super::{introspect_raw, relying_party, sign_in_for_code, start_auth, token_raw};
use crate::helpers::*;

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
async fn client_credentials_and_introspection_rules() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let (status, body) = token_raw(&app, &client, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    assert!(
        body.get("scope").is_none(),
        "no scope granted, no scope member: {body}"
    );
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

/// Introspection and userinfo read a user's token's standing in one statement: whatever part
/// of it ends (the user's account, the client), every call after it, however many at once,
/// sees the token dead.
#[tokio::test]
async fn a_users_token_dies_at_once_with_the_user_or_the_client() {
    let app = spawn_app().await;
    let user_id = app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let resource_server = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    let started = start_auth(&rp, &["openid", "privileges"], &[]);
    let code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&rp_http())
        .await
        .unwrap();
    let token = tokens.access_token().secret().clone();

    let burst = |expect_active: bool| {
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let (url, id, secret, token) = (
                app.url("/introspect"),
                resource_server.id.clone(),
                resource_server.secret.clone(),
                token.clone(),
            );
            calls.spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .basic_auth(id, secret)
                    .form(&[("token", token)])
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            });
        }
        let user_id = user_id.clone();
        async move {
            for seen in calls.join_all().await {
                assert_eq!(seen["active"], expect_active, "{seen}");
                if expect_active {
                    assert_eq!(seen["sub"], user_id.as_str());
                }
            }
        }
    };
    let userinfo = || async {
        reqwest::Client::new()
            .get(app.url("/userinfo"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    burst(true).await;
    assert_eq!(userinfo().await, 200);

    let now = app.clock.now_secs();
    app.app
        .store
        .set_active(&user_id, false, now)
        .await
        .unwrap();
    burst(false).await;
    assert_eq!(userinfo().await, 401, "a deactivated user's token");
    app.app.store.set_active(&user_id, true, now).await.unwrap();
    burst(true).await;

    app.app.store.delete_client(&client.id).await.unwrap();
    burst(false).await;
    assert_eq!(userinfo().await, 401, "a deleted client's token");
}

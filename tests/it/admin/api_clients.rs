//! Clients managed through the admin API; machine clients calling it with `admin:` scopes.

use reqwest::Method;
use serde_json::{Value, json};

use super::setup;
use crate::helpers::*;

#[tokio::test]
async fn clients_are_managed_through_the_api() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, created) = app.api(key,
        Method::POST,
        "/clients",
        Some(json!({"client_id": "portal", "name": "Portal", "first_party": true,
                    "redirect_uris": ["http://127.0.0.1:9/callback"], "scopes": ["openid", "email"]})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let secret = created["client_secret"].as_str().unwrap().to_string();
    assert_eq!(created["scopes"], json!(["email", "openid"]));
    let (status, listed) = app.api(key, Method::GET, "/clients", None).await;
    assert_eq!(status, 200);
    assert!(
        !listed.to_string().contains(&secret),
        "secrets are shown once"
    );
    assert_eq!(app.api(key, Method::POST, "/clients", Some(json!({"client_id": "portal", "name": "Again", "redirect_uris": ["https://x.example/cb"]}))).await.0, 409);
    let (status, body) = app
        .api(
            key,
            Method::POST,
            "/clients",
            Some(json!({"name": "Bad", "redirect_uris": ["http://evil.example/cb"]})),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("redirect_uris"))
    );
    // Stored and sent back byte for byte, so nothing a URL parser would drop or escape, and
    // no authority without a host (both found by the redirect_uri fuzz target).
    for hostile in [
        "https://rp.example/cb\n",
        "https://rp.example/cb\r\nSet-Cookie: x=1",
        "https://rp.example/c b",
        "https://rp.example/café",
        "x://@",
        "https://user:pw@rp.example/cb",
    ] {
        let (status, body) = app
            .api(
                key,
                Method::POST,
                "/clients",
                Some(json!({"name": "Bad", "redirect_uris": [hostile]})),
            )
            .await;
        assert_eq!(
            (status, body["field"].as_str()),
            (422, Some("redirect_uris")),
            "{hostile:?}"
        );
        let (status, body) = app
            .api(
                key,
                Method::POST,
                "/clients",
                Some(json!({"name": "Bad", "redirect_uris": ["https://rp.example/cb"], "post_logout_redirect_uris": [hostile]})),
            )
            .await;
        assert_eq!(
            (status, body["field"].as_str()),
            (422, Some("post_logout_redirect_uris")),
            "{hostile:?}"
        );
    }
    let (status, body) =
        app.api(key, Method::PUT, "/clients/portal", Some(json!({"name": "Portal", "public": true, "redirect_uris": ["http://127.0.0.1:9/callback"]}))).await;
    assert_eq!((status, body["field"].as_str()), (422, Some("public")));

    // The secret works, rotation replaces it, deletion ends the client.
    let portal = RegisteredClient {
        id: "portal".into(),
        secret: Some(secret.clone()),
        redirect_uri: "http://127.0.0.1:9/callback".into(),
    };
    let (status, _) = app.api(key, Method::PUT, "/clients/portal", Some(json!({"name": "Portal", "redirect_uris": ["http://127.0.0.1:9/callback"], "grant_types": ["client_credentials"]}))).await;
    assert_eq!(status, 200);
    assert_eq!(
        token_request(app, &portal, &[("grant_type", "client_credentials")])
            .await
            .0,
        200
    );
    let (_, rotated) = app
        .api(key, Method::POST, "/clients/portal/rotate-secret", None)
        .await;
    assert_eq!(
        token_request(app, &portal, &[("grant_type", "client_credentials")])
            .await
            .0,
        401,
        "old secret refused"
    );
    let renewed = RegisteredClient {
        secret: rotated["client_secret"].as_str().map(str::to_string),
        ..portal.clone()
    };
    assert_eq!(
        token_request(app, &renewed, &[("grant_type", "client_credentials")])
            .await
            .0,
        200
    );
    assert_eq!(
        app.api(key, Method::DELETE, "/clients/portal", None)
            .await
            .0,
        204
    );
    assert_eq!(
        app.api(key, Method::GET, "/clients/portal", None).await.0,
        404
    );
    assert_eq!(
        token_request(app, &renewed, &[("grant_type", "client_credentials")])
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn machine_clients_call_the_api_with_admin_scopes() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, created) = app
        .api(
            key,
            Method::POST,
            "/clients",
            Some(
                json!({"client_id": "robot", "name": "Robot", "grant_types": ["client_credentials"],
                    "scopes": ["admin:access_user_info", "admin:invite_user"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let robot = RegisteredClient {
        id: "robot".into(),
        secret: created["client_secret"].as_str().map(str::to_string),
        redirect_uri: String::new(),
    };
    let (status, read_only) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:access_user_info"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{read_only}");
    let token = read_only["access_token"].as_str().unwrap();
    assert_eq!(
        app.api(Some(token), Method::GET, "/users", None).await.0,
        200
    );
    let invite = json!({"email": "from-robot@example.com"});
    assert_eq!(
        app.api(
            Some(token),
            Method::POST,
            "/invitations",
            Some(invite.clone())
        )
        .await
        .0,
        403,
        "scope not asked for"
    );
    let (_, both) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:access_user_info admin:invite_user"),
        ],
    )
    .await;
    let token = both["access_token"].as_str().unwrap().to_string();
    let (status, body) = app
        .api(Some(&token), Method::POST, "/invitations", Some(invite))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["invited_by"], Value::Null);
    let (_, events) = app
        .api(key, Method::GET, "/audit-events?kind=invitation_sent", None)
        .await;
    assert!(
        events["events"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("client:robot"),
        "the client is the recorded actor"
    );
    // Scopes beyond the client's registration are refused at the token endpoint.
    let (status, body) = token_request(
        app,
        &robot,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "admin:delete_user"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    // A revoked token stops at once.
    reqwest::Client::new()
        .post(app.url("/revoke"))
        .basic_auth("robot", robot.secret.as_deref())
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        app.api(Some(&token), Method::GET, "/users", None).await.0,
        401
    );

    // User tokens never reach the admin API, and users cannot ask for admin scopes.
    let web = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(app, &web, "openid");
    let callback = authorize_through_login(app, &browser(), &auth, "root@example.com").await;
    let tokens = exchange_code(
        app,
        &web,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let (status, _) = app
        .api(tokens["access_token"].as_str(), Method::GET, "/users", None)
        .await;
    assert_eq!(status, 403);
    let (auth, _) = pkce_authorize_url(app, &web, "openid admin:access_user_info");
    let response = browser().get(&auth).send().await.unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("invalid_scope")
    );
}

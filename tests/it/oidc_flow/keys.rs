//! Signing-key rotation: the JWKS before, during and after, and tokens signed by each key.

use openidconnect::{AuthorizationCode, Nonce, OAuth2TokenResponse, TokenResponse};
use serde_json::Value;

use super::{introspect_raw, jwt_header, relying_party, sign_in_for_code, start_auth};
use crate::helpers::*;

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

/// Discovery and JWKS are served beside the middleware stack (issue 13): they still carry
/// the security headers every response has, their own caching, and CORS for browser clients,
/// and refuse what is not a GET.
#[tokio::test]
async fn the_public_documents_carry_their_headers_without_the_stack() {
    let app = spawn_app().await;
    for (path, cache) in [
        ("/.well-known/openid-configuration", "public, max-age=300"),
        ("/jwks", "public, max-age=60"),
    ] {
        let response = reqwest::Client::new()
            .get(app.url(path))
            .header("Origin", "https://spa.example")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_string()
        };
        assert_eq!(header("content-type"), "application/json", "{path}");
        assert_eq!(header("cache-control"), cache, "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert!(
            header("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header("access-control-allow-origin"), "*", "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body.is_object(), "{path}");

        let posted = reqwest::Client::new()
            .post(app.url(path))
            .body("x")
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 405, "{path}");
    }
}

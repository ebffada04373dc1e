//! Logout through `/end_session`: confirmation, the grants it ends, refused redirect URIs.

use openidconnect::{
    AccessToken, AuthorizationCode, OAuth2TokenResponse, RefreshToken, TokenIntrospectionResponse,
};

use super::{relying_party, sign_in_for_code, start_auth};
use crate::helpers::*;

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

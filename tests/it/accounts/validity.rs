//! Validity dates and deactivation: they stop sign-in, live sessions and refresh tokens.

use serde_json::Value;

use super::spawn_with_mail;
use crate::helpers::*;

#[tokio::test]
async fn validity_dates_and_deactivation_stop_sign_in_sessions_and_refresh() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let now = app.clock.now_secs();
    app.app
        .store
        .set_validity(&ada, Some(now + 86400), None, now)
        .await
        .unwrap();
    let early = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(early.status(), 403);
    assert!(early.text().await.unwrap().contains("not valid yet"));
    app.app
        .store
        .set_validity(&ada, None, Some(now - 1), now)
        .await
        .unwrap();
    let late = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert!(
        late.text()
            .await
            .unwrap()
            .contains("This account expired on")
    );

    // A live session and refresh token stop working when the account expires or is deactivated.
    app.app
        .store
        .set_validity(&ada, None, Some(now + 600), now)
        .await
        .unwrap();
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = authorize_through_login(&app, &browser, &auth, "ada@example.com").await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let refresh = |token: String| {
        let url = app.url("/token");
        let client = client.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .basic_auth(&client.id, client.secret.as_deref())
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let first = refresh(tokens["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(first.status(), 200);
    let rotated: Value = first.json().await.unwrap();
    app.clock.advance(601);
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refused = refresh(rotated["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(refused.status(), 400);

    // Deactivation, for a second user.
    let bob = app.add_user("bob@example.com", &["user"]).await;
    let bob_browser = app.sign_in("bob@example.com", PASSWORD).await;
    app.app
        .store
        .set_active(&bob, false, app.clock.now_secs())
        .await
        .unwrap();
    assert_eq!(
        location(&bob_browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refused = submit_login(
        &app,
        &crate::helpers::browser(),
        &app.url("/login"),
        "bob@example.com",
        PASSWORD,
    )
    .await;
    assert!(refused.text().await.unwrap().contains("deactivated"));
}

//! Connected apps on the account page: listed with what they may see, revoked with their
//! tokens and consent.

use super::spawn_with_mail;
use crate::helpers::*;

#[tokio::test]
async fn connected_apps_can_be_revoked() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            name: "Photo Printer",
            ..ClientSpec::confidential()
        })
        .await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid email offline_access");
    let consent = follow(&app, &browser, auth.clone())
        .await
        .text()
        .await
        .unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&consent, "csrf")),
            ("req", hidden_value(&consent, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    let code = query_param(&location(&allowed), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;

    let page = browser
        .get(app.url("/account/apps"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Photo Printer") && page.contains("Your e-mail address"));
    let revoked = browser
        .post(app.url("/account/apps/revoke"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("client_id", client.id.clone()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&revoked), "/account/apps?revoked=1");
    let page = browser
        .get(app.url("/account/apps"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Photo Printer"));
    let refreshed = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 400, "its refresh token is revoked");
    // The next request asks for consent again.
    let again = follow(&app, &browser, auth).await;
    assert!(again.url().path().starts_with("/consent"));
}

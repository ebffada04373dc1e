//! The profile page: which fields may be edited, and the claims they become in tokens.

use serde_json::Value;

use super::{spawn_with_mail, user};
use crate::helpers::*;

#[tokio::test]
async fn profile_fields_follow_the_setting_and_flow_into_tokens() {
    let (app, _sink) = spawn_with_mail(|s| {
        s.accounts.user_profile_fields = vec!["country".into(), "timezone".into()]
    })
    .await;
    app.add_user("ada@example.com", &["user"]).await;
    app.add_user("dev@example.com", &["user", "developer"])
        .await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let page = browser
        .get(app.url("/account/profile"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"country\"") && page.contains("name=\"timezone\""));
    assert!(
        !page.contains("name=\"organization\""),
        "not in user_profile_fields"
    );
    let token = hidden_value(&page, "csrf");
    let bad = browser
        .post(app.url("/account/profile"))
        .form(&[
            ("csrf", token.as_str()),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("country", "XX"),
            ("timezone", "Mars/Base"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("ISO 3166") && html.contains("IANA time zone"),
        "{html}"
    );
    let good = browser
        .post(app.url("/account/profile"))
        .form(&[
            ("csrf", token.as_str()),
            ("first_name", "Augusta Ada"),
            ("last_name", "King"),
            ("country", "gb"),
            ("timezone", "Europe/London"),
            ("organization", "ignored: not editable"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&good), "/account/profile?saved=1");
    let ada = user(&app, "ada@example.com").await;
    assert_eq!(
        (
            ada.first_name.as_str(),
            ada.details.country.as_str(),
            ada.details.timezone.as_str()
        ),
        ("Augusta Ada", "GB", "Europe/London")
    );
    assert_eq!(ada.details.organization, "");

    // A developer may edit every field.
    let dev = app.sign_in("dev@example.com", PASSWORD).await;
    let page = dev
        .get(app.url("/account/profile"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for field in [
        "organization",
        "language",
        "date_format",
        "subdivision_first",
    ] {
        assert!(page.contains(&format!("name=\"{field}\"")), "{field}");
    }

    // The claims: profile and address scopes.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid profile address");
    let code = query_param(&location(&browser.get(&auth).send().await.unwrap()), "code").unwrap();
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let payload = tokens["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["given_name"], "Augusta Ada");
    assert_eq!(claims["family_name"], "King");
    assert_eq!(claims["zoneinfo"], "Europe/London");
    assert_eq!(claims["address"]["country"], "GB");
}

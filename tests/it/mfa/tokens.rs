//! `amr` and `acr` in tokens, and clients asking for a second factor with `acr_values`.

use serde_json::{Value, json};

use super::{between, code_now, password_then_code_step, secret_from, submit_code};
use crate::helpers::*;
use crate::oidc_flow::jwt_claims;

const ACR_MFA: &str = "urn:gatehouse:acr:mfa";

const ACR_PASSWORD: &str = "urn:gatehouse:acr:password";

#[tokio::test]
async fn tokens_carry_amr_and_acr_and_clients_can_ask_for_mfa() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;

    let discovery: Value = reqwest::get(app.url("/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        discovery["acr_values_supported"],
        json!([ACR_PASSWORD, ACR_MFA])
    );
    assert!(
        discovery["claims_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("acr"))
    );

    // Password only: amr [pwd], the single-factor acr.
    let b = crate::helpers::browser();
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid");
    let callback = authorize_through_login(&app, &b, &auth, "ada@example.com").await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["amr"], json!(["pwd"]));
    assert_eq!(id["acr"], ACR_PASSWORD);

    // The client asks for MFA: with prompt=none that is interaction_required...
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid");
    let mfa_auth = format!("{auth}&acr_values={}", urlencode(ACR_MFA));
    let silent = b
        .get(format!("{mfa_auth}&prompt=none"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query_param(&location(&silent), "error").as_deref(),
        Some("interaction_required")
    );
    // ...and interactively, the signed-in user without a second factor sets one up.
    let response = b.get(&mfa_auth).send().await.unwrap();
    let step = location(&response);
    assert!(step.starts_with("/login/two-factor?req="), "{step}");
    let (_, html) = app.get_page(&b, &step).await;
    assert!(
        html.contains("application you are signing in to asks"),
        "{html}"
    );
    let secret = secret_from(&html);
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 200, "recovery codes shown");
    let html = response.text().await.unwrap();
    let resume = between(&html, "class=\"button primary\" href=\"", "\"").replace("&amp;", "&");
    assert!(resume.starts_with("/authorize/resume?req="), "{resume}");
    let back = follow(&app, &b, app.url(&resume)).await;
    let callback = location(&back);
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["amr"], json!(["pwd", "otp", "mfa"]));
    assert_eq!(id["acr"], ACR_MFA);
    let access = jwt_claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(access["acr"], ACR_MFA);

    // The stepped-up session now satisfies acr_values silently.
    let (auth, _) = pkce_authorize_url(&app, &client, "openid");
    let again = b
        .get(format!(
            "{auth}&acr_values={}&prompt=none",
            urlencode(ACR_MFA)
        ))
        .send()
        .await
        .unwrap();
    assert!(query_param(&location(&again), "code").is_some());

    // max_age=0 forces a new sign-in, which now includes the code.
    app.clock.advance(60);
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid");
    let login = follow(&app, &b, format!("{auth}&max_age=0")).await;
    assert!(login.url().path().starts_with("/login"));
    let step = password_then_code_step(&app, &b, login.url().as_str(), "ada@example.com").await;
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 303);
    let back = follow(&app, &b, app.url(&location(&response))).await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&location(&back), "code").unwrap(),
        &verifier,
    )
    .await;
    let id = jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["acr"], ACR_MFA);
    assert!(id["auth_time"].as_i64().unwrap() >= app.clock.now_secs() - 1);
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

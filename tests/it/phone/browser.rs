//! Headless Chromium: a relying party sends the browser to Gatehouse, the person chooses
//! "Sign in with your phone", types a national-format number, enters the texted code and
//! lands back at the relying party. Screenshots of both pages at desktop and phone widths go
//! to `target/tmp/screenshots/`. Skips without CHROMEDRIVER.

use fantoccini::Locator;

use super::*;
use crate::browser::{chromium, click, fill, start_relying_party, wait_for_url};

#[tokio::test]
async fn phone_sign_in_from_a_relying_party_in_chromium() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let (app, twilio) = with_phone(|s| s.phone.default_region = "DE".into()).await;
    let (client, _) = start_relying_party(&app).await;
    let challenge = gatehouse::crypto::token::b64url(&gatehouse::crypto::token::sha256(
        b"browser-test-verifier-0123456789-abcdefghijklmnop",
    ));
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid%20phone&state=xyz&code_challenge={challenge}&code_challenge_method=S256",
        app.url("/authorize"),
        client.id,
        client.redirect_uri
    );
    browser.goto(&auth).await.unwrap();
    click(&browser, "a[href^='/login/phone']").await;
    browser
        .wait()
        .for_element(Locator::Id("phone"))
        .await
        .unwrap();
    crate::browser::screenshots(&browser, "phone-number").await;
    fill(&browser, "phone", "0171 1234567").await;
    click(&browser, "form button.primary").await;
    browser
        .wait()
        .for_element(Locator::Id("code"))
        .await
        .unwrap();
    crate::browser::screenshots(&browser, "phone-code").await;
    fill(&browser, "code", &twilio.last_code("+491711234567")).await;
    click(&browser, "form button.primary").await;
    let result = browser
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(result.text().await.unwrap(), "Signed in as +491711234567");
    wait_for_url(&browser, &client.redirect_uri).await;
    browser.close().await.unwrap();
}

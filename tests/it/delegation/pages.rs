//! The authorities pages in headless Chromium, at desktop and phone widths: Grace gives Hal
//! an authority on her Authorities page, Hal answers the "Act as …" chooser a relying party
//! asked for and lands there as Grace, and the console lists it.

use fantoccini::Locator;

use super::*;
use crate::browser::{chromium, click, fill, screenshots, start_relying_party, wait_for_url};

async fn sign_in(browser: &fantoccini::Client, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("password"))
        .await
        .unwrap();
    fill(browser, "email", email).await;
    fill(browser, "password", PASSWORD).await;
    click(browser, "button[type=submit]").await;
    wait_for_url(browser, "/account").await;
}

#[tokio::test]
async fn giving_and_using_an_authority_in_a_real_browser() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let (client, _) = start_relying_party(app).await;

    sign_in(&browser, app, GRACE).await;
    browser
        .goto(&app.url("/account/authorities"))
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Id("holder"))
        .await
        .unwrap();
    screenshots(&browser, "authorities-empty").await;
    fill(&browser, "holder", HAL).await;
    click(
        &browser,
        "form[action='/account/authorities'] button[type=submit]",
    )
    .await;
    wait_for_url(&browser, "done=granted").await;
    screenshots(&browser, "authorities-given").await;
    browser.delete_all_cookies().await.unwrap();

    sign_in(&browser, app, HAL).await;
    let challenge = gatehouse::crypto::token::b64url(&gatehouse::crypto::token::sha256(
        b"browser-test-verifier-0123456789-abcdefghijklmnop",
    ));
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid%20email%20privileges&state=xyz&code_challenge={challenge}&code_challenge_method=S256&act_as={}",
        app.url("/authorize"),
        client.id,
        client.redirect_uri,
        cast.grace
    );
    browser.goto(&auth).await.unwrap();
    wait_for_url(&browser, "/authorize/act-as").await;
    browser
        .wait()
        .for_element(Locator::Css("input[name=choice]"))
        .await
        .unwrap();
    screenshots(&browser, "act-as-chooser").await;
    click(&browser, "button[type=submit]").await;
    let result = browser
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(
        result.text().await.unwrap(),
        format!("Signed in as {GRACE}")
    );
    let privileges = browser.find(Locator::Id("privileges")).await.unwrap();
    assert!(privileges.text().await.unwrap().contains("advocate"));

    browser
        .goto(&app.url("/account/authorities"))
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css(".list"))
        .await
        .unwrap();
    screenshots(&browser, "authorities-received").await;
    browser.delete_all_cookies().await.unwrap();

    app.add_user("root@example.com", &["admin", "user"]).await;
    sign_in(&browser, app, "root@example.com").await;
    browser.goto(&app.url("/admin/authorities")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("granter_id"))
        .await
        .unwrap();
    let body = browser
        .find(Locator::Css("table"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(GRACE) && body.contains(HAL), "{body}");
    screenshots(&browser, "admin-authorities").await;
    browser.goto(&app.url("/admin/sessions")).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Css("table"))
        .await
        .unwrap();
    screenshots(&browser, "admin-sessions").await;
    browser.close().await.unwrap();
}

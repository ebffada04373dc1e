//! Headless Chromium: a relying party sends the browser to Gatehouse, the person clicks
//! "Sign in with Google" (the fake Google answers at once) and lands back at the relying
//! party signed in. Screenshots of the sign-in page at desktop and phone widths, and of the
//! account-exists page, go to `target/tmp/screenshots/`. Skips without CHROMEDRIVER.

use fantoccini::Locator;
use gatehouse::config::FileProvider;

use super::fakes::oidc::{self, FakeOidc, FakeUser, Mode};
use super::harness::SharedClock;
use crate::browser::{chromium, click, start_relying_party, wait_for_url};
use crate::helpers::*;

#[tokio::test]
async fn the_google_button_signs_in_from_a_relying_party() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let clock = SharedClock::new();
    let fake = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    fake.add_user(FakeUser::new("1093", Some("grace@gmail.example"), true));
    let mut google = FileProvider::new(oidc::CLIENT_ID, oidc::CLIENT_SECRET);
    google.issuer = Some(fake.base_url().to_string());
    google.trust_email = true;
    let mut microsoft = FileProvider::new("unused", "unused");
    microsoft.authority = Some("http://127.0.0.1:9".into());
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.federation.google = Some(google);
        s.federation.microsoft = Some(microsoft);
    })
    .await;
    clock.follow(&app);
    let (client, _) = start_relying_party(&app).await;
    let challenge = gatehouse::crypto::token::b64url(&gatehouse::crypto::token::sha256(
        b"browser-test-verifier-0123456789-abcdefghijklmnop",
    ));
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid%20email&state=xyz&code_challenge={challenge}&code_challenge_method=S256",
        app.url("/authorize"),
        client.id,
        client.redirect_uri
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    browser.goto(&auth).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Css("a.provider-google"))
        .await
        .unwrap();
    std::fs::write(
        shots.join("login-providers-desktop.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    browser.set_window_size(390, 844).await.unwrap();
    std::fs::write(
        shots.join("login-providers-phone.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    // On a phone the buttons fit the width: no sideways scrolling.
    let overflow = browser
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(false),
        "no horizontal scroll at 390 px"
    );
    browser.set_window_size(1100, 900).await.unwrap();

    click(&browser, "a.provider-google").await;
    let result = browser
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(
        result.text().await.unwrap(),
        "Signed in as grace@gmail.example"
    );
    wait_for_url(&browser, &client.redirect_uri).await;
    let sent = fake.last_authorize();
    assert_eq!(sent["code_challenge_method"], "S256");
    std::fs::write(
        shots.join("relying-party-after-google.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();

    // The account page lists the link.
    browser.goto(&app.url("/account/linked")).await.unwrap();
    // Under load the source can be read mid-navigation: wait for the page's heading first.
    browser
        .wait()
        .for_element(Locator::Css("h1"))
        .await
        .unwrap();
    let page = browser.source().await.unwrap();
    assert!(page.contains("Google"), "{page}");
    std::fs::write(
        shots.join("account-linked.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    browser.close().await.unwrap();
}

/// An invitation accepted with the provider button on the invitation page; then a new
/// account through a provider that gives no address, which confirms one by code first
/// (`accounts.require_email`). Screenshots of both pages at desktop and phone widths.
#[tokio::test]
async fn an_invitation_and_an_address_first_in_chromium() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let port = sink.port;
    let clock = SharedClock::new();
    let fake = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    fake.add_user(FakeUser::new("invited-1", None, false));
    let provider = super::harness::acme(&fake, |p| p.label = "Sign in with Acme SSO".into());
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.federation.oidc.push(provider);
        s.accounts.require_email = true;
        s.smtp.host = "127.0.0.1".into();
        s.smtp.port = port;
        s.smtp.security = gatehouse::config::SmtpSecurity::None;
        s.smtp.from = "Gatehouse <no-reply@example.com>".into();
    })
    .await;
    clock.follow(&app);

    let (_, token) = super::invitations::invite(&app, "invitee@example.com", &["user"]).await;
    browser
        .goto(&app.url(&format!("/invite?token={token}")))
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css("a.provider-oidc"))
        .await
        .unwrap();
    crate::browser::screenshots(&browser, "invite-providers").await;
    click(&browser, "a.provider-oidc").await;
    wait_for_url(&browser, "/account").await;
    let page = browser.source().await.unwrap();
    assert!(page.contains("invitee@example.com"), "{page}");
    browser.delete_all_cookies().await.unwrap();

    // A new identity without an address: asked for one first.
    fake.add_user(FakeUser::new("no-mail", None, false));
    browser.goto(&app.url("/login")).await.unwrap();
    click(&browser, "a.provider-oidc").await;
    browser
        .wait()
        .for_element(Locator::Id("email"))
        .await
        .unwrap();
    crate::browser::screenshots(&browser, "upstream-email").await;
    crate::browser::fill(&browser, "email", "chosen@example.com").await;
    click(&browser, "form button.primary").await;
    browser
        .wait()
        .for_element(Locator::Id("code"))
        .await
        .unwrap();
    crate::browser::screenshots(&browser, "upstream-email-code").await;
    let message =
        crate::accounts::wait_for_mail(&sink, "chosen@example.com", "with Acme SSO").await;
    crate::browser::fill(&browser, "code", &crate::accounts::code_in(&message)).await;
    click(&browser, "form button.primary").await;
    wait_for_url(&browser, "/account").await;
    let page = browser.source().await.unwrap();
    assert!(page.contains("chosen@example.com"), "{page}");
    browser.close().await.unwrap();
}

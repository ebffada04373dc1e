//! Headless Chromium through the real pages: a relying party sends the browser to
//! Gatehouse, the user signs in with the form, and the browser lands on the relying party's
//! callback, which exchanges the code. Skips (printing why) when CHROMEDRIVER is unset.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::extract::Query;
use axum::response::Html;
use fantoccini::{ClientBuilder, Locator};

use crate::helpers::*;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_chromedriver(path: &str) -> (Driver, String) {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if reqwest::get(format!("{url}/status")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Driver(child), url)
}

pub async fn chromium() -> Option<(fantoccini::Client, impl Drop)> {
    let driver_path = required_env("CHROMEDRIVER", "headless Chromium")?;
    let (driver, url) = start_chromedriver(&driver_path).await;
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let user_data = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                     format!("--user-data-dir={}", user_data.path().display()), "--window-size=1100,900"]
        }),
    );
    let client = ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(&url)
        .await
        .expect("connect to chromedriver");
    struct Guard(
        #[allow(dead_code)] Driver,
        #[allow(dead_code)] tempfile::TempDir,
    );
    impl Drop for Guard {
        fn drop(&mut self) {}
    }
    Some((client, Guard(driver, user_data)))
}

/// Types `text` into the field with id `id`.
pub async fn fill(browser: &fantoccini::Client, id: &str, text: &str) {
    let field = browser
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no field #{id}: {e}"));
    field.send_keys(text).await.unwrap();
}

/// Clicks the element `css` selects.
pub async fn click(browser: &fantoccini::Client, css: &str) {
    let element = browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    element.click().await.unwrap();
}

/// Opens `url`, signs in on the form it leads to as `email` (with [`PASSWORD`]) once the form
/// is there, and waits until the browser is on a URL containing `lands_on`.
pub async fn sign_in_at(browser: &fantoccini::Client, url: &str, email: &str, lands_on: &str) {
    browser.goto(url).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Id("password"))
        .await
        .unwrap();
    fill(browser, "email", email).await;
    fill(browser, "password", PASSWORD).await;
    click(browser, "button[type=submit]").await;
    wait_for_url(browser, lands_on).await;
}

/// Waits until the browser's URL contains `fragment` (a click's navigation has happened), so
/// that elements found next belong to the new page.
/// Screenshots of the current page at desktop (1100 px) and phone (390 px) widths, as
/// `target/tmp/screenshots/{name}-desktop.png` and `-phone.png`, asserting that neither
/// scrolls sideways; the window is left at desktop width.
pub async fn screenshots(browser: &fantoccini::Client, name: &str) {
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (width, height, suffix) in [(1100, 900, "desktop"), (390, 844, "phone")] {
        browser.set_window_size(width, height).await.unwrap();
        std::fs::write(
            shots.join(format!("{name}-{suffix}.png")),
            browser.screenshot().await.unwrap(),
        )
        .unwrap();
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
            "{name}: no sideways scroll at {width} px"
        );
    }
    browser.set_window_size(1100, 900).await.unwrap();
}

pub async fn wait_for_url(browser: &fantoccini::Client, fragment: &str) {
    for _ in 0..100 {
        if browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains(fragment)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the browser never reached a URL containing {fragment}");
}

/// A relying party with one page: its callback exchanges the code and greets the user.
pub async fn start_relying_party(app: &TestApp) -> (RegisteredClient, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let client = app
        .add_client(ClientSpec {
            redirect_uri: format!("{base}/callback"),
            ..ClientSpec::confidential()
        })
        .await;
    let token_url = app.url("/token");
    let rp_client = client.clone();
    let router = axum::Router::new().route(
        "/callback",
        axum::routing::get(
            move |Query(q): Query<std::collections::HashMap<String, String>>| {
                let token_url = token_url.clone();
                let rp_client = rp_client.clone();
                async move {
                    let Some(code) = q.get("code") else {
                        return Html(format!(
                            "<h1>Error</h1><p id=result>{}</p>",
                            q.get("error").cloned().unwrap_or_default()
                        ));
                    };
                    let tokens: serde_json::Value = reqwest::Client::new()
                        .post(&token_url)
                        .basic_auth(&rp_client.id, rp_client.secret.as_deref())
                        .form(&[
                            ("grant_type", "authorization_code"),
                            ("code", code.as_str()),
                            ("redirect_uri", rp_client.redirect_uri.as_str()),
                            (
                                "code_verifier",
                                "browser-test-verifier-0123456789-abcdefghijklmnop",
                            ),
                        ])
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    let claims = tokens["id_token"]
                        .as_str()
                        .and_then(|t| t.split('.').nth(1))
                        .and_then(|p| {
                            base64::Engine::decode(
                                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                                p,
                            )
                            .ok()
                        })
                        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                        .unwrap_or_default();
                    // Who it is: the address, or for a phone-only account its number.
                    let email = claims["email"]
                        .as_str()
                        .or(claims["phone_number"].as_str())
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("no id_token: {tokens}"));
                    let privileges = claims["privileges"].to_string();
                    Html(format!(
                        "<h1>Relying party</h1><p id=result>Signed in as {email}</p><p id=privileges>{privileges}</p>"
                    ))
                }
            },
        ),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (client, base)
}

#[tokio::test]
async fn sign_in_through_the_real_pages_lands_on_the_relying_party() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
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
    browser.goto(&auth).await.unwrap();
    // /authorize redirects to the sign-in page: wait for it to be the page shown (under load
    // a screenshot taken at once can land mid-navigation).
    browser
        .wait()
        .for_element(Locator::Id("password"))
        .await
        .unwrap();
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("login.png"), browser.screenshot().await.unwrap()).unwrap();

    // A wrong password first: the page says so, generically.
    fill(&browser, "email", "ada@example.com").await;
    fill(&browser, "password", "wrong password!!").await;
    click(&browser, "button[type=submit]").await;
    let alert = browser
        .wait()
        .for_element(Locator::Css(".alert"))
        .await
        .unwrap();
    assert!(alert.text().await.unwrap().contains("incorrect"));
    std::fs::write(
        shots.join("login-error.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();

    fill(&browser, "password", PASSWORD).await;
    click(&browser, "button[type=submit]").await;
    let result = browser
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(result.text().await.unwrap(), "Signed in as ada@example.com");
    let landed = browser.current_url().await.unwrap();
    assert!(
        landed.as_str().starts_with(&client.redirect_uri),
        "{landed}"
    );
    assert_eq!(
        landed
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .as_deref(),
        Some("xyz")
    );
    std::fs::write(
        shots.join("relying-party.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();
    browser.close().await.unwrap();
}

/// The code an authenticator app holding `secret` shows at `time`.
fn app_code(secret: &[u8], time: i64) -> String {
    gatehouse::crypto::totp::code_at(secret, time).expect("TOTP code")
}

#[tokio::test]
async fn two_step_sign_in_enrolls_and_signs_in_with_a_computed_code() {
    let Some((browser, _guard)) = chromium().await else {
        return;
    };
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;

    // Signed in with the password alone (the test policy asks no second factor of users).
    sign_in_at(&browser, &app.url("/login"), "ada@example.com", "/account").await;

    // The security page offers an authenticator app; its page shows a QR code and the key.
    browser.goto(&app.url("/account/security")).await.unwrap();
    let status = browser.find(Locator::Id("mfa-status")).await.unwrap();
    assert!(status.text().await.unwrap().starts_with("Off"));
    click(&browser, "a[href=\"/account/security/app\"]").await;
    wait_for_url(&browser, "/account/security/app").await;
    let qr = browser
        .find(Locator::Css(".qr svg"))
        .await
        .expect("the QR code is on the page");
    let (_, _, width, height) = qr.rectangle().await.unwrap();
    assert!(
        width >= 100.0 && height >= 100.0,
        "QR code is {width}x{height}"
    );
    let secret_text = browser
        .find(Locator::Id("totp-secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = totp_rs::Secret::try_from_base32(secret_text.trim())
        .unwrap_or_else(|e| panic!("the key {secret_text:?} is not base32: {e}"))
        .as_bytes()
        .to_vec();
    // Signed in moments ago: the password is not asked again.
    assert!(browser.find(Locator::Id("password")).await.is_err());
    std::fs::write(
        std::env::temp_dir().join("gatehouse-enroll.png"),
        browser.screenshot().await.unwrap(),
    )
    .unwrap();

    fill(&browser, "code", &app_code(&secret, app.clock.now_secs())).await;
    click(&browser, "button[type=submit]").await;
    let codes = browser
        .wait()
        .for_element(Locator::Id("recovery-codes"))
        .await
        .unwrap();
    let codes = codes.find_all(Locator::Css("li")).await.unwrap();
    assert_eq!(codes.len(), 10);
    browser
        .find(Locator::LinkText("I have saved them, continue"))
        .await
        .expect("a way on from the recovery codes");

    // Signed out; a relying party sends the browser back half a minute later, so the next
    // code is a new one (an accepted code is never accepted again).
    browser.delete_all_cookies().await.unwrap();
    app.clock.advance(31);
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
    sign_in_at(&browser, &auth, "ada@example.com", "/login/two-factor").await;

    // A code from ten minutes away (far outside the one-step skew) is refused.
    let now = app.clock.now_secs();
    let current: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| app_code(&secret, now + d))
        .collect();
    let wrong = (20..)
        .map(|steps| app_code(&secret, now + 30 * steps))
        .find(|code| !current.contains(code))
        .unwrap();
    fill(&browser, "code", &wrong).await;
    click(&browser, "button[type=submit]").await;
    let alert = browser
        .wait()
        .for_element(Locator::Css(".alert"))
        .await
        .unwrap();
    assert!(!alert.text().await.unwrap().is_empty());

    fill(&browser, "code", &app_code(&secret, now)).await;
    click(&browser, "button[type=submit]").await;
    let result = browser
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(result.text().await.unwrap(), "Signed in as ada@example.com");
    let landed = browser.current_url().await.unwrap();
    assert!(
        landed.as_str().starts_with(&client.redirect_uri),
        "{landed}"
    );
    browser.close().await.unwrap();
}

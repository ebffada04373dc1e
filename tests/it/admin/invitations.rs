//! Invitations: the invited privileges, expiry, resending, revoking; the flow in Chromium.

use reqwest::Method;
use serde_json::{Value, json};

use super::{permissions, setup_with};
use crate::helpers::*;

#[tokio::test]
async fn invitations_register_people_with_the_invited_privileges() {
    let (app, sink) = crate::accounts::spawn_with_mail(|s| {
        permissions(s);
        s.accounts.allow_registration = false;
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (status, invitation) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "Newbie@Example.com", "privileges": ["user", "customer"]})),
        )
        .await;
    assert_eq!(status, 201, "{invitation}");
    assert_eq!(invitation["status"], "open");
    let message = sink
        .wait_for("newbie@example.com", std::time::Duration::from_secs(5))
        .await;
    assert!(message.subject().contains("Gatehouse"));
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();

    // Registration is closed, yet the invitation works.
    let browser = browser();
    let page = browser
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("newbie@example.com"));
    let form = |password: &str| {
        vec![
            ("csrf", hidden_value(&page, "csrf")),
            ("token", hidden_value(&page, "token")),
            ("first_name", "New".to_string()),
            ("last_name", "Bie".to_string()),
            ("password", password.to_string()),
        ]
    };
    let weak = browser
        .post(app.url("/invite"))
        .form(&form("password1234"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        weak.status(),
        422,
        "the invitation survives a refused password"
    );
    let done = browser
        .post(app.url("/invite"))
        .form(&form(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?invited=1");
    assert_eq!(
        browser.get(&link).send().await.unwrap().status(),
        400,
        "single use"
    );

    // Sign in through an RP: the ID token carries the invited privileges.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(app, &client, "openid privileges");
    let callback =
        authorize_through_login(app, &crate::helpers::browser(), &auth, "newbie@example.com").await;
    let tokens = exchange_code(
        app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
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
    assert_eq!(claims["privileges"], json!(["customer", "user"]));
    assert_eq!(claims.get("email_verified"), None, "no email scope asked");

    let (_, list) = app.api(key, Method::GET, "/invitations", None).await;
    assert_eq!(list["invitations"][0]["status"], "accepted");
}

#[tokio::test]
async fn invitations_expire_can_be_resent_and_revoked() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let (_, inv) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "late@example.com"})),
        )
        .await;
    let id = inv["id"].as_str().unwrap().to_string();
    let first = sink
        .wait_for("late@example.com", std::time::Duration::from_secs(5))
        .await;
    let first_link = first
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    app.clock.advance(7 * 86400 + 1);
    assert_eq!(
        browser().get(&first_link).send().await.unwrap().status(),
        400,
        "expired after 7 days"
    );
    let (_, listed) = app.api(key, Method::GET, "/invitations", None).await;
    assert_eq!(listed["invitations"][0]["status"], "expired");

    let (status, _) = app
        .api(
            key,
            Method::POST,
            &format!("/invitations/{id}/resend"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(sink.messages().len(), 2);
    let second = sink
        .wait_for("late@example.com", std::time::Duration::from_secs(5))
        .await;
    let second_link = second
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    assert_ne!(first_link, second_link);
    assert_eq!(
        browser().get(&second_link).send().await.unwrap().status(),
        200
    );

    assert_eq!(
        app.api(key, Method::DELETE, &format!("/invitations/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        browser().get(&second_link).send().await.unwrap().status(),
        400,
        "revoked"
    );
    assert_eq!(
        app.api(key, Method::DELETE, &format!("/invitations/{id}"), None)
            .await
            .0,
        409
    );

    // Delegates invite only with privileges they hold; existing users cannot be invited.
    let trainer = Some(a.trainer_key.as_str());
    let (status, _) = app
        .api(
            trainer,
            Method::POST,
            "/invitations",
            Some(json!({"email": "x@example.com", "privileges": ["admin"]})),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            trainer,
            Method::POST,
            "/invitations",
            Some(json!({"email": "x@example.com", "privileges": ["trainer"]})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = app
        .api(
            key,
            Method::POST,
            "/invitations",
            Some(json!({"email": "root@example.com"})),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/invitations", None)
            .await
            .0,
        403
    );
}

/// Headless Chromium: an administrator invites someone from the console; the invitee
/// registers from the message and signs in to a relying party, whose ID token carries the
/// invited privilege.
#[tokio::test]
async fn invite_register_and_sign_in_in_chromium() {
    use crate::browser::{click, fill, wait_for_url};
    use fantoccini::Locator;
    let Some((chrome, _guard)) = crate::browser::chromium().await else {
        return;
    };
    let (app, sink) = crate::accounts::spawn_with_mail(|s| {
        permissions(s);
        s.accounts.allow_registration = false;
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    chrome.goto(&app.url("/login")).await.unwrap();
    fill(&chrome, "email", "root@example.com").await;
    fill(&chrome, "password", PASSWORD).await;
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "/account").await;
    chrome
        .find(Locator::LinkText("Administration console"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&chrome, "/admin").await;
    std::fs::write(
        shots.join("console-dashboard.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();
    chrome.goto(&app.url("/admin/users")).await.unwrap();
    std::fs::write(
        shots.join("console-users.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();
    chrome
        .find(Locator::LinkText("Invitations"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_url(&chrome, "/admin/invitations").await;
    fill(&chrome, "email", "invitee@example.com").await;
    click(&chrome, "input[value=customer]").await;
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "done=sent").await;
    std::fs::write(
        shots.join("console-invitations.png"),
        chrome.screenshot().await.unwrap(),
    )
    .unwrap();

    let message = sink
        .wait_for("invitee@example.com", std::time::Duration::from_secs(10))
        .await;
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/invite?token="))
        .unwrap()
        .to_string();
    chrome.goto(&link).await.unwrap();
    fill(&chrome, "first_name", "Invited").await;
    fill(&chrome, "last_name", "Person").await;
    fill(&chrome, "password", PASSWORD).await;
    std::fs::write(shots.join("invite.png"), chrome.screenshot().await.unwrap()).unwrap();
    click(&chrome, "button.primary").await;
    wait_for_url(&chrome, "/login?invited=1").await;

    // The invitee signs in to a relying party.
    let (client, _) = crate::browser::start_relying_party(app).await;
    let challenge = gatehouse::crypto::token::b64url(&gatehouse::crypto::token::sha256(
        b"browser-test-verifier-0123456789-abcdefghijklmnop",
    ));
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid%20email%20privileges&state=s&prompt=login&code_challenge={challenge}&code_challenge_method=S256",
        app.url("/authorize"),
        client.id,
        client.redirect_uri
    );
    chrome.goto(&auth).await.unwrap();
    wait_for_url(&chrome, "/login?req=").await;
    fill(&chrome, "email", "invitee@example.com").await;
    fill(&chrome, "password", PASSWORD).await;
    click(&chrome, "button.primary").await;
    let result = chrome
        .wait()
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    assert_eq!(
        result.text().await.unwrap(),
        "Signed in as invitee@example.com"
    );
    let privileges = chrome
        .find(Locator::Id("privileges"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(privileges.contains("customer"), "{privileges}");
    chrome.close().await.unwrap();
}

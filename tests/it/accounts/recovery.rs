//! Passwords: reset through a mailed link (expiry, throttling), and the change on the account
//! page; both sign out the account's other sessions and tokens.

use std::time::Duration;

use super::{NEW_PASSWORD, audit_kinds, link_in, settle_at, spawn_with_mail};
use crate::helpers::*;

#[tokio::test]
async fn forgot_password_resets_and_signs_out_everywhere() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let ada_id = app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    // A signed-in browser holding an offline refresh token.
    let other = browser();
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = authorize_through_login(&app, &other, &auth, "ada@example.com").await;
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();

    // Asking: the same answer for a known and an unknown address; mail only for the known one.
    let browser = browser();
    let token = app.csrf(&browser, "/password/forgot").await;
    let mut pages = Vec::new();
    for email in ["ada@example.com", "nobody@example.com"] {
        let r = browser
            .post(app.url("/password/forgot"))
            .form(&[("csrf", token.as_str()), ("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        pages.push(
            r.text()
                .await
                .unwrap()
                .split("name=\"csrf\"")
                .next()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(pages[0], pages[1], "no account enumeration");
    assert_eq!(
        settle_at(&sink, 1).await,
        1,
        "mail only for the known address"
    );
    let message = sink
        .wait_for("ada@example.com", Duration::from_secs(5))
        .await;
    let link = link_in(&message, "/password/reset?token=");

    // Weak password refused; the link survives that.
    let html = browser
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("ada@example.com"));
    let reset_token = hidden_value(&html, "token");
    let form_csrf = hidden_value(&html, "csrf");
    let weak = browser
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", form_csrf.as_str()),
            ("token", reset_token.as_str()),
            ("new", "password1234"),
            ("confirm", "password1234"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422);
    let done = browser
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", form_csrf.as_str()),
            ("token", reset_token.as_str()),
            ("new", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?reset=1");

    // Everything signed in before is out: the other browser, and the refresh token.
    assert_eq!(
        location(&other.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let refreshed = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 400);
    // Old password out, new in; the link is single-use.
    assert_eq!(
        submit_login(
            &app,
            &crate::helpers::browser(),
            &app.url("/login"),
            "ada@example.com",
            PASSWORD
        )
        .await
        .status(),
        401
    );
    app.sign_in("ada@example.com", NEW_PASSWORD).await;
    assert_eq!(browser.get(&link).send().await.unwrap().status(), 400);
    let kinds = audit_kinds(&app, &ada_id).await;
    assert!(
        kinds.contains(&"password_reset_requested".to_string())
            && kinds.contains(&"password_reset".to_string())
    );
}

#[tokio::test]
async fn reset_links_expire_and_requests_are_throttled() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    let token = app.csrf(&browser, "/password/forgot").await;
    let ask = |ip: &'static str| {
        let browser = browser.clone();
        let token = token.clone();
        let url = app.url("/password/forgot");
        async move {
            browser
                .post(url)
                .header("x-forwarded-for", ip)
                .form(&[("csrf", token.as_str()), ("email", "ada@example.com")])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(ask("10.0.0.1").await.status(), 200);
    let link = link_in(
        &sink
            .wait_for("ada@example.com", Duration::from_secs(5))
            .await,
        "/password/reset?token=",
    );
    app.clock.advance(30 * 60 + 1);
    assert_eq!(
        browser.get(&link).send().await.unwrap().status(),
        400,
        "expired after 30 minutes"
    );

    // Per account: the sixth request in the window is refused, from any address.
    for i in 0..5 {
        let ip: &'static str = Box::leak(format!("10.1.0.{i}").into_boxed_str());
        ask(ip).await;
    }
    let blocked = ask("10.2.0.1").await;
    assert_eq!(blocked.status(), 429);
    assert!(blocked.text().await.unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let elsewhere = app.sign_in("ada@example.com", PASSWORD).await;
    // Elsewhere also holds an offline refresh token.
    let client = app.add_client(ClientSpec::confidential()).await;
    let (auth, verifier) = pkce_authorize_url(&app, &client, "openid offline_access");
    let callback = location(&elsewhere.get(&auth).send().await.unwrap());
    let tokens = exchange_code(
        &app,
        &client,
        &query_param(&callback, "code").unwrap(),
        &verifier,
    )
    .await;
    let here = app.sign_in("ada@example.com", PASSWORD).await;
    let page = here
        .get(app.url("/account/password"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changed = here
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("current", PASSWORD.into()),
            ("new", NEW_PASSWORD.into()),
            ("confirm", NEW_PASSWORD.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&changed), "/account?changed=1");
    assert_eq!(
        here.get(app.url("/account")).send().await.unwrap().status(),
        200,
        "this browser stays in"
    );
    assert_eq!(
        location(&elsewhere.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let (status, _) = token_request(
        &app,
        &client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_eq!(
        status, 400,
        "offline tokens obtained elsewhere are revoked too"
    );
    let kinds = audit_kinds(&app, &ada).await;
    assert!(
        kinds.contains(&"password_changed".to_string())
            && kinds.contains(&"session_ended".to_string())
    );
}

//! Prompts and consent: `prompt=none`, `max_age=0`, consent for third-party clients,
//! remembered and never a way around a demanded sign-in.

use super::{
    exchange_raw, introspect_raw, jwt_claims, relying_party, sign_in_for_code, start_auth,
};
use crate::helpers::*;

#[tokio::test]
async fn prompt_none_without_session_and_max_age_zero() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();

    let silent = start_auth(&rp, &["openid"], &[("prompt", "none")]);
    let response = browser.get(&silent.url).send().await.unwrap();
    let target = location(&response);
    assert_eq!(
        query_param(&target, "error").as_deref(),
        Some("login_required")
    );
    assert_eq!(
        query_param(&target, "state").as_deref(),
        Some(silent.state.secret().as_str())
    );

    // Sign in once; then prompt=none succeeds silently.
    let started = start_auth(&rp, &["openid"], &[]);
    let first_code = sign_in_for_code(&app, &browser, &started, "ada@example.com").await;
    let (_, first) = exchange_raw(&app, &client, &first_code, started.verifier.secret()).await;
    let first_access = first["access_token"].as_str().unwrap().to_string();
    let silent = start_auth(&rp, &["openid"], &[("prompt", "none")]);
    let response = browser.get(&silent.url).send().await.unwrap();
    assert!(query_param(&location(&response), "code").is_some());

    // max_age=0 forces a new sign-in even with a live session, and auth_time moves.
    app.clock.advance(30);
    let forced = start_auth(&rp, &["openid"], &[("max_age", "0")]);
    let response = browser.get(&forced.url).send().await.unwrap();
    assert!(
        location(&response).starts_with("/login?req="),
        "max_age=0 shows the sign-in page"
    );
    let code = sign_in_for_code(&app, &browser, &forced, "ada@example.com").await;
    let (_, body) = exchange_raw(&app, &client, &code, forced.verifier.secret()).await;
    let auth_time = jwt_claims(body["id_token"].as_str().unwrap())["auth_time"]
        .as_i64()
        .unwrap();
    assert_eq!(auth_time, app.clock.now_secs(), "a fresh sign-in happened");
    assert_eq!(
        introspect_raw(&app, &client, &first_access).await["active"],
        true,
        "re-authenticating as the same user keeps earlier grants"
    );

    // prompt=login likewise.
    let forced = start_auth(&rp, &["openid"], &[("prompt", "login")]);
    let response = browser.get(&forced.url).send().await.unwrap();
    assert!(location(&response).starts_with("/login?req="));
}

#[tokio::test]
async fn consent_is_asked_for_third_party_clients_and_remembered() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            name: "Third Party",
            ..ClientSpec::confidential()
        })
        .await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();

    let started = start_auth(&rp, &["openid", "email"], &[]);
    let response = follow(&app, &browser, started.url.clone()).await;
    let posted = submit_login(
        &app,
        &browser,
        response.url().as_str(),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    let consent = follow(&app, &browser, app.url(&location(&posted))).await;
    assert!(consent.url().path().starts_with("/consent"));
    let html = consent.text().await.unwrap();
    assert!(html.contains("Third Party") && html.contains("Your e-mail address"));
    let csrf = hidden_value(&html, "csrf");
    let req = hidden_value(&html, "req");

    // Deny: access_denied back at the client.
    let denied = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("req", req.as_str()),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        query_param(&location(&denied), "error").as_deref(),
        Some("access_denied")
    );

    // Allow on a new request, then the next request skips the page.
    let started = start_auth(&rp, &["openid", "email"], &[]);
    let consent = follow(&app, &browser, started.url.clone()).await;
    let html = consent.text().await.unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("req", hidden_value(&html, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    assert!(query_param(&location(&allowed), "code").is_some());
    let again = start_auth(&rp, &["openid", "email"], &[]);
    let response = browser.get(&again.url).send().await.unwrap();
    assert!(
        query_param(&location(&response), "code").is_some(),
        "consent remembered"
    );
    // A wider scope asks again; prompt=none then fails with consent_required.
    let wider = start_auth(
        &rp,
        &["openid", "email", "privileges"],
        &[("prompt", "none")],
    );
    let response = browser.get(&wider.url).send().await.unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("consent_required")
    );
}

/// Review finding: answering the consent page must not skip the fresh sign-in that
/// `prompt=login` demands.
#[tokio::test]
async fn consent_cannot_skip_a_demanded_sign_in() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let client = app
        .add_client(ClientSpec {
            first_party: false,
            ..ClientSpec::confidential()
        })
        .await;
    let rp = relying_party(&app, &client).await;
    let browser = browser();
    // Signed in, with consent given once.
    let started = start_auth(&rp, &["openid"], &[]);
    let consent = follow(&app, &browser, started.url.clone()).await;
    let posted = submit_login(
        &app,
        &browser,
        consent.url().as_str(),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    let page = follow(&app, &browser, app.url(&location(&posted)))
        .await
        .text()
        .await
        .unwrap();
    let allowed = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("req", hidden_value(&page, "req")),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    assert!(query_param(&location(&allowed), "code").is_some());

    // Step-up: prompt=login and consent again; someone skips to the consent page.
    app.clock.advance(60);
    let step_up = start_auth(&rp, &["openid"], &[("prompt", "login consent")]);
    let response = browser.get(&step_up.url).send().await.unwrap();
    let login = location(&response);
    assert!(login.starts_with("/login?req="));
    let req = login.trim_start_matches("/login?req=");
    let page = browser
        .get(app.url(&format!("/consent?req={req}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let skipped = browser
        .post(app.url("/consent"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("req", req.to_string()),
            ("decision", "allow".into()),
        ])
        .send()
        .await
        .unwrap();
    let next = location(&skipped);
    assert!(
        query_param(&format!("http://x{next}"), "code").is_none() && !next.contains("code="),
        "no code without the sign-in: {next}"
    );
    let again = follow(&app, &browser, app.url(&next)).await;
    assert!(
        again.url().path().starts_with("/login"),
        "sent to sign in: {}",
        again.url()
    );
}

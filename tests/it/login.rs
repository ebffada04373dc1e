//! The sign-in pages: CSRF, generic errors, throttling, the bootstrap admin's forced change,
//! and the security headers every page carries.

use crate::helpers::*;

#[tokio::test]
async fn pages_carry_security_headers_and_csrf_cookie() {
    let app = spawn_app().await;
    let response = browser().get(app.url("/login")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["cache-control"], "no-store");
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http issuer: no Secure flag"
    );
}

#[tokio::test]
async fn https_issuer_makes_cookies_secure_and_host_prefixed() {
    let app = spawn_app_with(Db::Sqlite, |s| s.issuer = "https://id.example.test".into()).await;
    // The issuer is https but we talk plain HTTP to the listener directly.
    let response = browser()
        .get(format!("http://{}/login", app.settings.listen))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.starts_with("__Host-gh_csrf=") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(response.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn login_without_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    browser.get(app.url("/login")).send().await.unwrap();
    let response = browser
        .post(app.url("/login"))
        .form(&[
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .headers()
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().contains("gh_session"))
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    let wrong = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "ada@example.com",
        "not the password at all",
    )
    .await;
    let unknown = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "nobody@example.com",
        "not the password at all",
    )
    .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let strip = |html: String| html.split("name=\"csrf\"").next().unwrap().to_string();
    let wrong = strip(wrong.text().await.unwrap());
    let unknown =
        strip(unknown.text().await.unwrap()).replace("nobody@example.com", "ada@example.com");
    assert!(wrong.contains("The e-mail address or password is incorrect."));
    assert_eq!(wrong, unknown, "no account enumeration");
    let ok = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(location(&ok), "/account");
    let account = browser
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(account.contains("Ada Lovelace") && account.contains("ada@example.com"));
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account_and_ip() {
    let app = spawn_app_with(Db::Sqlite, |s| s.trust_proxy_headers = true).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = browser();
    let login = app.url("/login");
    // Five failures for one account, each from a different address: the account bucket fills.
    for i in 0..5 {
        let ip = format!("10.0.0.{i}");
        let r = submit_login_from(
            &app,
            &browser,
            &login,
            "ada@example.com",
            "wrong password here",
            Some(&ip),
        )
        .await;
        assert!(matches!(r.status().as_u16(), 401 | 429));
    }
    // Now even the right password is held back, from a fresh address, with the wait stated.
    let blocked = submit_login_from(
        &app,
        &browser,
        &login,
        "ada@example.com",
        PASSWORD,
        Some("10.0.1.1"),
    )
    .await;
    assert_eq!(blocked.status(), 429);
    assert!(
        blocked
            .text()
            .await
            .unwrap()
            .contains("Too many failed attempts")
    );
    // An address that does not exist is throttled identically (no enumeration through limits).
    for i in 0..5 {
        let ip = format!("10.0.2.{i}");
        submit_login_from(
            &app,
            &browser,
            &login,
            "ghost@example.com",
            "wrong password here",
            Some(&ip),
        )
        .await;
    }
    let ghost = submit_login_from(
        &app,
        &browser,
        &login,
        "ghost@example.com",
        "wrong password here",
        Some("10.0.3.1"),
    )
    .await;
    assert_eq!(ghost.status(), 429);
    // One address trying many accounts is throttled by the per-IP bucket.
    for i in 0..5 {
        let email = format!("user{i}@example.com");
        submit_login_from(
            &app,
            &browser,
            &login,
            &email,
            "wrong password here",
            Some("10.9.9.9"),
        )
        .await;
    }
    app.add_user("bob@example.com", &["user"]).await;
    let by_ip = submit_login_from(
        &app,
        &browser,
        &login,
        "bob@example.com",
        PASSWORD,
        Some("10.9.9.9"),
    )
    .await;
    assert_eq!(by_ip.status(), 429);
    let elsewhere = submit_login_from(
        &app,
        &browser,
        &login,
        "bob@example.com",
        PASSWORD,
        Some("10.8.8.8"),
    )
    .await;
    assert_eq!(elsewhere.status(), 303);
    // Time heals: after the delay the right password works again.
    app.clock.advance(15 * 60 + 1);
    let ok = submit_login_from(
        &app,
        &browser,
        &login,
        "ada@example.com",
        PASSWORD,
        Some("10.0.1.1"),
    )
    .await;
    assert_eq!(ok.status(), 303);
}

#[tokio::test]
async fn bootstrap_admin_must_change_the_one_time_password() {
    let app = spawn_app().await;
    let one_time = app
        .admin_password
        .clone()
        .expect("bootstrap admin created on first start");
    let browser = browser();
    let response = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "admin@example.com",
        &one_time,
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/account/password");
    // The account page sends them back to the change form until they have changed it.
    let account = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(location(&account), "/account/password");
    let page = browser
        .get(app.url("/account/password"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Choose a new password"));
    let csrf = hidden_value(&page, "csrf");
    // Too short: refused with the reason.
    let short = browser
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", one_time.as_str()),
            ("new", "short"),
            ("confirm", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 422);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("at least 12 characters")
    );
    let changed = browser
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", one_time.as_str()),
            ("new", PASSWORD),
            ("confirm", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);
    let account = browser
        .get(app.url(&location(&changed)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(account.contains("admin") && account.contains("Your password has been changed"));
    // The one-time password no longer works; the new one does.
    let other = crate::helpers::browser();
    let old = submit_login(
        &app,
        &other,
        &app.url("/login"),
        "admin@example.com",
        &one_time,
    )
    .await;
    assert_eq!(old.status(), 401);
    let new = submit_login(
        &app,
        &other,
        &app.url("/login"),
        "admin@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&new), "/account");
}

#[tokio::test]
async fn forced_change_happens_inside_an_authorization_flow() {
    let app = spawn_app().await;
    let one_time = app.admin_password.clone().unwrap();
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid&state=st",
        app.url("/authorize"),
        client.id,
        client.redirect_uri
    );
    // prompt=none cannot do it silently.
    let response = browser
        .get(format!("{auth}&prompt=none"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query_param(&location(&response), "error").as_deref(),
        Some("login_required")
    );
    let login = follow(&app, &browser, auth.clone()).await;
    let posted = submit_login(
        &app,
        &browser,
        login.url().as_str(),
        "admin@example.com",
        &one_time,
    )
    .await;
    let target = location(&posted);
    assert!(target.starts_with("/account/password?req="), "{target}");
    let page = browser
        .get(app.url(&target))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changed = browser
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf")),
            ("req", hidden_value(&page, "req")),
            ("current", one_time.clone()),
            ("new", PASSWORD.into()),
            ("confirm", PASSWORD.into()),
        ])
        .send()
        .await
        .unwrap();
    let resumed = follow(&app, &browser, app.url(&location(&changed))).await;
    assert!(
        query_param(&location(&resumed), "code").is_some(),
        "the flow completes after the change"
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    app.app.store.close().await;
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let missing = reqwest::get(app.url("/nope")).await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn discovery_is_complete() {
    let app = spawn_app().await;
    let doc: serde_json::Value = reqwest::get(app.url("/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], app.issuer.as_str());
    for endpoint in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
        "introspection_endpoint",
        "revocation_endpoint",
    ] {
        let url = doc[endpoint]
            .as_str()
            .unwrap_or_else(|| panic!("{endpoint} missing"));
        assert!(url.starts_with(&app.issuer));
    }
    assert_eq!(
        doc["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    assert_eq!(
        doc["response_modes_supported"],
        serde_json::json!(["query", "form_post"])
    );
    assert!(
        doc["scopes_supported"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "privileges")
    );
    assert!(
        doc["id_token_signing_alg_values_supported"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "RS256")
    );
}

#[tokio::test]
async fn es256_and_eddsa_are_selectable() {
    use gatehouse::crypto::keys::SigningAlg;
    for alg in [SigningAlg::ES256, SigningAlg::EdDSA] {
        let app = spawn_app_with(Db::Sqlite, |s| s.tokens.signing_alg = alg).await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let response: serde_json::Value = reqwest::Client::new()
            .post(app.url("/token"))
            .basic_auth(&client.id, client.secret.as_deref())
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = response["access_token"].as_str().unwrap();
        let header: serde_json::Value = serde_json::from_slice(
            &base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                token.split('.').next().unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(header["alg"], alg.as_str());
        let jwks: serde_json::Value = reqwest::get(app.url("/jwks"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let algs: Vec<&str> = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["alg"].as_str().unwrap())
            .collect();
        assert!(
            algs.contains(&"RS256") && algs.contains(&alg.as_str()),
            "RS256 always published: {algs:?}"
        );
        let introspection: serde_json::Value = reqwest::Client::new()
            .post(app.url("/introspect"))
            .basic_auth(&client.id, client.secret.as_deref())
            .form(&[("token", token)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(introspection["active"], true);
    }
}

#[tokio::test]
async fn built_in_tls_serves_https() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.tls.cert_path = Some(cert_path.clone());
        s.tls.key_path = Some(key_path.clone());
    })
    .await;
    let port = app.settings.listen.rsplit(':').next().unwrap().to_string();
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    let response = client
        .get(format!("https://localhost:{port}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    // Plain HTTP on the TLS port gets nowhere.
    assert!(
        reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
            .await
            .map(|r| r.status() != 200)
            .unwrap_or(true)
    );
}

//! Two-step sign-in through HTTP: enrolling an authenticator app (the test reads the secret
//! off the page and computes codes like an app), the code step at sign-in with its replay,
//! skew and throttling rules, recovery codes, the administrators' policy, `acr`/`amr` in
//! tokens, and an administrator's reset.

use gatehouse::admin::api_keys;
use gatehouse::crypto::totp::code_at;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;
use crate::oidc_flow::jwt_claims;

const ACR_MFA: &str = "urn:gatehouse:acr:mfa";
const ACR_PASSWORD: &str = "urn:gatehouse:acr:password";

/// The text between `start` and the next `end` in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page:\n{html}"))
        + start.len();
    let to = html[from..].find(end).expect("end marker") + from;
    &html[from..to]
}

/// The secret as an app would store it, from the base32 text on the enrollment page.
fn secret_from(html: &str) -> Vec<u8> {
    let text = between(html, "id=\"totp-secret\">", "</code>");
    totp_rs::Secret::try_from_base32(text)
        .expect("base32 secret")
        .as_bytes()
        .to_vec()
}

/// The recovery codes listed on the page shown once after enrollment or renewal.
fn recovery_codes_from(html: &str) -> Vec<String> {
    let list = between(html, "id=\"recovery-codes\">", "</ul>");
    list.split("<code>")
        .skip(1)
        .map(|c| c.split("</code>").next().unwrap().to_string())
        .collect()
}

fn code_now(app: &TestApp, secret: &[u8]) -> String {
    code_at(secret, app.clock.now_secs()).unwrap()
}

/// Signs in with the password only (no second factor configured).
async fn password_session(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = crate::helpers::browser();
    let response = submit_login(app, &browser, &app.url("/login"), email, PASSWORD).await;
    assert_eq!(location(&response), "/account", "signed in");
    browser
}

/// Enrolls an authenticator from the account page; returns its secret and recovery codes.
async fn enroll_from_account(app: &TestApp, browser: &reqwest::Client) -> (Vec<u8>, Vec<String>) {
    let (status, html) = app.get_page(browser, "/account/security/app").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<svg"), "a QR code is drawn inline");
    let secret = secret_from(&html);
    let code = code_now(app, &secret);
    let response = app
        .post(
            browser,
            "/account/security/app",
            &[("csrf", &hidden_value(&html, "csrf")), ("code", &code)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let codes = recovery_codes_from(&html);
    (secret, codes)
}

/// Posts the password form and expects to be sent to the code step.
async fn password_then_code_step(
    app: &TestApp,
    browser: &reqwest::Client,
    login_url: &str,
    email: &str,
) -> String {
    let response = submit_login(app, browser, login_url, email, PASSWORD).await;
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert!(target.starts_with("/login/two-factor"), "{target}");
    target
}

/// Submits a code at the sign-in step.
async fn submit_code(
    app: &TestApp,
    browser: &reqwest::Client,
    step: &str,
    code: &str,
) -> reqwest::Response {
    let (status, html) = app.get_page(browser, step).await;
    assert_eq!(status, 200, "{html}");
    let mut form = vec![("csrf", hidden_value(&html, "csrf")), ("code", code.into())];
    if html.contains("name=\"req\"") {
        form.push(("req", hidden_value(&html, "req")));
    }
    browser
        .post(app.url("/login/two-factor"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    let response = browser.get(app.url("/account")).send().await.unwrap();
    response.status() == 200
}

/// The audit events of `kind` (about `user`, when given), newest first.
async fn audit_events(
    app: &TestApp,
    kind: &str,
    user: Option<&str>,
) -> Vec<gatehouse::store::AuditEntry> {
    app.app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            kind: Some(kind.into()),
            user_id: user.map(str::to_string),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// An admin API key with every capability of `user_id`.
async fn admin_key(app: &TestApp, user_id: &str) -> String {
    let owner = app.app.store.user_by_id(user_id).await.unwrap().unwrap();
    let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app.app, &owner)
        .into_iter()
        .collect();
    api_keys::create(&app.app, &owner, "test", &caps, None)
        .await
        .unwrap()
        .key
}

#[tokio::test]
async fn enrollment_needs_a_valid_code_and_stores_the_secret_sealed() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("<strong>Off</strong>"), "{html}");

    let (status, html) = app.get_page(&browser, "/account/security/app").await;
    assert_eq!(status, 200);
    let secret = secret_from(&html);
    assert_eq!(secret.len(), 20, "160-bit secret");
    // The same secret on reload, so a slow scan does not race a new one.
    let (_, again) = app.get_page(&browser, "/account/security/app").await;
    assert_eq!(secret_from(&again), secret);
    // The otpauth URL in the QR code names the site and the account.
    let url =
        gatehouse::crypto::totp::otpauth_url(&secret, "Gatehouse", "ada@example.com").unwrap();
    assert!(url.contains("issuer=Gatehouse") && url.contains("ada%40example.com"));

    // A wrong code enables nothing.
    let wrong = code_at(&secret, app.clock.now_secs() + 600).unwrap();
    let response = app
        .post(
            &browser,
            "/account/security/app",
            &[("csrf", &hidden_value(&html, "csrf")), ("code", &wrong)],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("not right"));
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());

    let (secret, codes) = enroll_from_account(&app, &browser).await;
    assert_eq!(codes.len(), 10);
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 19 && c.matches('-').count() == 3)
    );

    // Sealed at rest: neither the raw secret nor its base32 text is in the row.
    let factor = app.app.store.totp_factor(&ada).await.unwrap().unwrap();
    assert!(
        !factor
            .secret_enc
            .windows(secret.len())
            .any(|w| w == secret.as_slice())
    );
    let text = gatehouse::crypto::totp::secret_text(&secret);
    assert!(!String::from_utf8_lossy(&factor.secret_enc).contains(&text));
    // Bound to its user: opened under another user's context it fails.
    assert!(
        app.app
            .kek
            .open(&factor.secret_enc, "totp:someone-else")
            .is_err()
    );

    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("<strong>On</strong>"), "{html}");
    assert!(html.contains("10 of 10 recovery codes left"), "{html}");
}

#[tokio::test]
async fn sign_in_asks_for_the_code_before_any_session_and_refuses_replays() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let fresh = crate::helpers::browser();
    let step = password_then_code_step(&app, &fresh, &app.url("/login"), "ada@example.com").await;
    // The password alone earns no session.
    assert!(!signed_in(&app, &fresh).await);
    let code = code_now(&app, &secret);
    let response = submit_code(&app, &fresh, &step, &code).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/account");
    assert!(signed_in(&app, &fresh).await);

    // The same code again (another browser, same 30 s) is refused: replay.
    let other = crate::helpers::browser();
    let step = password_then_code_step(&app, &other, &app.url("/login"), "ada@example.com").await;
    let replay = submit_code(&app, &other, &step, &code).await;
    assert_eq!(replay.status(), 401);
    assert!(!signed_in(&app, &other).await);
    // So is the previous step's code, older than the one accepted.
    let older = code_at(&secret, app.clock.now_secs() - 30).unwrap();
    assert_eq!(submit_code(&app, &other, &step, &older).await.status(), 401);
    // The next step's code works (one step of skew ahead).
    let ahead = code_at(&secret, app.clock.now_secs() + 30).unwrap();
    let response = submit_code(&app, &other, &step, &ahead).await;
    assert_eq!(response.status(), 303);
    assert!(signed_in(&app, &other).await);
}

#[tokio::test]
async fn codes_one_step_off_pass_and_two_steps_off_fail() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(300);

    // The phone's clock runs 30 s slow: the code of the step before still passes.
    let slow = crate::helpers::browser();
    let step = password_then_code_step(&app, &slow, &app.url("/login"), "ada@example.com").await;
    let behind = code_at(&secret, app.clock.now_secs() - 30).unwrap();
    assert_eq!(submit_code(&app, &slow, &step, &behind).await.status(), 303);

    // Two steps off either way fails.
    app.clock.advance(300);
    let far = crate::helpers::browser();
    let step = password_then_code_step(&app, &far, &app.url("/login"), "ada@example.com").await;
    for offset in [-60, 60, 90] {
        let code = code_at(&secret, app.clock.now_secs() + offset).unwrap();
        if code == code_now(&app, &secret) {
            continue; // a collision of six digits, not a skew
        }
        assert_eq!(
            submit_code(&app, &far, &step, &code).await.status(),
            401,
            "offset {offset}"
        );
    }
    assert!(!signed_in(&app, &far).await);
}

#[tokio::test]
async fn wrong_codes_are_throttled_per_user() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let wrong = code_at(&secret, app.clock.now_secs() + 3600).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            submit_code(&app, &attacker, &step, &wrong)
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..4], &[401, 401, 401, 401]);
    assert!(statuses[4..].iter().all(|s| *s == 429), "{statuses:?}");
    // Blocked means blocked: the right code is refused too, from any browser.
    let right = code_now(&app, &secret);
    let response = submit_code(&app, &attacker, &step, &right).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Too many"));
    assert!(!signed_in(&app, &attacker).await);
    // Every failure is in the audit log.
    let failures = audit_events(&app, "mfa_failed", Some(&ada)).await;
    assert!(failures.len() >= 5, "{}", failures.len());
    // After the block runs out the right code works.
    app.clock.advance(3600);
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let right = code_now(&app, &secret);
    assert_eq!(
        submit_code(&app, &attacker, &step, &right).await.status(),
        303
    );
}

#[tokio::test]
async fn recovery_codes_work_once_each_and_run_out() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, codes) = enroll_from_account(&app, &browser).await;

    // Typed in capitals with spaces instead of dashes still counts.
    let first = codes[0].to_uppercase().replace('-', " ");
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &first).await.status(), 303);
    let (_, html) = app.get_page(&b, "/account/security").await;
    assert!(html.contains("9 of 10 recovery codes left"), "{html}");

    // Used once, never again.
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &codes[0]).await.status(), 401);
    // A made-up code fails.
    assert_eq!(
        submit_code(&app, &b, &step, "aaaa-bbbb-cccc-dddd")
            .await
            .status(),
        401
    );
    // The rest each work once (spread out so the failure bucket never fills).
    let mut last = crate::helpers::browser();
    for code in &codes[1..] {
        app.clock.advance(1000);
        last = crate::helpers::browser();
        let step =
            password_then_code_step(&app, &last, &app.url("/login"), "ada@example.com").await;
        assert_eq!(submit_code(&app, &last, &step, code).await.status(), 303);
    }
    let (_, html) = app.get_page(&last, "/account/security").await;

    assert!(html.contains("0 of 10 recovery codes left"), "{html}");
    assert!(html.contains("Renew them"), "{html}");
    // Exhausted: the last code does not work a second time.
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(submit_code(&app, &b, &step, &codes[9]).await.status(), 401);
    assert!(!signed_in(&app, &b).await);
}

#[tokio::test]
async fn renewing_and_disabling_need_a_recent_password() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (_, old_codes) = enroll_from_account(&app, &browser).await;
    wait_for_mail(
        &sink,
        "ada@example.com",
        "authenticator app was just set up",
    )
    .await;

    // Right after signing in no password is asked: renewing voids the old set.
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(!html.contains("name=\"password\""), "{html}");
    let response = app
        .post(
            &browser,
            "/account/security/recovery-codes",
            &[("csrf", &hidden_value(&html, "csrf"))],
        )
        .await;
    assert_eq!(response.status(), 200);
    let new_codes = recovery_codes_from(&response.text().await.unwrap());
    assert_eq!(new_codes.len(), 10);
    assert!(new_codes.iter().all(|c| !old_codes.contains(c)));
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "ada@example.com").await;
    assert_eq!(
        submit_code(&app, &b, &step, &old_codes[1]).await.status(),
        401
    );
    assert_eq!(
        submit_code(&app, &b, &step, &new_codes[1]).await.status(),
        303
    );

    // An hour later the password must be typed again.
    app.clock.advance(3600);
    let (_, html) = app.get_page(&browser, "/account/security").await;
    assert!(html.contains("name=\"password\""), "{html}");
    let csrf = hidden_value(&html, "csrf");
    let without = app
        .post(&browser, "/account/security/disable", &[("csrf", &csrf)])
        .await;
    assert_eq!(without.status(), 401);
    let wrong = app
        .post(
            &browser,
            "/account/security/disable",
            &[("csrf", &csrf), ("password", "not the password")],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_some());
    let right = app
        .post(
            &browser,
            "/account/security/disable",
            &[("csrf", &csrf), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&right), "/account/security?done=disabled");
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(app.app.store.recovery_codes_left(&ada).await.unwrap(), 0);
    wait_for_mail(&sink, "ada@example.com", "turned off").await;
    // The password alone signs in again.
    password_session(&app, "ada@example.com").await;
}

#[tokio::test]
async fn privileged_users_enroll_before_they_get_a_session() {
    let app = spawn_app_with(Db::Sqlite, default_mfa_policy).await;
    let dev = app
        .add_user("dev@example.com", &["developer", "user"])
        .await;
    let b = crate::helpers::browser();
    let step = password_then_code_step(&app, &b, &app.url("/login"), "dev@example.com").await;
    assert!(!signed_in(&app, &b).await, "no session before enrollment");
    let (status, html) = app.get_page(&b, &step).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("privileges require two-step sign-in"),
        "{html}"
    );
    let secret = secret_from(&html);
    // A wrong code keeps them at the step.
    let wrong = code_at(&secret, app.clock.now_secs() + 900).unwrap();
    assert_eq!(submit_code(&app, &b, &step, &wrong).await.status(), 401);
    assert!(!signed_in(&app, &b).await);
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(recovery_codes_from(&html).len(), 10);
    assert!(html.contains("href=\"/account\""), "{html}");
    assert!(signed_in(&app, &b).await);
    assert!(app.app.store.totp_factor(&dev).await.unwrap().is_some());
    // Their privileges forbid turning it off.
    let (_, html) = app.get_page(&b, "/account/security").await;
    assert!(!html.contains("/account/security/disable"));
    let refused = app
        .post(
            &b,
            "/account/security/disable",
            &[("csrf", &hidden_value(&html, "csrf"))],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(app.app.store.totp_factor(&dev).await.unwrap().is_some());

    // A plain user is not asked.
    app.add_user("plain@example.com", &["user"]).await;
    password_session(&app, "plain@example.com").await;

    // Someone promoted while signed in with a password only must step up on the next page.
    let promoted = app.add_user("promoted@example.com", &["user"]).await;
    let p = password_session(&app, "promoted@example.com").await;
    app.app
        .store
        .set_privileges(
            &promoted,
            &["developer".into(), "user".into()],
            app.clock.now_secs(),
        )
        .await
        .unwrap();
    let response = p.get(app.url("/account")).send().await.unwrap();
    assert_eq!(location(&response), "/login/two-factor/start");
    let response = p
        .get(app.url("/login/two-factor/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login/two-factor");
    let (_, html) = app.get_page(&p, "/login/two-factor").await;
    let secret = secret_from(&html);
    let response = submit_code(&app, &p, "/login/two-factor", &code_now(&app, &secret)).await;
    assert_eq!(response.status(), 200);
    assert!(signed_in(&app, &p).await);
}

#[tokio::test]
async fn bootstrap_admin_enrolls_then_changes_the_one_time_password() {
    let app = spawn_app_with(Db::Sqlite, default_mfa_policy).await;
    let one_time = app.admin_password.clone().expect("bootstrap admin");
    let b = crate::helpers::browser();
    let response = submit_login(&app, &b, &app.url("/login"), "admin@example.com", &one_time).await;
    let step = location(&response);
    assert_eq!(step, "/login/two-factor");
    let (_, html) = app.get_page(&b, &step).await;
    let secret = secret_from(&html);
    let response = submit_code(&app, &b, &step, &code_now(&app, &secret)).await;
    let html = response.text().await.unwrap();
    // The continue link leads to the forced password change.
    assert!(html.contains("href=\"/account/password\""), "{html}");
    let account = b.get(app.url("/account")).send().await.unwrap();
    assert_eq!(location(&account), "/account/password");
}

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
    let resume = between(&html, "class=\"button primary\" href=\"", "\"").replace("&#38;", "&");
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

#[tokio::test]
async fn the_policy_is_managed_in_the_api_and_the_console() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.permissions
            .insert("trainer".into(), vec!["access_user_info".into()]);
    })
    .await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let trainer = app
        .add_user("trainer@example.com", &["trainer", "user"])
        .await;
    let key = admin_key(&app, &root).await;
    let trainer_key = admin_key(&app, &trainer).await;

    // The test settings require nothing; the stored policy says so.
    let (status, body) = app.api(Some(&key), Method::GET, "/mfa-policy", None).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"methods": ["app"], "required_for": []}));
    // Without manage_mfa_policy: forbidden.
    let (status, _) = app
        .api(Some(&trainer_key), Method::GET, "/mfa-policy", None)
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .api(
            Some(&trainer_key),
            Method::PUT,
            "/mfa-policy",
            Some(json!({"methods": [], "required_for": []})),
        )
        .await;
    assert_eq!(status, 403);

    // Bad input names the field and changes nothing.
    for (body, field) in [
        (json!({"methods": ["sms"], "required_for": []}), "methods"),
        (
            json!({"methods": ["app"], "required_for": ["wizard"]}),
            "required_for",
        ),
        (
            json!({"methods": [], "required_for": ["admin"]}),
            "required_for",
        ),
    ] {
        let (status, answer) = app
            .api(Some(&key), Method::PUT, "/mfa-policy", Some(body))
            .await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(answer["field"], field, "{answer}");
    }
    let (status, body) = app
        .api(
            Some(&key),
            Method::PUT,
            "/mfa-policy",
            Some(json!({"methods": ["app"], "required_for": ["trainer"]})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["required_for"], json!(["trainer"]));

    // It takes effect at once: the trainer's password now leads to enrollment.
    let b = crate::helpers::browser();
    password_then_code_step(&app, &b, &app.url("/login"), "trainer@example.com").await;
    // Audited.
    let events = audit_events(&app, "mfa_policy_changed", None).await;
    assert_eq!(events.len(), 1);
    assert!(events[0].detail.contains("required for [trainer]"));

    // The console shows and saves the same policy.
    let console = password_session(&app, "root@example.com").await;
    let (status, html) = app.get_page(&console, "/admin/mfa").await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"trainer\" checked"), "{html}");
    let response = console
        .post(app.url("/admin/mfa"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("method", "app".into()),
            ("required", "advocate".into()),
            ("required", "trainer".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/admin/mfa?done=saved");
    let (_, body) = app.api(Some(&key), Method::GET, "/mfa-policy", None).await;
    assert_eq!(body["required_for"], json!(["advocate", "trainer"]));
    // The trainer sees no policy page in the console.
    let t = crate::helpers::browser();
    let step = password_then_code_step(&app, &t, &app.url("/login"), "trainer@example.com").await;
    let (_, html) = app.get_page(&t, &step).await;
    let secret = secret_from(&html);
    submit_code(&app, &t, &step, &code_now(&app, &secret)).await;
    let (status, _) = app.get_page(&t, "/admin/mfa").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_admin_resets_a_lost_second_factor() {
    let (app, sink) = spawn_with_mail(default_mfa_policy).await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let key = admin_key(&app, &root).await;
    let browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &browser).await;

    let (status, body) = app
        .api(Some(&key), Method::GET, &format!("/users/{ada}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["second_factor"],
        json!({"app": true, "recovery_codes_left": 10})
    );

    let path = format!("/users/{ada}/second-factor");
    let (status, _) = app.api(Some(&key), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(app.app.store.recovery_codes_left(&ada).await.unwrap(), 0);
    wait_for_mail(
        &sink,
        "ada@example.com",
        "administrator removed the authenticator",
    )
    .await;
    // Nothing left to reset: a conflict, not a silent success.
    let (status, _) = app.api(Some(&key), Method::DELETE, &path, None).await;
    assert_eq!(status, 409);
    let (status, _) = app
        .api(
            Some(&key),
            Method::DELETE,
            "/users/nobody/second-factor",
            None,
        )
        .await;
    assert_eq!(status, 404);
    let events = audit_events(&app, "admin_mfa_reset", Some(&ada)).await;
    assert_eq!(events.len(), 1);
    // Ada signs in with the password alone again.
    password_session(&app, "ada@example.com").await;

    // From the console, for a user enrolled at sign-in (the admin passes MFA first).
    let admin = crate::helpers::browser();
    let step = password_then_code_step(&app, &admin, &app.url("/login"), "root@example.com").await;
    let (_, html) = app.get_page(&admin, &step).await;
    let root_secret = secret_from(&html);
    submit_code(&app, &admin, &step, &code_now(&app, &root_secret)).await;
    let ada_browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &ada_browser).await;
    let (status, html) = app.get_page(&admin, &format!("/admin/users/{ada}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("On: authenticator app, 10 recovery code(s) left"),
        "{html}"
    );
    let csrf = hidden_value(&html, "csrf");
    let unconfirmed = app
        .post(
            &admin,
            &format!("/admin/users/{ada}/reset-second-factor"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unconfirmed.status(), 422);
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_some());
    let confirmed = app
        .post(
            &admin,
            &format!("/admin/users/{ada}/reset-second-factor"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(
        location(&confirmed),
        format!("/admin/users/{ada}?done=second-factor-reset")
    );
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
}

#[tokio::test]
async fn the_command_line_resets_a_second_factor_when_nobody_can_sign_in() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    enroll_from_account(&app, &browser).await;
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .args(["users", "reset-second-factor", "--email", "ada@example.com"])
            .env_remove("GATEHOUSE_CONFIG")
            .env("GATEHOUSE_DATA_DIR", &app.settings.data_dir)
            .env("GATEHOUSE_KEYS_DIR", &app.settings.keys_dir)
            .output()
            .expect("run gatehouse");
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert_eq!(run(), json!({"id": ada, "reset": true}));
    assert!(app.app.store.totp_factor(&ada).await.unwrap().is_none());
    assert_eq!(run(), json!({"id": ada, "reset": false}));
}

/// Finding 3 at the second step: 50 simultaneous wrong codes on one challenge get at most the
/// allowance checked.
#[tokio::test]
async fn a_burst_of_wrong_codes_checks_at_most_the_allowance() {
    let app = spawn_app().await;
    let ada = app.add_user("ada@example.com", &["user"]).await;
    let browser = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &browser).await;
    app.clock.advance(60);

    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let (_, html) = app.get_page(&attacker, &step).await;
    let csrf = hidden_value(&html, "csrf");
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (attacker, url, csrf) = (attacker.clone(), app.url("/login/two-factor"), csrf.clone());
        // Codes far from now, so none can be right by chance.
        let wrong = code_at(&secret, app.clock.now_secs() + 3600 + 30 * i).unwrap();
        burst.spawn(async move {
            attacker
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("code", wrong.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut wrong_answers = 0;
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            401 => wrong_answers += 1,
            429 | 400 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(wrong_answers <= 5, "{wrong_answers} codes checked");
    let checked = audit_events(&app, "mfa_failed", Some(&ada)).await.len();
    assert!(checked <= 5, "{checked} codes checked; the allowance is 5");
    assert!(!signed_in(&app, &attacker).await);
}

/// Finding 8: a two-step challenge opened with the old password dies with it.
#[tokio::test]
async fn a_password_change_ends_open_challenges() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let owner = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &owner).await;
    app.clock.advance(60);

    // Someone who learnt the old password reaches the code step…
    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;
    let (_, html) = app.get_page(&owner, "/account/password").await;
    let response = app
        .post(
            &owner,
            "/account/password",
            &[
                ("csrf", &hidden_value(&html, "csrf")),
                ("current", PASSWORD),
                ("new", "violet tangerine harbour lantern"),
                ("confirm", "violet tangerine harbour lantern"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let changed = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("ada@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(gatehouse::crypto::password::verify(
        "violet tangerine harbour lantern",
        changed.password_hash.as_deref()
    ));
    // …and, even with a right code (phished), gets no session once the password changed.
    app.clock.advance(30);
    let right = code_now(&app, &secret);
    let (status, page) = app.get_page(&attacker, &step).await;
    if status == 200 && page.contains("name=\"code\"") {
        let response = attacker
            .post(app.url("/login/two-factor"))
            .form(&[("csrf", hidden_value(&page, "csrf")), ("code", right)])
            .send()
            .await
            .unwrap();
        assert_ne!(
            response.status(),
            303,
            "the old challenge must not yield a session"
        );
    }
    assert!(!signed_in(&app, &attacker).await);
}

/// Finding 8 for resets: a challenge opened with the old password dies when the password is
/// reset through the mailed link.
#[tokio::test]
async fn a_password_reset_ends_open_challenges() {
    let (app, sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let owner = password_session(&app, "ada@example.com").await;
    let (secret, _) = enroll_from_account(&app, &owner).await;
    app.clock.advance(60);
    let attacker = crate::helpers::browser();
    let step =
        password_then_code_step(&app, &attacker, &app.url("/login"), "ada@example.com").await;

    let reset = app
        .post_form(&owner, "/password/forgot", &[("email", "ada@example.com")])
        .await;
    assert_eq!(reset.status(), 200);
    let message = wait_for_mail(&sink, "ada@example.com", "/password/reset?token=").await;
    let link = message
        .text_body()
        .split_whitespace()
        .find(|w| w.contains("/password/reset?token="))
        .unwrap()
        .to_string();
    let (_, html) = app
        .get_page(&owner, link.trim_start_matches(app.issuer.as_str()))
        .await;
    let done = owner
        .post(app.url("/password/reset"))
        .form(&[
            ("csrf", hidden_value(&html, "csrf")),
            ("token", hidden_value(&html, "token")),
            ("new", "violet tangerine harbour lantern".into()),
            ("confirm", "violet tangerine harbour lantern".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&done), "/login?reset=1");

    app.clock.advance(30);
    let right = code_now(&app, &secret);
    let (status, page) = app.get_page(&attacker, &step).await;
    if status == 200 && page.contains("name=\"code\"") {
        let response = attacker
            .post(app.url("/login/two-factor"))
            .form(&[("csrf", hidden_value(&page, "csrf")), ("code", right)])
            .send()
            .await
            .unwrap();
        assert_ne!(
            response.status(),
            303,
            "the old challenge must not yield a session"
        );
    }
    assert!(!signed_in(&app, &attacker).await);
}

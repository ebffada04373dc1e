//! Findings 3 and 4: bursts of parallel guesses against the password, API-key and
//! client-secret checks, and the owner's way past a lockout.

use gatehouse::domain::Capability;
use reqwest::Method;
use tokio::task::JoinSet;

use super::{audit_count, key_with};
use crate::helpers::*;

/// Finding 3: 100 parallel wrong passwords from one address get at most the allowance
/// checked; the rest are refused before argon2 runs.
#[tokio::test]
async fn a_burst_of_wrong_passwords_checks_at_most_the_allowance() {
    let app = spawn_app().await;
    app.add_user("ada@example.com", &["user"]).await;
    let mut burst = JoinSet::new();
    for i in 0..100 {
        let (issuer, password) = (app.issuer.clone(), format!("wrong guess {i}"));
        let browser = browser();
        burst.spawn(async move {
            let page = browser.get(format!("{issuer}/login")).send().await.unwrap();
            let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
            let response = browser
                .post(format!("{issuer}/login"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", "ada@example.com"),
                    ("password", password.as_str()),
                ])
                .send()
                .await
                .unwrap();
            let retry_after = response.headers().get("retry-after").is_some();
            (response.status().as_u16(), retry_after)
        });
    }
    let mut wrong = 0;
    let mut refused = 0;
    while let Some(result) = burst.join_next().await {
        match result.unwrap() {
            (401, _) => wrong += 1,
            (429, retry_after) => {
                assert!(retry_after, "a refusal says when to come back");
                refused += 1
            }
            (other, _) => panic!("unexpected status {other}"),
        }
    }
    let checked = audit_count(&app, "sign_in_failed").await;
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the allowance is 5"
    );
    assert!(wrong <= 5, "{wrong} answered as wrong");
    assert_eq!(wrong + refused, 100);
}

/// The same from one address across 50 accounts, one wrong guess each, all at once: every
/// attempt charges the address and its account in one statement, so the address's allowance
/// caps what is checked, and the accounts whose attempt the address refused are left as they
/// were (their charge given back), not counted as failures.
#[tokio::test]
async fn a_burst_across_many_accounts_from_one_address_checks_at_most_the_allowance() {
    let app = spawn_app().await;
    let emails: Vec<String> = (0..50).map(|i| format!("user{i}@example.com")).collect();
    for email in &emails {
        app.add_user(email, &["user"]).await;
    }
    let mut burst = JoinSet::new();
    for email in emails.clone() {
        let (issuer, browser) = (app.issuer.clone(), browser());
        burst.spawn(async move {
            let page = browser.get(format!("{issuer}/login")).send().await.unwrap();
            let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
            let wrong = [
                ("csrf", csrf.as_str()),
                ("email", email.as_str()),
                ("password", "a wrong guess"),
            ];
            form_status(&browser, format!("{issuer}/login"), &wrong).await
        });
    }
    let statuses = burst.join_all().await;
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(
        wrong + statuses.iter().filter(|s| **s == 429).count(),
        50,
        "{statuses:?}"
    );
    let checked = audit_count(&app, "sign_in_failed").await;
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the allowance is 5"
    );
    // The attempt that uses up the allowance is checked and answered 429 with its wait.
    assert!(wrong <= checked, "{wrong} wrong, {checked} checked");
    // Only the accounts whose password was checked carry a failure.
    let now = gatehouse::clock::Clock::now(app.clock.as_ref());
    let mut charged_accounts = 0;
    for email in &emails {
        let bucket = gatehouse::auth::limits::Throttle::sign_in_account(email);
        charged_accounts += app
            .app
            .store
            .window_uses(bucket.bucket(), now, 15 * 60)
            .await
            .unwrap();
    }
    assert_eq!(charged_accounts, checked as i64);
}

/// Finding 3, the other half: strangers' failures from many addresses lock the account for
/// unknown browsers, but not for the browser its owner signed in with before.
#[tokio::test]
async fn the_owners_known_browser_signs_in_after_an_attack() {
    let app = spawn_app_with(Db::Sqlite, |s| s.trust_proxy_headers = true).await;
    app.add_user("ada@example.com", &["user"]).await;
    let owner = browser();
    let first = submit_login_from(
        &app,
        &owner,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
        Some("192.0.2.10"),
    )
    .await;
    assert_eq!(location(&first), "/account");

    let mut burst = JoinSet::new();
    for i in 0..40 {
        let issuer = app.issuer.clone();
        burst.spawn(async move {
            let attacker = browser();
            let page = attacker
                .get(format!("{issuer}/login"))
                .send()
                .await
                .unwrap();
            let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
            attacker
                .post(format!("{issuer}/login"))
                .header("x-forwarded-for", format!("198.51.100.{i}"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", "ada@example.com"),
                    ("password", "not it"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    while let Some(status) = burst.join_next().await {
        assert!(matches!(status.unwrap(), 401 | 429));
    }
    // A stranger's browser, even with the right password, waits out the lock…
    let stranger = browser();
    let refused = submit_login_from(
        &app,
        &stranger,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
        Some("203.0.113.7"),
    )
    .await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().get("retry-after").is_some());
    // …the owner's browser does not, from the same address as the attack or another.
    let again = submit_login_from(
        &app,
        &owner,
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
        Some("198.51.100.1"),
    )
    .await;
    assert_eq!(
        location(&again),
        "/account",
        "the known browser is not locked out"
    );
    // The device cookie belongs to one account: it opens no other account's lock.
    app.add_user("bob@example.com", &["user"]).await;
    for _ in 0..5 {
        submit_login_from(
            &app,
            &stranger,
            &app.url("/login"),
            "bob@example.com",
            "nope",
            Some("203.0.113.8"),
        )
        .await;
    }
    let other = submit_login_from(
        &app,
        &owner,
        &app.url("/login"),
        "bob@example.com",
        PASSWORD,
        Some("192.0.2.10"),
    )
    .await;
    assert_eq!(
        other.status(),
        429,
        "Ada's browser is a stranger to Bob's account"
    );
}

/// Finding 4: failures from an address never lock a confidential client out; only the
/// failures are counted.
#[tokio::test]
async fn a_correct_client_secret_is_never_refused() {
    let app = spawn_app().await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let wrong = RegisteredClient {
        secret: Some("an-old-secret-after-rotation".into()),
        ..client.clone()
    };
    let mut descriptions = Vec::new();
    for _ in 0..12 {
        let (status, body) =
            token_request(&app, &wrong, &[("grant_type", "client_credentials")]).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client"))
        );
        descriptions.push(
            body["error_description"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert!(
        descriptions.last().unwrap().contains("too many"),
        "failures are throttled: {descriptions:?}"
    );
    let mut burst = JoinSet::new();
    for _ in 0..20 {
        let (issuer, client) = (app.issuer.clone(), client.clone());
        burst.spawn(client_credentials_status(
            format!("{issuer}/token"),
            client.id,
            client.secret,
        ));
    }
    while let Some(status) = burst.join_next().await {
        assert_eq!(
            status.unwrap(),
            200,
            "the right secret works while the address is blocked"
        );
    }
}

/// Finding 3 for API keys: guessing is counted per address, the right key always works.
#[tokio::test]
async fn a_correct_api_key_works_while_its_address_is_blocked() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let key = key_with(&app, &root, &[Capability::AccessUserInfo]).await;
    let mut burst = JoinSet::new();
    for i in 0..50 {
        let issuer = app.issuer.clone();
        burst.spawn(async move {
            reqwest::Client::new()
                .get(format!("{issuer}/api/admin/v1/users"))
                .bearer_auth(format!("ghk_guess{i}"))
                .send()
                .await
                .unwrap()
        });
    }
    let mut limited = 0;
    while let Some(response) = burst.join_next().await {
        let response = response.unwrap();
        match response.status().as_u16() {
            401 => {}
            429 => {
                assert!(response.headers().get("retry-after").is_some());
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(
        limited >= 40,
        "guesses beyond the allowance are answered 429 ({limited})"
    );
    assert_eq!(
        app.api(Some(&key), Method::GET, "/users", None).await.0,
        200
    );
}

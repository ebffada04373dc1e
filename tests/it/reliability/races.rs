//! Exactly one winner (issue 14): many simultaneous uses of one single-use value over HTTP,
//! on SQLite and PostgreSQL. The storage rules behind them are tested one level down
//! (`storage::`); here the whole path is raced, as an attacker's script would.

use tokio::task::JoinSet;

use crate::helpers::*;

/// A signed-in user's authorization code for `client`, with its PKCE verifier.
async fn fresh_code(app: &TestApp, client: &RegisteredClient, scope: &str) -> (String, String) {
    let (url, verifier) = pkce_authorize_url(app, client, scope);
    let callback = authorize_through_login(app, &browser(), &url, "ada@example.com").await;
    (query_param(&callback, "code").expect("a code"), verifier)
}

/// Runs `n` copies of one token request at once: (status, body) of each.
async fn race(
    app: &TestApp,
    client: &RegisteredClient,
    n: usize,
    form: Vec<(&'static str, String)>,
) -> Vec<(u16, serde_json::Value)> {
    let mut set = JoinSet::new();
    for _ in 0..n {
        let (url, id, secret, form) = (
            app.url("/token"),
            client.id.clone(),
            client.secret.clone(),
            form.clone(),
        );
        set.spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .basic_auth(id, secret)
                .form(&form)
                .send()
                .await
                .expect("an answer");
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or_default())
        });
    }
    set.join_all().await
}

/// 50 redemptions of one authorization code: never two sets of tokens. A replay revokes the
/// code's grant (RFC 6749 §4.1.2), so the first redemption's tokens die with it, and when a
/// replay lands before the first has written its grant, that one is refused too (the client
/// signs in again): at most one answer carries tokens, and none of them works afterwards.
#[tokio::test]
async fn fifty_redemptions_of_one_code_never_give_two_sets_of_tokens() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        app.add_user("ada@example.com", &["user"]).await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let (code, verifier) = fresh_code(&app, &client, "openid").await;
        let answers = race(
            &app,
            &client,
            50,
            vec![
                ("grant_type", "authorization_code".into()),
                ("code", code),
                ("redirect_uri", client.redirect_uri.clone()),
                ("code_verifier", verifier),
            ],
        )
        .await;
        let winners: Vec<_> = answers.iter().filter(|(s, _)| *s == 200).collect();
        assert!(winners.len() <= 1, "{db:?}: {} winners", winners.len());
        for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
            assert_eq!(*status, 400, "{db:?}: {body}");
            assert_eq!(body["error"], "invalid_grant", "{db:?}: {body}");
        }
        for (_, body) in winners {
            let token = body["access_token"].as_str().unwrap();
            assert!(
                !introspects_active(&app, &client, token).await,
                "{db:?}: the replayed code's tokens are revoked"
            );
        }
    }
}

/// 50 rotations of one refresh token: never two new pairs. The reuse is detected, so the whole
/// family is revoked: the one rotation that went through (if it finished before the reuse was
/// seen) has its new refresh and access tokens revoked too.
#[tokio::test]
async fn fifty_rotations_of_one_refresh_token_never_fork_the_family() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        app.add_user("ada@example.com", &["user"]).await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let (code, verifier) = fresh_code(&app, &client, "openid offline_access").await;
        let tokens = exchange_code(&app, &client, &code, &verifier).await;
        let refresh = tokens["refresh_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{db:?}: {tokens}"))
            .to_string();
        let answers = race(
            &app,
            &client,
            50,
            vec![
                ("grant_type", "refresh_token".into()),
                ("refresh_token", refresh.clone()),
            ],
        )
        .await;
        let winners: Vec<_> = answers.iter().filter(|(s, _)| *s == 200).collect();
        assert!(winners.len() <= 1, "{db:?}: {} winners", winners.len());
        for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
            assert_eq!(*status, 400, "{db:?}: {body}");
            assert_eq!(body["error"], "invalid_grant", "{db:?}: {body}");
        }
        let mut dead = vec![refresh];
        for (_, body) in &winners {
            dead.push(body["refresh_token"].as_str().unwrap().to_string());
            let access = body["access_token"].as_str().unwrap();
            assert!(!introspects_active(&app, &client, access).await, "{db:?}");
        }
        for token in &dead {
            let (status, body) = token_request(
                &app,
                &client,
                &[("grant_type", "refresh_token"), ("refresh_token", token)],
            )
            .await;
            assert_eq!(
                (status, body["error"].as_str()),
                (400, Some("invalid_grant")),
                "{db:?}: the family was revoked by the reuse: {body}"
            );
        }
        assert!(
            !introspects_active(&app, &client, tokens["access_token"].as_str().unwrap()).await,
            "{db:?}: the first access token dies with the family"
        );
    }
}

/// The reset link in Ada's newest mail (from the outbox: the test nodes have no relay).
async fn reset_link(app: &TestApp) -> String {
    for _ in 0..250 {
        let link = mails_to(app, "ada@example.com").iter().find_map(|mail| {
            mail.text_body()
                .split_whitespace()
                .find(|w| w.contains("/password/reset?token="))
                .map(str::to_string)
        });
        if let Some(link) = link {
            return link;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no reset mail");
}

/// 20 uses of one password-reset link at once, each with another password: one is set,
/// the others are told the link is used, and the password that won is the one that works.
#[tokio::test]
async fn twenty_uses_of_one_reset_link_set_one_password() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        app.add_user("ada@example.com", &["user"]).await;
        let asking = browser();
        let csrf = app.csrf(&asking, "/password/forgot").await;
        let asked = form_status(
            &asking,
            app.url("/password/forgot"),
            &[("csrf", &csrf), ("email", "ada@example.com")],
        )
        .await;
        assert_eq!(asked, 200, "{db:?}");
        let link = reset_link(&app).await;
        let page = asking
            .get(&link)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (token, csrf) = (hidden_value(&page, "token"), hidden_value(&page, "csrf"));

        let mut set = JoinSet::new();
        for i in 0..20 {
            let (browser, url, token, csrf) = (
                asking.clone(),
                app.url("/password/reset"),
                token.clone(),
                csrf.clone(),
            );
            set.spawn(async move {
                let password = format!("violet tangerine harbour lantern {i}");
                let response = browser
                    .post(url)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("token", token.as_str()),
                        ("new", password.as_str()),
                        ("confirm", password.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap();
                (i, response.status().as_u16(), location_or_empty(&response))
            });
        }
        let answers = set.join_all().await;
        let winners: Vec<_> = answers
            .iter()
            .filter(|(_, _, to)| to == "/login?reset=1")
            .collect();
        assert_eq!(winners.len(), 1, "{db:?}: {answers:?}");
        for (_, status, to) in answers.iter().filter(|(_, _, to)| to != "/login?reset=1") {
            assert!(
                matches!(status, 400 | 409 | 422 | 429),
                "{db:?}: {status} {to}"
            );
        }
        let won = format!("violet tangerine harbour lantern {}", winners[0].0);
        app.sign_in("ada@example.com", &won).await;
        let lost = format!(
            "violet tangerine harbour lantern {}",
            (winners[0].0 + 1) % 20
        );
        let refused = submit_login(
            &app,
            &browser(),
            &app.url("/login"),
            "ada@example.com",
            &lost,
        )
        .await
        .status();
        assert_eq!(refused, 401, "{db:?}: a losing password does not work");
    }
}

fn location_or_empty(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// 20 sign-ups with one address at once: one account, and no request fails for the race
/// (each is answered as any sign-up is: the same page, or a throttle).
#[tokio::test]
async fn twenty_sign_ups_with_one_address_make_one_account() {
    for db in databases() {
        let app = spawn_app_with(db, |s| {
            s.rate_limits.max_failures = 1000;
        })
        .await;
        let mut set = JoinSet::new();
        for i in 0..20 {
            let (app_url, browser) = (app.url("/register"), browser());
            let csrf = app.csrf(&browser, "/register").await;
            set.spawn(async move {
                let password = format!("violet tangerine harbour lantern {i}");
                browser
                    .post(app_url)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("first_name", "Grace"),
                        ("last_name", "Hopper"),
                        ("email", "grace@example.com"),
                        ("password", password.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let statuses = set.join_all().await;
        assert!(
            statuses.iter().all(|s| matches!(s, 200 | 303 | 422 | 429)),
            "{db:?}: {statuses:?}"
        );
        let found = app
            .app
            .store
            .user_by_email(&gatehouse::domain::Email::parse("grace@example.com").unwrap())
            .await
            .unwrap();
        assert!(found.is_some(), "{db:?}: the account exists");
    }
}

//! The security review's findings, tried the way an attacker's script would: a key narrower
//! than its owner, a delegate reaching for a stronger account, bursts of parallel guesses
//! against every throttle, and races on the last administrator. Each of these failed on the
//! code before the fixes.

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;

/// A key of `owner` holding exactly `capabilities`.
async fn key_with(app: &TestApp, owner_id: &str, capabilities: &[Capability]) -> String {
    let owner = app.app.store.user_by_id(owner_id).await.unwrap().unwrap();
    api_keys::create(&app.app, &owner, "scoped", capabilities, None)
        .await
        .expect("the owner holds these capabilities")
        .key
}

async fn privileges_of(app: &TestApp, id: &str) -> Vec<String> {
    let user = app.app.store.user_by_id(id).await.unwrap().unwrap();
    user.privileges.into_iter().collect()
}

/// An API call: method, path, body, the capabilities any of which allow it, its success status.
type Case = (Method, String, Option<Value>, &'static [Capability], u16);

/// Finding 1: an administrator's key with one capability can make exactly the calls that
/// capability allows, and none of them escalates.
#[tokio::test]
async fn each_scoped_key_does_exactly_what_its_capability_allows() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let full = key_with(&app, &root, &Capability::ALL).await;

    for capability in Capability::ALL {
        let name = capability.as_str().replace('_', "-");
        let key = key_with(&app, &root, &[capability]).await;
        let plain = app
            .add_user(&format!("plain-{name}@example.com"), &["user"])
            .await;
        let victim = app
            .add_user(&format!("victim-{name}@example.com"), &["user"])
            .await;
        let cases: Vec<Case> = vec![
            (
                Method::GET,
                "/users".into(),
                None,
                &[Capability::AccessUserInfo],
                200,
            ),
            (
                Method::GET,
                format!("/users/{plain}"),
                None,
                &[Capability::AccessUserInfo],
                200,
            ),
            (
                Method::PATCH,
                format!("/users/{plain}"),
                Some(json!({"first_name": "Zed"})),
                &[Capability::EditUserInfo],
                200,
            ),
            (
                Method::POST,
                format!("/users/{plain}/end-sessions"),
                None,
                &[Capability::EditUserActiveStatus],
                200,
            ),
            (
                Method::POST,
                format!("/users/{plain}/reset-password"),
                None,
                &[Capability::EditUserPassword],
                202,
            ),
            (
                Method::PUT,
                format!("/users/{plain}/privileges"),
                Some(json!({"privileges": ["user"]})),
                &[Capability::EditUserPrivileges],
                200,
            ),
            (
                Method::POST,
                "/users".into(),
                Some(
                    json!({"email": format!("new-{name}@example.com"), "first_name": "N", "last_name": "U", "password": PASSWORD, "privileges": ["user"]}),
                ),
                &[Capability::CreateUser],
                201,
            ),
            (
                Method::POST,
                "/invitations".into(),
                Some(
                    json!({"email": format!("invitee-{name}@example.com"), "privileges": ["user"]}),
                ),
                &[Capability::InviteUser],
                201,
            ),
            (
                Method::GET,
                "/privileges".into(),
                None,
                &[Capability::EditPrivileges, Capability::AccessUserInfo],
                200,
            ),
            (
                Method::POST,
                "/privileges".into(),
                Some(json!({"name": format!("p-{name}")})),
                &[Capability::EditPrivileges],
                201,
            ),
            (
                Method::GET,
                "/clients".into(),
                None,
                &[Capability::ManageClients],
                200,
            ),
            (
                Method::GET,
                "/mfa-policy".into(),
                None,
                &[Capability::ManageMfaPolicy],
                200,
            ),
            (
                Method::GET,
                "/audit-events".into(),
                None,
                &[Capability::ViewAuditLog],
                200,
            ),
            (
                Method::DELETE,
                format!("/users/{victim}"),
                None,
                &[Capability::DeleteUser],
                204,
            ),
        ];
        for (method, path, body, allowed_by, success) in cases {
            let (status, answer) = app.api(Some(&key), method.clone(), &path, body).await;
            let expected = if allowed_by.contains(&capability) {
                success
            } else {
                403
            };
            assert_eq!(
                status, expected,
                "a key with only `{capability}`: {method} {path} → {answer}"
            );
        }
    }

    // The escalations the review found, one capability at a time.
    let plain = app.add_user("target@example.com", &["user"]).await;
    let privileges_key = key_with(&app, &root, &[Capability::EditUserPrivileges]).await;
    let (status, _) = app
        .api(
            Some(&privileges_key),
            Method::PUT,
            &format!("/users/{plain}/privileges"),
            Some(json!({"privileges": ["admin", "user"]})),
        )
        .await;
    assert_eq!(
        status, 403,
        "edit_user_privileges alone cannot make an administrator"
    );
    assert_eq!(privileges_of(&app, &plain).await, vec!["user".to_string()]);

    let clients_key = key_with(&app, &root, &[Capability::ManageClients]).await;
    let escalating = json!({"client_id": "escalator", "name": "E", "grant_types": ["client_credentials"], "scopes": ["admin:access_user_info", "admin:view_audit_log"]});
    assert_eq!(
        app.api(
            Some(&clients_key),
            Method::POST,
            "/clients",
            Some(escalating)
        )
        .await
        .0,
        403,
        "manage_clients alone cannot mint a client with admin scopes"
    );
    let harmless = json!({"client_id": "harmless", "name": "H", "grant_types": ["client_credentials"], "scopes": ["openid"]});
    assert_eq!(
        app.api(Some(&clients_key), Method::POST, "/clients", Some(harmless))
            .await
            .0,
        201
    );
    let upgrade = json!({"name": "H", "grant_types": ["client_credentials"], "scopes": ["openid", "admin:view_audit_log"]});
    assert_eq!(
        app.api(
            Some(&clients_key),
            Method::PUT,
            "/clients/harmless",
            Some(upgrade)
        )
        .await
        .0,
        403,
        "nor give admin scopes to a client it made"
    );
    // Finding 9: nor edit a client that already holds admin scopes it lacks.
    let powerful = json!({"client_id": "powerful", "name": "P", "grant_types": ["client_credentials"], "scopes": ["admin:delete_user"]});
    assert_eq!(
        app.api(Some(&full), Method::POST, "/clients", Some(powerful))
            .await
            .0,
        201
    );
    let rename = json!({"name": "Renamed", "grant_types": ["client_credentials"], "scopes": ["admin:delete_user"]});
    assert_eq!(
        app.api(
            Some(&clients_key),
            Method::PUT,
            "/clients/powerful",
            Some(rename.clone())
        )
        .await
        .0,
        403
    );
    let (_, kept) = app
        .api(Some(&full), Method::GET, "/clients/powerful", None)
        .await;
    assert_eq!(kept["name"], "P");
    assert_eq!(
        app.api(Some(&full), Method::PUT, "/clients/powerful", Some(rename))
            .await
            .0,
        200,
        "a key holding delete_user may"
    );
    for path in ["/users", "/audit-events"] {
        assert_eq!(
            app.api(Some(&clients_key), Method::GET, path, None).await.0,
            403
        );
    }

    let create_key = key_with(&app, &root, &[Capability::CreateUser]).await;
    let admin_account = json!({"email": "made-admin@example.com", "first_name": "M", "last_name": "A", "password": PASSWORD, "privileges": ["admin"]});
    assert_eq!(
        app.api(
            Some(&create_key),
            Method::POST,
            "/users",
            Some(admin_account)
        )
        .await
        .0,
        403
    );
    let invite_key = key_with(&app, &root, &[Capability::InviteUser]).await;
    let admin_invitation = json!({"email": "invited-admin@example.com", "privileges": ["admin"]});
    assert_eq!(
        app.api(
            Some(&invite_key),
            Method::POST,
            "/invitations",
            Some(admin_invitation)
        )
        .await
        .0,
        403
    );

    // A key of everything still cannot act on behalf of more than its owner holds now.
    let other_admin = app
        .add_user("second-admin@example.com", &["admin", "user"])
        .await;
    for capability in [
        Capability::EditUserInfo,
        Capability::EditUserActiveStatus,
        Capability::EditUserPassword,
        Capability::DeleteUser,
    ] {
        let key = key_with(&app, &root, &[capability]).await;
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/users/{other_admin}"),
                Some(json!({"email": "moved@evil.example.com"})),
            ),
            (
                Method::POST,
                format!("/users/{other_admin}/deactivate"),
                None,
            ),
            (
                Method::POST,
                format!("/users/{other_admin}/end-sessions"),
                None,
            ),
            (
                Method::POST,
                format!("/users/{other_admin}/reset-password"),
                None,
            ),
            (
                Method::DELETE,
                format!("/users/{other_admin}/second-factor"),
                None,
            ),
            (Method::DELETE, format!("/users/{other_admin}"), None),
        ] {
            let (status, answer) = app.api(Some(&key), method.clone(), &path, body).await;
            assert_eq!(
                status, 403,
                "`{capability}` key on an administrator: {method} {path} → {answer}"
            );
        }
    }
    let still = app
        .app
        .store
        .user_by_id(&other_admin)
        .await
        .unwrap()
        .unwrap();
    assert!(still.active);
    assert_eq!(still.email_text(), "second-admin@example.com");
}

fn delegate_permissions(s: &mut gatehouse::config::Settings) {
    s.permissions.insert(
        "manager".into(),
        vec!["access_user_info".into(), "edit_user_privileges".into()],
    );
    s.permissions.insert(
        "helpdesk".into(),
        vec![
            "access_user_info".into(),
            "edit_user_info".into(),
            "edit_user_active_status".into(),
            "edit_user_password".into(),
        ],
    );
}

/// Finding 2: a delegate reaches ordinary users only; a stronger account is out of reach by
/// every path that would lead to a takeover.
#[tokio::test]
async fn a_delegate_cannot_take_over_a_stronger_account() {
    let (app, sink) = spawn_with_mail(delegate_permissions).await;
    app.app
        .store
        .ensure_privileges(&["helpdesk", "manager"], false, app.clock.now_secs())
        .await
        .unwrap();
    let helpdesk = app
        .add_user("helpdesk@example.com", &["helpdesk", "user"])
        .await;
    let key = key_with(
        &app,
        &helpdesk,
        &[
            Capability::AccessUserInfo,
            Capability::EditUserInfo,
            Capability::EditUserActiveStatus,
            Capability::EditUserPassword,
        ],
    )
    .await;
    let admin = app.add_user("boss@example.com", &["admin", "user"]).await;
    let manager = app
        .add_user("manager@example.com", &["manager", "user"])
        .await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    let root_key = key_with(&app, &root, &Capability::ALL).await;
    assert_eq!(
        app.api(
            Some(&root_key),
            Method::POST,
            &format!("/users/{admin}/deactivate"),
            None
        )
        .await
        .0,
        200
    );

    for target in [&admin, &manager] {
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/users/{target}"),
                Some(json!({"email": "attacker@evil.example.com"})),
            ),
            (
                Method::PATCH,
                format!("/users/{target}"),
                Some(json!({"first_name": "Pwned"})),
            ),
            (
                Method::POST,
                format!("/users/{target}/reset-password"),
                None,
            ),
            (Method::POST, format!("/users/{target}/end-sessions"), None),
            (Method::POST, format!("/users/{target}/reactivate"), None),
            (
                Method::DELETE,
                format!("/users/{target}/second-factor"),
                None,
            ),
        ] {
            let (status, answer) = app.api(Some(&key), method.clone(), &path, body).await;
            // A manager holds `edit_user_privileges`, which this delegate could not grant.
            assert_eq!(status, 403, "{method} {path} → {answer}");
        }
    }
    let boss = app.app.store.user_by_id(&admin).await.unwrap().unwrap();
    assert!(
        !boss.active,
        "the deactivated administrator stays deactivated"
    );
    assert_eq!(boss.email_text(), "boss@example.com");

    // An ordinary user is within reach, and an address changed by someone else stays
    // unverified: the new address must confirm, and the old one is told.
    let ordinary = app.add_user("ordinary@example.com", &["user"]).await;
    let (status, answer) = app
        .api(
            Some(&key),
            Method::PATCH,
            &format!("/users/{ordinary}"),
            Some(json!({"email": "new-home@example.com"})),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let moved = app.app.store.user_by_id(&ordinary).await.unwrap().unwrap();
    assert_eq!(moved.email_text(), "new-home@example.com");
    assert!(
        !moved.email_verified,
        "unverified until the new address confirms"
    );
    wait_for_mail(&sink, "ordinary@example.com", "new-home@example.com").await;
    wait_for_mail(&sink, "new-home@example.com", "").await;
    // Unverified, the moved account cannot be signed in to with the password alone.
    let browser = browser();
    let response = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "new-home@example.com",
        PASSWORD,
    )
    .await;
    assert!(
        location(&response).starts_with("/verify"),
        "sign-in waits for the new address to be confirmed"
    );
}

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

async fn audit_count(app: &TestApp, kind: &str) -> usize {
    app.app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            kind: Some(kind.into()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .len()
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
        burst.spawn(async move {
            reqwest::Client::new()
                .post(format!("{issuer}/token"))
                .basic_auth(&client.id, client.secret.as_deref())
                .form(&[("grant_type", "client_credentials")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
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

/// Finding 12: two administrators deactivating each other at the same moment cannot both
/// win, or nobody would be left to administer.
#[tokio::test]
async fn mutual_deactivation_leaves_one_administrator() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let first = app.add_user("first@example.com", &["admin", "user"]).await;
        let second = app.add_user("second@example.com", &["admin", "user"]).await;
        let first_key = key_with(&app, &first, &Capability::ALL).await;
        let second_key = key_with(&app, &second, &Capability::ALL).await;
        // The bootstrap administrator goes first, so these two are the last.
        let bootstrap = app
            .app
            .store
            .user_by_email(&gatehouse::domain::Email::parse("admin@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            app.api(
                Some(&first_key),
                Method::POST,
                &format!("/users/{}/deactivate", bootstrap.id),
                None
            )
            .await
            .0,
            200
        );
        for _round in 0..5 {
            let (on_second, on_first) = (
                format!("/users/{second}/deactivate"),
                format!("/users/{first}/deactivate"),
            );
            let (a, b) = tokio::join!(
                app.api(Some(&first_key), Method::POST, &on_second, None),
                app.api(Some(&second_key), Method::POST, &on_first, None),
            );
            let mut statuses = [a.0, b.0];
            statuses.sort();
            assert!(
                statuses[0] == 200 && matches!(statuses[1], 401 | 403 | 409),
                "{db:?}: {statuses:?}"
            );
            let first_user = app.app.store.user_by_id(&first).await.unwrap().unwrap();
            let second_user = app.app.store.user_by_id(&second).await.unwrap().unwrap();
            assert!(
                first_user.active ^ second_user.active,
                "{db:?}: exactly one is left"
            );
            // Bring the other back for another round.
            let (survivor_key, fallen) = if first_user.active {
                (&first_key, &second)
            } else {
                (&second_key, &first)
            };
            assert_eq!(
                app.api(
                    Some(survivor_key),
                    Method::POST,
                    &format!("/users/{fallen}/reactivate"),
                    None
                )
                .await
                .0,
                200
            );
        }
    }
}

/// A browser whose cookies the test can read, as an attacker who can plant cookies (a sibling
/// subdomain, plain http) could.
fn readable_browser() -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (client, jar)
}

fn cookie_value(jar: &reqwest::cookie::Jar, url: &str, name: &str) -> String {
    use reqwest::cookie::CookieStore;
    let header = jar.cookies(&url.parse().unwrap()).expect("cookies");
    header
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_string()
}

/// Finding 12: a CSRF token is bound to the session it was made for. An attacker who plants
/// their own CSRF cookie in a victim's browser cannot use the token that goes with it.
#[tokio::test]
async fn a_csrf_token_works_only_in_its_own_session() {
    let app = spawn_app().await;
    app.add_user("mallory@example.com", &["user"]).await;
    app.add_user("victim@example.com", &["user"]).await;
    let (attacker, attacker_jar) = readable_browser();
    let signed_in = submit_login(
        &app,
        &attacker,
        &app.url("/login"),
        "mallory@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let page = attacker
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let attacker_token = hidden_value(&page, "csrf");
    let attacker_csrf = cookie_value(&attacker_jar, &app.issuer, "gh_csrf");

    let (victim, victim_jar) = readable_browser();
    let signed_in = submit_login(
        &app,
        &victim,
        &app.url("/login"),
        "victim@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let victim_session = cookie_value(&victim_jar, &app.issuer, "gh_session");

    // The victim's session with the attacker's planted cookie and matching token.
    let forged = reqwest::Client::new()
        .post(app.url("/logout"))
        .header(
            "cookie",
            format!("gh_session={victim_session}; gh_csrf={attacker_csrf}"),
        )
        .form(&[("csrf", attacker_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a token from another session is refused"
    );
    assert_eq!(
        victim
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // A token minted before sign-in does not survive it either.
    let (browser, _) = readable_browser();
    let login = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let before = hidden_value(&login, "csrf");
    let signed_in = submit_login(
        &app,
        &browser,
        &app.url("/login"),
        "victim@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&signed_in), "/account");
    let stale = browser
        .post(app.url("/logout"))
        .form(&[("csrf", before.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 403);

    // The browser's own token in its own session works (so the refusals above mean something).
    let page = victim
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let own = victim
        .post(app.url("/logout"))
        .form(&[("csrf", hidden_value(&page, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert_ne!(
        victim
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

//! Who may call what in the admin API: the matrix, delegation limits, the last administrator.

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::{Value, json};

use super::{setup, target};
use crate::helpers::*;

/// An endpoint call: method, path, body, allowed for (admin, advocate, plain), success status.
type Case = (Method, String, Option<Value>, [bool; 3], u16);

#[tokio::test]
async fn authorization_matrix() {
    let a = setup().await;
    let app = &a.app;
    let who = [
        ("admin", a.admin_key.as_str()),
        ("advocate", a.advocate_key.as_str()),
        ("plain", a.plain_key.as_str()),
    ];
    for (name, key) in who {
        let id = target(app, &format!("target-{name}@example.com")).await;
        let client = app.add_client(ClientSpec::confidential()).await.id;
        // (method, path, body, allowed for admin, advocate, plain, success status)
        let cases: Vec<Case> = vec![
            (Method::GET, "/users".into(), None, [true, true, false], 200),
            (
                Method::GET,
                format!("/users/{id}"),
                None,
                [true, true, false],
                200,
            ),
            (
                Method::POST,
                "/users".into(),
                Some(
                    json!({"email": format!("new-{name}@example.com"), "first_name": "N", "last_name": "U",
                            "password": PASSWORD, "privileges": ["user"]}),
                ),
                [true, false, false],
                201,
            ),
            (
                Method::PATCH,
                format!("/users/{id}"),
                Some(json!({"first_name": "Renamed"})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/deactivate"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/reactivate"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::PUT,
                format!("/users/{id}/privileges"),
                Some(json!({"privileges": ["user", "customer"]})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/users/{id}/reset-password"),
                None,
                [true, false, false],
                202,
            ),
            (
                Method::POST,
                format!("/users/{id}/end-sessions"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                "/privileges".into(),
                None,
                [true, true, false],
                200,
            ),
            (
                Method::POST,
                "/privileges".into(),
                Some(json!({"name": format!("extra-{name}")})),
                [true, false, false],
                201,
            ),
            (
                Method::GET,
                "/audit-events".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                "/invitations".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                "/invitations".into(),
                Some(json!({"email": format!("invitee-{name}@example.com")})),
                [true, false, false],
                201,
            ),
            (
                Method::GET,
                "/clients".into(),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::GET,
                format!("/clients/{client}"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                "/clients".into(),
                Some(json!({"name": "New", "redirect_uris": ["https://rp.example/cb"]})),
                [true, false, false],
                201,
            ),
            (
                Method::PUT,
                format!("/clients/{client}"),
                Some(json!({"name": "Renamed", "redirect_uris": ["https://rp.example/cb2"]})),
                [true, false, false],
                200,
            ),
            (
                Method::POST,
                format!("/clients/{client}/rotate-secret"),
                None,
                [true, false, false],
                200,
            ),
            (
                Method::DELETE,
                format!("/clients/{client}"),
                None,
                [true, false, false],
                204,
            ),
            (
                Method::DELETE,
                format!("/users/{id}"),
                None,
                [true, false, false],
                204,
            ),
        ];

        let column = match name {
            "admin" => 0,
            "advocate" => 1,
            _ => 2,
        };
        for (method, path, body, allowed, success) in cases {
            let (status, response) = app.api(Some(key), method.clone(), &path, body).await;
            let expected = if allowed[column] { success } else { 403 };
            assert_eq!(status, expected, "{name} {method} {path}: {response}");
            if expected == 403 {
                assert_eq!(response["error"], "forbidden");
            }
        }
    }
    // No key, a wrong key: 401 with a Bearer challenge.
    let (status, body) = app.api(None, Method::GET, "/users", None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unauthorized"))
    );
    let (status, _) = app
        .api(Some("ghk_not-a-real-key"), Method::GET, "/users", None)
        .await;
    assert_eq!(status, 401);
    let response = reqwest::Client::new()
        .get(app.url("/api/admin/v1/users"))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
}

#[tokio::test]
async fn delegates_cannot_grant_what_they_do_not_hold() {
    let a = setup().await;
    let app = &a.app;
    let id = target(app, "pupil@example.com").await;
    let key = Some(a.trainer_key.as_str());
    let (status, body) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{id}/privileges"),
            Some(json!({"privileges": ["user", "trainer"]})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["privileges"], json!(["trainer", "user"]));
    for escalation in ["admin", "developer"] {
        let (status, body) = app
            .api(
                key,
                Method::PUT,
                &format!("/users/{id}/privileges"),
                Some(json!({"privileges": ["user", escalation]})),
            )
            .await;
        assert_eq!(status, 403, "{escalation}: {body}");
    }
    let advocate = app
        .add_user("adv2@example.com", &["advocate", "user"])
        .await;
    let (status, _) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{advocate}/privileges"),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 403, "cannot take away a privilege it does not hold");
    let (status, _) = app.api(key,
        Method::POST,
        "/users",
        Some(json!({"email": "boss@example.com", "first_name": "B", "last_name": "O", "password": PASSWORD, "privileges": ["admin"]})),
    )
    .await;
    assert_eq!(status, 403);
    // A key cannot carry a capability its owner lacks.
    let trainer = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("trainer@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        api_keys::create(&app.app, &trainer, "x", &[Capability::DeleteUser], None)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_last_active_administrator_stays() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let bootstrap = app.bootstrap_admin().await;
    let (status, _) = app
        .api(
            key,
            Method::POST,
            &format!("/users/{}/deactivate", bootstrap.id),
            None,
        )
        .await;
    assert_eq!(status, 200, "two admins: one may go");
    let me = a.admin_id.as_str();
    let (status, body) = app
        .api(key, Method::POST, &format!("/users/{me}/deactivate"), None)
        .await;
    assert_eq!((status, body["error"].as_str()), (409, Some("conflict")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("last active administrator")
    );
    let (status, _) = app
        .api(
            key,
            Method::PUT,
            &format!("/users/{me}/privileges"),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = app
        .api(key, Method::DELETE, &format!("/users/{me}"), None)
        .await;
    assert_eq!(status, 409);
}

/// Review findings: a delegate must not gain capabilities through a machine client, nor take
/// over an administrator by editing their address, nor lock every administrator out by dates.
#[tokio::test]
async fn delegates_cannot_escalate_through_clients_or_admin_accounts() {
    let a = setup().await;
    let app = &a.app;
    let ops = app.add_user("ops@example.com", &["cron", "user"]).await;
    let owner = app.app.store.user_by_id(&ops).await.unwrap().unwrap();
    let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app.app, &owner)
        .into_iter()
        .collect();
    let key = api_keys::create(&app.app, &owner, "ops", &caps, None)
        .await
        .unwrap()
        .key;
    let ops_key = Some(key.as_str());

    let escalate = json!({"name": "Escalator", "grant_types": ["client_credentials"], "scopes": ["admin:edit_user_privileges"]});
    assert_eq!(
        app.api(ops_key, Method::POST, "/clients", Some(escalate))
            .await
            .0,
        403
    );
    let own_caps = json!({"name": "Mine", "grant_types": ["client_credentials"], "scopes": ["admin:manage_clients"]});
    assert_eq!(
        app.api(ops_key, Method::POST, "/clients", Some(own_caps))
            .await
            .0,
        201,
        "capabilities it holds are fine"
    );
    let (_, robot) = app.api(Some(&a.admin_key),
        Method::POST,
        "/clients",
        Some(json!({"client_id": "powerful", "name": "P", "grant_types": ["client_credentials"], "scopes": ["admin:delete_user"]})),
    )
    .await;
    assert!(robot["client_secret"].is_string());
    assert_eq!(
        app.api(
            ops_key,
            Method::POST,
            "/clients/powerful/rotate-secret",
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        app.api(ops_key, Method::DELETE, "/clients/powerful", None)
            .await
            .0,
        403
    );

    // edit_user_info reaches ordinary users, not administrators.
    let plain = target(app, "ordinary@example.com").await;
    assert_eq!(
        app.api(
            ops_key,
            Method::PATCH,
            &format!("/users/{plain}"),
            Some(json!({"first_name": "O"}))
        )
        .await
        .0,
        200
    );
    let takeover = json!({"email": "attacker@evil.example.com"});
    assert_eq!(
        app.api(
            ops_key,
            Method::PATCH,
            &format!("/users/{}", a.admin_id),
            Some(takeover)
        )
        .await
        .0,
        403
    );

    // The last usable administrator cannot be dated out of existence.
    let bootstrap = app.bootstrap_admin().await;
    let admin_key = Some(a.admin_key.as_str());
    assert_eq!(
        app.api(
            admin_key,
            Method::POST,
            &format!("/users/{}/deactivate", bootstrap.id),
            None
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .api(
            admin_key,
            Method::PATCH,
            &format!("/users/{}", a.admin_id),
            Some(json!({"valid_until": "2000-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!((status, body["error"].as_str()), (409, Some("conflict")));
}

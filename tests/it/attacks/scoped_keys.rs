//! Findings 1, 2 and 9: what a scoped key or a delegate can reach, and nothing beyond.

use reqwest::Method;
use serde_json::{Value, json};

use super::{key_with, privileges_of};
use crate::accounts::{spawn_with_mail, wait_for_mail};
use crate::helpers::*;
use gatehouse::domain::Capability;

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
                "/providers".into(),
                None,
                &[Capability::ManageProviders],
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
                Method::GET,
                "/authorities".into(),
                None,
                &[Capability::ManageAuthorities],
                200,
            ),
            (
                Method::POST,
                "/authorities".into(),
                Some(json!({"granter_id": plain, "holder_id": victim})),
                &[Capability::ManageAuthorities],
                201,
            ),
            (
                Method::POST,
                "/service-accounts".into(),
                Some(json!({"name": format!("svc-{name}"), "privileges": ["user"]})),
                &[Capability::CreateUser],
                201,
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

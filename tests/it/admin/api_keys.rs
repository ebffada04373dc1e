//! Personal API keys: limits, revocation, expiry, their owner's changes; failed-key throttling.

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;
use reqwest::Method;
use serde_json::json;

use super::setup;
use crate::helpers::*;

#[tokio::test]
async fn keys_are_limited_revocable_expiring_and_follow_their_owner() {
    let a = setup().await;
    let app = &a.app;
    let root = app
        .app
        .store
        .user_by_id(&a.admin_id)
        .await
        .unwrap()
        .unwrap();
    let narrow = api_keys::create(
        &app.app,
        &root,
        "read only",
        &[Capability::AccessUserInfo],
        Some(app.clock.now_secs() + 3600),
    )
    .await
    .unwrap();
    assert_eq!(
        app.api(Some(&narrow.key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    let (status, _) = app
        .api(
            Some(&narrow.key),
            Method::POST,
            "/privileges",
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(status, 403, "the key carries only access_user_info");
    app.clock.advance(3601);
    assert_eq!(
        app.api(Some(&narrow.key), Method::GET, "/users", None)
            .await
            .0,
        401,
        "expired"
    );
    api_keys::revoke(&app.app, &root, &narrow.id).await.unwrap();
    let revoked = api_keys::list(&app.app, &root)
        .await
        .unwrap()
        .into_iter()
        .filter(|k| k.revoked_at.is_some())
        .count();
    assert_eq!(revoked, 1);
    assert!(
        api_keys::revoke(&app.app, &root, &narrow.id).await.is_err(),
        "revoking twice is NotFound"
    );
    // A revoked key is refused at once.
    let another = api_keys::create(
        &app.app,
        &root,
        "short-lived",
        &[Capability::AccessUserInfo],
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        app.api(Some(&another.key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    api_keys::revoke(&app.app, &root, &another.id)
        .await
        .unwrap();
    assert_eq!(
        app.api(Some(&another.key), Method::GET, "/users", None)
            .await
            .0,
        401
    );

    // The advocate's key loses its power when the advocate loses the privilege.
    let advocate = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("advocate@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::PUT,
            &format!("/users/{}/privileges", advocate.id),
            Some(json!({"privileges": ["user"]})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        403
    );
    // ... and stops working when the owner is deactivated.
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::POST,
            &format!("/users/{}/deactivate", advocate.id),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/users", None)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn failed_api_credentials_are_throttled_per_address() {
    let a = setup().await;
    let app = &a.app;
    // The fifth failure uses up the allowance, and its answer already says so.
    for _ in 0..4 {
        assert_eq!(
            app.api(Some("ghk_guess"), Method::GET, "/users", None)
                .await
                .0,
            401
        );
    }
    let (status, body) = app
        .api(Some("ghk_guess"), Method::GET, "/users", None)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (429, Some("rate_limited"))
    );
    // The right key is a 256-bit secret: never refused, so nobody sharing the address can
    // lock a working integration out.
    assert_eq!(
        app.api(Some(&a.admin_key), Method::GET, "/users", None)
            .await
            .0,
        200
    );
    app.clock.advance(15 * 60 + 1);
    assert_eq!(
        app.api(Some("ghk_guess"), Method::GET, "/users", None)
            .await
            .0,
        401,
        "the block runs out"
    );
}

/// A key is a credential: its creation and revocation are in its owner's audit trail, with
/// its capabilities and never the key itself.
#[tokio::test]
async fn key_creation_and_revocation_are_audited() {
    let a = setup().await;
    let app = &a.app;
    let owner = app
        .app
        .store
        .user_by_id(&a.admin_id)
        .await
        .unwrap()
        .unwrap();
    let created = api_keys::create(
        &app.app,
        &owner,
        "nightly export",
        &[Capability::AccessUserInfo],
        None,
    )
    .await
    .unwrap();
    api_keys::revoke(&app.app, &owner, &created.id)
        .await
        .unwrap();
    let events = app
        .app
        .store
        .audit_page(&gatehouse::store::AuditFilter {
            user_id: Some(a.admin_id.clone()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let made = events
        .iter()
        .find(|e| e.kind == "api_key_created" && e.detail.contains(&created.id))
        .expect("creation audited");
    assert!(made.detail.contains("access_user_info"));
    assert!(
        events
            .iter()
            .any(|e| e.kind == "api_key_revoked" && e.detail.contains(&created.id))
    );
    assert!(
        events.iter().all(|e| !e.detail.contains(&created.key)),
        "never the key"
    );
}

//! The audit log: searchable through the API by holders of `view_audit_log`.

use reqwest::Method;

use super::{setup, target};
use crate::helpers::*;

#[tokio::test]
async fn audit_events_are_searchable_by_holders_of_view_audit_log() {
    let a = setup().await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let id = target(app, "audited@example.com").await;
    app.api(key, Method::POST, &format!("/users/{id}/deactivate"), None)
        .await;
    app.api(key, Method::POST, &format!("/users/{id}/reactivate"), None)
        .await;
    submit_login(
        app,
        &browser(),
        &app.url("/login"),
        "audited@example.com",
        "wrong password here",
    )
    .await;

    let (status, body) = app
        .api(key, Method::GET, &format!("/audit-events?user={id}"), None)
        .await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["admin_user_reactivated", "admin_user_deactivated"],
        "newest first, for that user"
    );
    let actor_named = body["events"][0]["detail"]
        .as_str()
        .unwrap()
        .contains(&a.admin_id);
    assert!(actor_named, "the actor is recorded");
    let (_, failed) = app
        .api(key, Method::GET, "/audit-events?kind=sign_in_failed", None)
        .await;
    assert!(
        failed["events"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("audited@example.com")
    );
    // Paging backwards through everything, two at a time, visits each event once.
    let (_, all) = app
        .api(key, Method::GET, "/audit-events?limit=500", None)
        .await;
    let total = all["events"].as_array().unwrap().len();
    let mut seen = 0;
    let mut cursor = String::new();
    loop {
        let (_, page) = app
            .api(
                key,
                Method::GET,
                &format!("/audit-events?limit=2&cursor={cursor}"),
                None,
            )
            .await;
        seen += page["events"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, total);
    assert_eq!(
        app.api(Some(&a.advocate_key), Method::GET, "/audit-events", None)
            .await
            .0,
        403
    );
    assert_eq!(
        app.api(key, Method::GET, "/audit-events?cursor=garbage", None)
            .await
            .0,
        422
    );
}

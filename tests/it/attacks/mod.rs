//! The security review's findings, tried the way an attacker's script would: a key narrower
//! than its owner, a delegate reaching for a stronger account, bursts of parallel guesses
//! against every throttle, races on the last administrator, forms across sessions. Each of
//! these failed on the code before the fixes.

mod bursts;
mod races;
mod scoped_keys;
mod sessions;

use gatehouse::admin::api_keys;
use gatehouse::domain::Capability;

use crate::helpers::*;

/// A key of `owner` holding exactly `capabilities`.
pub(crate) async fn key_with(app: &TestApp, owner_id: &str, capabilities: &[Capability]) -> String {
    let owner = app.app.store.user_by_id(owner_id).await.unwrap().unwrap();
    api_keys::create(&app.app, &owner, "scoped", capabilities, None)
        .await
        .expect("the owner holds these capabilities")
        .key
}

pub(super) async fn privileges_of(app: &TestApp, id: &str) -> Vec<String> {
    let user = app.app.store.user_by_id(id).await.unwrap().unwrap();
    user.privileges.into_iter().collect()
}

pub(super) async fn audit_count(app: &TestApp, kind: &str) -> usize {
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

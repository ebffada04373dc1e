//! Work that must be one statement (or one transaction) on each database, so that it costs
//! one round trip and is never seen half done: an access token's standing, the throttles of a
//! sign-in, a session with its sign-in record.

use gatehouse::crypto::token::hash_token;
use gatehouse::store::NewGrant;

use super::{policy_allowing, seed_client_and_user, store_for, user};
use crate::helpers::*;

#[tokio::test]
async fn an_access_tokens_standing_comes_from_one_statement_on_each_database() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let (client, _) = seed_client_and_user(&store).await;
        let u = user("grace@example.com", &["user", "admin"]);
        store.insert_user(&u).await.unwrap();
        let grant = NewGrant {
            id: "g1".into(),
            client_id: client.clone(),
            user_id: u.id.clone(),
            session_id: None,
            scope: "openid".into(),
            auth_time: 1000,
            amr: vec!["pwd".into()],
            idp: None,
            acting: None,
            now: 1001,
        };
        store.insert_grant(&grant).await.unwrap();

        let found = store
            .token_standing("j1", &client, Some("g1"), Some(&u.id))
            .await
            .unwrap();
        assert!(found.standing, "{db:?}");
        let g = found.grant.expect("the grant");
        assert!(!g.revoked && g.acting.is_none(), "{db:?}");
        let found_user = found.user.expect("the user");
        assert_eq!(found_user.id, u.id, "{db:?}");
        assert_eq!(
            found_user.privileges,
            ["admin", "user"],
            "{db:?}: every privilege, once each, in order"
        );

        let nothing = store
            .token_standing("j1", &client, None, None)
            .await
            .unwrap();
        assert!(nothing.standing && nothing.grant.is_none() && nothing.user.is_none());
        let unknown = store
            .token_standing("j1", &client, Some("no-such-grant"), Some("no-such-user"))
            .await
            .unwrap();
        assert!(unknown.grant.is_none() && unknown.user.is_none(), "{db:?}");

        store.revoke_grant("g1", 1002).await.unwrap();
        let found = store
            .token_standing("j1", &client, Some("g1"), Some(&u.id))
            .await
            .unwrap();
        assert!(found.grant.unwrap().revoked, "{db:?}: a revoked grant");

        store.revoke_access_token("j1", 5000).await.unwrap();
        let found = store
            .token_standing("j1", &client, None, None)
            .await
            .unwrap();
        assert!(!found.standing, "{db:?}: a revoked jti");
        let other = store
            .token_standing("j2", "no-such-client", None, None)
            .await
            .unwrap();
        assert!(!other.standing, "{db:?}: a deleted client's token");
    }
}

#[tokio::test]
async fn several_buckets_are_charged_and_settled_in_one_statement_each() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let policy = policy_allowing(5);
        // A burst: every statement charges both buckets; the allowance holds for each.
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..60 {
            let store = store.clone();
            burst.spawn(async move {
                store
                    .charge_attempts(&["acct", "ip"], 1000, &policy)
                    .await
                    .unwrap()
            });
        }
        let results = burst.join_all().await;
        let admitted = |i: usize| {
            results
                .iter()
                .filter(|r| matches!(r[i], gatehouse::store::Charge::Admitted(_)))
                .count()
        };
        assert_eq!((admitted(0), admitted(1)), (5, 5), "{db:?}");

        store
            .settle_attempts(&["acct"], &["ip"], &policy)
            .await
            .unwrap();
        assert_eq!(store.window_uses("acct", 1001, 100).await.unwrap(), 0);
        assert_eq!(store.window_uses("ip", 1001, 100).await.unwrap(), 4);
        assert_eq!(
            store.rate_limit_blocked_until("ip", 1001).await.unwrap(),
            None,
            "{db:?}: below the allowance again, so no longer blocked"
        );

        // One refusing bucket does not stop the others' charges being answered.
        for _ in 0..5 {
            let _ = store.charge_attempts(&["full"], 1000, &policy).await;
        }
        let mixed = store
            .charge_attempts(&["fresh", "full"], 1001, &policy)
            .await
            .unwrap();
        assert_eq!(mixed[0], gatehouse::store::Charge::Admitted(1), "{db:?}");
        assert_eq!(
            mixed[1],
            gatehouse::store::Charge::Refused {
                blocked_until: 1010
            },
            "{db:?}"
        );
    }
}

/// A session and the audit record of the sign-in that opened it are one write (issue 13:
/// on PostgreSQL one statement): both are there, or, when the session cannot be written,
/// neither.
#[tokio::test]
async fn a_session_and_its_sign_in_record_are_written_together_or_not_at_all() {
    use gatehouse::domain::AuditKind;
    use gatehouse::store::{AuditEvent, NewSession};
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let (_, user_id) = seed_client_and_user(&store).await;
        let session = |id: &str, token: &str| NewSession {
            id: id.into(),
            token_hash: hash_token(token),
            user_id: user_id.clone(),
            auth_time: 1000,
            amr: vec!["pwd".into(), "otp".into()],
            idp: Some("acme".into()),
            user_agent: "Mozilla/5.0 ‘quoted’ \"agent\"".into(),
            ip: "203.0.113.9".into(),
            now: 1000,
            expires_at: 5000,
        };
        let sign_in = AuditEvent {
            kind: AuditKind::SignIn,
            user_id: Some(user_id.clone()),
            client_id: None,
            ip: "203.0.113.9".into(),
            user_agent: "Mozilla/5.0".into(),
            detail: "password + totp".into(),
        };
        store
            .insert_session(&session("s1", "t1"), &sign_in)
            .await
            .unwrap();
        let written = store
            .session_by_token_hash(&hash_token("t1"))
            .await
            .unwrap()
            .expect("the session");
        assert_eq!(
            (
                written.id.as_str(),
                written.user_id.as_str(),
                written.amr.len()
            ),
            ("s1", user_id.as_str(), 2),
            "{db:?}"
        );
        assert_eq!(
            (
                written.idp.as_deref(),
                written.ip.as_str(),
                written.expires_at
            ),
            (Some("acme"), "203.0.113.9", 5000),
            "{db:?}"
        );
        let events = store.audit_events(Some(&user_id), 10).await.unwrap();
        assert_eq!(events.len(), 1, "{db:?}");
        assert_eq!(
            (
                events[0].kind.as_str(),
                events[0].detail.as_str(),
                events[0].at
            ),
            ("sign_in", "password + totp", 1000),
            "{db:?}"
        );

        // The same session id again: refused, and no second record.
        assert!(
            store
                .insert_session(&session("s1", "t2"), &sign_in)
                .await
                .is_err(),
            "{db:?}"
        );
        assert!(
            store
                .session_by_token_hash(&hash_token("t2"))
                .await
                .unwrap()
                .is_none(),
            "{db:?}"
        );
        assert_eq!(
            store.audit_events(Some(&user_id), 10).await.unwrap().len(),
            1,
            "{db:?}: the refused session wrote no record"
        );
    }
}

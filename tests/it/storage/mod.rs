//! The storage rules that matter for security, run on SQLite and (with DATABASE_URL) on
//! PostgreSQL: single-use codes and refresh tokens under concurrency, uniqueness, rate-limit
//! counting, key slots.

use gatehouse::config::RateLimitSettings;
use gatehouse::crypto::token::{hash_token, random_token};
use gatehouse::domain::{Email, GrantType, ScopeSet};
use gatehouse::store::{
    AuthorizationCode, ConsumeCode, NewClient, NewGrant, NewRefresh, NewUser, RateLimitPolicy,
    RotateRefresh, Store, StoreError, StoredKey,
};

use crate::helpers::*;

mod one_statement;

pub(super) async fn store_for(db: Db) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = match db {
        Db::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("t.sqlite").display()
        ),
        Db::Postgres => fresh_postgres_url().await,
    };
    let store = Store::connect(&url, 8).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
        .ensure_privileges(&gatehouse::domain::BUILTIN_PRIVILEGES, true, 0)
        .await
        .unwrap();
    (store, dir)
}

/// `max_failures` per 100 s window, then blocks of 10 s doubling up to 40 s.
pub(super) fn policy_allowing(max_failures: i64) -> RateLimitPolicy {
    RateLimitPolicy::from(&RateLimitSettings {
        max_failures,
        window_secs: 100,
        base_delay_secs: 10,
        max_delay_secs: 40,
        ..Default::default()
    })
}

pub(super) fn user(email: &str, privileges: &[&str]) -> NewUser {
    NewUser {
        id: uuid::Uuid::new_v4().to_string(),
        email: Some(Email::parse(email).unwrap()),
        email_verified: true,
        password_hash: None,
        must_change_password: false,
        first_name: "A".into(),
        last_name: "B".into(),
        privileges: privileges.iter().map(|p| p.to_string()).collect(),
        username: None,
        now: 1000,
    }
}

pub(super) async fn seed_client_and_user(store: &Store) -> (String, String) {
    let u = user("ada@example.com", &["user"]);
    store.insert_user(&u).await.unwrap();
    store
        .insert_client(&NewClient {
            id: "c1".into(),
            name: "C".into(),
            secret_hash: Some(hash_token("s")),
            first_party: true,
            redirect_uris: vec!["https://rp.example/cb".into()],
            post_logout_redirect_uris: vec![],
            grant_types: vec![GrantType::AuthorizationCode],
            scopes: ScopeSet::all(),
            links: Default::default(),
            now: 1000,
        })
        .await
        .unwrap();
    ("c1".into(), u.id)
}

#[tokio::test]
async fn users_are_unique_by_email_and_need_known_privileges() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        store
            .insert_user(&user("Ada@Example.com", &["user", "admin"]))
            .await
            .unwrap();
        let again = store.insert_user(&user("ada@example.com", &["user"])).await;
        assert!(
            matches!(again, Err(StoreError::Conflict)),
            "{db:?}: duplicate e-mail"
        );
        let unknown = store
            .insert_user(&user("bob@example.com", &["wizard"]))
            .await;
        assert!(
            matches!(unknown, Err(StoreError::NotFound)),
            "{db:?}: unknown privilege"
        );
        assert!(
            store
                .user_by_email(&Email::parse("bob@example.com").unwrap())
                .await
                .unwrap()
                .is_none(),
            "{db:?}: rolled back"
        );
        let ada = store
            .user_by_email(&Email::parse("ADA@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ada.privileges, vec!["admin", "user"]);
        assert_eq!(store.count_users_with_privilege("admin").await.unwrap(), 1);
    }
}

fn code(client: &str, user: &str, hash: &str) -> AuthorizationCode {
    AuthorizationCode {
        code_hash: hash.into(),
        client_id: client.into(),
        user_id: user.into(),
        session_id: "sess".into(),
        redirect_uri: "https://rp.example/cb".into(),
        scope: "openid".into(),
        nonce: None,
        code_challenge: None,
        auth_time: 1000,
        amr: vec!["pwd".into()],
        idp: Some("acme".into()),
        created_at: 1000,
        expires_at: 1060,
        grant_id: uuid::Uuid::new_v4().to_string(),
        acting: None,
    }
}

#[tokio::test]
async fn a_code_is_consumed_exactly_once_even_under_concurrency() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let (client, user_id) = seed_client_and_user(&store).await;
        let hash = hash_token(&random_token());
        store
            .insert_code(&code(&client, &user_id, &hash))
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let store = store.clone();
            let hash = hash.clone();
            tasks.push(tokio::spawn(async move {
                match store.consume_code(&hash, "c1", 1001).await {
                    Ok(ConsumeCode::Fresh(_)) => "fresh",
                    Ok(ConsumeCode::Replayed(_)) => "replayed",
                    Ok(ConsumeCode::WrongClient | ConsumeCode::Unknown) => "unknown",
                    // SQLite may report a busy database under contention: that is a refusal too.
                    Err(_) => "error",
                }
            }));
        }
        let mut outcomes = Vec::new();
        for t in tasks {
            outcomes.push(t.await.unwrap());
        }
        assert_eq!(
            outcomes.iter().filter(|o| **o == "fresh").count(),
            1,
            "{db:?}: {outcomes:?}"
        );
        assert!(matches!(
            store.consume_code(&hash, "c1", 1002).await.unwrap(),
            ConsumeCode::Replayed { .. }
        ));
        assert!(matches!(
            store.consume_code("nope", "c1", 1002).await.unwrap(),
            ConsumeCode::Unknown
        ));
    }
}

#[tokio::test]
async fn codes_and_refresh_tokens_of_another_client_stay_usable() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let (client, user_id) = seed_client_and_user(&store).await;
        let c = code(&client, &user_id, "h1");
        store.insert_code(&c).await.unwrap();
        assert!(matches!(
            store
                .consume_code("h1", "someone-else", 1001)
                .await
                .unwrap(),
            ConsumeCode::WrongClient
        ));
        let ConsumeCode::Fresh(redeemed) = store.consume_code("h1", &client, 1001).await.unwrap()
        else {
            panic!("{db:?}: untouched by the wrong client, so still fresh");
        };
        assert_eq!(redeemed.grant_id, c.grant_id);
        let grant = NewGrant {
            id: c.grant_id.clone(),
            client_id: client.clone(),
            user_id: user_id.clone(),
            session_id: Some("sess".into()),
            scope: "openid offline_access".into(),
            auth_time: 1000,
            amr: vec!["pwd".into()],
            idp: c.idp.clone(),
            acting: None,
            now: 1001,
        };
        store.insert_grant(&grant).await.unwrap();
        let stored = store.grant_by_id(&grant.id).await.unwrap().unwrap();
        assert_eq!(
            stored.idp.as_deref(),
            Some("acme"),
            "the provider travels with the grant"
        );
        let refresh = NewRefresh {
            token_hash: "r1",
            scope: "openid offline_access",
            now: 1001,
            expires_at: 5000,
        };
        store
            .insert_refresh_token(&grant.id, &refresh)
            .await
            .unwrap();

        // Rotation: fresh once for its client, untouched for another, then reuse.
        assert!(matches!(
            store
                .consume_refresh_token("r1", "someone-else", 1002)
                .await
                .unwrap(),
            RotateRefresh::WrongClient
        ));
        let RotateRefresh::Fresh(found) = store
            .consume_refresh_token("r1", &client, 1002)
            .await
            .unwrap()
        else {
            panic!("{db:?}: refresh fresh");
        };
        assert_eq!(found.1.id, c.grant_id);
        let next = NewRefresh {
            token_hash: "r2",
            scope: "openid offline_access",
            now: 1002,
            expires_at: 5000,
        };
        store.insert_refresh_token(&grant.id, &next).await.unwrap();
        assert!(matches!(
            store
                .consume_refresh_token("r1", &client, 1003)
                .await
                .unwrap(),
            RotateRefresh::Reused { .. }
        ));
        assert!(store.revoke_grant(&c.grant_id, 1003).await.unwrap());
        let (_, grant) = store.refresh_token_by_hash("r2").await.unwrap().unwrap();
        assert!(
            grant.revoked_at.is_some(),
            "{db:?}: revocation reaches the whole family"
        );
    }
}

#[tokio::test]
async fn a_replay_before_the_grant_is_written_leaves_it_revoked() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let (client, user_id) = seed_client_and_user(&store).await;
        let c = code(&client, &user_id, "h2");
        store.insert_code(&c).await.unwrap();
        let ConsumeCode::Fresh(_) = store.consume_code("h2", &client, 1001).await.unwrap() else {
            panic!("fresh")
        };
        // The replay arrives before the first redemption wrote its grant.
        let ConsumeCode::Replayed(replayed) =
            store.consume_code("h2", &client, 1001).await.unwrap()
        else {
            panic!("replay")
        };
        store.revoke_grant_of_code(&replayed, 1001).await.unwrap();
        let grant = NewGrant {
            id: c.grant_id.clone(),
            client_id: client.clone(),
            user_id: user_id.clone(),
            session_id: None,
            scope: "openid".into(),
            auth_time: 1000,
            amr: vec![],
            idp: None,
            acting: None,
            now: 1001,
        };
        assert!(
            matches!(store.insert_grant(&grant).await, Err(StoreError::Conflict)),
            "{db:?}"
        );
        assert!(
            store
                .grant_by_id(&c.grant_id)
                .await
                .unwrap()
                .unwrap()
                .revoked_at
                .is_some()
        );
    }
}

#[tokio::test]
async fn rate_limits_count_across_calls_and_reset() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let policy = policy_allowing(3);
        assert_eq!(
            store.record_failure("b", 1000, &policy).await.unwrap(),
            None
        );
        assert_eq!(
            store.record_failure("b", 1001, &policy).await.unwrap(),
            None
        );
        assert_eq!(
            store.record_failure("b", 1002, &policy).await.unwrap(),
            Some(1012)
        );
        assert_eq!(
            store.rate_limit_blocked_until("b", 1005).await.unwrap(),
            Some(1012)
        );
        assert_eq!(
            store.rate_limit_blocked_until("b", 1012).await.unwrap(),
            None
        );
        assert_eq!(
            store.record_failure("b", 1013, &policy).await.unwrap(),
            Some(1033),
            "{db:?}: doubled"
        );
        // A new window starts the count again.
        assert_eq!(
            store.record_failure("b", 1200, &policy).await.unwrap(),
            None
        );
        store.settle_attempts(&["b"], &[], &policy).await.unwrap();
        assert_eq!(
            store.rate_limit_blocked_until("b", 1000).await.unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn one_active_and_one_next_key_per_algorithm() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let key = |kid: &str, state: &str| StoredKey {
            kid: kid.into(),
            alg: "RS256".into(),
            state: state.into(),
            private_key_enc: vec![1, 2, 3],
            public_jwk: "{}".into(),
            created_at: 1,
            activated_at: None,
            retired_at: None,
            expires_at: None,
        };
        store.insert_key(&key("a", "active")).await.unwrap();
        assert!(
            matches!(
                store.insert_key(&key("b", "active")).await,
                Err(StoreError::Conflict)
            ),
            "{db:?}"
        );
        store.insert_key(&key("n", "next")).await.unwrap();
        store
            .rotate_keys("RS256", 10, 100, &key("n2", "next"))
            .await
            .unwrap();
        let published = store.published_keys(50).await.unwrap();
        let states: Vec<(String, String)> = published
            .iter()
            .map(|k| (k.kid.clone(), k.state.clone()))
            .collect();
        assert!(states.contains(&("a".into(), "retired".into())));
        assert!(states.contains(&("n".into(), "active".into())));
        assert!(states.contains(&("n2".into(), "next".into())));
        assert!(
            !store
                .published_keys(101)
                .await
                .unwrap()
                .iter()
                .any(|k| k.kid == "a"),
            "{db:?}: expired retiree unpublished"
        );
    }
}

#[tokio::test]
async fn whole_app_runs_on_each_database() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let client = app.add_client(ClientSpec::confidential()).await;
        let response = reqwest::Client::new()
            .post(app.url("/token"))
            .basic_auth(&client.id, client.secret.as_deref())
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{db:?}");
        assert!(app.admin_password.is_some(), "{db:?}: bootstrap admin");
    }
}

#[tokio::test]
async fn user_list_filters_on_each_database() {
    use gatehouse::store::UserFilter;
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        for (email, privileges) in [
            ("a_1@example.com", vec!["user"]),
            ("b%2@example.com", vec!["user", "admin"]),
            ("c3@example.com", vec!["user"]),
        ] {
            store.insert_user(&user(email, &privileges)).await.unwrap();
        }
        let page = |query: Option<&str>,
                    privilege: Option<&str>,
                    after: Option<&gatehouse::domain::User>,
                    limit: i64| UserFilter {
            query: query.map(str::to_string),
            privilege: privilege.map(str::to_string),
            active: None,
            after: after.map(gatehouse::store::UserCursor::after),
            limit,
        };
        let emails = |users: Vec<gatehouse::domain::User>| {
            users
                .into_iter()
                .map(|u| u.email_text().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            emails(
                store
                    .list_users_filtered(&page(Some("%"), None, None, 10))
                    .await
                    .unwrap()
            ),
            ["b%2@example.com"],
            "{db:?}"
        );
        assert_eq!(
            emails(
                store
                    .list_users_filtered(&page(Some("_"), None, None, 10))
                    .await
                    .unwrap()
            ),
            ["a_1@example.com"],
            "{db:?}"
        );
        assert_eq!(
            emails(
                store
                    .list_users_filtered(&page(None, Some("admin"), None, 10))
                    .await
                    .unwrap()
            ),
            ["b%2@example.com"]
        );
        let first = store
            .list_users_filtered(&page(None, None, None, 2))
            .await
            .unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(
            first[1].privileges,
            vec!["admin", "user"],
            "{db:?}: privileges loaded per user"
        );
        let rest = store
            .list_users_filtered(&page(None, None, Some(&first[1]), 2))
            .await
            .unwrap();
        assert_eq!(emails(rest), ["c3@example.com"]);
    }
}

#[tokio::test]
async fn an_interval_slot_goes_to_one_of_many_simultaneous_callers() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        let claims = (0..8).map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.claim_interval("slot", 1000, 60).await.unwrap() })
        });
        let mut won = 0;
        for claim in claims {
            won += usize::from(claim.await.unwrap());
        }
        assert_eq!(won, 1, "{db:?}");
        assert!(!store.claim_interval("slot", 1059, 60).await.unwrap());
        assert!(store.claim_interval("slot", 1060, 60).await.unwrap());
        assert!(store.claim_interval("other", 1060, 60).await.unwrap());
    }
}

#[tokio::test]
async fn the_mfa_policy_is_seeded_once_and_replaced_whole() {
    use gatehouse::domain::{MfaMethod, MfaPolicy};
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        assert_eq!(store.mfa_policy().await.unwrap(), None);

        let first = MfaPolicy {
            methods: vec![MfaMethod::App],
            required_for: vec!["admin".into(), "developer".into()],
        };
        store.seed_mfa_policy(&first, 1).await.unwrap();
        // A second node seeding its own configuration changes nothing.
        store
            .seed_mfa_policy(&MfaPolicy::default(), 2)
            .await
            .unwrap();
        assert_eq!(store.mfa_policy().await.unwrap(), Some(first));
        let second = MfaPolicy {
            methods: vec![],
            required_for: vec![],
        };
        store.set_mfa_policy(&second, None, 3).await.unwrap();
        assert_eq!(store.mfa_policy().await.unwrap(), Some(second));
        // An unknown privilege is refused and leaves the policy as it was.
        let bad = MfaPolicy {
            methods: vec![MfaMethod::App],
            required_for: vec!["wizard".into()],
        };
        assert!(store.set_mfa_policy(&bad, None, 4).await.is_err());
        assert_eq!(
            store.mfa_policy().await.unwrap(),
            Some(MfaPolicy::default())
        );
    }
}

/// The quota primitive SMS caps will use: several windows per key, one longer than a day,
/// IPv6 addresses grouped by /64, on both databases; uses over the allowance still count.
#[tokio::test]
async fn quotas_hold_several_windows_per_key() {
    use gatehouse::auth::limits::{LimitError, Quota, address_key};
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let quota = Quota::new("test", vec![(2, 3600), (3, 7 * 86_400)]);
        let key = address_key("2001:db8:5:6::1");
        let neighbour = address_key("2001:db8:5:6:ffff::2");
        let charge = |key: String| {
            let (app, quota) = (app.app.clone(), quota.clone());
            async move { quota.charge(&app, &key).await }
        };
        assert!(charge(key.clone()).await.is_ok());
        assert!(
            charge(neighbour.clone()).await.is_ok(),
            "{db:?}: the same /64"
        );
        match charge(key.clone()).await {
            Err(LimitError::Refused(r)) => assert!(r.retry_after <= 3600, "{db:?}: {r:?}"),
            other => panic!("{db:?}: the hour is full: {other:?}"),
        }
        app.clock.advance(3601);
        // A new hour, but the week has seen three already (the refused one counts too).
        match charge(key.clone()).await {
            Err(LimitError::Refused(r)) => {
                assert!(r.retry_after > 86_400, "{db:?}: waits for the week: {r:?}")
            }
            other => panic!("{db:?}: the week is full: {other:?}"),
        }
        assert!(
            charge(address_key("2001:db8:5:7::1")).await.is_ok(),
            "{db:?}: another /64 is not affected"
        );
        app.clock.advance(7 * 86_400);
        assert!(charge(key).await.is_ok(), "{db:?}: a new week");
    }
}

#[tokio::test]
async fn connections_the_database_dropped_while_idle_are_replaced_unseen() {
    if !databases().contains(&Db::Postgres) {
        return;
    }
    use sqlx::Connection;
    let url = fresh_postgres_url().await;
    let database = url::Url::parse(&url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_string();
    let store = Store::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    store
        .ensure_privileges(&gatehouse::domain::BUILTIN_PRIVILEGES, true, 0)
        .await
        .unwrap();
    let (_, user_id) = seed_client_and_user(&store).await;
    assert!(store.user_by_id(&user_id).await.unwrap().is_some());
    // Idle past the check-before-use threshold, then the server ends every session (as a
    // restart or a failover does).
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mut admin = sqlx::PgConnection::connect(&std::env::var("DATABASE_URL").unwrap())
        .await
        .unwrap();
    let ended: Vec<(bool,)> =
        sqlx::query_as("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&database)
            .fetch_all(&mut admin)
            .await
            .unwrap();
    assert!(!ended.is_empty(), "the store's idle connections were ended");
    for _ in 0..3 {
        assert!(
            store.user_by_id(&user_id).await.unwrap().is_some(),
            "a dead connection is found by the check, not by the query"
        );
    }
}

#[tokio::test]
async fn the_whole_user_list_carries_each_users_own_privileges() {
    for db in databases() {
        let (store, _dir) = store_for(db).await;
        store
            .insert_user(&user("b@example.com", &["user", "admin"]))
            .await
            .unwrap();
        store
            .insert_user(&user("a@example.com", &[]))
            .await
            .unwrap();
        store
            .insert_user(&user("c@example.com", &["user"]))
            .await
            .unwrap();
        let listed: Vec<(String, Vec<String>)> = store
            .list_users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| (u.email_text().to_string(), u.privileges))
            .collect();
        let expected: Vec<(String, Vec<String>)> = vec![
            ("a@example.com".into(), vec![]),
            ("b@example.com".into(), vec!["admin".into(), "user".into()]),
            ("c@example.com".into(), vec!["user".into()]),
        ];
        assert_eq!(listed, expected, "{db:?}");
    }
}

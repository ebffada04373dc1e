//! Accounts without an e-mail address (people who will sign in through X or by phone): the
//! SQLite table rebuild that made the column optional keeps every row of a populated
//! database, and lists, cursors, claims, the console, the API and the CLI work without one.

use std::borrow::Cow;

use gatehouse::domain::ScopeSet;
use gatehouse::store::{NewUser, UserCursor, UserFilter};
use serde_json::Value;
use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

use crate::helpers::*;

/// The migration that made `users.email` optional.
const OPTIONAL_EMAIL: i64 = 9;

async fn count(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0)
}

/// With foreign keys on (sqlx's default for SQLite), dropping `users` would cascade through
/// every table that references it; the rebuild must switch them off first.
#[tokio::test]
async fn the_sqlite_rebuild_keeps_every_row_of_a_populated_database() {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("gatehouse.db"))
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    let mut before = sqlx::migrate!("migrations/sqlite");
    let earlier: Vec<_> = before
        .migrations
        .iter()
        .filter(|m| m.version < OPTIONAL_EMAIL)
        .cloned()
        .collect();
    before.migrations = Cow::Owned(earlier);
    before.run(&pool).await.unwrap();

    let statements = [
        "INSERT INTO privileges (name, builtin, created_at) VALUES ('admin', 1, 1), ('user', 1, 1)",
        "INSERT INTO clients (id, name, secret_hash, first_party, redirect_uris, post_logout_redirect_uris, grant_types, scopes, created_at)
         VALUES ('app', 'App', NULL, 1, '[]', '[]', '[]', 'openid', 1)",
        "INSERT INTO users (id, email, email_verified, password_hash, first_name, last_name, created_at, updated_at, country, valid_until)
         VALUES ('u1', 'ada@example.com', 1, 'hash', 'Ada', 'Lovelace', 1, 2, 'BE', 99)",
        "INSERT INTO users (id, email, created_at, updated_at) VALUES ('u2', 'bob@example.com', 1, 1)",
        "INSERT INTO user_privileges (user_id, privilege) VALUES ('u1', 'admin'), ('u1', 'user'), ('u2', 'user')",
        "INSERT INTO sessions (id, token_hash, user_id, auth_time, amr, created_at, last_seen_at, expires_at)
         VALUES ('s1', 'th1', 'u1', 1, '[\"pwd\"]', 1, 1, 999)",
        "INSERT INTO grants (id, client_id, user_id, session_id, scope, auth_time, amr, created_at)
         VALUES ('g1', 'app', 'u1', 's1', 'openid', 1, '[\"pwd\"]', 1)",
        "INSERT INTO consents (user_id, client_id, scopes, granted_at) VALUES ('u1', 'app', 'openid', 1)",
        "INSERT INTO totp_factors (user_id, secret_enc, last_step, enabled_at) VALUES ('u1', x'00', 0, 1)",
    ];
    for statement in statements {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    let tables = [
        "users",
        "user_privileges",
        "sessions",
        "grants",
        "consents",
        "totp_factors",
        "clients",
    ];
    let mut counts = Vec::new();
    for table in tables {
        counts.push(count(&pool, table).await);
    }

    sqlx::migrate!("migrations/sqlite")
        .run(&pool)
        .await
        .unwrap();

    for (table, expected) in tables.iter().zip(&counts) {
        assert_eq!(
            count(&pool, table).await,
            *expected,
            "{table} kept its rows"
        );
    }
    let ada = sqlx::query(
        "SELECT email, first_name, country, valid_until, password_hash FROM users WHERE id = 'u1'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        ada.get::<Option<String>, _>(0).as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(ada.get::<String, _>(1), "Ada");
    assert_eq!(ada.get::<String, _>(2), "BE");
    assert_eq!(ada.get::<Option<i64>, _>(3), Some(99));
    assert_eq!(ada.get::<Option<String>, _>(4).as_deref(), Some("hash"));
    let violations = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(violations.is_empty(), "no dangling references");
    // Foreign keys are back on, still pointing at the rebuilt table: deleting a user cascades.
    sqlx::query("DELETE FROM users WHERE id = 'u1'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(count(&pool, "sessions").await, 0);
    assert_eq!(count(&pool, "user_privileges").await, 1);
    // The address is optional now, and still unique.
    sqlx::query("INSERT INTO users (id, email, created_at, updated_at) VALUES ('u3', NULL, 1, 1), ('u4', NULL, 1, 1)")
        .execute(&pool)
        .await
        .unwrap();
    let duplicate = sqlx::query("INSERT INTO users (id, email, created_at, updated_at) VALUES ('u5', 'bob@example.com', 1, 1)")
        .execute(&pool)
        .await;
    assert!(duplicate.is_err(), "addresses stay unique");
}

fn without_email(id: &str, first: &str, privileges: &[&str]) -> NewUser {
    NewUser {
        id: id.into(),
        email: None,
        email_verified: true,
        password_hash: Some(gatehouse::crypto::password::hash(PASSWORD)),
        must_change_password: false,
        first_name: first.into(),
        last_name: "Nomail".into(),
        privileges: privileges.iter().map(|p| p.to_string()).collect(),
        username: None,
        now: 0,
    }
}

/// The user list pages through users with and without addresses on both databases: those
/// without come first (ordered by id), the cursor carries over between them.
#[tokio::test]
async fn users_without_an_address_are_listed_and_paged() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        for (id, name) in [("b-id", "Bea"), ("a-id", "Abe"), ("c-id", "Cy")] {
            app.app
                .store
                .insert_user(&without_email(id, name, &["user"]))
                .await
                .unwrap();
        }
        app.add_user("zed@example.com", &["user"]).await;
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = app
                .app
                .store
                .list_users_filtered(&UserFilter {
                    after: after.clone(),
                    limit: 2,
                    ..Default::default()
                })
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(UserCursor::after);
            seen.extend(page.into_iter().map(|u| u.label()));
        }
        assert_eq!(
            seen,
            [
                "user a-id",
                "user b-id",
                "user c-id",
                "admin@example.com",
                "zed@example.com"
            ],
            "{db:?}"
        );
        let cursor = UserCursor::after(&app.app.store.user_by_id("a-id").await.unwrap().unwrap());
        assert_eq!(UserCursor::parse(&cursor.to_string()), Some(cursor));
    }
}

#[tokio::test]
async fn the_console_api_claims_and_cli_work_without_an_address() {
    let app = spawn_app().await;
    let root = app.add_user("root@example.com", &["admin", "user"]).await;
    app.app
        .store
        .insert_user(&without_email("4f1c0d2e-nomail", "Noor", &["user"]))
        .await
        .unwrap();
    let noor = app
        .app
        .store
        .user_by_id("4f1c0d2e-nomail")
        .await
        .unwrap()
        .unwrap();

    // Claims: no e-mail claims at all rather than empty ones.
    let claims = gatehouse::oauth::claims::user_claims(&noor, &ScopeSet::all(), None);
    assert!(!claims.contains_key("email") && !claims.contains_key("email_verified"));
    assert_eq!(claims["name"], "Noor Nomail");

    // The admin API answers `null` and pages past them.
    let owner = app.app.store.user_by_id(&root).await.unwrap().unwrap();
    let key = gatehouse::admin::api_keys::create(
        &app.app,
        &owner,
        "k",
        &gatehouse::domain::Capability::ALL,
        None,
    )
    .await
    .unwrap()
    .key;
    let api = |path: String| {
        let key = key.clone();
        async move {
            let response = reqwest::Client::new()
                .get(path)
                .bearer_auth(key)
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };
    let (status, one) = api(app.url("/api/admin/v1/users/4f1c0d2e-nomail")).await;
    assert_eq!(status, 200);
    assert_eq!(one["email"], Value::Null);
    let (_, first) = api(app.url("/api/admin/v1/users?limit=1")).await;
    assert_eq!(first["users"][0]["id"], "4f1c0d2e-nomail");
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let (_, second) = api(app.url(&format!(
        "/api/admin/v1/users?limit=1&cursor={}",
        url::form_urlencoded::byte_serialize(cursor.as_bytes()).collect::<String>()
    )))
    .await;
    assert_eq!(second["users"][0]["email"], "admin@example.com");
    let (status, bad) = api(app.url("/api/admin/v1/users?cursor=garbage")).await;
    assert_eq!((status, bad["field"].as_str()), (422, Some("cursor")));
    // Nothing to mail a reset link to: a clear refusal, not a fault.
    let response = reqwest::Client::new()
        .post(app.url("/api/admin/v1/users/4f1c0d2e-nomail/reset-password"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);

    // The console lists and shows them by name.
    let admin = browser();
    assert_eq!(
        location(
            &submit_login(
                &app,
                &admin,
                &app.url("/login"),
                "root@example.com",
                PASSWORD
            )
            .await
        ),
        "/account"
    );
    let list = admin.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(list.status(), 200);
    assert!(list.text().await.unwrap().contains("Noor Nomail"));
    let page = admin
        .get(app.url("/admin/users/4f1c0d2e-nomail"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("no e-mail address"));

    // The command line finds them by id.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args([
            "users",
            "reset-second-factor",
            "--user-id",
            "4f1c0d2e-nomail",
        ])
        .env_remove("GATEHOUSE_CONFIG")
        .env("GATEHOUSE_DATA_DIR", &app.settings.data_dir)
        .env("GATEHOUSE_KEYS_DIR", &app.settings.keys_dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["id"], "4f1c0d2e-nomail");
    let both = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args([
            "users",
            "reset-second-factor",
            "--user-id",
            "x",
            "--email",
            "a@example.com",
        ])
        .env_remove("GATEHOUSE_CONFIG")
        .env("GATEHOUSE_DATA_DIR", &app.settings.data_dir)
        .env("GATEHOUSE_KEYS_DIR", &app.settings.keys_dir)
        .output()
        .unwrap();
    assert!(
        !both.status.success(),
        "one way of naming the user at a time"
    );
}

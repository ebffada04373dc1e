//! The admin user list on a 100,000-user database: `cargo bench --bench user_list`.
//!
//! Seeds SQLite (and PostgreSQL when `DATABASE_URL` is set, in a fresh database beside it)
//! with 100,000 users, then times filtered, paged list queries through the store, printing the
//! median and worst of 21 runs each.

use std::time::{Duration, Instant};

use gatehouse::store::{Store, UserFilter};
use sqlx::Connection;

const USERS: usize = 100_000;

async fn seed(url: &str) -> Store {
    let store = Store::connect(url, 8).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
        .ensure_privileges(&gatehouse::domain::BUILTIN_PRIVILEGES, true, 0)
        .await
        .expect("privileges");
    let started = Instant::now();
    // Seeding goes straight to SQL in large batches: the store's one-user insert would take
    // minutes, and what is measured here is the read.
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    for chunk in (0..USERS).collect::<Vec<_>>().chunks(500) {
        let mut users = String::from(
            "INSERT INTO users (id, email, email_verified, first_name, last_name, active, created_at, updated_at) VALUES ",
        );
        let mut privileges =
            String::from("INSERT INTO user_privileges (user_id, privilege) VALUES ");
        for (n, i) in chunk.iter().enumerate() {
            let sep = if n == 0 { "" } else { "," };
            let active = i64::from(i % 10 != 0);
            users.push_str(&format!(
                "{sep}('u{i:06}', 'user{i:06}@example{}.com', 1, 'First{i}', 'Last{}', {active}, 0, 0)",
                i % 97,
                i % 1000
            ));
            let privilege = ["user", "customer", "advocate", "trainer"][i % 4];
            privileges.push_str(&format!("{sep}('u{i:06}', '{privilege}')"));
        }
        sqlx::raw_sql(sqlx::AssertSqlSafe(users))
            .execute(&mut conn)
            .await
            .expect("users");
        sqlx::raw_sql(sqlx::AssertSqlSafe(privileges))
            .execute(&mut conn)
            .await
            .expect("privileges");
    }
    println!(
        "  seeded {USERS} users in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    store
}

async fn time(store: &Store, label: &str, filter: UserFilter) {
    let mut runs: Vec<Duration> = Vec::new();
    let mut found = 0;
    for _ in 0..21 {
        let started = Instant::now();
        found = store
            .list_users_filtered(&filter)
            .await
            .expect("list")
            .len();
        runs.push(started.elapsed());
    }
    runs.sort();
    println!(
        "  {label:<58} {found:>3} rows  median {:>7.2} ms  worst {:>7.2} ms",
        runs[10].as_secs_f64() * 1000.0,
        runs[20].as_secs_f64() * 1000.0
    );
}

async fn run(store: Store) {
    let page = |query: Option<&str>,
                privilege: Option<&str>,
                active: Option<bool>,
                after: Option<&str>| UserFilter {
        query: query.map(str::to_string),
        privilege: privilege.map(str::to_string),
        active,
        // A cursor at that address (ids sort after it only among equal addresses).
        after: after.map(|email| gatehouse::store::UserCursor {
            email: email.to_string(),
            id: String::new(),
        }),
        limit: 50,
    };
    time(
        &store,
        "first page, no filter",
        page(None, None, None, None),
    )
    .await;
    time(
        &store,
        "page deep in the list (cursor)",
        page(None, None, None, Some("user080000@example5.com")),
    )
    .await;
    time(
        &store,
        "privilege = trainer",
        page(None, Some("trainer"), None, None),
    )
    .await;
    time(
        &store,
        "status = deactivated",
        page(None, None, Some(false), None),
    )
    .await;
    time(
        &store,
        "search \"last77\" (matches 100)",
        page(Some("last77"), None, None, None),
    )
    .await;
    time(
        &store,
        "search \"nobody\" (matches none: a full scan)",
        page(Some("nobody"), None, None, None),
    )
    .await;
    time(
        &store,
        "search \"first4\" + privilege + active",
        page(Some("first4"), Some("customer"), Some(true), None),
    )
    .await;
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    println!("SQLite");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite").display()
    );
    run(seed(&url).await).await;
    if let Ok(base) = std::env::var("DATABASE_URL") {
        println!("PostgreSQL");
        let name = format!("gh_bench_{}", std::process::id());
        let mut conn = sqlx::PgConnection::connect(&base)
            .await
            .expect("DATABASE_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create database");
        let mut url = url::Url::parse(&base).expect("URL");
        url.set_path(&format!("/{name}"));
        let store = seed(url.as_str()).await;
        sqlx::query("ANALYZE")
            .execute(&mut sqlx::AnyConnection::connect(url.as_str()).await.unwrap())
            .await
            .ok();
        run(store).await;
        drop(conn);
    } else {
        println!("PostgreSQL: skipped (DATABASE_URL is not set)");
    }
}

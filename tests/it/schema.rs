//! Schema parity: `migrations/sqlite` and `migrations/postgres`, each run the way the app runs
//! them (`Store::migrate`), must give the same tables, columns (normalized type, nullability,
//! default), primary keys, indexes (unique or not, partial or not, by column list) and foreign
//! keys (columns → table.columns, ON DELETE / ON UPDATE), from the same numbered migrations.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use gatehouse::store::Store;
use sqlx::Connection;

use crate::helpers::*;

/// sqlx's own bookkeeping, which is not part of the application's schema.
const IGNORED_TABLES: &[&str] = &["_sqlx_migrations"];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    /// A type family in SQLite's affinity terms: `integer`, `text`, `blob`, `real`, …
    kind: String,
    nullable: bool,
    /// The default expression without casts (`''::text` → `''`), if any.
    default: Option<String>,
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.kind,
            if self.nullable { "NULL" } else { "NOT NULL" }
        )?;
        if let Some(default) = &self.default {
            write!(f, " DEFAULT {default}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    columns: Vec<String>,
    unique: bool,
    /// The WHERE clause of a partial index, normalized.
    predicate: Option<String>,
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}({})",
            if self.unique { "UNIQUE " } else { "" },
            self.columns.join(", ")
        )?;
        if let Some(predicate) = &self.predicate {
            write!(f, " WHERE {predicate}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    columns: Vec<String>,
    table: String,
    references: Vec<String>,
    on_delete: String,
    on_update: String,
}

impl fmt::Display for ForeignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}) → {}({}) ON DELETE {} ON UPDATE {}",
            self.columns.join(", "),
            self.table,
            self.references.join(", "),
            self.on_delete,
            self.on_update
        )
    }
}

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    indexes: BTreeSet<Index>,
    foreign_keys: BTreeSet<ForeignKey>,
}

type Schema = BTreeMap<String, Table>;

/// A row of `pragma_foreign_key_list`: id, seq, table, from, to, on_update, on_delete.
type SqliteForeignKeyRow = (i64, i64, String, String, Option<String>, String, String);

/// A declared type as a family, by SQLite's affinity rules (which also cover PostgreSQL's
/// names), so that `BIGINT`/`integer`, `TEXT`/`character varying` and `BLOB`/`bytea` match.
fn type_family(declared: &str) -> String {
    let t = declared.to_lowercase();
    if t.contains("int") {
        "integer".into()
    } else if t.contains("char") || t.contains("clob") || t.contains("text") {
        "text".into()
    } else if t.is_empty() || t.contains("blob") || t == "bytea" {
        "blob".into()
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
        "real".into()
    } else if t == "boolean" || t == "bool" {
        "boolean".into()
    } else {
        t
    }
}

/// An SQL expression without PostgreSQL's casts (`'x'::text`), outer parentheses and case or
/// spacing differences: `(state = 'active'::text)` and `state = 'active'` are the same.
fn normalize_expr(expr: &str) -> String {
    let mut out = String::new();
    let mut chars = expr.trim().chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_string = !in_string;
            out.push(c);
        } else if in_string {
            out.push(c);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            // Skip the type name, which may be two words ("character varying").
            let mut name = String::new();
            while let Some(c) = chars.next_if(|c| c.is_alphanumeric() || *c == '_') {
                name.push(c);
            }
            if matches!(name.as_str(), "character" | "double") {
                let rest: String = chars.clone().collect();
                for second in [" varying", " precision"] {
                    if rest.starts_with(second) {
                        for _ in 0..second.len() {
                            chars.next();
                        }
                    }
                }
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let mut collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    while wrapped_in_parentheses(&collapsed) {
        collapsed = collapsed[1..collapsed.len() - 1].trim().to_string();
    }
    collapsed
}

/// `(…)` whose first parenthesis closes at the very end (not `(a) = (b)`).
fn wrapped_in_parentheses(expr: &str) -> bool {
    if !expr.starts_with('(') || !expr.ends_with(')') {
        return false;
    }
    let mut depth = 0;
    for (i, c) in expr.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return i == expr.len() - 1;
        }
    }
    false
}

/// `NO ACTION`, `CASCADE`, … from SQLite's words or PostgreSQL's one-letter codes.
fn referential_action(action: &str) -> String {
    match action {
        "a" => "NO ACTION".into(),
        "r" => "RESTRICT".into(),
        "c" => "CASCADE".into(),
        "n" => "SET NULL".into(),
        "d" => "SET DEFAULT".into(),
        other => other.to_uppercase(),
    }
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The key terms of `CREATE [UNIQUE] INDEX name ON table (term, …) [WHERE …]`, normalized:
/// column names or expressions such as `coalesce(email, '')`.
fn index_terms(sql: &str) -> Vec<String> {
    let on = sql
        .to_uppercase()
        .find(" ON ")
        .unwrap_or_else(|| panic!("no ON in {sql}"));
    let open = sql[on..].find('(').expect("a key list") + on;
    let mut terms = Vec::new();
    let (mut depth, mut in_string, mut start) = (0, false, open + 1);
    for (i, c) in sql.char_indices().skip_while(|(i, _)| *i <= open) {
        match c {
            '\'' => in_string = !in_string,
            _ if in_string => {}
            '(' => depth += 1,
            ')' if depth == 0 => {
                terms.push(normalize_expr(&sql[start..i]));
                return terms;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(normalize_expr(&sql[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    panic!("unclosed key list in {sql}")
}

async fn sqlite_schema(url: &str) -> Schema {
    let mut conn = sqlx::SqliteConnection::connect(url)
        .await
        .expect("connect to the SQLite file");
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for (name,) in tables {
        if IGNORED_TABLES.contains(&name.as_str()) {
            continue;
        }
        let mut table = Table::default();
        let columns: Vec<(String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut primary_key = Vec::new();
        for (column, declared, notnull, default, pk) in columns {
            if pk > 0 {
                primary_key.push((pk, column.clone()));
            }
            table.columns.insert(
                column,
                Column {
                    kind: type_family(&declared),
                    nullable: notnull == 0,
                    default: default.as_deref().map(normalize_expr),
                },
            );
        }
        primary_key.sort();
        table.primary_key = primary_key.into_iter().map(|(_, c)| c).collect();

        let indexes: Vec<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1) ORDER BY name",
        )
        .bind(&name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for (index, unique, origin, partial) in indexes {
            // The primary key's own index is compared as the primary key.
            if origin == "pk" {
                continue;
            }
            // An index made by CREATE INDEX has its SQL, which also names expression keys;
            // one made for a UNIQUE constraint has none and only plain columns.
            let (sql,): (Option<String>,) =
                sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1")
                    .bind(&index)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
            let columns = match &sql {
                Some(sql) => index_terms(sql),
                None => {
                    let names: Vec<(String,)> =
                        sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                            .bind(&index)
                            .fetch_all(&mut conn)
                            .await
                            .unwrap();
                    names.into_iter().map(|(c,)| normalize_expr(&c)).collect()
                }
            };
            let predicate = if partial == 1 {
                let sql = sql.expect("a partial index has its SQL");
                let at = sql
                    .to_uppercase()
                    .rfind(" WHERE ")
                    .unwrap_or_else(|| panic!("a partial index has a WHERE clause: {sql}"));
                Some(normalize_expr(&sql[at + " WHERE ".len()..]))
            } else {
                None
            };
            table.indexes.insert(Index {
                columns,
                unique: unique == 1,
                predicate,
            });
        }

        let references: Vec<SqliteForeignKeyRow> = sqlx::query_as(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete \
                 FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for (id, _seq, target, from, to, on_update, on_delete) in references {
            let key = by_id.entry(id).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: target.clone(),
                references: Vec::new(),
                on_delete: referential_action(&on_delete),
                on_update: referential_action(&on_update),
            });
            key.columns.push(from);
            // `REFERENCES t` without columns means t's primary key; the migrations name them.
            key.references
                .push(to.unwrap_or_else(|| format!("<primary key of {target}>")));
        }
        table.foreign_keys = by_id.into_values().collect();
        schema.insert(name, table);
    }
    conn.close().await.ok();
    schema
}

/// The names of `ARRAY` of attribute numbers `$attnums` of relation `$rel`, in order, joined
/// with commas.
macro_rules! pg_columns {
    ($attnums:literal, $rel:literal) => {
        concat!(
            "array_to_string(ARRAY(SELECT a.attname::text FROM unnest(",
            $attnums,
            "::int2[]) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = ",
            $rel,
            " AND a.attnum = k.attnum ORDER BY k.ord), ',')"
        )
    };
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .expect("connect to the PostgreSQL database");
    let mut schema = Schema::new();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (name,) in tables {
        if !IGNORED_TABLES.contains(&name.as_str()) {
            schema.insert(name, Table::default());
        }
    }

    let columns: Vec<(String, String, String, bool, Option<String>)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES', \
                column_default::text \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (table, column, declared, nullable, default) in columns {
        if let Some(table) = schema.get_mut(&table) {
            table.columns.insert(
                column,
                Column {
                    kind: type_family(&declared),
                    nullable,
                    default: default.as_deref().map(normalize_expr),
                },
            );
        }
    }

    let primary_keys: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT cl.relname::text, {} \
         FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid \
         JOIN pg_namespace n ON n.oid = cl.relnamespace \
         WHERE co.contype = 'p' AND n.nspname = current_schema()",
        pg_columns!("co.conkey", "co.conrelid"),
    )))
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (table, columns) in primary_keys {
        if let Some(table) = schema.get_mut(&table) {
            table.primary_key = split_list(&columns);
        }
    }

    let indexes: Vec<(String, bool, Option<String>, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT t.relname::text, ix.indisunique, pg_get_expr(ix.indpred, ix.indrelid)::text, {} \
             FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = current_schema() AND NOT ix.indisprimary",
            // Each key column's definition: its name, or the expression it indexes.
            "array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) \
             FROM generate_series(1, ix.indnkeyatts::int) AS k ORDER BY k), chr(31))",
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    for (table, unique, predicate, columns) in indexes {
        if let Some(table) = schema.get_mut(&table) {
            table.indexes.insert(Index {
                columns: columns.split('\u{1f}').map(normalize_expr).collect(),
                unique,
                predicate: predicate.as_deref().map(normalize_expr),
            });
        }
    }

    let foreign_keys: Vec<(String, String, String, String, String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT cl.relname::text, {}, rf.relname::text, {}, \
                    co.confdeltype::text, co.confupdtype::text \
             FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid \
             JOIN pg_class rf ON rf.oid = co.confrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             WHERE co.contype = 'f' AND n.nspname = current_schema()",
            pg_columns!("co.conkey", "co.conrelid"),
            pg_columns!("co.confkey", "co.confrelid"),
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    for (table, columns, target, references, on_delete, on_update) in foreign_keys {
        if let Some(table) = schema.get_mut(&table) {
            table.foreign_keys.insert(ForeignKey {
                columns: split_list(&columns),
                table: target,
                references: split_list(&references),
                on_delete: referential_action(&on_delete),
                on_update: referential_action(&on_update),
            });
        }
    }
    conn.close().await.ok();
    schema
}

/// Differences that are known and accepted, each with its reason; `Some(reason)` when the
/// difference between `sqlite` and `postgres` for `table.column` is one of them.
fn known_column_difference(
    table: &Table,
    column: &str,
    sqlite: &Column,
    postgres: &Column,
) -> Option<&'static str> {
    // SQLite lets a PRIMARY KEY column that is not an INTEGER rowid alias and not declared
    // NOT NULL hold NULL (a documented legacy quirk); PostgreSQL makes every primary-key
    // column NOT NULL. Gatehouse always writes its keys, so the one thing that differs is
    // what the database itself would accept; adding NOT NULL on SQLite needs a rebuild of
    // every such table.
    let only_nullability = Column {
        nullable: postgres.nullable,
        ..sqlite.clone()
    } == *postgres;
    (only_nullability
        && sqlite.nullable
        && !postgres.nullable
        && table.primary_key.iter().any(|c| c == column))
    .then_some("SQLite allows NULL in a PRIMARY KEY column not declared NOT NULL")
}

/// Compares the two schemas: the differences that fail the test, and the known ones.
fn compare(sqlite: &Schema, postgres: &Schema) -> (Vec<String>, Vec<String>) {
    let mut differences = Vec::new();
    let mut known = Vec::new();
    let names: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.get(name), postgres.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (Some(_), None) => {
                differences.push(format!("table {name}: only in SQLite"));
                continue;
            }
            (None, Some(_)) => {
                differences.push(format!("table {name}: only in PostgreSQL"));
                continue;
            }
            (None, None) => unreachable!(),
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(sc), Some(pc)) if sc == pc => {}
                (Some(sc), Some(pc)) => {
                    let line = format!("{name}.{column}: SQLite {sc} | PostgreSQL {pc}");
                    match known_column_difference(s, column, sc, pc) {
                        Some(reason) => known.push(format!("{line} ({reason})")),
                        None => differences.push(line),
                    }
                }
                (Some(sc), None) => {
                    differences.push(format!("{name}.{column}: only in SQLite ({sc})"))
                }
                (None, Some(pc)) => {
                    differences.push(format!("{name}.{column}: only in PostgreSQL ({pc})"))
                }
                (None, None) => unreachable!(),
            }
        }
        if s.primary_key != p.primary_key {
            differences.push(format!(
                "{name}: primary key SQLite ({}) | PostgreSQL ({})",
                s.primary_key.join(", "),
                p.primary_key.join(", ")
            ));
        }
        for index in s.indexes.difference(&p.indexes) {
            differences.push(format!("{name}: index {index} only in SQLite"));
        }
        for index in p.indexes.difference(&s.indexes) {
            differences.push(format!("{name}: index {index} only in PostgreSQL"));
        }
        for key in s.foreign_keys.difference(&p.foreign_keys) {
            differences.push(format!("{name}: foreign key {key} only in SQLite"));
        }
        for key in p.foreign_keys.difference(&s.foreign_keys) {
            differences.push(format!("{name}: foreign key {key} only in PostgreSQL"));
        }
    }
    (differences, known)
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_give_the_same_schema() {
    if required_env("DATABASE_URL", "PostgreSQL").is_none() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: schema parity not checked: DATABASE_URL is not set"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("schema.sqlite").display()
    );
    let postgres_url = fresh_postgres_url().await;
    for url in [&sqlite_url, &postgres_url] {
        let store = Store::connect(url, 2).await.expect("connect");
        store.migrate().await.expect("migrate");
        store.close().await;
    }
    // The same migrations, by number and name, ran on both (their SQL differs in dialect).
    let migrations = "SELECT version, description FROM _sqlx_migrations ORDER BY version";
    let mut conn = sqlx::SqliteConnection::connect(&sqlite_url).await.unwrap();
    let sqlite_migrations: Vec<(i64, String)> = sqlx::query_as(migrations)
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    let mut conn = sqlx::PgConnection::connect(&postgres_url).await.unwrap();
    let postgres_migrations: Vec<(i64, String)> = sqlx::query_as(migrations)
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    assert!(!sqlite_migrations.is_empty(), "migrations ran");
    assert_eq!(
        sqlite_migrations, postgres_migrations,
        "migrations/sqlite and migrations/postgres number and name the same migrations"
    );

    let sqlite = sqlite_schema(&sqlite_url).await;
    let postgres = postgres_schema(&postgres_url).await;
    assert!(
        sqlite.len() > 10,
        "the SQLite schema was read: {:?}",
        sqlite.keys()
    );
    assert!(
        sqlite.values().all(|t| !t.columns.is_empty()),
        "every table's columns were read"
    );
    // The readers found what the migrations are known to declare, on both databases, so
    // that agreement is not two empty answers.
    for (db, schema) in [("SQLite", &sqlite), ("PostgreSQL", &postgres)] {
        let users = &schema["users"];
        assert_eq!(users.primary_key, ["id"], "{db}");
        assert_eq!(
            users.columns["first_name"].default.as_deref(),
            Some("''"),
            "{db}"
        );
        assert!(users.columns["password_hash"].nullable, "{db}");
        assert!(
            users
                .indexes
                .iter()
                .any(|i| i.unique && i.columns == ["email"]),
            "{db}: UNIQUE(email) on users"
        );
        assert!(
            users
                .indexes
                .iter()
                .any(|i| i.columns == ["coalesce(email, '')", "id"]),
            "{db}: the user list's expression index: {:?}",
            users.indexes
        );
        assert_eq!(
            schema["user_privileges"].primary_key,
            ["user_id", "privilege"],
            "{db}"
        );
        assert!(
            schema["signing_keys"].indexes.contains(&Index {
                columns: vec!["alg".into()],
                unique: true,
                predicate: Some("state = 'active'".into()),
            }),
            "{db}: the partial unique index on signing_keys"
        );
        assert!(
            schema["invitations"].foreign_keys.contains(&ForeignKey {
                columns: vec!["invited_by".into()],
                table: "users".into(),
                references: vec!["id".into()],
                on_delete: "SET NULL".into(),
                on_update: "NO ACTION".into(),
            }),
            "{db}: invitations.invited_by → users(id) ON DELETE SET NULL"
        );
    }
    let (differences, known) = compare(&sqlite, &postgres);
    for line in &known {
        println!("known difference: {line}");
    }
    assert!(
        differences.is_empty(),
        "migrations/sqlite and migrations/postgres give different schemas:\n  {}",
        differences.join("\n  ")
    );
}

#[test]
fn normalization_matches_both_dialects() {
    assert_eq!(type_family("BIGINT"), type_family("bigint"));
    assert_eq!(type_family("INTEGER"), type_family("bigint"));
    assert_eq!(type_family("TEXT"), type_family("character varying"));
    assert_eq!(type_family("BLOB"), type_family("bytea"));
    assert_ne!(type_family("TEXT"), type_family("bigint"));
    assert_eq!(normalize_expr("''::text"), normalize_expr("''"));
    assert_eq!(
        normalize_expr("(state = 'active'::text)"),
        normalize_expr("state = 'active'")
    );
    assert_eq!(
        normalize_expr("'password'::character varying"),
        "'password'"
    );
    assert_ne!(normalize_expr("'A'"), normalize_expr("'a'"));
    assert_eq!(normalize_expr("(a) = (b)"), "(a) = (b)");
    assert_eq!(normalize_expr("x::text AND y"), "x and y");
    assert_eq!(
        index_terms("CREATE INDEX u ON users (COALESCE(email, ''), id)"),
        [
            normalize_expr("COALESCE(email, ''::text)"),
            "id".to_string()
        ]
    );
    assert_eq!(
        index_terms("CREATE UNIQUE INDEX k ON signing_keys(alg) WHERE state = 'active'"),
        ["alg"]
    );
    assert_eq!(referential_action("c"), referential_action("CASCADE"));
    assert_eq!(referential_action("a"), referential_action("NO ACTION"));
}

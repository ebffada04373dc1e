//! Users, their privileges, and the privilege catalogue.

use std::sync::LazyLock;

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::{Store, StoreError, StoreResult, flag, found};
use crate::domain::{Email, PhoneNumber, ProfileDetails, User};

pub struct NewUser {
    pub id: String,
    pub email: Option<Email>,
    pub email_verified: bool,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub first_name: String,
    pub last_name: String,
    pub privileges: Vec<String>,
    /// Lower case, validated by `domain::Username`; `None` for none.
    pub username: Option<String>,
    pub now: i64,
}

/// The names a profile update writes.
pub struct Names<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub nickname: &'a str,
    pub initials: &'a str,
}

#[derive(FromRow)]
struct UserRow {
    id: String,
    email: Option<String>,
    email_verified: i64,
    password_hash: Option<String>,
    must_change_password: i64,
    first_name: String,
    last_name: String,
    active: i64,
    created_at: i64,
    country: String,
    subdivision_first: String,
    subdivision_second: String,
    subdivision_third: String,
    organization: String,
    timezone: String,
    language: String,
    date_format: String,
    valid_from: Option<i64>,
    valid_until: Option<i64>,
    phone: Option<String>,
    phone_verified: i64,
    nickname: String,
    initials: String,
    username: Option<String>,
    service_client_id: Option<String>,
}

const USER_COLUMNS: &str = "id, email, email_verified, password_hash, must_change_password, first_name, last_name, \
     active, created_at, country, subdivision_first, subdivision_second, subdivision_third, organization, timezone, \
     language, date_format, valid_from, valid_until, phone, phone_verified, nickname, initials, username, \
     service_client_id";

impl Store {
    /// Inserts the user and their privileges in one transaction. An e-mail or username
    /// already taken is `Conflict`; an unknown privilege is `NotFound`.
    pub async fn insert_user(&self, user: &NewUser) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        write_user(&mut tx, user, None).await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(())
    }

    /// A service account and its client, in one transaction: neither exists without the other.
    pub async fn insert_service_account(
        &self,
        client: &super::NewClient,
        user: &NewUser,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        super::clients::write_client(&mut tx, client).await?;
        write_user(&mut tx, user, Some(&client.id)).await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(())
    }

    /// The service account bound to a client, if it is one's.
    pub async fn service_account_of_client(&self, client_id: &str) -> StoreResult<Option<User>> {
        self.user_where("service_client_id", client_id).await
    }

    /// The account with this username (stored lower case).
    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<User>> {
        self.user_where("username", username).await
    }

    /// Sets or (with `None`) clears the username; one taken by another account is `Conflict`.
    pub async fn set_username(
        &self,
        user_id: &str,
        username: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET username = $1, updated_at = $2 WHERE id = $3")
            .bind(username)
            .bind(now)
            .bind(user_id)
            .execute(&self.pool)
            .await
            .map_err(StoreError::from_write)?;
        self.standing_changed();
        found(done)
    }

    pub async fn user_by_email(&self, email: &Email) -> StoreResult<Option<User>> {
        self.user_where("email", email.as_str()).await
    }

    /// The account a number belongs to.
    pub async fn user_by_phone(&self, phone: &PhoneNumber) -> StoreResult<Option<User>> {
        self.user_where("phone", phone.as_str()).await
    }

    /// Sets (or with `None` removes) a user's number. A number another account has is
    /// `Conflict`.
    pub async fn set_phone(
        &self,
        user_id: &str,
        phone: Option<&PhoneNumber>,
        verified: bool,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET phone = $1, phone_verified = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(phone.map(PhoneNumber::as_str))
        .bind(flag(verified && phone.is_some()))
        .bind(now)
        .bind(user_id)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        self.standing_changed();
        found(done)
    }

    /// Removes the user's number unless it is their last way in (no password, no linked
    /// provider); `false` then. The user's row is locked first, as `unlink_upstream` does, so
    /// a removal and an unlink racing cannot each leave the other as the only way in.
    pub async fn remove_phone_keeping_a_way_in(
        &self,
        user_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query(
            "UPDATE users SET phone = NULL, phone_verified = 0, updated_at = $2
             WHERE id = $1 AND (password_hash IS NOT NULL
                                OR EXISTS (SELECT 1 FROM upstream_links WHERE user_id = $1))",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(done.rows_affected() == 1)
    }

    pub async fn user_by_id(&self, id: &str) -> StoreResult<Option<User>> {
        self.user_where("id", id).await
    }

    pub async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(sql!(
            "SELECT {} FROM users u LEFT JOIN user_privileges p ON p.user_id = u.id \
             ORDER BY COALESCE(u.email, ''), u.id, p.privilege",
            *JOINED_USER_COLUMNS
        ))
        .fetch_all(&self.pool)
        .await?;
        users_from_joined_rows(&rows)
    }

    pub async fn count_users(&self) -> StoreResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    pub async fn count_users_with_privilege(&self, privilege: &str) -> StoreResult<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM user_privileges WHERE privilege = $1")
                .bind(privilege)
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }

    pub async fn set_password(
        &self,
        user_id: &str,
        hash: &str,
        must_change: bool,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(hash)
        .bind(flag(must_change))
        .bind(now)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        found(done)
    }

    pub async fn update_profile(
        &self,
        user_id: &str,
        names: &Names<'_>,
        details: &ProfileDetails,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET first_name = $1, last_name = $2, country = $3, subdivision_first = $4,
                 subdivision_second = $5, subdivision_third = $6, organization = $7, timezone = $8, language = $9,
                 date_format = $10, updated_at = $11, nickname = $13, initials = $14
             WHERE id = $12",
        )
        .bind(names.first)
        .bind(names.last)
        .bind(&details.country)
        .bind(&details.subdivision_first)
        .bind(&details.subdivision_second)
        .bind(&details.subdivision_third)
        .bind(&details.organization)
        .bind(&details.timezone)
        .bind(&details.language)
        .bind(&details.date_format)
        .bind(now)
        .bind(user_id)
        .bind(names.nickname)
        .bind(names.initials)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        found(done)
    }

    /// Marks the e-mail verified and adds `privileges` (those that exist) in one transaction.
    pub async fn mark_email_verified(
        &self,
        user_id: &str,
        privileges: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET email_verified = 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for privilege in privileges {
            sqlx::query(
                "INSERT INTO user_privileges (user_id, privilege)
                 SELECT $1, name FROM privileges WHERE name = $2
                 ON CONFLICT (user_id, privilege) DO NOTHING",
            )
            .bind(user_id)
            .bind(privilege)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.standing_changed();
        Ok(())
    }

    /// Replaces the address, `verified` when its owner proved it, unverified when someone
    /// else typed it. `Conflict` if another user has it.
    pub async fn change_email(
        &self,
        user_id: &str,
        email: &Email,
        verified: bool,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET email = $1, email_verified = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(email.as_str())
        .bind(flag(verified))
        .bind(now)
        .bind(user_id)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        self.standing_changed();
        found(done)
    }

    pub async fn set_active(&self, user_id: &str, active: bool, now: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(flag(active))
            .bind(now)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        self.standing_changed();
        found(done)
    }

    pub async fn set_validity(
        &self,
        user_id: &str,
        from: Option<i64>,
        until: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET valid_from = $1, valid_until = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(from)
        .bind(until)
        .bind(now)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        found(done)
    }

    /// Adds privileges that do not exist yet; existing ones are left as they are.
    pub async fn ensure_privileges(
        &self,
        names: &[&str],
        builtin: bool,
        now: i64,
    ) -> StoreResult<()> {
        for name in names {
            sqlx::query(
                "INSERT INTO privileges (name, builtin, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            )
            .bind(*name)
            .bind(flag(builtin))
            .bind(now)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    pub async fn privilege_names(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM privileges ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// The one user whose `column` (a unique one) holds `value`, with their privileges, in
    /// one statement.
    async fn user_where(&self, column: &'static str, value: &str) -> StoreResult<Option<User>> {
        let rows = sqlx::query(sql!(
            "SELECT {} FROM users u LEFT JOIN user_privileges p ON p.user_id = u.id \
             WHERE u.{column} = $1 ORDER BY p.privilege",
            *JOINED_USER_COLUMNS
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        user_from_joined_rows(&rows)
    }
}

/// A position in the user list, which is ordered by address (users without one first), then
/// id. As text: `<id>:<address>`; ids never contain `:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCursor {
    pub email: String,
    pub id: String,
}

impl UserCursor {
    pub fn after(user: &User) -> Self {
        Self {
            email: user.email_text().to_string(),
            id: user.id.clone(),
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let (id, email) = raw.split_once(':')?;
        (!id.is_empty()).then(|| Self {
            email: email.to_string(),
            id: id.to_string(),
        })
    }
}

impl std::fmt::Display for UserCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.id, self.email)
    }
}

/// What the admin user list filters on.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Part of the e-mail, first or last name (case-insensitive), or of the phone number.
    pub query: Option<String>,
    pub privilege: Option<String>,
    /// `Some(true)`: active only; `Some(false)`: deactivated only.
    pub active: Option<bool>,
    /// Cursor: where the previous page ended (see [`UserCursor`]).
    pub after: Option<UserCursor>,
    pub limit: i64,
}

impl Store {
    /// One page of users ordered by e-mail (none first) then id, with their privileges (two queries, whatever the
    /// page size).
    pub async fn list_users_filtered(&self, filter: &UserFilter) -> StoreResult<Vec<User>> {
        let mut clauses = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if let Some(pattern) = super::like_pattern(filter.query.as_deref()) {
            binds.push(pattern);
            let n = binds.len();
            clauses.push(format!(
                "(email LIKE ${n} ESCAPE '\\' OR LOWER(first_name) LIKE ${n} ESCAPE '\\' OR LOWER(last_name) LIKE ${n} ESCAPE '\\' OR phone LIKE ${n} ESCAPE '\\')"
            ));
        }
        if let Some(p) = &filter.privilege {
            binds.push(p.clone());
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM user_privileges up WHERE up.user_id = users.id AND up.privilege = ${})",
                binds.len()
            ));
        }
        if let Some(active) = filter.active {
            clauses.push(format!("active = {}", i64::from(active)));
        }
        if let Some(after) = &filter.after {
            binds.push(after.email.clone());
            binds.push(after.id.clone());
            let (e, i) = (binds.len() - 1, binds.len());
            clauses.push(format!(
                "(COALESCE(email, '') > ${e} OR (COALESCE(email, '') = ${e} AND id > ${i}))"
            ));
        }
        let where_clause = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = filter.limit.clamp(1, 500);
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users {where_clause} ORDER BY COALESCE(email, ''), id LIMIT {limit}"
        );
        let mut query = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            query = query.bind(b.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        self.users_with_privileges(rows).await
    }

    /// The users with these ids (those that exist), in no particular order: two queries,
    /// whatever the number.
    pub async fn users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(id.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        self.users_with_privileges(rows).await
    }

    /// Rows made users, with their privileges read in one query.
    async fn users_with_privileges(&self, rows: Vec<UserRow>) -> StoreResult<Vec<User>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=rows.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT user_id, privilege FROM user_privileges WHERE user_id IN ({}) ORDER BY privilege",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
        for row in &rows {
            query = query.bind(row.id.clone());
        }
        let pairs = query.fetch_all(&self.pool).await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            let privileges = pairs
                .iter()
                .filter(|(u, _)| *u == row.id)
                .map(|(_, p)| p.clone())
                .collect();
            users.push(user_from_row(row, privileges)?);
        }
        Ok(users)
    }

    /// Replaces a user's privileges in one transaction. `NotFound` for an unknown privilege.
    pub async fn set_privileges(
        &self,
        user_id: &str,
        privileges: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        super::admin_guard::replace_privileges(&mut tx, user_id, privileges, now).await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(())
    }

    /// How many users hold `admin` and may use it at `now` (active, within their dates).
    pub async fn count_active_admins(&self, now: i64) -> StoreResult<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM users u JOIN user_privileges p ON p.user_id = u.id
             WHERE p.privilege = 'admin' AND u.active = 1
               AND (u.valid_from IS NULL OR u.valid_from <= $1) AND (u.valid_until IS NULL OR u.valid_until > $1)",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Deletes a user and, by cascade, their privileges, sessions, grants, tokens, consents,
    /// keys and pending verifications. Audit entries keep the (random, pseudonymous) id.
    pub async fn delete_user(&self, user_id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        self.standing_changed();
        found(done)
    }
}

/// The user's columns as `u.<name>`, then `p.privilege`: a user joined to their privileges
/// (`users u LEFT JOIN user_privileges p`), one row per privilege.
pub(super) static JOINED_USER_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let mut columns: Vec<String> = USER_COLUMNS
        .split(',')
        .map(|c| format!("u.{}", c.trim()))
        .collect();
    columns.push("p.privilege AS privilege".into());
    columns.join(", ")
});

/// The user in rows selected with [`JOINED_USER_COLUMNS`] (`None` when the join found no
/// user: its `id` is NULL).
pub(super) fn user_from_joined_rows(rows: &[AnyRow]) -> StoreResult<Option<User>> {
    Ok(users_from_joined_rows(rows)?.into_iter().next())
}

/// The users in rows selected with [`JOINED_USER_COLUMNS`], ordered so that each user's rows
/// (one per privilege) are next to each other; rows without a user are skipped.
fn users_from_joined_rows(rows: &[AnyRow]) -> StoreResult<Vec<User>> {
    let id_of = |row: &AnyRow| row.try_get::<Option<String>, _>("id");
    let mut users = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let Some(id) = id_of(&rows[start])? else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < rows.len() && id_of(&rows[end])?.as_deref() == Some(id.as_str()) {
            end += 1;
        }
        let mut privileges = Vec::with_capacity(end - start);
        for row in &rows[start..end] {
            if let Some(p) = row.try_get::<Option<String>, _>("privilege")? {
                privileges.push(p);
            }
        }
        users.push(user_from_row(UserRow::from_row(&rows[start])?, privileges)?);
        start = end;
    }
    Ok(users)
}

fn user_from_row(row: UserRow, privileges: Vec<String>) -> StoreResult<User> {
    let email = row
        .email
        .as_deref()
        .map(Email::parse)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.0))?;
    Ok(User {
        id: row.id,
        email,
        email_verified: row.email_verified != 0,
        password_hash: row.password_hash,
        must_change_password: row.must_change_password != 0,
        first_name: row.first_name,
        last_name: row.last_name,
        active: row.active != 0,
        privileges,
        details: ProfileDetails {
            country: row.country,
            subdivision_first: row.subdivision_first,
            subdivision_second: row.subdivision_second,
            subdivision_third: row.subdivision_third,
            organization: row.organization,
            timezone: row.timezone,
            language: row.language,
            date_format: row.date_format,
        },
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        phone_verified: row.phone_verified != 0 && row.phone.is_some(),
        phone: row.phone.as_deref().map(PhoneNumber::from_stored),
        nickname: row.nickname,
        initials: row.initials,
        username: row.username,
        service_client_id: row.service_client_id,
        created_at: row.created_at,
    })
}

impl Store {
    /// Every privilege: (name, built in, how many users hold it).
    pub async fn privileges_with_usage(&self) -> StoreResult<Vec<(String, bool, i64)>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT p.name, p.builtin, (SELECT COUNT(*) FROM user_privileges up WHERE up.privilege = p.name)
             FROM privileges p ORDER BY p.builtin DESC, p.name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(n, b, c)| (n, b != 0, c)).collect())
    }

    /// Deletes a privilege; users holding it lose it (cascade).
    pub async fn delete_privilege(&self, name: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM privileges WHERE name = $1 AND builtin = 0")
            .bind(name)
            .execute(&self.pool)
            .await?;
        self.standing_changed();
        found(done)
    }
}

/// Inserts a user row and their privileges on `tx`; `service_client` binds a service account.
async fn write_user(
    tx: &mut sqlx::AnyConnection,
    user: &NewUser,
    service_client: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO users (id, email, email_verified, password_hash, must_change_password, first_name, last_name,
             active, created_at, updated_at, username, service_client_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9, $10)",
    )
    .bind(&user.id)
    .bind(user.email.as_ref().map(Email::as_str))
    .bind(flag(user.email_verified && user.email.is_some()))
    .bind(user.password_hash.as_deref())
    .bind(flag(user.must_change_password))
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.now)
    .bind(user.username.as_deref())
    .bind(service_client)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from_write)?;
    for privilege in &user.privileges {
        let known: Option<(String,)> =
            sqlx::query_as("SELECT name FROM privileges WHERE name = $1")
                .bind(privilege)
                .fetch_optional(&mut *tx)
                .await?;
        if known.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query("INSERT INTO user_privileges (user_id, privilege) VALUES ($1, $2)")
            .bind(&user.id)
            .bind(privilege)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_write)?;
    }
    Ok(())
}

//! Registered relying parties. Reads by id are served from this node's copy (`node_cache`);
//! every change bumps the `clients` counter in the same transaction.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult, flag, found, json_list, parse_json_list};
use crate::domain::{Client, ClientLinks, GrantType, ScopeSet};

pub struct NewClient {
    pub id: String,
    pub name: String,
    pub secret_hash: Option<String>,
    pub first_party: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub scopes: ScopeSet,
    pub links: ClientLinks,
    pub now: i64,
}

#[derive(FromRow)]
struct ClientRow {
    id: String,
    name: String,
    secret_hash: Option<String>,
    first_party: i64,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grant_types: String,
    scopes: String,
    created_at: i64,
    logo_uri: Option<String>,
    policy_uri: Option<String>,
    tos_uri: Option<String>,
}

/// A client as the node keeps it in memory.
#[derive(Clone)]
pub struct CachedClient {
    pub client: Client,
    /// Whether a service account speaks through this client. Both rows are written in one
    /// transaction, so a load sees both or neither and the flag cannot go stale towards false.
    pub has_service_account: bool,
}

/// A client as the cache loads it: with whether a service account speaks through it.
#[derive(FromRow)]
struct CachedRow {
    #[sqlx(flatten)]
    client: ClientRow,
    service_accounts: i64,
}

const CLIENT_COLUMNS: &str = "id, name, secret_hash, first_party, redirect_uris, post_logout_redirect_uris, grant_types, scopes, created_at, \
     logo_uri, policy_uri, tos_uri";

impl ClientRow {
    fn into_client(self) -> StoreResult<Client> {
        let grant_types = parse_json_list(&self.grant_types)?
            .iter()
            .map(|g| GrantType::parse(g).map_err(|e| StoreError::Corrupt(e.0)))
            .collect::<StoreResult<Vec<_>>>()?;
        let scopes = ScopeSet::parse(&self.scopes).map_err(|e| StoreError::Corrupt(e.0))?;
        Ok(Client {
            id: self.id,
            name: self.name,
            secret_hash: self.secret_hash,
            first_party: self.first_party != 0,
            redirect_uris: parse_json_list(&self.redirect_uris)?,
            post_logout_redirect_uris: parse_json_list(&self.post_logout_redirect_uris)?,
            grant_types,
            scopes,
            links: ClientLinks {
                logo_uri: self.logo_uri,
                policy_uri: self.policy_uri,
                tos_uri: self.tos_uri,
            },
            created_at: self.created_at,
        })
    }
}

impl Store {
    pub async fn insert_client(&self, client: &NewClient) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await?;
        write_client(&mut conn, client).await?;
        self.standing_changed();
        Ok(())
    }

    pub async fn client_by_id(&self, id: &str) -> StoreResult<Option<Client>> {
        Ok(self.cached_client(id).await?.map(|c| c.client))
    }

    /// Whether a service account speaks through the client (client_credentials then issues
    /// the account's tokens); no database read for a client in the cache.
    pub async fn client_has_service_account(&self, id: &str) -> StoreResult<bool> {
        Ok(self
            .cached_client(id)
            .await?
            .is_some_and(|c| c.has_service_account))
    }

    async fn cached_client(&self, id: &str) -> StoreResult<Option<CachedClient>> {
        let usable = self.compare_counter(&self.client_cache, "clients").await?;
        if let Some(hit) = self.client_cache.get(id).filter(|_| usable) {
            return Ok(Some(hit));
        }
        let tag = self.client_cache.tag();
        let row: Option<CachedRow> = sqlx::query_as(sql!(
            "SELECT {CLIENT_COLUMNS},
                    (SELECT COUNT(*) FROM users WHERE users.service_client_id = clients.id) AS service_accounts
             FROM clients WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let entry = CachedClient {
            client: row.client.into_client()?,
            has_service_account: row.service_accounts > 0,
        };
        if usable {
            self.client_cache.insert(tag, id, entry.clone());
        }
        Ok(Some(entry))
    }

    /// Runs one change to the clients table and bumps the cache counter in the same
    /// transaction, then drops this node's copy: either both happen or neither.
    async fn change_clients(
        &self,
        query: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        found(query.execute(&mut *tx).await?)?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE cache_versions SET version = version + 1 WHERE name = 'clients' RETURNING version",
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        self.client_cache.saw(version);
        self.standing_changed();
        Ok(())
    }

    pub async fn list_clients(&self) -> StoreResult<Vec<Client>> {
        let rows: Vec<ClientRow> = sqlx::query_as(sql!(
            "SELECT {CLIENT_COLUMNS} FROM clients ORDER BY name, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ClientRow::into_client).collect()
    }

    /// Deleting a client cascades to its codes, grants, refresh tokens and consents.
    pub async fn delete_client(&self, id: &str) -> StoreResult<()> {
        self.change_clients(sqlx::query("DELETE FROM clients WHERE id = $1").bind(id))
            .await
    }

    /// Replaces a confidential client's secret hash; public clients have none to rotate.
    pub async fn set_client_secret(&self, id: &str, secret_hash: &str) -> StoreResult<()> {
        self.change_clients(
            sqlx::query(
                "UPDATE clients SET secret_hash = $1 WHERE id = $2 AND secret_hash IS NOT NULL",
            )
            .bind(secret_hash)
            .bind(id),
        )
        .await
    }
}

impl Store {
    /// Replaces a client's editable settings (not its id or secret).
    pub async fn update_client(&self, client: &NewClient) -> StoreResult<()> {
        let grants: Vec<String> = client
            .grant_types
            .iter()
            .map(|g| g.as_str().to_string())
            .collect();
        let query = sqlx::query(
            "UPDATE clients SET name = $1, first_party = $2, redirect_uris = $3, post_logout_redirect_uris = $4,
                 grant_types = $5, scopes = $6, logo_uri = $8, policy_uri = $9, tos_uri = $10
             WHERE id = $7",
        )
        .bind(&client.name)
        .bind(flag(client.first_party))
        .bind(json_list(&client.redirect_uris))
        .bind(json_list(&client.post_logout_redirect_uris))
        .bind(json_list(&grants))
        .bind(client.scopes.to_string())
        .bind(&client.id)
        .bind(client.links.logo_uri.as_deref())
        .bind(client.links.policy_uri.as_deref())
        .bind(client.links.tos_uri.as_deref());
        self.change_clients(query).await
    }
}

/// Inserts a client row on `conn` (alone, or inside a caller's transaction). A taken id is
/// `Conflict`.
pub(super) async fn write_client(
    conn: &mut sqlx::AnyConnection,
    client: &NewClient,
) -> StoreResult<()> {
    let grants: Vec<String> = client
        .grant_types
        .iter()
        .map(|g| g.as_str().to_string())
        .collect();
    sqlx::query(
        "INSERT INTO clients (id, name, secret_hash, first_party, redirect_uris, post_logout_redirect_uris, grant_types, scopes, created_at,
             logo_uri, policy_uri, tos_uri)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&client.id)
    .bind(&client.name)
    .bind(client.secret_hash.as_deref())
    .bind(flag(client.first_party))
    .bind(json_list(&client.redirect_uris))
    .bind(json_list(&client.post_logout_redirect_uris))
    .bind(json_list(&grants))
    .bind(client.scopes.to_string())
    .bind(client.now)
    .bind(client.links.logo_uri.as_deref())
    .bind(client.links.policy_uri.as_deref())
    .bind(client.links.tos_uri.as_deref())
    .execute(&mut *conn)
    .await
    .map_err(StoreError::from_write)?;
    Ok(())
}

//! The admin API: relying parties.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client, delete_client))
        .routes(routes!(rotate_client_secret))
}

pub fn client_json(client: &crate::domain::Client) -> Value {
    serde_json::to_value(ClientInfo::from(client)).unwrap_or(Value::Null)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct ClientBody {
    client_id: Option<String>,
    name: String,
    #[serde(default)]
    public: bool,
    #[serde(default)]
    first_party: bool,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    post_logout_redirect_uris: Vec<String>,
    #[serde(default)]
    grant_types: Vec<String>,
    #[serde(default)]
    scopes: Vec<String>,
    /// Shown on the consent page (https; empty or absent for none).
    #[serde(default)]
    logo_uri: Option<String>,
    #[serde(default)]
    policy_uri: Option<String>,
    #[serde(default)]
    tos_uri: Option<String>,
}

impl From<ClientBody> for admin::clients::ClientSpec {
    fn from(b: ClientBody) -> Self {
        Self {
            id: b.client_id,
            name: b.name,
            public: b.public,
            first_party: b.first_party,
            redirect_uris: b.redirect_uris,
            post_logout_redirect_uris: b.post_logout_redirect_uris,
            grant_types: b.grant_types,
            scopes: b.scopes,
            logo_uri: b.logo_uri.unwrap_or_default(),
            policy_uri: b.policy_uri.unwrap_or_default(),
            tos_uri: b.tos_uri.unwrap_or_default(),
        }
    }
}

#[utoipa::path(get, path = "/clients", tag = "clients", summary = "List clients",  responses((status = 200, description = "The clients", body = ClientList), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_clients(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let clients = admin::clients::list(&app, &actor).await?;
    Ok(Json(ClientList {
        clients: clients.iter().map(ClientInfo::from).collect(),
    })
    .into_response())
}

#[utoipa::path(get, path = "/clients/{id}", tag = "clients", summary = "Get a client", params(("id" = String, Path, description = "The client id")), responses((status = 200, description = "The client", body = ClientInfo), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn get_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let client = admin::clients::get(&app, &actor, &id).await?;
    Ok(Json(client_json(&client)).into_response())
}

#[utoipa::path(post, path = "/clients", tag = "clients", summary = "Register a client (the secret is in this answer only)",  request_body = ClientBody, responses((status = 201, description = "The client and its secret"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
/// The secret is in this answer only.
pub(super) async fn create_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<ClientBody>,
) -> Result<Response, WebError> {
    let (client, secret) = admin::clients::create(&app, &actor, &body.into()).await?;
    let mut out = client_json(&client);
    if let Some(secret) = secret {
        out["client_secret"] = json!(secret);
    }
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[utoipa::path(put, path = "/clients/{id}", tag = "clients", summary = "Replace a client's settings", params(("id" = String, Path, description = "The client id")), request_body = ClientBody, responses((status = 200, description = "The client", body = ClientInfo), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn update_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ClientBody>,
) -> Result<Response, WebError> {
    let client = admin::clients::update(&app, &actor, &id, &body.into()).await?;
    Ok(Json(client_json(&client)).into_response())
}

#[utoipa::path(delete, path = "/clients/{id}", tag = "clients", summary = "Delete a client with everything issued to it", params(("id" = String, Path, description = "The client id")), responses((status = 204, description = "Deleted"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn delete_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::clients::delete(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/clients/{id}/rotate-secret", tag = "clients", summary = "Replace a client's secret", params(("id" = String, Path, description = "The client id")), responses((status = 200, description = "The new secret"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn rotate_client_secret(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let secret = admin::clients::rotate_secret(&app, &actor, &id).await?;
    Ok(Json(json!({ "client_id": id, "client_secret": secret })).into_response())
}

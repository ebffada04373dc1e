//! The admin API: authorities (acting for another user) and service accounts.

use super::*;

pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_authorities, create_authority))
        .routes(routes!(revoke_authority))
        .routes(routes!(create_service_account))
}

/// An authority: `holder_id` may act for `granter_id`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct AuthorityBody {
    id: String,
    granter_id: String,
    holder_id: String,
    /// Empty: every client.
    client_ids: Vec<String>,
    /// Null: every privilege the granter holds when it is used.
    privileges: Option<Vec<String>>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    /// active, revoked, not yet valid, expired.
    status: &'static str,
    created_at: Option<String>,
    created_by: Option<String>,
    first_used_at: Option<String>,
    revoked_at: Option<String>,
}

fn authority_json(app: &App, a: &crate::domain::Authority) -> Value {
    serde_json::to_value(AuthorityBody {
        id: a.id.clone(),
        granter_id: a.granter_id.clone(),
        holder_id: a.holder_id.clone(),
        client_ids: a.client_ids.clone(),
        privileges: a.privileges.clone(),
        valid_from: rfc3339_text(a.valid_from),
        valid_until: rfc3339_text(a.valid_until),
        status: a.status(app.clock.now()),
        created_at: rfc3339_text(Some(a.created_at)),
        created_by: a.created_by.clone(),
        first_used_at: rfc3339_text(a.first_used_at),
        revoked_at: rfc3339_text(a.revoked_at),
    })
    .unwrap_or(Value::Null)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuthorityQuery {
    /// Only those this user gave or holds.
    user_id: Option<String>,
    /// 1 to 500 (default 100).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/authorities", tag = "authorities", summary = "List authorities (newest first), optionally of one user", params(AuthorityQuery), responses((status = 200, description = "The authorities"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_authorities(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(q): Query<AuthorityQuery>,
) -> Result<Response, WebError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(admin::invalid("limit", "must be 1 to 500").into());
    }
    let user_id = q.user_id.as_deref().filter(|u| !u.is_empty());
    let list = admin::authorities::list(&app, &actor, user_id, limit).await?;
    let body: Vec<Value> = list.iter().map(|a| authority_json(&app, a)).collect();
    Ok(Json(json!({ "authorities": body })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct NewAuthorityBody {
    granter_id: String,
    holder_id: String,
    #[serde(default)]
    client_ids: Vec<String>,
    /// Omitted or null: every privilege the granter holds.
    #[serde(default)]
    privileges: Option<Vec<String>>,
    /// RFC 3339.
    #[serde(default)]
    valid_from: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    valid_until: Option<String>,
}

#[utoipa::path(post, path = "/authorities", tag = "authorities", summary = "Let one user act for another", request_body = NewAuthorityBody, responses((status = 201, description = "The authority", body = AuthorityBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn create_authority(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewAuthorityBody>,
) -> Result<Response, WebError> {
    let time = |field: &'static str, v: &Option<String>| match v {
        None => Ok(None),
        Some(s) => parse_time(field, &Value::String(s.clone())),
    };
    let input = admin::authorities::AdminNewAuthority {
        granter_id: body.granter_id,
        holder_id: body.holder_id,
        client_ids: body.client_ids,
        privileges: body.privileges,
        valid_from: time("valid_from", &body.valid_from)?,
        valid_until: time("valid_until", &body.valid_until)?,
    };
    let authority = admin::authorities::create(&app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(authority_json(&app, &authority))).into_response())
}

#[utoipa::path(delete, path = "/authorities/{id}", tag = "authorities", summary = "Revoke an authority (tokens issued under it stop at once)", params(("id" = String, Path, description = "The authority id")), responses((status = 200, description = "The revoked authority", body = AuthorityBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn revoke_authority(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let authority = admin::authorities::revoke(&app, &actor, &id).await?;
    Ok(Json(authority_json(&app, &authority)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct NewServiceAccountBody {
    name: String,
    #[serde(default)]
    privileges: Vec<String>,
    /// admin: scopes for the admin API, each held by the caller.
    #[serde(default)]
    scopes: Vec<String>,
}

#[utoipa::path(post, path = "/service-accounts", tag = "users", summary = "Create a service account and its client (the secret is shown once)", request_body = NewServiceAccountBody, responses((status = 201, description = "The account, its client id and secret"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn create_service_account(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewServiceAccountBody>,
) -> Result<Response, WebError> {
    let input = admin::service_accounts::NewServiceAccount {
        name: body.name,
        privileges: body.privileges,
        scopes: body.scopes,
    };
    let (account, client, secret) = admin::service_accounts::create(&app, &actor, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "user": super::users::user_json(&account),
            "client_id": client.id,
            "client_secret": secret,
        })),
    )
        .into_response())
}

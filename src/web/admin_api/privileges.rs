//! The admin API: the privilege catalogue.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_privileges, add_privilege))
        .routes(routes!(delete_privilege))
}

#[utoipa::path(get, path = "/privileges", tag = "privileges", summary = "List privileges with how many users hold each",  responses((status = 200, description = "The privileges"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_privileges(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let privileges = admin::privileges::list(&app, &actor).await?;
    let body: Vec<Value> = privileges
        .into_iter()
        .map(|(name, builtin, users)| json!({ "name": name, "builtin": builtin, "users": users }))
        .collect();
    Ok(Json(json!({ "privileges": body })).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct NewPrivilege {
    name: String,
}

#[utoipa::path(post, path = "/privileges", tag = "privileges", summary = "Add a privilege",  request_body = NewPrivilege, responses((status = 201, description = "Added"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn add_privilege(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewPrivilege>,
) -> Result<Response, WebError> {
    let name = admin::privileges::add(&app, &actor, &body.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "name": name, "builtin": false, "users": 0 })),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ConfirmQuery {
    #[serde(default)]
    confirm: bool,
}

#[utoipa::path(delete, path = "/privileges/{name}", tag = "privileges", summary = "Delete a privilege (confirm=true when users hold it)", params(("name" = String, Path, description = "The privilege"), ConfirmQuery), responses((status = 200, description = "Deleted"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn delete_privilege(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
    Query(q): Query<ConfirmQuery>,
) -> Result<Response, WebError> {
    let removed_from = admin::privileges::delete(&app, &actor, &name, q.confirm).await?;
    Ok(Json(json!({ "deleted": name, "removed_from_users": removed_from })).into_response())
}

//! The admin JSON API, `/api/admin/v1`: the administration use-cases over HTTP, authenticated
//! by personal API keys (`Authorization: Bearer ghk_…`). Errors are
//! `{"error": code, "message": …, "field": …}` with 400/401/403/404/409/422.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::WebError;
use super::error::Refusal;
use super::extract::Origin;
use crate::App;
use crate::admin::{self, Actor, AdminError};
use crate::auth::limits::{self, LimitError, Throttle};
use crate::domain::User;
use crate::store::{UserCursor, UserFilter};

/// The API's routes with their OpenAPI document, built together so the document cannot
/// miss a route: the router is mounted at `/api/admin/v1`, the document served at
/// `/api/admin/v1/openapi.json`.
pub fn router() -> Router<App> {
    let api = OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(deactivate_user))
        .routes(routes!(reactivate_user))
        .routes(routes!(set_privileges))
        .routes(routes!(reset_password))
        .routes(routes!(end_sessions))
        .routes(routes!(reset_second_factor))
        .routes(routes!(get_mfa_policy, set_mfa_policy))
        .routes(routes!(list_privileges, add_privilege))
        .routes(routes!(delete_privilege))
        .routes(routes!(audit_events))
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client, delete_client))
        .routes(routes!(rotate_client_secret))
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(resend_invitation));
    let (router, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/admin/v1", api)
        .split_for_parts();
    let document = std::sync::Arc::new(document);
    router.route(
        "/api/admin/v1/openapi.json",
        get(move || {
            let document = document.clone();
            async move { Json(document.as_ref().clone()) }
        }),
    )
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse admin API", version = "1", description = "Administration of users, privileges, invitations, clients and the audit log."),
    modifiers(&BearerAuth),
    tags(
        (name = "users"), (name = "privileges"), (name = "invitations"), (name = "clients"), (name = "mfa"), (name = "audit")

    )
)]
struct ApiDoc;

/// Declares the bearer scheme: a personal API key (`ghk_…`) or a client_credentials token.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The fields `PATCH /users/{id}` accepts (documentation only: the handler reads the body as
/// a map so that it can tell a missing field from a null one).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct UserPatchDoc {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    /// Profile fields by name: country, subdivision_first, …, date_format.
    details: Option<std::collections::HashMap<String, String>>,
    /// RFC 3339, or null to clear.
    valid_from: Option<String>,
    /// RFC 3339, or null to clear.
    valid_until: Option<String>,
}

impl From<AdminError> for WebError {
    fn from(e: AdminError) -> Self {
        let status = e.status();
        let (code, field) = match &e {
            AdminError::Forbidden(_) => ("forbidden", None),
            AdminError::NotFound => ("not_found", None),
            AdminError::Conflict(_) => ("conflict", None),
            AdminError::Invalid { field, .. } => ("invalid", Some(*field)),
            AdminError::Internal(cause) => return WebError::Internal(cause.clone()),
        };
        let message = match e {
            AdminError::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        WebError::Api {
            status,
            code,
            message,
            field,
        }
    }
}

/// The caller, from its API key.
pub struct ApiActor(pub Actor);

fn unauthorized(message: &str) -> WebError {
    WebError::Api {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthorized",
        message: message.to_string(),
        field: None,
    }
}

impl FromRequestParts<App> for ApiActor {
    type Rejection = WebError;

    /// Failed credentials count against the caller's address like any other credential check.
    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let Origin(origin) = Origin::from_request_parts(parts, app)
            .await
            .unwrap_or_else(|e| match e {});
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| unauthorized("send an API key as `Authorization: Bearer ghk_…`"))?;
        // API keys and client tokens are 256-bit secrets: the right one is never refused, and
        // only failures are counted (after the check), so a stranger guessing from a shared
        // address cannot lock a working integration out.
        let throttle = Throttle::api_credential(&origin.ip);
        let outcome = authenticate_bearer(app, presented, origin.ip).await;
        if let Err(WebError::Api {
            status: StatusCode::UNAUTHORIZED,
            ..
        }) = &outcome
        {
            match limits::count_failure(app, &throttle).await {
                Ok(()) => {}
                Err(LimitError::Refused(refused)) => {
                    return Err(WebError::ApiRateLimited {
                        retry_after: refused.retry_after,
                    });
                }
                Err(LimitError::Store(e)) => return Err(e.into()),
            }
        }
        outcome.map(ApiActor)
    }
}

/// An API key, or an access token from client_credentials whose admin: scopes are its
/// capabilities.
async fn authenticate_bearer(app: &App, presented: &str, ip: String) -> Result<Actor, WebError> {
    if presented.starts_with(admin::api_keys::KEY_PREFIX) {
        return admin::api_keys::authenticate(app, presented, &ip)
            .await?
            .ok_or_else(|| unauthorized("the API key is unknown, revoked or expired"));
    }
    let token = match crate::oauth::access_token::validate(app, presented).await {
        Ok(token) => token,
        Err(e) if e.code == crate::oauth::ErrorCode::ServerError => return Err(WebError::OAuth(e)),
        Err(_) => return Err(unauthorized("the access token is not valid")),
    };
    let claims = token.claims;
    if claims.gid.is_some() || claims.sub != claims.client_id {
        return Err(WebError::Api {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "user access tokens cannot call the admin API; use an API key".into(),
            field: None,
        });
    }
    if app.store.client_by_id(&claims.client_id).await?.is_none() {
        return Err(unauthorized("the client no longer exists"));
    }
    let capabilities = crate::domain::ScopeSet::parse(&claims.scope)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.capability())
        .collect();
    Ok(Actor {
        user: None,
        client_id: Some(claims.client_id.clone()),
        capabilities,
        via: "client_credentials".into(),
        ip,
    })
}

/// A JSON body; a malformed one is a 400 in the API's error format.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequest<App> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, app).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(WebError::Api {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_body",
                message: rejection.body_text(),
                field: None,
            }),
        }
    }
}

fn rfc3339(t: Option<i64>) -> Value {
    t.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map_or(Value::Null, Value::String)
}

fn parse_time(field: &'static str, value: &Value) -> Result<Option<i64>, WebError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map(|d| Some(d.unix_timestamp()))
                .map_err(|_| {
                    admin::invalid(field, "must be an RFC 3339 time, e.g. 2027-01-31T00:00:00Z")
                        .into()
                })
        }
        _ => Err(admin::invalid(field, "must be an RFC 3339 time or null").into()),
    }
}

pub fn user_json(user: &User) -> Value {
    let d = &user.details;
    json!({
        "id": user.id,
        "email": user.email.as_ref().map(|e| e.as_str()),
        "email_verified": user.email_verified,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "active": user.active,
        "privileges": user.privileges,
        "details": {
            "country": d.country,
            "subdivision_first": d.subdivision_first,
            "subdivision_second": d.subdivision_second,
            "subdivision_third": d.subdivision_third,
            "organization": d.organization,
            "timezone": d.timezone,
            "language": d.language,
            "date_format": d.date_format,
        },
        "valid_from": rfc3339(user.valid_from),
        "valid_until": rfc3339(user.valid_until),
        "created_at": rfc3339(Some(user.created_at)),
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    q: Option<String>,
    privilege: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/users", tag = "users", summary = "List users (search, filter, cursor paging)", params(ListQuery), responses((status = 200, description = "A page of users"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field")), security(("bearer" = [])))]
async fn list_users(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let active = match q.status.as_deref() {
        None | Some("") | Some("all") => None,
        Some("active") => Some(true),
        Some("deactivated") => Some(false),
        Some(_) => return Err(admin::invalid("status", "use active, deactivated or all").into()),
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(admin::invalid("limit", "must be 1 to 500").into());
    }
    let filter = UserFilter {
        query: q.q,
        privilege: q.privilege.filter(|p| !p.is_empty()),
        active,
        after: match q.cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(raw) => Some(
                UserCursor::parse(raw)
                    .ok_or_else(|| admin::invalid("cursor", "use the next_cursor of a page"))?,
            ),
            None => None,
        },
        limit,
    };
    let users = admin::users::list(&app, &actor, &filter).await?;
    let next = (users.len() as i64 == limit)
        .then(|| users.last().map(|u| UserCursor::after(u).to_string()))
        .flatten();
    Ok(Json(json!({
        "users": users.iter().map(user_json).collect::<Vec<_>>(),
        "next_cursor": next,
    }))
    .into_response())
}

#[utoipa::path(get, path = "/users/{id}", tag = "users", summary = "Get a user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
async fn get_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let user = admin::users::get(&app, &actor, &id).await?;
    let factors = crate::auth::mfa::status(&app, &user.id).await?;
    let mut body = user_json(&user);
    body["second_factor"] = json!({
        "app": factors.has_second_factor(),
        "recovery_codes_left": factors.recovery_codes_left,
    });
    Ok(Json(body).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
struct CreateUser {
    email: String,
    first_name: String,
    last_name: String,
    password: String,
    privileges: Vec<String>,
}

#[utoipa::path(post, path = "/users", tag = "users", summary = "Create a user",  request_body = CreateUser, responses((status = 201, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn create_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<Response, WebError> {
    let input = admin::users::NewUserInput {
        email: body.email,
        first_name: body.first_name,
        last_name: body.last_name,
        password: body.password,
        privileges: body.privileges,
    };
    let user = admin::users::create(&app, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(user_json(&user))).into_response())
}

#[utoipa::path(patch, path = "/users/{id}", tag = "users", summary = "Edit a user", params(("id" = String, Path, description = "The user id")), request_body = UserPatchDoc, responses((status = 200, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn update_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<serde_json::Map<String, Value>>,
) -> Result<Response, WebError> {
    let mut patch = admin::users::UserPatch::default();
    for (key, value) in &body {
        let text = |field: &'static str| {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| WebError::from(admin::invalid(field, "must be a string")))
        };
        match key.as_str() {
            "email" => patch.email = Some(text("email")?),
            "first_name" => patch.first_name = Some(text("first_name")?),
            "last_name" => patch.last_name = Some(text("last_name")?),
            "valid_from" => patch.valid_from = Some(parse_time("valid_from", value)?),
            "valid_until" => patch.valid_until = Some(parse_time("valid_until", value)?),
            "details" => {
                let map = value.as_object().ok_or_else(|| {
                    WebError::from(admin::invalid("details", "must be an object"))
                })?;
                for (field, v) in map {
                    let v = v.as_str().ok_or_else(|| {
                        WebError::from(admin::invalid("details", "values must be strings"))
                    })?;
                    patch.details.insert(field.clone(), v.to_string());
                }
            }
            other => {
                return Err(WebError::Api {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid",
                    message: format!("`{other}` cannot be changed here"),
                    field: None,
                });
            }
        }
    }
    let user = admin::users::update(&app, &actor, &id, &patch).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(post, path = "/users/{id}/deactivate", tag = "users", summary = "Deactivate a user (sessions and tokens stop at once)", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn deactivate_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let user = admin::users::set_active(&app, &actor, &id, false).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(post, path = "/users/{id}/reactivate", tag = "users", summary = "Reactivate a user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
async fn reactivate_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let user = admin::users::set_active(&app, &actor, &id, true).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
struct PrivilegeList {
    privileges: Vec<String>,
}

#[utoipa::path(put, path = "/users/{id}/privileges", tag = "users", summary = "Replace a user's privileges", params(("id" = String, Path, description = "The user id")), request_body = PrivilegeList, responses((status = 200, description = "The user"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn set_privileges(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PrivilegeList>,
) -> Result<Response, WebError> {
    let user = admin::users::set_privileges(&app, &actor, &id, &body.privileges).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(delete, path = "/users/{id}", tag = "users", summary = "Erase a user", params(("id" = String, Path, description = "The user id")), responses((status = 204, description = "Deleted"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn delete_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::users::delete(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/privileges", tag = "privileges", summary = "List privileges with how many users hold each",  responses((status = 200, description = "The privileges"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability")), security(("bearer" = [])))]
async fn list_privileges(
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
struct NewPrivilege {
    name: String,
}

#[utoipa::path(post, path = "/privileges", tag = "privileges", summary = "Add a privilege",  request_body = NewPrivilege, responses((status = 201, description = "Added"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn add_privilege(
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
struct ConfirmQuery {
    #[serde(default)]
    confirm: bool,
}

#[utoipa::path(delete, path = "/privileges/{name}", tag = "privileges", summary = "Delete a privilege (confirm=true when users hold it)", params(("name" = String, Path, description = "The privilege"), ConfirmQuery), responses((status = 200, description = "Deleted"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn delete_privilege(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
    Query(q): Query<ConfirmQuery>,
) -> Result<Response, WebError> {
    let removed_from = admin::privileges::delete(&app, &actor, &name, q.confirm).await?;
    Ok(Json(json!({ "deleted": name, "removed_from_users": removed_from })).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    user: Option<String>,
    kind: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/audit-events", tag = "audit", summary = "Search the audit log, newest first", params(AuditQuery), responses((status = 200, description = "A page of events"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field")), security(("bearer" = [])))]
/// `GET /audit-events`: newest first; `next_cursor` continues backwards in time.
async fn audit_events(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(admin::invalid("limit", "must be 1 to 500").into());
    }
    let before = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(cursor) => {
            let (at, id) = cursor
                .split_once(':')
                .and_then(|(at, id)| at.parse::<i64>().ok().map(|at| (at, id.to_string())))
                .ok_or_else(|| {
                    WebError::from(admin::invalid(
                        "cursor",
                        "is not a cursor from a previous page",
                    ))
                })?;
            Some((at, id))
        }
    };
    let filter = crate::store::AuditFilter {
        user_id: q.user.filter(|u| !u.is_empty()),
        kind: q.kind.filter(|k| !k.is_empty()),
        query: q.q,
        before,
        limit,
    };
    let events = admin::audit::search(&app, &actor, &filter).await?;
    let next = (events.len() as i64 == limit)
        .then(|| events.last().map(|e| format!("{}:{}", e.at, e.id)))
        .flatten();
    let body: Vec<Value> = events
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "at": rfc3339(Some(e.at)),
                "kind": e.kind,
                "user_id": e.user_id,
                "client_id": e.client_id,
                "ip": e.ip,
                "user_agent": e.user_agent,
                "detail": e.detail,
            })
        })
        .collect();
    Ok(Json(json!({ "events": body, "next_cursor": next })).into_response())
}

pub fn client_json(client: &crate::domain::Client) -> Value {
    json!({
        "client_id": client.id,
        "name": client.name,
        "public": client.is_public(),
        "first_party": client.first_party,
        "redirect_uris": client.redirect_uris,
        "post_logout_redirect_uris": client.post_logout_redirect_uris,
        "grant_types": client.grant_types.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        "scopes": client.scopes.names(),
        "created_at": rfc3339(Some(client.created_at)),
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
struct ClientBody {
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
        }
    }
}

#[utoipa::path(get, path = "/clients", tag = "clients", summary = "List clients",  responses((status = 200, description = "The clients"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability")), security(("bearer" = [])))]
async fn list_clients(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let clients = admin::clients::list(&app, &actor).await?;
    Ok(
        Json(json!({ "clients": clients.iter().map(client_json).collect::<Vec<_>>() }))
            .into_response(),
    )
}

#[utoipa::path(get, path = "/clients/{id}", tag = "clients", summary = "Get a client", params(("id" = String, Path, description = "The client id")), responses((status = 200, description = "The client"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
async fn get_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let client = admin::clients::get(&app, &actor, &id).await?;
    Ok(Json(client_json(&client)).into_response())
}

#[utoipa::path(post, path = "/clients", tag = "clients", summary = "Register a client (the secret is in this answer only)",  request_body = ClientBody, responses((status = 201, description = "The client and its secret"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
/// The secret is in this answer only.
async fn create_client(
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

#[utoipa::path(put, path = "/clients/{id}", tag = "clients", summary = "Replace a client's settings", params(("id" = String, Path, description = "The client id")), request_body = ClientBody, responses((status = 200, description = "The client"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 422, description = "Invalid input, with the field")), security(("bearer" = [])))]
async fn update_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ClientBody>,
) -> Result<Response, WebError> {
    let client = admin::clients::update(&app, &actor, &id, &body.into()).await?;
    Ok(Json(client_json(&client)).into_response())
}

#[utoipa::path(delete, path = "/clients/{id}", tag = "clients", summary = "Delete a client with everything issued to it", params(("id" = String, Path, description = "The client id")), responses((status = 204, description = "Deleted"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
async fn delete_client(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::clients::delete(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/clients/{id}/rotate-secret", tag = "clients", summary = "Replace a client's secret", params(("id" = String, Path, description = "The client id")), responses((status = 200, description = "The new secret"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
async fn rotate_client_secret(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let secret = admin::clients::rotate_secret(&app, &actor, &id).await?;
    Ok(Json(json!({ "client_id": id, "client_secret": secret })).into_response())
}

fn invitation_json(app: &App, inv: &crate::store::Invitation) -> Value {
    let now = app.clock.now();
    let status = if inv.accepted_at.is_some() {
        "accepted"
    } else if inv.revoked_at.is_some() {
        "revoked"
    } else if inv.expires_at <= now {
        "expired"
    } else {
        "open"
    };
    json!({
        "id": inv.id,
        "email": inv.email,
        "privileges": inv.privilege_list(),
        "status": status,
        "invited_by": inv.invited_by,
        "created_at": rfc3339(Some(inv.created_at)),
        "sent_at": rfc3339(Some(inv.sent_at)),
        "expires_at": rfc3339(Some(inv.expires_at)),
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewInvitation {
    email: String,
    #[serde(default)]
    privileges: Vec<String>,
}

#[utoipa::path(post, path = "/invitations", tag = "invitations", summary = "Invite someone by e-mail",  request_body = NewInvitation, responses((status = 201, description = "The invitation"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn create_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewInvitation>,
) -> Result<Response, WebError> {
    let invitation =
        admin::invitations::create(&app, &actor, &body.email, &body.privileges).await?;
    Ok((
        StatusCode::CREATED,
        Json(invitation_json(&app, &invitation)),
    )
        .into_response())
}

#[utoipa::path(get, path = "/invitations", tag = "invitations", summary = "List invitations",  responses((status = 200, description = "The invitations"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability")), security(("bearer" = [])))]
async fn list_invitations(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let invitations = admin::invitations::list(&app, &actor).await?;
    let body: Vec<Value> = invitations
        .iter()
        .map(|i| invitation_json(&app, i))
        .collect();
    Ok(Json(json!({ "invitations": body })).into_response())
}

#[utoipa::path(post, path = "/invitations/{id}/resend", tag = "invitations", summary = "Send a fresh link", params(("id" = String, Path, description = "The invitation id")), responses((status = 200, description = "The invitation"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn resend_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let invitation = admin::invitations::resend(&app, &actor, &id).await?;
    Ok(Json(invitation_json(&app, &invitation)).into_response())
}

#[utoipa::path(delete, path = "/invitations/{id}", tag = "invitations", summary = "Revoke an invitation", params(("id" = String, Path, description = "The invitation id")), responses((status = 204, description = "Revoked"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "Conflict")), security(("bearer" = [])))]
async fn revoke_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::invitations::revoke(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/users/{id}/reset-password", tag = "users", summary = "Mail the user a password-reset link", params(("id" = String, Path, description = "The user id")), responses((status = 202, description = "Sent"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
/// Mails the user a password-reset link.
async fn reset_password(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::users::send_password_reset(&app, &actor, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "sent": true }))).into_response())
}

#[utoipa::path(post, path = "/users/{id}/end-sessions", tag = "users", summary = "End every session of the user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "How many ended"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found")), security(("bearer" = [])))]
/// Ends every session of the user.
async fn end_sessions(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let ended = admin::users::end_sessions(&app, &actor, &id).await?;
    Ok(Json(json!({ "ended": ended })).into_response())
}

#[utoipa::path(delete, path = "/users/{id}/second-factor", tag = "users", summary = "Reset the user's second factor (authenticator app and recovery codes); the user is told by e-mail", params(("id" = String, Path, description = "The user id")), responses((status = 204, description = "Reset"), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 404, description = "Not found"), (status = 409, description = "The user has no second factor")), security(("bearer" = [])))]
async fn reset_second_factor(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::mfa::reset_user(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Who must use a second factor, and which kinds users may set up.
#[derive(serde::Serialize, Deserialize, utoipa::ToSchema)]
struct MfaPolicyBody {
    /// Allowed methods: `app` (authenticator apps).
    methods: Vec<String>,
    /// Privileges whose holders must use a second factor.
    required_for: Vec<String>,
}

fn policy_body(policy: &crate::domain::MfaPolicy) -> MfaPolicyBody {
    MfaPolicyBody {
        methods: policy
            .methods
            .iter()
            .map(|m| m.as_str().to_string())
            .collect(),
        required_for: policy.required_for.clone(),
    }
}

#[utoipa::path(get, path = "/mfa-policy", tag = "mfa", summary = "The MFA policy", responses((status = 200, description = "The policy", body = MfaPolicyBody), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability")), security(("bearer" = [])))]
async fn get_mfa_policy(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let policy = admin::mfa::policy(&app, &actor).await?;
    Ok(Json(policy_body(&policy)).into_response())
}

#[utoipa::path(put, path = "/mfa-policy", tag = "mfa", summary = "Replace the MFA policy", request_body = MfaPolicyBody, responses((status = 200, description = "The new policy", body = MfaPolicyBody), (status = 401, description = "No valid API key or token"), (status = 403, description = "The caller lacks the capability"), (status = 422, description = "Invalid input, with the field")), security(("bearer" = [])))]
async fn set_mfa_policy(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<MfaPolicyBody>,
) -> Result<Response, WebError> {
    let policy = admin::mfa::set_policy(&app, &actor, &body.methods, &body.required_for).await?;
    Ok(Json(policy_body(&policy)).into_response())
}

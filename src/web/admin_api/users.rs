//! The admin API: users: listing, reading, creating, editing, (de)activating, privileges, reset links, sessions, second factors, erasing.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(deactivate_user))
        .routes(routes!(reactivate_user))
        .routes(routes!(set_privileges))
        .routes(routes!(reset_password))
        .routes(routes!(send_welcome_mail))
        .routes(routes!(end_sessions))
        .routes(routes!(reset_second_factor))
}
use crate::domain::User;
use crate::store::{UserCursor, UserFilter};

/// The fields `PATCH /users/{id}` accepts (documentation only: the handler reads the body as
/// a map so that it can tell a missing field from a null one).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(super) struct UserPatchDoc {
    email: Option<String>,
    /// A mobile number (international, or national in `phone.default_region`), saved in
    /// E.164 and unverified; null removes it.
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    nickname: Option<String>,
    initials: Option<String>,
    /// Lower case, 3 to 32 of a-z 0-9 . _ -; null or empty removes it.
    username: Option<String>,
    /// Profile fields by name: country, subdivision_first, …, date_format.
    details: Option<std::collections::HashMap<String, String>>,
    /// RFC 3339, or null to clear.
    valid_from: Option<String>,
    /// RFC 3339, or null to clear.
    valid_until: Option<String>,
}

pub fn user_json(user: &User) -> Value {
    serde_json::to_value(UserBody::from(user)).unwrap_or(Value::Null)
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

#[utoipa::path(get, path = "/users", tag = "users", summary = "List users (search, filter, cursor paging)", params(ListQuery), responses((status = 200, description = "A page of users", body = UserPage), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_users(
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
        query: admin::users::search_text(&app, q.q),
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
    Ok(Json(UserPage {
        users: users.iter().map(UserBody::from).collect(),
        next_cursor: next,
    })
    .into_response())
}

#[utoipa::path(get, path = "/users/{id}", tag = "users", summary = "Get a user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn get_user(
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
pub(super) struct CreateUser {
    email: String,
    first_name: String,
    last_name: String,
    password: String,
    privileges: Vec<String>,
    /// Optional; signs in instead of the e-mail.
    #[serde(default)]
    username: String,
}

#[utoipa::path(post, path = "/users", tag = "users", summary = "Create a user",  request_body = CreateUser, responses((status = 201, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn create_user(
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
        username: body.username,
    };
    let user = admin::users::create(&app, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(user_json(&user))).into_response())
}

#[utoipa::path(patch, path = "/users/{id}", tag = "users", summary = "Edit a user", params(("id" = String, Path, description = "The user id")), request_body = UserPatchDoc, responses((status = 200, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn update_user(
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
            "phone" => {
                patch.phone = Some(match value {
                    Value::Null => None,
                    _ => Some(text("phone")?),
                })
            }
            "first_name" => patch.first_name = Some(text("first_name")?),
            "last_name" => patch.last_name = Some(text("last_name")?),
            "nickname" => patch.nickname = Some(text("nickname")?),
            "initials" => patch.initials = Some(text("initials")?),
            "username" => {
                patch.username = Some(match value {
                    Value::Null => String::new(),
                    _ => text("username")?,
                })
            }
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
                    message: format!("“{other}” cannot be changed here"),
                    field: None,
                });
            }
        }
    }
    let user = admin::users::update(&app, &actor, &id, &patch).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(post, path = "/users/{id}/deactivate", tag = "users", summary = "Deactivate a user (sessions and tokens stop at once)", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn deactivate_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let user = admin::users::set_active(&app, &actor, &id, false).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(post, path = "/users/{id}/reactivate", tag = "users", summary = "Reactivate a user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn reactivate_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let user = admin::users::set_active(&app, &actor, &id, true).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct PrivilegeList {
    privileges: Vec<String>,
}

#[utoipa::path(put, path = "/users/{id}/privileges", tag = "users", summary = "Replace a user's privileges", params(("id" = String, Path, description = "The user id")), request_body = PrivilegeList, responses((status = 200, description = "The user", body = UserBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn set_privileges(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PrivilegeList>,
) -> Result<Response, WebError> {
    let user = admin::users::set_privileges(&app, &actor, &id, &body.privileges).await?;
    Ok(Json(user_json(&user)).into_response())
}

#[utoipa::path(delete, path = "/users/{id}", tag = "users", summary = "Erase a user", params(("id" = String, Path, description = "The user id")), responses((status = 204, description = "Deleted"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn delete_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::users::delete(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/users/{id}/reset-password", tag = "users", summary = "Mail the user a password-reset link", params(("id" = String, Path, description = "The user id")), responses((status = 202, description = "Sent"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
/// Mails the user a password-reset link.
pub(super) async fn reset_password(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::users::send_password_reset(&app, &actor, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "sent": true }))).into_response())
}

#[utoipa::path(post, path = "/users/{id}/welcome-mail", tag = "users", summary = "Mail the user a welcome: a single-use link to choose a password when the account has none, else the sign-in link", params(("id" = String, Path, description = "The user id")), responses((status = 202, description = "Sent: “link” is “set_password” (with “expires_at”) or “sign_in”"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability, or may not act on the user", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 422, description = "No confirmed address, deactivated or expired", body = ErrorBody), (status = 429, description = "Too many welcome mails for this user: see Retry-After", body = ErrorBody)), security(("bearer" = [])))]
/// Mails the user a welcome.
pub(super) async fn send_welcome_mail(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let body = match admin::welcome::send(&app, &actor, &id).await? {
        admin::welcome::WelcomeLink::SetPassword { expires_at } => json!({
            "sent": true,
            "link": "set_password",
            "expires_at": rfc3339_text(Some(expires_at)),
        }),
        admin::welcome::WelcomeLink::SignIn => json!({
            "sent": true,
            "link": "sign_in",
            "expires_at": null,
        }),
    };
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

#[utoipa::path(post, path = "/users/{id}/end-sessions", tag = "users", summary = "End every session of the user", params(("id" = String, Path, description = "The user id")), responses((status = 200, description = "How many ended"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
/// Ends every session of the user.
pub(super) async fn end_sessions(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let ended = admin::users::end_sessions(&app, &actor, &id).await?;
    Ok(Json(json!({ "ended": ended })).into_response())
}

#[utoipa::path(delete, path = "/users/{id}/second-factor", tag = "users", summary = "Reset the user's second factor (authenticator app and recovery codes); the user is told by e-mail", params(("id" = String, Path, description = "The user id")), responses((status = 204, description = "Reset"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "The user has no second factor", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn reset_second_factor(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::mfa::reset_user(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

//! The admin API: every user's live sign-in sessions, and ending one.

use serde::Serialize;

use super::*;
use crate::admin::sessions::{ListedSession, SessionQuery};

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
}

/// A live sign-in session.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// Also the `sid` claim of tokens signed in through it.
    pub id: String,
    pub user_id: String,
    /// How lists name the user: the address, else the confirmed phone, else a short id.
    pub user_label: String,
    pub user_email: Option<String>,
    /// The browser's user agent as it sent it (cut at 512 characters).
    pub user_agent: String,
    pub ip: String,
    pub created_at: Option<String>,
    pub last_seen_at: Option<String>,
    pub expires_at: Option<String>,
}

impl From<&ListedSession> for SessionBody {
    fn from(listed: &ListedSession) -> Self {
        let s = &listed.session;
        Self {
            id: s.id.clone(),
            user_id: s.user_id.clone(),
            user_label: listed.user.label(),
            user_email: listed.user.email.as_ref().map(ToString::to_string),
            user_agent: s.user_agent.clone(),
            ip: s.ip.clone(),
            created_at: rfc3339_text(Some(s.created_at)),
            last_seen_at: rfc3339_text(Some(s.last_seen_at)),
            expires_at: rfc3339_text(Some(s.expires_at)),
        }
    }
}

/// Live sessions, newest first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionPage {
    pub sessions: Vec<SessionBody>,
    /// More sessions match than `limit`: narrow the filter to see them.
    pub truncated: bool,
    pub limit: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionListQuery {
    /// Only this user's sessions.
    user_id: Option<String>,
    /// Only sessions of users whose address contains this (case-insensitive).
    email: Option<String>,
    /// 1 to 200 (the default).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/sessions", tag = "sessions", summary = "List live sign-in sessions of every user (newest first, at most 200)", params(SessionListQuery), responses((status = 200, description = "The sessions", body = SessionPage), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_sessions(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(q): Query<SessionListQuery>,
) -> Result<Response, WebError> {
    let query = SessionQuery {
        user_id: q.user_id,
        email: q.email,
        limit: q.limit,
    };
    let listing = admin::sessions::list(&app, &actor, &query).await?;
    Ok(Json(SessionPage {
        sessions: listing.sessions.iter().map(SessionBody::from).collect(),
        truncated: listing.truncated,
        limit: listing.limit,
    })
    .into_response())
}

#[utoipa::path(delete, path = "/sessions/{id}", tag = "sessions", summary = "End a session (signs that browser out and revokes the online grants signed in through it)", params(("id" = String, Path, description = "The session id")), responses((status = 204, description = "Ended"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability, or may not act on the session's user", body = ErrorBody), (status = 404, description = "No such session", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn end_session(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::sessions::end(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

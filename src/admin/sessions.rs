//! Every user's sign-in sessions as holders of `access_user_info` see them (Lino's `Sessions`
//! table), and ending one of them, which needs `edit_user_active_status` and the right to act
//! on its user. Ending is what signing out does: the session and the online grants signed in
//! through it stop working at once.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::auth::RequestOrigin;
use crate::domain::{AuditKind, Capability, User};
use crate::i18n::{self, tr};
use crate::store::{Session, SessionFilter};

/// The most sessions one listing returns (the newest).
pub const MAX_LISTED: i64 = 200;

/// Longer than any id Gatehouse makes: such a filter or id is input to refuse, not to look up.
const MAX_ID_LEN: usize = 128;

/// What the list is filtered by; empty strings filter nothing.
#[derive(Debug, Clone, Default)]
pub struct SessionQuery {
    pub user_id: Option<String>,
    /// Part of the user's e-mail address, case-insensitive.
    pub email: Option<String>,
    /// How many to return, 1 to [`MAX_LISTED`] (that many when absent).
    pub limit: Option<i64>,
}

/// One live session and whose it is.
pub struct ListedSession {
    pub session: Session,
    pub user: User,
}

pub struct SessionListing {
    pub sessions: Vec<ListedSession>,
    /// More sessions match than were returned.
    pub truncated: bool,
    pub limit: i64,
}

fn present(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The live sessions matching `query`, newest first.
pub async fn list(
    app: &App,
    actor: &Actor,
    query: &SessionQuery,
) -> Result<SessionListing, AdminError> {
    actor.require(Capability::AccessUserInfo)?;
    let user_id = present(&query.user_id);
    if user_id
        .as_deref()
        .is_some_and(|id| id.len() > MAX_ID_LEN || id.chars().any(char::is_control))
    {
        return Err(invalid("user_id", tr("admin-err-not-a-user-id")));
    }
    let email = present(&query.email);
    if email.as_deref().is_some_and(|e| e.len() > 254) {
        return Err(invalid("email", tr("admin-err-email-filter-long")));
    }
    let limit = query.limit.unwrap_or(MAX_LISTED);
    if !(1..=MAX_LISTED).contains(&limit) {
        let max = MAX_LISTED.to_string();
        return Err(invalid(
            "limit",
            i18n::current().t1("admin-err-limit-range", "max", &max),
        ));
    }
    let mut sessions = app
        .store
        .list_sessions(&SessionFilter {
            user_id,
            email,
            now: app.clock.now(),
            idle_timeout_secs: app.settings.sessions.idle_timeout_secs,
            // One more than asked for tells whether there are more.
            limit: limit + 1,
        })
        .await?;
    let truncated = sessions.len() as i64 > limit;
    sessions.truncate(usize::try_from(limit).unwrap_or(0));
    let mut ids: Vec<String> = sessions.iter().map(|s| s.user_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let users = app.store.users_by_ids(&ids).await?;
    let sessions = sessions
        .into_iter()
        .filter_map(|session| {
            // A user deleted since the first query takes their sessions with them.
            let user = users.iter().find(|u| u.id == session.user_id)?.clone();
            Some(ListedSession { session, user })
        })
        .collect();
    Ok(SessionListing {
        sessions,
        truncated,
        limit,
    })
}

/// Ends the session `id` and the online grants signed in through it; the session as it was.
/// Unknown ids (and ids no session could have) are `NotFound`, after the capability check so a
/// caller without it learns nothing about which ids exist.
pub async fn end(app: &App, actor: &Actor, id: &str) -> Result<Session, AdminError> {
    actor.require(Capability::EditUserActiveStatus)?;
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return Err(AdminError::NotFound);
    }
    let session = app
        .store
        .session_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    // Signing someone out is acting on them: not on a stronger account than the actor's.
    actor.target(app, &session.user_id).await?;
    let origin = RequestOrigin {
        ip: actor.ip.clone(),
        user_agent: String::new(),
    };
    crate::auth::sessions::end(app, &session, &origin).await?;
    audit(
        app,
        actor,
        AuditKind::AdminSessionEnded,
        Some(&session.user_id),
        format!("session {}", session.id),
    )
    .await?;
    Ok(session)
}

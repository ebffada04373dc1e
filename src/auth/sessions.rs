//! Browser sessions: created at sign-in, found from the cookie's token, ended at sign-out.
//! A session is valid until its absolute lifetime or idle timeout runs out, and only while
//! its user is active.

use super::RequestOrigin;
use crate::App;
use crate::crypto::token::{hash_token, random_id, random_token};
use crate::domain::User;
use crate::store::{AuditEvent, NewSession, Session, StoreResult};

/// A new session and the token for its cookie.
pub async fn start(
    app: &App,
    user: &User,
    amr: Vec<String>,
    origin: &RequestOrigin,
) -> StoreResult<(Session, String)> {
    let now = app.clock.now();
    let token = random_token();
    let new = NewSession {
        id: random_id(),
        token_hash: hash_token(&token),
        user_id: user.id.clone(),
        auth_time: now,
        amr: amr.clone(),
        user_agent: origin.user_agent.chars().take(512).collect(),
        ip: origin.ip.clone(),
        now,
        expires_at: now + app.settings.sessions.absolute_lifetime_secs,
    };
    app.store.insert_session(&new).await?;
    let session = Session {
        id: new.id,
        user_id: new.user_id,
        auth_time: now,
        amr,
        user_agent: new.user_agent,
        ip: new.ip,
        created_at: now,
        last_seen_at: now,
        expires_at: new.expires_at,
    };
    Ok((session, token))
}

/// The live session and its user for a cookie token, if any.
pub async fn resolve(app: &App, token: &str) -> StoreResult<Option<(Session, User)>> {
    let now = app.clock.now();
    let Some(session) = app.store.session_by_token_hash(&hash_token(token)).await? else {
        return Ok(None);
    };
    let idle_limit = session.last_seen_at + app.settings.sessions.idle_timeout_secs;
    if session.expires_at <= now || idle_limit <= now {
        app.store.delete_session(&session.id).await?;
        return Ok(None);
    }
    let Some(user) = app
        .store
        .user_by_id(&session.user_id)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    app.store.touch_session(&session.id, now).await?;
    Ok(Some((session, user)))
}

/// Ends a session and the online grants signed in through it.
pub async fn end(app: &App, session: &Session, origin: &RequestOrigin) -> StoreResult<()> {
    let now = app.clock.now();
    app.store.delete_session(&session.id).await?;
    app.store
        .revoke_online_grants_of_session(&session.id, now)
        .await?;
    app.store
        .record_audit(
            &AuditEvent {
                kind: "session_ended",
                user_id: Some(session.user_id.clone()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail: "signed out".into(),
            },
            now,
        )
        .await
}

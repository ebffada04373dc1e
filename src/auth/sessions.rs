//! Browser sessions: created at sign-in, found from the cookie's token, ended at sign-out.
//! A session is valid until its absolute lifetime or idle timeout runs out, and only while
//! its user is active.

use super::RequestOrigin;
use crate::App;
use crate::crypto::token::{hash_token, random_id, random_token};
use crate::domain::AuditKind;
use crate::domain::User;
use crate::store::{AuditEvent, NewSession, Session, StoreResult};

/// A new session and the token for its cookie, written with the `sign_in` audit record; `how`
/// is what the dashboard counts the sign-in under (`password`, `phone`, `upstream:{provider}`,
/// with its second step).
pub async fn start(
    app: &App,
    user: &User,
    amr: Vec<String>,
    idp: Option<String>,
    how: &str,
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
        idp: idp.clone(),
        user_agent: origin.user_agent.chars().take(512).collect(),
        ip: origin.ip.clone(),
        now,
        expires_at: now + app.settings.sessions.absolute_lifetime_secs,
    };
    let sign_in = AuditEvent {
        kind: AuditKind::SignIn,
        user_id: Some(user.id.clone()),
        client_id: None,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        detail: how.to_string(),
    };
    app.store.insert_session(&new, &sign_in).await?;
    enforce_limit(app, &user.id, &new.id, origin).await?;
    let session = Session {
        id: new.id,
        user_id: new.user_id,
        auth_time: now,
        amr,
        idp,
        user_agent: new.user_agent,
        ip: new.ip,
        created_at: now,
        last_seen_at: now,
        expires_at: new.expires_at,
        reauthenticated_at: None,
        acting_authority_id: None,
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
        // A service account never signs in interactively, whatever put a session there.
        .filter(|u| u.usable(now) && !u.is_service_account())
    else {
        return Ok(None);
    };
    // Activity is recorded at most once a minute: the idle timeout is counted in minutes,
    // and most requests of a signed-in user then write nothing.
    if session.last_seen_at < now - crate::store::SESSION_TOUCH_EVERY {
        app.store.touch_session(&session.id, now).await?;
    }
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
                kind: AuditKind::SessionEnded,
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

/// Keeps at most `sessions.limit` sessions per user by ending the oldest (Lino's sessions
/// limit). The session just created is always kept.
async fn enforce_limit(
    app: &App,
    user_id: &str,
    keep: &str,
    origin: &RequestOrigin,
) -> StoreResult<()> {
    let Ok(limit) = usize::try_from(app.settings.sessions.limit) else {
        return Ok(());
    };
    if limit == 0 {
        return Ok(());
    }
    let sessions = app.store.sessions_of_user(user_id).await?;
    let (newest, older): (Vec<_>, Vec<_>) = sessions.into_iter().partition(|s| s.id == keep);
    for session in older.iter().skip(limit.saturating_sub(newest.len())) {
        end(app, session, origin).await?;
    }
    Ok(())
}

/// Ends one of the user's sessions by id (from the sessions page); `false` if it is not theirs.
pub async fn end_by_id(
    app: &App,
    user_id: &str,
    session_id: &str,
    origin: &RequestOrigin,
) -> StoreResult<bool> {
    let sessions = app.store.sessions_of_user(user_id).await?;
    match sessions.iter().find(|s| s.id == session_id) {
        Some(session) => {
            end(app, session, origin).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Ends every session of the user except `keep`.
pub async fn end_others(
    app: &App,
    user_id: &str,
    keep: &str,
    origin: &RequestOrigin,
) -> StoreResult<usize> {
    let sessions = app.store.sessions_of_user(user_id).await?;
    let mut ended = 0;
    for session in sessions.iter().filter(|s| s.id != keep) {
        end(app, session, origin).await?;
        ended += 1;
    }
    Ok(ended)
}

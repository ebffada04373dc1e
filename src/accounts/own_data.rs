//! A person's own data: a download of everything Gatehouse keeps about them (GDPR Art. 15
//! and 20), and deleting their own account with the same erasure an administrator's deletion
//! does (Art. 17) — refused for the last active administrator.

use serde_json::{Value, json};

use super::AccountError;
use crate::App;
use crate::domain::{AuditKind, User};
use crate::store::{AuditFilter, GuardedChange};

/// The newest audit events a download carries about the person.
const EVENTS: i64 = 500;

fn time_text(t: Option<i64>) -> Value {
    t.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map_or(Value::Null, Value::String)
}

/// Everything about `user`, as JSON: profile, privileges, sessions, connected applications,
/// linked sign-in providers, authorities given and received, the state of the second factor,
/// and the newest audit events about them. Never a secret (no hashes, seeds or tokens).
pub async fn export(app: &App, user: &User) -> Result<Value, AccountError> {
    let d = &user.details;
    let sessions: Vec<Value> = app
        .store
        .sessions_of_user(&user.id)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "user_agent": s.user_agent, "ip": s.ip, "signed_in": time_text(Some(s.auth_time)),
                "last_seen": time_text(Some(s.last_seen_at)), "expires": time_text(Some(s.expires_at)),
                "methods": s.amr, "provider": s.idp,
            })
        })
        .collect();
    let apps: Vec<Value> = app
        .store
        .consents_of_user(&user.id)
        .await?
        .into_iter()
        .map(|(id, name, scopes, at)| {
            json!({ "client_id": id, "name": name, "scopes": scopes, "consented": time_text(Some(at)) })
        })
        .collect();
    let providers: Vec<Value> = app
        .store
        .upstream_links_of(&user.id)
        .await?
        .into_iter()
        .map(|l| {
            json!({
                "provider": l.provider_id, "email": l.email, "linked": time_text(Some(l.linked_at)),
                "last_used": time_text(l.last_used_at),
            })
        })
        .collect();
    let authorities: Vec<Value> = app
        .store
        .authorities_of_user(&user.id, 1000)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "id": a.id, "role": if a.granter_id == user.id { "given" } else { "received" },
                "granter_id": a.granter_id, "holder_id": a.holder_id, "client_ids": a.client_ids,
                "privileges": a.privileges, "valid_from": time_text(a.valid_from),
                "valid_until": time_text(a.valid_until), "status": a.status(app.clock.now()),
                "first_used": time_text(a.first_used_at),
            })
        })
        .collect();
    let factors = crate::auth::mfa::status(app, &user.id).await?;
    let events: Vec<Value> = app
        .store
        .audit_page(&AuditFilter {
            user_id: Some(user.id.clone()),
            limit: EVENTS,
            ..Default::default()
        })
        .await?
        .into_iter()
        .map(|e| {
            json!({
                "at": time_text(Some(e.at)), "kind": e.kind, "client_id": e.client_id, "ip": e.ip,
                "user_agent": e.user_agent, "detail": e.detail,
            })
        })
        .collect();
    Ok(json!({
        "exported_at": time_text(Some(app.clock.now())),
        "issuer": app.settings.issuer,
        "profile": {
            "id": user.id, "email": user.email.as_ref().map(|e| e.as_str()), "email_verified": user.email_verified,
            "phone": user.phone.as_ref().map(|p| p.as_str()), "phone_verified": user.phone_verified,
            "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "nickname": user.nickname, "initials": user.initials, "country": d.country,
            "subdivision_first": d.subdivision_first, "subdivision_second": d.subdivision_second,
            "subdivision_third": d.subdivision_third, "organization": d.organization,
            "timezone": d.timezone, "language": d.language, "date_format": d.date_format,
            "has_password": user.password_hash.is_some(), "active": user.active,
            "valid_from": time_text(user.valid_from), "valid_until": time_text(user.valid_until),
            "created": time_text(Some(user.created_at)),
        },
        "privileges": user.privileges,
        "second_factor": { "authenticator_app": factors.has_second_factor(), "recovery_codes_left": factors.recovery_codes_left },
        "sessions": sessions,
        "connected_apps": apps,
        "linked_providers": providers,
        "authorities": authorities,
        "events": events,
        "events_note": format!("the newest {EVENTS} events about you"),
    }))
}

/// Deletes the person's own account: every session, token, consent, factor and link goes
/// with the row, and the audit trail keeps only the random id (as for an administrator's
/// deletion). The caller has confirmed who they are. The last active administrator cannot.
pub async fn delete_own(app: &App, user: &User) -> Result<(), AccountError> {
    if user.is_service_account() {
        return Err(AccountError::Invalid(crate::i18n::tr(
            "err-service-account-self-delete",
        )));
    }
    let now = app.clock.now();
    let kept_an_admin = match app
        .store
        .change_keeping_an_admin(&user.id, GuardedChange::Delete, now)
        .await
    {
        Ok(kept) => kept,
        // The same person's other request (a double click, a retry) deleted it a moment
        // before: it is gone, which is what was asked, and it was recorded once.
        Err(crate::store::StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    if !kept_an_admin {
        return Err(AccountError::Invalid(crate::i18n::tr(
            "err-last-admin-delete",
        )));
    }
    app.store
        .erase_from_audit(&user.id, user.email_text())
        .await?;
    // Recorded like the erased rows: the random id and nothing that points at the person
    // (not even the address they deleted it from).
    app.store
        .record_audit(
            &crate::store::AuditEvent {
                kind: AuditKind::AccountDeleted,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: String::new(),
                user_agent: String::new(),
                detail: "by its owner".into(),
            },
            now,
        )
        .await?;
    Ok(())
}

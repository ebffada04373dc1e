//! The audit log: security events by text, kind (from the list of kinds), user and date
//! range, with users and clients named and linked rather than shown as ids.

use std::collections::HashMap;

use super::*;
use crate::domain::AuditKind;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/audit", get(audit_page))
}

#[derive(serde::Serialize)]
struct EventRow {
    at: String,
    kind: String,
    kind_label: String,
    user_id: Option<String>,
    /// The user's address or name; `None` for a deleted user (only the id is kept).
    user_label: Option<String>,
    client_id: Option<String>,
    ip: String,
    detail: String,
}

#[derive(serde::Serialize)]
struct KindChoice {
    name: &'static str,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct AuditPage {
    nav: Nav,
    q: String,
    kinds: Vec<KindChoice>,
    user: String,
    from: String,
    until: String,
    events: Vec<EventRow>,
    next: Option<String>,
}
crate::view!(AuditPage => "admin/audit.html");

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    user: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    cursor: Option<String>,
}

/// "sign_in_failed" as people read it, in the page's language (the message
/// `admin-kind-sign_in_failed`); a kind without a message (from another version) in English
/// words: "Sign in failed".
pub(super) fn kind_label(kind: &str) -> String {
    let id = format!("admin-kind-{kind}");
    if crate::i18n::has_message(&id) {
        return tr(&id);
    }
    let words = kind.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A `YYYY-MM-DD` date as the start of that day (UTC), `next_day` for the day after it.
fn day(raw: &str, next_day: bool) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(raw.trim(), &format).ok()?;
    let start = date.midnight().assume_utc().unix_timestamp();
    Some(if next_day { start + 86_400 } else { start })
}

pub(super) async fn audit_page(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<AuditQuery>,
) -> Result<Response, WebError> {
    let before = q
        .cursor
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .and_then(|(at, id)| at.parse::<i64>().ok().map(|at| (at, id.to_string())));
    let filter = AuditFilter {
        user_id: Some(q.user.trim().to_string()).filter(|s| !s.is_empty()),
        kind: Some(q.kind.clone()).filter(|s| !s.is_empty()),
        query: Some(q.q.clone()).filter(|s| !s.is_empty()),
        before,
        from: day(&q.from, false),
        until: day(&q.until, true),
        limit: 100,
    };
    let events = match admin::audit::search(&app, &actor.0, &filter).await {
        Ok(events) => events,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let next = (events.len() == 100).then(|| {
        let last = events
            .last()
            .map(|e| format!("{}:{}", e.at, e.id))
            .unwrap_or_default();
        format!(
            "/admin/audit?q={}&kind={}&user={}&from={}&until={}&cursor={}",
            encode(&q.q),
            encode(&q.kind),
            encode(&q.user),
            encode(&q.from),
            encode(&q.until),
            encode(&last)
        )
    });
    // Names for the ids on this page, in one query.
    let mut ids: Vec<String> = events.iter().filter_map(|e| e.user_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let names: HashMap<String, String> = app
        .store
        .users_by_ids(&ids)
        .await?
        .into_iter()
        .map(|u| (u.id.clone(), u.label()))
        .collect();
    let page = AuditPage {
        nav: nav(&actor, "audit", None),
        events: events
            .into_iter()
            .map(|e| EventRow {
                at: when(e.at),
                kind_label: kind_label(&e.kind),
                kind: e.kind,
                user_label: e.user_id.as_ref().and_then(|id| names.get(id).cloned()),
                user_id: e.user_id,
                client_id: e.client_id,
                ip: e.ip,
                detail: e.detail,
            })
            .collect(),
        kinds: AuditKind::ALL
            .iter()
            .map(|k| KindChoice {
                name: k.as_str(),
                label: kind_label(k.as_str()),
                selected: k.as_str() == q.kind,
            })
            .collect(),
        q: q.q,
        user: q.user,
        from: q.from,
        until: q.until,
        next,
    };
    Ok(Html(render(&page)).into_response())
}

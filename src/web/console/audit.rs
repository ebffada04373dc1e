//! The audit log: searching security events by text, kind and user.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/audit", get(audit_page))
}

struct EventRow {
    at: String,
    kind: String,
    user_id: Option<String>,
    ip: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Nav,
    q: String,
    kind: String,
    user: String,
    events: Vec<EventRow>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    user: String,
    cursor: Option<String>,
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
        user_id: Some(q.user.clone()).filter(|s| !s.is_empty()),
        kind: Some(q.kind.clone()).filter(|s| !s.is_empty()),
        query: Some(q.q.clone()).filter(|s| !s.is_empty()),
        before,
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
            "/admin/audit?q={}&kind={}&user={}&cursor={}",
            encode(&q.q),
            encode(&q.kind),
            encode(&q.user),
            encode(&last)
        )
    });
    let page = AuditPage {
        nav: nav(&actor, "audit", None),
        events: events
            .into_iter()
            .map(|e| EventRow {
                at: when(e.at),
                kind: e.kind,
                user_id: e.user_id,
                ip: e.ip,
                detail: e.detail,
            })
            .collect(),
        q: q.q,
        kind: q.kind,
        user: q.user,
        next,
    };
    Ok(Html(render(&page)).into_response())
}

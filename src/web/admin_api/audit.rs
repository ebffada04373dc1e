//! The admin API: searching the audit log.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(audit_events))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuditQuery {
    user: Option<String>,
    kind: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/audit-events", tag = "audit", summary = "Search the audit log, newest first", params(AuditQuery), responses((status = 200, description = "A page of events", body = AuditPage), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
/// `GET /audit-events`: newest first; `next_cursor` continues backwards in time.
pub(super) async fn audit_events(
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
        ..Default::default()
    };
    let events = admin::audit::search(&app, &actor, &filter).await?;
    let next = (events.len() as i64 == limit)
        .then(|| events.last().map(|e| format!("{}:{}", e.at, e.id)))
        .flatten();
    Ok(Json(AuditPage {
        events: events.iter().map(AuditEventBody::from).collect(),
        next_cursor: next,
    })
    .into_response())
}

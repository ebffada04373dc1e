//! Sessions: every user's live sign-in sessions (Lino's `Sessions` table), filtered by user id
//! or e-mail, and ending one (for holders of `edit_user_active_status`).

use super::*;
use crate::admin::sessions::{MAX_LISTED, SessionQuery};
use crate::web::pages::device;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/sessions", get(sessions_page))
        .route("/sessions/{id}/end", post(session_end_submit))
}

#[derive(serde::Serialize)]
struct SessionRow {
    id: String,
    user_id: String,
    user: String,
    device: String,
    ip: String,
    started: String,
    last_active: String,
}

#[derive(Serialize)]
struct SessionsPage {
    nav: Nav,
    csrf: String,
    user_id: String,
    email: String,
    sessions: Vec<SessionRow>,
    can_end: bool,
    cap: i64,
    truncated: bool,
}
crate::view!(SessionsPage => "admin/sessions.html");

#[derive(Deserialize, Default)]
pub struct SessionsQuery {
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    email: String,
    done: Option<String>,
}

pub(super) async fn sessions_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<SessionsQuery>,
) -> Result<Response, WebError> {
    let query = SessionQuery {
        user_id: Some(q.user_id.clone()),
        email: Some(q.email.clone()),
        limit: None,
    };
    let (listing, refused) = match admin::sessions::list(&app, &actor.0, &query).await {
        Ok(listing) => (Some(listing), None),
        // A filter that cannot be a user id or an address: the form again, saying why.
        Err(e @ AdminError::Invalid { .. }) => (None, Some(e)),
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let mut page = SessionsPage {
        nav: nav(&actor, "sessions", q.done.as_deref()),
        csrf,
        can_end: actor
            .0
            .capabilities
            .contains(&Capability::EditUserActiveStatus),
        cap: listing.as_ref().map_or(MAX_LISTED, |l| l.limit),
        truncated: listing.as_ref().is_some_and(|l| l.truncated),
        sessions: listing
            .map(|l| l.sessions)
            .unwrap_or_default()
            .into_iter()
            .map(|listed| SessionRow {
                user: listed.user.label(),
                user_id: listed.user.id,
                device: device(&listed.session.user_agent),
                ip: if listed.session.ip.is_empty() {
                    tr("admin-sessions-unknown-address")
                } else {
                    listed.session.ip
                },
                started: when(listed.session.created_at),
                last_active: when(listed.session.last_seen_at),
                id: listed.session.id,
            })
            .collect(),
        user_id: q.user_id,
        email: q.email,
    };
    match refused {
        Some(e) => {
            page.nav.error = Some(e.to_string());
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
        None => Ok((jar, Html(render(&page))).into_response()),
    }
}

/// The End form: its CSRF token, and the filter to return to.
#[derive(Deserialize)]
pub(super) struct EndForm {
    #[serde(default)]
    user_id: String,
}

pub(super) async fn session_end_submit(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<Response, WebError> {
    let ended = admin::sessions::end(&app, &actor.0, &id).await;
    let back = if form.user_id.is_empty() {
        "/admin/sessions?done=session-ended".to_string()
    } else {
        format!(
            "/admin/sessions?done=session-ended&user_id={}",
            encode(&form.user_id)
        )
    };
    Ok(finish(&actor, ended.map(|_| back)))
}

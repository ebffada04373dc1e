//! Invitations: sending, resending and revoking registration links.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/invitations", get(invitations_page).post(invitation_send))
        .route("/invitations/{id}/resend", post(invitation_resend))
        .route("/invitations/{id}/revoke", post(invitation_revoke))
}

#[derive(serde::Serialize)]
struct InvitationRow {
    id: String,
    email: String,
    privileges: String,
    /// `Invitation::status` in the page's language (the template only prints it).
    status: String,
    expires: String,
    open_or_expired: bool,
}

#[derive(Serialize)]
struct InvitationsPage {
    nav: Nav,
    csrf: String,
    privileges: Vec<PrivilegeChoice>,
    invitations: Vec<InvitationRow>,
}
crate::view!(InvitationsPage => "admin/invitations.html");

pub(super) async fn invitations_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::invitations::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let now = app.clock.now();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = InvitationsPage {
        nav: nav(&actor, "invitations", q.done.as_deref()),
        csrf,
        privileges: privilege_choices(&app, &actor, &app.settings.accounts.new_user_privileges)
            .await?,
        invitations: list
            .into_iter()
            .map(|i| {
                let status = i.status(now);
                InvitationRow {
                    privileges: i.privilege_list().join(", "),
                    expires: when(i.expires_at),
                    open_or_expired: matches!(status, "open" | "expired"),
                    status: status_label(status),
                    id: i.id,
                    email: i.email,
                }
            })
            .collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// An invitation's status (`Invitation::status`) in the page's language.
fn status_label(status: &str) -> String {
    match status {
        "accepted" => tr("admin-invitations-status-accepted"),
        "revoked" => tr("admin-invitations-status-revoked"),
        "expired" => tr("admin-invitations-status-expired"),
        "open" => tr("admin-invitations-status-open"),
        other => other.to_string(),
    }
}

#[derive(Deserialize)]
pub(super) struct InvitationForm {
    email: String,
    #[serde(default, rename = "privilege")]
    privileges: Vec<String>,
}

pub(super) async fn invitation_send(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<InvitationForm>,
) -> Result<Response, WebError> {
    let outcome = admin::invitations::create(&app, &actor.0, &form.email, &form.privileges)
        .await
        .map(|_| "/admin/invitations?done=sent".to_string());
    Ok(finish(&actor, outcome))
}

pub(super) async fn invitation_resend(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Tokened>,
) -> Result<Response, WebError> {
    let outcome = admin::invitations::resend(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/invitations?done=sent".to_string());
    Ok(finish(&actor, outcome))
}

pub(super) async fn invitation_revoke(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Tokened>,
) -> Result<Response, WebError> {
    let outcome = admin::invitations::revoke(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/invitations?done=revoked".to_string());
    Ok(finish(&actor, outcome))
}

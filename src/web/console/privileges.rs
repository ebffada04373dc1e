//! Privileges: the catalogue, adding one, deleting one with its holders' count.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/privileges", get(privileges_page).post(privilege_add))
        .route("/privileges/{name}/delete", post(privilege_delete))
}

#[derive(serde::Serialize)]
struct PrivilegeRow {
    name: String,
    builtin: bool,
    users: i64,
}

#[derive(Serialize)]
struct PrivilegesPage {
    nav: Nav,
    csrf: String,
    can_edit: bool,
    privileges: Vec<PrivilegeRow>,
}
crate::view!(PrivilegesPage => "admin/privileges.html");

pub(super) async fn privileges_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::privileges::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = PrivilegesPage {
        nav: nav(&actor, "privileges", q.done.as_deref()),
        csrf,
        can_edit: actor.0.capabilities.contains(&Capability::EditPrivileges),
        privileges: list
            .into_iter()
            .map(|(name, builtin, users)| PrivilegeRow {
                name,
                builtin,
                users,
            })
            .collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub(super) struct NewPrivilegeForm {
    name: String,
}

pub(super) async fn privilege_add(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<NewPrivilegeForm>,
) -> Result<Response, WebError> {
    let outcome = admin::privileges::add(&app, &actor.0, &form.name)
        .await
        .map(|_| "/admin/privileges?done=created".to_string());
    Ok(finish(&actor, outcome))
}

pub(super) async fn privilege_delete(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let outcome = admin::privileges::delete(&app, &actor.0, &name, form.confirmed())
        .await
        .map(|_| "/admin/privileges?done=deleted".to_string());
    Ok(finish(&actor, outcome))
}

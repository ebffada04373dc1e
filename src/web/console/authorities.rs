//! Authorities in the console (capability `manage_authorities`): every authority, newest
//! first, filtered by user; creating one between two users by id; revoking. And service
//! accounts (capability `create_user`, from the "Add a user" page): created with their
//! client, the secret shown once.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/authorities", get(authorities_page).post(authority_create))
        .route("/authorities/{id}/revoke", post(authority_revoke))
        .route("/service-accounts", post(service_account_create))
}

#[derive(serde::Serialize)]
struct AuthorityRow {
    id: String,
    granter: String,
    holder: String,
    clients: String,
    privileges: String,
    /// `Authority::status`, as compared in the template.
    status: &'static str,
    /// The status in the page's language.
    status_label: String,
    created: String,
}

#[derive(Serialize)]
struct AuthoritiesPage {
    nav: Nav,
    csrf: String,
    user_id: String,
    rows: Vec<AuthorityRow>,
}
crate::view!(AuthoritiesPage => "admin/authorities.html");

#[derive(Deserialize, Default)]
pub(super) struct AuthorityQuery {
    done: Option<String>,
    user_id: Option<String>,
}

/// At most this many rows; the page says so.
const SHOWN: i64 = 200;

pub(super) async fn authorities_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<AuthorityQuery>,
) -> Result<Response, WebError> {
    let user_id = q
        .user_id
        .filter(|u| !u.trim().is_empty() && u.len() <= 128)
        .map(|u| u.trim().to_string());
    let list = match admin::authorities::list(&app, &actor.0, user_id.as_deref(), SHOWN).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let label = |id: &str| {
        let (app, id) = (app.clone(), id.to_string());
        async move {
            match app.store.user_by_id(&id).await.ok().flatten() {
                Some(user) => user.label(),
                None => lang().t1("admin-authorities-deleted-user", "id", &id),
            }
        }
    };
    let mut rows = Vec::new();
    for a in &list {
        let status = a.status(app.clock.now());
        rows.push(AuthorityRow {
            id: a.id.clone(),
            granter: label(&a.granter_id).await,
            holder: label(&a.holder_id).await,
            clients: if a.client_ids.is_empty() {
                tr("admin-authorities-every-client")
            } else {
                a.client_ids.join(", ")
            },
            privileges: a
                .privileges
                .as_ref()
                .map_or_else(|| tr("admin-authorities-all-privileges"), |p| p.join(", ")),
            status,
            status_label: status_label(status),
            created: when(a.created_at),
        });
    }
    let (jar, csrf) = csrf_token(&app, jar);
    let page = AuthoritiesPage {
        nav: nav(&actor, "authorities", q.done.as_deref()),
        csrf,
        user_id: user_id.unwrap_or_default(),
        rows,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// An authority's status (`Authority::status`) in the page's language.
fn status_label(status: &str) -> String {
    match status {
        "active" => tr("admin-authorities-status-active"),
        "revoked" => tr("admin-authorities-status-revoked"),
        "not yet valid" => tr("admin-authorities-status-not-yet-valid"),
        "expired" => tr("admin-authorities-status-expired"),
        other => other.to_string(),
    }
}

#[derive(Deserialize)]
pub(super) struct NewAuthorityForm {
    #[serde(default)]
    granter_id: String,
    #[serde(default)]
    holder_id: String,
    /// Space- or comma-separated client ids; empty for every client.
    #[serde(default)]
    clients: String,
    /// Space- or comma-separated privileges; empty for all the granter holds.
    #[serde(default)]
    privileges: String,
}

fn words(raw: &str) -> Vec<String> {
    raw.split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) async fn authority_create(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<NewAuthorityForm>,
) -> Result<Response, WebError> {
    let privileges = words(&form.privileges);
    let input = admin::authorities::AdminNewAuthority {
        granter_id: form.granter_id.trim().to_string(),
        holder_id: form.holder_id.trim().to_string(),
        client_ids: words(&form.clients),
        privileges: (!privileges.is_empty()).then_some(privileges),
        valid_from: None,
        valid_until: None,
    };
    let outcome = admin::authorities::create(&app, &actor.0, input)
        .await
        .map(|_| "/admin/authorities?done=created".to_string());
    Ok(finish(&actor, outcome))
}

pub(super) async fn authority_revoke(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Tokened>,
) -> Result<Response, WebError> {
    let outcome = admin::authorities::revoke(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/authorities?done=revoked".to_string());
    Ok(finish(&actor, outcome))
}

#[derive(Deserialize)]
pub(super) struct NewServiceAccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    privileges: String,
}

pub(super) async fn service_account_create(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<NewServiceAccountForm>,
) -> Result<Response, WebError> {
    let input = admin::service_accounts::NewServiceAccount {
        name: form.name,
        privileges: words(&form.privileges),
        scopes: Vec::new(),
    };
    match admin::service_accounts::create(&app, &actor.0, &input).await {
        Ok((account, client, secret)) => {
            let page = SecretPage {
                nav: nav(&actor, "users", None),
                title: tr("admin-service-account-created-title"),
                explanation: lang().t2(
                    "admin-service-account-created-explanation",
                    "name",
                    &account.display_name(),
                    "client",
                    &client.id,
                ),
                secret,
                back: format!("/admin/users/{}", account.id),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

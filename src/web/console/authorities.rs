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
    status: &'static str,
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
            app.store
                .user_by_id(&id)
                .await
                .ok()
                .flatten()
                .map_or_else(|| format!("deleted user {id}"), |u| u.label())
        }
    };
    let mut rows = Vec::new();
    for a in &list {
        rows.push(AuthorityRow {
            id: a.id.clone(),
            granter: label(&a.granter_id).await,
            holder: label(&a.holder_id).await,
            clients: if a.client_ids.is_empty() {
                "every client".into()
            } else {
                a.client_ids.join(", ")
            },
            privileges: a
                .privileges
                .as_ref()
                .map_or_else(|| "all".into(), |p| p.join(", ")),
            status: a.status(app.clock.now()),
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
                title: "Service account created",
                explanation: format!(
                    "{} signs in with client_credentials as client “{}” with this secret. It is shown only now: store it where the job runs.",
                    account.display_name(),
                    client.id
                ),
                secret,
                back: format!("/admin/users/{}", account.id),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

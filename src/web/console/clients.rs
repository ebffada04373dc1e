//! Relying parties: registering, editing, rotating the secret, deleting.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/clients", get(clients_page).post(client_register))
        .route("/clients/{id}", get(client_page).post(client_update))
        .route("/clients/{id}/rotate-secret", post(client_rotate))
        .route("/clients/{id}/delete", post(client_delete))
}

#[derive(serde::Serialize)]
struct ClientRow {
    id: String,
    name: String,
    public: bool,
    first_party: bool,
    redirect_uris: String,
}

impl ClientRow {
    fn of(c: crate::domain::Client) -> Self {
        ClientRow {
            public: c.is_public(),
            first_party: c.first_party,
            redirect_uris: c.redirect_uris.join(", "),
            id: c.id,
            name: c.name,
        }
    }
}

#[derive(serde::Serialize)]
struct ClientForm {
    action: String,
    new: bool,
    name: String,
    public: bool,
    first_party: bool,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grant_types: String,
    scopes: String,
    logo_uri: String,
    policy_uri: String,
    tos_uri: String,
}

impl ClientForm {
    fn empty() -> Self {
        Self {
            action: "/admin/clients".into(),
            new: true,
            name: String::new(),
            public: false,
            first_party: false,
            redirect_uris: String::new(),
            post_logout_redirect_uris: String::new(),
            grant_types: "authorization_code refresh_token".into(),
            scopes: crate::domain::ScopeSet::all().to_string(),
            logo_uri: String::new(),
            policy_uri: String::new(),
            tos_uri: String::new(),
        }
    }

    fn of(client: &crate::domain::Client) -> Self {
        Self {
            action: format!("/admin/clients/{}", client.id),
            new: false,
            name: client.name.clone(),
            public: client.is_public(),
            first_party: client.first_party,
            redirect_uris: client.redirect_uris.join("\n"),
            post_logout_redirect_uris: client.post_logout_redirect_uris.join("\n"),
            grant_types: client
                .grant_types
                .iter()
                .map(|g| g.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            scopes: client.scopes.to_string(),
            logo_uri: client.links.logo_uri.clone().unwrap_or_default(),
            policy_uri: client.links.policy_uri.clone().unwrap_or_default(),
            tos_uri: client.links.tos_uri.clone().unwrap_or_default(),
        }
    }
}

impl ClientForm {
    /// The form as it was posted, to show again with what is wrong.
    fn typed(action: String, new: bool, public: bool, fields: &ClientFields) -> Self {
        Self {
            action,
            new,
            name: fields.name.clone(),
            public,
            first_party: fields.first_party.as_deref() == Some("yes"),
            redirect_uris: fields.redirect_uris.clone(),
            post_logout_redirect_uris: fields.post_logout_redirect_uris.clone(),
            grant_types: fields.grant_types.clone(),
            scopes: fields.scopes.clone(),
            logo_uri: fields.logo_uri.clone(),
            policy_uri: fields.policy_uri.clone(),
            tos_uri: fields.tos_uri.clone(),
        }
    }
}

/// The form's inputs, named like the use case's fields: an error about one links to it.
const FORM_FIELDS: [&str; 8] = [
    "name",
    "redirect_uris",
    "post_logout_redirect_uris",
    "grant_types",
    "scopes",
    "logo_uri",
    "policy_uri",
    "tos_uri",
];

/// The client form as posted: URIs one per line, grants and scopes separated by spaces;
/// unticked boxes are absent.
#[derive(Deserialize)]
pub(super) struct ClientFields {
    name: String,
    #[serde(default)]
    public: Option<String>,
    #[serde(default)]
    first_party: Option<String>,
    #[serde(default)]
    redirect_uris: String,
    #[serde(default)]
    post_logout_redirect_uris: String,
    #[serde(default)]
    grant_types: String,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    logo_uri: String,
    #[serde(default)]
    policy_uri: String,
    #[serde(default)]
    tos_uri: String,
}

impl ClientFields {
    fn spec(&self, public: bool) -> admin::clients::ClientSpec {
        let lines = |text: &str| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        };
        let words = |text: &str| text.split_whitespace().map(str::to_string).collect();
        admin::clients::ClientSpec {
            id: None,
            name: self.name.clone(),
            public,
            first_party: self.first_party.as_deref() == Some("yes"),
            redirect_uris: lines(&self.redirect_uris),
            post_logout_redirect_uris: lines(&self.post_logout_redirect_uris),
            grant_types: words(&self.grant_types),
            scopes: words(&self.scopes),
            logo_uri: self.logo_uri.clone(),
            policy_uri: self.policy_uri.clone(),
            tos_uri: self.tos_uri.clone(),
        }
    }
}

#[derive(Serialize)]
struct ClientsPage {
    nav: Nav,
    csrf: String,
    clients: Vec<ClientRow>,
    form: ClientForm,
}
crate::view!(ClientsPage => "admin/clients.html");

#[derive(Serialize)]
struct ClientPage {
    nav: Nav,
    csrf: String,
    id: String,
    form: ClientForm,
}
crate::view!(ClientPage => "admin/client.html");

pub(super) async fn clients_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::clients::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ClientsPage {
        nav: nav(&actor, "clients", q.done.as_deref()),
        csrf,
        clients: list.into_iter().map(ClientRow::of).collect(),
        form: ClientForm::empty(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

pub(super) async fn client_register(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<ClientFields>,
) -> Result<Response, WebError> {
    let public = form.public.as_deref() == Some("yes");
    let spec = form.spec(public);
    match admin::clients::create(&app, &actor.0, &spec).await {
        Ok((client, Some(secret))) => {
            let page = SecretPage {
                nav: nav(&actor, "clients", Some("created")),
                title: tr("admin-client-registered-title"),
                explanation: lang().t1("admin-client-registered-explanation", "id", &client.id),
                secret,
                back: format!("/admin/clients/{}", client.id),
            };
            Ok(Html(render(&page)).into_response())
        }
        Ok((client, None)) => {
            Ok(Redirect::to(&format!("/admin/clients/{}?done=created", client.id)).into_response())
        }
        Err(e) => {
            let mut nav = nav(&actor, "clients", None);
            if !refused_on_form(&mut nav, &e, |f| FORM_FIELDS.contains(&f)) {
                return Ok(failure(&actor, e));
            }
            let list = match admin::clients::list(&app, &actor.0).await {
                Ok(list) => list,
                Err(e) => return Ok(failure(&actor, e)),
            };
            let (jar, csrf) = csrf_token(&app, jar);
            let page = ClientsPage {
                nav,
                csrf,
                clients: list.into_iter().map(ClientRow::of).collect(),
                form: ClientForm::typed("/admin/clients".into(), true, public, &form),
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

pub(super) async fn client_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let client = match admin::clients::get(&app, &actor.0, &id).await {
        Ok(client) => client,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ClientPage {
        nav: nav(&actor, "clients", q.done.as_deref()),
        csrf,
        form: ClientForm::of(&client),
        id: client.id,
    };
    Ok((jar, Html(render(&page))).into_response())
}

pub(super) async fn client_update(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ClientFields>,
) -> Result<Response, WebError> {
    let existing = match admin::clients::get(&app, &actor.0, &id).await {
        Ok(client) => client,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let public = existing.is_public();
    match admin::clients::update(&app, &actor.0, &id, &form.spec(public)).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/clients/{id}?done=saved")).into_response()),
        Err(e) => {
            let mut nav = nav(&actor, "clients", None);
            if !refused_on_form(&mut nav, &e, |f| FORM_FIELDS.contains(&f)) {
                return Ok(failure(&actor, e));
            }
            let (jar, csrf) = csrf_token(&app, jar);
            let page = ClientPage {
                nav,
                csrf,
                form: ClientForm::typed(format!("/admin/clients/{id}"), false, public, &form),
                id,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

pub(super) async fn client_rotate(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    // Rotating breaks the client until it has the new secret: only on purpose.
    if !form.confirmed() {
        return Ok(failure(
            &actor,
            admin::invalid("confirm", tr("admin-client-rotate-unconfirmed")),
        ));
    }
    match admin::clients::rotate_secret(&app, &actor.0, &id).await {
        Ok(secret) => {
            let page = SecretPage {
                nav: nav(&actor, "clients", None),
                title: tr("admin-client-new-secret-title"),
                explanation: lang().t1("admin-client-new-secret-explanation", "id", &id),
                secret,
                back: format!("/admin/clients/{id}"),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

pub(super) async fn client_delete(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    if !form.confirmed() {
        return Ok(failure(
            &actor,
            admin::invalid("confirm", tr("admin-confirm-deletion")),
        ));
    }
    let outcome = admin::clients::delete(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/clients?done=deleted".to_string());
    Ok(finish(&actor, outcome))
}

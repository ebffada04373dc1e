//! Upstream identity providers: the list with each callback URL, adding one, editing,
//! testing, disabling and deleting (with a confirmation naming the users who would be
//! locked out). Providers from the configuration file are shown read-only.

use super::*;
use crate::admin::providers::{ProviderSpec, ProviderView};
use crate::federation::{Endpoints, ProviderKind};

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/providers", get(providers_page).post(provider_create))
        .route("/providers/{id}", get(provider_page).post(provider_update))
        .route("/providers/{id}/test", post(provider_test))
        .route("/providers/{id}/delete", post(provider_delete))
}

#[derive(serde::Serialize)]
struct ProviderRow {
    id: String,
    name: String,
    kind: &'static str,
    enabled: bool,
    from_file: bool,
    linked_users: i64,
    callback_url: String,
}

impl ProviderRow {
    fn of(v: &ProviderView) -> Self {
        ProviderRow {
            id: v.config.id.clone(),
            name: v.config.button_label(),
            kind: v.config.kind.display_name(),
            enabled: v.config.enabled,
            from_file: v.read_only(),
            linked_users: v.linked_users,
            callback_url: v.callback_url.clone(),
        }
    }
}

/// The form's fields as text, for showing it (new, stored, or as just posted).
#[derive(serde::Serialize)]
struct ProviderForm {
    action: String,
    new: bool,
    read_only: bool,
    kind: String,
    id: String,
    label: String,
    position: i64,
    enabled: bool,
    client_id: String,
    scopes: String,
    trust_email: bool,
    allow_sign_up: bool,
    trust_upstream_mfa: bool,
    issuer: String,
    authority: String,
    tenant: String,
    allowed_tenants: String,
    trusted_tenants: String,
    userinfo_url: String,
    auth_url: String,
    token_url: String,
    graph_url: String,
    graph_version: String,
    api_url: String,
    version: i64,
    /// Users who would be locked out by disabling it (the form then offers "confirm").
    lockout: i64,
}

impl ProviderForm {
    fn empty() -> Self {
        Self::of_config(None, "/admin/providers".into())
    }

    fn of(view: &ProviderView) -> Self {
        let mut form = Self::of_config(
            Some(&view.config),
            format!("/admin/providers/{}", view.config.id),
        );
        form.read_only = view.read_only();
        form.lockout = view.only_way_in;
        form
    }

    fn of_config(config: Option<&crate::federation::ProviderConfig>, action: String) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let e = config.map(|c| c.endpoints.clone()).unwrap_or_default();
        Self {
            action,
            new: config.is_none(),
            read_only: false,
            kind: config.map_or("google", |c| c.kind.as_str()).to_string(),
            id: config.map(|c| c.id.clone()).unwrap_or_default(),
            label: config.map(|c| c.label.clone()).unwrap_or_default(),
            position: config.map_or(0, |c| c.position),
            enabled: config.is_none_or(|c| c.enabled),
            client_id: config.map(|c| c.client_id.clone()).unwrap_or_default(),
            scopes: config.map(|c| c.scopes.join(" ")).unwrap_or_default(),
            trust_email: config.is_some_and(|c| c.trust_email),
            allow_sign_up: config.is_some_and(|c| c.allow_sign_up),
            trust_upstream_mfa: config.is_some_and(|c| c.trust_upstream_mfa),
            issuer: text(&e.issuer),
            authority: text(&e.authority),
            tenant: text(&e.tenant),
            allowed_tenants: e.allowed_tenants.join(" "),
            trusted_tenants: e.trusted_tenants.join(" "),
            userinfo_url: text(&e.userinfo_url),
            auth_url: text(&e.auth_url),
            token_url: text(&e.token_url),
            graph_url: text(&e.graph_url),
            graph_version: text(&e.graph_version),
            api_url: text(&e.api_url),
            version: config.map_or(0, |c| c.version),
            lockout: 0,
        }
    }
}

impl ProviderForm {
    /// The form as it was posted (never the secret), to show again with what is wrong.
    fn typed(action: String, new: bool, fields: &ProviderFields) -> Self {
        let tick = |v: &Option<String>| v.as_deref() == Some("yes");
        let mut form = Self::of_config(None, action);
        form.new = new;
        form.kind = fields.kind.clone().unwrap_or(form.kind);
        form.id = fields.id.clone().unwrap_or_default();
        form.label = fields.label.clone();
        form.position = fields.position.trim().parse().unwrap_or(0);
        form.enabled = tick(&fields.enabled);
        form.client_id = fields.client_id.clone();
        form.scopes = fields.scopes.clone();
        form.trust_email = tick(&fields.trust_email);
        form.allow_sign_up = tick(&fields.allow_sign_up);
        form.trust_upstream_mfa = tick(&fields.trust_upstream_mfa);
        form.issuer = fields.issuer.clone();
        form.authority = fields.authority.clone();
        form.tenant = fields.tenant.clone();
        form.allowed_tenants = fields.allowed_tenants.clone();
        form.trusted_tenants = fields.trusted_tenants.clone();
        form.userinfo_url = fields.userinfo_url.clone();
        form.auth_url = fields.auth_url.clone();
        form.token_url = fields.token_url.clone();
        form.graph_url = fields.graph_url.clone();
        form.graph_version = fields.graph_version.clone();
        form.api_url = fields.api_url.clone();
        form.version = fields.version.unwrap_or(0);
        form
    }
}

/// The form's inputs, named like the use case's fields: an error about one links to it.
fn on_form(field: &str) -> bool {
    admin::providers::FIELDS.contains(&field) || ["kind", "position", "enabled"].contains(&field)
}

/// The form as posted; unticked boxes are absent, blank fields mean "the default".
#[derive(Deserialize)]
pub(super) struct ProviderFields {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    enabled: Option<String>,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    trust_email: Option<String>,
    #[serde(default)]
    allow_sign_up: Option<String>,
    #[serde(default)]
    trust_upstream_mfa: Option<String>,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    tenant: String,
    #[serde(default)]
    allowed_tenants: String,
    #[serde(default)]
    trusted_tenants: String,
    #[serde(default)]
    userinfo_url: String,
    #[serde(default)]
    auth_url: String,
    #[serde(default)]
    token_url: String,
    #[serde(default)]
    graph_url: String,
    #[serde(default)]
    graph_version: String,
    #[serde(default)]
    api_url: String,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    confirm: Option<String>,
}

impl ProviderFields {
    fn spec(&self) -> Result<ProviderSpec, AdminError> {
        let text = |v: &str| Some(v.trim().to_string()).filter(|s| !s.is_empty());
        let words = |v: &str| v.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let tick = |v: &Option<String>| v.as_deref() == Some("yes");
        let position = match self.position.trim() {
            "" => 0,
            raw => raw
                .parse()
                .map_err(|_| admin::invalid("position", tr("admin-provider-order-invalid")))?,
        };
        Ok(ProviderSpec {
            id: self.id.clone(),
            kind: self.kind.clone(),
            label: self.label.clone(),
            position,
            enabled: tick(&self.enabled),
            client_id: self.client_id.clone(),
            client_secret: text(&self.client_secret).map(secrecy::SecretString::from),
            scopes: words(&self.scopes),
            trust_email: tick(&self.trust_email),
            allow_sign_up: tick(&self.allow_sign_up),
            trust_upstream_mfa: tick(&self.trust_upstream_mfa),
            endpoints: Endpoints {
                issuer: text(&self.issuer),
                authority: text(&self.authority),
                tenant: text(&self.tenant),
                allowed_tenants: words(&self.allowed_tenants),
                trusted_tenants: words(&self.trusted_tenants),
                userinfo_url: text(&self.userinfo_url),
                auth_url: text(&self.auth_url),
                token_url: text(&self.token_url),
                graph_url: text(&self.graph_url),
                graph_version: text(&self.graph_version),
                api_url: text(&self.api_url),
            },
        })
    }
}

#[derive(serde::Serialize)]
struct KindChoice {
    value: &'static str,
    label: &'static str,
}

fn kinds() -> Vec<KindChoice> {
    ProviderKind::ALL
        .iter()
        .map(|k| KindChoice {
            value: k.as_str(),
            label: k.display_name(),
        })
        .collect()
}

#[derive(Serialize)]
struct ProvidersPage {
    nav: Nav,
    csrf: String,
    providers: Vec<ProviderRow>,
    kinds: Vec<KindChoice>,
    form: ProviderForm,
    issuer: String,
}
crate::view!(ProvidersPage => "admin/providers.html");

#[derive(Serialize)]
struct ProviderPage {
    nav: Nav,
    csrf: String,
    name: String,
    callback_url: String,
    linked_users: i64,
    only_way_in: i64,
    kinds: Vec<KindChoice>,
    form: ProviderForm,
    test: Option<(bool, String)>,
}
crate::view!(ProviderPage => "admin/provider.html");

pub(super) async fn providers_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::providers::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ProvidersPage {
        nav: nav(&actor, "providers", q.done.as_deref()),
        csrf,
        providers: list.iter().map(ProviderRow::of).collect(),
        kinds: kinds(),
        form: ProviderForm::empty(),
        issuer: app.settings.issuer.clone(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

pub(super) async fn provider_create(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<ProviderFields>,
) -> Result<Response, WebError> {
    let outcome = async {
        let created = admin::providers::create(&app, &actor.0, &form.spec()?).await?;
        Ok(format!(
            "/admin/providers/{}?done=created",
            encode(&created.config.id)
        ))
    }
    .await;
    let error = match outcome {
        Ok(target) => return Ok(Redirect::to(&target).into_response()),
        Err(e) => e,
    };
    let mut nav = nav(&actor, "providers", None);
    if !refused_on_form(&mut nav, &error, on_form) {
        return Ok(failure(&actor, error));
    }
    let list = match admin::providers::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ProvidersPage {
        nav,
        csrf,
        providers: list.iter().map(ProviderRow::of).collect(),
        kinds: kinds(),
        form: ProviderForm::typed("/admin/providers".into(), true, &form),
        issuer: app.settings.issuer.clone(),
    };
    Ok((jar, form_again(render(&page), &error)).into_response())
}

async fn show(
    app: &App,
    jar: CookieJar,
    actor: &ConsoleActor,
    id: &str,
    done: Option<&str>,
    test: Option<(bool, String)>,
) -> Result<Response, WebError> {
    let view = match admin::providers::get(app, &actor.0, id).await {
        Ok(view) => view,
        Err(e) => return Ok(failure(actor, e)),
    };
    let (jar, csrf) = csrf_token(app, jar);
    let page = provider_page_of(
        &view,
        nav(actor, "providers", done),
        csrf,
        ProviderForm::of(&view),
        test,
    );
    Ok((jar, Html(render(&page))).into_response())
}

fn provider_page_of(
    view: &ProviderView,
    nav: Nav,
    csrf: String,
    form: ProviderForm,
    test: Option<(bool, String)>,
) -> ProviderPage {
    ProviderPage {
        nav,
        csrf,
        name: view.config.button_label(),
        callback_url: view.callback_url.clone(),
        linked_users: view.linked_users,
        only_way_in: view.only_way_in,
        kinds: kinds(),
        form,
        test,
    }
}

pub(super) async fn provider_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    show(&app, jar, &actor, &id, q.done.as_deref(), None).await
}

pub(super) async fn provider_update(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ProviderFields>,
) -> Result<Response, WebError> {
    let confirmed = form.confirm.as_deref() == Some("yes");
    let outcome = async {
        let spec = form.spec()?;
        admin::providers::update(&app, &actor.0, &id, &spec, form.version, confirmed).await?;
        Ok(format!("/admin/providers/{}?done=saved", encode(&id)))
    }
    .await;
    let error = match outcome {
        Ok(target) => return Ok(Redirect::to(&target).into_response()),
        Err(e) => e,
    };
    let mut nav = nav(&actor, "providers", None);
    if !refused_on_form(&mut nav, &error, on_form) {
        return Ok(failure(&actor, error));
    }
    let view = match admin::providers::get(&app, &actor.0, &id).await {
        Ok(view) => view,
        Err(e) => return Ok(failure(&actor, e)),
    };
    // What was typed, on the provider as it stands (its lock-out count offers "confirm").
    let mut typed =
        ProviderForm::typed(format!("/admin/providers/{}", view.config.id), false, &form);
    typed.kind = view.config.kind.as_str().to_string();
    typed.id = view.config.id.clone();
    typed.read_only = view.read_only();
    typed.lockout = view.only_way_in;
    let (jar, csrf) = csrf_token(&app, jar);
    let page = provider_page_of(&view, nav, csrf, typed, None);
    Ok((jar, form_again(render(&page), &error)).into_response())
}

pub(super) async fn provider_test(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Tokened>,
) -> Result<Response, WebError> {
    match admin::providers::test(&app, &actor.0, &id).await {
        Ok(report) => {
            show(
                &app,
                jar,
                &actor,
                &id,
                None,
                Some((report.ok, report.message)),
            )
            .await
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

pub(super) async fn provider_delete(
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
    let outcome = admin::providers::delete(&app, &actor.0, &id, true)
        .await
        .map(|_| "/admin/providers?done=deleted".to_string());
    Ok(finish(&actor, outcome))
}

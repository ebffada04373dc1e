//! The two-step sign-in policy: which methods users may set up, which privileges require one.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/mfa", get(mfa_page).post(mfa_save))
}

struct MethodChoice {
    name: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/mfa.html")]
struct MfaPolicyPage {
    nav: Nav,
    csrf: String,
    methods: Vec<MethodChoice>,
    privileges: Vec<PrivilegeChoice>,
}

pub(super) async fn mfa_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let policy = match admin::mfa::policy(&app, &actor.0).await {
        Ok(policy) => policy,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let privileges = app
        .store
        .privilege_names()
        .await?
        .into_iter()
        .map(|name| PrivilegeChoice {
            checked: policy.required_for.contains(&name),
            name,
        })
        .collect();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = MfaPolicyPage {
        nav: nav(&actor, "mfa", q.done.as_deref()),
        csrf,
        methods: MfaMethod::ALL
            .iter()
            .map(|m| MethodChoice {
                name: m.as_str(),
                label: m.label(),
                checked: policy.allows(*m),
            })
            .collect(),
        privileges,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// Unticked boxes are simply absent, so both lists may be empty.
#[derive(Deserialize)]
pub(super) struct PolicyForm {
    #[serde(default, rename = "method")]
    methods: Vec<String>,
    #[serde(default)]
    required: Vec<String>,
}

pub(super) async fn mfa_save(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<PolicyForm>,
) -> Result<Response, WebError> {
    let outcome = admin::mfa::set_policy(&app, &actor.0, &form.methods, &form.required)
        .await
        .map(|_| "/admin/mfa?done=saved".to_string());
    Ok(finish(&actor, outcome))
}

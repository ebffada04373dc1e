//! The two-step sign-in policy: which methods users may set up, which privileges require one.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/mfa", get(mfa_page).post(mfa_save))
        .route("/mfa/sms-test", axum::routing::post(sms_test))
}

#[derive(serde::Serialize)]
struct MethodChoice {
    name: &'static str,
    /// In the page's language.
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct MfaPolicyPage {
    nav: Nav,
    csrf: String,
    methods: Vec<MethodChoice>,
    privileges: Vec<PrivilegeChoice>,
    sms: admin::sms::SmsStatus,
}
crate::view!(MfaPolicyPage => "admin/mfa.html");

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
    let sms = match admin::sms::status(&app, &actor.0).await {
        Ok(sms) => sms,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = MfaPolicyPage {
        sms,
        nav: nav(&actor, "mfa", q.done.as_deref()),
        csrf,
        methods: MfaMethod::ALL
            .iter()
            .map(|m| MethodChoice {
                name: m.as_str(),
                label: tr_or(&format!("admin-mfa-method-{}", m.as_str()), m.label()),
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

#[derive(Deserialize)]
pub(super) struct SmsTestForm {
    #[serde(default)]
    phone: String,
}

/// `POST /admin/mfa/sms-test`: a test text through the configured transport.
pub(super) async fn sms_test(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<SmsTestForm>,
) -> Result<Response, WebError> {
    let outcome = admin::sms::send_test(&app, &actor.0, &form.phone)
        .await
        .map(|_| "/admin/mfa?done=sms-sent".to_string());
    Ok(finish(&actor, outcome))
}

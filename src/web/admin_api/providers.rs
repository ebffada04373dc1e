//! The admin API: upstream identity providers (`manage_providers`). Client secrets go in and
//! never come out.

use super::*;
use crate::admin::providers::{ProviderSpec, ProviderView};
use crate::federation::Endpoints;
use serde::Serialize;

pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_providers, create_provider))
        .routes(routes!(get_provider, update_provider, delete_provider))
        .routes(routes!(test_provider))
}

/// A provider's settings. `client_secret` is write-only: required when adding, left out
/// when editing to keep the stored one.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ProviderBody {
    /// Only when adding: `google`, `microsoft`, `facebook`, `x` or `oidc`.
    kind: Option<String>,
    /// Only when adding; defaults to the kind (except for `oidc`).
    id: Option<String>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    position: i64,
    #[serde(default = "yes")]
    enabled: bool,
    client_id: String,
    client_secret: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    trust_email: bool,
    #[serde(default)]
    allow_sign_up: bool,
    #[serde(default)]
    trust_upstream_mfa: bool,
    /// Endpoint overrides and Entra tenant rules (see the README for which kind takes which).
    #[serde(default)]
    endpoints: EndpointsBody,
    /// When editing: the `version` you read; a newer save by someone else is then refused.
    version: Option<i64>,
    /// Disabling a provider that some users have as their only way in needs `true`.
    #[serde(default)]
    confirm: bool,
}

fn yes() -> bool {
    true
}

#[derive(Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub(super) struct EndpointsBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tenant: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_tenants: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    trusted_tenants: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    userinfo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    graph_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    graph_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_url: Option<String>,
}

impl From<EndpointsBody> for Endpoints {
    fn from(b: EndpointsBody) -> Self {
        let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        Self {
            issuer: blank(b.issuer),
            authority: blank(b.authority),
            tenant: blank(b.tenant),
            allowed_tenants: b.allowed_tenants,
            trusted_tenants: b.trusted_tenants,
            userinfo_url: blank(b.userinfo_url),
            auth_url: blank(b.auth_url),
            token_url: blank(b.token_url),
            graph_url: blank(b.graph_url),
            graph_version: blank(b.graph_version),
            api_url: blank(b.api_url),
        }
    }
}

impl From<&Endpoints> for EndpointsBody {
    fn from(e: &Endpoints) -> Self {
        Self {
            issuer: e.issuer.clone(),
            authority: e.authority.clone(),
            tenant: e.tenant.clone(),
            allowed_tenants: e.allowed_tenants.clone(),
            trusted_tenants: e.trusted_tenants.clone(),
            userinfo_url: e.userinfo_url.clone(),
            auth_url: e.auth_url.clone(),
            token_url: e.token_url.clone(),
            graph_url: e.graph_url.clone(),
            graph_version: e.graph_version.clone(),
            api_url: e.api_url.clone(),
        }
    }
}

impl ProviderBody {
    fn into_spec(self) -> (ProviderSpec, Option<i64>, bool) {
        (
            ProviderSpec {
                id: self.id,
                kind: self.kind,
                label: self.label,
                position: self.position,
                enabled: self.enabled,
                client_id: self.client_id,
                client_secret: self.client_secret.map(secrecy::SecretString::from),
                scopes: self.scopes,
                trust_email: self.trust_email,
                allow_sign_up: self.allow_sign_up,
                trust_upstream_mfa: self.trust_upstream_mfa,
                endpoints: self.endpoints.into(),
            },
            self.version,
            self.confirm,
        )
    }
}

/// A provider as the API shows it (no secret).
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ProviderInfo {
    id: String,
    kind: String,
    label: String,
    /// The text on the sign-in button.
    button_label: String,
    position: i64,
    enabled: bool,
    client_id: String,
    scopes: Vec<String>,
    trust_email: bool,
    allow_sign_up: bool,
    trust_upstream_mfa: bool,
    endpoints: EndpointsBody,
    /// `database` (editable) or `config_file` (read-only).
    source: String,
    version: i64,
    /// Register this at the provider.
    callback_url: String,
    linked_users: i64,
    /// Users who can sign in only through this provider.
    only_way_in: i64,
}

impl From<&ProviderView> for ProviderInfo {
    fn from(v: &ProviderView) -> Self {
        let c = &v.config;
        Self {
            id: c.id.clone(),
            kind: c.kind.as_str().to_string(),
            label: c.label.clone(),
            button_label: c.button_label(),
            position: c.position,
            enabled: c.enabled,
            client_id: c.client_id.clone(),
            scopes: c.effective_scopes(),
            trust_email: c.trust_email,
            allow_sign_up: c.allow_sign_up,
            trust_upstream_mfa: c.trust_upstream_mfa,
            endpoints: (&c.endpoints).into(),
            source: if v.read_only() {
                "config_file"
            } else {
                "database"
            }
            .into(),
            version: c.version,
            callback_url: v.callback_url.clone(),
            linked_users: v.linked_users,
            only_way_in: v.only_way_in,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ProviderList {
    providers: Vec<ProviderInfo>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct TestResult {
    ok: bool,
    message: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct ConfirmQuery {
    /// Deleting a provider that some users have as their only way in needs `true`.
    #[serde(default)]
    confirm: bool,
}

#[utoipa::path(get, path = "/providers", tag = "providers", summary = "List upstream providers", responses((status = 200, description = "The providers", body = ProviderList), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_providers(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let providers = admin::providers::list(&app, &actor).await?;
    Ok(Json(ProviderList {
        providers: providers.iter().map(ProviderInfo::from).collect(),
    })
    .into_response())
}

#[utoipa::path(get, path = "/providers/{id}", tag = "providers", summary = "Get a provider", params(("id" = String, Path, description = "The provider id")), responses((status = 200, description = "The provider", body = ProviderInfo), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn get_provider(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let provider = admin::providers::get(&app, &actor, &id).await?;
    Ok(Json(ProviderInfo::from(&provider)).into_response())
}

#[utoipa::path(post, path = "/providers", tag = "providers", summary = "Add a provider", request_body = ProviderBody, responses((status = 201, description = "The provider", body = ProviderInfo), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 409, description = "The id is taken", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn create_provider(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<ProviderBody>,
) -> Result<Response, WebError> {
    let (spec, _, _) = body.into_spec();
    let provider = admin::providers::create(&app, &actor, &spec).await?;
    Ok((StatusCode::CREATED, Json(ProviderInfo::from(&provider))).into_response())
}

#[utoipa::path(put, path = "/providers/{id}", tag = "providers", summary = "Replace a provider's settings (leave out client_secret to keep it)", params(("id" = String, Path, description = "The provider id")), request_body = ProviderBody, responses((status = 200, description = "The provider", body = ProviderInfo), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability, or the provider is from the configuration file", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Changed by someone else, or disabling needs “confirm”", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn update_provider(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProviderBody>,
) -> Result<Response, WebError> {
    let (spec, version, confirm) = body.into_spec();
    let provider = admin::providers::update(&app, &actor, &id, &spec, version, confirm).await?;
    Ok(Json(ProviderInfo::from(&provider)).into_response())
}

#[utoipa::path(delete, path = "/providers/{id}", tag = "providers", summary = "Delete a provider and the identities linked through it", params(("id" = String, Path, description = "The provider id"), ConfirmQuery), responses((status = 204, description = "Deleted"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability, or the provider is from the configuration file", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Users depend on it: needs “confirm=true”", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn delete_provider(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<ConfirmQuery>,
) -> Result<Response, WebError> {
    admin::providers::delete(&app, &actor, &id, q.confirm).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(post, path = "/providers/{id}/test", tag = "providers", summary = "Fetch the provider's metadata and report what was found", params(("id" = String, Path, description = "The provider id")), responses((status = 200, description = "What the test found", body = TestResult), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn test_provider(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let report = admin::providers::test(&app, &actor, &id).await?;
    Ok(Json(TestResult {
        ok: report.ok,
        message: report.message,
    })
    .into_response())
}

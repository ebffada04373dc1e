//! The admin API: the two-step sign-in policy.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(get_mfa_policy, set_mfa_policy))
}

/// Who must use a second factor, and which kinds users may set up.
#[derive(serde::Serialize, Deserialize, utoipa::ToSchema)]
pub(super) struct MfaPolicyBody {
    /// Allowed methods: `app` (authenticator apps).
    methods: Vec<String>,
    /// Privileges whose holders must use a second factor.
    required_for: Vec<String>,
}

pub(super) fn policy_body(policy: &crate::domain::MfaPolicy) -> MfaPolicyBody {
    MfaPolicyBody {
        methods: policy
            .methods
            .iter()
            .map(|m| m.as_str().to_string())
            .collect(),
        required_for: policy.required_for.clone(),
    }
}

#[utoipa::path(get, path = "/mfa-policy", tag = "mfa", summary = "The MFA policy", responses((status = 200, description = "The policy", body = MfaPolicyBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn get_mfa_policy(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let policy = admin::mfa::policy(&app, &actor).await?;
    Ok(Json(policy_body(&policy)).into_response())
}

#[utoipa::path(put, path = "/mfa-policy", tag = "mfa", summary = "Replace the MFA policy", request_body = MfaPolicyBody, responses((status = 200, description = "The new policy", body = MfaPolicyBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn set_mfa_policy(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<MfaPolicyBody>,
) -> Result<Response, WebError> {
    let policy = admin::mfa::set_policy(&app, &actor, &body.methods, &body.required_for).await?;
    Ok(Json(policy_body(&policy)).into_response())
}

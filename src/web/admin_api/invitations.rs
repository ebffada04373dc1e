//! The admin API: invitations by e-mail.

use super::*;

/// This area's routes with their OpenAPI operations, relative to `/api/admin/v1`.
pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(resend_invitation))
}

pub(super) fn invitation_json(app: &App, inv: &crate::store::Invitation) -> Value {
    serde_json::to_value(InvitationBody::of(app, inv)).unwrap_or(Value::Null)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct NewInvitation {
    email: String,
    #[serde(default)]
    privileges: Vec<String>,
}

#[utoipa::path(post, path = "/invitations", tag = "invitations", summary = "Invite someone by e-mail",  request_body = NewInvitation, responses((status = 201, description = "The invitation", body = InvitationBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 422, description = "Invalid input, with the field", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn create_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewInvitation>,
) -> Result<Response, WebError> {
    let invitation =
        admin::invitations::create(&app, &actor, &body.email, &body.privileges).await?;
    Ok((
        StatusCode::CREATED,
        Json(invitation_json(&app, &invitation)),
    )
        .into_response())
}

#[utoipa::path(get, path = "/invitations", tag = "invitations", summary = "List invitations",  responses((status = 200, description = "The invitations"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list_invitations(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Response, WebError> {
    let invitations = admin::invitations::list(&app, &actor).await?;
    let body: Vec<Value> = invitations
        .iter()
        .map(|i| invitation_json(&app, i))
        .collect();
    Ok(Json(json!({ "invitations": body })).into_response())
}

#[utoipa::path(post, path = "/invitations/{id}/resend", tag = "invitations", summary = "Send a fresh link", params(("id" = String, Path, description = "The invitation id")), responses((status = 200, description = "The invitation", body = InvitationBody), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn resend_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let invitation = admin::invitations::resend(&app, &actor, &id).await?;
    Ok(Json(invitation_json(&app, &invitation)).into_response())
}

#[utoipa::path(delete, path = "/invitations/{id}", tag = "invitations", summary = "Revoke an invitation", params(("id" = String, Path, description = "The invitation id")), responses((status = 204, description = "Revoked"), (status = 401, description = "No valid API key or token", body = ErrorBody), (status = 403, description = "The caller lacks the capability", body = ErrorBody), (status = 404, description = "Not found", body = ErrorBody), (status = 409, description = "Conflict", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn revoke_invitation(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    admin::invitations::revoke(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

//! The admin JSON API, `/api/admin/v1`: the administration use-cases over HTTP, authenticated
//! by personal API keys (`Authorization: Bearer ghk_…`). Errors are
//! `{"error": code, "message": …, "field": …}` with 400/401/403/404/409/422.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::bodies::*;
use super::WebError;
use super::error::Refusal;
use super::extract::Origin;
use crate::App;
use crate::admin::{self, Actor, AdminError};
use crate::auth::limits::{self, LimitError, Throttle};

mod audit;
mod authorities;
mod bodies;
mod clients;
mod invitations;
mod mfa;
mod privileges;
mod providers;
mod sessions;
mod users;

/// The API's routes with their OpenAPI document, built together so the document cannot
/// miss a route: the router is mounted at `/api/admin/v1`, the document served at
/// `/api/admin/v1/openapi.json`.
pub fn router() -> Router<App> {
    let api = OpenApiRouter::new()
        .merge(audit::routes())
        .merge(authorities::routes())
        .merge(clients::routes())
        .merge(invitations::routes())
        .merge(mfa::routes())
        .merge(privileges::routes())
        .merge(providers::routes())
        .merge(sessions::routes())
        .merge(users::routes());
    let (router, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/admin/v1", api)
        .split_for_parts();
    let document = std::sync::Arc::new(document);
    router.route(
        "/api/admin/v1/openapi.json",
        get(move || {
            let document = document.clone();
            async move { Json(document.as_ref().clone()) }
        }),
    )
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse admin API", version = "1", description = "Administration of users, their sessions, privileges, invitations, clients, upstream providers, the MFA policy and the audit log."),
    modifiers(&BearerAuth),
    tags(
        (name = "users"), (name = "sessions"), (name = "authorities"), (name = "privileges"), (name = "invitations"), (name = "clients"), (name = "providers"), (name = "mfa"), (name = "audit")

    )
)]
struct ApiDoc;

/// Declares the bearer scheme: a personal API key (`ghk_…`) or a client_credentials token.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

impl From<AdminError> for WebError {
    fn from(e: AdminError) -> Self {
        let status = e.status();
        let (code, field) = match &e {
            AdminError::Forbidden(_) => ("forbidden", None),
            AdminError::NotFound => ("not_found", None),
            AdminError::Conflict(_) => ("conflict", None),
            AdminError::Invalid { field, .. } => ("invalid", Some(*field)),
            AdminError::RateLimited { retry_after } => {
                return WebError::ApiRateLimited {
                    retry_after: *retry_after,
                    message: e.to_string(),
                };
            }
            AdminError::Internal(cause) => return WebError::Internal(cause.clone()),
            AdminError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "answered 503: the database is unavailable");
                return WebError::Api {
                    status,
                    code: "temporarily_unavailable",
                    message: "the database is unavailable; try again shortly".into(),
                    field: None,
                };
            }
        };
        let message = match e {
            AdminError::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        WebError::Api {
            status,
            code,
            message,
            field,
        }
    }
}

/// The caller, from its API key.
pub struct ApiActor(pub Actor);

fn unauthorized(message: &str) -> WebError {
    WebError::Api {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthorized",
        message: message.to_string(),
        field: None,
    }
}

impl FromRequestParts<App> for ApiActor {
    type Rejection = WebError;

    /// Failed credentials count against the caller's address like any other credential check.
    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let Origin(origin) = Origin::from_request_parts(parts, app)
            .await
            .unwrap_or_else(|e| match e {});
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| unauthorized("send an API key as “Authorization: Bearer ghk_…”"))?;
        // API keys and client tokens are 256-bit secrets: the right one is never refused, and
        // only failures are counted (after the check), so a stranger guessing from a shared
        // address cannot lock a working integration out.
        let throttle = Throttle::api_credential(&origin.ip);
        let outcome = authenticate_bearer(app, presented, origin.ip).await;
        if let Err(WebError::Api {
            status: StatusCode::UNAUTHORIZED,
            ..
        }) = &outcome
        {
            match limits::count_failure(app, &throttle).await {
                Ok(()) => {}
                Err(LimitError::Refused(refused)) => {
                    return Err(WebError::ApiRateLimited {
                        retry_after: refused.retry_after,
                        message: format!(
                            "too many failed attempts; try again in {} seconds",
                            refused.retry_after.max(1)
                        ),
                    });
                }
                Err(LimitError::Store(e)) => return Err(e.into()),
            }
        }
        outcome.map(ApiActor)
    }
}

/// An API key, or an access token from client_credentials whose admin: scopes are its
/// capabilities.
async fn authenticate_bearer(app: &App, presented: &str, ip: String) -> Result<Actor, WebError> {
    if presented.starts_with(admin::api_keys::KEY_PREFIX) {
        return admin::api_keys::authenticate(app, presented, &ip)
            .await?
            .ok_or_else(|| unauthorized("the API key is unknown, revoked or expired"));
    }
    let token = match crate::oauth::access_token::validate(app, presented).await {
        Ok(token) => token,
        Err(e) if e.code == crate::oauth::ErrorCode::ServerError => return Err(WebError::OAuth(e)),
        Err(_) => return Err(unauthorized("the access token is not valid")),
    };
    let claims = token.claims;
    if claims.gid.is_some() || claims.sub != claims.client_id {
        return Err(WebError::Api {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "user access tokens cannot call the admin API; use an API key".into(),
            field: None,
        });
    }
    if app.store.client_by_id(&claims.client_id).await?.is_none() {
        return Err(unauthorized("the client no longer exists"));
    }
    let capabilities = crate::domain::ScopeSet::parse(&claims.scope)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.capability())
        .collect();
    Ok(Actor {
        user: None,
        client_id: Some(claims.client_id.clone()),
        capabilities,
        via: "client_credentials".into(),
        ip,
    })
}

/// A JSON body; a malformed one is a 400 in the API's error format.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequest<App> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, app).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(WebError::Api {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_body",
                message: rejection.body_text(),
                field: None,
            }),
        }
    }
}

fn rfc3339_text(t: Option<i64>) -> Option<String> {
    t.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
}

fn parse_time(field: &'static str, value: &Value) -> Result<Option<i64>, WebError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map(|d| Some(d.unix_timestamp()))
                .map_err(|_| {
                    admin::invalid(field, "must be an RFC 3339 time, e.g. 2027-01-31T00:00:00Z")
                        .into()
                })
        }
        _ => Err(admin::invalid(field, "must be an RFC 3339 time or null").into()),
    }
}

//! HTTP: the router, its layers, and serving it (plain or TLS). The only module that knows
//! axum, status codes or templates.

mod account;
mod account_phone;
mod admin_api;
mod authorities;
mod choices;
pub(crate) mod chrome;
mod console;
mod cookies;
mod csp;
mod edge;
mod error;
mod extract;
mod federated;
mod health;
mod lang;
mod linked;
mod login;
mod oidc;
mod own_data;
mod pages;
mod phone;
mod second_factor;
mod security;
mod server;
mod session;
mod signup;
mod upstream_signup;
mod wording;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::WebError;

use crate::{App, StartError};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Pages forbid everything but our stylesheet, and their forms post only to us
/// (`form-action`: an injected form cannot send what a user types elsewhere). Pages of a
/// sign-in for a client also allow the client's origin (`csp.rs`); the form_post page sets
/// its own policy.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(app: App) -> Router {
    pages::set_appname(&app.settings.appname);
    // The logo replaces the ◆ through the stylesheet (built per app, from its settings), so
    // no template needs to know whether there is one.
    let logo_css = if app.settings.loaded_theme.logo.is_some() {
        "\n.logo { display: inline-block; width: 1.6em; height: 1.6em; vertical-align: middle; color: transparent; \
         overflow: hidden; background: url(/static/logo) center / contain no-repeat; }\n"
    } else {
        ""
    };
    let theme_css = std::sync::Arc::new(format!(
        "{}{}{}",
        include_str!("../../static/gatehouse.css"),
        logo_css,
        app.settings.loaded_theme.css
    ));
    let theme_logo = std::sync::Arc::new(app.settings.loaded_theme.logo.clone());
    // Endpoints a browser-based client calls directly (RFC 8252 §8.x, SPAs): no cookies, so
    // any origin may call them.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    let security_headers = edge::security_headers_for(&app.settings);
    // The two public documents every relying party, resource server and browser fetches:
    // served beside the middleware stack below, not through it. Request ids, tracing spans,
    // timeouts and panic guards cost more than serving their pre-built bytes (a third of
    // discovery's CPU, README "Benchmarks"), and none of them has anything to say about
    // bytes built at start-up. Their security headers are set by the handlers instead.
    let documents = Router::new()
        .route("/.well-known/openid-configuration", {
            let (body, headers) = (oidc::discovery_body(&app), security_headers.clone());
            get(move || oidc::discovery(body.clone(), headers.clone()))
        })
        .route("/jwks", {
            let (keys, headers) = (app.keys.clone(), security_headers.clone());
            get(move || oidc::jwks(keys.clone(), headers.clone()))
        })
        .layer(cors.clone());
    let api = Router::new()
        .route("/token", axum::routing::post(oidc::token))
        .route(
            "/userinfo",
            get(oidc::userinfo_get).post(oidc::userinfo_post),
        )
        .route("/revoke", axum::routing::post(oidc::revoke))
        .route("/introspect", axum::routing::post(oidc::introspect))
        .layer(cors);
    let pages = Router::new()
        .route("/", get(account::home))
        .route(
            "/authorize",
            get(oidc::authorize_get).post(oidc::authorize_post),
        )
        .route("/authorize/resume", get(login::resume))
        .route(
            "/authorize/act-as",
            get(authorities::act_as_page).post(authorities::act_as_submit),
        )
        .route(
            "/account/authorities",
            get(authorities::page_get).post(authorities::grant_submit),
        )
        .route(
            "/account/authorities/revoke",
            post(authorities::revoke_submit),
        )
        .route("/account/acting", post(authorities::act_submit))
        .route("/account/acting/stop", post(authorities::stop_submit))
        .route("/account/data", get(own_data::download))
        .route(
            "/account/delete",
            get(own_data::delete_page).post(own_data::delete_submit),
        )
        .route("/login", get(login::login_page).post(login::login_submit))
        .route("/login/federated/{id}", get(federated::start))
        .route("/login/federated/{id}/callback", get(federated::callback))
        .route(
            "/login/federated/email",
            get(upstream_signup::email_page).post(upstream_signup::email_submit),
        )
        .route(
            "/login/federated/email/code",
            post(upstream_signup::code_submit),
        )
        .route("/invite/federated/{id}", get(upstream_signup::invite_start))
        .route(
            "/login/phone",
            get(phone::number_page).post(phone::number_submit),
        )
        .route(
            "/login/phone/code",
            get(phone::code_get).post(phone::code_submit),
        )
        .route("/login/phone/resend", post(phone::resend))
        .route(
            "/consent",
            get(login::consent_page).post(login::consent_submit),
        )
        .route("/consent/switch", post(login::consent_switch))
        .route("/account", get(account::account_page))
        .route(
            "/account/password",
            get(account::password_page).post(account::password_submit),
        )
        .route("/logout", axum::routing::post(account::logout))
        .route(
            "/account/profile",
            get(account::profile_get).post(account::profile_post),
        )
        .route(
            "/account/email",
            get(account::email_get).post(account::email_post),
        )
        .route(
            "/account/email/confirm",
            axum::routing::post(account::email_confirm),
        )
        .route(
            "/account/phone",
            get(account_phone::phone_get).post(account_phone::phone_post),
        )
        .route("/account/phone/confirm", post(account_phone::phone_confirm))
        .route("/account/phone/remove", post(account_phone::phone_remove))
        .route("/account/linked", get(linked::page))
        .route("/account/linked/{id}/start", get(linked::start))
        .route(
            "/account/linked/unlink",
            axum::routing::post(linked::unlink),
        )
        .route("/account/reauthenticate/{id}", get(linked::reauthenticate))
        .route("/account/sessions", get(account::sessions_get))
        .route(
            "/account/sessions/end",
            axum::routing::post(account::sessions_end),
        )
        .route(
            "/account/sessions/end-others",
            axum::routing::post(account::sessions_end_others),
        )
        .route("/account/apps", get(account::apps_get))
        .route(
            "/account/apps/revoke",
            axum::routing::post(account::apps_revoke),
        )
        .route(
            "/register",
            get(signup::register_page).post(signup::register_submit),
        )
        .route(
            "/verify",
            get(signup::verify_page).post(signup::verify_submit),
        )
        .route("/verify/resend", axum::routing::post(signup::verify_resend))
        .route("/verify/link", get(signup::verify_link))
        .route(
            "/invite",
            get(signup::invite_page).post(signup::invite_submit),
        )
        .route(
            "/password/forgot",
            get(signup::forgot_page).post(signup::forgot_submit),
        )
        .route(
            "/password/reset",
            get(signup::reset_page).post(signup::reset_submit),
        )
        .route(
            "/login/two-factor",
            get(second_factor::page).post(second_factor::submit),
        )
        .route("/login/two-factor/start", get(second_factor::start))
        .route("/login/two-factor/sms", post(second_factor::send_sms))
        .route("/account/security", get(security::page))
        .route(
            "/account/security/app",
            get(security::enroll_page).post(security::enroll_submit),
        )
        .route(
            "/account/security/recovery-codes",
            axum::routing::post(security::renew_codes),
        )
        .route("/account/security/sms", axum::routing::post(security::sms))
        .route(
            "/account/security/disable",
            axum::routing::post(security::disable),
        )
        .route(
            "/end_session",
            get(login::end_session_get).post(login::end_session_post),
        )
        .route(
            "/end_session/confirm",
            axum::routing::post(login::end_session_confirm),
        )
        .route(
            "/static/gatehouse.css",
            get(move || stylesheet(theme_css.clone())),
        )
        .route("/static/logo", get(move || logo(theme_logo.clone())))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            csp::allow_client_form_target,
        ));

    // Every page's frame (language, who is signed in), the console's, the admin API's (its
    // refusals speak the caller's Accept-Language) and the 404's. Not the protocol endpoints:
    // they answer in RFC error codes, and they are the hot paths.
    let framed = pages
        .merge(admin_api::router())
        .nest("/admin", console::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            chrome::layer,
        ));
    // One layer for all of them (six `SetResponseHeaderLayer`s cost six service hops).
    let router = api
        .merge(framed)
        .layer(axum::middleware::from_fn_with_state(
            security_headers,
            edge::security_headers,
        ));
    let router = router.with_state(app).layer(
        ServiceBuilder::new()
            .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
            .layer(SetRequestIdLayer::new(REQUEST_ID, edge::MakeCountedRequestId::default()))
            .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                // The path only: query strings carry codes and tokens.
                tracing::info_span!("http", method = %request.method(), path = %request.uri().path(), request_id)
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(|_| {
                WebError::Internal("a handler panicked".into()).into_response()
            }))
            .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
            .layer(RequestBodyLimitLayer::new(64 * 1024)),
    );
    documents.merge(router)
}

/// The built-in stylesheet with the theme's colour and the operator's stylesheet after it.
async fn stylesheet(css: std::sync::Arc<String>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css.as_str().to_owned(),
    )
        .into_response()
}

/// The operator's logo (`theme.logo_file`), or 404 when there is none.
async fn logo(logo: std::sync::Arc<Option<(Vec<u8>, &'static str)>>) -> Response {
    match logo.as_ref() {
        Some((bytes, kind)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
                // An SVG is shown as an image, never run as a document.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'",
                ),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn not_found() -> WebError {
    WebError::page(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is nothing at this address.",
    )
}

/// Serves until ctrl-c or SIGTERM.
pub async fn serve(app: App, listener: std::net::TcpListener) -> Result<(), StartError> {
    serve_until(app, listener, shutdown_signal()).await
}

/// Serves until `shutdown` completes, then drains open connections (see `server::run`).
pub async fn serve_until(
    app: App,
    listener: std::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), StartError> {
    listener
        .set_nonblocking(true)
        .map_err(|e| StartError::Io(e.to_string()))?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|e| StartError::Io(e.to_string()))?;
    let tls = match (&app.settings.tls.cert_path, &app.settings.tls.key_path) {
        (Some(cert), Some(key)) => Some(
            axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                .await
                .map_err(|e| StartError::Io(format!("TLS certificate or key: {e}")))?,
        ),
        _ => None,
    };
    let limits = server::Limits::from(&app.settings.server);
    server::run(listener, router(app), tls, limits, shutdown).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

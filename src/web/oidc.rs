//! The protocol endpoints: authorize, token, userinfo, introspect, revoke, discovery, JWKS.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::WebError;
use super::cookies;
use super::extract::{Origin, PageQuery};
use super::pages::{FORM_POST_SCRIPT, FormPostPage, render};
use super::session::current_session;
use crate::App;
use crate::auth::limits::{self, LimitError};
use crate::auth::mfa;
use crate::crypto::token::{random_id, sha256};
use crate::delegation::{self, Acting};
use crate::domain::{Client, ScopeSet};
use crate::oauth::authorize::{
    self, AuthorizationRequest, AuthorizationResponse, AuthorizeError, Interaction, ResponseMode,
};
use crate::oauth::client_auth::{authenticate, parse_credentials};
use crate::oauth::token::TokenRequest;
use crate::oauth::{
    OAuthError, discovery, introspect as introspection, revoke as revocation,
    token as token_endpoint, userinfo as user_info,
};
use crate::store::{AuthorizationRequestRow, Session};

/// The discovery document, serialized once when the router is built: it depends on the
/// settings and the configured algorithms only, which a node does not change while it runs.
pub fn discovery_body(app: &App) -> Bytes {
    // A `Value` always serializes.
    Bytes::from(serde_json::to_vec(&discovery::metadata(app)).unwrap_or_default())
}

pub async fn discovery(body: Bytes, headers: super::edge::SecurityHeaders) -> Response {
    json_bytes(body, "public, max-age=300", &headers)
}

/// The published keys, serialized once per key set (a reload swaps in a new one, and with it
/// a new document).
pub async fn jwks(
    keys: Arc<crate::signing::KeyRing>,
    headers: super::edge::SecurityHeaders,
) -> Response {
    // Short: a rotation's next key is published well before use, but not days before.
    json_bytes(keys.keys().jwks_bytes(), "public, max-age=60", &headers)
}

fn json_bytes(
    body: Bytes,
    cache: &'static str,
    headers: &super::edge::SecurityHeaders,
) -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response();
    super::edge::add_security_headers(&mut response, headers);
    response
}

// ---- /authorize -------------------------------------------------------------------------

pub async fn authorize_get(
    State(app): State<App>,
    Origin(origin): Origin,
    jar: CookieJar,
    PageQuery(pairs): PageQuery<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    authorize(app, jar, pairs, origin.ip).await
}

/// OIDC Core §3.1.2.1: the authorization endpoint also accepts form posts.
pub async fn authorize_post(
    State(app): State<App>,
    Origin(origin): Origin,
    jar: CookieJar,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in request not accepted",
            "The request could not be read.",
        )
    })?;
    authorize(app, jar, pairs, origin.ip).await
}

async fn authorize(
    app: App,
    jar: CookieJar,
    pairs: Vec<(String, String)>,
    ip: String,
) -> Result<Response, WebError> {
    match authorize::validate(&app, pairs).await {
        Err(AuthorizeError::Show(message)) => Err(WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in request not accepted",
            message,
        )),
        Err(AuthorizeError::Redirect(response)) => Ok(respond(*response)),
        Ok((client, request)) => proceed(&app, jar, &client, request, Pending::New { ip }).await,
    }
}

/// A request parked while the user signs in, consents or changes password.
pub struct Parked {
    pub id: String,
    pub created_at: i64,
}

/// Where an authorization request stands.
pub enum Pending {
    /// Fresh from /authorize: parked only if an interaction is needed, charged then to the
    /// quota of the address it came from.
    New { ip: String },
    /// Parked earlier, now resumed.
    Parked(Parked),
}

/// Decides the next step of an authorization request: an interaction page, an error for a
/// silent request, or the code.
pub async fn proceed(
    app: &App,
    jar: CookieJar,
    client: &Client,
    request: AuthorizationRequest,
    pending: Pending,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let parked = match &pending {
        Pending::Parked(parked) => Some(parked),
        Pending::New { .. } => None,
    };
    let signed_in = current_session(app, &jar).await?;
    let consented = match &signed_in {
        Some((_, user)) => app
            .store
            .consented_scopes(&user.id, &client.id)
            .await?
            .and_then(|s| ScopeSet::parse(&s).ok()),
        None => None,
    };
    let second_factor_owed = match &signed_in {
        Some((session, user)) => {
            mfa::session_needs_step_up(app, session, user, request.wants_mfa()).await?
        }
        None => false,
    };
    let decision = match &signed_in {
        Some((session, user)) => decide_acting(app, &request, client, session, user).await?,
        None => ActingDecision::default(),
    };
    let interaction = authorize::next_interaction(
        &request,
        client,
        signed_in.as_ref().map(|(s, u)| (s, u)),
        consented.as_ref(),
        parked.map(|p| p.created_at),
        second_factor_owed,
        decision.choice_owed,
        now,
    );
    match (interaction, signed_in) {
        (None, Some((session, _))) => {
            finish(app, &request, &session, parked, decision.acting.as_ref()).await
        }
        (None, None) => Err(WebError::Internal(
            "no interaction needed but no session".into(),
        )),
        (Some(needed), _) if request.has_prompt("none") => Ok(respond(
            request.error(&app.settings.issuer, authorize::silent_failure(needed)),
        )),
        (Some(needed), signed_in) => {
            let id = match pending {
                Pending::Parked(p) => p.id,
                Pending::New { ip } => park(app, &request, &ip).await?,
            };
            if let (Interaction::SecondFactor, Some((session, user))) = (needed, &signed_in) {
                let token = mfa::open_challenge(app, user, mfa::Opens::StepUp(session)).await?;
                let jar = cookies::set_challenge(app, jar, token);
                let target = format!("/login/two-factor?req={id}");
                return Ok((jar, Redirect::to(&target)).into_response());
            }
            let page = match needed {
                Interaction::Login | Interaction::SecondFactor => "/login",

                Interaction::Consent => "/consent",
                Interaction::SelectAccount => "/authorize/act-as",
                Interaction::ChangePassword => "/account/password",
            };
            Ok((jar, Redirect::to(&format!("{page}?req={id}"))).into_response())
        }
    }
}

/// Stores the request until the user is back. Charged to the address's quota first, so that
/// one address cannot fill the table with requests it abandons; a refusal is a page for the
/// person at that address (429 with `Retry-After`), not an error sent to the client: the
/// client did nothing wrong, and `temporarily_unavailable` means the server is overloaded.
async fn park(app: &App, request: &AuthorizationRequest, ip: &str) -> Result<String, WebError> {
    let quota = limits::Quota::parked_authorizations(
        app.settings.rate_limits.parked_authorizations_per_10_min,
    );
    match quota.charge(app, &limits::address_key(ip)).await {
        Ok(()) => {}
        Err(LimitError::Refused(refused)) => {
            let minutes = (refused.retry_after + 59) / 60;
            return Err(WebError::page(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many sign-ins",
                format!(
                    "Too many sign-ins were started from your network. Try again in {minutes} minute{}.",
                    if minutes == 1 { "" } else { "s" }
                ),
            )
            .with_retry_after(refused.retry_after));
        }
        Err(LimitError::Store(e)) => return Err(e.into()),
    }
    let now = app.clock.now();
    let id = random_id();
    let params = request
        .parked_json()
        .ok_or_else(|| WebError::Internal("parked request does not serialize".into()))?;
    app.store
        .insert_authorization_request(&AuthorizationRequestRow {
            id: id.clone(),
            client_id: request.client_id.clone(),
            params,
            created_at: now,
            expires_at: now + app.settings.tokens.authorization_request_ttl_secs,
        })
        .await?;
    Ok(id)
}

/// Loads a parked request by id, refusing expired or finished ones with a page.
pub async fn load_parked(
    app: &App,
    id: &str,
) -> Result<(Client, AuthorizationRequest, Parked), WebError> {
    let gone = || {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in expired",
            "This sign-in has expired or was already completed. Go back to the application and start again.",
        )
    };
    let row = app
        .store
        .authorization_request(id)
        .await?
        .ok_or_else(gone)?;
    if row.expires_at <= app.clock.now() {
        return Err(gone());
    }
    let request: AuthorizationRequest = serde_json::from_str(&row.params)
        .map_err(|e| WebError::Internal(format!("parked request: {e}")))?;
    let client = app
        .store
        .client_by_id(&row.client_id)
        .await?
        .ok_or_else(gone)?;
    Ok((
        client,
        request,
        Parked {
            id: row.id,
            created_at: row.created_at,
        },
    ))
}

/// Whom a signed-in user acts for in this authorization, and whether they must still say.
#[derive(Default)]
pub struct ActingDecision {
    pub choice_owed: bool,
    pub acting: Option<Acting>,
}

/// Decides who the tokens will be for. The chooser is owed when the client asks for it
/// (`prompt=select_account`, `act_as`) and the user has not answered, when the answer no
/// longer holds (the authority was revoked meanwhile), or when the session acts for someone
/// (chosen on the account page) under an authority that does not cover this client: then
/// tokens for the user themselves would surprise them.
pub async fn decide_acting(
    app: &App,
    request: &AuthorizationRequest,
    client: &Client,
    session: &Session,
    user: &crate::domain::User,
) -> Result<ActingDecision, WebError> {
    let owed = ActingDecision {
        choice_owed: true,
        acting: None,
    };
    if request.account_chosen {
        return Ok(match &request.acting {
            None => ActingDecision::default(),
            Some(id) => match delegation::usable(app, id, &user.id, Some(&client.id)).await? {
                Some(acting) => ActingDecision {
                    choice_owed: false,
                    acting: Some(acting),
                },
                None => owed,
            },
        });
    }
    if request.has_prompt("select_account") || request.act_as.is_some() {
        return Ok(owed);
    }
    match &session.acting_authority_id {
        None => Ok(ActingDecision::default()),
        Some(id) => match delegation::usable(app, id, &user.id, Some(&client.id)).await? {
            Some(acting) => Ok(ActingDecision {
                choice_owed: false,
                acting: Some(acting),
            }),
            None => Ok(owed),
        },
    }
}

/// Issues the code and sends the browser back to the client. A parked request is removed
/// first, so that it completes once even if the user submits twice.
pub async fn finish(
    app: &App,
    request: &AuthorizationRequest,
    session: &Session,
    parked: Option<&Parked>,
    acting: Option<&Acting>,
) -> Result<Response, WebError> {
    if let Some(parked) = parked
        && !app.store.take_authorization_request(&parked.id).await?
    {
        return Err(WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in already completed",
            "This sign-in was already completed. Go back to the application.",
        ));
    }
    let response = authorize::issue_code(app, request, session, acting)
        .await
        .map_err(WebError::page_fault)?;
    Ok(respond(response))
}

/// Sends an authorization response by its response mode.
pub fn respond(response: AuthorizationResponse) -> Response {
    match response.mode {
        ResponseMode::Query => Redirect::to(&response.query_url()).into_response(),
        ResponseMode::FormPost => {
            let page = FormPostPage {
                redirect_uri: response.redirect_uri,
                params: response.params,
            };
            let script_hash = base64_std(&sha256(FORM_POST_SCRIPT.as_bytes()));
            // The one form-action this page needs: the client's origin. `'none'` if the
            // registered URI has no origin we can write safely (the post is then blocked,
            // which beats a header someone else wrote).
            let form_action = super::csp::csp_origin(&page.redirect_uri).unwrap_or_else(|| {
                tracing::warn!("form_post redirect_uri has no CSP-safe origin");
                "'none'".into()
            });
            let csp = format!(
                "default-src 'none'; script-src 'sha256-{script_hash}'; form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
            );
            let mut response = Html(render(&page)).into_response();
            if let Ok(value) = HeaderValue::from_str(&csp) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, value);
            }
            response
        }
    }
}

fn base64_std(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

// ---- client-authenticated endpoints ----------------------------------------------------

/// A form body as a map, refusing repeated parameters (RFC 6749 §3.2).
fn parse_form(headers: &HeaderMap, body: &Bytes) -> Result<HashMap<String, String>, OAuthError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| OAuthError::invalid_request("malformed form body"))?;
    let mut map = HashMap::new();
    for (key, value) in pairs {
        if map.insert(key.clone(), value).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "parameter “{key}” is repeated"
            )));
        }
    }
    Ok(map)
}

async fn authenticated_client(
    app: &App,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
    ip: &str,
) -> Result<Client, OAuthError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let creds = parse_credentials(
        authorization,
        form.get("client_id").map(String::as_str),
        form.get("client_secret").map(String::as_str),
    )?;
    authenticate(app, &creds, ip).await
}

fn no_store_json(value: impl serde::Serialize) -> Response {
    let mut response = Json(value).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

pub async fn token(
    State(app): State<App>,
    Origin(origin): Origin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let mut form = parse_form(&headers, &body)?;
    let client = authenticated_client(&app, &headers, &form, &origin.ip).await?;
    let request = TokenRequest {
        grant_type: form.remove("grant_type"),
        code: form.remove("code"),
        redirect_uri: form.remove("redirect_uri"),
        code_verifier: form.remove("code_verifier"),
        refresh_token: form.remove("refresh_token"),
        scope: form.remove("scope"),
        subject_token: form.remove("subject_token"),
        subject_token_type: form.remove("subject_token_type"),
        actor_token: form.remove("actor_token"),
        actor_token_type: form.remove("actor_token_type"),
        requested_token_type: form.remove("requested_token_type"),
        audience: form.remove("audience"),
        resource: form.remove("resource"),
    };
    let response = token_endpoint::exchange(&app, &client, request).await?;
    Ok(no_store_json(response))
}

pub async fn introspect(
    State(app): State<App>,
    Origin(origin): Origin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = parse_form(&headers, &body)?;
    let client = authenticated_client(&app, &headers, &form, &origin.ip).await?;
    if client.is_public() {
        return Err(OAuthError::invalid_client("public clients may not introspect tokens").into());
    }
    let token = form
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
    let body =
        introspection::introspect(&app, token, form.get("token_type_hint").map(String::as_str))
            .await?;
    Ok(no_store_json(body))
}

pub async fn revoke(
    State(app): State<App>,
    Origin(origin): Origin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = parse_form(&headers, &body)?;
    let client = authenticated_client(&app, &headers, &form, &origin.ip).await?;
    let token = form
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
    revocation::revoke(
        &app,
        &client,
        token,
        form.get("token_type_hint").map(String::as_str),
    )
    .await?;
    Ok(no_store_json(serde_json::json!({})))
}

// ---- userinfo ---------------------------------------------------------------------------

fn bearer_from_header(headers: &HeaderMap) -> Option<Result<String, OAuthError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let parsed = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("malformed Authorization header"));
    Some(parsed)
}

async fn userinfo_for(
    app: &App,
    token: Option<Result<String, OAuthError>>,
) -> Result<Response, WebError> {
    let token = match token {
        None => return Err(WebError::MissingBearer),
        Some(Err(e)) => return Err(WebError::Bearer(e)),
        Some(Ok(t)) => t,
    };
    let claims = user_info::userinfo(app, &token)
        .await
        .map_err(WebError::Bearer)?;
    Ok(no_store_json(claims))
}

pub async fn userinfo_get(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    userinfo_for(&app, bearer_from_header(&headers)).await
}

/// RFC 6750 §2.2: the token may come in a form body instead of the header, never both.
pub async fn userinfo_post(
    State(app): State<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let from_header = bearer_from_header(&headers);
    let from_body = if body.is_empty() {
        None
    } else {
        let form = parse_form(&headers, &body).map_err(WebError::Bearer)?;
        form.get("access_token").cloned()
    };
    let token = match (from_header, from_body) {
        (Some(_), Some(_)) => Some(Err(OAuthError::invalid_request(
            "send the token once, not in header and body",
        ))),
        (Some(h), None) => Some(h),
        (None, Some(b)) => Some(Ok(b)),
        (None, None) => None,
    };
    userinfo_for(&app, token).await
}

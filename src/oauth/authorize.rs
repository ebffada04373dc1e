//! The authorization endpoint's protocol half (RFC 6749 §4.1, OIDC Core §3.1.2, RFC 9207):
//! validating a request, deciding what the user must still do, and building the response.
//! Errors before the client and redirect URI are trusted are shown to the user and never
//! redirected (an open redirector otherwise); later ones go back to the client.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, OAuthError};
use super::pkce;
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{Client, GrantType, Scope, ScopeSet, User};
use crate::store::{AuthorizationCode, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    Query,
    FormPost,
}

/// A validated authorization request, parked as JSON while the user signs in: only the
/// fields validated here, each within its cap below, with absent ones left out of the JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthorizationRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
    pub response_mode: ResponseMode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompt: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
    /// Requested authentication context classes, in order of preference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acr_values: Vec<String>,
    /// OIDC Core §3.1.2.1: the languages the client prefers for the pages, space-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_locales: Option<String>,
    /// Gatehouse's `act_as`: the client asks the user to act for this user (an id), under an
    /// authority they hold. Shown on the "Act as …" chooser, never acted on unasked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act_as: Option<String>,
    /// Set once the user answered the chooser (with `acting` empty: as themselves).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub account_chosen: bool,
    /// The authority the user chose to act under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting: Option<String>,
}

/// Caps, in bytes, on what a request may carry into the database while it is parked: far
/// above what real clients send (a state or nonce is a random value or a small signed blob),
/// far below what would let one request take kilobytes of storage for nothing.
pub mod caps {
    pub const CLIENT_ID: usize = 256;
    pub const REDIRECT_URI: usize = 2048;
    pub const STATE: usize = 512;
    pub const NONCE: usize = 512;
    pub const SCOPE: usize = 1024;
    pub const LOGIN_HINT: usize = 256;
    pub const ACR_VALUES: usize = 512;
    pub const ACT_AS: usize = 128;
    pub const UI_LOCALES: usize = 128;
    /// Any other parameter (not stored, but parsed).
    pub const OTHER: usize = 4096;
    /// The whole parked request, as stored.
    pub const PARKED: usize = 8 * 1024;
}

impl AuthorizationRequest {
    /// The form the request is parked in (see [`caps::PARKED`]).
    pub fn parked_json(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    /// Whether the client's `acr_values` can only be met with a second factor.
    pub fn wants_mfa(&self) -> bool {
        crate::domain::acr_values_demand_mfa(&self.acr_values)
    }

    pub fn scopes(&self) -> ScopeSet {
        // Validated on the way in.
        ScopeSet::parse(&self.scope).unwrap_or_default()
    }

    pub fn has_prompt(&self, value: &str) -> bool {
        self.prompt.iter().any(|p| p == value)
    }

    /// An error response to this request, sent to the client.
    pub fn error(&self, issuer: &str, error: OAuthError) -> AuthorizationResponse {
        error_response(
            &self.redirect_uri,
            self.response_mode,
            self.state.as_deref(),
            issuer,
            &error,
        )
    }
}

#[derive(Debug)]
pub enum AuthorizeError {
    /// Shown to the user: the client or redirect URI cannot be trusted.
    Show(String),
    /// Sent back to the client at its (verified) redirect URI.
    Redirect(Box<AuthorizationResponse>),
}

/// Where and how to send the browser back to the client.
#[derive(Debug, Clone)]
pub struct AuthorizationResponse {
    pub redirect_uri: String,
    pub mode: ResponseMode,
    pub params: Vec<(&'static str, String)>,
}

impl AuthorizationResponse {
    /// The redirect URL for `query` mode: the parameters appended to the registered URI.
    pub fn query_url(&self) -> String {
        let mut url = self.redirect_uri.clone();
        let encoded = serde_urlencoded::to_string(&self.params).unwrap_or_default();
        url.push(if self.redirect_uri.contains('?') {
            '&'
        } else {
            '?'
        });
        url.push_str(&encoded);
        url
    }
}

fn error_response(
    redirect_uri: &str,
    mode: ResponseMode,
    state: Option<&str>,
    issuer: &str,
    error: &OAuthError,
) -> AuthorizationResponse {
    let mut params = vec![
        ("error", error.code.as_str().to_string()),
        ("error_description", error.description.clone()),
    ];
    if let Some(state) = state {
        params.push(("state", state.to_string()));
    }
    params.push(("iss", issuer.to_string()));
    AuthorizationResponse {
        redirect_uri: redirect_uri.to_string(),
        mode,
        params,
    }
}

/// Validates raw request parameters (query string or form body).
pub async fn validate(
    app: &App,
    pairs: Vec<(String, String)>,
) -> Result<(Client, AuthorizationRequest), AuthorizeError> {
    let mut params: HashMap<String, String> = HashMap::new();
    let mut duplicated = None;
    for (key, value) in pairs {
        if params.contains_key(&key) {
            duplicated = Some(key.clone());
        }
        params.insert(key, value);
    }
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());

    // 1. Who is asking, and where would the answer go? Until both check out, nothing redirects.
    let client_id = get("client_id").ok_or_else(|| {
        AuthorizeError::Show("The request names no client (client_id is missing).".into())
    })?;
    if client_id.len() > caps::CLIENT_ID {
        return Err(AuthorizeError::Show(
            "The application that sent you here is not registered.".into(),
        ));
    }
    let client = app
        .store
        .client_by_id(client_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "loading client for /authorize");
            AuthorizeError::Show("The sign-in service is temporarily unavailable.".into())
        })?
        .ok_or_else(|| {
            AuthorizeError::Show("The application that sent you here is not registered.".into())
        })?;
    let redirect_uri = get("redirect_uri")
        .ok_or_else(|| AuthorizeError::Show("The request has no redirect_uri.".into()))?;
    // Checked before the registration: an over-long URI is not trusted even if registered.
    if redirect_uri.len() > caps::REDIRECT_URI || !client.has_redirect_uri(redirect_uri) {
        return Err(AuthorizeError::Show(
            "The application asked to send you to an address it has not registered, so Gatehouse will not.".into(),
        ));
    }
    if duplicated
        .as_deref()
        .is_some_and(|k| k == "client_id" || k == "redirect_uri")
    {
        return Err(AuthorizeError::Show(
            "The request repeats client_id or redirect_uri.".into(),
        ));
    }

    // 2. From here on, errors go back to the client.
    // An over-long state is refused below, and not echoed back: reflecting kilobytes of
    // attacker-chosen text into the client's URL helps nobody.
    let state_too_long = get("state").is_some_and(|s| s.len() > caps::STATE);
    let state = get("state")
        .filter(|s| s.len() <= caps::STATE)
        .map(str::to_string);
    let response_mode = match get("response_mode") {
        None | Some("query") => Ok(ResponseMode::Query),
        Some("form_post") => Ok(ResponseMode::FormPost),
        Some(other) => Err(OAuthError::invalid_request(format!(
            "unsupported response_mode “{other}”"
        ))),
    };
    let mode = *response_mode.as_ref().unwrap_or(&ResponseMode::Query);
    let fail = |error: OAuthError| {
        AuthorizeError::Redirect(Box::new(error_response(
            redirect_uri,
            mode,
            state.as_deref(),
            &app.settings.issuer,
            &error,
        )))
    };
    let response_mode = response_mode.map_err(fail)?;
    if let Some(key) = duplicated {
        return Err(fail(OAuthError::invalid_request(format!(
            "parameter “{key}” is repeated"
        ))));
    }
    let too_long = [
        ("nonce", caps::NONCE),
        ("scope", caps::SCOPE),
        ("login_hint", caps::LOGIN_HINT),
        ("acr_values", caps::ACR_VALUES),
        ("act_as", caps::ACT_AS),
        ("ui_locales", caps::UI_LOCALES),
    ]
    .into_iter()
    .find(|(name, cap)| get(name).is_some_and(|v| v.len() > *cap));
    if state_too_long {
        return Err(fail(OAuthError::invalid_request(format!(
            "state is longer than {} bytes",
            caps::STATE
        ))));
    }
    if let Some((name, cap)) = too_long {
        return Err(fail(OAuthError::invalid_request(format!(
            "{name} is longer than {cap} bytes"
        ))));
    }
    if params.values().any(|v| v.len() > caps::OTHER) {
        return Err(fail(OAuthError::invalid_request("a parameter is too long")));
    }
    if get("request").is_some() {
        return Err(fail(OAuthError::new(
            ErrorCode::RequestNotSupported,
            "request objects are not supported",
        )));
    }
    if get("request_uri").is_some() {
        return Err(fail(OAuthError::new(
            ErrorCode::RequestUriNotSupported,
            "request_uri is not supported",
        )));
    }
    match get("response_type") {
        Some("code") => {}
        None => {
            return Err(fail(OAuthError::invalid_request(
                "response_type is required",
            )));
        }
        Some(other) => {
            return Err(fail(OAuthError::new(
                ErrorCode::UnsupportedResponseType,
                format!("response_type “{other}” is not supported; use “code”"),
            )));
        }
    }
    if !client.allows_grant(GrantType::AuthorizationCode) {
        return Err(fail(OAuthError::unauthorized_client(
            "this client may not use the authorization code flow",
        )));
    }
    let scopes = ScopeSet::parse(get("scope").unwrap_or(""))
        .map_err(|e| fail(OAuthError::invalid_scope(e.0)))?;
    if scopes.is_empty() {
        return Err(fail(OAuthError::invalid_scope("scope is required")));
    }
    if scopes.has_admin_scope() {
        return Err(fail(OAuthError::invalid_scope(
            "admin: scopes are for client_credentials only",
        )));
    }
    if !scopes.is_subset(&client.scopes) {
        return Err(fail(OAuthError::invalid_scope(
            "the client may not ask for some of these scopes",
        )));
    }
    let code_challenge = get("code_challenge").map(str::to_string);
    match (get("code_challenge_method"), &code_challenge) {
        (_, None) if client.is_public() => {
            return Err(fail(OAuthError::invalid_request(
                "public clients must use PKCE (code_challenge with S256)",
            )));
        }
        (Some(_), None) => {
            return Err(fail(OAuthError::invalid_request(
                "code_challenge_method without code_challenge",
            )));
        }
        (None | Some("S256"), Some(challenge)) => {
            if !pkce::is_well_formed(challenge) {
                return Err(fail(OAuthError::invalid_request(
                    "code_challenge is malformed",
                )));
            }
            if get("code_challenge_method").is_none() {
                // RFC 7636 makes `plain` the default; Gatehouse accepts only S256.
                return Err(fail(OAuthError::invalid_request(
                    "code_challenge_method must be S256",
                )));
            }
        }
        (Some(other), Some(_)) => {
            return Err(fail(OAuthError::invalid_request(format!(
                "code_challenge_method “{other}” is not supported; use S256"
            ))));
        }
        (None, None) => {}
    }
    // Repeats dropped: the value is a set, and "login login …" must not grow what is parked.
    let mut prompt: Vec<String> = Vec::new();
    for p in get("prompt").unwrap_or("").split(' ') {
        if !p.is_empty() && !prompt.iter().any(|seen| seen == p) {
            prompt.push(p.to_string());
        }
    }
    for p in &prompt {
        if !matches!(p.as_str(), "none" | "login" | "consent" | "select_account") {
            return Err(fail(OAuthError::invalid_request(format!(
                "unknown prompt value “{p}”"
            ))));
        }
    }
    if prompt.iter().any(|p| p == "none") && prompt.len() > 1 {
        return Err(fail(OAuthError::invalid_request(
            "prompt=none cannot be combined with other values",
        )));
    }
    let max_age = match get("max_age") {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(v) if v >= 0 => Some(v),
            _ => {
                return Err(fail(OAuthError::invalid_request(
                    "max_age must be a non-negative integer",
                )));
            }
        },
    };
    let request = AuthorizationRequest {
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        scope: scopes.to_string(),
        state: state.clone(),
        nonce: get("nonce").map(str::to_string),
        code_challenge,
        response_mode,
        prompt,
        max_age,
        login_hint: get("login_hint").map(str::to_string),
        acr_values: get("acr_values")
            .unwrap_or("")
            .split(' ')
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect(),
        act_as: get("act_as").map(str::to_string),
        ui_locales: get("ui_locales").map(str::to_string),
        account_chosen: false,
        acting: None,
    };
    // The sum of the caps stays under this; the check keeps it so if a field is added.
    if request
        .parked_json()
        .is_none_or(|json| json.len() > caps::PARKED)
    {
        return Err(fail(OAuthError::invalid_request(
            "the request is too large",
        )));
    }
    Ok((client, request))
}

/// What the user must still do before a code can be issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interaction {
    Login,
    /// Signed in with one factor, but the policy or the client's `acr_values` want two.
    SecondFactor,
    ChangePassword,
    /// "Act as …": the client asked (`prompt=select_account`, `act_as`), or the session acts
    /// for someone under an authority that does not cover this client.
    SelectAccount,
    Consent,
}

/// `parked_at` is when the request was parked, if it was: a sign-in after that moment
/// satisfies `prompt=login` and `max_age=0`. `second_factor_owed` is the caller's finding
/// (from the database) that the session still needs a second factor, `choice_owed` that the
/// user must still say whom they act for.
#[allow(clippy::too_many_arguments)]
pub fn next_interaction(
    request: &AuthorizationRequest,
    client: &Client,
    signed_in: Option<(&Session, &User)>,
    consented: Option<&ScopeSet>,
    parked_at: Option<i64>,
    second_factor_owed: bool,
    choice_owed: bool,
    now: i64,
) -> Option<Interaction> {
    let Some((session, user)) = signed_in else {
        return Some(Interaction::Login);
    };
    let signed_in_since_parked = parked_at.is_some_and(|t| session.auth_time >= t);
    if request.has_prompt("login") && !signed_in_since_parked {
        return Some(Interaction::Login);
    }
    if let Some(max_age) = request.max_age {
        let too_old = if max_age == 0 {
            !signed_in_since_parked
        } else {
            now - session.auth_time > max_age
        };
        if too_old {
            return Some(Interaction::Login);
        }
    }
    if second_factor_owed {
        return Some(Interaction::SecondFactor);
    }
    if user.must_change_password {
        return Some(Interaction::ChangePassword);
    }
    if choice_owed {
        return Some(Interaction::SelectAccount);
    }
    let covered = consented.is_some_and(|c| request.scopes().is_subset(c));
    if !client.first_party && (request.has_prompt("consent") || !covered) {
        return Some(Interaction::Consent);
    }
    None
}

/// The error a `prompt=none` request gets when an interaction would be needed.
pub fn silent_failure(interaction: Interaction) -> OAuthError {
    match interaction {
        Interaction::Login => {
            OAuthError::new(ErrorCode::LoginRequired, "the user is not signed in")
        }
        Interaction::Consent => {
            OAuthError::new(ErrorCode::ConsentRequired, "the user has not consented")
        }
        Interaction::SecondFactor => OAuthError::new(
            ErrorCode::InteractionRequired,
            "the user must pass a second factor",
        ),
        Interaction::ChangePassword => OAuthError::new(
            ErrorCode::InteractionRequired,
            "the user must change their password first",
        ),
        Interaction::SelectAccount => OAuthError::new(
            ErrorCode::AccountSelectionRequired,
            "the user must choose whom they act for",
        ),
    }
}

/// Issues a single-use authorization code and builds the success response. While `acting`,
/// the code is the granter's (its `sub`), with the holder as actor; the use is audited and
/// the granter told of the first one.
pub async fn issue_code(
    app: &App,
    request: &AuthorizationRequest,
    session: &Session,
    acting: Option<&crate::delegation::Acting>,
) -> Result<AuthorizationResponse, OAuthError> {
    let now = app.clock.now();
    if let Some(acting) = acting {
        crate::delegation::record_use(
            app,
            acting,
            &request.client_id,
            "signed in to the application",
            &session.ip,
        )
        .await?;
    }
    let code = random_token();
    app.store
        .insert_code(&AuthorizationCode {
            code_hash: hash_token(&code),
            client_id: request.client_id.clone(),
            user_id: acting.map_or_else(|| session.user_id.clone(), |a| a.subject.id.clone()),
            session_id: session.id.clone(),
            redirect_uri: request.redirect_uri.clone(),
            scope: request.scope.clone(),
            nonce: request.nonce.clone(),
            code_challenge: request.code_challenge.clone(),
            auth_time: session.auth_time,
            amr: session.amr.clone(),
            idp: session.idp.clone(),
            created_at: now,
            expires_at: now + app.settings.tokens.authorization_code_ttl_secs,
            grant_id: uuid::Uuid::new_v4().to_string(),
            acting: acting.map(crate::delegation::Acting::ids),
        })
        .await?;
    let mut params = vec![("code", code)];
    if let Some(state) = &request.state {
        params.push(("state", state.clone()));
    }
    params.push(("iss", app.settings.issuer.clone()));
    Ok(AuthorizationResponse {
        redirect_uri: request.redirect_uri.clone(),
        mode: request.response_mode,
        params,
    })
}

/// The human description of a scope on the consent page.
pub fn describe_scope(scope: Scope) -> Option<&'static str> {
    match scope.as_str() {
        "openid" => None,
        "profile" => Some("Your name"),
        "email" => Some("Your e-mail address"),
        "address" => Some("Your country and region"),
        "phone" => Some("Your phone number"),
        "privileges" => Some("Your privileges (roles)"),
        "offline_access" => Some("Stay signed in to the application when you are away"),
        _ => None,
    }
}

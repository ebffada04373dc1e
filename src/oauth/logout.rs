//! RP-Initiated Logout 1.0: checking an end-session request. A `post_logout_redirect_uri`
//! is honoured only when it is registered, exactly, for the client the request identifies
//! (by `id_token_hint` or `client_id`); otherwise the user sees the outcome on our page.

use serde::Deserialize;
use serde_json::Value;

use crate::App;
use crate::crypto::jwt::{self, Expectations, TYP_ID_TOKEN};
use crate::domain::Client;

#[derive(Debug, Default, Deserialize)]
pub struct EndSessionRequest {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub logout_hint: Option<String>,
    pub ui_locales: Option<String>,
}

pub struct EndSessionPlan {
    pub client: Option<Client>,
    /// Where to send the browser afterwards, with `state` appended.
    pub redirect: Option<String>,
    /// The session the hint's ID token was issued in: when it is the current one, the
    /// request plainly comes from the application the user signed in to.
    pub hinted_sid: Option<String>,
}

/// Validates the request; the error is a message for the user.
pub async fn plan(app: &App, request: &EndSessionRequest) -> Result<EndSessionPlan, String> {
    let mut client_id = request.client_id.clone().filter(|c| !c.is_empty());
    let mut hinted_sid = None;
    if let Some(hint) = request.id_token_hint.as_deref().filter(|h| !h.is_empty()) {
        // An expired ID token is still a fine hint (the user may have been away for hours).
        let expect = Expectations {
            issuer: &app.settings.issuer,
            typ: TYP_ID_TOKEN,
            check_expiry: false,
            now: app.clock.now(),
        };
        let claims: Value = jwt::verify(hint, &app.keys.keys(), &expect).map_err(|_| {
            "The sign-out request carries an ID token that Gatehouse did not issue.".to_string()
        })?;
        let aud = match &claims["aud"] {
            Value::String(a) => Some(a.clone()),
            Value::Array(list) => list.first().and_then(|a| a.as_str()).map(str::to_string),
            _ => None,
        };
        if let (Some(given), Some(aud)) = (&client_id, &aud)
            && given != aud
        {
            return Err("The sign-out request names two different applications.".into());
        }
        client_id = client_id.or(aud);
        hinted_sid = claims["sid"].as_str().map(str::to_string);
    }
    let client = match &client_id {
        Some(id) => Some(
            app.store
                .client_by_id(id)
                .await
                .map_err(|_| "The sign-out service is temporarily unavailable.".to_string())?
                .ok_or_else(|| {
                    "The application that sent you here is not registered.".to_string()
                })?,
        ),
        None => None,
    };
    let redirect = match request
        .post_logout_redirect_uri
        .as_deref()
        .filter(|u| !u.is_empty())
    {
        None => None,
        Some(uri) => {
            let Some(client) = &client else {
                return Err(
                    "The sign-out request does not say which application it comes from.".into(),
                );
            };
            if !client.has_post_logout_redirect_uri(uri) {
                return Err(
                    "The application asked to send you to an address it has not registered.".into(),
                );
            }
            let mut target = uri.to_string();
            if let Some(state) = &request.state {
                target.push(if uri.contains('?') { '&' } else { '?' });
                target
                    .push_str(&serde_urlencoded::to_string([("state", state)]).unwrap_or_default());
            }
            Some(target)
        }
    };
    Ok(EndSessionPlan {
        client,
        redirect,
        hinted_sid,
    })
}

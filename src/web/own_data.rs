//! "Your data" on the account pages: downloading it as JSON, and deleting the account.

use super::wording::Wording;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde::Serialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, SignedIn};
use super::pages::{MessagePage, appname, render};
use super::security::{password_is_stale, reauthenticate_if_stale};
use crate::App;
use crate::accounts::{AccountError, own_data};

/// `GET /account/data`: everything about the signed-in person, as a JSON file.
pub async fn download(State(app): State<App>, signed: SignedIn) -> Result<Response, WebError> {
    let data = own_data::export(&app, &signed.user).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(|e| WebError::Internal(e.to_string()))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"my-gatehouse-data.json\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Serialize)]
pub struct DeleteAccountPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    /// The session is too old to vouch for it: the password is asked for (or, without one,
    /// a fresh sign-in).
    pub ask_password: bool,
    pub has_password: bool,
    pub error: Option<String>,
}
crate::view!(DeleteAccountPage => "delete_account.html");

fn page(app: &App, signed: &SignedIn, csrf: String, error: Option<String>) -> DeleteAccountPage {
    DeleteAccountPage {
        appname: appname(),
        active: "account",
        csrf,
        ask_password: password_is_stale(app, signed),
        has_password: signed.user.password_hash.is_some(),
        error,
    }
}

pub async fn delete_page(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
) -> Result<Response, WebError> {
    let (jar, csrf) = csrf_token(&app, jar);
    Ok((jar, Html(render(&page(&app, &signed, csrf, None)))).into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    confirm: Option<String>,
}

pub async fn delete_submit(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, WebError> {
    let again = |jar: CookieJar, e: AccountError| {
        let (jar, csrf) = csrf_token(&app, jar);
        let html = render(&page(&app, &signed, csrf, Some(e.wording())));
        (jar, form_again(html, &e)).into_response()
    };
    if form.confirm.as_deref() != Some("yes") {
        return Ok(again(
            jar,
            AccountError::Invalid(crate::i18n::tr("error-tick-to-delete")),
        ));
    }
    if let Err(e) = reauthenticate_if_stale(&app, &signed, form.password.as_deref()).await {
        return Ok(again(jar, AccountError::Invalid(e.to_string())));
    }
    match own_data::delete_own(&app, &signed.user).await {
        Ok(()) => {
            let jar = cookies::clear_session(&app, jar);
            let page = MessagePage::new(
                &crate::i18n::tr("deleted-title"),
                &crate::i18n::tr("deleted-message"),
            );
            Ok((jar, Html(render(&page))).into_response())
        }
        Err(e) => Ok(again(jar, e)),
    }
}

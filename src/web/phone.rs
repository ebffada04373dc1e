//! Phone sign-in pages (`phone.sign_in`): `/login/phone` takes the number and sends a code,
//! `/login/phone/code` takes the code, `/login/phone/resend` sends a new one after the
//! cooldown. The answer to "send a code" is the same whether or not the number has an
//! account; who it is is decided only once the code proves the person holds the phone.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery};
use super::pages::{PhonePage, appname, render};
use super::session::{Resumable, sign_in_with, with_req};
use crate::App;
use crate::auth::phone::{self, CodeFor, PhoneError, Purpose};
use crate::auth::phone_sign_in::{self, PhoneAccount};
use crate::domain::{FirstStep, PhoneNumber};
use crate::store::PhoneCode;

fn switched_off() -> WebError {
    WebError::page_with_link(
        StatusCode::NOT_FOUND,
        "Phone sign-in is not available",
        "Signing in with a phone number is not switched on here. Choose another way to sign in.",
        "/login",
        "Back to sign-in",
    )
}

fn enabled(app: &App) -> Result<(), WebError> {
    if app.settings.phone.sign_in {
        Ok(())
    } else {
        Err(switched_off())
    }
}

/// The relying party's name for a parked request that still exists (the request itself is
/// checked again when the sign-in resumes).
async fn client_name(app: &App, req: Option<&str>) -> Option<String> {
    Resumable::load(app, req).await.client_name
}

#[derive(Deserialize)]
pub struct NumberQuery {
    req: Option<String>,
}

/// `GET /login/phone`: the number form.
pub async fn number_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<NumberQuery>,
) -> Result<Response, WebError> {
    enabled(&app)?;
    let req = q.req.filter(|r| !r.is_empty());
    let (jar, csrf) = csrf_token(&app, jar);
    let page = PhonePage {
        appname: appname(),
        csrf,
        client_name: client_name(&app, req.as_deref()).await,
        req,
        code_sent: false,
        number: String::new(),
        resend_in: 0,
        error: None,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct NumberForm {
    req: Option<String>,
    #[serde(default)]
    phone: String,
}

/// `POST /login/phone`: a code to the number, then the code page.
pub async fn number_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<NumberForm>,
) -> Result<Response, WebError> {
    enabled(&app)?;
    let req = form.req.filter(|r| !r.is_empty());
    let sent = match phone::parse_number(&app, &form.phone) {
        Ok(number) => {
            let what = CodeFor {
                purpose: Purpose::SignIn,
                user_id: None,
                request_id: req.as_deref(),
            };
            phone::send_code(&app, &number, &what, &origin).await
        }
        Err(e) => Err(e),
    };
    match sent {
        Ok(sent) => {
            let jar = cookies::set_phone_code(&app, jar, sent.token);
            // The request id rides along so the code page's policy lets its form lead on to
            // the client (CSP form-action, csp.rs); the code's own row is what counts.
            let next = with_req("/login/phone/code", req.as_deref());
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let page = PhonePage {
                appname: appname(),
                csrf,
                client_name: client_name(&app, req.as_deref()).await,
                req,
                code_sent: false,
                number: form.phone,
                resend_in: 0,
                error: Some(e.wording()),
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

fn code_expired(req: Option<&str>) -> WebError {
    WebError::page_with_link(
        StatusCode::BAD_REQUEST,
        "Code expired",
        "This code has expired or was already used. Ask for a new one.",
        &with_req("/login/phone", req),
        "Send a new code",
    )
}

/// The browser's live sign-in code and its cookie's token.
async fn pending(app: &App, jar: &CookieJar) -> Result<(String, PhoneCode), WebError> {
    let token = cookies::phone_code(app, jar).ok_or_else(|| code_expired(None))?;
    let row = phone::pending(app, &token, Purpose::SignIn)
        .await?
        .ok_or_else(|| code_expired(None))?;
    Ok((token, row))
}

async fn code_page(
    app: &App,
    jar: CookieJar,
    row: &PhoneCode,
    error: Option<&PhoneError>,
) -> Result<Response, WebError> {
    let resend_in =
        (row.created_at + app.settings.phone.resend_interval_secs - app.clock.now()).max(0);
    let (jar, csrf) = csrf_token(app, jar);
    let page = PhonePage {
        appname: appname(),
        csrf,
        client_name: client_name(app, row.request_id.as_deref()).await,
        req: row.request_id.clone(),
        code_sent: true,
        number: PhoneNumber::from_stored(&row.phone).masked(),
        resend_in,
        error: error.map(ToString::to_string),
    };
    let html = render(&page);
    Ok(match error {
        Some(e) => (jar, form_again(html, e)).into_response(),
        None => (jar, Html(html)).into_response(),
    })
}

/// `GET /login/phone/code`: the code form.
pub async fn code_get(State(app): State<App>, jar: CookieJar) -> Result<Response, WebError> {
    enabled(&app)?;
    let (_, row) = pending(&app, &jar).await?;
    if row.consumed_at.is_some() {
        return Err(code_expired(row.request_id.as_deref()));
    }
    code_page(&app, jar, &row, None).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /login/phone/code`: the code; when it matches, the number's account signs in (or is
/// made, when registration is open) and the sign-in goes on as any other.
pub async fn code_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    enabled(&app)?;
    let (token, row) = pending(&app, &jar).await?;
    let confirmed =
        match phone::check_code(&app, &token, Purpose::SignIn, &form.code, &origin).await {
            Ok(confirmed) => confirmed,
            Err(e) => return code_page(&app, jar, &row, Some(&e)).await,
        };
    let jar = cookies::clear_phone_code(&app, jar);
    let number = PhoneNumber::from_stored(&confirmed.phone);
    let back = with_req("/login", confirmed.request_id.as_deref());
    match phone_sign_in::resolve(&app, &number, &origin).await? {
        PhoneAccount::SignIn { user, .. } => {
            let resume = Resumable::load(&app, confirmed.request_id.as_deref()).await;
            sign_in_with(&app, jar, &user, &FirstStep::phone(), &resume, &origin).await
        }
        PhoneAccount::NoAccount => Err(WebError::page_with_link(
            StatusCode::FORBIDDEN,
            "No account",
            "There is no account here for this number, and new accounts cannot be created. Sign in another way, or ask an administrator for an invitation.",
            &back,
            "Back to sign-in",
        )),
        PhoneAccount::Refused(message) => Err(WebError::page_with_link(
            StatusCode::FORBIDDEN,
            "Cannot sign in",
            message,
            &back,
            "Back to sign-in",
        )),
    }
}

#[derive(Deserialize)]
pub struct ResendForm {}

/// `POST /login/phone/resend`: a new code to the same number, once the cooldown has passed.
pub async fn resend(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(ResendForm {}): CsrfForm<ResendForm>,
) -> Result<Response, WebError> {
    enabled(&app)?;
    let (old_token, row) = pending(&app, &jar).await?;
    let number = PhoneNumber::from_stored(&row.phone);
    let what = CodeFor {
        purpose: Purpose::SignIn,
        user_id: None,
        request_id: row.request_id.as_deref(),
    };
    match phone::send_code(&app, &number, &what, &origin).await {
        Ok(sent) => {
            // The new code replaces the old one.
            app.store
                .delete_phone_code(&crate::crypto::token::hash_token(&old_token))
                .await?;
            let jar = cookies::set_phone_code(&app, jar, sent.token);
            let next = with_req("/login/phone/code", row.request_id.as_deref());
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(e) => code_page(&app, jar, &row, Some(&e)).await,
    }
}

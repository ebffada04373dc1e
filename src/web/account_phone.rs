//! `/account/phone`: a signed-in user's mobile number (`accounts::phone_change`). The code
//! owed for a new number is named by the browser's phone cookie, like a sign-in code.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::account::first_step_links;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery, SignedIn};
use super::pages::{AccountPhonePage, appname, render};
use crate::App;
use crate::accounts::email_change::OwnerProof;
use crate::accounts::phone_change;
use crate::auth::federated::ReturnTo;
use crate::auth::phone::{self, PhoneError, Purpose};
use crate::domain::{PhoneNumber, User};
use crate::store::Session;

async fn page(
    app: &App,
    jar: CookieJar,
    session: &Session,
    user: &User,
    error: Option<&PhoneError>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let (jar, csrf) = csrf_token(app, jar);
    let pending = match cookies::phone_code(app, &jar) {
        Some(token) => phone::pending(app, &token, Purpose::AddPhone)
            .await?
            .filter(|row| {
                row.user_id.as_deref() == Some(user.id.as_str()) && row.consumed_at.is_none()
            })
            .map(|row| PhoneNumber::from_stored(&row.phone).masked()),
        None => None,
    };
    let page = AccountPhonePage {
        appname: appname(),
        active: "phone",
        reauth_links: first_step_links(app, session, user, &csrf, ReturnTo::Phone).await?,
        csrf,
        current: user.phone.as_ref().map(ToString::to_string),
        verified: user.phone_verified,
        pending,
        error: error.map(ToString::to_string),
        notice,
        has_password: user.password_hash.is_some(),
    };
    let html = render(&page);
    Ok(match error {
        Some(e) => (jar, form_again(html, e)).into_response(),
        None => (jar, Html(html)).into_response(),
    })
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    sent: Option<String>,
    saved: Option<String>,
    removed: Option<String>,
}

pub async fn phone_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let notice = if q.saved.is_some() {
        Some(crate::i18n::tr("notice-phone-saved"))
    } else if q.removed.is_some() {
        Some(crate::i18n::tr("notice-phone-removed"))
    } else {
        q.sent.map(|_| crate::i18n::tr("notice-phone-code-sent"))
    };
    page(&app, jar, &session, &user, None, notice).await
}

fn proof<'a>(user: &User, session: &'a Session, password: &'a str) -> OwnerProof<'a> {
    match user.password_hash {
        Some(_) => OwnerProof::Password(password),
        None => OwnerProof::RecentSignIn(session),
    }
}

#[derive(Deserialize)]
pub struct NumberForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    current_password: String,
}

/// `POST /account/phone`: a code to the new number.
pub async fn phone_post(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<NumberForm>,
) -> Result<Response, WebError> {
    let proof = proof(&user, &session, &form.current_password);
    match phone_change::request(&app, &user, &form.phone, proof, &origin).await {
        Ok(sent) => {
            let jar = cookies::set_phone_code(&app, jar, sent.token);
            Ok((jar, Redirect::to("/account/phone?sent=1")).into_response())
        }
        Err(e) => page(&app, jar, &session, &user, Some(&e), None).await,
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/phone/confirm`: the code; the number is saved.
pub async fn phone_confirm(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let Some(token) = cookies::phone_code(&app, &jar) else {
        return page(
            &app,
            jar,
            &session,
            &user,
            Some(&PhoneError::WrongCode),
            None,
        )
        .await;
    };
    match phone_change::confirm(&app, &user, &token, &form.code, &origin).await {
        Ok(_) => {
            let jar = cookies::clear_phone_code(&app, jar);
            Ok((jar, Redirect::to("/account/phone?saved=1")).into_response())
        }
        Err(e) => page(&app, jar, &session, &user, Some(&e), None).await,
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    current_password: String,
}

/// `POST /account/phone/remove`.
pub async fn phone_remove(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> Result<Response, WebError> {
    let proof = proof(&user, &session, &form.current_password);
    match phone_change::remove(&app, &user, proof, &origin).await {
        Ok(()) => Ok(Redirect::to("/account/phone?removed=1").into_response()),
        Err(e) => page(&app, jar, &session, &user, Some(&e), None).await,
    }
}

//! The signed-in user's own pages: the account overview, changing the password (also the
//! bootstrap admin's forced first change), and signing out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, check_csrf, csrf_token};
use super::extract::{Origin, PageForm, PageQuery, with_req};
use super::oidc::current_session;
use super::pages::{AccountPage, MessagePage, PasswordPage, appname, render};
use crate::App;
use crate::auth::{AuthError, password, sessions};

pub async fn home() -> Redirect {
    Redirect::to("/account")
}

#[derive(Deserialize)]
pub struct AccountQuery {
    changed: Option<String>,
}

pub async fn account_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<AccountQuery>,
) -> Result<Response, WebError> {
    let Some((_, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    if user.must_change_password {
        return Ok(Redirect::to("/account/password").into_response());
    }
    let (jar, csrf) = csrf_token(&app, jar);
    let page = AccountPage {
        appname: appname(),
        csrf,
        name: user.display_name(),
        email: user.email.to_string(),
        privileges: user.privileges.clone(),
        notice: q
            .changed
            .map(|_| "Your password has been changed.".to_string()),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct PasswordQuery {
    req: Option<String>,
}

pub async fn password_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<PasswordQuery>,
) -> Result<Response, WebError> {
    let Some((_, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = PasswordPage {
        appname: appname(),
        csrf,
        req: q.req,
        forced: user.must_change_password,
        error: None,
        min_length: app.settings.passwords.min_length,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    req: Option<String>,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &form.csrf)?;
    let Some((_, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let req = form.req.filter(|r| !r.is_empty());
    let outcome = if form.new != form.confirm {
        Err(AuthError::PasswordRejected(
            "The two new passwords differ.".into(),
        ))
    } else {
        password::change_password(&app, &user, &form.current, &form.new, &origin).await
    };
    match outcome {
        Ok(()) => {
            let target = match &req {
                Some(_) => with_req("/authorize/resume", req.as_deref()),
                None => "/account?changed=1".into(),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(e @ (AuthError::PasswordRejected(_) | AuthError::RateLimited { .. })) => {
            let status = if matches!(e, AuthError::RateLimited { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let (jar, csrf) = csrf_token(&app, jar);
            let page = PasswordPage {
                appname: appname(),
                csrf,
                req,
                forced: user.must_change_password,
                error: Some(e.to_string()),
                min_length: app.settings.passwords.min_length,
            };
            Ok((status, jar, Html(render(&page))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    PageForm(form): PageForm<LogoutForm>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &form.csrf)?;
    if let Some((session, _)) = current_session(&app, &jar).await? {
        sessions::end(&app, &session, &origin).await?;
    }
    let jar = cookies::clear_session(&app, jar);
    let page = MessagePage::new("You are signed out", "You can close this window.");
    Ok((jar, Html(render(&page))).into_response())
}

//! The browser's session, and the tail every way of signing in shares: once a first factor
//! is accepted, either the second step is owed (a challenge cookie) or a session begins, and
//! the browser goes on to the parked authorization request, a forced password change, or the
//! account page. Password sign-in uses it today; upstream providers and phone codes reuse it.

use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::WebError;
use super::cookies;
use crate::App;
use crate::auth::mfa::{self, SecondStep};
use crate::auth::{RequestOrigin, sessions};
use crate::domain::{FirstStep, User};
use crate::store::Session;

/// `path?req=<id>` with the id form-encoded, or `path` alone.
pub fn with_req(path: &str, req: Option<&str>) -> String {
    match req {
        Some(id) => format!(
            "{path}?req={}",
            url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        ),
        None => path.to_string(),
    }
}

/// The signed-in session and user, if the browser has a live one.
pub async fn current_session(
    app: &App,
    jar: &CookieJar,
) -> Result<Option<(Session, User)>, WebError> {
    match cookies::session_token(app, jar) {
        Some(token) => Ok(sessions::resolve(app, &token).await?),
        None => Ok(None),
    }
}

/// Where a completed sign-in goes: a forced password change first, then the parked request,
/// else the account page.
pub fn next_after_sign_in(user: &User, req: Option<&str>) -> String {
    if user.must_change_password {
        with_req("/account/password", req)
    } else {
        match req {
            Some(_) => with_req("/authorize/resume", req),
            None => "/account".into(),
        }
    }
}

/// Starts a session for `user` in this browser. A new sign-in replaces whatever session the
/// browser had (no session fixation); re-authenticating as the same user keeps the grants made
/// through the old session, signing in as someone else ends them.
pub async fn begin_session(
    app: &App,
    jar: CookieJar,
    user: &User,
    amr: Vec<String>,
    idp: Option<String>,
    origin: &RequestOrigin,
) -> Result<CookieJar, WebError> {
    if let Some((old, previous_user)) = current_session(app, &jar).await? {
        if previous_user.id == user.id {
            app.store.delete_session(&old.id).await?;
        } else {
            sessions::end(app, &old, origin).await?;
        }
    }
    let (_, token) = sessions::start(app, user, amr, idp, origin).await?;
    let jar = cookies::set_session(app, jar, token);
    super::federated::complete_link_offer(app, jar, user, origin).await
}

/// After `user` passed `first`: the second step when one is owed (their authenticator, or
/// setting one up because the policy or the relying party, `wants_mfa`, asks for it), else
/// a session; then on to wherever the sign-in was going.
pub async fn after_first_factor(
    app: &App,
    jar: CookieJar,
    user: &User,
    first: &FirstStep,
    wants_mfa: bool,
    req: Option<&str>,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    // An upstream trusted for MFA that says it checked a second factor has done the step.
    let step = if first.upstream_mfa {
        SecondStep::None
    } else {
        mfa::second_step(app, user, first.factor, wants_mfa).await?
    };
    match step {
        SecondStep::None => {
            let jar = begin_session(app, jar, user, first.amr(), first.idp.clone(), origin).await?;
            let target = next_after_sign_in(user, req);
            Ok((jar, Redirect::to(&target)).into_response())
        }
        // No session yet: the first factor only earns the chance to give a second.
        SecondStep::Verify | SecondStep::Enroll => {
            let token = mfa::open_challenge(app, user, mfa::Opens::SignIn(first)).await?;
            let jar = cookies::set_challenge(app, jar, token);
            let target = with_req("/login/two-factor", req);
            Ok((jar, Redirect::to(&target)).into_response())
        }
    }
}

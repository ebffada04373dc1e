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
use axum::http::StatusCode;

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
pub fn next_after_sign_in(user: &User, req: Option<&str>, return_to: Option<String>) -> String {
    if user.must_change_password {
        with_req("/account/password", req)
    } else {
        match req {
            Some(_) => with_req("/authorize/resume", req),
            None => return_to.unwrap_or_else(|| "/account".into()),
        }
    }
}

/// Starts a session for `user` in this browser. A new sign-in replaces whatever session the
/// browser had (no session fixation); re-authenticating as the same user keeps the grants made
/// through the old session, signing in as someone else ends them. The `sign_in` audit record
/// (`how`: the methods used) is written with the session.
pub async fn begin_session(
    app: &App,
    jar: CookieJar,
    user: &User,
    amr: Vec<String>,
    idp: Option<String>,
    how: &str,
    origin: &RequestOrigin,
) -> Result<CookieJar, WebError> {
    if let Some((old, previous_user)) = current_session(app, &jar).await? {
        if previous_user.id == user.id {
            app.store.delete_session(&old.id).await?;
        } else {
            sessions::end(app, &old, origin).await?;
        }
    }
    let (_, token) = sessions::start(app, user, amr, idp, how, origin).await?;
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
            // `sign_in` is written when the session begins, so the dashboard counts a
            // two-step sign-in once, under both steps (`web::second_factor`).
            let return_to = cookies::return_to(app, &jar);
            let (amr, idp, how) = (first.amr(), first.idp.clone(), first.method());
            let jar = begin_session(app, jar, user, amr, idp, &how, origin).await?;
            let jar = cookies::clear_return_to(app, jar);
            let target = next_after_sign_in(user, req, return_to);
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

/// The parked authorization request a first factor finished outside the sign-in form
/// (a provider's callback, an SMS code) resumes. It may have expired during the round trip:
/// then the sign-in still happens and the person lands on their account page.
pub struct Resumable {
    pub req: Option<String>,
    /// The relying party asked for a second factor (`acr_values`).
    pub wants_mfa: bool,
    pub client_name: Option<String>,
}

impl Resumable {
    pub async fn load(app: &App, req: Option<&str>) -> Self {
        let parked = match req {
            Some(id) => super::oidc::load_parked(app, id).await.ok(),
            None => None,
        };
        Self {
            req: parked.as_ref().map(|(_, _, p)| p.id.clone()),
            wants_mfa: parked.as_ref().is_some_and(|(_, r, _)| r.wants_mfa()),
            client_name: parked.map(|(c, _, _)| c.name),
        }
    }
}

/// The tail of a sign-in by a provider or a phone code once its user is known: refused while
/// signing in is paused (`sessions.limit = 0`), then [`after_first_factor`].
pub async fn sign_in_with(
    app: &App,
    jar: CookieJar,
    user: &User,
    first: &FirstStep,
    resume: &Resumable,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    if app.settings.sessions.limit == 0 {
        return Err(WebError::page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Signing in is paused",
            "Signing in is switched off for maintenance. Please try again later.",
        ));
    }
    after_first_factor(
        app,
        jar,
        user,
        first,
        resume.wants_mfa,
        resume.req.as_deref(),
        origin,
    )
    .await
}

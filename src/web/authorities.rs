//! Authorities on the web: the account's Authorities page (give, revoke, act as, stop), and
//! the "Act as …" chooser an authorization shows before consent.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde::Serialize;

use super::WebError;
use super::cookies::csrf_token;
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery, SignedIn};
use super::oidc::{Pending, load_parked, proceed};
use super::pages::{appname, render, when};
use super::session::{current_session, with_req};
use crate::App;
use crate::accounts::AccountError;
use crate::accounts::authorities::{self, GrantInput};
use crate::delegation;
use crate::domain::{Authority, User};

/// One authority as a row of the page.
#[derive(serde::Serialize)]
pub struct AuthorityView {
    pub id: String,
    /// The other side: the holder on "given", the granter on "received".
    pub other: String,
    pub clients: String,
    pub privileges: String,
    pub dates: String,
    pub status: &'static str,
    pub usable: bool,
    pub acting: bool,
}

#[derive(Serialize)]
pub struct AuthoritiesPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub given: Vec<AuthorityView>,
    pub received: Vec<AuthorityView>,
    /// The applications the user may limit an authority to: those they use.
    pub clients: Vec<(String, String)>,
    pub privileges: Vec<String>,
    pub acting_for: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
}
crate::view!(AuthoritiesPage => "authorities.html");

fn date_range(a: &Authority) -> String {
    let day = |t: i64| when(t).chars().take(10).collect::<String>();
    match (a.valid_from, a.valid_until) {
        (None, None) => crate::i18n::tr("authorities-no-end"),
        (Some(f), None) => crate::i18n::current().t1("authorities-range-from", "start", &day(f)),
        (None, Some(u)) => crate::i18n::current().t1("authorities-range-until", "end", &day(u)),
        (Some(f), Some(u)) => {
            crate::i18n::current().t2("authorities-range", "start", &day(f), "end", &day(u))
        }
    }
}

async fn view(
    app: &App,
    a: &Authority,
    other_id: &str,
    acting_id: Option<&str>,
    user: &User,
) -> Result<AuthorityView, WebError> {
    let other = app.store.user_by_id(other_id).await?.map_or_else(
        || crate::i18n::tr("authorities-deleted-account"),
        |u| u.display_name(),
    );
    let mut names = Vec::new();
    for id in &a.client_ids {
        names.push(
            app.store
                .client_by_id(id)
                .await?
                .map_or_else(|| id.clone(), |c| c.name),
        );
    }
    let usable = a.holder_id == user.id
        && delegation::usable(app, &a.id, &user.id, None)
            .await?
            .is_some();
    Ok(AuthorityView {
        id: a.id.clone(),
        other,
        clients: if names.is_empty() {
            crate::i18n::tr("authorities-every-application")
        } else {
            names.join(", ")
        },
        privileges: a.privileges.as_ref().map_or_else(
            || crate::i18n::tr("authorities-all-privileges"),
            |p| p.join(", "),
        ),
        dates: date_range(a),
        status: a.status(app.clock.now()),
        usable,
        acting: acting_id == Some(a.id.as_str()),
    })
}

async fn page(
    app: &App,
    jar: CookieJar,
    session: &crate::store::Session,
    user: &User,
    error: Option<String>,
    notice: Option<String>,
) -> Result<(CookieJar, AuthoritiesPage), WebError> {
    let acting_id = app.store.session_acting(&session.id).await?;
    let (mut given, mut received) = (Vec::new(), Vec::new());
    for a in app
        .store
        .authorities_of_user(&user.id, delegation::MAX_GIVEN * 2)
        .await?
    {
        if a.granter_id == user.id {
            given.push(view(app, &a, &a.holder_id, acting_id.as_deref(), user).await?);
        } else {
            received.push(view(app, &a, &a.granter_id, acting_id.as_deref(), user).await?);
        }
    }
    let acting_for = match &acting_id {
        Some(id) => delegation::usable(app, id, &user.id, None)
            .await?
            .map(|a| a.subject.display_name()),
        None => None,
    };
    // The applications they use: those they consented to, and the first-party ones (which
    // ask no consent). Other clients' names are not shown to people.
    let mut clients: Vec<(String, String)> = app
        .store
        .consents_of_user(&user.id)
        .await?
        .into_iter()
        .map(|(id, name, _, _)| (id, name))
        .collect();
    for c in app.store.list_clients().await? {
        if c.first_party
            && c.allows_grant(crate::domain::GrantType::AuthorizationCode)
            && !clients.iter().any(|(id, _)| *id == c.id)
        {
            clients.push((c.id, c.name));
        }
    }
    clients.sort_by(|a, b| a.1.cmp(&b.1));
    let (jar, csrf) = csrf_token(app, jar);
    Ok((
        jar,
        AuthoritiesPage {
            appname: appname(),
            active: "authorities",
            csrf,
            given,
            received,
            clients,
            privileges: user.privileges.clone(),
            acting_for,
            error,
            notice,
        },
    ))
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    done: Option<String>,
}

pub async fn page_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let notice = q.done.as_deref().and_then(|d| match d {
        "granted" => Some("notice-authority-granted"),
        "revoked" => Some("notice-authority-revoked"),
        "acting" => Some("notice-authority-acting"),
        "stopped" => Some("notice-authority-stopped"),
        _ => None,
    });
    let (jar, page) = page(
        &app,
        jar,
        &session,
        &user,
        None,
        notice.map(crate::i18n::tr),
    )
    .await?;
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    holder: String,
    /// One checkbox per application; none ticked means every application.
    #[serde(default, rename = "client")]
    clients: Vec<String>,
    /// `all` or `only` (then the ticked `privilege` boxes).
    #[serde(default)]
    privileges_mode: String,
    #[serde(default, rename = "privilege")]
    privileges: Vec<String>,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_until: String,
}

/// A `YYYY-MM-DD` date as the start of that day (UTC); `end` gives the start of the next
/// day, so that "until 31 March" includes 31 March.
fn day_start(raw: &str, end: bool) -> Result<Option<i64>, AccountError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(raw, &format).map_err(|_| {
        AccountError::Invalid(crate::i18n::current().t1("err-not-a-date", "value", raw))
    })?;
    let start = date.midnight().assume_utc().unix_timestamp();
    Ok(Some(if end { start + 86_400 } else { start }))
}

pub async fn grant_submit(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<GrantForm>,
) -> Result<Response, WebError> {
    let result = async {
        let input = GrantInput {
            holder: form.holder.clone(),
            client_ids: form.clients.clone(),
            privileges: (form.privileges_mode == "only").then(|| form.privileges.clone()),
            valid_from: day_start(&form.valid_from, false)?,
            valid_until: day_start(&form.valid_until, true)?,
        };
        authorities::grant(&app, &user, input, &origin).await
    }
    .await;
    answer(&app, jar, &session, &user, result, "granted").await
}

/// After a button of the page: back to it with `done` told, or the page again with why not.
async fn answer<T>(
    app: &App,
    jar: CookieJar,
    session: &crate::store::Session,
    user: &User,
    result: Result<T, AccountError>,
    done: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/account/authorities?done={done}")).into_response()),
        Err(e) => {
            let (jar, page) = page(app, jar, session, user, Some(e.wording()), None).await?;
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct IdForm {
    #[serde(default)]
    id: String,
}

pub async fn revoke_submit(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<IdForm>,
) -> Result<Response, WebError> {
    let result = authorities::revoke(&app, &user, &form.id, &origin).await;
    answer(&app, jar, &session, &user, result, "revoked").await
}

pub async fn act_submit(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<IdForm>,
) -> Result<Response, WebError> {
    let result = authorities::start_acting(&app, &session.id, &user, &form.id, &origin).await;
    answer(&app, jar, &session, &user, result, "acting").await
}

pub async fn stop_submit(
    State(app): State<App>,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(_): CsrfForm<IdForm>,
) -> Result<Response, WebError> {
    authorities::stop_acting(&app, &session.id, &user, &origin).await?;
    Ok(Redirect::to("/account/authorities?done=stopped").into_response())
}

// ---- the "Act as …" chooser of an authorization ------------------------------------------

/// One way to answer the chooser.
#[derive(serde::Serialize)]
pub struct ChoiceView {
    /// `self`, or an authority id.
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Serialize)]
pub struct ActAsPage {
    pub appname: String,
    pub csrf: String,
    pub req: String,
    pub client_name: String,
    pub user_name: String,
    pub choices: Vec<ChoiceView>,
    pub notice: Option<String>,
    pub lang: crate::i18n::Lang,
}
crate::view!(ActAsPage => "act_as.html");

#[derive(Deserialize)]
pub struct ReqQuery {
    req: Option<String>,
}

pub async fn act_as_page(
    State(app): State<App>,
    jar: CookieJar,
    page_lang: super::lang::PageLang,
    PageQuery(q): PageQuery<ReqQuery>,
) -> Result<Response, WebError> {
    let id = q.req.unwrap_or_default();
    let (client, request, _) = load_parked(&app, &id).await?;
    let Some((_, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to(&with_req("/login", Some(&id))).into_response());
    };
    let usable = delegation::usable_by(&app, &user, Some(&client.id)).await?;
    let lang = page_lang.resolve(request.ui_locales.as_deref(), Some(&user.details.language));
    let mut choices = vec![ChoiceView {
        value: "self".into(),
        label: lang.t1("act-as-myself", "name", &user.display_name()),
        checked: true,
    }];
    let mut notice = None;
    let wanted = request.act_as.as_deref();
    for acting in &usable {
        if wanted.is_some_and(|w| w != acting.subject.id) {
            continue;
        }
        choices.push(ChoiceView {
            value: acting.authority.id.clone(),
            label: format!(
                "{} ({})",
                acting.subject.display_name(),
                acting.subject.label()
            ),
            checked: false,
        });
    }
    if wanted.is_some() {
        if choices.len() > 1 {
            // The one the application asked for is preselected; the user still confirms.
            choices[0].checked = false;
            choices[1].checked = true;
        } else {
            notice = Some(lang.t1("act-as-none", "client", &client.name));
        }
    }
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ActAsPage {
        lang,
        appname: appname(),
        csrf,
        req: id,
        client_name: client.name,
        user_name: user.display_name(),
        choices,
        notice,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct ActAsForm {
    #[serde(default)]
    req: String,
    #[serde(default)]
    choice: String,
}

pub async fn act_as_submit(
    State(app): State<App>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<ActAsForm>,
) -> Result<Response, WebError> {
    let (client, mut request, parked) = load_parked(&app, &form.req).await?;
    let Some((_, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to(&with_req("/login", Some(&form.req))).into_response());
    };
    request.acting = match form.choice.as_str() {
        "self" => None,
        id => {
            // Only an authority this user holds now, for this client, is accepted: someone
            // else's id, a revoked or expired one, or one for another client is refused.
            let acting = delegation::usable(&app, id, &user.id, Some(&client.id))
                .await?
                .filter(|a| request.act_as.as_deref().is_none_or(|w| w == a.subject.id));
            match acting {
                Some(acting) => Some(acting.authority.id),
                None => {
                    return Err(WebError::page(
                        StatusCode::FORBIDDEN,
                        "You cannot act for this person",
                        "You hold no authority for them that can be used with this application now.",
                    ));
                }
            }
        }
    };
    request.account_chosen = true;
    let params = request
        .parked_json()
        .ok_or_else(|| WebError::Internal("parked request does not serialize".into()))?;
    if !app
        .store
        .update_authorization_request(&parked.id, &params)
        .await?
    {
        return Err(WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in expired",
            "This sign-in has expired or was already completed. Go back to the application and start again.",
        ));
    }
    proceed(&app, jar, &client, request, Pending::Parked(parked)).await
}

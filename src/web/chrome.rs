//! What every page's frame shows besides the page itself (who is signed in, the language),
//! gathered while the request runs and read by the templates, so no page struct has to carry
//! it: a task-local scoped around each request by [`layer`], which settles the language from
//! the request (see `web::lang`), refined by the `SignedIn` extractor with the profile's. The
//! language itself is `i18n`'s current one, so code outside the web layer (a validation's
//! message, an e-mail) speaks it too.

use std::cell::RefCell;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::lang::PageLang;
use crate::App;
use crate::i18n;
use crate::views::Views;

#[derive(Debug, Clone)]
struct Chrome {
    who: Option<String>,
    /// The signed-in person's time zone and date format (profile), for every time shown.
    clock: (String, String),
    asked: PageLang,
    /// The application's templates (its theme's overrides included).
    views: Arc<Views>,
}

tokio::task_local! {
    static CHROME: RefCell<Chrome>;
}

/// Scopes a fresh frame around the request, its language settled from the request alone.
pub async fn layer(State(app): State<App>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let asked = match PageLang::from_request_parts(&mut parts, &app).await {
        Ok(asked) => asked,
        Err(never) => match never {},
    };
    let lang = asked.resolve(None, None);
    let frame = Chrome {
        who: None,
        clock: Default::default(),
        asked,
        views: app.settings.loaded_theme.views.clone(),
    };
    let page = CHROME.scope(
        RefCell::new(frame),
        next.run(Request::from_parts(parts, body)),
    );
    i18n::scope(lang, page).await
}

/// The signed-in person's profile language, below the switcher but above the browser.
pub fn set_profile_language(tag: &str) {
    if let Ok(lang) = CHROME.try_with(|c| c.borrow().asked.resolve(None, Some(tag))) {
        i18n::set_current(lang);
    }
}

/// The signed-in person's time zone and date format, which every time on the page follows.
pub fn set_clock(timezone: &str, date_format: &str) {
    let _ = CHROME.try_with(|c| c.borrow_mut().clock = (timezone.into(), date_format.into()));
}

/// The time zone and date format times on this page are shown in (empty: UTC, ISO dates).
pub fn clock() -> (String, String) {
    CHROME
        .try_with(|c| c.borrow().clock.clone())
        .unwrap_or_default()
}

/// The signed-in person, as the header names them.
pub fn set_who(label: String) {
    let _ = CHROME.try_with(|c| c.borrow_mut().who = Some(label));
}

/// Who is signed in on this request's page, if the page knows.
pub fn who() -> Option<String> {
    CHROME.try_with(|c| c.borrow().who.clone()).ok().flatten()
}

/// The templates to render this request's page with: the application's, or outside a
/// request (an error far from the router) the built-in ones.
pub fn views() -> Arc<Views> {
    CHROME
        .try_with(|c| c.borrow().views.clone())
        .unwrap_or_else(|_| Views::embedded())
}

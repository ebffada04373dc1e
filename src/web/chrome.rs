//! What every page's frame shows besides the page itself (who is signed in, the language),
//! gathered while the request runs and read by the templates, so no page struct has to carry
//! it: a task-local scoped around each request by [`layer`], which settles the language from
//! the request (see `web::lang`), refined by the `SignedIn` extractor with the profile's.

use std::cell::RefCell;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::lang::PageLang;
use crate::App;
use crate::i18n::Lang;
use crate::views::Views;

#[derive(Debug, Clone)]
struct Chrome {
    who: Option<String>,
    asked: PageLang,
    lang: Lang,
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
    let frame = Chrome {
        who: None,
        lang: asked.resolve(None, None),
        asked,
        views: app.settings.loaded_theme.views.clone(),
    };
    CHROME
        .scope(
            RefCell::new(frame),
            next.run(Request::from_parts(parts, body)),
        )
        .await
}

/// The signed-in person's profile language, below the switcher but above the browser.
pub fn set_profile_language(tag: &str) {
    let _ = CHROME.try_with(|c| {
        let mut c = c.borrow_mut();
        c.lang = c.asked.resolve(None, Some(tag));
    });
}

/// The page's language.
pub fn lang() -> Lang {
    CHROME.try_with(|c| c.borrow().lang).unwrap_or_default()
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

/// The message `id` in the page's language (for words the handlers choose: notices, titles).
pub fn tr(id: &str) -> String {
    lang().t(id)
}

/// `work` with this request's frame, for a task spawned from it: a message composed there
/// (a reset link sent after the reply, so timing tells nothing) is still in the page's
/// language.
pub fn carried<F: std::future::Future>(work: F) -> impl std::future::Future<Output = F::Output> {
    let frame = CHROME.try_with(|c| c.borrow().clone()).ok();
    async move {
        match frame {
            Some(frame) => CHROME.scope(RefCell::new(frame), work).await,
            None => work.await,
        }
    }
}

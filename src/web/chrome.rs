//! What every page's frame shows besides the page itself (who is signed in), gathered while
//! the request runs and read by the templates, so no page struct has to carry it: a
//! task-local scoped around each request by [`layer`], filled by the `SignedIn` extractor.

use std::cell::RefCell;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone, Default)]
struct Chrome {
    who: Option<String>,
}

tokio::task_local! {
    static CHROME: RefCell<Chrome>;
}

/// Scopes a fresh frame around the request.
pub async fn layer(request: Request, next: Next) -> Response {
    CHROME
        .scope(RefCell::new(Chrome::default()), next.run(request))
        .await
}

/// The signed-in person, as the header names them.
pub fn set_who(label: String) {
    let _ = CHROME.try_with(|c| c.borrow_mut().who = Some(label));
}

/// Who is signed in on this request's page, if the page knows.
pub fn who() -> Option<String> {
    CHROME.try_with(|c| c.borrow().who.clone()).ok().flatten()
}

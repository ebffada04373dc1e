//! The server-rendered pages (askama templates under `templates/`).

use std::sync::OnceLock;

use askama::Template;

/// The site name shown in page headers. Set once at start-up so that error pages, which are
/// rendered far from the application state, carry it too.
static APPNAME: OnceLock<String> = OnceLock::new();

pub fn set_appname(name: &str) {
    let _ = APPNAME.set(name.to_string());
}

pub fn appname() -> String {
    APPNAME.get().cloned().unwrap_or_else(|| "Gatehouse".into())
}

/// Renders a page; a template error (a bug, not bad input) becomes a plain message.
pub fn render(page: &impl Template) -> String {
    page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template rendering failed");
        "Something went wrong.".into()
    })
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub appname: String,
    pub csrf: String,
    pub req: Option<String>,
    pub email: String,
    pub error: Option<String>,
    pub client_name: Option<String>,
}

#[derive(Template)]
#[template(path = "consent.html")]
pub struct ConsentPage {
    pub appname: String,
    pub csrf: String,
    pub req: String,
    pub client_name: String,
    pub user_email: String,
    pub scopes: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub appname: String,
    pub csrf: String,
    pub req: Option<String>,
    pub forced: bool,
    pub error: Option<String>,
    pub min_length: usize,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub appname: String,
    pub csrf: String,
    pub name: String,
    pub email: String,
    pub privileges: Vec<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "logout.html")]
pub struct LogoutPage {
    pub appname: String,
    pub csrf: String,
    pub client_id: String,
    pub client_name: Option<String>,
    pub post_logout_redirect_uri: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub appname: String,
    pub title: String,
    pub message: String,
    pub link: Option<(String, String)>,
}

impl MessagePage {
    pub fn new(title: &str, message: &str) -> Self {
        Self {
            appname: appname(),
            title: title.to_string(),
            message: message.to_string(),
            link: None,
        }
    }
}

/// The `form_post` response mode: an auto-submitting form to the client's redirect URI.
#[derive(Template)]
#[template(path = "form_post.html")]
pub struct FormPostPage {
    pub redirect_uri: String,
    pub params: Vec<(&'static str, String)>,
}

/// The one inline script we serve (form_post.html), allowed by hash in its CSP.
pub const FORM_POST_SCRIPT: &str = "document.forms[0].submit();";

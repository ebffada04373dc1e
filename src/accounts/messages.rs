//! The messages accounts send, rendered from `templates/email/` (a text and an HTML part
//! each), with the site's name in every one.

use askama::Template;

use crate::App;
use crate::mail::Message;

#[derive(Template)]
#[template(path = "email/verify.txt")]
struct VerifyText<'a> {
    appname: &'a str,
    name: &'a str,
    email: &'a str,
    link: &'a str,
    code: &'a str,
    minutes: i64,
    change: bool,
}

#[derive(Template)]
#[template(path = "email/verify.html")]
struct VerifyHtml<'a> {
    appname: &'a str,
    name: &'a str,
    email: &'a str,
    link: &'a str,
    code: &'a str,
    minutes: i64,
    change: bool,
}

#[derive(Template)]
#[template(path = "email/code.txt")]
struct CodeText<'a> {
    appname: &'a str,
    email: &'a str,
    provider: &'a str,
    code: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/code.html")]
struct CodeHtml<'a> {
    appname: &'a str,
    email: &'a str,
    provider: &'a str,
    code: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/reset.txt")]
struct ResetText<'a> {
    appname: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/reset.html")]
struct ResetHtml<'a> {
    appname: &'a str,
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct NoticeText<'a> {
    appname: &'a str,
    name: &'a str,
    body: &'a str,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct NoticeHtml<'a> {
    appname: &'a str,
    name: &'a str,
    body: &'a str,
}

#[derive(Template)]
#[template(path = "email/invite.txt")]
struct InviteText<'a> {
    appname: &'a str,
    link: &'a str,
    until: &'a str,
}

#[derive(Template)]
#[template(path = "email/invite.html")]
struct InviteHtml<'a> {
    appname: &'a str,
    link: &'a str,
    until: &'a str,
}

#[derive(Template)]
#[template(path = "email/welcome.txt")]
struct WelcomeText<'a> {
    appname: &'a str,
    name: &'a str,
    email: &'a str,
    link: &'a str,
    set_password: bool,
    until: &'a str,
}

#[derive(Template)]
#[template(path = "email/welcome.html")]
struct WelcomeHtml<'a> {
    appname: &'a str,
    name: &'a str,
    email: &'a str,
    link: &'a str,
    set_password: bool,
    until: &'a str,
}

/// The welcome an administrator sends (Lino's `SendWelcomeMail`): with `set_password`, `link`
/// sets the first password and works once until `until`; otherwise it is the sign-in page.
pub fn welcome(
    app: &App,
    to: &str,
    name: &str,
    link: &str,
    set_password: bool,
    until: &str,
) -> Message {
    let appname = app.settings.appname.as_str();
    Message {
        to: to.to_string(),
        subject: format!("Welcome to {appname}"),
        text: rendered(&WelcomeText {
            appname,
            name,
            email: to,
            link,
            set_password,
            until,
        }),
        html: rendered(&WelcomeHtml {
            appname,
            name,
            email: to,
            link,
            set_password,
            until,
        }),
    }
}

pub fn invitation(app: &App, to: &str, link: &str, until: &str) -> Message {
    let appname = app.settings.appname.as_str();
    Message {
        to: to.to_string(),
        subject: format!("You are invited to {appname}"),
        text: rendered(&InviteText {
            appname,
            link,
            until,
        }),
        html: rendered(&InviteHtml {
            appname,
            link,
            until,
        }),
    }
}

fn rendered(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "rendering an e-mail template failed");
        String::new()
    })
}

pub fn verification(
    app: &App,
    to: &str,
    name: &str,
    link: &str,
    code: &str,
    change: bool,
) -> Message {
    let appname = app.settings.appname.as_str();
    let minutes = app.settings.accounts.verification_code_expires_minutes;
    let subject = if change {
        format!("Confirm your new e-mail address for {appname}")
    } else {
        format!("Confirm your e-mail address for {appname}")
    };
    Message {
        to: to.to_string(),
        subject,
        text: rendered(&VerifyText {
            appname,
            name,
            email: to,
            link,
            code,
            minutes,
            change,
        }),
        html: rendered(&VerifyHtml {
            appname,
            name,
            email: to,
            link,
            code,
            minutes,
            change,
        }),
    }
}

/// The code that confirms the address of an account being created through `provider`.
pub fn signup_code(app: &App, to: &str, provider: &str, code: &str, minutes: i64) -> Message {
    let appname = app.settings.appname.as_str();
    Message {
        to: to.to_string(),
        subject: format!("Confirm your e-mail address for {appname}"),
        text: rendered(&CodeText {
            appname,
            email: to,
            provider,
            code,
            minutes,
        }),
        html: rendered(&CodeHtml {
            appname,
            email: to,
            provider,
            code,
            minutes,
        }),
    }
}

pub fn reset(app: &App, to: &str, name: &str, link: &str) -> Message {
    let appname = app.settings.appname.as_str();
    let minutes = app.settings.accounts.password_reset_expires_minutes;
    Message {
        to: to.to_string(),
        subject: format!("Reset your {appname} password"),
        text: rendered(&ResetText {
            appname,
            name,
            link,
            minutes,
        }),
        html: rendered(&ResetHtml {
            appname,
            name,
            link,
            minutes,
        }),
    }
}

/// A short notice (an address change, a sign-up attempt with a taken address).
pub fn notice(app: &App, to: &str, name: &str, subject: &str, body: &str) -> Message {
    let appname = app.settings.appname.as_str();
    Message {
        to: to.to_string(),
        subject: format!("{subject} — {appname}"),
        text: rendered(&NoticeText {
            appname,
            name,
            body,
        }),
        html: rendered(&NoticeHtml {
            appname,
            name,
            body,
        }),
    }
}

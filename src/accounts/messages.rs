//! The messages accounts send, rendered from `templates/email/` (a text and an HTML part
//! each, from the same values), in the recipient's language, with the site's name in every
//! one.

use minijinja::{Value, context};

use crate::App;
use crate::i18n::Lang;
use crate::mail::Message;

/// The language to write to someone in: their profile's, else the page's they are on (the
/// request that sends the message), else English.
pub fn language_for(profile_language: &str) -> Lang {
    Lang::of_tag(profile_language).unwrap_or_else(crate::i18n::current)
}

/// A message from `template` (`email/{template}.txt` and `.html`) with `values`, which the
/// templates see along with `appname` and `lang`.
fn message(
    app: &App,
    lang: Lang,
    to: &str,
    subject: String,
    template: &str,
    values: Value,
) -> Message {
    let views = &app.settings.loaded_theme.views;
    let frame = context! { appname => app.settings.appname.as_str(), lang => lang.as_str() };
    let part = |ext: &str| {
        let name = format!("email/{template}.{ext}");
        views
            .render(&name, &values, frame.clone())
            .unwrap_or_else(|e| {
                tracing::error!(template = %name, error = %format!("{e:#}"), "rendering an e-mail template failed");
                String::new()
            })
    };
    Message {
        to: to.to_string(),
        subject,
        text: part("txt"),
        html: part("html"),
    }
}

/// The welcome an administrator sends (Lino's `SendWelcomeMail`): with `set_password`, `link`
/// sets the first password and works once until `until`; otherwise it is the sign-in page.
pub fn welcome(
    app: &App,
    lang: Lang,
    to: &str,
    name: &str,
    link: &str,
    set_password: bool,
    until: &str,
) -> Message {
    let appname = app.settings.appname.as_str();
    message(
        app,
        lang,
        to,
        lang.t1("mail-welcome-subject", "appname", appname),
        "welcome",
        context! { name, email => to, link, set_password, until },
    )
}

pub fn invitation(app: &App, lang: Lang, to: &str, link: &str, until: &str) -> Message {
    let appname = app.settings.appname.as_str();
    message(
        app,
        lang,
        to,
        lang.t1("mail-invite-subject", "appname", appname),
        "invite",
        context! { link, until },
    )
}

pub fn verification(
    app: &App,
    lang: Lang,
    to: &str,
    name: &str,
    link: &str,
    code: &str,
    change: bool,
) -> Message {
    let appname = app.settings.appname.as_str();
    let minutes = app.settings.accounts.verification_code_expires_minutes;
    let subject = if change {
        lang.t1("mail-verify-change-subject", "appname", appname)
    } else {
        lang.t1("mail-verify-subject", "appname", appname)
    };
    message(
        app,
        lang,
        to,
        subject,
        "verify",
        context! { name, email => to, link, code, minutes, change },
    )
}

/// The code that confirms the address of an account being created through `provider`.
pub fn signup_code(
    app: &App,
    lang: Lang,
    to: &str,
    provider: &str,
    code: &str,
    minutes: i64,
) -> Message {
    let appname = app.settings.appname.as_str();
    message(
        app,
        lang,
        to,
        lang.t1("mail-verify-subject", "appname", appname),
        "code",
        context! { email => to, provider, code, minutes },
    )
}

pub fn reset(app: &App, lang: Lang, to: &str, name: &str, link: &str) -> Message {
    let appname = app.settings.appname.as_str();
    let minutes = app.settings.accounts.password_reset_expires_minutes;
    message(
        app,
        lang,
        to,
        lang.t1("mail-reset-subject", "appname", appname),
        "reset",
        context! { name, link, minutes },
    )
}

/// The short notices an account's owner gets when something changes (and who did it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    EmailChangeRequested,
    EmailChanged,
    EmailChangedByAdmin,
    MfaOn,
    MfaOff,
    MfaReset,
    PhoneAdded,
    PhoneRemoved,
    SignUpAttempt,
    UpstreamSignUpAttempt,
    AuthorityGiven,
    ActedInYourName,
}

impl NoticeKind {
    #[cfg(test)]
    const ALL: [NoticeKind; 12] = [
        Self::EmailChangeRequested,
        Self::EmailChanged,
        Self::EmailChangedByAdmin,
        Self::MfaOn,
        Self::MfaOff,
        Self::MfaReset,
        Self::PhoneAdded,
        Self::PhoneRemoved,
        Self::SignUpAttempt,
        Self::UpstreamSignUpAttempt,
        Self::AuthorityGiven,
        Self::ActedInYourName,
    ];

    /// Its messages: `mail-notice-{key}-subject` and `mail-notice-{key}` in `locales/`.
    fn key(self) -> &'static str {
        match self {
            Self::EmailChangeRequested => "email-change-requested",
            Self::EmailChanged => "email-changed",
            Self::EmailChangedByAdmin => "email-changed-by-admin",
            Self::MfaOn => "mfa-on",
            Self::MfaOff => "mfa-off",
            Self::MfaReset => "mfa-reset",
            Self::PhoneAdded => "phone-added",
            Self::PhoneRemoved => "phone-removed",
            Self::SignUpAttempt => "sign-up-attempt",
            Self::UpstreamSignUpAttempt => "upstream-sign-up-attempt",
            Self::AuthorityGiven => "authority-given",
            Self::ActedInYourName => "acted-in-your-name",
        }
    }
}

/// A notice and the values its text names (`{ $email }`, `{ $provider }`, …).
#[derive(Debug, Clone)]
pub struct Notice {
    kind: NoticeKind,
    values: Vec<(&'static str, String)>,
}

impl Notice {
    pub fn new(kind: NoticeKind) -> Self {
        Notice {
            kind,
            values: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.values.push((name, value.into()));
        self
    }
}

/// A short notice (an address change, a sign-up attempt with a taken address).
pub fn notice(app: &App, lang: Lang, to: &str, name: &str, notice: &Notice) -> Message {
    let appname = app.settings.appname.as_str();
    let mut args = fluent_bundle::FluentArgs::new();
    for (key, value) in &notice.values {
        args.set(*key, value.clone());
    }
    let key = notice.kind.key();
    let subject = lang.t(&format!("mail-notice-{key}-subject"));
    let body = lang.t_args(&format!("mail-notice-{key}"), &args);
    message(
        app,
        lang,
        to,
        format!("{subject} — {appname}"),
        "notice",
        context! { name, body },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_a_subject_and_a_text() {
        for kind in NoticeKind::ALL {
            let key = kind.key();
            assert!(
                crate::i18n::has_message(&format!("mail-notice-{key}-subject")),
                "{key}"
            );
            assert!(
                crate::i18n::has_message(&format!("mail-notice-{key}")),
                "{key}"
            );
        }
    }
}

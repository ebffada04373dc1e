//! The server-rendered pages: their data, shown by the templates under `templates/`
//! (`crate::views`).

use std::sync::OnceLock;

use serde::Serialize;

use super::chrome;
use crate::view;
use crate::views::View;

/// The site name shown in page headers. Set once at start-up so that error pages, which are
/// rendered far from the application state, carry it too.
static APPNAME: OnceLock<String> = OnceLock::new();

pub fn set_appname(name: &str) {
    let _ = APPNAME.set(name.to_string());
}

pub fn appname() -> String {
    APPNAME.get().cloned().unwrap_or_else(|| "Gatehouse".into())
}

/// Renders a page in the request's frame (its language, who is signed in); a template error
/// (a bug, or an operator's broken override, not bad input) becomes a plain message.
pub fn render<P: View>(page: &P) -> String {
    let frame = minijinja::context! {
        lang => crate::i18n::current().as_str(),
        who => chrome::who(),
        appname => appname(),
    };
    chrome::views()
        .render(P::TEMPLATE, page, frame)
        .unwrap_or_else(|e| {
            tracing::error!(template = P::TEMPLATE, error = %format!("{e:#}"), "template rendering failed");
            "Something went wrong.".into()
        })
}

#[derive(Serialize)]
pub struct LoginPage {
    pub appname: String,
    /// "Sign in with your phone" (`phone.sign_in`).
    pub phone_sign_in: bool,
    pub registration_open: bool,
    pub notice: Option<String>,

    pub csrf: String,
    pub req: Option<String>,
    pub email: String,
    pub error: Option<String>,
    pub client_name: Option<String>,
    /// One button per enabled upstream provider, in the administrator's order.
    pub providers: Vec<ProviderButton>,
    /// Who this browser is signed in as, when it is (and no application is waiting).
    pub signed_in_as: Option<String>,
    pub lang: crate::i18n::Lang,
    /// This page in the other languages.
    pub languages: Vec<super::lang::LangLink>,
}
view!(LoginPage => "login.html");

/// A "Sign in with …" button: a plain link, so no form (and no CSP `form-action`) is needed
/// to leave for the provider.
#[derive(serde::Serialize)]
pub struct ProviderButton {
    pub id: String,
    pub href: String,
    pub label: String,
    /// `google`, `microsoft`, `facebook`, `x` or `oidc`: picks the mark.
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct ConsentPage {
    pub appname: String,
    pub csrf: String,
    pub req: String,
    pub client_name: String,
    pub user_email: String,
    /// Whom the user acts for in this authorization, if anyone: their data is what is shared.
    pub acting_for: Option<String>,
    pub scopes: Vec<String>,
    pub lang: crate::i18n::Lang,
    pub logo_uri: Option<String>,
    pub policy_uri: Option<String>,
    pub tos_uri: Option<String>,
}
view!(ConsentPage => "consent.html");

#[derive(Serialize)]
pub struct PasswordPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub req: Option<String>,
    pub forced: bool,
    pub error: Option<String>,
    pub min_length: usize,
    /// False for accounts that sign in through a provider only: they set a first password.
    pub has_password: bool,
    /// For those, when the session is too old: confirm through the provider first.
    pub reauth_links: Vec<ProviderButton>,
}
view!(PasswordPage => "password.html");

#[derive(Serialize)]
pub struct AccountPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub name: String,
    pub email: String,
    pub verified: bool,
    /// Whether to show the way to the administration console.
    pub console: bool,
    pub username: Option<String>,
    /// Whom this session acts for in applications (chosen on the Authorities page).
    pub acting_for: Option<String>,
    pub privileges: Vec<String>,
    pub notice: Option<String>,
}
view!(AccountPage => "account.html");

#[derive(Serialize)]
pub struct LogoutPage {
    pub appname: String,
    pub csrf: String,
    pub client_id: String,
    pub client_name: Option<String>,
    pub post_logout_redirect_uri: String,
    pub state: String,
}
view!(LogoutPage => "logout.html");

#[derive(Serialize)]
pub struct MessagePage {
    pub appname: String,
    pub title: String,
    pub message: String,
    pub link: Option<(String, String)>,
}
view!(MessagePage => "message.html");

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

#[derive(Serialize)]
pub struct RegisterPage {
    pub appname: String,
    pub open: bool,
    pub csrf: String,
    pub req: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Whether the form offers a username (`accounts.usernames`), and what was typed.
    pub usernames: bool,
    pub username: String,
    /// What is wrong, in the error summary (and by the field it is about).
    pub problems: Vec<Problem>,
    pub min_length: usize,
}
view!(RegisterPage => "register.html");

impl Problem {
    /// The error summary of a form refused as a whole or about one field.
    pub fn of(error: &crate::accounts::AccountError, words: String) -> Vec<Problem> {
        let field = match error {
            crate::accounts::AccountError::Field { field, .. } => field.to_string(),
            _ => String::new(),
        };
        vec![Problem {
            field,
            message: words,
        }]
    }
}

#[derive(Serialize)]
pub struct InvitePage {
    pub appname: String,
    pub csrf: String,
    pub token: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub error: Option<String>,
    pub min_length: usize,
    /// Providers the invitation can be accepted through.
    pub providers: Vec<ProviderButton>,
}
view!(InvitePage => "invite.html");

/// Phone sign-in: the number (`code_sent` false), then the code sent to it.
#[derive(Serialize)]
pub struct PhonePage {
    pub appname: String,
    pub csrf: String,
    pub req: Option<String>,
    pub code_sent: bool,
    /// What was typed (the number form), or the masked number (the code form).
    pub number: String,
    /// Seconds until "Send a new code" works.
    pub resend_in: i64,
    pub error: Option<String>,
    pub client_name: Option<String>,
}
view!(PhonePage => "phone.html");

/// An upstream sign-up asking for the address it will use (`accounts.require_email`): first
/// the address, then (`sent`) the code mailed to it.
#[derive(Serialize)]
pub struct UpstreamEmailPage {
    pub appname: String,
    pub csrf: String,
    pub provider: String,
    pub email: String,
    pub sent: bool,
    pub error: Option<String>,
}
view!(UpstreamEmailPage => "upstream_email.html");

#[derive(Serialize)]
pub struct VerifyPage {
    pub appname: String,
    pub csrf: String,
    pub req: Option<String>,
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}
view!(VerifyPage => "verify.html");

#[derive(Serialize)]
pub struct ForgotPage {
    pub appname: String,
    pub csrf: String,
    pub sent: bool,
    pub minutes: i64,
    pub error: Option<String>,
}
view!(ForgotPage => "forgot.html");

#[derive(Serialize)]
pub struct ResetPage {
    pub appname: String,
    pub csrf: String,
    pub token: String,
    pub email: String,
    pub error: Option<String>,
    pub min_length: usize,
}
view!(ResetPage => "reset.html");

#[derive(serde::Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub hint: &'static str,
    /// Chosen from a list (countries, time zones, languages) rather than typed; a stored value
    /// the list lacks is still offered, so saving never changes it unasked.
    pub options: Option<&'static super::choices::Options>,
    /// Whether the stored value is one of the options.
    pub listed: bool,
    /// What is wrong with what was typed here, shown by the field and in the error summary.
    pub problem: Option<String>,
}

/// One entry of a form's error summary: the message, and the id of the field it is about
/// (empty when it is about none).
#[derive(Serialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl FieldView {
    pub fn new(name: &'static str, label: &'static str, value: String, hint: &'static str) -> Self {
        let options = super::choices::for_field(name);
        let listed = options.is_some_and(|options| options.iter().any(|(v, _)| *v == value));
        FieldView {
            name,
            label,
            value,
            hint,
            options,
            listed,
            problem: None,
        }
    }
}

#[derive(Serialize)]
pub struct ProfilePage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub fields: Vec<FieldView>,
    pub date_formats: Vec<&'static str>,
    pub problems: Vec<Problem>,
    pub notice: Option<String>,
}
view!(ProfilePage => "profile.html");

#[derive(Serialize)]
pub struct EmailPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub current: String,
    pub verified: bool,
    pub pending: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub has_password: bool,
    pub reauth_links: Vec<ProviderButton>,
}
view!(EmailPage => "email.html");

/// `/account/phone`: the number, the code owed for a new one, add/change and remove.
#[derive(Serialize)]
pub struct AccountPhonePage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub current: Option<String>,
    pub verified: bool,
    /// The new number a code was sent to (masked), while it is owed.
    pub pending: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub has_password: bool,
    pub reauth_links: Vec<ProviderButton>,
}
view!(AccountPhonePage => "account_phone.html");

#[derive(serde::Serialize)]
pub struct SessionView {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub created: String,
    pub last_seen: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct SessionsPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub sessions: Vec<SessionView>,
    pub notice: Option<String>,
}
view!(SessionsPage => "sessions.html");

#[derive(Serialize)]
pub struct LinkedPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub linked: Vec<LinkedView>,
    pub linkable: Vec<ProviderButton>,
    pub notice: Option<String>,
}
view!(LinkedPage => "linked.html");

#[derive(serde::Serialize)]
pub struct LinkedView {
    pub provider_id: String,
    pub name: String,
    pub subject: String,
    pub email: String,
    pub linked: String,
    pub last_used: String,
    pub can_unlink: bool,
}

#[derive(serde::Serialize)]
pub struct AppView {
    pub client_id: String,
    pub name: String,
    pub scopes: String,
    pub granted: String,
}

#[derive(Serialize)]
pub struct AppsPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub apps: Vec<AppView>,
    pub notice: Option<String>,
}
view!(AppsPage => "apps.html");

/// How a session's browser is named on the session lists: "Chrome on Windows 10" (parsed by
/// `woothee`), or the user agent itself, shortened, when it names no known browser.
pub fn device(user_agent: &str) -> String {
    if user_agent.is_empty() {
        return crate::i18n::tr("device-unknown");
    }
    let known = |v: &str| !v.is_empty() && v != "UNKNOWN";
    if let Some(found) = woothee::parser::Parser::new().parse(user_agent)
        && known(found.name)
    {
        return if known(found.os) {
            crate::i18n::current().t2("device-on", "browser", found.name, "system", found.os)
        } else {
            found.name.to_string()
        };
    }
    let short: String = user_agent.chars().take(80).collect();
    if short.len() < user_agent.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// A timestamp in the person's own time zone and date format (their profile), UTC and
/// year-month-day when they chose none.
pub fn when_for(user: &crate::domain::User, t: i64) -> String {
    when_in(&user.details.timezone, &user.details.date_format, t)
}

/// `t` in a time zone and one of Lino's date formats (UTC and ISO dates when unset).
fn when_in(timezone: &str, date_format: &str, t: i64) -> String {
    let Ok(tz) = timezone.parse::<chrono_tz::Tz>() else {
        return when_formatted(t, date_format);
    };
    let Some(utc) = chrono::DateTime::from_timestamp(t, 0) else {
        return String::new();
    };
    let local = utc.with_timezone(&tz);
    format!(
        "{} {}",
        local.format(date_pattern(date_format)),
        local.format("%H:%M %Z")
    )
}

/// Lino's date formats as `strftime` patterns.
fn date_pattern(format: &str) -> &'static str {
    match format {
        "DD.MM.YYYY" => "%d.%m.%Y",
        "DD/MM/YYYY" => "%d/%m/%Y",
        "MM/DD/YYYY" => "%m/%d/%Y",
        _ => "%Y-%m-%d",
    }
}

fn when_formatted(t: i64, date_format: &str) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(utc) => format!(
            "{} UTC",
            utc.format(&format!("{} %H:%M", date_pattern(date_format)))
        ),
        None => String::new(),
    }
}

/// `t` as the person looking at the page reads times: their profile's time zone and date
/// format, else UTC.
pub fn when(t: i64) -> String {
    let (timezone, date_format) = chrome::clock();
    when_in(&timezone, &date_format, t)
}

/// The `form_post` response mode: an auto-submitting form to the client's redirect URI.
#[derive(Serialize)]
pub struct FormPostPage {
    pub redirect_uri: String,
    pub params: Vec<(&'static str, String)>,
}
view!(FormPostPage => "form_post.html");

/// The one inline script we serve (form_post.html), allowed by hash in its CSP.
pub const FORM_POST_SCRIPT: &str = "document.forms[0].submit();";

#[derive(Serialize)]
pub struct SecondFactorPage {
    pub appname: String,
    pub csrf: String,
    pub req: Option<String>,
    pub error: Option<String>,
    /// The user has an authenticator app.
    pub app: bool,
    /// Text messages are usable: the masked number.
    pub sms: Option<String>,
    /// A code was texted and is being asked for.
    pub sms_sent: bool,
}
view!(SecondFactorPage => "second_factor.html");

/// Setting up an authenticator app, at sign-in (`in_account` false) or from the account.
#[derive(Serialize)]
pub struct EnrollPage {
    pub appname: String,
    pub active: &'static str,
    pub in_account: bool,
    pub action: &'static str,
    pub csrf: String,
    pub req: Option<String>,
    pub reason: Option<String>,
    pub email: String,
    /// Inline SVG, drawn by us from the otpauth URL.
    pub qr_svg: String,
    pub secret_text: String,
    pub ask_password: bool,
    pub error: Option<String>,
}
view!(EnrollPage => "enroll.html");

#[derive(Serialize)]
pub struct RecoveryCodesPage {
    pub appname: String,
    pub active: &'static str,
    pub in_account: bool,
    pub notice: Option<String>,
    pub codes: Vec<String>,
    pub continue_to: String,
}
view!(RecoveryCodesPage => "recovery_codes.html");

#[derive(Serialize)]
pub struct SecurityPage {
    pub appname: String,
    pub active: &'static str,
    pub csrf: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub required: bool,
    pub app_allowed: bool,
    pub enabled_since: Option<String>,
    pub recovery_codes_left: i64,
    pub ask_password: bool,
    /// A password-less account confirms through its provider instead (when `ask_password`).
    pub reauth_links: Vec<ProviderButton>,
    /// The policy allows text messages as a second factor.
    pub sms_allowed: bool,
    /// The user chose them.
    pub sms_on: bool,
    /// The verified number they would go to (masked).
    pub sms_number: Option<String>,
}
view!(SecurityPage => "security.html");

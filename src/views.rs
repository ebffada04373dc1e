//! The templates pages and e-mails are made from: Jinja (minijinja) files under `templates/`,
//! compiled into the binary, which an operator overrides file by file from
//! `[theme] templates_dir`, read once at start (no rebuild, the way Keycloak themes and
//! Authelia templates work). Templates read their words from the translations through `t`.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use fluent_bundle::{FluentArgs, FluentValue};
use minijinja::value::{Kwargs, Value, ValueKind, merge_maps};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::i18n::Lang;

/// A page or e-mail: its data, and the template that shows it.
pub trait View: Serialize {
    const TEMPLATE: &'static str;
}

/// `view!(LoginPage => "login.html")`: names the template of a page struct.
#[macro_export]
macro_rules! view {
    ($page:ty => $template:literal) => {
        impl $crate::views::View for $page {
            const TEMPLATE: &'static str = $template;
        }
    };
}

/// `(name, source)` of the built-in templates, each read from `templates/{name}` at build.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// Every built-in template, by the name templates use to extend and include it.
const EMBEDDED: &[(&str, &str)] = embedded![
    "account.html",
    "account_nav.html",
    "account_phone.html",
    "act_as.html",
    "admin/api_keys.html",
    "admin/audit.html",
    "admin/authorities.html",
    "admin/base.html",
    "admin/client.html",
    "admin/client_form.html",
    "admin/clients.html",
    "admin/dashboard.html",
    "admin/invitations.html",
    "admin/message.html",
    "admin/mfa.html",
    "admin/privileges.html",
    "admin/provider.html",
    "admin/provider_form.html",
    "admin/providers.html",
    "admin/secret.html",
    "admin/sessions.html",
    "admin/user.html",
    "admin/user_new.html",
    "admin/users.html",
    "apps.html",
    "authorities.html",
    "base.html",
    "consent.html",
    "delete_account.html",
    "email.html",
    "email/code.html",
    "email/code.txt",
    "email/invite.html",
    "email/invite.txt",
    "email/notice.html",
    "email/notice.txt",
    "email/reset.html",
    "email/reset.txt",
    "email/verify.html",
    "email/verify.txt",
    "email/welcome.html",
    "email/welcome.txt",
    "enroll.html",
    "error_summary.html",
    "forgot.html",
    "form_post.html",
    "invite.html",
    "lang_switcher.html",
    "linked.html",
    "login.html",
    "logout.html",
    "message.html",
    "password.html",
    "phone.html",
    "profile.html",
    "provider_mark.html",
    "recovery_codes.html",
    "register.html",
    "reset.html",
    "second_factor.html",
    "security.html",
    "sessions.html",
    "upstream_email.html",
    "verify.html",
];

/// An override directory holds a few dozen small files; these caps keep a wrong path (a home
/// directory) from being read whole.
const MAX_FILES: usize = 500;
const MAX_FILE_BYTES: u64 = 256 * 1024;
const MAX_DEPTH: usize = 4;

/// The compiled templates.
pub struct Views {
    env: Environment<'static>,
}

impl std::fmt::Debug for Views {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Views")
    }
}

impl Views {
    /// The built-in templates alone (compiled once per process).
    pub fn embedded() -> Arc<Views> {
        static EMBEDDED_VIEWS: OnceLock<Arc<Views>> = OnceLock::new();
        EMBEDDED_VIEWS
            .get_or_init(|| {
                let views = Views::build(Vec::new())
                    .unwrap_or_else(|e| unreachable!("the built-in templates compile: {e}"));
                Arc::new(views)
            })
            .clone()
    }

    /// The built-in templates with the files of `dir` in place of those of the same name
    /// (and any others added, for the overrides to include). A file that does not compile is
    /// an error naming it, so a broken theme stops the start instead of a page.
    pub fn with_overrides(dir: &Path) -> Result<Views, String> {
        let mut files = Vec::new();
        collect(dir, "", 0, &mut files)?;
        Views::build(files)
    }

    fn build(overrides: Vec<(String, String)>) -> Result<Views, String> {
        let mut env = Environment::new();
        // A misspelt variable is an error (caught by the tests, or at an operator's first
        // look), not an empty string on a page.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(escape);
        env.add_function("t", translate);
        for (name, source) in EMBEDDED {
            env.add_template(name, source)
                .map_err(|e| format!("{name}: {e}"))?;
        }
        for (name, source) in overrides {
            env.add_template_owned(name.clone(), source)
                .map_err(|e| format!("{name}: {e:#}"))?;
        }
        // Compile-time errors in one file can hide behind another's `extends`: render nothing,
        // but look every template up once so each is known to parse.
        for (name, _) in env.templates() {
            env.get_template(name)
                .map_err(|e| format!("{name}: {e:#}"))?;
        }
        Ok(Views { env })
    }

    /// Renders `template` with `data` and the frame's values (`lang`, `who`, `appname`);
    /// `data`'s own fields win.
    pub fn render(
        &self,
        template: &str,
        data: &impl Serialize,
        frame: Value,
    ) -> Result<String, Error> {
        // The last of `merge_maps`' maps wins.
        let context = merge_maps([frame, Value::from(minijinja::value::Serde(data))]);
        self.env.get_template(template)?.render(context)
    }
}

/// Reads `dir` into `(name, source)` pairs, names relative to it with `/` (`admin/base.html`).
fn collect(
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if file_name.starts_with('.') {
            continue;
        }
        let name = format!("{prefix}{file_name}");
        let meta = entry
            .metadata()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                collect(&path, &format!("{name}/"), depth + 1, files)?;
            }
            continue;
        }
        if !(file_name.ends_with(".html") || file_name.ends_with(".txt")) {
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!("{name} is larger than {MAX_FILE_BYTES} bytes"));
        }
        if files.len() >= MAX_FILES {
            return Err(format!(
                "more than {MAX_FILES} templates in {}",
                dir.display()
            ));
        }
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push((name, source));
    }
    Ok(())
}

/// HTML-escapes what a template prints, as `& < > " '` (the HTML spec's set); minijinja's own
/// also escapes `/`, which would turn every printed URL into `&#x2f;` soup.
fn escape(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if *state.auto_escape() != AutoEscape::Html || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[last..i])?;
        out.write_str(replacement)?;
        last = i + 1;
    }
    out.write_str(&text[last..])?;
    Ok(())
}

/// `t("message-id", name=value, …)`: the message in the template's `lang`; numbers stay
/// numbers, so Fluent picks plural forms.
fn translate(state: &State, id: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::of_tag))
        .unwrap_or_default();
    let mut args = FluentArgs::new();
    for key in kwargs.args() {
        let value: Value = kwargs.get(key)?;
        let fluent = match value.kind() {
            ValueKind::Number => match f64::try_from(value.clone()) {
                Ok(n) => FluentValue::from(n),
                Err(_) => FluentValue::from(value.to_string()),
            },
            ValueKind::None | ValueKind::Undefined => FluentValue::from(""),
            _ => FluentValue::from(value.to_string()),
        };
        args.set(key.to_string(), fluent);
    }
    kwargs.assert_all_used()?;
    if !crate::i18n::has_message(id) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("no message {id:?} in locales/en.ftl"),
        ));
    }
    Ok(lang.t_args(id, &args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_embedded() {
        let mut on_disk = Vec::new();
        collect(
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
            "",
            0,
            &mut on_disk,
        )
        .unwrap();
        let mut on_disk: Vec<String> = on_disk.into_iter().map(|(n, _)| n).collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    /// A page naming a message no language has would show its id: every `t("…")` in every
    /// template names a message (and the i18n test checks every language has it).
    #[test]
    fn every_message_a_template_names_exists() {
        let mut missing = Vec::new();
        for (name, source) in EMBEDDED {
            for (at, _) in source.match_indices("t(\"") {
                let rest = &source[at + 3..];
                let Some(end) = rest.find('"') else { continue };
                let id = &rest[..end];
                // `t("profile-label-" ~ f.name)`: a family, checked where it is made.
                if id.ends_with('-')
                    || (at > 0 && source.as_bytes()[at - 1].is_ascii_alphanumeric())
                {
                    continue;
                }
                if !crate::i18n::has_message(id) {
                    missing.push(format!("{name}: {id}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn printed_values_are_escaped_but_slashes_kept() {
        let views = Views::embedded();
        let mut env = views.env.clone();
        env.add_template("x.html", "{{ v }}|{{ t('language') }}")
            .unwrap();
        let out = env
            .get_template("x.html")
            .unwrap()
            .render(minijinja::context! { v => "<a href=\"/x\">'&'</a>", lang => "de" })
            .unwrap();
        assert_eq!(
            out,
            "&lt;a href=&quot;/x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;|Sprache"
        );
    }
}

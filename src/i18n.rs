//! Translations: Fluent messages, one file per language in `locales/` (translators never
//! touch code), compiled into the binary. A page's language comes from the relying party's
//! `ui_locales`, then the person's choice (the switcher's cookie, or their profile's
//! language), then the browser's `Accept-Language`, then English.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// The languages every page and message exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
}

/// The Fluent sources, in [`Lang::ALL`] order.
const SOURCES: [&str; 3] = [
    include_str!("../locales/en.ftl"),
    include_str!("../locales/de.ftl"),
    include_str!("../locales/fr.ftl"),
];

fn bundles() -> &'static [FluentBundle<FluentResource>; 3] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Lang::ALL.map(|lang| {
            let id: unic_langid::LanguageIdentifier = lang.as_str().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks: the text goes into HTML, which isolates by itself.
            bundle.set_use_isolating(false);
            let resource = match FluentResource::try_new(SOURCES[lang.index()].to_string()) {
                Ok(resource) => resource,
                // A broken file is caught by the tests; at run time the valid part is used.
                Err((resource, errors)) => {
                    tracing::error!(
                        language = lang.as_str(),
                        ?errors,
                        "translation file has errors"
                    );
                    resource
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(
                    language = lang.as_str(),
                    ?errors,
                    "translation file repeats messages"
                );
            }
            bundle
        })
    })
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::De, Lang::Fr];

    pub fn as_str(&self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn name(&self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
        }
    }

    fn index(&self) -> usize {
        match self {
            Lang::En => 0,
            Lang::De => 1,
            Lang::Fr => 2,
        }
    }

    /// The language of a BCP 47 tag (`de-CH` is German), if it is one of ours.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.as_str() == primary)
    }

    /// The first of space-separated tags (`ui_locales`, OIDC Core §3.1.2.1) we have.
    pub fn first_of(tags: &str) -> Option<Lang> {
        tags.split_whitespace().find_map(Lang::of_tag)
    }

    /// The best of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',').take(20) {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::of_tag) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The message `id`, or the English one, or the id itself (never empty, never a panic).
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with Fluent arguments (numbers select plural forms).
    pub fn t_args(&self, id: &str, args: &FluentArgs) -> String {
        self.format(id, Some(args))
    }

    /// The message `id` with one variable.
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.to_string());
        self.format(id, Some(&args))
    }

    /// The message `id` with one number (Fluent picks the plural form from it).
    pub fn t_number(&self, id: &str, name: &str, value: i64) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), fluent_bundle::FluentValue::from(value));
        self.format(id, Some(&args))
    }

    /// The message `id` with two variables.
    pub fn t2(&self, id: &str, name: &str, value: &str, name2: &str, value2: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.to_string());
        args.set(name2.to_string(), value2.to_string());
        self.format(id, Some(&args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        for lang in [*self, Lang::En] {
            let bundle = &bundles()[lang.index()];
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        id.to_string()
    }

    /// Every message id of a language (for the test that no language lacks one).
    pub fn message_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = fluent_syntax_ids(SOURCES[self.index()]);
        ids.sort();
        ids
    }
}

tokio::task_local! {
    /// The language of the request being answered (decided by `web::chrome`).
    static CURRENT: std::cell::Cell<Lang>;
}

/// Runs `work` with `lang` as the current language.
pub async fn scope<F: std::future::Future>(lang: Lang, work: F) -> F::Output {
    CURRENT.scope(std::cell::Cell::new(lang), work).await
}

/// `work` in the current language, for a task spawned from a request: a message composed
/// there (a reset link sent after the reply, so timing tells nothing) is still in the page's
/// language.
pub fn carried<F: std::future::Future>(work: F) -> impl std::future::Future<Output = F::Output> {
    scope(current(), work)
}

/// Changes the current language (a signed-in person's profile settles it late).
pub fn set_current(lang: Lang) {
    let _ = CURRENT.try_with(|c| c.set(lang));
}

/// The language of the request being answered; English outside one.
pub fn current() -> Lang {
    CURRENT.try_with(|c| c.get()).unwrap_or_default()
}

/// The message `id` in the current language, for words written for the person at the other
/// end of the request (a validation's reason, a notice).
pub fn tr(id: &str) -> String {
    current().t(id)
}

/// The message `id` in the current language, or `english` when no language has it (a family
/// of messages named after values, like `admin-kind-{kind}`, may lack one for a new value).
pub fn tr_or(id: &str, english: &str) -> String {
    if has_message(id) {
        tr(id)
    } else {
        english.to_string()
    }
}

/// Whether English (the reference every language is checked against) has the message `id`.
pub fn has_message(id: &str) -> bool {
    bundles()[Lang::En.index()].has_message(id)
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The ids of the messages in a Fluent source (lines `id = …`).
fn fluent_syntax_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next())
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_parses() {
        let english = Lang::En.message_ids();
        assert!(!english.is_empty());
        for lang in Lang::ALL {
            assert_eq!(lang.message_ids(), english, "{lang} lacks or adds messages");
            assert!(
                FluentResource::try_new(SOURCES[lang.index()].to_string()).is_ok(),
                "{lang} parses"
            );
            for id in &english {
                assert_ne!(lang.t(id), *id, "{lang}: {id} has no value");
            }
        }
    }

    #[test]
    fn negotiation_takes_ours_by_quality_and_region() {
        assert_eq!(
            Lang::from_accept_language("fr-CH, fr;q=0.9, en;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(
            Lang::from_accept_language("es, de;q=0.5, en;q=0.3"),
            Some(Lang::De)
        );
        assert_eq!(Lang::from_accept_language("ja, zh"), None);
        assert_eq!(Lang::first_of("es-ES de-AT"), Some(Lang::De));
        assert_eq!(
            Lang::De.t1("signed-in-as", "name", "Ada"),
            "Angemeldet als Ada"
        );
        assert_eq!(Lang::Fr.t("no-such-message"), "no-such-message");
    }
}

//! The lists profile fields are chosen from instead of typed as codes: countries (ISO 3166-1,
//! from `isocountry`, named in the page's language by the `country-…` messages), time zones
//! (IANA, from `chrono-tz`) and languages (BCP 47 tags of the languages people most often
//! use, each named in itself). Built once (per language).

use std::sync::OnceLock;

use crate::i18n::Lang;

/// `(value, label)` pairs for a `<select>`, sorted by label.
pub type Options = Vec<(String, String)>;

pub fn countries(lang: Lang) -> &'static Options {
    static LISTS: [OnceLock<Options>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    LISTS[index].get_or_init(|| {
        let mut list: Options = isocountry::CountryCode::iter()
            .map(|c| {
                let id = format!("country-{}", c.alpha2());
                let name = if crate::i18n::has_message(&id) {
                    lang.t(&id)
                } else {
                    c.name().to_string()
                };
                (c.alpha2().to_string(), name)
            })
            .collect();
        list.sort_by_cached_key(|(_, name)| sort_key(name));
        list
    })
}

/// A name as a list orders it: case and the accents of Latin letters ignored, so "Österreich"
/// sits with the O's and "Équateur" with the E's (enough for country names in our languages;
/// no collation tables needed).
fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'æ' => key.push_str("ae"),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => key.push('o'),
            'œ' => key.push_str("oe"),
            'ß' => key.push_str("ss"),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ý' | 'ÿ' => key.push('y'),
            other => key.push(other),
        }
    }
    key
}

pub fn time_zones() -> &'static Options {
    static LIST: OnceLock<Options> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Options = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            // The canonical "Area/City" names; the legacy aliases (EST5EDT, US/Pacific…)
            // still validate when typed through the API.
            .filter(|name| {
                name.contains('/') && !name.starts_with("Etc/") && !name.starts_with("US/")
            })
            .map(|name| (name.to_string(), name.replace('_', " ")))
            .collect();
        list.push(("UTC".into(), "UTC".into()));
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    })
}

/// The languages offered; any other valid tag can still be set through the API.
const LANGUAGES: [(&str, &str); 30] = [
    ("ar", "العربية"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("de-AT", "Deutsch (Österreich)"),
    ("de-CH", "Deutsch (Schweiz)"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("en-GB", "English (UK)"),
    ("en-US", "English (US)"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("fr-BE", "Français (Belgique)"),
    ("fr-CH", "Français (Suisse)"),
    ("hu", "Magyar"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("nl-BE", "Nederlands (België)"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("pt-BR", "Português (Brasil)"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("zh", "中文"),
];

pub fn languages() -> &'static Options {
    static LIST: OnceLock<Options> = OnceLock::new();
    LIST.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(tag, name)| (tag.to_string(), name.to_string()))
            .collect()
    })
}

/// The list a profile field is chosen from, if it has one.
pub fn for_field(field: &str) -> Option<&'static Options> {
    match field {
        "country" => Some(countries(crate::i18n::current())),
        "timezone" => Some(time_zones()),
        "language" => Some(languages()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_named_and_ordered_in_each_language() {
        let named = |lang: Lang, code: &str| {
            countries(lang)
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, name)| name.clone())
                .unwrap()
        };
        assert_eq!(named(Lang::En, "DE"), "Germany");
        assert_eq!(named(Lang::De, "DE"), "Deutschland");
        assert_eq!(named(Lang::Fr, "DE"), "Allemagne");
        let german: Vec<&str> = countries(Lang::De)
            .iter()
            .map(|(_, n)| n.as_str())
            .collect();
        let at = |name: &str| german.iter().position(|n| *n == name).unwrap();
        assert!(at("Oman") < at("Österreich") && at("Österreich") < at("Pakistan"));
        assert_eq!(countries(Lang::Fr).len(), countries(Lang::En).len());
    }
}

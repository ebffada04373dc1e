//! The lists profile fields are chosen from instead of typed as codes: countries (ISO 3166-1,
//! from `isocountry`), time zones (IANA, from `chrono-tz`) and languages (BCP 47 tags of the
//! languages people most often use, each named in itself). Built once.

use std::sync::OnceLock;

/// `(value, label)` pairs for a `<select>`, sorted by label.
pub type Options = Vec<(String, String)>;

pub fn countries() -> &'static Options {
    static LIST: OnceLock<Options> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Options = isocountry::CountryCode::iter()
            .map(|c| (c.alpha2().to_string(), c.name().to_string()))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    })
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
        "country" => Some(countries()),
        "timezone" => Some(time_zones()),
        "language" => Some(languages()),
        _ => None,
    }
}

//! Profile fields beyond the name, after docassemble (country, subdivisions, organization) and
//! Lino (time zone, language, date format), each validated against its standard.

use std::str::FromStr;

use super::Invalid;

/// Date formats people may choose (Lino's `date_format`).
pub const DATE_FORMATS: [&str; 4] = ["YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileDetails {
    /// ISO 3166-1 alpha-2, upper case; empty when unknown.
    pub country: String,
    pub subdivision_first: String,
    pub subdivision_second: String,
    pub subdivision_third: String,
    pub organization: String,
    /// An IANA time zone name, e.g. `Europe/Brussels`.
    pub timezone: String,
    /// A BCP 47 language tag, e.g. `de-CH`.
    pub language: String,
    /// One of [`DATE_FORMATS`].
    pub date_format: String,
}

const MAX_TEXT: usize = 200;

/// Validates one field's value and returns it normalised. Every field may be empty.
pub fn validate_field(field: &str, raw: &str) -> Result<String, Invalid> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().count() > MAX_TEXT || value.chars().any(char::is_control) {
        return Err(Invalid(crate::i18n::current().t1(
            "err-profile-too-long",
            "field",
            &spoken_label(field),
        )));
    }
    match field {
        "first_name" | "last_name" | "nickname" | "subdivision_first" | "subdivision_second"
        | "subdivision_third" | "organization" => Ok(value.to_string()),
        "initials" if value.chars().count() > 8 => {
            Err(Invalid(crate::i18n::tr("err-initials-long")))
        }
        "initials" => Ok(value.to_string()),
        "country" => {
            let code = value.to_ascii_uppercase();
            isocountry::CountryCode::for_alpha2(&code)
                .map(|_| code)
                .map_err(|_| {
                    Invalid(crate::i18n::current().t1("err-not-a-country", "value", value))
                })
        }
        "timezone" => chrono_tz::Tz::from_str(value)
            .map(|tz| tz.name().to_string())
            .map_err(|_| Invalid(crate::i18n::current().t1("err-not-a-timezone", "value", value))),
        "language" => language_tags::LanguageTag::parse(value)
            .ok()
            .filter(|tag| tag.is_valid())
            .map(|tag| tag.to_string())
            .ok_or_else(|| {
                Invalid(crate::i18n::current().t1("err-not-a-language", "value", value))
            }),
        "date_format" => DATE_FORMATS
            .iter()
            .find(|f| **f == value)
            .map(|f| f.to_string())
            .ok_or_else(|| {
                Invalid(crate::i18n::current().t1(
                    "err-date-format",
                    "formats",
                    &DATE_FORMATS.join(", "),
                ))
            }),
        other => Err(Invalid(format!("unknown profile field “{other}”"))),
    }
}

/// The field's name as people read it.
/// The field's name in the current language (the account page's `profile-label-…`
/// messages), English when there is none.
pub fn spoken_label(field: &str) -> String {
    crate::i18n::tr_or(&format!("profile-label-{field}"), label(field))
}

pub fn label(field: &str) -> &'static str {
    match field {
        "first_name" => "First name",
        "last_name" => "Last name",
        "nickname" => "Nickname",
        "initials" => "Initials",
        "country" => "Country",
        "subdivision_first" => "State or province",
        "subdivision_second" => "County or district",
        "subdivision_third" => "Municipality",
        "organization" => "Organization",
        "timezone" => "Time zone",
        "language" => "Language",
        "date_format" => "Date format",
        _ => "Field",
    }
}

impl ProfileDetails {
    pub fn get(&self, field: &str) -> &str {
        match field {
            "country" => &self.country,
            "subdivision_first" => &self.subdivision_first,
            "subdivision_second" => &self.subdivision_second,
            "subdivision_third" => &self.subdivision_third,
            "organization" => &self.organization,
            "timezone" => &self.timezone,
            "language" => &self.language,
            "date_format" => &self.date_format,
            _ => "",
        }
    }

    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "country" => self.country = value,
            "subdivision_first" => self.subdivision_first = value,
            "subdivision_second" => self.subdivision_second = value,
            "subdivision_third" => self.subdivision_third = value,
            "organization" => self.organization = value,
            "timezone" => self.timezone = value,
            "language" => self.language = value,
            "date_format" => self.date_format = value,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_checked_against_their_standards() {
        assert_eq!(validate_field("country", "be").unwrap(), "BE");
        assert!(validate_field("country", "XX").is_err());
        assert_eq!(
            validate_field("timezone", "Europe/Brussels").unwrap(),
            "Europe/Brussels"
        );
        assert!(validate_field("timezone", "Mars/Olympus").is_err());
        assert_eq!(validate_field("language", "de-CH").unwrap(), "de-CH");
        assert!(validate_field("language", "not a tag").is_err());
        assert_eq!(
            validate_field("date_format", "DD.MM.YYYY").unwrap(),
            "DD.MM.YYYY"
        );
        assert!(validate_field("date_format", "whenever").is_err());
        assert_eq!(validate_field("country", "  ").unwrap(), "");
        assert!(validate_field("organization", &"x".repeat(201)).is_err());
    }
}

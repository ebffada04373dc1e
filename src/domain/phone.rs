//! A mobile phone number in E.164 (`+4917112345678`), the only form stored, compared and
//! sent to. Parsing and the number's type and region come from libphonenumber's metadata
//! (the `phonenumber` crate); national formats are read in the configured default region.

use std::fmt;

use phonenumber::{Mode, Type, country};

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    e164: String,
    /// ISO 3166-1 alpha-2 region, upper case (`DE`); empty when the metadata names none
    /// (non-geographic numbers).
    region: String,
}

impl PhoneNumber {
    /// Reads what a person typed: international (`+49 171 …`, `0049…`) or national in
    /// `default_region` (`0171 1234567` with `DE`). Refuses what is not a valid number, and
    /// numbers that cannot receive SMS (fixed lines only, premium rate, toll-free, …);
    /// "fixed line or mobile" numbers (as in the US) are accepted.
    pub fn parse(raw: &str, default_region: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid(crate::i18n::tr("err-enter-mobile")));
        }
        if raw.len() > 40 || raw.chars().any(char::is_control) {
            return Err(Invalid(crate::i18n::tr("err-not-a-phone-number")));
        }
        // An international number is read without the default region: the `phonenumber`
        // crate strips the default region's national prefix from a foreign number's digits
        // (with the US as default region, +49 171… became +49 71…, a landline; the property
        // tests found it). Only a national number is read in the default region.
        let number = match international_form(raw, default_region) {
            Some(plus) => phonenumber::parse(None, &plus),
            None => phonenumber::parse(region_id(default_region), raw),
        }
        .map_err(|_| Invalid(crate::i18n::tr("err-phone-with-country")))?;
        if !number.is_valid() || number.extension().is_some() {
            return Err(Invalid(crate::i18n::tr("err-phone-nonexistent")));
        }
        match number.number_type(&phonenumber::metadata::DATABASE) {
            Type::Mobile | Type::FixedLineOrMobile | Type::PersonalNumber => {}
            Type::FixedLine => {
                return Err(Invalid(crate::i18n::tr("err-phone-landline")));
            }
            _ => {
                return Err(Invalid(crate::i18n::tr("err-phone-no-sms")));
            }
        }
        let region = number
            .country()
            .id()
            .map(|id| id.as_ref().to_ascii_uppercase())
            .unwrap_or_default();
        Ok(Self {
            e164: number.format().mode(Mode::E164).to_string(),
            region,
        })
    }

    /// A stored E.164 value, trusted (it was parsed before it was stored).
    pub fn from_stored(e164: &str) -> Self {
        let region = phonenumber::parse(None, e164)
            .ok()
            .and_then(|n| n.country().id())
            .map(|id| id.as_ref().to_ascii_uppercase())
            .unwrap_or_default();
        Self {
            e164: e164.to_string(),
            region,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.e164
    }

    /// The ISO region (`DE`), empty when unknown.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// For pages and messages: all but the last two digits hidden (`+49 ••• ••• ••78`).
    pub fn masked(&self) -> String {
        let digits: Vec<char> = self.e164.chars().collect();
        let keep = digits.len().saturating_sub(2);
        let code_len = phonenumber::parse(None, &self.e164)
            .map(|n| n.code().value().to_string().len())
            .unwrap_or(1);
        digits
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 || i <= code_len || i >= keep {
                    *c
                } else {
                    '•'
                }
            })
            .collect()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

/// `raw` as `+` and its digits when it is written internationally: with a `+`, or with the
/// default region's international call prefix (`00` in most of the world, `011` in North
/// America). `None` for a national number.
fn international_form(raw: &str, default_region: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.starts_with('+') {
        return Some(raw.to_string());
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let region = region_id(default_region)?;
    let metadata = phonenumber::metadata::DATABASE.by_id(region.as_ref())?;
    let prefix = metadata.international_prefix()?.find(&digits)?;
    (prefix.start() == 0 && prefix.end() < digits.len())
        .then(|| format!("+{}", &digits[prefix.end()..]))
}

/// A region code from the configuration (`de`, `DE`); `None` for an empty or unknown one.
pub fn region_id(raw: &str) -> Option<country::Id> {
    let upper = raw.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return None;
    }
    upper.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A foreign number typed internationally keeps all its digits whatever the default
    /// region (the crate used to strip the default region's national prefix from it).
    #[test]
    fn international_numbers_are_read_without_the_default_region() {
        for (raw, region) in [
            ("+49 171 1234567", "US"),
            ("011 49 171 1234567", "US"),
            ("+49 171 1234567", "DE"),
            ("0049 171 1234567", "DE"),
            ("0171 1234567", "DE"),
            ("+491711234567", "GB"),
            ("00491711234567", "FR"),
        ] {
            let number = PhoneNumber::parse(raw, region).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
            assert_eq!(number.as_str(), "+491711234567", "{raw} in {region}");
            assert_eq!(number.region(), "DE");
        }
        let us = PhoneNumber::parse("+1 415 555 2671", "DE").unwrap();
        assert_eq!(us.as_str(), "+14155552671");
    }

    #[test]
    fn national_and_international_forms_meet_in_e164() {
        let national = PhoneNumber::parse("0171 1234567", "DE").unwrap();
        let international = PhoneNumber::parse("+49 171 1234567", "").unwrap();
        let dialled = PhoneNumber::parse("0049 171 1234567", "DE").unwrap();
        assert_eq!(national.as_str(), "+491711234567");
        assert_eq!(national, international);
        assert_eq!(national, dialled);
        assert_eq!(national.region(), "DE");
        assert_eq!(PhoneNumber::from_stored("+491711234567"), national);
    }

    #[test]
    fn landlines_premium_and_nonsense_are_refused() {
        // A Berlin landline, a German premium-rate number, garbage, an extension.
        assert!(
            PhoneNumber::parse("+49 30 12345678", "")
                .unwrap_err()
                .0
                .contains("landline")
        );
        assert!(PhoneNumber::parse("+49 900 1234567", "").is_err());
        for bad in [
            "",
            "hello",
            "+1",
            "12",
            "+49 171 1234567 ext. 12",
            "+999 12345",
        ] {
            assert!(PhoneNumber::parse(bad, "DE").is_err(), "{bad}");
        }
        // National form without a region cannot be read.
        assert!(PhoneNumber::parse("0171 1234567", "").is_err());
    }

    #[test]
    fn us_numbers_are_fixed_line_or_mobile_and_accepted() {
        let us = PhoneNumber::parse("(201) 555-0123", "US").unwrap();
        assert_eq!(us.as_str(), "+12015550123");
        assert_eq!(us.region(), "US");
    }

    #[test]
    fn masking_keeps_the_country_code_and_the_last_two_digits() {
        let n = PhoneNumber::parse("+49 171 1234567", "").unwrap();
        assert_eq!(n.masked(), "+49••••••••67");
    }

    #[test]
    fn regions_are_read_case_blind() {
        assert!(region_id("de").is_some());
        assert!(region_id("").is_none());
        assert!(region_id("zz-top").is_none());
    }
}

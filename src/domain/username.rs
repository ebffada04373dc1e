//! Usernames: a name to sign in with instead of the e-mail (docassemble and Lino both have
//! one). Lower case ASCII so that lookups are exact, starting with a letter and never holding
//! `@` or `+`, so a username can never be read as an address or a phone number.

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 32;

    /// Trims and lower-cases; 3 to 32 of `a-z 0-9 . _ -`, starting with a letter.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim().to_ascii_lowercase();
        let shape_ok = (3..=Self::MAX_LEN).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            });
        if shape_ok {
            Ok(Self(name))
        } else {
            Err(Invalid(
                "a username has 3 to 32 letters, digits, dots, dashes or underscores, and starts with a letter"
                    .into(),
            ))
        }
    }

    /// An optional field: empty means no username.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, Invalid> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lower_case_and_never_look_like_addresses() {
        assert_eq!(Username::parse(" Ada.L ").unwrap().as_str(), "ada.l");
        for bad in [
            "ab",
            "1ada",
            "ada@example.com",
            "+3212345678",
            "ad a",
            "ädä",
            &"a".repeat(33),
        ] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Username::parse_optional("  ").unwrap(), None);
    }
}

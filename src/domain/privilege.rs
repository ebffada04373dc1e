//! Privileges (roles) carried in tokens. The seven built-ins follow docassemble; administrators
//! may add more.

use super::Invalid;

pub const BUILTIN_PRIVILEGES: [&str; 7] = [
    "user",
    "admin",
    "developer",
    "advocate",
    "trainer",
    "cron",
    "customer",
];

/// docassemble's `cron` privilege: "exclusively held by the cron user", here by service
/// accounts only.
pub const CRON: &str = "cron";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Privilege(String);

impl Privilege {
    /// Lower-case letters, digits, `_` and `-`, starting with a letter, at most 64 characters:
    /// names travel in JSON claims and in scope-like configuration keys.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        let ok = !name.is_empty()
            && name.len() <= 64
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if ok {
            Ok(Self(name.to_string()))
        } else {
            Err(Invalid(format!(
                "“{name}” is not a privilege name (lower-case letters, digits, _ and -, starting with a letter)"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_builtin(&self) -> bool {
        BUILTIN_PRIVILEGES.contains(&self.0.as_str())
    }
}

impl std::fmt::Display for Privilege {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

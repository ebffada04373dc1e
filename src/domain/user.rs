//! An end user as the rest of Gatehouse sees one.

use super::{Email, ProfileDetails};

#[derive(Debug, Clone)]
pub struct User {
    /// Stable, opaque, random: the `sub` claim. Never the e-mail.
    pub id: String,
    pub email: Email,
    pub email_verified: bool,
    /// PHC string (argon2id); `None` for accounts that cannot sign in with a password.
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub first_name: String,
    pub last_name: String,
    pub active: bool,
    pub privileges: Vec<String>,
    pub details: ProfileDetails,
    /// The account may be used from this moment (Lino's start date)...
    pub valid_from: Option<i64>,
    /// ... until this moment (Lino's end date).
    pub valid_until: Option<i64>,
    pub created_at: i64,
}

impl User {
    /// Why the account cannot be used at `now`, in words for its owner; `None` when it can.
    pub fn validity_problem(&self, now: i64) -> Option<String> {
        let date = |t: i64| {
            time::OffsetDateTime::from_unix_timestamp(t)
                .map(|d| d.date().to_string())
                .unwrap_or_default()
        };
        match (self.valid_from, self.valid_until) {
            (Some(from), _) if now < from => Some(format!(
                "This account is not valid yet: it opens on {}.",
                date(from)
            )),
            (_, Some(until)) if now >= until => {
                Some(format!("This account expired on {}.", date(until)))
            }
            _ => None,
        }
    }

    /// Active and within its validity dates: may sign in, refresh and use tokens.
    pub fn usable(&self, now: i64) -> bool {
        self.active && self.validity_problem(now).is_none()
    }

    pub fn has_privilege(&self, name: &str) -> bool {
        self.privileges.iter().any(|p| p == name)
    }

    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let name = name.trim();
        if name.is_empty() {
            self.email.to_string()
        } else {
            name.to_string()
        }
    }
}

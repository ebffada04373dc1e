//! An end user as the rest of Gatehouse sees one.

use super::{Email, ProfileDetails};

#[derive(Debug, Clone)]
pub struct User {
    /// Stable, opaque, random: the `sub` claim. Never the e-mail.
    pub id: String,
    /// Optional: people who sign in through an upstream provider without one (X) or by phone
    /// may have none. Mail is only ever sent to a present address.
    pub email: Option<Email>,
    /// Whether `email` was confirmed by its owner (false when there is none).
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
    /// A mobile number (E.164), unique among accounts; a way to sign in once verified.
    pub phone: Option<super::PhoneNumber>,
    /// Whether its owner entered a code sent to `phone` (false when there is none).
    pub phone_verified: bool,
    /// Lino's nickname: what people call them; first in the display name.
    pub nickname: String,
    /// Lino's initials, e.g. `JD`.
    pub initials: String,
    /// A name to sign in with instead of the e-mail (lower case), unique; `None` for none.
    pub username: Option<String>,
    /// Set for service accounts (docassemble's `cron` user): the confidential client whose
    /// client_credentials tokens carry this account. They never sign in interactively.
    pub service_client_id: Option<String>,
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
            (Some(from), _) if now < from => {
                Some(crate::i18n::current().t1("err-account-not-yet", "date", &date(from)))
            }
            (_, Some(until)) if now >= until => {
                Some(crate::i18n::current().t1("err-account-expired", "date", &date(until)))
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

    /// The name to greet them by, as Lino's `__str__`: the nickname, else the full name, else
    /// the initials, else their address, else a short form of their id (never empty).
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        [self.nickname.trim(), name.trim(), self.initials.trim()]
            .into_iter()
            .find(|n| !n.is_empty())
            .map_or_else(|| self.label(), str::to_string)
    }

    pub fn is_service_account(&self) -> bool {
        self.service_client_id.is_some()
    }

    /// How lists and the audit trail name them: the address, else the confirmed phone
    /// number, else `user <first 8 of the id>`.
    pub fn label(&self) -> String {
        match (&self.email, &self.phone) {
            (Some(email), _) => email.to_string(),
            (None, Some(phone)) if self.phone_verified => phone.to_string(),
            _ => format!("user {}", self.id.chars().take(8).collect::<String>()),
        }
    }

    /// The address as text, empty when there is none (for form fields and search).
    pub fn email_text(&self) -> &str {
        self.email.as_ref().map_or("", Email::as_str)
    }

    /// The address that may receive mail about the account: present and confirmed, or any
    /// present one when `unverified_ok` (a verification message itself).
    /// Service accounts receive no mail.
    pub fn mail_address(&self, unverified_ok: bool) -> Option<&Email> {
        self.email
            .as_ref()
            .filter(|_| (self.email_verified || unverified_ok) && !self.is_service_account())
    }
}

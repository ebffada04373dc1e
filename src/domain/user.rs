//! An end user as the rest of Gatehouse sees one.

use super::Email;

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
    pub created_at: i64,
}

impl User {
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

//! OAuth scopes: space-separated tokens (RFC 6749 §3.3) from the set Gatehouse understands.

use std::collections::BTreeSet;

use super::Invalid;

/// Every scope Gatehouse grants. `privileges` adds the user's privilege names to tokens.
pub const KNOWN_SCOPES: [&str; 7] = [
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "privileges",
    "offline_access",
];

/// Scopes that carry an administrative capability (`admin:<capability>`). Only
/// `client_credentials` clients registered with them receive them; they let a machine call
/// the admin API. (`edit_own_profile` has none: a client has no profile of its own.)
pub const ADMIN_SCOPES: [&str; 14] = [
    "admin:access_user_info",
    "admin:edit_user_info",
    "admin:edit_user_active_status",
    "admin:edit_user_password",
    "admin:edit_user_privileges",
    "admin:create_user",
    "admin:invite_user",
    "admin:delete_user",
    "admin:edit_privileges",
    "admin:manage_clients",
    "admin:manage_providers",
    "admin:manage_mfa_policy",
    "admin:view_audit_log",
    "admin:manage_authorities",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope(&'static str);

impl Scope {
    pub const OPENID: Scope = Scope("openid");
    pub const PROFILE: Scope = Scope("profile");
    pub const EMAIL: Scope = Scope("email");
    pub const ADDRESS: Scope = Scope("address");

    pub const PHONE: Scope = Scope("phone");
    pub const PRIVILEGES: Scope = Scope("privileges");
    pub const OFFLINE_ACCESS: Scope = Scope("offline_access");

    pub fn parse(raw: &str) -> Option<Scope> {
        KNOWN_SCOPES
            .iter()
            .chain(ADMIN_SCOPES.iter())
            .find(|s| **s == raw)
            .map(|s| Scope(s))
    }

    /// The capability an `admin:` scope carries.
    pub fn capability(&self) -> Option<super::Capability> {
        self.0
            .strip_prefix("admin:")
            .and_then(|c| super::Capability::parse(c).ok())
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// An ordered set of known scopes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet(BTreeSet<Scope>);

impl ScopeSet {
    /// Parses a space-separated list; an unknown scope is an error naming it.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let mut set = BTreeSet::new();
        for token in raw.split(' ').filter(|t| !t.is_empty()) {
            let scope =
                Scope::parse(token).ok_or_else(|| Invalid(format!("unknown scope “{token}”")))?;
            set.insert(scope);
        }
        Ok(Self(set))
    }

    pub fn from_scopes(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self(scopes.into_iter().collect())
    }

    /// The standard (user-facing) scopes: what a client may ask for unless registered
    /// otherwise. Admin scopes are never included by default.
    pub fn all() -> Self {
        Self(KNOWN_SCOPES.iter().map(|s| Scope(s)).collect())
    }

    /// Whether any scope here is an `admin:` scope.
    pub fn has_admin_scope(&self) -> bool {
        self.0.iter().any(|s| s.capability().is_some())
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    pub fn is_subset(&self, other: &ScopeSet) -> bool {
        self.0.is_subset(&other.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn without(&self, scope: Scope) -> Self {
        Self(self.0.iter().copied().filter(|s| *s != scope).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|s| s.as_str()).collect()
    }
}

impl std::fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.names().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let set = ScopeSet::parse("profile  openid email").unwrap();
        assert_eq!(set.to_string(), "email openid profile");
        assert!(ScopeSet::parse("openid admin").is_err());
        assert!(ScopeSet::parse("").unwrap().is_empty());
    }
}

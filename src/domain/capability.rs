//! Administrative capabilities (docassemble's `permissions`): what a privilege allows in the
//! console and the admin API. `admin` holds them all; the `[permissions]` setting grants any of
//! them to other privileges. Code checks capabilities, never privilege names.

use std::collections::BTreeSet;

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    AccessUserInfo,
    EditUserInfo,
    EditUserActiveStatus,
    EditUserPassword,
    EditUserPrivileges,
    CreateUser,
    InviteUser,
    DeleteUser,
    EditPrivileges,
    ManageClients,
    ManageProviders,
    ManageMfaPolicy,
    ViewAuditLog,
    /// List, create and revoke anyone's authorities (acting for another user).
    ManageAuthorities,
    /// Edit every profile field of one's own account, not only those
    /// `accounts.user_profile_fields` names (docassemble gives this to `admin` and `developer`).
    EditOwnProfile,
}

impl Capability {
    pub const ALL: [Capability; 15] = [
        Self::AccessUserInfo,
        Self::EditUserInfo,
        Self::EditUserActiveStatus,
        Self::EditUserPassword,
        Self::EditUserPrivileges,
        Self::CreateUser,
        Self::InviteUser,
        Self::DeleteUser,
        Self::EditPrivileges,
        Self::ManageClients,
        Self::ManageProviders,
        Self::ManageMfaPolicy,
        Self::ViewAuditLog,
        Self::ManageAuthorities,
        Self::EditOwnProfile,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AccessUserInfo => "access_user_info",
            Self::EditUserInfo => "edit_user_info",
            Self::EditUserActiveStatus => "edit_user_active_status",
            Self::EditUserPassword => "edit_user_password",
            Self::EditUserPrivileges => "edit_user_privileges",
            Self::CreateUser => "create_user",
            Self::InviteUser => "invite_user",
            Self::DeleteUser => "delete_user",
            Self::EditPrivileges => "edit_privileges",
            Self::ManageClients => "manage_clients",
            Self::ManageProviders => "manage_providers",
            Self::ManageMfaPolicy => "manage_mfa_policy",
            Self::ViewAuditLog => "view_audit_log",
            Self::ManageAuthorities => "manage_authorities",
            Self::EditOwnProfile => "edit_own_profile",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == raw.trim())
            .ok_or_else(|| Invalid(format!("unknown capability “{raw}”")))
    }
}

impl std::fmt::Display for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub type Capabilities = BTreeSet<Capability>;

/// The capabilities a set of privileges confers: everything for `admin`, otherwise the union
/// of what `permissions` grants each privilege.
pub fn capabilities_of<'a>(
    privileges: impl IntoIterator<Item = &'a str>,
    permissions: &std::collections::BTreeMap<String, Vec<Capability>>,
) -> Capabilities {
    let mut caps = Capabilities::new();
    for privilege in privileges {
        if privilege == "admin" {
            return Capability::ALL.into_iter().collect();
        }
        if let Some(granted) = permissions.get(privilege) {
            caps.extend(granted.iter().copied());
        }
    }
    caps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_has_all_and_others_what_they_are_granted() {
        let mut permissions = std::collections::BTreeMap::new();
        permissions.insert("advocate".to_string(), vec![Capability::AccessUserInfo]);
        assert_eq!(capabilities_of(["admin"], &permissions).len(), 15);
        assert_eq!(
            capabilities_of(["user", "advocate"], &permissions)
                .into_iter()
                .collect::<Vec<_>>(),
            vec![Capability::AccessUserInfo]
        );
        assert!(capabilities_of(["user"], &permissions).is_empty());
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.as_str()).unwrap(), c);
        }
        assert!(Capability::parse("root").is_err());
    }
}

//! What the audit trail records: one variant per kind of event, so a typo cannot invent a
//! kind nobody searches for, and the console and API can list every kind there is. The
//! stored and searched names are the `snake_case` strings.

macro_rules! audit_kinds {
    ($($variant:ident => $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditKind {
            $($variant,)*
        }

        impl AuditKind {
            pub const ALL: &'static [AuditKind] = &[$(AuditKind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditKind::$variant => $name,)*
                }
            }

            /// A stored or searched name; `None` for one this version does not know.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $($name => Some(AuditKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_kinds! {
    // Signing in and out.
    SignIn => "sign_in",
    SignInFailed => "sign_in_failed",
    SignInRefused => "sign_in_refused",
    SessionEnded => "session_ended",
    // Upstream providers.
    UpstreamFailed => "upstream_failed",
    UpstreamLinked => "upstream_linked",
    UpstreamUnlinked => "upstream_unlinked",
    AdminProviderCreated => "admin_provider_created",
    AdminProviderUpdated => "admin_provider_updated",
    AdminProviderDeleted => "admin_provider_deleted",
    // Text messages and phones.
    SmsSent => "sms_sent",
    SmsFailed => "sms_failed",
    SmsLimited => "sms_limited",
    PhoneAdded => "phone_added",
    PhoneRemoved => "phone_removed",
    // Second factors.
    MfaPassed => "mfa_passed",
    MfaFailed => "mfa_failed",
    MfaEnabled => "mfa_enabled",
    MfaDisabled => "mfa_disabled",
    RecoveryCodesRenewed => "recovery_codes_renewed",
    // Accounts, by their owners.
    SignUp => "sign_up",
    SignUpExisting => "sign_up_existing",
    EmailVerified => "email_verified",
    VerificationResent => "verification_resent",
    EmailChangeRequested => "email_change_requested",
    EmailChanged => "email_changed",
    PasswordChanged => "password_changed",
    PasswordResetRequested => "password_reset_requested",
    PasswordReset => "password_reset",
    ProfileUpdated => "profile_updated",
    ConsentRevoked => "consent_revoked",
    AccountDeleted => "account_deleted",
    // Acting for another user (authorities).
    AuthorityGranted => "authority_granted",
    AuthorityRevoked => "authority_revoked",
    AuthorityUsed => "authority_used",
    ActingStarted => "acting_started",
    ActingStopped => "acting_stopped",
    // Administration.
    AdminUserCreated => "admin_user_created",
    AdminUserUpdated => "admin_user_updated",
    AdminUserDeactivated => "admin_user_deactivated",
    AdminUserReactivated => "admin_user_reactivated",
    AdminUserDeleted => "admin_user_deleted",
    AdminPrivilegesSet => "admin_privileges_set",
    AdminPasswordSet => "admin_password_set",
    AdminPasswordResetSent => "admin_password_reset_sent",
    AdminSessionsEnded => "admin_sessions_ended",
    AdminSessionEnded => "admin_session_ended",
    AdminWelcomeMailSent => "admin_welcome_mail_sent",
    AdminMfaReset => "admin_mfa_reset",
    AdminClientCreated => "admin_client_created",
    AdminClientUpdated => "admin_client_updated",
    AdminClientSecretRotated => "admin_client_secret_rotated",
    AdminClientDeleted => "admin_client_deleted",
    PrivilegeAdded => "privilege_added",
    PrivilegeDeleted => "privilege_deleted",
    InvitationSent => "invitation_sent",
    InvitationResent => "invitation_resent",
    InvitationRevoked => "invitation_revoked",
    MfaPolicyChanged => "mfa_policy_changed",
    ApiKeyCreated => "api_key_created",
    ApiKeyRevoked => "api_key_revoked",
    ServiceAccountCreated => "service_account_created",
    // The audit trail itself: unauthenticated events from one address over its cap.
    AuditSuppressed => "audit_suppressed",
}

impl std::fmt::Display for AuditKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::AuditKind;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(*kind));
            assert!(seen.insert(kind.as_str()), "{kind} twice");
        }
        assert_eq!(AuditKind::parse("no_such_kind"), None);
    }
}

# Words the console's Rust code chooses (src/web/console/): notices, titles, refusals, labels.

## Console: notices after a redirect (src/web/console/mod.rs)
admin-notice-created = Created.
admin-notice-saved = Saved.
admin-notice-deleted = Deleted.
admin-notice-sent = Sent.
admin-notice-sms-sent = The test message was sent.
admin-notice-revoked = Revoked.
admin-notice-ended = Every session of this user was ended.
admin-notice-session-ended = The session was ended: that browser is signed out.
admin-notice-welcome-sent = The welcome mail was sent.
admin-notice-deactivated = The user is deactivated: their sessions and tokens no longer work.
admin-notice-reactivated = The user is active again.
admin-notice-second-factor-reset = The second factor was removed and the user was told by e-mail.

## Console: refusals and errors (src/web/console/*.rs)
admin-not-done = Not done
admin-no-such-record = There is no such record.
admin-no-powers-title = No administrative powers
admin-no-powers = Your account has no administrative capabilities.
# After the field's name (“confirm: …”), so in lower case.
admin-confirm-deletion = tick the box to confirm the deletion
admin-confirm-reset = tick the box to confirm the reset

## Console: API keys (src/web/console/api_keys.rs)
admin-api-keys-never = never
admin-api-keys-days-invalid = must be a positive number of days
admin-api-keys-created-title = API key created
admin-api-keys-created-explanation = Send it as “Authorization: Bearer <key>” to /api/admin/v1.

## Console: authorities and service accounts (src/web/console/authorities.rs)
admin-authorities-deleted-user = deleted user { $id }
admin-authorities-every-client = every client
admin-authorities-all-privileges = all
admin-authorities-status-active = active
admin-authorities-status-revoked = revoked
admin-authorities-status-not-yet-valid = not yet valid
admin-authorities-status-expired = expired
admin-service-account-created-title = Service account created
admin-service-account-created-explanation = { $name } signs in with client_credentials as client “{ $client }” with this secret. It is shown only now: store it where the job runs.

## Console: clients (src/web/console/clients.rs)
admin-client-registered-title = Client registered
admin-client-registered-explanation = Client id { $id }. Its secret:
admin-client-new-secret-title = New client secret
admin-client-new-secret-explanation = The old secret of { $id } no longer works. The new one:
admin-client-rotate-unconfirmed = tick the box to confirm that the old secret stops working

## Console: dashboard chart (src/web/console/dashboard.rs)
admin-dashboard-legend-upstream = sign-ins through { $provider }
# $method is the method's name as recorded, in English: password, phone, password + authenticator app…
admin-dashboard-legend-method = sign-ins by { $method }
admin-dashboard-legend-failed = failed attempts
admin-dashboard-chart-label = Sign-ins per day
admin-dashboard-chart-failed = { $count } failed

## Console: user page (src/web/console/users.rs)
admin-user-field-username = Username (empty: signs in with the e-mail)
# After the field's name (“valid_from: …”), so in lower case.
admin-user-date-invalid = is not a date like 2027-01-31

## Console: sessions, providers, two-step policy (src/web/console/{sessions,providers,mfa}.rs)
admin-sessions-unknown-address = unknown
admin-provider-order-invalid = the order is a whole number
admin-mfa-method-app = Authenticator app (TOTP)
admin-mfa-method-sms = Text message (SMS) to a verified phone

## Console: invitation status (src/web/console/invitations.rs)
admin-invitations-status-accepted = accepted
admin-invitations-status-revoked = revoked
admin-invitations-status-expired = expired
admin-invitations-status-open = open

## Console: audit event kinds (src/web/console/audit.rs kind_label), one per AuditKind; English as the kind's words
admin-kind-sign_in = Sign in
admin-kind-sign_in_failed = Sign in failed
admin-kind-sign_in_refused = Sign in refused
admin-kind-session_ended = Session ended
admin-kind-upstream_failed = Upstream failed
admin-kind-upstream_linked = Upstream linked
admin-kind-upstream_unlinked = Upstream unlinked
admin-kind-admin_provider_created = Admin provider created
admin-kind-admin_provider_updated = Admin provider updated
admin-kind-admin_provider_deleted = Admin provider deleted
admin-kind-sms_sent = Sms sent
admin-kind-sms_failed = Sms failed
admin-kind-sms_limited = Sms limited
admin-kind-phone_added = Phone added
admin-kind-phone_removed = Phone removed
admin-kind-mfa_passed = Mfa passed
admin-kind-mfa_failed = Mfa failed
admin-kind-mfa_enabled = Mfa enabled
admin-kind-mfa_disabled = Mfa disabled
admin-kind-recovery_codes_renewed = Recovery codes renewed
admin-kind-sign_up = Sign up
admin-kind-sign_up_existing = Sign up existing
admin-kind-email_verified = Email verified
admin-kind-verification_resent = Verification resent
admin-kind-email_change_requested = Email change requested
admin-kind-email_changed = Email changed
admin-kind-password_changed = Password changed
admin-kind-password_reset_requested = Password reset requested
admin-kind-password_reset = Password reset
admin-kind-profile_updated = Profile updated
admin-kind-consent_revoked = Consent revoked
admin-kind-account_deleted = Account deleted
admin-kind-authority_granted = Authority granted
admin-kind-authority_revoked = Authority revoked
admin-kind-authority_used = Authority used
admin-kind-acting_started = Acting started
admin-kind-acting_stopped = Acting stopped
admin-kind-admin_user_created = Admin user created
admin-kind-admin_user_updated = Admin user updated
admin-kind-admin_user_deactivated = Admin user deactivated
admin-kind-admin_user_reactivated = Admin user reactivated
admin-kind-admin_user_deleted = Admin user deleted
admin-kind-admin_privileges_set = Admin privileges set
admin-kind-admin_password_set = Admin password set
admin-kind-admin_password_reset_sent = Admin password reset sent
admin-kind-admin_sessions_ended = Admin sessions ended
admin-kind-admin_session_ended = Admin session ended
admin-kind-admin_welcome_mail_sent = Admin welcome mail sent
admin-kind-admin_mfa_reset = Admin mfa reset
admin-kind-admin_client_created = Admin client created
admin-kind-admin_client_updated = Admin client updated
admin-kind-admin_client_secret_rotated = Admin client secret rotated
admin-kind-admin_client_deleted = Admin client deleted
admin-kind-privilege_added = Privilege added
admin-kind-privilege_deleted = Privilege deleted
admin-kind-invitation_sent = Invitation sent
admin-kind-invitation_resent = Invitation resent
admin-kind-invitation_revoked = Invitation revoked
admin-kind-mfa_policy_changed = Mfa policy changed
admin-kind-api_key_created = Api key created
admin-kind-api_key_revoked = Api key revoked
admin-kind-service_account_created = Service account created
admin-kind-audit_suppressed = Audit suppressed

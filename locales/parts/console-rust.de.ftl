# Wörter, die der Rust-Code der Verwaltung wählt (src/web/console/): Hinweise, Titel, Ablehnungen, Beschriftungen.

## Console: notices after a redirect (src/web/console/mod.rs)
admin-notice-created = Erstellt.
admin-notice-saved = Gespeichert.
admin-notice-deleted = Gelöscht.
admin-notice-sent = Gesendet.
admin-notice-sms-sent = Die Testnachricht wurde gesendet.
admin-notice-revoked = Widerrufen.
admin-notice-ended = Alle Sitzungen dieses Benutzers wurden beendet.
admin-notice-session-ended = Die Sitzung wurde beendet: Dieser Browser ist abgemeldet.
admin-notice-welcome-sent = Die Willkommens-E-Mail wurde gesendet.
admin-notice-deactivated = Der Benutzer ist deaktiviert: Seine Sitzungen und Tokens funktionieren nicht mehr.
admin-notice-reactivated = Der Benutzer ist wieder aktiv.
admin-notice-second-factor-reset = Der zweite Faktor wurde entfernt und der Benutzer per E-Mail informiert.

## Console: refusals and errors (src/web/console/*.rs)
admin-not-done = Nicht ausgeführt
admin-no-such-record = Diesen Eintrag gibt es nicht.
admin-no-powers-title = Keine Verwaltungsbefugnisse
admin-no-powers = Ihr Konto hat keine Verwaltungsbefugnisse.
# Nach dem Namen des Feldes („confirm: …“), daher klein geschrieben.
admin-confirm-deletion = setzen Sie das Häkchen, um das Löschen zu bestätigen
admin-confirm-reset = setzen Sie das Häkchen, um das Zurücksetzen zu bestätigen

## Console: API keys (src/web/console/api_keys.rs)
admin-api-keys-never = nie
admin-api-keys-days-invalid = muss eine positive Anzahl von Tagen sein
admin-api-keys-created-title = API-Schlüssel erstellt
admin-api-keys-created-explanation = Senden Sie ihn als „Authorization: Bearer <Schlüssel>“ an /api/admin/v1.

## Console: authorities and service accounts (src/web/console/authorities.rs)
admin-authorities-deleted-user = gelöschter Benutzer { $id }
admin-authorities-every-client = alle Clients
admin-authorities-all-privileges = alle
admin-authorities-status-active = gültig
admin-authorities-status-revoked = widerrufen
admin-authorities-status-not-yet-valid = noch nicht gültig
admin-authorities-status-expired = abgelaufen
admin-service-account-created-title = Dienstkonto erstellt
admin-service-account-created-explanation = { $name } meldet sich mit client_credentials als Client „{ $client }“ mit diesem Geheimnis an. Es wird nur jetzt angezeigt: Bewahren Sie es dort auf, wo der Job läuft.

## Console: clients (src/web/console/clients.rs)
admin-client-registered-title = Client registriert
admin-client-registered-explanation = Client-ID { $id }. Sein Geheimnis:
admin-client-new-secret-title = Neues Client-Geheimnis
admin-client-new-secret-explanation = Das alte Geheimnis von { $id } funktioniert nicht mehr. Das neue:
admin-client-rotate-unconfirmed = setzen Sie das Häkchen, um zu bestätigen, dass das alte Geheimnis ungültig wird

## Console: dashboard chart (src/web/console/dashboard.rs)
admin-dashboard-legend-upstream = Anmeldungen über { $provider }
# $method ist der Name des Verfahrens, wie er protokolliert wird, auf Englisch: password, phone, password + authenticator app …
admin-dashboard-legend-method = Anmeldungen per { $method }
admin-dashboard-legend-failed = fehlgeschlagene Versuche
admin-dashboard-chart-label = Anmeldungen pro Tag
admin-dashboard-chart-failed = { $count } fehlgeschlagen

## Console: user page (src/web/console/users.rs)
admin-user-field-username = Benutzername (leer: Anmeldung mit der E-Mail-Adresse)
# Nach dem Namen des Feldes („valid_from: …“), daher klein geschrieben.
admin-user-date-invalid = ist kein Datum wie 2027-01-31

## Console: sessions, providers, two-step policy (src/web/console/{sessions,providers,mfa}.rs)
admin-sessions-unknown-address = unbekannt
admin-provider-order-invalid = die Reihenfolge muss eine ganze Zahl sein
admin-mfa-method-app = Authenticator-App (TOTP)
admin-mfa-method-sms = SMS an eine bestätigte Telefonnummer

## Console: invitation status (src/web/console/invitations.rs)
admin-invitations-status-accepted = angenommen
admin-invitations-status-revoked = widerrufen
admin-invitations-status-expired = abgelaufen
admin-invitations-status-open = offen

## Console: audit event kinds (src/web/console/audit.rs kind_label), one per AuditKind; English as the kind's words
admin-kind-sign_in = Anmeldung
admin-kind-sign_in_failed = Anmeldung fehlgeschlagen
admin-kind-sign_in_refused = Anmeldung abgelehnt
admin-kind-session_ended = Sitzung beendet
admin-kind-upstream_failed = Anmeldung über Anbieter fehlgeschlagen
admin-kind-upstream_linked = Anmeldeanbieter verknüpft
admin-kind-upstream_unlinked = Verknüpfung mit Anmeldeanbieter aufgehoben
admin-kind-admin_provider_created = Verwaltung: Anmeldeanbieter hinzugefügt
admin-kind-admin_provider_updated = Verwaltung: Anmeldeanbieter geändert
admin-kind-admin_provider_deleted = Verwaltung: Anmeldeanbieter gelöscht
admin-kind-sms_sent = SMS gesendet
admin-kind-sms_failed = SMS-Versand fehlgeschlagen
admin-kind-sms_limited = SMS durch Limit abgelehnt
admin-kind-phone_added = Telefonnummer hinzugefügt
admin-kind-phone_removed = Telefonnummer entfernt
admin-kind-mfa_passed = Zweiter Faktor bestanden
admin-kind-mfa_failed = Zweiter Faktor fehlgeschlagen
admin-kind-mfa_enabled = Zwei-Schritt-Anmeldung eingeschaltet
admin-kind-mfa_disabled = Zwei-Schritt-Anmeldung ausgeschaltet
admin-kind-recovery_codes_renewed = Wiederherstellungscodes erneuert
admin-kind-sign_up = Registrierung
admin-kind-sign_up_existing = Registrierung mit vorhandener Adresse
admin-kind-email_verified = E-Mail-Adresse bestätigt
admin-kind-verification_resent = Bestätigung erneut gesendet
admin-kind-email_change_requested = Änderung der E-Mail-Adresse angefordert
admin-kind-email_changed = E-Mail-Adresse geändert
admin-kind-password_changed = Passwort geändert
admin-kind-password_reset_requested = Zurücksetzen des Passworts angefordert
admin-kind-password_reset = Passwort zurückgesetzt
admin-kind-profile_updated = Profil geändert
admin-kind-consent_revoked = Zustimmung widerrufen
admin-kind-account_deleted = Konto gelöscht
admin-kind-authority_granted = Vollmacht erteilt
admin-kind-authority_revoked = Vollmacht widerrufen
admin-kind-authority_used = Vollmacht verwendet
admin-kind-acting_started = Handeln in Vollmacht begonnen
admin-kind-acting_stopped = Handeln in Vollmacht beendet
admin-kind-admin_user_created = Verwaltung: Benutzer angelegt
admin-kind-admin_user_updated = Verwaltung: Benutzer geändert
admin-kind-admin_user_deactivated = Verwaltung: Benutzer deaktiviert
admin-kind-admin_user_reactivated = Verwaltung: Benutzer reaktiviert
admin-kind-admin_user_deleted = Verwaltung: Benutzer gelöscht
admin-kind-admin_privileges_set = Verwaltung: Berechtigungen festgelegt
admin-kind-admin_password_set = Verwaltung: Passwort festgelegt
admin-kind-admin_password_reset_sent = Verwaltung: Link zum Zurücksetzen des Passworts gesendet
admin-kind-admin_sessions_ended = Verwaltung: alle Sitzungen beendet
admin-kind-admin_session_ended = Verwaltung: Sitzung beendet
admin-kind-admin_welcome_mail_sent = Verwaltung: Willkommens-E-Mail gesendet
admin-kind-admin_mfa_reset = Verwaltung: zweiter Faktor zurückgesetzt
admin-kind-admin_client_created = Verwaltung: Client registriert
admin-kind-admin_client_updated = Verwaltung: Client geändert
admin-kind-admin_client_secret_rotated = Verwaltung: Client-Geheimnis erneuert
admin-kind-admin_client_deleted = Verwaltung: Client gelöscht
admin-kind-privilege_added = Berechtigung hinzugefügt
admin-kind-privilege_deleted = Berechtigung gelöscht
admin-kind-invitation_sent = Einladung gesendet
admin-kind-invitation_resent = Einladung erneut gesendet
admin-kind-invitation_revoked = Einladung widerrufen
admin-kind-mfa_policy_changed = Regeln für die Zwei-Schritt-Anmeldung geändert
admin-kind-api_key_created = API-Schlüssel erstellt
admin-kind-api_key_revoked = API-Schlüssel widerrufen
admin-kind-service_account_created = Dienstkonto erstellt
admin-kind-audit_suppressed = Weitere Ereignisse nicht protokolliert

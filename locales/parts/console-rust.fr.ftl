# Mots choisis par le code Rust de la console (src/web/console/) : avis, titres, refus, libellés.

## Console: notices after a redirect (src/web/console/mod.rs)
admin-notice-created = Créé.
admin-notice-saved = Enregistré.
admin-notice-deleted = Supprimé.
admin-notice-sent = Envoyé.
admin-notice-sms-sent = Le message de test a été envoyé.
admin-notice-revoked = Révoqué.
admin-notice-ended = Toutes les sessions de cet utilisateur ont été terminées.
admin-notice-session-ended = La session a été terminée : ce navigateur est déconnecté.
admin-notice-welcome-sent = L'e-mail de bienvenue a été envoyé.
admin-notice-deactivated = L'utilisateur est désactivé : ses sessions et ses jetons ne fonctionnent plus.
admin-notice-reactivated = L'utilisateur est de nouveau actif.
admin-notice-second-factor-reset = Le second facteur a été retiré et l'utilisateur en a été informé par e-mail.

## Console: refusals and errors (src/web/console/*.rs)
admin-not-done = Non effectué
admin-no-such-record = Cet enregistrement n'existe pas.
admin-no-powers-title = Aucun pouvoir d'administration
admin-no-powers = Votre compte n'a aucune capacité d'administration.
# Après le nom du champ (« confirm: … »), d'où la minuscule.
admin-confirm-deletion = cochez la case pour confirmer la suppression
admin-confirm-reset = cochez la case pour confirmer la réinitialisation

## Console: API keys (src/web/console/api_keys.rs)
admin-api-keys-never = jamais
admin-api-keys-days-invalid = doit être un nombre de jours positif
admin-api-keys-created-title = Clé d'API créée
admin-api-keys-created-explanation = Envoyez-la sous la forme « Authorization: Bearer <clé> » à /api/admin/v1.

## Console: authorities and service accounts (src/web/console/authorities.rs)
admin-authorities-deleted-user = utilisateur supprimé { $id }
admin-authorities-every-client = tous les clients
admin-authorities-all-privileges = tous
admin-authorities-status-active = active
admin-authorities-status-revoked = révoquée
admin-authorities-status-not-yet-valid = pas encore valable
admin-authorities-status-expired = expirée
admin-service-account-created-title = Compte de service créé
admin-service-account-created-explanation = { $name } se connecte avec client_credentials en tant que client « { $client } » avec ce secret. Il n'est affiché que maintenant : conservez-le là où la tâche s'exécute.

## Console: clients (src/web/console/clients.rs)
admin-client-registered-title = Client enregistré
admin-client-registered-explanation = Identifiant client { $id }. Son secret :
admin-client-new-secret-title = Nouveau secret client
admin-client-new-secret-explanation = L'ancien secret de { $id } ne fonctionne plus. Le nouveau :
admin-client-rotate-unconfirmed = cochez la case pour confirmer que l'ancien secret cessera de fonctionner

## Console: dashboard chart (src/web/console/dashboard.rs)
admin-dashboard-legend-upstream = connexions via { $provider }
# $method est le nom de la méthode tel qu'il est journalisé, en anglais : password, phone, password + authenticator app…
admin-dashboard-legend-method = connexions par { $method }
admin-dashboard-legend-failed = tentatives échouées
admin-dashboard-chart-label = Connexions par jour
admin-dashboard-chart-failed = { $count ->
        [one] { $count } échec
       *[other] { $count } échecs
    }

## Console: user page (src/web/console/users.rs)
admin-user-field-username = Nom d'utilisateur (vide : connexion avec l'e-mail)
# Après le nom du champ (« valid_from: … »), d'où la minuscule.
admin-user-date-invalid = n'est pas une date comme 2027-01-31

## Console: sessions, providers, two-step policy (src/web/console/{sessions,providers,mfa}.rs)
admin-sessions-unknown-address = inconnue
admin-provider-order-invalid = l'ordre doit être un nombre entier
admin-mfa-method-app = Application d'authentification (TOTP)
admin-mfa-method-sms = SMS vers un téléphone vérifié

## Console: invitation status (src/web/console/invitations.rs)
admin-invitations-status-accepted = acceptée
admin-invitations-status-revoked = révoquée
admin-invitations-status-expired = expirée
admin-invitations-status-open = en attente

## Console: audit event kinds (src/web/console/audit.rs kind_label), one per AuditKind; English as the kind's words
admin-kind-sign_in = Connexion
admin-kind-sign_in_failed = Échec de connexion
admin-kind-sign_in_refused = Connexion refusée
admin-kind-session_ended = Session terminée
admin-kind-upstream_failed = Échec de connexion via un fournisseur
admin-kind-upstream_linked = Fournisseur de connexion associé
admin-kind-upstream_unlinked = Fournisseur de connexion dissocié
admin-kind-admin_provider_created = Administration : fournisseur de connexion ajouté
admin-kind-admin_provider_updated = Administration : fournisseur de connexion modifié
admin-kind-admin_provider_deleted = Administration : fournisseur de connexion supprimé
admin-kind-sms_sent = SMS envoyé
admin-kind-sms_failed = Échec de l'envoi d'un SMS
admin-kind-sms_limited = SMS refusé par les limites
admin-kind-phone_added = Numéro de téléphone ajouté
admin-kind-phone_removed = Numéro de téléphone retiré
admin-kind-mfa_passed = Second facteur validé
admin-kind-mfa_failed = Échec du second facteur
admin-kind-mfa_enabled = Connexion en deux étapes activée
admin-kind-mfa_disabled = Connexion en deux étapes désactivée
admin-kind-recovery_codes_renewed = Codes de récupération renouvelés
admin-kind-sign_up = Inscription
admin-kind-sign_up_existing = Inscription avec une adresse existante
admin-kind-email_verified = Adresse e-mail vérifiée
admin-kind-verification_resent = Vérification renvoyée
admin-kind-email_change_requested = Changement d'adresse e-mail demandé
admin-kind-email_changed = Adresse e-mail modifiée
admin-kind-password_changed = Mot de passe modifié
admin-kind-password_reset_requested = Réinitialisation du mot de passe demandée
admin-kind-password_reset = Mot de passe réinitialisé
admin-kind-profile_updated = Profil modifié
admin-kind-consent_revoked = Consentement révoqué
admin-kind-account_deleted = Compte supprimé
admin-kind-authority_granted = Procuration accordée
admin-kind-authority_revoked = Procuration révoquée
admin-kind-authority_used = Procuration utilisée
admin-kind-acting_started = Action par procuration commencée
admin-kind-acting_stopped = Action par procuration terminée
admin-kind-admin_user_created = Administration : utilisateur créé
admin-kind-admin_user_updated = Administration : utilisateur modifié
admin-kind-admin_user_deactivated = Administration : utilisateur désactivé
admin-kind-admin_user_reactivated = Administration : utilisateur réactivé
admin-kind-admin_user_deleted = Administration : utilisateur supprimé
admin-kind-admin_privileges_set = Administration : privilèges définis
admin-kind-admin_password_set = Administration : mot de passe défini
admin-kind-admin_password_reset_sent = Administration : lien de réinitialisation du mot de passe envoyé
admin-kind-admin_sessions_ended = Administration : toutes les sessions terminées
admin-kind-admin_session_ended = Administration : session terminée
admin-kind-admin_welcome_mail_sent = Administration : e-mail de bienvenue envoyé
admin-kind-admin_mfa_reset = Administration : second facteur réinitialisé
admin-kind-admin_client_created = Administration : client enregistré
admin-kind-admin_client_updated = Administration : client modifié
admin-kind-admin_client_secret_rotated = Administration : secret client renouvelé
admin-kind-admin_client_deleted = Administration : client supprimé
admin-kind-privilege_added = Privilège ajouté
admin-kind-privilege_deleted = Privilège supprimé
admin-kind-invitation_sent = Invitation envoyée
admin-kind-invitation_resent = Invitation renvoyée
admin-kind-invitation_revoked = Invitation révoquée
admin-kind-mfa_policy_changed = Règles de la connexion en deux étapes modifiées
admin-kind-api_key_created = Clé d'API créée
admin-kind-api_key_revoked = Clé d'API révoquée
admin-kind-service_account_created = Compte de service créé
admin-kind-audit_suppressed = Autres événements non journalisés

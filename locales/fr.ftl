# Les pages de Gatehouse en français. Chaque langue a les mêmes messages (un test le vérifie).
# Variables : { $client } le nom d'une application, { $name } le nom d'une personne.

language = Langue
signed-in-as = Connecté en tant que { $name }

login-title = Se connecter
login-continue-to = pour continuer vers { $client }
login-already = Vous êtes connecté en tant que { $name }.
login-go-to-account = Aller à votre compte
login-or-someone-else = ou connectez-vous ci-dessous avec un autre compte.
login-or-email = ou avec votre adresse e-mail
login-identifier = Adresse e-mail ou nom d'utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-phone = Se connecter avec votre téléphone
login-forgot = Mot de passe oublié ?
login-register = Créer un compte

consent-title = Autoriser l'accès à { $client } ?
consent-not-you = Ce n'est pas vous ?
consent-switch = Se déconnecter et utiliser un autre compte
consent-acting = Vous agissez pour { $name } : { $client } reçoit ses informations et sait que vous agissez pour cette personne.
consent-confirm-only = { $client } souhaite confirmer votre identité.
consent-asking = { $client } demande :
consent-read-first = Avant d'autoriser, lisez ce que { $client } dit de vos données :
consent-policy = Politique de confidentialité
consent-terms = Conditions d'utilisation
consent-deny = Refuser
consent-allow = Autoriser

scope-profile = Votre nom
scope-email = Votre adresse e-mail
scope-address = Votre pays et votre région
scope-phone = Votre numéro de téléphone
scope-privileges = Vos privilèges (rôles)
scope-offline_access = Rester connecté à l'application en votre absence

act-as-title = Sous quel nom vous connectez-vous à { $client } ?
act-as-legend = Agir en tant que
act-as-myself = Moi-même ({ $name })
act-as-explained = Quand vous agissez pour quelqu'un, { $client } voit cette personne et sait que vous agissez pour elle. C'est consigné dans l'historique de son compte.
act-as-none = { $client } vous a demandé d'agir pour quelqu'un, mais vous n'avez aucune procuration de cette personne pour cette application.
act-as-continue = Continuer

message-your-account = Votre compte
message-sign-in = Se connecter

register-title = Créer un compte
register-closed = Les inscriptions sont fermées. Demandez une invitation à un administrateur.
register-first-name = Prénom
register-last-name = Nom
register-email = Adresse e-mail
register-username = Nom d'utilisateur
register-optional = (facultatif)
register-username-hint = De 3 à 32 lettres, chiffres, points, tirets ou traits de soulignement, en commençant par une lettre. Connectez-vous avec lui ou avec votre adresse e-mail.
register-password-hint = Au moins { $count } caractères. Quelques mots sans rapport entre eux sont sûrs et faciles à retenir.
register-submit = Créer le compte
register-have-account = Vous avez déjà un compte ?

forgot-title = Réinitialiser votre mot de passe
forgot-lead = Saisissez l'adresse e-mail de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-sent = Si un compte utilise cette adresse, un message avec un lien pour choisir un nouveau mot de passe est en route. Le lien est valable { $minutes } minutes.
forgot-back = Retour à la connexion
forgot-submit = Envoyer le lien

## E-mails
mail-welcome-subject = Bienvenue sur { $appname }
mail-invite-subject = Vous êtes invité·e sur { $appname }
mail-verify-subject = Confirmez votre adresse e-mail pour { $appname }
mail-verify-change-subject = Confirmez votre nouvelle adresse e-mail pour { $appname }
mail-reset-subject = Réinitialisez votre mot de passe { $appname }

## Refus (src/web/wording.rs)
error-not-possible = Impossible
error-internal-title = Une erreur s’est produite
error-internal = Gatehouse n’a pas pu traiter cette demande. Veuillez réessayer dans un instant.
error-unavailable-title = Temporairement indisponible
error-unavailable = Gatehouse ne parvient pas à joindre sa base de données pour le moment. Rien n’a été modifié ; veuillez réessayer dans quelques secondes.
error-invalid-credentials = L’adresse e-mail ou le mot de passe est incorrect.
error-too-many-failed = Trop de tentatives échouées. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-account-disabled = Ce compte a été désactivé. Contactez votre administrateur.
error-email-not-verified = Confirmez votre adresse e-mail avant de vous connecter.
error-sign-in-disabled = La connexion est désactivée pour maintenance. Veuillez réessayer plus tard.
error-wrong-second-factor = Ce code n’est pas correct. Vérifiez que l’horloge de votre téléphone est à l’heure et utilisez le code le plus récent.
error-wrong-recovery-code = Ce code de récupération n’est pas correct, ou il a déjà servi : chaque code ne fonctionne qu’une fois. Saisissez-le tel qu’il figure sur votre liste.
error-step-expired = Cette étape a expiré. Recommencez.
error-wrong-code = Le code est erroné ou a expiré. Consultez le dernier message ou demandez-en un nouveau.
error-link-expired = Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.
error-too-many-attempts = Trop de tentatives. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-country-not-allowed = Les SMS ne peuvent pas être envoyés aux numéros de ce pays.
error-code-cooldown = Un code vient d’être envoyé à ce numéro. Vous pourrez en demander un nouveau dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-too-many-codes = Trop de codes ont été demandés. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-sms-unavailable = Le SMS n’a pas pu être envoyé pour le moment. Veuillez réessayer dans une minute.
error-mail-unavailable = Nous n’avons pas pu envoyer l’e-mail pour le moment. Veuillez réessayer dans une minute.
error-provider-unavailable = Cette option de connexion n’est pas disponible.
error-federation-state = Ce lien de connexion a expiré ou a déjà été utilisé. Recommencez depuis la page de connexion.
error-federation-cancelled = La connexion a été annulée chez { $provider }.
error-federation-refused = { $provider } n’a pas terminé la connexion.
error-federation-upstream = { $provider } n’a pas pu vous connecter. Réessayez, ou choisissez une autre façon de vous connecter.
error-federation-rate-limited = Trop de connexions ont été lancées depuis votre réseau. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
federation-title-unavailable = Option de connexion indisponible
federation-unavailable = Cette façon de se connecter n’est pas disponible. Choisissez-en une autre sur la page de connexion.
federation-title-expired = Connexion expirée
federation-title-cancelled = Connexion annulée
federation-title-not-completed = Connexion non terminée
federation-title-failed = Échec de la connexion
federation-title-too-many = Trop de connexions

## Avis et titres choisis par les gestionnaires
signed-out-title = Vous êtes déconnecté·e
signed-out-close = Vous pouvez fermer cette fenêtre.
link-not-valid = Lien non valide
go-to-sign-in = Aller à la connexion
reset-link-expired = Ce lien de réinitialisation du mot de passe a expiré ou a déjà été utilisé. Demandez-en un nouveau.
invitation-not-valid = Invitation non valide
invitation-expired = Cette invitation a expiré, a été révoquée ou a déjà été utilisée. Demandez-en une nouvelle.
deleted-title = Votre compte est supprimé
deleted-message = Votre compte, ses sessions, jetons, applications connectées et second facteur sont effacés. Merci de l’avoir utilisé.
notice-email-changed = Votre nouvelle adresse e-mail est confirmée et utilisée.
notice-email-code-sent = Nous avons envoyé un code à la nouvelle adresse. Saisissez-le ci-dessous, ou ouvrez le lien du message.
notice-phone-saved = Votre numéro est confirmé et enregistré.
notice-phone-removed = Votre numéro a été supprimé.
notice-authority-granted = La procuration est accordée. La personne en a été informée par e-mail.
notice-authority-revoked = La procuration est révoquée : elle a cessé de fonctionner immédiatement.
notice-authority-acting = Vous agissez désormais pour cette personne dans les applications couvertes par la procuration.
notice-authority-stopped = Vous agissez de nouveau pour vous-même.
notice-linked = Associé. Vous pouvez maintenant vous connecter avec.
notice-email-confirmed = Votre adresse e-mail est confirmée. Vous pouvez vous connecter maintenant.
notice-account-ready = Votre compte est prêt. Connectez-vous avec votre nouveau mot de passe.
notice-mfa-on = La connexion en deux étapes est activée.
notice-mfa-off = La connexion en deux étapes est désactivée.
notice-sms-on = Les SMS sont activés : un code peut vous être envoyé par SMS à la connexion.
notice-sms-off = Les SMS sont désactivés.
notice-new-recovery-codes = De nouveaux codes de récupération sont prêts ; les anciens ne fonctionnent plus.
notice-verification-resent = Si cette adresse attend sa confirmation, un nouveau message est en route.
notice-link-offer = Un compte avec cette adresse e-mail existe déjà. Connectez-vous-y une fois avec son mot de passe pour y associer votre connexion { $provider } ; ensuite, les deux fonctionnent.

## E-mails d’avis (src/accounts/messages.rs : NoticeKind)
mail-notice-email-change-requested-subject = Changement d’adresse e-mail demandé
mail-notice-email-change-requested = Une personne connectée à votre compte a demandé à changer son adresse e-mail en { $email }. Rien ne change tant que cette adresse n’est pas confirmée. Si ce n’était pas vous, changez votre mot de passe maintenant.
mail-notice-email-changed-subject = Adresse e-mail modifiée
mail-notice-email-changed = L’adresse e-mail de votre compte a été changée en { $email }. Si ce n’était pas vous, contactez votre administrateur.
mail-notice-email-changed-by-admin-subject = Adresse e-mail modifiée
mail-notice-email-changed-by-admin = Un administrateur a changé l’adresse e-mail de votre compte en { $email }. Si vous ne l’avez pas demandé, contactez votre administrateur.
mail-notice-mfa-on-subject = Connexion en deux étapes activée
mail-notice-mfa-on = Une application d’authentification vient d’être configurée pour votre compte. Désormais, la connexion demande un code de cette application. Si ce n’était pas vous, réinitialisez immédiatement votre mot de passe et contactez votre administrateur.
mail-notice-mfa-off-subject = Connexion en deux étapes désactivée
mail-notice-mfa-off = La connexion en deux étapes vient d’être désactivée pour votre compte : la connexion ne demande plus que votre mot de passe. Si ce n’était pas vous, réinitialisez immédiatement votre mot de passe et contactez votre administrateur.
mail-notice-mfa-reset-subject = Votre connexion en deux étapes a été réinitialisée
mail-notice-mfa-reset = Un administrateur a retiré l’application d’authentification et les codes de récupération de votre compte. Si votre compte exige la connexion en deux étapes, vous configurerez une nouvelle application à votre prochaine connexion. Si vous ne l’avez pas demandé, contactez votre administrateur.
mail-notice-phone-added-subject = Numéro de téléphone modifié
mail-notice-phone-added = Le numéro de mobile { $number } a été ajouté à votre compte. Si ce n’était pas vous, changez votre mot de passe et supprimez ce numéro maintenant.
mail-notice-phone-removed-subject = Numéro de téléphone supprimé
mail-notice-phone-removed = Le numéro de mobile { $number } a été supprimé de votre compte. Si ce n’était pas vous, changez votre mot de passe maintenant.
mail-notice-sign-up-attempt-subject = Tentative d’inscription
mail-notice-sign-up-attempt = Quelqu’un a essayé de créer un nouveau compte avec cette adresse. Vous en avez déjà un : connectez-vous sur { $link }, ou réinitialisez-y votre mot de passe si vous l’avez oublié.
mail-notice-upstream-sign-up-attempt-subject = Quelqu’un a essayé de créer un compte avec votre adresse
mail-notice-upstream-sign-up-attempt = Une personne se connectant avec { $provider } a demandé à créer un nouveau compte avec cette adresse e-mail, qui appartient déjà à votre compte ; aucun compte n’a donc été créé. Si c’était vous, connectez-vous à votre compte et associez { $provider } depuis la page « Connexions associées ». Sinon, vous n’avez rien à faire.
mail-notice-authority-given-subject = Vous pouvez agir pour quelqu’un
mail-notice-authority-given = { $name } vous a accordé une procuration pour agir en son nom. Vous pouvez l’utiliser sur la page « Procurations » de votre compte, ou lorsqu’une application propose « Agir en tant que … ».
mail-notice-acted-in-your-name-subject = Quelqu’un a agi en votre nom
mail-notice-acted-in-your-name = { $name } a utilisé pour la première fois la procuration que vous lui avez accordée : cette personne a agi en votre nom avec l’application { $client }. Vous pouvez révoquer la procuration à tout moment sur la page « Procurations » de votre compte.

## Autres mots choisis par les gestionnaires
notice-password-changed = Votre mot de passe a été changé, et vos autres sessions ont été déconnectées.
error-passwords-differ = Les deux nouveaux mots de passe diffèrent.
notice-profile-saved = Votre profil est enregistré.
sessions-unknown-address = adresse inconnue
notice-session-ended = Déconnectée.
apps-identity-only = Votre identité
notice-access-removed = Accès retiré. Les jetons de l’application ne fonctionnent plus.
device-unknown = Appareil inconnu
device-on = { $browser } sous { $system }
linked-never = jamais
linked-link = Associer { $provider }
notice-unlinked = Association supprimée.
linked-confirm-with = Confirmer avec { $provider }
authorities-no-end = sans date de fin
authorities-range-from = à partir du { $start }
authorities-range-until = jusqu’au { $end }
authorities-range = du { $start } au { $end }
authorities-deleted-account = un compte supprimé
authorities-every-application = toutes les applications
authorities-all-privileges = tous les privilèges
notice-phone-code-sent = Nous avons envoyé un code au nouveau numéro. Saisissez-le ci-dessous.
error-confirm-with-provider = Confirmez d’abord que c’est bien vous auprès de votre fournisseur de connexion (le bouton ci-dessus).
error-type-password = Saisissez votre mot de passe pour confirmer que c’est bien vous.
enroll-reason-privileges = Les privilèges de votre compte exigent la connexion en deux étapes. Configurez-la maintenant pour continuer.
enroll-reason-application = L’application à laquelle vous vous connectez demande la connexion en deux étapes. Configurez-la maintenant pour continuer.
error-tick-to-delete = Cochez la case pour confirmer que tout sera effacé.
notice-one-more-step = Merci. Encore une étape : confirmez votre adresse e-mail.
ask-for-new-link = Demander un nouveau lien
enroll-reason-replace = Dès que la nouvelle application fonctionne, l’ancienne et vos anciens codes de récupération cessent de fonctionner.
login-with = Se connecter avec { $provider }

# Étapes de connexion, e-mails du compte et cadre des pages, en français.

## Page frame (base.html)
frame-skip = Aller au contenu
frame-secured = Sécurisé par Gatehouse

## Two-step sign-in (second_factor.html)
second-factor-title = Connexion en deux étapes
# Suivi du numéro de téléphone masqué, puis de second-factor-sms-sent-end.
second-factor-sms-sent = Nous avons envoyé un SMS contenant un code à 6 chiffres au
second-factor-sms-sent-end = .
second-factor-sms-code = Code reçu par SMS
second-factor-continue = Continuer
second-factor-new-code = Envoyer un nouveau code
second-factor-use-app = Utiliser plutôt l'application d'authentification
second-factor-app-lead = Ouvrez votre application d'authentification et saisissez le code à 6 chiffres qu'elle affiche pour { $appname }.
second-factor-code = Code
# Suivi d'un exemple de code de récupération, puis de second-factor-recovery-hint-end.
second-factor-recovery-hint = Pas de téléphone sous la main ? Saisissez plutôt l'un de vos codes de récupération (par exemple
second-factor-recovery-hint-end = ) ; chacun ne sert qu'une fois.
# Suivi du numéro de téléphone masqué, puis de second-factor-sms-lead-end.
second-factor-sms-lead = Nous envoyons un code à 6 chiffres par SMS au
second-factor-sms-lead-end = .
second-factor-text-me = M'envoyer un code par SMS
second-factor-someone-else = Se connecter avec un autre compte

## Sign-in by phone (phone.html)
phone-login-title = Se connecter avec votre téléphone
phone-login-enter-code = Saisissez le code
# Suivi du nom de l'application.
phone-login-continue-to = pour continuer vers
# Suivi du numéro de téléphone masqué, puis de phone-login-sent-end.
phone-login-sent = Nous avons envoyé un SMS contenant un code à six chiffres au
phone-login-sent-end = .
phone-login-code = Code
phone-login-submit = Se connecter
phone-login-new-code = Envoyer un nouveau code
phone-login-wait =
    { $seconds ->
        [one] Vous pourrez demander un nouveau code dans { $seconds } seconde.
       *[other] Vous pourrez demander un nouveau code dans { $seconds } secondes.
    }
phone-login-other-number = Utiliser un autre numéro
phone-login-other-ways = Autres façons de se connecter
phone-login-lead = Nous envoyons un code à six chiffres par SMS sur votre mobile.
phone-login-number = Numéro de mobile
phone-login-number-hint = Avec l'indicatif du pays, par exemple +44 7700 900123.
phone-login-send = Envoyer le code

## Confirming an e-mail address (verify.html)
verify-title = Confirmer votre adresse e-mail
verify-heading = Consultez vos e-mails
# verify-lead-if, puis l'adresse (ou verify-lead-your-address), puis verify-lead.
verify-lead-if = Si
verify-lead-your-address = votre adresse
verify-lead = attend une confirmation, un message est en route. Ouvrez le lien qu'il contient ou saisissez ici son code.
verify-email = Adresse e-mail
verify-code = Code
verify-submit = Confirmer
verify-resend = Envoyer un nouveau message

## Choosing a new password (reset.html)
reset-title = Choisir un nouveau mot de passe
reset-lead = Pour { $email }. L'enregistrer vous déconnecte partout.
reset-new = Nouveau mot de passe
reset-password-hint = Au moins { $count } caractères. Quelques mots sans rapport entre eux sont sûrs et faciles à retenir.
reset-confirm = Confirmez le nouveau mot de passe
reset-submit = Enregistrer le mot de passe

## Accepting an invitation (invite.html)
invite-title = Accepter votre invitation
invite-heading = Créez votre compte
# Suivi de l'adresse e-mail invitée, puis de invite-lead-end.
invite-lead = Vous avez été invité·e sur { $appname } avec l'adresse
invite-lead-end = .
invite-providers = Connectez-vous avec l'un de ces services ; votre compte l'utilisera désormais :
invite-or-password = ou choisissez un mot de passe
invite-first-name = Prénom
invite-last-name = Nom
invite-password = Mot de passe
invite-password-hint = Au moins { $count } caractères. Quelques mots sans rapport entre eux sont sûrs et faciles à retenir.
invite-submit = Créer le compte

## The e-mail address of an upstream sign-up (upstream_email.html)
upstream-email-title = Votre adresse e-mail
upstream-email-check = Consultez vos e-mails
upstream-email-one-more = Encore une étape
# Suivi de l'adresse e-mail, puis de upstream-email-sent-end.
upstream-email-sent = Nous avons envoyé un code à
upstream-email-sent-end = . Saisissez-le pour terminer la création de votre compte avec { $provider }.
upstream-email-lead = { $provider } ne nous a pas fourni d'adresse e-mail fiable. Saisissez la vôtre : nous y envoyons un code, et votre compte est créé dès que vous le saisissez.
upstream-email-code = Code
upstream-email-create = Créer le compte
upstream-email-new-code = Envoyer un nouveau code
upstream-email-other-address = Utiliser une autre adresse
upstream-email-address = Adresse e-mail
upstream-email-send = Envoyer le code

## Signing out (logout.html)
logout-title = Se déconnecter
logout-heading = Se déconnecter ?
# Après le nom de l'application.
logout-client-asks = vous demande de vous déconnecter de { $appname }.
logout-question = Voulez-vous vous déconnecter de { $appname } ?
logout-stay = Rester connecté
logout-submit = Se déconnecter

## Returning to the application (form_post.html)
form-post-title = Redirection…
form-post-noscript = JavaScript est désactivé : appuyez sur le bouton pour continuer.
form-post-continue = Continuer

## E-mails (templates/email/)
mail-hello = Bonjour,
mail-hello-name = Bonjour { $name },
mail-sign-off = — { $appname }
# code : mail-code-confirm, l'adresse e-mail, mail-code-enter.
mail-code-confirm = Pour terminer la création de votre compte { $appname } avec { $provider }, confirmez votre adresse e-mail
mail-code-enter = en saisissant ce code sur la page d'où vous venez :
mail-code-note =
    Le code ne sert qu'une fois et reste valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucun compte n'est créé sans ce code.
mail-invite-intro = Vous êtes invité·e à créer un compte sur { $appname }.
mail-invite-open-link = Ouvrez ce lien pour choisir votre mot de passe :
mail-invite-button = Créer mon compte
mail-invite-note = Le lien ne sert qu'une fois, jusqu'au { $until }. Si vous n'attendiez pas cette invitation, ignorez ce message.
mail-reset-intro = Quelqu'un (vous, nous l'espérons) a demandé la réinitialisation du mot de passe de votre compte { $appname }.
mail-reset-choose-here = Choisissez un nouveau mot de passe ici :
mail-reset-button = Choisir un nouveau mot de passe
mail-reset-note =
    Le lien ne sert qu'une fois et reste valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Définir un nouveau mot de passe vous déconnecte partout. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
# verify : mail-verify-change, la nouvelle adresse, mail-verify-change-end ; ou mail-verify-welcome,
# l'adresse. Puis mail-verify-colon (partie HTML) ou mail-verify-by-link (partie texte).
mail-verify-change = Confirmez
mail-verify-change-end = comme nouvelle adresse e-mail de votre compte { $appname }
mail-verify-welcome = Bienvenue sur { $appname }. Confirmez votre adresse e-mail
# Une espace insécable avant les deux-points.
mail-verify-colon = { "\u00A0" }:
mail-verify-by-link = en ouvrant ce lien :
mail-verify-button = Confirmer mon adresse
mail-verify-or-code = ou saisissez ce code :
mail-verify-or-by-code = ou en saisissant ce code :
mail-verify-note =
    Le lien et le code ne servent qu'une fois et restent valables { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne change sans confirmation.
# welcome : mail-welcome-account, l'adresse e-mail, mail-welcome-account-end.
mail-welcome-account = Bienvenue sur { $appname }. Votre compte est associé à l'adresse
mail-welcome-account-end = .
mail-welcome-choose-button = Choisir mon mot de passe
mail-welcome-link-note = Le lien ne sert qu'une fois, jusqu'au { $until }. S'il a expiré, demandez un nouveau message de bienvenue à votre administrateur ou utilisez « Mot de passe oublié ? » sur la page de connexion.
mail-welcome-sign-in-button = Se connecter
mail-welcome-sign-in-how = Connectez-vous avec votre adresse e-mail et votre mot de passe.
mail-welcome-forgotten = Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur cette page.
# La partie texte.
mail-welcome-choose-here = Choisissez votre mot de passe ici :
mail-welcome-link-note-text = Le lien ne sert qu'une fois, jusqu'au { $until }. S'il a expiré, demandez un nouveau message de bienvenue à votre administrateur ou utilisez « Mot de passe oublié ? » sur la page de connexion.
mail-welcome-sign-in-here = Connectez-vous ici avec votre adresse e-mail et votre mot de passe :
mail-welcome-forgotten-text = Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur cette page.

## Account navigation
nav-signed-in-as = Connecté en tant que
nav-sign-out = Se déconnecter
nav-label = Compte
nav-overview = Vue d'ensemble
nav-profile = Profil
nav-email = E-mail
nav-phone = Téléphone
nav-password = Mot de passe
nav-security = Connexion en deux étapes
nav-linked = Connexions liées
nav-sessions = Sessions
nav-authorities = Procurations
nav-apps = Applications

## Account overview
account-title = Votre compte
account-acting-before = Vous agissez pour
account-acting-after = dans les applications couvertes par votre procuration.
account-acting-link = Procurations
account-unconfirmed = Votre adresse e-mail n'est pas encore confirmée.
account-confirm-it = La confirmer
account-email = E-mail
account-email-none = aucune
account-email-add = en ajouter une
account-username = Nom d'utilisateur
account-privileges = Privilèges
account-privileges-none = aucun
account-console = Console d'administration
account-your-data = Vos données
account-download = Télécharger vos données
account-delete = Supprimer votre compte
account-sign-out = Se déconnecter

## Profile
profile-title = Profil
profile-elsewhere = Votre adresse e-mail et votre numéro de mobile ont chacun leur propre page :
profile-elsewhere-email = E-mail
profile-elsewhere-phone = Téléphone
profile-elsewhere-after = (tous deux sont confirmés par un code avant d'être modifiés).
profile-not-set = (non défini)
profile-save = Enregistrer le profil
profile-label-first_name = Prénom
profile-label-last_name = Nom
profile-label-nickname = Surnom
profile-label-initials = Initiales
profile-label-country = Pays
profile-label-subdivision_first = État ou province
profile-label-subdivision_second = Département ou district
profile-label-subdivision_third = Commune
profile-label-organization = Organisation
profile-label-timezone = Fuseau horaire
profile-label-language = Langue
profile-label-date_format = Format de date
profile-hint-nickname = Le nom qu'on vous donne ; affiché à la place de votre nom complet
profile-hint-initials = p. ex. JD
profile-hint-country = Deux lettres, p. ex. FR
profile-hint-timezone = p. ex. Europe/Paris
profile-hint-language = p. ex. fr, fr-CH

## E-mail address
email-page-title = Adresse e-mail
email-page-current = Votre adresse est
email-page-not-confirmed = (pas encore confirmée)
email-page-confirm-heading = Confirmer { $address }
email-page-enter-code = Saisissez le code du message envoyé à { $address }, ou ouvrez le lien qu'il contient.
email-page-code = Code
email-page-confirm = Confirmer la nouvelle adresse
email-page-or-change = Ou passer à une autre adresse
email-page-reauth = Votre compte n'a pas de mot de passe. Avant de modifier l'adresse, confirmez qu'il s'agit bien de vous :
email-page-new = Nouvelle adresse e-mail
email-page-current-password = Mot de passe actuel
email-page-send = Envoyer la confirmation

## Phone number
phone-page-title = Numéro de téléphone
phone-page-current = Votre numéro de mobile est le
phone-page-not-confirmed = (non confirmé)
phone-page-none = Aucun numéro de mobile n'est enregistré. Ajoutez-en un pour vous connecter avec un code reçu par SMS.
phone-page-confirm-heading = Confirmer le { $number }
phone-page-enter-code = Saisissez le code du SMS envoyé au { $number }.
phone-page-code = Code
phone-page-confirm = Confirmer le numéro
phone-page-reauth = Votre compte n'a pas de mot de passe. Avant de modifier le numéro, confirmez qu'il s'agit bien de vous :
phone-page-change = Modifier le numéro
phone-page-add = Ajouter un numéro
phone-page-mobile = Numéro de mobile
phone-page-current-password = Mot de passe actuel
phone-page-send = Envoyer un code
phone-page-remove-heading = Supprimer le numéro
phone-page-remove = Supprimer

## Password
password-title = Modifier le mot de passe
password-title-forced = Choisir un nouveau mot de passe
password-title-set = Définir un mot de passe
password-no-password = Vous vous connectez via un fournisseur. Un mot de passe vous permet aussi de vous connecter sans lui.
password-reauth = Votre compte n'a pas de mot de passe. Avant d'en définir un, confirmez qu'il s'agit bien de vous :
password-forced = Votre mot de passe ne devait servir qu'une seule fois. Choisissez le vôtre avant de continuer.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-hint = Au moins { $count } caractères. Quelques mots sans rapport entre eux sont sûrs et faciles à retenir.
password-again = Confirmer le nouveau mot de passe
password-save = Enregistrer le mot de passe

## Sessions
sessions-title = Sessions
sessions-heading = Vos sessions
sessions-this-browser = ce navigateur
sessions-signed-in = connecté le { $date }
sessions-last-seen = dernière activité le { $date }
sessions-end = Déconnecter
sessions-end-others = Déconnecter toutes les autres sessions

## Linked sign-ins
linked-title = Connexions liées
linked-lead = Des comptes ailleurs qui vous permettent de vous connecter ici.
linked-none = Aucun fournisseur n'est lié à votre compte.
linked-since = lié le { $date }
linked-last-used = dernière utilisation : { $date }
linked-unlink = Dissocier
linked-only-way = C'est votre seul moyen de connexion :
linked-only-way-link = définissez un mot de passe
linked-only-way-after = ou liez un autre fournisseur avant de dissocier celui-ci.
linked-link-another = Lier un autre fournisseur

## Connected apps
apps-title = Applications connectées
apps-none = Vous n'avez donné à aucune application l'accès à votre compte.
apps-since = depuis le { $date }
apps-revoke = Retirer l'accès

## Authorities
authorities-title = Procurations
authorities-lead = Permettez à quelqu'un d'agir en votre nom : les applications vous voient alors, et savent que cette personne agit pour vous.
authorities-acting-before = Vous agissez pour
authorities-acting-after = dans les applications couvertes par la procuration.
authorities-stop = Agir de nouveau pour moi-même
authorities-received = Vous pouvez agir pour
authorities-received-none = Personne ne vous a donné de procuration.
authorities-acting-now = vous agissez pour cette personne
authorities-act-as = Agir en tant que { $name }
authorities-give-back = Rendre
authorities-given = Peuvent agir pour vous
authorities-given-none = Vous n'avez donné aucune procuration.
authorities-revoke = Révoquer
authorities-give-heading = Donner une procuration
authorities-holder = Son adresse e-mail ou son nom d'utilisateur
authorities-clients = Seulement avec ces applications
authorities-clients-hint = (aucune cochée : toutes les applications)
authorities-privileges = Privilèges transmis
authorities-privileges-all = Tous les miens
authorities-privileges-only = Seulement ceux cochés :
authorities-from = Du
authorities-until = Au
authorities-until-hint = (facultatif, inclus)
authorities-give = Donner la procuration

## Delete your account
delete-title = Supprimer votre compte
delete-lead = Tout disparaît : votre profil, vos sessions, jetons, applications connectées, second facteur, connexions liées et procurations. Les applications que vous avez utilisées ne gardent que ce qu'elles ont elles-mêmes enregistré. Cette action est irréversible.
delete-download = Téléchargez d'abord vos données
delete-download-after = (un fichier JSON).
delete-password = Votre mot de passe
delete-sign-in-again = Reconnectez-vous (depuis la page de connexion) pour confirmer qu'il s'agit bien de vous, puis revenez ici.
delete-confirm = Effacer mon compte et tout son contenu
delete-submit = Supprimer mon compte

## Two-step sign-in
security-title = Connexion en deux étapes
security-reauth = Votre compte n'a pas de mot de passe. Pour effectuer cette modification, confirmez qu'il s'agit bien de vous :
security-required = Vos privilèges exigent la connexion en deux étapes.
security-on = Activée
security-off = Désactivée
security-app-on = une application d'authentification vous demande un code à chaque connexion (configurée le { $date }).
security-recovery-left =
    { $count ->
        [one] Il vous reste { $count } code de récupération sur 10.
       *[other] Il vous reste { $count } codes de récupération sur 10.
    }
security-recovery-renew-soon = Renouvelez-les avant qu'ils ne soient épuisés.
security-password = Votre mot de passe
security-renew = Renouveler les codes de récupération
security-move-app = Passer à une autre application d'authentification
security-disable = Désactiver la connexion en deux étapes
security-sms-on-everywhere = un code par SMS est demandé à chaque connexion.
security-off-explained = la connexion ne demande que votre mot de passe.
security-set-up-app = Configurer une application d'authentification
security-not-available = La connexion en deux étapes n'est pas activée sur ce site.
security-sms-heading = SMS
security-sms-status-on = Activés
security-sms-on = à la connexion, un code peut vous être envoyé par SMS au { $number }.
security-sms-disable = Désactiver les SMS
security-sms-offer = Recevez un code par SMS au { $number } comme seconde étape.
security-sms-enable = Utiliser les SMS
security-sms-need-phone = Confirmez un numéro de mobile sur la
security-sms-need-phone-link = page Téléphone
security-sms-need-phone-after = pour recevoir des codes par SMS.

## Recovery codes
recovery-title = Vos codes de récupération
recovery-heading = Enregistrez vos codes de récupération
recovery-lead = Si vous perdez votre téléphone, chacun de ces codes vous connecte une fois, à la place d'un code de l'application. Imprimez-les ou conservez-les dans un gestionnaire de mots de passe : ils ne sont affichés qu'ici, et une seule fois.
recovery-download = Les télécharger en fichier texte
recovery-old-invalid = Les codes affichés auparavant ne sont plus valables.
recovery-continue = Je les ai enregistrés, continuer

## Authenticator app set-up
enroll-title = Configurer une application d'authentification
enroll-step-open = Ouvrez une application d'authentification (Aegis, FreeOTP, Google ou Microsoft Authenticator, 1Password…) et ajoutez un compte.
enroll-step-scan = Scannez ce code :
enroll-qr-label = Code QR pour votre application d'authentification
enroll-or-type-key = ou saisissez cette clé :
enroll-app-hint = Basé sur le temps, 6 chiffres, toutes les 30 secondes. Le compte s'appelle { $appname } ({ $email }).
enroll-step-enter = Saisissez le code que l'application affiche maintenant :
enroll-code = Code de l'application
enroll-password = Votre mot de passe
enroll-why-password = Demandé parce que vous vous êtes connecté il y a plus de quelques minutes.
enroll-submit = Activer la connexion en deux étapes

# La console d'administration en français (templates/admin/).

## Console: shared
admin-html-title = Administration { $appname }
admin-skip = Aller au contenu
admin-table-region = Tableau (défile horizontalement)
admin-user-id-placeholder = identifiant utilisateur
admin-user-id-label = Identifiant utilisateur
admin-filter = Filtrer
admin-revoke = Révoquer
admin-delete = Supprimer
admin-save = Enregistrer

## Console: navigation
admin-nav-label = Administration
admin-nav-dashboard = Tableau de bord
admin-nav-users = Utilisateurs
admin-nav-sessions = Sessions
admin-nav-authorities = Procurations
admin-nav-privileges = Privilèges
admin-nav-invitations = Invitations
admin-nav-clients = Clients
admin-nav-providers = Fournisseurs de connexion
admin-nav-mfa = Connexion en deux étapes
admin-nav-audit = Journal d'audit
admin-nav-api-keys = Clés d'API

## Console: dashboard
admin-dashboard-title = Tableau de bord
admin-dashboard-users = { $count ->
        [one] utilisateur
       *[other] utilisateurs
    }
admin-dashboard-active-sessions = { $count ->
        [one] session active
       *[other] sessions actives
    }
admin-dashboard-clients = { $count ->
        [one] client
       *[other] clients
    }
admin-dashboard-chart = Connexions sur les 30 derniers jours
admin-dashboard-texts-refused = SMS refusés par les limites contre la fraude aux numéros surtaxés ces 30 derniers jours :
admin-dashboard-audit-kind = type d'événement

## Console: API keys
admin-api-keys-title = Clés d'API
admin-api-keys-heading = Vos clés d'API
admin-api-keys-col-name = Nom
admin-api-keys-col-capabilities = Capacités
admin-api-keys-col-created = Créée
admin-api-keys-col-expires = Expire
admin-api-keys-col-last-used = Dernière utilisation
admin-api-keys-revoked = révoquée
admin-api-keys-create-heading = Créer une clé
admin-api-keys-name = Nom
admin-api-keys-capabilities = Capacités (parmi les vôtres)
admin-api-keys-expires-after = Expire après (en jours ; vide : jamais)
admin-api-keys-create = Créer la clé

## Console: audit log
admin-audit-title = Journal d'audit
admin-audit-search-placeholder = Texte, acteur ou IP
admin-audit-search-label = Rechercher un texte, un acteur ou une IP
admin-audit-kind-label = Type d'événement
admin-audit-every-kind = Tous les types
admin-audit-from = Du
admin-audit-until = au
admin-audit-search = Rechercher
admin-audit-col-when = Date
admin-audit-col-event = Événement
admin-audit-col-user = Utilisateur
admin-audit-col-client = Client
admin-audit-col-ip = Adresse IP
admin-audit-col-detail = Détail
admin-audit-deleted-user = utilisateur supprimé
admin-audit-user-events = événements
admin-audit-none = Aucun événement ne correspond.
admin-audit-older = Plus anciens →

## Console: authorities
admin-authorities-title = Procurations
admin-authorities-hint = Qui peut agir pour qui (les procurations de Lino). Les jetons émis au titre d'une procuration portent le mandant comme sujet et le mandataire comme acteur ; révoquer la procuration les arrête aussitôt.
admin-authorities-only-user = Seulement celles de cet utilisateur
admin-authorities-col-granter = Mandant
admin-authorities-col-holder = Mandataire
admin-authorities-col-clients = Clients
admin-authorities-col-privileges = Privilèges
admin-authorities-col-status = Statut
admin-authorities-col-created = Créée
admin-authorities-none = Personne n'agit encore pour quelqu'un d'autre.
admin-authorities-newest = Les 200 plus récentes sont affichées.
admin-authorities-create-heading = Permettre à un utilisateur d'agir pour un autre
admin-authorities-granter = Mandant (identifiant de l'utilisateur pour qui l'on agit)
admin-authorities-holder = Mandataire (identifiant de l'utilisateur qui agit)
admin-authorities-clients = Seulement ces identifiants de client
admin-authorities-clients-hint = (vide : tous les clients)
admin-authorities-privileges = Seulement ces privilèges
admin-authorities-privileges-hint = (vide : tous ceux du mandant)
admin-authorities-create = Créer la procuration

## Console: client
admin-client-id = Identifiant client
admin-client-public = public
admin-client-confidential = confidentiel
admin-client-first-party = interne
admin-client-rotate-confirm = l'ancien secret cesse aussitôt de fonctionner
admin-client-rotate = Renouveler le secret
admin-client-delete-confirm = supprimer avec tous ses jetons

## Console: client form
admin-client-form-name = Nom
admin-client-form-public = public (sans secret ; PKCE)
admin-client-form-first-party = interne (sans page de consentement)
admin-client-form-redirect-uris = URI de redirection, une par ligne
admin-client-form-post-logout = URI de redirection après la déconnexion, une par ligne
admin-client-form-grant-types = Types d'autorisation (séparés par des espaces)
admin-client-form-scopes = Scopes (séparés par des espaces)
admin-client-form-logo = URL du logo
admin-client-form-logo-hint = (https, affiché sur la page de consentement)
admin-client-form-policy = URL de la politique de confidentialité
admin-client-form-tos = URL des conditions d'utilisation
admin-client-form-register = Créer le client

## Console: clients
admin-clients-title = Clients
admin-clients-col-name = Nom
admin-clients-col-id = Identifiant client
admin-clients-col-type = Type
admin-clients-col-redirect-uris = URI de redirection
admin-clients-none = Aucun client n'est encore enregistré.
admin-clients-register-heading = Enregistrer un client

## Console: invitations
admin-invitations-title = Invitations
admin-invitations-email = Inviter par e-mail
admin-invitations-privileges = Privilèges que la personne recevra
admin-invitations-send = Envoyer l'invitation
admin-invitations-col-email = E-mail
admin-invitations-col-privileges = Privilèges
admin-invitations-col-status = Statut
admin-invitations-col-expires = Expire
admin-invitations-resend = Renvoyer
admin-invitations-none = Aucune invitation n'est en attente.

## Console: message
admin-message-back = Revenez en arrière pour corriger, ou retournez au
admin-message-dashboard = tableau de bord
admin-message-back-end = .

## Console: two-step sign-in policy
admin-mfa-title = Règles de la connexion en deux étapes
admin-mfa-lead = Qui doit utiliser un second facteur après le mot de passe, et quels types chacun peut configurer. Les utilisateurs dont les privilèges l'exigent et qui n'en ont pas en configurent un juste après leur mot de passe, avant d'obtenir une session.
admin-mfa-methods = Méthodes autorisées
admin-mfa-required = Exigée pour les détenteurs de
admin-mfa-save = Enregistrer les règles
admin-mfa-texts = SMS
admin-mfa-transport = Transport
admin-mfa-sent-today = { $sent ->
        [one] { $sent } SMS envoyé
       *[other] { $sent } SMS envoyés
    } sur { $limit } aujourd'hui (tous les nœuds)
admin-mfa-phone-sign-in-on = connexion par téléphone activée
admin-mfa-phone-sign-in-off = connexion par téléphone désactivée
admin-mfa-all-countries = tous les pays
admin-mfa-only-countries = uniquement { $countries }
admin-mfa-test-to = Envoyer un message de test à
admin-mfa-test-send = Envoyer le message de test

## Console: privileges
admin-privileges-title = Privilèges
admin-privileges-col-name = Nom
admin-privileges-col-users = Utilisateurs
admin-privileges-builtin = intégré
admin-privileges-remove-from = retirer à { $count ->
        [one] { $count } utilisateur
       *[other] { $count } utilisateurs
    }
admin-privileges-new-placeholder = nouveau-privilege
admin-privileges-new-label = Nouveau privilège
admin-privileges-add = Ajouter le privilège

## Console: sign-in provider
admin-provider-id = Identifiant
admin-provider-linked-users = { $count ->
        [one] { $count } utilisateur lié
       *[other] { $count } utilisateurs liés
    }
admin-provider-from-file = issu du fichier de configuration : modifiez-le là-bas
admin-provider-callback = URL de rappel à enregistrer chez le fournisseur :
admin-provider-test-passed = Test réussi :
admin-provider-test-failed = Échec du test :
admin-provider-test = Tester
admin-provider-only-way-in = { $count ->
        [one] { $count } utilisateur ne peut se connecter que par ce fournisseur. Le désactiver ou le supprimer bloque cet utilisateur ; pour le désactiver malgré tout, cochez « confirmer » sous le formulaire et enregistrez à nouveau.
       *[other] { $count } utilisateurs ne peuvent se connecter que par ce fournisseur. Le désactiver ou le supprimer les bloque ; pour le désactiver malgré tout, cochez « confirmer » sous le formulaire et enregistrez à nouveau.
    }
admin-provider-delete-unlink = { $count ->
        [0] le supprimer (aucun utilisateur n'y est lié)
        [one] le supprimer et dissocier l'utilisateur lié
       *[other] le supprimer et dissocier ses { $count } utilisateurs liés
    }
admin-provider-delete-lose = ({ $count ->
        [one] { $count } d'entre eux perd son seul moyen de connexion
       *[other] { $count } d'entre eux perdent leur seul moyen de connexion
    })

## Console: sign-in provider form
admin-provider-form-kind = Type
admin-provider-form-id = Identifiant
admin-provider-form-id-hint-before = (la revendication
admin-provider-form-id-hint-after = et le chemin de rappel ; vide : le type, obligatoire pour OpenID Connect)
admin-provider-form-client-id = Identifiant client
admin-provider-form-client-secret = Secret client
admin-provider-form-client-secret-hint = (laissez vide pour garder celui enregistré ; il n'est plus jamais affiché)
admin-provider-form-label = Texte du bouton
admin-provider-form-label-hint = (vide : « Se connecter avec … »)
admin-provider-form-position = Ordre
admin-provider-form-scopes = Scopes
admin-provider-form-scopes-hint = (séparés par des espaces ; vide : ceux du fournisseur par défaut)
admin-provider-form-enabled = activé (son bouton figure sur la page de connexion)
admin-provider-form-trust-email = faire confiance à ses adresses e-mail vérifiées (créer des comptes avec elles, les lier aux comptes vérifiés)
admin-provider-form-allow-sign-up = créer des comptes pour les nouvelles personnes même si les inscriptions sont fermées
admin-provider-form-mfa-before = sa connexion en deux étapes (
admin-provider-form-mfa-with = avec
admin-provider-form-mfa-after = ) vaut la nôtre
admin-provider-form-endpoints = Points de terminaison et locataires
admin-provider-form-endpoints-hint = (vide : les vrais points de terminaison du fournisseur)
admin-provider-form-issuer = Émetteur
admin-provider-form-userinfo = URL Userinfo
admin-provider-form-authority = Autorité
admin-provider-form-tenant = Locataire
admin-provider-form-tenant-hint = (Microsoft : common, organizations, consumers ou un identifiant de locataire)
admin-provider-form-allowed-tenants = Locataires autorisés
admin-provider-form-allowed-tenants-hint = (Microsoft ; identifiants de locataire séparés par des espaces ; vide : tous)
admin-provider-form-trusted-tenants = Locataires de confiance pour les adresses e-mail
admin-provider-form-auth-url = URL d'autorisation
admin-provider-form-token-url = URL de jeton
admin-provider-form-graph-url = URL de l'API Graph
admin-provider-form-graph-version = Version de l'API Graph
admin-provider-form-graph-version-hint = (Facebook, p. ex. v23.0)
admin-provider-form-api-url = URL de l'API
admin-provider-form-lockout = { $count ->
        [one] confirmer : la désactivation bloque { $count } utilisateur qui ne peut se connecter que par ce fournisseur
       *[other] confirmer : la désactivation bloque { $count } utilisateurs qui ne peuvent se connecter que par ce fournisseur
    }
admin-provider-form-add = Ajouter le fournisseur

## Console: sign-in providers
admin-providers-title = Fournisseurs de connexion
admin-providers-lead = Google, Microsoft, Facebook, X et les fournisseurs OpenID Connect par lesquels on peut se connecter. Enregistrez l'URL de rappel de chacun chez le fournisseur concerné.
admin-providers-none = Aucun fournisseur pour l'instant.
admin-providers-col-button = Bouton
admin-providers-col-id = Identifiant
admin-providers-col-kind = Type
admin-providers-col-state = État
admin-providers-col-linked-users = Utilisateurs liés
admin-providers-col-callback = URL de rappel
admin-providers-enabled = activé
admin-providers-disabled = désactivé
admin-providers-from-file = fichier de configuration
admin-providers-add-heading = Ajouter un fournisseur
admin-providers-callback-will-be = L'URL de rappel sera
admin-providers-callback-end = .

## Console: secret
admin-secret-once = C'est la seule fois qu'il est affiché. Conservez-le dès maintenant en lieu sûr.
admin-secret-continue = Continuer

## Console: sessions
admin-sessions-title = Sessions
admin-sessions-email-placeholder = L'e-mail contient
admin-sessions-email-label = E-mail
admin-sessions-live-truncated = Sessions actives, les plus récentes d'abord : seules les { $count } plus récentes sont affichées — filtrez par utilisateur pour voir les autres.
admin-sessions-live = Sessions actives, les plus récentes d'abord, { $count } au maximum.
admin-sessions-col-user = Utilisateur
admin-sessions-col-device = Appareil
admin-sessions-col-address = Adresse
admin-sessions-col-started = Début
admin-sessions-col-last-active = Dernière activité
admin-sessions-end = Terminer
admin-sessions-none = Aucune session active ne correspond.

## Console: user
admin-user-deactivated = désactivé
admin-user-no-email = pas d'adresse e-mail
admin-user-email-verified = vérifiée
admin-user-email-not-verified = non vérifiée
admin-user-phone-verified = vérifié
admin-user-phone-not-verified = non vérifié
admin-user-id = identifiant
admin-user-sessions-count = { $count ->
        [one] { $count } session
       *[other] { $count } sessions
    }
admin-user-sessions = Sessions
admin-user-no-session = Aucune session active.
admin-user-col-device = Appareil
admin-user-col-address = Adresse
admin-user-col-last-seen = Dernière activité
admin-user-all-sessions = Toutes ses sessions
admin-user-events = Événements récents
admin-user-no-events = Rien pour l'instant.
admin-user-col-when = Date
admin-user-col-event = Événement
admin-user-col-detail = Détail
admin-user-all-events = Tous les événements la concernant
admin-user-profile = Profil
admin-user-email = Adresse e-mail
admin-user-phone = Numéro de mobile
admin-user-unconfirmed-hint = Enregistré sans confirmation : il ne permet de se connecter qu'une fois que son titulaire l'a confirmé avec un code. Un champ vide le supprime.
admin-user-valid-from = Valable à partir du
admin-user-valid-until = Valable jusqu'au
admin-user-save-profile = Enregistrer le profil
admin-user-privileges = Privilèges
admin-user-save-privileges = Enregistrer les privilèges
admin-user-privileges-held = Privilèges :
admin-user-mfa = Connexion en deux étapes
admin-user-mfa-on = Activée : application d'authentification, { $count ->
        [one] { $count } code de récupération restant
       *[other] { $count } codes de récupération restants
    }.
admin-user-mfa-off = Désactivée.
admin-user-mfa-required = Exigée par les privilèges de cet utilisateur.
admin-user-reset-confirm = l'utilisateur a perdu son authentificateur ; il en sera informé par e-mail
admin-user-reset-mfa = Réinitialiser le second facteur
admin-user-actions = Actions
admin-user-deactivate = Désactiver
admin-user-reactivate = Réactiver
admin-user-end-sessions = Terminer toutes les sessions
admin-user-send-reset = Envoyer un lien de réinitialisation du mot de passe
admin-user-send-welcome = Envoyer un e-mail de bienvenue
admin-user-erase-confirm = effacer cet utilisateur

## Console: add a user
admin-user-new-title = Ajouter un utilisateur
admin-user-new-first-name = Prénom
admin-user-new-last-name = Nom
admin-user-new-email = Adresse e-mail
admin-user-new-username = Nom d'utilisateur
admin-user-new-username-hint = (facultatif : sert à se connecter à la place de l'e-mail)
admin-user-new-password = Mot de passe
admin-user-new-privileges = Privilèges
admin-user-new-add = Ajouter l'utilisateur
admin-user-new-service-heading = Ou ajouter un compte de service
admin-user-new-service-hint-before = Un utilisateur non interactif pour client_credentials (comme l'utilisateur
admin-user-new-service-hint-after = de docassemble) : les jetons de son client le portent, avec ses privilèges ; il ne se connecte jamais dans un navigateur et ne reçoit aucun e-mail.
admin-user-new-service-name = Nom
admin-user-new-service-privileges = Privilèges
admin-user-new-service-privileges-hint = (séparés par des espaces, p. ex. cron)
admin-user-new-service-add = Ajouter le compte de service

## Console: users
admin-users-title = Utilisateurs
admin-users-add = Ajouter un utilisateur
admin-users-search-placeholder = Nom ou e-mail
admin-users-search-label = Rechercher
admin-users-privilege-label = Privilège
admin-users-any-privilege = Tous les privilèges
admin-users-status-label = Statut
admin-users-any-status = Tous les statuts
admin-users-active = Actif
admin-users-deactivated = Désactivé
admin-users-col-name = Nom
admin-users-col-email = E-mail
admin-users-col-privileges = Privilèges
admin-users-col-status = Statut
admin-users-service = compte de service
admin-users-state-deactivated = désactivé
admin-users-state-unverified = non vérifié
admin-users-state-active = actif
admin-users-none = Aucun utilisateur ne correspond.
admin-users-next = Page suivante →

## Raisons données par un formulaire
err-enter-names = Saisissez votre prénom et votre nom.
err-username-taken = Ce nom d’utilisateur est pris : choisissez-en un autre.
err-service-account-self-delete = Un compte de service ne peut pas se supprimer lui-même.
err-last-admin-delete = Vous êtes le dernier administrateur actif : nommez quelqu’un d’autre administrateur avant de supprimer votre compte.
err-address-exists = Un compte avec cette adresse existe déjà : connectez-vous plutôt.
err-already-your-address = C’est déjà votre adresse.
err-current-password-wrong = Le mot de passe actuel est incorrect.
err-confirm-first = Confirmez d’abord que c’est bien vous (le bouton ci-dessus), ou reconnectez-vous.
err-address-taken-now = Cette adresse appartient désormais à un autre compte : elle ne peut donc pas être la vôtre.
err-already-your-number = C’est déjà votre numéro.
err-number-taken = Ce numéro appartient ici à un autre compte : il ne peut donc pas être ajouté à celui-ci.
err-only-way-in = Ce numéro est votre seul moyen de connexion. Définissez d’abord un mot de passe ou associez un fournisseur de connexion.
err-no-such-holder = Aucun compte n’a cette adresse e-mail ou ce nom d’utilisateur.
err-no-such-authority = Cette procuration n’existe pas.
err-authority-unusable = Cette procuration ne peut pas être utilisée maintenant.
err-no-address-for-reset = Ce compte n’a pas d’adresse e-mail à laquelle envoyer un lien de réinitialisation.
err-no-confirmed-phone = Ce compte n’a pas de numéro de téléphone confirmé.
err-sms-not-allowed = Les SMS ne sont pas autorisés ici comme second facteur.
err-confirm-phone-first = Confirmez d’abord un numéro de téléphone sur la page « Téléphone ».
err-sms-required = Les privilèges de votre compte exigent un second facteur : configurez une application d’authentification avant de désactiver les SMS.
err-apps-disabled = Les applications d’authentification ne sont pas activées sur ce site.
err-mfa-required = Vos privilèges exigent la connexion en deux étapes : elle ne peut donc pas être désactivée. Vous pouvez configurer une autre application d’authentification à la place.
err-mfa-not-on = La connexion en deux étapes n’est pas activée.
err-app-first = Configurez d’abord une application d’authentification ; les codes de récupération la remplacent.
err-too-many-signup-codes = Trop de codes ont été envoyés pour cette inscription. Recommencez depuis la page de connexion.
err-option-gone = Cette option de connexion n’est plus disponible.
err-password-same = Choisissez un mot de passe différent de l’actuel.
err-type-current-password = Saisissez votre mot de passe actuel pour le changer.
err-enter-mobile = Saisissez votre numéro de mobile.
err-not-a-phone-number = Ce n’est pas un numéro de téléphone.
err-phone-with-country = Ce n’est pas un numéro de téléphone. Saisissez-le avec son indicatif de pays, par exemple +44 7700 900123.
err-phone-nonexistent = Ce numéro n’existe pas. Vérifiez-le et saisissez-le avec son indicatif de pays.
err-phone-landline = C’est un numéro de ligne fixe, qui ne peut pas recevoir de SMS. Saisissez un numéro de mobile.
err-phone-no-sms = Ce numéro ne peut pas recevoir de SMS. Saisissez un numéro de mobile.
err-password-too-close = Ce mot de passe est trop proche de votre nom ou de votre adresse e-mail : ajoutez des mots qui n’ont rien à voir avec vous.
err-password-wrong = Le mot de passe est incorrect.
err-password-short = Utilisez au moins { $count } caractères ; quelques mots sans rapport entre eux font un mot de passe long et facile à retenir.
err-password-long = Utilisez au plus { $count } caractères.
err-password-guessable = Ce mot de passe est trop facile à deviner.
err-password-add-words = Ajoutez un ou deux mots qui ne parlent pas de vous.
err-not-an-email = « { $value } » n’est pas une adresse e-mail
err-account-not-yet = Ce compte n’est pas encore valide : il ouvre le { $date }.
err-account-expired = Ce compte a expiré le { $date }.
err-profile-too-long = { $field } est trop long ou contient des caractères de contrôle
err-initials-long = Les initiales font au plus 8 caractères
err-not-a-country = « { $value } » n’est pas un code de pays ISO 3166-1 à deux lettres (par ex. BE, CH, US)
err-not-a-timezone = « { $value } » n’est pas un fuseau horaire IANA (par ex. Europe/Paris)
err-not-a-language = « { $value } » n’est pas une étiquette de langue (par ex. en, fr-CH)
err-date-format = choisissez un format de date parmi : { $formats }

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
err-not-a-date = « { $value } » n’est pas une date comme 2027-03-31.

## Formulaires
errors-title = Il y a un problème

# Refus des fonctions d’administration (src/admin/*.rs) et des règles que respecte toute
# nouvelle procuration (src/delegation/mod.rs). Affichés sur les pages de la console et dans
# le `message` des réponses JSON de l’API d’administration. Ceux marqués « Après le nom du
# champ » le suivent (« name: … »), d’où la minuscule.

## Administration: shared (src/admin/mod.rs)
admin-err-needs-capability = cela nécessite la capacité « { $capability } »
admin-err-may-not-act-on = cet utilisateur détient le privilège « { $privilege } », que vous ne pourriez pas accorder : vous ne pouvez donc pas agir sur son compte
admin-err-already-exists = existe déjà
# Après le nom du champ (« privileges: … »).
admin-err-cron-service-only = seuls les comptes de service détiennent « cron »
# Après le nom du champ (« privileges: … »).
admin-err-unknown-privilege-named = nomme un privilège qui n’existe pas
admin-err-email-exists = un utilisateur avec cette adresse e-mail existe déjà

## Administration: API keys (src/admin/api_keys.rs), all after the field's name
admin-err-key-name = donnez à la clé un nom de 1 à 100 caractères
admin-err-key-no-capability = choisissez au moins une capacité
admin-err-key-capability-not-held = vous ne détenez pas la capacité « { $capability } » : aucune de vos clés ne peut donc la détenir
admin-err-key-expiry-past = doit être dans le futur

## Administration: authorities (src/admin/authorities.rs), after the field's name
admin-err-no-such-user = cet utilisateur n’existe pas

## Administration: clients (src/admin/clients.rs)
# Après le nom du champ, comme les cinq suivants.
admin-err-client-name = donnez au client un nom de 1 à 100 caractères
admin-err-code-grant-needs-redirect = le type d’autorisation authorization_code nécessite au moins une URI de redirection
admin-err-public-client-credentials = un client public ne peut pas utiliser client_credentials
admin-err-public-token-exchange = un client public ne peut pas utiliser l’échange de jetons
admin-err-client-id-format = doit compter de 1 à 128 caractères, sans espaces ni deux-points
admin-err-client-public-switch = un client ne peut pas passer de public à confidentiel ni l’inverse ; enregistrez-en un nouveau
admin-err-client-exists = un client avec l’identifiant « { $id } » existe déjà
admin-err-scope-not-held = vous ne détenez pas la capacité « { $capability } » : vous ne pouvez donc pas gérer un client ayant le scope « admin:{ $capability } »

## Administration: invitations (src/admin/invitations.rs)
admin-err-may-not-grant = vous ne pouvez pas accorder le privilège « { $privilege } »
# Après le nom du champ (« privileges: … »).
admin-err-privilege-missing = le privilège « { $privilege } » n’existe pas
admin-err-invitation-closed = cette invitation a déjà été acceptée ou révoquée

## Administration: two-step sign-in (src/admin/mfa.rs)
# Après le nom du champ (« required_for: … »).
admin-err-no-such-privilege = il n’existe pas de privilège « { $privilege } »
admin-err-no-second-factor = cet utilisateur n’a pas de second facteur à réinitialiser

## Administration: privileges (src/admin/privileges.rs)
admin-err-privilege-exists = le privilège « { $privilege } » existe déjà
admin-err-privilege-builtin = le privilège « { $privilege } » est intégré et ne peut pas être supprimé
admin-err-privilege-held =
    { $count ->
        [one] { $count } utilisateur détient le privilège « { $privilege } » ; confirmez pour le lui retirer et le supprimer
       *[other] { $count } utilisateurs détiennent le privilège « { $privilege } » ; confirmez pour le leur retirer et le supprimer
    }

## Administration: sign-in providers (src/admin/providers.rs)
# Après le nom du champ, comme les deux suivants.
admin-err-provider-kind = choisissez google, microsoft, facebook, x ou oidc
admin-err-provider-needs-id = un fournisseur de connexion OpenID Connect nécessite un identifiant
admin-err-provider-secret-required = le secret client est obligatoire
admin-err-provider-in-file = le fichier de configuration déclare déjà un fournisseur de connexion « { $id } »
admin-err-provider-exists = un fournisseur de connexion « { $id } » existe déjà
admin-err-provider-read-only = ce fournisseur de connexion est déclaré dans le fichier de configuration : modifiez-le là-bas
admin-err-provider-lockout-disable =
    { $count ->
        [one] { $count } utilisateur ne peut se connecter que par ce fournisseur ; le désactiver bloque cet utilisateur. Confirmez pour continuer.
       *[other] { $count } utilisateurs ne peuvent se connecter que par ce fournisseur ; le désactiver les bloque. Confirmez pour continuer.
    }
admin-err-provider-lockout-delete =
    { $count ->
        [one] { $count } utilisateur ne peut se connecter que par ce fournisseur ; le supprimer bloque cet utilisateur. Confirmez pour continuer.
       *[other] { $count } utilisateurs ne peuvent se connecter que par ce fournisseur ; le supprimer les bloque. Confirmez pour continuer.
    }
admin-err-provider-changed = quelqu’un d’autre a modifié ce fournisseur de connexion entre-temps ; rechargez-le et refaites votre modification

## Administration: service accounts (src/admin/service_accounts.rs)
# Après le nom du champ, comme le suivant.
admin-err-service-account-name = donnez au compte de service un nom de 1 à 100 caractères
admin-err-service-account-scope = « { $scope } » nécessite une personne ; un compte de service ne peut avoir que des scopes admin:
admin-err-client-id-taken = cet identifiant client est déjà pris

## Administration: sessions (src/admin/sessions.rs), all after the field's name
admin-err-not-a-user-id = n’est pas un identifiant d’utilisateur
admin-err-email-filter-long = est plus long que toute adresse e-mail
admin-err-limit-range = doit être compris entre 1 et { $max }

## Administration: users (src/admin/users.rs)
admin-err-may-not-grant-or-remove = vous ne pouvez ni accorder ni retirer le privilège « { $privilege } » : vous ne le détenez pas (ou pas tout ce qu’il permet)
# Après le nom du champ, comme les cinq suivants.
admin-err-required = est obligatoire
admin-err-user-needs-privilege = donnez à l’utilisateur au moins un privilège
admin-err-service-account-no-contact = un compte de service n’a ni adresse, ni numéro de téléphone, ni nom d’utilisateur : il ne se connecte jamais de manière interactive
admin-err-names-empty = le prénom et le nom ne peuvent pas être vides
admin-err-valid-until-order = doit être postérieur à valid_from
admin-err-service-account-no-password = un compte de service n’a pas de mot de passe : il se connecte avec le secret de son client
admin-err-username-taken = ce nom d’utilisateur est déjà pris
admin-err-username-other = un autre utilisateur a ce nom d’utilisateur
admin-err-phone-other = un autre utilisateur a ce numéro de téléphone
admin-err-email-other = un autre utilisateur a cette adresse e-mail
admin-err-last-admin = c’est le dernier administrateur actif

## Administration: welcome mail (src/admin/welcome.rs), all after the field's name
admin-err-welcome-deactivated = cet utilisateur est désactivé : réactivez-le avant de lui envoyer un e-mail de bienvenue
admin-err-welcome-expired = ce compte a expiré : prolongez sa validité avant d’envoyer un e-mail de bienvenue
admin-err-welcome-no-email = cet utilisateur n’a pas d’adresse e-mail à laquelle envoyer un e-mail de bienvenue
admin-err-welcome-unconfirmed = l’adresse de cet utilisateur n’est pas encore confirmée : elle ne peut donc pas recevoir d’e-mails concernant le compte
admin-err-welcome-undeliverable = aucun e-mail ne peut être envoyé à cette adresse

## Authorities: the rules every new one meets (src/delegation/mod.rs), for the person who filled in the form
admin-err-authority-self = Vous ne pouvez pas vous accorder une procuration à vous-même.
admin-err-authority-service-account = Les comptes de service ne peuvent ni accorder ni détenir de procurations.
admin-err-authority-limit = Vous avez accordé autant de procurations qu’un compte le peut : révoquez-en d’abord quelques-unes.
admin-err-authority-holder-inactive = Ce compte n’est pas actif.
admin-err-authority-too-many-clients = Choisissez au plus 50 applications.
admin-err-authority-unknown-client = L’une des applications n’existe pas.
admin-err-authority-privilege-not-granters = « { $privilege } » n’est pas un privilège du mandant : il ne peut donc pas être accordé.
admin-err-authority-end-before-start = La fin doit venir après le début.
admin-err-authority-end-past = La fin est dans le passé.

## Pays, par code ISO 3166-1 (noms de Unicode CLDR 45, Unicode License v3 : locales/CLDR-LICENSE.txt)
country-AD = Andorre
country-AE = Émirats arabes unis
country-AF = Afghanistan
country-AG = Antigua-et-Barbuda
country-AI = Anguilla
country-AL = Albanie
country-AM = Arménie
country-AO = Angola
country-AQ = Antarctique
country-AR = Argentine
country-AS = Samoa américaines
country-AT = Autriche
country-AU = Australie
country-AW = Aruba
country-AX = Îles Åland
country-AZ = Azerbaïdjan
country-BA = Bosnie-Herzégovine
country-BB = Barbade
country-BD = Bangladesh
country-BE = Belgique
country-BF = Burkina Faso
country-BG = Bulgarie
country-BH = Bahreïn
country-BI = Burundi
country-BJ = Bénin
country-BL = Saint-Barthélemy
country-BM = Bermudes
country-BN = Brunei
country-BO = Bolivie
country-BQ = Pays-Bas caribéens
country-BR = Brésil
country-BS = Bahamas
country-BT = Bhoutan
country-BV = Île Bouvet
country-BW = Botswana
country-BY = Biélorussie
country-BZ = Belize
country-CA = Canada
country-CC = Îles Cocos
country-CD = Congo-Kinshasa
country-CF = République centrafricaine
country-CG = Congo-Brazzaville
country-CH = Suisse
country-CI = Côte d’Ivoire
country-CK = Îles Cook
country-CL = Chili
country-CM = Cameroun
country-CN = Chine
country-CO = Colombie
country-CR = Costa Rica
country-CU = Cuba
country-CV = Cap-Vert
country-CW = Curaçao
country-CX = Île Christmas
country-CY = Chypre
country-CZ = Tchéquie
country-DE = Allemagne
country-DJ = Djibouti
country-DK = Danemark
country-DM = Dominique
country-DO = République dominicaine
country-DZ = Algérie
country-EC = Équateur
country-EE = Estonie
country-EG = Égypte
country-EH = Sahara occidental
country-ER = Érythrée
country-ES = Espagne
country-ET = Éthiopie
country-FI = Finlande
country-FJ = Fidji
country-FK = Îles Malouines
country-FM = Micronésie
country-FO = Îles Féroé
country-FR = France
country-GA = Gabon
country-GB = Royaume-Uni
country-GD = Grenade
country-GE = Géorgie
country-GF = Guyane française
country-GG = Guernesey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Groenland
country-GM = Gambie
country-GN = Guinée
country-GP = Guadeloupe
country-GQ = Guinée équatoriale
country-GR = Grèce
country-GS = Géorgie du Sud-et-les Îles Sandwich du Sud
country-GT = Guatemala
country-GU = Guam
country-GW = Guinée-Bissau
country-GY = Guyana
country-HK = R.A.S. chinoise de Hong Kong
country-HM = Îles Heard-et-MacDonald
country-HN = Honduras
country-HR = Croatie
country-HT = Haïti
country-HU = Hongrie
country-ID = Indonésie
country-IE = Irlande
country-IL = Israël
country-IM = Île de Man
country-IN = Inde
country-IO = Territoire britannique de l’océan Indien
country-IQ = Irak
country-IR = Iran
country-IS = Islande
country-IT = Italie
country-JE = Jersey
country-JM = Jamaïque
country-JO = Jordanie
country-JP = Japon
country-KE = Kenya
country-KG = Kirghizstan
country-KH = Cambodge
country-KI = Kiribati
country-KM = Comores
country-KN = Saint-Christophe-et-Niévès
country-KP = Corée du Nord
country-KR = Corée du Sud
country-KW = Koweït
country-KY = Îles Caïmans
country-KZ = Kazakhstan
country-LA = Laos
country-LB = Liban
country-LC = Sainte-Lucie
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesotho
country-LT = Lituanie
country-LU = Luxembourg
country-LV = Lettonie
country-LY = Libye
country-MA = Maroc
country-MC = Monaco
country-MD = Moldavie
country-ME = Monténégro
country-MF = Saint-Martin
country-MG = Madagascar
country-MH = Îles Marshall
country-MK = Macédoine du Nord
country-ML = Mali
country-MM = Myanmar (Birmanie)
country-MN = Mongolie
country-MO = R.A.S. chinoise de Macao
country-MP = Îles Mariannes du Nord
country-MQ = Martinique
country-MR = Mauritanie
country-MS = Montserrat
country-MT = Malte
country-MU = Maurice
country-MV = Maldives
country-MW = Malawi
country-MX = Mexique
country-MY = Malaisie
country-MZ = Mozambique
country-NA = Namibie
country-NC = Nouvelle-Calédonie
country-NE = Niger
country-NF = Île Norfolk
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Pays-Bas
country-NO = Norvège
country-NP = Népal
country-NR = Nauru
country-NU = Niue
country-NZ = Nouvelle-Zélande
country-OM = Oman
country-PA = Panama
country-PE = Pérou
country-PF = Polynésie française
country-PG = Papouasie-Nouvelle-Guinée
country-PH = Philippines
country-PK = Pakistan
country-PL = Pologne
country-PM = Saint-Pierre-et-Miquelon
country-PN = Îles Pitcairn
country-PR = Porto Rico
country-PS = Territoires palestiniens
country-PT = Portugal
country-PW = Palaos
country-PY = Paraguay
country-QA = Qatar
country-RE = La Réunion
country-RO = Roumanie
country-RS = Serbie
country-RU = Russie
country-RW = Rwanda
country-SA = Arabie saoudite
country-SB = Îles Salomon
country-SC = Seychelles
country-SD = Soudan
country-SE = Suède
country-SG = Singapour
country-SH = Sainte-Hélène
country-SI = Slovénie
country-SJ = Svalbard et Jan Mayen
country-SK = Slovaquie
country-SL = Sierra Leone
country-SM = Saint-Marin
country-SN = Sénégal
country-SO = Somalie
country-SR = Suriname
country-SS = Soudan du Sud
country-ST = Sao Tomé-et-Principe
country-SV = Salvador
country-SX = Saint-Martin (partie néerlandaise)
country-SY = Syrie
country-SZ = Eswatini
country-TC = Îles Turques-et-Caïques
country-TD = Tchad
country-TF = Terres australes françaises
country-TG = Togo
country-TH = Thaïlande
country-TJ = Tadjikistan
country-TK = Tokelau
country-TL = Timor oriental
country-TM = Turkménistan
country-TN = Tunisie
country-TO = Tonga
country-TR = Turquie
country-TT = Trinité-et-Tobago
country-TV = Tuvalu
country-TW = Taïwan
country-TZ = Tanzanie
country-UA = Ukraine
country-UG = Ouganda
country-UM = Îles mineures éloignées des États-Unis
country-US = États-Unis
country-UY = Uruguay
country-UZ = Ouzbékistan
country-VA = État de la Cité du Vatican
country-VC = Saint-Vincent-et-les Grenadines
country-VE = Venezuela
country-VG = Îles Vierges britanniques
country-VI = Îles Vierges des États-Unis
country-VN = Viêt Nam
country-VU = Vanuatu
country-WF = Wallis-et-Futuna
country-WS = Samoa
country-YE = Yémen
country-YT = Mayotte
country-ZA = Afrique du Sud
country-ZM = Zambie
country-ZW = Zimbabwe

## A profile field's problem
err-profile-field = { $field } : { $problem }

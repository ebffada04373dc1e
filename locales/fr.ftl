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

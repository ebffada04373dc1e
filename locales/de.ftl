# Die Seiten von Gatehouse auf Deutsch. Jede Sprache hat dieselben Nachrichten (ein Test prüft es).
# Variablen: { $client } der Name einer Anwendung, { $name } der Name einer Person.

language = Sprache
signed-in-as = Angemeldet als { $name }

login-title = Anmelden
login-continue-to = um mit { $client } fortzufahren
login-already = Sie sind als { $name } angemeldet.
login-go-to-account = Zu Ihrem Konto
login-or-someone-else = oder melden Sie sich unten als jemand anderes an.
login-or-email = oder mit Ihrer E-Mail-Adresse
login-identifier = E-Mail-Adresse oder Benutzername
login-password = Passwort
login-submit = Anmelden
login-phone = Mit dem Telefon anmelden
login-forgot = Passwort vergessen?
login-register = Konto erstellen

consent-title = { $client } Zugriff erlauben?
consent-not-you = Nicht Sie?
consent-switch = Abmelden und ein anderes Konto verwenden
consent-acting = Sie handeln für { $name }: { $client } erhält deren Angaben und erfährt, dass Sie für sie handeln.
consent-confirm-only = { $client } möchte bestätigen, wer Sie sind.
consent-asking = { $client } bittet um:
consent-read-first = Lesen Sie, bevor Sie zustimmen, was { $client } über Ihre Daten sagt:
consent-policy = Datenschutzerklärung
consent-terms = Nutzungsbedingungen
consent-deny = Ablehnen
consent-allow = Erlauben

scope-profile = Ihren Namen
scope-email = Ihre E-Mail-Adresse
scope-address = Ihr Land und Ihre Region
scope-phone = Ihre Telefonnummer
scope-privileges = Ihre Berechtigungen (Rollen)
scope-offline_access = Bei der Anwendung angemeldet bleiben, während Sie abwesend sind

act-as-title = Als wer melden Sie sich bei { $client } an?
act-as-legend = Handeln als
act-as-myself = Ich selbst ({ $name })
act-as-explained = Wenn Sie für jemanden handeln, sieht { $client } diese Person und dass Sie für sie handeln. Es wird im Verlauf ihres Kontos festgehalten.
act-as-none = { $client } hat Sie gebeten, für jemanden zu handeln, aber Sie haben keine Vollmacht dieser Person für diese Anwendung.
act-as-continue = Weiter

message-your-account = Ihr Konto
message-sign-in = Anmelden

register-title = Konto erstellen
register-closed = Die Registrierung ist geschlossen. Bitten Sie eine Administratorin oder einen Administrator um eine Einladung.
register-first-name = Vorname
register-last-name = Nachname
register-email = E-Mail-Adresse
register-username = Benutzername
register-optional = (freiwillig)
register-username-hint = 3 bis 32 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche, beginnend mit einem Buchstaben. Melden Sie sich damit oder mit Ihrer E-Mail-Adresse an.
register-password-hint = Mindestens { $count } Zeichen. Einige Wörter ohne Zusammenhang sind sicher und leicht zu merken.
register-submit = Konto erstellen
register-have-account = Sie haben schon ein Konto?

forgot-title = Passwort zurücksetzen
forgot-lead = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.
forgot-sent = Wenn ein Konto diese Adresse verwendet, ist eine Nachricht mit einem Link für ein neues Passwort unterwegs. Der Link gilt { $minutes } Minuten.
forgot-back = Zurück zur Anmeldung
forgot-submit = Link senden

## E-Mails
mail-welcome-subject = Willkommen bei { $appname }
mail-invite-subject = Sie sind zu { $appname } eingeladen
mail-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse für { $appname }
mail-verify-change-subject = Bestätigen Sie Ihre neue E-Mail-Adresse für { $appname }
mail-reset-subject = Ihr Passwort für { $appname } zurücksetzen

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

## Ablehnungen (src/web/wording.rs)
error-not-possible = Nicht möglich
error-internal-title = Etwas ist schiefgelaufen
error-internal = Gatehouse konnte diese Anfrage nicht abschließen. Bitte versuchen Sie es gleich noch einmal.
error-unavailable-title = Vorübergehend nicht verfügbar
error-unavailable = Gatehouse erreicht seine Datenbank gerade nicht. Es wurde nichts geändert; bitte versuchen Sie es in ein paar Sekunden noch einmal.
error-invalid-credentials = Die E-Mail-Adresse oder das Passwort ist falsch.
error-too-many-failed = Zu viele Fehlversuche. Versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
error-account-disabled = Dieses Konto wurde deaktiviert. Wenden Sie sich an Ihre Administratorin oder Ihren Administrator.
error-email-not-verified = Bestätigen Sie Ihre E-Mail-Adresse, bevor Sie sich anmelden.
error-sign-in-disabled = Die Anmeldung ist wegen Wartungsarbeiten abgeschaltet. Bitte versuchen Sie es später erneut.
error-wrong-second-factor = Dieser Code stimmt nicht. Prüfen Sie, ob die Uhr Ihres Telefons richtig geht, und verwenden Sie den neuesten Code.
error-wrong-recovery-code = Dieser Wiederherstellungscode stimmt nicht oder wurde schon verwendet: Jeder Code funktioniert nur einmal. Geben Sie ihn so ein, wie er auf Ihrer Liste steht.
error-step-expired = Dieser Schritt ist abgelaufen. Beginnen Sie von vorn.
error-wrong-code = Der Code ist falsch oder abgelaufen. Sehen Sie in der neuesten Nachricht nach oder fordern Sie einen neuen an.
error-link-expired = Dieser Link ist abgelaufen oder wurde schon verwendet. Fordern Sie einen neuen an.
error-too-many-attempts = Zu viele Versuche. Versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
error-country-not-allowed = An Nummern in diesem Land können keine SMS gesendet werden.
error-code-cooldown = Gerade eben wurde ein Code an diese Nummer gesendet. Einen neuen können Sie in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } anfordern.
error-too-many-codes = Es wurden zu viele Codes angefordert. Versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
error-sms-unavailable = Die SMS konnte gerade nicht gesendet werden. Bitte versuchen Sie es in einer Minute erneut.
error-mail-unavailable = Die E-Mail konnte gerade nicht gesendet werden. Bitte versuchen Sie es in einer Minute erneut.
error-provider-unavailable = Diese Anmeldemöglichkeit ist nicht verfügbar.
error-federation-state = Dieser Anmeldelink ist abgelaufen oder wurde schon verwendet. Beginnen Sie erneut auf der Anmeldeseite.
error-federation-cancelled = Die Anmeldung wurde bei { $provider } abgebrochen.
error-federation-refused = { $provider } hat die Anmeldung nicht abgeschlossen.
error-federation-upstream = { $provider } konnte Sie nicht anmelden. Versuchen Sie es erneut oder wählen Sie eine andere Anmeldemöglichkeit.
error-federation-rate-limited = Aus Ihrem Netzwerk wurden zu viele Anmeldungen begonnen. Versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
federation-title-unavailable = Anmeldemöglichkeit nicht verfügbar
federation-unavailable = Diese Art der Anmeldung ist nicht verfügbar. Wählen Sie auf der Anmeldeseite eine andere.
federation-title-expired = Anmeldung abgelaufen
federation-title-cancelled = Anmeldung abgebrochen
federation-title-not-completed = Anmeldung nicht abgeschlossen
federation-title-failed = Anmeldung fehlgeschlagen
federation-title-too-many = Zu viele Anmeldungen

## Hinweise und Titel aus den Handlern
signed-out-title = Sie sind abgemeldet
signed-out-close = Sie können dieses Fenster schließen.
link-not-valid = Link ungültig
go-to-sign-in = Zur Anmeldung
reset-link-expired = Dieser Link zum Zurücksetzen des Passworts ist abgelaufen oder wurde schon verwendet. Fordern Sie einen neuen an.
invitation-not-valid = Einladung ungültig
invitation-expired = Diese Einladung ist abgelaufen, wurde zurückgezogen oder schon verwendet. Bitten Sie um eine neue.
deleted-title = Ihr Konto ist gelöscht
deleted-message = Ihr Konto, seine Sitzungen, Tokens, verbundenen Anwendungen und sein zweiter Faktor sind gelöscht. Danke, dass Sie es genutzt haben.
notice-email-changed = Ihre neue E-Mail-Adresse ist bestätigt und in Gebrauch.
notice-email-code-sent = Wir haben einen Code an die neue Adresse gesendet. Geben Sie ihn unten ein oder öffnen Sie den Link in der Nachricht.
notice-phone-saved = Ihre Nummer ist bestätigt und gespeichert.
notice-phone-removed = Ihre Nummer wurde entfernt.
notice-authority-granted = Die Vollmacht ist erteilt. Die Person wurde per E-Mail benachrichtigt.
notice-authority-revoked = Die Vollmacht ist widerrufen: Sie gilt ab sofort nicht mehr.
notice-authority-acting = Sie handeln jetzt in den Anwendungen, die die Vollmacht abdeckt, für diese Person.
notice-authority-stopped = Sie handeln wieder für sich selbst.
notice-linked = Verknüpft. Sie können sich jetzt damit anmelden.
notice-email-confirmed = Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.
notice-account-ready = Ihr Konto ist bereit. Melden Sie sich mit Ihrem neuen Passwort an.
notice-mfa-on = Die Zwei-Schritt-Anmeldung ist eingeschaltet.
notice-mfa-off = Die Zwei-Schritt-Anmeldung ist ausgeschaltet.
notice-sms-on = SMS sind eingeschaltet: Bei der Anmeldung kann Ihnen ein Code per SMS gesendet werden.
notice-sms-off = SMS sind ausgeschaltet.
notice-new-recovery-codes = Neue Wiederherstellungscodes sind bereit; die alten funktionieren nicht mehr.
notice-verification-resent = Falls diese Adresse auf ihre Bestätigung wartet, ist eine neue Nachricht unterwegs.
notice-link-offer = Ein Konto mit dieser E-Mail-Adresse gibt es schon. Melden Sie sich einmal mit seinem Passwort an, um Ihre { $provider }-Anmeldung damit zu verknüpfen; danach funktioniert beides.

## Hinweis-E-Mails (src/accounts/messages.rs: NoticeKind)
mail-notice-email-change-requested-subject = Änderung der E-Mail-Adresse angefordert
mail-notice-email-change-requested = Jemand, der in Ihrem Konto angemeldet ist, möchte dessen E-Mail-Adresse in { $email } ändern. Nichts ändert sich, bevor diese Adresse bestätigt ist. Falls Sie das nicht waren, ändern Sie jetzt Ihr Passwort.
mail-notice-email-changed-subject = E-Mail-Adresse geändert
mail-notice-email-changed = Die E-Mail-Adresse Ihres Kontos wurde in { $email } geändert. Falls Sie das nicht waren, wenden Sie sich an Ihre Administration.
mail-notice-email-changed-by-admin-subject = E-Mail-Adresse geändert
mail-notice-email-changed-by-admin = Die Administration hat die E-Mail-Adresse Ihres Kontos in { $email } geändert. Falls Sie das nicht veranlasst haben, wenden Sie sich an Ihre Administration.
mail-notice-mfa-on-subject = Zwei-Schritt-Anmeldung eingeschaltet
mail-notice-mfa-on = Für Ihr Konto wurde gerade eine Authenticator-App eingerichtet. Ab jetzt fragt die Anmeldung nach einem Code daraus. Falls Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück und wenden Sie sich an Ihre Administration.
mail-notice-mfa-off-subject = Zwei-Schritt-Anmeldung ausgeschaltet
mail-notice-mfa-off = Die Zwei-Schritt-Anmeldung wurde für Ihr Konto gerade ausgeschaltet: Zum Anmelden genügt jetzt Ihr Passwort. Falls Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück und wenden Sie sich an Ihre Administration.
mail-notice-mfa-reset-subject = Ihre Zwei-Schritt-Anmeldung wurde zurückgesetzt
mail-notice-mfa-reset = Die Administration hat die Authenticator-App und die Wiederherstellungscodes aus Ihrem Konto entfernt. Verlangt Ihr Konto die Zwei-Schritt-Anmeldung, richten Sie bei der nächsten Anmeldung eine neue App ein. Falls Sie das nicht veranlasst haben, wenden Sie sich an Ihre Administration.
mail-notice-phone-added-subject = Telefonnummer geändert
mail-notice-phone-added = Die Mobilnummer { $number } wurde Ihrem Konto hinzugefügt. Falls Sie das nicht waren, ändern Sie jetzt Ihr Passwort und entfernen Sie die Nummer.
mail-notice-phone-removed-subject = Telefonnummer entfernt
mail-notice-phone-removed = Die Mobilnummer { $number } wurde aus Ihrem Konto entfernt. Falls Sie das nicht waren, ändern Sie jetzt Ihr Passwort.
mail-notice-sign-up-attempt-subject = Registrierungsversuch
mail-notice-sign-up-attempt = Jemand wollte mit dieser Adresse ein neues Konto erstellen. Sie haben schon eines: Melden Sie sich unter { $link } an, oder setzen Sie dort Ihr Passwort zurück, falls Sie es vergessen haben.
mail-notice-upstream-sign-up-attempt-subject = Jemand wollte mit Ihrer Adresse ein Konto erstellen
mail-notice-upstream-sign-up-attempt = Jemand, der sich mit { $provider } anmeldete, wollte mit dieser E-Mail-Adresse ein neues Konto erstellen. Die Adresse gehört bereits zu Ihrem Konto, daher wurde keines erstellt. Waren Sie es, melden Sie sich in Ihrem Konto an und verknüpfen Sie { $provider } auf der Seite „Verknüpfte Anmeldungen“. Waren Sie es nicht, müssen Sie nichts tun.
mail-notice-authority-given-subject = Sie dürfen für jemanden handeln
mail-notice-authority-given = { $name } hat Ihnen eine Vollmacht erteilt, in deren Namen zu handeln. Sie können sie auf der Seite „Vollmachten“ Ihres Kontos nutzen oder wenn eine Anwendung „Handeln als …“ anbietet.
mail-notice-acted-in-your-name-subject = Jemand hat in Ihrem Namen gehandelt
mail-notice-acted-in-your-name = { $name } hat die Vollmacht, die Sie erteilt haben, zum ersten Mal genutzt und in Ihrem Namen mit der Anwendung { $client } gehandelt. Sie können die Vollmacht jederzeit auf der Seite „Vollmachten“ Ihres Kontos widerrufen.

## Weitere Wörter aus den Handlern
notice-password-changed = Ihr Passwort wurde geändert, und Ihre anderen Sitzungen wurden abgemeldet.
error-passwords-differ = Die beiden neuen Passwörter stimmen nicht überein.
notice-profile-saved = Ihr Profil ist gespeichert.
sessions-unknown-address = unbekannte Adresse
notice-session-ended = Abgemeldet.
apps-identity-only = Ihre Identität
notice-access-removed = Zugriff entfernt. Die Tokens der Anwendung funktionieren nicht mehr.
device-unknown = Unbekanntes Gerät
device-on = { $browser } unter { $system }
linked-never = nie
linked-link = { $provider } verknüpfen
notice-unlinked = Verknüpfung aufgehoben.
linked-confirm-with = Mit { $provider } bestätigen
authorities-no-end = ohne Enddatum
authorities-range-from = ab { $start }
authorities-range-until = bis { $end }
authorities-range = { $start } bis { $end }
authorities-deleted-account = ein gelöschtes Konto
authorities-every-application = jede Anwendung
authorities-all-privileges = alle Berechtigungen
notice-phone-code-sent = Wir haben einen Code an die neue Nummer gesendet. Geben Sie ihn unten ein.
error-confirm-with-provider = Bestätigen Sie zuerst bei Ihrem Anmeldeanbieter, dass Sie es sind (die Schaltfläche oben).
error-type-password = Geben Sie Ihr Passwort ein, um zu bestätigen, dass Sie es sind.
enroll-reason-privileges = Die Berechtigungen Ihres Kontos verlangen die Zwei-Schritt-Anmeldung. Richten Sie sie jetzt ein, um fortzufahren.
enroll-reason-application = Die Anwendung, bei der Sie sich anmelden, verlangt die Zwei-Schritt-Anmeldung. Richten Sie sie jetzt ein, um fortzufahren.
error-tick-to-delete = Setzen Sie das Häkchen, um zu bestätigen, dass alles gelöscht wird.
notice-one-more-step = Danke. Noch ein Schritt: Bestätigen Sie Ihre E-Mail-Adresse.
ask-for-new-link = Neuen Link anfordern
enroll-reason-replace = Sobald die neue App funktioniert, gelten die alte App und Ihre alten Wiederherstellungscodes nicht mehr.
login-with = Mit { $provider } anmelden

# Anmeldeschritte, Konto-E-Mails und der Seitenrahmen, auf Deutsch.

## Page frame (base.html)
frame-skip = Zum Inhalt springen
frame-secured = Geschützt durch Gatehouse

## Two-step sign-in (second_factor.html)
second-factor-title = Zwei-Schritt-Anmeldung
# Danach folgen die maskierte Telefonnummer und second-factor-sms-sent-end.
second-factor-sms-sent = Wir haben einen 6-stelligen Code per SMS an diese Nummer gesendet:
second-factor-sms-sent-end = .
second-factor-sms-code = Code aus der SMS
second-factor-continue = Weiter
second-factor-new-code = Neuen Code senden
second-factor-use-app = Stattdessen die Authenticator-App verwenden
second-factor-app-lead = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, den sie für { $appname } anzeigt.
second-factor-code = Code
# Danach folgen ein Beispiel-Wiederherstellungscode und second-factor-recovery-hint-end.
second-factor-recovery-hint = Kein Telefon zur Hand? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein (etwa
second-factor-recovery-hint-end = ); jeder Code gilt nur einmal.
# Danach folgen die maskierte Telefonnummer und second-factor-sms-lead-end.
second-factor-sms-lead = Wir senden einen 6-stelligen Code per SMS an diese Nummer:
second-factor-sms-lead-end = .
second-factor-text-me = Code per SMS senden
second-factor-someone-else = Als jemand anderes anmelden

## Sign-in by phone (phone.html)
phone-login-title = Mit dem Telefon anmelden
phone-login-enter-code = Code eingeben
# Danach folgt der Name der Anwendung.
phone-login-continue-to = weiter zu
# Danach folgen die maskierte Telefonnummer und phone-login-sent-end.
phone-login-sent = Wir haben einen sechsstelligen Code per SMS an diese Nummer gesendet:
phone-login-sent-end = .
phone-login-code = Code
phone-login-submit = Anmelden
phone-login-new-code = Neuen Code senden
phone-login-wait =
    { $seconds ->
        [one] Sie können in einer Sekunde einen neuen Code anfordern.
       *[other] Sie können in { $seconds } Sekunden einen neuen Code anfordern.
    }
phone-login-other-number = Andere Nummer verwenden
phone-login-other-ways = Andere Anmeldemöglichkeiten
phone-login-lead = Wir senden Ihnen einen sechsstelligen Code per SMS auf Ihr Mobiltelefon.
phone-login-number = Mobilnummer
phone-login-number-hint = Mit Ländervorwahl, etwa +44 7700 900123.
phone-login-send = Code senden

## Confirming an e-mail address (verify.html)
verify-title = E-Mail-Adresse bestätigen
verify-heading = Prüfen Sie Ihre E-Mails
# verify-lead-if, dann die Adresse (oder verify-lead-your-address), dann verify-lead.
verify-lead-if = Wenn
verify-lead-your-address = Ihre Adresse
verify-lead = auf Bestätigung wartet, ist eine Nachricht an sie unterwegs. Öffnen Sie den Link darin oder geben Sie den Code daraus hier ein.
verify-email = E-Mail-Adresse
verify-code = Code
verify-submit = Bestätigen
verify-resend = Neue Nachricht senden

## Choosing a new password (reset.html)
reset-title = Neues Passwort wählen
reset-lead = Für { $email }. Beim Speichern werden Sie überall abgemeldet.
reset-new = Neues Passwort
reset-password-hint = Mindestens { $count } Zeichen. Einige Wörter ohne Zusammenhang sind sicher und leicht zu merken.
reset-confirm = Neues Passwort wiederholen
reset-submit = Passwort speichern

## Accepting an invitation (invite.html)
invite-title = Einladung annehmen
invite-heading = Ihr Konto erstellen
# Danach folgen die eingeladene E-Mail-Adresse und invite-lead-end.
invite-lead = Sie wurden zu { $appname } eingeladen, mit der Adresse
invite-lead-end = .
invite-providers = Melden Sie sich mit einem dieser Dienste an; Ihr Konto verwendet ihn dann künftig:
invite-or-password = oder wählen Sie ein Passwort
invite-first-name = Vorname
invite-last-name = Nachname
invite-password = Passwort
invite-password-hint = Mindestens { $count } Zeichen. Einige Wörter ohne Zusammenhang sind sicher und leicht zu merken.
invite-submit = Konto erstellen

## The e-mail address of an upstream sign-up (upstream_email.html)
upstream-email-title = Ihre E-Mail-Adresse
upstream-email-check = Prüfen Sie Ihre E-Mails
upstream-email-one-more = Noch ein Schritt
# Danach folgen die E-Mail-Adresse und upstream-email-sent-end.
upstream-email-sent = Wir haben einen Code an diese Adresse gesendet:
upstream-email-sent-end = . Geben Sie ihn ein, um die Erstellung Ihres Kontos mit { $provider } abzuschließen.
upstream-email-lead = { $provider } hat uns keine verlässliche E-Mail-Adresse übermittelt. Geben Sie Ihre ein: Wir senden einen Code an sie, und sobald Sie ihn eingeben, wird Ihr Konto erstellt.
upstream-email-code = Code
upstream-email-create = Konto erstellen
upstream-email-new-code = Neuen Code senden
upstream-email-other-address = Andere Adresse verwenden
upstream-email-address = E-Mail-Adresse
upstream-email-send = Code senden

## Signing out (logout.html)
logout-title = Abmelden
logout-heading = Abmelden?
# Nach dem Namen der Anwendung.
logout-client-asks = bittet Sie, sich von { $appname } abzumelden.
logout-question = Möchten Sie sich von { $appname } abmelden?
logout-stay = Angemeldet bleiben
logout-submit = Abmelden

## Returning to the application (form_post.html)
form-post-title = Weiterleitung …
form-post-noscript = JavaScript ist ausgeschaltet: Klicken Sie auf die Schaltfläche, um fortzufahren.
form-post-continue = Weiter

## E-mails (templates/email/)
mail-hello = Hallo,
mail-hello-name = Hallo { $name },
mail-sign-off = — { $appname }
# code: mail-code-confirm, die E-Mail-Adresse, mail-code-enter.
mail-code-confirm = Um Ihr { $appname }-Konto mit { $provider } fertig einzurichten, bestätigen Sie Ihre E-Mail-Adresse
mail-code-enter = mit diesem Code auf der Seite, von der Sie gekommen sind:
mail-code-note =
    Der Code kann einmal verwendet werden und gilt { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    }. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne den Code wird kein Konto erstellt.
mail-invite-intro = Sie sind eingeladen, ein Konto bei { $appname } zu erstellen.
mail-invite-open-link = Öffnen Sie diesen Link, um Ihr Passwort zu wählen:
mail-invite-button = Mein Konto erstellen
mail-invite-note = Der Link kann einmal verwendet werden und gilt bis { $until }. Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Nachricht.
mail-reset-intro = Jemand (hoffentlich Sie) hat darum gebeten, das Passwort Ihres { $appname }-Kontos zurückzusetzen.
mail-reset-choose-here = Wählen Sie hier ein neues Passwort:
mail-reset-button = Neues Passwort wählen
mail-reset-note =
    Der Link kann einmal verwendet werden und gilt { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    }. Wenn Sie ein neues Passwort festlegen, werden Sie überall abgemeldet. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.
# verify: mail-verify-change, die neue Adresse, mail-verify-change-end; oder mail-verify-welcome,
# die Adresse. Dann mail-verify-colon (HTML-Teil) oder mail-verify-by-link (Textteil).
mail-verify-change = Bestätigen Sie
mail-verify-change-end = als neue E-Mail-Adresse Ihres { $appname }-Kontos
mail-verify-welcome = Willkommen bei { $appname }. Bestätigen Sie Ihre E-Mail-Adresse
mail-verify-colon = :
mail-verify-by-link = über diesen Link:
mail-verify-button = Meine Adresse bestätigen
mail-verify-or-code = oder geben Sie diesen Code ein:
mail-verify-or-by-code = oder mit diesem Code:
mail-verify-note =
    Link und Code können einmal verwendet werden und gelten { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    }. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne Bestätigung ändert sich nichts.
# welcome: mail-welcome-account, die E-Mail-Adresse, mail-welcome-account-end.
mail-welcome-account = Willkommen bei { $appname }. Ihr Konto läuft auf die Adresse
mail-welcome-account-end = .
mail-welcome-choose-button = Mein Passwort wählen
mail-welcome-link-note = Der Link kann einmal verwendet werden und gilt bis { $until }. Ist er abgelaufen, bitten Sie Ihre Administratorin oder Ihren Administrator um eine neue Willkommensnachricht oder verwenden Sie „Passwort vergessen?“ auf der Anmeldeseite.
mail-welcome-sign-in-button = Anmelden
mail-welcome-sign-in-how = Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.
mail-welcome-forgotten = Falls Sie Ihr Passwort vergessen haben, verwenden Sie dort „Passwort vergessen?“.
# Der Textteil.
mail-welcome-choose-here = Wählen Sie hier Ihr Passwort:
mail-welcome-link-note-text = Der Link kann einmal verwendet werden und gilt bis { $until }. Ist er abgelaufen, bitten Sie Ihre Administratorin oder Ihren Administrator um eine neue Willkommensnachricht oder verwenden Sie „Passwort vergessen?“ auf der Anmeldeseite.
mail-welcome-sign-in-here = Melden Sie sich hier mit Ihrer E-Mail-Adresse und Ihrem Passwort an:
mail-welcome-forgotten-text = Falls Sie Ihr Passwort vergessen haben, verwenden Sie dort „Passwort vergessen?“.

## Account navigation
nav-signed-in-as = Angemeldet als
nav-sign-out = Abmelden
nav-label = Konto
nav-overview = Übersicht
nav-profile = Profil
nav-email = E-Mail
nav-phone = Telefon
nav-password = Passwort
nav-security = Zwei-Schritt-Anmeldung
nav-linked = Verknüpfte Anmeldungen
nav-sessions = Sitzungen
nav-authorities = Vollmachten
nav-apps = Apps

## Account overview
account-title = Ihr Konto
account-acting-before = Sie handeln für
account-acting-after = in den Anwendungen, die Ihre Vollmacht abdeckt.
account-acting-link = Vollmachten
account-unconfirmed = Ihre E-Mail-Adresse ist noch nicht bestätigt.
account-confirm-it = Jetzt bestätigen
account-email = E-Mail
account-email-none = keine
account-email-add = hinzufügen
account-username = Benutzername
account-privileges = Berechtigungen
account-privileges-none = keine
account-console = Verwaltungskonsole
account-your-data = Ihre Daten
account-download = Ihre Daten herunterladen
account-delete = Ihr Konto löschen
account-sign-out = Abmelden

## Profile
profile-title = Profil
profile-elsewhere = Ihre E-Mail-Adresse und Ihre Mobilnummer haben eigene Seiten:
profile-elsewhere-email = E-Mail
profile-elsewhere-phone = Telefon
profile-elsewhere-after = (beide werden vor einer Änderung mit einem Code bestätigt).
profile-not-set = (nicht festgelegt)
profile-save = Profil speichern
profile-label-first_name = Vorname
profile-label-last_name = Nachname
profile-label-nickname = Spitzname
profile-label-initials = Initialen
profile-label-country = Land
profile-label-subdivision_first = Bundesland oder Provinz
profile-label-subdivision_second = Landkreis oder Bezirk
profile-label-subdivision_third = Gemeinde
profile-label-organization = Organisation
profile-label-timezone = Zeitzone
profile-label-language = Sprache
profile-label-date_format = Datumsformat
profile-hint-nickname = Wie man Sie nennt; wird statt Ihres vollständigen Namens angezeigt
profile-hint-initials = z. B. MM
profile-hint-country = Zwei Buchstaben, z. B. DE
profile-hint-timezone = z. B. Europe/Berlin
profile-hint-language = z. B. de, de-CH

## E-mail address
email-page-title = E-Mail-Adresse
email-page-current = Ihre Adresse lautet
email-page-not-confirmed = (noch nicht bestätigt)
email-page-confirm-heading = { $address } bestätigen
email-page-enter-code = Geben Sie den Code aus der Nachricht an { $address } ein oder öffnen Sie den Link darin.
email-page-code = Code
email-page-confirm = Neue Adresse bestätigen
email-page-or-change = Oder zu einer anderen Adresse wechseln
email-page-reauth = Ihr Konto hat kein Passwort. Bestätigen Sie, dass Sie es sind, bevor Sie die Adresse ändern:
email-page-new = Neue E-Mail-Adresse
email-page-current-password = Aktuelles Passwort
email-page-send = Bestätigung senden

## Phone number
phone-page-title = Telefonnummer
phone-page-current = Ihre Mobilnummer lautet
phone-page-not-confirmed = (nicht bestätigt)
phone-page-none = Es ist keine Mobilnummer gespeichert. Fügen Sie eine hinzu, um sich mit einem Code per SMS anzumelden.
phone-page-confirm-heading = { $number } bestätigen
phone-page-enter-code = Geben Sie den Code aus der SMS an { $number } ein.
phone-page-code = Code
phone-page-confirm = Nummer bestätigen
phone-page-reauth = Ihr Konto hat kein Passwort. Bestätigen Sie, dass Sie es sind, bevor Sie die Nummer ändern:
phone-page-change = Nummer ändern
phone-page-add = Nummer hinzufügen
phone-page-mobile = Mobilnummer
phone-page-current-password = Aktuelles Passwort
phone-page-send = Code senden
phone-page-remove-heading = Nummer entfernen
phone-page-remove = Entfernen

## Password
password-title = Passwort ändern
password-title-forced = Neues Passwort wählen
password-title-set = Passwort festlegen
password-no-password = Sie melden sich über einen Anbieter an. Mit einem Passwort können Sie sich auch ohne ihn anmelden.
password-reauth = Ihr Konto hat kein Passwort. Bestätigen Sie, dass Sie es sind, bevor Sie eines festlegen:
password-forced = Ihr Passwort war nur für eine einmalige Verwendung bestimmt. Wählen Sie ein eigenes, bevor Sie fortfahren.
password-current = Aktuelles Passwort
password-new = Neues Passwort
password-hint = Mindestens { $count } Zeichen. Einige Wörter ohne Zusammenhang sind sicher und leicht zu merken.
password-again = Neues Passwort wiederholen
password-save = Passwort speichern

## Sessions
sessions-title = Sitzungen
sessions-heading = Ihre Sitzungen
sessions-this-browser = dieser Browser
sessions-signed-in = angemeldet am { $date }
sessions-last-seen = zuletzt aktiv am { $date }
sessions-end = Abmelden
sessions-end-others = Alle anderen Sitzungen abmelden

## Linked sign-ins
linked-title = Verknüpfte Anmeldungen
linked-lead = Konten bei anderen Anbietern, mit denen Sie sich hier anmelden.
linked-none = Mit Ihrem Konto ist kein Anbieter verknüpft.
linked-since = verknüpft am { $date }
linked-last-used = zuletzt verwendet: { $date }
linked-unlink = Verknüpfung aufheben
linked-only-way = Ihre einzige Möglichkeit, sich anzumelden:
linked-only-way-link = Legen Sie ein Passwort fest
linked-only-way-after = oder verknüpfen Sie einen weiteren Anbieter, bevor Sie diese Verknüpfung aufheben.
linked-link-another = Weiteren Anbieter verknüpfen

## Connected apps
apps-title = Verbundene Apps
apps-none = Sie haben keiner Anwendung Zugriff auf Ihr Konto gewährt.
apps-since = seit { $date }
apps-revoke = Zugriff entfernen

## Authorities
authorities-title = Vollmachten
authorities-lead = Lassen Sie jemanden in Ihrem Namen handeln: Anwendungen sehen dann Sie und dass diese Person für Sie handelt.
authorities-acting-before = Sie handeln für
authorities-acting-after = in den Anwendungen, die die Vollmacht abdeckt.
authorities-stop = Wieder für mich selbst handeln
authorities-received = Sie dürfen handeln für
authorities-received-none = Niemand hat Ihnen eine Vollmacht erteilt.
authorities-acting-now = Sie handeln gerade
authorities-act-as = Als { $name } handeln
authorities-give-back = Zurückgeben
authorities-given = Für Sie dürfen handeln
authorities-given-none = Sie haben keine Vollmacht erteilt.
authorities-revoke = Widerrufen
authorities-give-heading = Vollmacht erteilen
authorities-holder = E-Mail-Adresse oder Benutzername der Person
authorities-clients = Nur für diese Anwendungen
authorities-clients-hint = (keine angekreuzt: alle Anwendungen)
authorities-privileges = Berechtigungen, die die Person erhält
authorities-privileges-all = Alle meine
authorities-privileges-only = Nur die angekreuzten:
authorities-from = Ab
authorities-until = Bis
authorities-until-hint = (freiwillig, einschließlich)
authorities-give = Vollmacht erteilen

## Delete your account
delete-title = Ihr Konto löschen
delete-lead = Alles wird gelöscht: Ihr Profil, Ihre Sitzungen, Tokens, verbundenen Anwendungen, Ihr zweiter Faktor, Ihre verknüpften Anmeldungen und Vollmachten. Anwendungen, die Sie genutzt haben, behalten nur, was sie selbst gespeichert haben. Dies lässt sich nicht rückgängig machen.
delete-download = Laden Sie zuerst Ihre Daten herunter
delete-download-after = (eine JSON-Datei).
delete-password = Ihr Passwort
delete-sign-in-again = Melden Sie sich erneut an (über die Anmeldeseite), um zu bestätigen, dass Sie es sind, und kehren Sie dann hierher zurück.
delete-confirm = Mein Konto und alles darin löschen
delete-submit = Mein Konto löschen

## Two-step sign-in
security-title = Zwei-Schritt-Anmeldung
security-reauth = Ihr Konto hat kein Passwort. Bestätigen Sie für diese Änderung, dass Sie es sind:
security-required = Ihre Berechtigungen erfordern die Zwei-Schritt-Anmeldung.
security-on = Ein
security-off = Aus
security-app-on = bei jeder Anmeldung wird ein Code aus einer Authenticator-App abgefragt (eingerichtet am { $date }).
security-recovery-left = Noch { $count } von 10 Wiederherstellungscodes übrig.
security-recovery-renew-soon = Erneuern Sie sie, bevor sie aufgebraucht sind.
security-password = Ihr Passwort
security-renew = Wiederherstellungscodes erneuern
security-move-app = Zu einer anderen Authenticator-App wechseln
security-disable = Zwei-Schritt-Anmeldung ausschalten
security-sms-on-everywhere = bei jeder Anmeldung wird ein Code per SMS abgefragt.
security-off-explained = für die Anmeldung genügt Ihr Passwort.
security-set-up-app = Authenticator-App einrichten
security-not-available = Die Zwei-Schritt-Anmeldung ist auf dieser Website nicht aktiviert.
security-sms-heading = SMS
security-sms-status-on = Ein
security-sms-on = bei der Anmeldung kann ein Code per SMS an { $number } gesendet werden.
security-sms-disable = SMS ausschalten
security-sms-offer = Erhalten Sie als zweiten Schritt einen Code per SMS an { $number }.
security-sms-enable = SMS verwenden
security-sms-need-phone = Bestätigen Sie auf der
security-sms-need-phone-link = Seite „Telefon“
security-sms-need-phone-after = eine Mobilnummer, um Codes per SMS zu erhalten.

## Recovery codes
recovery-title = Ihre Wiederherstellungscodes
recovery-heading = Speichern Sie Ihre Wiederherstellungscodes
recovery-lead = Falls Sie Ihr Telefon verlieren, meldet Sie jeder dieser Codes einmal an, anstelle eines Codes aus der App. Drucken Sie sie aus oder bewahren Sie sie in einem Passwortmanager auf: Sie werden nur dieses eine Mal angezeigt.
recovery-download = Als Textdatei herunterladen
recovery-old-invalid = Zuvor angezeigte Codes sind nicht mehr gültig.
recovery-continue = Ich habe sie gespeichert, weiter

## Authenticator app set-up
enroll-title = Authenticator-App einrichten
enroll-step-open = Öffnen Sie eine Authenticator-App (Aegis, FreeOTP, Google oder Microsoft Authenticator, 1Password…) und fügen Sie ein Konto hinzu.
enroll-step-scan = Scannen Sie diesen Code:
enroll-qr-label = QR-Code für Ihre Authenticator-App
enroll-or-type-key = oder geben Sie diesen Schlüssel ein:
enroll-app-hint = Zeitbasiert, 6 Ziffern, alle 30 Sekunden. Das Konto heißt { $appname } ({ $email }).
enroll-step-enter = Geben Sie den Code ein, den die App gerade anzeigt:
enroll-code = Code aus der App
enroll-password = Ihr Passwort
enroll-why-password = Wir fragen danach, weil Ihre Anmeldung mehr als ein paar Minuten zurückliegt.
enroll-submit = Zwei-Schritt-Anmeldung einschalten

# Die Verwaltungskonsole auf Deutsch (templates/admin/).

## Console: shared
admin-html-title = Verwaltung von { $appname }
admin-skip = Zum Inhalt springen
admin-table-region = Tabelle (seitlich scrollbar)
admin-user-id-placeholder = Benutzer-ID
admin-user-id-label = Benutzer-ID
admin-filter = Filtern
admin-revoke = Widerrufen
admin-delete = Löschen
admin-save = Speichern

## Console: navigation
admin-nav-label = Verwaltung
admin-nav-dashboard = Übersicht
admin-nav-users = Benutzer
admin-nav-sessions = Sitzungen
admin-nav-authorities = Vollmachten
admin-nav-privileges = Berechtigungen
admin-nav-invitations = Einladungen
admin-nav-clients = Clients
admin-nav-providers = Anmeldeanbieter
admin-nav-mfa = Zwei-Schritt-Anmeldung
admin-nav-audit = Audit-Protokoll
admin-nav-api-keys = API-Schlüssel

## Console: dashboard
admin-dashboard-title = Übersicht
admin-dashboard-users = Benutzer
admin-dashboard-active-sessions = { $count ->
        [one] aktive Sitzung
       *[other] aktive Sitzungen
    }
admin-dashboard-clients = { $count ->
        [one] Client
       *[other] Clients
    }
admin-dashboard-chart = Anmeldungen in den letzten 30 Tagen
admin-dashboard-texts-refused = In den letzten 30 Tagen von den Limits gegen Gebührenbetrug abgelehnte SMS:
admin-dashboard-audit-kind = Ereignisart

## Console: API keys
admin-api-keys-title = API-Schlüssel
admin-api-keys-heading = Ihre API-Schlüssel
admin-api-keys-col-name = Name
admin-api-keys-col-capabilities = Befugnisse
admin-api-keys-col-created = Erstellt
admin-api-keys-col-expires = Läuft ab
admin-api-keys-col-last-used = Zuletzt verwendet
admin-api-keys-revoked = widerrufen
admin-api-keys-create-heading = Schlüssel erstellen
admin-api-keys-name = Name
admin-api-keys-capabilities = Befugnisse (eine Auswahl Ihrer eigenen)
admin-api-keys-expires-after = Läuft ab nach (Tagen; leer: nie)
admin-api-keys-create = Schlüssel erstellen

## Console: audit log
admin-audit-title = Audit-Protokoll
admin-audit-search-placeholder = Text, Akteur oder IP
admin-audit-search-label = Nach Text, Akteur oder IP suchen
admin-audit-kind-label = Ereignisart
admin-audit-every-kind = Alle Ereignisarten
admin-audit-from = Von
admin-audit-until = bis
admin-audit-search = Suchen
admin-audit-col-when = Zeitpunkt
admin-audit-col-event = Ereignis
admin-audit-col-user = Benutzer
admin-audit-col-client = Client
admin-audit-col-ip = IP-Adresse
admin-audit-col-detail = Details
admin-audit-deleted-user = gelöschter Benutzer
admin-audit-user-events = Ereignisse
admin-audit-none = Keine Ereignisse gefunden.
admin-audit-older = Ältere →

## Console: authorities
admin-authorities-title = Vollmachten
admin-authorities-hint = Wer für wen handeln darf (die Vollmachten aus Lino). Unter einer Vollmacht ausgestellte Tokens nennen den Vollmachtgeber als Subjekt und den Bevollmächtigten als Akteur; ein Widerruf macht sie sofort ungültig.
admin-authorities-only-user = Nur die dieses Benutzers
admin-authorities-col-granter = Vollmachtgeber
admin-authorities-col-holder = Bevollmächtigter
admin-authorities-col-clients = Clients
admin-authorities-col-privileges = Berechtigungen
admin-authorities-col-status = Status
admin-authorities-col-created = Erstellt
admin-authorities-none = Noch handelt niemand für jemand anderen.
admin-authorities-newest = Die neuesten 200 werden angezeigt.
admin-authorities-create-heading = Einen Benutzer für einen anderen handeln lassen
admin-authorities-granter = Vollmachtgeber (Benutzer-ID der Person, für die gehandelt wird)
admin-authorities-holder = Bevollmächtigter (Benutzer-ID der Person, die handelt)
admin-authorities-clients = Nur diese Client-IDs
admin-authorities-clients-hint = (leer: alle Clients)
admin-authorities-privileges = Nur diese Berechtigungen
admin-authorities-privileges-hint = (leer: alle, die der Vollmachtgeber hat)
admin-authorities-create = Vollmacht erstellen

## Console: client
admin-client-id = Client-ID
admin-client-public = öffentlich
admin-client-confidential = vertraulich
admin-client-first-party = eigene Anwendung
admin-client-rotate-confirm = das alte Geheimnis wird sofort ungültig
admin-client-rotate = Geheimnis erneuern
admin-client-delete-confirm = mit allen seinen Tokens löschen

## Console: client form
admin-client-form-name = Name
admin-client-form-public = öffentlich (ohne Geheimnis; PKCE)
admin-client-form-first-party = eigene Anwendung (ohne Zustimmungsseite)
admin-client-form-redirect-uris = Weiterleitungs-URIs, eine pro Zeile
admin-client-form-post-logout = Weiterleitungs-URIs nach dem Abmelden, eine pro Zeile
admin-client-form-grant-types = Grant-Typen (durch Leerzeichen getrennt)
admin-client-form-scopes = Scopes (durch Leerzeichen getrennt)
admin-client-form-logo = Logo-URL
admin-client-form-logo-hint = (https, wird auf der Zustimmungsseite angezeigt)
admin-client-form-policy = URL der Datenschutzerklärung
admin-client-form-tos = URL der Nutzungsbedingungen
admin-client-form-register = Registrieren

## Console: clients
admin-clients-title = Clients
admin-clients-col-name = Name
admin-clients-col-id = Client-ID
admin-clients-col-type = Typ
admin-clients-col-redirect-uris = Weiterleitungs-URIs
admin-clients-none = Noch ist kein Client registriert.
admin-clients-register-heading = Client registrieren

## Console: invitations
admin-invitations-title = Einladungen
admin-invitations-email = Per E-Mail einladen
admin-invitations-privileges = Berechtigungen, die die Person erhält
admin-invitations-send = Einladung senden
admin-invitations-col-email = E-Mail
admin-invitations-col-privileges = Berechtigungen
admin-invitations-col-status = Status
admin-invitations-col-expires = Läuft ab
admin-invitations-resend = Erneut senden
admin-invitations-none = Keine Einladung ist offen.

## Console: message
admin-message-back = Gehen Sie zurück, um es zu korrigieren, oder wechseln Sie zur
admin-message-dashboard = Übersicht
admin-message-back-end = .

## Console: two-step sign-in policy
admin-mfa-title = Regeln für die Zwei-Schritt-Anmeldung
admin-mfa-lead = Wer nach dem Passwort einen zweiten Faktor verwenden muss und welche Arten eingerichtet werden dürfen. Benutzer, deren Berechtigungen einen verlangen und die noch keinen haben, richten ihn direkt nach dem Passwort ein, bevor sie eine Sitzung erhalten.
admin-mfa-methods = Erlaubte Verfahren
admin-mfa-required = Verlangt für Inhaber von
admin-mfa-save = Regeln speichern
admin-mfa-texts = SMS
admin-mfa-transport = Versanddienst
admin-mfa-sent-today = { $sent } von { $limit } SMS heute gesendet (alle Knoten)
admin-mfa-phone-sign-in-on = Anmeldung per Telefon an
admin-mfa-phone-sign-in-off = Anmeldung per Telefon aus
admin-mfa-all-countries = alle Länder
admin-mfa-only-countries = nur { $countries }
admin-mfa-test-to = Testnachricht senden an
admin-mfa-test-send = Testnachricht senden

## Console: privileges
admin-privileges-title = Berechtigungen
admin-privileges-col-name = Name
admin-privileges-col-users = Benutzer
admin-privileges-builtin = eingebaut
admin-privileges-remove-from = von { $count ->
        [one] { $count } Benutzer
       *[other] { $count } Benutzern
    } entfernen
admin-privileges-new-placeholder = neue-berechtigung
admin-privileges-new-label = Neue Berechtigung
admin-privileges-add = Berechtigung hinzufügen

## Console: sign-in provider
admin-provider-id = ID
admin-provider-linked-users = { $count ->
        [one] { $count } verknüpfter Benutzer
       *[other] { $count } verknüpfte Benutzer
    }
admin-provider-from-file = aus der Konfigurationsdatei: dort ändern
admin-provider-callback = Beim Anbieter zu registrierende Callback-URL:
admin-provider-test-passed = Test bestanden:
admin-provider-test-failed = Test fehlgeschlagen:
admin-provider-test = Testen
admin-provider-only-way-in = { $count ->
        [one] { $count } Benutzer kann sich nur über diesen Anbieter anmelden. Wird er deaktiviert oder gelöscht, ist dieser Benutzer ausgesperrt; um ihn trotzdem zu deaktivieren, setzen Sie unter dem Formular das Häkchen bei „bestätigen“ und speichern Sie erneut.
       *[other] { $count } Benutzer können sich nur über diesen Anbieter anmelden. Wird er deaktiviert oder gelöscht, sind sie ausgesperrt; um ihn trotzdem zu deaktivieren, setzen Sie unter dem Formular das Häkchen bei „bestätigen“ und speichern Sie erneut.
    }
admin-provider-delete-unlink = { $count ->
        [0] ihn löschen (kein Benutzer ist verknüpft)
        [one] ihn löschen und seine Verknüpfung mit { $count } Benutzer lösen
       *[other] ihn löschen und seine Verknüpfungen mit { $count } Benutzern lösen
    }
admin-provider-delete-lose = ({ $count ->
        [one] { $count } davon verliert den einzigen Zugang
       *[other] { $count } davon verlieren ihren einzigen Zugang
    })

## Console: sign-in provider form
admin-provider-form-kind = Typ
admin-provider-form-id = ID
admin-provider-form-id-hint-before = (der Claim
admin-provider-form-id-hint-after = und der Callback-Pfad; leer: der Typ, für OpenID Connect erforderlich)
admin-provider-form-client-id = Client-ID
admin-provider-form-client-secret = Client-Geheimnis
admin-provider-form-client-secret-hint = (leer lassen, um das gespeicherte zu behalten; es wird nie wieder angezeigt)
admin-provider-form-label = Text der Schaltfläche
admin-provider-form-label-hint = (leer: „Anmelden mit …“)
admin-provider-form-position = Reihenfolge
admin-provider-form-scopes = Scopes
admin-provider-form-scopes-hint = (durch Leerzeichen getrennt; leer: die Vorgaben des Anbieters)
admin-provider-form-enabled = aktiv (seine Schaltfläche steht auf der Anmeldeseite)
admin-provider-form-trust-email = seinen bestätigten E-Mail-Adressen vertrauen (Konten damit anlegen, mit bestätigten Konten verknüpfen)
admin-provider-form-allow-sign-up = Konten für neue Personen anlegen, auch wenn die Registrierung geschlossen ist
admin-provider-form-mfa-before = seine Zwei-Schritt-Anmeldung (
admin-provider-form-mfa-with = mit
admin-provider-form-mfa-after = ) gilt wie unsere
admin-provider-form-endpoints = Endpunkte und Mandanten
admin-provider-form-endpoints-hint = (leer: die echten Endpunkte des Anbieters)
admin-provider-form-issuer = Aussteller
admin-provider-form-userinfo = Userinfo-URL
admin-provider-form-authority = Autorität
admin-provider-form-tenant = Mandant
admin-provider-form-tenant-hint = (Microsoft: common, organizations, consumers oder eine Mandanten-ID)
admin-provider-form-allowed-tenants = Erlaubte Mandanten
admin-provider-form-allowed-tenants-hint = (Microsoft; Mandanten-IDs durch Leerzeichen getrennt; leer: alle)
admin-provider-form-trusted-tenants = Für E-Mail-Adressen vertrauenswürdige Mandanten
admin-provider-form-auth-url = Autorisierungs-URL
admin-provider-form-token-url = Token-URL
admin-provider-form-graph-url = Graph-API-URL
admin-provider-form-graph-version = Graph-API-Version
admin-provider-form-graph-version-hint = (Facebook, z. B. v23.0)
admin-provider-form-api-url = API-URL
admin-provider-form-lockout = { $count ->
        [one] bestätigen: Das Deaktivieren sperrt { $count } Benutzer aus, der sich nur über diesen Anbieter anmelden kann
       *[other] bestätigen: Das Deaktivieren sperrt { $count } Benutzer aus, die sich nur über diesen Anbieter anmelden können
    }
admin-provider-form-add = Anbieter hinzufügen

## Console: sign-in providers
admin-providers-title = Anmeldeanbieter
admin-providers-lead = Google, Microsoft, Facebook, X und OpenID-Connect-Anbieter, über die sich Personen anmelden können. Registrieren Sie die Callback-URL jedes Anbieters bei diesem.
admin-providers-none = Noch kein Anbieter.
admin-providers-col-button = Schaltfläche
admin-providers-col-id = ID
admin-providers-col-kind = Typ
admin-providers-col-state = Zustand
admin-providers-col-linked-users = Verknüpfte Benutzer
admin-providers-col-callback = Callback-URL
admin-providers-enabled = aktiv
admin-providers-disabled = deaktiviert
admin-providers-from-file = Konfigurationsdatei
admin-providers-add-heading = Anbieter hinzufügen
admin-providers-callback-will-be = Die Callback-URL lautet
admin-providers-callback-end = .

## Console: secret
admin-secret-once = Es wird nur dieses eine Mal angezeigt. Bewahren Sie es jetzt sicher auf.
admin-secret-continue = Weiter

## Console: sessions
admin-sessions-title = Sitzungen
admin-sessions-email-placeholder = E-Mail enthält
admin-sessions-email-label = E-Mail
admin-sessions-live-truncated = Aktive Sitzungen, neueste zuerst: Nur die neuesten { $count } werden angezeigt – filtern Sie nach Benutzer, um die übrigen zu sehen.
admin-sessions-live = Aktive Sitzungen, neueste zuerst, höchstens { $count }.
admin-sessions-col-user = Benutzer
admin-sessions-col-device = Gerät
admin-sessions-col-address = Adresse
admin-sessions-col-started = Begonnen
admin-sessions-col-last-active = Zuletzt aktiv
admin-sessions-end = Beenden
admin-sessions-none = Keine aktiven Sitzungen gefunden.

## Console: user
admin-user-deactivated = deaktiviert
admin-user-no-email = keine E-Mail-Adresse
admin-user-email-verified = bestätigt
admin-user-email-not-verified = nicht bestätigt
admin-user-phone-verified = bestätigt
admin-user-phone-not-verified = nicht bestätigt
admin-user-id = ID
admin-user-sessions-count = { $count ->
        [one] { $count } Sitzung
       *[other] { $count } Sitzungen
    }
admin-user-sessions = Sitzungen
admin-user-no-session = Keine aktive Sitzung.
admin-user-col-device = Gerät
admin-user-col-address = Adresse
admin-user-col-last-seen = Zuletzt gesehen
admin-user-all-sessions = Alle Sitzungen dieser Person
admin-user-events = Letzte Ereignisse
admin-user-no-events = Noch nichts.
admin-user-col-when = Zeitpunkt
admin-user-col-event = Ereignis
admin-user-col-detail = Details
admin-user-all-events = Alle Ereignisse zu dieser Person
admin-user-profile = Profil
admin-user-email = E-Mail-Adresse
admin-user-phone = Mobilnummer
admin-user-unconfirmed-hint = Wird unbestätigt gespeichert: Eine Anmeldung damit ist erst möglich, wenn die Person sie mit einem Code bestätigt hat. Ein leeres Feld entfernt sie.
admin-user-valid-from = Gültig ab
admin-user-valid-until = Gültig bis
admin-user-save-profile = Profil speichern
admin-user-privileges = Berechtigungen
admin-user-save-privileges = Berechtigungen speichern
admin-user-privileges-held = Berechtigungen:
admin-user-mfa = Zwei-Schritt-Anmeldung
admin-user-mfa-on = Aktiv: Authenticator-App, { $count ->
        [one] noch { $count } Wiederherstellungscode
       *[other] noch { $count } Wiederherstellungscodes
    } übrig.
admin-user-mfa-off = Aus.
admin-user-mfa-required = Von den Berechtigungen dieses Benutzers verlangt.
admin-user-reset-confirm = der Benutzer hat seinen Authenticator verloren; er wird per E-Mail informiert
admin-user-reset-mfa = Zweiten Faktor zurücksetzen
admin-user-actions = Aktionen
admin-user-deactivate = Deaktivieren
admin-user-reactivate = Reaktivieren
admin-user-end-sessions = Alle Sitzungen beenden
admin-user-send-reset = Link zum Zurücksetzen des Passworts senden
admin-user-send-welcome = Willkommens-E-Mail senden
admin-user-erase-confirm = diesen Benutzer endgültig löschen

## Console: add a user
admin-user-new-title = Benutzer hinzufügen
admin-user-new-first-name = Vorname
admin-user-new-last-name = Nachname
admin-user-new-email = E-Mail-Adresse
admin-user-new-username = Benutzername
admin-user-new-username-hint = (freiwillig: zur Anmeldung statt der E-Mail-Adresse)
admin-user-new-password = Passwort
admin-user-new-privileges = Berechtigungen
admin-user-new-add = Benutzer hinzufügen
admin-user-new-service-heading = Oder ein Dienstkonto hinzufügen
admin-user-new-service-hint-before = Ein nicht interaktiver Benutzer für client_credentials (wie der Benutzer
admin-user-new-service-hint-after = in docassemble): Die Tokens seines Clients tragen ihn und seine Berechtigungen; er meldet sich nie in einem Browser an und erhält keine E-Mails.
admin-user-new-service-name = Name
admin-user-new-service-privileges = Berechtigungen
admin-user-new-service-privileges-hint = (durch Leerzeichen getrennt, z. B. cron)
admin-user-new-service-add = Dienstkonto hinzufügen

## Console: users
admin-users-title = Benutzer
admin-users-add = Benutzer hinzufügen
admin-users-search-placeholder = Name oder E-Mail
admin-users-search-label = Suchen
admin-users-privilege-label = Berechtigung
admin-users-any-privilege = Alle Berechtigungen
admin-users-status-label = Status
admin-users-any-status = Jeder Status
admin-users-active = Aktiv
admin-users-deactivated = Deaktiviert
admin-users-col-name = Name
admin-users-col-email = E-Mail
admin-users-col-privileges = Berechtigungen
admin-users-col-status = Status
admin-users-service = Dienstkonto
admin-users-state-deactivated = deaktiviert
admin-users-state-unverified = unbestätigt
admin-users-state-active = aktiv
admin-users-none = Keine Benutzer gefunden.
admin-users-next = Nächste Seite →

## Gründe, die ein Formular nennt
err-enter-names = Geben Sie Ihren Vor- und Nachnamen ein.
err-username-taken = Dieser Benutzername ist vergeben: Wählen Sie einen anderen.
err-service-account-self-delete = Ein Dienstkonto kann sich nicht selbst löschen.
err-last-admin-delete = Sie sind die letzte aktive Administration: Machen Sie jemand anderen zur Administration, bevor Sie Ihr Konto löschen.
err-address-exists = Ein Konto mit dieser Adresse gibt es schon: Melden Sie sich stattdessen an.
err-already-your-address = Das ist bereits Ihre Adresse.
err-current-password-wrong = Das aktuelle Passwort ist falsch.
err-confirm-first = Bestätigen Sie zuerst, dass Sie es sind (die Schaltfläche oben), oder melden Sie sich erneut an.
err-address-taken-now = Diese Adresse gehört inzwischen zu einem anderen Konto und kann daher nicht Ihre sein.
err-already-your-number = Das ist bereits Ihre Nummer.
err-number-taken = Diese Nummer gehört hier zu einem anderen Konto und kann diesem daher nicht hinzugefügt werden.
err-only-way-in = Diese Nummer ist Ihr einziger Weg zur Anmeldung. Legen Sie zuerst ein Passwort fest oder verknüpfen Sie einen Anmeldeanbieter.
err-no-such-holder = Kein Konto hat diese E-Mail-Adresse oder diesen Benutzernamen.
err-no-such-authority = Diese Vollmacht gibt es nicht.
err-authority-unusable = Diese Vollmacht kann jetzt nicht genutzt werden.
err-no-address-for-reset = Dieses Konto hat keine E-Mail-Adresse, an die ein Link zum Zurücksetzen gesendet werden kann.
err-no-confirmed-phone = Dieses Konto hat keine bestätigte Telefonnummer.
err-sms-not-allowed = SMS sind hier als zweiter Faktor nicht erlaubt.
err-confirm-phone-first = Bestätigen Sie zuerst eine Telefonnummer auf der Seite „Telefon“.
err-sms-required = Die Berechtigungen Ihres Kontos verlangen einen zweiten Faktor: Richten Sie eine Authenticator-App ein, bevor Sie SMS ausschalten.
err-apps-disabled = Authenticator-Apps sind auf dieser Website nicht aktiviert.
err-mfa-required = Ihre Berechtigungen verlangen die Zwei-Schritt-Anmeldung, daher kann sie nicht ausgeschaltet werden. Sie können stattdessen eine andere Authenticator-App einrichten.
err-mfa-not-on = Die Zwei-Schritt-Anmeldung ist nicht eingeschaltet.
err-app-first = Richten Sie zuerst eine Authenticator-App ein; Wiederherstellungscodes vertreten sie.
err-too-many-signup-codes = Für diese Registrierung wurden zu viele Codes gesendet. Beginnen Sie erneut auf der Anmeldeseite.
err-option-gone = Diese Anmeldemöglichkeit ist nicht mehr verfügbar.
err-password-same = Wählen Sie ein anderes Passwort als das aktuelle.
err-type-current-password = Geben Sie Ihr aktuelles Passwort ein, um es zu ändern.
err-enter-mobile = Geben Sie Ihre Mobilnummer ein.
err-not-a-phone-number = Das ist keine Telefonnummer.
err-phone-with-country = Das ist keine Telefonnummer. Geben Sie sie mit Ländervorwahl ein, etwa +44 7700 900123.
err-phone-nonexistent = Diese Nummer gibt es nicht. Prüfen Sie sie und geben Sie sie mit Ländervorwahl ein.
err-phone-landline = Das ist eine Festnetznummer, die keine SMS empfangen kann. Geben Sie eine Mobilnummer ein.
err-phone-no-sms = Diese Nummer kann keine SMS empfangen. Geben Sie eine Mobilnummer ein.
err-password-too-close = Dieses Passwort ist Ihrem Namen oder Ihrer E-Mail-Adresse zu ähnlich: Fügen Sie Wörter hinzu, die nichts mit Ihnen zu tun haben.
err-password-wrong = Das Passwort ist falsch.
err-password-short = Verwenden Sie mindestens { $count } Zeichen; ein paar Wörter ohne Zusammenhang ergeben ein langes Passwort, das man sich leicht merkt.
err-password-long = Verwenden Sie höchstens { $count } Zeichen.
err-password-guessable = Dieses Passwort ist zu leicht zu erraten.
err-password-add-words = Fügen Sie ein oder zwei weitere Wörter hinzu, die nichts mit Ihnen zu tun haben.
err-not-an-email = „{ $value }“ ist keine E-Mail-Adresse
err-account-not-yet = Dieses Konto ist noch nicht gültig: Es öffnet am { $date }.
err-account-expired = Dieses Konto ist am { $date } abgelaufen.
err-profile-too-long = { $field } ist zu lang oder enthält Steuerzeichen
err-initials-long = Initialen haben höchstens 8 Zeichen
err-not-a-country = „{ $value }“ ist kein zweibuchstabiger Ländercode nach ISO 3166-1 (z. B. BE, CH, US)
err-not-a-timezone = „{ $value }“ ist keine IANA-Zeitzone (z. B. Europe/Berlin)
err-not-a-language = „{ $value }“ ist kein Sprach-Tag (z. B. en, de-CH)
err-date-format = Wählen Sie ein Datumsformat aus: { $formats }

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
err-not-a-date = „{ $value }“ ist kein Datum wie 2027-03-31.

## Formulare
errors-title = Es gibt ein Problem

# Ablehnungen der Verwaltungsfunktionen (src/admin/*.rs) und der Regeln, die jede neue
# Vollmacht erfüllt (src/delegation/mod.rs). Erscheinen auf den Seiten der Konsole und in
# der `message` der JSON-Antworten der Admin-API. Die mit „Nach dem Namen des Feldes“
# markierten folgen diesem („name: …“), daher klein geschrieben (außer Substantiven).

## Administration: shared (src/admin/mod.rs)
admin-err-needs-capability = dafür ist die Befugnis „{ $capability }“ nötig
admin-err-may-not-act-on = dieser Benutzer hat die Berechtigung „{ $privilege }“, die Sie nicht vergeben könnten, daher dürfen Sie sein Konto nicht verwalten
admin-err-already-exists = gibt es bereits
# Nach dem Namen des Feldes („privileges: …“).
admin-err-cron-service-only = „cron“ haben nur Dienstkonten
# Nach dem Namen des Feldes („privileges: …“).
admin-err-unknown-privilege-named = nennt eine Berechtigung, die es nicht gibt
admin-err-email-exists = es gibt bereits einen Benutzer mit dieser E-Mail-Adresse

## Administration: API keys (src/admin/api_keys.rs), all after the field's name
admin-err-key-name = geben Sie dem Schlüssel einen Namen mit 1 bis 100 Zeichen
admin-err-key-no-capability = wählen Sie mindestens eine Befugnis aus
admin-err-key-capability-not-held = Sie haben die Befugnis „{ $capability }“ nicht, also kann auch kein Schlüssel von Ihnen sie haben
admin-err-key-expiry-past = muss in der Zukunft liegen

## Administration: authorities (src/admin/authorities.rs), after the field's name
admin-err-no-such-user = diesen Benutzer gibt es nicht

## Administration: clients (src/admin/clients.rs)
# Nach dem Namen des Feldes, wie die nächsten fünf.
admin-err-client-name = geben Sie dem Client einen Namen mit 1 bis 100 Zeichen
admin-err-code-grant-needs-redirect = der Grant-Typ authorization_code braucht mindestens eine Weiterleitungs-URI
admin-err-public-client-credentials = ein öffentlicher Client kann client_credentials nicht verwenden
admin-err-public-token-exchange = ein öffentlicher Client kann keinen Token-Austausch verwenden
admin-err-client-id-format = muss 1 bis 128 Zeichen lang sein, ohne Leerzeichen oder Doppelpunkte
admin-err-client-public-switch = ein Client kann nicht zwischen öffentlich und vertraulich wechseln; registrieren Sie einen neuen
admin-err-client-exists = es gibt bereits einen Client mit der ID „{ $id }“
admin-err-scope-not-held = Sie haben die Befugnis „{ $capability }“ nicht, daher dürfen Sie keinen Client mit dem Scope „admin:{ $capability }“ verwalten

## Administration: invitations (src/admin/invitations.rs)
admin-err-may-not-grant = Sie dürfen die Berechtigung „{ $privilege }“ nicht vergeben
# Nach dem Namen des Feldes („privileges: …“).
admin-err-privilege-missing = die Berechtigung „{ $privilege }“ gibt es nicht
admin-err-invitation-closed = diese Einladung wurde bereits angenommen oder widerrufen

## Administration: two-step sign-in (src/admin/mfa.rs)
# Nach dem Namen des Feldes („required_for: …“).
admin-err-no-such-privilege = es gibt keine Berechtigung „{ $privilege }“
admin-err-no-second-factor = dieser Benutzer hat keinen zweiten Faktor, der zurückgesetzt werden könnte

## Administration: privileges (src/admin/privileges.rs)
admin-err-privilege-exists = die Berechtigung „{ $privilege }“ gibt es bereits
admin-err-privilege-builtin = die Berechtigung „{ $privilege }“ ist eingebaut und kann nicht gelöscht werden
admin-err-privilege-held =
    { $count ->
        [one] { $count } Benutzer hat die Berechtigung „{ $privilege }“; bestätigen Sie, um sie ihm zu entziehen und sie zu löschen
       *[other] { $count } Benutzer haben die Berechtigung „{ $privilege }“; bestätigen Sie, um sie ihnen zu entziehen und sie zu löschen
    }

## Administration: sign-in providers (src/admin/providers.rs)
# Nach dem Namen des Feldes, wie die nächsten zwei.
admin-err-provider-kind = wählen Sie google, microsoft, facebook, x oder oidc
admin-err-provider-needs-id = ein OpenID-Connect-Anmeldeanbieter braucht eine ID
admin-err-provider-secret-required = das Client-Geheimnis ist erforderlich
admin-err-provider-in-file = die Konfigurationsdatei legt bereits einen Anmeldeanbieter „{ $id }“ fest
admin-err-provider-exists = es gibt bereits einen Anmeldeanbieter „{ $id }“
admin-err-provider-read-only = dieser Anmeldeanbieter ist in der Konfigurationsdatei festgelegt; ändern Sie ihn dort
admin-err-provider-lockout-disable =
    { $count ->
        [one] { $count } Benutzer kann sich nur über diesen Anbieter anmelden; wird er deaktiviert, ist dieser Benutzer ausgesperrt. Bestätigen Sie, um fortzufahren.
       *[other] { $count } Benutzer können sich nur über diesen Anbieter anmelden; wird er deaktiviert, sind sie ausgesperrt. Bestätigen Sie, um fortzufahren.
    }
admin-err-provider-lockout-delete =
    { $count ->
        [one] { $count } Benutzer kann sich nur über diesen Anbieter anmelden; wird er gelöscht, ist dieser Benutzer ausgesperrt. Bestätigen Sie, um fortzufahren.
       *[other] { $count } Benutzer können sich nur über diesen Anbieter anmelden; wird er gelöscht, sind sie ausgesperrt. Bestätigen Sie, um fortzufahren.
    }
admin-err-provider-changed = jemand anders hat diesen Anmeldeanbieter inzwischen geändert; laden Sie ihn neu und nehmen Sie Ihre Änderung erneut vor

## Administration: service accounts (src/admin/service_accounts.rs)
# Nach dem Namen des Feldes, wie der nächste.
admin-err-service-account-name = geben Sie dem Dienstkonto einen Namen mit 1 bis 100 Zeichen
admin-err-service-account-scope = „{ $scope }“ braucht eine Person; ein Dienstkonto darf nur admin:-Scopes haben
admin-err-client-id-taken = diese Client-ID ist vergeben

## Administration: sessions (src/admin/sessions.rs), all after the field's name
admin-err-not-a-user-id = ist keine Benutzer-ID
admin-err-email-filter-long = ist länger als jede E-Mail-Adresse
admin-err-limit-range = muss zwischen 1 und { $max } liegen

## Administration: users (src/admin/users.rs)
admin-err-may-not-grant-or-remove = Sie dürfen die Berechtigung „{ $privilege }“ weder vergeben noch entziehen: Sie haben sie nicht (oder nicht alles, was sie erlaubt)
# Nach dem Namen des Feldes, wie die nächsten fünf.
admin-err-required = ist erforderlich
admin-err-user-needs-privilege = geben Sie dem Benutzer mindestens eine Berechtigung
admin-err-service-account-no-contact = ein Dienstkonto hat keine Adresse, keine Telefonnummer und keinen Benutzernamen: Es meldet sich nie interaktiv an
admin-err-names-empty = Vor- und Nachname dürfen nicht leer sein
admin-err-valid-until-order = muss nach valid_from liegen
admin-err-service-account-no-password = ein Dienstkonto hat kein Passwort: Es meldet sich mit dem Geheimnis seines Clients an
admin-err-username-taken = dieser Benutzername ist vergeben
admin-err-username-other = ein anderer Benutzer hat diesen Benutzernamen
admin-err-phone-other = ein anderer Benutzer hat diese Telefonnummer
admin-err-email-other = ein anderer Benutzer hat diese E-Mail-Adresse
admin-err-last-admin = dies ist die letzte aktive Administration

## Administration: welcome mail (src/admin/welcome.rs), all after the field's name
admin-err-welcome-deactivated = dieser Benutzer ist deaktiviert: Reaktivieren Sie ihn, bevor Sie eine Willkommens-E-Mail senden
admin-err-welcome-expired = dieses Konto ist abgelaufen: Verlängern Sie seine Gültigkeit, bevor Sie eine Willkommens-E-Mail senden
admin-err-welcome-no-email = dieser Benutzer hat keine E-Mail-Adresse, an die eine Willkommens-E-Mail gehen könnte
admin-err-welcome-unconfirmed = die Adresse dieses Benutzers ist noch nicht bestätigt und kann daher keine E-Mails zum Konto erhalten
admin-err-welcome-undeliverable = an diese Adresse kann keine E-Mail gesendet werden

## Authorities: the rules every new one meets (src/delegation/mod.rs), for the person who filled in the form
admin-err-authority-self = Sie können sich nicht selbst eine Vollmacht erteilen.
admin-err-authority-service-account = Dienstkonten können keine Vollmachten erteilen oder erhalten.
admin-err-authority-limit = Sie haben so viele Vollmachten erteilt, wie ein Konto darf: Widerrufen Sie zuerst einige.
admin-err-authority-holder-inactive = Dieses Konto ist nicht aktiv.
admin-err-authority-too-many-clients = Wählen Sie höchstens 50 Anwendungen aus.
admin-err-authority-unknown-client = Eine der Anwendungen gibt es nicht.
admin-err-authority-privilege-not-granters = „{ $privilege }“ ist keine Berechtigung des Vollmachtgebers und kann daher nicht übertragen werden.
admin-err-authority-end-before-start = Das Ende muss nach dem Beginn liegen.
admin-err-authority-end-past = Das Ende liegt in der Vergangenheit.

## Länder, nach ISO-3166-1-Code (Namen aus Unicode CLDR 45, Unicode License v3: locales/CLDR-LICENSE.txt)
country-AD = Andorra
country-AE = Vereinigte Arabische Emirate
country-AF = Afghanistan
country-AG = Antigua und Barbuda
country-AI = Anguilla
country-AL = Albanien
country-AM = Armenien
country-AO = Angola
country-AQ = Antarktis
country-AR = Argentinien
country-AS = Amerikanisch-Samoa
country-AT = Österreich
country-AU = Australien
country-AW = Aruba
country-AX = Ålandinseln
country-AZ = Aserbaidschan
country-BA = Bosnien und Herzegowina
country-BB = Barbados
country-BD = Bangladesch
country-BE = Belgien
country-BF = Burkina Faso
country-BG = Bulgarien
country-BH = Bahrain
country-BI = Burundi
country-BJ = Benin
country-BL = St. Barthélemy
country-BM = Bermuda
country-BN = Brunei Darussalam
country-BO = Bolivien
country-BQ = Karibische Niederlande
country-BR = Brasilien
country-BS = Bahamas
country-BT = Bhutan
country-BV = Bouvetinsel
country-BW = Botsuana
country-BY = Belarus
country-BZ = Belize
country-CA = Kanada
country-CC = Kokosinseln
country-CD = Kongo-Kinshasa
country-CF = Zentralafrikanische Republik
country-CG = Kongo-Brazzaville
country-CH = Schweiz
country-CI = Côte d’Ivoire
country-CK = Cookinseln
country-CL = Chile
country-CM = Kamerun
country-CN = China
country-CO = Kolumbien
country-CR = Costa Rica
country-CU = Kuba
country-CV = Cabo Verde
country-CW = Curaçao
country-CX = Weihnachtsinsel
country-CY = Zypern
country-CZ = Tschechien
country-DE = Deutschland
country-DJ = Dschibuti
country-DK = Dänemark
country-DM = Dominica
country-DO = Dominikanische Republik
country-DZ = Algerien
country-EC = Ecuador
country-EE = Estland
country-EG = Ägypten
country-EH = Westsahara
country-ER = Eritrea
country-ES = Spanien
country-ET = Äthiopien
country-FI = Finnland
country-FJ = Fidschi
country-FK = Falklandinseln
country-FM = Mikronesien
country-FO = Färöer
country-FR = Frankreich
country-GA = Gabun
country-GB = Vereinigtes Königreich
country-GD = Grenada
country-GE = Georgien
country-GF = Französisch-Guayana
country-GG = Guernsey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Grönland
country-GM = Gambia
country-GN = Guinea
country-GP = Guadeloupe
country-GQ = Äquatorialguinea
country-GR = Griechenland
country-GS = Südgeorgien und die Südlichen Sandwichinseln
country-GT = Guatemala
country-GU = Guam
country-GW = Guinea-Bissau
country-GY = Guyana
country-HK = Sonderverwaltungsregion Hongkong
country-HM = Heard und McDonaldinseln
country-HN = Honduras
country-HR = Kroatien
country-HT = Haiti
country-HU = Ungarn
country-ID = Indonesien
country-IE = Irland
country-IL = Israel
country-IM = Isle of Man
country-IN = Indien
country-IO = Britisches Territorium im Indischen Ozean
country-IQ = Irak
country-IR = Iran
country-IS = Island
country-IT = Italien
country-JE = Jersey
country-JM = Jamaika
country-JO = Jordanien
country-JP = Japan
country-KE = Kenia
country-KG = Kirgisistan
country-KH = Kambodscha
country-KI = Kiribati
country-KM = Komoren
country-KN = St. Kitts und Nevis
country-KP = Nordkorea
country-KR = Südkorea
country-KW = Kuwait
country-KY = Kaimaninseln
country-KZ = Kasachstan
country-LA = Laos
country-LB = Libanon
country-LC = St. Lucia
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesotho
country-LT = Litauen
country-LU = Luxemburg
country-LV = Lettland
country-LY = Libyen
country-MA = Marokko
country-MC = Monaco
country-MD = Republik Moldau
country-ME = Montenegro
country-MF = St. Martin
country-MG = Madagaskar
country-MH = Marshallinseln
country-MK = Nordmazedonien
country-ML = Mali
country-MM = Myanmar
country-MN = Mongolei
country-MO = Sonderverwaltungsregion Macau
country-MP = Nördliche Marianen
country-MQ = Martinique
country-MR = Mauretanien
country-MS = Montserrat
country-MT = Malta
country-MU = Mauritius
country-MV = Malediven
country-MW = Malawi
country-MX = Mexiko
country-MY = Malaysia
country-MZ = Mosambik
country-NA = Namibia
country-NC = Neukaledonien
country-NE = Niger
country-NF = Norfolkinsel
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Niederlande
country-NO = Norwegen
country-NP = Nepal
country-NR = Nauru
country-NU = Niue
country-NZ = Neuseeland
country-OM = Oman
country-PA = Panama
country-PE = Peru
country-PF = Französisch-Polynesien
country-PG = Papua-Neuguinea
country-PH = Philippinen
country-PK = Pakistan
country-PL = Polen
country-PM = St. Pierre und Miquelon
country-PN = Pitcairninseln
country-PR = Puerto Rico
country-PS = Palästinensische Autonomiegebiete
country-PT = Portugal
country-PW = Palau
country-PY = Paraguay
country-QA = Katar
country-RE = Réunion
country-RO = Rumänien
country-RS = Serbien
country-RU = Russland
country-RW = Ruanda
country-SA = Saudi-Arabien
country-SB = Salomonen
country-SC = Seychellen
country-SD = Sudan
country-SE = Schweden
country-SG = Singapur
country-SH = St. Helena
country-SI = Slowenien
country-SJ = Spitzbergen und Jan Mayen
country-SK = Slowakei
country-SL = Sierra Leone
country-SM = San Marino
country-SN = Senegal
country-SO = Somalia
country-SR = Suriname
country-SS = Südsudan
country-ST = São Tomé und Príncipe
country-SV = El Salvador
country-SX = Sint Maarten
country-SY = Syrien
country-SZ = Eswatini
country-TC = Turks- und Caicosinseln
country-TD = Tschad
country-TF = Französische Süd- und Antarktisgebiete
country-TG = Togo
country-TH = Thailand
country-TJ = Tadschikistan
country-TK = Tokelau
country-TL = Timor-Leste
country-TM = Turkmenistan
country-TN = Tunesien
country-TO = Tonga
country-TR = Türkei
country-TT = Trinidad und Tobago
country-TV = Tuvalu
country-TW = Taiwan
country-TZ = Tansania
country-UA = Ukraine
country-UG = Uganda
country-UM = Amerikanische Überseeinseln
country-US = Vereinigte Staaten
country-UY = Uruguay
country-UZ = Usbekistan
country-VA = Vatikanstadt
country-VC = St. Vincent und die Grenadinen
country-VE = Venezuela
country-VG = Britische Jungferninseln
country-VI = Amerikanische Jungferninseln
country-VN = Vietnam
country-VU = Vanuatu
country-WF = Wallis und Futuna
country-WS = Samoa
country-YE = Jemen
country-YT = Mayotte
country-ZA = Südafrika
country-ZM = Sambia
country-ZW = Simbabwe

## A profile field's problem
err-profile-field = { $field }: { $problem }

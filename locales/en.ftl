# Gatehouse's pages in English. Each language has the same message ids (a test checks).
# Variables: { $client } an application's name, { $name } a person's name.

language = Language
signed-in-as = Signed in as { $name }

login-title = Sign in
login-continue-to = to continue to { $client }
login-already = You are signed in as { $name }.
login-go-to-account = Go to your account
login-or-someone-else = or sign in below as someone else.
login-or-email = or with your e-mail address
login-identifier = E-mail address or username
login-password = Password
login-submit = Sign in
login-phone = Sign in with your phone
login-forgot = Forgot your password?
login-register = Create an account

consent-title = Allow { $client } access?
consent-not-you = Not you?
consent-switch = Sign out and use another account
consent-acting = You act for { $name }: { $client } receives their details, and is told that you act for them.
consent-confirm-only = { $client } wants to confirm who you are.
consent-asking = { $client } is asking for:
consent-read-first = Before you allow it, read what { $client } says about your data:
consent-policy = Privacy policy
consent-terms = Terms of service
consent-deny = Deny
consent-allow = Allow

scope-profile = Your name
scope-email = Your e-mail address
scope-address = Your country and region
scope-phone = Your phone number
scope-privileges = Your privileges (roles)
scope-offline_access = Stay signed in to the application when you are away

act-as-title = Who are you signing in to { $client } as?
act-as-legend = Act as
act-as-myself = Myself ({ $name })
act-as-explained = When you act for someone, { $client } sees them, and that you act for them. It is recorded in their account's history.
act-as-none = { $client } asked you to act for someone, but you hold no authority for them that covers this application.
act-as-continue = Continue

message-your-account = Your account
message-sign-in = Sign in

register-title = Create an account
register-closed = Registration is closed. Ask an administrator for an invitation.
register-first-name = First name
register-last-name = Last name
register-email = E-mail address
register-username = Username
register-optional = (optional)
register-username-hint = 3 to 32 letters, digits, dots, dashes or underscores, starting with a letter. Sign in with it or your e-mail address.
register-password-hint = At least { $count } characters. A few unrelated words are strong and easy to remember.
register-submit = Create account
register-have-account = Already have an account?

forgot-title = Reset your password
forgot-lead = Enter the e-mail address of your account. We will send you a link to choose a new password.
forgot-sent = If an account uses that address, a message with a link to choose a new password is on its way. The link works for { $minutes } minutes.
forgot-back = Back to sign-in
forgot-submit = Send link

## E-mails
mail-welcome-subject = Welcome to { $appname }
mail-invite-subject = You are invited to { $appname }
mail-verify-subject = Confirm your e-mail address for { $appname }
mail-verify-change-subject = Confirm your new e-mail address for { $appname }
mail-reset-subject = Reset your { $appname } password

## Refusals (src/web/wording.rs; the English is each error's own text)
error-not-possible = Not possible
error-internal-title = Something went wrong
error-internal = Gatehouse could not complete this request. Please try again in a moment.
error-unavailable-title = Temporarily unavailable
error-unavailable = Gatehouse cannot reach its database just now. Nothing was changed; please try again in a few seconds.
error-invalid-credentials = The e-mail address or password is incorrect.
error-too-many-failed = Too many failed attempts. Try again in { $seconds } seconds.
error-account-disabled = This account has been deactivated. Contact your administrator.
error-email-not-verified = Confirm your e-mail address before you sign in.
error-sign-in-disabled = Signing in is switched off for maintenance. Please try again later.
error-wrong-second-factor = That code is not right. Check that your phone's clock is correct and use the newest code.
error-wrong-recovery-code = That recovery code is not right, or it was used already: each code works once. Type it as shown on your list.
error-step-expired = This step has expired. Start again.
error-wrong-code = The code is wrong or has expired. Check the latest message, or ask for a new one.
error-link-expired = This link has expired or was already used. Ask for a new one.
error-too-many-attempts = Too many attempts. Try again in { $seconds } seconds.
error-country-not-allowed = Text messages cannot be sent to numbers in that country.
error-code-cooldown = A code was sent to this number a moment ago. You can ask for a new one in { $seconds } seconds.
error-too-many-codes = Too many codes were asked for. Try again in { $seconds } seconds.
error-sms-unavailable = We could not send the text message just now. Please try again in a minute.
error-mail-unavailable = We could not send the e-mail just now. Please try again in a minute.
error-provider-unavailable = This sign-in option is not available.
error-federation-state = This sign-in link has expired or was already used. Start again from the sign-in page.
error-federation-cancelled = The sign-in was cancelled at { $provider }.
error-federation-refused = { $provider } did not complete the sign-in.
error-federation-upstream = { $provider } could not sign you in. Try again, or choose another way to sign in.
error-federation-rate-limited = Too many sign-ins were started from your network. Try again in { $seconds } seconds.
federation-title-unavailable = Sign-in option not available
federation-unavailable = This way of signing in is not available. Choose another one on the sign-in page.
federation-title-expired = Sign-in expired
federation-title-cancelled = Sign-in cancelled
federation-title-not-completed = Sign-in not completed
federation-title-failed = Sign-in failed
federation-title-too-many = Too many sign-ins

## Notices and titles chosen by the handlers (src/web/*.rs)
signed-out-title = You are signed out
signed-out-close = You can close this window.
link-not-valid = Link not valid
go-to-sign-in = Go to sign-in
reset-link-expired = This password-reset link has expired or was already used. Ask for a new one.
invitation-not-valid = Invitation not valid
invitation-expired = This invitation has expired, was revoked, or was already used. Ask for a new one.
deleted-title = Your account is deleted
deleted-message = Your account, its sessions, tokens, connected applications and second factor are erased. Thank you for having used it.
notice-email-changed = Your new e-mail address is confirmed and in use.
notice-email-code-sent = We sent a code to the new address. Enter it below, or open the link in the message.
notice-phone-saved = Your number is confirmed and saved.
notice-phone-removed = Your number was removed.
notice-authority-granted = The authority is given. They were told by e-mail.
notice-authority-revoked = The authority is revoked: it stopped working at once.
notice-authority-acting = You now act for them in applications the authority covers.
notice-authority-stopped = You act for yourself again.
notice-linked = Linked. You can now sign in with it.
notice-email-confirmed = Your e-mail address is confirmed. You can sign in now.
notice-account-ready = Your account is ready. Sign in with your new password.
notice-mfa-on = Two-step sign-in is on.
notice-mfa-off = Two-step sign-in is off.
notice-sms-on = Text messages are on: a code can be texted to you at sign-in.
notice-sms-off = Text messages are off.
notice-new-recovery-codes = New recovery codes are ready; the old ones no longer work.
notice-verification-resent = If this address is waiting for confirmation, a new message is on its way.
notice-link-offer = An account with this e-mail address already exists. Sign in to it once with its password to link your { $provider } sign-in to it; after that, either way works.

## Notice e-mails (src/accounts/messages.rs: NoticeKind)
mail-notice-email-change-requested-subject = E-mail change requested
mail-notice-email-change-requested = Someone signed in to your account asked to change its e-mail address to { $email }. Nothing changes until that address is confirmed. If this was not you, change your password now.
mail-notice-email-changed-subject = E-mail address changed
mail-notice-email-changed = The e-mail address of your account was changed to { $email }. If this was not you, contact your administrator.
mail-notice-email-changed-by-admin-subject = E-mail address changed
mail-notice-email-changed-by-admin = An administrator changed the e-mail address of your account to { $email }. If you did not ask for this, contact your administrator.
mail-notice-mfa-on-subject = Two-step sign-in turned on
mail-notice-mfa-on = An authenticator app was just set up for your account. From now on, signing in asks for a code from it. If this was not you, reset your password at once and contact your administrator.
mail-notice-mfa-off-subject = Two-step sign-in turned off
mail-notice-mfa-off = Two-step sign-in was just turned off for your account: signing in now needs only your password. If this was not you, reset your password at once and contact your administrator.
mail-notice-mfa-reset-subject = Your two-step sign-in was reset
mail-notice-mfa-reset = An administrator removed the authenticator app and recovery codes from your account. If your account requires two-step sign-in, you will set up a new app at your next sign-in. If you did not ask for this, contact your administrator.
mail-notice-phone-added-subject = Phone number changed
mail-notice-phone-added = The mobile number { $number } was added to your account. If this was not you, change your password and remove the number now.
mail-notice-phone-removed-subject = Phone number removed
mail-notice-phone-removed = The mobile number { $number } was removed from your account. If this was not you, change your password now.
mail-notice-sign-up-attempt-subject = Sign-up attempt
mail-notice-sign-up-attempt = Someone tried to create a new account with this address. You already have one: sign in at { $link }, or reset your password there if you have forgotten it.
mail-notice-upstream-sign-up-attempt-subject = Someone tried to create an account with your address
mail-notice-upstream-sign-up-attempt = Someone signing in with { $provider } asked to create a new account with this e-mail address, which already belongs to your account, so no account was created. If it was you, sign in to your account and link { $provider } from the "Linked sign-ins" page. If it was not you, you need not do anything.
mail-notice-authority-given-subject = You may act for someone
mail-notice-authority-given = { $name } gave you an authority to act in their name. You can use it on your account's Authorities page, or when an application offers "Act as …".
mail-notice-acted-in-your-name-subject = Someone acted in your name
mail-notice-acted-in-your-name = { $name } used the authority you gave them for the first time: they acted in your name with the application { $client }. You can revoke the authority at any time on your account's Authorities page.

## More words chosen by the handlers
notice-password-changed = Your password has been changed, and your other sessions were signed out.
error-passwords-differ = The two new passwords differ.
notice-profile-saved = Your profile is saved.
sessions-unknown-address = unknown address
notice-session-ended = Signed out.
apps-identity-only = Your identity
notice-access-removed = Access removed. The application's tokens no longer work.
device-unknown = Unknown device
device-on = { $browser } on { $system }
linked-never = never
linked-link = Link { $provider }
notice-unlinked = Unlinked.
linked-confirm-with = Confirm with { $provider }
authorities-no-end = no end date
authorities-range-from = from { $start }
authorities-range-until = until { $end }
authorities-range = { $start } to { $end }
authorities-deleted-account = a deleted account
authorities-every-application = every application
authorities-all-privileges = all privileges
notice-phone-code-sent = We sent a code to the new number. Enter it below.
error-confirm-with-provider = Confirm it is you with your sign-in provider first (the button above).
error-type-password = Type your password to confirm it is you.
enroll-reason-privileges = Your account's privileges require two-step sign-in. Set it up now to continue.
enroll-reason-application = The application you are signing in to asks for two-step sign-in. Set it up now to continue.
error-tick-to-delete = Tick the box to confirm that everything is erased.
notice-one-more-step = Thank you. One more step: confirm your e-mail address.
ask-for-new-link = Ask for a new link
enroll-reason-replace = Once the new app works, the old one and your old recovery codes stop working.
login-with = Sign in with { $provider }

# Sign-in steps, account e-mails and the page frame, in English.

## Page frame (base.html)
frame-skip = Skip to content
frame-secured = Secured by Gatehouse

## Two-step sign-in (second_factor.html)
second-factor-title = Two-step sign-in
# Followed by the masked phone number, then second-factor-sms-sent-end.
second-factor-sms-sent = We sent a text message with a 6-digit code to
second-factor-sms-sent-end = .
second-factor-sms-code = Code from the text message
second-factor-continue = Continue
second-factor-new-code = Send a new code
second-factor-use-app = Use the authenticator app instead
second-factor-app-lead = Open your authenticator app and enter the 6-digit code it shows for { $appname }.
second-factor-code = Code
# Followed by an example recovery code, then second-factor-recovery-hint-end.
second-factor-recovery-hint = No phone at hand? Enter one of your recovery codes (like
second-factor-recovery-hint-end = ) instead; each works once.
# Followed by the masked phone number, then second-factor-sms-lead-end.
second-factor-sms-lead = We send a 6-digit code by text message to
second-factor-sms-lead-end = .
second-factor-text-me = Text me a code
second-factor-someone-else = Sign in as someone else

## Sign-in by phone (phone.html)
phone-login-title = Sign in with your phone
phone-login-enter-code = Enter the code
# Followed by the application's name.
phone-login-continue-to = to continue to
# Followed by the masked phone number, then phone-login-sent-end.
phone-login-sent = We sent a text message with a six-digit code to
phone-login-sent-end = .
phone-login-code = Code
phone-login-submit = Sign in
phone-login-new-code = Send a new code
phone-login-wait = You can ask for a new code in { $seconds } seconds.
phone-login-other-number = Use another number
phone-login-other-ways = Other ways to sign in
phone-login-lead = We send a six-digit code to your mobile by text message.
phone-login-number = Mobile number
phone-login-number-hint = With the country code, like +44 7700 900123.
phone-login-send = Send the code

## Confirming an e-mail address (verify.html)
verify-title = Confirm your e-mail address
verify-heading = Check your e-mail
# verify-lead-if, then the address (or verify-lead-your-address), then verify-lead.
verify-lead-if = If
verify-lead-your-address = your address
verify-lead = is waiting for confirmation, a message is on its way. Open its link, or enter its code here.
verify-email = E-mail address
verify-code = Code
verify-submit = Confirm
verify-resend = Send a new message

## Choosing a new password (reset.html)
reset-title = Choose a new password
reset-lead = For { $email }. Saving it signs you out everywhere.
reset-new = New password
reset-password-hint = At least { $count } characters. A few unrelated words are strong and easy to remember.
reset-confirm = New password, again
reset-submit = Save password

## Accepting an invitation (invite.html)
invite-title = Accept your invitation
invite-heading = Create your account
# Followed by the invited e-mail address, then invite-lead-end.
invite-lead = You were invited to { $appname } as
invite-lead-end = .
invite-providers = Sign in with one of these, and your account uses it from now on:
invite-or-password = or choose a password
invite-first-name = First name
invite-last-name = Last name
invite-password = Password
invite-password-hint = At least { $count } characters. A few unrelated words are strong and easy to remember.
invite-submit = Create account

## The e-mail address of an upstream sign-up (upstream_email.html)
upstream-email-title = Your e-mail address
upstream-email-check = Check your e-mail
upstream-email-one-more = One more step
# Followed by the e-mail address, then upstream-email-sent-end.
upstream-email-sent = We sent a code to
upstream-email-sent-end = . Enter it to finish creating your account with { $provider }.
upstream-email-lead = { $provider } did not give us an e-mail address we can rely on. Enter yours: we send it a code, and your account is created once you enter it.
upstream-email-code = Code
upstream-email-create = Create account
upstream-email-new-code = Send a new code
upstream-email-other-address = Use another address
upstream-email-address = E-mail address
upstream-email-send = Send the code

## Signing out (logout.html)
logout-title = Sign out
logout-heading = Sign out?
# After the application's name.
logout-client-asks = asks you to sign out of { $appname }.
logout-question = Do you want to sign out of { $appname }?
logout-stay = Stay signed in
logout-submit = Sign out

## Returning to the application (form_post.html)
form-post-title = Continuing…
form-post-noscript = JavaScript is off: press the button to continue.
form-post-continue = Continue

## E-mails (templates/email/)
mail-hello = Hello,
mail-hello-name = Hello { $name },
mail-sign-off = — { $appname }
# code: mail-code-confirm, the e-mail address, mail-code-enter.
mail-code-confirm = To finish creating your { $appname } account with { $provider }, confirm your e-mail address
mail-code-enter = by entering this code on the page you came from:
mail-code-note = The code works once, for { $minutes } minutes. If you did not ask for this, ignore this message: no account is created without it.
mail-invite-intro = You are invited to create an account at { $appname }.
mail-invite-open-link = Open this link to choose your password:
mail-invite-button = Create my account
mail-invite-note = The link works once, until { $until }. If you did not expect this invitation, ignore this message.
mail-reset-intro = Someone (we hope you) asked to reset the password of your { $appname } account.
mail-reset-choose-here = Choose a new password here:
mail-reset-button = Choose a new password
mail-reset-note = The link works once, for { $minutes } minutes. Setting a new password signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.
# verify: mail-verify-change, the new address, mail-verify-change-end; or mail-verify-welcome,
# the address. Then mail-verify-colon (HTML part) or mail-verify-by-link (text part).
mail-verify-change = Confirm
mail-verify-change-end = as the new e-mail address of your { $appname } account
mail-verify-welcome = Welcome to { $appname }. Confirm your e-mail address
mail-verify-colon = :
mail-verify-by-link = by opening this link:
mail-verify-button = Confirm my address
mail-verify-or-code = or enter this code:
mail-verify-or-by-code = or by entering this code:
mail-verify-note = The link and the code work once, for { $minutes } minutes. If you did not ask for this, ignore this message: nothing changes without it.
# welcome: mail-welcome-account, the e-mail address, mail-welcome-account-end.
mail-welcome-account = Welcome to { $appname }. Your account is
mail-welcome-account-end = .
mail-welcome-choose-button = Choose my password
mail-welcome-link-note = The link works once, until { $until }. If it has expired, ask your administrator for a new welcome mail, or use “Forgot your password?” on the sign-in page.
mail-welcome-sign-in-button = Sign in
mail-welcome-sign-in-how = Sign in with your e-mail address and password.
mail-welcome-forgotten = If you have forgotten your password, use “Forgot your password?” on that page.
# The text part (plain quotes in English).
mail-welcome-choose-here = Choose your password here:
mail-welcome-link-note-text = The link works once, until { $until }. If it has expired, ask your administrator for a new welcome mail, or use "Forgot your password?" on the sign-in page.
mail-welcome-sign-in-here = Sign in here with your e-mail address and password:
mail-welcome-forgotten-text = If you have forgotten your password, use "Forgot your password?" on that page.

## Account navigation
nav-signed-in-as = Signed in as
nav-sign-out = Sign out
nav-label = Account
nav-overview = Overview
nav-profile = Profile
nav-email = E-mail
nav-phone = Phone
nav-password = Password
nav-security = Two-step sign-in
nav-linked = Linked sign-ins
nav-sessions = Sessions
nav-authorities = Authorities
nav-apps = Apps

## Account overview
account-title = Your account
account-acting-before = You act for
account-acting-after = in the applications your authority covers.
account-acting-link = Authorities
account-unconfirmed = Your e-mail address is not confirmed yet.
account-confirm-it = Confirm it
account-email = E-mail
account-email-none = none
account-email-add = add one
account-username = Username
account-privileges = Privileges
account-privileges-none = none
account-console = Administration console
account-your-data = Your data
account-download = Download your data
account-delete = Delete your account
account-sign-out = Sign out

## Profile
profile-title = Profile
profile-elsewhere = Your e-mail address and mobile number are on their own pages:
profile-elsewhere-email = E-mail
profile-elsewhere-phone = Phone
profile-elsewhere-after = (both are confirmed by a code before they change).
profile-not-set = (not set)
profile-save = Save profile
profile-label-first_name = First name
profile-label-last_name = Last name
profile-label-nickname = Nickname
profile-label-initials = Initials
profile-label-country = Country
profile-label-subdivision_first = State or province
profile-label-subdivision_second = County or district
profile-label-subdivision_third = Municipality
profile-label-organization = Organization
profile-label-timezone = Time zone
profile-label-language = Language
profile-label-date_format = Date format
profile-hint-nickname = What people call you; shown instead of your full name
profile-hint-initials = e.g. JD
profile-hint-country = Two letters, e.g. BE
profile-hint-timezone = e.g. Europe/Brussels
profile-hint-language = e.g. en, de-CH

## E-mail address
email-page-title = E-mail address
email-page-current = Your address is
email-page-not-confirmed = (not confirmed yet)
email-page-confirm-heading = Confirm { $address }
email-page-enter-code = Enter the code from the message sent to { $address }, or open its link.
email-page-code = Code
email-page-confirm = Confirm new address
email-page-or-change = Or change to another address
email-page-reauth = Your account has no password. Before you change the address, confirm it is you:
email-page-new = New e-mail address
email-page-current-password = Current password
email-page-send = Send confirmation

## Phone number
phone-page-title = Phone number
phone-page-current = Your mobile number is
phone-page-not-confirmed = (not confirmed)
phone-page-none = No mobile number is saved. Add one to sign in with a code by text message.
phone-page-confirm-heading = Confirm { $number }
phone-page-enter-code = Enter the code from the text message sent to { $number }.
phone-page-code = Code
phone-page-confirm = Confirm the number
phone-page-reauth = Your account has no password. Before you change the number, confirm it is you:
phone-page-change = Change the number
phone-page-add = Add a number
phone-page-mobile = Mobile number
phone-page-current-password = Current password
phone-page-send = Send a code
phone-page-remove-heading = Remove the number
phone-page-remove = Remove

## Password
password-title = Change password
password-title-forced = Choose a new password
password-title-set = Set a password
password-no-password = Your account signs in through a provider. A password lets you sign in without it too.
password-reauth = Your account has no password. Before you set one, confirm it is you:
password-forced = Your password was set for one use only. Choose your own before you continue.
password-current = Current password
password-new = New password
password-hint = At least { $count } characters. A few unrelated words are strong and easy to remember.
password-again = New password, again
password-save = Save password

## Sessions
sessions-title = Sessions
sessions-heading = Your sessions
sessions-this-browser = this browser
sessions-signed-in = signed in { $date }
sessions-last-seen = last seen { $date }
sessions-end = Sign out
sessions-end-others = Sign out all other sessions

## Linked sign-ins
linked-title = Linked sign-ins
linked-lead = Accounts elsewhere that sign you in here.
linked-none = No provider is linked to your account.
linked-since = linked { $date }
linked-last-used = last used { $date }
linked-unlink = Unlink
linked-only-way = Your only way to sign in:
linked-only-way-link = set a password
linked-only-way-after = or link another provider before unlinking it.
linked-link-another = Link another

## Connected apps
apps-title = Connected apps
apps-none = You have not given any application access to your account.
apps-since = since { $date }
apps-revoke = Remove access

## Authorities
authorities-title = Authorities
authorities-lead = Let someone work in your name: applications then see you, and that they act for you.
authorities-acting-before = You act for
authorities-acting-after = in the applications the authority covers.
authorities-stop = Act for myself again
authorities-received = You may act for
authorities-received-none = Nobody has given you an authority.
authorities-acting-now = acting now
authorities-act-as = Act as { $name }
authorities-give-back = Give it back
authorities-given = You let act for you
authorities-given-none = You have given no authority.
authorities-revoke = Revoke
authorities-give-heading = Give an authority
authorities-holder = Their e-mail address or username
authorities-clients = Only with these applications
authorities-clients-hint = (none ticked: every application)
authorities-privileges = Privileges they carry
authorities-privileges-all = All of mine
authorities-privileges-only = Only those ticked:
authorities-from = From
authorities-until = Until
authorities-until-hint = (optional, included)
authorities-give = Give authority

## Delete your account
delete-title = Delete your account
delete-lead = Everything goes: your profile, sessions, tokens, connected applications, second factor, linked sign-ins and authorities. Applications you used keep only what they stored themselves. This cannot be undone.
delete-download = Download your data first
delete-download-after = (a JSON file).
delete-password = Your password
delete-sign-in-again = Sign in again (from the sign-in page) to confirm it is you, then come back.
delete-confirm = Erase my account and everything in it
delete-submit = Delete my account

## Two-step sign-in
security-title = Two-step sign-in
security-reauth = Your account has no password. To make this change, confirm it is you:
security-required = Your privileges require two-step sign-in.
security-on = On
security-off = Off
security-app-on = an authenticator app is asked for a code at every sign-in (set up { $date }).
security-recovery-left = { $count } of 10 recovery codes left.
security-recovery-renew-soon = Renew them before they run out.
security-password = Your password
security-renew = Renew recovery codes
security-move-app = Move to a different authenticator app
security-disable = Turn off two-step sign-in
security-sms-on-everywhere = a code by text message is asked for at every sign-in.
security-off-explained = signing in needs only your password.
security-set-up-app = Set up an authenticator app
security-not-available = Two-step sign-in is not enabled on this site.
security-sms-heading = Text messages
security-sms-status-on = On
security-sms-on = at sign-in, a code can be texted to { $number }.
security-sms-disable = Turn off text messages
security-sms-offer = Get a code by text message to { $number } as your second step.
security-sms-enable = Use text messages
security-sms-need-phone = Confirm a mobile number on the
security-sms-need-phone-link = Phone page
security-sms-need-phone-after = to get codes by text message.

## Recovery codes
recovery-title = Your recovery codes
recovery-heading = Save your recovery codes
recovery-lead = If you lose your phone, each of these codes signs you in once instead of a code from the app. Print them or keep them in a password manager: this page is the only time they are shown.
recovery-download = Download them as a text file
recovery-old-invalid = Any set shown before is no longer valid.
recovery-continue = I have saved them, continue

## Authenticator app set-up
enroll-title = Set up an authenticator app
enroll-step-open = Open an authenticator app (Aegis, FreeOTP, Google or Microsoft Authenticator, 1Password…) and add an account.
enroll-step-scan = Scan this code:
enroll-qr-label = QR code for your authenticator app
enroll-or-type-key = or type this key:
enroll-app-hint = Time-based, 6 digits, every 30 seconds. The account is labelled { $appname } ({ $email }).
enroll-step-enter = Enter the code the app shows now:
enroll-code = Code from the app
enroll-password = Your password
enroll-why-password = Asked because you signed in more than a few minutes ago.
enroll-submit = Turn on two-step sign-in

# The administration console in English (templates/admin/).

## Console: shared
admin-html-title = { $appname } administration
admin-skip = Skip to content
admin-table-region = Table (scrolls sideways)
admin-user-id-placeholder = user id
admin-user-id-label = User id
admin-filter = Filter
admin-revoke = Revoke
admin-delete = Delete
admin-save = Save

## Console: navigation
admin-nav-label = Administration
admin-nav-dashboard = Dashboard
admin-nav-users = Users
admin-nav-sessions = Sessions
admin-nav-authorities = Authorities
admin-nav-privileges = Privileges
admin-nav-invitations = Invitations
admin-nav-clients = Clients
admin-nav-providers = Sign-in providers
admin-nav-mfa = Two-step policy
admin-nav-audit = Audit log
admin-nav-api-keys = API keys

## Console: dashboard
admin-dashboard-title = Dashboard
admin-dashboard-users = users
admin-dashboard-active-sessions = active sessions
admin-dashboard-clients = clients
admin-dashboard-chart = Sign-ins over the last 30 days
admin-dashboard-texts-refused = Texts refused by the toll-fraud limits in the last 30 days:
admin-dashboard-audit-kind = audit kind

## Console: API keys
admin-api-keys-title = API keys
admin-api-keys-heading = Your API keys
admin-api-keys-col-name = Name
admin-api-keys-col-capabilities = Capabilities
admin-api-keys-col-created = Created
admin-api-keys-col-expires = Expires
admin-api-keys-col-last-used = Last used
admin-api-keys-revoked = revoked
admin-api-keys-create-heading = Create a key
admin-api-keys-name = Name
admin-api-keys-capabilities = Capabilities (a subset of yours)
admin-api-keys-expires-after = Expires after (days, empty for never)
admin-api-keys-create = Create key

## Console: audit log
admin-audit-title = Audit log
admin-audit-search-placeholder = Text, actor or IP
admin-audit-search-label = Search text, actor or IP
admin-audit-kind-label = Kind
admin-audit-every-kind = Every kind
admin-audit-from = From
admin-audit-until = until
admin-audit-search = Search
admin-audit-col-when = When
admin-audit-col-event = Event
admin-audit-col-user = User
admin-audit-col-client = Client
admin-audit-col-ip = IP
admin-audit-col-detail = Detail
admin-audit-deleted-user = deleted user
admin-audit-user-events = events
admin-audit-none = No events match.
admin-audit-older = Older →

## Console: authorities
admin-authorities-title = Authorities
admin-authorities-hint = Who may act for whom (Lino's authorities). Tokens issued under an authority carry the granter as subject and the holder as actor; revoking one stops them at once.
admin-authorities-only-user = Only those of this user
admin-authorities-col-granter = Granter
admin-authorities-col-holder = Holder
admin-authorities-col-clients = Clients
admin-authorities-col-privileges = Privileges
admin-authorities-col-status = Status
admin-authorities-col-created = Created
admin-authorities-none = Nobody acts for anyone yet.
admin-authorities-newest = The newest 200 are shown.
admin-authorities-create-heading = Let one user act for another
admin-authorities-granter = Granter (user id: the one acted for)
admin-authorities-holder = Holder (user id: the one who acts)
admin-authorities-clients = Only these client ids
admin-authorities-clients-hint = (empty: every client)
admin-authorities-privileges = Only these privileges
admin-authorities-privileges-hint = (empty: all the granter holds)
admin-authorities-create = Create authority

## Console: client
admin-client-id = Client id
admin-client-public = public
admin-client-confidential = confidential
admin-client-first-party = first-party
admin-client-rotate-confirm = the old secret stops working at once
admin-client-rotate = Rotate secret
admin-client-delete-confirm = delete with all its tokens

## Console: client form
admin-client-form-name = Name
admin-client-form-public = public (no secret; PKCE)
admin-client-form-first-party = first-party (no consent page)
admin-client-form-redirect-uris = Redirect URIs, one per line
admin-client-form-post-logout = Post-logout redirect URIs, one per line
admin-client-form-grant-types = Grant types (space-separated)
admin-client-form-scopes = Scopes (space-separated)
admin-client-form-logo = Logo URL
admin-client-form-logo-hint = (https, shown on the consent page)
admin-client-form-policy = Privacy policy URL
admin-client-form-tos = Terms of service URL
admin-client-form-register = Register

## Console: clients
admin-clients-title = Clients
admin-clients-col-name = Name
admin-clients-col-id = Client id
admin-clients-col-type = Type
admin-clients-col-redirect-uris = Redirect URIs
admin-clients-none = No client is registered yet.
admin-clients-register-heading = Register a client

## Console: invitations
admin-invitations-title = Invitations
admin-invitations-email = Invite by e-mail
admin-invitations-privileges = Privileges the person will receive
admin-invitations-send = Send invitation
admin-invitations-col-email = E-mail
admin-invitations-col-privileges = Privileges
admin-invitations-col-status = Status
admin-invitations-col-expires = Expires
admin-invitations-resend = Resend
admin-invitations-none = No invitation is pending.

## Console: message
admin-message-back = Go back to correct it, or return to the
admin-message-dashboard = dashboard
admin-message-back-end = .

## Console: two-step sign-in policy
admin-mfa-title = Two-step sign-in policy
admin-mfa-lead = Who must use a second factor after the password, and which kinds people may set up. Users whose privileges require it and who have none set one up right after their password, before they get a session.
admin-mfa-methods = Allowed methods
admin-mfa-required = Required for holders of
admin-mfa-save = Save policy
admin-mfa-texts = Text messages
admin-mfa-transport = Transport
admin-mfa-sent-today = { $sent } of { $limit } texts sent today (all nodes)
admin-mfa-phone-sign-in-on = phone sign-in on
admin-mfa-phone-sign-in-off = phone sign-in off
admin-mfa-all-countries = all countries
admin-mfa-only-countries = only { $countries }
admin-mfa-test-to = Send a test message to
admin-mfa-test-send = Send test message

## Console: privileges
admin-privileges-title = Privileges
admin-privileges-col-name = Name
admin-privileges-col-users = Users
admin-privileges-builtin = built in
admin-privileges-remove-from = remove from { $count } user(s)
admin-privileges-new-placeholder = new-privilege
admin-privileges-new-label = New privilege
admin-privileges-add = Add privilege

## Console: sign-in provider
admin-provider-id = Id
admin-provider-linked-users = { $count ->
        [one] { $count } linked user
       *[other] { $count } linked users
    }
admin-provider-from-file = from the configuration file: change it there
admin-provider-callback = Callback URL to register at the provider:
admin-provider-test-passed = Test passed:
admin-provider-test-failed = Test failed:
admin-provider-test = Test
admin-provider-only-way-in = { $count ->
        [one] { $count } user can sign in only through this provider. Disabling or deleting it locks that user out; to disable it anyway, tick “confirm” below the form and save again.
       *[other] { $count } users can sign in only through this provider. Disabling or deleting it locks them out; to disable it anyway, tick “confirm” below the form and save again.
    }
admin-provider-delete-unlink = delete it and unlink its { $count ->
        [one] { $count } user
       *[other] { $count } users
    }
admin-provider-delete-lose = ({ $count } of them lose their only way in)

## Console: sign-in provider form
admin-provider-form-kind = Kind
admin-provider-form-id = Id
admin-provider-form-id-hint-before = (the
admin-provider-form-id-hint-after = claim and the callback path; blank: the kind, required for OpenID Connect)
admin-provider-form-client-id = Client id
admin-provider-form-client-secret = Client secret
admin-provider-form-client-secret-hint = (leave blank to keep the stored one; it is never shown again)
admin-provider-form-label = Button text
admin-provider-form-label-hint = (blank: “Sign in with …”)
admin-provider-form-position = Order
admin-provider-form-scopes = Scopes
admin-provider-form-scopes-hint = (space-separated; blank: the provider's defaults)
admin-provider-form-enabled = enabled (its button is on the sign-in page)
admin-provider-form-trust-email = trust its verified e-mail addresses (create accounts with them, link to verified accounts)
admin-provider-form-allow-sign-up = create accounts for new people even when registration is closed
admin-provider-form-mfa-before = its two-step sign-in (
admin-provider-form-mfa-with = with
admin-provider-form-mfa-after = ) counts as ours
admin-provider-form-endpoints = Endpoints and tenants
admin-provider-form-endpoints-hint = (blank: the provider's real endpoints)
admin-provider-form-issuer = Issuer
admin-provider-form-userinfo = Userinfo URL
admin-provider-form-authority = Authority
admin-provider-form-tenant = Tenant
admin-provider-form-tenant-hint = (Microsoft: common, organizations, consumers or a tenant id)
admin-provider-form-allowed-tenants = Allowed tenants
admin-provider-form-allowed-tenants-hint = (Microsoft; space-separated tenant ids; blank: any)
admin-provider-form-trusted-tenants = Tenants trusted for e-mail
admin-provider-form-auth-url = Authorization URL
admin-provider-form-token-url = Token URL
admin-provider-form-graph-url = Graph API URL
admin-provider-form-graph-version = Graph API version
admin-provider-form-graph-version-hint = (Facebook, e.g. v23.0)
admin-provider-form-api-url = API URL
admin-provider-form-lockout = confirm: disabling it locks out { $count ->
        [one] { $count } user
       *[other] { $count } users
    } who can sign in only through it
admin-provider-form-add = Add provider

## Console: sign-in providers
admin-providers-title = Sign-in providers
admin-providers-lead = Google, Microsoft, Facebook, X and OpenID Connect providers people can sign in with. Register each one's callback URL at the provider.
admin-providers-none = No provider yet.
admin-providers-col-button = Button
admin-providers-col-id = Id
admin-providers-col-kind = Kind
admin-providers-col-state = State
admin-providers-col-linked-users = Linked users
admin-providers-col-callback = Callback URL
admin-providers-enabled = enabled
admin-providers-disabled = disabled
admin-providers-from-file = configuration file
admin-providers-add-heading = Add a provider
admin-providers-callback-will-be = The callback URL will be
admin-providers-callback-end = .

## Console: secret
admin-secret-once = This is the only time it is shown. Store it safely now.
admin-secret-continue = Continue

## Console: sessions
admin-sessions-title = Sessions
admin-sessions-email-placeholder = E-mail contains
admin-sessions-email-label = E-mail
admin-sessions-live-truncated = Live sessions, newest first: only the newest { $count } are shown — filter by user to see the rest.
admin-sessions-live = Live sessions, newest first, at most { $count }.
admin-sessions-col-user = User
admin-sessions-col-device = Device
admin-sessions-col-address = Address
admin-sessions-col-started = Started
admin-sessions-col-last-active = Last active
admin-sessions-end = End
admin-sessions-none = No live sessions match.

## Console: user
admin-user-deactivated = deactivated
admin-user-no-email = no e-mail address
admin-user-email-verified = verified
admin-user-email-not-verified = not verified
admin-user-phone-verified = verified
admin-user-phone-not-verified = not verified
admin-user-id = id
admin-user-sessions-count = { $count } session(s)
admin-user-sessions = Sessions
admin-user-no-session = No live session.
admin-user-col-device = Device
admin-user-col-address = Address
admin-user-col-last-seen = Last seen
admin-user-all-sessions = All their sessions
admin-user-events = Recent events
admin-user-no-events = Nothing yet.
admin-user-col-when = When
admin-user-col-event = Event
admin-user-col-detail = Detail
admin-user-all-events = Every event about them
admin-user-profile = Profile
admin-user-email = E-mail address
admin-user-phone = Mobile number
admin-user-unconfirmed-hint = Saved unconfirmed: it signs in only after its owner confirms it with a code. Empty removes it.
admin-user-valid-from = Valid from
admin-user-valid-until = Valid until
admin-user-save-profile = Save profile
admin-user-privileges = Privileges
admin-user-save-privileges = Save privileges
admin-user-privileges-held = Privileges:
admin-user-mfa = Two-step sign-in
admin-user-mfa-on = On: authenticator app, { $count } recovery code(s) left.
admin-user-mfa-off = Off.
admin-user-mfa-required = Required by this user's privileges.
admin-user-reset-confirm = the user lost their authenticator; they will be told by e-mail
admin-user-reset-mfa = Reset second factor
admin-user-actions = Actions
admin-user-deactivate = Deactivate
admin-user-reactivate = Reactivate
admin-user-end-sessions = End all sessions
admin-user-send-reset = Send a password-reset link
admin-user-send-welcome = Send a welcome mail
admin-user-erase-confirm = erase this user

## Console: add a user
admin-user-new-title = Add a user
admin-user-new-first-name = First name
admin-user-new-last-name = Last name
admin-user-new-email = E-mail address
admin-user-new-username = Username
admin-user-new-username-hint = (optional: signs in instead of the e-mail)
admin-user-new-password = Password
admin-user-new-privileges = Privileges
admin-user-new-add = Add user
admin-user-new-service-heading = Or add a service account
admin-user-new-service-hint-before = A non-interactive user for client_credentials (docassemble's
admin-user-new-service-hint-after = user): its client's tokens carry it and its privileges; it never signs in with a browser and receives no mail.
admin-user-new-service-name = Name
admin-user-new-service-privileges = Privileges
admin-user-new-service-privileges-hint = (space-separated, e.g. cron)
admin-user-new-service-add = Add service account

## Console: users
admin-users-title = Users
admin-users-add = Add a user
admin-users-search-placeholder = Name or e-mail
admin-users-search-label = Search
admin-users-privilege-label = Privilege
admin-users-any-privilege = Any privilege
admin-users-status-label = Status
admin-users-any-status = Any status
admin-users-active = Active
admin-users-deactivated = Deactivated
admin-users-col-name = Name
admin-users-col-email = E-mail
admin-users-col-privileges = Privileges
admin-users-col-status = Status
admin-users-service = service account
admin-users-state-deactivated = deactivated
admin-users-state-unverified = unverified
admin-users-state-active = active
admin-users-none = No users match.
admin-users-next = Next page →

## Reasons a form gives (src/accounts, src/auth, src/domain: crate::i18n::tr)
err-enter-names = Enter your first and last name.
err-username-taken = This username is taken: choose another.
err-service-account-self-delete = A service account cannot delete itself.
err-last-admin-delete = You are the last active administrator: make someone else an administrator before you delete your account.
err-address-exists = An account with this address exists already: sign in instead.
err-already-your-address = That is already your address.
err-current-password-wrong = The current password is incorrect.
err-confirm-first = Confirm it is you first (the button above), or sign in again.
err-address-taken-now = That address now belongs to another account, so it cannot be yours.
err-already-your-number = That is already your number.
err-number-taken = That number belongs to another account here, so it cannot be added to this one.
err-only-way-in = This number is your only way to sign in. Set a password or link a sign-in provider first.
err-no-such-holder = No account has this e-mail address or username.
err-no-such-authority = There is no such authority.
err-authority-unusable = This authority cannot be used now.
err-no-address-for-reset = This account has no e-mail address to send a reset link to.
err-no-confirmed-phone = This account has no confirmed phone number.
err-sms-not-allowed = Text messages are not allowed as a second factor here.
err-confirm-phone-first = Confirm a phone number on the Phone page first.
err-sms-required = Your account's privileges require a second factor: set up an authenticator app before you turn text messages off.
err-apps-disabled = Authenticator apps are not enabled on this site.
err-mfa-required = Your privileges require two-step sign-in, so it cannot be turned off. You can set up a different authenticator app instead.
err-mfa-not-on = Two-step sign-in is not turned on.
err-app-first = Set up an authenticator app first; recovery codes stand in for it.
err-too-many-signup-codes = Too many codes were sent for this sign-up. Start again from the sign-in page.
err-option-gone = This sign-in option is no longer available.
err-password-same = Choose a password different from the current one.
err-type-current-password = Type your current password to change it.
err-enter-mobile = Enter your mobile number.
err-not-a-phone-number = That is not a phone number.
err-phone-with-country = That is not a phone number. Enter it with its country code, like +44 7700 900123.
err-phone-nonexistent = That number does not exist. Check it, and enter it with its country code.
err-phone-landline = That is a landline number, which cannot receive text messages. Enter a mobile number.
err-phone-no-sms = That number cannot receive text messages. Enter a mobile number.
err-password-too-close = This password is too close to your name or e-mail address: add words that have nothing to do with you.
err-password-wrong = The password is incorrect.
err-password-short = Use at least { $count } characters; a few unrelated words make a long password easy to remember.
err-password-long = Use at most { $count } characters.
err-password-guessable = This password is too easy to guess.
err-password-add-words = Add another word or two that are not about you.
err-not-an-email = “{ $value }” is not an e-mail address
err-account-not-yet = This account is not valid yet: it opens on { $date }.
err-account-expired = This account expired on { $date }.
err-profile-too-long = { $field } is too long or holds control characters
err-initials-long = Initials are at most 8 characters
err-not-a-country = “{ $value }” is not an ISO 3166-1 two-letter country code (e.g. BE, CH, US)
err-not-a-timezone = “{ $value }” is not an IANA time zone (e.g. Europe/Brussels)
err-not-a-language = “{ $value }” is not a language tag (e.g. en, de-CH)
err-date-format = choose a date format from: { $formats }

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
err-not-a-date = “{ $value }” is not a date like 2027-03-31.

## Forms
errors-title = There is a problem

# Refusals of the administration use cases (src/admin/*.rs) and of the rules every new
# authority meets (src/delegation/mod.rs). Shown on the console's pages and in the admin
# API's JSON `message`. Those marked "after the field's name" follow it (“name: …”), so
# they start in lower case.

## Administration: shared (src/admin/mod.rs)
admin-err-needs-capability = this needs the “{ $capability }” capability
admin-err-may-not-act-on = this user holds “{ $privilege }”, which you could not grant, so you may not act on them
admin-err-already-exists = already exists
# After the field's name (“privileges: …”).
admin-err-cron-service-only = “cron” is held only by service accounts
# After the field's name (“privileges: …”).
admin-err-unknown-privilege-named = names a privilege that does not exist
admin-err-email-exists = a user with this e-mail address exists

## Administration: API keys (src/admin/api_keys.rs), all after the field's name
admin-err-key-name = give the key a name of 1 to 100 characters
admin-err-key-no-capability = name at least one capability
admin-err-key-capability-not-held = you do not hold “{ $capability }”, so a key of yours cannot either
admin-err-key-expiry-past = must be in the future

## Administration: authorities (src/admin/authorities.rs), after the field's name
admin-err-no-such-user = no such user

## Administration: clients (src/admin/clients.rs)
# After the field's name, like the next five.
admin-err-client-name = give the client a name of 1 to 100 characters
admin-err-code-grant-needs-redirect = the authorization_code grant needs at least one redirect URI
admin-err-public-client-credentials = a public client cannot use client_credentials
admin-err-public-token-exchange = a public client cannot use token exchange
admin-err-client-id-format = must be 1 to 128 characters without spaces or colons
admin-err-client-public-switch = a client cannot switch between public and confidential; register a new one
admin-err-client-exists = a client with id “{ $id }” exists
admin-err-scope-not-held = you do not hold “{ $capability }”, so you may not manage a client with the “admin:{ $capability }” scope

## Administration: invitations (src/admin/invitations.rs)
admin-err-may-not-grant = you may not grant “{ $privilege }”
# After the field's name (“privileges: …”).
admin-err-privilege-missing = “{ $privilege }” does not exist
admin-err-invitation-closed = this invitation was already accepted or revoked

## Administration: two-step sign-in (src/admin/mfa.rs)
# After the field's name (“required_for: …”).
admin-err-no-such-privilege = there is no privilege “{ $privilege }”
admin-err-no-second-factor = this user has no second factor to reset

## Administration: privileges (src/admin/privileges.rs)
admin-err-privilege-exists = the privilege “{ $privilege }” already exists
admin-err-privilege-builtin = “{ $privilege }” is built in and cannot be deleted
admin-err-privilege-held = { $count } user(s) hold “{ $privilege }”; confirm to remove it from them and delete it

## Administration: sign-in providers (src/admin/providers.rs)
# After the field's name, like the next two.
admin-err-provider-kind = choose google, microsoft, facebook, x or oidc
admin-err-provider-needs-id = an OpenID Connect provider needs an id
admin-err-provider-secret-required = the client secret is required
admin-err-provider-in-file = the configuration file declares a provider “{ $id }”
admin-err-provider-exists = a provider “{ $id }” exists
admin-err-provider-read-only = this provider is declared in the configuration file; change it there
admin-err-provider-lockout-disable =
    { $count ->
        [one] { $count } user can sign in only through this provider; disabling it locks that user out. Confirm to go on.
       *[other] { $count } users can sign in only through this provider; disabling it locks them out. Confirm to go on.
    }
admin-err-provider-lockout-delete =
    { $count ->
        [one] { $count } user can sign in only through this provider; deleting it locks that user out. Confirm to go on.
       *[other] { $count } users can sign in only through this provider; deleting it locks them out. Confirm to go on.
    }
admin-err-provider-changed = someone else changed this provider in the meantime; reload it and make your change again

## Administration: service accounts (src/admin/service_accounts.rs)
# After the field's name, like the next one.
admin-err-service-account-name = give the service account a name of 1 to 100 characters
admin-err-service-account-scope = “{ $scope }” needs a person; a service account may have admin: scopes only
admin-err-client-id-taken = that client id is taken

## Administration: sessions (src/admin/sessions.rs), all after the field's name
admin-err-not-a-user-id = is not a user id
admin-err-email-filter-long = is longer than any e-mail address
admin-err-limit-range = must be 1 to { $max }

## Administration: users (src/admin/users.rs)
admin-err-may-not-grant-or-remove = you may not grant or remove “{ $privilege }”: you do not hold it (or all it allows)
# After the field's name, like the next five.
admin-err-required = is required
admin-err-user-needs-privilege = give the user at least one privilege
admin-err-service-account-no-contact = a service account has no address, phone number or username: it never signs in interactively
admin-err-names-empty = first and last name cannot be empty
admin-err-valid-until-order = must be after valid_from
admin-err-service-account-no-password = a service account has no password: it signs in with its client's secret
admin-err-username-taken = this username is taken
admin-err-username-other = another user has this username
admin-err-phone-other = another user has this phone number
admin-err-email-other = another user has this e-mail address
admin-err-last-admin = this is the last active administrator

## Administration: welcome mail (src/admin/welcome.rs), all after the field's name
admin-err-welcome-deactivated = this user is deactivated: reactivate them before sending a welcome mail
admin-err-welcome-expired = this account has expired: extend its validity before sending a welcome mail
admin-err-welcome-no-email = this user has no e-mail address to send a welcome mail to
admin-err-welcome-unconfirmed = this user's address is not confirmed yet, so it cannot receive mail about the account
admin-err-welcome-undeliverable = this address cannot be mailed

## Authorities: the rules every new one meets (src/delegation/mod.rs), for the person who filled in the form
admin-err-authority-self = You cannot give an authority to yourself.
admin-err-authority-service-account = Service accounts cannot give or hold authorities.
admin-err-authority-limit = You have given as many authorities as one account may: revoke some first.
admin-err-authority-holder-inactive = That account is not active.
admin-err-authority-too-many-clients = Name at most 50 applications.
admin-err-authority-unknown-client = One of the applications does not exist.
admin-err-authority-privilege-not-granters = “{ $privilege }” is not a privilege of the granter, so it cannot be given.
admin-err-authority-end-before-start = The end must come after the start.
admin-err-authority-end-past = The end is in the past.

## Countries, by ISO 3166-1 code (the names of isocountry)
country-AD = Andorra
country-AE = United Arab Emirates
country-AF = Afghanistan
country-AG = Antigua and Barbuda
country-AI = Anguilla
country-AL = Albania
country-AM = Armenia
country-AO = Angola
country-AQ = Antarctica
country-AR = Argentina
country-AS = American Samoa
country-AT = Austria
country-AU = Australia
country-AW = Aruba
country-AX = Åland Islands
country-AZ = Azerbaijan
country-BA = Bosnia and Herzegovina
country-BB = Barbados
country-BD = Bangladesh
country-BE = Belgium
country-BF = Burkina Faso
country-BG = Bulgaria
country-BH = Bahrain
country-BI = Burundi
country-BJ = Benin
country-BL = Saint Barthélemy
country-BM = Bermuda
country-BN = Brunei Darussalam
country-BO = Bolivia (Plurinational State of)
country-BQ = Bonaire, Sint Eustatius and Saba
country-BR = Brazil
country-BS = Bahamas
country-BT = Bhutan
country-BV = Bouvet Island
country-BW = Botswana
country-BY = Belarus
country-BZ = Belize
country-CA = Canada
country-CC = Cocos (Keeling) Islands
country-CD = Congo (Democratic Republic of the)
country-CF = Central African Republic
country-CG = Congo
country-CH = Switzerland
country-CI = Côte d'Ivoire
country-CK = Cook Islands
country-CL = Chile
country-CM = Cameroon
country-CN = China
country-CO = Colombia
country-CR = Costa Rica
country-CU = Cuba
country-CV = Cabo Verde
country-CW = Curaçao
country-CX = Christmas Island
country-CY = Cyprus
country-CZ = Czechia
country-DE = Germany
country-DJ = Djibouti
country-DK = Denmark
country-DM = Dominica
country-DO = Dominican Republic
country-DZ = Algeria
country-EC = Ecuador
country-EE = Estonia
country-EG = Egypt
country-EH = Western Sahara
country-ER = Eritrea
country-ES = Spain
country-ET = Ethiopia
country-FI = Finland
country-FJ = Fiji
country-FK = Falkland Islands (Malvinas)
country-FM = Micronesia (Federated States of)
country-FO = Faroe Islands
country-FR = France
country-GA = Gabon
country-GB = United Kingdom of Great Britain and Northern Ireland
country-GD = Grenada
country-GE = Georgia
country-GF = French Guiana
country-GG = Guernsey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Greenland
country-GM = Gambia
country-GN = Guinea
country-GP = Guadeloupe
country-GQ = Equatorial Guinea
country-GR = Greece
country-GS = South Georgia and the South Sandwich Islands
country-GT = Guatemala
country-GU = Guam
country-GW = Guinea-Bissau
country-GY = Guyana
country-HK = Hong Kong
country-HM = Heard Island and McDonald Islands
country-HN = Honduras
country-HR = Croatia
country-HT = Haiti
country-HU = Hungary
country-ID = Indonesia
country-IE = Ireland
country-IL = Israel
country-IM = Isle of Man
country-IN = India
country-IO = British Indian Ocean Territory
country-IQ = Iraq
country-IR = Iran (Islamic Republic of)
country-IS = Iceland
country-IT = Italy
country-JE = Jersey
country-JM = Jamaica
country-JO = Jordan
country-JP = Japan
country-KE = Kenya
country-KG = Kyrgyzstan
country-KH = Cambodia
country-KI = Kiribati
country-KM = Comoros
country-KN = Saint Kitts and Nevis
country-KP = Korea (Democratic People's Republic of)
country-KR = Korea (Republic of)
country-KW = Kuwait
country-KY = Cayman Islands
country-KZ = Kazakhstan
country-LA = Lao People's Democratic Republic
country-LB = Lebanon
country-LC = Saint Lucia
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesotho
country-LT = Lithuania
country-LU = Luxembourg
country-LV = Latvia
country-LY = Libya
country-MA = Morocco
country-MC = Monaco
country-MD = Moldova (Republic of)
country-ME = Montenegro
country-MF = Saint Martin (French part)
country-MG = Madagascar
country-MH = Marshall Islands
country-MK = Macedonia (the former Yugoslav Republic of)
country-ML = Mali
country-MM = Myanmar
country-MN = Mongolia
country-MO = Macao
country-MP = Northern Mariana Islands
country-MQ = Martinique
country-MR = Mauritania
country-MS = Montserrat
country-MT = Malta
country-MU = Mauritius
country-MV = Maldives
country-MW = Malawi
country-MX = Mexico
country-MY = Malaysia
country-MZ = Mozambique
country-NA = Namibia
country-NC = New Caledonia
country-NE = Niger
country-NF = Norfolk Island
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Netherlands
country-NO = Norway
country-NP = Nepal
country-NR = Nauru
country-NU = Niue
country-NZ = New Zealand
country-OM = Oman
country-PA = Panama
country-PE = Peru
country-PF = French Polynesia
country-PG = Papua New Guinea
country-PH = Philippines
country-PK = Pakistan
country-PL = Poland
country-PM = Saint Pierre and Miquelon
country-PN = Pitcairn
country-PR = Puerto Rico
country-PS = Palestine, State of
country-PT = Portugal
country-PW = Palau
country-PY = Paraguay
country-QA = Qatar
country-RE = Réunion
country-RO = Romania
country-RS = Serbia
country-RU = Russian Federation
country-RW = Rwanda
country-SA = Saudi Arabia
country-SB = Solomon Islands
country-SC = Seychelles
country-SD = Sudan
country-SE = Sweden
country-SG = Singapore
country-SH = Saint Helena, Ascension and Tristan da Cunha
country-SI = Slovenia
country-SJ = Svalbard and Jan Mayen
country-SK = Slovakia
country-SL = Sierra Leone
country-SM = San Marino
country-SN = Senegal
country-SO = Somalia
country-SR = Suriname
country-SS = South Sudan
country-ST = Sao Tome and Principe
country-SV = El Salvador
country-SX = Sint Maarten (Dutch part)
country-SY = Syrian Arab Republic
country-SZ = Swaziland
country-TC = Turks and Caicos Islands
country-TD = Chad
country-TF = French Southern Territories
country-TG = Togo
country-TH = Thailand
country-TJ = Tajikistan
country-TK = Tokelau
country-TL = Timor-Leste
country-TM = Turkmenistan
country-TN = Tunisia
country-TO = Tonga
country-TR = Turkey
country-TT = Trinidad and Tobago
country-TV = Tuvalu
country-TW = Taiwan, Province of China
country-TZ = Tanzania, United Republic of
country-UA = Ukraine
country-UG = Uganda
country-UM = United States Minor Outlying Islands
country-US = United States of America
country-UY = Uruguay
country-UZ = Uzbekistan
country-VA = Holy See
country-VC = Saint Vincent and the Grenadines
country-VE = Venezuela (Bolivarian Republic of)
country-VG = Virgin Islands (British)
country-VI = Virgin Islands (U.S.)
country-VN = Viet Nam
country-VU = Vanuatu
country-WF = Wallis and Futuna
country-WS = Samoa
country-YE = Yemen
country-YT = Mayotte
country-ZA = South Africa
country-ZM = Zambia
country-ZW = Zimbabwe

## A profile field's problem
err-profile-field = { $field }: { $problem }

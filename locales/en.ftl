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

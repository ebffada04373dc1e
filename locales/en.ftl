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

//! Password sign-in and password changes. Every check is charged to its throttles before
//! argon2 runs on the CPU pool (`auth::limits`), and unknown e-mails or usernames are
//! answered exactly like wrong passwords (same message, same work).

use super::devices;
use super::limits::{self, Throttle};
use super::{AuthError, RequestOrigin};
use crate::App;
use crate::crypto::password;
use crate::domain::AuditKind;
use crate::domain::{Email, User, Username};
use crate::store::AuditEvent;

/// Checks e-mail (or username) and password; on success returns the user (who may still have to change the
/// password before going further). `device` is the browser's device cookie, if it has one:
/// a browser that signed in to this account before is limited on its own, so strangers'
/// failures cannot lock its owner out.
pub async fn sign_in(
    app: &App,
    email: &str,
    password: &str,
    device: Option<&str>,
    origin: &RequestOrigin,
) -> Result<User, AuthError> {
    if app.settings.sessions.limit == 0 {
        return Err(AuthError::SignInDisabled);
    }
    let now = app.clock.now();
    let user = if email.contains('@') {
        match Email::parse(email) {
            Ok(email) => app.store.user_by_email(&email).await?,
            Err(_) => None,
        }
    } else {
        match Username::parse(email) {
            Ok(name) => app.store.user_by_username(name.as_str()).await?,
            Err(_) => None,
        }
    };
    // One bucket per account, whichever of its names was typed: the address and the username
    // must not each get the allowance.
    let account_key = match &user {
        Some(u) => u
            .email
            .as_ref()
            .map_or_else(|| format!("user:{}", u.id), |e| e.to_string()),
        None => email.to_string(),
    };
    let known = device
        .and_then(|d| devices::recognise(app, d))
        .filter(|d| user.as_ref().is_some_and(|u| u.id == d.user_id));
    let throttles = match &known {
        Some(device) => vec![Throttle::sign_in_device(&device.nonce)],
        None => vec![
            Throttle::sign_in_address(&origin.ip),
            Throttle::sign_in_account(&account_key),
        ],
    };
    // Charged before argon2 runs: of a burst, only the allowance is ever checked.
    let admitted = limits::admit(app, throttles).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let candidate = password.to_string();
    let matches = app
        .cpu
        .run(move || password::verify(&candidate, stored.as_deref()))
        .await;
    let audit = |kind: AuditKind, user_id: Option<String>, detail: String| AuditEvent {
        kind,
        user_id,
        client_id: None,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        detail,
    };
    let user = match user {
        Some(user) if matches => user,
        other => {
            let verdict = admitted.failed();
            super::audit::record_anonymous(
                app,
                &audit(
                    AuditKind::SignInFailed,
                    None,
                    failure_detail(other.as_ref(), email),
                ),
            )
            .await?;
            return Err(match verdict {
                Err(refused) => refused.into(),
                Ok(()) => AuthError::InvalidCredentials,
            });
        }
    };
    admitted.succeeded(app).await?;
    // The password was right, but no session follows: still capped like any anonymous event.
    let refused = if !user.active {
        Some((
            AuthError::AccountDisabled,
            "account deactivated".to_string(),
        ))
    } else if let Some(problem) = user.validity_problem(now) {
        Some((AuthError::AccountNotValid(problem.clone()), problem))
    } else if !user.email_verified && !app.settings.accounts.allow_unverified_sign_in {
        Some((
            AuthError::EmailNotVerified,
            "e-mail not verified".to_string(),
        ))
    } else {
        None
    };
    if let Some((error, detail)) = refused {
        super::audit::record_anonymous(
            app,
            &audit(AuditKind::SignInRefused, Some(user.id.clone()), detail),
        )
        .await?;
        return Err(error);
    }
    // The `sign_in` event is written when the session begins (`web::session`), after a
    // second step if one is owed.
    Ok(user)
}

/// What the trail says about a failed sign-in. Only a known account's address is written:
/// what people type into the e-mail field is sometimes their password, so unknown text is
/// never stored, not even hashed (a fingerprint keyed with a server secret would still let
/// whoever holds the database and that secret test password guesses against it).
fn failure_detail(user: Option<&User>, typed: &str) -> String {
    match user {
        Some(user) => format!("password sign-in failed for {}", user.label()),
        None if Email::parse(typed).is_ok() => {
            "password sign-in failed for an unknown address".into()
        }
        None => "password sign-in failed for text that is not an e-mail address".into(),
    }
}

/// Why a new password is not acceptable, in words for the user; `None` when it is fine.
/// `personal` are words an attacker would try first: the user's e-mail and names. zxcvbn's
/// work grows quickly with length, so it runs on the CPU pool.
pub async fn password_problem(app: &App, password: &str, personal: &[&str]) -> Option<String> {
    let rules = app.settings.passwords.clone();
    // The CPU pool's threads are outside the request: its language goes along.
    let lang = crate::i18n::current();
    let password = password.to_string();
    let personal: Vec<String> = personal.iter().map(|p| p.to_string()).collect();
    app.cpu
        .run(move || {
            let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
            judge_password(&rules, &password, &personal, lang)
        })
        .await
}

/// Whether little is left of the password once the person's own words, digits, spaces and
/// punctuation are taken out: "Grace Hopper", "grace hopper 1" or "hopper.grace!" for Grace
/// Hopper. zxcvbn alone scores such passphrases as strong.
fn mostly_personal(password: &str, words: &[String]) -> bool {
    let mut rest = password.to_lowercase();
    let mut longest_first: Vec<&String> = words.iter().filter(|w| w.chars().count() > 2).collect();
    longest_first.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for word in longest_first {
        rest = rest.replace(word.as_str(), "");
    }
    rest.chars().filter(|c| c.is_alphabetic()).count() < 6
}

fn judge_password(
    rules: &crate::config::PasswordSettings,
    password: &str,
    personal: &[&str],
    lang: crate::i18n::Lang,
) -> Option<String> {
    let length = password.chars().count();
    if length < rules.min_length {
        return Some(lang.t_number("err-password-short", "count", rules.min_length as i64));
    }
    if length > rules.max_length {
        return Some(lang.t_number("err-password-long", "count", rules.max_length as i64));
    }
    // The person's own words, lower case (zxcvbn matches its dictionaries on the lower-cased
    // password, so "Grace" must be given as "grace"), with addresses split into their parts.
    let mut words: Vec<String> = personal
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.to_lowercase())
        .collect();
    let parts: Vec<String> = words
        .iter()
        .flat_map(|p| p.split(['@', '.', ' ', '-', '_', '+']))
        .filter(|p| p.chars().count() > 2)
        .map(str::to_string)
        .collect();
    words.extend(parts);
    if mostly_personal(password, &words) {
        return Some(lang.t("err-password-too-close"));
    }
    let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= rules.min_strength {
        return None;
    }
    let mut message = lang.t("err-password-guessable");
    // zxcvbn's warnings and suggestions exist in English only.
    if lang != crate::i18n::Lang::En {
        message.push(' ');
        message.push_str(&lang.t("err-password-add-words"));
        return Some(message);
    }
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            message.push_str(&format!(" {warning}"));
        }
        for suggestion in feedback.suggestions() {
            message.push_str(&format!(" {suggestion}"));
        }
    }
    if !message.contains("word") {
        message.push(' ');
        message.push_str(&lang.t("err-password-add-words"));
    }
    Some(message)
}

/// Changes a signed-in user's password after checking the current one.
pub async fn change_password(
    app: &App,
    user: &User,
    current: &str,
    new: &str,
    origin: &RequestOrigin,
) -> Result<(), AuthError> {
    let now = app.clock.now();
    confirm_own_password(
        app,
        user,
        current,
        "password-change",
        &crate::i18n::tr("err-current-password-wrong"),
    )
    .await?;
    let personal = [
        user.email_text(),
        user.first_name.as_str(),
        user.last_name.as_str(),
    ];
    if let Some(problem) = password_problem(app, new, &personal).await {
        return Err(AuthError::PasswordRejected(problem));
    }
    if current == new {
        return Err(AuthError::PasswordRejected(crate::i18n::tr(
            "err-password-same",
        )));
    }
    let new = new.to_string();
    let hash = app.cpu.run(move || password::hash(&new)).await;
    app.store.set_password(&user.id, &hash, false, now).await?;
    // A second step opened with the old password must not turn into a session.
    app.store.delete_mfa_challenges_of_user(&user.id).await?;

    app.store
        .record_audit(
            &AuditEvent {
                kind: AuditKind::PasswordChanged,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail: String::new(),
            },
            now,
        )
        .await?;
    Ok(())
}

/// A first password for an account that has none (it signed up through a provider). There is
/// no current password to type, so the session must have proved who it is recently: signed
/// in, or confirmed through the provider, within `mfa.reauthentication_secs`.
pub async fn set_first_password(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    new: &str,
    origin: &RequestOrigin,
) -> Result<(), AuthError> {
    let now = app.clock.now();
    if user.password_hash.is_some() {
        return Err(AuthError::WrongPassword(crate::i18n::tr(
            "err-type-current-password",
        )));
    }
    if !session.recently_authenticated(now, app.settings.mfa.reauthentication_secs) {
        return Err(AuthError::WrongPassword(
            "Confirm it is you with your sign-in provider first (the button above).".into(),
        ));
    }
    let personal = [
        user.email_text(),
        user.first_name.as_str(),
        user.last_name.as_str(),
    ];
    if let Some(problem) = password_problem(app, new, &personal).await {
        return Err(AuthError::PasswordRejected(problem));
    }
    let new = new.to_string();
    let hash = app.cpu.run(move || password::hash(&new)).await;
    app.store.set_password(&user.id, &hash, false, now).await?;
    app.store
        .record_audit(
            &AuditEvent {
                kind: AuditKind::PasswordChanged,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail: "first password set".into(),
            },
            now,
        )
        .await?;
    Ok(())
}

/// Checks the signed-in user's password again before a sensitive change (turning off a
/// second factor, renewing recovery codes) and notes the time on the session.
pub async fn reauthenticate(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    password: &str,
) -> Result<(), AuthError> {
    let now = app.clock.now();
    let wrong = crate::i18n::tr("err-password-wrong");
    confirm_own_password(app, user, password, "reauth", &wrong).await?;
    app.store.mark_reauthenticated(&session.id, now).await?;
    Ok(())
}

/// Checks a signed-in user's own password under the throttle `purpose` (charged before
/// argon2 runs on the CPU pool); a success clears it.
async fn confirm_own_password(
    app: &App,
    user: &User,
    candidate: &str,
    purpose: &str,
    wrong: &str,
) -> Result<(), AuthError> {
    let admitted = limits::admit(app, vec![Throttle::own_password(purpose, &user.id)]).await?;
    let stored = user.password_hash.clone();
    let candidate = candidate.to_string();
    if !app
        .cpu
        .run(move || password::verify(&candidate, stored.as_deref()))
        .await
    {
        return Err(match admitted.failed() {
            Err(refused) => refused.into(),
            Ok(()) => AuthError::WrongPassword(wrong.to_string()),
        });
    }
    admitted.succeeded(app).await?;
    Ok(())
}

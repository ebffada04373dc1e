//! Password sign-in and password changes. Every check runs argon2 on the CPU pool, counts
//! failures per account and per IP in the database, and answers unknown e-mails exactly like
//! wrong passwords (same message, same work).

use super::{AuthError, RequestOrigin};
use crate::App;
use crate::crypto::password;
use crate::domain::{Email, User};
use crate::store::{AuditEvent, RateLimitPolicy};

fn account_bucket(email: &str) -> String {
    format!("login:acct:{}", email.trim().to_lowercase())
}

fn ip_bucket(ip: &str) -> String {
    format!("login:ip:{ip}")
}

/// Checks e-mail and password; on success returns the user (who may still have to change the
/// password before going further).
pub async fn sign_in(
    app: &App,
    email: &str,
    password: &str,
    origin: &RequestOrigin,
) -> Result<User, AuthError> {
    if app.settings.sessions.limit == 0 {
        return Err(AuthError::SignInDisabled);
    }
    let now = app.clock.now();
    let buckets = [account_bucket(email), ip_bucket(&origin.ip)];
    for bucket in &buckets {
        if let Some(until) = app.store.rate_limit_blocked_until(bucket, now).await? {
            return Err(AuthError::RateLimited {
                retry_after: until - now,
            });
        }
    }
    let user = match Email::parse(email) {
        Ok(email) => app.store.user_by_email(&email).await?,
        Err(_) => None,
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let candidate = password.to_string();
    let matches = app
        .cpu
        .run(move || password::verify(&candidate, stored.as_deref()))
        .await;
    let audit = |kind: &'static str, user_id: Option<String>, detail: String| AuditEvent {
        kind,
        user_id,
        client_id: None,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        detail,
    };
    let Some(user) = user.filter(|_| matches) else {
        let policy = RateLimitPolicy::from(&app.settings.rate_limits);
        let mut blocked = None;
        for bucket in &buckets {
            if let Some(until) = app.store.record_failure(bucket, now, &policy).await? {
                blocked = Some(blocked.map_or(until, |b: i64| b.max(until)));
            }
        }
        app.store
            .record_audit(
                &audit(
                    "sign_in_failed",
                    None,
                    format!("password sign-in failed for {}", email.trim()),
                ),
                now,
            )
            .await?;
        return Err(match blocked {
            Some(until) => AuthError::RateLimited {
                retry_after: until - now,
            },
            None => AuthError::InvalidCredentials,
        });
    };
    app.store.reset_rate_limit(&buckets[0]).await?;
    if !user.active {
        app.store
            .record_audit(
                &audit(
                    "sign_in_refused",
                    Some(user.id.clone()),
                    "account deactivated".into(),
                ),
                now,
            )
            .await?;
        return Err(AuthError::AccountDisabled);
    }
    if let Some(problem) = user.validity_problem(now) {
        app.store
            .record_audit(
                &audit("sign_in_refused", Some(user.id.clone()), problem.clone()),
                now,
            )
            .await?;
        return Err(AuthError::AccountNotValid(problem));
    }
    if !user.email_verified && !app.settings.accounts.allow_unverified_sign_in {
        app.store
            .record_audit(
                &audit(
                    "sign_in_refused",
                    Some(user.id.clone()),
                    "e-mail not verified".into(),
                ),
                now,
            )
            .await?;
        return Err(AuthError::EmailNotVerified);
    }
    app.store
        .record_audit(
            &audit("sign_in", Some(user.id.clone()), "password".into()),
            now,
        )
        .await?;
    Ok(user)
}

/// Why a new password is not acceptable, in words for the user; `None` when it is fine.
/// `personal` are words an attacker would try first: the user's e-mail and names. zxcvbn's
/// work grows quickly with length, so it runs on the CPU pool.
pub async fn password_problem(app: &App, password: &str, personal: &[&str]) -> Option<String> {
    let rules = app.settings.passwords.clone();
    let password = password.to_string();
    let personal: Vec<String> = personal.iter().map(|p| p.to_string()).collect();
    app.cpu
        .run(move || {
            let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
            judge_password(&rules, &password, &personal)
        })
        .await
}

fn judge_password(
    rules: &crate::config::PasswordSettings,
    password: &str,
    personal: &[&str],
) -> Option<String> {
    let length = password.chars().count();
    if length < rules.min_length {
        return Some(format!(
            "Use at least {} characters; a few unrelated words make a long password easy to remember.",
            rules.min_length
        ));
    }
    if length > rules.max_length {
        return Some(format!("Use at most {} characters.", rules.max_length));
    }
    // zxcvbn also splits e-mail addresses into their parts.
    let mut inputs: Vec<&str> = personal.iter().copied().filter(|p| !p.is_empty()).collect();
    let parts: Vec<&str> = personal
        .iter()
        .flat_map(|p| p.split(['@', '.', ' ']))
        .filter(|p| p.len() > 2)
        .collect();
    inputs.extend(parts);
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= rules.min_strength {
        return None;
    }
    let mut message = String::from("This password is too easy to guess.");
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            message.push_str(&format!(" {warning}"));
        }
        for suggestion in feedback.suggestions() {
            message.push_str(&format!(" {suggestion}"));
        }
    }
    if !message.contains("word") {
        message.push_str(" Add another word or two that are not about you.");
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
    let bucket = format!("password-change:{}", user.id);
    confirm_own_password(
        app,
        user,
        current,
        &bucket,
        "The current password is incorrect.",
    )
    .await?;
    let personal = [
        user.email.as_str(),
        user.first_name.as_str(),
        user.last_name.as_str(),
    ];
    if let Some(problem) = password_problem(app, new, &personal).await {
        return Err(AuthError::PasswordRejected(problem));
    }
    if current == new {
        return Err(AuthError::PasswordRejected(
            "Choose a password different from the current one.".into(),
        ));
    }
    let new = new.to_string();
    let hash = app.cpu.run(move || password::hash(&new)).await;
    app.store.set_password(&user.id, &hash, false, now).await?;

    app.store
        .record_audit(
            &AuditEvent {
                kind: "password_changed",
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

/// Checks the signed-in user's password again before a sensitive change (turning off a
/// second factor, renewing recovery codes) and notes the time on the session.
pub async fn reauthenticate(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    password: &str,
) -> Result<(), AuthError> {
    let now = app.clock.now();
    confirm_own_password(
        app,
        user,
        password,
        &format!("reauth:{}", user.id),
        "The password is incorrect.",
    )
    .await?;
    app.store.mark_reauthenticated(&session.id, now).await?;
    Ok(())
}

/// Checks a signed-in user's own password under the failure limit of `bucket` (argon2 on the
/// CPU pool); a success clears the bucket.
async fn confirm_own_password(
    app: &App,
    user: &User,
    candidate: &str,
    bucket: &str,
    wrong: &str,
) -> Result<(), AuthError> {
    let now = app.clock.now();
    if let Some(until) = app.store.rate_limit_blocked_until(bucket, now).await? {
        return Err(AuthError::RateLimited {
            retry_after: until - now,
        });
    }
    let stored = user.password_hash.clone();
    let candidate = candidate.to_string();
    if !app
        .cpu
        .run(move || password::verify(&candidate, stored.as_deref()))
        .await
    {
        let policy = RateLimitPolicy::from(&app.settings.rate_limits);
        return Err(
            match app.store.record_failure(bucket, now, &policy).await? {
                Some(until) => AuthError::RateLimited {
                    retry_after: until - now,
                },
                None => AuthError::PasswordRejected(wrong.to_string()),
            },
        );
    }
    app.store.reset_rate_limit(bucket).await?;
    Ok(())
}

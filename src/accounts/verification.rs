//! Proving control of an e-mail address: a message with a link and a short code, both
//! single-use and expiring. Codes are six digits, so they are kept as an HMAC under a key
//! derived from the KEK (useless to whoever steals the database), limited to five tries per
//! message, and rate-limited per address and per IP.

use aws_lc_rs::hmac;

use super::{AccountError, admit, audit, audit_anonymous, messages};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::limits::Admitted;
use crate::crypto::token::{
    b64url, constant_time_eq, hash_token, random_bytes, random_id, random_token,
};
use crate::domain::AuditKind;
use crate::domain::{Email, User};
use crate::store::{NewVerification, Verification};

pub const SIGNUP: &str = "signup";
pub const CHANGE: &str = "change";

/// Wrong codes allowed per message before it stops working.
pub(crate) const MAX_ATTEMPTS: i64 = 5;

/// The stored form of a code, bound to what it verifies (`scope`: a verification's id, or
/// another flow's own namespaced id).
pub(crate) fn code_hash(app: &App, scope: &str, code: &str) -> String {
    let key = hmac::Key::new(
        hmac::HMAC_SHA256,
        &app.kek.derive("gatehouse verification code v1"),
    );
    b64url(hmac::sign(&key, format!("{scope}:{code}").as_bytes()).as_ref())
}

/// Six decimal digits, uniformly drawn.
pub(crate) fn six_digits() -> String {
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        // Reject the top sliver so every code is equally likely.
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// Sends `email` a verification for `purpose`, superseding earlier ones, while the caller
/// waits. When the relay cannot take the message the new verification is used up at once, so
/// no page offers to check a code nobody received (`AccountError::MailUnavailable`).
pub async fn send(
    app: &App,
    user: &User,
    email: &Email,
    purpose: &str,
) -> Result<(), AccountError> {
    let (id, message) = prepare(app, user, email, purpose).await?;
    if let Err(e) = app.mailer.send(&message).await {
        app.store.consume_verification(&id, app.clock.now()).await?;
        return Err(e.into());
    }
    Ok(())
}

/// The pauses between deliveries of a message sent after the reply, while the relay is down:
/// about eight minutes in all, so an outage of a few minutes delays the mail instead of
/// losing it.
const REDELIVERY_PAUSES: [u64; 8] = [2, 4, 8, 15, 30, 60, 120, 240];

/// [`send`] for work after the reply (a sign-up, a resend), where nobody waits on the page to
/// be told: the verification is stored first and its message delivered again while the
/// relay is unreachable, until the code would expire. Before, one failed attempt lost the
/// message, leaving an account whose verification never arrived (and whose "send again"
/// stayed closed for the resend interval, counted from the lost message). Kept in memory
/// only: a restart during an outage still loses it, and the person can ask again.
pub async fn send_after_reply(
    app: &App,
    user: &User,
    email: &Email,
    purpose: &str,
) -> Result<(), AccountError> {
    let (id, message) = prepare(app, user, email, purpose).await?;
    let give_up = std::time::Duration::from_secs(
        (app.settings.accounts.verification_code_expires_minutes * 60).max(60) as u64,
    );
    let started = tokio::time::Instant::now();
    let mut pauses = REDELIVERY_PAUSES.iter();
    loop {
        match app.mailer.send(&message).await {
            Ok(()) => return Ok(()),
            Err(
                crate::mail::MailError::Transport(problem) | crate::mail::MailError::Io(problem),
            ) => {
                let pause = pauses
                    .next()
                    .map(|s| std::time::Duration::from_secs(*s))
                    .filter(|p| started.elapsed() + *p < give_up);
                let Some(pause) = pause else {
                    return Err(crate::mail::MailError::Transport(problem).into());
                };
                tracing::warn!(error = %problem, retry_in_secs = pause.as_secs(), "a verification could not be mailed yet");
                tokio::time::sleep(pause).await;
                // A newer message (a resend) or the code's use ends the retries.
                let live = app
                    .store
                    .pending_verification_of_user(&user.id, purpose, app.clock.now())
                    .await?;
                if live.is_none_or(|v| v.id != id) {
                    return Ok(());
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
}

/// Stores a fresh verification (superseding earlier ones) and composes its message.
async fn prepare(
    app: &App,
    user: &User,
    email: &Email,
    purpose: &str,
) -> Result<(String, crate::mail::Message), AccountError> {
    let now = app.clock.now();
    let id = random_id();
    let code = six_digits();
    let link_token = random_token();
    app.store
        .insert_verification(&NewVerification {
            id: &id,
            user_id: &user.id,
            email: email.as_str(),
            purpose,
            code_hash: &code_hash(app, &id, &code),
            link_token_hash: &hash_token(&link_token),
            now,
            expires_at: now + app.settings.accounts.verification_code_expires_minutes * 60,
        })
        .await?;
    let link = format!("{}/verify/link?token={link_token}", app.settings.issuer);
    let message = messages::verification(
        app,
        messages::language_for(&user.details.language),
        email.as_str(),
        &user.display_name(),
        &link,
        &code,
        purpose == CHANGE,
    );
    Ok((id, message))
}

/// Sends a fresh sign-up verification if the address belongs to an unverified account and the
/// last one is old enough. Silent either way: the answer must not tell whether it exists.
pub async fn resend(
    app: &App,
    raw_email: &str,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    let Ok(email) = Email::parse(raw_email) else {
        return Ok(());
    };
    let buckets = [format!(
        "verify-resend:ip:{}",
        crate::auth::limits::address_key(&origin.ip)
    )];
    admit(app, &buckets, true).await?.counted();
    let Some(user) = app.store.user_by_email(&email).await? else {
        return Ok(());
    };
    if user.email_verified || !user.active {
        return Ok(());
    }
    let now = app.clock.now();
    let interval = app.settings.accounts.verification_resend_interval_secs;
    let last = app.store.last_verification_sent(&user.id, SIGNUP).await?;
    if last.is_some_and(|t| now - t < interval) {
        return Ok(());
    }
    // The message is written after the reply, so the check above cannot see a resend still
    // in flight: one atomic claim per interval settles simultaneous requests.
    let slot = format!("verify-resend:user:{}", user.id);
    if !app.store.claim_interval(&slot, now, interval).await? {
        return Ok(());
    }

    let (background, mailed) = (app.clone(), user.clone());
    super::in_background("resending a verification", async move {
        send_after_reply(&background, &mailed, &email, SIGNUP).await
    });
    audit_anonymous(
        app,
        AuditKind::VerificationResent,
        Some(&user.id),
        origin,
        "",
    )
    .await
}

/// Checks a typed code against a live verification.
async fn check_code(
    app: &App,
    pending: Option<Verification>,
    code: &str,
    admitted: Admitted,
) -> Result<Verification, AccountError> {
    let code = code.trim().replace([' ', '-'], "");
    let wrong = |admitted: Admitted| {
        admitted.failed()?;
        Err(AccountError::WrongCode)
    };
    let Some(v) = pending else {
        return wrong(admitted);
    };
    // One of the message's tries is used up before comparing, in one conditional UPDATE, so
    // parallel guesses cannot share a try.
    if !app
        .store
        .take_verification_attempt(&v.id, MAX_ATTEMPTS)
        .await?
    {
        return wrong(admitted);
    }
    if !constant_time_eq(
        code_hash(app, &v.id, &code).as_bytes(),
        v.code_hash.as_bytes(),
    ) {
        return wrong(admitted);
    }
    admitted.succeeded(app).await?;
    if !app
        .store
        .consume_verification(&v.id, app.clock.now())
        .await?
    {
        return Err(AccountError::WrongCode);
    }
    Ok(v)
}

/// Verifies a new account's address by its code.
pub async fn verify_signup_code(
    app: &App,
    raw_email: &str,
    code: &str,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let email = Email::parse(raw_email).map_err(|e| AccountError::Invalid(e.0))?;
    let buckets = [
        format!("verify:acct:{email}"),
        format!("verify:ip:{}", crate::auth::limits::address_key(&origin.ip)),
    ];
    let admitted = admit(app, &buckets, false).await?;
    let pending = app
        .store
        .pending_verification(email.as_str(), SIGNUP, app.clock.now())
        .await?;
    let verification = check_code(app, pending, code, admitted).await?;
    complete(app, &verification, origin).await
}

/// Confirms a signed-in user's new address by its code.
pub async fn verify_change_code(
    app: &App,
    user: &User,
    code: &str,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let buckets = [
        format!("verify:user:{}", user.id),
        format!("verify:ip:{}", crate::auth::limits::address_key(&origin.ip)),
    ];
    let admitted = admit(app, &buckets, false).await?;
    let pending = app
        .store
        .pending_verification_of_user(&user.id, CHANGE, app.clock.now())
        .await?;
    let verification = check_code(app, pending, code, admitted).await?;
    complete(app, &verification, origin).await
}

/// Verifies by the link in the message. Returns the user and the purpose.
pub async fn verify_link(
    app: &App,
    token: &str,
    origin: &RequestOrigin,
) -> Result<(User, String), AccountError> {
    let buckets = [format!(
        "verify:ip:{}",
        crate::auth::limits::address_key(&origin.ip)
    )];
    let admitted = admit(app, &buckets, false).await?;
    let now = app.clock.now();
    let Some(verification) = app
        .store
        .verification_by_link(&hash_token(token), now)
        .await?
    else {
        admitted.failed()?;
        return Err(AccountError::LinkExpired);
    };
    admitted.succeeded(app).await?;
    if !app
        .store
        .consume_verification(&verification.id, now)
        .await?
    {
        return Err(AccountError::LinkExpired);
    }
    let user = complete(app, &verification, origin).await?;
    Ok((user, verification.purpose))
}

/// What a verified address leads to: a verified account, or a changed address.
async fn complete(
    app: &App,
    verification: &Verification,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let now = app.clock.now();
    let user = app
        .store
        .user_by_id(&verification.user_id)
        .await?
        .ok_or(AccountError::LinkExpired)?;
    match verification.purpose.as_str() {
        CHANGE => super::email_change::apply(app, &user, &verification.email, origin).await?,
        _ => {
            // The address verified must still be the account's (it may have changed since).
            if user.email_text() != verification.email {
                return Err(AccountError::LinkExpired);
            }
            let extra = app.settings.accounts.verified_user_privileges.clone();
            app.store.mark_email_verified(&user.id, &extra, now).await?;
            audit(
                app,
                AuditKind::EmailVerified,
                Some(&user.id),
                origin,
                user.email_text(),
            )
            .await?;
        }
    }
    app.store
        .user_by_id(&user.id)
        .await?
        .ok_or_else(|| AccountError::Internal("user vanished during verification".into()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let code = super::six_digits();
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }
}

//! Signing up. The answer is the same whether or not the address already has an account: a
//! taken address gets a notice by mail instead of a second account.

use super::creation::{CreateError, InitialPassword, NewAccount, create_user};
use super::{AccountError, admit, audit_anonymous, messages, verification};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::password::password_problem;
use crate::domain::AuditKind;
use crate::domain::Email;

pub struct SignUp {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Empty for none (or when `accounts.usernames` is off, ignored).
    pub username: String,
    pub password: String,
}

/// Creates an unverified account and sends its verification. Returns the normalised address.
pub async fn register(
    app: &App,
    form: &SignUp,
    origin: &RequestOrigin,
) -> Result<Email, AccountError> {
    if !app.settings.accounts.allow_registration {
        return Err(AccountError::RegistrationClosed);
    }
    let about = |field: &'static str| {
        move |e: crate::domain::Invalid| AccountError::Field {
            field,
            message: e.0,
        }
    };
    let first_name = crate::domain::validate_profile_field("first_name", &form.first_name)
        .map_err(about("first_name"))?;
    let last_name = crate::domain::validate_profile_field("last_name", &form.last_name)
        .map_err(about("last_name"))?;
    if first_name.is_empty() || last_name.is_empty() {
        return Err(AccountError::Field {
            field: if first_name.is_empty() {
                "first_name"
            } else {
                "last_name"
            },
            message: crate::i18n::tr("err-enter-names"),
        });
    }
    let email = Email::parse(&form.email).map_err(about("email"))?;
    let username = if app.settings.accounts.usernames {
        crate::domain::Username::parse_optional(&form.username).map_err(|e| {
            AccountError::Field {
                field: "username",
                message: format!("{}: {}", crate::i18n::tr("register-username"), e.0),
            }
        })?
    } else {
        None
    };
    // Sign-ups count against the address they come from, successful or not, and are charged
    // before the expensive checks (zxcvbn, argon2), so a refused burst costs no CPU.
    let buckets = [format!(
        "register:ip:{}",
        crate::auth::limits::address_key(&origin.ip)
    )];
    let admitted = admit(app, &buckets, true).await?;
    let _lane = app.cpu.bulk_lane().await;
    let personal = [email.as_str(), first_name.as_str(), last_name.as_str()];
    if let Some(problem) = password_problem(app, &form.password, &personal).await {
        // Nothing was tried yet: a person choosing a better password is not flooding.
        admitted.given_back(app).await?;
        return Err(AccountError::Field {
            field: "password",
            message: problem,
        });
    }
    admitted.counted();
    // A username is public by nature (people type it to sign in): saying it is taken tells
    // nothing about any address.
    if let Some(name) = &username
        && app.store.user_by_username(name.as_str()).await?.is_some()
    {
        return Err(AccountError::Field {
            field: "username",
            message: crate::i18n::tr("err-username-taken"),
        });
    }

    if let Some(existing) = app.store.user_by_email(&email).await? {
        // The same work as a real sign-up (argon2), and the mail after the reply: the answer
        // and its timing must not tell that the address is taken.
        let password = form.password.clone();
        let _ = app
            .cpu
            .run(move || crate::crypto::password::hash(&password))
            .await;
        let (background, origin) = (app.clone(), origin.clone());
        super::in_background("notifying the owner of a taken address", async move {
            notify_existing(&background, &existing, &origin).await
        });
        return Ok(email);
    }
    let account = NewAccount {
        email: Some(email.clone()),
        email_verified: false,
        first_name,
        last_name,
        // Judged above, before anything was counted.
        password: InitialPassword::Trusted(form.password.clone()),
        must_change_password: false,
        privileges: app.settings.accounts.new_user_privileges.clone(),
        username,
    };
    let created = match create_user(app, account).await {
        Ok(created) => created,
        Err(CreateError::EmailTaken) => {
            // Someone registered the same address a moment ago.
            if let Some(existing) = app.store.user_by_email(&email).await? {
                notify_existing(app, &existing, origin).await?;
            }
            return Ok(email);
        }
        Err(e) => return Err(e.into()),
    };
    audit_anonymous(
        app,
        AuditKind::SignUp,
        Some(&created.id),
        origin,
        email.as_str(),
    )
    .await?;
    let (background, mailed) = (app.clone(), email.clone());
    super::in_background("sending a verification", async move {
        verification::send_after_reply(&background, &created, &mailed, verification::SIGNUP).await
    });
    Ok(email)
}

/// Tells the owner of a taken address that someone tried to sign up with it (at most once per
/// resend interval, so the form cannot be used to flood their inbox).
async fn notify_existing(
    app: &App,
    existing: &crate::domain::User,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    let bucket = format!("register-notice:{}", existing.id);
    let now = app.clock.now();
    if app
        .store
        .rate_limit_blocked_until(&bucket, now)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let policy = crate::store::RateLimitPolicy {
        max_failures: 1,
        window_secs: app
            .settings
            .accounts
            .verification_resend_interval_secs
            .max(1),
        base_delay_secs: app
            .settings
            .accounts
            .verification_resend_interval_secs
            .max(1),
        max_delay_secs: app
            .settings
            .accounts
            .verification_resend_interval_secs
            .max(1),
    };
    app.store.record_failure(&bucket, now, &policy).await?;
    if existing.email_verified {
        app.mailer
            .send(&messages::notice(
                app,
                messages::language_for(&existing.details.language),
                existing.email_text(),
                &existing.display_name(),
                &messages::Notice::new(messages::NoticeKind::SignUpAttempt)
                    .with("link", format!("{}/login", app.settings.issuer)),
            ))
            .await?;
    } else {
        // An unverified account with this address: it may be someone else's squatting attempt,
        // so the mailbox owner gets a reset link, which sets *their* password, confirms the
        // address and ends whatever sessions the squatter had (never a verification of the
        // squatter's account).
        super::recovery::send_link(app, existing).await?;
    }
    audit_anonymous(
        app,
        AuditKind::SignUpExisting,
        Some(&existing.id),
        origin,
        "",
    )
    .await
}

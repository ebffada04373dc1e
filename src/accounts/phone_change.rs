//! A signed-in user adds, changes or removes their mobile number. Adding or changing needs
//! the owner at the keyboard (the current password, or a fresh sign-in for accounts without
//! one) and then the code sent to the new number; the number is saved only once that code is
//! entered. Removing keeps the last way in: a number that is the account's only way to sign in
//! stays until a password or a provider is added.

use super::email_change::{OwnerProof, check_owner};
use super::messages::{Notice, NoticeKind};
use super::{AccountError, audit, messages};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::phone::{self, CodeFor, PhoneError, Purpose, Sent};
use crate::domain::{AuditKind, PhoneNumber, User};
use crate::store::StoreError;

fn from_account(e: AccountError) -> PhoneError {
    match e {
        AccountError::RateLimited { retry_after } => PhoneError::RateLimited { retry_after },
        AccountError::Internal(cause) => PhoneError::Internal(cause),
        other => PhoneError::Invalid(other.to_string()),
    }
}

/// Checks the owner, reads the number and sends it a code.
pub async fn request(
    app: &App,
    user: &User,
    raw_number: &str,
    proof: OwnerProof<'_>,
    origin: &RequestOrigin,
) -> Result<Sent, PhoneError> {
    check_owner(app, user, proof).await.map_err(from_account)?;
    let number = phone::parse_number(app, raw_number)?;
    if user.phone.as_ref() == Some(&number) && user.phone_verified {
        return Err(PhoneError::Invalid(crate::i18n::tr(
            "err-already-your-number",
        )));
    }
    let what = CodeFor {
        purpose: Purpose::AddPhone,
        user_id: Some(&user.id),
        request_id: None,
    };
    phone::send_code(app, &number, &what, origin).await
}

/// Enters the code sent to the new number; on a match the number becomes the account's,
/// verified. Returns it.
pub async fn confirm(
    app: &App,
    user: &User,
    token: &str,
    code: &str,
    origin: &RequestOrigin,
) -> Result<PhoneNumber, PhoneError> {
    // Only this user's code: a code row carries who asked for it.
    match phone::pending(app, token, Purpose::AddPhone).await? {
        Some(row) if row.user_id.as_deref() == Some(user.id.as_str()) => {}
        _ => return Err(PhoneError::WrongCode),
    }
    let row = phone::check_code(app, token, Purpose::AddPhone, code, origin).await?;
    let number = PhoneNumber::from_stored(&row.phone);
    match app
        .store
        .set_phone(&user.id, Some(&number), true, app.clock.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(PhoneError::Invalid(crate::i18n::tr("err-number-taken")));
        }
        Err(e) => return Err(e.into()),
    }
    let old = user.phone.as_ref().map(ToString::to_string);
    audit(
        app,
        AuditKind::PhoneAdded,
        Some(&user.id),
        origin,
        match &old {
            Some(old) => format!("{old} -> {number}"),
            None => number.to_string(),
        },
    )
    .await
    .map_err(from_account)?;
    tell(
        app,
        user,
        Notice::new(NoticeKind::PhoneAdded).with("number", number.to_string()),
    )
    .await?;
    Ok(number)
}

/// Removes the number, unless it is the account's last way to sign in.
pub async fn remove(
    app: &App,
    user: &User,
    proof: OwnerProof<'_>,
    origin: &RequestOrigin,
) -> Result<(), PhoneError> {
    let Some(number) = &user.phone else {
        return Ok(());
    };
    check_owner(app, user, proof).await.map_err(from_account)?;
    // One conditional statement decides, so a racing unlink cannot leave no way in.
    if !app
        .store
        .remove_phone_keeping_a_way_in(&user.id, app.clock.now())
        .await?
    {
        return Err(PhoneError::Invalid(crate::i18n::tr("err-only-way-in")));
    }
    audit(
        app,
        AuditKind::PhoneRemoved,
        Some(&user.id),
        origin,
        number.as_str(),
    )
    .await
    .map_err(from_account)?;
    tell(
        app,
        user,
        Notice::new(NoticeKind::PhoneRemoved).with("number", number.to_string()),
    )
    .await
}

/// A notice to the account's confirmed address, if it has one. The change is made and
/// audited by then: a relay that is down must not turn it into an error page (the person
/// would think it failed and try again), so a failed notice is logged, not returned.
async fn tell(app: &App, user: &User, notice: Notice) -> Result<(), PhoneError> {
    if let Some(address) = user.mail_address(false) {
        let message = messages::notice(
            app,
            messages::language_for(&user.details.language),
            address.as_str(),
            &user.display_name(),
            &notice,
        );
        if let Err(e) = app.mailer.send(&message).await {
            tracing::warn!(error = %e, user = %user.id, "a phone-change notice could not be mailed");
        }
    }
    Ok(())
}

//! Who a confirmed number is: the account whose verified number it is, or — when
//! registration is open — a new account identified by it (no e-mail, no password). A number
//! an administrator set without verification signs nobody in.

use super::RequestOrigin;
use super::phone::PhoneError;
use crate::App;
use crate::accounts::creation::{self, InitialPassword, NewAccount};
use crate::domain::{AuditKind, PhoneNumber, User};
use crate::store::{AuditEvent, StoreError};

pub enum PhoneAccount {
    SignIn {
        user: Box<User>,
        created: bool,
    },
    /// No account has the number and sign-up is closed.
    NoAccount,
    /// The account exists but cannot be used now; the message says why.
    Refused(String),
}

pub async fn resolve(
    app: &App,
    number: &PhoneNumber,
    origin: &RequestOrigin,
) -> Result<PhoneAccount, PhoneError> {
    if let Some(user) = app.store.user_by_phone(number).await? {
        return Ok(existing(app, user));
    }
    if !app.settings.accounts.allow_registration {
        return Ok(PhoneAccount::NoAccount);
    }
    let account = NewAccount {
        email: None,
        email_verified: false,
        first_name: String::new(),
        last_name: String::new(),
        password: InitialPassword::Unset,
        must_change_password: false,
        privileges: app.settings.accounts.new_user_privileges.clone(),
        username: None,
    };
    let user = creation::create_user(app, account)
        .await
        .map_err(|e| match e {
            creation::CreateError::Unavailable(cause) => PhoneError::Unavailable(cause),
            other => PhoneError::Internal(other.to_string()),
        })?;
    let now = app.clock.now();
    match app.store.set_phone(&user.id, Some(number), true, now).await {
        Ok(()) => {}
        // Another request made an account for the number first: that one signs in.
        Err(StoreError::Conflict) => {
            app.store.delete_user(&user.id).await?;
            return match app.store.user_by_phone(number).await? {
                Some(winner) => Ok(existing(app, winner)),
                None => Err(PhoneError::Internal("the number's account vanished".into())),
            };
        }
        Err(e) => return Err(e.into()),
    }
    app.store
        .record_audit(
            &AuditEvent {
                kind: AuditKind::SignUp,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail: "by phone".into(),
            },
            now,
        )
        .await?;
    let user = app
        .store
        .user_by_id(&user.id)
        .await?
        .ok_or_else(|| PhoneError::Internal("the new account vanished".into()))?;
    Ok(PhoneAccount::SignIn {
        user: Box::new(user),
        created: true,
    })
}

fn existing(app: &App, user: User) -> PhoneAccount {
    let now = app.clock.now();
    if !user.phone_verified {
        return PhoneAccount::NoAccount;
    }
    if !user.active {
        return PhoneAccount::Refused(crate::i18n::tr("error-account-disabled"));
    }
    if let Some(problem) = user.validity_problem(now) {
        return PhoneAccount::Refused(problem);
    }
    PhoneAccount::SignIn {
        user: Box::new(user),
        created: false,
    }
}

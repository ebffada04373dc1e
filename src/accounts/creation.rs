//! Creating an account: the one place a user row is made, whoever asks (sign-up, an accepted
//! invitation, an administrator in the console or the API, the command line, the first
//! start). Names are checked, a typed password is judged and hashed on the CPU pool, the
//! privileges must exist, and an address already taken is reported, never overwritten.

use crate::App;
use crate::domain::CRON;
use crate::domain::{Email, User, validate_profile_field};
use crate::store::{NewUser, StoreError};

/// The password a new account starts with.
pub enum InitialPassword {
    /// None: the account signs in some other way (an invitation not yet used, an upstream
    /// provider, a phone code) until a password is set.
    Unset,
    /// Typed by a person: judged against the password rules (the names and address count as
    /// guessable), then hashed.
    Typed(String),
    /// Already judged by the caller, or generated (the first administrator's): only hashed.
    Trusted(String),
}

pub struct NewAccount {
    pub email: Option<Email>,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub password: InitialPassword,
    /// Must choose a new password at the next sign-in.
    pub must_change_password: bool,
    pub privileges: Vec<String>,
    /// Chosen at sign-up or by an administrator; `None` signs in with the e-mail.
    pub username: Option<crate::domain::Username>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// A field that cannot be accepted, in words for the person who typed it.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    WeakPassword(String),
    #[error("a user with this e-mail address exists")]
    EmailTaken,
    #[error("this username is taken")]
    UsernameTaken,
    #[error("names a privilege that does not exist")]
    UnknownPrivilege,
    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: every caller answers 503, not 500.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
}

impl From<StoreError> for CreateError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

/// Creates the account and returns it as stored.
pub async fn create_user(app: &App, account: NewAccount) -> Result<User, CreateError> {
    let name = |field: &'static str, value: &str| {
        validate_profile_field(field, value).map_err(|e| CreateError::Invalid {
            field,
            message: e.0,
        })
    };
    let first_name = name("first_name", &account.first_name)?;
    let last_name = name("last_name", &account.last_name)?;
    let to_hash = match account.password {
        InitialPassword::Unset => None,
        InitialPassword::Typed(password) => {
            let email = account.email.as_ref().map_or("", Email::as_str);
            let personal = [email, first_name.as_str(), last_name.as_str()];
            if let Some(problem) =
                crate::auth::password::password_problem(app, &password, &personal).await
            {
                return Err(CreateError::WeakPassword(problem));
            }
            Some(password)
        }
        InitialPassword::Trusted(password) => Some(password),
    };
    let password_hash = match to_hash {
        Some(password) => Some(
            app.cpu
                .run(move || crate::crypto::password::hash(&password))
                .await,
        ),
        None => None,
    };
    // An account that starts with a verified address (an administrator, the CLI, an
    // invitation, a trusted provider) gets what verifying it would have given
    // (Lino's `user_type_verified`); names the catalogue lacks are skipped, not an error.
    let mut privileges = account.privileges;
    let verified_extra = &app.settings.accounts.verified_user_privileges;
    if account.email_verified && account.email.is_some() && !verified_extra.is_empty() {
        let existing = app.store.privilege_names().await?;
        for name in verified_extra {
            if existing.contains(name) && !privileges.contains(name) && name != CRON {
                privileges.push(name.clone());
            }
        }
    }
    if privileges.iter().any(|p| p == CRON) {
        return Err(CreateError::Invalid {
            field: "privileges",
            message: format!("“{CRON}” is held only by service accounts"),
        });
    }
    let username = account.username.map(crate::domain::Username::into_string);
    let id = uuid::Uuid::new_v4().to_string();
    let new = NewUser {
        id: id.clone(),
        email_verified: account.email_verified && account.email.is_some(),
        email: account.email,
        password_hash,
        must_change_password: account.must_change_password,
        first_name,
        last_name,
        privileges,
        username,
        now: app.clock.now(),
    };
    match app.store.insert_user(&new).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Err(conflict_cause(app, &new).await),
        Err(StoreError::NotFound) => return Err(CreateError::UnknownPrivilege),
        Err(e) => return Err(e.into()),
    }
    app.store
        .user_by_id(&id)
        .await?
        .ok_or_else(|| CreateError::Internal("the new user vanished".into()))
}

/// Which unique value a refused insert collided with: the username when another account has
/// it, else the address.
async fn conflict_cause(app: &App, new: &NewUser) -> CreateError {
    if let Some(username) = &new.username
        && let Ok(Some(_)) = app.store.user_by_username(username).await
    {
        return CreateError::UsernameTaken;
    }
    CreateError::EmailTaken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::AccountError;

    /// An outage met while creating an account (by invitation, phone or upstream sign-in)
    /// reaches the person as "try again shortly" (503), not as an internal error (500).
    #[test]
    fn an_unreachable_database_stays_unavailable_through_account_creation() {
        let created: CreateError = StoreError::Unavailable(sqlx::Error::PoolTimedOut).into();
        assert!(matches!(created, CreateError::Unavailable(_)));
        let account: AccountError = created.into();
        assert!(matches!(account, AccountError::Unavailable(_)));
        let broken: CreateError = StoreError::Conflict.into();
        assert!(matches!(broken, CreateError::Internal(_)));
    }
}

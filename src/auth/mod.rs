//! End-user sign-in orchestration: checking passwords under rate limits, and the browser
//! sessions that result. No HTTP types: the web layer passes in what it read from the request.

pub mod audit;
pub mod devices;
pub mod federated;
pub mod limits;
pub mod linking;
pub mod mfa;
pub mod password;
pub mod phone;
pub mod phone_sign_in;
pub mod sessions;
pub mod sms_factor;
pub mod upstream_signup;

/// Where a request comes from, for rate limits, session lists and the audit trail.
#[derive(Debug, Clone, Default)]
pub struct RequestOrigin {
    pub ip: String,
    pub user_agent: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong e-mail or password: deliberately one case, so nobody learns which accounts exist.
    #[error("The e-mail address or password is incorrect.")]
    InvalidCredentials,
    #[error("Too many failed attempts. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: i64 },
    #[error("This account has been deactivated. Contact your administrator.")]
    AccountDisabled,
    /// Outside the account's validity dates; the message gives the date.
    #[error("{0}")]
    AccountNotValid(String),
    #[error("Confirm your e-mail address before you sign in.")]
    EmailNotVerified,
    /// `sessions.limit = 0`: maintenance.
    #[error("Signing in is switched off for maintenance. Please try again later.")]
    SignInDisabled,
    /// A new password that cannot be used (too weak, the two copies differ); the message
    /// says why.
    #[error("{0}")]
    PasswordRejected(String),
    /// The signed-in user's own password, typed again, was wrong or missing.
    #[error("{0}")]
    WrongPassword(String),
    #[error(
        "That code is not right. Check that your phone's clock is correct and use the newest code."
    )]
    WrongSecondFactor,
    #[error(
        "That recovery code is not right, or it was used already: each code works once. Type it as shown on your list."
    )]
    WrongRecoveryCode,
    /// The challenge or enrollment ran out (or was replaced in another tab).
    #[error("This step has expired. Start again.")]
    SecondFactorExpired,
    /// Not possible under the policy or in the account's state; the message says why.
    #[error("{0}")]
    SecondFactorRefused(String),

    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: answered 503, try again shortly.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
}

impl From<limits::LimitError> for AuthError {
    fn from(e: limits::LimitError) -> Self {
        match e {
            limits::LimitError::Refused(r) => r.into(),
            limits::LimitError::Store(e) => e.into(),
        }
    }
}

impl From<limits::Refused> for AuthError {
    fn from(r: limits::Refused) -> Self {
        Self::RateLimited {
            retry_after: r.retry_after,
        }
    }
}

impl From<crate::store::StoreError> for AuthError {
    fn from(e: crate::store::StoreError) -> Self {
        if e.is_unavailable() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

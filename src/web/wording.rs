//! What a person reads when a step is refused, in the page's language. Every fixed-text
//! refusal has a message `error-…` in `locales/` (its `Display` text is the English one, kept
//! for logs and the API); a refusal carrying its own reason (a password rule, a validity date)
//! shows that reason.

use crate::accounts::AccountError;
use crate::auth::AuthError;
use crate::auth::federated::FederationError;
use crate::auth::phone::PhoneError;

/// A message id, and the values it needs.
pub enum Words<'a> {
    Fixed(&'static str),
    /// `{ $seconds }` to wait.
    Wait(&'static str, i64),
    /// `{ $provider }`, the upstream provider's name.
    Provider(&'static str, &'a str),
    /// The refusal's own text, already written for the person.
    Own,
}

pub trait Wording: std::fmt::Display {
    fn words(&self) -> Words<'_>;

    /// The refusal in the page's language.
    fn wording(&self) -> String {
        let lang = crate::i18n::current();
        match self.words() {
            Words::Fixed(id) => lang.t(id),
            Words::Wait(id, seconds) => lang.t_number(id, "seconds", seconds.max(1)),
            Words::Provider(id, provider) => lang.t1(id, "provider", provider),
            Words::Own => self.to_string(),
        }
    }
}

impl Wording for AuthError {
    fn words(&self) -> Words<'_> {
        match self {
            AuthError::InvalidCredentials => Words::Fixed("error-invalid-credentials"),
            AuthError::RateLimited { retry_after } => {
                Words::Wait("error-too-many-failed", *retry_after)
            }
            AuthError::AccountDisabled => Words::Fixed("error-account-disabled"),
            AuthError::EmailNotVerified => Words::Fixed("error-email-not-verified"),
            AuthError::SignInDisabled => Words::Fixed("error-sign-in-disabled"),
            AuthError::WrongSecondFactor => Words::Fixed("error-wrong-second-factor"),
            AuthError::WrongRecoveryCode => Words::Fixed("error-wrong-recovery-code"),
            AuthError::SecondFactorExpired => Words::Fixed("error-step-expired"),
            AuthError::AccountNotValid(_)
            | AuthError::PasswordRejected(_)
            | AuthError::WrongPassword(_)
            | AuthError::SecondFactorRefused(_)
            | AuthError::Internal(_) => Words::Own,
            AuthError::Unavailable(_) => Words::Fixed("error-unavailable"),
        }
    }
}

impl Wording for AccountError {
    fn words(&self) -> Words<'_> {
        match self {
            AccountError::RegistrationClosed => Words::Fixed("register-closed"),
            AccountError::WrongCode => Words::Fixed("error-wrong-code"),
            AccountError::LinkExpired => Words::Fixed("error-link-expired"),
            AccountError::RateLimited { retry_after } => {
                Words::Wait("error-too-many-attempts", *retry_after)
            }
            AccountError::Invalid(_) | AccountError::Field { .. } | AccountError::Internal(_) => {
                Words::Own
            }
            AccountError::Unavailable(_) => Words::Fixed("error-unavailable"),
            AccountError::MailUnavailable(_) => Words::Fixed("error-mail-unavailable"),
        }
    }
}

impl Wording for PhoneError {
    fn words(&self) -> Words<'_> {
        match self {
            PhoneError::CountryNotAllowed => Words::Fixed("error-country-not-allowed"),
            PhoneError::Cooldown { retry_after } => {
                Words::Wait("error-code-cooldown", *retry_after)
            }
            PhoneError::RateLimited { retry_after } => {
                Words::Wait("error-too-many-codes", *retry_after)
            }
            PhoneError::Send(crate::sms::SmsError::Unavailable(_)) => {
                Words::Fixed("error-sms-unavailable")
            }
            PhoneError::WrongCode => Words::Fixed("error-wrong-code"),
            PhoneError::Invalid(_) | PhoneError::Send(_) | PhoneError::Internal(_) => Words::Own,
            PhoneError::Unavailable(_) => Words::Fixed("error-unavailable"),
        }
    }
}

impl Wording for FederationError {
    fn words(&self) -> Words<'_> {
        match self {
            FederationError::Unavailable => Words::Fixed("error-provider-unavailable"),
            FederationError::StateInvalid => Words::Fixed("error-federation-state"),
            FederationError::Cancelled(provider) => {
                Words::Provider("error-federation-cancelled", provider)
            }
            FederationError::UpstreamRefused(provider) => {
                Words::Provider("error-federation-refused", provider)
            }
            FederationError::Upstream { provider, .. } => {
                Words::Provider("error-federation-upstream", provider)
            }
            FederationError::RateLimited { retry_after } => {
                Words::Wait("error-federation-rate-limited", *retry_after)
            }
            FederationError::Internal(_) => Words::Own,
            FederationError::DatabaseUnavailable(_) => Words::Fixed("error-unavailable"),
        }
    }
}

impl Wording for crate::admin::AdminError {
    /// The console's refusals are written for administrators, in English.
    fn words(&self) -> Words<'_> {
        Words::Own
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each fixed message says in English exactly what the error's `Display` says, so logs,
    /// the API and English pages agree.
    #[test]
    fn english_words_match_the_display_text() {
        let errors: Vec<Box<dyn Wording>> = vec![
            Box::new(AuthError::InvalidCredentials),
            Box::new(AuthError::RateLimited { retry_after: 30 }),
            Box::new(AuthError::AccountDisabled),
            Box::new(AuthError::EmailNotVerified),
            Box::new(AuthError::SignInDisabled),
            Box::new(AuthError::WrongSecondFactor),
            Box::new(AuthError::WrongRecoveryCode),
            Box::new(AuthError::SecondFactorExpired),
            Box::new(AccountError::RegistrationClosed),
            Box::new(AccountError::WrongCode),
            Box::new(AccountError::LinkExpired),
            Box::new(AccountError::RateLimited { retry_after: 1 }),
            Box::new(PhoneError::CountryNotAllowed),
            Box::new(PhoneError::Cooldown { retry_after: 42 }),
            Box::new(PhoneError::RateLimited { retry_after: 7 }),
            Box::new(PhoneError::Send(crate::sms::SmsError::Unavailable(
                "x".into(),
            ))),
            Box::new(PhoneError::WrongCode),
            Box::new(FederationError::Unavailable),
            Box::new(FederationError::StateInvalid),
            Box::new(FederationError::Cancelled("Google".into())),
            Box::new(FederationError::UpstreamRefused("Google".into())),
            Box::new(FederationError::RateLimited { retry_after: 9 }),
        ];
        for error in errors {
            assert_eq!(error.wording(), error.to_string());
            if let Words::Fixed(id) | Words::Wait(id, _) | Words::Provider(id, _) = error.words() {
                assert_ne!(Lang::De.t(id), Lang::En.t(id), "{id} is translated");
            }
        }
    }
}

//! Second factors as policy sees them: the methods administrators may allow, who must use one,
//! and the authentication context classes (`acr`) a relying party can ask for.

use serde::{Deserialize, Serialize};

use super::{Invalid, User};

/// A kind of second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MfaMethod {
    /// A TOTP authenticator app (RFC 6238).
    App,
    /// A code by text message to the account's verified phone.
    Sms,
}

impl MfaMethod {
    pub const ALL: [MfaMethod; 2] = [MfaMethod::App, MfaMethod::Sms];

    pub fn parse(name: &str) -> Result<Self, Invalid> {
        match name {
            "app" => Ok(Self::App),
            "sms" => Ok(Self::Sms),
            other => Err(Invalid(format!(
                "unknown second-factor method “{other}” (known: app, sms)"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Sms => "sms",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::App => "Authenticator app (TOTP)",
            Self::Sms => "Text message (SMS) to a verified phone",
        }
    }
}

/// Which second factors are allowed, and whose privileges require one (docassemble's `mfa`
/// directive with its `required for`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MfaPolicy {
    pub methods: Vec<MfaMethod>,
    pub required_for: Vec<String>,
}

impl MfaPolicy {
    /// Checks the policy is coherent: requiring a second factor nobody may set up would lock
    /// those users out.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.methods.is_empty() && !self.required_for.is_empty() {
            return Err(Invalid(
                "a second factor can only be required when at least one method is allowed".into(),
            ));
        }
        Ok(())
    }

    pub fn allows(&self, method: MfaMethod) -> bool {
        self.methods.contains(&method)
    }

    /// Whether this user's privileges require a second factor.
    pub fn required_for_user(&self, user: &User) -> bool {
        self.required_for.iter().any(|p| user.has_privilege(p))
    }
}

/// `acr` for a sign-in with one factor (a password, or an upstream provider).
pub const ACR_SINGLE_FACTOR: &str = "urn:gatehouse:acr:password";
/// `acr` for a sign-in with a password and a second factor.
pub const ACR_MULTI_FACTOR: &str = "urn:gatehouse:acr:mfa";
/// The values advertised in discovery, weakest first.
pub const ACR_VALUES: [&str; 2] = [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR];

/// The level a session's authentication methods (`amr`) reached.
pub fn acr_for(amr: &[String]) -> &'static str {
    if amr.iter().any(|m| m == "mfa") {
        ACR_MULTI_FACTOR
    } else {
        ACR_SINGLE_FACTOR
    }
}

/// Whether a request's `acr_values` (in order of preference) can only be met with a second
/// factor: some known value was asked for, and none of the known ones is single-factor.
/// Unknown values are ignored, as OIDC Core §3.1.2.1 makes `acr_values` voluntary.
pub fn acr_values_demand_mfa(acr_values: &[String]) -> bool {
    let known: Vec<&str> = acr_values
        .iter()
        .map(String::as_str)
        .filter(|v| ACR_VALUES.contains(v))
        .collect();
    !known.is_empty() && !known.contains(&ACR_SINGLE_FACTOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn acr_values_ask_for_mfa_only_when_nothing_weaker_is_acceptable() {
        assert!(acr_values_demand_mfa(&list(&[ACR_MULTI_FACTOR])));
        assert!(acr_values_demand_mfa(&list(&[
            "urn:other",
            ACR_MULTI_FACTOR
        ])));
        assert!(!acr_values_demand_mfa(&list(&[
            ACR_MULTI_FACTOR,
            ACR_SINGLE_FACTOR
        ])));
        assert!(!acr_values_demand_mfa(&list(&["urn:other"])));
        assert!(!acr_values_demand_mfa(&[]));
    }

    #[test]
    fn a_requirement_needs_a_method() {
        let policy = MfaPolicy {
            methods: vec![],
            required_for: vec!["admin".into()],
        };
        assert!(policy.validate().is_err());
        assert!(MfaPolicy::default().validate().is_ok());
    }
}

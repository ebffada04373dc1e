//! Sign-in methods as data: which first factor a person used and which second factor they
//! passed. Sessions and two-step challenges record them, and `amr` (RFC 8176) and `acr` are
//! computed from them, so a new way in (an upstream provider, a phone code) is one variant
//! here rather than a string spread through the handlers.

/// How a person proved who they are first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    /// An upstream identity provider vouched for the person (`idp` names which).
    Upstream,
    /// A code sent by SMS to the account's verified number.
    Phone,
}

impl FirstFactor {
    /// The name stored with a two-step challenge.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Upstream => "upstream",
            Self::Phone => "phone",
        }
    }

    /// A stored name; `None` for one this version does not know (the challenge is then
    /// refused rather than guessed).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "password" => Some(Self::Password),
            "upstream" => Some(Self::Upstream),
            "phone" => Some(Self::Phone),
            _ => None,
        }
    }

    /// Its `amr` values (RFC 8176 §2).
    fn amr(self) -> &'static [&'static str] {
        match self {
            Self::Password => &["pwd"],
            // As Entra ID reports a federated sign-in; what the upstream itself checked is
            // its business, except where the provider is trusted for MFA (see FirstStep).
            Self::Upstream => &["fed"],
            // RFC 8176: "confirmation using SMS text message to the user at a registered
            // number".
            Self::Phone => &["sms"],
        }
    }
}

/// A passed first factor with what the session must remember of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstStep {
    pub factor: FirstFactor,
    /// The upstream provider's id (the `idp` claim).
    pub idp: Option<String>,
    /// The provider is trusted for MFA and said the person passed it there: no second step
    /// is owed here, and the session's `amr` says `mfa`.
    pub upstream_mfa: bool,
}

impl FirstStep {
    pub fn password() -> Self {
        Self {
            factor: FirstFactor::Password,
            idp: None,
            upstream_mfa: false,
        }
    }

    pub fn phone() -> Self {
        Self {
            factor: FirstFactor::Phone,
            idp: None,
            upstream_mfa: false,
        }
    }

    pub fn upstream(idp: &str, upstream_mfa: bool) -> Self {
        Self {
            factor: FirstFactor::Upstream,
            idp: Some(idp.to_string()),
            upstream_mfa,
        }
    }

    /// What the dashboard counts a sign-in begun this way under.
    pub fn method(&self) -> String {
        sign_in_method(self.factor, self.idp.as_deref())
    }

    /// The `amr` of a session opened by this step alone.
    pub fn amr(&self) -> Vec<String> {
        let mut amr = amr_of(self.factor, None);
        if self.upstream_mfa {
            amr.push("mfa".into());
        }
        amr
    }
}

/// A sign-in's method as the audit trail's `sign_in` events name it: `password`, `phone` or
/// `upstream:{provider}`.
pub fn sign_in_method(factor: FirstFactor, idp: Option<&str>) -> String {
    match factor {
        FirstFactor::Password => "password".into(),
        FirstFactor::Phone => "phone".into(),
        FirstFactor::Upstream => format!("upstream:{}", idp.unwrap_or("unknown")),
    }
}

/// The second factor a code belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// A time-based code from an authenticator app.
    App,
    /// One of the printed recovery codes.
    RecoveryCode,
    /// A code by text message to the account's verified phone.
    Sms,
}

impl SecondFactor {
    fn amr(self) -> &'static [&'static str] {
        match self {
            // Both are one-time passwords in RFC 8176's terms.
            Self::App | Self::RecoveryCode => &["otp"],
            Self::Sms => &["sms"],
        }
    }

    /// For the audit trail.
    pub fn describe(self) -> &'static str {
        match self {
            Self::App => "authenticator app",
            Self::RecoveryCode => "recovery code",
            Self::Sms => "text message",
        }
    }
}

/// The `amr` of a sign-in: the first factor's values, then the second's and `mfa` when two
/// independent factors were passed.
pub fn amr_of(first: FirstFactor, second: Option<SecondFactor>) -> Vec<String> {
    let mut amr: Vec<String> = first.amr().iter().map(|m| m.to_string()).collect();
    if let Some(second) = second {
        add_second(&mut amr, second);
    }
    amr
}

/// The `amr` of a session that already signed in (`existing`) and has now passed `second`.
pub fn stepped_up(existing: &[String], second: SecondFactor) -> Vec<String> {
    let mut amr = existing.to_vec();
    add_second(&mut amr, second);
    amr
}

fn add_second(amr: &mut Vec<String>, second: SecondFactor) {
    for value in second.amr().iter().chain(&["mfa"]) {
        if !amr.iter().any(|m| m == value) {
            amr.push(value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amr_follows_the_factors() {
        assert_eq!(amr_of(FirstFactor::Password, None), ["pwd"]);
        assert_eq!(
            amr_of(FirstFactor::Password, Some(SecondFactor::App)),
            ["pwd", "otp", "mfa"]
        );
        assert_eq!(
            stepped_up(&["pwd".to_string()], SecondFactor::RecoveryCode),
            ["pwd", "otp", "mfa"]
        );
        let twice = stepped_up(
            &amr_of(FirstFactor::Password, Some(SecondFactor::App)),
            SecondFactor::App,
        );
        assert_eq!(twice, ["pwd", "otp", "mfa"], "no value twice");
        for first in [FirstFactor::Password, FirstFactor::Upstream] {
            assert_eq!(FirstFactor::parse(first.as_str()), Some(first));
        }
        assert_eq!(FirstStep::upstream("google", false).amr(), ["fed"]);
        assert_eq!(FirstStep::upstream("acme", true).amr(), ["fed", "mfa"]);
        assert_eq!(
            amr_of(FirstFactor::Upstream, Some(SecondFactor::App)),
            ["fed", "otp", "mfa"]
        );
        assert_eq!(FirstFactor::parse("pwd "), None);
    }
}

//! `[sms]` (how text messages leave: Twilio's Messages API, Twilio Verify, or files in the
//! outbox) and `[phone]` (phone sign-in, codes, and the limits that keep SMS pumping from
//! costing money).

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SmsTransport {
    /// Twilio's Messages API: we make the code and send the text.
    Twilio,
    /// Twilio Verify: Twilio makes, sends and checks the code.
    TwilioVerify,
    /// Files under `data_dir/outbox/` (development: no account needed).
    #[default]
    Outbox,
}

impl SmsTransport {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::TwilioVerify => "twilio_verify",
            Self::Outbox => "outbox",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SmsSettings {
    pub transport: SmsTransport,
    pub twilio: TwilioSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TwilioSettings {
    /// `AC…`: the account the messages are sent from (always in the URL).
    pub account_sid: String,
    /// The account's auth token (or use an API key below).
    #[serde(skip_serializing)]
    pub auth_token: Option<SecretString>,
    pub auth_token_file: Option<PathBuf>,
    /// `SK…`: an API key, instead of the auth token.
    pub api_key_sid: String,
    #[serde(skip_serializing)]
    pub api_key_secret: Option<SecretString>,
    pub api_key_secret_file: Option<PathBuf>,
    /// The sending number (E.164) — or a messaging service below.
    pub from: String,
    /// `MG…`: a messaging service, instead of `from`.
    pub messaging_service_sid: String,
    /// Twilio's API, or a compatible service (http only for loopback addresses).
    pub base_url: String,
    /// `VA…`: the Verify service (transport `twilio_verify`).
    pub verify_service_sid: String,
    pub verify_base_url: String,
    /// One text gives up after this long in all, its one retry (after a timeout, a lost
    /// connection or a 5xx) included. The person waits on the page meanwhile: the default
    /// (8) keeps that wait, and the page after it, under ten seconds.
    pub timeout_secs: u64,
}

impl Default for TwilioSettings {
    fn default() -> Self {
        Self {
            account_sid: String::new(),
            auth_token: None,
            auth_token_file: None,
            api_key_sid: String::new(),
            api_key_secret: None,
            api_key_secret_file: None,
            from: String::new(),
            messaging_service_sid: String::new(),
            base_url: "https://api.twilio.com".into(),
            verify_service_sid: String::new(),
            verify_base_url: "https://verify.twilio.com".into(),
            timeout_secs: 8,
        }
    }
}

/// The Basic-auth pair for Twilio, read once at start.
#[derive(Debug, Clone)]
pub struct TwilioCredentials {
    pub username: String,
    pub password: SecretString,
}

impl TwilioSettings {
    /// The credentials to use: the API key when one is set, else the account's auth token.
    pub fn credentials(&self) -> Result<TwilioCredentials, ConfigError> {
        let read = |key: &'static str,
                    inline: &Option<SecretString>,
                    file: &Option<PathBuf>|
         -> Result<Option<String>, ConfigError> {
            match (inline, file) {
                (Some(_), Some(_)) => Err(invalid(key, "set the value or its “_file”, not both")),
                (Some(value), None) => Ok(Some(value.expose_secret().trim().to_string())),
                (None, Some(path)) => std::fs::read_to_string(path)
                    .map(|s| Some(s.trim().to_string()))
                    .map_err(|e| invalid(key, format!("{}: {e}", path.display()))),
                (None, None) => Ok(None),
            }
        };
        if !self.api_key_sid.is_empty() {
            let secret = read(
                "sms.twilio.api_key_secret",
                &self.api_key_secret,
                &self.api_key_secret_file,
            )?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid("sms.twilio.api_key_secret", "is required with api_key_sid"))?;
            return Ok(TwilioCredentials {
                username: self.api_key_sid.clone(),
                password: SecretString::from(secret),
            });
        }
        let token = read(
            "sms.twilio.auth_token",
            &self.auth_token,
            &self.auth_token_file,
        )?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            invalid(
                "sms.twilio.auth_token",
                "is required (or api_key_sid and api_key_secret)",
            )
        })?;
        Ok(TwilioCredentials {
            username: self.account_sid.clone(),
            password: SecretString::from(token),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhoneSettings {
    /// "Sign in with your phone" on the sign-in page.
    pub sign_in: bool,
    /// Region for numbers typed in national format (ISO code, e.g. `DE`); empty: only
    /// international format is understood.
    pub default_region: String,
    /// Regions codes may be sent to (ISO codes); empty means all.
    pub allowed_countries: Vec<String>,
    pub code_ttl_secs: i64,
    pub max_attempts: i64,
    /// The least time between two codes to one number.
    pub resend_interval_secs: i64,
    pub per_number_per_hour: i64,
    pub per_number_per_day: i64,
    pub per_ip_per_hour: i64,
    pub per_ip_per_day: i64,
    /// Texts the whole installation may send per day (all nodes together).
    pub global_per_day: i64,
}

impl Default for PhoneSettings {
    fn default() -> Self {
        Self {
            sign_in: false,
            default_region: String::new(),
            allowed_countries: Vec::new(),
            code_ttl_secs: 300,
            max_attempts: 5,
            resend_interval_secs: 60,
            per_number_per_hour: 5,
            per_number_per_day: 10,
            per_ip_per_hour: 10,
            per_ip_per_day: 30,
            global_per_day: 1000,
        }
    }
}

/// Checks `[sms]` and `[phone]`.
pub fn validate(sms: &mut SmsSettings, phone: &mut PhoneSettings) -> Result<(), ConfigError> {
    let positive = [
        ("phone.code_ttl_secs", phone.code_ttl_secs),
        ("phone.max_attempts", phone.max_attempts),
        ("phone.per_number_per_hour", phone.per_number_per_hour),
        ("phone.per_number_per_day", phone.per_number_per_day),
        ("phone.per_ip_per_hour", phone.per_ip_per_hour),
        ("phone.per_ip_per_day", phone.per_ip_per_day),
        ("phone.global_per_day", phone.global_per_day),
    ];
    for (key, value) in positive {
        if value <= 0 {
            return Err(invalid(
                key,
                format!("must be a positive number, not {value}"),
            ));
        }
    }
    if phone.resend_interval_secs <= 0 {
        return Err(invalid(
            "phone.resend_interval_secs",
            "must be a positive number",
        ));
    }
    phone.default_region = phone.default_region.trim().to_ascii_uppercase();
    if !phone.default_region.is_empty()
        && crate::domain::phone_region(&phone.default_region).is_none()
    {
        return Err(invalid(
            "phone.default_region",
            format!(
                "“{}” is not an ISO region code like DE",
                phone.default_region
            ),
        ));
    }
    for country in &mut phone.allowed_countries {
        *country = country.trim().to_ascii_uppercase();
        if crate::domain::phone_region(country).is_none() {
            return Err(invalid(
                "phone.allowed_countries",
                format!("“{country}” is not an ISO region code like DE"),
            ));
        }
    }
    let twilio = &mut sms.twilio;
    for (key, url) in [
        ("sms.twilio.base_url", &mut twilio.base_url),
        ("sms.twilio.verify_base_url", &mut twilio.verify_base_url),
    ] {
        *url = url.trim().trim_end_matches('/').to_string();
        check_base_url(key, url)?;
    }
    if twilio.timeout_secs == 0 || twilio.timeout_secs > 120 {
        return Err(invalid("sms.twilio.timeout_secs", "must be from 1 to 120"));
    }
    match sms.transport {
        SmsTransport::Outbox => {}
        SmsTransport::Twilio | SmsTransport::TwilioVerify => {
            if !twilio.account_sid.starts_with("AC") {
                return Err(invalid(
                    "sms.twilio.account_sid",
                    "is required: the account's SID, starting with AC",
                ));
            }
            twilio.credentials()?;
            if sms.transport == SmsTransport::Twilio {
                match (
                    twilio.from.is_empty(),
                    twilio.messaging_service_sid.is_empty(),
                ) {
                    (true, true) => {
                        return Err(invalid(
                            "sms.twilio.from",
                            "set the sending number, or sms.twilio.messaging_service_sid",
                        ));
                    }
                    (false, false) => {
                        return Err(invalid(
                            "sms.twilio.from",
                            "set the sending number or a messaging service, not both",
                        ));
                    }
                    _ => {}
                }
            } else if twilio.verify_service_sid.is_empty() {
                return Err(invalid(
                    "sms.twilio.verify_service_sid",
                    "is required with transport twilio_verify",
                ));
            }
        }
    }
    Ok(())
}

/// https, or http to a loopback address (tests, local stand-ins).
fn check_base_url(key: &'static str, raw: &str) -> Result<(), ConfigError> {
    let url = url::Url::parse(raw).map_err(|e| invalid(key, format!("“{raw}”: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(invalid(
            key,
            format!("“{raw}” must be https (http only for loopback addresses)"),
        )),
    }
}

//! Settings: built-in defaults, then the TOML file (`--config` / `GATEHOUSE_CONFIG`), then
//! `GATEHOUSE_*` environment variables (`__` separates nested keys, e.g.
//! `GATEHOUSE_TOKENS__SIGNING_ALG`). Unknown keys are an error, and every problem names the key.
//! `gatehouse.example.toml` documents each setting; keep the two in step.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::crypto::keys::SigningAlg;

mod federation;
mod phone;
pub mod theme;
pub use federation::{FederationSettings, FileProvider};
pub use phone::{PhoneSettings, SmsSettings, SmsTransport, TwilioCredentials, TwilioSettings};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Load(#[from] Box<figment::Error>),
    #[error("setting “{key}”: {problem}")]
    Invalid { key: &'static str, problem: String },
    #[error("setting “{key}”: {problem}")]
    Provider { key: String, problem: String },
}

fn invalid(key: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        problem: problem.into(),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The issuer identifier: scheme, host, optional port and path; no query or fragment.
    pub issuer: String,
    /// host:port to listen on.
    pub listen: String,
    /// Where the embedded SQLite database and other run-time files live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://<data_dir>/gatehouse.sqlite`.
    pub database_url: String,
    /// Size of the database connection pool (SQLite uses at most 8 whatever this says).
    pub database_max_connections: u32,
    /// Where the key-encryption key lives (`kek`, mode 0600), generated on first start.
    pub keys_dir: PathBuf,
    /// The key-encryption key itself, base64 (32 bytes): overrides `keys_dir/kek`.
    #[serde(skip_serializing)]
    pub kek: Option<SecretString>,
    /// A file holding the key-encryption key (for container secrets).
    pub kek_file: Option<PathBuf>,
    /// The site's name, shown on pages.
    pub appname: String,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy you control).
    pub trust_proxy_headers: bool,
    /// `text` or `json` log lines.
    pub log_format: LogFormat,
    /// E-mail of the administrator created, with a printed one-time password, on first start.
    pub bootstrap_admin_email: String,
    pub tls: TlsSettings,
    pub server: ServerSettings,
    pub tokens: TokenSettings,
    pub sessions: SessionSettings,
    pub rate_limits: RateLimitSettings,
    pub passwords: PasswordSettings,
    pub accounts: AccountSettings,
    pub smtp: SmtpSettings,
    /// How text messages (phone codes) are sent.
    pub sms: SmsSettings,
    /// Phone sign-in, its codes, and the limits on texts.
    pub phone: PhoneSettings,
    pub mfa: MfaSettings,
    pub audit: AuditSettings,
    /// The pages' colour, logo and extra stylesheet.
    pub theme: theme::ThemeSettings,
    /// `theme`, its files read by `validated()`.
    #[serde(skip)]
    pub loaded_theme: theme::LoadedTheme,
    /// Upstream identity providers declared here (more can be added in the console).
    pub federation: FederationSettings,
    /// `federation`, checked and turned into providers by `validated()`.
    #[serde(skip)]
    pub file_providers: Vec<crate::federation::ProviderConfig>,
    /// Capabilities granted to privileges other than `admin` (which holds them all), e.g.
    /// `advocate = ["access_user_info"]` (docassemble's `permissions`).
    pub permissions: std::collections::BTreeMap<String, Vec<String>>,
    /// `permissions`, parsed by `validated()`.
    #[serde(skip)]
    pub capability_grants: std::collections::BTreeMap<String, Vec<crate::domain::Capability>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountSettings {
    /// Anyone may sign up. When false, only invitations and administrators create accounts.
    pub allow_registration: bool,
    /// Whether an account whose e-mail is not yet verified may sign in.
    pub allow_unverified_sign_in: bool,
    /// New accounts made through a sign-in provider that gives no verified address (X, an
    /// untrusted provider) ask for an address, confirmed by code, before they exist.
    pub require_email: bool,
    /// How long an e-mail verification code (and link) stays valid.
    pub verification_code_expires_minutes: i64,
    /// The least time between two verification messages to one account.
    pub verification_resend_interval_secs: i64,
    /// How long a password-reset link stays valid.
    pub password_reset_expires_minutes: i64,
    /// How long an invitation's registration link stays valid.
    pub invitation_expires_days: i64,
    /// How long the set-password link in a welcome mail (to an account without a password)
    /// stays valid.
    pub welcome_link_expires_days: i64,
    /// Privileges every new account receives (Lino's `user_type_new`).
    pub new_user_privileges: Vec<String>,
    /// Privileges added once the e-mail is verified (Lino's `user_type_verified`).
    pub verified_user_privileges: Vec<String>,
    /// Profile fields users may edit themselves (first and last name and initials always);
    /// holders of the `edit_own_profile` capability may edit all of them.
    pub user_profile_fields: Vec<String>,
    /// Whether people have a nickname (Lino's `with_nickname`): shown, editable, and first in
    /// the display name and the `nickname` claim.
    pub with_nickname: bool,
    /// Whether the sign-up form offers a username to sign in with instead of the e-mail.
    pub usernames: bool,
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            allow_registration: true,
            allow_unverified_sign_in: false,
            require_email: false,
            verification_code_expires_minutes: 15,
            verification_resend_interval_secs: 60,
            password_reset_expires_minutes: 30,
            invitation_expires_days: 7,
            welcome_link_expires_days: 7,
            new_user_privileges: vec!["user".into()],
            verified_user_privileges: Vec::new(),
            user_profile_fields: PROFILE_FIELDS.iter().map(|f| f.to_string()).collect(),
            with_nickname: true,
            usernames: true,
        }
    }
}

/// The most `server.max_connections` may say: far beyond what one process's file
/// descriptors allow, and small enough to count in a `u32` semaphore.
pub const MAX_CONNECTIONS: usize = 1_000_000;

/// The profile fields beyond first and last name (docassemble's and Lino's).
pub const PROFILE_FIELDS: [&str; 8] = [
    "country",
    "subdivision_first",
    "subdivision_second",
    "subdivision_third",
    "organization",
    "timezone",
    "language",
    "date_format",
];

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587), required.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on localhost.
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpSettings {
    /// The SMTP server. Empty: messages are written as .eml files under `data_dir/outbox`.
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    #[serde(skip_serializing)]
    pub password: Option<SecretString>,
    /// The sender, e.g. `Gatehouse <no-reply@example.com>`.
    pub from: String,
    /// The whole exchange with the relay, connect to QUIT. Under the ten seconds a person
    /// is kept waiting at most when a send happens during their request (an address change).
    pub timeout_secs: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: String::new(),
            password: None,
            from: "Gatehouse <no-reply@localhost>".into(),
            timeout_secs: 8,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TlsSettings {
    /// PEM certificate chain; with `key_path`, Gatehouse serves HTTPS itself.
    pub cert_path: Option<PathBuf>,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key_path: Option<PathBuf>,
}

/// How the listener treats connections, whatever they send (or do not send).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// A connection must deliver a complete request head (and finish its TLS handshake)
    /// within this long, or it is closed; a connection with no request in flight (HTTP/1
    /// keep-alive or HTTP/2) is closed after this long too. Bounds what slow clients
    /// (slowloris) can hold.
    pub header_read_timeout_secs: u64,
    /// Connections served at once. When all are taken, new connections wait in the
    /// operating system's accept queue until one closes (nothing is refused by Gatehouse;
    /// once that queue is full the kernel drops new attempts and clients retry).
    pub max_connections: usize,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            header_read_timeout_secs: 10,
            max_connections: 1024,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TokenSettings {
    /// `RS256`, `ES256` or `EdDSA`: the algorithm ID and access tokens are signed with.
    pub signing_alg: SigningAlg,
    pub access_token_ttl_secs: i64,
    pub id_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    pub authorization_code_ttl_secs: i64,
    /// How long a sign-in started at /authorize may take before it must start again.
    pub authorization_request_ttl_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    /// A session ends this long after sign-in, however active.
    pub absolute_lifetime_secs: i64,
    /// A session ends after this long without a request.
    pub idle_timeout_secs: i64,
    /// Sessions per user (Lino's sessions limit): -1 unlimited, 0 refuses every new sign-in
    /// (maintenance), N keeps the newest N (signing in ends the oldest).
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitSettings {
    /// Failures allowed per account, IP or client within `window_secs` before delays start.
    pub max_failures: i64,
    pub window_secs: i64,
    /// The first delay; each further failure doubles it, up to `max_delay_secs`.
    pub base_delay_secs: i64,
    pub max_delay_secs: i64,
    /// Sign-ins begun at /authorize (parked while the user signs in) allowed per client
    /// address in 10 minutes. High enough for many people behind one corporate NAT; it
    /// bounds how fast one address can fill the database with abandoned requests.
    pub parked_authorizations_per_10_min: i64,
    /// Welcome mails administrators may send to one user per hour, charged before sending
    /// (a script cannot mail-bomb anyone).
    pub welcome_mails_per_hour: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSettings {
    /// Days an audit event is kept; older ones are deleted by the periodic clean-up.
    /// 0 keeps them forever.
    pub retention_days: i64,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            retention_days: 365,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MfaSettings {
    /// The initial MFA policy, written to the database at first start; afterwards holders of
    /// `manage_mfa_policy` change it in the console or API. Second-factor methods users may
    /// set up: `app` (authenticator apps), `sms` (text messages to a verified phone).
    pub methods: Vec<String>,
    /// Privileges whose holders must use a second factor (docassemble's `required for`).
    pub required_for: Vec<String>,
    /// How recently the password must have been typed before disabling a second factor or
    /// renewing recovery codes; older sessions are asked for it again.
    pub reauthentication_secs: i64,
}

impl Default for MfaSettings {
    fn default() -> Self {
        Self {
            methods: vec!["app".into()],
            required_for: vec!["admin".into(), "developer".into()],
            reauthentication_secs: 300,
        }
    }
}

impl MfaSettings {
    /// The initial policy these settings describe (checked by `validated()`).
    pub fn initial_policy(&self) -> crate::domain::MfaPolicy {
        crate::domain::MfaPolicy {
            methods: self
                .methods
                .iter()
                .filter_map(|m| crate::domain::MfaMethod::parse(m).ok())
                .collect(),
            required_for: self.required_for.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordSettings {
    pub min_length: usize,
    pub max_length: usize,
    /// The least zxcvbn score (0 to 4) a new password must reach.
    pub min_strength: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            issuer: "http://127.0.0.1:8080".into(),
            listen: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            database_url: String::new(),
            database_max_connections: 16,
            keys_dir: "keys".into(),
            kek: None,
            kek_file: None,
            appname: "Gatehouse".into(),
            trust_proxy_headers: false,
            log_format: LogFormat::Text,
            bootstrap_admin_email: "admin@example.com".into(),
            tls: TlsSettings::default(),
            server: ServerSettings::default(),
            tokens: TokenSettings::default(),
            sessions: SessionSettings::default(),
            rate_limits: RateLimitSettings::default(),
            passwords: PasswordSettings::default(),
            accounts: AccountSettings::default(),
            smtp: SmtpSettings::default(),
            sms: SmsSettings::default(),
            phone: PhoneSettings::default(),
            mfa: MfaSettings::default(),
            audit: AuditSettings::default(),
            theme: Default::default(),
            loaded_theme: Default::default(),
            federation: FederationSettings::default(),
            file_providers: Vec::new(),
            // docassemble lets developers edit every field of their own profile.
            permissions: [(
                "developer".to_string(),
                vec!["edit_own_profile".to_string()],
            )]
            .into_iter()
            .collect(),
            capability_grants: Default::default(),
        }
    }
}

impl Default for TokenSettings {
    fn default() -> Self {
        Self {
            signing_alg: SigningAlg::RS256,
            access_token_ttl_secs: 300,
            id_token_ttl_secs: 300,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            authorization_code_ttl_secs: 60,
            // Long enough to sign in (and set up a second factor); short, so that abandoned
            // requests do not pile up.
            authorization_request_ttl_secs: 10 * 60,
        }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            absolute_lifetime_secs: 12 * 3600,
            idle_timeout_secs: 2 * 3600,
            limit: -1,
        }
    }
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            max_failures: 5,
            window_secs: 15 * 60,
            base_delay_secs: 2,
            max_delay_secs: 15 * 60,
            parked_authorizations_per_10_min: 1000,
            welcome_mails_per_hour: 5,
        }
    }
}

impl Default for PasswordSettings {
    fn default() -> Self {
        Self {
            min_length: 12,
            max_length: 128,
            min_strength: 3,
        }
    }
}

impl Settings {
    /// Defaults, then `config_file` if given, then the environment.
    pub fn load(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = config_file {
            if !path.exists() {
                return Err(invalid(
                    "config",
                    format!("configuration file {} does not exist", path.display()),
                ));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        let figment = figment.merge(
            Env::prefixed("GATEHOUSE_")
                .ignore(&["config", "log"])
                .split("__"),
        );
        let settings: Settings = figment.extract().map_err(Box::new)?;
        settings.validated()
    }

    /// Defaults, then the TOML `text`, checked like a loaded file (no environment): what the
    /// config-file fuzz target and `load` share from the moment the file is read.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string(text))
            .extract()
            .map_err(Box::new)?;
        settings.validated()
    }

    /// Checks every value that a type alone cannot, and fills in derived defaults.
    pub fn validated(mut self) -> Result<Self, ConfigError> {
        let issuer = Url::parse(&self.issuer)
            .map_err(|e| invalid("issuer", format!("“{}” is not a URL: {e}", self.issuer)))?;
        if !matches!(issuer.scheme(), "http" | "https") {
            return Err(invalid(
                "issuer",
                "must start with https:// (or http:// for local use)",
            ));
        }
        if issuer.query().is_some() || issuer.fragment().is_some() {
            return Err(invalid("issuer", "must not have a query or fragment"));
        }
        if issuer.host_str().is_none_or(str::is_empty) {
            return Err(invalid("issuer", "must name a host"));
        }
        self.issuer = self.issuer.trim_end_matches('/').to_string();
        self.listen.parse::<SocketAddr>().map_err(|_| {
            invalid(
                "listen",
                format!("“{}” is not host:port, e.g. 127.0.0.1:8080", self.listen),
            )
        })?;
        if self.database_url.is_empty() {
            self.database_url = format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("gatehouse.sqlite").display()
            );
        } else if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "database_url",
                "must start with sqlite: or postgres://",
            ));
        }
        if self.database_max_connections == 0 {
            return Err(invalid("database_max_connections", "must be at least 1"));
        }
        match (&self.tls.cert_path, &self.tls.key_path) {
            (Some(_), None) => {
                return Err(invalid(
                    "tls.key_path",
                    "is required when tls.cert_path is set",
                ));
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "tls.cert_path",
                    "is required when tls.key_path is set",
                ));
            }
            _ => {}
        }
        let positive = [
            (
                "tokens.access_token_ttl_secs",
                self.tokens.access_token_ttl_secs,
            ),
            ("tokens.id_token_ttl_secs", self.tokens.id_token_ttl_secs),
            (
                "tokens.refresh_token_ttl_secs",
                self.tokens.refresh_token_ttl_secs,
            ),
            (
                "tokens.authorization_code_ttl_secs",
                self.tokens.authorization_code_ttl_secs,
            ),
            (
                "tokens.authorization_request_ttl_secs",
                self.tokens.authorization_request_ttl_secs,
            ),
            (
                "sessions.absolute_lifetime_secs",
                self.sessions.absolute_lifetime_secs,
            ),
            (
                "sessions.idle_timeout_secs",
                self.sessions.idle_timeout_secs,
            ),
            ("rate_limits.max_failures", self.rate_limits.max_failures),
            ("rate_limits.window_secs", self.rate_limits.window_secs),
            (
                "rate_limits.base_delay_secs",
                self.rate_limits.base_delay_secs,
            ),
            (
                "rate_limits.max_delay_secs",
                self.rate_limits.max_delay_secs,
            ),
            (
                "rate_limits.parked_authorizations_per_10_min",
                self.rate_limits.parked_authorizations_per_10_min,
            ),
            (
                "rate_limits.welcome_mails_per_hour",
                self.rate_limits.welcome_mails_per_hour,
            ),
        ];
        for (key, value) in positive {
            if value <= 0 {
                return Err(invalid(
                    key,
                    format!("must be a positive number, not {value}"),
                ));
            }
        }
        if self.server.header_read_timeout_secs == 0 || self.server.header_read_timeout_secs > 3600
        {
            return Err(invalid(
                "server.header_read_timeout_secs",
                "must be from 1 to 3600 seconds",
            ));
        }
        if !(1..=MAX_CONNECTIONS).contains(&self.server.max_connections) {
            return Err(invalid(
                "server.max_connections",
                format!("must be from 1 to {MAX_CONNECTIONS}"),
            ));
        }
        if self.passwords.min_length < 8 || self.passwords.min_length > self.passwords.max_length {
            return Err(invalid(
                "passwords.min_length",
                "must be at least 8 and at most passwords.max_length",
            ));
        }
        if self.sessions.limit < -1 {
            return Err(invalid(
                "sessions.limit",
                "must be -1 (unlimited), 0 (no sign-in) or a positive number",
            ));
        }
        if self.passwords.min_strength > 4 {
            return Err(invalid(
                "passwords.min_strength",
                "must be a zxcvbn score from 0 to 4",
            ));
        }
        let account_positive = [
            (
                "accounts.verification_code_expires_minutes",
                self.accounts.verification_code_expires_minutes,
            ),
            (
                "accounts.password_reset_expires_minutes",
                self.accounts.password_reset_expires_minutes,
            ),
            (
                "accounts.invitation_expires_days",
                self.accounts.invitation_expires_days,
            ),
            (
                "accounts.welcome_link_expires_days",
                self.accounts.welcome_link_expires_days,
            ),
        ];

        for (key, value) in account_positive {
            if value <= 0 {
                return Err(invalid(
                    key,
                    format!("must be a positive number, not {value}"),
                ));
            }
        }
        if self.accounts.verification_resend_interval_secs < 0 {
            return Err(invalid(
                "accounts.verification_resend_interval_secs",
                "must not be negative",
            ));
        }
        for (key, list) in [
            (
                "accounts.new_user_privileges",
                &self.accounts.new_user_privileges,
            ),
            (
                "accounts.verified_user_privileges",
                &self.accounts.verified_user_privileges,
            ),
        ] {
            for name in list {
                crate::domain::Privilege::parse(name).map_err(|e| invalid(key, e.0))?;
            }
        }
        for field in &self.accounts.user_profile_fields {
            if !PROFILE_FIELDS.contains(&field.as_str()) {
                return Err(invalid(
                    "accounts.user_profile_fields",
                    format!(
                        "unknown field “{field}” (known: {})",
                        PROFILE_FIELDS.join(", ")
                    ),
                ));
            }
        }
        if !self.smtp.host.is_empty() {
            if self.smtp.from.parse::<lettre::message::Mailbox>().is_err() {
                return Err(invalid(
                    "smtp.from",
                    format!(
                        "“{}” is not a mailbox like “Name <addr@example.com>”",
                        self.smtp.from
                    ),
                ));
            }
            if self.smtp.timeout_secs == 0 {
                return Err(invalid("smtp.timeout_secs", "must be at least 1"));
            }
        }
        phone::validate(&mut self.sms, &mut self.phone)?;
        self.loaded_theme = self.theme.load()?;
        for (key, list) in [
            (
                "accounts.new_user_privileges",
                &self.accounts.new_user_privileges,
            ),
            (
                "accounts.verified_user_privileges",
                &self.accounts.verified_user_privileges,
            ),
        ] {
            if list.iter().any(|p| p == crate::domain::CRON) {
                return Err(invalid(key, "“cron” is held only by service accounts"));
            }
        }
        self.capability_grants.clear();
        for (privilege, names) in &self.permissions {
            crate::domain::Privilege::parse(privilege).map_err(|e| invalid("permissions", e.0))?;
            let mut caps = Vec::new();
            for name in names {
                caps.push(
                    crate::domain::Capability::parse(name)
                        .map_err(|e| invalid("permissions", format!("{privilege}: {}", e.0)))?,
                );
            }
            self.capability_grants.insert(privilege.clone(), caps);
        }
        for method in &self.mfa.methods {
            crate::domain::MfaMethod::parse(method).map_err(|e| invalid("mfa.methods", e.0))?;
        }
        for name in &self.mfa.required_for {
            crate::domain::Privilege::parse(name).map_err(|e| invalid("mfa.required_for", e.0))?;
        }
        self.mfa
            .initial_policy()
            .validate()
            .map_err(|e| invalid("mfa.required_for", e.0))?;
        if self.mfa.reauthentication_secs <= 0 {
            return Err(invalid(
                "mfa.reauthentication_secs",
                "must be a positive number",
            ));
        }
        // Beyond ~27 million years the cut-off time would overflow.
        if !(0..=10_000_000).contains(&self.audit.retention_days) {
            return Err(invalid(
                "audit.retention_days",
                "must be a number of days from 0 (keep forever) to 10000000",
            ));
        }
        if crate::domain::Email::parse(&self.bootstrap_admin_email).is_err() {
            return Err(invalid("bootstrap_admin_email", "is not an e-mail address"));
        }
        if self.appname.trim().is_empty() {
            return Err(invalid("appname", "must not be empty"));
        }
        self.file_providers = self
            .federation
            .providers()
            .map_err(|(key, problem)| ConfigError::Provider { key, problem })?;
        Ok(self)
    }

    pub fn issuer_is_https(&self) -> bool {
        self.issuer.starts_with("https://")
    }

    pub fn listen_addr(&self) -> SocketAddr {
        // validated() has checked it parses.
        self.listen
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8080)))
    }

    /// The longest time a token we signed may still be presented: how long a retired signing
    /// key stays published.
    pub fn longest_token_lifetime(&self) -> i64 {
        self.tokens
            .access_token_ttl_secs
            .max(self.tokens.id_token_ttl_secs)
    }
}

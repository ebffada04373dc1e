//! Gatehouse: an OAuth 2.0 / OpenID Connect identity provider.
//!
//! Layers point downward: `web` (axum, HTTP) -> `oauth` / `auth` (protocol and sign-in
//! orchestration) -> `signing` / `store` / `crypto` -> `domain` (types, no I/O).

pub mod accounts;
pub mod admin;

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delegation;
pub mod domain;
pub mod federation;
pub mod i18n;
pub mod log_lines;
pub mod mail;
pub mod oauth;
pub mod signing;
pub mod sms;
pub mod store;
pub mod views;
pub mod web;

use std::sync::Arc;

use secrecy::ExposeSecret;

use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::kek::Kek;
use crate::crypto::pool::CpuPool;
use crate::domain::{BUILTIN_PRIVILEGES, Email};
use crate::signing::KeyRing;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("key-encryption key: {0}")]
    Kek(#[from] crypto::kek::KekError),
    #[error("signing keys: {0}")]
    Signing(#[from] signing::SigningError),
    #[error("{0}")]
    Io(String),
}

/// Everything a request handler, the CLI or a test needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<KeyRing>,
    pub kek: Arc<Kek>,
    pub cpu: CpuPool,
    pub mailer: Arc<mail::Mailer>,
    /// Upstream identity providers and their per-node connectors.
    pub federation: Arc<federation::Registry>,
    /// Text messages (phone codes).
    pub sms: Arc<sms::SmsSender>,
}

/// The administrator created at first start, with the one-time password to print once.
pub struct BootstrapAdmin {
    pub email: String,
    pub password: String,
}

impl App {
    /// Connects and migrates the database, loads or creates the keys, and seeds the
    /// built-in privileges. Does not create the bootstrap admin: see [`App::bootstrap_admin`].
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> Result<Self, StartError> {
        let kek = Arc::new(load_kek(&settings)?);
        let store =
            Store::connect(&settings.database_url, settings.database_max_connections).await?;
        store.migrate().await?;
        let now = clock.now();
        store
            .ensure_privileges(&BUILTIN_PRIVILEGES, true, now)
            .await?;
        seed_mfa_policy(&store, &settings, now).await?;
        let mailer = Arc::new(
            mail::Mailer::from_settings(&settings)
                .map_err(|e| StartError::Io(format!("mail: {e}")))?,
        );
        let cpu = CpuPool::sized_to_machine();
        let upstream_http = federation::http::UpstreamHttp::new(
            federation::http::CONNECT_TIMEOUT,
            std::time::Duration::from_secs(settings.federation.timeout_secs),
            federation::http::MAX_BODY_BYTES,
        )
        .map_err(|e| StartError::Io(format!("the upstream HTTP client: {e}")))?;
        let sms = sms::SmsSender::from_settings(&settings).map_err(StartError::Io)?;
        let registry = federation::Registry::new(settings.file_providers.clone(), upstream_http);
        let keys = KeyRing::open(
            store.clone(),
            kek.clone(),
            cpu.clone(),
            settings.tokens.signing_alg,
            now,
        )
        .await?;
        Ok(Self {
            settings: Arc::new(settings),
            store,
            clock,
            keys: Arc::new(keys),
            kek,
            cpu,
            mailer,
            sms: Arc::new(sms),
            federation: Arc::new(registry),
        })
    }

    /// Creates the first administrator when nobody holds `admin`, with a random one-time
    /// password that must be changed at first sign-in. Several nodes starting together are
    /// safe: the unique e-mail lets one win.
    pub async fn bootstrap_admin(&self) -> Result<Option<BootstrapAdmin>, StartError> {
        if self.store.count_users_with_privilege("admin").await? > 0 {
            return Ok(None);
        }
        let email =
            Email::parse(&self.settings.bootstrap_admin_email).map_err(|e| StartError::Io(e.0))?;
        let password = crypto::token::random_token()[..20].to_string();
        let account = accounts::creation::NewAccount {
            email: Some(email.clone()),
            email_verified: true,
            first_name: "Administrator".into(),
            last_name: String::new(),
            // 120 random bits: nothing to judge.
            password: accounts::creation::InitialPassword::Trusted(password.clone()),
            must_change_password: true,
            privileges: vec!["admin".into(), "user".into()],
            username: None,
        };
        match accounts::creation::create_user(self, account).await {
            Ok(_) => Ok(Some(BootstrapAdmin {
                email: email.to_string(),
                password,
            })),
            Err(accounts::creation::CreateError::EmailTaken) => Ok(None),
            Err(e) => Err(StartError::Io(format!(
                "creating the first administrator: {e}"
            ))),
        }
    }

    /// Serves HTTP (or HTTPS when `[tls]` is set) on `listener` until ctrl-c / SIGTERM.
    pub async fn serve(self, listener: std::net::TcpListener) -> Result<(), StartError> {
        let maintenance = tokio::spawn(maintenance_loop(self.clone()));
        let result = web::serve(self, listener).await;
        maintenance.abort();
        result
    }

    /// Like [`App::serve`], but stops when `shutdown` completes instead of at a signal (for
    /// embedding, and for tests of shutdown).
    pub async fn serve_until(
        self,
        listener: std::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> Result<(), StartError> {
        let maintenance = tokio::spawn(maintenance_loop(self.clone()));
        let result = web::serve_until(self, listener, shutdown).await;
        maintenance.abort();
        result
    }

    /// The periodic clean-up: expired rows everywhere, and audit events older than
    /// `audit.retention_days`. Any node may run it; each statement is short.
    pub async fn purge_old_rows(&self) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.store.purge_expired(now).await?;
        let days = self.settings.audit.retention_days;
        if days > 0 {
            self.store
                .purge_audit_before(now - days * 86_400, AUDIT_PURGE_BATCH)
                .await?;
        }
        Ok(())
    }
}

/// Audit rows deleted per statement: small enough that the write lock is held for
/// milliseconds, so sign-ins on a busy node never wait behind the clean-up.
const AUDIT_PURGE_BATCH: i64 = 5_000;

/// Purges expired rows and picks up keys rotated by other nodes.
async fn maintenance_loop(app: App) {
    // The first round a minute after start, not at once: start-up has just loaded the keys,
    // and a clean-up racing the first requests (or a test's own rows) helps nobody.
    let every = std::time::Duration::from_secs(60);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        tick.tick().await;
        let now = app.clock.now();
        if let Err(e) = app.purge_old_rows().await {
            tracing::warn!(error = %e, "purging expired rows failed");
        }
        if let Err(e) = app.keys.reload(now).await {
            tracing::warn!(error = %e, "reloading signing keys failed");
        }
    }
}

/// Writes the configured MFA policy at first start; later the database's copy rules.
async fn seed_mfa_policy(store: &Store, settings: &Settings, now: i64) -> Result<(), StartError> {
    if store.mfa_policy().await?.is_some() {
        return Ok(());
    }
    let policy = settings.mfa.initial_policy();
    let known = store.privilege_names().await?;
    if let Some(missing) = policy.required_for.iter().find(|p| !known.contains(p)) {
        return Err(StartError::Io(format!(
            "setting “mfa.required_for”: there is no privilege “{missing}” (create it first, or leave it out and require it later in the console)"
        )));
    }
    store.seed_mfa_policy(&policy, now).await?;
    Ok(())
}

fn load_kek(settings: &Settings) -> Result<Kek, StartError> {
    if let Some(kek) = &settings.kek {
        return Ok(Kek::from_base64(kek.expose_secret())?);
    }
    if let Some(path) = &settings.kek_file {
        let encoded = std::fs::read_to_string(path)
            .map_err(|e| StartError::Io(format!("kek_file {}: {e}", path.display())))?;
        return Ok(Kek::from_base64(&encoded)?);
    }
    Ok(Kek::load_or_create(&settings.keys_dir)?)
}

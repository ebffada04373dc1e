//! The command line: `serve` (default), `migrate`, and the `clients`, `users` and `keys`
//! administration commands, which print JSON on stdout for scripts.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};

use crate::accounts::creation::InitialPassword;
use crate::admin::{Actor, AdminError};
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::domain::Email;
use crate::store::StoreError;
use crate::{App, StartError};

#[derive(Parser)]
#[command(
    name = "gatehouse",
    version,
    about = "An OAuth 2.0 / OpenID Connect identity provider"
)]
pub struct Cli {
    /// Configuration file (TOML); see gatehouse.example.toml.
    #[arg(long, global = true, env = "GATEHOUSE_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the provider (the default).
    Serve,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Manage relying parties.
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Manage users.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage personal API keys for the admin API.
    #[command(subcommand, name = "api-keys")]
    ApiKeys(ApiKeysCommand),
    /// Manage service accounts (non-interactive users for client_credentials).
    #[command(subcommand, name = "service-accounts")]
    ServiceAccounts(ServiceAccountsCommand),
}

#[derive(Subcommand)]
pub enum ServiceAccountsCommand {
    /// Create a service account and its client; prints the client id and secret once.
    Add {
        #[arg(long)]
        name: String,
        /// A privilege its tokens carry (repeatable), e.g. `cron`.
        #[arg(long = "privilege")]
        privileges: Vec<String>,
        /// An `admin:` scope for the admin API (repeatable).
        #[arg(long = "scope")]
        scopes: Vec<String>,
    },
}

/// Which user a command is about: by e-mail, or by id for accounts without an address.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct UserRef {
    /// The user's e-mail address.
    #[arg(long)]
    email: Option<String>,
    /// The user's id (the `sub` of their tokens).
    #[arg(long = "user-id")]
    user_id: Option<String>,
}

#[derive(Subcommand)]
pub enum ApiKeysCommand {
    /// Create a key for a user; prints it once.
    Create {
        #[command(flatten)]
        user: UserRef,
        #[arg(long)]
        name: String,
        /// Capabilities the key carries (a subset of the user's). Default: all the user holds.
        #[arg(long = "capability")]
        capabilities: Vec<String>,
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    List {
        #[command(flatten)]
        user: UserRef,
    },
    Revoke {
        #[command(flatten)]
        user: UserRef,
        id: String,
    },
}

#[derive(Subcommand)]
pub enum ClientsCommand {
    /// Register a client; prints its id and (for confidential clients) its secret, once.
    Add(AddClient),
    List,
    Remove {
        id: String,
    },
    /// Replace a confidential client's secret; prints the new one, once.
    RotateSecret {
        id: String,
    },
}

#[derive(Args)]
pub struct AddClient {
    #[arg(long)]
    name: String,
    /// Choose the client id instead of a random one.
    #[arg(long)]
    id: Option<String>,
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    #[arg(long = "post-logout-redirect-uri")]
    post_logout_redirect_uris: Vec<String>,
    /// A public client (SPA, native app): no secret, PKCE required.
    #[arg(long)]
    public: bool,
    /// Trusted: users are not asked for consent.
    #[arg(long)]
    first_party: bool,
    /// Default: authorization_code and refresh_token.
    #[arg(long = "grant-type")]
    grant_types: Vec<String>,
    /// Scopes the client may ask for. Default: all of them.
    #[arg(long = "scope")]
    scopes: Vec<String>,
    /// Shown on the consent page (https).
    #[arg(long, default_value = "")]
    logo_uri: String,
    #[arg(long, default_value = "")]
    policy_uri: String,
    #[arg(long, default_value = "")]
    tos_uri: String,
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Create a user. A password given here is final (no forced change).
    Add(AddUser),
    /// Set a user's password from the first line of standard input.
    SetPassword {
        #[command(flatten)]
        user: UserRef,
        /// Make the user choose a new password at next sign-in.
        #[arg(long)]
        temporary: bool,
    },
    /// Remove a user's authenticator app and recovery codes (a lost phone, when no
    /// administrator can sign in to do it from the console). The user is told by e-mail.
    ResetSecondFactor {
        #[command(flatten)]
        user: UserRef,
    },
    List,
}

#[derive(Args)]
pub struct AddUser {
    #[arg(long)]
    email: String,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    #[arg(long = "privilege")]
    privileges: Vec<String>,
    #[arg(long, default_value = "")]
    first_name: String,
    #[arg(long, default_value = "")]
    last_name: String,
    /// A name to sign in with instead of the e-mail.
    #[arg(long, default_value = "")]
    username: String,
    /// Send the user a verification message; until they confirm, the address counts as
    /// unverified. Without this flag an administrator's word verifies it.
    #[arg(long)]
    require_verification: bool,
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Start signing with the published next key, retire the active one and publish a new next.
    Rotate,
    List,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{0}")]
    Usage(String),
    #[error("database: {0}")]
    Store(#[from] StoreError),
}

fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

/// Runs an administrative command and returns its JSON output.
pub async fn run_admin_command(settings: Settings, command: Command) -> Result<Value, CliError> {
    let app = App::build(settings, Arc::new(SystemClock)).await?;
    let result = match command {
        Command::Serve => unreachable_serve(),
        Command::Migrate => Ok(json!({ "migrated": true })),
        Command::Clients(c) => clients(&app, c).await,
        Command::Users(c) => users(&app, c).await,
        Command::Keys(c) => keys(&app, c).await,
        Command::ApiKeys(c) => api_keys(&app, c).await,
        Command::ServiceAccounts(c) => service_accounts(&app, c).await,
    };
    app.store.close().await;
    result
}

fn unreachable_serve() -> Result<Value, CliError> {
    Err(usage("“serve” is not an administrative command"))
}

/// An admin use-case's refusal, as the command line says it: `--flag: message` for a field.
fn refused(e: AdminError) -> CliError {
    match e {
        AdminError::Invalid { field, message } => usage(format!(
            "--{}: {message}",
            field.trim_end_matches('s').replace('_', "-")
        )),
        AdminError::Internal(cause) => usage(format!("internal error: {cause}")),
        other => usage(other.to_string()),
    }
}

async fn service_accounts(app: &App, command: ServiceAccountsCommand) -> Result<Value, CliError> {
    match command {
        ServiceAccountsCommand::Add {
            name,
            privileges,
            scopes,
        } => {
            let input = crate::admin::service_accounts::NewServiceAccount {
                name,
                privileges,
                scopes,
            };
            let (account, client, secret) =
                crate::admin::service_accounts::create(app, &Actor::operator(), &input)
                    .await
                    .map_err(refused)?;
            Ok(json!({
                "user_id": account.id,
                "privileges": account.privileges,
                "client_id": client.id,
                "client_secret": secret,
            }))
        }
    }
}

async fn clients(app: &App, command: ClientsCommand) -> Result<Value, CliError> {
    let operator = Actor::operator();
    match command {
        ClientsCommand::Add(add) => {
            let spec = crate::admin::clients::ClientSpec {
                id: add.id,
                name: add.name,
                public: add.public,
                first_party: add.first_party,
                redirect_uris: add.redirect_uris,
                post_logout_redirect_uris: add.post_logout_redirect_uris,
                grant_types: add.grant_types,
                scopes: add.scopes,
                logo_uri: add.logo_uri,
                policy_uri: add.policy_uri,
                tos_uri: add.tos_uri,
            };
            let (client, secret) = crate::admin::clients::create(app, &operator, &spec)
                .await
                .map_err(refused)?;
            let mut out = json!({ "client_id": client.id });
            if let Some(secret) = secret {
                out["client_secret"] = json!(secret);
            }
            Ok(out)
        }
        ClientsCommand::List => {
            let clients = crate::admin::clients::list(app, &operator)
                .await
                .map_err(refused)?;
            Ok(Value::Array(
                clients
                    .into_iter()
                    .map(|c| {
                        json!({
                            "client_id": c.id,
                            "name": c.name,
                            "public": c.is_public(),
                            "first_party": c.first_party,
                            "redirect_uris": c.redirect_uris,
                            "post_logout_redirect_uris": c.post_logout_redirect_uris,
                            "grant_types": c.grant_types.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
                            "scopes": c.scopes.names(),
                            "created_at": c.created_at,
                        })
                    })
                    .collect(),
            ))
        }
        ClientsCommand::Remove { id } => {
            match crate::admin::clients::delete(app, &operator, &id).await {
                Ok(()) => Ok(json!({ "removed": id })),
                Err(AdminError::NotFound) => Err(usage(format!("no client “{id}”"))),
                Err(e) => Err(refused(e)),
            }
        }
        ClientsCommand::RotateSecret { id } => {
            match crate::admin::clients::rotate_secret(app, &operator, &id).await {
                Ok(secret) => Ok(json!({ "client_id": id, "client_secret": secret })),
                Err(AdminError::NotFound) => Err(usage(format!("no confidential client “{id}”"))),
                Err(e) => Err(refused(e)),
            }
        }
    }
}

fn read_password_line() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| usage(format!("reading the password from standard input: {e}")))?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(usage("standard input held no password"));
    }
    Ok(password)
}

async fn users(app: &App, command: UsersCommand) -> Result<Value, CliError> {
    let operator = Actor::operator();
    match command {
        UsersCommand::Add(add) => {
            let mut privileges = add.privileges.clone();
            if privileges.is_empty() {
                privileges.push("user".into());
            }
            let input = crate::admin::users::NewUserInput {
                email: add.email.clone(),
                first_name: add.first_name.trim().to_string(),
                last_name: add.last_name.trim().to_string(),
                password: String::new(),
                privileges,
                username: add.username.clone(),
            };
            let password = if add.password_stdin {
                InitialPassword::Typed(read_password_line()?)
            } else {
                InitialPassword::Unset
            };
            let created = crate::admin::users::create_account(
                app,
                &operator,
                &input,
                password,
                !add.require_verification,
            )
            .await
            .map_err(|e| match e {
                AdminError::Invalid { field: "password", message } => {
                    usage(format!("password refused: {message}"))
                }
                AdminError::Conflict(_) => {
                    usage(format!("a user with e-mail {} already exists", add.email.trim()))
                }
                AdminError::Invalid { field: "privileges", .. } => usage(
                    "unknown privilege; “gatehouse” knows the built-in ones and those added by administrators",
                ),
                other => refused(other),
            })?;
            if !add.require_verification {
                return Ok(json!({ "id": created.id }));
            }
            let email = created
                .email
                .clone()
                .ok_or_else(|| usage("the new user has no address"))?;
            crate::accounts::verification::send(
                app,
                &created,
                &email,
                crate::accounts::verification::SIGNUP,
            )
            .await
            .map_err(|e| {
                usage(format!(
                    "the user was created, but the verification message failed: {e}"
                ))
            })?;
            Ok(json!({ "id": created.id, "verification_sent": true }))
        }
        UsersCommand::SetPassword { user, temporary } => {
            let user = user_arg(app, &user).await?;
            let password = read_password_line()?;
            crate::admin::users::set_password(app, &operator, &user.id, &password, temporary)
                .await
                .map_err(|e| match e {
                    AdminError::Invalid { message, .. } => {
                        usage(format!("password refused: {message}"))
                    }
                    other => refused(other),
                })?;
            Ok(json!({ "id": user.id, "must_change_password": temporary }))
        }
        UsersCommand::ResetSecondFactor { user } => {
            let user = user_arg(app, &user).await?;
            let notice =
                match crate::admin::mfa::reset_user_with_notice(app, &operator, &user.id).await {
                    Ok(notice) => notice,
                    // Nothing to remove: say so, successfully (the goal state holds).
                    Err(AdminError::Conflict(_)) => {
                        return Ok(json!({ "id": user.id, "reset": false }));
                    }
                    Err(e) => return Err(refused(e)),
                };
            // The command exits next: send now rather than in the background.
            if let Some(notice) = notice
                && let Err(e) = app.mailer.send(&notice).await
            {
                eprintln!("warning: the notice to {} was not sent: {e}", user.label());
            }
            Ok(json!({ "id": user.id, "reset": true }))
        }
        UsersCommand::List => {
            // Page by page (the use-case caps a page at 500), so every user is listed.
            let mut users = Vec::new();
            let mut after = None;
            loop {
                let filter = crate::store::UserFilter {
                    after: after.take(),
                    limit: 500,
                    ..Default::default()
                };
                let page = crate::admin::users::list(app, &operator, &filter)
                    .await
                    .map_err(refused)?;
                let full = page.len() == 500;
                after = page.last().map(crate::store::UserCursor::after);
                users.extend(page);
                if !full {
                    break;
                }
            }
            Ok(Value::Array(
                users
                    .into_iter()
                    .map(|u| {
                        json!({
                            "id": u.id,
                            "email": u.email.as_ref().map(|e| e.as_str()),
                            "first_name": u.first_name,
                            "last_name": u.last_name,
                            "active": u.active,
                            "email_verified": u.email_verified,
                            "privileges": u.privileges,
                            "must_change_password": u.must_change_password,
                            "created_at": u.created_at,
                        })
                    })
                    .collect(),
            ))
        }
    }
}

async fn keys(app: &App, command: KeysCommand) -> Result<Value, CliError> {
    let now = app.clock.now();
    if let KeysCommand::Rotate = command {
        let retire_until = now + app.settings.longest_token_lifetime();
        app.keys
            .rotate(now, retire_until)
            .await
            .map_err(StartError::from)?;
    }
    let keys = app.store.all_keys().await?;
    Ok(Value::Array(
        keys.into_iter()
            .filter(|k| k.state != "retired" || k.expires_at.is_some_and(|e| e > now))
            .map(|k| {
                json!({
                    "kid": k.kid,
                    "alg": k.alg,
                    "state": k.state,
                    "created_at": k.created_at,
                    "activated_at": k.activated_at,
                    "retired_at": k.retired_at,
                    "published_until": k.expires_at,
                })
            })
            .collect(),
    ))
}

async fn user_arg(app: &App, which: &UserRef) -> Result<crate::domain::User, CliError> {
    match (&which.email, &which.user_id) {
        (Some(email), _) => {
            let email = Email::parse(email).map_err(|e| usage(format!("--email: {e}")))?;
            app.store
                .user_by_email(&email)
                .await?
                .ok_or_else(|| usage(format!("no user with e-mail {email}")))
        }
        (None, Some(id)) => app
            .store
            .user_by_id(id.trim())
            .await?
            .ok_or_else(|| usage(format!("no user with id {id}"))),
        (None, None) => Err(usage("name the user with --email or --user-id")),
    }
}

async fn api_keys(app: &App, command: ApiKeysCommand) -> Result<Value, CliError> {
    use crate::admin::AdminError;
    let admin_error = |e: AdminError| usage(e.to_string());
    match command {
        ApiKeysCommand::Create {
            user,
            name,
            capabilities,
            expires_in_days,
        } => {
            let owner = user_arg(app, &user).await?;
            let caps: Vec<crate::domain::Capability> = if capabilities.is_empty() {
                crate::admin::capabilities_of_user(app, &owner)
                    .into_iter()
                    .collect()
            } else {
                capabilities
                    .iter()
                    .map(|c| {
                        crate::domain::Capability::parse(c)
                            .map_err(|e| usage(format!("--capability: {e}")))
                    })
                    .collect::<Result<_, _>>()?
            };
            let expires_at = match expires_in_days {
                Some(days) if days > 0 => Some(app.clock.now() + days * 86400),
                Some(_) => return Err(usage("--expires-in-days must be positive")),
                None => None,
            };
            let created = crate::admin::api_keys::create(app, &owner, &name, &caps, expires_at)
                .await
                .map_err(admin_error)?;
            Ok(json!({
                "id": created.id,
                "key": created.key,
                "capabilities": caps.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            }))
        }
        ApiKeysCommand::List { user } => {
            let owner = user_arg(app, &user).await?;
            let keys = crate::admin::api_keys::list(app, &owner)
                .await
                .map_err(admin_error)?;
            Ok(Value::Array(
                keys.into_iter()
                    .map(|k| {
                        json!({
                            "id": k.id,
                            "name": k.name,
                            "capabilities": k.capabilities.split(' ').collect::<Vec<_>>(),
                            "created_at": k.created_at,
                            "expires_at": k.expires_at,
                            "revoked_at": k.revoked_at,
                            "last_used_at": k.last_used_at,
                        })
                    })
                    .collect(),
            ))
        }
        ApiKeysCommand::Revoke { user, id } => {
            let owner = user_arg(app, &user).await?;
            crate::admin::api_keys::revoke(app, &owner, &id)
                .await
                .map_err(admin_error)?;
            Ok(json!({ "revoked": id }))
        }
    }
}

//! The `gatehouse` binary: parses the command line, sets up logging, and hands over to the
//! library.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use gatehouse::App;
use gatehouse::cli::{Cli, Command, run_admin_command};
use gatehouse::clock::SystemClock;
use gatehouse::config::{LogFormat, Settings};

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GATEHOUSE_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        // JSON escapes newlines itself.
        LogFormat::Json => builder.with_writer(std::io::stderr).json().init(),
        LogFormat::Text => builder
            .with_writer(gatehouse::log_lines::OneLinePerEvent(std::io::stderr))
            .init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // One rustls crypto provider for the whole process, whatever dependencies enable.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gatehouse: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match serve(settings).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("gatehouse: {e}");
                ExitCode::FAILURE
            }
        },
        command => match run_admin_command(settings, command).await {
            Ok(output) => {
                println!("{output}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gatehouse: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn serve(settings: Settings) -> Result<(), gatehouse::StartError> {
    let listener = std::net::TcpListener::bind(settings.listen_addr()).map_err(|e| {
        gatehouse::StartError::Io(format!("cannot listen on {}: {e}", settings.listen))
    })?;
    let app = App::build(settings, Arc::new(SystemClock)).await?;
    if let Some(admin) = app.bootstrap_admin().await? {
        // Printed, never logged: this is the only time the password exists in the clear.
        println!("================================================================");
        println!(" Gatehouse created the administrator {}", admin.email);
        println!(" One-time password: {}", admin.password);
        // At first start the stored MFA policy is the configuration's.
        let second_factor = if app.settings.mfa.required_for.iter().any(|p| p == "admin") {
            " set up an authenticator app,"
        } else {
            ""
        };
        println!(
            " Sign in at {}/login,{second_factor} and choose a new password.",
            app.settings.issuer
        );

        println!("================================================================");
    }
    tracing::info!(issuer = %app.settings.issuer, listen = %app.settings.listen, "Gatehouse is listening");
    app.serve(listener).await
}

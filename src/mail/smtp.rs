//! Delivery through an SMTP relay (lettre's async transport with its connection pool).

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use super::{MailError, Message, build};
use crate::config::{SmtpSecurity, SmtpSettings};

#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The limit on one delivery, connect to final reply.
    timeout: Duration,
    /// For `Debug` and error messages: which relay, never the credentials.
    relay: String,
}

impl SmtpMailer {
    pub(super) fn new(settings: &SmtpSettings, from: Mailbox) -> Result<Self, MailError> {
        let host = settings.host.as_str();
        let builder = match settings.security {
            // Refuses to go on unless the server upgrades the connection: a relay that does
            // not offer STARTTLS must not receive codes and the password in clear.
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| MailError::Transport(e.to_string()))?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| MailError::Transport(e.to_string()))?,
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        // Settings validation requires at least one second; guard anyway, since lettre reads
        // a zero timeout as "fail at once".
        let timeout = Duration::from_secs(settings.timeout_secs.max(1));
        let mut builder = builder.port(settings.port).timeout(Some(timeout));
        if !settings.username.is_empty() {
            let password = settings
                .password
                .as_ref()
                .map(|p| p.expose_secret().to_string())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(settings.username.clone(), password));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            timeout,
            relay: format!("{host}:{}", settings.port),
        })
    }

    pub(super) async fn send(&self, message: &Message) -> Result<(), MailError> {
        let email = build(&self.from, message)?;
        // lettre's own timeout covers only the TCP connect; a relay that accepts and then
        // never answers would hold the request forever. So the whole exchange, from connect to
        // the reply after DATA, gets the same limit. (A send cut off half-way may leave its
        // pooled connection out of step; lettre's NOOP check or the next command's unexpected
        // reply then makes it drop that connection.)
        match tokio::time::timeout(self.timeout, self.transport.send(email)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(e)) => Err(MailError::Transport(format!("{}: {e}", self.relay))),
            Err(_elapsed) => Err(MailError::Transport(format!(
                "{}: no answer within {} s",
                self.relay,
                self.timeout.as_secs()
            ))),
        }
    }
}

// Hand-written to keep it to what a log needs: which relay, which sender. (lettre's own
// Debug hides the password too, but prints the whole pool and client state.)
impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("relay", &self.relay)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

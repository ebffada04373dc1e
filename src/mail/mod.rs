//! Outgoing e-mail: verification codes, password-reset links, invitations.
//!
//! [`Mailer::from_settings`] picks the delivery once at start-up: an SMTP relay when
//! `smtp.host` is set, otherwise the development outbox, which writes each message as an
//! `.eml` file under `data_dir/outbox/` so nothing leaves the machine. Both deliver the same
//! RFC 5322 message (multipart/alternative, text and HTML) built here.
//!
//! Message bodies carry one-time codes and links and the settings carry the SMTP password,
//! so neither is ever logged or put into an error.

pub(crate) mod outbox;
mod smtp;

use std::fmt;
use std::path::Path;

use lettre::Address;
use lettre::message::{Mailbox, MultiPart};

use crate::config::Settings;

pub use outbox::Outbox;
pub use smtp::SmtpMailer;

/// One message to one person.
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    /// A bare e-mail address (`ada@example.com`), no display name.
    pub to: String,
    pub subject: String,
    /// The plain-text alternative.
    pub text: String,
    /// The HTML alternative.
    pub html: String,
}

// Hand-written so a stray `{:?}` never prints a code or a link.
impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient (or the configured sender) is not an e-mail address.
    #[error("invalid e-mail address: {0}")]
    InvalidAddress(String),
    /// The message could not be put together (a bug rather than bad input).
    #[error("building the message: {0}")]
    Build(String),
    /// The SMTP relay could not be reached or refused the message.
    #[error("smtp: {0}")]
    Transport(String),
    /// The outbox file could not be written.
    #[error("outbox: {0}")]
    Io(String),
}

/// Where mail goes; cheap to clone (the SMTP variant shares one connection pool).
#[derive(Clone, Debug)]
pub enum Mailer {
    Smtp(SmtpMailer),
    Outbox(Outbox),
}

impl Mailer {
    /// The SMTP relay from `settings.smtp`, or the outbox under `settings.data_dir` when
    /// `smtp.host` is empty.
    ///
    /// Must be called inside a tokio runtime: lettre's connection pool spawns its clean-up
    /// task when the transport is built.
    pub fn from_settings(settings: &Settings) -> Result<Mailer, MailError> {
        let from = parse_mailbox(&settings.smtp.from)?;
        if settings.smtp.host.is_empty() {
            Ok(Mailer::Outbox(Outbox::new(
                settings.data_dir.join("outbox"),
                from,
            )))
        } else {
            Ok(Mailer::Smtp(SmtpMailer::new(&settings.smtp, from)?))
        }
    }

    /// Delivers `message` (to the relay or into the outbox).
    pub async fn send(&self, message: &Message) -> Result<(), MailError> {
        match self {
            Mailer::Smtp(smtp) => smtp.send(message).await,
            Mailer::Outbox(outbox) => outbox.send(message).await,
        }
    }

    /// The outbox directory, when mail goes there rather than to a relay.
    pub fn outbox_dir(&self) -> Option<&Path> {
        match self {
            Mailer::Smtp(_) => None,
            Mailer::Outbox(outbox) => Some(outbox.dir()),
        }
    }
}

/// `Name <addr@example.com>` or a bare address.
fn parse_mailbox(value: &str) -> Result<Mailbox, MailError> {
    value
        .parse::<Mailbox>()
        .map_err(|e| MailError::InvalidAddress(format!("“{value}”: {e}")))
}

/// The RFC 5322 message both deliveries send: multipart/alternative with the text part first,
/// so clients that cannot show HTML (and people who prefer text) get the text.
fn build(from: &Mailbox, message: &Message) -> Result<lettre::Message, MailError> {
    let to: Address = message
        .to
        .trim()
        .parse()
        .map_err(|e| MailError::InvalidAddress(format!("“{}”: {e}", message.to)))?;
    lettre::Message::builder()
        .from(from.clone())
        .to(Mailbox::new(None, to))
        .subject(message.subject.as_str())
        // A Message-ID makes threading and spam filters behave; lettre does not add one.
        .message_id(None)
        .multipart(MultiPart::alternative_plain_html(
            message.text.clone(),
            message.html.clone(),
        ))
        .map_err(|e| MailError::Build(e.to_string()))
}

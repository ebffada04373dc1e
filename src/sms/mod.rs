//! Text messages: phone sign-in codes and second-factor codes. One sender, three transports
//! (`sms.transport`): Twilio's Messages API (we make the code and send the text), Twilio
//! Verify (Twilio makes, sends and checks the code; our limits still apply first), and the
//! outbox (files under `data_dir/outbox/`, so a fresh install works without an account).
//!
//! A send either reached the transport or failed with a reason the person can act on
//! (`SmsError::user_message`); callers count nothing as sent and keep no usable code after a
//! failure. Codes never reach a log line.

mod outbox;
mod twilio;

use std::time::Duration;

use crate::config::{Settings, SmsTransport};
use crate::domain::PhoneNumber;
use crate::federation::http::UpstreamHttp;

pub use twilio::TwilioError;

/// Why a text was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// Twilio (or the carrier) refused this number; the message is for the person.
    #[error("{0}")]
    Refused(String),
    /// The transport failed (down, slow, misconfigured); the detail is for the log.
    #[error("the text could not be sent: {0}")]
    Unavailable(String),
}

impl SmsError {
    /// What the page says.
    pub fn user_message(&self) -> String {
        match self {
            Self::Refused(message) => message.clone(),
            Self::Unavailable(_) => {
                "We could not send the text message just now. Please try again in a minute.".into()
            }
        }
    }
}

enum Transport {
    Outbox(std::path::PathBuf),
    Twilio(twilio::Messages),
    Verify(twilio::Verify),
}

pub struct SmsSender {
    transport: Transport,
    appname: String,
    /// The issuer's host (and port), for the origin-bound code line (`@host #123456`).
    origin_host: String,
}

impl SmsSender {
    pub fn from_settings(settings: &Settings) -> Result<Self, String> {
        let timeout = Duration::from_secs(settings.sms.twilio.timeout_secs);
        let http = || {
            UpstreamHttp::new(timeout.min(Duration::from_secs(5)), timeout, 64 * 1024)
                .map_err(|e| format!("the SMS HTTP client: {e}"))
        };
        let twilio = &settings.sms.twilio;
        let transport = match settings.sms.transport {
            SmsTransport::Outbox => Transport::Outbox(settings.data_dir.join("outbox")),
            SmsTransport::Twilio => Transport::Twilio(twilio::Messages::new(
                twilio,
                twilio.credentials().map_err(|e| e.to_string())?,
                http()?,
            )),
            SmsTransport::TwilioVerify => Transport::Verify(twilio::Verify::new(
                twilio,
                twilio.credentials().map_err(|e| e.to_string())?,
                http()?,
            )),
        };
        let origin_host = url::Url::parse(&settings.issuer)
            .ok()
            .and_then(|u| {
                u.host_str().map(|h| match u.port() {
                    Some(port) => format!("{h}:{port}"),
                    None => h.to_string(),
                })
            })
            .unwrap_or_default();
        Ok(Self {
            transport,
            appname: settings.appname.clone(),
            origin_host,
        })
    }

    pub fn transport(&self) -> SmsTransport {
        match self.transport {
            Transport::Outbox(_) => SmsTransport::Outbox,
            Transport::Twilio(_) => SmsTransport::Twilio,
            Transport::Verify(_) => SmsTransport::TwilioVerify,
        }
    }

    /// Whether the transport makes and checks the codes itself (Twilio Verify): then the code
    /// passed to [`send_code`](Self::send_code) is ignored and [`check_code`](Self::check_code)
    /// decides.
    pub fn checks_codes(&self) -> bool {
        matches!(self.transport, Transport::Verify(_))
    }

    /// The text carrying `code`: the site, the code, how long it works, and the last line
    /// phones read for autofill (`@host #code`, the WebOTP / origin-bound format).
    pub fn code_text(&self, code: &str, ttl_secs: i64) -> String {
        let validity = if ttl_secs >= 120 {
            format!("{} minutes", ttl_secs / 60)
        } else {
            format!("{ttl_secs} seconds")
        };
        format!(
            "{code} is your {} code. It works once, for {validity}. Never share it.\n\n@{} #{code}",
            self.appname, self.origin_host
        )
    }

    /// Sends `code` to `to` (with Twilio Verify, asks Twilio to send one of its own).
    pub async fn send_code(
        &self,
        to: &PhoneNumber,
        code: &str,
        ttl_secs: i64,
    ) -> Result<(), SmsError> {
        match &self.transport {
            Transport::Outbox(dir) => outbox::write(dir, to, &self.code_text(code, ttl_secs)).await,
            Transport::Twilio(messages) => messages.send(to, &self.code_text(code, ttl_secs)).await,
            Transport::Verify(verify) => verify.start(to).await,
        }
    }

    /// Sends a plain text (the console's test message). Twilio Verify sends codes only, so
    /// there it starts a verification instead.
    pub async fn send_text(&self, to: &PhoneNumber, body: &str) -> Result<(), SmsError> {
        match &self.transport {
            Transport::Outbox(dir) => outbox::write(dir, to, body).await,
            Transport::Twilio(messages) => messages.send(to, body).await,
            Transport::Verify(verify) => verify.start(to).await,
        }
    }

    /// Twilio Verify's verdict on `code` for `to`; `false` for every other transport (their
    /// codes are checked by us).
    pub async fn check_code(&self, to: &PhoneNumber, code: &str) -> Result<bool, SmsError> {
        match &self.transport {
            Transport::Verify(verify) => verify.check(to, code).await,
            _ => Ok(false),
        }
    }
}

//! Twilio over HTTPS, by hand (two form POSTs need no SDK): the Messages API
//! (`POST {base}/2010-04-01/Accounts/{sid}/Messages.json`) and Verify
//! (`POST {verify}/v2/Services/{sid}/Verifications` and `…/VerificationCheck`), Basic auth
//! with the account's SID and auth token or an API key. A timeout or a 5xx is retried
//! exactly once after a short pause (Twilio's advice for transient errors); Twilio's JSON
//! errors become messages for the person where the number is at fault.

use std::time::Duration;

use base64::Engine;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::SmsError;
use crate::config::{TwilioCredentials, TwilioSettings};
use crate::domain::PhoneNumber;
use crate::federation::http::UpstreamHttp;

/// The pause before the one retry.
const RETRY_AFTER: Duration = Duration::from_millis(400);

/// How long one send may take in all, its retry included.
fn budget(settings: &TwilioSettings) -> Duration {
    Duration::from_secs(settings.timeout_secs.max(1))
}

/// Twilio's error body (`{"code": 21211, "message": "…", "more_info": "…", "status": 400}`).
#[derive(Debug, Deserialize)]
pub struct TwilioError {
    pub code: Option<i64>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub more_info: String,
}

/// What a refusal means for the person, by Twilio error code; `None`: our fault or Twilio's,
/// not the number's (logged, shown as "try again").
fn refusal_for(code: i64) -> Option<&'static str> {
    Some(match code {
        21211 | 60200 => "That number is not valid. Check it, and enter it with its country code.",
        21614 | 60205 => "That number cannot receive text messages. Enter a mobile number.",
        21408 | 21612 | 60220 | 60605 => "We cannot send text messages to that number's country.",
        21610 => {
            "That number has blocked our text messages (it replied STOP). Reply START to allow them again."
        }
        60203 | 60410 => {
            "Too many codes were sent to that number. Wait a while before asking for another."
        }
        _ => return None,
    })
}

struct Client {
    http: UpstreamHttp,
    authorization: String,
    /// Both attempts of one request together.
    budget: Duration,
}

impl Client {
    fn new(credentials: TwilioCredentials, http: UpstreamHttp, budget: Duration) -> Self {
        let pair = format!(
            "{}:{}",
            credentials.username,
            credentials.password.expose_secret()
        );
        Self {
            http,
            authorization: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            ),
            budget,
        }
    }

    /// POSTs the form, retrying once on a timeout, a lost connection or a 5xx. Returns the
    /// status and body of the last answer.
    ///
    /// The person waits on the page while this runs, so both attempts together keep within
    /// `budget` (`sms.twilio.timeout_secs`): the first gets half of it (Twilio answers in well
    /// under a second, so a first attempt that is still waiting by then is hanging), the
    /// retry what is left after the pause. Before, each attempt had the whole budget and a
    /// silent Twilio held the page for twice the setting and the pause (20.4 s by default).
    async fn post(&self, url: &str, form: &[(&str, &str)]) -> Result<(u16, Vec<u8>), SmsError> {
        let body = serde_urlencoded::to_string(form)
            .map_err(|e| SmsError::Unavailable(format!("encoding the form: {e}")))?;
        let deadline = tokio::time::Instant::now() + self.budget;
        let mut last_problem = String::new();
        for attempt in 0..2 {
            let limit = if attempt == 0 {
                self.budget / 2
            } else {
                tokio::time::sleep(RETRY_AFTER).await;
                deadline.saturating_duration_since(tokio::time::Instant::now())
            };
            if limit.is_zero() {
                break;
            }
            let request = http::Request::builder()
                .method(http::Method::POST)
                .uri(url)
                .header(http::header::AUTHORIZATION, &self.authorization)
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .header(http::header::ACCEPT, "application/json")
                .body(body.clone().into_bytes())
                .map_err(|e| SmsError::Unavailable(format!("building the request: {e}")))?;
            match tokio::time::timeout(limit, self.http.send(request)).await {
                Ok(Ok(response)) if response.status().is_server_error() => {
                    last_problem = format!("Twilio answered {}", response.status());
                }
                Ok(Ok(response)) => return Ok((response.status().as_u16(), response.into_body())),
                Ok(Err(e)) => last_problem = format!("reaching Twilio: {e}"),
                Err(_elapsed) => {
                    last_problem = format!("no answer from Twilio within {} ms", limit.as_millis())
                }
            }
            tracing::warn!(attempt = attempt + 1, problem = %last_problem, "a Twilio request failed");
        }
        Err(SmsError::Unavailable(last_problem))
    }
}

/// Twilio's answer to a created message or verification is JSON naming what it created
/// (`"sid": "SM…"` / `"VE…"`). A 2xx without one came from something else on the way (a
/// captive portal, a misrouted proxy, a wrong `base_url`): the text was not sent, so it
/// must not count as sent.
fn accepted(body: &[u8]) -> Result<(), SmsError> {
    #[derive(Deserialize)]
    struct Created {
        #[serde(default)]
        sid: String,
    }
    match serde_json::from_slice::<Created>(body) {
        Ok(created) if !created.sid.is_empty() => Ok(()),
        _ => Err(SmsError::Unavailable(
            "Twilio's success answer was not Twilio's JSON (no sid)".into(),
        )),
    }
}

/// A non-success answer as an [`SmsError`], logged with Twilio's code and text (which never
/// hold the code we sent).
fn refused(status: u16, body: &[u8]) -> SmsError {
    let error: Option<TwilioError> = serde_json::from_slice(body).ok();
    let code = error.as_ref().and_then(|e| e.code);
    tracing::warn!(
        status,
        code = ?code,
        message = %error.as_ref().map_or("", |e| e.message.as_str()),
        more_info = %error.as_ref().map_or("", |e| e.more_info.as_str()),
        "Twilio refused a text message"
    );
    match code.and_then(refusal_for) {
        Some(message) => SmsError::Refused(message.into()),
        None => SmsError::Unavailable(format!(
            "Twilio answered {status} (code {})",
            code.map_or("none".into(), |c| c.to_string())
        )),
    }
}

/// The Messages API.
pub(super) struct Messages {
    client: Client,
    url: String,
    sender: (&'static str, String),
}

impl Messages {
    pub(super) fn new(
        settings: &TwilioSettings,
        credentials: TwilioCredentials,
        http: UpstreamHttp,
    ) -> Self {
        let sender = if settings.messaging_service_sid.is_empty() {
            ("From", settings.from.clone())
        } else {
            (
                "MessagingServiceSid",
                settings.messaging_service_sid.clone(),
            )
        };
        Self {
            client: Client::new(credentials, http, budget(settings)),
            url: format!(
                "{}/2010-04-01/Accounts/{}/Messages.json",
                settings.base_url, settings.account_sid
            ),
            sender,
        }
    }

    pub(super) async fn send(&self, to: &PhoneNumber, body: &str) -> Result<(), SmsError> {
        let form = [
            ("To", to.as_str()),
            (self.sender.0, self.sender.1.as_str()),
            ("Body", body),
        ];
        let (status, answer) = self.client.post(&self.url, &form).await?;
        if (200..300).contains(&status) {
            accepted(&answer)
        } else {
            Err(refused(status, &answer))
        }
    }
}

/// Twilio Verify: Twilio makes, sends and checks the code.
pub(super) struct Verify {
    client: Client,
    base: String,
}

#[derive(Deserialize)]
struct CheckAnswer {
    #[serde(default)]
    status: String,
}

impl Verify {
    pub(super) fn new(
        settings: &TwilioSettings,
        credentials: TwilioCredentials,
        http: UpstreamHttp,
    ) -> Self {
        Self {
            client: Client::new(credentials, http, budget(settings)),
            base: format!(
                "{}/v2/Services/{}",
                settings.verify_base_url, settings.verify_service_sid
            ),
        }
    }

    pub(super) async fn start(&self, to: &PhoneNumber) -> Result<(), SmsError> {
        let url = format!("{}/Verifications", self.base);
        let form = [("To", to.as_str()), ("Channel", "sms")];
        let (status, answer) = self.client.post(&url, &form).await?;
        if (200..300).contains(&status) {
            accepted(&answer)
        } else {
            Err(refused(status, &answer))
        }
    }

    /// `true` only when Twilio says `approved`. No pending verification (Twilio's 404: it
    /// expired, or was approved already) is a wrong code, not a failure.
    pub(super) async fn check(&self, to: &PhoneNumber, code: &str) -> Result<bool, SmsError> {
        let url = format!("{}/VerificationCheck", self.base);
        let form = [("To", to.as_str()), ("Code", code)];
        let (status, answer) = self.client.post(&url, &form).await?;
        match status {
            200..=299 => {
                let answer: CheckAnswer = serde_json::from_slice(&answer)
                    .map_err(|e| SmsError::Unavailable(format!("reading Twilio's verdict: {e}")))?;
                Ok(answer.status == "approved")
            }
            404 => Ok(false),
            _ => Err(refused(status, &answer)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_s_faults_become_messages_and_ours_do_not() {
        for code in [21211, 21614, 21408, 21610, 60200, 60203] {
            assert!(refusal_for(code).is_some(), "{code}");
        }
        // Authentication failed, a bad From: our configuration, not the person's number.
        assert!(refusal_for(20003).is_none());
        assert!(refusal_for(21606).is_none());
        let body = br#"{"code": 21614, "message": "not a mobile number", "more_info": "https://www.twilio.com/docs/errors/21614", "status": 400}"#;
        assert!(matches!(refused(400, body), SmsError::Refused(m) if m.contains("mobile")));
        assert!(matches!(
            refused(401, b"{\"code\": 20003}"),
            SmsError::Unavailable(_)
        ));
        assert!(matches!(
            refused(400, b"not json"),
            SmsError::Unavailable(_)
        ));
    }

    #[test]
    fn a_success_answer_must_be_twilio_s() {
        assert!(accepted(br#"{"sid": "SM0001", "status": "queued"}"#).is_ok());
        for body in [
            &b"<html><body>Welcome to the hotel Wi-Fi</body></html>"[..],
            b"",
            b"{}",
            b"{\"sid\": \"\"}",
            b"\x00\xff garbage",
        ] {
            assert!(
                matches!(accepted(body), Err(SmsError::Unavailable(_))),
                "{body:?}"
            );
        }
    }
}

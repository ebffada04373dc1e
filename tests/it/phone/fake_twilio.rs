//! A fake Twilio on 127.0.0.1: the Messages API and Verify, checking the Basic auth header,
//! the account or service in the path and the form fields, recording every text so tests can
//! read the code, and answering, when told, with Twilio's error bodies, 5xx or silence.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;

use crate::federation::fakes::{Serving, pairs, serve};

pub const ACCOUNT_SID: &str = "AC00000000000000000000000000000001";
pub const AUTH_TOKEN: &str = "fake-auth-token-0123456789";
pub const FROM: &str = "+15005550006";
pub const VERIFY_SID: &str = "VA00000000000000000000000000000001";

/// What the next requests get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accept,
    /// A Twilio error body with this code and HTTP status.
    Error {
        status: u16,
        code: i64,
    },
    /// `n` answers of 503 first, then acceptance.
    ServerErrors(usize),
    /// No answer for this long (longer than Gatehouse's timeout).
    Silence(Duration),
}

#[derive(Debug, Clone)]
pub struct Text {
    pub to: String,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    texts: Vec<Text>,
    requests: usize,
    answer: Option<Answer>,
    /// Twilio Verify: the code it made per number.
    verify_codes: std::collections::HashMap<String, String>,
}

#[derive(Clone)]
pub struct FakeTwilio {
    inner: Arc<Mutex<Inner>>,
    base: String,
    _serving: Arc<Serving>,
}

impl FakeTwilio {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let router = axum::Router::new()
            .route("/2010-04-01/Accounts/{sid}/Messages.json", post(messages))
            .route("/v2/Services/{sid}/Verifications", post(verifications))
            .route("/v2/Services/{sid}/VerificationCheck", post(check))
            .with_state(inner.clone());
        let (base, serving) = serve(router).await;
        Self {
            inner,
            base,
            _serving: Arc::new(serving),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn answer(&self, answer: Answer) {
        self.inner.lock().unwrap().answer = Some(answer);
    }

    pub fn texts(&self) -> Vec<Text> {
        self.inner.lock().unwrap().texts.clone()
    }

    /// Requests that reached the fake (retries included).
    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    /// The six-digit code in the newest text to `to`.
    pub fn last_code(&self, to: &str) -> String {
        let texts = self.texts();
        let text = texts
            .iter()
            .rev()
            .find(|t| t.to == to)
            .unwrap_or_else(|| panic!("no text to {to}: {texts:?}"));
        text.body
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .unwrap_or_else(|| panic!("no code in {:?}", text.body))
            .to_string()
    }

    /// Twilio Verify's code for `to`.
    pub fn verify_code(&self, to: &str) -> String {
        self.inner.lock().unwrap().verify_codes[to].clone()
    }
}

fn authorized(headers: &HeaderMap) -> bool {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

fn twilio_error(status: u16, code: i64) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        axum::Json(serde_json::json!({
            "code": code,
            "message": format!("fake error {code}"),
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        })),
    )
        .into_response()
}

/// Counts the request and says whether to answer normally; `Err` is the answer instead.
async fn gate(inner: &Arc<Mutex<Inner>>, headers: &HeaderMap) -> Result<(), Response> {
    let answer = {
        let mut inner = inner.lock().unwrap();
        inner.requests += 1;
        let answer = inner.answer.clone();
        if let Some(Answer::ServerErrors(n)) = &answer {
            inner.answer = if *n > 1 {
                Some(Answer::ServerErrors(n - 1))
            } else {
                None
            };
        }
        answer
    };
    if !authorized(headers) {
        return Err(twilio_error(401, 20003));
    }
    match answer {
        None | Some(Answer::Accept) => Ok(()),
        Some(Answer::Error { status, code }) => Err(twilio_error(status, code)),
        Some(Answer::ServerErrors(_)) => Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
        Some(Answer::Silence(how_long)) => {
            tokio::time::sleep(how_long).await;
            Err(StatusCode::GATEWAY_TIMEOUT.into_response())
        }
    }
}

async fn messages(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(answer) = gate(&inner, &headers).await {
        return answer;
    }
    if sid != ACCOUNT_SID {
        return twilio_error(404, 20404);
    }
    let form = pairs(std::str::from_utf8(&body).unwrap_or_default());
    let (Some(to), Some(body)) = (form.get("To"), form.get("Body")) else {
        return twilio_error(400, 21604);
    };
    let from = form.get("From").cloned().unwrap_or_default();
    if from != FROM {
        return twilio_error(400, 21606);
    }
    inner.lock().unwrap().texts.push(Text {
        to: to.clone(),
        body: body.clone(),
    });
    (
        StatusCode::CREATED,
        axum::Json(serde_json::json!({"sid": "SM0001", "status": "queued", "to": to})),
    )
        .into_response()
}

async fn verifications(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(answer) = gate(&inner, &headers).await {
        return answer;
    }
    let form = pairs(std::str::from_utf8(&body).unwrap_or_default());
    if sid != VERIFY_SID || form.get("Channel").map(String::as_str) != Some("sms") {
        return twilio_error(400, 60200);
    }
    let Some(to) = form.get("To") else {
        return twilio_error(400, 60200);
    };
    let code = format!("{:06}", rand_code());
    inner.lock().unwrap().verify_codes.insert(to.clone(), code);
    (
        StatusCode::CREATED,
        axum::Json(serde_json::json!({"sid": "VE0001", "status": "pending", "to": to})),
    )
        .into_response()
}

async fn check(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(_sid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(answer) = gate(&inner, &headers).await {
        return answer;
    }
    let form = pairs(std::str::from_utf8(&body).unwrap_or_default());
    let (Some(to), Some(code)) = (form.get("To"), form.get("Code")) else {
        return twilio_error(400, 60200);
    };
    let mut inner = inner.lock().unwrap();
    match inner.verify_codes.get(to) {
        None => twilio_error(404, 20404),
        Some(expected) if expected == code => {
            inner.verify_codes.remove(to);
            axum::Json(serde_json::json!({"status": "approved", "valid": true})).into_response()
        }
        Some(_) => {
            axum::Json(serde_json::json!({"status": "pending", "valid": false})).into_response()
        }
    }
}

fn rand_code() -> u32 {
    let bytes = gatehouse::crypto::token::random_token();
    bytes
        .bytes()
        .fold(0u32, |acc, b| acc.wrapping_mul(31).wrapping_add(b as u32))
        % 1_000_000
}

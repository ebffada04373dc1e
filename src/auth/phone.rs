//! Codes by SMS: sending one (the number read and checked, the resend cooldown and every
//! toll-fraud limit charged before the text goes out, all given back if it does not) and
//! checking one (a try charged before the comparison, the code used up by one conditional
//! UPDATE). Phone sign-in, adding a number and the SMS second factor all go through here.
//!
//! SMS pumping — bots asking for codes to premium numbers they profit from — costs real
//! money, so a text needs, each in one atomic statement: the number's cooldown slot, and room
//! under the per-address (IPv6 by /64), per-number and installation-wide caps; the countries
//! can be limited too.

use super::RequestOrigin;
use super::limits::{self, Admitted, LimitError, Quota};
use crate::App;
use crate::accounts::verification;
use crate::crypto::token::{constant_time_eq, hash_token, random_token};
use crate::domain::{AuditKind, PhoneNumber};
use crate::sms::SmsError;
use crate::store::{AuditEvent, PhoneCode, StoreError};

/// What a code is for; the stored name keeps one purpose's code out of another's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    AddPhone,
    SecondFactor,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::AddPhone => "add_phone",
            Self::SecondFactor => "second_factor",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    /// The number cannot be used; the message says why.
    #[error("{0}")]
    Invalid(String),
    #[error("Text messages cannot be sent to numbers in that country.")]
    CountryNotAllowed,
    #[error(
        "A code was sent to this number a moment ago. You can ask for a new one in {retry_after} seconds."
    )]
    Cooldown { retry_after: i64 },
    #[error("Too many codes were asked for. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: i64 },
    #[error("{}", .0.user_message())]
    Send(SmsError),
    #[error("The code is wrong or has expired. Check the latest message, or ask for a new one.")]
    WrongCode,
    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: answered 503, try again shortly.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
}

impl PhoneError {
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            Self::Cooldown { retry_after } | Self::RateLimited { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }
}

impl From<StoreError> for PhoneError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

impl From<LimitError> for PhoneError {
    fn from(e: LimitError) -> Self {
        match e {
            LimitError::Refused(r) => Self::RateLimited {
                retry_after: r.retry_after,
            },
            LimitError::Store(e) => e.into(),
        }
    }
}

/// Reads a typed number in the configured default region and checks its country.
pub fn parse_number(app: &App, raw: &str) -> Result<PhoneNumber, PhoneError> {
    let phone = &app.settings.phone;
    let number =
        PhoneNumber::parse(raw, &phone.default_region).map_err(|e| PhoneError::Invalid(e.0))?;
    if !phone.allowed_countries.is_empty()
        && !phone.allowed_countries.iter().any(|c| c == number.region())
    {
        return Err(PhoneError::CountryNotAllowed);
    }
    Ok(number)
}

/// The texts one address, one number and the installation may be sent.
fn quotas(app: &App) -> [Quota; 3] {
    let p = &app.settings.phone;
    [
        Quota::new(
            "sms-address",
            vec![(p.per_ip_per_hour, 3600), (p.per_ip_per_day, 86_400)],
        ),
        Quota::new(
            "sms-number",
            vec![
                (p.per_number_per_hour, 3600),
                (p.per_number_per_day, 86_400),
            ],
        ),
        Quota::new("sms-global", vec![(p.global_per_day, 86_400)]),
    ]
}

/// Texts sent today, all nodes together, and the cap (for the console).
pub async fn sent_today(app: &App) -> Result<(i64, i64), StoreError> {
    let [_, _, global] = quotas(app);
    Ok((
        global.used(app, "all", 86_400).await?,
        app.settings.phone.global_per_day,
    ))
}

fn cooldown_bucket(number: &PhoneNumber) -> String {
    format!("sms-cooldown:{number}")
}

/// What a sent code left behind: the token for the browser's cookie.
pub struct Sent {
    pub token: String,
}

/// What the code row records besides the number.
pub struct CodeFor<'a> {
    pub purpose: Purpose,
    pub user_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Sends a fresh code to `number` for `what`. Charged before the text: the number's cooldown
/// slot, then the address, number and global caps; a failed send gives all of them back and
/// leaves no code.
pub async fn send_code(
    app: &App,
    number: &PhoneNumber,
    what: &CodeFor<'_>,
    origin: &RequestOrigin,
) -> Result<Sent, PhoneError> {
    let settings = &app.settings.phone;
    let now = app.clock.now();
    let cooldown = cooldown_bucket(number);
    if !app
        .store
        .claim_interval(&cooldown, now, settings.resend_interval_secs)
        .await?
    {
        let last = app.store.last_phone_code_at(number.as_str()).await?;
        let retry_after = last.map_or(settings.resend_interval_secs, |t| {
            (t + settings.resend_interval_secs - now).max(1)
        });
        audit(
            app,
            AuditKind::SmsLimited,
            what.user_id,
            origin,
            &format!("cooldown: {number}"),
        )
        .await?;
        return Err(PhoneError::Cooldown { retry_after });
    }
    let [address, per_number, global] = quotas(app);
    let address_key = limits::address_key(&origin.ip);
    let charged = match limits::charge_all(
        app,
        &[
            (&address, address_key.as_str()),
            (&per_number, number.as_str()),
            (&global, "all"),
        ],
    )
    .await
    {
        Ok(charged) => charged,
        Err(e) => {
            app.store.release_interval(&cooldown, now).await?;
            let error = PhoneError::from(e);
            if let PhoneError::RateLimited { .. } = error {
                audit(
                    app,
                    AuditKind::SmsLimited,
                    what.user_id,
                    origin,
                    number.as_str(),
                )
                .await?;
            }
            return Err(error);
        }
    };
    let token = random_token();
    let id = hash_token(&token);
    let code = verification::six_digits();
    app.store
        .insert_phone_code(&PhoneCode {
            id: id.clone(),
            purpose: what.purpose.as_str().into(),
            phone: number.to_string(),
            user_id: what.user_id.map(str::to_string),
            request_id: what.request_id.map(str::to_string),
            // Twilio Verify makes and checks its own code.
            code_hash: (!app.sms.checks_codes()).then(|| code_hash(app, &id, &code)),
            attempts: 0,
            created_at: now,
            expires_at: now + settings.code_ttl_secs,
            consumed_at: None,
        })
        .await?;
    if let Err(e) = app
        .sms
        .send_code(number, &code, settings.code_ttl_secs)
        .await
    {
        app.store.delete_phone_code(&id).await?;
        charged.refund(app).await?;
        app.store.release_interval(&cooldown, now).await?;
        audit(
            app,
            AuditKind::SmsFailed,
            what.user_id,
            origin,
            &format!("{number}: {e}"),
        )
        .await?;
        return Err(PhoneError::Send(e));
    }
    audit(
        app,
        AuditKind::SmsSent,
        what.user_id,
        origin,
        &format!("{} to {number}", what.purpose.as_str()),
    )
    .await?;
    Ok(Sent { token })
}

/// Sends a plain text (the console's test message), charged to the number's and the
/// installation's caps like any text and given back if it fails.
pub async fn send_test_text(app: &App, number: &PhoneNumber, body: &str) -> Result<(), PhoneError> {
    let [_, per_number, global] = quotas(app);
    let charged =
        limits::charge_all(app, &[(&per_number, number.as_str()), (&global, "all")]).await?;
    if let Err(e) = app.sms.send_text(number, body).await {
        charged.refund(app).await?;
        return Err(PhoneError::Send(e));
    }
    Ok(())
}

fn code_hash(app: &App, id: &str, code: &str) -> String {
    verification::code_hash(app, &format!("phone:{id}"), code)
}

/// The live code a browser's token names (to show the page for it).
pub async fn pending(
    app: &App,
    token: &str,
    purpose: Purpose,
) -> Result<Option<PhoneCode>, StoreError> {
    app.store
        .phone_code(&hash_token(token), purpose.as_str(), app.clock.now())
        .await
}

/// Checks `code` against the browser's code for `purpose`; on a match the code is used up
/// (once, across nodes) and its row returned.
pub async fn check_code(
    app: &App,
    token: &str,
    purpose: Purpose,
    code: &str,
    origin: &RequestOrigin,
) -> Result<PhoneCode, PhoneError> {
    let buckets = [format!("verify:ip:{}", limits::address_key(&origin.ip))];
    let admitted = crate::accounts::admit(app, &buckets, false)
        .await
        .map_err(|e| match e {
            crate::accounts::AccountError::RateLimited { retry_after } => {
                PhoneError::RateLimited { retry_after }
            }
            other => PhoneError::Internal(other.to_string()),
        })?;
    let wrong = |admitted: Admitted| -> Result<PhoneCode, PhoneError> {
        admitted.failed().map_err(|r| PhoneError::RateLimited {
            retry_after: r.retry_after,
        })?;
        Err(PhoneError::WrongCode)
    };
    let id = hash_token(token);
    let now = app.clock.now();
    let Some(row) = app
        .store
        .take_phone_code_attempt(&id, purpose.as_str(), app.settings.phone.max_attempts, now)
        .await?
    else {
        return wrong(admitted);
    };
    let typed: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return wrong(admitted);
    }
    let matches = match &row.code_hash {
        Some(stored) => constant_time_eq(code_hash(app, &id, &typed).as_bytes(), stored.as_bytes()),
        None => app
            .sms
            .check_code(&PhoneNumber::from_stored(&row.phone), &typed)
            .await
            .map_err(PhoneError::Send)?,
    };
    if !matches {
        return wrong(admitted);
    }
    admitted.succeeded(app).await?;
    if !app.store.consume_phone_code(&id, now).await? {
        return Err(PhoneError::WrongCode);
    }
    Ok(row)
}

async fn audit(
    app: &App,
    kind: AuditKind,
    user_id: Option<&str>,
    origin: &RequestOrigin,
    detail: &str,
) -> Result<(), StoreError> {
    let event = AuditEvent {
        kind,
        user_id: user_id.map(str::to_string),
        client_id: None,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        detail: detail.to_string(),
    };
    match user_id {
        Some(_) => app.store.record_audit(&event, app.clock.now()).await,
        None => super::audit::record_anonymous(app, &event).await,
    }
}

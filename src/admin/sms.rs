//! Text messages as the holders of `manage_mfa_policy` see them: the transport in use, today's
//! texts against the installation's cap, and a test message to check the set-up.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::auth::phone::{self, PhoneError};
use crate::domain::{AuditKind, Capability, PhoneNumber};

#[derive(serde::Serialize)]
pub struct SmsStatus {
    pub transport: &'static str,
    pub sent_today: i64,
    pub global_per_day: i64,
    pub phone_sign_in: bool,
    pub allowed_countries: Vec<String>,
}

pub async fn status(app: &App, actor: &Actor) -> Result<SmsStatus, AdminError> {
    actor.require(Capability::ManageMfaPolicy)?;
    let (sent_today, global_per_day) = phone::sent_today(app).await?;
    Ok(SmsStatus {
        transport: app.sms.transport().as_str(),
        sent_today,
        global_per_day,
        phone_sign_in: app.settings.phone.sign_in,
        allowed_countries: app.settings.phone.allowed_countries.clone(),
    })
}

/// Sends a test text to `raw_number`; the number it went to.
pub async fn send_test(
    app: &App,
    actor: &Actor,
    raw_number: &str,
) -> Result<PhoneNumber, AdminError> {
    actor.require(Capability::ManageMfaPolicy)?;
    let refused = |e: PhoneError| match e {
        PhoneError::Internal(cause) => AdminError::Internal(cause),
        other => invalid("phone", other.to_string()),
    };
    let number = phone::parse_number(app, raw_number).map_err(refused)?;
    let body = format!(
        "This is a test message from {}. Text messages work.",
        app.settings.appname
    );
    phone::send_test_text(app, &number, &body)
        .await
        .map_err(refused)?;
    audit(
        app,
        actor,
        AuditKind::SmsSent,
        None,
        format!("test to {number}"),
    )
    .await?;
    Ok(number)
}

//! The development transport: each text becomes a file under `data_dir/outbox/` (owner-only,
//! as it holds a code). The log names the file, never its contents.

use std::path::Path;

use super::SmsError;
use crate::domain::PhoneNumber;

pub(super) async fn write(dir: &Path, to: &PhoneNumber, body: &str) -> Result<(), SmsError> {
    let contents = format!("To: {to}\n\n{body}\n");
    let path = crate::mail::outbox::write_file(dir, "sms", contents.as_bytes())
        .await
        .map_err(SmsError::Unavailable)?;
    tracing::info!(path = %path.display(), "text message written to the outbox");
    Ok(())
}

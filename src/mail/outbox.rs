//! The development delivery: each message becomes an `.eml` file under `data_dir/outbox/`,
//! which any mail client opens. Nothing leaves the machine, so a fresh install can sign people
//! up before an SMTP relay is configured.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::message::Mailbox;
use time::OffsetDateTime;
use time::macros::format_description;

use super::{MailError, Message, build};
use crate::clock::{Clock, SystemClock};
use crate::crypto::token::random_id;

/// Orders files written within one second by this process (the time part of the name only
/// has whole seconds).
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

#[derive(Clone, Debug)]
pub struct Outbox {
    dir: PathBuf,
    from: Mailbox,
}

impl Outbox {
    pub(super) fn new(dir: PathBuf, from: Mailbox) -> Self {
        Self { dir, from }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(super) async fn send(&self, message: &Message) -> Result<(), MailError> {
        let email = build(&self.from, message)?;
        let path = write_file(&self.dir, "eml", &email.formatted())
            .await
            .map_err(MailError::Io)?;
        // The path only: the body holds codes and links.
        tracing::info!(path = %path.display(), "e-mail written to the outbox");
        Ok(())
    }
}

/// Writes one outbox file (`ext`: `eml`, `sms`) readable by its owner only, under a hidden
/// name first and then renamed, so a reader polling the directory never opens a half-written
/// one. Returns its path; the error names the file.
pub(crate) async fn write_file(dir: &Path, ext: &str, contents: &[u8]) -> Result<PathBuf, String> {
    let io = |what: &str, path: &Path, e: std::io::Error| format!("{what} {}: {e}", path.display());
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| io("creating", dir, e))?;
    let name = file_name(SystemClock.now(), ext);
    let path = dir.join(&name);
    let partial = dir.join(format!(".{name}.part"));
    if let Err(e) = write_private(&partial, contents).await {
        // A full disk leaves a truncated file: remove it, so nothing half-written stays.
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(io("writing", &partial, e));
    }
    tokio::fs::rename(&partial, &path)
        .await
        .map_err(|e| io("renaming", &partial, e))?;
    Ok(path)
}

/// `20261123T101530Z-000042-<random>.eml`: sorts by time, and the random part keeps two
/// processes sharing a data directory from overwriting each other.
fn file_name(now: i64, ext: &str) -> String {
    let stamp = OffsetDateTime::from_unix_timestamp(now)
        .ok()
        .and_then(|t| {
            t.format(format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .ok()
        })
        .unwrap_or_else(|| now.to_string());
    let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed) % 1_000_000;
    format!("{stamp}-{sequence:06}-{}.{ext}", random_id())
}

/// Writes a new file readable by its owner only, since the messages hold sign-in codes.
async fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(contents).await?;
    file.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_sort_by_time() {
        let earlier = file_name(1_700_000_000, "eml");
        let later = file_name(1_700_000_001, "eml");
        assert!(earlier.starts_with("20231114T221320Z-"), "{earlier}");
        assert!(earlier.ends_with(".eml"));
        assert!(earlier < later);
    }
}

//! The key-encryption key: private signing keys (and later TOTP seeds) are stored in the
//! database sealed with AES-256-GCM under this key, which lives outside the database (a file
//! under `keys/`, mode 0600, or the environment). Every node must be given the same key.

use std::path::Path;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::token::random_bytes;

#[derive(Debug, thiserror::Error)]
pub enum KekError {
    #[error("the key-encryption key must be 32 bytes in base64: {0}")]
    Malformed(String),
    #[error("cannot read or write the key-encryption key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("a sealed value could not be opened: wrong key-encryption key or corrupted data")]
    Open,
}

pub struct Kek {
    aead: LessSafeKey,
    raw: [u8; 32],
}

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kek(..)")
    }
}

impl Kek {
    pub fn from_base64(encoded: &str) -> Result<Self, KekError> {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|e| KekError::Malformed(e.to_string()))?;
        let raw: [u8; 32] = bytes
            .try_into()
            .map_err(|v: Vec<u8>| KekError::Malformed(format!("got {} bytes", v.len())))?;
        Ok(Self::from_bytes(raw))
    }

    fn from_bytes(raw: [u8; 32]) -> Self {
        let aead = LessSafeKey::new(
            UnboundKey::new(&AES_256_GCM, &raw).expect("32 bytes is an AES-256 key"),
        );
        Self { aead, raw }
    }

    /// Reads `dir/kek`, creating it (and `dir`) with owner-only permissions on first start.
    pub fn load_or_create(dir: &Path) -> Result<Self, KekError> {
        let path = dir.join("kek");
        let io = |source| KekError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(encoded) => Self::from_base64(&encoded),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_private_dir(dir).map_err(io)?;
                let raw = random_bytes::<32>();
                write_private_file(&path, STANDARD.encode(raw).as_bytes()).map_err(io)?;
                Ok(Self::from_bytes(raw))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// nonce || ciphertext+tag. `context` binds the value to its row (e.g. the key id), so a
    /// sealed value copied to another row does not open.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let nonce_bytes = random_bytes::<NONCE_LEN>();
        let mut buffer = plaintext.to_vec();
        self.aead
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce_bytes),
                Aad::from(context.as_bytes()),
                &mut buffer,
            )
            .expect("AES-GCM sealing of an in-memory buffer cannot fail");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&buffer);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, KekError> {
        if sealed.len() < NONCE_LEN {
            return Err(KekError::Open);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| KekError::Open)?;
        let mut buffer = ciphertext.to_vec();
        let plain = self
            .aead
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buffer)
            .map_err(|_| KekError::Open)?;
        Ok(plain.to_vec())
    }

    /// A purpose-specific key derived from the KEK (HMAC-SHA256 of the label), so that e.g.
    /// CSRF tokens are equal on every node without another shared secret.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        let key = hmac::Key::new(hmac::HMAC_SHA256, &self.raw);
        let tag = hmac::sign(&key, label.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_and_context_binding() {
        let dir = tempfile::tempdir().unwrap();
        let kek = Kek::load_or_create(dir.path()).unwrap();
        let sealed = kek.seal(b"secret", "kid-1");
        assert_eq!(kek.open(&sealed, "kid-1").unwrap(), b"secret");
        assert!(kek.open(&sealed, "kid-2").is_err());
        let again = Kek::load_or_create(dir.path()).unwrap();
        assert_eq!(again.open(&sealed, "kid-1").unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("kek"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

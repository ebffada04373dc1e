//! The signing-key lifecycle across nodes (after dex's `signer/rotation.go`): every supported
//! algorithm has an `active` key that signs and a `next` key that is already published, so a
//! rotation never signs with a key a client has not had the chance to fetch; a retired key
//! stays in the JWKS until every token it signed has expired. Rows live in the database with
//! private keys sealed by the KEK; each node keeps the parsed keys in memory and reloads them
//! periodically and whenever it meets an unknown `kid`.

use std::sync::{Arc, RwLock};

use crate::clock::UnixTime;
use crate::crypto::kek::Kek;
use crate::crypto::keys::{KeySet, SigningAlg, SigningKey};
use crate::crypto::pool::CpuPool;
use crate::store::{Store, StoreError, StoredKey};

#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] crate::crypto::keys::KeyError),
    #[error(transparent)]
    Kek(#[from] crate::crypto::kek::KekError),
    #[error("no active {0} signing key")]
    NoActiveKey(&'static str),
}

pub struct KeyRing {
    store: Store,
    kek: Arc<Kek>,
    cpu: CpuPool,
    /// RS256 always (OIDC requires it), plus the configured default algorithm.
    algs: Vec<SigningAlg>,
    pub default_alg: SigningAlg,
    current: RwLock<Arc<KeySet>>,
    /// When we last reloaded because of an unknown kid: such reloads are rate-limited.
    last_miss_reload: std::sync::atomic::AtomicI64,
}

impl KeyRing {
    pub async fn open(
        store: Store,
        kek: Arc<Kek>,
        cpu: CpuPool,
        default_alg: SigningAlg,
        now: UnixTime,
    ) -> Result<Self, SigningError> {
        let mut algs = vec![SigningAlg::RS256];
        if default_alg != SigningAlg::RS256 {
            algs.push(default_alg);
        }
        let ring = Self {
            store,
            kek,
            cpu,
            algs,
            default_alg,
            current: RwLock::new(Arc::new(KeySet::default())),
            last_miss_reload: std::sync::atomic::AtomicI64::new(0),
        };
        ring.ensure_keys(now).await?;
        ring.reload(now).await?;
        Ok(ring)
    }

    pub fn algorithms(&self) -> &[SigningAlg] {
        &self.algs
    }

    /// Creates the active and next key of each algorithm that lacks them. Racing nodes are
    /// fine: the unique indexes let one insert win and the others see `Conflict`.
    async fn ensure_keys(&self, now: UnixTime) -> Result<(), SigningError> {
        let existing = self.store.published_keys(now).await?;
        for alg in self.algs.clone() {
            for state in ["active", "next"] {
                let present = existing
                    .iter()
                    .any(|k| k.alg == alg.as_str() && k.state == state);
                if present {
                    continue;
                }
                let row = self.new_key_row(alg, state, now).await?;
                match self.store.insert_key(&row).await {
                    Ok(()) | Err(StoreError::Conflict) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(())
    }

    async fn new_key_row(
        &self,
        alg: SigningAlg,
        state: &str,
        now: UnixTime,
    ) -> Result<StoredKey, SigningError> {
        let generated = self.cpu.run(move || SigningKey::generate(alg)).await?;
        let sealed = self.kek.seal(&generated.pkcs8, &generated.kid);
        Ok(StoredKey {
            kid: generated.kid,
            alg: alg.as_str().to_string(),
            state: state.to_string(),
            private_key_enc: sealed,
            public_jwk: generated.public_jwk.to_string(),
            created_at: now,
            activated_at: (state == "active").then_some(now),
            retired_at: None,
            expires_at: None,
        })
    }

    /// Reads the published keys from the database and swaps them in.
    pub async fn reload(&self, now: UnixTime) -> Result<(), SigningError> {
        let rows = self.store.published_keys(now).await?;
        let kek = self.kek.clone();
        let set = self
            .cpu
            .run(move || -> Result<KeySet, SigningError> {
                let mut set = KeySet::default();
                for row in rows {
                    let Some(alg) = SigningAlg::parse(&row.alg) else {
                        continue;
                    };
                    let jwk: serde_json::Value = serde_json::from_str(&row.public_jwk)
                        .map_err(|e| StoreError::Corrupt(format!("JWK of key {}: {e}", row.kid)))?;
                    set.add_published(jwk)?;
                    if row.state == "active" {
                        let pkcs8 = kek.open(&row.private_key_enc, &row.kid)?;
                        let key = SigningKey::from_pkcs8(&row.kid, alg, &pkcs8)?;
                        set.signing.insert(alg, Arc::new(key));
                    }
                }
                Ok(set)
            })
            .await?;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(set);
        Ok(())
    }

    /// Reloads because a token named a kid we do not know, at most every 10 seconds.
    pub async fn reload_for_unknown_kid(&self, now: UnixTime) -> Result<bool, SigningError> {
        use std::sync::atomic::Ordering;
        let last = self.last_miss_reload.load(Ordering::Relaxed);
        if now - last < 10 {
            return Ok(false);
        }
        self.last_miss_reload.store(now, Ordering::Relaxed);
        self.reload(now).await?;
        Ok(true)
    }

    pub fn keys(&self) -> Arc<KeySet> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn signing_key(&self, alg: SigningAlg) -> Result<Arc<SigningKey>, SigningError> {
        self.keys()
            .signing
            .get(&alg)
            .cloned()
            .ok_or(SigningError::NoActiveKey(alg.as_str()))
    }

    /// Rotates every algorithm: the published next key starts signing, the active one retires
    /// (published until `retire_until`), and a fresh next key is published.
    pub async fn rotate(&self, now: UnixTime, retire_until: UnixTime) -> Result<(), SigningError> {
        self.ensure_keys(now).await?;
        for alg in self.algs.clone() {
            let next = self.new_key_row(alg, "next", now).await?;
            self.store
                .rotate_keys(alg.as_str(), now, retire_until, &next)
                .await?;
        }
        self.reload(now).await
    }
}

//! Signing keys in memory. Private keys are parsed once into aws-lc-rs key pairs and kept
//! (re-parsing an RSA key per signature costs two thirds of the throughput), and every published
//! public key is kept parsed for verification (parsing an RSA public key per token, as
//! `jsonwebtoken` does, sets up its Montgomery context each time: a third of introspection's
//! CPU). Which keys exist and in what
//! state is the database's business (`crate::signing`); this module only holds and uses them.

use std::collections::HashMap;
use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::token::{b64url, b64url_decode, random_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SigningAlg {
    RS256,
    ES256,
    EdDSA,
}

impl SigningAlg {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::RS256 => "RS256",
            Self::ES256 => "ES256",
            Self::EdDSA => "EdDSA",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "RS256" => Some(Self::RS256),
            "ES256" => Some(Self::ES256),
            "EdDSA" => Some(Self::EdDSA),
            _ => None,
        }
    }

    pub fn jsonwebtoken(&self) -> jsonwebtoken::Algorithm {
        match self {
            Self::RS256 => jsonwebtoken::Algorithm::RS256,
            Self::ES256 => jsonwebtoken::Algorithm::ES256,
            Self::EdDSA => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key generation failed")]
    Generate,
    #[error("stored key {kid} is not a valid {alg} private key")]
    Rejected { kid: String, alg: &'static str },
}

enum Pair {
    Rsa(aws_lc_rs::rsa::KeyPair),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

/// A private key ready to sign, with its public JWK.
pub struct SigningKey {
    pub kid: String,
    pub alg: SigningAlg,
    pair: Pair,
    pub public_jwk: serde_json::Value,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({} {})", self.alg.as_str(), self.kid)
    }
}

/// A freshly generated key: its id, PKCS#8 DER (to be sealed before storage) and public JWK.
pub struct GeneratedKey {
    pub kid: String,
    pub pkcs8: Vec<u8>,
    pub public_jwk: serde_json::Value,
}

impl SigningKey {
    pub fn generate(alg: SigningAlg) -> Result<GeneratedKey, KeyError> {
        let kid = random_id();
        let pkcs8 = match alg {
            SigningAlg::RS256 => {
                let pair = aws_lc_rs::rsa::KeyPair::generate(KeySize::Rsa2048)
                    .map_err(|_| KeyError::Generate)?;
                let der: aws_lc_rs::encoding::Pkcs8V1Der =
                    pair.as_der().map_err(|_| KeyError::Generate)?;
                der.as_ref().to_vec()
            }
            SigningAlg::ES256 => {
                let rng = aws_lc_rs::rand::SystemRandom::new();
                EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
                    .map_err(|_| KeyError::Generate)?
                    .as_ref()
                    .to_vec()
            }
            SigningAlg::EdDSA => {
                let rng = aws_lc_rs::rand::SystemRandom::new();
                Ed25519KeyPair::generate_pkcs8(&rng)
                    .map_err(|_| KeyError::Generate)?
                    .as_ref()
                    .to_vec()
            }
        };
        let key = Self::from_pkcs8(&kid, alg, &pkcs8)?;
        Ok(GeneratedKey {
            kid,
            pkcs8,
            public_jwk: key.public_jwk,
        })
    }

    pub fn from_pkcs8(kid: &str, alg: SigningAlg, pkcs8: &[u8]) -> Result<Self, KeyError> {
        let rejected = || KeyError::Rejected {
            kid: kid.to_string(),
            alg: alg.as_str(),
        };
        let (pair, jwk) = match alg {
            SigningAlg::RS256 => {
                let pair = aws_lc_rs::rsa::KeyPair::from_pkcs8(pkcs8).map_err(|_| rejected())?;
                let public = pair.public_key();
                let jwk = json!({
                    "kty": "RSA",
                    "n": b64url(public.modulus().big_endian_without_leading_zero()),
                    "e": b64url(public.exponent().big_endian_without_leading_zero()),
                });
                (Pair::Rsa(pair), jwk)
            }
            SigningAlg::ES256 => {
                let pair =
                    EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8)
                        .map_err(|_| rejected())?;
                // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
                let point = pair.public_key().as_ref().to_vec();
                if point.len() != 65 {
                    return Err(rejected());
                }
                let jwk = json!({
                    "kty": "EC",
                    "crv": "P-256",
                    "x": b64url(&point[1..33]),
                    "y": b64url(&point[33..65]),
                });
                (Pair::Ec(pair), jwk)
            }
            SigningAlg::EdDSA => {
                let pair = Ed25519KeyPair::from_pkcs8(pkcs8).map_err(|_| rejected())?;
                let jwk = json!({
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": b64url(pair.public_key().as_ref()),
                });
                (Pair::Ed(pair), jwk)
            }
        };
        let mut jwk = jwk;
        jwk["kid"] = json!(kid);
        jwk["alg"] = json!(alg.as_str());
        jwk["use"] = json!("sig");
        Ok(Self {
            kid: kid.to_string(),
            alg,
            pair,
            public_jwk: jwk,
        })
    }

    /// The raw JWS signature over `message`. RSA takes about 0.25 ms: call from the CPU pool.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        match &self.pair {
            Pair::Rsa(pair) => {
                let mut sig = vec![0u8; pair.public_modulus_len()];
                pair.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .expect("RSA signing with a valid key cannot fail");
                sig
            }
            Pair::Ec(pair) => pair
                .sign(&rng, message)
                .expect("ECDSA signing with a valid key cannot fail")
                .as_ref()
                .to_vec(),
            Pair::Ed(pair) => pair.sign(message).as_ref().to_vec(),
        }
    }
}

/// A public key that tokens may be verified against, parsed once.
#[derive(Clone)]
pub struct VerifyingKey {
    pub alg: SigningAlg,
    pub parsed: Arc<signature::ParsedPublicKey>,
}

impl VerifyingKey {
    /// The key a published JWK describes, if it is one of ours (the algorithm with its key
    /// type and curve, every part well-formed).
    fn from_jwk(jwk: &serde_json::Value, alg: SigningAlg) -> Option<Self> {
        let part = |name: &str| jwk[name].as_str().and_then(b64url_decode);
        let parsed = match (alg, jwk["kty"].as_str(), jwk["crv"].as_str()) {
            (SigningAlg::RS256, Some("RSA"), _) => {
                let (n, e) = (part("n")?, part("e")?);
                signature::RsaPublicKeyComponents { n: &n, e: &e }
                    .to_parsed_public_key(&signature::RSA_PKCS1_2048_8192_SHA256)
                    .ok()?
            }
            (SigningAlg::ES256, Some("EC"), Some("P-256")) => {
                let (x, y) = (part("x")?, part("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return None;
                }
                // The uncompressed point: 0x04, x, y (SEC 1 §2.3.3).
                let point = [&[4u8][..], &x, &y].concat();
                signature::ParsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point).ok()?
            }
            (SigningAlg::EdDSA, Some("OKP"), Some("Ed25519")) => {
                signature::ParsedPublicKey::new(&signature::ED25519, part("x")?).ok()?
            }
            _ => return None,
        };
        Some(Self {
            alg,
            parsed: Arc::new(parsed),
        })
    }
}

/// What a node knows about keys at one moment: the key it signs with per algorithm, and every
/// published public key (next, active and retired-but-unexpired) by kid.
#[derive(Default, Clone)]
pub struct KeySet {
    pub signing: HashMap<SigningAlg, Arc<SigningKey>>,
    pub verifying: HashMap<String, VerifyingKey>,
    /// The JWKS document's `keys` array, in a stable order.
    pub published: Vec<serde_json::Value>,
    /// The JWKS document as served, made at its first request (the set does not change once
    /// it is in use: a reload builds a new one).
    jwks_document: std::sync::OnceLock<bytes::Bytes>,
}

impl KeySet {
    pub fn add_published(&mut self, jwk: serde_json::Value) -> Result<(), KeyError> {
        let kid = jwk["kid"].as_str().unwrap_or_default().to_string();
        let alg = jwk["alg"].as_str().and_then(SigningAlg::parse);
        match alg.and_then(|alg| VerifyingKey::from_jwk(&jwk, alg)) {
            Some(key) => {
                self.verifying.insert(kid, key);
                self.published.push(jwk);
                self.jwks_document = std::sync::OnceLock::new();
                Ok(())
            }
            None => Err(KeyError::Rejected { kid, alg: "JWK" }),
        }
    }

    pub fn jwks(&self) -> serde_json::Value {
        json!({ "keys": self.published })
    }

    /// [`jwks`](Self::jwks) serialized, once.
    pub fn jwks_bytes(&self) -> bytes::Bytes {
        self.jwks_document
            .get_or_init(|| {
                bytes::Bytes::from(serde_json::to_vec(&self.jwks()).unwrap_or_default())
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alg_generates_signs_and_publishes() {
        for alg in [SigningAlg::RS256, SigningAlg::ES256, SigningAlg::EdDSA] {
            let generated = SigningKey::generate(alg).unwrap();
            let key = SigningKey::from_pkcs8(&generated.kid, alg, &generated.pkcs8).unwrap();
            assert_eq!(key.public_jwk, generated.public_jwk);
            let mut set = KeySet::default();
            set.add_published(generated.public_jwk.clone()).unwrap();
            assert!(!key.sign(b"message").is_empty());
            assert_eq!(set.jwks()["keys"][0]["kid"], json!(generated.kid));
        }
    }
}

//! Compact JWS: signing with our cached key pairs (a JWS is three base64url parts, so writing
//! it here costs a few lines and saves re-parsing keys per token), verification through
//! jsonwebtoken against the published keys.

use jsonwebtoken::{Validation, decode, decode_header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::keys::{KeySet, SigningKey};
use super::token::b64url;

/// `typ` values we issue: ID tokens carry the plain `JWT`, access tokens `at+jwt` (RFC 9068).
pub const TYP_ID_TOKEN: &str = "JWT";
pub const TYP_ACCESS_TOKEN: &str = "at+jwt";

pub fn sign(key: &SigningKey, typ: &str, claims: &impl Serialize) -> String {
    let header = json!({ "alg": key.alg.as_str(), "kid": key.kid, "typ": typ });
    let header = b64url(&serde_json::to_vec(&header).expect("a JSON value serialises"));
    let payload = b64url(&serde_json::to_vec(claims).expect("claims serialise"));
    let signing_input = format!("{header}.{payload}");
    let signature = b64url(&key.sign(signing_input.as_bytes()));
    format!("{signing_input}.{signature}")
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    #[error("malformed token")]
    Malformed,
    #[error("unknown signing key")]
    UnknownKey,
    #[error("wrong token type")]
    WrongType,
    #[error("token expired")]
    Expired,
    #[error("invalid token: {0}")]
    Invalid(String),
}

pub struct Expectations<'a> {
    pub issuer: &'a str,
    /// Required `typ` header (compared case-insensitively, RFC 8725 §3.11).
    pub typ: &'a str,
    pub check_expiry: bool,
    /// Current time; expiry is checked against it rather than the wall clock.
    pub now: i64,
}

/// Verifies signature, `typ`, issuer and (optionally) expiry, returning the claims.
pub fn verify<T: DeserializeOwned>(
    token: &str,
    keys: &KeySet,
    expect: &Expectations<'_>,
) -> Result<T, VerifyError> {
    let header = decode_header(token).map_err(|_| VerifyError::Malformed)?;
    let kid = header.kid.ok_or(VerifyError::UnknownKey)?;
    let key = keys.verifying.get(&kid).ok_or(VerifyError::UnknownKey)?;
    if key.alg.jsonwebtoken() != header.alg {
        return Err(VerifyError::Invalid(
            "algorithm does not match the key".into(),
        ));
    }
    if !header
        .typ
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(expect.typ))
    {
        return Err(VerifyError::WrongType);
    }
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expect.issuer]);
    validation.validate_aud = false;
    // Expiry is checked below against our clock, not jsonwebtoken's wall clock.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    validation.required_spec_claims.insert("iss".into());
    let data = decode::<serde_json::Value>(token, &key.decoding, &validation)
        .map_err(|e| VerifyError::Invalid(e.to_string()))?;
    if expect.check_expiry {
        let exp = data
            .claims
            .get("exp")
            .and_then(|v| v.as_i64())
            .ok_or(VerifyError::Malformed)?;
        if exp <= expect.now {
            return Err(VerifyError::Expired);
        }
    }
    serde_json::from_value(data.claims).map_err(|e| VerifyError::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::keys::SigningAlg;

    #[test]
    fn sign_then_verify_each_alg() {
        for alg in [SigningAlg::RS256, SigningAlg::ES256, SigningAlg::EdDSA] {
            let generated = SigningKey::generate(alg).unwrap();
            let key = SigningKey::from_pkcs8(&generated.kid, alg, &generated.pkcs8).unwrap();
            let mut keys = KeySet::default();
            keys.add_published(generated.public_jwk).unwrap();
            let token = sign(
                &key,
                TYP_ACCESS_TOKEN,
                &json!({"iss": "https://idp", "exp": 100, "sub": "u"}),
            );
            let expect = Expectations {
                issuer: "https://idp",
                typ: TYP_ACCESS_TOKEN,
                check_expiry: true,
                now: 50,
            };
            let claims: serde_json::Value = verify(&token, &keys, &expect).unwrap();
            assert_eq!(claims["sub"], "u");
            let late = Expectations { now: 100, ..expect };
            assert_eq!(
                verify::<serde_json::Value>(&token, &keys, &late),
                Err(VerifyError::Expired)
            );
            let id_typ = Expectations {
                typ: TYP_ID_TOKEN,
                now: 50,
                ..late
            };
            assert_eq!(
                verify::<serde_json::Value>(&token, &keys, &id_typ),
                Err(VerifyError::WrongType)
            );
            let mut tampered = token.clone();
            tampered.insert_str(token.find('.').unwrap() + 1, "eyJ4IjoxfQ");
            assert!(
                verify::<serde_json::Value>(
                    &tampered,
                    &keys,
                    &Expectations {
                        typ: TYP_ACCESS_TOKEN,
                        ..id_typ
                    }
                )
                .is_err()
            );
        }
    }
}

//! Compact JWS (RFC 7515) of our own tokens: signing with our cached key pairs and verifying
//! against our published keys, parsed once (`crypto::keys`). A JWS is three base64url parts,
//! so writing it here costs a few lines and saves re-parsing a key per token, which for RSA
//! is most of a verification; the signatures themselves are aws-lc-rs's. Tokens of other
//! issuers (upstream ID tokens) are verified by `openidconnect`, not here.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::keys::{KeySet, SigningKey};
use super::token::{b64url, b64url_decode};

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

/// The protected header, as far as we read it.
#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
    typ: Option<String>,
    /// Extensions the verifier must understand (RFC 7515 §4.1.11): we issue none and
    /// understand none, so a token naming any is refused.
    crit: Option<serde_json::Value>,
}

/// The registered claims checked here; the caller's type reads the rest.
#[derive(Deserialize)]
struct Registered {
    iss: Option<String>,
    exp: Option<serde_json::Value>,
}

/// Verifies signature, `typ`, issuer and (optionally) expiry, returning the claims.
pub fn verify<T: DeserializeOwned>(
    token: &str,
    keys: &KeySet,
    expect: &Expectations<'_>,
) -> Result<T, VerifyError> {
    let mut parts = token.split('.');
    let (Some(header_part), Some(payload_part), Some(signature_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed);
    };
    let header: Header = b64url_decode(header_part)
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or(VerifyError::Malformed)?;
    let kid = header.kid.ok_or(VerifyError::UnknownKey)?;
    let key = keys.verifying.get(&kid).ok_or(VerifyError::UnknownKey)?;
    if key.alg.as_str() != header.alg {
        return Err(VerifyError::Invalid(
            "algorithm does not match the key".into(),
        ));
    }
    if header.crit.is_some() {
        return Err(VerifyError::Invalid(
            "critical header extensions are not supported".into(),
        ));
    }
    if !header
        .typ
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(expect.typ))
    {
        return Err(VerifyError::WrongType);
    }
    let signature = b64url_decode(signature_part).ok_or(VerifyError::Malformed)?;
    // The signing input is the first two parts as sent, with the dot between them.
    let signing_input = &token[..header_part.len() + 1 + payload_part.len()];
    key.parsed
        .verify_sig(signing_input.as_bytes(), &signature)
        .map_err(|_| VerifyError::Invalid("the signature does not verify".into()))?;
    let payload = b64url_decode(payload_part).ok_or(VerifyError::Malformed)?;
    let registered: Registered =
        serde_json::from_slice(&payload).map_err(|e| VerifyError::Invalid(e.to_string()))?;
    if registered.iss.as_deref() != Some(expect.issuer) {
        return Err(VerifyError::Invalid("wrong or missing issuer".into()));
    }
    if expect.check_expiry {
        let exp = registered
            .exp
            .as_ref()
            .and_then(serde_json::Value::as_i64)
            .ok_or(VerifyError::Malformed)?;
        if exp <= expect.now {
            return Err(VerifyError::Expired);
        }
    }
    serde_json::from_slice(&payload).map_err(|e| VerifyError::Invalid(e.to_string()))
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

    /// What an attacker's token tries: another key under our kid, another issuer, a header
    /// naming another algorithm, `none`, critical extensions, extra parts, bad base64.
    #[test]
    fn forged_and_malformed_tokens_are_refused() {
        let ours = SigningKey::generate(SigningAlg::RS256).unwrap();
        let key = SigningKey::from_pkcs8(&ours.kid, SigningAlg::RS256, &ours.pkcs8).unwrap();
        let mut keys = KeySet::default();
        keys.add_published(ours.public_jwk.clone()).unwrap();
        let expect = Expectations {
            issuer: "https://idp",
            typ: TYP_ACCESS_TOKEN,
            check_expiry: true,
            now: 50,
        };
        let claims = json!({"iss": "https://idp", "exp": 100, "sub": "u"});
        let check = |token: &str| verify::<serde_json::Value>(token, &keys, &expect);
        assert!(check(&sign(&key, TYP_ACCESS_TOKEN, &claims)).is_ok());

        let other = SigningKey::generate(SigningAlg::RS256).unwrap();
        let other = SigningKey::from_pkcs8(&ours.kid, SigningAlg::RS256, &other.pkcs8).unwrap();
        assert!(matches!(
            check(&sign(&other, TYP_ACCESS_TOKEN, &claims)),
            Err(VerifyError::Invalid(_))
        ));
        let elsewhere = json!({"iss": "https://evil", "exp": 100, "sub": "u"});
        assert!(matches!(
            check(&sign(&key, TYP_ACCESS_TOKEN, &elsewhere)),
            Err(VerifyError::Invalid(_))
        ));
        let no_issuer = json!({"exp": 100, "sub": "u"});
        assert!(check(&sign(&key, TYP_ACCESS_TOKEN, &no_issuer)).is_err());
        let no_expiry = json!({"iss": "https://idp", "sub": "u"});
        assert_eq!(
            check(&sign(&key, TYP_ACCESS_TOKEN, &no_expiry)),
            Err(VerifyError::Malformed)
        );

        let genuine = sign(&key, TYP_ACCESS_TOKEN, &claims);
        let (_, rest) = genuine.split_once('.').unwrap();
        let with_header = |header: serde_json::Value| {
            format!("{}.{rest}", b64url(&serde_json::to_vec(&header).unwrap()))
        };
        for header in [
            json!({"alg": "ES256", "kid": ours.kid, "typ": "at+jwt"}),
            json!({"alg": "none", "kid": ours.kid, "typ": "at+jwt"}),
            json!({"alg": "HS256", "kid": ours.kid, "typ": "at+jwt"}),
            json!({"alg": "RS256", "kid": ours.kid, "typ": "at+jwt", "crit": ["exp"]}),
            json!({"alg": "RS256", "kid": "unknown", "typ": "at+jwt"}),
            json!({"alg": "RS256", "typ": "at+jwt"}),
        ] {
            assert!(check(&with_header(header.clone())).is_err(), "{header}");
        }
        for malformed in [
            "",
            "a.b",
            "a.b.c.d",
            &format!("{genuine}.x"),
            &genuine.replacen('.', ".!", 1),
            &format!("{genuine}=="),
        ] {
            assert!(check(malformed).is_err(), "{malformed}");
        }
        // A signature of nothing but the header and payload: the dot is signed too.
        let (input, signature) = genuine.rsplit_once('.').unwrap();
        let (header, payload) = input.split_once('.').unwrap();
        assert!(check(&format!("{header}{payload}.{signature}")).is_err());
    }
}

//! Google documents two spellings of its issuer, `https://accounts.google.com` and
//! `accounts.google.com`. openidconnect holds `iss` as a URL and cannot even parse a token
//! with the second, so such a token — and only one whose `iss` is exactly the scheme-less
//! form of the configured issuer — is verified here with jsonwebtoken against the same
//! discovered keys and under the same rules: a public-key algorithm the provider announced,
//! the signature, `aud` (and `azp` when there are several), `exp` and `iat` against our clock,
//! and the `nonce`. Then it is read as openidconnect's claims with the full issuer.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm};
use serde_json::Value;

use super::oidc::UpstreamClaims;

/// What the token must satisfy.
pub struct Expected<'a> {
    /// The configured issuer, with its scheme.
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: i64,
    pub skew: i64,
    pub algs: &'a [CoreJwsSigningAlgorithm],
}

/// `Ok(None)` when the token does not carry the scheme-less issuer (the caller then reports
/// why openidconnect refused it); otherwise the verified claims or why they fail.
pub fn verify(
    raw: &str,
    jwks: &CoreJsonWebKeySet,
    expected: &Expected<'_>,
) -> Result<Option<UpstreamClaims>, String> {
    let bare = expected
        .issuer
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let Some(mut payload) = unverified_payload(raw) else {
        return Ok(None);
    };
    if payload.get("iss").and_then(Value::as_str) != Some(bare) {
        return Ok(None);
    }
    let header =
        jsonwebtoken::decode_header(raw).map_err(|e| format!("the ID token header: {e}"))?;
    if !allowed(header.alg, expected.algs) {
        return Err(format!(
            "the ID token is signed with {:?}, which is not accepted",
            header.alg
        ));
    }
    let set: jsonwebtoken::jwk::JwkSet = serde_json::to_value(jwks)
        .and_then(serde_json::from_value)
        .map_err(|e| format!("the provider's keys: {e}"))?;
    let jwk = header
        .kid
        .as_deref()
        .and_then(|kid| set.find(kid))
        .ok_or("Signature verification failed: no matching key")?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("the provider's key: {e}"))?;
    let mut validation = Validation::new(header.alg);
    // Time is checked below against our clock, not the wall clock jsonwebtoken reads.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
    validation.set_audience(&[expected.client_id]);
    validation.set_issuer(&[bare]);
    jsonwebtoken::decode::<Value>(raw, &key, &validation)
        .map_err(|e| format!("Signature or claims verification failed: {e}"))?;
    let number = |name: &str| payload.get(name).and_then(Value::as_i64);
    if number("exp").is_none_or(|exp| exp <= expected.now) {
        return Err("the ID token is expired".into());
    }
    if number("iat").is_none_or(|iat| iat > expected.now + expected.skew) {
        return Err("the ID token was issued in the future".into());
    }
    if payload.get("nonce").and_then(Value::as_str) != Some(expected.nonce) {
        return Err("the ID token's nonce does not match".into());
    }
    if payload
        .get("aud")
        .and_then(Value::as_array)
        .is_some_and(|aud| aud.len() > 1)
        && payload.get("azp").and_then(Value::as_str) != Some(expected.client_id)
    {
        return Err("the ID token has several audiences but is not authorized for us (azp)".into());
    }
    payload["iss"] = Value::String(expected.issuer.to_string());
    serde_json::from_value(payload)
        .map(Some)
        .map_err(|e| format!("the ID token's claims: {e}"))
}

fn unverified_payload(raw: &str) -> Option<Value> {
    let payload = raw.split('.').nth(1)?;
    let bytes = crate::crypto::token::b64url_decode(payload)?;
    serde_json::from_slice(&bytes).ok()
}

/// Public-key algorithms only, and only those the provider announced.
fn allowed(alg: Algorithm, announced: &[CoreJwsSigningAlgorithm]) -> bool {
    use CoreJwsSigningAlgorithm as C;
    let ours = match alg {
        Algorithm::RS256 => C::RsaSsaPkcs1V15Sha256,
        Algorithm::RS384 => C::RsaSsaPkcs1V15Sha384,
        Algorithm::RS512 => C::RsaSsaPkcs1V15Sha512,
        Algorithm::PS256 => C::RsaSsaPssSha256,
        Algorithm::PS384 => C::RsaSsaPssSha384,
        Algorithm::PS512 => C::RsaSsaPssSha512,
        Algorithm::ES256 => C::EcdsaP256Sha256,
        Algorithm::ES384 => C::EcdsaP384Sha384,
        Algorithm::EdDSA => C::EdDsa,
        _ => return false,
    };
    announced.contains(&ours)
}

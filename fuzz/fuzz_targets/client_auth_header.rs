//! Client authentication as the token endpoint reads it (RFC 6749 §2.3): any `Authorization`
//! header and body pair is either refused with `invalid_client` / `invalid_request` or read
//! as exactly one method; and credentials encoded the way RFC 6749 §2.3.1 says (form-encode,
//! then base64) always come back as they were, whatever characters they hold.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use gatehouse::oauth::client_auth::{AuthMethod, parse_credentials};
use gatehouse::oauth::error::ErrorCode;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    header: Option<String>,
    body_client_id: Option<String>,
    body_secret: Option<String>,
    /// Credentials to encode properly and read back.
    id: String,
    secret: String,
}

fn form_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fuzz_target!(|input: Input| {
    match parse_credentials(
        input.header.as_deref(),
        input.body_client_id.as_deref(),
        input.body_secret.as_deref(),
    ) {
        Ok(credentials) => match credentials.method {
            AuthMethod::Basic => {
                assert!(input.header.is_some() && input.body_secret.is_none());
                assert!(credentials.secret.is_some());
                if let Some(body_id) = &input.body_client_id {
                    assert_eq!(body_id, &credentials.client_id);
                }
            }
            AuthMethod::Post => {
                assert!(input.header.is_none());
                assert_eq!(credentials.secret, input.body_secret);
            }
            AuthMethod::None => {
                assert!(input.header.is_none() && input.body_secret.is_none());
                assert!(!credentials.client_id.is_empty());
            }
        },
        Err(e) => assert!(matches!(
            e.code,
            ErrorCode::InvalidClient | ErrorCode::InvalidRequest
        )),
    }

    let header = format!(
        "Basic {}",
        STANDARD.encode(format!(
            "{}:{}",
            form_encode(&input.id),
            form_encode(&input.secret)
        ))
    );
    let read = parse_credentials(Some(&header), None, None).expect("well-encoded credentials");
    assert_eq!(read.client_id, input.id);
    assert_eq!(read.secret.as_deref(), Some(input.secret.as_str()));
});

//! Time-based one-time passwords (RFC 6238) for authenticator apps: the parameters every app
//! accepts (SHA-1, 6 digits, 30-second steps), one step of clock skew either way, and the
//! replay rule RFC 6238 §5.2 asks for — a step, once accepted, never again. Secrets are 160
//! random bits; callers seal them with the KEK before storing them.

use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::token::random_bytes;

/// 160 bits, as RFC 4226 §4 recommends.
pub fn generate_secret() -> Vec<u8> {
    random_bytes::<20>().to_vec()
}

fn authenticator(secret: &[u8], issuer: &str, account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::from(secret.to_vec()))
        // A colon would break the otpauth label "issuer:account".
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The secret as people type it into an app: base32.
pub fn secret_text(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

/// The `otpauth://` URL that authenticator apps read from the QR code.
pub fn otpauth_url(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    authenticator(secret, issuer, account)?.to_url().ok()
}

/// The URL as an inline SVG QR code, drawn here: no image library, no outside service.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: the XML declaration in front has no place there.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

/// Checks `code` at `now` (one step of skew either way). Returns the matched step when it is
/// later than `last_step`, the newest step accepted before: an accepted code cannot be
/// replayed, nor can an older one.
pub fn verify(secret: &[u8], code: &str, now: i64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) || now < 0 {
        return None;
    }
    let totp = authenticator(secret, "gatehouse", "user")?;
    let step = i64::try_from(totp.check(&code, now as u64)?).ok()?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code for `time` (tests and tools compute codes the way an app does).
pub fn code_at(secret: &[u8], time: i64) -> Option<String> {
    let totp = authenticator(secret, "gatehouse", "user")?;
    Some(totp.generate(u64::try_from(time).ok()?).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_vector_and_skew() {
        // RFC 6238 Appendix B, SHA-1: at T = 59 s the 8-digit code is 94287082 (6 digits: 287082).
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59).unwrap(), "287082");
        let now = 1_000_000_000;
        let code = code_at(secret, now).unwrap();
        let step = verify(secret, &code, now, None).expect("current code");
        assert_eq!(step, now / 30);
        assert!(
            verify(secret, &code_at(secret, now - 30).unwrap(), now, None).is_some(),
            "one step behind"
        );
        assert!(
            verify(secret, &code_at(secret, now + 30).unwrap(), now, None).is_some(),
            "one step ahead"
        );
        assert!(
            verify(secret, &code_at(secret, now - 90).unwrap(), now, None).is_none(),
            "too old"
        );
        assert!(verify(secret, "12345", now, None).is_none());
        assert!(verify(secret, "abcdef", now, None).is_none());
    }

    #[test]
    fn accepted_steps_cannot_be_replayed() {
        let secret = generate_secret();
        let now = 1_700_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = verify(&secret, &code, now, None).unwrap();
        assert_eq!(
            verify(&secret, &code, now, Some(step)),
            None,
            "same code again"
        );
        let previous = code_at(&secret, now - 30).unwrap();
        assert_eq!(
            verify(&secret, &previous, now, Some(step)),
            None,
            "an older code after a newer one"
        );
        let next = code_at(&secret, now + 30).unwrap();
        assert_eq!(verify(&secret, &next, now + 30, Some(step)), Some(step + 1));
    }

    #[test]
    fn enrollment_material() {
        let secret = generate_secret();
        assert_eq!(secret.len(), 20);
        let url = otpauth_url(&secret, "Acme: ID", "ada@example.com").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&secret_text(&secret)));
        assert!(url.contains("issuer=Acme"));
        let svg = qr_svg(&url).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}

//! Password hashing with argon2id (RustCrypto defaults: m=19 MiB, t=2, p=1, as OWASP
//! recommends). Both calls are CPU-heavy: callers run them on [`super::pool::CpuPool`].

use std::cell::RefCell;
use std::sync::LazyLock;

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};

pub fn hash(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters cannot fail on a bounded password")
        .to_string()
}

/// A hash of a password nobody knows, verified when the account does not exist so that a
/// sign-in for an unknown e-mail costs the same time as one for a known e-mail.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash("gatehouse-dummy-password-for-timing"));

/// Checks `password` against `stored` (a PHC string); with no stored hash it burns the same
/// time and fails.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(phc) => verify_phc(password, phc).unwrap_or(false),
        None => {
            let _ = verify_phc(password, DUMMY_HASH.as_str());
            false
        }
    }
}

thread_local! {
    /// The argon2 working memory (19 MiB with the defaults) of this thread, kept between
    /// checks: allocating, zeroing and faulting it in anew cost every check a few
    /// milliseconds, and freed 19 MiB blocks fragmented the heap. Only the few CPU worker
    /// threads check passwords, so this is bounded by their number.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// What `PasswordVerifier::verify_password` does (the stored algorithm, version and
/// parameters; a constant-time comparison of the outputs), on this thread's reused memory.
fn verify_phc(password: &str, phc: &str) -> Option<bool> {
    let parsed = PasswordHash::new(phc).ok()?;
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).ok()?;
    let (salt, expected) = (parsed.salt.as_ref()?, parsed.hash.as_ref()?);
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut computed = vec![0u8; expected.len()];
    BLOCKS.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut computed,
                &mut memory[..blocks],
            )
            .ok()
    })?;
    // `Output`'s equality is constant-time.
    Some(Output::new(&computed).ok()? == *expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse battery staple");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery staple", Some(&h)));
        assert!(!verify("wrong", Some(&h)));
        assert!(!verify("anything", None));
        assert!(!verify("anything", Some("not a phc string")));
    }

    #[test]
    fn hashes_with_other_parameters_verify_on_the_reused_memory() {
        // A hash made elsewhere with smaller parameters (and a longer output), then ours:
        // the thread's memory is resized and reused, never confused between them.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, Some(48)).unwrap(),
        )
        .hash_password(b"tr0ub4dor")
        .unwrap()
        .to_string();
        let ours = hash("correct horse battery staple");
        for _ in 0..2 {
            assert!(verify("tr0ub4dor", Some(&small)));
            assert!(!verify("tr0ub4dor!", Some(&small)));
            assert!(verify("correct horse battery staple", Some(&ours)));
            assert!(!verify("tr0ub4dor", Some(&ours)));
        }
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, Params::default())
            .hash_password(b"x")
            .unwrap()
            .to_string();
        assert!(
            verify("x", Some(&argon2i)),
            "the stored algorithm is honoured"
        );
    }
}

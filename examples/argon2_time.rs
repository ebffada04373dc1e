//! The time one password check takes on this machine, through Gatehouse's own
//! `crypto::password::verify` (argon2id, the stored parameters): the floor under every
//! password sign-in, and so the sign-in limit of a core. `benches/compare.py` runs it pinned
//! to the core Gatehouse runs on and prints `{"argon2_ms": …}`.

use gatehouse::crypto::password;

fn main() {
    let stored = password::hash("correct horse battery staple");
    // One check first, so that the timed ones find the allocator as a running node does.
    assert!(password::verify(
        "correct horse battery staple",
        Some(&stored)
    ));
    let runs = 40;
    let started = std::time::Instant::now();
    for _ in 0..runs {
        assert!(password::verify(
            "correct horse battery staple",
            Some(&stored)
        ));
    }
    let each_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!("{{\"argon2_ms\": {each_ms:.2}}}");
}

//! The fuzz targets in `fuzz/`, each run for a short bounded time as part of `cargo test`
//! (a test binary of its own: cargo runs test binaries one after another, so the fuzzer has
//! the machine to itself instead of competing with the integration tests).
//!
//! Needs `cargo-fuzz` (`cargo install cargo-fuzz`); without it the test prints why it skips,
//! and under CI (`CI=true`) a missing cargo-fuzz is a failure. `GATEHOUSE_FUZZ_SECONDS` sets
//! each target's time (default 25 s; 0 skips). The corpus and any crash artifact go to a
//! temporary directory, whose path a failure prints together with the fuzzer's last lines.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DEFAULT_SECONDS: u64 = 25;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn cargo_fuzz(repo: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .arg("fuzz")
        .current_dir(repo)
        // cargo-fuzz passes nightly-only flags; the stable toolchain accepts them with this.
        .env("RUSTC_BOOTSTRAP", "1")
        // The fuzz package's own target directory: its instrumented build must not replace
        // the main build's artifacts.
        .env("CARGO_TARGET_DIR", repo.join("fuzz").join("target"));
    command
}

fn installed(repo: &Path) -> bool {
    cargo_fuzz(repo)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_fuzz_target_runs_clean_for_its_time() {
    let seconds: u64 = std::env::var("GATEHOUSE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SECONDS);
    if seconds == 0 {
        eprintln!("skipped: GATEHOUSE_FUZZ_SECONDS=0");
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !installed(&repo) {
        assert!(
            !in_ci(),
            "CI must install cargo-fuzz (cargo install cargo-fuzz --locked)"
        );
        eprintln!("skipped: cargo-fuzz is not installed (cargo install cargo-fuzz --locked)");
        return;
    }

    // No sanitizer: the code is safe Rust, and without ASan the build is lean and each run
    // makes several times as many attempts.
    let started = Instant::now();
    let build = cargo_fuzz(&repo)
        .args(["build", "-s", "none"])
        .status()
        .expect("cargo fuzz build runs");
    assert!(build.success(), "the fuzz targets do not build");
    eprintln!("fuzz targets built in {:.0?}", started.elapsed());

    let listed = cargo_fuzz(&repo)
        .arg("list")
        .output()
        .expect("cargo fuzz list runs");
    let targets: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert!(targets.len() >= 9, "fuzz targets: {targets:?}");

    let scratch = tempfile::tempdir().expect("a temporary directory");
    let mut failures = Vec::new();
    for target in &targets {
        let corpus = scratch.path().join("corpus").join(target);
        let artifacts = scratch.path().join("artifacts").join(target);
        std::fs::create_dir_all(&corpus).expect("corpus dir");
        std::fs::create_dir_all(&artifacts).expect("artifacts dir");
        let seeds = repo.join("fuzz").join("seeds").join(target);
        let mut run = cargo_fuzz(&repo);
        run.args(["run", "-s", "none", target]).arg(&corpus);
        if seeds.is_dir() {
            run.arg(&seeds);
        }
        let run = run
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-max_len=4096")
            .arg("-rss_limit_mb=1024")
            .arg("-print_final_stats=1")
            .output()
            .expect("cargo fuzz run runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let runs = stderr
            .lines()
            .find(|l| l.starts_with("stat::number_of_executed_units:"))
            .and_then(|l| l.rsplit(' ').next())
            .unwrap_or("?")
            .to_string();
        eprintln!("{target}: {runs} inputs in {seconds} s");
        if !run.status.success() {
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            failures.push(format!(
                "{target} failed (artifacts in {}):\n{}",
                artifacts.display(),
                tail.join("\n")
            ));
        }
    }
    if !failures.is_empty() {
        // Keep the artifacts for whoever reads the failure.
        let kept = scratch.keep();
        panic!(
            "fuzzing found problems (kept in {}):\n\n{}",
            kept.display(),
            failures.join("\n\n")
        );
    }
}

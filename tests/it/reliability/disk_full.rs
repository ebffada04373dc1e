//! A full disk (issue 14), made real without root: the binary runs under `ulimit -f`, so no
//! file may grow past a size, and a write past it fails as it would on a full file system
//! (`SIGXFSZ` ignored; the write returns an error).
//!
//! - SQLite: the limit sits just above the database's size at start, so the sign-ups soon
//!   meet it. Each answer is the account page's redirect or the clear 503 page, never a 500 or
//!   a dead process; after a restart without the limit the file passes SQLite's integrity
//!   check, every acknowledged account is there, and sign-ups work again.
//! - The development outbox (with the database on PostgreSQL, so only the outbox writes
//!   files): a sign-up still succeeds, the half-written message is removed rather than left
//!   truncated in the outbox, and the verification mail arrives once there is room.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use super::crash::{Node, free_port, integrity_check, try_sign_up};
use crate::helpers::*;

/// 512-byte blocks of room above the largest file at start.
const ROOM_BLOCKS: u64 = 128;

async fn sign_up(base: &str, email: &str) -> (u16, String) {
    try_sign_up(base, email)
        .await
        .expect("the server answers the sign-up")
}

fn largest_file(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

fn outbox_files(data: &Path) -> Vec<String> {
    std::fs::read_dir(data.join("outbox"))
        .map(|entries| {
            entries
                .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_full_disk_under_sqlite_gets_a_clear_answer_and_corrupts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node {
        dir: dir.path().to_path_buf(),
        database_url: None,
        port: free_port(),
    };
    // The database, its migrations and the keys exist before the limit.
    node.cli(
        &[
            "users",
            "add",
            "--email",
            "first@example.com",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    let data = node.dir.join("data");
    let blocks = largest_file(&data) / 512 + ROOM_BLOCKS;
    let mut server = node.start_with(node.command_with_file_limit(blocks)).await;
    let base = node.base();

    let (mut acknowledged, mut refused) = (Vec::new(), 0);
    let until = Instant::now() + Duration::from_secs(60);
    let mut i = 0;
    while refused < 3 && Instant::now() < until {
        i += 1;
        let email = format!("full{i}@example.com");
        let (status, page) = sign_up(&base, &email).await;
        match status {
            303 => acknowledged.push(email),
            503 => {
                assert!(page.contains("try again"), "a clear message: {page}");
                refused += 1;
            }
            other => panic!("sign-up {i} on a full disk answered {other}: {page}"),
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "the process survives a full disk"
        );
    }
    assert!(
        refused >= 3,
        "the file limit was met (after {} sign-ups)",
        acknowledged.len()
    );
    eprintln!(
        "full disk: {} sign-ups acknowledged, then {refused} refused with 503",
        acknowledged.len()
    );
    // Reading still works, and the process says it is alive.
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    let discovery = reqwest::get(format!("{base}/.well-known/openid-configuration"))
        .await
        .unwrap();
    assert_eq!(discovery.status(), 200);
    server.kill().ok();
    server.wait().ok();

    integrity_check(&data).await;
    let mut server = node.start().await;
    let users = node.cli(&["users", "list"], None).to_string();
    for email in &acknowledged {
        assert!(
            users.contains(&format!("\"{email}\"")),
            "{email} was acknowledged, so it is kept"
        );
    }
    let (status, page) = sign_up(&base, "after@example.com").await;
    assert_eq!(
        status, 303,
        "sign-ups work again once there is room: {page}"
    );
    server.kill().ok();
    server.wait().ok();
}

#[tokio::test]
async fn a_full_disk_under_the_outbox_leaves_no_half_written_mail() {
    // PostgreSQL keeps the database off the disk, so the outbox is all that writes files.
    if required_env("DATABASE_URL", "PostgreSQL").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let node = Node {
        dir: dir.path().to_path_buf(),
        database_url: Some(fresh_postgres_url().await),
        port: free_port(),
    };
    node.cli(
        &[
            "users",
            "add",
            "--email",
            "first@example.com",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    let data = node.dir.join("data");
    // One block: no message fits.
    let mut server = node.start_with(node.command_with_file_limit(1)).await;
    let base = node.base();
    let (status, page) = sign_up(&base, "queued@example.com").await;
    assert_eq!(status, 303, "the sign-up itself succeeds: {page}");
    // The background delivery tries (and fails) at once, then again with backoff. Each failed
    // attempt's `.part` exists for the moment between the failed write and its removal, so a
    // poll may catch one (as a loaded CI machine once did); one still there a second after it
    // was first seen was left behind.
    let mut first_seen: HashMap<String, Instant> = HashMap::new();
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let partial: Vec<String> = outbox_files(&data)
            .into_iter()
            .filter(|f| f.ends_with(".part"))
            .collect();
        first_seen.retain(|name, _| partial.contains(name));
        for name in partial {
            let seen = *first_seen.entry(name.clone()).or_insert_with(Instant::now);
            assert!(
                seen.elapsed() < Duration::from_secs(1),
                "a half-written message stays: {name}"
            );
        }
    }
    assert!(
        outbox_files(&data).iter().all(|f| !f.ends_with(".eml")),
        "nothing was delivered while the disk was full: {:?}",
        outbox_files(&data)
    );
    assert!(server.try_wait().unwrap().is_none(), "the process survives");

    // Room again (the limit lifted from the running process): the delivery retried in the
    // background gets the verification out without anyone asking again.
    let lifted = std::process::Command::new("prlimit")
        .args(["--pid", &server.id().to_string(), "--fsize=unlimited:"])
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(lifted.success());
    let until = Instant::now() + Duration::from_secs(30);
    while !outbox_files(&data).iter().any(|f| f.ends_with(".eml")) {
        assert!(
            Instant::now() < until,
            "the verification arrives once there is room"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        outbox_files(&data).iter().all(|f| !f.ends_with(".part")),
        "no half-written message is left once the mail is out: {:?}",
        outbox_files(&data)
    );
    let users = node.cli(&["users", "list"], None).to_string();
    assert!(users.contains("\"queued@example.com\""));
    server.kill().ok();
    server.wait().ok();
}

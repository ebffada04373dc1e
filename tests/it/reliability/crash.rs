//! `kill -9` under load (issue 14): the real binary serves client-credentials tokens,
//! sign-ins with code exchanges and refresh rotations, and sign-ups at once; it is killed
//! without warning and started again on the same database and keys. Everything a client was
//! told had happened is still there and works: the tokens verify and introspect active (the
//! signing key survived), the refresh tokens rotate, the browser's session is still signed
//! in, the registered accounts exist; SQLite's file passes its integrity check.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::redirect::Policy;

use crate::helpers::*;

const REDIRECT: &str = "http://127.0.0.1:9/callback";

/// Signs a new person up through the form as a browser would: the status and page of the
/// form's answer, or `None` once the server stops answering (it may have been killed).
pub(super) async fn try_sign_up(base: &str, email: &str) -> Option<(u16, String)> {
    let browser = no_redirects();
    let page = browser
        .get(format!("{base}/register"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let response = browser
        .post(format!("{base}/register"))
        .form(&[
            ("csrf", hidden_value(&page, "csrf").as_str()),
            ("first_name", "New"),
            ("last_name", "Person"),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.text().await.unwrap_or_default()))
}

/// The real binary on a directory and database of its own (shared with `disk_full.rs`).
pub(super) struct Node {
    pub dir: std::path::PathBuf,
    pub database_url: Option<String>,
    pub port: u16,
}

impl Node {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> Command {
        self.configured(Command::new(env!("CARGO_BIN_EXE_gatehouse")))
    }

    /// The binary with no file allowed to grow past `blocks` × 512 bytes (`ulimit -S -f`: a
    /// soft limit, which the test may lift again from outside with `prlimit`), and
    /// `SIGXFSZ` ignored, so a write past it fails with an error as on a full disk instead of
    /// killing the process.
    pub fn command_with_file_limit(&self, blocks: u64) -> Command {
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(r#"trap "" XFSZ; ulimit -S -f "$0" || exit 97; exec "$@""#)
            .arg(blocks.to_string())
            .arg(env!("CARGO_BIN_EXE_gatehouse"));
        self.configured(shell)
    }

    fn configured(&self, mut command: Command) -> Command {
        command
            .current_dir(&self.dir)
            .env_remove("GATEHOUSE_CONFIG")
            .env("GATEHOUSE_DATA_DIR", self.dir.join("data"))
            .env("GATEHOUSE_KEYS_DIR", self.dir.join("keys"))
            .env("GATEHOUSE_ISSUER", self.base())
            .env("GATEHOUSE_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("GATEHOUSE_RATE_LIMITS__MAX_FAILURES", "1000000")
            .env("GATEHOUSE_LOG", "warn");
        if let Some(url) = &self.database_url {
            command.env("GATEHOUSE_DATABASE_URL", url);
        }
        command
    }

    /// Runs a command-line action to completion and returns its JSON output.
    pub fn cli(&self, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run gatehouse");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null)
    }

    /// Starts the server and waits until it is ready.
    pub async fn start(&self) -> Child {
        self.start_with(self.command()).await
    }

    /// Starts `command` (the binary, perhaps wrapped) and waits until it is ready.
    pub async fn start_with(&self, mut command: Command) -> Child {
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gatehouse");
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until {
            if let Ok(r) = reqwest::get(format!("{}/readyz", self.base())).await
                && r.status() == 200
            {
                return child;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        child.kill().ok();
        child.wait().ok();
        panic!("the node did not become ready");
    }
}

pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(super) fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// What the clients were told had happened before the kill.
#[derive(Default)]
struct Acknowledged {
    access_tokens: Vec<String>,
    refresh_tokens: Vec<String>,
    accounts: Vec<String>,
}

#[tokio::test]
async fn a_node_killed_under_load_keeps_everything_it_acknowledged() {
    for db in databases() {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match db {
            Db::Sqlite => None,
            Db::Postgres => Some(fresh_postgres_url().await),
        };
        let node = Node {
            dir: dir.path().to_path_buf(),
            database_url,
            port: free_port(),
        };
        let client = node.cli(
            &[
                "clients",
                "add",
                "--name",
                "Load",
                "--first-party",
                "--redirect-uri",
                REDIRECT,
                "--grant-type",
                "authorization_code",
                "--grant-type",
                "refresh_token",
                "--grant-type",
                "client_credentials",
            ],
            None,
        );
        let (id, secret) = (
            client["client_id"].as_str().unwrap().to_string(),
            client["client_secret"].as_str().unwrap().to_string(),
        );
        node.cli(
            &[
                "users",
                "add",
                "--email",
                "ada@example.com",
                "--password-stdin",
            ],
            Some(&format!("{PASSWORD}\n")),
        );
        let mut server = node.start().await;
        let base = node.base();

        // A browser signs in before the load; its session must outlive the crash.
        let browser = no_redirects();
        let page = browser
            .get(format!("{base}/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let signed_in = browser
            .post(format!("{base}/login"))
            .form(&[
                ("csrf", hidden_value(&page, "csrf").as_str()),
                ("email", "ada@example.com"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&signed_in), "/account", "{db:?}");

        let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
        let mut load = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (base, id, secret, seen) = (
                base.clone(),
                id.clone(),
                secret.clone(),
                acknowledged.clone(),
            );
            load.spawn(async move {
                let http = reqwest::Client::new();
                loop {
                    let Ok(r) = http
                        .post(format!("{base}/token"))
                        .basic_auth(&id, Some(&secret))
                        .form(&[("grant_type", "client_credentials")])
                        .send()
                        .await
                    else {
                        return;
                    };
                    if let Ok(body) = r.json::<serde_json::Value>().await
                        && let Some(token) = body["access_token"].as_str()
                    {
                        seen.lock().unwrap().access_tokens.push(token.to_string());
                    }
                }
            });
        }
        {
            let (base, id, secret, seen, browser) = (
                base.clone(),
                id.clone(),
                secret.clone(),
                acknowledged.clone(),
                browser.clone(),
            );
            load.spawn(async move {
                let http = reqwest::Client::new();
                loop {
                    let (challenge, verifier) =
                        openidconnect::PkceCodeChallenge::new_random_sha256();
                    let authorize = format!(
                        "{base}/authorize?client_id={id}&redirect_uri={REDIRECT}&response_type=code&scope=openid%20offline_access&state=s&code_challenge={}&code_challenge_method=S256",
                        challenge.as_str()
                    );
                    let Ok(r) = browser.get(authorize).send().await else { return };
                    let Some(code) = query_param(&location(&r), "code") else { return };
                    let exchange = [
                        ("grant_type", "authorization_code"),
                        ("code", code.as_str()),
                        ("redirect_uri", REDIRECT),
                        ("code_verifier", verifier.secret().as_str()),
                    ];
                    let Ok(r) = http
                        .post(format!("{base}/token"))
                        .basic_auth(&id, Some(&secret))
                        .form(&exchange)
                        .send()
                        .await
                    else {
                        return;
                    };
                    let Ok(tokens) = r.json::<serde_json::Value>().await else { return };
                    let Some(first) = tokens["refresh_token"].as_str() else { return };
                    let Ok(r) = http
                        .post(format!("{base}/token"))
                        .basic_auth(&id, Some(&secret))
                        .form(&[("grant_type", "refresh_token"), ("refresh_token", first)])
                        .send()
                        .await
                    else {
                        return;
                    };
                    let Ok(rotated) = r.json::<serde_json::Value>().await else { return };
                    if let Some(next) = rotated["refresh_token"].as_str() {
                        seen.lock().unwrap().refresh_tokens.push(next.to_string());
                    }
                }
            });
        }
        {
            let (base, seen) = (base.clone(), acknowledged.clone());
            load.spawn(async move {
                for i in 0.. {
                    let email = format!("new{i}@example.com");
                    let Some((status, _)) = try_sign_up(&base, &email).await else {
                        return;
                    };
                    if (200..400).contains(&status) {
                        seen.lock().unwrap().accounts.push(email);
                    }
                }
            });
        }

        tokio::time::sleep(Duration::from_millis(2500)).await;
        server.kill().expect("kill -9");
        server.wait().unwrap();
        load.join_all().await;
        let seen = std::mem::take(&mut *acknowledged.lock().unwrap());
        assert!(
            seen.access_tokens.len() > 10 && !seen.refresh_tokens.is_empty(),
            "{db:?}: the load ran ({} tokens, {} refresh tokens, {} accounts)",
            seen.access_tokens.len(),
            seen.refresh_tokens.len(),
            seen.accounts.len()
        );

        eprintln!(
            "{db:?}: killed after {} tokens, {} rotations and {} sign-ups were acknowledged",
            seen.access_tokens.len(),
            seen.refresh_tokens.len(),
            seen.accounts.len()
        );
        if db == Db::Sqlite {
            integrity_check(&node.dir.join("data")).await;
        }
        let mut server = node.start().await;

        let http = reqwest::Client::new();
        for token in seen.access_tokens.iter().rev().take(50) {
            let seen_now: serde_json::Value = http
                .post(format!("{base}/introspect"))
                .basic_auth(&id, Some(&secret))
                .form(&[("token", token.as_str())])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(seen_now["active"], true, "{db:?}: {seen_now}");
        }
        for refresh in &seen.refresh_tokens {
            let r = http
                .post(format!("{base}/token"))
                .basic_auth(&id, Some(&secret))
                .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                200,
                "{db:?}: an acknowledged refresh token rotates"
            );
        }
        let account = browser.get(format!("{base}/account")).send().await.unwrap();
        assert_eq!(account.status(), 200, "{db:?}: the session survived");
        let users = node.cli(&["users", "list"], None).to_string();
        for email in &seen.accounts {
            assert!(
                users.contains(&format!("\"{email}\"")),
                "{db:?}: {email} was registered"
            );
        }
        server.kill().ok();
        server.wait().ok();
    }
}

/// SQLite's own check of the database file: every page and index consistent.
pub(super) async fn integrity_check(data: &Path) {
    use sqlx::Connection;
    let file = std::fs::read_dir(data)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .find(|p| {
            p.extension()
                .is_some_and(|e| e == "db" || e == "sqlite" || e == "sqlite3")
        })
        .expect("the SQLite file");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let result: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(result, "ok");
    conn.close().await.ok();
}

/// `SIGTERM` (issue 14): the real binary stops taking connections, lets the request in
/// flight finish (here one whose body is still arriving), and exits cleanly, promptly.
#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_exits() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let node = Node {
        dir: dir.path().to_path_buf(),
        database_url: None,
        port: free_port(),
    };
    let mut server = node.start().await;
    let address = format!("127.0.0.1:{}", node.port);

    // A token request whose body has only half arrived when the signal comes.
    let body = "grant_type=client_credentials&client_id=nobody&client_secret=wrong";
    let (first, rest) = body.split_at(20);
    let mut in_flight = tokio::net::TcpStream::connect(&address).await.unwrap();
    in_flight
        .write_all(
            format!(
                "POST /token HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let term = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        tokio::net::TcpStream::connect(&address).await.is_err(),
        "new connections are refused once stopping"
    );

    in_flight.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 401"),
        "the request in flight is answered: {answer}"
    );

    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the node did not exit"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
}

//! The command line as scripts use it: JSON on stdout, errors on stderr with a non-zero exit.

use std::io::Write;
use std::process::{Command, Stdio};

fn gatehouse(
    dir: &std::path::Path,
    args: &[&str],
    stdin: Option<&str>,
) -> (bool, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(args)
        .current_dir(dir)
        .env_remove("GATEHOUSE_CONFIG")
        .env("GATEHOUSE_DATA_DIR", dir.join("data"))
        .env("GATEHOUSE_KEYS_DIR", dir.join("keys"))
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
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(serde_json::Value::Null);
    (output.status.success(), json, stderr)
}

#[test]
fn clients_users_and_keys_commands() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (ok, out, err) = gatehouse(
        d,
        &[
            "clients",
            "add",
            "--name",
            "Demo",
            "--redirect-uri",
            "http://127.0.0.1:5555/callback",
            "--first-party",
        ],
        None,
    );
    assert!(ok, "{err}");
    let id = out["client_id"].as_str().unwrap().to_string();
    let secret = out["client_secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 43, "256-bit secret");
    assert!(!err.contains(&secret), "the secret is never logged");

    let (ok, out, _) = gatehouse(
        d,
        &[
            "clients",
            "add",
            "--name",
            "SPA",
            "--public",
            "--redirect-uri",
            "http://localhost:3000/cb",
        ],
        None,
    );
    assert!(ok);
    assert!(
        out.get("client_secret").is_none(),
        "public clients get no secret"
    );

    let (ok, list, _) = gatehouse(d, &["clients", "list"], None);
    assert!(ok);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !list.to_string().contains(&secret),
        "list never shows secrets"
    );

    let (ok, rotated, err) = gatehouse(d, &["clients", "rotate-secret", &id], None);
    assert!(ok, "{err}");
    assert_ne!(rotated["client_secret"].as_str().unwrap(), secret);

    let (ok, _, err) = gatehouse(
        d,
        &[
            "clients",
            "add",
            "--name",
            "Bad",
            "--redirect-uri",
            "http://evil.example/cb",
        ],
        None,
    );
    assert!(!ok);
    assert!(
        err.contains("--redirect-uri") && err.contains("https"),
        "{err}"
    );

    let (ok, user, err) = gatehouse(
        d,
        &[
            "users",
            "add",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "--privilege",
            "developer",
            "--first-name",
            "Ada",
            "--last-name",
            "Lovelace",
        ],
        Some("correct horse battery staple\n"),
    );
    assert!(ok, "{err}");
    assert!(user["id"].is_string());
    assert!(
        !err.contains("correct horse"),
        "passwords never reach the log"
    );
    // An administrator may ask for verification: the message goes to the outbox.
    let (ok, pending, err) = gatehouse(
        d,
        &[
            "users",
            "add",
            "--email",
            "pending@example.com",
            "--require-verification",
        ],
        None,
    );
    assert!(ok, "{err}");
    assert_eq!(pending["verification_sent"], true);
    let outbox: Vec<_> = std::fs::read_dir(d.join("data/outbox")).unwrap().collect();
    assert_eq!(outbox.len(), 1);
    let (ok, _, err) = gatehouse(d, &["users", "add", "--email", "ada@example.com"], None);
    assert!(!ok && err.contains("already exists"), "{err}");
    let (ok, _, err) = gatehouse(
        d,
        &[
            "users",
            "add",
            "--email",
            "weak@example.com",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!ok && err.contains("at least 12"), "{err}");
    let (ok, users, _) = gatehouse(d, &["users", "list"], None);
    assert!(ok);
    let ada = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "ada@example.com")
        .unwrap();
    assert_eq!(ada["privileges"], serde_json::json!(["developer"]));
    assert_eq!(ada["must_change_password"], false);
    let (ok, set, _) = gatehouse(
        d,
        &[
            "users",
            "set-password",
            "--email",
            "ada@example.com",
            "--temporary",
        ],
        Some("another long passphrase\n"),
    );
    assert!(ok);
    assert_eq!(set["must_change_password"], true);

    let (ok, keys, _) = gatehouse(d, &["keys", "list"], None);
    assert!(ok);
    assert_eq!(keys.as_array().unwrap().len(), 2);
    let (ok, rotated, _) = gatehouse(d, &["keys", "rotate"], None);
    assert!(ok);
    let states: Vec<&str> = rotated
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states.iter().filter(|s| **s == "retired").count(),
        1,
        "{states:?}"
    );

    let (ok, removed, _) = gatehouse(d, &["clients", "remove", &id], None);
    assert!(ok && removed["removed"] == id.as_str());
    let (ok, _, err) = gatehouse(d, &["clients", "remove", &id], None);
    assert!(!ok && err.contains("no client"));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("keys/kek"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn bad_configuration_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
        cmd.args(args)
            .current_dir(dir.path())
            .env_remove("GATEHOUSE_CONFIG");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, err) = run(&[("GATEHOUSE_LISTEN", "not-an-address")], &["migrate"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("listen"), "{err}");
    let (code, err) = run(&[("GATEHOUSE_ISSUER", "ftp://x")], &["migrate"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("issuer"), "{err}");
    let (code, err) = run(&[("GATEHOUSE_NO_SUCH_SETTING", "1")], &["migrate"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no_such_setting"), "{err}");
    let (code, err) = run(
        &[("GATEHOUSE_TOKENS__ACCESS_TOKEN_TTL_SECS", "-5")],
        &["migrate"],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("tokens.access_token_ttl_secs"), "{err}");
    let (code, err) = run(&[], &["--config", "/nonexistent/gatehouse.toml", "migrate"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("does not exist"), "{err}");
    let toml = dir.path().join("g.toml");
    std::fs::write(
        &toml,
        "appname = \"Acme ID\"\n[tokens]\nsigning_alg = \"HS256\"\n",
    )
    .unwrap();
    let (code, err) = run(&[], &["--config", toml.to_str().unwrap(), "migrate"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("signing_alg") || err.contains("HS256"),
        "{err}"
    );
}

/// The command line acts through the same use-cases as the console and the API, as the
/// operator: its changes are in the audit trail like anyone's.
#[test]
fn command_line_actions_are_audited_as_the_operator() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (ok, out, err) = gatehouse(
        d,
        &[
            "clients",
            "add",
            "--name",
            "Robot",
            "--grant-type",
            "client_credentials",
        ],
        None,
    );
    assert!(ok, "{err}");
    let client = out["client_id"].as_str().unwrap().to_string();
    let (ok, out, err) = gatehouse(
        d,
        &[
            "users",
            "add",
            "--email",
            "ops@example.com",
            "--first-name",
            "Op",
        ],
        None,
    );
    assert!(ok, "{err}");
    let user = out["id"].as_str().unwrap().to_string();
    let (ok, _, err) = gatehouse(
        d,
        &["users", "set-password", "--user-id", &user, "--temporary"],
        Some("violet tangerine harbour lantern\n"),
    );
    assert!(ok, "{err}");
    let (ok, _, err) = gatehouse(d, &["clients", "rotate-secret", &client], None);
    assert!(ok, "{err}");
    let (ok, _, err) = gatehouse(d, &["clients", "remove", &client], None);
    assert!(ok, "{err}");
    // A weak password is refused by the same rules as everywhere else.
    let (ok, _, err) = gatehouse(
        d,
        &["users", "set-password", "--email", "ops@example.com"],
        Some("password\n"),
    );
    assert!(!ok && err.contains("password refused"), "{err}");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let rows: Vec<(String, String)> = runtime.block_on(async {
        let url = format!("sqlite://{}", d.join("data/gatehouse.sqlite").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query_as("SELECT kind, detail FROM audit_events ORDER BY at")
            .fetch_all(&pool)
            .await
            .unwrap()
    });
    for kind in [
        "admin_client_created",
        "admin_user_created",
        "admin_password_set",
        "admin_client_secret_rotated",
        "admin_client_deleted",
    ] {
        let row = rows
            .iter()
            .find(|(k, _)| k == kind)
            .unwrap_or_else(|| panic!("{kind} audited: {rows:?}"));
        assert!(
            row.1.contains("operator"),
            "{kind} names the operator: {}",
            row.1
        );
    }
}

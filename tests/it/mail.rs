//! The outgoing-mail module on its own: SMTP delivery to the test sink, the development
//! outbox, and the failures a caller must be able to handle (relay down or silent, bad
//! recipient) without a panic or a hung request.

use std::time::Duration;

use gatehouse::config::{Settings, SmtpSecurity, SmtpSettings};
use gatehouse::mail::{MailError, Mailer, Message};
use tempfile::TempDir;

use crate::smtp_sink::SmtpSink;

const FROM: &str = "Gatehouse <no-reply@gatehouse.test>";

fn settings(dir: &TempDir, smtp: SmtpSettings) -> Settings {
    Settings {
        data_dir: dir.path().join("data"),
        smtp,
        ..Settings::default()
    }
}

/// Plain SMTP to 127.0.0.1:`port`, as a relay on localhost would be configured.
fn plain_smtp(port: u16, timeout_secs: u64) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        from: FROM.into(),
        timeout_secs,
        ..SmtpSettings::default()
    }
}

fn message(to: &str, subject: &str, text: &str) -> Message {
    Message {
        to: to.into(),
        subject: subject.into(),
        text: text.into(),
        html: format!("<p>{}</p>", text.replace('\n', "<br>")),
    }
}

/// A port nothing listens on: bound once to get a free number, then released.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn smtp_delivers_text_and_html_intact() {
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mailer = Mailer::from_settings(&settings(&dir, plain_smtp(sink.port, 5))).expect("mailer");
    assert!(mailer.outbox_dir().is_none());

    // Mostly ASCII (lettre picks quoted-printable) with lines starting with dots, which SMTP
    // must dot-stuff; then mostly non-ASCII (lettre picks base64). Two sends also reuse the
    // pooled connection.
    let mostly_ascii =
        "Grüße, Ada!\n.a line starting with a dot\n..and two\n.\nYour code is 123456.";
    let mostly_other = "Grüße Grüße Grüße Grüße Привет мир ÄÖÜ äöü ß — 你好 ✓";
    let cases = [
        (
            "ada@example.com",
            "Your Gatehouse code — Grüße",
            mostly_ascii,
        ),
        ("bob@example.com", "Привет", mostly_other),
    ];
    for (to, subject, text) in cases {
        mailer
            .send(&message(to, subject, text))
            .await
            .expect("sent");
        let got = sink.wait_for(to, Duration::from_secs(5)).await;
        assert_eq!(got.from, "no-reply@gatehouse.test");
        assert_eq!(got.to, vec![to.to_string()]);
        assert!(
            got.header("Content-Type")
                .is_some_and(|v| v.starts_with("multipart/alternative")),
            "not multipart/alternative:\n{}",
            got.data
        );
        assert!(got.header("Message-ID").is_some(), "no Message-ID");
        assert_eq!(got.header("To").as_deref(), Some(to));
        assert_eq!(got.subject(), subject);
        assert_eq!(got.text_body(), text);
        assert!(
            got.html_body().starts_with("<p>Grüße"),
            "{}",
            got.html_body()
        );
    }
    assert_eq!(sink.messages().len(), 2);
}

#[tokio::test]
async fn empty_host_writes_eml_files_to_the_outbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp = SmtpSettings {
        host: String::new(),
        from: FROM.into(),
        ..SmtpSettings::default()
    };
    let settings = settings(&dir, smtp);
    let mailer = Mailer::from_settings(&settings).expect("mailer");
    let outbox = settings.data_dir.join("outbox");
    assert_eq!(mailer.outbox_dir(), Some(outbox.as_path()));

    for n in 1..=2 {
        let text = format!("Your code is 65432{n}.");
        mailer
            .send(&message("ada@example.com", &format!("Code {n}"), &text))
            .await
            .expect("written");
    }

    let mut files: Vec<_> = std::fs::read_dir(&outbox)
        .expect("outbox exists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    for (n, path) in (1..=2).zip(&files) {
        assert_eq!(path.extension().and_then(|e| e.to_str()), Some("eml"));
        let eml = std::fs::read_to_string(path).expect("read eml");
        assert!(eml.contains(&format!("Subject: Code {n}\r\n")), "{eml}");
        assert!(eml.contains("To: ada@example.com\r\n"), "{eml}");
        assert!(
            eml.contains("From: Gatehouse <no-reply@gatehouse.test>\r\n"),
            "{eml}"
        );
        assert!(eml.contains("multipart/alternative"), "{eml}");
        assert!(eml.contains(&format!("65432{n}")), "{eml}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "outbox files hold codes: owner only");
        }
    }
}

#[tokio::test]
async fn unreachable_relay_is_a_transport_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mailer =
        Mailer::from_settings(&settings(&dir, plain_smtp(closed_port(), 2))).expect("mailer");
    let sent = tokio::time::timeout(
        Duration::from_secs(10),
        mailer.send(&message("ada@example.com", "Hi", "Hello")),
    )
    .await
    .expect("send gives up rather than hangs");
    assert!(matches!(sent, Err(MailError::Transport(_))), "{sent:?}");
}

#[tokio::test]
async fn silent_relay_times_out_as_a_transport_error() {
    // Accepts the connection and never greets: lettre's own timeout covers only connect.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let mailer = Mailer::from_settings(&settings(&dir, plain_smtp(port, 1))).expect("mailer");
    let sent = tokio::time::timeout(
        Duration::from_secs(10),
        mailer.send(&message("ada@example.com", "Hi", "Hello")),
    )
    .await
    .expect("send gives up rather than hangs");
    assert!(matches!(sent, Err(MailError::Transport(_))), "{sent:?}");
    silent.abort();
}

#[tokio::test]
async fn invalid_recipient_is_rejected_before_sending() {
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp_mailer =
        Mailer::from_settings(&settings(&dir, plain_smtp(sink.port, 5))).expect("mailer");
    let outbox_mailer =
        Mailer::from_settings(&settings(&dir, SmtpSettings::default())).expect("mailer");
    for to in [
        "not an address",
        "",
        "ada@",
        "Ada <ada@example.com>",
        "ada@example.com\r\nBcc: eve@example.com",
    ] {
        for mailer in [&smtp_mailer, &outbox_mailer] {
            let sent = mailer.send(&message(to, "Hi", "Hello")).await;
            assert!(
                matches!(sent, Err(MailError::InvalidAddress(_))),
                "{to:?}: {sent:?}"
            );
        }
    }
    assert!(sink.messages().is_empty());
    assert!(!dir.path().join("data/outbox").exists());
}

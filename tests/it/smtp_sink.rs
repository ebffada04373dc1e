//! A minimal SMTP server for tests: it accepts whatever a plain (`security = none`) lettre
//! client sends and keeps the messages in memory, so tests can read the codes and links
//! Gatehouse mails. Hand-written because a real SMTP test server would be a heavy dependency
//! for the few commands a client needs: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
//!
//! The helpers at the bottom decode just enough MIME (multipart, quoted-printable, base64,
//! RFC 2047 encoded words) to get the text part and the subject back as the test wrote them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as the sink received it.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), without angle brackets.
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-stuffing undone, CRLF line ends kept.
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Captured>>>,
    server: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Stop accepting; connections already open end with the test's runtime.
        self.server.abort();
    }
}

impl SmtpSink {
    /// Listens on 127.0.0.1 on a free port.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind smtp sink");
        let port = listener.local_addr().expect("local addr").port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, store.clone()));
            }
        });
        SmtpSink {
            port,
            messages,
            server,
        }
    }

    /// Everything received so far, oldest first.
    pub fn messages(&self) -> Vec<Captured> {
        self.messages.lock().expect("sink lock").clone()
    }

    /// The latest message for `to`, waiting up to `timeout` for one to arrive.
    pub async fn wait_for(&self, to: &str, timeout: Duration) -> Captured {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let found = self
                .messages()
                .into_iter()
                .rev()
                .find(|m| m.to.iter().any(|r| r.eq_ignore_ascii_case(to)));
            if let Some(message) = found {
                return message;
            }
            if tokio::time::Instant::now() >= deadline {
                let seen: Vec<Vec<String>> = self.messages().into_iter().map(|m| m.to).collect();
                panic!("no e-mail to {to} within {timeout:?}; recipients seen so far: {seen:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// One SMTP session. Any I/O error just ends it: the client under test reports its own.
async fn serve(stream: TcpStream, messages: Arc<Mutex<Vec<Captured>>>) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    macro_rules! reply {
        ($text:expr) => {
            if writer.write_all($text.as_bytes()).await.is_err() {
                return;
            }
        };
    }
    reply!("220 sink.test ESMTP test sink\r\n");
    loop {
        let Some(line) = read_line(&mut reader).await else {
            return;
        };
        let upper = line.to_ascii_uppercase();
        let verb = upper.split_whitespace().next().unwrap_or("");
        match verb {
            // No STARTTLS and no AUTH offered: the client stays plain and unauthenticated.
            "EHLO" => reply!("250-sink.test greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"),
            "HELO" => reply!("250 sink.test\r\n"),
            "MAIL" if upper.starts_with("MAIL FROM:") => {
                from = Some(path_argument(&line["MAIL FROM:".len()..]));
                to.clear();
                reply!("250 OK\r\n");
            }
            "RCPT" if upper.starts_with("RCPT TO:") => {
                if from.is_none() {
                    reply!("503 MAIL first\r\n");
                } else {
                    to.push(path_argument(&line["RCPT TO:".len()..]));
                    reply!("250 OK\r\n");
                }
            }
            "DATA" => {
                if to.is_empty() {
                    reply!("503 RCPT first\r\n");
                    continue;
                }
                reply!("354 end with <CRLF>.<CRLF>\r\n");
                let mut data = String::new();
                loop {
                    let Some(line) = read_line(&mut reader).await else {
                        return;
                    };
                    if line == "." {
                        break;
                    }
                    // Dot-stuffing (RFC 5321 §4.5.2): the client doubled every leading dot.
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                messages.lock().expect("sink lock").push(Captured {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data,
                });
                reply!("250 OK queued\r\n");
            }
            "RSET" => {
                from = None;
                to.clear();
                reply!("250 OK\r\n");
            }
            "NOOP" => reply!("250 OK\r\n"),
            "QUIT" => {
                reply!("221 bye\r\n");
                return;
            }
            _ => reply!("502 command not implemented\r\n"),
        }
    }
}

/// One line without its CRLF (or bare LF); `None` at end of stream.
async fn read_line<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> Option<String> {
    let mut bytes = Vec::new();
    match reader.read_until(b'\n', &mut bytes).await {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

/// `<ada@example.com> SIZE=123` -> `ada@example.com`.
fn path_argument(rest: &str) -> String {
    let rest = rest.trim();
    let path = rest.split_whitespace().next().unwrap_or("");
    path.trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

// ---- reading captured messages ----------------------------------------------------------------

impl Captured {
    /// A header of the message itself, unfolded, encoded words left as they are.
    pub fn header(&self, name: &str) -> Option<String> {
        let (headers, _) = split_head(&self.data);
        header_value(headers, name)
    }

    /// The `Subject`, with RFC 2047 encoded words decoded.
    pub fn subject(&self) -> String {
        decode_encoded_words(&self.header("Subject").unwrap_or_default())
    }

    /// The decoded text/plain body: the text alternative of a multipart message, or the
    /// whole body of a single-part text message. Line ends come back as `\n`.
    pub fn text_body(&self) -> String {
        find_part(&self.data, "text/plain")
            .unwrap_or_else(|| panic!("no text/plain part in message:\n{}", self.data))
    }

    /// The decoded text/html body.
    pub fn html_body(&self) -> String {
        find_part(&self.data, "text/html")
            .unwrap_or_else(|| panic!("no text/html part in message:\n{}", self.data))
    }
}

/// Headers and body of an entity, split at the first empty line.
fn split_head(entity: &str) -> (&str, &str) {
    for separator in ["\r\n\r\n", "\n\n"] {
        if let Some(at) = entity.find(separator) {
            return (&entity[..at], &entity[at + separator.len()..]);
        }
    }
    (entity, "")
}

/// The value of header `name`, continuation lines joined (RFC 5322 §2.2.3 unfolding).
fn header_value(headers: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in headers.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with([' ', '\t']) {
            if let Some(v) = value.as_mut() {
                v.push_str(line);
            }
            continue;
        }
        if value.is_some() {
            break;
        }
        if let Some((key, rest)) = line.split_once(':')
            && key.trim().eq_ignore_ascii_case(name)
        {
            value = Some(rest.trim().to_string());
        }
    }
    value
}

/// A parameter of a structured header value: `boundary` of `multipart/alternative; boundary="x"`.
fn header_param(value: &str, param: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, val) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(param)
            .then(|| val.trim().trim_matches('"').to_string())
    })
}

/// Depth-first search for the first part of type `wanted`, decoded.
fn find_part(entity: &str, wanted: &str) -> Option<String> {
    let (headers, body) = split_head(entity);
    let content_type = header_value(headers, "Content-Type").unwrap_or_else(|| "text/plain".into());
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime.starts_with("multipart/") {
        let boundary = header_param(&content_type, "boundary")?;
        let delimiter = format!("--{boundary}");
        // Before the first delimiter is the preamble, after the closing `--boundary--` the
        // epilogue; each part sits between two delimiters.
        let mut pieces = body.split(delimiter.as_str()).skip(1);
        return pieces.find_map(|piece| {
            if piece.starts_with("--") {
                return None;
            }
            // The CRLF ending the delimiter line, and the one before the next delimiter,
            // belong to the delimiters, not the part.
            let piece = piece.strip_prefix("\r\n").unwrap_or(piece);
            let piece = piece.strip_suffix("\r\n").unwrap_or(piece);
            find_part(piece, wanted)
        });
    }
    if mime != wanted {
        return None;
    }
    let encoding = header_value(headers, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            STANDARD.decode(compact).expect("valid base64 body")
        }
        "quoted-printable" => decode_quoted_printable(body),
        _ => body.as_bytes().to_vec(),
    };
    Some(
        String::from_utf8(bytes)
            .expect("UTF-8 body")
            .replace("\r\n", "\n"),
    )
}

/// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at a line end is a soft break.
fn decode_quoted_printable(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    // Not an escape: RFC 2045 asks decoders to keep such text as it is.
                    Err(_) => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Decodes `=?utf-8?b?...?=` and `=?utf-8?q?...?=` words (RFC 2047); whitespace between two
/// adjacent encoded words is dropped, as the RFC says.
fn decode_encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        let Some(word) = parse_encoded_word(candidate) else {
            out.push_str(before);
            out.push_str("=?");
            rest = &candidate[2..];
            last_was_word = false;
            continue;
        };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        out.push_str(&word.0);
        rest = &candidate[word.1..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

/// One encoded word at the start of `s`: its text and its length in `s`.
fn parse_encoded_word(s: &str) -> Option<(String, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (_charset, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let end = inner.find("?=")?;
    let text = &inner[..end];
    let bytes = match encoding.to_ascii_lowercase().as_str() {
        "b" => STANDARD.decode(text).ok()?,
        // In Q encoding `_` stands for a space.
        "q" => decode_quoted_printable(&text.replace('_', " ")),
        _ => return None,
    };
    let consumed = s.len() - inner.len() + end + 2;
    Some((String::from_utf8_lossy(&bytes).into_owned(), consumed))
}

mod tests {
    use super::*;

    #[test]
    fn decodes_quoted_printable_and_encoded_words() {
        assert_eq!(
            decode_quoted_printable("Gr=C3=BC=C3=9Fe=\r\n and =3D"),
            "Grüße and =".as_bytes()
        );
        assert_eq!(decode_quoted_printable("a=zz"), b"a=zz");
        assert_eq!(
            decode_encoded_words("=?utf-8?b?R3LDvMOfZQ==?= =?utf-8?q?_dir?= end"),
            "Grüße dir end"
        );
        assert_eq!(decode_encoded_words("plain"), "plain");
    }
}

//! One log line per event, whatever the values hold. The text format writes a field's value
//! as it is, so a newline in something an outsider chose — a provider's error description, a
//! header relayed into an error — would start a line of its own that a log reader takes for
//! a genuine event (log forging). This writer escapes `\n` and `\r` inside each event; the
//! JSON format escapes them already.

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Wraps a [`MakeWriter`]: each event arrives as one `write` of the formatted line (the fmt
/// layer formats into a buffer and writes it at once), so everything before its final
/// newline is the event's own text and is escaped.
pub struct OneLinePerEvent<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for OneLinePerEvent<M> {
    type Writer = OneLine<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        OneLine(self.0.make_writer())
    }
}

pub struct OneLine<W>(W);

impl<W: Write> Write for OneLine<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(&escaped(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `line` with every `\n` and `\r` but a final newline written as `\n` / `\r`.
fn escaped(line: &[u8]) -> Vec<u8> {
    let (body, ends_line) = match line.strip_suffix(b"\n") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let mut out = Vec::with_capacity(line.len() + 8);
    for &byte in body {
        match byte {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
    if ends_line {
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    /// Through the real text formatter: a value with newlines stays on its event's line.
    #[test]
    fn a_newline_in_a_value_cannot_forge_a_line() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(OneLinePerEvent(captured.clone()))
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let hostile = "denied\n2026-12-07T10:00:00Z  INFO gatehouse: admin signed in\r\nok";
            tracing::warn!(error = %hostile, "an upstream sign-in failed");
            tracing::info!("the next event");
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            lines[0]
                .contains("denied\\n2026-12-07T10:00:00Z  INFO gatehouse: admin signed in\\r\\nok")
        );
        assert!(lines[1].contains("the next event"));
    }

    #[test]
    fn only_the_final_newline_ends_the_line() {
        assert_eq!(escaped(b"a\nb\r\n"), b"a\\nb\\r\n".to_vec());
        assert_eq!(escaped(b"no newline"), b"no newline".to_vec());
        assert_eq!(escaped(b"\n"), b"\n".to_vec());
    }
}

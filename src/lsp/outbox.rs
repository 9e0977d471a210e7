//! Everything the server writes to the client goes through one writer thread, in the order it
//! was queued.
//!
//! Queuing is synchronous, so a handler can publish diagnostics while it holds the state lock:
//! a result for an older version can then never be written after a newer one. Logs go to stderr
//! and `window/logMessage`; stdout carries nothing but frames.
//!
//! The queue is bounded without ever dropping a response: past [`LIMIT`] bytes waiting,
//! [`Outbox::room`] makes the transport stop reading input until the client has read enough
//! (a client that sends requests and never reads the answers used to grow the queue without
//! end). Diagnostics are coalesced per document: a `publishDiagnostics` still waiting is
//! replaced by a newer one for the same document, which keeps its place in the queue.

use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::fmt::Display;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use tower_lsp_server::ls_types::notification::{
    LogMessage, Notification, PublishDiagnostics, ShowMessage,
};
use tower_lsp_server::ls_types::{
    LogMessageParams, MessageType, PublishDiagnosticsParams, ShowMessageParams,
};

/// Bytes waiting to be written past which no more input is read.
pub const LIMIT: usize = 16 << 20;
/// With the server's test hooks on, this many bytes instead of [`LIMIT`]: the tests fill the
/// outbox without producing hundreds of megabytes.
pub const LIMIT_ENV: &str = "MACROLINT_TEST_OUTBOX_LIMIT";

enum Item {
    Frame(String),
    /// The newest diagnostics of this document, kept in [`Queue::diagnostics`].
    Diagnostics(String),
    /// Answered once every frame queued before it is written.
    Flush(mpsc::SyncSender<()>),
}

#[derive(Default)]
struct Queue {
    items: VecDeque<Item>,
    diagnostics: HashMap<String, String>,
    /// Bytes of frames waiting.
    bytes: usize,
    /// The writer stopped (the client is gone): nothing waits for room any more.
    closed: bool,
    /// For the tests: publishes that replaced an older one still waiting.
    coalesced: u64,
}

struct Shared {
    limit: usize,
    queue: Mutex<Queue>,
    /// Wakes the writer.
    work: Condvar,
    /// Wakes the transport waiting for room.
    room: tokio::sync::Notify,
}

/// The queue to the writer thread.
#[derive(Clone)]
pub struct Outbox {
    shared: Arc<Shared>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn write_frame(output: &mut impl Write, body: &str) -> std::io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(body.as_bytes())?;
    output.flush()
}

/// A JSON-RPC notification serialised straight from its parameters: `json!` would first copy
/// them into a `Value` tree (a document's thousands of diagnostics, each a map), then write it.
#[derive(Serialize)]
struct Note<'a, P: Serialize> {
    jsonrpc: &'static str,
    method: &'a str,
    params: &'a P,
}

impl<'a, P: Serialize> Note<'a, P> {
    fn new(method: &'a str, params: &'a P) -> Self {
        Note {
            jsonrpc: "2.0",
            method,
            params,
        }
    }
}

impl Outbox {
    /// Starts the writer thread on `output`.
    pub fn spawn<W: Write + Send + 'static>(mut output: W) -> Self {
        let hooks = std::env::var_os(super::TEST_HOOKS_ENV).is_some_and(|v| !v.is_empty());
        let limit = std::env::var(LIMIT_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|_| hooks)
            .unwrap_or(LIMIT);
        let shared = Arc::new(Shared {
            limit,
            queue: Mutex::default(),
            work: Condvar::new(),
            room: tokio::sync::Notify::new(),
        });
        let writer = shared.clone();
        std::thread::Builder::new()
            .name("lsp-writer".into())
            .spawn(move || {
                loop {
                    let (flush, body) = {
                        let mut q = writer.lock();
                        let item = loop {
                            match q.items.pop_front() {
                                Some(i) => break i,
                                None => {
                                    q = writer.work.wait(q).unwrap_or_else(PoisonError::into_inner)
                                }
                            }
                        };
                        match item {
                            Item::Frame(b) => (None, Some(b)),
                            Item::Diagnostics(uri) => (None, q.diagnostics.remove(&uri)),
                            Item::Flush(done) => (Some(done), None),
                        }
                    };
                    let written = match (flush, body) {
                        (Some(done), _) => {
                            let _ = output.flush();
                            let _ = done.send(());
                            Ok(())
                        }
                        (None, Some(body)) => {
                            let r = write_frame(&mut output, &body);
                            writer.lock().bytes -= body.len();
                            writer.room.notify_waiters();
                            r
                        }
                        (None, None) => Ok(()),
                    };
                    if let Err(e) = written {
                        eprintln!("macrolint lsp: cannot write to the client: {e}");
                        let mut q = writer.lock();
                        q.closed = true;
                        q.items.clear();
                        q.diagnostics.clear();
                        q.bytes = 0;
                        drop(q);
                        writer.room.notify_waiters();
                        return;
                    }
                }
            })
            .expect("spawn the writer thread");
        Self { shared }
    }

    fn push(&self, q: &mut Queue, item: Item) {
        q.items.push_back(item);
        self.shared.work.notify_one();
    }

    /// Queues one JSON-RPC message.
    pub fn send(&self, message: &impl Serialize) {
        match serde_json::to_string(message) {
            Ok(body) => {
                let mut q = self.shared.lock();
                if q.closed {
                    return;
                }
                q.bytes += body.len();
                self.push(&mut q, Item::Frame(body));
            }
            Err(e) => eprintln!("macrolint lsp: cannot serialise a message: {e}"),
        }
    }

    pub fn notify<N: Notification>(&self, params: N::Params) {
        self.send(&Note::new(N::METHOD, &params));
    }

    /// Queues a document's diagnostics; if older ones for it are still waiting, these take
    /// their place (only the newest of a document is ever written).
    pub fn publish(&self, params: PublishDiagnosticsParams) {
        let uri = params.uri.as_str().to_string();
        let body = match serde_json::to_string(&Note::new(PublishDiagnostics::METHOD, &params)) {
            Ok(b) => b,
            Err(e) => return eprintln!("macrolint lsp: cannot serialise diagnostics: {e}"),
        };
        self.queue_diagnostics(uri, body);
    }

    /// Queues one document's `publishDiagnostics` frame body in place of an older one waiting.
    fn queue_diagnostics(&self, uri: String, body: String) {
        let mut q = self.shared.lock();
        if q.closed {
            return;
        }
        q.bytes += body.len();
        match q.diagnostics.insert(uri.clone(), body) {
            Some(older) => {
                q.bytes -= older.len();
                q.coalesced += 1;
            }
            None => self.push(&mut q, Item::Diagnostics(uri)),
        }
    }

    /// [`Outbox::publish`] of diagnostics already serialised (see
    /// [`super::diagnostics::rendered`]): the notification is written around them.
    pub fn publish_rendered(&self, uri: &str, version: Option<i32>, diagnostics: &[Arc<str>]) {
        let len: usize = diagnostics.iter().map(|d| d.len() + 1).sum();
        let mut body = String::with_capacity(len + uri.len() + 128);
        body.push_str(r#"{"jsonrpc":"2.0","method":""#);
        body.push_str(PublishDiagnostics::METHOD);
        body.push_str(r#"","params":{"uri":"#);
        body.push_str(&serde_json::to_string(uri).expect("a string serialises"));
        body.push_str(r#","diagnostics":["#);
        for (i, d) in diagnostics.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(d);
        }
        body.push(']');
        if let Some(v) = version {
            body.push_str(r#","version":"#);
            body.push_str(&v.to_string());
        }
        body.push_str("}}");
        self.queue_diagnostics(uri.to_string(), body);
    }

    /// A line for whoever reads the logs: stderr and the client's log.
    pub fn log(&self, typ: MessageType, message: impl Display) {
        let message = message.to_string();
        eprintln!("macrolint lsp: {message}");
        self.notify::<LogMessage>(LogMessageParams { typ, message });
    }

    /// Something the user should see now (a broken catalog), also logged.
    pub fn show(&self, typ: MessageType, message: impl Display) {
        let message = message.to_string();
        self.log(typ, &message);
        self.notify::<ShowMessage>(ShowMessageParams { typ, message });
    }

    /// Bytes waiting to be written.
    pub fn waiting(&self) -> usize {
        self.shared.lock().bytes
    }

    /// How many publishes replaced an older one still waiting.
    pub fn coalesced(&self) -> u64 {
        self.shared.lock().coalesced
    }

    /// Returns once fewer than [`LIMIT`] bytes wait to be written (at once, mostly).
    pub async fn room(&self) {
        loop {
            let notified = self.shared.room.notified();
            {
                let q = self.shared.lock();
                if q.closed || q.bytes < self.shared.limit {
                    return;
                }
            }
            notified.await;
        }
    }

    /// Waits until everything queued so far is written.
    pub fn flush(&self) {
        let (done, wait) = mpsc::sync_channel(1);
        {
            let mut q = self.shared.lock();
            if q.closed {
                return;
            }
            self.push(&mut q, Item::Flush(done));
        }
        let _ = wait.recv_timeout(std::time::Duration::from_secs(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Uri;

    /// Whether the client reads yet, and what it read.
    type Held = Mutex<(bool, Vec<u8>)>;

    /// A writer that takes nothing until it is let go, then collects.
    #[derive(Clone, Default)]
    struct Gate(Arc<(Held, Condvar)>);
    impl Write for Gate {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let (m, c) = &*self.0;
            let mut g = m.lock().unwrap();
            while !g.0 {
                g = c.wait(g).unwrap();
            }
            g.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl Gate {
        fn open(&self) {
            let (m, c) = &*self.0;
            m.lock().unwrap().0 = true;
            c.notify_all();
        }
        fn text(&self) -> String {
            String::from_utf8(self.0.0.lock().unwrap().1.clone()).unwrap()
        }
    }

    fn diags(uri: &Uri, version: i32) -> PublishDiagnosticsParams {
        PublishDiagnosticsParams::new(uri.clone(), Vec::new(), Some(version))
    }

    /// Diagnostics written around their serialised texts make the frame `publish` makes of
    /// the same diagnostics (as JSON: the same members and values), a URI needing escapes too.
    #[test]
    fn rendered_diagnostics_frame_as_published_ones() {
        use tower_lsp_server::ls_types::{Diagnostic, Position, Range};
        let uri: Uri = "file:///%D0%B0%20%22q%22.md".parse().unwrap();
        let d: Vec<Diagnostic> = (0..3)
            .map(|i| Diagnostic {
                range: Range::new(Position::new(i, 1), Position::new(i, 4)),
                message: format!("«{i}» \"quoted\"\n"),
                ..Diagnostic::default()
            })
            .collect();
        let frames = |f: &dyn Fn(&Outbox)| {
            let gate = Gate::default();
            gate.open();
            let out = Outbox::spawn(gate.clone());
            f(&out);
            out.flush();
            let text = gate.text();
            let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
            serde_json::from_str::<serde_json::Value>(body).unwrap()
        };
        let rendered: Vec<Arc<str>> = d
            .iter()
            .map(|x| Arc::from(serde_json::to_string(x).unwrap()))
            .collect();
        let a = frames(&|o| {
            o.publish(PublishDiagnosticsParams::new(
                uri.clone(),
                d.clone(),
                Some(7),
            ))
        });
        let b = frames(&|o| o.publish_rendered(uri.as_str(), Some(7), &rendered));
        assert_eq!(a, b);
        assert_eq!(b["params"]["diagnostics"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn waiting_diagnostics_are_replaced_by_newer_ones_and_responses_kept() {
        let gate = Gate::default();
        let out = Outbox::spawn(gate.clone());
        let a: Uri = "file:///a.md".parse().unwrap();
        let b: Uri = "file:///b.md".parse().unwrap();
        out.send(&serde_json::json!({"id": 0}));
        std::thread::sleep(std::time::Duration::from_millis(50)); // the writer holds frame 0
        for v in 1..=50 {
            out.publish(diags(&a, v));
            out.send(&serde_json::json!({"id": v}));
        }
        out.publish(diags(&b, 1));
        assert!(out.coalesced() >= 48, "{}", out.coalesced());
        gate.open();
        out.flush();
        let text = gate.text();
        for v in 0..=50 {
            assert!(
                text.contains(&format!("{{\"id\":{v}}}")),
                "response {v} kept"
            );
        }
        assert_eq!(text.matches("publishDiagnostics").count(), 2, "{text}");
        assert!(text.contains("\"version\":50"), "the newest for a.md");
        assert!(!text.contains("\"version\":49"));
        // The newest takes the place of the first one queued: before response 1.
        assert!(text.find("\"version\":50").unwrap() < text.find("{\"id\":1}").unwrap());
        assert_eq!(out.waiting(), 0);
    }

    #[tokio::test]
    async fn a_full_queue_has_no_room_until_the_client_reads() {
        let gate = Gate::default();
        let out = Outbox::spawn(gate.clone());
        let big = "x".repeat(LIMIT / 4);
        for _ in 0..5 {
            out.send(&big);
        }
        assert!(out.waiting() >= LIMIT);
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(100), out.room()).await;
        assert!(waiting.is_err(), "no room while the client reads nothing");
        gate.open();
        tokio::time::timeout(std::time::Duration::from_secs(30), out.room())
            .await
            .expect("room once the client reads");
    }
}

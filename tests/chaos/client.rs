//! The chaos test's editor: it runs the real `macrolint lsp`, writes frames (and garbage) to it,
//! reads everything it says on a thread, answers the server's own requests as an editor would,
//! and keeps the books: every request id it sent and how many responses came back for it.

use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one expected message may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The latest `publishDiagnostics` for a document.
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub version: Option<i64>,
    pub diagnostics: Vec<Value>,
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
    /// Responses per request id (the id's JSON text), for every id sent.
    pub responses: HashMap<String, u32>,
    /// Responses whose id was never sent (besides `null`).
    pub stray_responses: Vec<Value>,
    /// Error responses with a `null` id: answers to bodies that were not JSON-RPC.
    pub null_errors: Vec<Value>,
    /// The latest diagnostics per document URI.
    pub published: HashMap<String, Published>,
    /// Every `publishDiagnostics` received, counted per URI and version (for waits).
    seen_versions: HashMap<String, Vec<Option<i64>>>,
    /// Server requests answered, per method.
    pub server_requests: BTreeMap<String, usize>,
    /// Messages shown to the user (`window/showMessage`), in order.
    pub shown: Vec<Value>,
    /// What this editor answers to `workspace/configuration` for the `macrolint` section.
    pub settings: Value,
    /// Results of answered requests, kept until taken.
    results: HashMap<String, Value>,
    /// When each request still unanswered was sent, and its method.
    sent: HashMap<String, (String, Instant)>,
    /// Per method: requests answered and the time they took in all.
    pub latency: BTreeMap<String, (usize, Duration)>,
}

/// The body of one frame from the server (whose output is always well formed), or `None` at
/// the end of the stream.
fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl Client {
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_macrolint"))
            .arg("lsp")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start macrolint lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let log = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut log = log.lock().unwrap();
                log.push_str(&String::from_utf8_lossy(&buf[..n]));
                // Keep the tail: a long run logs a lot.
                if log.len() > 64 * 1024 {
                    let cut = log.ceil_char_boundary(log.len() - 32 * 1024);
                    log.drain(..cut);
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            from_server: rx,
            stderr,
            next_id: 1,
            responses: HashMap::new(),
            stray_responses: Vec::new(),
            null_errors: Vec::new(),
            published: HashMap::new(),
            seen_versions: HashMap::new(),
            server_requests: BTreeMap::new(),
            shown: Vec::new(),
            settings: Value::Null,
            results: HashMap::new(),
            sent: HashMap::new(),
            latency: BTreeMap::new(),
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&frame(message.to_string().as_bytes()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// A fresh request id, registered as expecting exactly one response.
    pub fn new_id(&mut self) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.expect_response(&id);
        id
    }

    /// Registers `id` (a number or a string) as one that must get exactly one response.
    pub fn expect_response(&mut self, id: &Value) {
        let prev = self.responses.insert(id.to_string(), 0);
        assert!(prev.is_none(), "id {id} used twice by the test");
    }

    /// Sends a request; returns its id.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.new_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.sent
            .insert(id.to_string(), (method.to_string(), Instant::now()));
        id
    }

    /// Sends a request and waits for its response (result or error).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, params);
        self.wait_response(&id)
    }

    /// Waits for the response to `id` and returns it.
    pub fn wait_response(&mut self, id: &Value) -> Value {
        let key = id.to_string();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(r) = self.results.remove(&key) {
                return r;
            }
            if !self.step(deadline) {
                panic!(
                    "no response to request {id} (server alive: {})\nstderr tail:\n{}",
                    self.alive(),
                    self.stderr()
                );
            }
        }
    }

    /// Handles whatever arrived, without waiting.
    pub fn drain(&mut self) {
        while let Ok(m) = self.from_server.try_recv() {
            self.handle(m);
        }
    }

    /// Handles messages for `quiet` after the last one arrived (at most `TIMEOUT` in all).
    pub fn settle(&mut self, quiet: Duration) {
        let end = Instant::now() + TIMEOUT;
        while Instant::now() < end {
            match self.from_server.recv_timeout(quiet) {
                Ok(m) => self.handle(m),
                Err(_) => return,
            }
        }
    }

    /// Waits for the `publishDiagnostics` of `uri` at `version` and returns them.
    pub fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = self
                .seen_versions
                .get(uri)
                .is_some_and(|v| v.contains(&Some(version)));
            if seen {
                // Later pushes for the same version (a re-check after a settings or catalog
                // change) may follow; take whatever is latest once the stream is quiet.
                self.settle(Duration::from_millis(50));
                let p = &self.published[uri];
                assert_eq!(
                    p.version,
                    Some(version),
                    "a newer version was published for {uri}"
                );
                return p.diagnostics.clone();
            }
            if !self.step(deadline) {
                panic!(
                    "no diagnostics for {uri} v{version} (server alive: {}); got {:?}\nstderr tail:\n{}",
                    self.alive(),
                    self.seen_versions.get(uri),
                    self.stderr()
                );
            }
        }
    }

    /// How many `publishDiagnostics` came for `uri` so far.
    pub fn publish_count(&self, uri: &str) -> usize {
        self.seen_versions.get(uri).map_or(0, Vec::len)
    }

    /// Waits up to `timeout` for a `publishDiagnostics` of `uri` after the first `after`
    /// ones; the latest diagnostics then.
    pub fn next_publish(
        &mut self,
        uri: &str,
        after: usize,
        timeout: Duration,
    ) -> Option<Vec<Value>> {
        let deadline = Instant::now() + timeout;
        while self.publish_count(uri) <= after {
            if !self.step(deadline) {
                return None;
            }
        }
        Some(self.published[uri].diagnostics.clone())
    }

    /// Handles one message, waiting until `deadline`; false when none came.
    fn step(&mut self, deadline: Instant) -> bool {
        let Some(wait) = deadline.checked_duration_since(Instant::now()) else {
            return false;
        };
        match self.from_server.recv_timeout(wait) {
            Ok(m) => {
                self.handle(m);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    fn handle(&mut self, m: Value) {
        let method = m.get("method").and_then(Value::as_str).map(str::to_string);
        match (method, m.get("id")) {
            (Some(method), Some(id)) => {
                let id = id.clone();
                self.answer(&method, &id, &m["params"]);
            }
            (Some(method), None) => match method.as_str() {
                "textDocument/publishDiagnostics" => {
                    let uri = m["params"]["uri"].as_str().unwrap().to_string();
                    let version = m["params"]["version"].as_i64();
                    self.seen_versions
                        .entry(uri.clone())
                        .or_default()
                        .push(version);
                    self.published.insert(
                        uri,
                        Published {
                            version,
                            diagnostics: m["params"]["diagnostics"].as_array().unwrap().clone(),
                        },
                    );
                }
                "window/showMessage" => self.shown.push(m["params"].clone()),
                _ => {}
            },
            (None, Some(id)) if id.is_null() => self.null_errors.push(m),
            (None, Some(id)) => {
                let key = id.to_string();
                match self.responses.get_mut(&key) {
                    Some(n) => {
                        *n += 1;
                        if let Some((method, at)) = self.sent.remove(&key) {
                            let l = self.latency.entry(method).or_default();
                            l.0 += 1;
                            l.1 += at.elapsed();
                        }
                        self.results.insert(key, m);
                    }
                    None => self.stray_responses.push(m),
                }
            }
            (None, None) => self.stray_responses.push(m),
        }
    }

    /// Answers a request from the server the way an editor does.
    fn answer(&mut self, method: &str, id: &Value, params: &Value) {
        *self.server_requests.entry(method.to_string()).or_default() += 1;
        let result = match method {
            "workspace/configuration" => {
                let items = params["items"].as_array().cloned().unwrap_or_default();
                Some(Value::Array(
                    items
                        .iter()
                        .map(|i| match i["section"].as_str() {
                            Some("macrolint") | None => self.settings.clone(),
                            Some(_) => Value::Null,
                        })
                        .collect(),
                ))
            }
            "client/registerCapability"
            | "client/unregisterCapability"
            | "window/workDoneProgress/create"
            | "workspace/diagnostic/refresh"
            | "workspace/inlayHint/refresh"
            | "workspace/codeLens/refresh"
            | "workspace/semanticTokens/refresh"
            | "window/showMessageRequest" => Some(Value::Null),
            "workspace/applyEdit" => Some(json!({"applied": false})),
            "window/showDocument" => Some(json!({"success": false})),
            _ => None,
        };
        let answer = match result {
            Some(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
            None => json!({"jsonrpc": "2.0", "id": id,
                "error": {"code": -32601, "message": format!("unknown method {method}")}}),
        };
        self.send(&answer);
    }

    /// `shutdown`, `exit`, and the exit code.
    pub fn shutdown_and_exit(&mut self) -> Option<i32> {
        let r = self.call("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null);
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.drain();
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

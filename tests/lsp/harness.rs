//! A small LSP client for the end-to-end tests: it starts the real `macrolint lsp`, speaks
//! JSON-RPC over its stdin/stdout, answers the server's own requests, and lets a test wait for
//! the messages it expects.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single expectation may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    /// Messages received but not yet looked at.
    backlog: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    /// The answer to `workspace/configuration` (one item per requested section).
    pub configuration: Value,
    /// Server requests with these methods are left for the test to answer by hand.
    pub hold: Vec<&'static str>,
    /// Server requests the harness answered itself.
    answered: Vec<Value>,
}

/// The body of one frame from `r`, or `None` at the end of the stream.
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
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A `file://` URI for a path.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Server {
    pub fn start() -> Server {
        Self::start_with_env(&[])
    }

    /// Starts the server with these environment variables too (test hooks).
    pub fn start_with_env(env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_macrolint"))
            .arg("lsp")
            .envs(env.iter().copied())
            .env("MACROLINT_LSP_TEST_HOOKS", "1")
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
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            from_server: rx,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr,
            configuration: json!([null]),
            hold: Vec::new(),
            answered: Vec::new(),
        }
    }

    /// Starts a server and initializes it with these client capabilities and options.
    pub fn initialized(capabilities: Value, options: Value) -> (Server, Value) {
        let mut s = Server::start();
        let result = s.initialize(capabilities, options, Value::Null);
        (s, result)
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value, extra: Value) -> Value {
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
            "initializationOptions": options,
        });
        if let Value::Object(extra) = extra {
            for (k, v) in extra {
                params[k] = v;
            }
        }
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let bytes = frame(&message.to_string());
        self.send_raw(&bytes);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its whole response (result or error).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its result; an error response fails the test.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            m.get("method").is_none() && m["id"] == json!(id)
        })
    }

    /// Answers a request the server sent.
    pub fn reply(&mut self, request: &Value, result: Value) {
        let id = request["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Takes the next message from the server. Its requests are answered on the way (and
    /// then only kept in `answered`), except those of a method in `hold`.
    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let wait = deadline.checked_duration_since(Instant::now())?;
            let m = match self.from_server.recv_timeout(wait) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            let method = m.get("method").and_then(Value::as_str).unwrap_or_default();
            if m.get("id").is_none() || method.is_empty() || self.hold.contains(&method) {
                return Some(m);
            }
            let answer = match method {
                "workspace/configuration" => self.configuration.clone(),
                _ => Value::Null,
            };
            self.reply(&m, answer);
            self.answered.push(m);
        }
    }

    /// The first request of `method` the server sent and the harness answered.
    pub fn answered(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(m) = self.answered.iter().find(|m| m["method"] == json!(method)) {
                return m.clone();
            }
            assert!(
                Instant::now() < deadline,
                "the server never sent {method}\n{}",
                self.stderr()
            );
            let step = Instant::now() + Duration::from_millis(20);
            if let Some(m) = self.next_message(step) {
                self.backlog.push_back(m);
            }
        }
    }

    /// Waits for a message matching `pred`, keeping the others for later waits.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(TIMEOUT, &pred).unwrap_or_else(|| {
            panic!(
                "timed out waiting for {what}; unread messages: {:?}\nserver stderr:\n{}",
                self.backlog,
                self.stderr()
            )
        })
    }

    pub fn try_wait_for(
        &mut self,
        timeout: Duration,
        pred: &dyn Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        while let Some(m) = self.next_message(deadline) {
            if pred(&m) {
                return Some(m);
            }
            self.backlog.push_back(m);
        }
        None
    }

    /// Everything received within `timeout` that matches `pred` (and nothing else is taken).
    pub fn collect(&mut self, timeout: Duration, pred: &dyn Fn(&Value) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + timeout;
        while let Some(m) = self.next_message(deadline) {
            self.backlog.push_back(m);
        }
        let (hit, keep): (Vec<Value>, Vec<Value>) = self.backlog.drain(..).partition(pred);
        self.backlog = keep.into();
        hit
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        let uri = uri.to_string();
        self.wait_for(&format!("diagnostics for {uri}"), move |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        })["params"]
            .clone()
    }

    /// The `publishDiagnostics` for `uri` at `version` (older ones are dropped on the way).
    pub fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let uri = uri.to_string();
        let m = self.wait_for(&format!("diagnostics for {uri} v{version}"), move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && m["params"]["version"] == json!(version)
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    pub fn wait(&mut self) -> ExitStatus {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's process id (for memory measurements).
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `needle` stands on its line in `text`, in the unit of `encoding` ("utf-8"/"utf-16"):
/// (line, start, end). Computed from the text, so tests never hard-code columns.
pub fn span(text: &str, needle: &str, encoding: &str) -> (u64, u64, u64) {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u64;
    let units = |s: &str| -> u64 {
        if encoding == "utf-8" {
            s.len() as u64
        } else {
            s.encode_utf16().count() as u64
        }
    };
    let start = units(&text[line_start..at]);
    (line, start, start + units(needle))
}

/// The end of `text` as an LSP position in `encoding`.
pub fn end_position(text: &str, encoding: &str) -> Value {
    let line = text.matches('\n').count();
    let last = text.rsplit('\n').next().unwrap_or_default();
    let character = if encoding == "utf-8" {
        last.len()
    } else {
        last.encode_utf16().count()
    };
    json!({"line": line, "character": character})
}

/// Applies LSP text edits (non-overlapping, any order) to `text`, in `encoding`.
pub fn apply_edits(text: &str, edits: &[Value], encoding: &str) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..]
                .find('\n')
                .map_or(text.len() - start, |i| i + 1);
        }
        let rest = &text[start..];
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= character || c == '\n' || c == '\r' {
                return start + i;
            }
            units += if encoding == "utf-8" {
                c.len_utf8()
            } else {
                c.len_utf16()
            };
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

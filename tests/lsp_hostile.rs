//! Hostile input for the language server (issue 12): a repository's catalog swapped for a link
//! out of the workspace, catalogs that take long to load, floods of watched-file events, edits
//! faster than checks, and a client that never reads its answers.

#[allow(dead_code)]
#[path = "lsp/harness.rs"]
mod harness;

use harness::{Server, file_uri, frame};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn caps() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    })
}

fn fast() -> Value {
    json!({"debounceMs": 0, "lang": "en"})
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The catalog of `fixtures/lsp/catalog.toml`: the default one plus `+7 495 111-22-33`.
fn team_catalog() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/catalog.toml"))
        .unwrap()
}

/// A workspace (with `.git`) whose `macrolint.toml` names `catalog.toml` inside it.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join(".git")).unwrap();
    std::fs::write(ws.path().join("catalog.toml"), team_catalog()).unwrap();
    std::fs::write(
        ws.path().join("macrolint.toml"),
        "catalog = \"catalog.toml\"\n",
    )
    .unwrap();
    ws
}

fn start_in(ws: &Path, env: &[(&str, &str)]) -> Server {
    let mut s = Server::start_with_env(env);
    s.initialize(
        caps(),
        fast(),
        json!({"workspaceFolders": [{"uri": file_uri(ws), "name": "ws"}]}),
    );
    s
}

/// After a watched catalog was swapped for a link out of the workspace, the server read the
/// outside file, or fell back to the default catalog: now the last good catalog stays in use,
/// and the user is told why.
#[cfg(unix)]
#[test]
fn a_watched_catalog_swapped_for_an_outside_link_keeps_the_last_good_one() {
    let ws = workspace();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("other.toml");
    std::fs::write(&elsewhere, team_catalog().replace("111-22-33", "999-99-99")).unwrap();
    let mut s = start_in(ws.path(), &[]);
    let uri = file_uri(&ws.path().join("reply.md"));
    s.open(&uri, "markdown", "Звоните +7 495 111-22-33.");
    assert!(!codes(&s.diagnostics_at(&uri, 1)).contains(&"unknown-contact".to_string()));
    let good = s.request("macrolint/status", json!({"textDocument": {"uri": uri}}));
    assert_ne!(good["catalog"]["origin"], json!("default"));

    let path = ws.path().join("catalog.toml");
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&path), "type": 2}]}),
    );
    let shown = s.wait_for("the refusal", |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("outside the workspace") && message.contains("last good"),
        "{message}"
    );
    let now = s.request("macrolint/status", json!({"textDocument": {"uri": uri}}));
    assert_eq!(
        now["catalog"]["hash"], good["catalog"]["hash"],
        "the last good one"
    );
    // Re-checked against it: the number it knows is still known.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": "Звоните +7 495 111-22-33!"}]}),
    );
    assert!(!codes(&s.diagnostics_at(&uri, 2)).contains(&"unknown-contact".to_string()));
}

/// Catalog loading ran under the server's state lock: while a cloned repository's catalog
/// loaded, every request waited. A request now is answered while the load goes on (the load
/// is made 5 s slower by a test hook; the answer comes before it ends).
#[test]
fn a_slow_catalog_load_holds_no_request_up() {
    let ws = workspace();
    let mut s = start_in(ws.path(), &[("MACROLINT_TEST_CATALOG_DELAY_MS", "5000")]);
    let uri = file_uri(&ws.path().join("reply.md"));
    s.open(&uri, "markdown", "Звоните +7 495 111-22-33.");
    let started = Instant::now();
    // A request that needs the state but not the catalog: a hover on a document not open.
    let id = s.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///not/open.md"}, "position": {"line": 0, "character": 0}}),
    );
    let answer = s.wait_for("the hover answer or the load", |m| {
        m["id"] == json!(id)
            || (m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("loaded the catalog")))
    });
    assert_eq!(
        answer["id"],
        json!(id),
        "answered before the load ended: {answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // And the document is checked with the catalog once it is there.
    assert!(!codes(&s.diagnostics_at(&uri, 1)).contains(&"unknown-contact".to_string()));
}

/// Twenty events for the same file in one notification reloaded it twenty times (4 s of a
/// frozen server): it is reloaded once.
#[test]
fn duplicate_watched_file_events_reload_once() {
    let ws = workspace();
    let mut s = start_in(ws.path(), &[]);
    let uri = file_uri(&ws.path().join("reply.md"));
    s.open(&uri, "markdown", "Звоните +7 495 111-22-33.");
    s.diagnostics_at(&uri, 1);
    let loads = |m: &Value| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("loaded the catalog"))
    };
    s.wait_for("the first load", loads);
    let catalog = file_uri(&ws.path().join("catalog.toml"));
    let changes: Vec<Value> = (0..20)
        .map(|_| json!({"uri": catalog, "type": 2}))
        .collect();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": changes}),
    );
    let seen = s.collect(Duration::from_secs(3), &loads);
    assert_eq!(seen.len(), 1, "{seen:?}");
}

/// A large export checked at every edit: edits faster than checks delivered the last
/// diagnostics many checks later, after all of them ran. A newer edit now cancels the older
/// check between its parts, at most one check of a document runs at a time, and only the
/// newest version is published.
#[test]
fn a_newer_edit_cancels_the_older_check() {
    let (mut s, _) = Server::initialized(caps(), fast());
    let uri = "file:///tmp/macrolint-cancel/export.json";
    let export = |v: usize| {
        let macros: Vec<String> = (0..6000)
            .map(|i| format!(r#"{{"id":{i},"title":"m{i} v{v}","actions":[{{"field":"comment_value","value":"Звоните +7 495 232−10−00 или пишите sellersup@ozon.ru"}}]}}"#))
            .collect();
        format!(r#"{{"macros":[{}]}}"#, macros.join(","))
    };
    let stats = |s: &mut Server| s.request("macrolint/status", json!({}))["checks"].clone();
    s.open(uri, "json", &export(1));
    let wait_started = |s: &mut Server, n: u64| {
        let t = Instant::now();
        while stats(s)["started"].as_u64().unwrap() < n {
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "check {n} never started"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    wait_started(&mut s, 1);
    const EDITS: u64 = 6;
    for v in 2..=EDITS + 1 {
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"text": export(v as usize)}]}),
        );
        wait_started(&mut s, v);
    }
    let last = EDITS as i64 + 1;
    let diags = s.diagnostics_at(uri, last);
    assert!(!diags.is_empty());
    let c = stats(&mut s);
    assert_eq!(c["maxInFlight"], json!(1), "{c}");
    assert!(c["cancelled"].as_u64().unwrap() >= EDITS - 1, "{c}");
    assert_eq!(
        c["finished"],
        json!(1),
        "only the newest ran to the end: {c}"
    );
}

/// After a `Content-Length` that was too long, the frames that followed back to back (no line
/// break between them) were swallowed into its body: now each is answered.
#[test]
fn frames_back_to_back_after_a_too_long_length_are_answered() {
    let (mut s, _) = Server::initialized(caps(), fast());
    let status = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "macrolint/status", "params": {}}).to_string()
    };
    let first = status(101);
    let mut bytes = format!("Content-Length: {}\r\n\r\n{first}", first.len() + 400).into_bytes();
    bytes.extend(frame(&status(102)));
    bytes.extend(frame(&status(103)));
    s.send_raw(&bytes);
    for id in [101, 102, 103] {
        let r = s.wait_for("an answer", |m| m["id"] == json!(id));
        assert!(r["result"]["catalog"].is_object(), "{r}");
    }
}

/// Reads frames from `r` until `done` says enough; their bodies.
fn read_frames(r: &mut impl Read, mut done: impl FnMut(&Value) -> bool) -> Vec<Value> {
    let mut r = std::io::BufReader::new(r);
    let mut out = Vec::new();
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if std::io::BufRead::read_line(&mut r, &mut line).unwrap() == 0 {
                return out;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        r.read_exact(&mut body).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        let stop = done(&v);
        out.push(v);
        if stop {
            return out;
        }
    }
}

/// A client that sends requests and never reads the answers: they queued without limit
/// (878 MB and rising). The server now stops reading input while its outbox is full (a small
/// one here, by a test hook) and its handlers in flight are many, so the client's writes
/// block after a few dozen requests; once it reads, every answer is delivered, none dropped.
#[cfg(unix)]
#[test]
fn a_client_that_never_reads_is_slowed_down_and_loses_no_answer() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_macrolint"))
        .arg("lsp")
        .env("MACROLINT_LSP_TEST_HOOKS", "1")
        .env("MACROLINT_TEST_OUTBOX_LIMIT", "200000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // Every documentLink answer is about 6 KB; every request carries 16 KB of padding, so the
    // pipe to the server holds only a few of them.
    let text: String = (0..50)
        .map(|i| format!("mailto:help{i}@ozon.ru "))
        .collect();
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                      "params": {"processId": null, "rootUri": null, "capabilities": {}}});
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": "file:///tmp/links.md", "languageId": "markdown", "version": 1, "text": text}}});
    for m in [
        init,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        open,
    ] {
        stdin.write_all(&frame(&m.to_string())).unwrap();
    }
    const REQUESTS: u64 = 400;
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let (go_on, exit_now) = std::sync::mpsc::channel::<()>();
    let writer = {
        let sent = sent.clone();
        std::thread::spawn(move || {
            let padding = "x".repeat(16 * 1024);
            for id in 1..=REQUESTS {
                let r = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentLink",
                               "params": {"textDocument": {"uri": "file:///tmp/links.md"}, "padding": padding}});
                stdin.write_all(&frame(&r.to_string())).unwrap();
                sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            let _ = exit_now.recv();
            let exit = json!({"jsonrpc": "2.0", "method": "exit"});
            let _ = stdin.write_all(&frame(&exit.to_string()));
        })
    };
    // Wait until the writer stops making progress (the server stopped reading) or is done.
    let mut last = (0, Instant::now());
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let n = sent.load(std::sync::atomic::Ordering::SeqCst);
        if n == REQUESTS {
            break;
        }
        if n != last.0 {
            last = (n, Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    let stalled_at = sent.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        stalled_at < REQUESTS / 2,
        "the server read {stalled_at} of {REQUESTS} requests while nothing was read from it"
    );
    // Reading now: every answer arrives.
    let mut answered = std::collections::BTreeSet::new();
    read_frames(&mut stdout, |v| {
        if let Some(id) = v["id"].as_u64()
            && id > 0
            && v["result"].is_array()
        {
            answered.insert(id);
        }
        answered.len() as u64 == REQUESTS
    });
    assert_eq!(answered.len() as u64, REQUESTS, "no answer dropped");
    go_on.send(()).unwrap();
    writer.join().unwrap();
    let _ = child.wait();
}

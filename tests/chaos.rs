//! A chaos client against the real `macrolint lsp`: 10,000 seeded random operations (opens,
//! incremental changes with Cyrillic, emoji and every line end, closes, hovers, completions, code
//! actions, settings changes, a user catalog rewritten broken and fixed, out-of-range positions,
//! bodies that are not JSON-RPC, stray bytes between frames), with the server's own requests
//! answered as an editor would.
//!
//! The server must never die, must resynchronise after garbage, must answer every request
//! exactly once, and at the end its diagnostics for every open document must be what the
//! library's `check()` says about the same text with the same catalog and settings.
//!
//! `MACROLINT_CHAOS_SEED` and `MACROLINT_CHAOS_OPS` replay another run.

#[path = "chaos/client.rs"]
mod client;
#[path = "chaos/model.rs"]
mod model;

use client::{Client, frame};
use model::{Rng, apply_change, lsp_position, random_position, random_text};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use macrolint::catalog::{Audience, Origin};
use macrolint::source::ReadOptions;
use macrolint::{Catalog, Context, Document, Format, Rule, Severity, check};

const DEFAULT_SEED: u64 = 0x6d61_6372_6f6c_696e;
const DEFAULT_OPS: usize = 10_000;
const AS_OF: &str = "2026-01-01";
/// At most this many documents open at once, each at most this many bytes.
const MAX_OPEN: usize = 6;
const MAX_LEN: usize = 3_000;

/// The team catalog, good: a line of its own over the default catalog.
const CATALOG_GOOD: &str = include_str!("../fixtures/lsp/catalog.toml");

/// The same catalog with the team's line removed: its number turns into `removed-channel`.
fn catalog_removed() -> String {
    CATALOG_GOOD.replace(
        "status = \"active\"",
        "status = \"removed\"\nsince = 2025-01-01\nreplacement = [\"phone.moscow\"]",
    )
}

/// How many ways the test breaks the catalog.
const BROKEN_KINDS: usize = 5;

/// A catalog that does not load, for one of [`BROKEN_KINDS`] reasons.
fn broken_catalog(kind: usize) -> Vec<u8> {
    match kind {
        0 => CATALOG_GOOD.replace("[[channel]]", "[[channel]").into_bytes(),
        1 => CATALOG_GOOD
            .replace("status = \"active\"", "status = \"sometimes\"")
            .into_bytes(),
        2 => format!("{CATALOG_GOOD}\n[[claim]]\nid = \"claim.x\"\nrule = \"outdated-claim\"\npatterns = ['(unclosed']\n").into_bytes(),
        3 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(CATALOG_GOOD.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
        _ => CATALOG_GOOD.as_bytes()[..CATALOG_GOOD.len() / 2].to_vec(),
    }
}

const LANGUAGES: &[(&str, &str)] = &[
    ("markdown", "md"),
    ("plaintext", "txt"),
    ("liquid", "liquid"),
    ("handlebars", "hbs"),
    ("jinja", "j2"),
    ("html", "html"),
    ("json", "json"),
    ("yaml", "yaml"),
];

/// Fixture templates the checkpoints open: every format, every rule.
const TEMPLATES: [(&str, &str, &str); 6] = [
    (
        "plaintext",
        "txt",
        include_str!("../fixtures/templates/broken/hotline.ru.txt"),
    ),
    (
        "markdown",
        "md",
        include_str!("../fixtures/templates/broken/wrong-audience.ru.md"),
    ),
    (
        "liquid",
        "liquid",
        include_str!("../fixtures/templates/broken/chat.ru.liquid"),
    ),
    (
        "html",
        "html",
        include_str!("../fixtures/templates/broken/unofficial.en.html"),
    ),
    (
        "json",
        "json",
        include_str!("../fixtures/templates/exports/zendesk-macros.ru.json"),
    ),
    (
        "yaml",
        "yaml",
        include_str!("../fixtures/yaml/premium.ru.yml"),
    ),
];

/// A document as the editor holds it.
struct Doc {
    uri: String,
    language: &'static str,
    version: i64,
    text: String,
}

/// The settings the editor has sent last (the whole object each time).
#[derive(Clone)]
struct Settings {
    catalog: PathBuf,
    as_of: String,
    rules: BTreeMap<&'static str, &'static str>,
    audience: Option<Vec<&'static str>>,
    lang: &'static str,
    style: &'static str,
}

impl Settings {
    fn to_json(&self) -> Value {
        json!({
            "catalog": self.catalog.display().to_string(),
            "debounceMs": 0,
            "asOf": self.as_of,
            "rules": self.rules,
            "defaultAudience": self.audience,
            "lang": self.lang,
            "completionStyle": self.style,
        })
    }

    fn random(&self, rng: &mut Rng) -> Settings {
        const RULES: &[&str] = &[
            "removed-channel",
            "contact-format",
            "hard-to-reach",
            "wrong-audience",
            "unknown-contact",
            "unofficial-channel",
            "io-error",
            "upcoming-change",
            "misleading-claim",
        ];
        const LEVELS: &[&str] = &["error", "warning", "info", "off"];
        let mut s = self.clone();
        s.as_of = rng
            .pick(&["2026-01-01", "2024-06-01", "2022-01-01"])
            .to_string();
        s.rules = (0..rng.below(4))
            .map(|_| (*rng.pick(RULES), *rng.pick(LEVELS)))
            .collect();
        s.audience = match rng.below(4) {
            0 => None,
            1 => Some(vec!["buyer"]),
            2 => Some(vec!["seller"]),
            _ => Some(vec!["seller", "premium"]),
        };
        s.lang = *rng.pick(&["ru", "en"]);
        s.style = *rng.pick(&["literal", "placeholder"]);
        s
    }
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The text a new document starts with.
fn initial_text(rng: &mut Rng, language: &str) -> String {
    let body = random_text(rng, 12);
    match language {
        "json" => format!(
            "{{\"macros\": [{{\"id\": 1, \"title\": \"Продавцы::Чат\", \"actions\": [{{\"field\": \"comment_value\", \"value\": {}}}]}}]}}",
            serde_json::to_string(&body).unwrap()
        ),
        "yaml" => format!(
            "title: Чат\nactions:\n  - field: comment_value\n    value: \"{}\"\n",
            body.replace(['"', '\\'], "")
        ),
        "html" => format!("<p>{body}</p>"),
        _ => body,
    }
}

struct Chaos {
    rng: Rng,
    client: Client,
    dir: PathBuf,
    docs: Vec<Doc>,
    closed: BTreeSet<String>,
    next_doc: usize,
    settings: Settings,
    catalog_path: PathBuf,
    /// The catalog text the server has in use (the last version that loaded).
    catalog_in_use: String,
    /// `null`-id errors the server owes us (bodies that are not JSON-RPC requests).
    null_errors_expected: usize,
    counts: BTreeMap<&'static str, usize>,
    /// Requests sent and not yet waited for.
    outstanding: Vec<Value>,
    /// Time spent per kind of operation, for the summary.
    spent: BTreeMap<&'static str, Duration>,
    last: &'static str,
}

impl Chaos {
    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
        self.last = what;
    }

    fn open(&mut self) {
        let (language, ext) = *self.rng.pick(LANGUAGES);
        let text = initial_text(&mut self.rng, language);
        self.open_text(language, ext, text);
    }

    fn open_text(&mut self, language: &'static str, ext: &str, text: String) {
        self.next_doc += 1;
        let uri = file_uri(&self.dir.join(format!("doc{}.{ext}", self.next_doc)));
        self.client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.closed.remove(&uri);
        self.docs.push(Doc {
            uri,
            language,
            version: 1,
            text,
        });
    }

    fn change(&mut self) {
        let i = self.rng.below(self.docs.len());
        let mut changes = Vec::new();
        let full = self.rng.chance(4);
        let doc = &mut self.docs[i];
        if full {
            let text = initial_text(&mut self.rng, doc.language);
            changes.push(json!({"text": text}));
            doc.text = text;
        } else {
            for _ in 0..1 + self.rng.below(3) {
                let (start, end) = if doc.text.len() > MAX_LEN {
                    // Too long: cut a large piece out.
                    ((0, 0), random_position(&mut self.rng, &doc.text))
                } else {
                    let a = random_position(&mut self.rng, &doc.text);
                    let b = if self.rng.chance(40) {
                        a
                    } else {
                        random_position(&mut self.rng, &doc.text)
                    };
                    (a, b)
                };
                let new = random_text(&mut self.rng, 3);
                apply_change(&mut doc.text, start, end, &new);
                changes.push(json!({
                    "range": {"start": lsp_position(start), "end": lsp_position(end)},
                    "text": new,
                }));
            }
        }
        doc.version += 1;
        let params = json!({"textDocument": {"uri": doc.uri, "version": doc.version}, "contentChanges": changes});
        self.client.notify("textDocument/didChange", params);
    }

    fn close(&mut self) {
        let i = self.rng.below(self.docs.len());
        let doc = self.docs.remove(i);
        self.client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": doc.uri}}),
        );
        self.closed.insert(doc.uri);
    }

    /// A URI for a request: usually an open document, sometimes one that is not open.
    fn target(&mut self) -> (String, String) {
        if self.rng.chance(5) || self.docs.is_empty() {
            let uri = file_uri(&self.dir.join("never-opened.md"));
            return (uri, String::new());
        }
        let d = self.rng.pick(&self.docs);
        (d.uri.clone(), d.text.clone())
    }

    /// A request about a document, answered before the next operation (or, in a burst,
    /// after the others).
    fn feature_request(&mut self) -> Value {
        let (uri, text) = self.target();
        let pos = lsp_position(random_position(&mut self.rng, &text));
        let doc = json!({"uri": uri});
        match self.rng.below(7) {
            0 | 1 => self.client.request(
                "textDocument/hover",
                json!({"textDocument": doc, "position": pos}),
            ),
            2 | 3 => self.client.request(
                "textDocument/completion",
                json!({"textDocument": doc, "position": pos}),
            ),
            4 | 5 => {
                let end = lsp_position(random_position(&mut self.rng, &text));
                let diags = self
                    .client
                    .published
                    .get(&uri)
                    .map(|p| p.diagnostics.clone())
                    .unwrap_or_default();
                let diags: Vec<Value> = diags.into_iter().take(self.rng.below(3)).collect();
                self.client.request(
                    "textDocument/codeAction",
                    json!({"textDocument": doc, "range": {"start": pos, "end": end}, "context": {"diagnostics": diags}}),
                )
            }
            _ => match self.rng.below(4) {
                0 => self.client.request(
                    "textDocument/inlayHint",
                    json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": pos}}),
                ),
                1 => self
                    .client
                    .request("textDocument/documentLink", json!({"textDocument": doc})),
                2 => self
                    .client
                    .request("macrolint/status", json!({"textDocument": doc})),
                _ => self.client.request("$/chaos/unknown", json!({})),
            },
        }
    }

    fn configure(&mut self) {
        self.settings = self.settings.random(&mut self.rng);
        self.client.settings = self.settings.to_json();
        if self.rng.chance(50) {
            let nested = self.rng.chance(50);
            let s = self.settings.to_json();
            let settings = if nested { json!({"macrolint": s}) } else { s };
            self.client.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": settings}),
            );
        } else {
            // Empty settings: the server pulls them with `workspace/configuration`.
            self.client.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": null}),
            );
        }
    }

    fn rewrite_catalog(&mut self) {
        let (bytes, good) = match self.rng.below(3) {
            0 => (CATALOG_GOOD.as_bytes().to_vec(), true),
            1 => (catalog_removed().into_bytes(), true),
            _ => (broken_catalog(self.rng.below(BROKEN_KINDS)), false),
        };
        // Saved the way editors save: a whole new file renamed over the old one, so the server
        // never reads half a file.
        let tmp = self.catalog_path.with_extension("toml.tmp");
        std::fs::write(&tmp, &bytes).unwrap();
        std::fs::rename(&tmp, &self.catalog_path).unwrap();
        if good {
            self.catalog_in_use = String::from_utf8(bytes).unwrap();
        }
        let uri = file_uri(&self.catalog_path);
        if self.rng.chance(70) {
            self.client.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": uri, "type": 2}]}),
            );
        } else {
            self.client.notify(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri}}),
            );
        }
        // The server reads the file when it handles the notification: wait until it has (its
        // answer to the next request), so the next rewrite cannot overtake this one.
        let id = self.client.request("macrolint/status", json!({}));
        self.client.wait_response(&id);
        self.count(if good {
            "catalog fixed"
        } else {
            "catalog broken"
        });
    }

    /// A frame whose body is not a valid request, and what the server owes for it: an error
    /// with the request's id when it has one, a `null`-id error when it is not JSON-RPC at
    /// all, nothing for a notification. A request follows to keep the books.
    fn invalid_body(&mut self) {
        let id = self.client.new_id();
        let (body, owes_null, carries_id) = match self.rng.below(9) {
            0 => (br#"{"jsonrpc":"2.0","id":"#.to_vec(), true, false),
            1 => (b"[1,2,3]".to_vec(), true, false),
            2 => (b"null".to_vec(), true, false),
            3 => (Vec::new(), true, false),
            4 => (b"\xff\xfe{\"jsonrpc\"}".to_vec(), true, false),
            5 => (br#"{"jsonrpc":"2.0","params":{}}"#.to_vec(), true, false),
            6 => (
                json!({"jsonrpc": "2.0", "id": id, "method": 42})
                    .to_string()
                    .into_bytes(),
                false,
                true,
            ),
            7 => (
                json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"bogus": 1}})
                    .to_string()
                    .into_bytes(),
                false,
                true,
            ),
            _ => (
                // A notification with broken params: dropped, no answer.
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": "nonsense"})
                    .to_string()
                    .into_bytes(),
                false,
                false,
            ),
        };
        self.client.send_raw(&frame(&body));
        if !carries_id {
            let ping =
                json!({"jsonrpc": "2.0", "id": id, "method": "macrolint/status", "params": {}});
            self.client.send(&ping);
        }
        if owes_null {
            self.null_errors_expected += 1;
        }
        self.outstanding.push(id);
    }

    /// Bytes between frames: junk no header can be read from, broken headers, and frames
    /// whose `Content-Length` is a few bytes too long (the next header shows up inside the
    /// body). Then a line break, as an editor's next header would not share a line with
    /// garbage; the next frame must still be read.
    fn stray_bytes(&mut self) {
        let junk: Vec<u8> = match self.rng.below(8) {
            0 => (0..1 + self.rng.below(64))
                .map(|_| {
                    let b = self.rng.next() as u8;
                    // No letter of a header name: random bytes could spell one by chance.
                    if b.is_ascii_alphabetic() { b'x' } else { b }
                })
                .collect(),
            1 => b"\r\n\r\n".to_vec(),
            2 => b"Content-Len".to_vec(),
            3 => b"Content-Length: abc\r\n\r\n".to_vec(),
            4 => "мусор 👍🏽\r\n".as_bytes().to_vec(),
            5 => b"Content-Length: 99999999999999999999\r\n\r\n".to_vec(),
            6 => {
                // `{"a":1}` and the line break are 9 bytes: the next header cuts the body, an
                // object that is no request (`-32600`).
                self.null_errors_expected += 1;
                b"Content-Length: 12\r\n\r\n{\"a\":1}".to_vec()
            }
            _ => {
                // No body at all before the next header: an empty frame (`-32700`).
                self.null_errors_expected += 1;
                b"Content-Length: 5\r\n\r\n".to_vec()
            }
        };
        self.client.send_raw(&junk);
        self.client.send_raw(b"\r\n");
    }

    /// Each open document, touched once more, is diagnosed as `check()` diagnoses its text
    /// with the catalog and settings the editor last gave. Returns how many diagnostics agreed.
    fn verify(&mut self, seed: u64) -> usize {
        // Quiet down: every request answered, every server request answered and applied.
        self.sync();
        let id = self.client.request("macrolint/status", json!({}));
        self.client.wait_response(&id);
        self.client.settle(Duration::from_millis(100));
        assert!(self.client.alive(), "{}", self.client.stderr());
        let catalog = Catalog::from_toml(
            &self.catalog_in_use,
            Origin::File(self.catalog_path.display().to_string()),
        )
        .expect("the catalog in use loads");
        // Real templates too, which break every rule, opened now under whatever settings and
        // catalog the chaos left in force; closed again after.
        let kept = self.docs.len();
        for (language, ext, text) in TEMPLATES {
            self.open_text(language, ext, text.to_string());
        }
        let mut compared = 0;
        for i in 0..self.docs.len() {
            let doc = &mut self.docs[i];
            doc.version += 1;
            let (uri, version) = (doc.uri.clone(), doc.version);
            let touch = json!({"textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                "end": {"line": 0, "character": 0}}, "text": ""}]});
            self.client.notify("textDocument/didChange", touch);
            let want = expected(&self.docs[i], &self.settings, &catalog);
            let mut diags = self.client.diagnostics_at(&uri, version);
            // Settings pulled just before may still be applied: that re-check publishes again.
            loop {
                let got = summary(&diags);
                if got == want {
                    break;
                }
                let after = self.client.publish_count(&uri);
                match self
                    .client
                    .next_publish(&uri, after, Duration::from_secs(3))
                {
                    Some(d) => diags = d,
                    None => {
                        let status = self
                            .client
                            .call("macrolint/status", json!({"textDocument": {"uri": uri}}));
                        assert_eq!(
                            got,
                            want,
                            "server and check() disagree on {uri} (seed {seed:#x}):\n{:?}\nsettings sent last: {}\nserver status: {status}",
                            self.docs[i].text,
                            self.settings.to_json(),
                        )
                    }
                }
            }
            compared += want.len();
        }
        while self.docs.len() > kept {
            let doc = self.docs.pop().unwrap();
            let after = self.client.publish_count(&doc.uri);
            self.client.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": doc.uri}}),
            );
            // Closing clears the document's diagnostics.
            let cleared = self
                .client
                .next_publish(&doc.uri, after, Duration::from_secs(10));
            assert_eq!(cleared, Some(vec![]), "{} closed", doc.uri);
            self.closed.insert(doc.uri);
        }
        // Closed documents were cleared.
        for uri in &self.closed {
            if let Some(p) = self.client.published.get(uri) {
                assert!(p.diagnostics.is_empty(), "{uri} closed but still diagnosed");
            }
        }
        self.count("verified");
        compared
    }

    /// Waits for every outstanding request's answer, counting errors.
    fn sync(&mut self) {
        for id in std::mem::take(&mut self.outstanding) {
            let r = self.client.wait_response(&id);
            if r.get("error").is_some() {
                self.count("request answered with an error");
            }
        }
    }

    fn step(&mut self) {
        let t = Instant::now();
        self.last = "?";
        self.op();
        *self.spent.entry(self.last).or_default() += t.elapsed();
    }

    fn op(&mut self) {
        let roll = self.rng.below(100);
        match roll {
            _ if self.docs.is_empty() => {
                self.open();
                self.count("open");
            }
            0..=7 if self.docs.len() < MAX_OPEN => {
                self.open();
                self.count("open");
            }
            0..=44 => {
                self.change();
                self.count("change");
            }
            45..=48 if self.docs.len() > 1 => {
                self.close();
                self.count("close");
            }
            45..=72 => {
                // Answered while the next operations go out; collected at the next sync.
                let id = self.feature_request();
                self.outstanding.push(id);
                self.count("request");
            }
            73..=75 => {
                // A burst: several requests at once.
                for _ in 0..2 + self.rng.below(6) {
                    let id = self.feature_request();
                    self.outstanding.push(id);
                }
                self.count("burst");
            }
            76..=81 => {
                self.configure();
                self.count("configuration");
            }
            // Rare: every good version is loaded and validated afresh (a debug build takes a
            // good part of a second), and every document re-checked.
            82 if self.rng.chance(40) => self.rewrite_catalog(),
            83..=90 => {
                self.invalid_body();
                self.count("invalid body");
            }
            91..=96 => {
                self.stray_bytes();
                self.count("stray bytes");
            }
            _ => {
                let (uri, _) = self.target();
                self.client.notify(
                    "textDocument/didSave",
                    json!({"textDocument": {"uri": uri}}),
                );
                self.count("save");
            }
        }
        self.client.drain();
    }
}

/// What `check()` says about `doc` under `settings` and the catalog text in use, as
/// (rule, severity, LSP range) in source order.
fn expected(doc: &Doc, settings: &Settings, catalog: &Catalog) -> Vec<(String, String, Value)> {
    let mut ctx = Context::new(catalog, settings.as_of.parse().unwrap());
    ctx.audience = settings
        .audience
        .as_ref()
        .map(|a| a.iter().map(|s| s.to_string()).collect::<Audience>());
    for (rule, level) in &settings.rules {
        let rule: Rule = rule.parse().unwrap();
        ctx.levels.insert(rule, Severity::parse(level));
    }
    let format = Format::from_language_id(doc.language).unwrap();
    let d = Document::with_options(doc.text.clone(), format, ReadOptions::default());
    check(&d, &ctx)
        .into_iter()
        .map(|f| {
            (
                f.rule.id().to_string(),
                f.severity.as_str().to_string(),
                model::range(&doc.text, f.range.start, f.range.end),
            )
        })
        .collect()
}

/// A publication's diagnostics as (rule, severity, range).
fn summary(diags: &[Value]) -> Vec<(String, String, Value)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                severity_name(&d["severity"]),
                d["range"].clone(),
            )
        })
        .collect()
}

fn severity_name(n: &Value) -> String {
    match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "?",
    }
    .to_string()
}

#[test]
fn chaos_client_never_kills_the_server_and_ends_in_agreement_with_check() {
    let seed = std::env::var("MACROLINT_CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let ops = std::env::var("MACROLINT_CHAOS_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_OPS);
    let started = Instant::now();

    // The catalogs the test writes are what it takes them for.
    let load = |text: &str| Catalog::from_toml(text, Origin::File("team-catalog.toml".into()));
    assert!(load(CATALOG_GOOD).is_ok() && load(&catalog_removed()).is_ok());
    for kind in 0..BROKEN_KINDS {
        let text = String::from_utf8(broken_catalog(kind)).unwrap_or_default();
        assert!(text.is_empty() || load(&text).is_err(), "{text}");
    }

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    // An empty macrolint.toml: nothing above the workspace decides anything.
    std::fs::write(dir.join("macrolint.toml"), "").unwrap();
    let catalog_path = dir.join("team-catalog.toml");
    std::fs::write(&catalog_path, CATALOG_GOOD).unwrap();
    let settings = Settings {
        catalog: catalog_path.clone(),
        as_of: AS_OF.into(),
        rules: BTreeMap::new(),
        audience: None,
        lang: "en",
        style: "literal",
    };

    let mut client = Client::start();
    client.settings = settings.to_json();
    let caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {
            "configuration": true,
            "didChangeConfiguration": {"dynamicRegistration": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true},
            "workspaceEdit": {"documentChanges": true},
            "inlayHint": {"refreshSupport": true},
        },
        "window": {"workDoneProgress": true, "showMessage": {}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    });
    let init = client.call(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&dir), "capabilities": caps,
               "initializationOptions": settings.to_json()}),
    );
    assert_eq!(
        init["result"]["capabilities"]["positionEncoding"],
        json!("utf-16"),
        "{init}"
    );
    client.notify("initialized", json!({}));

    let mut chaos = Chaos {
        rng: Rng::new(seed),
        client,
        dir: dir.clone(),
        docs: Vec::new(),
        closed: BTreeSet::new(),
        next_doc: 0,
        settings,
        catalog_path,
        catalog_in_use: CATALOG_GOOD.to_string(),
        null_errors_expected: 0,
        counts: BTreeMap::new(),
        outstanding: Vec::new(),
        spent: BTreeMap::new(),
        last: "?",
    };
    // The first document loads the catalog; from then on the server watches it.
    chaos.open();
    let first = chaos.docs[0].uri.clone();
    chaos.client.diagnostics_at(&first, 1);

    let mut checkpoints = 0;
    for n in 0..ops {
        chaos.step();
        if n % 20 == 19 {
            chaos.sync();
        }
        // Agreement with `check()` along the way, not only at the end.
        if n % 2_500 == 2_499 && n + 1 < ops {
            checkpoints += chaos.verify(seed);
        }
        if n % 250 == 0 {
            assert!(
                chaos.client.alive(),
                "the server died after {n} operations\n{}",
                chaos.client.stderr()
            );
            // Pace: everything sent so far is read before the next stretch.
            let id = chaos.client.request("macrolint/status", json!({}));
            chaos.client.wait_response(&id);
        }
    }

    let compared = chaos.verify(seed) + checkpoints;

    // Every request got exactly one response; every non-request body got its null-id error.
    let missing: Vec<_> = chaos
        .client
        .responses
        .iter()
        .filter(|(_, n)| **n != 1)
        .collect();
    assert!(
        missing.is_empty(),
        "requests without exactly one response: {missing:?}"
    );
    assert!(
        chaos.client.stray_responses.is_empty(),
        "responses to nothing: {:?}",
        chaos.client.stray_responses
    );
    assert_eq!(
        chaos.client.null_errors.len(),
        chaos.null_errors_expected,
        "null-id errors: {:?}",
        chaos.client.null_errors
    );
    assert!(
        chaos
            .client
            .server_requests
            .contains_key("workspace/configuration"),
        "{:?}",
        chaos.client.server_requests
    );

    let requests = chaos.client.responses.len();
    let code = chaos.client.shutdown_and_exit();
    assert_eq!(code, Some(0), "{}", chaos.client.stderr());
    eprintln!(
        "chaos: seed {seed:#x}, {ops} operations in {:.1?}: {:?}; {requests} requests, server requests {:?}, {} open documents at the end; {compared} diagnostics agreed with check() over all checkpoints",
        started.elapsed(),
        chaos.counts,
        chaos.client.server_requests,
        chaos.docs.len(),
    );
    eprintln!("chaos: time per kind of operation: {:?}", chaos.spent);
    eprintln!(
        "chaos: requests answered and their time, per method: {:?}",
        chaos.client.latency
    );
}

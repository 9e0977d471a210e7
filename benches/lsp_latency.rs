//! LSP latency bench: drives the real `macrolint lsp` over stdio with the debounce at 0.
//! Run: `cargo bench --bench lsp_latency` (prints a table; not a criterion bench, since the
//! times measured are round trips through another process).
//!
//! Measures: `initialize` answered; keystroke by keystroke, `didChange` to the
//! `publishDiagnostics` of that version on a 10 KB and a 1 MB template (p50 / p95 / p99);
//! the same on contact-dense text (every line a phone, an e-mail, a link or a claim);
//! completion and hover round trips on a 10 KB and a 1 MB document; a 2 KB document typed in
//! while a 1 MB one is edited (the small one's diagnostics); resident memory with 1,000 open
//! 10 KB documents.

#[path = "corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "../tests/lsp/harness.rs"]
mod harness;

use harness::Server;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn percentiles(mut v: Vec<Duration>) -> String {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    format!(
        "p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  (n={})",
        p(0.5),
        p(0.95),
        p(0.99),
        v.len()
    )
}

fn end_of(text: &str) -> Value {
    let line = text.matches('\n').count();
    let last = text.rsplit('\n').next().unwrap_or("");
    json!({"line": line, "character": last.encode_utf16().count()})
}

/// Types `n` characters at the end of the document, one `didChange` each, timing each until
/// its diagnostics arrive.
fn keystrokes(s: &mut Server, uri: &str, text: &mut String, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let pos = end_of(text);
        let ch = if i % 10 == 9 { " " } else { "а" };
        text.push_str(ch);
        let version = i as i64 + 2;
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}]}),
        );
        s.diagnostics_at(uri, version);
        times.push(t.elapsed());
    }
    times
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// One document alone in a fresh server (tuning one hot path): `warm` keystrokes, then `n`
/// timed ones.
fn alone(caps: &Value, options: &Value, label: &str, text: &mut String, warm: usize, n: usize) {
    let mut s = Server::start();
    s.initialize(caps.clone(), options.clone(), Value::Null);
    let uri = "file:///bench/alone.md";
    s.open(uri, "markdown", text);
    s.diagnostics_at(uri, 1);
    keystrokes(&mut s, uri, text, warm);
    println!(
        "keystroke → diagnostics, {label}: {}",
        percentiles(keystrokes(&mut s, uri, text, n))
    );
    s.shutdown_and_exit();
}

fn main() {
    // `cargo bench --bench lsp_latency -- dense` runs only the parts whose name holds "dense".
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    let options = json!({"debounceMs": 0, "lang": "en"});
    let caps = json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"publishDiagnostics": {"versionSupport": true}}});

    if wanted("1mb-dense") && !wanted("10kb-dense") {
        let mut text = corpus::dense_large(2, 1 << 20);
        alone(&caps, &options, "1 MB dense", &mut text, 3, 30);
        return;
    }
    if wanted("10kb-dense") && !wanted("10kb-sparse") {
        let mut rng = fastrand::Rng::with_seed(1);
        let _ = corpus::template(&mut rng, 10_000);
        let mut text = corpus::dense_template(&mut rng, 10_000);
        alone(&caps, &options, "10 KB dense", &mut text, 50, 1000);
        return;
    }
    let mut s = Server::start();
    let t = Instant::now();
    s.initialize(caps.clone(), options.clone(), Value::Null);
    println!(
        "initialize answered       {:.2} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let mut rng = fastrand::Rng::with_seed(1);
    let small = corpus::template(&mut rng, 10_000);
    let uri = "file:///bench/small.md";
    s.open(uri, "markdown", &small);
    s.diagnostics_at(uri, 1);
    keystrokes(&mut s, uri, &mut small.clone(), 20); // warm-up
    let mut small2 = small.clone();
    let uri2 = "file:///bench/small2.md";
    s.open(uri2, "markdown", &small2);
    s.diagnostics_at(uri2, 1);
    println!(
        "keystroke → diagnostics, 10 KB: {}",
        percentiles(keystrokes(&mut s, uri2, &mut small2, 300))
    );

    let mut large = corpus::large(2, 1 << 20);
    let uri3 = "file:///bench/large.md";
    s.open(uri3, "markdown", &large);
    s.diagnostics_at(uri3, 1);
    println!(
        "keystroke → diagnostics, 1 MB:  {}",
        percentiles(keystrokes(&mut s, uri3, &mut large, 40))
    );

    let mut dense_small = corpus::dense_template(&mut rng, 10_000);
    let uri_ds = "file:///bench/dense-small.md";
    s.open(uri_ds, "markdown", &dense_small);
    s.diagnostics_at(uri_ds, 1);
    println!(
        "keystroke → diagnostics, 10 KB dense: {}",
        percentiles(keystrokes(&mut s, uri_ds, &mut dense_small, 300))
    );
    let mut dense_large = corpus::dense_large(2, 1 << 20);
    let uri_dl = "file:///bench/dense-large.md";
    s.open(uri_dl, "markdown", &dense_large);
    s.diagnostics_at(uri_dl, 1);
    println!(
        "keystroke → diagnostics, 1 MB dense:  {}",
        percentiles(keystrokes(&mut s, uri_dl, &mut dense_large, 20))
    );

    // Completion and hover at the end of a 1 MB document.
    let big = format!(
        "{}\nПишите на help@ozon.ru или звоните {{{{contact.",
        corpus::large(4, 1 << 20)
    );
    let uri_big = "file:///bench/complete-1mb.md";
    s.open(uri_big, "markdown", &big);
    s.diagnostics_at(uri_big, 1);
    let pos = end_of(&big);
    let hover_at =
        json!({"line": pos["line"], "character": "Пишите на help".encode_utf16().count()});
    let mut completion = Vec::new();
    let mut hover = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri_big}, "position": pos}),
        );
        completion.push(t.elapsed());
        let t = Instant::now();
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri_big}, "position": hover_at}),
        );
        hover.push(t.elapsed());
    }
    println!("completion round trip, 1 MB:   {}", percentiles(completion));
    println!("hover round trip, 1 MB:        {}", percentiles(hover));

    let text = format!("{small}\nЗвоните {{{{contact.");
    let uri4 = "file:///bench/complete.md";
    s.open(uri4, "markdown", &text);
    s.diagnostics_at(uri4, 1);
    let pos = end_of(&text);
    let mut times = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri4}, "position": pos}),
        );
        times.push(t.elapsed());
    }
    println!("completion round trip:         {}", percentiles(times));
    let at = small
        .find("help@ozon.ru")
        .map(|i| small[..i].encode_utf16().count())
        .unwrap_or(0);
    let line = small[..small.find("help@ozon.ru").unwrap_or(0)]
        .matches('\n')
        .count();
    let col = at
        - small[..small.find("help@ozon.ru").unwrap_or(0)]
            .rfind('\n')
            .map_or(0, |i| small[..=i].encode_utf16().count());
    let mut times = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri2}, "position": {"line": line, "character": col}}),
        );
        times.push(t.elapsed());
    }
    println!("hover round trip:              {}", percentiles(times));

    // Two documents: each keystroke in the 1 MB dense one is followed by one in a 2 KB one;
    // timed is the small one's diagnostics (the large one's re-check must not delay them).
    let mut tiny = corpus::dense_template(&mut rng, 2_000);
    let uri_tiny = "file:///bench/tiny.md";
    s.open(uri_tiny, "markdown", &tiny);
    s.diagnostics_at(uri_tiny, 1);
    let mut times = Vec::new();
    for i in 0..20 {
        let pos = end_of(&dense_large);
        dense_large.push('а');
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri_dl, "version": 1000 + i},
                   "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "а"}]}),
        );
        let pos = end_of(&tiny);
        tiny.push('а');
        let version = i + 2;
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri_tiny, "version": version},
                   "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "а"}]}),
        );
        s.diagnostics_at(uri_tiny, version);
        times.push(t.elapsed());
    }
    println!("2 KB keystroke while 1 MB edited: {}", percentiles(times));
    s.shutdown_and_exit();

    let mut s = Server::start();
    s.initialize(caps, options, Value::Null);
    let docs = corpus::templates(3, 1000);
    for (i, d) in docs.iter().enumerate() {
        let mut d = d.clone();
        while d.len() < 10_000 {
            d.push_str(&docs[(i + 1) % docs.len()]);
        }
        let uri = format!("file:///bench/many/{i}.md");
        s.open(&uri, "markdown", &d);
        s.diagnostics_at(&uri, 1);
    }
    println!(
        "RSS with 1,000 open 10 KB documents: {:.1} MB",
        rss_kb(s.pid()) as f64 / 1024.0
    );
    s.shutdown_and_exit();
}

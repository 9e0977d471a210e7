//! The bad-input matrix: one test per row, each driving the CLI (`assert_cmd` on the binary) and
//! the language server (the stdio harness of `tests/lsp.rs`) with input that is not a template a
//! check can read. Nothing may crash, hang or be guessed at: the CLI reports an `io-error` (or a
//! usage error for a broken catalog) and goes on with the other files; the server reports and
//! keeps serving.
//!
//! | row | CLI | server |
//! |---|---|---|
//! | invalid UTF-8 | `io-error` with line, column and byte | a frame that is not UTF-8 JSON: `-32700`, still serving |
//! | UTF-16 with BOM | `io-error` "UTF-16", nothing guessed | a UTF-16 catalog: error shown, the default catalog used |
//! | binary file | `io-error` "binary" | NUL and control characters in a document: checked as text |
//! | empty file | clean, exit 0, every format | clean diagnostics, features answer at 0:0 |
//! | 200 MB file | `io-error` "over max-file-size", never read | a frame over 256 MiB: skipped, the next one answered |
//! | symlink loop | named: `io-error`; walked: not followed | as the catalog: error shown, default catalog used |
//! | unreadable file | dangling symlink, FIFO: `io-error`, no blocking | a FIFO or dangling catalog: error shown, no blocking |
//! | directory as catalog | exit 2 "is a directory" | error shown, default catalog used |
//! | exploding regex | exit 2 / `catalog check` exit 1, size limit named | error shown with the limit, default catalog used |
//! | 100,000-deep JSON | `io-error` "nesting depth", no stack overflow | document: `io-error`; frame: `-32700` |
//! | changed during `fix` | refused, exit 1, never a torn or lost write | code actions carry the document version they were computed for |

#[allow(dead_code)]
#[path = "lsp/harness.rs"]
mod harness;

use assert_cmd::Command;
use harness::{Server, file_uri, frame};
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const FIXTURES: &str = "fixtures/bad-input";
/// Long enough for a loaded CI machine, short enough that a blocking read fails the test.
const LIMIT: Duration = Duration::from_secs(120);
/// A removed channel: a file that is read at all gets a `removed-channel` error.
const REMOVED: &str = "Звоните {{contact.phone.premium}}.\n";

fn macrolint() -> Command {
    let mut c = Command::cargo_bin("macrolint").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .timeout(LIMIT);
    c
}

/// Runs the command: (exit code, stdout, stderr). A command that outlives [`LIMIT`] fails the
/// test (it blocked).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd
        .output()
        .expect("macrolint ran (and did not block past the limit)");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `macrolint check --format json --lang en` over `args`: exit code and the report.
fn check_json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = run(macrolint()
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "--as-of",
            "2026-01-01",
        ])
        .args(args));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, v, err)
}

/// `rule: message` of every finding in `report` for the file whose path ends with `name`.
fn findings(report: &Value, name: &str) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(name))
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|x| {
            format!(
                "{}: {}",
                x["rule"].as_str().unwrap(),
                x["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// A temporary folder with the named fixtures copied in and a readable template beside them.
fn workspace(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in fixtures {
        fs::copy(Path::new(FIXTURES).join(f), dir.path().join(f)).unwrap();
    }
    fs::write(dir.path().join("ok.md"), REMOVED).unwrap();
    dir
}

/// The readable template beside the bad input was still checked.
#[track_caller]
fn still_checked(report: &Value) {
    assert!(
        findings(report, "ok.md")
            .iter()
            .any(|f| f.starts_with("removed-channel")),
        "the readable file is still checked: {report}"
    );
}

fn fast(extra: Value) -> Value {
    let mut o = json!({"debounceMs": 0, "asOf": "2026-01-01", "lang": "en"});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            o[k] = v;
        }
    }
    o
}

/// A server whose settings name `catalog` as the catalog file.
fn server_with_catalog(catalog: &Path) -> Server {
    Server::initialized(
        json!({}),
        fast(json!({"catalog": catalog.display().to_string()})),
    )
    .0
}

/// Opens a document and returns its first diagnostics.
fn open_and_diagnose(s: &mut Server, uri: &str, language: &str, text: &str) -> Vec<Value> {
    s.open(uri, language, text);
    s.diagnostics_at(uri, 1)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The next `window/showMessage` error, as text.
fn shown_error(s: &mut Server) -> String {
    s.wait_for("an error shown to the user", |m| {
        m["method"] == "window/showMessage" && m["params"]["type"] == json!(1)
    })["params"]["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The server reports a broken catalog, keeps checking with the default one (a removed channel
/// is still an error) and answers the next request.
#[track_caller]
fn server_survives_broken_catalog(catalog: &Path, expect: &str) {
    let mut s = server_with_catalog(catalog);
    let uri = "file:///tmp/macrolint-bad-input/a.md";
    s.open(uri, "markdown", REMOVED);
    let msg = shown_error(&mut s);
    assert!(msg.contains(expect), "{msg}");
    let diags = s.diagnostics_at(uri, 1);
    assert!(
        codes(&diags).contains(&"removed-channel".to_string()),
        "checked with the default catalog: {diags:?}"
    );
    assert_eq!(s.request("shutdown", Value::Null), Value::Null);
}

/// The server answers a request after whatever was sent before it.
#[track_caller]
fn server_still_answers(s: &mut Server) {
    let r = s.call(
        "macrolint/status",
        json!({"textDocument": {"uri": "file:///tmp/none.md"}}),
    );
    assert!(r.get("result").is_some() || r.get("error").is_some(), "{r}");
    assert!(s.alive());
}

// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8() {
    let dir = workspace(&["latin1.txt", "cp1251.md"]);
    let (code, report, _) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    let latin1 = findings(&report, "latin1.txt");
    assert_eq!(latin1.len(), 1, "{latin1:?}");
    assert!(
        latin1[0].starts_with(
            "io-error: The file is not UTF-8: invalid byte at line 1, column 4 (byte 3)"
        ),
        "{latin1:?}"
    );
    let cp1251 = findings(&report, "cp1251.md");
    assert!(
        cp1251.len() == 1 && cp1251[0].contains("not UTF-8"),
        "reported, not decoded as something else: {cp1251:?}"
    );
    still_checked(&report);

    // Server: a frame whose body is not UTF-8 gets a parse error; the session goes on.
    let (mut s, _) = Server::initialized(json!({}), fast(json!({})));
    let mut body =
        br#"{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":"caf"#.to_vec();
    body.extend_from_slice(b"\xe9\xff\"}");
    s.send_raw(
        &[
            format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(),
            body,
        ]
        .concat(),
    );
    let err = s.wait_for("a parse error", |m| m["error"]["code"] == json!(-32700));
    assert_eq!(err["id"], Value::Null);
    server_still_answers(&mut s);
}

#[test]
fn utf16_with_bom() {
    let dir = workspace(&["utf16le-bom.txt", "utf16be-bom.md"]);
    let (code, report, _) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    for name in ["utf16le-bom.txt", "utf16be-bom.md"] {
        let f = findings(&report, name);
        // Reported, not guessed: the removed channel inside is not found.
        assert_eq!(f.len(), 1, "{name}: {f:?}");
        assert!(
            f[0].starts_with("io-error: The file is UTF-16") && f[0].contains("save it as UTF-8"),
            "{name}: {f:?}"
        );
    }
    still_checked(&report);

    // Server: a catalog saved as UTF-16 is reported; the default catalog is used meanwhile.
    server_survives_broken_catalog(
        &Path::new(FIXTURES)
            .join("catalog-utf16.toml")
            .canonicalize()
            .unwrap(),
        "not UTF-8",
    );
}

#[test]
fn binary_file() {
    let dir = workspace(&["binary.md"]);
    let (code, report, _) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    let f = findings(&report, "binary.md");
    assert!(
        f.len() == 1 && f[0].starts_with("io-error: The file looks binary"),
        "{f:?}"
    );
    still_checked(&report);

    // Named with an unknown extension (sniffed): still reported, not sniffed as text.
    fs::copy(dir.path().join("binary.md"), dir.path().join("image.png")).unwrap();
    let (code, report, _) = check_json(dir.path(), &["image.png"]);
    assert_eq!(code, 1);
    assert!(findings(&report, "image.png")[0].contains("binary"));

    // Server: an editor can only send text; NUL and control characters are checked as text.
    let (mut s, _) = Server::initialized(json!({}), fast(json!({})));
    let text = format!("PK\u{3}\u{4}\0\0\u{7f}\u{1b}[0m\u{fffd}\n{REMOVED}");
    let diags = open_and_diagnose(&mut s, "file:///tmp/bin.md", "markdown", &text);
    assert_eq!(codes(&diags), ["removed-channel"], "{diags:?}");
    server_still_answers(&mut s);
}

#[test]
fn empty_file() {
    let names = ["empty.md", "empty.json", "empty.yaml", "empty.html"];
    let dir = workspace(&names);
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("bom-only.md"), "\u{feff}").unwrap();
    let (code, report, _) = check_json(
        dir.path(),
        &[
            "empty.md",
            "empty.json",
            "empty.yaml",
            "empty.html",
            "empty.txt",
            "bom-only.md",
        ],
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["files"], json!(6));
    // Named on the command line and empty: each says there was nothing to check, and nothing
    // else (a warning: the run still passes).
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 6, "{report}");
    for f in files {
        let rules: Vec<&str> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["no-template-text"], "{}", f["path"]);
    }

    // Fixing an empty file changes nothing.
    let (code, _, err) = run(macrolint()
        .current_dir(dir.path())
        .args(["fix", "empty.md"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read(dir.path().join("empty.md")).unwrap(), b"");

    // Server: an empty document has no diagnostics and every feature answers at 0:0.
    let (mut s, _) = Server::initialized(json!({}), fast(json!({})));
    for (lang, uri) in [
        ("markdown", "file:///tmp/e.md"),
        ("json", "file:///tmp/e.json"),
        ("yaml", "file:///tmp/e.yaml"),
    ] {
        assert_eq!(
            open_and_diagnose(&mut s, uri, lang, ""),
            Vec::<Value>::new(),
            "{lang}"
        );
        let at = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}});
        for method in ["textDocument/hover", "textDocument/completion"] {
            let r = s.call(method, at.clone());
            assert!(r.get("error").is_none(), "{method} on empty {lang}: {r}");
        }
        let r = s.call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
        );
        assert!(r.get("error").is_none(), "codeAction on empty {lang}: {r}");
    }
}

/// Sets a file's access time to two days ago (its modification time to now), so that any read
/// of it moves the access time on a `relatime` or `strictatime` mount.
fn age_access_time(path: &Path) {
    let now = SystemTime::now();
    let times = fs::FileTimes::new()
        .set_accessed(now - Duration::from_secs(2 * 86_400))
        .set_modified(now);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_times(times)
        .unwrap();
}

fn accessed(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().accessed().unwrap()
}

#[test]
fn file_over_max_file_size() {
    let dir = workspace(&[]);
    let big = dir.path().join("huge.md");
    // 200 MB, sparse: cheap to make, and a read of it would show in memory and in its atime.
    let f = fs::File::create(&big).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    drop(f);
    age_access_time(&big);
    let before = accessed(&big);
    // Does this filesystem record reads at all (no `noatime`)? Try on a small file.
    let probe = dir.path().join("probe.bin");
    fs::write(&probe, b"x").unwrap();
    age_access_time(&probe);
    let probe_before = accessed(&probe);
    fs::read(&probe).unwrap();
    let atime_works = accessed(&probe) != probe_before;
    fs::remove_file(&probe).unwrap();

    // Peak memory of the run, by /usr/bin/time where it exists.
    let bin = env!("CARGO_BIN_EXE_macrolint");
    let time = Path::new("/usr/bin/time");
    let args = [
        "check", "--format", "json", "--lang", "en", "huge.md", "ok.md",
    ];
    let (out, peak_kb) = if time.exists() {
        let out = std::process::Command::new(time)
            .args(["-f", "PEAK_RSS_KB=%M", bin])
            .args(args)
            .current_dir(dir.path())
            .env_remove("LANG")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let peak = err
            .lines()
            .find_map(|l| l.strip_prefix("PEAK_RSS_KB="))
            .and_then(|v| v.trim().parse::<u64>().ok());
        (out, peak)
    } else {
        let out = std::process::Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env_remove("LANG")
            .output()
            .unwrap();
        (out, None)
    };
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = findings(&report, "huge.md");
    assert_eq!(
        f,
        ["io-error: The file is 209715200 bytes, over max-file-size (4194304); skipped."]
    );
    still_checked(&report);
    if let Some(kb) = peak_kb {
        assert!(
            kb < 150 * 1024,
            "peak RSS {kb} KiB: the 200 MB file was read"
        );
    }
    if atime_works {
        assert_eq!(
            accessed(&big),
            before,
            "the file over max-file-size was read"
        );
    }
    assert!(
        peak_kb.is_some() || atime_works,
        "neither /usr/bin/time nor atime could show the file is not read"
    );

    // A larger max-file-size in macrolint.toml is honoured the other way too.
    fs::write(
        dir.path().join("macrolint.toml"),
        "max-file-size = \"1 KB\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("two-kb.md"), "а".repeat(1024)).unwrap();
    let (_, report, _) = check_json(dir.path(), &["two-kb.md"]);
    assert!(
        findings(&report, "two-kb.md")[0].contains("over max-file-size (1000)"),
        "{report}"
    );
    // `--max-file-size` overrides the config, both ways.
    let (_, report, _) = check_json(dir.path(), &["two-kb.md", "--max-file-size", "4KiB"]);
    assert!(findings(&report, "two-kb.md").is_empty(), "{report}");
    let (_, report, _) = check_json(dir.path(), &["two-kb.md", "--max-file-size", "512"]);
    assert!(
        findings(&report, "two-kb.md")[0].contains("over max-file-size (512)"),
        "{report}"
    );
    let out = std::process::Command::new(bin)
        .args(["check", "--max-file-size", "2 parsecs", "two-kb.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`2 parsecs` is not a size"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Server: a frame announcing more than 256 MiB is refused and skipped; the next is read.
    let (mut s, _) = Server::initialized(json!({}), fast(json!({})));
    s.send_raw(
        b"Content-Length: 300000000\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}",
    );
    server_still_answers(&mut s);
    assert!(
        s.try_wait_for(Duration::from_millis(300), &|m| m["id"] == json!(77))
            .is_none(),
        "the oversized frame's body is not taken as a request"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    use std::os::unix::fs::symlink;
    let dir = workspace(&[]);
    let d = dir.path();
    symlink("b.md", d.join("a.md")).unwrap();
    symlink("a.md", d.join("b.md")).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    fs::write(d.join("sub/inner.md"), REMOVED).unwrap();

    // Walked: links are not followed, so neither loop is entered; every real file is checked once.
    let (code, report, _) = check_json(d, &["."]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], json!(2), "{report}");
    still_checked(&report);
    assert_eq!(findings(&report, "inner.md").len(), 1);

    // Named: reported as unreadable.
    let (code, report, _) = check_json(d, &["a.md", "ok.md"]);
    assert_eq!(code, 1);
    let f = findings(&report, "a.md");
    assert!(
        f.len() == 1
            && f[0].starts_with("io-error: Cannot read the file")
            && f[0].contains("symbolic links"),
        "{f:?}"
    );
    still_checked(&report);

    // As the catalog: a usage error, named.
    symlink("loop2.toml", d.join("loop1.toml")).unwrap();
    symlink("loop1.toml", d.join("loop2.toml")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(d)
            .args(["check", "--catalog", "loop1.toml", "ok.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("loop1.toml") && err.contains("cannot read the catalog"),
        "{err}"
    );

    // Server: the same catalog is reported, and the default one used.
    server_survives_broken_catalog(&d.join("loop1.toml"), "cannot read the catalog");
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::symlink;
    let dir = workspace(&[]);
    let d = dir.path();
    // Root reads any file, so these are things nobody can read as a file.
    symlink(d.join("missing.md"), d.join("dangling.md")).unwrap();
    let fifo = d.join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let have_fifo = made.is_ok_and(|s| s.success());

    let mut args = vec!["dangling.md", "ok.md"];
    if have_fifo {
        args.push("pipe.md");
    }
    // Named on the command line: each is an io-error; the FIFO is not opened (it would block).
    let (code, report, _) = check_json(d, &args);
    assert_eq!(code, 1);
    let f = findings(&report, "dangling.md");
    assert!(
        f.len() == 1 && f[0].starts_with("io-error: Cannot read the file"),
        "{f:?}"
    );
    if have_fifo {
        let f = findings(&report, "pipe.md");
        assert!(f.len() == 1 && f[0].contains("not a regular file"), "{f:?}");
    }
    still_checked(&report);

    // Walked: neither is a file, so neither is taken (and nothing blocks).
    let (code, report, _) = check_json(d, &["."]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], json!(1), "{report}");

    // `fix` refuses them the same way and leaves them alone.
    let mut fix = macrolint();
    fix.current_dir(d).arg("fix").args(&args);
    let (code, _, err) = run(&mut fix);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("dangling.md"), "{err}");

    // A directory where a file is expected: the baseline, the output file.
    fs::create_dir(d.join("adir")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(d)
            .args(["check", "ok.md", "--baseline", "adir"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot read the baseline"), "{err}");
    let (code, _, err) =
        run(macrolint()
            .current_dir(d)
            .args(["check", "ok.md", "--output-file", "adir"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("adir"), "{err}");

    // As the catalog: a dangling link is a usage error; a FIFO is refused without blocking.
    symlink(d.join("gone.toml"), d.join("dangling.toml")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(d)
            .args(["check", "--catalog", "dangling.toml", "ok.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot read the catalog"), "{err}");
    server_survives_broken_catalog(&d.join("dangling.toml"), "cannot read the catalog");
    if have_fifo {
        let pipe = d.join("pipe.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&pipe)
                .status()
                .unwrap()
                .success()
        );
        let (code, _, err) =
            run(macrolint()
                .current_dir(d)
                .args(["check", "--catalog", "pipe.toml", "ok.md"]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
        let (code, _, err) =
            run(macrolint()
                .current_dir(d)
                .args(["catalog", "check", "pipe.toml"]));
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
        server_survives_broken_catalog(&pipe, "not a regular file");
    }
}

#[test]
fn directory_as_catalog() {
    let dir = workspace(&[]);
    let d = dir.path();
    fs::create_dir(d.join("catalog.toml")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(d)
            .args(["check", "--catalog", "catalog.toml", "ok.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a directory, not a catalog file"), "{err}");

    // Named by macrolint.toml: the same.
    fs::write(d.join("macrolint.toml"), "catalog = \"catalog.toml\"\n").unwrap();
    let (code, _, err) = run(macrolint().current_dir(d).args(["check", "ok.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a directory"), "{err}");
    let (code, _, err) = run(macrolint()
        .current_dir(d)
        .args(["catalog", "check", "catalog.toml"]));
    assert_eq!(code, 1);
    assert!(err.contains("is a directory"), "{err}");

    server_survives_broken_catalog(&d.join("catalog.toml"), "is a directory");
}

#[test]
fn catalog_with_exploding_regex() {
    let catalog = Path::new("fixtures/catalogs/invalid/exploding-regex.toml")
        .canonicalize()
        .unwrap();
    // `catalog check` prints the problems on stderr.
    let (code, _, out) = run(macrolint().args(["catalog", "check"]).arg(&catalog));
    assert_eq!(code, 1);
    assert!(
        out.contains("exploding-regex.toml:4:13: pattern compiles to more than 8388608 bytes"),
        "{out}"
    );
    assert!(
        out.contains("bound its repetitions"),
        "a way out is offered: {out}"
    );

    let dir = workspace(&[]);
    let (code, _, err) = run(macrolint()
        .current_dir(dir.path())
        .args(["check", "ok.md", "--catalog"])
        .arg(&catalog));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than 8388608 bytes"), "{err}");

    // A pattern nested past the limit and one far too long: clear errors too, quickly.
    let nested = format!(
        "[[claim]]\nid = \"claim.deep\"\nrule = \"outdated-claim\"\npatterns = ['{}a{}']\n",
        "(".repeat(200),
        ")".repeat(200)
    );
    let long = format!(
        "[[claim]]\nid = \"claim.long\"\nrule = \"outdated-claim\"\npatterns = ['{}']\n",
        "a|".repeat(5_000)
    );
    for (name, text) in [("nested.toml", nested), ("long.toml", long)] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let (code, out, err) = run(macrolint().args(["catalog", "check"]).arg(&path));
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(err.contains(&format!("{name}:4:")), "{name}: {err}");
    }

    server_survives_broken_catalog(&catalog, "8388608");
}

fn deep_array(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deeply_nested_json() {
    let dir = workspace(&[]);
    let d = dir.path();
    fs::write(d.join("deep.json"), deep_array(100_000)).unwrap();
    fs::write(
        d.join("deep-macros.json"),
        format!(
            "{{\"macros\": [{{\"title\": \"x\", \"actions\": {}}}]}}",
            deep_array(100_000)
        ),
    )
    .unwrap();
    fs::write(
        d.join("deep.yaml"),
        format!("actions: {}\n", deep_array(100_000)),
    )
    .unwrap();
    let (code, report, err) =
        check_json(d, &["deep.json", "deep-macros.json", "deep.yaml", "ok.md"]);
    assert_eq!(code, 1, "exited normally, no stack overflow: {err}");
    for name in ["deep.json", "deep-macros.json"] {
        let f = findings(&report, name);
        assert!(
            f.len() == 1 && f[0].contains("nesting depth"),
            "{name}: {f:?}"
        );
    }
    let f = findings(&report, "deep.yaml");
    assert!(f.iter().all(|f| f.starts_with("io-error")), "{f:?}");
    still_checked(&report);

    // `fix` and `usage` read it the same way.
    let (code, _, err) = run(macrolint().current_dir(d).args(["fix", "deep.json"]));
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(
        fs::read_to_string(d.join("deep.json")).unwrap(),
        deep_array(100_000)
    );

    // Server: as a document, an io-error; as a frame, a parse error (serde_json's depth limit).
    let (mut s, _) = Server::initialized(json!({}), fast(json!({})));
    let uri = file_uri(&d.join("deep.json"));
    let diags = open_and_diagnose(&mut s, &uri, "json", &deep_array(100_000));
    assert_eq!(codes(&diags), ["io-error"], "{diags:?}");
    let body = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"textDocument/hover\",\"params\":{}}}",
        deep_array(100_000)
    );
    s.send_raw(&frame(&body));
    let err = s.wait_for("a parse error", |m| m["error"]["code"] == json!(-32700));
    assert_eq!(err["id"], Value::Null);
    server_still_answers(&mut s);
}

#[test]
fn file_changed_during_fix() {
    // A file rewritten while `fix` runs: `fix` notices and refuses; the file is always one
    // whole version (the writer's or the fixed one), never a mix, and no write is lost.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let body = "Звоните 7 (812) 494−06−06.\n".repeat(5_000);
    fs::write(&path, &body).unwrap();
    let writer_path = path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop2 = stop.clone();
    let writer = std::thread::spawn(move || {
        let mut n = 0u64;
        while !stop2.load(std::sync::atomic::Ordering::Relaxed) {
            n += 1;
            // Write the new version aside and rename it in, as an editor saving does.
            let tmp = writer_path.with_extension(format!("tmp{}", n % 2));
            fs::write(&tmp, format!("{body}{n}\n")).unwrap();
            fs::rename(&tmp, &writer_path).unwrap();
        }
        n
    });
    let mut refused = false;
    for _ in 0..30 {
        let (code, _, err) = run(macrolint().arg("fix").arg(&path));
        if code == 1 && err.contains("changed on disk since it was read") {
            refused = true;
            break;
        }
        assert!(code == 0 || code == 1, "{err}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let last = writer.join().unwrap();
    assert!(refused, "fix never noticed the concurrent writer");
    let text = fs::read_to_string(&path).unwrap();
    let fixed = text.matches("+7 812 494-06-06").count();
    let raw = text.matches("7 (812) 494−06−06").count();
    assert!(
        fixed == 0 || raw == 0,
        "a torn write: {fixed} fixed, {raw} not"
    );
    // No lost write: the writer's last version is there, fixed or not.
    assert!(
        text.ends_with(&format!("\n{last}\n")),
        "the writer's last save was lost"
    );

    // Server: it never writes files; a code action's edit names the version it was computed
    // for, so an editor drops it once the text has moved on.
    let (mut s, _) = Server::initialized(
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        fast(json!({})),
    );
    let uri = "file:///tmp/changed.txt";
    let text = "Звоните 7 (812) 494−06−06.";
    let diags = open_and_diagnose(&mut s, uri, "plaintext", text);
    assert!(!diags.is_empty());
    let action_version = |s: &mut Server, diags: &[Value]| -> Value {
        let r = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
        );
        let with_edit = r
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["edit"]["documentChanges"].is_array())
            .cloned()
            .unwrap_or_else(|| panic!("no edit in {r}"));
        with_edit["edit"]["documentChanges"][0]["textDocument"]["version"].clone()
    };
    assert_eq!(action_version(&mut s, &diags), json!(1));
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": format!("{text} ")}]}),
    );
    let diags = s.diagnostics_at(uri, 2);
    assert_eq!(action_version(&mut s, &diags), json!(2));
}

/// Every fixture of the matrix is used by a row above.
#[test]
fn every_bad_input_fixture_is_used() {
    let used = [
        "latin1.txt",
        "cp1251.md",
        "utf16le-bom.txt",
        "utf16be-bom.md",
        "binary.md",
        "empty.md",
        "empty.json",
        "empty.yaml",
        "empty.html",
        "catalog-utf16.toml",
        "README.md",
    ];
    let mut on_disk: Vec<PathBuf> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    on_disk.sort();
    for p in on_disk {
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(used.contains(&name), "{name} is not used by any row");
    }
}

//! Hostile input, end to end (issue 12): what a cloned repository, a fork's pull request or a
//! careless export can throw at the CLI. Nothing is written or read outside the tree it was
//! given, a replacement never breaks its file, input is bounded, and an error is never a
//! silent pass. (The language server's side is in `tests/lsp_hostile.rs`; the quadratic paths
//! in `tests/scaling.rs`.)

mod common;

use common::{macrolint, run};
use std::fs;
use std::path::Path;

const ESCAPING_CATALOG: &str = "fixtures/hostile/escaping-catalog.toml";

fn catalog_arg() -> String {
    std::fs::canonicalize(ESCAPING_CATALOG)
        .unwrap()
        .display()
        .to_string()
}

// ---- escaping ----------------------------------------------------------------------------

/// `render` wrote `Help: Chat #1` into a plain YAML scalar (a mapping error and a comment):
/// now the placeholder is an error at its line and column, and the file is not rendered.
#[test]
fn render_refuses_a_value_a_plain_yaml_scalar_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plain.yaml"),
        "title: t\ncontent: Open {{contact.chat.web}} today\n",
    )
    .unwrap();
    let (code, out, err) = run(macrolint().current_dir(dir.path()).args([
        "render",
        "plain.yaml",
        "--catalog",
        &catalog_arg(),
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.is_empty(), "nothing rendered: {out}");
    assert!(
        err.contains("plain.yaml:2:15: {{contact.chat.web}}") && err.contains("quote the value"),
        "{err}"
    );
}

/// `render` wrote quotes and spaces raw into HTML attributes, ending them early.
#[test]
fn render_escapes_each_html_attribute_for_its_quotes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.html"),
        "<p><a href=\"{{contact.url.new}}\" title={{contact.chat.web}}>x</a> {{contact.chat.web}}</p>\n",
    )
    .unwrap();
    let (code, out, err) = run(macrolint().current_dir(dir.path()).args([
        "render",
        "a.html",
        "--catalog",
        &catalog_arg(),
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "<p><a href=\"https://acme.example/a,b?x=&quot;1&quot;&amp;y=2 #top\" title=Help:&#32;Chat&#32;#1>x</a> Help: Chat #1</p>\n"
    );
}

/// `fix --unsafe` wrote a successor with a comma and quotes into a plain scalar of a flow
/// sequence: the file no longer parsed. Such a file is now refused, untouched.
#[test]
fn fix_never_leaves_a_yaml_file_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let body = "title: t\nactions:\n  - field: comment_value\n    value: [channel:all, Go to https://acme.example/old now]\n";
    let file = dir.path().join("flow.yaml");
    fs::write(&file, body).unwrap();
    let (code, _, err) = run(macrolint().current_dir(dir.path()).args([
        "fix",
        "--unsafe",
        "flow.yaml",
        "--catalog",
        &catalog_arg(),
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("would break the file"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), body);
}

// ---- control characters in file names ----------------------------------------------------

/// The human format printed file names as they are: a repository could move the cursor, clear
/// the screen or set the terminal's title from a file name.
#[cfg(unix)]
#[test]
fn the_human_format_prints_no_control_characters_from_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\u{1b}[2J\u{1b}]0;title\u{7}\r\u{202e}b.md";
    fs::write(
        dir.path().join(name),
        "Звоните {{contact.phone.premium}}.\n",
    )
    .unwrap();
    fs::write(dir.path().join("bin\u{1b}[31m.md"), [0xff, 0xfe, 0, 1]).unwrap();
    let (code, out, err) = run(macrolint().current_dir(dir.path()).args([
        "check",
        ".",
        "--as-of",
        "2026-01-01",
        "--color",
        "never",
    ]));
    assert_eq!(code, 1);
    for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
        assert!(!out.contains(c) && !err.contains(c), "{c:?} in\n{out}{err}");
    }
    assert!(
        out.contains(r"a\u{1b}[2J\u{1b}]0;title\u{7}\u{d}\u{202e}b.md:1:9"),
        "{out}"
    );
    assert!(out.contains(r"bin\u{1b}[31m.md"), "{out}");
}

#[allow(dead_code)]
fn exists(p: &Path) -> bool {
    p.symlink_metadata().is_ok()
}

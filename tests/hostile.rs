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
/// sequence: the file no longer parsed. A replacement its container cannot hold is now never
/// offered (the finding stays, without a fix), and the file is left untouched; `fix` re-reads
/// what it would write as a last guard too.
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
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fixed 0 finding(s)"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), body);
    let (_, out, _) = run(macrolint().current_dir(dir.path()).args([
        "check",
        "--format",
        "json",
        "flow.yaml",
        "--catalog",
        &catalog_arg(),
        "--as-of",
        "2026-01-01",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{out}");
    assert!(
        findings.iter().all(|f| f["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["safe"] == true || x["display_only"] == true)),
        "{out}"
    );
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

// ---- confinement: writes ---------------------------------------------------------------

/// `render --out-dir rendered` wrote through links a repository planted there: a file link
/// overwrote a file outside, a dangling one created one, a folder link redirected a subtree.
#[cfg(unix)]
#[test]
fn render_never_writes_through_links_planted_in_the_output_folder() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let repo = tempfile::tempdir().unwrap();
    let t = repo.path().join("templates");
    fs::create_dir_all(t.join("sub")).unwrap();
    for name in ["x.md", "dangling.md", "sub/y.md"] {
        fs::write(t.join(name), "Пишите на {{contact.email.help}}.\n").unwrap();
    }
    let out = repo.path().join("rendered");
    fs::create_dir(&out).unwrap();
    symlink(&victim, out.join("x.md")).unwrap();
    symlink(outside.path().join("created.txt"), out.join("dangling.md")).unwrap();
    symlink(outside.path(), out.join("sub")).unwrap();

    let (code, _, err) = run(macrolint().current_dir(repo.path()).args([
        "render",
        "templates",
        "--out-dir",
        "rendered",
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 1, "the redirected subtree is an error: {err}");
    assert!(err.contains("outside"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!outside.path().join("created.txt").exists());
    assert!(!outside.path().join("y.md").exists());
    assert_eq!(
        fs::read_to_string(out.join("x.md")).unwrap(),
        "Пишите на help@ozon.ru.\n",
        "the link is replaced by the rendered file"
    );
    assert!(!fs::symlink_metadata(out.join("x.md")).unwrap().is_symlink());
}

/// An output folder that is itself a link is refused before anything is written.
#[cfg(unix)]
#[test]
fn render_refuses_an_output_folder_that_is_a_link() {
    let outside = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::write(repo.path().join("a.md"), "{{contact.email.help}}\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("rendered")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(repo.path())
            .args(["render", "a.md", "--out-dir", "rendered"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symlink"), "{err}");
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// `fix` on a template that is a link to a file outside its tree (pre-commit names files one
/// by one) wrote the fix into that file.
#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_link_out_of_its_tree() {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.md");
    let broken = "Звоните +7 495 232−10−00.\n";
    fs::write(&victim, broken).unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    std::os::unix::fs::symlink(&victim, repo.path().join("hotline.md")).unwrap();
    let (code, _, err) = run(macrolint().current_dir(repo.path()).args([
        "fix",
        "hotline.md",
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("outside"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), broken);
    // A link inside the tree is fixed through, and stays a link.
    fs::write(repo.path().join("real.md"), broken).unwrap();
    fs::remove_file(repo.path().join("hotline.md")).unwrap();
    std::os::unix::fs::symlink("real.md", repo.path().join("hotline.md")).unwrap();
    let (code, _, err) = run(macrolint().current_dir(repo.path()).args([
        "fix",
        "hotline.md",
        "--as-of",
        "2026-01-01",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(repo.path().join("real.md")).unwrap(),
        "Звоните +7 495 232-10-00.\n"
    );
    assert!(
        fs::symlink_metadata(repo.path().join("hotline.md"))
            .unwrap()
            .is_symlink()
    );
}

/// A walked folder never follows a link to a template elsewhere: its findings (and its text,
/// in snippets) are not reported.
#[cfg(unix)]
#[test]
fn the_walk_never_follows_a_linked_template_out_of_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        "Звоните {{contact.phone.premium}} SECRET\n",
    )
    .unwrap();
    let repo = tempfile::tempdir().unwrap();
    let t = repo.path().join("templates");
    fs::create_dir(&t).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), t.join("link.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), t.join("dir")).unwrap();
    fs::write(t.join("ok.md"), "Пишите на help@ozon.ru.\n").unwrap();
    let (code, out, err) = run(macrolint().current_dir(repo.path()).args([
        "check",
        "templates",
        "--as-of",
        "2026-01-01",
        "--lang",
        "en",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !out.contains("SECRET") && out.contains("Checked 1 file"),
        "{out}"
    );
}

/// `--output-file` and `--write-baseline` at a name a repository planted as a link: the link
/// is replaced by the report, the file it pointed to is untouched.
#[cfg(unix)]
#[test]
fn reports_never_write_through_a_planted_link() {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("bashrc");
    fs::write(&victim, "precious").unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::write(repo.path().join("a.md"), "{{contact.phone.premium}}\n").unwrap();
    for (flag, name) in [
        ("--output-file", "macrolint.sarif"),
        ("--write-baseline", "baseline.json"),
    ] {
        std::os::unix::fs::symlink(&victim, repo.path().join(name)).unwrap();
        let mut args = vec!["check", "a.md", flag, name, "--as-of", "2026-01-01"];
        if flag == "--output-file" {
            args.extend(["--format", "sarif"]);
        }
        run(macrolint().current_dir(repo.path()).args(args));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious", "{flag}");
        let written = fs::read_to_string(repo.path().join(name)).unwrap();
        assert!(written.contains("removed-channel"), "{flag}: {written}");
    }
}

/// Ctrl-C (or a CI job's SIGTERM) while `fix` had a temporary file on disk left a
/// `.macrolint-*` file in the user's tree.
#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "Звоните +7 495 232−10−00.\n";
    fs::write(dir.path().join("a.md"), broken).unwrap();
    let temps = |dir: &Path| {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".macrolint-"))
            .count()
    };
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("macrolint"))
            .current_dir(dir.path())
            .args(["fix", "a.md", "--as-of", "2026-01-01"])
            .env(macrolint::disk::HOLD_WRITES_ENV, "60000")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while temps(dir.path()) == 0 {
            assert!(
                started.elapsed().as_secs() < 60,
                "no temporary file appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // SAFETY: the child's pid, a plain signal.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(128 + signal), "{status:?}");
        assert_eq!(temps(dir.path()), 0, "after signal {signal}");
        assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), broken);
    }
}

// ---- confinement: reads ----------------------------------------------------------------

/// A `macrolint.toml` that is a link out of the workspace was read (its values showed up in
/// error messages): now it is refused, with what to do, and nothing of it is shown.
#[cfg(unix)]
#[test]
fn a_config_linked_out_of_the_workspace_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret"),
        "lang = \"TOP-SECRET-TOKEN\"\n",
    )
    .unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret"),
        repo.path().join("macrolint.toml"),
    )
    .unwrap();
    fs::write(repo.path().join("a.md"), "ok\n").unwrap();
    let (code, out, err) = run(macrolint().current_dir(repo.path()).args(["check", "a.md"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("outside the workspace"), "{err}");
    assert!(
        !err.contains("TOP-SECRET") && !out.contains("TOP-SECRET"),
        "{err}"
    );
}

/// A catalog named by the workspace's config and swapped for a link out of it.
#[cfg(unix)]
#[test]
fn a_catalog_linked_out_of_the_workspace_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("c.toml"),
        "[[channel]]\nid = \"SECRET\"\n",
    )
    .unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("c.toml"), repo.path().join("c.toml")).unwrap();
    fs::write(repo.path().join("macrolint.toml"), "catalog = \"c.toml\"\n").unwrap();
    fs::write(repo.path().join("a.md"), "ok\n").unwrap();
    let (code, _, err) = run(macrolint().current_dir(repo.path()).args(["check", "a.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("outside the workspace") && !err.contains("SECRET"),
        "{err}"
    );
}

// ---- bounds and honest exits -----------------------------------------------------------

/// `--stdin-filename` read standard input without a limit (`< /dev/zero` reached 12 GB in
/// 20 s), while the same file on disk is refused by `max-file-size`.
#[cfg(unix)]
#[test]
fn standard_input_is_read_up_to_max_file_size() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("macrolint.toml"),
        "max-file-size = \"64 KB\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("macrolint"))
        .current_dir(dir.path())
        .args(["check", "--stdin-filename", "draft.md", "--format", "json"])
        .stdin(fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["files"][0]["findings"][0];
    assert_eq!(f["rule"], "io-error");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("over max-file-size (64000 bytes)"),
        "{f}"
    );
}

/// A folder that cannot be read was a warning on stderr and exit 0: CI passed with
/// templates inside it never checked. (Root reads any folder: the test drops the
/// capabilities that let it.)
#[cfg(unix)]
#[test]
fn an_unreadable_folder_or_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("a.md"), "{{contact.phone.premium}}\n").unwrap();
    fs::write(dir.path().join("secret.md"), "{{contact.phone.premium}}\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(
        dir.path().join("secret.md"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("macrolint");
    let is_root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--bounding-set", "-dac_override,-dac_read_search"])
            .arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let out = cmd
        .current_dir(dir.path())
        .args([
            "check",
            ".",
            "secret.md",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
        ])
        .output()
        .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if is_root && !out.status.success() && out.stdout.is_empty() {
        // No setpriv here: nothing to check.
        eprintln!("skipped: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["findings"].as_array().unwrap().iter().map(move |x| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    x["message"].as_str().unwrap().to_string(),
                )
            })
        })
        .filter(|(_, m)| m.contains("cannot be read") || m.contains("Cannot read"))
        .collect();
    assert!(
        errors
            .iter()
            .any(|(p, m)| p == "locked" && m.contains("The folder cannot be read")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|(p, _)| p == "secret.md"), "{errors:?}");
}

// ---- long lines --------------------------------------------------------------------------

/// `usage` printed the whole line per use: on a one-line export, the whole export per use
/// (7.1 GB for 8,000 macros). Each use is now a window of its line.
#[test]
fn usage_quotes_a_window_of_a_long_line() {
    let dir = tempfile::tempdir().unwrap();
    let macros: Vec<String> = (0..2000)
        .map(|i| format!(r#"{{"id":{i},"actions":[{{"field":"comment_value","value":"Звоните +7 495 232-10-00"}}]}}"#))
        .collect();
    fs::write(
        dir.path().join("export.json"),
        format!(r#"{{"macros":[{}]}}"#, macros.join(",")),
    )
    .unwrap();
    let (code, out, err) =
        run(macrolint()
            .current_dir(dir.path())
            .args(["usage", "phone.moscow", "export.json"]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2001, "a line per use and the summary");
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 250, "a line of {longest} characters");
    assert!(
        lines[1].contains('…') && lines[1].contains("+7 495 232-10-00"),
        "{}",
        lines[1]
    );
}

// ---- what fix does to the file -------------------------------------------------------------

/// `fix` replaces the file (a temporary file renamed over it), as the README says: another
/// hard link keeps the old content. It used to do so without saying; the test keeps the
/// documented behaviour honest.
#[cfg(unix)]
#[test]
fn fix_replaces_the_file_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "Звоните +7 495 232−10−00.\n";
    fs::write(dir.path().join("a.md"), broken).unwrap();
    fs::hard_link(dir.path().join("a.md"), dir.path().join("b.md")).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(dir.path())
            .args(["fix", "a.md", "--as-of", "2026-01-01"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "Звоните +7 495 232-10-00.\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("b.md")).unwrap(), broken);
    let readme = include_str!("../README.md");
    assert!(readme.contains("another hard link to it keeps the old content"));
}

/// `catalog init` wrote through a dangling link at the name it was given, creating the file
/// the link points to: a link there counts as a file (refused without `--force`), and with
/// `--force` it is replaced, not followed.
#[cfg(unix)]
#[test]
fn catalog_init_never_writes_through_a_link() {
    let outside = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let link = repo.path().join("catalog.toml");
    std::os::unix::fs::symlink(outside.path().join("created.toml"), &link).unwrap();
    let (code, _, err) =
        run(macrolint()
            .current_dir(repo.path())
            .args(["catalog", "init", "catalog.toml"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    let (code, _, err) = run(macrolint().current_dir(repo.path()).args([
        "catalog",
        "init",
        "catalog.toml",
        "--force",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(!outside.path().join("created.toml").exists());
    assert!(!fs::symlink_metadata(&link).unwrap().is_symlink());
}

/// The summary names the catalog a run judged by; its name and path come from the repository
/// and are printed without control characters too.
#[cfg(unix)]
#[test]
fn the_summary_prints_no_control_characters_from_the_catalog() {
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    fs::write(
        repo.path().join("c\u{1b}[2J.toml"),
        "[catalog]\nname = \"Acme\\u001b]0;owned\\u0007\"\n\n[[channel]]\nid = \"chat.web\"\nkind = \"chat\"\nvalue = \"Help\"\nstatus = \"active\"\nsource = [\"s\"]\n",
    )
    .unwrap();
    fs::write(
        repo.path().join("macrolint.toml"),
        "catalog = \"c\\u001b[2J.toml\"\n",
    )
    .unwrap();
    fs::write(repo.path().join("a.md"), "ok\n").unwrap();
    let (code, out, err) = run(macrolint()
        .current_dir(repo.path())
        .args(["check", "a.md", "--lang", "en"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains(r"Acme\u{1b}]0;owned\u{7}"), "{out}");
}

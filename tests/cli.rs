//! End-to-end tests of the `macrolint` binary: output formats over the fixtures (insta
//! snapshots), exit codes, and bad input that must be reported without stopping the run.

mod common;

use common::{macrolint, run as stdout};
use std::fs;
use std::path::Path;

/// Time in the summary line changes run to run.
fn without_time(s: &str) -> String {
    regex::Regex::new(r"\(\d+\.\d+ (?:s|с)\)")
        .unwrap()
        .replace_all(s, "(TIME)")
        .into_owned()
}

#[test]
fn json_report_over_the_fixtures() {
    let (code, out, _) = stdout(macrolint().args([
        "check",
        "fixtures/templates",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(code, 1, "the fixtures hold broken templates on purpose");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    // Every rule of DESIGN §4 shows up somewhere in the fixtures.
    for rule in macrolint::Rule::ALL {
        assert!(
            out.contains(&format!("\"rule\": \"{}\"", rule.id())),
            "no fixture triggers {rule}"
        );
    }
    // Clean templates report nothing.
    for f in v["files"].as_array().unwrap() {
        assert!(
            !f["path"].as_str().unwrap().contains("/clean/"),
            "{}",
            f["path"]
        );
    }
    // The catalog is named in the summary; its hash changes with every catalog edit.
    assert_eq!(v["summary"]["catalogs"][0]["source"], "default");
    let hash = v["summary"]["catalogs"][0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(hash.len(), 12);
    insta::assert_snapshot!("json_fixtures", out.replace(&hash, "HASH"));
}

#[test]
fn human_report_over_the_fixtures_in_both_languages() {
    for lang in ["en", "ru"] {
        let (code, out, _) =
            stdout(macrolint().args(["check", "fixtures/templates", "--lang", lang]));
        assert_eq!(code, 1);
        assert!(!out.contains('\u{1b}'), "no colour without a terminal");
        insta::assert_snapshot!(format!("human_fixtures_{lang}"), without_time(&out));
    }
}

#[test]
fn json_positions_are_one_based_character_columns_and_byte_ranges_point_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let text = "\u{feff}Привет 👍🏽! Звоните 8 (800)234−70−70.";
    fs::write(&path, text).unwrap();
    let (_, out, _) = stdout(macrolint().args(["check", "--format", "json"]).arg(&path));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0]["findings"][0];
    let [s, e] = [
        f["byte_range"][0].as_u64().unwrap() as usize,
        f["byte_range"][1].as_u64().unwrap() as usize,
    ];
    assert_eq!(
        &fs::read(&path).unwrap()[s..e],
        "8 (800)234−70−70".as_bytes()
    );
    assert_eq!(f["range"]["start"]["line"], 1);
    // The BOM is not a column; the emoji with its skin tone is two characters.
    assert_eq!(f["range"]["start"]["column"], 20);
}

#[test]
fn clean_templates_exit_zero() {
    let (code, out, _) =
        stdout(macrolint().args(["check", "fixtures/templates/clean", "--lang", "en"]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Checked 4 files (4 templates): 0 errors, 0 warnings, 0 infos"),
        "{out}"
    );
}

#[test]
fn deny_decides_the_exit_code() {
    let file = "fixtures/templates/broken/premium-priority.en.md";
    // Unknown audience: the Premium priority claim is a warning, so `--deny error` passes...
    let (code, out, _) = stdout(macrolint().args(["check", file, "--lang", "en"]));
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = stdout(macrolint().args(["check", file, "--deny", "warning"]));
    assert_eq!(code, 1);
}

#[test]
fn usage_errors_exit_two() {
    let (code, _, err) = stdout(macrolint().args(["check", "no/such/path"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/path: no such file or folder"),
        "{err}"
    );
    let (code, _, err) = stdout(macrolint().args([
        "check",
        "fixtures/templates/clean",
        "--catalog",
        "fixtures/catalogs/invalid/bad-regex.toml",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("bad-regex.toml:4:13"), "{err}");
    let (code, _, _) = stdout(macrolint().args(["check", "--as-of", "2023-13-01", "."]));
    assert_eq!(code, 2);
    let (code, _, _) = stdout(macrolint().args(["frobnicate"]));
    assert_eq!(code, 2);
    let (code, _, err) = stdout(macrolint().args([
        "check",
        "fixtures/templates/clean",
        "--catalog",
        "fixtures/catalogs",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_broken_config_exits_two_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("macrolint.toml"),
        "[rules]\nremoved-chanel = \"off\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "Звоните +7 495 232-10-00").unwrap();
    let (code, _, err) = stdout(macrolint().arg("check").arg(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("macrolint.toml:2:18"), "{err}");
    assert!(
        err.contains("removed-channel"),
        "the error lists the rule ids: {err}"
    );
}

#[test]
fn unreadable_files_are_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("utf16.txt"), b"\xFF\xFEh\0i\0").unwrap();
    fs::write(d.join("binary.md"), b"PK\x03\x04\0\0\0").unwrap();
    fs::write(d.join("latin1.txt"), b"caf\xe9 +7 495 232-10-00").unwrap();
    fs::write(d.join("empty.md"), b"").unwrap();
    fs::write(d.join("big.md"), "x".repeat(200)).unwrap();
    fs::write(
        d.join("ok.md"),
        "Пишите на sellersup@ozon.ru\n---\nЗвоните {{contact.phone.premium}}",
    )
    .unwrap();
    fs::write(d.join("macrolint.toml"), "max-file-size = 100\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing.md"), d.join("dangling.md")).unwrap();

    let (code, out, _) = stdout(
        macrolint()
            .args(["check", "--format", "json", "--lang", "en"])
            .arg(d)
            .arg(d.join("dangling.md")),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let by_path = |name: &str| -> Vec<String> {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with(name))
            .flat_map(|f| {
                f["findings"].as_array().unwrap().iter().map(|x| {
                    format!(
                        "{}: {}",
                        x["rule"].as_str().unwrap(),
                        x["message"].as_str().unwrap()
                    )
                })
            })
            .collect()
    };
    assert!(
        by_path("utf16.txt")[0].contains("UTF-16"),
        "{:?}",
        by_path("utf16.txt")
    );
    assert!(by_path("binary.md")[0].contains("binary"));
    assert!(
        by_path("latin1.txt")[0].contains("not UTF-8: invalid byte at line 1, column 4"),
        "{:?}",
        by_path("latin1.txt")
    );
    assert!(by_path("big.md")[0].contains("over max-file-size (100)"));
    // An empty template says there was nothing in it to check (a warning).
    assert_eq!(by_path("empty.md").len(), 1);
    assert!(
        by_path("empty.md")[0].starts_with("no-template-text"),
        "{:?}",
        by_path("empty.md")
    );
    assert!(
        by_path("ok.md")
            .iter()
            .any(|f| f.starts_with("removed-channel")),
        "the readable file is still checked"
    );
    #[cfg(unix)]
    assert!(
        by_path("dangling.md")[0].starts_with("io-error: Cannot read the file"),
        "{:?}",
        by_path("dangling.md")
    );
    assert_eq!(v["summary"]["files"], if cfg!(unix) { 7 } else { 6 });
}

#[test]
fn gitignore_and_excludes_are_honoured_and_order_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("b")).unwrap();
    fs::create_dir_all(d.join("drafts")).unwrap();
    for name in [
        "z.md",
        "a.md",
        "b/c.txt",
        "ignored.md",
        "drafts/d.md",
        "notes.rs",
    ] {
        fs::write(d.join(name), "Звоните {{contact.phone.premium}}").unwrap();
    }
    fs::write(d.join(".gitignore"), "ignored.md\n").unwrap();
    fs::write(d.join("macrolint.toml"), "exclude = [\"drafts/**\"]\n").unwrap();
    let (_, out, _) = stdout(macrolint().args(["check", "--format", "json"]).arg(d));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .strip_prefix(d)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["a.md", "b/c.txt", "z.md"]);
}

#[test]
fn config_severities_scopes_and_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("sellers")).unwrap();
    fs::write(
        d.join("macrolint.toml"),
        "default-audience = [\"buyer\"]\n[rules]\nhard-to-reach = \"off\"\nwrong-audience = \"warning\"\n[[scope]]\npaths = [\"sellers/**\"]\naudience = [\"seller\"]\n",
    )
    .unwrap();
    let text = "Пишите на sellersup@ozon.ru или звоните +7 495 232-10-00.";
    fs::write(d.join("buyers.md"), text).unwrap();
    fs::write(d.join("sellers/s.md"), text).unwrap();
    fs::write(
        d.join("front.md"),
        format!("---\naudience: [seller]\n---\n{text}"),
    )
    .unwrap();
    let (code, out, _) = stdout(macrolint().args(["check", "--format", "json"]).arg(d));
    assert_eq!(code, 0, "wrong-audience is only a warning here: {out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        1,
        "only the buyer template has a finding: {out}"
    );
    assert!(files[0]["path"].as_str().unwrap().ends_with("buyers.md"));
    assert_eq!(files[0]["findings"][0]["rule"], "wrong-audience");
    assert_eq!(files[0]["findings"][0]["severity"], "warning");
}

#[test]
fn custom_catalog_from_the_command_line_and_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.txt"),
        "Call +1 202-555-0173 or our VIP dedicated line.",
    )
    .unwrap();
    // The config names a catalog inside its workspace; the flag may name one anywhere.
    fs::copy("fixtures/catalogs/acme.toml", d.join("acme.toml")).unwrap();
    let acme = std::path::absolute("fixtures/catalogs/acme.toml").unwrap();
    let (code, out, _) = stdout(
        macrolint()
            .args(["check", "--format", "json", "--as-of", "2025-01-01"])
            .arg(d)
            .arg("--catalog")
            .arg(&acme),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("removed-channel") && out.contains("outdated-claim"),
        "{out}"
    );
    fs::write(d.join("macrolint.toml"), "catalog = \"acme.toml\"\n").unwrap();
    let (_, out2, _) = stdout(
        macrolint()
            .args(["check", "--format", "json", "--as-of", "2025-01-01"])
            .arg(d),
    );
    // The same catalog by its hash; only where it was read from differs.
    let without_source = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.trim_start().starts_with("\"source\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_source(&out), without_source(&out2));
    assert!(out2.contains("\"name\": \"Acme Support\""), "{out2}");
    // Before the line closed, the same text only gets an upcoming-change warning.
    let (code, out, _) = stdout(
        macrolint()
            .args(["check", "--format", "json", "--as-of", "2024-01-01"])
            .arg(d),
    );
    assert_eq!(code, 1, "the VIP claim has no date and still fails");
    assert!(
        out.contains("upcoming-change") && !out.contains("removed-channel"),
        "{out}"
    );
}

#[test]
fn language_comes_from_the_flag_then_the_locale() {
    let file = "fixtures/templates/broken/wrong-audience.ru.md";
    let (_, ru, _) = stdout(macrolint().args(["check", file]));
    assert!(ru.contains("— для продавцов"), "Russian by default: {ru}");
    let (_, en, _) = stdout(macrolint().args(["check", file]).env("LANG", "en_US.UTF-8"));
    assert!(en.contains("is for sellers"), "{en}");
    let (_, ru2, _) = stdout(
        macrolint()
            .args(["check", file, "--lang", "ru"])
            .env("LANG", "en_US.UTF-8"),
    );
    assert!(ru2.contains("— для продавцов"));
}

#[test]
fn catalog_listing_and_validation() {
    let (code, table, _) = stdout(macrolint().args(["catalog", "--lang", "en"]));
    assert_eq!(code, 0);
    // The hash changes with every catalog edit; the table is what is under test.
    let hash = &macrolint::Catalog::default_catalog().hash;
    insta::assert_snapshot!("catalog_table", table.replace(hash.as_str(), "[HASH]"));
    let (_, json, _) = stdout(macrolint().args(["catalog", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "phone.moscow" && c["value"] == "+7 495 232-10-00")
    );
    assert!(
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "claim.premium-dedicated-line")
    );

    let (code, out, _) =
        stdout(macrolint().args(["catalog", "check", "fixtures/catalogs/acme.toml"]));
    assert_eq!(code, 0, "{out}");
    for bad in fs::read_dir("fixtures/catalogs/invalid").unwrap() {
        let bad = bad.unwrap().path();
        let (code, _, err) = stdout(macrolint().args(["catalog", "check"]).arg(&bad));
        assert_eq!(code, 1, "{}", bad.display());
        let name = bad.display().to_string();
        assert!(
            regex::Regex::new(&format!(r"{}:\d+:\d+: ", regex::escape(&name)))
                .unwrap()
                .is_match(&err),
            "{err}"
        );
        assert!(err.contains("help: "), "{err}");
    }
}

#[test]
fn explain_and_version() {
    let (code, out, _) = stdout(macrolint().args(["explain", "wrong-region", "--lang", "en"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("wrong-region (warning)"), "{out}");
    assert!(out.contains("How to fix"));
    let (code, out, _) = stdout(macrolint().args(["explain", "--list"]));
    assert_eq!(code, 0);
    let catalog = macrolint::Catalog::default_catalog();
    assert_eq!(
        out.lines().count(),
        macrolint::Rule::ALL.len() + 1 + catalog.claims.len(),
        "the rules, a blank line, the claims"
    );
    // A claim is explained too: its note, its rewrite, the words it looks for, its examples.
    let (code, out, _) =
        stdout(macrolint().args(["explain", "claim.travel-hotline", "--lang", "en"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("claim.travel-hotline (unavailable-channel)"),
        "{out}"
    );
    assert!(
        out.contains("It could read:") && out.contains("Reported:"),
        "{out}"
    );
    let (code, _, err) = stdout(macrolint().args(["explain", "wrong-regoin"]));
    assert_eq!(code, 2);
    assert!(err.contains("wrong-region"));
    let (code, out, _) = stdout(macrolint().arg("--version"));
    assert_eq!(code, 0);
    let hash = &macrolint::Catalog::default_catalog().hash;
    assert!(out.contains(hash.as_str()), "{out}");
}

#[test]
fn ci_formats_from_the_command_line() {
    let file = "fixtures/templates/broken/typos.ru.md";
    let (code, out, _) =
        stdout(macrolint().args(["check", "--format", "sarif", "--lang", "en", file]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 6);
    let catalogs = &v["runs"][0]["tool"]["driver"]["properties"]["catalogs"];
    assert_eq!(catalogs[0]["name"], "Ozon (default)", "{catalogs}");
    assert_eq!(catalogs[0]["source"], "default");
    let (_, out, _) =
        stdout(macrolint().args(["check", "--format", "github", "--lang", "en", file]));
    assert!(
        out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{out}"
    );
    let (_, out, _) =
        stdout(macrolint().args(["check", "--format", "gitlab", "--lang", "en", file]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 6);
}

#[test]
fn shards_split_the_files_without_overlap() {
    let paths = |extra: &[&str]| -> Vec<String> {
        let (_, out, _) = stdout(
            macrolint()
                .args([
                    "check",
                    "fixtures/templates",
                    "--format",
                    "json",
                    "--deny",
                    "info",
                ])
                .args(extra),
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut p: Vec<String> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        p.sort();
        p
    };
    let all = paths(&[]);
    let mut union = Vec::new();
    for k in 1..=3 {
        let shard = paths(&["--shard", &format!("{k}/3")]);
        assert!(shard.iter().all(|p| !union.contains(p)), "shards overlap");
        union.extend(shard);
    }
    union.sort();
    assert_eq!(union, all);
    assert_eq!(
        paths(&["--shard", "2/3"]),
        paths(&["--shard", "2/3"]),
        "deterministic"
    );
    let (code, _, _) = stdout(macrolint().args(["check", "--shard", "4/3", "fixtures/templates"]));
    assert_eq!(code, 2);
}

#[test]
fn a_workspace_config_cannot_reach_outside_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join(".git")).unwrap();
    fs::write(d.join("a.md"), "Звоните +7 495 232-10-00").unwrap();
    let outside = std::path::absolute("fixtures/catalogs/acme.toml").unwrap();
    fs::write(
        d.join("macrolint.toml"),
        format!("catalog = {:?}\n", outside.display().to_string()),
    )
    .unwrap();
    let (code, _, err) = stdout(macrolint().arg("check").arg(d));
    assert_eq!(code, 2);
    assert!(err.contains("outside the workspace"), "{err}");
    // The user's own flag may point there: the run happens (findings against that catalog).
    let (code, out, err) = stdout(
        macrolint()
            .args(["check", "--format", "json"])
            .arg(d)
            .arg("--catalog")
            .arg(&outside),
    );
    // Against Acme's catalog the Moscow number is someone else's: a note, not an error.
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"rule\": \"unknown-contact\"") && out.contains("\"severity\": \"info\""),
        "{out}"
    );
}

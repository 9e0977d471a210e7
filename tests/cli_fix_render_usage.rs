//! End-to-end tests of `fix`, `render`, `usage`, baselines, rule selection and the report
//! plumbing (`--output-file`, `--stdin-filename`).

mod common;

use common::{macrolint, run};
use std::fs;
use std::path::Path;

/// Only the bytes the edits name may differ: everything before the first difference and after
/// the last is the same, and the changed middle holds no line ending changes.
fn assert_only_contacts_changed(before: &[u8], after: &[u8]) {
    let prefix = before.iter().zip(after).take_while(|(a, b)| a == b).count();
    let suffix = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &before[prefix..before.len() - suffix.min(before.len() - prefix)];
    let new_mid = &after[prefix..after.len() - suffix.min(after.len() - prefix)];
    assert_eq!(
        old_mid
            .iter()
            .filter(|&&b| b == b'\r' || b == b'\n')
            .count(),
        new_mid
            .iter()
            .filter(|&&b| b == b'\r' || b == b'\n')
            .count()
    );
}

#[test]
fn fix_keeps_crlf_bom_and_mode_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let before = "\u{feff}Здравствуйте!\r\nЗвоните +7 (495) 232−10−00.\r\nПишите на marketplace. crossborder@ozon.ru\r\n{{contact.phone.premium}}\r\n";
    fs::write(&path, before).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (code, _, err) = run(macrolint().arg("fix").arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fixed 2 finding(s) in 1 file(s)"), "{err}");
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        "\u{feff}Здравствуйте!\r\nЗвоните +7 (495) 232-10-00.\r\nПишите на marketplace.crossborder@ozon.ru\r\n{{contact.phone.premium}}\r\n",
        "safe fixes only, the writer's spelling kept: the removed placeholder needs --unsafe"
    );
    assert_only_contacts_changed(before.as_bytes(), after.as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    // A second run changes nothing.
    let (code, _, err) = run(macrolint().arg("fix").arg(&path));
    assert_eq!(code, 0);
    assert!(err.contains("fixed 0 finding(s) in 0 file(s)"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    // --unsafe replaces the removed line with its successor of the same kind: a phone.
    run(macrolint().args(["fix", "--unsafe"]).arg(&path));
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("{{contact.phone.federal}}")
    );
    // No temporary files are left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn fix_diff_prints_and_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "Звоните 7 (812) 494−06−06\n").unwrap();
    let (code, out, _) = run(macrolint().args(["fix", "--diff"]).arg(&path));
    assert_eq!(code, 0);
    assert!(
        out.contains("-Звоните 7 (812) 494−06−06\n+Звоните +7 (812) 494-06-06\n"),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Звоните 7 (812) 494−06−06\n"
    );
}

#[test]
fn fix_refuses_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "Звоните 7 (812) 494−06−06\n").unwrap();
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    let (code, _, err) = run(macrolint().arg("fix").arg(&path));
    assert_eq!(code, 1);
    assert!(err.contains("read-only; not written"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Звоните 7 (812) 494−06−06\n"
    );
}

#[test]
fn render_expands_placeholders_and_refuses_what_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("ok.md"), "---\naudience: [buyer]\n---\nНапишите в чат: {{contact.chat.web}} или на {{ contact.email.help }}.\n").unwrap();
    fs::write(
        d.join("bad.md"),
        "{{contact.phone.premium}} {{contact.nope}} {{contact.email.ir}}\n---\n",
    )
    .unwrap();
    let (code, out, _) = run(macrolint().arg("render").arg(d.join("ok.md")));
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Напишите в чат: «Помощь» → «Контакты» → онлайн-чат или на help@ozon.ru.\n"
    );
    let (code, out, _) = run(macrolint()
        .args(["render", "--keep-front-matter"])
        .arg(d.join("ok.md")));
    assert_eq!(code, 0);
    assert!(out.starts_with("---\naudience: [buyer]\n---\n"));

    fs::write(d.join("macrolint.toml"), "default-audience = [\"buyer\"]\n").unwrap();
    let (code, _, err) = run(macrolint().arg("render").arg(d.join("bad.md")));
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.md:1:1: {{contact.phone.premium}}: the channel is removed"),
        "{err}"
    );
    assert!(
        err.contains("bad.md:1:27: {{contact.nope}}: no such channel"),
        "{err}"
    );
    assert!(
        err.contains("bad.md:1:44: {{contact.email.ir}}: the channel is for investor"),
        "{err}"
    );
    // Before the Premium line closed it renders... but it has no number to insert.
    let (_, _, err) = run(macrolint()
        .args(["render", "--as-of", "2023-01-01"])
        .arg(d.join("bad.md")));
    assert!(
        err.contains("{{contact.phone.premium}}: the channel has no text to insert"),
        "{err}"
    );

    let out_dir = d.join("out");
    let (code, _, _) = run(macrolint()
        .args(["render", "--out-dir"])
        .arg(&out_dir)
        .arg(d));
    assert_eq!(code, 1, "bad.md fails");
    assert!(out_dir.join("ok.md").is_file());
    assert!(
        !out_dir.join("bad.md").exists(),
        "a file with errors is not written"
    );
}

#[test]
fn usage_lists_every_use_of_a_channel() {
    let (code, out, _) = run(macrolint().args([
        "usage",
        "phone.premium",
        "fixtures/templates",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let uses = v["uses"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = uses
        .iter()
        .map(|u| (u["path"].as_str().unwrap(), u["kind"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&(
            "fixtures/templates/broken/premium-line.ru.md",
            "placeholder"
        )),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("fixtures/templates/broken/premium-line.ru.md", "mention")),
        "{kinds:?}"
    );
    assert_eq!(
        v["summary"]["files_with_uses"], 3,
        "the JSON export mentions the line too"
    );

    let (_, out, _) = run(macrolint().args(["usage", "phone.moscow", "fixtures/templates"]));
    assert!(
        out.contains("fixtures/templates/broken/hotline.ru.txt:1:35: contact:"),
        "every written form counts: {out}"
    );
    let (code, _, err) = run(macrolint().args(["usage", "phone.moskow", "fixtures/templates"]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `phone.moscow`"));
}

#[test]
fn baseline_reports_only_new_findings_after_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("a.md");
    fs::write(&file, "Звоните {{contact.phone.premium}}.\n").unwrap();
    let baseline = d.join("baseline.json");
    let (code, _, err) = run(macrolint()
        .arg("check")
        .arg(&file)
        .arg("--write-baseline")
        .arg(&baseline));
    assert_eq!(code, 0);
    assert!(err.contains("recorded 1 findings"), "{err}");
    // Lines move, and a new finding appears.
    fs::write(
        &file,
        "Здравствуйте!\n\nЗвоните {{contact.phone.premium}}.\nПишите {{contact.phone.travel}}.\n",
    )
    .unwrap();
    let (code, out, _) = run(macrolint()
        .args(["check", "--format", "json"])
        .arg(&file)
        .arg("--baseline")
        .arg(&baseline));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{out}");
    assert_eq!(findings[0]["rule"], "unavailable-channel");
    let (code, _, err) = run(macrolint()
        .arg("check")
        .arg(&file)
        .arg("--baseline")
        .arg(d.join("missing.json")));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn select_ignore_and_per_file_ignores() {
    let file = "fixtures/templates/broken/hotline.ru.txt";
    let (_, out, _) = run(macrolint().args([
        "check",
        "--format",
        "json",
        "--select",
        "wrong-region,misleading-claim",
        file,
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["misleading-claim", "wrong-region"]);
    let (_, out, _) = run(macrolint().args([
        "check",
        "--format",
        "json",
        "--ignore",
        "contact-format",
        "--ignore",
        "hard-to-reach",
        file,
    ]));
    assert!(
        !out.contains("contact-format")
            && !out.contains("hard-to-reach")
            && out.contains("wrong-region"),
        "{out}"
    );
    let (code, _, err) = run(macrolint().args(["check", "--select", "removed-chanel", file]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("exports")).unwrap();
    fs::write(
        dir.path().join("exports/a.txt"),
        "Звоните 7 (812) 494−06−06",
    )
    .unwrap();
    fs::write(dir.path().join("b.txt"), "Звоните 7 (812) 494−06−06").unwrap();
    fs::write(
        dir.path().join("macrolint.toml"),
        "[per-file-ignores]\n\"exports/**\" = [\"contact-format\", \"hard-to-reach\"]\n",
    )
    .unwrap();
    let (_, out, _) = run(macrolint()
        .args(["check", "--format", "json"])
        .arg(dir.path()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert!(v["files"][0]["path"].as_str().unwrap().ends_with("b.txt"));
}

#[test]
fn output_file_and_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let (code, out, _) = run(macrolint()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/templates/broken/typos.ru.md",
            "--output-file",
        ])
        .arg(&report));
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["summary"]["files"], 1);

    // Standard input, judged as a file under sellers/ (the fixtures' scope makes it a seller template).
    let name = Path::new("fixtures/templates/sellers/new.md");
    let (code, out, _) = run(macrolint()
        .args(["check", "--format", "json", "--stdin-filename"])
        .arg(name)
        .write_stdin("Premium-продавцам: с Premium ваши запросы в чате обрабатываются в приоритете. Пишите ir@ozon.ru"));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["path"], "fixtures/templates/sellers/new.md");
    let rules: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["wrong-audience"],
        "the seller scope applies to stdin"
    );
    let (code, _, _) = run(macrolint()
        .args(["check", "--stdin-filename", "a.md", "other.md"])
        .write_stdin(""));
    assert_eq!(code, 2);
}

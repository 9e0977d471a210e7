//! Template formats end to end: exact byte ranges inside escaped JSON and HTML, fixes that keep
//! an export valid, dialects, detection, and per-macro audiences.

mod common;

use common::macrolint;
use std::fs;

fn json_report(args: &[&str]) -> serde_json::Value {
    let out = macrolint()
        .args(["check", "--format", "json", "--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (rule, the file's bytes at the finding's byte range, the macro id) of every finding in a file.
fn findings(report: &serde_json::Value, file: &str) -> Vec<(String, String, Option<String>)> {
    let bytes = fs::read(file).unwrap();
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == file)
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|x| {
            let (s, e) = (
                x["byte_range"][0].as_u64().unwrap() as usize,
                x["byte_range"][1].as_u64().unwrap() as usize,
            );
            (
                x["rule"].as_str().unwrap().to_string(),
                String::from_utf8(bytes[s..e].to_vec()).unwrap(),
                x["macro"]["id"].as_str().map(str::to_string),
            )
        })
        .collect()
}

const ZENDESK: &str = "fixtures/templates/exports/zendesk-macros.ru.json";
const FRESHDESK: &str = "fixtures/templates/exports/freshdesk-canned.ru.json";

#[test]
fn ranges_point_at_the_escaped_bytes_in_json_and_html() {
    let r = json_report(&[ZENDESK, FRESHDESK]);
    let z = findings(&r, ZENDESK);
    assert!(
        z.contains(&(
            "contact-format".into(),
            r"+7 495 232\u221210\u221200".into(),
            Some("360001".into())
        )),
        "{z:#?}"
    );
    assert!(
        z.contains(&(
            "contact-format".into(),
            "8&nbsp;(800)&nbsp;234&minus;70&minus;70".into(),
            Some("360002".into())
        )),
        "{z:#?}"
    );
    assert!(z.contains(&(
        "unofficial-channel".into(),
        "https://t.me/ozon_sellers".into(),
        Some("360002".into())
    )));
    // The audience comes from the macro's title prefix: sellersup@ is fine for sellers, wrong for buyers.
    assert!(
        !z.iter()
            .any(|f| f.0 == "wrong-audience" && f.2.as_deref() == Some("360002"))
    );
    assert!(z.contains(&(
        "wrong-audience".into(),
        "sellersup@ozon.ru".into(),
        Some("360003".into())
    )));
    // The tag `premium_sellers` makes 360004 a Premium seller macro: 1–3 minutes holds there.
    assert!(
        !z.iter().any(|f| f.2.as_deref() == Some("360004")),
        "{z:#?}"
    );
    // Only reply bodies: the subject's number is not checked; Liquid comments are not either.
    assert!(!z.iter().any(|f| f.1.contains("000-00-00")));
    let f = findings(&r, FRESHDESK);
    assert!(
        f.contains(&(
            "contact-format".into(),
            "7 (812) 494−06−06".into(),
            Some("101".into())
        )),
        "{f:#?}"
    );
    // `content_html` holds the same reply: one finding, whose fix edits the HTML twin too.
    assert_eq!(
        f.iter().filter(|x| x.0 == "contact-format").count(),
        1,
        "{f:#?}"
    );
    let bytes = fs::read(FRESHDESK).unwrap();
    let html_at = bytes
        .windows(b"content_html".len())
        .position(|w| w == b"content_html")
        .unwrap();
    let file = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["path"] == FRESHDESK)
        .unwrap();
    let cf = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "contact-format")
        .unwrap();
    let edits = cf["fixes"][0]["edits"].as_array().unwrap();
    let starts: Vec<usize> = edits
        .iter()
        .map(|e| e["byte_range"][0].as_u64().unwrap() as usize)
        .collect();
    assert!(starts.iter().any(|&s| s < html_at), "{edits:#?}");
    assert!(starts.iter().any(|&s| s > html_at), "{edits:#?}");
    // The HTML twin's minus signs are entities: they are replaced whole.
    assert!(
        edits.iter().any(|e| {
            let (s, e) = (
                e["byte_range"][0].as_u64().unwrap() as usize,
                e["byte_range"][1].as_u64().unwrap() as usize,
            );
            &bytes[s..e] == b"&minus;"
        }),
        "{edits:#?}"
    );
}

#[test]
fn the_report_names_the_macro() {
    let out = macrolint()
        .args(["check", "--lang", "en", ZENDESK])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[macro 360003 «Покупатели::Продавцу»]"),
        "{text}"
    );
}

#[test]
fn fixing_an_export_keeps_it_valid_json_and_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    for src in [ZENDESK, FRESHDESK] {
        let path = dir
            .path()
            .join(std::path::Path::new(src).file_name().unwrap());
        fs::copy(src, &path).unwrap();
        let before = fs::read_to_string(&path).unwrap();
        let out = macrolint().arg("fix").arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = fs::read_to_string(&path).unwrap();
        assert_ne!(before, after);
        let old: serde_json::Value = serde_json::from_str(&before).unwrap();
        let new: serde_json::Value = serde_json::from_str(&after).expect("still valid JSON");
        // Only string values changed, and the structure is the same.
        assert_eq!(strip_strings(&old), strip_strings(&new));
        // Lines that held no finding are byte for byte the same.
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert!(changed <= 6, "{changed} lines changed in {src}");
        assert_eq!(before.lines().count(), after.lines().count());
    }
    let z = fs::read_to_string(dir.path().join("zendesk-macros.ru.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&z).unwrap();
    let body = v["macros"][0]["actions"][0]["value"].as_str().unwrap();
    assert!(body.contains("+7 495 232-10-00"), "{body}");
    let html = v["macros"][1]["actions"][0]["value"].as_str().unwrap();
    assert!(
        html.contains("8&nbsp;(800)&nbsp;234-70-70"),
        "only the minus signs change; the entities around them stay: {html}"
    );
    // A second fix run has nothing left to do.
    let out = macrolint().arg("fix").arg(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 0 finding(s)"));
}

fn strip_strings(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::String(_) => serde_json::Value::Null,
        serde_json::Value::Array(a) => a.iter().map(strip_strings).collect(),
        serde_json::Value::Object(o) => o
            .iter()
            .map(|(k, v)| (k.clone(), strip_strings(v)))
            .collect(),
        other => other.clone(),
    }
}

#[test]
fn dialects_comments_and_code() {
    let r = json_report(&[
        "fixtures/templates/broken/gorgias.ru.j2",
        "fixtures/templates/helpscout/reply.en.txt",
        "fixtures/templates/clean/intercom.en.md",
    ]);
    let j = findings(&r, "fixtures/templates/broken/gorgias.ru.j2");
    assert!(
        !j.iter().any(|f| f.1.contains("000")),
        "Jinja comments are not checked: {j:?}"
    );
    assert!(j.iter().any(|f| f.0 == "misleading-claim"));
    let h = findings(&r, "fixtures/templates/helpscout/reply.en.txt");
    assert_eq!(
        h.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["contact-format", "unofficial-channel"],
        "{h:?}"
    );
    assert!(
        findings(&r, "fixtures/templates/clean/intercom.en.md").is_empty(),
        "Markdown code is not checked"
    );

    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("a.liquid");
    fs::write(
        &t,
        "{% comment %}+7 495 232-10-01{% endcomment %}\n<!-- help@ozon.ru -->",
    )
    .unwrap();
    let r = json_report(&[t.to_str().unwrap()]);
    assert!(r["files"].as_array().unwrap().is_empty());
    fs::write(dir.path().join("macrolint.toml"), "check-comments = true\n").unwrap();
    let r = json_report(&[t.to_str().unwrap()]);
    assert_eq!(
        r["summary"]["errors"], 1,
        "the number in the comment is checked now: {r}"
    );
}

#[test]
fn detection_by_extension_content_and_override() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("export.dat"), fs::read(ZENDESK).unwrap()).unwrap();
    fs::write(
        d.join("reply.tpl"),
        "{% comment %}+7 495 111-22-33{% endcomment %}Звоните {{contact.phone.premium}}",
    )
    .unwrap();
    fs::write(d.join("notes.rs"), "+7 495 111-22-33").unwrap();
    // Walking: .dat and .tpl are not template extensions, .rs neither.
    let r = json_report(&[d.to_str().unwrap()]);
    assert_eq!(r["summary"]["files"], 0);
    // Named on the command line, an unknown extension is sniffed: this one is a JSON export.
    let r = json_report(&[d.join("export.dat").to_str().unwrap()]);
    assert!(
        r["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["macro"].is_object())
    );
    // --format-override and [formats] give unusual extensions a format.
    let r = json_report(&["--format-override", "tpl=liquid", d.to_str().unwrap()]);
    assert_eq!(r["summary"]["files"], 1);
    let rules: Vec<&str> = r["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["removed-channel"],
        "the comment is blanked as Liquid"
    );
    fs::write(
        d.join("macrolint.toml"),
        "[formats]\ntpl = \"liquid\"\ndat = \"json\"\n",
    )
    .unwrap();
    let r = json_report(&[d.to_str().unwrap()]);
    assert_eq!(r["summary"]["files"], 2);
}

#[test]
fn invalid_json_export_is_reported_and_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.json"),
        "{\"macros\": [ {\"id\": 1,, } ]",
    )
    .unwrap();
    fs::write(dir.path().join("ok.md"), "{{contact.phone.premium}}").unwrap();
    let r = json_report(&[dir.path().to_str().unwrap()]);
    let all: Vec<String> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["rule"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(
        all.contains(&"io-error".to_string()) && all.contains(&"removed-channel".to_string()),
        "{all:?}"
    );
}

#[test]
fn fixing_html_and_template_files_keeps_their_markup() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("a.html");
    fs::write(&html, "<p title=\"x\">Звоните 8&nbsp;(800)&nbsp;234&minus;70&minus;70 или <a href=\"mailto:Help@Ozon.ru\">нам</a></p>\n").unwrap();
    let liquid = dir.path().join("b.liquid");
    fs::write(&liquid, "{% if a %}Звоните 7 (812) 494−06−06{% endif %}{% comment %}8 (800)234−70−70{% endcomment %}\n").unwrap();
    let out = macrolint().arg("fix").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(&html).unwrap(),
        "<p title=\"x\">Звоните 8&nbsp;(800)&nbsp;234-70-70 или <a href=\"mailto:help@ozon.ru\">нам</a></p>\n",
        "only what does not dial changes: the entities the writer chose stay"
    );
    assert_eq!(
        fs::read_to_string(&liquid).unwrap(),
        "{% if a %}Звоните +7 (812) 494-06-06{% endif %}{% comment %}8 (800)234−70−70{% endcomment %}\n",
        "comments are not checked, so not fixed either"
    );
}

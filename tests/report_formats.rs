//! The CI report formats (`sarif`, `github`, `gitlab`) over the fixtures: insta snapshots, the
//! SARIF log validated against the published SARIF 2.1.0 schema, fingerprints that survive a
//! finding moving to another line, and GitHub's escaping rules.

use std::path::PathBuf;

use macrolint::report::{CheckedFile, Options, github, gitlab, sarif};
use macrolint::source::decode;
use macrolint::workspace::Resolver;
use macrolint::{ByteRange, Catalog, Context, Document, Finding, Format, Lang, Message, Rule};
use serde_json::Value;

/// The date the fixtures are judged on (a folder's `as-of` still wins), so snapshots do not
/// change with the calendar.
const AS_OF: &str = "2026-01-01";

const EN: Options = Options {
    lang: Lang::En,
    color: false,
};

/// Checks every template under `fixtures/templates` the way `macrolint check` does
/// (src/cli/files.rs): the walk honours ignore files; a file is taken when its extension or its
/// config's `[formats]` names a format; the nearest `macrolint.toml` sets the audience, region,
/// levels, per-file ignores, read options and date; a file that is not UTF-8 becomes an
/// `io-error` finding with no text. Sorted by path.
fn fixtures() -> Vec<CheckedFile> {
    let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new("fixtures/templates")
        .require_git(false)
        .follow_links(false)
        .build()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let resolver = Resolver::new(None);
    let mut files = Vec::new();
    for path in paths {
        let config = resolver.config_for(&path).unwrap();
        let format = match &config {
            Some(c) => c.format_for(&path),
            None => Format::from_path(&path),
        };
        let abs = std::path::absolute(&path).unwrap();
        if format.is_none() || config.as_ref().is_some_and(|c| !c.selects(&abs)) {
            continue;
        }
        let catalog = resolver.catalog_for(config.as_deref()).unwrap();
        let as_of = config
            .as_ref()
            .and_then(|c| c.as_of)
            .unwrap_or_else(|| AS_OF.parse().unwrap());
        let mut ctx = Context::new(&catalog, as_of);
        if let Some(c) = &config {
            c.apply_to(&mut ctx, &abs);
        }
        let shown = path.to_str().unwrap().replace('\\', "/");
        let file = match decode(std::fs::read(&path).unwrap()) {
            Ok(text) => {
                let opts = config.as_deref().map(|c| c.read).unwrap_or_default();
                let doc = Document::with_options(text, format.unwrap(), opts);
                let findings = macrolint::check(&doc, &ctx);
                CheckedFile {
                    path: shown,
                    text: doc.text,
                    findings,
                }
            }
            Err(e) => CheckedFile {
                path: shown,
                text: String::new(),
                findings: ctx
                    .level(Rule::IoError)
                    .map(|severity| {
                        let mut f = Finding::new(
                            Rule::IoError,
                            ByteRange::new(0, 0),
                            Message::new(sentence(&e.to_string()), sentence(&e.to_string())),
                        );
                        f.severity = severity;
                        f
                    })
                    .into_iter()
                    .collect(),
            },
        };
        files.push(file);
    }
    assert!(
        files.iter().any(|f| !f.findings.is_empty()),
        "the fixtures hold broken templates"
    );
    files
}

/// `the file …` → `The file ….`, as the CLI words an error that became a finding.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    let first = c.next().map(|f| f.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), c.as_str())
}

/// One template checked with the default catalog.
fn checked(path: &str, text: &str) -> CheckedFile {
    let catalog = Catalog::default_catalog();
    let ctx = Context::new(&catalog, AS_OF.parse().unwrap());
    let doc = Document::new(text, Format::Markdown);
    let findings = macrolint::check(&doc, &ctx);
    CheckedFile {
        path: path.to_string(),
        text: doc.text,
        findings,
    }
}

fn without_version(s: &str) -> String {
    s.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[VERSION]\"",
    )
}

fn sarif_json(files: &[CheckedFile]) -> Value {
    serde_json::from_str(&sarif::render(files, EN)).unwrap()
}

fn sarif_fingerprints(files: &[CheckedFile]) -> Vec<String> {
    sarif_json(files)["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn sarif_report_over_the_fixtures() {
    let files = fixtures();
    let out = sarif::render(&files, EN);
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    let results = run["results"].as_array().unwrap();
    let total: usize = files.iter().map(|f| f.findings.len()).sum();
    assert_eq!(results.len(), total);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
    assert!(
        results.iter().any(|r| r["fixes"].is_array()),
        "some fixture has a safe fix"
    );
    insta::assert_snapshot!("sarif_fixtures", without_version(&out));
}

#[test]
fn sarif_report_is_valid_against_the_sarif_2_1_0_schema() {
    // The vendored schema is kept as published (tests/schemas/README.md). Its `language` patterns end in
    // `[a-zA-Z]{2}]?$`: a lone `]`, a literal in ECMA-262 (Annex B) but an error to the
    // crate's check of the draft-07 meta-schema's `regex` format, which stops the schema from
    // compiling. `\]` is the same regex, spelled so every engine reads it.
    let text = include_str!("schemas/sarif-schema-2.1.0.json");
    let lone = "[a-zA-Z]{2}]?$";
    assert_eq!(text.matches(lone).count(), 2, "the schema changed");
    let schema: Value = serde_json::from_str(&text.replace(lone, r"[a-zA-Z]{2}\\]?$")).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();

    let mut files = fixtures();
    // Paths that need percent-encoding in a URI, and a log with no findings at all.
    files.push(checked(
        "fixtures/шаблоны/a b:c.md",
        "Звоните {{contact.phone.premium}}",
    ));
    for files in [&files[..], &[]] {
        let log = sarif_json(files);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    // The validator does reject a broken log.
    let mut log = sarif_json(&files);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
    // … and a path that is not a URI reference, which is why paths are percent-encoded.
    let mut log = sarif_json(&files);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "a b\\c.md".into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn github_annotations_over_the_fixtures() {
    let files = fixtures();
    let out = github::render(&files, EN);
    let total: usize = files.iter().map(|f| f.findings.len()).sum();
    assert_eq!(out.lines().count(), total);
    for line in out.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }
    insta::assert_snapshot!("github_fixtures", out);
}

#[test]
fn gitlab_code_quality_over_the_fixtures() {
    let files = fixtures();
    let out = gitlab::render(&files, EN);
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
    let total: usize = files.iter().map(|f| f.findings.len()).sum();
    assert_eq!(issues.len(), total);
    for i in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(i["location"]["path"].is_string());
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(["info", "minor", "major"].contains(&i["severity"].as_str().unwrap()));
    }
    // The same fingerprints as the SARIF log and a baseline, in the same order.
    let baseline: Vec<String> = files
        .iter()
        .flat_map(macrolint::baseline::fingerprints)
        .collect();
    assert_eq!(sarif_fingerprints(&files), baseline);
    let gitlab: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(gitlab, sarif_fingerprints(&files));
    insta::assert_snapshot!("gitlab_fixtures", out);
}

#[test]
fn gitlab_report_of_nothing_is_an_empty_array() {
    assert_eq!(gitlab::render(&[], EN), "[]\n");
    assert_eq!(github::render(&[], EN), "");
}

#[test]
fn fingerprints_survive_moving_lines_and_change_with_the_covered_text() {
    let original = checked("a.md", "Здравствуйте!\nПишите на {{contact.foo}}\n");
    let moved = checked(
        "a.md",
        "\n\n\nЗдравствуйте!\n\n\nПишите  на   {{contact.foo}}\n",
    );
    let changed = checked("a.md", "Здравствуйте!\nПишите на {{contact.bar}}\n");
    let rules = |f: &CheckedFile| f.findings.iter().map(|x| x.rule).collect::<Vec<_>>();
    assert_eq!(rules(&original), [Rule::UnknownPlaceholder]);
    assert_eq!(rules(&moved), [Rule::UnknownPlaceholder]);
    assert_eq!(rules(&changed), [Rule::UnknownPlaceholder]);

    let start = |f: &CheckedFile| {
        let v = sarif_json(std::slice::from_ref(f));
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(
        (start(&original), start(&moved)),
        (2, 7),
        "the line did move"
    );
    let fingerprint = |f: &CheckedFile| sarif_fingerprints(std::slice::from_ref(f));
    assert_eq!(fingerprint(&original), fingerprint(&moved));
    assert_ne!(fingerprint(&original), fingerprint(&changed));
    // Another file: another finding.
    let elsewhere = CheckedFile {
        path: "b.md".into(),
        ..original.clone()
    };
    assert_ne!(fingerprint(&original), fingerprint(&elsewhere));
    // GitLab's fingerprints are the same.
    let issues: Vec<Value> = serde_json::from_str(&gitlab::render(&[moved], EN)).unwrap();
    assert_eq!(issues[0]["fingerprint"], fingerprint(&original)[0]);
}

#[test]
fn gitlab_fingerprints_are_unique_within_a_report() {
    let mut files = fixtures();
    // The same finding twice in one file, on identical lines.
    files.push(checked(
        "twice.md",
        "Звоните {{contact.phone.premium}}\nЗвоните {{contact.phone.premium}}\n",
    ));
    let issues: Vec<Value> = serde_json::from_str(&gitlab::render(&files, EN)).unwrap();
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let twice: Vec<&str> = issues
        .iter()
        .filter(|i| i["location"]["path"] == "twice.md")
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(twice.len(), 2);
    assert_eq!(twice[1], format!("{}-2", twice[0]));
    let n = fingerprints.len();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), n, "duplicate fingerprints");
}

#[test]
fn github_escapes_messages_and_properties() {
    let text = "Привет\nЗвоните 8 800, 100%\n";
    let start = text.find('8').unwrap();
    let mut finding = Finding::new(
        Rule::ContactFormat,
        ByteRange::new(start, start + 5),
        Message::new("", "100% sure:\r\nline two, with a comma: ok"),
    );
    finding.severity = macrolint::Severity::Info;
    let file = CheckedFile {
        path: "dir,1/a:b.md".into(),
        text: text.into(),
        findings: vec![finding],
    };
    assert_eq!(
        github::render(&[file], EN),
        "::notice file=dir%2C1/a%3Ab.md,line=2,col=9,endLine=2,endColumn=14,\
         title=macrolint (contact-format)::100%25 sure:%0D%0Aline two, with a comma: ok\n"
    );
    assert_eq!(github::escape_property("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae");
    assert_eq!(github::escape_data("a%b:c,d\re"), "a%25b:c,d%0De");
}

#[test]
fn github_annotates_an_unreadable_file_as_a_whole() {
    let file = CheckedFile {
        path: "bad.txt".into(),
        text: String::new(),
        findings: vec![Finding::new(
            Rule::IoError,
            ByteRange::new(0, 0),
            Message::new("", "The file is not UTF-8."),
        )],
    };
    assert_eq!(
        github::render(std::slice::from_ref(&file), EN),
        "::error file=bad.txt,title=macrolint (io-error)::The file is not UTF-8.\n"
    );
    let v = sarif_json(&[file]);
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["byteLength"].as_u64()),
        (Some(1), Some(0))
    );
}

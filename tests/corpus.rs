//! The corpus of natural support templates (`tests/corpus/`): correct ones that must raise no
//! warning or error, and wrong ones, each wrong in one way, with the findings they must raise.
//! It is the acceptance bar of the judgment engine: precision and recall must both reach 98%.
//!
//! Files are read the way `macrolint check` reads them: the bytes are decoded with
//! [`macrolint::source::decode`] (a file that is not UTF-8 is an `io-error` finding, as the CLI
//! reports it), the format comes from the extension, and the case's audience, region and date
//! form the [`Context`], as a `macrolint.toml` `[[scope]]` would give them. See
//! `tests/corpus/README.md` for the scoring and how to add a case.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use macrolint::context::UnitScope;
use macrolint::source::{DecodeError, decode};
use macrolint::{ByteRange, Catalog, Context, Document, Finding, Format, Message, Rule, Severity};
use serde::Deserialize;

/// The default `as_of` of a case: a day well after every dated change of the catalog.
const DEFAULT_AS_OF: &str = "2026-06-01";
const MIN_PRECISION: f64 = 0.98;
const MIN_RECALL: f64 = 0.98;
/// The bar for the corpus size; the corpus aims above it.
const MIN_CORRECT: usize = 70;
const MIN_WRONG: usize = 80;

/// Every rule a wrong template must exercise somewhere.
const RULES: &[&str] = &[
    "removed-channel",
    "unavailable-channel",
    "outdated-claim",
    "misleading-claim",
    "out-of-scope",
    "unknown-contact",
    "wrong-audience",
    "wrong-region",
    "contact-format",
    "hard-to-reach",
    "unofficial-channel",
    "unknown-placeholder",
    "upcoming-change",
    "io-error",
];

/// Every channel of the seed article; each is the subject of some wrong template.
const CHANNELS: &[&str] = &[
    "phone.moscow",
    "phone.spb",
    "phone.federal",
    "phone.premium",
    "phone.travel",
    "phone.travel-personal",
    "phone.bank.federal",
    "phone.bank.abroad",
    "phone.bank.moscow-1",
    "phone.bank.moscow-2",
    "chat.web",
    "chat.app",
    "chat.travel",
    "email.help",
    "email.ir",
    "email.pr",
    "email.crossborder",
    "email.sellersup",
    "social.vk",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Relative to `tests/corpus/`: `correct/...` or `wrong/...`.
    file: String,
    audience: Option<Vec<String>>,
    region: Option<String>,
    as_of: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
    /// Audiences of the macros of an export, by title prefix or tag (`[[scope]]` in
    /// `macrolint.toml`).
    #[serde(default)]
    scope: Vec<Scope>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    rule: String,
    /// An exact substring of the file's bytes; omitted only for `io-error` (a file that is not
    /// text has no words to point at).
    at: Option<String>,
    /// Which occurrence of `at` (1-based, default 1).
    nth: Option<usize>,
    /// The catalog channel the mistake is about (documents coverage; not scored).
    channel: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scope {
    #[serde(default)]
    title_prefix: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    audience: Vec<String>,
    region: Option<String>,
}

/// An expectation resolved against its file.
struct Expected {
    rule: Rule,
    /// `None`: anywhere in the file.
    range: Option<ByteRange>,
    at: String,
}

/// One line of the report.
struct Row {
    kind: &'static str,
    file: String,
    rule: String,
    text: String,
    message: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Files under `dir`, relative to the corpus folder, with `/` separators.
fn files_under(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).unwrap();
            out.insert(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
}

/// The `n`th (1-based) occurrence of `needle` in `hay`.
fn nth_occurrence(hay: &[u8], needle: &[u8], n: usize) -> Option<ByteRange> {
    if needle.is_empty() || n == 0 {
        return None;
    }
    let mut seen = 0;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if &hay[i..i + needle.len()] == needle {
            seen += 1;
            if seen == n {
                return Some(ByteRange::new(i, i + needle.len()));
            }
        }
        i += 1;
    }
    None
}

/// Whether a finding's range meets an expected range. An empty finding range (a point) meets
/// a range that contains or bounds it.
fn meets(found: ByteRange, expected: ByteRange) -> bool {
    if found.is_empty() {
        expected.start <= found.start && found.start <= expected.end
    } else {
        found.overlaps(&expected)
    }
}

/// The message of a file that cannot be read as text, as the CLI words it.
fn decode_message(e: &DecodeError) -> Message {
    Message::new(
        format!("Файл не читается как текст: {e}."),
        format!("The file cannot be read as text: {e}."),
    )
}

/// Reads a corpus file and checks it as `macrolint check` would.
fn check_file(path: &Path, ctx: &Context<'_>) -> (Vec<u8>, Vec<Finding>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match decode(bytes.clone()) {
        Ok(text) => {
            let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
            let doc = Document::new(text, format);
            (bytes, macrolint::check(&doc, ctx))
        }
        Err(e) => {
            // The CLI reports an undecodable file as one io-error; the offending byte where
            // there is one.
            let range = match e {
                DecodeError::NotUtf8 { offset, .. } => ByteRange::new(offset, offset + 1),
                _ => ByteRange::new(0, 0),
            };
            let findings = match ctx.level(Rule::IoError) {
                Some(severity) => {
                    let mut f = Finding::new(Rule::IoError, range, decode_message(&e));
                    f.severity = severity;
                    vec![f]
                }
                None => Vec::new(),
            };
            (bytes, findings)
        }
    }
}

fn one_line(s: &str, max: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max).collect::<String>())
    } else {
        s
    }
}

#[test]
fn corpus_precision_and_recall() {
    let root = corpus_dir();
    let cases_text =
        std::fs::read_to_string(root.join("cases.toml")).expect("tests/corpus/cases.toml");
    let cases: Cases = toml::from_str(&cases_text).unwrap_or_else(|e| panic!("cases.toml: {e}"));
    let catalog = Catalog::default_catalog();

    // --- The corpus itself: every file listed once, every case well-formed. -----------------
    let mut problems: Vec<String> = Vec::new();
    let mut on_disk = BTreeSet::new();
    files_under(&root, &root.join("correct"), &mut on_disk);
    files_under(&root, &root.join("wrong"), &mut on_disk);
    let mut listed = BTreeSet::new();
    for c in &cases.case {
        if !listed.insert(c.file.clone()) {
            problems.push(format!("{}: listed twice in cases.toml", c.file));
        }
    }
    for f in on_disk.difference(&listed) {
        problems.push(format!("{f}: not listed in cases.toml"));
    }
    for f in listed.difference(&on_disk) {
        problems.push(format!(
            "{f}: listed in cases.toml but not under correct/ or wrong/"
        ));
    }

    let mut resolved: Vec<(&Case, Vec<Expected>, Context<'_>)> = Vec::new();
    let mut rules_expected = BTreeSet::new();
    let mut channels_expected = BTreeSet::new();
    let (mut n_correct, mut n_wrong) = (0, 0);
    for c in &cases.case {
        let is_correct = c.file.starts_with("correct/");
        let is_wrong = c.file.starts_with("wrong/");
        if is_correct {
            n_correct += 1;
            if !c.expect.is_empty() {
                problems.push(format!("{}: a correct template expects findings", c.file));
            }
        } else if is_wrong {
            n_wrong += 1;
            if c.expect.is_empty() {
                problems.push(format!("{}: a wrong template expects no finding", c.file));
            }
        } else {
            problems.push(format!("{}: not under correct/ or wrong/", c.file));
        }
        let path = root.join(&c.file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue; // reported above as not on disk
        };
        let as_of = c.as_of.as_deref().unwrap_or(DEFAULT_AS_OF);
        let Ok(as_of) = as_of.parse() else {
            problems.push(format!("{}: as_of `{as_of}` is not a date", c.file));
            continue;
        };
        let mut ctx = Context::new(&catalog, as_of);
        ctx.audience = c.audience.as_ref().map(|a| a.iter().cloned().collect());
        ctx.region = c.region.clone();
        ctx.unit_scopes = c
            .scope
            .iter()
            .map(|s| UnitScope {
                title_prefixes: s.title_prefix.clone(),
                tags: s.tags.clone(),
                audience: s.audience.iter().cloned().collect(),
                region: s.region.clone(),
            })
            .collect();
        let mut exp = Vec::new();
        for e in &c.expect {
            let Ok(rule) = e.rule.parse::<Rule>() else {
                problems.push(format!("{}: `{}` is not a rule id", c.file, e.rule));
                continue;
            };
            rules_expected.insert(e.rule.clone());
            if let Some(ch) = &e.channel {
                if catalog.channel(ch).is_none() {
                    problems.push(format!("{}: `{ch}` is not a catalog channel", c.file));
                }
                channels_expected.insert(ch.clone());
            }
            let range = match &e.at {
                Some(at) => {
                    let nth = e.nth.unwrap_or(1);
                    match nth_occurrence(&bytes, at.as_bytes(), nth) {
                        Some(r) => Some(r),
                        None => {
                            problems.push(format!(
                                "{}: `at` {at:?} (occurrence {nth}) is not in the file",
                                c.file
                            ));
                            continue;
                        }
                    }
                }
                None if rule == Rule::IoError => None,
                None => {
                    problems.push(format!(
                        "{}: the `{}` expectation has no `at` (only io-error may omit it)",
                        c.file, e.rule
                    ));
                    continue;
                }
            };
            exp.push(Expected {
                rule,
                range,
                at: e.at.clone().unwrap_or_else(|| "(the file)".into()),
            });
        }
        resolved.push((c, exp, ctx));
    }
    for r in RULES {
        if !rules_expected.contains(*r) {
            problems.push(format!("no wrong template expects `{r}`"));
        }
    }
    for ch in CHANNELS {
        if !channels_expected.contains(*ch) {
            problems.push(format!("no wrong template is about channel `{ch}`"));
        }
    }
    if n_correct < MIN_CORRECT {
        problems.push(format!(
            "only {n_correct} correct templates (at least {MIN_CORRECT})"
        ));
    }
    if n_wrong < MIN_WRONG {
        problems.push(format!(
            "only {n_wrong} wrong templates (at least {MIN_WRONG})"
        ));
    }
    assert!(
        problems.is_empty(),
        "the corpus is broken:\n  {}",
        problems.join("\n  ")
    );

    // --- Scoring. ---------------------------------------------------------------------------
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut rows: Vec<Row> = Vec::new();
    // rule -> (tp, fn, fp)
    let mut by_rule: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut files_failing = BTreeSet::new();
    for (c, exp, ctx) in &resolved {
        let (bytes, findings) = check_file(&root.join(&c.file), ctx);
        let text_of = |r: ByteRange| {
            let end = r.end.min(bytes.len());
            let start = r.start.min(end);
            String::from_utf8_lossy(&bytes[start..end]).into_owned()
        };
        let mut met = vec![false; exp.len()];
        for f in &findings {
            let hits: Vec<usize> = exp
                .iter()
                .enumerate()
                .filter(|(_, e)| e.rule == f.rule && e.range.is_none_or(|r| meets(f.range, r)))
                .map(|(i, _)| i)
                .collect();
            // A finding meets at most one expectation: the first not yet met. A second finding
            // on an expectation already met is a duplicate, not a false positive.
            if let Some(&i) = hits.iter().find(|&&i| !met[i]) {
                met[i] = true;
                continue;
            }
            if !hits.is_empty() || f.severity < Severity::Warning {
                continue;
            }
            fp += 1;
            by_rule.entry(f.rule.to_string()).or_default().2 += 1;
            files_failing.insert(c.file.clone());
            rows.push(Row {
                kind: "FP",
                file: c.file.clone(),
                rule: format!("{} ({})", f.rule, f.severity),
                text: text_of(f.range),
                message: f.message.en.clone(),
            });
        }
        for (e, met) in exp.iter().zip(&met) {
            let entry = by_rule.entry(e.rule.to_string()).or_default();
            if *met {
                tp += 1;
                entry.0 += 1;
            } else {
                fneg += 1;
                entry.1 += 1;
                files_failing.insert(c.file.clone());
                let got: Vec<String> = findings
                    .iter()
                    .map(|f| format!("{}@{:?}", f.rule, one_line(&text_of(f.range), 30)))
                    .collect();
                rows.push(Row {
                    kind: "MISS",
                    file: c.file.clone(),
                    rule: e.rule.to_string(),
                    text: e.at.clone(),
                    message: if got.is_empty() {
                        "(no finding at all)".into()
                    } else {
                        format!("found instead: {}", got.join(", "))
                    },
                });
            }
        }
    }

    let mut out = String::new();
    writeln!(
        out,
        "\n== corpus: {n_correct} correct, {n_wrong} wrong templates =="
    )
    .unwrap();
    if !rows.is_empty() {
        writeln!(
            out,
            "{:<5} {:<48} {:<28} {:<40} message",
            "", "file", "rule", "text"
        )
        .unwrap();
        for r in &rows {
            writeln!(
                out,
                "{:<5} {:<48} {:<28} {:<40} {}",
                r.kind,
                r.file,
                r.rule,
                format!("{:?}", one_line(&r.text, 38)),
                one_line(&r.message, 160)
            )
            .unwrap();
        }
    }
    writeln!(out, "\n{:<22} {:>4} {:>4} {:>4}", "rule", "TP", "FN", "FP").unwrap();
    for (rule, (t, n, p)) in &by_rule {
        writeln!(out, "{rule:<22} {t:>4} {n:>4} {p:>4}").unwrap();
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if tp + fneg == 0 {
        1.0
    } else {
        tp as f64 / (tp + fneg) as f64
    };
    writeln!(
        out,
        "\nTP {tp}  FP {fp}  FN {fneg}  files failing {}/{}\nprecision {:.3}  recall {:.3}  (bar {MIN_PRECISION} / {MIN_RECALL})",
        files_failing.len(),
        resolved.len(),
        precision,
        recall
    )
    .unwrap();
    println!("{out}");
    assert!(
        precision >= MIN_PRECISION && recall >= MIN_RECALL,
        "corpus: precision {precision:.3}, recall {recall:.3}; both must be at least 0.98 (table above)"
    );
}

//! The scaling suite: for every path that once was quadratic on hostile or merely large input
//! (issue 12), the same work at two sizes in one run, compared by CPU time (see
//! `common/scaling.rs`: a loaded machine slows both sizes alike, so it cannot fail a test).

mod common;
#[path = "../benches/corpus.rs"]
mod corpus;

use common::scaling::assert_linear;
use macrolint::baseline::Baseline;
use macrolint::report::{CheckedFile, Options, github, gitlab, human, json, sarif};
use macrolint::{Catalog, Context, Document, Format, Lang, check};

/// A Zendesk export of `n` macros on one line, as helpdesk APIs return it; every macro body
/// has findings (a minus-sign number, a seller address, a removed line).
fn one_line_export(n: usize) -> String {
    const BODIES: [&str; 3] = [
        "Здравствуйте! Звоните +7 495 232−10−00 или пишите sellersup@ozon.ru, ответим быстро.",
        "Hello, call 8 (800)234−70−70 for free, or write to help@ozon.ru any time.",
        "Наша линия для Premium-клиентов {{contact.phone.premium}} работает круглосуточно.",
    ];
    let macros: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": 360_000 + i,
                "title": format!("Покупатели::Ответ {i}"),
                "actions": [{"field": "comment_value", "value": ["channel:all", BODIES[i % 3]]}],
            })
        })
        .collect();
    serde_json::to_string(&serde_json::json!({ "macros": macros })).unwrap()
}

/// The export of `n` macros, checked.
fn checked_export(n: usize) -> Vec<CheckedFile> {
    let text = one_line_export(n);
    let catalog = Catalog::default_catalog();
    let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
    let findings = check(&Document::new(text.as_str(), Format::Json), &ctx);
    assert!(findings.len() >= n, "every macro has a finding");
    vec![CheckedFile {
        path: "export.json".into(),
        text,
        findings,
    }]
}

const OPTS: Options = Options {
    lang: Lang::En,
    color: false,
};

/// A one-line export of 900 KB took 10 s in json, 45 s in sarif, 66 s in gitlab: each
/// finding's column was counted from the start of the line, and its fingerprint hashed the
/// whole line.
#[test]
fn every_report_format_grows_linearly_on_a_one_line_export() {
    assert_linear("json", 300, checked_export, |f| {
        json::render(f, OPTS);
    });
    assert_linear("sarif", 300, checked_export, |f| {
        sarif::render(f, OPTS);
    });
    assert_linear("gitlab", 300, checked_export, |f| {
        gitlab::render(f, OPTS);
    });
    assert_linear("github", 300, checked_export, |f| {
        github::render(f, OPTS);
    });
    assert_linear("human", 300, checked_export, |f| {
        human::render(f, OPTS);
    });
}

/// Writing a baseline of the same export took 40 s.
#[test]
fn a_baseline_of_a_one_line_export_grows_linearly() {
    assert_linear("baseline", 300, checked_export, |f| {
        Baseline::record(f);
    });
}

/// The human format printed the whole line (the whole export) in every snippet: its output
/// grew with findings x line length.
#[test]
fn human_snippets_of_a_one_line_export_are_windows() {
    let small = human::render(&checked_export(100), OPTS);
    let large = human::render(&checked_export(400), OPTS);
    let ratio = large.len() as f64 / small.len() as f64;
    assert!(ratio < 5.0, "4x the macros, {ratio:.1}x the output");
    let longest = large.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 600, "a snippet line of {longest} characters");
}

/// A `didOpen` of 10 MB without line breaks took 0.6-5 s, 100 MB 67 s: the reader rescanned
/// the body from its start on every 64 KB read.
#[test]
fn lsp_framing_grows_linearly_on_bodies_without_line_breaks() {
    use macrolint::lsp::framing::{FrameReader, Inbound};
    let make = |n: usize| {
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"text":"{}"}}}}"#,
            "Звоните +7 495 232−10−00. ".repeat(n)
        );
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    };
    assert_linear("framing", 30_000, make, |input| {
        let mut r = FrameReader::new(std::io::Cursor::new(input.as_slice()));
        assert!(matches!(r.next_inbound(), Some(Inbound::Frame(_))));
    });
}

/// A YAML file whose bodies are aliases of one anchored body: each alias walked the whole
/// tree to find its anchor (30,000 aliases: over 90 s).
#[test]
fn yaml_aliases_grow_linearly() {
    let make = |n: usize| {
        let mut y = String::from(
            "macros:\n  - title: first\n    actions:\n      - field: comment_value\n        value: &body \"Звоните +7 495 232−10−00\"\n",
        );
        for i in 0..n {
            y.push_str(&format!(
                "  - title: m{i}\n    actions:\n      - field: comment_value\n        value: *body\n"
            ));
        }
        y
    };
    assert_linear("yaml aliases", 500, make, |text| {
        let doc = Document::new(text.as_str(), Format::Yaml);
        assert!(doc.error.is_none());
        assert_eq!(doc.segments.len(), 1, "the anchored body, once");
    });
}

/// HTML with many fixes: whether each edit maps exactly scanned every piece of the segment
/// (32,000 `tel:` links: 15 s).
#[test]
fn html_edit_mapping_grows_linearly() {
    use macrolint::ByteRange;
    let make = |n: usize| {
        let html: String = (0..n)
            .map(|_| "<p>Звоните <a href=\"tel:+74952321000\">8&nbsp;(495)&nbsp;232&minus;10&minus;00</a>.</p>\n")
            .collect();
        let doc = Document::new(html, Format::Html);
        let text = &doc.segments[0].text;
        let ranges: Vec<ByteRange> = text
            .match_indices("8\u{a0}(495)")
            .map(|(i, m)| ByteRange::new(i, i + m.len()))
            .collect();
        assert_eq!(ranges.len(), n);
        (doc, ranges)
    };
    assert_linear("maps_exactly", 2_000, make, |(doc, ranges)| {
        let seg = &doc.segments[0];
        assert!(ranges.iter().all(|r| seg.maps_exactly(*r)));
    });
}

/// `fix` on a one-line export: choosing, applying and counting the fixes of tens of thousands
/// of findings (each fix was looked up in the list of chosen edits).
#[test]
fn fixing_a_one_line_export_grows_linearly() {
    use macrolint::fix::{Safety, apply, edits_for, fixed_count};
    assert_linear("fix", 300, checked_export, |f| {
        let edits = edits_for(&f[0].findings, Safety::All);
        assert!(!edits.is_empty());
        apply(&f[0].text, &edits).unwrap();
        fixed_count(&f[0].findings, &edits, Safety::All);
    });
}

/// A long line of many uses: each use's position and window (what `usage` prints) costs what
/// the use costs, not the line.
#[test]
fn positions_and_windows_on_a_long_line_grow_linearly() {
    use macrolint::source::LineIndex;
    let make = |n: usize| {
        let text = "Звоните +7 495 232-10-00, ".repeat(n);
        let at: Vec<usize> = text.match_indices('+').map(|(i, _)| i).collect();
        (LineIndex::new(&text), text, at)
    };
    assert_linear("positions", 3_000, make, |(lines, text, at)| {
        for &i in at {
            lines.position(text, i);
            lines.window(text, i..i + 16, 80);
        }
    });
}

/// The check itself on a one-line export: every macro is a body of its own, so the work is
/// the bodies' work, whatever the line.
#[test]
fn checking_a_one_line_export_grows_linearly() {
    let catalog = Catalog::default_catalog();
    let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
    assert_linear("check", 1_000, one_line_export, |text| {
        let doc = Document::new(text.as_str(), Format::Json);
        assert!(!check(&doc, &ctx).is_empty());
    });
}

/// Keeping one finding per stretch of words compared every finding with every kept one (57% of
/// a whole-document check on a 4 MiB export): thousands of findings, most of them apart.
#[test]
fn one_finding_per_words_grows_linearly() {
    let findings = |n: usize| -> Vec<macrolint::Finding> {
        (0..n)
            .map(|i| {
                let start = i * 10 + (i % 3);
                macrolint::Finding::new(
                    macrolint::Rule::ALL[i % 5],
                    macrolint::ByteRange::new(start, start + 8 + (i % 7)),
                    macrolint::Message::new("", ""),
                )
            })
            .collect()
    };
    assert_linear("one finding per words", 5_000, findings, |f| {
        assert!(!macrolint::rules::one_per_words(f.clone()).is_empty());
    });
}

/// Loading a catalog: 20,000 channels took 2 s and 100,000 over two minutes when every
/// channel was compared with every other (values, replacements); hash maps make it linear.
#[test]
fn loading_a_catalog_grows_linearly_in_its_channels() {
    let catalog = |n: usize| -> String {
        let mut s = String::from("extends = \"base\"\n");
        for i in 0..n {
            s.push_str(&format!(
                "[[channel]]\nid = \"email.c{i}\"\nkind = \"email\"\nvalue = \"c{i}@example.com\"\nstatus = \"active\"\nreplacement = [\"email.c{}\"]\nsource = [\"s\"]\n",
                (i + 1) % n
            ));
        }
        s
    };
    assert_linear("catalog load", 1_000, catalog, |text| {
        // Every channel replaced by the next, the last by the first: one long cycle, refused.
        let e = Catalog::from_toml(text, macrolint::catalog::Origin::File("big.toml".into()));
        assert!(e.is_err());
    });
}

/// A contact-dense document (every line a phone, an e-mail, a link or a claim): each claim
/// place looked at every frame match of the document for its exceptions and its sentence's
/// conditions (a 1 MB article: 1.8 s, most of it in those passes).
#[test]
fn checking_a_contact_dense_document_grows_linearly() {
    let make = |n: usize| {
        let mut rng = fastrand::Rng::with_seed(7);
        corpus::dense_template(&mut rng, n * 100)
    };
    let catalog = Catalog::default_catalog();
    let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
    assert_linear("dense check", 500, make, |text| {
        let findings = check(&Document::new(text.as_str(), Format::Markdown), &ctx);
        assert!(!findings.is_empty());
    });
}

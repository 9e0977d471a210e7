//! A second company's catalog end to end (issue 14): Kestrel Pay, a made-up payments company
//! in `fixtures/catalogs/kestrel.toml`, with lines in three countries and weekday hours,
//! regions nested in regions, claims limited by region and number ranges of its own. Every
//! template here is written as an agent of such a company would write it; none is copied from
//! the catalog's examples.

mod common;

use common::{macrolint, run};
use macrolint::catalog::{Catalog, Origin};
use macrolint::{Context, Document, Finding, Format, Rule, Severity, check};
use std::sync::LazyLock;

const KESTREL: &str = "fixtures/catalogs/kestrel.toml";

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::from_path(std::path::Path::new(KESTREL)).unwrap_or_else(|e| panic!("{e}"))
});

fn findings_for(
    catalog: &Catalog,
    text: &str,
    audience: &[&str],
    region: Option<&str>,
) -> Vec<Finding> {
    let mut ctx = Context::new(catalog, "2026-06-01".parse().unwrap());
    if !audience.is_empty() {
        ctx.audience = Some(audience.iter().map(|s| s.to_string()).collect());
    }
    ctx.region = region.map(str::to_string);
    check(&Document::new(text, Format::Plain), &ctx)
}

/// (rule, covered text) of the findings of warning or above.
fn loud(text: &str, region: Option<&str>) -> Vec<(Rule, String)> {
    findings_for(&CATALOG, text, &["customer"], region)
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| (f.rule, text[f.range.start..f.range.end].to_string()))
        .collect()
}

fn silent(text: &str, region: Option<&str>) {
    let l = loud(text, region);
    assert!(l.is_empty(), "expected nothing in {text:?}: {l:?}");
}

fn reports(text: &str, region: Option<&str>, rule: Rule) -> String {
    let l = loud(text, region);
    l.iter()
        .find(|(r, _)| *r == rule)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("expected {rule} in {text:?}: {l:?}"))
}

#[test]
fn the_catalog_checks_clean() {
    let (code, out, err) = run(macrolint().args(["catalog", "check", KESTREL]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok (7 channels, 2 claims"), "{out}");
}

/// The catalog's own numbers in the ways people in each country write them, whatever region
/// the catalog is read in; a digit off is a typo of one of them; another company's number is
/// a note.
#[test]
fn numbers_in_three_countries_spellings() {
    let text = "US: 1-(844) 555-0140, (844) 555-0140, 844-555-0140, +1 844 555 0140. \
                UK: 020 7946 0321, +44 20 7946 0321, +44 (0)20 7946 0321. \
                Canada: (604) 555-0188, 1-604-555-0188, +1 604 555 0188.";
    for region in ["US", "GB", "CA", "RU"] {
        let source = std::fs::read_to_string(KESTREL)
            .unwrap()
            .replace("region = \"US\"", &format!("region = \"{region}\""));
        let catalog = Catalog::from_toml(&source, Origin::File(KESTREL.into())).unwrap();
        let uses = macrolint::uses(&Document::new(text, Format::Plain), &catalog);
        let ids: Vec<&str> = uses.iter().map(|u| u.channel.as_str()).collect();
        assert_eq!(
            ids,
            [
                "phone.us", "phone.us", "phone.us", "phone.us", "phone.uk", "phone.uk", "phone.uk",
                "phone.ca", "phone.ca", "phone.ca"
            ],
            "catalog region {region}"
        );
        let f = findings_for(&catalog, text, &["customer"], None);
        assert!(
            f.iter().all(|f| f.rule != Rule::UnknownContact),
            "catalog region {region}: {f:#?}"
        );
    }
    // A planted wrong digit in each country's spelling is an error that names the right number.
    for (typo, right) in [
        ("1-(844) 555-0146", "+1 844-555-0140"),
        ("020 7946 0327", "+44 20 7946 0321"),
        ("(604) 555-0186", "+1 604-555-0188"),
    ] {
        let text = format!("Please call {typo} and we will help.");
        let f = findings_for(&CATALOG, &text, &["customer"], None);
        let u = f
            .iter()
            .find(|f| f.rule == Rule::UnknownContact)
            .unwrap_or_else(|| panic!("{typo}: {f:#?}"));
        assert_eq!(u.severity, Severity::Error, "{typo}");
        assert!(u.message.en.contains(right), "{typo}: {}", u.message.en);
    }
    // In the company's own range: an error; someone else's number: a note.
    let f = findings_for(
        &CATALOG,
        "Our new line is 1-844-555-0177. For a lost card, call your bank at +1 212 555 0100.",
        &["customer"],
        None,
    );
    let sev: Vec<Severity> = f
        .iter()
        .filter(|f| f.rule == Rule::UnknownContact)
        .map(|f| f.severity)
        .collect();
    assert_eq!(sev, [Severity::Error, Severity::Info], "{f:#?}");
}

/// Regions are data and nest: California is in the US, the UK and Canada are abroad; a
/// sentence's own phrase places its reader ("if you're in Canada", "outside the US").
#[test]
fn regions_nest_and_phrases_place_the_reader() {
    let wrong = reports(
        "Hi Jo, you can reach our phone team on 1-(844) 555-0140.",
        Some("uk"),
        Rule::WrongRegion,
    );
    assert_eq!(wrong, "1-(844) 555-0140");
    let f = findings_for(
        &CATALOG,
        "Hi Jo, you can reach our phone team on 1-(844) 555-0140.",
        &["customer"],
        Some("uk"),
    );
    let w = f.iter().find(|f| f.rule == Rule::WrongRegion).unwrap();
    assert!(
        w.message.en.contains("from the UK, call +44 20 7946 0321"),
        "{}",
        w.message.en
    );
    assert!(
        w.message.en.contains("is for calls from the US"),
        "{}",
        w.message.en
    );
    reports(
        "If you're in Canada, just dial (844) 555-0140 and ask for billing.",
        None,
        Rule::WrongRegion,
    );
    reports(
        "Customers outside the US can ring 844-555-0140 as well.",
        None,
        Rule::WrongRegion,
    );
    silent(
        "Californian customers: call 1-844-555-0140, weekdays 9am to 6pm.",
        None,
    );
    silent("From the UK, please dial 020 7946 0321.", None);
    silent("In Canada? Call +1 604 555 0188.", None);
    // The sentence names where the number is for: true, even to a reader abroad.
    silent(
        "1-844-555-0140 takes calls from within the US only; from the UK use 020 7946 0321.",
        Some("uk"),
    );
}

/// A channel's hours are data: promises of other hours mislead without a claim for each
/// phrasing, and true ones pass, in the catalog's own wording or not.
#[test]
fn hours_are_checked_against_each_channel() {
    for text in [
        "Our phone line is open 24/7, so call 1-844-555-0140 whenever suits you.",
        "Give us a ring on Saturday at 1-(844) 555-0140.",
        "The hotline takes calls every day from 8am to 8pm.",
        "You can call 844-555-0140 at any time, day or night.",
        "Our Canada line (604) 555-0188 is open until 9 pm on weekdays, from 8:00 to 21:00.",
        "The live chat is only available on weekdays.",
        "Chat with us Monday to Friday, 9:00–17:00.",
        "Please note that the chat is closed on Sundays.",
    ] {
        reports(text, None, Rule::MisleadingClaim);
    }
    for text in [
        "Call 1-844-555-0140, Monday to Friday, 9am–6pm ET.",
        "Our phone line is open on weekdays from 9:00 to 18:00 Eastern time.",
        "The UK line takes calls on Saturdays, 020 7946 0321, from 10:00 to 14:00.",
        "The phone line is closed at weekends, but the live chat is open 24/7.",
        "Write to help@kestrelpay.example at any time; we reply within one business day.",
        "Is the hotline open on Sunday? It isn't, but the chat is there around the clock.",
        "If you call on a Saturday, nobody will pick up: use the chat instead.",
        "Until 2024 our phone line was open around the clock.",
        "We'll get back to you within 2 business days.",
    ] {
        silent(text, None);
    }
}

/// A claim limited by region speaks only to readers there.
#[test]
fn claims_by_region() {
    let text = "Good news: your payout will reach your bank the same day.";
    reports(text, Some("uk"), Rule::MisleadingClaim);
    reports(text, Some("canada"), Rule::MisleadingClaim);
    silent(text, Some("us"));
    silent(text, Some("california"));
    silent(text, None);
    // A sentence's own phrase places the reader too.
    reports(
        "For UK customers, withdrawals land instantly in your account.",
        None,
        Rule::MisleadingClaim,
    );
    reports(
        "Call us from anywhere in the world.",
        None,
        Rule::MisleadingClaim,
    );
}

/// The first draft a new user writes: every mistake comes back in one run, in the file's
/// order, with line, column and plain words, from `catalog check` and from a check that
/// names the catalog alike.
#[test]
fn every_catalog_problem_in_one_run() {
    let draft = "fixtures/catalogs/invalid/kestrel-first-draft.toml";
    let (code, _, err) = run(macrolint().args(["catalog", "check", draft]));
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with(draft)).collect();
    for expected in [
        ":23:18: `US` is not a valid region id",
        ":24:9: `channel[1] (phone.us).hours` is a text, but it must be a table of opening hours",
        ":29:8: `channel[2] (phone.uk).kind` is \"telephone\"",
        ":39:19: `channel[3] (chat).hours.days[1]` is \"monday\"",
        ":39:37: `channel[3] (chat).hours.from` is \"9am\", but it must be a time of day",
        ":46:10: `channel[4] (email.help).status` is \"live\"",
        ":47:9: `channel[4] (email.help).since` is \"30 June 2025\", but it must be a date",
        ":49:1: unknown field `channel[4] (email.help).colour`",
        ":54:11: `UK` is not a valid region id",
        ":55:13: `customers` is not a declared audience",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "missing {expected:?} in:\n{err}"
        );
    }
    assert_eq!(lines.len(), 10, "{err}");
    let positions: Vec<(usize, usize)> = lines
        .iter()
        .map(|l| {
            let mut p = l[draft.len() + 1..].split(':');
            (
                p.next().unwrap().parse().unwrap(),
                p.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert!(positions.is_sorted(), "{positions:?}");
    assert!(
        !err.contains("struct") && !err.contains("expected "),
        "{err}"
    );
    assert!(err.contains("help: did you mean `us`?"), "{err}");
    assert!(err.contains("help: did you mean \"mon\"?"), "{err}");
    // A check with the broken catalog fails with the same list, naming the file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Call 1-844-555-0140.").unwrap();
    let (code, _, err2) = run(macrolint()
        .args(["check", "--catalog", draft])
        .arg(dir.path().join("a.txt")));
    assert_eq!(code, 2);
    for l in &lines {
        assert!(err2.contains(l), "missing {l:?} in:\n{err2}");
    }
}

/// The summary names the catalog a run judged by, so a forgotten `--catalog` shows.
#[test]
fn the_summary_names_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "Call 1-844-555-0140 on weekdays.").unwrap();
    let (code, out, _) = run(macrolint()
        .args(["check", "--lang", "en", "--catalog", KESTREL])
        .arg(&file));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("catalog «Kestrel Pay» (fixtures/catalogs/kestrel.toml)"),
        "{out}"
    );
    let (_, out, _) = run(macrolint().args(["check", "--lang", "en"]).arg(&file));
    assert!(out.contains("catalog «Ozon (default)» (embedded)"), "{out}");
    let (_, out, _) = run(macrolint()
        .args(["check", "--format", "json", "--catalog", KESTREL])
        .arg(&file));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["catalogs"][0]["name"], "Kestrel Pay");
}

/// README "Write a catalog for your company", step by step: init, edit, check, lint a
/// template, see a finding.
#[test]
fn write_a_catalog_for_your_company() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("support-catalog.toml");
    let (code, out, err) = run(macrolint().args(["catalog", "init"]).arg(&catalog));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("macrolint catalog check"), "{out}");
    // Never over an existing file.
    let (code, _, err) = run(macrolint().args(["catalog", "init"]).arg(&catalog));
    assert_eq!(code, 2);
    assert!(err.contains("already exists; nothing was written"), "{err}");
    // Edit: the company's own name and number.
    let text = std::fs::read_to_string(&catalog).unwrap();
    assert!(!text.contains("Ozon"));
    let edited = text
        .replace("name = \"Bluebird Outfitters\"", "name = \"Acme Pay\"")
        .replace("+1 888-555-0123", "+1 888-555-0111")
        .replace(
            "\"1-888-555-0123\", \"(888) 555-0123\"",
            "\"1-888-555-0111\"",
        );
    std::fs::write(&catalog, edited).unwrap();
    let (code, out, err) = run(macrolint().args(["catalog", "check"]).arg(&catalog));
    assert_eq!(code, 0, "{err}");
    // The starter has one claim: counted in words a person would write.
    assert!(out.contains(": ok (5 channels, 1 claim, hash"), "{out}");
    // Lint a reply written against it.
    let reply = dir.path().join("reply.txt");
    std::fs::write(&reply, "Our hotline is open 24/7: 1-888-555-0111.\n").unwrap();
    let (_, out, _) = run(macrolint()
        .args(["check", "--lang", "en", "--catalog"])
        .arg(&catalog)
        .arg(&reply));
    assert!(
        out.contains("warning[misleading-claim]: «24/7»: Bluebird customer line is open Mon–Fri 09:00–18:00 (America/New_York)."),
        "{out}"
    );
    assert!(out.contains("catalog «Acme Pay»"), "{out}");
}

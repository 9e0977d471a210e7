use super::*;
use crate::{Catalog, Document, Format};
use std::path::{Path, PathBuf};

fn texts(text: &str) -> Vec<&str> {
    let c = Catalog::default_catalog();
    pieces(text, &c.vocabulary.cues.consequence)
        .into_iter()
        .map(|r| &text[r.start..r.end])
        .collect()
}

/// Lines of support prose, each its own sentence, for documents large enough to be cut.
fn filler(n: usize, seed: u64) -> String {
    let lines = [
        "Спасибо, что написали нам, мы уже разбираемся с вашим вопросом.",
        "Напишите в чат поддержки в приложении, там ответят быстрее.",
        "Thanks for your patience while we look into the parcel.",
        "Звоните +7 495 232−10−00, если посылка не пришла.",
        "You can reach the team at sellersup@ozon.ru any day.",
        "Курьер привезёт заказ в выбранный интервал.",
    ];
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|_| lines[rng.usize(..lines.len())])
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pieces_cover_the_text_in_order() {
    let text = filler(400, 1);
    let ranges = pieces(
        &text,
        &Catalog::default_catalog().vocabulary.cues.consequence,
    );
    assert!(ranges.len() > 10, "{} pieces", ranges.len());
    assert_eq!(ranges[0].start, 0);
    assert_eq!(ranges.last().unwrap().end, text.len());
    assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
    assert!(ranges.iter().all(|r| r.len() <= MAX_PIECE + 200));
    // Every piece starts a line.
    assert!(
        ranges[1..]
            .iter()
            .all(|r| text.as_bytes()[r.start - 1] == b'\n')
    );
    assert!(texts("").is_empty());
    assert_eq!(texts("Одна строка"), ["Одна строка"]);
}

/// A list stays with its header, a question and a «Тогда» with what they answer, and a comment
/// or a tag open over lines stays whole, however long they are.
#[test]
fn no_cut_where_a_line_reaches_the_next() {
    let long = |head: &str, item: &str| {
        let mut t = filler(20, 2);
        t.push('\n');
        t.push_str(head);
        for _ in 0..400 {
            t.push('\n');
            t.push_str(item);
        }
        t
    };
    let t = long("Звоните нам:", "- 8 800 234−70−70, круглосуточно по России");
    let list = t.find("Звоните нам:").unwrap();
    assert!(
        pieces(&t, &Catalog::default_catalog().vocabulary.cues.consequence)
            .iter()
            .all(|r| r.start <= list || r.start > t.len() - 10),
        "a piece starts inside the list"
    );
    for (before, after) in [
        ("Вы сейчас за границей?", "Позвоните +7 495 232−10−00."),
        ("Вы сейчас за границей.", "Тогда звоните +7 495 232−10−00."),
        ("Are you abroad right now.", "Then call +7 495 232−10−00."),
        ("Ответим здесь <!-- заметка", "для себя --> в течение дня."),
        ("Номер: {{contact.phone.federal", "}} круглосуточно."),
    ] {
        let mut t = filler(60, 3);
        let at = t.len() + 1;
        t.push('\n');
        t.push_str(before);
        t.push('\n');
        t.push_str(after);
        t.push('\n');
        t.push_str(&filler(60, 4));
        let cut_at_after = pieces(&t, &Catalog::default_catalog().vocabulary.cues.consequence)
            .iter()
            .any(|r| r.start == at + before.len() + 1);
        assert!(!cut_at_after, "cut between {before:?} and {after:?}");
    }
}

/// Text growing before a piece does not move the cuts after it.
#[test]
fn cuts_do_not_move_when_text_before_grows() {
    let text = filler(300, 5);
    let cues = &Catalog::default_catalog().vocabulary.cues.consequence;
    let before: Vec<&str> = pieces(&text, cues)
        .iter()
        .map(|r| &text[r.start..r.end])
        .collect();
    let grown = format!("Добрый день! Уточню детали. {text}");
    let after: Vec<&str> = pieces(&grown, cues)
        .iter()
        .map(|r| &grown[r.start..r.end])
        .collect();
    let same = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert!(
        same + 2 >= before.len(),
        "{same} of {} pieces kept",
        before.len()
    );
}

fn read_all(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            read_all(&p, out);
        } else if Format::from_path(&p).is_some()
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            out.push((p, text));
        }
    }
}

fn templates() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "tests/corpus",
        "fixtures/templates",
        "fixtures/shapes",
        "fixtures/yaml",
    ] {
        read_all(&root.join(dir), &mut out);
    }
    out
}

fn contexts(c: &Catalog) -> Vec<Context<'_>> {
    let mut out = Vec::new();
    for (audience, region) in [
        (None, None),
        (Some("sellers"), None),
        (None, Some("abroad")),
    ] {
        let mut ctx = Context::new(c, "2026-06-01".parse().unwrap());
        ctx.audience = audience.map(|a| [a.to_string()].into_iter().collect());
        ctx.region = region.map(str::to_string);
        out.push(ctx);
    }
    out
}

/// The lines of the plain and Markdown templates, to shuffle into new documents.
fn plain_lines(files: &[(PathBuf, String)]) -> Vec<&str> {
    files
        .iter()
        .filter(|(p, _)| matches!(Format::from_path(p), Some(Format::Plain | Format::Markdown)))
        .flat_map(|(_, t)| t.lines())
        .collect()
}

/// The acceptance test of the pieces: over every template of the corpus and the fixtures, and
/// over documents made of their lines in a random order, judging in pieces finds exactly what
/// judging every segment whole finds.
#[test]
fn pieces_find_what_the_whole_finds() {
    let c = Catalog::default_catalog();
    let files = templates();
    assert!(files.len() > 500, "{} templates", files.len());
    for ctx in contexts(&c) {
        for (path, text) in &files {
            let doc = Document::new(text.clone(), Format::from_path(path).unwrap());
            assert_eq!(
                crate::check_explained(&doc, &ctx),
                crate::check_whole(&doc, &ctx),
                "{}",
                path.display()
            );
        }
    }
    // Documents shuffled from the lines of the plain and Markdown templates.
    let lines = plain_lines(&files);
    let mut rng = fastrand::Rng::with_seed(11);
    let ctx = Context::new(&c, "2026-06-01".parse().unwrap());
    let mut cut = 0;
    for _ in 0..60 {
        let n = 50 + rng.usize(..250);
        let text: Vec<&str> = (0..n).map(|_| lines[rng.usize(..lines.len())]).collect();
        let doc = Document::new(text.join("\n"), Format::Markdown);
        cut += pieces(&doc.text, &c.vocabulary.cues.consequence).len();
        let (pieces, whole) = (
            crate::check_explained(&doc, &ctx),
            crate::check_whole(&doc, &ctx),
        );
        if pieces != whole {
            let diff: Vec<_> = pieces
                .0
                .iter()
                .filter(|f| !whole.0.contains(f))
                .chain(whole.0.iter().filter(|f| !pieces.0.contains(f)))
                .map(|f| (f.rule, &doc.text[f.range.start..f.range.end]))
                .collect();
            panic!("pieces and whole differ: {diff:?}");
        }
    }
    assert!(cut > 600, "only {cut} pieces in the shuffled documents");
}

/// An edit re-judges only the pieces it touched, and the result is the full check's.
#[test]
fn an_edit_rejudges_only_its_piece() {
    let c = Catalog::default_catalog();
    let ctx = Context::new(&c, "2026-06-01".parse().unwrap());
    let mut text = filler(700, 7);
    let mut judged = Judged::new();
    let doc = Document::new(text.clone(), Format::Markdown);
    // The first check (the document opened) keeps nothing; the second (its first edit) keeps
    // every verdict.
    for _ in 0..2 {
        assert_eq!(
            crate::check_incremental(&doc, &ctx, &mut judged),
            crate::check_explained(&doc, &ctx)
        );
    }
    let all = judged.judged;
    assert!(all > 20, "{all} pieces");
    let mut rng = fastrand::Rng::with_seed(8);
    for step in 0..24 {
        // Type a character somewhere, or paste a wrong number, or delete a line's end.
        let mut at = rng.usize(..text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match step % 3 {
            0 => text.insert(at, 'а'),
            1 => text.insert_str(at, " 8 (800) 234-70-70 "),
            _ => {
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                text.replace_range(at..end, "");
            }
        }
        let doc = Document::new(text.clone(), Format::Markdown);
        let got = crate::check_incremental(&doc, &ctx, &mut judged);
        assert_eq!(got, crate::check_explained(&doc, &ctx), "step {step}");
        assert!(
            judged.judged <= 3,
            "step {step}: {} of {all} judged again",
            judged.judged
        );
        assert!(judged.reused + judged.judged >= all - 5);
    }
    // Another context judges everything again.
    let mut other = Context::new(&c, "2026-06-01".parse().unwrap());
    other.audience = Some(["sellers".to_string()].into_iter().collect());
    let doc = Document::new(text.clone(), Format::Markdown);
    assert_eq!(
        crate::check_incremental(&doc, &other, &mut judged),
        crate::check_explained(&doc, &other)
    );
    assert!(
        judged.judged + 5 >= all,
        "{} of {all} judged again",
        judged.judged
    );
}

/// A large segment's pieces handed to a pool (here: run last to first, as threads may finish
/// them) give what judging them in turn gives, in the same order; a small one is not handed out.
#[test]
fn spread_pieces_find_what_pieces_in_turn_find() {
    let c = Catalog::default_catalog();
    let files = templates();
    let lines = plain_lines(&files);
    let mut rng = fastrand::Rng::with_seed(5);
    let text: Vec<&str> = (0..3000).map(|_| lines[rng.usize(..lines.len())]).collect();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let backwards = |n: usize, job: &(dyn Fn(usize) -> Verdict + Sync)| {
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut out: Vec<Verdict> = (0..n).rev().map(job).collect();
        out.reverse();
        out
    };
    for ctx in contexts(&c) {
        let doc = Document::new(text.join("\n"), Format::Markdown);
        assert!(doc.text.len() > 2 * crate::SPREAD_FROM);
        let in_turn = crate::check_explained(&doc, &ctx);
        assert!(in_turn.0.len() > 40, "{} findings", in_turn.0.len());
        assert_eq!(crate::check_spread(&doc, &ctx, &backwards), in_turn);
    }
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 3);
    let small = Document::new(text[..20].join("\n"), Format::Markdown);
    let ctx = Context::new(&c, "2026-06-01".parse().unwrap());
    assert_eq!(
        crate::check_spread(&small, &ctx, &backwards),
        crate::check_explained(&small, &ctx)
    );
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 3);
}

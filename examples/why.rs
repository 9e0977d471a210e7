//! Shows how macrolint reads a sentence: its clauses (as the claim matcher sees them), the
//! catalog frames that matched, and what was reported or silenced and why.
//!
//! `cargo run --example why -- "Выделенной линии для Premium больше нет."` (or text on stdin);
//! `--audience seller,premium` and `--region abroad` set the reader.

use macrolint::catalog::{Catalog, Owner};
use macrolint::{ByteRange, Context, Document, Format, Lang, check_explained};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut take = |flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        args.remove(i);
        (i < args.len()).then(|| args.remove(i))
    };
    let audience = take("--audience");
    let region = take("--region");
    let text = if args.is_empty() {
        std::io::read_to_string(std::io::stdin()).expect("stdin")
    } else {
        args.join(" ")
    };
    let catalog = Catalog::default_catalog();
    let scan = macrolint::scan::scan(&text, ByteRange::new(0, text.len()), &catalog);
    let cut = |r: ByteRange| &text[r.start..r.end];
    for (i, view) in scan.clauses.views.iter().enumerate() {
        let c = &scan.clauses.list[i];
        let words: Vec<String> = view
            .words
            .iter()
            .zip(&view.parts)
            .map(|(&t, part)| {
                let w = cut(scan.tokens[t as usize].range).to_string();
                match part {
                    macrolint::scan::Part::Own => w,
                    other => format!("{w}[{}]", format!("{other:?}").to_lowercase()),
                }
            })
            .collect();
        println!(
            "clause {i} ({:?}{}): {}",
            c.lead,
            if c.conditional { ", condition" } else { "" },
            words.join(" ")
        );
    }
    for m in &scan.matches {
        let owner = match catalog.frames.owners[m.frame as usize] {
            Owner::Claim(i) => catalog.claims[i].id.clone(),
            Owner::ClaimExcept(i) => format!("{} (exception)", catalog.claims[i].id),
            other => format!("{other:?}"),
        };
        println!("match in clause {}: {owner}: «{}»", m.clause, cut(m.range));
    }
    let mut ctx = Context::new(&catalog, "2026-06-01".parse().expect("a date"));
    ctx.audience = audience.map(|a| a.split(',').map(str::to_string).collect());
    ctx.region = region;
    let (findings, silences) = check_explained(&Document::new(text.as_str(), Format::Plain), &ctx);
    for f in &findings {
        println!(
            "{} [{}] «{}»: {}",
            f.rule,
            f.severity,
            cut(f.range),
            f.message.get(Lang::En)
        );
    }
    for s in &silences {
        println!("silent: «{}»: {}", cut(s.range), s.message.get(Lang::En));
    }
}

//! `macrolint explain RULE|CLAIM`: what a rule means and how to fix it, or what a catalog claim
//! looks for, why it does not hold and how to reword it.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{EXIT_USAGE, LangArg, error, resolve_lang};
use macrolint::catalog::{Catalog, Claim};
use macrolint::{Lang, Rule};

#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id (removed-channel) or a claim id of the catalog (claim.premium-dedicated-line).
    rule: Option<String>,
    /// List every rule with its default severity, and the catalog's claims.
    #[arg(long)]
    list: bool,
    /// The catalog whose claims to explain (default: the embedded one).
    #[arg(long)]
    catalog: Option<PathBuf>,
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let lang = resolve_lang(args.lang, None);
    let catalog = match &args.catalog {
        Some(p) => match Catalog::from_path(p) {
            Ok(c) => std::sync::Arc::new(c),
            Err(e) => {
                error(format!("the catalog is broken:\n{e}"));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => Catalog::default_catalog(),
    };
    if args.list || args.rule.is_none() {
        for r in Rule::ALL {
            println!(
                "{:<20} {:<8} {}",
                r.id(),
                r.default_severity().as_str(),
                r.summary(lang)
            );
        }
        println!();
        for c in &catalog.claims {
            println!("{:<36} {}", c.id, c.rule);
        }
        return ExitCode::SUCCESS;
    }
    let id = args.rule.unwrap_or_default();
    if let Some(claim) = catalog.claims.iter().find(|c| c.id == id) {
        print!("{}", claim_text(&catalog, claim, lang));
        return ExitCode::SUCCESS;
    }
    match id.parse::<Rule>() {
        Ok(r) => {
            println!(
                "{} ({})\n\n{}",
                r.id(),
                r.default_severity(),
                r.explain(lang)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            error(format!(
                "{e}; or name a claim of the catalog (`macrolint explain --list`)"
            ));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A claim explained: its rule, its note, its rewrite, the words its frames look for, and its
/// examples.
fn claim_text(catalog: &Catalog, c: &Claim, lang: Lang) -> String {
    let t = |ru: &'static str, en: &'static str| match lang {
        Lang::Ru => ru,
        Lang::En => en,
    };
    let mut out = format!("{} ({})\n\n", c.id, c.rule);
    if let Some(note) = c.note.get(lang) {
        out.push_str(&format!("{note}\n\n"));
    }
    if let Some(rewrite) = c.rewrite.get(lang) {
        out.push_str(&format!(
            "{} «{rewrite}»\n\n",
            t("Можно переписать так:", "It could read:")
        ));
    }
    out.push_str(t(
        "Ищет в одном предложении (по словам и их формам):\n",
        "Looks for, within one clause (words in any inflection):\n",
    ));
    for &f in &c.frames {
        let frame = &catalog.frames.frames[f as usize];
        let slots: Vec<String> = frame
            .slots
            .iter()
            .map(|s| {
                let shown: Vec<&str> = s.written.iter().take(6).map(String::as_str).collect();
                let more = if s.written.len() > 6 { ", …" } else { "" };
                format!("[{}{more}]", shown.join(", "))
            })
            .collect();
        out.push_str(&format!("  {}\n", slots.join(" + ")));
    }
    if !c.phrases.patterns.is_empty() {
        for p in &c.phrases.patterns {
            out.push_str(&format!("  /{}/\n", p.source));
        }
    }
    out.push_str(t(
        "\nНе сообщается, если слова отрицаются («нет», «больше не», \"no longer\"), речь о прошлом («раньше», \"used to\") или совпало исключение.\n",
        "\nNot reported when the words are negated («нет», «больше не», \"no longer\"), speak of the past («раньше», \"used to\"), or an exception matches.\n",
    ));
    let examples = |title: &str, list: &[macrolint::catalog::ClaimExample]| {
        let mut s = format!("\n{title}\n");
        for ex in list.iter().take(6) {
            s.push_str(&format!("  {}\n", ex.text));
        }
        s
    };
    out.push_str(&examples(t("Сообщается:", "Reported:"), &c.flags));
    out.push_str(&examples(t("Не сообщается:", "Not reported:"), &c.passes));
    out
}

//! `macrolint explain RULE`: what a rule means and how to fix it.

use clap::Args;
use std::process::ExitCode;

use super::{EXIT_USAGE, LangArg, error, resolve_lang};
use macrolint::Rule;

#[derive(Args)]
pub struct ExplainArgs {
    /// The rule id (e.g. removed-channel).
    rule: Option<String>,
    /// List every rule with its default severity.
    #[arg(long)]
    list: bool,
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let lang = resolve_lang(args.lang, None);
    if args.list || args.rule.is_none() {
        for r in Rule::ALL {
            println!(
                "{:<20} {:<8} {}",
                r.id(),
                r.default_severity().as_str(),
                r.summary(lang)
            );
        }
        return ExitCode::SUCCESS;
    }
    let id = args.rule.unwrap_or_default();
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
            error(e);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

//! `macrolint usage CHANNEL_ID [PATHS]`: every template and line that uses a channel, by any
//! written form, placeholder or claim mention; for the catalog keeper about to retire it.

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;
use std::process::ExitCode;

use super::files::{self, Selection};
use super::{EXIT_USAGE, error};
use macrolint::report::printable;
use macrolint::source::LineIndex;
use macrolint::workspace::Resolver;
use macrolint::{UseKind, uses};

#[derive(Args)]
pub struct UsageArgs {
    /// The channel id (e.g. phone.moscow).
    channel: String,
    #[command(flatten)]
    sel: Selection,
    #[arg(long, value_enum, default_value = "human")]
    format: UsageFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum UsageFormat {
    Human,
    Json,
}

/// Characters of a use's line shown on each side of it: a one-line export of megabytes prints
/// a window per use (with `…` where the line goes on), not the whole line each time.
const LINE_CONTEXT: usize = 80;

#[derive(Serialize)]
struct Use {
    path: String,
    line: usize,
    column: usize,
    kind: UseKind,
    text: String,
    line_text: String,
}

#[derive(Serialize)]
struct Report<'a> {
    channel: &'a str,
    uses: Vec<Use>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_with_uses: usize,
    uses: usize,
    /// Files that could not be read, so were not searched.
    unreadable: usize,
}

pub fn run(args: UsageArgs) -> ExitCode {
    let resolver = Resolver::new(args.sel.catalog.clone());
    let jobs = match files::collect_or_exit(&args.sel, &resolver) {
        Ok(j) => j,
        Err(code) => return code,
    };
    if let Some(job) = jobs
        .iter()
        .find(|j| j.catalog.channel(&args.channel).is_none())
    {
        let nearest = job
            .catalog
            .channels
            .iter()
            .map(|c| {
                (
                    strsim::damerau_levenshtein(c.id.as_str(), &args.channel),
                    c.id.as_str(),
                )
            })
            .min()
            .map(|(_, id)| format!("; did you mean `{id}`?"))
            .unwrap_or_default();
        error(format!(
            "the catalog has no channel `{}`{nearest}",
            args.channel
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    let unreadable = std::sync::atomic::AtomicUsize::new(0);
    let per_file: Vec<Vec<Use>> = jobs
        .par_iter()
        .map(|job| {
            let read = match files::read(job) {
                Ok(r) => r,
                Err(m) => {
                    // A file that cannot be read may use the channel: never a silent zero.
                    unreadable.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    eprintln!(
                        "macrolint: warning: {}: not searched: {}",
                        printable(&job.shown),
                        m.en
                    );
                    return Vec::new();
                }
            };
            let doc = job.document(read);
            let lines = LineIndex::new(&doc.text);
            uses(&doc, &job.catalog)
                .into_iter()
                .filter(|u| u.channel.as_str() == args.channel)
                .map(|u| {
                    let (line, column) = lines.position(&doc.text, u.range.start);
                    Use {
                        path: job.shown.clone(),
                        line,
                        column,
                        kind: u.kind,
                        text: doc.text[u.range.start..u.range.end].to_string(),
                        line_text: lines
                            .window(&doc.text, u.range.start..u.range.end, LINE_CONTEXT)
                            .quoted()
                            .trim()
                            .to_string(),
                    }
                })
                .collect()
        })
        .collect();
    let summary = Summary {
        files: jobs.len(),
        files_with_uses: per_file.iter().filter(|u| !u.is_empty()).count(),
        uses: per_file.iter().map(Vec::len).sum(),
        unreadable: unreadable.into_inner(),
    };
    let all: Vec<Use> = per_file.into_iter().flatten().collect();
    match args.format {
        UsageFormat::Json => {
            let report = Report {
                channel: &args.channel,
                uses: all,
                summary,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("plain data")
            );
        }
        UsageFormat::Human => {
            for u in &all {
                let kind = match u.kind {
                    UseKind::Contact => "contact",
                    UseKind::Placeholder => "placeholder",
                    UseKind::Mention => "mention",
                };
                println!(
                    "{}:{}:{}: {kind}: {}",
                    printable(&u.path),
                    u.line,
                    u.column,
                    printable(&u.line_text)
                );
            }
            println!(
                "{}: {} use(s) in {} of {} file(s){}",
                args.channel,
                summary.uses,
                summary.files_with_uses,
                summary.files,
                match summary.unreadable {
                    0 => String::new(),
                    n => format!("; {n} file(s) could not be read"),
                }
            );
        }
    }
    ExitCode::SUCCESS
}

//! `macrolint fix [PATHS]`: applies safe fixes (`--unsafe`: all), never corrupting a file.
//!
//! Each file is written atomically (a temporary file in the same folder, then a rename), with
//! its permissions kept; a file that changed on disk since it was read, or is read-only, is
//! refused rather than overwritten. Only the bytes a fix names change, so line endings and a
//! byte-order mark stay as they were.

use clap::Args;
use rayon::prelude::*;
use std::io::Write;
use std::process::ExitCode;

use super::EXIT_FINDINGS;
use super::files::{self, Job, Selection};
use macrolint::check;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::workspace::Resolver;

#[derive(Args)]
pub struct FixArgs {
    #[command(flatten)]
    sel: Selection,
    /// Also apply unsafe fixes (successors, nearest channels): reread the sentences after.
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print a unified diff instead of writing the files.
    #[arg(long)]
    diff: bool,
}

/// Fixes can make new ones possible (an overlapping edit is left for the next pass), so a file
/// is fixed until nothing changes, at most this many times.
const MAX_PASSES: usize = 4;

/// What happened to one file.
enum Outcome {
    Unchanged,
    Fixed { new: String, edits: usize },
    Failed(String),
}

pub fn run(args: FixArgs) -> ExitCode {
    let resolver = Resolver::new(args.sel.catalog.clone());
    let jobs = match files::collect_or_exit(&args.sel, &resolver) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let safety = if args.unsafe_fixes {
        Safety::All
    } else {
        Safety::SafeOnly
    };
    let outcomes: Vec<(Outcome, Option<String>)> = jobs
        .par_iter()
        .map(|job| fix_one(job, &args, safety))
        .collect();

    let mut failed = 0;
    let mut fixed_files = 0;
    let mut fixed_edits = 0;
    let mut stdout = std::io::stdout().lock();
    for (job, (outcome, read)) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Unchanged => {}
            Outcome::Failed(msg) => {
                failed += 1;
                eprintln!("macrolint: {}: {msg}", job.shown);
            }
            Outcome::Fixed { new, edits } => {
                let old = read.unwrap_or_default();
                if args.diff {
                    let diff = similar::TextDiff::from_lines(&old, &new);
                    let _ = write!(
                        stdout,
                        "{}",
                        diff.unified_diff().header(&job.shown, &job.shown)
                    );
                    fixed_files += 1;
                    fixed_edits += edits;
                    continue;
                }
                match macrolint::disk::replace_if_unchanged(&job.path, &old, &new) {
                    Ok(()) => {
                        fixed_files += 1;
                        fixed_edits += edits;
                    }
                    Err(msg) => {
                        failed += 1;
                        eprintln!("macrolint: {}: {msg}", job.shown);
                    }
                }
            }
        }
    }
    let verb = if args.diff { "would fix" } else { "fixed" };
    eprintln!(
        "macrolint: {verb} {fixed_edits} finding(s) in {fixed_files} file(s); {failed} file(s) not fixed"
    );
    if failed > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn fix_one(job: &Job, args: &FixArgs, safety: Safety) -> (Outcome, Option<String>) {
    let read = match files::read(job) {
        Ok(r) => r,
        Err(m) => return (Outcome::Failed(m.en), None),
    };
    let ctx = job.context(&job.catalog, args.sel.as_of);
    let mut text = read.clone();
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let doc = job.document(text.clone());
        let findings = check(&doc, &ctx);
        let edits = edits_for(&findings, safety);
        if edits.is_empty() {
            break;
        }
        match apply(&text, &edits) {
            Ok(new) if new != text => {
                total += macrolint::fix::fixed_count(&findings, &edits, safety);
                text = new;
            }
            Ok(_) => break,
            Err(e) => {
                return (
                    Outcome::Failed(format!(
                        "a fix could not be applied ({e}); the file was not changed"
                    )),
                    Some(read),
                );
            }
        }
    }
    if text == read {
        (Outcome::Unchanged, Some(read))
    } else {
        (
            Outcome::Fixed {
                new: text,
                edits: total,
            },
            Some(read),
        )
    }
}

//! `macrolint fix [PATHS]`: applies safe fixes (`--unsafe`: all), never corrupting a file.
//!
//! Each file is written atomically (a temporary file in the same folder, then a rename), with
//! its permissions kept; a file that changed on disk since it was read, or is read-only, is
//! refused rather than overwritten, and so is a symlink to a file outside the tree the file was
//! found in. Only the bytes a fix names change, so line endings and a byte-order mark stay as
//! they were. The file is replaced, not rewritten in place: see `disk::replace_if_unchanged`.

use clap::Args;
use rayon::prelude::*;
use std::io::Write;
use std::process::ExitCode;

use super::EXIT_FINDINGS;
use super::files::{self, Job, Selection};
use macrolint::check;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::report::printable;
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
    // Before any other thread starts: Ctrl-C and SIGTERM remove a temporary file in flight.
    macrolint::cleanup::on_interrupt();
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
    // `{{dc.<name>}}` placeholders are judged against the Dynamic Content the run's exports
    // define, as in `check`.
    let dc = files::gather_dynamic_content(&jobs, args.sel.as_of);
    let outcomes: Vec<(Outcome, Option<String>)> = jobs
        .par_iter()
        .map(|job| fix_one(job, &args, safety, dc.as_ref()))
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
                eprintln!("macrolint: {}: {msg}", printable(&job.shown));
            }
            Outcome::Fixed { new, edits } => {
                let old = read.unwrap_or_default();
                if args.diff {
                    let diff = similar::TextDiff::from_lines(&old, &new);
                    let _ = write!(
                        stdout,
                        "{}",
                        diff.unified_diff()
                            .header(&printable(&job.shown), &printable(&job.shown))
                    );
                    fixed_files += 1;
                    fixed_edits += edits;
                    continue;
                }
                let written = macrolint::disk::Root::new(&job.root)
                    .map_err(|e| macrolint::disk::Refused::Io {
                        path: job.root.clone(),
                        what: "cannot resolve the folder",
                        source: e,
                    })
                    .and_then(|root| {
                        macrolint::disk::replace_if_unchanged(&root, &job.path, &old, &new)
                    });
                match written {
                    Ok(()) => {
                        fixed_files += 1;
                        fixed_edits += edits;
                    }
                    Err(msg) => {
                        failed += 1;
                        eprintln!("macrolint: {}: {msg}", printable(&job.shown));
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

fn fix_one(
    job: &Job,
    args: &FixArgs,
    safety: Safety,
    dc: Option<&macrolint::DynamicContent>,
) -> (Outcome, Option<String>) {
    let read = match files::read(job) {
        Ok(r) => r,
        Err(m) => return (Outcome::Failed(m.en), None),
    };
    let mut ctx = job.context(&job.catalog, args.sel.as_of);
    ctx.dynamic_content = dc;
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
    } else if let Some(why) = breaks_the_format(job, &read, &text) {
        (
            Outcome::Failed(format!(
                "the fixes would break the file ({why}); the file was not changed"
            )),
            Some(read),
        )
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

/// Why `fixed` no longer reads like `read` did (a syntax error, macros or bodies gone), if it
/// does not: the last check before a fix is written, so that a replacement its container could
/// not hold (a plain YAML scalar has no escape for `: `) never breaks a file.
fn breaks_the_format(job: &Job, read: &str, fixed: &str) -> Option<String> {
    let before = job.document(read.to_string());
    let after = job.document(fixed.to_string());
    if let (None, Some((_, why))) = (&before.error, &after.error) {
        return Some(format!("it would no longer parse: {why}"));
    }
    if after.units.len() != before.units.len() || after.segments.len() != before.segments.len() {
        return Some(format!(
            "it would hold {} macros and {} bodies instead of {} and {}",
            after.units.len(),
            after.segments.len(),
            before.units.len(),
            before.segments.len()
        ));
    }
    None
}

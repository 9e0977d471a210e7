//! `macrolint render [PATHS]`: expands `{{contact.<id>}}` placeholders to the catalog's text, so
//! a team can keep placeholders in git and paste or sync literal text into the helpdesk.
//!
//! A placeholder that cannot be expanded truthfully (unknown id, a removed or unavailable
//! channel, one with no text, one for another audience) is an error, never silent; such a file
//! is not written.

use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::files::{self, Job, Selection};
use super::{EXIT_FINDINGS, EXIT_USAGE, error};
use macrolint::report::printable;
use macrolint::scan::placeholder;
use macrolint::source::LineIndex;
use macrolint::workspace::Resolver;
use macrolint::{Edit, fix};

#[derive(Args)]
pub struct RenderArgs {
    #[command(flatten)]
    sel: Selection,
    /// Write each rendered file under this folder (same relative path) instead of printing it.
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// Keep the front matter (by default it is dropped: it is for macrolint, not customers).
    #[arg(long)]
    keep_front_matter: bool,
}

pub fn run(args: RenderArgs) -> ExitCode {
    macrolint::cleanup::on_interrupt();
    let resolver = Resolver::new(args.sel.catalog.clone());
    let jobs = match files::collect_or_exit(&args.sel, &resolver) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let out_root = match &args.out_dir {
        Some(dir) => match output_root(dir) {
            Ok(r) => Some(r),
            Err(e) => {
                error(e);
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let mut failed = false;
    let many = jobs.len() > 1;
    for job in &jobs {
        match render_one(job, &args) {
            Ok(text) => {
                if let (Some(dir), Some(root)) = (&args.out_dir, &out_root) {
                    let dest = dir.join(relative(&job.path, &args.sel.paths));
                    if let Err(e) = macrolint::disk::write(root, &dest, text.as_bytes()) {
                        error(format!(
                            "{}: cannot write {}: {}",
                            printable(&job.shown),
                            printable(&dest.display().to_string()),
                            printable(&e.to_string())
                        ));
                        failed = true;
                    }
                } else if many {
                    println!("==> {} <==\n{text}", printable(&job.shown));
                } else {
                    print!("{text}");
                }
            }
            Err(problems) => {
                failed = true;
                for p in problems {
                    eprintln!("macrolint: error: {}:{p}", printable(&job.shown));
                }
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The output folder, made if it does not exist. It is where every rendered file must land:
/// a link inside it is never followed out of it. The folder itself must not be a link (a
/// repository can plant one where a CI job renders to).
fn output_root(dir: &Path) -> Result<macrolint::disk::Root, String> {
    if dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(format!(
            "{}: the output folder is a symlink; give the folder it points to, or another one",
            printable(&dir.display().to_string())
        ));
    }
    std::fs::create_dir_all(dir)
        .and_then(|()| macrolint::disk::Root::new(dir))
        .map_err(|e| format!("{}: cannot create the output folder: {e}", dir.display()))
}

/// Where a file goes under `--out-dir`: its path below the folder argument it was found in,
/// else its file name.
fn relative(path: &Path, args: &[PathBuf]) -> PathBuf {
    args.iter()
        .filter(|a| a.is_dir())
        .find_map(|a| path.strip_prefix(a).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            path.file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| path.to_path_buf())
        })
}

/// The rendered text, or every placeholder that cannot be expanded (`line:column: why`).
fn render_one(job: &Job, args: &RenderArgs) -> Result<String, Vec<String>> {
    let read = files::read(job).map_err(|m| vec![format!("1:1: {}", m.en)])?;
    let catalog = &job.catalog;
    let ctx = job.context(catalog, args.sel.as_of);
    let doc = job.document(read);
    let audience = doc
        .front_matter
        .audience
        .clone()
        .or(ctx.audience.clone())
        .filter(|a| !a.is_empty());
    let lines = LineIndex::new(&doc.text);
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    for seg in &doc.segments {
        let (_, placeholders) = placeholder::find(&seg.text);
        for p in placeholders {
            let range = seg.to_file(p.range);
            let (line, column) = lines.position(&doc.text, range.start);
            let mut problem = |why: String| {
                problems.push(format!("{line}:{column}: {{{{contact.{}}}}}: {why}", p.id))
            };
            let Some(c) = catalog.channel(&p.id) else {
                problem("no such channel in the catalog".into());
                continue;
            };
            let status = c.status_on(ctx.as_of);
            if status.is_outdated() {
                problem(format!(
                    "the channel is {} as of {}",
                    status.as_str(),
                    ctx.as_of
                ));
                continue;
            }
            let Some(value) = &c.value else {
                problem("the channel has no text to insert".into());
                continue;
            };
            let audiences = &ctx.catalog.audiences;
            if let Some(a) = &audience
                && audiences.fit(&c.audience, a) == macrolint::catalog::Fit::Other
            {
                problem(format!(
                    "the channel is {}, and this template is {}",
                    audiences.for_whom(&c.audience, macrolint::Lang::En),
                    audiences.for_whom(a, macrolint::Lang::En)
                ));
                continue;
            }
            let mut edit = Edit {
                range: p.range,
                replacement: value.clone(),
            };
            if !seg.write_back(&mut edit) {
                problem(format!(
                    "{value:?} cannot be written into this spot of the file as it is (a plain YAML scalar cannot hold `: ` or ` #`, a flow collection `,` or brackets); quote the value"
                ));
                continue;
            }
            edits.push(edit);
        }
    }
    edits.sort_by_key(|e: &Edit| e.range);
    if !problems.is_empty() {
        return Err(problems);
    }
    let rendered = fix::apply(&doc.text, &edits).map_err(|e| vec![format!("1:1: {e}")])?;
    let start = if args.keep_front_matter {
        0
    } else {
        doc.body.start
    };
    Ok(rendered[start..].to_string())
}

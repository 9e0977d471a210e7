//! `macrolint check [PATHS]`: walk, read, check in parallel, report in a deterministic order.

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::files::{self, Job, Selection};
use super::{DenyArg, EXIT_FINDINGS, EXIT_USAGE, LangArg, error, resolve_lang};
use macrolint::baseline::Baseline;
use macrolint::report::{
    CatalogRef, CheckedFile, Options, Summary, github, gitlab, human, json, sarif,
};
use macrolint::source::decode;
use macrolint::workspace::Resolver;
use macrolint::{Format, Rule, Severity};

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    sel: Selection,
    /// Language of messages (default: from macrolint.toml, else the locale).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    output_file: Option<PathBuf>,
    /// Check standard input as if it were this file (its folder's macrolint.toml applies).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "error")]
    deny: DenyArg,
    /// Report only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_parser = parse_rule)]
    select: Vec<Rule>,
    /// Never report these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_parser = parse_rule)]
    ignore: Vec<Rule>,
    /// Report only findings that are not in this baseline file.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and exit 0).
    #[arg(long)]
    write_baseline: Option<PathBuf>,
    /// Check only shard K of N (1-based), split by a hash of each path: for CI matrices.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Never show the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Also say what was not reported and why: the negation, history cue or exception that
    /// silenced a claim or a contact (human format).
    #[arg(long)]
    explain_silence: bool,
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let err = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(err)?;
    let (k, n): (u64, u64) = (
        k.trim().parse().map_err(|_| err())?,
        n.trim().parse().map_err(|_| err())?,
    );
    if n == 0 || k == 0 || k > n {
        return Err(err());
    }
    Ok((k, n))
}

/// The shard (0-based) a path belongs to among `n`: FNV-1a of the path as shown, so every
/// runner of a CI matrix computes the same split without coordinating.
fn shard_of(path: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % n
}

fn parse_rule(s: &str) -> Result<Rule, String> {
    s.trim().parse::<Rule>().map_err(|e| e.to_string())
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    /// rustc-style snippets and a summary line.
    Human,
    /// The versioned JSON report (see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality JSON: findings in the merge request widget.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Progress is worth showing only when a run is long enough to wonder about.
const PROGRESS_MIN_FILES: usize = 500;

pub fn run(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    if args.output_file.is_some() || args.write_baseline.is_some() {
        // A report or baseline is written through a temporary file: removed on Ctrl-C.
        macrolint::cleanup::on_interrupt();
    }
    let resolver = Resolver::new(args.sel.catalog.clone());

    let (jobs, stdin_text) = match &args.stdin_filename {
        Some(name) => {
            if !args.sel.paths.is_empty() {
                error("--stdin-filename checks standard input; give no paths with it");
                return ExitCode::from(EXIT_USAGE);
            }
            match stdin_job(name, &resolver, args.sel.max_file_size) {
                Ok((job, text)) => (vec![job], Some(text)),
                Err(msg) => {
                    error(msg);
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
        None => match files::collect(&args.sel, &resolver) {
            Ok(jobs) => (jobs, None),
            Err(msg) => {
                error(msg);
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let jobs: Vec<Job> = match args.shard {
        Some((k, n)) => jobs
            .into_iter()
            .filter(|j| shard_of(&j.shown, n) == k - 1)
            .collect(),
        None => jobs,
    };
    let baseline = match &args.baseline {
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Baseline>(&t).map_err(|e| e.to_string()))
        {
            Ok(b) => Some(b),
            Err(e) => {
                error(format!("{}: cannot read the baseline: {e}", p.display()));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };

    let lang = resolve_lang(
        args.lang,
        jobs.first()
            .and_then(|j| j.config.as_ref())
            .and_then(|c| c.lang),
    );
    let progress = if !args.no_progress
        && args.format == OutputFormat::Human
        && jobs.len() >= PROGRESS_MIN_FILES
        && std::io::stderr().is_terminal()
    {
        let pb =
            ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .expect("valid template"),
        );
        pb
    } else {
        ProgressBar::hidden()
    };

    let color = args.output_file.is_none()
        && match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
    let opts = Options { lang, color };
    // A report file lands whole when the run ends (a temporary file until then).
    let mut report_file = match &args.output_file {
        Some(path) => match output(path) {
            Ok(f) => Some(std::io::BufWriter::new(f)),
            Err(e) => {
                error(format!("{}: cannot write the report: {e}", path.display()));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let sink: &mut dyn Write = match &mut report_file {
        Some(f) => f,
        None => &mut stdout,
    };

    // Files are checked in parallel a chunk at a time and written in order as each chunk is
    // done, so memory holds one chunk, not the corpus. SARIF and GitLab reports are single
    // JSON documents built at the end; they keep every file with findings.
    let streaming = matches!(
        args.format,
        OutputFormat::Human | OutputFormat::Json | OutputFormat::Github
    );
    let (mut json_stream, head) = json::Stream::begin(opts);
    if args.format == OutputFormat::Json
        && args.write_baseline.is_none()
        && sink.write_all(head.as_bytes()).is_err()
    {
        return ExitCode::from(EXIT_FINDINGS);
    }
    let mut written = String::new();
    let mut summary = Summary::default();
    for job in &jobs {
        summary.note_catalog(CatalogRef::of(&job.catalog));
    }
    let mut kept: Vec<CheckedFile> = Vec::new();
    let mut recorded = Baseline {
        version: 1,
        findings: Vec::new(),
    };
    let mut denied = false;
    let deny: Severity = args.deny.into();
    if args.explain_silence && args.format != OutputFormat::Human {
        error(
            "--explain-silence explains in the human format: leave out --format or use --format human",
        );
        return ExitCode::from(EXIT_USAGE);
    }
    // What the files held: (templates read, no template text at all), per file.
    let read_counts: std::sync::Mutex<Vec<(usize, bool)>> = std::sync::Mutex::new(Vec::new());
    // The workspace's Dynamic Content: the items its exports define and who uses them.
    let dc = files::gather_dynamic_content(&jobs, args.sel.as_of);
    for chunk in jobs.chunks(CHUNK) {
        let (mut results, silenced): (Vec<CheckedFile>, Vec<Vec<macrolint::Silence>>) = chunk
            .par_iter()
            .map(|job| {
                let one = check_one(job, &args, stdin_text.as_ref(), dc.as_ref());
                progress.inc(1);
                one
            })
            .map(|one| {
                read_counts
                    .lock()
                    .expect("no panics hold it")
                    .push(one.read);
                (one.file, one.silences)
            })
            .unzip();
        for (templates, no_text) in read_counts.lock().expect("no panics hold it").drain(..) {
            summary.templates += templates;
            summary.files_without_text += usize::from(no_text);
        }
        if args.write_baseline.is_some() {
            recorded
                .findings
                .extend(Baseline::record(&results).findings);
            continue;
        }
        if let Some(b) = &baseline {
            b.filter(&mut results);
        }
        summary.add(&Summary::of(&results));
        denied |= results
            .iter()
            .flat_map(|f| &f.findings)
            .any(|f| f.severity >= deny);
        match args.format {
            OutputFormat::Json => {
                for f in &results {
                    if json_stream.write_file(f, sink).is_err() {
                        // A closed pipe (`| head`): nothing more to say.
                        return ExitCode::from(EXIT_FINDINGS);
                    }
                }
            }
            OutputFormat::Human if args.explain_silence => {
                for (file, silences) in results.iter().zip(&silenced) {
                    written.push_str(&human::render(std::slice::from_ref(file), opts));
                    written.push_str(&human::silences(file, silences, opts));
                }
            }
            OutputFormat::Human => written.push_str(&human::render(&results, opts)),
            OutputFormat::Github => written.push_str(&github::render(&results, opts)),
            OutputFormat::Sarif | OutputFormat::Gitlab => {
                kept.extend(results.into_iter().filter(|f| !f.findings.is_empty()))
            }
        }
        if streaming && sink.write_all(written.as_bytes()).is_err() {
            // A closed pipe (`| head`): nothing more to say.
            return ExitCode::from(EXIT_FINDINGS);
        }
        written.clear();
    }
    progress.finish_and_clear();

    if let Some(path) = &args.write_baseline {
        recorded.findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        let text = serde_json::to_string_pretty(&recorded).expect("plain data") + "\n";
        let written = output(path).and_then(|mut f| {
            f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
            f.commit().map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            error(format!(
                "{}: cannot write the baseline: {e}",
                path.display()
            ));
            return ExitCode::from(EXIT_USAGE);
        }
        eprintln!(
            "macrolint: recorded {} findings in {}",
            recorded.findings.len(),
            path.display()
        );
        return ExitCode::SUCCESS;
    }

    let tail = match args.format {
        OutputFormat::Json => json_stream.finish(&summary),
        OutputFormat::Human => human::summary(&summary, started.elapsed().as_secs_f64(), lang),
        OutputFormat::Github => String::new(),
        OutputFormat::Sarif => sarif::render_for(&kept, opts, &summary),
        OutputFormat::Gitlab => gitlab::render(&kept, opts),
    };
    if sink
        .write_all(tail.as_bytes())
        .and_then(|()| sink.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_FINDINGS);
    }
    if let Some(f) = report_file {
        let committed = f
            .into_inner()
            .map_err(|e| e.error().to_string())
            .and_then(|f| f.commit().map_err(|e| e.to_string()));
        if let Err(e) = committed {
            error(format!("cannot write the report: {e}"));
            return ExitCode::from(EXIT_USAGE);
        }
    }

    if denied {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files checked in parallel before their reports are written.
const CHUNK: usize = 64;

/// The job for `--stdin-filename NAME`: NAME decides the format and the config, standard input
/// gives the text, read like a file of that name: at most its `max-file-size` (standard input
/// had no limit: `< /dev/zero` grew to gigabytes), over it an `io-error`.
fn stdin_job(
    name: &std::path::Path,
    resolver: &Resolver,
    max_file_size: Option<u64>,
) -> Result<(Job, Result<String, macrolint::Message>), String> {
    let config = resolver
        .config_for(name)
        .map_err(|e| format!("the config is broken:\n{e}"))?;
    let catalog = resolver
        .catalog_for(config.as_deref())
        .map_err(|e| format!("the catalog is broken:\n{e}"))?;
    let job = Job {
        path: name.to_path_buf(),
        shown: files::shown(name),
        format: Some(Format::from_path(name).unwrap_or(Format::Plain)),
        config,
        catalog,
        root: std::path::PathBuf::from("."),
        unreadable: None,
        explicit: true,
        max_file_size,
    };
    let max = job.max_size();
    let text = match macrolint::disk::read_limited(std::io::stdin().lock(), max, name) {
        Ok(bytes) => Ok(decode(bytes).map_err(|e| format!("standard input: {e}"))?),
        Err(macrolint::disk::Refused::TooLarge { .. }) => Err(macrolint::Message::new(
            format!("Стандартный ввод больше max-file-size ({max} байт); не проверен."),
            format!("Standard input is over max-file-size ({max} bytes); not checked."),
        )),
        Err(e) => return Err(format!("cannot read standard input: {e}")),
    };
    Ok((job, text))
}

/// Where a report or baseline named on the command line is written: through the one guarded
/// write, inside its own folder, so a link planted at that name is replaced, not followed.
fn output(path: &std::path::Path) -> Result<macrolint::disk::Staged, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let root = macrolint::disk::Root::new(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    macrolint::disk::stage(&root, path, macrolint::disk::AtLink::Replace).map_err(|e| e.to_string())
}

/// One file checked.
struct One {
    /// The report's view of it.
    file: CheckedFile,
    /// What was silenced (with `--explain-silence`).
    silences: Vec<macrolint::Silence>,
    /// Templates read in it, and whether it held no template text at all.
    read: (usize, bool),
}

fn check_one(
    job: &Job,
    args: &CheckArgs,
    stdin_text: Option<&Result<String, macrolint::Message>>,
    dc: Option<&macrolint::DynamicContent>,
) -> One {
    let mut ctx = job.context(&job.catalog, args.sel.as_of);
    ctx.dynamic_content = dc;
    if !args.select.is_empty() {
        for rule in Rule::ALL {
            if !args.select.contains(rule) {
                ctx.levels.insert(*rule, None);
            }
        }
    }
    for rule in &args.ignore {
        ctx.levels.insert(*rule, None);
    }
    let read = match stdin_text {
        Some(t) => t.clone().map_err(|message| files::Unread {
            message,
            prefix: String::new(),
        }),
        None => files::read_checked(job),
    };
    let text = match read {
        Ok(text) => text,
        Err(unread) => {
            // The text before the offending byte: the report then shows the line and
            // column the message names.
            let at = unread.prefix.len();
            let file = CheckedFile {
                path: job.shown.clone(),
                findings: files::io_finding_at(unread.message, at, &ctx),
                text: unread.prefix,
            };
            return One {
                file,
                silences: Vec::new(),
                read: (0, false),
            };
        }
    };
    let doc = job.document(text);
    // A large export is checked a run of bodies at a time, on every core.
    let (findings, mut silences) = macrolint::parts::check_parallel(&doc, &ctx);
    if !args.explain_silence {
        silences.clear();
    }
    let read = (doc.templates(), doc.error.is_none() && doc.has_no_text());
    let file = CheckedFile {
        path: job.shown.clone(),
        text: doc.text,
        findings,
    };
    One {
        file,
        silences,
        read,
    }
}

//! `macrolint check [PATHS]`: walk, read, check in parallel, report in a deterministic order.

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use super::{DenyArg, EXIT_FINDINGS, EXIT_USAGE, LangArg, error, resolve_lang};
use macrolint::config::{Config, DEFAULT_MAX_FILE_SIZE};
use macrolint::report::{CheckedFile, Options, Summary, human, json};
use macrolint::source::decode;
use macrolint::workspace::Resolver;
use macrolint::{ByteRange, Context, Document, Finding, Format, Message, Rule, Severity};

#[derive(Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder).
    paths: Vec<PathBuf>,
    /// Catalog file to use instead of the one macrolint.toml names (or the embedded default).
    #[arg(long)]
    catalog: Option<PathBuf>,
    /// Judge dates as of this day (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Language of messages (default: from macrolint.toml, else LANG).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "error")]
    deny: DenyArg,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Never show the progress bar.
    #[arg(long)]
    no_progress: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD): {e}"))
}

/// One file to check and what governs it.
struct Job {
    path: PathBuf,
    shown: String,
    format: Format,
    config: Option<Arc<Config>>,
}

/// Progress is worth showing only when a run is long enough to wonder about.
const PROGRESS_MIN_FILES: usize = 500;

pub fn run(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let resolver = Resolver::new(args.catalog.clone());
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let mut jobs = Vec::new();
    for p in &paths {
        if !p.exists() && p.symlink_metadata().is_err() {
            error(format!("{}: no such file or folder", p.display()));
            return ExitCode::from(EXIT_USAGE);
        }
        match collect(p, &resolver, &mut jobs) {
            Ok(()) => {}
            Err(msg) => {
                error(msg);
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    jobs.sort_by(|a, b| a.shown.cmp(&b.shown));
    jobs.dedup_by(|a, b| a.path == b.path);

    // Catalogs load before the parallel part, so a broken one stops the run once, clearly.
    let mut catalogs = Vec::with_capacity(jobs.len());
    for job in &jobs {
        match resolver.catalog_for(job.config.as_deref()) {
            Ok(c) => catalogs.push(c),
            Err(e) => {
                error(format!("the catalog is broken:\n{e}"));
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let first_config = jobs.first().and_then(|j| j.config.clone());
    let lang = resolve_lang(args.lang, first_config.as_ref().and_then(|c| c.lang));
    let today = jiff::ZonedDateTime::now().date();

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

    let results: Vec<CheckedFile> = jobs
        .par_iter()
        .zip(catalogs.par_iter())
        .map(|(job, catalog)| {
            let file = check_one(
                job,
                catalog,
                args.as_of
                    .or(job.config.as_ref().and_then(|c| c.as_of))
                    .unwrap_or(today),
            );
            progress.inc(1);
            file
        })
        .collect();
    progress.finish_and_clear();

    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let opts = Options { lang, color };
    let summary = Summary::of(&results);
    let out = match args.format {
        OutputFormat::Json => json::render(&results, opts),
        OutputFormat::Human => {
            let mut s = human::render(&results, opts);
            s.push_str(&human::summary(
                &summary,
                started.elapsed().as_secs_f64(),
                lang,
            ));
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // A closed pipe (`| head`): nothing more to say.
        return ExitCode::from(EXIT_FINDINGS);
    }

    let deny: Severity = args.deny.into();
    if results
        .iter()
        .flat_map(|f| &f.findings)
        .any(|f| f.severity >= deny)
    {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// How a path is shown: as given, without a leading `./`.
fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Adds the files under `p` (or `p` itself) to `jobs`. A file named on the command line is
/// always checked (as plain text if its extension is unknown); files found by walking must have
/// a template extension, pass `.gitignore` and the config's include/exclude.
fn collect(p: &Path, resolver: &Resolver, jobs: &mut Vec<Job>) -> Result<(), String> {
    if !p.is_dir() {
        let config = resolver
            .config_for(p)
            .map_err(|e| format!("the config is broken:\n{e}"))?;
        jobs.push(Job {
            path: p.to_path_buf(),
            shown: shown(p),
            format: Format::from_path(p).unwrap_or(Format::Plain),
            config,
        });
        return Ok(());
    }
    let walk = ignore::WalkBuilder::new(p)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // An unreadable folder or a symlink loop: say so, keep walking.
                eprintln!("macrolint: warning: {e}");
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Some(format) = Format::from_path(path) else {
            continue;
        };
        let config = resolver
            .config_for(path)
            .map_err(|e| format!("the config is broken:\n{e}"))?;
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if config.as_ref().is_some_and(|c| !c.selects(&abs)) {
            continue;
        }
        jobs.push(Job {
            path: path.to_path_buf(),
            shown: shown(path),
            format,
            config,
        });
    }
    Ok(())
}

fn io_finding(message: Message, ctx_level: Option<Severity>) -> Vec<Finding> {
    let Some(severity) = ctx_level else {
        return Vec::new();
    };
    let mut f = Finding::new(Rule::IoError, ByteRange::new(0, 0), message);
    f.severity = severity;
    vec![f]
}

fn check_one(
    job: &Job,
    catalog: &Arc<macrolint::Catalog>,
    as_of: jiff::civil::Date,
) -> CheckedFile {
    let config = job.config.as_deref();
    let mut ctx = Context::new(catalog, as_of);
    let abs = std::path::absolute(&job.path).unwrap_or_else(|_| job.path.clone());
    if let Some(c) = config {
        ctx.audience = c.audience_for(&abs);
        ctx.region = c.region_for(&abs);
        ctx.levels = c.levels.clone();
    }
    let io_level = ctx.level(Rule::IoError);
    let max = config
        .and_then(|c| c.max_file_size)
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let empty = |findings| CheckedFile {
        path: job.shown.clone(),
        text: String::new(),
        findings,
    };
    match std::fs::metadata(&job.path) {
        Ok(m) if m.len() > max => {
            return empty(io_finding(
                Message::new(
                    format!(
                        "Файл {} байт, больше max-file-size ({max}); пропущен.",
                        m.len()
                    ),
                    format!(
                        "The file is {} bytes, over max-file-size ({max}); skipped.",
                        m.len()
                    ),
                ),
                io_level,
            ));
        }
        Ok(_) => {}
        Err(e) => {
            return empty(io_finding(
                Message::new(
                    format!("Файл не читается: {e}."),
                    format!("Cannot read the file: {e}."),
                ),
                io_level,
            ));
        }
    }
    let bytes = match std::fs::read(&job.path) {
        Ok(b) => b,
        Err(e) => {
            return empty(io_finding(
                Message::new(
                    format!("Файл не читается: {e}."),
                    format!("Cannot read the file: {e}."),
                ),
                io_level,
            ));
        }
    };
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            let ru = match &e {
                macrolint::source::DecodeError::Utf16 => "Файл в кодировке UTF-16 (начинается с метки порядка байтов UTF-16); сохраните его в UTF-8.".to_string(),
                macrolint::source::DecodeError::Binary => "Файл похож на двоичный (в нём есть байты NUL); проверяются только текстовые шаблоны.".to_string(),
                macrolint::source::DecodeError::NotUtf8 { offset, line, column } => {
                    format!("Файл не в UTF-8: неверный байт в строке {line}, столбце {column} (байт {offset}); сохраните его в UTF-8.")
                }
            };
            return empty(io_finding(
                Message::new(ru, format!("{}{}", capitalise(&e.to_string()), ".")),
                io_level,
            ));
        }
    };
    let doc = Document::new(text, job.format);
    let findings = macrolint::check(&doc, &ctx);
    CheckedFile {
        path: job.shown.clone(),
        text: doc.text,
        findings,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

//! What every file command shares: finding the files, the settings that govern each one, and
//! reading it as text (or saying why it cannot be).

use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use macrolint::config::{Config, DEFAULT_MAX_FILE_SIZE};
use macrolint::source::{DecodeError, decode};
use macrolint::workspace::Resolver;
use macrolint::{Catalog, Context, Format, Message, Rule};

/// Options that decide which files are read and how they are judged; shared by `check`, `fix`,
/// `render` and `usage` so they always see the same files the same way.
#[derive(Args, Clone)]
pub struct Selection {
    /// Files or folders (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Catalog file to use instead of the one macrolint.toml names (or the embedded default).
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Judge dates as of this day (YYYY-MM-DD); default: `as-of` in macrolint.toml, else today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// Read files with this extension in this format (`tpl=liquid`); repeatable.
    #[arg(long, value_name = "EXT=FORMAT", value_parser = parse_override)]
    pub format_override: Vec<(String, Format)>,
    /// Skip (and report) files larger than this: bytes, or `500KB`, `32MiB`; default:
    /// `max-file-size` in macrolint.toml, else 4 MiB.
    #[arg(long, value_name = "SIZE", value_parser = parse_max_size)]
    pub max_file_size: Option<u64>,
}

fn parse_max_size(s: &str) -> Result<u64, String> {
    macrolint::config::parse_size(s).ok_or_else(|| {
        format!("`{s}` is not a size: write bytes, or a number with KB, MB, KiB or MiB (32MiB)")
    })
}

fn parse_override(s: &str) -> Result<(String, Format), String> {
    let (ext, format) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: write EXT=FORMAT, e.g. tpl=liquid"))?;
    let format = Format::parse(format).ok_or_else(|| {
        format!("`{format}` is not a format: use plain, markdown, liquid, handlebars, jinja, html, json or yaml")
    })?;
    Ok((ext.trim_start_matches('.').to_ascii_lowercase(), format))
}

pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD): {e}"))
}

/// One file to work on and what governs it.
pub struct Job {
    pub path: PathBuf,
    /// The path as reports show it: as given, without a leading `./`.
    pub shown: String,
    /// `None`: decided from the content (a file named on the command line with an unknown
    /// extension).
    pub format: Option<Format>,
    pub config: Option<Arc<Config>>,
    pub catalog: Arc<Catalog>,
    /// The tree the file was found in (the folder argument it was walked from; for a file
    /// named on the command line, its workspace): what `fix` may write to, links resolved.
    pub root: PathBuf,
    /// Why the file (or folder) could not even be listed, when it could not: reported as an
    /// `io-error` like a file that cannot be read.
    pub unreadable: Option<Message>,
    /// Asked for by name: on the command line, by `--format-override` or by `[formats]`. A
    /// file asked for that holds no template text says so; one met while walking is quiet.
    pub explicit: bool,
    /// `--max-file-size`, over the config's.
    pub max_file_size: Option<u64>,
}

impl Job {
    /// The context of this file's check: audience and region from its scope, severities and
    /// per-file ignores from its config.
    pub fn context<'a>(
        &self,
        catalog: &'a Catalog,
        as_of_flag: Option<jiff::civil::Date>,
    ) -> Context<'a> {
        let config = self.config.as_deref();
        let as_of = as_of_flag
            .or(config.and_then(|c| c.as_of))
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
        let mut ctx = Context::new(catalog, as_of);
        if let Some(c) = config {
            let abs = std::path::absolute(&self.path).unwrap_or_else(|_| self.path.clone());
            c.apply_to(&mut ctx, &abs);
        }
        ctx
    }

    /// The document for this file's text, read in its format with its config's options.
    pub fn document(&self, text: String) -> macrolint::Document {
        let format = self.format.unwrap_or_else(|| Format::sniff(&text));
        let mut opts = self.config.as_deref().map(|c| c.read).unwrap_or_default();
        opts.explicit = self.explicit;
        opts.shape = self.config.as_deref().and_then(|c| c.shape_for(&self.path));
        macrolint::Document::with_options(text, format, opts)
    }

    /// Files over this size are reported and skipped.
    pub fn max_size(&self) -> u64 {
        self.max_file_size
            .or_else(|| self.config.as_deref().and_then(|c| c.max_file_size))
            .unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// How a path is shown: as given, without a leading `./`.
pub fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Finds the files under `paths` and loads what governs each. A file named on the command line
/// is always taken (as plain text if its extension is unknown); files found by walking need a
/// template extension and pass `.gitignore` and the config's include/exclude. Errors are usage
/// errors (a missing path, a broken config or catalog): the run must stop.
pub fn collect(sel: &Selection, resolver: &Resolver) -> Result<Vec<Job>, String> {
    let paths = if sel.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        sel.paths.clone()
    };
    // (path, named on the command line, the tree it was found in)
    let mut found: Vec<(PathBuf, bool, PathBuf)> = Vec::new();
    // Folders (or files) that could not be listed, and why.
    let mut unlisted: Vec<(PathBuf, Message)> = Vec::new();
    for p in &paths {
        if !p.exists() && p.symlink_metadata().is_err() {
            return Err(format!("{}: no such file or folder", p.display()));
        }
        if !p.is_dir() {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let root = macrolint::workspace::workspace_root(dir.unwrap_or(Path::new(".")));
            found.push((p.clone(), true, root));
            continue;
        }
        for entry in ignore::WalkBuilder::new(p)
            .require_git(false)
            .follow_links(false)
            .build()
        {
            match entry {
                // A symlink is never followed: its target is checked where it is, if it is in
                // the tree at all.
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    found.push((e.path().to_path_buf(), false, p.clone()))
                }
                Ok(_) => {}
                // A folder that cannot be read hides templates: an `io-error`, not a warning
                // (a check must not pass because it could not look).
                Err(e) => {
                    let at = walk_error_path(&e).unwrap_or_else(|| p.clone());
                    unlisted.push((at, walk_error_reason(&e)));
                }
            }
        }
    }
    let mut jobs = Vec::with_capacity(found.len() + unlisted.len());
    for (path, why) in unlisted {
        let config = resolver
            .config_for(&path)
            .map_err(|e| format!("the config is broken:\n{e}"))?;
        let catalog = resolver
            .catalog_for(config.as_deref())
            .map_err(|e| format!("the catalog is broken:\n{e}"))?;
        jobs.push(Job {
            shown: shown(&path),
            root: path.clone(),
            path,
            format: None,
            config,
            catalog,
            unreadable: Some(why),
            max_file_size: sel.max_file_size,
            explicit: true,
        });
    }
    for (path, explicit, root) in found {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let overridden = ext.as_deref().and_then(|e| {
            sel.format_override
                .iter()
                .find(|(x, _)| x == e)
                .map(|(_, f)| *f)
        });
        if !explicit
            && overridden.is_none()
            && ext
                .as_deref()
                .is_none_or(|e| Format::from_extension(e).is_none())
        {
            // Cheap pre-filter before the config lookup; a config's `[formats]` may still
            // claim the extension below.
            let config = resolver
                .config_for(&path)
                .map_err(|e| format!("the config is broken:\n{e}"))?;
            if config
                .as_deref()
                .and_then(|c| c.format_for(&path))
                .is_none()
            {
                continue;
            }
        }
        let config = resolver
            .config_for(&path)
            .map_err(|e| format!("the config is broken:\n{e}"))?;
        let format = overridden.or_else(|| match &config {
            Some(c) => c.format_for(&path),
            None => Format::from_path(&path),
        });
        let abs = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        if !explicit && config.as_ref().is_some_and(|c| !c.selects(&abs)) {
            continue;
        }
        let catalog = resolver
            .catalog_for(config.as_deref())
            .map_err(|e| format!("the catalog is broken:\n{e}"))?;
        let asked =
            explicit || overridden.is_some() || config.as_deref().is_some_and(|c| c.claims(&path));
        jobs.push(Job {
            shown: shown(&path),
            path,
            format,
            config,
            catalog,
            root,
            unreadable: None,
            explicit: asked,
            max_file_size: sel.max_file_size,
        });
    }
    jobs.sort_by(|a, b| a.shown.cmp(&b.shown));
    jobs.dedup_by(|a, b| a.path == b.path);
    Ok(jobs)
}

/// The path a walk error is about.
fn walk_error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// What went wrong, without the path (reports name it already), as an `io-error` message.
fn walk_error_reason(e: &ignore::Error) -> Message {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err),
        ignore::Error::Io(io) => {
            let why = io
                .raw_os_error()
                .map(std::io::Error::from_raw_os_error)
                .map_or_else(|| io.to_string(), |e| e.to_string());
            Message::new(
                format!("Папка не читается ({why}); шаблоны в ней не проверены."),
                format!("The folder cannot be read ({why}); the templates in it were not checked."),
            )
        }
        ignore::Error::Loop { ancestor, .. } => {
            read_error(format!("a symlink loop back to {}", ancestor.display()))
        }
        other => read_error(other),
    }
}

/// [`collect`], or the exit code of a usage error already reported.
pub fn collect_or_exit(
    sel: &Selection,
    resolver: &Resolver,
) -> Result<Vec<Job>, std::process::ExitCode> {
    collect(sel, resolver).map_err(|msg| {
        super::error(msg);
        std::process::ExitCode::from(super::EXIT_USAGE)
    })
}

/// Why a file could not be read, as an `io-error` message.
pub fn read_error(e: impl std::fmt::Display) -> Message {
    Message::new(
        format!("Файл не читается: {e}."),
        format!("Cannot read the file: {e}."),
    )
}

/// The message for text that is not UTF-8.
pub fn decode_error(e: &DecodeError) -> Message {
    let ru = match e {
        DecodeError::Utf16 => "Файл в кодировке UTF-16 (начинается с метки порядка байтов UTF-16); сохраните его в UTF-8.".to_string(),
        DecodeError::Binary => "Файл похож на двоичный (в нём есть байты NUL); проверяются только текстовые шаблоны.".to_string(),
        DecodeError::NotUtf8 { offset, line, column } => {
            format!("Файл не в UTF-8: неверный байт в строке {line}, столбце {column} (байт {offset}); сохраните его в UTF-8.")
        }
    };
    let en = e.to_string();
    let mut chars = en.chars();
    let en = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    Message::new(ru, format!("{en}."))
}

/// The message for text over `max-file-size`.
pub fn too_large(size: u64, max: u64) -> Message {
    Message::new(
        format!("Файл {size} байт, больше max-file-size ({max}); пропущен."),
        format!("The file is {size} bytes, over max-file-size ({max}); skipped."),
    )
}

/// Reads a job's file, or says (as an `io-error` message) why it cannot be checked. The text is
/// the file's bytes exactly (a byte-order mark included), so `fix` can compare it with the disk.
pub fn read(job: &Job) -> Result<String, Message> {
    read_checked(job).map_err(|u| u.message)
}

/// A file that cannot be checked: why, and the text before the offending byte (so a report
/// places the finding at the line and column its message names).
pub struct Unread {
    pub message: Message,
    /// The file's text up to the offending byte (empty when there is no one byte to blame).
    pub prefix: String,
}

/// [`read`], keeping where an undecodable file goes wrong.
pub fn read_checked(job: &Job) -> Result<String, Unread> {
    let unread = |message| Unread {
        message,
        prefix: String::new(),
    };
    if let Some(why) = &job.unreadable {
        return Err(unread(why.clone()));
    }
    let max = job.max_size();
    match std::fs::metadata(&job.path) {
        Ok(m) if m.len() > max => return Err(unread(too_large(m.len(), max))),
        // A FIFO, socket or device named on the command line: reading it could block forever.
        Ok(m) if !m.is_file() => {
            return Err(unread(read_error(
                "not a regular file (a FIFO, a socket or a device)",
            )));
        }
        Ok(_) => {}
        Err(e) => return Err(unread(read_error(e))),
    }
    // Bounded even if the file grows after its size was looked at.
    let file = std::fs::File::open(&job.path).map_err(|e| unread(read_error(e)))?;
    let bytes = match macrolint::disk::read_limited(file, max, &job.path) {
        Ok(b) => b,
        Err(macrolint::disk::Refused::TooLarge { size, .. }) => {
            return Err(unread(too_large(size, max)));
        }
        Err(e) => return Err(unread(read_error(e))),
    };
    let prefix = |offset: usize| {
        String::from_utf8(bytes[..offset.min(bytes.len())].to_vec()).unwrap_or_default()
    };
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => None,
        Err(e) => Some(e.valid_up_to()),
    };
    let kept = valid.map(prefix).unwrap_or_default();
    decode(bytes).map_err(|e| Unread {
        message: decode_error(&e),
        prefix: match e {
            macrolint::source::DecodeError::NotUtf8 { .. } => kept,
            _ => String::new(),
        },
    })
}

/// An `io-error` finding at byte `at` (the offending byte, else the start), at the configured
/// severity.
pub fn io_finding_at(message: Message, at: usize, ctx: &Context<'_>) -> Vec<macrolint::Finding> {
    let Some(severity) = ctx.level(Rule::IoError) else {
        return Vec::new();
    };
    let mut f = macrolint::Finding::new(Rule::IoError, macrolint::ByteRange::new(at, at), message);
    f.severity = severity;
    vec![f]
}

/// The Dynamic Content items the run's exports define, and the audiences of the macros that
/// use each: read before the check, so a `{{dc.<name>}}` with no item is reported and an item
/// is judged for every audience that sends it. Only files that can be either are read twice.
pub fn gather_dynamic_content(
    jobs: &[Job],
    as_of: Option<jiff::civil::Date>,
) -> Option<macrolint::DynamicContent> {
    let candidates: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.unreadable.is_none())
        .filter(|j| matches!(j.format, Some(Format::Json | Format::Yaml) | None))
        .collect();
    use rayon::prelude::*;
    let gathered: Vec<macrolint::DynamicContent> = candidates
        .par_iter()
        .filter_map(|job| {
            let text = read_checked(job).ok()?;
            if !macrolint::DynamicContent::may_hold(&text) {
                return None;
            }
            let doc = job.document(text);
            let ctx = job.context(&job.catalog, as_of);
            Some(ctx.dynamic_content_of(&doc))
        })
        .collect();
    let mut all = macrolint::DynamicContent::default();
    for g in gathered {
        all.extend(g);
    }
    (!all.is_empty()).then_some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO named on the command line (`macrolint check pipe.md`) used to block the run
    /// forever in `std::fs::read`; it is an `io-error` now, and never opened.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_reported_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let job = Job {
            shown: shown(&fifo),
            root: dir.path().to_path_buf(),
            path: fifo,
            format: None,
            config: None,
            catalog: Catalog::default_catalog(),
            unreadable: None,
            explicit: true,
            max_file_size: None,
        };
        let e = read(&job).unwrap_err();
        assert!(e.en.contains("not a regular file"), "{}", e.en);
    }
}

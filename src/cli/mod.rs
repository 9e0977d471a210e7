//! Command-line parsing and dispatch. Exit codes follow ripgrep's contract: 0 clean, 1 findings
//! at or above `--deny`, 2 a usage error, a missing path, or a broken catalog or config.

mod catalog;
mod check;
mod explain;
mod files;
mod fix;
mod render;
mod usage;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

use macrolint::{Catalog, Lang, Severity};

/// Exit code: something reached `--deny`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, missing path, broken catalog or config.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "macrolint",
    about = "Lint customer-support reply templates against a catalog of official contacts",
    disable_version_flag = true
)]
struct Cli {
    /// Print the version and the hash of the catalog in use.
    #[arg(short = 'V', long, global = true)]
    version: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check templates and report findings.
    Check(check::CheckArgs),
    /// List the catalog's channels, or validate a catalog file.
    Catalog(catalog::CatalogArgs),
    /// Apply fixes: safe ones by default, all with --unsafe; --diff to preview.
    Fix(fix::FixArgs),
    /// Expand {{contact.<id>}} placeholders to the catalog's text.
    Render(render::RenderArgs),
    /// List every template and line that uses a channel.
    Usage(usage::UsageArgs),
    /// Explain a rule: what it reports and how to fix it.
    Explain(explain::ExplainArgs),
    /// Run the language server on stdin/stdout (LSP 3.17).
    Lsp,
}

/// Output language.
#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    Ru,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ru => Lang::Ru,
            LangArg::En => Lang::En,
        }
    }
}

/// `--deny` levels.
#[derive(Clone, Copy, ValueEnum)]
pub enum DenyArg {
    Error,
    Warning,
    Info,
}

impl From<DenyArg> for Severity {
    fn from(d: DenyArg) -> Severity {
        match d {
            DenyArg::Error => Severity::Error,
            DenyArg::Warning => Severity::Warning,
            DenyArg::Info => Severity::Info,
        }
    }
}

/// The language to report in: the flag, else the config, else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`), else Russian.
pub fn resolve_lang(flag: Option<LangArg>, config: Option<Lang>) -> Lang {
    if let Some(l) = flag {
        return l.into();
    }
    if let Some(l) = config {
        return l;
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .map_or(Lang::Ru, |v| Lang::from_locale(&v))
}

/// Prints an error the way every command does, in the user's language where it matters.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("macrolint: error: {message}");
}

/// The version, and the catalog that a check in this folder would use (the one macrolint.toml
/// names, else the embedded default) with its hash, so a report can be traced to its catalog.
fn print_version() {
    let resolver = macrolint::workspace::Resolver::new(None);
    let catalog = resolver
        .config_for(std::path::Path::new("."))
        .and_then(|config| resolver.catalog_for(config.as_deref()));
    match catalog {
        Ok(c) => println!(
            "macrolint {} (catalog {} {}, {} channels)",
            env!("CARGO_PKG_VERSION"),
            c.origin,
            c.hash,
            c.channels.len()
        ),
        Err(e) => {
            let d = Catalog::default_catalog();
            println!(
                "macrolint {} (default catalog {})",
                env!("CARGO_PKG_VERSION"),
                d.hash
            );
            eprintln!("macrolint: warning: the catalog configured here is broken:\n{e}");
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if cli.version {
        print_version();
        return ExitCode::SUCCESS;
    }
    match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Catalog(args)) => catalog::run(args),
        Some(Command::Fix(args)) => fix::run(args),
        Some(Command::Render(args)) => render::run(args),
        Some(Command::Usage(args)) => usage::run(args),
        Some(Command::Explain(args)) => explain::run(args),
        // The server's worker threads may still hold blocking reads: end the process here.
        Some(Command::Lsp) => std::process::exit(macrolint::lsp::run()),
        None => {
            error("no command given; try `macrolint check .` or `macrolint --help`");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

//! `macrolint catalog`: the channels a catalog knows, and `catalog check FILE` to validate one.

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{EXIT_FINDINGS, EXIT_USAGE, LangArg, error, resolve_lang};
use macrolint::catalog::{Catalog, Channel};
use macrolint::{Lang, Rule};

#[derive(Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    action: Option<Action>,
    /// The catalog to list (default: the embedded one).
    #[arg(long, global = true)]
    catalog: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[arg(long, value_enum, global = true)]
    lang: Option<LangArg>,
}

#[derive(Subcommand)]
enum Action {
    /// Validate a catalog file: every problem with its file, line and column.
    Check { file: PathBuf },
    /// Print the JSON schema of catalog files (generated from the loader's own types), for
    /// editors that validate TOML.
    Schema,
    /// Write a commented starter catalog for a made-up company to FILE, to edit into your own.
    Init {
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Serialize)]
struct ClaimView<'a> {
    id: &'a str,
    rule: Rule,
    patterns: Vec<&'a str>,
    audience: Vec<&'a str>,
    except_audience: Vec<&'a str>,
    channels: Vec<&'a str>,
    replacement: Vec<&'a str>,
    since: Option<String>,
    note: &'a macrolint::catalog::Text,
    source: &'a [String],
}

#[derive(Serialize)]
struct CatalogView<'a> {
    name: &'a str,
    origin: String,
    hash: &'a str,
    channels: &'a [Channel],
    claims: Vec<ClaimView<'a>>,
    support: &'a macrolint::catalog::SupportScope,
}

pub fn run(args: CatalogArgs) -> ExitCode {
    let lang = resolve_lang(args.lang, None);
    if let Some(Action::Schema) = args.action {
        let text = serde_json::to_string_pretty(&macrolint::catalog::schema()).expect("plain data");
        println!("{text}");
        return ExitCode::SUCCESS;
    }
    if let Some(Action::Init { file, force }) = &args.action {
        return init(file, *force);
    }
    if let Some(Action::Check { file }) = args.action {
        return match macrolint::examples::load_path(&file) {
            Ok(c) => {
                let n = |k: usize, one: &str, many: &str| {
                    format!("{k} {}", if k == 1 { one } else { many })
                };
                println!(
                    "{}: ok ({}, {}, hash {})",
                    file.display(),
                    n(c.channels.len(), "channel", "channels"),
                    n(c.claims.len(), "claim", "claims"),
                    c.hash
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(EXIT_FINDINGS)
            }
        };
    }
    let catalog = match &args.catalog {
        Some(p) => match macrolint::examples::load_path(p) {
            Ok(c) => std::sync::Arc::new(c),
            Err(e) => {
                error(format!("the catalog is broken:\n{e}"));
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => Catalog::default_catalog(),
    };
    match args.format {
        ListFormat::Json => {
            let view = CatalogView {
                name: &catalog.name,
                origin: catalog.origin.to_string(),
                hash: &catalog.hash,
                channels: &catalog.channels,
                claims: catalog
                    .claims
                    .iter()
                    .map(|c| ClaimView {
                        id: &c.id,
                        rule: c.rule,
                        patterns: c
                            .phrases
                            .patterns
                            .iter()
                            .map(|p| p.source.as_str())
                            .collect(),
                        audience: c.audience.iter().map(String::as_str).collect(),
                        except_audience: c.except_audience.iter().map(String::as_str).collect(),
                        channels: c.channels.iter().map(|c| c.as_str()).collect(),
                        replacement: c.replacement.iter().map(|c| c.as_str()).collect(),
                        since: c.since.map(|d| d.to_string()),
                        note: &c.note,
                        source: &c.source,
                    })
                    .collect(),
                support: &catalog.support,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&view).expect("plain data")
            );
        }
        ListFormat::Table => print!("{}", table(&catalog, lang)),
    }
    ExitCode::SUCCESS
}

fn table(catalog: &Catalog, lang: Lang) -> String {
    let rows: Vec<[String; 6]> = catalog
        .channels
        .iter()
        .map(|c| {
            [
                c.id.to_string(),
                c.kind.as_str().to_string(),
                match c.since {
                    Some(d) => format!("{} {d}", c.status.as_str()),
                    None => c.status.as_str().to_string(),
                },
                c.value
                    .clone()
                    .unwrap_or_else(|| format!("({})", c.display_name(lang))),
                c.audience.iter().cloned().collect::<Vec<_>>().join(","),
                c.callable_from
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(","),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Ru => [
            "id",
            "вид",
            "статус",
            "значение",
            "аудитория",
            "откуда звонить",
        ],
        Lang::En => ["id", "kind", "status", "value", "audience", "callable from"],
    };
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[&str]| -> String {
        let mut s = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = format!("{} ({}, {})\n", catalog.name, catalog.origin, catalog.hash);
    out.push_str(&line(&header));
    for r in &rows {
        out.push_str(&line(&r.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    let claims = match lang {
        Lang::Ru => "утверждений",
        Lang::En => "claims",
    };
    out.push_str(&format!(
        "{} {claims}: {}\n",
        catalog.claims.len(),
        catalog
            .claims
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out
}

/// `catalog init FILE`: the starter catalog, never over an existing file unless `--force`.
fn init(file: &std::path::Path, force: bool) -> ExitCode {
    if file.is_dir() {
        error(format!(
            "{}: is a directory; name the catalog file to write, such as {}/catalog.toml",
            file.display(),
            file.display()
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    // A link counts as a file there, even a dangling one: it is replaced, never followed.
    if file.symlink_metadata().is_ok() && !force {
        error(format!(
            "{}: already exists; nothing was written (use --force to overwrite it)",
            file.display()
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let written = macrolint::disk::Root::new(dir)
        .map_err(|e| e.to_string())
        .and_then(|root| {
            macrolint::disk::write(
                &root,
                file,
                macrolint::catalog::STARTER_CATALOG_TOML.as_bytes(),
            )
            .map_err(|e| e.to_string())
        });
    if let Err(e) = written {
        error(format!("{}: cannot write the catalog: {e}", file.display()));
        return ExitCode::from(EXIT_USAGE);
    }
    println!(
        "{}: a starter catalog for a made-up company. Edit it, then run\n  macrolint catalog check {}\n  macrolint check --catalog {} YOUR-TEMPLATES",
        file.display(),
        file.display(),
        file.display()
    );
    ExitCode::SUCCESS
}

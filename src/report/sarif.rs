//! `--format sarif`: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.
//!
//! One run; `tool.driver.rules` lists every rule (in the order of [`Rule::ALL`], so `ruleIndex`
//! is stable) with its summary and `macrolint explain` text. Regions carry 1-based lines and
//! columns counted in characters (`columnKind: unicodeCodePoints`, as in the JSON report) and
//! the byte range in the file as it is on disk. Each result has a `partialFingerprints` entry,
//! the same fingerprint a baseline records, which does not depend on line numbers: code scanning
//! keeps tracking an alert when lines are added above it. Safe fixes become SARIF `fixes`.

use serde::Serialize;
use std::collections::BTreeMap;

use super::{CheckedFile, Options};
use crate::baseline::fingerprints;
use crate::finding::{Lang, Severity};
use crate::rules::Rule;

/// The `$schema` of the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of our entry in `partialFingerprints`, whose value is the finding's baseline
/// fingerprint ([`crate::baseline::fingerprints`]); the version changes if that scheme does.
/// v2: the words of a bounded window of the line, not the whole line (one-line exports).
pub const FINGERPRINT_KEY: &str = "macrolint/v2";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    language: &'static str,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    /// What the run read: files, templates, files with no template text (when the caller
    /// counted them: a bare list of findings does not say how many templates were read).
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    files: usize,
    templates: usize,
    files_without_text: usize,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
    /// The catalogs the run judged by (`properties.catalogs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<DriverProperties>,
}

#[derive(Serialize)]
struct DriverProperties {
    catalogs: Vec<super::CatalogRef>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: ByteRegion,
    inserted_content: Content<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Properties<'a> {
    channels: Vec<&'a str>,
}

/// The SARIF level of a severity.
pub const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log, pretty-printed, with a trailing newline.
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    log(files, opts, &super::Summary::of(files), false)
}

/// The SARIF log of a run: the catalogs it judged by (the driver's properties) and what it
/// read (the run's properties).
pub fn render_for(files: &[CheckedFile], opts: Options, summary: &super::Summary) -> String {
    log(files, opts, summary, true)
}

fn log(files: &[CheckedFile], opts: Options, summary: &super::Summary, counted: bool) -> String {
    let catalogs = &summary.catalogs;
    let lang = opts.lang;
    let rules = Rule::ALL
        .iter()
        .map(|&rule| RuleDescriptor {
            id: rule.id(),
            name: format!("{rule:?}"),
            short_description: Text {
                text: rule.summary(lang).to_string(),
            },
            full_description: Text {
                text: rule.explain(lang).to_string(),
            },
            help: Help {
                text: rule.explain(lang),
                markdown: rule.explain(lang),
            },
            default_configuration: Configuration {
                level: level(rule.default_severity()),
            },
        })
        .collect();

    let uris: Vec<String> = files.iter().map(|f| uri(&f.path)).collect();
    let mut results = Vec::new();
    for (file, uri) in files.iter().zip(&uris) {
        if file.findings.is_empty() {
            continue;
        }
        let lines = file.line_index();
        for (finding, fingerprint) in file.findings.iter().zip(fingerprints(file)) {
            let (start_line, start_column) = lines.position(&file.text, finding.range.start);
            let (end_line, end_column) = lines.position(&file.text, finding.range.end);
            let fixes = finding
                .fixes
                .iter()
                .filter(|fix| fix.safe && !fix.edits.is_empty())
                .map(|fix| SarifFix {
                    description: Text {
                        text: fix.title.get(lang).to_string(),
                    },
                    artifact_changes: vec![ArtifactChange {
                        artifact_location: ArtifactLocation { uri },
                        replacements: fix
                            .edits
                            .iter()
                            .map(|e| Replacement {
                                deleted_region: ByteRegion {
                                    byte_offset: e.range.start,
                                    byte_length: e.range.len(),
                                },
                                inserted_content: Content {
                                    text: &e.replacement,
                                },
                            })
                            .collect(),
                    }],
                })
                .collect();
            results.push(SarifResult {
                rule_id: finding.rule.id(),
                rule_index: rule_index(finding.rule),
                level: level(finding.severity),
                message: Text {
                    text: finding.message.get(lang).to_string(),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri },
                        region: Region {
                            start_line,
                            start_column,
                            end_line,
                            end_column,
                            byte_offset: finding.range.start,
                            byte_length: finding.range.len(),
                        },
                    },
                }],
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
                fixes,
                properties: (!finding.channels.is_empty()).then(|| Properties {
                    channels: finding.channels.iter().map(|c| c.as_str()).collect(),
                }),
            });
        }
    }

    let repository = option_env!("CARGO_PKG_HOMEPAGE")
        .filter(|s| !s.is_empty())
        .or(option_env!("CARGO_PKG_REPOSITORY").filter(|s| !s.is_empty()));
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "macrolint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: repository,
                    rules,
                    properties: (!catalogs.is_empty()).then(|| DriverProperties {
                        catalogs: catalogs.to_vec(),
                    }),
                },
            },
            language: match lang {
                Lang::Ru => "ru-RU",
                Lang::En => "en-US",
            },
            column_kind: "unicodeCodePoints",
            results,
            properties: counted.then_some(RunProperties {
                files: summary.files,
                templates: summary.templates,
                files_without_text: summary.files_without_text,
            }),
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).expect("the log is plain data");
    out.push('\n');
    out
}

fn rule_index(rule: Rule) -> usize {
    Rule::ALL
        .iter()
        .position(|&r| r == rule)
        .expect("Rule::ALL lists every rule")
}

/// A path as a URI reference: forward slashes, no leading `./`, percent-encoded where a URI
/// needs it; absolute paths become `file:` URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if drive && (bytes.len() == 2 || bytes[2] == b'/') {
        format!("file:///{}:{}", &path[..1], encode(&path[2..]))
    } else if path.starts_with('/') {
        format!("file://{}", encode(path))
    } else {
        encode(path)
    }
}

/// Percent-encodes every byte that may not stand in a URI path (`:` too, so a relative path
/// never reads as a scheme).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri("./a/b c.md"), "a/b%20c.md");
        assert_eq!(uri("a\\b.md"), "a/b.md");
        assert_eq!(uri("шаблон.md"), "%D1%88%D0%B0%D0%B1%D0%BB%D0%BE%D0%BD.md");
        assert_eq!(uri("a:b.md"), "a%3Ab.md");
        assert_eq!(uri("/tmp/x#1.md"), "file:///tmp/x%231.md");
        assert_eq!(uri("C:\\t\\x.md"), "file:///C:/t/x.md");
    }
}

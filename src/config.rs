//! `macrolint.toml`: the team's settings, read by the CLI and the language server alike so an
//! editor and CI always judge a template the same way.
//!
//! This module only parses and resolves; finding the file (walking up from a template) is the
//! shells' job, since the core touches no file system.

use globset::{Glob, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

use crate::catalog::{Audience, CatalogError, CatalogErrors};
use crate::context::Level;
use crate::finding::{Lang, Severity};
use crate::rules::Rule;

/// The file name the shells look for, walking up from each template.
pub const CONFIG_FILE: &str = "macrolint.toml";

/// Files larger than this are reported (`io-error`) and skipped unless the config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    catalog: Option<String>,
    default_audience: Option<Vec<String>>,
    lang: Option<Spanned<String>>,
    as_of: Option<Spanned<toml::value::Datetime>>,
    max_file_size: Option<Spanned<toml::Value>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    scope: Vec<RawScope>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Spanned<Vec<String>>>,
    dialect: Option<Spanned<String>>,
    check_comments: Option<bool>,
    check_code: Option<bool>,
    #[serde(default)]
    formats: BTreeMap<String, Spanned<String>>,
    third_party_numbers: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawScope {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    title_prefix: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    audience: Vec<String>,
    region: Option<String>,
}

/// One `[[scope]]`: templates under these globs are for this audience (and region).
#[derive(Debug, Clone)]
pub struct Scope {
    pub patterns: Vec<String>,
    globs: GlobSet,
    pub audience: Audience,
    pub region: Option<String>,
}

/// A parsed `macrolint.toml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The folder the file is in: every relative path in it is relative to this.
    pub root: PathBuf,
    /// The catalog file, resolved against `root`.
    pub catalog: Option<PathBuf>,
    pub default_audience: Option<Audience>,
    pub lang: Option<Lang>,
    pub as_of: Option<Date>,
    pub max_file_size: Option<u64>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub levels: BTreeMap<Rule, Level>,
    pub scopes: Vec<Scope>,
    /// Rules turned off for files matching a glob: for files that cannot carry suppression
    /// comments, or whose comments would reach customers.
    per_file_ignores: Vec<(GlobSet, Vec<Rule>)>,
    /// Audiences for the macros of exports, by title prefix or tag.
    pub unit_scopes: Vec<crate::context::UnitScope>,
    /// How templates are read: placeholder dialect, whether comments and code are checked.
    pub read: crate::source::ReadOptions,
    /// Formats for unusual file extensions (`tpl = "liquid"`), without the dot.
    pub formats: BTreeMap<String, crate::source::Format>,
    /// `[formats]` entries that name an export shape (`json = "intercom-macros"`): files of
    /// that extension are read as that shape.
    pub shapes: BTreeMap<String, crate::source::Shape>,
    /// `third-party-numbers`: "info" or "off"; `None`: not set (a note).
    pub third_party_numbers: Option<Level>,
}

impl Config {
    /// Parses `text`, the content of `path`.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, CatalogErrors> {
        let name = path.display().to_string();
        let err = |span: std::ops::Range<usize>, message: String, help: &str| CatalogError {
            file: name.clone(),
            line: crate::catalog::line_column(text, span.start).0,
            column: crate::catalog::line_column(text, span.start).1,
            message,
            help: Some(help.to_string()),
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            CatalogErrors(vec![err(
                e.span().unwrap_or(0..0),
                e.message().trim().to_string(),
                "see the `macrolint.toml` section of the README",
            )])
        })?;
        let mut errors = Vec::new();
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();

        let lang = raw.lang.as_ref().and_then(|l| {
            let parsed = Lang::parse(l.get_ref());
            if parsed.is_none() {
                errors.push(err(
                    l.span(),
                    format!("unknown lang `{}`", l.get_ref()),
                    "use \"ru\" or \"en\"",
                ));
            }
            parsed
        });
        let as_of = raw
            .as_of
            .as_ref()
            .and_then(|d| match (d.get_ref().date, d.get_ref().time) {
                (Some(date), None) => {
                    Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
                }
                _ => {
                    errors.push(err(
                        d.span(),
                        format!("`{}` is not a date", d.get_ref()),
                        "write a date such as 2024-05-01",
                    ));
                    None
                }
            });
        let max_file_size = raw.max_file_size.as_ref().and_then(|v| {
            let parsed = match v.get_ref() {
                toml::Value::Integer(n) if *n > 0 => Some(*n as u64),
                toml::Value::String(s) => parse_size(s),
                _ => None,
            };
            if parsed.is_none() {
                errors.push(err(
                    v.span(),
                    "max-file-size is not a size".into(),
                    "write bytes (1048576) or a size such as \"1 MiB\", \"500 KB\"",
                ));
            }
            parsed
        });

        let mut globs = |items: &[Spanned<String>]| -> Option<GlobSet> {
            if items.is_empty() {
                return None;
            }
            let mut b = GlobSetBuilder::new();
            for g in items {
                match Glob::new(g.get_ref()) {
                    Ok(glob) => {
                        b.add(glob);
                    }
                    Err(e) => errors.push(err(
                        g.span(),
                        format!("invalid glob: {}", e.kind()),
                        "see globset syntax: `**/*.md`, `sellers/**`",
                    )),
                }
            }
            b.build().ok()
        };
        let include = globs(&raw.include);
        let exclude = globs(&raw.exclude);
        let mut scopes = Vec::new();
        for s in raw.scope.iter().filter(|s| !s.paths.is_empty()) {
            let globs = globs(&s.paths).unwrap_or_else(GlobSet::empty);
            scopes.push(Scope {
                patterns: s.paths.iter().map(|p| p.get_ref().clone()).collect(),
                globs,
                audience: s.audience.iter().map(|a| a.to_lowercase()).collect(),
                region: s.region.clone(),
            });
        }

        let third_party_numbers = match &raw.third_party_numbers {
            None => None,
            Some(v) => match v.get_ref().as_str() {
                "info" => Some(Some(Severity::Info)),
                "off" => Some(None),
                other => {
                    errors.push(err(
                        v.span(),
                        format!("`third-party-numbers = \"{other}\"` is not a setting"),
                        "use \"info\" (a note on numbers that are not the company's) or \"off\"",
                    ));
                    None
                }
            },
        };
        let mut levels = BTreeMap::new();
        for (id, level) in &raw.rules {
            let rule = match id.parse::<Rule>() {
                Ok(r) => r,
                Err(e) => {
                    errors.push(err(
                        level.span(),
                        e.to_string(),
                        "use a rule id from `macrolint explain --list`",
                    ));
                    continue;
                }
            };
            let parsed = match level.get_ref().as_str() {
                "off" | "allow" => Some(None),
                s => Severity::parse(s).map(Some),
            };
            match parsed {
                Some(l) => {
                    levels.insert(rule, l);
                }
                None => errors.push(err(
                    level.span(),
                    format!("`{}` is not a severity", level.get_ref()),
                    "use \"error\", \"warning\", \"info\" or \"off\"",
                )),
            }
        }

        let mut read = crate::source::ReadOptions::default();
        if let Some(d) = &raw.dialect {
            match crate::source::Dialect::parse(d.get_ref()) {
                Some(dialect) => read.dialect = Some(dialect),
                None => errors.push(err(
                    d.span(),
                    format!("unknown dialect `{}`", d.get_ref()),
                    "use liquid, handlebars, jinja, helpscout or intercom",
                )),
            }
        }
        read.checked.comments = raw.check_comments.unwrap_or(false);
        read.checked.code = raw.check_code.unwrap_or(false);
        let mut formats = BTreeMap::new();
        let mut shapes = BTreeMap::new();
        for (ext, name) in &raw.formats {
            let ext = ext.trim_start_matches('.').to_ascii_lowercase();
            if let Some(f) = crate::source::Format::parse(name.get_ref()) {
                formats.insert(ext, f);
            } else if let Some(shape) = crate::source::Shape::parse(name.get_ref()) {
                // An export shape: the file is YAML by its extension, else JSON.
                let f = match ext.as_str() {
                    "yaml" | "yml" => crate::source::Format::Yaml,
                    _ => crate::source::Format::Json,
                };
                formats.insert(ext.clone(), f);
                shapes.insert(ext, shape);
            } else {
                let shapes: Vec<&str> = crate::source::Shape::EXPORTS
                    .iter()
                    .map(|s| s.id())
                    .collect();
                errors.push(err(
                    name.span(),
                    format!("unknown format `{}`", name.get_ref()),
                    &format!(
                        "use plain, markdown, liquid, handlebars, jinja, html, json or yaml, or an export shape: {}",
                        shapes.join(", ")
                    ),
                ));
            }
        }
        let unit_scopes = raw
            .scope
            .iter()
            .filter(|s| !s.title_prefix.is_empty() || !s.tags.is_empty())
            .map(|s| crate::context::UnitScope {
                title_prefixes: s.title_prefix.clone(),
                tags: s.tags.clone(),
                audience: s.audience.iter().map(|a| a.to_lowercase()).collect(),
                region: s.region.clone(),
            })
            .collect();
        let mut per_file_ignores = Vec::new();
        for (pattern, ids) in &raw.per_file_ignores {
            let glob = match Glob::new(pattern) {
                Ok(g) => GlobSetBuilder::new().add(g).build().ok(),
                Err(e) => {
                    errors.push(err(
                        ids.span(),
                        format!("invalid glob `{pattern}`: {}", e.kind()),
                        "see globset syntax: `**/*.md`, `exports/**`",
                    ));
                    None
                }
            };
            let mut rules = Vec::new();
            for id in ids.get_ref() {
                match id.parse::<Rule>() {
                    Ok(r) => rules.push(r),
                    Err(e) => errors.push(err(
                        ids.span(),
                        e.to_string(),
                        "use rule ids from `macrolint explain --list`",
                    )),
                }
            }
            if let Some(g) = glob {
                per_file_ignores.push((g, rules));
            }
        }

        if !errors.is_empty() {
            return Err(CatalogErrors(errors));
        }
        Ok(Config {
            per_file_ignores,
            unit_scopes,
            read,
            formats,
            shapes,
            catalog: raw.catalog.map(|c| root.join(c)),
            root,
            default_audience: raw
                .default_audience
                .map(|a| a.into_iter().map(|s| s.to_lowercase()).collect()),
            lang,
            as_of,
            max_file_size,
            include,
            exclude,
            levels,
            third_party_numbers,
            scopes,
        })
    }

    /// `path` relative to the config's folder, with `/` separators, for glob matching.
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Whether a file found by walking a directory is checked (`include` / `exclude`).
    pub fn selects(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
    }

    /// The most specific `[[scope]]` that matches `path` (the longest matching pattern; the
    /// later one on a tie).
    pub fn scope_for(&self, path: &Path) -> Option<&Scope> {
        let rel = self.relative(path);
        self.scopes
            .iter()
            .filter_map(|s| {
                let matched = s.globs.matches(&rel);
                matched
                    .iter()
                    .map(|&i| s.patterns[i].len())
                    .max()
                    .map(|len| (len, s))
            })
            .fold(None, |best: Option<(usize, &Scope)>, (len, s)| match best {
                Some((b, _)) if b > len => best,
                _ => Some((len, s)),
            })
            .map(|(_, s)| s)
    }

    /// The audience for `path`: its scope's, else `default-audience`.
    pub fn audience_for(&self, path: &Path) -> Option<Audience> {
        self.scope_for(path)
            .map(|s| s.audience.clone())
            .filter(|a| !a.is_empty())
            .or_else(|| self.default_audience.clone())
    }

    /// The format of `path`: a `[formats]` entry for its extension, else the built-in one.
    pub fn format_for(&self, path: &Path) -> Option<crate::source::Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        self.formats
            .get(&ext)
            .copied()
            .or_else(|| crate::source::Format::from_extension(&ext))
    }

    /// The export shape `[formats]` names for `path`'s extension.
    pub fn shape_for(&self, path: &Path) -> Option<crate::source::Shape> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        self.shapes.get(&ext).copied()
    }

    /// Whether `[formats]` claims `path`'s extension (the team asked for such files by name).
    pub fn claims(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.formats.contains_key(&e.to_ascii_lowercase()))
    }

    /// Sets what this config says about the file at `path` (absolute) on a check's context:
    /// audience and region from its scope, severities, per-macro scopes and per-file ignores.
    /// The CLI and the tests both build contexts this way, so they judge a file alike.
    pub fn apply_to(&self, ctx: &mut crate::context::Context<'_>, path: &Path) {
        ctx.audience = self.audience_for(path);
        ctx.region = self.region_for(path);
        ctx.levels = self.levels.clone();
        ctx.unit_scopes = self.unit_scopes.clone();
        if let Some(l) = self.third_party_numbers {
            ctx.third_party_numbers = l;
        }
        for rule in self.ignored_for(path) {
            ctx.levels.insert(rule, None);
        }
    }

    /// The rules `[per-file-ignores]` turns off for `path`.
    pub fn ignored_for(&self, path: &Path) -> Vec<Rule> {
        let rel = self.relative(path);
        self.per_file_ignores
            .iter()
            .filter(|(g, _)| g.is_match(&rel))
            .flat_map(|(_, rules)| rules.iter().copied())
            .collect()
    }

    pub fn region_for(&self, path: &Path) -> Option<String> {
        self.scope_for(path).and_then(|s| s.region.clone())
    }
}

/// `"1 MiB"`, `"500KB"`, `"2048"` → bytes.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, CatalogErrors> {
        Config::from_toml(text, Path::new("/repo/macrolint.toml"))
    }

    /// The editor's schema for `macrolint.toml` is written by hand; this keeps it honest: its
    /// keys are the loader's keys (read back from the loader's own "expected one of" error)
    /// and its rule lists are every rule, so a new setting or rule cannot be forgotten there.
    #[test]
    fn editor_schema_matches_the_loader() {
        let schema: serde_json::Value = serde_json::from_str(include_str!(
            "../editors/vscode/schemas/macrolint-config.schema.json"
        ))
        .unwrap();
        let props = schema["properties"].as_object().unwrap();
        let mut in_schema: Vec<&str> = props.keys().map(String::as_str).collect();
        in_schema.sort_unstable();
        let e = parse("not-a-setting = 1").unwrap_err().0.remove(0).message;
        let expected = e.split("expected one of").nth(1).expect(&e);
        let mut in_loader: Vec<&str> = expected
            .split(',')
            .map(|k| k.trim().trim_matches('`'))
            .collect();
        in_loader.sort_unstable();
        assert_eq!(in_schema, in_loader);
        let rules: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        let listed = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(listed(&props["rules"]["propertyNames"]["enum"]), rules);
        assert_eq!(
            listed(&props["per-file-ignores"]["additionalProperties"]["items"]["enum"]),
            rules
        );
        let package: serde_json::Value =
            serde_json::from_str(include_str!("../editors/vscode/package.json")).unwrap();
        let levels =
            package["contributes"]["configuration"]["properties"]["macrolint.rules"]["properties"]
                .as_object()
                .unwrap();
        let mut sorted = rules.clone();
        sorted.sort_unstable();
        assert_eq!(levels.keys().collect::<Vec<_>>(), sorted);
    }

    #[test]
    fn full_config() {
        let c = parse(
            r#"
catalog = "catalogs/ours.toml"
default-audience = ["buyer"]
lang = "en"
max-file-size = "1 MiB"
exclude = ["drafts/**"]
[rules]
hard-to-reach = "off"
contact-format = "error"
[[scope]]
paths = ["sellers/**"]
audience = ["seller"]
[[scope]]
paths = ["sellers/premium/**"]
audience = ["seller", "premium"]
region = "abroad"
[per-file-ignores]
"exports/**" = ["contact-format", "hard-to-reach"]
"#,
        )
        .unwrap();
        assert_eq!(
            c.catalog.as_deref(),
            Some(Path::new("/repo/catalogs/ours.toml"))
        );
        assert_eq!(c.max_file_size, Some(1 << 20));
        assert_eq!(c.levels[&Rule::HardToReach], None);
        assert_eq!(c.levels[&Rule::ContactFormat], Some(Severity::Error));
        let p = Path::new("/repo/sellers/premium/a.md");
        assert_eq!(c.audience_for(p).unwrap().len(), 2);
        assert_eq!(c.region_for(p).as_deref(), Some("abroad"));
        assert_eq!(
            c.audience_for(Path::new("/repo/sellers/a.md"))
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            ["seller"]
        );
        assert_eq!(
            c.audience_for(Path::new("/repo/buyers/a.md"))
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            ["buyer"]
        );
        assert!(!c.selects(Path::new("/repo/drafts/x.md")));
        assert!(c.selects(Path::new("/repo/x.md")));
        assert_eq!(
            c.ignored_for(Path::new("/repo/exports/a.json")),
            [Rule::ContactFormat, Rule::HardToReach]
        );
        assert!(c.ignored_for(Path::new("/repo/a.md")).is_empty());
    }

    #[test]
    fn errors_point_at_the_value() {
        let e = parse("[rules]\nremoved-chanel = \"error\"\n")
            .unwrap_err()
            .0;
        assert_eq!((e[0].line, e[0].column), (2, 18));
        assert!(e[0].message.contains("unknown rule"));
        let e = parse("[rules]\nremoved-channel = \"loud\"\n")
            .unwrap_err()
            .0;
        assert!(e[0].message.contains("not a severity"));
        let e = parse("colour = 1\n").unwrap_err().0;
        assert!(e[0].message.contains("colour"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("500KB"), Some(500_000));
        assert_eq!(parse_size("2 MiB"), Some(2 << 20));
        assert_eq!(parse_size("lots"), None);
    }
}

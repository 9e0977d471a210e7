//! The WebAssembly shell (wasm-bindgen): what the web playground and the browser extension call.
//!
//! A [`Linter`] holds one catalog (the embedded default, or TOML text the user opened); its
//! methods take a template's text and plain options and return plain JavaScript objects. The
//! core is given everything it needs: the date comes from the caller (no clock here), the text
//! from the page (no files), and nothing runs on another thread.
//!
//! Findings carry what `macrolint check --format json` prints for them (rule, severity,
//! message, channels, 1-based line and character column range, byte range, fixes), so a test
//! can compare the two, and also `from` / `to`: the same range in UTF-16 code units, the way
//! JavaScript strings, CodeMirror and the DOM count.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::assist::{self, CompletionKind, CompletionQuery, CompletionStyle, HoverQuery, Utf16Map};
use crate::catalog::{CatalogErrors, Origin};
use crate::config::Config;
use crate::source::LineIndex;
use crate::{Catalog, Context, Document, Finding, Format, Lang, Silence};

/// What a call says about the text beyond the text itself. Every field may be left out, except
/// `asOf` when no `config` pins the date.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Options {
    /// `markdown`, `plain`, `html`, `liquid`, `json`, ... (as `--format-override` takes them);
    /// else the extension of `path`, else sniffed from the text.
    format: Option<String>,
    /// The template's path, relative to the folder of `config`: picks the format by extension
    /// and the config's `[[scope]]` for it.
    path: Option<String>,
    /// Who the template is for (catalog audience ids); front matter in the text beats it.
    audience: Option<Vec<String>>,
    /// Where the reader is (a catalog region id).
    region: Option<String>,
    /// `YYYY-MM-DD`: the date catalog changes are judged by (the caller's today, or the
    /// user's choice); without it, the `as-of` of `config`, as `--as-of` and the config
    /// rank for the CLI. One of the two is required.
    as_of: Option<String>,
    /// `ru` or `en` (default `ru`, as the CLI's last resort).
    lang: Option<String>,
    /// The text of a `macrolint.toml`, read as the CLI reads it.
    config: Option<String>,
    /// `literal` (default) or `placeholder`: what completion inserts.
    completion_style: Option<String>,
    /// Completion asked because a character was typed, not explicitly.
    typed: bool,
    /// The text was given on purpose (typed or opened in the playground), as a file named on
    /// the command line is: a JSON or YAML file with no template text in it is then reported.
    explicit: bool,
}

/// Everything a check of one text needs, resolved from [`Options`].
struct Resolved {
    config: Option<Config>,
    as_of: jiff::civil::Date,
    lang: Lang,
    format: Option<Format>,
    audience: Option<crate::catalog::Audience>,
    region: Option<String>,
    explicit: bool,
}

fn error(message: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&message.to_string())
}

impl Options {
    fn from_js(v: JsValue) -> Result<Options, JsValue> {
        if v.is_undefined() || v.is_null() {
            return Ok(Options::default());
        }
        serde_wasm_bindgen::from_value(v).map_err(|e| error(format!("options: {e}")))
    }

    fn resolve(&self) -> Result<Resolved, JsValue> {
        let config = match &self.config {
            Some(text) => Some(
                Config::from_toml(text, Path::new("macrolint.toml"))
                    .map_err(|e| to_js(&errors(&e)))?,
            ),
            None => None,
        };
        let given = match &self.as_of {
            Some(s) => Some(
                s.parse::<jiff::civil::Date>()
                    .map_err(|e| error(format!("asOf: `{s}` is not a date (YYYY-MM-DD): {e}")))?,
            ),
            None => None,
        };
        let as_of = given
            .or(config.as_ref().and_then(|c| c.as_of))
            .ok_or_else(|| error("asOf (YYYY-MM-DD) is required: the core has no clock"))?;
        let lang = match &self.lang {
            Some(s) => {
                Lang::parse(s).ok_or_else(|| error(format!("lang: `{s}` is not ru or en")))?
            }
            None => config.as_ref().and_then(|c| c.lang).unwrap_or(Lang::Ru),
        };
        let format = match &self.format {
            Some(s) => {
                Some(Format::parse(s).ok_or_else(|| error(format!("format: `{s}` is unknown")))?)
            }
            None => None,
        };
        Ok(Resolved {
            config,
            as_of,
            lang,
            format,
            audience: self.audience.as_ref().map(|a| a.iter().cloned().collect()),
            region: self.region.clone(),
            explicit: self.explicit,
        })
    }
}

impl Resolved {
    fn document(&self, text: String, path: Option<&Path>) -> Document {
        let format = self
            .format
            .or_else(|| {
                path.and_then(|p| match &self.config {
                    Some(c) => c.format_for(p),
                    None => Format::from_path(p),
                })
            })
            .unwrap_or_else(|| Format::sniff(&text));
        let mut read = self.config.as_ref().map(|c| c.read).unwrap_or_default();
        read.explicit = self.explicit;
        read.shape = path.and_then(|p| self.config.as_ref().and_then(|c| c.shape_for(p)));
        Document::with_options(text, format, read)
    }

    fn context<'a>(&self, catalog: &'a Catalog, path: Option<&Path>) -> Context<'a> {
        let mut ctx = Context::new(catalog, self.as_of);
        if let Some(c) = &self.config {
            c.apply_to(&mut ctx, path.unwrap_or(Path::new("")));
        }
        if self.audience.is_some() {
            ctx.audience = self.audience.clone();
        }
        if self.region.is_some() {
            ctx.region = self.region.clone();
        }
        ctx
    }
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(error)
}

/// A catalog problem as the page shows it.
#[derive(Serialize)]
struct ErrorItem {
    file: String,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
}

/// What a broken catalog or config throws: `{ message, errors: [{ file, line, column,
/// message, help }] }`, every problem in the file's order.
#[derive(Serialize)]
struct Errors {
    message: String,
    errors: Vec<ErrorItem>,
}

fn errors(e: &CatalogErrors) -> Errors {
    Errors {
        message: e.to_string(),
        errors: e
            .0
            .iter()
            .map(|x| ErrorItem {
                file: x.file.clone(),
                line: x.line,
                column: x.column,
                message: x.message.clone(),
                help: x.help.clone(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct EditItem {
    byte_range: [usize; 2],
    replacement: String,
    from: usize,
    to: usize,
}

#[derive(Serialize)]
struct FixItem {
    title: String,
    safe: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    display_only: bool,
    edits: Vec<EditItem>,
}

#[derive(Serialize)]
struct FindingItem {
    rule: crate::Rule,
    severity: crate::Severity,
    message: String,
    channels: Vec<String>,
    range: Range,
    byte_range: [usize; 2],
    fixes: Vec<FixItem>,
    #[serde(rename = "macro", skip_serializing_if = "Option::is_none")]
    unit: Option<crate::finding::MacroRef>,
    /// The range in UTF-16 code units.
    from: usize,
    to: usize,
    /// What the rule means and how to fix it.
    explanation: String,
}

fn finding_item(
    f: &Finding,
    text: &str,
    lines: &LineIndex,
    map: &Utf16Map,
    lang: Lang,
) -> FindingItem {
    let pos = |offset| {
        let (line, column) = lines.position(text, offset);
        Position { line, column }
    };
    FindingItem {
        rule: f.rule,
        severity: f.severity,
        message: f.message.get(lang).to_string(),
        channels: f.channels.iter().map(|c| c.as_str().to_string()).collect(),
        range: Range {
            start: pos(f.range.start),
            end: pos(f.range.end),
        },
        byte_range: [f.range.start, f.range.end],
        fixes: f
            .fixes
            .iter()
            .map(|fix| FixItem {
                title: fix.title.get(lang).to_string(),
                safe: fix.safe,
                display_only: fix.display_only,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| EditItem {
                        byte_range: [e.range.start, e.range.end],
                        replacement: e.replacement.clone(),
                        from: map.to_utf16(e.range.start),
                        to: map.to_utf16(e.range.end),
                    })
                    .collect(),
            })
            .collect(),
        unit: f.unit.clone(),
        from: map.to_utf16(f.range.start),
        to: map.to_utf16(f.range.end),
        explanation: f.rule.explain(lang).to_string(),
    }
}

#[derive(Serialize)]
struct CompletionItem {
    label: String,
    description: Option<String>,
    /// `id` (after `{{contact.`) or `contact`.
    kind: &'static str,
    detail: String,
    documentation: String,
    sort_text: String,
    filter_text: String,
    insert: String,
    from: usize,
    to: usize,
    deprecated: bool,
}

#[derive(Serialize)]
struct HoverItem {
    markdown: String,
    from: usize,
    to: usize,
}

#[derive(Serialize)]
struct NamedItem {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct Info {
    name: String,
    hash: String,
    channels: usize,
    audiences: Vec<NamedItem>,
    regions: Vec<NamedItem>,
}

/// One text checked: what hover needs besides the text.
struct Checked {
    doc: Document,
    findings: Vec<Finding>,
    silences: Vec<Silence>,
}

/// A catalog, ready to check texts against.
#[wasm_bindgen]
pub struct Linter {
    catalog: Arc<Catalog>,
    /// Verdicts of the pieces of the last text checked, so typing re-judges only the piece
    /// being typed in (see `crate::chunk`). Keyed by the pieces' text, so a check of another
    /// text is as right, only slower.
    judged: std::cell::RefCell<crate::chunk::Judged>,
}

#[wasm_bindgen]
impl Linter {
    /// The embedded default catalog.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Linter {
        Linter {
            catalog: Catalog::default_catalog(),
            judged: Default::default(),
        }
    }

    /// A catalog from TOML text (`name` is how its errors name the file), its claim examples
    /// run as `macrolint catalog check` runs them. Throws `{ message, errors }` when the file
    /// is broken, every problem with its line and column.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str, name: &str) -> Result<Linter, JsValue> {
        crate::examples::load_text(text, Origin::File(name.to_string()))
            .map(|c| Linter {
                catalog: Arc::new(c),
                judged: Default::default(),
            })
            .map_err(|e| to_js(&errors(&e)))
    }

    /// The catalog's name, hash, channel count, and its audiences and regions named in `lang`.
    pub fn info(&self, lang: &str) -> JsValue {
        let lang = Lang::parse(lang).unwrap_or(Lang::Ru);
        let c = &self.catalog;
        let named = |id: &str, name: &crate::catalog::Text| NamedItem {
            id: id.to_string(),
            name: name.get(lang).unwrap_or(id).to_string(),
        };
        to_js(&Info {
            name: c.name.clone(),
            hash: c.hash.clone(),
            channels: c.channels.len(),
            audiences: c
                .audiences
                .defs
                .iter()
                .map(|a| named(&a.id, &a.name))
                .collect(),
            regions: c
                .regions
                .defs
                .iter()
                .map(|r| named(&r.id, &r.name))
                .collect(),
        })
    }

    /// The findings of `text`, in source order (see the module's doc for their shape).
    pub fn check(&self, text: String, options: JsValue) -> Result<JsValue, JsValue> {
        let o = Options::from_js(options)?;
        let r = o.resolve()?;
        let checked = self.run(&o, &r, text);
        let text = &checked.doc.text;
        let lines = LineIndex::new(text);
        let map = Utf16Map::new(text);
        let items: Vec<FindingItem> = checked
            .findings
            .iter()
            .map(|f| finding_item(f, text, &lines, &map, r.lang))
            .collect();
        Ok(to_js(&items))
    }

    /// The completion items at UTF-16 offset `offset`, or `null`.
    pub fn complete(
        &self,
        text: String,
        offset: usize,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = Options::from_js(options)?;
        let r = o.resolve()?;
        let path = o.path.as_deref().map(Path::new);
        let doc = r.document(text, path);
        let ctx = r.context(&self.catalog, path);
        let map = Utf16Map::new(&doc.text);
        let style = match o.completion_style.as_deref() {
            Some("placeholder") => CompletionStyle::Placeholder,
            _ => CompletionStyle::Literal,
        };
        let audience = assist::audience(&doc, ctx.audience.as_ref(), &self.catalog);
        let items = assist::complete(&CompletionQuery {
            text: &doc.text,
            offset: map.to_byte(offset),
            catalog: &self.catalog,
            as_of: r.as_of,
            lang: r.lang,
            audience: audience.as_ref(),
            style,
            typed: o.typed,
        });
        Ok(match items {
            None => JsValue::NULL,
            Some(items) => to_js(
                &items
                    .into_iter()
                    .map(|c| CompletionItem {
                        from: map.to_utf16(c.range.start),
                        to: map.to_utf16(c.range.end),
                        label: c.label,
                        description: c.description,
                        kind: match c.kind {
                            CompletionKind::Id => "id",
                            CompletionKind::Contact => "contact",
                        },
                        detail: c.detail,
                        documentation: c.documentation,
                        sort_text: c.sort_text,
                        filter_text: c.filter_text,
                        insert: c.insert,
                        deprecated: c.deprecated,
                    })
                    .collect::<Vec<_>>(),
            ),
        })
    }

    /// The hover card at UTF-16 offset `offset` (`{ markdown, from, to }`), or `null`.
    pub fn hover(&self, text: String, offset: usize, options: JsValue) -> Result<JsValue, JsValue> {
        let o = Options::from_js(options)?;
        let r = o.resolve()?;
        let checked = self.run(&o, &r, text);
        let text = &checked.doc.text;
        let map = Utf16Map::new(text);
        let scan = assist::scan_file(&checked.doc, &self.catalog);
        let card = assist::hover(&HoverQuery {
            text,
            scan: &scan,
            findings: &checked.findings,
            silences: &checked.silences,
            catalog: &self.catalog,
            as_of: r.as_of,
            lang: r.lang,
            offset: map.to_byte(offset),
        });
        Ok(match card {
            None => JsValue::NULL,
            Some(c) => to_js(&HoverItem {
                from: map.to_utf16(c.range.start),
                to: map.to_utf16(c.range.end),
                markdown: c.markdown,
            }),
        })
    }

    /// `text` with every safe fix applied (what `macrolint fix` writes); with `unsafe_too`,
    /// also the replacements of outdated contacts.
    #[wasm_bindgen(js_name = fixAll)]
    pub fn fix_all(
        &self,
        text: String,
        options: JsValue,
        unsafe_too: bool,
    ) -> Result<String, JsValue> {
        let o = Options::from_js(options)?;
        let r = o.resolve()?;
        let checked = self.run(&o, &r, text);
        let safety = if unsafe_too {
            crate::fix::Safety::All
        } else {
            crate::fix::Safety::SafeOnly
        };
        let edits = crate::fix::edits_for(&checked.findings, safety);
        crate::fix::apply(&checked.doc.text, &edits).map_err(error)
    }
}

impl Default for Linter {
    fn default() -> Self {
        Self::new()
    }
}

impl Linter {
    fn run(&self, o: &Options, r: &Resolved, text: String) -> Checked {
        let path = o.path.as_deref().map(Path::new);
        let doc = r.document(text, path);
        let ctx = r.context(&self.catalog, path);
        let (findings, silences) =
            crate::check_incremental(&doc, &ctx, &mut self.judged.borrow_mut());
        Checked {
            doc,
            findings,
            silences,
        }
    }
}

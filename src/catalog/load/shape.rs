//! The shape of a catalog file, checked against its JSON schema before anything is read from
//! it: every misplaced field, wrong type and unknown key of the whole file in one run, in plain
//! words with an example — never the Rust type a deserializer expected.
//!
//! The schema is the one `macrolint catalog schema` prints (generated from the loader's own
//! types), so this check, the loader and an editor validating the file agree by construction.

use serde_json::Value;
use std::ops::Range;
use std::sync::LazyLock;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The catalog schema, generated once.
static SCHEMA: LazyLock<Value> = LazyLock::new(super::schema);

/// A `pattern` of the schema, compiled once: the few patterns (ids, dates) are checked against
/// every value they govern, and compiling each anew was a tenth of loading a catalog.
fn pattern(p: &str) -> Option<regex::Regex> {
    static COMPILED: LazyLock<
        std::sync::Mutex<std::collections::HashMap<String, Option<regex::Regex>>>,
    > = LazyLock::new(Default::default);
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    compiled
        .entry(p.to_string())
        .or_insert_with(|| regex::Regex::new(p).ok())
        .clone()
}

/// One problem with the file's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShapeError {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
    /// The smallest part of the file that holds the problem and can be left out (an optional
    /// field, else the entry holding it): the rest of the file is still read and checked.
    pub cut: Vec<Step>,
}

/// One step of a path into the file's tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// Leaves the parts `cuts` name out of the tree, and returns the ids of the entries of a list of
/// tables (`[[channel]]`) left out whole: references to them are not errors of their own.
pub(super) fn prune(root: &mut DeTable<'_>, cuts: &[Vec<Step>]) -> Vec<String> {
    let mut cuts: Vec<&Vec<Step>> = cuts.iter().filter(|c| !c.is_empty()).collect();
    cuts.sort();
    cuts.dedup();
    let mut withheld = Vec::new();
    // Deepest and highest-indexed first, so an earlier removal never shifts a later one.
    for cut in cuts.into_iter().rev() {
        remove(root, cut, &mut withheld);
    }
    withheld
}

fn remove(table: &mut DeTable<'_>, cut: &[Step], withheld: &mut Vec<String>) {
    let Some(Step::Key(first)) = cut.first() else {
        return;
    };
    if cut.len() == 1 {
        table.remove(first.as_str());
        return;
    }
    if let Some(v) = table.get_mut(first.as_str()) {
        remove_in(v.get_mut(), &cut[1..], withheld);
    }
}

fn remove_in(value: &mut DeValue<'_>, cut: &[Step], withheld: &mut Vec<String>) {
    match (value, &cut[0]) {
        (DeValue::Table(t), Step::Key(_)) => remove(t, cut, withheld),
        (DeValue::Array(list), Step::Index(i)) => {
            if cut.len() == 1 {
                if *i >= list.len() {
                    return;
                }
                if let Some(id) = element_name(list[*i].get_ref()) {
                    withheld.push(id);
                }
                let old = std::mem::replace(list, toml::de::DeArray::new());
                for (j, el) in old.as_ref().iter().enumerate() {
                    if j != *i {
                        list.push(el.clone());
                    }
                }
            } else if let Some(el) = list.get_mut(*i) {
                remove_in(el.get_mut(), &cut[1..], withheld);
            }
        }
        _ => {}
    }
}

/// Every shape problem of a parsed file.
pub(super) fn check(root: &Spanned<DeTable<'_>>) -> Vec<ShapeError> {
    let mut out = Vec::new();
    let schema = &*SCHEMA;
    let mut w = Walker {
        root: schema,
        out: &mut out,
    };
    let at = Place {
        name: String::new(),
        steps: Vec::new(),
        cut: Vec::new(),
    };
    w.table(root.get_ref(), root.span(), schema, &at);
    out
}

/// Where the walk is: the path as a reader names it, as steps, and the part to leave out for a
/// problem found here.
#[derive(Clone)]
struct Place {
    name: String,
    steps: Vec<Step>,
    cut: Vec<Step>,
}

impl Place {
    fn key(&self, key: &str, optional: bool) -> Place {
        let mut steps = self.steps.clone();
        steps.push(Step::Key(key.to_string()));
        Place {
            name: if self.name.is_empty() {
                key.to_string()
            } else {
                format!("{}.{key}", self.name)
            },
            cut: cut_at(&self.cut, &steps, optional),
            steps,
        }
    }

    fn index(&self, i: usize, id: Option<String>) -> Place {
        let mut steps = self.steps.clone();
        steps.push(Step::Index(i));
        Place {
            name: match id {
                Some(id) => format!("{}[{}] ({id})", self.name, i + 1),
                None => format!("{}[{}]", self.name, i + 1),
            },
            // An element of a list can be left out, unless a field around it goes already.
            cut: cut_at(&self.cut, &steps, true),
            steps,
        }
    }

    /// The key a value sits under, for examples.
    fn last_key(&self) -> &str {
        self.steps
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .unwrap_or("")
    }
}

/// What to leave out for a problem at `steps`, the part left out above it being `cut`.
///
/// The first two steps name an entry (`channel[3]`, `words.premium`, `catalog.region`): an
/// entry can always go. Below it, the outermost optional part goes (a broken `hours` goes whole,
/// not only its `from`, so no second error follows from what is left), and a problem in a
/// required field takes its entry with it.
fn cut_at(cut: &[Step], steps: &[Step], optional: bool) -> Vec<Step> {
    if steps.len() <= 2 || (optional && cut.len() <= 2) {
        steps.to_vec()
    } else {
        cut.to_vec()
    }
}

struct Walker<'a> {
    root: &'a Value,
    out: &'a mut Vec<ShapeError>,
}

/// A schema with its `$ref` followed.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut s = schema;
    for _ in 0..8 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let path = r.trim_start_matches("#/");
                let mut at = root;
                for part in path.split('/') {
                    at = at.get(part).unwrap_or(&Value::Null);
                }
                s = at;
            }
            None => break,
        }
    }
    s
}

/// The types a schema allows, with `null` dropped (TOML has none: an optional field is left out).
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

/// The alternatives of an `anyOf` or `oneOf`, `null` dropped; none for a choice of fixed words
/// (that is an enumeration: see [`enumeration`]).
fn alternatives<'a>(root: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    if enumeration(root, schema).is_some() {
        return Vec::new();
    }
    schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| resolve(root, s))
                .filter(|s| types(s) != ["null"])
                .collect()
        })
        .unwrap_or_default()
}

/// The fixed words a value may be: an `enum`, a `const`, or a choice among them (how a
/// documented Rust enum comes out of schemars).
fn enumeration<'a>(root: &'a Value, schema: &'a Value) -> Option<Vec<&'a str>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.iter().filter_map(Value::as_str).collect());
    }
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        return Some(vec![c]);
    }
    let list = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))?
        .as_array()?;
    let mut out = Vec::new();
    for alt in list {
        let alt = resolve(root, alt);
        if types(alt).is_empty() && alt.get("type").is_some() {
            continue; // null
        }
        out.extend(enumeration(root, alt)?);
    }
    Some(out)
}

fn found(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// What a schema expects, in words, with an example of the TOML.
fn expected(root: &Value, schema: &Value, key: &str) -> (String, String) {
    let schema = resolve(root, schema);
    // The loader's types say it best themselves where they can (`x-expected`, `x-example`).
    if let (Some(what), Some(example)) = (
        schema.get("x-expected").and_then(Value::as_str),
        schema.get("x-example").and_then(Value::as_str),
    ) {
        return (what.to_string(), format!("{key} = {example}"));
    }
    let alts = alternatives(root, schema);
    if !alts.is_empty() {
        if alts.len() == 1 {
            return expected(root, alts[0], key);
        }
        let words: Vec<String> = alts.iter().map(|a| expected(root, a, key).0).collect();
        let example = expected(root, alts[0], key).1;
        return (words.join(" or "), example);
    }
    if let Some(values) = enumeration(root, schema) {
        let names: Vec<String> = values.iter().map(|s| format!("\"{s}\"")).collect();
        let first = names.first().cloned().unwrap_or_default();
        return (
            format!("one of {}", names.join(", ")),
            format!("{key} = {first}"),
        );
    }
    let is_date = schema.get("pattern").and_then(Value::as_str) == Some(r"^\d{4}-\d{2}-\d{2}$");
    match types(schema).first().copied() {
        Some("string") if is_date => ("a date".to_string(), format!("{key} = 2024-05-01")),
        Some("string") => ("a text in quotes".to_string(), format!("{key} = \"…\"")),
        Some("integer") => ("a whole number".to_string(), format!("{key} = 4")),
        Some("number") => ("a number".to_string(), format!("{key} = 1.5")),
        Some("boolean") => ("true or false".to_string(), format!("{key} = true")),
        Some("array") => {
            let item = schema.get("items").map(|i| resolve(root, i));
            let inner = item.map(|i| expected(root, i, "").0).unwrap_or_default();
            let is_tables = item.is_some_and(|i| types(i).contains(&"object"));
            if is_tables {
                (
                    format!("a list of tables ({inner})"),
                    format!("[[{key}]] sections, one per item"),
                )
            } else {
                (
                    format!("a list of {}", plural(&inner)),
                    format!("{key} = [\"…\", \"…\"]"),
                )
            }
        }
        Some("object") => {
            let keys: Vec<String> = schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().take(4).map(|k| format!("`{k}`")).collect())
                .unwrap_or_default();
            if keys.is_empty() {
                ("a table".to_string(), format!("[{key}] section"))
            } else {
                let first = schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .and_then(|p| p.keys().next().cloned())
                    .unwrap_or_default();
                (
                    format!("a table with {}", keys.join(", ")),
                    format!("{key}.{first} = …"),
                )
            }
        }
        _ => ("a value".to_string(), format!("{key} = …")),
    }
}

fn plural(words: &str) -> String {
    match words {
        "a text in quotes" => "texts in quotes".into(),
        "a whole number" => "whole numbers".into(),
        other => format!("({other})"),
    }
}

/// Whether `value` matches `schema` (no errors recorded).
fn fits(root: &Value, value: &DeValue<'_>, schema: &Value) -> bool {
    let mut out = Vec::new();
    let mut w = Walker {
        root,
        out: &mut out,
    };
    let at = Place {
        name: String::new(),
        steps: Vec::new(),
        cut: Vec::new(),
    };
    w.value(value, 0..0, schema, &at);
    out.is_empty()
}

impl Walker<'_> {
    fn push(&mut self, span: Range<usize>, message: String, help: String, at: &Place) {
        self.out.push(ShapeError {
            span,
            message,
            help,
            cut: at.cut.clone(),
        });
    }

    /// A table: unknown keys, missing required keys, each value.
    fn table(&mut self, table: &DeTable<'_>, span: Range<usize>, schema: &Value, at: &Place) {
        let schema = resolve(self.root, schema);
        let props = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (k, v) in table {
            let key = k.get_ref().as_ref();
            let here = at.key(key, !required.contains(&key));
            match props.and_then(|p| p.get(key)) {
                Some(s) => self.value(v.get_ref(), v.span(), s, &here),
                None => match extra {
                    Some(s) if s.is_object() => self.value(v.get_ref(), v.span(), s, &here),
                    Some(Value::Bool(true)) => {}
                    _ => {
                        let known: Vec<&String> =
                            props.map(|p| p.keys().collect()).unwrap_or_default();
                        let near = known
                            .iter()
                            .map(|n| (strsim::levenshtein(n, key), *n))
                            .min()
                            .filter(|(d, _)| *d <= 3)
                            .map(|(_, n)| format!("did you mean `{n}`? "))
                            .unwrap_or_default();
                        let list: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
                        // An unknown field is left out itself: the entry around it is sound.
                        let mut cut = here.clone();
                        cut.cut = here.steps.clone();
                        self.push(
                            k.span(),
                            format!("unknown field `{}`", here.name),
                            if list.is_empty() {
                                "remove it".to_string()
                            } else {
                                format!("{near}the fields here are {}", list.join(", "))
                            },
                            &cut,
                        );
                    }
                },
            }
        }
        for r in required {
            if !table.keys().any(|k| k.get_ref().as_ref() == r) {
                let s = props.and_then(|p| p.get(r)).cloned().unwrap_or(Value::Null);
                let (what, example) = expected(self.root, &s, r);
                let whose = if at.name.is_empty() {
                    "the file".to_string()
                } else {
                    format!("`{}`", at.name)
                };
                self.push(
                    span.start..span.start,
                    format!("{whose} has no `{r}`: it needs {what}"),
                    format!("add `{example}`"),
                    at,
                );
            }
        }
    }

    fn wrong_kind(&mut self, value: &DeValue<'_>, span: Range<usize>, schema: &Value, at: &Place) {
        let (what, example) = expected(self.root, schema, at.last_key());
        self.push(
            span,
            format!("`{}` is {}, but it must be {what}", at.name, found(value)),
            format!("write it as `{example}`"),
            at,
        );
    }

    /// One value against its schema.
    fn value(&mut self, value: &DeValue<'_>, span: Range<usize>, schema: &Value, at: &Place) {
        let schema = resolve(self.root, schema);
        let alts = alternatives(self.root, schema);
        if !alts.is_empty() {
            if alts.iter().any(|a| fits(self.root, value, a)) {
                return;
            }
            // None fits: the alternative of the value's own kind says the most.
            let same_kind = alts.iter().find(|a| {
                matches!(
                    (value, types(a).first().copied()),
                    (DeValue::Table(_), Some("object"))
                        | (DeValue::Array(_), Some("array"))
                        | (DeValue::String(_), Some("string"))
                        | (DeValue::Integer(_), Some("integer" | "number"))
                )
            });
            match same_kind {
                Some(a) => self.value(value, span, a, at),
                None => self.wrong_kind(value, span, schema, at),
            }
            return;
        }
        let allowed = types(schema);
        let is_words = enumeration(self.root, schema).is_some();
        let kind_ok = (is_words && matches!(value, DeValue::String(_)))
            || (!is_words && allowed.is_empty())
            || allowed.iter().any(|t| match (*t, value) {
                ("string", DeValue::String(_)) => true,
                // A TOML date stands for a date field (the schema calls dates strings).
                ("string", DeValue::Datetime(_)) => schema.get("pattern").is_some(),
                ("integer", DeValue::Integer(_)) => true,
                ("number", DeValue::Integer(_) | DeValue::Float(_)) => true,
                ("boolean", DeValue::Boolean(_)) => true,
                ("array", DeValue::Array(_)) => true,
                ("object", DeValue::Table(_)) => true,
                _ => false,
            });
        if !kind_ok {
            self.wrong_kind(value, span, schema, at);
            return;
        }
        match value {
            DeValue::String(s) => {
                if let Some(names) = enumeration(self.root, schema)
                    && !names.contains(&s.as_ref())
                {
                    let (what, _) = expected(self.root, schema, at.last_key());
                    let near = names
                        .iter()
                        .map(|n| (strsim::levenshtein(n, s), *n))
                        .min()
                        .filter(|(d, _)| *d <= 3)
                        .map(|(_, n)| format!("did you mean \"{n}\"? "))
                        .unwrap_or_default();
                    self.push(
                        span,
                        format!("`{}` is \"{s}\", but it must be {what}", at.name),
                        format!("{near}write one of them"),
                        at,
                    );
                } else if let Some(p) = schema.get("pattern").and_then(Value::as_str)
                    && pattern(p).is_some_and(|re| !re.is_match(s))
                {
                    let (what, example) = expected(self.root, schema, at.last_key());
                    self.push(
                        span,
                        format!("`{}` is \"{s}\", but it must be {what}", at.name),
                        format!("write it as `{example}`"),
                        at,
                    );
                }
            }
            DeValue::Integer(i) => {
                let negative = i.as_str().trim_start().starts_with('-');
                if negative && schema.get("minimum").and_then(Value::as_f64) == Some(0.0) {
                    self.push(
                        span,
                        format!("`{}` is negative, but it must be zero or more", at.name),
                        format!("write it as `{} = 4`", at.last_key()),
                        at,
                    );
                }
            }
            DeValue::Array(list) => {
                if let Some(items) = schema.get("items") {
                    for (i, el) in list.iter().enumerate() {
                        let here = at.index(i, element_name(el.get_ref()));
                        self.value(el.get_ref(), el.span(), items, &here);
                    }
                }
            }
            DeValue::Table(t) => self.table(t, span, schema, at),
            _ => {}
        }
    }
}

/// The id or name of a table in a list, to say which one a problem is in.
fn element_name(v: &DeValue<'_>) -> Option<String> {
    let t = v.as_table()?;
    for key in ["id", "name"] {
        if let Some((_, v)) = t.iter().find(|(k, _)| k.get_ref().as_ref() == key)
            && let Some(s) = v.get_ref().as_str()
        {
            return Some(s.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let (t, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        check(&t)
            .into_iter()
            .map(|e| format!("{} | {}", e.message, e.help))
            .collect()
    }

    #[test]
    fn every_problem_in_one_run_in_plain_words() {
        let p = problems(
            "[[channel]]\nid = \"a\"\nkind = \"pager\"\nstatus = \"active\"\nhours = \"24/7\"\nsource = [\"s\"]\ncolour = 1\n\n[[channel]]\nid = \"b\"\nkind = \"phone\"\nstatus = \"activ\"\n",
        );
        assert!(
            p.iter()
                .any(|m| m.contains("`channel[1] (a).kind` is \"pager\", but it must be one of")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("`channel[1] (a).hours` is a text")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("unknown field `channel[1] (a).colour`")),
            "{p:#?}"
        );
        assert!(
            p.iter().any(|m| m.contains("did you mean \"active\"")),
            "{p:#?}"
        );
        assert!(p.iter().any(|m| m.contains("has no `source`")), "{p:#?}");
        assert!(
            p.iter()
                .all(|m| !m.contains("struct") && !m.contains("enum")),
            "{p:#?}"
        );
    }

    #[test]
    fn a_sound_file_has_no_shape_problems() {
        let (t, _) = DeTable::parse_recoverable(crate::catalog::DEFAULT_CATALOG_TOML);
        assert_eq!(check(&t), Vec::new());
    }
}

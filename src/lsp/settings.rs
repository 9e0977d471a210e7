//! The editor's settings for macrolint, from `initializationOptions`,
//! `workspace/didChangeConfiguration` or a `workspace/configuration` answer.
//!
//! Every source sends the same JSON object (also accepted nested under a `macrolint` key, the
//! way VS Code sends a section). An update lays its keys over the current settings: a key
//! present replaces the value (`null` resets it), a key absent keeps it, so a client that sends
//! one setting does not reset the others. The settings beat `macrolint.toml`, as CLI flags do.

use jiff::civil::Date;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::catalog::Audience;
use crate::context::Level;
use crate::{Lang, Rule, Severity};

pub use crate::assist::CompletionStyle;

/// How long after the last edit a document is checked, unless configured.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A catalog file that beats the one `macrolint.toml` names.
    pub catalog: Option<PathBuf>,
    pub as_of: Option<Date>,
    /// Per-rule levels laid over `macrolint.toml`'s `[rules]`.
    pub rules: BTreeMap<Rule, Level>,
    pub default_audience: Option<Audience>,
    pub lang: Option<Lang>,
    pub debounce: Duration,
    pub completion_style: CompletionStyle,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            catalog: None,
            as_of: None,
            rules: BTreeMap::new(),
            default_audience: None,
            lang: None,
            debounce: DEFAULT_DEBOUNCE,
            completion_style: CompletionStyle::default(),
        }
    }
}

/// The keys this module reads, for the message about unknown ones.
const KEYS: &[&str] = &[
    "catalog",
    "asOf",
    "rules",
    "defaultAudience",
    "lang",
    "debounceMs",
    "completionStyle",
];

impl Settings {
    /// Lays `value` over the settings; relative paths are taken from `base` (the workspace
    /// root). Returns a sentence per value it could not use (those keep their old value).
    pub fn merge(&mut self, value: &Value, base: Option<&Path>) -> Vec<String> {
        let value = match value.get("macrolint") {
            Some(inner @ Value::Object(_)) => inner,
            _ => value,
        };
        let Value::Object(map) = value else {
            return match value {
                Value::Null => Vec::new(),
                _ => vec!["settings must be a JSON object".into()],
            };
        };
        let mut problems = Vec::new();
        for (key, v) in map {
            match key.as_str() {
                "catalog" => match v {
                    Value::Null => self.catalog = None,
                    Value::String(s) if s.trim().is_empty() => self.catalog = None,
                    Value::String(s) => self.catalog = Some(resolve(s, base)),
                    _ => problems.push("`catalog` must be a path".into()),
                },
                "asOf" => match v {
                    Value::Null => self.as_of = None,
                    Value::String(s) if s.trim().is_empty() => self.as_of = None,
                    Value::String(s) => match s.trim().parse::<Date>() {
                        Ok(d) => self.as_of = Some(d),
                        Err(_) => problems.push(format!("`asOf` `{s}` is not a date (YYYY-MM-DD)")),
                    },
                    _ => problems.push("`asOf` must be a date string".into()),
                },
                "rules" => match v {
                    Value::Null => self.rules.clear(),
                    Value::Object(rules) => {
                        let mut parsed = BTreeMap::new();
                        for (id, level) in rules {
                            let Ok(rule) = id.parse::<Rule>() else {
                                problems.push(format!("`rules`: unknown rule `{id}`"));
                                continue;
                            };
                            match level.as_str().and_then(parse_level) {
                                Some(l) => {
                                    parsed.insert(rule, l);
                                }
                                None => problems.push(format!(
                                    "`rules.{id}` must be \"error\", \"warning\", \"info\" or \"off\""
                                )),
                            }
                        }
                        self.rules = parsed;
                    }
                    _ => problems.push("`rules` must be an object".into()),
                },
                "defaultAudience" => match v {
                    Value::Null => self.default_audience = None,
                    Value::String(s) => {
                        self.default_audience = Some(audience(s.split([',', ' '])));
                    }
                    Value::Array(items) => {
                        self.default_audience =
                            Some(audience(items.iter().filter_map(Value::as_str)));
                    }
                    _ => problems.push("`defaultAudience` must be a list of audiences".into()),
                },
                "lang" => match v {
                    Value::Null => self.lang = None,
                    Value::String(s) if s.trim().is_empty() => self.lang = None,
                    Value::String(s) => match Lang::parse(s.trim()) {
                        Some(l) => self.lang = Some(l),
                        None => problems.push(format!("`lang` `{s}`: use \"ru\" or \"en\"")),
                    },
                    _ => problems.push("`lang` must be \"ru\" or \"en\"".into()),
                },
                "debounceMs" => match v {
                    Value::Null => self.debounce = DEFAULT_DEBOUNCE,
                    v => match v.as_u64() {
                        Some(ms) => self.debounce = Duration::from_millis(ms.min(60_000)),
                        None => problems.push("`debounceMs` must be a number ≥ 0".into()),
                    },
                },
                "completionStyle" => match v.as_str() {
                    None if v.is_null() => self.completion_style = CompletionStyle::default(),
                    Some("literal") => self.completion_style = CompletionStyle::Literal,
                    Some("placeholder") => self.completion_style = CompletionStyle::Placeholder,
                    _ => problems
                        .push("`completionStyle` must be \"literal\" or \"placeholder\"".into()),
                },
                other => problems.push(format!(
                    "unknown setting `{other}` (known: {})",
                    KEYS.join(", ")
                )),
            }
        }
        problems
    }
}

fn parse_level(s: &str) -> Option<Level> {
    match s {
        "off" | "allow" => Some(None),
        s => Severity::parse(s).map(Some),
    }
}

fn audience<'a>(items: impl Iterator<Item = &'a str>) -> Audience {
    items
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn resolve(path: &str, base: Option<&Path>) -> PathBuf {
    let path = path.trim();
    let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    };
    match base {
        Some(b) if expanded.is_relative() => b.join(expanded),
        _ => expanded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_keys_and_keeps_the_rest() {
        let mut s = Settings::default();
        let problems = s.merge(
            &json!({"macrolint": {"catalog": "cat.toml", "asOf": "2023-01-01", "debounceMs": 0,
                "rules": {"hard-to-reach": "off", "contact-format": "error"},
                "defaultAudience": ["Seller"], "completionStyle": "placeholder"}}),
            Some(Path::new("/ws")),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.catalog.as_deref(), Some(Path::new("/ws/cat.toml")));
        assert_eq!(s.debounce, Duration::ZERO);
        assert_eq!(s.rules[&Rule::HardToReach], None);
        assert_eq!(s.completion_style, CompletionStyle::Placeholder);
        assert!(s.default_audience.as_ref().unwrap().contains("seller"));

        let problems = s.merge(&json!({"lang": "en", "asOf": null}), None);
        assert!(problems.is_empty());
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.as_of, None);
        assert_eq!(s.debounce, Duration::ZERO, "absent keys are kept");
    }

    #[test]
    fn reports_bad_values_and_keeps_the_old_ones() {
        let mut s = Settings::default();
        let problems = s.merge(
            &json!({"lang": "fr", "asOf": "yesterday", "rules": {"nope": "off"}, "colour": 1}),
            None,
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(s.lang, None);
    }
}

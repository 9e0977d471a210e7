//! The catalog file as TOML gives it, with the span of every value an error may point at.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

use crate::catalog::{Cost, Kind, Status, Text};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[schemars(with = "Option<String>")]
    pub extends: Option<Spanned<String>>,
    pub catalog: Option<RawMeta>,
    /// Named word lists, referenced from frames as `@name`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub words: BTreeMap<String, Spanned<Vec<String>>>,
    /// Cues per language: `[language.ru]`, `[language.en]`.
    #[serde(default)]
    pub language: BTreeMap<String, RawLanguage>,
    pub vocabulary: Option<RawVocabulary>,
    #[serde(default)]
    pub audience: Vec<RawAudience>,
    #[serde(default)]
    pub region: Vec<RawRegion>,
    #[serde(default)]
    pub unofficial: Vec<RawUnofficial>,
    #[serde(default)]
    pub channel: Vec<RawChannel>,
    #[serde(default)]
    pub claim: Vec<RawClaim>,
    pub support: Option<RawSupport>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub name: Option<String>,
    #[schemars(with = "Option<String>")]
    pub region: Option<Spanned<String>>,
    pub document: Option<String>,
}

/// The cue lists of one language; a list given replaces the same list of an extended catalog.
#[derive(Deserialize, Default, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    #[schemars(with = "Option<Vec<String>>")]
    pub negation: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub negation_object: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub negation_predicate: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub not_negation: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub prohibition: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub alternative: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub history: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub not_history: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub history_until: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub months: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub conditional: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub conditional_initial: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub subordinate: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub clause_break: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub correlative: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub consequence: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub particles: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVocabulary {
    pub free: Option<RawFree>,
    #[schemars(with = "Option<Vec<String>>")]
    pub ask_contact: Option<Spanned<Vec<String>>>,
}

/// Words that say a call costs nothing: frames, exceptions, and legacy regexes.
#[derive(Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFree {
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub frame: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub except: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unless: Vec<Spanned<String>>,
}

/// One slot of a frame: a word, or a list of alternatives.
#[derive(Deserialize, Clone, JsonSchema)]
#[serde(untagged)]
pub(super) enum RawSlot {
    One(String),
    Any(Vec<String>),
}

impl RawSlot {
    pub fn alternatives(&self) -> Vec<String> {
        match self {
            RawSlot::One(s) => vec![s.clone()],
            RawSlot::Any(v) => v.clone(),
        }
    }
}

/// A date: a TOML date (`2023-03-01`) or, as editors validate dates as strings, a quoted one.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl JsonSchema for RawDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // TOML-aware editors hand a TOML date to the schema as a string.
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
            "description": "A date, such as 2023-03-01 (a TOML date or a quoted one)"
        })
    }
}

/// The words allowed between slots: one number for every pair, or one per pair in order.
#[derive(Deserialize, Clone, JsonSchema)]
#[serde(untagged)]
pub(super) enum RawGap {
    All(usize),
    Each(Vec<usize>),
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFrame {
    pub words: Vec<RawSlot>,
    #[serde(default)]
    pub ordered: bool,
    pub gap: Option<RawGap>,
    /// 1-based slot a finding covers.
    pub mark: Option<usize>,
    /// For an exception: "words" (the default: it must share the claim's words) or "clause"
    /// (anywhere in the claim's clause: who the clause is about).
    #[schemars(with = "Option<String>")]
    pub scope: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAudience {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: Text,
    #[serde(default)]
    pub genitive: Text,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub within: Vec<Spanned<String>>,
    #[serde(default)]
    pub modifier: bool,
    #[schemars(with = "Option<String>")]
    pub base: Option<Spanned<String>>,
    #[serde(default)]
    pub prefix: Text,
    #[serde(default)]
    pub related: bool,
    /// Words that address this audience in a sentence («продавцам», "if you are a seller").
    #[schemars(with = "Option<Vec<String>>")]
    pub phrases: Option<Spanned<Vec<String>>>,
    pub note: Option<String>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: Text,
    #[serde(default)]
    pub from: Text,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub within: Vec<Spanned<String>>,
    /// The country (ISO 3166) the region lies in; none for "abroad". A number's trunk prefix
    /// (`8`) dials only inside its own country.
    pub country: Option<String>,
    /// The region lies outside the catalog's country ("abroad"): a trunk prefix does not dial
    /// from there.
    #[serde(default)]
    pub outside: bool,
    /// Phrases that place the reader there: one slot of alternatives.
    #[schemars(with = "Option<Vec<String>>")]
    pub phrases: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub except: Vec<Spanned<RawFrame>>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnofficial {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub hosts: Vec<Spanned<String>>,
    /// The network's name as words.
    #[schemars(with = "Option<Vec<String>>")]
    pub words: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub except: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub kind: Kind,
    #[serde(default)]
    pub name: Text,
    /// How messages name the channel when its value is not enough (a Russian UI path glossed
    /// for English readers).
    #[serde(default)]
    pub label: Text,
    #[schemars(with = "Option<String>")]
    pub value: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub variants: Vec<Spanned<String>>,
    pub status: Status,
    #[schemars(with = "Option<RawDate>")]
    pub since: Option<Spanned<RawDate>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub replacement: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub audience: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub callable_from: Vec<Spanned<String>>,
    pub topic: Option<String>,
    pub cost: Option<Cost>,
    pub hours: Option<Text>,
    #[serde(default)]
    pub wait: Vec<RawWait>,
    pub note: Option<Text>,
    #[schemars(with = "Vec<String>")]
    pub source: Spanned<Vec<String>>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWait {
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub audience: Vec<Spanned<String>>,
    pub ru: Option<String>,
    pub en: Option<String>,
    #[serde(default)]
    pub source: Vec<String>,
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(untagged)]
pub(super) enum RawExample {
    Text(String),
    WithContext {
        text: String,
        #[serde(default)]
        audience: Vec<String>,
        region: Option<String>,
    },
}

#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub audience: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub except_audience: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub region: Vec<Spanned<String>>,
    pub in_conditions: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub channels: Vec<Spanned<String>>,
    #[schemars(with = "Option<RawDate>")]
    pub since: Option<Spanned<RawDate>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub replacement: Vec<Spanned<String>>,
    #[serde(default)]
    pub note: Text,
    #[serde(default)]
    pub rewrite: Text,
    #[serde(default)]
    #[schemars(with = "Vec<RawExample>")]
    pub flags: Vec<Spanned<RawExample>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawExample>")]
    pub passes: Vec<Spanned<RawExample>>,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub frame: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub except: Vec<Spanned<RawFrame>>,
}

#[derive(Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupport {
    #[serde(default)]
    pub helps_with: RawTextList,
    #[serde(default)]
    pub does_not: RawTextList,
    #[serde(default)]
    pub source: Vec<String>,
}

#[derive(Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTextList {
    #[serde(default)]
    pub ru: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

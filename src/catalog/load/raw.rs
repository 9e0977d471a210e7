//! The catalog file as TOML gives it, with the span of every value an error may point at.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

use crate::catalog::{Cost, Kind, Status, Text};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub extends: Option<Spanned<String>>,
    pub catalog: Option<RawMeta>,
    /// Named word lists, referenced from frames as `@name`.
    #[serde(default)]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub name: Option<String>,
    pub region: Option<Spanned<String>>,
    pub document: Option<String>,
}

/// The cue lists of one language; a list given replaces the same list of an extended catalog.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub negation: Option<Spanned<Vec<String>>>,
    pub negation_object: Option<Spanned<Vec<String>>>,
    pub negation_predicate: Option<Spanned<Vec<String>>>,
    pub not_negation: Option<Spanned<Vec<String>>>,
    pub history: Option<Spanned<Vec<String>>>,
    pub history_until: Option<Spanned<Vec<String>>>,
    pub months: Option<Spanned<Vec<String>>>,
    pub conditional: Option<Spanned<Vec<String>>>,
    pub conditional_initial: Option<Spanned<Vec<String>>>,
    pub subordinate: Option<Spanned<Vec<String>>>,
    pub clause_break: Option<Spanned<Vec<String>>>,
    pub correlative: Option<Spanned<Vec<String>>>,
    pub particles: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVocabulary {
    pub free: Option<RawFree>,
    pub ask_contact: Option<Spanned<Vec<String>>>,
}

/// Words that say a call costs nothing: frames, exceptions, and legacy regexes.
#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFree {
    #[serde(default)]
    pub frame: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    pub except: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
}

/// One slot of a frame: a word, or a list of alternatives.
#[derive(Deserialize, Clone)]
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

/// The words allowed between slots: one number for every pair, or one per pair in order.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawGap {
    All(usize),
    Each(Vec<usize>),
}

#[derive(Deserialize, Clone)]
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
    pub scope: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAudience {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: Text,
    #[serde(default)]
    pub genitive: Text,
    #[serde(default)]
    pub within: Vec<Spanned<String>>,
    #[serde(default)]
    pub modifier: bool,
    pub base: Option<Spanned<String>>,
    #[serde(default)]
    pub prefix: Text,
    #[serde(default)]
    pub related: bool,
    /// Words that address this audience in a sentence («продавцам», "if you are a seller").
    pub phrases: Option<Spanned<Vec<String>>>,
    pub note: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: Text,
    #[serde(default)]
    pub from: Text,
    #[serde(default)]
    pub within: Vec<Spanned<String>>,
    /// The country (ISO 3166) the region lies in; none for "abroad". A number's trunk prefix
    /// (`8`) dials only inside its own country.
    pub country: Option<String>,
    /// The region lies outside the catalog's country ("abroad"): a trunk prefix does not dial
    /// from there.
    #[serde(default)]
    pub outside: bool,
    /// Phrases that place the reader there: one slot of alternatives.
    pub phrases: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub except: Vec<Spanned<RawFrame>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnofficial {
    pub name: Spanned<String>,
    #[serde(default)]
    pub hosts: Vec<Spanned<String>>,
    /// The network's name as words.
    pub words: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub except: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    pub id: Spanned<String>,
    pub kind: Kind,
    #[serde(default)]
    pub name: Text,
    /// How messages name the channel when its value is not enough (a Russian UI path glossed
    /// for English readers).
    #[serde(default)]
    pub label: Text,
    pub value: Option<Spanned<String>>,
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
    pub status: Status,
    pub since: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub replacement: Vec<Spanned<String>>,
    #[serde(default)]
    pub audience: Vec<Spanned<String>>,
    #[serde(default)]
    pub callable_from: Vec<Spanned<String>>,
    pub topic: Option<String>,
    pub cost: Option<Cost>,
    pub hours: Option<Text>,
    #[serde(default)]
    pub wait: Vec<RawWait>,
    pub note: Option<Text>,
    pub source: Spanned<Vec<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWait {
    #[serde(default)]
    pub audience: Vec<Spanned<String>>,
    pub ru: Option<String>,
    pub en: Option<String>,
    #[serde(default)]
    pub source: Vec<String>,
}

#[derive(Deserialize, Clone)]
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

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    pub id: Spanned<String>,
    pub rule: Spanned<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub audience: Vec<Spanned<String>>,
    #[serde(default)]
    pub except_audience: Vec<Spanned<String>>,
    #[serde(default)]
    pub region: Vec<Spanned<String>>,
    pub in_conditions: Option<bool>,
    #[serde(default)]
    pub channels: Vec<Spanned<String>>,
    pub since: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub replacement: Vec<Spanned<String>>,
    #[serde(default)]
    pub note: Text,
    #[serde(default)]
    pub rewrite: Text,
    #[serde(default)]
    pub flags: Vec<Spanned<RawExample>>,
    #[serde(default)]
    pub passes: Vec<Spanned<RawExample>>,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub frame: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    pub except: Vec<Spanned<RawFrame>>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupport {
    #[serde(default)]
    pub helps_with: RawTextList,
    #[serde(default)]
    pub does_not: RawTextList,
    #[serde(default)]
    pub source: Vec<String>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTextList {
    #[serde(default)]
    pub ru: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

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
    /// Number ranges that are the company's own, written as the start of an international
    /// number ("+7 495 232", "+1 844 555"): a number there that is no channel is an error.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub own_numbers: Vec<Spanned<String>>,
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
    /// Open words retold from someone else («вы пишете», "you were told").
    #[schemars(with = "Option<Vec<String>>")]
    pub reported: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVocabulary {
    pub free: Option<RawFree>,
    #[schemars(with = "Option<Vec<String>>")]
    pub ask_contact: Option<Spanned<Vec<String>>>,
    /// When channels work, in words: `[vocabulary.hours]`.
    pub hours: Option<RawHoursWords>,
    /// Words that present a number as the company's own («наш», «горячая линия», "our
    /// hotline", the company's name): a number next to them that is no channel is an error.
    #[schemars(with = "Option<Vec<String>>")]
    pub own: Option<Spanned<Vec<String>>>,
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
            "description": "A date, such as 2023-03-01 (a TOML date or a quoted one)",
            "x-expected": "a date",
            "x-example": "2024-05-01"
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
    /// For an exception: "words" (the default: it must share the claim's words), "clause"
    /// (anywhere in the claim's clause: who the clause is about) or "sentence" (anywhere in
    /// the claim's sentence).
    #[schemars(with = "Option<String>")]
    pub scope: Option<Spanned<String>>,
    /// The frame counts only when the reader is known to be in these audiences: in a template
    /// for Premium members "your calls are answered first" claims priority without the word
    /// Premium.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub reader: Vec<Spanned<String>>,
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
    #[schemars(with = "Option<RawHours>")]
    pub hours: Option<Spanned<RawHours>>,
    /// How a template names the channel in words ("the hotline", «чат Ozon Travel»): frames,
    /// so an availability phrase next to the words is checked against the channel's hours.
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub mention: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    pub wait: Vec<RawWait>,
    pub note: Option<Text>,
    #[schemars(with = "Vec<String>")]
    pub source: Spanned<Vec<String>>,
}

/// When a channel is open: around the clock, or on `days` from `from` to `to` (plus more
/// periods in `also`), in `timezone`; `ru` and `en` say it in words for hover and messages.
#[derive(Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "x-expected" = "a table of opening hours (days, from, to), or `always = true`",
    "x-example" = "{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], from = \"09:00\", to = \"18:00\" }"
))]
pub(super) struct RawHours {
    /// Open around the clock, every day.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub always: Option<Spanned<bool>>,
    /// The days it is open: `mon` … `sun`, or `all`.
    #[serde(default)]
    #[schemars(with = "Vec<DayId>")]
    pub days: Vec<Spanned<String>>,
    /// Opening time on those days, `HH:MM`; with `to`. Leave both out for the whole day.
    #[schemars(with = "Option<Clock>")]
    pub from: Option<Spanned<String>>,
    /// Closing time, `HH:MM` (`24:00` for midnight); before `from`, it runs past midnight.
    #[schemars(with = "Option<Clock>")]
    pub to: Option<Spanned<String>>,
    /// More periods, with other days or times («сб 10:00–16:00»).
    #[serde(default)]
    #[schemars(with = "Vec<RawPeriod>")]
    pub also: Vec<Spanned<RawPeriod>>,
    /// The time zone the times are in, such as "America/New_York" (shown with the hours).
    pub timezone: Option<String>,
    pub ru: Option<String>,
    pub en: Option<String>,
}

/// One more opening period of a channel.
#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPeriod {
    #[schemars(with = "Vec<DayId>")]
    pub days: Vec<Spanned<String>>,
    #[schemars(with = "Option<Clock>")]
    pub from: Option<Spanned<String>>,
    #[schemars(with = "Option<Clock>")]
    pub to: Option<Spanned<String>>,
}

/// A day of the week as a catalog names it.
#[derive(JsonSchema)]
#[allow(dead_code)] // only its schema is used: the loader reads the ids as text with spans
#[serde(rename_all = "lowercase")]
pub(super) enum DayId {
    All,
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// A time of day, `HH:MM`.
pub(super) struct Clock;

impl JsonSchema for Clock {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Clock".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([01]?\\d|2[0-4]):[0-5]\\d$",
            "description": "A time of day, such as 09:00 or 18:30 (24:00 for midnight)",
            "x-expected": "a time of day on the 24-hour clock, such as \"09:00\" or \"18:30\"",
            "x-example": "\"09:00\""
        })
    }
}

/// The words for availability: phrases that say when a channel works, and the small words
/// time and day ranges are read with.
#[derive(Deserialize, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHoursWords {
    #[serde(default)]
    pub phrase: Vec<RawAvailability>,
    /// Words that say a channel is closed ("closed", «закрыт*»).
    #[schemars(with = "Option<Vec<String>>")]
    pub closed: Option<Spanned<Vec<String>>>,
    /// Words that make what follows the only time it works («только», "only").
    #[schemars(with = "Option<Vec<String>>")]
    pub only: Option<Spanned<Vec<String>>>,
    /// Words that open a range («с», "from", "between").
    #[schemars(with = "Option<Vec<String>>")]
    pub from: Option<Spanned<Vec<String>>>,
    /// Words that close a range («до», «по», "to", "until").
    #[schemars(with = "Option<Vec<String>>")]
    pub to: Option<Spanned<Vec<String>>>,
    /// Words of `to` that join two days as a range only after a `from` word ("between Monday
    /// and Friday"); otherwise they list the days («в субботу и воскресенье»).
    #[schemars(with = "Option<Vec<String>>")]
    pub and: Option<Spanned<Vec<String>>>,
    /// Words after a time before noon ("am", «утра»).
    #[schemars(with = "Option<Vec<String>>")]
    pub am: Option<Spanned<Vec<String>>>,
    /// Words after a time after noon ("pm", «вечера»).
    #[schemars(with = "Option<Vec<String>>")]
    pub pm: Option<Spanned<Vec<String>>>,
    /// Units that make a range of numbers a duration («минут*», "days").
    #[schemars(with = "Option<Vec<String>>")]
    pub units: Option<Spanned<Vec<String>>>,
    /// Words before a day phrase that make it a duration («в течение», "within").
    #[schemars(with = "Option<Vec<String>>")]
    pub within: Option<Spanned<Vec<String>>>,
    /// Words right before a phrase that deny it is a limit ("isn't limited to", "not just").
    #[schemars(with = "Option<Vec<String>>")]
    pub unlimited: Option<Spanned<Vec<String>>>,
    /// Other things that keep hours («пункт выдачи», "courier"): their hours are no channel's.
    #[schemars(with = "Option<Vec<String>>")]
    pub others: Option<Spanned<Vec<String>>>,
    /// Words that refer back to a channel named before in the sentence («он», "which").
    #[schemars(with = "Option<Vec<String>>")]
    pub back: Option<Spanned<Vec<String>>>,
}

/// One availability phrase and what it says.
#[derive(Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAvailability {
    /// The phrase in every wording (one slot of alternatives).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub phrases: Option<Spanned<Vec<String>>>,
    /// The phrase with other words between its words, as a claim's frames: «выходных у чата
    /// нет» is «нет выходных».
    #[serde(default)]
    #[schemars(with = "Vec<RawFrame>")]
    pub frame: Vec<Spanned<RawFrame>>,
    /// The days it speaks of: `mon` … `sun`, or `all`.
    #[serde(default)]
    #[schemars(with = "Vec<DayId>")]
    pub days: Vec<Spanned<String>>,
    /// It speaks of the whole day («круглосуточно», "24/7").
    #[serde(default)]
    pub all_day: bool,
    /// It says the channel works on these days only («по будням»).
    #[serde(default)]
    pub only: bool,
    /// It says the channel is closed then.
    #[serde(default)]
    pub closed: bool,
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

//! The knowledge base: which channels exist, for whom, in what state, and which claims no longer
//! hold. Loaded from TOML (DESIGN §3); the default catalog is embedded in the binary.

mod audience;
pub mod cues;
mod error;
pub mod frame;
pub mod gate;
pub mod hours;
pub(crate) mod index;
mod load;
pub mod phone;
mod region;

pub use audience::{Audience, AudienceDef, Audiences, Fit};
pub use cues::{CueSet, Cues};
pub use error::{CatalogError, CatalogErrors, Location};
pub use frame::{Frame, FrameIndex, Owner};
pub use hours::{Availability, Days, Hours, HoursWords, Week};
pub use index::ChannelIndex;
pub(crate) use load::line_column;
pub use load::{
    BASE_CATALOG_NAME, BASE_CATALOG_TOML, DEFAULT_CATALOG_NAME, DEFAULT_CATALOG_TOML,
    STARTER_CATALOG_TOML, schema,
};
pub use phone::PhoneKey;
pub use region::{RegionDef, Regions};

use jiff::civil::Date;
use regex::Regex;

use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, LazyLock};

pub use crate::ids::ChannelId;

use crate::rule::Rule;
use crate::vocab::{Lang, Message};

/// What sort of contact a channel is; decides how it is recognised in text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Phone,
    Email,
    Url,
    Chat,
    Social,
    Messenger,
}

impl Kind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Url => "url",
            Kind::Chat => "chat",
            Kind::Social => "social",
            Kind::Messenger => "messenger",
        }
    }
}

/// Whether a channel can be used, and how well.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Works as described.
    Active,
    /// Works, but is hard to reach: `hard-to-reach` suggests a better channel.
    Limited,
    /// Exists but does not work now (a line out of service): `unavailable-channel`.
    Unavailable,
    /// Gone for good (a line that was closed): `removed-channel`.
    Removed,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Limited => "limited",
            Status::Unavailable => "unavailable",
            Status::Removed => "removed",
        }
    }

    /// Whether a template should still send customers there.
    pub const fn is_outdated(self) -> bool {
        matches!(self, Status::Unavailable | Status::Removed)
    }
}

/// What a call costs the caller; only what the source says.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Cost {
    Free,
    OperatorRate,
}

/// A localised text from the catalog; either language may be missing.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub ru: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, else in the other language.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        let (first, second) = match lang {
            Lang::Ru => (&self.ru, &self.en),
            Lang::En => (&self.en, &self.ru),
        };
        first.as_deref().or(second.as_deref())
    }

    pub fn to_message(&self) -> Message {
        Message::new(
            self.get(Lang::Ru).unwrap_or_default(),
            self.get(Lang::En).unwrap_or_default(),
        )
    }
}

/// A waiting time, optionally for one audience only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wait {
    pub audience: Audience,
    pub text: Text,
    pub source: Vec<String>,
}

/// One support channel.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub id: ChannelId,
    pub kind: Kind,
    pub name: Text,
    /// How messages name the channel where its value alone would not do (a Russian UI path
    /// glossed for English readers); falls back to the value.
    pub label: Text,
    /// The canonical text to insert; `None` for a channel with no known contact (a removed line).
    pub value: Option<String>,
    /// Other accepted ways to write the value (no `contact-format` finding for them).
    pub variants: Vec<String>,
    pub status: Status,
    /// The date `status` took (or takes) effect; before it the channel counts as active.
    pub since: Option<Date>,
    pub replacement: Vec<ChannelId>,
    pub audience: Audience,
    pub callable_from: BTreeSet<String>,
    pub topic: Option<String>,
    pub cost: Option<Cost>,
    /// When it is open; `None`: the catalog does not say (nothing is checked against it).
    pub hours: Option<Hours>,
    pub wait: Vec<Wait>,
    pub note: Option<Text>,
    pub source: Vec<String>,
    /// For phones with a value: the number, parsed once.
    #[serde(skip)]
    pub phone: Option<PhoneKey>,
}

impl Channel {
    /// The channel's display name in `lang`, else its id.
    pub fn display_name(&self, lang: Lang) -> &str {
        self.name.get(lang).unwrap_or(self.id.as_str())
    }

    /// The status in force on `date`: a change dated later has not happened yet.
    pub fn status_on(&self, date: Date) -> Status {
        match self.since {
            Some(since) if since > date && self.status != Status::Active => Status::Active,
            _ => self.status,
        }
    }

    /// A change of status dated after `date`, if any.
    pub fn upcoming_on(&self, date: Date) -> Option<(Status, Date)> {
        match self.since {
            Some(since) if since > date => Some((self.status, since)),
            _ => None,
        }
    }

    pub fn note_message(&self) -> Option<Message> {
        self.note.as_ref().map(Text::to_message)
    }
}

/// Compiled size limit for one catalog regex: a pattern that would explode is refused at load.
pub(crate) const REGEX_SIZE_LIMIT: usize = 8 << 20;
/// Nesting limit for one catalog regex.
pub(crate) const REGEX_NEST_LIMIT: u32 = 32;
/// Lazy-DFA cache per compiled pattern and thread.
pub(crate) const REGEX_DFA_CACHE: usize = 256 * 1024;

/// A regex from the catalog, with the text it came from (for errors and reports).
///
/// Compiled on first use: the catalog's Unicode patterns take ~170 ms to compile, which an
/// editor must not wait for at `initialize`. A user catalog is compiled eagerly at load so a
/// pattern over the size limit is reported there; the embedded one is checked by its tests.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    compiled: std::sync::OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` within the catalog's limits.
    pub fn build(source: &str) -> Result<Regex, regex::Error> {
        regex::RegexBuilder::new(source)
            .size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(REGEX_NEST_LIMIT)
            // Each of ~100 patterns keeps a lazy-DFA cache per thread; the default allowance
            // (up to 10 MB each) let a long run grow past 90 MB. Sentences are short: a small
            // cache is enough.
            .dfa_size_limit(REGEX_DFA_CACHE)
            .build()
    }

    /// A pattern compiled now.
    pub fn compiled(source: String, regex: Regex) -> Self {
        let compiled = std::sync::OnceLock::new();
        let _ = compiled.set(regex);
        Self { source, compiled }
    }

    /// A pattern compiled when first used; `source` must be known to compile.
    pub fn deferred(source: String) -> Self {
        Self {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Deferred patterns come from the embedded catalog, whose tests compile every one;
            // a pattern that fails anyway matches nothing rather than panicking in an editor.
            Self::build(&self.source)
                .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("an empty class compiles"))
        })
    }
}

/// Phrases to look for, and phrases that cancel them in the same sentence.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    pub patterns: Vec<Pattern>,
    pub unless: Vec<Pattern>,
    /// `patterns`' first literals, for one pass over a text (see [`gate`]).
    pub gate: gate::PatternGate,
}

impl PhraseSet {
    /// Byte ranges (in `sentence`) of the phrases, unless an `unless` phrase is in the sentence.
    pub fn find_in(&self, sentence: &str) -> Vec<(usize, usize)> {
        if self.unless.iter().any(|p| p.regex().is_match(sentence)) {
            return Vec::new();
        }
        let mut out: Vec<(usize, usize)> = self
            .patterns
            .iter()
            .flat_map(|p| p.regex().find_iter(sentence).map(|m| (m.start(), m.end())))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The phrases of `text`, each inside one of `sentences` and not cancelled by an `unless`
    /// phrase of its sentence, in text order.
    ///
    /// Each pattern runs once over the whole text (not once per sentence: a template has dozens
    /// of sentences and a catalog dozens of patterns); a match that runs past its sentence is
    /// looked for again inside each sentence it touches.
    pub fn find_in_text(
        &self,
        text: &str,
        sentences: &[crate::vocab::ByteRange],
    ) -> Vec<crate::vocab::ByteRange> {
        use crate::vocab::ByteRange;
        let mut found = find_all(&self.patterns, &self.gate, text, sentences);
        if !self.unless.is_empty() {
            let mut cancelled: std::collections::HashMap<usize, bool> =
                std::collections::HashMap::new();
            found.retain(|(i, _)| {
                !*cancelled.entry(*i).or_insert_with(|| {
                    let s = sentences[*i];
                    self.unless
                        .iter()
                        .any(|p| p.regex().is_match(&text[s.start..s.end]))
                })
            });
        }
        let mut out: Vec<ByteRange> = found.into_iter().map(|(_, r)| r).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn is_match(&self, sentence: &str) -> bool {
        !self.unless.iter().any(|p| p.regex().is_match(sentence))
            && self.patterns.iter().any(|p| p.regex().is_match(sentence))
    }
}

/// Every match of `patterns` in `text` that lies inside one sentence, with its sentence's
/// index. Each pattern whose first literals occur in the text (`gate`, built from
/// `patterns`) runs once over the whole text; a match that runs past its sentence is looked
/// for again inside each sentence it touches.
pub(crate) fn find_all(
    patterns: &[Pattern],
    gate: &gate::PatternGate,
    text: &str,
    sentences: &[crate::vocab::ByteRange],
) -> Vec<(usize, crate::vocab::ByteRange)> {
    use crate::vocab::ByteRange;
    let mut found: Vec<(usize, ByteRange)> = Vec::new();
    let sentence_of = |offset: usize| sentences.partition_point(|s| s.end <= offset);
    let may = gate.may_match(patterns, text);
    for p in patterns.iter().zip(may).filter(|(_, m)| *m).map(|(p, _)| p) {
        let re = p.regex();
        let mut retried: Vec<usize> = Vec::new();
        for m in re.find_iter(text) {
            let i = sentence_of(m.start());
            match sentences.get(i) {
                Some(s) if s.start <= m.start() && m.end() <= s.end => {
                    found.push((i, ByteRange::new(m.start(), m.end())))
                }
                _ => {
                    let last = sentence_of(m.end().saturating_sub(1).max(m.start()));
                    for j in i..=last.min(sentences.len().saturating_sub(1)) {
                        if sentences.is_empty() || retried.contains(&j) {
                            continue;
                        }
                        retried.push(j);
                        let s = sentences[j];
                        found.extend(
                            re.find_iter(&text[s.start..s.end]).map(|x| {
                                (j, ByteRange::new(s.start + x.start(), s.start + x.end()))
                            }),
                        );
                    }
                }
            }
        }
    }
    found
}

/// The words and phrases rules and editors look for, besides claims.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Says a call is free (legacy regexes of a user catalog; the default one uses frames,
    /// owned by [`Owner::Free`]).
    pub free: PhraseSet,
    /// Words that ask for a contact: completion offers channels after these.
    pub ask_contact: frame::Slot,
    /// Negations, history, conditions, clause breaks: how a sentence says a claim is not so.
    pub cues: Cues,
    /// How templates speak of when a channel works.
    pub hours: HoursWords,
}

/// A social network or messenger that is not an official channel.
#[derive(Debug, Clone)]
pub struct Unofficial {
    pub name: String,
    pub hosts: Vec<String>,
    /// Legacy regexes of a user catalog; names as words are frames owned by
    /// [`Owner::Unofficial`].
    pub patterns: Vec<Pattern>,
    /// `patterns`' first literals (see [`gate`]).
    pub gate: gate::PatternGate,
}

/// An example a claim must flag or pass, checked when the catalog loads.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimExample {
    pub text: String,
    pub audience: Option<Audience>,
    /// The reader's region, as front matter would give it.
    pub region: Option<String>,
    /// Where the example is written, for the error when it does not behave.
    pub at: Location,
}

/// A statement that no longer holds, misleads, or promises too much, as frames over words
/// (DESIGN §3 "Claims"); raw regexes remain an escape hatch for user catalogs.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub rule: Rule,
    /// Ids of the claim's frames in `Catalog::frames`.
    pub frames: Vec<u32>,
    /// Ids of its exception frames: matching the same words, they silence the claim.
    pub excepts: Vec<u32>,
    /// Legacy regexes (user catalogs).
    pub phrases: PhraseSet,
    /// Whether the claim also holds inside a condition or purpose clause ("если у вас есть
    /// выделенная линия…" still presumes the line exists; "чтобы вернуть украденное" promises
    /// nothing).
    pub in_conditions: bool,
    /// The claim only applies where the reader is in one of these regions (empty: anywhere).
    pub region: BTreeSet<String>,
    /// The claim only applies to templates for one of these audiences (empty: any).
    pub audience: Audience,
    /// The claim holds, and passes, for a template whose audience includes all of these.
    pub except_audience: Audience,
    pub channels: Vec<ChannelId>,
    pub since: Option<Date>,
    pub replacement: Vec<ChannelId>,
    pub note: Text,
    /// A rewrite of the clause in each language, offered in the editor, never applied by `fix`.
    pub rewrite: Text,
    pub flags: Vec<ClaimExample>,
    pub passes: Vec<ClaimExample>,
    pub source: Vec<String>,
}

/// What a claim's audience conditions say for one template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The claim holds for this audience: no finding.
    Pass,
    /// The claim does not hold: a finding at the rule's severity.
    Fire,
    /// The audience is unknown and the claim depends on it: at most a warning, naming the
    /// condition (DESIGN §4 "Audience").
    FireCapped,
}

impl Claim {
    /// Whether the claim's truth depends on who reads the template.
    pub fn depends_on_audience(&self) -> bool {
        !self.audience.is_empty() || !self.except_audience.is_empty()
    }

    /// The verdict for a template whose audience is `audience` (`None` or empty: unknown),
    /// judged through the catalog's audience hierarchy.
    pub fn verdict(&self, audiences: &Audiences, audience: Option<&Audience>) -> Verdict {
        match audience.filter(|a| !a.is_empty()) {
            Some(a) => {
                let outside = !self.audience.is_empty() && !audiences.overlaps(a, &self.audience);
                let excepted = !self.except_audience.is_empty()
                    && audiences.includes(a, &self.except_audience);
                if outside || excepted {
                    Verdict::Pass
                } else {
                    Verdict::Fire
                }
            }
            None if self.depends_on_audience() => Verdict::FireCapped,
            None => Verdict::Fire,
        }
    }

    /// Where the claim's phrases stand in `text`, sentence by sentence (a phrase never spans
    /// two sentences, and an `unless` phrase cancels only its own sentence).
    pub fn find(
        &self,
        text: &str,
        sentences: &[crate::vocab::ByteRange],
    ) -> Vec<crate::vocab::ByteRange> {
        let mut out: Vec<crate::vocab::ByteRange> = Vec::new();
        for r in self.phrases.find_in_text(text, sentences) {
            if !out.iter().any(|o| o.overlaps(&r)) {
                out.push(r);
            }
        }
        out
    }
}

/// What support helps with and what it does not, as the source lists it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SupportScope {
    pub helps_with: TextList,
    pub does_not: TextList,
    pub source: Vec<String>,
}

/// Lists of texts in both languages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TextList {
    pub ru: Vec<String>,
    pub en: Vec<String>,
}

/// Where a catalog came from, for `macrolint/status`, `--version` and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "path")]
pub enum Origin {
    Default,
    /// The embedded base (languages only), loaded by itself.
    Base,
    File(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Base => f.write_str("base"),
            Origin::File(p) => f.write_str(p),
        }
    }
}

/// A loaded, validated catalog with its lookup index.
#[derive(Debug)]
pub struct Catalog {
    pub name: String,
    pub origin: Origin,
    /// The region numbers without a country code belong to (ISO 3166, `RU`).
    pub region: rlibphonenumber::enums::Region,
    /// How numbers are read: the catalog's region first, then each country its numbers are in.
    pub dialling: phone::Dialling,
    /// The company's own number ranges, as digits with the country code (`[catalog]
    /// own_numbers`): a number in them that is no channel is the company's, unknown.
    pub own_numbers: Vec<String>,
    pub channels: Vec<Channel>,
    pub claims: Vec<Claim>,
    pub vocabulary: Vocabulary,
    pub unofficial: Vec<Unofficial>,
    pub audiences: Audiences,
    pub regions: Regions,
    /// Every frame of the catalog (claims, their exceptions, unofficial names, region
    /// phrases, "free"), indexed together so a text is matched in one pass.
    pub frames: FrameIndex,
    pub support: SupportScope,
    pub index: ChannelIndex,
    /// A short hash of the catalog text(s), so a report says which catalog judged it.
    pub hash: String,
}

static DEFAULT: LazyLock<Arc<Catalog>> = LazyLock::new(|| {
    Arc::new(
        Catalog::from_toml(DEFAULT_CATALOG_TOML, Origin::Default).unwrap_or_else(|e| {
            // The embedded catalog is tested on every build; this is unreachable in a released binary.
            panic!("the embedded default catalog is invalid:\n{e}")
        }),
    )
});

impl Catalog {
    /// Every pattern of the catalog, for warming up or checking them all.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        let v = &self.vocabulary;
        self.claims
            .iter()
            .flat_map(|c| c.phrases.patterns.iter().chain(&c.phrases.unless))
            .chain(self.unofficial.iter().flat_map(|u| &u.patterns))
            .chain(v.free.patterns.iter().chain(&v.free.unless))
    }

    /// Compiles every deferred pattern now, in parallel (an editor does this off the request
    /// path after `initialize`, so the first keystroke does not pay for it). Native only: the
    /// WebAssembly core has no threads and compiles each pattern when it is first needed.
    #[cfg(feature = "native")]
    pub fn warm_up(&self) {
        use rayon::prelude::*;
        let all: Vec<&Pattern> = self.patterns().collect();
        all.par_iter().for_each(|p| {
            p.regex();
        });
    }

    /// The embedded default catalog (Ozon), parsed once per process.
    pub fn default_catalog() -> Arc<Catalog> {
        DEFAULT.clone()
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.index.by_id(id).map(|i| &self.channels[i])
    }

    /// The channels `ids` names, skipping any that are missing (validation rules those out).
    pub fn channels_for<'a>(
        &'a self,
        ids: &'a [ChannelId],
    ) -> impl Iterator<Item = &'a Channel> + 'a {
        ids.iter().filter_map(|id| self.channel(id.as_str()))
    }

    /// The first of `ids` that has a value to insert, for "replace with successor" fixes.
    pub fn successor<'a>(&'a self, ids: &'a [ChannelId]) -> Option<&'a Channel> {
        self.channels_for(ids)
            .find(|c| c.value.is_some() && !c.status.is_outdated())
    }
}

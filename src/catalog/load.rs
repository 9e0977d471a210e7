//! Reading a catalog: TOML → raw structs with spans → validated [`Catalog`].
//!
//! Errors keep the span of the value at fault so every message names the file, line and column
//! (DESIGN §3 "Validation"); all problems are collected, so a catalog keeper fixes them in one go.

use jiff::civil::Date;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use toml::Spanned;

use super::error::{CatalogError, CatalogErrors};
use super::index::{ChannelIndex, normalise_email, normalise_url};
use super::phone::PhoneKey;
use super::{
    Audience, Catalog, Channel, ChannelId, Claim, ClaimExample, Cost, Kind, Origin, Pattern,
    PhraseSet, Status, SupportScope, Text, TextList, Unofficial, Vocabulary, Wait,
};
use crate::rule::Rule;

/// The embedded default catalog.
pub const DEFAULT_CATALOG_TOML: &str = include_str!("default.toml");
/// How the default catalog is named in `extends` and in reports.
pub const DEFAULT_CATALOG_NAME: &str = "default";

/// Compiled size limit for one catalog regex: a pattern that would explode is refused at load.
pub(crate) const REGEX_SIZE_LIMIT: usize = 8 << 20;
/// Nesting limit for one catalog regex.
pub(crate) const REGEX_NEST_LIMIT: u32 = 32;
/// Lazy-DFA cache per compiled pattern and thread.
pub(crate) const REGEX_DFA_CACHE: usize = 256 * 1024;
/// Longest pattern text accepted.
const REGEX_MAX_LEN: usize = 2_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    extends: Option<Spanned<String>>,
    catalog: Option<RawMeta>,
    vocabulary: Option<RawVocabulary>,
    #[serde(default)]
    unofficial: Vec<RawUnofficial>,
    #[serde(default)]
    channel: Vec<RawChannel>,
    #[serde(default)]
    claim: Vec<RawClaim>,
    support: Option<RawSupport>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Option<String>,
    region: Option<Spanned<String>>,
    document: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawVocabulary {
    abroad: Option<RawPhrases>,
    free: Option<RawPhrases>,
    ask_contact: Option<RawPhrases>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawPhrases {
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawUnofficial {
    name: Spanned<String>,
    #[serde(default)]
    hosts: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    id: Spanned<String>,
    kind: Kind,
    #[serde(default)]
    name: Text,
    value: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    status: Status,
    since: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    replacement: Vec<Spanned<String>>,
    #[serde(default)]
    audience: Vec<Spanned<String>>,
    #[serde(default)]
    callable_from: Vec<Spanned<String>>,
    topic: Option<String>,
    cost: Option<Cost>,
    hours: Option<Text>,
    #[serde(default)]
    wait: Vec<RawWait>,
    note: Option<Text>,
    source: Spanned<Vec<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawWait {
    #[serde(default)]
    audience: Vec<Spanned<String>>,
    ru: Option<String>,
    en: Option<String>,
    #[serde(default)]
    source: Vec<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawExample {
    Text(String),
    WithAudience { text: String, audience: Vec<String> },
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Spanned<String>,
    rule: Spanned<String>,
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    audience: Vec<Spanned<String>>,
    #[serde(default)]
    except_audience: Vec<Spanned<String>>,
    #[serde(default)]
    channels: Vec<Spanned<String>>,
    since: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    replacement: Vec<Spanned<String>>,
    #[serde(default)]
    note: Text,
    #[serde(default)]
    flags: Vec<Spanned<RawExample>>,
    #[serde(default)]
    passes: Vec<Spanned<RawExample>>,
    #[serde(default)]
    source: Vec<String>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    helps_with: RawTextList,
    #[serde(default)]
    does_not: RawTextList,
    #[serde(default)]
    source: Vec<String>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawTextList {
    #[serde(default)]
    ru: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

/// A catalog text being loaded, with the name errors use for it.
struct SourceFile<'a> {
    name: String,
    text: &'a str,
}

/// An item of the merged catalog and the file it came from.
struct From<T> {
    file: usize,
    item: T,
}

/// Collects errors against the files they belong to.
struct Errors<'a> {
    files: &'a [SourceFile<'a>],
    list: Vec<CatalogError>,
    /// Compile patterns on first use instead of now (the embedded catalog only).
    deferred: bool,
}

impl<'a> Errors<'a> {
    fn push(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let f = &self.files[file];
        let (line, column) = line_column(f.text, span.start);
        self.list.push(CatalogError {
            file: f.name.clone(),
            line,
            column,
            message: message.into(),
            help,
        });
    }

    fn location(&self, file: usize, span: Range<usize>) -> super::Location {
        let f = &self.files[file];
        let (line, column) = line_column(f.text, span.start);
        super::Location {
            file: f.name.clone(),
            line,
            column,
        }
    }

    fn help(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(file, span, message, Some(help.into()));
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Catalog {
    /// Loads a catalog from TOML text. `origin` names it in errors; a file with
    /// `extends = "default"` is laid over the embedded default catalog.
    pub fn from_toml(text: &str, origin: Origin) -> Result<Catalog, CatalogErrors> {
        let name = match &origin {
            Origin::Default => "<default catalog>".to_string(),
            Origin::File(p) => p.clone(),
        };
        let mut files = vec![SourceFile { name, text }];
        let user = parse_file(&files[0], 0)?;
        let raws = match &user.extends {
            None => vec![user],
            Some(ext) if ext.get_ref() == DEFAULT_CATALOG_NAME && origin != Origin::Default => {
                files.insert(
                    0,
                    SourceFile {
                        name: "<default catalog>".to_string(),
                        text: DEFAULT_CATALOG_TOML,
                    },
                );
                let base = parse_file(&files[0], 0)?;
                vec![base, user]
            }
            Some(ext) => {
                let (line, column) = line_column(text, ext.span().start);
                return Err(CatalogErrors(vec![CatalogError {
                    file: files[0].name.clone(),
                    line,
                    column,
                    message: format!("cannot extend `{}`", ext.get_ref()),
                    help: Some(
                        "the only catalog a file can extend is \"default\" (the embedded one)"
                            .into(),
                    ),
                }]));
            }
        };
        let hash = {
            let mut h = Sha256::new();
            for f in &files {
                h.update(f.text.as_bytes());
                h.update([0u8]);
            }
            let digest = h.finalize();
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
        };
        build(&files, raws, origin, hash)
    }

    /// Loads the catalog file at `path` (an I/O problem is an error at line 1, column 1).
    pub fn from_path(path: &std::path::Path) -> Result<Catalog, CatalogErrors> {
        let display = path.display().to_string();
        let io_error = |message: String, help: &str| {
            CatalogErrors(vec![CatalogError {
                file: display.clone(),
                line: 1,
                column: 1,
                message,
                help: Some(help.to_string()),
            }])
        };
        if path.is_dir() {
            return Err(io_error(
                "is a directory, not a catalog file".into(),
                "point `catalog` at a .toml file",
            ));
        }
        // A FIFO or a device would block the read (and a server with it).
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(io_error(
                "is not a regular file (a FIFO, a socket or a device), not a catalog file".into(),
                "point `catalog` at a .toml file",
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            io_error(
                format!("cannot read the catalog: {e}"),
                "check the path and its permissions",
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            io_error(
                format!("the catalog is not UTF-8 ({e})"),
                "save the catalog as UTF-8",
            )
        })?;
        Catalog::from_toml(
            text.trim_start_matches('\u{feff}'),
            Origin::File(display.clone()),
        )
    }
}

fn parse_file(file: &SourceFile<'_>, _index: usize) -> Result<RawFile, CatalogErrors> {
    toml::from_str::<RawFile>(file.text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_column(file.text, s.start));
        CatalogErrors(vec![CatalogError {
            file: file.name.clone(),
            line,
            column,
            message: e.message().trim().to_string(),
            help: Some(
                "see the catalog format in the README (`[[channel]]`, `[[claim]]`, `[vocabulary]`)"
                    .into(),
            ),
        }])
    })
}

/// Merges the files (later ones override earlier ones by id) and validates the result.
fn build(
    files: &[SourceFile<'_>],
    raws: Vec<RawFile>,
    origin: Origin,
    hash: String,
) -> Result<Catalog, CatalogErrors> {
    let deferred = origin == Origin::Default;
    let mut errors = Errors {
        files,
        list: Vec::new(),
        deferred,
    };

    let mut name = None;
    let mut region: Option<(usize, Spanned<String>)> = None;
    let mut vocabulary: HashMap<&'static str, From<RawPhrases>> = HashMap::new();
    let mut unofficial: Vec<From<RawUnofficial>> = Vec::new();
    let mut channels: Vec<From<RawChannel>> = Vec::new();
    let mut claims: Vec<From<RawClaim>> = Vec::new();
    let mut support = RawSupport::default();

    for (file, raw) in raws.into_iter().enumerate() {
        if let Some(meta) = raw.catalog {
            if meta.name.is_some() {
                name = meta.name;
            }
            if let Some(r) = meta.region {
                region = Some((file, r));
            }
            let _ = meta.document;
        }
        if let Some(v) = raw.vocabulary {
            for (key, phrases) in [
                ("abroad", v.abroad),
                ("free", v.free),
                ("ask_contact", v.ask_contact),
            ] {
                if let Some(item) = phrases {
                    vocabulary.insert(key, From { file, item });
                }
            }
        }
        for item in raw.unofficial {
            unofficial.retain(|u| u.item.name.get_ref() != item.name.get_ref());
            unofficial.push(From { file, item });
        }
        let mut seen = HashMap::new();
        for item in raw.channel {
            if let Some(prev) = seen.insert(item.id.get_ref().clone(), item.id.span()) {
                let (line, _) = line_column(files[file].text, prev.start);
                errors.help(
                    file,
                    item.id.span(),
                    format!(
                        "channel id `{}` is used twice in this file",
                        item.id.get_ref()
                    ),
                    format!("the first is on line {line}; give each channel its own id"),
                );
                continue;
            }
            match channels
                .iter_mut()
                .find(|c| c.item.id.get_ref() == item.id.get_ref())
            {
                Some(existing) => *existing = From { file, item },
                None => channels.push(From { file, item }),
            }
        }
        let mut seen = HashMap::new();
        for item in raw.claim {
            if seen.insert(item.id.get_ref().clone(), ()).is_some() {
                errors.help(
                    file,
                    item.id.span(),
                    format!(
                        "claim id `{}` is used twice in this file",
                        item.id.get_ref()
                    ),
                    "give each claim its own id",
                );
                continue;
            }
            match claims
                .iter_mut()
                .find(|c| c.item.id.get_ref() == item.id.get_ref())
            {
                Some(existing) => *existing = From { file, item },
                None => claims.push(From { file, item }),
            }
        }
        if let Some(s) = raw.support {
            support = s;
        }
    }

    let region = match region {
        None => rlibphonenumber::enums::Region::RU,
        Some((file, r)) => match rlibphonenumber::enums::Region::from_code(r.get_ref()) {
            Ok(region) => region,
            Err(_) => {
                errors.help(
                    file,
                    r.span(),
                    format!("`{}` is not a region code", r.get_ref()),
                    "use a two-letter ISO 3166 code such as \"RU\"",
                );
                rlibphonenumber::enums::Region::RU
            }
        },
    };

    let ids: BTreeSet<String> = channels
        .iter()
        .map(|c| c.item.id.get_ref().clone())
        .collect();
    let mut built_channels = Vec::with_capacity(channels.len());
    for c in &channels {
        if let Some(ch) = build_channel(&mut errors, c.file, &c.item, &ids, region) {
            built_channels.push(ch);
        }
    }
    check_unique_values(&mut errors, &channels, &built_channels);

    let mut phrases = |key: &'static str| -> PhraseSet {
        match vocabulary.get(key) {
            Some(v) => PhraseSet {
                patterns: compile_all(&mut errors, v.file, &v.item.patterns),
                unless: compile_all(&mut errors, v.file, &v.item.unless),
            },
            None => PhraseSet::default(),
        }
    };
    let vocabulary = Vocabulary {
        abroad: phrases("abroad"),
        free: phrases("free"),
        ask_contact: phrases("ask_contact"),
    };

    let unofficial = unofficial
        .iter()
        .map(|u| Unofficial {
            name: u.item.name.get_ref().clone(),
            hosts: u
                .item
                .hosts
                .iter()
                .map(|h| h.get_ref().trim().to_lowercase())
                .collect(),
            patterns: compile_all(&mut errors, u.file, &u.item.patterns),
        })
        .collect();

    let mut built_claims = Vec::with_capacity(claims.len());
    for c in &claims {
        if let Some(claim) = build_claim(&mut errors, c.file, &c.item, &ids) {
            built_claims.push(claim);
        }
    }

    if !errors.list.is_empty() {
        return Err(CatalogErrors(errors.list));
    }

    let index = ChannelIndex::build(&built_channels);
    let catalog = Catalog {
        name: name.unwrap_or_else(|| origin.to_string()),
        origin,
        region,
        channels: built_channels,
        claims: built_claims,
        vocabulary,
        unofficial,
        support: SupportScope {
            helps_with: TextList {
                ru: support.helps_with.ru,
                en: support.helps_with.en,
            },
            does_not: TextList {
                ru: support.does_not.ru,
                en: support.does_not.en,
            },
            source: support.source,
        },
        index,
        hash,
    };

    Ok(catalog)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

fn audience_set(errors: &mut Errors<'_>, file: usize, items: &[Spanned<String>]) -> Audience {
    let mut out = BTreeSet::new();
    for a in items {
        if is_id(a.get_ref()) {
            out.insert(a.get_ref().clone());
        } else {
            errors.help(
                file,
                a.span(),
                format!("`{}` is not an audience id", a.get_ref()),
                "audience ids are lower-case words such as buyer, seller, premium, travel, bank",
            );
        }
    }
    out
}

fn date(
    errors: &mut Errors<'_>,
    file: usize,
    value: &Spanned<toml::value::Datetime>,
) -> Option<Date> {
    let dt = value.get_ref();
    let bad = |errors: &mut Errors<'_>| {
        errors.help(
            file,
            value.span(),
            format!("`{dt}` is not a date"),
            "write a plain date such as 2023-03-01 (no time, no offset)",
        );
        None
    };
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => match Date::new(d.year as i16, d.month as i8, d.day as i8) {
            Ok(date) => Some(date),
            Err(_) => bad(errors),
        },
        _ => bad(errors),
    }
}

fn ids_exist(
    errors: &mut Errors<'_>,
    file: usize,
    items: &[Spanned<String>],
    ids: &BTreeSet<String>,
    what: &str,
) -> Vec<ChannelId> {
    let mut out = Vec::new();
    for r in items {
        if ids.contains(r.get_ref()) {
            out.push(ChannelId(r.get_ref().clone()));
        } else {
            let nearest = ids
                .iter()
                .map(|id| (strsim::levenshtein(id, r.get_ref()), id))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, id)| format!("did you mean `{id}`? "))
                .unwrap_or_default();
            errors.help(
                file,
                r.span(),
                format!("{what} names `{}`, which is no channel id", r.get_ref()),
                format!("{nearest}use the id of a `[[channel]]` in this catalog"),
            );
        }
    }
    out
}

fn build_channel(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawChannel,
    ids: &BTreeSet<String>,
    region: rlibphonenumber::enums::Region,
) -> Option<Channel> {
    let start = errors.list.len();
    let id = raw.id.get_ref();
    if !is_id(id) {
        errors.help(
            file,
            raw.id.span(),
            format!("`{id}` is not a valid channel id"),
            "ids are lower-case ASCII letters, digits, `.`, `-` and `_`, like phone.moscow",
        );
    }
    if raw.source.get_ref().is_empty() {
        errors.help(
            file,
            raw.source.span(),
            format!("channel `{id}` quotes no source"),
            "add the sentence(s) of the source document this channel comes from",
        );
    }
    let mut phone = None;
    if let Some(value) = &raw.value {
        let v = value.get_ref();
        match raw.kind {
            Kind::Phone => match PhoneKey::parse(v, region) {
                Some(key) if key.valid => {
                    if &key.international != v {
                        errors.help(
                            file,
                            value.span(),
                            format!("phone value `{v}` is not in canonical form"),
                            format!(
                                "write it as \"{}\" (other forms go in `variants`)",
                                key.international
                            ),
                        );
                    }
                    phone = Some(key);
                }
                _ => errors.help(
                    file,
                    value.span(),
                    format!("`{v}` is not a valid phone number"),
                    "write the number in international form, such as \"+7 495 232-10-00\"",
                ),
            },
            Kind::Email if !crate::contact::is_address(v) => {
                errors.help(
                    file,
                    value.span(),
                    format!("`{v}` is not an e-mail address"),
                    "write the address without spaces, such as \"help@example.com\"",
                );
            }
            _ => {}
        }
    }
    for variant in &raw.variants {
        if raw.kind == Kind::Phone {
            let same = PhoneKey::parse(variant.get_ref(), region).map(|k| k.e164);
            if same.is_none() || same != phone.as_ref().map(|p| p.e164.clone()) {
                errors.help(
                    file,
                    variant.span(),
                    format!(
                        "variant `{}` is not the same number as the value",
                        variant.get_ref()
                    ),
                    "a variant is another way to write the same contact",
                );
            }
        }
    }
    let replacement = ids_exist(errors, file, &raw.replacement, ids, "replacement");
    if replacement.iter().any(|r| r.as_str() == id) {
        errors.help(
            file,
            raw.id.span(),
            format!("channel `{id}` replaces itself"),
            "name another channel in `replacement`",
        );
    }
    let since = raw.since.as_ref().and_then(|d| date(errors, file, d));
    let audience = audience_set(errors, file, &raw.audience);
    let callable_from = audience_set(errors, file, &raw.callable_from);
    let wait = raw
        .wait
        .iter()
        .map(|w| Wait {
            audience: audience_set(errors, file, &w.audience),
            text: Text {
                ru: w.ru.clone(),
                en: w.en.clone(),
            },
            source: w.source.clone(),
        })
        .collect();
    if errors.list.len() > start {
        return None;
    }
    Some(Channel {
        id: ChannelId(id.clone()),
        kind: raw.kind,
        name: raw.name.clone(),
        value: raw.value.as_ref().map(|v| v.get_ref().clone()),
        variants: raw.variants.iter().map(|v| v.get_ref().clone()).collect(),
        status: raw.status,
        since,
        replacement,
        audience,
        callable_from,
        topic: raw.topic.clone(),
        cost: raw.cost,
        hours: raw.hours.clone(),
        wait,
        note: raw.note.clone(),
        source: raw.source.get_ref().clone(),
        phone,
    })
}

/// Two channels with the same contact make every lookup ambiguous.
fn check_unique_values(errors: &mut Errors<'_>, raws: &[From<RawChannel>], built: &[Channel]) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for ch in built {
        let Some(raw) = raws.iter().find(|r| r.item.id.get_ref() == ch.id.as_str()) else {
            continue;
        };
        let Some(value) = &raw.item.value else {
            continue;
        };
        let key = match (&ch.phone, ch.kind) {
            (Some(p), _) => p.e164.clone(),
            (None, Kind::Email) => normalise_email(value.get_ref()),
            (None, Kind::Url | Kind::Social | Kind::Messenger) => normalise_url(value.get_ref()),
            (None, _) => value.get_ref().to_lowercase(),
        };
        if let Some(other) = seen.insert(key, ch.id.as_str()) {
            errors.help(
                raw.file,
                value.span(),
                format!("channel `{}` has the same value as `{other}`", ch.id),
                "each contact belongs to one channel: merge the two, or fix the value",
            );
        }
    }
}

fn compile(errors: &mut Errors<'_>, file: usize, p: &Spanned<String>) -> Option<Pattern> {
    let text = p.get_ref();
    if text.len() > REGEX_MAX_LEN {
        errors.help(
            file,
            p.span(),
            format!(
                "pattern is {} bytes long, over the limit of {REGEX_MAX_LEN}",
                text.len()
            ),
            "split it into several shorter patterns",
        );
        return None;
    }
    if errors.deferred {
        // The embedded catalog: its tests compile every pattern; here only the syntax is read.
        return match regex_syntax::ParserBuilder::new()
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
            .parse(text)
        {
            Ok(_) => Some(Pattern::deferred(text.clone())),
            Err(e) => {
                errors.help(
                    file,
                    p.span(),
                    format!("invalid regex: {e}"),
                    "fix the embedded catalog",
                );
                None
            }
        };
    }
    match Pattern::build(text) {
        Ok(regex) => Some(Pattern::compiled(text.clone(), regex)),
        Err(regex::Error::CompiledTooBig(limit)) => {
            errors.help(
                file,
                p.span(),
                format!("pattern compiles to more than {limit} bytes"),
                "bound its repetitions (`{0,6}` instead of `{0,600}`) or split it",
            );
            None
        }
        Err(e) => {
            errors.help(
                file,
                p.span(),
                format!("invalid regex: {}", e.to_string().lines().last().unwrap_or_default().trim()),
                "the syntax is that of the Rust `regex` crate (no look-around: use `unless` instead)",
            );
            None
        }
    }
}

fn compile_all(errors: &mut Errors<'_>, file: usize, items: &[Spanned<String>]) -> Vec<Pattern> {
    items
        .iter()
        .filter_map(|p| compile(errors, file, p))
        .collect()
}

/// Rules a claim may report under: the phrase rules of DESIGN §4.
const CLAIM_RULES: &[Rule] = &[
    Rule::OutdatedClaim,
    Rule::MisleadingClaim,
    Rule::OutOfScope,
    Rule::UnavailableChannel,
    Rule::RemovedChannel,
    Rule::UnofficialChannel,
];

fn build_claim(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawClaim,
    ids: &BTreeSet<String>,
) -> Option<Claim> {
    let start = errors.list.len();
    let rule = match raw.rule.get_ref().parse::<Rule>() {
        Ok(r) if CLAIM_RULES.contains(&r) => Some(r),
        Ok(r) => {
            errors.help(
                file,
                raw.rule.span(),
                format!("a claim cannot report `{r}`"),
                format!(
                    "use one of: {}",
                    CLAIM_RULES
                        .iter()
                        .map(|r| r.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            None
        }
        Err(e) => {
            errors.help(
                file,
                raw.rule.span(),
                e.to_string(),
                "write one of the rule ids",
            );
            None
        }
    };
    if raw.patterns.get_ref().is_empty() {
        errors.help(
            file,
            raw.patterns.span(),
            format!("claim `{}` has no patterns", raw.id.get_ref()),
            "add at least one regex to `patterns`",
        );
    }
    let patterns = compile_all(errors, file, raw.patterns.get_ref());
    let unless = compile_all(errors, file, &raw.unless);
    let audience = audience_set(errors, file, &raw.audience);
    let except_audience = audience_set(errors, file, &raw.except_audience);
    let channels = ids_exist(errors, file, &raw.channels, ids, "channels");
    let replacement = ids_exist(errors, file, &raw.replacement, ids, "replacement");
    let since = raw.since.as_ref().and_then(|d| date(errors, file, d));
    let example = |errors: &mut Errors<'_>, e: &Spanned<RawExample>| match e.get_ref() {
        RawExample::Text(t) => ClaimExample {
            text: t.clone(),
            audience: None,
            at: errors.location(file, e.span()),
        },
        RawExample::WithAudience { text, audience } => ClaimExample {
            text: text.clone(),
            at: errors.location(file, e.span()),
            audience: Some(audience_set(
                errors,
                file,
                &audience
                    .iter()
                    .map(|a| Spanned::new(e.span(), a.clone()))
                    .collect::<Vec<_>>(),
            )),
        },
    };
    let flags = raw.flags.iter().map(|e| example(errors, e)).collect();
    let passes = raw.passes.iter().map(|e| example(errors, e)).collect();
    if errors.list.len() > start {
        return None;
    }
    Some(Claim {
        id: raw.id.get_ref().clone(),
        rule: rule?,
        phrases: PhraseSet { patterns, unless },
        audience,
        except_audience,
        channels,
        since,
        replacement,
        note: raw.note.clone(),
        flags,
        passes,
        source: raw.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Catalog, CatalogErrors> {
        Catalog::from_toml(text, Origin::File("test.toml".into()))
    }

    fn one_error(text: &str) -> CatalogError {
        let errs = load(text).expect_err("catalog should be rejected").0;
        assert_eq!(errs.len(), 1, "{errs:?}");
        errs.into_iter().next().unwrap()
    }

    const CHANNEL: &str = r#"
[[channel]]
id = "phone.main"
kind = "phone"
value = "+7 495 232-10-00"
status = "active"
source = ["s"]
"#;

    /// The embedded catalog defers compiling and checking its examples; this does both.
    #[test]
    fn default_catalog_patterns_compile_and_examples_hold() {
        let c = Catalog::default_catalog();
        for p in c.patterns() {
            Pattern::build(&p.source).unwrap_or_else(|e| panic!("{}: {e}", p.source));
        }
        let eager = Catalog::from_toml(DEFAULT_CATALOG_TOML, Origin::File("default.toml".into()));
        assert!(eager.is_ok(), "{}", eager.unwrap_err());
        // The examples themselves run in `crate::examples` (above the rules).
        assert!(
            c.claims
                .iter()
                .all(|cl| !cl.flags.is_empty() && !cl.passes.is_empty())
        );
    }

    #[test]
    fn default_catalog_loads() {
        let c = Catalog::default_catalog();
        assert!(c.channels.len() >= 19);
        assert!(c.claims.len() >= 10);
        assert_eq!(c.hash.len(), 12);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let e = one_error("[[channel]]\nid = \"x\"\nkind = \"pager\"\n");
        assert_eq!((e.file.as_str(), e.line), ("test.toml", 3));
        assert!(e.message.contains("pager"), "{}", e.message);
    }

    #[test]
    fn unknown_fields_are_errors() {
        let e = one_error(&format!("{CHANNEL}colour = \"red\"\n"));
        assert!(e.message.contains("colour"), "{}", e.message);
        assert_eq!(e.line, 8);
    }

    #[test]
    fn unknown_replacement_suggests_the_nearest_id() {
        let e = one_error(&format!("{CHANNEL}replacement = [\"phone.mian\"]\n"));
        assert!(e.message.contains("phone.mian"));
        assert!(e.help.unwrap().contains("phone.main"));
        assert_eq!((e.line, e.column), (8, 16));
    }

    #[test]
    fn same_value_twice_is_an_error() {
        let second = CHANNEL.replace("phone.main", "phone.other");
        let e = one_error(&format!("{CHANNEL}{second}"));
        assert!(e.message.contains("same value"), "{}", e.message);
        assert_eq!(e.line, 12);
    }

    #[test]
    fn non_canonical_phone_value_says_how_to_write_it() {
        let e = one_error(&CHANNEL.replace("+7 495 232-10-00", "8 (495) 232-10-00"));
        assert!(e.help.unwrap().contains("+7 495 232-10-00"));
    }

    #[test]
    fn bad_dates_are_errors() {
        let e = one_error(&format!("{CHANNEL}since = 2023-03-01T10:00:00\n"));
        assert!(e.message.contains("not a date"), "{}", e.message);
        let e = one_error(&format!("{CHANNEL}since = 2023-02-30\n"));
        assert_eq!(e.line, 8, "{e}");
    }

    #[test]
    fn bad_and_huge_regexes_are_errors() {
        let claim = |p: &str| {
            format!("[[claim]]\nid = \"c\"\nrule = \"outdated-claim\"\npatterns = ['{p}']\n")
        };
        let e = one_error(&claim("(unclosed"));
        assert!(e.message.contains("invalid regex"), "{e}");
        assert_eq!((e.line, e.column), (4, 13));
        let e = one_error(&claim(r"(?:\w{100}){100}"));
        assert!(e.message.contains("compiles to more than"), "{e}");
    }

    #[test]
    fn claim_rule_must_be_a_phrase_rule() {
        let e = one_error("[[claim]]\nid = \"c\"\nrule = \"io-error\"\npatterns = ['x']\n");
        assert!(e.message.contains("cannot report"), "{e}");
        let e = one_error("[[claim]]\nid = \"c\"\nrule = \"outdated\"\npatterns = ['x']\n");
        assert!(e.message.contains("unknown rule"), "{e}");
    }

    #[test]
    fn extends_default_overrides_by_id_and_adds() {
        let text = r#"
extends = "default"
[[channel]]
id = "phone.moscow"
kind = "phone"
value = "+7 495 232-10-00"
status = "removed"
replacement = ["chat.web"]
source = ["our own notice"]

[[channel]]
id = "phone.new"
kind = "phone"
value = "+7 495 111-22-33"
status = "active"
source = ["our own notice"]
"#;
        let c = load(text).unwrap();
        let default = Catalog::default_catalog();
        assert_eq!(c.channels.len(), default.channels.len() + 1);
        assert_eq!(c.channel("phone.moscow").unwrap().status, Status::Removed);
        assert!(c.channel("email.help").is_some());
        assert_eq!(c.claims.len(), default.claims.len());
    }

    #[test]
    fn extending_something_else_is_an_error() {
        let e = one_error("extends = \"ozon\"\n");
        assert!(e.help.unwrap().contains("default"));
    }

    #[test]
    fn a_user_value_clashing_with_the_default_names_the_user_file() {
        let text = "extends = \"default\"\n[[channel]]\nid = \"phone.mine\"\nkind = \"phone\"\nvalue = \"+7 495 232-10-00\"\nstatus = \"active\"\nsource = [\"s\"]\n";
        let e = one_error(text);
        assert_eq!((e.file.as_str(), e.line), ("test.toml", 5));
    }

    #[test]
    fn directory_as_catalog_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = Catalog::from_path(dir.path()).unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
    }

    /// A FIFO named as the catalog (`--catalog`, `macrolint.toml`, the editor's setting) used
    /// to block the read forever, and the language server with it.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("catalog.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let e = Catalog::from_path(&fifo).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}

//! Reading a catalog: TOML → raw structs with spans → validated [`Catalog`].
//!
//! Errors keep the span of the value at fault so every message names the file, line and column
//! (DESIGN §3 "Validation"); all problems are collected, so a catalog keeper fixes them in one go.
//! Merging and validation use hash maps throughout: loading is linear in the number of entries.

mod channel;
mod claim;
mod errors;
mod hours;
mod raw;
mod shape;
mod words;

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use toml::Spanned;

pub(crate) use errors::line_column;
use errors::{Errors, From, SourceFile, id_set, is_id};
use raw::{RawAudience, RawChannel, RawClaim, RawFile, RawLanguage, RawRegion, RawUnofficial};

use super::error::{CatalogError, CatalogErrors};
use super::frame::{FrameIndex, Owner, Slot};
use super::index::ChannelIndex;
use super::{
    AudienceDef, Audiences, Catalog, Origin, PhraseSet, RegionDef, Regions, SupportScope, TextList,
    Unofficial, Vocabulary,
};

/// The embedded default catalog.
pub const DEFAULT_CATALOG_TOML: &str = include_str!("../default.toml");
/// How the default catalog is named in `extends` and in reports.
pub const DEFAULT_CATALOG_NAME: &str = "default";
/// The embedded base every catalog can start from: the languages' cues and the vocabulary of
/// hours and ownership, and no company's channels.
pub const BASE_CATALOG_TOML: &str = include_str!("../base.toml");
/// How the base catalog is named in `extends`.
pub const BASE_CATALOG_NAME: &str = "base";
/// What `macrolint catalog init` writes: a commented catalog for a made-up company.
pub const STARTER_CATALOG_TOML: &str = include_str!("../starter.toml");

/// Most channels a catalog may have: far beyond any support team's, and a bound, so a file made
/// to be huge is refused with a message instead of being loaded.
const MAX_CHANNELS: usize = 20_000;
/// Most claims a catalog may have.
const MAX_CLAIMS: usize = 5_000;

impl Catalog {
    /// Loads a catalog from TOML text. `origin` names it in errors; a file with
    /// `extends = "default"` is laid over the embedded default catalog.
    pub fn from_toml(text: &str, origin: Origin) -> Result<Catalog, CatalogErrors> {
        let name = match &origin {
            Origin::Default => "<default catalog>".to_string(),
            Origin::Base => "<base catalog>".to_string(),
            Origin::File(p) => p.clone(),
        };
        let mut files = vec![SourceFile::new(name, text)];
        let user = parse_file(&files[0]);
        let extends = user.raw.as_ref().and_then(|r| r.extends.clone());
        // The embedded catalogs a file stands on, lowest first: the default one is built on
        // the base.
        let under: Option<&[(&str, &str)]> = match extends.as_ref().map(|e| e.get_ref().as_str()) {
            None => Some(&[]),
            Some(BASE_CATALOG_NAME) if origin != Origin::Base => {
                Some(&[("<base catalog>", BASE_CATALOG_TOML)])
            }
            Some(DEFAULT_CATALOG_NAME) if !matches!(origin, Origin::Default | Origin::Base) => {
                Some(&[
                    ("<base catalog>", BASE_CATALOG_TOML),
                    ("<default catalog>", DEFAULT_CATALOG_TOML),
                ])
            }
            _ => None,
        };
        let parsed = match (under, extends) {
            (Some(under), _) => {
                for (i, (name, text)) in under.iter().enumerate() {
                    files.insert(i, SourceFile::new(name.to_string(), text));
                }
                let mut parsed: Vec<Parsed> = files[..under.len()].iter().map(parse_file).collect();
                parsed.push(user);
                parsed
            }
            (None, None) => unreachable!("no `extends` stands on nothing"),
            (None, Some(ext)) => {
                let (line, column) = line_column(text, ext.span().start);
                let mut list = user.errors;
                list.push(CatalogError {
                    file: files[0].name.clone(),
                    line,
                    column,
                    message: format!("cannot extend `{}`", ext.get_ref()),
                    help: Some(
                        "a catalog extends \"base\" (the languages only: for your own company) or \"default\" (the embedded catalog)"
                            .into(),
                    ),
                });
                return Err(CatalogErrors(list));
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
        let mut earlier = Vec::new();
        let mut withheld = BTreeSet::new();
        let mut raws = Vec::with_capacity(parsed.len());
        for p in parsed {
            earlier.extend(p.errors);
            withheld.extend(p.withheld);
            raws.extend(p.raw);
        }
        if raws.len() < files.len() {
            // A file that could not be read at all: its errors are all there is to say.
            return Err(CatalogErrors(earlier));
        }
        build(&files, raws, origin, hash, earlier, withheld)
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

/// The JSON schema of a catalog file, generated from the very types the loader reads, so an
/// editor validating a catalog against it and the loader can never disagree on its shape.
pub fn schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(RawFile).to_value();
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "$id".into(),
            "https://macrolint.dev/schemas/catalog.schema.json".into(),
        );
        o.insert("title".into(), "macrolint catalog".into());
        o.insert(
            "description".into(),
            "A macrolint catalog: support channels, claims, and the words they are found by. Generated by `macrolint catalog schema`.".into(),
        );
    }
    schema
}

/// One file as read: its entries (what of them could be read), and every problem with its
/// syntax and shape.
struct Parsed {
    raw: Option<RawFile>,
    errors: Vec<CatalogError>,
    /// Ids of entries left out for a problem of their shape.
    withheld: Vec<String>,
}

/// Parses a file, checks its whole shape against the schema, and reads what is sound: a broken
/// field or entry is reported and left out, so the rest is still validated in the same run.
/// Whether `text` is one of the catalogs built into the binary (or a byte-for-byte copy of one):
/// their shape is checked by the test suite (`the_embedded_catalogs_have_the_schemas_shape`),
/// not at every start, where the walk and its schema were a tenth of a WebAssembly start-up.
/// Compared by content: a `const` has no one address.
fn is_embedded(text: &str) -> bool {
    text == BASE_CATALOG_TOML || text == DEFAULT_CATALOG_TOML
}

fn parse_file(file: &SourceFile<'_>) -> Parsed {
    let (mut tree, syntax) = toml::de::DeTable::parse_recoverable(file.text);
    let at = |offset: usize, message: String, help: String| {
        let (line, column) = file.line_column(offset);
        CatalogError {
            file: file.name.clone(),
            line,
            column,
            message,
            help: Some(help),
        }
    };
    let mut errors: Vec<CatalogError> = syntax
        .iter()
        .map(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
                "fix the TOML syntax here (see the catalog format in the README)".into(),
            )
        })
        .collect();
    let shape = if is_embedded(file.text) {
        Vec::new()
    } else {
        shape::check(&tree)
    };
    for e in &shape {
        // Around broken syntax a missing field is most likely on the broken line.
        if !syntax.is_empty() && e.message.contains(" has no `") {
            continue;
        }
        errors.push(at(e.span.start, e.message.clone(), e.help.clone()));
    }
    if !syntax.is_empty() {
        return Parsed {
            raw: None,
            errors,
            withheld: Vec::new(),
        };
    }
    let cuts: Vec<Vec<shape::Step>> = shape.into_iter().map(|e| e.cut).collect();
    let withheld = shape::prune(tree.get_mut(), &cuts);
    match <RawFile as serde::Deserialize>::deserialize(toml::de::Deserializer::from(tree)) {
        Ok(raw) => Parsed {
            raw: Some(raw),
            errors,
            withheld,
        },
        Err(e) => {
            // The shape check and the types agree by construction; should they ever not, the
            // reader's own message is still better than none.
            if errors.is_empty() {
                errors.push(at(
                    e.span().map_or(0, |s| s.start),
                    e.message().trim().to_string(),
                    "see the catalog format in the README (`[[channel]]`, `[[claim]]`, `[vocabulary]`)"
                        .into(),
                ));
            }
            Parsed {
                raw: None,
                errors,
                withheld,
            }
        }
    }
}

/// Everything of the files, merged: a later file's entry replaces an earlier one with the same
/// id (name, for networks and word groups), a new id adds one.
#[derive(Default)]
struct Merged {
    name: Option<String>,
    region: Option<(usize, Spanned<String>)>,
    words: BTreeMap<String, From<Spanned<Vec<String>>>>,
    language: BTreeMap<String, From<RawLanguage>>,
    free: Option<From<raw::RawFree>>,
    ask_contact: Option<From<Spanned<Vec<String>>>>,
    hours: Option<From<raw::RawHoursWords>>,
    own: Option<From<Spanned<Vec<String>>>>,
    own_numbers: Option<From<Vec<Spanned<String>>>>,
    audiences: Keyed<RawAudience>,
    regions: Keyed<RawRegion>,
    unofficial: Keyed<RawUnofficial>,
    channels: Keyed<RawChannel>,
    claims: Keyed<RawClaim>,
    support: raw::RawSupport,
}

/// Entries in first-seen order, replaceable by key in constant time.
struct Keyed<T> {
    items: Vec<From<T>>,
    at: HashMap<String, usize>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<T> Keyed<T> {
    fn put(&mut self, key: String, item: From<T>) {
        match self.at.get(&key) {
            Some(&i) => self.items[i] = item,
            None => {
                self.at.insert(key, self.items.len());
                self.items.push(item);
            }
        }
    }
}

/// Adds one file's entries of one kind, reporting an id used twice within the file.
fn put_all<T>(
    errors: &mut Errors<'_>,
    file: usize,
    into: &mut Keyed<T>,
    items: Vec<T>,
    key: impl Fn(&T) -> &Spanned<String>,
    what: &str,
) {
    let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for item in items {
        let k = key(&item);
        if let Some(prev) = seen.insert(k.get_ref().clone(), k.span()) {
            let (line, _) = errors.files[file].line_column(prev.start);
            errors.help(
                file,
                k.span(),
                format!("{what} `{}` is used twice in this file", k.get_ref()),
                format!("the first is on line {line}; give each {what} its own id"),
            );
            continue;
        }
        let id = k.get_ref().clone();
        into.put(id, From { file, item });
    }
}

fn merge(errors: &mut Errors<'_>, raws: Vec<RawFile>) -> Merged {
    let mut m = Merged::default();
    for (file, raw) in raws.into_iter().enumerate() {
        if let Some(meta) = raw.catalog {
            if meta.name.is_some() {
                m.name = meta.name;
            }
            if let Some(r) = meta.region {
                m.region = Some((file, r));
            }
            let _ = meta.document;
            if !meta.own_numbers.is_empty() {
                m.own_numbers = Some(From {
                    file,
                    item: meta.own_numbers,
                });
            }
        }
        for (k, v) in raw.words {
            m.words.insert(k, From { file, item: v });
        }
        for (lang, l) in raw.language {
            match m.language.get_mut(&lang) {
                Some(base) => {
                    words::overlay_language(&mut base.item, l);
                    base.file = file;
                }
                None => {
                    m.language.insert(lang, From { file, item: l });
                }
            }
        }
        if let Some(v) = raw.vocabulary {
            if let Some(f) = v.free {
                m.free = Some(From { file, item: f });
            }
            if let Some(a) = v.ask_contact {
                m.ask_contact = Some(From { file, item: a });
            }
            if let Some(h) = v.hours {
                m.hours = Some(From { file, item: h });
            }
            if let Some(o) = v.own {
                m.own = Some(From { file, item: o });
            }
        }
        put_all(
            errors,
            file,
            &mut m.audiences,
            raw.audience,
            |a| &a.id,
            "audience",
        );
        put_all(
            errors,
            file,
            &mut m.regions,
            raw.region,
            |r| &r.id,
            "region",
        );
        put_all(
            errors,
            file,
            &mut m.unofficial,
            raw.unofficial,
            |u| &u.name,
            "network",
        );
        put_all(
            errors,
            file,
            &mut m.channels,
            raw.channel,
            |c| &c.id,
            "channel id",
        );
        put_all(
            errors,
            file,
            &mut m.claims,
            raw.claim,
            |c| &c.id,
            "claim id",
        );
        if let Some(s) = raw.support {
            m.support = s;
        }
    }
    m
}

/// Merges the files (later ones override earlier ones by id) and validates the result.
fn build(
    files: &[SourceFile<'_>],
    raws: Vec<RawFile>,
    origin: Origin,
    hash: String,
    earlier: Vec<CatalogError>,
    withheld: BTreeSet<String>,
) -> Result<Catalog, CatalogErrors> {
    let mut errors = Errors {
        files,
        list: earlier,
        deferred: origin == Origin::Default,
        withheld,
    };
    let m = merge(&mut errors, raws);

    for (what, n, max) in [
        ("channels", m.channels.items.len(), MAX_CHANNELS),
        ("claims", m.claims.items.len(), MAX_CLAIMS),
    ] {
        if n > max {
            let last = files.len() - 1;
            errors.help(
                last,
                0..0,
                format!("the catalog has {n} {what}, more than {max}"),
                "split it, or check that the file is the catalog you meant",
            );
            return Err(CatalogErrors(errors.in_file_order()));
        }
    }

    let region = match &m.region {
        None => rlibphonenumber::enums::Region::RU,
        Some((file, r)) => match rlibphonenumber::enums::Region::from_code(r.get_ref()) {
            Ok(region) => region,
            Err(_) => {
                errors.help(
                    *file,
                    r.span(),
                    format!("`{}` is not a region code", r.get_ref()),
                    "use a two-letter ISO 3166 code such as \"US\", \"GB\" or \"RU\"",
                );
                rlibphonenumber::enums::Region::RU
            }
        },
    };

    let groups = words::groups(&m.words);
    words::check_groups(&mut errors, &m.words, &groups);
    let mut frames = FrameIndex::default();

    let audience_ids: BTreeSet<String> = m.audiences.at.keys().cloned().collect();
    let region_ids: BTreeSet<String> = m.regions.at.keys().cloned().collect();
    let audiences = build_audiences(
        &mut errors,
        &m.audiences,
        &audience_ids,
        &groups,
        &mut frames,
    );
    let regions = build_regions(&mut errors, &m.regions, &region_ids, &groups, &mut frames);

    let ids: BTreeSet<String> = m.channels.at.keys().cloned().collect();
    let names = channel::Names {
        ids: &ids,
        audiences: &audience_ids,
        regions: &region_ids,
    };
    let mut built_channels = Vec::with_capacity(m.channels.items.len());
    for c in &m.channels.items {
        if let Some(ch) = channel::build(&mut errors, c.file, &c.item, &names, region) {
            let i = built_channels.len();
            for fr in &c.item.mention {
                if let Some(frame) = words::frame(&mut errors, c.file, fr, &groups) {
                    frames.add(frame, Owner::Mention(i));
                }
            }
            built_channels.push(ch);
        }
    }
    let hours_words = m
        .hours
        .as_ref()
        .map(|h| hours::vocabulary(&mut errors, h.file, &h.item, &groups, &mut frames))
        .unwrap_or_default();
    channel::check_unique_values(&mut errors, &m.channels.items, &built_channels);
    channel::check_replacement_cycles(&mut errors, &m.channels.items, &built_channels);

    let cues = words::cues(&mut errors, &m.language);
    let free = match &m.free {
        Some(f) => {
            for fr in &f.item.frame {
                if let Some(frame) = words::frame(&mut errors, f.file, fr, &groups) {
                    frames.add(frame, Owner::Free);
                }
            }
            for fr in &f.item.except {
                if let Some(frame) = words::frame(&mut errors, f.file, fr, &groups) {
                    frames.add(frame, Owner::FreeExcept);
                }
            }
            PhraseSet {
                patterns: words::compile_all(&mut errors, f.file, &f.item.patterns),
                unless: words::compile_all(&mut errors, f.file, &f.item.unless),
                gate: Default::default(),
            }
        }
        None => PhraseSet::default(),
    };
    if let Some(o) = &m.own
        && let Some(slot) = words::slot(&mut errors, o.file, &o.item, &groups)
    {
        frames.add(one_slot(slot), Owner::Own);
    }
    let own_numbers: Vec<String> = m
        .own_numbers
        .iter()
        .flat_map(|o| o.item.iter().map(move |n| (o.file, n)))
        .filter_map(|(file, n)| {
            let written = n.get_ref().trim();
            let digits: String = written.chars().filter(char::is_ascii_digit).collect();
            if !written.starts_with('+') || digits.len() < 2 {
                errors.help(
                    file,
                    n.span(),
                    format!("`{written}` is not the start of an international number"),
                    "write the range with its country code, such as \"+1 844 555\"",
                );
                return None;
            }
            Some(digits)
        })
        .collect();
    let ask_contact = m
        .ask_contact
        .as_ref()
        .and_then(|a| words::slot(&mut errors, a.file, &a.item, &groups))
        .unwrap_or_default();

    let mut unofficial = Vec::with_capacity(m.unofficial.items.len());
    for (i, u) in m.unofficial.items.iter().enumerate() {
        let raw = &u.item;
        if let Some(w) = &raw.words
            && let Some(slot) = words::slot(&mut errors, u.file, w, &groups)
        {
            frames.add(one_slot(slot), Owner::Unofficial(i));
        }
        for fr in &raw.except {
            if let Some(frame) = words::frame(&mut errors, u.file, fr, &groups) {
                frames.add(frame, Owner::UnofficialExcept(i));
            }
        }
        unofficial.push(Unofficial {
            name: raw.name.get_ref().clone(),
            hosts: raw
                .hosts
                .iter()
                .map(|h| h.get_ref().trim().to_lowercase())
                .collect(),
            patterns: words::compile_all(&mut errors, u.file, &raw.patterns),
            gate: Default::default(),
        });
    }

    let claim_names = claim::Names {
        ids: &ids,
        audiences: &audience_ids,
        regions: &region_ids,
        groups: &groups,
    };
    let mut built_claims = Vec::with_capacity(m.claims.items.len());
    for c in &m.claims.items {
        if let Some(b) = claim::build(&mut errors, c.file, &c.item, &claim_names) {
            let i = built_claims.len();
            let mut claim = b.claim;
            claim.frames = b
                .frames
                .into_iter()
                .map(|f| frames.add(f, Owner::Claim(i)))
                .collect();
            claim.excepts = b
                .excepts
                .into_iter()
                .map(|f| frames.add(f, Owner::ClaimExcept(i)))
                .collect();
            built_claims.push(claim);
        }
    }

    if !errors.list.is_empty() {
        return Err(CatalogErrors(errors.in_file_order()));
    }

    let index = ChannelIndex::build(&built_channels);
    let dialling = super::phone::Dialling::new(
        region,
        built_channels
            .iter()
            .filter_map(|c| c.phone.as_ref()?.country.as_deref())
            .filter_map(|c| rlibphonenumber::enums::Region::from_code(c).ok()),
    );
    let support = m.support;
    Ok(Catalog {
        name: m.name.unwrap_or_else(|| origin.to_string()),
        origin,
        region,
        dialling,
        own_numbers,
        channels: built_channels,
        claims: built_claims,
        vocabulary: Vocabulary {
            free,
            ask_contact,
            cues,
            hours: hours_words,
        },
        unofficial,
        audiences,
        regions,
        frames,
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
    })
}

/// A frame of one slot (a network's name, a region phrase).
fn one_slot(slot: Slot) -> super::Frame {
    super::Frame {
        slots: vec![slot],
        ordered: false,
        gap: 0,
        gaps: Vec::new(),
        scope: crate::catalog::frame::ExceptScope::Words,
        mark: None,
        reader: Default::default(),
    }
}

fn build_audiences(
    errors: &mut Errors<'_>,
    items: &Keyed<RawAudience>,
    declared: &BTreeSet<String>,
    groups: &super::frame::WordGroups,
    frames: &mut FrameIndex,
) -> Audiences {
    let mut defs = Vec::with_capacity(items.items.len());
    for (i, a) in items.items.iter().enumerate() {
        if let Some(p) = &a.item.phrases
            && let Some(slot) = words::slot(errors, a.file, p, groups)
        {
            frames.add(one_slot(slot), Owner::Audience(i));
        }
        let raw = &a.item;
        let id = raw.id.get_ref();
        if !is_id(id) {
            errors.help(
                a.file,
                raw.id.span(),
                format!("`{id}` is not a valid audience id"),
                "audience ids are lower-case words such as customer, seller",
            );
        }
        let within = id_set(
            errors,
            a.file,
            &raw.within,
            declared,
            "audience",
            "customer",
        );
        let base = raw.base.as_ref().and_then(|b| {
            id_set(
                errors,
                a.file,
                std::slice::from_ref(b),
                declared,
                "audience",
                "customer",
            )
            .into_iter()
            .next()
        });
        if base.is_some() && !raw.modifier {
            errors.help(
                a.file,
                raw.id.span(),
                format!("audience `{id}` has a `base` but is not a modifier"),
                "set `modifier = true`, or remove `base`",
            );
        }
        let _ = &raw.note;
        defs.push(AudienceDef {
            id: id.clone(),
            name: raw.name.clone(),
            genitive: raw.genitive.clone(),
            within: within.into_iter().collect(),
            modifier: raw.modifier,
            base,
            prefix: raw.prefix.clone(),
            related: raw.related,
        });
    }
    let audiences = Audiences { defs };
    // A circle (a within b within a) would make every template everyone.
    for a in &items.items {
        let id = a.item.id.get_ref();
        let up = audiences.expand(&BTreeSet::from([id.clone()]));
        let circular = audiences.get(id).is_some_and(|d| {
            d.within
                .iter()
                .any(|w| audiences.expand(&BTreeSet::from([w.clone()])).contains(id))
        });
        if circular {
            errors.help(
                a.file,
                a.item.id.span(),
                format!(
                    "audience `{id}` is within itself (through {})",
                    up.iter()
                        .filter(|x| *x != id)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "`within` names broader audiences only",
            );
        }
    }
    audiences
}

fn build_regions(
    errors: &mut Errors<'_>,
    items: &Keyed<RawRegion>,
    declared: &BTreeSet<String>,
    groups: &super::frame::WordGroups,
    frames: &mut FrameIndex,
) -> Regions {
    let mut defs = Vec::with_capacity(items.items.len());
    for (i, r) in items.items.iter().enumerate() {
        let raw = &r.item;
        let id = raw.id.get_ref();
        if !is_id(id) {
            errors.help(
                r.file,
                raw.id.span(),
                format!("`{id}` is not a valid region id"),
                "region ids are lower-case words such as russia, abroad",
            );
        }
        let within = id_set(errors, r.file, &raw.within, declared, "region", "russia");
        if let Some(p) = &raw.phrases
            && let Some(slot) = words::slot(errors, r.file, p, groups)
        {
            frames.add(one_slot(slot), Owner::Region(i));
        }
        for fr in &raw.except {
            if let Some(frame) = words::frame(errors, r.file, fr, groups) {
                frames.add(frame, Owner::RegionExcept(i));
            }
        }
        if let Some(c) = &raw.country
            && rlibphonenumber::enums::Region::from_code(c).is_err()
        {
            errors.help(
                r.file,
                raw.id.span(),
                format!("region `{id}`: `{c}` is not a country code"),
                "use a two-letter ISO 3166 code such as \"US\", \"GB\" or \"RU\"",
            );
        }
        defs.push(RegionDef {
            id: id.clone(),
            name: raw.name.clone(),
            from: raw.from.clone(),
            within: within.into_iter().collect(),
            country: raw.country.clone(),
            outside: raw.outside,
        });
    }
    Regions { defs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogError, Pattern, Status};

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

    /// The schema editors validate catalogs with is this very loader's, written out: if a field
    /// changes, `macrolint catalog schema > editors/vscode/schemas/catalog.schema.json`.
    #[test]
    fn the_editors_catalog_schema_is_the_loaders() {
        let committed: serde_json::Value = serde_json::from_str(include_str!(
            "../../../editors/vscode/schemas/catalog.schema.json"
        ))
        .expect("valid JSON");
        assert!(
            committed == schema(),
            "editors/vscode/schemas/catalog.schema.json is stale: regenerate it with \
             `cargo run -- catalog schema > editors/vscode/schemas/catalog.schema.json`"
        );
    }

    /// The base holds languages only; a catalog standing on it has their cues and none of the
    /// default catalog's channels. The starter `catalog init` writes loads and its examples
    /// hold.
    #[test]
    fn the_base_and_the_starter_stand_alone() {
        let base = Catalog::from_toml(BASE_CATALOG_TOML, Origin::Base).unwrap();
        assert!(base.channels.is_empty() && base.claims.is_empty());
        assert!(!base.vocabulary.cues.negation.is_empty());
        assert!(!base.vocabulary.hours.is_empty());
        let own = load(&format!("extends = \"base\"\n{CHANNEL}")).unwrap();
        assert_eq!(own.channels.len(), 1);
        assert!(!own.vocabulary.cues.reported.is_empty());
        let starter = load(STARTER_CATALOG_TOML).unwrap();
        assert!(
            starter
                .channels
                .iter()
                .all(|c| !c.id.as_str().contains("ozon"))
        );
        assert!(
            starter
                .channel("phone.us")
                .unwrap()
                .hours
                .as_ref()
                .unwrap()
                .week
                .is_some()
        );
        assert!(!DEFAULT_CATALOG_TOML.is_empty() && !STARTER_CATALOG_TOML.contains("Ozon"));
    }

    #[test]
    fn a_quoted_date_is_a_date_too() {
        let c = load(&format!("{CHANNEL}since = \"2023-03-01\"\n")).unwrap();
        assert_eq!(c.channels[0].since, Some("2023-03-01".parse().unwrap()));
        let e = one_error(&format!("{CHANNEL}since = \"1 March 2023\"\n"));
        assert!(e.message.contains("must be a date"), "{e}");
        assert_eq!((e.line, e.column), (8, 9));
    }

    #[test]
    fn the_embedded_catalogs_have_the_schemas_shape() {
        for text in [BASE_CATALOG_TOML, DEFAULT_CATALOG_TOML] {
            assert!(is_embedded(text));
            let (tree, syntax) = toml::de::DeTable::parse_recoverable(text);
            assert!(syntax.is_empty());
            let errors: Vec<String> = shape::check(&tree).into_iter().map(|e| e.message).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        // Any other text is a user's file, and walked.
        let edited = format!("{DEFAULT_CATALOG_TOML}\n# mine\n");
        assert!(!is_embedded(&edited));
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
        let e = one_error("[[channel]]\nid = \"x\"\nkind = \"phone\n");
        assert_eq!((e.file.as_str(), e.line), ("test.toml", 3));
        assert!(e.help.unwrap().contains("syntax"));
    }

    /// Structural problems of several entries come back together, in the file's order, in plain
    /// words; a sound entry next to broken ones is still validated in the same run.
    #[test]
    fn every_structural_problem_in_one_run() {
        let errs = load(&format!(
            "[[channel]]\nid = \"x\"\nkind = \"pager\"\n{CHANNEL}hours = \"24/7\"\nreplacement = [\"phone.mian\"]\n\n[[claim]]\nid = \"c\"\nrule = \"misleading-claim\"\nchannels = [\"x\"]\n"
        ))
        .expect_err("rejected")
        .0;
        let text: Vec<String> = errs
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect();
        assert!(
            text.iter().any(|m| m.starts_with("3:8 ")
                && m.contains("\"pager\", but it must be one of \"phone\"")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|m| m.starts_with("1:1 ") && m.contains("has no `status`")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|m| m.contains("`channel[2] (phone.main).hours` is a text")),
            "{text:#?}"
        );
        // The sound rest is still checked: a wrong replacement id.
        assert!(text.iter().any(|m| m.contains("phone.mian")), "{text:#?}");
        // A claim naming the broken channel is not a second error about it.
        assert!(
            !text.iter().any(|m| m.contains("`x`, which is no channel")),
            "{text:#?}"
        );
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert!(lines.is_sorted(), "{lines:?}");
        assert!(
            text.iter()
                .all(|m| !m.contains("struct") && !m.contains("expected")),
            "{text:#?}"
        );
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

//! Reading the catalog's words: frames, word groups, cue lists, and the legacy regexes.

use crate::catalog::frame::ExceptScope;
use std::collections::BTreeMap;
use toml::Spanned;

use super::errors::{Errors, From};
use super::raw::{RawFrame, RawLanguage};
use crate::catalog::cues::{CueSet, Cues};
use crate::catalog::frame::{self, DEFAULT_GAP, Frame, MAX_SLOTS, Slot, WordGroups};
use crate::catalog::{Pattern, REGEX_NEST_LIMIT};

/// Longest pattern text accepted.
pub(super) const REGEX_MAX_LEN: usize = 2_000;

/// Reads a frame; problems are reported at the frame.
pub(super) fn frame(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &Spanned<RawFrame>,
    groups: &WordGroups,
) -> Option<Frame> {
    let f = raw.get_ref();
    if f.words.is_empty() {
        errors.help(
            file,
            raw.span(),
            "a frame has no words",
            "write `words = [[\"…\"], [\"…\"]]`: one list of alternatives per slot",
        );
        return None;
    }
    if f.words.len() > MAX_SLOTS {
        errors.help(
            file,
            raw.span(),
            format!("a frame has {} slots, more than {MAX_SLOTS}", f.words.len()),
            "split it into two frames",
        );
        return None;
    }
    let mut slots = Vec::with_capacity(f.words.len());
    for s in &f.words {
        match frame::parse_slot(&s.alternatives(), groups) {
            Ok(slot) => slots.push(slot),
            Err(e) => {
                errors.help(file, raw.span(), e.message, e.help);
                return None;
            }
        }
    }
    let mark = match f.mark {
        Some(m) if m == 0 || m > slots.len() => {
            errors.help(
                file,
                raw.span(),
                format!("`mark = {m}` names no slot of this frame"),
                format!("slots are numbered from 1 to {}", slots.len()),
            );
            return None;
        }
        m => m.map(|m| m - 1),
    };
    let (gap, gaps) = match &f.gap {
        None => (DEFAULT_GAP, Vec::new()),
        Some(super::raw::RawGap::All(g)) => (*g, Vec::new()),
        Some(super::raw::RawGap::Each(each)) => {
            if !f.ordered || each.len() + 1 != slots.len() {
                errors.help(
                    file,
                    raw.span(),
                    "a list of gaps needs an ordered frame and one gap between each two slots",
                    format!(
                        "set `ordered = true` and give {} gaps, or one number for all",
                        slots.len().saturating_sub(1)
                    ),
                );
                return None;
            }
            (each.iter().copied().max().unwrap_or(0), each.clone())
        }
    };
    let scope = match f.scope.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("words") => ExceptScope::Words,
        Some("clause") => ExceptScope::Clause,
        Some("sentence") => ExceptScope::Sentence,
        Some(other) => {
            errors.help(
                file,
                f.scope.as_ref().expect("a scope was given").span(),
                format!("`scope = {other:?}` is not a scope"),
                "write \"words\" (the exception shares the claim's words), \"clause\" or \"sentence\"",
            );
            return None;
        }
    };
    if gap > 30 {
        errors.help(
            file,
            raw.span(),
            format!("`gap = {gap}` allows more words between slots than a clause has"),
            "use a gap of at most 30 words",
        );
        return None;
    }
    Some(Frame {
        slots,
        ordered: f.ordered,
        gap,
        gaps,
        scope,
        mark,
        // Checked against the declared audiences where frames may name them (claims).
        reader: f.reader.iter().map(|r| r.get_ref().clone()).collect(),
    })
}

/// Reads one slot from a plain list of alternatives (region phrases, network names).
pub(super) fn slot(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &Spanned<Vec<String>>,
    groups: &WordGroups,
) -> Option<Slot> {
    match frame::parse_slot(raw.get_ref(), groups) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.help(file, raw.span(), e.message, e.help);
            None
        }
    }
}

/// The word groups of all files, later files overriding earlier ones by name.
pub(super) fn groups(items: &BTreeMap<String, From<Spanned<Vec<String>>>>) -> WordGroups {
    items
        .iter()
        .map(|(k, v)| (k.clone(), v.item.get_ref().clone()))
        .collect()
}

/// Checks that every group can be read (an unused group with a typo is still a typo).
pub(super) fn check_groups(
    errors: &mut Errors<'_>,
    items: &BTreeMap<String, From<Spanned<Vec<String>>>>,
    groups: &WordGroups,
) {
    for (name, v) in items {
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            errors.help(
                v.file,
                v.item.span(),
                format!("`{name}` is not a valid word group name"),
                "name groups with lower-case letters, digits, `-` and `_`",
            );
            continue;
        }
        if let Err(e) = frame::parse_slot(v.item.get_ref(), groups) {
            errors.help(v.file, v.item.span(), e.message, e.help);
        }
    }
}

/// The cues of every language, merged.
pub(super) fn cues(
    errors: &mut Errors<'_>,
    languages: &BTreeMap<String, From<RawLanguage>>,
) -> Cues {
    let mut out = Cues::default();
    for (lang, l) in languages {
        let file = l.file;
        let raw = &l.item;
        let mut read = |list: &Option<Spanned<Vec<String>>>, into: &mut CueSet, key: &str| {
            let Some(list) = list else { return };
            match CueSet::parse(list.get_ref()) {
                Ok(set) => into.extend(set),
                Err((i, e)) => errors.help(
                    file,
                    list.span(),
                    format!("[language.{lang}] {key}: item {}: {}", i + 1, e.message),
                    e.help,
                ),
            }
        };
        read(&raw.negation, &mut out.negation, "negation");
        read(
            &raw.negation_object,
            &mut out.negation_object,
            "negation_object",
        );
        read(
            &raw.negation_predicate,
            &mut out.negation_predicate,
            "negation_predicate",
        );
        read(&raw.not_negation, &mut out.not_negation, "not_negation");
        read(&raw.prohibition, &mut out.prohibition, "prohibition");
        read(&raw.alternative, &mut out.alternative, "alternative");
        read(&raw.history, &mut out.history, "history");
        read(&raw.not_history, &mut out.not_history, "not_history");
        read(&raw.history_until, &mut out.history_until, "history_until");
        read(&raw.months, &mut out.months, "months");
        read(&raw.conditional, &mut out.conditional, "conditional");
        read(
            &raw.conditional_initial,
            &mut out.conditional_initial,
            "conditional_initial",
        );
        read(&raw.subordinate, &mut out.subordinate, "subordinate");
        read(&raw.clause_break, &mut out.clause_break, "clause_break");
        read(&raw.correlative, &mut out.correlative, "correlative");
        read(&raw.consequence, &mut out.consequence, "consequence");
        read(&raw.particles, &mut out.particles, "particles");
        read(&raw.reported, &mut out.reported, "reported");
    }
    out
}

/// Lays `over` on `base` list by list: a list `over` gives replaces the base's.
pub(super) fn overlay_language(base: &mut RawLanguage, over: RawLanguage) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f; } )* };
    }
    take!(
        negation,
        negation_object,
        negation_predicate,
        not_negation,
        prohibition,
        alternative,
        history,
        not_history,
        history_until,
        months,
        conditional,
        conditional_initial,
        subordinate,
        clause_break,
        correlative,
        consequence,
        particles,
        reported
    );
}

/// Compiles one legacy regex within the catalog's limits.
pub(super) fn compile(
    errors: &mut Errors<'_>,
    file: usize,
    p: &Spanned<String>,
) -> Option<Pattern> {
    let text = p.get_ref();
    if text.trim().is_empty() {
        errors.help(
            file,
            p.span(),
            "the pattern is empty",
            "an empty pattern matches everywhere: write what to look for, or remove it",
        );
        return None;
    }
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
        Ok(regex) if regex.is_match("") => {
            errors.help(
                file,
                p.span(),
                "the pattern matches the empty string, so it matches everywhere",
                "make at least one part of it required (`+` instead of `*`)",
            );
            None
        }
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
                format!(
                    "invalid regex: {}",
                    e.to_string().lines().last().unwrap_or_default().trim()
                ),
                "the syntax is that of the Rust `regex` crate (no look-around: use an exception frame instead)",
            );
            None
        }
    }
}

pub(super) fn compile_all(
    errors: &mut Errors<'_>,
    file: usize,
    items: &[Spanned<String>],
) -> Vec<Pattern> {
    items
        .iter()
        .filter_map(|p| compile(errors, file, p))
        .collect()
}

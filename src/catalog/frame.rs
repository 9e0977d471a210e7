//! Frames: how the catalog says what a claim looks like in text, as words rather than regexes.
//!
//! A frame is a few slots, each filled by one of its alternatives: a word (matched on its
//! Snowball stem, so every inflection counts), a phrase of adjacent words, a surface prefix
//! (`расслед*`), a number, or a contact the recognisers found (`<phone>`). All slots must be
//! filled inside one clause, in the written order when `ordered`, with at most `gap` words
//! between neighbouring slots. Catalog words are stemmed once, when the catalog loads, and every
//! frame of the catalog is indexed together, so matching a text is one pass over its tokens with
//! a hash lookup per word.

use std::collections::HashMap;

use crate::words::{ContactShape, TokenKind, TypoIndex, fold, stem, tokenize};

/// One word of an alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPat {
    /// Any word with this stem (or, for stems of [`crate::words::MIN_TYPO_LEN`] letters or
    /// more, one typo away from it).
    Stem(String),
    /// Any word whose folded form starts with this (`расслед*`).
    Prefix(String),
    /// This number, exactly.
    Number(String),
}

/// One way to fill a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alt {
    /// These words, adjacent, in this order.
    Words(Vec<WordPat>),
    /// A contact of this shape.
    Contact(ContactShape),
}

/// One slot of a frame: any of its alternatives fills it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slot {
    pub alts: Vec<Alt>,
    /// The alternatives as the catalog wrote them, for `explain` and errors.
    pub written: Vec<String>,
}

impl Slot {
    /// Whether one word fills the slot by itself (an alternative of one word).
    pub fn matches_word(&self, t: &crate::words::Token) -> bool {
        self.alts.iter().any(|a| match a {
            Alt::Words(ws) if ws.len() == 1 => match (&ws[0], t.kind) {
                (WordPat::Stem(s), TokenKind::Word) => **s == *t.stem,
                (WordPat::Prefix(p), TokenKind::Word) => t.folded.starts_with(p.as_str()),
                (WordPat::Number(n), TokenKind::Number) => **n == *t.folded,
                _ => false,
            },
            _ => false,
        })
    }
}

/// A frame: slots that must all be filled in one clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub slots: Vec<Slot>,
    /// The slots must stand in the written order.
    pub ordered: bool,
    /// The most words between two neighbouring slots.
    pub gap: usize,
    /// For an ordered frame: the most words between slot `i` and slot `i + 1`, when they
    /// differ ("write to an agent directly": two words, then none).
    pub gaps: Vec<usize>,
    /// For an exception: how far from the claim's words it silences the claim.
    pub scope: ExceptScope,
    /// The slot whose words a finding covers (0-based); `None`: from the first to the last.
    pub mark: Option<usize>,
    /// Audiences the reader must be known to be in for the frame to count (empty: anyone).
    pub reader: crate::catalog::Audience,
}

/// How far from a claim's words an exception reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExceptScope {
    /// It must share a word with the claim's match (the default).
    #[default]
    Words,
    /// Anywhere in the claim's clause or a clause bound to it: who the clause speaks of.
    Clause,
    /// Anywhere in the claim's sentence: what the sentence as a whole is about («позвоните по
    /// номеру, указанному в вашем ваучере» speaks of the ticket's number in its second clause).
    Sentence,
}

/// The default of `gap`: a short phrase with an adjective or two in it.
pub const DEFAULT_GAP: usize = 4;

/// Most slots a frame may have: matching tries combinations of slot fillers, and a claim that
/// needs more words than this is better written as two frames.
pub const MAX_SLOTS: usize = 6;

/// Most alternatives one slot may expand to (after `@group` references).
pub const MAX_ALTS: usize = 400;

/// Why a word list could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError {
    pub message: String,
    pub help: String,
}

fn error(message: impl Into<String>, help: impl Into<String>) -> FrameError {
    FrameError {
        message: message.into(),
        help: help.into(),
    }
}

/// Named word lists (`[words]` in the catalog), referenced from slots as `@name`.
pub type WordGroups = HashMap<String, Vec<String>>;

/// Reads one alternative as written in the catalog: `выделенная линия`, `расслед*`, `<phone>`.
pub fn parse_alt(written: &str) -> Result<Alt, FrameError> {
    let w = written.trim();
    if let Some(shape) = w.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        let shape = match shape {
            "phone" => ContactShape::Phone,
            "email" => ContactShape::Email,
            "link" | "url" => ContactShape::Link,
            "chat" => ContactShape::ChatPath,
            other => {
                return Err(error(
                    format!("`<{other}>` is not a kind of contact"),
                    "write <phone>, <email>, <link> or <chat>",
                ));
            }
        };
        return Ok(Alt::Contact(shape));
    }
    let prefix = w.ends_with('*');
    let body = w.trim_end_matches('*');
    let tokens: Vec<_> = tokenize(body, &[])
        .into_iter()
        .filter(|t| t.is_wordlike())
        .collect();
    if tokens.is_empty() {
        return Err(error(
            format!("{written:?} has no words"),
            "write a word or a phrase, such as \"выделенная линия\"",
        ));
    }
    if tokens.len() > 8 {
        return Err(error(
            format!("{written:?} is a phrase of more than 8 words"),
            "use a shorter phrase: a frame of several slots says more",
        ));
    }
    let last = tokens.len() - 1;
    let mut words = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.into_iter().enumerate() {
        let pat = match t.kind {
            TokenKind::Number => WordPat::Number(t.folded.to_string()),
            _ if prefix && i == last => {
                if t.folded.chars().count() < 3 {
                    return Err(error(
                        format!("the prefix in {written:?} is shorter than 3 letters"),
                        "a prefix that short matches too many words: write the word out",
                    ));
                }
                WordPat::Prefix(t.folded.to_string())
            }
            _ => WordPat::Stem(t.stem.to_string()),
        };
        words.push(pat);
    }
    Ok(Alt::Words(words))
}

/// Reads a slot's alternatives, expanding `@group` references.
pub fn parse_slot(written: &[String], groups: &WordGroups) -> Result<Slot, FrameError> {
    let mut slot = Slot::default();
    let mut stack: Vec<(String, usize)> = written.iter().rev().map(|w| (w.clone(), 0)).collect();
    while let Some((w, depth)) = stack.pop() {
        if let Some(name) = w.trim().strip_prefix('@') {
            if depth >= 4 {
                return Err(error(
                    format!("`@{name}` is nested more than 4 groups deep"),
                    "a word group may name other groups, but not in a circle",
                ));
            }
            let Some(words) = groups.get(name) else {
                let mut known: Vec<&String> = groups.keys().collect();
                known.sort();
                let near = known
                    .iter()
                    .find(|k| strsim::levenshtein(k, name) <= 2)
                    .map(|k| format!("did you mean `@{k}`? "))
                    .unwrap_or_default();
                return Err(error(
                    format!("there is no word group `@{name}`"),
                    format!("{near}declare it under [words] as {name} = [\"…\"]"),
                ));
            };
            stack.extend(words.iter().rev().map(|x| (x.clone(), depth + 1)));
            continue;
        }
        let alt = parse_alt(&w)?;
        if !slot.alts.contains(&alt) {
            slot.alts.push(alt);
            slot.written.push(w.trim().to_string());
        }
        if slot.alts.len() > MAX_ALTS {
            return Err(error(
                format!("a slot has more than {MAX_ALTS} alternatives"),
                "split the claim into several frames",
            ));
        }
    }
    if slot.alts.is_empty() {
        return Err(error(
            "a slot has no alternatives",
            "list at least one word, such as [\"линия\", \"line\"]",
        ));
    }
    Ok(slot)
}

/// What a frame belongs to; a match reports it so the rules know what was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// The frames of `Catalog::claims[i]`.
    Claim(usize),
    /// An exception of `Catalog::claims[i]`: when it matches the same words, the claim is silent.
    ClaimExcept(usize),
    /// The name of `Catalog::unofficial[i]`.
    Unofficial(usize),
    UnofficialExcept(usize),
    /// A phrase that places the reader in `Catalog::regions[i]`.
    Region(usize),
    RegionExcept(usize),
    /// Words that address `Catalog::audiences.defs[i]`.
    Audience(usize),
    /// Says a call costs nothing.
    Free,
    FreeExcept,
    /// An availability phrase: `Vocabulary::hours.phrases[i]`.
    Availability(usize),
    /// Words that name `Catalog::channels[i]` ("the hotline").
    Mention(usize),
    /// Words that present a contact as the company's own («наш», "our hotline").
    Own,
}

/// Where a word of the text may fill a slot: frame, slot, alternative, and the word's place in
/// the alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub frame: u32,
    pub slot: u16,
    pub alt: u16,
    /// 0 for the first word of a phrase: only there can a match start.
    pub word: u16,
}

/// Every frame of a catalog, indexed by the words that can start filling a slot.
#[derive(Debug, Clone, Default)]
pub struct FrameIndex {
    pub frames: Vec<Frame>,
    pub owners: Vec<Owner>,
    by_stem: rustc_hash::FxHashMap<String, Vec<Posting>>,
    by_number: rustc_hash::FxHashMap<String, Vec<Posting>>,
    /// Prefix patterns by their first letter: a word is tested against the few that could
    /// match it, not all of them.
    by_prefix: rustc_hash::FxHashMap<char, Vec<(String, Posting)>>,
    by_contact: rustc_hash::FxHashMap<ContactShape, Vec<Posting>>,
    typos: TypoIndex,
}

impl FrameIndex {
    /// Adds a frame; returns its id.
    pub fn add(&mut self, frame: Frame, owner: Owner) -> u32 {
        let id = self.frames.len() as u32;
        for (s, slot) in frame.slots.iter().enumerate() {
            for (a, alt) in slot.alts.iter().enumerate() {
                let first = Posting {
                    frame: id,
                    slot: s as u16,
                    alt: a as u16,
                    word: 0,
                };
                match alt {
                    Alt::Contact(shape) => self.by_contact.entry(*shape).or_default().push(first),
                    Alt::Words(words) => match &words[0] {
                        WordPat::Stem(st) => {
                            self.typos.insert(st);
                            self.by_stem.entry(st.clone()).or_default().push(first);
                        }
                        WordPat::Number(n) => {
                            self.by_number.entry(n.clone()).or_default().push(first)
                        }
                        WordPat::Prefix(p) => self
                            .by_prefix
                            .entry(p.chars().next().unwrap_or_default())
                            .or_default()
                            .push((p.clone(), first)),
                    },
                }
            }
        }
        self.frames.push(frame);
        self.owners.push(owner);
        id
    }

    /// The postings where a word with this folded form and stem may start filling a slot:
    /// exact stems, stems one typo away, prefixes and numbers.
    pub fn starts(&self, kind: TokenKind, folded: &str, stem: &str, out: &mut Vec<Posting>) {
        match kind {
            TokenKind::Number => {
                out.extend(self.by_number.get(folded).into_iter().flatten().copied());
            }
            TokenKind::Word => {
                match self.by_stem.get(stem) {
                    Some(p) => out.extend(p.iter().copied()),
                    None => {
                        for near in self.typos.near(stem) {
                            out.extend(self.by_stem.get(near).into_iter().flatten().copied());
                        }
                    }
                }
                if let Some(list) = folded.chars().next().and_then(|c| self.by_prefix.get(&c)) {
                    out.extend(
                        list.iter()
                            .filter(|(p, _)| folded.starts_with(p.as_str()))
                            .map(|(_, posting)| *posting),
                    );
                }
            }
            TokenKind::Contact(shape, _) => {
                out.extend(self.by_contact.get(&shape).into_iter().flatten().copied());
            }
            TokenKind::Punct(_) => {}
        }
    }

    /// Whether a word matches one word of an alternative (after the first).
    pub fn word_matches(&self, pat: &WordPat, kind: TokenKind, folded: &str, stem: &str) -> bool {
        match (pat, kind) {
            (WordPat::Number(n), TokenKind::Number) => n == folded,
            (WordPat::Prefix(p), TokenKind::Word) => folded.starts_with(p.as_str()),
            (WordPat::Stem(s), TokenKind::Word) => {
                s == stem
                    || (!self.by_stem.contains_key(stem)
                        && self.typos.near(stem).contains(&s.as_str()))
            }
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.frames.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }
}

/// Folds and stems a catalog word the way text words are (for tests and tools).
pub fn normal_form(word: &str) -> String {
    stem(&fold(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_are_stemmed_words_phrases_prefixes_numbers_and_contacts() {
        assert_eq!(
            parse_alt("выделенная линия").unwrap(),
            Alt::Words(vec![
                WordPat::Stem("выделен".into()),
                WordPat::Stem("лин".into())
            ])
        );
        assert_eq!(
            parse_alt("расслед*").unwrap(),
            Alt::Words(vec![WordPat::Prefix("расслед".into())])
        );
        assert_eq!(
            parse_alt("1").unwrap(),
            Alt::Words(vec![WordPat::Number("1".into())])
        );
        assert_eq!(
            parse_alt("<phone>").unwrap(),
            Alt::Contact(ContactShape::Phone)
        );
        assert!(parse_alt("<fax>").is_err());
        assert!(parse_alt("  ").is_err());
        assert!(parse_alt("ра*").is_err());
    }

    #[test]
    fn groups_expand_and_unknown_groups_suggest_the_nearest() {
        let mut groups = WordGroups::new();
        groups.insert("line".into(), vec!["линия".into(), "@phone".into()]);
        groups.insert("phone".into(), vec!["телефон".into()]);
        let slot = parse_slot(&["@line".into(), "line".into()], &groups).unwrap();
        assert_eq!(slot.written, ["линия", "телефон", "line"]);
        let e = parse_slot(&["@lines".into()], &groups).unwrap_err();
        assert!(e.help.contains("@line"), "{e:?}");
    }

    #[test]
    fn circular_groups_are_refused() {
        let mut groups = WordGroups::new();
        groups.insert("a".into(), vec!["@b".into()]);
        groups.insert("b".into(), vec!["@a".into()]);
        assert!(parse_slot(&["@a".into()], &groups).is_err());
    }
}

//! Cues: the small words that change what a sentence says about a claim — negations, history,
//! conditions, the conjunctions that start a new clause. Catalog vocabulary per language,
//! matched on folded surface forms and never on stems («нет» and «нету», «была» and «быть» are
//! different cues, and a stem would blur them).

use rustc_hash::FxHashMap as HashMap;

use crate::words::{Token, fold, tokenize};

use super::frame::FrameError;

/// One word of a cue: the folded surface form, or a prefix of it (`закрыт*`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum CueWord {
    Exact(String),
    Prefix(String),
}

impl CueWord {
    fn matches(&self, folded: &str) -> bool {
        match self {
            CueWord::Exact(w) => w == folded,
            CueWord::Prefix(p) => folded.starts_with(p.as_str()),
        }
    }
}

/// A list of cue phrases, matched on whole compounds: «когда» is not a cue inside «когда-то».
#[derive(Debug, Clone, Default)]
pub struct CueSet {
    phrases: Vec<Vec<CueWord>>,
    by_first: HashMap<String, Vec<u32>>,
    prefixed: Vec<u32>,
    /// `prefixed` by the first letter of the prefix: a word is tried against the few that
    /// could match it.
    prefixed_by_letter: HashMap<char, Vec<u32>>,
    /// The phrases as written, for `explain` and messages.
    pub written: Vec<String>,
}

impl CueSet {
    /// Reads cue phrases as the catalog writes them; an error names the index of the bad one.
    pub fn parse(list: &[String]) -> Result<CueSet, (usize, FrameError)> {
        let mut set = CueSet::default();
        for (i, written) in list.iter().enumerate() {
            // Each word of the phrase may end in `*` for a prefix («канул* в прошлое»).
            let mut phrase: Vec<CueWord> = Vec::new();
            for chunk in written.split_whitespace() {
                let prefix = chunk.ends_with('*');
                let words: Vec<String> = tokenize(chunk.trim_end_matches('*'), &[])
                    .into_iter()
                    .filter(|t| t.is_wordlike())
                    .map(|t| t.folded.to_string())
                    .collect();
                let n = words.len();
                for (k, w) in words.into_iter().enumerate() {
                    if prefix && k + 1 == n {
                        if w.chars().count() < 3 {
                            return Err((
                                i,
                                FrameError {
                                    message: format!(
                                        "the prefix in cue {written:?} is shorter than 3 letters"
                                    ),
                                    help: "write the word out".into(),
                                },
                            ));
                        }
                        phrase.push(CueWord::Prefix(w));
                    } else {
                        phrase.push(CueWord::Exact(w));
                    }
                }
            }
            if phrase.is_empty() {
                return Err((
                    i,
                    FrameError {
                        message: format!("cue {written:?} has no words"),
                        help: "write a word or a phrase, such as \"больше не\"".into(),
                    },
                ));
            }
            let id = set.phrases.len() as u32;
            match &phrase[0] {
                CueWord::Exact(w) => set.by_first.entry(w.clone()).or_default().push(id),
                CueWord::Prefix(p) => {
                    set.prefixed.push(id);
                    set.prefixed_by_letter
                        .entry(p.chars().next().unwrap_or_default())
                        .or_default()
                        .push(id);
                }
            }
            set.phrases.push(phrase);
            set.written.push(fold(written.trim()));
        }
        Ok(set)
    }

    /// Adds another language's cues.
    pub fn extend(&mut self, other: CueSet) {
        let base = self.phrases.len() as u32;
        for (w, ids) in other.by_first {
            self.by_first
                .entry(w)
                .or_default()
                .extend(ids.into_iter().map(|i| i + base));
        }
        self.prefixed
            .extend(other.prefixed.into_iter().map(|i| i + base));
        for (c, ids) in other.prefixed_by_letter {
            self.prefixed_by_letter
                .entry(c)
                .or_default()
                .extend(ids.into_iter().map(|i| i + base));
        }
        self.phrases.extend(other.phrases);
        self.written.extend(other.written);
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether a cue may start with the folded word `first`: a quick test before tokenizing
    /// (any cue starting with a prefix may start with any word).
    pub fn may_start_with(&self, first: &str) -> bool {
        !self.prefixed.is_empty() || self.by_first.contains_key(first)
    }

    /// The number of words of the longest cue that starts at `words[at]`, if any. `words` are
    /// the word tokens of one clause or sentence, in order; a cue must cover whole compounds.
    pub fn match_at(&self, words: &[&Token], at: usize) -> Option<usize> {
        let first = words.get(at)?;
        if first.joined && at > 0 {
            return None;
        }
        let candidates = self
            .by_first
            .get(&*first.folded)
            .into_iter()
            .flatten()
            .chain(
                first
                    .folded
                    .chars()
                    .next()
                    .and_then(|c| self.prefixed_by_letter.get(&c))
                    .into_iter()
                    .flatten(),
            );
        let mut best: Option<usize> = None;
        for &id in candidates {
            let phrase = &self.phrases[id as usize];
            let n = phrase.len();
            if at + n > words.len() {
                continue;
            }
            let fits = phrase
                .iter()
                .zip(&words[at..at + n])
                .enumerate()
                .all(|(k, (w, t))| w.matches(&t.folded) && (k == 0 || !t.folded.is_empty()));
            let ends_compound = words.get(at + n).is_none_or(|next| !next.joined);
            if fits && ends_compound && best.is_none_or(|b| n > b) {
                best = Some(n);
            }
        }
        best
    }

    /// Every cue in `words`, as (start, end) word positions, leftmost-longest, not overlapping.
    pub fn find_all(&self, words: &[&Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match self.match_at(words, at) {
                Some(n) => {
                    out.push((at, at + n));
                    at += n;
                }
                None => at += 1,
            }
        }
        out
    }
}

/// A language's cues, merged over every `[language.*]` table of the catalog.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// Negate what follows them within two words: «не», «нет», "not", "never".
    pub negation: CueSet,
    /// Negate only when their object is the claim's word: «без», "without".
    pub negation_object: CueSet,
    /// Negate the clause they stand in as its predicate: «не работает», «закрыта», "was removed".
    pub negation_predicate: CueSet,
    /// Unsay what comes before them by offering its opposite too: "Ozon-related or not",
    /// «связан с заказом или нет». After an exception's words they undo the exception.
    pub alternative: CueSet,
    /// Tell the reader not to use something: «не звоните», "don't call". A claim wholly inside
    /// a condition («если в письме указана выделенная линия, не звоните по ней») is denied by
    /// one in its main clause.
    pub prohibition: CueSet,
    /// Look like a negation and are none: «не только», «не забудьте», "don't forget".
    pub not_negation: CueSet,
    /// Put the clause in the past: «раньше», «была», "used to", "previously".
    pub history: CueSet,
    /// Look like history and are none: «как и раньше», "as previously mentioned", "used to
    /// calling".
    pub not_history: CueSet,
    /// Put the clause in the past when a date follows: «до», "until", "before".
    pub history_until: CueSet,
    /// Month names, for dates after `history_until`.
    pub months: CueSet,
    /// Open a condition or purpose clause, in which no negation governs: «если», «чтобы», "if".
    pub conditional: CueSet,
    /// Open a condition only at the start of a clause: "to" in "To reach us, …".
    pub conditional_initial: CueSet,
    /// Open a subordinate clause after a comma: «который», «где», «что», "which".
    pub subordinate: CueSet,
    /// Start a new clause: «а», «но», «однако», "but", "however".
    pub clause_break: CueSet,
    /// Open a construction whose conjunction starts no clause: «не только …, но и …».
    pub correlative: CueSet,
    /// Open words retold from someone else («вы пишете, что …», "you were told"): what they
    /// retell is not the template's own claim.
    pub reported: CueSet,
    /// Open a sentence that follows from the one before («Тогда…», "In that case…"): where
    /// the reader is carries over («Вы за границей? Тогда звоните…»).
    pub consequence: CueSet,
    /// Small words not counted in the distance between a negation and what it negates
    /// (particles, prepositions, auxiliaries: «уже», «больше», «на», "a", "have").
    pub particles: CueSet,
}

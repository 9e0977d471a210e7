//! Polarity and time: whether a negation or a history cue governs the words of a claim (or a
//! contact), so the sentence says the opposite of the claim, or speaks of the past.
//!
//! A negation governs when it stands before one of the words within two words (particles and
//! auxiliaries not counted: «больше не», "no longer"), between them, right after them, or is
//! the predicate of the clause («нет», «не работает», «закрыта», "was removed"); an object
//! negation («без», "without") only when its object is one of the words. A negation inside a
//! condition clause (если, когда, чтобы, if, when) never governs, and «не только», «не
//! забудьте», "don't forget" are no negations. A history cue (раньше, была, used to) or «до» /
//! "until" with a date puts the clause in the past. A clause that starts with a negation after a
//! dash or colon is the predicate of the one before it («Горячая линия Ozon Travel — не
//! работает»).

use crate::catalog::{CueSet, Cues};
use crate::vocab::ByteRange;
use crate::words::{Token, TokenKind};

use super::clause::{Clauses, Part};

/// What makes a sentence say the opposite of a claim, or speak of the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Governor {
    /// A negation; the bytes of the cue.
    Negation(ByteRange),
    /// A history cue; the bytes of the cue (and its date).
    History(ByteRange),
}

impl Governor {
    pub fn cue(&self) -> ByteRange {
        match self {
            Governor::Negation(r) | Governor::History(r) => *r,
        }
    }
}

/// How far a negation may stand from what it negates.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Content words allowed between a negation and the first word after it.
    pub before: usize,
    /// Content words allowed between the last word and a negation after it; `None`: a
    /// negation after the words does not count (for exceptions: «Premium-продавцы, а не …»).
    pub after: Option<usize>,
}

/// For claims and contacts alike: before within two content words, after within one
/// («линия … звонки не принимает»); particles such as «уже», «больше» are not counted.
pub const REACH: Reach = Reach {
    before: 2,
    after: Some(1),
};

/// For an exception's words: only a negation before them unsays it («даже без Premium»).
pub const REACH_BEFORE: Reach = Reach {
    before: 2,
    after: None,
};

/// The clause words of `clause`, with helpers for cue positions.
struct View<'a> {
    words: Vec<&'a Token>,
    cues: &'a Cues,
}

impl<'a> View<'a> {
    fn find(&self, set: &CueSet) -> Vec<(usize, usize)> {
        set.find_all(&self.words)
    }

    fn is_particle(&self, p: usize) -> bool {
        self.cues.particles.match_at(&self.words, p).is_some()
    }

    /// Content words strictly between positions `a` and `b`, not counting `skip` (words that
    /// belong with the claim's own: "Telegram, WhatsApp or Viber").
    fn content_between(&self, a: usize, b: usize, skip: &dyn Fn(usize) -> bool) -> usize {
        (a + 1..b)
            .filter(|&p| !self.is_particle(p) && !skip(p))
            .count()
    }

    fn bytes(&self, words: (usize, usize)) -> ByteRange {
        crate::words::span_of(&self.words, words)
    }

    /// Whether `a..b` stands on a negation that is none («не только»).
    fn excused(&self, excuses: &[(usize, usize)], (a, _): (usize, usize)) -> bool {
        excuses.iter().any(|&(x, y)| x <= a && a < y)
    }
}

/// Whether positions `slots` (first and last clause position of each word group) of clause
/// `c` are governed by a negation or (when `history`) a history cue. `own` are the stretches
/// that are words of the claim itself (a cue inside them is no negation of it).
#[allow(clippy::too_many_arguments)]
pub fn governor(
    tokens: &[Token],
    clauses: &Clauses,
    cues: &Cues,
    c: usize,
    slots: &[(usize, usize)],
    own: &[(usize, usize)],
    history: bool,
    reach: Reach,
) -> Option<Governor> {
    let v = View {
        words: clauses.words(tokens, c),
        cues,
    };
    let inside = |p: usize| slots.iter().chain(own).any(|&(a, b)| a <= p && p <= b);
    // A cue that shares a word with the claim is part of it («no login required», «не нужно»).
    let overlaps = |(a, b): (usize, usize)| (a..b).any(inside);
    let first = slots.iter().map(|s| s.0).min().unwrap_or(0);
    let last = slots.iter().map(|s| s.1).max().unwrap_or(0);
    // A negation in a condition clause never governs («если линия не отвечает»); one in a
    // clause set aside governs only claim words set aside there too; a history cue governs
    // from the claim's own part of the sentence.
    let slot_parts: Vec<Part> = slots.iter().map(|&(a, _)| clauses.part(c, a)).collect();
    let same_part = |p: usize| {
        let part = clauses.part(c, p);
        part.is_main() || slot_parts.contains(&part)
    };
    let ungoverning = |p: usize| {
        clauses.list[c].conditional || clauses.part(c, p) == Part::Condition || !same_part(p)
    };
    // Content words between a cue and the claim's words (none when it stands between them).
    let distance = |(a, b): (usize, usize)| {
        if b <= first {
            v.content_between(b - 1, first, &inside)
        } else if a > last {
            v.content_between(last, a, &inside)
        } else {
            0
        }
    };
    // A cue negated in turn says the opposite: «ещё не закрыли», "hasn't been discontinued".
    let negated = |(a, _): (usize, usize)| {
        for p in (0..a).rev() {
            if cues.negation.match_at(&v.words, p).is_some() {
                return true;
            }
            if !v.is_particle(p) {
                return false;
            }
        }
        false
    };

    {
        let excuses = v.find(&cues.not_negation);
        for n in v.find(&cues.negation_predicate) {
            if overlaps(n)
                || v.excused(&excuses, n)
                || ungoverning(n.0)
                || negated(n)
                || distance(n) > PREDICATE_REACH
            {
                continue;
            }
            return Some(Governor::Negation(v.bytes(n)));
        }
        let predicates = v.find(&cues.negation_predicate);
        for n in v.find(&cues.negation) {
            if overlaps(n) || v.excused(&excuses, n) || ungoverning(n.0) {
                continue;
            }
            // «не закрыли», "not removed": the negation negates the closing, not the claim.
            let next = (n.1..v.words.len()).find(|&p| !v.is_particle(p));
            if next.is_some_and(|p| predicates.iter().any(|&(a, _)| a == p)) {
                continue;
            }
            let governs = if n.1 <= first {
                distance(n) <= reach.before
            } else if n.0 > last {
                reach.after.is_some_and(|after| distance(n) <= after)
            } else {
                // Between the claim's words: «Premium-клиенты больше не получают приоритет».
                true
            };
            if governs {
                return Some(Governor::Negation(v.bytes(n)));
            }
        }
        for n in v.find(&cues.negation_object) {
            if overlaps(n) || v.excused(&excuses, n) || ungoverning(n.0) {
                continue;
            }
            let object = (n.1..v.words.len()).find(|&p| !v.is_particle(p));
            if object.is_some_and(inside) {
                return Some(Governor::Negation(v.bytes(n)));
            }
        }
    }
    if history {
        // «как и раньше», "as previously mentioned", "used to calling": no past at all.
        let continuity = v.find(&cues.not_history);
        let continued = |(a, _): (usize, usize)| continuity.iter().any(|&(x, y)| x <= a && a < y);
        for h in v.find(&cues.history) {
            if !overlaps(h) && same_part(h.0) && !continued(h) && !negated(h) {
                return Some(Governor::History(v.bytes(h)));
            }
        }
        for u in v.find(&cues.history_until) {
            if overlaps(u) || !same_part(u.0) || continued(u) {
                continue;
            }
            let date_end = (u.1..(u.1 + 4).min(v.words.len())).find(|&p| {
                cues.months.match_at(&v.words, p).is_some()
                    || (v.words[p].kind == TokenKind::Number && is_year(&v.words[p].folded))
            });
            if let Some(e) = date_end {
                return Some(Governor::History(v.bytes((u.0, e + 1))));
            }
        }
    }
    None
}

/// Whether an "or not" stands right after words `last` of clause `c` («Ozon-related or not»):
/// what it follows is unsaid.
pub fn unsaid_after(
    tokens: &[Token],
    clauses: &Clauses,
    cues: &Cues,
    c: usize,
    last: usize,
) -> bool {
    let words = clauses.words(tokens, c);
    (last + 1..words.len().min(last + 4)).any(|p| cues.alternative.match_at(&words, p).is_some())
}

/// For words wholly inside condition clause `c`: a prohibition or a predicate negation in the
/// main clause it sits in («Если в письме указана выделенная линия, не звоните по ней: её
/// закрыли») denies them.
pub fn denied_by_main_clause(
    tokens: &[Token],
    clauses: &Clauses,
    cues: &Cues,
    c: usize,
) -> Option<Governor> {
    let parent = clauses.list[c].parent? as usize;
    let v = View {
        words: clauses.words(tokens, parent),
        cues,
    };
    let main = |p: usize| clauses.part(parent, p).is_main();
    let excuses = v.find(&cues.not_negation);
    v.find(&cues.prohibition)
        .into_iter()
        .chain(v.find(&cues.negation_predicate))
        .find(|&n| main(n.0) && !v.excused(&excuses, n))
        .map(|n| Governor::Negation(v.bytes(n)))
}

/// Content words a predicate negation may stand from the claim's words: «линия … закрыта» is
/// about the line, a «нет» at the far end of a long clause is about something else.
const PREDICATE_REACH: usize = 5;

fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits
            .parse::<u16>()
            .is_ok_and(|y| (1990..=2100).contains(&y))
}

//! Opening hours: a clause that says when a channel works ("24/7", «по будням с 9:00 до
//! 18:00», "closed at weekends", «только в рабочие дни») is a `misleading-claim` when the
//! channel's hours in the catalog say otherwise, without a claim written for each phrasing.
//!
//! A clause's availability words are read together into one statement: the days it names
//! (a phrase, or a range of day names «с понедельника по пятницу»), a range of times, whether
//! it is the whole day, whether it is the *only* time («только», «по будням»), and whether it
//! says the channel is *closed* then (a closed word, or a negation of the phrase). The channel is
//! the one named nearest in the clause (a contact, a placeholder, or the channel's words), else
//! in the clause it continues, else — when the clause refers back («он», "which", "we") — the
//! last one named before it in the sentence. A channel without a week in the catalog is never
//! judged; a question, a condition or the past is silent, as for claims.

use super::{Input, Out};
use crate::catalog::hours::{Availability, DAY_END, Days, Week};
use crate::catalog::{Owner, Status};
use crate::finding::{ByteRange, Lang, Message, SilenceReason};
use crate::rules::Rule;
use crate::scan::{FrameMatch, Governor};
use crate::words::{Token, TokenKind, span_of};

/// What one piece of a statement says.
#[derive(Debug, Clone, Copy)]
enum Says {
    Phrase(Availability),
    Time(u16, u16),
}

/// A piece of a clause's statement about hours.
#[derive(Debug, Clone)]
struct Piece {
    /// First and last token.
    tokens: (usize, usize),
    /// The clause the words are the text's own words of.
    clause: usize,
    range: ByteRange,
    says: Says,
    /// The frame match, for negation and history.
    m: Option<FrameMatch>,
}

/// What a clause says about when a channel works.
#[derive(Debug, Clone, Default)]
struct Statement {
    days: Days,
    time: Option<(u16, u16)>,
    all_day: bool,
    only: bool,
    closed: bool,
    range: ByteRange,
    first_token: usize,
}

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    let hw = &input.catalog.vocabulary.hours;
    if hw.is_empty() {
        return;
    }
    let pieces = pieces(input);
    if pieces.is_empty() {
        return;
    }
    let mentions = Mentions::new(input, mentions(input));
    // One statement per clause, in text order.
    let mut i = 0;
    while i < pieces.len() {
        let clause = pieces[i].clause;
        let mut j = i;
        while j < pieces.len() && pieces[j].clause == clause {
            j += 1;
        }
        judge(input, out, &pieces[i..j], &mentions);
        i = j;
    }
}

/// The availability phrases and time ranges of the text, each once, in text order, with day
/// names joined into ranges; durations («в течение рабочего дня», "2 business days") are left
/// out.
fn pieces(input: &Input<'_>) -> Vec<Piece> {
    let hw = &input.catalog.vocabulary.hours;
    let clauses = &input.scan.clauses;
    let owners = &input.catalog.frames.owners;
    let mut out: Vec<Piece> = Vec::new();
    // Token span → its piece in `out`: the same words are found once per clause view.
    let mut at: rustc_hash::FxHashMap<(usize, usize), usize> = Default::default();
    for m in &input.scan.matches {
        let Owner::Availability(i) = owners[m.frame as usize] else {
            continue;
        };
        let (t0, t1) = (m.tokens.0 as usize, m.tokens.1 as usize);
        let Some((own, _)) = clauses.at(t0) else {
            continue;
        };
        if is_duration(input, t0) {
            continue;
        }
        // The same words found again in another clause's view: keep the view of their own
        // clause (where negations are read as the writer meant them).
        if let Some(&k) = at.get(&(t0, t1)) {
            if m.clause as usize == own {
                out[k].m = Some(m.clone());
            }
            continue;
        }
        at.insert((t0, t1), out.len());
        out.push(Piece {
            tokens: (t0, t1),
            clause: own,
            range: m.range,
            says: Says::Phrase(hw.phrases[i]),
            m: Some(m.clone()),
        });
    }
    for t in &input.scan.times {
        let view = &clauses.views[t.clause as usize].words;
        let (t0, t1) = (
            view[t.words.0 as usize] as usize,
            view[t.words.1 as usize] as usize,
        );
        if at.contains_key(&(t0, t1)) {
            continue;
        }
        let Some((own, _)) = clauses.at(t0) else {
            continue;
        };
        at.insert((t0, t1), out.len());
        out.push(Piece {
            tokens: (t0, t1),
            clause: own,
            range: t.range,
            says: Says::Time(t.from, t.to),
            m: None,
        });
    }
    // The longest words win: «без выходных» is no mention of «выходных».
    let out = outermost(out, |p| p.tokens);
    join_day_ranges(input, out)
}

/// «с понедельника по пятницу», "Mon–Fri": two single days joined by a range word or a dash
/// are every day between them, and the only ones. A word that also lists («и», "and") makes a
/// range only after an opening word ("between Monday and Friday"): «в субботу и воскресенье»
/// names two days.
fn join_day_ranges(input: &Input<'_>, pieces: Vec<Piece>) -> Vec<Piece> {
    let hw = &input.catalog.vocabulary.hours;
    let tokens = &input.scan.tokens;
    let single = |p: &Piece| match p.says {
        Says::Phrase(a) if !a.closed && !a.all_day => a.days.single(),
        _ => None,
    };
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        if let Some(prev) = out.last_mut()
            && prev.clause == p.clause
            && let (Some(a), Some(b)) = (single(prev), single(&p))
        {
            let between = &tokens[prev.tokens.1 + 1..p.tokens.0];
            let words: Vec<&Token> = between.iter().filter(|t| t.is_wordlike()).collect();
            let dash = words.is_empty()
                && between
                    .iter()
                    .any(|t| matches!(t.kind, TokenKind::Punct(x) if matches!(x.ch, '-' | '–' | '—' | '‒')));
            let whole = |set: &crate::catalog::CueSet| {
                !words.is_empty() && set.match_at(&words, 0) == Some(words.len())
            };
            let opened = || cue_ends_within(&hw.from, &words_before(tokens, prev.tokens.0, 1), 0);
            let worded = whole(&hw.to) && (!whole(&hw.and) || opened());
            // «с понедельника»: the opening word belongs with the range.
            if dash || worded {
                prev.says = Says::Phrase(Availability {
                    days: Days::range(a, b),
                    all_day: false,
                    only: true,
                    closed: false,
                });
                prev.tokens.1 = p.tokens.1;
                prev.range = ByteRange::new(prev.range.start, p.range.end);
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// Whether the phrase at token `t0` counts a duration: a number right before it ("2 business
/// days"), or a duration word within two words before it («в течение рабочего дня»).
fn is_duration(input: &Input<'_>, t0: usize) -> bool {
    let tokens = &input.scan.tokens;
    let before = words_before(tokens, t0, 3);
    if before.last().is_some_and(|t| t.kind == TokenKind::Number) {
        return true;
    }
    cue_ends_within(&input.catalog.vocabulary.hours.within, &before, 1)
}

/// Up to `n` word tokens right before token `t` (no sentence mark in between), in text order.
fn words_before(tokens: &[Token], t: usize, n: usize) -> Vec<&Token> {
    let mut out: Vec<&Token> = Vec::new();
    for tok in tokens[..t].iter().rev() {
        match tok.kind {
            TokenKind::Punct(p) if matches!(p.ch, '.' | '!' | '?' | ';' | '\n') => break,
            TokenKind::Punct(_) => {}
            _ => {
                out.push(tok);
                if out.len() == n {
                    break;
                }
            }
        }
    }
    out.reverse();
    out
}

/// Whether a cue of `set` ends among `words`, at most `slack` words before their end.
fn cue_ends_within(set: &crate::catalog::CueSet, words: &[&Token], slack: usize) -> bool {
    let n = words.len();
    (0..n).any(|start| {
        set.match_at(words, start)
            .is_some_and(|len| start + len <= n && n - (start + len) <= slack)
    })
}

/// A place the text names a channel: contacts and placeholders, and the channels' own words
/// (the longest words win: «чат Ozon Travel» is no mention of the general chat).
#[derive(Debug, Clone)]
struct Mention {
    token: usize,
    clause: usize,
    sentence: usize,
    channels: Vec<usize>,
}

fn mentions(input: &Input<'_>) -> Vec<Mention> {
    let clauses = &input.scan.clauses;
    let owners = &input.catalog.frames.owners;
    let mut out: Vec<Mention> = Vec::new();
    for r in &input.refs {
        let Some(t) = input.contact_token(r.range) else {
            continue;
        };
        let Some((c, _)) = clauses.at(t) else {
            continue;
        };
        out.push(Mention {
            token: t,
            clause: c,
            sentence: clauses.list[c].sentence as usize,
            channels: vec![r.channel],
        });
    }
    let mut words: Vec<(&FrameMatch, usize)> = input
        .scan
        .matches
        .iter()
        .filter_map(|m| match owners[m.frame as usize] {
            Owner::Mention(ch) => Some((m, ch)),
            _ => None,
        })
        .collect();
    words = outermost(words, |(m, _)| (m.tokens.0 as usize, m.tokens.1 as usize));
    let mut by_token: rustc_hash::FxHashMap<usize, usize> =
        out.iter().enumerate().map(|(i, x)| (x.token, i)).collect();
    for (m, ch) in words {
        let t = m.tokens.0 as usize;
        let Some((c, _)) = clauses.at(t) else {
            continue;
        };
        match by_token.get(&t).map(|&i| &mut out[i]) {
            Some(x) if !x.channels.contains(&ch) => x.channels.push(ch),
            Some(_) => {}
            None => {
                by_token.insert(t, out.len());
                out.push(Mention {
                    token: t,
                    clause: c,
                    sentence: clauses.list[c].sentence as usize,
                    channels: vec![ch],
                });
            }
        }
    }
    out.sort_by_key(|m| m.token);
    out
}

/// The text's mentions, indexed by clause and by sentence, so finding a statement's subject
/// looks at its own clauses' mentions, not at every mention of the text.
struct Mentions {
    /// In token order.
    list: Vec<Mention>,
    by_clause: rustc_hash::FxHashMap<usize, Vec<usize>>,
    by_sentence: rustc_hash::FxHashMap<usize, Vec<usize>>,
    /// Clause → the clauses set inside it or continuing it.
    children: rustc_hash::FxHashMap<usize, Vec<usize>>,
}

impl Mentions {
    fn new(input: &Input<'_>, list: Vec<Mention>) -> Mentions {
        let mut by_clause: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
        let mut by_sentence: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
        for (i, m) in list.iter().enumerate() {
            by_clause.entry(m.clause).or_default().push(i);
            by_sentence.entry(m.sentence).or_default().push(i);
        }
        let mut children: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
        for (c, cl) in input.scan.clauses.list.iter().enumerate() {
            for p in [cl.parent, cl.follows].into_iter().flatten() {
                children.entry(p as usize).or_default().push(c);
            }
        }
        Mentions {
            list,
            by_clause,
            by_sentence,
            children,
        }
    }

    fn in_clause(&self, c: usize) -> &[usize] {
        self.by_clause.get(&c).map_or(&[], Vec::as_slice)
    }
}

/// The mention a statement speaks of: the nearest in its clause, else in a clause it continues
/// or is set inside, else (when it refers back) the last one before it in the sentence.
fn subject<'m>(
    input: &Input<'_>,
    clause: usize,
    at: usize,
    mentions: &'m Mentions,
) -> Option<&'m Mention> {
    let clauses = &input.scan.clauses;
    // The first of the nearest, in token order (the order of `list`).
    let nearest = |mut idx: Vec<usize>| {
        idx.sort_unstable();
        idx.dedup();
        idx.into_iter()
            .map(|i| &mentions.list[i])
            .min_by_key(|m| m.token.abs_diff(at))
    };
    let own = mentions.in_clause(clause);
    if !own.is_empty() {
        return nearest(own.to_vec());
    }
    let c = &clauses.list[clause];
    let related: Vec<usize> = [c.parent, c.follows]
        .into_iter()
        .flatten()
        .map(|p| p as usize)
        .chain(
            mentions
                .children
                .get(&clause)
                .into_iter()
                .flatten()
                .copied(),
        )
        .flat_map(|r| mentions.in_clause(r).iter().copied())
        .collect();
    if !related.is_empty() {
        return nearest(related);
    }
    let view = clauses.words(&input.scan.tokens, clause);
    let first = clauses.views[clause].words.first().copied().unwrap_or(0) as usize;
    let refers_back = in_main_words(input, clause, &view, &input.catalog.vocabulary.hours.back);
    let sentence = clauses.list[clause].sentence as usize;
    refers_back
        .then(|| {
            let idx = mentions.by_sentence.get(&sentence)?;
            let before = idx.partition_point(|&i| mentions.list[i].token < first);
            before.checked_sub(1).map(|k| &mentions.list[idx[k]])
        })
        .flatten()
}

/// Whether a cue of `set` starts among clause `clause`'s own words (`view` is its view), not in
/// a clause set aside in it.
fn in_main_words(
    input: &Input<'_>,
    clause: usize,
    view: &[&Token],
    set: &crate::catalog::CueSet,
) -> bool {
    let clauses = &input.scan.clauses;
    (0..view.len()).any(|p| clauses.part(clause, p).is_main() && set.match_at(view, p).is_some())
}

fn judge(input: &Input<'_>, out: &mut Out, pieces: &[Piece], mentions: &Mentions) {
    let hw = &input.catalog.vocabulary.hours;
    let tokens = &input.scan.tokens;
    let clauses = &input.scan.clauses;
    let clause = pieces[0].clause;
    let mut st = Statement {
        range: pieces[0].range,
        first_token: pieces[0].tokens.0,
        ..Statement::default()
    };
    let mut silence: Option<(SilenceReason, ByteRange)> = None;
    let mut negation: Option<ByteRange> = None;
    for p in pieces {
        st.range = st.range.cover(&p.range);
        match p.says {
            Says::Phrase(a) => {
                st.days = st.days.union(a.days);
                st.all_day |= a.all_day;
                st.only |= a.only;
                st.closed |= a.closed;
            }
            Says::Time(f, t) => {
                st.time.get_or_insert((f, t));
            }
        }
        // «только в субботу», "only on Sundays": a preposition may stand between.
        if cue_ends_within(&hw.only, &words_before(tokens, p.tokens.0, 2), 1) {
            st.only = true;
        }
        if let Some(m) = &p.m {
            // The other pieces' words are no negation of this one: «around the clock, with no
            // days off» says one thing twice.
            let mut own: Vec<(usize, usize)> = m
                .covered
                .iter()
                .map(|&(a, b)| (a as usize, b as usize))
                .collect();
            if m.clause as usize == clause {
                for q in pieces {
                    if let (Some((_, a)), Some((_, b))) =
                        (clauses.at(q.tokens.0), clauses.at(q.tokens.1))
                    {
                        own.push((a, b));
                    }
                }
            }
            let slots: Vec<(usize, usize)> = m
                .slots
                .iter()
                .map(|&(a, b)| (a as usize, b as usize))
                .collect();
            match input.governor_with(m.clause as usize, &slots, &own, true) {
                Some(Governor::Negation(cue)) => {
                    st.closed = !st.closed;
                    negation = Some(cue);
                }
                Some(Governor::History(cue)) => {
                    silence.get_or_insert((SilenceReason::History, cue));
                }
                None => {}
            }
        }
    }
    // A closed word anywhere in the clause («закрыт», "closed") says closed; a negation that
    // governs it says the opposite: «не закрывается на выходные», "is not closed on Sundays",
    // "never closes, not even at weekends" (the negation flipped the statement above, and a
    // negated closing is an opening).
    let view = clauses.words(tokens, clause);
    let closing: Vec<(usize, usize)> = hw
        .closed
        .find_all(&view)
        .into_iter()
        .filter(|&(a, _)| clauses.part(clause, a).is_main())
        .collect();
    if !closing.is_empty() {
        // «недоступен», «закрыт» are negations too: then the closed word is the negation.
        let other_negation =
            negation.is_some_and(|n| !closing.iter().any(|&w| span_of(&view, w).overlaps(&n)));
        // "is not closed", «не закрывается»: a negation right before the closed word.
        let negation_words = &input.catalog.vocabulary.cues.negation;
        let negated_closing = closing.iter().any(|&(a, _)| {
            (a.saturating_sub(2)..a).any(|p| {
                negation_words
                    .match_at(&view, p)
                    .is_some_and(|n| p + n <= a)
            })
        });
        st.closed = !(other_negation || negated_closing);
    }
    if clauses.list[clause].conditional {
        let cue = view.first().map_or(st.range, |t| t.range);
        silence = Some((SilenceReason::Condition, cue));
    }
    if let Some(q) = input.in_question(st.range.start) {
        silence = Some((SilenceReason::Question, q));
    }
    // "isn't limited to weekdays", "not just during office hours": no limit is said.
    if pieces.iter().any(|p| {
        p.m.is_some() && cue_ends_within(&hw.unlimited, &words_before(tokens, p.tokens.0, 4), 1)
    }) {
        return;
    }
    // "The pickup point is open from 10 to 9, while the chat never closes": the hours are the
    // pickup point's, named in the clause, and the chat is only beside it.
    if mentions.in_clause(clause).is_empty() && in_main_words(input, clause, &view, &hw.others) {
        return;
    }
    let Some(m) = subject(input, clause, st.first_token, mentions) else {
        return;
    };
    let channels: Vec<&crate::catalog::Channel> = m
        .channels
        .iter()
        .map(|&c| &input.catalog.channels[c])
        .collect();
    // Only what the catalog gives a week for is judged, and only a channel in use: a removed
    // or unavailable one is the status rules' to report.
    let judged: Vec<(&crate::catalog::Channel, &Week)> = channels
        .iter()
        .filter(|c| {
            matches!(
                c.status_on(input.ctx.as_of),
                Status::Active | Status::Limited
            )
        })
        .filter_map(|c| {
            c.hours
                .as_ref()
                .and_then(|h| h.week.as_ref())
                .map(|w| (*c, w))
        })
        .collect();
    if judged.is_empty() || judged.len() < channels.len() {
        return;
    }
    if !judged.iter().all(|(c, w)| misleads(&st, w, c.status)) {
        return;
    }
    let subject = judged[0].0.id.as_str().to_string();
    if let Some((reason, cue)) = silence {
        out.silences
            .push(input.silence(Rule::MisleadingClaim, st.range, &subject, reason, cue));
        return;
    }
    if out
        .findings
        .iter()
        .any(|f| f.rule == Rule::MisleadingClaim && f.range.overlaps(&st.range))
    {
        return;
    }
    let (c, _) = judged[0];
    let hours = |lang: Lang| {
        c.hours
            .as_ref()
            .and_then(|h| h.describe(lang))
            .unwrap_or_default()
    };
    let said = input.written(st.range);
    let msg = Message::new(
        format!(
            "«{said}»: {} работает {}.",
            c.display_name(Lang::Ru),
            hours(Lang::Ru)
        ),
        format!(
            "«{said}»: {} is open {}.",
            c.display_name(Lang::En),
            hours(Lang::En)
        ),
    );
    if let Some(mut f) = input.finding(Rule::MisleadingClaim, st.range, msg) {
        for (c, _) in &judged {
            f = f.with_channel(&c.id);
        }
        out.findings.push(f);
    }
}

/// Whether statement `st` says other hours than `week` keeps.
fn misleads(st: &Statement, week: &Week, status: Status) -> bool {
    let named_days = !st.days.is_empty();
    if st.closed {
        // "closed at weekends", «по выходным не работает»: open then after all?
        if named_days {
            return st.days.iter().any(|d| match st.time {
                Some((f, t)) => week.open_within(d, f, t),
                None => week.open_days().contains(d),
            });
        }
        // «не круглосуточно»: a line open around the clock but limited is indeed not always
        // available.
        return st.all_day && week.is_always() && status == Status::Active;
    }
    let days = if named_days {
        st.days
    } else if st.all_day && st.time.is_none() {
        Days::ALL
    } else {
        week.open_days()
    };
    if st.only && named_days && (0..7).any(|d| !st.days.contains(d) && week.open_days().contains(d))
    {
        return true;
    }
    for d in days.iter() {
        let wrong = match st.time {
            // A range of hours is the channel's hours: wider or narrower misleads.
            Some((f, t)) => !week.covers(d, f, t) || week.open_outside(d, f, t),
            None if st.all_day => !week.covers(d, 0, DAY_END),
            None => !week.open_days().contains(d),
        };
        if wrong {
            return true;
        }
    }
    false
}

/// The items whose token span no other item's span holds (a span equal to another's is not
/// held by it), sorted by span: one sort and a sweep instead of comparing every pair.
fn outermost<T>(mut items: Vec<T>, span: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    // By start, the longest first: whatever holds an item comes before it.
    items.sort_by_key(|x| {
        let (a, b) = span(x);
        (a, std::cmp::Reverse(b))
    });
    let mut out = Vec::with_capacity(items.len());
    // The furthest end among the spans before the current run of equal spans.
    let mut reach: Option<usize> = None;
    let mut run: Option<(usize, usize)> = None;
    let mut run_end = 0;
    for x in items {
        let s = span(&x);
        if run != Some(s) {
            if run.is_some() {
                reach = Some(reach.map_or(run_end, |r: usize| r.max(run_end)));
            }
            run = Some(s);
            run_end = s.1;
        }
        if reach.is_none_or(|r| r < s.1) {
            out.push(x);
        }
    }
    // Sorted by span as the callers expect (the sort above is by start, then longest).
    out.sort_by_key(|x| span(x));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::hours::Week;

    #[test]
    fn outermost_keeps_the_spans_no_other_span_holds() {
        let spans = vec![
            (5, 6),
            (0, 3),
            (1, 2),
            (0, 3),
            (2, 4),
            (5, 9),
            (7, 8),
            (10, 10),
        ];
        let naive: Vec<(usize, usize)> = {
            let mut v: Vec<(usize, usize)> = spans
                .iter()
                .copied()
                .filter(|p| !spans.iter().any(|q| q != p && q.0 <= p.0 && p.1 <= q.1))
                .collect();
            v.sort_unstable();
            v
        };
        assert_eq!(outermost(spans, |&s| s), naive);
        assert_eq!(naive, vec![(0, 3), (0, 3), (2, 4), (5, 9), (10, 10)]);
    }

    fn weekdays() -> Week {
        Week::from_periods(&[(Days::range(0, 4), 9 * 60, 18 * 60)])
    }

    fn st(
        days: Days,
        time: Option<(u16, u16)>,
        all_day: bool,
        only: bool,
        closed: bool,
    ) -> Statement {
        Statement {
            days,
            time,
            all_day,
            only,
            closed,
            ..Statement::default()
        }
    }

    #[test]
    fn promises_against_a_weekday_line() {
        let w = weekdays();
        let a = Status::Active;
        assert!(
            misleads(&st(Days::NONE, None, true, false, false), &w, a),
            "24/7"
        );
        assert!(
            misleads(&st(Days::one(5), None, false, false, false), &w, a),
            "on Saturday"
        );
        assert!(
            !misleads(&st(Days::one(2), None, false, false, false), &w, a),
            "on Wednesday"
        );
        assert!(!misleads(
            &st(Days::range(0, 4), Some((540, 1080)), false, true, false),
            &w,
            a
        ));
        assert!(misleads(
            &st(Days::range(0, 4), Some((480, 1200)), false, true, false),
            &w,
            a
        ));
        assert!(
            !misleads(&st(Days::range(5, 6), None, false, false, true), &w, a),
            "closed at weekends"
        );
        assert!(
            misleads(&st(Days::one(0), None, false, false, true), &w, a),
            "closed on Monday"
        );
        assert!(
            !misleads(
                &st(Days::NONE, Some((540, 1080)), false, false, false),
                &w,
                a
            ),
            "9 to 6"
        );
    }

    #[test]
    fn restrictions_against_an_always_open_chat() {
        let w = Week::always();
        let a = Status::Active;
        assert!(
            !misleads(&st(Days::NONE, None, true, false, false), &w, a),
            "24/7"
        );
        assert!(
            !misleads(&st(Days::range(5, 6), None, false, false, false), &w, a),
            "weekends too"
        );
        assert!(
            misleads(&st(Days::range(0, 4), None, false, true, false), &w, a),
            "weekdays only"
        );
        assert!(
            misleads(&st(Days::range(5, 6), None, false, false, true), &w, a),
            "closed at weekends"
        );
        assert!(
            misleads(
                &st(Days::NONE, Some((540, 1080)), false, false, false),
                &w,
                a
            ),
            "9 to 6"
        );
        assert!(
            misleads(&st(Days::NONE, None, true, false, true), &w, a),
            "not 24/7"
        );
        assert!(!misleads(
            &st(Days::NONE, None, true, false, true),
            &w,
            Status::Limited
        ));
    }
}

#[cfg(test)]
mod closing_words {
    use crate::rules::Rule;
    use crate::rules::testing::of;

    /// A closing word says closed; a negation of it says open, and a closing word that is
    /// itself a negation («недоступен») is not undone by being one.
    #[test]
    fn a_negated_closing_is_an_opening() {
        for open in [
            "Онлайн-чат не закрывается даже по выходным.",
            "Our chat is never closed at weekends.",
            "The online chat does not close on Saturdays.",
        ] {
            assert!(of(open, &[], Rule::MisleadingClaim).is_empty(), "{open}");
        }
        for closed in [
            "Онлайн-чат закрыт по выходным.",
            "По выходным онлайн-чат недоступен.",
            "The online chat closes at weekends.",
        ] {
            assert_eq!(of(closed, &[], Rule::MisleadingClaim).len(), 1, "{closed}");
        }
    }

    /// A limit denied ("isn't limited to weekdays", «не только в рабочее время») says nothing;
    /// hours of another thing named in the clause (a pickup point, a courier) are not the
    /// channel's beside it.
    #[test]
    fn denied_limits_and_other_things_hours() {
        for open in [
            "The online chat isn't limited to weekdays.",
            "Онлайн-чат работает не только в рабочее время.",
            "The pickup point is open from 10 am to 9 pm, while the online chat never closes.",
            "The courier only comes on weekdays, so write to us in the online chat.",
        ] {
            assert!(of(open, &[], Rule::MisleadingClaim).is_empty(), "{open}");
        }
        for wrong in [
            "The online chat is open on weekdays only.",
            "The online chat does not work on weekdays.",
        ] {
            assert_eq!(of(wrong, &[], Rule::MisleadingClaim).len(), 1, "{wrong}");
        }
    }

    /// Days off denied are every day open, with words between («выходных у чата нет»); two
    /// days listed («в субботу и воскресенье») are those days, not the only ones, unless a
    /// range is opened ("between … and") or «только» says so.
    #[test]
    fn days_off_denied_and_days_listed() {
        for open in [
            "Выходных у онлайн-чата нет.",
            "У онлайн-чата нет выходных.",
            "Онлайн-чат работает в субботу и воскресенье тоже.",
            "The online chat answers on Saturdays and Sundays too.",
            "Онлайн-чат отвечает и по выходным, так что не нужно ждать понедельника.",
        ] {
            assert!(of(open, &[], Rule::MisleadingClaim).is_empty(), "{open}");
        }
        for wrong in [
            "Онлайн-чат работает только в субботу и воскресенье.",
            "The online chat is open between Monday and Friday.",
            "Онлайн-чат работает с понедельника по пятницу.",
        ] {
            assert_eq!(of(wrong, &[], Rule::MisleadingClaim).len(), 1, "{wrong}");
        }
    }
}

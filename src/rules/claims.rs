//! The catalog's claims (`outdated-claim`, `misleading-claim`, `out-of-scope`, and any other
//! phrase rule a claim names), and "free" next to a number that is not free.
//!
//! A claim fires where one of its frames matches a clause, unless the claim does not depend on
//! this audience or region, an exception frame matches the same words, the clause is a
//! condition the claim promises nothing in, or a negation or history cue governs the words.
//! Each of those silences is recorded with the cue that caused it.

use super::{Form, Input, Out, labels, with_alternatives};
use crate::catalog::frame::ExceptScope;
use crate::catalog::{Audience, Claim, Cost, Kind, Owner, Verdict};
use crate::dates::in_words;
use crate::finding::{ByteRange, Finding, Fix, Lang, Message, Severity, SilenceReason};
use crate::rules::Rule;
use crate::scan::FrameMatch;
use crate::words::{Script, TokenKind, script};
use rustc_hash::FxHashMap as HashMap;

/// One place a claim's words stand, from a frame or from a legacy regex.
struct Place {
    range: ByteRange,
    /// The clause and the clause positions of the claim's words, when known.
    clause: Option<(usize, Vec<(usize, usize)>)>,
    frame: Option<FrameMatch>,
}

/// Runs the claims (all, or only `only`) over the text.
pub(super) fn check(input: &Input<'_>, out: &mut Out, only: Option<usize>) {
    let mut taken: Vec<(Rule, ByteRange)> = Vec::new();
    for (ci, claim) in input.catalog.claims.iter().enumerate() {
        if only.is_some_and(|o| o != ci) {
            continue;
        }
        let audiences = &input.catalog.audiences;
        let mut firing: Vec<(Place, Verdict)> = Vec::new();
        let places = places(input, ci, claim);
        // The claim's exceptions by sentence: an exception applies only to words of its own
        // sentence (the same words, or a related clause), so each place looks at its sentence's
        // exceptions, in text order, not at every exception of the document.
        let mut excepts: HashMap<u32, Vec<&FrameMatch>> = HashMap::default();
        for x in input.matches_of(Owner::ClaimExcept(ci)) {
            excepts
                .entry(input.scan.clauses.list[x.clause as usize].sentence)
                .or_default()
                .push(x);
        }
        // The claim's own words in each clause view: a negation that is one of them («входить
        // не нужно, чат открывается и без авторизации») is part of what the claim says.
        // Grouped by clause view, in text order within each.
        let mut own_words: HashMap<usize, Vec<(usize, usize)>> = HashMap::default();
        for m in places.iter().filter_map(|p| p.frame.as_ref()) {
            own_words
                .entry(m.clause as usize)
                .or_default()
                .extend(m.covered.iter().map(|&(a, b)| (a as usize, b as usize)));
        }
        // The finding each clause already has, as an index into `firing`; and the silence,
        // as an index into `out.silences`.
        let mut firing_of_clause: HashMap<usize, usize> = HashMap::default();
        let mut silenced_of_clause: HashMap<usize, usize> = HashMap::default();
        for place in places {
            // A condition that names an audience makes the reader one of it for the sentence
            // («Если вы подключите Premium, …» in a seller template speaks to Premium sellers).
            let named = input.conditional_audience(place.range.start);
            let widened: Option<Audience> = match input.audience {
                Some(a) if !named.is_empty() => Some(a.union(&named).cloned().collect()),
                None if named
                    .iter()
                    .any(|n| audiences.get(n).is_some_and(|d| !d.modifier)) =>
                {
                    Some(named.clone())
                }
                other => other.cloned(),
            };
            // A frame for a known reader («ваши звонки обслуживают в первую очередь» in a
            // Premium template) says nothing to anyone else.
            if let Some(m) = &place.frame {
                let reader = &input.catalog.frames.frames[m.frame as usize].reader;
                if !reader.is_empty()
                    && !widened
                        .as_ref()
                        .is_some_and(|a| audiences.includes(a, reader))
                {
                    continue;
                }
            }
            let verdict = claim.verdict(audiences, widened.as_ref());
            if verdict == Verdict::Pass {
                continue;
            }
            if !claim.region.is_empty() {
                let reader = input.region_at(place.range.start);
                let inside = reader
                    .is_some_and(|r| !input.catalog.regions.expand([r]).is_disjoint(&claim.region));
                if !inside {
                    continue;
                }
            }
            // One claim, one finding per clause: two frames of it on the same clause are one
            // mistake, reported over both; and one silence, for the same reason.
            let clause = place.clause.as_ref().map(|(c, _)| *c);
            if let Some(silence) = silenced(input, claim, &place, &own_words, &excepts) {
                one_per_clause(
                    &mut out.silences,
                    &mut silenced_of_clause,
                    clause,
                    silence,
                    |s| &mut s.range,
                );
                continue;
            }
            one_per_clause(
                &mut firing,
                &mut firing_of_clause,
                clause,
                (place, verdict),
                |f| &mut f.0.range,
            );
        }
        for (place, verdict) in firing {
            let upcoming = claim.since.filter(|d| *d > input.ctx.as_of);
            let rule = if upcoming.is_some() {
                Rule::UpcomingChange
            } else {
                claim.rule
            };
            // Two claims on the same words (a specific one and a general one): the first wins.
            if taken
                .iter()
                .any(|(r, t)| *r == rule && t.overlaps(&place.range))
            {
                continue;
            }
            let Some(f) = finding(input, claim, &place, rule, upcoming, verdict) else {
                continue;
            };
            taken.push((rule, place.range));
            out.findings.push(f);
        }
    }
    if only.is_none() {
        free_next_to_paid_number(input, out);
    }
}

/// Adds `item` to `list`, one per clause: for a clause that has one already (`of_clause`: its
/// index in `list`), that one is widened over the new one's range instead.
fn one_per_clause<T>(
    list: &mut Vec<T>,
    of_clause: &mut HashMap<usize, usize>,
    clause: Option<usize>,
    mut item: T,
    range: impl Fn(&mut T) -> &mut ByteRange,
) {
    match clause.and_then(|c| of_clause.get(&c)) {
        Some(&i) => {
            let new = *range(&mut item);
            let r = range(&mut list[i]);
            *r = r.cover(&new);
        }
        None => {
            if let Some(c) = clause {
                of_clause.insert(c, list.len());
            }
            list.push(item);
        }
    }
}

/// Where claim `ci`'s words stand: its frame matches, then its legacy regexes.
fn places(input: &Input<'_>, ci: usize, claim: &Claim) -> Vec<Place> {
    let mut out: Vec<Place> = input
        .matches_of(Owner::Claim(ci))
        .map(|m| Place {
            range: m.range,
            clause: Some((
                m.clause as usize,
                m.slots
                    .iter()
                    .map(|&(a, b)| (a as usize, b as usize))
                    .collect(),
            )),
            frame: Some(m.clone()),
        })
        .collect();
    if !claim.phrases.patterns.is_empty() {
        for range in claim.find(input.text, &input.scan.sentences) {
            if out.iter().any(|p| p.range.overlaps(&range)) {
                continue;
            }
            out.push(Place {
                range,
                clause: clause_of_range(input, range),
                frame: None,
            });
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}

/// The clause of a regex match and the positions of its words.
fn clause_of_range(input: &Input<'_>, range: ByteRange) -> Option<(usize, Vec<(usize, usize)>)> {
    let tokens = &input.scan.tokens;
    let first = tokens.partition_point(|t| t.range.end <= range.start);
    let mut clause = None;
    let mut positions: Vec<usize> = Vec::new();
    for (t, token) in tokens.iter().enumerate().skip(first) {
        if token.range.start >= range.end {
            break;
        }
        if let Some((c, p)) = input.scan.clauses.at(t) {
            if clause.is_none() {
                clause = Some(c);
            }
            if Some(c) == clause {
                positions.push(p);
            }
        }
    }
    let c = clause?;
    let (a, b) = (*positions.first()?, *positions.last()?);
    Some((c, vec![(a, b)]))
}

/// What silences the claim at `place`, if anything.
fn silenced(
    input: &Input<'_>,
    claim: &Claim,
    place: &Place,
    own_words: &HashMap<usize, Vec<(usize, usize)>>,
    excepts: &HashMap<u32, Vec<&FrameMatch>>,
) -> Option<crate::finding::Silence> {
    let rule = claim.rule;
    let frames = &input.catalog.frames.frames;
    if let Some(m) = &place.frame
        && let Some(x) = excepts
            .get(&input.scan.clauses.list[m.clause as usize].sentence)
            .into_iter()
            .flatten()
            .copied()
            .find(|x| {
                // Exceptions are gathered per sentence, so a sentence-wide one applies as found.
                let applies = x.overlaps(m)
                    || match frames[x.frame as usize].scope {
                        ExceptScope::Words => false,
                        ExceptScope::Clause => input
                            .scan
                            .clauses
                            .related(x.clause as usize, m.clause as usize),
                        ExceptScope::Sentence => true,
                    };
                // A negated exception excepts nothing: «даже без Premium продавцам…».
                let last = x.slots.iter().map(|s| s.1).max().unwrap_or(0) as usize;
                applies
                    && !matches!(
                        input.match_governor_within(x, false, crate::scan::polarity::REACH_BEFORE),
                        Some(crate::scan::Governor::Negation(_))
                    )
                    && !crate::scan::polarity::unsaid_after(
                        &input.scan.tokens,
                        &input.scan.clauses,
                        &input.catalog.vocabulary.cues,
                        x.clause as usize,
                        last,
                    )
            })
    {
        return Some(input.silence(
            rule,
            place.range,
            &claim.id,
            SilenceReason::Exception,
            x.range,
        ));
    }
    // A question asserts nothing: «Есть ли у Premium отдельная линия? Нет».
    if let Some(q) = input.in_question(place.range.start) {
        return Some(input.silence(rule, place.range, &claim.id, SilenceReason::Question, q));
    }
    let (c, slots) = place.clause.as_ref()?;
    let clauses = &input.scan.clauses;
    if !claim.in_conditions && slots.iter().all(|&(a, _)| clauses.in_condition(*c, a)) {
        // The condition's first word («если», "to") is the cue.
        let view = &clauses.views[*c];
        let first = (0..view.words.len())
            .find(|&p| clauses.in_condition(*c, p))
            .unwrap_or(0);
        let cue = input.scan.tokens[view.words[first] as usize].range;
        return Some(input.silence(rule, place.range, &claim.id, SilenceReason::Condition, cue));
    }
    if let Some(since) = claim.since
        && let Some(cue) = earlier_year(input, *c, since.year())
    {
        return Some(input.silence(rule, place.range, &claim.id, SilenceReason::History, cue));
    }
    let wholly_in_condition = slots.iter().all(|&(a, _)| clauses.in_condition(*c, a));
    let g = match &place.frame {
        Some(m) => {
            let own: &[(usize, usize)] = own_words
                .get(&(m.clause as usize))
                .map_or(&[], Vec::as_slice);
            let slots: Vec<(usize, usize)> = m
                .slots
                .iter()
                .map(|&(a, b)| (a as usize, b as usize))
                .collect();
            input.governor_with(m.clause as usize, &slots, own, true)
        }
        None => input.governor_at(*c, slots, true),
    }
    .or_else(|| {
        let cond = match clauses.list[*c].conditional {
            true => Some(*c),
            false => None,
        }?;
        wholly_in_condition
            .then(|| {
                crate::scan::polarity::denied_by_main_clause(
                    &input.scan.tokens,
                    clauses,
                    &input.catalog.vocabulary.cues,
                    cond,
                )
            })
            .flatten()
    });
    input.silenced_by(g, rule, place.range, &claim.id)
}

/// A year before the claim's change named in clause `c` («В 2022 году у Premium была линия»,
/// "Back in 2022, Premium members could call…"): the clause speaks of the time before it. Not
/// after an opening word («с 2021 года», "from 2021": since then, which may reach today).
fn earlier_year(input: &Input<'_>, c: usize, since: i16) -> Option<ByteRange> {
    let clauses = &input.scan.clauses;
    let view = clauses.words(&input.scan.tokens, c);
    let opening = &input.catalog.vocabulary.hours.from;
    (0..view.len()).find_map(|p| {
        let t = view[p];
        let year: i16 = input.written(t.range).parse().ok()?;
        let earlier = t.kind == crate::words::TokenKind::Number
            && (1990..since).contains(&year)
            && clauses.part(c, p).is_main();
        let opened = p > 0 && opening.match_at(&view, p - 1) == Some(1);
        (earlier && !opened).then_some(t.range)
    })
}

fn finding(
    input: &Input<'_>,
    claim: &Claim,
    place: &Place,
    rule: Rule,
    upcoming: Option<jiff::civil::Date>,
    verdict: Verdict,
) -> Option<Finding> {
    let mut msg = claim.note.to_message();
    if let Some(date) = upcoming {
        // The note speaks of the change as done; before its date, say when it comes and how
        // the sentence will read then.
        msg = Message::new(
            format!("С {} это перестанет быть верным.", in_words(date, Lang::Ru)),
            format!(
                "From {} this will no longer hold.",
                in_words(date, Lang::En)
            ),
        );
        if let (Some(ru), Some(en)) = (claim.rewrite.ru.as_deref(), claim.rewrite.en.as_deref()) {
            msg = msg.append(&Message::new(
                format!("Новая формулировка: «{ru}»."),
                format!("Reword it as: \"{en}\"."),
            ));
        }
    }
    let better: Vec<_> = input.catalog.channels_for(&claim.replacement).collect();
    msg = with_alternatives(msg, &better, "Вместо этого:", "Instead:");
    if verdict == Verdict::FireCapped {
        msg = msg.append(&condition(input, claim));
    }
    let mut f = input.finding(rule, place.range, msg)?;
    if verdict == Verdict::FireCapped {
        f.severity = f.severity.min(Severity::Warning);
    }
    for id in claim.channels.iter().chain(&claim.replacement) {
        f = f.with_channel(id);
    }
    f.claim = Some(claim.id.clone());
    if let Some(fix) = rewrite(input, claim, place) {
        f = f.with_fix(fix);
    }
    Some(f)
}

/// The claim's rewrite of its clause, in the clause's language: an editor suggestion only.
fn rewrite(input: &Input<'_>, claim: &Claim, place: &Place) -> Option<Fix> {
    let (c, _) = place.clause.as_ref()?;
    let clause = &input.scan.clauses.list[*c];
    let words: Vec<_> = input.scan.clauses.views[*c]
        .words
        .iter()
        .map(|&i| &input.scan.tokens[i as usize])
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    let cyrillic = words
        .iter()
        .filter(|t| script(&t.folded) == Script::Cyrillic)
        .count();
    let latin = words
        .iter()
        .filter(|t| script(&t.folded) == Script::Latin)
        .count();
    let lang = if cyrillic >= latin {
        Lang::Ru
    } else {
        Lang::En
    };
    let text = match lang {
        Lang::Ru => claim.rewrite.ru.as_deref(),
        Lang::En => claim.rewrite.en.as_deref(),
    }?;
    let range = clause.range;
    let written = input.written(range);
    // Keep the clause's own capital: a rewrite mid-sentence starts in lower case.
    let starts_upper = written.chars().next().is_some_and(char::is_uppercase);
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(first) if !starts_upper => first.to_lowercase().chain(chars).collect(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    Some(Fix::suggestion(
        Message::new(
            format!("Переписать: «{text}»"),
            format!("Rewrite: \"{text}\""),
        ),
        range,
        text,
    ))
}

/// Names the audience condition a claim depends on, for a template whose audience is unknown.
fn condition(input: &Input<'_>, claim: &Claim) -> Message {
    let a = &input.catalog.audiences;
    let mut m = Message::new(
        "Аудитория шаблона неизвестна, поэтому это предупреждение:".to_string(),
        "The template's audience is unknown, hence a warning:".to_string(),
    );
    if !claim.except_audience.is_empty() {
        m = m.append(&Message::new(
            format!(
                "это верно только {} (укажите `audience:` во front matter).",
                a.for_whom(&claim.except_audience, Lang::Ru)
            ),
            format!(
                "it holds only {} (set `audience:` in front matter).",
                a.for_whom(&claim.except_audience, Lang::En)
            ),
        ));
    }
    if !claim.audience.is_empty() {
        m = m.append(&Message::new(
            format!("это неверно {}.", a.for_whom(&claim.audience, Lang::Ru)),
            format!("it is wrong {}.", a.for_whom(&claim.audience, Lang::En)),
        ));
    }
    m
}

/// "Бесплатно" / "free" about a call qualifies the phone number nearest to it in the sentence;
/// only a number the catalog records as free may carry it ("Звонки могут тарифицироваться").
/// A free word stands for a call when a frame joins it to a call word in its clause, or when
/// it stands right by the number («Бесплатно: +7 …»); «бесплатная доставка», "feel free" are
/// exceptions.
fn free_next_to_paid_number(input: &Input<'_>, out: &mut Out) {
    let frames = &input.catalog.frames;
    let mut words: Vec<(ByteRange, Option<&FrameMatch>)> = Vec::new();
    for m in input.matches_of(Owner::Free) {
        if input.matches_of(Owner::FreeExcept).any(|x| x.overlaps(m)) {
            continue;
        }
        let attached =
            frames.frames[m.frame as usize].slots.len() > 1 || beside_a_phone(input, m.range);
        if attached && !words.iter().any(|(w, _)| w.overlaps(&m.range)) {
            words.push((m.range, Some(m)));
        }
    }
    for r in input
        .catalog
        .vocabulary
        .free
        .find_in_text(input.text, &input.scan.sentences)
    {
        if !words.iter().any(|(w, _)| w.overlaps(&r)) {
            words.push((r, None));
        }
    }
    for (word, m) in words {
        let Some(s) = input.sentence_at(word.start) else {
            continue;
        };
        if let Some(m) = m
            && let Some(s) = input.silenced_by(
                input.match_governor(m, false),
                Rule::MisleadingClaim,
                word,
                "free",
            )
        {
            out.silences.push(s);
            continue;
        }
        let nearest = input
            .refs
            .iter()
            .filter(|r| {
                matches!(r.form, Form::Phone(_) | Form::Placeholder) && s.contains(&r.range)
            })
            .filter(|r| input.channel(r).kind == Kind::Phone)
            .min_by_key(|r| {
                r.range
                    .start
                    .abs_diff(word.end)
                    .min(r.range.end.abs_diff(word.start))
            });
        let Some(r) = nearest else { continue };
        let c = input.channel(r);
        if c.cost == Some(Cost::Free) {
            continue;
        }
        let (ru, en) = match c.cost {
            Some(Cost::OperatorRate) => (
                "звонки на него тарифицируются по условиям оператора",
                "calls to it are charged at the caller's operator rate",
            ),
            _ => (
                "каталог не знает, что он бесплатный",
                "the catalog does not record it as free",
            ),
        };
        let free: Vec<_> = input
            .catalog
            .channels
            .iter()
            .filter(|x| {
                x.cost == Some(Cost::Free)
                    && x.kind == Kind::Phone
                    && (c.audience.is_empty() || !x.audience.is_disjoint(&c.audience))
            })
            .collect();
        let number = super::label(c, Lang::Ru);
        let mut msg = Message::new(
            format!("«{}» рядом с номером {number}: {ru}.", input.written(word)),
            format!("«{}» next to {number}: {en}.", input.written(word)),
        );
        if !free.is_empty() {
            let l = labels(free.iter().copied());
            msg = msg.append(&Message::new(
                format!("Бесплатный номер: {}.", l.ru),
                format!("The free number is {}.", l.en),
            ));
        }
        if let Some(f) = input.finding(Rule::MisleadingClaim, word, msg) {
            out.findings.push(f.with_channel(&c.id));
        }
    }
}

/// Whether a phone token stands right before or after `range` in its sentence (punctuation
/// between them allowed).
fn beside_a_phone(input: &Input<'_>, range: ByteRange) -> bool {
    let tokens = &input.scan.tokens;
    let first = tokens.partition_point(|t| t.range.end <= range.start);
    let last = tokens.partition_point(|t| t.range.start < range.end);
    let is_phone = |i: usize| {
        matches!(
            tokens[i].kind,
            TokenKind::Contact(crate::words::ContactShape::Phone, _)
        )
    };
    let before = tokens[..first]
        .iter()
        .rposition(|t| t.is_wordlike())
        .is_some_and(is_phone);
    let after = tokens[last..]
        .iter()
        .position(|t| t.is_wordlike())
        .is_some_and(|k| is_phone(last + k));
    let same_sentence = |i: Option<usize>| {
        i.and_then(|i| tokens.get(i))
            .zip(input.sentence_at(range.start))
            .is_some_and(|(t, s)| s.contains(&t.range))
    };
    (before && same_sentence(tokens[..first].iter().rposition(|t| t.is_wordlike())))
        || (after
            && same_sentence(
                tokens[last..]
                    .iter()
                    .position(|t| t.is_wordlike())
                    .map(|k| last + k),
            ))
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::Rule;
    use crate::rules::testing::{findings, findings_on, of};

    #[test]
    fn overlapping_claims_of_one_rule_report_once() {
        let f = findings(
            "Premium customers get priority support in the chat.",
            &["buyer"],
        );
        assert_eq!(
            f.iter().filter(|f| f.rule == Rule::OutdatedClaim).count(),
            1,
            "{f:#?}"
        );
    }

    #[test]
    fn claims_before_their_date_are_upcoming() {
        let f = findings_on(
            "Покупатели Premium получают ответ в чате вне очереди.",
            &[],
            "2023-01-01",
        );
        assert_eq!(f[0].rule, Rule::UpcomingChange, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.ru.starts_with("С 1 марта 2023 г."),
            "{}",
            f[0].message.ru
        );
    }

    #[test]
    fn free_word_without_a_number_is_silent() {
        assert!(of("Доставка бесплатная.", &[], Rule::MisleadingClaim).is_empty());
    }

    #[test]
    fn free_with_a_placeholder_of_a_paid_number() {
        assert_eq!(
            of(
                "Бесплатно: {{contact.phone.spb}}",
                &[],
                Rule::MisleadingClaim
            ),
            ["Бесплатно"]
        );
    }

    #[test]
    fn free_delivery_beside_a_paid_number_is_not_about_the_call() {
        assert!(
            of(
                "Доставка бесплатная, вопросы: +7 495 232-10-00.",
                &[],
                Rule::MisleadingClaim
            )
            .is_empty()
        );
        assert!(
            of(
                "Feel free to call +7 495 232-10-00.",
                &[],
                Rule::MisleadingClaim
            )
            .is_empty()
        );
    }

    #[test]
    fn claims_do_not_span_sentences() {
        assert!(
            of(
                "Premium. Priority mail is slow.",
                &["buyer"],
                Rule::OutdatedClaim
            )
            .is_empty()
        );
    }
}

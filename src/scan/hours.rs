//! Ranges of times in a clause: «с 9:00 до 18:00», "from 9 am to 6 pm", "9:00–21:00", "between
//! 8 and 20" — read on tokens with the catalog's small words (`[vocabulary.hours]`), so a
//! range of minutes («5–10 минут»), a phone number or a date is never taken for opening hours.

use crate::catalog::hours::{DAY_END, HoursWords};
use crate::vocab::ByteRange;
use crate::words::{Token, TokenKind};

use super::clause::Clauses;

/// A range of times of day a clause names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Minutes from midnight; `to` not after `from` runs past midnight.
    pub from: u16,
    pub to: u16,
    pub clause: u32,
    /// First and last clause position of its words.
    pub words: (u16, u16),
    pub range: ByteRange,
}

/// Before or after noon, as a word after a time says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    Am,
    Pm,
}

/// One time of day as written: its hour and minutes, whether minutes were written, the marker
/// after it, and the clause position after its words.
#[derive(Debug, Clone, Copy)]
struct Written {
    hour: u16,
    minute: u16,
    minutes_written: bool,
    half: Option<Half>,
    next: usize,
    last_token: usize,
}

impl Written {
    fn minutes(self) -> u16 {
        let hour = match self.half {
            Some(Half::Am) if self.hour == 12 => 0,
            Some(Half::Pm) if self.hour < 12 => self.hour + 12,
            _ => self.hour,
        };
        (hour * 60 + self.minute).min(DAY_END)
    }

    fn is_clock(self) -> bool {
        self.minutes_written || self.half.is_some()
    }
}

fn is_dash(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Punct(p) if matches!(p.ch, '-' | '–' | '—' | '‒' | '−'))
}

/// The time written at clause position `p`, if one is.
fn time_at(
    tokens: &[Token],
    view: &[u32],
    words: &[&Token],
    hw: &HoursWords,
    p: usize,
) -> Option<Written> {
    let t = words.get(p)?;
    if t.kind != TokenKind::Number || t.folded.len() > 2 {
        return None;
    }
    let hour: u16 = t.folded.parse().ok()?;
    if hour > 24 {
        return None;
    }
    let ti = view[p] as usize;
    let mut next = p + 1;
    let mut last_token = ti;
    let mut minute = 0;
    let mut minutes_written = false;
    if let (Some(sep), Some(m)) = (tokens.get(ti + 1), words.get(p + 1))
        && matches!(sep.kind, TokenKind::Punct(s) if s.between_digits && matches!(s.ch, ':' | '.'))
        && view.get(p + 1) == Some(&((ti + 2) as u32))
        && m.kind == TokenKind::Number
        && m.folded.len() == 2
    {
        minute = m.folded.parse().ok().filter(|&m: &u16| m < 60)?;
        minutes_written = true;
        next = p + 2;
        last_token = ti + 2;
    }
    let mut half = None;
    if let Some(k) = hw.am.match_at(words, next) {
        half = Some(Half::Am);
        next += k;
        last_token = view[next - 1] as usize;
    } else if let Some(k) = hw.pm.match_at(words, next) {
        half = Some(Half::Pm);
        next += k;
        last_token = view[next - 1] as usize;
    }
    if hour == 24 && minute > 0 {
        return None;
    }
    Some(Written {
        hour,
        minute,
        minutes_written,
        half,
        next,
        last_token,
    })
}

/// Every range of times in the clauses.
pub fn find(tokens: &[Token], clauses: &Clauses, hw: &HoursWords) -> Vec<TimeRange> {
    let mut out = Vec::new();
    if hw.to.written.is_empty() && hw.from.written.is_empty() {
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    for c in 0..clauses.views.len() {
        let view = &clauses.views[c].words;
        let words = clauses.words(tokens, c);
        let mut p = 0;
        while p < words.len() {
            match range_at(tokens, view, &words, hw, p) {
                // The same words seen again in the view of a clause they continue.
                Some((_, _, end)) if !seen.insert(crate::words::span_of(&words, (p, end))) => {
                    p = end;
                }
                Some((from, to, end)) => {
                    out.push(TimeRange {
                        from,
                        to,
                        clause: c as u32,
                        words: (p as u16, (end - 1) as u16),
                        range: crate::words::span_of(&words, (p, end)),
                    });
                    p = end;
                }
                None => p += 1,
            }
        }
    }
    out
}

/// A range starting at clause position `p`: from, to, and the position after it.
fn range_at(
    tokens: &[Token],
    view: &[u32],
    words: &[&Token],
    hw: &HoursWords,
    p: usize,
) -> Option<(u16, u16, usize)> {
    let opened = hw.from.match_at(words, p);
    let start = p + opened.unwrap_or(0);
    let a = time_at(tokens, view, words, hw, start)?;
    let closed = hw.to.match_at(words, a.next);
    let b_at = a.next + closed.unwrap_or(0);
    let dashed = closed.is_none()
        && view
            .get(b_at)
            .is_some_and(|&next| tokens[a.last_token + 1..next as usize].iter().any(is_dash));
    if closed.is_none() && !dashed {
        return None;
    }
    let b = time_at(tokens, view, words, hw, b_at)?;
    // «с 9 до 18» is a range of hours by its words; "9–18" or "9 to 5" needs a clock's look
    // (minutes or am/pm) to be one.
    let worded = opened.is_some() && closed.is_some();
    if !worded && !a.is_clock() && !b.is_clock() {
        return None;
    }
    // «5–10 минут», "from 1 to 3 business days": a duration.
    if (b.next..(b.next + 3).min(words.len())).any(|q| hw.units.match_at(words, q).is_some()) {
        return None;
    }
    let mut from = a;
    let to = b;
    if from.half.is_none() && to.half == Some(Half::Pm) && from.hour + 12 < to.minutes() / 60 {
        from.half = Some(Half::Pm); // "1–5 pm"
    }
    let (f, mut t) = (from.minutes(), to.minutes());
    // "from 9 to 5": the end of office hours, written on a twelve-hour clock.
    if from.half.is_none()
        && to.half.is_none()
        && t <= f
        && t + 12 * 60 <= DAY_END
        && t + 12 * 60 > f
    {
        t += 12 * 60;
    }
    if f == t {
        return None;
    }
    Some((f, t, b.next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn ranges(text: &str) -> Vec<(String, String, String)> {
        let c = Catalog::default_catalog();
        let scan = crate::scan::scan(text, ByteRange::new(0, text.len()), &c);
        find(&scan.tokens, &scan.clauses, &c.vocabulary.hours)
            .into_iter()
            .map(|r| {
                (
                    crate::catalog::hours::clock(r.from),
                    crate::catalog::hours::clock(r.to),
                    text[r.range.start..r.range.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn office_hours_in_the_ways_agents_write_them() {
        let one = |t: &str| {
            let r = ranges(t);
            assert_eq!(r.len(), 1, "{t}: {r:?}");
            (r[0].0.clone(), r[0].1.clone())
        };
        let nine_six = ("09:00".to_string(), "18:00".to_string());
        assert_eq!(one("Линия работает с 9:00 до 18:00."), nine_six);
        assert_eq!(one("Линия работает с 9 до 18 по будням."), nine_six);
        assert_eq!(one("We're open from 9am to 6pm."), nine_six);
        assert_eq!(one("We're open 9 a.m.–6 p.m., Monday to Friday."), nine_six);
        assert_eq!(one("Hours: 09.00-18.00"), nine_six);
        assert_eq!(one("We answer from 9 to 6."), nine_six);
        assert_eq!(
            one("Call between 1 and 5 pm."),
            ("13:00".into(), "17:00".into())
        );
        assert_eq!(
            one("Звоните с 9 утра до 9 вечера."),
            ("09:00".into(), "21:00".into())
        );
        assert_eq!(
            one("Ночная смена — с 22:00 до 06:00."),
            ("22:00".into(), "06:00".into())
        );
    }

    #[test]
    fn durations_numbers_and_dates_are_no_hours() {
        for t in [
            "Ответ в чате — через 5–10 минут.",
            "Premium sellers wait 1–3 min.",
            "Ответим с 1 до 3 рабочих дней.",
            "Delivery takes from 2 to 5 business days.",
            "Звоните +7 495 232-10-00.",
            "Это было 10.03.2023.",
            "Pages 9-18 of the guide.",
        ] {
            assert!(ranges(t).is_empty(), "{t}: {:?}", ranges(t));
        }
    }
}

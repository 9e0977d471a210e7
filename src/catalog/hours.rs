//! When a channel works, as data: the days and times of each week it is open (or "around the
//! clock"), and the words a template uses to speak of availability ("24/7", «по будням», "from
//! 9 am to 6 pm", "closed at weekends"), so a sentence that promises other hours than the
//! channel keeps is found without a hand-written claim for every phrasing.
//!
//! Times are minutes from midnight in the channel's own time zone; a text's times are read in
//! the same zone (a template rarely names one, and when it does it names the channel's).

use serde::Serialize;

use super::{CueSet, Text};
use crate::vocab::Lang;

/// The days of the week as catalogs name them, Monday first (ISO 8601).
pub const DAY_IDS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const DAY_NAMES_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];

/// Minutes in a day: the end of an interval that runs to midnight.
pub const DAY_END: u16 = 24 * 60;

/// A set of weekdays, bit `i` for [`DAY_IDS`]`[i]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct Days(pub u8);

impl Days {
    pub const ALL: Days = Days(0x7f);
    pub const NONE: Days = Days(0);

    pub fn one(day: usize) -> Days {
        Days(1 << (day % 7))
    }

    /// The days from `a` to `b`, both included, wrapping past Sunday («пт–пн»).
    pub fn range(a: usize, b: usize) -> Days {
        let mut out = Days::NONE;
        let mut d = a % 7;
        loop {
            out.0 |= 1 << d;
            if d == b % 7 {
                break;
            }
            d = (d + 1) % 7;
        }
        out
    }

    /// Reads a day id (`mon` … `sun`) or `all`.
    pub fn parse(id: &str) -> Option<Days> {
        if id == "all" {
            return Some(Days::ALL);
        }
        DAY_IDS.iter().position(|d| *d == id).map(Days::one)
    }

    pub fn contains(self, day: usize) -> bool {
        self.0 & (1 << day) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn union(self, other: Days) -> Days {
        Days(self.0 | other.0)
    }

    /// The single day of the set, if it has exactly one.
    pub fn single(self) -> Option<usize> {
        (self.0.count_ones() == 1).then(|| self.0.trailing_zeros() as usize)
    }

    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..7).filter(move |&d| self.contains(d))
    }

    /// The days in words, runs joined: "Mon–Fri", «пн–пт, вс».
    pub fn describe(self, lang: Lang) -> String {
        let names = match lang {
            Lang::Ru => DAY_NAMES_RU,
            Lang::En => DAY_NAMES_EN,
        };
        let mut parts = Vec::new();
        let mut d = 0;
        while d < 7 {
            if !self.contains(d) {
                d += 1;
                continue;
            }
            let start = d;
            while d + 1 < 7 && self.contains(d + 1) {
                d += 1;
            }
            parts.push(match d - start {
                0 => names[start].to_string(),
                1 => format!("{}, {}", names[start], names[d]),
                _ => format!("{}–{}", names[start], names[d]),
            });
            d += 1;
        }
        parts.join(", ")
    }
}

/// A time of day in minutes, written `HH:MM`.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Reads `HH:MM` (`24:00` is the end of the day).
pub fn parse_clock(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// When a channel is open: a week's schedule when the catalog gives one, and the hours in
/// words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hours {
    /// `None`: the catalog gives the hours in words only; nothing is checked against them.
    pub week: Option<Week>,
    /// The time zone the times are in, as the catalog names it ("Europe/Moscow").
    pub timezone: Option<String>,
    /// How people read the hours; generated from the week when the catalog gives none.
    pub text: Text,
}

impl Hours {
    /// The hours in words: the catalog's text in `lang` when it has one, else the week's.
    pub fn describe(&self, lang: Lang) -> Option<String> {
        if let Some(t) = self.text.get(lang) {
            return Some(t.to_string());
        }
        let mut out = self.week.as_ref()?.describe(lang);
        if let Some(tz) = &self.timezone
            && !self.week.as_ref().is_some_and(Week::is_always)
        {
            out.push_str(&format!(" ({tz})"));
        }
        Some(out)
    }
}

/// The open intervals of each day of a week (minutes, start < end), sorted and merged, Monday
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week(pub [Vec<(u16, u16)>; 7]);

impl Week {
    /// Open around the clock every day.
    pub fn always() -> Week {
        Week::from_periods(&[(Days::ALL, 0, DAY_END)])
    }

    /// A week open in `periods` (days, from, to); a period whose end is not after its start
    /// runs past midnight into the next day.
    pub fn from_periods(periods: &[(Days, u16, u16)]) -> Week {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for &(days, from, to) in periods {
            for d in days.iter() {
                if from < to {
                    week[d].push((from, to));
                } else {
                    week[d].push((from, DAY_END));
                    if to > 0 {
                        week[(d + 1) % 7].push((0, to));
                    }
                }
            }
        }
        for day in &mut week {
            day.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(day.len());
            for &(a, b) in day.iter() {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            *day = merged;
        }
        Week(week)
    }

    /// Whether the channel is open at every minute of the week.
    pub fn is_always(&self) -> bool {
        self.0.iter().all(|d| d.as_slice() == [(0, DAY_END)])
    }

    /// The days it is open at some time.
    pub fn open_days(&self) -> Days {
        Days(
            (0..7)
                .filter(|&d| !self.0[d].is_empty())
                .fold(0, |acc, d| acc | (1 << d)),
        )
    }

    /// Whether it is open for the whole of `from..to` on `day` (past midnight into the next day
    /// when `to` is not after `from`).
    pub fn covers(&self, day: usize, from: u16, to: u16) -> bool {
        let within = |d: usize, a: u16, b: u16| self.0[d].iter().any(|&(x, y)| x <= a && b <= y);
        if from < to {
            within(day, from, to)
        } else {
            within(day, from, DAY_END) && (to == 0 || within((day + 1) % 7, 0, to))
        }
    }

    /// Whether it is open at some time within `from..to` on `day`.
    pub fn open_within(&self, day: usize, from: u16, to: u16) -> bool {
        let meets = |d: usize, a: u16, b: u16| self.0[d].iter().any(|&(x, y)| x < b && a < y);
        if from < to {
            meets(day, from, to)
        } else {
            meets(day, from, DAY_END) || meets((day + 1) % 7, 0, to)
        }
    }

    /// Whether it is open on `day` beyond `from..to` (so a text giving `from..to` as its
    /// hours tells a reader it is closed when it is not).
    pub fn open_outside(&self, day: usize, from: u16, to: u16) -> bool {
        if from >= to {
            // A night period: what lies between its end and its start is outside it.
            return self.open_within(day, to, from);
        }
        self.0[day].iter().any(|&(x, y)| x < from || y > to)
    }

    /// The week in words: "around the clock, every day", "Mon–Fri 09:00–18:00; Sat
    /// 10:00–14:00".
    pub fn describe(&self, lang: Lang) -> String {
        if self.is_always() {
            return match lang {
                Lang::Ru => "круглосуточно, без выходных".into(),
                Lang::En => "around the clock, every day".into(),
            };
        }
        // Days with the same intervals are told together.
        let mut groups: Vec<(Days, &Vec<(u16, u16)>)> = Vec::new();
        for (d, day) in self.0.iter().enumerate() {
            if day.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|(_, h)| *h == day) {
                Some((days, _)) => *days = days.union(Days::one(d)),
                None => groups.push((Days::one(d), day)),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(days, h)| {
                let times: Vec<String> = h
                    .iter()
                    .map(|&(a, b)| {
                        if (a, b) == (0, DAY_END) {
                            match lang {
                                Lang::Ru => "круглосуточно".to_string(),
                                Lang::En => "all day".to_string(),
                            }
                        } else {
                            format!("{}–{}", clock(a), clock(b))
                        }
                    })
                    .collect();
                format!("{} {}", days.describe(lang), times.join(", "))
            })
            .collect();
        if parts.is_empty() {
            return match lang {
                Lang::Ru => "не работает".into(),
                Lang::En => "closed".into(),
            };
        }
        parts.join("; ")
    }
}

/// What one availability phrase of the vocabulary says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Availability {
    /// The days it speaks of; empty: no days in particular ("around the clock" alone).
    pub days: Days,
    /// It speaks of the whole day («круглосуточно», "24/7", "at any time").
    pub all_day: bool,
    /// It says the channel works on these days only («по будням», "on weekdays").
    pub only: bool,
    /// It says the channel is closed then ("closed at weekends", «выходной»).
    pub closed: bool,
}

/// The catalog's words for availability: its phrases (as frames in the catalog's index, owned
/// by [`super::Owner::Availability`]) and the small words time ranges are read with.
#[derive(Debug, Clone, Default)]
pub struct HoursWords {
    pub phrases: Vec<Availability>,
    /// Words that say a channel is closed ("closed", «закрыт»).
    pub closed: CueSet,
    /// Words that make what follows the only time it works («только», "only").
    pub only: CueSet,
    /// Words that open a range of times or days («с», "from", "between").
    pub from: CueSet,
    /// Words that close a range («до», «по», "to", "until", "and").
    pub to: CueSet,
    /// Words of `to` that join two days as a range only after a `from` word ("between Monday
    /// and Friday"); otherwise they list them («в субботу и воскресенье», "Saturdays and
    /// Sundays"), which says nothing of the days between or beside them.
    pub and: CueSet,
    /// Words after a time that put it before noon ("am", «утра»).
    pub am: CueSet,
    /// Words after a time that put it after noon ("pm", «вечера»).
    pub pm: CueSet,
    /// Units that make numbers a duration, not a time («минут», "days"): "5–10 минут".
    pub units: CueSet,
    /// Words before a phrase that make it a duration («в течение», "within"): "within a
    /// business day" is no schedule.
    pub within: CueSet,
    /// Words that refer back to a channel named earlier in the sentence («он», "which", "we").
    pub back: CueSet,
    /// Words right before a phrase that deny it is a limit ("isn't limited to weekdays", "not
    /// just during office hours"): the clause says nothing about when the channel is closed.
    pub unlimited: CueSet,
    /// Other things that keep hours (a pickup point, a courier): a clause that names one and no
    /// channel of its own speaks of their hours, not of a channel named beside it.
    pub others: CueSet,
}

impl HoursWords {
    /// Whether the catalog has any availability words at all.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays() -> Week {
        Week::from_periods(&[(Days::range(0, 4), 9 * 60, 18 * 60)])
    }

    #[test]
    fn day_ranges_wrap_past_sunday() {
        assert_eq!(Days::range(0, 4).describe(Lang::En), "Mon–Fri");
        assert_eq!(Days::range(4, 0).describe(Lang::Ru), "пн, пт–вс");
        assert_eq!(Days::range(5, 6).describe(Lang::En), "Sat, Sun");
        assert_eq!(Days::parse("all"), Some(Days::ALL));
        assert_eq!(Days::parse("sat"), Some(Days::one(5)));
        assert_eq!(Days::parse("saturday"), None);
    }

    #[test]
    fn a_weekday_line_covers_office_hours_only() {
        let w = weekdays();
        assert!(!w.is_always());
        assert!(w.covers(0, 9 * 60, 18 * 60));
        assert!(!w.covers(0, 8 * 60, 18 * 60));
        assert!(!w.covers(5, 10 * 60, 12 * 60));
        assert!(w.open_within(4, 17 * 60, 20 * 60));
        assert!(!w.open_within(5, 0, DAY_END));
        assert!(!w.open_outside(2, 9 * 60, 18 * 60));
        assert!(w.open_outside(2, 10 * 60, 17 * 60));
        assert_eq!(w.open_days(), Days::range(0, 4));
        let h = Hours {
            week: Some(w),
            timezone: Some("America/New_York".into()),
            text: Text::default(),
        };
        assert_eq!(
            h.describe(Lang::En).as_deref(),
            Some("Mon–Fri 09:00–18:00 (America/New_York)")
        );
    }

    #[test]
    fn night_periods_run_into_the_next_day() {
        let w = Week::from_periods(&[(Days::one(4), 22 * 60, 2 * 60)]);
        assert_eq!(w.0[4], vec![(22 * 60, DAY_END)]);
        assert_eq!(w.0[5], vec![(0, 2 * 60)]);
        assert!(w.covers(4, 23 * 60, 60));
        assert!(!w.covers(4, 23 * 60, 3 * 60));
    }

    #[test]
    fn around_the_clock_is_every_minute() {
        let w = Week::always();
        assert!(w.is_always());
        assert!(w.covers(6, 0, DAY_END));
        assert_eq!(w.describe(Lang::Ru), "круглосуточно, без выходных");
        let h = Hours {
            week: None,
            timezone: None,
            text: Text {
                ru: Some("круглосуточно, но доступна не всегда".into()),
                en: None,
            },
        };
        assert_eq!(
            h.describe(Lang::En).as_deref(),
            Some("круглосуточно, но доступна не всегда")
        );
    }

    #[test]
    fn clocks_read_and_write() {
        assert_eq!(parse_clock("09:30"), Some(570));
        assert_eq!(parse_clock("9:30"), Some(570));
        assert_eq!(parse_clock("24:00"), Some(DAY_END));
        assert_eq!(parse_clock("24:30"), None);
        assert_eq!(parse_clock("9"), None);
        assert_eq!(parse_clock("9:5"), None);
        assert_eq!(clock(1080), "18:00");
    }
}

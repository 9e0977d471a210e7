//! Reading a channel's `hours` and the `[vocabulary.hours]` words.

use toml::Spanned;

use super::errors::Errors;
use super::raw::{RawHours, RawHoursWords};
use super::words;
use crate::catalog::frame::{FrameIndex, Owner, WordGroups};
use crate::catalog::hours::{Availability, DAY_END, Days, Hours, HoursWords, Week, parse_clock};
use crate::catalog::{CueSet, Text};

/// The days of a list (`mon` … `sun`, `all`); a wrong id is an error at it.
fn days(errors: &mut Errors<'_>, file: usize, list: &[Spanned<String>]) -> Days {
    let mut out = Days::NONE;
    for d in list {
        match Days::parse(d.get_ref().trim()) {
            Some(x) => out = out.union(x),
            None => errors.help(
                file,
                d.span(),
                format!("`{}` is not a day", d.get_ref()),
                "name days as mon, tue, wed, thu, fri, sat, sun, or all",
            ),
        }
    }
    out
}

fn time(errors: &mut Errors<'_>, file: usize, t: &Spanned<String>) -> Option<u16> {
    let v = parse_clock(t.get_ref());
    if v.is_none() {
        errors.help(
            file,
            t.span(),
            format!("`{}` is not a time of day", t.get_ref()),
            "write it as HH:MM, such as \"09:00\" or \"18:30\" (\"24:00\" for midnight)",
        );
    }
    v
}

/// One period: its days, and from–to (both or neither: neither is the whole day).
fn period(
    errors: &mut Errors<'_>,
    file: usize,
    list: &[Spanned<String>],
    from: &Option<Spanned<String>>,
    to: &Option<Spanned<String>>,
    at: std::ops::Range<usize>,
) -> Option<(Days, u16, u16)> {
    let d = days(errors, file, list);
    let span = match (from, to) {
        (Some(f), Some(t)) => (time(errors, file, f)?, time(errors, file, t)?),
        (None, None) => (0, DAY_END),
        (Some(f), None) | (None, Some(f)) => {
            errors.help(
                file,
                f.span(),
                "a period needs both `from` and `to`",
                "add the other one, or leave both out for the whole day",
            );
            return None;
        }
    };
    if d.is_empty() {
        errors.help(
            file,
            at,
            "an opening period names no days",
            "add `days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]`, or `always = true`",
        );
        return None;
    }
    if span.0 == span.1 {
        errors.help(
            file,
            from.as_ref().map_or(0..0, |f| f.span()),
            "a period opens and closes at the same time",
            "for the whole day leave `from` and `to` out",
        );
        return None;
    }
    Some((d, span.0, span.1))
}

/// A channel's hours: without a week when the catalog gives only words.
pub(super) fn channel_hours(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawHours,
    at: std::ops::Range<usize>,
) -> Hours {
    let text = Text {
        ru: raw.ru.clone(),
        en: raw.en.clone(),
    };
    let always = raw.always.as_ref().is_some_and(|a| *a.get_ref());
    let timezone = raw.timezone.clone();
    if always {
        if let Some(a) = &raw.always
            && (!raw.days.is_empty() || raw.from.is_some() || !raw.also.is_empty())
        {
            errors.help(
                file,
                a.span(),
                "`always = true` and opening days together",
                "a channel open around the clock needs no `days`, `from`, `to` or `also`",
            );
        }
        return Hours {
            week: Some(Week::always()),
            timezone,
            text,
        };
    }
    let mut periods = Vec::new();
    let mut given = false;
    if !raw.days.is_empty() || raw.from.is_some() || raw.to.is_some() {
        given = true;
        periods.extend(period(
            errors,
            file,
            &raw.days,
            &raw.from,
            &raw.to,
            at.clone(),
        ));
    }
    for p in &raw.also {
        given = true;
        let r = p.get_ref();
        periods.extend(period(errors, file, &r.days, &r.from, &r.to, p.span()));
    }
    Hours {
        // Words only («круглосуточно, но доступна не всегда»): shown, never checked.
        week: (given && !periods.is_empty()).then(|| Week::from_periods(&periods)),
        timezone,
        text,
    }
}

/// The availability vocabulary; its phrases become frames owned by [`Owner::Availability`].
pub(super) fn vocabulary(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawHoursWords,
    groups: &WordGroups,
    frames: &mut FrameIndex,
) -> HoursWords {
    let mut out = HoursWords::default();
    for (i, p) in raw.phrase.iter().enumerate() {
        if let Some(phrases) = &p.phrases
            && let Some(slot) = words::slot(errors, file, phrases, groups)
        {
            frames.add(super::one_slot(slot), Owner::Availability(i));
        }
        for f in &p.frame {
            if let Some(frame) = words::frame(errors, file, f, groups) {
                frames.add(frame, Owner::Availability(i));
            }
        }
        // Where to point at: the phrases, else the days (a table has no span of its own).
        let at = p
            .phrases
            .as_ref()
            .map(|s| s.span())
            .or_else(|| p.days.first().map(|d| d.span()))
            .or_else(|| p.frame.first().map(|f| f.span()))
            .unwrap_or(0..0);
        let no_words = p.phrases.as_ref().is_none_or(|s| s.get_ref().is_empty());
        if no_words && p.frame.is_empty() {
            errors.help(
                file,
                at.clone(),
                "an availability phrase has no words: neither `phrases` nor a `frame`",
                "write `phrases = [\"…\"]`, or `[[vocabulary.hours.phrase.frame]]` with `words`",
            );
        }
        let d = days(errors, file, &p.days);
        if d.is_empty() && !p.all_day && !p.closed {
            errors.help(
                file,
                at.clone(),
                "an availability phrase says nothing: no `days`, no `all_day`, no `closed`",
                "add the days it speaks of, such as `days = [\"sat\", \"sun\"]`",
            );
        }
        out.phrases.push(Availability {
            days: d,
            all_day: p.all_day,
            only: p.only,
            closed: p.closed,
        });
    }
    let mut cue = |list: &Option<Spanned<Vec<String>>>, key: &str| -> CueSet {
        let Some(list) = list else {
            return CueSet::default();
        };
        match CueSet::parse(list.get_ref()) {
            Ok(set) => set,
            Err((i, e)) => {
                errors.help(
                    file,
                    list.span(),
                    format!("[vocabulary.hours] {key}: item {}: {}", i + 1, e.message),
                    e.help,
                );
                CueSet::default()
            }
        }
    };
    out.closed = cue(&raw.closed, "closed");
    out.only = cue(&raw.only, "only");
    out.from = cue(&raw.from, "from");
    out.to = cue(&raw.to, "to");
    out.and = cue(&raw.and, "and");
    out.am = cue(&raw.am, "am");
    out.pm = cue(&raw.pm, "pm");
    out.units = cue(&raw.units, "units");
    out.within = cue(&raw.within, "within");
    out.back = cue(&raw.back, "back");
    out.unlimited = cue(&raw.unlimited, "unlimited");
    out.others = cue(&raw.others, "others");
    out
}

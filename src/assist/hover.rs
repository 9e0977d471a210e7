//! Hover: what a contact or placeholder is (for whom, hours, status, replacement, source), the
//! nearest known channel for an unknown one, and the explanation of any finding under the
//! cursor.

use jiff::civil::Date;
use std::fmt::Write;

use crate::catalog::{Catalog, Channel, Kind};
use crate::scan::Scan;
use crate::{ByteRange, Finding, Lang, Silence};

use super::channel_doc::{self, tr};

/// What hover looks at: the text, what the recognisers and the check found in it.
#[derive(Debug, Clone, Copy)]
pub struct HoverQuery<'a> {
    pub text: &'a str,
    /// What the recognisers found, with ranges in `text` (see [`super::scan_file`]).
    pub scan: &'a Scan,
    pub findings: &'a [Finding],
    pub silences: &'a [Silence],
    pub catalog: &'a Catalog,
    pub as_of: Date,
    pub lang: Lang,
    /// A byte offset into `text`.
    pub offset: usize,
}

/// A hover card: the bytes it is about, and what it says, in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub range: ByteRange,
    pub markdown: String,
}

/// What is under the cursor.
enum Target<'a> {
    Known(&'a Channel),
    /// A contact or placeholder id the catalog does not have, with the nearest one it does.
    Unknown {
        written: String,
        nearest: Option<&'a Channel>,
    },
}

/// A URL as compared: no scheme, no `www.`, no trailing slash, lower case.
fn bare_url(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let s = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
}

/// The channel of `kinds` whose key is closest to `key` (any distance: a hover always names one).
fn nearest<'c>(
    catalog: &'c Catalog,
    kinds: &[Kind],
    key: &str,
    key_of: impl Fn(&Channel) -> Option<String>,
) -> Option<&'c Channel> {
    catalog
        .channels
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .filter_map(|c| key_of(c).map(|k| (strsim::osa_distance(&k, key), c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The contact or placeholder at `q.offset`, and its range.
fn target_at<'a>(q: &HoverQuery<'a>) -> Option<(ByteRange, Target<'a>)> {
    let catalog = q.catalog;
    let ix = &catalog.index;
    let scan = q.scan;
    let offset = q.offset;
    let at = |r: &ByteRange| r.start <= offset && offset < r.end;
    let channel = |i: usize| &catalog.channels[i];
    if let Some(p) = scan.placeholders.iter().find(|p| at(&p.range)) {
        let t = match catalog.channel(&p.id) {
            Some(c) => Target::Known(c),
            None => Target::Unknown {
                written: format!("{{{{contact.{}}}}}", p.id),
                nearest: catalog
                    .channels
                    .iter()
                    .min_by_key(|c| strsim::damerau_levenshtein(c.id.as_str(), &p.id)),
            },
        };
        return Some((p.range, t));
    }
    if let Some(p) = scan.phones.iter().find(|p| at(&p.range)) {
        let t = match ix.phone(&p.key.e164) {
            Some(i) => Target::Known(channel(i)),
            None => Target::Unknown {
                written: q.text[p.range.start..p.range.end].to_string(),
                nearest: ix.near_phone(p.key.digits()).map(channel).or_else(|| {
                    nearest(catalog, &[Kind::Phone], p.key.digits(), |c| {
                        c.phone.as_ref().map(|k| k.digits().to_string())
                    })
                }),
            },
        };
        return Some((p.range, t));
    }
    if let Some(e) = scan.emails.iter().find(|e| at(&e.range)) {
        let t = match ix.email(&e.address) {
            Some(i) => Target::Known(channel(i)),
            None => Target::Unknown {
                written: e.address.clone(),
                nearest: ix.near_email(&e.address).map(channel).or_else(|| {
                    nearest(catalog, &[Kind::Email], &e.address.to_lowercase(), |c| {
                        c.value.as_ref().map(|v| v.to_lowercase())
                    })
                }),
            },
        };
        return Some((e.range, t));
    }
    if let Some(u) = scan.urls.iter().find(|u| at(&u.range)) {
        let t = match ix.url(&u.normalised) {
            Some(i) => Target::Known(channel(i)),
            None => Target::Unknown {
                written: u.normalised.clone(),
                nearest: ix.near_url(&u.normalised).map(channel).or_else(|| {
                    nearest(
                        catalog,
                        &[Kind::Url, Kind::Social, Kind::Messenger],
                        &u.normalised,
                        |c| c.value.as_deref().map(bare_url),
                    )
                }),
            },
        };
        return Some((u.range, t));
    }
    scan.literals
        .iter()
        .find(|l| at(&l.range))
        .map(|l| (l.range, Target::Known(channel(l.channel))))
}

fn target_markdown(q: &HoverQuery<'_>, t: &Target<'_>) -> String {
    let (lang, as_of) = (q.lang, q.as_of);
    match t {
        Target::Known(c) => channel_doc::markdown(q.catalog, c, as_of, lang),
        Target::Unknown { written, nearest } => {
            let mut md = format!(
                "`{written}` — {}",
                tr(lang, "нет в каталоге.", "not in the catalog.")
            );
            if let Some(c) = nearest {
                let _ = write!(
                    md,
                    "\n\n{} {}\n\n---\n\n{}",
                    tr(lang, "Ближайший известный канал:", "Nearest known channel:"),
                    channel_doc::label(c, lang),
                    channel_doc::markdown(q.catalog, c, as_of, lang)
                );
            }
            md
        }
    }
}

/// The hover card at `q.offset`, or `None` where nothing is known there.
pub fn hover(q: &HoverQuery<'_>) -> Option<HoverCard> {
    let lang = q.lang;
    let offset = q.offset;
    let target = target_at(q);
    let findings: Vec<_> = q
        .findings
        .iter()
        .filter(|f| {
            (f.range.start <= offset && offset < f.range.end)
                || (f.range.is_empty() && f.range.start == offset)
        })
        .collect();
    let silences: Vec<_> = q
        .silences
        .iter()
        .filter(|s| s.range.start <= offset && offset < s.range.end)
        .collect();
    if target.is_none() && findings.is_empty() && silences.is_empty() {
        return None;
    }
    let mut sections = Vec::new();
    if let Some((_, t)) = &target {
        sections.push(target_markdown(q, t));
    }
    for f in &findings {
        let mut section = format!(
            "**macrolint `{}`** ({}): {}",
            f.rule.id(),
            f.severity,
            f.message.get(lang),
        );
        // A claim's suggested rewrite, which only the editor offers (a quick fix).
        if let Some(rewrite) = f.fixes.iter().find(|x| x.display_only) {
            let _ = write!(
                section,
                "\n\n{} {}",
                tr(lang, "Можно переписать так:", "It could read:"),
                rewrite
                    .edits
                    .first()
                    .map(|e| format!("«{}»", e.replacement))
                    .unwrap_or_default()
            );
        }
        let _ = write!(section, "\n\n{}", f.rule.explain(lang));
        sections.push(section);
    }
    for s in &silences {
        sections.push(format!(
            "**macrolint** — {} {}",
            tr(lang, "молчит:", "is silent here:"),
            s.message.get(lang)
        ));
    }
    let range = target
        .as_ref()
        .map(|(r, _)| *r)
        .or_else(|| findings.first().map(|f| f.range))
        .or_else(|| silences.first().map(|s| s.range))?;
    Some(HoverCard {
        range,
        markdown: sections.join("\n\n---\n\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Document, Format};

    fn card(text: &str, needle: &str) -> Option<HoverCard> {
        let catalog = Catalog::default_catalog();
        let as_of = "2026-01-01".parse().unwrap();
        let doc = Document::new(text, Format::Plain);
        let (findings, silences) = crate::check_explained(&doc, &Context::new(&catalog, as_of));
        let scan = super::super::scan_file(&doc, &catalog);
        hover(&HoverQuery {
            text,
            scan: &scan,
            findings: &findings,
            silences: &silences,
            catalog: &catalog,
            as_of,
            lang: Lang::En,
            offset: text.find(needle).unwrap() + 1,
        })
    }

    #[test]
    fn a_known_contact_names_its_channel_and_its_range() {
        let text = "Звоните +7 495 232-10-00.";
        let c = card(text, "+7").unwrap();
        assert_eq!(&text[c.range.start..c.range.end], "+7 495 232-10-00");
        assert!(c.markdown.contains("phone.moscow"), "{}", c.markdown);
    }

    #[test]
    fn a_finding_is_explained_and_plain_words_have_no_card() {
        let text = "Для Premium есть выделенная линия. Спасибо за ожидание.";
        let c = card(text, "выделенная").unwrap();
        assert!(c.markdown.contains("`outdated-claim`"), "{}", c.markdown);
        assert!(card(text, "Спасибо").is_none());
    }
}

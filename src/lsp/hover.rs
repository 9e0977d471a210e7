//! Hover: what a contact or placeholder is (for whom, hours, status, replacement, source), the
//! nearest known channel for an unknown one, and the explanation of any finding under the
//! cursor.

use std::fmt::Write;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::catalog::{Catalog, Channel, Kind};
use crate::{ByteRange, Lang};

use super::analysis::Analysis;
use super::channel_doc::{self, tr};
use super::position::Encoding;

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

/// The contact or placeholder at `offset`, and its range.
fn target_at(a: &Analysis, offset: usize) -> Option<(ByteRange, Target<'_>)> {
    let catalog = a.catalog();
    let ix = &catalog.index;
    let scan = a.scan();
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
                written: a.text()[p.range.start..p.range.end].to_string(),
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

fn target_markdown(a: &Analysis, t: &Target<'_>, lang: Lang) -> String {
    let as_of = a.profile.as_of;
    match t {
        Target::Known(c) => channel_doc::markdown(a.catalog(), c, as_of, lang),
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
                    channel_doc::markdown(a.catalog(), c, as_of, lang)
                );
            }
            md
        }
    }
}

pub fn hover(a: &Analysis, position: Position, enc: Encoding) -> Option<Hover> {
    let lang = a.lang();
    let offset = a.offset(position, enc);
    let target = target_at(a, offset);
    let findings: Vec<_> = a
        .findings
        .iter()
        .filter(|f| {
            (f.range.start <= offset && offset < f.range.end)
                || (f.range.is_empty() && f.range.start == offset)
        })
        .collect();
    let silences: Vec<_> = a
        .silences
        .iter()
        .filter(|s| s.range.start <= offset && offset < s.range.end)
        .collect();
    if target.is_none() && findings.is_empty() && silences.is_empty() {
        return None;
    }
    let mut sections = Vec::new();
    if let Some((_, t)) = &target {
        sections.push(target_markdown(a, t, lang));
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
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(a.range(range, enc)),
    })
}

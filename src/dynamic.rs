//! Zendesk Dynamic Content across a workspace: the items its exports define, and who the
//! macros that use them speak to. A `{{dc.<name>}}` in a macro with no such item is an
//! `unknown-placeholder`; an item's variants are judged for every audience (and region) of the
//! macros that send it, so a phone number kept in one item is checked once per reader, not once
//! per macro.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Audience;
use crate::context::Context;
use crate::scan::placeholder;
use crate::source::{Document, Segment};

/// Who a text speaks to: its audience (if known) and region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reader {
    pub audience: Option<Audience>,
    pub region: Option<String>,
}

/// The workspace's Dynamic Content.
#[derive(Debug, Clone, Default)]
pub struct DynamicContent {
    names: BTreeSet<String>,
    readers: BTreeMap<String, BTreeSet<Reader>>,
}

impl DynamicContent {
    /// Whether a file's text can define or use an item (a cheap test before reading it whole).
    pub fn may_hold(text: &str) -> bool {
        text.contains("dc.") || text.contains("variants")
    }

    /// What `doc` defines (its Dynamic Content items) and uses (its macros' `{{dc.<name>}}`,
    /// with the reader each macro speaks to).
    pub fn of(doc: &Document, ctx: &Context<'_>) -> DynamicContent {
        let mut out = DynamicContent::default();
        for u in &doc.units {
            if let Some(name) = &u.dynamic_content {
                out.names.insert(name.clone());
            }
        }
        for seg in &doc.segments {
            let defines = seg
                .unit
                .and_then(|u| doc.units.get(u))
                .is_some_and(|u| u.dynamic_content.is_some());
            if defines {
                continue;
            }
            let refs = placeholder::dynamic_content(&seg.text);
            if refs.is_empty() {
                continue;
            }
            let (audience, region) = reader_of(doc, seg, ctx);
            let reader = Reader {
                audience: audience.cloned(),
                region: region.map(str::to_string),
            };
            for r in refs {
                out.readers
                    .entry(r.name)
                    .or_default()
                    .insert(reader.clone());
            }
        }
        out
    }

    /// Adds another file's.
    pub fn extend(&mut self, other: DynamicContent) {
        self.names.extend(other.names);
        for (name, readers) in other.readers {
            self.readers.entry(name).or_default().extend(readers);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.readers.is_empty()
    }

    /// Whether the workspace holds a Dynamic Content export at all: only then can a name be
    /// known to be missing.
    pub fn has_items(&self) -> bool {
        !self.names.is_empty()
    }

    pub fn defines(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// The readers of the macros that use item `name`.
    pub fn readers(&self, name: &str) -> impl Iterator<Item = &Reader> {
        self.readers.get(name).into_iter().flatten()
    }

    /// The defined name closest to a mistyped one.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .map(|n| (strsim::damerau_levenshtein(n, name), n.as_str()))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, n)| n)
    }
}

/// Who segment `seg` of `doc` speaks to: its macro's `[[scope]]` by title or tag, else the
/// document's front matter, else the context's.
pub fn reader_of<'d>(
    doc: &'d Document,
    seg: &Segment,
    ctx: &'d Context<'_>,
) -> (Option<&'d Audience>, Option<&'d str>) {
    let unit = seg.unit.and_then(|i| doc.units.get(i));
    let scope = unit.and_then(|u| ctx.unit_scope(u));
    let audience = scope
        .map(|s| &s.audience)
        .filter(|a| !a.is_empty())
        .or(doc.front_matter.audience.as_ref())
        .or(ctx.audience.as_ref());
    let region = scope
        .and_then(|s| s.region.as_deref())
        .or(doc.front_matter.region.as_deref())
        .or(ctx.region.as_deref());
    (audience, region)
}

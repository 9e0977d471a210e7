//! Recognisers: what in a template is a contact, a placeholder, a suppression comment or a
//! sentence. Pure functions of the text (and the catalog, for typo-tolerant phone and e-mail
//! recognition); the rules decide what the findings are.

pub mod clause;
pub mod directive;
pub mod email;
pub mod frames;
pub mod hours;
pub mod phone;
pub mod placeholder;
pub mod polarity;
pub mod reported;
pub mod sentence;
pub mod url;

use crate::catalog::{Catalog, Kind};
use crate::vocab::ByteRange;
use crate::words::{ContactShape, Token};

pub use clause::{Clause, Clauses, Lead, Part, View};
pub use frames::FrameMatch;
pub use polarity::{Governor, REACH, Reach};

pub use directive::Directive;
pub use email::EmailMatch;
pub use phone::{PhoneMatch, Prefix};
pub use placeholder::Placeholder;
pub use url::UrlMatch;

/// A literal catalog value (a chat path) found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralMatch {
    pub range: ByteRange,
    /// Index into `Catalog::channels`.
    pub channel: usize,
}

/// What a contact token stands for: an index into the matching list of [`Scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactRef {
    Phone(usize),
    Email(usize),
    Url(usize),
    Literal(usize),
    Placeholder(usize),
    /// Another `{{…}}` or a suppression comment: a hole in the sentence.
    Other,
}

/// A contact as one token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactSpan {
    pub range: ByteRange,
    pub shape: ContactShape,
    pub what: ContactRef,
}

/// Everything the recognisers found in one text.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub sentences: Vec<ByteRange>,
    /// Every contact, placeholder and masked span, in text order; a token's tag indexes it.
    pub contacts: Vec<ContactSpan>,
    pub tokens: Vec<Token>,
    pub clauses: Clauses,
    /// Every catalog frame that matched, clause by clause.
    pub matches: Vec<FrameMatch>,
    /// Ranges of times of day («с 9:00 до 18:00»), for the channels' hours.
    pub times: Vec<hours::TimeRange>,
    /// Words retold from someone else («Вы пишете, что …»).
    pub reported: Vec<reported::Reported>,
    pub phones: Vec<PhoneMatch>,
    pub emails: Vec<EmailMatch>,
    pub urls: Vec<UrlMatch>,
    pub literals: Vec<LiteralMatch>,
    pub placeholders: Vec<Placeholder>,
    /// `{{dc.<name>}}` placeholders.
    pub dynamic: Vec<placeholder::DynamicRef>,
    pub directives: Vec<Directive>,
}

/// Runs every recogniser over `text[body.start..body.end]`; ranges are into `text`.
pub fn scan(text: &str, body: ByteRange, catalog: &Catalog) -> Scan {
    let slice = &text[body.start..body.end];
    let ix = &catalog.index;

    let mut directives = directive::find(slice);
    let (mut masked, mut placeholders) = placeholder::find(slice);
    let mut dynamic = placeholder::dynamic_content(slice);
    masked.extend(directives.iter().map(|d| d.range));

    let mut emails = email::find(slice, &masked, |joined| ix.email(joined).is_some());
    let mut url_mask = masked.clone();
    url_mask.extend(emails.iter().map(|e| e.range));
    let mut urls = url::find(slice, &url_mask);
    let mut phone_mask = url_mask;
    phone_mask.extend(urls.iter().map(|u| u.range));
    let exact = |key: &crate::catalog::PhoneKey| ix.phone(&key.e164).is_some();
    let near = |key: &crate::catalog::PhoneKey| ix.near_phone(key.digits()).is_some();
    let mut phones = phone::find(
        slice,
        &catalog.dialling,
        &phone_mask,
        &phone::Known {
            exact: &exact,
            keep_invalid: &near,
        },
    );
    let mut literals: Vec<LiteralMatch> = ix
        .find_literals(slice)
        .map(|(s, e, channel)| LiteralMatch {
            range: ByteRange::new(s, e),
            channel,
        })
        .filter(|l| !masked.iter().any(|m| m.overlaps(&l.range)))
        .collect();
    let mut sentences = sentence::sentences(slice);

    // Everything above worked on the body slice; move the ranges into the whole text.
    let by = body.start;
    sentences.iter_mut().for_each(|r| *r = r.shifted(by));
    phones
        .iter_mut()
        .for_each(|m| m.range = m.range.shifted(by));
    emails
        .iter_mut()
        .for_each(|m| m.range = m.range.shifted(by));
    urls.iter_mut().for_each(|m| m.range = m.range.shifted(by));
    literals
        .iter_mut()
        .for_each(|m| m.range = m.range.shifted(by));
    directives
        .iter_mut()
        .for_each(|m| m.range = m.range.shifted(by));
    placeholders.iter_mut().for_each(|m| {
        m.range = m.range.shifted(by);
        m.id_range = m.id_range.shifted(by);
    });
    dynamic.iter_mut().for_each(|m| {
        m.range = m.range.shifted(by);
        m.name_range = m.name_range.shifted(by);
    });

    let contacts = contact_spans(
        &phones,
        &emails,
        &urls,
        &literals,
        &placeholders,
        &masked,
        by,
        catalog,
    );
    let tags: Vec<(ByteRange, ContactShape, u32)> = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.range, c.shape, i as u32))
        .collect();
    let tokens = crate::words::tokenize_in(text, body, &tags);
    let clauses = clause::clauses(&tokens, &sentences, &catalog.vocabulary.cues);
    let matches = frames::find(&catalog.frames, &tokens, &clauses);
    let times = hours::find(&tokens, &clauses, &catalog.vocabulary.hours);
    let reported = reported::find(&tokens, &sentences, &catalog.vocabulary.cues);

    Scan {
        sentences,
        contacts,
        tokens,
        clauses,
        matches,
        times,
        reported,
        phones,
        emails,
        urls,
        literals,
        placeholders,
        dynamic,
        directives,
    }
}

/// Every recognised span as a contact token, sorted, overlaps dropped (the first found wins).
#[allow(clippy::too_many_arguments)]
fn contact_spans(
    phones: &[PhoneMatch],
    emails: &[EmailMatch],
    urls: &[UrlMatch],
    literals: &[LiteralMatch],
    placeholders: &[Placeholder],
    masked: &[ByteRange],
    by: usize,
    catalog: &Catalog,
) -> Vec<ContactSpan> {
    let shape_of = |kind: Kind| match kind {
        Kind::Phone => ContactShape::Phone,
        Kind::Email => ContactShape::Email,
        Kind::Url | Kind::Social | Kind::Messenger => ContactShape::Link,
        Kind::Chat => ContactShape::ChatPath,
    };
    let mut out: Vec<ContactSpan> = Vec::new();
    out.extend(phones.iter().enumerate().map(|(i, p)| ContactSpan {
        range: p.range,
        shape: ContactShape::Phone,
        what: ContactRef::Phone(i),
    }));
    out.extend(emails.iter().enumerate().map(|(i, e)| ContactSpan {
        range: e.range,
        shape: ContactShape::Email,
        what: ContactRef::Email(i),
    }));
    out.extend(urls.iter().enumerate().map(|(i, u)| ContactSpan {
        range: u.range,
        shape: ContactShape::Link,
        what: ContactRef::Url(i),
    }));
    out.extend(literals.iter().enumerate().map(|(i, l)| ContactSpan {
        range: l.range,
        shape: shape_of(catalog.channels[l.channel].kind),
        what: ContactRef::Literal(i),
    }));
    out.extend(placeholders.iter().enumerate().map(|(i, p)| {
        ContactSpan {
            range: p.range,
            shape: catalog
                .channel(&p.id)
                .map_or(ContactShape::Placeholder, |c| shape_of(c.kind)),
            what: ContactRef::Placeholder(i),
        }
    }));
    out.extend(
        masked
            .iter()
            .map(|m| m.shifted(by))
            .map(|range| ContactSpan {
                range,
                shape: ContactShape::Placeholder,
                what: ContactRef::Other,
            }),
    );
    out.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
    let mut kept: Vec<ContactSpan> = Vec::with_capacity(out.len());
    for c in out {
        if kept.last().is_none_or(|k| k.range.end <= c.range.start) {
            kept.push(c);
        }
    }
    kept
}

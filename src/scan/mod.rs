//! Recognisers: what in a template is a contact, a placeholder, a suppression comment or a
//! sentence. Pure functions of the text (and the catalog, for typo-tolerant phone and e-mail
//! recognition); the rules decide what the findings are.

pub mod directive;
pub mod email;
pub mod phone;
pub mod placeholder;
pub mod sentence;
pub mod url;

use crate::catalog::Catalog;
use crate::finding::ByteRange;

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

/// Everything the recognisers found in one text.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub sentences: Vec<ByteRange>,
    pub phones: Vec<PhoneMatch>,
    pub emails: Vec<EmailMatch>,
    pub urls: Vec<UrlMatch>,
    pub literals: Vec<LiteralMatch>,
    pub placeholders: Vec<Placeholder>,
    pub directives: Vec<Directive>,
}

/// Runs every recogniser over `text[body.start..body.end]`; ranges are into `text`.
pub fn scan(text: &str, body: ByteRange, catalog: &Catalog) -> Scan {
    let slice = &text[body.start..body.end];
    let ix = &catalog.index;

    let mut directives = directive::find(slice);
    let (mut masked, mut placeholders) = placeholder::find(slice);
    masked.extend(directives.iter().map(|d| d.range));

    let mut emails = email::find(slice, &masked, |joined| ix.email(joined).is_some());
    let mut url_mask = masked.clone();
    url_mask.extend(emails.iter().map(|e| e.range));
    let mut urls = url::find(slice, &url_mask);
    let mut phone_mask = url_mask;
    phone_mask.extend(urls.iter().map(|u| u.range));
    let mut phones = phone::find(slice, catalog.region, &phone_mask, |key| {
        ix.near_phone(key.digits()).is_some()
    });
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

    Scan {
        sentences,
        phones,
        emails,
        urls,
        literals,
        placeholders,
        directives,
    }
}

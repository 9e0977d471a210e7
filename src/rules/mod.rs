//! The rules: each family turns scan results and the context into findings (DESIGN §4).
//!
//! `references` first resolves what the template names (a channel, by any written form or by
//! placeholder); the families then judge those references, so a channel is looked up once and
//! every rule sees the same answer.

mod audience;
mod claims;
mod format;
mod region;
mod status;
mod unknown;

pub use crate::rule::{Rule, RuleDoc, UnknownRule};

use crate::catalog::{Audience, Catalog, Channel};
use crate::context::Context;
use crate::finding::{ByteRange, Finding, Fix, Lang, Message};
use crate::scan::{PhoneMatch, Scan, sentence};

/// How a reference names its channel.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Form<'s> {
    Phone(&'s PhoneMatch),
    Email,
    Url,
    /// A chat path or other literal value.
    Literal,
    /// `{{contact.<id>}}`
    Placeholder,
}

/// A place where the template names a catalog channel.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reference<'s> {
    pub range: ByteRange,
    pub channel: usize,
    pub form: Form<'s>,
}

/// Everything the rule families read.
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub scan: &'a Scan,
    pub ctx: &'a Context<'a>,
    pub catalog: &'a Catalog,
    /// The effective audience: front matter, else the context's; `None` when unknown.
    pub audience: Option<&'a Audience>,
    /// The region front matter or the context gives the whole document.
    pub region: Option<&'a str>,
    pub refs: Vec<Reference<'a>>,
}

impl<'a> Input<'a> {
    pub fn channel(&self, r: &Reference<'_>) -> &'a Channel {
        &self.catalog.channels[r.channel]
    }

    pub fn written(&self, range: ByteRange) -> &'a str {
        &self.text[range.start..range.end]
    }

    /// A finding at the configured severity, or `None` when the rule is off.
    pub fn finding(&self, rule: Rule, range: ByteRange, message: Message) -> Option<Finding> {
        let severity = self.ctx.level(rule)?;
        let mut f = Finding::new(rule, range, message);
        f.severity = severity;
        Some(f)
    }

    /// The sentence around byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<ByteRange> {
        sentence::containing(&self.scan.sentences, offset)
    }

    /// Where the reader of the text at `offset` is: the document's region, else "abroad" when
    /// the sentence says so.
    pub fn region_at(&self, offset: usize) -> Option<&'a str> {
        if let Some(r) = self.region {
            return Some(r);
        }
        let s = self.sentence_at(offset)?;
        self.catalog
            .vocabulary
            .abroad
            .is_match(&self.text[s.start..s.end])
            .then_some(ABROAD)
    }
}

/// The region name the abroad phrases stand for (and `callable_from` uses).
pub const ABROAD: &str = "abroad";

/// How a channel is named in messages: its value, else its name.
pub(crate) fn label(c: &Channel, lang: Lang) -> String {
    match &c.value {
        Some(v) => v.clone(),
        None => format!("«{}»", c.display_name(lang)),
    }
}

/// A message listing channels, one label each, in both languages.
pub(crate) fn labels<'c>(channels: impl Iterator<Item = &'c Channel> + Clone) -> Message {
    let join = |lang| {
        channels
            .clone()
            .map(|c| label(c, lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Message::new(join(Lang::Ru), join(Lang::En))
}

/// The text that puts `c` where `r` stands: its value, or a placeholder for a placeholder.
fn insertion(r: &Reference<'_>, c: &Channel) -> Option<String> {
    match r.form {
        Form::Placeholder => Some(format!("{{{{contact.{}}}}}", c.id)),
        _ => c.value.clone(),
    }
}

/// An unsafe fix that puts `c` in place of the reference (a successor, a better channel).
pub(crate) fn replace_with(r: &Reference<'_>, c: &Channel) -> Option<Fix> {
    let text = insertion(r, c)?;
    Some(Fix::replace(
        Message::new(
            format!("Заменить на {text}"),
            format!("Replace with {text}"),
        ),
        false,
        r.range,
        text,
    ))
}

/// Resolves every contact and placeholder to the channel it names; the rest goes to `unknown`.
fn references<'s>(scan: &'s Scan, catalog: &Catalog) -> Vec<Reference<'s>> {
    let ix = &catalog.index;
    let mut refs = Vec::new();
    for p in &scan.phones {
        if let Some(channel) = ix.phone(&p.key.e164) {
            refs.push(Reference {
                range: p.range,
                channel,
                form: Form::Phone(p),
            });
        }
    }
    for e in &scan.emails {
        if let Some(channel) = ix.email(&e.address) {
            refs.push(Reference {
                range: e.range,
                channel,
                form: Form::Email,
            });
        }
    }
    for u in &scan.urls {
        if let Some(channel) = ix.url(&u.normalised) {
            refs.push(Reference {
                range: u.range,
                channel,
                form: Form::Url,
            });
        }
    }
    for l in &scan.literals {
        refs.push(Reference {
            range: l.range,
            channel: l.channel,
            form: Form::Literal,
        });
    }
    for p in &scan.placeholders {
        if let Some(channel) = ix.by_id(&p.id) {
            refs.push(Reference {
                range: p.range,
                channel,
                form: Form::Placeholder,
            });
        }
    }
    refs.sort_by_key(|r| (r.range.start, r.range.end));
    refs
}

/// How a document uses a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UseKind {
    /// A written contact: a number, an address, a link, a chat path.
    Contact,
    /// `{{contact.<id>}}`
    Placeholder,
    /// A phrase of a claim about the channel ("горячая линия Ozon Travel").
    Mention,
}

/// A place where a document uses a catalog channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelUse {
    pub range: ByteRange,
    pub channel: crate::catalog::ChannelId,
    pub kind: UseKind,
}

/// Every use of a catalog channel in `scan`: for `macrolint usage` and editors.
pub(crate) fn uses(text: &str, scan: &Scan, catalog: &Catalog) -> Vec<ChannelUse> {
    let mut out: Vec<ChannelUse> = references(scan, catalog)
        .into_iter()
        .map(|r| ChannelUse {
            range: r.range,
            channel: catalog.channels[r.channel].id.clone(),
            kind: if matches!(r.form, Form::Placeholder) {
                UseKind::Placeholder
            } else {
                UseKind::Contact
            },
        })
        .collect();
    for claim in catalog.claims.iter().filter(|c| !c.channels.is_empty()) {
        for range in claim.find(text, &scan.sentences) {
            for id in &claim.channels {
                out.push(ChannelUse {
                    range,
                    channel: id.clone(),
                    kind: UseKind::Mention,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.channel).cmp(&(b.range.start, b.range.end, &b.channel))
    });
    out
}

/// Whether checking `text` for `audience` would report `claim`: how its examples are run.
pub fn claim_fires_on(
    claim: &crate::catalog::Claim,
    text: &str,
    audience: Option<&Audience>,
) -> bool {
    claims::fires_on(claim, text, audience)
}

/// Runs every rule family over one scanned text (a segment of a document) for a reader in
/// `audience` (`None`: unknown) and `region`.
pub(crate) fn run(
    text: &str,
    scan: &Scan,
    ctx: &Context<'_>,
    audience: Option<&Audience>,
    region: Option<&str>,
) -> Vec<Finding> {
    let input = Input {
        text,
        scan,
        ctx,
        catalog: ctx.catalog,
        audience: audience.filter(|a| !a.is_empty()),
        region,
        refs: references(scan, ctx.catalog),
    };
    let mut out = Vec::new();
    status::check(&input, &mut out);
    audience::check(&input, &mut out);
    region::check(&input, &mut out);
    format::check(&input, &mut out);
    unknown::check(&input, &mut out);
    claims::check(&input, &mut out);
    out
}

/// Helpers for the rule families' unit tests: check a text against the default catalog.
#[cfg(test)]
pub(crate) mod testing {
    use crate::catalog::Catalog;
    use crate::{Context, Document, Finding, Format, Rule, check};

    pub fn findings(text: &str, audience: &[&str]) -> Vec<Finding> {
        findings_on(text, audience, "2026-01-01")
    }

    pub fn findings_on(text: &str, audience: &[&str], as_of: &str) -> Vec<Finding> {
        let catalog = Catalog::default_catalog();
        let mut ctx = Context::new(&catalog, as_of.parse().unwrap());
        if !audience.is_empty() {
            ctx.audience = Some(audience.iter().map(|s| s.to_string()).collect());
        }
        check(&Document::new(text, Format::Plain), &ctx)
    }

    /// (rule, the text the finding covers) for findings of `rule`.
    pub fn of(text: &str, audience: &[&str], rule: Rule) -> Vec<String> {
        findings(text, audience)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| text[f.range.start..f.range.end].to_string())
            .collect()
    }
}

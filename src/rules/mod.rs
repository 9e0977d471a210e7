//! The rules: each family turns scan results and the context into findings (DESIGN §4).
//!
//! `references` first resolves what the template names (a channel, by any written form or by
//! placeholder); the families then judge those references, so a channel is looked up once and
//! every rule sees the same answer. Where several rules would report the same words, only the
//! one with the right advice does ([`PRIORITY`]); what a negation, a history cue or an
//! exception silenced is kept as a [`Silence`], so a user can ask why.

mod audience;
mod claims;
mod format;
mod hours;
mod region;
mod status;
mod unknown;

pub use crate::rule::{Rule, RuleDoc, UnknownRule};

use rustc_hash::FxHashMap as HashMap;

use crate::catalog::{Audience, Catalog, Channel, Kind, Owner};
use crate::context::Context;
use crate::finding::{ByteRange, Finding, Fix, Lang, Message, Silence, SilenceReason};
use crate::scan::polarity::{self, Governor, REACH};
use crate::scan::{FrameMatch, PhoneMatch, Scan, sentence};

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
    /// The region each sentence places its reader in, from the catalog's region phrases.
    sentence_regions: Vec<Option<(usize, ByteRange)>>,
    /// Token index of each contact, by its start.
    contact_tokens: HashMap<usize, usize>,
    /// Indices into `scan.matches` sorted by where each match starts: the matches inside a
    /// sentence by binary search, not by a pass over all of them (a pass per claim place made
    /// dense documents quadratic).
    matches_by_start: Vec<u32>,
}

/// What the families produce.
#[derive(Default)]
pub(crate) struct Out {
    pub findings: Vec<Finding>,
    pub silences: Vec<Silence>,
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

    fn sentence_index(&self, offset: usize) -> Option<usize> {
        let i = self.scan.sentences.partition_point(|s| s.end <= offset);
        self.scan
            .sentences
            .get(i)
            .filter(|s| s.start <= offset)
            .map(|_| i)
    }

    /// Where the reader of the text at `offset` is: the document's region, else the region a
    /// phrase of the same sentence places them in.
    pub fn region_at(&self, offset: usize) -> Option<&'a str> {
        if let Some(r) = self.region {
            return Some(r);
        }
        let (i, _) = self
            .sentence_index(offset)
            .and_then(|s| self.sentence_regions[s])?;
        Some(self.catalog.regions.defs[i].id.as_str())
    }

    /// The region phrase that placed the reader at `offset`, if a phrase did.
    pub fn region_phrase_at(&self, offset: usize) -> Option<ByteRange> {
        if self.region.is_some() {
            return None;
        }
        self.sentence_index(offset)
            .and_then(|s| self.sentence_regions[s])
            .map(|(_, r)| r)
    }

    /// The token of the contact at `range`.
    pub fn contact_token(&self, range: ByteRange) -> Option<usize> {
        self.contact_tokens.get(&range.start).copied()
    }

    /// The clause and position of the contact at `range`.
    pub fn contact_place(&self, range: ByteRange) -> Option<(usize, usize)> {
        let t = *self.contact_tokens.get(&range.start)?;
        self.scan.clauses.at(t)
    }

    /// What governs the contact at `range`: a negation or history cue of its clause.
    pub fn contact_governor(&self, range: ByteRange) -> Option<Governor> {
        let (c, p) = self.contact_place(range)?;
        self.governor_at(c, &[(p, p)], true)
    }

    /// What governs words `slots` of clause `c`.
    pub fn governor_at(
        &self,
        c: usize,
        slots: &[(usize, usize)],
        history: bool,
    ) -> Option<Governor> {
        polarity::governor(
            &self.scan.tokens,
            &self.scan.clauses,
            &self.catalog.vocabulary.cues,
            c,
            slots,
            slots,
            history,
            REACH,
        )
    }

    /// What governs words `slots` of clause `c`, `own` being stretches that belong with them.
    pub fn governor_with(
        &self,
        c: usize,
        slots: &[(usize, usize)],
        own: &[(usize, usize)],
        history: bool,
    ) -> Option<Governor> {
        polarity::governor(
            &self.scan.tokens,
            &self.scan.clauses,
            &self.catalog.vocabulary.cues,
            c,
            slots,
            own,
            history,
            REACH,
        )
    }

    /// What governs a frame match.
    pub fn match_governor(&self, m: &FrameMatch, history: bool) -> Option<Governor> {
        self.match_governor_within(m, history, REACH)
    }

    /// What governs a frame match, a negation counting within `reach`.
    pub fn match_governor_within(
        &self,
        m: &FrameMatch,
        history: bool,
        reach: polarity::Reach,
    ) -> Option<Governor> {
        let slots: Vec<(usize, usize)> = m
            .slots
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
            .collect();
        let own: Vec<(usize, usize)> = m
            .covered
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
            .collect();
        polarity::governor(
            &self.scan.tokens,
            &self.scan.clauses,
            &self.catalog.vocabulary.cues,
            m.clause as usize,
            &slots,
            &own,
            history,
            reach,
        )
    }

    /// The frame matches owned by `owner`.
    pub fn matches_of(&self, owner: Owner) -> impl Iterator<Item = &'a FrameMatch> + '_ {
        let owners = &self.catalog.frames.owners;
        self.scan
            .matches
            .iter()
            .filter(move |m| owners[m.frame as usize] == owner)
    }

    /// Indices of the matches that start inside `s` (its end included), in no set order: the
    /// only ones `s` can contain.
    fn matches_within(&self, s: ByteRange) -> impl Iterator<Item = usize> + '_ {
        let matches = &self.scan.matches;
        let by_start = &self.matches_by_start;
        let first = by_start.partition_point(|&i| matches[i as usize].range.start < s.start);
        let last = by_start.partition_point(|&i| matches[i as usize].range.start <= s.end);
        by_start[first..last].iter().map(|&i| i as usize)
    }

    /// The audiences a condition of the sentence at `offset` names («Если вы Premium-продавец,
    /// …», "If you have Premium, …"): for that sentence the reader is one of them.
    pub fn conditional_audience(&self, offset: usize) -> Audience {
        let Some(s) = self.sentence_at(offset) else {
            return Audience::new();
        };
        let owners = &self.catalog.frames.owners;
        let matches = &self.scan.matches;
        self.matches_within(s)
            .map(|i| &matches[i])
            .filter(|m| {
                s.contains(&m.range) && self.scan.clauses.list[m.clause as usize].conditional
            })
            .filter_map(|m| match owners[m.frame as usize] {
                Owner::Audience(i) => Some(self.catalog.audiences.defs[i].id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Whether the sentence around `offset` is a question (it ends with a question mark).
    pub fn in_question(&self, offset: usize) -> Option<ByteRange> {
        let s = self.sentence_at(offset)?;
        let text = self.written(s);
        let end = text.trim_end_matches([')', '»', '"', '\'', '*', '_']);
        end.ends_with('?')
            .then(|| ByteRange::new(s.start + end.len() - 1, s.start + end.len()))
    }

    /// Whether a frame of `owner` matches in the sentence of `offset`.
    pub fn sentence_has(&self, owner: Owner, offset: usize) -> Option<ByteRange> {
        let s = self.sentence_at(offset)?;
        let owners = &self.catalog.frames.owners;
        let matches = &self.scan.matches;
        self.matches_within(s)
            .filter(|&i| {
                owners[matches[i].frame as usize] == owner && s.contains(&matches[i].range)
            })
            .min()
            .map(|i| matches[i].range)
    }

    /// A silence with its message.
    pub fn silence(
        &self,
        rule: Rule,
        range: ByteRange,
        subject: &str,
        reason: SilenceReason,
        cue: ByteRange,
    ) -> Silence {
        let c = self.written(cue);
        let (ru, en) = match reason {
            SilenceReason::Negation => (format!("«{c}» отрицает это"), format!("«{c}» negates it")),
            SilenceReason::History => (
                format!("«{c}» — это о прошлом"),
                format!("«{c}» speaks of the past"),
            ),
            SilenceReason::Exception => (
                format!("«{c}» — исключение из утверждения"),
                format!("«{c}» is an exception to the claim"),
            ),
            SilenceReason::Condition => (
                format!("«{c}» — условие, оно ничего не обещает"),
                format!("«{c}» is a condition and promises nothing"),
            ),
            SilenceReason::Addressed => (
                format!("предложение обращается к «{c}»"),
                format!("the sentence addresses «{c}»"),
            ),
            SilenceReason::Question => (
                "это вопрос, он ничего не утверждает".to_string(),
                "it is a question, which asserts nothing".to_string(),
            ),
            SilenceReason::Reported => (
                format!("после «{c}» пересказаны чужие слова, шаблон их не утверждает"),
                format!(
                    "after «{c}» someone else's words are retold, which the template does not claim"
                ),
            ),
        };
        Silence {
            rule,
            range,
            subject: subject.to_string(),
            reason,
            cue,
            message: Message::new(
                format!("{rule} не сообщается ({subject}): {ru}."),
                format!("{rule} is not reported ({subject}): {en}."),
            ),
        }
    }

    /// The silence a governor gives, if any.
    pub fn silenced_by(
        &self,
        g: Option<Governor>,
        rule: Rule,
        range: ByteRange,
        subject: &str,
    ) -> Option<Silence> {
        g.map(|g| {
            let reason = match g {
                Governor::Negation(_) => SilenceReason::Negation,
                Governor::History(_) => SilenceReason::History,
            };
            self.silence(rule, range, subject, reason, g.cue())
        })
    }
}

/// How a channel is named in messages: its label for the language, else its value, else its
/// name in guillemets.
pub(crate) fn label(c: &Channel, lang: Lang) -> String {
    // Only a label in this very language: the English gloss is no Russian label.
    let own = match lang {
        Lang::Ru => c.label.ru.as_deref(),
        Lang::En => c.label.en.as_deref(),
    };
    if let Some(l) = own {
        return l.to_string();
    }
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

/// `msg` with "Instead: …" naming those of `better` it does not name yet; nothing is said
/// twice (a note that already gives the chat path is not followed by the path again).
pub(crate) fn with_alternatives(
    msg: Message,
    better: &[&Channel],
    lead_ru: &str,
    lead_en: &str,
) -> Message {
    let fresh = |lang: Lang, said: &str| -> Vec<String> {
        better
            .iter()
            .map(|c| label(c, lang))
            .filter(|l| !said.contains(l.as_str()))
            .collect()
    };
    let ru = fresh(Lang::Ru, &msg.ru);
    let en = fresh(Lang::En, &msg.en);
    let tail = Message::new(
        if ru.is_empty() {
            String::new()
        } else {
            format!("{lead_ru} {}.", ru.join(", "))
        },
        if en.is_empty() {
            String::new()
        } else {
            format!("{lead_en} {}.", en.join(", "))
        },
    );
    msg.append(&tail)
}

/// The text that puts `c` where `r` stands: its value, or a placeholder for a placeholder.
fn insertion(r: &Reference<'_>, c: &Channel) -> Option<String> {
    match r.form {
        Form::Placeholder => Some(format!("{{{{contact.{}}}}}", c.id)),
        _ => c.value.clone(),
    }
}

/// An unsafe fix that puts `c` in place of the reference (a successor, a better channel) —
/// only a contact of the same kind: a phone is never replaced by a chat path.
pub(crate) fn replace_with(input: &Input<'_>, r: &Reference<'_>, c: &Channel) -> Option<Fix> {
    if input.channel(r).kind != c.kind {
        return None;
    }
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

/// Every use of a catalog channel in `scan`: for `macrolint usage` and editors. A claim that
/// names channels counts as a mention wherever its words stand, negated or not: a catalog
/// keeper retiring a channel wants every sentence that speaks of it.
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
    let mut mentioned: Vec<(usize, ByteRange)> = Vec::new();
    for m in &scan.matches {
        if let Owner::Claim(i) = catalog.frames.owners[m.frame as usize] {
            mentioned.push((i, m.range));
        }
    }
    for (i, claim) in catalog.claims.iter().enumerate() {
        if claim.channels.is_empty() {
            continue;
        }
        let from_patterns = claim.find(text, &scan.sentences);
        let ranges = mentioned
            .iter()
            .filter(|(c, _)| *c == i)
            .map(|(_, r)| *r)
            .chain(from_patterns);
        let mut seen: Vec<ByteRange> = Vec::new();
        for range in ranges {
            if seen.iter().any(|s| s.overlaps(&range)) {
                continue;
            }
            seen.push(range);
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

/// Which rule speaks when several would report the same words: the one with the right advice
/// (DESIGN §4): removed or unavailable, then the audience, the region, a misleading claim, the
/// way it is written, and last the hint that a channel is hard to reach.
pub const PRIORITY: &[Rule] = &[
    Rule::RemovedChannel,
    Rule::UnavailableChannel,
    Rule::OutdatedClaim,
    Rule::WrongAudience,
    Rule::WrongRegion,
    Rule::MisleadingClaim,
    Rule::OutOfScope,
    Rule::UnofficialChannel,
    Rule::UnknownContact,
    Rule::UnknownPlaceholder,
    Rule::UpcomingChange,
    Rule::ContactFormat,
    Rule::HardToReach,
    Rule::IoError,
    Rule::NoTemplateText,
];

fn rank(rule: Rule) -> usize {
    PRIORITY
        .iter()
        .position(|r| *r == rule)
        .unwrap_or(PRIORITY.len())
}

/// Keeps one finding on any stretch of words: the one of the highest [`PRIORITY`]. Run after
/// suppression comments, so silencing the one that speaks lets the next one speak.
pub fn one_per_words(findings: Vec<Finding>) -> Vec<Finding> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (rank(findings[i].rule), findings[i].range.start));
    // The kept ranges do not overlap: the non-empty ones by start (their ends then ascend too,
    // so only the last one starting before a range can reach into it), the empty ones as points.
    let mut spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut points: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let mut kept: Vec<usize> = Vec::with_capacity(findings.len());
    for i in order {
        let r = findings[i].range;
        let reaches = |upto: usize, from: usize| {
            spans
                .range(..upto)
                .next_back()
                .is_some_and(|(_, &end)| end > from)
        };
        let overlapping = if r.is_empty() {
            reaches(r.start, r.start)
        } else {
            reaches(r.end, r.start) || points.range(r.start + 1..r.end).next().is_some()
        };
        if !overlapping {
            if r.is_empty() {
                points.insert(r.start);
            } else {
                spans.insert(r.start, r.end);
            }
            kept.push(i);
        }
    }
    kept.sort_unstable();
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| slots[i].take()).collect()
}

impl<'a> Input<'a> {
    /// Resolves what the text names and where its sentences place the reader.
    fn new(
        text: &'a str,
        scan: &'a Scan,
        ctx: &'a Context<'a>,
        audience: Option<&'a Audience>,
        region: Option<&'a str>,
    ) -> Self {
        let catalog = ctx.catalog;
        let owners = &catalog.frames.owners;
        let mut sentence_regions: Vec<Option<(usize, ByteRange)>> =
            vec![None; scan.sentences.len()];
        // The exceptions of each region, gathered once: a template with many region phrases
        // does not rescan every match for each.
        let mut excepts: HashMap<usize, Vec<&FrameMatch>> = HashMap::default();
        let mut by_range: HashMap<(usize, usize), &FrameMatch> = HashMap::default();
        for m in &scan.matches {
            match owners[m.frame as usize] {
                Owner::RegionExcept(i) => excepts.entry(i).or_default().push(m),
                Owner::Region(_) => {
                    by_range.entry((m.range.start, m.range.end)).or_insert(m);
                }
                _ => {}
            }
        }
        for m in &scan.matches {
            let Owner::Region(i) = owners[m.frame as usize] else {
                continue;
            };
            let excepted = excepts
                .get(&i)
                .is_some_and(|xs| xs.iter().any(|x| x.overlaps(m)));
            let s = scan.clauses.list[m.clause as usize].sentence as usize;
            if excepted || sentence_regions[s].is_some() {
                continue;
            }
            sentence_regions[s] = Some((i, m.range));
        }
        // Where the reader is carries over to a sentence that follows from a question about it
        // («Вы сейчас за границей? Тогда звоните …»), or that says it follows («Тогда …»).
        let cues = &catalog.vocabulary.cues;
        for s in 1..scan.sentences.len() {
            if sentence_regions[s].is_some() || sentence_regions[s - 1].is_none() {
                continue;
            }
            let prev = scan.sentences[s - 1];
            let asked = text[prev.start..prev.end].trim_end().ends_with('?');
            let first = scan
                .tokens
                .partition_point(|t| t.range.start < scan.sentences[s].start);
            let words: Vec<&crate::words::Token> = scan.tokens[first..]
                .iter()
                .take_while(|t| t.range.start < scan.sentences[s].end)
                .filter(|t| t.is_wordlike())
                .take(4)
                .collect();
            if asked || cues.consequence.match_at(&words, 0).is_some() {
                sentence_regions[s] = sentence_regions[s - 1];
            }
        }
        let mut matches_by_start: Vec<u32> = (0..scan.matches.len() as u32).collect();
        matches_by_start.sort_by_key(|&i| scan.matches[i as usize].range.start);
        let contact_tokens = scan
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.kind, crate::words::TokenKind::Contact(..)))
            .map(|(i, t)| (t.range.start, i))
            .collect();
        let mut input = Input {
            text,
            scan,
            ctx,
            catalog,
            audience: audience.filter(|a| !a.is_empty()),
            region,
            refs: references(scan, catalog),
            sentence_regions,
            contact_tokens,
            matches_by_start,
        };
        // A region phrase that is negated («если вы не за границей») places nobody.
        for s in 0..input.sentence_regions.len() {
            let Some((_, r)) = input.sentence_regions[s] else {
                continue;
            };
            let place = by_range
                .get(&(r.start, r.end))
                .map(|m| (m.clause as usize, m.slots.clone()));
            if let Some((c, slots)) = place {
                let slots: Vec<(usize, usize)> = slots
                    .iter()
                    .map(|&(a, b)| (a as usize, b as usize))
                    .collect();
                if matches!(
                    input.governor_at(c, &slots, false),
                    Some(Governor::Negation(_))
                ) {
                    input.sentence_regions[s] = None;
                }
            }
        }
        input
    }
}

/// Runs every rule family over one scanned text (a segment of a document) for a reader in
/// `audience` (`None`: unknown) and `region`: the findings (several may cover the same words:
/// see [`one_per_words`]), and what was silenced and why.
pub(crate) fn run(
    text: &str,
    scan: &Scan,
    ctx: &Context<'_>,
    audience: Option<&Audience>,
    region: Option<&str>,
) -> (Vec<Finding>, Vec<Silence>) {
    let audience = audience.and_then(|a| ctx.catalog.audiences.resolve(a));
    let input = Input::new(text, scan, ctx, audience.as_ref(), region);
    let mut out = Out::default();
    status::check(&input, &mut out);
    audience::check(&input, &mut out);
    region::check(&input, &mut out);
    format::check(&input, &mut out);
    unknown::check(&input, &mut out);
    claims::check(&input, &mut out, None);
    hours::check(&input, &mut out);
    retold(&input, &mut out);
    (out.findings, out.silences)
}

/// A judgment of words someone else said, retold by the template («Вы пишете, что вам
/// положена отдельная линия»), becomes a silence: the template does not claim them. How a
/// contact is written (`contact-format`) and whether it is known still count: the text shows it.
fn retold(input: &Input<'_>, out: &mut Out) {
    if input.scan.reported.is_empty() {
        return;
    }
    let findings = std::mem::take(&mut out.findings);
    for f in findings {
        let judged = !matches!(
            f.rule,
            Rule::ContactFormat | Rule::UnknownContact | Rule::UnknownPlaceholder | Rule::IoError
        );
        // The spans are in text order and apart: the one starting last before the finding.
        let reported = &input.scan.reported;
        let i = reported.partition_point(|r| r.span.start <= f.range.start);
        let within = (judged && i > 0)
            .then(|| &reported[i - 1])
            .filter(|r| f.range.end <= r.span.end);
        match within {
            Some(r) => {
                let subject = f
                    .claim
                    .clone()
                    .or_else(|| f.channels.first().map(|c| c.as_str().to_string()))
                    .unwrap_or_default();
                out.silences.push(input.silence(
                    f.rule,
                    f.range,
                    &subject,
                    SilenceReason::Reported,
                    r.cue,
                ));
            }
            None => out.findings.push(f),
        }
    }
}

/// Whether checking `text` for `audience` (and `region`) would report claim `claim` of the
/// catalog: how its examples run, through the same scan and claim matching as `check` (other
/// rules that would speak for the same words do not hide it here).
pub fn claim_fires_on(
    catalog: &Catalog,
    claim: usize,
    text: &str,
    audience: Option<&Audience>,
    region: Option<&str>,
) -> bool {
    let mut ctx = Context::new(catalog, jiff::civil::Date::MAX);
    let audience = audience.and_then(|a| catalog.audiences.resolve(a));
    ctx.audience = audience.clone();
    let scan = crate::scan::scan(text, ByteRange::new(0, text.len()), catalog);
    let input = Input::new(text, &scan, &ctx, audience.as_ref(), region);
    let mut out = Out::default();
    claims::check(&input, &mut out, Some(claim));
    !out.findings.is_empty()
}

/// The kind of contact a channel is, in words: «номер», "number".
pub(crate) fn kind_word(kind: Kind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Kind::Phone, Lang::Ru) => "Номер",
        (Kind::Phone, Lang::En) => "The number",
        (Kind::Email, Lang::Ru) => "Адрес",
        (Kind::Email, Lang::En) => "The address",
        (Kind::Chat, Lang::Ru) => "Чат",
        (Kind::Chat, Lang::En) => "The chat",
        (_, Lang::Ru) => "Страница",
        (_, Lang::En) => "The page",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The index-based `one_per_words` keeps exactly what comparing every pair keeps, on
    /// ranges of every shape (empty ones, nested, touching, equal). How its time grows is in
    /// `tests/scaling.rs`.
    #[test]
    fn one_finding_per_words_as_comparing_every_pair_would() {
        let rules = [
            Rule::RemovedChannel,
            Rule::MisleadingClaim,
            Rule::ContactFormat,
        ];
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..200 {
            let findings: Vec<Finding> = (0..30)
                .map(|_| {
                    let start = next(40);
                    let len = next(4) * next(3);
                    Finding::new(
                        rules[next(3)],
                        ByteRange::new(start, start + len),
                        Message::new("", ""),
                    )
                })
                .collect();
            let mut order: Vec<usize> = (0..findings.len()).collect();
            order.sort_by_key(|&i| (rank(findings[i].rule), findings[i].range.start));
            let mut expected: Vec<usize> = Vec::new();
            for i in order {
                if !expected
                    .iter()
                    .any(|&k| findings[k].range.overlaps(&findings[i].range))
                {
                    expected.push(i);
                }
            }
            expected.sort_unstable();
            let want: Vec<(Rule, ByteRange)> = expected
                .iter()
                .map(|&i| (findings[i].rule, findings[i].range))
                .collect();
            let got: Vec<(Rule, ByteRange)> = one_per_words(findings)
                .into_iter()
                .map(|f| (f.rule, f.range))
                .collect();
            assert_eq!(got, want);
        }
    }
}

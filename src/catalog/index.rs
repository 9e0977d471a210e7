//! Lookups from what a template says to the channel it names.
//!
//! Built once per catalog: every written form of a phone maps to its E.164 key, e-mails and URLs
//! to a normalised key, and chat paths to one Aho-Corasick automaton, so checking a template
//! never walks the channel list for exact matches.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};

use super::{Channel, Kind};
pub use crate::contact::{normalise_email, normalise_url, url_host};

/// How far a contact may be from a channel's to count as a typo of it (one edit).
pub const NEAR_DISTANCE: usize = 1;

/// The catalog's lookup tables; indices point into `Catalog::channels`.
#[derive(Debug, Default)]
pub struct ChannelIndex {
    by_id: HashMap<String, usize>,
    phones: HashMap<String, usize>,
    emails: HashMap<String, usize>,
    urls: HashMap<String, usize>,
    /// Hosts that carry a catalog URL (`vk.com`): another page there is someone else's.
    url_hosts: HashSet<String>,
    /// Domains of catalog e-mails (`ozon.ru`): another address there is the company's, unknown.
    email_domains: HashSet<String>,
    literals: Option<AhoCorasick>,
    literal_channels: Vec<usize>,
}

fn is_url_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Url | Kind::Social | Kind::Messenger)
}

impl ChannelIndex {
    pub fn build(channels: &[Channel]) -> Self {
        let mut ix = ChannelIndex::default();
        let mut literal_texts = Vec::new();
        for (i, c) in channels.iter().enumerate() {
            ix.by_id.insert(c.id.0.clone(), i);
            let Some(value) = &c.value else { continue };
            match c.kind {
                Kind::Phone => {
                    if let Some(p) = &c.phone {
                        ix.phones.insert(p.e164.clone(), i);
                    }
                }
                Kind::Email => {
                    for form in std::iter::once(value).chain(&c.variants) {
                        let key = normalise_email(form);
                        if let Some((_, domain)) = key.rsplit_once('@') {
                            ix.email_domains.insert(domain.to_string());
                        }
                        ix.emails.insert(key, i);
                    }
                }
                k if is_url_kind(k) && value.contains('.') => {
                    for form in std::iter::once(value).chain(&c.variants) {
                        let key = normalise_url(form);
                        ix.url_hosts.insert(url_host(&key).to_string());
                        ix.urls.insert(key, i);
                    }
                }
                _ => {
                    for form in std::iter::once(value).chain(&c.variants) {
                        literal_texts.push(form.clone());
                        ix.literal_channels.push(i);
                    }
                }
            }
        }
        if !literal_texts.is_empty() {
            ix.literals = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&literal_texts)
                .ok();
        }
        ix
    }

    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    pub fn phone(&self, e164: &str) -> Option<usize> {
        self.phones.get(e164).copied()
    }

    pub fn email(&self, address: &str) -> Option<usize> {
        self.emails.get(&normalise_email(address)).copied()
    }

    pub fn url(&self, url: &str) -> Option<usize> {
        self.urls.get(&normalise_url(url)).copied()
    }

    pub fn is_catalog_url_host(&self, host: &str) -> bool {
        self.url_hosts.contains(host)
    }

    /// Whether `domain` is, or is under, a domain of the catalog's e-mails.
    pub fn is_company_email_domain(&self, domain: &str) -> bool {
        let domain = domain.to_lowercase();
        self.email_domains
            .iter()
            .any(|d| at_or_under(&domain, d) || same_name_elsewhere(&domain, d))
    }

    /// The catalog phone one edit away from these E.164 digits, if exactly one is.
    pub fn near_phone(&self, digits: &str) -> Option<usize> {
        unique_near(
            self.phones
                .iter()
                .map(|(k, &i)| (k.trim_start_matches('+'), i)),
            digits,
        )
    }

    /// The catalog address one edit from `address`, or with the same mailbox at the company's
    /// name under another suffix (`help@ozon.com` for `help@ozon.ru`).
    pub fn near_email(&self, address: &str) -> Option<usize> {
        let key = normalise_email(address);
        unique_near(self.emails.iter().map(|(k, &i)| (k.as_str(), i)), &key).or_else(|| {
            let (local, domain) = key.rsplit_once('@')?;
            let mut same = self.emails.iter().filter(|(k, _)| {
                k.rsplit_once('@')
                    .is_some_and(|(l, d)| l == local && same_name_elsewhere(domain, d))
            });
            let (_, &i) = same.next()?;
            same.all(|(_, &j)| j == i).then_some(i)
        })
    }

    pub fn near_url(&self, url: &str) -> Option<usize> {
        unique_near(
            self.urls.iter().map(|(k, &i)| (k.as_str(), i)),
            &normalise_url(url),
        )
    }

    /// Chat paths and other literal values in `text`: (start, end, channel index).
    pub fn find_literals<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.literals
            .iter()
            .flat_map(move |ac| ac.find_iter(text))
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.literal_channels[m.pattern().as_usize()],
                )
            })
    }
}

/// The name a domain is registered under: `ozon` for `ozon.ru` and `seller.ozon.ru`, `acme`
/// for `acme.co.uk` (a two-letter country code after `co`, `com`, `org`, `net`, `gov`, `ac`).
fn registered_name(domain: &str) -> Option<&str> {
    let mut labels = domain.rsplit('.');
    let tld = labels.next()?;
    let second = labels.next()?;
    if tld.len() == 2 && matches!(second, "co" | "com" | "org" | "net" | "gov" | "ac") {
        return labels.next();
    }
    Some(second)
}

/// Whether `domain` is `company` or a subdomain of it (`mail.ozon.ru` for `ozon.ru`).
fn at_or_under(domain: &str, company: &str) -> bool {
    domain
        .strip_suffix(company)
        .is_some_and(|p| p.is_empty() || p.ends_with('.'))
}

/// Whether `domain` is the company domain `company`'s name under another suffix (`ozon.com`,
/// `ozon.net` for `ozon.ru`): a template's slip, not someone else's mail server.
fn same_name_elsewhere(domain: &str, company: &str) -> bool {
    !at_or_under(domain, company)
        && registered_name(domain).is_some_and(|n| Some(n) == registered_name(company))
}

/// The one key within [`NEAR_DISTANCE`] edits of `target` (adjacent swaps count as one edit).
/// Two different channels equally near are ambiguous: no guess is better than a wrong one.
fn unique_near<'a>(keys: impl Iterator<Item = (&'a str, usize)>, target: &str) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (key, i) in keys {
        let d = strsim::osa_distance(key, target);
        if d > 0 && d <= NEAR_DISTANCE {
            match found {
                Some(prev) if prev != i => return None,
                _ => found = Some(i),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;

    #[test]
    fn finds_exact_and_near_contacts() {
        let c = Catalog::default_catalog();
        let ix = &c.index;
        let id = |i: Option<usize>| i.map(|i| c.channels[i].id.as_str());
        assert_eq!(id(ix.phone("+74952321000")), Some("phone.moscow"));
        assert_eq!(id(ix.near_phone("74952321001")), Some("phone.moscow"));
        assert_eq!(id(ix.near_phone("7495232100")), Some("phone.moscow"));
        assert_eq!(ix.near_phone("74950000000"), None);
        assert_eq!(id(ix.email("Help@Ozon.ru")), Some("email.help"));
        assert_eq!(id(ix.near_email("hlep@ozon.ru")), Some("email.help"));
        assert_eq!(id(ix.url("http://vk.com/ozon")), Some("social.vk"));
        assert_eq!(id(ix.near_url("vk.com/ozom")), Some("social.vk"));
        assert!(ix.is_company_email_domain("ozon.ru"));
        assert!(ix.is_company_email_domain("seller.ozon.ru"));
        assert!(!ix.is_company_email_domain("notozon.ru"));
        assert!(ix.is_catalog_url_host("vk.com"));
    }
}

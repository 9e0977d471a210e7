//! `{{ ... }}` placeholders. `{{contact.<id>}}` names a catalog channel; every other placeholder
//! is masked so that nothing inside it is taken for a contact.

use regex::Regex;
use std::sync::LazyLock;

use crate::vocab::ByteRange;

static MUSTACHE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{[^{}]*\}\}").unwrap());
/// `{{contact.<id>}}`, also with Liquid's whitespace control (`{{- … -}}`) and filters
/// (`{{ contact.phone.x | default: "" }}`): the id names the channel all the same.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{\{-?\s*contact\.([^\s{}|\-][^\s{}|]*?)\s*(?:\|[^{}]*?)?-?\}\}$").unwrap()
});

/// A `{{contact.<id>}}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub range: ByteRange,
    pub id: String,
    /// Where the id stands, for a fix that corrects it.
    pub id_range: ByteRange,
}

/// `{{dc.<name>}}`: a Zendesk Dynamic Content item, filled in by the helpdesk.
static DYNAMIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{\{-?\s*dc\.([A-Za-z0-9_\-]+)\s*-?\}\}$").unwrap());

/// A `{{dc.<name>}}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicRef {
    pub range: ByteRange,
    pub name: String,
    pub name_range: ByteRange,
}

/// The `{{dc.<name>}}` placeholders of `text`.
pub fn dynamic_content(text: &str) -> Vec<DynamicRef> {
    if !text.contains("dc.") {
        return Vec::new();
    }
    MUSTACHE
        .find_iter(text)
        .filter_map(|m| {
            let c = DYNAMIC.captures(m.as_str())?;
            let name = c.get(1)?;
            Some(DynamicRef {
                range: ByteRange::new(m.start(), m.end()),
                name: name.as_str().to_string(),
                name_range: ByteRange::new(m.start() + name.start(), m.start() + name.end()),
            })
        })
        .collect()
}

/// Every `{{ ... }}` in `text` (to mask), and the contact placeholders among them.
pub fn find(text: &str) -> (Vec<ByteRange>, Vec<Placeholder>) {
    let mut all = Vec::new();
    let mut contacts = Vec::new();
    for m in MUSTACHE.find_iter(text) {
        let range = ByteRange::new(m.start(), m.end());
        all.push(range);
        if let Some(c) = CONTACT.captures(m.as_str()) {
            let id = c.get(1).expect("group 1 always takes part");
            contacts.push(Placeholder {
                range,
                id: id.as_str().to_string(),
                id_range: ByteRange::new(m.start() + id.start(), m.start() + id.end()),
            });
        }
    }
    (all, contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_content_placeholders_by_name() {
        let t = "Call {{dc.support_phone}} or {{ dc.hours }}; {{contact.chat}}.";
        let refs = dynamic_content(t);
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["support_phone", "hours"]);
        assert_eq!(
            &t[refs[0].name_range.start..refs[0].name_range.end],
            "support_phone"
        );
    }

    #[test]
    fn filters_and_whitespace_control_still_name_the_channel() {
        for t in [
            "{{ contact.phone.premium | default: \"\" }}",
            "{{- contact.phone.premium -}}",
            "{{contact.phone.premium|upcase}}",
        ] {
            let (_, contacts) = find(t);
            assert_eq!(contacts.len(), 1, "{t}");
            assert_eq!(contacts[0].id, "phone.premium", "{t}");
        }
    }

    #[test]
    fn finds_contact_placeholders_and_masks_the_rest() {
        let t = "Здравствуйте, {{ticket.requester.name}}! Звоните {{ contact.phone.moscow }}.";
        let (all, contacts) = find(t);
        assert_eq!(all.len(), 2);
        assert_eq!(contacts.len(), 1);
        assert_eq!(contacts[0].id, "phone.moscow");
        assert_eq!(
            &t[contacts[0].id_range.start..contacts[0].id_range.end],
            "phone.moscow"
        );
    }
}

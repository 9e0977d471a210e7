//! Inlay hints showing what each `{{contact.<id>}}` expands to, and document links for e-mail
//! addresses (`mailto:`) and URLs.

use std::str::FromStr;
use tower_lsp_server::ls_types::{
    DocumentLink, InlayHint, InlayHintLabel, InlayHintTooltip, Range, Uri,
};

use super::analysis::Analysis;
use super::position::Encoding;
use crate::assist::channel_doc::{self, tr};

pub fn inlay_hints(a: &Analysis, range: Range, enc: Encoding) -> Vec<InlayHint> {
    let lang = a.lang();
    let wanted = a.byte_range(range, enc);
    a.scan()
        .placeholders
        .iter()
        .filter(|p| p.range.start <= wanted.end && wanted.start <= p.range.end)
        .filter_map(|p| {
            let c = a.catalog().channel(&p.id)?;
            let shown = match &c.value {
                Some(v) => v.clone(),
                None => format!(
                    "«{}» ({})",
                    c.display_name(lang),
                    tr(lang, "без значения", "no value")
                ),
            };
            Some(InlayHint {
                position: a.position(p.range.end, enc),
                label: InlayHintLabel::String(format!("→ {shown}")),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(channel_doc::detail(c, lang))),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// `s` with everything outside URI syntax percent-encoded (Cyrillic paths and hosts).
fn uri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

pub fn document_links(a: &Analysis, enc: Encoding) -> Vec<DocumentLink> {
    let scan = a.scan();
    let text = a.text();
    let emails = scan
        .emails
        .iter()
        .map(|e| (e.range, format!("mailto:{}", e.address)));
    let urls = scan.urls.iter().map(|u| {
        let written = &text[u.range.start..u.range.end];
        let lower = written.to_ascii_lowercase();
        let target = if lower.starts_with("http://") || lower.starts_with("https://") {
            written.to_string()
        } else {
            format!("https://{written}")
        };
        (u.range, target)
    });
    emails
        .chain(urls)
        .filter_map(|(range, target)| {
            let target = Uri::from_str(&uri_escape(&target)).ok()?;
            Some(DocumentLink {
                range: a.range(range, enc),
                target: Some(target),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_non_ascii() {
        assert_eq!(
            uri_escape("https://пример.рф/a b"),
            "https://%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84/a%20b"
        );
        assert!(Uri::from_str(&uri_escape("https://пример.рф/путь")).is_ok());
    }
}

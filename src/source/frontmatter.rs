//! YAML front matter (`---` … `---`) at the top of a template: where a template says who it is
//! for (`audience: [seller, premium]`) and where the reader is (`region: abroad`).

use saphyr::{LoadableYamlNode, Yaml};

use crate::catalog::Audience;
use crate::finding::ByteRange;

/// What the front matter says, and where it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The front matter block, fences included.
    pub range: Option<ByteRange>,
    pub audience: Option<Audience>,
    pub region: Option<String>,
    /// Why the block could not be read, if it could not (the template is still checked).
    pub error: Option<String>,
}

/// Reads the front matter at the start of `text` (after a byte-order mark, if any).
pub fn parse(text: &str) -> FrontMatter {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return FrontMatter::default();
    };
    let open_len = rest.len() - after_open.len();
    // The closing fence: a line that is exactly `---` or `...`.
    let mut offset = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, block_end)) = close else {
        return FrontMatter::default();
    };
    let yaml = &after_open[..yaml_end];
    let mut fm = FrontMatter {
        range: Some(ByteRange::new(bom, bom + open_len + block_end)),
        ..FrontMatter::default()
    };
    let docs = match Yaml::load_from_str(yaml) {
        Ok(d) => d,
        Err(e) => {
            fm.error = Some(e.to_string());
            return fm;
        }
    };
    let Some(doc) = docs.first() else { return fm };
    if let Some(a) = doc.as_mapping_get("audience") {
        let mut set = Audience::new();
        if let Some(items) = a.as_sequence() {
            set.extend(
                items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .map(|s| s.trim().to_lowercase()),
            );
        } else if let Some(s) = a.as_str() {
            set.extend(
                s.split([',', ' '])
                    .filter(|s| !s.is_empty())
                    .map(str::to_lowercase),
            );
        }
        if !set.is_empty() {
            fm.audience = Some(set);
        }
    }
    if let Some(r) = doc.as_mapping_get("region").and_then(|r| r.as_str()) {
        fm.region = Some(r.trim().to_lowercase());
    }
    fm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_audience_and_region() {
        let t = "---\ntitle: Возврат\naudience: [seller, premium]\nregion: abroad\n---\nТекст";
        let fm = parse(t);
        assert_eq!(
            fm.audience.unwrap().into_iter().collect::<Vec<_>>(),
            ["premium", "seller"]
        );
        assert_eq!(fm.region.as_deref(), Some("abroad"));
        assert_eq!(&t[fm.range.unwrap().end..], "Текст");
    }

    #[test]
    fn audience_as_a_scalar_and_crlf_and_bom() {
        let t = "\u{feff}---\r\naudience: buyer\r\n---\r\nТекст";
        let fm = parse(t);
        assert_eq!(
            fm.audience.unwrap().into_iter().collect::<Vec<_>>(),
            ["buyer"]
        );
        assert_eq!(&t[fm.range.unwrap().end..], "Текст");
    }

    #[test]
    fn no_or_unclosed_front_matter() {
        assert_eq!(parse("Текст"), FrontMatter::default());
        assert_eq!(parse("---\naudience: buyer\nТекст"), FrontMatter::default());
    }

    #[test]
    fn broken_yaml_is_reported_not_fatal() {
        let fm = parse("---\naudience: [buyer\n---\nТекст");
        assert!(fm.error.is_some());
        assert!(fm.range.is_some());
    }
}

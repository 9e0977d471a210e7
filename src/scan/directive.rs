//! Suppression comments (DESIGN §4), in each template language's own comment syntax:
//! `<!-- … -->`, `{% comment %}…{% endcomment %}`, `{{! … }}` / `{{!-- … --}}`, `{# … #}`.
//!
//! `macrolint-disable-next-line RULE[, RULE] -- reason` silences the line after the comment,
//! `macrolint-disable-line` the comment's own line, `macrolint-disable-file` the whole file.
//! With no rule named, every rule is silenced.

use regex::Regex;
use std::sync::LazyLock;

use crate::rule::Rule;
use crate::vocab::ByteRange;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--(.*?)-->|\{%-?\s*comment\s*-?%\}(.*?)\{%-?\s*endcomment\s*-?%\}|\{\{!(?:--)?(.*?)(?:--)?\}\}|\{#(.*?)#\}")
        .unwrap()
});
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*macrolint-(disable-next-line|disable-line|disable-file)\b(.*)$").unwrap()
});

/// What a directive silences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    NextLine,
    Line,
    File,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment.
    pub range: ByteRange,
    pub scope: Scope,
    /// Empty: every rule.
    pub rules: Vec<Rule>,
    /// Ids that name no rule (reported by the shells so a typo does not silently do nothing).
    pub unknown: Vec<String>,
    pub reason: Option<String>,
}

/// The suppression comments in `text`.
pub fn find(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    for c in COMMENT.captures_iter(text) {
        let whole = c.get(0).expect("group 0 always takes part");
        let Some(body) = (1..=4).find_map(|i| c.get(i)) else {
            continue;
        };
        let Some(d) = DIRECTIVE.captures(body.as_str().trim()) else {
            continue;
        };
        let scope = match &d[1] {
            "disable-next-line" => Scope::NextLine,
            "disable-line" => Scope::Line,
            _ => Scope::File,
        };
        let (list, reason) = match d[2].split_once("--") {
            Some((l, r)) => (l, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (&d[2], None),
        };
        let mut rules = Vec::new();
        let mut unknown = Vec::new();
        for id in list.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
            match id.parse::<Rule>() {
                Ok(r) => rules.push(r),
                Err(_) => unknown.push(id.to_string()),
            }
        }
        out.push(Directive {
            range: ByteRange::new(whole.start(), whole.end()),
            scope,
            rules,
            unknown,
            reason,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comment_syntax() {
        let t = "<!-- macrolint-disable-next-line wrong-audience -- sellers only -->\n\
                 {% comment %}macrolint-disable-line hard-to-reach{% endcomment %}\n\
                 {{!-- macrolint-disable-file --}}\n\
                 {{! macrolint-disable-next-line contact-format, wrong-region }}\n\
                 {# macrolint-disable-next-line removed-channel #}";
        let d = find(t);
        assert_eq!(d.len(), 5);
        assert_eq!(
            (d[0].scope, d[0].rules.as_slice()),
            (Scope::NextLine, &[Rule::WrongAudience][..])
        );
        assert_eq!(d[0].reason.as_deref(), Some("sellers only"));
        assert_eq!(
            (d[1].scope, d[1].rules.as_slice()),
            (Scope::Line, &[Rule::HardToReach][..])
        );
        assert_eq!((d[2].scope, d[2].rules.len()), (Scope::File, 0));
        assert_eq!(d[3].rules, [Rule::ContactFormat, Rule::WrongRegion]);
        assert_eq!(d[4].rules, [Rule::RemovedChannel]);
    }

    #[test]
    fn unknown_ids_are_kept_for_reporting() {
        let d = find("<!-- macrolint-disable-next-line wrong-audiense -->");
        assert_eq!(d[0].unknown, ["wrong-audiense"]);
    }

    #[test]
    fn ordinary_comments_are_not_directives() {
        assert!(find("<!-- note for editors -->").is_empty());
    }
}

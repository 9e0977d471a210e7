//! Text templates (plain text, Markdown) in a placeholder language: what is customer text and
//! what is code, comments or markup, which are blanked (never checked, never matched).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

use super::segment::SegmentBuilder;

/// The placeholder language of a template (DESIGN §2 "source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// `{{ }}`, `{% %}`, `{% comment %}`, `{% raw %}` (Zendesk, Shopify, Freshdesk).
    Liquid,
    /// `{{ }}`, `{{! }}`, `{{!-- --}}`, `{{{ }}}`, `{{{{raw}}}}`.
    Handlebars,
    /// `{{ }}`, `{% %}`, `{# #}` (Gorgias).
    Jinja,
    /// `{%customer.firstName,fallback=there%}`: `{% %}` are placeholders, not tags.
    Helpscout,
    /// `{{user.name|fallback:"there"}}`.
    Intercom,
}

impl Dialect {
    pub fn parse(s: &str) -> Option<Dialect> {
        match s.to_ascii_lowercase().as_str() {
            "liquid" => Some(Dialect::Liquid),
            "handlebars" | "hbs" | "mustache" => Some(Dialect::Handlebars),
            "jinja" | "gorgias" => Some(Dialect::Jinja),
            "helpscout" | "help-scout" => Some(Dialect::Helpscout),
            "intercom" => Some(Dialect::Intercom),
            _ => None,
        }
    }
}

/// What a blanked region is; comments may be checked when a setting says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Comment,
    Code,
    Markup,
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("a valid built-in regex")
}

static LIQUID_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{%-?\s*#[^%]*%\}")
});
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\{%.*?%\}"));
static HBS_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\{\{!--.*?--\}\}|\{\{![^}]*\}\}"));
static HBS_RAW_TAG: LazyLock<Regex> = LazyLock::new(|| re(r"\{\{\{\{/?[^}]*\}\}\}\}"));
static JINJA_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\{#.*?#\}"));
static HTML_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)<!--.*?-->"));
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| re(r"``[^`\n]+``|`[^`\n]+`"));

fn push_all(regex: &Regex, text: &str, kind: Region, out: &mut Vec<(Range<usize>, Region)>) {
    out.extend(regex.find_iter(text).map(|m| (m.range(), kind)));
}

/// Fenced code blocks (```` ``` ```` or `~~~`), closing fence of the same kind and length.
fn fences(text: &str, out: &mut Vec<(Range<usize>, Region)>) {
    let mut open: Option<(usize, char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let fence = trimmed
            .chars()
            .next()
            .filter(|c| (*c == '`' || *c == '~') && indent <= 3)
            .map(|c| (c, trimmed.chars().take_while(|&x| x == c).count()));
        match (open, fence) {
            (None, Some((c, n))) if n >= 3 => open = Some((offset, c, n)),
            (Some((start, c, n)), Some((c2, n2)))
                if c == c2 && n2 >= n && trimmed.trim_end().chars().all(|x| x == c) =>
            {
                out.push((start..offset + line.len(), Region::Code));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _, _)) = open {
        out.push((start..text.len(), Region::Code));
    }
}

/// What to leave out of a template body (offsets into `body`).
fn regions(body: &str, markdown: bool, dialect: Dialect) -> Vec<(Range<usize>, Region)> {
    let mut out = Vec::new();
    match dialect {
        Dialect::Liquid => {
            push_all(&LIQUID_COMMENT, body, Region::Comment, &mut out);
            push_all(&TAG, body, Region::Markup, &mut out);
        }
        Dialect::Handlebars => {
            push_all(&HBS_COMMENT, body, Region::Comment, &mut out);
            push_all(&HBS_RAW_TAG, body, Region::Markup, &mut out);
        }
        Dialect::Jinja => {
            push_all(&JINJA_COMMENT, body, Region::Comment, &mut out);
            push_all(&TAG, body, Region::Markup, &mut out);
        }
        Dialect::Helpscout => push_all(&TAG, body, Region::Markup, &mut out),
        Dialect::Intercom => {}
    }
    if markdown {
        fences(body, &mut out);
        push_all(&CODE_SPAN, body, Region::Code, &mut out);
        push_all(&HTML_COMMENT, body, Region::Comment, &mut out);
    }
    // Earlier (outer) regions win: drop any region that starts inside one already taken.
    out.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<(Range<usize>, Region)> = Vec::new();
    for (r, k) in out {
        match merged.last_mut() {
            Some((last, _)) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push((r, k)),
        }
    }
    merged
}

/// Options for reading text templates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checked {
    pub comments: bool,
    pub code: bool,
}

/// Appends the body `file_text[range]` to `out`, code and comments blanked.
pub fn read(
    file_text: &str,
    range: Range<usize>,
    markdown: bool,
    dialect: Dialect,
    checked: Checked,
    out: &mut SegmentBuilder,
) {
    let body = &file_text[range.clone()];
    let mut at = 0;
    for (r, kind) in regions(body, markdown, dialect) {
        let keep = match kind {
            Region::Comment => checked.comments,
            Region::Code => checked.code,
            Region::Markup => false,
        };
        if keep {
            continue;
        }
        out.same(file_text, range.start + at..range.start + r.start);
        out.blank(file_text, range.start + r.start..range.start + r.end);
        at = r.end;
    }
    out.same(file_text, range.start + at..range.end);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str, markdown: bool, dialect: Dialect) -> String {
        let mut b = SegmentBuilder::default();
        read(
            body,
            0..body.len(),
            markdown,
            dialect,
            Checked::default(),
            &mut b,
        );
        let s = b.finish(vec![], None);
        assert_eq!(s.text.len(), body.len(), "blanking keeps offsets");
        s.text
    }

    #[test]
    fn liquid_comments_and_tags_are_blanked_raw_content_kept() {
        let t = text(
            "{% if x %}A{% endif %} {% comment %}+7 495{% endcomment %} {% raw %}B{% endraw %}",
            false,
            Dialect::Liquid,
        );
        assert!(
            t.contains('A') && t.contains('B') && !t.contains("495") && !t.contains('%'),
            "{t:?}"
        );
    }

    #[test]
    fn handlebars_and_jinja_comments() {
        let t = text(
            "{{!-- +7 495 --}} {{! 812 }} {{{{raw}}}}C{{{{/raw}}}} {{name}}",
            false,
            Dialect::Handlebars,
        );
        assert!(
            !t.contains("495") && !t.contains("812") && t.contains('C') && t.contains("{{name}}"),
            "{t:?}"
        );
        let t = text("{# 495 #} {% set a = 1 %} D", false, Dialect::Jinja);
        assert!(!t.contains("495") && !t.contains("set") && t.contains('D'));
    }

    #[test]
    fn helpscout_placeholders_are_not_text() {
        let t = text(
            "Hi {%customer.firstName,fallback=there%}!",
            false,
            Dialect::Helpscout,
        );
        assert!(!t.contains("customer"));
    }

    #[test]
    fn markdown_code_is_not_checked() {
        let body =
            "Text `+7 495 232-10-00`\n```\n+7 812 494-06-06\n```\nafter <!-- help@ozon.ru -->";
        let t = text(body, true, Dialect::Liquid);
        assert!(
            !t.contains("495") && !t.contains("812") && !t.contains("help@") && t.contains("after"),
            "{t:?}"
        );
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let t = text("a\n~~~~\n+7 495\n~~~\nb", true, Dialect::Liquid);
        assert!(!t.contains("495") && !t.contains('b'), "{t:?}");
    }
}

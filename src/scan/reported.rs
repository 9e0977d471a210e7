//! Reported speech: what a template quotes or retells of someone else's words («Вы пишете, что
//! вам положена отдельная линия», "You wrote that someone contacted you on WhatsApp", «Вам
//! сказали звонить в Ozon Travel»). An agent retells the customer's belief to correct it; the
//! retold words are not the template's own claims, so judgments of them stay silent.
//!
//! A reporting cue (`reported` in the catalog's language cues) opens the span. When a colon or
//! a quotation mark follows the cue (a comma and «что» / "that" may stand between), the span is
//! the quotation; otherwise it runs to the end of the clause chain: a semicolon, a clause break
//! after a comma («, но», ", but»), or the end of the sentence — a quotation still open there
//! runs on to its closing mark.

use crate::catalog::Cues;
use crate::vocab::ByteRange;
use crate::words::{Token, TokenKind};

/// Words retold from someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported {
    /// The reporting cue («вы пишете», "you were told").
    pub cue: ByteRange,
    /// The retold words.
    pub span: ByteRange,
}

fn opening(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '“' => Some('”'),
        '„' => Some('“'),
        '"' => Some('"'),
        '‘' => Some('’'),
        _ => None,
    }
}

fn punct(t: &Token) -> Option<char> {
    match t.kind {
        TokenKind::Punct(p) => Some(p.ch),
        _ => None,
    }
}

/// Every span of reported speech in the text's sentences.
pub fn find(tokens: &[Token], sentences: &[ByteRange], cues: &Cues) -> Vec<Reported> {
    let mut out = Vec::new();
    if cues.reported.is_empty() {
        return out;
    }
    let mut first = 0;
    for s in sentences {
        first += tokens[first..].partition_point(|t| t.range.start < s.start);
        let end = first + tokens[first..].partition_point(|t| t.range.start < s.end);
        let sentence = &tokens[first..end];
        // Word positions of the sentence, and the token index of each.
        let at: Vec<usize> = (0..sentence.len())
            .filter(|&i| sentence[i].is_wordlike())
            .collect();
        let words: Vec<&Token> = at.iter().map(|&i| &sentence[i]).collect();
        let mut p = 0;
        while p < words.len() {
            let Some(n) = cues.reported.match_at(&words, p) else {
                p += 1;
                continue;
            };
            let cue_last = at[p + n - 1];
            let cue = crate::words::span_of(&words, (p, p + n));
            let after = sentence
                .get(cue_last + 1)
                .map_or(cue.end, |t| t.range.start);
            let (start, span_end) = span(sentence, &words, &at, cue_last, p + n, cues);
            let start = start.unwrap_or(after);
            if span_end > start {
                out.push(Reported {
                    cue,
                    span: ByteRange::new(start, span_end),
                });
            }
            // What follows the span may report again («…», а потом вам сказали …).
            p += n;
            while p < words.len() && words[p].range.start < span_end {
                p += 1;
            }
        }
        first = end;
    }
    out
}

/// Where the words reported after the cue start (when a quotation starts them) and end (byte
/// offsets), the cue's last token being `cue_last` of `sentence` and the next word `next`.
fn span(
    sentence: &[Token],
    words: &[&Token],
    at: &[usize],
    cue_last: usize,
    next: usize,
    cues: &Cues,
) -> (Option<usize>, usize) {
    let sentence_end = sentence.last().map_or(0, |t| t.range.end);
    // A colon or quotation mark right after the cue (a comma and «что» / "that" between):
    // the quotation is what is reported.
    let mut i = cue_last + 1;
    let mut k = next;
    loop {
        match sentence.get(i) {
            Some(t) if punct(t) == Some(',') => i += 1,
            Some(t)
                if t.is_wordlike()
                    && k < words.len()
                    && std::ptr::eq(words[k], t)
                    && cues.subordinate.match_at(words, k) == Some(1)
                    && k == next =>
            {
                i += 1;
                k += 1;
            }
            _ => break,
        }
    }
    let colon = sentence.get(i).and_then(punct) == Some(':');
    let quote_at = if colon { i + 1 } else { i };
    if let Some(close) = sentence.get(quote_at).and_then(punct).and_then(opening) {
        return (
            Some(sentence[quote_at].range.start),
            closing(sentence, quote_at, close).unwrap_or(sentence_end),
        );
    }
    if colon {
        return (None, sentence_end);
    }
    // No quotation: to the end of the clause chain.
    let mut open: Option<(usize, char)> = None;
    for (j, t) in sentence.iter().enumerate().skip(cue_last + 1) {
        if let Some(c) = punct(t) {
            if let Some(close) = opening(c)
                && open.is_none()
            {
                open = Some((j, close));
                continue;
            }
            if let Some((_, close)) = open
                && c == close
            {
                open = None;
                continue;
            }
            if open.is_none() && c == ';' {
                return (None, t.range.start);
            }
            // «, но …», ", but …": the agent speaks again.
            if open.is_none()
                && c == ','
                && let Some(w) = at.iter().position(|&x| x > j)
                && cues.clause_break.match_at(words, w).is_some()
            {
                return (None, t.range.start);
            }
        }
    }
    (None, sentence_end)
}

/// The token closing the quotation opened at `open` with `close`: its end.
fn closing(sentence: &[Token], open: usize, close: char) -> Option<usize> {
    sentence[open + 1..]
        .iter()
        .find(|t| punct(t) == Some(close))
        .map(|t| t.range.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn spans(text: &str) -> Vec<String> {
        let c = Catalog::default_catalog();
        let scan = crate::scan::scan(text, ByteRange::new(0, text.len()), &c);
        find(&scan.tokens, &scan.sentences, &c.vocabulary.cues)
            .into_iter()
            .map(|r| text[r.span.start..r.span.end].to_string())
            .collect()
    }

    #[test]
    fn what_a_customer_wrote_is_reported() {
        assert_eq!(
            spans("Вы пишете, что «вам положена отдельная линия». Раньше она была."),
            ["«вам положена отдельная линия»"]
        );
        assert_eq!(
            spans(
                "You wrote that someone \"from support\" contacted you on WhatsApp. We never do."
            ),
            ["that someone \"from support\" contacted you on WhatsApp."]
        );
        assert_eq!(
            spans("Вам сказали звонить в Ozon Travel, но горячая линия не работает."),
            ["звонить в Ozon Travel"]
        );
        assert_eq!(
            spans("Вы пишете: «Мне в WhatsApp пришло сообщение». Мы не пишем в WhatsApp."),
            ["«Мне в WhatsApp пришло сообщение»"]
        );
    }

    #[test]
    fn the_agents_own_words_are_not() {
        assert!(spans("Пишите в чат: он работает круглосуточно.").is_empty());
        assert!(spans("We wrote to you yesterday.").is_empty());
    }
}

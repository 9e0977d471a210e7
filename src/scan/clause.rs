//! Clauses: the window in which a claim's words, and the negation or history cue that changes
//! what they say, must stand together.
//!
//! A sentence is cut at `;`, `:`, dashes between words, and the conjunctions that open a new
//! clause (а, но, однако, but, however — catalog cues). A subordinate clause (opened by a
//! comma and «который», «где», "which"…, or by a condition «если», «когда», «чтобы», "if",
//! "when") is set aside until the comma that closes it, so the main clause around it stays
//! whole: in «Premium-клиенты, которые оформили подписку, получают приоритет» the main clause
//! is «Premium-клиенты получают приоритет». Parenthesised text is set aside the same way.

use crate::catalog::Cues;
use crate::vocab::ByteRange;
use crate::words::{Token, TokenKind};

/// What opened a clause; a clause after a dash or colon may be the predicate of the one before
/// it («Горячая линия Ozon Travel — не работает»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    /// The start of the sentence.
    Start,
    /// A conjunction: «а», «но», "but".
    Conjunction,
    Colon,
    Semicolon,
    Dash,
    /// A subordinate or condition clause, set aside inside its parent.
    Subordinate,
    Paren,
}

/// One clause: its word-like tokens in order (indices into the token list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub words: Vec<u32>,
    /// A condition or purpose clause: no negation in it governs anything.
    pub conditional: bool,
    /// The clause it is set aside inside, for a subordinate or parenthesised clause.
    pub parent: Option<u32>,
    /// The clause it continues after a dash or a colon.
    pub follows: Option<u32>,
    pub lead: Lead,
    /// Index of its sentence.
    pub sentence: u32,
    /// From its first to its last word (clauses set aside inside it included).
    pub range: ByteRange,
}

/// Where a word of a view comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The clause itself.
    Own,
    /// A condition clause set aside inside it: no negation there governs the claim.
    Condition,
    /// A subordinate or parenthesised clause set aside inside it: no negation there governs.
    Aside,
    /// The clause after a dash or colon, often its predicate («Горячая линия Ozon Travel —
    /// не работает»): its negations govern.
    Continuation,
    /// The header a list item hangs from («Для клиентов Premium:» above «- отдельный номер
    /// для звонков»): the item says what the header is about.
    Header,
}

impl Part {
    /// Whether the words are of the clause itself, as against a clause set aside in it.
    pub fn is_main(self) -> bool {
        matches!(self, Part::Own | Part::Continuation | Part::Header)
    }
}

/// What claims are matched against for one clause: its words and those of the clauses set
/// aside inside it or continuing it after a dash, in text order («Если у вас Premium, звоните
/// на выделенную линию» is one claim about Premium), each word marked with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub words: Vec<u32>,
    pub parts: Vec<Part>,
}

/// The clauses of a text, and the clause of every word-like token.
#[derive(Debug, Clone, Default)]
pub struct Clauses {
    pub list: Vec<Clause>,
    /// One view per clause, same index.
    pub views: Vec<View>,
    /// For each token: its clause and its position in that clause's view (`u32::MAX` for
    /// punctuation).
    pub of_token: Vec<(u32, u32)>,
}

const NONE: (u32, u32) = (u32::MAX, u32::MAX);

/// Words after which a clause is cut regardless of punctuation.
pub const MAX_CLAUSE_WORDS: usize = 80;

impl Clauses {
    /// The clause and position of token `t`, if it is a word.
    pub fn at(&self, t: usize) -> Option<(usize, usize)> {
        self.of_token
            .get(t)
            .filter(|&&c| c != NONE)
            .map(|&(c, p)| (c as usize, p as usize))
    }

    /// The word tokens of clause `c`'s view.
    pub fn words<'t>(&self, tokens: &'t [Token], c: usize) -> Vec<&'t Token> {
        self.views[c]
            .words
            .iter()
            .map(|&i| &tokens[i as usize])
            .collect()
    }

    /// Whether position `p` of clause `c`'s view stands in a condition.
    pub fn in_condition(&self, c: usize, p: usize) -> bool {
        self.list[c].conditional || self.views[c].parts.get(p) == Some(&Part::Condition)
    }

    /// Whether clauses `a` and `b` are one, or one is set aside inside or continues the other:
    /// the scope of an exception about who a clause speaks of («Premium-продавцам: …»).
    pub fn related(&self, a: usize, b: usize) -> bool {
        let up = |x: usize| {
            let c = &self.list[x];
            [c.parent, c.follows]
                .into_iter()
                .flatten()
                .map(|p| p as usize)
                .collect::<Vec<_>>()
        };
        a == b || up(a).contains(&b) || up(b).contains(&a)
    }

    /// The part of clause `c`'s view position `p` comes from.
    pub fn part(&self, c: usize, p: usize) -> Part {
        self.views[c].parts.get(p).copied().unwrap_or(Part::Own)
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '‒' | '−')
}

/// Splits every sentence of `sentences` (byte ranges, in order) into clauses.
pub fn clauses(tokens: &[Token], sentences: &[ByteRange], cues: &Cues) -> Clauses {
    let mut out = Clauses {
        list: Vec::new(),
        views: Vec::new(),
        of_token: vec![NONE; tokens.len()],
    };
    let mut t = 0;
    for (si, s) in sentences.iter().enumerate() {
        while t < tokens.len() && tokens[t].range.start < s.start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].range.start < s.end {
            t += 1;
        }
        sentence(tokens, first..t, si as u32, cues, &mut out);
    }
    for c in &mut out.list {
        if let (Some(&a), Some(&b)) = (c.words.first(), c.words.last()) {
            c.range = ByteRange::new(tokens[a as usize].range.start, tokens[b as usize].range.end);
        }
    }
    // Drop empty clauses, renumbering parents.
    let mut new_index = vec![u32::MAX; out.list.len()];
    let mut kept = Vec::with_capacity(out.list.len());
    for (i, c) in std::mem::take(&mut out.list).into_iter().enumerate() {
        if !c.words.is_empty() {
            new_index[i] = kept.len() as u32;
            kept.push(c);
        }
    }
    for c in &mut kept {
        // A parent that had no words of its own (the main clause of «Если X, …» before
        // anything else) is gone: the clause then stands on its own.
        c.parent = c
            .parent
            .and_then(|p| new_index.get(p as usize).copied())
            .filter(|&p| p != u32::MAX);
        c.follows = c
            .follows
            .and_then(|p| new_index.get(p as usize).copied())
            .filter(|&p| p != u32::MAX);
    }
    out.list = kept;
    // Views: each clause with the clauses set aside inside it and the one continuing it.
    let mut views: Vec<View> = out
        .list
        .iter()
        .map(|c| View {
            words: c.words.clone(),
            parts: vec![Part::Own; c.words.len()],
        })
        .collect();
    for i in 0..out.list.len() {
        let c = &out.list[i];
        let (into, part) = match (c.parent, c.follows) {
            (Some(p), _) if c.conditional => (p, Part::Condition),
            (Some(p), _) => (p, Part::Aside),
            (None, Some(f)) => (f, Part::Continuation),
            (None, None) => continue,
        };
        let view = &mut views[into as usize];
        let mut merged: Vec<(u32, Part)> = view
            .words
            .iter()
            .copied()
            .zip(view.parts.iter().copied())
            .chain(c.words.iter().map(|&w| (w, part)))
            .collect();
        merged.sort_by_key(|&(w, _)| w);
        view.words = merged.iter().map(|&(w, _)| w).collect();
        view.parts = merged.iter().map(|&(_, p)| p).collect();
    }
    list_items(tokens, sentences, &out.list, &mut views);
    out.views = views;
    out.of_token.fill(NONE);
    for (i, c) in out.list.iter().enumerate() {
        let view = &out.views[i];
        for &w in &c.words {
            // View words are in token order: a binary search keeps this linear overall.
            let p = view.words.binary_search(&w).unwrap_or(0);
            out.of_token[w as usize] = (i as u32, p as u32);
        }
    }
    out
}

/// What a list item starts with (besides `1.` and `1)`). `chunk` never cuts before a line
/// starting with one, so it reads this same list.
pub(crate) const LIST_MARKERS: [char; 6] = ['-', '*', '•', '–', '—', '·'];

/// A list item's first clause sees the header its list hangs from: a sentence ending with a
/// colon, followed by sentences that start with a list marker (`-`, `*`, `•`, `1.`).
fn list_items(tokens: &[Token], sentences: &[ByteRange], list: &[Clause], views: &mut [View]) {
    let first_token = |s: &ByteRange| tokens.partition_point(|t| t.range.start < s.start);
    let punct = |t: Option<&Token>| match t.map(|t| t.kind) {
        Some(TokenKind::Punct(p)) => Some(p.ch),
        _ => None,
    };
    let is_item = |s: &ByteRange| {
        let i = first_token(s);
        match tokens.get(i).map(|t| t.kind) {
            Some(TokenKind::Punct(p)) => LIST_MARKERS.contains(&p.ch),
            Some(TokenKind::Number) => matches!(punct(tokens.get(i + 1)), Some('.' | ')')),
            _ => false,
        }
    };
    debug_assert!(list.windows(2).all(|w| w[0].sentence <= w[1].sentence));
    let mut header: Option<usize> = None;
    for (si, s) in sentences.iter().enumerate() {
        let end = tokens.partition_point(|t| t.range.start < s.end);
        // Clauses are made sentence by sentence, so a sentence's are one run of the list.
        let from = list.partition_point(|c| (c.sentence as usize) < si);
        let to = from + list[from..].partition_point(|c| c.sentence as usize == si);
        let clauses_here: Vec<usize> = (from..to).collect();
        match header {
            Some(h) if is_item(s) => {
                if let Some(&first) = clauses_here.first() {
                    let head: Vec<u32> = list[h].words.clone();
                    let view = &mut views[first];
                    let mut words = head.clone();
                    words.extend(view.words.iter().copied());
                    let mut parts = vec![Part::Header; head.len()];
                    parts.extend(view.parts.iter().copied());
                    view.words = words;
                    view.parts = parts;
                }
                continue;
            }
            _ => header = None,
        }
        if end > 0 && punct(tokens.get(end - 1)) == Some(':') {
            // The last clause with words before the colon.
            header = clauses_here
                .iter()
                .rev()
                .find(|&&c| list[c].parent.is_none() && !list[c].words.is_empty())
                .copied();
        }
    }
}

struct Open {
    clause: usize,
    paren: bool,
    /// The sentence word it opened at.
    start: usize,
}

/// Words of a short parenthesis that says what the words before it are: «Горячая линия Ozon
/// Travel (не работает)», "the old line (no longer in service)". Such an aside is the predicate
/// of its clause, as after a dash, so its negation governs; a longer one, or one that only
/// starts with «не» («(не забудьте номер заказа)»), stays set aside.
const STATUS_ASIDE_WORDS: usize = 5;

fn status_aside(open: &Open, words: &[&Token], cues: &Cues, out: &mut Clauses) {
    let c = &mut out.list[open.clause];
    let n = c.words.len();
    if n == 0 || n > STATUS_ASIDE_WORDS || c.parent.is_none() {
        return;
    }
    let end = open.start + n;
    // «(больше не работает)», "(now discontinued)": one word may lead into the predicate.
    let predicate = (open.start..(open.start + 2).min(end)).any(|p| {
        cues.negation_predicate
            .match_at(words, p)
            .is_some_and(|len| p + len <= end)
    });
    if predicate {
        c.follows = c.parent.take();
    }
}

fn sentence(
    tokens: &[Token],
    range: std::ops::Range<usize>,
    si: u32,
    cues: &Cues,
    out: &mut Clauses,
) {
    let words: Vec<&Token> = tokens[range.clone()]
        .iter()
        .filter(|t| t.is_wordlike())
        .collect();
    let new = |out: &mut Clauses, lead: Lead, conditional: bool, parent: Option<usize>| -> usize {
        out.list.push(Clause {
            words: Vec::new(),
            conditional,
            parent: parent.map(|p| p as u32),
            follows: None,
            lead,
            sentence: si,
            range: ByteRange::default(),
        });
        out.list.len() - 1
    };
    let mut w = 0usize;
    let mut stack: Vec<Open> = vec![Open {
        clause: new(out, Lead::Start, false, None),
        paren: false,
        start: w,
    }];
    let mut after_comma = false;
    // «не только …» seen in this clause: its «но и» continues it.
    let mut correlative = false;
    // Words a cue already consumed (a multi-word subordinator is one decision).
    let mut skip_cues = 0usize;
    for i in range {
        let tok = &tokens[i];
        match tok.kind {
            TokenKind::Punct(p) => {
                if p.between_digits {
                    continue;
                }
                let hard = match p.ch {
                    ';' => Some(Lead::Semicolon),
                    ':' => Some(Lead::Colon),
                    c if is_dash(c) && (p.spaced_before || p.spaced_after || c == '—') => {
                        Some(Lead::Dash)
                    }
                    '-' if p.spaced_before && p.spaced_after => Some(Lead::Dash),
                    _ => None,
                };
                if let Some(lead) = hard {
                    correlative = false;
                    let before = stack.first().map(|o| o.clause);
                    stack.clear();
                    let c = new(out, lead, false, None);
                    if matches!(lead, Lead::Dash | Lead::Colon) {
                        out.list[c].follows = before.map(|b| b as u32);
                    }
                    stack.push(Open {
                        clause: c,
                        paren: false,
                        start: w,
                    });
                    after_comma = false;
                    continue;
                }
                match p.ch {
                    '(' | '[' => {
                        let parent = stack.last().map(|o| o.clause);
                        stack.push(Open {
                            clause: new(out, Lead::Paren, false, parent),
                            paren: true,
                            start: w,
                        });
                    }
                    ')' | ']' => {
                        if let Some(k) = stack.iter().rposition(|o| o.paren) {
                            status_aside(&stack[k], &words, cues, out);
                            stack.truncate(k.max(1));
                        }
                    }
                    ',' => {
                        if stack.len() > 1 && stack.last().is_some_and(|o| !o.paren) {
                            stack.pop();
                        }
                        after_comma = true;
                    }
                    _ => {}
                }
            }
            _ => {
                let top = stack.last().expect("never empty").clause;
                let top_empty = out.list[top].words.is_empty();
                if skip_cues == 0 && cues.correlative.match_at(&words, w).is_some() {
                    correlative = true;
                }
                if skip_cues == 0 {
                    if let Some(n) = cues.clause_break.match_at(&words, w)
                        && !std::mem::take(&mut correlative)
                    {
                        stack.truncate(1);
                        let c = new(out, Lead::Conjunction, false, None);
                        stack[0] = Open {
                            clause: c,
                            paren: false,
                            start: w,
                        };
                        skip_cues = n;
                    } else if let Some(n) = cues.conditional.match_at(&words, w).or_else(|| {
                        (top_empty || after_comma || w == 0)
                            .then(|| cues.conditional_initial.match_at(&words, w))
                            .flatten()
                    }) {
                        let c = new(out, Lead::Subordinate, true, Some(top));
                        stack.push(Open {
                            clause: c,
                            paren: false,
                            start: w,
                        });
                        skip_cues = n;
                    } else if after_comma && let Some(n) = cues.subordinate.match_at(&words, w) {
                        let c = new(out, Lead::Subordinate, false, Some(top));
                        stack.push(Open {
                            clause: c,
                            paren: false,
                            start: w,
                        });
                        skip_cues = n;
                    }
                }
                skip_cues = skip_cues.saturating_sub(1);
                after_comma = false;
                let mut c = stack.last().expect("never empty").clause;
                if out.list[c].words.len() >= MAX_CLAUSE_WORDS {
                    // No clause is this long: text without punctuation is cut into pieces,
                    // so matching stays linear on any input.
                    stack.clear();
                    c = new(out, Lead::Start, false, None);
                    stack.push(Open {
                        clause: c,
                        paren: false,
                        start: w,
                    });
                }
                out.list[c].words.push(i as u32);
                w += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::scan::sentence::sentences;
    use crate::words::tokenize;

    fn split(text: &str) -> Vec<(String, bool)> {
        let c = Catalog::default_catalog();
        let tokens = tokenize(text, &[]);
        let cl = clauses(&tokens, &sentences(text), &c.vocabulary.cues);
        cl.list
            .iter()
            .map(|c| {
                (
                    c.words
                        .iter()
                        .map(|&i| &*tokens[i as usize].folded)
                        .collect::<Vec<_>>()
                        .join(" "),
                    c.conditional,
                )
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        split(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn hard_boundaries() {
        assert_eq!(
            texts("Сразу написать оператору нельзя: выберите тему; потом пишите"),
            [
                "сразу написать оператору нельзя",
                "выберите тему",
                "потом пишите"
            ]
        );
        assert_eq!(
            texts("Горячая линия – один из способов"),
            ["горячая линия", "один из способов"]
        );
        assert_eq!(
            texts("Ответ за 5–10 минут, с 10:00"),
            ["ответ за 5 10 минут с 10 00"]
        );
    }

    #[test]
    fn conjunctions_start_a_clause() {
        assert_eq!(
            texts("Линии нет, но чат работает"),
            ["линии нет", "но чат работает"]
        );
        assert_eq!(
            texts("Line closed, but chat works"),
            ["line closed", "but chat works"]
        );
    }

    #[test]
    fn subordinate_clauses_are_set_aside() {
        assert_eq!(
            split("Premium-клиенты, которые оформили подписку, получают приоритет"),
            [
                ("premium клиенты получают приоритет".to_string(), false),
                ("которые оформили подписку".to_string(), false)
            ]
        );
        assert_eq!(
            split("Если линия не отвечает, напишите в чат"),
            [
                ("напишите в чат".to_string(), false),
                ("если линия не отвечает".to_string(), true)
            ]
        );
        assert_eq!(
            split("Напишите в чат, если линия не отвечает, и оператор поможет"),
            [
                ("напишите в чат и оператор поможет".to_string(), false),
                ("если линия не отвечает".to_string(), true)
            ]
        );
    }

    #[test]
    fn conditions_without_a_comma_and_compounds() {
        assert_eq!(
            split("Call us when the chat is busy"),
            [
                ("call us".to_string(), false),
                ("when the chat is busy".to_string(), true)
            ]
        );
        assert_eq!(
            split("Когда-то была выделенная линия"),
            [("когда то была выделенная линия".to_string(), false)]
        );
    }

    #[test]
    fn a_main_clause_is_seen_with_its_conditions() {
        let c = Catalog::default_catalog();
        let text = "Если у вас Premium, позвоните на выделенную линию";
        let tokens = tokenize(text, &[]);
        let cl = clauses(&tokens, &sentences(text), &c.vocabulary.cues);
        let view = &cl.views[0];
        let words: Vec<&str> = view
            .words
            .iter()
            .map(|&i| &*tokens[i as usize].folded)
            .collect();
        assert_eq!(
            words,
            [
                "если",
                "у",
                "вас",
                "premium",
                "позвоните",
                "на",
                "выделенную",
                "линию"
            ]
        );
        assert_eq!(view.parts[..4], [Part::Condition; 4]);
        assert_eq!(view.parts[4], Part::Own);
    }

    #[test]
    fn parentheses_are_set_aside() {
        assert_eq!(
            texts("Чат (в приложении) работает круглосуточно"),
            ["чат работает круглосуточно", "в приложении"]
        );
    }

    /// A short parenthesis that is a negated predicate says what the words before it are,
    /// as after a dash: its words continue the clause. Others stay set aside.
    #[test]
    fn a_status_in_parentheses_continues_its_clause() {
        let c = Catalog::default_catalog();
        let part_of = |text: &str, word: &str| {
            let tokens = tokenize(text, &[]);
            let cl = clauses(&tokens, &sentences(text), &c.vocabulary.cues);
            let t = tokens.iter().position(|t| &*t.folded == word).unwrap();
            let (own, _) = cl.at(t).unwrap();
            let main = cl.at(0).unwrap().0;
            let p = cl.views[main].words.binary_search(&(t as u32)).unwrap();
            (own == main, cl.part(main, p))
        };
        for text in [
            "Горячая линия Ozon Travel (не работает) — пишите в чат.",
            "Горячая линия Ozon Travel (больше не работает).",
            "The Ozon Travel hotline (no longer in service) is gone.",
        ] {
            let word = if text.starts_with('Г') {
                "работает"
            } else {
                "service"
            };
            assert_eq!(part_of(text, word), (false, Part::Continuation), "{text}");
        }
        for text in [
            "Звоните на горячую линию (не забудьте паспорт).",
            "Горячая линия (которая, к слову, раньше не работала по ночам у многих) снова открыта.",
        ] {
            let word = if text.contains("паспорт") {
                "паспорт"
            } else {
                "ночам"
            };
            assert_eq!(part_of(text, word), (false, Part::Aside), "{text}");
        }
    }
}

//! One pass over a text for many regexes: each pattern's required first literals (every match
//! of it begins with one of them) go into one Aho–Corasick automaton, and only the patterns
//! whose literals occur in the text are run. A user catalog's legacy phrases are dozens of
//! patterns per claim; without this each one scanned every text itself.
//!
//! Literals and text are compared lowercased, so a case-insensitive pattern's spellings are one
//! literal. A pattern whose matches have no short list of first literals (it starts with a class such
//! as `\d` or `\w`, or its case-insensitive spellings are too many) is always run: the gate
//! only ever skips a pattern that cannot match.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::{Pattern, REGEX_NEST_LIMIT};

/// Most first literals kept for one pattern: past this, the pattern is always run.
const MAX_LITERALS: usize = 64;

/// The gate of one list of patterns, built on first use from that list (the list it stands
/// beside in the catalog, which never changes after loading).
#[derive(Debug, Clone, Default)]
pub struct PatternGate {
    built: OnceLock<Gate>,
}

#[derive(Debug, Clone)]
struct Gate {
    /// Every gated pattern's first literals.
    literals: Option<AhoCorasick>,
    /// The pattern each literal of `literals` belongs to.
    owner: Vec<u32>,
    /// Patterns with no literal list: run on every text.
    always: Vec<bool>,
}

impl PatternGate {
    /// Which of `patterns` may match somewhere in `text` (`false`: it cannot).
    pub fn may_match(&self, patterns: &[Pattern], text: &str) -> Vec<bool> {
        let gate = self.built.get_or_init(|| Gate::new(patterns));
        let mut out = gate.always.clone();
        out.resize(patterns.len(), true);
        if let Some(ac) = &gate.literals {
            for m in ac.find_overlapping_iter(&lower(text)) {
                out[gate.owner[m.pattern().as_usize()] as usize] = true;
            }
        }
        out
    }
}

impl Gate {
    fn new(patterns: &[Pattern]) -> Gate {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            match first_literals(&p.source) {
                Some(lits) => {
                    always.push(false);
                    owner.extend(std::iter::repeat_n(i as u32, lits.len()));
                    literals.extend(lits);
                }
                None => always.push(true),
            }
        }
        let literals = if literals.is_empty() {
            None
        } else {
            match AhoCorasick::new(&literals) {
                Ok(ac) => Some(ac),
                // Cannot happen for a few thousand short literals; if it does, run everything.
                Err(_) => {
                    always.iter_mut().for_each(|a| *a = true);
                    None
                }
            }
        };
        Gate {
            literals,
            owner,
            always,
        }
    }
}

/// `text` with every character lowercased on its own (no context rules): a substring of the
/// text lowercases to a substring of this, so a literal found in the text is found here.
fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.extend(c.to_lowercase());
    }
    out
}

/// The literals every match of `source` begins with, lowercased (a case-insensitive
/// pattern's many spellings become one), when there are few and none is empty.
fn first_literals(source: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .parse(source)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_class(16)
        .limit_total(MAX_LITERALS * 4);
    let seq = extractor.extract(&hir);
    let mut lowered: Vec<Vec<u8>> = Vec::new();
    for l in seq.literals()? {
        // A literal cut inside a character (a very long one) is no use here.
        let l = std::str::from_utf8(l.as_bytes()).ok()?;
        if l.is_empty() {
            return None;
        }
        lowered.push(lower(l).into_bytes());
    }
    lowered.sort_unstable();
    lowered.dedup();
    if lowered.is_empty() || lowered.len() > MAX_LITERALS {
        return None;
    }
    Some(lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(sources: &[&str]) -> Vec<Pattern> {
        sources
            .iter()
            .map(|s| Pattern::compiled(s.to_string(), Pattern::build(s).unwrap()))
            .collect()
    }

    /// The gate never turns away a pattern that matches, over patterns of every shape (cased
    /// and case-insensitive Cyrillic, alternations, boundaries, classes, repeats) and texts
    /// that hold, miss or half-hold their words.
    #[test]
    fn a_pattern_turned_away_never_matches() {
        let sources = [
            r"горяч\w+ лини[яию]",
            r"(?i)бесплатн\w*",
            r"(?i)\bfree(?:phone| of charge)\b",
            r"звонок (?:бесплатный|без оплаты)",
            r"\d+ руб",
            r"(?i)premium|премиум",
            r"[Оо]зон\s+банк",
            r"(?i)VIP-?лини[яи]",
            r"\bcall us\b",
        ];
        let ps = patterns(&sources);
        let gate = PatternGate::default();
        let texts = [
            "Звоните на горячую линию, звонок бесплатный.",
            "БЕСПЛАТНО для всех клиентов Premium",
            "Call us: the line is Freephone.",
            "Стоимость 100 руб в месяц",
            "Озон  банк и ozon bank",
            "vip линия и VIP-линия",
            "ничего общего",
            "горяч",
            "",
            "Бесплатный звонок; free",
        ];
        let mut turned_away = 0;
        for t in texts {
            let may = gate.may_match(&ps, t);
            assert_eq!(may.len(), ps.len());
            for (p, &m) in ps.iter().zip(&may) {
                if !m {
                    turned_away += 1;
                    assert!(
                        !p.regex().is_match(t),
                        "{:?} turned away from {t:?}",
                        p.source
                    );
                }
            }
        }
        assert!(turned_away > 40, "the gate turned away only {turned_away}");
        // A pattern that starts with a class has no short literal list: always run; the
        // others, case-insensitive ones too, are turned away from a text without their words.
        let may = gate.may_match(&ps, "ничего общего");
        assert_eq!(
            may,
            [false, false, false, false, true, false, false, false, false]
        );
    }

    /// A case-insensitive pattern has a spelling per case of each letter: however the gate
    /// bounds them, every casing the regex matches gets through.
    #[test]
    fn every_casing_gets_through() {
        let ps = patterns(&[
            r"(?i)выделенн\w* линия для премиум-клиентов",
            r"(?i)sellersup",
        ]);
        let gate = PatternGate::default();
        for t in [
            "Выделенная линия для премиум-клиентов",
            "ВЫДЕЛЕННАЯ ЛИНИЯ ДЛЯ ПРЕМИУМ-КЛИЕНТОВ",
            "выДЕЛЕННая линия для Премиум-клиентов",
            "пишите на SellerSup@ozon.ru",
        ] {
            let may = gate.may_match(&ps, t);
            for (p, m) in ps.iter().zip(may) {
                assert!(
                    m || !p.regex().is_match(t),
                    "{:?} turned away from {t:?}",
                    p.source
                );
            }
        }
        assert_eq!(
            gate.may_match(&ps, "ничего"),
            [first_literals(&ps[0].source).is_none(), false]
        );
    }

    /// Through a whole check: a user catalog's legacy phrases are found in any casing, and a
    /// phrase starting with a class (always run) too; a text without their words has none.
    #[test]
    fn legacy_phrases_of_a_user_catalog_are_found_through_the_gate() {
        let toml = "extends = \"default\"\n\
            [[claim]]\nid = \"claim.vip\"\nrule = \"outdated-claim\"\n\
            patterns = ['(?i)скидк[аи] за отзыв', '\\d+ баллов за отзыв']\n";
        let c = crate::Catalog::from_toml(toml, crate::catalog::Origin::File("u.toml".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        let ctx = crate::Context::new(&c, "2026-06-01".parse().unwrap());
        let claims = |t: &str| {
            crate::check(
                &crate::Document::new(t.to_string(), crate::Format::Plain),
                &ctx,
            )
            .into_iter()
            .filter(|f| f.claim.as_deref() == Some("claim.vip"))
            .map(|f| t[f.range.start..f.range.end].to_string())
            .collect::<Vec<_>>()
        };
        assert_eq!(claims("Вам положена скидка за отзыв."), ["скидка за отзыв"]);
        assert_eq!(claims("Напоминаем: СКИДКИ ЗА ОТЗЫВ!"), ["СКИДКИ ЗА ОТЗЫВ"]);
        assert_eq!(
            claims("Начислим 500 баллов за отзыв."),
            ["500 баллов за отзыв"]
        );
        assert!(claims("Пишите в чат, ответим быстро.").is_empty());
    }
}

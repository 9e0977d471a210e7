//! What a check needs besides the text: the catalog, who the template is for, the date, and the
//! team's severity choices. Both shells build it from the same `macrolint.toml`.

use jiff::civil::Date;
use std::collections::BTreeMap;

use crate::catalog::{Audience, Catalog};
use crate::finding::Severity;
use crate::rule::Rule;
use crate::source::Unit;

/// A rule's configured level: a severity, or off.
pub type Level = Option<Severity>;

/// The context of one check.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// The audience from `macrolint.toml` (`[[scope]]` or `default-audience`); front matter in
    /// the document overrides it. `None`: unknown.
    pub audience: Option<Audience>,
    /// The reader's region for the whole document (front matter overrides it).
    pub region: Option<String>,
    /// The date changes in the catalog are judged against (`--as-of`).
    pub as_of: Date,
    /// Per-rule severity overrides; `None` turns a rule off.
    pub levels: BTreeMap<Rule, Level>,
    /// Audiences for the macros of a multi-macro file, by title prefix or tag.
    pub unit_scopes: Vec<UnitScope>,
    /// How a number the catalog does not know and the text does not present as the company's
    /// is reported (a bank's, a courier's): a note by default, or not at all.
    pub third_party_numbers: Level,
    /// The workspace's Dynamic Content, when its exports hold any.
    pub dynamic_content: Option<&'a crate::dynamic::DynamicContent>,
}

/// Gives the macros of an export whose title starts with a prefix (Zendesk's `Category::Name`)
/// or that carry a tag an audience and region.
#[derive(Debug, Clone, Default)]
pub struct UnitScope {
    pub title_prefixes: Vec<String>,
    pub tags: Vec<String>,
    pub audience: Audience,
    pub region: Option<String>,
}

impl UnitScope {
    /// How specifically this scope matches a macro: the length of the matching title prefix,
    /// or 0 for a tag match; `None` when it does not match.
    pub fn matches(&self, unit: &Unit) -> Option<usize> {
        let by_title = unit.title.as_deref().and_then(|t| {
            self.title_prefixes
                .iter()
                .filter(|p| t.starts_with(p.as_str()))
                .map(|p| p.len() + 1)
                .max()
        });
        let by_tag = self.tags.iter().any(|t| unit.tags.contains(t)).then_some(0);
        by_title.max(by_tag)
    }
}

impl<'a> Context<'a> {
    pub fn new(catalog: &'a Catalog, as_of: Date) -> Self {
        Self {
            catalog,
            audience: None,
            region: None,
            as_of,
            levels: BTreeMap::new(),
            unit_scopes: Vec::new(),
            third_party_numbers: Some(crate::finding::Severity::Info),
            dynamic_content: None,
        }
    }

    /// The most specific unit scope for a macro.
    pub fn unit_scope(&self, unit: &Unit) -> Option<&UnitScope> {
        self.unit_scopes
            .iter()
            .filter_map(|s| s.matches(unit).map(|n| (n, s)))
            .fold(
                None,
                |best: Option<(usize, &UnitScope)>, (n, s)| match best {
                    Some((b, _)) if b > n => best,
                    _ => Some((n, s)),
                },
            )
            .map(|(_, s)| s)
    }

    /// The severity `rule` reports at, or `None` when it is turned off.
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }
}

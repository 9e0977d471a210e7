//! What a check needs besides the text: the catalog, who the template is for, the date, and the
//! team's severity choices. Both shells build it from the same `macrolint.toml`.

use jiff::civil::Date;
use std::collections::BTreeMap;

use crate::catalog::{Audience, Catalog};
use crate::finding::Severity;
use crate::rules::Rule;

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
}

impl<'a> Context<'a> {
    pub fn new(catalog: &'a Catalog, as_of: Date) -> Self {
        Self {
            catalog,
            audience: None,
            region: None,
            as_of,
            levels: BTreeMap::new(),
        }
    }

    /// The severity `rule` reports at, or `None` when it is turned off.
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }
}

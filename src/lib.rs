//! macrolint: a linter and language server for customer-support reply templates.
//!
//! The core is pure: [`check`] takes a [`Document`] and a [`Context`] and returns [`Finding`]s.
//! It reads no files and runs no async code, so the CLI, the LSP server, tests and benches all
//! call the same function and always agree.

pub mod catalog;
pub mod config;
pub mod context;
pub mod finding;
pub mod fix;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod workspace;

pub use catalog::{Catalog, ChannelId};
pub use context::Context;
pub use finding::{ByteRange, Edit, Finding, Fix, Lang, Message, Severity};
pub use rules::Rule;
pub use source::{Document, Format};

use scan::directive::{Directive, Scope};
use source::LineIndex;

/// Checks one document: every rule, then suppression comments, in source order.
pub fn check(doc: &Document, ctx: &Context<'_>) -> Vec<Finding> {
    let scan = scan::scan(&doc.text, doc.body, ctx.catalog);
    let mut findings = rules::run(doc, &scan, ctx);
    if !scan.directives.is_empty() {
        let lines = LineIndex::new(&doc.text);
        findings.retain(|f| !suppressed(f, &scan.directives, &lines));
    }
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    findings
}

/// Whether a suppression comment silences `f`.
fn suppressed(f: &Finding, directives: &[Directive], lines: &LineIndex) -> bool {
    let line = lines.line_of(f.range.start);
    directives.iter().any(|d| {
        let applies = d.rules.is_empty() || d.rules.contains(&f.rule);
        let first = lines.line_of(d.range.start);
        let last = lines.line_of(d.range.end.saturating_sub(1).max(d.range.start));
        applies
            && match d.scope {
                Scope::File => true,
                Scope::Line => (first..=last).contains(&line),
                Scope::NextLine => line == last + 1,
            }
    })
}

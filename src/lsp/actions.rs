//! Code actions: a quick fix per fix of a finding, "suppress for this line" in the template's own
//! comment syntax, and `source.fixAll.macrolint` for every safe fix. Every action is a plain
//! workspace edit, so any client can apply it.

use std::collections::{HashMap, HashSet};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, DocumentChanges,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range,
    TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use crate::Rule;
use crate::fix::{Safety, edits_for};

use super::analysis::Analysis;
use super::caps::ClientCaps;
use super::diagnostics::{DiagnosticData, SOURCE, to_diagnostic};
use crate::assist::channel_doc::tr;

/// The kind of the fix-all action.
pub const FIX_ALL_KIND: &str = "source.fixAll.macrolint";

fn workspace_edit(a: &Analysis, edits: Vec<TextEdit>, caps: &ClientCaps) -> WorkspaceEdit {
    if caps.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: a.uri.clone(),
                    version: Some(a.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(a.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// Whether the client asked for actions of `kind` (no filter: every kind).
fn wanted(params: &CodeActionParams, kind: &CodeActionKind) -> bool {
    params.context.only.as_ref().is_none_or(|only| {
        only.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        })
    })
}

/// The line-above insertion that silences `rule` on `line`, indented like it; `None` for formats
/// that cannot carry comments (JSON, YAML).
fn suppress_edit(a: &Analysis, line: u32, rule: &str) -> Option<TextEdit> {
    let comment = a.doc.format.suppression_comment(rule)?;
    let text = a.text();
    let line = (line as usize).min(a.lines.line_count() - 1);
    let start = a.lines.line_start(line);
    let end = a.lines.line_end(text, line);
    let content = &text[start..end];
    let indent = &content[..content.len() - content.trim_start_matches([' ', '\t']).len()];
    let newline = match a.lines.line_break(text, line) {
        "" => match a.lines.line_break(text, line.saturating_sub(1)) {
            "" => "\n",
            other => other,
        },
        other => other,
    };
    let at = Position::new(line as u32, 0);
    Some(TextEdit::new(
        Range::new(at, at),
        format!("{indent}{comment}{newline}"),
    ))
}

pub fn code_actions(
    a: &Analysis,
    params: &CodeActionParams,
    caps: &ClientCaps,
) -> Vec<CodeActionOrCommand> {
    let enc = caps.encoding;
    let lang = a.lang();
    let mut out = Vec::new();

    let quickfix = CodeActionKind::QUICKFIX;
    if wanted(params, &quickfix) {
        // The client's diagnostics carry their fixes; a client that sends none gets the
        // findings under the requested range.
        let mut diagnostics: Vec<Diagnostic> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some(SOURCE))
            .cloned()
            .collect();
        if diagnostics.is_empty() {
            let range = a.byte_range(params.range, enc);
            diagnostics = a
                .findings
                .iter()
                .filter(|f| {
                    f.range.overlaps(&range)
                        || (range.is_empty()
                            && f.range.start <= range.start
                            && range.start <= f.range.end)
                })
                .map(|f| to_diagnostic(f, a, enc))
                .collect();
        }
        let mut suppressed = HashSet::new();
        for d in &diagnostics {
            let data: DiagnosticData = d
                .data
                .clone()
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default();
            let mut preferred_given = false;
            for fix in data.fixes {
                let preferred = fix.safe && !preferred_given;
                preferred_given |= preferred;
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(workspace_edit(a, fix.edits, caps)),
                    is_preferred: Some(preferred),
                    ..CodeAction::default()
                }));
            }
            let Some(NumberOrString::String(rule)) = &d.code else {
                continue;
            };
            let Some(edit) = suppress_edit(a, d.range.start.line, rule) else {
                continue;
            };
            if rule.parse::<Rule>().is_err()
                || !suppressed.insert((rule.clone(), d.range.start.line))
            {
                continue;
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "{} {rule} {}",
                    tr(lang, "Отключить", "Suppress"),
                    tr(lang, "для этой строки", "for this line")
                ),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(workspace_edit(a, vec![edit], caps)),
                is_preferred: Some(false),
                ..CodeAction::default()
            }));
        }
    }

    let fix_all = CodeActionKind::new(FIX_ALL_KIND);
    if wanted(params, &fix_all) {
        let edits: Vec<TextEdit> = edits_for(&a.findings, Safety::SafeOnly)
            .into_iter()
            .map(|e| TextEdit::new(a.range(e.range, enc), e.replacement))
            .collect();
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: tr(
                    lang,
                    "Исправить все безопасные замечания macrolint",
                    "Fix all safe macrolint problems",
                )
                .to_string(),
                kind: Some(fix_all),
                edit: Some(workspace_edit(a, edits, caps)),
                ..CodeAction::default()
            }));
        }
    }
    out
}

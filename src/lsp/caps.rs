//! What the client said it can do, reduced to the answers the server needs.

use serde_json::Value;
use tower_lsp_server::ls_types::InitializeParams;

use super::position::Encoding;

/// The client's capabilities that change what the server does.
#[derive(Debug, Clone, Default)]
pub struct ClientCaps {
    pub encoding: Encoding,
    /// `textDocument/diagnostic`: the client pulls diagnostics, so none are pushed.
    pub pull: bool,
    pub refresh_diagnostics: bool,
    pub refresh_inlay_hints: bool,
    pub snippets: bool,
    /// Completion items may carry `tags: [Deprecated]` (else the older `deprecated: true`).
    pub deprecated_tag: bool,
    /// `workspace/didChangeWatchedFiles` may be registered at run time.
    pub watch_dynamic: bool,
    pub watch_relative: bool,
    /// `workspace/configuration` may be asked.
    pub configuration: bool,
    /// Workspace edits may use versioned `documentChanges`.
    pub document_changes: bool,
    /// The client's UI language (`locale`), if it sent one.
    pub locale: Option<String>,
}

fn flag(v: &Value, pointer: &str) -> bool {
    v.pointer(pointer).and_then(Value::as_bool).unwrap_or(false)
}

impl ClientCaps {
    pub fn from_params(params: &InitializeParams) -> Self {
        let caps = serde_json::to_value(&params.capabilities).unwrap_or(Value::Null);
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let tags = caps
            .pointer("/textDocument/completion/completionItem/tagSupport/valueSet")
            .and_then(Value::as_array)
            .is_some_and(|set| set.iter().any(|t| t.as_u64() == Some(1)));
        Self {
            encoding: Encoding::negotiate(offered),
            pull: caps
                .pointer("/textDocument/diagnostic")
                .is_some_and(|d| !d.is_null()),
            refresh_diagnostics: flag(&caps, "/workspace/diagnostics/refreshSupport"),
            refresh_inlay_hints: flag(&caps, "/workspace/inlayHint/refreshSupport"),
            snippets: flag(
                &caps,
                "/textDocument/completion/completionItem/snippetSupport",
            ),
            deprecated_tag: tags,
            watch_dynamic: flag(
                &caps,
                "/workspace/didChangeWatchedFiles/dynamicRegistration",
            ),
            watch_relative: flag(
                &caps,
                "/workspace/didChangeWatchedFiles/relativePatternSupport",
            ),
            configuration: flag(&caps, "/workspace/configuration"),
            document_changes: flag(&caps, "/workspace/workspaceEdit/documentChanges"),
            locale: params.locale.clone().filter(|l| !l.is_empty()),
        }
    }
}

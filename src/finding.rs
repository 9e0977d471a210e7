//! What a check produces: findings with their ranges, messages and fixes.
//!
//! These types are the contract between the pure core and its shells (CLI, LSP): every shell
//! renders the same `Finding`, so an editor and CI always agree on what is wrong and how to fix it.

use serde::Serialize;

pub use crate::vocab::{ByteRange, Lang, Message, Severity};

use crate::ids::ChannelId;
use crate::rule::Rule;

/// One replacement of a byte range with new text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub range: ByteRange,
    pub replacement: String,
}

/// A way to resolve a finding.
///
/// `safe` follows DESIGN §4: a fix is safe when the text keeps naming the same entity
/// (formatting, the stray space, `8` → `+7`); replacing a contact with another one is unsafe
/// because it can break the sentence around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub title: Message,
    pub safe: bool,
    /// A suggestion for the editor only (a rewrite of a whole clause): offered as a code action,
    /// never applied by `fix`, not even `--unsafe`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub display_only: bool,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(
        title: Message,
        safe: bool,
        range: ByteRange,
        replacement: impl Into<String>,
    ) -> Self {
        Self {
            title,
            safe,
            display_only: false,
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
        }
    }

    /// A rewrite offered in the editor only.
    pub fn suggestion(title: Message, range: ByteRange, replacement: impl Into<String>) -> Self {
        Self {
            display_only: true,
            ..Self::replace(title, false, range, replacement)
        }
    }

    /// Whether `fix` may apply it: safe fixes always, unsafe ones with `--unsafe`, editor
    /// suggestions never.
    pub fn applies(&self, unsafe_too: bool) -> bool {
        !self.display_only && (self.safe || unsafe_too)
    }
}

/// One problem in a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub range: ByteRange,
    pub message: Message,
    /// Catalog ids involved, so reports and editors can link to the channel.
    pub channels: Vec<ChannelId>,
    pub fixes: Vec<Fix>,
    /// The macro of a multi-macro file (a JSON export) the finding is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<MacroRef>,
    /// The catalog claim that reported it, if a claim did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
}

/// Why words that look like a claim, or a contact a rule would judge, were not reported: what
/// `check --explain-silence` and the editor's hover say, so a user can trust the silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Silence {
    /// The rule that would have reported.
    pub rule: Rule,
    /// The words it would have covered.
    pub range: ByteRange,
    /// The claim or channel id concerned.
    pub subject: String,
    pub reason: SilenceReason,
    /// The words that silenced it (the negation, the history cue, the exception).
    pub cue: ByteRange,
    pub message: Message,
}

/// What silenced a would-be finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SilenceReason {
    /// A negation governs the words: the sentence says the claim is not so.
    Negation,
    /// A history cue: the sentence speaks of the past.
    History,
    /// An exception frame of the claim matches the same words.
    Exception,
    /// The words stand in a condition or purpose clause, where this claim promises nothing.
    Condition,
    /// The sentence names the audience the contact is for.
    Addressed,
    /// The words stand in a question, which asserts nothing.
    Question,
    /// The words retell someone else's («Вы пишете, что …»): the template does not claim them.
    Reported,
}

/// Names a macro in reports: its id and title as the export gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MacroRef {
    pub id: Option<String>,
    pub title: Option<String>,
    /// A macro, a Dynamic Content variant, or a string named by its path.
    pub kind: crate::source::UnitKind,
}

impl Finding {
    pub fn new(rule: Rule, range: ByteRange, message: Message) -> Self {
        Self {
            rule,
            severity: rule.default_severity(),
            range,
            message,
            channels: Vec::new(),
            fixes: Vec::new(),
            unit: None,
            claim: None,
        }
    }

    pub fn with_channel(mut self, id: &ChannelId) -> Self {
        if !self.channels.contains(id) {
            self.channels.push(id.clone());
        }
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}

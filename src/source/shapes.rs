//! What a JSON or YAML export holds, by its content: the helpdesks' own shapes read from their
//! documented fields, a flat map of title → text, or — for any other shape — every string that
//! reads as text. Never nothing: a file whose shape is unknown is still checked, string by
//! string, each named by its path.
//!
//! Format-neutral: the JSON and YAML readers turn their parser's tree into a [`Node`] whose
//! strings point into the reader's own table of literals, ask [`find`] what to check, and build
//! the segments themselves (each format decodes its escapes its own way).

use crate::finding::ByteRange;

/// A value of the export's tree.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: ByteRange,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    /// A string: its value and the reader's index of its literal.
    Str(String, usize),
    /// A number or a boolean as written (ids are often numbers); `None` for null.
    Other(Option<String>),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::List(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }

    /// A string's value.
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// A string's literal index.
    fn lit(&self) -> Option<usize> {
        match &self.kind {
            NodeKind::Str(_, i) => Some(*i),
            _ => None,
        }
    }

    /// A scalar as text: a string, a number, a boolean.
    fn scalar(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Str(s, _) => Some(s.clone()),
            NodeKind::Other(o) => o.clone(),
            _ => None,
        }
    }

    fn field(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Node::scalar)
    }
}

/// What kind of export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A template file (text, Markdown, HTML, Liquid …): the whole file is text.
    Template,
    ZendeskMacros,
    FreshdeskCannedResponses,
    ZendeskDynamicContent,
    IntercomMacros,
    GorgiasMacros,
    FrontMessageTemplates,
    HelpScoutSavedReplies,
    /// A flat map of title → text (small macro managers, text expanders).
    TitleToText,
    /// No shape macrolint knows: every string that reads as text is checked.
    Unrecognised,
}

impl Shape {
    /// Every shape a JSON or YAML file may be forced to (`[formats]` in `macrolint.toml`).
    pub const EXPORTS: &[Shape] = &[
        Shape::ZendeskMacros,
        Shape::FreshdeskCannedResponses,
        Shape::ZendeskDynamicContent,
        Shape::IntercomMacros,
        Shape::GorgiasMacros,
        Shape::FrontMessageTemplates,
        Shape::HelpScoutSavedReplies,
        Shape::TitleToText,
        Shape::Unrecognised,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Shape::Template => "template",
            Shape::ZendeskMacros => "zendesk-macros",
            Shape::FreshdeskCannedResponses => "freshdesk-canned-responses",
            Shape::ZendeskDynamicContent => "zendesk-dynamic-content",
            Shape::IntercomMacros => "intercom-macros",
            Shape::GorgiasMacros => "gorgias-macros",
            Shape::FrontMessageTemplates => "front-message-templates",
            Shape::HelpScoutSavedReplies => "help-scout-saved-replies",
            Shape::TitleToText => "title-to-text",
            Shape::Unrecognised => "strings",
        }
    }

    pub fn parse(id: &str) -> Option<Shape> {
        Self::EXPORTS.iter().copied().find(|s| s.id() == id)
    }

    /// How reports name it, in `lang`.
    pub fn describe_in(self, lang: crate::vocab::Lang) -> &'static str {
        if lang == crate::vocab::Lang::En {
            return self.describe();
        }
        match self {
            Shape::Template => "шаблон",
            Shape::ZendeskMacros => "макросы Zendesk",
            Shape::FreshdeskCannedResponses => "шаблоны ответов Freshdesk",
            Shape::ZendeskDynamicContent => "Dynamic Content Zendesk",
            Shape::IntercomMacros => "макросы Intercom",
            Shape::GorgiasMacros => "макросы Gorgias",
            Shape::FrontMessageTemplates => "шаблоны сообщений Front",
            Shape::HelpScoutSavedReplies => "сохранённые ответы Help Scout",
            Shape::TitleToText => "словарь «заголовок → текст»",
            Shape::Unrecognised => "JSON или YAML неизвестного вида",
        }
    }

    /// How reports name it: "Zendesk macros", "a map of titles to texts".
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Template => "a template",
            Shape::ZendeskMacros => "Zendesk macros",
            Shape::FreshdeskCannedResponses => "Freshdesk canned responses",
            Shape::ZendeskDynamicContent => "Zendesk Dynamic Content",
            Shape::IntercomMacros => "Intercom macros",
            Shape::GorgiasMacros => "Gorgias macros",
            Shape::FrontMessageTemplates => "Front message templates",
            Shape::HelpScoutSavedReplies => "Help Scout saved replies",
            Shape::TitleToText => "a map of titles to texts",
            Shape::Unrecognised => "JSON or YAML of no known export shape",
        }
    }

    /// Whether macrolint knows the shape (a file of it with no text is worth a word).
    pub fn is_known(self) -> bool {
        self != Shape::Unrecognised
    }
}

/// What a unit of an export is, for reports.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// A macro, canned response, saved reply or message template.
    #[default]
    Macro,
    /// One locale's variant of a Dynamic Content item.
    Variant,
    /// A string of a file of no known shape, named by its path.
    Text,
}

/// A reply text to check: the literal, whether it is HTML, and the twin group it belongs to
/// (the same reply kept twice, as text and as HTML: one mistake, one finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    pub lit: usize,
    pub html: bool,
    pub twin: Option<u32>,
}

/// One unit found: a macro, a variant, a string.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub id: Option<String>,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub kind: UnitKind,
    pub span: ByteRange,
    pub bodies: Vec<Body>,
    /// A Dynamic Content variant: the item's placeholder name (`dc.<name>` → `<name>`).
    pub dynamic_content: Option<String>,
}

/// What [`find`] found in a tree.
#[derive(Debug, Clone)]
pub struct Reading {
    pub shape: Shape,
    pub units: Vec<Found>,
}

/// Keys under which exports list their objects.
const LIST_KEYS: &[&str] = &[
    "macros",
    "canned_responses",
    "responses",
    "results",
    "data",
    "_results",
    "items",
    "saved_replies",
    "replies",
];
/// Keys under which an export wraps one object.
const ONE_KEYS: &[&str] = &[
    "macro",
    "canned_response",
    "response",
    "item",
    "saved_reply",
];

/// What an object of an export is.
fn classify(o: &Node) -> Option<Shape> {
    if !o.is_map() {
        return None;
    }
    if o.get("variants").is_some_and(|v| !v.items().is_empty())
        && (o.get("placeholder").is_some() || o.get("default_locale_id").is_some())
    {
        return Some(Shape::ZendeskDynamicContent);
    }
    if let Some(actions) = o.get("actions") {
        let items = actions.items();
        if items.iter().any(|a| a.get("arguments").is_some()) {
            return Some(Shape::GorgiasMacros);
        }
        if items.iter().any(|a| a.get("field").is_some()) || items.is_empty() {
            return Some(Shape::ZendeskMacros);
        }
    }
    if o.field("type").as_deref() == Some("macro") || o.get("body_text").is_some() {
        return Some(Shape::IntercomMacros);
    }
    if o.get("chatText").is_some() || (o.get("text").is_some() && o.get("name").is_some()) {
        return Some(Shape::HelpScoutSavedReplies);
    }
    if o.get("content").is_some() || o.get("content_html").is_some() {
        return Some(Shape::FreshdeskCannedResponses);
    }
    if o.get("body").is_some() || o.get("body_html").is_some() {
        return Some(Shape::FrontMessageTemplates);
    }
    None
}

/// The objects of an export and their shape, if the tree is one.
fn exported(root: &Node) -> Option<(Shape, Vec<&Node>)> {
    let candidates: Vec<&Node> = match &root.kind {
        NodeKind::List(items) => items.iter().collect(),
        NodeKind::Map(_) => {
            let listed = LIST_KEYS
                .iter()
                .filter_map(|k| root.get(k))
                .find(|v| v.items().iter().any(|o| classify(o).is_some()))
                // Help Scout's HAL: `_embedded.replies`.
                .or_else(|| {
                    root.get("_embedded").and_then(|e| {
                        LIST_KEYS
                            .iter()
                            .filter_map(|k| e.get(k))
                            .find(|v| !v.items().is_empty())
                    })
                });
            match listed {
                Some(list) => list.items().iter().collect(),
                None => match ONE_KEYS.iter().filter_map(|k| root.get(k)).next() {
                    Some(one) => vec![one],
                    None => vec![root],
                },
            }
        }
        _ => Vec::new(),
    };
    let mut shape = None;
    let mut objects = Vec::new();
    for c in candidates {
        if let Some(s) = classify(c) {
            // One export holds one kind of object; the first decides.
            if *shape.get_or_insert(s) == s {
                objects.push(c);
            }
        }
    }
    shape.map(|s| (s, objects))
}

/// What to check in `root`, and `forced` overriding what the content suggests.
pub fn find(root: &Node, forced: Option<Shape>) -> Reading {
    if forced == Some(Shape::Unrecognised) {
        return strings(root);
    }
    if forced == Some(Shape::TitleToText) {
        return title_to_text(root).unwrap_or_else(|| strings(root));
    }
    if let Some((shape, objects)) = exported(root)
        && forced.is_none_or(|f| f == shape)
    {
        let mut units = Vec::new();
        for o in objects {
            read_object(shape, o, &mut units);
        }
        return Reading { shape, units };
    }
    if let Some(forced) = forced {
        // Forced to a shape the content is not: nothing of it to read, said so by the caller.
        return Reading {
            shape: forced,
            units: Vec::new(),
        };
    }
    title_to_text(root).unwrap_or_else(|| strings(root))
}

fn tags_of(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.kind) {
        Some(NodeKind::List(items)) => items.iter().filter_map(Node::scalar).collect(),
        Some(NodeKind::Str(s, _)) => s
            .split([',', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// A body at `key` of `o`, in twin group `twin`.
fn body(o: &Node, key: &str, html: bool, twin: Option<u32>) -> Option<Body> {
    o.get(key)?.lit().map(|lit| Body { lit, html, twin })
}

fn read_object(shape: Shape, o: &Node, out: &mut Vec<Found>) {
    let mut unit = Found {
        id: o.field("id"),
        title: o.field("title").or_else(|| o.field("name")),
        tags: tags_of(o.get("tags")),
        span: o.span,
        ..Found::default()
    };
    match shape {
        Shape::ZendeskMacros => {
            // The text and the HTML comment of one macro are one reply.
            for action in o.get("actions").map(Node::items).unwrap_or_default() {
                let field = action.field("field").unwrap_or_default();
                let html = match field.as_str() {
                    "comment_value" => false,
                    "comment_value_html" => true,
                    "current_tags" | "set_tags" => {
                        unit.tags.extend(tags_of(action.get("value")));
                        continue;
                    }
                    _ => continue,
                };
                let value = action.get("value");
                // `["channel:all", "<text>"]`: the text is the last string.
                let lit = match value.map(|v| &v.kind) {
                    Some(NodeKind::Str(_, i)) => Some(*i),
                    Some(NodeKind::List(items)) => items.iter().rev().find_map(Node::lit),
                    _ => None,
                };
                if let Some(lit) = lit {
                    unit.bodies.push(Body {
                        lit,
                        html,
                        twin: Some(0),
                    });
                }
            }
        }
        Shape::GorgiasMacros => {
            for action in o.get("actions").map(Node::items).unwrap_or_default() {
                let Some(args) = action.get("arguments") else {
                    continue;
                };
                if action.field("name").as_deref() == Some("addTags") {
                    unit.tags.extend(tags_of(args.get("tags")));
                }
                unit.bodies.extend(body(args, "body_text", false, Some(0)));
                unit.bodies.extend(body(args, "body_html", true, Some(0)));
            }
        }
        Shape::IntercomMacros => {
            unit.bodies.extend(body(o, "body_text", false, Some(0)));
            unit.bodies.extend(body(o, "body", true, Some(0)));
        }
        Shape::HelpScoutSavedReplies => {
            // `text` is the e-mail reply in HTML, `chatText` the same reply for chats.
            unit.bodies.extend(body(o, "text", true, Some(0)));
            unit.bodies.extend(body(o, "chatText", false, Some(0)));
        }
        Shape::FreshdeskCannedResponses => {
            unit.bodies.extend(body(o, "content", false, Some(0)));
            unit.bodies.extend(body(o, "content_html", true, Some(0)));
        }
        Shape::FrontMessageTemplates => {
            unit.bodies.extend(body(o, "body", true, None));
            unit.bodies.extend(body(o, "body_html", true, None));
        }
        Shape::ZendeskDynamicContent => {
            let name = o
                .field("placeholder")
                .and_then(|p| dc_name(&p))
                .or_else(|| o.field("name"));
            for v in o.get("variants").map(Node::items).unwrap_or_default() {
                let Some(lit) = v.get("content").and_then(Node::lit) else {
                    continue;
                };
                let locale = v.field("locale_id").unwrap_or_default();
                out.push(Found {
                    id: v.field("id"),
                    title: Some(format!(
                        "{} ({locale})",
                        o.field("name").unwrap_or_default()
                    )),
                    tags: Vec::new(),
                    kind: UnitKind::Variant,
                    span: v.span,
                    bodies: vec![Body {
                        lit,
                        html: looks_like_html(v.get("content").and_then(Node::str).unwrap_or("")),
                        twin: None,
                    }],
                    dynamic_content: name.clone(),
                });
            }
            return;
        }
        Shape::Template | Shape::TitleToText | Shape::Unrecognised => {}
    }
    // A twin group of one body is no twin.
    if unit.bodies.len() < 2 {
        for b in &mut unit.bodies {
            b.twin = None;
        }
    }
    out.push(unit);
}

/// `{{dc.welcome_text}}` → `welcome_text`.
pub fn dc_name(placeholder: &str) -> Option<String> {
    let inner = placeholder
        .trim()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim();
    inner
        .strip_prefix("dc.")
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// Whether a string is HTML markup rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    [
        "<p", "<br", "<div", "</", "<a ", "<b>", "<strong", "<ul", "<li", "<span",
    ]
    .iter()
    .any(|t| s.contains(t))
}

/// Whether a string reads as text someone could be sent: three words or more, or a contact.
pub fn reads_as_text(s: &str) -> bool {
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words >= 3 {
        return true;
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let t = s.to_ascii_lowercase();
    // A number as people write one: digits and separators only, not a date or a time.
    let phone_like = digits >= 7
        && s.chars().all(|c| {
            c.is_ascii_digit() || c.is_whitespace() || "+()-.–—−\u{2010}\u{2011}".contains(c)
        })
        && !is_date(s.trim())
        && (digits >= 10 || s.trim().contains(|c: char| !c.is_ascii_digit()));
    phone_like
        || (s.contains('@') && s.contains('.'))
        || t.contains("://")
        || t.contains("www.")
        || t.contains("t.me/")
        || t.contains("wa.me/")
}

/// `2026-01-01`, `01.03.2023`: a date, not a number to call.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

/// `{"Refund policy": "We refund …", …}`: a map of at least one entry, every value a string.
fn title_to_text(root: &Node) -> Option<Reading> {
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    if entries.is_empty() || !entries.iter().all(|(_, v)| v.str().is_some()) {
        return None;
    }
    if !entries
        .iter()
        .any(|(_, v)| v.str().is_some_and(reads_as_text))
    {
        return None;
    }
    let units = entries
        .iter()
        .filter_map(|(k, v)| {
            let lit = v.lit()?;
            Some(Found {
                title: Some(k.clone()),
                span: v.span,
                bodies: vec![Body {
                    lit,
                    html: looks_like_html(v.str().unwrap_or("")),
                    twin: None,
                }],
                ..Found::default()
            })
        })
        .collect();
    Some(Reading {
        shape: Shape::TitleToText,
        units,
    })
}

/// Every string of the tree that reads as text, named by its path (`/macros/3/actions/0/value`).
fn strings(root: &Node) -> Reading {
    let mut units = Vec::new();
    let mut path = String::new();
    walk(root, &mut path, &mut units);
    Reading {
        shape: Shape::Unrecognised,
        units,
    }
}

fn walk(node: &Node, path: &mut String, out: &mut Vec<Found>) {
    let len = path.len();
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                path.push('/');
                // JSON Pointer escapes (RFC 6901).
                path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                walk(v, path, out);
                path.truncate(len);
            }
        }
        NodeKind::List(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push('/');
                path.push_str(&i.to_string());
                walk(v, path, out);
                path.truncate(len);
            }
        }
        NodeKind::Str(s, lit) if reads_as_text(s) => out.push(Found {
            title: Some(if path.is_empty() {
                "/".into()
            } else {
                path.clone()
            }),
            kind: UnitKind::Text,
            span: node.span,
            bodies: vec![Body {
                lit: *lit,
                html: looks_like_html(s),
                twin: None,
            }],
            ..Found::default()
        }),
        _ => {}
    }
}

/// Turns what [`find`] found into the export's units and segments: `literal` gives the decoded
/// text of a literal (its escapes mapped to the file), which is then read as a template or as
/// HTML.
pub(super) fn read_units(
    reading: Reading,
    mut literal: impl FnMut(usize, usize) -> Option<super::Segment>,
    dialect: super::Dialect,
    checked: super::Checked,
    out: &mut super::json::JsonRead,
) {
    out.shape = reading.shape;
    for found in reading.units {
        let unit = out.units.len();
        out.units.push(super::Unit {
            id: found.id,
            title: found.title,
            tags: found.tags,
            range: found.span,
            kind: found.kind,
            dynamic_content: found.dynamic_content,
        });
        for b in found.bodies {
            let Some(lit) = literal(b.lit, unit) else {
                continue;
            };
            let inner = lit.text.clone();
            let mut builder = super::SegmentBuilder::default();
            let escapes = if b.html {
                super::html::read(&inner, 0..inner.len(), checked.comments, &mut builder);
                vec![super::Escape::Html]
            } else {
                super::template::read(
                    &inner,
                    0..inner.len(),
                    false,
                    dialect,
                    checked,
                    &mut builder,
                );
                vec![]
            };
            let mut seg = builder.finish(escapes, Some(unit));
            seg.parent = Some(Box::new(lit));
            seg.twin = b.twin;
            out.segments.push(seg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str, i: usize) -> Node {
        Node {
            span: ByteRange::new(i, i + 1),
            kind: NodeKind::Str(v.into(), i),
        }
    }

    fn map(entries: Vec<(&str, Node)>) -> Node {
        Node {
            span: ByteRange::new(0, 0),
            kind: NodeKind::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect()),
        }
    }

    fn list(items: Vec<Node>) -> Node {
        Node {
            span: ByteRange::new(0, 0),
            kind: NodeKind::List(items),
        }
    }

    #[test]
    fn a_flat_map_is_titles_to_texts() {
        let r = find(
            &map(vec![
                (
                    "You are welcome",
                    s("You are welcome! Call us on +1 844 555 0140.", 1),
                ),
                ("Refund", s("Refunds take five days.", 2)),
            ]),
            None,
        );
        assert_eq!(r.shape, Shape::TitleToText);
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.units[0].title.as_deref(), Some("You are welcome"));
    }

    #[test]
    fn unknown_shapes_are_read_string_by_string() {
        let r = find(
            &map(vec![
                ("version", s("1.0", 1)),
                (
                    "pages",
                    list(vec![map(vec![
                        ("slug", s("help", 2)),
                        ("blurb", s("Write to help@acme.example any time.", 3)),
                    ])]),
                ),
            ]),
            None,
        );
        assert_eq!(r.shape, Shape::Unrecognised);
        assert_eq!(r.units.len(), 1);
        assert_eq!(r.units[0].title.as_deref(), Some("/pages/0/blurb"));
        assert_eq!(r.units[0].kind, UnitKind::Text);
    }

    #[test]
    fn the_helpdesks_objects_by_their_fields() {
        let intercom = map(vec![(
            "data",
            list(vec![map(vec![
                ("type", s("macro", 1)),
                ("name", s("Order status", 2)),
                ("body", s("<p>Hi</p>", 3)),
                ("body_text", s("Hi", 4)),
            ])]),
        )]);
        let r = find(&intercom, None);
        assert_eq!(r.shape, Shape::IntercomMacros);
        assert_eq!(r.units[0].bodies.len(), 2);
        assert!(r.units[0].bodies.iter().all(|b| b.twin == Some(0)));
        let dc = map(vec![(
            "items",
            list(vec![map(vec![
                ("name", s("Support phone", 1)),
                ("placeholder", s("{{dc.support_phone}}", 2)),
                (
                    "variants",
                    list(vec![
                        map(vec![("content", s("+1 844 555 0140", 3))]),
                        map(vec![("content", s("+44 20 7946 0321", 4))]),
                    ]),
                ),
            ])]),
        )]);
        let r = find(&dc, None);
        assert_eq!(r.shape, Shape::ZendeskDynamicContent);
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.units[1].dynamic_content.as_deref(), Some("support_phone"));
        assert_eq!(r.units[1].kind, UnitKind::Variant);
    }

    #[test]
    fn what_reads_as_text() {
        assert!(reads_as_text("Thanks for your patience, Sam."));
        assert!(reads_as_text("help@acme.example"));
        assert!(reads_as_text("+1 844 555 0140"));
        assert!(!reads_as_text("en-US"));
        assert!(!reads_as_text("2026-01-01T10:00:00Z"));
        assert!(!reads_as_text("2026-01-01"));
        assert!(!reads_as_text("30918245"));
        assert!(reads_as_text("8 (800) 234-70-70"));
        assert!(!reads_as_text("active"));
    }
}

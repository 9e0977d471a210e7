//! What the fuzz targets share: turning fuzz bytes into a document and a context, and the
//! range checks every target makes.
#![allow(dead_code)]

use macrolint::catalog::Audience;
use macrolint::source::{Checked, Dialect, ReadOptions, Shape};
use macrolint::{ByteRange, Catalog, Context, Document, Format};

pub const FORMATS: [Format; 8] = [
    Format::Plain,
    Format::Markdown,
    Format::Liquid,
    Format::Handlebars,
    Format::Jinja,
    Format::Html,
    Format::Json,
    Format::Yaml,
];

const DIALECTS: [Option<Dialect>; 6] = [
    None,
    Some(Dialect::Liquid),
    Some(Dialect::Handlebars),
    Some(Dialect::Jinja),
    Some(Dialect::Helpscout),
    Some(Dialect::Intercom),
];

/// The first byte picks the format and read options, the rest is the text (invalid UTF-8
/// replaced, so every input reaches the readers).
pub fn split(data: &[u8], formats: &[Format]) -> Option<(Format, ReadOptions, u8, String)> {
    let (&sel, rest) = data.split_first()?;
    let format = formats[usize::from(sel) % formats.len()];
    let opts = ReadOptions {
        dialect: DIALECTS[usize::from(sel / 8) % DIALECTS.len()],
        checked: Checked {
            comments: sel & 0x40 != 0,
            code: sel & 0x80 != 0,
        },
        // Every export shape forced in turn, as `[formats]` may, and none (decided by content).
        shape: Shape::EXPORTS
            .get(usize::from(sel) % (Shape::EXPORTS.len() + 1))
            .copied(),
        explicit: sel & 0x20 != 0,
    };
    Some((format, opts, sel, String::from_utf8_lossy(rest).into_owned()))
}

pub fn document(text: String, format: Format, opts: ReadOptions) -> Document {
    Document::with_options(text, format, opts)
}

/// A context whose audience and region come from the selector byte, so the audience- and
/// region-dependent rules run too.
pub fn context(catalog: &Catalog, sel: u8) -> Context<'_> {
    let mut ctx = Context::new(catalog, "2026-01-01".parse().unwrap());
    ctx.audience = match sel % 5 {
        0 => None,
        1 => Some(Audience::from(["buyer".to_string()])),
        2 => Some(Audience::from(["seller".to_string()])),
        3 => Some(Audience::from(["seller".to_string(), "premium".to_string()])),
        _ => Some(Audience::new()),
    };
    if sel % 3 == 0 {
        ctx.region = Some("abroad".into());
    }
    ctx
}

/// `r` is a range of `text` whose ends are on character boundaries.
#[track_caller]
pub fn assert_range(text: &str, r: ByteRange, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r} is outside the text ({} bytes): {text:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r} is not on character boundaries: {text:?}"
    );
}

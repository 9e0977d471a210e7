//! `--format human`: rustc-style snippets with the line, a caret under the range, the message
//! and the suggested fix (annotate-snippets).

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};

use super::{CheckedFile, Options, Summary};
use crate::finding::{Finding, Lang, Severity};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Every finding of every file, then nothing else (the summary line is [`summary`]).
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    use rayon::prelude::*;
    let renderer = if opts.color {
        Renderer::styled().decor_style(DecorStyle::Unicode)
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for file in files {
        if file.findings.is_empty() {
            continue;
        }
        let lines = file.line_index();
        let path = super::printable(&file.path);
        let one = |f: &Finding| finding(&renderer, file, &lines, &path, f, opts);
        // A one-line export has tens of thousands of findings: rendered on every core, written
        // in order.
        if file.findings.len() >= PARALLEL_FROM {
            let parts: Vec<String> = file.findings.par_iter().map(one).collect();
            parts.iter().for_each(|p| out.push_str(p));
        } else {
            file.findings.iter().for_each(|f| out.push_str(&one(f)));
        }
    }
    out
}

/// Findings in one file from which they are rendered in parallel.
const PARALLEL_FROM: usize = 256;

/// One finding as a snippet and its help, with the blank line after it.
fn finding(
    renderer: &Renderer,
    file: &CheckedFile,
    lines: &crate::source::LineIndex,
    path: &str,
    f: &Finding,
    opts: Options,
) -> String {
    let mut out = String::new();
    if file.text.is_empty() {
        // Nothing was read (an io-error): no snippet to show, only where.
        let report = [level(f.severity)
            .primary_title(f.message.get(opts.lang))
            .id(f.rule.id())
            .element(Origin::path(path))];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
        return out;
    }
    // Only a window of the lines the finding covers goes into the snippet, so a finding
    // on a line of megabytes (a one-line export) costs what the finding costs.
    let w = lines.window(&file.text, f.range.start..f.range.end, SNIPPET_CONTEXT);
    let first = lines.line_of(w.start);
    let start = w.start;
    let end = if w.cut_after {
        w.start + w.text.len()
    } else {
        // The whole last line, with its line break, as it always was.
        let last = lines.line_of(f.range.end.saturating_sub(1).max(f.range.start));
        lines.line_start(last + 1).min(file.text.len())
    };
    let lead = if w.cut_before { ELLIPSIS } else { "" };
    let trail = if w.cut_after { ELLIPSIS } else { "" };
    let source = format!("{lead}{}{trail}", &file.text[start..end]);
    let shift = |offset: usize| offset.clamp(start, end) - start + lead.len();
    let span = shift(f.range.start)..shift(f.range.end);
    let title = match &f.unit {
        Some(u) => format!(
            "{} [{}]",
            f.message.get(opts.lang),
            macro_name(u, opts.lang)
        ),
        None => f.message.get(opts.lang).to_string(),
    };
    let title = title.as_str();
    let snippet = Snippet::source(source.as_str())
        .line_start(first + 1)
        .path(path)
        .annotation(AnnotationKind::Primary.span(span.clone()));
    let mut report: Vec<Group<'_>> = vec![
        level(f.severity)
            .primary_title(title)
            .id(f.rule.id())
            .element(snippet),
    ];
    if let Some(fix) = f.fixes.first() {
        // A safe fix is shown as a patch; an unsafe one only as advice, since it
        // replaces a contact and the sentence around it needs a human.
        if fix.safe {
            let mut help = Snippet::source(source.as_str())
                .line_start(first + 1)
                .path(path);
            for e in &fix.edits {
                if e.range.start >= start && e.range.end <= end {
                    help = help.patch(Patch::new(
                        shift(e.range.start)..shift(e.range.end),
                        e.replacement.as_str(),
                    ));
                }
            }
            report.push(
                Level::HELP
                    .secondary_title(fix.title.get(opts.lang))
                    .element(help),
            );
        } else {
            let label = match (opts.lang, fix.display_only) {
                (Lang::Ru, true) => {
                    format!("{} (подсказка: `fix` её не применяет)", fix.title.ru)
                }
                (Lang::En, true) => {
                    format!("{} (a suggestion: `fix` does not apply it)", fix.title.en)
                }
                (Lang::Ru, false) => {
                    format!("{} (небезопасно: проверьте предложение)", fix.title.ru)
                }
                (Lang::En, false) => {
                    format!("{} (unsafe: reread the sentence)", fix.title.en)
                }
            };
            report.push(Group::with_title(Level::HELP.secondary_title(label)));
        }
    }
    let rendered = renderer.render(&report);
    if w.cut_before {
        // The renderer counts the column in the window it was given; the file's is
        // further along the line.
        let shown = source[..span.start].chars().count() + 1;
        let (line, column) = lines.position(&file.text, f.range.start);
        out.push_str(&with_column(&rendered, line, shown, column));
    } else {
        out.push_str(&rendered);
    }
    out.push_str("\n\n");
    out
}

/// Characters of a finding's line shown on each side of it.
pub const SNIPPET_CONTEXT: usize = 200;
const ELLIPSIS: &str = "...";

/// `rendered` with the column of its location line (`--> path:line:shown`) set to `column`.
fn with_column(rendered: &str, line: usize, shown: usize, column: usize) -> String {
    let wrong = format!(":{line}:{shown}");
    let mut out = String::with_capacity(rendered.len() + 8);
    let mut done = false;
    for l in rendered.split_inclusive('\n') {
        match l.rfind(&wrong) {
            Some(i) if !done && (l.contains("-->") || l.contains('▸')) => {
                out.push_str(&l[..i]);
                out.push_str(&format!(":{line}:{column}"));
                out.push_str(&l[i + wrong.len()..]);
                done = true;
            }
            _ => out.push_str(l),
        }
    }
    out
}

/// What was not reported in `file` and why (`check --explain-silence`): a note per silence,
/// the words it would have covered underlined and the cue that silenced them marked.
pub fn silences(file: &CheckedFile, silences: &[crate::finding::Silence], opts: Options) -> String {
    let renderer = if opts.color {
        Renderer::styled().decor_style(DecorStyle::Unicode)
    } else {
        Renderer::plain()
    };
    let lines = file.line_index();
    let path = super::printable(&file.path);
    let mut out = String::new();
    for s in silences {
        if s.range.end > file.text.len() || s.cue.end > file.text.len() {
            continue;
        }
        let lo = s.range.start.min(s.cue.start);
        let hi = s.range.end.max(s.cue.end);
        // A window of the lines, as for findings: a line of megabytes costs what the note does.
        let w = lines.window(&file.text, lo..hi, SNIPPET_CONTEXT);
        let first = lines.line_of(w.start);
        let start = w.start;
        let end = if w.cut_after {
            w.start + w.text.len()
        } else {
            let last = lines.line_of(hi.saturating_sub(1).max(lo));
            lines.line_start(last + 1).min(file.text.len())
        };
        let lead = if w.cut_before { ELLIPSIS } else { "" };
        let trail = if w.cut_after { ELLIPSIS } else { "" };
        let source = format!("{lead}{}{trail}", &file.text[start..end]);
        let clip = |a: usize, b: usize| {
            (a.clamp(start, end) - start + lead.len())..(b.clamp(start, end) - start + lead.len())
        };
        let label = match opts.lang {
            Lang::Ru => "это",
            Lang::En => "this",
        };
        let mut snippet = Snippet::source(source.as_str())
            .line_start(first + 1)
            .path(path.as_ref())
            .annotation(AnnotationKind::Primary.span(clip(s.range.start, s.range.end)));
        if !s.range.contains(&s.cue) {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(clip(s.cue.start, s.cue.end))
                    .label(label),
            );
        }
        let report = [Level::NOTE
            .primary_title(s.message.get(opts.lang))
            .id("silenced")
            .element(snippet)];
        let rendered = renderer.render(&report);
        if w.cut_before {
            let shown = source[..clip(s.range.start, s.range.end).start]
                .chars()
                .count()
                + 1;
            let (line, column) = lines.position(&file.text, s.range.start);
            out.push_str(&with_column(&rendered, line, shown, column));
        } else {
            out.push_str(&rendered);
        }
        out.push_str("\n\n");
    }
    out
}

/// How a finding's macro is named: `macro 360001 «Продавцы::Возврат»`, `Dynamic Content
/// «Support phone (1)»`, `text at /pages/0/blurb` (a string of a file of no known shape).
pub fn macro_name(u: &crate::finding::MacroRef, lang: Lang) -> String {
    use crate::source::UnitKind;
    if u.kind == UnitKind::Text {
        let path = u.title.as_deref().unwrap_or("/");
        return match lang {
            Lang::Ru => format!("текст по пути {path}"),
            Lang::En => format!("text at {path}"),
        };
    }
    let word = match (&u.kind, lang) {
        (UnitKind::Variant, _) => "Dynamic Content",
        (_, Lang::Ru) => "макрос",
        (_, Lang::En) => "macro",
    };
    match (&u.id, &u.title) {
        (Some(id), Some(t)) => format!("{word} {id} «{t}»"),
        (Some(id), None) => format!("{word} {id}"),
        (None, Some(t)) => format!("{word} «{t}»"),
        (None, None) => word.to_string(),
    }
}

/// `Checked 12 files (340 templates; 1 with no template text): 3 errors, 1 warning, 0 infos
/// (0.04 s); catalog «Acme Pay» (acme.toml)`.
pub fn summary(summary: &Summary, seconds: f64, lang: Lang) -> String {
    // A catalog's name and path come from the repository: printed without control characters.
    let catalogs: Vec<String> = summary
        .catalogs
        .iter()
        .map(|c| super::printable(&c.describe(lang)).into_owned())
        .collect();
    let by = match (catalogs.len(), lang) {
        (0, _) => String::new(),
        (1, Lang::Ru) => format!("; каталог {}", catalogs[0]),
        (1, Lang::En) => format!("; catalog {}", catalogs[0]),
        (_, Lang::Ru) => format!("; каталоги {}", catalogs.join(", ")),
        (_, Lang::En) => format!("; catalogs {}", catalogs.join(", ")),
    };
    // What was read: templates, and files in which there was nothing to read.
    let read = match lang {
        Lang::Ru => {
            let mut r = format!(" (шаблонов: {})", summary.templates);
            if summary.files_without_text > 0 {
                r.push_str(&format!(
                    "; без текста шаблонов: {}",
                    summary.files_without_text
                ));
            }
            r
        }
        Lang::En => {
            let mut r = format!(
                " ({} template{})",
                summary.templates,
                plural(summary.templates)
            );
            if summary.files_without_text > 0 {
                r.push_str(&format!(
                    "; {} with no template text",
                    summary.files_without_text
                ));
            }
            r
        }
    };
    match lang {
        Lang::Ru => format!(
            "Проверено файлов: {}{read}; ошибок: {}, предупреждений: {}, подсказок: {} ({seconds:.2} с){by}\n",
            summary.files, summary.errors, summary.warnings, summary.infos
        ),
        Lang::En => format!(
            "Checked {} file{}{read}: {} error{}, {} warning{}, {} info{} ({seconds:.2} s){by}\n",
            summary.files,
            plural(summary.files),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.infos,
            plural(summary.infos),
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

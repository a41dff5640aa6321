//! Renders [`Diagnostic`]s like a compiler does, with the `annotate-snippets` crate (the
//! renderer of rustc's own messages):
//!
//! ```text
//! error: unknown pillar 7
//!   --> data/sessions.toml:17:10
//!    |
//! 17 | pillar = 7
//!    |          ^
//!    |
//!    = help: choose one of: 1, 2, 3, 4
//! ```

use super::error::Diagnostic;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::ops::Range;

/// Renders `diagnostic`, quoting `text` (the content of its file) when given.
///
/// `styled` adds terminal colours. Never panics, whatever the span: it is clamped into `text`.
pub fn render(diagnostic: &Diagnostic, text: Option<&str>, styled: bool) -> String {
    let loc = &diagnostic.location;
    let path = loc.file.display().to_string();
    let title = Level::ERROR.primary_title(diagnostic.message.as_str());
    let mut group: Group<'_> = match text {
        Some(text) => title.element(
            Snippet::source(text)
                .path(path)
                .annotation(AnnotationKind::Primary.span(clamp(text, &loc.span))),
        ),
        None => title.element(Origin::path(path).line(loc.line).char_column(loc.column)),
    };
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// `span` moved inside `text` and onto character boundaries.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Location;
    use std::path::Path;

    fn diagnostic(text: &str, span: Range<usize>) -> Diagnostic {
        Diagnostic {
            location: Location::in_text(Path::new("data/x.toml"), text, span),
            message: "unknown pillar 7".into(),
            hint: Some("choose one of: 1, 2, 3, 4".into()),
        }
    }

    #[test]
    fn the_rendering_names_file_line_column_quotes_the_line_and_gives_the_hint() {
        let text = "[[discussion]]\nyear = 2021\npillar = 7\n";
        let at = text.find('7').unwrap_or_default();
        let out = render(&diagnostic(text, at..at + 1), Some(text), false);
        assert!(out.starts_with("error: unknown pillar 7"), "{out}");
        assert!(out.contains("data/x.toml:3:10"), "{out}");
        assert!(out.contains("3 | pillar = 7"), "{out}");
        assert!(out.contains("help: choose one of: 1, 2, 3, 4"), "{out}");
    }

    #[test]
    fn spans_outside_the_text_or_inside_a_character_do_not_panic() {
        let text = "a = \"é\"\n";
        for span in [0..0, 5..6, 6..6, 3..100, 100..200] {
            let out = render(&diagnostic(text, span.clone()), Some(text), true);
            assert!(out.contains("unknown pillar 7"), "{span:?}: {out}");
        }
        let out = render(&diagnostic(text, 0..1), None, false);
        assert!(out.contains("data/x.toml:1:1"), "{out}");
    }
}

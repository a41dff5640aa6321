//! Errors of the source loader: where in which file, what is wrong, and how to fix it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in a source file, 1-based like an editor's, plus the byte span it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The byte range in the file, for renderers that underline it.
    pub span: Range<usize>,
}

impl Location {
    /// The location of byte `span.start` in `text`, the content of `file`.
    pub fn in_text(file: &Path, text: &str, span: Range<usize>) -> Self {
        let start = span.start.min(text.len());
        let before = text.get(..start).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Self {
            file: file.to_path_buf(),
            line,
            column,
            span,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Where the lines of a text start, so that many spans can be located in one text without
/// rescanning it from the start each time ([`Location::in_text`] is linear in the offset; a
/// file of thousands of records would be quadratic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// The byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The 1-based line of byte `offset` (offsets past the end are on the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The same location as [`Location::in_text`]`(file, text, span)`, for the `text` indexed.
    pub fn locate(&self, file: &Path, text: &str, span: Range<usize>) -> Location {
        let start = span.start.min(text.len());
        let line = self.line(start);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(line_start..start).map_or(0, |s| s.chars().count()) + 1;
        Location {
            file: file.to_path_buf(),
            line,
            column,
            span,
        }
    }
}

/// One problem found in the source data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// How to fix it, listing the valid choices where there is a closed list.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a data directory could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The data directory is missing or not a directory.
    #[error(
        "the data directory {0} does not exist; run from the project folder or pass --data DIR"
    )]
    MissingDirectory(PathBuf),
    /// The data directory holds no `*.toml` file.
    #[error("the data directory {0} holds no .toml file; pass --data DIR with the source data")]
    EmptyDirectory(PathBuf),
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The data has problems; each names its file, line and a fix.
    #[error("{}", render_all(.0))]
    Invalid(Vec<Diagnostic>),
}

impl SourceError {
    /// The problems found, if the error is about the content of the files.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Invalid(diagnostics) => diagnostics,
            _ => &[],
        }
    }
}

impl SourceError {
    /// The same error with paths under `from` moved under `to` (for data checked in a scratch
    /// copy of a directory).
    pub fn relocated(self, from: &Path, to: &Path) -> Self {
        let moved = |path: PathBuf| match path.strip_prefix(from) {
            Ok(rest) => to.join(rest),
            Err(_) => path,
        };
        match self {
            Self::Invalid(diagnostics) => Self::Invalid(
                diagnostics
                    .into_iter()
                    .map(|mut d| {
                        d.location.file = moved(d.location.file);
                        d
                    })
                    .collect(),
            ),
            Self::Io { path, source } => Self::Io {
                path: moved(path),
                source,
            },
            other => other,
        }
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based_lines_and_character_columns() {
        let text = "a = 1\nb = \"é\" x\n";
        let at = text.find('x').unwrap_or_default();
        let loc = Location::in_text(Path::new("f.toml"), text, at..at + 1);
        assert_eq!((loc.line, loc.column), (2, 9));
        assert_eq!(loc.to_string(), "f.toml:2:9");
    }

    #[test]
    fn the_line_index_locates_every_offset_as_a_scan_does() {
        let text = "\nab = 1\n\nc = \"é\u{2019}x\"\r\nlast";
        let index = LineIndex::new(text);
        let file = Path::new("f.toml");
        // Spans start on character boundaries (or past the end, for errors at end of file).
        for at in (0..=text.len() + 2).filter(|&at| at > text.len() || text.is_char_boundary(at)) {
            assert_eq!(
                index.locate(file, text, at..at + 1),
                Location::in_text(file, text, at..at + 1),
                "offset {at}"
            );
        }
    }
}

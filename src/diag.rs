//! Problems found in users' files, collected rather than returned one at a
//! time, and printed the way a compiler prints them: `file:line:col`, the
//! source line and a caret.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

use crate::world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one place of a user's file.
///
/// `code` is a stable identifier (`note-syntax`, `ftl-syntax`, …) so that
/// tests and CI filters do not depend on the wording of `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// The file the problem is in, relative to the project root when possible.
    pub file: Option<PathBuf>,
    /// Byte range inside `file`.
    pub span: Option<Range<usize>>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            span: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, file: impl Into<PathBuf>, span: Range<usize>) -> Self {
        self.file = Some(file.into());
        self.span = Some(span);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// One-based line and column of the start of the span, counted in
    /// characters, as editors show them.
    pub fn line_col(&self, world: &World) -> Option<(usize, usize)> {
        let source = world.source_text(self.file.as_deref()?)?;
        let start = self.span.as_ref()?.start.min(source.len());
        Some(line_col(&source, start))
    }

    /// `file:line:col: error[code]: message`, the form grep and editors jump to.
    pub fn short(&self, world: &World) -> String {
        let place = match (&self.file, self.line_col(world)) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}: ", f.display()),
            (Some(f), None) => format!("{}: ", f.display()),
            _ => String::new(),
        };
        format!("{place}{}[{}]: {}", self.severity, self.code, self.message)
    }

    /// The full report with the source excerpt.
    pub fn report(&self, world: &World) -> String {
        let mut files = SimpleFiles::new();
        let mut diag = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_code(self.code)
        .with_message(&self.message)
        .with_notes(self.notes.clone());
        if let Some(file) = &self.file {
            let source = world.source_text(file).unwrap_or_default();
            let id = files.add(file.display().to_string(), source.to_string());
            let span = match &self.span {
                Some(s) => clamp(s.clone(), &source),
                None => 0..0,
            };
            diag = diag.with_labels(vec![cs::Label::primary(id, span)]);
        }
        let config = term::Config::default();
        term::emit_into_string(&config, &files, &diag).unwrap_or_else(|_| self.short(world))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Keeps a span inside the text and on character boundaries, so that a
/// position reported by a parser can never make the reporter fail.
fn clamp(span: Range<usize>, source: &str) -> Range<usize> {
    let mut start = span.start.min(source.len());
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = clamp(offset..offset, source).start;
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Problems gathered while working on a project.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A path as shown to users: relative to the project root where it lies
/// inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a = 1\nб = «x»\n";
        let off = src.find('x').unwrap();
        assert_eq!(line_col(src, off), (2, 6));
        assert_eq!(line_col(src, 0), (1, 1));
    }

    #[test]
    fn clamp_keeps_char_boundaries() {
        let src = "аб";
        assert_eq!(clamp(1..3, src), 0..4);
        assert_eq!(clamp(10..20, src), 4..4);
    }
}

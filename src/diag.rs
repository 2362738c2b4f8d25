//! Problems found in users' files, collected rather than returned one at a
//! time (as fluent-rs collects format errors), and printed the way a
//! compiler prints them: `file:line:col`, the source line and a caret.
//!
//! This module depends on nothing else in the crate: the text of the files
//! a diagnostic points into comes through [`Sources`], which the
//! project's `World` implements.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// How bad a problem is: errors fail `check` and stop a note from being
/// built; warnings fail `check` only under `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look; nothing is refused.
    Warning,
    /// The project, or a note, cannot be trusted until this is fixed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A place a diagnostic points at: a file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// Relative to the project root where the file lies inside it.
    pub file: PathBuf,
    /// Byte range in the file; `None` when the problem concerns the whole file.
    pub span: Option<Range<usize>>,
    /// What is here, printed beside the caret.
    pub message: String,
}

/// One problem, at one place in a user's file, perhaps with further places
/// that explain it (the reference definition of a missing translation).
///
/// `code` is a stable identifier (`note-syntax`, `ftl-syntax`, …) so that
/// tests and CI filters do not depend on the wording of `message`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The check id, as listed in the README.
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The place to fix; `None` for problems with no place (rare).
    pub primary: Option<Box<Label>>,
    /// Places that explain the problem.
    pub secondary: Vec<Label>,
    /// Hints and context, printed after the excerpt (`= …`).
    pub notes: Vec<String>,
}

/// The text of the files diagnostics point into.
pub trait Sources {
    /// The file's text as read, or `None` if it was never read.
    fn source(&self, file: &Path) -> Option<Arc<str>>;
}

impl Diagnostic {
    /// An error with no place yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning with no place yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points at a whole file.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.primary = Some(Box::new(Label {
            file: file.into(),
            span: None,
            message: String::new(),
        }));
        self
    }

    /// Points at a byte range of a file.
    pub fn at(mut self, file: impl Into<PathBuf>, span: Range<usize>) -> Self {
        self.primary = Some(Box::new(Label {
            file: file.into(),
            span: Some(span),
            message: String::new(),
        }));
        self
    }

    /// Words printed beside the primary caret.
    pub fn labelled(mut self, message: impl Into<String>) -> Self {
        if let Some(p) = &mut self.primary {
            p.message = message.into();
        }
        self
    }

    /// A further place that explains the problem.
    pub fn also(
        mut self,
        file: impl Into<PathBuf>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label {
            file: file.into(),
            span,
            message: message.into(),
        });
        self
    }

    /// A hint or context line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The file to fix.
    pub fn file(&self) -> Option<&Path> {
        self.primary.as_ref().map(|l| l.file.as_path())
    }

    /// The byte range to fix.
    pub fn span(&self) -> Option<Range<usize>> {
        self.primary.as_ref().and_then(|l| l.span.clone())
    }

    /// One-based line and column of the primary place, counted in
    /// characters, as editors show them.
    pub fn line_col(&self, sources: &dyn Sources) -> Option<(usize, usize)> {
        let label = self.primary.as_ref()?;
        let source = sources.source(&label.file)?;
        Some(line_col(&source, label.span.as_ref()?.start))
    }

    /// `file:line:col: error[code]: message`, the form grep and editors jump to.
    pub fn short(&self, sources: &dyn Sources) -> String {
        let place = match (self.file(), self.line_col(sources)) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}: ", f.display()),
            (Some(f), None) => format!("{}: ", f.display()),
            _ => String::new(),
        };
        format!("{place}{}[{}]: {}", self.severity, self.code, self.message)
    }

    /// The full report with source excerpts, as a compiler prints it.
    pub fn report(&self, sources: &dyn Sources) -> String {
        let mut files = SimpleFiles::new();
        let mut ids: Vec<(PathBuf, usize, usize)> = Vec::new();
        let mut labels = Vec::new();
        let mut whole_files = Vec::new();
        let all = self.primary.iter().map(|l| (true, &**l));
        for (primary, label) in all.chain(self.secondary.iter().map(|l| (false, l))) {
            let Some(span) = &label.span else {
                whole_files.push((primary, label));
                continue;
            };
            let (id, len) = match ids.iter().find(|(f, _, _)| f == &label.file) {
                Some((_, id, len)) => (*id, *len),
                None => {
                    let source = sources.source(&label.file).unwrap_or_default();
                    let id = files.add(label.file.display().to_string(), source.to_string());
                    ids.push((label.file.clone(), id, source.len()));
                    (id, source.len())
                }
            };
            let text = sources.source(&label.file).unwrap_or_default();
            let span = clamp(span.clone(), &text[..len.min(text.len())]);
            let l = if primary {
                cs::Label::primary(id, span)
            } else {
                cs::Label::secondary(id, span)
            };
            labels.push(l.with_message(&label.message));
        }
        let mut notes: Vec<String> = whole_files
            .iter()
            .map(|(primary, l)| {
                let what = if l.message.is_empty() { "" } else { ": " };
                let place = if *primary { "in" } else { "see" };
                format!("{place} {}{what}{}", l.file.display(), l.message)
            })
            .collect();
        notes.extend(self.notes.iter().cloned());
        let diag = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_code(self.code)
        .with_message(&self.message)
        .with_labels(labels)
        .with_notes(notes);
        let config = term::Config::default();
        let mut text =
            term::emit_into_string(&config, &files, &diag).unwrap_or_else(|_| self.short(sources));
        if !text.ends_with("\n\n") {
            text.push('\n');
        }
        text
    }
}

/// Keeps a span inside the text and on character boundaries, so that a
/// position reported by a parser can never make the reporter fail.
pub fn clamp(span: Range<usize>, source: &str) -> Range<usize> {
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

/// One-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = clamp(offset..offset, source).start;
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Problems gathered while working on a project, each kept once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem unless the same one is already here: the loader and
    /// a render may find one fault twice, and it is reported once.
    pub fn push(&mut self, d: Diagnostic) {
        if !self.0.contains(&d) {
            self.0.push(d);
        }
    }

    /// Adds several problems.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        for d in other {
            self.push(d);
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Errors whose place to fix is `file`.
    pub fn errors_in<'a>(&'a self, file: &'a Path) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.0
            .iter()
            .filter(move |d| d.severity == Severity::Error && d.file() == Some(file))
    }

    /// Sorted by file and position, so reports read top to bottom and are
    /// the same from run to run.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file().map(Path::to_path_buf),
                    d.span().map(|s| s.start),
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        let mut out = Diagnostics::default();
        out.extend(v);
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Items quoted as code and joined for a message: `` `a`, `b` ``; `prefix`
/// goes inside the quotes (`$` for variables).
pub fn quoted<T: fmt::Display>(prefix: &str, items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{prefix}{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo: the "did you mean" of unknown keys, styles and series.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(word);
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let same_letters = fold(c) == folded;
            let distance = if same_letters {
                0
            } else {
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase())
            };
            (distance, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Letters and digits only, lower-cased, then Cyrillic look-alikes read as
/// the Latin letters they look like: `NCT-ICT`, `nct/ict` and `NCT/IСT`
/// (with a Cyrillic `С`) fold alike, and a Cyrillic word folds alike in
/// either case.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| latin_twin(c).unwrap_or(c))
        .collect()
}

/// Cyrillic letters (Russian and Kazakh keyboards type them) drawn like
/// Latin ones, and those Latin letters. Typed with the wrong keyboard
/// layout still on, they make a name that looks right and is not.
const TWINS: &[(char, char)] = &[
    ('а', 'a'),
    ('е', 'e'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('у', 'y'),
    ('х', 'x'),
    ('к', 'k'),
    ('і', 'i'),
    ('һ', 'h'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('Х', 'X'),
    ('І', 'I'),
    ('Һ', 'H'),
    ('Ј', 'J'),
    ('Ѕ', 'S'),
    ('Ү', 'Y'),
    ('ү', 'y'),
];

/// The Latin letter the Cyrillic `c` looks like, if any.
pub fn latin_twin(c: char) -> Option<char> {
    TWINS
        .iter()
        .find(|(cyrillic, _)| *cyrillic == c)
        .map(|(_, latin)| *latin)
}

/// Why a name that looks right is not found: it holds a Cyrillic letter
/// drawn like a Latin one (`` `С` in `NCT/IСT` is the Cyrillic letter
/// U+0421, not the Latin `C` ``). `None` when it holds none, or no Latin
/// letter either (a word in Cyrillic is not a slip of the keyboard).
pub fn lookalike(word: &str) -> Option<String> {
    if !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (c, twin) = word.chars().find_map(|c| Some((c, latin_twin(c)?)))?;
    Some(format!(
        "`{c}` in `{word}` is the Cyrillic letter U+{:04X}, not the Latin `{twin}`: type it with the Latin keyboard layout",
        u32::from(c)
    ))
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

    #[test]
    fn suggestions_find_typos_and_separator_variants() {
        let keys = ["action", "continued", "body"];
        assert_eq!(suggest("continud", keys), Some("continued"));
        assert_eq!(suggest("bdy", keys), Some("body"));
        assert_eq!(suggest("signature", keys), None);
        assert_eq!(suggest("NCT-ICT", ["NCT/ICT", "NCT/SEC"]), Some("NCT/ICT"));
        assert_eq!(suggest("nct/ict", ["NCT/ICT"]), Some("NCT/ICT"));
        // Cyrillic look-alikes read as the Latin letters they look like.
        assert_eq!(suggest("кк", ["en", "kk", "ru"]), Some("kk"));
        assert_eq!(suggest("NCT/IСT", ["NCT/ICT"]), Some("NCT/ICT"));
        assert_eq!(suggest("рlace", ["place"]), Some("place"));
    }

    #[test]
    fn a_cyrillic_look_alike_is_named_only_among_latin_letters() {
        assert_eq!(
            lookalike("NCT/IСT").as_deref(),
            Some(
                "`С` in `NCT/IСT` is the Cyrillic letter U+0421, not the Latin `C`: type it with the Latin keyboard layout"
            )
        );
        // A word in Russian or Kazakh is no slip of the keyboard.
        assert_eq!(lookalike("мерзім"), None);
        assert_eq!(lookalike("кк"), None);
        assert_eq!(lookalike("place"), None);
    }

    #[test]
    fn the_same_problem_is_kept_once() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("x", "a").at("f", 0..1));
        d.push(Diagnostic::error("x", "a").at("f", 0..1));
        d.push(Diagnostic::warning("y", "b"));
        assert_eq!((d.len(), d.errors(), d.warnings()), (2, 1, 1));
    }
}

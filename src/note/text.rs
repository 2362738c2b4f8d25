//! A note's own text is a Fluent pattern, read by the Fluent parser like a
//! message of the locale: it is handed to the parser as `text =` with the
//! text indented below, and every position the parser reports is mapped
//! back through that wrapping and through the TOML string to the note file.

use std::ops::Range;
use std::path::Path;

use fluent_bundle::FluentArgs;
use fluent_syntax::ast;

use super::NoteText;
use super::strings;
use crate::diag::{Diagnostic, Label};
use crate::i18n::ftl::{self, Entry};
use crate::i18n::{FormatError, Locale};

/// The id the wrapped text is parsed under.
const ID: &str = "text";

/// A note text, parsed, with what it uses placed in the note file.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The text as a one-message Fluent source.
    source: String,
    /// What the pattern uses; spans are in the note file.
    pub entry: Entry,
}

impl NoteText {
    /// Parses the text as a Fluent pattern. `file_source` is the note file;
    /// `lang` and `key` name the text in messages.
    pub fn compile(
        &self,
        path: &Path,
        file_source: &str,
        lang: &str,
        key: &str,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        if self.text.trim().is_empty() {
            return Err(vec![
                Diagnostic::error(
                    "note-empty-text",
                    format!("text `{key}` in `{lang}` is still empty"),
                )
                .at(path, self.span.clone())
                .labelled("write the text here"),
            ]);
        }
        let wrapped = Wrapped::new(&self.text);
        let to_file = |span: Range<usize>| self.file_span(file_source, wrapped.text_span(span));
        if let Some(at) = ftl::too_deep(&wrapped.source) {
            let d = ftl::too_deep_error(path, at);
            let mut d = remap(d, &to_file);
            d.code = "note-text";
            return Err(vec![d.with_note(format!("in text `{key}` of `{lang}`"))]);
        }
        let source = ftl::parseable(&wrapped.source);
        let (resource, errors) = match fluent_syntax::parser::parse(&*source) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    let d = match special_line_start(&wrapped.source, e.pos.start) {
                        Some((c, at)) => Diagnostic::error(
                            "note-text",
                            format!("a line of text `{key}` in `{lang}` starts with `{c}`, which Fluent reads as syntax"),
                        )
                        .at(path, at..at + c.len_utf8())
                        .with_note(format!(
                            "join the line to the one before, or write the character as {{ \"{c}\" }}"
                        )),
                        None => ftl::syntax_error(path, &wrapped.source, e),
                    };
                    let mut d = remap(d, &to_file);
                    d.code = "note-text";
                    d.with_note(format!("in text `{key}` of `{lang}`"))
                })
                .collect());
        }
        // A line starting with `.` would be read as an attribute and the
        // rest of the text after it dropped from the note.
        let attributes: Vec<Diagnostic> = resource
            .body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) if m.id.name == ID => Some(&m.attributes),
                _ => None,
            })
            .flatten()
            .map(|a| {
                let at = ftl::span_of(&wrapped.source, a.id.name);
                let at = to_file(at.start.saturating_sub(1)..at.end);
                Diagnostic::error(
                    "note-text",
                    format!("a line of text `{key}` in `{lang}` starts with `.`, which Fluent would read as the start of an attribute, dropping the rest"),
                )
                .at(path, at)
                .with_note("join the line to the one before, or write the dot as { \".\" }")
            })
            .collect();
        if !attributes.is_empty() {
            return Err(attributes);
        }
        let mut entry = ftl::index(path, &wrapped.source, &resource)
            .into_iter()
            .find(|e| e.id == ID)
            .unwrap_or_else(|| empty_entry(path));
        entry.span = self.span.clone();
        entry.extent = self.span.clone();
        for (_, s) in &mut entry.variables {
            *s = to_file(s.clone());
        }
        for r in &mut entry.references {
            r.span = to_file(r.span.clone());
        }
        for c in &mut entry.calls {
            c.span = to_file(c.span.clone());
        }
        for s in &mut entry.selects {
            s.span = to_file(s.span.clone());
            for (_, k) in &mut s.keys {
                *k = to_file(k.clone());
            }
        }
        Ok(Compiled {
            source: wrapped.source,
            entry,
        })
    }

    /// Where a byte range of the text stands in the note file; the whole
    /// value when the string cannot be mapped.
    pub fn file_span(&self, file_source: &str, span: Range<usize>) -> Range<usize> {
        let raw = file_source.get(self.span.clone()).unwrap_or("");
        match strings::offsets(raw, &self.text) {
            Some(map) => {
                let at = |i: usize| self.span.start + map[i.min(map.len() - 1)];
                at(span.start)..at(span.end).max(at(span.start))
            }
            None => self.span.clone(),
        }
    }
}

impl Compiled {
    /// The text in words: resolved against `locale` with `args`.
    pub fn format(&self, locale: &Locale, args: &FluentArgs) -> Result<String, FormatError> {
        let source = ftl::parseable(&self.source);
        let resource = match fluent_syntax::parser::parse(&*source) {
            Ok(r) | Err((r, _)) => r,
        };
        let pattern = resource.body.iter().find_map(|e| match e {
            ast::Entry::Message(m) if m.id.name == ID => m.value.as_ref(),
            _ => None,
        });
        match pattern {
            Some(p) => locale.format_pattern(p, Some(args)),
            None => Ok(String::new()),
        }
    }

    /// Where `$name` is used in the note file.
    pub fn variable_span(&self, name: &str) -> Option<Range<usize>> {
        self.entry
            .variables
            .iter()
            .find(|(v, _)| v == name)
            .map(|(_, s)| s.clone())
    }

    /// Where message or term `id` is referred to in the note file.
    pub fn reference_span(&self, id: &str) -> Option<Range<usize>> {
        let bare = id.split_once('.').map_or(id, |(m, _)| m);
        self.entry
            .references
            .iter()
            .find(|r| r.id == bare || r.id == format!("-{bare}"))
            .map(|r| r.span.clone())
    }
}

/// The character at `at` when it begins a line and is one Fluent reads
/// as syntax there (`[`, `*`, `.`, `}`).
fn special_line_start(source: &str, at: usize) -> Option<(char, usize)> {
    let line_start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    // The parser may stop at the line's indentation.
    let indent =
        source.get(line_start..)?.len() - source[line_start..].trim_start_matches(' ').len();
    let first = line_start + indent;
    if at > first {
        return None;
    }
    let c = source.get(first..)?.chars().next()?;
    "[*.}".contains(c).then_some((c, first))
}

fn empty_entry(path: &Path) -> Entry {
    Entry {
        id: ID.into(),
        file: path.to_path_buf(),
        span: 0..0,
        extent: 0..0,
        has_value: false,
        attributes: Vec::new(),
        variables: Vec::new(),
        references: Vec::new(),
        calls: Vec::new(),
        selects: Vec::new(),
        words: false,
    }
}

fn remap(mut d: Diagnostic, to_file: &dyn Fn(Range<usize>) -> Range<usize>) -> Diagnostic {
    let fix = |l: &mut Label| {
        if let Some(s) = &l.span {
            l.span = Some(to_file(s.clone()));
        }
    };
    if let Some(p) = &mut d.primary {
        fix(p);
    }
    d.secondary.iter_mut().for_each(fix);
    d
}

/// A note text as a Fluent message: `text =` and the text's lines, each
/// indented by four spaces, remembering where each line came from.
struct Wrapped {
    source: String,
    /// For each line: its start in `source` and in the text.
    lines: Vec<(usize, usize)>,
}

impl Wrapped {
    fn new(text: &str) -> Wrapped {
        let mut source = format!("{ID} =\n");
        let mut lines = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim_start();
            if !trimmed.trim_end().is_empty() {
                source.push_str("    ");
                lines.push((source.len(), offset + (body.len() - trimmed.len())));
                source.push_str(trimmed.trim_end());
            }
            source.push('\n');
            offset += line.len();
        }
        Wrapped { source, lines }
    }

    /// The text offset of a source offset.
    fn text_offset(&self, at: usize) -> usize {
        match self.lines.iter().rev().find(|(s, _)| *s <= at) {
            Some((s, t)) => t + (at - s),
            None => self.lines.first().map_or(0, |(_, t)| *t),
        }
    }

    fn text_span(&self, span: Range<usize>) -> Range<usize> {
        self.text_offset(span.start)..self.text_offset(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note_text(file: &str, value: &str) -> NoteText {
        let start = file.find(value).unwrap() - 3;
        NoteText {
            text: value.trim_start_matches('\n').to_string(),
            span: start..file.len() - 1,
            key_span: 0..4,
        }
    }

    #[test]
    fn positions_map_back_through_wrapping_and_toml() {
        let file = "body = '''\nFirst line\n  second { $dedline } here\n'''\n";
        let text = note_text(file, "\nFirst line\n  second { $dedline } here\n");
        let compiled = text
            .compile(Path::new("n.toml"), file, "en", "body")
            .unwrap();
        let span = compiled.variable_span("dedline").unwrap();
        assert_eq!(&file[span], "$dedline");
    }

    #[test]
    fn an_unclosed_brace_in_a_text_points_at_the_brace() {
        let file = "body = '''\nOne { $x } two { three\n'''\n";
        let text = note_text(file, "\nOne { $x } two { three\n");
        let diags = text
            .compile(Path::new("n.toml"), file, "kk", "body")
            .unwrap_err();
        let span = diags[0].span().unwrap();
        assert_eq!(&file[span.clone()], "{");
        assert_eq!(span.start, file.find("{ three").unwrap());
    }

    #[test]
    fn a_line_starting_with_a_dot_is_refused_not_dropped() {
        let file = "body = '''\nLine one.\n.extra = HIDDEN\nmore\n'''\n";
        let text = note_text(file, "\nLine one.\n.extra = HIDDEN\nmore\n");
        let diags = text
            .compile(Path::new("n.toml"), file, "en", "body")
            .unwrap_err();
        assert!(
            diags[0].message.contains("starts with `.`"),
            "{}",
            diags[0].message
        );
        assert_eq!(&file[diags[0].span().unwrap()], ".extra");
    }

    #[test]
    fn a_line_starting_with_a_star_says_so() {
        let file = "body = '''\nLine one.\n*starred\n'''\n";
        let text = note_text(file, "\nLine one.\n*starred\n");
        let diags = text
            .compile(Path::new("n.toml"), file, "en", "body")
            .unwrap_err();
        assert!(
            diags[0].message.contains("starts with `*`"),
            "{}",
            diags[0].message
        );
        assert_eq!(&file[diags[0].span().unwrap()], "*");
    }

    #[test]
    fn an_empty_text_says_so() {
        let file = "action = \"\"\n";
        let text = NoteText {
            text: String::new(),
            span: 9..11,
            key_span: 0..6,
        };
        let diags = text
            .compile(Path::new("n.toml"), file, "ru", "action")
            .unwrap_err();
        assert_eq!(diags[0].message, "text `action` in `ru` is still empty");
    }
}

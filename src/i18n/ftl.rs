//! What an `.ftl` file defines and uses, read from fluent-syntax's tree.
//!
//! The tree has no positions, but parsed from a `&str` every name in it is
//! a slice of the source, so each identifier's place is exact: its offset
//! is where the slice starts in the source. Syntax errors carry the
//! parser's position and the slice of junk it skipped; [`syntax_error`]
//! turns them into diagnostics that point at the cause.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{self, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use fluent_syntax::parser::{ErrorKind, ParserError};

use crate::diag::Diagnostic;

/// A reference from one entry to a message or term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `id`, or `-id` for a term.
    pub id: String,
    /// `.attr` after the id.
    pub attribute: Option<String>,
    /// Where the id stands.
    pub span: Range<usize>,
}

/// An argument of a function call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Argument {
    /// `$name`
    Variable(String),
    /// `"text"`
    String(String),
    /// `42`
    Number(String),
    /// A message, term or nested call.
    Other,
}

/// A call of a function (`DAY($date)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `DAY`
    pub name: String,
    /// Where the name stands.
    pub span: Range<usize>,
    /// Positional arguments, with their places.
    pub positional: Vec<(Argument, Range<usize>)>,
    /// Names of named arguments, with their places.
    pub named: Vec<(String, Range<usize>)>,
}

/// A select expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// Where the selector stands.
    pub span: Range<usize>,
    /// The variant keys (`one`, `few`, `7`), with where each stands.
    pub keys: Vec<(String, Range<usize>)>,
}

/// One message or term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `id`, or `-id` for a term.
    pub id: String,
    /// The file it is defined in.
    pub file: PathBuf,
    /// Where the id stands at the definition.
    pub span: Range<usize>,
    /// From the id to the end of the entry's last line.
    pub extent: Range<usize>,
    /// Whether the entry has a value (a message may have only attributes).
    pub has_value: bool,
    /// Attribute names with where each stands.
    pub attributes: Vec<(String, Range<usize>)>,
    /// Variables the entry itself uses, value and attributes together.
    pub variables: Vec<(String, Range<usize>)>,
    /// Messages and terms it refers to.
    pub references: Vec<Reference>,
    /// Functions it calls.
    pub calls: Vec<Call>,
    /// Its select expressions.
    pub selects: Vec<Select>,
    /// Whether its text outside placeables has a letter: one without
    /// (`№ { $number }`) reads the same in every language, so being equal
    /// to the reference's says nothing about whether it was translated.
    pub words: bool,
}

impl Entry {
    /// A term (`-org`), not a message.
    pub fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// The span of attribute `name`, if the entry has it.
    pub fn attribute(&self, name: &str) -> Option<Range<usize>> {
        self.attributes
            .iter()
            .find(|(a, _)| a == name)
            .map(|(_, s)| s.clone())
    }
}

/// The entries of one parsed source, in order, and its syntax errors.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Messages and terms in the order written.
    pub entries: Vec<Entry>,
    /// Syntax errors, ready to print.
    pub errors: Vec<Diagnostic>,
}

/// Placeables nested deeper than this are refused before Fluent's parser,
/// which recurses once per level, sees them: no message needs more than a
/// few, and a few thousand would overflow the stack.
pub const MAX_NESTING: usize = 32;

/// `source` as fluent-syntax may be given it. fluent-syntax 0.12 panics
/// on a `\u` or `\U` escape in a string literal that is cut short by a
/// character outside ASCII (`"\uҢ"`): reporting the bad escape, it slices
/// one byte past it. Where the source holds such an escape, that character
/// is replaced by as many `?` as it has bytes, so that every offset stays
/// the same and the parser reports the escape; the source is left as it
/// is when none of them is in a string literal (plain text keeps its
/// backslashes).
pub fn parseable(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    let mut cut: Option<Vec<u8>> = None;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let length = match (bytes[i], bytes[i + 1]) {
            (b'\\', b'u') => 4,
            (b'\\', b'U') => 6,
            _ => {
                i += 1;
                continue;
            }
        };
        let digits = bytes[i + 2..]
            .iter()
            .take(length)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let at = i + 2 + digits;
        if digits < length && bytes.get(at).is_some_and(|b| !b.is_ascii()) {
            let width = source[at..].chars().next().map_or(1, char::len_utf8);
            let out = cut.get_or_insert_with(|| bytes.to_vec());
            out[at..at + width].fill(b'?');
        }
        i = at.max(i + 2);
    }
    let Some(cut) = cut else {
        return Cow::Borrowed(source);
    };
    let cut = String::from_utf8(cut).unwrap_or_default();
    let bad_escape = match fluent_syntax::parser::parse(cut.as_str()) {
        Ok(_) => false,
        Err((_, errors)) => errors
            .iter()
            .any(|e| matches!(e.kind, ErrorKind::InvalidUnicodeEscapeSequence(_))),
    };
    if bad_escape {
        Cow::Owned(cut)
    } else {
        Cow::Borrowed(source)
    }
}

/// Where a `{` opens a placeable nested deeper than [`MAX_NESTING`], if one
/// does; braces inside string literals are not counted.
pub fn too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in source.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if depth > 0 => in_string = true,
            '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The error for placeables nested too deep, at the `{` that goes too far.
pub fn too_deep_error(file: &Path, at: usize) -> Diagnostic {
    Diagnostic::error(
        "ftl-syntax",
        format!("placeables are nested more than {MAX_NESTING} deep"),
    )
    .at(file, at..at + 1)
    .labelled("this `{` is one too many")
}

/// Parses the text of an `.ftl` file.
pub fn parse(file: &Path, source: &str) -> Parsed {
    if let Some(at) = too_deep(source) {
        return Parsed {
            entries: Vec::new(),
            errors: vec![too_deep_error(file, at)],
        };
    }
    let parseable = parseable(source);
    let source: &str = &parseable;
    let (resource, errors) = match fluent_syntax::parser::parse(source) {
        Ok(r) => (r, Vec::new()),
        Err((r, e)) => (r, e),
    };
    let max = crate::schema::MAX_SYNTAX_ERRORS;
    let mut reported: Vec<Diagnostic> = errors
        .iter()
        .take(max)
        .map(|e| syntax_error(file, source, e))
        .collect();
    if errors.len() > max
        && let Some(last) = reported.pop()
    {
        reported.push(last.with_note(format!(
            "and {} more syntax errors in this file",
            errors.len() - max
        )));
    }
    let mut parsed = Parsed {
        errors: reported,
        entries: Vec::new(),
    };
    parsed.entries = index(file, source, &resource);
    parsed
}

/// Indexes the messages and terms of a parsed resource.
pub fn index(file: &Path, source: &str, resource: &ast::Resource<&str>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for entry in &resource.body {
        let (id, term, value, attributes) = match entry {
            ast::Entry::Message(m) => (&m.id, false, m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (&t.id, true, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let id_span = span_of(source, id.name);
        let span = if term {
            id_span.start.saturating_sub(1)..id_span.end
        } else {
            id_span
        };
        let mut found = Entry {
            id: if term {
                format!("-{}", id.name)
            } else {
                id.name.to_string()
            },
            file: file.to_path_buf(),
            extent: span.clone(),
            span,
            has_value: value.is_some(),
            attributes: Vec::new(),
            variables: Vec::new(),
            references: Vec::new(),
            calls: Vec::new(),
            selects: Vec::new(),
            words: false,
        };
        let mut walker = Walker {
            source,
            entry: &mut found,
            end: 0,
        };
        if let Some(p) = value {
            walker.pattern(p);
        }
        for a in attributes {
            let at = span_of(source, a.id.name);
            walker.end = walker.end.max(at.end);
            walker.entry.attributes.push((a.id.name.to_string(), at));
            walker.pattern(&a.value);
        }
        let end = walker.end.max(found.span.end);
        found.extent = found.span.start..line_end(source, end);
        entries.push(found);
    }
    entries
}

/// Where a slice of `source` lies in it. Slices the parser made from the
/// source are always inside it; anything else maps to an empty span at 0.
pub fn span_of(source: &str, slice: &str) -> Range<usize> {
    let start = (slice.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    if start <= source.len() && start + slice.len() <= source.len() {
        start..start + slice.len()
    } else {
        0..0
    }
}

fn line_end(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1)
}

/// Walks a pattern, recording what it uses.
struct Walker<'s, 'e> {
    source: &'s str,
    entry: &'e mut Entry,
    /// The furthest position seen, for the entry's extent.
    end: usize,
}

impl<'s> Walker<'s, '_> {
    fn at(&mut self, slice: &'s str) -> Range<usize> {
        let span = span_of(self.source, slice);
        self.end = self.end.max(span.end);
        span
    }

    fn pattern(&mut self, p: &Pattern<&'s str>) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => {
                    self.at(value);
                    if value.chars().any(char::is_alphabetic) {
                        self.entry.words = true;
                    }
                }
                PatternElement::Placeable { expression } => self.expression(expression),
            }
        }
    }

    fn expression(&mut self, e: &Expression<&'s str>) {
        match e {
            Expression::Inline(i) => {
                self.inline(i);
            }
            Expression::Select { selector, variants } => {
                let span = self.inline(selector);
                let mut keys = Vec::new();
                for v in variants {
                    keys.push(match &v.key {
                        VariantKey::Identifier { name } => (name.to_string(), self.at(name)),
                        VariantKey::NumberLiteral { value } => (value.to_string(), self.at(value)),
                    });
                    self.pattern(&v.value);
                }
                self.entry.selects.push(Select { span, keys });
            }
        }
    }

    /// Records an inline expression and returns where it stands.
    fn inline(&mut self, i: &InlineExpression<&'s str>) -> Range<usize> {
        match i {
            InlineExpression::VariableReference { id } => {
                let span = self.at(id.name);
                let span = span.start.saturating_sub(1)..span.end;
                self.entry
                    .variables
                    .push((id.name.to_string(), span.clone()));
                span
            }
            InlineExpression::MessageReference { id, attribute } => {
                let span = self.at(id.name);
                if let Some(a) = attribute {
                    self.at(a.name);
                }
                self.entry.references.push(Reference {
                    id: id.name.to_string(),
                    attribute: attribute.as_ref().map(|a| a.name.to_string()),
                    span: span.clone(),
                });
                span
            }
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let span = self.at(id.name);
                let span = span.start.saturating_sub(1)..span.end;
                if let Some(a) = attribute {
                    self.at(a.name);
                }
                self.entry.references.push(Reference {
                    id: format!("-{}", id.name),
                    attribute: attribute.as_ref().map(|a| a.name.to_string()),
                    span: span.clone(),
                });
                if let Some(args) = arguments {
                    self.arguments(args);
                }
                span
            }
            InlineExpression::FunctionReference { id, arguments } => {
                let span = self.at(id.name);
                let mut call = Call {
                    name: id.name.to_string(),
                    span: span.clone(),
                    positional: Vec::new(),
                    named: Vec::new(),
                };
                for a in &arguments.positional {
                    let arg = match a {
                        InlineExpression::VariableReference { id } => {
                            Argument::Variable(id.name.to_string())
                        }
                        InlineExpression::StringLiteral { value } => {
                            Argument::String(value.to_string())
                        }
                        InlineExpression::NumberLiteral { value } => {
                            Argument::Number(value.to_string())
                        }
                        _ => Argument::Other,
                    };
                    let at = self.inline(a);
                    call.positional.push((arg, at));
                }
                for n in &arguments.named {
                    let at = self.at(n.name.name);
                    call.named.push((n.name.name.to_string(), at));
                    self.inline(&n.value);
                }
                self.entry.calls.push(call);
                span
            }
            InlineExpression::Placeable { expression } => {
                let before = self.end;
                self.expression(expression);
                before..self.end
            }
            InlineExpression::StringLiteral { value }
            | InlineExpression::NumberLiteral { value } => self.at(value),
        }
    }

    fn arguments(&mut self, args: &ast::CallArguments<&'s str>) {
        for a in &args.positional {
            self.inline(a);
        }
        for a in &args.named {
            self.at(a.name.name);
            self.inline(&a.value);
        }
    }
}

/// A syntax error as a diagnostic pointing at its cause: an unclosed `{`
/// at the `{` itself, a tab where indentation belongs at the tab, and an
/// error at the very end of the file at its last character.
pub fn syntax_error(file: &Path, source: &str, e: &ParserError) -> Diagnostic {
    let junk = e.slice.clone().unwrap_or(e.pos.clone());
    let junk_text = source.get(junk.clone()).unwrap_or("");
    if let Some(tab) = indentation_tab(junk_text) {
        let at = junk.start + tab;
        return Diagnostic::error("ftl-syntax", "a tab is used to indent: Fluent indents with spaces only")
            .at(file, at..at + 1)
            .labelled("this tab")
            .with_note("replace the tab with spaces; the lines of a message after the first are indented with spaces");
    }
    let message = e.kind.to_string();
    let (pos, at_end) = inside(source, e.pos.clone());
    if matches!(
        e.kind,
        ErrorKind::ExpectedCharRange { .. } | ErrorKind::ExpectedInlineExpression
    ) && let Some(c) = source.get(pos.start..).and_then(|s| s.chars().next())
        && c.is_alphabetic()
        && !c.is_ascii()
    {
        // A name typed with a Russian or Kazakh keyboard layout on.
        let d = Diagnostic::error(
            "ftl-syntax",
            format!(
                "names of messages, terms and variables are written in Latin letters, and `{c}` (U+{:04X}) is not one",
                u32::from(c)
            ),
        )
        .at(file, pos.start..pos.start + c.len_utf8());
        let word: String = source[pos.start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let d = match crate::diag::lookalike(&word) {
            Some(why) => d.with_note(why),
            None => d.with_note("type the name with the Latin keyboard layout"),
        };
        let line_start = pos.start == 0 || source.as_bytes().get(pos.start - 1) == Some(&b'\n');
        return if line_start {
            d.with_note("if this line continues the message above, indent it with spaces")
        } else {
            d
        };
    }
    if matches!(e.kind, ErrorKind::ExpectedToken('}'))
        && let Some(open) = unclosed_brace(junk_text, pos.start.saturating_sub(junk.start))
    {
        let open = junk.start + open;
        let here = if at_end {
            "the file ends here"
        } else {
            "a `}` was expected here"
        };
        return Diagnostic::error("ftl-syntax", "this `{` is never closed with `}`")
            .at(file, open..open + 1)
            .labelled("opened here")
            .also(file, Some(pos), here);
    }
    let d = Diagnostic::error("ftl-syntax", message).at(file, pos);
    if at_end {
        d.labelled("the file ends here")
    } else {
        d
    }
}

/// Keeps a parser position on a character of the source: a position at or
/// past the end moves to the last character that is not white space.
fn inside(source: &str, pos: Range<usize>) -> (Range<usize>, bool) {
    let content_end = source.trim_end().len();
    if pos.start < content_end {
        let end = pos.end.clamp(pos.start, source.len());
        return (crate::diag::clamp(pos.start..end, source), false);
    }
    let last = source[..content_end]
        .char_indices()
        .last()
        .map_or(0, |(i, _)| i);
    (last..content_end, true)
}

/// Offset of a tab in the indentation of a line of `junk`.
fn indentation_tab(junk: &str) -> Option<usize> {
    let mut offset = 0;
    for line in junk.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}

/// Offset in `text` of the last `{` before `until` that no `}` closes,
/// skipping braces inside string literals.
fn unclosed_brace(text: &str, until: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if i >= until && until > 0 {
            break;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if !open.is_empty() => in_string = true,
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unicode_escape_cut_short_by_a_letter_is_an_error_not_a_panic() {
        // Found by the property tests: fluent-syntax itself panicked here.
        for source in ["k = {\"\\uҢ\"}\n", "k = {\"a\\U12Ё\"}\n", "k = {\"\\u\"}\n"] {
            let given = parseable(source);
            assert_eq!(given.len(), source.len(), "offsets kept");
            let parsed = parse(Path::new("locales/kk/x.ftl"), source);
            assert!(
                parsed
                    .errors
                    .iter()
                    .any(|d| d.message.contains("escape") || d.message.contains("\\u")),
                "{source}: {:?}",
                parsed.errors
            );
        }
        // In plain text a backslash is text, and the letter stays.
        let text = "k = C:\\uҢ\n";
        assert!(matches!(parseable(text), Cow::Borrowed(_)));
    }

    fn first_error(src: &str) -> Diagnostic {
        parse(Path::new("x.ftl"), src).errors.remove(0)
    }

    #[test]
    fn spans_come_from_the_source() {
        let src = "a = x\n# c\n-org = Org\nb = { $v } { -org } { a.attr } { DAY($d, x: 1) }\n    .t = { $w }\n";
        let p = parse(Path::new("x.ftl"), src);
        assert!(p.errors.is_empty());
        let b = &p.entries[2];
        assert_eq!(&src[b.span.clone()], "b");
        assert_eq!(&src[p.entries[1].span.clone()], "-org");
        let vars: Vec<&str> = b.variables.iter().map(|(_, s)| &src[s.clone()]).collect();
        assert_eq!(vars, ["$v", "$d", "$w"]);
        assert_eq!(&src[b.references[0].span.clone()], "-org");
        assert_eq!(b.references[1].attribute.as_deref(), Some("attr"));
        assert_eq!(&src[b.calls[0].span.clone()], "DAY");
        assert_eq!(b.calls[0].positional[0].0, Argument::Variable("d".into()));
        assert_eq!(b.calls[0].named[0].0, "x");
        assert_eq!(&src[b.attribute("t").unwrap()], "t");
        assert_eq!(&src[b.extent.clone()], &src[src.find("b =").unwrap()..]);
    }

    #[test]
    fn an_unclosed_brace_is_reported_at_the_brace() {
        let src = "a = x\nb = { $v } and { c\nd = y\n";
        let d = first_error(src);
        assert_eq!(d.message, "this `{` is never closed with `}`");
        assert_eq!(d.span(), Some(21..22));
        assert_eq!(d.secondary[0].message, "a `}` was expected here");
    }

    #[test]
    fn an_error_at_the_end_of_the_file_stays_on_its_last_line() {
        for src in ["a = x\nb = { $oops", "a = x\nb = { $oops\n\n"] {
            let d = first_error(src);
            assert_eq!(d.span(), Some(10..11), "{src:?}");
            assert_eq!(d.secondary[0].message, "the file ends here");
        }
    }

    #[test]
    fn a_tab_is_named_at_the_tab() {
        let src = "a = x\nb =\n\tfoo\nc = y\n";
        let d = first_error(src);
        assert!(d.message.contains("tab"), "{}", d.message);
        assert_eq!(d.span(), Some(10..11));
    }
}

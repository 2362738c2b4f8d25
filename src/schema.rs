//! Reading the TOML files users write — notes, `verbale.toml`, style
//! sheets, `locale.toml`, the header of a text enclosure — so that nothing
//! in them is silently dropped:
//!
//! 1. toml's own parser finds every syntax error, each with its position;
//! 2. every key is checked against what the file may hold; an unknown key
//!    is an error at the key, with a "did you mean" from the known ones;
//! 3. serde reads the values, and its errors carry toml's span.
//!
//! The known keys of each table come from serde itself (the field list its
//! derive gives a struct), so they cannot drift from the types; a [`Shape`]
//! only says which keys hold tables of their own.

use std::ops::Range;
use std::path::Path;

use serde::de::{self, DeserializeOwned, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, suggest};

/// What a TOML table may hold.
#[derive(Debug, Clone)]
pub enum Shape {
    /// The fields of a struct; `nested` names those that are tables with a
    /// shape of their own.
    Record {
        /// The keys serde accepts.
        fields: &'static [&'static str],
        /// Keys whose values are tables, with their shapes.
        nested: Vec<(&'static str, Shape)>,
    },
    /// Free keys (a note's dates, a style sheet's blocks), each holding a
    /// value of one shape.
    Map(Box<Shape>),
    /// A value serde checks on its own.
    Any,
}

impl Shape {
    /// The keys of struct `T`, as its `Deserialize` derive lists them.
    pub fn of<T: DeserializeOwned>() -> Shape {
        Shape::Record {
            fields: fields_of::<T>(),
            nested: Vec::new(),
        }
    }

    /// Free keys whose values have `shape`.
    pub fn map(shape: Shape) -> Shape {
        Shape::Map(Box::new(shape))
    }

    /// Says that the value of `key` is a table of `shape`.
    pub fn with(mut self, key: &'static str, shape: Shape) -> Shape {
        if let Shape::Record { nested, .. } = &mut self {
            nested.push((key, shape));
        }
        self
    }
}

/// Syntax errors reported per file at most.
pub const MAX_SYNTAX_ERRORS: usize = 10;

/// The code of an unknown key's error: the key is left out and the rest
/// read.
pub const UNKNOWN_KEY: &str = "unknown-key";

/// Reads `source` (the text of `file`) as a `T`. Returns the value when it
/// could be read, and every problem found; `code` names syntax and value
/// problems (`note-syntax`, `style-syntax`, …), unknown keys are
/// `unknown-key`.
pub fn load<T: DeserializeOwned>(
    file: &Path,
    source: &str,
    shape: &Shape,
    code: &'static str,
) -> (Option<T>, Vec<Diagnostic>) {
    let (mut table, errors) = DeTable::parse_recoverable(source);
    // A recovering parser can find one error per character of a broken
    // line: the first few say what is wrong.
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .take(MAX_SYNTAX_ERRORS)
        .map(|e| problem(file, source, code, e.message(), e.span()))
        .collect();
    if errors.len() > MAX_SYNTAX_ERRORS
        && let Some(last) = diags.pop()
    {
        diags.push(last.with_note(format!(
            "and {} more syntax errors in this file",
            errors.len() - MAX_SYNTAX_ERRORS
        )));
    }
    if !diags.is_empty() {
        return (None, diags);
    }
    let mut path = Vec::new();
    prune(file, table.get_mut(), shape, &mut path, &mut diags);
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(value) => (Some(value), diags),
        Err(e) => {
            diags.push(problem(file, source, code, e.message(), e.span()));
            (None, diags)
        }
    }
}

/// Where the value at `path` (`["block", "body", "size"]`) stands in a
/// TOML document, by toml's own parser.
pub fn value_span(source: &str, path: &[&str]) -> Option<Range<usize>> {
    let table = DeTable::parse(source).ok()?;
    let (last, parents) = path.split_last()?;
    let mut current: &DeTable<'_> = table.get_ref();
    for key in parents {
        match current.get(*key)?.get_ref() {
            DeValue::Table(t) => current = t,
            _ => return None,
        }
    }
    current.get(*last).map(Spanned::span)
}

fn problem(
    file: &Path,
    source: &str,
    code: &'static str,
    message: &str,
    span: Option<Range<usize>>,
) -> Diagnostic {
    let d = Diagnostic::error(code, message.to_string());
    match span {
        // toml points at the end of the text when something is missing at
        // the end: show the last line, not an empty one after it.
        Some(s) if s.start >= source.trim_end().len() && !source.trim().is_empty() => {
            let end = source.trim_end().len();
            let start = source[..end].char_indices().last().map_or(0, |(i, _)| i);
            d.at(file, start..end).labelled("the file ends here")
        }
        Some(s) => d.at(file, s),
        None => d.in_file(file),
    }
}

/// Removes keys `shape` does not know from `table`, reporting each.
fn prune(
    file: &Path,
    table: &mut DeTable<'_>,
    shape: &Shape,
    path: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) {
    match shape {
        Shape::Any => {}
        Shape::Map(inner) => {
            for (key, value) in table.iter_mut() {
                path.push(key.get_ref().to_string());
                prune_value(file, value, inner, path, diags);
                path.pop();
            }
        }
        Shape::Record { fields, nested } => {
            let unknown: Vec<(String, std::ops::Range<usize>)> = table
                .keys()
                .filter(|key| !fields.contains(&key.get_ref().as_ref()))
                .map(|key| {
                    diags.push(unknown_key(file, key, fields, path));
                    (key.get_ref().to_string(), key.span())
                })
                .collect();
            for (key, span) in unknown {
                let Some(value) = table.remove(key.as_str()) else {
                    continue;
                };
                // Read the value under the key it was most likely meant as
                // (reported above), so that it is checked and no "missing
                // field" follows from the typo.
                if let Some(near) = suggest(&key, fields.iter().copied())
                    && !table.contains_key(near)
                {
                    table.insert(
                        Spanned::new(span, std::borrow::Cow::Owned(near.to_string())),
                        value,
                    );
                }
            }
            for (key, value) in table.iter_mut() {
                let name: &str = key.get_ref();
                if let Some((_, inner)) = nested.iter().find(|(k, _)| *k == name) {
                    path.push(name.to_string());
                    prune_value(file, value, inner, path, diags);
                    path.pop();
                }
            }
        }
    }
}

fn prune_value(
    file: &Path,
    value: &mut Spanned<DeValue<'_>>,
    shape: &Shape,
    path: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) {
    if let DeValue::Table(t) = value.get_mut() {
        prune(file, t, shape, path, diags);
    }
}

fn unknown_key(
    file: &Path,
    key: &Spanned<toml::de::DeString<'_>>,
    fields: &[&str],
    path: &[String],
) -> Diagnostic {
    let name: &str = key.get_ref();
    let place = if path.is_empty() {
        String::new()
    } else {
        format!(" in `[{}]`", path.join("."))
    };
    let mut message = format!("unknown key `{name}`{place}");
    if let Some(near) = suggest(name, fields.iter().copied()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    Diagnostic::error(UNKNOWN_KEY, message)
        .at(file, key.span())
        .with_note(format!(
            "the keys here are {}",
            crate::diag::quoted("", fields)
        ))
}

/// The field names a `Deserialize` derive gives struct `T`, found by asking
/// it to deserialize from a deserializer that only listens.
pub fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut probe = Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

struct Probe(&'static [&'static str]);

#[derive(Debug)]
struct Listened;

impl std::fmt::Display for Listened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only listening")
    }
}

impl std::error::Error for Listened {}

impl de::Error for Listened {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Listened
    }
}

impl<'de> de::Deserializer<'de> for &mut Probe {
    type Error = Listened;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Listened> {
        Err(Listened)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Listened> {
        self.0 = fields;
        Err(Listened)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        blocks: std::collections::BTreeMap<String, Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[serde(default)]
        bold: bool,
    }

    fn shape() -> Shape {
        Shape::of::<Outer>()
            .with("inner", Shape::of::<Inner>())
            .with("blocks", Shape::map(Shape::of::<Inner>()))
    }

    #[test]
    fn serde_lists_the_fields() {
        assert_eq!(fields_of::<Outer>(), ["name", "inner", "blocks"]);
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion_and_the_rest_is_read() {
        let src =
            "name = \"x\"\nnmae = 1\n[inner]\nblod = true\n[blocks.a]\nbold = true\nbolt = 1\n";
        let (value, diags) = load::<Outer>(Path::new("f.toml"), src, &shape(), "syntax");
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `nmae`; did you mean `name`?",
                "unknown key `bolt` in `[blocks.a]`; did you mean `bold`?",
                "unknown key `blod` in `[inner]`; did you mean `bold`?",
            ]
        );
        assert_eq!(&src[diags[2].span().unwrap()], "blod");
        let value = value.unwrap();
        assert!(value.blocks["a"].bold);
    }

    #[test]
    fn syntax_errors_point_at_the_last_line_not_past_the_end() {
        let src = "name = \"x\"\ninner = {\n";
        let (value, diags) = load::<Outer>(Path::new("f.toml"), src, &shape(), "syntax");
        assert!(value.is_none());
        assert_eq!(diags[0].code, "syntax");
        let span = diags[0].span().unwrap();
        assert!(span.end <= src.trim_end().len(), "{span:?}");
    }
}

//! What templates ask of the locales and of notes, read from their source:
//! every `t(id=…, …)` call and every `text.<name>` a template uses.

use std::collections::BTreeSet;
use std::ops::Range;

/// One piece of a message id expression: `"place-" ~ place`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdPart {
    Literal(String),
    /// A context variable, filled in per note (`place`, `addressee`).
    Variable(String),
}

/// A `t(…)` call.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: Vec<IdPart>,
    /// Keyword arguments other than `id`.
    pub args: BTreeSet<String>,
    pub span: Range<usize>,
}

impl Call {
    /// The id when it has no variable part.
    pub fn fixed_id(&self) -> Option<String> {
        self.id
            .iter()
            .map(|p| match p {
                IdPart::Literal(s) => Some(s.as_str()),
                IdPart::Variable(_) => None,
            })
            .collect::<Option<String>>()
    }

    /// The id with variables taken from `value`; `None` if one is unknown.
    pub fn resolve(&self, value: impl Fn(&str) -> Option<String>) -> Option<String> {
        self.id
            .iter()
            .map(|p| match p {
                IdPart::Literal(s) => Some(s.clone()),
                IdPart::Variable(v) => value(v),
            })
            .collect()
    }
}

/// All `t(…)` calls in a template.
pub fn calls(source: &str) -> Vec<Call> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(found) = source[i..].find("t(") {
        let start = i + found;
        i = start + 2;
        let preceded_by_ident = start > 0 && {
            let b = bytes[start - 1];
            b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
        };
        if preceded_by_ident {
            continue;
        }
        let Some(end) = closing_paren(source, start + 1) else {
            continue;
        };
        let inner = &source[start + 2..end];
        let mut call = Call {
            id: Vec::new(),
            args: BTreeSet::new(),
            span: start..end + 1,
        };
        for arg in split_top_level(inner, ',') {
            let Some((name, value)) = arg.split_once('=') else {
                continue;
            };
            let name = name.trim();
            if name == "id" {
                call.id = id_parts(value);
            } else if !name.is_empty() {
                call.args.insert(name.to_string());
            }
        }
        out.push(call);
    }
    out
}

/// The text names a template reads (`text.action`), and whether each is
/// guarded by `"name" in text` (then a note may leave it out).
pub fn text_fields(source: &str) -> Vec<(String, bool)> {
    let mut names = BTreeSet::new();
    let mut i = 0;
    while let Some(found) = source[i..].find("text.") {
        let start = i + found;
        i = start + 5;
        if start > 0 && source.as_bytes()[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let name: String = source[start + 5..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            names.insert(name);
        }
    }
    names
        .into_iter()
        .map(|n| {
            let guarded = source.contains(&format!("\"{n}\" in text"));
            (n, guarded)
        })
        .collect()
}

fn closing_paren(source: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut in_string: Option<char> = None;
    for (i, c) in source[open..].char_indices() {
        match (in_string, c) {
            (Some(q), c) if c == q => in_string = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => in_string = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut in_string: Option<char> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match (in_string, c) {
            (Some(q), c) if c == q => in_string = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => in_string = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn id_parts(expr: &str) -> Vec<IdPart> {
    split_top_level(expr, '~')
        .into_iter()
        .map(str::trim)
        .map(|p| {
            let quoted = p.len() >= 2
                && ((p.starts_with('"') && p.ends_with('"'))
                    || (p.starts_with('\'') && p.ends_with('\'')));
            if quoted {
                IdPart::Literal(p[1..p.len() - 1].to_string())
            } else {
                IdPart::Variable(p.to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_fixed_and_composed_ids() {
        let src = r#"{{ t(id="opening", addressee=t(id="addressee-" ~ addressee), action=text.action) }}"#;
        let calls = calls(src);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].fixed_id().as_deref(), Some("opening"));
        assert_eq!(
            calls[0].args.iter().cloned().collect::<Vec<_>>(),
            ["action", "addressee"]
        );
        assert_eq!(calls[1].fixed_id(), None);
        let id = calls[1].resolve(|v| (v == "addressee").then(|| "cica".to_string()));
        assert_eq!(id.as_deref(), Some("addressee-cica"));
        assert_eq!(&src[calls[0].span.clone()][..5], "t(id=");
    }

    #[test]
    fn text_fields_know_their_guards() {
        let src = r#"{{ text.action }}{% if "body" in text %}{{ text.body }}{% endif %}"#;
        assert_eq!(
            text_fields(src),
            [("action".to_string(), false), ("body".to_string(), true)]
        );
    }
}

//! What each locale defines and uses, read from the `.ftl` syntax tree,
//! with positions found in the source (Fluent's AST carries none).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{self, Expression, InlineExpression, Pattern, PatternElement, VariantKey};

use crate::diag::Diagnostic;
use crate::world::World;

/// A reference from one entry to another, with where it stands.
#[derive(Debug, Clone)]
pub struct Reference {
    /// `id`, or `-id` for a term.
    pub id: String,
    pub attribute: Option<String>,
    pub span: Range<usize>,
}

/// One message or term of a locale.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `id`, or `-id` for a term.
    pub id: String,
    pub file: PathBuf,
    /// The id at its definition.
    pub span: Range<usize>,
    pub attributes: BTreeMap<String, Range<usize>>,
    /// Variables the entry itself uses, value and attributes together.
    pub variables: BTreeSet<String>,
    pub references: Vec<Reference>,
    pub functions: Vec<Reference>,
    /// Keys of each select expression, with the expression's position.
    pub selects: Vec<(BTreeSet<String>, Range<usize>)>,
}

/// Messages in this file are a locale's own helpers (month names in each
/// grammatical case, …): other locales need not have them.
pub const PRIVATE_FILE: &str = "grammar.ftl";

impl Entry {
    pub fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// Defined in the locale's `grammar.ftl`.
    pub fn is_private(&self) -> bool {
        self.file.file_name().is_some_and(|n| n == PRIVATE_FILE)
    }
}

/// Everything one locale defines.
#[derive(Debug, Default)]
pub struct LocaleIndex {
    pub code: String,
    pub entries: BTreeMap<String, Entry>,
    pub files: Vec<PathBuf>,
}

impl LocaleIndex {
    /// Messages other locales must have too.
    pub fn messages(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .values()
            .filter(|e| !e.is_term() && !e.is_private())
    }

    /// Variables a message needs from its caller: its own and those of the
    /// messages it references (which share the caller's arguments).
    pub fn variables(&self, id: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut out = BTreeSet::new();
        self.collect_variables(id, &mut seen, &mut out);
        out
    }

    fn collect_variables(&self, id: &str, seen: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
        if !seen.insert(id.to_string()) {
            return;
        }
        if let Some(e) = self.entries.get(id) {
            out.extend(e.variables.iter().cloned());
            for r in &e.references {
                if !r.id.starts_with('-') {
                    self.collect_variables(&r.id, seen, out);
                }
            }
        }
    }

    /// Whether `id` or `id.attr` is defined.
    pub fn has(&self, id: &str) -> bool {
        match id.split_once('.') {
            Some((m, a)) => self
                .entries
                .get(m)
                .is_some_and(|e| e.attributes.contains_key(a)),
            None => self.entries.contains_key(id),
        }
    }
}

/// Reads every `.ftl` file of `locales/<code>/`. Syntax errors are
/// reported; the entries that parsed are indexed.
pub fn index(world: &World, code: &str, diags: &mut Vec<Diagnostic>) -> LocaleIndex {
    let dir = PathBuf::from("locales").join(code);
    let files = world.list(&dir, "ftl").unwrap_or_default();
    let mut index = LocaleIndex {
        code: code.to_string(),
        entries: BTreeMap::new(),
        files: files.clone(),
    };
    for file in &files {
        let Ok(source) = world.read_text(file) else {
            continue;
        };
        let resource = match fluent_syntax::parser::parse(&*source) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    diags.push(
                        Diagnostic::error("ftl-syntax", e.kind.to_string()).at(file, e.pos.clone()),
                    );
                }
                r
            }
        };
        index_resource(&resource, &source, file, &mut index, diags);
    }
    index
}

/// Adds the messages and terms of one parsed file to `index`.
pub fn index_resource(
    resource: &ast::Resource<&str>,
    source: &str,
    file: &Path,
    index: &mut LocaleIndex,
    diags: &mut Vec<Diagnostic>,
) {
    let starts = entry_starts(source);
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let Some(Definition { id: span, body }) = starts.get(&id).and_then(|v| v.first()).cloned()
        else {
            continue;
        };
        let text = &source[body.clone()];
        let mut found = Entry {
            id: id.clone(),
            file: file.to_path_buf(),
            span: span.clone(),
            attributes: BTreeMap::new(),
            variables: BTreeSet::new(),
            references: Vec::new(),
            functions: Vec::new(),
            selects: Vec::new(),
        };
        let mut walker = Walker {
            text,
            base: body.start,
            entry: &mut found,
            cursor: 0,
        };
        if let Some(p) = value {
            walker.pattern(p);
        }
        for a in attributes {
            let name = a.id.name.to_string();
            let at = text.find(&format!(".{name}")).map_or(span.clone(), |i| {
                body.start + i + 1..body.start + i + 1 + name.len()
            });
            walker.entry.attributes.insert(name, at);
            walker.pattern(&a.value);
        }
        if let Some(first) = index.entries.get(&id) {
            // The second definition in this file, or this one if the
            // first was in another file.
            let here = starts.get(&id).map_or(0, Vec::len);
            let second = if here > 1 {
                starts.get(&id).and_then(|v| v.get(1)).map(|d| d.id.clone())
            } else {
                None
            };
            diags.push(
                Diagnostic::error(
                    "ftl-duplicate",
                    format!(
                        "`{id}` is defined more than once in locale `{}` (first in {})",
                        index.code,
                        first.file.display()
                    ),
                )
                .at(file, second.unwrap_or(span)),
            );
            continue;
        }
        index.entries.insert(id, found);
    }
}

/// For each entry id (`-id` for terms), its definitions in this source:
/// the id's span and the span of the whole entry up to the next one.
/// Where an entry's id stands, and the whole entry.
#[derive(Clone)]
struct Definition {
    id: Range<usize>,
    body: Range<usize>,
}

fn entry_starts(source: &str) -> BTreeMap<String, Vec<Definition>> {
    let mut heads = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(len) = crate::i18n::entry_head(line) {
            heads.push((line[..len].to_string(), offset..offset + len));
        } else if !line.starts_with(' ') && !line.trim().is_empty() {
            // A comment or junk closes the entry before it.
            heads.push((String::new(), offset..offset));
        }
        offset += line.len();
    }
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for (i, (id, span)) in heads.iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        let end = heads.get(i + 1).map_or(source.len(), |(_, s)| s.start);
        out.entry(id.clone()).or_default().push(Definition {
            id: span.clone(),
            body: span.start..end,
        });
    }
    out
}

/// Walks a pattern, recording what it uses. Positions are found by
/// searching the entry's text forward from the last thing found.
struct Walker<'a, 'e> {
    text: &'a str,
    base: usize,
    entry: &'e mut Entry,
    cursor: usize,
}

impl Walker<'_, '_> {
    fn locate(&mut self, needle: &str) -> Range<usize> {
        match self.text[self.cursor..].find(needle) {
            Some(i) => {
                let start = self.cursor + i;
                self.cursor = start + needle.len();
                self.base + start..self.base + start + needle.len()
            }
            None => self.entry.span.clone(),
        }
    }

    fn pattern(&mut self, p: &Pattern<&str>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, e: &Expression<&str>) {
        match e {
            Expression::Inline(i) => self.inline(i),
            Expression::Select { selector, variants } => {
                let at = self.locate("->");
                self.inline(selector);
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        VariantKey::Identifier { name } => name.to_string(),
                        VariantKey::NumberLiteral { value } => value.to_string(),
                    })
                    .collect();
                self.entry.selects.push((keys, at));
                for v in variants {
                    self.pattern(&v.value);
                }
            }
        }
    }

    fn inline(&mut self, i: &InlineExpression<&str>) {
        match i {
            InlineExpression::VariableReference { id } => {
                self.locate(&format!("${}", id.name));
                self.entry.variables.insert(id.name.to_string());
            }
            InlineExpression::MessageReference { id, attribute } => {
                let span = self.locate(id.name);
                self.entry.references.push(Reference {
                    id: id.name.to_string(),
                    attribute: attribute.as_ref().map(|a| a.name.to_string()),
                    span,
                });
            }
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let span = self.locate(&format!("-{}", id.name));
                self.entry.references.push(Reference {
                    id: format!("-{}", id.name),
                    attribute: attribute.as_ref().map(|a| a.name.to_string()),
                    span,
                });
                if let Some(args) = arguments {
                    self.arguments(args);
                }
            }
            InlineExpression::FunctionReference { id, arguments } => {
                let span = self.locate(id.name);
                self.entry.functions.push(Reference {
                    id: id.name.to_string(),
                    attribute: None,
                    span,
                });
                self.arguments(arguments);
            }
            InlineExpression::Placeable { expression } => self.expression(expression),
            InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
        }
    }

    fn arguments(&mut self, args: &ast::CallArguments<&str>) {
        for a in &args.positional {
            self.inline(a);
        }
        for a in &args.named {
            self.inline(&a.value);
        }
    }
}

/// The locale directories of a project.
pub fn locale_codes(world: &World) -> Vec<String> {
    world
        .subdirs(Path::new("locales"))
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

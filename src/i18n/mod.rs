//! Fluent message bundles, one per locale (`locales/<lang>/*.ftl`).
//!
//! Every language-specific word comes from here, including how dates are
//! written: see [`dates`] for the functions that hand a date's parts to
//! translators.

pub mod dates;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, Diagnostics};
use crate::world::World;

/// The messages of one language.
pub struct Locale {
    pub code: String,
    pub langid: LanguageIdentifier,
    pub bundle: FluentBundle<FluentResource>,
    /// The `.ftl` files this locale was built from.
    pub files: Vec<PathBuf>,
}

/// Why a message could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    UnknownLocale(String),
    MissingMessage(String),
    MissingAttribute(String, String),
    NoValue(String),
    /// Errors raised while resolving the pattern (unknown variable, …).
    Resolve(Vec<String>),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::UnknownLocale(l) => write!(f, "no locale `{l}` in locales/"),
            FormatError::MissingMessage(id) => write!(f, "message `{id}` is missing"),
            FormatError::MissingAttribute(id, a) => {
                write!(f, "message `{id}` has no attribute `.{a}`")
            }
            FormatError::NoValue(id) => write!(f, "message `{id}` has no value"),
            FormatError::Resolve(errs) => write!(f, "{}", errs.join("; ")),
        }
    }
}

impl Locale {
    /// Formats message `id`, or its attribute when `id` is `message.attr`.
    /// Unlike Fluent's own behaviour, any resolver error is a failure: a
    /// printed note must never show `{ $missing }` or an id instead of words.
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> Result<String, FormatError> {
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let msg = self
            .bundle
            .get_message(msg_id)
            .ok_or_else(|| FormatError::MissingMessage(msg_id.to_string()))?;
        let pattern = match attr {
            Some(a) => msg
                .get_attribute(a)
                .map(|at| at.value())
                .ok_or_else(|| FormatError::MissingAttribute(msg_id.into(), a.into()))?,
            None => msg
                .value()
                .ok_or_else(|| FormatError::NoValue(msg_id.into()))?,
        };
        self.format_pattern(pattern, args)
    }

    /// Formats a pattern that need not belong to this bundle (a note's own
    /// text), resolving its references against the locale.
    pub fn format_pattern(
        &self,
        pattern: &ast::Pattern<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, FormatError> {
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(FormatError::Resolve(errors.iter().map(describe).collect()))
        }
    }

    pub fn has_message(&self, id: &str) -> bool {
        let msg_id = id.split_once('.').map_or(id, |(m, _)| m);
        self.bundle.has_message(msg_id)
    }
}

fn describe(e: &FluentError) -> String {
    match e {
        FluentError::ResolverError(r) => r.to_string(),
        other => other.to_string(),
    }
}

/// All locales of a project, keyed by their directory name (`en`, `ru`, `kk`).
#[derive(Default)]
pub struct Locales {
    pub locales: BTreeMap<String, Locale>,
}

impl Locales {
    /// Loads `locales/*/`. Syntax errors and duplicate ids are collected as
    /// diagnostics; what could be parsed is still loaded, so that one broken
    /// entry does not hide the problems of the others.
    pub fn load(world: &World, dir: &Path, diags: &mut Diagnostics) -> Locales {
        let mut locales = BTreeMap::new();
        let dirs = match world.subdirs(dir) {
            Ok(d) => d,
            Err(e) => {
                diags.push(
                    Diagnostic::error("io", format!("cannot read {}: {e}", dir.display()))
                        .in_file(dir),
                );
                return Locales::default();
            }
        };
        for locale_dir in dirs {
            let code = locale_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let langid: LanguageIdentifier = match code.parse() {
                Ok(l) => l,
                Err(_) => {
                    diags.push(
                        Diagnostic::error(
                            "locale-name",
                            format!("`{code}` is not a language identifier"),
                        )
                        .in_file(&locale_dir),
                    );
                    continue;
                }
            };
            let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
            bundle.set_use_isolating(false);
            dates::register(&mut bundle);
            let files = world.list(&locale_dir, "ftl").unwrap_or_default();
            for file in &files {
                load_file(world, file, &mut bundle, diags);
            }
            locales.insert(
                code.clone(),
                Locale {
                    code,
                    langid,
                    bundle,
                    files,
                },
            );
        }
        Locales { locales }
    }

    pub fn get(&self, code: &str) -> Result<&Locale, FormatError> {
        self.locales
            .get(code)
            .ok_or_else(|| FormatError::UnknownLocale(code.to_string()))
    }
}

fn load_file(
    world: &World,
    file: &Path,
    bundle: &mut FluentBundle<FluentResource>,
    diags: &mut Diagnostics,
) {
    let source = match world.read_text(file) {
        Ok(s) => s,
        Err(d) => return diags.push(d),
    };
    let resource = match FluentResource::try_new(source.to_string()) {
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
    if let Err(errors) = bundle.add_resource(resource) {
        for e in errors {
            if let FluentError::Overriding { kind, id } = e {
                let span = entry_span(&source, &id, kind.to_string() == "term");
                diags.push(
                    Diagnostic::error(
                        "ftl-duplicate",
                        format!("{kind} `{id}` is defined more than once in this locale"),
                    )
                    .at(file, span),
                );
            }
        }
    }
}

/// Where `id = …` starts in an `.ftl` source (the AST carries no spans). The
/// last definition is the one reported as duplicate.
pub fn entry_span(source: &str, id: &str, term: bool) -> std::ops::Range<usize> {
    let needle = if term {
        format!("-{id}")
    } else {
        id.to_string()
    };
    let mut found = 0..0;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if entry_head(line).is_some_and(|len| line[..len] == needle) {
            found = offset..offset + needle.len();
        }
        offset += line.len();
    }
    found
}

/// If `line` starts an entry (`id =` or `-term =`), the length of its id.
pub fn entry_head(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
    {
        i += 1;
    }
    line[i..]
        .trim_start_matches([' ', '\t'])
        .starts_with('=')
        .then_some(i)
}

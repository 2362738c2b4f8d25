//! Fluent message bundles, one per locale (`locales/<lang>/*.ftl`), with
//! an index of what each file defines and where ([`ftl`]).
//!
//! Every language-specific word comes from here, including how dates are
//! written: see [`dates`] for the functions that hand a date's parts to
//! translators, and `locale.toml` for what a language needs besides words
//! (hyphenation, and its [`typography`]).

pub mod dates;
pub mod ftl;
pub mod typography;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use fluent_syntax::ast;
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::{self, Shape};
use crate::world::World;
pub use ftl::Entry;

/// The folder locales live in.
pub const DIR: &str = "locales";

/// Messages in this file are a locale's own helpers (month names in each
/// grammatical case, …): other locales need not have them.
pub const PRIVATE_FILE: &str = "grammar.ftl";

/// `locales/<lang>/locale.toml`: what a language needs besides words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleSettings {
    /// `[hyphenation]`: the rules and their exceptions.
    #[serde(default)]
    pub hyphenation: typography::HyphenationSettings,
    /// `[quotes]`: the quotes straight ones become.
    pub quotes: Option<typography::QuoteSettings>,
    /// `[punctuation]`.
    #[serde(default)]
    pub punctuation: typography::PunctuationSettings,
    /// `[line_breaking]`: words a line may not end or start with.
    #[serde(default)]
    pub line_breaking: typography::LineBreakingSettings,
}

impl LocaleSettings {
    /// What `locale.toml` may hold, nested tables included.
    fn shape() -> Shape {
        Shape::of::<LocaleSettings>()
            .with("quotes", Shape::of::<typography::QuoteSettings>())
            .with(
                "punctuation",
                Shape::of::<typography::PunctuationSettings>(),
            )
            .with(
                "line_breaking",
                Shape::of::<typography::LineBreakingSettings>(),
            )
            .with(
                "hyphenation",
                Shape::of::<typography::HyphenationSettings>(),
            )
    }
}

/// The messages of one language.
pub struct Locale {
    /// The folder name: `en`, `ru`, `kk`.
    pub code: String,
    /// The language identifier Fluent selects plural rules with.
    pub langid: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    /// Every message and term, by id (`-id` for terms); the first
    /// definition where an id is defined twice.
    pub entries: BTreeMap<String, Entry>,
    /// Its folder, `locales/<code>`.
    pub dir: PathBuf,
    /// The `.ftl` files, sorted.
    pub files: Vec<PathBuf>,
    /// `locale.toml`, when the locale has one.
    pub settings_file: Option<PathBuf>,
    /// Where `locale.toml` is or would be.
    pub settings_path: PathBuf,
    /// What `locale.toml` says.
    pub settings: LocaleSettings,
    /// Its quotes, dashes and line-breaking rules, from `settings`.
    pub typography: typography::Typography,
    /// Its files that could not be read or have syntax errors (reported
    /// where the locale is loaded): the locale is then incomplete, nothing
    /// is compared with it, and no note is set in it.
    pub damaged: Vec<PathBuf>,
}

/// Why a message could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// No such message.
    #[error("message `{id}` is missing in locale `{locale}`")]
    MissingMessage {
        /// The locale asked.
        locale: String,
        /// The message asked for.
        id: String,
    },
    /// The message lacks the attribute.
    #[error("message `{id}` has no attribute `.{attribute}` in locale `{locale}`")]
    MissingAttribute {
        /// The locale asked.
        locale: String,
        /// The message.
        id: String,
        /// The attribute asked for.
        attribute: String,
    },
    /// The message has only attributes.
    #[error("message `{id}` has no value in locale `{locale}`")]
    NoValue {
        /// The locale asked.
        locale: String,
        /// The message.
        id: String,
    },
    /// Resolving the message failed.
    #[error("in locale `{locale}`, `{id}`: {}", list(problems))]
    Resolve {
        /// The locale asked.
        locale: String,
        /// The message formatted (`text` for a note's own text).
        id: String,
        /// What went wrong, in order.
        problems: Vec<Problem>,
    },
}

/// One thing that went wrong while resolving a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// `$name` was not given.
    #[error("unknown variable `${0}`")]
    UnknownVariable(String),
    /// A message it refers to does not exist.
    #[error("unknown message `{0}`")]
    UnknownMessage(String),
    /// A term it refers to does not exist.
    #[error("unknown term `-{0}`")]
    UnknownTerm(String),
    /// A function verbale does not provide.
    #[error("unknown function `{0}()`")]
    UnknownFunction(String),
    /// Messages refer to each other in a circle.
    #[error("a message refers to itself")]
    Cycle,
    /// A date function was called wrongly.
    #[error("{0}")]
    Function(dates::Misuse),
    /// Anything else Fluent reports.
    #[error("{0}")]
    Other(String),
}

impl FormatError {
    /// Whether the checks of the locale itself find this, whatever note is
    /// being worded: a reference to nothing, a circle of references, an
    /// unknown function.
    pub fn found_by_check(&self) -> bool {
        match self {
            FormatError::Resolve { problems, .. } => problems.iter().all(|p| {
                matches!(
                    p,
                    Problem::UnknownMessage(_)
                        | Problem::UnknownTerm(_)
                        | Problem::UnknownFunction(_)
                        | Problem::Cycle
                )
            }),
            _ => false,
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Locale {
    /// Formats message `id`, or its attribute when `id` is `message.attr`.
    /// Unlike Fluent's own behaviour, any resolver error is a failure: a
    /// printed note must never show `{ $missing }`, `DAY()` or an id
    /// instead of words.
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> Result<String, FormatError> {
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let msg = self
            .bundle
            .get_message(msg_id)
            .ok_or_else(|| FormatError::MissingMessage {
                locale: self.code.clone(),
                id: msg_id.to_string(),
            })?;
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|at| at.value()).ok_or_else(|| {
                FormatError::MissingAttribute {
                    locale: self.code.clone(),
                    id: msg_id.into(),
                    attribute: a.into(),
                }
            })?,
            None => msg.value().ok_or_else(|| FormatError::NoValue {
                locale: self.code.clone(),
                id: msg_id.into(),
            })?,
        };
        self.resolve(id, pattern, args)
    }

    /// Formats a pattern that need not belong to this bundle (a note's own
    /// text), resolving its references against the locale.
    pub fn format_pattern(
        &self,
        pattern: &ast::Pattern<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, FormatError> {
        self.resolve("text", pattern, args)
    }

    fn resolve(
        &self,
        id: &str,
        pattern: &ast::Pattern<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, FormatError> {
        let mut errors = Vec::new();
        dates::clear_misuses();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        let mut problems: Vec<Problem> = dates::take_misuses()
            .into_iter()
            .map(Problem::Function)
            .collect();
        problems.extend(errors.iter().map(problem));
        if problems.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(FormatError::Resolve {
                locale: self.code.clone(),
                id: id.to_string(),
                problems,
            })
        }
    }

    /// The entry `id` (a message, or `-term`), without an attribute part.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id.split_once('.').map_or(id, |(m, _)| m))
    }

    /// Whether `id` or `id.attr` is defined.
    pub fn has(&self, id: &str) -> bool {
        match id.split_once('.') {
            Some((m, a)) => self
                .entries
                .get(m)
                .is_some_and(|e| e.attribute(a).is_some()),
            None => self.entries.contains_key(id),
        }
    }

    /// Messages other locales must have too: not terms, not the locale's
    /// own helpers in `grammar.ftl`.
    pub fn shared_messages(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .values()
            .filter(|e| !e.is_term() && !is_private(e))
    }

    /// Variables a message needs from its caller: its own and those of the
    /// messages it refers to (which share the caller's arguments).
    pub fn variables(&self, id: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut out = BTreeSet::new();
        self.collect_variables(
            id.split_once('.').map_or(id, |(m, _)| m),
            &mut seen,
            &mut out,
        );
        out
    }

    fn collect_variables(&self, id: &str, seen: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
        if !seen.insert(id.to_string()) {
            return;
        }
        if let Some(e) = self.entries.get(id) {
            out.extend(e.variables.iter().map(|(v, _)| v.clone()));
            for r in &e.references {
                if !r.id.starts_with('-') {
                    self.collect_variables(&r.id, seen, out);
                }
            }
        }
    }

    /// The number printed on continuation page `n` (message `page-number`).
    pub fn page_number(&self, n: usize) -> Result<String, FormatError> {
        let mut args = FluentArgs::new();
        args.set("page", n);
        self.format("page-number", Some(&args))
    }

    /// A formatting failure as a diagnostic, at the place in this locale to
    /// fix: the message's definition, the variable or function call that
    /// failed, or the file a missing message belongs in.
    pub fn explain(&self, e: &FormatError) -> Diagnostic {
        let at_entry = |code: &'static str, id: &str| {
            let d = Diagnostic::error(code, e.to_string());
            match self.entry(id) {
                Some(entry) => d.at(&entry.file, entry.span.clone()),
                None => self.in_locale(d),
            }
        };
        match e {
            FormatError::MissingMessage { .. } => {
                self.in_locale(Diagnostic::error("missing-message", e.to_string()))
            }
            FormatError::MissingAttribute { id, attribute, .. } => {
                let d = at_entry("missing-attribute", id);
                let known: Vec<&str> = self
                    .entry(id)
                    .map(|en| en.attributes.iter().map(|(a, _)| a.as_str()).collect())
                    .unwrap_or_default();
                match crate::diag::suggest(attribute, known.iter().copied()) {
                    Some(s) => d.with_note(format!("did you mean `.{s}`?")),
                    None => d,
                }
            }
            FormatError::NoValue { id, .. } => at_entry("message", id),
            FormatError::Resolve { id, problems, .. } => {
                let place = problems.iter().find_map(|p| self.place_of(id, p));
                let d = Diagnostic::error("message", e.to_string());
                match place {
                    Some((file, span)) => d.at(file, span),
                    None => match self.entry(id) {
                        Some(entry) => d.at(&entry.file, entry.span.clone()),
                        None => self.in_locale(d),
                    },
                }
            }
        }
    }

    fn in_locale(&self, d: Diagnostic) -> Diagnostic {
        match self.files.first() {
            Some(f) => d.in_file(f),
            None => d.in_file(Path::new(DIR).join(&self.code)),
        }
    }

    /// Where in message `id`, or a message it refers to, problem `p` arises.
    fn place_of(&self, id: &str, p: &Problem) -> Option<(PathBuf, std::ops::Range<usize>)> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![id.split_once('.').map_or(id, |(m, _)| m).to_string()];
        while let Some(current) = stack.pop() {
            if !seen.insert(current.clone()) {
                continue;
            }
            let Some(entry) = self.entries.get(&current) else {
                continue;
            };
            let found = match p {
                Problem::UnknownVariable(v) => entry
                    .variables
                    .iter()
                    .find(|(name, _)| name == v)
                    .map(|(_, s)| s.clone()),
                Problem::Function(m) => entry
                    .calls
                    .iter()
                    .find(|c| c.name == m.function)
                    .map(|c| c.span.clone()),
                Problem::UnknownFunction(f) => entry
                    .calls
                    .iter()
                    .find(|c| &c.name == f)
                    .map(|c| c.span.clone()),
                Problem::UnknownMessage(m) | Problem::UnknownTerm(m) => {
                    let bare = m.split_once('.').map_or(m.as_str(), |(b, _)| b);
                    entry
                        .references
                        .iter()
                        .find(|r| r.id.trim_start_matches('-') == bare)
                        .map(|r| r.span.clone())
                }
                Problem::Cycle => entry
                    .references
                    .iter()
                    .find(|r| seen.contains(&r.id))
                    .map(|r| r.span.clone()),
                Problem::Other(_) => None,
            };
            if let Some(span) = found {
                return Some((entry.file.clone(), span));
            }
            stack.extend(
                entry
                    .references
                    .iter()
                    .filter(|r| !r.id.starts_with('-'))
                    .map(|r| r.id.clone()),
            );
        }
        None
    }

    /// Everything the locale is made of, as inputs of the notes set in it:
    /// its folder (whose listing changes when an `.ftl` file is added), its
    /// `.ftl` files and `locale.toml` (even when there is none yet).
    pub fn sources(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.dir)
            .chain(self.files.iter())
            .chain(std::iter::once(&self.settings_path))
    }

    /// The file a new message belongs in when the reference locale has it
    /// in `reference_file`: the file of the same name here, else the first.
    pub fn file_like(&self, reference_file: &Path) -> Option<&PathBuf> {
        self.files
            .iter()
            .find(|f| f.file_name() == reference_file.file_name())
            .or(self.files.first())
    }
}

/// Whether Fluent's parser may be given `source` (see [`ftl::MAX_NESTING`]).
fn parsed_ok_to_load(source: &str) -> bool {
    ftl::too_deep(source).is_none()
}

/// Whether an entry is one of its locale's own helpers.
pub fn is_private(e: &Entry) -> bool {
    e.file.file_name().is_some_and(|n| n == PRIVATE_FILE)
}

fn problem(e: &FluentError) -> Problem {
    match e {
        FluentError::ResolverError(r) => match r {
            ResolverError::Reference(kind) => match kind {
                ReferenceKind::Variable { id } => Problem::UnknownVariable(id.clone()),
                ReferenceKind::Message { id, attribute } => {
                    Problem::UnknownMessage(match attribute {
                        Some(a) => format!("{id}.{a}"),
                        None => id.clone(),
                    })
                }
                ReferenceKind::Term { id, attribute } => Problem::UnknownTerm(match attribute {
                    Some(a) => format!("{id}.{a}"),
                    None => id.clone(),
                }),
                ReferenceKind::Function { id } => Problem::UnknownFunction(id.clone()),
            },
            ResolverError::Cyclic => Problem::Cycle,
            other => Problem::Other(other.to_string()),
        },
        other => Problem::Other(other.to_string()),
    }
}

/// All locales of a project, keyed by their folder name.
#[derive(Default)]
pub struct Locales {
    locales: BTreeMap<String, Locale>,
}

impl Locales {
    /// Loads `locales/*/`. Every problem is collected; what could be read
    /// is still loaded, so that one broken entry does not hide the problems
    /// of the others.
    pub fn load(world: &World, diags: &mut Diagnostics) -> Locales {
        let dir = Path::new(DIR);
        let mut locales = BTreeMap::new();
        let dirs = match world.subdirs(dir) {
            Ok(d) => d,
            Err(e) => {
                diags
                    .push(Diagnostic::error("io", format!("cannot read {DIR}/: {e}")).in_file(dir));
                return Locales::default();
            }
        };
        for locale_dir in dirs {
            let code = locale_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match code.parse::<LanguageIdentifier>() {
                Ok(langid) => {
                    let locale = Locale::load(world, &locale_dir, code.clone(), langid, diags);
                    locales.insert(code, locale);
                }
                Err(_) => diags.push(
                    Diagnostic::error(
                        "locale-name",
                        format!("`{code}` is not a language identifier (such as `en` or `kk`)"),
                    )
                    .in_file(&locale_dir),
                ),
            }
        }
        Locales { locales }
    }

    /// The locale `code`.
    pub fn get(&self, code: &str) -> Option<&Locale> {
        self.locales.get(code)
    }

    /// Every locale, by code.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Locale)> {
        self.locales.iter()
    }

    /// The locale codes.
    pub fn codes(&self) -> impl Iterator<Item = &String> {
        self.locales.keys()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.locales.is_empty()
    }
}

impl Locale {
    fn load(
        world: &World,
        dir: &Path,
        code: String,
        langid: LanguageIdentifier,
        diags: &mut Diagnostics,
    ) -> Locale {
        let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
        bundle.set_use_isolating(false);
        dates::register(&mut bundle);
        let files = world.list(dir, "ftl").unwrap_or_default();
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        let mut damaged = Vec::new();
        for file in &files {
            let source = match world.read_text(file) {
                Ok(s) => s,
                Err(e) => {
                    diags.push(e.diagnostic(None));
                    damaged.push(file.clone());
                    continue;
                }
            };
            let parsed = ftl::parse(file, &source);
            if !parsed.errors.is_empty() {
                damaged.push(file.clone());
            }
            diags.extend(parsed.errors);
            for entry in parsed.entries {
                match entries.get(&entry.id) {
                    Some(first) => diags.push(duplicate(&code, first, &entry)),
                    None => {
                        entries.insert(entry.id.clone(), entry);
                    }
                }
            }
            if !parsed_ok_to_load(&source) {
                continue;
            }
            let resource = match FluentResource::try_new(ftl::parseable(&source).into_owned()) {
                Ok(r) | Err((r, _)) => r,
            };
            // Ids defined twice are reported above, with both places.
            let _ = bundle.add_resource(resource);
        }
        let settings_path = dir.join("locale.toml");
        let (settings, settings_file) = if world.exists(&settings_path) {
            let settings = match world.read_text(&settings_path) {
                Ok(text) => {
                    let (value, found) = schema::load::<LocaleSettings>(
                        &settings_path,
                        &text,
                        &LocaleSettings::shape(),
                        "locale-settings",
                    );
                    diags.extend(found);
                    value.unwrap_or_default()
                }
                Err(e) => {
                    diags.push(e.diagnostic(None));
                    LocaleSettings::default()
                }
            };
            (settings, Some(settings_path))
        } else {
            (LocaleSettings::default(), None)
        };
        diags.extend(typography::problems(&dir.join("locale.toml"), &settings));
        let typography = typography::Typography::new(
            settings.quotes.as_ref(),
            &settings.punctuation,
            &settings.line_breaking,
        );
        Locale {
            code,
            langid,
            typography,
            bundle,
            entries,
            files,
            settings_file,
            settings_path: dir.join("locale.toml"),
            dir: dir.to_path_buf(),
            settings,
            damaged,
        }
    }
}

fn duplicate(code: &str, first: &Entry, again: &Entry) -> Diagnostic {
    let kind = if again.is_term() { "term" } else { "message" };
    Diagnostic::error(
        "ftl-duplicate",
        format!(
            "{kind} `{}` is defined more than once in locale `{code}`",
            again.id
        ),
    )
    .at(&again.file, again.span.clone())
    .labelled("defined again here")
    .also(&first.file, Some(first.span.clone()), "first defined here")
}

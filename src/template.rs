//! Tera templates (`templates/<name>.tera`) decide what goes where on a
//! note. A template with a settings file beside it (`templates/<name>.toml`)
//! is a kind of note: the settings style its blocks and declare the texts a
//! note of that kind writes itself. Templates without one are parts that
//! others include.
//!
//! Templates fetch words with `t(id="message-id", var=value, …)`: the
//! message is looked up in the locale being rendered, named by the context
//! variable `lang`. A missing message, or a message needing a variable the
//! call does not pass, is an error at the call — never an empty string or a
//! fallback language.
//!
//! Tera 2 keeps its syntax tree to itself; what verbale knows of a template
//! it learns from Tera: syntax errors and rendering errors with their
//! spans, the variables a template reads (`get_template_variables`), and
//! which templates a template needs (those without which Tera refuses to
//! load it).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use serde::Deserialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{FormatError, Locales};
use crate::layout::image::load_images;
use crate::layout::style::{BlockStyle, ImageStyle, Margins, PageStyle, SealSpace, StyleSheet};
use crate::markup;
use crate::schema::{self, Shape};
use crate::world::World;

/// The folder templates live in.
pub const DIR: &str = "templates";

/// File extension of templates.
pub const EXTENSION: &str = "tera";

/// What verbale gives every template to render a language version with.
pub const CONTEXT: [&str; 10] = [
    "lang",
    "number",
    "series",
    "sequence",
    "issued",
    "place",
    "addressee",
    "enclosure_pages",
    "dates",
    "text",
];

/// A text a note of this kind writes itself (`[texts.action]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSpec {
    /// Every language of a note must have it.
    #[serde(default)]
    pub required: bool,
    /// What goes there, for the skeleton of a new note and for errors.
    #[serde(default)]
    pub about: String,
}

/// `templates/<name>.toml`: the look of the blocks and the note's texts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFile {
    #[serde(default)]
    page: PageStyle,
    #[serde(default)]
    block: BTreeMap<String, BlockStyle>,
    #[serde(default)]
    texts: BTreeMap<String, TextSpec>,
}

/// The shape of a style sheet, for schema checks.
pub fn sheet_shape() -> Shape {
    Shape::of::<StyleSheet>()
        .with("page", page_shape())
        .with("block", Shape::map(block_shape()))
}

fn block_shape() -> Shape {
    Shape::of::<BlockStyle>()
        .with("image", Shape::of::<ImageStyle>())
        .with("seal_space", Shape::of::<SealSpace>())
}

fn page_shape() -> Shape {
    Shape::of::<PageStyle>().with("margins", Shape::of::<Margins>())
}

fn kind_shape() -> Shape {
    Shape::of::<KindFile>()
        .with("page", page_shape())
        .with("block", Shape::map(block_shape()))
        .with("texts", Shape::map(Shape::of::<TextSpec>()))
}

/// A kind of note: a template with its settings.
#[derive(Debug, Clone)]
pub struct Kind {
    /// The template's file.
    pub file: PathBuf,
    /// Its settings file.
    pub settings_file: PathBuf,
    /// How its blocks look.
    pub sheet: StyleSheet,
    /// The texts a note of this kind writes, by name.
    pub texts: BTreeMap<String, TextSpec>,
    /// Every template file it needs (itself, what it includes or extends).
    pub files: Vec<PathBuf>,
}

/// The project's templates, compiled.
pub struct Templates {
    tera: Tera,
    kinds: BTreeMap<String, Kind>,
    /// Templates that exist but did not load (their problems are
    /// reported), by kind name.
    broken: BTreeMap<String, PathBuf>,
    /// Variables each kind reads that verbale does not give templates.
    unknown_variables: BTreeMap<String, Vec<String>>,
}

/// Why `t()` failed, kept beside Tera's error (which holds only its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslateError {
    /// The template called `t` without `id`.
    NoId,
    /// The message could not be formatted.
    Format(FormatError),
    /// The message needs variables the call does not pass.
    Unpassed {
        /// The locale.
        locale: String,
        /// The message.
        id: String,
        /// The variables it needs and is not given.
        variables: Vec<String>,
    },
}

impl std::fmt::Display for TranslateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TranslateError::NoId => f.write_str("t() needs an id: t(id=\"message-id\")"),
            TranslateError::Format(e) => e.fmt(f),
            TranslateError::Unpassed {
                locale,
                id,
                variables,
            } => write!(
                f,
                "`{id}` in locale `{locale}` uses {}, which this call does not pass",
                crate::diag::quoted("$", variables)
            ),
        }
    }
}

/// A template failed to render.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template file the error is in (an included one, perhaps).
    pub file: PathBuf,
    /// Where in it, as Tera reports.
    pub span: Option<std::ops::Range<usize>>,
    /// Tera's message.
    pub message: String,
    /// What `t()` reported, when the error came from it.
    pub translate: Option<Box<TranslateError>>,
}

thread_local! {
    /// The last failure of `t()` on this thread: Tera passes on only the
    /// text of a function's error.
    static LAST_FAILURE: RefCell<Option<TranslateError>> = const { RefCell::new(None) };
}

impl Templates {
    /// Compiles every template in `templates/` and reads the settings of
    /// those that have them. Problems are collected; templates that load
    /// are kept.
    pub fn load(world: &World, locales: Arc<Locales>, diags: &mut Diagnostics) -> Templates {
        let dir = Path::new(DIR);
        let files = world.list(dir, EXTENSION).unwrap_or_else(|e| {
            diags.push(Diagnostic::error("io", format!("cannot read {DIR}/: {e}")).in_file(dir));
            Vec::new()
        });
        let mut sources: BTreeMap<String, (PathBuf, Arc<str>)> = BTreeMap::new();
        let mut broken = BTreeMap::new();
        // Templates that do not parse or read: their errors are reported, and
        // they stand in as empty templates so that those including them
        // still load (and are held back, naming them).
        let mut stubs: BTreeMap<String, PathBuf> = BTreeMap::new();
        let kind_name = |name: &str| name.trim_end_matches(&format!(".{EXTENSION}")).to_string();
        for file in files {
            let Some(name) = file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            match world.read_text(&file) {
                Ok(source) => match syntax_error(&name, &source, &file) {
                    Some(d) => {
                        diags.push(d);
                        broken.insert(kind_name(&name), file.clone());
                        stubs.insert(name, file);
                    }
                    None => {
                        sources.insert(name, (file, source));
                    }
                },
                Err(e) => {
                    diags.push(e.diagnostic(None));
                    broken.insert(kind_name(&name), file.clone());
                    stubs.insert(name, file);
                }
            }
        }
        for (name, file) in &stubs {
            sources.insert(name.clone(), (file.clone(), Arc::from("")));
        }
        // Templates that parse may still fail to load together (an include
        // of a template that does not exist): find which, and leave them out.
        let mut tera = new_tera(Some(locales.clone()));
        if let Err(e) = tera.add_raw_templates(pairs(&sources, None)) {
            for name in &broken_templates(&sources) {
                let (file, _) = &sources[name];
                diags.push(load_error(file, &e, name, &sources));
                broken.insert(kind_name(name), file.clone());
                sources.remove(name);
            }
            tera = new_tera(Some(locales));
            if let Err(e) = tera.add_raw_templates(pairs(&sources, None)) {
                diags.push(
                    Diagnostic::error("template-syntax", "Tera cannot load the templates")
                        .in_file(dir)
                        .with_note(e.to_string()),
                );
                for (name, (file, _)) in std::mem::take(&mut sources) {
                    broken.insert(kind_name(&name), file);
                }
            }
        }
        let mut kinds = BTreeMap::new();
        let mut unknown_variables = BTreeMap::new();
        for (name, (file, _)) in &sources {
            if stubs.contains_key(name) {
                continue;
            }
            let settings_file = file.with_extension("toml");
            if !world.exists(&settings_file) {
                continue;
            }
            let settings = match world.read_text(&settings_file) {
                Ok(text) => {
                    let (value, found) = schema::load::<KindFile>(
                        &settings_file,
                        &text,
                        &kind_shape(),
                        "style-syntax",
                    );
                    diags.extend(found);
                    value.map(|v| (v, text))
                }
                Err(e) => {
                    diags.push(e.diagnostic(None));
                    None
                }
            };
            let Some((settings, settings_text)) = settings else {
                broken.insert(kind_name(name), settings_file);
                continue;
            };
            let needs = requirements(&sources, name);
            let kind_name = kind_name(name);
            if let Some(part) = needs.iter().find_map(|n| stubs.get(n)) {
                broken.insert(kind_name, part.clone());
                continue;
            }
            let mut unknown: Vec<String> = tera
                .get_template_variables(name)
                .into_iter()
                .flatten()
                .filter(|v| !CONTEXT.contains(v))
                .map(String::from)
                .collect();
            unknown.sort();
            if !unknown.is_empty() {
                unknown_variables.insert(kind_name.clone(), unknown);
            }
            let mut sheet = StyleSheet {
                page: settings.page,
                block: settings.block,
                label_words: Vec::new(),
                images: BTreeMap::new(),
            };
            load_images(world, &settings_file, &settings_text, &mut sheet, diags);
            let mut files: Vec<PathBuf> = needs.iter().map(|n| sources[n].0.clone()).collect();
            files.extend(sheet.images.keys().cloned());
            kinds.insert(
                kind_name,
                Kind {
                    file: file.clone(),
                    settings_file,
                    sheet,
                    texts: settings.texts,
                    files,
                },
            );
        }
        Templates {
            tera,
            kinds,
            broken,
            unknown_variables,
        }
    }

    /// Variables kind `name` reads that verbale does not give templates, as
    /// Tera's compiler finds them (rendering a note finds each with its
    /// place).
    pub fn unknown_variables(&self, name: &str) -> &[String] {
        self.unknown_variables.get(name).map_or(&[], Vec::as_slice)
    }

    /// The file of kind `name` if it exists but did not load: its problems
    /// are reported where it was loaded.
    pub fn broken(&self, name: &str) -> Option<&Path> {
        self.broken.get(name).map(PathBuf::as_path)
    }

    /// The kind of note `name` (a template with settings).
    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.kinds.get(name)
    }

    /// The kinds of note, by name.
    pub fn kinds(&self) -> impl Iterator<Item = (&String, &Kind)> {
        self.kinds.iter()
    }

    /// Renders kind `name`; `context` must hold `lang`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, RenderError> {
        let kind = self.kinds.get(name).ok_or_else(|| RenderError {
            file: PathBuf::from(DIR),
            span: None,
            message: format!("no template `{name}`"),
            translate: None,
        })?;
        LAST_FAILURE.with(|f| f.borrow_mut().take());
        self.tera
            .render(&format!("{name}.{EXTENSION}"), context)
            .map_err(|e| {
                let translate = LAST_FAILURE.with(|f| f.borrow_mut().take()).map(Box::new);
                let (file, span, message) = match e.kind() {
                    ErrorKind::RenderingError(r) | ErrorKind::SyntaxError(r) => {
                        let file = if r.filename().is_empty() {
                            kind.file.clone()
                        } else {
                            kind.file.with_file_name(r.filename())
                        };
                        (file, Some(r.span().range.clone()), r.message().to_string())
                    }
                    other => (kind.file.clone(), None, other.to_string()),
                };
                RenderError {
                    file,
                    span,
                    message,
                    translate,
                }
            })
    }
}

fn new_tera(locales: Option<Arc<Locales>>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".tera"]);
    tera.set_escape_fn(markup::escape);
    match locales {
        Some(l) => tera.register_function("t", translate(l)),
        None => tera.register_function("t", |_: Kwargs, _: &State| {
            Ok::<_, tera::Error>(String::new())
        }),
    }
    tera
}

fn pairs<'a>(
    sources: &'a BTreeMap<String, (PathBuf, Arc<str>)>,
    only: Option<&'a BTreeSet<String>>,
) -> Vec<(&'a str, &'a str)> {
    sources
        .iter()
        .filter(|(n, _)| only.is_none_or(|o| o.contains(*n)))
        .map(|(n, (_, s))| (n.as_str(), &**s))
        .collect()
}

/// A syntax error of one template, with Tera's position.
fn syntax_error(name: &str, source: &str, file: &Path) -> Option<Diagnostic> {
    let mut alone = new_tera(None);
    match alone.add_raw_template(name, source) {
        Err(e) => match e.kind() {
            ErrorKind::SyntaxError(r) => {
                let mut d = Diagnostic::error("template-syntax", r.message().to_string())
                    .at(file, r.span().range.clone());
                // What was opened and never closed: the end tag with which
                // Tera's parser accepts the template.
                if let Some(tag) = missing_end_tag(name, source) {
                    d = d.with_note(format!(
                        "the template ends before `{tag}` closes what it opened"
                    ));
                }
                Some(d)
            }
            _ => None,
        },
        Ok(()) => None,
    }
}

/// The end tag whose absence is the syntax error, if adding one fixes it.
fn missing_end_tag(name: &str, source: &str) -> Option<&'static str> {
    const TAGS: [&str; 5] = [
        "{% endif %}",
        "{% endfor %}",
        "{% endblock %}",
        "{% endfilter %}",
        "{% endraw %}",
    ];
    TAGS.into_iter().find(|tag| {
        let mut alone = new_tera(None);
        let closed = format!("{source}\n{tag}");
        match alone.add_raw_template(name, &closed) {
            Ok(()) => true,
            Err(e) => !matches!(e.kind(), ErrorKind::SyntaxError(_)),
        }
    })
}

/// Templates that cannot load even when every other template is present
/// but empty: their own fault (an unknown include, function or filter).
fn broken_templates(sources: &BTreeMap<String, (PathBuf, Arc<str>)>) -> Vec<String> {
    sources
        .keys()
        .filter(|name| {
            let mut tera = new_tera(None);
            let trial: Vec<(&str, &str)> = sources
                .iter()
                .map(|(n, (_, s))| (n.as_str(), if n == *name { &**s } else { "" }))
                .collect();
            tera.add_raw_templates(trial).is_err()
        })
        .cloned()
        .collect()
}

fn load_error(
    file: &Path,
    all: &tera::Error,
    name: &str,
    sources: &BTreeMap<String, (PathBuf, Arc<str>)>,
) -> Diagnostic {
    // Tera reports these problems as text with its own excerpt: show it.
    let mut tera = new_tera(None);
    let trial: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, (_, s))| (n.as_str(), if n == name { &**s } else { "" }))
        .collect();
    let report = match tera.add_raw_templates(trial) {
        Err(e) => e.to_string(),
        Ok(()) => all.to_string(),
    };
    Diagnostic::error(
        "template-syntax",
        format!("Tera cannot load template `{name}`"),
    )
    .in_file(file)
    .with_note(report)
}

/// The templates `root` needs to load: itself and what it includes or
/// extends, found by leaving templates out until Tera refuses.
fn requirements(sources: &BTreeMap<String, (PathBuf, Arc<str>)>, root: &str) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = sources.keys().cloned().collect();
    if set.len() == 1 {
        return set;
    }
    loop {
        let mut changed = false;
        for name in set.clone() {
            if name == root {
                continue;
            }
            let mut trial = set.clone();
            trial.remove(&name);
            let mut tera = new_tera(None);
            if tera.add_raw_templates(pairs(sources, Some(&trial))).is_ok() {
                set = trial;
                changed = true;
            }
        }
        if !changed {
            return set;
        }
    }
}

/// The `t` function: Fluent messages by id, in the language being rendered.
fn translate(
    locales: Arc<Locales>,
) -> impl Fn(Kwargs, &State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: Kwargs, state: &State| {
        let fail = |e: TranslateError| {
            let message = e.to_string();
            LAST_FAILURE.with(|f| *f.borrow_mut() = Some(e));
            tera::Error::message(message)
        };
        let lang: String = state
            .get("lang")?
            .ok_or_else(|| tera::Error::message("`lang` is not set in the template context"))?;
        let Some(id) = kwargs.get::<String>("id")? else {
            return Err(fail(TranslateError::NoId));
        };
        let mut args = FluentArgs::new();
        let mut passed = BTreeSet::new();
        for (key, value) in kwargs.iter() {
            let Some(key) = key.as_str() else { continue };
            if key == "id" {
                continue;
            }
            let value = if let Some(n) = value.as_f64() {
                FluentValue::from(n)
            } else if let Some(s) = value.as_str() {
                FluentValue::from(s.to_string())
            } else {
                FluentValue::from(value.to_string())
            };
            passed.insert(key.to_string());
            args.set(key.to_string(), value);
        }
        let Some(locale) = locales.get(&lang) else {
            return Err(tera::Error::message(format!("no locale `{lang}`")));
        };
        if locale.has(&id) {
            let unpassed: Vec<String> = locale
                .variables(&id)
                .into_iter()
                .filter(|v| !passed.contains(v))
                .collect();
            if !unpassed.is_empty() {
                return Err(fail(TranslateError::Unpassed {
                    locale: lang,
                    id,
                    variables: unpassed,
                }));
            }
        }
        locale
            .format(&id, Some(&args))
            .map_err(|e| fail(TranslateError::Format(e)))
    }
}

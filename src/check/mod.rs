//! `verbale check`: every way a translation, a template or a note can be
//! wrong, found before anyone prints a note, each with its place and a
//! stable check id.
//!
//! Unlike rendering, checking never stops at the first broken file: each
//! part of the project is read on its own and everything found is reported.

pub mod ftl;
pub mod report;
pub mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use crate::diag::{Diagnostic, Severity};
use crate::enclosure;
use crate::i18n::dates;
use crate::layout::font::FontStyle;
use crate::note::Note;
use crate::project::{self, CheckConfig, Project};
use crate::register::{self, Register};
use crate::render::{self, NOTE_TEXT_VARIABLES, REQUIRED_MESSAGES};
use crate::world::World;
use ftl::LocaleIndex;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also render every note in memory and report what fails at runtime.
    pub render: bool,
}

/// How much of the reference locale a locale translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub locale: String,
    pub translated: usize,
    pub total: usize,
    pub reference: bool,
    pub incomplete: bool,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: Vec<Coverage>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the project in `root`.
pub fn check(root: &Path, options: &Options) -> (World, Report) {
    let world = World::new(root);
    let mut diags = Vec::new();
    let config = match project::load_config(&world) {
        Ok(c) => Some(c),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let settings = config.as_ref().map(|c| c.check.clone()).unwrap_or_default();

    let locales: BTreeMap<String, LocaleIndex> = ftl::locale_codes(&world)
        .into_iter()
        .map(|code| {
            let index = ftl::index(&world, &code, &mut diags);
            (code, index)
        })
        .collect();
    let coverage = compare_locales(&locales, &settings, &mut diags);
    for index in locales.values() {
        check_references(index, &mut diags);
        check_plurals(index, &mut diags);
        check_required(index, &mut diags);
    }

    let notes = load_notes(&world, &mut diags);
    check_templates(&world, &locales, &notes, &mut diags);
    check_notes(&world, &locales, &notes, &mut diags);
    check_register(&world, &notes, &mut diags);
    check_enclosures(&world, &notes, &mut diags);
    if let Some(config) = &config {
        check_glyphs(&world, config, &locales, &notes, &mut diags);
    }

    let static_errors: BTreeSet<PathBuf> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.file.clone())
        .collect();
    if options.render {
        render_notes(root, &notes, &static_errors, &mut diags);
    }

    sort(&world, &mut diags);
    (
        world,
        Report {
            diagnostics: diags,
            coverage,
        },
    )
}

fn sort(_world: &World, diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.code,
            &a.message,
        )
            .cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.code,
                &b.message,
            ))
    });
}

fn gap(incomplete: bool, code: &'static str, message: String) -> Diagnostic {
    if incomplete {
        Diagnostic::warning(code, message)
    } else {
        Diagnostic::error(code, message)
    }
}

/// Missing, obsolete and differently-parameterised entries against the
/// reference locale.
fn compare_locales(
    locales: &BTreeMap<String, LocaleIndex>,
    settings: &CheckConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Coverage> {
    let Some(reference) = locales.get(&settings.reference) else {
        if !locales.is_empty() {
            diags.push(
                Diagnostic::error(
                    "reference-locale",
                    format!(
                        "the reference locale `{}` does not exist in locales/",
                        settings.reference
                    ),
                )
                .in_file(project::CONFIG_FILE),
            );
        }
        return Vec::new();
    };
    let mut coverage = Vec::new();
    for (code, index) in locales {
        let incomplete = settings.incomplete.contains(code);
        let total = reference.messages().count();
        let translated = reference
            .messages()
            .filter(|m| index.entries.contains_key(&m.id))
            .count();
        coverage.push(Coverage {
            locale: code.clone(),
            translated,
            total,
            reference: code == &settings.reference,
            incomplete,
        });
        if code == &settings.reference {
            continue;
        }
        for (id, theirs) in reference.entries.iter().filter(|(_, e)| !e.is_private()) {
            let kind = if theirs.is_term() { "term" } else { "message" };
            let Some(ours) = index.entries.get(id) else {
                diags.push(
                    gap(
                        incomplete,
                        if theirs.is_term() {
                            "missing-term"
                        } else {
                            "missing-message"
                        },
                        format!("{kind} `{id}` is missing in locale `{code}`"),
                    )
                    .at(&theirs.file, theirs.span.clone())
                    .with_note(format!(
                        "defined here in the reference locale `{}`",
                        reference.code
                    )),
                );
                continue;
            };
            for (attr, span) in &theirs.attributes {
                if !ours.attributes.contains_key(attr) {
                    diags.push(
                        gap(
                            incomplete,
                            "missing-attribute",
                            format!("attribute `{id}.{attr}` is missing in locale `{code}`"),
                        )
                        .at(&theirs.file, span.clone()),
                    );
                }
            }
            for (attr, span) in &ours.attributes {
                if !theirs.attributes.contains_key(attr) {
                    diags.push(
                        Diagnostic::warning(
                            "obsolete-attribute",
                            format!(
                                "attribute `{id}.{attr}` is not in the reference locale `{}`",
                                reference.code
                            ),
                        )
                        .at(&ours.file, span.clone()),
                    );
                }
            }
            if theirs.is_term() {
                continue;
            }
            let (want, have) = (reference.variables(id), index.variables(id));
            for v in have.difference(&want) {
                diags.push(
                    Diagnostic::error(
                        "variable-mismatch",
                        format!(
                            "`{id}` uses `${v}` in `{code}` but not in the reference locale `{}`",
                            reference.code
                        ),
                    )
                    .at(&ours.file, ours.span.clone()),
                );
            }
            for v in want.difference(&have) {
                diags.push(
                    Diagnostic::error(
                        "variable-mismatch",
                        format!(
                            "`{id}` does not use `${v}` in `{code}`, the reference locale `{}` does",
                            reference.code
                        ),
                    )
                    .at(&ours.file, ours.span.clone()),
                );
            }
        }
        for (id, ours) in index.entries.iter().filter(|(_, e)| !e.is_private()) {
            if !reference.entries.contains_key(id) {
                let kind = if ours.is_term() { "term" } else { "message" };
                diags.push(
                    Diagnostic::warning(
                        if ours.is_term() {
                            "obsolete-term"
                        } else {
                            "obsolete-message"
                        },
                        format!(
                            "{kind} `{id}` is not in the reference locale `{}`",
                            reference.code
                        ),
                    )
                    .at(&ours.file, ours.span.clone()),
                );
            }
        }
    }
    coverage
}

/// References to messages, terms, attributes and functions that do not
/// exist in the locale.
fn check_references(index: &LocaleIndex, diags: &mut Vec<Diagnostic>) {
    for entry in index.entries.values() {
        for r in &entry.references {
            let known = match &r.attribute {
                Some(a) => index
                    .entries
                    .get(&r.id)
                    .is_some_and(|e| e.attributes.contains_key(a)),
                None => index.entries.contains_key(&r.id),
            };
            if !known {
                let what = match &r.attribute {
                    Some(a) => format!("`{}.{a}`", r.id),
                    None => format!("`{}`", r.id),
                };
                diags.push(
                    Diagnostic::error(
                        "unknown-reference",
                        format!(
                            "`{}` refers to {what}, which locale `{}` does not define",
                            entry.id, index.code
                        ),
                    )
                    .at(&entry.file, r.span.clone()),
                );
            }
        }
        for f in &entry.functions {
            if !dates::FUNCTIONS.contains(&f.id.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "unknown-function",
                        format!(
                            "`{}` calls {}(), which verbale does not provide (it has {})",
                            entry.id,
                            f.id,
                            dates::FUNCTIONS.join(", ")
                        ),
                    )
                    .at(&entry.file, f.span.clone()),
                );
            }
        }
    }
}

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The CLDR cardinal categories a language uses, found by asking its rules
/// about integers and fractions.
pub fn plural_categories(code: &str) -> BTreeSet<&'static str> {
    let Ok(langid) = code.parse::<LanguageIdentifier>() else {
        return BTreeSet::new();
    };
    let Ok(rules) = PluralRules::create(langid, PluralRuleType::CARDINAL) else {
        return BTreeSet::new();
    };
    let mut found = BTreeSet::new();
    let samples = (0..=200)
        .map(|n| n as f64)
        .chain([0.5, 1.5, 2.5, 0.1, 1.1, 5.5]);
    for n in samples {
        if let Ok(c) = rules.select(n) {
            found.insert(match c {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            });
        }
    }
    found
}

/// Plural selectors (any key a CLDR category) must name every category
/// of the language.
fn check_plurals(index: &LocaleIndex, diags: &mut Vec<Diagnostic>) {
    let categories = plural_categories(&index.code);
    if categories.is_empty() {
        return;
    }
    for entry in index.entries.values() {
        for (keys, span) in &entry.selects {
            if !keys.iter().any(|k| CATEGORY_NAMES.contains(&k.as_str())) {
                continue;
            }
            let missing: Vec<&str> = categories
                .iter()
                .filter(|c| !keys.contains(**c))
                .copied()
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "plural-category",
                        format!(
                            "plural selector in `{}` lacks {} for locale `{}` (CLDR: {})",
                            entry.id,
                            missing
                                .iter()
                                .map(|c| format!("[{c}]"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            index.code,
                            categories.iter().copied().collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .at(&entry.file, span.clone()),
                );
            }
        }
    }
}

/// The messages the renderer asks for itself.
fn check_required(index: &LocaleIndex, diags: &mut Vec<Diagnostic>) {
    let dir = PathBuf::from("locales").join(&index.code);
    for (id, passed) in REQUIRED_MESSAGES {
        let Some(entry) = index.entries.get(id) else {
            diags.push(
                Diagnostic::error(
                    "required-message",
                    format!(
                        "locale `{}` lacks `{id}`, which every PDF needs",
                        index.code
                    ),
                )
                .in_file(&dir),
            );
            continue;
        };
        for v in index.variables(id) {
            if !passed.contains(&v.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "required-message",
                        format!("`{id}` uses `${v}`; verbale passes only {}", list(passed)),
                    )
                    .at(&entry.file, entry.span.clone()),
                );
            }
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`${n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn load_notes(world: &World, diags: &mut Vec<Diagnostic>) -> Vec<Note> {
    let files = world.list(Path::new("notes"), "toml").unwrap_or_default();
    let mut notes = Vec::new();
    for file in files {
        match Note::load(world, &file) {
            Ok(n) => notes.push(n),
            Err(d) => diags.extend(d),
        }
    }
    notes
}

/// What a note gives a template to build ids with.
fn note_value(note: &Note, name: &str) -> Option<String> {
    match name {
        "place" => Some(note.place.clone()),
        "addressee" => Some(note.addressee.clone()),
        _ => None,
    }
}

/// The note field a variable of a template id comes from.
fn note_field(id_parts: &[templates::IdPart]) -> &'static str {
    for p in id_parts {
        if let templates::IdPart::Variable(v) = p {
            return match v.as_str() {
                "place" => "place",
                "addressee" => "addressee",
                _ => "languages",
            };
        }
    }
    "languages"
}

fn check_templates(
    world: &World,
    locales: &BTreeMap<String, LocaleIndex>,
    notes: &[Note],
    diags: &mut Vec<Diagnostic>,
) {
    let files = world
        .list(Path::new("templates"), crate::template::EXTENSION)
        .unwrap_or_default();
    for file in files {
        let Ok(source) = world.read_text(&file) else {
            continue;
        };
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for call in templates::calls(&source) {
            if let Some(id) = call.fixed_id() {
                for index in locales.values() {
                    check_call(
                        index,
                        &id,
                        &call.args,
                        diags,
                        |d| d.at(&file, call.span.clone()),
                        "template-message",
                    );
                }
                continue;
            }
            for note in notes.iter().filter(|n| n.template == name) {
                let Some(id) = call.resolve(|v| note_value(note, v)) else {
                    continue;
                };
                let field = note_field(&call.id);
                for lang in &note.languages {
                    let Some(index) = locales.get(lang) else {
                        continue;
                    };
                    let span = note.spans.get(field).cloned().unwrap_or(0..0);
                    check_call(
                        index,
                        &id,
                        &call.args,
                        diags,
                        |d| d.at(&note.path, span.clone()),
                        "note-message",
                    );
                }
            }
        }
    }
}

fn check_call(
    index: &LocaleIndex,
    id: &str,
    passed: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
    place: impl Fn(Diagnostic) -> Diagnostic,
    code: &'static str,
) {
    if !index.has(id) {
        diags.push(place(Diagnostic::error(
            code,
            format!("`{id}` is missing in locale `{}`", index.code),
        )));
        return;
    }
    let message = id.split_once('.').map_or(id, |(m, _)| m);
    for v in index.variables(message) {
        if !passed.contains(&v) {
            diags.push(place(Diagnostic::error(
                "template-variable",
                format!(
                    "`{id}` in locale `{}` uses `${v}`, which the template does not pass",
                    index.code
                ),
            )));
        }
    }
}

fn check_notes(
    world: &World,
    locales: &BTreeMap<String, LocaleIndex>,
    notes: &[Note],
    diags: &mut Vec<Diagnostic>,
) {
    let required_texts: BTreeMap<String, BTreeSet<String>> = world
        .list(Path::new("templates"), crate::template::EXTENSION)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            let source = world.read_text(f).ok()?;
            let name = f.file_stem()?.to_string_lossy().into_owned();
            let required = templates::text_fields(&source)
                .into_iter()
                .filter(|(_, guarded)| !guarded)
                .map(|(n, _)| n)
                .collect();
            Some((name, required))
        })
        .collect();

    let mut numbers: BTreeMap<String, &Note> = BTreeMap::new();
    for note in notes {
        let at = |key: &str| note.spans.get(key).cloned().unwrap_or(0..0);
        if let Some(first) = numbers.get(&note.number.to_string()) {
            diags.push(
                Diagnostic::error(
                    "note-duplicate-number",
                    format!(
                        "number {} is already used by {}",
                        note.number,
                        first.path.display()
                    ),
                )
                .at(&note.path, at("sequence")),
            );
        } else {
            numbers.insert(note.number.to_string(), note);
        }

        let mut wanted: BTreeSet<String> = required_texts
            .get(&note.template)
            .cloned()
            .unwrap_or_default();
        for texts in note.texts.values() {
            wanted.extend(texts.keys().cloned());
        }
        for lang in &note.languages {
            if !locales.contains_key(lang) {
                diags.push(
                    Diagnostic::error(
                        "note-language",
                        format!("language `{lang}` has no locale in locales/"),
                    )
                    .at(&note.path, at("languages")),
                );
                continue;
            }
            let own = note.texts.get(lang);
            for key in &wanted {
                if !own.is_some_and(|t| t.contains_key(key)) {
                    let span = note
                        .spans
                        .get(&format!("text.{lang}"))
                        .cloned()
                        .unwrap_or_else(|| at("languages"));
                    diags.push(
                        Diagnostic::error(
                            "note-missing-text",
                            format!("text `{key}` is missing in language `{lang}`"),
                        )
                        .at(&note.path, span),
                    );
                }
            }
        }
        for lang in note.texts.keys() {
            if !note.languages.contains(lang) {
                diags.push(
                    Diagnostic::warning(
                        "note-unused-text",
                        format!("texts in `{lang}`, which is not among the note's languages"),
                    )
                    .at(&note.path, at(&format!("text.{lang}"))),
                );
            }
        }

        for (name, date) in &note.dates {
            if date.style == "deadline" && date.end < note.issued {
                diags.push(
                    Diagnostic::error(
                        "note-date-order",
                        format!(
                            "deadline `{name}` ({}) is before the issue date ({})",
                            date.end, note.issued
                        ),
                    )
                    .at(&note.path, date.span.clone()),
                );
            }
            let id = if date.is_range() {
                format!("date-{}-range", date.style)
            } else {
                format!("date-{}", date.style)
            };
            for lang in &note.languages {
                if let Some(index) = locales.get(lang)
                    && !index.has(&id)
                {
                    diags.push(
                        Diagnostic::error(
                            "note-date-style",
                            format!(
                                "date `{name}` has style `{}`, but locale `{lang}` has no `{id}`",
                                date.style
                            ),
                        )
                        .at(&note.path, date.span.clone()),
                    );
                }
            }
        }

        check_note_texts(world, locales, note, diags);
    }
}

/// Enclosure files exist and, when they are text, parse; what they can
/// print is checked with the glyphs.
fn check_enclosures(world: &World, notes: &[Note], diags: &mut Vec<Diagnostic>) {
    for note in notes {
        let Some((file, kind)) = enclosure::file_of(note) else {
            continue;
        };
        let kind = match kind {
            Ok(k) => k,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Err(e) = world.read(file) {
            diags.push(enclosure::problem(
                note,
                format!("cannot read {}: {e}", file.display()),
            ));
            continue;
        }
        if kind == enclosure::Kind::Text
            && let Ok(source) = world.read_text(file)
            && let Err(e) = enclosure::text::parse(&source)
        {
            diags.push(Diagnostic::error("enclosure", e.message).at(file, e.span));
        }
    }
}

/// Every note's number is in the register, once, and not withdrawn.
fn check_register(world: &World, notes: &[Note], diags: &mut Vec<Diagnostic>) {
    let path = Path::new(register::FILE);
    if !world.root().join(path).exists() {
        return;
    }
    let Ok(source) = world.read_text(path) else {
        return;
    };
    let line_span = |line: usize| {
        let start: usize = source
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let len = source[start..].find('\n').unwrap_or(source.len() - start);
        start..start + len
    };
    let register = match Register::parse(&source) {
        Ok(r) => r,
        Err(e) => {
            diags.push(Diagnostic::error("register-syntax", e.message).at(path, line_span(e.line)));
            return;
        }
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &register.entries {
        if let Some(first) = seen.insert(entry.number.to_string(), entry.line) {
            diags.push(
                Diagnostic::error(
                    "register-duplicate",
                    format!(
                        "{} is registered twice (first on line {first})",
                        entry.number
                    ),
                )
                .at(path, line_span(entry.line)),
            );
        }
    }
    for note in notes {
        let at = note.spans.get("sequence").cloned().unwrap_or(0..0);
        match register.find(&note.number) {
            None => diags.push(
                Diagnostic::error(
                    "register-missing",
                    format!(
                        "{} is not in {}: take numbers with `verbale new`",
                        note.number,
                        register::FILE
                    ),
                )
                .at(&note.path, at),
            ),
            Some(e) if e.status == register::Status::Withdrawn => diags.push(
                Diagnostic::warning(
                    "register-withdrawn",
                    format!("{} was withdrawn (register line {})", note.number, e.line),
                )
                .at(&note.path, at),
            ),
            Some(_) => {}
        }
    }
}

/// A note's own texts: Fluent syntax, and variables and references that
/// exist.
fn check_note_texts(
    world: &World,
    locales: &BTreeMap<String, LocaleIndex>,
    note: &Note,
    diags: &mut Vec<Diagnostic>,
) {
    let source = world.source_text(&note.path);
    let mut allowed: BTreeSet<String> = note.dates.keys().cloned().collect();
    allowed.extend(NOTE_TEXT_VARIABLES.iter().map(|s| s.to_string()));
    for (lang, texts) in &note.texts {
        for text in texts.values() {
            let message = render::as_message(&text.text);
            let mut found = Vec::new();
            let index = ftl_index_of(&message, &mut found);
            for d in found {
                diags.push(Diagnostic::error("note-text", d).at(&note.path, text.span.clone()));
            }
            let Some(entry) = index else { continue };
            for v in &entry.variables {
                if !allowed.contains(v) {
                    let msg = format!("unknown variable `${v}` in `{lang}` (the note has {})", {
                        let mut names: Vec<String> =
                            allowed.iter().map(|a| format!("`${a}`")).collect();
                        names.sort();
                        names.join(", ")
                    });
                    let span = render::culprit_span(
                        source.as_deref(),
                        &format!(": ${v}"),
                        text.span.clone(),
                    );
                    diags.push(Diagnostic::error("note-text", msg).at(&note.path, span));
                }
            }
            if let Some(locale) = locales.get(lang) {
                for r in &entry.references {
                    if !locale.entries.contains_key(&r.id) {
                        let span = render::culprit_span(
                            source.as_deref(),
                            &format!(": {}", r.id),
                            text.span.clone(),
                        );
                        diags.push(
                            Diagnostic::error(
                                "note-text",
                                format!("`{}` is not defined in locale `{lang}`", r.id),
                            )
                            .at(&note.path, span),
                        );
                    }
                }
            }
        }
    }
}

/// Indexes a one-message source held in memory.
fn ftl_index_of(source: &str, errors: &mut Vec<String>) -> Option<ftl::Entry> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, e)) => {
            errors.extend(e.iter().map(|e| e.kind.to_string()));
            r
        }
    };
    let mut index = LocaleIndex::default();
    ftl::index_resource(
        &resource,
        source,
        Path::new(""),
        &mut index,
        &mut Vec::new(),
    );
    index.entries.remove("text")
}

/// Every character a locale or a note can put on a page must be in every
/// face of the family.
fn check_glyphs(
    world: &World,
    config: &project::Config,
    locales: &BTreeMap<String, LocaleIndex>,
    notes: &[Note],
    diags: &mut Vec<Diagnostic>,
) {
    let faces: Vec<(FontStyle, PathBuf)> = vec![
        (FontStyle::Regular, config.fonts.regular.clone()),
        (FontStyle::Bold, config.fonts.bold.clone()),
        (FontStyle::Italic, config.fonts.italic.clone()),
        (FontStyle::BoldItalic, config.fonts.bold_italic.clone()),
    ];
    let mut loaded = Vec::new();
    for (style, path) in faces {
        match world.read(&path) {
            Ok(bytes) => loaded.push((style, path, bytes)),
            Err(e) => diags.push(
                Diagnostic::error("font", format!("cannot read font {}: {e}", path.display()))
                    .in_file(project::CONFIG_FILE),
            ),
        }
    }
    let parsed: Vec<(PathBuf, ttf_parser::Face)> = loaded
        .iter()
        .filter_map(|(_, p, b)| ttf_parser::Face::parse(b, 0).ok().map(|f| (p.clone(), f)))
        .collect();
    let mut files: Vec<PathBuf> = locales.values().flat_map(|l| l.files.clone()).collect();
    files.extend(notes.iter().map(|n| n.path.clone()));
    files.extend(notes.iter().filter_map(|n| match enclosure::file_of(n)? {
        (file, Ok(enclosure::Kind::Text)) => Some(file.to_path_buf()),
        _ => None,
    }));
    files.sort();
    files.dedup();
    let mut verdict: BTreeMap<char, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        let Some(source) = world.source_text(&file) else {
            continue;
        };
        let mut seen = BTreeSet::new();
        let mut offset = 0;
        for line in source.split_inclusive('\n') {
            if !line.trim_start().starts_with('#') {
                for (i, c) in line.char_indices() {
                    if c.is_whitespace() || c.is_control() || !seen.insert(c) {
                        continue;
                    }
                    let lacking = verdict.entry(c).or_insert_with(|| {
                        parsed
                            .iter()
                            .filter(|(_, f)| f.glyph_index(c).is_none())
                            .map(|(p, _)| p.clone())
                            .collect()
                    });
                    if !lacking.is_empty() {
                        diags.push(
                            Diagnostic::error(
                                "missing-glyph",
                                format!(
                                    "`{c}` (U+{:04X}) is not in {}: it would print as an empty box",
                                    c as u32,
                                    lacking
                                        .iter()
                                        .map(|p| p.display().to_string())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            )
                            .at(&file, offset + i..offset + i + c.len_utf8()),
                        );
                    }
                }
            }
            offset += line.len();
        }
    }
}

/// Renders each note that passed the static checks, reporting what only
/// shows at runtime.
fn render_notes(
    root: &Path,
    notes: &[Note],
    skip: &BTreeSet<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(project) = Project::load(root) else {
        return;
    };
    for note in notes {
        if skip.contains(&note.path) {
            continue;
        }
        if let Err(found) = render::render(&project, note) {
            for d in found {
                let mut d = d;
                d.notes.push("found by --render".to_string());
                diags.push(d);
            }
        }
    }
}

//! One note to one PDF: for each of its languages, word the dates, format
//! the note's own texts and render the template ([`compose`]); lay out the
//! pages; then write all versions and the enclosure into one document
//! ([`render`]).
//!
//! `verbale check` runs [`compose`] for every note and language, so every
//! problem of wording and templates is found by the same code that
//! renders. Each failure becomes a diagnostic at the place to fix it: the
//! note's field, the template's call, or the locale's message.
//!
//! What the layout cannot keep inside the margins ([`layout::Overflow`])
//! becomes a diagnostic here too, at the text it was set from: a
//! [`PAGE_OVERFLOW`] error, or an [`OVERFULL_LINE`] warning (an error when
//! the line runs off the paper). `check --render` and `build` both come
//! through [`render_worded`], so both report it, and a note with such an
//! error gets no PDF.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentValue};
use tera::Context;

use crate::config;
use crate::diag::{Diagnostic, Diagnostics, Sources, suggest};
use crate::enclosure::{self, Attachment};
use crate::i18n::{FormatError, Locale, Problem, dates};
use crate::layout::font::Shaper;
use crate::layout::hyphen::Hyphenator;
use crate::layout::style::{MM, PageStyle};
use crate::layout::{self, LayoutError, Overflow, OverflowKind, Page, Typesetter};
use crate::markup::{self, Block};
use crate::note::{Note, NoteDate};
use crate::pdf::{self, Metadata, Section};
use crate::project::{ENCLOSURE_STYLE, Project};
use crate::template::{Kind, RenderError, TranslateError};
use crate::world::Inputs;

/// Messages the renderer itself asks every locale for, with the variables
/// it passes; `verbale check` holds each locale to this list.
pub const REQUIRED_MESSAGES: [(&str, &[&str]); 7] = [
    ("outline-enclosure", &["pages", "number"]),
    ("page-label-enclosure", &["pages", "number"]),
    ("page-number", &["page"]),
    ("page-label", &["pages", "number"]),
    ("outline-version", &["pages", "number"]),
    ("document-title", &["number"]),
    ("document-author", &["number"]),
];

/// The check id of text placed outside the printable area of a page: a
/// block taller than the page, a line above the top or below the bottom
/// margin, a picture that does not fit, a page number on two lines.
pub const PAGE_OVERFLOW: &str = "page-overflow";

/// The check id of a line wider than its measure (a word that cannot be
/// broken): a warning while the line ends on the paper, an error when it
/// runs off it.
pub const OVERFULL_LINE: &str = "overfull-line";

/// Variables a note's own texts may use besides its dates.
pub const NOTE_TEXT_VARIABLES: [&str; 1] = ["number"];

/// One language version, worded: the template's output.
pub struct Composed {
    /// The language.
    pub lang: String,
    /// The template's output, as text.
    pub markup: String,
    /// The same, split into blocks.
    pub blocks: Vec<Block>,
}

/// Every language version of a note as `check` worded it, handed to
/// [`render_worded`] so that a build words each note once.
pub struct Worded {
    /// The page count the enclosure lines state.
    pub enclosure_pages: Option<u32>,
    /// One per language, in the note's order.
    pub versions: Vec<Composed>,
    /// The files the wording read.
    pub inputs: Inputs,
}

/// One language version, laid out.
pub struct Version {
    /// The language.
    pub lang: String,
    /// The template's output it was set from.
    pub markup: String,
    /// Its pages.
    pub pages: Vec<Page>,
}

/// A note rendered in memory.
pub struct Rendered {
    /// The language versions, in the note's order.
    pub versions: Vec<Version>,
    /// The pages of a typeset text enclosure.
    pub enclosure: Option<Vec<Page>>,
    /// How many pages of an enclosed PDF follow the versions, appended as
    /// they are (not laid out here, so not in `enclosure`).
    pub appended: Option<u32>,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Every file the PDF was made from.
    pub inputs: Inputs,
    /// Warnings setting it gave (a line wider than its measure); an error
    /// would have kept it from being made.
    pub diagnostics: Diagnostics,
}

/// The template kind of a note, or why it has none: a diagnostic, or
/// `None` when the template exists but did not load (that is reported
/// where the project is loaded).
pub fn kind_of<'p>(project: &'p Project, note: &Note) -> Result<&'p Kind, Option<Diagnostic>> {
    if project.templates.broken(&note.template).is_some() {
        return Err(None);
    }
    project.templates.kind(&note.template).ok_or_else(|| {
        let kinds: Vec<&str> = project.templates.kinds().map(|(k, _)| k.as_str()).collect();
        let d = Diagnostic::error(
            "note-template",
            format!(
                "there is no template `{}` (templates/{0}.tera with its settings templates/{0}.toml)",
                note.template
            ),
        )
        .at(&note.path, note.template_span());
        match suggest(&note.template, kinds.iter().copied()) {
            Some(s) => d.with_note(format!("did you mean `{s}`?")),
            None => d.with_note(format!("the templates are: {}", kinds.join(", "))),
        }
    })
    .map_err(Some)
}

/// The locale of one of a note's languages, or why there is none.
pub fn locale_of<'p>(
    project: &'p Project,
    note: &Note,
    lang: &str,
) -> Result<&'p Locale, Diagnostic> {
    project.locales.get(lang).ok_or_else(|| {
        let codes: Vec<&str> = project.locales.codes().map(String::as_str).collect();
        let d = Diagnostic::error(
            "note-language",
            format!("language `{lang}` has no locale in locales/"),
        )
        .at(&note.path, note.language_span(lang));
        let d = match suggest(lang, codes.iter().copied()) {
            Some(s) => d.with_note(format!("did you mean `{s}`?")),
            None => d,
        };
        match crate::diag::lookalike(lang) {
            Some(why) => d.with_note(why),
            None => d,
        }
    })
}

/// Words one language version of a note: its dates, its own texts and
/// the template, up to the blocks the layout sets. `enclosure_pages` is
/// the count the enclosure line states; `source` is the note file's text.
///
/// An empty list of problems means the note is held back by a project
/// file that did not load (a template or locale file with errors of its
/// own, reported where the project loads).
pub fn compose(
    project: &Project,
    note: &Note,
    lang: &str,
    enclosure_pages: Option<u32>,
    source: &str,
    inputs: &mut Inputs,
) -> Result<Composed, Vec<Diagnostic>> {
    let locale = locale_of(project, note, lang).map_err(|d| vec![d])?;
    if !locale.damaged.is_empty() {
        // Its damaged files are reported where it loads; an empty list
        // says the note is held back by them.
        inputs.extend(locale.sources());
        return Err(Vec::new());
    }
    let kind = kind_of(project, note).map_err(|d| {
        if let Some(f) = project.templates.broken(&note.template) {
            inputs.add(f.to_path_buf());
        }
        d.into_iter().collect::<Vec<_>>()
    })?;
    inputs.extend(locale.sources());
    inputs.extend(&kind.files);
    inputs.add(kind.settings_file.clone());
    let context_note = format!("while rendering note {} in `{lang}`", note.number);
    let mut diags = Vec::new();

    // Dates first: the note's texts place them.
    let mut date_words = BTreeMap::new();
    let mut blocked = false;
    for (name, date) in &note.dates {
        match word_date(locale, date) {
            Ok(w) => {
                date_words.insert(name.clone(), w);
            }
            Err(e) => {
                if e.found_by_check() {
                    blocked = true;
                } else {
                    diags.push(date_problem(locale, note, name, date, &e));
                }
                // Still known to the texts, which are not to blame.
                date_words.insert(name.clone(), String::new());
            }
        }
    }
    let mut text_args = FluentArgs::new();
    for (name, w) in &date_words {
        text_args.set(name.clone(), FluentValue::from(w.clone()));
    }
    text_args.set("number", note.number.to_string());
    let mut texts = BTreeMap::new();
    if let Some(own) = note.texts.get(lang) {
        for (key, text) in own
            .texts
            .iter()
            .filter(|(k, _)| kind.texts.contains_key(*k))
        {
            let compiled = match text.compile(&note.path, source, lang, key) {
                Ok(c) => c,
                Err(found) => {
                    diags.extend(found);
                    continue;
                }
            };
            match compiled.format(locale, &text_args) {
                Ok(t) => {
                    texts.insert(key.clone(), t);
                }
                Err(e) => diags.push(text_problem(note, lang, key, &compiled, &date_words, &e)),
            }
        }
    }
    if !diags.is_empty() || blocked {
        return Err(diags);
    }

    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("number", &note.number.to_string());
    context.insert("series", &note.number.series);
    context.insert("sequence", &note.number.sequence);
    context.insert("issued", &dates::to_fluent(note.issued));
    context.insert("place", &note.place);
    context.insert("addressee", &note.addressee);
    context.insert("enclosure_pages", &enclosure_pages);
    context.insert("dates", &date_words);
    context.insert("text", &texts);
    let markup = project
        .templates
        .render(&note.template, &context)
        .map_err(|e| {
            if let Some(TranslateError::Format(f)) = e.translate.as_deref()
                && f.found_by_check()
            {
                // The locale's own check reports it; the note is held back.
                inputs.extend(locale.sources());
                return Vec::new();
            }
            let Some(d) = template_problem(project, note, &e) else {
                inputs.extend(locale.sources());
                return Vec::new();
            };
            // A problem in a locale shows with some notes only: say which.
            let in_locale = d.file().is_some_and(|f| f.starts_with(crate::i18n::DIR));
            vec![if in_locale {
                d.with_note(context_note.clone())
            } else {
                d
            }]
        })?;
    let unprinted = Marks::unprinted(project, note, &texts, &markup, context);
    if !unprinted.is_empty() {
        let own = note.texts.get(lang).map(|t| &t.texts);
        return Err(unprinted
            .into_iter()
            .map(|key| {
                let d = Diagnostic::error(
                    "template-unprinted-text",
                    format!(
                        "template `{}` never prints text `{key}`, so it would be left out of the `{lang}` version",
                        note.template
                    ),
                );
                match own.and_then(|t| t.get(key)) {
                    Some(t) => d.at(&note.path, t.key_span.clone()),
                    None => d.in_file(&note.path),
                }
                .with_note(format!(
                    "{} must print `text.{key}` (it may test `\"{key}\" in text` first)",
                    kind.file.display()
                ))
            })
            .collect());
    }
    let mut blocks = markup::parse(&markup).map_err(|(line, msg)| {
        vec![
            Diagnostic::error(
                "template-output",
                format!("line {line} of what the template gives: {msg}"),
            )
            .in_file(&kind.file)
            .with_note(context_note.clone()),
        ]
    })?;
    locale.typography.dress_blocks(&mut blocks);
    Ok(Composed {
        lang: lang.to_string(),
        markup,
        blocks,
    })
}

/// Finds the note texts a template never prints. A text that stands in the
/// output as it was given is printed; one that does not may have gone
/// through a filter (`upper`, `capitalize`), so the template is rendered
/// once more with each text behind a mark of its own, a character of the
/// supplementary private use plane that filters leave alone: a text whose
/// mark is missing was never printed. The note's output is always the
/// first rendering, so the marks never reach a page.
struct Marks;

impl Marks {
    const FIRST: u32 = 0xF0000;
    const END: u32 = 0xFFFFE;

    fn mark(index: usize) -> Option<char> {
        u32::try_from(index)
            .ok()
            .and_then(|i| Self::FIRST.checked_add(i))
            .filter(|c| *c < Self::END)
            .and_then(char::from_u32)
    }

    fn unprinted<'t>(
        project: &Project,
        note: &Note,
        texts: &'t BTreeMap<String, String>,
        output: &str,
        mut context: Context,
    ) -> Vec<&'t str> {
        if texts.values().all(|t| output.contains(t.as_str())) {
            return Vec::new();
        }
        let marked: BTreeMap<&String, String> = texts
            .iter()
            .enumerate()
            .map(|(i, (key, text))| match Self::mark(i) {
                Some(mark) => (key, format!("{mark}{text}")),
                None => (key, text.clone()),
            })
            .collect();
        context.insert("text", &marked);
        let Ok(output) = project.templates.render(&note.template, &context) else {
            return Vec::new();
        };
        texts
            .iter()
            .enumerate()
            .filter(|(i, (_, text))| {
                !output.contains(text.as_str())
                    && Self::mark(*i).is_some_and(|m| !output.contains(m))
            })
            .map(|(_, (key, _))| key.as_str())
            .collect()
    }
}

/// A note date in the locale's words.
pub fn word_date(locale: &Locale, date: &NoteDate) -> Result<String, FormatError> {
    let mut args = FluentArgs::new();
    args.set("date", dates::to_fluent(date.end));
    args.set("start", dates::to_fluent(date.start));
    locale.format(&date.message_id(), Some(&args))
}

fn date_problem(
    locale: &Locale,
    note: &Note,
    name: &str,
    date: &NoteDate,
    e: &FormatError,
) -> Diagnostic {
    match e {
        FormatError::MissingMessage { .. } => {
            let styles: Vec<String> = locale
                .entries
                .keys()
                .filter_map(|id| id.strip_prefix("date-"))
                .filter(|s| !s.ends_with("-range"))
                .map(String::from)
                .collect();
            let d = Diagnostic::error(
                "note-date-style",
                format!(
                    "date `{name}` has style `{}`, but locale `{}` has no `{}`",
                    date.style,
                    locale.code,
                    date.message_id()
                ),
            )
            .at(&note.path, date.style_span.clone());
            match suggest(&date.style, styles.iter().map(String::as_str)) {
                Some(s) => d.with_note(format!("did you mean `{s}`?")),
                None => d,
            }
        }
        other => locale.explain(other).also(
            &note.path,
            Some(date.span.clone()),
            format!("date `{name}`"),
        ),
    }
}

fn text_problem(
    note: &Note,
    lang: &str,
    key: &str,
    compiled: &crate::note::text::Compiled,
    date_words: &BTreeMap<String, String>,
    e: &FormatError,
) -> Diagnostic {
    let problems = match e {
        FormatError::Resolve { problems, .. } => problems.as_slice(),
        _ => &[],
    };
    let text = &note.texts[lang].texts[key];
    let place = problems.iter().find_map(|p| match p {
        Problem::UnknownVariable(v) => compiled.variable_span(v),
        Problem::UnknownMessage(m) | Problem::UnknownTerm(m) => compiled.reference_span(m),
        Problem::Function(m) => compiled
            .entry
            .calls
            .iter()
            .find(|c| c.name == m.function)
            .map(|c| c.span.clone()),
        _ => None,
    });
    let message = match problems.first() {
        Some(Problem::UnknownVariable(v)) => {
            let mut names: Vec<String> = date_words.keys().cloned().collect();
            names.extend(NOTE_TEXT_VARIABLES.iter().map(|s| s.to_string()));
            names.sort();
            let mut m = format!(
                "unknown variable `${v}` in `{lang}` (the note has {})",
                crate::diag::quoted("$", &names)
            );
            if let Some(s) = suggest(v, names.iter().map(String::as_str)) {
                m.push_str(&format!("; did you mean `${s}`?"));
            }
            m
        }
        Some(p) => format!("in text `{key}` of `{lang}`: {p}"),
        None => e.to_string(),
    };
    Diagnostic::error("note-text", message).at(&note.path, place.unwrap_or(text.span.clone()))
}

/// Whether a translation gap — message `id` (or `id.attr`) missing in
/// `locale` — is an error of the locale's own check: the reference locale
/// has it and `locale` is not marked incomplete.
fn gap_reported(project: &Project, locale: &str, id: &str) -> bool {
    let reference = project.reference_locale();
    let incomplete = project
        .config
        .as_ref()
        .is_some_and(|c| c.check.incomplete.iter().any(|l| l == locale));
    locale != reference && !incomplete && project.locales.get(reference).is_some_and(|r| r.has(id))
}

/// A template that failed, as a diagnostic at the place to fix: the note's
/// field when an id built from it names no message, the template's call
/// otherwise, or the locale's message when the message itself is broken.
/// `None` when the locale's own check reports the fault (a translation
/// gap): the note is then held back without a second report.
pub fn template_problem(project: &Project, note: &Note, e: &RenderError) -> Option<Diagnostic> {
    let at_template = |d: Diagnostic| match &e.span {
        Some(s) => d.at(&e.file, s.clone()),
        None => d.in_file(&e.file),
    };
    let locale_of = |code: &str| project.locales.get(code);
    let asked_id = match e.translate.as_deref() {
        Some(TranslateError::Format(FormatError::MissingMessage { locale, id })) => {
            Some((locale, id.clone()))
        }
        Some(TranslateError::Format(FormatError::MissingAttribute {
            locale,
            id,
            attribute,
        })) => Some((locale, format!("{id}.{attribute}"))),
        _ => None,
    };
    if let Some(TranslateError::Unpassed {
        locale,
        id,
        variables,
    }) = e.translate.as_deref()
    {
        // A variable the reference's message does not use either is the
        // locale's `variable-mismatch`, which check reports at it.
        // Only where the comparison of the two locales covers it: both
        // have the message, outside grammar.ftl.
        let reference = project.reference_locale();
        let shared = |code: &str| {
            project
                .locales
                .get(code)
                .and_then(|l| l.entries.get(id))
                .is_some_and(|e| !crate::i18n::is_private(e) && !e.is_term())
        };
        let theirs = project.locales.get(reference).map(|r| r.variables(id));
        if locale != reference
            && shared(reference)
            && shared(locale)
            && theirs.is_some_and(|t| variables.iter().all(|v| !t.contains(v)))
        {
            return None;
        }
    }
    if let Some((locale, id)) = &asked_id {
        if gap_reported(project, locale, id) {
            return None;
        }
        let reference = project.reference_locale();
        let has_it = project.locales.get(reference).is_some_and(|r| r.has(id));
        if has_it && locale.as_str() != reference {
            // A locale marked incomplete: its gaps are warnings, until a
            // note needs them.
            let file = locale_of(locale).and_then(|l| {
                let theirs = project.locales.get(reference)?.entry(id)?;
                l.file_like(&theirs.file).cloned()
            });
            let d = Diagnostic::error(
                "incomplete-locale",
                format!(
                    "note {} needs `{id}`, which locale `{locale}` lacks",
                    note.number
                ),
            );
            let d = match file {
                Some(f) => d.in_file(f),
                None => d.in_file(Path::new(crate::i18n::DIR).join(locale)),
            };
            let d = match &e.span {
                Some(s) => d.also(&e.file, Some(s.clone()), "asked for here"),
                None => d,
            };
            return Some(d.with_note(format!(
                "`{locale}` is marked incomplete in verbale.toml: its gaps are warnings until a note needs them"
            )));
        }
    }
    Some(match e.translate.as_deref() {
        Some(TranslateError::Format(FormatError::MissingMessage { locale, id })) => {
            let field = [
                (&note.place, &note.spans.place),
                (&note.addressee, &note.spans.addressee),
            ]
            .into_iter()
            // The note's value ends the id, after a separator the template
            // put there (`"place-" ~ place`).
            .find(|(value, _)| {
                !value.is_empty()
                    && id.strip_suffix(value.as_str()).is_some_and(|prefix| {
                        prefix.is_empty() || prefix.ends_with(['-', '_', '.'])
                    })
            });
            match field {
                Some((value, span)) => {
                    let prefix = &id[..id.len() - value.len()];
                    let known: Vec<&str> = locale_of(locale)
                        .map(|l| {
                            l.entries
                                .keys()
                                .filter_map(|k| k.strip_prefix(prefix))
                                .collect()
                        })
                        .unwrap_or_default();
                    // Missing in every language of the note, it is the
                    // note's value that is wrong: one error, the same
                    // from each language's render.
                    let everywhere = note
                        .languages
                        .iter()
                        .all(|l| locale_of(l).is_none_or(|l| !l.has(id)));
                    let message = if everywhere && note.languages.len() > 1 {
                        format!(
                            "`{id}` is missing in every language of the note ({})",
                            note.languages.join(", ")
                        )
                    } else {
                        format!("`{id}` is missing in locale `{locale}`")
                    };
                    let d = Diagnostic::error("note-message", message).at(&note.path, span.clone());
                    let d = match &e.span {
                        Some(s) => d.also(&e.file, Some(s.clone()), "asked for here"),
                        None => d,
                    };
                    match suggest(value, known.iter().copied()) {
                        Some(s) => d.with_note(format!("did you mean `{s}`?")),
                        None => d,
                    }
                }
                None => {
                    let d = at_template(Diagnostic::error(
                        "template-message",
                        format!("`{id}` is missing in locale `{locale}`"),
                    ));
                    // Where to add it: beside the reference's definition.
                    let reference = project.locales.get(project.reference_locale());
                    let file = locale_of(locale).and_then(|l| {
                        let theirs = reference.and_then(|r| r.entry(id))?;
                        l.file_like(&theirs.file).cloned()
                    });
                    match file {
                        Some(f) => d.also(f, None, format!("add `{id}` to this file")),
                        None => d.with_note(format!(
                            "add `{id}` to a file of {}/{locale}/",
                            crate::i18n::DIR
                        )),
                    }
                }
            }
        }
        Some(TranslateError::Format(
            f @ FormatError::MissingAttribute {
                locale,
                id,
                attribute,
            },
        )) => {
            let d = at_template(Diagnostic::error(
                "template-message",
                format!("message `{id}` has no attribute `.{attribute}` in locale `{locale}`"),
            ));
            match locale_of(locale) {
                Some(l) => {
                    let explained = l.explain(f);
                    let d = match explained.primary.map(|p| *p) {
                        Some(p) => d.also(p.file, p.span, format!("`{id}` is defined here")),
                        None => d,
                    };
                    explained.notes.into_iter().fold(d, Diagnostic::with_note)
                }
                None => d,
            }
        }
        Some(TranslateError::Unpassed { locale, id, .. }) => {
            let d = at_template(Diagnostic::error(
                "template-variable",
                e.translate
                    .as_ref()
                    .map_or(String::new(), ToString::to_string),
            ));
            match locale_of(locale).and_then(|l| l.entry(id)) {
                Some(entry) => d.also(
                    &entry.file,
                    Some(entry.span.clone()),
                    format!("`{id}` is defined here"),
                ),
                None => d,
            }
        }
        Some(TranslateError::Format(f)) => {
            let locale = match f {
                FormatError::NoValue { locale, .. } | FormatError::Resolve { locale, .. } => locale,
                _ => "",
            };
            match locale_of(locale) {
                Some(l) => {
                    let d = l.explain(f);
                    match &e.span {
                        Some(s) => d.also(&e.file, Some(s.clone()), "used here"),
                        None => d,
                    }
                }
                None => at_template(Diagnostic::error("template-render", f.to_string())),
            }
        }
        Some(TranslateError::NoId) | None => {
            at_template(Diagnostic::error("template-render", e.message.clone()))
        }
    })
}

/// Renders a note into a PDF in memory; every problem found in any
/// language is reported.
pub fn render(project: &Project, note: &Note) -> Result<Rendered, Diagnostics> {
    render_worded(project, note, None, None)
}

/// [`render`], setting the versions `worded` where their enclosure lines
/// state the page count the enclosure turns out to have (a text
/// enclosure is counted only once it is set) and wording the note again
/// where not. With `only`, the PDF holds that language's version alone
/// (and the enclosure): a proof for its reader.
pub fn render_worded(
    project: &Project,
    note: &Note,
    worded: Option<Worded>,
    only: Option<&str>,
) -> Result<Rendered, Diagnostics> {
    let fonts = project.fonts.as_ref().ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error("font", "the fonts did not load, so no note can be set")
                .in_file(config::FILE),
        )
    })?;
    if let Some(lang) = only
        && !note.languages.iter().any(|l| l == lang)
    {
        return Err(Diagnostics::from(
            Diagnostic::error("note-language", format!("the note has no `{lang}` version"))
                .in_file(&note.path),
        ));
    }
    let source = note.source.clone();
    let mut inputs = Inputs::default();
    inputs.add(note.path.clone());
    inputs.add(config::FILE);
    inputs.extend(&fonts.files);
    let mut shaper = Shaper::new(&fonts.book);
    let attachment =
        enclosure::resolve(project, note, &mut shaper, &mut inputs).map_err(Diagnostics::from)?;
    let enclosure_pages = attachment.as_ref().map(Attachment::pages);
    let mut diags = Diagnostics::default();
    if let Some(Attachment::Typeset { pages, .. }) = &attachment
        && let Some(sheet) = &project.enclosure_style
        && crate::check::templates::sound(project, Path::new(ENCLOSURE_STYLE), sheet)
    {
        diags.extend(enclosure_overflows(project, note, pages, &sheet.page));
    }
    let mut ready = worded
        .filter(|w| w.enclosure_pages == enclosure_pages)
        .map(|w| {
            inputs.extend(w.inputs.iter());
            w.versions.into_iter()
        });
    let mut versions = Vec::new();
    let mut sections = Vec::new();
    for lang in &note.languages {
        let ready = ready
            .as_mut()
            .and_then(Iterator::next)
            .filter(|c| &c.lang == lang);
        if only.is_some_and(|o| o != lang) {
            continue;
        }
        let composed = match ready {
            Some(c) => c,
            None => match compose(project, note, lang, enclosure_pages, &source, &mut inputs) {
                Ok(c) => c,
                Err(found) => {
                    diags.extend(found);
                    continue;
                }
            },
        };
        match set(project, note, composed, &mut shaper, &mut inputs) {
            Ok((v, s, overflows)) => {
                versions.push(v);
                sections.push(s);
                diags.extend(overflows);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let first = only.unwrap_or(&note.languages[0]);
    let first = locale_of(project, note, first).map_err(Diagnostics::from)?;
    let meta = metadata(first, note).map_err(Diagnostics::from)?;
    let mut appendix = None;
    let mut typeset = None;
    let mut appended = None;
    if let Some(attachment) = attachment {
        let attachment_pages = attachment.pages();
        let mut args = FluentArgs::new();
        args.set("pages", attachment_pages);
        args.set("number", note.number.to_string());
        let msg = |id: &str| {
            first
                .format(id, Some(&args))
                .map_err(|e| Diagnostics::from(first.explain(&e)))
        };
        let (title, label) = (msg("outline-enclosure")?, msg("page-label-enclosure")?);
        match attachment {
            Attachment::Typeset { pages, document } => {
                typeset = Some(pages);
                appendix = Some(pdf::Appendix {
                    doc: (*document).clone(),
                    title,
                    label,
                });
            }
            Attachment::Pdf(doc) => {
                appended = Some(attachment_pages);
                appendix = Some(pdf::Appendix {
                    doc: *doc,
                    title,
                    label,
                })
            }
            Attachment::Typed(_) => {}
        }
    }
    let pdf = pdf::write(&sections, appendix, &meta, &fonts.book)
        .map_err(|e| Diagnostics::from(enclosure::problem(note, e.to_string())))?;
    Ok(Rendered {
        versions,
        enclosure: typeset,
        appended,
        pdf,
        inputs,
        diagnostics: diags,
    })
}

/// Lays out one composed version and words its outline entry and labels;
/// with them, what did not fit inside the margins, as diagnostics.
fn set(
    project: &Project,
    note: &Note,
    composed: Composed,
    shaper: &mut Shaper,
    inputs: &mut Inputs,
) -> Result<(Version, Section, Vec<Diagnostic>), Diagnostic> {
    let lang = composed.lang.as_str();
    let locale = locale_of(project, note, lang)?;
    let kind = kind_of(project, note).map_err(|d| {
        d.unwrap_or_else(|| Diagnostic::error("note-template", "the note's template did not load"))
    })?;
    let none = Hyphenator::none();
    let hyphenation = project.hyphenation.get(lang);
    for f in hyphenation.iter().flat_map(|h| &h.files) {
        inputs.add(f.clone());
    }
    let hyphenator = hyphenation.map_or(&none, |h| &h.hyphenator);
    let mut setter = Typesetter {
        shaper,
        hyphenator,
        rules: &locale.typography.breaking,
    };
    let laid = layout::lay_out(&composed.blocks, &kind.sheet, &mut setter, &mut |n| {
        locale.page_number(n)
    })
    .map_err(|e| match e {
        LayoutError::PageLabel(e) => locale.explain(&e),
        LayoutError::UnknownStyle { style, .. } => enclosure::unknown_style(
            &style,
            &kind.sheet,
            &kind.settings_file,
        )
        .also(&kind.file, None, "the template that uses it"),
    })?;
    let version = Setting {
        project,
        note,
        lang,
        locale,
        kind,
        blocks: &composed.blocks,
    };
    // A style sheet with errors of its own (a text column of no width) is
    // reported where it is written, once: not again as every line it
    // leaves outside the margins.
    let overflows = if crate::check::templates::sound(project, &kind.settings_file, &kind.sheet) {
        laid.overflows.iter().map(|o| version.problem(o)).collect()
    } else {
        Vec::new()
    };
    let pages = laid.pages;
    let mut args = FluentArgs::new();
    args.set("pages", pages.len());
    args.set("number", note.number.to_string());
    let word = |id: &str| {
        locale
            .format(id, Some(&args))
            .map_err(|e| locale.explain(&e))
    };
    let title = word("outline-version")?;
    let label = word("page-label")?;
    Ok((
        Version {
            lang: lang.to_string(),
            markup: composed.markup,
            pages: pages.clone(),
        },
        Section {
            title,
            label,
            pages,
        },
        overflows,
    ))
}

fn metadata(locale: &Locale, note: &Note) -> Result<Metadata, Diagnostic> {
    let mut args = FluentArgs::new();
    args.set("number", note.number.to_string());
    let msg = |id: &str| {
        locale
            .format(id, Some(&args))
            .map_err(|e| locale.explain(&e))
    };
    Ok(Metadata {
        title: msg("document-title")?,
        subject: note.number.to_string(),
        author: msg("document-author")?,
        lang: locale.langid.to_string(),
        date: note.issued,
    })
}

/// One language version being set: what a report of what did not fit on
/// its pages needs.
struct Setting<'a> {
    project: &'a Project,
    note: &'a Note,
    lang: &'a str,
    locale: &'a Locale,
    kind: &'a Kind,
    blocks: &'a [Block],
}

impl Setting<'_> {
    /// What did not fit inside the margins, as a diagnostic at the text it
    /// was set from.
    fn problem(&self, o: &Overflow) -> Diagnostic {
        let subject = format!("note {}, `{}` version", self.note.number, self.lang);
        let block = o.block.and_then(|b| self.blocks.get(b));
        let what = match block {
            Some(b) => format!("the `{}` block", b.style),
            None => "the page number".to_string(),
        };
        let name = block.map_or("", |b| b.style.as_str());
        let style = block.and_then(|b| self.kind.sheet.block.get(&b.style));
        let settings = self.kind.settings_file.display();
        let page = o.page;
        match &o.kind {
            OverflowKind::Above { lines, off_paper } => {
                let d = Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: {what} is {} taller than the page",
                        count(*lines, "line")
                    ),
                );
                let kept = if style.is_some_and(|s| s.bottom) {
                    format!(
                        "it is set whole at the foot of the last page (`bottom = true` in `[block.{name}]` of {settings}), so it cannot run onto another page"
                    )
                } else {
                    "it is kept whole on one page".to_string()
                };
                self.at_paragraph(d, block, o.paragraph, "the block starts here")
                    .with_note(kept)
                    .with_note(format!(
                        "its first {} above the top margin of page {page}{}",
                        match lines {
                            1 => "line would be printed".to_string(),
                            n => format!("{n} lines would be printed"),
                        },
                        off_the_paper(*off_paper, *lines)
                    ))
                    .with_note(format!(
                        "shorten it, or set it smaller (`size`, `leading`) in `[block.{name}]`"
                    ))
            }
            OverflowKind::Below { lines, off_paper } => {
                let d = Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: {} of {what} would be printed below the bottom margin of page {page}{}",
                        count(*lines, "line"),
                        off_the_paper(*off_paper, *lines)
                    ),
                );
                self.at_paragraph(d, block, o.paragraph, "set from here")
                    .with_note(format!(
                        "a line of it is taller than the room between the top and bottom margins: its `size` and `leading` in `[block.{name}]` of {settings} are too large for the page"
                    ))
            }
            OverflowKind::Picture { width, height } => Diagnostic::error(
                PAGE_OVERFLOW,
                format!(
                    "{subject}: the picture of {what} ({} × {}) does not fit inside the margins of page {page}",
                    mm(*width),
                    mm(*height)
                ),
            )
            .in_file(&self.kind.settings_file)
            .with_note(format!(
                "make its `width` smaller in `image` of `[block.{name}]`"
            )),
            OverflowKind::Overfull { word, by, .. } => {
                let d = overfull_problem(&subject, word, *by, o.loses_text())
                    .with_note(format!("on page {page} of this version, in {what}"));
                match block {
                    Some(_) => self.at_text(d, word, "cannot be broken"),
                    None => self.at_page_number(d),
                }
                .with_note(DIVIDE_IT)
            }
            OverflowKind::PageNumber { lines } => self.at_page_number(Diagnostic::error(
                PAGE_OVERFLOW,
                format!(
                    "{subject}: the page number of page {page} takes {}, and only one would be printed",
                    count(*lines, "line")
                ),
            )),
        }
    }

    /// Points `d` at where paragraph `paragraph` of `block` was written:
    /// all of it, else its first line as the template gave it.
    fn at_paragraph(
        &self,
        d: Diagnostic,
        block: Option<&Block>,
        paragraph: usize,
        label: &str,
    ) -> Diagnostic {
        let lines = block.and_then(|b| b.paragraphs.get(paragraph));
        let whole = lines.map(|l| l.join(" ")).unwrap_or_default();
        let first = lines.and_then(|l| l.first()).cloned().unwrap_or_default();
        match self.written_at(&whole).or_else(|| self.written_at(&first)) {
            Some((file, span)) => d.at(file, span).labelled(label),
            None => self.at_version(d),
        }
    }

    /// Points `d` at where `text` was written, or at the version.
    fn at_text(&self, d: Diagnostic, text: &str, label: &str) -> Diagnostic {
        match self.written_at(text) {
            Some((file, span)) => d.at(file, span).labelled(label),
            None => self.at_version(d),
        }
    }

    /// Points `d` at the locale's `page-number` message.
    fn at_page_number(&self, d: Diagnostic) -> Diagnostic {
        match self.locale.entry("page-number") {
            Some(e) => d.at(&e.file, e.span.clone()),
            None => self.at_version(d),
        }
    }

    /// Points `d` at the version's language in the note, for text whose
    /// source is not found.
    fn at_version(&self, d: Diagnostic) -> Diagnostic {
        d.at(&self.note.path, self.note.language_span(self.lang))
            .labelled(format!("the `{}` version", self.lang))
    }

    /// Where `text`, as set (its quotes dressed, perhaps in capitals), was
    /// written: the first line of it in the note's own texts of this
    /// language, the locale's messages and terms, or the template.
    /// Letters and digits are compared, in lower case.
    fn written_at(&self, text: &str) -> Option<(PathBuf, Range<usize>)> {
        let needle = folded(text);
        if needle.is_empty() {
            return None;
        }
        if let Some(own) = self.note.texts.get(self.lang) {
            for t in own.texts.values() {
                if let Some(r) = find_folded(&t.text, &needle) {
                    let span = t.file_span(&self.note.source, r);
                    return Some((self.note.path.clone(), first_line(&self.note.source, span)));
                }
            }
        }
        let world = &self.project.world;
        for entry in self.locale.entries.values() {
            let Some(source) = world.source(&entry.file) else {
                continue;
            };
            let Some(r) = source
                .get(entry.extent.clone())
                .and_then(|extent| find_folded(extent, &needle))
            else {
                continue;
            };
            let span = entry.extent.start + r.start..entry.extent.start + r.end;
            return Some((entry.file.clone(), first_line(&source, span)));
        }
        for file in &self.kind.files {
            let Some(source) = world.source(file) else {
                continue;
            };
            if let Some(r) = find_folded(&source, &needle) {
                return Some((file.clone(), first_line(&source, r)));
            }
        }
        None
    }
}

/// What to do about a word that cannot be broken.
const DIVIDE_IT: &str = "a word is divided only at its own hyphens and where its language's hyphenation allows: put a space or a hyphen in it, or shorten it";

/// What a text enclosure's pages put outside their margins, found from
/// where their lines are ([`layout::outside`]), at the enclosure file.
fn enclosure_overflows(
    project: &Project,
    note: &Note,
    pages: &[Page],
    page: &PageStyle,
) -> Vec<Diagnostic> {
    let Some(file) = note.enclosure_file() else {
        return Vec::new();
    };
    let file = project.world.relative(file);
    let subject = format!("note {}, enclosure {}", note.number, file.display());
    layout::outside(pages, page)
        .iter()
        .map(|o| {
            let p = o.page;
            match &o.kind {
                OverflowKind::Above { lines, off_paper } => Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: {} would be printed above the top margin of its page {p}{}",
                        count(*lines, "line"),
                        off_the_paper(*off_paper, *lines)
                    ),
                )
                .in_file(&file),
                OverflowKind::Below { lines, off_paper } => Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: {} would be printed below the bottom margin of its page {p}{}",
                        count(*lines, "line"),
                        off_the_paper(*off_paper, *lines)
                    ),
                )
                .in_file(&file)
                .with_note(format!(
                    "a line is taller than the room between the margins: see the sizes in {ENCLOSURE_STYLE}"
                )),
                OverflowKind::Picture { width, height } => Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: a picture ({} × {}) does not fit inside the margins of its page {p}",
                        mm(*width),
                        mm(*height)
                    ),
                )
                .in_file(ENCLOSURE_STYLE),
                OverflowKind::Overfull { word, by, .. } => {
                    let d = overfull_problem(&subject, word, *by, o.loses_text());
                    let needle = folded(word);
                    let place = project.world.source(&file).and_then(|source| {
                        let r = find_folded(&source, &needle).filter(|_| !needle.is_empty())?;
                        Some(first_line(&source, r))
                    });
                    match place {
                        Some(span) => d.at(&file, span).labelled("cannot be broken"),
                        None => d.in_file(&file),
                    }
                    .with_note(format!("on page {p} of the enclosure"))
                    .with_note(DIVIDE_IT)
                }
                OverflowKind::PageNumber { lines } => Diagnostic::error(
                    PAGE_OVERFLOW,
                    format!(
                        "{subject}: the page number of its page {p} takes {}, and only one would be printed",
                        count(*lines, "line")
                    ),
                )
                .in_file(&file),
            }
        })
        .collect()
}

/// A line wider than its measure: a warning while it ends on the paper
/// (printed, in the margin), an error when it runs off it (`cut`: cut off
/// at the edge of the paper, [`Overflow::loses_text`]).
fn overfull_problem(subject: &str, word: &str, by: f32, cut: bool) -> Diagnostic {
    let word = shown(word);
    if cut {
        Diagnostic::error(
            OVERFULL_LINE,
            format!(
                "{subject}: the word {word} cannot be broken and runs off the page: its line is {} wider than the text column",
                mm(by)
            ),
        )
    } else {
        Diagnostic::warning(
            OVERFULL_LINE,
            format!(
                "{subject}: the word {word} cannot be broken and makes its line {} wider than the text column, into the margin",
                mm(by)
            ),
        )
    }
}

/// A word for a message: quoted, its first characters if it is long.
fn shown(word: &str) -> String {
    const SHOWN: usize = 20;
    let n = word.chars().count();
    if n <= SHOWN {
        format!("`{word}`")
    } else {
        let start: String = word.chars().take(SHOWN).collect();
        format!("`{start}…` ({n} characters)")
    }
}

/// `1 line`, `17 lines`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// How many of `lines` lines are off the paper, for a message.
fn off_the_paper(off: usize, lines: usize) -> String {
    match off {
        0 => String::new(),
        n if n == lines && n == 1 => ", off the paper".to_string(),
        n if n == lines => ", all of them off the paper".to_string(),
        n => format!(", {n} of them off the paper"),
    }
}

/// Points as millimetres, for a message.
fn mm(points: f32) -> String {
    format!("{:.1} mm", points / MM)
}

/// The letters and digits of `text`, in lower case: what is compared to
/// find where set text was written. At most [`FOLDED`] of them.
fn folded(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .take(FOLDED)
        .collect()
}

/// The letters compared to find a text: enough to tell one paragraph
/// from another.
const FOLDED: usize = 200;

/// Where in `haystack` the letters and digits `needle` ([`folded`]) stand
/// one after another, whatever lies between them.
fn find_folded(haystack: &str, needle: &[char]) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let chars: Vec<(Range<usize>, char)> = haystack
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .flat_map(|(i, c)| {
            let at = i..i + c.len_utf8();
            c.to_lowercase().map(move |l| (at.clone(), l))
        })
        .collect();
    chars
        .windows(needle.len())
        .find(|w| w.iter().map(|(_, c)| *c).eq(needle.iter().copied()))
        .and_then(|w| Some(w.first()?.0.start..w.last()?.0.end))
}

/// `span`, up to the end of its first line in `source`.
fn first_line(source: &str, span: Range<usize>) -> Range<usize> {
    let end = source
        .get(span.clone())
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |i| span.start + i);
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_text_is_found_where_it_was_written_whatever_its_case_and_quotes() {
        let source = "x = 1\naddressee = Азия Кеңесі\n    .block =\n        АЗИЯДАҒЫ ӨЗАРА\n        ІС-ҚИМЫЛ\n";
        // Set in capitals over two kept lines: the attribute, not the value.
        let at = find_folded(source, &folded("АЗИЯДАҒЫ ӨЗАРА ІС-ҚИМЫЛ")).unwrap();
        assert_eq!(&source[at.clone()], "АЗИЯДАҒЫ ӨЗАРА\n        ІС-ҚИМЫЛ");
        assert_eq!(&source[first_line(source, at)], "АЗИЯДАҒЫ ӨЗАРА");
        // Quotes dressed by the typography, a word in capitals.
        let at = find_folded("say \"it's\" here", &folded("«IT’S»")).unwrap();
        assert_eq!(at, 5..9);
        assert_eq!(find_folded("abc", &folded("abd")), None);
        assert_eq!(find_folded("abc", &folded("«»")), None);
    }

    #[test]
    fn long_words_are_shown_by_their_first_characters() {
        assert_eq!(shown("слово"), "`слово`");
        assert_eq!(
            shown(&"қ".repeat(150)),
            format!("`{}…` (150 characters)", "қ".repeat(20))
        );
        assert_eq!(count(1, "line"), "1 line");
        assert_eq!(count(24, "line"), "24 lines");
        assert_eq!(off_the_paper(0, 3), "");
        assert_eq!(off_the_paper(3, 3), ", all of them off the paper");
        assert_eq!(off_the_paper(1, 1), ", off the paper");
        assert_eq!(off_the_paper(19, 24), ", 19 of them off the paper");
    }
}

//! One note to one PDF: for each of its languages, word the dates, format
//! the note's own texts, render the template, lay out the pages; then write
//! all versions into one document.

use std::collections::BTreeMap;
use std::ops::Range;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::Context;

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{Locale, dates};
use crate::layout::font::Shaper;
use crate::layout::{self, Page, Typesetter};
use crate::markup;
use crate::note::{Note, NoteText};
use crate::pdf::{self, Metadata, Section};
use crate::project::Project;

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

/// Variables a note's own texts may use besides its dates.
pub const NOTE_TEXT_VARIABLES: [&str; 1] = ["number"];

/// One language version, laid out.
pub struct Version {
    pub lang: String,
    pub markup: String,
    pub pages: Vec<Page>,
}

/// A note rendered in memory.
pub struct Rendered {
    pub versions: Vec<Version>,
    /// The pages of a typeset text enclosure.
    pub enclosure: Option<Vec<Page>>,
    pub pdf: Vec<u8>,
}

/// Renders a note; every problem found in any language is reported.
pub fn render(project: &Project, note: &Note) -> Result<Rendered, Diagnostics> {
    let Some(mut shaper) = Shaper::new(&project.fonts) else {
        return Err(Diagnostics(vec![Diagnostic::error(
            "font",
            "rustybuzz cannot read the fonts",
        )]));
    };
    let enclosure =
        crate::enclosure::resolve(project, note, &mut shaper).map_err(|d| Diagnostics(vec![d]))?;
    let enclosure_pages = enclosure.as_ref().map(|e| e.pages);
    let mut diags = Diagnostics::default();
    let mut versions = Vec::new();
    let mut sections = Vec::new();
    for lang in &note.languages {
        match version(project, note, lang, enclosure_pages, &mut shaper) {
            Ok((v, s)) => {
                versions.push(v);
                sections.push(s);
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let first = project
        .locales
        .get(&note.languages[0])
        .map_err(|e| Diagnostics(vec![Diagnostic::error("locale", e.to_string())]))?;
    let meta = metadata(first, note).map_err(|d| Diagnostics(vec![d]))?;
    let mut appendix = None;
    let mut enclosure_pages_laid_out = None;
    if let Some(enclosure) = enclosure {
        let mut args = FluentArgs::new();
        args.set("pages", enclosure.pages);
        args.set("number", note.number.to_string());
        let msg = |id: &str| message(first, note, id, &args).map_err(|d| Diagnostics(vec![d]));
        let (title, label) = (msg("outline-enclosure")?, msg("page-label-enclosure")?);
        if let Some(pages) = enclosure.typeset {
            enclosure_pages_laid_out = Some(pages.clone());
            sections.push(Section {
                title,
                label,
                pages,
            });
        } else if let Some(doc) = enclosure.pdf {
            appendix = Some(pdf::Appendix { doc, title, label });
        }
    }
    let pdf = pdf::write(&sections, appendix, &meta, &project.pdf_fonts).map_err(|e| {
        let file = note
            .enclosure
            .as_ref()
            .and_then(|e| e.file.as_ref())
            .map_or_else(String::new, |f| format!("{}: ", f.display()));
        Diagnostics(vec![
            Diagnostic::error(
                "enclosure",
                format!("{file}cannot append the enclosure: {e}"),
            )
            .in_file(&note.path),
        ])
    })?;
    Ok(Rendered {
        versions,
        enclosure: enclosure_pages_laid_out,
        pdf,
    })
}

fn context_error(note: &Note, lang: &str, d: Diagnostic) -> Diagnostic {
    d.with_note(format!(
        "while rendering note {} ({}) in `{lang}`",
        note.number,
        note.path.display()
    ))
}

fn version(
    project: &Project,
    note: &Note,
    lang: &str,
    enclosure_pages: Option<u32>,
    shaper: &mut Shaper,
) -> Result<(Version, Section), Diagnostics> {
    let at_note = |code: &'static str, msg: String, key: &str| {
        let span = note.spans.get(key).cloned().unwrap_or(0..0);
        Diagnostics(vec![Diagnostic::error(code, msg).at(&note.path, span)])
    };
    let locale = project
        .locales
        .get(lang)
        .map_err(|e| at_note("note-language", e.to_string(), "languages"))?;
    let hyphenator = project
        .hyphenators
        .get(lang)
        .ok_or_else(|| at_note("note-language", format!("no locale `{lang}`"), "languages"))?;
    let Some(sheet) = project.templates.styles.get(&note.template) else {
        return Err(at_note(
            "note-template",
            format!("no template `{}` in templates/", note.template),
            "template",
        ));
    };

    let mut diags = Diagnostics::default();
    let words = |id: &str, args: &FluentArgs| message(locale, note, id, args);

    // Dates first: the note's texts place them.
    let mut date_words = BTreeMap::new();
    for (name, date) in &note.dates {
        let id = if date.is_range() {
            format!("date-{}-range", date.style)
        } else {
            format!("date-{}", date.style)
        };
        let mut args = FluentArgs::new();
        args.set("date", dates::to_fluent(date.end));
        args.set("start", dates::to_fluent(date.start));
        match words(&id, &args) {
            Ok(w) => {
                date_words.insert(name.clone(), w);
            }
            Err(d) => diags.push(
                context_error(note, lang, d.at(&note.path, date.span.clone()))
                    .with_note(format!("date `{name}` has style `{}`", date.style)),
            ),
        }
    }

    let mut text_args = FluentArgs::new();
    for (name, w) in &date_words {
        text_args.set(name.clone(), FluentValue::from(w.clone()));
    }
    text_args.set("number", note.number.to_string());
    let mut texts = BTreeMap::new();
    let source = project.world.source_text(&note.path);
    if let Some(own) = note.texts.get(lang) {
        for (key, text) in own {
            match note_text(locale, note, source.as_deref(), text, &text_args) {
                Ok(t) => {
                    texts.insert(key.clone(), t);
                }
                Err(d) => diags.push(context_error(note, lang, d)),
            }
        }
    }
    if diags.has_errors() {
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

    let rendered = project
        .templates
        .render(&note.template, &context)
        .map_err(|e| Diagnostics(vec![context_error(note, lang, e.diagnostic)]))?;
    let blocks = markup::parse(&rendered).map_err(|(line, msg)| {
        Diagnostics(vec![context_error(
            note,
            lang,
            Diagnostic::error(
                "template-output",
                format!("line {line} of the rendered text: {msg}"),
            )
            .in_file(project.templates.path_of(&note.template)),
        )])
    })?;

    let mut setter = Typesetter { shaper, hyphenator };
    let pages = layout::layout(&blocks, sheet, &mut setter, &mut |n| page_number(locale, n))
        .map_err(|e| {
            let d = match e {
                layout::LayoutError::PageLabel(m) => {
                    Diagnostic::error("message", m).in_file(&note.path)
                }
                other => Diagnostic::error("template-style", other.to_string()).in_file(
                    project
                        .templates
                        .path_of(&note.template)
                        .with_extension("toml"),
                ),
            };
            Diagnostics(vec![context_error(note, lang, d)])
        })?;

    let mut args = FluentArgs::new();
    args.set("pages", pages.len());
    args.set("number", note.number.to_string());
    let title = words("outline-version", &args)
        .map_err(|d| Diagnostics(vec![context_error(note, lang, d)]))?;
    let label =
        words("page-label", &args).map_err(|d| Diagnostics(vec![context_error(note, lang, d)]))?;
    Ok((
        Version {
            lang: lang.to_string(),
            markup: rendered,
            pages: pages.clone(),
        },
        Section {
            title,
            label,
            pages,
        },
    ))
}

/// A note's own text is a Fluent pattern, formatted like a message of the
/// locale, so it can place dates and refer to shared messages.
fn note_text(
    locale: &Locale,
    note: &Note,
    file_source: Option<&str>,
    text: &NoteText,
    args: &FluentArgs,
) -> Result<String, Diagnostic> {
    let source = as_message(&text.text);
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => {
            let e = &errors[0];
            return Err(Diagnostic::error("note-text", e.kind.to_string())
                .at(&note.path, text.span.clone()));
        }
    };
    let Some(fluent_syntax::ast::Entry::Message(message)) = resource.body.first() else {
        return Ok(String::new());
    };
    let Some(pattern) = &message.value else {
        return Ok(String::new());
    };
    locale.format_pattern(pattern, Some(args)).map_err(|e| {
        let message = e.to_string();
        let span = culprit_span(file_source, &message, text.span.clone());
        Diagnostic::error("note-text", message).at(&note.path, span)
    })
}

/// Narrows a text's span to the reference an error names (`$dedline`,
/// `-term`, `message-id`), so the caret lands on it.
pub fn culprit_span(source: Option<&str>, message: &str, span: Range<usize>) -> Range<usize> {
    let Some(source) = source else { return span };
    let Some(name) = message.rsplit(": ").next().map(str::trim) else {
        return span;
    };
    let Some(text) = source.get(span.clone()) else {
        return span;
    };
    match text.find(name) {
        Some(i) if !name.is_empty() => span.start + i..span.start + i + name.len(),
        _ => span,
    }
}

/// A note's own text as a Fluent message source, so the Fluent parser can
/// read it: `text =` and the text indented below.
pub fn as_message(text: &str) -> String {
    let mut source = String::from("text =\n");
    for line in text.trim().lines() {
        if !line.trim().is_empty() {
            source.push_str("    ");
            source.push_str(line.trim_start());
        }
        source.push('\n');
    }
    source
}

/// The number printed on continuation page `n`, in the locale's words.
pub fn page_number(locale: &Locale, n: usize) -> Result<String, String> {
    let mut args = FluentArgs::new();
    args.set("page", n);
    locale
        .format("page-number", Some(&args))
        .map_err(|e| format!("in locale `{}`, `page-number`: {e}", locale.code))
}

/// A locale message for a note, or an error naming the locale and the id.
fn message(
    locale: &Locale,
    note: &Note,
    id: &str,
    args: &FluentArgs,
) -> Result<String, Diagnostic> {
    locale.format(id, Some(args)).map_err(|e| {
        Diagnostic::error(
            "message",
            format!("in locale `{}`, `{id}`: {e}", locale.code),
        )
        .in_file(&note.path)
    })
}

fn metadata(locale: &Locale, note: &Note) -> Result<Metadata, Diagnostic> {
    let mut args = FluentArgs::new();
    args.set("number", note.number.to_string());
    let msg = |id: &str| message(locale, note, id, &args);
    Ok(Metadata {
        title: msg("document-title")?,
        subject: note.number.to_string(),
        author: msg("document-author")?,
        lang: locale.langid.to_string(),
        date: note.issued,
    })
}

//! One note: its template and languages exist, its texts are the ones its
//! template takes and every language has them, its dates are in order,
//! its enclosure can be read, its characters print, and every language
//! version words and renders through the template ([`render::compose`],
//! the code `build` runs).

use std::collections::BTreeSet;

use chrono::{Datelike, Weekday};

use super::enclosures;
use super::glyphs::Glyphs;
use crate::config;
use crate::diag::{Diagnostic, Severity, suggest};
use crate::note::Note;
use crate::project::Project;
use crate::render;
use crate::template::Kind;
use crate::world::Inputs;

/// What checking one note found.
pub struct Checked {
    /// Its problems.
    pub diagnostics: Vec<Diagnostic>,
    /// The files it was found to depend on.
    pub inputs: Inputs,
    /// Whether it can go on to be set and written: it has no error.
    pub renderable: bool,
    /// Its language versions as worded here, when every one was.
    pub worded: Option<render::Worded>,
}

/// Checks one note.
pub fn check(project: &Project, note: &Note, glyphs: Option<&Glyphs>) -> Checked {
    let mut found = Vec::new();
    let mut inputs = Inputs::default();
    inputs.add(note.path.clone());
    inputs.add(config::FILE);
    let source = note.source.clone();
    let mut blocked = false;
    let kind = match render::kind_of(project, note) {
        Ok(k) => Some(k),
        Err(Some(d)) => {
            found.push(d);
            None
        }
        Err(None) => {
            // The template has errors of its own, reported where it loads.
            blocked = true;
            if let Some(f) = project.templates.broken(&note.template) {
                inputs.add(f.to_path_buf());
            }
            None
        }
    };
    for lang in &note.languages {
        if let Err(d) = render::locale_of(project, note, lang) {
            found.push(d);
        }
    }
    if let Some(kind) = kind {
        texts(note, kind, |l| project.locales.get(l).is_some(), &mut found);
    }
    if project.fonts.is_none() {
        // The fonts did not load (reported where they load).
        blocked = true;
        inputs.add(crate::config::FILE);
    }
    for (lang, table) in &note.texts {
        if !note.languages.contains(lang) {
            found.push(
                Diagnostic::warning(
                    "note-unused-text",
                    format!("texts in `{lang}`, which is not among the note's languages"),
                )
                .at(&note.path, table.span.clone()),
            );
        }
    }
    for (name, date) in &note.dates {
        if date.style == "deadline" && date.end < note.issued {
            found.push(
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
    }
    found.extend(dates_that_fall_badly(project, note));
    let (enclosure, pages) = enclosures::check(project, note, glyphs, &mut inputs);
    found.extend(enclosure);
    if let Some(g) = glyphs {
        found.extend(g.check(&note.path, &source));
    }
    let mut worded = None;
    if !has_errors(&found) && !blocked {
        // A text enclosure is counted when it is set; until then any count
        // will do to word the enclosure line.
        let pages = note.enclosure.as_ref().map(|_| pages.unwrap_or(1));
        let mut read = Inputs::default();
        let mut versions = Vec::new();
        for lang in &note.languages {
            match render::compose(project, note, lang, pages, &source, &mut read) {
                Ok(c) => versions.push(c),
                Err(d) => {
                    blocked |= d.is_empty();
                    found.extend(d);
                }
            }
        }
        inputs.extend(read.iter());
        worded = (versions.len() == note.languages.len()).then_some(render::Worded {
            enclosure_pages: pages,
            versions,
            inputs: read,
        });
    }
    let renderable = !has_errors(&found) && !blocked;
    Checked {
        renderable,
        diagnostics: found,
        inputs,
        worded: worded.filter(|_| renderable),
    }
}

fn has_errors(found: &[Diagnostic]) -> bool {
    found.iter().any(|d| d.severity == Severity::Error)
}

/// The note's texts against those its template takes.
fn texts(
    note: &Note,
    kind: &Kind,
    project_has_locale: impl Fn(&str) -> bool,
    found: &mut Vec<Diagnostic>,
) {
    let template = kind
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let known: Vec<&str> = kind.texts.keys().map(String::as_str).collect();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (lang, table) in &note.texts {
        for (key, text) in &table.texts {
            if kind.texts.contains_key(key) {
                used.insert(key);
                continue;
            }
            let mut message = format!("unknown text `{key}` in `[text.{lang}]`");
            if let Some(s) = suggest(key, known.iter().copied()) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            found.push(
                Diagnostic::error("unknown-key", message)
                    .at(&note.path, text.key_span.clone())
                    .with_note(format!(
                        "template `{template}` takes the texts {} ({})",
                        crate::diag::quoted("", &known),
                        kind.settings_file.display()
                    )),
            );
        }
    }
    for lang in &note.languages {
        if !project_has_locale(lang) {
            continue;
        }
        let own = note.texts.get(lang);
        for (name, spec) in &kind.texts {
            let present = own.is_some_and(|t| t.texts.contains_key(name));
            if present || !(spec.required || used.contains(name.as_str())) {
                continue;
            }
            let span = own
                .map(|t| t.span.clone())
                .unwrap_or_else(|| note.language_span(lang));
            let why = if spec.required {
                format!("template `{template}` needs it")
            } else {
                "another language of the note has it".to_string()
            };
            let mut d = Diagnostic::error(
                "note-missing-text",
                format!("text `{name}` is missing in language `{lang}`"),
            )
            .at(&note.path, span)
            .with_note(why);
            if !spec.about.is_empty() {
                d = d.with_note(format!("`{name}`: {}", spec.about));
            }
            found.push(d);
        }
    }
}

/// A deadline or an event on a Saturday, a Sunday or a holiday of
/// `verbale.toml`: most likely a slip, and a note that asks for a reply by
/// a Sunday reads badly even when meant.
fn dates_that_fall_badly(project: &Project, note: &Note) -> Vec<Diagnostic> {
    let holidays = project
        .config
        .as_ref()
        .map(|c| c.calendar.holidays())
        .unwrap_or_default();
    let mut found = Vec::new();
    for (name, date) in &note.dates {
        if !matches!(date.style.as_str(), "deadline" | "event") {
            continue;
        }
        let mut days = vec![date.start];
        if date.end != date.start {
            days.push(date.end);
        }
        for day in days {
            let why = match day.weekday() {
                Weekday::Sat => "a Saturday".to_string(),
                Weekday::Sun => "a Sunday".to_string(),
                _ if holidays.contains(&day) => {
                    format!("a holiday listed in {}", config::FILE)
                }
                _ => continue,
            };
            found.push(
                Diagnostic::warning(
                    "note-date-weekend",
                    format!("{} `{name}` falls on {why} ({day})", date.style),
                )
                .at(&note.path, date.span.clone()),
            );
        }
    }
    found
}

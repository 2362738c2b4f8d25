//! `verbale check`: every way a translation, a template or a note can be
//! wrong, found before anyone prints a note, each at its place with a
//! stable check id.
//!
//! Checking starts from the same loader as building ([`Project::load`]) and
//! words every note through the same code ([`crate::render::compose`]);
//! with `--render` it also sets and writes every note in memory. So what
//! `build` refuses, `check` has refused first, with the same message:
//! `check --render` passes exactly when `build` does.
//!
//! - [`locales`]: translations against the reference locale, and each
//!   locale on its own;
//! - [`templates`]: the settings of each kind of note;
//! - [`notes`]: each note, through its template;
//! - [`translations`]: translations against the reference text they were
//!   confirmed against;
//! - [`register`] — numbers;
//! - [`enclosures`] and [`glyphs`]: enclosed documents, printable characters;
//! - [`report`]: output for people, programs and GitHub.

pub mod enclosures;
pub mod glyphs;
pub mod locales;
pub mod notes;
pub mod register;
pub mod report;
pub mod templates;
pub mod translations;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::note::Note;
use crate::parallel;
use crate::project::Project;
use glyphs::Glyphs;
pub use locales::plural_categories;

/// What `verbale check` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also set and write every note in memory.
    pub render: bool,
}

/// How much of the reference locale a locale translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The locale.
    pub locale: String,
    /// Messages of the reference it has.
    pub translated: usize,
    /// Messages of the reference.
    pub total: usize,
    /// Whether it is the reference.
    pub reference: bool,
    /// Whether its gaps are warnings.
    pub incomplete: bool,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem, sorted by file and position.
    pub diagnostics: Diagnostics,
    /// Translation coverage per locale.
    pub coverage: Vec<Coverage>,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.errors()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.warnings()
    }
}

/// Checks the project in `root`; the project is returned so that the
/// report can quote its files.
pub fn check(root: &Path, options: &Options) -> (Project, Report) {
    let (project, mut diags) = Project::load(root);
    let coverage = check_project(&project, &mut diags);
    let notes = load_notes(&project, &mut diags);
    check_numbers(&project, &notes, &mut diags);
    templates::check_unused(&project, &notes, &mut diags);
    let glyphs = project.fonts.as_ref().map(Glyphs::new);
    // A withdrawn number gets no PDF: its note is kept for the record and
    // not held to the rest (as `build` does not set it).
    let notes = in_force(&project, notes);
    translations::check(&project, &notes, &mut diags);
    let checked: Vec<notes::Checked> = parallel::map(&notes, parallel::NOTES, |n| {
        notes::check(&project, n, glyphs.as_ref())
    });
    for c in &checked {
        diags.extend(c.diagnostics.iter().cloned());
    }
    if options.render {
        let renderable: Vec<&Note> = notes
            .iter()
            .zip(&checked)
            .filter(|(_, c)| c.renderable)
            .map(|(n, _)| n)
            .collect();
        // What setting found: errors, or the warnings of a note that set.
        let rendered: Vec<Diagnostics> =
            parallel::map(
                &renderable,
                parallel::NOTES,
                |n| match crate::render::render(&project, n) {
                    Ok(r) => r.diagnostics,
                    Err(found) => found,
                },
            );
        for found in rendered {
            diags.extend(found);
        }
    }
    diags.sort();
    (
        project,
        Report {
            diagnostics: diags,
            coverage,
        },
    )
}

/// The checks of everything but the notes: locales, templates, the
/// register, and the characters the locales print.
pub fn check_project(project: &Project, diags: &mut Diagnostics) -> Vec<Coverage> {
    let settings = project
        .config
        .as_ref()
        .map(|c| c.check.clone())
        .unwrap_or_default();
    let coverage = locales::check(&project.locales, &settings, diags);
    templates::check(project, diags);
    if let Some(r) = &project.register {
        register::check_register(r, diags);
    }
    if let Some(fonts) = &project.fonts {
        let glyphs = Glyphs::new(fonts);
        for (_, locale) in project.locales.iter() {
            for file in &locale.files {
                if let Ok(source) = project.world.read_text(file) {
                    diags.extend(glyphs.check(file, &source));
                }
            }
        }
    }
    coverage
}

/// Reads every note file; those that do not parse are reported.
pub fn load_notes(project: &Project, diags: &mut Diagnostics) -> Vec<Note> {
    let loaded: Vec<(Option<Note>, Vec<Diagnostic>)> =
        parallel::map(project.note_files(), parallel::CHEAP, |f| {
            project.read_note(f)
        });
    let mut notes = Vec::new();
    for (note, found) in loaded {
        notes.extend(note);
        diags.extend(found);
    }
    notes
}

/// The checks across notes: numbers unique, registered and not withdrawn.
pub fn check_numbers(project: &Project, notes: &[Note], diags: &mut Diagnostics) {
    register::check_numbers(notes, diags);
    if let Some(r) = &project.register {
        for note in notes {
            register::check_note(r, note, diags);
        }
    }
}

/// The own files of the note at `path`, if it was read.
pub fn own_files_of_path(
    project: &Project,
    notes: &std::collections::BTreeMap<&Path, &Note>,
    path: &Path,
) -> Vec<PathBuf> {
    notes
        .get(path)
        .map_or_else(|| vec![path.to_path_buf()], |n| own_files(project, n))
}

/// The notes whose number was not withdrawn: those a PDF is made of.
pub fn in_force(project: &Project, notes: Vec<Note>) -> Vec<Note> {
    notes
        .into_iter()
        .filter(|n| !withdrawn(project, n))
        .collect()
}

/// Whether the note's number was withdrawn.
pub fn withdrawn(project: &Project, note: &Note) -> bool {
    project
        .register
        .as_ref()
        .and_then(|r| r.find(&note.number))
        .is_some_and(|e| e.status == crate::register::Status::Withdrawn)
}

/// The files whose errors stop `note` from being written: its own file and
/// its enclosure.
pub fn own_files(project: &Project, note: &Note) -> Vec<PathBuf> {
    let mut files = vec![note.path.clone()];
    if let Some(f) = note.enclosure_file() {
        files.push(project.world.relative(f));
    }
    files
}

//! What the server shows: the project as the last build left it. Each
//! change to an input makes a new [`Snapshot`] — the project loaded again,
//! built as `verbale build` builds it (so the PDFs to download are the real
//! outputs), and each note's state from that same run — which replaces the
//! old one whole, so a page never mixes two builds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::build::{self, Run, Status};
use crate::diag::{Diagnostic, Diagnostics};
use crate::note::Note;
use crate::preview;
use crate::project::Project;
use crate::register::Entry;
use crate::render;

/// The project as one build saw it.
pub struct Snapshot {
    /// Counts the builds since the server started; pages carry it, so a
    /// page can tell whether it shows the latest.
    pub generation: u64,
    /// The project as loaded for the build.
    pub project: Project,
    /// What the build did and found.
    pub run: Run,
    /// Every note file in `notes/`, in order.
    pub notes: Vec<NoteState>,
    /// Previews drawn so far, by note stem: drawn when first asked for.
    previews: Mutex<HashMap<String, Arc<Preview>>>,
}

/// One note file and what became of it.
pub struct NoteState {
    /// The file's stem: the note's name in URLs.
    pub stem: String,
    /// The note file, relative to the project.
    pub path: PathBuf,
    /// The note, when it could be read.
    pub note: Option<Note>,
    /// Its line in the register, found by its number (or, for a note that
    /// cannot be read, by its file name).
    pub entry: Option<Entry>,
    /// What the build did with it.
    pub status: Option<Status>,
}

impl NoteState {
    /// The PDF the build left for it, if any.
    pub fn pdf(&self) -> Option<&Path> {
        match &self.status {
            Some(Status::Built(pdf) | Status::Unchanged(pdf)) => Some(pdf),
            _ => None,
        }
    }
}

/// An enclosed PDF: not laid out by verbale, so not drawn in the
/// preview, which links to its pages in the note's PDF instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The enclosure, relative to the project.
    pub file: PathBuf,
    /// Its page count.
    pub pages: u32,
    /// The page of the note's PDF it starts on, from 1.
    pub first_page: usize,
}

/// A note's pages, as SVG, or why it could not be set.
pub enum Preview {
    /// Each language version's pages, in the note's order, and the pages
    /// of a typeset text enclosure.
    Pages {
        /// `(language, pages)`.
        versions: Vec<(String, Vec<String>)>,
        /// A text enclosure's pages.
        enclosure: Option<Vec<String>>,
        /// An enclosed PDF, appended to the note's PDF as it is.
        appended: Option<Appended>,
    },
    /// Setting it failed.
    Failed(Diagnostics),
}

impl Snapshot {
    /// Loads and builds the project in `root`.
    pub fn build(root: &Path, generation: u64) -> Snapshot {
        let (project, diagnostics) = Project::load(root);
        let options = build::Options {
            out_dir: project.output_dir(),
            force: false,
            progress: false,
            only: None,
            proof: None,
        };
        let run = build::build(&project, diagnostics, &options);
        let statuses: HashMap<&Path, &Status> = run
            .outcomes
            .iter()
            .map(|o| (o.note.as_path(), &o.status))
            .collect();
        let notes = project
            .note_files()
            .iter()
            .map(|path| {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let note = project.load_note(path).ok();
                let entry = project.register.as_ref().and_then(|r| match &note {
                    Some(n) => r.find(&n.number).cloned(),
                    None => r
                        .entries
                        .iter()
                        .find(|e| e.number.file_stem() == stem)
                        .cloned(),
                });
                NoteState {
                    stem,
                    path: path.clone(),
                    note,
                    entry,
                    status: statuses.get(path.as_path()).map(|s| (*s).clone()),
                }
            })
            .collect();
        Snapshot {
            generation,
            project,
            run,
            notes,
            previews: Mutex::default(),
        }
    }

    /// The note whose file has this stem.
    pub fn note(&self, stem: &str) -> Option<&NoteState> {
        self.notes.iter().find(|n| n.stem == stem)
    }

    /// The problems a note's page shows: those in its own file and in the
    /// files every note shares (locales, templates, settings), not those
    /// in other notes' files.
    pub fn diagnostics_of(&self, note: &NoteState) -> Vec<&Diagnostic> {
        let others: Vec<&Path> = self
            .notes
            .iter()
            .filter(|n| n.path != note.path)
            .map(|n| n.path.as_path())
            .collect();
        self.run
            .diagnostics
            .iter()
            .filter(|d| d.file().is_none_or(|f| !others.contains(&f)))
            .collect()
    }

    /// The note's pages, drawn from the same layout as its PDF; `None`
    /// for a note the build did not write.
    pub fn preview(&self, note: &NoteState) -> Option<Arc<Preview>> {
        note.pdf()?;
        let parsed = note.note.as_ref()?;
        let mut previews = self.previews.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = previews.get(&note.stem) {
            return Some(p.clone());
        }
        let preview = Arc::new(match render::render(&self.project, parsed) {
            Ok(rendered) => Preview::Pages {
                versions: rendered
                    .versions
                    .iter()
                    .map(|v| (v.lang.clone(), v.pages.iter().map(preview::page).collect()))
                    .collect(),
                enclosure: rendered
                    .enclosure
                    .as_ref()
                    .map(|pages| pages.iter().map(preview::page).collect()),
                appended: rendered.appended.zip(parsed.enclosure.as_ref()).and_then(
                    |(pages, enclosure)| {
                        Some(Appended {
                            file: enclosure.file.clone()?,
                            pages,
                            first_page: 1 + rendered
                                .versions
                                .iter()
                                .map(|v| v.pages.len())
                                .sum::<usize>(),
                        })
                    },
                ),
            },
            Err(diagnostics) => Preview::Failed(diagnostics),
        });
        previews.insert(note.stem.clone(), preview.clone());
        Some(preview)
    }
}

//! The document a note transmits. Its page count — stated in every
//! language's enclosure line — is taken from the document itself whenever
//! the note names one, never typed; a typed count that disagrees is an
//! error.
//!
//! A PDF enclosure is appended after the language versions with its own
//! fonts and content intact ([`crate::pdf::merge`]); a text enclosure
//! ([`text`]) is typeset in the house style after them.

pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fluent_bundle::FluentArgs;

use crate::diag::{Diagnostic, suggest};
use crate::i18n::{Locale, dates};
use crate::layout::font::Shaper;
use crate::layout::style::StyleSheet;
use crate::layout::{self, LayoutError, Page, Typesetter};
use crate::note::Note;
use crate::project::{ENCLOSURE_STYLE, Project};
use crate::world::{Inputs, World};

/// An enclosure ready to be counted and attached.
pub enum Attachment {
    /// A paper enclosure: only its page count, typed in the note.
    Typed(u32),
    /// A PDF to append.
    Pdf(Box<lopdf::Document>),
    /// A text document, typeset, and its pages as a document to append.
    Typeset {
        /// Its pages as set.
        pages: Vec<Page>,
        /// The same pages as a PDF of their own, shared by the notes of a
        /// batch that attach this enclosure.
        document: Arc<lopdf::Document>,
    },
}

impl Attachment {
    /// The page count the enclosure line states.
    pub fn pages(&self) -> u32 {
        match self {
            Attachment::Typed(n) => *n,
            Attachment::Pdf(doc) => doc.get_pages().len() as u32,
            Attachment::Typeset { pages, .. } => pages.len() as u32,
        }
    }
}

/// Enclosures already prepared for this project, by file and content: a
/// batch attaches the same document to many notes, and reading a PDF or
/// typesetting a text once is enough.
#[derive(Default)]
pub struct Cache {
    pdfs: Mutex<HashMap<(PathBuf, u64), Arc<lopdf::Document>>>,
    typeset: Mutex<HashMap<(PathBuf, u64, String), Arc<Typeset>>>,
}

/// A text enclosure as set, as a document, and the files setting it read.
struct Typeset {
    pages: Vec<Page>,
    document: Arc<lopdf::Document>,
    inputs: Vec<PathBuf>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What kind of document an enclosure file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.pdf`
    Pdf,
    /// `.md`, the text format of [`text`].
    Text,
}

impl Kind {
    /// The kind of `file`, or why it cannot be an enclosure.
    pub fn of(file: &Path) -> Result<Kind, String> {
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("pdf") => Ok(Kind::Pdf),
            Some("md") => Ok(Kind::Text),
            _ => Err(format!(
                "{}: an enclosure is a PDF (.pdf) or a text document (.md)",
                file.display()
            )),
        }
    }
}

/// An enclosure problem, pointed at the note's `file = …`.
pub fn problem(note: &Note, message: impl Into<String>) -> Diagnostic {
    let span = note
        .enclosure
        .as_ref()
        .map_or(0..0, |e| e.file_span.clone());
    Diagnostic::error("enclosure", message)
        .at(&note.path, span)
        .with_note(format!("enclosure of note {}", note.number))
}

/// Reads a note's enclosure file through the world: a file outside the
/// project is refused at the note's `file = …`.
pub fn read(world: &World, note: &Note, file: &Path) -> Result<crate::world::Bytes, Diagnostic> {
    let span = note
        .enclosure
        .as_ref()
        .map_or(0..0, |e| e.file_span.clone());
    world.read(file).map_err(|e| {
        e.diagnostic(Some((&note.path, span)))
            .with_note(format!("enclosure of note {}", note.number))
    })
}

/// Reads, counts and prepares the enclosure a note names, if any; every
/// file used is recorded in `inputs`.
pub fn resolve(
    project: &Project,
    note: &Note,
    shaper: &mut Shaper,
    inputs: &mut Inputs,
) -> Result<Option<Attachment>, Vec<Diagnostic>> {
    let Some(enclosure) = &note.enclosure else {
        return Ok(None);
    };
    let Some(file) = enclosure.file.as_deref() else {
        return Ok(enclosure.pages.map(Attachment::Typed));
    };
    let kind = Kind::of(file).map_err(|m| vec![problem(note, m)])?;
    let bytes = read(&project.world, note, file).map_err(|d| vec![d])?;
    let relative = project.world.relative(file);
    inputs.add(relative.clone());
    let hash = project.world.hash(&relative).unwrap_or_default();
    let cache = &project.enclosures;
    let attachment = match kind {
        Kind::Pdf => {
            let key = (relative, hash);
            let cached = lock(&cache.pdfs).get(&key).cloned();
            let doc = match cached {
                Some(doc) => doc,
                None => {
                    let doc = Arc::new(
                        load_pdf(&bytes)
                            .map_err(|m| vec![problem(note, format!("{} {m}", file.display()))])?,
                    );
                    lock(&cache.pdfs).insert(key, doc.clone());
                    doc
                }
            };
            Attachment::Pdf(Box::new((*doc).clone()))
        }
        Kind::Text => {
            let fallback = note.languages.first().cloned().unwrap_or_default();
            let key = (relative, hash, fallback);
            let cached = lock(&cache.typeset).get(&key).cloned();
            let set = match cached {
                Some(set) => set,
                None => {
                    let mut read = Inputs::default();
                    let pages = typeset(project, note, file, shaper, &mut read)?;
                    let fonts = project.fonts.as_ref().ok_or_else(|| {
                        vec![problem(note, "the fonts did not load, so it cannot be set")]
                    })?;
                    let document = crate::pdf::pages_document(&pages, &fonts.book)
                        .map_err(|e| vec![problem(note, e.to_string())])?;
                    let set = Arc::new(Typeset {
                        pages,
                        document: Arc::new(document),
                        inputs: read.iter().cloned().collect(),
                    });
                    lock(&cache.typeset).insert(key, set.clone());
                    set
                }
            };
            inputs.extend(&set.inputs);
            Attachment::Typeset {
                pages: set.pages.clone(),
                document: set.document.clone(),
            }
        }
    };
    let pages = attachment.pages();
    if let Some(typed) = enclosure.pages
        && typed != pages
    {
        return Err(vec![
            Diagnostic::error(
                "enclosure-pages",
                format!(
                    "the note says the enclosure has {typed} page(s), but {} has {pages}",
                    file.display()
                ),
            )
            .at(&note.path, enclosure.pages_span.clone())
            .with_note("remove `pages`: it is taken from the file"),
        ]);
    }
    Ok(Some(attachment))
}

/// What a text enclosure is set with: the language its header names (the
/// note's first language otherwise), that language's locale, and the house
/// style. `check` asks the same before anything is set.
pub fn setting<'p>(
    project: &'p Project,
    note: &Note,
    file: &Path,
    doc: &text::Document,
) -> Result<(String, &'p Locale, &'p StyleSheet), Diagnostic> {
    let (lang, lang_at) = match &doc.header.language {
        Some(l) => (l.get_ref().clone(), Some(l.span())),
        None => (note.languages.first().cloned().unwrap_or_default(), None),
    };
    let Some(locale) = project.locales.get(&lang) else {
        let d = Diagnostic::error(
            "enclosure",
            format!("there is no locale `{lang}` to set this document in"),
        );
        let d = match lang_at {
            Some(s) => d.at(file, s),
            None => d.in_file(file),
        };
        let known: Vec<&str> = project.locales.codes().map(String::as_str).collect();
        return Err(match suggest(&lang, known.iter().copied()) {
            Some(s) => d.with_note(format!("did you mean `{s}`?")),
            None => d,
        });
    };
    let Some(sheet) = &project.enclosure_style else {
        return Err(problem(
            note,
            format!("text enclosures need the house style {ENCLOSURE_STYLE}"),
        ));
    };
    Ok((lang, locale, sheet))
}

/// Sets a text enclosure with the house style, in the language its header
/// names (the note's first language otherwise).
fn typeset(
    project: &Project,
    note: &Note,
    file: &Path,
    shaper: &mut Shaper,
    inputs: &mut Inputs,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let file = project.world.relative(file);
    let source = project
        .world
        .read_text(&file)
        .map_err(|e| vec![e.diagnostic(None)])?;
    let words = project
        .enclosure_style
        .as_ref()
        .map_or(&[][..], |s| s.label_words.as_slice());
    let doc = text::parse_with(&file, &source, words)?;
    let (lang, locale, sheet) = setting(project, note, &file, &doc).map_err(|d| vec![d])?;
    inputs.add(ENCLOSURE_STYLE);
    for picture in sheet.images.keys() {
        inputs.add(picture.clone());
    }
    inputs.extend(locale.sources());
    let hyphenation = project.hyphenation.get(&lang);
    for f in hyphenation.iter().flat_map(|h| &h.files) {
        inputs.add(f.clone());
    }
    let none = crate::layout::hyphen::Hyphenator::none();
    let hyphenator = hyphenation.map_or(&none, |h| &h.hyphenator);
    let mut blocks = doc.blocks;
    if let Some(date) = doc.date {
        let mut args = FluentArgs::new();
        args.set("date", dates::to_fluent(date));
        args.set("start", dates::to_fluent(date));
        let worded = locale.format("date-plain", Some(&args)).map_err(|e| {
            let d = locale.explain(&e);
            vec![match doc.header.date.as_ref() {
                Some(at) => d.also(&file, Some(at.span()), "the date to word"),
                None => d,
            }]
        })?;
        for b in blocks.iter_mut().filter(|b| b.style == text::DATE_STYLE) {
            b.paragraphs = vec![vec![worded.clone()]];
        }
    }
    locale.typography.dress_blocks(&mut blocks);
    let mut setter = Typesetter {
        shaper,
        hyphenator,
        rules: &locale.typography.breaking,
    };
    layout::layout(&blocks, sheet, &mut setter, &mut |n| locale.page_number(n)).map_err(|e| {
        vec![match e {
            LayoutError::PageLabel(e) => locale.explain(&e),
            LayoutError::UnknownStyle { style, .. } => unknown_style(
                &style,
                sheet,
                ENCLOSURE_STYLE.as_ref(),
            )
            .also(&file, None, "used by this document"),
        }]
    })
}

/// A block style the style sheet lacks.
pub fn unknown_style(
    style: &str,
    sheet: &crate::layout::style::StyleSheet,
    sheet_file: &Path,
) -> Diagnostic {
    let d = Diagnostic::error(
        "template-style",
        format!("block `@{style}` has no style in {}", sheet_file.display()),
    )
    .in_file(sheet_file);
    match suggest(style, sheet.block.keys().map(String::as_str)) {
        Some(s) => d.with_note(format!("did you mean `@{s}`?")),
        None => d.with_note(format!("add a `[block.{style}]` table")),
    }
}

/// Why a PDF enclosure cannot be appended; the message reads after the
/// file's name.
#[derive(Debug, thiserror::Error)]
pub enum PdfRefused {
    /// It does not start with a PDF header.
    #[error("is not a PDF")]
    NotPdf,
    /// lopdf cannot read it.
    #[error("is a broken PDF: {0}")]
    Broken(lopdf::Error),
    /// Its pages cannot be copied without the password.
    #[error("is encrypted; verbale cannot append it")]
    Encrypted,
    /// There is nothing to append.
    #[error("has no pages")]
    NoPages,
}

/// Reads a PDF enclosure, refusing what [`crate::pdf::merge`] could not
/// append.
pub fn load_pdf(bytes: &[u8]) -> Result<lopdf::Document, PdfRefused> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfRefused::NotPdf);
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(PdfRefused::Broken)?;
    if doc.is_encrypted() {
        return Err(PdfRefused::Encrypted);
    }
    if doc.get_pages().is_empty() {
        return Err(PdfRefused::NoPages);
    }
    Ok(doc)
}

//! The document a note transmits. Its page count — stated in every
//! language's enclosure line — is taken from the document itself whenever
//! the note names one, never typed; a typed count that disagrees is an
//! error.
//!
//! A PDF enclosure is appended after the language versions with its own
//! fonts and content intact ([`crate::pdf::merge`]); a text enclosure
//! ([`text`]) is typeset in the house style after them.

pub mod text;

use std::path::Path;

use fluent_bundle::FluentArgs;

use crate::diag::Diagnostic;
use crate::i18n::dates;
use crate::layout::font::Shaper;
use crate::layout::{self, Page, Typesetter};
use crate::note::Note;
use crate::project::Project;
use crate::world::World;

/// An enclosure ready to be counted and attached.
pub struct Resolved {
    pub pages: u32,
    /// The PDF to append, if the enclosure is one.
    pub pdf: Option<lopdf::Document>,
    /// The typeset pages, if the enclosure is a text document.
    pub typeset: Option<Vec<Page>>,
}

/// What kind of document an enclosure file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Text,
}

impl Kind {
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

/// The enclosure file a note names and what it is, or why it cannot be
/// one; `None` when the note names no file.
pub fn file_of(note: &Note) -> Option<(&Path, Result<Kind, Diagnostic>)> {
    let enclosure = note.enclosure.as_ref()?;
    let file = enclosure.file.as_deref()?;
    Some((file, Kind::of(file).map_err(|m| problem(note, m))))
}

/// An enclosure problem, pointed at the note's `file = …`.
pub fn problem(note: &Note, message: String) -> Diagnostic {
    let span = note
        .enclosure
        .as_ref()
        .map_or(0..0, |e| e.file_span.clone());
    Diagnostic::error("enclosure", message)
        .at(&note.path, span)
        .with_note(format!("enclosure of note {}", note.number))
}

/// The style sheet text enclosures are set with.
pub const STYLE_SHEET: &str = "templates/enclosure.toml";

/// Reads the enclosure a note names, if any.
pub fn resolve(
    project: &Project,
    note: &Note,
    shaper: &mut Shaper,
) -> Result<Option<Resolved>, Diagnostic> {
    let world = &project.world;
    let Some(enclosure) = &note.enclosure else {
        return Ok(None);
    };
    let Some((file, kind)) = file_of(note) else {
        return Ok(enclosure.pages.map(|pages| Resolved {
            pages,
            pdf: None,
            typeset: None,
        }));
    };
    let at = |msg: String| problem(note, msg);
    let (pages, pdf, typeset) = match kind? {
        Kind::Pdf => {
            let doc = load_pdf(world, file).map_err(at)?;
            (doc.get_pages().len() as u32, Some(doc), None)
        }
        Kind::Text => {
            let pages = typeset(project, note, file, shaper, &at)?;
            (pages.len() as u32, None, Some(pages))
        }
    };
    if let Some(typed) = enclosure.pages
        && typed != pages
    {
        return Err(Diagnostic::error(
            "enclosure-pages",
            format!(
                "the note says the enclosure has {typed} page(s), but {} has {pages}",
                file.display()
            ),
        )
        .at(&note.path, enclosure.pages_span.clone())
        .with_note("remove `pages`: it is taken from the file"));
    }
    Ok(Some(Resolved {
        pages,
        pdf,
        typeset,
    }))
}

/// Sets a text enclosure with `templates/enclosure.toml`, in the language
/// its header names (the note's first language otherwise).
fn typeset(
    project: &Project,
    note: &Note,
    file: &Path,
    shaper: &mut Shaper,
    at: &dyn Fn(String) -> Diagnostic,
) -> Result<Vec<Page>, Diagnostic> {
    let source = project.world.read_text(file).map_err(|d| at(d.message))?;
    let doc = text::parse(&source)
        .map_err(|e| Diagnostic::error("enclosure", e.message).at(file, e.span))?;
    let lang = doc
        .header
        .language
        .clone()
        .unwrap_or_else(|| note.languages.first().cloned().unwrap_or_default());
    let locale = project
        .locales
        .get(&lang)
        .map_err(|e| at(format!("{}: {e}", file.display())))?;
    let sheet = project.enclosure_style.as_ref().ok_or_else(|| {
        at(format!(
            "text enclosures need the style sheet {STYLE_SHEET}"
        ))
    })?;
    let hyphenator = project
        .hyphenators
        .get(&lang)
        .ok_or_else(|| at(format!("no locale `{lang}` to set {}", file.display())))?;
    let mut blocks = doc.blocks;
    if let Some(date) = doc.header.date.as_ref().and_then(text::date_of) {
        let mut args = FluentArgs::new();
        args.set("date", dates::to_fluent(date));
        args.set("start", dates::to_fluent(date));
        let worded = locale
            .format("date-plain", Some(&args))
            .map_err(|e| at(format!("in locale `{lang}`, `date-plain`: {e}")))?;
        for b in blocks.iter_mut().filter(|b| b.style == text::DATE_STYLE) {
            b.paragraphs = vec![vec![worded.clone()]];
        }
    }
    let mut setter = Typesetter { shaper, hyphenator };
    let pages = layout::layout(&blocks, sheet, &mut setter, &mut |n| {
        crate::render::page_number(locale, n)
    })
    .map_err(|e| match e {
        layout::LayoutError::PageLabel(m) => at(m),
        other => Diagnostic::error("enclosure", other.to_string()).in_file(STYLE_SHEET),
    })?;
    Ok(pages)
}

fn load_pdf(world: &World, file: &Path) -> Result<lopdf::Document, String> {
    let bytes = world
        .read(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(format!("{} is not a PDF", file.display()));
    }
    let doc = lopdf::Document::load_mem(&bytes)
        .map_err(|e| format!("{} is a broken PDF: {e}", file.display()))?;
    if doc.is_encrypted() {
        return Err(format!(
            "{} is encrypted; verbale cannot append it",
            file.display()
        ));
    }
    if doc.get_pages().is_empty() {
        return Err(format!("{} has no pages", file.display()));
    }
    Ok(doc)
}

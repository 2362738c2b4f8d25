//! The document a note transmits. Its page count — stated in every
//! language's enclosure line — is taken from the document itself whenever
//! the note names one, never typed; a typed count that disagrees is an
//! error.
//!
//! A PDF enclosure is appended after the language versions with its own
//! fonts and content intact ([`crate::pdf::merge`]).

use std::path::Path;

use crate::diag::Diagnostic;
use crate::note::Note;
use crate::world::World;

/// An enclosure ready to be counted and attached.
pub struct Resolved {
    pub pages: u32,
    /// The PDF to append, if the enclosure is one.
    pub pdf: Option<lopdf::Document>,
}

/// Reads the enclosure a note names, if any.
pub fn resolve(world: &World, note: &Note) -> Result<Option<Resolved>, Diagnostic> {
    let Some(enclosure) = &note.enclosure else {
        return Ok(None);
    };
    let Some(file) = &enclosure.file else {
        return Ok(enclosure.pages.map(|pages| Resolved { pages, pdf: None }));
    };
    let at = |msg: String| {
        Diagnostic::error("enclosure", msg)
            .at(&note.path, enclosure.file_span.clone())
            .with_note(format!("enclosure of note {}", note.number))
    };
    let is_pdf = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(at(format!(
            "{}: an enclosure file must be a PDF (.pdf)",
            file.display()
        )));
    }
    let doc = load_pdf(world, file).map_err(at)?;
    let pages = doc.get_pages().len() as u32;
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
        pdf: Some(doc),
    }))
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

//! Enclosures: the file a note names exists, lies inside the project, is a
//! PDF that can be appended or a text document that parses, and prints
//! with the fonts.

use std::path::Path;

use super::glyphs::Glyphs;
use crate::diag::Diagnostic;
use crate::enclosure::{self, Kind};
use crate::note::Note;
use crate::project::Project;
use crate::world::Inputs;

/// What can be known of a note's enclosure without setting it: problems,
/// and its page count when that is known without typesetting.
pub fn check(
    project: &Project,
    note: &Note,
    glyphs: Option<&Glyphs>,
    inputs: &mut Inputs,
) -> (Vec<Diagnostic>, Option<u32>) {
    let Some(e) = &note.enclosure else {
        return (Vec::new(), None);
    };
    let Some(file) = e.file.as_deref() else {
        return (Vec::new(), e.pages);
    };
    let kind = match Kind::of(file) {
        Ok(k) => k,
        Err(m) => return (vec![enclosure::problem(note, m)], None),
    };
    let bytes = match enclosure::read(&project.world, note, file) {
        Ok(b) => b,
        Err(d) => return (vec![d], None),
    };
    inputs.add(project.world.relative(file));
    match kind {
        Kind::Pdf => match enclosure::load_pdf(&bytes) {
            Ok(doc) => (Vec::new(), Some(doc.get_pages().len() as u32)),
            Err(m) => (
                vec![enclosure::problem(note, format!("{} {m}", file.display()))],
                None,
            ),
        },
        Kind::Text => (text(project, note, file, glyphs), e.pages),
    }
}

fn text(project: &Project, note: &Note, file: &Path, glyphs: Option<&Glyphs>) -> Vec<Diagnostic> {
    let file = project.world.relative(file);
    let source = match project.world.read_text(&file) {
        Ok(s) => s,
        Err(e) => return vec![e.diagnostic(None)],
    };
    let words = project
        .enclosure_style
        .as_ref()
        .map_or(&[][..], |s| s.label_words.as_slice());
    let mut found = match enclosure::text::parse_with(&file, &source, words) {
        Ok(doc) => enclosure::setting(project, note, &file, &doc)
            .err()
            .into_iter()
            .collect(),
        Err(d) => d,
    };
    if let Some(g) = glyphs {
        found.extend(g.check(&file, &source));
    }
    found
}

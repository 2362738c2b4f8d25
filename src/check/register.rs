//! Numbers: every note's number is in the register, once, and not
//! withdrawn; no two notes share a number or an output file name.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::note::Note;
use crate::register::{self, Register, Status};

/// Numbers registered twice.
pub fn check_register(register: &Register, diags: &mut Diagnostics) {
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
                .at(register::FILE, entry.span.clone()),
            );
        }
    }
}

/// A note whose number was never issued, or was withdrawn.
pub fn check_note(register: &Register, note: &Note, diags: &mut Diagnostics) {
    let at = note.spans.sequence.clone();
    match register.find(&note.number) {
        None => {
            let d = Diagnostic::error(
                "register-missing",
                format!(
                    "{} is not in {}: take numbers with `verbale new`",
                    note.number,
                    register::FILE
                ),
            );
            diags.push(match crate::diag::lookalike(&note.number.series) {
                // The number may well be there, in Latin letters.
                Some(why) => d.at(&note.path, note.spans.series.clone()).with_note(why),
                None => d.at(&note.path, at),
            });
        }
        Some(e) if e.status == Status::Withdrawn => diags.push(
            Diagnostic::warning(
                "register-withdrawn",
                format!(
                    "{} was withdrawn (register line {}): no PDF is made for it",
                    note.number, e.line
                ),
            )
            .at(&note.path, at)
            .also(register::FILE, Some(e.span.clone()), "withdrawn here"),
        ),
        Some(_) => {}
    }
}

/// Two notes with one number, or whose numbers give one file name
/// (`NCT-ICT/1` and `NCT/ICT/1` are both `NCT-ICT-1.pdf`).
pub fn check_numbers<'n>(notes: impl IntoIterator<Item = &'n Note>, diags: &mut Diagnostics) {
    let mut numbers: BTreeMap<String, &Note> = BTreeMap::new();
    let mut stems: BTreeMap<String, &Note> = BTreeMap::new();
    for note in notes {
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
                .at(&note.path, note.spans.sequence.clone())
                .also(
                    &first.path,
                    Some(first.spans.sequence.clone()),
                    "first used here",
                ),
            );
            continue;
        }
        numbers.insert(note.number.to_string(), note);
        let stem = note.file_stem();
        if let Some(first) = stems.get(&stem) {
            diags.push(
                Diagnostic::error(
                    "note-file-name",
                    format!(
                        "{} and {} would both be written to {stem}.pdf",
                        first.number, note.number
                    ),
                )
                .at(&note.path, note.spans.series.clone())
                .also(
                    &first.path,
                    Some(first.spans.series.clone()),
                    "the other series",
                ),
            );
            continue;
        }
        stems.insert(stem, note);
    }
}

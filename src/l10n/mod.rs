//! Whether each translation still says what the reference says.
//!
//! A translation is made from a reference text (the `en` message, a
//! note's `[text.en]`); when that text changes, the translation may no
//! longer match it. `verbale l10n confirm` records, per locale, the
//! reference text each translation was checked against ([`record`]);
//! [`survey`] compares the record with the reference of today and gives
//! each translation its [`State`], which `check` reports, `l10n status`
//! counts and `l10n confirm` updates.

pub mod confirm;
pub mod record;
pub mod status;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::i18n::Locale;
use crate::i18n::ftl::Entry;
use crate::note::Note;
use crate::project::Project;
pub use record::{Confirmation, Record};

/// What is translated: a message of the locale or a note's own text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// A message or term (`-org`), by id.
    Message(String),
    /// Text `name` of the note in `note` (relative, with `/`).
    NoteText {
        /// The note file.
        note: String,
        /// The text's name (`action`, `body`, …).
        name: String,
    },
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Item::Message(id) => write!(f, "`{id}`"),
            Item::NoteText { note, name } => write!(f, "text `{name}` of {note}"),
        }
    }
}

/// Where a translation stands against its reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Confirmed against the reference text of today.
    Translated,
    /// The reference has it; the translation does not.
    Missing,
    /// Confirmed against a reference text that has changed since.
    Outdated {
        /// The reference text it was confirmed against.
        then: String,
    },
    /// The same as the reference text, and not confirmed as meant so.
    Untranslated,
    /// Never confirmed: nothing says which reference text it was made from.
    Unconfirmed,
    /// The reference no longer has it.
    Obsolete,
}

impl State {
    /// Its name in `l10n status`.
    pub fn name(&self) -> &'static str {
        match self {
            State::Translated => "translated",
            State::Missing => "missing",
            State::Outdated { .. } => "outdated",
            State::Untranslated => "untranslated",
            State::Unconfirmed => "unconfirmed",
            State::Obsolete => "obsolete",
        }
    }

    /// Every state's name, in the order `l10n status` prints them.
    pub const NAMES: [&'static str; 6] = [
        "translated",
        "missing",
        "outdated",
        "untranslated",
        "unconfirmed",
        "obsolete",
    ];
}

/// A text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The text, [`normalized`].
    pub text: String,
    /// Its file, relative to the project.
    pub file: PathBuf,
    /// Where it stands: a message's id, a note text's key.
    pub span: Range<usize>,
}

/// One translation and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// What it translates.
    pub item: Item,
    /// How it stands.
    pub state: State,
    /// The reference text of today, unless obsolete.
    pub reference: Option<Placed>,
    /// The translation, unless missing.
    pub translation: Option<Placed>,
}

impl Translation {
    /// What confirming it records: the reference text of today, and
    /// whether the translation is the same. `None` when there is nothing
    /// to confirm (missing or obsolete).
    pub fn confirmation(&self) -> Option<Confirmation> {
        let (reference, translation) = (self.reference.as_ref()?, self.translation.as_ref()?);
        Some(Confirmation {
            text: reference.text.clone(),
            same: reference.text == translation.text,
        })
    }
}

/// A text as compared and recorded: line ends and the end trimmed, so
/// that an editor's trailing spaces change nothing.
pub fn normalized(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// How each translation into `locale` stands against the reference
/// locale and `record`: its messages and terms, then the texts of every
/// note in `notes` written in both languages.
pub fn survey(
    project: &Project,
    notes: &[Note],
    locale: &Locale,
    record: &Record,
) -> Vec<Translation> {
    let Some(reference) = project.locales.get(project.reference_locale()) else {
        return Vec::new();
    };
    if reference.code == locale.code {
        return Vec::new();
    }
    let mut found = messages(project, reference, locale, record);
    for note in notes {
        found.extend(note_texts(note, &reference.code, &locale.code, record));
    }
    found
}

fn messages(
    project: &Project,
    reference: &Locale,
    locale: &Locale,
    record: &Record,
) -> Vec<Translation> {
    let placed = |e: &Entry| {
        let source = project.world.read_text(&e.file).ok()?;
        Some(Placed {
            text: normalized(source.get(e.extent.clone())?),
            file: e.file.clone(),
            span: e.span.clone(),
        })
    };
    let shared = |l: &'_ Locale| -> BTreeMap<String, Entry> {
        l.entries
            .values()
            .filter(|e| !crate::i18n::is_private(e))
            .map(|e| (e.id.clone(), e.clone()))
            .collect()
    };
    let (theirs, ours) = (shared(reference), shared(locale));
    let mut found = Vec::new();
    for (id, t) in &theirs {
        let o = ours.get(id);
        let translation = o.and_then(placed);
        let reference = placed(t);
        let state = state(
            reference.as_ref(),
            translation.as_ref(),
            o.is_some_and(|o| o.words),
            record.messages.get(id),
        );
        found.push(Translation {
            item: Item::Message(id.clone()),
            state,
            reference,
            translation,
        });
    }
    for (id, o) in ours.iter().filter(|(id, _)| !theirs.contains_key(*id)) {
        found.push(Translation {
            item: Item::Message(id.clone()),
            state: State::Obsolete,
            reference: None,
            translation: placed(o),
        });
    }
    found
}

fn note_texts(note: &Note, reference: &str, lang: &str, record: &Record) -> Vec<Translation> {
    let written = |l: &str| note.languages.iter().any(|n| n == l);
    if !written(reference) || !written(lang) {
        return Vec::new();
    }
    let Some(theirs) = note.texts.get(reference) else {
        return Vec::new();
    };
    let empty = BTreeMap::new();
    let ours = note.texts.get(lang).map_or(&empty, |t| &t.texts);
    let key = note_key(&note.path);
    let confirmed = record.notes.get(&key);
    let placed = |t: &crate::note::NoteText| Placed {
        text: normalized(&t.text),
        file: note.path.clone(),
        span: t.key_span.clone(),
    };
    let mut found = Vec::new();
    for (name, t) in &theirs.texts {
        // A text still empty (as `verbale new` leaves it) is not written
        // yet: missing, not the same as an empty reference.
        let o = ours.get(name).filter(|o| !o.text.trim().is_empty());
        let translation = o.map(placed);
        let reference = Some(placed(t));
        // A text of nothing but placeables and signs reads the same in
        // every language; the Fluent parser says which it is.
        let words = o.is_some_and(|o| {
            o.compile(&note.path, &note.source, lang, name)
                .map_or(true, |c| c.entry.words)
        });
        let state = state(
            reference.as_ref(),
            translation.as_ref(),
            words,
            confirmed.and_then(|c| c.get(name)),
        );
        found.push(Translation {
            item: Item::NoteText {
                note: key.clone(),
                name: name.clone(),
            },
            state,
            reference,
            translation,
        });
    }
    for (name, o) in ours.iter().filter(|(n, _)| !theirs.texts.contains_key(*n)) {
        found.push(Translation {
            item: Item::NoteText {
                note: key.clone(),
                name: name.clone(),
            },
            state: State::Obsolete,
            reference: None,
            translation: Some(placed(o)),
        });
    }
    found
}

/// The notes whose texts are translated: every note that reads, but
/// those whose number was withdrawn (no PDF is made of them). A text that
/// Fluent cannot parse is reported in `diags` as `check` reports it: it
/// still counts by what it says, but the note will not build until it is
/// mended.
pub fn notes(project: &Project, diags: &mut Diagnostics) -> Vec<Note> {
    let mut notes = crate::check::load_notes(project, diags);
    // A note read despite an error in its file (an unknown key) is not
    // confirmed until the error is mended: its confirmations are kept.
    notes.retain(|n| diags.errors_in(&n.path).next().is_none());
    let notes = crate::check::in_force(project, notes);
    for note in &notes {
        unparsed_texts(note, diags);
    }
    notes
}

fn unparsed_texts(note: &Note, diags: &mut Diagnostics) {
    for lang in &note.languages {
        let Some(own) = note.texts.get(lang) else {
            continue;
        };
        // An empty text is missing, which the survey counts.
        for (name, text) in own.texts.iter().filter(|(_, t)| !t.text.trim().is_empty()) {
            if let Err(found) = text.compile(&note.path, &note.source, lang, name) {
                diags.extend(found);
            }
        }
    }
}

/// Every locale but the reference, with its record and its translations
/// in `notes`. Problems in the records are added to `diags`.
pub fn surveys(
    project: &Project,
    notes: &[Note],
    diags: &mut Diagnostics,
) -> Vec<(Record, status::Survey)> {
    let reference = project.reference_locale();
    if project.locales.get(reference).is_none() {
        return Vec::new();
    }
    project
        .locales
        .iter()
        .filter(|(code, _)| *code != reference)
        .map(|(code, locale)| {
            let record = Record::load(&project.world, code, reference, diags);
            let translations = survey(project, notes, locale, &record);
            (
                record,
                status::Survey {
                    code: code.clone(),
                    translations,
                    damaged: locale.damaged.clone(),
                },
            )
        })
        .collect()
}

/// How a note is named in the record: its path with `/`, whatever the
/// system, without a leading `./`.
pub fn note_key(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn state(
    reference: Option<&Placed>,
    translation: Option<&Placed>,
    words: bool,
    confirmed: Option<&Confirmation>,
) -> State {
    let (Some(reference), Some(translation)) = (reference, translation) else {
        return State::Missing;
    };
    let same = words && reference.text == translation.text;
    match confirmed {
        Some(c) if c.text != reference.text => State::Outdated {
            then: c.text.clone(),
        },
        Some(c) if same && !c.same => State::Untranslated,
        Some(_) => State::Translated,
        None if same => State::Untranslated,
        None => State::Unconfirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(text: &str) -> Placed {
        Placed {
            text: text.into(),
            file: PathBuf::from("f"),
            span: 0..0,
        }
    }

    fn confirmed(text: &str, same: bool) -> Confirmation {
        Confirmation {
            text: text.into(),
            same,
        }
    }

    #[test]
    fn a_translation_is_judged_by_what_it_was_confirmed_against() {
        let en = placed("opening = presents its compliments");
        let kk = placed("opening = өзінің зор ілтипатын білдіріп");
        let now = confirmed("opening = presents its compliments", false);
        let then = confirmed("opening = presents compliments", false);
        assert_eq!(
            state(Some(&en), Some(&kk), true, Some(&now)),
            State::Translated
        );
        assert_eq!(
            state(Some(&en), Some(&kk), true, Some(&then)),
            State::Outdated {
                then: then.text.clone()
            }
        );
        assert_eq!(state(Some(&en), Some(&kk), true, None), State::Unconfirmed);
        assert_eq!(state(Some(&en), None, true, Some(&now)), State::Missing);
    }

    #[test]
    fn the_reference_pasted_as_translation_is_untranslated_until_confirmed_so() {
        let en = placed("letterhead = SECRETARIAT");
        let pasted = placed("letterhead = SECRETARIAT");
        assert_eq!(
            state(Some(&en), Some(&pasted), true, None),
            State::Untranslated
        );
        // Confirmed while it was a real translation: pasting over it later
        // is still caught.
        let earlier = confirmed("letterhead = SECRETARIAT", false);
        assert_eq!(
            state(Some(&en), Some(&pasted), true, Some(&earlier)),
            State::Untranslated
        );
        let kept = confirmed("letterhead = SECRETARIAT", true);
        assert_eq!(
            state(Some(&en), Some(&pasted), true, Some(&kept)),
            State::Translated
        );
        // Nothing but placeables and signs: the same in every language.
        let number = placed("note-number = № { $number }");
        assert_eq!(
            state(Some(&number), Some(&number), false, None),
            State::Unconfirmed
        );
    }

    #[test]
    fn normalizing_ignores_trailing_spaces_only() {
        assert_eq!(normalized("\na = b  \n  .c = d\t\n\n"), "a = b\n  .c = d");
        assert_ne!(normalized("a = b c"), normalized("a = b  c"));
    }
}

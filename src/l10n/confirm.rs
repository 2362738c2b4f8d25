//! `verbale l10n confirm`: recording that translations match the
//! reference text of today.

use std::collections::BTreeSet;

use super::{Item, Record, State, Translation};
use crate::diag::suggest;
use crate::note::Note;
use crate::project::Project;

/// What to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A message or term, by id.
    Message(String),
    /// Every text of a note, by its key in the record ([`super::note_key`]).
    Note(String),
}

/// What the record keeps of things the survey did not see.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// Notes that exist but could not be read, or name a language the
    /// project has no locale for (a typo in `languages` is mended, not
    /// meant): their confirmations stay as they are until the note can be
    /// compared again.
    pub unread_notes: BTreeSet<String>,
    /// Whether a locale file could not be read: the messages' confirmations
    /// then all stay.
    pub unread_messages: bool,
}

impl Kept {
    /// What of `project` the survey of locale `code` over `notes` (the
    /// notes that read) could not see.
    pub fn of(project: &Project, notes: &[Note], code: &str) -> Kept {
        let read: BTreeSet<String> = notes
            .iter()
            .filter(|n| n.languages.iter().all(|l| project.locales.get(l).is_some()))
            .map(|n| super::note_key(&n.path))
            .collect();
        let damaged = |code: &str| {
            project
                .locales
                .get(code)
                .is_none_or(|l| !l.damaged.is_empty())
        };
        Kept {
            unread_notes: project
                .note_files()
                .iter()
                .map(|f| super::note_key(&project.world.relative(f)))
                .filter(|k| !read.contains(k))
                .collect(),
            unread_messages: damaged(code) || damaged(project.reference_locale()),
        }
    }
}

/// Why nothing was confirmed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    /// No such message or term in the reference locale.
    #[error("the reference locale `{reference}` has no message `{id}`{}", hint(.suggestion))]
    UnknownMessage {
        /// The id asked for.
        id: String,
        /// The reference locale.
        reference: String,
        /// A near id.
        suggestion: Option<String>,
    },
    /// The message, or every text of the note, is not translated.
    #[error("{item} has no `{code}` translation to confirm")]
    Missing {
        /// What was asked for.
        item: String,
        /// Whether it is a message (not a note): a locale file that does
        /// not read may have lost it.
        message: bool,
        /// The locale.
        code: String,
    },
    /// The note is not among the project's notes written in both
    /// languages.
    #[error("{note} is not a note of the project written in `{reference}` and `{code}`")]
    UnknownNote {
        /// The note asked for.
        note: String,
        /// The reference locale.
        reference: String,
        /// The locale.
        code: String,
    },
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The record after confirming `targets` (when empty, every translation
/// but the untranslated ones)
/// against `translations`, the survey of locale `code`, and the items
/// whose confirmation changed. Confirmations of what no longer exists are
/// dropped, except those `kept` says could not be compared.
pub fn confirm(
    record: &Record,
    translations: &[Translation],
    targets: &[Target],
    kept: &Kept,
    code: &str,
) -> Result<(Record, Vec<Item>), ConfirmError> {
    let chosen = choose(translations, targets, &record.reference, code)?;
    let mut next = Record {
        path: record.path.clone(),
        reference: record.reference.clone(),
        ..Record::default()
    };
    let mut changed = Vec::new();
    for t in translations {
        let old = match &t.item {
            Item::Message(id) => record.messages.get(id),
            Item::NoteText { note, name } => record.notes.get(note).and_then(|n| n.get(name)),
        };
        let confirmation = match t.confirmation() {
            Some(now) if chosen.contains(&t.item) => {
                if old != Some(&now) {
                    changed.push(t.item.clone());
                }
                Some(now)
            }
            Some(_) => old.cloned(),
            // A translation missing for now (deleted, or a note text
            // emptied) of a reference text that is still there keeps its
            // confirmation, as `check` does not call it stale.
            None if t.reference.is_some() => old.cloned(),
            None => None,
        };
        if let Some(c) = confirmation {
            match &t.item {
                Item::Message(id) => {
                    next.messages.insert(id.clone(), c);
                }
                Item::NoteText { note, name } => {
                    next.notes
                        .entry(note.clone())
                        .or_default()
                        .insert(name.clone(), c);
                }
            }
        }
    }
    if kept.unread_messages {
        for (id, c) in &record.messages {
            next.messages.entry(id.clone()).or_insert_with(|| c.clone());
        }
    }
    for note in &kept.unread_notes {
        if let Some(texts) = record.notes.get(note) {
            next.notes.insert(note.clone(), texts.clone());
        }
    }
    Ok((next, changed))
}

fn choose(
    translations: &[Translation],
    targets: &[Target],
    reference: &str,
    code: &str,
) -> Result<BTreeSet<Item>, ConfirmError> {
    let confirmable = |t: &Translation| t.confirmation().is_some();
    if targets.is_empty() {
        // English pasted into a locale is not approved in bulk: it is
        // confirmed as meant only when named.
        return Ok(translations
            .iter()
            .filter(|t| confirmable(t) && t.state != State::Untranslated)
            .map(|t| t.item.clone())
            .collect());
    }
    let mut chosen = BTreeSet::new();
    for target in targets {
        let of_target: Vec<&Translation> = translations
            .iter()
            .filter(|t| match (target, &t.item) {
                (Target::Message(want), Item::Message(id)) => want == id,
                (Target::Note(want), Item::NoteText { note, .. }) => want == note,
                _ => false,
            })
            .filter(|t| t.state != State::Obsolete)
            .collect();
        if of_target.is_empty() {
            return Err(match target {
                Target::Message(id) => ConfirmError::UnknownMessage {
                    id: id.clone(),
                    reference: reference.to_string(),
                    suggestion: suggest(
                        id,
                        translations.iter().filter_map(|t| match &t.item {
                            Item::Message(id) if t.state != State::Obsolete => Some(id.as_str()),
                            _ => None,
                        }),
                    )
                    .map(str::to_string),
                },
                Target::Note(note) => ConfirmError::UnknownNote {
                    note: note.clone(),
                    reference: reference.to_string(),
                    code: code.to_string(),
                },
            });
        }
        if !of_target.iter().any(|t| confirmable(t)) {
            return Err(ConfirmError::Missing {
                item: match target {
                    Target::Message(id) => format!("`{id}`"),
                    Target::Note(note) => note.clone(),
                },
                message: matches!(target, Target::Message(_)),
                code: code.to_string(),
            });
        }
        chosen.extend(
            of_target
                .iter()
                .filter(|t| confirmable(t))
                .map(|t| t.item.clone()),
        );
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::l10n::{Confirmation, Placed};

    fn placed(text: &str) -> Option<Placed> {
        Some(Placed {
            text: text.into(),
            file: PathBuf::from("f"),
            span: 0..0,
        })
    }

    fn message(id: &str, state: State, reference: &str, ours: Option<&str>) -> Translation {
        Translation {
            item: Item::Message(id.into()),
            state,
            reference: placed(reference),
            translation: ours.and_then(placed),
        }
    }

    fn record() -> Record {
        let mut r = Record {
            reference: "en".into(),
            ..Record::default()
        };
        r.messages.insert(
            "opening".into(),
            Confirmation {
                text: "opening = old".into(),
                same: false,
            },
        );
        r.messages.insert(
            "gone".into(),
            Confirmation {
                text: "gone = x".into(),
                same: false,
            },
        );
        r
    }

    #[test]
    fn confirming_one_message_leaves_the_others_and_drops_what_is_gone() {
        let survey = vec![
            message(
                "opening",
                State::Outdated {
                    then: "opening = old".into(),
                },
                "opening = new",
                Some("opening = жаңа"),
            ),
            message(
                "closing",
                State::Unconfirmed,
                "closing = c",
                Some("closing = с"),
            ),
        ];
        let targets = [Target::Message("opening".into())];
        let (next, changed) =
            confirm(&record(), &survey, &targets, &Kept::default(), "kk").unwrap();
        assert_eq!(changed, vec![Item::Message("opening".into())]);
        assert_eq!(next.messages["opening"].text, "opening = new");
        assert!(!next.messages.contains_key("closing"));
        assert!(!next.messages.contains_key("gone"));
        let kept = Kept {
            unread_messages: true,
            ..Kept::default()
        };
        let (next, _) = confirm(&record(), &survey, &targets, &kept, "kk").unwrap();
        assert!(next.messages.contains_key("gone"));
    }

    #[test]
    fn an_unknown_or_missing_message_is_refused() {
        let survey = vec![
            message(
                "opening",
                State::Unconfirmed,
                "opening = o",
                Some("opening = о"),
            ),
            message("closing", State::Missing, "closing = c", None),
        ];
        let unknown = confirm(
            &record(),
            &survey,
            &[Target::Message("openning".into())],
            &Kept::default(),
            "kk",
        );
        assert_eq!(
            unknown.unwrap_err().to_string(),
            "the reference locale `en` has no message `openning` (did you mean `opening`?)"
        );
        let missing = confirm(
            &record(),
            &survey,
            &[Target::Message("closing".into())],
            &Kept::default(),
            "kk",
        );
        assert_eq!(
            missing.unwrap_err().to_string(),
            "`closing` has no `kk` translation to confirm"
        );
    }
}

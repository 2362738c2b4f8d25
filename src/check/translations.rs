//! Translations against the reference text they were confirmed against
//! ([`crate::l10n`]): outdated, untranslated and never confirmed ones, as
//! warnings at the translation. Missing and obsolete ones are reported by
//! [`super::locales`] and [`super::notes`].

use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::{self, Item, Record, State, Translation};
use crate::note::Note;
use crate::project::Project;

/// Reads every record of confirmations, for `build`, which compares no
/// translation: a record that does not read is an error of the project,
/// reported by `build` as by [`check`].
pub fn check_records(project: &Project, diags: &mut Diagnostics) {
    let reference = project.reference_locale();
    if project.locales.get(reference).is_none() {
        return;
    }
    for code in project.locales.codes().filter(|c| *c != reference) {
        Record::load(&project.world, code, reference, diags);
    }
}

/// Checks every locale but the reference against its record, and the
/// records themselves.
pub fn check(project: &Project, notes: &[Note], diags: &mut Diagnostics) {
    let reference = project.reference_locale();
    for (record, survey) in l10n::surveys(project, notes, diags) {
        for t in &survey.translations {
            if let Some(d) = diagnostic(t, &survey.code, reference) {
                diags.push(d);
            }
        }
        let kept = l10n::confirm::Kept::of(project, notes, &survey.code);
        stale(&record, &survey.translations, &kept, &survey.code, diags);
    }
}

/// Confirmations of what is no longer translated from the reference into
/// `code` — a message gone from the reference, a note gone or no longer
/// written in both languages, a text renamed: the record would keep
/// them silently until `l10n confirm` drops them. Those of a file that
/// does not read at the moment ([`Kept`](l10n::confirm::Kept)) are not
/// counted: they stay.
fn stale(
    record: &Record,
    translations: &[Translation],
    kept: &l10n::confirm::Kept,
    code: &str,
    diags: &mut Diagnostics,
) {
    let translated: std::collections::BTreeSet<&Item> = translations
        .iter()
        .filter(|t| t.reference.is_some())
        .map(|t| &t.item)
        .collect();
    for (item, span) in &record.places {
        let unread = match item {
            Item::Message(_) => kept.unread_messages,
            Item::NoteText { note, .. } => kept.unread_notes.contains(note),
        };
        if unread || translated.contains(item) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                "stale-confirmation",
                format!(
                    "the record confirms {item}, but there is no such translation from `{}` into `{code}`",
                    record.reference
                ),
            )
            .at(&record.path, span.clone())
            .labelled("confirms nothing now")
            .with_note(format!(
                "`verbale l10n confirm {code}` writes the record again without it"
            )),
        );
    }
}

/// The arguments of `l10n confirm` that confirm this one translation.
fn confirm_command(item: &Item, code: &str) -> String {
    match item {
        Item::Message(id) => format!("verbale l10n confirm {code} {id}"),
        Item::NoteText { note, .. } => format!("verbale l10n confirm {code} {note}"),
    }
}

fn diagnostic(t: &Translation, code: &str, reference: &str) -> Option<Diagnostic> {
    let (Some(ours), Some(theirs)) = (&t.translation, &t.reference) else {
        return None;
    };
    let item = &t.item;
    let confirm = confirm_command(item, code);
    let d = match &t.state {
        State::Outdated { then } => {
            let (was, is) = excerpts(then, &theirs.text);
            Diagnostic::warning(
                "outdated-translation",
                format!("{item} in `{code}` was translated from an older `{reference}` text"),
            )
            .at(&ours.file, ours.span.clone())
            .labelled("translated from the older text")
            .with_note(format!("`{reference}` then: {was}"))
            .with_note(format!("`{reference}` now:  {is}"))
            .with_note(format!(
                "when the translation says what the new text says: `{confirm}`"
            ))
        }
        State::Untranslated => Diagnostic::warning(
            "untranslated",
            format!("{item} in `{code}` is the same as in `{reference}`: not translated?"),
        )
        .at(&ours.file, ours.span.clone())
        .with_note(format!("if it is meant to be the same: `{confirm}`")),
        State::Unconfirmed => Diagnostic::warning(
            "unconfirmed-translation",
            format!(
                "{item} in `{code}` has never been confirmed against the `{reference}` text, so a later change there would go unnoticed"
            ),
        )
        .at(&ours.file, ours.span.clone())
        .with_note(format!("once it is checked: `{confirm}`")),
        State::Translated | State::Missing | State::Obsolete => return None,
    };
    Some(d.also(
        &theirs.file,
        Some(theirs.span.clone()),
        format!("the `{reference}` text now"),
    ))
}

/// Characters of context shown on each side of a change.
const CONTEXT: usize = 30;

/// The old and new text, quoted; a long text cut down to its change with
/// some context, so the message shows what changed.
fn excerpts(old: &str, new: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |s: &[char]| {
        let mut start = prefix.saturating_sub(CONTEXT);
        let mut end = (s.len() - suffix + CONTEXT).min(s.len());
        // Whole words at the edges, within a little more context.
        for _ in 0..CONTEXT / 2 {
            if start > 0 && !s[start - 1].is_whitespace() {
                start -= 1;
            }
            if end < s.len() && !s[end].is_whitespace() {
                end += 1;
            }
        }
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        out.extend(&s[start..end]);
        if end < s.len() {
            out.push('…');
        }
        format!("{out:?}")
    };
    (cut(&a), cut(&b))
}

#[cfg(test)]
mod tests {
    use super::excerpts;

    #[test]
    fn a_long_text_is_shown_around_its_change() {
        let old = format!(
            "{} presents its compliments {}",
            "a".repeat(50),
            "z".repeat(50)
        );
        let new = format!("{} presents compliments {}", "a".repeat(50), "z".repeat(50));
        let (was, is) = excerpts(&old, &new);
        assert_eq!(
            was,
            format!(
                "\"…{} presents its compliments {}…\"",
                "a".repeat(35),
                "z".repeat(33)
            )
        );
        assert_eq!(
            is,
            format!(
                "\"…{} presents compliments {}…\"",
                "a".repeat(35),
                "z".repeat(33)
            )
        );
    }

    #[test]
    fn a_short_text_is_shown_whole_with_its_lines() {
        assert_eq!(
            excerpts("Нұр-Сұлтан\nқаласы", "Астана\nқаласы"),
            (
                "\"Нұр-Сұлтан\\nқаласы\"".to_string(),
                "\"Астана\\nқаласы\"".to_string()
            )
        );
    }
}

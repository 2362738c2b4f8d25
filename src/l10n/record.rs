//! The record of confirmations: `locales/<lang>/confirmed.toml`, written
//! by `verbale l10n confirm`, committed beside the translation it speaks
//! for. It keeps the reference text itself, not a hash of it, so that a
//! reviewer reads in the diff what a translation was checked against, and
//! `check` can show what changed since.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::{self, Shape};
use crate::world::World;

/// The record's name in each locale's folder.
pub const FILE: &str = "confirmed.toml";

/// What a translation was last confirmed against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The reference text at the time, as [`super::normalized`] gives it.
    pub text: String,
    /// Whether the translation was then the same as the reference: kept
    /// the same on purpose (a bilingual letterhead), not left untranslated.
    pub same: bool,
}

/// Every confirmation of one locale.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The file, relative to the project.
    pub path: PathBuf,
    /// The reference locale the texts are in.
    pub reference: String,
    /// By message or term id (`-org` for a term).
    pub messages: BTreeMap<String, Confirmation>,
    /// By note file (relative, with `/`), then text name.
    pub notes: BTreeMap<String, BTreeMap<String, Confirmation>>,
    /// Where each confirmation's key stands in the file, for `check` to
    /// point at one that confirms what is no longer translated.
    pub places: BTreeMap<super::Item, Range<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordFile {
    reference: Spanned<String>,
    #[serde(default)]
    messages: BTreeMap<Spanned<String>, ConfirmationFile>,
    #[serde(default)]
    notes: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, ConfirmationFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmationFile {
    text: String,
    #[serde(default)]
    same: bool,
}

impl From<ConfirmationFile> for Confirmation {
    fn from(c: ConfirmationFile) -> Confirmation {
        Confirmation {
            text: super::normalized(&c.text),
            same: c.same,
        }
    }
}

fn shape() -> Shape {
    let confirmation = || Shape::of::<ConfirmationFile>();
    Shape::of::<RecordFile>()
        .with("messages", Shape::map(confirmation()))
        .with("notes", Shape::map(Shape::map(confirmation())))
}

/// Two records are the same when they confirm the same texts, wherever
/// their file puts them.
impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        (&self.path, &self.reference, &self.messages, &self.notes)
            == (&other.path, &other.reference, &other.messages, &other.notes)
    }
}

impl Eq for Record {}

impl Record {
    /// The record of locale `code`: empty when there is none yet. A record
    /// that cannot be read, or that was made against another reference
    /// locale, is reported and counts as empty.
    pub fn load(world: &World, code: &str, reference: &str, diags: &mut Diagnostics) -> Record {
        let path = Path::new(crate::i18n::DIR).join(code).join(FILE);
        let empty = Record {
            path: path.clone(),
            reference: reference.to_string(),
            ..Record::default()
        };
        if !world.exists(&path) {
            return empty;
        }
        let source = match world.read_text(&path) {
            Ok(s) => s,
            Err(e) => {
                diags.push(e.diagnostic(None));
                return empty;
            }
        };
        let (file, found) =
            schema::load::<RecordFile>(&path, &source, &shape(), "confirmed-syntax");
        diags.extend(found);
        let Some(file) = file else {
            return empty;
        };
        if file.reference.get_ref() != reference {
            diags.push(
                Diagnostic::error(
                    "confirmed-reference",
                    format!(
                        "these confirmations are against locale `{}`, but the reference locale is `{reference}`",
                        file.reference.get_ref()
                    ),
                )
                .at(&path, file.reference.span())
                .with_note(format!(
                    "confirm the translations against `{reference}` again: `verbale l10n confirm {code}`"
                )),
            );
            return empty;
        }
        let mut record = Record {
            path,
            reference: reference.to_string(),
            ..Record::default()
        };
        for (id, c) in file.messages {
            let (span, id) = (id.span(), id.into_inner());
            record.places.insert(super::Item::Message(id.clone()), span);
            record.messages.insert(id, c.into());
        }
        for (note, texts) in file.notes {
            let note = note.into_inner();
            let confirmed = record.notes.entry(note.clone()).or_default();
            for (name, c) in texts {
                let (span, name) = (name.span(), name.into_inner());
                let item = super::Item::NoteText {
                    note: note.clone(),
                    name: name.clone(),
                };
                record.places.insert(item, span);
                confirmed.insert(name, c.into());
            }
        }
        record
    }

    /// Whether it holds a confirmation of `item`.
    pub fn confirms(&self, item: &super::Item) -> bool {
        match item {
            super::Item::Message(id) => self.messages.contains_key(id),
            super::Item::NoteText { note, name } => self
                .notes
                .get(note)
                .is_some_and(|texts| texts.contains_key(name)),
        }
    }

    /// The record as its file: sorted, one table per confirmation, so that
    /// the same record always gives the same bytes and a diff shows only
    /// what was confirmed.
    pub fn render(&self, code: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The `{}` text each translation into `{code}` was last confirmed against.\n\
             # Written by `verbale l10n confirm {code}`; `verbale check` compares it with\n\
             # the reference text of today. `same = true`: kept the same on purpose.\n",
            self.reference
        );
        let _ = writeln!(out, "reference = {}", string(&self.reference));
        for (id, c) in &self.messages {
            let _ = write!(out, "\n[messages.{}]\n", key(id));
            confirmation(&mut out, c);
        }
        for (note, texts) in &self.notes {
            for (name, c) in texts {
                let _ = write!(out, "\n[notes.{}.{}]\n", key(note), key(name));
                confirmation(&mut out, c);
            }
        }
        out
    }
}

fn confirmation(out: &mut String, c: &Confirmation) {
    let _ = writeln!(out, "text = {}", string(&c.text));
    if c.same {
        out.push_str("same = true\n");
    }
}

/// A key, bare when TOML allows it.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { k.to_string() } else { basic(k) }
}

/// A string: a multi-line literal when the text has lines and nothing a
/// literal cannot hold, so that it reads as written; else a basic string.
fn string(s: &str) -> String {
    let literal_safe = !s.contains("'''")
        && !s.ends_with('\'')
        && s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if s.contains('\n') && literal_safe {
        format!("'''\n{s}'''")
    } else {
        basic(s)
    }
}

fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_back(text: &str) -> Record {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("locales/kk").join(FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        let mut diags = Diagnostics::default();
        let r = Record::load(&World::new(dir.path()), "kk", "en", &mut diags);
        assert!(diags.is_empty(), "{diags:?}\n{text}");
        r
    }

    fn confirmed(text: &str, same: bool) -> Confirmation {
        Confirmation {
            text: text.to_string(),
            same,
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let mut r = Record {
            path: PathBuf::from("locales/kk/confirmed.toml"),
            reference: "en".into(),
            ..Record::default()
        };
        r.messages
            .insert("-org".into(), confirmed("-org = CICA", true));
        r.messages.insert(
            "opening".into(),
            confirmed("opening = It's \"quoted\" \\ and '''tripled'''", false),
        );
        r.notes
            .entry("notes/NCT-ICT-688.toml".into())
            .or_default()
            .insert(
                "body".into(),
                confirmed(
                    "Line one,\n{ $deadline } – line two.\n\nМүше мемлекеттер",
                    false,
                ),
            );
        let text = r.render("kk");
        assert!(
            text.contains("[messages.-org]\ntext = \"-org = CICA\"\nsame = true\n"),
            "{text}"
        );
        assert!(
            text.contains("[notes.\"notes/NCT-ICT-688.toml\".body]\ntext = '''\nLine one,"),
            "{text}"
        );
        assert_eq!(read_back(&text), r);
    }

    #[test]
    fn a_record_against_another_reference_is_refused_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("locales/kk").join(FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "# note\nreference = \"ru\"\n").unwrap();
        let world = World::new(dir.path());
        let mut diags = Diagnostics::default();
        let r = Record::load(&world, "kk", "en", &mut diags);
        assert!(r.messages.is_empty());
        let d = diags.iter().next().unwrap();
        assert_eq!(d.code, "confirmed-reference");
        assert_eq!(d.line_col(&world), Some((2, 13)));
    }

    #[test]
    fn an_unknown_key_is_an_error_at_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("locales/kk").join(FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(
            &file,
            "reference = \"en\"\n\n[messages.opening]\ntext = \"x\"\nsmae = true\n",
        )
        .unwrap();
        let world = World::new(dir.path());
        let mut diags = Diagnostics::default();
        Record::load(&world, "kk", "en", &mut diags);
        let d = diags.iter().next().expect("an error");
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.line_col(&world), Some((5, 1)));
    }

    proptest! {
        #[test]
        fn any_text_reads_back(text in "[a-zа-яәіңғүұқөһ'\"\\\\{}$\n\t -]{0,40}") {
            let text = super::super::normalized(&text);
            let mut r = Record {
                path: PathBuf::from("locales/kk/confirmed.toml"),
                reference: "en".into(),
                ..Record::default()
            };
            r.messages.insert("m".into(), confirmed(&text, false));
            r.notes.entry("notes/a b.toml".into()).or_default().insert("body".into(), confirmed(&text, true));
            prop_assert_eq!(read_back(&r.render("kk")), r);
        }
    }
}

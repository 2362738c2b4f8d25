//! A note verbale as its author writes it: one TOML file in `notes/`.
//!
//! ```toml
//! series = "NCT/ICT"
//! sequence = 688
//! issued = 2022-05-26
//! place = "nur-sultan"              # locale message `place-nur-sultan`
//! addressee = "cica-member-states"  # locale message `addressee-cica-member-states`
//! languages = ["en", "ru", "kk"]
//!
//! [enclosure]
//! pages = 3
//!
//! [dates]
//! deadline = { date = 2022-06-06, style = "deadline" }
//!
//! [text.en]
//! action = "convey herewith …"
//! body = "… on the above mentioned document { $deadline }. …"
//! ```
//!
//! Shared wording lives in the locales; the note carries only its number,
//! its dates and the sentences that are its own. Those sentences are Fluent
//! patterns, so they can place the note's dates (`{ $deadline }`) and use
//! selectors like any message.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::world::World;

/// `NCT/ICT` + `1013`, printed `NCT/ICT/1013`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteNumber {
    pub series: String,
    pub sequence: u32,
}

impl std::fmt::Display for NoteNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.series, self.sequence)
    }
}

/// A date the note mentions: one day or a span of days, and the locale
/// message family (`date-<style>`, `date-<style>-range`) that words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDate {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub style: String,
    pub span: Range<usize>,
}

impl NoteDate {
    pub fn is_range(&self) -> bool {
        self.start != self.end
    }
}

/// The document a note transmits: a page count typed by hand, a file
/// (a PDF appended to the note, or a text document typeset with it), or
/// both — then they must agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub pages: Option<u32>,
    pub file: Option<PathBuf>,
    /// Where `pages` and `file` stand in the note.
    pub pages_span: Range<usize>,
    pub file_span: Range<usize>,
}

/// One of the note's own texts in one language, with where it stands in the
/// note file so that errors in it can be pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the project root.
    pub path: PathBuf,
    pub number: NoteNumber,
    pub issued: NaiveDate,
    pub place: String,
    pub addressee: String,
    pub languages: Vec<String>,
    pub template: String,
    pub enclosure: Option<Enclosure>,
    pub dates: BTreeMap<String, NoteDate>,
    /// language → text name (`action`, `body`, …) → text.
    pub texts: BTreeMap<String, BTreeMap<String, NoteText>>,
    /// Where each top-level key (and each `text.<lang>` table) stands, for
    /// later checks to point at.
    pub spans: BTreeMap<String, Range<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFile {
    series: Spanned<String>,
    sequence: Spanned<u32>,
    issued: Spanned<toml::value::Datetime>,
    place: Spanned<String>,
    addressee: Spanned<String>,
    languages: Spanned<Vec<String>>,
    template: Option<Spanned<String>>,
    enclosure: Option<Spanned<EnclosureFile>>,
    #[serde(default)]
    dates: BTreeMap<String, Spanned<DateFile>>,
    #[serde(default)]
    text: BTreeMap<String, Spanned<BTreeMap<String, Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnclosureFile {
    pages: Option<Spanned<i64>>,
    file: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DateFile {
    date: Option<Spanned<toml::value::Datetime>>,
    from: Option<Spanned<toml::value::Datetime>>,
    to: Option<Spanned<toml::value::Datetime>>,
    style: Spanned<String>,
}

pub const DEFAULT_TEMPLATE: &str = "note-verbale";

impl Note {
    /// Reads and validates a note file. Every problem found is returned, not
    /// only the first.
    pub fn load(world: &World, path: &Path) -> Result<Note, Diagnostics> {
        let path = world.relative(path);
        let source = world.read_text(&path).map_err(|d| Diagnostics(vec![d]))?;
        Note::parse(&path, &source)
    }

    pub fn parse(path: &Path, source: &str) -> Result<Note, Diagnostics> {
        let file: NoteFile = toml::from_str(source).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Diagnostics(vec![
                Diagnostic::error("note-syntax", e.message().to_string()).at(path, span),
            ])
        })?;
        let mut diags = Diagnostics::default();
        let err = |code: &'static str, msg: String, span: Range<usize>| {
            Diagnostic::error(code, msg).at(path, span)
        };

        let issued = date_of(&file.issued).unwrap_or_else(|m| {
            diags.push(err("note-date", m, file.issued.span()));
            NaiveDate::MIN
        });

        let mut dates = BTreeMap::new();
        for (name, spanned) in &file.dates {
            match note_date(spanned) {
                Ok(d) => {
                    dates.insert(name.clone(), d);
                }
                Err((m, span)) => diags.push(err("note-date", m, span)),
            }
        }

        let enclosure = match &file.enclosure {
            Some(e) => {
                let table = e.get_ref();
                let pages = match &table.pages {
                    Some(p) => match u32::try_from(*p.get_ref()) {
                        Ok(n) if n > 0 => Some(n),
                        _ => {
                            diags.push(err(
                                "note-enclosure",
                                format!(
                                    "enclosure page count must be a positive number, not {}",
                                    p.get_ref()
                                ),
                                p.span(),
                            ));
                            None
                        }
                    },
                    None => None,
                };
                if table.pages.is_none() && table.file.is_none() {
                    diags.push(err(
                        "note-enclosure",
                        "an enclosure needs its page count (`pages = 3`) or its document (`file = \"enclosures/….pdf\"`)".into(),
                        e.span(),
                    ));
                }
                Some(Enclosure {
                    pages,
                    file: table.file.as_ref().map(|f| PathBuf::from(f.get_ref())),
                    pages_span: table.pages.as_ref().map_or(e.span(), Spanned::span),
                    file_span: table.file.as_ref().map_or(e.span(), Spanned::span),
                })
            }
            None => None,
        };

        if file.series.get_ref().trim().is_empty() {
            diags.push(err(
                "note-number",
                "series is empty".into(),
                file.series.span(),
            ));
        }
        if file.languages.get_ref().is_empty() {
            diags.push(err(
                "note-languages",
                "a note needs at least one language".into(),
                file.languages.span(),
            ));
        }

        let texts = file
            .text
            .iter()
            .map(|(lang, texts)| {
                let texts = texts
                    .get_ref()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            NoteText {
                                text: v.get_ref().clone(),
                                span: v.span(),
                            },
                        )
                    })
                    .collect();
                (lang.clone(), texts)
            })
            .collect();

        let mut spans = BTreeMap::new();
        for (lang, table) in &file.text {
            spans.insert(format!("text.{lang}"), table.span());
        }
        spans.insert("series".into(), file.series.span());
        spans.insert("sequence".into(), file.sequence.span());
        spans.insert("issued".into(), file.issued.span());
        spans.insert("place".into(), file.place.span());
        spans.insert("addressee".into(), file.addressee.span());
        spans.insert("languages".into(), file.languages.span());
        if let Some(t) = &file.template {
            spans.insert("template".into(), t.span());
        }

        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Note {
            path: path.to_path_buf(),
            number: NoteNumber {
                series: file.series.into_inner(),
                sequence: file.sequence.into_inner(),
            },
            issued,
            place: file.place.into_inner(),
            addressee: file.addressee.into_inner(),
            languages: file.languages.into_inner(),
            template: file
                .template
                .map_or_else(|| DEFAULT_TEMPLATE.to_string(), Spanned::into_inner),
            enclosure,
            dates,
            texts,
            spans,
        })
    }

    /// A name for the output file: `NCT-ICT-1013`.
    pub fn file_stem(&self) -> String {
        self.number.to_string().replace(['/', '\\', ' '], "-")
    }
}

fn date_of(value: &Spanned<toml::value::Datetime>) -> Result<NaiveDate, String> {
    let dt = value.get_ref();
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| format!("{dt} is not a calendar date"))
        }
        _ => Err(format!("expected a date such as 2022-08-12, found {dt}")),
    }
}

fn note_date(spanned: &Spanned<DateFile>) -> Result<NoteDate, (String, Range<usize>)> {
    let d = spanned.get_ref();
    let style = d.style.get_ref().clone();
    let at = |v: &Spanned<toml::value::Datetime>| date_of(v).map_err(|m| (m, v.span()));
    let (start, end) = match (&d.date, &d.from, &d.to) {
        (Some(date), None, None) => {
            let day = at(date)?;
            (day, day)
        }
        (None, Some(from), Some(to)) => {
            let (a, b) = (at(from)?, at(to)?);
            if b < a {
                return Err((
                    format!("range ends ({b}) before it starts ({a})"),
                    to.span(),
                ));
            }
            (a, b)
        }
        _ => {
            return Err((
                "a date needs either `date = …` or both `from = …` and `to = …`".into(),
                spanned.span(),
            ));
        }
    };
    Ok(NoteDate {
        start,
        end,
        style,
        span: spanned.span(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
series = "NCT/ICT"
sequence = 7
issued = 2022-08-12
place = "nur-sultan"
addressee = "cica-member-states"
languages = ["en"]
[dates]
meeting = { from = 2022-08-17, to = 2022-08-18, style = "event" }
[text.en]
action = "share"
"#;

    #[test]
    fn parses_a_minimal_note() {
        let note = Note::parse(Path::new("n.toml"), MINIMAL).unwrap();
        assert_eq!(note.number.to_string(), "NCT/ICT/7");
        assert_eq!(note.file_stem(), "NCT-ICT-7");
        assert!(note.dates["meeting"].is_range());
        assert_eq!(note.texts["en"]["action"].text, "share");
    }

    #[test]
    fn a_date_with_a_time_is_refused_with_its_position() {
        let src = MINIMAL.replace("issued = 2022-08-12", "issued = 2022-08-12T10:00:00");
        let diags = Note::parse(Path::new("n.toml"), &src).unwrap_err();
        let d = &diags.0[0];
        assert_eq!(d.code, "note-date");
        assert!(d.message.contains("expected a date"), "{}", d.message);
        let off = d.span.clone().unwrap().start;
        assert_eq!(crate::diag::line_col(&src, off), (4, 10));
    }

    #[test]
    fn unknown_keys_are_syntax_errors() {
        let src = format!("{MINIMAL}\n[extra]\nx = 1\n");
        let diags = Note::parse(Path::new("n.toml"), &src).unwrap_err();
        assert_eq!(diags.0[0].code, "note-syntax");
        assert!(diags.0[0].message.contains("unknown field"));
    }
}

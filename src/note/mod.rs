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
//! patterns ([`text`]), so they can place the note's dates
//! (`{ $deadline }`) and use selectors like any message.

mod strings;
pub mod text;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::schema::{self, Shape};

/// The folder notes live in.
pub const DIR: &str = "notes";

/// The template a note uses when it names none.
pub const DEFAULT_TEMPLATE: &str = "note-verbale";

/// `NCT/ICT` + `1013`, printed `NCT/ICT/1013`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteNumber {
    /// The series, `NCT/ICT`.
    pub series: String,
    /// The number within the series.
    pub sequence: u32,
}

impl std::fmt::Display for NoteNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.series, self.sequence)
    }
}

impl NoteNumber {
    /// Splits `NCT/ICT/1013` into series and sequence.
    pub fn parse(text: &str) -> Option<NoteNumber> {
        let (series, sequence) = text.trim().rsplit_once('/')?;
        if series_problem(series).is_some() {
            return None;
        }
        Some(NoteNumber {
            series: series.to_string(),
            sequence: sequence.parse().ok()?,
        })
    }

    /// The name of the note's files: `NCT-ICT-1013` (`.toml`, `.pdf`).
    pub fn file_stem(&self) -> String {
        format!("{}-{}", series_stem(&self.series), self.sequence)
    }
}

/// A series as it appears in file names: `NCT/ICT` → `NCT-ICT`.
pub fn series_stem(series: &str) -> String {
    series.replace('/', "-")
}

/// Why `series` cannot be a series, if it cannot: it is printed in every
/// number and becomes part of file names.
pub fn series_problem(series: &str) -> Option<&'static str> {
    if series.trim().is_empty() {
        Some("a series cannot be empty")
    } else if !series.starts_with(|c: char| c.is_alphanumeric()) {
        Some("a series starts with a letter or a digit")
    } else if series.starts_with('/') || series.ends_with('/') || series.contains("//") {
        Some("a series cannot start or end with `/` or contain `//`")
    } else if series
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\\:*?\"<>|".contains(c))
    {
        Some("a series holds letters, digits, `/`, `-`, `.` and `_` only")
    } else {
        None
    }
}

/// A date the note mentions: one day or a span of days, and the locale
/// message family (`date-<style>`, `date-<style>-range`) that words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDate {
    /// The first day.
    pub start: NaiveDate,
    /// The last day (the same as `start` for one day).
    pub end: NaiveDate,
    /// `deadline`, `event`, `plain`, …
    pub style: String,
    /// Where the date's value stands in the note.
    pub span: Range<usize>,
    /// Where its `style = …` value stands.
    pub style_span: Range<usize>,
}

impl NoteDate {
    /// Whether it spans several days.
    pub fn is_range(&self) -> bool {
        self.start != self.end
    }

    /// The locale message that words it.
    pub fn message_id(&self) -> String {
        message_id(&self.style, self.is_range())
    }
}

/// The message that words a date of `style`: `date-deadline`, or
/// `date-event-range` for a span of days.
pub fn message_id(style: &str, range: bool) -> String {
    if range {
        format!("date-{style}-range")
    } else {
        format!("date-{style}")
    }
}

/// The document a note transmits: a page count typed by hand, a file
/// (a PDF appended to the note, or a text document typeset with it), or
/// both — then they must agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    /// The typed page count.
    pub pages: Option<u32>,
    /// The enclosed document, relative to the project.
    pub file: Option<PathBuf>,
    /// Where `pages = …` stands (the table when absent).
    pub pages_span: Range<usize>,
    /// Where `file = …` stands (the table when absent).
    pub file_span: Range<usize>,
}

/// One of the note's own texts in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    /// The text as written (a Fluent pattern).
    pub text: String,
    /// Where its value stands in the note file.
    pub span: Range<usize>,
    /// Where its key stands.
    pub key_span: Range<usize>,
}

/// The texts of one language: `[text.<lang>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// Where the table stands.
    pub span: Range<usize>,
    /// Text name (`action`, `body`, …) → text.
    pub texts: BTreeMap<String, NoteText>,
}

/// Where the note's fields stand, for diagnostics to point at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spans {
    /// `series = …`
    pub series: Range<usize>,
    /// `sequence = …`
    pub sequence: Range<usize>,
    /// `issued = …`
    pub issued: Range<usize>,
    /// `place = …`
    pub place: Range<usize>,
    /// `addressee = …`
    pub addressee: Range<usize>,
    /// The whole `languages = […]`.
    pub languages: Range<usize>,
    /// Each language in it.
    pub language: Vec<Range<usize>>,
    /// `template = …`, when given.
    pub template: Option<Range<usize>>,
}

/// A note, read and validated.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// Its number.
    pub number: NoteNumber,
    /// The date of issue.
    pub issued: NaiveDate,
    /// The place name's id: message `place-<place>`.
    pub place: String,
    /// The addressee's id: message `addressee-<addressee>`.
    pub addressee: String,
    /// Its languages, in the order of the PDF.
    pub languages: Vec<String>,
    /// Its template: `templates/<template>.tera`.
    pub template: String,
    /// What it encloses.
    pub enclosure: Option<Enclosure>,
    /// The dates its texts mention, by name.
    pub dates: BTreeMap<String, NoteDate>,
    /// Its own texts, by language.
    pub texts: BTreeMap<String, Texts>,
    /// Where its fields stand.
    pub spans: Spans,
    /// The text of the note file, which positions point into.
    pub source: std::sync::Arc<str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFile {
    series: Spanned<String>,
    sequence: Spanned<u32>,
    issued: Spanned<toml::value::Datetime>,
    place: Spanned<String>,
    addressee: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
    template: Option<Spanned<String>>,
    enclosure: Option<Spanned<EnclosureFile>>,
    #[serde(default)]
    dates: BTreeMap<String, Spanned<DateFile>>,
    #[serde(default)]
    text: BTreeMap<String, Spanned<TextTable>>,
}

/// `[text.<lang>]` as written: text name → text, with their places.
type TextTable = BTreeMap<Spanned<String>, Spanned<String>>;

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

fn shape() -> Shape {
    Shape::of::<NoteFile>()
        .with("enclosure", Shape::of::<EnclosureFile>())
        .with("dates", Shape::map(Shape::of::<DateFile>()))
        // The keys of `[text.<lang>]` are the texts the note's template
        // declares: checked against it, not here.
        .with("text", Shape::map(Shape::map(Shape::Any)))
}

impl Note {
    /// Reads a note from its text. Every problem found is returned, not
    /// only the first.
    pub fn parse(path: &Path, source: &str) -> Result<Note, Vec<Diagnostic>> {
        match Note::read(path, source) {
            (Some(note), problems) if problems.is_empty() => Ok(note),
            (_, problems) => Err(problems),
        }
    }

    /// Reads a note from its text: every problem found, and the note too
    /// when they leave it whole. An unknown key is reported and left out,
    /// so the note's texts can still be checked: a typo in one key does
    /// not hide the other problems until it is mended. (A note with any
    /// error in its file is still not built.)
    pub fn read(path: &Path, source: &str) -> (Option<Note>, Vec<Diagnostic>) {
        let (file, mut diags) = schema::load::<NoteFile>(path, source, &shape(), "note-syntax");
        let Some(file) = file else {
            return (None, diags);
        };
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

        let enclosure = file.enclosure.as_ref().map(|e| {
            let table = e.get_ref();
            let pages = table.pages.as_ref().and_then(|p| match u32::try_from(*p.get_ref()) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    diags.push(err(
                        "note-enclosure",
                        format!(
                            "an enclosure's page count is a positive number, not {}",
                            p.get_ref()
                        ),
                        p.span(),
                    ));
                    None
                }
            });
            if table.pages.is_none() && table.file.is_none() {
                diags.push(err(
                    "note-enclosure",
                    "an enclosure needs its page count (`pages = 3`) or its document (`file = \"enclosures/….pdf\"`)".into(),
                    e.span(),
                ));
            }
            Enclosure {
                pages,
                file: table.file.as_ref().map(|f| PathBuf::from(f.get_ref())),
                pages_span: table.pages.as_ref().map_or(e.span(), Spanned::span),
                file_span: table.file.as_ref().map_or(e.span(), Spanned::span),
            }
        });

        if let Some(problem) = series_problem(file.series.get_ref()) {
            diags.push(err("note-number", problem.into(), file.series.span()));
        }
        if file.languages.get_ref().is_empty() {
            diags.push(err(
                "note-languages",
                "a note needs at least one language".into(),
                file.languages.span(),
            ));
        }
        let mut seen = Vec::new();
        for lang in file.languages.get_ref() {
            if seen.contains(lang.get_ref()) {
                diags.push(err(
                    "note-languages",
                    format!("language `{}` is listed twice", lang.get_ref()),
                    lang.span(),
                ));
            }
            seen.push(lang.get_ref().clone());
        }

        let texts = file
            .text
            .iter()
            .map(|(lang, table)| {
                let texts = table
                    .get_ref()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.get_ref().clone(),
                            NoteText {
                                text: v.get_ref().clone(),
                                span: v.span(),
                                key_span: k.span(),
                            },
                        )
                    })
                    .collect();
                (
                    lang.clone(),
                    Texts {
                        span: table.span(),
                        texts,
                    },
                )
            })
            .collect();

        if diags.iter().any(|d| d.code != schema::UNKNOWN_KEY) {
            return (None, diags);
        }
        let spans = Spans {
            series: file.series.span(),
            sequence: file.sequence.span(),
            issued: file.issued.span(),
            place: file.place.span(),
            addressee: file.addressee.span(),
            languages: file.languages.span(),
            language: file.languages.get_ref().iter().map(Spanned::span).collect(),
            template: file.template.as_ref().map(Spanned::span),
        };
        let note = Note {
            path: path.to_path_buf(),
            number: NoteNumber {
                series: file.series.into_inner(),
                sequence: file.sequence.into_inner(),
            },
            issued,
            place: file.place.into_inner(),
            addressee: file.addressee.into_inner(),
            languages: file
                .languages
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            template: file
                .template
                .map_or_else(|| DEFAULT_TEMPLATE.to_string(), Spanned::into_inner),
            enclosure,
            dates,
            texts,
            spans,
            source: std::sync::Arc::from(source),
        };
        (Some(note), diags)
    }

    /// A name for the output file: `NCT-ICT-1013`.
    pub fn file_stem(&self) -> String {
        self.number.file_stem()
    }

    /// Where language `lang` is listed, or the whole list.
    pub fn language_span(&self, lang: &str) -> Range<usize> {
        self.languages
            .iter()
            .position(|l| l == lang)
            .and_then(|i| self.spans.language.get(i).cloned())
            .unwrap_or_else(|| self.spans.languages.clone())
    }

    /// Where `template = …` stands, or the number when the note uses the
    /// default template.
    pub fn template_span(&self) -> Range<usize> {
        self.spans
            .template
            .clone()
            .unwrap_or_else(|| self.spans.sequence.clone())
    }

    /// The enclosure file the note names, if any.
    pub fn enclosure_file(&self) -> Option<&Path> {
        self.enclosure.as_ref()?.file.as_deref()
    }
}

/// A TOML date (not a date-time) as a calendar date.
pub(crate) fn date_of(value: &Spanned<toml::value::Datetime>) -> Result<NaiveDate, String> {
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
        style: d.style.get_ref().clone(),
        span: spanned.span(),
        style_span: d.style.span(),
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
languages = ["en", "kk"]
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
        assert_eq!(note.dates["meeting"].message_id(), "date-event-range");
        assert_eq!(note.texts["en"].texts["action"].text, "share");
        assert_eq!(&MINIMAL[note.language_span("kk")], "\"kk\"");
    }

    #[test]
    fn a_date_with_a_time_is_refused_with_its_position() {
        let src = MINIMAL.replace("issued = 2022-08-12", "issued = 2022-08-12T10:00:00");
        let diags = Note::parse(Path::new("n.toml"), &src).unwrap_err();
        let d = &diags[0];
        assert_eq!(d.code, "note-date");
        assert!(d.message.contains("expected a date"), "{}", d.message);
        let off = d.span().unwrap().start;
        assert_eq!(crate::diag::line_col(&src, off), (4, 10));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let src = format!("{MINIMAL}\n[enclosure]\npagse = 3\n");
        let diags = Note::parse(Path::new("n.toml"), &src).unwrap_err();
        assert_eq!(diags[0].code, "unknown-key");
        assert_eq!(
            diags[0].message,
            "unknown key `pagse` in `[enclosure]`; did you mean `pages`?"
        );
    }

    #[test]
    fn numbers_parse_and_name_files() {
        let n = NoteNumber::parse("NCT/ICT/1014").unwrap();
        assert_eq!((n.series.as_str(), n.sequence), ("NCT/ICT", 1014));
        assert_eq!(n.file_stem(), "NCT-ICT-1014");
        assert!(NoteNumber::parse("1014").is_none());
        assert!(NoteNumber::parse("NCT ICT/3").is_none());
    }
}

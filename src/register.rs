//! The numbering register: every number ever issued, in a plain text file
//! committed with the notes (`register.tsv`), so that no number is ever
//! given twice — not even one whose note was withdrawn.
//!
//! One line per number, fields separated by tabs (shown here as `→`):
//!
//! ```text
//! # number → date → status → subject
//! NCT/ICT/688 → 2022-05-26 → issued → Draft Concept Paper …
//! NCT/ICT/1013 → 2022-08-12 → withdrawn → …
//! ```
//!
//! Allocation holds an exclusive lock on `register.tsv.lock` while it reads
//! the register, creates the note file and rewrites the register (to a
//! temporary file, renamed into place), so two drafters never get one
//! number. A new number is only given in a series the project already uses
//! or declares: the register never forgets a number, so a typo in a series
//! would be recorded forever.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::note::{self, NoteNumber};
use crate::output::{Durability, write_atomically};
use crate::world::World;

/// The register's file.
pub const FILE: &str = "register.tsv";
const LOCK: &str = "register.tsv.lock";
const HEADER: &str =
    "# verbale register: every number issued, never reused.\n# number\tdate\tstatus\tsubject\n";

/// Whether a number is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Given to a note.
    Issued,
    /// Taken back; the number stays taken, and no PDF is made for it.
    Withdrawn,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Issued => "issued",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The number.
    pub number: NoteNumber,
    /// When it was issued.
    pub date: NaiveDate,
    /// Issued or withdrawn.
    pub status: Status,
    /// What the note is about.
    pub subject: String,
    /// One-based line in the register file.
    pub line: usize,
    /// Byte range of the line.
    pub span: Range<usize>,
}

/// A line of the register that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LineError {
    /// One-based line number.
    pub line: usize,
    /// Byte range of the line.
    pub span: Range<usize>,
    /// What is wrong with it.
    pub message: String,
}

/// Why a number could not be given or withdrawn.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The register file has broken lines.
    #[error("{FILE} cannot be read: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Broken(Vec<LineError>),
    /// The file system refused.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The system's reason.
        source: io::Error,
    },
    /// `--series` names a series the project does not use.
    #[error("series `{series}` is not used in this project{}", match .suggestion { Some(s) => format!("; did you mean `{s}`?"), None => String::new() })]
    UnknownSeries {
        /// The series asked for.
        series: String,
        /// A known series it resembles.
        suggestion: Option<String>,
        /// The series the project uses.
        known: Vec<String>,
    },
    /// The series cannot be one.
    #[error("`{series}` cannot be a series: {reason}")]
    BadSeries {
        /// The series asked for.
        series: String,
        /// Why not.
        reason: &'static str,
    },
    /// Its notes would share file names with another series' notes.
    #[error(
        "series `{series}` would name its notes like series `{other}` ({stem}-1.toml): choose another"
    )]
    SeriesClash {
        /// The series asked for.
        series: String,
        /// The series already in use.
        other: String,
        /// The file name both give.
        stem: String,
    },
    /// `--kind` names no skeleton.
    #[error("{0}")]
    UnknownKind(String),
    /// The skeleton of the new note does not render.
    #[error("{0}")]
    Skeleton(String),
    /// `withdraw` of a number never issued.
    #[error("{0} is not in the register")]
    NotIssued(NoteNumber),
    /// `withdraw` of a number already withdrawn.
    #[error("{0} is already withdrawn")]
    AlreadyWithdrawn(NoteNumber),
}

impl RegisterError {
    /// Whether a file of the project is at fault (the register, a
    /// skeleton: exit 1), rather than the command line asking for what
    /// cannot be done or the machine failing (exit 2).
    pub fn is_problem_in_files(&self) -> bool {
        matches!(self, RegisterError::Broken(_) | RegisterError::Skeleton(_))
    }
}

/// Every number issued.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// The lines, in file order.
    pub entries: Vec<Entry>,
}

impl Register {
    /// Reads a register's text; every broken line is reported.
    pub fn parse(text: &str) -> Result<Register, Vec<LineError>> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let mut offset = 0;
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let span = offset..offset + raw.trim_end_matches(['\n', '\r']).len();
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Ok((number, date, status, subject)) => entries.push(Entry {
                    number,
                    date,
                    status,
                    subject,
                    line: i + 1,
                    span,
                }),
                Err(message) => errors.push(LineError {
                    line: i + 1,
                    span,
                    message,
                }),
            }
        }
        if errors.is_empty() {
            Ok(Register { entries })
        } else {
            Err(errors)
        }
    }

    /// The register as its file holds it, sorted by number.
    pub fn render(&self) -> String {
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by(|a, b| a.number.cmp(&b.number));
        let mut out = String::from(HEADER);
        for e in entries {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                e.number,
                e.date,
                e.status.as_str(),
                e.subject.replace(['\t', '\n', '\r'], " ")
            ));
        }
        out
    }

    /// The entry of `number`.
    pub fn find(&self, number: &NoteNumber) -> Option<&Entry> {
        self.entries.iter().find(|e| &e.number == number)
    }

    /// The series that have numbers.
    pub fn series(&self) -> BTreeSet<String> {
        self.entries
            .iter()
            .map(|e| e.number.series.clone())
            .collect()
    }

    /// The next number of `series`: one past the highest ever issued, or
    /// past any of `taken`.
    pub fn next(&self, series: &str, taken: impl IntoIterator<Item = u32>) -> u32 {
        self.entries
            .iter()
            .filter(|e| e.number.series == series)
            .map(|e| e.number.sequence)
            .chain(taken)
            .max()
            .map_or(1, |m| m + 1)
    }

    /// CSV for spreadsheets (RFC 4180 quoting).
    pub fn to_csv(&self) -> String {
        let quote = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by(|a, b| a.number.cmp(&b.number));
        let mut out = String::from("number,series,sequence,date,status,subject\n");
        for e in entries {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                quote(&e.number.to_string()),
                quote(&e.number.series),
                e.number.sequence,
                e.date,
                e.status.as_str(),
                quote(&e.subject)
            ));
        }
        out
    }
}

type Line = (NoteNumber, NaiveDate, Status, String);

fn parse_line(line: &str) -> Result<Line, String> {
    let fields: Vec<&str> = line.splitn(4, '\t').collect();
    if fields.len() < 3 {
        return Err("expected number, date, status and subject separated by tabs".into());
    }
    let number = NoteNumber::parse(fields[0])
        .ok_or_else(|| format!("`{}` is not a number such as NCT/ICT/1013", fields[0]))?;
    let date = NaiveDate::parse_from_str(fields[1], "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date such as 2022-08-12", fields[1]))?;
    let status = match fields[2] {
        "issued" => Status::Issued,
        "withdrawn" => Status::Withdrawn,
        other => {
            return Err(format!(
                "status `{other}` is neither `issued` nor `withdrawn`"
            ));
        }
    };
    Ok((
        number,
        date,
        status,
        fields.get(3).unwrap_or(&"").to_string(),
    ))
}

/// Reads the register of a project (an empty one if the project has none);
/// broken lines are reported and the register is then `None`.
pub fn load(world: &World, diags: &mut Diagnostics) -> Option<Register> {
    let path = Path::new(FILE);
    if !world.exists(path) {
        return Some(Register::default());
    }
    let text = match world.read_text(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e.diagnostic(None));
            return None;
        }
    };
    match Register::parse(&text) {
        Ok(r) => Some(r),
        Err(errors) => {
            for e in errors {
                diags.push(Diagnostic::error("register-syntax", e.message).at(FILE, e.span));
            }
            None
        }
    }
}

/// Holds the register lock until dropped.
pub struct Lock {
    file: File,
}

impl Lock {
    /// Waits for and takes the project's register lock.
    pub fn acquire(root: &Path) -> Result<Lock, RegisterError> {
        let io = |source| RegisterError::Io {
            what: format!("cannot lock {LOCK}"),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK))
            .map_err(io)?;
        file.lock().map_err(io)?;
        Ok(Lock { file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// What `verbale new` is asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The series.
    pub series: String,
    /// The date of issue.
    pub date: NaiveDate,
    /// The subject recorded in the register.
    pub subject: String,
    /// Open the series if the project does not use it yet.
    pub new_series: bool,
}

/// A newly allocated note.
#[derive(Debug)]
pub struct Allocated {
    /// Its number.
    pub number: NoteNumber,
    /// Its file, relative to the project.
    pub path: PathBuf,
}

/// Under the lock: takes the next number of the series, writes the note
/// file that `skeleton` makes for it (without overwriting anything), and
/// records the number in the register.
pub fn allocate(
    root: &Path,
    request: &Request,
    skeleton: impl Fn(&NoteNumber) -> Result<String, String>,
) -> Result<Allocated, RegisterError> {
    let series = request.series.as_str();
    if let Some(reason) = note::series_problem(series) {
        return Err(RegisterError::BadSeries {
            series: series.into(),
            reason,
        });
    }
    let _lock = Lock::acquire(root)?;
    // A world of its own: what other drafters wrote before we took the
    // lock must be seen.
    let world = World::new(root);
    let mut diags = Diagnostics::default();
    let mut register = load(&world, &mut diags).ok_or_else(|| {
        RegisterError::Broken(
            diags
                .iter()
                .map(|d| LineError {
                    line: d.line_col(&world).map_or(0, |(l, _)| l),
                    span: d.span().unwrap_or(0..0),
                    message: d.message.clone(),
                })
                .collect(),
        )
    })?;
    let notes = existing_notes(&world);
    let mut known: BTreeSet<String> = register.series();
    known.extend(notes.iter().map(|(s, _)| s.clone()));
    let (config, _) = Config::load(&world);
    known.extend(
        config
            .iter()
            .flat_map(|c| c.register.series.iter().cloned()),
    );
    if !known.contains(series) {
        if !request.new_series {
            return Err(RegisterError::UnknownSeries {
                series: series.into(),
                suggestion: suggest(series, known.iter().map(String::as_str)).map(String::from),
                known: known.into_iter().collect(),
            });
        }
        let stem = note::series_stem(series);
        if let Some(other) = known.iter().find(|k| note::series_stem(k) == stem) {
            return Err(RegisterError::SeriesClash {
                series: series.into(),
                other: other.clone(),
                stem,
            });
        }
    }
    let taken = notes.iter().filter(|(s, _)| s == series).map(|(_, n)| *n);
    let number = NoteNumber {
        series: series.to_string(),
        sequence: register.next(series, taken),
    };
    let path = Path::new(note::DIR).join(format!("{}.toml", number.file_stem()));
    let text = skeleton(&number).map_err(RegisterError::Skeleton)?;
    let io = |what: String| move |source| RegisterError::Io { what, source };
    std::fs::create_dir_all(root.join(note::DIR))
        .map_err(io(format!("cannot create {}/", note::DIR)))?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join(&path))
        .map_err(io(format!("cannot create {}", path.display())))?;
    io::Write::write_all(&mut file, text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io(format!("cannot write {}", path.display())))?;
    register.entries.push(Entry {
        number: number.clone(),
        date: request.date,
        status: Status::Issued,
        subject: request.subject.clone(),
        line: 0,
        span: 0..0,
    });
    write_atomically(
        &root.join(FILE),
        register.render().as_bytes(),
        Durability::Synced,
    )
    .map_err(io(format!("cannot write {FILE}")))?;
    Ok(Allocated { number, path })
}

/// Marks a number withdrawn; it stays taken.
pub fn withdraw(root: &Path, number: &NoteNumber) -> Result<(), RegisterError> {
    let _lock = Lock::acquire(root)?;
    let world = World::new(root);
    let text = world
        .read_text(Path::new(FILE))
        .map_err(|e| RegisterError::Io {
            what: format!("cannot read {FILE}"),
            source: io::Error::other(e.to_string()),
        })?;
    let mut register = Register::parse(&text).map_err(RegisterError::Broken)?;
    let entry = register
        .entries
        .iter_mut()
        .find(|e| &e.number == number)
        .ok_or_else(|| RegisterError::NotIssued(number.clone()))?;
    if entry.status == Status::Withdrawn {
        return Err(RegisterError::AlreadyWithdrawn(number.clone()));
    }
    entry.status = Status::Withdrawn;
    write_atomically(
        &root.join(FILE),
        register.render().as_bytes(),
        Durability::Synced,
    )
    .map_err(|source| RegisterError::Io {
        what: format!("cannot write {FILE}"),
        source,
    })
}

/// Series and sequences of the note files in `notes/`, read from their
/// `series` and `sequence` keys; files that do not parse are skipped.
fn existing_notes(world: &World) -> Vec<(String, u32)> {
    let files = world.list(Path::new(note::DIR), "toml").unwrap_or_default();
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = world.read_text(&file) else {
            continue;
        };
        let Ok(value) = text.parse::<toml::Table>() else {
            continue;
        };
        if let (Some(series), Some(seq)) = (
            value.get("series").and_then(|s| s.as_str()),
            value.get("sequence").and_then(|s| s.as_integer()),
        ) && let Ok(seq) = u32::try_from(seq)
        {
            found.push((series.to_string(), seq));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sorts_by_number() {
        let text = "NCT/ICT/1013\t2022-08-12\tissued\tStatement\nNCT/ICT/688\t2022-05-26\twithdrawn\tConcept, plan\n";
        let r = Register::parse(text).unwrap();
        assert_eq!(r.entries[1].status, Status::Withdrawn);
        let out = r.render();
        assert!(out.find("NCT/ICT/688").unwrap() < out.find("NCT/ICT/1013").unwrap());
        assert_eq!(Register::parse(&out).unwrap().entries.len(), 2);
        assert_eq!(r.next("NCT/ICT", []), 1014);
        assert_eq!(r.next("NEW", []), 1);
        assert!(
            r.to_csv()
                .contains("NCT/ICT/688,NCT/ICT,688,2022-05-26,withdrawn,\"Concept, plan\"\n")
        );
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let errors =
            Register::parse("# c\nNCT/ICT/1\t2022-13-01\tissued\tx\nNCT/ICT/2\t2022-01-01\tlost\n")
                .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("2022-13-01"));
        assert_eq!(errors[1].line, 3);
    }
}

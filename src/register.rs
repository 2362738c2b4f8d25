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
//! number.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::build::write_atomically;
use crate::note::NoteNumber;

pub const FILE: &str = "register.tsv";
const LOCK: &str = "register.tsv.lock";
const HEADER: &str =
    "# verbale register: every number issued, never reused.\n# number\tdate\tstatus\tsubject\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Issued,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: NoteNumber,
    pub date: NaiveDate,
    pub status: Status,
    pub subject: String,
    /// One-based line in the register file.
    pub line: usize,
}

/// A problem in the register file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Register {
    pub entries: Vec<Entry>,
}

/// Splits `NCT/ICT/1013` into series and sequence.
pub fn parse_number(text: &str) -> Option<NoteNumber> {
    let (series, sequence) = text.trim().rsplit_once('/')?;
    Some(NoteNumber {
        series: series.to_string(),
        sequence: sequence.parse().ok()?,
    })
}

impl Register {
    pub fn parse(text: &str) -> Result<Register, RegisterError> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| RegisterError {
                line: i + 1,
                message,
            };
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            if fields.len() < 3 {
                return Err(err(
                    "expected number, date, status and subject separated by tabs".into(),
                ));
            }
            let number = parse_number(fields[0]).ok_or_else(|| {
                err(format!(
                    "`{}` is not a number such as NCT/ICT/1013",
                    fields[0]
                ))
            })?;
            let date = NaiveDate::parse_from_str(fields[1], "%Y-%m-%d")
                .map_err(|_| err(format!("`{}` is not a date such as 2022-08-12", fields[1])))?;
            let status = match fields[2] {
                "issued" => Status::Issued,
                "withdrawn" => Status::Withdrawn,
                other => {
                    return Err(err(format!(
                        "status `{other}` is neither `issued` nor `withdrawn`"
                    )));
                }
            };
            entries.push(Entry {
                number,
                date,
                status,
                subject: fields.get(3).unwrap_or(&"").to_string(),
                line: i + 1,
            });
        }
        Ok(Register { entries })
    }

    /// Reads the register of a project; a project without one has an empty
    /// register.
    pub fn load(root: &Path) -> Result<Register, RegisterError> {
        match fs::read_to_string(root.join(FILE)) {
            Ok(text) => Register::parse(&text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Register::default()),
            Err(e) => Err(RegisterError {
                line: 0,
                message: e.to_string(),
            }),
        }
    }

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
                e.subject.replace(['\t', '\n'], " ")
            ));
        }
        out
    }

    pub fn find(&self, number: &NoteNumber) -> Option<&Entry> {
        self.entries.iter().find(|e| &e.number == number)
    }

    /// The next number of `series`: one past the highest ever issued.
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

/// Holds the register lock until dropped.
pub struct Lock {
    file: File,
}

impl Lock {
    pub fn acquire(root: &Path) -> io::Result<Lock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK))?;
        file.lock()?;
        Ok(Lock { file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// A newly allocated note.
pub struct Allocated {
    pub number: NoteNumber,
    pub path: PathBuf,
}

/// Under the lock: takes the next number of `series`, writes the note file
/// that `skeleton` makes for it (without overwriting anything), and records
/// the number in the register.
pub fn allocate(
    root: &Path,
    series: &str,
    date: NaiveDate,
    subject: &str,
    skeleton: impl Fn(&NoteNumber) -> Result<String, String>,
) -> Result<Allocated, String> {
    let _lock = Lock::acquire(root).map_err(|e| format!("cannot lock {LOCK}: {e}"))?;
    let mut register =
        Register::load(root).map_err(|e| format!("{FILE}:{}: {}", e.line, e.message))?;
    let notes_dir = root.join("notes");
    let taken = existing_sequences(&notes_dir, series);
    let number = NoteNumber {
        series: series.to_string(),
        sequence: register.next(series, taken),
    };
    let stem = number.to_string().replace(['/', '\\', ' '], "-");
    let path = notes_dir.join(format!("{stem}.toml"));
    let text = skeleton(&number)?;
    fs::create_dir_all(&notes_dir).map_err(|e| e.to_string())?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| e.to_string())?;
    register.entries.push(Entry {
        number: number.clone(),
        date,
        status: Status::Issued,
        subject: subject.to_string(),
        line: 0,
    });
    write_atomically(&root.join(FILE), register.render().as_bytes()).map_err(|e| e.to_string())?;
    Ok(Allocated { number, path })
}

/// Marks a number withdrawn; it stays taken.
pub fn withdraw(root: &Path, number: &NoteNumber) -> Result<(), String> {
    let _lock = Lock::acquire(root).map_err(|e| format!("cannot lock {LOCK}: {e}"))?;
    let mut register =
        Register::load(root).map_err(|e| format!("{FILE}:{}: {}", e.line, e.message))?;
    let entry = register
        .entries
        .iter_mut()
        .find(|e| &e.number == number)
        .ok_or_else(|| format!("{number} is not in the register"))?;
    if entry.status == Status::Withdrawn {
        return Err(format!("{number} is already withdrawn"));
    }
    entry.status = Status::Withdrawn;
    write_atomically(&root.join(FILE), register.render().as_bytes()).map_err(|e| e.to_string())
}

/// Sequences of `series` used by note files that are not (yet) in the
/// register, read cheaply from their `series`/`sequence` lines.
fn existing_sequences(dir: &Path, series: &str) -> Vec<u32> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Ok(text) = fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(value) = text.parse::<toml::Table>() else {
            continue;
        };
        if value.get("series").and_then(|s| s.as_str()) == Some(series)
            && let Some(seq) = value.get("sequence").and_then(|s| s.as_integer())
            && let Ok(seq) = u32::try_from(seq)
        {
            found.push(seq);
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
    fn bad_lines_are_reported_with_their_number() {
        let err = Register::parse("# c\nNCT/ICT/1\t2022-13-01\tissued\tx\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("2022-13-01"));
    }
}

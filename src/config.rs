//! `verbale.toml`: the project's settings.
//!
//! ```toml
//! [fonts]
//! regular = "assets/fonts/LiberationSerif-Regular.ttf"
//! bold = "assets/fonts/LiberationSerif-Bold.ttf"
//! italic = "assets/fonts/LiberationSerif-Italic.ttf"
//! bold_italic = "assets/fonts/LiberationSerif-BoldItalic.ttf"
//!
//! [output]
//! dir = "out"
//!
//! [check]
//! reference = "en"       # the locale others are compared with
//! incomplete = ["kk"]    # gaps in these locales are warnings
//!
//! [register]
//! series = ["NCT/ICT"]   # series `verbale new` may open without --new-series
//!
//! [files]
//! extra_roots = ["../shared-enclosures"]   # folders outside the project it may read
//!
//! [calendar]
//! holidays = [2027-03-21, 2027-03-22]     # days no deadline or event should fall on
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::schema::{self, Shape};
use crate::world::World;

/// The settings file of every project.
pub const FILE: &str = "verbale.toml";

/// What `verbale.toml` says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The four faces every note is set in.
    pub fonts: FontFiles,
    /// Where PDFs go.
    #[serde(default)]
    pub output: Output,
    /// How `verbale check` judges translations.
    #[serde(default)]
    pub check: CheckConfig,
    /// Numbering.
    #[serde(default)]
    pub register: RegisterConfig,
    /// Files outside the project.
    #[serde(default)]
    pub files: FilesConfig,
    /// Days the secretariat does not work.
    #[serde(default)]
    pub calendar: CalendarConfig,
}

/// `[fonts]`: a path per face, relative to the project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontFiles {
    /// Upright.
    pub regular: Spanned<PathBuf>,
    /// Bold.
    pub bold: Spanned<PathBuf>,
    /// Italic.
    pub italic: Spanned<PathBuf>,
    /// Bold italic.
    pub bold_italic: Spanned<PathBuf>,
}

impl FontFiles {
    /// The four paths, regular, bold, italic, bold italic.
    pub fn all(&self) -> [&Spanned<PathBuf>; 4] {
        [&self.regular, &self.bold, &self.italic, &self.bold_italic]
    }
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// The folder PDFs are written to, relative to the project.
    pub dir: PathBuf,
}

impl Default for Output {
    fn default() -> Self {
        Output { dir: "out".into() }
    }
}

/// `[check]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The locale others are compared with.
    #[serde(default = "default_reference")]
    pub reference: String,
    /// Locales still being translated: their gaps are warnings.
    #[serde(default)]
    pub incomplete: Vec<String>,
}

fn default_reference() -> String {
    "en".to_string()
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            reference: default_reference(),
            incomplete: Vec::new(),
        }
    }
}

/// `[register]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterConfig {
    /// Series `verbale new` may use before any note of them exists.
    #[serde(default)]
    pub series: Vec<String>,
}

/// `[files]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// Folders outside the project that it may read (a shared folder of PDF
    /// enclosures), relative to the project.
    #[serde(default)]
    pub extra_roots: Vec<Spanned<PathBuf>>,
}

/// `[calendar]`: besides Saturdays and Sundays, the days `check` warns
/// a note's deadline or event falls on.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Public holidays, as TOML dates: `[2027-03-22, 2027-05-01]`.
    #[serde(default)]
    pub holidays: Vec<Spanned<toml::value::Datetime>>,
}

impl CalendarConfig {
    /// The holidays that are calendar dates (the others are reported
    /// where the settings load).
    pub fn holidays(&self) -> BTreeSet<NaiveDate> {
        self.holidays
            .iter()
            .filter_map(|d| crate::note::date_of(d).ok())
            .collect()
    }

    fn problems(&self) -> Vec<Diagnostic> {
        self.holidays
            .iter()
            .filter_map(|d| {
                let message = crate::note::date_of(d).err()?;
                Some(Diagnostic::error("config", format!("holiday: {message}")).at(FILE, d.span()))
            })
            .collect()
    }
}

fn shape() -> Shape {
    Shape::of::<Config>()
        .with("fonts", Shape::of::<FontFiles>())
        .with("output", Shape::of::<Output>())
        .with("check", Shape::of::<CheckConfig>())
        .with("register", Shape::of::<RegisterConfig>())
        .with("calendar", Shape::of::<CalendarConfig>())
        .with("files", Shape::of::<FilesConfig>())
}

impl Config {
    /// Reads `verbale.toml`; `None` when it cannot be read, with why.
    pub fn load(world: &World) -> (Option<Config>, Vec<Diagnostic>) {
        let path = Path::new(FILE);
        let text = match world.read_text(path) {
            Ok(t) => t,
            Err(e) => {
                let d = e.diagnostic(None).with_note(format!(
                    "a verbale project is a folder with {FILE}; give another with -C <folder>"
                ));
                return (None, vec![d]);
            }
        };
        let (config, mut found) = schema::load::<Config>(path, &text, &shape(), "config-syntax");
        if let Some(c) = &config {
            found.extend(c.calendar.problems());
        }
        (config, found)
    }
}

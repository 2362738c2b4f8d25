//! verbale: diplomatic notes verbales in English, Russian and Kazakh,
//! typeset to PDF.
//!
//! The modules follow the pipeline: a [`note`] is worded by [`i18n`]
//! (Fluent), placed by a [`template`] (Tera) into blocks, set into pages by
//! [`layout`] and written by [`pdf`] (or, for the browser, by [`preview`]);
//! [`render`] runs the pipeline for one note. [`project`] loads everything
//! once; [`check`] finds every problem, [`build`] writes what has none,
//! [`watch`] rebuilds on save, [`serve`] shows the result live in a
//! browser; [`l10n`] tracks which translations still match their
//! reference; [`register`] and [`draft`] give numbers. All file access goes
//! through [`world`], and problems are [`diag`]nostics.
//!
//! ```no_run
//! let (project, diagnostics) = verbale::project::Project::load("path/to/project");
//! let options = verbale::build::Options {
//!     out_dir: project.output_dir(),
//!     force: false,
//!     progress: false,
//!     only: None,
//!     proof: None,
//! };
//! let run = verbale::build::build(&project, diagnostics, &options);
//! for d in &run.diagnostics {
//!     eprint!("{}", d.report(&project.world));
//! }
//! println!("{}", run.summary());
//! ```

#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod draft;
pub mod enclosure;
#[cfg(test)]
mod fuzz;
pub(crate) mod hash;
pub mod i18n;
pub mod l10n;
pub mod layout;
pub mod markup;
pub mod note;
pub mod output;
pub mod parallel;
pub mod pdf;
pub mod preview;
pub mod project;
pub mod register;
pub mod render;
pub(crate) mod schema;
pub mod serve;
pub mod template;
pub mod watch;
pub mod world;

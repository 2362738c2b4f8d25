//! verbale: diplomatic notes verbales in English, Russian and Kazakh,
//! typeset to PDF.
//!
//! The modules follow the pipeline: a [`note`] is worded by [`i18n`]
//! (Fluent), placed by a [`template`] (Tera) into [`markup`] blocks, set
//! into pages by [`layout`] and written by [`pdf`]. [`render`] runs the
//! pipeline for one note, [`build`] for a whole project; all file access
//! goes through [`world`], and problems are [`diag`]nostics.

pub mod build;
pub mod check;
pub mod diag;
pub mod enclosure;
pub mod i18n;
pub mod layout;
pub mod markup;
pub mod note;
pub mod pdf;
pub mod project;
pub mod register;
pub mod render;
pub mod template;
pub mod watch;
pub mod world;

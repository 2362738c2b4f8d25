//! The integration tests, in one binary (as ripgrep keeps them) so that
//! `cargo test` links once.
//!
//! - `reference_notes`, `dates`, `layout`, `enclosures`: what the PDFs say
//!   and how they look, read back as a reader would;
//! - `check`, `one_truth`, `cli`: problems found in fixture projects (the
//!   shipped project with one planted defect each, `tests/fixtures/`), with
//!   their places, messages and exit codes; `check --render` and `build`
//!   agree on every one;
//! - `build`, `inputs`, `register`: incremental builds, recorded inputs,
//!   confinement, `watch`, numbering;
//! - `serve`: the browser preview over HTTP — pages, live updates,
//!   diagnostics, refused paths;
//! - `overflow`: text the layout cannot keep inside the margins is an
//!   error or a warning at its source, never lost in silence;
//! - `robustness`: property tests and mutated projects — no panic, no hang.

mod common;

mod build;
mod check;
mod cli;
mod dates;
mod enclosures;
mod hyphenation;
mod inputs;
mod l10n;
mod layout;
mod one_truth;
mod overflow;
mod pages;
mod proofs;
mod reference_notes;
mod register;
mod robustness;
mod serve;
mod typography;

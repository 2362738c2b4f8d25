//! Typesetting: blocks of text in, positioned lines on pages out.
//!
//! Nothing here knows about PDF: [`Page`] is what the PDF writer draws,
//! and [`dump`] prints it as text for tests.
//!
//! - [`frame`]: the page model;
//! - [`paragraph`]: words, hyphenation points and justified lines;
//! - [`flow`]: paragraphs onto pages, reporting whatever does not fit
//!   inside the margins ([`Overflow`]);
//! - [`font`], [`hyphen`], [`linebreak`], [`inline`], [`rules`],
//!   [`style`]: what those build on.

pub mod flow;
pub mod font;
pub mod frame;
pub mod hyphen;
pub mod image;
pub mod inline;
pub mod linebreak;
pub mod paragraph;
pub mod rules;
pub mod style;
pub mod svg;

pub use flow::{Laid, LayoutError, Overflow, OverflowKind, lay_out, layout, outside};
pub use frame::{Line, Page, Segment, dump};
pub use paragraph::Typesetter;

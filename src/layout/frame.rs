//! The page model: positioned lines of shaped glyphs. This is what the
//! PDF writer draws and what tests read; [`dump`] prints it as text.

use std::fmt::Write as _;
use std::sync::Arc;

use super::font::{FontStyle, Glyph};
use super::image::Image;

/// A run of glyphs in one face and size, starting at `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Left edge, points from the left of the page.
    pub x: f32,
    /// The face.
    pub style: FontStyle,
    /// Size in points.
    pub size: f32,
    /// Advances already include kerning and the stretch of justified spaces.
    pub glyphs: Vec<Glyph>,
}

impl Segment {
    /// The text its glyphs stand for.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| &*g.text).collect()
    }

    /// Right end of its last glyph, in points.
    pub fn right(&self) -> f32 {
        self.x + self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size / 1000.0
    }
}

/// One set line on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, points from the bottom of the page.
    pub y: f32,
    /// Its runs of glyphs, left to right.
    pub segments: Vec<Segment>,
    /// Space added between its letters, in em: a justified line that no
    /// breaking kept within the tolerance.
    pub letter_spacing: f32,
    /// Which paragraph of the flow it belongs to, counted from 0 over
    /// every block; `None` for a page number.
    pub paragraph: Option<usize>,
}

impl Line {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.segments.iter().map(Segment::text).collect()
    }

    /// Right end of the last glyph, in points.
    pub fn right(&self) -> f32 {
        self.segments.last().map_or(0.0, Segment::right)
    }
}

/// A page of set lines; sizes in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Its lines, top to bottom as set.
    pub lines: Vec<Line>,
    /// Its pictures.
    pub images: Vec<Picture>,
}

/// A picture placed on a page; sizes in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The picture.
    pub image: Arc<Image>,
    /// Left edge, from the left of the page.
    pub x: f32,
    /// Bottom edge, from the bottom of the page.
    pub y: f32,
    /// Width on the page.
    pub width: f32,
    /// Height on the page.
    pub height: f32,
}

/// The pages as text: one line per set line, with its position and face.
pub fn dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} ({:.1} x {:.1})",
            i + 1,
            page.width,
            page.height
        );
        for p in &page.images {
            let _ = writeln!(
                out,
                "  {:7.2} {:7.2} picture {} {:.1} x {:.1}",
                p.x, p.y, p.image.name, p.width, p.height
            );
        }
        for line in &page.lines {
            for s in &line.segments {
                let face = match s.style {
                    FontStyle::Regular => "R",
                    FontStyle::Bold => "B",
                    FontStyle::Italic => "I",
                    FontStyle::BoldItalic => "Z",
                };
                let _ = writeln!(
                    out,
                    "  {:7.2} {:7.2} {face}{} |{}|",
                    s.x,
                    line.y,
                    s.size,
                    s.text()
                );
            }
            if line.letter_spacing > 0.0 {
                let _ = writeln!(
                    out,
                    "          letters spaced {:.3} em",
                    line.letter_spacing
                );
            }
        }
    }
    out
}

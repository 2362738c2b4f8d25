//! The fonts of one PDF: each face cut down to the glyphs its pages show,
//! with the `subsetter` crate (what Typst uses), and handed to printpdf in
//! the form it embeds as given.
//!
//! Hinting is taken out of each subset ([`super::unhint`]).
//!
//! printpdf can subset too, but only through its `text_layout` feature,
//! which parses every font again with allsorts for each document and pulls
//! a layout engine into the build: that was almost half the time of a note.

use std::collections::BTreeMap;

use printpdf::{FontMetrics, FontType, ParsedFont, PdfFontMetricsStub};
use subsetter::GlyphRemapper;

use super::WriteError;
use crate::hash::fingerprint;
use crate::layout::Page;
use crate::layout::font::{FontBook, FontFace, FontStyle};

/// The faces a document uses, each with the glyph numbering of its subset.
pub struct Subsets<'a> {
    book: &'a FontBook,
    used: Vec<(FontStyle, GlyphRemapper, ParsedFont)>,
}

impl<'a> Subsets<'a> {
    /// Subsets every face the pages show a glyph of.
    pub fn of(pages: &[&Page], book: &'a FontBook) -> Result<Subsets<'a>, WriteError> {
        // A page shows thousands of glyphs of a few hundred kinds: each is
        // marked in a bit set, and a character looked up only once.
        let mut glyphs: [Vec<u64>; 4] = Default::default();
        let mut chars: [BTreeMap<char, u16>; 4] = Default::default();
        let mut seen_chars: [Vec<u64>; 4] = Default::default();
        for seg in pages
            .iter()
            .flat_map(|p| &p.lines)
            .flat_map(|l| &l.segments)
        {
            let i = seg.style.index();
            for g in &seg.glyphs {
                mark(&mut glyphs[i], usize::from(g.gid));
                if g.plain
                    && let Some(c) = g.text.chars().next()
                    && mark(&mut seen_chars[i], c as usize)
                {
                    chars[i].insert(c, g.gid);
                }
            }
        }
        let mut used = Vec::new();
        for style in FontStyle::ALL {
            let i = style.index();
            let gids: Vec<u16> = members(&glyphs[i]).collect();
            if gids.is_empty() {
                continue;
            }
            let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
            let font = subset(book.face(style), &gids, &remapper, &chars[i])?;
            used.push((style, remapper, font));
        }
        Ok(Subsets { book, used })
    }

    /// The face of a style, with the widths the layout measured by.
    pub fn face(&self, style: FontStyle) -> &'a FontFace {
        self.book.face(style)
    }

    /// A glyph's number in the subset of its face.
    pub fn gid(&self, style: FontStyle, gid: u16) -> u16 {
        self.used
            .iter()
            .find(|(s, _, _)| *s == style)
            .and_then(|(_, remapper, _)| remapper.get(gid))
            .unwrap_or(0)
    }

    /// The subset faces in printpdf's form, by style.
    pub fn into_fonts(self) -> impl Iterator<Item = (FontStyle, ParsedFont)> {
        self.used.into_iter().map(|(style, _, font)| (style, font))
    }
}

/// Adds `n` to the bit set; whether it was new.
fn mark(set: &mut Vec<u64>, n: usize) -> bool {
    let (word, bit) = (n / 64, 1u64 << (n % 64));
    if set.len() <= word {
        set.resize(word + 1, 0);
    }
    let new = set[word] & bit == 0;
    set[word] |= bit;
    new
}

/// The glyph ids in a bit set, ascending.
fn members(set: &[u64]) -> impl Iterator<Item = u16> + '_ {
    set.iter().enumerate().flat_map(|(word, &bits)| {
        (0..64)
            .filter(move |b| bits & (1 << b) != 0)
            .map(move |b| (word * 64 + b) as u16)
    })
}

/// One face cut down to `gids`, described as printpdf's writer needs it:
/// which character shows which glyph (for text and the ToUnicode map) and
/// each glyph's advance (for `/W`), both in the subset's numbering.
fn subset(
    face: &FontFace,
    gids: &[u16],
    remapper: &GlyphRemapper,
    chars: &BTreeMap<char, u16>,
) -> Result<ParsedFont, WriteError> {
    let bytes = subsetter::subset(face.data, 0, remapper).map_err(|e| WriteError::Embed {
        font: face.postscript_name.clone(),
        reason: e.to_string(),
    })?;
    let bytes = super::unhint::strip(&bytes).unwrap_or(bytes);
    let parsed = face.face();
    let codepoint_to_glyph = chars
        .iter()
        .filter_map(|(&c, &gid)| Some((u32::from(c), remapper.get(gid)?)))
        .collect();
    let glyph_widths = remapper
        .remapped_gids()
        .enumerate()
        .map(|(new, old)| {
            let advance = parsed
                .glyph_hor_advance(ttf_parser::GlyphId(old))
                .unwrap_or(0);
            (new as u16, advance)
        })
        .collect();
    let upem = parsed.units_per_em();
    let bbox = parsed.global_bounding_box();
    let hhea = parsed
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"hhea"));
    let read_i16 = |at: usize| {
        hhea.and_then(|t| t.get(at..at + 2))
            .map_or(0, |b| i16::from_be_bytes([b[0], b[1]]))
    };
    let (caret_slope_rise, caret_slope_run) = match (read_i16(18), read_i16(20)) {
        (0, 0) => (1, 0),
        slope => slope,
    };
    let font_type = if parsed.tables().cff.is_some() {
        FontType::OpenTypeCFF(())
    } else {
        FontType::TrueType
    };
    Ok(ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        font_name: Some(format!("{}+{}", tag(face, gids), face.postscript_name)),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: upem,
        font_metrics: FontMetrics {
            ascent: parsed.tables().hhea.ascender,
            descent: parsed.tables().hhea.descender,
        },
        font_type,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: upem,
            x_min: bbox.x_min,
            y_min: bbox.y_min,
            x_max: bbox.x_max,
            y_max: bbox.y_max,
            caret_slope_rise,
            caret_slope_run,
            us_weight_class: parsed.weight().to_number(),
        },
    })
}

/// The six capital letters that name a subset (ISO 32000-1, 9.6.4): drawn
/// from the face and its glyphs, so the same subset gets the same tag on
/// every run and different subsets different tags.
fn tag(face: &FontFace, gids: &[u16]) -> String {
    let mut key = face.postscript_name.clone().into_bytes();
    for g in gids {
        key.extend_from_slice(&g.to_be_bytes());
    }
    let mut n = fingerprint(&key);
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            letter
        })
        .collect()
}

//! Fonts and shaping.
//!
//! Widths are kept in 1/1000 em, truncated exactly as printpdf writes a
//! font's `/W` array: the layout then agrees with the PDF reader to the last
//! unit, and justified lines end flush at the right margin.

use std::collections::HashMap;
use std::sync::Arc;

use rustybuzz::{Face, UnicodeBuffer};

/// The four faces of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One font file, parsed once per process.
pub struct FontFace {
    pub data: Arc<[u8]>,
    /// Advance of every glyph in 1/1000 em, as the PDF's `/W` states it.
    widths: Vec<i64>,
    upem: f32,
    pub space: u16,
    pub hyphen: u16,
    /// Glyph for a hyphen inserted at a line break, and the text it stands
    /// for in the PDF's ToUnicode map: a soft hyphen where the font has a
    /// glyph of its own for it, so extracted text can be rejoined.
    pub break_hyphen: (u16, &'static str),
}

impl FontFace {
    pub fn parse(data: Arc<[u8]>) -> Option<FontFace> {
        let face = ttf_parser::Face::parse(&data, 0).ok()?;
        let upem = face.units_per_em();
        let widths = (0..face.number_of_glyphs())
            .map(|g| {
                let adv = face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0);
                (adv as f32 * 1000.0 / upem as f32) as i64
            })
            .collect();
        let gid = |c: char| face.glyph_index(c).map(|g| g.0);
        let hyphen = gid('-').unwrap_or(0);
        let break_hyphen = match gid('\u{ad}') {
            Some(g) if g != hyphen => (g, "\u{ad}"),
            _ => (hyphen, "-"),
        };
        let space = gid(' ').unwrap_or(0);
        Some(FontFace {
            widths,
            upem: f32::from(upem),
            space,
            hyphen,
            break_hyphen,
            data,
        })
    }

    pub fn width(&self, gid: u16) -> i64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0)
    }

    pub fn has_char(&self, c: char) -> bool {
        ttf_parser::Face::parse(&self.data, 0)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }

    fn to_thousandths(&self, units: i32) -> f32 {
        units as f32 * 1000.0 / self.upem
    }
}

/// The family a document is set in.
pub struct FontBook {
    pub faces: [Arc<FontFace>; 4],
}

impl FontBook {
    pub fn face(&self, style: FontStyle) -> &FontFace {
        &self.faces[style.index()]
    }
}

/// One glyph as the PDF will show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// Pen advance after this glyph, 1/1000 em, kerning included.
    pub advance: f32,
    /// The text this glyph stands for (ToUnicode), possibly several chars
    /// for a ligature, or empty for the second glyph of a cluster.
    pub text: Arc<str>,
    /// Byte offset in the shaped word where this glyph's text starts.
    pub cluster: u32,
}

/// A word shaped in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// Sum of advances, 1/1000 em.
    pub width: f32,
}

/// Shapes words with rustybuzz, remembering each word: a note repeats
/// its words across pages and language versions.
pub struct Shaper<'a> {
    book: &'a FontBook,
    faces: Vec<Face<'a>>,
    cache: HashMap<(FontStyle, String), Arc<Shaped>>,
}

impl<'a> Shaper<'a> {
    pub fn new(book: &'a FontBook) -> Option<Shaper<'a>> {
        let faces = book
            .faces
            .iter()
            .map(|f| Face::from_slice(&f.data, 0))
            .collect::<Option<Vec<_>>>()?;
        Some(Shaper {
            book,
            faces,
            cache: HashMap::new(),
        })
    }

    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    pub fn shape(&mut self, style: FontStyle, word: &str) -> Arc<Shaped> {
        if let Some(s) = self.cache.get(&(style, word.to_string())) {
            return s.clone();
        }
        let shaped = Arc::new(self.shape_uncached(style, word));
        self.cache.insert((style, word.to_string()), shaped.clone());
        shaped
    }

    fn shape_uncached(&self, style: FontStyle, word: &str) -> Shaped {
        let face = &self.faces[style.index()];
        let font = self.book.face(style);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(word);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
            let text: Arc<str> = if first_of_cluster {
                let end = infos[i..]
                    .iter()
                    .map(|g| g.cluster as usize)
                    .find(|&c| c != start)
                    .unwrap_or(word.len());
                Arc::from(word.get(start..end).unwrap_or(""))
            } else {
                Arc::from("")
            };
            let advance = font.to_thousandths(pos.x_advance);
            width += advance;
            glyphs.push(Glyph {
                gid: info.glyph_id as u16,
                advance,
                text,
                cluster: info.cluster,
            });
        }
        Shaped { glyphs, width }
    }
}

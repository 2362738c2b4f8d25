//! Fonts and shaping.
//!
//! Widths are kept in 1/1000 em, truncated exactly as printpdf writes a
//! font's `/W` array: the layout then agrees with the PDF reader to the last
//! unit, and justified lines end flush at the right margin.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustybuzz::{Face, Script, ShapePlan, UnicodeBuffer};

/// The four faces of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    /// Upright.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Bold italic.
    BoldItalic,
}

impl FontStyle {
    /// The four faces, in the order of a font book.
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    /// The face with these traits.
    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// Its place in a font book.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One font file, parsed once per process.
pub struct FontFace {
    /// The font file.
    pub data: Arc<[u8]>,
    /// Advance of every glyph in 1/1000 em, as the PDF's `/W` states it.
    widths: Vec<i64>,
    upem: f32,
    /// The glyph of the space.
    pub space: u16,
    /// The glyph of the hyphen.
    pub hyphen: u16,
    /// Glyph for a hyphen inserted at a line break, and the text it stands
    /// for in the PDF's ToUnicode map: a soft hyphen where the font has a
    /// glyph of its own for it, so extracted text can be rejoined.
    pub break_hyphen: (u16, &'static str),
    /// The font's own character map.
    cmap: HashMap<char, u16>,
}

impl FontFace {
    /// Reads a TrueType or OpenType font; `None` if it is not one.
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
        let mut cmap = HashMap::new();
        if let Some(table) = face.tables().cmap {
            for sub in table.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                        cmap.entry(c).or_insert(g.0);
                    }
                });
            }
        }
        Some(FontFace {
            cmap,
            widths,
            upem: f32::from(upem),
            space,
            hyphen,
            break_hyphen,
            data,
        })
    }

    /// Advance of a glyph in 1/1000 em, as the PDF states it.
    pub fn width(&self, gid: u16) -> i64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The glyph the font's character map gives `c`.
    pub fn glyph_of(&self, c: char) -> Option<u16> {
        self.cmap.get(&c).copied()
    }

    fn to_thousandths(&self, units: i32) -> f32 {
        units as f32 * 1000.0 / self.upem
    }
}

/// Shaped words, shared by every note rendered with one font book: a
/// batch of notes repeats the same formulas thousands of times.
type WordCache = Mutex<[HashMap<String, Arc<Shaped>>; 4]>;

/// The family a document is set in.
pub struct FontBook {
    /// Regular, bold, italic, bold italic.
    pub faces: [Arc<FontFace>; 4],
    words: WordCache,
}

impl FontBook {
    /// A family of four faces.
    pub fn new(faces: [Arc<FontFace>; 4]) -> FontBook {
        FontBook {
            faces,
            words: Mutex::new(Default::default()),
        }
    }

    /// One face.
    pub fn face(&self, style: FontStyle) -> &FontFace {
        &self.faces[style.index()]
    }

    fn cached(&self, style: FontStyle, word: &str) -> Option<Arc<Shaped>> {
        let words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        words[style.index()].get(word).cloned()
    }

    fn remember(&self, style: FontStyle, word: &str, shaped: Arc<Shaped>) {
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        words[style.index()].insert(word.to_string(), shaped);
    }
}

/// One glyph as the PDF will show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The glyph id.
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
    /// Its glyphs.
    pub glyphs: Vec<Glyph>,
    /// Sum of advances, 1/1000 em.
    pub width: f32,
}

/// Shapes words with rustybuzz. Faces and shaping plans are made only when
/// a word is not yet in the font book's cache, and plans are reused per
/// script: making a plan cost more than shaping a word.
pub struct Shaper<'a> {
    book: &'a FontBook,
    faces: [Option<Face<'a>>; 4],
    plans: Vec<(FontStyle, Script, ShapePlan)>,
}

impl<'a> Shaper<'a> {
    /// A shaper for a family; `None` if rustybuzz cannot read a face.
    pub fn new(book: &'a FontBook) -> Option<Shaper<'a>> {
        // Fail early, not in the middle of a paragraph, if a face is unusable.
        for f in &book.faces {
            Face::from_slice(&f.data, 0)?;
        }
        Some(Shaper {
            book,
            faces: [None, None, None, None],
            plans: Vec::new(),
        })
    }

    /// The family.
    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// A word shaped in one face, from the family's cache when it was
    /// shaped before.
    pub fn shape(&mut self, style: FontStyle, word: &str) -> Arc<Shaped> {
        if let Some(s) = self.book.cached(style, word) {
            return s;
        }
        let shaped = Arc::new(self.shape_uncached(style, word));
        self.book.remember(style, word, shaped.clone());
        shaped
    }

    fn shape_uncached(&mut self, style: FontStyle, word: &str) -> Shaped {
        let book = self.book;
        let font = book.face(style);
        let slot = &mut self.faces[style.index()];
        if slot.is_none() {
            *slot = Face::from_slice(&book.faces[style.index()].data, 0);
        }
        let Some(face) = slot.as_ref() else {
            return Shaped {
                glyphs: Vec::new(),
                width: 0.0,
            };
        };
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(word);
        buffer.guess_segment_properties();
        let script = buffer.script();
        let plan = match self
            .plans
            .iter()
            .position(|(s, sc, _)| *s == style && *sc == script)
        {
            Some(i) => &self.plans[i].2,
            None => {
                let plan = ShapePlan::new(face, buffer.direction(), Some(script), None, &[]);
                self.plans.push((style, script, plan));
                &self.plans[self.plans.len() - 1].2
            }
        };
        let out = rustybuzz::shape_with_plan(face, plan, buffer);
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
            // The PDF advances by the truncated width in `/W`; only what
            // shaping adds to the font's own advance (kerning) is kept on
            // top, so that most glyphs need no TJ adjustment at all.
            let gid = ttf_parser::GlyphId(info.glyph_id as u16);
            let nominal = face.glyph_hor_advance(gid).map_or(0, i32::from);
            let advance = font.width(info.glyph_id as u16) as f32
                + font.to_thousandths(pos.x_advance - nominal);
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

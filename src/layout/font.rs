//! Fonts and shaping.
//!
//! Widths are kept in 1/1000 em, truncated exactly as printpdf writes a
//! font's `/W` array: the layout then agrees with the PDF reader to the last
//! unit, and justified lines end flush at the right margin.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustybuzz::{Face, Script, ShapePlan, UnicodeBuffer};

use crate::world::Bytes;

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
///
/// Faces are interned by content ([`FontFace::load`]): every project a
/// process loads (a `watch` session reloads after each edit, a test suite
/// loads dozens) shares the parsed face, its widths and the words already
/// shaped in it. The font's bytes live as long as the process, which is
/// what lets the parsed face borrow them without a copy.
pub struct FontFace {
    /// The font file.
    pub data: &'static [u8],
    face: Face<'static>,
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
    /// The glyph that ends a line broken after a compound's own hyphen,
    /// and its text: `-` and a soft hyphen, so that extractors keep the
    /// hyphen and join the line end as after an added one. U+2010 HYPHEN
    /// draws the same as `-` and is otherwise unused in notes.
    pub compound_break: (u16, &'static str),
    /// The PostScript name, which the PDF names the font by.
    pub postscript_name: String,
    /// Words shaped in this face: a batch repeats the same formulas
    /// thousands of times.
    words: Mutex<HashMap<Box<str>, Arc<Shaped>>>,
    /// Shaping plans per script: making a plan cost more than shaping a
    /// word.
    plans: Mutex<Vec<(Script, Arc<ShapePlan>)>>,
}

/// Faces already parsed in this process, by the fingerprint of their file.
static FACES: Mutex<Vec<(u64, Arc<FontFace>)>> = Mutex::new(Vec::new());

impl FontFace {
    /// The face in a TrueType or OpenType file with this content and
    /// fingerprint; `None` if it is not one. Parsed on first use in the
    /// process, then shared.
    pub fn load(bytes: &Bytes, fingerprint: u64) -> Option<Arc<FontFace>> {
        let mut faces = FACES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, face)) = faces
            .iter()
            .find(|(f, face)| *f == fingerprint && face.data == &bytes[..])
        {
            return Some(face.clone());
        }
        // Checked before the bytes are kept for good: what is not a font
        // is not kept.
        ttf_parser::Face::parse(bytes, 0).ok()?;
        // A share of the file, never given back: no copy is made.
        let data: &'static [u8] = &Box::leak(Box::new(bytes.clone()))[..];
        let face = Arc::new(FontFace::parse(data)?);
        faces.push((fingerprint, face.clone()));
        Some(face)
    }

    fn parse(data: &'static [u8]) -> Option<FontFace> {
        let parsed = ttf_parser::Face::parse(data, 0).ok()?;
        let upem = parsed.units_per_em();
        // The same arithmetic as printpdf's `/W` array, so that the layout
        // and the reader agree to the last unit.
        let scale = 1000.0 / f32::from(upem);
        let widths = (0..parsed.number_of_glyphs())
            .map(|g| {
                let adv = parsed
                    .glyph_hor_advance(ttf_parser::GlyphId(g))
                    .unwrap_or(0);
                (f32::from(adv) * scale) as i64
            })
            .collect();
        let gid = |c: char| parsed.glyph_index(c).map(|g| g.0);
        let hyphen = gid('-').unwrap_or(0);
        let break_hyphen = match gid('\u{ad}') {
            Some(g) if g != hyphen => (g, "\u{ad}"),
            _ => (hyphen, "-"),
        };
        let compound_break = match gid('\u{2010}') {
            Some(g) if g != hyphen => (g, "-\u{ad}"),
            _ => (hyphen, "-"),
        };
        let space = gid(' ').unwrap_or(0);
        let postscript_name = parsed
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_string());
        Some(FontFace {
            face: Face::from_face(parsed),
            widths,
            upem: f32::from(upem),
            space,
            hyphen,
            break_hyphen,
            compound_break,
            postscript_name,
            words: Mutex::default(),
            plans: Mutex::default(),
            data,
        })
    }

    /// The parsed face, for the PDF writer's metrics.
    pub fn face(&self) -> &ttf_parser::Face<'static> {
        &self.face
    }

    /// Advance of a glyph in 1/1000 em, as the PDF states it.
    pub fn width(&self, gid: u16) -> i64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The glyph the font's character map gives `c`.
    pub fn glyph_of(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }

    fn to_thousandths(&self, units: i32) -> f32 {
        units as f32 * 1000.0 / self.upem
    }

    fn cached(&self, word: &str) -> Option<Arc<Shaped>> {
        let words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        words.get(word).cloned()
    }

    fn remember(&self, word: &str, shaped: Arc<Shaped>) {
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        words.insert(Box::from(word), shaped);
    }

    fn plan(&self, buffer: &UnicodeBuffer) -> Arc<ShapePlan> {
        let script = buffer.script();
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, plan)) = plans.iter().find(|(s, _)| *s == script) {
            return plan.clone();
        }
        let plan = Arc::new(ShapePlan::new(
            &self.face,
            buffer.direction(),
            Some(script),
            None,
            &[],
        ));
        plans.push((script, plan.clone()));
        plan
    }
}

/// The family a document is set in.
pub struct FontBook {
    /// Regular, bold, italic, bold italic.
    pub faces: [Arc<FontFace>; 4],
}

impl FontBook {
    /// A family of four faces.
    pub fn new(faces: [Arc<FontFace>; 4]) -> FontBook {
        FontBook { faces }
    }

    /// One face.
    pub fn face(&self, style: FontStyle) -> &FontFace {
        &self.faces[style.index()]
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
    /// Whether this is the glyph the font's character map gives the one
    /// character of `text`: then the PDF can show it as that character.
    pub plain: bool,
}

/// A word shaped in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// Its glyphs.
    pub glyphs: Vec<Glyph>,
    /// Sum of advances, 1/1000 em.
    pub width: f32,
}

/// Shapes words with rustybuzz, through the faces' caches.
pub struct Shaper<'a> {
    book: &'a FontBook,
}

impl<'a> Shaper<'a> {
    /// A shaper for a family.
    pub fn new(book: &'a FontBook) -> Shaper<'a> {
        Shaper { book }
    }

    /// The family.
    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// A word shaped in one face, from the face's cache when it was
    /// shaped before.
    pub fn shape(&mut self, style: FontStyle, word: &str) -> Arc<Shaped> {
        let font = self.book.face(style);
        if let Some(s) = font.cached(word) {
            return s;
        }
        let shaped = Arc::new(shape(font, word));
        font.remember(word, shaped.clone());
        shaped
    }
}

fn shape(font: &FontFace, word: &str) -> Shaped {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(word);
    buffer.guess_segment_properties();
    let plan = font.plan(&buffer);
    let face = &font.face;
    let out = rustybuzz::shape_with_plan(face, &plan, buffer);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut width = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
        let text = if first_of_cluster {
            let end = infos[i..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(word.len());
            word.get(start..end).unwrap_or("")
        } else {
            ""
        };
        let gid = info.glyph_id as u16;
        let mut chars = text.chars();
        let plain = match (chars.next(), chars.next()) {
            (Some(c), None) => font.glyph_of(c) == Some(gid),
            _ => false,
        };
        // The PDF advances by the truncated width in `/W`; only what
        // shaping adds to the font's own advance (kerning) is kept on
        // top, so that most glyphs need no TJ adjustment at all.
        let nominal = face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(0, i32::from);
        let advance = font.width(gid) as f32 + font.to_thousandths(pos.x_advance - nominal);
        width += advance;
        glyphs.push(Glyph {
            gid,
            advance,
            text: Arc::from(text),
            cluster: info.cluster,
            plain,
        });
    }
    Shaped { glyphs, width }
}

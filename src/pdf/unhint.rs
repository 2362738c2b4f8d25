//! TrueType hinting taken out of an embedded subset.
//!
//! Hinting instructions fit outlines to a screen's pixel grid at small
//! sizes. A note is printed or read zoomed, and PDF readers rasterise
//! embedded fonts without them (or with their own autohinter), but in the
//! Liberation fonts the instructions are well over half of every subset:
//! 18 KB of the 32 KB regular subset of note 1013. Without them a note's
//! PDF is a third smaller and deflates in less time.
//!
//! What goes: the `fpgm`, `prep` and `cvt ` tables, the optional `hdmx`
//! and `LTSH` (device metrics for hinted sizes) and each glyph's own
//! instructions. Outlines, metrics and every other table stay as they
//! are, so the glyphs' shapes, advances and numbers do not change. (A
//! "tricky" font whose glyphs are assembled by their instructions, as some
//! CJK fonts are, would not survive this; the faces verbale ships and any
//! Latin or Cyrillic text face do.)

/// Tables that only hinting uses.
const HINTING_TABLES: [&[u8; 4]; 5] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH"];

/// `font` without its hinting, or `None` when it is not a TrueType font
/// this can read (a CFF font, a damaged table): it is then embedded as it
/// is.
pub fn strip(font: &[u8]) -> Option<Vec<u8>> {
    let tables = directory(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag);
    let head = find(b"head")?.data(font)?;
    let long_offsets = match head.get(50..52)? {
        [0, 0] => false,
        [0, 1] => true,
        _ => return None,
    };
    let (glyf, loca) = strip_glyphs(
        find(b"glyf")?.data(font)?,
        find(b"loca")?.data(font)?,
        long_offsets,
    )?;
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for t in &tables {
        if HINTING_TABLES.contains(&&t.tag) {
            continue;
        }
        let data = match &t.tag {
            b"glyf" => glyf.clone(),
            b"loca" => loca.clone(),
            b"head" => {
                let mut h = t.data(font)?.to_vec();
                // checkSumAdjustment is set once the file is whole.
                h.get_mut(8..12)?.fill(0);
                h
            }
            _ => t.data(font)?.to_vec(),
        };
        out_tables.push((t.tag, data));
    }
    Some(assemble(font.get(0..4)?, &out_tables))
}

/// One entry of the table directory.
struct Table {
    tag: [u8; 4],
    offset: usize,
    length: usize,
}

impl Table {
    fn data<'a>(&self, font: &'a [u8]) -> Option<&'a [u8]> {
        font.get(self.offset..self.offset.checked_add(self.length)?)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn directory(font: &[u8]) -> Option<Vec<Table>> {
    // TrueType outlines only: 0x00010000 or 'true'.
    if font.get(0..4)? != [0, 1, 0, 0] && font.get(0..4)? != b"true" {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let at = 12 + 16 * i;
            Some(Table {
                tag: font.get(at..at + 4)?.try_into().ok()?,
                offset: u32_at(font, at + 8)? as usize,
                length: u32_at(font, at + 12)? as usize,
            })
        })
        .collect()
}

/// `glyf` with every glyph's instructions removed, and its new `loca` in
/// the same offset format.
fn strip_glyphs(glyf: &[u8], loca: &[u8], long_offsets: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let offset = |i: usize| -> Option<usize> {
        if long_offsets {
            u32_at(loca, 4 * i).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * i).map(|o| 2 * usize::from(o))
        }
    };
    let glyphs = loca.len() / if long_offsets { 4 } else { 2 };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    let push_offset = |loca: &mut Vec<u8>, at: usize| -> Option<()> {
        if long_offsets {
            loca.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        } else {
            loca.extend_from_slice(&u16::try_from(at / 2).ok()?.to_be_bytes());
        }
        Some(())
    };
    for i in 0..glyphs.saturating_sub(1) {
        push_offset(&mut new_loca, new_glyf.len())?;
        let glyph = glyf.get(offset(i)?..offset(i + 1)?)?;
        if !glyph.is_empty() {
            strip_glyph(glyph, &mut new_glyf)?;
            // Short offsets count words: every glyph starts on an even byte.
            if new_glyf.len() % 2 == 1 {
                new_glyf.push(0);
            }
        }
    }
    push_offset(&mut new_loca, new_glyf.len())?;
    Some((new_glyf, new_loca))
}

/// Appends one glyph's description to `out` without its instructions.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let contours = u16_at(glyph, 0)? as i16;
    if contours >= 0 {
        // Header, end points of contours, then the instructions' length
        // and the instructions, then flags and coordinates.
        let at = 10 + 2 * contours as usize;
        let length = usize::from(u16_at(glyph, at)?);
        out.extend_from_slice(glyph.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(glyph.get(at + 2 + length..)?);
        return Some(());
    }
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAS_X_AND_Y_SCALE: u16 = 0x0040;
    const HAS_TWO_BY_TWO: u16 = 0x0080;
    const HAS_INSTRUCTIONS: u16 = 0x0100;
    let start = out.len();
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let mut size = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAS_SCALE != 0 {
            size += 2;
        } else if flags & HAS_X_AND_Y_SCALE != 0 {
            size += 4;
        } else if flags & HAS_TWO_BY_TWO != 0 {
            size += 8;
        }
        let component = out.len();
        out.extend_from_slice(glyph.get(at..at + size)?);
        out[component..component + 2].copy_from_slice(&(flags & !HAS_INSTRUCTIONS).to_be_bytes());
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    debug_assert!(out.len() > start);
    Some(())
}

/// A font file from its tables, in the given order, with its directory and
/// checksums.
fn assemble(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut power = 1u16;
    let mut log = 0u16;
    while power * 2 <= count {
        power *= 2;
        log += 1;
    }
    let search_range = power * 16;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [count, search_range, log, count * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    // The directory is sorted by tag; the tables follow in that order.
    let mut sorted: Vec<&([u8; 4], Vec<u8>)> = tables.iter().collect();
    sorted.sort_by_key(|(tag, _)| *tag);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &sorted {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (tag, data) in &sorted {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The OpenType table checksum: the sum of its big-endian 32-bit words,
/// the last one padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttf_parser::{Face, GlyphId, OutlineBuilder};

    /// Every drawing command of a glyph's outline, as text.
    #[derive(Default)]
    struct Path(String);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x},{y} ");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x},{y} ");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1},{y1},{x},{y} ");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1},{y1},{x2},{y2},{x},{y} ");
        }
        fn close(&mut self) {
            self.0 += "Z ";
        }
    }

    fn outline(face: &Face, gid: u16) -> String {
        let mut path = Path::default();
        face.outline_glyph(GlyphId(gid), &mut path);
        path.0
    }

    #[test]
    fn every_face_keeps_its_outlines_and_metrics_and_loses_its_hints() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        for name in [
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ] {
            let original = std::fs::read(dir.join(name)).unwrap();
            let stripped = strip(&original).unwrap_or_else(|| panic!("{name}: not stripped"));
            assert!(
                stripped.len() * 10 < original.len() * 8,
                "{name}: {} of {} bytes",
                stripped.len(),
                original.len()
            );
            let before = Face::parse(&original, 0).unwrap();
            let after = Face::parse(&stripped, 0).unwrap();
            assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
            for gid in 0..before.number_of_glyphs() {
                assert_eq!(
                    outline(&before, gid),
                    outline(&after, gid),
                    "{name} glyph {gid}"
                );
                assert_eq!(
                    before.glyph_hor_advance(GlyphId(gid)),
                    after.glyph_hor_advance(GlyphId(gid))
                );
            }
            for tag in HINTING_TABLES {
                assert!(
                    after
                        .raw_face()
                        .table(ttf_parser::Tag::from_bytes(tag))
                        .is_none(),
                    "{name} keeps {}",
                    String::from_utf8_lossy(tag)
                );
            }
            // The whole file sums to the magic number, as the format asks.
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA, "{name}");
        }
    }

    #[test]
    fn a_font_it_cannot_read_is_left_alone() {
        assert!(strip(b"OTTO\0\0\0\0").is_none());
        assert!(strip(b"").is_none());
        assert!(strip(&[0, 1, 0, 0, 0, 9]).is_none());
    }
}

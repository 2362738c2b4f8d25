//! Every character a locale, a note or a text enclosure can put on a page
//! must be in every face of the family: a missing glyph prints as an empty
//! box, which no reader of a diplomatic note should see.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::diag::Diagnostic;
use crate::project::Fonts;

/// Characters below this are remembered in a table: every letter of the
/// three languages and their punctuation (`№`, `«»`, `–`, `…`).
const TABLE: usize = 0x2200;

/// Not asked about yet (a real verdict has only the four low bits).
const UNKNOWN: u8 = 0xFF;

/// The faces, and which characters each lacks, remembered as they are
/// asked about (a batch asks about the same letters again and again).
pub struct Glyphs<'f> {
    fonts: &'f Fonts,
    /// Per character, a bit for each face lacking it.
    table: Box<[AtomicU8]>,
    others: Mutex<HashMap<char, u8>>,
}

impl<'f> Glyphs<'f> {
    /// Checks against the project's fonts.
    pub fn new(fonts: &'f Fonts) -> Glyphs<'f> {
        Glyphs {
            fonts,
            table: (0..TABLE).map(|_| AtomicU8::new(UNKNOWN)).collect(),
            others: Mutex::new(HashMap::new()),
        }
    }

    /// The faces that lack `c`, a bit for each.
    fn lacking(&self, c: char) -> u8 {
        let ask = || {
            self.fonts
                .book
                .faces
                .iter()
                .enumerate()
                .filter(|(_, f)| f.glyph_of(c).is_none())
                .fold(0u8, |bits, (i, _)| bits | 1 << i)
        };
        match self.table.get(c as usize) {
            Some(slot) => match slot.load(Ordering::Relaxed) {
                UNKNOWN => {
                    let bits = ask();
                    slot.store(bits, Ordering::Relaxed);
                    bits
                }
                bits => bits,
            },
            None => {
                let mut others = self.others.lock().unwrap_or_else(|e| e.into_inner());
                *others.entry(c).or_insert_with(ask)
            }
        }
    }

    /// Each run of characters in `source` (the text of `file`) that a
    /// face lacks — a word in another script, say — reported once per file
    /// at its first use. Comment lines (`#`) are not printed and are
    /// skipped.
    pub fn check(&self, file: &Path, source: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut offset = 0;
        for line in source.split_inclusive('\n') {
            if !line.trim_start().starts_with('#') {
                let mut run: Option<(usize, usize, u8)> = None;
                for (i, c) in line
                    .char_indices()
                    .chain(std::iter::once((line.len(), ' ')))
                {
                    let lacking = if c.is_whitespace() || c.is_control() {
                        0
                    } else {
                        self.lacking(c)
                    };
                    if lacking == 0 {
                        if let Some((start, end, faces)) = run.take() {
                            let text = &line[start..end];
                            if seen.insert(text.to_string()) {
                                out.push(self.missing(
                                    file,
                                    text,
                                    offset + start..offset + end,
                                    faces,
                                ));
                            }
                        }
                        continue;
                    }
                    match &mut run {
                        Some((_, end, faces)) => {
                            *end = i + c.len_utf8();
                            *faces |= lacking;
                        }
                        None => run = Some((i, i + c.len_utf8(), lacking)),
                    }
                }
            }
            offset += line.len();
        }
        out
    }

    fn missing(
        &self,
        file: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        faces: u8,
    ) -> Diagnostic {
        let mut chars: Vec<char> = Vec::new();
        for c in text.chars() {
            if !chars.contains(&c) && self.lacking(c) != 0 {
                chars.push(c);
            }
        }
        let listed: Vec<String> = chars
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        let faces: Vec<usize> = (0..self.fonts.files.len())
            .filter(|i| faces & 1 << i != 0)
            .collect();
        let fonts: Vec<String> = faces
            .iter()
            .map(|&i| self.fonts.files[i].display().to_string())
            .collect();
        let which = if faces.len() == self.fonts.files.len() {
            "the fonts have".to_string()
        } else {
            format!("{} has", fonts.join(", "))
        };
        Diagnostic::error(
            "missing-glyph",
            format!(
                "`{text}` would print as empty boxes: {which} no glyph for {}",
                listed.join(", ")
            ),
        )
        .at(file, span)
        .with_note(format!("the fonts: {}", fonts.join(", ")))
    }

    /// The font files, for naming in messages.
    pub fn files(&self) -> &[PathBuf; 4] {
        &self.fonts.files
    }
}

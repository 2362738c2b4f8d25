//! Every character a locale, a note or a text enclosure can put on a page
//! must be in every face of the family: a missing glyph prints as an empty
//! box, which no reader of a diplomatic note should see.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diag::Diagnostic;
use crate::project::Fonts;

/// The faces, and which characters each lacks, remembered as they are
/// asked about (a batch asks about the same letters again and again).
pub struct Glyphs<'f> {
    fonts: &'f Fonts,
    verdicts: Mutex<HashMap<char, Vec<usize>>>,
}

impl<'f> Glyphs<'f> {
    /// Checks against the project's fonts.
    pub fn new(fonts: &'f Fonts) -> Glyphs<'f> {
        Glyphs {
            fonts,
            verdicts: Mutex::new(HashMap::new()),
        }
    }

    /// The faces (by index) that lack `c`.
    fn lacking(&self, c: char) -> Vec<usize> {
        let mut verdicts = self.verdicts.lock().unwrap_or_else(|e| e.into_inner());
        verdicts
            .entry(c)
            .or_insert_with(|| {
                self.fonts
                    .book
                    .faces
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.glyph_of(c).is_none())
                    .map(|(i, _)| i)
                    .collect()
            })
            .clone()
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
                let mut run: Option<(usize, usize, Vec<usize>)> = None;
                for (i, c) in line
                    .char_indices()
                    .chain(std::iter::once((line.len(), ' ')))
                {
                    let lacking = if c.is_whitespace() || c.is_control() {
                        Vec::new()
                    } else {
                        self.lacking(c)
                    };
                    if lacking.is_empty() {
                        if let Some((start, end, faces)) = run.take() {
                            let text = &line[start..end];
                            if seen.insert(text.to_string()) {
                                out.push(self.missing(
                                    file,
                                    text,
                                    offset + start..offset + end,
                                    &faces,
                                ));
                            }
                        }
                        continue;
                    }
                    match &mut run {
                        Some((_, end, faces)) => {
                            *end = i + c.len_utf8();
                            for f in lacking {
                                if !faces.contains(&f) {
                                    faces.push(f);
                                }
                            }
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
        faces: &[usize],
    ) -> Diagnostic {
        let mut chars: Vec<char> = Vec::new();
        for c in text.chars() {
            if !chars.contains(&c) && !self.lacking(c).is_empty() {
                chars.push(c);
            }
        }
        let listed: Vec<String> = chars
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        let mut faces = faces.to_vec();
        faces.sort();
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

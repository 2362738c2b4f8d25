//! Setting one paragraph: words shaped into boxes, spaces into glue,
//! hyphenation points into penalties; lines chosen by total fit
//! ([`super::linebreak`]) and justified.

use std::sync::Arc;

use super::font::{FontStyle, Glyph, Shaper};
use super::frame::Segment;
use super::hyphen::Hyphenator;
use super::inline;
use super::linebreak::{self, INFINITY, Item};
use super::rules::BreakRules;
use super::style::{Align, BlockStyle, PageStyle};
use crate::markup::Block;

/// What one piece of a paragraph stands for, parallel to its [`Item`]s.
#[derive(Clone)]
enum Piece {
    Glyphs(FontStyle, Vec<Glyph>),
    Space(FontStyle, Glyph),
    /// A break where a hyphen appears if the line ends here.
    Hyphen(FontStyle, Glyph),
    /// Room without glyphs: an indent, or the gap after a label.
    Nothing,
}

/// A set line before it is put on a page: x relative to the text column.
pub(crate) struct SetLine {
    pub(crate) segments: Vec<Segment>,
    /// Space added between letters, in em ([`letter_space`]).
    pub(crate) letter_spacing: f32,
    /// It ends in a hyphen: a word divided, or a compound broken after
    /// its own hyphen.
    pub(crate) hyphenated: bool,
    /// How much wider than the measure it is, in points (0 when it fits):
    /// a word, or words tied together, that no break can divide.
    pub(crate) overfull: f32,
}

/// Less than this much past the measure (a hundredth of a point, the
/// sums of floats) is not overfull.
pub(crate) const OVERFULL_SLACK: f32 = 0.01;

/// Sets paragraphs into lines of one measure.
pub struct Typesetter<'a, 'f> {
    /// Shapes words.
    pub shaper: &'a mut Shaper<'f>,
    /// Finds where words may break.
    pub hyphenator: &'a Hyphenator,
    /// Which spaces may not break, in the paragraph's language.
    pub rules: &'a BreakRules,
}

/// A word: one or more fragments of text, each in one face.
type Word = Vec<(String, FontStyle)>;

/// Splits styled runs into words at white space.
fn words(runs: &[(String, FontStyle)]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word: Word = Vec::new();
    for (text, style) in runs {
        let mut fragment = String::new();
        for c in text.chars() {
            if c.is_whitespace() {
                if !fragment.is_empty() {
                    word.push((std::mem::take(&mut fragment), *style));
                }
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            } else {
                fragment.push(c);
            }
        }
        if !fragment.is_empty() {
            word.push((fragment, *style));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

impl Typesetter<'_, '_> {
    fn space(&mut self, style: FontStyle) -> Glyph {
        let face = self.shaper.book().face(style);
        Glyph {
            gid: face.space,
            advance: face.width(face.space) as f32,
            text: Arc::from(" "),
            cluster: 0,
            plain: face.glyph_of(' ') == Some(face.space),
        }
    }

    fn hyphen(&self, style: FontStyle) -> Glyph {
        let face = self.shaper.book().face(style);
        let (gid, text) = face.break_hyphen;
        Glyph {
            gid,
            advance: face.width(gid) as f32,
            text: Arc::from(text),
            cluster: 0,
            plain: text.chars().next().and_then(|c| face.glyph_of(c)) == Some(gid),
        }
    }

    fn items(
        &mut self,
        runs: &[(String, FontStyle)],
        style: &BlockStyle,
    ) -> (Vec<Item>, Vec<Piece>) {
        let scale = style.size / 1000.0;
        let mut items = Vec::new();
        let mut pieces = Vec::new();
        if style.indent != 0.0 {
            items.push(Item::Box {
                width: style.indent,
            });
            pieces.push(Piece::Nothing);
        }
        let hyphenate = style.hyphenate && !matches!(style.align, Align::Center | Align::Right);
        let words = words(runs);
        // A label runs to its first word ending in `.` or `)`: `1.`, `a)`,
        // `[Alt 3.` (two words at most).
        let label_words = if style.label {
            words
                .iter()
                .take(2)
                .position(|w| w.last().is_some_and(|(t, _)| t.ends_with(['.', ')'])))
                .map_or(1, |i| i + 1)
        } else {
            0
        };
        for (w, word) in words.iter().enumerate() {
            if w > 0 {
                let previous = &words[w - 1];
                let prev_style = previous.last().map_or(FontStyle::Regular, |(_, s)| *s);
                let mut space = self.space(prev_style);
                let space_w = space.advance * scale;
                if w == label_words {
                    // The gap after a paragraph's label reaches the hanging
                    // indent; it is a space stretched to that width, so the
                    // extracted text keeps its words apart.
                    let label_width: f32 = items.iter().skip(1).map(item_width).sum();
                    let gap = (-style.indent - label_width).max(space_w);
                    space.advance = gap / scale;
                    items.push(Item::Box { width: gap });
                    pieces.push(Piece::Space(prev_style, space));
                } else if w < label_words {
                    // Inside a label (`[Alt 3.`) the space neither stretches
                    // nor breaks.
                    items.push(Item::Box { width: space_w });
                    pieces.push(Piece::Space(prev_style, space));
                } else {
                    if self.rules.binds(&text_of(previous), &text_of(word)) {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: INFINITY,
                            flagged: false,
                        });
                        pieces.push(Piece::Nothing);
                    }
                    items.push(Item::Glue {
                        width: space_w,
                        stretch: space_w * 0.5,
                        shrink: space_w / 3.0,
                    });
                    pieces.push(Piece::Space(prev_style, space));
                }
            }
            if word.len() > 1 || !hyphenate {
                for (text, face) in word {
                    let shaped = self.shaper.shape(*face, text);
                    push_box(&mut items, &mut pieces, *face, &shaped.glyphs, scale);
                }
                continue;
            }
            let (text, face) = &word[0];
            self.hyphenated(text, *face, scale, &mut items, &mut pieces);
        }
        items.push(Item::Glue {
            width: 0.0,
            stretch: INFINITY,
            shrink: 0.0,
        });
        pieces.push(Piece::Nothing);
        items.push(Item::Penalty {
            width: 0.0,
            cost: -INFINITY,
            flagged: false,
        });
        pieces.push(Piece::Nothing);
        (items, pieces)
    }

    /// A word in one face, with a penalty at each place it may break.
    fn hyphenated(
        &mut self,
        word: &str,
        face: FontStyle,
        scale: f32,
        items: &mut Vec<Item>,
        pieces: &mut Vec<Piece>,
    ) {
        let shaped = self.shaper.shape(face, word);
        let hyphen = self.hyphen(face);
        let mut start = 0;
        for brk in self.hyphenator.breaks(word) {
            let end = shaped
                .glyphs
                .iter()
                .position(|g| g.cluster as usize >= brk.at)
                .unwrap_or(shaped.glyphs.len());
            if end <= start || end >= shaped.glyphs.len() {
                continue;
            }
            if brk.after_hyphen {
                // The compound's own hyphen is glue that vanishes when
                // the line breaks here, and the break puts a hyphen that
                // reads as `-` and a soft hyphen in its place: extracted,
                // the line end joins back into `государств-членов`.
                let own = end - 1;
                if own <= start || &*shaped.glyphs[own].text != "-" {
                    continue;
                }
                push_box(items, pieces, face, &shaped.glyphs[start..own], scale);
                let own_hyphen = shaped.glyphs[own].clone();
                let width = own_hyphen.advance * scale;
                items.push(Item::Penalty {
                    width,
                    cost: 50.0,
                    flagged: true,
                });
                pieces.push(Piece::Hyphen(face, self.compound_break(face, &own_hyphen)));
                items.push(Item::Glue {
                    width,
                    stretch: 0.0,
                    shrink: 0.0,
                });
                pieces.push(Piece::Glyphs(face, vec![own_hyphen]));
                start = end;
                continue;
            }
            push_box(items, pieces, face, &shaped.glyphs[start..end], scale);
            items.push(Item::Penalty {
                width: hyphen.advance * scale,
                cost: 50.0,
                flagged: true,
            });
            pieces.push(Piece::Hyphen(face, hyphen.clone()));
            start = end;
        }
        push_box(items, pieces, face, &shaped.glyphs[start..], scale);
    }

    /// The glyph that ends a line broken after a compound's own hyphen.
    fn compound_break(&self, style: FontStyle, own: &Glyph) -> Glyph {
        let face = self.shaper.book().face(style);
        let (gid, text) = face.compound_break;
        Glyph {
            gid,
            advance: own.advance,
            text: Arc::from(text),
            cluster: own.cluster,
            plain: false,
        }
    }

    /// Sets one paragraph into lines of `measure` points.
    pub(crate) fn paragraph(
        &mut self,
        text: &str,
        style: &BlockStyle,
        measure: f32,
        page: &PageStyle,
    ) -> Vec<SetLine> {
        let tolerance = page.tolerance;
        let base = FontStyle::new(style.bold, style.italic);
        let text = if style.uppercase {
            text.to_uppercase()
        } else {
            text.to_string()
        };
        let runs = if style.markup {
            inline::runs(&text, base)
        } else {
            vec![(text, base)]
        };
        let (items, pieces) = self.items(&runs, style);
        if items.len() <= 2 {
            return Vec::new();
        }
        let justify = style.align == Align::Justify;
        // As a careful typesetter does (TeX's pretolerance): words are
        // divided only when the paragraph cannot be set well without; a
        // line looser than the tolerance only when no other way fits, and
        // then spread over several lines by the demerits.
        let breaks = if justify {
            let fit = |tolerance, hyphenate| {
                linebreak::total_fit_with(&items, |_| measure, tolerance, hyphenate)
            };
            fit(tolerance / 2.0, false)
                .or_else(|| fit(tolerance, true))
                .or_else(|| fit(tolerance * 5.0, true))
                .unwrap_or_else(|| linebreak::first_fit(&items, |_| measure))
        } else {
            linebreak::first_fit(&items, |_| measure)
        };
        let mut lines = Vec::new();
        let mut start = 0;
        for b in breaks {
            lines.push(self.line(&items, &pieces, start..b, style, measure, page));
            start = b + 1;
            while start < items.len() && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
        }
        lines
    }

    fn line(
        &self,
        items: &[Item],
        pieces: &[Piece],
        range: std::ops::Range<usize>,
        style: &BlockStyle,
        measure: f32,
        page: &PageStyle,
    ) -> SetLine {
        let (start, end) = (range.start, range.end);
        // The paragraph's last line ends at its closing penalty.
        let last = end == items.len() - 1;
        let scale = style.size / 1000.0;
        let (mut natural, stretch, shrink) = linebreak::measure(&items[start..end]);
        let hyphen = match (&items[end], &pieces[end]) {
            (Item::Penalty { width, .. }, Piece::Hyphen(face, g)) => {
                natural += width;
                Some((*face, g.clone()))
            }
            _ => None,
        };
        let hyphenated = hyphen.is_some();
        let justify = style.align == Align::Justify;
        let ratio = if natural > measure && shrink > 0.0 {
            ((measure - natural) / shrink).max(-1.0)
        } else if justify && !last && natural < measure && stretch > 0.0 {
            (measure - natural) / stretch
        } else {
            0.0
        };
        // The emergency for a line no breaking sets within the tolerance:
        // its spaces stop at the tolerance and its letters take the rest.
        let loose = justify && !last && ratio > page.tolerance && page.letter_spacing > 0.0;
        let excess = if loose {
            (ratio - page.tolerance) * stretch
        } else {
            0.0
        };
        let ratio = if loose { page.tolerance } else { ratio };
        let mut builder = LineBuilder::new(style.size);
        for (item, piece) in items[start..end].iter().zip(&pieces[start..end]) {
            match (item, piece) {
                (Item::Box { .. }, Piece::Glyphs(face, gs)) => {
                    builder.glyphs(*face, gs.iter().cloned())
                }
                (
                    Item::Glue {
                        width: w,
                        stretch: st,
                        shrink: sh,
                    },
                    Piece::Space(face, space),
                ) => {
                    let actual = if ratio >= 0.0 {
                        w + ratio * st
                    } else {
                        w + ratio * sh
                    };
                    let mut g = space.clone();
                    g.advance = actual / scale;
                    builder.glyphs(*face, std::iter::once(g));
                }
                (Item::Box { .. }, Piece::Space(face, gap)) => {
                    builder.glyphs(*face, std::iter::once(gap.clone()))
                }
                (Item::Box { width }, Piece::Nothing) => builder.skip(*width),
                (Item::Glue { .. }, Piece::Glyphs(face, gs)) => {
                    builder.glyphs(*face, gs.iter().cloned())
                }
                _ => {}
            }
        }
        if let Some((face, h)) = hyphen {
            builder.glyphs(face, std::iter::once(h));
        }
        let width = builder.x;
        let overfull = if width > measure + OVERFULL_SLACK {
            width - measure
        } else {
            0.0
        };
        let shift = match style.align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => (measure - width) / 2.0,
            Align::Right => measure - width,
        };
        let mut segments = builder.finish();
        let letter_spacing = if excess > 0.0 {
            letter_space(&mut segments, excess, page.letter_spacing * style.size) / style.size
        } else {
            0.0
        };
        for s in &mut segments {
            s.x += shift;
        }
        SetLine {
            segments,
            letter_spacing,
            hyphenated,
            overfull,
        }
    }

    /// Sets every paragraph of a block; kept lines become paragraphs of
    /// their own.
    pub(crate) fn block(
        &mut self,
        block: &Block,
        style: &BlockStyle,
        measure: f32,
        page: &PageStyle,
    ) -> Vec<Vec<SetLine>> {
        let mut out = Vec::new();
        for paragraph in &block.paragraphs {
            if style.keep_lines {
                let mut lines = Vec::new();
                for line in paragraph {
                    lines.extend(self.paragraph(line, style, measure, page));
                }
                out.push(lines);
            } else {
                out.push(self.paragraph(&paragraph.join(" "), style, measure, page));
            }
        }
        out
    }
}

/// Collects a line's glyphs into segments, one per change of face.
struct LineBuilder {
    size: f32,
    x: f32,
    segments: Vec<Segment>,
}

impl LineBuilder {
    fn new(size: f32) -> LineBuilder {
        LineBuilder {
            size,
            x: 0.0,
            segments: Vec::new(),
        }
    }

    fn skip(&mut self, width: f32) {
        self.x += width;
        // Glyphs after a gap start a segment of their own.
        self.segments.push(Segment {
            x: self.x,
            style: FontStyle::Regular,
            size: self.size,
            glyphs: Vec::new(),
        });
    }

    fn glyphs(&mut self, face: FontStyle, glyphs: impl Iterator<Item = Glyph>) {
        let continues = self
            .segments
            .last()
            .is_some_and(|s| s.style == face || s.glyphs.is_empty());
        if !continues {
            self.segments.push(Segment {
                x: self.x,
                style: face,
                size: self.size,
                glyphs: Vec::new(),
            });
        }
        let Some(segment) = self.segments.last_mut() else {
            return;
        };
        segment.style = face;
        for g in glyphs {
            self.x += g.advance * self.size / 1000.0;
            segment.glyphs.push(g);
        }
    }

    fn finish(self) -> Vec<Segment> {
        self.segments
            .into_iter()
            .filter(|s| !s.glyphs.is_empty())
            .collect()
    }
}

/// Widens a line by `extra` points: between the letters of its words, at
/// most `most` points a gap, and what that leaves in its spaces. A gap
/// is taken only before a glyph that starts a character, so a mark stays
/// on its letter. Returns the space given to each gap.
fn letter_space(segments: &mut [Segment], extra: f32, most: f32) -> f32 {
    let is_space = |g: &Glyph| &*g.text == " ";
    // Glyphs of neighbouring segments are neighbours across a change of
    // face, but not across a gap (a label's).
    let joined: Vec<bool> = segments
        .windows(2)
        .map(|w| (w[1].x - w[0].right()).abs() < 0.01)
        .collect();
    let glyphs: Vec<(usize, &Glyph)> = segments
        .iter()
        .enumerate()
        .flat_map(|(k, s)| s.glyphs.iter().map(move |g| (k, g)))
        .collect();
    let gap_after: Vec<bool> = glyphs
        .windows(2)
        .map(|w| {
            let ((k, g), (next_k, next)) = (w[0], w[1]);
            (k == next_k || joined[k]) && !is_space(g) && !is_space(next) && !next.text.is_empty()
        })
        .chain(std::iter::once(false))
        .collect();
    let gaps = gap_after.iter().filter(|&&t| t).count();
    let space: f32 = glyphs
        .iter()
        .filter(|(_, g)| is_space(g))
        .map(|&(k, g)| g.advance * segments[k].size / 1000.0)
        .sum();
    let per_gap = if gaps == 0 {
        0.0
    } else {
        (extra / gaps as f32).min(most)
    };
    let rest = extra - per_gap * gaps as f32;
    let mut gap_after = gap_after.into_iter();
    let mut shift = 0.0;
    for s in segments.iter_mut() {
        s.x += shift;
        let unit = 1000.0 / s.size;
        for g in &mut s.glyphs {
            let mut add = if gap_after.next() == Some(true) {
                per_gap
            } else {
                0.0
            };
            if is_space(g) && space > 0.0 {
                add += rest * (g.advance / unit) / space;
            }
            g.advance += add * unit;
            shift += add;
        }
    }
    per_gap
}

fn item_width(item: &Item) -> f32 {
    match item {
        Item::Box { width } | Item::Glue { width, .. } => *width,
        Item::Penalty { .. } => 0.0,
    }
}

fn text_of(word: &Word) -> std::borrow::Cow<'_, str> {
    match word.as_slice() {
        [(text, _)] => text.as_str().into(),
        _ => word
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<String>()
            .into(),
    }
}

fn push_box(
    items: &mut Vec<Item>,
    pieces: &mut Vec<Piece>,
    face: FontStyle,
    glyphs: &[Glyph],
    scale: f32,
) {
    let width = glyphs.iter().map(|g| g.advance).sum::<f32>() * scale;
    items.push(Item::Box { width });
    pieces.push(Piece::Glyphs(face, glyphs.to_vec()));
}

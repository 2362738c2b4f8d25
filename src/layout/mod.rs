//! Typesetting: blocks of text in, positioned lines on pages out.
//!
//! Nothing here knows about PDF; [`Page`] is what the writer in
//! [`crate::pdf`] draws, and [`dump`] prints it as text for tests.

pub mod font;
pub mod hyphen;
pub mod inline;
pub mod linebreak;
pub mod style;

use std::fmt::Write as _;
use std::sync::Arc;

use font::{FontStyle, Glyph, Shaper};
use hyphen::Hyphenator;
use linebreak::{INFINITY, Item};
use style::{Align, BlockStyle, MM, StyleSheet};

use crate::markup::Block;

/// A run of glyphs in one face and size, starting at `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub x: f32,
    pub style: FontStyle,
    pub size: f32,
    /// Advances already include kerning and the stretch of justified spaces.
    pub glyphs: Vec<Glyph>,
}

impl Segment {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| &*g.text).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, points from the bottom of the page.
    pub y: f32,
    pub segments: Vec<Segment>,
}

impl Line {
    pub fn text(&self) -> String {
        self.segments.iter().map(Segment::text).collect()
    }

    /// Right end of the last glyph, in points.
    pub fn right(&self) -> f32 {
        self.segments.last().map_or(0.0, |s| {
            s.x + s.glyphs.iter().map(|g| g.advance).sum::<f32>() * s.size / 1000.0
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    UnknownStyle {
        style: String,
        line: usize,
    },
    /// The page number of a continuation page could not be worded.
    PageLabel(String),
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::UnknownStyle { style, line } => write!(
                f,
                "block `@{style}` (line {line} of the rendered template) has no style in the style sheet"
            ),
            LayoutError::PageLabel(message) => f.write_str(message),
        }
    }
}

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
struct SetLine {
    segments: Vec<Segment>,
}

/// Sets paragraphs into lines of one measure.
pub struct Typesetter<'a, 'f> {
    pub shaper: &'a mut Shaper<'f>,
    pub hyphenator: &'a Hyphenator,
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
                let (prev_text, prev_style) = previous
                    .last()
                    .cloned()
                    .unwrap_or((String::new(), FontStyle::Regular));
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
                    if previous.len() == 1 && binds_to_next(&prev_text) {
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
        // Hyphenate each part of a compound (`іс-қимыл`) on its own.
        // No break after the compound's own hyphen: text extractors
        // (pdftotext) take a line-final hyphen for a soft one and
        // would join `государств-` `членов` into one word.
        let mut cuts: Vec<usize> = Vec::new();
        let mut offset = 0;
        for part in word.split_inclusive('-') {
            let core = part.strip_suffix('-').unwrap_or(part);
            cuts.extend(self.hyphenator.breaks(core).into_iter().map(|b| offset + b));
            offset += part.len();
        }
        let hyphen = self.hyphen(face);
        let mut start = 0;
        for cut in cuts {
            let end = shaped
                .glyphs
                .iter()
                .position(|g| g.cluster as usize >= cut)
                .unwrap_or(shaped.glyphs.len());
            if end <= start || end >= shaped.glyphs.len() {
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

    /// Sets one paragraph into lines of `measure` points.
    fn paragraph(
        &mut self,
        text: &str,
        style: &BlockStyle,
        measure: f32,
        tolerance: f32,
    ) -> Vec<SetLine> {
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
        let breaks = if justify {
            linebreak::total_fit(&items, |_| measure, tolerance)
                .or_else(|| linebreak::total_fit(&items, |_| measure, tolerance * 5.0))
                .unwrap_or_else(|| linebreak::first_fit(&items, |_| measure))
        } else {
            linebreak::first_fit(&items, |_| measure)
        };
        let last = items.len() - 1;
        let mut lines = Vec::new();
        let mut start = 0;
        for b in breaks {
            lines.push(self.line(&items, &pieces, start..b, b == last, style, measure));
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
        last: bool,
        style: &BlockStyle,
        measure: f32,
    ) -> SetLine {
        let (start, end) = (range.start, range.end);
        let scale = style.size / 1000.0;
        let (mut natural, mut stretch, mut shrink) = (0.0, 0.0, 0.0);
        for item in &items[start..end] {
            match *item {
                Item::Box { width } => natural += width,
                Item::Glue {
                    width,
                    stretch: st,
                    shrink: sh,
                } if st < INFINITY => {
                    natural += width;
                    stretch += st;
                    shrink += sh;
                }
                _ => {}
            }
        }
        let hyphen = match (&items[end], &pieces[end]) {
            (Item::Penalty { width, .. }, Piece::Hyphen(face, g)) => {
                natural += width;
                Some((*face, g.clone()))
            }
            _ => None,
        };
        let justify = style.align == Align::Justify;
        let ratio = if natural > measure && shrink > 0.0 {
            ((measure - natural) / shrink).max(-1.0)
        } else if justify && !last && natural < measure && stretch > 0.0 {
            (measure - natural) / stretch
        } else {
            0.0
        };
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
                _ => {}
            }
        }
        if let Some((face, h)) = hyphen {
            builder.glyphs(face, std::iter::once(h));
        }
        let width = builder.x;
        let shift = match style.align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => (measure - width) / 2.0,
            Align::Right => measure - width,
        };
        let mut segments = builder.finish();
        for s in &mut segments {
            s.x += shift;
        }
        SetLine { segments }
    }

    /// Sets every paragraph of a block; kept lines become paragraphs of
    /// their own.
    fn block(
        &mut self,
        block: &Block,
        style: &BlockStyle,
        measure: f32,
        tolerance: f32,
    ) -> Vec<Vec<SetLine>> {
        let mut out = Vec::new();
        for paragraph in &block.paragraphs {
            if style.keep_lines {
                let mut lines = Vec::new();
                for line in paragraph {
                    lines.extend(self.paragraph(line, style, measure, tolerance));
                }
                out.push(lines);
            } else {
                out.push(self.paragraph(&paragraph.join(" "), style, measure, tolerance));
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

fn item_width(item: &Item) -> f32 {
    match item {
        Item::Box { width } | Item::Glue { width, .. } => *width,
        Item::Penalty { .. } => 0.0,
    }
}

/// A number keeps the word after it on its line (`6 June`, `2022 г.`,
/// `на 3 л.`), as does the numero sign.
fn binds_to_next(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit() || c == '№')
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || "-–./,№".contains(c))
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

/// Places blocks on pages. Pages after the first carry `page_label(n)`
/// (n counted from 1) centred in the top margin; the letterhead is not
/// repeated.
pub fn layout(
    blocks: &[Block],
    sheet: &StyleSheet,
    setter: &mut Typesetter,
    page_label: &mut dyn FnMut(usize) -> Result<String, String>,
) -> Result<Vec<Page>, LayoutError> {
    let page = &sheet.page;
    let (width, height) = (page.width * MM, page.height * MM);
    let left = page.margins.left * MM;
    let measure = width - left - page.margins.right * MM;
    let top = height - page.margins.top * MM;
    let bottom = page.margins.bottom * MM;

    let mut pages = vec![Page {
        width,
        height,
        lines: Vec::new(),
    }];
    let mut y = top;
    let mut at_top = true;
    let mut footer: Vec<(&BlockStyle, Vec<Vec<SetLine>>)> = Vec::new();

    for block in blocks {
        let style = sheet
            .block
            .get(&block.style)
            .ok_or_else(|| LayoutError::UnknownStyle {
                style: block.style.clone(),
                line: block.line,
            })?;
        let set = setter.block(block, style, measure - style.margin_left, page.tolerance);
        if style.bottom {
            footer.push((style, set));
            continue;
        }
        let lead = style.size * style.leading;
        if !at_top {
            y -= style.space_before;
        }
        if style.keep_together {
            let needed = block_height(style, &set);
            if y - needed < bottom && !at_top {
                new_page(&mut pages, width, height);
                y = top;
            }
        }
        for paragraph in set {
            for line in paragraph {
                if y - lead < bottom {
                    new_page(&mut pages, width, height);
                    y = top;
                }
                place(&mut pages, line, left + style.margin_left, y - style.size);
                y -= lead;
                at_top = false;
            }
            y -= style.space_after;
        }
    }

    if !footer.is_empty() {
        let needed: f32 = footer
            .iter()
            .map(|(s, set)| s.space_before + block_height(s, set))
            .sum();
        if y - needed < bottom {
            new_page(&mut pages, width, height);
        }
        let mut y = bottom + needed;
        for (style, set) in footer {
            y -= style.space_before;
            for paragraph in set {
                for line in paragraph {
                    place(&mut pages, line, left + style.margin_left, y - style.size);
                    y -= style.size * style.leading;
                }
                y -= style.space_after;
            }
        }
    }

    let number_style = BlockStyle {
        size: page.number_size,
        align: Align::Center,
        hyphenate: false,
        ..BlockStyle::default()
    };
    let count = pages.len();
    for n in 2..=count {
        let label = page_label(n).map_err(LayoutError::PageLabel)?;
        let mut lines = setter.paragraph(&label, &number_style, measure, page.tolerance);
        if let Some(line) = lines.pop() {
            let baseline = top + (height - top) / 2.0 - page.number_size / 2.0;
            let page = &mut pages[n - 1];
            let mut set = line;
            for s in &mut set.segments {
                s.x += left;
            }
            page.lines.insert(
                0,
                Line {
                    y: baseline,
                    segments: set.segments,
                },
            );
        }
    }
    Ok(pages)
}

fn block_height(style: &BlockStyle, set: &[Vec<SetLine>]) -> f32 {
    set.iter()
        .map(|p| p.len() as f32 * style.size * style.leading + style.space_after)
        .sum()
}

fn new_page(pages: &mut Vec<Page>, width: f32, height: f32) {
    pages.push(Page {
        width,
        height,
        lines: Vec::new(),
    });
}

fn place(pages: &mut [Page], line: SetLine, left: f32, baseline: f32) {
    let mut segments = line.segments;
    for s in &mut segments {
        s.x += left;
    }
    if let Some(page) = pages.last_mut() {
        page.lines.push(Line {
            y: baseline,
            segments,
        });
    }
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
        }
    }
    out
}

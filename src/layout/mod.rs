//! Typesetting: blocks of text in, positioned lines on pages out.
//!
//! Nothing here knows about PDF; [`Page`] is what the writer in
//! [`crate::pdf`] draws, and [`dump`] prints it as text for tests.

pub mod font;
pub mod hyphen;
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
    UnknownStyle { style: String, line: usize },
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::UnknownStyle { style, line } => write!(
                f,
                "block `@{style}` (line {line} of the rendered template) has no style in the style sheet"
            ),
        }
    }
}

/// What one piece of a paragraph stands for, parallel to its [`Item`]s.
#[derive(Clone)]
enum Piece {
    Glyphs(Vec<Glyph>),
    Space(Glyph),
    /// A break where a hyphen appears if the line ends here.
    Hyphen(Glyph),
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

    fn items(
        &mut self,
        text: &str,
        style: &BlockStyle,
        font: FontStyle,
    ) -> (Vec<Item>, Vec<Piece>) {
        let scale = style.size / 1000.0;
        let mut items = Vec::new();
        let mut pieces = Vec::new();
        if style.indent > 0.0 {
            items.push(Item::Box {
                width: style.indent,
            });
            pieces.push(Piece::Nothing);
        }
        let space = self.space(font);
        let space_w = space.advance * scale;
        let face = self.shaper.book().face(font);
        let (hyphen_gid, hyphen_text) = face.break_hyphen;
        let hyphen = Glyph {
            gid: hyphen_gid,
            advance: face.width(hyphen_gid) as f32,
            text: Arc::from(hyphen_text),
            cluster: 0,
        };
        let hyphenate = style.hyphenate && !matches!(style.align, Align::Center | Align::Right);
        let mut previous: Option<&str> = None;
        for word in text.split_whitespace() {
            if let Some(prev) = previous {
                if binds_to_next(prev) {
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
                pieces.push(Piece::Space(space.clone()));
            }
            previous = Some(word);
            let shaped = self.shaper.shape(font, word);
            let mut cuts: Vec<usize> = Vec::new();
            if hyphenate {
                // Hyphenate each part of a compound (`іс-қимыл`) on its own.
                // No break after the compound's own hyphen: text extractors
                // (pdftotext) take a line-final hyphen for a soft one and
                // would join `государств-` `членов` into one word.
                let mut offset = 0;
                for part in word.split_inclusive('-') {
                    let core = part.strip_suffix('-').unwrap_or(part);
                    cuts.extend(self.hyphenator.breaks(core).into_iter().map(|b| offset + b));
                    offset += part.len();
                }
            }
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
                push_box(&mut items, &mut pieces, &shaped.glyphs[start..end], scale);
                items.push(Item::Penalty {
                    width: hyphen.advance * scale,
                    cost: 50.0,
                    flagged: true,
                });
                pieces.push(Piece::Hyphen(hyphen.clone()));
                start = end;
            }
            push_box(&mut items, &mut pieces, &shaped.glyphs[start..], scale);
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

    /// Sets one paragraph into lines of `measure` points.
    fn paragraph(
        &mut self,
        text: &str,
        style: &BlockStyle,
        measure: f32,
        tolerance: f32,
    ) -> Vec<SetLine> {
        let font = FontStyle::new(style.bold, style.italic);
        let text = if style.uppercase {
            text.to_uppercase()
        } else {
            text.to_string()
        };
        let (items, pieces) = self.items(&text, style, font);
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
            lines.push(self.line(&items, &pieces, start, b, b == last, style, font, measure));
            start = b + 1;
            while start < items.len() && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
        }
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        items: &[Item],
        pieces: &[Piece],
        start: usize,
        end: usize,
        last: bool,
        style: &BlockStyle,
        font: FontStyle,
        measure: f32,
    ) -> SetLine {
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
            (Item::Penalty { width, .. }, Piece::Hyphen(g)) => {
                natural += width;
                Some(g.clone())
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
        let mut glyphs = Vec::new();
        let mut width = 0.0;
        for (item, piece) in items[start..end].iter().zip(&pieces[start..end]) {
            match (item, piece) {
                (Item::Box { .. }, Piece::Glyphs(gs)) => {
                    for g in gs {
                        width += g.advance * scale;
                    }
                    glyphs.extend(gs.iter().cloned());
                }
                (
                    Item::Glue {
                        width: w,
                        stretch: st,
                        shrink: sh,
                    },
                    Piece::Space(space),
                ) => {
                    let actual = if ratio >= 0.0 {
                        w + ratio * st
                    } else {
                        w + ratio * sh
                    };
                    let mut g = space.clone();
                    g.advance = actual / scale;
                    width += actual;
                    glyphs.push(g);
                }
                _ => {}
            }
        }
        if let Some(h) = hyphen {
            width += h.advance * scale;
            glyphs.push(h);
        }
        let indent = match &items[start] {
            Item::Box { width } if matches!(pieces[start], Piece::Nothing) => *width,
            _ => 0.0,
        };
        let x = match style.align {
            Align::Justify | Align::Left => indent,
            Align::Center => (measure - width) / 2.0,
            Align::Right => measure - width,
        };
        SetLine {
            segments: vec![Segment {
                x,
                style: font,
                size: style.size,
                glyphs,
            }],
        }
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

/// A number keeps the word after it on its line (`6 June`, `2022 г.`,
/// `на 3 л.`), as does the numero sign.
fn binds_to_next(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit() || c == '№')
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || "-–./,№".contains(c))
}

fn push_box(items: &mut Vec<Item>, pieces: &mut Vec<Piece>, glyphs: &[Glyph], scale: f32) {
    let width = glyphs.iter().map(|g| g.advance).sum::<f32>() * scale;
    items.push(Item::Box { width });
    pieces.push(Piece::Glyphs(glyphs.to_vec()));
}

/// Places blocks on pages. Pages after the first carry `page_label(n)`
/// (n counted from 1) centred in the top margin; the letterhead is not
/// repeated.
pub fn layout(
    blocks: &[Block],
    sheet: &StyleSheet,
    setter: &mut Typesetter,
    page_label: &mut dyn FnMut(usize) -> String,
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
        let set = setter.block(block, style, measure, page.tolerance);
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
                place(&mut pages, line, left, y - style.size);
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
                    place(&mut pages, line, left, y - style.size);
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
        let label = page_label(n);
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

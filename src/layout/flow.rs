//! Placing set paragraphs on pages: blocks one after another, a block kept
//! together when its style asks, blocks marked `bottom` at the foot of the
//! last page, and page numbers on continuation pages.
//!
//! Whatever cannot be placed inside the margins — a block at the foot
//! taller than the page, a line wider than its measure — is set where it
//! falls and reported ([`Overflow`]), for the renderer to refuse or warn
//! of: nothing is cut off in silence.

use super::frame::{Line, Page, Picture, Segment};
use super::paragraph::{OVERFULL_SLACK, SetLine, Typesetter};
use super::style::{Align, BlockStyle, MM, PageStyle, StyleSheet};
use crate::markup::Block;

/// A thousandth of a point: positions closer than this to the edge of the
/// printable area are on it (the sums of floats).
const EDGE_SLACK: f32 = 1e-3;

/// Why blocks could not be laid out; `E` is why a page number could not
/// be worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError<E> {
    /// A block names a style the style sheet lacks.
    UnknownStyle {
        /// The block's style name.
        style: String,
        /// Line of the block in the rendered template text.
        line: usize,
    },
    /// The page number of a continuation page could not be worded.
    PageLabel(E),
}

/// Something the layout could not keep inside the printable area of the
/// page (within the margins): text that would be cut off, printed in a
/// margin, or lost. [`lay_out`] reports each; nothing here is dropped
/// without one.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    /// The block it is in, as an index into the blocks laid out; `None`
    /// for a page number, and from [`outside`], which knows no blocks.
    pub block: Option<usize>,
    /// The paragraph of that block where it starts (0 for a picture or a
    /// page number; from [`outside`], counted over the whole flow).
    pub paragraph: usize,
    /// The page, counted from 1.
    pub page: usize,
    /// What does not fit.
    pub kind: OverflowKind,
}

/// What does not fit, and by how much; lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub enum OverflowKind {
    /// Lines set above the top margin: a block kept on one page (one at
    /// the foot of the last page) that is taller than the page.
    Above {
        /// How many lines.
        lines: usize,
        /// How many of them lie wholly above the edge of the paper.
        off_paper: usize,
    },
    /// Lines set below the bottom margin: a line taller than the page.
    Below {
        /// How many lines.
        lines: usize,
        /// How many of them lie wholly below the edge of the paper.
        off_paper: usize,
    },
    /// A picture reaching out of the printable area.
    Picture {
        /// Its width.
        width: f32,
        /// Its height.
        height: f32,
    },
    /// A line wider than its measure: a word (or words tied together)
    /// that no break can divide.
    Overfull {
        /// The widest word of the line, as set.
        word: String,
        /// How much wider than the measure the line is.
        by: f32,
        /// Part of it lies beyond the edge of the paper: it is cut off.
        off_paper: bool,
    },
    /// A page number that takes more than one line: only one is printed.
    PageNumber {
        /// How many lines it takes.
        lines: usize,
    },
}

impl Overflow {
    /// Whether text is lost or printed outside the printable area: all
    /// but an overfull line that still ends on the paper (in the margin).
    pub fn loses_text(&self) -> bool {
        !matches!(
            self.kind,
            OverflowKind::Overfull {
                off_paper: false,
                ..
            }
        )
    }
}

/// Pages, and what did not fit on them.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    /// The pages.
    pub pages: Vec<Page>,
    /// Everything placed outside the printable area, in the order set.
    pub overflows: Vec<Overflow>,
}

/// [`lay_out`], keeping the pages alone: what does not fit is set as it
/// falls and not reported. Where it must be reported (a note's PDF), use
/// [`lay_out`].
pub fn layout<E>(
    blocks: &[Block],
    sheet: &StyleSheet,
    setter: &mut Typesetter,
    page_label: &mut dyn FnMut(usize) -> Result<String, E>,
) -> Result<Vec<Page>, LayoutError<E>> {
    lay_out(blocks, sheet, setter, page_label).map(|laid| laid.pages)
}

/// Places blocks on pages. Pages after the first carry `page_label(n)`
/// (n counted from 1) centred in the top margin; the letterhead is not
/// repeated.
///
/// A page break leaves no paragraph's first line alone at the foot of a
/// page (an orphan) nor its last line alone at the head of the next (a
/// widow), and never falls after a divided word; a block that keeps with
/// the next (a heading) goes to the next page with its first lines.
///
/// What cannot be placed inside the printable area — a block at the foot
/// taller than the page, a line wider than the measure, a picture or a
/// line taller than the page — is still set where it falls (the pages
/// are whole), and reported in [`Laid::overflows`].
pub fn lay_out<E>(
    blocks: &[Block],
    sheet: &StyleSheet,
    setter: &mut Typesetter,
    page_label: &mut dyn FnMut(usize) -> Result<String, E>,
) -> Result<Laid, LayoutError<E>> {
    let page = &sheet.page;
    let (width, height) = (page.width * MM, page.height * MM);
    let left = page.margins.left * MM;
    let measure = width - left - page.margins.right * MM;
    let top = height - page.margins.top * MM;
    let bottom = page.margins.bottom * MM;

    // Every block is set before any is placed: whether a heading fits
    // depends on the lines of the paragraph after it.
    let mut set_blocks = Vec::with_capacity(blocks.len());
    for block in blocks {
        let style = sheet
            .block
            .get(&block.style)
            .ok_or_else(|| LayoutError::UnknownStyle {
                style: block.style.clone(),
                line: block.line,
            })?;
        let set = setter.block(block, style, measure - text_indent(style), page);
        set_blocks.push((style, set));
    }
    // Each block with its index, for the report of what does not fit.
    let (flowing, footer): (Vec<_>, Vec<_>) = set_blocks
        .into_iter()
        .enumerate()
        .partition(|(_, (style, _))| !style.bottom);
    let (indices, mut flowing): (Vec<usize>, Vec<_>) = flowing.into_iter().unzip();

    let mut flow = Flow {
        pages: Vec::new(),
        overflows: Vec::new(),
        width,
        height,
        top,
        bottom,
        y: top,
        at_top: true,
        paragraphs: 0,
    };
    flow.new_page();
    for i in 0..flowing.len() {
        let style = flowing[i].0;
        if !flow.at_top {
            flow.y -= style.space_before;
        }
        let picture = style.image.as_ref().and_then(|im| {
            let image = sheet.images.get(&im.file)?;
            let w = im.width * MM;
            let h = w * image.height / image.width;
            Some((image.clone(), w, h, im.gap * MM))
        });
        let above = picture.as_ref().map_or(0.0, |(_, _, h, gap)| h + gap);
        let needed = above
            + if style.keep_with_next {
                block_height(style, &flowing[i].1) + start_height(&flowing[i + 1..])
            } else if style.keep_together || style.seal_space.is_some() {
                block_height(style, &flowing[i].1)
            } else {
                0.0
            };
        if flow.y - needed < bottom && !flow.at_top {
            flow.new_page();
        }
        if let Some((image, w, h, gap)) = picture {
            let column = measure - style.margin_left;
            let x = left
                + style.margin_left
                + match style.align {
                    Align::Center => (column - w) / 2.0,
                    Align::Right => column - w,
                    Align::Left | Align::Justify => 0.0,
                };
            let y = flow.y - h;
            let outside = y < bottom - EDGE_SLACK
                || x < left - EDGE_SLACK
                || x + w > left + measure + EDGE_SLACK;
            if outside {
                flow.overflows.push(Overflow {
                    block: Some(indices[i]),
                    paragraph: 0,
                    page: flow.pages.len(),
                    kind: OverflowKind::Picture {
                        width: w,
                        height: h,
                    },
                });
            }
            if let Some(page) = flow.pages.last_mut() {
                page.images.push(Picture {
                    image,
                    x,
                    y,
                    width: w,
                    height: h,
                });
            }
            flow.y = y - gap;
            flow.at_top = false;
        }
        let (block_top, block_page) = (flow.y, flow.pages.len());
        for (p, paragraph) in flowing[i].1.iter_mut().enumerate() {
            let at = At {
                block: indices[i],
                paragraph: p,
            };
            flow.paragraph(paragraph, style, left + text_indent(style), at);
            flow.y -= style.space_after;
        }
        // The seal's room, below the block's top on the page it started.
        if flow.pages.len() == block_page {
            flow.y = flow.y.min(block_top - seal_height(style));
        }
    }

    if !footer.is_empty() {
        let needed: f32 = footer
            .iter()
            .map(|(_, (s, set))| s.space_before + block_height(s, set))
            .sum();
        if flow.y - needed < bottom {
            new_page(&mut flow.pages, width, height);
        }
        // Kept whole at the foot: a block taller than the page starts
        // above its top margin (reported line by line).
        let mut y = bottom + needed;
        let mut paragraph = flow.paragraphs;
        for (block, (style, mut set)) in footer {
            y -= style.space_before;
            let block_top = y;
            for (p, lines) in set.iter_mut().enumerate() {
                let at = At {
                    block,
                    paragraph: p,
                };
                for line in lines {
                    flow.place(
                        line,
                        left + text_indent(style),
                        y,
                        style,
                        at,
                        Some(paragraph),
                    );
                    y -= style.size * style.leading;
                }
                paragraph += 1;
                y -= style.space_after;
            }
            y = y.min(block_top - seal_height(style));
        }
    }
    let mut overflows = flow.overflows;
    let mut pages = flow.pages;

    let number_style = BlockStyle {
        size: page.number_size,
        align: Align::Center,
        hyphenate: false,
        ..BlockStyle::default()
    };
    let count = pages.len();
    for n in 2..=count {
        let label = page_label(n).map_err(LayoutError::PageLabel)?;
        let mut lines = setter.paragraph(&label, &number_style, measure, page);
        if lines.len() > 1 {
            overflows.push(Overflow {
                block: None,
                paragraph: 0,
                page: n,
                kind: OverflowKind::PageNumber { lines: lines.len() },
            });
        }
        if let Some(line) = lines.pop() {
            let baseline = top + (height - top) / 2.0 - page.number_size / 2.0;
            let page = &mut pages[n - 1];
            let mut set = line;
            for s in &mut set.segments {
                s.x += left;
            }
            if let Some(kind) = overfull(&set, &set.segments, width) {
                overflows.push(Overflow {
                    block: None,
                    paragraph: 0,
                    page: n,
                    kind,
                });
            }
            page.lines.insert(
                0,
                Line {
                    y: baseline,
                    segments: set.segments,
                    letter_spacing: set.letter_spacing,
                    paragraph: None,
                },
            );
        }
    }
    Ok(Laid { pages, overflows })
}

/// What lies outside the printable area of `pages`, set by [`layout`]
/// with the page style `page`: found from where the lines are, for pages
/// whose blocks are not at hand. A line's top is taken to be its size
/// above its baseline (as [`lay_out`] sets it), its foot its baseline; a
/// line is overfull when it reaches into the right margin. Page numbers
/// (in the top margin by design) are not held to the margins, only to the
/// paper; `block` is `None` throughout and `paragraph` counts the
/// paragraphs of the whole flow.
pub fn outside(pages: &[Page], page: &PageStyle) -> Vec<Overflow> {
    let (width, height) = (page.width * MM, page.height * MM);
    let top = height - page.margins.top * MM;
    let bottom = page.margins.bottom * MM;
    let right = width - page.margins.right * MM;
    let mut found: Vec<Overflow> = Vec::new();
    for (n, p) in pages.iter().enumerate() {
        for line in &p.lines {
            let size = line.segments.first().map_or(0.0, |s| s.size);
            let start = line.segments.first().map_or(0.0, |s| s.x);
            let end = line.right();
            let off_paper = start < -EDGE_SLACK || end > width + EDGE_SLACK;
            let Some(paragraph) = line.paragraph else {
                if off_paper {
                    found.push(Overflow {
                        block: None,
                        paragraph: 0,
                        page: n + 1,
                        kind: OverflowKind::Overfull {
                            word: widest_word(&line.segments),
                            by: (end - right).max(0.0),
                            off_paper,
                        },
                    });
                }
                continue;
            };
            let vertical = if line.y + size > top + EDGE_SLACK {
                Some(OverflowKind::Above {
                    lines: 1,
                    off_paper: usize::from(line.y >= height),
                })
            } else if line.y < bottom - EDGE_SLACK {
                Some(OverflowKind::Below {
                    lines: 1,
                    off_paper: usize::from(line.y + size <= 0.0),
                })
            } else {
                None
            };
            if let Some(kind) = vertical {
                let same = found.iter_mut().rev().find(|o| {
                    o.page == n + 1
                        && std::mem::discriminant(&o.kind) == std::mem::discriminant(&kind)
                });
                match (same.map(|o| &mut o.kind), &kind) {
                    (
                        Some(
                            OverflowKind::Above { lines, off_paper }
                            | OverflowKind::Below { lines, off_paper },
                        ),
                        OverflowKind::Above {
                            off_paper: more, ..
                        }
                        | OverflowKind::Below {
                            off_paper: more, ..
                        },
                    ) => {
                        *lines += 1;
                        *off_paper += more;
                    }
                    _ => found.push(Overflow {
                        block: None,
                        paragraph,
                        page: n + 1,
                        kind,
                    }),
                }
            }
            if end > right + OVERFULL_SLACK || off_paper {
                found.push(Overflow {
                    block: None,
                    paragraph,
                    page: n + 1,
                    kind: OverflowKind::Overfull {
                        word: widest_word(&line.segments),
                        by: (end - right).max(0.0),
                        off_paper,
                    },
                });
            }
        }
        for picture in &p.images {
            let outside = picture.y < bottom - EDGE_SLACK
                || picture.y + picture.height > top + EDGE_SLACK
                || picture.x < page.margins.left * MM - EDGE_SLACK
                || picture.x + picture.width > right + EDGE_SLACK;
            if outside {
                found.push(Overflow {
                    block: None,
                    paragraph: 0,
                    page: n + 1,
                    kind: OverflowKind::Picture {
                        width: picture.width,
                        height: picture.height,
                    },
                });
            }
        }
    }
    found
}

/// Where a line comes from: the block (an index into the blocks laid
/// out) and its paragraph.
#[derive(Debug, Clone, Copy)]
struct At {
    block: usize,
    paragraph: usize,
}

/// The pages so far and where the next line goes.
struct Flow {
    pages: Vec<Page>,
    /// What was placed outside the printable area so far.
    overflows: Vec<Overflow>,
    width: f32,
    height: f32,
    top: f32,
    bottom: f32,
    /// Top of the next line.
    y: f32,
    /// Nothing has been placed on the last page yet.
    at_top: bool,
    /// Paragraphs placed so far.
    paragraphs: usize,
}

impl Flow {
    fn new_page(&mut self) {
        new_page(&mut self.pages, self.width, self.height);
        self.y = self.top;
        self.at_top = true;
    }

    /// Places a paragraph's lines, breaking pages where they run out.
    fn paragraph(&mut self, lines: &mut [SetLine], style: &BlockStyle, left: f32, at: At) {
        let lead = style.size * style.leading;
        let mut i = 0;
        while i < lines.len() {
            // A thousandth of a line's slack for the sums of floats.
            let room = ((self.y - self.bottom) / lead + 1e-3).max(0.0) as usize;
            let rest = &mut lines[i..];
            let mut take = if room >= rest.len() {
                rest.len()
            } else {
                page_break(rest, room, i == 0)
            };
            if take == 0 && self.at_top {
                // Not even a page holds what the rules ask: break anyway.
                take = room.max(1).min(rest.len());
            }
            for line in &mut rest[..take] {
                let paragraph = Some(self.paragraphs);
                self.place(line, left, self.y, style, at, paragraph);
                self.y -= lead;
                self.at_top = false;
            }
            i += take;
            if i < lines.len() {
                self.new_page();
            }
        }
        self.paragraphs += 1;
    }

    /// Puts a set line on the last page, its top at `y` and its text
    /// column starting at `left`, and reports it if any of it falls
    /// outside the printable area.
    fn place(
        &mut self,
        line: &mut SetLine,
        left: f32,
        y: f32,
        style: &BlockStyle,
        at: At,
        paragraph: Option<usize>,
    ) {
        let mut segments = std::mem::take(&mut line.segments);
        for s in &mut segments {
            s.x += left;
        }
        let page = self.pages.len();
        let (height, lead) = (self.height, style.size * style.leading);
        let vertical = if y > self.top + EDGE_SLACK {
            let off = y - lead >= height;
            Some(OverflowKind::Above {
                lines: 1,
                off_paper: usize::from(off),
            })
        } else if y - lead < self.bottom - EDGE_SLACK {
            let off = y <= 0.0;
            Some(OverflowKind::Below {
                lines: 1,
                off_paper: usize::from(off),
            })
        } else {
            None
        };
        for kind in vertical
            .into_iter()
            .chain(overfull(line, &segments, self.width))
        {
            self.report(at, page, kind);
        }
        if let Some(page) = self.pages.last_mut() {
            page.lines.push(Line {
                y: y - style.size,
                segments,
                letter_spacing: line.letter_spacing,
                paragraph,
            });
        }
    }

    /// Adds an overflow; lines above or below the margins add up, one
    /// report for each block and page.
    fn report(&mut self, at: At, page: usize, kind: OverflowKind) {
        let same = self.overflows.iter_mut().rev().find(|o| {
            o.block == Some(at.block)
                && o.page == page
                && std::mem::discriminant(&o.kind) == std::mem::discriminant(&kind)
        });
        if let Some(o) = same {
            match (&mut o.kind, &kind) {
                (
                    OverflowKind::Above { lines, off_paper },
                    OverflowKind::Above {
                        lines: more,
                        off_paper: more_off,
                    },
                )
                | (
                    OverflowKind::Below { lines, off_paper },
                    OverflowKind::Below {
                        lines: more,
                        off_paper: more_off,
                    },
                ) => {
                    *lines += more;
                    *off_paper += more_off;
                    return;
                }
                _ => {}
            }
        }
        self.overflows.push(Overflow {
            block: Some(at.block),
            paragraph: at.paragraph,
            page,
            kind,
        });
    }
}

/// The overflow of a line wider than its measure or reaching past the
/// edge of the paper (`width` wide), with `segments` where it is placed.
fn overfull(line: &SetLine, segments: &[Segment], width: f32) -> Option<OverflowKind> {
    let start = segments.first().map_or(0.0, |s| s.x);
    let end = segments.last().map_or(0.0, Segment::right);
    let off_paper = start < -EDGE_SLACK || end > width + EDGE_SLACK;
    (line.overfull > OVERFULL_SLACK || off_paper).then(|| OverflowKind::Overfull {
        word: widest_word(segments),
        by: line.overfull,
        off_paper,
    })
}

/// The widest word of a line: its glyphs between two spaces.
fn widest_word(segments: &[Segment]) -> String {
    let mut best = (0.0f32, String::new());
    let mut word = (0.0f32, String::new());
    for s in segments {
        for g in &s.glyphs {
            if g.text.chars().all(char::is_whitespace) && !g.text.is_empty() {
                if word.0 > best.0 {
                    best = std::mem::take(&mut word);
                }
                word = (0.0, String::new());
            } else {
                word.0 += g.advance * s.size / 1000.0;
                word.1.push_str(&g.text);
            }
        }
    }
    if word.0 > best.0 {
        best = word;
    }
    best.1
}

/// How many of a paragraph's remaining `lines` to leave on a page with
/// room for `room` of them: none would leave a widow or an orphan or end
/// the page in a hyphen. `first`: the paragraph starts on this page.
fn page_break(lines: &[SetLine], room: usize, first: bool) -> usize {
    let mut take = room;
    if take > 0 && lines.len() - take == 1 {
        take -= 1;
    }
    while take > 0 && lines[take - 1].hyphenated {
        take -= 1;
    }
    if first && take == 1 {
        take = 0;
    }
    take
}

/// The height a block kept with the next needs below it: the next
/// block's space above and its first lines (all of a block kept together
/// or kept with the next in turn; else as many lines as a page break
/// would leave).
fn start_height(rest: &[(&BlockStyle, Vec<Vec<SetLine>>)]) -> f32 {
    let Some((style, set)) = rest.first() else {
        return 0.0;
    };
    let lead = style.size * style.leading;
    style.space_before
        + if style.keep_with_next {
            block_height(style, set) + start_height(&rest[1..])
        } else if style.keep_together {
            block_height(style, set)
        } else {
            let n = set.first().map_or(0, Vec::len);
            // A paragraph of three lines or fewer cannot be parted without
            // a widow or an orphan; a longer one leaves two.
            (if n <= 3 { n } else { 2 }) as f32 * lead
        }
}

/// The height a block's lines take, or its seal space if that is taller.
fn block_height(style: &BlockStyle, set: &[Vec<SetLine>]) -> f32 {
    let lines: f32 = set
        .iter()
        .map(|p| p.len() as f32 * style.size * style.leading + style.space_after)
        .sum();
    lines.max(seal_height(style))
}

/// Where a block's text starts, from the left margin: its own margin and
/// any room kept for the seal.
fn text_indent(style: &BlockStyle) -> f32 {
    style.margin_left + style.seal_space.map_or(0.0, |s| s.width * MM)
}

fn seal_height(style: &BlockStyle) -> f32 {
    style.seal_space.map_or(0.0, |s| s.height * MM)
}

fn new_page(pages: &mut Vec<Page>, width: f32, height: f32) {
    pages.push(Page {
        width,
        height,
        lines: Vec::new(),
        images: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of a paragraph; `true` where a line ends in a hyphen.
    fn lines(hyphens: &[bool]) -> Vec<SetLine> {
        hyphens
            .iter()
            .map(|&hyphenated| SetLine {
                segments: Vec::new(),
                letter_spacing: 0.0,
                hyphenated,
                overfull: 0.0,
            })
            .collect()
    }

    #[test]
    fn a_page_break_leaves_no_widow_orphan_or_divided_word() {
        let plain = lines(&[false; 5]);
        assert_eq!(page_break(&plain, 3, true), 3);
        // The last line would be alone on the next page.
        assert_eq!(page_break(&plain, 4, true), 3);
        // The first line would be alone at the foot.
        assert_eq!(page_break(&plain, 1, true), 0);
        // Further on in a paragraph, one line at the foot is no orphan.
        assert_eq!(page_break(&plain, 1, false), 1);
        assert_eq!(page_break(&plain, 0, true), 0);
        let divided = lines(&[false, false, true, false, false]);
        assert_eq!(page_break(&divided, 3, true), 2);
        // Two lines back is the first alone: the paragraph moves whole.
        let divided = lines(&[false, true, true, false, false]);
        assert_eq!(page_break(&divided, 3, true), 0);
    }
}

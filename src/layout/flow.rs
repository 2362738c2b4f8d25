//! Placing set paragraphs on pages: blocks one after another, a block kept
//! together when its style asks, blocks marked `bottom` at the foot of the
//! last page, and page numbers on continuation pages.

use super::frame::{Line, Page, Picture};
use super::paragraph::{SetLine, Typesetter};
use super::style::{Align, BlockStyle, MM, StyleSheet};
use crate::markup::Block;

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

/// Places blocks on pages. Pages after the first carry `page_label(n)`
/// (n counted from 1) centred in the top margin; the letterhead is not
/// repeated.
///
/// A page break leaves no paragraph's first line alone at the foot of a
/// page (an orphan) nor its last line alone at the head of the next (a
/// widow), and never falls after a divided word; a block that keeps with
/// the next (a heading) goes to the next page with its first lines.
pub fn layout<E>(
    blocks: &[Block],
    sheet: &StyleSheet,
    setter: &mut Typesetter,
    page_label: &mut dyn FnMut(usize) -> Result<String, E>,
) -> Result<Vec<Page>, LayoutError<E>> {
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
    let (mut flowing, footer): (Vec<_>, Vec<_>) =
        set_blocks.into_iter().partition(|(style, _)| !style.bottom);

    let mut flow = Flow {
        pages: Vec::new(),
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
        for paragraph in &mut flowing[i].1 {
            flow.paragraph(paragraph, style, left + text_indent(style));
            flow.y -= style.space_after;
        }
        // The seal's room, below the block's top on the page it started.
        if flow.pages.len() == block_page {
            flow.y = flow.y.min(block_top - seal_height(style));
        }
    }

    let mut pages = flow.pages;
    if !footer.is_empty() {
        let needed: f32 = footer
            .iter()
            .map(|(s, set)| s.space_before + block_height(s, set))
            .sum();
        if flow.y - needed < bottom {
            new_page(&mut pages, width, height);
        }
        let mut y = bottom + needed;
        let mut paragraph = flow.paragraphs;
        for (style, mut set) in footer {
            y -= style.space_before;
            let block_top = y;
            for lines in &mut set {
                for line in lines {
                    place(
                        &mut pages,
                        line,
                        left + text_indent(style),
                        y - style.size,
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
                    letter_spacing: set.letter_spacing,
                    paragraph: None,
                },
            );
        }
    }
    Ok(pages)
}

/// The pages so far and where the next line goes.
struct Flow {
    pages: Vec<Page>,
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
    fn paragraph(&mut self, lines: &mut [SetLine], style: &BlockStyle, left: f32) {
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
                place(
                    &mut self.pages,
                    line,
                    left,
                    self.y - style.size,
                    Some(self.paragraphs),
                );
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

fn place(
    pages: &mut [Page],
    line: &mut SetLine,
    left: f32,
    baseline: f32,
    paragraph: Option<usize>,
) {
    let mut segments = std::mem::take(&mut line.segments);
    for s in &mut segments {
        s.x += left;
    }
    if let Some(page) = pages.last_mut() {
        page.lines.push(Line {
            y: baseline,
            segments,
            letter_spacing: line.letter_spacing,
            paragraph,
        });
    }
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

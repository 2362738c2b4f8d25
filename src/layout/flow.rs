//! Placing set paragraphs on pages: blocks one after another, a block kept
//! together when its style asks, blocks marked `bottom` at the foot of the
//! last page, and page numbers on continuation pages.

use super::frame::{Line, Page};
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

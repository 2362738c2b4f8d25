//! Page breaks as a chancery expects them: no paragraph leaves one line
//! alone at the foot (an orphan) or the head (a widow) of a page, no page
//! ends in a divided word, and a heading goes with what follows — in
//! notes and in text enclosures, in every language.
//!
//! The breaks of a few documents are too few to meet each case, so every
//! document is laid out on pages of many heights: each height moves every
//! break to another line.

use std::collections::BTreeMap;
use std::path::Path;

use verbale::enclosure::text;
use verbale::layout::font::Shaper;
use verbale::layout::style::{BlockStyle, MM, StyleSheet};
use verbale::layout::{Line, Page, Typesetter, layout};
use verbale::markup::Block;
use verbale::project::Project;
use verbale::world::Inputs;

use crate::common;

/// How often each rule decided a break, over a sweep.
#[derive(Debug, Default)]
struct Decided {
    /// A page ended a line early so the next would not start with a
    /// paragraph's last line alone.
    widows: usize,
    /// A paragraph went whole to the next page rather than leave its
    /// first line alone at the foot.
    orphans: usize,
    /// A page ended a line early rather than in a divided word.
    hyphens: usize,
    /// A heading went to the next page with its paragraph.
    headings: usize,
    /// Page breaks seen.
    breaks: usize,
}

/// What the test knows of each paragraph of the flow, in its order.
struct Paragraph<'a> {
    style: &'a BlockStyle,
    first_in_block: bool,
}

fn paragraphs<'a>(blocks: &[Block], sheet: &'a StyleSheet) -> Vec<Paragraph<'a>> {
    let mut out = Vec::new();
    for bottom in [false, true] {
        for block in blocks {
            let style = &sheet.block[&block.style];
            if style.bottom != bottom {
                continue;
            }
            for i in 0..block.paragraphs.len() {
                out.push(Paragraph {
                    style,
                    first_in_block: i == 0,
                });
            }
        }
    }
    out
}

fn body(page: &Page) -> Vec<&Line> {
    page.lines
        .iter()
        .filter(|l| l.paragraph.is_some())
        .collect()
}

/// Lines that would fit below a line with its top at `top`.
fn room(top: f32, bottom: f32, style: &BlockStyle) -> usize {
    ((top - bottom) / (style.size * style.leading) + 1e-3).max(0.0) as usize
}

/// Checks every page break of `pages` and tells which rule decided it.
fn check_breaks(what: &str, pages: &[Page], paras: &[Paragraph], bottom: f32, d: &mut Decided) {
    let lines_of = |page: &Page, p: usize| -> Vec<String> {
        body(page)
            .into_iter()
            .filter(|l| l.paragraph == Some(p))
            .map(Line::text)
            .collect()
    };
    for (k, pair) in pages.windows(2).enumerate() {
        let (here, next) = (body(&pair[0]), body(&pair[1]));
        let (Some(last), Some(first)) = (here.last(), next.first()) else {
            continue;
        };
        let (p, q) = (last.paragraph.unwrap(), first.paragraph.unwrap());
        d.breaks += 1;
        let style = paras[p].style;
        let next_top = last.y + style.size - style.size * style.leading;
        assert!(
            !style.keep_with_next,
            "{what}: page {} ends with a heading: {}",
            k + 1,
            last.text()
        );
        let before = lines_of(&pair[0], p);
        assert!(
            !last.text().ends_with('\u{ad}'),
            "{what}: page {} ends in a divided word: {}",
            k + 1,
            last.text()
        );
        if p == q {
            let after = lines_of(&pair[1], q);
            assert!(
                before.len() >= 2 && after.len() >= 2,
                "{what}: a paragraph parted {} | {} lines at page {}: {before:?} | {after:?}",
                before.len(),
                after.len(),
                k + 1
            );
            let room = room(next_top, bottom, style);
            if room >= 1 {
                // Where the page had room, a page break taking all it could
                // would have ended at `after[room - 1]`.
                if after.len() - room.min(after.len()) == 1 {
                    d.widows += 1;
                } else if after[room - 1].ends_with('\u{ad}') {
                    d.hyphens += 1;
                }
            }
        } else if q == p + 1 {
            let next_style = paras[q].style;
            let mut top = next_top - style.space_after;
            if paras[q].first_in_block {
                top -= next_style.space_before;
            }
            let lines = lines_of(&pair[1], q).len();
            if room(top, bottom, next_style) >= 1 {
                if next_style.keep_with_next {
                    d.headings += 1;
                } else if room(top, bottom, next_style) == 1 && lines >= 2 {
                    d.orphans += 1;
                }
            }
        }
    }
}

/// Lays `blocks` out on pages of every height from 120 mm to A4 in steps
/// of 3 mm, checking each break.
fn sweep(
    what: &str,
    project: &Project,
    lang: &str,
    blocks: &[Block],
    sheet: &StyleSheet,
    d: &mut Decided,
) {
    let paras = paragraphs(blocks, sheet);
    let mut sheet = sheet.clone();
    for height in (120..=297).step_by(3) {
        sheet.page.height = height as f32;
        let pages = set_pages(project, lang, blocks, &sheet);
        let bottom = sheet.page.margins.bottom * MM;
        check_breaks(&format!("{what} on {height} mm"), &pages, &paras, bottom, d);
    }
}

/// `blocks` in `lang`, laid out on `sheet`'s pages.
fn set_pages(project: &Project, lang: &str, blocks: &[Block], sheet: &StyleSheet) -> Vec<Page> {
    let fonts = project.fonts.as_ref().unwrap();
    let mut shaper = Shaper::new(&fonts.book);
    let mut setter = Typesetter {
        shaper: &mut shaper,
        hyphenator: &project.hyphenation[lang].hyphenator,
        rules: &project.locales.get(lang).unwrap().typography.breaking,
    };
    layout(blocks, sheet, &mut setter, &mut |n| {
        Ok::<_, ()>(n.to_string())
    })
    .unwrap()
}

/// A note's style sheet and its blocks in each language, as its template
/// words them (the enclosure stated as three pages).
fn note_blocks<'p>(
    project: &'p Project,
    file: &str,
) -> (&'p StyleSheet, Vec<(&'static str, Vec<Block>)>) {
    let note = common::note(project, file);
    let source = std::fs::read_to_string(common::root().join(file)).unwrap();
    let sheet = &verbale::render::kind_of(project, &note).ok().unwrap().sheet;
    let versions = ["en", "ru", "kk"]
        .into_iter()
        .map(|lang| {
            let composed = verbale::render::compose(
                project,
                &note,
                lang,
                Some(3),
                &source,
                &mut Inputs::default(),
            )
            .unwrap();
            (lang, composed.blocks)
        })
        .collect();
    (sheet, versions)
}

fn enclosure_blocks(project: &Project, lang: &str, file: &str) -> Vec<Block> {
    let source = std::fs::read_to_string(common::root().join(file)).unwrap();
    let sheet = project.enclosure_style.as_ref().unwrap();
    let doc = text::parse_with(Path::new(file), &source, &sheet.label_words).unwrap();
    let mut blocks = doc.blocks;
    project
        .locales
        .get(lang)
        .unwrap()
        .typography
        .dress_blocks(&mut blocks);
    blocks
}

#[test]
fn no_widow_orphan_divided_word_or_lone_heading_at_a_page_break() {
    let project = common::project();
    let mut by_lang: BTreeMap<&str, (Decided, Decided)> = BTreeMap::new();
    for (lang, file) in [
        ("en", "enclosures/concept-paper-ICT-2022-2023.md"),
        ("ru", "enclosures/concept-paper-ICT-2022-2023.ru.md"),
        ("kk", "enclosures/concept-paper-ICT-2022-2023.kk.md"),
    ] {
        let blocks = enclosure_blocks(&project, lang, file);
        let sheet = project.enclosure_style.as_ref().unwrap();
        let (_, enclosure) = by_lang.entry(lang).or_default();
        sweep(file, &project, lang, &blocks, sheet, enclosure);
    }
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        let (sheet, versions) = note_blocks(&project, file);
        for (lang, blocks) in versions {
            let (notes, _) = by_lang.entry(lang).or_default();
            sweep(
                &format!("{file} [{lang}]"),
                &project,
                lang,
                &blocks,
                sheet,
                notes,
            );
        }
    }
    for (lang, (notes, enclosure)) in &by_lang {
        eprintln!("{lang} notes: {notes:?}\n{lang} enclosure: {enclosure:?}");
        // Each rule met its case, so the checks above could have failed.
        for (what, d) in [("notes", notes), ("enclosure", enclosure)] {
            assert!(d.widows > 0 && d.orphans > 0, "{lang} {what}: {d:?}");
        }
        assert!(
            enclosure.hyphens > 0 && enclosure.headings > 0,
            "{lang}: {enclosure:?}"
        );
    }
}

/// `seal_space` beside place and date: the text stays right of the room
/// and whatever follows starts below it, in every language.
#[test]
fn place_and_date_keep_room_for_the_seal_and_initials() {
    let project = common::project();
    let (sheet, versions) = note_blocks(&project, "notes/NCT-ICT-1013.toml");
    let space = sheet.block["place-date"]
        .seal_space
        .expect("the example keeps room");
    let left = sheet.page.margins.left * MM;
    for (lang, blocks) in versions {
        let mut blocks: Vec<Block> = blocks
            .into_iter()
            .filter(|b| b.style == "place-date")
            .collect();
        // A block set right after it, flush left.
        blocks.push(Block {
            style: "enclosure".into(),
            paragraphs: vec![vec!["Next.".into()]],
            line: 1,
        });
        let pages = set_pages(&project, lang, &blocks, sheet);
        let lines = &pages[0].lines;
        let (date, next) = (&lines[0], lines.last().unwrap());
        assert_eq!(next.text(), "Next.", "{lang}");
        let top = date.y + date.segments[0].size;
        assert!(
            date.segments[0].x >= left + space.width * MM - 0.01,
            "{lang}: place and date start at {}",
            date.segments[0].x
        );
        let next_top = next.y + next.segments[0].size;
        assert!(
            next_top <= top - space.height * MM + 0.01,
            "{lang}: the next block starts {:.1} mm below place and date",
            (top - next_top) / MM
        );
    }
}

//! The layout as positioned lines: alignment, pagination, page numbers and
//! the evenness of justified Kazakh text.

use crate::common;

use std::path::Path;

use verbale::layout::{Page, dump};
use verbale::note::Note;
use verbale::render::render;

const A4_WIDTH: f32 = 595.2756;
const MM: f32 = 72.0 / 25.4;

fn left() -> f32 {
    30.0 * MM
}
fn right() -> f32 {
    A4_WIDTH - 15.0 * MM
}

fn lines_with<'a>(page: &'a Page, needle: &str) -> Vec<&'a verbale::layout::Line> {
    page.lines
        .iter()
        .filter(|l| l.text().contains(needle))
        .collect()
}

#[test]
fn letterhead_centred_date_right_addressee_at_the_foot() {
    let project = common::project();
    let note = common::note(&project, "notes/NCT-ICT-1013.toml");
    let rendered = render(&project, &note).unwrap();
    let en = &rendered.versions[0].pages[0];
    let text = dump(&rendered.versions[0].pages);
    // Centred: equal room on both sides of each letterhead line.
    for line in &en.lines[..2] {
        let l = line.segments[0].x - left();
        let r = right() - line.right();
        assert!(
            (l - r).abs() < 0.5,
            "letterhead not centred: {l} vs {r}\n{text}"
        );
    }
    let date = lines_with(en, "Nur-Sultan, 12 August 2022")[0];
    assert!(
        (date.right() - right()).abs() < 0.1,
        "date not flush right\n{text}"
    );
    let addressee = lines_with(en, "IN ASIA").last().copied().unwrap();
    assert!((addressee.segments[0].x - left()).abs() < 0.01);
    assert!(
        addressee.y < 20.0 * MM + 20.0,
        "addressee not at the foot: y = {}",
        addressee.y
    );
    // The addressee comes last on the page; the date above it.
    assert!(date.y > addressee.y);
}

#[test]
fn justified_lines_end_at_the_right_margin() {
    let project = common::project();
    let note = common::note(&project, "notes/NCT-ICT-688.toml");
    let rendered = render(&project, &note).unwrap();
    for v in &rendered.versions {
        let page = &v.pages[0];
        // Body lines: those that start at the left margin or the indent and are
        // followed by another line of the same paragraph (1.35 × 12 pt below).
        let mut checked = 0;
        for pair in page.lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if (a.y - b.y - 16.2).abs() < 0.01 && a.segments[0].size == 12.0 {
                assert!(
                    (a.right() - right()).abs() < 0.05,
                    "{}: ragged line ({} vs {}): {}",
                    v.lang,
                    a.right(),
                    right(),
                    a.text()
                );
                checked += 1;
            }
        }
        assert!(checked >= 8, "{}: only {checked} justified lines", v.lang);
    }
}

#[test]
fn justified_kazakh_lines_are_not_loose() {
    let project = common::project();
    let mut ratios = Vec::new();
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        let rendered = render(&project, &common::note(&project, file)).unwrap();
        let kk = rendered.versions.iter().find(|v| v.lang == "kk").unwrap();
        let space = project
            .fonts
            .as_ref()
            .unwrap()
            .book
            .face(verbale::layout::font::FontStyle::Regular);
        let natural = space.width(space.space) as f32;
        for page in &kk.pages {
            for line in &page.lines {
                for g in &line.segments[0].glyphs {
                    if &*g.text == " " {
                        ratios.push(g.advance / natural);
                    }
                }
            }
        }
    }
    let max = ratios.iter().cloned().fold(0.0, f32::max);
    let mean = ratios.iter().sum::<f32>() / ratios.len() as f32;
    // At most twice the space (a line may be that loose rather than
    // hyphenate three lines in a row or end on a conjunction).
    assert!(
        max <= 2.0,
        "loosest Kazakh word space is {max:.2}× the natural space"
    );
    assert!(
        mean <= 1.3,
        "Kazakh word spaces average {mean:.2}× the natural space"
    );
}

#[test]
fn a_long_note_runs_onto_numbered_pages_without_repeating_the_letterhead() {
    let project = common::project();
    let source = std::fs::read_to_string(common::root().join("notes/NCT-ICT-688.toml")).unwrap();
    let paragraph = "The Secretariat would like to further note that the Plan of Implementation of\nthe said CBM is open for proposals from Member States wishing to organize their\nown thematic events.\n\n";
    let long = source.replacen(
        "The Secretariat would like to further note",
        &format!(
            "{}The Secretariat would like to further note",
            paragraph.repeat(14)
        ),
        1,
    );
    let note = Note::parse(Path::new("notes/long.toml"), &long).unwrap();
    let rendered = render(&project, &note).unwrap();
    let en = &rendered.versions[0];
    assert!(en.pages.len() >= 2, "{}", dump(&en.pages));
    let second = &en.pages[1];
    assert_eq!(second.lines[0].text(), "– 2 –");
    assert!(
        second.lines[0].y > 297.0 * MM - 20.0 * MM,
        "page number not in the top margin"
    );
    assert!(
        !second
            .lines
            .iter()
            .any(|l| l.text().contains("SECRETARIAT OF THE"))
    );
    assert!(en.pages[0].lines.iter().all(|l| !l.text().starts_with('–')));
    // The other versions still start on their own first page.
    assert!(
        rendered.versions[1].pages[0].lines[0]
            .text()
            .starts_with("SECRETARIAT")
    );
}

fn subtype(s: &lopdf::Stream) -> Option<&[u8]> {
    s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok()
}

/// The letterhead's emblem, as the shipped SVG (drawn as paths) and as a
/// PNG with transparency: on page 1 of every version and no other page,
/// centred above the letterhead, stored once in the PDF, which stays
/// qpdf-clean and the same from build to build.
#[test]
fn the_emblem_heads_each_version_and_is_embedded_once() {
    let png = common::fixture("emblem-png");
    for (project, kind) in [
        (common::project(), "Form"),
        (common::load(png.path()), "Image"),
    ] {
        let note = common::note(&project, "notes/NCT-ICT-1013.toml");
        let rendered = render(&project, &note).unwrap();
        for v in &rendered.versions {
            let first = &v.pages[0];
            assert_eq!(first.images.len(), 1, "{}: {:?}", v.lang, first.images);
            let p = &first.images[0];
            assert!((p.width - 20.0 * MM).abs() < 0.01, "{}", p.width);
            assert!((p.height - p.width).abs() < 0.01, "a square emblem");
            assert!(((p.x + p.width / 2.0) - (left() + right()) / 2.0).abs() < 0.5);
            let letterhead_top = first.lines.iter().map(|l| l.y).fold(0.0, f32::max);
            assert!(
                p.y > letterhead_top,
                "{}: the emblem is above the text",
                v.lang
            );
            assert!(v.pages[1..].iter().all(|p| p.images.is_empty()));
        }
        let doc = lopdf::Document::load_mem(&rendered.pdf).unwrap();
        let masks: Vec<_> = doc
            .objects
            .values()
            .filter_map(|o| {
                o.as_stream()
                    .ok()?
                    .dict
                    .get(b"SMask")
                    .ok()?
                    .as_reference()
                    .ok()
            })
            .collect();
        let pictures: Vec<_> = doc
            .objects
            .iter()
            .filter(|(id, _)| !masks.contains(id))
            .filter_map(|(_, o)| o.as_stream().ok())
            .filter(|s| matches!(subtype(s), Some(b"Image" | b"Form")))
            .collect();
        assert_eq!(pictures.len(), 1, "{kind}: one emblem");
        let emblem = pictures[0];
        assert_eq!(subtype(emblem), Some(kind.as_bytes()));
        if kind == "Image" {
            assert!(emblem.dict.has(b"SMask"), "the PNG's transparency is kept");
        } else {
            // The SVG's shapes, as paths: its rings are stroked, its
            // leaves and star filled, all in the emblem's navy.
            let ops = lopdf::content::Content::decode(&emblem.decompressed_content().unwrap())
                .unwrap()
                .operations;
            let count = |name: &str| ops.iter().filter(|op| op.operator == name).count();
            assert_eq!(count("S"), 11, "rings, globe and branches stroked");
            assert_eq!(count("f"), 19, "leaves and star filled");
            // Upright: the star, drawn last from (240, 54) of the SVG's
            // 480 × 480, is near the top of the unit square the page scales.
            let numbers = |op: &lopdf::content::Operation| -> Vec<f32> {
                op.operands.iter().map(|o| o.as_float().unwrap()).collect()
            };
            let flip = numbers(ops.iter().find(|op| op.operator == "cm").unwrap());
            let star = ops.iter().rev().find(|op| op.operator == "m").unwrap();
            let [x, y] = numbers(star)[..] else { panic!() };
            let (u, v) = (
                flip[0] * x + flip[2] * y + flip[4],
                flip[1] * x + flip[3] * y + flip[5],
            );
            assert!((u - 0.5).abs() < 0.01 && v > 0.85, "star at ({u}, {v})");
            assert!(ops.iter().any(|op| {
                op.operator == "rg"
                    && op
                        .operands
                        .iter()
                        .map(|o| o.as_float().unwrap())
                        .collect::<Vec<_>>()
                        == [0.122, 0.227, 0.408]
            }));
        }
        // Each version's first page draws it.
        let pages = doc.get_pages();
        let mut first_page = 1;
        for v in &rendered.versions {
            let id = pages[&first_page];
            let content = doc.get_page_content(id);
            let ops = lopdf::content::Content::decode(&content)
                .unwrap()
                .operations;
            assert!(
                ops.iter().any(|op| op.operator == "Do"),
                "{}: page {first_page} draws no picture",
                v.lang
            );
            first_page += v.pages.len() as u32;
        }
        assert_eq!(render(&project, &note).unwrap().pdf, rendered.pdf);
        common::assert_qpdf_clean(kind, &rendered.pdf);
    }
}

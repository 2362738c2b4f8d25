//! Text the layout cannot keep inside the margins is reported, never lost
//! in silence (`page-overflow`, `overfull-line`), in Russian, Kazakh and
//! English: by `check --render` and `build` alike, at the text it came
//! from, and a note with such an error gets no PDF.
//!
//! The fixtures (`tests/fixtures/page-overflow-*`, `overfull-line-*`) each
//! plant one: an address block 70 lines too long, a word that runs off
//! the paper (an error), a word that runs into the margin (a warning), a
//! word that runs off the paper in a text enclosure.

use std::path::Path;

use verbale::layout::font::Shaper;
use verbale::layout::style::{MM, StyleSheet};
use verbale::layout::{Laid, OverflowKind, Typesetter, lay_out, outside};
use verbale::markup::Block;
use verbale::project::Project;
use verbale::render::render;
use verbale::world::Inputs;

use crate::common;

/// `check --render` in GitHub's format (one line per problem) and its
/// exit code; then `build`, its exit code, what it printed, and the PDFs
/// it left in `out/`.
struct Outcome {
    check_code: i32,
    annotations: Vec<String>,
    deny_warnings_code: i32,
    build_code: i32,
    build_text: String,
    pdfs: Vec<String>,
}

fn outcome(case: &str) -> Outcome {
    let dir = common::fixture(case);
    let check = common::run(dir.path(), &["check", "--render", "--format", "github"]);
    let denied = common::run(dir.path(), &["check", "--render", "--deny-warnings"]);
    let build = common::run(dir.path(), &["build"]);
    let mut pdfs: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pdf"))
                .collect()
        })
        .unwrap_or_default();
    pdfs.sort();
    Outcome {
        check_code: check.code,
        annotations: check.stdout.lines().map(str::to_string).collect(),
        deny_warnings_code: denied.code,
        build_code: build.code,
        build_text: format!("{}{}", build.stderr, build.stdout),
        pdfs,
    }
}

/// The one annotation of `code`, which must start with `wanted`.
fn annotation<'a>(case: &str, o: &'a Outcome, code: &str, wanted: &str) -> &'a str {
    let found: Vec<&String> = o
        .annotations
        .iter()
        .filter(|l| l.contains(&format!(",title={code}::")))
        .collect();
    assert_eq!(found.len(), 1, "{case}: one {code}: {:#?}", o.annotations);
    assert!(
        found[0].starts_with(wanted),
        "{case}: expected\n  {wanted}…\ngot\n  {}",
        found[0]
    );
    found[0]
}

#[test]
fn an_address_block_taller_than_the_page_is_an_error_and_its_note_gets_no_pdf() {
    for (lang, line) in [("ru", 25), ("kk", 25), ("en", 30)] {
        let case = format!("page-overflow-addressee-{lang}");
        let o = outcome(&case);
        let found = annotation(
            &case,
            &o,
            "page-overflow",
            &format!(
                "::error file=locales/{lang}/note.ftl,line={line},col=9,title=page-overflow::note NCT/ICT/1013, `{lang}` version: the `addressee` block is 24 lines taller than the page%0A"
            ),
        );
        assert!(
            found.contains("its first 24 lines would be printed above the top margin of page 2, 19 of them off the paper"),
            "{case}: {found}"
        );
        assert_eq!(o.check_code, 1, "{case}");
        // `build` says the same, and writes the other note only.
        assert_eq!(o.build_code, 1, "{case}: {}", o.build_text);
        for wanted in [
            format!(
                "error[page-overflow]: note NCT/ICT/1013, `{lang}` version: the `addressee` block is 24 lines taller than the page\n"
            ),
            format!("┌─ locales/{lang}/note.ftl:{line}:9\n"),
            "notes/NCT-ICT-1013.toml: not built: it cannot be set\n".to_string(),
        ] {
            assert!(
                o.build_text.contains(&wanted),
                "{case}: build does not say\n  {wanted}in\n{}",
                o.build_text
            );
        }
        assert_eq!(o.pdfs, ["NCT-ICT-688.pdf"], "{case}");
    }
}

#[test]
fn a_word_that_runs_off_the_paper_is_an_error_at_the_word_and_its_note_gets_no_pdf() {
    for (lang, note, place, word, chars, by) in [
        (
            "ru",
            "688",
            "line=39,col=63",
            "Проект_Концепции_и_П",
            119,
            "88.1",
        ),
        (
            "kk",
            "1013",
            "line=24,col=306",
            "ққққққққққққққққққққ",
            150,
            "143.0",
        ),
        (
            "en",
            "1013",
            "line=17,col=150",
            "Draft_CICA_Leaders_S",
            100,
            "26.9",
        ),
    ] {
        let case = format!("overfull-line-cut-{lang}");
        let o = outcome(&case);
        annotation(
            &case,
            &o,
            "overfull-line",
            &format!(
                "::error file=notes/NCT-ICT-{note}.toml,{place},title=overfull-line::note NCT/ICT/{note}, `{lang}` version: the word `{word}…` ({chars} characters) cannot be broken and runs off the page: its line is {by} mm wider than the text column%0A= on page 1 of this version, in the `body` block%0A"
            ),
        );
        assert_eq!(o.check_code, 1, "{case}");
        assert_eq!(o.build_code, 1, "{case}: {}", o.build_text);
        let (line, col) = {
            let mut parts = place.split(',').map(|p| p.split('=').nth(1).unwrap());
            (parts.next().unwrap(), parts.next().unwrap())
        };
        for wanted in [
            format!(
                "error[overfull-line]: note NCT/ICT/{note}, `{lang}` version: the word `{word}…`"
            ),
            format!("┌─ notes/NCT-ICT-{note}.toml:{line}:{col}\n"),
            format!("notes/NCT-ICT-{note}.toml: not built: it cannot be set\n"),
        ] {
            assert!(
                o.build_text.contains(&wanted),
                "{case}: build does not say\n  {wanted}\nin\n{}",
                o.build_text
            );
        }
        let other = if note == "688" { "1013" } else { "688" };
        assert_eq!(o.pdfs, [format!("NCT-ICT-{other}.pdf")], "{case}");
    }
}

#[test]
fn a_word_that_runs_into_the_margin_is_a_warning_and_the_pdf_is_written() {
    for (lang, place, word, chars, by) in [
        ("ru", "line=39,col=63", "Проект_Концепции_и_П", 81, "4.6"),
        ("kk", "line=53,col=61", "Сенім_шараларын_іске", 78, "2.0"),
        ("en", "line=26,col=48", "Draft_Concept_Paper_", 89, "8.9"),
    ] {
        let case = format!("overfull-line-margin-{lang}");
        let o = outcome(&case);
        annotation(
            &case,
            &o,
            "overfull-line",
            &format!(
                "::warning file=notes/NCT-ICT-688.toml,{place},title=overfull-line::note NCT/ICT/688, `{lang}` version: the word `{word}…` ({chars} characters) cannot be broken and makes its line {by} mm wider than the text column, into the margin%0A"
            ),
        );
        assert!(
            !o.annotations.iter().any(|l| l.starts_with("::error")),
            "{case}: {:#?}",
            o.annotations
        );
        assert_eq!(o.check_code, 0, "{case}");
        assert_eq!(o.deny_warnings_code, 1, "{case}");
        assert_eq!(o.build_code, 0, "{case}: {}", o.build_text);
        assert!(
            o.build_text.contains(&format!(
                "warning[overfull-line]: note NCT/ICT/688, `{lang}` version: the word `{word}…`"
            )),
            "{case}: {}",
            o.build_text
        );
        assert_eq!(o.pdfs, ["NCT-ICT-1013.pdf", "NCT-ICT-688.pdf"], "{case}");
    }
}

/// The blocks of a note's `lang` version as its template words them, and
/// its style sheet.
fn note_blocks<'p>(project: &'p Project, file: &str, lang: &str) -> (&'p StyleSheet, Vec<Block>) {
    let note = common::note(project, file);
    let source = std::fs::read_to_string(common::root().join(file)).unwrap();
    let sheet = &verbale::render::kind_of(project, &note).ok().unwrap().sheet;
    let composed = verbale::render::compose(
        project,
        &note,
        lang,
        Some(3),
        &source,
        &mut Inputs::default(),
    )
    .unwrap();
    (sheet, composed.blocks)
}

/// The blocks of a text enclosure, dressed in its language.
fn enclosure_blocks(project: &Project, lang: &str, file: &str) -> Vec<Block> {
    let source = std::fs::read_to_string(common::root().join(file)).unwrap();
    let sheet = project.enclosure_style.as_ref().unwrap();
    let doc =
        verbale::enclosure::text::parse_with(Path::new(file), &source, &sheet.label_words).unwrap();
    let mut blocks = doc.blocks;
    project
        .locales
        .get(lang)
        .unwrap()
        .typography
        .dress_blocks(&mut blocks);
    blocks
}

fn set(project: &Project, lang: &str, blocks: &[Block], sheet: &StyleSheet) -> Laid {
    let fonts = project.fonts.as_ref().unwrap();
    let mut shaper = Shaper::new(&fonts.book);
    let mut setter = Typesetter {
        shaper: &mut shaper,
        hyphenator: &project.hyphenation[lang].hyphenator,
        rules: &project.locales.get(lang).unwrap().typography.breaking,
    };
    lay_out(blocks, sheet, &mut setter, &mut |n| {
        Ok::<_, ()>(n.to_string())
    })
    .unwrap()
}

/// The shipped notes and enclosures, on pages of many heights: nothing is
/// ever reported, by the layout nor by [`outside`] reading the pages.
#[test]
fn the_shipped_notes_and_enclosures_fit_on_pages_of_any_height() {
    let project = common::project();
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        let rendered = render(&project, &common::note(&project, file)).unwrap();
        assert!(
            rendered.diagnostics.is_empty(),
            "{file}: {:?}",
            rendered.diagnostics
        );
    }
    let mut sets = Vec::new();
    for (lang, file) in [
        ("en", "enclosures/concept-paper-ICT-2022-2023.md"),
        ("ru", "enclosures/concept-paper-ICT-2022-2023.ru.md"),
        ("kk", "enclosures/concept-paper-ICT-2022-2023.kk.md"),
        ("en", "enclosures/SUM-2022-DRAFT-3-Rev.1.md"),
    ] {
        let sheet = project.enclosure_style.as_ref().unwrap();
        sets.push((
            format!("{file} [{lang}]"),
            lang,
            sheet,
            enclosure_blocks(&project, lang, file),
        ));
    }
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        for lang in ["ru", "kk", "en"] {
            let (sheet, blocks) = note_blocks(&project, file, lang);
            sets.push((format!("{file} [{lang}]"), lang, sheet, blocks));
        }
    }
    for (what, lang, sheet, blocks) in sets {
        let mut sheet = sheet.clone();
        for height in (120..=297).step_by(9) {
            sheet.page.height = height as f32;
            let laid = set(&project, lang, &blocks, &sheet);
            assert_eq!(laid.overflows, [], "{what} on {height} mm");
            assert_eq!(
                outside(&laid.pages, &sheet.page),
                [],
                "{what} on {height} mm"
            );
        }
    }
}

/// What the layout reports is what is on the pages: the lines above the
/// top margin, and the line past the edge of the paper, as [`outside`]
/// finds them there.
#[test]
fn the_layout_reports_what_lies_outside_the_margins_of_its_pages() {
    let project = common::project();
    for lang in ["ru", "kk", "en"] {
        let (sheet, mut blocks) = note_blocks(&project, "notes/NCT-ICT-1013.toml", lang);
        let top = (sheet.page.height - sheet.page.margins.top) * MM;
        let addressee = blocks.iter_mut().find(|b| b.style == "addressee").unwrap();
        addressee.paragraphs[0].extend((1..=70).map(|n| n.to_string()));
        let laid = set(&project, lang, &blocks, sheet);
        let above = laid
            .pages
            .last()
            .unwrap()
            .lines
            .iter()
            .filter(|l| l.paragraph.is_some() && l.y + l.segments[0].size > top + 0.01);
        let above = above.count();
        assert!(above > 20, "{lang}: {above}");
        let block = blocks.iter().position(|b| b.style == "addressee");
        assert!(
            matches!(
                laid.overflows.as_slice(),
                [o] if o.block == block && o.page == laid.pages.len()
                    && matches!(o.kind, OverflowKind::Above { lines, .. } if lines == above)
            ),
            "{lang}: {above} lines above; reported {:?}",
            laid.overflows
        );
        assert!(
            matches!(
                outside(&laid.pages, &sheet.page).as_slice(),
                [o] if matches!(o.kind, OverflowKind::Above { lines, .. } if lines == above)
            ),
            "{lang}: {:?}",
            outside(&laid.pages, &sheet.page)
        );

        let (sheet, mut blocks) = note_blocks(&project, "notes/NCT-ICT-1013.toml", lang);
        let word = "ж".repeat(150);
        let body = blocks.iter().position(|b| b.style == "body").unwrap();
        blocks[body].paragraphs[0].push(word.clone());
        let laid = set(&project, lang, &blocks, sheet);
        assert!(
            matches!(
                laid.overflows.as_slice(),
                [o] if o.block == Some(body) && o.paragraph == 0 && o.page == 1
                    && matches!(&o.kind, OverflowKind::Overfull { word: w, by, off_paper: true }
                        if *w == word && *by > 100.0 * MM)
            ),
            "{lang}: {:?}",
            laid.overflows
        );
        assert!(
            matches!(
                outside(&laid.pages, &sheet.page).as_slice(),
                [o] if matches!(&o.kind, OverflowKind::Overfull { word: w, off_paper: true, .. } if *w == word)
            ),
            "{lang}: {:?}",
            outside(&laid.pages, &sheet.page)
        );
    }
}

/// A text enclosure is held to its margins too: its pages are read for
/// lines outside them, and a word that runs off the paper is an error at
/// the word in the enclosure file.
#[test]
fn a_word_that_runs_off_the_paper_in_a_text_enclosure_is_an_error_at_the_word() {
    let case = "overfull-line-enclosure-ru";
    let o = outcome(case);
    annotation(
        case,
        &o,
        "overfull-line",
        "::error file=enclosures/concept-paper-ICT-2022-2023.ru.md,line=11,col=74,title=overfull-line::note NCT/ICT/688, enclosure enclosures/concept-paper-ICT-2022-2023.ru.md: the word `Обзор_угроз_в_област…` (83 characters) cannot be broken and runs off the page: its line is 22.9 mm wider than the text column%0A= on page 1 of the enclosure%0A",
    );
    assert_eq!((o.check_code, o.build_code), (1, 1), "{}", o.build_text);
    assert!(
        o.build_text
            .contains("┌─ enclosures/concept-paper-ICT-2022-2023.ru.md:11:74\n"),
        "{}",
        o.build_text
    );
    assert_eq!(o.pdfs, ["NCT-ICT-1013.pdf"]);
}

/// A picture wider than the text column and a page number that takes two
/// lines are reported too (a style sheet that allows the picture is an
/// error of its own in `check`; the layout does not count on that).
#[test]
fn a_picture_out_of_the_margins_and_a_page_number_on_two_lines_are_reported() {
    let project = common::project();
    let (sheet, blocks) = note_blocks(&project, "notes/NCT-ICT-688.toml", "ru");
    let mut sheet = sheet.clone();
    sheet.page.height = 150.0;
    if let Some(image) = sheet
        .block
        .get_mut("letterhead")
        .and_then(|s| s.image.as_mut())
    {
        image.width = 200.0;
    }
    let fonts = project.fonts.as_ref().unwrap();
    let mut shaper = Shaper::new(&fonts.book);
    let mut setter = Typesetter {
        shaper: &mut shaper,
        hyphenator: &project.hyphenation["ru"].hyphenator,
        rules: &project.locales.get("ru").unwrap().typography.breaking,
    };
    let laid = lay_out(&blocks, &sheet, &mut setter, &mut |n| {
        // (Not numbers alone: a number keeps with the next word in Russian.)
        Ok::<_, ()>(format!("{n}{}", " x".repeat(300)))
    })
    .unwrap();
    assert!(laid.pages.len() >= 2);
    let letterhead = blocks.iter().position(|b| b.style == "letterhead");
    let pictures: Vec<_> = laid
        .overflows
        .iter()
        .filter(|o| matches!(o.kind, OverflowKind::Picture { .. }))
        .collect();
    assert!(
        matches!(pictures.as_slice(), [o] if o.block == letterhead && o.page == 1 && o.loses_text()),
        "{:?}",
        laid.overflows
    );
    let numbers: Vec<usize> = laid
        .overflows
        .iter()
        .filter(|o| matches!(o.kind, OverflowKind::PageNumber { lines } if lines > 1))
        .map(|o| o.page)
        .collect();
    assert_eq!(numbers, (2..=laid.pages.len()).collect::<Vec<_>>());
    assert_eq!(laid.overflows.len(), pictures.len() + numbers.len());
}

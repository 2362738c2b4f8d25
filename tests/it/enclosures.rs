//! Enclosures: a PDF appended after the three language versions, its page
//! count taken from the file, and clear errors for bad files.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::extract;
use printpdf::{
    BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
    TextMatrix,
};

/// A PDF of `pages` pages saying "ENCLOSURE PAGE n", in a standard font.
pub(crate) fn enclosure_pdf(pages: usize) -> Vec<u8> {
    let mut doc = PdfDocument::new("Enclosure");
    let pages = (1..=pages)
        .map(|n| {
            PdfPage::new(
                Mm(210.0),
                Mm(297.0),
                vec![
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::Builtin(BuiltinFont::Helvetica),
                        size: Pt(14.0),
                    },
                    Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(72.0), Pt(700.0)),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(format!("ENCLOSURE PAGE {n}"))],
                    },
                    Op::EndTextSection,
                ],
            )
        })
        .collect();
    doc.with_pages(pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}

use crate::common::verbale;

/// Points note 688 at `enclosures/draft.pdf` (with `pages` typed or not).
pub(crate) fn use_enclosure(dir: &Path, typed_pages: Option<u32>) {
    let note = dir.join("notes/NCT-ICT-688.toml");
    let text = fs::read_to_string(&note).unwrap();
    let table = match typed_pages {
        Some(p) => format!("[enclosure]\nfile = \"enclosures/draft.pdf\"\npages = {p}\n"),
        None => "[enclosure]\nfile = \"enclosures/draft.pdf\"\n".to_string(),
    };
    let shipped = "[enclosure]\nfile = \"enclosures/concept-paper-ICT-2022-2023.md\"\n";
    assert!(text.contains(shipped));
    fs::write(&note, text.replacen(shipped, &table, 1)).unwrap();
    fs::create_dir_all(dir.join("enclosures")).unwrap();
}

#[test]
fn a_pdf_enclosure_is_appended_and_counted_in_every_language() {
    let dir = common::fixture("none");
    let p = dir.path();
    use_enclosure(p, None);
    fs::write(p.join("enclosures/draft.pdf"), enclosure_pdf(4)).unwrap();
    let out = verbale(
        p,
        &[
            "render",
            p.join("notes/NCT-ICT-688.toml").to_str().unwrap(),
            "--out",
            p.join("out").to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = fs::read(p.join("out/NCT-ICT-688.pdf")).unwrap();
    let pages = extract::pages_text(&pdf).unwrap();
    assert_eq!(
        pages.len(),
        3 + 4,
        "three one-page versions, then four enclosure pages"
    );
    for n in 1..=4 {
        assert_eq!(pages[2 + n].trim(), format!("ENCLOSURE PAGE {n}"));
    }
    let text = extract::normalize(&pages[..3].join("\n"));
    assert!(text.contains("Enclosure: as stated, on 4 p."), "{text}");
    assert!(text.contains("Приложение: упомянутое, на 4 л."));
    assert!(text.contains("Қосымша: аталған, 4 п."));

    // Outline: the three versions and the enclosure; page labels likewise.
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 4);
    let mut item = outlines.get(b"First").unwrap().as_reference().ok();
    let mut titles = Vec::new();
    while let Some(id) = item {
        let d = doc.get_dictionary(id).unwrap();
        titles.push(lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap());
        item = d.get(b"Next").and_then(|n| n.as_reference()).ok();
    }
    assert_eq!(
        titles,
        [
            "English version, 1 page",
            "Русский текст, 1 страница",
            "Қазақ тіліндегі мәтін, 1 бет",
            "Enclosure, 4 pages"
        ]
    );
    let labels = catalog.get(b"PageLabels").unwrap().as_dict().unwrap();
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums.len(), 8);
    assert_eq!(nums[6].as_i64().unwrap(), 3);
    let prefix = lopdf::decode_text_string(nums[7].as_dict().unwrap().get(b"P").unwrap()).unwrap();
    assert_eq!(prefix, "ENCL-");

    let pdf = std::fs::read(p.join("out/NCT-ICT-688.pdf")).unwrap();
    common::assert_qpdf_clean("NCT-ICT-688.pdf", &pdf);
}

#[test]
fn a_typed_count_that_disagrees_with_the_file_is_an_error() {
    let dir = common::fixture("none");
    let p = dir.path();
    use_enclosure(p, Some(3));
    fs::write(p.join("enclosures/draft.pdf"), enclosure_pdf(4)).unwrap();
    let out = verbale(p, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[enclosure-pages]: the note says the enclosure has 3 page(s), but enclosures/draft.pdf has 4"),
        "{err}"
    );
    assert!(err.contains("notes/NCT-ICT-688.toml:12:9"), "{err}");
}

#[test]
fn bad_enclosures_name_the_note_and_the_file() {
    let cases: [(&str, Option<Vec<u8>>, &str); 3] = [
        ("missing", None, "enclosures/draft.pdf does not exist"),
        (
            "not a PDF",
            Some(b"Dear colleagues,\n".to_vec()),
            "enclosures/draft.pdf is not a PDF",
        ),
        (
            "broken",
            Some(b"%PDF-1.7\n1 0 obj <<".to_vec()),
            "enclosures/draft.pdf is a broken PDF",
        ),
    ];
    for (case, content, wanted) in cases {
        let dir = common::fixture("none");
        let p = dir.path();
        use_enclosure(p, None);
        if let Some(bytes) = content {
            fs::write(p.join("enclosures/draft.pdf"), bytes).unwrap();
        }
        let out = verbale(p, &["build"]);
        assert_eq!(out.status.code(), Some(1), "{case}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(wanted), "{case}: {err}");
        assert!(err.contains("notes/NCT-ICT-688.toml:11:8"), "{case}: {err}");
        assert!(
            err.contains("enclosure of note NCT/ICT/688"),
            "{case}: {err}"
        );
        assert!(!err.contains("panicked"), "{case}: {err}");
    }
}

#[test]
fn an_encrypted_enclosure_is_refused() {
    let dir = common::fixture("none");
    let p = dir.path();
    use_enclosure(p, None);
    let plain = p.join("enclosures/plain.pdf");
    fs::write(&plain, enclosure_pdf(2)).unwrap();
    if !common::tool("qpdf", "--version") {
        return;
    }
    let status = Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&plain)
        .arg(p.join("enclosures/draft.pdf"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = verbale(p, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("enclosures/draft.pdf"), "{err}");
    assert!(err.contains("encrypted") || err.contains("broken"), "{err}");
}

#[test]
fn the_text_enclosure_of_1013_keeps_brackets_and_tags_verbatim() {
    let project = common::project();
    let note = common::note(&project, "notes/NCT-ICT-1013.toml");
    let rendered = verbale::render::render(&project, &note).unwrap();
    let enclosure = rendered.enclosure.as_ref().expect("a typeset enclosure");
    assert_eq!(enclosure.len(), 3);
    let pages = extract::pages_text(&rendered.pdf).unwrap();
    let text = extract::normalize(&pages[pages.len() - 3..].join("\n"));
    for passage in [
        "CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ",
        "SUM/2022/DRAFT/3/Rev.1 12 August 2022 Distr: Member States only Chairmanship of Kazakhstan",
        "Draft CICA Leaders’ Statement on Cooperation in the Field of Security of and in the Use of Information and Communication Technologies",
        "Recognizing the [priority of developing, under the auspices of the United Nations (UN), universal rules, norms and principles of responsible behavior of States in information space and making them legally binding,] (-ISR) importance of implementing the agreed upon voluntary norms for responsible behavior of States in Cyberspace while(+ISR)",
        "threats in the [information space and building confidence in the] (-ISR) field [of](-ISR) security of and in the use of ICTs,",
        "[Alt 3. We declare that the development and use of ICTs in international cooperation based on universally recognized principles of international law are of paramount importance for shaping an open, secure, stable, accessible and peaceful ICT environment.] (+ISR)",
        "in its agenda[, and in this respect, the Global Initiative on Data Security[as well as other proposals] (+THA) could serve as a useful basis for further discussion within the OEWG] (-IND) (+CHN) (+RUS) (-ISR).",
        "accessible and peaceful ICT environment.](-ISR)",
        "in this process.] (-ISR)",
    ] {
        assert!(
            text.contains(passage),
            "not verbatim in the PDF:\n  {passage}\n{text}"
        );
    }
    // Tags stand out in bold; preambular participles are italic.
    let segments: Vec<&verbale::layout::Segment> = enclosure
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.segments)
        .collect();
    let tags: Vec<_> = segments
        .iter()
        .filter(|s| s.text().contains("(-ISR)"))
        .collect();
    assert!(!tags.is_empty());
    for s in tags {
        assert_eq!(
            s.style,
            verbale::layout::font::FontStyle::Bold,
            "{:?}",
            s.text()
        );
    }
    assert!(
        segments.iter().any(|s| s.text().trim() == "Expressing"
            && s.style == verbale::layout::font::FontStyle::Italic)
    );
    // The enclosure line counts the typeset pages, in every language.
    let note_text = extract::normalize(&pages[..3].join("\n"));
    assert!(note_text.contains("Enclosure: as stated, on 3 p."));
    assert!(note_text.contains("Приложение: упомянутое, на 3 л."));
    assert!(note_text.contains("Қосымша: аталған, 3 п."));
}

#[test]
fn an_enclosure_keeps_its_own_embedded_fonts() {
    // The enclosure is itself a PDF with embedded, subset Type0 fonts:
    // note 1013 as rendered (without its own enclosure).
    let project = common::project();
    let bare = common::bare_note("notes/NCT-ICT-1013.toml");
    let inner = verbale::render::render(&project, &bare).unwrap().pdf;

    let dir = common::fixture("none");
    let p = dir.path();
    use_enclosure(p, None);
    fs::write(p.join("enclosures/draft.pdf"), &inner).unwrap();
    let out = verbale(p, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = fs::read(p.join("out/NCT-ICT-688.pdf")).unwrap();
    let pages = extract::pages_text(&pdf).unwrap();
    assert_eq!(pages.len(), 6);
    let appended = extract::normalize(&pages[3..].join("\n"));
    assert!(appended.contains("№ NCT/ICT/1013"), "{appended}");
    assert!(appended.contains("Данный вопрос будет включен в повестку дня предстоящего заседания"));
    assert!(appended.contains("2022 жылғы 17–18 тамызда өтетін"));
    let ours = extract::normalize(&pages[..3].join("\n"));
    assert!(ours.contains("Enclosure: as stated, on 3 p."));
}

/// The paragraphs of a text enclosure as they read: lines joined, emphasis
/// marks dropped.
fn paragraphs(source: &str) -> Vec<String> {
    let body = source.rsplit_once("+++\n").map_or(source, |(_, b)| b);
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|p| p.trim_start_matches('#').trim().replace('*', ""))
        .filter(|p| !p.is_empty())
        .collect()
}

/// A Russian or Kazakh paragraph as printed: quotations (none nested in
/// these sources) in «ёлочки», a range of numbers with an en dash.
fn in_print(paragraph: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    let chars: Vec<char> = paragraph.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' => {
                out.push(if open { '»' } else { '«' });
                open = !open;
            }
            '-' if i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit) =>
            {
                out.push('–')
            }
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn russian_and_kazakh_text_enclosures_are_set_word_for_word() {
    for (fixture, file, labels) in [
        (
            "enclosure-russian-text",
            "concept-paper-ICT-2022-2023.ru.md",
            ["а)", "б)", "в)", "г)", "д)"],
        ),
        (
            "enclosure-kazakh-text",
            "concept-paper-ICT-2022-2023.kk.md",
            ["а)", "ә)", "б)", "в)", "г)"],
        ),
    ] {
        let dir = common::fixture(fixture);
        let project = common::load(dir.path());
        let note = common::note(&project, "notes/NCT-ICT-688.toml");
        let rendered =
            verbale::render::render(&project, &note).unwrap_or_else(|d| panic!("{fixture}: {d:?}"));
        let enclosure = rendered.enclosure.as_ref().expect("a typeset enclosure");
        let pages = extract::pages_text(&rendered.pdf).unwrap();
        // Page numbers (`– 2 –`) head the pages after the first.
        let body: Vec<&str> = pages[pages.len() - enclosure.len()..]
            .iter()
            .flat_map(|p| p.lines())
            .filter(|l| !(l.starts_with('–') && l.ends_with('–')))
            .collect();
        let text = extract::normalize(&body.join("\n"));
        let source = fs::read_to_string(common::root().join("enclosures").join(file)).unwrap();
        for paragraph in paragraphs(&source).iter().map(|p| in_print(p)) {
            assert!(
                text.contains(&paragraph),
                "{fixture}: not in the PDF:\n  {paragraph}\n{text}"
            );
        }
        // Each label hangs in the margin, its text at the indent.
        let left = 30.0 * 72.0 / 25.4;
        let lines: Vec<&verbale::layout::Line> = enclosure.iter().flat_map(|p| &p.lines).collect();
        for label in labels {
            let line = lines
                .iter()
                .find(|l| l.text().starts_with(&format!("{label} ")))
                .unwrap_or_else(|| panic!("{fixture}: no line starts with {label}"));
            assert!(
                (line.segments[0].x - left).abs() < 0.01,
                "{fixture}: {label}"
            );
        }
        // Delegation tags stand out in bold.
        let tags: Vec<&verbale::layout::Segment> = lines
            .iter()
            .flat_map(|l| &l.segments)
            .filter(|s| s.text().contains("(+CHN)") || s.text().contains("(-ISR)"))
            .collect();
        assert_eq!(tags.len(), 2, "{fixture}");
        assert!(
            tags.iter()
                .all(|s| s.style == verbale::layout::font::FontStyle::Bold)
        );
    }
}

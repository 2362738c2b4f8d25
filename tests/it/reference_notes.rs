//! The two reference notes, rendered and read back as a reader would.

use crate::common;

use std::collections::BTreeMap;

use crate::common::extract;
use serde::Deserialize;
use verbale::note::Note;
use verbale::render::render;

#[derive(Deserialize)]
struct Reference {
    common: BTreeMap<String, Parts>,
    note: Vec<RefNote>,
}

#[derive(Deserialize)]
struct Parts {
    parts: Vec<String>,
}

#[derive(Deserialize)]
struct RefNote {
    file: String,
    number: String,
    /// The enclosure line in English, Russian and Kazakh.
    enclosure: [String; 3],
    en: Vec<String>,
    ru: Vec<String>,
    kk: Vec<String>,
}

fn reference() -> Reference {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/reference/seed-notes.toml"))
            .unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn every_reference_sentence_is_in_the_pdf_in_its_language() {
    let project = common::project();
    let reference = reference();
    for r in &reference.note {
        let note = common::note(&project, &r.file);
        let rendered = render(&project, &note).unwrap_or_else(|d| panic!("{:?}", d));
        let texts = common::version_texts(&rendered);
        assert_eq!(texts.keys().collect::<Vec<_>>(), ["en", "kk", "ru"]);
        for (i, (lang, own)) in [("en", &r.en), ("ru", &r.ru), ("kk", &r.kk)]
            .into_iter()
            .enumerate()
        {
            let text = &texts[lang];
            let mut wanted: Vec<&String> = own.iter().collect();
            wanted.push(&r.enclosure[i]);
            wanted.extend(&reference.common[lang].parts);
            wanted.push(&r.number);
            for sentence in wanted {
                assert!(
                    text.contains(sentence.as_str()),
                    "{} ({lang}): not found in the PDF:\n  {sentence}\nextracted:\n  {text}",
                    r.file
                );
            }
        }
    }
}

#[test]
fn versions_come_in_order_each_on_its_own_pages() {
    let project = common::project();
    let note = common::note(&project, "notes/NCT-ICT-688.toml");
    let rendered = render(&project, &note).unwrap();
    let langs: Vec<&str> = rendered.versions.iter().map(|v| v.lang.as_str()).collect();
    assert_eq!(langs, ["en", "ru", "kk"]);
    let pages = extract::pages_text(&rendered.pdf).unwrap();
    let total: usize = rendered.versions.iter().map(|v| v.pages.len()).sum();
    // The typeset enclosure follows the three versions.
    assert_eq!(pages.len(), total + 2);
    assert!(
        pages[total].starts_with("Concept paper and plan of implementation"),
        "{}",
        pages[total]
    );
    // Each version starts with the letterhead on a fresh page.
    let mut first = 0;
    for v in &rendered.versions {
        assert!(
            pages[first].starts_with("SECRETARIAT OF THE CONFERENCE"),
            "{}",
            pages[first]
        );
        first += v.pages.len();
    }
}

#[test]
fn a_new_deadline_changes_weekday_and_case_endings_in_every_language() {
    let project = common::project();
    let path = common::root().join("notes/NCT-ICT-688.toml");
    let source = std::fs::read_to_string(&path).unwrap();
    assert!(source.contains("date = 2022-06-06"));
    let edited = source.replace("date = 2022-06-06", "date = 2022-09-07");
    let note = Note::parse(std::path::Path::new("notes/NCT-ICT-688.toml"), &edited).unwrap();
    let texts = common::version_texts(&render(&project, &note).unwrap());
    assert!(
        texts["en"].contains("on the above mentioned document by Wednesday, 7 September 2022.")
    );
    assert!(
        texts["ru"].contains("по вышеуказанному документу до среды, 7 сентября 2022 г. В случае")
    );
    assert!(
        texts["kk"].contains("түсініктемелерін 2022 жылғы 7 қыркүйекке дейін жіберуді сұрайды.")
    );
    assert!(!texts["en"].contains("Monday"));
}

#[test]
fn output_is_byte_identical_across_renders_in_one_process() {
    let project = common::project();
    let a = common::note(&project, "notes/NCT-ICT-1013.toml");
    let b = common::note(&project, "notes/NCT-ICT-688.toml");
    let first = render(&project, &a).unwrap().pdf;
    let _ = render(&project, &b).unwrap();
    let again = render(&project, &a).unwrap().pdf;
    assert!(first == again, "two renders of one note differ");
    let other_project = common::project();
    assert!(render(&other_project, &a).unwrap().pdf == first);
    // A text enclosure is written once per project and appended to each
    // note: a note gives the same bytes whether its enclosure was written
    // for it or for a note before it, in this project or another.
    let with_enclosure = render(&project, &b).unwrap().pdf;
    let fresh = common::project();
    assert!(render(&fresh, &b).unwrap().pdf == with_enclosure);
    let again = render(&fresh, &b).unwrap().pdf;
    assert!(again == with_enclosure);
}

#[test]
fn pdf_is_small_tagged_with_title_and_language_and_claims_no_pdfx() {
    let project = common::project();
    let note = common::note(&project, "notes/NCT-ICT-1013.toml");
    let pdf = render(&project, &note).unwrap().pdf;
    assert!(
        pdf.len() <= 120 * 1024,
        "PDF with its enclosure is {} bytes",
        pdf.len()
    );
    // The three-page note itself, without the enclosed document.
    let bare = common::bare_note("notes/NCT-ICT-1013.toml");
    let small = render(&project, &bare).unwrap().pdf;
    // 39.6 KB with the fonts' hinting, 23.8 KB without; the SVG emblem's
    // paths add 2.2 KB (stored once for the three pages that show it; the
    // same emblem as a PNG took 8.4 KB).
    assert!(
        small.len() <= 28_000,
        "the 3-page note is {} bytes",
        small.len()
    );
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "Note verbale № NCT/ICT/1013");
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let lang = lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap();
    assert_eq!(lang, "en");
    assert!(catalog.get(b"OutputIntents").is_err());
    // Fonts are embedded as subsets.
    let text = String::from_utf8_lossy(&pdf);
    assert!(!text.contains("/GTS_PDFX"));
}

/// Each face a note uses is embedded once, cut down to the glyphs it shows,
/// under a subset tag: a font program with every glyph would be ten times
/// the size of the note.
#[test]
fn fonts_are_embedded_as_tagged_subsets() {
    let project = common::project();
    let bare = common::bare_note("notes/NCT-ICT-1013.toml");
    let pdf = render(&project, &bare).unwrap().pdf;
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut names = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(&b"FontDescriptor"[..]) {
            continue;
        }
        let name =
            String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, family) = name.split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(family.starts_with("LiberationSerif"), "{name}");
        let program = dict.get(b"FontFile2").unwrap().as_reference().unwrap();
        let mut stream = doc
            .get_object(program)
            .unwrap()
            .as_stream()
            .unwrap()
            .clone();
        stream.decompress().unwrap();
        let face = ttf_parser::Face::parse(&stream.content, 0).expect("the subset is a font");
        assert!(
            face.number_of_glyphs() < 300,
            "{name}: {} glyphs",
            face.number_of_glyphs()
        );
        names.push(name);
    }
    names.sort();
    assert_eq!(names.len(), 2, "regular and bold, once each: {names:?}");
}

#[test]
fn no_unicode_isolation_marks_reach_the_page() {
    let project = common::project();
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        let rendered = render(&project, &common::note(&project, file)).unwrap();
        let text = extract::pages_text(&rendered.pdf).unwrap().join("");
        for mark in ['\u{2068}', '\u{2069}', '\u{2066}', '\u{2067}'] {
            assert!(!text.contains(mark), "{file}: isolation mark {mark:?}");
        }
        for v in &rendered.versions {
            assert!(!v.markup.contains('\u{2068}'));
        }
    }
}

#[test]
fn pdftotext_reads_every_reference_sentence() {
    // The reader's view, with poppler's pdftotext (installed by .ci/run).
    if !common::tool("pdftotext", "-v") {
        return;
    }
    let project = common::project();
    let reference = reference();
    let dir = tempfile::tempdir().unwrap();
    for r in &reference.note {
        let rendered = render(&project, &common::note(&project, &r.file)).unwrap();
        let pdf = dir.path().join("note.pdf");
        std::fs::write(&pdf, &rendered.pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = extract::normalize(&String::from_utf8(out.stdout).unwrap());
        for sentence in r.en.iter().chain(&r.ru).chain(&r.kk) {
            assert!(
                text.contains(sentence.as_str()),
                "pdftotext lacks: {sentence}\n{text}"
            );
        }
    }
}

#[test]
fn qpdf_finds_the_structure_sound() {
    let project = common::project();
    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        let pdf = render(&project, &common::note(&project, file)).unwrap().pdf;
        common::assert_qpdf_clean(file, &pdf);
    }
}

//! Each language's typographic conventions, as its `locale.toml` states
//! them, in the printed note: quotes, apostrophes, ranges, the full stop
//! after an abbreviation, and the words a line may not end or start with.

use crate::common;

use std::fs;
use std::path::Path;

use verbale::render::render;

const NOTE: &str = "notes/NCT-ICT-1100.toml";

#[test]
fn quotes_ranges_and_full_stops_are_printed_as_each_language_writes_them() {
    let dir = common::fixture("typography");
    let project = common::load(dir.path());
    let rendered = render(&project, &common::note(&project, NOTE)).unwrap();
    let texts = common::version_texts(&rendered);
    let wanted = [
        (
            "en",
            &[
                "Working Group on “Security of and in the use of ICTs” will meet on 19–20 April 2027 in Astana.",
                "delegations by Monday, 15 March 2027. The Chair’s draft “Elements of the ‘Catalogue’ of CBMs” covers the years 2027–2028 and",
            ][..],
        ),
        (
            "ru",
            &[
                "рабочая группа по «Безопасности в сфере использования ИКТ и самих ИКТ» проведет заседание 19–20 апреля 2027 года в Астане.",
                "делегаций до понедельника, 15 марта 2027 г. Проект Председателя «Элементы „Каталога“ мер доверия» охватывает 2027–2028 гг. и учитывает",
            ][..],
        ),
        (
            "kk",
            &[
                "мүше мемлекеттерге «АКТ-ны пайдалану қауіпсіздігі» жөніндегі Арнайы жұмыс тобының отырысы 2027 жылғы 19–20 сәуірде Астанада",
                "Хатшылық делегациялардың құрамын 2027 жылғы 15 наурызға дейін ұсынуды сұрайды. Төрағаның «Сенім шаралары „Каталогының“ элементтері» атты жобасы 2027–2028 жылдарды",
            ][..],
        ),
    ];
    for (lang, passages) in wanted {
        let text = &texts[lang];
        for passage in passages {
            assert!(
                text.contains(passage),
                "{lang}: not printed:\n  {passage}\n{text}"
            );
        }
        for typed in ["\"", "'", ".."] {
            assert!(!text.contains(typed), "{lang}: `{typed}` printed:\n{text}");
        }
    }
}

#[test]
fn pdftotext_reads_the_typographic_characters() {
    if !common::tool("pdftotext", "-v") {
        return;
    }
    let dir = common::fixture("typography");
    let out = common::verbale(dir.path(), &["render", NOTE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .arg(dir.path().join("out/NCT-ICT-1100.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = common::extract::normalize(&String::from_utf8(text.stdout).unwrap());
    for passage in [
        "“Elements of the ‘Catalogue’ of CBMs”",
        "Chair’s",
        "«Элементы „Каталога“ мер доверия»",
        "15 марта 2027 г. Проект",
        "«Сенім шаралары „Каталогының“ элементтері»",
        "2027–2028",
    ] {
        assert!(text.contains(passage), "pdftotext lacks {passage}\n{text}");
    }
}

/// The words of one list in a locale's `[line_breaking]`, as data.
fn listed(lang: &str, list: &str) -> Vec<String> {
    let path = common::root()
        .join("locales")
        .join(lang)
        .join("locale.toml");
    let settings: toml::Table = toml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    settings["line_breaking"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_lowercase())
        .collect()
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| "()[]«»„“”‘’\",;:".contains(c))
        .to_lowercase()
}

/// Sets the note at twenty measures (the right margin from 10 to 48 mm),
/// so that every word of its paragraphs comes to a line end somewhere,
/// and looks at each line's first and last word.
#[test]
fn no_line_ends_on_a_word_its_language_keeps_with_the_next() {
    let dir = common::fixture("typography");
    let sheet = dir.path().join("templates/note-verbale.toml");
    let original = fs::read_to_string(&sheet).unwrap();
    let mut seen_kept = 0;
    for right in (10..50).step_by(2) {
        let margins = format!("left = 30, right = {right} }}");
        fs::write(
            &sheet,
            original.replace("left = 30, right = 15 }", &margins),
        )
        .unwrap();
        let project = common::load(dir.path());
        let rendered = render(&project, &common::note(&project, NOTE)).unwrap();
        for v in &rendered.versions {
            let (next, previous) = (
                listed(&v.lang, "keep_with_next"),
                listed(&v.lang, "keep_with_previous"),
            );
            let lines: Vec<String> = v
                .pages
                .iter()
                .flat_map(|p| &p.lines)
                .map(|l| l.text())
                .collect();
            for pair in lines.windows(2) {
                let last = pair[0].split_whitespace().last().unwrap_or_default();
                let first = pair[1].split_whitespace().next().unwrap_or_default();
                if next
                    .iter()
                    .any(|w| pair[1].to_lowercase().contains(&format!(" {w} ")))
                {
                    seen_kept += 1;
                }
                assert!(
                    !next.contains(&bare(last)),
                    "{} at {right} mm: a line ends with `{last}`:\n  {}\n  {}",
                    v.lang,
                    pair[0],
                    pair[1]
                );
                let hyphenated = pair[0].ends_with(['\u{ad}', '-', '‐']);
                assert!(
                    hyphenated || !previous.contains(&bare(first)),
                    "{} at {right} mm: a line starts with `{first}`:\n  {}\n  {}",
                    v.lang,
                    pair[0],
                    pair[1]
                );
                // A number at a line end, and the paragraph going on in
                // lower case (`15` / `марта`, `2027` / `г.`).
                let ends_in_number = last.chars().all(|c| c.is_ascii_digit() || c == '–')
                    && last.chars().any(|c| c.is_ascii_digit());
                let goes_on = first.chars().next().is_some_and(char::is_lowercase);
                assert!(
                    !(ends_in_number && goes_on),
                    "{} at {right} mm: a number is parted from its word: {}",
                    v.lang,
                    pair[0]
                );
            }
        }
    }
    // The texts are full of such words: the test looks at thousands.
    assert!(seen_kept > 100, "only {seen_kept} lines hold listed words");
}

#[test]
fn locale_settings_that_would_print_nothing_are_errors_at_their_place() {
    let dir = common::fixture("typography");
    let settings = dir.path().join("locales/kk/locale.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let text = text
        .replace(r#"inner = ["„", "“"]"#, r#"inner = ["„", ""]"#)
        .replace(r#""я","#, r#""я ","#);
    fs::write(&settings, &text).unwrap();
    let out = common::verbale(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    for (message, needle) in [
        ("`inner` quotes may not be empty", "inner ="),
        ("\"я \" is not one word", "\"я \""),
    ] {
        let place = format!("locales/kk/locale.toml:{}:", line_of(needle));
        assert!(
            stderr.contains(message) && stderr.contains(&place),
            "wanted {message} at {place}:\n{stderr}"
        );
    }
    assert!(Path::new(&settings).exists());
}

/// How far each justified line's spaces were stretched, as a multiple of
/// the face's space, and the longest run of lines ending in a hyphen.
struct Evenness {
    gaps: Vec<f32>,
    hyphens_in_a_row: usize,
    /// The letter spacing, in em, of each line that took any.
    letter_spaced: Vec<f32>,
}

fn evenness(project: &verbale::project::Project, pages: &[verbale::layout::Page]) -> Evenness {
    let book = &project.fonts.as_ref().unwrap().book;
    let mut gaps = Vec::new();
    let (mut run, mut longest) = (0, 0);
    let mut letter_spaced = Vec::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        if line.letter_spacing > 0.0 {
            eprintln!(
                "letter-spaced by {:.3} em: {}",
                line.letter_spacing,
                line.text()
            );
            letter_spaced.push(line.letter_spacing);
        }
        // The narrowest space of a line: the gap after a list label is
        // stretched to the indent and is not a word space.
        let narrowest = line
            .segments
            .iter()
            .flat_map(|s| s.glyphs.iter().map(move |g| (s.style, g)))
            .filter(|(_, g)| &*g.text == " ")
            .map(|(style, g)| {
                let face = book.face(style);
                g.advance / face.width(face.space) as f32
            })
            .min_by(f32::total_cmp);
        if let Some(gap) = narrowest.filter(|g| (g - 1.0).abs() > 1e-3) {
            if gap > 2.0 {
                eprintln!("looser than 2×: {gap:.2}× {}", line.text());
            }
            gaps.push(gap);
        }
        let text = line.text();
        if text.ends_with('\u{ad}') || text.ends_with('-') {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    Evenness {
        gaps,
        hyphens_in_a_row: longest,
        letter_spaced,
    }
}

/// The loosest justified line allowed, as a multiple of the space.
/// Where no breaking keeps a paragraph within it under the rules (a number
/// keeps its noun, `2027–2028 жылдарды`; a suffix stays with its
/// abbreviation, `АКТ-ның`), the line is letter-spaced instead, by at
/// most [`MOST_LETTER_SPACING`].
const LOOSEST: f32 = 2.0;

/// The style sheets' `letter_spacing`, in em.
const MOST_LETTER_SPACING: f32 = 0.03;

/// The figures the README states: justified word gaps in the shipped
/// notes, their enclosures, the Russian and Kazakh enclosures and the
/// note with dates inside sentences (`cargo test evenness --
/// --nocapture` prints them).
#[test]
fn evenness_of_justified_lines_in_every_language() {
    let cases = [
        ("", "notes/NCT-ICT-1013.toml"),
        ("", "notes/NCT-ICT-688.toml"),
        ("typography", NOTE),
        ("enclosure-russian-text", "notes/NCT-ICT-688.toml"),
        ("enclosure-kazakh-text", "notes/NCT-ICT-688.toml"),
    ];
    let mut by_lang: std::collections::BTreeMap<String, (Vec<f32>, Vec<f32>)> = Default::default();
    for (fixture, file) in cases {
        let dir = (!fixture.is_empty()).then(|| common::fixture(fixture));
        let project = match &dir {
            Some(d) => common::load(d.path()),
            None => common::project(),
        };
        let rendered = render(&project, &common::note(&project, file)).unwrap();
        let mut parts: Vec<(String, &[verbale::layout::Page])> = rendered
            .versions
            .iter()
            .map(|v| (v.lang.clone(), &v.pages[..]))
            .collect();
        if let Some(pages) = &rendered.enclosure {
            let lang = match fixture {
                "enclosure-russian-text" => "ru",
                "enclosure-kazakh-text" => "kk",
                _ => "en",
            };
            parts.push((format!("{lang} enclosure"), &pages[..]));
        }
        for (part, pages) in parts {
            let e = evenness(&project, pages);
            assert!(
                e.hyphens_in_a_row <= 2,
                "{fixture} {file} {part}: {} hyphenated lines in a row",
                e.hyphens_in_a_row
            );
            let lang = part.split(' ').next().unwrap().to_string();
            let (gaps, spaced) = by_lang.entry(lang).or_default();
            gaps.extend(e.gaps);
            spaced.extend(e.letter_spaced);
        }
    }
    for (lang, (mut gaps, spaced)) in by_lang {
        gaps.sort_by(f32::total_cmp);
        let at = |q: f32| gaps[((gaps.len() - 1) as f32 * q).round() as usize];
        let most_spaced = spaced.iter().copied().fold(0.0f32, f32::max);
        eprintln!(
            "{lang}: {} justified lines; word space × {:.2} median, {:.2} at 90%, {:.2} at most; \
             {} letter-spaced, by {:.3} em at most",
            gaps.len(),
            at(0.5),
            at(0.9),
            at(1.0),
            spaced.len(),
            most_spaced
        );
        assert!(
            most_spaced <= MOST_LETTER_SPACING + 1e-4,
            "{lang}: letters spaced by {most_spaced:.3} em"
        );
        assert!(
            at(1.0) <= LOOSEST + 1e-3,
            "{lang}: a line's spaces at {:.2}×",
            at(1.0)
        );
    }
}

/// A compound broken after its own hyphen ends its line with the hyphen
/// and a soft hyphen: pdftotext and MuPDF give `ICT-` and a soft hyphen
/// at the line end, which rejoins to `ICT-related` as an inserted hyphen
/// rejoins. (Ending the line with a plain `-`, pdftotext joins the two
/// lines into `ICTrelated`.)
#[test]
fn a_compound_broken_at_its_own_hyphen_extracts_whole() {
    // Each reader's arguments before and after the PDF's path.
    let readers: [(&str, &[&str], &[&str]); 2] = [
        ("pdftotext", &[], &["-"]),
        ("mutool", &["draw", "-q", "-F", "txt", "-o", "-"], &[]),
    ];
    let dir = common::fixture("none");
    let out = common::verbale(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (reader, before, after) in readers {
        if !common::tool(reader, "-v") {
            continue;
        }
        let mut broken = 0;
        for note in ["NCT-ICT-688", "NCT-ICT-1013"] {
            let pdf = dir.path().join(format!("out/{note}.pdf"));
            let mut command = std::process::Command::new(reader);
            command.args(before).arg(&pdf).args(after);
            let raw = String::from_utf8(command.output().unwrap().stdout).unwrap();
            let lines: Vec<&str> = raw.lines().collect();
            let text = common::extract::normalize(&raw);
            for pair in lines.windows(2) {
                let Some(stem) = pair[0].strip_suffix("-\u{ad}") else {
                    continue;
                };
                broken += 1;
                let first = stem.split_whitespace().last().unwrap_or_default();
                let rest = pair[1].split_whitespace().next().unwrap_or_default();
                let whole = format!("{first}-{rest}");
                assert!(
                    text.contains(&whole),
                    "{reader}: {whole} not rejoined\n{text}"
                );
            }
            assert!(!text.contains("ICTrelated"), "{reader} lost a hyphen");
        }
        assert!(broken > 0, "{reader}: no compound broken at its hyphen");
    }
}

//! `verbale hyphenate` against word lists written from each language's
//! rules of word division (`tests/words/`): every break it allows must be
//! one the list allows. A missed break costs a looser line; a wrong one
//! is a fault a reader sees.

use std::collections::BTreeSet;

use crate::common::{self, root, run};

/// A listed word: its letters and hyphens, and the places (in characters
/// of the word as written, hyphens included) where it may break.
struct Listed {
    word: String,
    breaks: BTreeSet<usize>,
}

fn marked(written: &str) -> Listed {
    let mut word = String::new();
    let mut breaks = BTreeSet::new();
    for c in written.chars() {
        if c == '·' {
            breaks.insert(word.chars().count());
        } else {
            word.push(c);
        }
    }
    Listed { word, breaks }
}

fn list(lang: &str) -> Vec<Listed> {
    let path = root().join("tests/words").join(format!("{lang}.txt"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(marked)
        .collect()
}

/// Runs `verbale hyphenate` on every listed word at once; returns the
/// wrong breaks and the share of the list's breaks it found.
fn compare(lang: &str) -> (Vec<String>, f64) {
    let listed = list(lang);
    let mut args = vec!["hyphenate", "--lang", lang];
    args.extend(listed.iter().map(|l| l.word.as_str()));
    let out = run(&root(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let printed: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(printed.len(), listed.len(), "one line per word");
    let (mut wrong, mut found, mut allowed) = (Vec::new(), 0, 0);
    for (expected, shown) in listed.iter().zip(printed) {
        let got = marked(shown);
        assert_eq!(got.word, expected.word, "the word is printed as given");
        let bad: Vec<_> = got.breaks.difference(&expected.breaks).collect();
        if !bad.is_empty() {
            let written: String = expected
                .word
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    expected
                        .breaks
                        .contains(&i)
                        .then_some('·')
                        .into_iter()
                        .chain([c])
                })
                .collect();
            wrong.push(format!("{shown} (the list: {written})"));
        }
        found += got.breaks.intersection(&expected.breaks).count();
        allowed += expected.breaks.len();
    }
    (wrong, found as f64 / allowed as f64)
}

fn no_wrong_break(lang: &str, least_found: f64) {
    let (wrong, found) = compare(lang);
    eprintln!("{lang}: {:.0}% of the list's breaks found", found * 100.0);
    assert!(
        wrong.is_empty(),
        "wrong breaks in {lang}:\n{}",
        wrong.join("\n")
    );
    // Leaving every word whole would pass the test above.
    assert!(
        found >= least_found,
        "{lang}: only {:.0}% found",
        found * 100.0
    );
}

#[test]
fn kazakh_words_break_only_where_kazakh_rules_allow() {
    no_wrong_break("kk", 0.95);
}

#[test]
fn russian_words_break_only_where_russian_rules_allow() {
    no_wrong_break("ru", 0.70);
}

#[test]
fn english_words_break_only_where_british_practice_allows() {
    no_wrong_break("en", 0.70);
}

#[test]
fn hyphenate_shows_breaks_keeps_own_hyphens_and_rejects_an_unknown_language() {
    let out = run(
        &root(),
        &[
            "hyphenate",
            "--lang",
            "kk",
            "Қазақстанның",
            "15-інші",
            "АКТ-ның",
            "іс-қимыл",
            "және",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "Қа·зақ·стан·ның\n15-інші\nАКТ-ның\nіс-қи·мыл\nжәне\n"
    );
    let out = run(&root(), &["hyphenate", "--lang", "de", "Wort"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no hyphenation for `de`") && out.stderr.contains("en, kk, ru"),
        "{}",
        out.stderr
    );
}

/// An exception that cannot apply is not skipped in silence: `hyphenate`
/// shows the error at its line, still prints the breaks, and exits 1.
#[test]
fn hyphenate_reports_a_broken_exception_of_its_language() {
    let dir = common::fixture("hyphenation-bad-exception");
    let out = run(dir.path(), &["hyphenate", "--lang", "kk", "трансұлттық"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("\"транс ұлттық\" is not a word with `·` or `-` between its letters")
            && out.stderr.contains("locales/kk/locale.toml:43:3"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "транс·ұлт·тық\n");
    // Another language's data is not this one's concern.
    let out = run(dir.path(), &["hyphenate", "--lang", "ru", "субъект"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

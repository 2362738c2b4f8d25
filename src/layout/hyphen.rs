//! Where a word may be broken at the end of a line.
//!
//! Two kinds of hyphenator, both loaded from data in `assets/hyphenation/`
//! as named by each locale's `locale.toml`:
//! - Liang patterns (`*.standard.bincode`, from the `hyphenation` crate) for
//!   languages that have a pattern set, such as English and Russian;
//! - syllable rules (`*.syllables.toml`) for languages whose syllables are
//!   regular enough to find by vowels and consonants, such as Kazakh, for
//!   which no pattern set exists anywhere.

use std::collections::HashMap;
use std::sync::Mutex;

use hyphenation::{Hyphenator as _, Load, Standard};
use serde::Deserialize;

/// Break opportunities of one language, remembered per word: a batch of
/// notes hyphenates the same formulas again and again.
pub struct Hyphenator {
    rules: Rules,
    memo: Mutex<HashMap<String, Vec<usize>>>,
}

enum Rules {
    Patterns(Box<Standard>),
    Syllables(SyllableRules),
    None,
}

impl Hyphenator {
    fn with(rules: Rules) -> Hyphenator {
        Hyphenator {
            rules,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// A language without hyphenation.
    pub fn none() -> Hyphenator {
        Hyphenator::with(Rules::None)
    }

    /// Liang patterns in the `hyphenation` crate's binary form.
    pub fn from_patterns(bytes: &[u8]) -> Result<Hyphenator, String> {
        let mut reader = bytes;
        Standard::any_from_reader(&mut reader)
            .map(|s| Hyphenator::with(Rules::Patterns(Box::new(s))))
            .map_err(|e| e.to_string())
    }

    /// Hyphenation by syllable rules (read from a `*.syllables.toml`).
    pub fn from_syllable_rules(rules: SyllableRules) -> Hyphenator {
        Hyphenator::with(Rules::Syllables(rules))
    }

    /// Byte offsets inside `word` where a hyphen may be inserted. Words with
    /// digits, capitals after the first letter (acronyms) or other
    /// non-letters are left whole.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        // Words that are left whole are remembered too: telling a letter
        // from a non-letter outside ASCII costs more than the lookup.
        let memo = |m: &Mutex<HashMap<String, Vec<usize>>>| {
            m.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(word)
                .cloned()
        };
        if let Some(found) = memo(&self.memo) {
            return found;
        }
        let found = self.compute(word);
        self.memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(word.to_string(), found.clone());
        found
    }

    fn compute(&self, word: &str) -> Vec<usize> {
        if !hyphenatable(word) {
            return Vec::new();
        }
        match &self.rules {
            Rules::Patterns(dict) => {
                let lower = word.to_lowercase();
                if lower.len() != word.len() {
                    return Vec::new();
                }
                dict.hyphenate(&lower).breaks
            }
            Rules::Syllables(rules) => rules.breaks(word),
            Rules::None => Vec::new(),
        }
    }
}

fn hyphenatable(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// Hyphenation by syllables: every syllable has one vowel; between two
/// vowels, the last consonant starts the next syllable (`мем-ле-кет`), and
/// two vowels in a row are split (`ги-я`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyllableRules {
    /// Lower-case letters that form a syllable's nucleus.
    pub vowels: String,
    /// Vowel letters that act as consonants right after a vowel
    /// (Kazakh `у`, `и`: `мау-сым`, `сә-уір`).
    #[serde(default)]
    pub glides_after_vowel: String,
    /// Letters a line may not start with (soft and hard signs); the break
    /// moves one letter left.
    #[serde(default)]
    pub never_first: String,
    /// Least letters left before and after a break.
    pub min_left: usize,
    /// Least letters left after a break.
    pub min_right: usize,
}

impl SyllableRules {
    /// Byte offsets inside `word` where it may be broken.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let lower: Vec<char> = chars
            .iter()
            .map(|&(_, c)| c.to_lowercase().next().unwrap_or(c))
            .collect();
        let mut nuclei = Vec::new();
        for (i, &c) in lower.iter().enumerate() {
            let vowel = self.vowels.contains(c);
            let glide =
                self.glides_after_vowel.contains(c) && i > 0 && nuclei.last() == Some(&(i - 1));
            if vowel && !glide {
                nuclei.push(i);
            }
        }
        let mut breaks = Vec::new();
        for pair in nuclei.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let mut at = if b - a > 1 { b - 1 } else { b };
            if self.never_first.contains(lower[at]) && at - 1 > a {
                at -= 1;
            }
            if at >= self.min_left && chars.len() - at >= self.min_right {
                breaks.push(chars[at].0);
            }
        }
        breaks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kazakh() -> SyllableRules {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/hyphenation/kk.syllables.toml"
        ))
        .unwrap();
        toml::from_str(&text).unwrap()
    }

    fn hyphenated(rules: &SyllableRules, word: &str) -> String {
        let mut out = String::new();
        let breaks = rules.breaks(word);
        for (i, c) in word.char_indices() {
            if breaks.contains(&i) {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn kazakh_words_break_between_syllables() {
        let kk = kazakh();
        for expected in [
            "мем-ле-кет-те-рі-не",
            "ын-ты-мақ-тас-тық",
            "қа-уіп-сіз-ді-гі",
            "мау-сым-ға",
            "қыр-кү-йек-ке",
            "Хат-шы-лы-ғы",
            "тех-но-ло-ги-я-лар-дың",
            "ұсы-ныс-та-рын",
            "сә-уір-де",
            "жел-тоқ-сан-да",
            "іл-ти-па-тын",
            "ес-керт-пе-ле-рі",
            "тұ-жы-рым-да-ма",
            "ұйым-дас-тыр-ғы-сы",
            "то-лық-ты-ры-луы",
        ] {
            let word = expected.replace('-', "");
            assert_eq!(hyphenated(&kk, &word), expected, "{word}");
        }
    }

    #[test]
    fn short_words_acronyms_and_numbers_stay_whole() {
        let kk = Hyphenator::with(Rules::Syllables(kazakh()));
        assert!(kk.breaks("осы").is_empty());
        assert!(kk.breaks("бұл").is_empty());
        assert!(kk.breaks("АКТ").is_empty());
        assert!(kk.breaks("2022").is_empty());
        assert!(kk.breaks("SUM/2022/DRAFT/3/Rev.1").is_empty());
    }

    #[test]
    fn pattern_dictionaries_load_from_assets() {
        for (file, word, expected) in [
            ("en-us", "implementation", "im-ple-men-ta-tion"),
            ("ru", "сотрудничестве", "со-труд-ни-че-стве"),
        ] {
            let bytes = std::fs::read(format!(
                "{}/assets/hyphenation/{file}.standard.bincode",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let h = Hyphenator::from_patterns(&bytes).unwrap();
            let breaks = h.breaks(word);
            let mut out = String::new();
            for (i, c) in word.char_indices() {
                if breaks.contains(&i) {
                    out.push('-');
                }
                out.push(c);
            }
            assert_eq!(out, expected);
        }
    }
}

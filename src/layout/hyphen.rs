//! Where a word may be broken at the end of a line.
//!
//! Two kinds of rules, both loaded from data in `assets/hyphenation/` as
//! named by each locale's `locale.toml`:
//! - Liang patterns (`*.standard.bincode`, from the `hyphenation` crate) for
//!   languages that have a pattern set, such as English and Russian;
//! - syllable rules (`*.syllables.toml`) for languages whose syllables are
//!   regular enough to find by vowels and consonants, such as Kazakh, for
//!   which no pattern set exists anywhere.
//!
//! Around either, [`WordDivision`] (from `[hyphenation]` in `locale.toml`)
//! holds what patterns get wrong: exceptions, the shortest piece, and
//! suffixes joined by a hyphen to numbers and abbreviations. What
//! [`Hyphenator::breaks`] answers is what the layout uses and what
//! `verbale hyphenate` prints.

use std::collections::HashMap;
use std::sync::Mutex;

use hyphenation::{Hyphenator as _, Load, Standard};
use serde::Deserialize;

/// A place a word may be broken at a line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Byte offset in the word where the next line starts.
    pub at: usize,
    /// The word's own hyphen ends the line (`государств-` / `членов`);
    /// otherwise a hyphen is added.
    pub after_hyphen: bool,
}

/// How a language divides words besides its patterns or syllable rules.
#[derive(Debug, Clone)]
pub struct WordDivision {
    /// Words the rules divide wrongly, by their lower-case spelling: where
    /// they may break, in characters from the start.
    pub exceptions: HashMap<String, Vec<usize>>,
    /// Fewest letters a piece may have: at a word's edge, and between two
    /// breaks (`de-c-la-ra-tion` loses both breaks around its `c`).
    pub shortest_piece: usize,
    /// Fewest letters a word must have to be divided at all: `жә-не`
    /// would be legal, and is poor setting.
    pub shortest_word: usize,
    /// What a hyphen joins to a number is a suffix (`15-інші`, `15-го`):
    /// never divided, never carried to the next line.
    pub suffix_after_number: bool,
    /// The same after an abbreviation (`БҰҰ-ның`, `АКТ-ға`).
    pub suffix_after_abbreviation: bool,
}

impl Default for WordDivision {
    fn default() -> Self {
        WordDivision {
            exceptions: HashMap::new(),
            shortest_piece: 2,
            shortest_word: 5,
            suffix_after_number: true,
            suffix_after_abbreviation: false,
        }
    }
}

/// A word as `verbale hyphenate` shows it: `·` at each break where a
/// hyphen is added; a break after the word's own hyphen shows as that
/// hyphen.
pub fn marked(word: &str, breaks: &[Break]) -> String {
    let mut out = String::with_capacity(word.len() + 2 * breaks.len());
    for (i, c) in word.char_indices() {
        if breaks.iter().any(|b| b.at == i && !b.after_hyphen) {
            out.push('·');
        }
        out.push(c);
    }
    out
}

/// An exception as a translator writes it, with `·` or `-` at each
/// break (`субъ·ект`), split into the word and its breaks in characters.
/// `None` if it holds anything but letters and marks, or a mark at an edge
/// or next to another.
pub fn parse_exception(written: &str) -> Option<(String, Vec<usize>)> {
    let mut word = String::new();
    let mut breaks = Vec::new();
    let mut letters = 0;
    let mut after_mark = true;
    for c in written.chars() {
        if c == '·' || c == '-' {
            if after_mark {
                return None;
            }
            breaks.push(letters);
            after_mark = true;
        } else if c.is_alphabetic() {
            word.extend(c.to_lowercase());
            letters += 1;
            after_mark = false;
        } else {
            return None;
        }
    }
    if after_mark {
        return None;
    }
    Some((word, breaks))
}

/// Break opportunities of one language, remembered per word: a batch of
/// notes hyphenates the same formulas again and again.
pub struct Hyphenator {
    rules: Rules,
    /// A second set of rules every break must be allowed by too.
    agreeing: Option<Rules>,
    division: WordDivision,
    memo: Mutex<HashMap<String, Vec<Break>>>,
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
            agreeing: None,
            division: WordDivision::default(),
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

    /// The same rules, taking only the breaks `other`'s rules allow too.
    pub fn agreeing_with(mut self, other: Hyphenator) -> Hyphenator {
        self.agreeing = Some(other.rules);
        self
    }

    /// The same rules, with the locale's exceptions and limits.
    pub fn dividing(mut self, division: WordDivision) -> Hyphenator {
        self.division = division;
        self
    }

    /// Where `word` (as it stands between spaces: punctuation, a
    /// compound's hyphens and all) may break at a line end. Numbers,
    /// acronyms and other non-words are left whole.
    pub fn breaks(&self, word: &str) -> Vec<Break> {
        // Words that are left whole are remembered too: telling a letter
        // from a non-letter outside ASCII costs more than the lookup.
        let memo = |m: &Mutex<HashMap<String, Vec<Break>>>| {
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

    /// Each part of a compound (`іс-қимыл`) is divided on its own; after
    /// its own hyphen the compound may break too, unless what follows is
    /// a suffix (`15-інші`, `БҰҰ-ның`).
    fn compute(&self, word: &str) -> Vec<Break> {
        if matches!(self.rules, Rules::None) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut offset = 0;
        let mut previous: Option<&str> = None;
        for part in word.split_inclusive('-') {
            let core = letters(part);
            let suffix = previous.is_some_and(|p| self.joins_suffix(p));
            if let Some(before) = previous
                && !suffix
                && core.start == 0
                && self.ends_in_word(before)
                && self.long_enough(&part[core.clone()])
            {
                found.push(Break {
                    at: offset,
                    after_hyphen: true,
                });
            }
            if !suffix {
                let at = offset + core.start;
                found.extend(self.divide(&part[core]).into_iter().map(|b| Break {
                    at: at + b,
                    after_hyphen: false,
                }));
            }
            previous = Some(part);
            offset += part.len();
        }
        found
    }

    /// Whether what a hyphen joins to `before` (which ends in that
    /// hyphen) is a suffix.
    fn joins_suffix(&self, before: &str) -> bool {
        let stem = before.trim_end_matches('-');
        let number = stem.ends_with(|c: char| c.is_numeric());
        let alphabetic = stem.chars().filter(|c| c.is_alphabetic());
        let abbreviation =
            alphabetic.clone().count() >= 2 && alphabetic.clone().all(char::is_uppercase);
        (number && self.division.suffix_after_number)
            || (abbreviation && self.division.suffix_after_abbreviation)
    }

    /// Whether the part before a compound's hyphen ends in a word that
    /// may stand at a line end.
    fn ends_in_word(&self, before: &str) -> bool {
        let stem = before.trim_end_matches('-');
        let core = letters(stem);
        core.end == stem.len() && self.long_enough(&stem[core])
    }

    /// Whether a compound's part is long enough to stand at a line end or
    /// start: a word of letters, no shorter than the shortest piece.
    fn long_enough(&self, part: &str) -> bool {
        let count = part.chars().count();
        count >= self.division.shortest_piece.max(1) && part.chars().all(char::is_alphabetic)
    }

    /// Byte offsets inside a word of letters where a hyphen may be added.
    fn divide(&self, word: &str) -> Vec<usize> {
        if !hyphenatable(word) {
            return Vec::new();
        }
        let lower = word.to_lowercase();
        let offsets: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        if let Some((stem, breaks)) = self.exception(&lower) {
            // Inside the exception its breaks hold; past it (an inflected
            // form's ending) the rules'.
            let mut out: Vec<usize> = breaks
                .iter()
                .filter_map(|&n| offsets.get(n).copied())
                .filter(|&b| b > 0)
                .collect();
            out.extend(
                self.divide_by_rules(word, &lower, &offsets)
                    .into_iter()
                    .filter(|&b| b >= offsets.get(stem).copied().unwrap_or(word.len())),
            );
            return out;
        }
        if offsets.len() < self.division.shortest_word {
            return Vec::new();
        }
        self.divide_by_rules(word, &lower, &offsets)
    }

    /// The longest exception `lower` starts with: its length in characters
    /// and its breaks.
    fn exception(&self, lower: &str) -> Option<(usize, &[usize])> {
        let exceptions = &self.division.exceptions;
        if exceptions.is_empty() {
            return None;
        }
        lower
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(lower.len()))
            .rev()
            .find_map(|end| {
                exceptions
                    .get(&lower[..end])
                    .map(|b| (lower[..end].chars().count(), b.as_slice()))
            })
    }

    /// Byte offsets where the rules, the second rules and the shortest
    /// piece allow a break in a word of letters.
    fn divide_by_rules(&self, word: &str, lower: &str, offsets: &[usize]) -> Vec<usize> {
        let mut breaks = self.rules.breaks(word, lower);
        if let Some(other) = &self.agreeing {
            let allowed = other.breaks(word, lower);
            breaks.retain(|b| allowed.contains(b));
        }
        if matches!(self.rules, Rules::Syllables(_)) {
            // A syllable of one vowel is a piece of its own (`ци-я-лар`).
            return breaks;
        }
        let in_chars: Vec<usize> = breaks
            .iter()
            .filter_map(|b| offsets.iter().position(|o| o == b))
            .collect();
        pieces_long_enough(&in_chars, offsets.len(), self.division.shortest_piece)
            .into_iter()
            .map(|n| offsets[n])
            .collect()
    }
}

impl Rules {
    /// Byte offsets where the rules alone would break `word`.
    fn breaks(&self, word: &str, lower: &str) -> Vec<usize> {
        match self {
            // Patterns see lower case; a word whose lower case is longer
            // (`İ`) would get breaks in the wrong places.
            Rules::Patterns(dict) if lower.len() == word.len() => dict.hyphenate(lower).breaks,
            Rules::Patterns(_) | Rules::None => Vec::new(),
            Rules::Syllables(rules) => rules.breaks(word),
        }
    }
}

/// The breaks (in characters, ascending) left once every piece shorter
/// than `shortest` has lost the breaks on both its sides.
fn pieces_long_enough(breaks: &[usize], length: usize, shortest: usize) -> Vec<usize> {
    let mut bounds = Vec::with_capacity(breaks.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(breaks);
    bounds.push(length);
    let mut keep = vec![true; bounds.len()];
    for i in 0..bounds.len() - 1 {
        if bounds[i + 1] - bounds[i] < shortest {
            keep[i] = false;
            keep[i + 1] = false;
        }
    }
    bounds
        .iter()
        .zip(&keep)
        .skip(1)
        .take(breaks.len())
        .filter(|(_, k)| **k)
        .map(|(b, _)| *b)
        .collect()
}

/// The letters of a word between the punctuation around it, as a byte
/// range: `технологиялардың,` and `"forensics"` hyphenate like bare words.
fn letters(part: &str) -> std::ops::Range<usize> {
    let start = part.len() - part.trim_start_matches(|c: char| !c.is_alphabetic()).len();
    let end = part.trim_end_matches(|c: char| !c.is_alphabetic()).len();
    start..end.max(start)
}

fn hyphenatable(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// Hyphenation by syllables: every syllable has one vowel; between two
/// vowels, the last consonant starts the next syllable (`мем-ле-кет`), and
/// two vowels in a row are split (`ги-я`). Loanwords bring what native
/// syllables lack, each listed in the data: prefixes divided off whole
/// (`транс-ұлттық`), consonant clusters that start a syllable
/// (`элек-трон`), elements divided off before them (`Қа-зақ-стан`), and a
/// sign that closes its syllable (`субъ-ект`).
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
    /// Signs that end their syllable before a vowel: the break follows
    /// them (`субъ-ект`, `подъ-езд`).
    #[serde(default)]
    pub closes_syllable: String,
    /// Prefixes divided off whole at a word's start (`транс`, `пост`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Consonant clusters of loanwords that start a syllable when they end
    /// a run of consonants (`тр`, `кр`: `элек-трон`, `де-мо-кра-тия`).
    #[serde(default)]
    pub onsets: Vec<String>,
    /// Elements divided off before them where a consonant precedes them
    /// (`стан`: `Қазақ-стан`).
    #[serde(default)]
    pub elements: Vec<String>,
    /// Least letters left before a break.
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
        let mut breaks: Vec<usize> = nuclei
            .windows(2)
            .map(|pair| self.between(&lower, pair[0], pair[1]))
            .collect();
        let starts_with = |at: usize, piece: &str| {
            lower[at..]
                .iter()
                .copied()
                .take(piece.chars().count())
                .eq(piece.chars())
        };
        let mut bounds = Vec::new();
        if let Some(prefix) = self.prefixes.iter().find(|p| starts_with(0, p)) {
            bounds.push(prefix.chars().count());
        }
        for element in &self.elements {
            for at in 1..lower.len() {
                if starts_with(at, element) && !self.vowels.contains(lower[at - 1]) {
                    bounds.push(at);
                }
            }
        }
        for bound in bounds {
            // The bound replaces the syllable break between the vowels
            // around it, if both sides keep a vowel.
            let before = nuclei.iter().rev().find(|&&n| n < bound);
            let after = nuclei.iter().find(|&&n| n >= bound);
            if let (Some(&a), Some(&b)) = (before, after) {
                breaks.retain(|&k| k <= a || k > b);
                breaks.push(bound);
            }
        }
        breaks.sort_unstable();
        breaks.dedup();
        breaks
            .into_iter()
            .filter(|&at| at >= self.min_left && chars.len() - at >= self.min_right)
            .map(|at| chars[at].0)
            .collect()
    }

    /// Where the syllable of the vowel at `a` ends and that of `b` begins,
    /// in characters.
    fn between(&self, lower: &[char], a: usize, b: usize) -> usize {
        if b - a == 1 {
            return b;
        }
        if self.closes_syllable.contains(lower[b - 1]) {
            return b;
        }
        let run = &lower[a + 1..b];
        if let Some(onset) = self
            .onsets
            .iter()
            .map(|o| o.chars().collect::<Vec<_>>())
            .filter(|o| o.len() <= run.len() && run.ends_with(o))
            .max_by_key(Vec::len)
        {
            return b - onset.len();
        }
        let mut at = b - 1;
        if self.never_first.contains(lower[at]) && at - 1 > a {
            at -= 1;
        }
        at
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

    fn patterns(file: &str) -> Hyphenator {
        let bytes = std::fs::read(format!(
            "{}/assets/hyphenation/{file}.standard.bincode",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        Hyphenator::from_patterns(&bytes).unwrap()
    }

    fn shown(h: &Hyphenator, word: &str) -> String {
        marked(word, &h.breaks(word))
    }

    #[test]
    fn kazakh_words_break_between_syllables() {
        let kk = Hyphenator::from_syllable_rules(kazakh());
        for expected in [
            "мем·ле·кет·те·рі·не",
            "ын·ты·мақ·тас·тық",
            "қа·уіп·сіз·ді·гі",
            "мау·сым·ға",
            "қыр·кү·йек·ке",
            "Хат·шы·лы·ғы",
            "ұсы·ныс·та·рын",
            "сә·уір·де",
            "жел·тоқ·сан·да",
            "іл·ти·па·тын",
            "ес·керт·пе·ле·рі",
            "тұ·жы·рым·да·ма",
            "ұйым·дас·тыр·ғы·сы",
            "то·лық·ты·ры·луы",
        ] {
            let word = expected.replace('·', "");
            assert_eq!(shown(&kk, &word), expected, "{word}");
        }
    }

    #[test]
    fn kazakh_loanwords_keep_their_prefixes_clusters_and_signs() {
        let kk = Hyphenator::from_syllable_rules(kazakh());
        for expected in [
            "транс·ұлт·тық",
            "дез·ин·фор·ма·ция",
            "субъ·ект",
            "подъ·езд",
            "ин·дус·трия",
            "де·мо·кра·тия",
            "элек·трон·дық",
            "контр·ре·во·лю·ция",
            "Қа·зақ·стан·ның",
            "Өз·бек·стан",
            "дос·тан·дар",
        ] {
            let word = expected.replace('·', "");
            assert_eq!(shown(&kk, &word), expected, "{word}");
        }
    }

    #[test]
    fn no_piece_of_one_letter_and_no_short_word_divided() {
        assert_eq!(pieces_long_enough(&[2, 3, 5, 7], 10, 2), vec![5, 7]);
        assert_eq!(pieces_long_enough(&[1, 4], 6, 2), vec![4]);
        let en = patterns("en-gb");
        assert_eq!(shown(&en, "declaration"), "de·claration");
        assert_eq!(shown(&en, "honour"), "hon·our");
        let kk = Hyphenator::from_syllable_rules(kazakh());
        assert_eq!(shown(&kk, "және"), "және");
        assert_eq!(shown(&kk, "технологиялардың"), "тех·но·ло·ги·я·лар·дың");
    }

    #[test]
    fn suffixes_after_numbers_and_abbreviations_stay_whole() {
        let kk = Hyphenator::from_syllable_rules(kazakh()).dividing(WordDivision {
            suffix_after_abbreviation: true,
            ..WordDivision::default()
        });
        for word in ["15-інші", "17-сінде", "АКТ-ның", "БҰҰ-ға", "АҚШ-тағы"]
        {
            assert_eq!(kk.breaks(word), vec![], "{word}");
        }
        let ru = patterns("ru");
        assert_eq!(ru.breaks("15-го"), vec![]);
        assert_eq!(shown(&ru, "ИКТ-среды"), "ИКТ-сре·ды");
        assert!(ru.breaks("ИКТ-среды").contains(&Break {
            at: "ИКТ-".len(),
            after_hyphen: true
        }));
    }

    #[test]
    fn compounds_break_after_their_own_hyphen_and_inside_their_parts() {
        let ru = patterns("ru");
        let breaks = ru.breaks("государств-членов,");
        assert!(breaks.contains(&Break {
            at: "государств-".len(),
            after_hyphen: true
        }));
        assert_eq!(
            marked("государств-членов,", &breaks),
            "го·су·дарств-чле·нов,"
        );
        let kk = Hyphenator::from_syllable_rules(kazakh());
        assert_eq!(shown(&kk, "іс-қимыл"), "іс-қи·мыл");
        assert!(kk.breaks("іс-қимыл").iter().any(|b| b.after_hyphen));
        assert!(!kk.breaks("а-қимыл").iter().any(|b| b.after_hyphen));
    }

    #[test]
    fn exceptions_replace_what_the_rules_say() {
        assert_eq!(
            parse_exception("Субъ·ект"),
            Some(("субъект".to_string(), vec![4]))
        );
        assert_eq!(
            parse_exception("кон-тракт"),
            Some(("контракт".into(), vec![3]))
        );
        assert_eq!(
            parse_exception("контракт"),
            Some(("контракт".into(), vec![]))
        );
        for bad in ["·ект", "суб·", "суб··ект", "суб ект", "", "15·ші"] {
            assert_eq!(parse_exception(bad), None, "{bad}");
        }
        let mut exceptions = HashMap::new();
        exceptions.insert("контрудар".to_string(), vec![5]);
        exceptions.insert("пост".to_string(), vec![]);
        let kk = Hyphenator::from_syllable_rules(kazakh()).dividing(WordDivision {
            exceptions,
            ..WordDivision::default()
        });
        assert_eq!(shown(&kk, "Контрудар"), "Контр·удар");
    }

    #[test]
    fn acronyms_and_numbers_stay_whole() {
        let kk = Hyphenator::from_syllable_rules(kazakh());
        assert!(kk.breaks("АКТ").is_empty());
        assert!(kk.breaks("2022").is_empty());
        assert!(kk.breaks("SUM/2022/DRAFT/3/Rev.1").is_empty());
        assert!(Hyphenator::none().breaks("мемлекеттерінің").is_empty());
    }

    #[test]
    fn pattern_dictionaries_load_from_assets() {
        assert_eq!(
            shown(&patterns("en-gb"), "implementation"),
            "im·ple·mentation"
        );
        assert_eq!(
            shown(&patterns("ru"), "сотрудничестве"),
            "со·труд·ни·че·стве"
        );
    }
}

//! Where a line may not break between two words: a language's rules, as
//! its `locale.toml` lists them (`[line_breaking]`). The layout knows no
//! words of its own.

use std::collections::HashSet;

/// Pairs of words a line break may not separate.
#[derive(Debug, Clone, Default)]
pub struct BreakRules {
    /// Words no line ends with (lower case): short prepositions and
    /// conjunctions, `№`, titles.
    keep_with_next: HashSet<String>,
    /// Words no line starts with (lower case): `г.`, a dash, enclitics.
    keep_with_previous: HashSet<String>,
    /// A number keeps the word after it (`15 февраля`, `3 p.`).
    numbers_keep_with_next: bool,
    /// An initial keeps the word after it (`А. Б. Иванов`).
    initials_keep_with_next: bool,
    /// Bytes in the longest listed word: longer words are not looked up.
    longest: usize,
}

impl BreakRules {
    /// Rules from a locale's lists; words are compared in lower case.
    pub fn new<'a>(
        keep_with_next: impl IntoIterator<Item = &'a str>,
        keep_with_previous: impl IntoIterator<Item = &'a str>,
        numbers_keep_with_next: bool,
        initials_keep_with_next: bool,
    ) -> BreakRules {
        let keep_with_next: HashSet<String> =
            keep_with_next.into_iter().map(str::to_lowercase).collect();
        let keep_with_previous: HashSet<String> = keep_with_previous
            .into_iter()
            .map(str::to_lowercase)
            .collect();
        // Lower case can take more bytes than upper case (`İ`): a word is
        // compared whenever it could be one of the listed ones.
        let longest = keep_with_next
            .iter()
            .chain(&keep_with_previous)
            .map(|w| w.len() * 2)
            .max()
            .unwrap_or(0);
        BreakRules {
            keep_with_next,
            keep_with_previous,
            numbers_keep_with_next,
            initials_keep_with_next,
            longest,
        }
    }

    /// Whether the space between `before` and `after` (whole words as
    /// they stand in the text, punctuation included) may not break.
    pub fn binds(&self, before: &str, after: &str) -> bool {
        let before = before.trim_start_matches(opening);
        let after = after.trim_end_matches(closing);
        let listed = |set: &HashSet<String>, w: &str| {
            w.len() <= self.longest && set.contains(&w.to_lowercase())
        };
        listed(&self.keep_with_next, before)
            || listed(&self.keep_with_previous, after)
            || (self.numbers_keep_with_next && is_number(before))
            || (self.initials_keep_with_next && is_initial(before))
    }
}

/// Punctuation that may open a word: brackets and quotes.
fn opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '"' | '\'' | '«' | '„' | '“' | '‘' | '‚' | '*'
    )
}

/// Punctuation that may close a word.
fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '\'' | '»' | '“' | '”' | '’' | ',' | ';' | ':' | '*'
    )
}

/// `6`, `2022`, `17–18`, `№1013`, `1.`: digits, with the signs that go
/// inside numbers.
fn is_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || "-–./,№".contains(c))
}

/// One capital letter and a full stop: `А.`, `J.`
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn russian() -> BreakRules {
        BreakRules::new(["в", "до", "№"], ["г.", "—"], true, true)
    }

    #[test]
    fn listed_words_keep_their_neighbour_whatever_the_case_and_brackets() {
        let r = russian();
        assert!(r.binds("до", "понедельника,"));
        assert!(r.binds("До", "понедельника"));
        assert!(r.binds("(в", "Астане)"));
        assert!(r.binds("№", "NCT/ICT/1013"));
        assert!(r.binds("2027", "г.,"));
        assert!(r.binds("слово", "—"));
        assert!(!r.binds("дом", "понедельника"));
        assert!(!r.binds("вдоль", "улицы"));
    }

    #[test]
    fn numbers_and_initials_keep_the_next_word_when_the_locale_says_so() {
        let r = russian();
        assert!(r.binds("15", "февраля"));
        assert!(r.binds("17–18", "August"));
        assert!(r.binds("А.", "Иванов"));
        assert!(!r.binds("SUM/2022", "draft"));
        assert!(!r.binds("Ивана.", "Это"));
        let none = BreakRules::default();
        assert!(!none.binds("15", "февраля"));
        assert!(!none.binds("А.", "Иванов"));
        assert!(!none.binds("до", "понедельника"));
    }
}

//! A language's typographic conventions, from its `locale.toml`: which
//! quotes it uses, how it sets a range of numbers, which words a line
//! break may not separate. Applied to every paragraph before it is set —
//! the note's texts, the locale's messages and text enclosures alike —
//! so that writers type plain `"` and `-` and translators decide, in
//! data, what is printed.
//!
//! Two corrections hold in every language: a sentence's full stop after a
//! text that already ends in an abbreviation's full stop (`2027 г.` +
//! `.`) is printed once, and an ellipsis is left alone.

use serde::Deserialize;
use toml::Spanned;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::i18n::LocaleSettings;
use crate::layout::hyphen::{self, WordDivision};
use crate::layout::rules::BreakRules;
use crate::markup::Block;

/// `[quotes]` in `locale.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteSettings {
    /// Opening and closing quote: `["«", "»"]`.
    pub outer: Spanned<[String; 2]>,
    /// The pair for a quotation inside a quotation: `["„", "“"]`.
    pub inner: Spanned<[String; 2]>,
    /// What a typed `'` inside a word becomes: `’`.
    pub apostrophe: Spanned<String>,
}

/// `[punctuation]` in `locale.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PunctuationSettings {
    /// What joins the two numbers of a range typed as `2022-2023`.
    pub range_dash: Option<Spanned<String>>,
}

/// `[line_breaking]` in `locale.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBreakingSettings {
    /// Words no line may end with.
    #[serde(default)]
    pub keep_with_next: Vec<Spanned<String>>,
    /// Words no line may start with.
    #[serde(default)]
    pub keep_with_previous: Vec<Spanned<String>>,
    /// Whether a number keeps the word after it on its line.
    #[serde(default)]
    pub numbers_keep_with_next: bool,
    /// Whether an initial (`А.`) keeps the word after it on its line.
    #[serde(default)]
    pub initials_keep_with_next: bool,
}

/// `[hyphenation]` in `locale.toml`: where a word may be divided.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HyphenationSettings {
    /// A `.standard.bincode` pattern file or a `.syllables.toml` rule
    /// file; without one, words are never divided.
    pub rules: Option<Spanned<PathBuf>>,
    /// A second pattern set that must allow each break too: where two
    /// traditions differ (British and US division), neither is taken.
    pub agree_with: Option<Spanned<PathBuf>>,
    /// Words the rules divide wrongly, written with `·` (or `-`) at each
    /// place they may break: `субъ·ект`. A word without a mark is never
    /// divided.
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Fewest letters a piece of a divided word may have (2 if not set).
    pub shortest_piece: Option<Spanned<usize>>,
    /// Fewest letters a word must have to be divided (5 if not set).
    pub shortest_word: Option<Spanned<usize>>,
    /// Whether what a hyphen joins to a number is a suffix, never divided
    /// or carried over: `15-інші` (true if not set).
    pub suffix_after_number: Option<bool>,
    /// The same after an abbreviation: `БҰҰ-ның` (false if not set).
    pub suffix_after_abbreviation: Option<bool>,
}

impl HyphenationSettings {
    /// The exceptions and limits for the hyphenator; exceptions that do
    /// not parse are left out ([`problems`] reports them).
    pub fn division(&self) -> WordDivision {
        let defaults = WordDivision::default();
        WordDivision {
            exceptions: self
                .exceptions
                .iter()
                .filter_map(|e| hyphen::parse_exception(e.get_ref()))
                .collect::<HashMap<_, _>>(),
            shortest_piece: self
                .shortest_piece
                .as_ref()
                .map_or(defaults.shortest_piece, |n| *n.get_ref()),
            shortest_word: self
                .shortest_word
                .as_ref()
                .map_or(defaults.shortest_word, |n| *n.get_ref()),
            suffix_after_number: self
                .suffix_after_number
                .unwrap_or(defaults.suffix_after_number),
            suffix_after_abbreviation: self
                .suffix_after_abbreviation
                .unwrap_or(defaults.suffix_after_abbreviation),
        }
    }
}

/// A language's quotes, dashes and line-breaking rules, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct Typography {
    quotes: Option<Quotes>,
    range_dash: Option<String>,
    /// What the layout may not break.
    pub breaking: BreakRules,
}

#[derive(Debug, Clone)]
struct Quotes {
    /// Opening and closing quote by depth: outer, inner, outer, …
    pairs: [(String, String); 2],
    apostrophe: String,
}

impl Typography {
    /// The conventions `locale.toml` states; what it leaves out is left
    /// as typed.
    pub fn new(
        quotes: Option<&QuoteSettings>,
        punctuation: &PunctuationSettings,
        breaking: &LineBreakingSettings,
    ) -> Typography {
        let pair = |p: &Spanned<[String; 2]>| {
            let [open, close] = p.get_ref().clone();
            (open, close)
        };
        Typography {
            quotes: quotes.map(|q| Quotes {
                pairs: [pair(&q.outer), pair(&q.inner)],
                apostrophe: q.apostrophe.get_ref().clone(),
            }),
            range_dash: punctuation.range_dash.as_ref().map(|d| d.get_ref().clone()),
            breaking: BreakRules::new(
                breaking.keep_with_next.iter().map(|w| w.get_ref().as_str()),
                breaking
                    .keep_with_previous
                    .iter()
                    .map(|w| w.get_ref().as_str()),
                breaking.numbers_keep_with_next,
                breaking.initials_keep_with_next,
            ),
        }
    }

    /// Every paragraph of `blocks`, dressed.
    pub fn dress_blocks(&self, blocks: &mut [Block]) {
        for block in blocks {
            for paragraph in &mut block.paragraphs {
                self.dress(paragraph);
            }
        }
    }

    /// One paragraph (its lines, as the template wrote them): quotes
    /// paired across its lines, ranges, doubled full stops.
    pub fn dress(&self, lines: &mut [String]) {
        // Most lines have nothing to dress: they are looked at only for
        // the characters that would change.
        let quotes = self
            .quotes
            .as_ref()
            .filter(|_| lines.iter().any(|l| l.contains(['"', '\''])));
        let mut open = Vec::new();
        for line in lines.iter_mut() {
            if line.contains("..") {
                *line = collapse_full_stops(line);
            }
            if let Some(dash) = &self.range_dash
                && line.contains('-')
            {
                *line = ranges(line, dash);
            }
            if let Some(q) = quotes {
                *line = q.dress(line, &mut open);
            }
        }
    }
}

/// Values of `locale.toml` that would print nothing, or never apply: an
/// empty quote, a listed "word" with a space in it.
pub fn problems(file: &Path, settings: &LocaleSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut bad = |span: std::ops::Range<usize>, what: String| {
        out.push(Diagnostic::error("locale-settings", what).at(file, span));
    };
    if let Some(q) = &settings.quotes {
        for (name, pair) in [("outer", &q.outer), ("inner", &q.inner)] {
            if pair.get_ref().iter().any(String::is_empty) {
                bad(pair.span(), format!("`{name}` quotes may not be empty"));
            }
        }
        if q.apostrophe.get_ref().is_empty() {
            bad(q.apostrophe.span(), "`apostrophe` may not be empty".into());
        }
    }
    if let Some(d) = &settings.punctuation.range_dash
        && d.get_ref().is_empty()
    {
        bad(d.span(), "`range_dash` may not be empty".into());
    }
    let lists = &settings.line_breaking;
    for word in lists.keep_with_next.iter().chain(&lists.keep_with_previous) {
        let w = word.get_ref();
        if w.is_empty() || w.contains(char::is_whitespace) {
            bad(
                word.span(),
                format!("{w:?} is not one word: spaces are where lines break"),
            );
        }
    }
    let h = &settings.hyphenation;
    let mut seen = HashSet::new();
    for exception in &h.exceptions {
        match hyphen::parse_exception(exception.get_ref()) {
            None => bad(
                exception.span(),
                format!(
                    "{:?} is not a word with `·` or `-` between its letters at each break",
                    exception.get_ref()
                ),
            ),
            Some((word, _)) => {
                if !seen.insert(word.clone()) {
                    bad(exception.span(), format!("`{word}` is listed twice"));
                }
            }
        }
    }
    if let Some(n) = &h.shortest_piece
        && *n.get_ref() == 0
    {
        bad(n.span(), "`shortest_piece` must be at least 1".into());
    }
    out
}

/// What opened a quotation still open.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opener {
    /// A typed `"`.
    Double,
    /// A typed `'`.
    Single,
    /// A quote already typographic.
    Typographic,
}

impl Quotes {
    fn dress(&self, text: &str, open: &mut Vec<Opener>) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        // Emphasis markers (`*`) do not count as what surrounds a quote.
        let before = |i: usize| chars[..i].iter().rev().find(|&&c| c != '*').copied();
        let after = |i: usize| chars[i + 1..].iter().find(|&&c| c != '*').copied();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '"' => {
                    let (before, after) = (before(i), after(i));
                    if opens(before) || !open.contains(&Opener::Double) && !closes(after) {
                        self.open(&mut out, open, Opener::Double);
                    } else {
                        self.close(&mut out, open, Opener::Double);
                    }
                }
                '\'' => {
                    let (before, after) = (before(i), after(i));
                    let letter_before = before.is_some_and(char::is_alphanumeric);
                    let letter_after = after.is_some_and(char::is_alphanumeric);
                    if letter_before && letter_after {
                        out.push_str(&self.apostrophe);
                    } else if opens(before) && after.is_some_and(|c| !c.is_whitespace()) {
                        self.open(&mut out, open, Opener::Single);
                    } else if open.contains(&Opener::Single) && !letter_after {
                        self.close(&mut out, open, Opener::Single);
                    } else {
                        out.push_str(&self.apostrophe);
                    }
                }
                _ => {
                    if self.is_opening(c) {
                        open.push(Opener::Typographic);
                    } else if self.is_closing(c) && open.last() == Some(&Opener::Typographic) {
                        open.pop();
                    }
                    out.push(c);
                }
            }
        }
        out
    }

    fn open(&self, out: &mut String, open: &mut Vec<Opener>, by: Opener) {
        out.push_str(&self.pairs[open.len() % 2].0);
        open.push(by);
    }

    /// Closes the innermost quotation `by` opened, and whatever was left
    /// open inside it.
    fn close(&self, out: &mut String, open: &mut Vec<Opener>, by: Opener) {
        match open.iter().rposition(|&o| o == by) {
            Some(at) => {
                out.push_str(&self.pairs[at % 2].1);
                open.truncate(at);
            }
            None => out.push_str(&self.pairs[0].1),
        }
    }

    fn is_opening(&self, c: char) -> bool {
        self.pairs
            .iter()
            .any(|(o, cl)| o.starts_with(c) && o.chars().count() == 1 && !cl.starts_with(c))
    }

    fn is_closing(&self, c: char) -> bool {
        self.pairs
            .iter()
            .any(|(o, cl)| cl.starts_with(c) && cl.chars().count() == 1 && !o.starts_with(c))
    }
}

/// Whether a quote after `before` opens a quotation: at the start, after
/// a space, a bracket, a dash or another opening quote.
fn opens(before: Option<char>) -> bool {
    before.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | '«' | '„' | '“' | '‘' | '‚' | '—' | '–' | '/'
            )
    })
}

/// Whether a quote before `after` ends a quotation: at the end, before a
/// space or punctuation.
fn closes(after: Option<char>) -> bool {
    after.is_none_or(|c| c.is_whitespace() || (c.is_ascii_punctuation() && c != '(' && c != '['))
}

/// `г..` → `г.`: two full stops after a letter are one; three (an
/// ellipsis) stay.
fn collapse_full_stops(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let doubled = c == '.'
            && i >= 2
            && chars[i - 1] == '.'
            && chars[i - 2].is_alphabetic()
            && chars.get(i + 1) != Some(&'.');
        if !doubled {
            out.push(c);
        }
    }
    out
}

/// `2022-2023` → `2022–2023`: a hyphen between two numbers that stand on
/// their own (not a date `2022-08-12`, a code `SUM/2022-3` or `COVID-19`).
fn ranges(text: &str, dash: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || number_may_follow(chars[i - 1])) {
            let first = run_of_digits(&chars, i);
            if chars.get(first) == Some(&'-') {
                let second = run_of_digits(&chars, first + 1);
                if second > first + 1 && chars.get(second).is_none_or(|&c| number_may_precede(c)) {
                    out.extend(&chars[i..first]);
                    out.push_str(dash);
                    out.extend(&chars[first + 1..second]);
                    i = second;
                    continue;
                }
            }
            out.extend(&chars[i..first]);
            i = first;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn run_of_digits(chars: &[char], from: usize) -> usize {
    from + chars[from..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

fn number_may_follow(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '«' | '„' | '“' | '"' | '‘' | '\'' | '*')
}

fn number_may_precede(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '-' | '–' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned<T>(value: T) -> Spanned<T> {
        Spanned::new(0..0, value)
    }

    fn locale(outer: [&str; 2], inner: [&str; 2]) -> Typography {
        let quotes = QuoteSettings {
            outer: spanned(outer.map(String::from)),
            inner: spanned(inner.map(String::from)),
            apostrophe: spanned("’".to_string()),
        };
        let punctuation = PunctuationSettings {
            range_dash: Some(spanned("–".to_string())),
        };
        Typography::new(
            Some(&quotes),
            &punctuation,
            &LineBreakingSettings::default(),
        )
    }

    fn dressed(t: &Typography, text: &str) -> String {
        let mut lines = vec![text.to_string()];
        t.dress(&mut lines);
        lines.remove(0)
    }

    #[test]
    fn quotes_nest_by_language() {
        let ru = locale(["«", "»"], ["„", "“"]);
        let en = locale(["“", "”"], ["‘", "’"]);
        let text = r#"мера "Безопасность "ИКТ" и 'сети'", далее"#;
        assert_eq!(
            dressed(&ru, text),
            "мера «Безопасность „ИКТ“ и „сети“», далее"
        );
        let text = r#"the CBM "Security of 'and' in ICTs" for"#;
        assert_eq!(
            dressed(&en, text),
            "the CBM “Security of ‘and’ in ICTs” for"
        );
    }

    #[test]
    fn apostrophes_and_typographic_quotes() {
        let en = locale(["“", "”"], ["‘", "’"]);
        assert_eq!(
            dressed(&en, "the Leaders' Statement, Member States' views, it's"),
            "the Leaders’ Statement, Member States’ views, it’s"
        );
        let kk = locale(["«", "»"], ["„", "“"]);
        assert_eq!(
            dressed(&kk, r#"«Азия "Кеңесі"» мен "АКТ""#),
            "«Азия „Кеңесі“» мен «АКТ»"
        );
    }

    #[test]
    fn quotes_pair_across_the_lines_of_a_paragraph() {
        let ru = locale(["«", "»"], ["„", "“"]);
        let mut lines = vec!["мера \"Безопасность".to_string(), "ИКТ\" и".to_string()];
        ru.dress(&mut lines);
        assert_eq!(lines, ["мера «Безопасность", "ИКТ» и"]);
    }

    #[test]
    fn emphasis_markers_do_not_decide_a_quote() {
        let en = locale(["“", "”"], ["‘", "’"]);
        assert_eq!(dressed(&en, r#"*"Title"* and"#), "*“Title”* and");
    }

    #[test]
    fn doubled_full_stops_after_an_abbreviation_are_one() {
        let ru = locale(["«", "»"], ["„", "“"]);
        assert_eq!(dressed(&ru, "до 14 марта 2027 г.."), "до 14 марта 2027 г.");
        assert_eq!(dressed(&ru, "на 3 л.. Далее"), "на 3 л. Далее");
        assert_eq!(dressed(&ru, "и так далее..."), "и так далее...");
        assert_eq!(dressed(&ru, "пункты 1..5"), "пункты 1..5");
    }

    #[test]
    fn ranges_take_the_dash_and_codes_keep_their_hyphens() {
        let kk = locale(["«", "»"], ["„", "“"]);
        assert_eq!(
            dressed(&kk, "2022-2023 жылдарға, 17-18 тамыз"),
            "2022–2023 жылдарға, 17–18 тамыз"
        );
        assert_eq!(dressed(&kk, "(2022-2023)."), "(2022–2023).");
        for kept in [
            "2022-08-12",
            "COVID-19",
            "SUM/2022-3",
            "15-ші",
            "A1-2",
            "1-2-3",
        ] {
            assert_eq!(dressed(&kk, kept), kept);
        }
    }

    #[test]
    fn a_locale_without_settings_prints_what_was_typed() {
        let plain = Typography::default();
        let text = r#"the "CBM" 2022-2023 it's"#;
        assert_eq!(dressed(&plain, text), text);
        assert_eq!(dressed(&plain, "2027 г.."), "2027 г.");
    }
}

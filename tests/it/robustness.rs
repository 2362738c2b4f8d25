//! No input makes verbale panic, hang or crash: every input gets a clear
//! error or a correct PDF, and every error points at a real place.
//!
//! # What is covered
//!
//! - **Each parser the project writes itself**, by property tests
//!   (proptest) on nasty text — ASCII, Russian and Kazakh letters, the
//!   syntax characters of TOML, Fluent, Tera and the markup, byte order
//!   marks, control characters, combining marks, right-to-left text,
//!   emoji, long runs, empty input — and on mutated copies of the shipped
//!   files (a range deleted, a syntax token inserted, lines duplicated,
//!   swapped or deleted, a number, word or boolean replaced):
//!   - note files, `Note::parse` (`notes/*.toml`);
//!   - note texts, Fluent patterns inside TOML strings of every kind,
//!     `NoteText::compile`, whose positions map back into the note file;
//!   - text enclosures, `enclosure::text::parse` (`enclosures/*.md`);
//!   - the register, `Register::parse` (`register.tsv`), and its round trip
//!     through `Register::render`;
//!   - Fluent files, `i18n::ftl::parse` (`locales/*/*.ftl`);
//!   - settings files read by `Project::load`: style sheets
//!     (`templates/*.toml`), `locale.toml` and syllable rules
//!     (`assets/hyphenation/*.syllables.toml`), with the breaks the rules
//!     give; and `SyllableRules::breaks` for rules of any letters and
//!     limits.
//!
//!   The template markup, inline styles and the line breaker have property
//!   tests beside their code (`src/markup.rs`, `src/layout/inline.rs`,
//!   `src/layout/linebreak.rs`).
//! - **The whole pipeline**: a copy of the shipped project with one text
//!   file mutated per case (a note, a locale's `.ftl` or `locale.toml`, a
//!   template or style sheet, an enclosure, the register, `verbale.toml`,
//!   the syllable rules — edited, replaced by nasty text, emptied, removed,
//!   re-encoded, given a byte order mark or invalid UTF-8), checked in
//!   process with `check --render` and built with `build`: the two must
//!   agree on whether the project has problems, and every PDF written must
//!   read back.
//! - **Input nested deeper than a stack allows**, through the `verbale`
//!   binary in a child process, where a stack overflow can be seen
//!   (`deep_nesting_*`).
//!
//! Every case runs on a thread of its own under a deadline: a panic is
//! caught, and a case that does not finish in time fails the test, naming
//! its input. Every diagnostic is printed (`report`, `short`, `line_col`),
//! and each of its places must lie inside its file, on character
//! boundaries.
//!
//! # Running more cases
//!
//! ```text
//! VERBALE_FUZZ_CASES=5000 cargo test --release --test it robustness
//! ```
//!
//! - `VERBALE_FUZZ_CASES`: cases of each property test, here and in the
//!   unit tests beside the code (default 256, proptest's own);
//! - `VERBALE_FUZZ_PROJECT_CASES`: mutated projects (default a tenth of
//!   `VERBALE_FUZZ_CASES`, and 16 when neither is set: CI runs 2,000 in
//!   release);
//! - `VERBALE_FUZZ_SEED`: fixes every random choice. Mutated projects are
//!   numbered from this seed (default 0, so that a plain `cargo test` runs
//!   the same cases every time); a failing case prints the seed that
//!   repeats it alone. Property tests otherwise draw a new seed each run,
//!   and print the smallest failing input they find.

use std::any::Any;
use std::fs;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};

use verbale::build;
use verbale::check;
use verbale::diag::{Diagnostic, Sources};
use verbale::enclosure;
use verbale::i18n::ftl;
use verbale::layout::hyphen::SyllableRules;
use verbale::note::Note;
use verbale::project::Project;
use verbale::register::Register;

use crate::common;

/// How long one parser case may take.
const PARSE_LIMIT: Duration = Duration::from_secs(10);

/// How long checking and building one mutated project may take.
const PROJECT_LIMIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// Settings

#[path = "../../src/fuzz.rs"]
mod fuzz;

use fuzz::{config, env_number};

/// Mutated projects to check.
fn project_cases() -> u64 {
    env_number("VERBALE_FUZZ_PROJECT_CASES")
        .unwrap_or_else(|| env_number("VERBALE_FUZZ_CASES").map_or(16, |n| n / 10))
}

// ---------------------------------------------------------------------------
// Running a case

/// Runs `f` on a thread of its own and waits at most `limit` for it. A
/// panic comes back as its message; so does a hang (the thread is left
/// behind).
fn guarded<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("robustness case".into())
        .spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(f))
                .map_err(|p| format!("panicked: {}", panic_message(&*p)));
            let _ = tx.send(outcome);
        })
        .expect("a thread for the case");
    match rx.recv_timeout(limit) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("no answer within {} s: it hangs", limit.as_secs()))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err("the case's thread ended without an answer".into())
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Runs a parser case: it must finish in time, without a panic, and find
/// nothing wrong with what the parser returned.
fn verdict(f: impl FnOnce() -> Vec<String> + Send + 'static) -> Result<(), TestCaseError> {
    let problems = guarded(PARSE_LIMIT, f).unwrap_or_else(|e| vec![e]);
    prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

// ---------------------------------------------------------------------------
// Checking what comes back

/// The one file a parser was given, for printing its diagnostics.
struct OneFile {
    path: PathBuf,
    text: Arc<str>,
}

impl OneFile {
    fn new(path: &str, text: &str) -> OneFile {
        OneFile {
            path: PathBuf::from(path),
            text: Arc::from(text),
        }
    }
}

impl Sources for OneFile {
    fn source(&self, file: &Path) -> Option<Arc<str>> {
        (file == self.path).then(|| self.text.clone())
    }
}

/// Whether `span` is a place in `text`: inside it, in order, on character
/// boundaries.
fn is_place(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// What is wrong with `span` as a place in `text`, named after `what`.
fn place_problem(what: &str, text: &str, span: &Range<usize>) -> Option<String> {
    (!is_place(text, span)).then(|| {
        format!(
            "{what}: {span:?} is no place in a text of {} bytes",
            text.len()
        )
    })
}

/// Prints `d` every way the tool does, and says what is wrong with it: a
/// diagnostic needs a code and a message, and each of its places must lie
/// in the text of its file.
fn printable(d: &Diagnostic, sources: &dyn Sources) -> Vec<String> {
    let mut problems = Vec::new();
    let report = d.report(sources);
    let _ = d.short(sources);
    let _ = d.line_col(sources);
    let name = format!("[{}] {}", d.code, d.message);
    if d.code.is_empty() || d.message.trim().is_empty() || report.is_empty() {
        problems.push(format!("{name}: no code, message or report"));
    }
    let labels = d.primary.iter().map(|l| &**l).chain(&d.secondary);
    for label in labels {
        let Some(span) = &label.span else {
            continue;
        };
        match sources.source(&label.file) {
            Some(text) => problems.extend(place_problem(
                &format!("{name} in {}", label.file.display()),
                &text,
                span,
            )),
            None => problems.push(format!(
                "{name}: points at {span:?} of {}, which was never read",
                label.file.display()
            )),
        }
    }
    problems
}

/// The problems of every diagnostic in `diags`.
fn all_printable<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    sources: &dyn Sources,
) -> Vec<String> {
    diags
        .into_iter()
        .flat_map(|d| printable(d, sources))
        .collect()
}

// ---------------------------------------------------------------------------
// Nasty text

/// Tokens of every syntax the project reads.
#[rustfmt::skip]
const SYNTAX: &[&str] = &[
    // TOML
    "=", " = ", "[", "]", "[[", "]]", "\"", "'", "\"\"\"", "'''", "#", ",", ".", "{", "}", "\\",
    "\\u", "\\u00e9", "\\U0010FFFF", "\\uD800", "\\x41", "\\e", "\\\n", "key = ", "[text.en]",
    "[enclosure]", "[dates]", "[block.body]", "[page]", "2022-08-12", "2022-02-30",
    "1979-05-27T07:32:00Z", "nan", "inf", "-inf", "1e39", "-0", "0x10", "true", "false",
    "4294967296",
    // Fluent
    "{ $x }", "{ $meeting }", "{ -term }", "{ msg.attr }", "{ DAY($date) }",
    "{ NUMBER($n, minimumFractionDigits: 2) }", "{ \"\" }", "{ \"\\u0041\" }", "{ 1.5 }",
    "{ $n ->\n    [one] x\n   *[other] y\n}", "*[other]", "[one]", "->", ".attr = ", "-term = ",
    "    ", "\n    ", "\n\t", "{ -t(x: 1) }", "{ { } }", "##", "###",
    // Tera
    "{{ x }}", "{{", "}}", "{%", "%}", "{% if x %}", "{% endif %}", "{#", "#}", "t(id=\"x\")",
    "{{ t(id=\"opening\") }}", "{% include \"x.tera\" %}", "{%- raw -%}",
    // markup and enclosures
    "@", "@body", "@letterhead", "+++", "+++\n", "\n+++\n", "# ", "## ", "*", "**", "(+CHN)",
    "(-ISR)", "1. ", "a) ", "ә) ", "[Alt 3. ",
    // register
    "\t", "NCT/ICT/688", "NCT/ICT/0", "//", "issued", "withdrawn",
    // line ends and white space
    "\n", "\n", "\r\n", "\r", "\n\n", "  ", "\u{a0}", "\u{2028}", "\u{85}", "\u{3000}",
];

/// One piece of nasty text.
fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ]{1,12}",
        3 => "[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ ]{1,12}",
        6 => prop::sample::select(SYNTAX).prop_map(String::from),
        1 => prop::sample::select(vec![
            "\u{feff}", "\u{301}", "е\u{308}", "\u{200d}", "\u{200b}", "\u{202e}", "\u{2066}",
            "שלום", "مرحبا", "👩‍👩‍👧", "🇰🇿", "\u{10ffff}", "\u{fffd}", "\u{e040}", "\0",
            "\u{7f}", "\u{1b}[31m", "\u{c}", "\u{b}", "İ", "ß", "ǅ", "ﬃ",
        ])
        .prop_map(String::from),
        1 => any::<String>(),
        1 => (
            // Long runs; not of `{`, nested deeper than the stack allows
            // (tested in a child process below).
            prop::sample::select(vec!['a', 'ә', ' ', '\n', '"', '\\', '#', '=', '*', '@', '-', '\t']),
            1usize..3000,
        )
            .prop_map(|(c, n)| std::iter::repeat_n(c, n).collect()),
        1 => Just(String::new()),
    ]
    .boxed()
}

/// Text of nasty pieces.
fn nasty() -> BoxedStrategy<String> {
    prop::collection::vec(piece(), 0..40)
        .prop_map(|v| v.concat())
        .boxed()
}

/// Lines made by `line`, each ended by a line feed.
fn lines_of(line: BoxedStrategy<String>, most: usize) -> BoxedStrategy<String> {
    prop::collection::vec(line, 0..most)
        .prop_map(|v| v.iter().map(|l| format!("{l}\n")).collect())
        .boxed()
}

/// Keys the project's TOML files know, and some they do not.
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "series", "sequence", "issued", "place", "addressee", "languages", "template", "enclosure",
    "dates", "text", "pages", "file", "date", "from", "to", "style", "en", "ru", "kk", "action",
    "body", "continued", "size", "bold", "italic", "align", "indent", "page", "block", "margins",
    "width", "height", "tolerance", "number_size", "leading", "keep_lines", "uppercase", "bottom",
    "keep_together", "hyphenate", "margin_left", "label", "markup", "texts", "required", "about",
    "vowels", "glides_after_vowel", "never_first", "min_left", "min_right", "organisation",
    "symbol", "distribution", "chairmanship", "language", "fonts", "regular", "output", "dir",
    "check", "reference", "incomplete", "register", "files", "extra_roots", "hyphenation",
    "сериясы", "\"quoted key\"", "a.b", "",
];

/// Values, good and bad, for those keys.
#[rustfmt::skip]
const VALUES: &[&str] = &[
    "\"NCT/ICT\"", "7", "-1", "0", "4294967296", "2022-08-12", "2022-02-30",
    "1979-05-27T07:32:00Z", "07:32:00", "[\"en\", \"kk\"]", "[\"en\", \"en\"]", "[]",
    "{ date = 2022-06-06, style = \"deadline\" }",
    "{ from = 2022-08-18, to = 2022-08-17, style = \"event\" }", "{ style = \"plain\" }", "true",
    "nan", "inf", "-inf", "1e39", "0.0", "-0.0", "1e-45", "\"\"", "'''\nx\n'''",
    "\"\"\"\nа \\\n   б\"\"\"", "\"{ $x }\"", "\"{\"", "\"\\u00e9\"", "\"center\"", "\"justify\"",
    "\"enclosures/SUM-2022-DRAFT-3-Rev.1.md\"", "\"../../etc/passwd\"", "\"/dev/zero\"",
    "\"note-verbale\"", "\"nur-sultan\"", "\"аеиоуыэюяәөұүі\"", "{}", "[[]]",
];

/// Text shaped like a TOML file: tables, keys and values, good and bad.
fn toml_text() -> BoxedStrategy<String> {
    let key = prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(String::from),
        1 => "[a-z_-]{1,10}",
        1 => piece(),
    ]
    .boxed();
    let value = prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(String::from),
        1 => nasty().prop_map(|s| format!("{s:?}")),
        1 => "[^'\n]{0,20}".prop_map(|s| format!("'{s}'")),
        1 => piece(),
    ];
    let line = prop_oneof![
        4 => (key.clone(), value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => key.clone().prop_map(|k| format!("[{k}]")),
        1 => (key.clone(), key.clone()).prop_map(|(a, b)| format!("[{a}.{b}]")),
        1 => key.prop_map(|k| format!("[[{k}]]")),
        1 => piece(),
    ];
    lines_of(line.boxed(), 24)
}

/// Text shaped like a Fluent file: messages, terms, attributes, selectors.
fn ftl_text() -> BoxedStrategy<String> {
    let id = prop_oneof![
        3 => "[a-z][a-z0-9-]{0,10}",
        1 => prop::sample::select(vec!["date-plain", "opening", "-org", "place-nur-sultan"])
            .prop_map(String::from),
        1 => piece(),
    ]
    .boxed();
    let element = prop_oneof![
        3 => "[a-zA-Zа-яәғқңөұүһі ,.]{1,12}",
        3 => prop::sample::select(SYNTAX).prop_map(String::from),
        1 => piece(),
    ];
    let pattern = prop::collection::vec(element, 0..8)
        .prop_map(|v| v.concat())
        .boxed();
    let line = prop_oneof![
        4 => (id.clone(), pattern.clone()).prop_map(|(i, p)| format!("{i} = {p}")),
        1 => (id.clone(), pattern.clone()).prop_map(|(i, p)| format!("-{i} = {p}")),
        2 => (id, pattern.clone()).prop_map(|(i, p)| format!("    .{i} = {p}")),
        2 => pattern.clone().prop_map(|p| format!("    {p}")),
        1 => pattern.prop_map(|p| format!("# {p}")),
        1 => piece(),
    ];
    lines_of(line.boxed(), 24)
}

/// Text shaped like a text enclosure: perhaps a header, then paragraphs.
fn enclosure_text() -> BoxedStrategy<String> {
    let line = prop_oneof![
        2 => prop::collection::vec(
            prop_oneof![
                3 => "[A-Za-zА-Яа-яәғқңөұүһі ,.;]{1,20}",
                2 => prop::sample::select(vec![
                    "# ", "## ", "### ", "1. ", "12. ", "a) ", "ә) ", "Б) ", "[Alt 3. ", "[3. ",
                    "*", "**", "(+CHN)", "(-ISR)", "[", "]", "+++", "\t", "  ",
                ])
                .prop_map(String::from),
                1 => piece(),
            ],
            0..8,
        )
        .prop_map(|v| v.concat()),
        1 => Just(String::new()),
    ];
    let body = lines_of(line.boxed(), 30);
    prop_oneof![
        1 => body.clone(),
        2 => (toml_text(), prop::sample::select(vec!["+++\n", "+++\r\n", "+++", "++\n"]), body)
            .prop_map(|(header, close, body)| format!("+++\n{header}{close}{body}")),
    ]
    .boxed()
}

/// Text shaped like the register: tab-separated fields.
fn register_text() -> BoxedStrategy<String> {
    let field = prop_oneof![
        3 => prop::sample::select(vec![
            "NCT/ICT/688", "NCT/ICT/0", "NCT//1", "/1", "NCT/ICT/", "NCT/ICT/4294967296",
            "NCT/ICT/-1", "NCT/ICT/+5", " NCT/ICT/7 ", "НКТ/ИКТ/1", "#NCT/1", "2022-05-26",
            "2022-13-01", "+10000-01-01", "2022-5-6", "issued", "withdrawn", "Issued", "",
            "subject", "Тақырып",
        ])
        .prop_map(String::from),
        1 => "[^\t\n]{0,12}",
        1 => piece(),
    ];
    let line = prop_oneof![
        4 => prop::collection::vec(field, 0..6).prop_map(|f| f.join("\t")),
        1 => "# [^\n]{0,20}",
        1 => piece(),
    ];
    lines_of(line.boxed(), 12)
}

// ---------------------------------------------------------------------------
// Mutations of real files

/// Numbers a mutation puts in place of a number.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-0", "1", "-1", "0.0", "-0.0", "0.001", "1e-45", "1e9", "1e30", "3.5e38", "-1e9", "nan",
    "+nan", "-nan", "inf", "-inf", "4294967295", "4294967296", "18446744073709551616", "99999",
    "1_000", "0x7f", "0b1", "007", "1.", ".5",
];

/// Dates a mutation puts in place of a date.
#[rustfmt::skip]
const DATES: &[&str] = &[
    "0000-01-01", "9999-12-31", "2022-02-29", "2024-02-29", "2022-02-30", "2022-13-01",
    "2022-00-10", "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", "07:32:00",
    "2022-08-12 10:00", "+2022-08-12",
];

/// One change to a text. Positions count characters (or lines, numbers,
/// words) and are taken modulo their count, so any value is valid.
#[derive(Debug, Clone)]
enum Edit {
    /// Deletes this many characters.
    Delete {
        at: usize,
        chars: usize,
    },
    /// Inserts text.
    Insert {
        at: usize,
        text: String,
    },
    /// Replaces one character.
    Replace {
        at: usize,
        text: String,
    },
    DuplicateLine(usize),
    DeleteLine(usize),
    SwapLines(usize, usize),
    /// Replaces a number.
    Number {
        nth: usize,
        with: &'static str,
    },
    /// Replaces a date.
    Date {
        nth: usize,
        with: &'static str,
    },
    /// Replaces the value after an `=`.
    Value {
        nth: usize,
        with: &'static str,
    },
    /// Replaces a word with another word of the file.
    Word {
        nth: usize,
        with: usize,
    },
    /// Turns a `true` into `false` or back.
    Flip(usize),
    /// Cuts the text short.
    Truncate(usize),
}

fn edit() -> BoxedStrategy<Edit> {
    let snippet = prop_oneof![
        3 => prop::sample::select(SYNTAX).prop_map(String::from),
        1 => piece(),
    ];
    prop_oneof![
        3 => (any::<usize>(), 1usize..40).prop_map(|(at, chars)| Edit::Delete { at, chars }),
        4 => (any::<usize>(), snippet.clone()).prop_map(|(at, text)| Edit::Insert { at, text }),
        2 => (any::<usize>(), snippet).prop_map(|(at, text)| Edit::Replace { at, text }),
        1 => any::<usize>().prop_map(Edit::DuplicateLine),
        2 => any::<usize>().prop_map(Edit::DeleteLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        3 => (any::<usize>(), prop::sample::select(NUMBERS))
            .prop_map(|(nth, with)| Edit::Number { nth, with }),
        1 => (any::<usize>(), prop::sample::select(DATES))
            .prop_map(|(nth, with)| Edit::Date { nth, with }),
        3 => (any::<usize>(), prop::sample::select([NUMBERS, VALUES].concat()))
            .prop_map(|(nth, with)| Edit::Value { nth, with }),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(nth, with)| Edit::Word { nth, with }),
        1 => any::<usize>().prop_map(Edit::Flip),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
    .boxed()
}

fn edits() -> BoxedStrategy<Vec<Edit>> {
    prop::collection::vec(edit(), 1..4).boxed()
}

/// `text` with `range` replaced by `with`.
fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

/// Byte ranges of the tokens of `text`: each starts where `starts` accepts
/// the rest of the text (and no character `within` comes before it) and runs
/// on over the characters `within` accepts.
fn tokens(
    text: &str,
    starts: impl Fn(&str) -> bool,
    within: impl Fn(char) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before_ok = text[..i].chars().next_back().is_none_or(|p| !within(p));
        if before_ok && starts(&text[i..]) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !within(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(i..end);
        }
    }
    out
}

/// Replaces the `nth` of `found` (modulo their count) with `with`.
fn replace_nth(text: &str, found: &[Range<usize>], nth: usize, with: &str) -> String {
    match found.get(nth % found.len().max(1)) {
        Some(r) => splice(text, r.clone(), with),
        None => text.to_string(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn apply(text: &str, edit: &Edit) -> String {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let index = |n: usize| n % bounds.len();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let line = |n: usize| n % lines.len();
    match edit {
        Edit::Delete { at, chars } => {
            let start = index(*at);
            let end = (start + chars).min(bounds.len() - 1);
            splice(text, bounds[start]..bounds[end], "")
        }
        Edit::Insert { at, text: t } => {
            let at = bounds[index(*at)];
            splice(text, at..at, t)
        }
        Edit::Replace { at, text: t } => {
            let start = index(*at);
            let end = (start + 1).min(bounds.len() - 1);
            splice(text, bounds[start]..bounds[end], t)
        }
        Edit::DuplicateLine(n) => {
            let i = line(*n);
            lines.insert(i, lines[i]);
            lines.join("\n")
        }
        Edit::DeleteLine(n) => {
            lines.remove(line(*n));
            lines.join("\n")
        }
        Edit::SwapLines(a, b) => {
            let (a, b) = (line(*a), line(*b));
            lines.swap(a, b);
            lines.join("\n")
        }
        Edit::Number { nth, with } => {
            let numbers = tokens(
                text,
                |s| s.starts_with(|c: char| c.is_ascii_digit()),
                |c| c.is_ascii_digit() || c == '.' || c == '_',
            );
            replace_nth(text, &numbers, *nth, with)
        }
        Edit::Date { nth, with } => {
            let dates = tokens(
                text,
                |s| {
                    let b = s.as_bytes();
                    b.len() >= 10
                        && b[..4].iter().all(u8::is_ascii_digit)
                        && b[4] == b'-'
                        && b[7] == b'-'
                },
                |c| c.is_ascii_digit() || c == '-',
            );
            replace_nth(text, &dates, *nth, with)
        }
        Edit::Value { nth, with } => {
            let values: Vec<Range<usize>> = text
                .match_indices('=')
                .map(|(i, _)| {
                    let rest = &text[i + 1..];
                    let start = i + 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
                    let end = text[start..]
                        .find([',', '}', '\n', '#'])
                        .map_or(text.len(), |n| start + n);
                    start..end
                })
                .collect();
            replace_nth(text, &values, *nth, with)
        }
        Edit::Word { nth, with } => {
            let words = tokens(text, |s| s.starts_with(is_word_char), is_word_char);
            let Some(other) = words.get(with % words.len().max(1)) else {
                return text.to_string();
            };
            replace_nth(text, &words, *nth, &text[other.clone()])
        }
        Edit::Flip(n) => {
            let flags = tokens(
                text,
                |s| s.starts_with("true") || s.starts_with("false"),
                |c| c.is_ascii_alphabetic(),
            );
            let Some(r) = flags.get(n % flags.len().max(1)) else {
                return text.to_string();
            };
            let flipped = if &text[r.clone()] == "true" {
                "false"
            } else {
                "true"
            };
            splice(text, r.clone(), flipped)
        }
        Edit::Truncate(n) => text[..bounds[index(*n)]].to_string(),
    }
}

/// The shipped files under `dir` whose names end in `ext`, with their text.
fn shipped(dir: &str, ext: &str) -> Vec<(String, Arc<str>)> {
    let mut found = Vec::new();
    collect(&common::root(), Path::new(dir), &mut found);
    found
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .map(|p| {
            let text = fs::read_to_string(common::root().join(&p))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.to_string_lossy().into_owned(), Arc::from(text))
        })
        .collect()
}

/// Every file at or under `path` (relative to `root`), sorted.
fn collect(root: &Path, path: &Path, out: &mut Vec<PathBuf>) {
    let full = root.join(path);
    if full.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(&full)
            .unwrap()
            .map(|e| path.join(e.unwrap().file_name()))
            .collect();
        entries.sort();
        for e in entries {
            collect(root, &e, out);
        }
    } else if full.is_file() {
        out.push(path.to_path_buf());
    }
}

/// What a parser is given: nasty text, or a shipped file after some edits.
#[derive(Clone)]
enum Input {
    Nasty(String),
    Mutated {
        file: String,
        source: Arc<str>,
        edits: Vec<Edit>,
    },
}

impl Input {
    fn text(&self) -> String {
        match self {
            Input::Nasty(text) => text.clone(),
            Input::Mutated { source, edits, .. } => edits
                .iter()
                .fold(source.to_string(), |text, e| apply(&text, e)),
        }
    }
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Nasty(text) => write!(f, "text {text:?}"),
            Input::Mutated { file, edits, .. } => write!(f, "{file} with {edits:?}"),
        }
    }
}

/// Nasty text of a shape, or one of `files` mutated.
fn input(files: Vec<(String, Arc<str>)>, shaped: BoxedStrategy<String>) -> BoxedStrategy<Input> {
    assert!(!files.is_empty(), "no shipped files to mutate");
    let count = files.len();
    prop_oneof![
        1 => nasty().prop_map(Input::Nasty),
        2 => shaped.prop_map(Input::Nasty),
        4 => (0..count, edits()).prop_map(move |(i, edits)| Input::Mutated {
            file: files[i].0.clone(),
            source: files[i].1.clone(),
            edits,
        }),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// The parsers

/// Parses a note file and compiles its texts; every place it reports must
/// be one.
fn note_problems(text: &str) -> Vec<String> {
    let path = "notes/N.toml";
    let file = OneFile::new(path, text);
    let note = match Note::parse(Path::new(path), text) {
        Ok(note) => note,
        Err(diags) => {
            let mut problems = all_printable(&diags, &file);
            if diags.is_empty() {
                problems.push("a note was refused without a reason".into());
            }
            return problems;
        }
    };
    let mut problems = Vec::new();
    let spans = &note.spans;
    let mut fields = vec![
        ("series", spans.series.clone()),
        ("sequence", spans.sequence.clone()),
        ("issued", spans.issued.clone()),
        ("place", spans.place.clone()),
        ("addressee", spans.addressee.clone()),
        ("languages", spans.languages.clone()),
        ("template", note.template_span()),
    ];
    fields.extend(spans.language.iter().map(|s| ("a language", s.clone())));
    for lang in &note.languages {
        fields.push(("language span", note.language_span(lang)));
    }
    for d in note.dates.values() {
        fields.push(("a date", d.span.clone()));
        fields.push(("a date's style", d.style_span.clone()));
    }
    if let Some(e) = &note.enclosure {
        fields.push(("pages", e.pages_span.clone()));
        fields.push(("file", e.file_span.clone()));
    }
    for (lang, texts) in &note.texts {
        fields.push(("a text table", texts.span.clone()));
        for (key, t) in &texts.texts {
            fields.push(("a text", t.span.clone()));
            fields.push(("a text's key", t.key_span.clone()));
            problems.extend(text_problems(path, text, &file, lang, key, t));
        }
    }
    for (what, span) in fields {
        problems.extend(place_problem(what, text, &span));
    }
    problems
}

/// Compiles one note text; what it uses must be placed in the note file,
/// inside the text's value.
fn text_problems(
    path: &str,
    source: &str,
    file: &OneFile,
    lang: &str,
    key: &str,
    text: &verbale::note::NoteText,
) -> Vec<String> {
    match text.compile(Path::new(path), source, lang, key) {
        Err(diags) => all_printable(&diags, file),
        Ok(compiled) => {
            let entry = &compiled.entry;
            let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
            spans.extend(
                entry
                    .variables
                    .iter()
                    .map(|(_, s)| ("a variable", s.clone())),
            );
            spans.extend(
                entry
                    .references
                    .iter()
                    .map(|r| ("a reference", r.span.clone())),
            );
            spans.extend(entry.calls.iter().map(|c| ("a call", c.span.clone())));
            spans.extend(entry.selects.iter().map(|s| ("a selector", s.span.clone())));
            let value = &text.span;
            let mut problems = Vec::new();
            for (what, span) in spans {
                problems.extend(place_problem(what, source, &span));
                if span.start < value.start || span.end > value.end {
                    problems.push(format!(
                        "{what} of text `{key}` at {span:?} lies outside its value {value:?}"
                    ));
                }
            }
            problems
        }
    }
}

/// Parses a Fluent file; every entry and error must be placed in it.
fn ftl_problems(text: &str) -> Vec<String> {
    let path = "locales/xx/x.ftl";
    let parsed = ftl::parse(Path::new(path), text);
    let mut problems = all_printable(&parsed.errors, &OneFile::new(path, text));
    for e in &parsed.entries {
        let mut spans = vec![("an id", e.span.clone()), ("an extent", e.extent.clone())];
        spans.extend(
            e.attributes
                .iter()
                .map(|(_, s)| ("an attribute", s.clone())),
        );
        spans.extend(e.variables.iter().map(|(_, s)| ("a variable", s.clone())));
        spans.extend(e.references.iter().map(|r| ("a reference", r.span.clone())));
        spans.extend(e.selects.iter().map(|s| ("a selector", s.span.clone())));
        for c in &e.calls {
            spans.push(("a call", c.span.clone()));
            spans.extend(c.positional.iter().map(|(_, s)| ("an argument", s.clone())));
            spans.extend(c.named.iter().map(|(_, s)| ("a named argument", s.clone())));
        }
        for (what, span) in spans {
            problems.extend(place_problem(&format!("{what} of `{}`", e.id), text, &span));
        }
    }
    problems
}

/// Parses a text enclosure.
fn enclosure_problems(text: &str) -> Vec<String> {
    let path = "enclosures/x.md";
    match enclosure::text::parse(Path::new(path), text) {
        Err(diags) => {
            let mut problems = all_printable(&diags, &OneFile::new(path, text));
            if diags.is_empty() {
                problems.push("an enclosure was refused without a reason".into());
            }
            problems
        }
        Ok(doc) => {
            let lines = text.split('\n').count();
            let mut problems = Vec::new();
            for b in &doc.blocks {
                if b.line > lines {
                    problems.push(format!("block `{}` on line {} of {lines}", b.style, b.line));
                }
                // (The header's blocks, line 0, hold what the header says,
                // empty or not.)
                if b.line > 0 && b.paragraphs.iter().flatten().any(|l| l.trim().is_empty()) {
                    problems.push(format!("block `{}` has an empty paragraph", b.style));
                }
            }
            let header = &doc.header;
            let spans = header
                .date
                .iter()
                .map(|d| d.span())
                .chain(header.language.iter().map(|l| l.span()));
            for span in spans {
                problems.extend(place_problem("a header value", text, &span));
            }
            problems
        }
    }
}

/// Parses a register; a broken line is named with its place, and a
/// register that reads is written back to the same entries.
fn register_problems(text: &str) -> Vec<String> {
    let line_count = text.split_inclusive('\n').count();
    match Register::parse(text) {
        Err(errors) => {
            let mut problems = Vec::new();
            if errors.is_empty() {
                problems.push("a register was refused without a reason".into());
            }
            for e in &errors {
                problems.extend(place_problem(&format!("line {}", e.line), text, &e.span));
                if e.line == 0 || e.line > line_count {
                    problems.push(format!("line {} of {line_count}", e.line));
                }
                if text.get(e.span.clone()).is_some_and(|s| s.contains('\n')) {
                    problems.push(format!("line {} spans a line end: {:?}", e.line, e.span));
                }
            }
            problems
        }
        Ok(register) => {
            let mut problems = Vec::new();
            for e in &register.entries {
                problems.extend(place_problem(&format!("entry {}", e.number), text, &e.span));
            }
            let written = register.render();
            match Register::parse(&written) {
                Err(errors) => problems.push(format!(
                    "the register as written does not read back: {errors:?}\n{written}"
                )),
                Ok(again) => {
                    let key = |r: &Register| {
                        let mut entries: Vec<_> = r
                            .entries
                            .iter()
                            .map(|e| {
                                (
                                    e.number.clone(),
                                    e.date,
                                    e.status,
                                    e.subject.replace(['\t', '\n', '\r'], " "),
                                )
                            })
                            .collect();
                        entries.sort_by(|a, b| a.0.cmp(&b.0));
                        entries
                    };
                    if key(&register) != key(&again) {
                        problems.push(format!(
                            "the register as written reads back otherwise:\n{:?}\n{:?}",
                            key(&register),
                            key(&again)
                        ));
                    }
                }
            }
            problems
        }
    }
}

/// The settings files a project loads on its own (style sheets, a
/// locale's `locale.toml`, the syllable rules it names), with the text of
/// each: a small project of the templates and the Kazakh locale.
fn settings_project() -> Vec<(String, Arc<str>)> {
    let mut files = shipped("templates", "");
    files.extend(shipped("locales/kk", ""));
    files.extend(shipped("assets/hyphenation", ".syllables.toml"));
    files
}

/// Writes the settings project into a new folder, `file` holding `text`,
/// and loads it; every diagnostic must be placed, and the breaks of the
/// syllable rules, when they load, must lie inside each word.
fn settings_problems(file: &str, text: &str, words: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, shipped) in settings_project() {
        let path = dir.path().join(&name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let body: &str = if name == file { text } else { &shipped };
        fs::write(path, body).unwrap();
    }
    let (project, diags) = Project::load(dir.path());
    let mut problems = all_printable(&diags, &project.world);
    if let Some(h) = project.hyphenation.get("kk") {
        for word in words {
            let breaks: Vec<usize> = h.hyphenator.breaks(word).iter().map(|b| b.at).collect();
            let ordered = breaks.windows(2).all(|w| w[0] < w[1]);
            let inside = breaks
                .iter()
                .all(|&b| b > 0 && b < word.len() && word.is_char_boundary(b));
            if !ordered || !inside {
                problems.push(format!("breaks {breaks:?} of {word:?}"));
            }
        }
    }
    problems
}

/// Words to hyphenate.
fn words() -> BoxedStrategy<Vec<String>> {
    let word = prop_oneof![
        3 => "[а-яәғқңөұүһі]{1,20}",
        1 => prop::sample::select(vec!["мемлекеттеріне", "ьъ", "аа", "ьа", "а", "", "İi̇"])
            .prop_map(String::from),
        1 => piece(),
    ];
    prop::collection::vec(word, 1..8).boxed()
}

/// Syllable rules of any letters and limits.
fn syllable_rules() -> BoxedStrategy<SyllableRules> {
    let letters = prop_oneof![Just(String::new()), "[аеиоуыэюяәөұүіьъ]{1,8}", piece(),];
    let limit = prop_oneof![0usize..4, Just(usize::MAX)];
    let pieces = prop::collection::vec(prop_oneof![Just(String::new()), "[а-яәұ]{1,5}"], 0..4);
    (
        (letters.clone(), letters.clone(), letters.clone(), letters),
        (pieces.clone(), pieces.clone(), pieces),
        (limit.clone(), limit),
    )
        .prop_map(
            |(
                (vowels, glides_after_vowel, never_first, closes_syllable),
                (prefixes, onsets, elements),
                (min_left, min_right),
            )| SyllableRules {
                vowels,
                glides_after_vowel,
                never_first,
                closes_syllable,
                prefixes,
                onsets,
                elements,
                min_left,
                min_right,
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn note_files_parse_or_say_where(input in input(shipped("notes", ".toml"), toml_text())) {
        let text = input.text();
        verdict(move || note_problems(&text))?;
    }

    #[test]
    fn note_texts_compile_or_point_into_the_note(
        text in prop_oneof![ftl_text(), nasty()],
        kind in 0usize..5,
    ) {
        let (value, literal) = toml_string(&text, kind);
        let source = format!("{NOTE_HEAD}[text.en]\nbody = {value}\n");
        verdict(move || {
            let mut problems = note_problems(&source);
            problems.extend(string_problems(&source, literal));
            problems
        })?;
    }

    #[test]
    fn enclosures_parse_or_say_where(input in input(shipped("enclosures", ".md"), enclosure_text())) {
        let text = input.text();
        verdict(move || enclosure_problems(&text))?;
    }

    #[test]
    fn registers_parse_or_name_the_line(input in input(shipped("register.tsv", ".tsv"), register_text())) {
        let text = input.text();
        verdict(move || register_problems(&text))?;
    }

    #[test]
    fn locale_files_parse_or_say_where(input in input(shipped("locales", ".ftl"), ftl_text())) {
        let text = input.text();
        verdict(move || ftl_problems(&text))?;
    }

    #[test]
    fn settings_files_load_or_say_where(
        input in input(settings_project(), toml_text()),
        file in prop::sample::select(settings_project()),
        words in words(),
    ) {
        // Nasty text takes the place of one settings file; a mutated file
        // takes its own.
        let file = match &input {
            Input::Mutated { file, .. } => file.clone(),
            Input::Nasty(_) => file.0,
        };
        let text = input.text();
        verdict(move || settings_problems(&file, &text, &words))?;
    }

    #[test]
    fn syllable_breaks_lie_inside_words(rules in syllable_rules(), words in words()) {
        verdict(move || {
            let mut problems = Vec::new();
            for word in &words {
                let breaks = rules.breaks(word);
                let ordered = breaks.windows(2).all(|w| w[0] < w[1]);
                let inside = breaks.iter().all(|&b| b > 0 && b < word.len() && word.is_char_boundary(b));
                if !ordered || !inside {
                    problems.push(format!("breaks {breaks:?} of {word:?}"));
                }
            }
            problems
        })?;
    }
}

/// The fields of a note before its texts.
const NOTE_HEAD: &str = "series = \"NCT/ICT\"\nsequence = 7\nissued = 2022-08-12\n\
place = \"nur-sultan\"\naddressee = \"cica-member-states\"\nlanguages = [\"en\"]\n";

/// `text` as a TOML string of kind `kind` (basic, basic with every
/// character it may escape escaped, multi-line basic, literal, multi-line
/// literal), and whether it is a literal one (the file then holds the text
/// as it is). Texts a literal string cannot hold are written as basic
/// strings.
fn toml_string(text: &str, kind: usize) -> (String, bool) {
    let escape = |c: char, all: bool| match c {
        '"' => "\\\"".to_string(),
        '\\' => "\\\\".to_string(),
        '\n' if kind == 2 => "\n".to_string(),
        '\n' => "\\n".to_string(),
        '\t' => "\\t".to_string(),
        c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
        c if all && !c.is_ascii_alphanumeric() && c != ' ' => format!("\\U{:08X}", u32::from(c)),
        c => c.to_string(),
    };
    let basic = |all: bool| -> String { text.chars().map(|c| escape(c, all)).collect() };
    let control = |c: char| c.is_control() && c != '\t' && c != '\n';
    match kind {
        3 if !text.contains(['\'', '\n', '\r']) && !text.contains(control) => {
            (format!("'{text}'"), true)
        }
        4 if !text.contains("'''")
            && !text.ends_with('\'')
            && !text.contains('\r')
            && !text.contains(control) =>
        {
            (format!("'''\n{text}'''"), true)
        }
        // A line-ending backslash at the end: the value goes on after it.
        2 => (format!("\"\"\"\n{}\\\n   \"\"\"", basic(false)), false),
        1 => (format!("\"{}\"", basic(true)), false),
        _ => (format!("\"{}\"", basic(false)), false),
    }
}

/// A note whose text is written as a TOML string must read; and where
/// the string is a literal one, each variable the text uses is placed
/// exactly where the file spells it.
fn string_problems(source: &str, literal: bool) -> Vec<String> {
    let path = Path::new("notes/N.toml");
    let note = match Note::parse(path, source) {
        Ok(note) => note,
        Err(diags) => {
            let file = OneFile::new("notes/N.toml", source);
            let why: Vec<String> = diags.iter().map(|d| d.short(&file)).collect();
            return vec![format!("the note does not read: {}", why.join("; "))];
        }
    };
    let mut problems = Vec::new();
    for (lang, texts) in &note.texts {
        for (key, t) in &texts.texts {
            let Ok(compiled) = t.compile(path, source, lang, key) else {
                continue;
            };
            for (name, span) in &compiled.entry.variables {
                let found = source.get(span.clone()).unwrap_or("");
                if literal && found != format!("${name}") {
                    problems.push(format!(
                        "variable `${name}` is placed on {found:?} ({span:?})"
                    ));
                }
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------
// Mutated projects

/// How one text file of the project is changed.
#[derive(Debug, Clone)]
enum Change {
    Edits(Vec<Edit>),
    /// Replaced by nasty text.
    Nasty(String),
    Empty,
    Remove,
    ByteOrderMark,
    /// Re-encoded (what Windows-1251 cannot hold as HTML references).
    Windows1251,
    /// Bytes inserted that are not UTF-8, perhaps inside a character.
    InvalidUtf8 {
        at: usize,
        bytes: Vec<u8>,
    },
}

/// One file of the project and how it is changed.
#[derive(Debug, Clone)]
struct Mutation {
    file: String,
    change: Change,
}

impl Mutation {
    /// The file's new bytes, or `None` when it is removed.
    fn apply(&self, original: &[u8]) -> Option<Vec<u8>> {
        let text = String::from_utf8_lossy(original);
        Some(match &self.change {
            Change::Edits(edits) => edits
                .iter()
                .fold(text.into_owned(), |t, e| apply(&t, e))
                .into_bytes(),
            Change::Nasty(s) => s.clone().into_bytes(),
            Change::Empty => Vec::new(),
            Change::Remove => return None,
            Change::ByteOrderMark => [b"\xEF\xBB\xBF", original].concat(),
            Change::Windows1251 => encoding_rs::WINDOWS_1251.encode(&text).0.into_owned(),
            Change::InvalidUtf8 { at, bytes } => {
                let at = at % (original.len() + 1);
                let mut changed = original.to_vec();
                changed.splice(at..at, bytes.iter().copied());
                changed
            }
        })
    }
}

fn mutation(files: Vec<String>) -> BoxedStrategy<Mutation> {
    let byte = prop_oneof![
        Just(0xFFu8),
        Just(0xC0),
        Just(0x80),
        Just(0xE2),
        Just(0),
        any::<u8>()
    ];
    let change = prop_oneof![
        20 => edits().prop_map(Change::Edits),
        2 => prop_oneof![nasty(), toml_text(), ftl_text(), enclosure_text(), register_text()]
            .prop_map(Change::Nasty),
        1 => Just(Change::Empty),
        1 => Just(Change::Remove),
        1 => Just(Change::ByteOrderMark),
        1 => Just(Change::Windows1251),
        1 => (any::<usize>(), prop::collection::vec(byte, 1..4))
            .prop_map(|(at, bytes)| Change::InvalidUtf8 { at, bytes }),
    ];
    (prop::sample::select(files), change)
        .prop_map(|(file, change)| Mutation { file, change })
        .boxed()
}

/// A copy of the shipped project in a temporary folder.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for item in common::PROJECT_ITEMS {
        common::copy(&common::root().join(item), &dir.path().join(item));
    }
    dir
}

/// The value `strategy` draws from `seed`: the same on every run.
fn drawn<S: Strategy>(strategy: &S, seed: u64) -> S::Value {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    strategy
        .new_tree(&mut runner)
        .expect("a value from the strategy")
        .current()
}

/// The text files of the shipped project, relative to it: what its author
/// edits. Notes and style sheets, whose values reach the typesetter, are
/// listed four times, so that they are mutated more often.
fn project_text_files() -> Vec<String> {
    let mut files = Vec::new();
    for item in common::PROJECT_ITEMS {
        collect(&common::root(), Path::new(item), &mut files);
    }
    files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .filter(|f| {
            [".toml", ".ftl", ".tera", ".md", ".tsv"]
                .iter()
                .any(|e| f.ends_with(e))
                && !f.ends_with("README.md")
        })
        .flat_map(|f| {
            let often =
                f.starts_with("notes/") || f.starts_with("templates/") && f.ends_with(".toml");
            std::iter::repeat_n(f, if often { 4 } else { 1 })
        })
        .collect()
}

/// What checking and building a mutated project came to.
struct Examined {
    /// What is wrong.
    problems: Vec<String>,
    /// Whether `check --render` found errors.
    errors: bool,
    /// PDFs written and read back.
    pdfs: usize,
}

/// Checks the project in `dir` with `check --render` and builds it into
/// `out`, printing every diagnostic of both; the two must agree on whether
/// the project has problems, and each PDF written must read back.
fn examine(dir: &Path, out: &Path) -> Examined {
    let (project, report) = check::check(dir, &check::Options { render: true });
    let mut problems = all_printable(&report.diagnostics, &project.world);
    let errors = report.errors() > 0;
    let (project, diags) = Project::load(dir);
    let options = build::Options {
        out_dir: out.to_path_buf(),
        force: true,
        progress: false,
        only: None,
        proof: None,
    };
    let run = build::build(&project, diags, &options);
    problems.extend(all_printable(&run.diagnostics, &project.world));
    if run.has_problems() != errors {
        let found: Vec<String> = run
            .diagnostics
            .iter()
            .map(|d| d.short(&project.world))
            .collect();
        problems.push(format!(
            "check --render found {} error(s), but build {} ({}):\n    {}",
            report.errors(),
            if run.has_problems() {
                "failed"
            } else {
                "succeeded"
            },
            run.summary(),
            found.join("\n    ")
        ));
    }
    let mut pdfs = 0;
    for outcome in &run.outcomes {
        let build::Status::Built(pdf) = &outcome.status else {
            continue;
        };
        let found = match fs::read(pdf) {
            Ok(bytes) => pdf_problems(&bytes),
            Err(e) => vec![format!("cannot be read: {e}")],
        };
        if found.is_empty() {
            pdfs += 1;
        }
        problems.extend(found.iter().map(|p| format!("{}: {p}", pdf.display())));
    }
    Examined {
        problems,
        errors,
        pdfs,
    }
}

/// The operators of PDF content streams (ISO 32000-1, annex A).
#[rustfmt::skip]
const OPERATORS: &[&str] = &[
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1",
    "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J",
    "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S", "SC", "sc",
    "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr", "Ts", "Tw",
    "Tz", "v", "w", "W", "W*", "y", "'", "\"",
];

/// What is wrong with a PDF the tool wrote: it must load, have pages of a
/// real size, use only PDF's operators with finite numbers in its content,
/// and give its text back.
fn pdf_problems(bytes: &[u8]) -> Vec<String> {
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("does not load: {e}")],
    };
    let pages = doc.get_pages();
    let mut problems = Vec::new();
    if pages.is_empty() {
        problems.push("has no page".to_string());
    }
    for (n, id) in pages {
        let media = doc
            .get_dictionary(id)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(lopdf::Object::as_array);
        if let Ok(media) = media {
            let v: Vec<f32> = media.iter().filter_map(|o| o.as_float().ok()).collect();
            let sane = v.len() == 4
                && v.iter().all(|x| x.is_finite())
                && v[2] - v[0] > 0.0
                && v[3] - v[1] > 0.0;
            if !sane {
                problems.push(format!("page {n} has a media box of {v:?}"));
            }
        }
        let content = match doc.get_and_decode_page_content(id) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("page {n}: the content does not read: {e}"));
                continue;
            }
        };
        let wrong = content.operations.iter().find(|op| {
            !OPERATORS.contains(&op.operator.as_str())
                || op
                    .operands
                    .iter()
                    .any(|o| matches!(o, lopdf::Object::Real(r) if !r.is_finite()))
        });
        if let Some(op) = wrong {
            problems.push(format!(
                "page {n} has `{:?} {}` in its content",
                op.operands, op.operator
            ));
        }
    }
    if problems.is_empty() {
        match common::extract::pages_text(bytes) {
            Ok(pages) if pages.iter().any(|p| !p.trim().is_empty()) => {}
            Ok(_) => problems.push("has no text".into()),
            Err(e) => problems.push(format!("its text does not read back: {e}")),
        }
    }
    problems
}

/// A copy of the shipped project, one text file mutated per case, checked
/// and built in process: no panic, no hang, every diagnostic printable and
/// placed, check and build agreeing, and a PDF that reads back for each
/// note built.
#[test]
fn mutated_projects_check_and_build_or_say_why() {
    let files = project_text_files();
    assert!(files.len() > 10, "the shipped project's files: {files:?}");
    let strategy = mutation(files);
    let project = shipped_copy();
    let dir = project.path().to_path_buf();
    let work = tempfile::tempdir().expect("temp dir");
    let first = env_number("VERBALE_FUZZ_SEED").unwrap_or(0);
    let count = project_cases();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, 0);
    let (mut refused, mut pdfs) = (0, 0);
    for case in 0..count {
        let seed = first.wrapping_add(case);
        let m = drawn(&strategy, seed);
        let path = dir.join(&m.file);
        let original = fs::read(common::root().join(&m.file)).expect("a shipped file");
        match m.apply(&original) {
            Some(bytes) => fs::write(&path, bytes).expect("the mutated file is written"),
            None => fs::remove_file(&path).expect("the file is removed"),
        }
        let out = work.path().join(format!("out-{case}"));
        let (d, o) = (dir.clone(), out.clone());
        let began = Instant::now();
        let outcome = guarded(PROJECT_LIMIT, move || examine(&d, &o));
        slowest = slowest.max((began.elapsed(), seed));
        let _ = fs::remove_dir_all(&out);
        let hung = outcome.as_ref().is_err_and(|e| e.contains("hangs"));
        let problems = match outcome {
            Ok(examined) => {
                refused += usize::from(examined.errors);
                pdfs += examined.pdfs;
                examined.problems
            }
            Err(e) => vec![e],
        };
        if !problems.is_empty() {
            failures.push(format!(
                "seed {seed} (repeat alone: VERBALE_FUZZ_SEED={seed} \
                 VERBALE_FUZZ_PROJECT_CASES=1): {m:?}\n  {}",
                problems.join("\n  ")
            ));
        }
        if hung {
            // Its thread still works in the project: stop here.
            break;
        }
        fs::write(&path, &original).expect("the file is restored");
    }
    let spent = started.elapsed();
    eprintln!(
        "{count} mutated projects in {spent:.1?}, {:.0?} each, slowest {:.1?} (seed {}); \
         {refused} refused with errors, {pdfs} PDFs built and read back",
        spent / u32::try_from(count.max(1)).unwrap_or(u32::MAX),
        slowest.0,
        slowest.1
    );
    assert!(
        failures.is_empty(),
        "{} of {count} mutated projects failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Nesting deeper than a stack

/// Fluent placeables, Tera expressions and TOML arrays nested tens of
/// thousands deep, in a note text, a locale and a template: the binary, in
/// a child process where a stack overflow shows, must end with an error
/// (exit code 1), not a crash.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = 50_000;
    let cases = [
        (
            "a note text",
            "notes/NCT-ICT-1013.toml",
            "continued = \"",
            "{ ".repeat(deep),
        ),
        (
            "a locale message",
            "locales/en/note.ftl",
            "",
            format!("deep = {}\n", "{ ".repeat(deep)),
        ),
        (
            "a closed locale message",
            "locales/en/note.ftl",
            "",
            format!("deep = {}x{}\n", "{ ".repeat(deep), " }".repeat(deep)),
        ),
        (
            "a template expression",
            "templates/note-verbale.tera",
            "@number\n",
            format!("{{{{ {}1{} }}}}\n", "(".repeat(deep), ")".repeat(deep)),
        ),
        (
            "a note's TOML",
            "notes/NCT-ICT-1013.toml",
            "[enclosure]\n",
            format!("x = {}1{}\n", "[".repeat(deep), "]".repeat(deep)),
        ),
    ];
    let mut failures = Vec::new();
    for (what, file, after, inserted) in cases {
        let dir = shipped_copy();
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        let at = text.find(after).expect("the place to insert at") + after.len();
        fs::write(&path, splice(&text, at..at, &inserted)).unwrap();
        let run = common::run(dir.path(), &["check", "--render"]);
        if run.code != 1 || run.stderr.contains("panicked") || run.stderr.contains("overflow") {
            let tail: String = run
                .stderr
                .chars()
                .rev()
                .take(300)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            failures.push(format!("{what} ({file}): exit code {}\n{tail}", run.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

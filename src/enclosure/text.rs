//! Text enclosures: documents kept as plain text in the repository and
//! typeset in the house style, so a secretariat can write and review them
//! like any other file.
//!
//! ```text
//! +++
//! organisation = ["CONFERENCE ON INTERACTION …", "СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ …"]
//! symbol = "SUM/2022/DRAFT/3/Rev.1"
//! date = 2022-08-12
//! distribution = "Distr: Member States only"
//! chairmanship = "Chairmanship of Kazakhstan"
//! language = "en"
//! +++
//!
//! # Title
//!
//! ## Heading
//!
//! A paragraph with *italic* and **bold** words.
//!
//! 1. A numbered paragraph.
//!
//! а) A lettered one, in any alphabet.
//!
//! [Alt 3. An alternative paragraph, in brackets.] (+ISR)
//! ```
//!
//! It is Markdown's familiar subset, with two differences that negotiation
//! texts need: square brackets are text (there are no links), and
//! delegation tags such as `(+CHN)` are set in bold.

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::markup::Block;
use crate::schema::{self, Shape};

/// The header block of a document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The organisation's name, one line per language.
    #[serde(default)]
    pub organisation: Vec<String>,
    /// The document's symbol, `SUM/2022/DRAFT/3/Rev.1`.
    pub symbol: Option<String>,
    /// Its date, worded by the locale of `language`.
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// `Distr: Member States only`.
    pub distribution: Option<String>,
    /// `Chairmanship of Kazakhstan`.
    pub chairmanship: Option<String>,
    /// The language the document is written in (its date is worded, and
    /// its words hyphenated, by that locale).
    pub language: Option<Spanned<String>>,
}

/// A parsed text enclosure.
#[derive(Debug, Clone)]
pub struct Document {
    /// The header.
    pub header: Header,
    /// The header's date as a calendar date.
    pub date: Option<NaiveDate>,
    /// Block styles as in `templates/enclosure.toml`; the date block is
    /// left for the caller to word.
    pub blocks: Vec<Block>,
}

/// The block style of the line with the document's date.
pub const DATE_STYLE: &str = "enc-date";

/// Reads a text enclosure; problems are placed in `path`. Only digits and
/// single letters make labels; see [`parse_with`] for label words.
pub fn parse(path: &Path, source: &str) -> Result<Document, Vec<Diagnostic>> {
    parse_with(path, source, &[])
}

/// Reads a text enclosure whose labels may start with one of
/// `label_words` (`Alt` of `Alt 3.`: an alternative paragraph, as the house
/// style names it).
pub fn parse_with(
    path: &Path,
    source: &str,
    label_words: &[String],
) -> Result<Document, Vec<Diagnostic>> {
    let (header, body_start) = front_matter(path, source)?;
    let date = match &header.date {
        Some(d) => Some(date_of(d.get_ref()).ok_or_else(|| {
            vec![
                Diagnostic::error(
                    "enclosure",
                    format!("expected a date such as 2022-08-12, found {}", d.get_ref()),
                )
                .at(path, d.span()),
            ]
        })?),
        None => None,
    };
    let mut blocks = Vec::new();
    if !header.organisation.is_empty() {
        blocks.push(block("enc-organisation", header.organisation.clone(), 0));
    }
    if let Some(symbol) = &header.symbol {
        blocks.push(block("enc-symbol", vec![symbol.clone()], 0));
    }
    if date.is_some() {
        // Filled in with the worded date by the caller.
        blocks.push(block(DATE_STYLE, Vec::new(), 0));
    }
    if let Some(d) = &header.distribution {
        blocks.push(block("enc-distribution", vec![d.clone()], 0));
    }
    if let Some(c) = &header.chairmanship {
        blocks.push(block("enc-chairmanship", vec![c.clone()], 0));
    }
    let line_offset = source[..body_start].matches('\n').count();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut first_line = 0;
    let flush = |paragraph: &mut Vec<&str>, line: usize, blocks: &mut Vec<Block>| {
        let Some(first) = paragraph.first() else {
            return;
        };
        let (style, first) = if let Some(t) = first.strip_prefix("# ") {
            ("enc-title", t)
        } else if let Some(t) = first
            .strip_prefix("## ")
            .or_else(|| first.strip_prefix("### "))
        {
            ("enc-heading", t)
        } else if is_label(first, label_words) {
            ("enc-numbered", *first)
        } else {
            ("enc-para", *first)
        };
        let mut lines = vec![first];
        lines.extend(&paragraph[1..]);
        blocks.push(block(style, vec![lines.join(" ")], line));
        paragraph.clear();
    };
    for (i, line) in source[body_start..].lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, first_line, &mut blocks);
        } else {
            if paragraph.is_empty() {
                first_line = line_offset + i + 1;
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, first_line, &mut blocks);
    Ok(Document {
        header,
        date,
        blocks,
    })
}

fn block(style: &str, lines: Vec<String>, line: usize) -> Block {
    Block {
        style: style.to_string(),
        paragraphs: if lines.is_empty() {
            Vec::new()
        } else {
            vec![lines]
        },
        line,
    }
}

/// `1.`, `12.`, `a)`, `а)`, `ә)`, `[3.`, and with a label word such as
/// `Alt`, `Alt 3.` and `[Alt 3.` — a paragraph's label: digits and a full
/// stop, or one lower-case letter of any alphabet and a parenthesis.
pub fn is_label(line: &str, label_words: &[String]) -> bool {
    let rest = line.strip_prefix('[').unwrap_or(line);
    let rest = label_words
        .iter()
        .find_map(|w| rest.strip_prefix(w.as_str())?.strip_prefix(' '))
        .unwrap_or(rest);
    let Some((label, _)) = rest.split_once(' ') else {
        return false;
    };
    if let Some(digits) = label.strip_suffix('.') {
        return !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    }
    if let Some(letter) = label.strip_suffix(')') {
        let mut chars = letter.chars();
        return matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic() && c.is_lowercase());
    }
    false
}

/// The header between `+++` lines, and where the body starts.
fn front_matter(path: &Path, source: &str) -> Result<(Header, usize), Vec<Diagnostic>> {
    let Some(rest) = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))
    else {
        return Ok((Header::default(), 0));
    };
    let start = source.len() - rest.len();
    let Some(end) = rest.find("\n+++") else {
        return Err(vec![
            Diagnostic::error(
                "enclosure",
                "the header opened by `+++` is not closed by a line `+++`",
            )
            .at(path, 0..3),
        ]);
    };
    let toml_text = &rest[..end + 1];
    let (header, diags) =
        schema::load::<Header>(path, toml_text, &Shape::of::<Header>(), "enclosure");
    let shift = |r: Range<usize>| start + r.start..start + r.end;
    let diags: Vec<Diagnostic> = diags
        .into_iter()
        .map(|mut d| {
            if let Some(p) = &mut d.primary
                && let Some(s) = &p.span
            {
                p.span = Some(shift(s.clone()));
            }
            d
        })
        .collect();
    match header {
        Some(h) if diags.is_empty() => {
            let after = start + end + 4;
            let body_start = source[after..]
                .find('\n')
                .map_or(source.len(), |i| after + i + 1);
            let header = Header {
                date: h.date.map(|d| {
                    let s = shift(d.span());
                    Spanned::new(s, d.into_inner())
                }),
                language: h.language.map(|l| {
                    let s = shift(l.span());
                    Spanned::new(s, l.into_inner())
                }),
                ..h
            };
            Ok((header, body_start))
        }
        _ => Err(diags),
    }
}

/// The header date as a calendar date.
fn date_of(d: &toml::value::Datetime) -> Option<NaiveDate> {
    match (d.date, d.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "+++\nsymbol = \"SUM/1\"\ndate = 2022-08-12\n+++\n\n# Title\n\n*Noting* the risks,\ncontinued.\n\n1. First.\n\n[Alt 3. Other.] (+ISR)\n\na) Lettered.\n";

    fn parsed(src: &str) -> Result<Document, Vec<Diagnostic>> {
        parse(Path::new("e.md"), src)
    }

    #[test]
    fn blocks_by_kind() {
        let doc = parse_with(Path::new("e.md"), DOC, &["Alt".to_string()]).unwrap();
        let styles: Vec<&str> = doc.blocks.iter().map(|b| b.style.as_str()).collect();
        assert_eq!(
            styles,
            [
                "enc-symbol",
                "enc-date",
                "enc-title",
                "enc-para",
                "enc-numbered",
                "enc-numbered",
                "enc-numbered"
            ]
        );
        assert_eq!(
            doc.blocks[3].paragraphs[0][0],
            "*Noting* the risks, continued."
        );
        assert_eq!(doc.blocks[3].line, 8);
        assert_eq!(doc.blocks[5].paragraphs[0][0], "[Alt 3. Other.] (+ISR)");
    }

    #[test]
    fn labels_in_every_alphabet() {
        let words = ["Alt".to_string()];
        for yes in [
            "1. x",
            "12. x",
            "a) x",
            "а) x",
            "ә) x",
            "[3. x",
            "Alt 3. x",
            "[Alt 3. x",
        ] {
            assert!(is_label(yes, &words), "{yes}");
        }
        for no in [
            "We decide",
            "1 x",
            "ab) x",
            "[priority x",
            "Recognizing the",
            "Первый пункт",
            "а)",
            "Б) x",
            "аб) x",
        ] {
            assert!(!is_label(no, &words), "{no}");
        }
        assert!(!is_label("Alt 3. x", &[]));
    }

    #[test]
    fn a_paragraph_starting_with_a_cyrillic_word_is_a_paragraph() {
        let doc = parsed("Первый пункт повестки.\n\nа) Пункт списка.\n").unwrap();
        assert_eq!(doc.blocks[0].style, "enc-para");
        assert_eq!(doc.blocks[1].style, "enc-numbered");
    }

    #[test]
    fn header_errors_point_into_the_file() {
        let src = "+++\nsymbol = 3\n+++\n";
        let err = parsed(src).unwrap_err();
        assert_eq!(err[0].span().unwrap().start, 13);
        let src = "+++\nsymbl = \"x\"\n+++\n";
        let err = parsed(src).unwrap_err();
        assert_eq!(
            err[0].message,
            "unknown key `symbl`; did you mean `symbol`?"
        );
        assert_eq!(&src[err[0].span().unwrap()], "symbl");
        assert!(parsed("+++\nsymbol = \"x\"\n").is_err());
        let src = "+++\ndate = 2022-08-12T10:00:00\n+++\n";
        let err = parsed(src).unwrap_err();
        assert_eq!(&src[err[0].span().unwrap()], "2022-08-12T10:00:00");
    }
}

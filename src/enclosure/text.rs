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
//! [Alt 3. An alternative paragraph, in brackets.] (+ISR)
//! ```
//!
//! It is Markdown's familiar subset, with two differences that negotiation
//! texts need: square brackets are text (there are no links), and
//! delegation tags such as `(+CHN)` are set in bold.

use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::markup::Block;

/// The header block of a document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    #[serde(default)]
    pub organisation: Vec<String>,
    pub symbol: Option<String>,
    pub date: Option<toml::value::Datetime>,
    pub distribution: Option<String>,
    pub chairmanship: Option<String>,
    /// The language the document is written in (its date is worded, and
    /// its words hyphenated, by that locale).
    pub language: Option<String>,
}

/// A parsed text enclosure.
#[derive(Debug, Clone)]
pub struct Document {
    pub header: Header,
    /// Block styles as in `templates/enclosure.toml`; the date block is
    /// left for the caller to word.
    pub blocks: Vec<Block>,
}

/// A problem in the text, with its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Range<usize>,
}

/// The block style of the line with the document's date.
pub const DATE_STYLE: &str = "enc-date";

pub fn parse(source: &str) -> Result<Document, ParseError> {
    let (header, body, body_start) = front_matter(source)?;
    let mut blocks = Vec::new();
    if !header.organisation.is_empty() {
        blocks.push(block("enc-organisation", header.organisation.clone(), 0));
    }
    let mut right = Vec::new();
    right.extend(header.symbol.clone());
    if let Some(d) = &header.date {
        check_date(d, source)?;
    }
    if !right.is_empty() {
        blocks.push(block("enc-symbol", right, 0));
    }
    if header.date.is_some() {
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
    let mut paragraph: Vec<String> = Vec::new();
    let mut first_line = 0;
    let flush = |paragraph: &mut Vec<String>, line: usize, blocks: &mut Vec<Block>| {
        if paragraph.is_empty() {
            return;
        }
        let first = paragraph[0].clone();
        let (style, text) = if let Some(t) = first.strip_prefix("# ") {
            ("enc-title", t.to_string())
        } else if let Some(t) = first
            .strip_prefix("## ")
            .or_else(|| first.strip_prefix("### "))
        {
            ("enc-heading", t.to_string())
        } else if is_label(&first) {
            ("enc-numbered", first.clone())
        } else {
            ("enc-para", first.clone())
        };
        let mut lines = vec![text];
        lines.extend(paragraph.drain(1..));
        paragraph.clear();
        blocks.push(block(style, vec![lines.join(" ")], line));
    };
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, first_line, &mut blocks);
        } else {
            if paragraph.is_empty() {
                first_line = line_offset + i + 1;
            }
            paragraph.push(trimmed.to_string());
        }
    }
    flush(&mut paragraph, first_line, &mut blocks);
    Ok(Document { header, blocks })
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

/// `1.`, `12.`, `a)`, `Alt 3.`, `[3.`, `[Alt 3.` — a paragraph's label.
fn is_label(line: &str) -> bool {
    let rest = line.strip_prefix('[').unwrap_or(line);
    let rest = rest.strip_prefix("Alt ").unwrap_or(rest);
    let Some((label, _)) = rest.split_once(' ') else {
        return false;
    };
    let (body, mark) = label.split_at(label.len().saturating_sub(1));
    let numeric = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit());
    let letter = body.len() == 1 && body.chars().all(|c| c.is_ascii_lowercase());
    (numeric && mark == ".") || (letter && mark == ")")
}

fn front_matter(source: &str) -> Result<(Header, &str, usize), ParseError> {
    let Some(rest) = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))
    else {
        return Ok((Header::default(), source, 0));
    };
    let start = source.len() - rest.len();
    let Some(end) = rest.find("\n+++") else {
        return Err(ParseError {
            message: "the header opened by `+++` is not closed by a line `+++`".into(),
            span: 0..3,
        });
    };
    let toml_text = &rest[..end + 1];
    let header: Header = toml::from_str(toml_text).map_err(|e| ParseError {
        message: e.message().to_string(),
        span: e.span().map_or(0..3, |s| start + s.start..start + s.end),
    })?;
    let after = start + end + 4;
    let body_start = source[after..]
        .find('\n')
        .map_or(source.len(), |i| after + i + 1);
    Ok((header, &source[body_start..], body_start))
}

fn check_date(d: &toml::value::Datetime, source: &str) -> Result<(), ParseError> {
    date_of(d).map(|_| ()).ok_or_else(|| ParseError {
        message: format!("expected a date such as 2022-08-12, found {d}"),
        span: source.find("date").map_or(0..0, |i| i..i + 4),
    })
}

/// The header date as a calendar date.
pub fn date_of(d: &toml::value::Datetime) -> Option<NaiveDate> {
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

    #[test]
    fn blocks_by_kind() {
        let doc = parse(DOC).unwrap();
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
    fn labels() {
        for yes in ["1. x", "12. x", "a) x", "[3. x", "Alt 3. x", "[Alt 3. x"] {
            assert!(is_label(yes), "{yes}");
        }
        for no in [
            "We decide",
            "1 x",
            "ab) x",
            "[priority x",
            "Recognizing the",
        ] {
            assert!(!is_label(no), "{no}");
        }
    }

    #[test]
    fn header_errors_point_into_the_file() {
        let err = parse("+++\nsymbol = 3\n+++\n").unwrap_err();
        assert_eq!(err.span.start, 13);
        assert!(parse("+++\nsymbol = \"x\"\n").is_err());
    }
}

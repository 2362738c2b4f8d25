//! What a template renders to: blocks of paragraphs, each block named
//! after its style.
//!
//! ```text
//! @letterhead
//! SECRETARIAT OF THE CONFERENCE …
//!
//! @body
//! First paragraph.
//!
//! Second paragraph.
//! ```
//!
//! A line holding only `@name` starts a block; a blank line separates
//! paragraphs. Text that comes from messages and notes is escaped by the
//! template engine ([`escape`]), so it can never start a block.

use std::io::Write;

/// Stands for `@` inside inserted text until the markup has been split.
const ESCAPED_AT: char = '\u{E040}';

/// Tera's escape function for templates that produce markup.
pub fn escape(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = [0u8; 4];
    for c in input.chars() {
        let c = if c == '@' { ESCAPED_AT } else { c };
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
    }
    Ok(())
}

/// A run of paragraphs set in one block style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The style's name (`@name`).
    pub style: String,
    /// Paragraphs; inside a paragraph, lines as the template wrote them.
    pub paragraphs: Vec<Vec<String>>,
    /// Line of the block's `@name` in the rendered text, one-based.
    pub line: usize,
}

/// Splits rendered template text into blocks. Text before the first
/// `@name` line is returned as an error with its line number.
pub fn parse(text: &str) -> Result<Vec<Block>, (usize, String)> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |blocks: &mut Vec<Block>, paragraph: &mut Vec<String>| {
        if !paragraph.is_empty()
            && let Some(block) = blocks.last_mut()
        {
            block.paragraphs.push(std::mem::take(paragraph));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('@')
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            flush(&mut blocks, &mut paragraph);
            blocks.push(Block {
                style: name.to_string(),
                paragraphs: Vec::new(),
                line: i + 1,
            });
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph);
        } else if blocks.is_empty() {
            return Err((
                i + 1,
                format!("text outside any block (start a block with `@name`): {trimmed}"),
            ));
        } else {
            paragraph.push(trimmed.replace(ESCAPED_AT, "@"));
        }
    }
    flush(&mut blocks, &mut paragraph);
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_paragraphs() {
        let blocks = parse("@head\nA\nB\n\n@body\n  one\n\n\ntwo\n").unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0].paragraphs,
            vec![vec!["A".to_string(), "B".into()]]
        );
        assert_eq!(blocks[1].paragraphs.len(), 2);
        assert_eq!(blocks[1].line, 5);
    }

    #[test]
    fn escaped_text_cannot_open_a_block() {
        let mut out = Vec::new();
        escape("@body", &mut out).unwrap();
        let text = format!("@p\n{}\n", String::from_utf8(out).unwrap());
        let blocks = parse(&text).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].paragraphs[0][0], "@body");
    }

    #[test]
    fn stray_text_is_reported_with_its_line() {
        assert_eq!(parse("\nstray\n@p\n").unwrap_err().0, 2);
    }

    /// Property tests: any text splits into blocks or names a line of it,
    /// without a panic, and nothing is lost or invented on the way.
    mod properties {
        use super::*;
        use crate::fuzz::config;
        use proptest::prelude::*;

        /// Text made of what matters to the splitter: block lines, escaped
        /// `@`, blank and white-space lines, line ends of every kind, and
        /// any other characters.
        fn text() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                3 => prop::sample::select(vec![
                    "@", "@body", "@a-b_c", "@ x", "@@", "@кз", " @p ", "\t@p\t",
                    "\n", "\n", "\r\n", "\r", "\n\n", "  ", "\t", "\u{E040}",
                    "\u{E040}body", "\u{feff}", "\u{85}", "\u{2028}", "\u{a0}", "қазақ",
                    "*", "(+CHN)",
                ])
                .prop_map(String::from),
                2 => "[a-zA-Z0-9@_ -]{1,8}",
                1 => any::<String>(),
            ];
            prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
        }

        /// Whether a line opens a block, as the format defines it.
        fn opens_block(line: &str) -> bool {
            line.trim().strip_prefix('@').is_some_and(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_text_splits_or_names_a_line_of_it(text in text()) {
                let lines: Vec<&str> = text.lines().collect();
                match parse(&text) {
                    Ok(blocks) => {
                        let mut previous = 0;
                        for b in &blocks {
                            prop_assert!(b.line > previous && b.line <= lines.len());
                            prop_assert!(opens_block(lines[b.line - 1]));
                            prop_assert_eq!(lines[b.line - 1].trim(), format!("@{}", b.style));
                            previous = b.line;
                            for p in &b.paragraphs {
                                prop_assert!(!p.is_empty());
                                for l in p {
                                    prop_assert!(!l.is_empty() && l.trim() == l);
                                    prop_assert!(!l.contains(ESCAPED_AT));
                                }
                            }
                        }
                        // Every line that opens no block and is not blank is
                        // in a paragraph, once.
                        let kept: usize = blocks
                            .iter()
                            .flat_map(|b| &b.paragraphs)
                            .map(Vec::len)
                            .sum();
                        let text_lines = lines
                            .iter()
                            .filter(|l| !l.trim().is_empty() && !opens_block(l))
                            .count();
                        prop_assert_eq!(kept, text_lines);
                    }
                    Err((line, message)) => {
                        prop_assert!(line >= 1 && line <= lines.len(), "line {}", line);
                        prop_assert!(!lines[line - 1].trim().is_empty());
                        prop_assert!(!opens_block(lines[line - 1]));
                        prop_assert!(lines[..line - 1]
                            .iter()
                            .all(|l| l.trim().is_empty()));
                        prop_assert!(!message.is_empty());
                    }
                }
            }

            #[test]
            fn escaped_text_stays_inside_its_block(inserted in text()) {
                let mut out = Vec::new();
                escape(&inserted, &mut out).unwrap();
                let escaped = String::from_utf8(out).unwrap();
                let blocks = parse(&format!("@p\n{escaped}\n")).unwrap();
                prop_assert_eq!(blocks.len(), 1);
                let got: Vec<&String> = blocks[0].paragraphs.iter().flatten().collect();
                let wanted: Vec<String> = inserted
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| l.replace(ESCAPED_AT, "@"))
                    .collect();
                prop_assert_eq!(got, wanted.iter().collect::<Vec<_>>());
            }
        }
    }
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
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
}

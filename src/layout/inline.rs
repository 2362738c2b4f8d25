//! Inline styles inside a paragraph, for blocks whose style asks for them
//! (`markup = true`): `*italic*`, `**bold**`, and negotiation tags such as
//! `(+CHN)` or `(-ISR)`, which are set in bold so that delegations'
//! proposals stand out. Square brackets are text: in a negotiation text
//! they mark disputed wording and are kept verbatim.

use super::font::FontStyle;

/// Splits `text` into runs of one face.
pub fn runs(text: &str, base: FontStyle) -> Vec<(String, FontStyle)> {
    let (base_bold, base_italic) = parts(base);
    let mut out: Vec<(String, FontStyle)> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut current = String::new();
    let push = |out: &mut Vec<(String, FontStyle)>, text: &mut String, style: FontStyle| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((t, s)) if *s == style => t.push_str(text),
            _ => out.push((text.clone(), style)),
        }
        text.clear();
    };
    let style = |bold: bool, italic: bool| FontStyle::new(base_bold || bold, base_italic || italic);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' {
            push(&mut out, &mut current, style(bold, italic));
            if chars.get(i + 1) == Some(&'*') {
                bold = !bold;
                i += 2;
            } else {
                italic = !italic;
                i += 1;
            }
            continue;
        }
        if let Some(len) = tag_at(&chars[i..]) {
            push(&mut out, &mut current, style(bold, italic));
            let tag: String = chars[i..i + len].iter().collect();
            push(&mut out, &mut tag.clone(), style(true, italic));
            i += len;
            continue;
        }
        current.push(chars[i]);
        i += 1;
    }
    push(&mut out, &mut current, style(bold, italic));
    out
}

fn parts(style: FontStyle) -> (bool, bool) {
    match style {
        FontStyle::Regular => (false, false),
        FontStyle::Bold => (true, false),
        FontStyle::Italic => (false, true),
        FontStyle::BoldItalic => (true, true),
    }
}

/// Length of a delegation tag `(+ABC)` / `(-ABC)` starting here.
fn tag_at(chars: &[char]) -> Option<usize> {
    if chars.first() != Some(&'(') || !matches!(chars.get(1), Some('+' | '-')) {
        return None;
    }
    let letters = chars[2..]
        .iter()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    ((2..=5).contains(&letters) && chars.get(2 + letters) == Some(&')')).then_some(letters + 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use FontStyle::*;

    #[test]
    fn emphasis_and_tags() {
        assert_eq!(
            runs("*Expressing* concern [of](-ISR) **DECLARE**", Regular),
            vec![
                ("Expressing".to_string(), Italic),
                (" concern [of]".to_string(), Regular),
                ("(-ISR)".to_string(), Bold),
                (" ".to_string(), Regular),
                ("DECLARE".to_string(), Bold),
            ]
        );
    }

    #[test]
    fn brackets_and_ordinary_parentheses_are_text() {
        assert_eq!(
            runs("[Alt 3. We declare] (CICA) (+x)", Regular),
            vec![("[Alt 3. We declare] (CICA) (+x)".to_string(), Regular)]
        );
    }
}

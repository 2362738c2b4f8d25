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

    /// Property tests: any text splits into runs without a panic, keeps
    /// every character but the emphasis markers, and sets tags in bold.
    mod properties {
        use super::*;
        use crate::fuzz::config;
        use proptest::prelude::*;

        fn style() -> impl Strategy<Value = FontStyle> {
            prop::sample::select(vec![Regular, Bold, Italic, BoldItalic])
        }

        /// Text dense in markers, tags and near-tags.
        fn text(stars: bool) -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                3 => prop::sample::select(vec![
                    "(+CHN)", "(-ISR)", "(+AB)", "(+ABCDE)", "(+ABCDEF)", "(+A)", "(+ab)",
                    "(+", "(-", "(", ")", "+", "-", "[", "]", "(+ЖК)", "(+RU", "((+RU)",
                    " ", "\n", "ә", "👩‍👩‍👧", "\u{301}", "\u{202e}",
                ])
                .prop_map(String::from),
                2 => "[A-Z(+)-]{1,8}",
                1 => any::<String>(),
                1 => if stars { "[*]{1,3}" } else { "[a-z]{1,3}" },
            ];
            prop::collection::vec(piece, 0..30).prop_map(move |v| {
                let text = v.concat();
                if stars { text } else { text.replace('*', "") }
            })
        }

        /// Where the delegation tags of `chars` are, as the syntax defines
        /// them: `(`, `+` or `-`, two to five capitals, `)`.
        fn tags(chars: &[char]) -> Vec<std::ops::Range<usize>> {
            let mut out = Vec::new();
            for i in 0..chars.len() {
                let letters = chars[i..]
                    .iter()
                    .skip(2)
                    .take_while(|c| c.is_ascii_uppercase())
                    .count();
                if chars[i] == '('
                    && matches!(chars.get(i + 1), Some('+' | '-'))
                    && (2..=5).contains(&letters)
                    && chars.get(i + 2 + letters) == Some(&')')
                {
                    out.push(i..i + letters + 3);
                }
            }
            out
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn runs_keep_all_text_but_the_markers(text in text(true), base in style()) {
                let runs = runs(&text, base);
                let joined: String = runs.iter().map(|(t, _)| t.as_str()).collect();
                prop_assert_eq!(joined, text.replace('*', ""));
                for (t, s) in &runs {
                    prop_assert!(!t.is_empty());
                    let (bold, italic) = parts(*s);
                    let (base_bold, base_italic) = parts(base);
                    prop_assert!(bold || !base_bold);
                    prop_assert!(italic || !base_italic);
                }
                for pair in runs.windows(2) {
                    prop_assert_ne!(pair[0].1, pair[1].1);
                }
            }

            #[test]
            fn without_markers_only_tags_change_the_face(text in text(false), base in style()) {
                let faces: Vec<FontStyle> = runs(&text, base)
                    .iter()
                    .flat_map(|(t, s)| t.chars().map(move |_| *s))
                    .collect();
                let chars: Vec<char> = text.chars().collect();
                prop_assert_eq!(faces.len(), chars.len());
                let (_, base_italic) = parts(base);
                let mut wanted = vec![base; chars.len()];
                for tag in tags(&chars) {
                    for face in &mut wanted[tag] {
                        *face = FontStyle::new(true, base_italic);
                    }
                }
                prop_assert_eq!(faces, wanted);
            }
        }
    }
}

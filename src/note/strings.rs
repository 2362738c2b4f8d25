//! Where a character of a TOML string value stands in the file.
//!
//! toml gives the span of a whole value; a note's own text is a Fluent
//! pattern inside such a value, and an error in it (an unclosed `{`, an
//! unknown `$variable`) should be pointed at exactly. This walks the string
//! token as TOML defines it — basic and literal, single- and multi-line,
//! escapes and line-ending backslashes — and records, for each byte of the
//! value, the byte of the file it came from.

/// For each byte of the decoded value (and one past its end), the offset in
/// `raw` it came from; `None` if `raw` is not a string token, or does not
/// decode to `value`.
pub fn offsets(raw: &str, value: &str) -> Option<Vec<usize>> {
    let (decoded, map) = decode(raw)?;
    (decoded == value).then_some(map)
}

fn decode(raw: &str) -> Option<(String, Vec<usize>)> {
    let (quote, multi) = if raw.starts_with("\"\"\"") {
        ('"', true)
    } else if raw.starts_with("'''") {
        ('\'', true)
    } else if raw.starts_with('"') {
        ('"', false)
    } else if raw.starts_with('\'') {
        ('\'', false)
    } else {
        return None;
    };
    let open = if multi { 3 } else { 1 };
    let close = raw.len().checked_sub(open)?;
    if close < open {
        return None;
    }
    let mut out = String::new();
    let mut map = Vec::new();
    let body = &raw[open..close];
    let mut chars = body.char_indices().peekable();
    // A newline right after the opening delimiter is not part of the value.
    if multi {
        if body.starts_with("\r\n") {
            chars.next();
            chars.next();
        } else if body.starts_with('\n') {
            chars.next();
        }
    }
    let push = |out: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        for _ in 0..c.len_utf8() {
            map.push(open + at);
        }
        out.push(c);
    };
    while let Some((i, c)) = chars.next() {
        if c != '\\' || quote == '\'' {
            push(&mut out, &mut map, c, i);
            continue;
        }
        let (_, e) = chars.next()?;
        let simple = match e {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            push(&mut out, &mut map, s, i);
            continue;
        }
        match e {
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut hex = String::new();
                for _ in 0..n {
                    hex.push(chars.next()?.1);
                }
                let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                push(&mut out, &mut map, c, i);
            }
            ' ' | '\t' | '\r' | '\n' if multi => {
                // A line-ending backslash: the line break and the white
                // space after it vanish.
                while let Some(&(_, w)) = chars.peek() {
                    if w.is_whitespace() {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            _ => return None,
        }
    }
    map.push(close);
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, value: &str, at: &str) {
        let map = offsets(raw, value).unwrap_or_else(|| panic!("{raw:?} does not decode"));
        let i = value.find(at).unwrap();
        assert_eq!(&raw[map[i]..map[i] + at.len()], at, "{raw:?}");
    }

    #[test]
    fn every_kind_of_string_maps_back() {
        check("\"a { $x } б\"", "a { $x } б", "$x");
        check("'a { $x }'", "a { $x }", "$x");
        check("'''\nline one\n{ $x }'''", "line one\n{ $x }", "$x");
        check(
            "\"\"\"\nрусский \\\n   текст { $x }\"\"\"",
            "русский текст { $x }",
            "$x",
        );
        check("\"q\\\"{ $x }\\u00e9\"", "q\"{ $x }é", "$x");
        assert_eq!(offsets("\"a\"", "b"), None);
        assert_eq!(offsets("42", "42"), None);
    }
}

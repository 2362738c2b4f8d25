//! Reads the text back out of a PDF, the way a reader's copy-and-paste
//! does: through each font's ToUnicode map. Tests use it to compare what
//! was printed with what was written, with nothing to install.
//!
//! It understands what this tool writes (Identity-H fonts, `Tm` + `TJ`)
//! and the common cases of other PDFs; it is no general PDF reader.

use std::collections::BTreeMap;

use lopdf::{Document, Object};
use printpdf::ToUnicodeCMap;

/// The text of each page; lines separated by `\n`. A line that ends with a
/// hyphen inserted by hyphenation (a soft hyphen in the ToUnicode map) keeps
/// it as U+00AD, so callers can rejoin words.
pub fn pages_text(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let mut pages = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page_id).map_err(|e| e.to_string())?;
        let mut maps = BTreeMap::new();
        for (name, font) in fonts {
            maps.insert(name, to_unicode(&doc, font));
        }
        let content = doc
            .get_and_decode_page_content(page_id)
            .map_err(|e| e.to_string())?;
        let mut text = String::new();
        let mut current: Option<Vec<u8>> = None;
        let mut last_y: Option<f32> = None;
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    current = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec)
                }
                "Tm" | "Td" | "TD" => {
                    let y = op
                        .operands
                        .get(if op.operator == "Tm" { 5 } else { 1 })
                        .and_then(number);
                    if let Some(y) = y {
                        let moved = if op.operator == "Tm" {
                            last_y.is_some_and(|l| (l - y).abs() > 0.5)
                        } else {
                            y.abs() > 0.5
                        };
                        if moved && !text.is_empty() {
                            text.push('\n');
                        }
                        last_y = Some(if op.operator == "Tm" {
                            y
                        } else {
                            last_y.unwrap_or(0.0) + y
                        });
                    }
                }
                "Tj" | "TJ" => {
                    let map = current
                        .as_ref()
                        .and_then(|c| maps.get(c))
                        .and_then(Option::as_ref);
                    for operand in &op.operands {
                        show(operand, map, &mut text);
                    }
                }
                _ => {}
            }
        }
        pages.push(text);
    }
    Ok(pages)
}

/// All pages' text with hyphenated line ends rejoined and white space
/// folded to single spaces: what a sentence search should look in.
pub fn plain_text(bytes: &[u8]) -> Result<String, String> {
    Ok(normalize(&pages_text(bytes)?.join("\n")))
}

/// Rejoins words hyphenated across lines (the inserted hyphen reads as a
/// soft hyphen) and folds white space.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\u{ad}', Some('\n')) => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn show(operand: &Object, map: Option<&ToUnicodeCMap>, out: &mut String) {
    match operand {
        Object::Array(items) => {
            for item in items {
                show(item, map, out);
            }
        }
        Object::String(bytes, _) => match map {
            Some(map) => {
                for pair in bytes.chunks(2) {
                    let code = pair.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                    if let Some(s) = map.lookup_string(code) {
                        out.push_str(&s);
                    }
                }
            }
            None => out.extend(bytes.iter().map(|&b| char::from(b))),
        },
        _ => {}
    }
}

fn to_unicode(doc: &Document, font: &lopdf::Dictionary) -> Option<ToUnicodeCMap> {
    let stream = font.get(b"ToUnicode").ok()?.as_reference().ok()?;
    let stream = doc.get_object(stream).ok()?.as_stream().ok()?;
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    ToUnicodeCMap::parse(&String::from_utf8_lossy(&content)).ok()
}

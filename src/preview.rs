//! Writes laid-out pages as SVG for `verbale serve`: the PDF writer's
//! sibling, drawing the same [`Page`]s, so a preview breaks lines and
//! pages exactly where the PDF does.
//!
//! Text stays text — one `<text>` per segment, selectable and found by the
//! browser's search — but every character gets its own `x`, taken from
//! the layout's advances (kerning, justified spaces and letter spacing
//! included): the browser places glyphs, it never measures or breaks.
//! The page's y axis points up, as in PDF; SVG's points down, so every
//! `y` is flipped. Sizes are in points: one SVG user unit is one point.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use base64::Engine as _;

use crate::layout::Page;
use crate::layout::font::FontStyle;
use crate::layout::frame::{Picture, Segment};
use crate::layout::image::{Content, Raster};
use crate::layout::svg::{self, Shape, Vector};

/// The CSS font family the preview names each face by; the page that
/// holds the SVG declares them with `@font-face`.
pub fn family(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Regular => "verbale-regular",
        FontStyle::Bold => "verbale-bold",
        FontStyle::Italic => "verbale-italic",
        FontStyle::BoldItalic => "verbale-bold-italic",
    }
}

/// One page as an `<svg>` element, to be placed inline in an HTML page
/// (inline, not as an image, so that its text can be selected and
/// searched). It scales to the width of its container.
pub fn page(page: &Page) -> String {
    let (w, h) = (page.width, page.height);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sheet\" viewBox=\"0 0 {} {}\" \
         width=\"{}\" height=\"{}\">",
        num(w),
        num(h),
        num(w),
        num(h)
    );
    let _ = write!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        num(w),
        num(h)
    );
    for picture in &page.images {
        draw_picture(&mut out, picture, h);
    }
    for line in &page.lines {
        let y = h - line.y;
        for segment in &line.segments {
            draw_segment(&mut out, segment, y);
        }
    }
    out.push_str("</svg>");
    out
}

/// A segment as one `<text>`: the characters the reader sees, each at the
/// pen position the layout gave its glyph.
fn draw_segment(out: &mut String, segment: &Segment, y: f32) {
    let scale = segment.size / 1000.0;
    let mut pen = segment.x;
    let mut text = String::new();
    let mut xs: Vec<f32> = Vec::new();
    for glyph in &segment.glyphs {
        let shown = visible(&glyph.text);
        let count = shown.chars().count();
        let advance = glyph.advance * scale;
        // A ligature's characters share its advance, so that the next
        // glyph still starts where the layout put it.
        for (i, c) in shown.chars().enumerate() {
            xs.push(pen + advance * i as f32 / count as f32);
            text.push(c);
        }
        pen += advance;
    }
    if text.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<text class=\"{}\" font-size=\"{}\" y=\"{}\" x=\"",
        class(segment.style),
        num(segment.size),
        num(y)
    );
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&num(*x));
    }
    out.push_str("\">");
    escape_into(out, &text);
    out.push_str("</text>");
}

/// The class each face's text carries; the page's style sheet gives it
/// the face's family.
pub fn class(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Regular => "r",
        FontStyle::Bold => "b",
        FontStyle::Italic => "i",
        FontStyle::BoldItalic => "z",
    }
}

/// What a glyph shows. A hyphen added at a line break stands for a soft
/// hyphen (U+00AD) in the PDF's text, so that extracted words rejoin; a
/// browser draws nothing for a soft hyphen, so the preview shows the
/// hyphen the PDF draws. Control characters, which XML cannot hold, are
/// left out (the layout never draws them).
fn visible(text: &str) -> String {
    let shown: String = text
        .chars()
        .filter(|&c| c != '\u{ad}' && !c.is_control())
        .collect();
    if shown.is_empty() && text.contains('\u{ad}') {
        "-".to_string()
    } else {
        shown
    }
}

fn draw_picture(out: &mut String, picture: &Picture, page_height: f32) {
    let top = page_height - picture.y - picture.height;
    let image = &picture.image;
    match &image.content {
        Content::Raster(raster) => {
            let _ = write!(
                out,
                "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 preserveAspectRatio=\"none\" href=\"{}\"/>",
                num(picture.x),
                num(top),
                num(picture.width),
                num(picture.height),
                data_uri(&image.name, raster)
            );
        }
        Content::Vector(vector) => {
            let _ = write!(
                out,
                "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" \
                 preserveAspectRatio=\"none\">",
                num(picture.x),
                num(top),
                num(picture.width),
                num(picture.height),
                num(vector.width),
                num(vector.height)
            );
            draw_vector(out, vector);
            out.push_str("</svg>");
        }
    }
}

/// The shapes of an SVG picture, as the PDF writer paints them: plain
/// paths with their fill and stroke, in the picture's user space.
fn draw_vector(out: &mut String, vector: &Vector) {
    for shape in &vector.shapes {
        out.push_str("<path d=\"");
        outline(out, shape);
        out.push('"');
        if shape.transform != [1.0, 0.0, 0.0, 1.0, 0.0, 0.0] {
            let t = shape.transform.map(exact);
            let _ = write!(
                out,
                " transform=\"matrix({} {} {} {} {} {})\"",
                t[0], t[1], t[2], t[3], t[4], t[5]
            );
        }
        match &shape.fill {
            Some(fill) => {
                let _ = write!(out, " fill=\"{}\"", color(fill.color));
                if fill.opacity < 1.0 {
                    let _ = write!(out, " fill-opacity=\"{}\"", num(fill.opacity));
                }
                if fill.even_odd {
                    out.push_str(" fill-rule=\"evenodd\"");
                }
            }
            None => out.push_str(" fill=\"none\""),
        }
        if let Some(stroke) = &shape.stroke {
            let cap = ["butt", "round", "square"];
            let join = ["miter", "round", "bevel"];
            let _ = write!(
                out,
                " stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"{}\" \
                 stroke-linejoin=\"{}\" stroke-miterlimit=\"{}\"",
                color(stroke.color),
                num(stroke.width),
                cap.get(usize::from(stroke.cap)).unwrap_or(&"butt"),
                join.get(usize::from(stroke.join)).unwrap_or(&"miter"),
                num(stroke.miter_limit)
            );
            if stroke.opacity < 1.0 {
                let _ = write!(out, " stroke-opacity=\"{}\"", num(stroke.opacity));
            }
            if !stroke.dash.is_empty() {
                let dash: Vec<String> = stroke.dash.iter().map(|d| num(*d)).collect();
                let _ = write!(
                    out,
                    " stroke-dasharray=\"{}\" stroke-dashoffset=\"{}\"",
                    dash.join(" "),
                    num(stroke.dash_offset)
                );
            }
            if shape.stroke_first {
                out.push_str(" paint-order=\"stroke\"");
            }
        }
        out.push_str("/>");
    }
}

fn outline(out: &mut String, shape: &Shape) {
    for (i, segment) in shape.segments.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = match segment {
            svg::Segment::Move(x, y) => write!(out, "M{} {}", num(*x), num(*y)),
            svg::Segment::Line(x, y) => write!(out, "L{} {}", num(*x), num(*y)),
            svg::Segment::Cubic(c) => {
                let c = c.map(num);
                write!(
                    out,
                    "C{} {} {} {} {} {}",
                    c[0], c[1], c[2], c[3], c[4], c[5]
                )
            }
            svg::Segment::Close => write!(out, "Z"),
        };
    }
}

fn color([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The pixels as a PNG data URI, encoded once per process for each
/// picture (every page of every note shows the same emblem).
fn data_uri(name: &str, raster: &Raster) -> String {
    static ENCODED: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = ENCODED.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(name.to_string())
        .or_insert_with(|| {
            let png = encode_png(raster).unwrap_or_default();
            format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            )
        })
        .clone()
}

fn encode_png(raster: &Raster) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    let columns = u32::try_from(raster.columns).unwrap_or(u32::MAX);
    let rows = u32::try_from(raster.rows).unwrap_or(u32::MAX);
    let mut encoder = png::Encoder::new(&mut bytes, columns, rows);
    encoder.set_color(if raster.alpha {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    });
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&raster.pixels)?;
    writer.finish()?;
    Ok(bytes)
}

/// A coordinate to a hundredth of a point: far below what a screen
/// shows, and short.
fn num(x: f32) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

/// A matrix entry as it is: a thousandth may be the whole scale.
fn exact(x: f32) -> String {
    format!("{x}")
}

/// Text or an attribute value made safe for HTML and XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::font::Glyph;
    use crate::layout::frame::Line;
    use std::sync::Arc;

    fn glyph(text: &str, advance: f32) -> Glyph {
        Glyph {
            gid: 1,
            advance,
            text: Arc::from(text),
            cluster: 0,
            plain: true,
        }
    }

    fn one_line(glyphs: Vec<Glyph>) -> Page {
        Page {
            width: 100.0,
            height: 200.0,
            lines: vec![Line {
                y: 150.0,
                segments: vec![Segment {
                    x: 10.0,
                    style: FontStyle::Bold,
                    size: 10.0,
                    glyphs,
                }],
                letter_spacing: 0.0,
                paragraph: Some(0),
            }],
            images: Vec::new(),
        }
    }

    #[test]
    fn every_character_stands_where_the_layout_put_its_glyph() {
        // Advances in 1/1000 em at 10 pt: 500 is 5 pt.
        let svg = page(&one_line(vec![
            glyph("a", 500.0),
            glyph(" ", 250.0),
            glyph("<", 300.0),
        ]));
        assert!(
            svg.contains(
                "<text class=\"b\" font-size=\"10\" y=\"50\" x=\"10 15 17.5\">a &lt;</text>"
            ),
            "{svg}"
        );
    }

    #[test]
    fn a_break_hyphen_shows_as_a_hyphen_and_a_ligature_shares_its_advance() {
        let svg = page(&one_line(vec![
            glyph("fi", 600.0),
            glyph("", 0.0),
            glyph("x", 400.0),
            glyph("\u{ad}", 300.0),
        ]));
        assert!(svg.contains("x=\"10 13 16 20\">fix-</text>"), "{svg}");
        let compound = page(&one_line(vec![glyph("-\u{ad}", 300.0)]));
        assert!(compound.contains(">-</text>"), "{compound}");
    }
}

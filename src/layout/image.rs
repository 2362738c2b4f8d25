//! Pictures a style sheet places on the page: the letterhead's emblem.
//! Read from PNG or SVG once, when the style sheet loads; drawn by the PDF
//! writer once per document however many pages show it.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::hash::fingerprint;
use crate::schema;
use crate::world::World;

use super::style::StyleSheet;
use super::svg::Vector;

/// A picture, as the layout sizes it and the PDF writer draws it.
#[derive(Debug, PartialEq)]
pub struct Image {
    /// Its own width: pixels, or an SVG's user units. Only the proportion
    /// to `height` matters; the style sheet gives the size on the page.
    pub width: f32,
    /// Its own height.
    pub height: f32,
    /// A name that depends only on the content: the PDF resource name, so
    /// that output does not vary from run to run.
    pub name: String,
    /// Pixels or shapes.
    pub content: Content,
}

/// What a picture is made of.
#[derive(Debug, PartialEq)]
pub enum Content {
    /// Pixels, from a PNG.
    Raster(Raster),
    /// Paths, from an SVG.
    Vector(Vector),
}

/// Decoded pixels: 8-bit RGB, with an alpha channel when the file has
/// transparency.
#[derive(Debug, PartialEq)]
pub struct Raster {
    /// Pixels across.
    pub columns: usize,
    /// Pixels down.
    pub rows: usize,
    /// RGB or RGBA samples, row by row from the top.
    pub pixels: Vec<u8>,
    /// Whether `pixels` carry alpha (RGBA).
    pub alpha: bool,
}

impl Image {
    /// Decodes a PNG of any colour type and depth to 8-bit RGB(A).
    pub fn png(bytes: &[u8]) -> Result<Image, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
        let size = reader
            .output_buffer_size()
            .ok_or("the picture is too large")?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
        buf.truncate(info.buffer_size());
        let (width, height) = (info.width as usize, info.height as usize);
        let pixels = match info.color_type {
            png::ColorType::Rgb => buf,
            png::ColorType::Rgba => buf,
            png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g]).collect(),
            png::ColorType::GrayscaleAlpha => buf
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
            png::ColorType::Indexed => return Err("indexed colour was not expanded".into()),
        };
        let alpha = pixels.len() == width * height * 4;
        let opaque = alpha && pixels.chunks_exact(4).all(|p| p[3] == 255);
        let pixels = if opaque {
            pixels
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        } else {
            pixels
        };
        Ok(Image {
            width: width as f32,
            height: height as f32,
            name: format!("IM{:016x}", fingerprint(&pixels)),
            content: Content::Raster(Raster {
                columns: width,
                rows: height,
                pixels,
                alpha: alpha && !opaque,
            }),
        })
    }

    /// Reads an SVG to shapes; the problems carry places in `text`.
    pub fn svg(text: &str) -> Result<Image, Vec<super::svg::Problem>> {
        let vector = Vector::parse(text)?;
        Ok(Image {
            width: vector.width,
            height: vector.height,
            name: format!("SV{:016x}", fingerprint(text.as_bytes())),
            content: Content::Vector(vector),
        })
    }
}

/// Whether `bytes` begin as a PNG file does.
fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// Whether the file is named as an SVG.
fn is_svg(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Reads every picture `sheet` (the style sheet in `file`, whose text is
/// `source`) names, through `world` so that a build knows it depends on
/// them. A file that cannot be read, or is neither PNG nor SVG, is an
/// error at its `file` key; what an SVG holds that cannot be drawn is an
/// error in the SVG, at the element.
pub fn load_images(
    world: &World,
    file: &Path,
    source: &str,
    sheet: &mut StyleSheet,
    diags: &mut Diagnostics,
) {
    for (name, style) in &sheet.block {
        let Some(image) = &style.image else {
            continue;
        };
        if sheet.images.contains_key(&image.file) {
            continue;
        }
        let span = schema::value_span(source, &["block", name, "image", "file"]);
        let at_key = |d: Diagnostic| match span.clone() {
            Some(span) => d.at(file, span),
            None => d.in_file(file),
        };
        let bytes = match world.read(&image.file) {
            Ok(b) => b,
            Err(e) => {
                diags.push(e.diagnostic(span.clone().map(|s| (file, s))));
                continue;
            }
        };
        let refuse = |why: String| {
            at_key(Diagnostic::error(
                "style-image",
                format!("block `{name}`: {} {why}", image.file.display()),
            ))
        };
        let decoded = if is_png(&bytes) {
            Image::png(&bytes)
                .map_err(|e| diags.push(refuse(format!("is a PNG verbale cannot read: {e}"))))
                .ok()
        } else if !is_svg(&image.file) {
            diags.push(refuse(
                "is neither a PNG nor an SVG picture (an SVG's name ends in `.svg`)".into(),
            ));
            None
        } else {
            match world.read_text(&image.file) {
                Ok(text) => Image::svg(&text)
                    .map_err(|problems| {
                        for p in problems {
                            let d = Diagnostic::error("style-image", p.message);
                            let d = match p.span {
                                Some(s) => d.at(&image.file, s),
                                None => d.in_file(&image.file),
                            };
                            diags.push(d.also(
                                file,
                                span.clone(),
                                format!("the picture of block `{name}`"),
                            ));
                        }
                    })
                    .ok(),
                Err(e) => {
                    diags.push(e.diagnostic(None));
                    None
                }
            }
        };
        if let Some(decoded) = decoded {
            sheet
                .images
                .insert(image.file.clone(), std::sync::Arc::new(decoded));
        }
    }
}

//! Pictures a style sheet places on the page: the letterhead's emblem.
//! Read from PNG once, when the style sheet loads; drawn by the PDF writer
//! once per document however many pages show it.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::hash::fingerprint;
use crate::schema;
use crate::world::World;

use super::style::StyleSheet;

/// A decoded picture: 8-bit RGB, with an alpha channel when the file has
/// transparency.
#[derive(Debug, PartialEq)]
pub struct Image {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// RGB or RGBA samples, row by row from the top.
    pub pixels: Vec<u8>,
    /// Whether `pixels` carry alpha (RGBA).
    pub alpha: bool,
    /// A name that depends only on the pixels: the PDF resource name, so
    /// that output does not vary from run to run.
    pub name: String,
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
            width,
            height,
            alpha: alpha && !opaque,
            name: format!("IM{:016x}", fingerprint(&pixels)),
            pixels,
        })
    }
}

/// Reads every picture `sheet` (the style sheet in `file`, whose text is
/// `source`) names, through `world` so that a build knows it depends on
/// them. A picture that cannot be read is an error at its `file` key.
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
        let bytes = match world.read(&image.file) {
            Ok(b) => b,
            Err(e) => {
                diags.push(e.diagnostic(span.map(|s| (file, s))));
                continue;
            }
        };
        match Image::png(&bytes) {
            Ok(decoded) => {
                sheet
                    .images
                    .insert(image.file.clone(), std::sync::Arc::new(decoded));
            }
            Err(e) => {
                let d = Diagnostic::error(
                    "style-image",
                    format!(
                        "block `{name}`: {} is not a PNG picture verbale can read: {e}",
                        image.file.display()
                    ),
                );
                diags.push(match span {
                    Some(span) => d.at(file, span),
                    None => d.in_file(file),
                });
            }
        }
    }
}

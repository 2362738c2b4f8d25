//! Pictures as PDF image XObjects. A picture's streams are deflated once
//! per process and handed to every PDF that shows it, instead of printpdf
//! deflating its pixels for each note (a third of a note's time with the
//! letterhead's emblem).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject};

use crate::layout::image::Image;

/// The picture as an image XObject, with its alpha as a soft mask.
pub(super) fn xobject(image: &Image) -> XObject {
    static ENCODED: OnceLock<Mutex<HashMap<String, XObject>>> = OnceLock::new();
    let cache = ENCODED.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(image.name.clone())
        .or_insert_with(|| encode(image))
        .clone()
}

fn encode(image: &Image) -> XObject {
    let (color, alpha): (Vec<u8>, Option<Vec<u8>>) = if image.alpha {
        let color = image
            .pixels
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let alpha = image.pixels.chunks_exact(4).map(|p| p[3]).collect();
        (color, Some(alpha))
    } else {
        (image.pixels.clone(), None)
    };
    let mut dict = plane(image, "DeviceRGB");
    if let Some(alpha) = alpha {
        let mask = ExternalStream {
            dict: plane(image, "DeviceGray"),
            content: deflate(&alpha),
            compress: false,
        };
        dict.insert("SMask".into(), DictItem::Stream { stream: mask });
    }
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: deflate(&color),
            compress: false,
        },
        width: Some(Px(image.width)),
        height: Some(Px(image.height)),
        dpi: None,
    })
}

/// The dictionary of an 8-bit, deflated image in `space`.
fn plane(image: &Image, space: &str) -> BTreeMap<String, DictItem> {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".into(), name("XObject")),
        ("Subtype".into(), name("Image")),
        ("Width".into(), DictItem::Int(image.width as i64)),
        ("Height".into(), DictItem::Int(image.height as i64)),
        ("BitsPerComponent".into(), DictItem::Int(8)),
        ("ColorSpace".into(), name(space)),
        ("Filter".into(), name("FlateDecode")),
    ])
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

//! Pictures as PDF XObjects: pixels as an image, SVG shapes as a form of
//! path operators. Either maps onto the unit square, so a page places both
//! with one matrix. A picture's streams are deflated once per process and
//! handed to every PDF that shows it, instead of printpdf deflating its
//! pixels for each note (a third of a note's time with a PNG emblem).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject};

use lopdf::Object;
use lopdf::content::Operation;

use crate::layout::image::{Content, Image, Raster};
use crate::layout::svg::{Segment, Shape, Vector};

/// The picture as an XObject in the unit square.
pub(super) fn xobject(image: &Image) -> XObject {
    static ENCODED: OnceLock<Mutex<HashMap<String, XObject>>> = OnceLock::new();
    let cache = ENCODED.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(image.name.clone())
        .or_insert_with(|| match &image.content {
            Content::Raster(raster) => pixels(raster),
            Content::Vector(vector) => form(vector),
        })
        .clone()
}

/// An image XObject, with the alpha as a soft mask.
fn pixels(image: &Raster) -> XObject {
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
        width: Some(Px(image.columns)),
        height: Some(Px(image.rows)),
        dpi: None,
    })
}

/// A form XObject drawing the shapes, the SVG's user space flipped and
/// scaled onto the unit square. Opacities become graphics states `G0`, `G1`…
/// in the form's own resources.
fn form(vector: &Vector) -> XObject {
    let mut states: Vec<(f32, f32)> = Vec::new();
    let mut ops = vec![exact(
        "cm",
        &[1.0 / vector.width, 0.0, 0.0, -1.0 / vector.height, 0.0, 1.0],
    )];
    for shape in &vector.shapes {
        ops.push(op("q", &[]));
        if shape.transform != [1.0, 0.0, 0.0, 1.0, 0.0, 0.0] {
            ops.push(exact("cm", &shape.transform));
        }
        let (fill, stroke) = (shape.fill.as_ref(), shape.stroke.as_ref());
        let alpha = (
            fill.map_or(1.0, |f| f.opacity),
            stroke.map_or(1.0, |s| s.opacity),
        );
        if alpha != (1.0, 1.0) {
            let n = match states.iter().position(|s| *s == alpha) {
                Some(n) => n,
                None => {
                    states.push(alpha);
                    states.len() - 1
                }
            };
            ops.push(Operation::new(
                "gs",
                vec![Object::Name(format!("G{n}").into_bytes())],
            ));
        }
        if let Some(f) = fill {
            ops.push(op("rg", &rgb(f.color)));
        }
        if let Some(s) = stroke {
            ops.push(op("RG", &rgb(s.color)));
            ops.push(op("w", &[s.width]));
            ops.push(op("J", &[f32::from(s.cap)]));
            ops.push(op("j", &[f32::from(s.join)]));
            ops.push(op("M", &[s.miter_limit]));
            if !s.dash.is_empty() {
                let dash = s.dash.iter().map(|&d| Object::Real(d)).collect();
                ops.push(Operation::new(
                    "d",
                    vec![Object::Array(dash), Object::Real(s.dash_offset)],
                ));
            }
        }
        let mut paint = |what: Paint| {
            outline(shape, &mut ops);
            ops.push(op(what.operator(shape), &[]));
        };
        match (fill, stroke) {
            (Some(_), Some(_)) if shape.stroke_first => {
                paint(Paint::Stroke);
                paint(Paint::Fill);
            }
            (Some(_), Some(_)) => paint(Paint::Both),
            (Some(_), None) => paint(Paint::Fill),
            (None, Some(_)) => paint(Paint::Stroke),
            (None, None) => {}
        }
        ops.push(op("Q", &[]));
    }
    let content = lopdf::content::Content { operations: ops }
        .encode()
        .unwrap_or_default();
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let real = DictItem::Real;
    let states: BTreeMap<String, DictItem> = states
        .iter()
        .enumerate()
        .map(|(n, &(fill, stroke))| {
            let state = BTreeMap::from([
                ("Type".to_string(), name("ExtGState")),
                ("ca".to_string(), real(fill)),
                ("CA".to_string(), real(stroke)),
            ]);
            (format!("G{n}"), DictItem::Dict { map: state })
        })
        .collect();
    let mut dict = BTreeMap::from([
        ("Type".into(), name("XObject")),
        ("Subtype".into(), name("Form")),
        (
            "BBox".into(),
            DictItem::Array(vec![real(0.0), real(0.0), real(1.0), real(1.0)]),
        ),
        ("Filter".into(), name("FlateDecode")),
    ]);
    if !states.is_empty() {
        let states = BTreeMap::from([("ExtGState".into(), DictItem::Dict { map: states })]);
        dict.insert("Resources".into(), DictItem::Dict { map: states });
    }
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: deflate(&content),
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
}

#[derive(Clone, Copy)]
enum Paint {
    Fill,
    Stroke,
    Both,
}

impl Paint {
    fn operator(self, shape: &Shape) -> &'static str {
        let even_odd = shape.fill.is_some_and(|f| f.even_odd);
        match (self, even_odd) {
            (Paint::Fill, false) => "f",
            (Paint::Fill, true) => "f*",
            (Paint::Stroke, _) => "S",
            (Paint::Both, false) => "B",
            (Paint::Both, true) => "B*",
        }
    }
}

fn outline(shape: &Shape, ops: &mut Vec<Operation>) {
    for segment in &shape.segments {
        ops.push(match segment {
            Segment::Move(x, y) => op("m", &[*x, *y]),
            Segment::Line(x, y) => op("l", &[*x, *y]),
            Segment::Cubic(c) => op("c", c),
            Segment::Close => op("h", &[]),
        });
    }
}

/// An operator with its numbers to a thousandth: coordinates, widths and
/// colours in a thousandth of an SVG unit are far below what print shows,
/// and shorter numbers halve the stream.
fn op(operator: &str, operands: &[f32]) -> Operation {
    let round = |x: f32| Object::Real((x * 1000.0).round() / 1000.0);
    Operation::new(operator, operands.iter().map(|&x| round(x)).collect())
}

/// An operator with its numbers as they are: matrices, where a thousandth
/// may be the whole scale.
fn exact(operator: &str, operands: &[f32]) -> Operation {
    Operation::new(
        operator,
        operands.iter().map(|&x| Object::Real(x)).collect(),
    )
}

fn rgb(color: [u8; 3]) -> [f32; 3] {
    color.map(|c| f32::from(c) / 255.0)
}

/// The dictionary of an 8-bit, deflated image in `space`.
fn plane(image: &Raster, space: &str) -> BTreeMap<String, DictItem> {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".into(), name("XObject")),
        ("Subtype".into(), name("Image")),
        ("Width".into(), DictItem::Int(image.columns as i64)),
        ("Height".into(), DictItem::Int(image.rows as i64)),
        ("BitsPerComponent".into(), DictItem::Int(8)),
        ("ColorSpace".into(), name(space)),
        ("Filter".into(), name("FlateDecode")),
    ])
}

fn deflate(data: &[u8]) -> Vec<u8> {
    super::deflate(data, super::Level::Picture).unwrap_or_default()
}

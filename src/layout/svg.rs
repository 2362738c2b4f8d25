//! SVG pictures as vector shapes: what the PDF writer draws as paths, so
//! that an emblem stays sharp at any zoom and costs a few hundred bytes.
//!
//! usvg reduces the file to filled and stroked paths (CSS, `use`, shapes,
//! arcs and transforms resolved). What a PDF path cannot show as drawn —
//! gradients, patterns, clipping, masks, filters, group opacity, blending,
//! embedded pictures, text — is refused at its element rather than dropped,
//! so the printed emblem is never quietly different from the file.

use std::ops::Range;

use usvg::roxmltree;
use usvg::tiny_skia_path::PathSegment;

/// One path with its paint, in the SVG's user space (y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// From the path's coordinates to the SVG's user space, as PDF's
    /// `a b c d e f`.
    pub transform: [f32; 6],
    /// The outline.
    pub segments: Vec<Segment>,
    /// Painted first unless `stroke_first`.
    pub fill: Option<Fill>,
    /// The outline's stroke.
    pub stroke: Option<Stroke>,
    /// `paint-order: stroke`.
    pub stroke_first: bool,
}

/// A piece of an outline; quadratic curves are raised to cubics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    /// Starts a subpath.
    Move(f32, f32),
    /// A straight line to the point.
    Line(f32, f32),
    /// A cubic Bézier: two control points, then the end point.
    Cubic([f32; 6]),
    /// Closes the subpath.
    Close,
}

/// How a shape's inside is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// sRGB.
    pub color: [u8; 3],
    /// 0 to 1.
    pub opacity: f32,
    /// `fill-rule: evenodd` (else nonzero).
    pub even_odd: bool,
}

/// How a shape's outline is painted.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// sRGB.
    pub color: [u8; 3],
    /// 0 to 1.
    pub opacity: f32,
    /// In user units.
    pub width: f32,
    /// PDF's line cap: 0 butt, 1 round, 2 square.
    pub cap: u8,
    /// PDF's line join: 0 miter, 1 round, 2 bevel.
    pub join: u8,
    /// Miter limit.
    pub miter_limit: f32,
    /// Dash lengths (empty: solid) and the offset into them.
    pub dash: Vec<f32>,
    /// Where the dash pattern starts.
    pub dash_offset: f32,
}

/// A vector picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// Size in user units (after the `viewBox`).
    pub width: f32,
    /// Size in user units.
    pub height: f32,
    /// Back to front.
    pub shapes: Vec<Shape>,
}

/// Something in the file that cannot be drawn, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Bytes of the SVG text, when the parser gives a place.
    pub span: Option<Range<usize>>,
    /// What is wrong, for a reader who made the file.
    pub message: String,
}

impl Problem {
    fn new(span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Problem {
            span,
            message: message.into(),
        }
    }
}

impl Vector {
    /// Reads an SVG document. Every problem is returned, not just the first.
    pub fn parse(text: &str) -> Result<Vector, Vec<Problem>> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
            let pos = e.pos();
            let offset = offset_of(text, pos.row as usize, pos.col as usize);
            vec![Problem::new(Some(offset..offset), e.to_string())]
        })?;
        let mut problems = not_drawn_elements(&doc);
        let usvg_options = usvg::Options {
            // Pictures inside the SVG are refused above; this keeps usvg
            // from reading files itself, past the World.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: Box::new(|_, _, _| None),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        let tree = match usvg::Tree::from_xmltree(&doc, &usvg_options) {
            Ok(tree) => tree,
            Err(e) => {
                let root = doc.root_element().range();
                let message = match e {
                    usvg::Error::InvalidSize => {
                        "the SVG has no size: give its root `width` and `height`, or a `viewBox`"
                            .to_string()
                    }
                    other => other.to_string(),
                };
                problems.push(Problem::new(Some(root.start..root.start), message));
                return Err(problems);
            }
        };
        let mut shapes = Vec::new();
        let mut grouped = Vec::new();
        collect(tree.root(), &doc, &mut shapes, &mut problems, &mut grouped);
        place_groupings(&doc, &grouped, &mut problems);
        if !problems.is_empty() {
            // A gradient is refused once however many paths it paints.
            let mut unique = Vec::new();
            for p in problems {
                if !unique.contains(&p) {
                    unique.push(p);
                }
            }
            return Err(unique);
        }
        let size = tree.size();
        Ok(Vector {
            width: size.width(),
            height: size.height(),
            shapes,
        })
    }
}

/// Elements usvg would leave out without a word (it draws text only with
/// fonts, and pictures only through a file reader verbale does not give it).
fn not_drawn_elements(doc: &roxmltree::Document) -> Vec<Problem> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(SVG_NS))
        .filter_map(|n| {
            let why = match n.tag_name().name() {
                "text" => {
                    "text is not drawn: convert it to paths (in Inkscape, Path ▸ Object to Path)"
                }
                "image" => "a picture inside the SVG is not drawn: place it as a PNG of its own",
                "foreignObject" => "`foreignObject` is not drawn",
                _ => return None,
            };
            Some(Problem::new(Some(start_tag(n)), why))
        })
        .collect()
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// What usvg turns into a group of its own, which keeps no place in the
/// file when the element has no `id`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    Opacity,
    Blend,
}

impl Grouping {
    const ALL: [Grouping; 2] = [Grouping::Opacity, Grouping::Blend];

    fn what(self) -> &'static str {
        match self {
            Grouping::Opacity => "group opacity",
            Grouping::Blend => "a blend mode",
        }
    }

    /// Whether the element asks for it in its own attributes (a style
    /// sheet may ask for it too, which only usvg sees); `None` for a value
    /// usvg may read otherwise (`inherit`, a typo), which makes counting
    /// unsure.
    fn asked_by(self, node: roxmltree::Node) -> Option<bool> {
        let property = match self {
            Grouping::Opacity => "opacity",
            Grouping::Blend => "mix-blend-mode",
        };
        let Some(value) = own_property(node, property) else {
            return Some(false);
        };
        let value = value.trim();
        match self {
            Grouping::Opacity => {
                let number = match value.strip_suffix('%') {
                    Some(p) => p.trim().parse::<f32>().map(|p| p / 100.0),
                    None => value.parse::<f32>(),
                };
                number.ok().map(|n| n < 1.0)
            }
            Grouping::Blend => BLEND_MODES.contains(&value).then_some(value != "normal"),
        }
    }
}

const BLEND_MODES: [&str; 16] = [
    "normal",
    "multiply",
    "screen",
    "overlay",
    "darken",
    "lighten",
    "color-dodge",
    "color-burn",
    "hard-light",
    "soft-light",
    "difference",
    "exclusion",
    "hue",
    "saturation",
    "color",
    "luminosity",
];

/// A presentation property as the element itself sets it: its `style`
/// declaration, else its attribute (in no namespace).
fn own_property<'a>(node: roxmltree::Node<'a, '_>, property: &str) -> Option<&'a str> {
    let declared = node.attribute("style").and_then(|style| {
        style.split(';').find_map(|declaration| {
            let (name, value) = declaration.split_once(':')?;
            (name.trim() == property).then_some(value)
        })
    });
    declared.or_else(|| {
        node.attributes()
            .find(|a| a.namespace().is_none() && a.name() == property)
            .map(|a| a.value())
    })
}

/// Whether usvg draws the element where it stands, once: not hidden, not
/// inside what is drawn only by reference or by choice.
fn drawn_in_place(node: roxmltree::Node) -> bool {
    const APART: [&str; 10] = [
        "defs", "mask", "clipPath", "pattern", "marker", "symbol", "switch", "title", "desc",
        "metadata",
    ];
    node.ancestors().filter(|n| n.is_element()).all(|n| {
        n.tag_name().namespace() == Some(SVG_NS)
            && !APART.contains(&n.tag_name().name())
            && own_property(n, "display").is_none_or(|d| d.trim() != "none")
    })
}

/// Places the refusals of `kind` that usvg gave no element for, in the
/// order usvg met them: the elements asking for it, in document order,
/// when that pairing is sure — no `<use>` draws an element twice, no style
/// sheet asks besides, every value reads plainly, and there are as many
/// elements as refusals. Else no place is surer than a wrong one.
fn place_groupings(
    doc: &roxmltree::Document,
    refused: &[(Grouping, usize)],
    problems: &mut [Problem],
) {
    let elements: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element()).collect();
    let unsure = elements.iter().any(|n| {
        n.tag_name().namespace() == Some(SVG_NS) && matches!(n.tag_name().name(), "use" | "style")
    });
    if unsure {
        return;
    }
    for kind in Grouping::ALL {
        let of_kind: Vec<usize> = refused
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, i)| *i)
            .collect();
        let mut asking = Vec::new();
        let mut sure = true;
        for node in &elements {
            match kind.asked_by(*node) {
                Some(true) if drawn_in_place(*node) => asking.push(*node),
                Some(_) => {}
                None => sure = false,
            }
        }
        if !sure || asking.len() != of_kind.len() {
            continue;
        }
        for (i, node) in of_kind.into_iter().zip(asking) {
            if problems[i].span.is_none() {
                problems[i].span = Some(start_tag(node));
            }
        }
    }
}

fn collect(
    group: &usvg::Group,
    doc: &roxmltree::Document,
    shapes: &mut Vec<Shape>,
    problems: &mut Vec<Problem>,
    grouped: &mut Vec<(Grouping, usize)>,
) {
    for kind in Grouping::ALL {
        let refused = match kind {
            Grouping::Opacity => group.opacity().get() < 1.0,
            Grouping::Blend => group.blend_mode() != usvg::BlendMode::Normal,
        };
        if refused {
            grouped.push((kind, problems.len()));
            problems.push(not_drawn(doc, group.id(), kind.what()));
        }
    }
    let mut refuse = |id: &str, what: &str| problems.push(not_drawn(doc, id, what));
    if let Some(clip) = group.clip_path() {
        refuse(clip.id(), "a clip path");
    }
    if let Some(mask) = group.mask() {
        refuse(mask.id(), "a mask");
    }
    for filter in group.filters() {
        refuse(filter.id(), "a filter");
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect(g, doc, shapes, problems, grouped),
            usvg::Node::Path(path) => {
                if let Some(shape) = shape(path, doc, problems) {
                    shapes.push(shape);
                }
            }
            // Refused by element in `not_drawn_elements`; usvg keeps
            // neither without fonts or a file reader.
            usvg::Node::Image(_) | usvg::Node::Text(_) => {}
        }
    }
}

fn shape(
    path: &usvg::Path,
    doc: &roxmltree::Document,
    problems: &mut Vec<Problem>,
) -> Option<Shape> {
    if !path.is_visible() {
        return None;
    }
    let mut colour = |paint: &usvg::Paint| match paint {
        usvg::Paint::Color(c) => Some([c.red, c.green, c.blue]),
        usvg::Paint::LinearGradient(g) => {
            problems.push(not_drawn(doc, g.id(), "a linear gradient"));
            None
        }
        usvg::Paint::RadialGradient(g) => {
            problems.push(not_drawn(doc, g.id(), "a radial gradient"));
            None
        }
        usvg::Paint::Pattern(p) => {
            problems.push(not_drawn(doc, p.id(), "a pattern"));
            None
        }
    };
    let fill = path.fill().and_then(|f| {
        Some(Fill {
            color: colour(f.paint())?,
            opacity: f.opacity().get(),
            even_odd: f.rule() == usvg::FillRule::EvenOdd,
        })
    });
    let stroke = path.stroke().and_then(|s| {
        Some(Stroke {
            color: colour(s.paint())?,
            opacity: s.opacity().get(),
            width: s.width().get(),
            cap: match s.linecap() {
                usvg::LineCap::Butt => 0,
                usvg::LineCap::Round => 1,
                usvg::LineCap::Square => 2,
            },
            join: match s.linejoin() {
                usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => 0,
                usvg::LineJoin::Round => 1,
                usvg::LineJoin::Bevel => 2,
            },
            miter_limit: s.miterlimit().get(),
            dash: s.dasharray().map(<[f32]>::to_vec).unwrap_or_default(),
            dash_offset: s.dashoffset(),
        })
    });
    let t = path.abs_transform();
    Some(Shape {
        transform: [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty],
        segments: segments(path.data()),
        fill,
        stroke,
        stroke_first: path.paint_order() == usvg::PaintOrder::StrokeAndFill,
    })
}

/// `what` (a gradient, a mask…) is refused at the element with `id`.
fn not_drawn(doc: &roxmltree::Document, id: &str, what: &str) -> Problem {
    Problem::new(
        element_with_id(doc, id),
        format!("{what} is not drawn: verbale draws SVG paths in plain colours"),
    )
}

fn segments(path: &usvg::tiny_skia_path::Path) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut last = (0.0, 0.0);
    for segment in path.segments() {
        out.push(match segment {
            PathSegment::MoveTo(p) => {
                last = (p.x, p.y);
                Segment::Move(p.x, p.y)
            }
            PathSegment::LineTo(p) => {
                last = (p.x, p.y);
                Segment::Line(p.x, p.y)
            }
            PathSegment::QuadTo(c, p) => {
                // The cubic through the same curve: control points two
                // thirds of the way from each end to the quadratic's.
                let (x0, y0) = last;
                last = (p.x, p.y);
                Segment::Cubic([
                    x0 + 2.0 / 3.0 * (c.x - x0),
                    y0 + 2.0 / 3.0 * (c.y - y0),
                    p.x + 2.0 / 3.0 * (c.x - p.x),
                    p.y + 2.0 / 3.0 * (c.y - p.y),
                    p.x,
                    p.y,
                ])
            }
            PathSegment::CubicTo(c1, c2, p) => {
                last = (p.x, p.y);
                Segment::Cubic([c1.x, c1.y, c2.x, c2.y, p.x, p.y])
            }
            PathSegment::Close => Segment::Close,
        });
    }
    out
}

/// Where the element with `id` is in the text, if it has one.
fn element_with_id(doc: &roxmltree::Document, id: &str) -> Option<Range<usize>> {
    if id.is_empty() {
        return None;
    }
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .map(start_tag)
}

/// An element's start tag: where a reader looks, however long the element.
fn start_tag(node: roxmltree::Node) -> Range<usize> {
    let whole = node.range();
    whole.start..node.first_child().map_or(whole.end, |c| c.range().start)
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">{body}</svg>"#)
    }

    #[test]
    fn shapes_keep_their_paint_and_transform() {
        let v = Vector::parse(&svg(
            r##"<g transform="translate(10 5)"><rect width="20" height="10" style="fill:#1f3a68;stroke:red;stroke-width:2;stroke-dasharray:3 1"/></g>
               <circle cx="50" cy="25" r="5" fill-opacity="0.5" fill-rule="evenodd" fill="#000"/>"##,
        ))
        .unwrap();
        assert_eq!((v.width, v.height), (100.0, 50.0));
        assert_eq!(v.shapes.len(), 2);
        let rect = &v.shapes[0];
        assert_eq!(rect.transform, [1.0, 0.0, 0.0, 1.0, 10.0, 5.0]);
        assert_eq!(rect.fill.unwrap().color, [0x1f, 0x3a, 0x68]);
        let stroke = rect.stroke.as_ref().unwrap();
        assert_eq!((stroke.color, stroke.width), ([255, 0, 0], 2.0));
        assert_eq!(stroke.dash, vec![3.0, 1.0]);
        let circle = v.shapes[1].fill.unwrap();
        assert_eq!((circle.opacity, circle.even_odd), (0.5, true));
        assert!(
            v.shapes[1]
                .segments
                .iter()
                .any(|s| matches!(s, Segment::Cubic(_)))
        );
    }

    #[test]
    fn what_cannot_be_drawn_is_refused_at_its_element() {
        let text = svg(
            r#"<defs><linearGradient id="g"><stop offset="0"/><stop offset="1" stop-color="red"/></linearGradient></defs>
<rect width="5" height="5" fill="url(#g)"/>
<text x="1" y="1">UN</text>"#,
        );
        let problems = Vector::parse(&text).unwrap_err();
        let at = |p: &Problem| &text[p.span.clone().unwrap()];
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.starts_with("text is not drawn"));
        assert_eq!(at(&problems[0]), r#"<text x="1" y="1">"#);
        assert!(problems[1].message.starts_with("a linear gradient"));
        assert!(at(&problems[1]).starts_with(r#"<linearGradient id="g">"#));
    }

    #[test]
    fn a_gradient_painting_two_paths_apart_is_refused_once() {
        let text = svg(
            r#"<defs><linearGradient id="g" gradientUnits="userSpaceOnUse"><stop offset="0"/><stop offset="1" stop-color="red"/></linearGradient></defs>
<rect width="5" height="5" fill="url(#g)"/><g opacity="0.5"><rect width="5" height="5" fill="blue"/></g>
<rect width="5" height="5" stroke="url(#g)"/>"#,
        );
        let problems = Vector::parse(&text).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| &p.message[..12]).collect();
        assert_eq!(messages, ["a linear gra", "group opacit"], "{problems:?}");
    }

    #[test]
    fn opacity_and_blending_are_refused_at_their_element_with_or_without_an_id() {
        let cases = [
            (
                r#"<g opacity="0.5"><rect width="5" height="5"/></g>"#,
                r#"<g opacity="0.5">"#,
            ),
            (
                r#"<rect id="r" opacity="0.5" width="5" height="5"/>"#,
                r#"<rect id="r" opacity="0.5" width="5" height="5"/>"#,
            ),
            (
                r#"<rect width="5" height="5"/><path style="fill:#1f3a68;opacity:0.4" d="M0 0L5 5"/>"#,
                r#"<path style="fill:#1f3a68;opacity:0.4" d="M0 0L5 5"/>"#,
            ),
            (
                r#"<g style="mix-blend-mode:multiply"><rect width="5" height="5"/></g>"#,
                r#"<g style="mix-blend-mode:multiply">"#,
            ),
        ];
        for (body, element) in cases {
            let text = svg(body);
            let problems = Vector::parse(&text).unwrap_err();
            assert_eq!(problems.len(), 1, "{body}: {problems:?}");
            let span = problems[0].span.clone();
            assert_eq!(span.map(|s| &text[s]), Some(element), "{body}");
        }
    }

    #[test]
    fn opacity_from_a_style_sheet_is_not_placed_at_a_wrong_element() {
        let text = svg(
            r#"<style>.faint { opacity: 0.5 }</style><g class="faint"><rect width="5" height="5"/></g><g opacity="0.5"><rect width="5" height="5"/></g>"#,
        );
        let problems = Vector::parse(&text).unwrap_err();
        // Said once, for the file.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].span, None);
    }

    #[test]
    fn opacity_is_placed_only_where_the_pairing_is_sure() {
        // A hidden layer asks too, but is not drawn: the visible one is meant.
        let text = svg(
            r#"<g display="none" opacity="0.5"><rect width="5" height="5"/></g><rect opacity="0.5" width="6" height="6"/>"#,
        );
        let problems = Vector::parse(&text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].span.clone().map(|s| &text[s]),
            Some(r#"<rect opacity="0.5" width="6" height="6"/>"#)
        );
        // A `<use>` draws an element twice, and `inherit` reads otherwise:
        // no place rather than the hidden layer's.
        for body in [
            r##"<g style="display:none" opacity="0.5"><rect width="5" height="5"/></g><g id="obj"><rect width="5" height="5" opacity="0.5"/></g><use href="#obj" x="10"/>"##,
            r#"<g opacity="0.5"><rect width="5" height="5" opacity="inherit"/></g>"#,
        ] {
            let problems = Vector::parse(&svg(body)).unwrap_err();
            assert!(
                problems.iter().all(|p| p.span.is_none()),
                "{body}: {problems:?}"
            );
        }
    }

    #[test]
    fn an_unused_gradient_is_no_problem() {
        let v = Vector::parse(&svg(
            r#"<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><rect width="5" height="5"/>"#,
        ))
        .unwrap();
        assert_eq!(v.shapes.len(), 1);
    }

    #[test]
    fn a_malformed_file_is_placed_at_the_fault() {
        let text =
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"5\" height=5/>\n</svg>";
        let problems = Vector::parse(text).unwrap_err();
        let span = problems[0].span.clone().unwrap();
        assert_eq!(crate::diag::line_col(text, span.start).0, 2);
    }

    #[test]
    fn a_file_without_size_says_so() {
        let problems =
            Vector::parse(r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="10"/>"#)
                .unwrap_err();
        assert!(problems[0].message.contains("no size"), "{problems:?}");
    }
}

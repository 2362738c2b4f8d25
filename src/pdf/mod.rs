//! Writes laid-out pages as PDF with printpdf. Nothing here decides where
//! anything goes: that is [`crate::layout`]'s job.
//!
//! printpdf leaves a few things to do after it: it draws random ids for the trailer
//! and internal objects, writes an empty `/GTS_PDFXVersion` that makes
//! readers claim PDF/X, and has no `/Lang` or page labels. [`write()`] fixes
//! those through printpdf's lopdf document.

mod embed;
pub mod merge;
mod picture;
mod unhint;

use chrono::NaiveDate;
use lopdf::{self, Object, StringFormat};
use printpdf::{
    Codepoint, FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use crate::hash::fingerprint;
use crate::layout::Page;
use crate::layout::font::{FontBook, FontStyle};
use crate::layout::style::MM;

/// Fixed resource names keep output identical from run to run.
fn font_id(style: FontStyle) -> FontId {
    FontId(
        match style {
            FontStyle::Regular => "VRBSRG",
            FontStyle::Bold => "VRBSBD",
            FontStyle::Italic => "VRBSIT",
            FontStyle::BoldItalic => "VRBSBI",
        }
        .to_string(),
    )
}

/// A run of pages with its own outline entry and page labels: one language
/// version of a note, or an enclosure.
pub struct Section {
    /// Its outline entry.
    pub title: String,
    /// Page label prefix, e.g. `EN-`.
    pub label: String,
    /// Its pages.
    pub pages: Vec<Page>,
}

/// What the document says about itself.
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Subject: the note's number.
    pub subject: String,
    /// Author: the secretariat.
    pub author: String,
    /// BCP 47 tag of the document's first language.
    pub lang: String,
    /// Written as creation and modification date, so that the same note
    /// gives the same bytes on every run.
    pub date: NaiveDate,
}

/// Another PDF appended after the sections: an enclosure.
pub struct Appendix {
    /// The document.
    pub doc: lopdf::Document,
    /// Its outline entry.
    pub title: String,
    /// Its page label prefix.
    pub label: String,
}

/// Why a note's PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The enclosure's pages could not be merged in.
    #[error("cannot append the enclosure: {0}")]
    Append(#[from] merge::MergeError),
    /// A face could not be subset for embedding.
    #[error("cannot embed the font {font}: {reason}")]
    Embed {
        /// The face's PostScript name.
        font: String,
        /// What the subsetter said.
        reason: String,
    },
    /// lopdf failed to serialise the finished document.
    #[error("cannot serialise the PDF: {0}")]
    Save(std::io::Error),
}

/// A run of pages as the outline and the page labels know it.
struct Part {
    title: String,
    label: String,
    pages: usize,
}

/// Draws the sections into one PDF and appends `appendix` after them.
pub fn write(
    sections: &[Section],
    appendix: Option<Appendix>,
    meta: &Metadata,
    fonts: &FontBook,
) -> Result<Vec<u8>, WriteError> {
    let pages: Vec<&Page> = sections.iter().flat_map(|s| &s.pages).collect();
    let mut lo = drawn(&pages, &meta.title, fonts)?;
    let mut parts: Vec<Part> = sections
        .iter()
        .map(|s| Part {
            title: s.title.clone(),
            label: s.label.clone(),
            pages: s.pages.len(),
        })
        .collect();
    if let Some(appendix) = appendix {
        let pages = merge::append(&mut lo, appendix.doc)?;
        parts.push(Part {
            title: appendix.title,
            label: appendix.label,
            pages,
        });
    }
    finish(&mut lo, &parts, meta);
    compress(&mut lo);
    // Room for every stream and a little for each object, so that the
    // file is not copied each time its buffer doubles.
    let streams: usize = lo
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len(),
            _ => 0,
        })
        .sum();
    let mut bytes = Vec::with_capacity(streams + 128 * lo.objects.len() + 4096);
    lo.save_to(&mut bytes).map_err(WriteError::Save)?;
    Ok(bytes)
}

/// Pages on their own, compressed, as a document to append to notes: a
/// text enclosure that a batch attaches to many notes is drawn, converted
/// and compressed once, with font subsets of its own, instead of once for
/// every note.
pub fn pages_document(pages: &[Page], fonts: &FontBook) -> Result<lopdf::Document, WriteError> {
    let pages: Vec<&Page> = pages.iter().collect();
    let mut lo = drawn(&pages, "", fonts)?;
    compress(&mut lo);
    Ok(lo)
}

/// The pages drawn with printpdf, with their fonts subset, as printpdf's
/// lopdf document.
fn drawn(pages: &[&Page], title: &str, fonts: &FontBook) -> Result<lopdf::Document, WriteError> {
    let subsets = embed::Subsets::of(pages, fonts)?;
    let mut doc = PdfDocument::new(title);
    doc.with_pages(pages.iter().map(|p| draw(p, &subsets)).collect());
    // Each picture once, however many pages show it, under a name drawn
    // from its content.
    for shown in pages.iter().flat_map(|p| &p.images) {
        let image = &shown.image;
        doc.resources
            .xobjects
            .map
            .entry(XObjectId(image.name.clone()))
            .or_insert_with(|| picture::xobject(image));
    }
    for (style, font) in subsets.into_fonts() {
        doc.resources
            .fonts
            .map
            .insert(font_id(style), PdfFont::new(font));
    }
    // The fonts are subset already; printpdf embeds them as given.
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Ok(doc.to_lopdf_document(&opts, &mut warnings))
}

fn draw(page: &Page, subsets: &embed::Subsets) -> PdfPage {
    let mut ops = Vec::new();
    for picture in &page.images {
        // Every picture XObject fills the unit square; the scale makes it
        // the laid-out size.
        ops.push(Op::UseXobject {
            id: XObjectId(picture.image.name.clone()),
            transform: XObjectTransform {
                translate_x: Some(Pt(picture.x)),
                translate_y: Some(Pt(picture.y)),
                scale_x: Some(picture.width),
                scale_y: Some(picture.height),
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
    }
    ops.push(Op::StartTextSection);
    for line in &page.lines {
        for seg in &line.segments {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(seg.style)),
                size: Pt(seg.size),
            });
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(seg.x), Pt(line.y)),
            });
            ops.push(Op::ShowText {
                items: text_items(seg, subsets),
            });
        }
    }
    ops.push(Op::EndTextSection);
    PdfPage::new(Mm(page.width / MM), Mm(page.height / MM), ops)
}

/// The glyphs of a segment as printpdf text items, with the offsets that
/// make the reader's pen advance by exactly the layout's advance (a TJ
/// number moves the pen left by n/1000 em from the glyph's `/W` width).
///
/// Runs of glyphs that are just the font's glyphs for their characters go
/// as text, one string per run: printpdf writes a separate string for every
/// glyph id, which made encoding the content stream the costliest step of
/// a note. Other glyphs (ligatures, shaped forms) go by their id in the
/// subset.
fn text_items(seg: &crate::layout::Segment, subsets: &embed::Subsets) -> Vec<TextItem> {
    let face = subsets.face(seg.style);
    let mut items = Vec::new();
    let mut run = String::new();
    for g in &seg.glyphs {
        let offset = face.width(g.gid) as f32 - g.advance;
        let offset = if offset.abs() < 0.001 { 0.0 } else { offset };
        if g.plain {
            run.push_str(&g.text);
            if offset != 0.0 {
                items.push(TextItem::Text(std::mem::take(&mut run)));
                items.push(TextItem::Offset(offset));
            }
        } else {
            if !run.is_empty() {
                items.push(TextItem::Text(std::mem::take(&mut run)));
            }
            items.push(TextItem::GlyphIds(vec![Codepoint::with_cid(
                subsets.gid(seg.style, g.gid),
                offset,
                g.text.to_string(),
            )]));
        }
    }
    if !run.is_empty() {
        items.push(TextItem::Text(run));
    }
    items
}

fn finish(doc: &mut lopdf::Document, parts: &[Part], meta: &Metadata) {
    doc.version = "1.7".to_string();
    let stamp = format!("D:{}000000Z", meta.date.format("%Y%m%d"));
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = doc.get_dictionary_mut(info_id)
    {
        for key in ["GTS_PDFXVersion", "Identifier", "Keywords", "Trapped"] {
            info.remove(key.as_bytes());
        }
        info.set("Subject", text_string(&meta.subject));
        info.set("Author", text_string(&meta.author));
        info.set("Creator", text_string("verbale"));
        info.set(
            "Producer",
            text_string(&format!("verbale {}", env!("CARGO_PKG_VERSION"))),
        );
        for key in ["CreationDate", "ModDate"] {
            info.set(
                key,
                Object::String(stamp.clone().into_bytes(), StringFormat::Literal),
            );
        }
    }
    let mut nums = Vec::new();
    let mut start = 0i64;
    for part in parts.iter().filter(|p| p.pages > 0) {
        let mut label = lopdf::Dictionary::new();
        label.set("S", Object::Name(b"D".to_vec()));
        label.set("P", text_string(&part.label));
        nums.push(Object::Integer(start));
        nums.push(Object::Dictionary(label));
        start += part.pages as i64;
    }
    let outline = outline(doc, parts);
    if let Ok(root_id) = doc.trailer.get(b"Root").and_then(Object::as_reference)
        && let Ok(catalog) = doc.get_dictionary_mut(root_id)
    {
        catalog.set("Lang", text_string(&meta.lang));
        let mut labels = lopdf::Dictionary::new();
        labels.set("Nums", Object::Array(nums));
        catalog.set("PageLabels", Object::Dictionary(labels));
        if let Some(outline) = outline {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
    // The file identifier is derived from the content, not drawn at random.
    let mut seed = Vec::new();
    for (_, object) in doc.objects.iter() {
        if let Object::Stream(s) = object {
            seed.extend_from_slice(&s.content);
        }
    }
    seed.extend_from_slice(meta.title.as_bytes());
    let mut id = fingerprint(&seed).to_be_bytes().to_vec();
    id.extend_from_slice(&fingerprint(meta.subject.as_bytes()).to_be_bytes());
    let id = Object::String(id, StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// One outline entry per part, pointing at its first page.
fn outline(doc: &mut lopdf::Document, parts: &[Part]) -> Option<lopdf::ObjectId> {
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut first = 0;
    let mut targets = Vec::new();
    for part in parts {
        if part.pages > 0
            && let Some(&page) = page_ids.get(first)
        {
            targets.push((part.title.clone(), page));
        }
        first += part.pages;
    }
    if targets.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = targets.iter().map(|_| doc.new_object_id()).collect();
    for (i, ((title, page), id)) in targets.iter().zip(&ids).enumerate() {
        let mut item = lopdf::Dictionary::new();
        item.set("Title", text_string(title));
        item.set("Parent", Object::Reference(root));
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page),
                Object::Name(b"Fit".to_vec()),
            ]),
        );
        if i > 0 {
            item.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", Object::Reference(*next));
        }
        doc.objects.insert(*id, Object::Dictionary(item));
    }
    let mut outlines = lopdf::Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[0]));
    outlines.set("Last", Object::Reference(ids[ids.len() - 1]));
    outlines.set("Count", Object::Integer(ids.len() as i64));
    doc.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

/// Deflates every stream not yet filtered. Measured on note 1013
/// (`cargo bench --bench render`) with flate2's zlib-rs backend: content
/// streams shrink by a third from level 1 to level 4 for little time, font
/// programs gain less beyond level 2. miniz_oxide at level 1 took longer for
/// a larger file.
fn compress(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
        {
            let level = if stream.dict.get(b"Length1").is_ok() {
                Level::Font
            } else {
                Level::Content
            };
            let packed = deflate(&stream.content, level);
            if let Some(packed) = packed.filter(|p| p.len() + 19 < stream.content.len()) {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

/// How hard a kind of stream is compressed.
#[derive(Clone, Copy)]
pub(crate) enum Level {
    /// Page content (level 4).
    Content,
    /// Font programs (level 2).
    Font,
    /// Pictures' samples (zlib's default, 6).
    Picture,
}

/// `data` deflated as a zlib stream; `None` if the compressor failed.
///
/// One compressor per thread, kept from note to note and set to each
/// stream's level: making one clears a third of a megabyte, which cost as
/// much as compressing a page, and a render made three.
pub(crate) fn deflate(data: &[u8], level: Level) -> Option<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
            std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(4), true));
    }
    let level = flate2::Compression::new(match level {
        Level::Content => 4,
        Level::Font => 2,
        Level::Picture => 6,
    });
    COMPRESSOR.with_borrow_mut(|deflate| {
        deflate.reset();
        // Right after a reset nothing is pending, so the change cannot fail
        // for want of output space.
        deflate.set_level(level).ok()?;
        let mut packed = Vec::with_capacity(data.len() + data.len() / 500 + 64);
        let done = deflate.compress_vec(data, &mut packed, flate2::FlushCompress::Finish);
        matches!(done, Ok(flate2::Status::StreamEnd)).then_some(packed)
    })
}

/// A PDF text string: UTF-16BE with a byte-order mark, so that Cyrillic
/// survives in metadata and outlines.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

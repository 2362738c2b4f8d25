//! Appends another PDF's pages to ours, with their own fonts and content
//! intact. lopdf has no merge and printpdf's own is lossy (it replaces the
//! other document's fonts): the other document's objects are
//! renumbered past ours and copied, its pages re-parented under our page
//! tree, and what its pages inherited from its tree copied onto them.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Why another document's pages could not be appended.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// There is nothing to append.
    #[error("it has no pages")]
    NoPages,
    /// A page the page tree names is not a page.
    #[error("its page {} {} is not a dictionary: {source}", .page.0, .page.1)]
    Page {
        /// The page's object id.
        page: ObjectId,
        /// What lopdf found instead.
        source: lopdf::Error,
    },
    /// The trailer names no document catalog.
    #[error("it has no catalog: {0}")]
    NoCatalog(lopdf::Error),
    /// Our own document lacks a page tree: a fault in verbale, not in the
    /// enclosure.
    #[error("the note's own page tree is missing: {0}")]
    OwnPageTree(lopdf::Error),
}

/// Keys a page may inherit from its ancestors in the page tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Appends every page of `other` to `target`; returns how many.
pub fn append(target: &mut Document, mut other: Document) -> Result<usize, MergeError> {
    other.renumber_objects_with(target.max_id + 1);
    let pages: Vec<ObjectId> = other.get_pages().values().copied().collect();
    if pages.is_empty() {
        return Err(MergeError::NoPages);
    }
    for &page in &pages {
        let inherited = inherited_attributes(&other, page);
        let dict = other
            .get_dictionary_mut(page)
            .map_err(|source| MergeError::Page { page, source })?;
        for (key, value) in inherited {
            if dict.get(&key).is_err() {
                dict.set(key, value);
            }
        }
    }
    let other_root = other
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(MergeError::NoCatalog)?;
    let target_tree = page_tree(target)?;
    for (id, object) in std::mem::take(&mut other.objects) {
        let is_tree_node = matches!(&object, Object::Dictionary(d) if d.has_type(b"Pages"));
        if id == other_root || is_tree_node {
            continue;
        }
        target.objects.insert(id, object);
    }
    for &page in &pages {
        if let Ok(dict) = target.get_dictionary_mut(page) {
            dict.set("Parent", Object::Reference(target_tree));
        }
    }
    let tree = target
        .get_dictionary_mut(target_tree)
        .map_err(MergeError::OwnPageTree)?;
    let mut kids = tree
        .get(b"Kids")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    kids.extend(pages.iter().map(|&p| Object::Reference(p)));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", Object::Array(kids));
    target.max_id = target.max_id.max(other.max_id);
    // Outlines, forms and other leftovers of the other catalog are no
    // longer reachable: drop them.
    target.prune_objects();
    Ok(pages.len())
}

fn page_tree(doc: &Document) -> Result<ObjectId, MergeError> {
    doc.catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(MergeError::OwnPageTree)
}

fn inherited_attributes(doc: &Document, page: ObjectId) -> Vec<(Vec<u8>, Object)> {
    let mut found: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut node: Option<&Dictionary> = doc.get_dictionary(page).ok();
    let mut depth = 0;
    while let Some(dict) = node {
        for key in INHERITED {
            if !found.iter().any(|(k, _)| k == key)
                && let Ok(value) = dict.get(key)
            {
                found.push((key.to_vec(), value.clone()));
            }
        }
        depth += 1;
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .ok()
            .filter(|_| depth < 64)
            .and_then(|p| doc.get_dictionary(p).ok());
    }
    found
}

#[cfg(test)]
mod tests {
    use lopdf::dictionary;

    use super::*;

    /// A one-page document built with lopdf alone.
    fn one_page() -> Document {
        let mut doc = Document::with_version("1.7");
        let tree = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            tree,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn appends_pages_under_our_tree() {
        let mut ours = one_page();
        assert_eq!(append(&mut ours, one_page()).unwrap(), 1);
        assert_eq!(ours.get_pages().len(), 2);
    }

    #[test]
    fn a_document_without_pages_is_refused_by_kind() {
        let mut ours = one_page();
        let err = append(&mut ours, Document::with_version("1.7")).unwrap_err();
        assert!(matches!(err, MergeError::NoPages), "{err:?}");
        assert_eq!(err.to_string(), "it has no pages");
        assert_eq!(ours.get_pages().len(), 1, "ours is left as it was");
    }

    #[test]
    fn a_missing_page_tree_of_ours_is_our_fault() {
        let mut ours = Document::with_version("1.7");
        let err = append(&mut ours, one_page()).unwrap_err();
        assert!(matches!(err, MergeError::OwnPageTree(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("the note's own page tree is missing")
        );
    }
}

//! Appends another PDF's pages to ours, with their own fonts and content
//! intact. lopdf has no merge and printpdf's own is lossy (it replaces the
//! other document's fonts): the other document's objects are
//! renumbered past ours and copied, its pages re-parented under our page
//! tree, and what its pages inherited from its tree copied onto them.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Keys a page may inherit from its ancestors in the page tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Appends every page of `other` to `target`; returns how many.
pub fn append(target: &mut Document, mut other: Document) -> Result<usize, String> {
    other.renumber_objects_with(target.max_id + 1);
    let pages: Vec<ObjectId> = other.get_pages().values().copied().collect();
    if pages.is_empty() {
        return Err("it has no pages".into());
    }
    for &page in &pages {
        let inherited = inherited_attributes(&other, page);
        let dict = other
            .get_dictionary_mut(page)
            .map_err(|e| format!("page {page:?}: {e}"))?;
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
        .map_err(|e| format!("no catalog: {e}"))?;
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
        .map_err(|e| e.to_string())?;
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

fn page_tree(doc: &Document) -> Result<ObjectId, String> {
    doc.catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| format!("our page tree: {e}"))
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

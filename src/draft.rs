//! `verbale new`: the next number of a series, and a note file to fill in,
//! made from the skeleton of its kind (`templates/new/<kind>.toml.tera`).

use std::path::{Path, PathBuf};

use tera::Context;

use crate::diag::{Diagnostics, suggest};
use crate::i18n::Locales;
use crate::register::{self, Allocated, RegisterError, Request};
use crate::template::Templates;
use crate::world::World;

/// The folder of skeletons.
pub const SKELETONS: &str = "templates/new";

/// The kinds of note that have a skeleton.
pub fn kinds(world: &World) -> Vec<String> {
    world
        .list(Path::new(SKELETONS), "tera")
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            let name = f.file_name()?.to_string_lossy().into_owned();
            name.strip_suffix(".toml.tera").map(String::from)
        })
        .collect()
}

/// Takes the next number and writes its note from the skeleton of `kind`.
/// The subject is made one line: the register holds one per number, and
/// the skeleton writes it as a comment, which a line break would end.
pub fn new_note(root: &Path, kind: &str, request: &Request) -> Result<Allocated, RegisterError> {
    let request = &Request {
        subject: request
            .subject
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        ..request.clone()
    };
    let world = World::new(root);
    let path = PathBuf::from(SKELETONS).join(format!("{kind}.toml.tera"));
    let skeleton = world.read_text(&path).map_err(|e| {
        let known = kinds(&world);
        let hint = match suggest(kind, known.iter().map(String::as_str)) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => String::new(),
        };
        RegisterError::UnknownKind(format!(
            "no kind of note `{kind}` ({e}){hint} The kinds are: {}",
            known.join(", ")
        ))
    })?;
    let texts = texts_of(&world, kind);
    register::allocate(root, request, |number| {
        let mut context = Context::new();
        context.insert("texts", &texts);
        context.insert("series", &number.series);
        context.insert("sequence", &number.sequence);
        context.insert("number", &number.to_string());
        context.insert("issued", &request.date.to_string());
        context.insert("subject", &request.subject);
        tera::Tera::one_off(&skeleton, &context, false)
            .map_err(|e| format!("the skeleton {} does not render: {e}", path.display()))
    })
}

/// A text a note of the kind writes, as the skeleton explains it.
#[derive(serde::Serialize)]
struct TextToWrite {
    name: String,
    about: String,
    required: bool,
}

/// The texts the kind's template declares (`[texts.*]` in
/// `templates/<kind>.toml`), required ones first, so that the skeleton
/// says what goes in each from the same settings `check` holds notes to.
/// None when the template does not load: `check` reports why.
fn texts_of(world: &World, kind: &str) -> Vec<TextToWrite> {
    let mut ignored = Diagnostics::default();
    let locales = std::sync::Arc::new(Locales::load(world, &mut ignored));
    let templates = Templates::load(world, locales, &mut ignored);
    let mut texts: Vec<TextToWrite> = templates
        .kind(kind)
        .map(|k| {
            k.texts
                .iter()
                .map(|(name, spec)| TextToWrite {
                    name: name.clone(),
                    about: spec.about.clone(),
                    required: spec.required,
                })
                .collect()
        })
        .unwrap_or_default();
    texts.sort_by_key(|t| !t.required);
    texts
}

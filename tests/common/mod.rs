//! Shared by the integration tests: the shipped project, and fixture
//! projects made from it.

#![allow(dead_code)]

pub mod synth;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use verbale::note::Note;
use verbale::pdf::extract;
use verbale::project::Project;
use verbale::render::Rendered;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn project() -> Project {
    match Project::load(root()) {
        Ok(p) => p,
        Err((world, diags)) => {
            let text: Vec<String> = diags.iter().map(|d| d.short(&world)).collect();
            panic!("the shipped project does not load:\n{}", text.join("\n"));
        }
    }
}

pub fn note(project: &Project, path: &str) -> Note {
    Note::load(&project.world, Path::new(path)).expect("note loads")
}

/// A shipped note with its enclosure file replaced by a typed count of 3
/// pages: the note alone, as a three-page document.
pub fn bare_note(path: &str) -> Note {
    let source = fs::read_to_string(root().join(path)).expect("note reads");
    let bare: Vec<&str> = source
        .lines()
        .map(|l| {
            if l.starts_with("file = \"enclosures/") {
                "pages = 3"
            } else {
                l
            }
        })
        .collect();
    let bare = bare.join("\n");
    assert_ne!(bare, source.trim_end(), "{path} names no enclosure file");
    Note::parse(Path::new(path), &bare).unwrap_or_else(|d| panic!("{path}: {d:?}"))
}

/// Text extracted from the PDF, per language version, words rejoined.
pub fn version_texts(rendered: &Rendered) -> BTreeMap<String, String> {
    let pages = extract::pages_text(&rendered.pdf).expect("PDF reads back");
    let mut out = BTreeMap::new();
    let mut first = 0;
    for v in &rendered.versions {
        let text = pages[first..first + v.pages.len()].join("\n");
        out.insert(v.lang.clone(), extract::normalize(&text));
        first += v.pages.len();
    }
    out
}

/// Runs the `verbale` binary on the project in `dir`.
pub fn verbale(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("verbale runs")
}

/// A copy of the shipped project in a temporary directory, with the files
/// of `tests/fixtures/<name>/` laid over it.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for item in [
        "verbale.toml",
        "register.tsv",
        "locales",
        "templates",
        "notes",
        "enclosures",
        "assets",
    ] {
        copy(&root().join(item), &dir.path().join(item));
    }
    let overlay = root().join("tests/fixtures").join(name);
    if overlay.exists() {
        copy(&overlay, dir.path());
    }
    let edits = dir.path().join("edits.toml");
    if edits.exists() {
        apply_edits(dir.path(), &fs::read_to_string(&edits).unwrap());
        fs::remove_file(edits).unwrap();
    }
    let _ = fs::remove_file(dir.path().join("expected.stderr"));
    dir
}

#[derive(serde::Deserialize)]
struct Edits {
    edit: Vec<Edit>,
}

#[derive(serde::Deserialize)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

/// Plants a fixture's defect: each `find` must occur exactly once, so that
/// a fixture cannot silently stop planting anything.
fn apply_edits(dir: &Path, text: &str) {
    let edits: Edits = toml::from_str(text).expect("edits.toml parses");
    for e in edits.edit {
        let path = dir.join(&e.file);
        let source = fs::read_to_string(&path).unwrap_or_else(|_| panic!("no {}", e.file));
        assert_eq!(
            source.matches(&e.find).count(),
            1,
            "{}: `{}` must occur once",
            e.file,
            e.find
        );
        fs::write(&path, source.replacen(&e.find, &e.replace, 1)).unwrap();
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

//! `cargo bench --bench render`: time to render one trilingual note, in
//! process (project loaded once) and as a whole `verbale render` process.
//! Each reference note is measured as a three-page note (its enclosure a
//! typed page count) and as shipped, with its typeset text enclosure.
//! Prints medians; the README quotes the figures measured on the 2-core
//! reference machine.

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use verbale::note::Note;
use verbale::render::render;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The note as shipped, and the same note with its enclosure file replaced
/// by a typed page count.
fn variants(root: &Path, file: &str) -> [(&'static str, Note); 2] {
    let source = std::fs::read_to_string(root.join(file)).expect("note reads");
    let shipped = Note::parse(Path::new(file), &source).unwrap_or_else(|_| panic!("{file} parses"));
    [
        ("3-page note", common::bare_note(file)),
        ("with its text enclosure", shipped),
    ]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let project = common::load(root);
    println!(
        "load project (locales, templates, fonts): {:?}",
        started.elapsed()
    );

    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        for (label, note) in variants(root, file) {
            // Cold: the first note a freshly loaded project renders, before
            // its word and hyphenation caches hold anything.
            let cold = (0..10)
                .map(|_| {
                    let fresh = common::load(root);
                    let t = Instant::now();
                    std::hint::black_box(render(&fresh, &note).expect("renders").pdf.len());
                    t.elapsed()
                })
                .collect();
            let first = render(&project, &note).expect("renders");
            let pages = common::extract::pages_text(&first.pdf).map_or(0, |p| p.len());
            let warm = (0..50)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(render(&project, &note).expect("renders").pdf.len());
                    t.elapsed()
                })
                .collect();
            println!(
                "{file}, {label}: {pages} pages, {} bytes; first render after loading: median {:?}; warm: median {:?}",
                first.pdf.len(),
                median(cold),
                median(warm)
            );
        }
    }

    let out = tempfile::tempdir().expect("temp dir");
    let samples = (0..10)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_verbale"))
                .arg("-C")
                .arg(root)
                .args(["render", "notes/NCT-ICT-1013.toml", "--out"])
                .arg(out.path())
                .output()
                .expect("verbale runs");
            assert!(status.status.success());
            t.elapsed()
        })
        .collect();
    println!(
        "whole process `verbale render notes/NCT-ICT-1013.toml` (with its enclosure): median {:?} (10 runs)",
        median(samples)
    );
}

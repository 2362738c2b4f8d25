//! `cargo bench --bench render`: time to render one trilingual note, in
//! process (project loaded once) and as a whole `verbale render` process.
//! Prints medians; the README quotes the figures measured on the 2-core
//! reference machine.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use verbale::note::Note;
use verbale::project::Project;
use verbale::render::render;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let project = Project::load(root).unwrap_or_else(|_| panic!("project loads"));
    println!(
        "load project (locales, templates, fonts): {:?}",
        started.elapsed()
    );

    for file in ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"] {
        // Cold: the first note a freshly loaded project renders, before its
        // word and hyphenation caches hold anything.
        let cold = (0..10)
            .map(|_| {
                let fresh = Project::load(root).unwrap_or_else(|_| panic!("project loads"));
                let note = Note::load(&fresh.world, Path::new(file)).expect("note loads");
                let t = Instant::now();
                std::hint::black_box(render(&fresh, &note).expect("renders").pdf.len());
                t.elapsed()
            })
            .collect();
        println!(
            "{file}: first render after loading: median {:?} (10 runs)",
            median(cold)
        );
        let note = Note::load(&project.world, Path::new(file)).expect("note loads");
        let first = render(&project, &note).expect("renders");
        let pages: usize = first.versions.iter().map(|v| v.pages.len()).sum();
        let samples = (0..50)
            .map(|_| {
                let t = Instant::now();
                let r = render(&project, &note).expect("renders");
                std::hint::black_box(r.pdf.len());
                t.elapsed()
            })
            .collect();
        println!(
            "{file}: {pages} pages, {} bytes, in process, warm: median {:?} (50 runs)",
            first.pdf.len(),
            median(samples)
        );
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
        "whole process `verbale render notes/NCT-ICT-1013.toml`: median {:?} (10 runs)",
        median(samples)
    );
}

//! `cargo bench --bench batch`: a batch of synthetic notes (1,000 unless
//! VERBALE_BENCH_NOTES says otherwise) built by the release binary: full
//! build, no-op rebuild, one-note rebuild, and peak memory; first with
//! typed enclosure page counts (three-page notes), then with every note
//! carrying a typeset two-page text enclosure.
//! Targets on the 2-core machine (issue 9): full build ≤ 2.5 s (≤ 3 s with
//! the text enclosures), no-op ≤ 0.1 s, peak ≤ 60 MB. The machine's speed
//! drifts by up to a third from run to run: run it twice.
//!
//! An A/B run: `VERBALE_BENCH_BINS=old/verbale:new/verbale cargo bench
//! --bench batch` builds the same batches with each binary in turn, five
//! rounds, and prints each one's median full and no-op build, so that a
//! change is judged in the same minutes as what it replaces.

#[path = "../tests/it/common/mod.rs"]
mod common;

use common::synth;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Largest resident set of any child waited for so far, in MB.
fn children_peak_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct we own; RUSAGE_CHILDREN is valid.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

/// Runs `verbale build` in `dir` and says how long it took.
fn timed_build(binary: &str, dir: &Path, args: &[&str]) -> (Duration, String) {
    let start = Instant::now();
    let out = Command::new(binary)
        .arg("-C")
        .arg(dir)
        .arg("build")
        .args(args)
        .output()
        .expect("verbale runs");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    (elapsed, summary)
}

fn build(dir: &Path, label: &str, args: &[&str]) {
    let (elapsed, summary) = timed_build(env!("CARGO_BIN_EXE_verbale"), dir, args);
    println!("{label}: {:.3} s ({summary})", elapsed.as_secs_f64());
}

fn main() {
    let binaries = std::env::var("VERBALE_BENCH_BINS").ok();
    for text_enclosure in [false, true] {
        match &binaries {
            Some(list) => compare(&list.split(':').collect::<Vec<_>>(), text_enclosure),
            None => batch(text_enclosure),
        }
    }
}

fn notes_wanted() -> usize {
    std::env::var("VERBALE_BENCH_NOTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// The same batch built by each binary in turn, round after round.
fn compare(binaries: &[&str], text_enclosure: bool) {
    let dir = common::fixture("none");
    synth::add(dir.path(), notes_wanted(), |_| text_enclosure);
    println!(
        "A/B, {} notes{}",
        notes_wanted() + 2,
        if text_enclosure {
            " with typeset enclosures"
        } else {
            ""
        }
    );
    let mut full = vec![Vec::new(); binaries.len()];
    let mut noop = vec![Vec::new(); binaries.len()];
    for _round in 0..5 {
        for (i, binary) in binaries.iter().enumerate() {
            let _ = fs::remove_dir_all(dir.path().join("out"));
            full[i].push(timed_build(binary, dir.path(), &[]).0);
            noop[i].push(timed_build(binary, dir.path(), &[]).0);
        }
    }
    for (i, binary) in binaries.iter().enumerate() {
        full[i].sort();
        noop[i].sort();
        println!(
            "{binary}: full build median {:.3} s (best {:.3}), no-op median {:.3} s",
            full[i][2].as_secs_f64(),
            full[i][0].as_secs_f64(),
            noop[i][2].as_secs_f64()
        );
    }
}

fn batch(text_enclosure: bool) {
    let n = notes_wanted();
    let dir = common::fixture("none");
    synth::add(dir.path(), n, |_| text_enclosure);
    let notes = n + 2;
    println!(
        "{notes} notes ({}), {} cores",
        if text_enclosure {
            "each with a typeset two-page text enclosure"
        } else {
            "enclosure page counts typed"
        },
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
    build(dir.path(), "full build", &[]);
    println!(
        "peak memory of any build so far: {:.1} MB",
        children_peak_mb()
    );
    build(dir.path(), "no-op rebuild", &[]);
    let note = dir.path().join("notes/NCT-ICT-1013.toml");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(
        &note,
        text.replace("sequence = 1013", "sequence = 1013\n# edited"),
    )
    .unwrap();
    build(dir.path(), "one note edited", &[]);
    let pdfs: u64 = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!(
        "output: {:.1} MB, {:.1} KB a note",
        pdfs as f64 / 1e6,
        pdfs as f64 / 1e3 / notes as f64
    );
}

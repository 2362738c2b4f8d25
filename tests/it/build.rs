//! `verbale build`: incremental, parallel, and safe to interrupt.

use crate::common;
use crate::common::synth;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::verbale;

fn summary(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

fn add_synthetic_notes(dir: &Path, n: usize) {
    synth::add(dir, n, |i| i % 2 == 0);
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn rebuilds_exactly_what_changed() {
    let dir = common::fixture("none");
    add_synthetic_notes(dir.path(), 4);
    let p = dir.path();
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "6 built, 0 unchanged, 0 failed"
    );
    // No edit: nothing to do.
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "0 built, 6 unchanged, 0 failed"
    );
    // One note edited: that note alone.
    edit(
        &p.join("notes/NCT-ICT-1013.toml"),
        "sequence = 1013",
        "sequence = 1013\n# reviewed",
    );
    let out = verbale(p, &["build"]);
    assert_eq!(summary(&out), "1 built, 5 unchanged, 0 failed");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("notes/NCT-ICT-1013.toml -> out/NCT-ICT-1013.pdf\n")
    );
    // One Russian message fixed: every note uses it.
    edit(
        &p.join("locales/ru/note.ftl"),
        "в своем весьма высоком",
        "в своём весьма высоком",
    );
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "6 built, 0 unchanged, 0 failed"
    );
    // The template changed: all again; a deleted PDF comes back.
    edit(
        &p.join("templates/note-verbale.toml"),
        "space_before = 30",
        "space_before = 28",
    );
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "6 built, 0 unchanged, 0 failed"
    );
    fs::remove_file(p.join("out/NCT-ICT-688.pdf")).unwrap();
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "1 built, 5 unchanged, 0 failed"
    );
    // PDFs are not flushed to disk: one a power cut left short is made
    // again, whole.
    let pdf = p.join("out/NCT-ICT-1013.pdf");
    let whole = fs::read(&pdf).unwrap();
    fs::write(&pdf, &whole[..whole.len() / 2]).unwrap();
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "1 built, 5 unchanged, 0 failed"
    );
    assert_eq!(fs::read(&pdf).unwrap(), whole);
    // Nor one written by a run whose manifest was lost: a PDF of the same
    // size but not the one the manifest recorded is made again too.
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&pdf, &whole).unwrap();
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "1 built, 5 unchanged, 0 failed"
    );
    assert_eq!(
        summary(&verbale(p, &["build", "--force"])),
        "6 built, 0 unchanged, 0 failed"
    );
}

#[test]
fn a_failing_note_does_not_stop_the_others_and_is_retried() {
    let dir = common::fixture("broken-note");
    let p = dir.path();
    let out = verbale(p, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("1 built, 0 unchanged, 1 failed\n"));
    let out = verbale(p, &["build"]);
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("0 built, 1 unchanged, 1 failed\n"));
}

#[test]
fn parallel_sequential_and_single_builds_are_byte_identical() {
    let dir = common::fixture("none");
    add_synthetic_notes(dir.path(), 8);
    let p = dir.path();
    let (par, seq) = (p.join("parallel"), p.join("sequential"));
    verbale(p, &["build", "--out", par.to_str().unwrap()]);
    let sequential = Command::new(env!("CARGO_BIN_EXE_verbale"))
        .env("VERBALE_THREADS", "1")
        .arg("-C")
        .arg(p)
        .args(["build", "--out", seq.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(sequential.status.success());
    let mut compared = 0;
    for entry in fs::read_dir(p.join("parallel")).unwrap() {
        let name = entry.unwrap().file_name();
        if !name.to_string_lossy().ends_with(".pdf") {
            continue;
        }
        let a = fs::read(p.join("parallel").join(&name)).unwrap();
        let b = fs::read(p.join("sequential").join(&name)).unwrap();
        assert!(
            a == b,
            "{name:?} differs between parallel and sequential builds"
        );
        compared += 1;
    }
    assert_eq!(compared, 10);
    let alone = p.join("alone");
    let out = verbale(
        p,
        &[
            "render",
            "notes/NCT-ICT-1013.toml",
            "--out",
            alone.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(
        fs::read(alone.join("NCT-ICT-1013.pdf")).unwrap()
            == fs::read(p.join("parallel/NCT-ICT-1013.pdf")).unwrap()
    );
}

fn complete_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
        && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF")
        && lopdf::Document::load_mem(bytes).is_ok()
}

#[test]
fn a_killed_build_leaves_no_truncated_pdf() {
    let dir = common::fixture("none");
    add_synthetic_notes(dir.path(), 60);
    let p = dir.path();
    // A first build gives old PDFs for everything; then every note changes.
    assert_eq!(
        summary(&verbale(p, &["build"])),
        "62 built, 0 unchanged, 0 failed"
    );
    edit(
        &p.join("locales/en/note.ftl"),
        "Enclosure: as stated",
        "Enclosure: as mentioned",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("-C")
        .arg(p)
        .arg("build")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written some, but not all, of the new PDFs. Files
    // are renamed under our feet: any that cannot be looked at is skipped.
    let started = std::time::SystemTime::now();
    let manifest_before = fs::read(p.join("out/.verbale-manifest")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut finished_first = false;
    loop {
        std::thread::sleep(Duration::from_millis(10));
        if child.try_wait().unwrap().is_some() {
            finished_first = true;
            break;
        }
        let fresh = fs::read_dir(p.join("out"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t > started)
            })
            .count();
        if fresh >= 5 || Instant::now() > deadline {
            break;
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
    let mut pdfs = 0;
    for entry in fs::read_dir(p.join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            assert!(
                complete_pdf(&fs::read(&path).unwrap()),
                "{} is truncated",
                path.display()
            );
            pdfs += 1;
        }
    }
    assert_eq!(pdfs, 62);
    assert!(
        !finished_first,
        "the build ended before it could be killed: nothing was tested"
    );
    {
        // The manifest was not updated by the killed run; the next build
        // finishes the job and cleans temporary files up.
        assert_eq!(
            fs::read(p.join("out/.verbale-manifest")).unwrap(),
            manifest_before
        );
        assert_eq!(
            summary(&verbale(p, &["build"])),
            "62 built, 0 unchanged, 0 failed"
        );
    }
    let leftovers = fs::read_dir(p.join("out"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn watch_rebuilds_a_note_when_it_is_saved() {
    let dir = common::fixture("none");
    let p = dir.path();
    let mut child = common::spawn_watch(p, &[]);
    let pdf = p.join("out/NCT-ICT-688.pdf");
    let wait_for =
        |cond: &dyn Fn() -> bool| common::wait_for(Duration::from_secs(30), cond).is_some();
    assert!(wait_for(&|| pdf.exists()), "watch made no first build");
    let first = fs::read(&pdf).unwrap();
    edit(
        &p.join("notes/NCT-ICT-688.toml"),
        "date = 2022-06-06",
        "date = 2022-06-08",
    );
    let changed = wait_for(&|| fs::read(&pdf).map(|b| b != first).unwrap_or(false));
    child.kill().unwrap();
    let _ = child.wait();
    assert!(changed, "watch did not rebuild the edited note");
    let text = crate::common::extract::plain_text(&fs::read(&pdf).unwrap()).unwrap();
    assert!(text.contains("by Wednesday, 8 June 2022"));
}

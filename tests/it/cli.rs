//! The command line as users meet it: exit codes, what is written, and
//! what is removed so that no stale PDF can be sent by mistake. (What each
//! fixture prints is in the snapshots of `one_truth`.)

use std::fs;

use crate::common::{self, run};

#[test]
fn the_shipped_project_builds_cleanly() {
    let dir = common::fixture("none");
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "notes/NCT-ICT-1013.toml -> out/NCT-ICT-1013.pdf\n\
         notes/NCT-ICT-688.toml -> out/NCT-ICT-688.pdf\n\
         2 built, 0 unchanged, 0 failed\n"
    );
    assert_eq!(out.stderr, "");
    assert!(dir.path().join("out/NCT-ICT-688.pdf").exists());
    // No temporary files are left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn render_writes_just_the_named_note_and_reports_on_it_alone() {
    let dir = common::fixture("register-withdrawn");
    let out_dir = dir.path().join("pdf");
    // Relative to the project, as if verbale were started in it.
    let out = run(
        dir.path(),
        &[
            "render",
            "notes/NCT-ICT-1013.toml",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out_dir.join("NCT-ICT-1013.pdf").exists());
    assert!(!out_dir.join("NCT-ICT-688.pdf").exists());
    // Note 688's withdrawal is not this render's business.
    assert_eq!(out.stderr, "");
    // A mistyped note file is a usage error; the notes that are there are
    // still rendered.
    let missing = run(
        dir.path(),
        &["render", "notes/NCT-ICT-9.toml", "notes/NCT-ICT-1013.toml"],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stdout
            .contains("notes/NCT-ICT-1013.toml -> out/NCT-ICT-1013.pdf")
    );
    assert!(
        missing
            .stdout
            .contains("notes/NCT-ICT-9.toml: not built: there is no such note")
    );
}

#[test]
fn a_failing_note_loses_its_old_pdf_and_the_others_still_build() {
    let dir = common::fixture("none");
    let p = dir.path();
    assert_eq!(run(p, &["build"]).code, 0);
    let note = p.join("notes/NCT-ICT-1013.toml");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(
        &note,
        text.replace("issued = 2022-08-12", "issued = 2022-13-12"),
    )
    .unwrap();
    let out = run(p, &["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("notes/NCT-ICT-1013.toml:4:10"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains(
            "notes/NCT-ICT-1013.toml: not built: notes/NCT-ICT-1013.toml has errors; removed the old out/NCT-ICT-1013.pdf\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with("0 built, 1 unchanged, 1 failed; 1 old PDF removed\n")
    );
    assert!(!p.join("out/NCT-ICT-1013.pdf").exists());
    assert!(p.join("out/NCT-ICT-688.pdf").exists());
    // Fixed, it comes back.
    fs::write(&note, text).unwrap();
    let out = run(p, &["build"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.ends_with("1 built, 1 unchanged, 0 failed\n"));
}

#[test]
fn a_withdrawn_number_gets_no_pdf_and_loses_its_old_one() {
    let dir = common::fixture("none");
    let p = dir.path();
    assert_eq!(run(p, &["build"]).code, 0);
    let out = run(p, &["withdraw", "NCT/ICT/688"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(p, &["build"]);
    // A withdrawal is deliberate: reported, not an error.
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(
        "notes/NCT-ICT-688.toml: its number is withdrawn, so no PDF is made; removed the old out/NCT-ICT-688.pdf\n"
    ));
    assert!(
        out.stdout
            .ends_with("0 built, 1 unchanged, 0 failed, 1 withdrawn; 1 old PDF removed\n")
    );
    assert!(!p.join("out/NCT-ICT-688.pdf").exists());
    assert!(
        out.stderr.contains("warning[register-withdrawn]"),
        "{}",
        out.stderr
    );
    // And check agrees: a warning, exit 0; an error with --deny-warnings.
    assert_eq!(run(p, &["check", "--render"]).code, 0);
    assert_eq!(run(p, &["check", "--render", "--deny-warnings"]).code, 1);
}

#[test]
fn a_renamed_note_keeps_its_pdf_and_a_renumbered_one_loses_the_old() {
    let dir = common::fixture("none");
    let p = dir.path();
    assert_eq!(run(p, &["build"]).code, 0);
    // The PDF is named by the number, not the file: renaming the file
    // keeps it.
    fs::rename(
        p.join("notes/NCT-ICT-1013.toml"),
        p.join("notes/statement.toml"),
    )
    .unwrap();
    let out = run(p, &["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("notes/statement.toml -> out/NCT-ICT-1013.pdf"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("removed"), "{}", out.stdout);
    assert!(p.join("out/NCT-ICT-1013.pdf").exists());
    // Renumbered: the PDF under the old number goes.
    let note = p.join("notes/statement.toml");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(&note, text.replace("sequence = 1013", "sequence = 1014")).unwrap();
    let register = fs::read_to_string(p.join("register.tsv")).unwrap();
    fs::write(
        p.join("register.tsv"),
        format!("{register}NCT/ICT/1014\t2022-08-12\tissued\t\n"),
    )
    .unwrap();
    let out = run(p, &["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("removed out/NCT-ICT-1013.pdf: its note now writes NCT-ICT-1014.pdf"),
        "{}",
        out.stdout
    );
    assert!(!p.join("out/NCT-ICT-1013.pdf").exists());
    assert!(p.join("out/NCT-ICT-1014.pdf").exists());
}

#[test]
fn a_manifest_edited_by_hand_cannot_make_build_delete_other_files() {
    let dir = common::fixture("none");
    let p = dir.path();
    assert_eq!(run(p, &["build"]).code, 0);
    let victim = p.join("notes/keep.txt");
    fs::write(&victim, "keep").unwrap();
    let manifest = p.join("out/.verbale-manifest");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replace("\tNCT-ICT-688.pdf\t", "\t../notes/keep.txt\t"),
    )
    .unwrap();
    fs::remove_file(p.join("notes/NCT-ICT-688.toml")).unwrap();
    run(p, &["build"]);
    assert!(victim.exists());
}

#[test]
fn a_deleted_note_takes_its_pdf_with_it() {
    let dir = common::fixture("none");
    let p = dir.path();
    assert_eq!(run(p, &["build"]).code, 0);
    fs::remove_file(p.join("notes/NCT-ICT-688.toml")).unwrap();
    let out = run(p, &["build"]);
    assert!(
        out.stdout
            .contains("removed out/NCT-ICT-688.pdf: its note file is gone\n"),
        "{}",
        out.stdout
    );
    assert!(!p.join("out/NCT-ICT-688.pdf").exists());
    assert!(p.join("out/NCT-ICT-1013.pdf").exists());
}

#[test]
fn a_folder_without_verbale_toml_is_refused_once_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        &["build"][..],
        &["check"],
        &["l10n", "status"],
        &["register"],
    ] {
        let out = run(dir.path(), command);
        assert_eq!(out.code, 2, "{command:?}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!(
                "error: {} is not a verbale project: it has no verbale.toml\n",
                dir.path().display()
            ),
            "{command:?}"
        );
    }
    let out = run(&dir.path().join("nowhere"), &["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.ends_with("nowhere: there is no such folder\n"),
        "{}",
        out.stderr
    );
    // Without -C, from a folder with no project above it either.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("or any folder above it: a verbale project is a folder with verbale.toml; give one with -C <folder>"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn started_in_a_folder_of_the_project_it_finds_the_project_above() {
    let dir = common::fixture("none");
    let notes = dir.path().join("notes");
    let verbale = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_verbale"))
            .args(args)
            .current_dir(&notes)
            .output()
            .unwrap()
    };
    // A note named as it is seen from notes/, written where the project
    // writes, and `--out` taken from here too.
    let out = verbale(&["render", "--lang", "kk", "NCT-ICT-688.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path()
            .join("out/proofs/NCT-ICT-688.proof-kk.pdf")
            .is_file()
    );
    let out = verbale(&["render", "--out", "here", "NCT-ICT-1013.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(notes.join("here/NCT-ICT-1013.pdf").is_file());
    let out = verbale(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = verbale(&["l10n", "confirm", "ru", "NCT-ICT-688.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = common::fixture("none");
    assert_eq!(run(dir.path(), &["frobnicate"]).code, 2);
    assert_eq!(run(dir.path(), &["check", "--format", "xml"]).code, 2);
}

#[test]
fn a_thread_count_that_is_not_one_is_refused_before_anything_is_written() {
    let dir = common::fixture("none");
    let build_with = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_verbale"))
            .env("VERBALE_THREADS", threads)
            .arg("-C")
            .arg(dir.path())
            .arg("build")
            .output()
            .unwrap()
    };
    for bad in ["", "0", "two", "-1", "2.5"] {
        let out = build_with(bad);
        assert_eq!(out.status.code(), Some(2), "VERBALE_THREADS={bad:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: VERBALE_THREADS must be a whole number of threads, 1 or more, not {bad:?}\n"
            )
        );
        assert!(!dir.path().join("out").exists(), "VERBALE_THREADS={bad:?}");
    }
    assert_eq!(build_with(" 3 ").status.code(), Some(0));
    assert!(dir.path().join("out/NCT-ICT-1013.pdf").exists());
}

//! The command line as users meet it: fixture projects with one planted
//! defect each, their exit codes and the diagnostics printed, compared with
//! `tests/fixtures/<case>/expected.stderr` (set UPDATE_SNAPSHOTS=1 to
//! rewrite them after a deliberate change).

mod common;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn verbale(dir: &std::path::Path, args: &[&str]) -> Run {
    let out = common::verbale(dir, args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn snapshot(case: &str, stderr: &str) {
    let path = common::root()
        .join("tests/fixtures")
        .join(case)
        .join("expected.stderr");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, stderr).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(
        stderr, expected,
        "stderr of `{case}` differs from its snapshot"
    );
}

#[test]
fn the_shipped_project_builds_cleanly() {
    let dir = common::fixture("none");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "notes/NCT-ICT-1013.toml -> out/NCT-ICT-1013.pdf\n\
         notes/NCT-ICT-688.toml -> out/NCT-ICT-688.pdf\n\
         2 built, 0 unchanged, 0 failed\n"
    );
    assert!(dir.path().join("out/NCT-ICT-688.pdf").exists());
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn render_writes_just_the_named_note() {
    let dir = common::fixture("none");
    let note = dir.path().join("notes/NCT-ICT-688.toml");
    let out = dir.path().join("pdf");
    let run = verbale(
        dir.path(),
        &[
            "render",
            note.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("NCT-ICT-688.pdf").exists());
    assert!(!dir.path().join("out/NCT-ICT-1013.pdf").exists());
}

#[test]
fn a_malformed_note_is_reported_at_its_line_and_column_and_the_others_still_build() {
    let dir = common::fixture("broken-note");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("notes/NCT-ICT-1013.toml:4:10"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("1 built, 0 unchanged, 1 failed"));
    assert!(dir.path().join("out/NCT-ICT-688.pdf").exists());
    snapshot("broken-note", &run.stderr);
}

#[test]
fn an_ftl_syntax_error_stops_the_project_with_its_position() {
    let dir = common::fixture("broken-ftl");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("locales/ru/note.ftl:9:74"),
        "{}",
        run.stderr
    );
    snapshot("broken-ftl", &run.stderr);
}

#[test]
fn a_template_syntax_error_names_template_line_and_column() {
    let dir = common::fixture("broken-template");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("templates/note-verbale.tera:8:38"),
        "{}",
        run.stderr
    );
    snapshot("broken-template", &run.stderr);
}

#[test]
fn a_missing_message_names_note_language_and_id() {
    let dir = common::fixture("missing-message");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("in locale `kk`, `closing`: message `closing` is missing")
    );
    assert!(
        run.stderr
            .contains("while rendering note NCT/ICT/688 (notes/NCT-ICT-688.toml) in `kk`")
    );
    assert!(!dir.path().join("out/NCT-ICT-688.pdf").exists());
    snapshot("missing-message", &run.stderr);
}

#[test]
fn an_unknown_variable_in_a_note_text_is_an_error() {
    let dir = common::fixture("unknown-variable");
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("Unknown variable: $dedline"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("notes/NCT-ICT-688.toml:47:24"),
        "{}",
        run.stderr
    );
    snapshot("unknown-variable", &run.stderr);
}

#[test]
fn a_missing_project_is_a_failure_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let run = verbale(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot read verbale.toml"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = common::fixture("none");
    let run = verbale(dir.path(), &["frobnicate"]);
    assert_eq!(run.code, 2);
}

//! Every fixture project (the shipped project with one planted defect,
//! `tests/fixtures/<name>/edits.toml`) through `check --render` and
//! `build`, as a user runs them:
//!
//! - they agree: `check --render` exits 0 exactly when `build` does;
//! - neither panics;
//! - what they print, and their exit codes, match the snapshot in
//!   `tests/it/snapshots/` (review changes with `cargo insta review`, or
//!   rewrite with `INSTA_UPDATE=always cargo test`).

use std::path::Path;

use crate::common;

/// What one fixture gives.
struct Outcome {
    name: String,
    check_code: i32,
    build_code: i32,
    text: String,
}

fn run_fixture(name: &str) -> Outcome {
    let dir = common::fixture(name);
    let check = common::run(dir.path(), &["check", "--render"]);
    let build = common::run(dir.path(), &["build"]);
    let shown = |s: &str| {
        // Temporary paths differ from run to run.
        let canonical = std::fs::canonicalize(dir.path()).unwrap();
        let parent = canonical.parent().unwrap().display().to_string();
        s.replace(&canonical.display().to_string(), "[project]")
            .replace(&dir.path().display().to_string(), "[project]")
            .replace(&format!("{parent}/"), "[project]/../")
    };
    let text = format!(
        "$ verbale check --render\n{}exit {}\n\n$ verbale build\n{}{}exit {}\n",
        shown(&check.stdout),
        check.code,
        shown(&build.stderr),
        shown(&build.stdout),
        build.code
    );
    for (what, out) in [("check", &check), ("build", &build)] {
        assert!(
            !out.stderr.contains("panicked"),
            "{name}: {what} panicked:\n{}",
            out.stderr
        );
    }
    Outcome {
        name: name.to_string(),
        check_code: check.code,
        build_code: build.code,
        text,
    }
}

#[test]
fn check_render_passes_exactly_when_build_does_and_both_say_the_same() {
    let names = common::fixtures();
    assert!(names.len() >= 50, "only {} fixtures", names.len());
    // Two at a time: each runs two processes.
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let chunks: Vec<Vec<String>> = names
            .chunks(names.len().div_ceil(2))
            .map(<[String]>::to_vec)
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.iter().map(|n| run_fixture(n)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut disagreements = Vec::new();
    for o in &outcomes {
        if (o.check_code == 0) != (o.build_code == 0) {
            disagreements.push(format!(
                "{}: check --render exit {}, build exit {}",
                o.name, o.check_code, o.build_code
            ));
        }
        for code in [o.check_code, o.build_code] {
            assert!(matches!(code, 0 | 1), "{}: exit {code}\n{}", o.name, o.text);
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    for o in outcomes {
        let mut settings = insta::Settings::clone_current();
        settings
            .set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(format!("fixture-{}", o.name), o.text));
    }
}

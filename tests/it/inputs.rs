//! Every input tracked: each note's PDF is rebuilt exactly when a file it
//! was made from changes — its enclosure, an included template part —
//! under `build` and under `watch`; files outside the project are read
//! only from the extra roots `verbale.toml` names.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::common::{self, run, wait_for};

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Adds a second kind of note, `memo`, whose template does not include the
/// letterhead part, and a note of that kind.
fn add_memo(dir: &Path) {
    let t = dir.join("templates");
    let verbale = fs::read_to_string(t.join("note-verbale.tera")).unwrap();
    let memo = verbale.replace(
        "{% include \"letterhead.tera\" %}\n",
        "@letterhead\n{{ t(id=\"letterhead\") }}\n",
    );
    assert_ne!(memo, verbale);
    fs::write(t.join("memo.tera"), memo).unwrap();
    fs::copy(t.join("note-verbale.toml"), t.join("memo.toml")).unwrap();
    let note = fs::read_to_string(dir.join("notes/NCT-ICT-1013.toml")).unwrap();
    let memo_note = note.replace("sequence = 1013", "sequence = 1014").replace(
        "languages = [\"en\", \"ru\", \"kk\"]\n",
        "languages = [\"en\", \"ru\", \"kk\"]\ntemplate = \"memo\"\n",
    );
    fs::write(dir.join("notes/NCT-ICT-1014.toml"), memo_note).unwrap();
    let mut register = fs::read_to_string(dir.join("register.tsv")).unwrap();
    register.push_str("NCT/ICT/1014\t2022-08-12\tissued\tMemo\n");
    fs::write(dir.join("register.tsv"), register).unwrap();
}

fn built(out: &common::Run) -> Vec<String> {
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out.stdout
        .lines()
        .filter_map(|l| l.split(" -> ").next().filter(|_| l.contains(" -> ")))
        .map(String::from)
        .collect()
}

#[test]
fn build_rebuilds_exactly_the_notes_whose_recorded_inputs_changed() {
    let dir = common::fixture("none");
    let p = dir.path();
    add_memo(p);
    assert_eq!(built(&run(p, &["build"])).len(), 3);
    // The manifest records the included part for the notes that use it.
    let manifest = fs::read_to_string(p.join("out/.verbale-manifest")).unwrap();
    assert!(
        manifest.contains("\ttemplates/letterhead.tera\t"),
        "{manifest}"
    );

    edit(
        &p.join("templates/letterhead.tera"),
        "@letterhead",
        "@letterhead\n",
    );
    assert_eq!(
        built(&run(p, &["build"])),
        ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"],
        "the memo does not include the letterhead part"
    );

    edit(
        &p.join("enclosures/concept-paper-ICT-2022-2023.md"),
        "## 1. Background",
        "## 1. Background and context",
    );
    assert_eq!(built(&run(p, &["build"])), ["notes/NCT-ICT-688.toml"]);

    edit(
        &p.join("templates/memo.toml"),
        "space_before = 30",
        "space_before = 28",
    );
    assert_eq!(built(&run(p, &["build"])), ["notes/NCT-ICT-1014.toml"]);

    // The letterhead's SVG emblem: the notes whose style sheet places it.
    edit(
        &p.join("templates/memo.toml"),
        "image = { file = \"assets/emblem/emblem.svg\", width = 20 }\n",
        "",
    );
    assert_eq!(built(&run(p, &["build"])), ["notes/NCT-ICT-1014.toml"]);
    edit(
        &p.join("assets/emblem/emblem.svg"),
        r#"r="226" stroke-width="10""#,
        r#"r="226" stroke-width="12""#,
    );
    assert_eq!(
        built(&run(p, &["build"])),
        ["notes/NCT-ICT-1013.toml", "notes/NCT-ICT-688.toml"],
        "the memo's style sheet places no emblem"
    );

    // A Kazakh hyphenation rule: every note in Kazakh.
    edit(
        &p.join("assets/hyphenation/kk.syllables.toml"),
        "min_left",
        "# tuned\nmin_left",
    );
    assert_eq!(built(&run(p, &["build"])).len(), 3);
    assert_eq!(built(&run(p, &["build"])).len(), 0);
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[test]
fn watch_rebuilds_the_notes_that_use_an_edited_enclosure_or_part_within_a_second() {
    let dir = common::fixture("none");
    let p = dir.path();
    add_memo(p);
    let mut child = common::spawn_watch(p, &[]);
    let pdf = |n: &str| p.join(format!("out/NCT-ICT-{n}.pdf"));
    let first = wait_for(Duration::from_secs(60), || {
        ["688", "1013", "1014"].iter().all(|n| pdf(n).exists())
    });
    assert!(first.is_some(), "watch made no first build");
    // Let the watcher settle on its folders.
    std::thread::sleep(Duration::from_millis(500));
    let stamps = |names: &[&str]| names.iter().map(|n| modified(&pdf(n))).collect::<Vec<_>>();

    // An enclosure: only note 688 uses it.
    let before = stamps(&["688", "1013", "1014"]);
    edit(
        &p.join("enclosures/concept-paper-ICT-2022-2023.md"),
        "## 2. Objectives",
        "## 2. The objectives",
    );
    let took = wait_for(Duration::from_secs(10), || {
        modified(&pdf("688")) != before[0]
    });
    std::thread::sleep(Duration::from_millis(300));
    let after = stamps(&["688", "1013", "1014"]);
    let enclosure = (took, after[1] == before[1], after[2] == before[2]);

    // An included part: the two notes verbales, not the memo.
    let before = after;
    edit(
        &p.join("templates/letterhead.tera"),
        "@letterhead",
        "@letterhead\n",
    );
    let took_part = wait_for(Duration::from_secs(10), || {
        modified(&pdf("688")) != before[0] && modified(&pdf("1013")) != before[1]
    });
    std::thread::sleep(Duration::from_millis(300));
    let after = stamps(&["688", "1013", "1014"]);
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);

    let (took, same_1013, same_1014) = enclosure;
    let took = took.expect("watch did not rebuild note 688 after its enclosure changed");
    assert!(
        same_1013 && same_1014,
        "notes without the enclosure were rebuilt"
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let took_part = took_part.expect("watch did not rebuild after the letterhead part changed");
    assert!(took_part < Duration::from_secs(1), "took {took_part:?}");
    assert_eq!(
        after[2], before[2],
        "the memo does not include the letterhead"
    );
    // It says what it watches.
    assert!(said.contains("watching "), "{said}");
    assert!(said.contains("enclosures/"), "{said}");
    assert!(said.contains("templates/"), "{said}");
}

#[test]
fn a_new_locale_file_rebuilds_the_notes_in_that_language() {
    let dir = common::fixture("none");
    let p = dir.path();
    // A note in English and Kazakh only.
    let note = p.join("notes/NCT-ICT-688.toml");
    edit(
        &note,
        "languages = [\"en\", \"ru\", \"kk\"]",
        "languages = [\"en\", \"kk\"]",
    );
    let text = fs::read_to_string(&note).unwrap();
    let start = text.find("[text.ru]").unwrap();
    let end = text.find("[text.kk]").unwrap();
    fs::write(&note, format!("{}{}", &text[..start], &text[end..])).unwrap();
    assert_eq!(built(&run(p, &["build"])).len(), 2);
    // A new Russian file: only the note in Russian.
    fs::write(p.join("locales/ru/extra.ftl"), "extra-word = слово\n").unwrap();
    let out = run(p, &["build"]);
    assert_eq!(built(&out), ["notes/NCT-ICT-1013.toml"], "{}", out.stderr);
    // No locale.toml yet in a new locale; writing one rebuilds its notes.
    fs::remove_file(p.join("locales/kk/locale.toml")).unwrap();
    assert_eq!(built(&run(p, &["build"])).len(), 2);
    assert_eq!(
        built(&run(p, &["build"])).len(),
        0,
        "an absent file is up to date"
    );
    fs::write(
        p.join("locales/kk/locale.toml"),
        "[hyphenation]\nrules = \"assets/hyphenation/kk.syllables.toml\"\n",
    )
    .unwrap();
    assert_eq!(built(&run(p, &["build"])).len(), 2);
}

#[test]
fn an_extra_root_lets_a_project_read_a_shared_folder() {
    let parent = tempfile::tempdir().unwrap();
    let p = parent.path().join("project");
    fs::create_dir(&p).unwrap();
    for item in common::PROJECT_ITEMS {
        common::copy(&common::root().join(item), &p.join(item));
    }
    let shared = parent.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::copy(
        p.join("enclosures/concept-paper-ICT-2022-2023.md"),
        shared.join("paper.md"),
    )
    .unwrap();
    edit(
        &p.join("notes/NCT-ICT-688.toml"),
        "file = \"enclosures/concept-paper-ICT-2022-2023.md\"",
        "file = \"../shared/paper.md\"",
    );
    let out = run(&p, &["check", "--render"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("error[outside-project]: ../shared/paper.md is outside the project")
    );
    let config = fs::read_to_string(p.join("verbale.toml")).unwrap();
    fs::write(
        p.join("verbale.toml"),
        format!("{config}\n[files]\nextra_roots = [\"../shared\"]\n"),
    )
    .unwrap();
    let out = run(&p, &["check", "--render"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(built(&run(&p, &["build"])).len(), 2);
    // watch follows it there.
    let mut child = common::spawn_watch(&p, &[]);
    let pdf = p.join("out/NCT-ICT-688.pdf");
    std::thread::sleep(Duration::from_millis(1500));
    let before = modified(&pdf);
    edit(
        &shared.join("paper.md"),
        "## 1. Background",
        "## 1. Background and context",
    );
    let took = wait_for(Duration::from_secs(10), || modified(&pdf) != before);
    child.kill().unwrap();
    let _ = child.wait();
    let took = took.expect("watch did not follow the enclosure in the extra root");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    // A root that does not exist is pointed at.
    fs::write(
        p.join("verbale.toml"),
        format!("{config}\n[files]\nextra_roots = [\"../elsewhere\"]\n"),
    )
    .unwrap();
    let out = run(&p, &["check"]);
    assert!(
        out.stdout
            .contains("extra root ../elsewhere does not exist"),
        "{}",
        out.stdout
    );
}

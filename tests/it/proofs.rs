//! One-language proofs (`render --lang`, `build --lang`): one version with
//! the enclosure, under a name no one takes for the note, set exactly as
//! in the note, and never in the way of the notes' own build.

use std::fs;

use verbale::render::render;

use crate::common::{self, extract, run};

#[test]
fn a_proof_holds_one_language_set_as_in_the_note_and_the_enclosure() {
    let dir = common::fixture("none");
    let project = common::load(dir.path());
    let note = common::note(&project, "notes/NCT-ICT-1013.toml");
    let full = render(&project, &note).unwrap();
    let texts = common::version_texts(&full);
    let all_pages = extract::pages_text(&full.pdf).unwrap();
    let note_pages: usize = full.versions.iter().map(|v| v.pages.len()).sum();
    let enclosure = extract::normalize(&all_pages[note_pages..].join("\n"));
    assert_eq!(
        all_pages.len() - note_pages,
        3,
        "the enclosure of note 1013"
    );
    for lang in ["ru", "kk", "en"] {
        let out = run(
            dir.path(),
            &["render", "--lang", lang, "notes/NCT-ICT-1013.toml"],
        );
        let file = format!("out/proofs/NCT-ICT-1013.proof-{lang}.pdf");
        assert_eq!(out.code, 0, "{lang}: {}", out.stderr);
        assert_eq!(
            out.stdout,
            format!("notes/NCT-ICT-1013.toml -> {file}\n1 built, 0 unchanged, 0 failed\n")
        );
        let pdf = fs::read(dir.path().join(&file)).unwrap();
        let pages = extract::pages_text(&pdf).unwrap();
        let version = full.versions.iter().find(|v| v.lang == lang).unwrap();
        assert_eq!(pages.len(), version.pages.len() + 3);
        // Line for line the version of the note, then the enclosure.
        let own = extract::normalize(&pages[..version.pages.len()].join("\n"));
        assert_eq!(own, texts[lang], "{lang}");
        for other in texts.keys().filter(|l| *l != lang) {
            assert_ne!(own, texts[other]);
        }
        let rest = extract::normalize(&pages[version.pages.len()..].join("\n"));
        assert_eq!(rest, enclosure, "{lang}: the enclosure follows");
        common::assert_qpdf_clean(&file, &pdf);
    }
    // The note's own PDF was never written.
    assert!(!dir.path().join("out/NCT-ICT-1013.pdf").exists());
}

#[test]
fn proofs_and_notes_build_apart_each_touching_only_what_changed() {
    let dir = common::fixture("none");
    let build = |args: &[&str]| {
        let out = run(dir.path(), args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out.stdout.lines().last().unwrap().to_string()
    };
    assert_eq!(build(&["build"]), "2 built, 0 unchanged, 0 failed");
    assert_eq!(
        build(&["build", "--lang", "kk"]),
        "2 built, 0 unchanged, 0 failed"
    );
    assert_eq!(
        build(&["build", "--lang", "ru"]),
        "2 built, 0 unchanged, 0 failed"
    );
    // Each kind of output keeps its own record: none rebuilds or removes
    // another's PDFs.
    assert_eq!(
        build(&["build", "--lang", "kk"]),
        "0 built, 2 unchanged, 0 failed"
    );
    assert_eq!(build(&["build"]), "0 built, 2 unchanged, 0 failed");
    assert_eq!(
        build(&["build", "--lang", "ru"]),
        "0 built, 2 unchanged, 0 failed"
    );
    for file in [
        "out/NCT-ICT-1013.pdf",
        "out/NCT-ICT-688.pdf",
        "out/proofs/NCT-ICT-1013.proof-kk.pdf",
        "out/proofs/NCT-ICT-688.proof-ru.pdf",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    // A fix to the Kazakh messages remakes the Kazakh proofs and the notes,
    // not the Russian proofs.
    let kk = dir.path().join("locales/kk/note.ftl");
    let text = fs::read_to_string(&kk).unwrap();
    let fixed = text.replace("зор ілтипатын тағы да", "аса зор ілтипатын тағы да");
    assert_ne!(fixed, text);
    fs::write(&kk, fixed).unwrap();
    assert_eq!(
        build(&["build", "--lang", "ru"]),
        "0 built, 2 unchanged, 0 failed"
    );
    assert_eq!(
        build(&["build", "--lang", "kk"]),
        "2 built, 0 unchanged, 0 failed"
    );
    assert_eq!(build(&["build"]), "2 built, 0 unchanged, 0 failed");
}

#[test]
fn a_proof_of_a_language_the_note_or_project_lacks_is_refused() {
    let dir = common::fixture("none");
    let out = run(
        dir.path(),
        &["render", "--lang", "de", "notes/NCT-ICT-1013.toml"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: no language `de` to proof; the project's languages: en, kk, ru\n"
    );
    let note = dir.path().join("notes/NCT-ICT-1013.toml");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(
        &note,
        text.replace(
            r#"languages = ["en", "ru", "kk"]"#,
            r#"languages = ["en", "ru"]"#,
        ),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["render", "--lang", "kk", "notes/NCT-ICT-1013.toml"],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("notes/NCT-ICT-1013.toml: not built: it has no `kk` version"),
        "{}",
        out.stdout
    );
}

#[test]
fn watch_keeps_one_languages_proofs_up_to_date_and_leaves_the_notes_alone() {
    use std::time::Duration;

    let dir = common::fixture("none");
    let p = dir.path();
    let refused = run(p, &["watch", "--lang", "de"]);
    assert_eq!(refused.code, 2);
    assert_eq!(
        refused.stderr,
        "error: no language `de` to proof; the project's languages: en, kk, ru\n"
    );
    // The deadline of note 688 moves from the 6th to the 8th of June, as
    // each language writes it.
    let moved = [
        ("ru", "до среды, 8 июня 2022 г."),
        ("kk", "2022 жылғы 8 маусымға дейін"),
        ("en", "by Wednesday, 8 June 2022"),
    ];
    let proof = |lang: &str| p.join(format!("out/proofs/NCT-ICT-688.proof-{lang}.pdf"));
    let reads = |lang: &str, words: &str| {
        fs::read(proof(lang))
            .ok()
            .and_then(|pdf| extract::plain_text(&pdf).ok())
            .is_some_and(|text| text.contains(words))
    };
    let wait_for =
        |cond: &dyn Fn() -> bool| common::wait_for(Duration::from_secs(30), cond).is_some();
    let mut watchers: Vec<_> = moved
        .iter()
        .map(|(lang, _)| common::spawn_watch(p, &["--lang", lang]))
        .collect();
    let first = wait_for(&|| moved.iter().all(|(lang, _)| proof(lang).exists()));
    let before: Vec<bool> = moved
        .iter()
        .map(|(lang, words)| reads(lang, words))
        .collect();
    let note = p.join("notes/NCT-ICT-688.toml");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(
        &note,
        text.replace("date = 2022-06-06", "date = 2022-06-08"),
    )
    .unwrap();
    let updated = wait_for(&|| moved.iter().all(|(lang, words)| reads(lang, words)));
    for watcher in &mut watchers {
        watcher.kill().unwrap();
        let _ = watcher.wait();
    }
    assert!(first, "watch --lang made no first proofs");
    assert_eq!(
        before, [false; 3],
        "the proofs had the new date before the edit"
    );
    assert!(
        updated,
        "watch --lang did not remake the proofs: {:?}",
        moved.map(|(lang, words)| (lang, reads(lang, words)))
    );
    assert!(!p.join("out/NCT-ICT-688.pdf").exists());
    assert!(!p.join("out/NCT-ICT-1013.pdf").exists());
}

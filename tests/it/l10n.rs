//! Outdated translations: `check` finds translations whose reference text
//! changed after they were confirmed, English pasted as a translation, and
//! plural variants no number selects; `l10n confirm` records a
//! translation as current in `locales/<lang>/confirmed.toml`; `l10n
//! status` counts each state per locale.

use std::fs;
use std::path::Path;

use crate::common::{self, Run, run};

/// The warnings of `check` with the given code, as `file:line` of their
/// place.
fn warned(dir: &Path, code: &str) -> Vec<String> {
    let out = run(dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["line"]))
        .collect()
}

/// The row of `l10n status` for `lang`: the counts, in the order of the
/// header.
fn status_row(dir: &Path, lang: &str) -> Vec<usize> {
    let out = run(dir, &["l10n", "status"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(lang))
        .unwrap_or_else(|| panic!("no row for {lang}:\n{}", out.stdout));
    line.split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect()
}

fn ok(out: Run) -> Run {
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    out
}

#[test]
fn the_shipped_project_starts_with_every_translation_confirmed() {
    let dir = common::fixture("none");
    let out = ok(run(dir.path(), &["check", "--deny-warnings"]));
    assert!(
        out.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        out.stdout
    );
    let status = ok(run(dir.path(), &["l10n", "status"]));
    assert_eq!(
        status
            .stdout
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        [
            "locale",
            "translated",
            "missing",
            "outdated",
            "untranslated",
            "unconfirmed",
            "obsolete"
        ]
    );
    for lang in ["ru", "kk"] {
        // 23 messages and the four texts of the two notes.
        assert_eq!(status_row(dir.path(), lang), [27, 0, 0, 0, 0, 0], "{lang}");
    }
    // Confirming again changes nothing.
    let before = fs::read_to_string(dir.path().join("locales/kk/confirmed.toml")).unwrap();
    let again = ok(run(dir.path(), &["l10n", "confirm", "kk"]));
    assert!(
        again.stdout.starts_with("nothing new to confirm in `kk`"),
        "{}",
        again.stdout
    );
    let after = fs::read_to_string(dir.path().join("locales/kk/confirmed.toml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_changed_reference_message_makes_each_translation_outdated_until_confirmed() {
    let dir = common::fixture("l10n-outdated-message");
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 0, "a warning: {}", out.stdout);
    for lang in ["kk", "ru"] {
        assert!(
            out.stdout.contains(&format!(
                "warning[outdated-translation]: `closing` in `{lang}` was translated from an older `en` text\n   ┌─ locales/{lang}/note.ftl:9:1"
            )),
            "{}",
            out.stdout
        );
    }
    // The old and the new reference text, around the change.
    assert!(
        out.stdout
            .contains("= `en` then: \"…the assurances of its highest consideration.\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("= `en` now:  \"…the assurances of its highest esteem.\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("`verbale l10n confirm kk closing`"));
    assert_eq!(run(dir.path(), &["check", "--deny-warnings"]).code, 1);
    assert_eq!(status_row(dir.path(), "kk"), [26, 0, 1, 0, 0, 0]);

    // The Kazakh translator confirms; the Russian one is still to come.
    let confirmed = ok(run(dir.path(), &["l10n", "confirm", "kk", "closing"]));
    assert_eq!(
        confirmed.stdout,
        "confirmed 1 translation into `kk` in locales/kk/confirmed.toml:\n  `closing`\n"
    );
    assert_eq!(
        warned(dir.path(), "outdated-translation"),
        ["locales/ru/note.ftl:9"]
    );
    let record = fs::read_to_string(dir.path().join("locales/kk/confirmed.toml")).unwrap();
    assert!(record.contains("[messages.closing]\ntext = \"closing = The Secretariat avails itself of this opportunity to renew to { $addressee } the assurances of its highest esteem.\"\n"), "{record}");
    assert_eq!(status_row(dir.path(), "kk"), [27, 0, 0, 0, 0, 0]);
    assert_eq!(status_row(dir.path(), "ru"), [26, 0, 1, 0, 0, 0]);
    let status = run(dir.path(), &["l10n", "status"]).stdout;
    assert!(
        status.contains("\nru outdated:\n  `closing` (locales/ru/note.ftl:9)\n"),
        "{status}"
    );

    ok(run(dir.path(), &["l10n", "confirm", "ru", "closing"]));
    ok(run(dir.path(), &["check", "--deny-warnings"]));
}

#[test]
fn a_changed_english_note_text_makes_its_translations_outdated_at_their_keys() {
    let dir = common::fixture("l10n-outdated-note-text");
    assert_eq!(
        warned(dir.path(), "outdated-translation"),
        ["notes/NCT-ICT-688.toml:31", "notes/NCT-ICT-688.toml:45"]
    );
    let out = run(dir.path(), &["check"]).stdout;
    assert!(
        out.contains(
            "text `body` of notes/NCT-ICT-688.toml in `kk` was translated from an older `en` text"
        ),
        "{out}"
    );
    assert!(out.contains("= `en` then: \"…feedback from\\nMember States on the above mentioned document { $deadline }. In the absence…\""), "{out}");
    assert!(out.contains("= `en` now:  \"…feedback from\\nMember States on the draft Concept Paper { $deadline }. In the absence…\""), "{out}");
    assert!(out.contains("`verbale l10n confirm ru notes/NCT-ICT-688.toml`"));

    // A note file confirms all of that note's texts in one language, and
    // nothing of the other notes.
    let confirmed = ok(run(
        dir.path(),
        &["l10n", "confirm", "ru", "./notes/NCT-ICT-688.toml"],
    ));
    assert_eq!(
        confirmed.stdout,
        "confirmed 1 translation into `ru` in locales/ru/confirmed.toml:\n  text `body` of notes/NCT-ICT-688.toml\n"
    );
    assert_eq!(
        warned(dir.path(), "outdated-translation"),
        ["notes/NCT-ICT-688.toml:45"]
    );
}

#[test]
fn english_pasted_as_a_translation_is_untranslated_unless_confirmed_as_meant() {
    let dir = common::fixture("l10n-untranslated");
    assert_eq!(
        warned(dir.path(), "untranslated"),
        ["locales/kk/note.ftl:9", "notes/NCT-ICT-688.toml:30"]
    );
    let out = run(dir.path(), &["check"]).stdout;
    assert!(
        out.contains(
            "warning[untranslated]: `closing` in `kk` is the same as in `en`: not translated?"
        ),
        "{out}"
    );
    assert!(out.contains("warning[untranslated]: text `action` of notes/NCT-ICT-688.toml in `ru` is the same as in `en`: not translated?"), "{out}");
    assert_eq!(status_row(dir.path(), "kk"), [26, 0, 0, 1, 0, 0]);
    // Confirming the whole locale does not approve it in bulk.
    let bulk = ok(run(dir.path(), &["l10n", "confirm", "kk"]));
    assert_eq!(
        bulk.stdout,
        "not confirmed: `closing` is the same as in `en`; if that is meant, name it: `verbale l10n confirm kk closing`\n\
         nothing new to confirm in `kk`: already confirmed against today's `en` text\n"
    );
    assert_eq!(status_row(dir.path(), "kk"), [26, 0, 0, 1, 0, 0]);
    // A text the same on purpose, once confirmed, is translated.
    ok(run(dir.path(), &["l10n", "confirm", "kk", "closing"]));
    let record = fs::read_to_string(dir.path().join("locales/kk/confirmed.toml")).unwrap();
    assert!(
        record.contains("highest consideration.\"\nsame = true\n"),
        "{record}"
    );
    assert_eq!(
        warned(dir.path(), "untranslated"),
        ["notes/NCT-ICT-688.toml:30"]
    );
}

#[test]
fn a_plural_variant_the_language_never_selects_is_a_warning_at_its_key() {
    let dir = common::fixture("l10n-impossible-plural");
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 0, "a warning: {}", out.stdout);
    assert!(out.stdout.contains(
        "warning[impossible-plural-variant]: variant `[few]` in `outline-version` is never chosen: locale `kk` has no plural category `few` (CLDR: one, other)\n   ┌─ locales/kk/note.ftl:34:6"
    ), "{}", out.stdout);
    assert_eq!(run(dir.path(), &["check", "--deny-warnings"]).code, 1);
}

#[test]
fn a_new_message_is_unconfirmed_until_its_translations_are_confirmed() {
    let dir = common::fixture("none");
    for (lang, text) in [("en", "Fax"), ("ru", "Факс"), ("kk", "Факс")] {
        let file = dir.path().join(format!("locales/{lang}/note.ftl"));
        let mut ftl = fs::read_to_string(&file).unwrap();
        ftl.push_str(&format!("fax-label = {text}\n-fax = {text}\n"));
        fs::write(&file, ftl).unwrap();
    }
    let out = run(dir.path(), &["check"]).stdout;
    assert!(out.contains("warning[unconfirmed-translation]: `fax-label` in `kk` has never been confirmed against the `en` text"), "{out}");
    assert_eq!(warned(dir.path(), "unconfirmed-translation").len(), 4);
    // A term, as the warning words the command.
    assert!(out.contains("`verbale l10n confirm kk -fax`"), "{out}");
    let term = ok(run(dir.path(), &["l10n", "confirm", "kk", "-fax"]));
    assert_eq!(
        term.stdout,
        "confirmed 1 translation into `kk` in locales/kk/confirmed.toml:\n  `-fax`\n"
    );
    // Without ids: every translation of the locale.
    let confirmed = ok(run(dir.path(), &["l10n", "confirm", "ru"]));
    assert_eq!(
        confirmed.stdout,
        "confirmed 2 translations into `ru` in locales/ru/confirmed.toml:\n  `-fax`\n  `fax-label`\n"
    );
    assert_eq!(
        warned(dir.path(), "unconfirmed-translation"),
        [format!("locales/kk/note.ftl:{}", 40)]
    );
}

#[test]
fn confirm_refuses_what_it_cannot_confirm_and_leaves_the_record_alone() {
    let dir = common::fixture("l10n-outdated-message");
    let record = dir.path().join("locales/kk/confirmed.toml");
    let before = fs::read_to_string(&record).unwrap();
    let cases: [(&[&str], i32, &str); 5] = [
        (
            &["l10n", "confirm", "en"],
            2,
            "error: `en` is the reference locale: the others are confirmed against its texts\n",
        ),
        (
            &["l10n", "confirm", "de"],
            2,
            "error: no locale `de` to confirm; the project's translations: kk, ru\n",
        ),
        (
            &["l10n", "confirm", "kk", "closnig"],
            2,
            "error: the reference locale `en` has no message `closnig` (did you mean `closing`?)\n",
        ),
        (
            &[
                "l10n",
                "confirm",
                "kk",
                "closing",
                "notes/NCT-ICT-9999.toml",
            ],
            2,
            "error: notes/NCT-ICT-9999.toml is not a note of the project written in `en` and `kk`\n",
        ),
        (
            &["l10n", "confirm", "kk", "../locales/kk/note.ftl"],
            2,
            "error: ../locales/kk/note.ftl is not a note of the project written in `en` and `kk`\n",
        ),
    ];
    for (args, code, stderr) in cases {
        let out = run(dir.path(), args);
        assert_eq!((out.code, out.stderr.as_str()), (code, stderr), "{args:?}");
        assert_eq!(fs::read_to_string(&record).unwrap(), before, "{args:?}");
    }
    // Without the reference locale, nothing is compared, so nothing is
    // written: the notes' confirmations would all be dropped.
    let no_reference = common::fixture("none");
    let kk = no_reference.path().join("locales/kk/confirmed.toml");
    let before_kk = fs::read_to_string(&kk).unwrap();
    fs::remove_dir_all(no_reference.path().join("locales/en")).unwrap();
    let out = run(no_reference.path(), &["l10n", "confirm", "kk"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.ends_with(
            "error: the reference locale `en` does not load, so nothing was confirmed\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&kk).unwrap(), before_kk);
    // A record that does not read is not written over.
    let broken = common::fixture("l10n-record-broken");
    let ru = broken.path().join("locales/ru/confirmed.toml");
    let before = fs::read_to_string(&ru).unwrap();
    let out = run(broken.path(), &["l10n", "confirm", "ru"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[unknown-key]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("locales/ru/confirmed.toml:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "error: locales/ru/confirmed.toml cannot be read, so nothing was confirmed\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&ru).unwrap(), before);
}

/// Breaks the `closing` message of `lang` (an unclosed placeable) and
/// returns its line.
fn break_closing(dir: &Path, lang: &str) -> usize {
    let path = dir.join(format!("locales/{lang}/note.ftl"));
    let text = fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("closing ="))
        .unwrap()
        + 1;
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i + 1 == line {
            true => l.replacen("{ $addressee }", "{ $addressee", 1),
            false => l.to_string(),
        })
        .collect();
    assert_ne!(
        broken.join("\n") + "\n",
        text,
        "{lang}: no `{{ $addressee }}` in `closing`"
    );
    let broken = broken.join("\n") + "\n";
    fs::write(&path, broken).unwrap();
    line
}

/// Deletes the `closing` message of `lang`; returns the file as it was.
fn delete_closing(dir: &Path, lang: &str) -> String {
    let path = dir.join(format!("locales/{lang}/note.ftl"));
    let text = fs::read_to_string(&path).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("closing ="))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text, "{lang}: no `closing`");
    fs::write(&path, without).unwrap();
    text
}

#[test]
fn a_translation_that_does_not_parse_is_shown_as_an_error_not_only_as_missing() {
    let dir = common::fixture("none");
    let kk_record = dir.path().join("locales/kk/confirmed.toml");
    let ru_record = dir.path().join("locales/ru/confirmed.toml");
    let (kk_before, ru_before) = (
        fs::read_to_string(&kk_record).unwrap(),
        fs::read_to_string(&ru_record).unwrap(),
    );
    let kk_line = break_closing(dir.path(), "kk");
    let ru_line = break_closing(dir.path(), "ru");

    let out = run(dir.path(), &["l10n", "status"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    for (lang, line) in [("kk", kk_line), ("ru", ru_line)] {
        assert!(
            out.stderr.contains(&format!(
                "error[ftl-syntax]: this `{{` is never closed with `}}`\n  ┌─ locales/{lang}/note.ftl:{line}:"
            )),
            "{}",
            out.stderr
        );
        let row: Vec<&str> = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{lang} ")))
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(row, [lang, "26", "1", "0", "0", "0", "0"], "{}", out.stdout);
    }
    assert!(
        out.stdout.starts_with(
            "kk: locales/kk/note.ftl does not read (the errors above): a message lost there counts as missing\n\
             ru: locales/ru/note.ftl does not read (the errors above): a message lost there counts as missing\n\
             reference locale: en\n"
        ),
        "{}",
        out.stdout
    );

    // Lost to a file that does not read: a problem in the project's files.
    let out = run(dir.path(), &["l10n", "confirm", "ru", "closing"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains(&format!("locales/ru/note.ftl:{ru_line}:")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "error: `closing` has no `ru` translation to confirm: locales/ru/note.ftl does not read (the errors above)\n"
        ),
        "{}",
        out.stderr
    );
    // Confirming the whole of Kazakh does what it can, keeps the
    // confirmation of the message it cannot read, and says the project
    // has problems.
    let out = run(dir.path(), &["l10n", "confirm", "kk"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("locales/kk/note.ftl:{kk_line}:")),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&kk_record).unwrap(), kk_before);
    assert_eq!(fs::read_to_string(&ru_record).unwrap(), ru_before);
}

#[test]
fn a_note_text_that_does_not_parse_is_shown_by_status_as_check_shows_it() {
    let dir = common::fixture("none");
    let note = dir.path().join("notes/NCT-ICT-1013.toml");
    let text = fs::read_to_string(&note).unwrap();
    let broken = text
        .replacen("состоится { $meeting }.", "состоится { $meeting .", 1)
        .replacen(
            "Бұл мәселе { $meeting } өтетін",
            "Бұл мәселе { $meeting өтетін",
            1,
        );
    assert_eq!(broken.matches("{ $meeting }").count(), 1, "{broken}");
    fs::write(&note, &broken).unwrap();
    let line = |words: &str| broken.lines().position(|l| l.contains(words)).unwrap() + 1;
    let places = [
        format!("notes/NCT-ICT-1013.toml:{}:", line("состоится")),
        format!("notes/NCT-ICT-1013.toml:{}:", line("Бұл мәселе")),
    ];

    let check = run(dir.path(), &["check"]);
    let status = run(dir.path(), &["l10n", "status"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert_eq!(status.code, 1, "{}", status.stdout);
    for (place, lang) in places.iter().zip(["ru", "kk"]) {
        let shown = format!("error[note-text]: this `{{` is never closed with `}}`\n   ┌─ {place}");
        assert!(check.stdout.contains(&shown), "{}", check.stdout);
        assert!(status.stderr.contains(&shown), "{}", status.stderr);
        assert!(
            status
                .stderr
                .contains(&format!("= in text `continued` of `{lang}`")),
            "{}",
            status.stderr
        );
    }
    // The texts still count by what they say: confirmed, not missing.
    for lang in ["kk", "ru"] {
        assert!(
            status
                .stdout
                .lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>()
                    == [lang, "27", "0", "0", "0", "0", "0"]),
            "{}",
            status.stdout
        );
    }
}

#[test]
fn a_reference_message_that_does_not_parse_is_named_where_its_translations_are_counted() {
    let dir = common::fixture("none");
    let en_line = break_closing(dir.path(), "en");
    let out = run(dir.path(), &["l10n", "status"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains(&format!("locales/en/note.ftl:{en_line}:")),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.starts_with(
            "en: locales/en/note.ftl does not read (the errors above): the translations of a message lost there count as obsolete\n"
        ),
        "{}",
        out.stdout
    );
    for lang in ["kk", "ru"] {
        let out = run(dir.path(), &["l10n", "confirm", lang, "closing"]);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(
            out.stderr.ends_with(
                "error: the reference locale `en` has no message `closing`: locales/en/note.ftl does not read (the errors above)\n"
            ),
            "{lang}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_confirmation_of_what_is_no_longer_translated_is_a_warning_until_confirm_drops_it() {
    let dir = common::fixture("none");
    let kk = dir.path().join("locales/kk/confirmed.toml");
    let ru = dir.path().join("locales/ru/confirmed.toml");
    let (kk_shipped, ru_shipped) = (
        fs::read_to_string(&kk).unwrap(),
        fs::read_to_string(&ru).unwrap(),
    );
    // A message deleted from every locale, a note renamed: their
    // confirmations stay behind in the records.
    fs::write(
        &kk,
        format!("{kk_shipped}\n[messages.fax-label]\ntext = \"fax-label = Fax\"\n"),
    )
    .unwrap();
    fs::write(
        &ru,
        format!("{ru_shipped}\n[notes.\"notes/NCT-ICT-9.toml\".action]\ntext = \"share\"\n"),
    )
    .unwrap();
    let kk_line = kk_shipped.lines().count() + 2;
    let ru_line = ru_shipped.lines().count() + 2;
    assert_eq!(
        warned(dir.path(), "stale-confirmation"),
        [
            format!("locales/kk/confirmed.toml:{kk_line}"),
            format!("locales/ru/confirmed.toml:{ru_line}"),
        ]
    );
    let out = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("warning[stale-confirmation]: the record confirms `fax-label`, but there is no such translation from `en` into `kk`"), "{}", out.stdout);
    assert!(out.stdout.contains("warning[stale-confirmation]: the record confirms text `action` of notes/NCT-ICT-9.toml, but there is no such translation from `en` into `ru`"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("= `verbale l10n confirm ru` writes the record again without it"),
        "{}",
        out.stdout
    );

    // A note that does not read at the moment keeps its confirmations,
    // unwarned: they are compared again once it reads.
    let note = dir.path().join("notes/NCT-ICT-688.toml");
    let note_text = fs::read_to_string(&note).unwrap();
    fs::write(&note, note_text.replacen("sequence = ", "sequence = = ", 1)).unwrap();
    assert_eq!(warned(dir.path(), "stale-confirmation").len(), 2);
    fs::write(&note, note_text).unwrap();

    let out = ok(run(dir.path(), &["l10n", "confirm", "kk"]));
    assert_eq!(
        out.stdout,
        "dropped 1 confirmation of what is no longer translated from `en`:\n  `fax-label`\n\
         nothing new to confirm in `kk`: already confirmed against today's `en` text\n"
    );
    let out = ok(run(dir.path(), &["l10n", "confirm", "ru"]));
    assert!(
        out.stdout.starts_with("dropped 1 confirmation of what is no longer translated from `en`:\n  text `action` of notes/NCT-ICT-9.toml\n"),
        "{}",
        out.stdout
    );
    assert_eq!(fs::read_to_string(&kk).unwrap(), kk_shipped);
    assert_eq!(fs::read_to_string(&ru).unwrap(), ru_shipped);
    ok(run(dir.path(), &["check", "--deny-warnings"]));
}

#[test]
fn a_text_still_empty_is_missing_not_untranslated() {
    let dir = common::fixture("none");
    let out = ok(run(dir.path(), &["new", "--series", "NCT/ICT"]));
    let note = dir.path().join(out.stdout.trim());
    // The fresh skeleton: every `action` empty, in en, ru and kk alike.
    assert!(warned(dir.path(), "untranslated").is_empty());
    let out = run(dir.path(), &["l10n", "status"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for lang in ["kk", "ru"] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>()
                    == [lang, "27", "1", "0", "0", "0", "0"]),
            "{lang}: {}",
            out.stdout
        );
    }
    // English pasted into the Russian text is untranslated again; the
    // Kazakh one, still empty, stays missing.
    let text = fs::read_to_string(&note).unwrap();
    let english = "action = \"transmit the agenda\"";
    fs::write(&note, text.replacen("action = \"\"", english, 2)).unwrap();
    let untranslated = warned(dir.path(), "untranslated");
    assert_eq!(untranslated.len(), 1, "{untranslated:?}");
    let ru_line = fs::read_to_string(&note)
        .unwrap()
        .lines()
        .position(|l| l == "[text.ru]")
        .unwrap()
        + 3;
    let shown = note.strip_prefix(dir.path()).unwrap().display();
    assert_eq!(untranslated[0], format!("{shown}:{ru_line}"));
}

#[test]
fn a_translation_missing_for_now_keeps_its_confirmation() {
    let dir = common::fixture("none");
    let kk = dir.path().join("locales/kk/confirmed.toml");
    let ru = dir.path().join("locales/ru/confirmed.toml");
    let (kk_shipped, ru_shipped) = (
        fs::read_to_string(&kk).unwrap(),
        fs::read_to_string(&ru).unwrap(),
    );
    // The Kazakh `closing` deleted, the Russian `action` of note 688
    // emptied: translations missing, not confirmations of nothing.
    let kk_text = delete_closing(dir.path(), "kk");
    let note = dir.path().join("notes/NCT-ICT-688.toml");
    let note_text = fs::read_to_string(&note).unwrap();
    let ru_table = note_text.find("[text.ru]").unwrap();
    let action = ru_table + note_text[ru_table..].find("action = ").unwrap();
    let end = action + note_text[action..].find("\"\n").unwrap() + 2;
    let emptied = format!(
        "{}action = \"\"\n{}",
        &note_text[..action],
        &note_text[end..]
    );
    fs::write(&note, emptied).unwrap();
    let line = note_text[..action].lines().count() + 1;
    assert_eq!(
        warned(dir.path(), "note-empty-text"),
        [format!("notes/NCT-ICT-688.toml:{line}")]
    );
    assert_eq!(warned(dir.path(), "missing-message").len(), 1);
    assert!(warned(dir.path(), "stale-confirmation").is_empty());
    for lang in ["kk", "ru"] {
        let out = run(dir.path(), &["l10n", "confirm", lang]);
        assert!(!out.stdout.contains("dropped"), "{lang}: {}", out.stdout);
    }
    assert_eq!(fs::read_to_string(&kk).unwrap(), kk_shipped);
    assert_eq!(fs::read_to_string(&ru).unwrap(), ru_shipped);
    // Back again, they are translated as before, with nothing to confirm.
    fs::write(dir.path().join("locales/kk/note.ftl"), kk_text).unwrap();
    fs::write(&note, note_text).unwrap();
    ok(run(dir.path(), &["check", "--deny-warnings"]));
}

#[test]
fn confirm_blames_only_the_files_that_could_have_lost_the_message() {
    let dir = common::fixture("none");
    let dates = dir.path().join("locales/kk/dates.ftl");
    let mut text = fs::read_to_string(&dates).unwrap();
    text.push_str("broken = { $x\n");
    fs::write(&dates, text).unwrap();
    // A typo is unknown to the reference, whose files all read.
    let out = run(dir.path(), &["l10n", "confirm", "kk", "closnig"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.ends_with(
            "error: the reference locale `en` has no message `closnig` (did you mean `closing`?)\n"
        ),
        "{}",
        out.stderr
    );
    // Russian, whose files read, is not told of the Kazakh damage.
    delete_closing(dir.path(), "ru");
    let out = run(dir.path(), &["l10n", "confirm", "ru", "closing"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .ends_with("error: `closing` has no `ru` translation to confirm\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_note_with_an_error_of_its_own_is_not_confirmed() {
    let dir = common::fixture("none");
    let note = dir.path().join("notes/NCT-ICT-688.toml");
    let record = dir.path().join("locales/kk/confirmed.toml");
    let before = fs::read_to_string(&record).unwrap();
    let text = fs::read_to_string(&note).unwrap();
    fs::write(&note, text.replacen("\nplace = ", "\nplase = ", 1)).unwrap();
    let out = run(
        dir.path(),
        &["l10n", "confirm", "kk", "notes/NCT-ICT-688.toml"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error[unknown-key]: unknown key `plase`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with("notes/NCT-ICT-688.toml has errors (above)\n"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&record).unwrap(), before);
}

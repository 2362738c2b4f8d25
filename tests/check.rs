//! `verbale check` on fixture projects, each the shipped project with one
//! planted defect (`tests/fixtures/check-*/edits.toml`): the defect is
//! found with its check id, file, line, column and message.

mod common;

struct Run {
    code: i32,
    stdout: String,
}

fn check(dir: &std::path::Path, args: &[&str]) -> Run {
    let out = common::verbale(dir, &[&["check"], args].concat());
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// One line per diagnostic in GitHub's format, easy to match exactly.
fn annotations(case: &str, extra: &[&str]) -> (i32, Vec<String>) {
    let dir = common::fixture(case);
    let mut args = vec!["--format", "github"];
    args.extend_from_slice(extra);
    let run = check(dir.path(), &args);
    (run.code, run.stdout.lines().map(str::to_string).collect())
}

fn expect(case: &str, code: i32, wanted: &str) {
    let (exit, lines) = annotations(case, &[]);
    assert!(
        lines.iter().any(|l| l == wanted),
        "{case}: expected\n  {wanted}\ngot\n  {}",
        lines.join("\n  ")
    );
    assert_eq!(exit, code, "{case}: exit code");
}

#[test]
fn the_shipped_project_is_clean() {
    let dir = common::fixture("none");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("  kk: 23/23 messages, 100%\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    let run = check(dir.path(), &["--render", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn fluent_syntax_errors() {
    expect(
        "broken-ftl",
        1,
        "::error file=locales/ru/note.ftl,line=9,col=74,title=ftl-syntax::Expected a token starting with \"}\"",
    );
}

#[test]
fn duplicate_ids() {
    expect(
        "check-ftl-duplicate",
        1,
        "::error file=locales/ru/note.ftl,line=32,col=1,title=ftl-duplicate::`page-label` is defined more than once in locale `ru` (first in locales/ru/note.ftl)",
    );
}

#[test]
fn missing_messages_terms_and_attributes() {
    expect(
        "check-missing-message",
        1,
        "::error file=locales/en/note.ftl,line=11,col=1,title=missing-message::message `closing` is missing in locale `kk`%0A= defined here in the reference locale `en`",
    );
    expect(
        "check-missing-term",
        1,
        "::error file=locales/en/note.ftl,line=51,col=1,title=missing-term::term `-org` is missing in locale `ru`%0A= defined here in the reference locale `en`",
    );
    expect(
        "check-missing-attribute",
        1,
        "::error file=locales/en/note.ftl,line=21,col=6,title=missing-attribute::attribute `addressee-cica-member-states.block` is missing in locale `kk`",
    );
}

#[test]
fn obsolete_messages_warn_and_fail_only_when_warnings_are_denied() {
    let wanted = "::warning file=locales/ru/note.ftl,line=32,col=1,title=obsolete-message::message `fax-number` is not in the reference locale `en`";
    expect("check-obsolete-message", 0, wanted);
    let (code, lines) = annotations("check-obsolete-message", &["--deny-warnings"]);
    assert_eq!(code, 1);
    assert!(lines.iter().any(|l| l == wanted));
}

#[test]
fn variables_used_in_one_locale_and_not_another() {
    expect(
        "check-variable-mismatch",
        1,
        "::error file=locales/kk/note.ftl,line=10,col=1,title=variable-mismatch::`enclosure` uses `$count` in `kk` but not in the reference locale `en`",
    );
    expect(
        "check-variable-mismatch",
        1,
        "::error file=locales/kk/note.ftl,line=10,col=1,title=variable-mismatch::`enclosure` does not use `$pages` in `kk`, the reference locale `en` does",
    );
}

#[test]
fn references_to_undefined_messages() {
    expect(
        "check-unknown-reference",
        1,
        "::error file=locales/ru/note.ftl,line=11,col=32,title=unknown-reference::`place-and-date` refers to `date-plian`, which locale `ru` does not define",
    );
}

#[test]
fn plural_selectors_missing_a_cldr_category() {
    expect(
        "check-plural-category",
        1,
        "::error file=locales/ru/note.ftl,line=32,col=54,title=plural-category::plural selector in `outline-version` lacks [few] for locale `ru` (CLDR: few, many, one, other)",
    );
    assert_eq!(
        verbale::check::plural_categories("kk")
            .into_iter()
            .collect::<Vec<_>>(),
        ["one", "other"]
    );
    assert_eq!(
        verbale::check::plural_categories("ru")
            .into_iter()
            .collect::<Vec<_>>(),
        ["few", "many", "one", "other"]
    );
}

#[test]
fn templates_use_messages_that_exist_with_the_variables_they_need() {
    expect(
        "check-template-message",
        1,
        "::error file=templates/note-verbale.tera,line=27,col=4,title=template-message::`signature` is missing in locale `ru`",
    );
    expect(
        "check-template-variable",
        1,
        "::error file=templates/note-verbale.tera,line=8,col=4,title=template-variable::`note-number` in locale `kk` uses `$number`, which the template does not pass",
    );
}

#[test]
fn notes_with_missing_fields_texts_or_locales() {
    expect(
        "check-note-required-field",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=1,col=1,title=note-syntax::missing field `place`",
    );
    expect(
        "check-note-enclosure",
        1,
        "::error file=notes/NCT-ICT-1013.toml,line=9,col=1,title=note-enclosure::an enclosure needs its page count (`pages = 3`) or its document (`file = \"enclosures/….pdf\"`)",
    );
    expect(
        "check-note-missing-text",
        1,
        "::error file=notes/NCT-ICT-1013.toml,line=23,col=1,title=note-missing-text::text `continued` is missing in language `kk`",
    );
    expect(
        "check-note-language",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=8,col=13,title=note-language::language `de` has no locale in locales/",
    );
    expect(
        "check-note-message",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=6,col=9,title=note-message::`place-astana-city` is missing in locale `kk`",
    );
    expect(
        "check-note-text",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=47,col=24,title=note-text::unknown variable `$dedline` in `kk` (the note has `$deadline`, `$number`)",
    );
}

#[test]
fn note_dates_and_numbers() {
    expect(
        "check-note-date-order",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=14,col=12,title=note-date-order::deadline `deadline` (2022-05-06) is before the issue date (2022-05-26)",
    );
    expect(
        "check-note-date-style",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=14,col=12,title=note-date-style::date `deadline` has style `deadlin`, but locale `ru` has no `date-deadlin`",
    );
    expect(
        "check-note-duplicate-number",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=4,col=12,title=note-duplicate-number::number NCT/ICT/1013 is already used by notes/NCT-ICT-1013.toml",
    );
}

#[test]
fn characters_the_fonts_cannot_print() {
    expect(
        "check-missing-glyph",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=17,col=39,title=missing-glyph::`კ` (U+10D9) is not in assets/fonts/LiberationSerif-Regular.ttf, assets/fonts/LiberationSerif-Bold.ttf, assets/fonts/LiberationSerif-Italic.ttf, assets/fonts/LiberationSerif-BoldItalic.ttf: it would print as an empty box",
    );
}

#[test]
fn render_finds_what_only_shows_at_runtime() {
    let (code, lines) = annotations("check-runtime-only", &[]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    let (code, lines) = annotations("check-runtime-only", &["--render"]);
    assert_eq!(code, 1);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=templates/note-verbale.tera,line=27,col=4,title=template-render::"
        ) && l.contains("signatory")
            && l.contains("found by --render")),
        "{lines:?}"
    );
}

#[test]
fn incomplete_locales_have_warnings_for_gaps() {
    expect(
        "check-incomplete-locale",
        1,
        "::warning file=locales/en/note.ftl,line=11,col=1,title=missing-message::message `closing` is missing in locale `kk`%0A= defined here in the reference locale `en`",
    );
    let dir = common::fixture("check-incomplete-locale");
    let run = check(dir.path(), &[]);
    assert!(
        run.stdout
            .contains("  kk: 22/23 messages, 95% (incomplete: gaps are warnings)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_output_shows_the_source_line_and_a_caret() {
    let dir = common::fixture("check-plural-category");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[plural-category]: plural selector in `outline-version` lacks [few]")
    );
    assert!(
        run.stdout.contains("┌─ locales/ru/note.ftl:32:54"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  ru: 23/23 messages, 100%\n"));
    assert!(
        run.stdout.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_output_follows_the_documented_schema() {
    let dir = common::fixture("check-note-date-order");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["errors"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "note-date-order");
    assert_eq!(d["file"], "notes/NCT-ICT-688.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(14), Some(12))
    );
    let kk = doc["locales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["locale"] == "kk")
        .unwrap();
    assert_eq!(
        (kk["translated"].as_u64(), kk["total"].as_u64()),
        (Some(23), Some(23))
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = common::fixture("none");
    assert_eq!(check(dir.path(), &["--format", "xml"]).code, 2);
}

#[test]
fn notes_missing_from_the_register_or_registered_twice() {
    expect(
        "check-register-missing",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=4,col=12,title=register-missing::NCT/ICT/688 is not in register.tsv: take numbers with `verbale new`",
    );
    expect(
        "check-register-duplicate",
        1,
        "::error file=register.tsv,line=5,col=1,title=register-duplicate::NCT/ICT/1013 is registered twice (first on line 4)",
    );
}

#[test]
fn enclosures_that_are_missing_or_malformed() {
    expect(
        "check-enclosure-missing",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=11,col=8,title=enclosure::cannot read enclosures/concept-paper.md: No such file or directory (os error 2)%0A= enclosure of note NCT/ICT/688",
    );
    expect(
        "check-enclosure-header",
        1,
        "::error file=enclosures/SUM-2022-DRAFT-3-Rev.1.md,line=6,col=10,title=enclosure::invalid type: integer `2022`, expected a string",
    );
}

//! `verbale check` on fixture projects, each the shipped project with one
//! planted defect (`tests/fixtures/check-*/edits.toml`): the defect is
//! found with its check id, file, line, column and message.

use crate::common;

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
fn fluent_syntax_errors_point_at_their_cause() {
    expect(
        "broken-ftl",
        1,
        "::error file=locales/ru/note.ftl,line=9,col=61,title=ftl-syntax::this `{` is never closed with `}`",
    );
    // At the end of the file: on its last line, not the empty one after.
    expect(
        "ftl-unclosed-at-end",
        1,
        "::error file=locales/kk/note.ftl,line=39,col=19,title=ftl-syntax::this `{` is never closed with `}`",
    );
    // A tab is named as such, on its own line.
    expect(
        "ftl-tab-indent",
        1,
        "::error file=locales/ru/note.ftl,line=18,col=1,title=ftl-syntax::a tab is used to indent: Fluent indents with spaces only%0A= replace the tab with spaces; the lines of a message after the first are indented with spaces",
    );
}

#[test]
fn a_file_in_another_encoding_is_named_once_and_a_byte_order_mark_is_fine() {
    let (code, lines) = annotations("ftl-windows-1251", &["--render"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "::error file=locales/ru/note.ftl,line=1,col=4,title=encoding::locales/ru/note.ftl is not UTF-8: it looks like windows-1251%0A= verbale reads text files as UTF-8 only%0A= convert it: iconv -f WINDOWS-1251 -t UTF-8 locales/ru/note.ftl > locales/ru/note.ftl.utf8 && mv locales/ru/note.ftl.utf8 locales/ru/note.ftl"
        ]
    );
    let (code, lines) = annotations("ftl-byte-order-mark", &["--render"]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
}

/// A file of the shipped project saved by iconv in `code_page`, as an
/// editor set to it saves it: `check` names the encoding (`named`) once, at
/// the first character that is not ASCII, and quotes that line as it was
/// written; the command it gives makes the file the very bytes it was.
fn saved_in(code_page: &str, file: &str, named: &str) {
    if !common::tool("iconv", "--version") {
        return;
    }
    let dir = common::fixture("none");
    let path = dir.path().join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let saved = std::process::Command::new("iconv")
        .args(["-f", "UTF-8", "-t", code_page])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        saved.status.success(),
        "{file} has characters {code_page} lacks"
    );
    std::fs::write(&path, saved.stdout).unwrap();

    let first = original.find(|c: char| !c.is_ascii()).unwrap();
    let line_start = original[..first].rfind('\n').map_or(0, |i| i + 1);
    let line = original[..first].matches('\n').count() + 1;
    let col = original[line_start..first].chars().count() + 1;
    let convert =
        format!("iconv -f {code_page} -t UTF-8 {file} > {file}.utf8 && mv {file}.utf8 {file}");
    let run = check(dir.path(), &["--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [format!(
            "::error file={file},line={line},col={col},title=encoding::{file} is not UTF-8: it looks like {named}%0A= verbale reads text files as UTF-8 only%0A= convert it: {convert}"
        )]
    );
    let written = original.lines().nth(line - 1).unwrap();
    let run = check(dir.path(), &[]);
    assert!(
        run.stdout.contains(&format!("{line} │ {written}\n")),
        "{}",
        run.stdout
    );

    let converted = std::process::Command::new("sh")
        .arg("-c")
        .arg(&convert)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(converted.success(), "{convert}");
    assert_eq!(std::fs::read(&path).unwrap(), original.as_bytes(), "{file}");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn kazakh_in_a_kazakh_code_page_is_named_so_and_converts_back_exactly() {
    for file in ["locales/kk/note.ftl", "notes/NCT-ICT-688.toml"] {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        assert!(
            text.contains('қ') && text.contains('ү'),
            "{file} has no Kazakh"
        );
    }
    saved_in("RK1048", "locales/kk/note.ftl", "KZ-1048");
    saved_in("PT154", "notes/NCT-ICT-688.toml", "PT154");
}

#[test]
fn russian_in_windows_1251_is_still_named_windows_1251() {
    saved_in("WINDOWS-1251", "locales/ru/note.ftl", "windows-1251");
}

#[test]
fn kazakh_that_reads_as_kazakh_in_two_code_pages_names_both_and_neither_letter() {
    let dir = common::fixture("none");
    // `# Ағылшын қазақ тілі` in KZ-1048; in PT154 its ғ (0xBA) is ә (its
    // қ, the same in both, is no letter of windows-1251's reading).
    std::fs::write(
        dir.path().join("locales/kk/extra.ftl"),
        b"# \xC0\xBA\xFB\xEB\xF8\xFB\xED \x9D\xE0\xE7\xE0\x9D \xF2\xB3\xEB\xB3\n",
    )
    .unwrap();
    let file = "locales/kk/extra.ftl";
    let convert = |from: &str| {
        format!("iconv -f {from} -t UTF-8 {file} > {file}.utf8 && mv {file}.utf8 {file}")
    };
    let run = check(dir.path(), &["--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [format!(
            "::error file={file},line=1,col=3,title=encoding::{file} is not UTF-8: it looks like KZ-1048 or PT154, and its letters do not tell which%0A= verbale reads text files as UTF-8 only%0A= these read some of its bytes as different letters (shown as �): converted from the wrong one, the file would get wrong letters%0A= if it was saved in KZ-1048, convert it: {}%0A= if it was saved in PT154, convert it: {}",
            convert("RK1048"),
            convert("PT154")
        )]
    );
    let run = check(dir.path(), &[]);
    assert!(
        run.stdout.contains("1 │ # А�ылшын қазақ тілі\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn duplicate_ids() {
    expect(
        "check-ftl-duplicate",
        1,
        "::error file=locales/ru/note.ftl,line=32,col=1,title=ftl-duplicate::message `page-label` is defined more than once in locale `ru`",
    );
}

#[test]
fn missing_translations_are_reported_in_the_file_to_edit() {
    // After the message that precedes it in the reference.
    expect(
        "check-missing-message",
        1,
        "::error file=locales/kk/note.ftl,line=9,col=1,title=missing-message::message `closing` is missing in locale `kk`",
    );
    expect(
        "check-missing-term",
        1,
        "::error file=locales/ru/note.ftl,line=46,col=1,title=missing-term::term `-org` is missing in locale `ru`",
    );
    expect(
        "check-missing-attribute",
        1,
        "::error file=locales/kk/note.ftl,line=16,col=1,title=missing-attribute::attribute `addressee-cica-member-states.block` is missing in locale `kk`",
    );
    // The reference definition is the secondary label.
    let dir = common::fixture("check-missing-message");
    let run = check(dir.path(), &[]);
    assert!(
        run.stdout.contains("^ add `closing` here, after `opening`")
            && run.stdout.contains("┌─ locales/en/note.ftl:11:1")
            && run
                .stdout
                .contains("defined here in the reference locale `en`"),
        "{}",
        run.stdout
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
        "::error file=locales/kk/note.ftl,line=10,col=33,title=variable-mismatch::`enclosure` uses `$count` in `kk` but not in the reference locale `en`",
    );
    expect(
        "check-variable-mismatch",
        1,
        "::error file=locales/kk/note.ftl,line=10,col=1,title=variable-mismatch::`enclosure` does not use `$pages` in `kk`, the reference locale `en` does",
    );
    // A misspelt variable is one fault: not also a variable missing, nor
    // a template call that does not pass it.
    let (code, lines) = annotations("check-variable-misspelt", &["--render"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("::error"))
            .collect::<Vec<_>>(),
        [
            "::error file=locales/kk/note.ftl,line=10,col=33,title=variable-mismatch::`enclosure` uses `$page` in `kk` where the reference locale `en` uses `$pages`%0A= did you mean `$pages`?"
        ],
    );
}

#[test]
fn references_to_undefined_messages() {
    let (code, lines) = annotations("check-unknown-reference", &["--render"]);
    assert_eq!(code, 1);
    // Reported once, by the locale's check, not again for every note.
    assert_eq!(
        lines,
        [
            "::error file=locales/ru/note.ftl,line=11,col=32,title=unknown-reference::`place-and-date` refers to `date-plian`, which locale `ru` does not define%0A= did you mean `date-plain`?"
        ]
    );
}

#[test]
fn messages_that_refer_to_themselves() {
    expect(
        "ftl-self-reference",
        1,
        "::error file=locales/ru/dates.ftl,line=24,col=15,title=message-cycle::`date-full` refers to itself",
    );
    // Two English messages in a circle: blamed on English alone, once.
    let (code, lines) = annotations("ftl-mutual-reference", &["--render"]);
    assert_eq!(code, 1);
    // (The English edit also leaves the translations outdated: warnings.)
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(
        errors,
        [
            "::error file=locales/en/dates.ftl,line=22,col=33,title=message-cycle::`date-event` → `date-full` → `date-event` refer to each other in a circle"
        ]
    );
}

#[test]
fn date_functions_called_wrongly() {
    expect(
        "date-function-arguments",
        1,
        "::error file=locales/ru/dates.ftl,line=7,col=16,title=date-function::DAY() takes one date, but `date-plain` gives it 2",
    );
    // Given a place name instead of a date: an error at the call, never
    // `DAY()` printed in the PDF.
    let (code, lines) = annotations("date-function-not-a-date", &["--render"]);
    assert_eq!(code, 1);
    assert!(
        lines.iter().any(|l| l.starts_with("::error file=locales/en/note.ftl,line=15,col=32,title=message::in locale `en`, `place-and-date`: DAY() takes a date, but was given the text `Nur-Sultan`")),
        "{lines:?}"
    );
}

#[test]
fn plural_selectors_missing_a_cldr_category() {
    expect(
        "check-plural-category",
        1,
        "::error file=locales/ru/note.ftl,line=32,col=47,title=plural-category::plural selector in `outline-version` lacks [few] for locale `ru` (CLDR: few, many, one, other)",
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
        "::error file=templates/note-verbale.tera,line=26,col=4,title=template-message::`signature` is missing in locale `ru`%0A= add `signature` to a file of locales/ru/",
    );
    expect(
        "check-template-variable",
        1,
        "::error file=templates/note-verbale.tera,line=7,col=4,title=template-variable::`note-number` in locale `kk` uses `$number`, which this call does not pass",
    );
    // A typo in the attribute the template asks for is the template's.
    expect(
        "template-attribute-typo",
        1,
        "::error file=templates/note-verbale.tera,line=26,col=4,title=template-message::message `addressee-cica-member-states` has no attribute `.blok` in locale `en`%0A= did you mean `.block`?",
    );
    expect(
        "check-runtime-only",
        1,
        "::error file=templates/note-verbale.tera,line=26,col=4,title=template-render::Variable `signatory` is not defined. Available variables: addressee, dates, enclosure_pages, issued, lang, number, place, sequence, series, text",
    );
}

#[test]
fn template_syntax_errors_are_caught_by_check_as_by_build() {
    expect(
        "template-unclosed-braces",
        1,
        "::error file=templates/letterhead.tera,line=4,col=23,title=template-syntax::Found `}` but expected }}.",
    );
    expect(
        "template-missing-endif",
        1,
        "::error file=templates/note-verbale.tera,line=25,col=48,title=template-syntax::Unexpected end of input%0A= the template ends before `{%25 endif %25}` closes what it opened",
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
        "::error file=notes/NCT-ICT-1013.toml,line=23,col=1,title=note-missing-text::text `continued` is missing in language `kk`%0A= another language of the note has it%0A= `continued`: the rest of the opening paragraph, after the action",
    );
    expect(
        "check-note-language",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=8,col=32,title=note-language::language `de` has no locale in locales/",
    );
    expect(
        "check-note-message",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=6,col=9,title=note-message::`place-astana-city` is missing in every language of the note (en, ru, kk)",
    );
    // Forgotten in one locale only, it is that locale's gap, reported once
    // where it would go, not again at the note.
    let (code, lines) = annotations("check-note-message-one-locale", &["--render"]);
    assert_eq!(code, 1);
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(
        errors,
        [
            "::error file=locales/kk/note.ftl,line=14,col=1,title=missing-message::message `place-almaty` is missing in locale `kk`"
        ],
    );
    expect(
        "check-note-text",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=47,col=24,title=note-text::unknown variable `$dedline` in `kk` (the note has `$deadline`, `$number`); did you mean `$deadline`?",
    );
    expect(
        "note-text-unclosed-brace",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=33,col=58,title=note-text::this `{` is never closed with `}`%0A= in text `body` of `ru`",
    );
    expect(
        "note-template-unknown",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=9,col=12,title=note-template::there is no template `note-verbal` (templates/note-verbal.tera with its settings templates/note-verbal.toml)%0A= did you mean `note-verbale`?",
    );
}

#[test]
fn a_misspelt_text_is_an_error_in_every_language_not_a_silent_loss() {
    let (code, lines) = annotations("note-text-key-typo", &[]);
    assert_eq!(code, 1);
    for (lang, line) in [("en", 17), ("ru", 21), ("kk", 25)] {
        let wanted = format!(
            "::error file=notes/NCT-ICT-1013.toml,line={line},col=1,title=unknown-key::unknown text `continud` in `[text.{lang}]`; did you mean `continued`?%0A= template `note-verbale` takes the texts `action`, `body`, `continued` (templates/note-verbale.toml)"
        );
        assert!(lines.contains(&wanted), "{wanted}\n{lines:?}");
    }
    // In one language: the typo is named there, and the missing text is
    // asked for — never the other languages told to copy the typo.
    let (_, lines) = annotations("note-text-key-typo-kk", &[]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("text `continued` is missing in language `kk`"));
    assert!(lines[1].contains("unknown text `continud` in `[text.kk]`; did you mean `continued`?"));
}

#[test]
fn unknown_keys_anywhere_are_errors_with_a_suggestion() {
    for (case, wanted) in [
        (
            "unknown-key-note",
            "::error file=notes/NCT-ICT-688.toml,line=9,col=1,title=unknown-key::unknown key `templat`; did you mean `template`?",
        ),
        (
            "unknown-key-note",
            "::error file=notes/NCT-ICT-688.toml,line=15,col=33,title=unknown-key::unknown key `stlye` in `[dates.deadline]`; did you mean `style`?",
        ),
        (
            "unknown-key-style",
            "::error file=templates/note-verbale.toml,line=12,col=1,title=unknown-key::unknown key `blod` in `[block.letterhead]`; did you mean `bold`?",
        ),
        (
            "unknown-key-config",
            "::error file=verbale.toml,line=10,col=1,title=unknown-key::unknown key `dri` in `[output]`; did you mean `dir`?%0A= the keys here are `dir`",
        ),
        (
            "unknown-key-locale",
            "::error file=locales/kk/locale.toml,line=28,col=1,title=unknown-key::unknown key `rule` in `[hyphenation]`; did you mean `rules`?%0A= the keys here are `rules`, `agree_with`, `exceptions`, `shortest_piece`, `shortest_word`, `suffix_after_number`, `suffix_after_abbreviation`",
        ),
        (
            "unknown-key-enclosure",
            "::error file=enclosures/SUM-2022-DRAFT-3-Rev.1.md,line=8,col=1,title=unknown-key::unknown key `distrbution`; did you mean `distribution`?",
        ),
    ] {
        let (code, lines) = annotations(case, &[]);
        assert_eq!(code, 1, "{case}");
        assert!(
            lines.iter().any(|l| l.starts_with(wanted)),
            "{case}: expected\n  {wanted}\ngot\n  {}",
            lines.join("\n  ")
        );
        // The typo is all there is to say: no "missing field" follows it.
        assert!(
            !lines.iter().any(|l| l.contains("missing field")),
            "{case}: {lines:?}"
        );
    }
}

#[test]
fn note_dates_and_numbers() {
    expect(
        "check-note-date-order",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=14,col=12,title=note-date-order::deadline `deadline` (2022-05-06) is before the issue date (2022-05-26)",
    );
    let (_, lines) = annotations("check-note-date-style", &[]);
    assert!(
        lines.contains(&"::error file=notes/NCT-ICT-688.toml,line=14,col=41,title=note-date-style::date `deadline` has style `deadlin`, but locale `ru` has no `date-deadlin`%0A= did you mean `deadline`?".to_string()),
        "{lines:?}"
    );
    // The date's texts are not blamed for it.
    assert!(!lines.iter().any(|l| l.contains("note-text")), "{lines:?}");
    expect(
        "check-note-duplicate-number",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=4,col=12,title=note-duplicate-number::number NCT/ICT/1013 is already used by notes/NCT-ICT-1013.toml",
    );
    expect(
        "note-file-name-clash",
        1,
        "::error file=notes/other.toml,line=1,col=10,title=note-file-name::NCT/ICT/1013 and NCT-ICT/1013 would both be written to NCT-ICT-1013.pdf",
    );
}

#[test]
fn deadlines_and_events_on_a_weekend_or_holiday_are_warned_of() {
    let (code, lines) = annotations("check-note-date-weekend", &[]);
    assert_eq!(code, 0, "warnings only: {lines:?}");
    for wanted in [
        "::warning file=notes/NCT-ICT-688.toml,line=14,col=12,title=note-date-weekend::deadline `deadline` falls on a Sunday (2022-06-05)",
        "::warning file=notes/NCT-ICT-1013.toml,line=13,col=11,title=note-date-weekend::event `meeting` falls on a holiday listed in verbale.toml (2022-08-17)",
    ] {
        assert!(
            lines.iter().any(|l| l == wanted),
            "expected\n  {wanted}\ngot\n  {}",
            lines.join("\n  ")
        );
    }
    assert_eq!(lines.len(), 2, "{lines:?}");
    let (code, _) = annotations("check-note-date-weekend", &["--deny-warnings"]);
    assert_eq!(code, 1);
    // The shipped notes' dates are working days.
    let (_, lines) = annotations("none", &[]);
    assert!(
        !lines.iter().any(|l| l.contains("note-date-weekend")),
        "{lines:?}"
    );
}

#[test]
fn characters_the_fonts_cannot_print() {
    let (code, lines) = annotations("check-missing-glyph", &[]);
    assert_eq!(code, 1);
    // The word is typed into the English text: its translations are then
    // outdated, which are warnings.
    let lines: Vec<&String> = lines.iter().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(lines.len(), 1, "one word, one error: {lines:?}");
    assert!(
        lines[0].starts_with("::error file=notes/NCT-ICT-688.toml,line=17,col=39,title=missing-glyph::`კონცეფცია` would print as empty boxes: the fonts have no glyph for კ (U+10D9), ო (U+10DD)"),
        "{lines:?}"
    );
}

#[test]
fn style_sheets_that_would_set_nothing() {
    let (code, lines) = annotations("style-zero-size", &[]);
    assert_eq!(code, 1, "{lines:?}");
    assert!(
        lines.iter().any(|l| l == "::error file=templates/note-verbale.toml,line=27,col=8,title=template-style::block `body` needs a size above 0 that fits on the page"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l == "::error file=templates/enclosure.toml,line=14,col=18,title=template-style::the letter spacing must be between 0 and 0.1 em"),
        "{lines:?}"
    );
    for wanted in [
        "::error file=templates/note-verbale.toml,line=17,col=54,title=template-style::the picture of block `letterhead` needs a width above 0 that fits in the text column",
        "::error file=templates/note-verbale.toml,line=41,col=24,title=template-style::block `place-date` leaves no room for text beside its seal space",
    ] {
        assert!(lines.iter().any(|l| l == wanted), "{wanted}\n{lines:#?}");
    }
}

#[test]
fn incomplete_locales_have_warnings_for_gaps() {
    let (code, lines) = annotations("check-incomplete-locale", &[]);
    // The gap is a warning; notes that need the message cannot be set.
    assert_eq!(code, 1);
    assert!(lines.contains(&"::warning file=locales/kk/note.ftl,line=9,col=1,title=missing-message::message `closing` is missing in locale `kk`".to_string()), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("::error file=locales/kk/note.ftl,title=incomplete-locale::note NCT/ICT/688 needs `closing`, which locale `kk` lacks")), "{lines:?}");
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
        run.stdout.contains("┌─ locales/ru/note.ftl:32:47"),
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

/// A name typed with a Russian or Kazakh keyboard layout still on looks
/// right and is not: each is named, with the Cyrillic letter that stands
/// for a Latin one.
#[test]
fn cyrillic_letters_that_look_latin_are_named() {
    expect(
        "ftl-cyrillic-variable",
        1,
        "::error file=locales/kk/note.ftl,line=9,col=57,title=ftl-syntax::names of messages, terms and variables are written in Latin letters, and `а` (U+0430) is not one%0A= `а` in `аddressee` is the Cyrillic letter U+0430, not the Latin `a`: type it with the Latin keyboard layout",
    );
    expect(
        "note-cyrillic-series",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=3,col=10,title=register-missing::NCT/IСT/688 is not in register.tsv: take numbers with `verbale new`%0A= `С` in `NCT/IСT` is the Cyrillic letter U+0421, not the Latin `C`: type it with the Latin keyboard layout",
    );
    expect(
        "note-cyrillic-language",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=8,col=26,title=note-language::language `кк` has no locale in locales/%0A= did you mean `kk`?",
    );
    // Its confirmations wait for the typo to be mended.
    let (_, lines) = annotations("note-cyrillic-language", &[]);
    assert!(
        !lines.iter().any(|l| l.contains("stale-confirmation")),
        "{lines:?}"
    );
    // Asked for on the command line too.
    let dir = common::fixture("none");
    let out = common::run(dir.path(), &["new", "--series", "NCT/IСT"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "error: series `NCT/IСT` is not used in this project; did you mean `NCT/ICT`?\n  \
             = `С` in `NCT/IСT` is the Cyrillic letter U+0421, not the Latin `C`: type it with the Latin keyboard layout\n"
        ),
        "{}",
        out.stderr
    );
}

/// A text the template never prints would be left out of the PDF: an
/// error at the text's key, in every language, and the note is not built.
#[test]
fn a_text_the_template_never_prints_is_an_error_at_its_key() {
    let (code, lines) = annotations("template-forgets-body", &["--render"]);
    assert_eq!(code, 1, "{lines:?}");
    for (line, lang) in [(18, "en"), (31, "ru"), (45, "kk")] {
        let wanted = format!(
            "::error file=notes/NCT-ICT-688.toml,line={line},col=1,title=template-unprinted-text::template `note-verbale` never prints text `body`, so it would be left out of the `{lang}` version"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&wanted)),
            "{wanted}\n{lines:?}"
        );
    }
    // Through filters, a text is printed all the same, and the filters
    // see it as written: `capitalize` capitalizes its first letter.
    let dir = common::fixture("template-filters-text");
    let run = common::run(
        dir.path(),
        &["render", "--lang", "ru", "notes/NCT-ICT-1013.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.path().join("out/proofs/NCT-ICT-1013.proof-ru.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let text = common::extract::normalize(&common::extract::pages_text(&bytes).unwrap().join("\n"));
    assert!(text.contains("Данный вопрос будет включен"), "{text}");
    let (_, lines) = annotations("template-empty", &["--render"]);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("title=template-unprinted-text"))
            .count(),
        12,
        "{lines:?}"
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
fn enclosures_that_are_missing_malformed_or_outside_the_project() {
    expect(
        "check-enclosure-missing",
        1,
        "::error file=notes/NCT-ICT-688.toml,line=11,col=8,title=io::enclosures/concept-paper.md does not exist%0A= enclosure of note NCT/ICT/688",
    );
    expect(
        "check-enclosure-header",
        1,
        "::error file=enclosures/SUM-2022-DRAFT-3-Rev.1.md,line=6,col=10,title=enclosure::invalid type: integer `2022`, expected a string",
    );
    // Without --render too: what the enclosure is set in is known before
    // it is set.
    expect(
        "check-enclosure-language",
        1,
        "::error file=enclosures/SUM-2022-DRAFT-3-Rev.1.md,line=10,col=12,title=enclosure::there is no locale `kz` to set this document in%0A= did you mean `kk`?",
    );
    for (case, path) in [
        (
            "enclosure-outside-parent",
            "../outside.md is outside the project",
        ),
        (
            "enclosure-outside-absolute",
            "/etc/verbale-outside.md is outside the project",
        ),
        (
            "enclosure-outside-symlink",
            "enclosures/linked.md is outside the project (it leads to /etc/hostname)",
        ),
    ] {
        let (code, lines) = annotations(case, &[]);
        assert_eq!(code, 1, "{case}");
        let wanted = format!(
            "::error file=notes/NCT-ICT-688.toml,line=11,col=8,title=outside-project::{path}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&wanted)),
            "{case}: {lines:?}"
        );
    }
    // A template that is a symlink out of the project, and a font named
    // outside it, are refused too.
    let (_, lines) = annotations("template-symlink-outside", &[]);
    assert!(lines.iter().any(|l| l.starts_with("::error file=templates/letterhead.tera,title=outside-project::templates/letterhead.tera is outside the project (it leads to /etc/hostname)")), "{lines:?}");
    let (_, lines) = annotations("font-outside", &[]);
    assert!(lines.iter().any(|l| l.starts_with("::error file=verbale.toml,line=4,col=11,title=outside-project::../fonts/LiberationSerif-Regular.ttf is outside the project")), "{lines:?}");
}

#[test]
fn a_picture_that_cannot_be_read_is_an_error_at_its_file_key() {
    let (code, lines) = annotations("style-image-unreadable", &[]);
    assert_eq!(code, 1, "{lines:?}");
    for wanted in [
        "::error file=templates/note-verbale.toml,line=17,col=18,title=io::assets/emblem/emblem-2027.svg does not exist",
        "::error file=templates/enclosure.toml,line=16,col=18,title=style-image::block `enc-organisation`: assets/emblem/README.md is neither a PNG nor an SVG picture (an SVG's name ends in `.svg`)",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(wanted)),
            "expected\n  {wanted}\ngot\n  {}",
            lines.join("\n  ")
        );
    }
    assert!(
        lines.iter().any(|l| l.contains("emblem-2027.svg")),
        "{lines:?}"
    );
}

/// An SVG emblem holding what cannot be drawn as it shows (Kazakh and
/// Russian lettering left as text, a gradient, a half-transparent layer):
/// an error at each element, in the SVG, in `check` as in `build`.
#[test]
fn what_an_svg_emblem_cannot_show_is_an_error_at_its_element() {
    let (code, lines) = annotations("style-image-svg", &[]);
    assert_eq!(code, 1, "{lines:?}");
    for wanted in [
        "::error file=assets/emblem/emblem-2027.svg,line=3,col=5,title=style-image::a radial gradient is not drawn",
        "::error file=assets/emblem/emblem-2027.svg,line=10,col=3,title=style-image::group opacity is not drawn",
        "::error file=assets/emblem/emblem-2027.svg,line=13,col=3,title=style-image::text is not drawn: convert it to paths",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(wanted)),
            "expected\n  {wanted}\ngot\n  {}",
            lines.join("\n  ")
        );
    }
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::error")).count(),
        3,
        "{lines:?}"
    );
}

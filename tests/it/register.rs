//! `verbale new`, `withdraw` and `register`: numbers are never given twice,
//! not even by drafters working at the same moment.

use crate::common;

use std::process::Command;

use crate::common::verbale;

fn sequences(dir: &std::path::Path, series: &str) -> Vec<u32> {
    let text = std::fs::read_to_string(dir.join("register.tsv")).unwrap();
    let mut found: Vec<u32> = text
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter_map(|n| n.strip_prefix(&format!("{series}/")))
        .filter_map(|n| n.parse().ok())
        .collect();
    found.sort();
    found
}

#[test]
fn new_takes_the_next_number_and_writes_a_note_that_checks_clean() {
    let dir = common::fixture("none");
    let out = verbale(
        dir.path(),
        &[
            "new",
            "--series",
            "NCT/ICT",
            "--date",
            "2022-09-20",
            "--subject",
            "Agenda",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "notes/NCT-ICT-1014.toml\n"
    );
    let note = std::fs::read_to_string(dir.path().join("notes/NCT-ICT-1014.toml")).unwrap();
    assert!(
        note.contains("sequence = 1014\n") && note.contains("\nissued = 2022-09-20\n"),
        "{note}"
    );
    let register = std::fs::read_to_string(dir.path().join("register.tsv")).unwrap();
    assert!(
        register.ends_with("NCT/ICT/1014\t2022-09-20\tissued\tAgenda\n"),
        "{register}"
    );
    // Every field says what goes there, in a comment above it (or above
    // the fields it comes with); the texts' explanations are the
    // template's own (`[texts.*] about`).
    let lines: Vec<&str> = note.lines().collect();
    let field = |l: &str| l.contains(" = ") && !l.starts_with('#');
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| field(l)) {
        let above = lines[..i]
            .iter()
            .rev()
            .find(|l| !field(l) && !l.starts_with('['));
        assert!(
            above.is_some_and(|l| l.starts_with("# ")),
            "line {}: `{line}` has no comment above it\n{note}",
            i + 1
        );
    }
    assert!(note.starts_with("# Agenda\n"), "{note}");
    assert!(
        note.contains("# action (required): what the Secretariat has the honour to do: completes “… and has the honour to …”, without the final full stop\naction = \"\"\n"),
        "{note}"
    );
    assert!(note.contains("# body (optional): the paragraphs after the opening one; a blank line starts a new paragraph\n# body = \"\"\n"), "{note}");
    // The skeleton is a valid note: only its empty texts are left to write,
    // and check says which, in which language, in plain words.
    let check = verbale(dir.path(), &["check", "--format", "github"]);
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8_lossy(&check.stdout);
    let errors: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    let at = |lang: &str| {
        let n = lines
            .iter()
            .position(|l| *l == format!("[text.{lang}]"))
            .unwrap()
            + 3;
        format!(
            "::error file=notes/NCT-ICT-1014.toml,line={n},col=10,title=note-empty-text::text `action` in `{lang}` is still empty"
        )
    };
    assert_eq!(errors, [at("en"), at("ru"), at("kk")], "{report}");
}

#[test]
fn a_subject_pasted_over_several_lines_is_kept_on_one() {
    let dir = common::fixture("none");
    let subject = "О проекте повестки дня\nзаседания СРГ\r\n\tв Астане";
    let out = verbale(
        dir.path(),
        &[
            "new",
            "--series",
            "NCT/ICT",
            "--date",
            "2022-09-20",
            "--subject",
            subject,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = std::fs::read_to_string(dir.path().join("notes/NCT-ICT-1014.toml")).unwrap();
    assert!(
        note.starts_with("# О проекте повестки дня заседания СРГ в Астане\n"),
        "{note}"
    );
    let register = std::fs::read_to_string(dir.path().join("register.tsv")).unwrap();
    assert!(
        register.ends_with("\tissued\tО проекте повестки дня заседания СРГ в Астане\n"),
        "{register}"
    );
    // The note reads: only its empty texts are left.
    let check = verbale(dir.path(), &["check", "--format", "github"]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(!report.contains("note-syntax"), "{report}");
    assert_eq!(report.matches("note-empty-text").count(), 3, "{report}");
}

#[test]
fn concurrent_drafters_get_distinct_contiguous_numbers() {
    let dir = common::fixture("none");
    let children: Vec<_> = (0..12)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_verbale"))
                .arg("-C")
                .arg(dir.path())
                .args([
                    "new",
                    "--series",
                    "T/X",
                    "--new-series",
                    "--date",
                    "2026-01-05",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut paths = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        paths.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
    }
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 12, "two drafters got one number: {paths:?}");
    assert_eq!(sequences(dir.path(), "T/X"), (1..=12).collect::<Vec<u32>>());
    for n in 1..=12 {
        assert!(dir.path().join(format!("notes/T-X-{n}.toml")).exists());
    }
}

#[test]
fn a_withdrawn_number_is_never_reused() {
    let dir = common::fixture("none");
    let first = verbale(
        dir.path(),
        &[
            "new",
            "--series",
            "W/1",
            "--new-series",
            "--date",
            "2026-01-05",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&first.stdout), "notes/W-1-1.toml\n");
    let out = verbale(dir.path(), &["withdraw", "W/1/1"]);
    assert!(out.status.success());
    // Even with the note file gone, the number stays taken.
    std::fs::remove_file(dir.path().join("notes/W-1-1.toml")).unwrap();
    let second = verbale(
        dir.path(),
        &["new", "--series", "W/1", "--date", "2026-01-06"],
    );
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "notes/W-1-2.toml\n"
    );
    let listing = String::from_utf8(verbale(dir.path(), &["register"]).stdout).unwrap();
    assert!(
        listing.contains("W/1/1\t2026-01-05\twithdrawn\t\n"),
        "{listing}"
    );
    assert!(
        listing.contains("W/1/2\t2026-01-06\tissued\t\n"),
        "{listing}"
    );
    let again = verbale(dir.path(), &["withdraw", "W/1/1"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already withdrawn"));
    // A number never issued is a mistyped argument, not a fault of the
    // project's files.
    let never = verbale(dir.path(), &["withdraw", "W/1/99"]);
    assert_eq!(never.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&never.stderr).contains("W/1/99 is not in the register"));
}

#[test]
fn a_new_series_is_opened_only_on_purpose() {
    let dir = common::fixture("none");
    let p = dir.path();
    let before = std::fs::read_to_string(p.join("register.tsv")).unwrap();
    for typo in ["NCT-ICT", "nct/ict", "NCT/IC"] {
        let out = verbale(p, &["new", "--series", typo, "--date", "2026-01-05"]);
        assert_eq!(out.status.code(), Some(2), "{typo}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "error: series `{typo}` is not used in this project; did you mean `NCT/ICT`?"
            )),
            "{typo}: {err}"
        );
        assert!(err.contains("open a new one with --new-series"), "{err}");
    }
    // Nothing was recorded, nothing written.
    assert_eq!(
        std::fs::read_to_string(p.join("register.tsv")).unwrap(),
        before
    );
    assert!(!p.join("notes/NCT-ICT-1.toml").exists());
    // `NCT-ICT` would name its notes like `NCT/ICT`: refused even on purpose.
    let out = verbale(
        p,
        &[
            "new",
            "--series",
            "NCT-ICT",
            "--new-series",
            "--date",
            "2026-01-05",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "series `NCT-ICT` would name its notes like series `NCT/ICT` (NCT-ICT-1.toml): choose another"
    ));
    // A series declared in verbale.toml may be used before any note has it.
    let config = std::fs::read_to_string(p.join("verbale.toml")).unwrap();
    std::fs::write(
        p.join("verbale.toml"),
        format!("{config}\n[register]\nseries = [\"NCT/SEC\"]\n"),
    )
    .unwrap();
    let out = verbale(p, &["new", "--series", "NCT/SEC", "--date", "2026-01-05"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "notes/NCT-SEC-1.toml\n"
    );
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let dir = common::fixture("none");
    let out = verbale(
        dir.path(),
        &["new", "--series", "NCT/ICT", "--kind", "note-verbal"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `note-verbale`?"), "{err}");
    assert!(err.contains("The kinds are: note-verbale"), "{err}");
}

#[test]
fn register_exports_csv() {
    let dir = common::fixture("none");
    let out = verbale(dir.path(), &["register", "--format", "csv"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("number,series,sequence,date,status,subject")
    );
    assert_eq!(
        lines.next(),
        Some(
            "NCT/ICT/688,NCT/ICT,688,2022-05-26,issued,\"Draft Concept Paper and Plan of Implementation of the CBM \"\"Security of and in the use of ICTs\"\" for 2022-2023\""
        )
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("NCT/ICT/1013,NCT/ICT,1013,2022-08-12,issued,")
    );
}

//! Shared by the integration tests: the shipped project, fixture projects
//! made from it, the `verbale` binary, and a PDF text extractor.

#![allow(dead_code)]

pub mod extract;
pub mod synth;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use verbale::diag::Severity;
use verbale::note::Note;
use verbale::project::Project;
use verbale::render::Rendered;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped project, which must load without a problem.
pub fn project() -> Project {
    load(&root())
}

/// A project that must load without an error.
pub fn load(dir: &Path) -> Project {
    let (project, diags) = Project::load(dir);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.short(&project.world))
        .collect();
    assert!(
        errors.is_empty(),
        "the project does not load:\n{}",
        errors.join("\n")
    );
    project
}

pub fn note(project: &Project, path: &str) -> Note {
    project
        .load_note(Path::new(path))
        .unwrap_or_else(|d| panic!("{path}: {d:?}"))
}

/// A shipped note with its enclosure file replaced by a typed count of 3
/// pages: the note alone, as a three-page document.
pub fn bare_note(path: &str) -> Note {
    let source = fs::read_to_string(root().join(path)).expect("note reads");
    let bare: Vec<&str> = source
        .lines()
        .map(|l| {
            if l.starts_with("file = \"enclosures/") {
                "pages = 3"
            } else {
                l
            }
        })
        .collect();
    let bare = bare.join("\n");
    assert_ne!(bare, source.trim_end(), "{path} names no enclosure file");
    Note::parse(Path::new(path), &bare).unwrap_or_else(|d| panic!("{path}: {d:?}"))
}

/// Text extracted from the PDF, per language version, words rejoined.
pub fn version_texts(rendered: &Rendered) -> BTreeMap<String, String> {
    let pages = extract::pages_text(&rendered.pdf).expect("PDF reads back");
    let mut out = BTreeMap::new();
    let mut first = 0;
    for v in &rendered.versions {
        let text = pages[first..first + v.pages.len()].join("\n");
        out.insert(v.lang.clone(), extract::normalize(&text));
        first += v.pages.len();
    }
    out
}

/// Runs the `verbale` binary on the project in `dir`.
pub fn verbale(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("verbale runs")
}

/// Starts `verbale watch` with `args` on the project in `dir`. What it
/// says goes to a pipe, for a test that reads it after killing it.
pub fn spawn_watch(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("-C")
        .arg(dir)
        .arg("watch")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `cond` holds, at most `limit`; how long it took.
pub fn wait_for(limit: Duration, cond: impl Fn() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if cond() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = verbale(dir, args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Whether an outside tool (pdftotext, qpdf) can be used. Where CI runs
/// (`CI` set), a missing tool fails the test instead of skipping it: a
/// green CI must not hide a missing install step.
pub fn tool(name: &str, probe: &str) -> bool {
    let found = Command::new(name).arg(probe).output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed, and CI is set: .ci/run must install it"
        );
        eprintln!("{name} not installed; skipped (CI installs it)");
    }
    found
}

/// Asserts that `qpdf --check` finds `pdf` (named `what` in the failure)
/// sound, where qpdf is installed.
pub fn assert_qpdf_clean(what: &str, pdf: &[u8]) {
    if !tool("qpdf", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("note.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what}: qpdf --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The items of the shipped project a fixture starts from.
pub const PROJECT_ITEMS: [&str; 7] = [
    "verbale.toml",
    "register.tsv",
    "locales",
    "templates",
    "notes",
    "enclosures",
    "assets",
];

/// A copy of the shipped project in a temporary directory, with the files
/// of `tests/fixtures/<name>/` laid over it and its `edits.toml` applied.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for item in PROJECT_ITEMS {
        copy(&root().join(item), &dir.path().join(item));
    }
    let overlay = root().join("tests/fixtures").join(name);
    if overlay.exists() {
        copy(&overlay, dir.path());
    }
    let edits = dir.path().join("edits.toml");
    if edits.exists() {
        apply_edits(dir.path(), &fs::read_to_string(&edits).unwrap());
        fs::remove_file(edits).unwrap();
    }
    for leftover in ["expected.stderr", "about.md"] {
        let _ = fs::remove_file(dir.path().join(leftover));
    }
    dir
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edits {
    #[serde(default)]
    edit: Vec<Edit>,
    /// Files written whole, for what a find-and-replace cannot make (bytes
    /// in another encoding, a byte order mark, a symlink).
    #[serde(default)]
    file: Vec<NewFile>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewFile {
    path: String,
    /// Text of the file.
    #[serde(default)]
    text: Option<String>,
    /// Re-encode an existing file of the project: `windows-1251`, or
    /// `utf-8-bom` for a byte order mark.
    #[serde(default)]
    encode: Option<String>,
    /// Make it a symlink to this path.
    #[serde(default)]
    symlink: Option<String>,
    /// Remove it.
    #[serde(default)]
    remove: bool,
}

/// Plants a fixture's defect: each `find` must occur exactly once, so that
/// a fixture cannot silently stop planting anything.
fn apply_edits(dir: &Path, text: &str) {
    let edits: Edits = toml::from_str(text).expect("edits.toml parses");
    for e in edits.edit {
        let path = dir.join(&e.file);
        let source = fs::read_to_string(&path).unwrap_or_else(|_| panic!("no {}", e.file));
        assert_eq!(
            source.matches(&e.find).count(),
            1,
            "{}: `{}` must occur once",
            e.file,
            e.find
        );
        fs::write(&path, source.replacen(&e.find, &e.replace, 1)).unwrap();
    }
    for f in edits.file {
        let path = dir.join(&f.path);
        if f.remove {
            fs::remove_file(&path).unwrap();
            continue;
        }
        if let Some(target) = &f.symlink {
            let target = target.replace("$DIR", &dir.display().to_string());
            let _ = fs::remove_file(&path);
            std::os::unix::fs::symlink(target, &path).unwrap();
            continue;
        }
        if let Some(text) = &f.text {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        }
        match f.encode.as_deref() {
            Some("windows-1251") => {
                let text = fs::read_to_string(&path).unwrap();
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
                assert!(!unmappable, "{} has characters windows-1251 lacks", f.path);
                fs::write(&path, bytes).unwrap();
            }
            Some("utf-8-bom") => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend(fs::read(&path).unwrap());
                fs::write(&path, bytes).unwrap();
            }
            Some(other) => panic!("unknown encoding {other}"),
            None => {}
        }
    }
}

pub fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

/// The names of every fixture project in `tests/fixtures/` (all but the
/// reference sentences).
pub fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "reference")
        .collect();
    names.sort();
    names
}

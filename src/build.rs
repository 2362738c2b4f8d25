//! Renders notes to files, in parallel, rebuilding only what changed.
//!
//! A manifest in the output folder (`.verbale-manifest`) records, for each
//! note, a fingerprint of everything its PDF was made from: the note file,
//! the locales of its languages, its template and style sheet, the fonts,
//! the hyphenation data, the settings and the tool's version. A note whose
//! fingerprint and PDF are unchanged is skipped.
//!
//! Each PDF is written to a temporary file beside its target and renamed
//! into place, so an interrupted run leaves every output either old or new,
//! never truncated.

use std::collections::BTreeMap;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::note::Note;
use crate::project::Project;
use crate::render;
use crate::world::fingerprint;

pub const MANIFEST: &str = ".verbale-manifest";

/// What became of one note.
pub enum Status {
    Built(PathBuf),
    Unchanged(PathBuf),
    Failed(Diagnostics),
}

pub struct Outcome {
    /// The note file, relative to the project.
    pub note: PathBuf,
    pub status: Status,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub out_dir: PathBuf,
    /// Rebuild even what is up to date.
    pub force: bool,
    /// Draw a progress bar on standard error when it is a terminal.
    pub progress: bool,
}

/// Counts for the one-line summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub unchanged: usize,
    pub failed: usize,
}

impl Summary {
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let mut s = Summary::default();
        for o in outcomes {
            match o.status {
                Status::Built(_) => s.built += 1,
                Status::Unchanged(_) => s.unchanged += 1,
                Status::Failed(_) => s.failed += 1,
            }
        }
        s
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} built, {} unchanged, {} failed",
            self.built, self.unchanged, self.failed
        )
    }
}

/// Renders every note in `notes/`; one failing note does not stop the others.
pub fn build_all(project: &Project, options: &Options) -> Result<Vec<Outcome>, Diagnostic> {
    let notes = project
        .note_files()
        .map_err(|e| Diagnostic::error("io", format!("cannot list notes/: {e}")))?;
    Ok(build(project, &notes, options))
}

/// Renders the given note files (paths relative to the project or
/// absolute) in parallel over all cores.
pub fn build(project: &Project, notes: &[PathBuf], options: &Options) -> Vec<Outcome> {
    let out_dir = &options.out_dir;
    remove_stale_temporaries(out_dir);
    let previous = read_manifest(out_dir);
    let manifest = Mutex::new(previous.clone());
    let done = AtomicUsize::new(0);
    let bar = Progress::new(options.progress, notes.len());
    let outcomes: Vec<Outcome> = notes
        .par_iter()
        .map(|path| {
            let outcome = build_one(project, path, options, &previous, &manifest);
            bar.tick(done.fetch_add(1, Ordering::Relaxed) + 1);
            outcome
        })
        .collect();
    bar.finish();
    let manifest = manifest.into_inner().unwrap_or_else(|e| e.into_inner());
    if manifest != previous {
        // Losing the manifest only costs a rebuild; the PDFs are written.
        let _ = write_manifest(out_dir, &manifest);
    }
    outcomes
}

/// manifest: note path → (output file name, fingerprint).
type Manifest = BTreeMap<String, (String, u64)>;

fn build_one(
    project: &Project,
    path: &Path,
    options: &Options,
    previous: &Manifest,
    manifest: &Mutex<Manifest>,
) -> Outcome {
    let note_path = project.world.relative(path);
    let key = note_path.display().to_string();
    let status = (|| {
        let note = Note::load(&project.world, &note_path)?;
        let file_name = format!("{}.pdf", note.file_stem());
        let target = options.out_dir.join(&file_name);
        let stamp = fingerprint_of(project, &note);
        let up_to_date = previous
            .get(&key)
            .is_some_and(|(name, fp)| name == &file_name && *fp == stamp);
        if up_to_date && !options.force && target.is_file() {
            return Ok(Status::Unchanged(target));
        }
        let rendered = render::render(project, &note)?;
        write_atomically(&target, &rendered.pdf).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                "io",
                format!("cannot write {}: {e}", target.display()),
            )])
        })?;
        lock(manifest).insert(key.clone(), (file_name, stamp));
        Ok(Status::Built(target))
    })();
    let status = status.unwrap_or_else(|d: Diagnostics| {
        lock(manifest).remove(&key);
        Status::Failed(d)
    });
    Outcome {
        note: note_path,
        status,
    }
}

fn lock(m: &Mutex<Manifest>) -> std::sync::MutexGuard<'_, Manifest> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One number for everything a note's PDF depends on.
fn fingerprint_of(project: &Project, note: &Note) -> u64 {
    let mut seed = format!(
        "verbale {} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        tool_fingerprint()
    );
    let note_bytes = project
        .world
        .read(&note.path)
        .map(|b| fingerprint(&b))
        .unwrap_or(0);
    seed.push_str(&format!("{}\t{note_bytes:016x}\n", note.path.display()));
    if let Some(file) = note.enclosure.as_ref().and_then(|e| e.file.as_ref()) {
        // A missing enclosure fingerprints as 0, so adding it rebuilds.
        let fp = project
            .world
            .read(file)
            .map(|b| fingerprint(&b))
            .unwrap_or(0);
        seed.push_str(&format!("{}\t{fp:016x}\n", file.display()));
        if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            let sheet = Path::new(crate::enclosure::STYLE_SHEET);
            let fp = project.fingerprints().get(sheet).copied().unwrap_or(0);
            seed.push_str(&format!("{}\t{fp:016x}\n", sheet.display()));
        }
    }
    for input in project.inputs_of(&note.languages, &note.template) {
        let fp = project.fingerprints().get(&input).copied().unwrap_or(0);
        seed.push_str(&format!("{}\t{fp:016x}\n", input.display()));
    }
    fingerprint(seed.as_bytes())
}

/// Identifies the running executable by its size and modification time: a
/// rebuilt tool (a fixed layout rule, say) rebuilds every note even when
/// its version number is unchanged. Reading the whole executable would
/// cost more than a no-op build.
fn tool_fingerprint() -> u64 {
    static TOOL: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *TOOL.get_or_init(|| {
        let Ok(meta) = std::env::current_exe().and_then(fs::metadata) else {
            return 0;
        };
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        fingerprint(format!("{} {modified}", meta.len()).as_bytes())
    })
}

fn read_manifest(out_dir: &Path) -> Manifest {
    let Ok(text) = fs::read_to_string(out_dir.join(MANIFEST)) else {
        return Manifest::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let note = fields.next()?;
            let output = fields.next()?;
            let fp = u64::from_str_radix(fields.next()?, 16).ok()?;
            Some((note.to_string(), (output.to_string(), fp)))
        })
        .collect()
}

fn write_manifest(out_dir: &Path, manifest: &Manifest) -> std::io::Result<()> {
    let mut text = String::new();
    for (note, (output, fp)) in manifest {
        text.push_str(&format!("{note}\t{output}\t{fp:016x}\n"));
    }
    write_atomically(&out_dir.join(MANIFEST), text.as_bytes())
}

/// Temporary files left by a run that was killed mid-write.
fn remove_stale_temporaries(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A one-line progress bar on standard error, drawn only on a terminal.
struct Progress {
    total: usize,
    enabled: bool,
    drawn: AtomicUsize,
}

impl Progress {
    fn new(wanted: bool, total: usize) -> Progress {
        Progress {
            total,
            enabled: wanted && std::io::stderr().is_terminal() && total > 1,
            drawn: AtomicUsize::new(0),
        }
    }

    fn tick(&self, done: usize) {
        if !self.enabled {
            return;
        }
        // Redraw at most once per percent.
        let step = (done * 100 / self.total.max(1)).max(1);
        if self.drawn.fetch_max(step, Ordering::Relaxed) >= step && done != self.total {
            return;
        }
        let width = 30;
        let filled = done * width / self.total.max(1);
        eprint!(
            "\r[{}{}] {done}/{}",
            "=".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    fn finish(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}

//! Renders notes to files, in parallel, rebuilding only what changed.
//!
//! A build runs the checks of `verbale check` (the project's, and each
//! changed note's), then sets and writes each note that has no error and
//! none of whose inputs has one. For every note written, the manifest in
//! the output folder (`.verbale-manifest`) records the files it was made
//! from — recorded while it was rendered — with a hash of each; a note
//! whose recorded inputs are all unchanged, and whose PDF is still there,
//! is not built again.
//!
//! Outputs can be trusted: a note that fails, or whose number was
//! withdrawn, has its old PDF removed; so has a note whose file was
//! deleted. Each PDF is written to a temporary file and renamed into place,
//! so an interrupted run leaves every output either old or new.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::check::{self, glyphs::Glyphs, notes};
use crate::diag::{Diagnostic, Diagnostics};
use crate::hash::fingerprint;
use crate::note::Note;
use crate::output::{self, Durability};
use crate::parallel;
use crate::project::Project;
use crate::render;
use crate::world::Inputs;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = ".verbale-manifest";

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where PDFs go.
    pub out_dir: PathBuf,
    /// Rebuild even what is up to date.
    pub force: bool,
    /// Draw a progress bar on standard error when it is a terminal.
    pub progress: bool,
    /// Build only these note files (`verbale render`); all notes otherwise.
    pub only: Option<Vec<PathBuf>>,
    /// Write proofs of this language's version alone (with the
    /// enclosure), named `<note>.proof-<lang>.pdf`, instead of the notes.
    pub proof: Option<String>,
}

impl Options {
    /// The name of a note's PDF: the note's own, or its proof's.
    fn output_name(&self, note: &Note) -> String {
        match &self.proof {
            None => format!("{}.pdf", note.file_stem()),
            Some(lang) => format!("{}.proof-{lang}.pdf", note.file_stem()),
        }
    }

    /// The manifest's file: one for the notes and one per proof language,
    /// so that no build takes another's PDFs for stale ones of its own.
    fn manifest(&self) -> String {
        match &self.proof {
            None => MANIFEST.to_string(),
            Some(lang) => format!("{MANIFEST}-proof-{lang}"),
        }
    }
}

/// What became of one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Written to this file.
    Built(PathBuf),
    /// Up to date in this file.
    Unchanged(PathBuf),
    /// Not written; the reason, and the old PDF removed, if there was one.
    Failed {
        /// Why, in a few words (the diagnostics say more).
        reason: String,
        /// The stale PDF that was removed.
        removed: Option<PathBuf>,
    },
    /// Its number was withdrawn: no PDF is made.
    Withdrawn {
        /// The stale PDF that was removed.
        removed: Option<PathBuf>,
    },
    /// Its output could not be written: a failure of the machine, not of
    /// the project.
    WriteFailed(String),
}

/// One note's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The note file, relative to the project.
    pub note: PathBuf,
    /// What became of it.
    pub status: Status,
}

/// Everything a build did and found.
#[derive(Debug, Default)]
pub struct Run {
    /// Each note's outcome, in file order.
    pub outcomes: Vec<Outcome>,
    /// Every problem found, sorted.
    pub diagnostics: Diagnostics,
    /// Old PDFs no note writes any more (its note file was deleted, or it
    /// was renumbered), each with why.
    pub orphans_removed: Vec<(PathBuf, String)>,
    /// The files the notes were found to be made from.
    pub inputs: BTreeSet<PathBuf>,
}

/// Counts for the one-line summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Notes written.
    pub built: usize,
    /// Notes up to date.
    pub unchanged: usize,
    /// Notes not written because of errors.
    pub failed: usize,
    /// Notes whose number is withdrawn.
    pub withdrawn: usize,
    /// Old PDFs removed.
    pub removed: usize,
}

impl Run {
    /// The counts of this run.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            removed: self.orphans_removed.len(),
            ..Summary::default()
        };
        for o in &self.outcomes {
            match &o.status {
                Status::Built(_) => s.built += 1,
                Status::Unchanged(_) => s.unchanged += 1,
                Status::Failed { removed, .. } => {
                    s.failed += 1;
                    s.removed += usize::from(removed.is_some());
                }
                Status::WriteFailed(_) => s.failed += 1,
                Status::Withdrawn { removed } => {
                    s.withdrawn += 1;
                    s.removed += usize::from(removed.is_some());
                }
            }
        }
        s
    }

    /// Whether the project has problems: an error anywhere or a note not
    /// built because of one. Exactly then `check --render` fails too.
    pub fn has_problems(&self) -> bool {
        self.diagnostics.has_errors()
            || self
                .outcomes
                .iter()
                .any(|o| matches!(o.status, Status::Failed { .. }))
    }

    /// Whether an output could not be written.
    pub fn write_failed(&self) -> bool {
        self.outcomes
            .iter()
            .any(|o| matches!(o.status, Status::WriteFailed(_)))
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} built, {} unchanged, {} failed",
            self.built, self.unchanged, self.failed
        )?;
        if self.withdrawn > 0 {
            write!(f, ", {} withdrawn", self.withdrawn)?;
        }
        if self.removed > 0 {
            let s = if self.removed == 1 { "" } else { "s" };
            write!(f, "; {} old PDF{s} removed", self.removed)?;
        }
        Ok(())
    }
}

/// Builds the notes of `project`; `diagnostics` are those its loading
/// found.
pub fn build(project: &Project, diagnostics: Diagnostics, options: &Options) -> Run {
    let mut diags = diagnostics;
    check::check_project(project, &mut diags);
    check::translations::check_records(project, &mut diags);
    let mut notes = check::load_notes(project, &mut diags);
    let targets: Vec<PathBuf> = match &options.only {
        Some(files) => files.iter().map(|f| project.world.relative(f)).collect(),
        None => project.note_files().to_vec(),
    };
    // A note named on the command line need not be in notes/.
    let listed: BTreeSet<&PathBuf> = project.note_files().iter().collect();
    for path in &targets {
        if !listed.contains(path) && project.world.exists(path) {
            let (note, found) = project.read_note(path);
            notes.extend(note);
            diags.extend(found);
        }
    }
    check::check_numbers(project, &notes, &mut diags);
    check::templates::check_unused(project, &notes, &mut diags);
    let by_path: BTreeMap<&Path, &Note> = notes.iter().map(|n| (n.path.as_path(), n)).collect();
    // Which notes would write each output name: a note may remove a stale
    // PDF only under a name no other note writes.
    let mut claims = Claims::default();
    for n in &notes {
        claims
            .0
            .entry(options.output_name(n))
            .or_default()
            .insert(n.path.clone());
    }
    let out_dir = &options.out_dir;
    output::remove_temporaries(out_dir);
    let previous = Manifest::read(&out_dir.join(options.manifest()));
    let tool = tool_fingerprint();
    // The current hash of every file the last build recorded, once each.
    // A batch records tens of thousands of inputs, nearly all the same few
    // files: they are keyed by the path's bytes (paths here are
    // normalised), since hashing or ordering them as `Path`s, component by
    // component, cost more than the rest of a no-op build.
    let inputs_before: HashSet<&OsStr> = previous
        .notes
        .values()
        .flat_map(|r| r.inputs.iter().map(|(f, _)| f.as_os_str()))
        .collect();
    let inputs_before: Vec<&OsStr> = inputs_before.into_iter().collect();
    let current: HashMap<&OsStr, Option<u64>> =
        parallel::map(&inputs_before, parallel::CHEAP, |f| {
            (*f, current_hash(project, Path::new(f), tool))
        })
        .into_iter()
        .collect();
    let glyphs = project.fonts.as_ref().map(Glyphs::new);
    let done = AtomicUsize::new(0);
    let bar = Progress::new(options.progress, targets.len());
    let settled = &diags;
    let results: Vec<Done> = parallel::map(&targets, parallel::NOTES, |path| {
        let result = build_one(
            project,
            path,
            by_path.get(path.as_path()).copied(),
            &claims,
            settled,
            &previous,
            &current,
            tool,
            glyphs.as_ref(),
            options,
        );
        bar.tick(done.fetch_add(1, Ordering::Relaxed) + 1);
        result
    });
    bar.finish();
    let mut manifest = if options.only.is_some() {
        previous.clone()
    } else {
        Manifest::default()
    };
    let mut outcomes = Vec::new();
    let mut inputs: BTreeSet<PathBuf> = notes
        .iter()
        .filter_map(|n| n.enclosure_file().map(|f| project.world.relative(f)))
        .collect();
    // Notes share most of their inputs: gathered by hash first, then sorted.
    let mut recorded: HashSet<OsString> = HashSet::new();
    let mut orphans_removed = Vec::new();
    for Done {
        outcome,
        found,
        record,
        replaced,
    } in results
    {
        orphans_removed.extend(replaced);
        if let Some(r) = &record {
            for (f, _) in &r.inputs {
                if !recorded.contains(f.as_os_str()) {
                    recorded.insert(f.clone().into_os_string());
                }
            }
        }
        diags.extend(found);
        let key = outcome.note.clone();
        match record {
            Some(r) => {
                manifest.notes.insert(key, r);
            }
            None => {
                manifest.notes.remove(&key);
            }
        }
        outcomes.push(outcome);
    }
    recorded.remove(OsStr::new(TOOL));
    inputs.extend(recorded.into_iter().map(PathBuf::from));
    if options.only.is_none() {
        for (note, record) in &previous.notes {
            if !project.world.exists(note) && claims.free_for(&record.output, note) {
                let pdf = out_dir.join(&record.output);
                if fs::remove_file(&pdf).is_ok() {
                    orphans_removed.push((pdf, "its note file is gone".to_string()));
                }
            }
        }
    }
    if manifest != previous {
        // Losing the manifest only costs a rebuild; the PDFs are written.
        let _ = manifest.write(&out_dir.join(options.manifest()));
    }
    if options.only.is_some() {
        // Rendering some notes reports on those, not on every other note.
        let others: BTreeSet<PathBuf> = notes
            .iter()
            .filter(|n| !targets.contains(&n.path))
            .flat_map(|n| check::own_files(project, n))
            .filter(|f| {
                !targets
                    .iter()
                    .any(|t| check::own_files_of_path(project, &by_path, t).contains(f))
            })
            .collect();
        diags = diags
            .into_iter()
            .filter(|d| d.file().is_none_or(|f| !others.contains(f)))
            .collect::<Vec<_>>()
            .into();
    }
    diags.sort();
    Run {
        outcomes,
        diagnostics: diags,
        orphans_removed,
        inputs,
    }
}

/// What `watch` follows after `run`: the files its notes were made from,
/// the project's own files, and the folders where new notes, locale files
/// and templates appear.
pub fn watched(project: &Project, run: &Run) -> crate::watch::Watched {
    let mut files = run.inputs.clone();
    files.insert(crate::config::FILE.into());
    files.insert(crate::register::FILE.into());
    for (_, locale) in project.locales.iter() {
        files.extend(locale.sources().cloned());
    }
    for (_, kind) in project.templates.kinds() {
        files.extend(kind.files.iter().cloned());
        files.insert(kind.settings_file.clone());
    }
    if project.enclosure_style.is_some() {
        files.insert(crate::project::ENCLOSURE_STYLE.into());
    }
    for h in project.hyphenation.values() {
        files.extend(h.files.iter().cloned());
    }
    if let Some(f) = &project.fonts {
        files.extend(f.files.iter().cloned());
    }
    let mut folders: BTreeSet<PathBuf> = [
        PathBuf::new(),
        PathBuf::from(crate::note::DIR),
        PathBuf::from(crate::i18n::DIR),
        PathBuf::from(crate::template::DIR),
    ]
    .into_iter()
    .collect();
    for code in project.locales.codes() {
        folders.insert(Path::new(crate::i18n::DIR).join(code));
    }
    folders.retain(|f| project.world.root().join(f).is_dir());
    crate::watch::Watched { files, folders }
}

/// What the manifest keeps of a note written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    output: String,
    /// The PDF's length in bytes and modification time (nanoseconds since
    /// the epoch) once written: a PDF cut short by a power cut, or written
    /// by a run whose manifest did not reach the disk, is rebuilt.
    size: u64,
    modified: u128,
    /// Each input with the hash it had, sorted by file.
    inputs: Vec<(PathBuf, u64)>,
}

/// The output names notes would write, and which notes.
#[derive(Default)]
struct Claims(BTreeMap<String, BTreeSet<PathBuf>>);

impl Claims {
    /// Whether the note at `path` may remove a PDF called `name`: a plain
    /// PDF file name (a manifest edited by hand names nothing else) that no
    /// other note writes.
    fn free_for(&self, name: &str, path: &Path) -> bool {
        let plain = Path::new(name).components().count() == 1
            && name.ends_with(".pdf")
            && !name.starts_with('.')
            && !name.contains(['/', '\\']);
        plain
            && self
                .0
                .get(name)
                .is_none_or(|notes| notes.iter().all(|p| p == path))
    }
}

/// What building one note came to.
struct Done {
    outcome: Outcome,
    found: Vec<Diagnostic>,
    record: Option<Record>,
    /// An old PDF of the note under another name, removed.
    replaced: Option<(PathBuf, String)>,
}

#[allow(clippy::too_many_arguments)]
fn build_one(
    project: &Project,
    path: &Path,
    note: Option<&Note>,
    claims: &Claims,
    settled: &Diagnostics,
    previous: &Manifest,
    current: &HashMap<&OsStr, Option<u64>>,
    tool: u64,
    glyphs: Option<&Glyphs>,
    options: &Options,
) -> Done {
    let out_dir = &options.out_dir;
    let outcome = |status| Outcome {
        note: path.to_path_buf(),
        status,
    };
    let old_name = previous.notes.get(path).map(|r| r.output.clone());
    // Stale PDFs of this note: the one it last wrote and the one it would
    // write, where no other note writes them.
    let remove = |name: Option<String>| -> Option<PathBuf> {
        let mut removed = None;
        for name in old_name.iter().chain(name.iter()) {
            let pdf = out_dir.join(name);
            if claims.free_for(name, path) && fs::remove_file(&pdf).is_ok() {
                removed = Some(pdf);
            }
        }
        removed
    };
    let done = |outcome, found, record| Done {
        outcome,
        found,
        record,
        replaced: None,
    };
    let Some(note) = note else {
        let reason = if project.world.exists(path) {
            format!("{} has errors", path.display())
        } else {
            "there is no such note".to_string()
        };
        return done(
            outcome(Status::Failed {
                reason,
                removed: remove(None),
            }),
            Vec::new(),
            None,
        );
    };
    let name = options.output_name(note);
    let target = out_dir.join(&name);
    let own = check::own_files(project, note);
    let own_errors = || own.iter().any(|f| settled.errors_in(f).next().is_some());
    if check::withdrawn(project, note) {
        return done(
            outcome(Status::Withdrawn {
                removed: remove(Some(name.clone())),
            }),
            Vec::new(),
            None,
        );
    }
    if own_errors() {
        return done(
            outcome(Status::Failed {
                reason: format!("{} has errors", note.path.display()),
                removed: remove(Some(name.clone())),
            }),
            Vec::new(),
            None,
        );
    }
    let broken_input = |inputs: &mut dyn Iterator<Item = &PathBuf>, found: &[Diagnostic]| {
        for f in inputs {
            let here = settled.errors_in(f).next().is_some()
                || found
                    .iter()
                    .any(|d| d.severity == crate::diag::Severity::Error && d.file() == Some(f));
            if here {
                return Some(f.clone());
            }
        }
        None
    };
    if !options.force
        && let Some(record) = previous.notes.get(path)
        && record.output == name
        && fs::metadata(&target).is_ok_and(|m| {
            m.is_file() && (m.len(), modified_nanos(&m)) == (record.size, record.modified)
        })
        && record.inputs.iter().all(|(f, h)| {
            current
                .get(f.as_os_str())
                .copied()
                .flatten()
                .unwrap_or(ABSENT)
                == *h
        })
    {
        if let Some(f) = broken_input(&mut record.inputs.iter().map(|(f, _)| f), &[]) {
            return done(
                outcome(Status::Failed {
                    reason: format!("{} has errors", f.display()),
                    removed: remove(Some(name.clone())),
                }),
                Vec::new(),
                None,
            );
        }
        return done(
            outcome(Status::Unchanged(target)),
            Vec::new(),
            Some(record.clone()),
        );
    }
    let checked = notes::check(project, note, glyphs);
    let mut found = checked.diagnostics;
    if !checked.renderable {
        let reason = broken_input(&mut checked.inputs.iter(), &found).map_or_else(
            || "of the errors above".to_string(),
            |f| format!("{} has errors", f.display()),
        );
        return done(
            outcome(Status::Failed {
                reason,
                removed: remove(Some(name.clone())),
            }),
            found,
            None,
        );
    }
    if let Some(lang) = &options.proof
        && !note.languages.contains(lang)
    {
        return done(
            outcome(Status::Failed {
                reason: format!("it has no `{lang}` version"),
                removed: remove(Some(name.clone())),
            }),
            found,
            None,
        );
    }
    let rendered =
        match render::render_worded(project, note, checked.worded, options.proof.as_deref()) {
            Ok(r) => {
                // Warnings of setting it (an overfull line), as `check --render` gives them.
                found.extend(r.diagnostics.iter().cloned());
                r
            }
            Err(d) => {
                found.extend(d);
                return done(
                    outcome(Status::Failed {
                        reason: "it cannot be set".to_string(),
                        removed: remove(Some(name.clone())),
                    }),
                    found,
                    None,
                );
            }
        };
    if let Some(f) = broken_input(&mut rendered.inputs.iter(), &found) {
        return done(
            outcome(Status::Failed {
                reason: format!("{} has errors", f.display()),
                removed: remove(Some(name.clone())),
            }),
            found,
            None,
        );
    }
    if let Err(e) = output::write_atomically(&target, &rendered.pdf, Durability::Remade) {
        return done(
            outcome(Status::WriteFailed(format!(
                "cannot write {}: {e}",
                target.display()
            ))),
            found,
            None,
        );
    }
    // Renumbered: its PDF under the old name is stale.
    let replaced = old_name
        .filter(|old| old != &name && claims.free_for(old, path))
        .and_then(|old| {
            let pdf = out_dir.join(&old);
            fs::remove_file(&pdf)
                .ok()
                .map(|()| (pdf, format!("its note now writes {name}")))
        });
    let written = fs::metadata(&target).ok();
    let record = Record {
        output: name,
        size: rendered.pdf.len() as u64,
        modified: written.as_ref().map_or(0, modified_nanos),
        inputs: record_inputs(project, &rendered.inputs, tool),
    };
    Done {
        outcome: outcome(Status::Built(target)),
        found,
        record: Some(record),
        replaced,
    }
}

/// A file's modification time in nanoseconds since the epoch (0 where the
/// file system keeps none).
fn modified_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The hash recorded for an input that does not exist (a `locale.toml`
/// not written yet): its appearing rebuilds.
const ABSENT: u64 = 0;

/// The name standing for the tool itself among a note's inputs: a rebuilt
/// tool (a fixed layout rule, say) rebuilds every note.
const TOOL: &str = "<verbale>";

fn current_hash(project: &Project, file: &Path, tool: u64) -> Option<u64> {
    if file == Path::new(TOOL) {
        Some(tool)
    } else {
        project.world.hash(file)
    }
}

fn record_inputs(project: &Project, inputs: &Inputs, tool: u64) -> Vec<(PathBuf, u64)> {
    let mut out: Vec<(PathBuf, u64)> = inputs
        .iter()
        .map(|f| (f.clone(), project.world.hash(f).unwrap_or(ABSENT)))
        .collect();
    out.push((PathBuf::from(TOOL), tool));
    out.sort();
    out
}

/// Identifies the running executable by its version, size and modification
/// time; reading the whole executable would cost more than a no-op build.
fn tool_fingerprint() -> u64 {
    static TOOL_ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *TOOL_ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(fs::metadata);
        let (len, modified) = match meta {
            Ok(m) => (
                m.len(),
                m.modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos()),
            ),
            Err(_) => (0, 0),
        };
        fingerprint(format!("{} {len} {modified}", env!("CARGO_PKG_VERSION")).as_bytes())
    })
}

/// `.verbale-manifest`: for every note written, its PDF and its inputs.
///
/// ```text
/// verbale-manifest 5
/// input <TAB> <index> <TAB> <file> <TAB> <hash>
/// note <TAB> <note file> <TAB> <pdf> <TAB> <size> <TAB> <mtime ns> <TAB> <input index>,…
/// end <TAB> <number of notes>
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Manifest {
    notes: BTreeMap<PathBuf, Record>,
}

/// Version 5 hashes with XXH3 and records each PDF's size and time; a
/// manifest of another version is ignored, so the next build rebuilds
/// everything once.
const MANIFEST_HEADER: &str = "verbale-manifest 5";

impl Manifest {
    /// The manifest in `file`; an empty one when there is none, or when
    /// any line of it does not read exactly as [`Manifest::write`] writes it
    /// (a file cut short, or edited): that costs one full rebuild, never a
    /// note kept with fewer inputs than it has.
    fn read(file: &Path) -> Manifest {
        let Ok(text) = fs::read_to_string(file) else {
            return Manifest::default();
        };
        Manifest::parse(&text).unwrap_or_default()
    }

    fn parse(text: &str) -> Option<Manifest> {
        let body = text.strip_prefix(MANIFEST_HEADER)?.strip_prefix('\n')?;
        let mut inputs: Vec<(PathBuf, u64)> = Vec::new();
        let mut notes = BTreeMap::new();
        let mut lines = body.split_terminator('\n');
        let mut ended = false;
        for line in lines.by_ref() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["input", index, file, hash] => {
                    if index.parse::<usize>().ok()? != inputs.len() {
                        return None;
                    }
                    inputs.push((PathBuf::from(file), u64::from_str_radix(hash, 16).ok()?));
                }
                ["note", note, output, size, modified, list] => {
                    let recorded = list
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(|i| inputs.get(i.parse::<usize>().ok()?).cloned())
                        .collect::<Option<Vec<_>>>()?;
                    let record = Record {
                        output: output.to_string(),
                        size: size.parse().ok()?,
                        modified: modified.parse().ok()?,
                        inputs: recorded,
                    };
                    notes.insert(PathBuf::from(note), record);
                }
                ["end", count] if count.parse::<usize>().ok()? == notes.len() => {
                    ended = true;
                    break;
                }
                _ => return None,
            }
        }
        // The end line, whole, and nothing after it.
        if !ended || !body.ends_with('\n') || lines.next().is_some() {
            return None;
        }
        Some(Manifest { notes })
    }

    fn write(&self, file: &Path) -> std::io::Result<()> {
        let mut index: BTreeMap<(&Path, u64), usize> = BTreeMap::new();
        let all: BTreeSet<(&Path, u64)> = self
            .notes
            .values()
            .flat_map(|r| r.inputs.iter().map(|(f, h)| (f.as_path(), *h)))
            .collect();
        let mut text = format!("{MANIFEST_HEADER}\n");
        for (i, (f, h)) in all.into_iter().enumerate() {
            text.push_str(&format!("input\t{i}\t{}\t{h:016x}\n", f.display()));
            index.insert((f, h), i);
        }
        for (note, record) in &self.notes {
            let list: Vec<String> = record
                .inputs
                .iter()
                .map(|(f, h)| index[&(f.as_path(), *h)].to_string())
                .collect();
            text.push_str(&format!(
                "note\t{}\t{}\t{}\t{}\t{}\n",
                note.display(),
                record.output,
                record.size,
                record.modified,
                list.join(",")
            ));
        }
        text.push_str(&format!("end\t{}\n", self.notes.len()));
        output::write_atomically(file, text.as_bytes(), Durability::Remade)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let record = |output: &str, files: &[(&str, u64)]| Record {
            output: output.to_string(),
            size: 23753,
            modified: 1_763_900_000_123_456_789,
            inputs: files.iter().map(|(f, h)| (PathBuf::from(f), *h)).collect(),
        };
        let mut notes = BTreeMap::new();
        notes.insert(
            PathBuf::from("notes/NCT-ICT-1013.toml"),
            record(
                "NCT-ICT-1013.pdf",
                &[
                    ("<verbale>", 7),
                    ("locales/ru/note.ftl", 1),
                    ("notes/NCT-ICT-1013.toml", 2),
                ],
            ),
        );
        notes.insert(
            PathBuf::from("notes/NCT-ICT-688.toml"),
            record(
                "NCT-ICT-688.pdf",
                &[("<verbale>", 7), ("locales/kk/note.ftl", 3)],
            ),
        );
        Manifest { notes }
    }

    fn written(manifest: &Manifest) -> String {
        let dir = tempfile::tempdir().unwrap();
        manifest.write(&dir.path().join(MANIFEST)).unwrap();
        fs::read_to_string(dir.path().join(MANIFEST)).unwrap()
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let manifest = sample();
        assert_eq!(Manifest::parse(&written(&manifest)), Some(manifest));
    }

    #[test]
    fn a_manifest_cut_short_anywhere_is_not_read() {
        // A power cut can leave any prefix of it: none may pass for a
        // manifest, or a note would keep a record with fewer inputs.
        let text = written(&sample());
        for cut in 0..text.len() {
            assert_eq!(Manifest::parse(&text[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn a_manifest_edited_out_of_order_is_not_read() {
        let text = written(&sample());
        let swapped = text.replacen("input\t0\t", "input\t9\t", 1);
        assert_eq!(Manifest::parse(&swapped), None);
        let unknown = text.replacen("\nend\t", "\nnote\tx\nend\t", 1);
        assert_eq!(Manifest::parse(&unknown), None);
        let trailing = format!("{text}input\t0\tx\t1\n");
        assert_eq!(Manifest::parse(&trailing), None);
    }
}

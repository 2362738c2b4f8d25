//! Renders notes to files. Each PDF is written to a temporary file beside
//! its target and renamed into place, so an interrupted run leaves every
//! output either old or new, never truncated.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::note::Note;
use crate::project::Project;
use crate::render;

/// What became of one note.
pub struct Outcome {
    pub note: PathBuf,
    pub result: Result<PathBuf, Diagnostics>,
}

/// Renders one note file into `out_dir`.
pub fn build_note(project: &Project, note_path: &Path, out_dir: &Path) -> Outcome {
    let result = Note::load(&project.world, note_path).and_then(|note| {
        let rendered = render::render(project, &note)?;
        let target = out_dir.join(format!("{}.pdf", note.file_stem()));
        write_atomically(&target, &rendered.pdf).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                "io",
                format!("cannot write {}: {e}", target.display()),
            )])
        })?;
        Ok(target)
    });
    Outcome {
        note: project.world.relative(note_path),
        result,
    }
}

/// Renders every note in `notes/`; one failing note does not stop the others.
pub fn build_all(project: &Project, out_dir: &Path) -> Result<Vec<Outcome>, Diagnostic> {
    let notes = project
        .note_files()
        .map_err(|e| Diagnostic::error("io", format!("cannot list notes/: {e}")))?;
    Ok(notes
        .iter()
        .map(|n| build_note(project, n, out_dir))
        .collect())
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

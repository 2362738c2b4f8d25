//! The one door to the file system.
//!
//! Every file the pipeline reads — notes, locales, templates, fonts,
//! hyphenation patterns — is read through [`World`], which keeps its text for
//! diagnostics and records which files were read. That record is what the
//! incremental build and `watch` rely on.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostic;

/// A project directory and the files read from it.
#[derive(Debug)]
pub struct World {
    root: PathBuf,
    files: Mutex<BTreeMap<PathBuf, Arc<[u8]>>>,
}

impl World {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        World {
            root: root.into(),
            files: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path as users see it: relative to the project root.
    pub fn relative(&self, path: &Path) -> PathBuf {
        crate::diag::display_path(&self.root, path)
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// Reads a file once; later reads are served from memory.
    pub fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        let key = self.relative(path);
        if let Some(bytes) = self.lock().get(&key) {
            return Ok(bytes.clone());
        }
        let bytes: Arc<[u8]> = fs::read(self.absolute(path))?.into();
        self.lock().insert(key, bytes.clone());
        Ok(bytes)
    }

    /// Reads a UTF-8 text file, or says which file could not be read.
    pub fn read_text(&self, path: &Path) -> Result<Arc<str>, Diagnostic> {
        let shown = self.relative(path);
        let bytes = self.read(path).map_err(|e| {
            Diagnostic::error("io", format!("cannot read {}: {e}", shown.display())).in_file(&shown)
        })?;
        match std::str::from_utf8(&bytes) {
            Ok(text) => Ok(Arc::from(text)),
            Err(e) => Err(
                Diagnostic::error("encoding", format!("file is not UTF-8: {e}"))
                    .at(&shown, e.valid_up_to()..e.valid_up_to() + 1),
            ),
        }
    }

    /// Text of a file already read, for printing diagnostics.
    pub fn source_text(&self, path: &Path) -> Option<Arc<str>> {
        let bytes = self.lock().get(&self.relative(path)).cloned()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref()))
    }

    /// Files directly inside `dir` whose names end in `.{ext}`, sorted so that
    /// every run sees them in the same order.
    pub fn list(&self, dir: &Path, ext: &str) -> io::Result<Vec<PathBuf>> {
        let abs = self.absolute(dir);
        let mut found = Vec::new();
        for entry in fs::read_dir(&abs)? {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == ext) {
                found.push(self.relative(&path));
            }
        }
        found.sort();
        Ok(found)
    }

    /// Sub-directories of `dir`, sorted.
    pub fn subdirs(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        for entry in fs::read_dir(self.absolute(dir))? {
            let path = entry?.path();
            if path.is_dir() {
                found.push(self.relative(&path));
            }
        }
        found.sort();
        Ok(found)
    }

    /// Today's date: the one clock the tool reads, for new notes.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }

    /// Every file read so far with a hash of its content.
    pub fn dependencies(&self) -> Vec<(PathBuf, u64)> {
        self.lock()
            .iter()
            .map(|(p, b)| (p.clone(), fingerprint(b)))
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<PathBuf, Arc<[u8]>>> {
        // A poisoned map still holds consistent entries: each insert is one call.
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`,
/// so fingerprints can be stored in a build manifest.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

//! `verbale watch`: rebuild what changed on every save.
//!
//! Polls the project's files (no platform notification API, so it works on
//! every file system, network shares included) and runs the incremental
//! build when any of them changes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Size and modification time of every file under the project's inputs.
pub type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

const WATCHED: [&str; 5] = ["verbale.toml", "locales", "templates", "notes", "assets"];

pub fn snapshot(root: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    for item in WATCHED {
        walk(&root.join(item), &mut out);
    }
    out
}

fn walk(path: &Path, out: &mut Snapshot) {
    let Ok(meta) = fs::metadata(path) else { return };
    if meta.is_dir() {
        if let Ok(entries) = fs::read_dir(path) {
            for e in entries.flatten() {
                walk(&e.path(), out);
            }
        }
    } else {
        out.insert(path.to_path_buf(), (meta.len(), meta.modified().ok()));
    }
}

/// Calls `rebuild` once, then again whenever a watched file changes, until
/// `rebuild` returns false.
pub fn watch(root: &Path, interval: Duration, mut rebuild: impl FnMut() -> bool) {
    let mut last = snapshot(root);
    if !rebuild() {
        return;
    }
    loop {
        std::thread::sleep(interval);
        let now = snapshot(root);
        if now != last {
            last = now;
            if !rebuild() {
                return;
            }
        }
    }
}

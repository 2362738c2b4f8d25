//! `verbale watch`: rebuild what changed on every save.
//!
//! Follows exactly the files the last build found its notes made from —
//! every note, locale file, template and include, style sheet, font,
//! hyphenation file and enclosure — and the folders where new ones appear
//! (`notes/`, each locale's folder, `templates/`). It listens to the
//! operating system's notifications through the `notify` crate, watching
//! folders rather than files so that editors that save by renaming are
//! seen; where notifications do not work (some network file systems), or
//! when asked, it polls.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use notify::{Event, PollWatcher, RecursiveMode, Watcher};

/// What to follow, relative to the project root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watched {
    /// Files whose change rebuilds.
    pub files: BTreeSet<PathBuf>,
    /// Folders where a new or removed file rebuilds.
    pub folders: BTreeSet<PathBuf>,
}

impl Watched {
    /// Every folder to listen to: the watched folders and those holding
    /// watched files.
    pub fn listened(&self) -> BTreeSet<PathBuf> {
        let mut all = self.folders.clone();
        for f in &self.files {
            all.insert(f.parent().map(Path::to_path_buf).unwrap_or_default());
        }
        all
    }

    /// One line saying what is watched.
    pub fn describe(&self) -> String {
        let folders: Vec<String> = self
            .listened()
            .iter()
            .map(|f| {
                if f.as_os_str().is_empty() {
                    "./".to_string()
                } else {
                    format!("{}/", f.display())
                }
            })
            .collect();
        format!(
            "watching {} files in {} folders: {}",
            self.files.len(),
            folders.len(),
            folders.join(", ")
        )
    }
}

/// What is watched, as absolute paths with symlinks resolved: how the
/// system names the files in its events, inside the project or in an extra
/// root outside it.
struct Resolved {
    files: BTreeSet<PathBuf>,
    /// Every folder listened to.
    folders: BTreeSet<PathBuf>,
    /// Those where a new file counts (notes/, a locale's folder, …).
    open: BTreeSet<PathBuf>,
}

impl Resolved {
    fn new(root: &Path, watched: &Watched) -> Resolved {
        Resolved {
            files: watched.files.iter().map(|f| absolute(root, f)).collect(),
            folders: watched
                .listened()
                .iter()
                .map(|f| absolute(root, f))
                .collect(),
            open: watched.folders.iter().map(|f| absolute(root, f)).collect(),
        }
    }

    fn concerns(&self, path: &Path) -> bool {
        if self.files.contains(path) {
            return true;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Editors' swap and backup files are not inputs.
        let editor_file = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
        let parent = path.parent().unwrap_or(Path::new(""));
        self.open.contains(parent) && !editor_file
    }
}

/// A path under `root` made absolute, its folder's symlinks resolved (the
/// file itself may not exist yet).
fn absolute(root: &Path, path: &Path) -> PathBuf {
    let joined = root.join(path);
    if let Ok(c) = std::fs::canonicalize(&joined) {
        return c;
    }
    match (joined.parent(), joined.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(joined.clone()),
        _ => joined,
    }
}

/// How to listen.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Poll instead of using the system's notifications.
    pub poll: bool,
    /// How often to poll.
    pub interval: Duration,
}

/// Calls `rebuild` once, then again whenever a watched file changes, until
/// `rebuild` returns `None`. `rebuild` returns what to watch next; `say`
/// receives a line whenever what is watched changes.
pub fn watch(
    root: &Path,
    options: Options,
    mut rebuild: impl FnMut() -> Option<Watched>,
    mut say: impl FnMut(&str),
) -> notify::Result<()> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = listener(options, tx, &mut say)?;
    let mut listening = BTreeSet::new();
    let mut described = String::new();
    loop {
        let started = SystemTime::now();
        let Some(watched) = rebuild() else {
            return Ok(());
        };
        let resolved = Resolved::new(&root, &watched);
        let wanted = resolved.folders.clone();
        for gone in listening.difference(&wanted) {
            let _ = watcher.unwatch(gone);
        }
        for folder in wanted.difference(&listening) {
            let _ = watcher.watch(folder, RecursiveMode::NonRecursive);
        }
        listening = wanted;
        let description = watched.describe();
        if description != described {
            say(&format!("{description} (Ctrl-C to stop)"));
            described = description;
        }
        // A file saved while the build ran, in a folder not yet listened
        // to, sent no event: build again.
        if changed_since(&resolved, started) {
            continue;
        }
        // Wait for a change that concerns us, then for the burst of events
        // one save makes to end.
        loop {
            let Ok(event) = rx.recv() else {
                return Ok(());
            };
            if relevant(&event, &resolved) {
                break;
            }
        }
        while rx.recv_timeout(Duration::from_millis(50)).is_ok() {}
    }
}

fn changed_since(resolved: &Resolved, since: SystemTime) -> bool {
    resolved.files.iter().any(|f| {
        std::fs::metadata(f)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t > since)
    })
}

fn relevant(event: &notify::Result<Event>, resolved: &Resolved) -> bool {
    match event {
        Ok(e) if e.kind.is_access() => false,
        Ok(e) => e.paths.iter().any(|p| resolved.concerns(p)),
        // A lost event: rebuild to be sure.
        Err(_) => true,
    }
}

fn listener(
    options: Options,
    tx: mpsc::Sender<notify::Result<Event>>,
    say: &mut impl FnMut(&str),
) -> notify::Result<Box<dyn Watcher>> {
    let poller = |tx: mpsc::Sender<notify::Result<Event>>| {
        PollWatcher::new(
            move |e| {
                let _ = tx.send(e);
            },
            notify::Config::default().with_poll_interval(options.interval),
        )
    };
    if options.poll {
        return Ok(Box::new(poller(tx)?));
    }
    let native_tx = tx.clone();
    match notify::recommended_watcher(move |e| {
        let _ = native_tx.send(e);
    }) {
        Ok(w) => Ok(Box::new(w)),
        Err(e) => {
            say(&format!(
                "the system's file notifications are not available ({e}); polling instead"
            ));
            Ok(Box::new(poller(tx)?))
        }
    }
}

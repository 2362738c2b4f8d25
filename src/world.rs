//! The one door to the file system and the clock.
//!
//! Every file the pipeline reads — notes, locales, templates, style sheets,
//! fonts, hyphenation data, enclosures — is read through [`World`], which
//! - confines reads to the project root (after symlinks are followed) and
//!   the extra roots `verbale.toml` names, as Typst confines a document to
//!   its `--root`;
//! - reads each file once and keeps it, so diagnostics can quote it and
//!   builds can hash it;
//! - says plainly when a text file is not UTF-8, naming the likely encoding;
//! - lets a render record every file a note was made from ([`Inputs`]):
//!   the incremental build and `watch` rely on that record.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::diag::{Diagnostic, Sources};
use crate::hash::fingerprint;

mod encoding;

pub use encoding::{Encoding, Likely};

/// A project directory and the files read from it.
#[derive(Debug)]
pub struct World {
    root: PathBuf,
    /// The root as an absolute path, before symlinks are followed.
    absolute_root: PathBuf,
    canonical_root: Option<PathBuf>,
    extra_roots: Vec<PathBuf>,
    files: Mutex<HashMap<PathBuf, File>>,
}

/// A file's bytes, shared: read into memory, or mapped (see
/// [`map_large_files`]).
#[derive(Clone)]
pub struct Bytes(Arc<Content>);

enum Content {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &*self.0 {
            Content::Read(bytes) => bytes,
            Content::Mapped(map) => map,
        }
    }
}

impl Bytes {
    /// Gives back the pages of a mapped file that reading it whole (to
    /// fingerprint it) brought in: what is used later comes back from the
    /// page cache, so of four fonts only the tables and glyphs a note uses
    /// count towards the process's memory (0.3–0.5 MiB less at its peak).
    #[cfg(unix)]
    fn release_pages(&self) {
        if let Content::Mapped(map) = &*self.0 {
            // SAFETY: the mapping is read-only, so its pages are never
            // written and no change can be discarded: a page dropped is
            // read again from the page cache, that is from the file, which
            // the caller of `map_large_files` promised will not change.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }

    #[cfg(not(unix))]
    fn release_pages(&self) {}
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({})", self.len())
    }
}

/// Files from this size on are mapped rather than read, once
/// [`map_large_files`] allows it: fonts, hyphenation patterns, pictures.
const MAP_FROM: u64 = 32 * 1024;

static MAP_LARGE_FILES: AtomicBool = AtomicBool::new(false);

/// Lets every [`World`] of this process map large files into memory
/// instead of reading them: for a process that ends before its inputs can
/// change, such as one `render` or `build`. Reading four fonts is a tenth
/// of such a process, most of it the kernel copying them into pages that
/// are then faulted in one by one; a mapping shares the page cache's pages.
///
/// A file cut short on disk while it is mapped ends the process (SIGBUS),
/// and one rewritten in place changes under the parsed font: processes
/// that live through edits (`watch`, `serve`) must not call this.
pub fn map_large_files() {
    MAP_LARGE_FILES.store(true, Ordering::Relaxed);
}

/// The content of the file at `path`, mapped when it is large and mapping
/// is allowed, read otherwise (also when the mapping fails).
fn read_file(path: &Path, map: bool) -> io::Result<Bytes> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if map && len >= MAP_FROM {
        // SAFETY: the map is read-only (shared with the page cache); the caller of
        // `map_large_files` has promised that the file will not change or
        // shrink while the process lives.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Bytes(Arc::new(Content::Mapped(map))));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    io::Read::read_to_end(&mut &file, &mut bytes)?;
    Ok(Bytes(Arc::new(Content::Read(bytes))))
}

/// A file as read, with what diagnostics and builds need of it.
#[derive(Debug, Clone)]
struct File {
    bytes: Bytes,
    /// The text for quoting in diagnostics: the UTF-8 text without a byte
    /// order mark, or the bytes decoded with the likely encoding.
    display: Option<Arc<str>>,
    hash: u64,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Nothing at that path.
    #[error("{} does not exist", .path.display())]
    NotFound {
        /// The path as named.
        path: PathBuf,
    },
    /// The path leads out of the project root and every extra root.
    #[error("{} is outside the project{}", .path.display(), outside(.path, .target))]
    Outside {
        /// The path as named.
        path: PathBuf,
        /// Where it leads once `..` and symlinks are resolved.
        target: PathBuf,
    },
    /// The operating system refused.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The path as named.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// A text file in another encoding.
    #[error("{} is not UTF-8{}", .path.display(), likely(.encoding))]
    NotUtf8 {
        /// The path as named.
        path: PathBuf,
        /// Where the first byte that is not UTF-8 falls in the text as
        /// decoded with the likely encoding (which diagnostics quote).
        offset: usize,
        /// The length of the character there, in that text.
        width: usize,
        /// The encoding the bytes most likely are in (`windows-1251`), or
        /// the code pages they may be in when their letters do not tell.
        encoding: Option<Likely>,
    },
}

fn outside(path: &Path, target: &Path) -> String {
    if path == target {
        String::new()
    } else {
        format!(" (it leads to {})", target.display())
    }
}

fn likely(encoding: &Option<Likely>) -> String {
    match encoding {
        None => String::new(),
        Some(Likely::One(e)) => format!(": it looks like {}", e.name()),
        Some(unsure) => format!(": it looks like {unsure}, and its letters do not tell which"),
    }
}

impl FileError {
    /// The path as it was named.
    pub fn path(&self) -> &Path {
        match self {
            FileError::NotFound { path }
            | FileError::Outside { path, .. }
            | FileError::Io { path, .. }
            | FileError::NotUtf8 { path, .. } => path,
        }
    }

    /// The problem as a diagnostic. A file that is not UTF-8 is reported in
    /// itself; any other failure at `asked_by`, the place that named the
    /// file (a note's `file = …`), or at the file when nothing named it.
    pub fn diagnostic(&self, asked_by: Option<(&Path, Range<usize>)>) -> Diagnostic {
        match self {
            FileError::NotUtf8 {
                path,
                offset,
                width,
                encoding,
            } => {
                let file = path.display();
                let convert = |from: &str| {
                    format!(
                        "iconv -f {from} -t UTF-8 {file} > {file}.utf8 && mv {file}.utf8 {file}"
                    )
                };
                let d = Diagnostic::error("encoding", self.to_string())
                    .at(path, *offset..*offset + *width)
                    .labelled("the first byte that is not UTF-8")
                    .with_note("verbale reads text files as UTF-8 only");
                match encoding {
                    None => d.with_note(format!("convert it: {}", convert("ITS ENCODING"))),
                    Some(Likely::One(e)) => {
                        d.with_note(format!("convert it: {}", convert(&e.iconv_name())))
                    }
                    Some(Likely::OneOf(all)) => all.iter().fold(
                        d.with_note(
                            "these read some of its bytes as different letters (shown as �): converted from the wrong one, the file would get wrong letters",
                        ),
                        |d, e| {
                            d.with_note(format!(
                                "if it was saved in {}, convert it: {}",
                                e.name(),
                                convert(&e.iconv_name())
                            ))
                        },
                    ),
                }
            }
            FileError::Outside { .. } => {
                let d = Diagnostic::error("outside-project", self.to_string()).with_note(
                    "a project reads only files inside its folder; list other folders in verbale.toml under [files] extra_roots",
                );
                match asked_by {
                    Some((file, span)) => d.at(file, span),
                    None => d.in_file(self.path()),
                }
            }
            FileError::NotFound { .. } | FileError::Io { .. } => {
                let d = Diagnostic::error("io", self.to_string());
                match asked_by {
                    Some((file, span)) => d.at(file, span),
                    None => d.in_file(self.path()),
                }
            }
        }
    }
}

impl World {
    /// A world rooted at the project directory `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        World {
            canonical_root: fs::canonicalize(&root).ok(),
            absolute_root: normalize(&std::path::absolute(&root).unwrap_or_else(|_| root.clone())),
            root,
            extra_roots: Vec::new(),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// Folders outside the project it may read too (`[files] extra_roots`),
    /// relative to the root; those that do not exist are returned.
    pub fn allow_roots(&mut self, roots: &[PathBuf]) -> Vec<PathBuf> {
        let mut missing = Vec::new();
        for r in roots {
            match fs::canonicalize(self.root.join(r)) {
                Ok(c) => self.extra_roots.push(c),
                Err(_) => missing.push(r.clone()),
            }
        }
        missing
    }

    /// The project directory as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path as users see it: relative to the project root where it lies
    /// inside it, with `.` and `a/..` taken out.
    pub fn relative(&self, path: &Path) -> PathBuf {
        let joined = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        };
        let inside = joined
            .strip_prefix(&self.root)
            .ok()
            .or_else(|| {
                let canonical = self.canonical_root.as_ref()?;
                joined.strip_prefix(canonical).ok()
            })
            .map(Path::to_path_buf);
        match inside {
            Some(rel) => normalize(&rel),
            None => path.to_path_buf(),
        }
    }

    /// The file's place on disk, if it lies inside the project or an extra
    /// root once `..` and symlinks are resolved.
    fn resolve(&self, path: &Path) -> Result<PathBuf, FileError> {
        let shown = self.relative(path);
        let on_disk = self.root.join(&shown);
        // Outside by its name alone (`../x`, `/etc/x`), whether it exists
        // or not.
        let lexical = normalize(&self.absolute_root.join(&shown));
        let named_inside = std::iter::once(&self.absolute_root)
            .chain(&self.canonical_root)
            .chain(&self.extra_roots)
            .any(|r| lexical.starts_with(r));
        if !named_inside {
            return Err(FileError::Outside {
                path: shown,
                target: lexical,
            });
        }
        let canonical = fs::canonicalize(&on_disk).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound {
                path: shown.clone(),
            },
            _ => FileError::Io {
                path: shown.clone(),
                source: e,
            },
        })?;
        let allowed = self
            .canonical_root
            .iter()
            .chain(&self.extra_roots)
            .any(|r| canonical.starts_with(r));
        if allowed {
            Ok(canonical)
        } else {
            Err(FileError::Outside {
                path: shown,
                target: canonical,
            })
        }
    }

    /// Reads a file once; later reads are served from memory.
    pub fn read(&self, path: &Path) -> Result<Bytes, FileError> {
        Ok(self.load(path)?.bytes)
    }

    fn load(&self, path: &Path) -> Result<File, FileError> {
        let key = self.relative(path);
        if let Some(f) = self.lock().get(&key) {
            return Ok(f.clone());
        }
        let on_disk = self.resolve(&key)?;
        let bytes = read_file(&on_disk, MAP_LARGE_FILES.load(Ordering::Relaxed)).map_err(|e| {
            FileError::Io {
                path: key.clone(),
                source: e,
            }
        })?;
        let file = File {
            hash: fingerprint(&bytes),
            display: None,
            bytes,
        };
        file.bytes.release_pages();
        self.lock().insert(key, file.clone());
        Ok(file)
    }

    /// Reads a UTF-8 text file. A byte order mark is accepted and left out,
    /// so that positions count from the first character.
    pub fn read_text(&self, path: &Path) -> Result<Arc<str>, FileError> {
        let key = self.relative(path);
        let file = self.load(&key)?;
        if let Some(text) = &file.display
            && std::str::from_utf8(without_bom(&file.bytes)).is_ok()
        {
            return Ok(text.clone());
        }
        let body = without_bom(&file.bytes);
        match std::str::from_utf8(body) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                self.remember_display(&key, text.clone());
                Ok(text)
            }
            Err(e) => {
                let encoding = encoding::guess(body);
                let offset = e.valid_up_to();
                let (display, offset) = encoding::decode(body, encoding.as_ref(), offset);
                let width = display[offset..].chars().next().map_or(0, char::len_utf8);
                self.remember_display(&key, display);
                Err(FileError::NotUtf8 {
                    path: key,
                    offset,
                    width,
                    encoding,
                })
            }
        }
    }

    fn remember_display(&self, key: &Path, text: Arc<str>) {
        if let Some(f) = self.lock().get_mut(key) {
            f.display = Some(text);
        }
    }

    /// Whether a file exists at the path (inside the project or not).
    pub fn exists(&self, path: &Path) -> bool {
        self.root.join(self.relative(path)).exists()
    }

    /// Content hash of a file, reading it if it was not read yet; `None`
    /// when it cannot be read (a deleted enclosure). A folder's hash is
    /// that of the names in it, which change when a file is added.
    pub fn hash(&self, path: &Path) -> Option<u64> {
        let key = self.relative(path);
        let on_disk = self.root.join(&key);
        if on_disk.is_dir() {
            let mut names: Vec<String> = fs::read_dir(&on_disk)
                .ok()?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            return Some(fingerprint(names.join("\n").as_bytes()));
        }
        self.load(&key).ok().map(|f| f.hash)
    }

    /// Files directly inside `dir` whose names end in `.{ext}`, sorted so that
    /// every run sees them in the same order.
    pub fn list(&self, dir: &Path, ext: &str) -> io::Result<Vec<PathBuf>> {
        let dir = self.relative(dir);
        let mut found = Vec::new();
        for entry in fs::read_dir(self.root.join(&dir))? {
            let entry = entry?;
            let path = dir.join(entry.file_name());
            if self.root.join(&path).is_file() && path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
        found.sort();
        Ok(found)
    }

    /// Sub-directories of `dir`, sorted.
    pub fn subdirs(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = self.relative(dir);
        let mut found = Vec::new();
        for entry in fs::read_dir(self.root.join(&dir))? {
            let path = dir.join(entry?.file_name());
            if self.root.join(&path).is_dir() {
                found.push(path);
            }
        }
        found.sort();
        Ok(found)
    }

    /// Today's date: the one clock the tool reads, for new notes.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, File>> {
        // A poisoned map still holds consistent entries: each insert is one call.
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sources for World {
    fn source(&self, file: &Path) -> Option<Arc<str>> {
        let key = self.relative(file);
        let f = self.lock().get(&key).cloned()?;
        if let Some(text) = f.display {
            return Some(text);
        }
        Some(Arc::from(
            String::from_utf8_lossy(without_bom(&f.bytes)).as_ref(),
        ))
    }
}

/// The files a note was made from, recorded while it is rendered: its note
/// file, the locales and hyphenation data of its languages, its template,
/// the template's includes and style sheet, fonts, the enclosure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs(BTreeSet<PathBuf>);

impl Inputs {
    /// Records that a file was used.
    pub fn add(&mut self, file: impl Into<PathBuf>) {
        self.0.insert(file.into());
    }

    /// Records several files.
    pub fn extend<'a>(&mut self, files: impl IntoIterator<Item = &'a PathBuf>) {
        self.0.extend(files.into_iter().cloned());
    }

    /// The files, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &PathBuf> {
        self.0.iter()
    }

    /// Whether `file` was used.
    pub fn contains(&self, file: &Path) -> bool {
        self.0.contains(file)
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Takes `.` and `dir/..` out of a relative path without touching the disk;
/// a leading `..` stays (the path then leads out of the project).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_files_mapped_or_read_give_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let font =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/LiberationSerif-Regular.ttf");
        let small = dir.path().join("small.ftl");
        fs::write(&small, "hello = Здравствуйте\n").unwrap();
        let empty = dir.path().join("empty.toml");
        fs::write(&empty, "").unwrap();
        for path in [font.as_path(), &small, &empty] {
            let read = read_file(path, false).unwrap();
            let mapped = read_file(path, true).unwrap();
            assert_eq!(&read[..], &mapped[..], "{}", path.display());
            assert_eq!(&read[..], &fs::read(path).unwrap()[..]);
            let is_mapped = matches!(*mapped.0, Content::Mapped(_));
            assert_eq!(is_mapped, path == font, "{}", path.display());
        }
    }

    /// The kilobytes of the process's mapping that holds `at` resident in
    /// its memory, by `/proc/self/smaps`.
    #[cfg(target_os = "linux")]
    fn resident_kib(at: *const u8) -> u64 {
        let smaps = fs::read_to_string("/proc/self/smaps").unwrap();
        let at = at as usize;
        let mut inside = false;
        for line in smaps.lines() {
            let first = line.split_whitespace().next().unwrap_or("");
            if let Some((start, end)) = first.split_once('-')
                && let (Ok(start), Ok(end)) = (
                    usize::from_str_radix(start, 16),
                    usize::from_str_radix(end, 16),
                )
            {
                inside = (start..end).contains(&at);
            } else if inside && let Some(rss) = line.strip_prefix("Rss:") {
                return rss.trim().trim_end_matches("kB").trim().parse().unwrap();
            }
        }
        panic!("no mapping holds {at:#x}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mapped_file_gives_back_its_pages_and_still_reads_whole() {
        let font =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/LiberationSerif-Regular.ttf");
        let bytes = read_file(&font, true).unwrap();
        assert!(matches!(*bytes.0, Content::Mapped(_)));
        let hash = fingerprint(&bytes);
        let size_kib = bytes.len() as u64 / 1024;
        assert!(resident_kib(bytes.as_ptr()) > size_kib / 2);
        bytes.release_pages();
        assert!(
            resident_kib(bytes.as_ptr()) < size_kib / 10,
            "{} KiB of {size_kib} still resident",
            resident_kib(bytes.as_ptr())
        );
        assert_eq!(fingerprint(&bytes), hash);
        assert_eq!(&bytes[..], &fs::read(&font).unwrap()[..]);
    }

    #[test]
    fn paths_are_shown_relative_and_normalised() {
        let w = World::new("/p");
        assert_eq!(
            w.relative(Path::new("notes/./a.toml")),
            Path::new("notes/a.toml")
        );
        assert_eq!(
            w.relative(Path::new("/p/notes/a.toml")),
            Path::new("notes/a.toml")
        );
        assert_eq!(w.relative(Path::new("a/../b")), Path::new("b"));
        assert_eq!(w.relative(Path::new("../x")), Path::new("../x"));
    }

    #[test]
    fn the_offset_of_the_first_bad_byte_is_on_a_character() {
        // Shift_JIS: the prefix decodes differently from the whole.
        let bytes = b"A\xC2\x81\x80\xA1 = x\n";
        let encoding = encoding::guess(bytes);
        let offset = 3; // where UTF-8 stops making sense
        let (text, at) = encoding::decode(bytes, encoding.as_ref(), offset);
        assert!(text.is_char_boundary(at));
    }

    #[test]
    fn windows_1251_is_named() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("сообщение = Секретариат пользуется случаем, чтобы возобновить уверения\n");
        assert_eq!(
            encoding::guess(&bytes),
            Some(Likely::One(Encoding::Web(encoding_rs::WINDOWS_1251)))
        );
    }

    /// The diagnostic of a file read from `bytes`, the text it quotes and
    /// the line and column it is at.
    fn not_utf8(bytes: &[u8]) -> (Diagnostic, Arc<str>, Option<(usize, usize)>) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("note.ftl"), bytes).unwrap();
        let world = World::new(dir.path());
        let d = world
            .read_text(Path::new("note.ftl"))
            .unwrap_err()
            .diagnostic(None);
        let quoted = world.source(Path::new("note.ftl")).unwrap();
        let place = d.line_col(&world);
        (d, quoted, place)
    }

    /// Line and column of the first character that is not ASCII.
    fn first_not_ascii(text: &str) -> (usize, usize) {
        crate::diag::line_col(text, text.find(|c: char| !c.is_ascii()).unwrap())
    }

    #[test]
    fn kazakh_in_a_kazakh_code_page_is_named_quoted_and_placed_as_written() {
        let text = "# Нотаның мәтіні.\nclosing = Хатшылық осы мүмкіндікті пайдалана отырып, өзінің зор ілтипатын тағы да растайды.\n";
        for (code_page, iconv) in [(Encoding::Kz1048, "RK1048"), (Encoding::Pt154, "PT154")] {
            let (d, quoted, place) = not_utf8(&encoding::encode(text, code_page));
            assert_eq!(&*quoted, text, "{code_page:?}");
            assert_eq!(
                d.message,
                format!("note.ftl is not UTF-8: it looks like {}", code_page.name())
            );
            assert_eq!(place, Some(first_not_ascii(text)));
            assert_eq!(
                d.notes.last().unwrap(),
                &format!(
                    "convert it: iconv -f {iconv} -t UTF-8 note.ftl > note.ftl.utf8 && mv note.ftl.utf8 note.ftl"
                )
            );
        }
    }

    #[test]
    fn when_two_code_pages_fit_both_are_named_and_neither_letter_quoted() {
        let (d, quoted, place) = not_utf8(&encoding::encode(
            "# Ағылшын қазақ тілі\n",
            Encoding::Kz1048,
        ));
        assert_eq!(&*quoted, "# А\u{fffd}ылшын қазақ тілі\n");
        assert_eq!(
            d.message,
            "note.ftl is not UTF-8: it looks like KZ-1048 or PT154, and its letters do not tell which"
        );
        assert_eq!(place, Some((1, 3)));
        let convert = |from: &str| {
            format!(
                "iconv -f {from} -t UTF-8 note.ftl > note.ftl.utf8 && mv note.ftl.utf8 note.ftl"
            )
        };
        assert_eq!(
            d.notes[2..],
            [
                format!(
                    "if it was saved in KZ-1048, convert it: {}",
                    convert("RK1048")
                ),
                format!("if it was saved in PT154, convert it: {}", convert("PT154")),
            ]
        );
        assert!(!d.notes.iter().any(|n| n.starts_with("convert it")));
    }
}

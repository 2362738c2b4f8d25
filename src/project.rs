//! A verbale project on disk, loaded once and shared by every note:
//!
//! ```text
//! verbale.toml        settings: fonts, output folder, check, register
//! register.tsv        every number issued
//! locales/<lang>/     *.ftl messages and locale.toml
//! templates/          <kind>.tera layout and <kind>.toml settings
//! notes/              one .toml file per note
//! enclosures/         enclosed documents
//! assets/             fonts, hyphenation data
//! ```
//!
//! [`Project::load`] is the one loader: `check`, `build`, `render` and
//! `watch` all start from it. It never stops at the first problem: it loads
//! what it can and returns every diagnostic beside the project, so `check`
//! reports exactly what `build` would refuse.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::layout::font::{FontBook, FontFace};
use crate::layout::hyphen::{Hyphenator, SyllableRules};
use crate::layout::style::StyleSheet;
use crate::note::{self, Note};
use crate::register::{self, Register};
use crate::schema;
use crate::template::{self, Templates};
use crate::world::World;

/// The house style of text enclosures.
pub const ENCLOSURE_STYLE: &str = "templates/enclosure.toml";

/// The family every note is set in, for shaping, measuring and embedding.
pub struct Fonts {
    /// The faces.
    pub book: FontBook,
    /// Their files: regular, bold, italic, bold italic.
    pub files: [PathBuf; 4],
}

/// A language's hyphenation rules and the file they came from.
pub struct Hyphenation {
    /// The rules.
    pub hyphenator: Hyphenator,
    /// Their data files.
    pub files: Vec<PathBuf>,
}

/// Everything notes are rendered with, as far as it loaded.
pub struct Project {
    /// The file system, confined to the project.
    pub world: World,
    /// `verbale.toml`, when it could be read.
    pub config: Option<Config>,
    /// Every locale.
    pub locales: Arc<Locales>,
    /// Every template and kind of note.
    pub templates: Templates,
    /// The style of text enclosures, when the project has one.
    pub enclosure_style: Option<StyleSheet>,
    /// The fonts, when they could be read.
    pub fonts: Option<Fonts>,
    /// Each language's hyphenation.
    pub hyphenation: BTreeMap<String, Hyphenation>,
    /// The numbering register, when it could be read (empty if absent).
    pub register: Option<Register>,
    /// Enclosures prepared so far.
    pub enclosures: crate::enclosure::Cache,
    notes: Vec<PathBuf>,
}

impl Project {
    /// Loads the project in `root`: everything that loads, and every problem
    /// found on the way.
    pub fn load(root: impl Into<PathBuf>) -> (Project, Diagnostics) {
        let mut world = World::new(root);
        let mut diags = Diagnostics::default();
        let (config, found) = Config::load(&world);
        diags.extend(found);
        if let Some(c) = &config {
            let roots: Vec<PathBuf> = c
                .files
                .extra_roots
                .iter()
                .map(|r| r.get_ref().clone())
                .collect();
            for missing in world.allow_roots(&roots) {
                let span = c
                    .files
                    .extra_roots
                    .iter()
                    .find(|r| r.get_ref() == &missing)
                    .map(|r| r.span());
                let d = Diagnostic::error(
                    "config",
                    format!("extra root {} does not exist", missing.display()),
                );
                diags.push(match span {
                    Some(s) => d.at(config::FILE, s),
                    None => d.in_file(config::FILE),
                });
            }
        }
        let locales = Arc::new(Locales::load(&world, &mut diags));
        let templates = Templates::load(&world, locales.clone(), &mut diags);
        let enclosure_style = load_enclosure_style(&world, &mut diags);
        let mut hyphenation = BTreeMap::new();
        for (code, locale) in locales.iter() {
            if let Some(h) = load_hyphenation(&world, locale, &mut diags) {
                hyphenation.insert(code.clone(), h);
            }
        }
        let fonts = config
            .as_ref()
            .and_then(|c| load_fonts(&world, c, &mut diags));
        let register = register::load(&world, &mut diags);
        let notes = match world.list(Path::new(note::DIR), "toml") {
            Ok(n) => n,
            Err(e) => {
                if world.exists(Path::new(note::DIR)) {
                    diags.push(
                        Diagnostic::error("io", format!("cannot read {}/: {e}", note::DIR))
                            .in_file(note::DIR),
                    );
                }
                Vec::new()
            }
        };
        let project = Project {
            world,
            config,
            locales,
            templates,
            enclosure_style,
            fonts,
            hyphenation,
            register,
            enclosures: Default::default(),
            notes,
        };
        (project, diags)
    }

    /// The note files in `notes/`, sorted, relative to the project.
    pub fn note_files(&self) -> &[PathBuf] {
        &self.notes
    }

    /// Reads the note at `path` (relative to the project or absolute).
    pub fn load_note(&self, path: &Path) -> Result<Note, Vec<Diagnostic>> {
        match self.read_note(path) {
            (Some(note), problems) if problems.is_empty() => Ok(note),
            (_, problems) => Err(problems),
        }
    }

    /// Reads the note at `path`: its problems, and the note too when they
    /// leave it whole ([`Note::read`]).
    pub fn read_note(&self, path: &Path) -> (Option<Note>, Vec<Diagnostic>) {
        let path = self.world.relative(path);
        match self.world.read_text(&path) {
            Ok(source) => Note::read(&path, &source),
            Err(e) => (None, vec![e.diagnostic(None)]),
        }
    }

    /// The folder PDFs go to by default.
    pub fn output_dir(&self) -> PathBuf {
        let dir = self
            .config
            .as_ref()
            .map_or_else(|| PathBuf::from("out"), |c| c.output.dir.clone());
        self.world.root().join(dir)
    }

    /// The locale the others are compared with.
    pub fn reference_locale(&self) -> &str {
        self.config
            .as_ref()
            .map_or("en", |c| c.check.reference.as_str())
    }
}

fn load_enclosure_style(world: &World, diags: &mut Diagnostics) -> Option<StyleSheet> {
    let path = Path::new(ENCLOSURE_STYLE);
    if !world.exists(path) {
        return None;
    }
    let text = match world.read_text(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e.diagnostic(None));
            return None;
        }
    };
    let (sheet, found) =
        schema::load::<StyleSheet>(path, &text, &template::sheet_shape(), "style-syntax");
    diags.extend(found);
    let mut sheet = sheet?;
    crate::layout::image::load_images(world, path, &text, &mut sheet, diags);
    Some(sheet)
}

fn load_fonts(world: &World, config: &Config, diags: &mut Diagnostics) -> Option<Fonts> {
    let mut faces = Vec::new();
    for spanned in config.fonts.all() {
        let path = spanned.get_ref();
        let asked_by = Some((Path::new(config::FILE), spanned.span()));
        let bytes = match world.read(path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(e.diagnostic(asked_by));
                continue;
            }
        };
        let fingerprint = world.hash(path).unwrap_or_default();
        match FontFace::load(&bytes, fingerprint) {
            Some(face) => faces.push(face),
            None => diags.push(
                Diagnostic::error(
                    "font",
                    format!("{} is not a TrueType or OpenType font", path.display()),
                )
                .at(config::FILE, spanned.span()),
            ),
        }
    }
    let faces: [Arc<FontFace>; 4] = faces.try_into().ok()?;
    Some(Fonts {
        book: FontBook::new(faces),
        files: config.fonts.all().map(|f| world.relative(f.get_ref())),
    })
}

fn load_hyphenation(
    world: &World,
    locale: &crate::i18n::Locale,
    diags: &mut Diagnostics,
) -> Option<Hyphenation> {
    let settings = &locale.settings.hyphenation;
    let Some(spanned) = &settings.rules else {
        return Some(Hyphenation {
            hyphenator: Hyphenator::none(),
            files: Vec::new(),
        });
    };
    let mut hyphenator = load_rules(world, locale, spanned, diags)?;
    let mut files = vec![world.relative(spanned.get_ref())];
    if let Some(second) = &settings.agree_with {
        hyphenator = hyphenator.agreeing_with(load_rules(world, locale, second, diags)?);
        files.push(world.relative(second.get_ref()));
    }
    Some(Hyphenation {
        hyphenator: hyphenator.dividing(settings.division()),
        files,
    })
}

/// One file of hyphenation rules, as `locale.toml` names it.
fn load_rules(
    world: &World,
    locale: &crate::i18n::Locale,
    spanned: &toml::Spanned<PathBuf>,
    diags: &mut Diagnostics,
) -> Option<Hyphenator> {
    let settings = locale.settings_file.clone().unwrap_or_default();
    let path = spanned.get_ref();
    let asked_by = Some((settings.as_path(), spanned.span()));
    if path.extension().is_some_and(|e| e == "toml") {
        let text = match world.read_text(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(e.diagnostic(asked_by));
                return None;
            }
        };
        let file = world.relative(path);
        let (rules, found) = schema::load::<SyllableRules>(
            &file,
            &text,
            &schema::Shape::of::<SyllableRules>(),
            "hyphenation",
        );
        diags.extend(found);
        return Some(Hyphenator::from_syllable_rules(rules?));
    }
    let bytes = match world.read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(e.diagnostic(asked_by));
            return None;
        }
    };
    match Hyphenator::from_patterns(&bytes) {
        Ok(h) => Some(h),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "hyphenation",
                    format!("{} is not a pattern dictionary: {e}", path.display()),
                )
                .at(&settings, spanned.span()),
            );
            None
        }
    }
}

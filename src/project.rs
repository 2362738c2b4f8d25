//! A verbale project on disk, loaded once and shared by every note:
//!
//! ```text
//! verbale.toml        fonts and output folder
//! locales/<lang>/     *.ftl messages and locale.toml (hyphenation)
//! templates/          <name>.tera layout and <name>.toml style sheet
//! notes/              one .toml file per note
//! assets/             fonts, hyphenation data
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::layout::font::{FontBook, FontFace};
use crate::layout::hyphen::Hyphenator;
use crate::pdf::PdfFonts;
use crate::template::Templates;
use crate::world::World;

pub const CONFIG_FILE: &str = "verbale.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub fonts: FontFiles,
    #[serde(default)]
    pub output: Output,
    #[serde(default)]
    pub check: CheckConfig,
}

/// `[check]`: how `verbale check` judges translations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The locale others are compared with.
    #[serde(default = "default_reference")]
    pub reference: String,
    /// Locales still being translated: their gaps are warnings.
    #[serde(default)]
    pub incomplete: Vec<String>,
}

fn default_reference() -> String {
    "en".to_string()
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            reference: default_reference(),
            incomplete: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontFiles {
    pub regular: PathBuf,
    pub bold: PathBuf,
    pub italic: PathBuf,
    pub bold_italic: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub dir: PathBuf,
}

impl Default for Output {
    fn default() -> Self {
        Output { dir: "out".into() }
    }
}

/// `locales/<lang>/locale.toml`: what a language needs besides words.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleSettings {
    /// A `.standard.bincode` pattern file or a `.syllables.toml` rule file.
    hyphenation: Option<PathBuf>,
}

pub struct Project {
    pub world: World,
    pub config: Config,
    pub locales: Arc<Locales>,
    pub templates: Templates,
    pub fonts: FontBook,
    pub pdf_fonts: PdfFonts,
    pub hyphenators: BTreeMap<String, Hyphenator>,
    /// Each language's hyphenation data file, for dependency tracking.
    pub hyphenation_files: BTreeMap<String, PathBuf>,
    /// The style sheet of text enclosures, if the project has one.
    pub enclosure_style: Option<crate::layout::style::StyleSheet>,
    /// Content fingerprints of every file loaded, taken on first use: only
    /// builds need them, not `check` or a single render.
    fingerprints: std::sync::OnceLock<BTreeMap<PathBuf, u64>>,
}

impl Project {
    /// Loads everything notes are rendered with. Problems in the project's
    /// files are all collected; any error makes loading fail.
    pub fn load(root: impl Into<PathBuf>) -> Result<Project, (World, Diagnostics)> {
        let world = World::new(root);
        let mut diags = Diagnostics::default();
        let config = match load_config(&world) {
            Ok(c) => Some(c),
            Err(d) => {
                diags.push(d);
                None
            }
        };
        let locales = Arc::new(Locales::load(&world, Path::new("locales"), &mut diags));
        let templates =
            Templates::load(&world, Path::new("templates"), locales.clone(), &mut diags);
        let mut hyphenators = BTreeMap::new();
        let mut hyphenation_files = BTreeMap::new();
        for code in locales.locales.keys() {
            match load_hyphenator(&world, code) {
                Ok((h, file)) => {
                    hyphenators.insert(code.clone(), h);
                    if let Some(file) = file {
                        hyphenation_files.insert(code.clone(), file);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
        let enclosure_style = load_enclosure_style(&world, &mut diags);
        let fonts = config
            .as_ref()
            .and_then(|c| match load_fonts(&world, &c.fonts) {
                Ok(f) => Some(f),
                Err(d) => {
                    diags.push(d);
                    None
                }
            });
        let pdf_fonts = fonts.as_ref().and_then(|f| {
            let p = PdfFonts::new(f);
            if p.is_none() {
                diags.push(Diagnostic::error("font", "printpdf cannot read the fonts"));
            }
            p
        });
        match (config, fonts, pdf_fonts) {
            (Some(config), Some(fonts), Some(pdf_fonts)) if !diags.has_errors() => Ok(Project {
                world,
                config,
                locales,
                templates,
                fonts,
                pdf_fonts,
                hyphenators,
                hyphenation_files,
                enclosure_style,
                fingerprints: std::sync::OnceLock::new(),
            }),
            _ => Err((world, diags)),
        }
    }

    /// Note files in `notes/`, sorted.
    pub fn note_files(&self) -> std::io::Result<Vec<PathBuf>> {
        self.world.list(Path::new("notes"), "toml")
    }

    pub fn output_dir(&self) -> PathBuf {
        self.world.root().join(&self.config.output.dir)
    }

    /// Fingerprints of the files loaded with the project.
    pub fn fingerprints(&self) -> &BTreeMap<PathBuf, u64> {
        self.fingerprints
            .get_or_init(|| self.world.dependencies().into_iter().collect())
    }

    /// The project files a note's PDF is made from, besides the note file:
    /// settings, fonts, its languages' locales and hyphenation data, its
    /// template and style sheet.
    pub fn inputs_of(&self, languages: &[String], template: &str) -> Vec<PathBuf> {
        let fonts = &self.config.fonts;
        let mut inputs: Vec<PathBuf> = vec![
            CONFIG_FILE.into(),
            fonts.regular.clone(),
            fonts.bold.clone(),
            fonts.italic.clone(),
            fonts.bold_italic.clone(),
        ];
        for lang in languages {
            let dir = Path::new("locales").join(lang);
            inputs.extend(
                self.fingerprints()
                    .keys()
                    .filter(|p| p.starts_with(&dir))
                    .cloned(),
            );
            inputs.extend(self.hyphenation_files.get(lang).cloned());
        }
        let tpl = Path::new("templates").join(template);
        inputs.push(tpl.with_extension(crate::template::EXTENSION));
        inputs.push(tpl.with_extension("toml"));
        inputs.sort();
        inputs.dedup();
        inputs
    }
}

fn load_enclosure_style(
    world: &World,
    diags: &mut Diagnostics,
) -> Option<crate::layout::style::StyleSheet> {
    let path = Path::new(crate::enclosure::STYLE_SHEET);
    if !world.root().join(path).exists() {
        return None;
    }
    let text = match world.read_text(path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match toml::from_str(&text) {
        Ok(sheet) => Some(sheet),
        Err(e) => {
            diags.push(
                Diagnostic::error("style-syntax", e.message().to_string())
                    .at(path, e.span().unwrap_or(0..0)),
            );
            None
        }
    }
}

pub fn load_config(world: &World) -> Result<Config, Diagnostic> {
    let path = Path::new(CONFIG_FILE);
    let text = world.read_text(path)?;
    toml::from_str(&text).map_err(|e| {
        Diagnostic::error("config-syntax", e.message().to_string())
            .at(path, e.span().unwrap_or(0..0))
    })
}

fn load_fonts(world: &World, files: &FontFiles) -> Result<FontBook, Diagnostic> {
    let face = |path: &Path| -> Result<Arc<FontFace>, Diagnostic> {
        let bytes = world.read(path).map_err(|e| {
            Diagnostic::error("font", format!("cannot read font {}: {e}", path.display()))
                .in_file(CONFIG_FILE)
        })?;
        FontFace::parse(bytes).map(Arc::new).ok_or_else(|| {
            Diagnostic::error(
                "font",
                format!("{} is not a TrueType/OpenType font", path.display()),
            )
            .in_file(CONFIG_FILE)
        })
    };
    Ok(FontBook::new([
        face(&files.regular)?,
        face(&files.bold)?,
        face(&files.italic)?,
        face(&files.bold_italic)?,
    ]))
}

fn load_hyphenator(world: &World, code: &str) -> Result<(Hyphenator, Option<PathBuf>), Diagnostic> {
    let settings_path = PathBuf::from("locales").join(code).join("locale.toml");
    let settings: LocaleSettings = match world.read_text(&settings_path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            Diagnostic::error("locale-settings", e.message().to_string())
                .at(&settings_path, e.span().unwrap_or(0..0))
        })?,
        Err(_) => LocaleSettings::default(),
    };
    let Some(path) = settings.hyphenation else {
        return Ok((Hyphenator::none(), None));
    };
    let problem = |msg: String| Diagnostic::error("hyphenation", msg).in_file(&settings_path);
    if path.to_string_lossy().ends_with(".toml") {
        let text = world.read_text(&path)?;
        Hyphenator::from_syllable_rules(&text)
            .map(|h| (h, Some(path.clone())))
            .map_err(|e| {
                Diagnostic::error("hyphenation", e.message().to_string())
                    .at(&path, e.span().unwrap_or(0..0))
            })
    } else {
        let bytes = world
            .read(&path)
            .map_err(|e| problem(format!("cannot read {}: {e}", path.display())))?;
        Hyphenator::from_patterns(&bytes)
            .map(|h| (h, Some(path.clone())))
            .map_err(|e| {
                problem(format!(
                    "{} is not a pattern dictionary: {e}",
                    path.display()
                ))
            })
    }
}

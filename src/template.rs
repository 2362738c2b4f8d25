//! Tera templates (`templates/<name>.tera`) decide what goes where on a
//! note; each comes with a style sheet (`templates/<name>.toml`) that says
//! how each block looks.
//!
//! Templates fetch words with `t(id="message-id", var=value, …)`: the
//! message is looked up in the locale being rendered, named by the context
//! variable `lang`. A missing message or variable is an error, never an
//! empty string or a fallback language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::layout::style::StyleSheet;
use crate::markup;
use crate::world::World;

pub const EXTENSION: &str = "tera";

pub struct Templates {
    tera: Tera,
    /// Template name → its style sheet.
    pub styles: BTreeMap<String, StyleSheet>,
    dir: PathBuf,
}

/// A template failed to render; `diagnostic` points into the template.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub diagnostic: Diagnostic,
}

impl Templates {
    pub fn load(
        world: &World,
        dir: &Path,
        locales: Arc<Locales>,
        diags: &mut Diagnostics,
    ) -> Templates {
        let mut tera = Tera::new();
        tera.autoescape_on([".tera"]);
        tera.set_escape_fn(markup::escape);
        tera.register_function("t", translate(locales));
        let mut styles = BTreeMap::new();
        let files = world.list(dir, EXTENSION).unwrap_or_else(|e| {
            diags.push(
                Diagnostic::error("io", format!("cannot read {}: {e}", dir.display())).in_file(dir),
            );
            Vec::new()
        });
        for file in files {
            let Some(name) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                continue;
            };
            match world.read_text(&file) {
                Ok(source) => {
                    if let Err(e) = tera.add_raw_template(&format!("{name}.{EXTENSION}"), &source) {
                        diags.push(tera_diagnostic(&e, &file, "template-syntax"));
                    }
                }
                Err(d) => diags.push(d),
            }
            let sheet_path = file.with_extension("toml");
            match world.read_text(&sheet_path) {
                Ok(text) => match toml::from_str::<StyleSheet>(&text) {
                    Ok(sheet) => {
                        styles.insert(name, sheet);
                    }
                    Err(e) => diags.push(
                        Diagnostic::error("style-syntax", e.message().to_string())
                            .at(&sheet_path, e.span().unwrap_or(0..0)),
                    ),
                },
                Err(d) => diags.push(d.with_note(format!(
                    "every template needs a style sheet beside it: {}",
                    sheet_path.display()
                ))),
            }
        }
        Templates {
            tera,
            styles,
            dir: dir.to_path_buf(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(&format!("{name}.{EXTENSION}"))
    }

    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.{EXTENSION}"))
    }

    /// Renders template `name`; `context` must hold `lang`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, RenderError> {
        self.tera
            .render(&format!("{name}.{EXTENSION}"), context)
            .map_err(|e| RenderError {
                diagnostic: tera_diagnostic(&e, &self.path_of(name), "template-render"),
            })
    }
}

/// Tera's errors carry a span into the template; the innermost cause holds
/// the message that matters (e.g. the missing message id).
fn tera_diagnostic(e: &tera::Error, file: &Path, code: &'static str) -> Diagnostic {
    let mut message = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r.message().to_string(),
        other => other.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message = format!("{message}: {s}");
        source = s.source();
    }
    let d = Diagnostic::error(code, message);
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let name = r.filename();
            let file = if name.is_empty() {
                file.to_path_buf()
            } else {
                file.with_file_name(name)
            };
            d.at(file, r.span().range.clone())
        }
        _ => d.in_file(file),
    }
}

/// The `t` function: Fluent messages by id, in the language being rendered.
fn translate(
    locales: Arc<Locales>,
) -> impl Fn(Kwargs, &State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: Kwargs, state: &State| {
        let lang: String = state
            .get("lang")?
            .ok_or_else(|| tera::Error::message("`lang` is not set in the template context"))?;
        let id: String = kwargs.must_get("id")?;
        let mut args = FluentArgs::new();
        for (key, value) in kwargs.iter() {
            let Some(key) = key.as_str() else { continue };
            if key == "id" {
                continue;
            }
            let value = if let Some(n) = value.as_f64() {
                FluentValue::from(n)
            } else if let Some(s) = value.as_str() {
                FluentValue::from(s.to_string())
            } else {
                FluentValue::from(value.to_string())
            };
            args.set(key.to_string(), value);
        }
        let locale = locales
            .get(&lang)
            .map_err(|e| tera::Error::message(e.to_string()))?;
        locale
            .format(&id, Some(&args))
            .map_err(|e| tera::Error::message(format!("in locale `{lang}`, `{id}`: {e}")))
    }
}

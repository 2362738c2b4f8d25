//! `verbale l10n status`: how far each locale has come, and what is left
//! to do, each at its place.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{State, Translation};
use crate::diag::{Sources, line_col};

/// One locale's translations, as [`super::survey`] found them.
pub struct Survey {
    /// The locale.
    pub code: String,
    /// Its translations.
    pub translations: Vec<Translation>,
    /// Its files that do not read: what they define is counted as missing.
    pub damaged: Vec<PathBuf>,
}

impl Survey {
    /// How many translations stand in the state named `name`.
    pub fn count(&self, name: &str) -> usize {
        self.translations
            .iter()
            .filter(|t| t.state.name() == name)
            .count()
    }
}

/// The table of counts, one row per locale, then every translation that
/// is not [`State::Translated`], grouped by locale and state. Files that do
/// not read are named first: a message lost in one shows as missing (or,
/// in the reference, its translations as obsolete), which would otherwise
/// send a translator to translate it again. `reference_damaged` are the
/// reference locale's.
pub fn report(
    sources: &dyn Sources,
    reference: &str,
    reference_damaged: &[PathBuf],
    surveys: &[Survey],
) -> String {
    let mut out = String::new();
    if !reference_damaged.is_empty() {
        let _ = writeln!(
            out,
            "{reference}: {}: the translations of a message lost there count as obsolete",
            unread(reference_damaged)
        );
    }
    for s in surveys.iter().filter(|s| !s.damaged.is_empty()) {
        let _ = writeln!(
            out,
            "{}: {}: a message lost there counts as missing",
            s.code,
            unread(&s.damaged)
        );
    }
    let _ = writeln!(out, "reference locale: {reference}");
    let _ = write!(out, "{:<8}", "locale");
    for name in State::NAMES {
        let _ = write!(out, "{name:>14}");
    }
    out.push('\n');
    for s in surveys {
        let _ = write!(out, "{:<8}", s.code);
        for name in State::NAMES {
            let _ = write!(out, "{:>14}", s.count(name));
        }
        out.push('\n');
    }
    for s in surveys {
        for name in State::NAMES.iter().skip(1) {
            let listed: Vec<&Translation> = s
                .translations
                .iter()
                .filter(|t| t.state.name() == *name)
                .collect();
            if listed.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{} {name}:", s.code);
            for t in listed {
                let place = t
                    .translation
                    .as_ref()
                    .or(t.reference.as_ref())
                    .map(|p| {
                        let line = sources
                            .source(&p.file)
                            .map_or(1, |text| line_col(&text, p.span.start).0);
                        format!("{}:{line}", p.file.display())
                    })
                    .unwrap_or_default();
                let _ = writeln!(out, "  {} ({place})", t.item);
            }
        }
    }
    out
}

/// "`a.ftl` does not read (…)", or "`a.ftl`, `b.ftl` do not read (…)".
pub fn unread(files: &[PathBuf]) -> String {
    let named: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let verb = if files.len() == 1 { "does" } else { "do" };
    format!("{} {verb} not read (the errors above)", named.join(", "))
}

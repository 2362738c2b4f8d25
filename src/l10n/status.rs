//! `verbale l10n status`: how far each locale has come, and what is left
//! to do, each at its place.

use std::fmt::Write as _;

use super::{State, Translation};
use crate::diag::{Sources, line_col};

/// One locale's translations, as [`super::survey`] found them.
pub struct Survey {
    /// The locale.
    pub code: String,
    /// Its translations.
    pub translations: Vec<Translation>,
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
/// is not [`State::Translated`], grouped by locale and state.
pub fn report(sources: &dyn Sources, reference: &str, surveys: &[Survey]) -> String {
    let mut out = format!("reference locale: {reference}\n");
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

//! Kinds of note and their settings: numbers in a style sheet that would
//! set no page at all (a text column of no width, a block of size 0), and
//! the house style of text enclosures.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::style::{MM, StyleSheet};
use crate::project::{ENCLOSURE_STYLE, Project};
use crate::schema;

/// Variables a kind's template reads that verbale does not give: for kinds
/// no note uses (rendering finds them, with their place, for the others).
pub fn check_unused(project: &Project, notes: &[crate::note::Note], diags: &mut Diagnostics) {
    for (name, kind) in project.templates.kinds() {
        if notes.iter().any(|n| &n.template == name) {
            continue;
        }
        for variable in project.templates.unknown_variables(name) {
            diags.push(
                Diagnostic::error(
                    "template-variable",
                    format!("template `{name}` reads `{variable}`, which verbale does not give templates"),
                )
                .in_file(&kind.file)
                .with_note(format!(
                    "templates are given {}",
                    crate::template::CONTEXT.join(", ")
                )),
            );
        }
    }
}

/// Checks the settings of every kind of note and the enclosure style.
pub fn check(project: &Project, diags: &mut Diagnostics) {
    for (_, kind) in project.templates.kinds() {
        sheet(project, &kind.settings_file, &kind.sheet, diags);
    }
    if let Some(style) = &project.enclosure_style {
        sheet(project, Path::new(ENCLOSURE_STYLE), style, diags);
    }
}

/// Whether a style sheet has none of the problems [`check`] reports: the
/// layout's own report of what does not fit on its pages is only worth
/// giving then (a text column of no width is reported once, here).
pub fn sound(project: &Project, file: &Path, style: &StyleSheet) -> bool {
    let mut found = Diagnostics::default();
    sheet(project, file, style, &mut found);
    !found.has_errors()
}

/// Whether `value` is a number in `[min, max)`: false for NaN too, which a
/// plain negated comparison would let through unreadably.
fn within(value: f32, min: f32, max: f32) -> bool {
    value.partial_cmp(&min).is_some_and(|o| o.is_ge()) && value < max
}

fn sheet(project: &Project, file: &Path, sheet: &StyleSheet, diags: &mut Diagnostics) {
    let source = project.world.read_text(file).ok();
    let mut problem = |path: &[&str], message: String| {
        let span = source.as_deref().and_then(|s| schema::value_span(s, path));
        let d = Diagnostic::error("template-style", message);
        diags.push(match span {
            Some(s) => d.at(file, s),
            None => d.in_file(file),
        });
    };
    let page = &sheet.page;
    if !(within(page.width, f32::MIN_POSITIVE, f32::INFINITY)
        && within(page.height, f32::MIN_POSITIVE, f32::INFINITY))
    {
        problem(
            &["page", "width"],
            "the page needs a width and a height above 0 mm".into(),
        );
    }
    let m = &page.margins;
    for (name, value) in [
        ("top", m.top),
        ("bottom", m.bottom),
        ("left", m.left),
        ("right", m.right),
    ] {
        if !within(value, 0.0, f32::INFINITY) {
            problem(
                &["page", "margins", name],
                format!("margin `{name}` cannot be below 0 mm"),
            );
        }
    }
    let column = page.width - m.left - m.right;
    if !within(column, 20.0, f32::INFINITY) {
        problem(
            &["page", "margins"],
            format!("the margins leave a text column of {column:.0} mm; it needs at least 20 mm"),
        );
    }
    let height = page.height - m.top - m.bottom;
    if !within(height, 20.0, f32::INFINITY) {
        problem(
            &["page", "margins"],
            format!("the margins leave {height:.0} mm of page height; it needs at least 20 mm"),
        );
    }
    if !within(page.number_size, f32::MIN_POSITIVE, height * MM) {
        problem(
            &["page", "number_size"],
            "the page number needs a size above 0".into(),
        );
    }
    if !within(page.tolerance, f32::MIN_POSITIVE, f32::INFINITY) {
        problem(
            &["page", "tolerance"],
            "the tolerance must be above 0".into(),
        );
    }
    // Beyond a tenth of an em, letters fall apart into single characters
    // and text extraction reads spaces between them.
    if !within(page.letter_spacing, 0.0, 0.1) {
        problem(
            &["page", "letter_spacing"],
            "the letter spacing must be between 0 and 0.1 em".into(),
        );
    }
    for (name, style) in &sheet.block {
        if !within(
            style.size * style.leading.max(1.0),
            f32::MIN_POSITIVE,
            height * MM,
        ) || !within(style.size, f32::MIN_POSITIVE, f32::INFINITY)
        {
            problem(
                &["block", name, "size"],
                format!("block `{name}` needs a size above 0 that fits on the page"),
            );
        }
        if !within(style.indent, -column * MM, column * MM) {
            problem(
                &["block", name, "indent"],
                format!("block `{name}` needs an indent narrower than the text column"),
            );
        }
        if !within(style.leading, f32::MIN_POSITIVE, f32::INFINITY) {
            problem(
                &["block", name, "leading"],
                format!("block `{name}` needs a leading above 0"),
            );
        }
        if !within(style.margin_left, 0.0, column * MM - 20.0) {
            problem(
                &["block", name, "margin_left"],
                format!("block `{name}` leaves no room for text beside its left margin"),
            );
        }
        if let Some(image) = &style.image {
            if !within(image.width, f32::MIN_POSITIVE, column + 1e-3) {
                problem(
                    &["block", name, "image", "width"],
                    format!(
                        "the picture of block `{name}` needs a width above 0 that fits in the text column"
                    ),
                );
            }
            if !within(image.gap, 0.0, height) {
                problem(
                    &["block", name, "image", "gap"],
                    format!(
                        "the gap below the picture of block `{name}` must be between 0 and the page height"
                    ),
                );
            }
        }
        if let Some(seal) = style.seal_space {
            if !within(style.margin_left + seal.width * MM, 0.0, column * MM - 20.0) {
                problem(
                    &["block", name, "seal_space", "width"],
                    format!("block `{name}` leaves no room for text beside its seal space"),
                );
            }
            if !within(seal.height, 0.0, height) {
                problem(
                    &["block", name, "seal_space", "height"],
                    format!(
                        "the seal space of block `{name}` must be between 0 and the page height"
                    ),
                );
            }
        }
        for (key, value) in [
            ("space_before", style.space_before),
            ("space_after", style.space_after),
        ] {
            if !within(value, 0.0, height * MM) {
                problem(
                    &["block", name, key],
                    format!("`{key}` of block `{name}` must be between 0 and the page height"),
                );
            }
        }
    }
}

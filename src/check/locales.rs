//! Translations: every locale against the reference locale (missing,
//! obsolete and differently parameterised messages), and each locale on its
//! own (references to nothing, messages that refer to themselves, functions
//! called wrongly, plural selectors lacking a category of the language,
//! the messages the renderer needs).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use super::Coverage;
use crate::config::{self, CheckConfig};
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::i18n::ftl::{Argument, Entry};
use crate::i18n::{Locale, Locales, dates, is_private};
use crate::render::REQUIRED_MESSAGES;

/// Checks every locale; returns how much of the reference each translates.
pub fn check(locales: &Locales, settings: &CheckConfig, diags: &mut Diagnostics) -> Vec<Coverage> {
    let mut broken: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (code, locale) in locales.iter() {
        let b = broken.entry(code.as_str()).or_default();
        references(locale, b, diags);
        cycles(locale, b, diags);
        functions(locale, diags);
        plurals(locale, diags);
        if locale.damaged.is_empty() {
            // A message the reference has is reported missing where it
            // would go (`missing-message`, an error unless the locale is
            // declared incomplete), not a second time here.
            let reference = locales.get(&settings.reference).filter(|r| {
                r.code != *code && r.damaged.is_empty() && !settings.incomplete.contains(code)
            });
            required(locale, reference, diags);
        }
    }
    let Some(reference) = locales.get(&settings.reference) else {
        if !locales.is_empty() {
            diags.push(
                Diagnostic::error(
                    "reference-locale",
                    format!(
                        "the reference locale `{}` does not exist in locales/",
                        settings.reference
                    ),
                )
                .in_file(config::FILE),
            );
        }
        return Vec::new();
    };
    let empty = BTreeSet::new();
    let mut coverage = Vec::new();
    for (code, locale) in locales.iter() {
        let is_reference = code == &settings.reference;
        let incomplete = settings.incomplete.contains(code);
        let total = reference.shared_messages().count();
        let translated = reference
            .shared_messages()
            .filter(|m| locale.entries.contains_key(&m.id))
            .count();
        coverage.push(Coverage {
            locale: code.clone(),
            translated,
            total,
            reference: is_reference,
            incomplete,
        });
        let comparable = locale.damaged.is_empty() && reference.damaged.is_empty();
        if !is_reference && comparable {
            let broken_here = broken.get(code.as_str()).unwrap_or(&empty);
            let broken_there = broken.get(reference.code.as_str()).unwrap_or(&empty);
            compare(
                reference,
                locale,
                incomplete,
                broken_there,
                broken_here,
                diags,
            );
        }
    }
    coverage
}

fn gap(incomplete: bool, code: &'static str, message: String) -> Diagnostic {
    if incomplete {
        Diagnostic::warning(code, message)
    } else {
        Diagnostic::error(code, message)
    }
}

/// One locale against the reference.
fn compare(
    reference: &Locale,
    locale: &Locale,
    incomplete: bool,
    broken_in_reference: &BTreeSet<String>,
    broken_here: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let code = &locale.code;
    let reference_code = &reference.code;
    for theirs in reference.entries.values().filter(|e| !is_private(e)) {
        let id = &theirs.id;
        let kind = if theirs.is_term() { "term" } else { "message" };
        let Some(ours) = locale.entries.get(id) else {
            let d = gap(
                incomplete,
                if theirs.is_term() {
                    "missing-term"
                } else {
                    "missing-message"
                },
                format!("{kind} `{id}` is missing in locale `{code}`"),
            );
            diags.push(insertion_point(reference, locale, theirs, d).also(
                &theirs.file,
                Some(theirs.span.clone()),
                format!("defined here in the reference locale `{reference_code}`"),
            ));
            continue;
        };
        for (attr, span) in &theirs.attributes {
            if ours.attribute(attr).is_none() {
                diags.push(
                    gap(
                        incomplete,
                        "missing-attribute",
                        format!("attribute `{id}.{attr}` is missing in locale `{code}`"),
                    )
                    .at(&ours.file, ours.span.clone())
                    .labelled(format!("add `.{attr}` to this {kind}"))
                    .also(
                        &theirs.file,
                        Some(span.clone()),
                        format!("defined here in the reference locale `{reference_code}`"),
                    ),
                );
            }
        }
        for (attr, span) in &ours.attributes {
            if theirs.attribute(attr).is_none() {
                diags.push(
                    Diagnostic::warning(
                        "obsolete-attribute",
                        format!(
                            "attribute `{id}.{attr}` is not in the reference locale `{reference_code}`"
                        ),
                    )
                    .at(&ours.file, span.clone()),
                );
            }
        }
        if theirs.is_term() || broken_in_reference.contains(id) || broken_here.contains(id) {
            continue;
        }
        let (want, have) = (reference.variables(id), locale.variables(id));
        let lacking: Vec<&str> = want.difference(&have).map(String::as_str).collect();
        let mut renamed = BTreeSet::new();
        // At the variable, when the entry itself uses it.
        let place = |v: &str| {
            ours.variables
                .iter()
                .find(|(n, _)| n == v)
                .map_or(ours.span.clone(), |(_, s)| s.clone())
        };
        for v in have.difference(&want) {
            let also = |d: Diagnostic| {
                d.at(&ours.file, place(v)).also(
                    &theirs.file,
                    Some(theirs.span.clone()),
                    format!("`{id}` in `{reference_code}`"),
                )
            };
            // One misspelt variable is one fault, not a variable too many
            // and one too few.
            let d = match suggest(v, lacking.iter().copied()) {
                Some(w) => {
                    renamed.insert(w);
                    also(Diagnostic::error(
                        "variable-mismatch",
                        format!(
                            "`{id}` uses `${v}` in `{code}` where the reference locale `{reference_code}` uses `${w}`"
                        ),
                    ))
                    .with_note(format!("did you mean `${w}`?"))
                }
                None => also(Diagnostic::error(
                    "variable-mismatch",
                    format!(
                        "`{id}` uses `${v}` in `{code}` but not in the reference locale `{reference_code}`"
                    ),
                )),
            };
            diags.push(d);
        }
        for v in lacking.iter().filter(|v| !renamed.contains(*v)) {
            diags.push(
                Diagnostic::error(
                    "variable-mismatch",
                    format!(
                        "`{id}` does not use `${v}` in `{code}`, the reference locale `{reference_code}` does"
                    ),
                )
                .at(&ours.file, ours.span.clone())
                .also(&theirs.file, Some(theirs.span.clone()), format!("`{id}` in `{reference_code}`")),
            );
        }
    }
    for ours in locale.entries.values().filter(|e| !is_private(e)) {
        if !reference.entries.contains_key(&ours.id) {
            let term = ours.is_term();
            diags.push(
                Diagnostic::warning(
                    if term {
                        "obsolete-term"
                    } else {
                        "obsolete-message"
                    },
                    format!(
                        "{} `{}` is not in the reference locale `{reference_code}`",
                        if term { "term" } else { "message" },
                        ours.id
                    ),
                )
                .at(&ours.file, ours.span.clone()),
            );
        }
    }
}

/// Points a missing entry at the file to edit: the file of the same name
/// in the locale, after the entry that precedes it in the reference.
fn insertion_point(
    reference: &Locale,
    locale: &Locale,
    missing: &Entry,
    d: Diagnostic,
) -> Diagnostic {
    let Some(file) = locale.file_like(&missing.file) else {
        return d.in_file(Path::new(crate::i18n::DIR).join(&locale.code));
    };
    let mut before: Vec<&Entry> = reference
        .entries
        .values()
        .filter(|e| e.file == missing.file && e.span.start < missing.span.start)
        .collect();
    before.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let after = before
        .iter()
        .find_map(|e| locale.entries.get(&e.id).filter(|ours| &ours.file == file));
    match after {
        Some(previous) => {
            let at = previous.extent.end;
            d.at(file, at..at).labelled(format!(
                "add `{}` here, after `{}`",
                missing.id, previous.id
            ))
        }
        None => d
            .at(file, 0..0)
            .labelled(format!("add `{}` to this file", missing.id)),
    }
}

/// References to messages, terms or attributes the locale lacks. Entries
/// that reach such a reference are recorded in `broken`. While a file of
/// the locale does not read, what it defines may be lost in it: its
/// syntax or encoding error is the one fault reported, not every reference
/// to what it held.
fn references(locale: &Locale, broken: &mut BTreeSet<String>, diags: &mut Diagnostics) {
    let damaged = !locale.damaged.is_empty();
    for entry in locale.entries.values() {
        for r in &entry.references {
            let known = match &r.attribute {
                Some(a) => locale
                    .entries
                    .get(&r.id)
                    .is_some_and(|e| e.attribute(a).is_some()),
                None => locale.entries.contains_key(&r.id),
            };
            if known {
                continue;
            }
            broken.insert(entry.id.clone());
            if damaged {
                continue;
            }
            let what = match &r.attribute {
                Some(a) => format!("`{}.{a}`", r.id),
                None => format!("`{}`", r.id),
            };
            let d = Diagnostic::error(
                "unknown-reference",
                format!(
                    "`{}` refers to {what}, which locale `{}` does not define",
                    entry.id, locale.code
                ),
            )
            .at(&entry.file, r.span.clone());
            let same_kind = locale
                .entries
                .keys()
                .filter(|k| k.starts_with('-') == r.id.starts_with('-'))
                .map(String::as_str);
            diags.push(match suggest(&r.id, same_kind) {
                Some(s) if r.attribute.is_none() => d.with_note(format!("did you mean `{s}`?")),
                _ => d,
            });
        }
    }
}

/// Messages that refer to themselves, directly or through others: Fluent
/// would print them as `{???}`.
fn cycles(locale: &Locale, broken: &mut BTreeSet<String>, diags: &mut Diagnostics) {
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for id in locale.entries.keys() {
        let mut path: Vec<(&str, Range<usize>)> = Vec::new();
        visit(
            locale,
            id,
            &mut state,
            &mut path,
            &mut |cycle, span, file| {
                let mut key: Vec<String> = cycle.iter().map(|s| s.to_string()).collect();
                key.sort();
                if !reported.insert(key) {
                    return;
                }
                broken.extend(cycle.iter().map(|s| s.to_string()));
                let message = if cycle.len() == 1 {
                    format!("`{}` refers to itself", cycle[0])
                } else {
                    let mut chain: Vec<String> = cycle.iter().map(|s| format!("`{s}`")).collect();
                    chain.push(format!("`{}`", cycle[0]));
                    format!("{} refer to each other in a circle", chain.join(" → "))
                };
                diags.push(
                    Diagnostic::error("message-cycle", message)
                        .at(file, span)
                        .labelled("this reference closes the circle"),
                );
            },
        );
    }
}

type CycleReport<'a> = dyn FnMut(&[&str], Range<usize>, &Path) + 'a;

fn visit<'l>(
    locale: &'l Locale,
    id: &'l str,
    state: &mut BTreeMap<&'l str, u8>,
    path: &mut Vec<(&'l str, Range<usize>)>,
    report: &mut CycleReport<'_>,
) {
    match state.get(id) {
        Some(2) => return,
        Some(1) => return,
        _ => {}
    }
    let Some(entry) = locale.entries.get(id) else {
        return;
    };
    state.insert(id, 1);
    for r in &entry.references {
        let target = r.id.as_str();
        if state.get(target) == Some(&1) {
            let start = path
                .iter()
                .position(|(n, _)| *n == target)
                .unwrap_or(path.len());
            let mut cycle: Vec<&str> = path[start..].iter().map(|(n, _)| *n).collect();
            cycle.push(id);
            // Name the cycle from the message it closes on.
            let first = cycle.iter().position(|n| *n == target).unwrap_or(0);
            cycle.rotate_left(first);
            report(&cycle, r.span.clone(), &entry.file);
            continue;
        }
        path.push((id, r.span.clone()));
        visit(locale, target, state, path, report);
        path.pop();
    }
    state.insert(id, 2);
}

/// Functions verbale does not provide, and date functions called with the
/// wrong number or kind of arguments.
fn functions(locale: &Locale, diags: &mut Diagnostics) {
    let names: Vec<&str> = dates::FUNCTIONS.iter().map(|f| f.name).collect();
    for entry in locale.entries.values() {
        for call in &entry.calls {
            let Some(f) = dates::function(&call.name) else {
                let d = Diagnostic::error(
                    "unknown-function",
                    format!(
                        "`{}` calls {}(), which verbale does not provide (it has {})",
                        entry.id,
                        call.name,
                        names.join(", ")
                    ),
                )
                .at(&entry.file, call.span.clone());
                diags.push(match suggest(&call.name, names.iter().copied()) {
                    Some(s) => d.with_note(format!("did you mean {s}()?")),
                    None => d,
                });
                continue;
            };
            let wanted = if f.dates == 1 {
                "one date".to_string()
            } else {
                format!("{} dates", f.dates)
            };
            if call.positional.len() != f.dates {
                diags.push(
                    Diagnostic::error(
                        "date-function",
                        format!(
                            "{}() takes {wanted}, but `{}` gives it {}",
                            f.name,
                            entry.id,
                            call.positional.len()
                        ),
                    )
                    .at(&entry.file, call.span.clone()),
                );
            }
            for (name, span) in &call.named {
                diags.push(
                    Diagnostic::error(
                        "date-function",
                        format!(
                            "{}() takes no named argument, but `{}` gives it `{name}`",
                            f.name, entry.id
                        ),
                    )
                    .at(&entry.file, span.clone()),
                );
            }
            for (arg, span) in &call.positional {
                let problem = match arg {
                    Argument::Variable(_) => None,
                    Argument::String(s) if dates_parse(s) => None,
                    Argument::String(s) => Some(format!(
                        "the text \"{s}\" is not a date such as \"2022-08-12\""
                    )),
                    Argument::Number(n) => Some(format!("the number {n} is not a date")),
                    Argument::Other => {
                        Some("only a variable holding a date can be given".to_string())
                    }
                };
                if let Some(p) = problem {
                    diags.push(
                        Diagnostic::error(
                            "date-function",
                            format!("{}() takes {wanted}: {p}", f.name),
                        )
                        .at(&entry.file, span.clone()),
                    );
                }
            }
        }
    }
}

fn dates_parse(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The CLDR cardinal categories a language uses, found by asking its rules
/// about integers and fractions.
pub fn plural_categories(code: &str) -> BTreeSet<&'static str> {
    let Ok(langid) = code.parse::<LanguageIdentifier>() else {
        return BTreeSet::new();
    };
    let Ok(rules) = PluralRules::create(langid, PluralRuleType::CARDINAL) else {
        return BTreeSet::new();
    };
    let mut found = BTreeSet::new();
    let samples = (0..=200)
        .map(|n| n as f64)
        .chain([0.5, 1.5, 2.5, 0.1, 1.1, 5.5]);
    for n in samples {
        if let Ok(c) = rules.select(n) {
            found.insert(match c {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            });
        }
    }
    found
}

/// Plural selectors (any key a CLDR category) must name every category of
/// the language, and a variant of a category the language does not have
/// (`[few]` in Kazakh) is never chosen: a translator's text that no reader
/// will see.
fn plurals(locale: &Locale, diags: &mut Diagnostics) {
    let categories = plural_categories(&locale.code);
    if categories.is_empty() {
        return;
    }
    let listed = || categories.iter().copied().collect::<Vec<_>>().join(", ");
    for entry in locale.entries.values() {
        for select in &entry.selects {
            let is_category = |k: &str| CATEGORY_NAMES.contains(&k);
            if !select.keys.iter().any(|(k, _)| is_category(k)) {
                continue;
            }
            for (key, span) in &select.keys {
                if is_category(key) && !categories.contains(key.as_str()) {
                    diags.push(
                        Diagnostic::warning(
                            "impossible-plural-variant",
                            format!(
                                "variant `[{key}]` in `{}` is never chosen: locale `{}` has no plural category `{key}` (CLDR: {})",
                                entry.id,
                                locale.code,
                                listed()
                            ),
                        )
                        .at(&entry.file, span.clone())
                        .labelled("no number selects this variant"),
                    );
                }
            }
            let missing: Vec<&str> = categories
                .iter()
                .filter(|c| !select.keys.iter().any(|(k, _)| k == *c))
                .copied()
                .collect();
            if missing.is_empty() {
                continue;
            }
            diags.push(
                Diagnostic::error(
                    "plural-category",
                    format!(
                        "plural selector in `{}` lacks {} for locale `{}` (CLDR: {})",
                        entry.id,
                        missing
                            .iter()
                            .map(|c| format!("[{c}]"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        locale.code,
                        listed()
                    ),
                )
                .at(&entry.file, select.span.clone()),
            );
        }
    }
}

/// The messages the renderer asks for itself. One the `reference` has is
/// left to the comparison with it.
fn required(locale: &Locale, reference: Option<&Locale>, diags: &mut Diagnostics) {
    for (id, passed) in REQUIRED_MESSAGES {
        let Some(entry) = locale.entries.get(id) else {
            // Compared with the reference only outside grammar.ftl.
            if reference.is_some_and(|r| r.entry(id).is_some_and(|e| !is_private(e))) {
                continue;
            }
            let d = Diagnostic::error(
                "required-message",
                format!(
                    "locale `{}` lacks `{id}`, which every PDF needs",
                    locale.code
                ),
            );
            diags.push(match locale.files.first() {
                Some(f) => d.in_file(f),
                None => d.in_file(Path::new(crate::i18n::DIR).join(&locale.code)),
            });
            continue;
        };
        for v in locale.variables(id) {
            if !passed.contains(&v.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "required-message",
                        format!(
                            "`{id}` uses `${v}`; verbale passes only {}",
                            crate::diag::quoted("$", passed)
                        ),
                    )
                    .at(&entry.file, entry.span.clone()),
                );
            }
        }
    }
}

//! Fluent functions that hand the parts of a date to `.ftl` files.
//!
//! The functions only take dates apart; every word, every grammatical case
//! and the order of the parts are written by translators in the locale.
//! Dates travel into Fluent as ISO `YYYY-MM-DD` strings.
//!
//! | function | returns |
//! |---|---|
//! | `DAY($d)` | day of the month, 1–31 |
//! | `MONTH($d)` | month, 1–12 |
//! | `YEAR($d)` | year |
//! | `WEEKDAY($d)` | ISO weekday, 1 = Monday … 7 = Sunday |
//! | `SAME_MONTH($a, $b)` | `yes` or `no` |
//! | `SAME_YEAR($a, $b)` | `yes` or `no` |
//!
//! Fluent lets a function fail only by returning an error value, which it
//! prints as the function's name (`DAY()`) and does not report. So a
//! misuse is also recorded here, per thread, and
//! [`Locale::format`](super::Locale::format) turns it into an error: a note
//! never shows `DAY()`.

use std::cell::RefCell;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;
use fluent_bundle::types::FluentNumber;

type Bundle = fluent_bundle::concurrent::FluentBundle<fluent_bundle::FluentResource>;

/// A function verbale provides, and how many dates it takes.
pub struct Function {
    /// Its name in `.ftl` files.
    pub name: &'static str,
    /// How many positional date arguments it takes.
    pub dates: usize,
}

/// The functions [`register`] adds.
pub const FUNCTIONS: [Function; 6] = [
    Function {
        name: "DAY",
        dates: 1,
    },
    Function {
        name: "MONTH",
        dates: 1,
    },
    Function {
        name: "YEAR",
        dates: 1,
    },
    Function {
        name: "WEEKDAY",
        dates: 1,
    },
    Function {
        name: "SAME_MONTH",
        dates: 2,
    },
    Function {
        name: "SAME_YEAR",
        dates: 2,
    },
];

/// The function called `name`, if verbale provides one.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// A date function called with arguments it cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{function}() {reason}")]
pub struct Misuse {
    /// The function's name.
    pub function: &'static str,
    /// What was wrong with the call.
    pub reason: String,
}

thread_local! {
    static MISUSES: RefCell<Vec<Misuse>> = const { RefCell::new(Vec::new()) };
}

/// Forgets misuses recorded on this thread.
pub fn clear_misuses() {
    MISUSES.with(|m| m.borrow_mut().clear());
}

/// Misuses recorded on this thread since the last call.
pub fn take_misuses() -> Vec<Misuse> {
    // Fluent may call a function again while it writes the error out.
    let mut found = MISUSES.with(|m| std::mem::take(&mut *m.borrow_mut()));
    found.dedup();
    found
}

fn misuse<'a>(function: &'static str, reason: String) -> FluentValue<'a> {
    MISUSES.with(|m| m.borrow_mut().push(Misuse { function, reason }));
    FluentValue::Error
}

/// The form in which a date is passed to Fluent.
pub fn to_fluent(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn date_of(value: &FluentValue) -> Result<NaiveDate, String> {
    match value {
        FluentValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("takes a date, but was given the text `{s}`")),
        FluentValue::Number(n) => Err(format!(
            "takes a date, but was given the number {}",
            n.value
        )),
        FluentValue::None => Err("takes a date, but was given nothing".to_string()),
        _ => Err("takes a date".to_string()),
    }
}

fn dates<'a>(f: &Function, args: &[FluentValue<'a>]) -> Result<Vec<NaiveDate>, FluentValue<'a>> {
    if args.len() != f.dates {
        let wanted = if f.dates == 1 {
            "one date".to_string()
        } else {
            format!("{} dates", f.dates)
        };
        return Err(misuse(
            f.name,
            format!("takes {wanted}, but was given {}", args.len()),
        ));
    }
    args.iter()
        .map(date_of)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|reason| misuse(f.name, reason))
}

fn number<'a>(n: i64) -> FluentValue<'a> {
    FluentValue::Number(FluentNumber::from(n as f64))
}

fn add(
    bundle: &mut Bundle,
    f: &'static Function,
    compute: fn(&[NaiveDate]) -> FluentValue<'static>,
) {
    // add_function fails only for a name already taken; these are the first.
    let _ = bundle.add_function(f.name, move |args, named| {
        if let Some((name, _)) = named.iter().next() {
            return misuse(
                f.name,
                format!("takes no named argument, but was given `{name}`"),
            );
        }
        match dates(f, args) {
            Ok(d) => compute(&d),
            Err(e) => e,
        }
    });
}

fn yes_no<'a>(b: bool) -> FluentValue<'a> {
    FluentValue::String(if b { "yes" } else { "no" }.into())
}

/// Adds the date functions to a bundle.
pub fn register(bundle: &mut Bundle) {
    add(bundle, &FUNCTIONS[0], |d| number(i64::from(d[0].day())));
    add(bundle, &FUNCTIONS[1], |d| number(i64::from(d[0].month())));
    add(bundle, &FUNCTIONS[2], |d| number(i64::from(d[0].year())));
    add(bundle, &FUNCTIONS[3], |d| {
        number(i64::from(d[0].weekday().number_from_monday()))
    });
    add(bundle, &FUNCTIONS[4], |d| {
        yes_no(d[0].year() == d[1].year() && d[0].month() == d[1].month())
    });
    add(bundle, &FUNCTIONS[5], |d| {
        yes_no(d[0].year() == d[1].year())
    });
}

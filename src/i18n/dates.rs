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

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;
use fluent_bundle::types::FluentNumber;

type Bundle = fluent_bundle::concurrent::FluentBundle<fluent_bundle::FluentResource>;

/// Names of the functions [`register`] adds, for checks and documentation.
pub const FUNCTIONS: [&str; 6] = ["DAY", "MONTH", "YEAR", "WEEKDAY", "SAME_MONTH", "SAME_YEAR"];

/// The form in which a date is passed to Fluent.
pub fn to_fluent(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn parse(value: &FluentValue) -> Option<NaiveDate> {
    match value {
        FluentValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        _ => None,
    }
}

fn number<'a>(n: i64) -> FluentValue<'a> {
    FluentValue::Number(FluentNumber::from(n as f64))
}

fn part<'a>(args: &[FluentValue<'a>], f: impl Fn(NaiveDate) -> i64) -> FluentValue<'a> {
    match args.first().and_then(parse) {
        Some(d) if args.len() == 1 => number(f(d)),
        _ => FluentValue::Error,
    }
}

fn compare<'a>(
    args: &[FluentValue<'a>],
    f: impl Fn(NaiveDate, NaiveDate) -> bool,
) -> FluentValue<'a> {
    match (args.first().and_then(parse), args.get(1).and_then(parse)) {
        (Some(a), Some(b)) if args.len() == 2 => {
            FluentValue::String(if f(a, b) { "yes" } else { "no" }.into())
        }
        _ => FluentValue::Error,
    }
}

/// Adds the date functions to a bundle.
pub fn register(bundle: &mut Bundle) {
    // add_function fails only for a name already taken; these are the first.
    let _ = bundle.add_function("DAY", |a, _| part(a, |d| i64::from(d.day())));
    let _ = bundle.add_function("MONTH", |a, _| part(a, |d| i64::from(d.month())));
    let _ = bundle.add_function("YEAR", |a, _| part(a, |d| i64::from(d.year())));
    let _ = bundle.add_function("WEEKDAY", |a, _| {
        part(a, |d| i64::from(d.weekday().number_from_monday()))
    });
    let _ = bundle.add_function("SAME_MONTH", |a, _| {
        compare(a, |x, y| x.year() == y.year() && x.month() == y.month())
    });
    let _ = bundle.add_function("SAME_YEAR", |a, _| compare(a, |x, y| x.year() == y.year()));
}

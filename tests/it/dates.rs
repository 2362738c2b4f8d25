//! Dates and plurals as the shipped locales word them: every month and
//! weekday, in the grammatical case each language needs.

use crate::common;

use chrono::NaiveDate;
use fluent_bundle::FluentArgs;
use verbale::i18n::dates::to_fluent;
use verbale::project::Project;

fn word(project: &Project, lang: &str, id: &str, start: NaiveDate, end: NaiveDate) -> String {
    let mut args = FluentArgs::new();
    args.set("date", to_fluent(end));
    args.set("start", to_fluent(start));
    project
        .locales
        .get(lang)
        .unwrap()
        .format(id, Some(&args))
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn each_month(project: &Project, lang: &str, id: &str) -> Vec<String> {
    (1..=12)
        .map(|m| word(project, lang, id, day(2022, m, 6), day(2022, m, 6)))
        .collect()
}

#[test]
fn plain_dates_for_every_month() {
    let p = common::project();
    assert_eq!(
        each_month(&p, "en", "date-plain"),
        [
            "6 January 2022",
            "6 February 2022",
            "6 March 2022",
            "6 April 2022",
            "6 May 2022",
            "6 June 2022",
            "6 July 2022",
            "6 August 2022",
            "6 September 2022",
            "6 October 2022",
            "6 November 2022",
            "6 December 2022",
        ]
    );
    assert_eq!(
        each_month(&p, "ru", "date-plain"),
        [
            "6 января 2022 г.",
            "6 февраля 2022 г.",
            "6 марта 2022 г.",
            "6 апреля 2022 г.",
            "6 мая 2022 г.",
            "6 июня 2022 г.",
            "6 июля 2022 г.",
            "6 августа 2022 г.",
            "6 сентября 2022 г.",
            "6 октября 2022 г.",
            "6 ноября 2022 г.",
            "6 декабря 2022 г.",
        ]
    );
    assert_eq!(
        each_month(&p, "kk", "date-plain"),
        [
            "2022 жылғы 6 қаңтар",
            "2022 жылғы 6 ақпан",
            "2022 жылғы 6 наурыз",
            "2022 жылғы 6 сәуір",
            "2022 жылғы 6 мамыр",
            "2022 жылғы 6 маусым",
            "2022 жылғы 6 шілде",
            "2022 жылғы 6 тамыз",
            "2022 жылғы 6 қыркүйек",
            "2022 жылғы 6 қазан",
            "2022 жылғы 6 қараша",
            "2022 жылғы 6 желтоқсан",
        ]
    );
}

#[test]
fn kazakh_dative_and_locative_follow_vowel_harmony_and_the_last_sound() {
    let p = common::project();
    let dative: Vec<String> = each_month(&p, "kk", "date-deadline")
        .iter()
        .map(|s| {
            s.trim_start_matches("2022 жылғы 6 ")
                .trim_end_matches(" дейін")
                .to_string()
        })
        .collect();
    assert_eq!(
        dative,
        [
            "қаңтарға",
            "ақпанға",
            "наурызға",
            "сәуірге",
            "мамырға",
            "маусымға",
            "шілдеге",
            "тамызға",
            "қыркүйекке",
            "қазанға",
            "қарашаға",
            "желтоқсанға",
        ]
    );
    let locative: Vec<String> = each_month(&p, "kk", "date-event")
        .iter()
        .map(|s| s.trim_start_matches("2022 жылғы 6 ").to_string())
        .collect();
    assert_eq!(
        locative,
        [
            "қаңтарда",
            "ақпанда",
            "наурызда",
            "сәуірде",
            "мамырда",
            "маусымда",
            "шілдеде",
            "тамызда",
            "қыркүйекте",
            "қазанда",
            "қарашада",
            "желтоқсанда",
        ]
    );
}

#[test]
fn russian_events_take_the_genitive_with_goda() {
    let p = common::project();
    let events = each_month(&p, "ru", "date-event");
    assert_eq!(events[0], "6 января 2022 года");
    assert_eq!(events[11], "6 декабря 2022 года");
}

#[test]
fn every_weekday_in_every_language() {
    let p = common::project();
    // 6 June 2022 was a Monday.
    let week: Vec<NaiveDate> = (6..=12).map(|d| day(2022, 6, d)).collect();
    let words = |lang: &str, id: &str| -> Vec<String> {
        week.iter().map(|&d| word(&p, lang, id, d, d)).collect()
    };
    assert_eq!(
        words("en", "date-deadline"),
        [
            "by Monday, 6 June 2022",
            "by Tuesday, 7 June 2022",
            "by Wednesday, 8 June 2022",
            "by Thursday, 9 June 2022",
            "by Friday, 10 June 2022",
            "by Saturday, 11 June 2022",
            "by Sunday, 12 June 2022",
        ]
    );
    assert_eq!(
        words("ru", "date-deadline"),
        [
            "до понедельника, 6 июня 2022 г.",
            "до вторника, 7 июня 2022 г.",
            "до среды, 8 июня 2022 г.",
            "до четверга, 9 июня 2022 г.",
            "до пятницы, 10 июня 2022 г.",
            "до субботы, 11 июня 2022 г.",
            "до воскресенья, 12 июня 2022 г.",
        ]
    );
    assert_eq!(
        words("ru", "date-full"),
        [
            "понедельник, 6 июня 2022 г.",
            "вторник, 7 июня 2022 г.",
            "среда, 8 июня 2022 г.",
            "четверг, 9 июня 2022 г.",
            "пятница, 10 июня 2022 г.",
            "суббота, 11 июня 2022 г.",
            "воскресенье, 12 июня 2022 г.",
        ]
    );
    assert_eq!(words("en", "date-full")[6], "Sunday, 12 June 2022");
    assert_eq!(
        words("kk", "date-full"),
        [
            "2022 жылғы 6 маусым, дүйсенбі",
            "2022 жылғы 7 маусым, сейсенбі",
            "2022 жылғы 8 маусым, сәрсенбі",
            "2022 жылғы 9 маусым, бейсенбі",
            "2022 жылғы 10 маусым, жұма",
            "2022 жылғы 11 маусым, сенбі",
            "2022 жылғы 12 маусым, жексенбі",
        ]
    );
    assert_eq!(
        words("kk", "date-deadline")[0],
        "2022 жылғы 6 маусымға дейін"
    );
}

#[test]
fn ranges_within_and_across_months_and_years() {
    let p = common::project();
    let (a, b) = (day(2022, 8, 17), day(2022, 8, 18));
    assert_eq!(
        word(&p, "en", "date-event-range", a, b),
        "17-18 August 2022"
    );
    assert_eq!(
        word(&p, "ru", "date-event-range", a, b),
        "17-18 августа 2022 года"
    );
    assert_eq!(
        word(&p, "kk", "date-event-range", a, b),
        "2022 жылғы 17-18 тамызда"
    );
    let (a, b) = (day(2022, 8, 30), day(2022, 9, 2));
    assert_eq!(
        word(&p, "en", "date-event-range", a, b),
        "30 August – 2 September 2022"
    );
    assert_eq!(
        word(&p, "ru", "date-event-range", a, b),
        "30 августа – 2 сентября 2022 года"
    );
    assert_eq!(
        word(&p, "kk", "date-event-range", a, b),
        "2022 жылғы 30 тамыз – 2 қыркүйекте"
    );
    // Across a year, each end has its own year.
    let (a, b) = (day(2022, 12, 30), day(2023, 1, 2));
    for (lang, plain, event) in [
        (
            "ru",
            "30 декабря 2022 г. – 2 января 2023 г.",
            "30 декабря 2022 года – 2 января 2023 года",
        ),
        (
            "kk",
            "2022 жылғы 30 желтоқсан – 2023 жылғы 2 қаңтар",
            "2022 жылғы 30 желтоқсан – 2023 жылғы 2 қаңтарда",
        ),
        (
            "en",
            "30 December 2022 – 2 January 2023",
            "30 December 2022 – 2 January 2023",
        ),
    ] {
        assert_eq!(word(&p, lang, "date-plain-range", a, b), plain);
        assert_eq!(word(&p, lang, "date-event-range", a, b), event);
    }
    // The same month of another year is not the same month.
    let (a, b) = (day(2022, 8, 30), day(2023, 8, 2));
    assert_eq!(
        word(&p, "ru", "date-plain-range", a, b),
        "30 августа 2022 г. – 2 августа 2023 г."
    );
    assert_eq!(
        word(&p, "kk", "date-event-range", a, b),
        "2022 жылғы 30 тамыз – 2023 жылғы 2 тамызда"
    );
}

#[test]
fn russian_plural_categories_one_few_many() {
    let p = common::project();
    let ru = p.locales.get("ru").unwrap();
    let outline = |n: u32| {
        let mut args = FluentArgs::new();
        args.set("pages", n);
        ru.format("outline-version", Some(&args)).unwrap()
    };
    assert_eq!(outline(1), "Русский текст, 1 страница");
    assert_eq!(outline(2), "Русский текст, 2 страницы");
    assert_eq!(outline(5), "Русский текст, 5 страниц");
    assert_eq!(outline(11), "Русский текст, 11 страниц");
    assert_eq!(outline(21), "Русский текст, 21 страница");
    assert_eq!(outline(22), "Русский текст, 22 страницы");
    let en = p.locales.get("en").unwrap();
    let mut args = FluentArgs::new();
    args.set("pages", 1);
    assert_eq!(
        en.format("outline-version", Some(&args)).unwrap(),
        "English version, 1 page"
    );
    args.set("pages", 3);
    assert_eq!(
        en.format("outline-version", Some(&args)).unwrap(),
        "English version, 3 pages"
    );
}

#[test]
fn a_missing_variable_is_an_error_not_a_placeholder() {
    let p = common::project();
    let err = p
        .locales
        .get("en")
        .unwrap()
        .format("note-number", None)
        .unwrap_err();
    assert!(err.to_string().contains("number"), "{err}");
}

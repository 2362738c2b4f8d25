//! Synthetic notes for batch tests and the batch benchmark: the text of
//! note 688 under varied numbers, series, dates, places and addressees.

use chrono::{Days, NaiveDate};

const SERIES: [&str; 3] = ["NCT/ICT", "NCT/SEC", "NCT/ECO"];
const ADDRESSEES: [&str; 2] = ["cica-member-states", "mfa-kazakhstan"];

/// File name and content of synthetic note `i`, made from `model` (the
/// text of notes/NCT-ICT-688.toml). Without `text_enclosure`, the note's
/// enclosure is a typed page count instead of the typeset concept paper.
pub fn note(model: &str, i: usize, text_enclosure: bool) -> (String, String) {
    let series = SERIES[i % SERIES.len()];
    let sequence = 5000 + i;
    let issued = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap() + Days::new((i * 5 % 1400) as u64);
    let deadline = issued + Days::new(7 + (i % 23) as u64);
    // The capital was renamed back to Astana on 17 September 2022.
    let rename = NaiveDate::from_ymd_opt(2022, 9, 17).unwrap();
    let place = if issued < rename {
        "nur-sultan"
    } else {
        "astana"
    };
    let text = model
        .replace("series = \"NCT/ICT\"", &format!("series = \"{series}\""))
        .replace("sequence = 688", &format!("sequence = {sequence}"))
        .replace("issued = 2022-05-26", &format!("issued = {issued}"))
        .replace("place = \"nur-sultan\"", &format!("place = \"{place}\""))
        .replace(
            "addressee = \"cica-member-states\"",
            &format!("addressee = \"{}\"", ADDRESSEES[i % ADDRESSEES.len()]),
        )
        .replace("date = 2022-06-06", &format!("date = {deadline}"));
    let text = if text_enclosure {
        text
    } else {
        text.replace(
            "file = \"enclosures/concept-paper-ICT-2022-2023.md\"",
            &format!("pages = {}", 1 + i % 9),
        )
    };
    let file = format!("{}-{sequence}.toml", series.replace('/', "-"));
    (file, text)
}

/// The register line of synthetic note `i`.
pub fn register_line(i: usize) -> String {
    let series = SERIES[i % SERIES.len()];
    let issued = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap() + Days::new((i * 5 % 1400) as u64);
    format!(
        "{series}/{}\t{issued}\tissued\tSynthetic note {i}\n",
        5000 + i
    )
}

/// Writes `n` synthetic notes into the project in `dir` and registers them.
pub fn add(dir: &std::path::Path, n: usize, text_enclosure: impl Fn(usize) -> bool) {
    let model = std::fs::read_to_string(dir.join("notes/NCT-ICT-688.toml")).unwrap();
    let mut register = std::fs::read_to_string(dir.join("register.tsv")).unwrap();
    for i in 0..n {
        let (name, text) = note(&model, i, text_enclosure(i));
        std::fs::write(dir.join("notes").join(name), text).unwrap();
        register.push_str(&register_line(i));
    }
    std::fs::write(dir.join("register.tsv"), register).unwrap();
}

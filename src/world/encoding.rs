//! What a text file that is not UTF-8 is most likely in, and its text read
//! that way for a diagnostic to quote.
//!
//! chardetng, the detector Firefox uses, guesses among the encodings of the
//! WHATWG Encoding Standard, which has neither Kazakh code page: KZ-1048
//! nor PT154. Both keep the Russian letters where windows-1251 has them, so
//! a Kazakh file in either is guessed to be windows-1251, and converted
//! from windows-1251 its Kazakh letters turn into letters of other
//! languages (қ ғ ң ө into ќ є ѕ ґ) or signs (ү ұ into ‰ ±) with no error.
//! So a guess of windows-1251 is weighed against the Kazakh code pages
//! ([`guess`]).

use std::fmt;
use std::sync::Arc;

/// An encoding a text file may be in instead of UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// One of the Encoding Standard, which encoding_rs decodes.
    Web(&'static encoding_rs::Encoding),
    /// KZ-1048 (STRK1048-2002), Kazakhstan's standard: windows-1251 with
    /// Kazakh letters in place of Serbian, Macedonian, Ukrainian and
    /// Belarusian ones.
    Kz1048,
    /// PT154, "Cyrillic-Asian": Kazakh and Tajik letters where
    /// windows-1251 has signs and the letters of other languages.
    Pt154,
}

impl Encoding {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Web(e) => e.name(),
            Encoding::Kz1048 => "KZ-1048",
            Encoding::Pt154 => "PT154",
        }
    }

    /// Its name for `iconv -f`, which knows KZ-1048 only as RK1048.
    pub fn iconv_name(self) -> String {
        match self {
            Encoding::Web(e) => e.name().to_uppercase(),
            Encoding::Kz1048 => "RK1048".into(),
            Encoding::Pt154 => "PT154".into(),
        }
    }

    /// The characters of bytes 0x80–0xFF, for an encoding of one byte a
    /// character with ASCII below; `None` for the others.
    fn high_half(self) -> Option<[char; 128]> {
        match self {
            Encoding::Kz1048 => Some(KZ_1048),
            Encoding::Pt154 => Some(PT154),
            Encoding::Web(e) if e.is_single_byte() => {
                let high: Vec<u8> = (0x80..=0xFF).collect();
                let (text, _) = e.decode_without_bom_handling(&high);
                text.chars().collect::<Vec<char>>().try_into().ok()
            }
            Encoding::Web(_) => None,
        }
    }
}

/// What the bytes of a file that is not UTF-8 most likely are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Likely {
    /// This encoding.
    One(Encoding),
    /// One of these single-byte code pages, which read some of the bytes as
    /// different letters, all of them Russian or Kazakh: the bytes do not
    /// tell which, and converting from the wrong one would put wrong
    /// letters in the file.
    OneOf(Vec<Encoding>),
}

impl fmt::Display for Likely {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Likely::One(e) => f.write_str(e.name()),
            Likely::OneOf(all) => {
                for (i, e) in all.iter().enumerate() {
                    let joint = match i {
                        0 => "",
                        _ if i + 1 == all.len() => " or ",
                        _ => ", ",
                    };
                    write!(f, "{joint}{}", e.name())?;
                }
                Ok(())
            }
        }
    }
}

/// What `bytes`, which are not UTF-8, are most likely in: what their byte
/// order mark says, else what chardetng guesses, a guess of windows-1251
/// weighed against the Kazakh code pages. `None` when nothing better than
/// UTF-8 is found.
pub fn guess(bytes: &[u8]) -> Option<Likely> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Some(Likely::One(Encoding::Web(encoding)));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::UTF_8 {
        None
    } else if guess == encoding_rs::WINDOWS_1251 {
        Some(weigh(bytes))
    } else {
        Some(Likely::One(Encoding::Web(guess)))
    }
}

/// A single-byte code page and the characters of its upper half.
struct Reading {
    encoding: Encoding,
    high: [char; 128],
}

impl Reading {
    fn of(encoding: Encoding) -> Option<Reading> {
        Some(Reading {
            encoding,
            high: encoding.high_half()?,
        })
    }

    fn char(&self, byte: u8) -> char {
        match byte.checked_sub(0x80) {
            Some(high) => self.high[usize::from(high)],
            None => char::from(byte),
        }
    }
}

/// Windows-1251, KZ-1048 or PT154, by which reads the bytes as Russian or
/// Kazakh: windows-1251 unless its reading has something no Russian or
/// Kazakh text has, else the code page with the fewest such characters.
///
/// Windows-1251 is kept while it reads well because it is the one Russian
/// text is saved in, and in the others some of its signs (± ‰ ¤) would
/// become Kazakh letters. Code pages whose readings are not clearly worse
/// than the best (at most twice as many odd characters: one stray sign in
/// a long file does not make a reading doubtful, a close call does) and
/// that differ from it are named with it, as it is not clear which is
/// right.
fn weigh(bytes: &[u8]) -> Likely {
    let windows_1251 = Encoding::Web(encoding_rs::WINDOWS_1251);
    let readings: Vec<Reading> = [windows_1251, Encoding::Kz1048, Encoding::Pt154]
        .into_iter()
        .filter_map(Reading::of)
        .collect();
    let mut present = [false; 128];
    for &b in bytes {
        if let Some(high) = b.checked_sub(0x80) {
            present[usize::from(high)] = true;
        }
    }
    let mut disputed = [false; 128];
    for (i, d) in disputed.iter_mut().enumerate() {
        *d = present[i] && readings.windows(2).any(|w| w[0].high[i] != w[1].high[i]);
    }
    let counts: Vec<(usize, usize)> = readings.iter().map(|r| odd(bytes, r, &disputed)).collect();
    let odd: Vec<usize> = counts
        .iter()
        .map(|(no, neighbour)| no + neighbour)
        .collect();
    let reads_well = |(r, &n): (&Reading, &usize)| r.encoding == windows_1251 && n == 0;
    if readings.iter().zip(&odd).any(reads_well) {
        return Likely::One(windows_1251);
    }
    // Read as windows-1251, the letters of Kazakh ғ ү ө ұ are the Ukrainian
    // and Belarusian є ї ґ ў, which a Russian text may quote in a name:
    // such a reading is not ruled out, and is named beside the others.
    let only_neighbours =
        |(r, &(no, _)): (&Reading, &(usize, usize))| r.encoding == windows_1251 && no == 0;
    let neighbourly = readings.iter().zip(&counts).any(only_neighbours);
    let fewest = odd.iter().copied().min().unwrap_or(0);
    let mut named: Vec<&Reading> = Vec::new();
    for (r, &n) in readings.iter().zip(&odd) {
        let alike = |k: &&Reading| (0..128).all(|i| !present[i] || k.high[i] == r.high[i]);
        if n <= fewest.saturating_mul(2) && !named.iter().any(alike) {
            named.push(r);
        }
    }
    if neighbourly
        && !named.iter().any(|r| r.encoding == windows_1251)
        && let Some(r) = readings.iter().find(|r| r.encoding == windows_1251)
    {
        named.insert(0, r);
    }
    match named.as_slice() {
        [one] => Likely::One(one.encoding),
        _ => Likely::OneOf(named.iter().map(|r| r.encoding).collect()),
    }
}

/// How many of the `disputed` bytes (those the code pages read
/// differently) `reading` makes into characters no Russian or Kazakh text
/// has there, and how many into Ukrainian or Belarusian letters.
fn odd(bytes: &[u8], reading: &Reading, disputed: &[bool; 128]) -> (usize, usize) {
    let letter_at = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|&b| reading.char(b).is_alphabetic())
    };
    let mut counts = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if !b
            .checked_sub(0x80)
            .is_some_and(|high| disputed[usize::from(high)])
        {
            continue;
        }
        match fits(
            reading.char(b),
            letter_at(i.checked_sub(1)),
            letter_at(i.checked_add(1)),
        ) {
            Fit::Yes => {}
            Fit::Neighbour => counts.1 += 1,
            Fit::No => counts.0 += 1,
        }
    }
    counts
}

/// Whether a character can stand in a Russian or Kazakh text.
enum Fit {
    Yes,
    /// A letter of Ukrainian or Belarusian, which a Russian text may quote.
    Neighbour,
    No,
}

/// Ukrainian and Belarusian letters that Russian and Kazakh lack.
const NEIGHBOURS: &str = "ЄєЇїҐґЎў";

/// Whether `c` can stand in a Russian or Kazakh text, with or without a
/// letter just before and after it: a letter of either alphabet can, and
/// one of no Cyrillic alphabet (µ) says nothing; a Ukrainian or Belarusian
/// letter may be quoted; another Cyrillic letter, a control character or
/// one a code page lacks cannot;
/// a sign can, but not inside a word (б‰гін is PT154's бүгін read as
/// windows-1251), unless it is a soft hyphen.
fn fits(c: char, letter_before: bool, letter_after: bool) -> Fit {
    let cyrillic = matches!(c, '\u{400}'..='\u{52f}');
    let yes = if c.is_alphabetic() {
        // A letter of no Cyrillic alphabet (µ) says nothing of the code page.
        if NEIGHBOURS.contains(c) {
            return Fit::Neighbour;
        }
        is_russian_or_kazakh(c) || !cyrillic
    } else if c.is_control() || c == char::REPLACEMENT_CHARACTER {
        false
    } else {
        c == '\u{ad}' || !(letter_before && letter_after)
    };
    if yes { Fit::Yes } else { Fit::No }
}

/// The letters of the Kazakh alphabet that the Russian one lacks.
const KAZAKH_ONLY: &str = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";

fn is_russian_or_kazakh(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё') || KAZAKH_ONLY.contains(c)
}

/// The bytes as text in the likely encoding, and where byte `offset` falls
/// in that text. Where the code pages of [`Likely::OneOf`] read a byte
/// differently, the text has U+FFFD: quoting one of them would show a
/// reader letters that may not be there.
pub fn decode(bytes: &[u8], likely: Option<&Likely>, offset: usize) -> (Arc<str>, usize) {
    let readings: Vec<Reading> = match likely {
        None => return decode_with(bytes, offset, |b| String::from_utf8_lossy(b)),
        Some(Likely::One(Encoding::Web(e))) => {
            return decode_with(bytes, offset, |b| e.decode(b).0);
        }
        Some(Likely::One(e)) => Reading::of(*e).into_iter().collect(),
        Some(Likely::OneOf(all)) => all.iter().copied().filter_map(Reading::of).collect(),
    };
    let mut text = String::with_capacity(bytes.len().saturating_mul(2));
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate() {
        if i == offset {
            at = Some(text.len());
        }
        let mut read = readings.iter().map(|r| r.char(b));
        let first = read.next().unwrap_or(char::REPLACEMENT_CHARACTER);
        text.push(if read.all(|c| c == first) {
            first
        } else {
            char::REPLACEMENT_CHARACTER
        });
    }
    let at = at.unwrap_or(text.len());
    (Arc::from(text), at)
}

/// The bytes decoded by `decode`, and where byte `offset` falls in them.
fn decode_with<'a>(
    bytes: &'a [u8],
    offset: usize,
    decode: impl Fn(&'a [u8]) -> std::borrow::Cow<'a, str>,
) -> (Arc<str>, usize) {
    let before = decode(&bytes[..offset.min(bytes.len())]);
    let all = decode(bytes);
    // The prefix may end inside a character the whole text decodes
    // differently: keep the offset on a character of the whole.
    let mut at = before.len().min(all.len());
    while !all.is_char_boundary(at) {
        at -= 1;
    }
    (Arc::from(all.as_ref()), at)
}

// Bytes 0x80–0xFF of KZ-1048 and PT154, sixteen a row, as the iconv of
// glibc 2.36 reads them: each byte alone, `printf '\x80' | iconv -f RK1048
// -t UTF-8` (and `-f PT154`). U+FFFD stands for the one byte KZ-1048 leaves
// undefined (0x98), which iconv refuses. `the_tables_are_what_iconv_reads`
// checks them against the iconv installed.

#[rustfmt::skip]
const KZ_1048: [char; 128] = [
    'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Қ', 'Һ', 'Џ',
    'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{fffd}', '™', 'љ', '›', 'њ', 'қ', 'һ', 'џ',
    '\u{a0}', 'Ұ', 'ұ', 'Ә', '¤', 'Ө', '¦', '§', 'Ё', '©', 'Ғ', '«', '¬', '\u{ad}', '®', 'Ү',
    '°', '±', 'І', 'і', 'ө', 'µ', '¶', '·', 'ё', '№', 'ғ', '»', 'ә', 'Ң', 'ң', 'ү',
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'Й', 'К', 'Л', 'М', 'Н', 'О', 'П',
    'Р', 'С', 'Т', 'У', 'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Ъ', 'Ы', 'Ь', 'Э', 'Ю', 'Я',
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п',
    'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я',
];

#[rustfmt::skip]
const PT154: [char; 128] = [
    'Җ', 'Ғ', 'Ӯ', 'ғ', '„', '…', 'Ҷ', 'Ү', 'Ҳ', 'ү', 'Ҡ', 'Ӣ', 'Ң', 'Қ', 'Һ', 'Ҹ',
    'җ', '‘', '’', '“', '”', '•', '–', '—', 'ҳ', 'ҷ', 'ҡ', 'ӣ', 'ң', 'қ', 'һ', 'ҹ',
    '\u{a0}', 'Ў', 'ў', 'Ј', 'Ө', 'Ҙ', 'Ұ', '§', 'Ё', '©', 'Ә', '«', '¬', 'ӯ', '®', 'Ҝ',
    '°', 'ұ', 'І', 'і', 'ҙ', 'ө', '¶', '·', 'ё', '№', 'ә', '»', 'ј', 'Ҫ', 'ҫ', 'ҝ',
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'Й', 'К', 'Л', 'М', 'Н', 'О', 'П',
    'Р', 'С', 'Т', 'У', 'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Ъ', 'Ы', 'Ь', 'Э', 'Ю', 'Я',
    'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п',
    'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я',
];

/// `text` in a single-byte code page, for tests; it must have every
/// character of the text.
#[cfg(test)]
pub(super) fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let high = encoding.high_half().expect("a single-byte code page");
    text.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => {
                let at = high.iter().position(|&h| h == c);
                let at = at.unwrap_or_else(|| panic!("{} has no {c}", encoding.name()));
                0x80 + u8::try_from(at).unwrap()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KAZAKH: &str = "\
opening = Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің Хатшылығы өзінің зор ілтипатын білдіріп, өзіне мәртебе санайды.
place = Нұр-Сұлтан қаласы
    .block = ҚАЗАҚСТАН РЕСПУБЛИКАСЫ СЫРТҚЫ ІСТЕР МИНИСТРЛІГІ
";

    const RUSSIAN: &str = "\
# Цифры — «точно» и „без пропусков“: ±5 %, 3‰, № 12, 20 °C, § 4…
closing = Секретариат пользуется случаем, чтобы возобновить уверения в своём высоком уважении.
";

    fn one(encoding: Encoding) -> Option<Likely> {
        Some(Likely::One(encoding))
    }

    fn guessed(text: &str, encoding: Encoding) -> Option<Likely> {
        guess(&encode(text, encoding))
    }

    #[test]
    fn kazakh_is_named_in_its_code_page_and_reads_back_whole() {
        for code_page in [Encoding::Kz1048, Encoding::Pt154] {
            let bytes = encode(KAZAKH, code_page);
            let likely = guess(&bytes);
            assert_eq!(likely, one(code_page));
            let offset = KAZAKH.find(|c: char| !c.is_ascii()).unwrap();
            let first_bad = bytes.iter().position(|b| !b.is_ascii()).unwrap();
            assert_eq!(
                decode(&bytes, likely.as_ref(), first_bad),
                (Arc::from(KAZAKH), offset)
            );
        }
    }

    #[test]
    fn russian_in_windows_1251_stays_windows_1251_signs_and_all() {
        let windows_1251 = Encoding::Web(encoding_rs::WINDOWS_1251);
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
        assert!(!unmappable);
        assert_eq!(guess(&bytes), one(windows_1251));
        // Read as PT154, ± and ‰ would be Kazakh letters: still not a reason.
        assert_ne!(
            decode(&bytes, one(Encoding::Pt154).as_ref(), 0).0.as_ref(),
            RUSSIAN
        );
    }

    #[test]
    fn other_encodings_keep_chardetngs_name() {
        let russian = "Секретариат Совещания по взаимодействию и мерам доверия в Азии свидетельствует своё уважение государствам-членам";
        // chardetng names KOI8-R by KOI8-U, which has all of its letters.
        for (e, named) in [
            (encoding_rs::KOI8_R, encoding_rs::KOI8_U),
            (encoding_rs::IBM866, encoding_rs::IBM866),
        ] {
            let (bytes, _, _) = e.encode(russian);
            assert_eq!(guess(&bytes), one(Encoding::Web(named)), "{}", e.name());
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(russian.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(guess(&utf16), one(Encoding::Web(encoding_rs::UTF_16LE)));
    }

    #[test]
    fn code_pages_that_read_the_bytes_alike_are_not_doubted() {
        // Қ and қ are the same bytes in KZ-1048 and PT154.
        assert_eq!(
            guessed("# Қазақстан\n", Encoding::Pt154),
            one(Encoding::Kz1048)
        );
        // Russian letters are the same bytes in all three.
        assert_eq!(
            guessed("# Секретариат\n", Encoding::Kz1048),
            one(Encoding::Web(encoding_rs::WINDOWS_1251))
        );
    }

    #[test]
    fn when_the_letters_fit_two_code_pages_both_are_named() {
        // ғ in KZ-1048 is ә in PT154: both Kazakh letters (and қ, the
        // same in both, is no letter of windows-1251's reading).
        let bytes = encode("# Ағылшын қазақ тілі\n", Encoding::Kz1048);
        let likely = guess(&bytes);
        assert_eq!(
            likely,
            Some(Likely::OneOf(vec![Encoding::Kz1048, Encoding::Pt154]))
        );
        assert_eq!(likely.as_ref().unwrap().to_string(), "KZ-1048 or PT154");
        let (text, at) = decode(&bytes, likely.as_ref(), 2);
        assert_eq!((text.as_ref(), at), ("# А\u{fffd}ылшын қазақ тілі\n", 2));
    }

    #[test]
    fn russian_quoting_ukrainian_or_a_sign_is_never_converted_as_kazakh() {
        let windows_1251 = Encoding::Web(encoding_rs::WINDOWS_1251);
        // µ is a letter of no Cyrillic alphabet: windows-1251 alone.
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("# Толщина плёнки 10 µм.\n");
        assert_eq!(guess(&bytes), one(windows_1251));
        // Ukrainian ї and є are Kazakh ү and ғ in KZ-1048: windows-1251 is
        // named first, beside the code page the letters also fit, and no
        // single conversion is offered.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("# Міністерство закордонних справ України, Київ\n");
        match guess(&bytes) {
            Some(Likely::OneOf(named)) => {
                assert_eq!(named.first(), Some(&windows_1251), "{named:?}")
            }
            other => panic!("{other:?}"),
        }
        // A Kazakh text has letters (қ ә ң) that rule windows-1251 out.
        assert_eq!(guessed(KAZAKH, Encoding::Kz1048), one(Encoding::Kz1048));
    }

    #[test]
    fn one_stray_sign_does_not_hide_a_code_page_but_a_close_call_is_named() {
        // A sign KZ-1048 has inside a word (a typo), among many Kazakh letters.
        let mut bytes = encode(KAZAKH, Encoding::Kz1048);
        let at = bytes.iter().position(|&b| b == b'o').unwrap() + 1;
        bytes[at] = 0x89; // ‰
        assert_eq!(guess(&bytes), one(Encoding::Kz1048));
        // One odd sign inside a word in each Kazakh reading, two in
        // windows-1251's: б‰р бәр in KZ-1048 is бүр бјр in PT154.
        let bytes = encode("# Секретариат просит б‰р бәр\n", Encoding::Kz1048);
        let likely = guess(&bytes).unwrap();
        assert_eq!(likely.to_string(), "windows-1251, KZ-1048 or PT154");
        assert_eq!(
            decode(&bytes, Some(&likely), 0).0.as_ref(),
            "# Секретариат просит б\u{fffd}р б\u{fffd}р\n"
        );
    }

    /// Each byte of the upper half alone through `iconv -f <name>`, where
    /// iconv is installed (it must be where CI runs).
    #[test]
    fn the_tables_are_what_iconv_reads() {
        for (encoding, table) in [(Encoding::Kz1048, KZ_1048), (Encoding::Pt154, PT154)] {
            for byte in (0x01..=0x7F).chain(0x80..=0xFF) {
                let run = std::process::Command::new("iconv")
                    .args(["-f", &encoding.iconv_name(), "-t", "UTF-8"])
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn();
                let Ok(mut child) = run else {
                    assert!(std::env::var_os("CI").is_none(), "iconv is not installed");
                    eprintln!("iconv not installed; skipped");
                    return;
                };
                std::io::Write::write_all(&mut child.stdin.take().unwrap(), &[byte]).unwrap();
                let out = child.wait_with_output().unwrap();
                let read = String::from_utf8(out.stdout).unwrap();
                let wanted = match byte.checked_sub(0x80) {
                    None => char::from(byte),
                    Some(high) => table[usize::from(high)],
                };
                if wanted == char::REPLACEMENT_CHARACTER {
                    assert!(!out.status.success(), "{byte:#x}: iconv reads {read:?}");
                } else {
                    assert_eq!(read, wanted.to_string(), "{} {byte:#x}", encoding.name());
                }
            }
        }
    }

    mod properties {
        use super::*;
        use crate::fuzz::config;
        use proptest::prelude::*;

        /// Bytes mostly of the upper half, where the code pages differ.
        fn bytes() -> impl Strategy<Value = Vec<u8>> {
            let byte = prop_oneof![3 => 0x80..=0xFFu8, 1 => any::<u8>()];
            prop::collection::vec(byte, 0..64)
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_bytes_are_guessed_and_quoted_with_the_offset_on_a_character(
                bytes in bytes(),
                offset in 0..80usize,
            ) {
                let likely = guess(&bytes);
                let (text, at) = decode(&bytes, likely.as_ref(), offset);
                prop_assert!(text.is_char_boundary(at) && at <= text.len());
                if let Some(Likely::OneOf(all)) = &likely {
                    prop_assert!(all.len() > 1);
                }
            }
        }
    }
}

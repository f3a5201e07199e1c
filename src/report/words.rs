//! Counting words and finding numbers in segment text, the same way for English, Turkish and
//! Russian. `check` uses both; `analyze` reuses [`count_words`].
//!
//! A word is a run of letters and digits. Inside a run, an apostrophe joins a suffix
//! (`Türkiye'nin`, `Japan’s`, `2022'de`), a hyphen joins letters or digits (`Kasım-Cömert`, `5+1` is two),
//! and `.` or `,` join digits (`17.12.2022`, `3,5`, `1,500`): each is one word, as translators'
//! tools count them. Placeholders (`{1}`, `{/1}`, `{2/}`) are markup, not words.

use crate::model::scan_placeholders;

/// Counts the words of `text` (segment text, possibly with placeholder tokens).
///
/// ```
/// use polypress::report::count_words;
/// assert_eq!(count_words("Türkiye'nin {1}Kasım-Cömert{/1} raporu 17.12.2022 tarihli."), 5);
/// ```
pub fn count_words(text: &str) -> usize {
    let text = strip_placeholders(text);
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut in_word = false;
    for (i, &c) in chars.iter().enumerate() {
        if is_word_char(c) {
            if !in_word {
                count += 1;
                in_word = true;
            }
            continue;
        }
        if in_word
            && joins(
                chars.get(i.wrapping_sub(1)).copied(),
                c,
                chars.get(i + 1).copied(),
            )
        {
            continue;
        }
        in_word = false;
    }
    count
}

fn is_word_char(c: char) -> bool {
    // Combining marks (a decomposed `й` or `ş`) belong to the letter before them.
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Whether `c` between `prev` and `next` keeps a word going.
fn joins(prev: Option<char>, c: char, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    match c {
        '\'' | '’' | 'ʼ' => p.is_alphanumeric() && n.is_alphabetic(),
        '-' | '‐' | '‑' => is_word_char(p) && is_word_char(n),
        '.' | ',' => p.is_ascii_digit() && n.is_ascii_digit(),
        _ => false,
    }
}

/// The text with each placeholder token replaced by a space, so that markup never joins or
/// splits words and numbers inside tokens are never seen.
pub(crate) fn strip_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (range, _, _) in scan_placeholders(text) {
        out.push_str(&text[pos..range.start]);
        out.push(' ');
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// A number as written, with the keys it matches under any locale's separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    /// The number as it appears in the text.
    pub written: String,
    /// Its digit groups joined by `|` (`61.5` and `61,5` both give `61|5`), and for a number
    /// grouped in thousands also its bare digits (`1,500`, `1.500`, `1 500` and `1500` meet).
    keys: Vec<String>,
}

impl Number {
    /// Whether this number and `other` could be the same number in two locales.
    pub fn matches(&self, other: &Number) -> bool {
        self.keys.iter().any(|k| other.keys.contains(k))
    }
}

/// The numbers in `text`, placeholders skipped. Separators `.` and `,` between digits, and a
/// space (also no-break or narrow no-break) before a group of exactly three digits, stay inside
/// one number.
pub(crate) fn numbers(text: &str) -> Vec<Number> {
    let text = strip_placeholders(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = vec![String::new()];
        let mut written = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                groups.last_mut().expect("starts with one group").push(c);
                written.push(c);
                i += 1;
            } else if is_separator(&chars, i) {
                groups.push(String::new());
                written.push(c);
                i += 1;
            } else {
                break;
            }
        }
        let mut keys = vec![groups.join("|")];
        let thousands =
            groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if thousands {
            keys.push(groups.concat());
        }
        out.push(Number { written, keys });
    }
    out
}

fn is_separator(chars: &[char], i: usize) -> bool {
    let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
    match chars[i] {
        '.' | ',' => next_digit,
        ' ' | '\u{00A0}' | '\u{202F}' => {
            // Only a thousands group: exactly three digits, then no digit.
            (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        }
        _ => false,
    }
}

/// Month-name stems in English, Turkish and Russian (genitive forms share the stem), for dates
/// that a translation spells out: `11.11.2022` ↔ `11 November 2022` / `11 Kasım 2022` /
/// `11 ноября 2022 г.`.
const MONTHS: [[&str; 3]; 12] = [
    ["january", "ocak", "январ"],
    ["february", "şubat", "феврал"],
    ["march", "mart", "март"],
    ["april", "nisan", "апрел"],
    ["may", "mayıs", "ма"],
    ["june", "haziran", "июн"],
    ["july", "temmuz", "июл"],
    ["august", "ağustos", "август"],
    ["september", "eylül", "сентябр"],
    ["october", "ekim", "октябр"],
    ["november", "kasım", "ноябр"],
    ["december", "aralık", "декабр"],
];

/// Day, month and year of a numeric date `dd.mm.yyyy`.
fn date_parts(n: &Number) -> Option<(u32, usize, u32)> {
    let parts: Vec<&str> = n.written.split('.').collect();
    match parts.as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            let (d, m, y) = (d.parse().ok()?, m.parse::<usize>().ok()?, y.parse().ok()?);
            ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((d, m, y))
        }
        _ => None,
    }
}

fn plain(n: u32) -> Number {
    Number {
        written: n.to_string(),
        keys: vec![n.to_string()],
    }
}

/// Whether `lower` (a lowercased text) names month `m` (1-12) in any of the three languages.
fn names_month(lower: &str, m: usize) -> bool {
    lower.split(|c: char| !c.is_alphabetic()).any(|w| {
        MONTHS[m - 1].iter().any(|stem| {
            if stem.chars().count() <= 2 {
                w == "мая" || w == "май"
            } else {
                w.starts_with(stem)
            }
        })
    })
}

/// The numbers of `source` that have no counterpart in `target`, each counterpart used once.
/// A numeric date matches the same date with its month spelt out (`17.12.2022` ↔
/// `17 December 2022`), in either direction.
pub(crate) fn missing_numbers(source: &str, target: &str) -> Vec<String> {
    let mut available = numbers(target);
    // A numeric date in the target also offers its day and year alone, for a source that
    // spells the month out.
    let parts: Vec<Number> = available
        .iter()
        .filter_map(date_parts)
        .flat_map(|(d, _, y)| [plain(d), plain(y)])
        .collect();
    available.extend(parts);
    let lower = target.to_lowercase();
    let mut missing = Vec::new();
    for n in numbers(source) {
        if let Some(i) = available.iter().position(|t| n.matches(t)) {
            available.swap_remove(i);
            continue;
        }
        if let Some((d, m, y)) = date_parts(&n) {
            let di = available.iter().position(|t| t.matches(&plain(d)));
            let yi = available.iter().position(|t| t.matches(&plain(y)));
            if let (Some(di), Some(yi), true) = (di, yi, names_month(&lower, m)) {
                let (a, b) = if di > yi { (di, yi) } else { (yi, di) };
                available.swap_remove(a);
                available.swap_remove(b);
                continue;
            }
        }
        missing.push(n.written);
    }
    missing
}

/// Words of `text` made of letters (not numbers), for the "identical target" rule. URLs,
/// e-mail addresses and paths (tokens with `/` or `@`, or starting `www.`) are skipped.
pub(crate) fn letter_words(text: &str) -> Vec<String> {
    strip_placeholders(text)
        .split_whitespace()
        .filter(|t| !(t.contains('/') || t.contains('@') || t.starts_with("www.")))
        .flat_map(|t| t.split(|c: char| !(is_word_char(c) || matches!(c, '\'' | '’' | '-'))))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_turkish_apostrophe_suffixes_as_one_word() {
        assert_eq!(count_words("Türkiye'nin"), 1);
        assert_eq!(count_words("Japonya’nın dış politikası"), 3);
        assert_eq!(count_words("24 Aralık 2022'de yapılacak."), 4);
    }

    #[test]
    fn counts_hyphenated_names_as_one_word() {
        assert_eq!(count_words("Kasım-Cömert"), 1);
        assert_eq!(count_words("Центральная Азия - Япония"), 3);
        assert_eq!(count_words("Orta Asya-Japonya Diyaloğu"), 3);
    }

    #[test]
    fn counts_dates_and_decimals_as_one_word() {
        assert_eq!(count_words("17.12.2022"), 1);
        assert_eq!(count_words("3,5 млрд долларов"), 3);
        assert_eq!(count_words("1,500 km, 61.5%"), 3);
        assert_eq!(count_words("in 2022. Then"), 3);
    }

    #[test]
    fn placeholders_are_not_words() {
        assert_eq!(count_words("{1}Hayashi{/1} katılacak.{2/}"), 2);
        assert_eq!(count_words("{1/}"), 0);
        assert_eq!(count_words("a{1/}b"), 2, "a placeholder separates words");
    }

    #[test]
    fn counts_russian_words() {
        assert_eq!(
            count_words("Встреча министров «Центральная Азия + Япония» прошла 24 декабря."),
            8
        );
        assert_eq!(count_words("т. е. 5+1"), 4);
    }

    #[test]
    fn punctuation_alone_is_no_word() {
        assert_eq!(count_words(" — … «» "), 0);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn numbers_match_across_decimal_and_thousands_separators() {
        assert!(missing_numbers("61.5 percent", "yüzde 61,5").is_empty());
        assert!(missing_numbers("1,500 km", "1.500 km").is_empty());
        assert!(missing_numbers("1,500 km", "1500 km").is_empty());
        assert!(missing_numbers("1,500 km", "1 500 км").is_empty());
        assert!(missing_numbers("on 24 December 2022", "24 Aralık 2022'de").is_empty());
        assert_eq!(
            missing_numbers("on 24 December 2022", "Aralık 2022'de"),
            ["24"]
        );
        assert_eq!(missing_numbers("61.5", "615"), ["61.5"]);
    }

    #[test]
    fn numeric_dates_match_spelt_out_months() {
        assert!(missing_numbers(
            "held on 11.11.2022 in Samarkand",
            "held on 11 November 2022"
        )
        .is_empty());
        assert!(missing_numbers("11.11.2022 tarihinde", "11 ноября 2022 г.").is_empty());
        assert!(missing_numbers("on 3 October 2009", "3.10.2009 tarihinde").is_empty());
        assert_eq!(
            missing_numbers("11.11.2022'de", "on 11 October 2022"),
            vec!["11.11.2022"]
        );
        assert_eq!(
            missing_numbers("14.09.2022", "14 мая 2022"),
            vec!["14.09.2022"]
        );
    }

    #[test]
    fn numbers_inside_placeholders_are_ignored() {
        assert!(missing_numbers("Tokyo{12/} hosts 2 meetings", "Tokyo 2 toplantı").is_empty());
        assert_eq!(numbers("{3}x{/3}").len(), 0);
    }

    #[test]
    fn repeated_numbers_need_repeated_counterparts() {
        assert_eq!(missing_numbers("5 and 5", "5"), ["5"]);
    }
}

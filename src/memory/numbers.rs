//! Number adaptation: when a query and a TM source differ only in their numbers, the TM target
//! gets the query's numbers, written the target language's way.
//!
//! Takes the normalized query, the normalized TM source and the TM target text; gives back the
//! adapted target and the list of [`Adaptation`]s made. Numbers are compared by value, not by
//! spelling: `61.5` (en) and `61,5` (tr, ru) are the same number, as are `1,000` (en) and
//! `1.000` (tr). Numbers are paired by position (the i-th number of the query with the i-th of
//! the TM source); each changed source number is then looked up by value in the target, so word
//! order changes between languages do not matter. Ordinal suffixes stay where they are, so
//! `8th` → `9th` and `8.` → `9.` both work.
//!
//! **Dates.** `normalize` reads a month-name date as one number token: `3 October 2009`,
//! `October 3, 2009`, `October 2009` (en, month capitalized), `3 Ekim 2009`, `Ekim 2009` (tr),
//! `3 октября 2009`, `ноябре 2022` (ru, any case form of the month). Its value is the day, month
//! and year, so it equals the numeric date `3.10.2009` of a target: a changed date is found in
//! the target whichever way the target writes it, and written the same way (`12.06.2023` with
//! the target's separator and zero padding, or `12 Haziran 2023`, `12 июня 2023` with the month
//! name in the target's language and the case form the target used).
//!
//! Numeric dates with a slash or a hyphen (`16/12/2021`, English `12/16/2021`, ISO
//! `2021-12-16`) are three number tokens to `normalize`; [`date_runs`] joins them into one
//! number here, for the score's minor points and for the guard.
//!
//! **Scale words.** A number followed by a scale word (`тыс.`, `млн`, `миллиона`, `milyon`,
//! `milyar`, `bin`, `thousand`, `million`, `billion`), in the query, the TM source or the
//! target, is compared by its scaled value, so `300,000` in the source finds `300 тыс.` in
//! the target, `1,500,000` finds `1,5 milyon`, and `300 тыс.` finds `300,000`. The query's value
//! is written in the target's scale when that takes at most three decimals (`303,500` →
//! `303,5 тыс.`); otherwise the number is not adapted and the match says so
//! (`numbers_complete` false, and a `number` warning naming it).

use serde::Serialize;

use super::normalize::{normalize, Normalized, TokenKind};
use crate::model::Lang;

/// A number's value, independent of how a language writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberValue {
    /// An integer: its digits without grouping (`1000`).
    Int(String),
    /// A decimal: integer and fraction digits (`61`, `5`).
    Decimal(String, String),
    /// A sequence such as a version, `1.2.3`: the digit groups.
    Sequence(Vec<String>),
    /// A date: day (0 when only month and year are given), month 1-12, year.
    Date(u32, u32, u32),
}

/// Month names of `lang` in their written forms: (form, month). Russian has the nominative,
/// genitive (`3 октября`) and prepositional (`в октябре`) forms.
fn month_forms(lang: Lang) -> &'static [&'static [&'static str]] {
    match lang {
        Lang::En => &[&[
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]],
        Lang::Tr => &[&[
            "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
            "ekim", "kasım", "aralık",
        ]],
        Lang::Ru => &[
            &[
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ],
            &[
                "январь",
                "февраль",
                "март",
                "апрель",
                "май",
                "июнь",
                "июль",
                "август",
                "сентябрь",
                "октябрь",
                "ноябрь",
                "декабрь",
            ],
            &[
                "январе",
                "феврале",
                "марте",
                "апреле",
                "мае",
                "июне",
                "июле",
                "августе",
                "сентябре",
                "октябре",
                "ноябре",
                "декабре",
            ],
        ],
    }
}

/// The month (1-12) and form table a folded word names in `lang`.
pub fn month_of(folded: &str, lang: Lang) -> Option<(u32, usize)> {
    month_forms(lang).iter().enumerate().find_map(|(f, table)| {
        table
            .iter()
            .position(|m| *m == folded)
            .map(|i| (i as u32 + 1, f))
    })
}

fn month_name(month: u32, lang: Lang, form: usize, capital: bool) -> String {
    let tables = month_forms(lang);
    let name = tables[form.min(tables.len() - 1)][(month as usize - 1).min(11)];
    if capital {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        name.to_string()
    }
}

/// Reads a month-name date (see the module docs); `None` when `surface` is not one.
fn parse_date(surface: &str, lang: Lang) -> Option<(u32, u32, u32, usize)> {
    let parts: Vec<&str> = surface
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    let num = |p: &str| {
        p.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let month = |p: &str| month_of(&super::normalize::fold_case(p, lang), lang);
    match parts.as_slice() {
        [d, m, y] if num(d).is_some() => {
            let (mo, f) = month(m)?;
            Some((num(d)?, mo, num(y)?, f))
        }
        [m, d, y] => {
            let (mo, f) = month(m)?;
            Some((num(d)?, mo, num(y)?, f))
        }
        [m, y] => {
            let (mo, f) = month(m)?;
            Some((0, mo, num(y)?, f))
        }
        _ => None,
    }
}

/// The order of a numeric date's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// `16.12.2021`, `16/12/2021`, `16-12-2021`.
    Dmy,
    /// `12/16/2021`: English with a slash.
    Mdy,
    /// `2021-12-16` (ISO 8601).
    Ymd,
}

/// Reads a numeric date: three digit groups with one separator (`.`, `/` or `-`), day, month
/// and year in the order the language writes them: ISO `2021-12-16` in every language, else
/// day first, except that English with a slash puts the month first (`12/16/2021`) unless the
/// first group cannot be a month (`16/12/2021`). Returns day, month, year and the order.
fn numeric_date(surface: &str, lang: Lang) -> Option<(u32, u32, u32, Order, char)> {
    let sep = surface.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '.' | '/' | '-') {
        return None;
    }
    let groups: Vec<&str> = surface.split(sep).collect();
    if groups.len() != 3
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = groups
        .iter()
        .map(|g| g.parse().ok())
        .collect::<Option<_>>()?;
    let len: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let (d, m, y, order) = if len[0] == 4 && len[1] <= 2 && len[2] <= 2 && sep != '.' {
        (n[2], n[1], n[0], Order::Ymd)
    } else if len[2] == 4 && len[0] <= 2 && len[1] <= 2 {
        if lang == Lang::En && sep == '/' && n[0] <= 12 {
            (n[1], n[0], n[2], Order::Mdy)
        } else {
            (n[0], n[1], n[2], Order::Dmy)
        }
    } else {
        return None;
    };
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((d, m, y, order, sep))
}

/// The token ranges of `n` that make one numeric date with a slash or a hyphen
/// (`16/12/2021`, `2021-12-16`): three numbers joined by the same separator, no spaces. A
/// date with dots is already one token (see `normalize`).
pub fn date_runs(n: &Normalized) -> Vec<std::ops::Range<usize>> {
    let t = &n.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < t.len() {
        let num = |k: usize| {
            t[k].kind == TokenKind::Number && n.surface(k).bytes().all(|b| b.is_ascii_digit())
        };
        let sep = |k: usize| t[k].kind == TokenKind::Punct && matches!(n.surface(k), "/" | "-");
        let tight = (i + 1..=i + 4).all(|k| !t[k].space_before);
        if num(i)
            && sep(i + 1)
            && num(i + 2)
            && sep(i + 3)
            && num(i + 4)
            && tight
            && n.surface(i + 1) == n.surface(i + 3)
        {
            let text = &n.nfc[t[i].span.start..t[i + 4].span.end];
            // Valid in either reading of the language-independent shapes.
            if numeric_date(text, Lang::Tr).is_some() || numeric_date(text, Lang::En).is_some() {
                out.push(i..i + 5);
                i += 5;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// One number change made to a TM target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adaptation {
    /// The number in the TM source.
    pub source: String,
    /// The number in the query that replaced it.
    pub query: String,
    /// The number as it was in the TM target.
    pub target_before: String,
    /// The number written into the target.
    pub target_after: String,
}

fn thousands_sep(lang: Lang) -> char {
    match lang {
        Lang::En => ',',
        Lang::Tr | Lang::Ru => '.',
    }
}

/// Reads a number token written in `lang`.
pub fn parse(surface: &str, lang: Lang) -> NumberValue {
    if surface.chars().any(char::is_alphabetic) {
        if let Some((d, m, y, _)) = parse_date(surface, lang) {
            return NumberValue::Date(d, m, y);
        }
    }
    // Space-grouped thousands (`15 000`, see `normalize`).
    if surface.contains([' ', '\u{a0}', '\u{202f}']) {
        let digits: String = surface.chars().filter(char::is_ascii_digit).collect();
        if surface
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        {
            return NumberValue::Int(digits);
        }
    }
    let seps: Vec<char> = surface.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<String> = surface
        .split(['.', ','])
        .map(str::to_string)
        .collect::<Vec<_>>();
    if seps.is_empty() {
        return NumberValue::Int(surface.to_string());
    }
    let all_same = seps.iter().all(|&c| c == seps[0]);
    let grouped = all_same
        && seps[0] == thousands_sep(lang)
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    if grouped {
        return NumberValue::Int(groups.concat());
    }
    if seps.len() == 1 && seps[0] == lang.decimal_separator() {
        return NumberValue::Decimal(groups[0].clone(), groups[1].clone());
    }
    // A numeric date (`16.12.2021`; `16/12/2021`, `2021-12-16` as `date_runs` joins them).
    if let Some((d, m, y, _, _)) = numeric_date(surface, lang) {
        return NumberValue::Date(d, m, y);
    }
    NumberValue::Sequence(groups)
}

/// Writes `value` the way `lang` does; `like` is the number it replaces, whose grouping and
/// sequence separator are kept.
pub fn format(value: &NumberValue, lang: Lang, like: &str) -> String {
    match value {
        NumberValue::Int(d) => {
            let space = like
                .chars()
                .find(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'));
            let sep = space.unwrap_or(thousands_sep(lang));
            let like_grouped =
                matches!(parse(like, lang), NumberValue::Int(_)) && like.contains(sep);
            if like_grouped && d.len() > 3 {
                let mut out = String::new();
                for (i, c) in d.chars().enumerate() {
                    if i > 0 && (d.len() - i) % 3 == 0 {
                        out.push(sep);
                    }
                    out.push(c);
                }
                out
            } else {
                d.clone()
            }
        }
        NumberValue::Decimal(i, f) => format!("{i}{}{f}", lang.decimal_separator()),
        NumberValue::Date(d, m, y) => format_date(*d, *m, *y, lang, like),
        NumberValue::Sequence(g) => {
            let sep = like
                .chars()
                .find(|c| !c.is_ascii_digit())
                .unwrap_or('.')
                .to_string();
            g.join(&sep)
        }
    }
}

/// Writes a date the way `like` (the date it replaces, in `lang`) is written.
fn format_date(d: u32, m: u32, y: u32, lang: Lang, like: &str) -> String {
    if let Some((_, _, _, form)) = parse_date(like, lang) {
        let capital = like
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|p| p.starts_with(char::is_alphabetic))
            .and_then(|p| p.chars().next())
            .is_some_and(char::is_uppercase);
        let month = month_name(m, lang, form, capital);
        let month_first = like.chars().next().is_some_and(char::is_alphabetic);
        // `14th October`: keep the English ordinal suffix.
        let first_part = like.split_whitespace().next().unwrap_or("");
        let day = if !month_first && first_part.ends_with(|c: char| c.is_ascii_alphabetic()) {
            let suffix = match (d % 100, d % 10) {
                (11..=13, _) => "th",
                (_, 1) => "st",
                (_, 2) => "nd",
                (_, 3) => "rd",
                _ => "th",
            };
            format!("{d}{suffix}")
        } else {
            d.to_string()
        };
        let comma = like.contains(',');
        return match (d, month_first) {
            (0, _) => format!("{month} {y}"),
            (_, true) if comma => format!("{month} {d}, {y}"),
            (_, true) => format!("{month} {d} {y}"),
            (_, false) => format!("{day} {month} {y}"),
        };
    }
    // Numeric: the order, separator and zero padding of `like`.
    let (order, sep) = numeric_date(like, lang).map_or((Order::Dmy, '.'), |x| (x.3, x.4));
    let groups: Vec<&str> = like.split(sep).collect();
    let padded = |i: usize| groups.get(i).is_some_and(|g| g.len() == 2);
    let part = |v: u32, pad: bool| {
        if pad {
            format!("{v:02}")
        } else {
            v.to_string()
        }
    };
    match order {
        Order::Dmy => format!("{}{sep}{}{sep}{y}", part(d, padded(0)), part(m, padded(1))),
        Order::Mdy => format!("{}{sep}{}{sep}{y}", part(m, padded(0)), part(d, padded(1))),
        Order::Ymd => format!("{y}{sep}{}{sep}{}", part(m, padded(1)), part(d, padded(2))),
    }
}

/// A value as digits and a count of decimals (`1,5` → (15, 1)), trailing zeros removed.
fn decimal(v: &NumberValue) -> Option<(u128, u32)> {
    let (digits, scale) = match v {
        NumberValue::Int(d) => (d.clone(), 0),
        NumberValue::Decimal(i, f) => (format!("{i}{f}"), f.len() as u32),
        _ => return None,
    };
    let mut n: u128 = digits.parse().ok()?;
    let mut s = scale;
    while s > 0 && n % 10 == 0 {
        n /= 10;
        s -= 1;
    }
    Some((n, s))
}

/// The power of ten a scale word stands for in `lang` (`тыс` → 3, `milyon` → 6).
fn scale_word(folded: &str, lang: Lang) -> Option<u32> {
    let table: &[(&str, u32)] = match lang {
        Lang::En => &[
            ("thousand", 3),
            ("million", 6),
            ("millions", 6),
            ("billion", 9),
            ("billions", 9),
            ("bn", 9),
        ],
        Lang::Tr => &[("bin", 3), ("milyon", 6), ("milyar", 9)],
        Lang::Ru => &[
            ("тыс", 3),
            ("тысяч", 3),
            ("тысячи", 3),
            ("тысяча", 3),
            ("млн", 6),
            ("миллион", 6),
            ("миллиона", 6),
            ("миллионов", 6),
            ("млрд", 9),
            ("миллиард", 9),
            ("миллиарда", 9),
            ("миллиардов", 9),
        ],
    };
    table.iter().find(|(w, _)| *w == folded).map(|(_, p)| *p)
}

fn same_value(a: &NumberValue, b: &NumberValue) -> bool {
    a == b || matches!((decimal(a), decimal(b)), (Some(x), Some(y)) if x == y)
}

/// `(n, s)` (the value `n / 10^s`) times `10^shift`, trailing zeros removed; `None` on
/// overflow.
fn shifted((n, s): (u128, u32), shift: i32) -> Option<(u128, u32)> {
    let (mut n, mut s) = if shift >= 0 {
        let up = shift as u32;
        if up >= s {
            (n.checked_mul(10u128.checked_pow(up - s)?)?, 0)
        } else {
            (n, s - up)
        }
    } else {
        (n, s.checked_add(shift.unsigned_abs())?)
    };
    while s > 0 && n % 10 == 0 {
        n /= 10;
        s -= 1;
    }
    Some((n, s))
}

/// The number tokens of `n` (language `lang`), each with the power of ten of the scale word
/// that follows it (`300 тыс.` → 3, `1,5 milyon` → 6; 0 without one).
/// A numeric date with slashes or hyphens (see [`date_runs`]) is one number.
fn numbers(n: &Normalized, lang: Lang) -> Vec<(std::ops::Range<usize>, &str, u32)> {
    let runs = date_runs(n);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n.tokens.len() {
        if let Some(r) = runs.iter().find(|r| r.start == i) {
            let span = n.tokens[r.start].span.start..n.tokens[r.end - 1].span.end;
            out.push((span.clone(), &n.nfc[span], 0));
            i = r.end;
            continue;
        }
        let t = &n.tokens[i];
        if t.kind == TokenKind::Number {
            let power = n
                .tokens
                .get(i + 1)
                .filter(|w| w.kind == TokenKind::Word)
                .and_then(|w| scale_word(&w.folded, lang))
                .unwrap_or(0);
            out.push((t.span.clone(), &n.nfc[t.span.clone()], power));
        }
        i += 1;
    }
    out
}

/// A number as written with the power of its scale word, and its value as one decimal
/// (`303 тыс.` → 303000), when it is an integer or a decimal.
struct Scaled {
    value: NumberValue,
    power: u32,
    real: Option<(u128, u32)>,
}

impl Scaled {
    fn new(value: NumberValue, power: u32) -> Scaled {
        let real = decimal(&value).and_then(|d| shifted(d, power as i32));
        Scaled { value, power, real }
    }

    /// Whether two numbers stand for the same value: written alike in the same scale, or
    /// equal once scaled (`303 тыс.` and `303,000`).
    fn same(&self, other: &Scaled) -> bool {
        (self.power == other.power && same_value(&self.value, &other.value))
            || self.real.is_some() && self.real == other.real
    }
}

/// The query's number `q` written in place of target number `like` (value `t`), in `lang`:
/// in the target's scale, with its grouping. `None` when that scale would need more than three
/// decimals.
fn rewrite(q: &Scaled, t: &Scaled, lang: Lang, like: &str) -> Option<String> {
    if q.power == t.power {
        return Some(format(&q.value, lang, like));
    }
    let (n, s) = shifted(q.real?, -(t.power as i32))?;
    if s == 0 {
        return Some(format(&NumberValue::Int(n.to_string()), lang, like));
    }
    if s > 3 {
        return None;
    }
    let digits = format!("{n:0>width$}", width = s as usize + 1);
    let (int, frac) = digits.split_at(digits.len() - s as usize);
    Some(format!("{int}{}{frac}", lang.decimal_separator()))
}

/// Puts the query's numbers into the TM target. Returns the target (unchanged when nothing
/// needed changing), the adaptations made, and whether every differing number could be placed
/// (`false` when the number counts differ or a source number is missing from the target).
pub fn adapt(
    query: &Normalized,
    source: &Normalized,
    target: &str,
    from: Lang,
    to: Lang,
) -> (String, Vec<Adaptation>, bool) {
    let qn = numbers(query, from);
    let sn = numbers(source, from);
    if qn
        .iter()
        .map(|n| (n.1, n.2))
        .eq(sn.iter().map(|n| (n.1, n.2)))
    {
        return (target.to_string(), Vec::new(), true);
    }
    if qn.len() != sn.len() {
        return (target.to_string(), Vec::new(), false);
    }
    let tnorm = normalize(target, to);
    // Each target number with its value and the power of ten of its scale word.
    let tnums: Vec<(std::ops::Range<usize>, Scaled)> = numbers(&tnorm, to)
        .into_iter()
        .map(|(span, text, power)| (span, Scaled::new(parse(text, to), power)))
        .collect();
    let mut used = vec![false; tnums.len()];
    let mut edits: Vec<(std::ops::Range<usize>, String, Adaptation)> = Vec::new();
    let mut complete = true;
    for ((_, q, qp), (_, s, sp)) in qn.iter().zip(&sn) {
        let sv = Scaled::new(parse(s, from), *sp);
        let qv = Scaled::new(parse(q, from), *qp);
        let found = (0..tnums.len()).find(|&j| !used[j] && tnums[j].1.same(&sv));
        if qv.same(&sv) {
            // Same value: still claim its target slot so a later change does not take it.
            if let Some(j) = found {
                used[j] = true;
            }
            continue;
        }
        let Some(j) = found else {
            complete = false;
            continue;
        };
        used[j] = true;
        let (span, tv) = &tnums[j];
        let before = &tnorm.nfc[span.clone()];
        // A date is written as a date, and only where the target has one.
        let date = |v: &NumberValue| matches!(v, NumberValue::Date(..));
        if date(&qv.value) && !date(&tv.value) {
            complete = false;
            continue;
        }
        let Some(after) = rewrite(&qv, tv, to, before) else {
            complete = false;
            continue;
        };
        edits.push((
            span.clone(),
            after.clone(),
            Adaptation {
                source: s.to_string(),
                query: q.to_string(),
                target_before: before.to_string(),
                target_after: after,
            },
        ));
    }
    if edits.is_empty() {
        return (target.to_string(), Vec::new(), complete);
    }
    edits.sort_by_key(|e| e.0.start);
    let mut out = String::with_capacity(tnorm.nfc.len());
    let mut at = 0;
    let mut made = Vec::new();
    for (range, text, adaptation) in edits {
        out.push_str(&tnorm.nfc[at..range.start]);
        out.push_str(&text);
        at = range.end;
        made.push(adaptation);
    }
    out.push_str(&tnorm.nfc[at..]);
    (out, made, complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: &str, s: &str, t: &str, to: Lang) -> (String, Vec<Adaptation>, bool) {
        adapt(
            &normalize(q, Lang::En),
            &normalize(s, Lang::En),
            t,
            Lang::En,
            to,
        )
    }

    #[test]
    fn adapts_ordinals_and_years() {
        let (t, a, ok) = run(
            "The 9th summit in 2022",
            "The 8th summit in 2021",
            "2021'deki 8. zirve",
            Lang::Tr,
        );
        assert_eq!(t, "2022'deki 9. zirve");
        assert!(ok);
        assert_eq!(a.len(), 2);
        assert!(a.iter().any(|x| x.source == "8" && x.target_after == "9"));
    }

    #[test]
    fn decimals_take_the_target_separator() {
        let (t, _, ok) = run("rose 61.5%", "rose 60.2%", "60,2% выросла", Lang::Ru);
        assert_eq!(t, "61,5% выросла");
        assert!(ok);
        let (t, _, _) = run("rose 61.5%", "rose 60.2%", "%60,2 arttı", Lang::Tr);
        assert_eq!(t, "%61,5 arttı");
    }

    #[test]
    fn dates_keep_their_separator() {
        let (t, _, _) = run(
            "on 17.12.2022",
            "on 16.12.2021",
            "16.12.2021 tarihinde",
            Lang::Tr,
        );
        assert_eq!(t, "17.12.2022 tarihinde");
    }

    #[test]
    fn grouping_follows_the_target() {
        assert_eq!(parse("1,000", Lang::En), NumberValue::Int("1000".into()));
        assert_eq!(parse("1.000", Lang::Tr), NumberValue::Int("1000".into()));
        assert_eq!(
            parse("1,5", Lang::Tr),
            NumberValue::Decimal("1".into(), "5".into())
        );
        let (t, _, _) = run("cost 2,500", "cost 1,000", "1.000 tutar", Lang::Tr);
        assert_eq!(t, "2.500 tutar");
    }

    fn run_from(q: &str, s: &str, t: &str, from: Lang, to: Lang) -> (String, bool) {
        let (t, _, ok) = adapt(&normalize(q, from), &normalize(s, from), t, from, to);
        (t, ok)
    }

    #[test]
    fn month_name_dates_adapt_in_every_language_and_style() {
        let q = "The summit opened on 12 June 2023.";
        let s = "The summit opened on 3 October 2009.";
        assert_eq!(
            run(q, s, "Zirve 3.10.2009 tarihinde açıldı.", Lang::Tr).0,
            "Zirve 12.06.2023 tarihinde açıldı."
        );
        assert_eq!(
            run(q, s, "Zirve 3 Ekim 2009 tarihinde açıldı.", Lang::Tr).0,
            "Zirve 12 Haziran 2023 tarihinde açıldı."
        );
        assert_eq!(
            run(q, s, "Саммит открылся 3 октября 2009 г.", Lang::Ru).0,
            "Саммит открылся 12 июня 2023 г."
        );
        // Turkish and Russian queries, English targets in both orders of day and month.
        assert_eq!(
            run_from(
                "Zirve 12 Haziran 2023 tarihinde açıldı.",
                "Zirve 3 Ekim 2009 tarihinde açıldı.",
                "The summit opened on October 3, 2009.",
                Lang::Tr,
                Lang::En
            ),
            ("The summit opened on June 12, 2023.".into(), true)
        );
        assert_eq!(
            run_from(
                "Саммит открылся 12 июня 2023 г.",
                "Саммит открылся 3 октября 2009 г.",
                "The summit opened on 3 October 2009.",
                Lang::Ru,
                Lang::En
            ),
            ("The summit opened on 12 June 2023.".into(), true)
        );
        // Month and year; the Russian prepositional form is kept.
        let (t, _, ok) = run(
            "In March 2023 the association was founded.",
            "In November 2022 the association was founded.",
            "В ноябре 2022 г. была учреждена ассоциация.",
            Lang::Ru,
        );
        assert_eq!(
            (t.as_str(), ok),
            ("В марте 2023 г. была учреждена ассоциация.", true)
        );
        // A numeric query date finds a month-name target date.
        assert_eq!(
            run_from(
                "Toplantı 17.12.2022 tarihinde yapıldı.",
                "Toplantı 16.12.2021 tarihinde yapıldı.",
                "The meeting was held on 16 December 2021.",
                Lang::Tr,
                Lang::En
            ),
            ("The meeting was held on 17 December 2022.".into(), true)
        );
    }

    #[test]
    fn ordinal_and_comma_less_english_dates_and_russian_space_groups() {
        let (t, ok) = run_from(
            "Первое издание вышло 22 октября 2004.",
            "Первое издание вышло 14 октября 2004.",
            "The first edition came out on 14th October 2004.",
            Lang::Ru,
            Lang::En,
        );
        assert_eq!(
            (t.as_str(), ok),
            ("The first edition came out on 22nd October 2004.", true)
        );
        let (t, ok) = run_from(
            "через полгода после 14 сентября 2003 г.",
            "через полгода после 14 сентября 2001 г.",
            "6 months after September 14 2001",
            Lang::Ru,
            Lang::En,
        );
        assert_eq!((t.as_str(), ok), ("6 months after September 14 2003", true));
        assert_eq!(parse("15 000", Lang::Ru), NumberValue::Int("15000".into()));
        let (t, ok) = run_from(
            "введите 12 500.",
            "введите 15 000.",
            "enter 15,000.",
            Lang::Ru,
            Lang::En,
        );
        assert_eq!((t.as_str(), ok), ("enter 12,500.", true));
        let (t, _, _) = run(
            "enter 12,500.",
            "enter 15,000.",
            "введите 15 000.",
            Lang::Ru,
        );
        assert_eq!(t, "введите 12 500.");
    }

    #[test]
    fn numbers_written_with_scale_words_adapt_when_unambiguous() {
        let s = "Trade reached 300,000 tonnes.";
        let (t, a, ok) = run(
            "Trade reached 303,000 tonnes.",
            s,
            "Товарооборот достиг 300 тыс. тонн.",
            Lang::Ru,
        );
        assert_eq!(t, "Товарооборот достиг 303 тыс. тонн.");
        assert!(ok);
        assert_eq!(
            (a[0].target_before.as_str(), a[0].target_after.as_str()),
            ("300", "303")
        );
        assert_eq!(
            run(
                "Trade reached 303,500 tonnes.",
                s,
                "Товарооборот достиг 300 тыс. тонн.",
                Lang::Ru
            )
            .0,
            "Товарооборот достиг 303,5 тыс. тонн."
        );
        assert_eq!(
            run(
                "Exports were 2,250,000 dollars.",
                "Exports were 1,500,000 dollars.",
                "İhracat 1,5 milyon dolar oldu.",
                Lang::Tr
            )
            .0,
            "İhracat 2,25 milyon dolar oldu."
        );
        // 303,457 in millions needs six decimals: not adapted, and said so.
        let (t, a, ok) = run(
            "Trade reached 303,457 tonnes.",
            s,
            "Товарооборот достиг 0,3 млн тонн.",
            Lang::Ru,
        );
        assert_eq!(t, "Товарооборот достиг 0,3 млн тонн.");
        assert!(a.is_empty() && !ok);
    }

    /// The other way round: the query and the memory's source write the scale word, the
    /// target the digits (or its own scale word).
    #[test]
    fn scale_words_in_the_source_find_digits_in_the_target() {
        let (t, ok) = run_from(
            "Товарооборот достиг 303 тыс. тонн.",
            "Товарооборот достиг 300 тыс. тонн.",
            "Trade reached 300,000 tonnes.",
            Lang::Ru,
            Lang::En,
        );
        assert_eq!((t.as_str(), ok), ("Trade reached 303,000 tonnes.", true));
        let (t, ok) = run_from(
            "İhracat 2,25 milyon dolar oldu.",
            "İhracat 1,5 milyon dolar oldu.",
            "Exports were 1,500,000 dollars.",
            Lang::Tr,
            Lang::En,
        );
        assert_eq!((t.as_str(), ok), ("Exports were 2,250,000 dollars.", true));
        let (t, ok) = run_from(
            "Exports were 2 million dollars.",
            "Exports were 1.5 million dollars.",
            "Экспорт составил 1 500 000 долларов.",
            Lang::En,
            Lang::Ru,
        );
        assert_eq!(
            (t.as_str(), ok),
            ("Экспорт составил 2 000 000 долларов.", true)
        );
        // Both sides with a scale word: the number as written, the target's decimal comma.
        let (t, ok) = run_from(
            "Exports were 2.25 million dollars.",
            "Exports were 1.5 million dollars.",
            "İhracat 1,5 milyon dolar oldu.",
            Lang::En,
            Lang::Tr,
        );
        assert_eq!((t.as_str(), ok), ("İhracat 2,25 milyon dolar oldu.", true));
        // The query in another scale than the target: written in the target's.
        let (t, ok) = run_from(
            "Exports were 750 thousand dollars.",
            "Exports were 1.5 million dollars.",
            "İhracat 1,5 milyon dolar oldu.",
            Lang::En,
            Lang::Tr,
        );
        assert_eq!((t.as_str(), ok), ("İhracat 0,75 milyon dolar oldu.", true));
        // The same value written two ways is no change.
        let (t, a, ok) = adapt(
            &normalize("Trade reached 303,000 tonnes.", Lang::En),
            &normalize("Trade reached 303 thousand tonnes.", Lang::En),
            "Товарооборот достиг 303 тыс. тонн.",
            Lang::En,
            Lang::Ru,
        );
        assert_eq!(
            (t.as_str(), a.len(), ok),
            ("Товарооборот достиг 303 тыс. тонн.", 0, true)
        );
    }

    /// Numeric dates with a slash or a hyphen, read in the language's order and written in the
    /// target's order, separator and padding.
    #[test]
    fn numeric_dates_with_locale_separators() {
        assert_eq!(
            parse("16/12/2021", Lang::Tr),
            NumberValue::Date(16, 12, 2021)
        );
        assert_eq!(
            parse("12/16/2021", Lang::En),
            NumberValue::Date(16, 12, 2021)
        );
        assert_eq!(
            parse("16/12/2021", Lang::En),
            NumberValue::Date(16, 12, 2021)
        );
        assert_eq!(
            parse("2021-12-16", Lang::Ru),
            NumberValue::Date(16, 12, 2021)
        );
        assert_eq!(
            parse("16-12-2021", Lang::Ru),
            NumberValue::Date(16, 12, 2021)
        );
        let (t, ok) = run_from(
            "Toplantı 17/12/2022 tarihinde yapıldı.",
            "Toplantı 16/12/2021 tarihinde yapıldı.",
            "The meeting was held on 16 December 2021.",
            Lang::Tr,
            Lang::En,
        );
        assert_eq!(
            (t.as_str(), ok),
            ("The meeting was held on 17 December 2022.", true)
        );
        // English month first, Turkish day first with dots.
        let (t, ok) = run_from(
            "The meeting was held on 12/17/2022.",
            "The meeting was held on 12/16/2021.",
            "Toplantı 16.12.2021 tarihinde yapıldı.",
            Lang::En,
            Lang::Tr,
        );
        assert_eq!(
            (t.as_str(), ok),
            ("Toplantı 17.12.2022 tarihinde yapıldı.", true)
        );
        let q = "The summit opened on 12 June 2023.";
        let s = "The summit opened on 3 October 2009.";
        assert_eq!(
            run(q, s, "Саммит открылся 2009-10-03.", Lang::Ru).0,
            "Саммит открылся 2023-06-12."
        );
        assert_eq!(
            run(q, s, "Саммит открылся 3/10/2009.", Lang::Ru).0,
            "Саммит открылся 12/06/2023."
        );
        let (t, ok) = run_from(
            "Саммит открылся 12 июня 2023 г.",
            "Саммит открылся 3 октября 2009 г.",
            "The summit opened on 10/3/2009.",
            Lang::Ru,
            Lang::En,
        );
        assert_eq!((t.as_str(), ok), ("The summit opened on 06/12/2023.", true));
        // A range or a ratio is not a date.
        assert!(date_runs(&normalize("in 2020-2021 and 3/4", Lang::En)).is_empty());
    }

    #[test]
    fn reports_numbers_it_cannot_place() {
        let (t, a, ok) = run("in 2022", "in 2021", "geçen yıl", Lang::Tr);
        assert_eq!(t, "geçen yıl");
        assert!(a.is_empty());
        assert!(!ok);
    }
}

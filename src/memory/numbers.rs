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
    /// A sequence such as a date, `17.12.2022`: the digit groups.
    Sequence(Vec<String>),
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
    NumberValue::Sequence(groups)
}

/// Writes `value` the way `lang` does; `like` is the number it replaces, whose grouping and
/// sequence separator are kept.
pub fn format(value: &NumberValue, lang: Lang, like: &str) -> String {
    match value {
        NumberValue::Int(d) => {
            let like_grouped = matches!(parse(like, lang), NumberValue::Int(_))
                && like.contains(thousands_sep(lang));
            if like_grouped && d.len() > 3 {
                let mut out = String::new();
                for (i, c) in d.chars().enumerate() {
                    if i > 0 && (d.len() - i) % 3 == 0 {
                        out.push(thousands_sep(lang));
                    }
                    out.push(c);
                }
                out
            } else {
                d.clone()
            }
        }
        NumberValue::Decimal(i, f) => format!("{i}{}{f}", lang.decimal_separator()),
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

fn numbers(n: &Normalized) -> Vec<&str> {
    n.tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .map(|t| &n.nfc[t.span.clone()])
        .collect()
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
    let qn = numbers(query);
    let sn = numbers(source);
    if qn == sn {
        return (target.to_string(), Vec::new(), true);
    }
    if qn.len() != sn.len() {
        return (target.to_string(), Vec::new(), false);
    }
    let tnorm = normalize(target, to);
    let tnums: Vec<(std::ops::Range<usize>, NumberValue)> = tnorm
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .map(|t| (t.span.clone(), parse(&tnorm.nfc[t.span.clone()], to)))
        .collect();
    let mut used = vec![false; tnums.len()];
    let mut edits: Vec<(std::ops::Range<usize>, String, Adaptation)> = Vec::new();
    let mut complete = true;
    for (q, s) in qn.iter().zip(&sn) {
        let sv = parse(s, from);
        let qv = parse(q, from);
        if sv == qv {
            // Same value: still claim its target slot so a later change does not take it.
            if let Some(j) = (0..tnums.len()).find(|&j| !used[j] && tnums[j].1 == sv) {
                used[j] = true;
            }
            continue;
        }
        match (0..tnums.len()).find(|&j| !used[j] && tnums[j].1 == sv) {
            Some(j) => {
                used[j] = true;
                let before = &tnorm.nfc[tnums[j].0.clone()];
                let after = format(&qv, to, before);
                edits.push((
                    tnums[j].0.clone(),
                    after.clone(),
                    Adaptation {
                        source: s.to_string(),
                        query: q.to_string(),
                        target_before: before.to_string(),
                        target_after: after,
                    },
                ));
            }
            None => complete = false,
        }
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

    #[test]
    fn reports_numbers_it_cannot_place() {
        let (t, a, ok) = run("in 2022", "in 2021", "geçen yıl", Lang::Tr);
        assert_eq!(t, "geçen yıl");
        assert!(a.is_empty());
        assert!(!ok);
    }
}

//! Guards against a silently wrong draft: a translation in the wrong language (by script and
//! letters: Cyrillic for Russian, `ğ ş ı İ` for Turkish), an empty body, and an alignment that
//! looks like two different articles.

use super::ArticleLink;
use crate::model::{Article, BlockKind, Lang};

/// Letter statistics of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Script {
    /// Letters counted.
    pub letters: usize,
    /// Share of Cyrillic letters.
    pub cyrillic: f64,
    /// Share of letters only Turkish uses among the three languages (`ğ ş ı İ`).
    pub turkish: f64,
}

/// Counts the letters of `text`.
pub fn script(text: &str) -> Script {
    let (mut letters, mut cyr, mut tr) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if ('\u{400}'..='\u{4ff}').contains(&c) {
            cyr += 1;
        }
        if matches!(c, 'ğ' | 'Ğ' | 'ş' | 'Ş' | 'ı' | 'İ') {
            tr += 1;
        }
    }
    let share = |n: usize| {
        if letters == 0 {
            0.0
        } else {
            n as f64 / letters as f64
        }
    };
    Script {
        letters,
        cyrillic: share(cyr),
        turkish: share(tr),
    }
}

/// The language the letters of `text` point to, if they point clearly to one.
pub fn guess(text: &str) -> Option<Lang> {
    let s = script(text);
    if s.letters < 40 {
        return None;
    }
    if s.cyrillic > 0.5 {
        Some(Lang::Ru)
    } else if s.cyrillic < 0.2 && s.turkish > 0.01 {
        Some(Lang::Tr)
    } else if s.cyrillic < 0.2 && s.turkish < 0.002 {
        Some(Lang::En)
    } else {
        None
    }
}

/// The running text of an article: its title, summary and body paragraphs and headings (notes
/// are left out: they cite titles in any language).
pub fn body_text(a: &Article) -> String {
    let mut out = String::new();
    for b in &a.blocks {
        if matches!(b.kind, BlockKind::Note) {
            continue;
        }
        for &i in &b.segments {
            out.push_str(&super::anchors::strip_tokens(&a.segments[i].text));
            out.push(' ');
        }
    }
    out
}

/// How the alignment as a whole looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Share of source segments in a link at or above the threshold.
    pub confident: f64,
    /// Target characters over source characters, divided by the expected ratio `c`.
    pub length_ratio: f64,
    /// Numbers and codes of the source that the target shares (of those the source has).
    pub shared_anchors: (usize, usize),
    /// Why the alignment looks wrong; empty when it looks right.
    pub problems: Vec<String>,
}

/// Judges an alignment: fewer than half of the body's segments confidently aligned, a length
/// ratio off by half or more, or a source with numbers none of which the target has, all say
/// "different article".
pub fn assess(
    source: &Article,
    target: &Article,
    links: &[ArticleLink],
    c: f64,
    min_confidence: f64,
) -> Assessment {
    let body = |l: &&ArticleLink| l.region.starts_with("/body");
    let total: usize = links.iter().filter(body).map(|l| l.src.len()).sum();
    let good: usize = links
        .iter()
        .filter(body)
        .filter(|l| !l.tgt.is_empty() && l.confidence >= min_confidence)
        .map(|l| l.src.len())
        .sum();
    let confident = if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    };
    let (st, tt) = (body_text(source), body_text(target));
    let len = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count().max(1) as f64;
    let length_ratio = len(&tt) / len(&st) / c;
    let (fs, ft) = (
        super::anchors::features(&st, &[]),
        super::anchors::features(&tt, &[]),
    );
    let shared = fs
        .strong
        .iter()
        .filter(|h| ft.strong.binary_search(h).is_ok())
        .count();
    let mut problems = Vec::new();
    if confident < 0.5 {
        problems.push(format!(
            "only {:.0}% of the body's segments aligned with confidence ≥ {min_confidence:.2}",
            confident * 100.0
        ));
    }
    if !(0.5..=2.0).contains(&length_ratio) {
        problems.push(format!(
            "the translation is {length_ratio:.2} times as long as expected"
        ));
    }
    if fs.strong.len() >= 4 && shared * 4 < fs.strong.len() {
        problems.push(format!(
            "it shares {shared} of the source's {} numbers and markers",
            fs.strong.len()
        ));
    }
    Assessment {
        confident,
        length_ratio,
        shared_anchors: (shared, fs.strong.len()),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_tell_the_three_languages_apart() {
        assert_eq!(
            guess("Japonya özellikle son dönemde Orta Asya ülkeleriyle ilişkilerini geliştirmeye odaklandı. Kasım ayında birlik kuruldu."),
            Some(Lang::Tr)
        );
        assert_eq!(
            guess("В последнее время Япония уделяет особое внимание развитию отношений со странами Центральной Азии."),
            Some(Lang::Ru)
        );
        assert_eq!(
            guess("Japan, especially recently, has focused on improving its relations with Central Asian countries."),
            Some(Lang::En)
        );
    }
}

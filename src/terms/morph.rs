//! Inflection rules: when a word of a text is an inflected form of a word of a term.
//!
//! Each language has one small rule set, applied to any term; nothing is listed per term.
//!
//! **Turkish** is agglutinative: a name takes a chain of suffixes, after an apostrophe
//! (`Koridor'un`, `Teşkilatı'nın`, `2022'de`) or fused for common nouns (`koridorunda`). A word
//! matches a term word when it is the term word followed by a suffix chain that parses, in slot
//! order: plural `-lAr`; possessive (`-(I)m`, `-(I)n`, `-(s)I`, `-(I)mIz`, `-(I)nIz`, `-lArI`);
//! case (genitive `-(n)In`, accusative `-(y)I`, dative `-(y)A`, locative `-DA`, ablative `-DAn`,
//! instrumental `-(y)lA`; after a third-person possessive the pronominal `n`: `-nI`, `-nA`,
//! `-nDA`, `-nDAn`); the relative `-ki` (then plural and case again); the copula `-DIr` or past
//! `-(y)DI`. `A` is `a`/`e` and `I` is `ı`/`i`/`u`/`ü` by vowel harmony with the last vowel so
//! far; `D` is `t` after a voiceless consonant (`ç f h k p s ş t`) and `d` otherwise; buffer
//! letters in brackets appear after a vowel (`(y)`, `(n)`, `(s)`) or after a consonant (`(I)`).
//! So `Orta Koridor'un`, `Orta Koridoru'nda` (possessive `-u` + locative `-nda`), and
//! `Türk Devletleri Teşkilatı'na` all match their terms, and `koridorün` (broken harmony)
//! does not. After an apostrophe, the first suffix may take either harmony, either `D` and
//! either buffer, as a foreign name keeps its own pronunciation (`Writer'ı`, `Calc'de`,
//! `Basic'te`); the suffixes after it harmonize with it. A term word ending in a vowel of `I` in a term of several words may already carry
//! the possessive of a compound (`Teşkilatı`), so the pronominal forms follow it. Fused forms may
//! soften a final `p ç t k` to `b c d ğ` before a vowel. All-capital words (acronyms, `TDT'nin`)
//! and numbers are read by their letter names, so any harmony is accepted after them. Only the
//! last word of a Turkish term inflects; the words before it match as written.
//!
//! **Russian** declines every word of a noun phrase (`Средний коридор` → `Среднего коридора`,
//! `Средним коридором`, `о Среднем коридоре`). A text word matches a term word when both are one
//! stem plus an ending from [`RU_ENDINGS`] (noun and adjective case endings, singular and
//! plural; the empty ending too), the stem keeping at least 3 letters and all but 3 letters of
//! the term word. `ё` reads as `е`. Words of fewer than 3 letters (`и`, `в`) match as written.
//!
//! **English** inflects the last word of a term: plural `-s`/`-es`, `-y` → `-ies`, and the
//! possessive `'s` / `s'` (`Middle Corridor's`, `Central Asian Republics'`).
//!
//! Comparison ignores letter case (with Turkish `I`/`ı` and `İ`/`i`), unless the entry is marked
//! case-sensitive; all-capital words (`TITR`, `ШОС`) always keep their case.

use crate::model::Lang;

/// Russian inflectional endings (nouns, adjectives, participles), longest first.
pub const RU_ENDINGS: &[&str] = &[
    "иями", "ями", "ами", "ыми", "ими", "ого", "его", "ому", "ему", "иях", "иям", "ием", "ией",
    "ях", "ах", "ям", "ам", "ом", "ем", "ой", "ей", "ою", "ею", "ов", "ев", "ый", "ий", "ая", "яя",
    "ое", "ее", "ые", "ие", "ую", "юю", "ым", "им", "ых", "их", "ия", "ии", "ию", "ье", "ья", "ьи",
    "ью", "а", "я", "о", "е", "ь", "ы", "и", "у", "ю", "й",
];

/// Lowercases for comparison: Turkish `I` → `ı` and `İ` → `i` in Turkish, `ё` → `е`, curly
/// apostrophes → `'`. With `keep_case`, only the apostrophes and `ё` change.
pub fn fold(lang: Lang, s: &str, keep_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | 'ʼ' | '‘' | '`' | '´' => out.push('\''),
            'ё' => out.push('е'),
            'Ё' if keep_case => out.push('Е'),
            'Ё' => out.push('е'),
            'I' if lang == Lang::Tr && !keep_case => out.push('ı'),
            'İ' if !keep_case => out.push('i'),
            c if keep_case => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether a word is written in capitals only (two letters or more): an acronym.
pub fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether `word` (folded) is `base` (folded) or one of its inflected forms in `lang`. `last`:
/// whether `base` is the last word of its term; `compound`: whether the term has several words.
/// `spelled` says that harmony is by letter names (an acronym or a number).
pub fn inflects(
    lang: Lang,
    base: &str,
    word: &str,
    last: bool,
    compound: bool,
    spelled: bool,
) -> bool {
    if base == word {
        return true;
    }
    match lang {
        Lang::Ru => ru_same_lexeme(base, word),
        Lang::En => last && en_inflects(base, word),
        Lang::Tr => last && tr_inflects(base, word, compound, spelled),
    }
}

// ----- English -----

fn en_inflects(base: &str, word: &str) -> bool {
    let Some(rest) = word.strip_prefix(base) else {
        // -y → -ies, and its possessive.
        if let Some(stem) = base.strip_suffix('y') {
            if let Some(r) = word.strip_prefix(stem) {
                let consonant_before = stem.chars().last().is_some_and(|c| !"aeiou".contains(c));
                return consonant_before && matches!(r, "ies" | "ies'");
            }
        }
        return false;
    };
    match rest {
        "s" | "'s" | "'" | "s'" => true,
        "es" | "es'" => base.ends_with(['s', 'x', 'z', 'h', 'o']),
        _ => false,
    }
}

// ----- Russian -----

fn ru_same_lexeme(base: &str, word: &str) -> bool {
    let n = base.chars().count();
    if n < 3 {
        return false;
    }
    let min_stem = 3.max(n.saturating_sub(3));
    let stems = std::iter::once(base).chain(RU_ENDINGS.iter().filter_map(|e| base.strip_suffix(e)));
    for stem in stems {
        if stem.chars().count() < min_stem {
            continue;
        }
        if let Some(rest) = word.strip_prefix(stem) {
            if rest.is_empty() || RU_ENDINGS.contains(&rest) {
                return true;
            }
        }
    }
    false
}

/// The stem of a Russian word: the word less its longest ending from [`RU_ENDINGS`] that leaves
/// at least 3 letters (for grouping word forms in [`super::extract`]).
pub fn ru_stem(word: &str) -> &str {
    for e in RU_ENDINGS {
        if let Some(s) = word.strip_suffix(e) {
            if s.chars().count() >= 3 {
                return s;
            }
        }
    }
    word
}

// ----- Turkish -----

const TR_BACK: &str = "aıou";
const TR_FRONT: &str = "eiöü";
const TR_VOICELESS: &str = "çfhkpsşt";

fn is_tr_vowel(c: char) -> bool {
    TR_BACK.contains(c) || TR_FRONT.contains(c) || "âîû".contains(c)
}

/// The Turkish stem of a word written with a suffix after an apostrophe (`Koridor'un` →
/// `Koridor`), for grouping forms in [`super::extract`].
pub fn tr_stem(word: &str) -> &str {
    word.split(['\'', '’']).next().unwrap_or(word)
}

/// What a suffix chain may take next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    /// Nothing yet: anything.
    Stem,
    /// After the plural: possessive, case, ki, copula.
    Plural,
    /// After a possessive: case (pronominal after the third person), ki, copula.
    Possessive { third: bool },
    /// After a case: ki (after locative or genitive), copula.
    Case { ki: bool },
    /// After -ki: plural, case (pronominal), copula.
    Ki,
    /// After the plural of -ki: case, copula.
    KiPlural,
    /// After the copula: nothing.
    Done,
}

struct Ctx {
    /// The base is read by letter names (acronym or number): its first suffix may take any
    /// harmony, buffer letter and `D`.
    spelled: bool,
    /// Length of the base in bytes: what comes after it is suffix.
    base_len: usize,
}

impl Ctx {
    /// Whether harmony is still open after `prev`: a spelled base and no suffix vowel yet.
    fn free(&self, prev: &str) -> bool {
        self.spelled
            && !prev
                .get(self.base_len..)
                .unwrap_or("")
                .chars()
                .any(is_tr_vowel)
    }
}

fn tr_inflects(base: &str, word: &str, compound: bool, spelled: bool) -> bool {
    // After an apostrophe a name keeps its own pronunciation (`Writer'ı`, `Calc'de`,
    // `Basic'te`): its first suffix is read like a spelled one's.
    let quoted = word.strip_prefix(base).is_some_and(|r| r.starts_with('\''));
    let ctx = Ctx {
        spelled: spelled || quoted,
        base_len: base.len(),
    };
    let starts: &[Slot] = if compound && base.ends_with(['ı', 'i', 'u', 'ü']) {
        &[Slot::Stem, Slot::Possessive { third: true }]
    } else {
        &[Slot::Stem]
    };
    let rest_of = |b: &str| -> Option<String> { word.strip_prefix(b).map(|r| r.replace('\'', "")) };
    if let Some(rest) = rest_of(base) {
        return starts.iter().any(|&s| parse_chain(&ctx, base, &rest, s));
    }
    // Consonant softening before a vowel-initial fused suffix: kitap → kitabı, ortaklık → ortaklığı.
    let mut chars: Vec<char> = base.chars().collect();
    let soft = match chars.last() {
        Some('p') => 'b',
        Some('ç') => 'c',
        Some('t') => 'd',
        Some('k') => {
            if chars.len() >= 2 && chars[chars.len() - 2] == 'n' {
                'g'
            } else {
                'ğ'
            }
        }
        _ => return false,
    };
    *chars.last_mut().expect("checked") = soft;
    let softened: String = chars.into_iter().collect();
    match word.strip_prefix(softened.as_str()) {
        Some(rest) if rest.chars().next().is_some_and(is_tr_vowel) => starts
            .iter()
            .any(|&s| parse_chain(&ctx, &softened, rest, s)),
        _ => false,
    }
}

/// Surface forms of a suffix written with archiphonemes after `prev` (the word so far).
fn realize(ctx: &Ctx, spec: &str, prev: &str) -> Vec<String> {
    let mut outs = vec![(String::new(), prev.to_string())];
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '(' {
            let buf = chars.next().expect("well-formed spec");
            assert_eq!(chars.next(), Some(')'));
            let mut next = Vec::new();
            for (o, p) in outs {
                let ends_vowel = p.chars().last().is_some_and(is_tr_vowel);
                let wanted = if buf == 'I' { !ends_vowel } else { ends_vowel };
                if ctx.free(&p) {
                    for ch in letter(ctx, buf, &p) {
                        next.push((format!("{o}{ch}"), format!("{p}{ch}")));
                    }
                    next.push((o, p));
                } else if wanted {
                    for ch in letter(ctx, buf, &p) {
                        next.push((format!("{o}{ch}"), format!("{p}{ch}")));
                    }
                } else {
                    next.push((o, p));
                }
            }
            outs = next;
            continue;
        }
        let mut next = Vec::new();
        for (o, p) in outs {
            for ch in letter(ctx, c, &p) {
                next.push((format!("{o}{ch}"), format!("{p}{ch}")));
            }
        }
        outs = next;
    }
    let mut v: Vec<String> = outs.into_iter().map(|(o, _)| o).collect();
    v.sort();
    v.dedup();
    v
}

/// The letters an archiphoneme stands for after `prev`.
fn letter(ctx: &Ctx, c: char, prev: &str) -> Vec<char> {
    let last_vowel = prev.chars().rev().find(|&c| is_tr_vowel(c));
    let last = prev.chars().last();
    let any_harmony = ctx.free(prev);
    match c {
        'A' => {
            if any_harmony {
                return vec!['a', 'e'];
            }
            match last_vowel {
                Some(v) if TR_BACK.contains(v) || v == 'â' || v == 'û' => vec!['a'],
                Some(_) => vec!['e'],
                None => vec!['a', 'e'],
            }
        }
        'I' => {
            if any_harmony {
                return vec!['ı', 'i', 'u', 'ü'];
            }
            match last_vowel {
                Some('a' | 'ı' | 'â') => vec!['ı'],
                Some('e' | 'i' | 'î') => vec!['i'],
                Some('o' | 'u' | 'û') => vec!['u'],
                Some('ö' | 'ü') => vec!['ü'],
                _ => vec!['ı', 'i', 'u', 'ü'],
            }
        }
        'D' => {
            if any_harmony {
                return vec!['d', 't'];
            }
            if last.is_some_and(|c| TR_VOICELESS.contains(c)) {
                vec!['t']
            } else {
                vec!['d']
            }
        }
        'C' => {
            if last.is_some_and(|c| TR_VOICELESS.contains(c)) {
                vec!['ç']
            } else {
                vec!['c']
            }
        }
        c => vec![c],
    }
}

/// The suffixes each slot may take, with the slot they lead to.
fn moves(slot: Slot) -> Vec<(&'static str, Slot)> {
    let poss = [
        ("(I)m", Slot::Possessive { third: false }),
        ("(I)n", Slot::Possessive { third: false }),
        ("(s)I", Slot::Possessive { third: true }),
        ("(I)mIz", Slot::Possessive { third: false }),
        ("(I)nIz", Slot::Possessive { third: false }),
        ("lArI", Slot::Possessive { third: true }),
    ];
    let case = [
        ("(n)In", Slot::Case { ki: true }),
        ("(y)I", Slot::Case { ki: false }),
        ("(y)A", Slot::Case { ki: false }),
        ("DA", Slot::Case { ki: true }),
        ("DAn", Slot::Case { ki: false }),
        ("(y)lA", Slot::Case { ki: false }),
    ];
    let pronominal_case = [
        ("(n)In", Slot::Case { ki: true }),
        ("nI", Slot::Case { ki: false }),
        ("nA", Slot::Case { ki: false }),
        ("nDA", Slot::Case { ki: true }),
        ("nDAn", Slot::Case { ki: false }),
        ("(y)lA", Slot::Case { ki: false }),
    ];
    let copula = [("DIr", Slot::Done), ("(y)DI", Slot::Done)];
    let mut v = Vec::new();
    match slot {
        Slot::Stem => {
            v.push(("lAr", Slot::Plural));
            v.extend(poss);
            v.extend(case);
            v.extend(copula);
        }
        Slot::Plural => {
            v.extend(poss);
            v.extend(case);
            v.extend(copula);
        }
        Slot::Possessive { third } => {
            v.extend(if third { pronominal_case } else { case });
            v.extend(copula);
        }
        Slot::Case { ki } => {
            if ki {
                v.push(("ki", Slot::Ki));
            }
            v.extend(copula);
        }
        Slot::Ki => {
            v.push(("lAr", Slot::KiPlural));
            v.extend(pronominal_case);
            v.extend(copula);
        }
        Slot::KiPlural => {
            v.extend(case);
            v.extend(copula);
        }
        Slot::Done => {}
    }
    v
}

fn parse_chain(ctx: &Ctx, prev: &str, rest: &str, slot: Slot) -> bool {
    if rest.is_empty() {
        return true;
    }
    for (spec, next) in moves(slot) {
        for surface in realize(ctx, spec, prev) {
            if surface.is_empty() {
                continue;
            }
            if let Some(r) = rest.strip_prefix(surface.as_str()) {
                let p = format!("{prev}{surface}");
                if parse_chain(ctx, &p, r, next) {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(base: &str, word: &str) -> bool {
        let b = fold(Lang::Tr, base, false);
        let w = fold(Lang::Tr, word, false);
        inflects(
            Lang::Tr,
            &b,
            &w,
            true,
            false,
            is_acronym(base) || base.chars().all(|c| c.is_ascii_digit()),
        )
    }

    #[test]
    fn turkish_case_suffixes_follow_vowel_harmony() {
        for w in [
            "Koridor'un",
            "Koridor'a",
            "Koridor'da",
            "Koridor'dan",
            "Koridor'u",
            "Koridor'la",
            "Koridor’un",
            "Koridor'daki",
            "Koridor'dur",
        ] {
            assert!(tr("Koridor", w), "{w}");
        }
        // Fused suffixes follow harmony strictly; within a chain too.
        for w in [
            "Koridorün",
            "Koridore",
            "Koridorta",
            "Koridor'xyz",
            "Koridor'larin",
            "Koridor'un'e",
        ] {
            assert!(!tr("Koridor", w), "{w}");
        }
        // After an apostrophe a foreign name may take its own pronunciation's harmony.
        assert!(tr("Writer", "Writer'ı"));
        assert!(tr("Calc", "Calc'de"));
        assert!(tr("Basic", "Basic'te"));
        assert!(tr("Türkiye", "Türkiye'nin"));
        assert!(tr("Türkiye", "Türkiye'ye"));
        assert!(!tr("Türkiye", "Türkiyenın"));
        assert!(tr("Kazakistan", "Kazakistan'ın"));
        assert!(tr("Kazakistan", "Kazakistan'la"));
        assert!(tr("Semerkant", "Semerkant'ta"));
        assert!(!tr("Semerkant", "Semerkantda"));
        assert!(tr("Tokyo", "Tokyo'da"));
        assert!(tr("Tokyo", "Tokyo'ya"));
        assert!(tr("Hayashi", "Hayashi'nin"));
    }

    #[test]
    fn turkish_possessive_then_pronominal_case() {
        assert!(tr("Koridor", "Koridoru"));
        assert!(tr("Koridor", "Koridoru'nda"));
        assert!(tr("Koridor", "Koridorunda"));
        assert!(tr("Koridor", "Koridoru'nun"));
        assert!(tr("Koridor", "Koridorları"));
        assert!(tr("Koridor", "Koridorlarının"));
        assert!(!tr("Koridor", "Koridoru'da"));
    }

    #[test]
    fn turkish_compound_head_already_possessive() {
        let b = fold(Lang::Tr, "Teşkilatı", false);
        for w in [
            "Teşkilatı'nın",
            "Teşkilatı'na",
            "Teşkilatı'nda",
            "Teşkilatı'nı",
            "Teşkilatına",
        ] {
            assert!(
                inflects(Lang::Tr, &b, &fold(Lang::Tr, w, false), true, true, false),
                "{w}"
            );
        }
    }

    #[test]
    fn turkish_acronyms_and_numbers_take_any_harmony() {
        assert!(tr("TDT", "TDT'nin"));
        assert!(tr("ŞİÖ", "ŞİÖ'nün"));
        assert!(tr("AB", "AB'ye"));
        assert!(tr("2022", "2022'de"));
        assert!(tr("2022", "2022'den"));
    }

    #[test]
    fn turkish_softening_in_fused_forms() {
        assert!(tr("ortaklık", "ortaklığı"));
        assert!(tr("kitap", "kitabı"));
        assert!(!tr("kitap", "kitabl"));
    }

    #[test]
    fn turkish_folds_dotted_and_dotless_i() {
        assert_eq!(fold(Lang::Tr, "IŞIK İzmir", false), "ışık izmir");
        assert_eq!(fold(Lang::En, "I", false), "i");
    }

    #[test]
    fn russian_case_endings_share_a_stem() {
        let same = |a: &str, b: &str| {
            inflects(
                Lang::Ru,
                &fold(Lang::Ru, a, false),
                &fold(Lang::Ru, b, false),
                false,
                true,
                false,
            )
        };
        for w in [
            "Средний",
            "Среднего",
            "Среднему",
            "Средним",
            "Среднем",
            "Средние",
            "Средних",
            "Средними",
        ] {
            assert!(same("Средний", w), "{w}");
        }
        for w in [
            "коридор",
            "коридора",
            "коридору",
            "коридором",
            "коридоре",
            "коридоры",
            "коридоров",
            "коридорам",
            "коридорами",
            "коридорах",
        ] {
            assert!(same("коридор", w), "{w}");
        }
        for w in ["Организация", "Организации", "Организацию", "Организацией"]
        {
            assert!(same("Организация", w), "{w}");
        }
        assert!(same("Мирзиёев", "Мирзиеева"));
        assert!(same("Китай", "Китаем"));
        assert!(!same("коридор", "коридорный"));
        assert!(!same("Средний", "Среднеазиатский"));
        assert!(!same("и", "у"));
    }

    #[test]
    fn english_plurals_and_possessives() {
        assert!(en_inflects("corridor", "corridors"));
        assert!(en_inflects("corridor", "corridor's"));
        assert!(en_inflects("republic", "republics'"));
        assert!(en_inflects("economy", "economies"));
        assert!(en_inflects("bus", "buses"));
        assert!(!en_inflects("corridor", "corridored"));
        assert!(!en_inflects("day", "daies"));
    }
}

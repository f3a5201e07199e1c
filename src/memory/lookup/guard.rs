//! The meaning-change guard: differences between query and TM source that a high score hides
//! but a translator must not miss.
//!
//! Looks only at the words the alignment (see `score`) says differ — inserted, deleted,
//! replaced or inflected — and warns when they include:
//! - a **negation** on one side and not on the other: English `not`, `no`, `never`, `nor`,
//!   `neither`, `none`, `nothing`, `nobody`, `nowhere`, `cannot` and any word ending in `n't`;
//!   Turkish `değil`, `yok`, `hiç`, `asla`, `hayır`, and the negative verb suffix: an aligned
//!   pair of verbs that differ only by `-me-/-ma-` (`geldi`/`gelmedi`, `yapmış`/`yapmamış`),
//!   `-m-` before the progressive `-iyor` (`geliyor`/`gelmiyor`), `-mey-/-may-` before the future
//!   (`gelecek`/`gelmeyecek`), the negative aorist `-mez/-maz` against `-r` (`gelir`/`gelmez`),
//!   or the negative potential `-emez/-amaz` against `-ebilir/-abilir` (`seçebilir`/`seçemez`);
//!   to keep false positives down the suffix counts only inside an aligned pair and only when
//!   a tense or person ending follows it (`alma` against `al` is not flagged); Russian `не`,
//!   `нет`, `ни`, `никогда`, `ничего`, `никто`, `нигде`, `нельзя`;
//! - a **number** that differs and was not adapted in the target (or that only one side has);
//! - a **name**: a capitalized word, replaced, inserted or deleted (an inflected name,
//!   `Asya'da`/`Asya'nın`, is the same name). A capital that starts the text or a sentence says
//!   nothing by itself, so such a word counts as a name only when the memory knows it as one
//!   (see [`CaseLexicon`]): the memory writes it (or an inflected form of it) capitalized inside
//!   sentences more often than in lower case (`Moscow hosted…`, `Москва приняла…`), or it has two
//!   capitals (`NATO`, `McDonald`), or, in Turkish, an apostrophe before its suffix, which
//!   Turkish spelling puts only after proper names (`Ankara'da`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::super::normalize::{fold_case, is_apostrophe, Normalized, TokenKind};
use super::super::numbers::{date_runs, parse, Adaptation};
use super::super::score::{inflection, Step, STEM};
use crate::model::Lang;

/// What kind of meaning change a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WarningKind {
    /// A negation added or removed.
    Negation,
    /// A number that differs and is not adapted in the target.
    Number,
    /// A proper name that differs.
    Name,
}

impl WarningKind {
    /// The name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::Negation => "negation",
            WarningKind::Number => "number",
            WarningKind::Name => "name",
        }
    }
}

/// One meaning change between query and TM source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// What changed.
    pub kind: WarningKind,
    /// The query's word (empty when the query lacks it).
    pub query: String,
    /// The TM source's word (empty when the TM source lacks it).
    pub memory: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let side = |s: &str| {
            if s.is_empty() {
                "—".to_string()
            } else {
                format!("`{s}`")
            }
        };
        write!(
            f,
            "{}: query {}, memory {}",
            self.kind.as_str(),
            side(&self.query),
            side(&self.memory)
        )
    }
}

/// Whether folded word `w` is a negation word of `lang`.
pub fn is_negation_word(w: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => {
            matches!(
                w,
                "not"
                    | "no"
                    | "never"
                    | "nor"
                    | "neither"
                    | "none"
                    | "nothing"
                    | "nobody"
                    | "nowhere"
                    | "cannot"
            ) || w.ends_with("n't")
                || w.ends_with("n’t")
        }
        Lang::Tr => {
            matches!(w, "değil" | "yok" | "hiç" | "asla" | "hayır")
                || ["değil", "yok"].iter().any(|n| {
                    w.strip_prefix(n).is_some_and(|rest| {
                        // değildir, değiller, yoktur, yoktu: the word with a copula ending.
                        !rest.is_empty() && rest.chars().count() <= 5 && !rest.starts_with('u')
                    })
                })
        }
        Lang::Ru => matches!(
            w,
            "не" | "нет" | "ни" | "никогда" | "ничего" | "никто" | "нигде" | "нельзя"
        ),
    }
}

/// Whether Turkish words `a` and `b` differ exactly by the negative verb suffix (module docs).
pub fn turkish_negative_pair(a: &str, b: &str) -> bool {
    // The negative potential: yap-abilir / yap-amaz, seç-ebilir / seç-emez.
    for (pos, neg) in [("abilir", "amaz"), ("ebilir", "emez")] {
        let stem = |w: &str, end: &str| w.strip_suffix(end).map(str::to_string);
        if let (Some(x), Some(y)) = (stem(a, pos), stem(b, neg)) {
            if x == y && x.chars().count() >= 2 {
                return true;
            }
        }
        if let (Some(x), Some(y)) = (stem(b, pos), stem(a, neg)) {
            if x == y && x.chars().count() >= 2 {
                return true;
            }
        }
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let p = short.iter().zip(&long).take_while(|(x, y)| x == y).count();
    // The root is at least two letters; try every split point inside the shared prefix.
    for root in (2..=p.min(short.len())).rev() {
        let rest_short = &short[root..];
        let ins = &long[root..];
        // Inserted morpheme, then the short word's ending.
        for neg in ["me", "ma", "mi", "mı", "mu", "mü", "mey", "may", "m"] {
            let neg: Vec<char> = neg.chars().collect();
            if ins.len() != neg.len() + rest_short.len() || ins[..neg.len()] != neg[..] {
                continue;
            }
            if ins[neg.len()..] != *rest_short || rest_short.is_empty() {
                continue;
            }
            let first = rest_short[0];
            let vowel = "aeıioöuü".contains(first);
            let ok = match neg.len() {
                // `-m-` only before the progressive: gel-iyor / gel-m-iyor.
                1 => {
                    rest_short.len() >= 4
                        && vowel
                        && rest_short[1] == 'y'
                        && rest_short[2] == 'o'
                        && rest_short[3] == 'r'
                }
                // `-mey-/-may-` only before the future: gel-ecek / gel-mey-ecek.
                3 => vowel,
                // `-me-/-ma-` before a consonant-initial ending: gel-di / gel-me-di.
                _ => !vowel,
            };
            if ok {
                return true;
            }
        }
        // Negative aorist: gel-ir / gel-mez, yap-ar / yap-maz (then the same person ending).
        let s_tail: String = rest_short.iter().collect();
        let l_tail: String = ins.iter().collect();
        for (pos, neg) in [("r", "mez"), ("r", "maz")] {
            for v in ["", "a", "e", "ı", "i", "u", "ü"] {
                let pos_form = format!("{v}{pos}");
                if let Some(end) = s_tail.strip_prefix(&pos_form) {
                    if l_tail.strip_prefix(neg) == Some(end) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

fn negation_change(q: &str, s: &str, lang: Lang) -> bool {
    let (fq, fs) = (fold_case(q, lang), fold_case(s, lang));
    if is_negation_word(&fq, lang) != is_negation_word(&fs, lang) {
        return true;
    }
    lang == Lang::Tr && turkish_negative_pair(&fq, &fs)
}

/// How a memory writes each word: capitalized inside a sentence, or in lower case. Tells a
/// name at the start of a sentence (`Moscow hosted…`) from an ordinary word there (`Today…`).
#[derive(Debug, Default)]
pub struct CaseLexicon {
    /// By the word's first [`STEM`] letters (folded): each folded word with the number of
    /// times it is capitalized inside a sentence and written in lower case.
    by_stem: HashMap<String, Vec<(String, u32, u32)>>,
}

/// Whether `c` ends a sentence for the name check (a capital after it starts a new one).
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | ':')
}

/// Per folded word of one language: how often it is capitalized inside a sentence and how
/// often written in lower case (the counts a [`CaseLexicon`] is made of).
pub type CaseCounts = rustc_hash::FxHashMap<String, (u32, u32)>;

/// The key a [`CaseLexicon`] files `word` (as written) under: its first four letters,
/// folded.
pub fn case_stem(word: &str, lang: Lang) -> String {
    folded_case_stem(&fold_case(word, lang))
}

/// [`case_stem`] of a word already folded (as [`CaseCounts`] keys are).
pub fn folded_case_stem(folded: &str) -> String {
    folded.chars().take(STEM).collect()
}

/// The words ([`fold_case`]d) that lookups of or against `text` may ask a [`CaseLexicon`]
/// about: its capitalized words that start a sentence, as the guard reads them (a capitalized
/// word inside a sentence is a name without asking). A lexicon that holds every entry
/// [`CaseLexicon::may_count`] admits for these answers for `text` as the whole memory's does.
pub fn case_words_asked(text: &str, lang: Lang) -> Vec<String> {
    let n = crate::memory::normalize::normalize(text, lang);
    let mut out: Vec<String> = n
        .content_tokens()
        .filter(|&t| n.tokens[t].kind == TokenKind::Word && starts_sentence(&n, t))
        .map(|t| n.surface(t))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| fold_case(w, lang))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What an entry of a [`CaseLexicon`] needs to count for the folded word `f` (asked by
/// [`CaseLexicon::is_initial_name`]), as a test a database can run: its [`case_stem`], a prefix
/// it starts with and the most characters it has. Every entry that counts (`f` itself or an
/// inflected form of it) passes; a few that do not may pass too.
pub struct EntryFilter {
    /// The entry's stem: `f`'s.
    pub stem: String,
    /// A prefix of `f` every counting entry starts with.
    pub prefix: String,
    /// The longest a counting entry is, in characters.
    pub longest: usize,
}

impl CaseLexicon {
    /// The [`EntryFilter`] of the folded word `f`. An inflected form shares `f`'s first
    /// four (`STEM`) letters and a common prefix of at least half the longer word's length
    /// (`score::inflection`), so it starts with `f`'s first `max(STEM, ⌈|f|/2⌉)` letters and
    /// is at most twice as long.
    pub fn may_count(f: &str) -> EntryFilter {
        let len = f.chars().count();
        EntryFilter {
            stem: folded_case_stem(f),
            prefix: f.chars().take(STEM.max(len.div_ceil(2))).collect(),
            longest: 2 * len,
        }
    }
}

impl CaseLexicon {
    /// Counts the words of `texts`, all in `lang`.
    pub fn build<'a>(texts: impl Iterator<Item = &'a str>, lang: Lang) -> CaseLexicon {
        let mut counts = CaseCounts::default();
        for text in texts {
            Self::count(text, lang, &mut counts);
        }
        Self::from_counts(counts)
    }

    /// Adds the words of `text` (in `lang`) to `counts`.
    pub fn count(text: &str, lang: Lang, counts: &mut CaseCounts) {
        // Sentence-initial: nothing but opening punctuation since the text start or a
        // sentence end (as `is_name` reads a text); a number or word ends that.
        let mut initial = true;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphabetic() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    let joins = is_apostrophe(d)
                        && text[j + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphabetic);
                    if d.is_alphabetic() || is_combining(d) || joins {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = &text[i..end];
                let upper = c.is_uppercase();
                if !(initial && upper) {
                    let e = counts.entry(fold_case(word, lang)).or_default();
                    if upper {
                        e.0 += 1;
                    } else if c.is_lowercase() {
                        e.1 += 1;
                    }
                }
                initial = false;
            } else if c.is_ascii_digit() {
                initial = false;
            } else if ends_sentence(c) {
                initial = true;
            }
        }
    }

    /// The lexicon of `counts`.
    pub fn from_counts(counts: CaseCounts) -> CaseLexicon {
        let mut by_stem: HashMap<String, Vec<(String, u32, u32)>> = HashMap::new();
        for (w, (caps, lower)) in counts {
            let stem = folded_case_stem(&w);
            by_stem.entry(stem).or_default().push((w, caps, lower));
        }
        for v in by_stem.values_mut() {
            v.sort();
        }
        CaseLexicon { by_stem }
    }

    /// Whether the capitalized word `word` (as written) at the start of a sentence is a name
    /// (see the module docs).
    pub fn is_initial_name(&self, word: &str, lang: Lang) -> bool {
        if word.chars().filter(|c| c.is_uppercase()).count() >= 2 {
            return true;
        }
        if lang == Lang::Tr {
            let mut parts = word.split(is_apostrophe);
            if let (Some(a), Some(b)) = (parts.next(), parts.next()) {
                if !a.is_empty() && !b.is_empty() {
                    return true;
                }
            }
        }
        let folded = fold_case(word, lang);
        let f: Vec<char> = folded.chars().collect();
        let stem = folded_case_stem(&folded);
        let (mut caps, mut lower) = (0u32, 0u32);
        for (w, c, l) in self.by_stem.get(&stem).into_iter().flatten() {
            let wc: Vec<char> = w.chars().collect();
            if wc == f || inflection(&wc, &f).is_some() {
                caps += c;
                lower += l;
            }
        }
        caps > lower
    }
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Whether content token `ci` (index among content tokens) of `n` is a proper name: a
/// capitalized word inside a sentence, or one the memory knows as a name at its start.
fn is_name<'n>(
    n: &Normalized,
    content: &[usize],
    ci: usize,
    names: &dyn Fn() -> &'n CaseLexicon,
    lang: Lang,
) -> bool {
    let t = content[ci];
    if n.tokens[t].kind != TokenKind::Word {
        return false;
    }
    let word = n.surface(t);
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if starts_sentence(n, t) {
        names().is_initial_name(word, lang)
    } else {
        true
    }
}

/// Whether token `t` of `n` starts a sentence: nothing before it but punctuation that opens,
/// or a sentence end.
fn starts_sentence(n: &Normalized, t: usize) -> bool {
    let before = n.tokens[..t]
        .iter()
        .rev()
        .find(|x| x.kind != TokenKind::Punct || n.nfc[x.span.clone()].chars().all(ends_sentence));
    !matches!(before, Some(x) if x.kind != TokenKind::Punct)
}

/// The warnings of an aligned pair (see the module docs). `adapted` and `complete` come from
/// number adaptation; `names` gives the memory's [`CaseLexicon`] of language `lang` (asked
/// only when a capitalized word starting a sentence differs).
pub fn warnings<'n>(
    query: &Normalized,
    source: &Normalized,
    steps: &[Step],
    adapted: &[Adaptation],
    complete: bool,
    lang: Lang,
    names: &dyn Fn() -> &'n CaseLexicon,
) -> Vec<Warning> {
    let qc: Vec<usize> = query.content_tokens().collect();
    let sc: Vec<usize> = source.content_tokens().collect();
    let qw = |i: usize| query.surface(qc[i]).to_string();
    let sw = |i: usize| source.surface(sc[i]).to_string();
    let qk = |i: usize| query.tokens[qc[i]].kind;
    let sk = |i: usize| source.tokens[sc[i]].kind;
    let mut out = Vec::new();
    let mut push = |kind, q: String, m: String| {
        let w = Warning {
            kind,
            query: q,
            memory: m,
        };
        if !out.contains(&w) {
            out.push(w);
        }
    };
    let was_adapted =
        |s: &str, q: &str| complete && adapted.iter().any(|a| a.source == s && a.query == q);
    // A numeric date with slashes or hyphens is three number tokens but one number.
    let (qruns, sruns) = (date_runs(query), date_runs(source));
    let whole = |n: &Normalized, runs: &[std::ops::Range<usize>], t: usize| -> String {
        match runs.iter().find(|r| r.contains(&t)) {
            Some(r) => {
                n.nfc[n.tokens[r.start].span.start..n.tokens[r.end - 1].span.end].to_string()
            }
            None => n.surface(t).to_string(),
        }
    };
    for step in steps {
        match *step {
            Step::Same { q, s } | Step::Swap { q, s } => {
                let pairs = match *step {
                    Step::Swap { .. } => vec![(q, s + 1), (q + 1, s)],
                    _ => vec![(q, s)],
                };
                for (q, s) in pairs {
                    if qk(q) != TokenKind::Number {
                        continue;
                    }
                    let (qn, sn) = (whole(query, &qruns, qc[q]), whole(source, &sruns, sc[s]));
                    if parse(&qn, lang) != parse(&sn, lang) && !was_adapted(&sn, &qn) {
                        push(WarningKind::Number, qn, sn);
                    }
                }
            }
            Step::Inflect { q, s, .. } | Step::Replace { q, s } => {
                if qk(q) == TokenKind::Word && sk(s) == TokenKind::Word {
                    if negation_change(&qw(q), &sw(s), lang) {
                        push(WarningKind::Negation, qw(q), sw(s));
                    }
                    let replaced = matches!(step, Step::Replace { .. });
                    if replaced
                        && (is_name(query, &qc, q, names, lang)
                            || is_name(source, &sc, s, names, lang))
                    {
                        push(WarningKind::Name, qw(q), sw(s));
                    }
                } else if qk(q) == TokenKind::Number || sk(s) == TokenKind::Number {
                    push(WarningKind::Number, qw(q), sw(s));
                }
            }
            Step::Insert { q } => match qk(q) {
                TokenKind::Word => {
                    if is_negation_word(&fold_case(&qw(q), lang), lang) {
                        push(WarningKind::Negation, qw(q), String::new());
                    }
                    if is_name(query, &qc, q, names, lang) {
                        push(WarningKind::Name, qw(q), String::new());
                    }
                }
                TokenKind::Number => push(WarningKind::Number, qw(q), String::new()),
                _ => {}
            },
            Step::Delete { s } => match sk(s) {
                TokenKind::Word => {
                    if is_negation_word(&fold_case(&sw(s), lang), lang) {
                        push(WarningKind::Negation, String::new(), sw(s));
                    }
                    if is_name(source, &sc, s, names, lang) {
                        push(WarningKind::Name, String::new(), sw(s));
                    }
                }
                TokenKind::Number => push(WarningKind::Number, String::new(), sw(s)),
                _ => {}
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_negative_suffix_pairs() {
        for (a, b) in [
            ("geldi", "gelmedi"),
            ("yapmış", "yapmamış"),
            ("geliyor", "gelmiyor"),
            ("alıyor", "almıyor"),
            ("gelecek", "gelmeyecek"),
            ("gelir", "gelmez"),
            ("yaparlar", "yapmazlar"),
            ("katıldı", "katılmadı"),
            ("seçebilir", "seçemez"),
            ("yapılır", "yapılmaz"),
        ] {
            assert!(turkish_negative_pair(a, b), "{a} / {b}");
            assert!(turkish_negative_pair(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("al", "alma"),
            ("geldi", "geldiler"),
            ("hükümete", "hükümetin"),
            ("evi", "evimi"),
            ("kitabı", "kitabım"),
            ("sayı", "sayımı"),
            ("gelen", "gelmen"),
        ] {
            assert!(!turkish_negative_pair(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn negation_words() {
        assert!(is_negation_word("doesn't", Lang::En));
        assert!(is_negation_word("never", Lang::En));
        assert!(!is_negation_word("note", Lang::En));
        assert!(is_negation_word("değildir", Lang::Tr));
        assert!(is_negation_word("yoktu", Lang::Tr));
        assert!(!is_negation_word("yokuş", Lang::Tr));
        assert!(is_negation_word("не", Lang::Ru));
        assert!(!is_negation_word("небо", Lang::Ru));
    }

    #[test]
    fn only_sentence_initial_capitals_are_asked_about() {
        // `Ankara` inside the first sentence is a name without asking; `Moscow` after a
        // sentence end and `The` at the start (after an opening quote) are asked about.
        assert_eq!(
            case_words_asked(
                "\u{201c}The talks in Ankara ended. Moscow replied: Kyiv waits.",
                Lang::En
            ),
            ["kyiv", "moscow", "the"]
        );
        assert!(case_words_asked("the talks in Ankara and Kyiv", Lang::En).is_empty());
        let asked = case_words_asked("İstanbul'da bugün", Lang::Tr);
        assert_eq!(asked.len(), 1);
        assert_eq!(case_stem(&asked[0], Lang::Tr), "ista");
    }

    /// Whether `entry` passes `f`'s filter, as the database tests it.
    fn passes(filter: &EntryFilter, entry: &str) -> bool {
        folded_case_stem(entry) == filter.stem
            && entry.starts_with(&filter.prefix)
            && entry.chars().count() <= filter.longest
    }

    proptest::proptest! {
        /// A database that returns only the entries a word's filter admits holds every entry
        /// that counts for it: the word itself and its inflected forms.
        #[test]
        fn the_entry_filter_admits_every_entry_that_counts(
            stem in "[a-zçğıöşü]{1,5}",
            a in "[a-zçğıöşü]{0,9}",
            b in "[a-zçğıöşü]{0,9}",
        ) {
            let (f, entry) = (format!("{stem}{a}"), format!("{stem}{b}"));
            let (fc, ec): (Vec<char>, Vec<char>) = (f.chars().collect(), entry.chars().collect());
            let counts = fc == ec || inflection(&ec, &fc).is_some();
            if counts {
                proptest::prop_assert!(passes(&CaseLexicon::may_count(&f), &entry), "{} for {}", entry, f);
            }
        }
    }

    #[test]
    fn the_entry_filter_narrows_long_words() {
        let f = CaseLexicon::may_count("constitution");
        assert!(passes(&f, "constitutional"));
        assert!(passes(&f, "constitution"));
        assert!(!passes(&f, "consolidated"));
        assert!(!passes(&f, "constitutionalisation-era-reform"));
        // Short words: the stem is the whole prefix.
        let short = CaseLexicon::may_count("the");
        assert!(passes(&short, "the"));
        assert!(!passes(&short, "them"));
    }
}

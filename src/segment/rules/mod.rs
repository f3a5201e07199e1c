//! Language rules as data: which abbreviations never end a sentence, which may, and which
//! language-specific number habits the engine must respect. One file per language; the engine in
//! [`super::engine`] reads nothing but these tables, so a linguist can change a list without
//! touching the scan.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::model::Lang;

mod en;
mod ru;
mod tr;

/// How an abbreviation (written with its final dot) behaves before whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// Never ends a sentence: titles (`Dr.`), `e.g.`, initials in fixed phrases.
    Never,
    /// Ends the sentence when a capitalised sentence start follows (`etc.`, `т.д.`, `vb.`).
    MayEnd,
    /// Behaves like [`AbbrevKind::MayEnd`] after a number (`2022 г.`), like
    /// [`AbbrevKind::Never`] elsewhere (`г. Москва`).
    MayEndAfterNumber,
    /// Never ends a sentence before a number (`No. 5`); elsewhere it is an ordinary word.
    NeverBeforeNumber,
}

/// The static tables of one language, as written in `rules/{en,tr,ru}.rs`.
pub(crate) struct LangData {
    /// Abbreviations that never end a sentence. Multi-word entries use one space (`т. е.`).
    pub never: &'static [&'static str],
    /// Abbreviations that end a sentence when a capitalised word follows.
    pub may_end: &'static [&'static str],
    /// Abbreviations that may end a sentence only right after a number.
    pub may_end_after_number: &'static [&'static str],
    /// Abbreviations that never end a sentence when a number follows.
    pub never_before_number: &'static [&'static str],
    /// Whether `number.` (and Roman `XX.`) followed by a word is an ordinal, never an ending.
    pub dotted_ordinals: bool,
    /// Words that start sentences so often that a dotted initialism (`U.S.`) or the pronoun `I`
    /// before them ends the sentence (`I live in the U.S. How about you?`).
    pub starters: &'static [&'static str],
    /// Informal text starts sentences in lower case: a dot after an ordinary word of at least
    /// this many letters ends a sentence even before a lower-case word (`None`: never).
    pub lower_start_min_len: Option<usize>,
    /// Unknown words must also end in a vowel to count as ordinary before lower case (Russian
    /// abbreviations are cut before a vowel: `англ.`, `франц.`, `букв.`).
    pub lower_start_vowel_end: bool,
    /// `?` or `!` right before a lower-case word ends the sentence (informal English).
    pub lower_after_question: bool,
    /// A pronoun written with a capital wherever it stands (English `I`): after an ellipsis it
    /// is no evidence of a sentence start (`Nice people... I hear.`).
    pub capital_pronoun: Option<&'static str>,
    /// Lower-case shorthands whose dot does not end a sentence before lower case
    /// (`approx. half`, `incl. tax`), besides the ones learned from the corpus.
    pub continue_before_lower: &'static [&'static str],
    /// Words naming a count or amount (`sayısı`, `toplam`): a number after one, before a
    /// capital, ends the sentence instead of being an ordinal (`katılımcı sayısı 40. Oturum`).
    pub quantity_heads: &'static [&'static str],
    /// A title that never ends a sentence (`Prof.`, `Dr.`) does end one before a listed
    /// sentence starter of four letters or more, which is a conjunction or an adverb and never
    /// the name a title stands before (`... Derneği Başkanı Prof. Aslında ...`).
    pub title_before_starter_ends: bool,
    /// Capitalised plurals that follow a dotted initialism as part of a name (`U.S. Forces`,
    /// `U.S. Airways`). Any other capitalised plural (`-s`) after an initialism, followed by a
    /// lower-case word, starts a sentence: compounds with an initialism keep the noun in lower
    /// case (`E.U. officials`), so a capital there is a sentence start (`talks with the E.U.
    /// Officials said`). A singular word stays part of a name (`the E.U. Delegation`). An empty
    /// list turns the rule off (languages without the English plural `-s`).
    pub name_heads: &'static [&'static str],
    /// The learned evidence (`model/<lang>.txt`, written by `tools/segment_lexicon.py`).
    pub model: &'static str,
}

/// Evidence learned offline from the corpus: abbreviations (a dot inside a segment before lower
/// case) and short ordinary words (seen without a dot, hardly ever with one mid-segment).
#[derive(Debug, Clone, Default)]
pub(crate) struct Model {
    abbreviations: std::collections::HashSet<&'static str>,
    words: std::collections::HashSet<&'static str>,
}

impl Model {
    /// Parses the `abbr <word>` / `word <word>` lines of a model file; `#` starts a comment.
    pub fn parse(text: &'static str) -> Model {
        let mut m = Model::default();
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("abbr", w)) => {
                    m.abbreviations.insert(w);
                }
                Some(("word", w)) => {
                    m.words.insert(w);
                }
                _ => {}
            }
        }
        m
    }

    /// Whether `word` (lower case, without its dot) was learned as an abbreviation.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(word)
    }

    /// Whether `word` (lower case) was learned as an ordinary short word.
    pub fn is_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// The compiled abbreviation table of one language (built-in lists plus project additions).
#[derive(Debug, Clone, Default)]
pub(crate) struct Abbreviations {
    map: HashMap<String, AbbrevKind>,
    /// Longest last word (in bytes) of any multi-word entry: longer words skip the two-word lookup.
    max_tail: usize,
    /// Longest entry in bytes: longer words (URLs, long tokens) skip the lookup entirely.
    max_len: usize,
    /// See [`LangData::dotted_ordinals`].
    pub dotted_ordinals: bool,
    /// See [`LangData::starters`].
    pub starters: &'static [&'static str],
    /// See [`LangData::lower_start_min_len`].
    pub lower_start_min_len: Option<usize>,
    /// See [`LangData::lower_start_vowel_end`].
    pub lower_start_vowel_end: bool,
    /// See [`LangData::lower_after_question`].
    pub lower_after_question: bool,
    /// See [`LangData::capital_pronoun`].
    pub capital_pronoun: Option<&'static str>,
    /// See [`LangData::continue_before_lower`].
    pub continue_before_lower: &'static [&'static str],
    /// See [`LangData::quantity_heads`].
    pub quantity_heads: &'static [&'static str],
    /// See [`LangData::title_before_starter_ends`].
    pub title_before_starter_ends: bool,
    /// See [`LangData::name_heads`].
    pub name_heads: &'static [&'static str],
    /// See [`LangData::model`].
    pub model: Arc<Model>,
}

impl Abbreviations {
    fn from_data(data: &LangData) -> Abbreviations {
        let mut a = Abbreviations {
            dotted_ordinals: data.dotted_ordinals,
            starters: data.starters,
            lower_start_min_len: data.lower_start_min_len,
            lower_start_vowel_end: data.lower_start_vowel_end,
            lower_after_question: data.lower_after_question,
            capital_pronoun: data.capital_pronoun,
            continue_before_lower: data.continue_before_lower,
            quantity_heads: data.quantity_heads,
            title_before_starter_ends: data.title_before_starter_ends,
            name_heads: data.name_heads,
            model: Arc::new(Model::parse(data.model)),
            ..Abbreviations::default()
        };
        a.extend(data.never.iter().copied(), AbbrevKind::Never);
        a.extend(data.may_end.iter().copied(), AbbrevKind::MayEnd);
        a.extend(
            data.may_end_after_number.iter().copied(),
            AbbrevKind::MayEndAfterNumber,
        );
        a.extend(
            data.never_before_number.iter().copied(),
            AbbrevKind::NeverBeforeNumber,
        );
        a
    }

    /// Adds entries (with or without their final dot; whitespace runs become one space).
    pub fn extend<'s>(&mut self, entries: impl IntoIterator<Item = &'s str>, kind: AbbrevKind) {
        for entry in entries {
            let mut key = entry.split_whitespace().collect::<Vec<_>>().join(" ");
            if key.is_empty() {
                continue;
            }
            if !key.ends_with('.') {
                key.push('.');
            }
            if let Some((_, tail)) = key.rsplit_once(' ') {
                self.max_tail = self.max_tail.max(tail.len());
            }
            self.max_len = self.max_len.max(key.len());
            self.map.insert(key, kind);
        }
    }

    /// Looks up `word` (ending in its dot), preceded by `prev` (the word before it, if any).
    /// A two-word entry wins over a one-word entry. An entry written in lowercase also matches a
    /// capitalised word (`Örn.` at a sentence start), never the other way round (`no.` is not
    /// `No.`). `buf` is scratch space, so a lookup does not allocate.
    pub fn lookup(&self, prev: Option<&str>, word: &str, buf: &mut String) -> Option<AbbrevKind> {
        if word.len() > self.max_len {
            return None;
        }
        if let Some(prev) = prev {
            if word.len() <= self.max_tail && prev.len() + 1 + word.len() <= self.max_len {
                buf.clear();
                buf.push_str(prev);
                buf.push(' ');
                buf.push_str(word);
                if let Some(kind) = self.lookup_folded(buf) {
                    return Some(kind);
                }
            }
        }
        self.lookup_folded(word)
    }

    fn lookup_folded(&self, key: &str) -> Option<AbbrevKind> {
        if let Some(&kind) = self.map.get(key) {
            return Some(kind);
        }
        let first = key.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        // Turkish dotted capital I folds to plain `i`, not `i` + combining dot.
        let mut folded = String::with_capacity(key.len() + 2);
        match first {
            'İ' => folded.push('i'),
            c => folded.extend(c.to_lowercase()),
        }
        folded.push_str(&key[first.len_utf8()..]);
        self.map.get(&folded).copied()
    }
}

/// The built-in table of `lang`, built once per process.
pub(crate) fn builtin(lang: Lang) -> Arc<Abbreviations> {
    static CACHE: [OnceLock<Arc<Abbreviations>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (slot, data) = match lang {
        Lang::En => (&CACHE[0], &en::DATA),
        Lang::Tr => (&CACHE[1], &tr::DATA),
        Lang::Ru => (&CACHE[2], &ru::DATA),
    };
    slot.get_or_init(|| Arc::new(Abbreviations::from_data(data)))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_entry_matches_capitalised_word_but_not_reverse() {
        let a = builtin(Lang::Tr);
        let mut buf = String::new();
        assert_eq!(a.lookup(None, "Örn.", &mut buf), Some(AbbrevKind::Never));
        let en = builtin(Lang::En);
        assert_eq!(en.lookup(None, "no.", &mut buf), None);
        assert_eq!(
            en.lookup(None, "No.", &mut buf),
            Some(AbbrevKind::NeverBeforeNumber)
        );
    }

    #[test]
    fn two_word_entry_wins_over_its_last_word() {
        let ru = builtin(Lang::Ru);
        let mut buf = String::new();
        assert_eq!(
            ru.lookup(Some("и"), "др.", &mut buf),
            Some(AbbrevKind::MayEnd)
        );
        assert_eq!(ru.lookup(None, "др.", &mut buf), Some(AbbrevKind::Never));
        assert_eq!(
            ru.lookup(Some("т."), "е.", &mut buf),
            Some(AbbrevKind::Never)
        );
    }

    #[test]
    fn project_entries_get_their_dot_and_normalised_spaces() {
        let mut a = Abbreviations::default();
        a.extend(["Amb", "Büyükelçi.", "t.  ş."], AbbrevKind::Never);
        let mut buf = String::new();
        assert_eq!(a.lookup(None, "Amb.", &mut buf), Some(AbbrevKind::Never));
        assert_eq!(
            a.lookup(Some("t."), "ş.", &mut buf),
            Some(AbbrevKind::Never)
        );
    }
}

//! Blocks → sentences. Takes the text of one block (a paragraph, a heading, a list item) and
//! gives back where its sentences begin; sits between `source` (which produced the text) and
//! `memory` (which looks every sentence up). Pure functions; the only I/O is loading an SRX file
//! named in `polypress.toml`.
//!
//! Input text conventions (set by the `source` module): inline markup has been replaced by
//! private-use characters, each standing for one placeholder:
//! - [`OPEN`] (U+E000) opens a paired code (emphasis, link text),
//! - [`CLOSE`] (U+E001) closes one,
//! - [`STANDALONE`] (U+E002) is a code that stands alone (inline code, image, line break),
//! - [`FOOTNOTE`] (U+E003) is a footnote reference and attaches to the sentence it follows.
//!
//! Literal footnote markers (`[1]`, `[^1]`) in plain text are handled the same as [`FOOTNOTE`].
//! An [`OPEN`] after the whitespace between sentences is looked past when deciding whether a new
//! sentence starts; [`CLOSE`] and closing quotes or brackets right after a terminator belong to
//! the sentence they end.
//!
//! The built-in rules are data (`rules/{en,tr,ru}.rs`) read by one scan (`engine.rs`); a project
//! may instead name an SRX 2.0 file (`srx.rs`).
//!
//! ```
//! use polypress::model::Lang;
//! use polypress::segment::{sentences, Rules};
//!
//! let rules = Rules::builtin(Lang::En);
//! let text = "Dr. Hayashi met his counterparts, e.g. from Kazakhstan. The talks went well.";
//! assert_eq!(
//!     sentences(text, &rules),
//!     ["Dr. Hayashi met his counterparts, e.g. from Kazakhstan.", "The talks went well."]
//! );
//! ```

use std::path::Path;
use std::sync::Arc;

use crate::config::SegmentConfig;
use crate::error::{relative, IoError, Location};
use crate::model::Lang;

mod engine;
mod rules;
mod srx;
mod warn;

pub use warn::{ordinal_list_warnings, OrdinalListWarning};

use rules::{AbbrevKind, Abbreviations};

/// Stands for an opening inline code.
pub const OPEN: char = '\u{E000}';
/// Stands for a closing inline code.
pub const CLOSE: char = '\u{E001}';
/// Stands for a standalone inline code.
pub const STANDALONE: char = '\u{E002}';
/// Stands for a footnote reference.
pub const FOOTNOTE: char = '\u{E003}';

/// Sentence rules for one language: the built-in tables (plus the project's abbreviations) or
/// the rules of an SRX 2.0 file. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
    engine: Engine,
}

#[derive(Debug, Clone)]
enum Engine {
    Builtin(Arc<Abbreviations>),
    Srx(Arc<srx::LangRules>),
}

/// An error loading sentence rules (an SRX file or the `[segment]` settings).
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    /// The SRX file cannot be read.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The SRX file is not well-formed XML.
    #[error("{at}: malformed SRX: {message}")]
    Xml {
        /// Where the parser stopped.
        at: Location,
        /// The parser's message.
        message: String,
    },
    /// The SRX file is well-formed but breaks the SRX 2.0 structure (a missing attribute, a
    /// `break` value other than `yes`/`no`).
    #[error("{at}: {message}")]
    Invalid {
        /// The element.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A rule's regular expression does not compile.
    #[error("{at}: rule regex `{pattern}` does not compile: {message}")]
    Regex {
        /// The `<rule>` element.
        at: Location,
        /// The expression as written.
        pattern: String,
        /// The regex parser's message.
        message: String,
    },
    /// A rule's regular expression uses ICU/Java syntax that the `regex` crate lacks.
    #[error(
        "{at}: rule regex `{pattern}` uses {construct}, which is not supported (hint: {hint})"
    )]
    Unsupported {
        /// The `<rule>` element.
        at: Location,
        /// The expression as written.
        pattern: String,
        /// The construct, e.g. `a lookahead \`(?=...)\``.
        construct: &'static str,
        /// How to rewrite it.
        hint: &'static str,
    },
    /// A `<languagemap>` names a rule set that the file does not define.
    #[error("{at}: <languagemap> names `{name}`, but no <languagerule> has that name")]
    UnknownRuleSet {
        /// The `<languagemap>` element.
        at: Location,
        /// The name it gives.
        name: String,
    },
    /// No `<languagemap>` pattern matches the language.
    #[error("{at}: no <languagemap> matches language `{lang}` (add one whose languagepattern matches `{lang}`)")]
    NoRulesForLang {
        /// The SRX file.
        at: Location,
        /// The language asked for.
        lang: Lang,
    },
}

impl Rules {
    /// The built-in rules for `lang`.
    pub fn builtin(lang: Lang) -> Rules {
        Rules {
            lang,
            engine: Engine::Builtin(rules::builtin(lang)),
        }
    }

    /// The rules a project's `[segment]` settings ask for: the built-in rules plus the project's
    /// `abbreviations` and `final_abbreviations` for `lang`, or, when `srx` is set, the rules of
    /// that SRX 2.0 file (relative to `project_root`), with the project's abbreviations put in
    /// front as no-break rules.
    ///
    /// # Errors
    /// The SRX file cannot be read, is malformed, uses unsupported regex syntax or has no rules
    /// for `lang`; errors name the file (relative to the project) and the line.
    pub fn from_config(
        lang: Lang,
        config: &SegmentConfig,
        project_root: &Path,
    ) -> Result<Rules, SegmentError> {
        let never = config
            .abbreviations
            .get(&lang)
            .map_or(&[][..], Vec::as_slice);
        let may_end = config
            .final_abbreviations
            .get(&lang)
            .map_or(&[][..], Vec::as_slice);
        let Some(srx_path) = &config.srx else {
            let mut table = (*rules::builtin(lang)).clone();
            table.extend(never.iter().map(String::as_str), AbbrevKind::Never);
            table.extend(may_end.iter().map(String::as_str), AbbrevKind::MayEnd);
            return Ok(Rules {
                lang,
                engine: Engine::Builtin(Arc::new(table)),
            });
        };
        let full = project_root.join(srx_path);
        let text = std::fs::read_to_string(&full).map_err(|source| IoError::Read {
            path: relative(&full, project_root),
            source,
        })?;
        let mut lang_rules = srx::load(&text, &relative(&full, project_root), lang)?;
        lang_rules.prepend_abbreviations(never, may_end);
        Ok(Rules {
            lang,
            engine: Engine::Srx(Arc::new(lang_rules)),
        })
    }

    /// The rules for `lang` from the text of an SRX 2.0 document; `path` is only used in errors.
    ///
    /// # Errors
    /// As [`Rules::from_config`], minus reading the file.
    pub fn from_srx(lang: Lang, srx_text: &str, path: &Path) -> Result<Rules, SegmentError> {
        Ok(Rules {
            lang,
            engine: Engine::Srx(Arc::new(srx::load(srx_text, path, lang)?)),
        })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether these rules come from an SRX file rather than the built-in tables.
    pub fn is_srx(&self) -> bool {
        matches!(self.engine, Engine::Srx(_))
    }
}

/// The rules of every language in `langs`, each built once: what loading a project's articles
/// needs (`source::load` takes the rules of the article's language).
///
/// # Errors
/// See [`Rules::from_config`].
pub fn rules_by_lang(
    langs: impl IntoIterator<Item = Lang>,
    config: &SegmentConfig,
    project_root: &Path,
) -> Result<std::collections::BTreeMap<Lang, Rules>, SegmentError> {
    let mut out = std::collections::BTreeMap::new();
    for lang in langs {
        if let std::collections::btree_map::Entry::Vacant(slot) = out.entry(lang) {
            slot.insert(Rules::from_config(lang, config, project_root)?);
        }
    }
    Ok(out)
}

/// Byte offsets in `text` where each sentence after the first begins (after the whitespace that
/// separates it from the previous one), in increasing order. Every offset lies on a character
/// boundary strictly inside `text`.
pub fn split(text: &str, rules: &Rules) -> Vec<usize> {
    let mut out = Vec::new();
    match &rules.engine {
        Engine::Builtin(table) => engine::split(text, table, &mut out, None),
        Engine::Srx(srx) => srx.split(text, &mut out),
    }
    out
}

/// One place where a sentence could end (a `.`, `!`, `?` or `…` cluster followed by
/// whitespace, or a `.` glued to a capitalised word) and what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte range of the terminator cluster in the text.
    pub terminator: std::ops::Range<usize>,
    /// Where the next sentence starts if this candidate breaks.
    pub next: usize,
    /// Whether the sentence ends here.
    pub breaks: bool,
    /// The rule or evidence that decided it.
    pub reason: Reason,
}

/// The rule or the evidence behind one decision of the built-in segmenter (see
/// [`Reason::describe`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// `?` or `!` before anything but lower case or a dash.
    QuestionOrExclamation,
    /// `?` or `!` right before a lower-case word, in a language whose informal text starts
    /// sentences in lower case.
    QuestionBeforeLower,
    /// A lower-case word follows and nothing says that a sentence starts there.
    LowerContinues,
    /// A dash follows: dialogue attribution or a parenthesis (`— спросил он`, `! — and`) do not
    /// end the sentence; after a full stop, a dash before a capital opens the next line of
    /// dialogue (`сказал он. — Уже поздно`).
    DashFollows,
    /// Only punctuation follows (an emoticon, a lone quote, `(*)`).
    PunctuationFollows,
    /// `[...]`, `(…)`: an elision inside a quotation.
    Elision,
    /// An ellipsis before a capital.
    EllipsisBeforeUpper,
    /// A list bullet (`- `, `* `) after the terminator: an inline list item starts.
    BulletFollows,
    /// An ellipsis before anything but a capital.
    EllipsisContinues,
    /// An ellipsis before a pronoun that has its capital anywhere (`people... I hear`).
    EllipsisBeforePronoun,
    /// The next marker of an inline list whose first item opened the sentence (`1) … 2) …`,
    /// `a. … b. …`, `• … • …`): an item starts, with no terminator before it.
    ListItemFollows,
    /// A dotted initialism or `I` before a frequent sentence starter (`the U.S. How`).
    InitialismBeforeStarter,
    /// A dotted initialism before a capitalised plural and a lower-case word: a sentence starts
    /// (`talks with the E.U. Officials said`).
    InitialismBeforeClause,
    /// A dotted initialism before another word: part of a name (`the E.U. Delegation`).
    InitialismInName,
    /// An abbreviation that never ends a sentence (`Dr.`, `e.g.`, `Prof. Dr.`).
    Abbreviation,
    /// A title before a conjunction or adverb that starts sentences, never a name (`Prof.
    /// Aslında`).
    TitleBeforeStarter,

    /// A never-ending abbreviation whose dot is followed by a closing bracket and a capital
    /// (`(220 Michigan Ave.) Does`).
    BracketClosesAbbreviation,
    /// An abbreviation that may end a sentence: it does before a capital or a quotation that
    /// opens with a number (`etc.`, `Ltd.`, `и др. «12 стульев»`).
    FinalAbbreviation,
    /// An abbreviation that ends a sentence only after a number (`2022 г.`, `30 мин.`).
    AbbreviationAfterNumber,
    /// An abbreviation before a number (`No. 5`).
    AbbreviationBeforeNumber,
    /// A single capital: an initial (`J. R. R. Tolkien`).
    Initial,
    /// A number or a letter at the start of a sentence: a list marker (`1. The first`, `a. b`).
    ListNumber,
    /// A dotted ordinal (`9. Dışişleri`, `XX. yüzyıl`, `15. günü`).
    Ordinal,
    /// A number before a frequent sentence starter that never follows an ordinal (`16. En`).
    OrdinalBeforeStarter,
    /// A number after a word naming a count (`sayısı 40. Oturum`).
    CountEnds,
    /// A four-digit number (a year) before a capital (`kuruluş yılı 2004. O`).
    YearEnds,
    /// A number before a lower-case word, in a language without dotted ordinals.
    NumberBeforeLower,
    /// A lower-case shorthand (listed or learned from the corpus) before lower case.
    LearnedAbbreviation,
    /// A short word the corpus shows to be ordinary, before a lower-case sentence start.
    KnownWordBeforeLower,
    /// A word long enough not to be an abbreviation, before a lower-case sentence start.
    WordBeforeLower,
    /// A full stop glued to the next sentence (`the end.Then`).
    MissingSpace,
    /// A full stop after an ordinary word, before anything but lower case.
    Plain,
    /// A rule of the project's SRX file.
    Srx,
}

impl Reason {
    /// One line saying what the rule or the evidence is.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::QuestionOrExclamation => "? or ! before a sentence start",
            Reason::QuestionBeforeLower => "? or ! before lower case (informal sentence start)",
            Reason::LowerContinues => "lower case follows and no evidence of a sentence start",
            Reason::DashFollows => "a dash follows (attribution, parenthesis, or after a full stop a new line of dialogue)",
            Reason::PunctuationFollows => "only punctuation follows (emoticon, quote, marker)",
            Reason::Elision => "elision [...] inside a quotation",
            Reason::EllipsisBeforeUpper => "ellipsis before a capital",
            Reason::BulletFollows => "a list bullet follows",
            Reason::EllipsisContinues => "ellipsis before non-capital",
            Reason::EllipsisBeforePronoun => "ellipsis before the pronoun I (capitalised anywhere)",
            Reason::ListItemFollows => "next marker of an inline list whose first item opened the sentence",
            Reason::InitialismBeforeStarter => "initialism before a frequent sentence starter",
            Reason::InitialismBeforeClause => "initialism before a capitalised plural and lower case: a sentence starts",
            Reason::InitialismInName => "initialism before a word: part of a name",
            Reason::Abbreviation => "abbreviation that never ends a sentence",
            Reason::TitleBeforeStarter => "title before a sentence-starting conjunction or adverb (never a name)",
            Reason::BracketClosesAbbreviation => "abbreviation, then a closing bracket and a capital",
            Reason::FinalAbbreviation => "abbreviation that may end a sentence (before a capital or a quoted number)",
            Reason::AbbreviationAfterNumber => "abbreviation that ends a sentence only after a number",
            Reason::AbbreviationBeforeNumber => "abbreviation before a number",
            Reason::Initial => "single capital: an initial",
            Reason::ListNumber => "number or letter opening the sentence: a list marker",
            Reason::Ordinal => "dotted ordinal before a word",
            Reason::OrdinalBeforeStarter => "number before a sentence starter that never follows an ordinal",
            Reason::CountEnds => "number after a count word ends the sentence",
            Reason::YearEnds => "year before a capital ends the sentence",
            Reason::NumberBeforeLower => "number before lower case (informal sentence start)",
            Reason::LearnedAbbreviation => "shorthand (listed or learned from the corpus) before lower case",
            Reason::KnownWordBeforeLower => "short word the corpus shows is ordinary, before lower case",
            Reason::WordBeforeLower => "ordinary word before lower case (informal sentence start)",
            Reason::MissingSpace => "full stop glued to a capitalised word",
            Reason::Plain => "full stop after an ordinary word",
            Reason::Srx => "SRX break rule",
        }
    }
}

/// Every candidate boundary of `text` with the rule or evidence that decided it, in text
/// order. With SRX rules, only the breaks are listed (SRX does not name its no-break rules).
pub fn explain(text: &str, rules: &Rules) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut trace = Vec::new();
    match &rules.engine {
        Engine::Builtin(table) => engine::split(text, table, &mut out, Some(&mut trace)),
        Engine::Srx(srx) => {
            srx.split(text, &mut out);
            trace = out
                .iter()
                .map(|&at| Candidate {
                    terminator: at..at,
                    next: at,
                    breaks: true,
                    reason: Reason::Srx,
                })
                .collect();
        }
    }
    trace
}

/// The sentences of `text`, trimmed of the whitespace around them. Text with no sentence in it
/// (empty or only whitespace) gives none.
pub fn sentences<'a>(text: &'a str, rules: &Rules) -> Vec<&'a str> {
    let starts = split(text, rules);
    let mut out = Vec::with_capacity(starts.len() + 1);
    let mut from = 0;
    for end in starts.into_iter().chain([text.len()]) {
        let sentence = text[from..end].trim();
        if !sentence.is_empty() {
            out.push(sentence);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests;

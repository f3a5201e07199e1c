//! The built-in segmenter: one left-to-right scan over candidate terminators (`.`, `!`, `?`,
//! `…`). Only at a terminator followed (after closing quotes, brackets, inline-code closers and
//! footnote markers) by whitespace does it look around: at the word before the dot and at what
//! the next sentence would start with. Everything else is a byte compare, so the scan runs at
//! memory speed on prose and never allocates per character.
//!
//! The decision table (the language-specific parts come from [`super::rules`]):
//!
//! | terminator | breaks when the next sentence starts with |
//! |---|---|
//! | `?` `!` (also `?!`, `!!`) | anything but a lowercase letter or a dash |
//! | `...` `…` | an uppercase letter; never inside `[...]` / `(…)` |
//! | `.` after a never-ending abbreviation or a single capital (initial) | never |
//! | `.` after a may-end abbreviation (`etc.`, `т. д.`, `vb.`) | an uppercase letter, or a quote opening on a digit |
//! | `.` after a number, Turkish (ordinal `9. Dışişleri`) | not a letter |
//! | `.` after a list number at the sentence start (`1. The first`) | never |
//! | `.` anywhere else | anything but a lowercase letter or a dash |

use super::rules::{AbbrevKind, Abbreviations};
use super::{Candidate, Reason, CLOSE, FOOTNOTE, OPEN, STANDALONE};

/// What the text after the inter-sentence whitespace starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Upper,
    Lower,
    Digit,
    /// An em or en dash (or `--`): Russian and Turkish dialogue attribution (`«Почему?» —
    /// спросил он`), a parenthetical `— or was it! — `.
    Dash,
    /// Only ASCII punctuation up to the next space or the end: an emoticon (`:)`), a lone quote
    /// or an `(*)` marker; it belongs to the sentence before.
    Punct,
    /// A list bullet (`- `, `* `, `• `): an inline list item starts.
    Bullet,
    Other,
}

/// Pushes onto `out` the byte offset of every sentence start after the first; with `trace`,
/// also every candidate terminator with the rule that decided it.
pub(crate) fn split(
    text: &str,
    abbr: &Abbreviations,
    out: &mut Vec<usize>,
    mut trace: Option<&mut Vec<Candidate>>,
) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut sentence_start = 0;
    // Where the next item of an inline list starts, when the current sentence opens with a
    // list marker (`1) … 2) …`, `a. … b. …`, `• … • …`).
    let mut next_item = next_list_item(text, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'.' || b == b'!' || b == b'?' || is_ellipsis_at(bytes, i)) {
            i += 1;
            continue;
        }
        while let Some(item) = next_item.filter(|&p| p <= i) {
            list_item_break(text, item, out, &mut trace);
            sentence_start = item;
            next_item = next_list_item(text, item);
        }
        let cluster_start = i;
        let (mut dots, mut ellipsis, mut question) = (0, false, false);
        loop {
            match bytes.get(i) {
                Some(b'.') => dots += 1,
                // A spaced ellipsis (`. . .`): the space belongs to the cluster.
                Some(b' ')
                    if dots >= 1
                        && bytes.get(i + 1) == Some(&b'.')
                        && bytes
                            .get(i + 2)
                            .map_or(true, |c| !c.is_ascii_alphanumeric()) => {}
                Some(b'!' | b'?') => question = true,
                Some(_) if is_ellipsis_at(bytes, i) => {
                    ellipsis = true;
                    i += 2;
                }
                _ => break,
            }
            i += 1;
        }
        ellipsis |= dots >= 2;
        let cluster_end = i;
        let after = skip_closers(text, i);
        let next_pos = skip_whitespace(text, after);
        i = after;
        if next_pos >= text.len() {
            continue;
        }
        let (ends, reason, at) = if next_pos == after {
            // No space after the terminator: only `word.Next` (a missing space) can end here.
            if dots == 1 && !question && !ellipsis && after == cluster_end {
                if glued_sentence(text, cluster_start, cluster_end) {
                    (true, Reason::MissingSpace, cluster_end)
                } else {
                    continue;
                }
            } else {
                continue;
            }
        } else {
            let next = start_of(text, next_pos);
            let (ends, reason) = if next == Start::Punct {
                // `I love her. :) Then`: the emoticon or marker closes this sentence; the next
                // one starts after it, if a sentence start follows it at all.
                match punct_then_start(text, next_pos) {
                    Some(start) => {
                        record(&mut trace, cluster_start..cluster_end, start, true);
                        out.push(start);
                        sentence_start = start;
                        next_item = next_list_item(text, start);
                        i = start;
                        continue;
                    }
                    None => (false, Reason::PunctuationFollows),
                }
            } else if question {
                if next == Start::Dash {
                    (false, Reason::DashFollows)
                } else if next != Start::Lower {
                    (true, Reason::QuestionOrExclamation)
                } else if abbr.lower_after_question && after == cluster_end {
                    (true, Reason::QuestionBeforeLower)
                } else {
                    (false, Reason::LowerContinues)
                }
            } else if ellipsis {
                let elision = matches!(text[..cluster_start].chars().next_back(), Some('[' | '('));
                if elision {
                    (false, Reason::Elision)
                } else if next == Start::Upper
                    && dots != 2
                    && abbr
                        .capital_pronoun
                        .is_some_and(|p| word_at(text, next_pos) == p)
                {
                    // `Nice people... I hear.`: `I` has its capital anywhere. Two dots (`before..
                    // I should`) are a full stop typed twice, not an ellipsis.
                    (false, Reason::EllipsisBeforePronoun)
                } else if next == Start::Upper {
                    (true, Reason::EllipsisBeforeUpper)
                } else if next == Start::Bullet {
                    (true, Reason::BulletFollows)
                } else {
                    (false, Reason::EllipsisContinues)
                }
            } else {
                let closed = &text[cluster_end..after];
                dot_ends(
                    text,
                    abbr,
                    cluster_start,
                    sentence_start,
                    (next, closed),
                    next_pos,
                    &mut buf,
                )
            };
            (ends, reason, next_pos)
        };
        if let Some(trace) = trace.as_deref_mut() {
            trace.push(Candidate {
                terminator: cluster_start..cluster_end,
                next: at,
                breaks: ends,
                reason,
            });
        }
        if ends {
            out.push(at);
            sentence_start = at;
            next_item = next_list_item(text, at);
        }
        i = at.max(i);
    }
    while let Some(item) = next_item {
        list_item_break(text, item, out, &mut trace);
        next_item = next_list_item(text, item);
    }
}

fn list_item_break(
    text: &str,
    item: usize,
    out: &mut Vec<usize>,
    trace: &mut Option<&mut Vec<Candidate>>,
) {
    if out.last().is_some_and(|&last| last >= item) {
        return;
    }
    let before = text[..item].trim_end().len();
    out.push(item);
    if let Some(trace) = trace.as_deref_mut() {
        trace.push(Candidate {
            terminator: before..before,
            next: item,
            breaks: true,
            reason: Reason::ListItemFollows,
        });
    }
}

/// Bullets that open inline list items (`• first • second`, `⁃9. first ⁃10. second`).
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦' | '▪')
}

/// How far ahead the next item of an inline list is looked for.
const LIST_WINDOW: usize = 2048;

/// When the sentence at `start` opens with a list marker, where the next marker of the same
/// list starts: the same bullet, or the following number or letter with the same punctuation
/// (`1.)` → `2.)`, `1)` → `2)`, `a.` → `b.`), standing after whitespace and before whitespace
/// and a letter. `None` for any other sentence.
fn next_list_item(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let first = rest.chars().next()?;
    if !(first.is_ascii_digit() || first.is_lowercase() || is_bullet(first)) {
        return None;
    }
    let window = &rest[..floor_boundary(rest, LIST_WINDOW)];
    let mut needle = String::new();
    if is_bullet(first) {
        needle.push(first);
    } else {
        let label_len = if first.is_ascii_digit() {
            rest.bytes().take_while(u8::is_ascii_digit).count()
        } else {
            first.len_utf8()
        };
        let suffix = [".)", ")", "."]
            .into_iter()
            .find(|s| rest[label_len..].starts_with(s))?;
        if !rest[label_len + suffix.len()..].starts_with(' ') {
            return None;
        }
        let label = &rest[..label_len];
        if first.is_ascii_digit() {
            let n: u32 = label.parse().ok()?;
            needle.push_str(&(n + 1).to_string());
        } else {
            let following = char::from_u32(u32::from(first) + 1).filter(|c| c.is_lowercase())?;
            needle.push(following);
        }
        needle.push_str(suffix);
    }
    let mut from = first.len_utf8();
    while let Some(k) = window[from..].find(&needle) {
        let at = from + k;
        let end = at + needle.len();
        let spaced_before = window[..at].ends_with(char::is_whitespace);
        let after = &window[end..];
        let item_follows = if is_bullet(first) {
            after
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace())
        } else {
            after.starts_with(' ') && after[1..].starts_with(char::is_alphabetic)
        };
        if spaced_before && item_follows {
            return Some(start + at);
        }
        from = end;
    }
    None
}

/// The largest character boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&k| s.is_char_boundary(k)).unwrap_or(0)
}

fn record(
    trace: &mut Option<&mut Vec<Candidate>>,
    terminator: std::ops::Range<usize>,
    next: usize,
    breaks: bool,
) {
    if let Some(trace) = trace.as_deref_mut() {
        trace.push(Candidate {
            terminator,
            next,
            breaks,
            reason: Reason::PunctuationFollows,
        });
    }
}

/// After a punctuation-only token at `pos` (`:)`, `(*)`), where the next sentence starts: after
/// the whitespace that follows it, when a capital or a digit comes next.
fn punct_then_start(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let end = pos + rest.find(char::is_whitespace)?;
    let next = skip_whitespace(text, end);
    (next < text.len() && matches!(start_of(text, next), Start::Upper | Start::Digit))
        .then_some(next)
}

/// `word.Next` with no space: a lower-case word of three letters or more, a dot, then a
/// capitalised word of two letters or more (`the end.Then`), and no URL, path or e-mail
/// around it (`example.Com`, `a/b.Txt`).
fn glued_sentence(text: &str, dot: usize, after: usize) -> bool {
    let before = &text[token_start(text, dot)..dot];
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .count();
    if word_len < 3
        || !before.chars().next_back().is_some_and(char::is_lowercase)
        || before.contains(['/', '@', ':', '.', '_'])
    {
        return false;
    }
    let rest = &text[after..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let next = &rest[..end];
    let mut chars = next.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase())
        && matches!(chars.next(), Some(c) if c.is_lowercase())
        && !next.contains(['/', '@', '.', '_'])
}

/// Decides a single `.` at `dot` followed by whitespace and then `next`.
fn dot_ends(
    text: &str,
    abbr: &Abbreviations,
    dot: usize,
    sentence_start: usize,
    (next, closed): (Start, &str),
    next_pos: usize,
    buf: &mut String,
) -> (bool, Reason) {
    let bracket = closed.contains([')', ']']);
    if next == Start::Dash {
        // `— Иди, — сказал он. — Уже поздно.`: after a full stop a dash before a capital opens
        // the next line of dialogue; before lower case it continues (`... 1948 г.) -- актёр`).
        let rest = text[next_pos..].trim_start_matches(['—', '–', '-']);
        let after_dash = next_pos + (text.len() - next_pos - rest.len());
        let upper = rest.starts_with(char::is_whitespace)
            && start_of(text, skip_whitespace(text, after_dash)) == Start::Upper;
        let word = text[token_start(text, dot)..dot].trim_start_matches(is_opener_or_code);
        let prev = previous_token(text, dot - word.len());
        let abbreviation = abbr
            .lookup(prev, &text[dot - word.len()..=dot], buf)
            .is_some();
        // `«К чему ты готовишься? – спросила мама. – Завтра ведь выходной».`: inside an open
        // quotation the dash goes back to the quoted speech.
        let said = &text[sentence_start..dot];
        let quoted = said.matches('«').count() > said.matches('»').count();
        return (upper && !abbreviation && !quoted, Reason::DashFollows);
    }
    let word_start = token_start(text, dot);
    let word = text[word_start..dot]
        .trim_start_matches(is_opener_or_code)
        .trim_start_matches(is_bullet);
    if word.is_empty() {
        return (next != Start::Lower, Reason::Plain);
    }
    let core_start = dot - word.len();
    let with_dot = &text[core_start..=dot];
    let prev = previous_token(text, word_start);
    let kind = abbr.lookup(prev, with_dot, buf);
    if kind == Some(AbbrevKind::Never) {
        // `(220 South Michigan Ave.) Does`: the bracket closed what the title was part of.
        if bracket && next == Start::Upper {
            return (true, Reason::BracketClosesAbbreviation);
        }
        if abbr.title_before_starter_ends
            && next == Start::Upper
            && word.starts_with(char::is_uppercase)
            && starter_at(text, next_pos, abbr.starters).is_some_and(|w| w.chars().count() >= 4)
        {
            // `... Derneği Başkanı Prof. Aslında ...`: a title stands before a name, and a
            // conjunction or adverb that opens sentences is none.
            return (true, Reason::TitleBeforeStarter);
        }
        return (false, Reason::Abbreviation);
    }
    if (word == "I" || is_initialism(word)) && starts_with_starter(text, next_pos, abbr.starters) {
        // `you and I. Did you`, `in the U.S. How about you?`
        return (true, Reason::InitialismBeforeStarter);
    }
    if is_initialism(word)
        && kind.is_none()
        && next == Start::Upper
        && plural_clause_at(text, next_pos, abbr.name_heads)
    {
        // `talks with the E.U. Officials said`: with an initialism the noun of a compound
        // stays in lower case (`E.U. officials`), so a capitalised plural starts a sentence.
        return (true, Reason::InitialismBeforeClause);
    }
    if is_initialism(word) && kind.is_none() {
        // `the E.U. Delegation`: an initialism before any other word is part of a name.
        return (false, Reason::InitialismInName);
    }
    match kind {
        Some(AbbrevKind::Never) => unreachable!("handled above"),
        Some(AbbrevKind::MayEnd) => {
            // `at 10 a.m. (CDT) at the`: a bracket after a final abbreviation explains it; a
            // quotation that opens with a number is a new sentence (`и др. «12 стульев» —`).
            let rest = &text[next_pos..];
            let quoted_number = next == Start::Digit
                && rest.starts_with(|c: char| is_opener(c) && !matches!(c, '(' | '[' | '{'));
            let ends = (next == Start::Upper && !rest.starts_with('(')) || quoted_number;
            return (ends, Reason::FinalAbbreviation);
        }
        Some(AbbrevKind::MayEndAfterNumber) => {
            let after_number = prev.is_some_and(|p| {
                p.ends_with(|c: char| c.is_ascii_digit())
                    || is_roman(p.trim_end_matches(['-', '–']))
            });
            return (
                after_number && next == Start::Upper,
                Reason::AbbreviationAfterNumber,
            );
        }
        Some(AbbrevKind::NeverBeforeNumber) if next == Start::Digit => {
            return (false, Reason::AbbreviationBeforeNumber)
        }
        Some(AbbrevKind::NeverBeforeNumber) | None => {}
    }
    if core_start == sentence_start && is_list_letter(word) {
        // `a. Teknolojik alanda ...`, `b. The second point`: a lettered list marker.
        return (false, Reason::ListNumber);
    }
    if is_initial(word) {
        // A single capital with a dot is an initial (`J. R. R. Tolkien`, `А. С. Пушкин`), and so
        // are hyphenated ones (`К.-Ж. Токаев`, `J.-P. Sartre`).
        return (false, Reason::Initial);
    }
    if word.bytes().all(|b| b.is_ascii_digit()) || is_roman(word) {
        // `1. The first item` (also `• 9. The first item`) opens a list item, it does not
        // close a sentence.
        if text
            .get(sentence_start..core_start)
            .is_some_and(|lead| lead.chars().all(|c| is_bullet(c) || c.is_whitespace()))
        {
            return (false, Reason::ListNumber);
        }
        if abbr.dotted_ordinals {
            return ordinal(text, abbr, word, prev, next, next_pos);
        }
    }
    if next == Start::Lower {
        if !closed.is_empty() {
            // `(He worked as an engineer.) at the`, `‘tarihi bir adım.’ olarak`: a quoted or
            // bracketed sentence inside this one.
            return (false, Reason::LowerContinues);
        }
        return lower_start(word, abbr);
    }
    (true, Reason::Plain)
}

/// A number or Roman numeral with a dot in a language that writes ordinals so (`9. Dışişleri`,
/// `XX. yüzyıl`, `15. günü`) before a word: an ordinal, unless the evidence says the number
/// closes a sentence: a year (four digits) or a count (`sayısı 40.`) before a capital, or a
/// capitalised word that starts sentences and never follows an ordinal (`16. En ilkel`).
fn ordinal(
    text: &str,
    abbr: &Abbreviations,
    word: &str,
    prev: Option<&str>,
    next: Start,
    next_pos: usize,
) -> (bool, Reason) {
    match next {
        Start::Lower => (false, Reason::Ordinal),
        Start::Upper if word.len() > 3 => (true, Reason::YearEnds),
        Start::Upper => {
            if starts_with_starter(text, next_pos, abbr.starters) {
                (true, Reason::OrdinalBeforeStarter)
            } else if prev.is_some_and(|p| {
                let p = p.trim_end_matches(|c: char| !c.is_alphanumeric());
                abbr.quantity_heads
                    .iter()
                    .any(|h| p.ends_with(h) && p.len() <= h.len() + 12)
            }) {
                (true, Reason::CountEnds)
            } else {
                (false, Reason::Ordinal)
            }
        }
        _ => (true, Reason::Plain),
    }
}

/// A dot before a lower-case word. Formal prose starts every sentence with a capital, so there
/// the dot belongs to an abbreviation; informal text (mail, reviews, chat) does not, so a dot
/// after an ordinary word ends the sentence even before lower case. Which words are ordinary is
/// evidence from the corpus (`model/<lang>.txt`: learned abbreviations, short words seen
/// without a dot) and the language's minimum length for unknown words.
fn lower_start(word: &str, abbr: &Abbreviations) -> (bool, Reason) {
    let Some(min_len) = abbr.lower_start_min_len else {
        return (false, Reason::LowerContinues);
    };
    let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.contains('.') {
        return (false, Reason::LowerContinues);
    }
    if core
        .bytes()
        .all(|b| b.is_ascii_digit() || b"-,/:".contains(&b))
    {
        // `call them at 303-832-8160. they`; languages with dotted ordinals never get here.
        return (true, Reason::NumberBeforeLower);
    }
    let mut letters = 0;
    let mut digits = 0;
    let mut last = ' ';
    for c in core.chars() {
        if c.is_alphabetic() {
            letters += 1;
            last = c;
        } else if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, '\'' | '’' | '-') {
            return (false, Reason::LowerContinues);
        }
    }
    if letters < 2 {
        // `до н. э.`, `p. 5`, `x. y`: a single letter is a shorthand.
        return (false, Reason::LowerContinues);
    }
    if digits > 0 {
        // `Nov 5th. preferably`: a number with a suffix is no abbreviation.
        return (true, Reason::WordBeforeLower);
    }
    let lower = core.to_lowercase();
    if abbr.continue_before_lower.contains(&lower.as_str()) || abbr.model.is_abbreviation(&lower) {
        return (false, Reason::LearnedAbbreviation);
    }
    if abbr.model.is_word(&lower) {
        return (true, Reason::KnownWordBeforeLower);
    }
    let vowel_end = !abbr.lower_start_vowel_end || is_vowel(last);
    if letters >= min_len && vowel_end {
        (true, Reason::WordBeforeLower)
    } else {
        (false, Reason::LowerContinues)
    }
}

fn is_vowel(c: char) -> bool {
    "aeiouyаеёиоуыэюяйьäöüıiöüâîû".contains(c.to_lowercase().next().unwrap_or(c))
}

/// Dotted initialisms: single capitals joined by dots (`U.S`, `E.U`, `U.S.A`; the final dot is
/// the candidate terminator).
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        })
}

/// The letters of the word at `pos`, after opening quotes and codes (`I` of `I'm`).
fn word_at(text: &str, pos: usize) -> &str {
    let rest = text[pos..].trim_start_matches(is_opener_or_code);
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether the word at `pos` (after opening quotes and codes) is one of `starters`.
fn starts_with_starter(text: &str, pos: usize, starters: &[&str]) -> bool {
    if starters.is_empty() {
        return false;
    }
    let rest = text[pos..].trim_start_matches(is_opener_or_code);
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    starters.contains(&&rest[..end])
}

/// The word at `pos` (after opening quotes and codes) when it is one of `starters` and not an
/// initial or abbreviation itself (no dot right after it).
fn starter_at<'t>(text: &'t str, pos: usize, starters: &[&str]) -> Option<&'t str> {
    let rest = text[pos..].trim_start_matches(is_opener_or_code);
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..end];
    (starters.contains(&word) && !rest[end..].starts_with('.')).then_some(word)
}

/// Whether a capitalised plural (`Officials`, four letters or more, ending in `-s` but not
/// `-ss`, `-us`, `-is`) that is not one of `name_heads` starts at `pos` and is followed by a
/// lower-case word other than a name-internal `of` / `and` / `for`. `name_heads` empty: never.
fn plural_clause_at(text: &str, pos: usize, name_heads: &[&str]) -> bool {
    if name_heads.is_empty() {
        return false;
    }
    let rest = &text[pos..];
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if !capitalised
        || word.chars().count() < 4
        || !word.ends_with('s')
        || word.ends_with("ss")
        || word.ends_with("us")
        || word.ends_with("is")
        || name_heads.contains(&word)
    {
        return false;
    }
    let after = &rest[end..];
    let Some(after) = after.strip_prefix(' ') else {
        return false;
    };
    let next_end = after.find(char::is_whitespace).unwrap_or(after.len());
    let next = &after[..next_end];
    next.starts_with(char::is_lowercase) && !matches!(next, "of" | "and" | "for")
}

/// A single lower-case letter, optionally with a closing bracket (`a`, `b)`, `б`).
fn is_list_letter(word: &str) -> bool {
    let w = word.strip_suffix(')').unwrap_or(word);
    let mut chars = w.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_lowercase())
}

/// A single capital, or capitals joined by `.-` / `-` (`К.-Ж`, `J.-P`).
fn is_initial(word: &str) -> bool {
    word.split('-').all(|part| {
        let part = part.strip_suffix('.').unwrap_or(part);
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    })
}

/// Whether `…` (U+2026, `E2 80 A6`) starts at byte `i`.
fn is_ellipsis_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&0xE2)
        && bytes.get(i + 1) == Some(&0x80)
        && bytes.get(i + 2) == Some(&0xA6)
}

/// Roman numerals as used for centuries and ordinals (`XX.`, `XIX.`); two letters at least, since
/// one capital is an initial.
fn is_roman(word: &str) -> bool {
    word.len() >= 2
        && word
            .bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '“' | '›' | ')' | ']' | '}' | CLOSE | FOOTNOTE
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '‘' | '«' | '„' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

fn is_opener_or_code(c: char) -> bool {
    is_opener(c) || matches!(c, OPEN | CLOSE | STANDALONE | FOOTNOTE)
}

/// Skips what belongs to the sentence after its terminator: closing quotes and brackets, inline
/// code closers, footnote references and literal `[1]` / `[^1]` markers.
fn skip_closers(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text[pos..].chars().next() {
        if is_closer(c) {
            pos += c.len_utf8();
        } else if c == '[' {
            match footnote_marker_len(&text.as_bytes()[pos..]) {
                Some(n) => pos += n,
                None => break,
            }
        } else {
            break;
        }
    }
    pos
}

/// The length of a `[12]` or `[^note-1]` marker at the start of `bytes`.
fn footnote_marker_len(bytes: &[u8]) -> Option<usize> {
    let caret = bytes.get(1) == Some(&b'^');
    let body_start = if caret { 2 } else { 1 };
    let body = bytes[body_start..]
        .iter()
        .take_while(|&&b| {
            if caret {
                b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    (body > 0 && bytes.get(body_start + body) == Some(&b']')).then_some(body_start + body + 1)
}

fn skip_whitespace(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start().len())
}

/// What the sentence at `pos` starts with, looking past opening inline codes, quotes and
/// brackets (`\u{E000}Next`, `«Почему`, `"Why`).
fn start_of(text: &str, pos: usize) -> Start {
    let rest = &text[pos..];
    if rest.starts_with("--") {
        return Start::Dash;
    }
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_end];
    if matches!(token, "-" | "*" | "•") && token_end < rest.len() {
        return Start::Bullet;
    }
    if !matches!(token, "-" | "*" | "+")
        && token.bytes().all(|b| b.is_ascii_punctuation())
        && !token.is_empty()
    {
        return Start::Punct;
    }
    let c = rest.chars().find(|&c| !(is_opener(c) || c == OPEN));
    match c {
        Some(c) if c.is_uppercase() => Start::Upper,
        Some(c) if c.is_lowercase() => Start::Lower,
        Some(c) if c.is_ascii_digit() => Start::Digit,
        Some('—' | '–') => Start::Dash,
        _ => Start::Other,
    }
}

/// The start of the whitespace-delimited token ending at `end`.
fn token_start(text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The token before the one starting at `start`, without leading quotes and brackets.
fn previous_token(text: &str, start: usize) -> Option<&str> {
    let end = text[..start].trim_end().len();
    if end == 0 {
        return None;
    }
    let token = text[token_start(text, end)..end].trim_start_matches(is_opener_or_code);
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::segment::rules;

    fn split_en(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        split(text, &rules::builtin(Lang::En), &mut out, None);
        out
    }

    fn sents(text: &str, lang: Lang) -> Vec<&str> {
        crate::segment::sentences(text, &crate::segment::Rules::builtin(lang))
    }

    #[test]
    fn offsets_point_after_the_separating_whitespace() {
        assert_eq!(split_en("One. \u{a0} Two. Three"), vec![8, 13]);
    }

    #[test]
    fn skips_opening_inline_code_when_judging_the_next_start() {
        let text = "end. \u{E000}Next\u{E001} thing";
        assert_eq!(split_en(text), vec![5]);
        assert_eq!(
            split_en("approx. \u{E000}half\u{E001} of it"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn keeps_footnote_reference_with_the_sentence_it_follows() {
        for text in [
            "the region.\u{E003} Next one.",
            "the region.[1] Next one.",
            "the region.[^12] Next one.",
            "the region[1]. Next one.",
        ] {
            let s = sents(text, Lang::En);
            assert_eq!(s.len(), 2, "{text}");
            assert_eq!(s[1], "Next one.");
        }
    }

    #[test]
    fn keeps_turkish_ordinal_with_noun() {
        let s = sents(
            "Toplantı 9. Dışişleri Bakanları düzeyinde yapıldı.",
            Lang::Tr,
        );
        assert_eq!(s.len(), 1);
        assert_eq!(sents("Bu XX. yüzyılın sorunudur.", Lang::Tr).len(), 1);
    }

    #[test]
    fn english_number_before_capital_ends_sentence() {
        assert_eq!(sents("He bought 1,000. That is a lot.", Lang::En).len(), 2);
    }

    #[test]
    fn russian_year_abbreviation_ends_only_after_a_number() {
        assert_eq!(
            sents("Это было в 2022 г. В Москве холодно.", Lang::Ru).len(),
            2
        );
        assert_eq!(sents("Он живёт в г. Москва с детства.", Lang::Ru).len(), 1);
    }

    #[test]
    fn elision_in_brackets_never_splits() {
        assert_eq!(
            sents("“The talks [...] Will go on,” he said.", Lang::En).len(),
            1
        );
    }

    #[test]
    fn dash_after_closing_quote_continues_the_sentence() {
        assert_eq!(sents("«Почему?» — спросил он.", Lang::Ru).len(), 1);
    }

    #[test]
    fn footnote_marker_needs_digits_or_caret() {
        assert_eq!(footnote_marker_len(b"[12] x"), Some(4));
        assert_eq!(footnote_marker_len(b"[^a-1]"), Some(6));
        assert_eq!(footnote_marker_len(b"[x]"), None);
        assert_eq!(footnote_marker_len(b"["), None);
    }

    #[test]
    fn never_panics_on_punctuation_only_input() {
        for text in [
            "",
            ".",
            "...",
            "?!",
            " . . ",
            "…",
            "[",
            "[^",
            "\u{E000}. \u{E000}",
        ] {
            let _ = split_en(text);
        }
    }
}

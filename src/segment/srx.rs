//! SRX 2.0 rules: parse a `.srx` document, pick the rules for one language through its
//! `<maprules>`, and segment with them.
//!
//! Semantics follow the SRX 2.0 specification (LISA OSCAR, 2008): at each position between two
//! characters, the rules of the language are tried in document order and the first one whose
//! `<beforebreak>` matches the text ending there and whose `<afterbreak>` matches the text
//! starting there decides (`break="yes"` or `"no"`); a position no rule matches does not break.
//! With `cascade="yes"` in the header, every `<languagemap>` whose pattern matches contributes
//! its rules, in map order; with `cascade="no"` only the first one does. An absent `break`
//! attribute means `yes`, as the specification says.
//!
//! SRX expressions are ICU/Java regexes; the `regex` crate takes the common subset (classes,
//! `\p{Lu}`, `\s`, `\b`, alternation, counted repetition). Lookaround, possessive and atomic
//! groups, backreferences and `\Q...\E` are reported as errors naming the rule's line. Two
//! approximations: `\b` or `^` at the break point sees the break as the edge of the text, and a
//! `<beforebreak>` match may reach at most 512 bytes back.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use regex::Regex;

use super::SegmentError;
use crate::error::Location;
use crate::model::Lang;

/// One compiled `<rule>`.
#[derive(Debug, Clone)]
struct Rule {
    breaks: bool,
    /// `(?:BEFORE)$`, tried on the text before the position.
    before: Option<Regex>,
    /// `^(?:AFTER)`, tried on the text after the position.
    after: Option<Regex>,
    /// `BEFORE` unanchored: where its matches end are the candidate break positions.
    before_scan: Option<Regex>,
    /// `AFTER` unanchored, for rules without a `<beforebreak>`.
    after_scan: Option<Regex>,
}

/// The rules that apply to one language, in the order SRX tries them.
#[derive(Debug, Clone, Default)]
pub(crate) struct LangRules {
    rules: Vec<Rule>,
}

struct RawRule {
    breaks: bool,
    before: String,
    after: String,
    at: Location,
}

struct RawMap {
    pattern: String,
    name: String,
    at: Location,
}

/// Parses `text` (the contents of `path`) and returns the rules for `lang`.
pub(crate) fn load(text: &str, path: &Path, lang: Lang) -> Result<LangRules, SegmentError> {
    let doc = parse(text, path)?;
    let mut sets: Vec<(String, Vec<Rule>)> = Vec::new();
    for (name, raw) in doc.rule_sets {
        let rules = raw.iter().map(compile_rule).collect::<Result<_, _>>()?;
        sets.push((name, rules));
    }
    let mut out = LangRules::default();
    let mut matched = false;
    for map in &doc.maps {
        let pattern = compile(&map.pattern, &map.at, |p| format!("^(?:{p})$"))?;
        let code = lang.code();
        if !(pattern.is_match(code) || pattern.is_match(&code.to_ascii_uppercase())) {
            continue;
        }
        let (_, rules) = sets.iter().find(|(n, _)| *n == map.name).ok_or_else(|| {
            SegmentError::UnknownRuleSet {
                at: map.at.clone(),
                name: map.name.clone(),
            }
        })?;
        out.rules.extend(rules.iter().cloned());
        matched = true;
        if !doc.cascade {
            break;
        }
    }
    if !matched {
        return Err(SegmentError::NoRulesForLang {
            at: Location::file(path),
            lang,
        });
    }
    Ok(out)
}

struct Document {
    cascade: bool,
    rule_sets: Vec<(String, Vec<RawRule>)>,
    maps: Vec<RawMap>,
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Before,
    After,
}

fn parse(text: &str, path: &Path) -> Result<Document, SegmentError> {
    let mut reader = Reader::from_str(text);
    let mut doc = Document {
        cascade: false,
        rule_sets: Vec::new(),
        maps: Vec::new(),
    };
    let mut rule: Option<RawRule> = None;
    let mut field: Option<Field> = None;
    let mut value = String::new();
    loop {
        let pos = reader.buffer_position() as usize;
        let at = || Location::at_offset(path, text, pos);
        let xml_err = |e: &dyn std::fmt::Display| SegmentError::Xml {
            at: Location::at_offset(path, text, pos),
            message: e.to_string(),
        };
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                return Err(SegmentError::Xml {
                    at: Location::at_offset(path, text, reader.error_position() as usize),
                    message: e.to_string(),
                })
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"header" => {
                        doc.cascade =
                            attribute(e, "cascade", path, text, pos)?.as_deref() == Some("yes");
                    }
                    b"languagerule" => {
                        let name = required(e, "languagerulename", path, text, pos)?;
                        doc.rule_sets.push((name, Vec::new()));
                    }
                    b"rule" => {
                        let breaks = match attribute(e, "break", path, text, pos)?.as_deref() {
                            None | Some("yes") => true,
                            Some("no") => false,
                            Some(other) => {
                                return Err(SegmentError::Invalid {
                                    at: at(),
                                    message: format!(
                                        "<rule break=\"{other}\"> (expected `yes` or `no`)"
                                    ),
                                })
                            }
                        };
                        rule = Some(RawRule {
                            breaks,
                            before: String::new(),
                            after: String::new(),
                            at: at(),
                        });
                        if empty {
                            push_rule(&mut doc, rule.take(), at())?;
                        }
                    }
                    b"beforebreak" | b"afterbreak" if !empty => {
                        field = Some(if e.local_name().as_ref() == b"beforebreak" {
                            Field::Before
                        } else {
                            Field::After
                        });
                        value.clear();
                    }
                    b"languagemap" => doc.maps.push(RawMap {
                        pattern: required(e, "languagepattern", path, text, pos)?,
                        name: required(e, "languagerulename", path, text, pos)?,
                        at: at(),
                    }),
                    _ => {}
                }
            }
            Event::Text(t) if field.is_some() => {
                value.push_str(&t.decode().map_err(|e| xml_err(&e))?)
            }
            Event::CData(t) if field.is_some() => {
                value.push_str(&t.decode().map_err(|e| xml_err(&e))?)
            }
            Event::GeneralRef(r) if field.is_some() => {
                let name = r.decode().map_err(|e| xml_err(&e))?;
                if let Some(c) = r.resolve_char_ref().map_err(|e| xml_err(&e))? {
                    value.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    value.push_str(s);
                } else {
                    return Err(SegmentError::Xml {
                        at: at(),
                        message: format!("unknown entity `&{name};`"),
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"beforebreak" | b"afterbreak" => {
                    if let (Some(f), Some(r)) = (field.take(), rule.as_mut()) {
                        match f {
                            Field::Before => r.before = std::mem::take(&mut value),
                            Field::After => r.after = std::mem::take(&mut value),
                        }
                    }
                }
                b"rule" => push_rule(&mut doc, rule.take(), at())?,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

fn push_rule(doc: &mut Document, rule: Option<RawRule>, at: Location) -> Result<(), SegmentError> {
    let Some(rule) = rule else { return Ok(()) };
    match doc.rule_sets.last_mut() {
        Some((_, rules)) => {
            rules.push(rule);
            Ok(())
        }
        None => Err(SegmentError::Invalid {
            at,
            message: "<rule> outside a <languagerule>".into(),
        }),
    }
}

fn attribute(
    e: &BytesStart<'_>,
    name: &str,
    path: &Path,
    text: &str,
    pos: usize,
) -> Result<Option<String>, SegmentError> {
    let err = |m: String| SegmentError::Xml {
        at: Location::at_offset(path, text, pos),
        message: m,
    };
    match e.try_get_attribute(name).map_err(|x| err(x.to_string()))? {
        Some(a) => Ok(Some(
            a.unescape_value()
                .map_err(|x| err(x.to_string()))?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

fn required(
    e: &BytesStart<'_>,
    name: &str,
    path: &Path,
    text: &str,
    pos: usize,
) -> Result<String, SegmentError> {
    attribute(e, name, path, text, pos)?.ok_or_else(|| SegmentError::Invalid {
        at: Location::at_offset(path, text, pos),
        message: format!(
            "<{}> has no `{name}` attribute (SRX 2.0 requires it)",
            String::from_utf8_lossy(e.local_name().as_ref())
        ),
    })
}

fn compile_rule(raw: &RawRule) -> Result<Rule, SegmentError> {
    let optional = |p: &str, wrap: fn(&str) -> String| -> Result<Option<Regex>, SegmentError> {
        if p.is_empty() {
            Ok(None)
        } else {
            compile(p, &raw.at, wrap).map(Some)
        }
    };
    Ok(Rule {
        breaks: raw.breaks,
        before: optional(&raw.before, |p| format!("(?:{p})$"))?,
        after: optional(&raw.after, |p| format!("^(?:{p})"))?,
        before_scan: optional(&raw.before, str::to_string)?,
        after_scan: optional(&raw.after, str::to_string)?,
    })
}

/// Checks `pattern` for ICU/Java-only syntax, then compiles `wrap(pattern)`.
fn compile(
    pattern: &str,
    at: &Location,
    wrap: impl Fn(&str) -> String,
) -> Result<Regex, SegmentError> {
    if let Some((construct, hint)) = unsupported(pattern) {
        return Err(SegmentError::Unsupported {
            at: at.clone(),
            pattern: pattern.to_string(),
            construct,
            hint,
        });
    }
    Regex::new(&wrap(pattern)).map_err(|e| SegmentError::Regex {
        at: at.clone(),
        pattern: pattern.to_string(),
        message: e
            .to_string()
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("invalid expression")
            .trim()
            .trim_start_matches("error: ")
            .to_string(),
    })
}

/// The first ICU/Java construct in `pattern` that the `regex` crate cannot run, with a hint.
fn unsupported(pattern: &str) -> Option<(&'static str, &'static str)> {
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut after_quantifier = false;
    while let Some(c) = chars.next() {
        let quantified = after_quantifier;
        after_quantifier = false;
        match c {
            '\\' => match chars.next() {
                Some('1'..='9') if !in_class => {
                    return Some(("a backreference", "match the repeated text explicitly"))
                }
                Some('Q') => return Some(("`\\Q...\\E` quoting", "escape each character")),
                Some('G' | 'Z') => return Some(("`\\G` or `\\Z`", "use `\\z` or `$`")),
                _ => {}
            },
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '(' if chars.peek() == Some(&'?') => {
                let mut look = chars.clone();
                look.next();
                match (look.next(), look.next()) {
                    (Some('=' | '!'), _) => {
                        return Some((
                            "a lookahead `(?=...)`/`(?!...)`",
                            "put the lookahead into <afterbreak>",
                        ))
                    }
                    (Some('<'), Some('=' | '!')) => {
                        return Some((
                            "a lookbehind `(?<=...)`/`(?<!...)`",
                            "put the lookbehind into <beforebreak>",
                        ))
                    }
                    (Some('>'), _) => {
                        return Some(("an atomic group `(?>...)`", "use a plain group `(?:...)`"))
                    }
                    _ => {}
                }
            }
            '*' | '+' | '?' | '}' => {
                if c == '+' && quantified {
                    return Some((
                        "a possessive quantifier",
                        "drop the `+` after the quantifier",
                    ));
                }
                after_quantifier = true;
            }
            _ => {}
        }
    }
    None
}

impl LangRules {
    /// Puts no-break rules for the project's abbreviations in front of the file's rules.
    pub(crate) fn prepend_abbreviations(&mut self, never: &[String], may_end: &[String]) {
        let mut front = Vec::new();
        let lists = [(never, r"\s"), (may_end, r"\s+[^\p{Lu}\s]")];
        for (list, after) in lists {
            for abbr in list {
                let mut a = abbr.trim().to_string();
                if !a.ends_with('.') {
                    a.push('.');
                }
                let before = r#"(?:^|[\s(\["“«„‘'])"#.to_string() + &regex::escape(&a);
                let rule = compile_rule(&RawRule {
                    breaks: false,
                    before,
                    after: after.to_string(),
                    at: Location::file("polypress.toml"),
                });
                // An escaped literal always compiles; a failure would be a bug here, so skip it
                // rather than fail the project.
                if let Ok(rule) = rule {
                    front.push(rule);
                }
            }
        }
        front.append(&mut self.rules);
        self.rules = front;
    }

    /// Pushes the start of every sentence after the first, past the whitespace at the break.
    pub(crate) fn split(&self, text: &str, out: &mut Vec<usize>) {
        let mut candidates = Vec::new();
        for rule in self.rules.iter().filter(|r| r.breaks) {
            match (&rule.before_scan, &rule.after_scan) {
                (Some(b), _) => candidates.extend(b.find_iter(text).map(|m| m.end())),
                (None, Some(a)) => candidates.extend(a.find_iter(text).map(|m| m.start())),
                (None, None) => candidates.extend(text.char_indices().map(|(i, _)| i)),
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for pos in candidates {
            if pos == 0 || pos >= text.len() || out.last().is_some_and(|&l| pos < l) {
                continue;
            }
            let decided = self.rules.iter().find(|r| {
                r.before.as_ref().map_or(true, |b| ends_at(b, text, pos))
                    && r.after.as_ref().map_or(true, |a| a.is_match(&text[pos..]))
            });
            if decided.is_some_and(|r| r.breaks) {
                let rest = &text[pos..];
                let start = pos + (rest.len() - rest.trim_start().len());
                if start < text.len() && out.last().map_or(true, |&l| start > l) {
                    out.push(start);
                }
            }
        }
    }
}

/// How far back (in bytes) a `<beforebreak>` match may start. Matching `(?:B)$` against the
/// whole prefix costs time in proportion to the text before the position on some patterns
/// (Unicode `\b` sends the regex crate's reverse DFA to a slower engine); real rules look a few
/// words back.
const WINDOW: usize = 512;

/// Whether `before` (compiled as `(?:B)$`) matches text ending at `pos`, starting at most
/// [`WINDOW`] bytes back. A match at the window's very start may be an artefact of the cut (`^`
/// or `\b` at the edge, or a longer match), so that case is settled on the whole prefix.
fn ends_at(before: &Regex, text: &str, pos: usize) -> bool {
    let mut start = pos.saturating_sub(WINDOW);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if start == 0 {
        return before.is_match(&text[..pos]);
    }
    match before.find(&text[start..pos]) {
        Some(m) if m.start() > 0 => true,
        Some(_) => before.is_match(&text[..pos]),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_at_the_window_edge_is_settled_on_the_whole_prefix() {
        let re = Regex::new(r"(?:^\s*[0-9]+\.)$").unwrap();
        let text = format!("a{}12.", " ".repeat(WINDOW - 3));
        assert_eq!(text.len(), WINDOW + 1);
        assert!(!ends_at(&re, &text, text.len()));
        let text = format!("{}12.", " ".repeat(WINDOW));
        assert!(ends_at(&re, &text, text.len()));
    }

    #[test]
    fn rejects_lookahead_naming_the_construct() {
        assert!(unsupported(r"\.(?=\s)").unwrap().0.contains("lookahead"));
        assert!(unsupported(r"(?<!Mr)\.").unwrap().0.contains("lookbehind"));
        assert!(unsupported(r"\w++").unwrap().0.contains("possessive"));
        assert!(unsupported(r"(a)\1").unwrap().0.contains("backreference"));
        assert_eq!(unsupported(r"[.?!]+\s*(?i:x)\++"), None);
        assert_eq!(unsupported(r"[(?=]"), None);
    }
}

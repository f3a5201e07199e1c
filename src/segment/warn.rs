//! Warnings about source text that the segmenter cannot fix by itself: a paragraph that starts
//! with a dotted ordinal (`9. Zirve Bakü'de yapıldı.`) is a CommonMark ordered list item, so the
//! renderer drops the `9.` and the sentence loses its ordinal. The fix is to escape the dot.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::Location;
use crate::model::Lang;

/// A paragraph that starts with an ordinal and so became an ordered list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: `{number}.` at the start of a paragraph makes it a numbered list item and the ordinal is lost; write `{number}\\.` to keep it")]
pub struct OrdinalListWarning {
    /// Where the list marker is (file, line, column).
    pub at: Location,
    /// The number, as written (`9`).
    pub number: String,
}

impl OrdinalListWarning {
    /// The text to write instead of the marker (`9\.`).
    pub fn fix(&self) -> String {
        format!("{}\\.", self.number)
    }
}

/// The ordinal-list warnings of the Markdown `text` (the contents of `path`) in a language that
/// writes ordinals with a dot (Turkish). An ordered list counts as an ordinal paragraph when it
/// has a single item or does not start at 1: a real numbered list starts at 1 and has several
/// items. Other languages get no warnings.
pub fn ordinal_list_warnings(text: &str, path: &Path, lang: Lang) -> Vec<OrdinalListWarning> {
    if !super::rules::builtin(lang).dotted_ordinals {
        return Vec::new();
    }
    let mut out = Vec::new();
    // (start number, offset of the first marker, items, delimiter is a dot)
    let mut stack: Vec<(u64, usize, usize, bool)> = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::List(Some(start))) => {
                let marker = &text[range.start..];
                let digits = marker.bytes().take_while(u8::is_ascii_digit).count();
                let dot = marker.as_bytes().get(digits) == Some(&b'.');
                stack.push((start, range.start, 0, dot));
            }
            Event::Start(Tag::List(None)) => stack.push((0, 0, usize::MAX, false)),
            Event::Start(Tag::Item) => {
                if let Some(top) = stack.last_mut() {
                    top.2 = top.2.saturating_add(1);
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((start, at, items, dot)) = stack.pop() {
                    if dot && items != usize::MAX && (items == 1 || start != 1) {
                        out.push(OrdinalListWarning {
                            at: Location::at_offset(path, text, at),
                            number: start.to_string(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warn(text: &str, lang: Lang) -> Vec<OrdinalListWarning> {
        ordinal_list_warnings(text, Path::new("sources/a/tr.md"), lang)
    }

    #[test]
    fn paragraph_starting_with_an_ordinal_is_flagged_with_line_and_fix() {
        let w = warn("Giriş.\n\n9. Zirve Bakü'de yapıldı.\n", Lang::Tr);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].at.line, 3);
        assert_eq!(w[0].fix(), "9\\.");
        let msg = w[0].to_string();
        assert!(msg.contains("sources/a/tr.md:3"), "{msg}");
        assert!(msg.contains("`9\\.`"), "{msg}");
    }

    #[test]
    fn real_lists_escaped_ordinals_and_other_languages_pass() {
        assert!(warn("1. Bir\n2. İki\n", Lang::Tr).is_empty());
        assert!(warn("9\\. Zirve Bakü'de yapıldı.\n", Lang::Tr).is_empty());
        assert!(warn("1) Bir\n", Lang::Tr).is_empty());
        assert!(warn("9. Summit held.\n", Lang::En).is_empty());
        assert_eq!(warn("9. Zirve.\n\n10. Zirve.\n", Lang::Tr).len(), 1);
    }
}

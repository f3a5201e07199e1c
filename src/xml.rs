//! Escaping for the XML polypress writes (TMX, XLIFF, JUnit): one definition of what XML 1.0
//! can carry and how text and attribute values are escaped, so every writer agrees.

/// Whether a char may appear in XML 1.0 text.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text content: `&`, `<`, `>`, and `\r` (which XML parsers would turn into `\n`).
/// Characters XML 1.0 cannot hold go to `other`, which decides (an inline code, U+FFFD, or
/// nothing).
pub(crate) fn escape_text(out: &mut String, s: &str, mut other: impl FnMut(&mut String, char)) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            c => other(out, c),
        }
    }
}

/// Escapes an attribute value (double-quoted), keeping whitespace through attribute-value
/// normalization; characters XML cannot hold become U+FFFD.
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_carriage_returns() {
        let mut out = String::new();
        escape_text(&mut out, "a<b & c\r\u{1}", |o, _| o.push('?'));
        assert_eq!(out, "a&lt;b &amp; c&#13;?");
        assert_eq!(escape_attr("x=\"1\"\n\t"), "x=&quot;1&quot;&#10;&#9;");
    }
}

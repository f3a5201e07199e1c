//! Target text with placeholders → raw Markdown (or the inside of a TOML string for front-matter
//! fields), using the source segment's codes: `{1}` becomes the source's `*`, `{/2}` its
//! `](https://…)`, `{3/}` its `[3]`. The translator's own text is escaped so that it reads as
//! text: Markdown punctuation gets a backslash, a TOML string gets `\"` and `\\`.

use crate::model::{scan_placeholders, Segment};

/// Where a restored segment goes, which decides how its text is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Inside a TOML basic string (`title = "…"`).
    TomlBasic,
    /// Inside a TOML literal string (`title = '…'`): no escapes exist, so quotes are replaced by
    /// typographic ones.
    TomlLiteral,
    /// Markdown body text; `line_start` when the segment opens a line, where `#`, `>`, `-`,
    /// `+` and `1.` would start a new block.
    Markdown {
        /// Whether the segment starts a line.
        line_start: bool,
    },
}

/// Rebuilds raw source bytes from `target` (placeholder text) and `seg`'s codes.
///
/// # Errors
/// A placeholder in `target` that `seg` has no code for (the caller checks placeholders first,
/// so this only guards against drafts edited by hand after the check).
pub fn restore(target: &str, seg: &Segment, ctx: Context) -> Result<String, String> {
    let mut out = String::with_capacity(target.len() + 16);
    let mut pos = 0;
    let mut first = true;
    for (range, id, role) in scan_placeholders(target) {
        escape_into(&mut out, &target[pos..range.start], ctx, first && pos == 0);
        first = false;
        let code = seg
            .codes
            .iter()
            .find(|c| c.id == id && c.role == role)
            .ok_or_else(|| {
                format!(
                    "placeholder `{}` is not in the source",
                    &target[range.clone()]
                )
            })?;
        out.push_str(&code.raw);
        pos = range.end;
    }
    escape_into(&mut out, &target[pos..], ctx, first);
    Ok(out)
}

fn escape_into(out: &mut String, text: &str, ctx: Context, at_start: bool) {
    // A translation is one line; a stray newline would end a paragraph or a TOML string.
    let text = text.replace(['\n', '\r'], " ");
    match ctx {
        Context::TomlBasic => {
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
        }
        Context::TomlLiteral => out.push_str(&text.replace('\'', "’")),
        Context::Markdown { line_start } => {
            let start = out.len();
            for c in text.chars() {
                if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~') {
                    out.push('\\');
                }
                out.push(c);
            }
            if line_start && at_start {
                escape_block_start(out, start);
            }
        }
    }
}

/// Escapes a character at `start` that would begin a heading, quote, list or thematic break.
fn escape_block_start(out: &mut String, start: usize) {
    let rest = &out[start..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let at = if matches!(rest.bytes().next(), Some(b'#' | b'>' | b'-' | b'+' | b'='))
        || (rest.len() > 1 && rest.starts_with('|'))
    {
        Some(start)
    } else if digits > 0 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
        Some(start + digits)
    } else {
        None
    };
    if let Some(at) = at {
        out.insert(at, '\\');
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Code, CodeKind, CodeRole, SegmentId, Span};

    /// A segment with these codes, for tests of the renderers.
    pub(in crate::assemble) fn seg(codes: Vec<Code>) -> Segment {
        Segment {
            id: SegmentId("x".into()),
            text: String::new(),
            display: String::new(),
            raw: String::new(),
            codes,
            span: Span::new(0, 0),
            line: 1,
            column: 1,
            block: "/paragraph[1]".into(),
        }
    }

    /// One inline code, for tests of the renderers.
    pub(in crate::assemble) fn code(id: u32, role: CodeRole, kind: CodeKind, raw: &str) -> Code {
        Code {
            id,
            role,
            kind,
            raw: raw.into(),
        }
    }

    #[test]
    fn restores_links_emphasis_and_footnotes() {
        let s = seg(vec![
            code(1, CodeRole::Open, CodeKind::Link, "["),
            code(1, CodeRole::Close, CodeKind::Link, "](https://x.org/)"),
            code(2, CodeRole::Open, CodeKind::Emphasis, "*"),
            code(2, CodeRole::Close, CodeKind::Emphasis, "*"),
            code(3, CodeRole::Standalone, CodeKind::Footnote, "[3]"),
        ]);
        let md = Context::Markdown { line_start: false };
        let out = restore("{2}ekonomik{/2} bağ {1}TDT{/1}.{3/}", &s, md).unwrap();
        assert_eq!(out, "*ekonomik* bağ [TDT](https://x.org/).[3]");
        assert!(restore("{4/}", &s, md).unwrap_err().contains("`{4/}`"));
    }

    #[test]
    fn escapes_markdown_and_toml() {
        let s = seg(vec![]);
        let md = Context::Markdown { line_start: true };
        assert_eq!(restore("a*b_[c]", &s, md).unwrap(), "a\\*b\\_\\[c\\]");
        assert_eq!(
            restore("# not a heading", &s, md).unwrap(),
            "\\# not a heading"
        );
        assert_eq!(restore("1. not a list", &s, md).unwrap(), "1\\. not a list");
        let toml = restore("«A \"B\"» \\", &s, Context::TomlBasic).unwrap();
        assert_eq!(toml, "«A \\\"B\\\"» \\\\");
    }
}

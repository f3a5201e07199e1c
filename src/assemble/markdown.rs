//! Markdown editions: the small text surgery assembly needs beyond placing segments. A target
//! edition's front matter says its own `lang`; an untranslated segment shown in the source
//! language is wrapped in a marked `<span>`; and the HTML renderer needs to know where the front
//! matter ends (the notes block is located from the parsed article, see `Edition::notes`).

use crate::model::Lang;

/// Wraps the raw Markdown of a segment left in the source language in a span that says so: a
/// `lang` attribute for screen readers and hyphenation, a class the stylesheet marks visibly,
/// and a tooltip.
pub fn untranslated_span(source: Lang, title: &str, raw: &str) -> String {
    format!(
        "<span class=\"untranslated\" lang=\"{}\" title=\"{}\">{raw}</span>",
        source.code(),
        crate::assemble::html::escape(title)
    )
}

/// Replaces the `lang = "…"` value of the front matter at the top of `text` with `lang`.
pub fn set_front_lang(text: &str, lang: Lang) -> String {
    let Some(front) = front_range(text) else {
        return text.to_string();
    };
    let mut pos = front.start;
    for line in text[front.clone()].split_inclusive('\n') {
        let key = line.trim_start();
        if let Some(rest) = key.strip_prefix("lang") {
            if rest.trim_start().starts_with('=') {
                let eol = if line.ends_with("\r\n") {
                    "\r\n"
                } else if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                let indent = &line[..line.len() - key.len()];
                let new_line = format!("{indent}lang = \"{}\"{eol}", lang.code());
                return format!("{}{new_line}{}", &text[..pos], &text[pos + line.len()..]);
            }
        }
        pos += line.len();
    }
    text.to_string()
}

/// The byte range of the front-matter TOML (between the `+++` lines), if any.
fn front_range(text: &str) -> Option<std::ops::Range<usize>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let toml_start = start + first.len();
    let mut pos = toml_start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Some(toml_start..pos);
        }
        pos += line.len();
    }
    None
}

/// Where the body starts: the first byte after the closing `+++` line (0 without front matter).
pub fn body_start(text: &str) -> usize {
    match front_range(text) {
        Some(r) => {
            let rest = &text[r.end..];
            r.end + rest.find('\n').map_or(rest.len(), |i| i + 1)
        }
        None => 0,
    }
}

/// The number `k` of a paragraph starting `[k] `.
pub fn note_number(paragraph: &str) -> Option<u32> {
    let rest = paragraph.strip_prefix('[')?;
    let close = rest.find("] ")?;
    rest[..close].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_front_matter_lang() {
        let md = "+++\ntitle = \"T\"\nlang = \"en\"\n+++\n\nlang = \"en\" in the body\n";
        let out = set_front_lang(md, Lang::Ru);
        assert_eq!(
            out,
            "+++\ntitle = \"T\"\nlang = \"ru\"\n+++\n\nlang = \"en\" in the body\n"
        );
        assert_eq!(&out[body_start(&out)..], "\nlang = \"en\" in the body\n");
    }
}

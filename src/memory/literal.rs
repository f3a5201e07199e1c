//! Text in a TMX that only looks like a placeholder (`{0}` in a software string) is text: the
//! reader keeps it as an [`InlineElement::Literal`] code, as the article side keeps such text
//! in a segment, so the two compare equal. Each variant numbers its literals on its own,
//! though, so a Turkish `{1}'den {0}` is numbered `{1/}'den {2/}` like the English
//! `{0} from {1}`: taking the target's numbers as they are would swap the arguments.
//!
//! [`map_target`] renumbers a match's target literals through their *text*: the target's
//! `{1}` is the memory source's literal with the text `{1}`, which sits at some position among
//! the source's placeholders; the query's placeholder at that position is what the target
//! must carry.

use std::borrow::Cow;

use super::{InlineElement, Variant};
use crate::model::{placeholder_token, scan_placeholders, CodeRole};

fn literal_text(v: &Variant, id: u32) -> Option<&str> {
    v.codes
        .iter()
        .find(|c| {
            c.id == id && c.role == CodeRole::Standalone && c.element == InlineElement::Literal
        })
        .map(|c| c.content.as_str())
}

/// The target text of a match with its literal placeholders renumbered to the query's (see
/// the module docs). Tokens that cannot be placed (the query has other placeholders than the
/// memory source) are left as they are.
pub fn map_target<'t>(source: &Variant, target: &'t Variant, query: &str) -> Cow<'t, str> {
    if !target
        .codes
        .iter()
        .any(|c| c.element == InlineElement::Literal)
    {
        return Cow::Borrowed(&target.text);
    }
    let src_tokens = scan_placeholders(&source.text);
    let query_tokens = scan_placeholders(query);
    let same_shape = src_tokens.len() == query_tokens.len()
        && src_tokens
            .iter()
            .zip(&query_tokens)
            .all(|(a, b)| a.2 == b.2);
    if !same_shape {
        return Cow::Borrowed(&target.text);
    }
    // The source literals by text, each used once, in order.
    let mut used = vec![false; src_tokens.len()];
    let mut out = String::with_capacity(target.text.len());
    let mut at = 0;
    for (range, id, role) in scan_placeholders(&target.text) {
        out.push_str(&target.text[at..range.start]);
        at = range.end;
        let mapped = (role == CodeRole::Standalone)
            .then(|| literal_text(target, id))
            .flatten()
            .and_then(|text| {
                let pos = src_tokens
                    .iter()
                    .enumerate()
                    .position(|(i, (_, sid, srole))| {
                        !used[i]
                            && *srole == CodeRole::Standalone
                            && literal_text(source, *sid) == Some(text)
                    })?;
                used[pos] = true;
                Some(query_tokens[pos].1)
            });
        match mapped {
            Some(q) => out.push_str(&placeholder_token(q, CodeRole::Standalone)),
            None => out.push_str(&target.text[range]),
        }
    }
    out.push_str(&target.text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::tmx;
    use crate::model::Lang;

    #[test]
    fn literals_follow_their_text_not_their_number() {
        let doc = tmx::parse(
            "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg><bpt i=\"1\">&lt;b></bpt>Copy<ept i=\"1\">&lt;/b></ept> {0} from {1}</seg></tuv><tuv xml:lang=\"tr\"><seg>{1} içinden {0} <bpt i=\"1\">&lt;b></bpt>kopyala<ept i=\"1\">&lt;/b></ept></seg></tuv></tu></body></tmx>".as_bytes(),
            std::path::Path::new("a.tmx"),
        )
        .unwrap();
        let tu = &doc.tus[0];
        let (en, tr) = (&tu.variants[&Lang::En], &tu.variants[&Lang::Tr]);
        assert_eq!(en.text, "{1}Copy{/1} {2/} from {3/}");
        assert_eq!(tr.text, "{1/} içinden {2/} {3}kopyala{/3}");
        // The query numbers its codes its own way (here from 5).
        assert_eq!(
            map_target(en, tr, "{5}Copy{/5} {6/} from {7/}"),
            "{7/} içinden {6/} {3}kopyala{/3}"
        );
        // Another shape of placeholders: left alone.
        assert_eq!(map_target(en, tr, "Copy {6/}"), tr.text);
    }
}

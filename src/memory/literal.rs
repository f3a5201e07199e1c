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
/// the module docs). Literals are placed through the standalone placeholders only, so other
/// markup around them in the query (emphasis, a link) does not matter. A literal that cannot
/// be placed (the query has another number of standalone placeholders than the memory source,
/// or none with that position) gets a number the query does not have, so the draft shows a
/// broken placeholder for the translator to fix instead of exchanging arguments silently.
pub fn map_target<'t>(source: &Variant, target: &'t Variant, query: &str) -> Cow<'t, str> {
    if !target
        .codes
        .iter()
        .any(|c| c.element == InlineElement::Literal)
    {
        return Cow::Borrowed(&target.text);
    }
    let standalone = |text: &str| -> Vec<u32> {
        scan_placeholders(text)
            .into_iter()
            .filter(|t| t.2 == CodeRole::Standalone)
            .map(|t| t.1)
            .collect()
    };
    let src_tokens = standalone(&source.text);
    let query_tokens = standalone(query);
    let placeable = src_tokens.len() == query_tokens.len();
    // A number neither the query nor the target uses: marks a literal that cannot be placed.
    let mut spare = scan_placeholders(query)
        .iter()
        .chain(&scan_placeholders(&target.text))
        .map(|t| t.1)
        .max()
        .unwrap_or(0);
    // The source literals by text, each used once, in order.
    let mut used = vec![false; src_tokens.len()];
    let mut out = String::with_capacity(target.text.len());
    let mut at = 0;
    for (range, id, role) in scan_placeholders(&target.text) {
        out.push_str(&target.text[at..range.start]);
        at = range.end;
        let Some(text) = (role == CodeRole::Standalone)
            .then(|| literal_text(target, id))
            .flatten()
        else {
            out.push_str(&target.text[range]);
            continue;
        };
        let pos = src_tokens
            .iter()
            .enumerate()
            .position(|(i, &sid)| !used[i] && literal_text(source, sid) == Some(text));
        let mapped = match pos {
            Some(pos) if placeable => {
                used[pos] = true;
                query_tokens[pos]
            }
            _ => {
                spare += 1;
                spare
            }
        };
        out.push_str(&placeholder_token(mapped, CodeRole::Standalone));
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
        // Other paired markup in the query does not matter: literals follow the standalones.
        assert_eq!(
            map_target(en, tr, "{5}Copy{/5} {6/} from {7/} {8}now{/8}"),
            "{7/} içinden {6/} {3}kopyala{/3}"
        );
        // Not as many standalones as the memory source: no literal is guessed, each gets a
        // number the query does not have (a visible broken placeholder, not a swap).
        assert_eq!(
            map_target(en, tr, "Copy {6/}"),
            "{7/} içinden {8/} {3}kopyala{/3}"
        );
    }
}

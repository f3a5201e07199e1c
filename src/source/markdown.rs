//! The CommonMark body → leaf blocks with their inline items, using pulldown-cmark's offset
//! iterator so every event carries its source byte range.
//!
//! Leaf blocks are paragraphs, headings, table cells, the text of tight list items, footnote
//! definitions and notes entries. A notes entry is a top-level paragraph that starts with a
//! marker such as `[1] ` (the reference list at the end of an article); its marker stays in the
//! skeleton. Code blocks, HTML blocks and thematic breaks are skeleton: never translated.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::inline::{footnote_marker_len, protect, Builder, Item, Leaf};
use crate::model::{BlockKind, CodeKind, CodeRole, Span};

/// One open container or leaf and the counters of its children by kind.
struct Frame {
    name: String,
    counters: HashMap<&'static str, usize>,
}

struct Walker<'t, 'b, 'r> {
    text: &'t str,
    b: &'b mut Builder<'r>,
    stack: Vec<Frame>,
    leaf: Option<Leaf>,
    /// For the open leaf: does it end with the container (an implicit tight-list paragraph)?
    implicit: bool,
    /// Paired codes opened but not closed: (kind, whole range).
    pairs: Vec<(CodeKind, Range<usize>)>,
    /// Depth inside an image or autolink, whose content is one standalone code.
    atomic: usize,
    pending: Option<(Range<usize>, String)>,
    /// Items of the open leaf before this index have their opening codes sized.
    fixed_upto: usize,
}

impl<'t, 'b, 'r> Walker<'t, 'b, 'r> {
    fn child_path(&mut self, kind: &'static str) -> String {
        let frame = self
            .stack
            .last_mut()
            .expect("the root frame is never popped");
        let count = frame.counters.entry(kind).or_insert(0);
        *count += 1;
        let n = *count;
        let mut path = String::new();
        for f in &self.stack[1..] {
            path.push('/');
            path.push_str(&f.name);
        }
        format!("{path}/{kind}[{n}]")
    }

    fn push(&mut self, kind: &'static str) {
        let path = self.child_path(kind);
        let name = path.rsplit('/').next().unwrap_or(kind).to_string();
        self.stack.push(Frame {
            name,
            counters: HashMap::new(),
        });
    }

    fn start_leaf(
        &mut self,
        kind: BlockKind,
        name: &'static str,
        range: Range<usize>,
        implicit: bool,
    ) {
        self.flush_leaf();
        let path = self.child_path(name);
        self.leaf = Some(Leaf {
            kind,
            path,
            span: Span::new(range.start, range.end),
            items: Vec::new(),
        });
        self.implicit = implicit;
        self.fixed_upto = 0;
    }

    fn flush_text(&mut self) {
        if let Some((range, resolved)) = self.pending.take() {
            if let Some(leaf) = self.leaf.as_mut() {
                let raw = &self.text[range.clone()];
                protect(raw, range.start, Some(&resolved), &mut leaf.items);
            }
        }
    }

    fn flush_leaf(&mut self) {
        self.flush_text();
        if let Some(mut leaf) = self.leaf.take() {
            // Close any pair the parser left open (cannot happen with well-formed events).
            self.pairs.clear();
            if let Some(last) = leaf.items.last() {
                let end = match last {
                    Item::Text { range, .. } | Item::Space { range } | Item::Code { range, .. } => {
                        range.end
                    }
                };
                leaf.span.end = if self.implicit {
                    end
                } else {
                    leaf.span.end.max(end)
                };
            }
            if leaf.kind == BlockKind::Note {
                // The entry's own marker (`[1] `) stays in the skeleton.
                if let Some(Item::Code {
                    kind: CodeKind::Footnote,
                    ..
                }) = leaf.items.first()
                {
                    leaf.items.remove(0);
                }
            }
            self.b.add_leaf(leaf, true);
        }
    }

    fn item(&mut self, item: Item) {
        self.flush_text();
        if let Some(leaf) = self.leaf.as_mut() {
            leaf.items.push(item);
        }
    }

    fn ensure_leaf(&mut self, at: usize) {
        if self.leaf.is_none() {
            // Inline content directly inside a tight list item.
            let end = self.text.len();
            self.start_leaf(BlockKind::Paragraph, "paragraph", at..end, true);
        }
    }

    fn text(&mut self, range: Range<usize>, resolved: &str) {
        if self.atomic > 0 {
            return;
        }
        self.ensure_leaf(range.start);
        match self.pending.as_mut() {
            Some((r, s))
                if r.end == range.start
                    && self.text[r.clone()] == **s
                    && self.text[range.clone()] == *resolved =>
            {
                r.end = range.end;
                s.push_str(resolved);
            }
            _ => {
                self.flush_text();
                self.pending = Some((range, resolved.to_string()));
            }
        }
    }
}

/// Walks the body (from `body_start`) and adds its leaves to the builder.
pub(crate) fn body_leaves(text: &str, body_start: usize, b: &mut Builder<'_>) {
    let body = &text[body_start..];
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut w = Walker {
        text,
        b,
        stack: vec![Frame {
            name: String::new(),
            counters: HashMap::new(),
        }],
        leaf: None,
        implicit: false,
        pairs: Vec::new(),
        atomic: 0,
        pending: None,
        fixed_upto: 0,
    };
    let mut notes_open = false;
    for (event, r) in Parser::new_ext(body, opts).into_offset_iter() {
        let range = r.start + body_start..r.end + body_start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    let raw = &text[range.clone()];
                    let marker =
                        footnote_marker_len(raw).filter(|&n| raw[n..].starts_with([' ', '\t']));
                    // Top level, or the next entry of a notes block already open.
                    let top = w.stack.len() == 1 || (notes_open && w.stack.len() == 2);
                    if top && marker.is_some() {
                        if !notes_open {
                            w.push("notes");
                            notes_open = true;
                        }
                        w.start_leaf(BlockKind::Note, "note", range, false);
                    } else {
                        if notes_open && w.stack.len() == 2 {
                            w.stack.pop();
                            notes_open = false;
                        }
                        w.start_leaf(BlockKind::Paragraph, "paragraph", range, false);
                    }
                }
                Tag::Heading { level, .. } => {
                    if notes_open {
                        w.stack.pop();
                        notes_open = false;
                    }
                    w.start_leaf(BlockKind::Heading(level as u8), "heading", range, false)
                }
                Tag::TableCell => w.start_leaf(BlockKind::TableCell, "cell", range, false),
                Tag::BlockQuote(_) => {
                    w.flush_leaf();
                    close_notes(&mut w, &mut notes_open);
                    w.push("quote")
                }
                Tag::List(_) => {
                    w.flush_leaf();
                    close_notes(&mut w, &mut notes_open);
                    w.push("list")
                }
                Tag::Item => {
                    w.flush_leaf();
                    w.push("item")
                }
                Tag::Table(_) => {
                    w.flush_leaf();
                    close_notes(&mut w, &mut notes_open);
                    w.push("table")
                }
                Tag::TableHead | Tag::TableRow => w.push("row"),
                Tag::FootnoteDefinition(_) => {
                    w.flush_leaf();
                    close_notes(&mut w, &mut notes_open);
                    w.push("footnote")
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    w.flush_leaf();
                    w.atomic += 1;
                }
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                    let autolink = matches!(
                        tag,
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        }
                    );
                    if w.atomic > 0 {
                        w.atomic += usize::from(matches!(tag, Tag::Link { .. }));
                        continue;
                    }
                    w.ensure_leaf(range.start);
                    if autolink {
                        w.item(Item::Code {
                            range,
                            role: CodeRole::Standalone,
                            kind: CodeKind::Link,
                        });
                        w.atomic += 1;
                        continue;
                    }
                    let kind = match tag {
                        Tag::Emphasis => CodeKind::Emphasis,
                        Tag::Strong => CodeKind::Strong,
                        Tag::Strikethrough => CodeKind::Strikethrough,
                        _ => CodeKind::Link,
                    };
                    w.flush_text();
                    // The opening code's end is known at the next item; record a placeholder.
                    w.item(Item::Code {
                        range: range.start..range.start,
                        role: CodeRole::Open,
                        kind,
                    });
                    w.pairs.push((kind, range));
                }
                Tag::Image { .. } => {
                    if w.atomic == 0 {
                        w.ensure_leaf(range.start);
                        w.item(Item::Code {
                            range,
                            role: CodeRole::Standalone,
                            kind: CodeKind::Image,
                        });
                    }
                    w.atomic += 1;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => w.flush_leaf(),
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition => {
                    w.flush_leaf();
                    w.stack.pop();
                }
                TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => {
                    w.flush_leaf();
                    w.stack.pop();
                }
                TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::Image => {
                    w.atomic = w.atomic.saturating_sub(1);
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                    if w.atomic > 0 {
                        if end == TagEnd::Link {
                            w.atomic -= 1;
                        }
                        continue;
                    }
                    close_pair(&mut w);
                }
                _ => {}
            },
            Event::Text(t) => w.text(range, &t),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                if w.atomic == 0 {
                    w.ensure_leaf(range.start);
                    w.item(Item::Code {
                        range,
                        role: CodeRole::Standalone,
                        kind: CodeKind::Code,
                    });
                }
            }
            Event::Html(_) => {}
            Event::FootnoteReference(_) => {
                if w.atomic == 0 {
                    w.ensure_leaf(range.start);
                    w.item(Item::Code {
                        range,
                        role: CodeRole::Standalone,
                        kind: CodeKind::Footnote,
                    });
                }
            }
            Event::SoftBreak => {
                if w.atomic == 0 && w.leaf.is_some() {
                    w.item(Item::Space { range });
                }
            }
            Event::HardBreak => {
                if w.atomic == 0 && w.leaf.is_some() {
                    w.item(Item::Code {
                        range,
                        role: CodeRole::Standalone,
                        kind: CodeKind::Break,
                    });
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
        fix_open_codes(&mut w);
    }
    w.flush_leaf();
}

fn close_notes(w: &mut Walker<'_, '_, '_>, notes_open: &mut bool) {
    if *notes_open && w.stack.len() == 2 {
        w.stack.pop();
        *notes_open = false;
    }
}

/// Gives each opening code its real end: the start of the item that follows it.
fn fix_open_codes(w: &mut Walker<'_, '_, '_>) {
    let Some(leaf) = w.leaf.as_mut() else { return };
    let n = leaf.items.len();
    for i in w.fixed_upto..n.saturating_sub(1) {
        if let Item::Code {
            role: CodeRole::Open,
            ..
        } = leaf.items[i]
        {
            let next_start = match &leaf.items[i + 1] {
                Item::Text { range, .. } | Item::Space { range } | Item::Code { range, .. } => {
                    range.start
                }
            };
            if let Item::Code { range, .. } = &mut leaf.items[i] {
                if range.end == range.start && next_start > range.start {
                    range.end = next_start;
                }
            }
        }
    }
    w.fixed_upto = n.saturating_sub(1);
}

fn close_pair(w: &mut Walker<'_, '_, '_>) {
    w.flush_text();
    let Some((kind, whole)) = w.pairs.pop() else {
        return;
    };
    let Some(leaf) = w.leaf.as_mut() else { return };
    // Pending open code with no content yet: its end is where the closing part starts.
    let last_end = leaf
        .items
        .iter()
        .rev()
        .find_map(|it| match it {
            Item::Code {
                range,
                role: CodeRole::Open,
                ..
            } if range.start == range.end => None,
            Item::Text { range, .. } | Item::Space { range } | Item::Code { range, .. } => {
                Some(range.end)
            }
        })
        .unwrap_or(whole.start)
        .max(whole.start);
    leaf.items.push(Item::Code {
        range: last_end..whole.end,
        role: CodeRole::Close,
        kind,
    });
    fix_open_codes(w);
}

/// Plain text: paragraphs separated by blank lines, no Markdown.
pub(crate) fn plain_leaves(text: &str, b: &mut Builder<'_>) {
    let mut n = 0;
    let mut start: Option<usize> = None;
    let mut pos = 0;
    let push = |s: usize, e: usize, n: &mut usize, b: &mut Builder<'_>| {
        *n += 1;
        let mut items = Vec::new();
        let mut line_start = s;
        for (i, c) in text[s..e].char_indices() {
            if c == '\n' {
                let end = s + i;
                if end > line_start {
                    protect(&text[line_start..end], line_start, None, &mut items);
                }
                items.push(Item::Space {
                    range: end..end + 1,
                });
                line_start = end + 1;
            }
        }
        if e > line_start {
            protect(&text[line_start..e], line_start, None, &mut items);
        }
        let leaf = Leaf {
            kind: BlockKind::Paragraph,
            path: format!("/paragraph[{n}]"),
            span: Span::new(s, e),
            items,
        };
        b.add_leaf(leaf, true);
    };
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                push(s, pos, &mut n, b);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        let e = text.trim_end_matches(['\n', '\r']).len().max(s);
        push(s, e, &mut n, b);
    }
}

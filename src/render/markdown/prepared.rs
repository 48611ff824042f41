//! A page body as the one parse left it for render: HTML with slots, the code
//! blocks to highlight, and the text for search as operations to replay. It is
//! kept as bytes (see `load::bodies`) between load and render.

use std::borrow::Cow;

use crate::render::search::BodyText;

/// How render fills link slot `n`: the href to write (resolved, or the
/// destination as written) and the target's title, which a bare wikilink shows.
pub struct LinkOut<'s> {
    pub href: Cow<'s, str>,
    pub title: Option<&'s str>,
}

/// A body ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prepared {
    html: String,
    /// In the order they are in `html`.
    slots: Vec<Slot>,
    /// The text the search operations refer to.
    text: String,
    ops: Vec<Op>,
    code: Vec<CodeBlock>,
    /// Whether the finished HTML may hold an empty header cell to mend.
    may_have_th: bool,
}

/// A place in the HTML that render fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Slot {
    /// Link or image `link`'s href (or `src`), escaped, goes at `at`.
    Href { at: usize, link: usize },
    /// The text of bare wikilink `link`, replaced by its target's title.
    Label {
        start: usize,
        end: usize,
        link: usize,
    },
    /// The one-byte stand-in for code block `block`, replaced by it highlighted.
    Code { at: usize, block: usize },
}

/// One call on a [`BodyText`], as the parse made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Op {
    /// Text, as a range of `Prepared::text`.
    Text(std::ops::Range<usize>),
    Space,
    Code(usize),
    StartHeading(usize),
    EndHeading,
    /// Bare wikilink `link`'s text: the next `n` operations, or its target's title.
    Label(usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CodeBlock {
    pub(super) lang: String,
    pub(super) text: String,
}

impl Prepared {
    pub(super) fn new(
        html: String,
        slots: Vec<Slot>,
        text: String,
        ops: Vec<Op>,
        code: Vec<CodeBlock>,
        may_have_th: bool,
    ) -> Prepared {
        Prepared {
            html,
            slots,
            text,
            ops,
            code,
            may_have_th,
        }
    }

    /// Counts its links from `by` on: a page's links are its front matter's first.
    pub fn shift_links(&mut self, by: usize) {
        for slot in &mut self.slots {
            match slot {
                Slot::Href { link, .. } | Slot::Label { link, .. } => *link += by,
                Slot::Code { .. } => {}
            }
        }
        for op in &mut self.ops {
            if let Op::Label(link, _) = op {
                *link += by;
            }
        }
    }

    /// The body's HTML: slots filled from `link` (by link index) and code blocks
    /// highlighted by `highlight` (language, code).
    pub fn html<'s>(
        &self,
        link: &dyn Fn(usize) -> LinkOut<'s>,
        highlight: &dyn Fn(&str, &str) -> String,
    ) -> String {
        let mut out = String::with_capacity(self.html.len() + self.html.len() / 2);
        let mut from = 0;
        for slot in &self.slots {
            match *slot {
                // Inside a wikilink's text that was replaced.
                Slot::Href { at, .. } | Slot::Code { at, .. } | Slot::Label { start: at, .. }
                    if at < from => {}
                Slot::Href { at, link: n } => {
                    out.push_str(&self.html[from..at]);
                    let _ = pulldown_cmark_escape::escape_href(&mut out, &link(n).href);
                    from = at;
                }
                Slot::Label {
                    start,
                    end,
                    link: n,
                } => {
                    if let Some(title) = link(n).title {
                        out.push_str(&self.html[from..start]);
                        let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, title);
                        from = end;
                    }
                }
                Slot::Code { at, block } => {
                    out.push_str(&self.html[from..at]);
                    let code = &self.code[block];
                    out.push_str(&highlight(&code.lang, &code.text));
                    from = at + super::CODE_STAND_IN.len();
                }
            }
        }
        out.push_str(&self.html[from..]);
        if self.may_have_th {
            super::empty_header_cells_as_data(out)
        } else {
            out
        }
    }

    /// The body's text for search, with each bare wikilink's text replaced by
    /// its target's title when `title` (by link index) gives one.
    pub fn text<'s>(&self, title: &dyn Fn(usize) -> Option<&'s str>) -> BodyText {
        let mut body = BodyText::default();
        let mut skip = 0;
        for op in &self.ops {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            match op {
                Op::Text(range) => body.text(&self.text[range.clone()]),
                Op::Space => body.space(),
                Op::Code(block) => body.code(&self.code[*block].text),
                Op::StartHeading(index) => body.start_heading(*index),
                Op::EndHeading => body.end_heading(),
                Op::Label(link, inside) => {
                    if let Some(title) = title(*link) {
                        body.text(title);
                        skip = *inside;
                    }
                }
            }
        }
        body
    }

    /// The body as bytes, to keep until render.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Bytes(Vec::with_capacity(
            self.html.len() + self.text.len() + 4 * (self.slots.len() + self.ops.len()) + 64,
        ));
        out.str(&self.html);
        out.str(&self.text);
        out.u(usize::from(self.may_have_th));
        out.u(self.slots.len());
        for slot in &self.slots {
            match *slot {
                Slot::Href { at, link } => out.all(&[0, at, link]),
                Slot::Label { start, end, link } => out.all(&[1, start, end, link]),
                Slot::Code { at, block } => out.all(&[2, at, block]),
            }
        }
        out.u(self.ops.len());
        for op in &self.ops {
            match op {
                // Text is kept in the order of its operations: the length says it all.
                Op::Text(range) => out.all(&[0, range.len()]),
                Op::Space => out.u(1),
                Op::Code(block) => out.all(&[2, *block]),
                Op::StartHeading(index) => out.all(&[3, *index]),
                Op::EndHeading => out.u(4),
                Op::Label(link, inside) => out.all(&[5, *link, *inside]),
            }
        }
        out.u(self.code.len());
        for block in &self.code {
            out.str(&block.lang);
            out.str(&block.text);
        }
        out.0
    }

    /// A body from [`Self::to_bytes`]; `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Prepared> {
        let mut r = Reader { bytes, at: 0 };
        let html = r.str()?;
        let text = r.str()?;
        let may_have_th = r.u()? == 1;
        let slots = (0..r.u()?)
            .map(|_| {
                Some(match r.u()? {
                    0 => Slot::Href {
                        at: r.u()?,
                        link: r.u()?,
                    },
                    1 => Slot::Label {
                        start: r.u()?,
                        end: r.u()?,
                        link: r.u()?,
                    },
                    2 => Slot::Code {
                        at: r.u()?,
                        block: r.u()?,
                    },
                    _ => return None,
                })
            })
            .collect::<Option<Vec<Slot>>>()?;
        let mut text_at = 0;
        let ops = (0..r.u()?)
            .map(|_| {
                Some(match r.u()? {
                    0 => {
                        let start = text_at;
                        text_at += r.u()?;
                        Op::Text(start..text_at)
                    }
                    1 => Op::Space,
                    2 => Op::Code(r.u()?),
                    3 => Op::StartHeading(r.u()?),
                    4 => Op::EndHeading,
                    5 => Op::Label(r.u()?, r.u()?),
                    _ => return None,
                })
            })
            .collect::<Option<Vec<Op>>>()?;
        let code = (0..r.u()?)
            .map(|_| {
                Some(CodeBlock {
                    lang: r.str()?,
                    text: r.str()?,
                })
            })
            .collect::<Option<Vec<CodeBlock>>>()?;
        Some(Prepared {
            html,
            slots,
            text,
            ops,
            code,
            may_have_th,
        })
    }
}

/// Numbers as LEB128 (seven bits a byte, low first), strings as their length and bytes.
struct Bytes(Vec<u8>);

impl Bytes {
    fn u(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.0.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn all(&mut self, numbers: &[usize]) {
        for &n in numbers {
            self.u(n);
        }
    }

    fn str(&mut self, s: &str) {
        self.u(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, len: usize) -> Option<&[u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(taken)
    }

    fn u(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<String> {
        let len = self.u()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
}

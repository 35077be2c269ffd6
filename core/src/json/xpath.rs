//! The reference's `XPath` settings over a JSON message.
//!
//! A path is a series of accessors separated by `/`. An absolute path starts
//! with `/json` (the document root; `/` alone is accepted too). Accessors:
//! `name` (first member with that name, `*` for any), `[i]` (the i-th child,
//! 1-based), `name[i]` (the i-th member with that name), `[last()]`,
//! `[last()-i]`, `.` (current) and `..` (parent). `[@attr="v"]` is XML only
//! and is rejected.
//!
//! The model: an object's members are elements named by their keys; an
//! array's items are elements that carry the array's name (as repeated XML
//! elements do); the root is named `json`. `XText` of a scalar is its text
//! (strings unescaped); of an object or array, its JSON text. `XSubTree` is
//! always the element's JSON text.
//!
//! Evaluation borrows from the message and allocates nothing: the cursor is
//! a fixed stack bounded by [`crate::json::MAX_DEPTH`].

use crate::json::{self, JsonError, JsonStr, Value};
use core::fmt;

/// Longest accepted path, in bytes.
pub const MAX_PATH_LEN: usize = 512;

/// Why a path could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum XPathError {
    /// The path does not follow the accessor grammar.
    Syntax,
    /// The accessor is valid but XML-only (`[@attr=…]`).
    XmlOnly,
    /// No element matches a named accessor.
    NotFound,
    /// An index is 0, past the last child, or before the first (`last()-i`).
    IndexOutOfRange,
    /// `..` at the document root.
    NoParent,
    /// There is no parsed message to evaluate against.
    NoDocument,
    /// The message is not JSON.
    Json(JsonError),
    /// The path is longer than [`MAX_PATH_LEN`] or deeper than the JSON depth bound.
    TooLong,
}

impl fmt::Display for XPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XPathError::Syntax => f.write_str("invalid XPath syntax"),
            XPathError::XmlOnly => f.write_str("attribute predicates apply to XML only"),
            XPathError::NotFound => f.write_str("no element matches the XPath"),
            XPathError::IndexOutOfRange => f.write_str("XPath index out of range"),
            XPathError::NoParent => f.write_str("the document root has no parent"),
            XPathError::NoDocument => f.write_str("no message has been parsed"),
            XPathError::Json(e) => write!(f, "message is not JSON: {e}"),
            XPathError::TooLong => f.write_str("XPath too long or too deep"),
        }
    }
}

impl core::error::Error for XPathError {}

/// The name of an element: the root, or a member key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementName<'a> {
    /// The document root, named `json`.
    Root,
    /// A member key (array items carry their array's key).
    Key(JsonStr<'a>),
}

impl fmt::Display for ElementName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElementName::Root => f.write_str("json"),
            ElementName::Key(k) => fmt::Display::fmt(k, f),
        }
    }
}

impl ElementName<'_> {
    fn matches(&self, name: &str) -> bool {
        match self {
            ElementName::Root => name == "json",
            ElementName::Key(k) => k.eq_str(name),
        }
    }
}

/// One element: its name and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    /// The element's name.
    pub name: ElementName<'a>,
    /// The element's value.
    pub value: Value<'a>,
}

/// The text of an element as `XText`/`XChildXText` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementText<'a> {
    /// A string, decoded when displayed.
    String(JsonStr<'a>),
    /// Literal text: a number, `true`/`false`/`null`, or an object's/array's JSON.
    Raw(&'a str),
}

impl fmt::Display for ElementText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElementText::String(s) => fmt::Display::fmt(s, f),
            ElementText::Raw(r) => f.write_str(r),
        }
    }
}

/// An element's JSON text (`XSubTree`); strings are shown with their quotes and escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubTree<'a> {
    /// The escaped text between a string's quotes.
    String(&'a str),
    /// A non-string value's source text.
    Raw(&'a str),
}

impl fmt::Display for SubTree<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubTree::String(s) => write!(f, "\"{s}\""),
            SubTree::Raw(r) => f.write_str(r),
        }
    }
}

impl<'a> Element<'a> {
    /// `XText`: a scalar's text, or a container's JSON text.
    pub fn text(&self) -> ElementText<'a> {
        match self.value {
            Value::String(s) => ElementText::String(s),
            _ => ElementText::Raw(raw_json(self.value)),
        }
    }

    /// `XSubTree`: the element's JSON text, exactly as in the message.
    pub fn sub_tree(&self) -> SubTree<'a> {
        match self.value {
            Value::String(s) => SubTree::String(s.raw()),
            v => SubTree::Raw(raw_json(v)),
        }
    }

    /// `XChildCount`: members of an object, items of an array, 0 for scalars.
    pub fn child_count(&self) -> usize {
        match self.value {
            Value::Object(o) => o.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        }
    }

    /// The child at 0-based `index` (`XChildName[i]`/`XChildXText[i]` are 0-based).
    ///
    /// # Errors
    /// [`XPathError::IndexOutOfRange`] past the last child.
    pub fn child(&self, index: usize) -> Result<Element<'a>, XPathError> {
        self.children()
            .nth(index)
            .ok_or(XPathError::IndexOutOfRange)
    }

    /// The children in document order.
    pub fn children(&self) -> impl Iterator<Item = Element<'a>> + 'a {
        let name = self.name;
        let (obj, arr) = match self.value {
            Value::Object(o) => (Some(o.iter()), None),
            Value::Array(a) => (None, Some(a.iter())),
            _ => (None, None),
        };
        obj.into_iter()
            .flatten()
            .map(|(k, v)| Element {
                name: ElementName::Key(k),
                value: v,
            })
            .chain(
                arr.into_iter()
                    .flatten()
                    .map(move |v| Element { name, value: v }),
            )
    }
}

fn raw_json(value: Value<'_>) -> &str {
    match value {
        Value::Null => "null",
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        Value::Number(n) => n,
        Value::String(s) => s.raw(),
        Value::Object(o) => o.raw(),
        Value::Array(a) => a.raw(),
    }
}

const STACK: usize = json::MAX_DEPTH + 2;

/// The element a path points at, with its ancestors.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    stack: heapless::Vec<Element<'a>, STACK>,
}

impl<'a> Cursor<'a> {
    /// `XElement`'s element.
    pub fn current(&self) -> Option<Element<'a>> {
        self.stack.last().copied()
    }

    /// The parent (`XParent`), `None` at the root.
    pub fn parent(&self) -> Option<Element<'a>> {
        let n = self.stack.len();
        n.checked_sub(2).and_then(|i| self.stack.get(i)).copied()
    }

    /// Depth below the root (0 at the root).
    pub fn depth(&self) -> usize {
        self.stack.len().saturating_sub(1)
    }
}

/// Parses `message` and evaluates the absolute `path` against it.
///
/// # Errors
/// [`XPathError::Json`] if `message` does not parse; otherwise see [`evaluate`].
pub fn select<'a>(message: &'a [u8], path: &str) -> Result<Cursor<'a>, XPathError> {
    let root = json::parse(message).map_err(XPathError::Json)?;
    evaluate(root, path)
}

/// Evaluates the absolute `path` against the document root `root`.
///
/// # Errors
/// [`XPathError`] for bad syntax, unmatched names, out-of-range indexes or
/// `..` above the root; never panics.
pub fn evaluate<'a>(root: Value<'a>, path: &str) -> Result<Cursor<'a>, XPathError> {
    check_syntax(path)?;
    let rest = path.strip_prefix('/').ok_or(XPathError::Syntax)?;
    let mut stack = heapless::Vec::new();
    stack
        .push(Element {
            name: ElementName::Root,
            value: root,
        })
        .map_err(|_| XPathError::TooLong)?;
    let mut cursor = Cursor { stack };
    if rest.is_empty() {
        return Ok(cursor);
    }
    let mut segments = crate::text::split_ascii(rest, b'/');
    // `/json` names the root itself; `/` alone is also the root.
    match segments.next() {
        Some("json") => {}
        _ => return Err(XPathError::NotFound),
    }
    for seg in segments {
        step(&mut cursor, seg)?;
    }
    Ok(cursor)
}

/// Checks a path (absolute or relative) against the accessor grammar.
///
/// # Errors
/// [`XPathError::Syntax`], [`XPathError::XmlOnly`] or [`XPathError::TooLong`].
pub fn check_syntax(path: &str) -> Result<(), XPathError> {
    if path.len() > MAX_PATH_LEN {
        return Err(XPathError::TooLong);
    }
    if path == "/" {
        return Ok(());
    }
    let body = path.strip_prefix('/').unwrap_or(path);
    if body.is_empty() {
        return Err(XPathError::Syntax);
    }
    for seg in crate::text::split_ascii(body, b'/') {
        parse_segment(seg)?;
    }
    Ok(())
}

/// Joins a relative path onto the absolute `base`; an absolute `path` replaces it.
///
/// # Errors
/// [`XPathError::TooLong`] when the result exceeds [`MAX_PATH_LEN`].
pub fn join(base: &str, path: &str) -> Result<heapless::String<MAX_PATH_LEN>, XPathError> {
    let mut out = heapless::String::new();
    let push = |out: &mut heapless::String<MAX_PATH_LEN>, s: &str| {
        out.push_str(s).map_err(|_| XPathError::TooLong)
    };
    if path.starts_with('/') {
        push(&mut out, path)?;
    } else {
        push(&mut out, base.trim_end_matches('/'))?;
        push(&mut out, "/")?;
        push(&mut out, path)?;
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    Nth(usize),
    LastMinus(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'p> {
    Current,
    Parent,
    Child {
        name: Option<&'p str>,
        index: Option<Index>,
    },
}

fn parse_segment(seg: &str) -> Result<Segment<'_>, XPathError> {
    match seg {
        "" => return Err(XPathError::Syntax),
        "." => return Ok(Segment::Current),
        ".." => return Ok(Segment::Parent),
        _ => {}
    }
    let (name, pred) = match seg.find('[') {
        Some(open) => {
            let name = seg.get(..open).ok_or(XPathError::Syntax)?;
            let pred = seg
                .get(open..)
                .and_then(|p| p.strip_prefix('['))
                .and_then(|p| p.strip_suffix(']'))
                .ok_or(XPathError::Syntax)?;
            (name, Some(pred))
        }
        None => (seg, None),
    };
    if name.contains(']') {
        return Err(XPathError::Syntax);
    }
    let index = match pred {
        None => None,
        Some(p) => Some(parse_index(p)?),
    };
    let name = if name.is_empty() || name == "*" {
        if name.is_empty() && index.is_none() {
            return Err(XPathError::Syntax);
        }
        None
    } else {
        Some(name)
    };
    Ok(Segment::Child { name, index })
}

fn parse_index(p: &str) -> Result<Index, XPathError> {
    if p.starts_with('@') {
        return Err(XPathError::XmlOnly);
    }
    if let Some(rest) = p.strip_prefix("last()") {
        if rest.is_empty() {
            return Ok(Index::LastMinus(0));
        }
        let n = rest.strip_prefix('-').ok_or(XPathError::Syntax)?;
        return Ok(Index::LastMinus(parse_number(n)?));
    }
    Ok(Index::Nth(parse_number(p)?))
}

fn parse_number(s: &str) -> Result<usize, XPathError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(XPathError::Syntax);
    }
    // Digits only, so the only failure is overflow: no element has that index.
    s.parse().map_err(|_| XPathError::IndexOutOfRange)
}

fn step<'a>(cursor: &mut Cursor<'a>, seg: &str) -> Result<(), XPathError> {
    let next = match parse_segment(seg)? {
        Segment::Current => return Ok(()),
        Segment::Parent => {
            if cursor.stack.len() < 2 {
                return Err(XPathError::NoParent);
            }
            cursor.stack.pop();
            return Ok(());
        }
        Segment::Child { name, index } => {
            let current = cursor.current().ok_or(XPathError::NoParent)?;
            let matching = || {
                current
                    .children()
                    .filter(move |c| name.is_none_or(|n| c.name.matches(n)))
            };
            match index {
                None => matching().next().ok_or(XPathError::NotFound)?,
                Some(Index::Nth(i)) => {
                    let i = i.checked_sub(1).ok_or(XPathError::IndexOutOfRange)?;
                    matching().nth(i).ok_or(XPathError::IndexOutOfRange)?
                }
                Some(Index::LastMinus(back)) => {
                    let count = matching().count();
                    let i = count
                        .checked_sub(1)
                        .and_then(|last| last.checked_sub(back))
                        .ok_or(XPathError::IndexOutOfRange)?;
                    matching().nth(i).ok_or(XPathError::IndexOutOfRange)?
                }
            }
        }
    };
    cursor.stack.push(next).map_err(|_| XPathError::TooLong)
}

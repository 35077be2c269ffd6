//! Validation pass and borrowed views over a validated document.

use super::index::{Keys, ObjectIndex, Slot, first_duplicate};
use super::string::{JsonStr, string_end};
use super::ws::{self, skip as skip_ws};
use super::{JsonError, JsonErrorKind, MAX_DEPTH, MAX_MEMBERS};

/// A JSON value borrowed from a validated document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as its (validated) source text.
    Number(&'a str),
    /// A string.
    String(JsonStr<'a>),
    /// An object.
    Object(Object<'a>),
    /// An array.
    Array(Array<'a>),
}

impl<'a> Value<'a> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<JsonStr<'a>> {
        match self {
            Value::String(s) => Some(*s),
            _ => None,
        }
    }
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<Object<'a>> {
        match self {
            Value::Object(o) => Some(*o),
            _ => None,
        }
    }
    /// The array, if this is one.
    pub fn as_array(&self) -> Option<Array<'a>> {
        match self {
            Value::Array(a) => Some(*a),
            _ => None,
        }
    }
    /// The Boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// A short name of the JSON type, for error details.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Object(_) => "object",
            Value::Array(_) => "array",
        }
    }
}

/// A JSON object: its validated source text, braces included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object<'a> {
    raw: &'a str,
}

/// A JSON array: its validated source text, brackets included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Array<'a> {
    raw: &'a str,
}

impl<'a> Object<'a> {
    /// The object's exact source text, `{` to `}`.
    pub fn raw(&self) -> &'a str {
        self.raw
    }
    /// Iterates over the members in document order.
    pub fn iter(&self) -> ObjectIter<'a> {
        ObjectIter {
            s: self.raw,
            pos: 1,
        }
    }
    /// The value of the first member named `key`.
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.iter().find(|(k, _)| k.eq_str(key)).map(|(_, v)| v)
    }
    /// Number of members.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
    /// True when the object has no member.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl<'a> Array<'a> {
    /// The array's exact source text, `[` to `]`.
    pub fn raw(&self) -> &'a str {
        self.raw
    }
    /// Iterates over the elements.
    pub fn iter(&self) -> ArrayIter<'a> {
        ArrayIter {
            s: self.raw,
            pos: 1,
        }
    }
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
    /// True when the array has no element.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl<'a> IntoIterator for Object<'a> {
    type Item = (JsonStr<'a>, Value<'a>);
    type IntoIter = ObjectIter<'a>;
    fn into_iter(self) -> ObjectIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for Array<'a> {
    type Item = Value<'a>;
    type IntoIter = ArrayIter<'a>;
    fn into_iter(self) -> ArrayIter<'a> {
        self.iter()
    }
}

/// Iterator over an object's members.
#[derive(Debug, Clone)]
pub struct ObjectIter<'a> {
    s: &'a str,
    pos: usize,
}

/// Iterator over an array's elements.
#[derive(Debug, Clone)]
pub struct ArrayIter<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for ObjectIter<'a> {
    type Item = (JsonStr<'a>, Value<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        let mut i = skip_ws(b, self.pos);
        if *b.get(i)? == b',' {
            i = skip_ws(b, i.checked_add(1)?);
        }
        if *b.get(i)? != b'"' {
            self.pos = b.len();
            return None;
        }
        let end = string_end(b, i).ok()?;
        let key = JsonStr::from_raw(self.s.get(i.checked_add(1)?..end.checked_sub(1)?)?);
        i = skip_ws(b, end);
        if *b.get(i)? != b':' {
            self.pos = b.len();
            return None;
        }
        i = skip_ws(b, i.checked_add(1)?);
        let (value, end) = value_at(self.s, i)?;
        self.pos = end;
        Some((key, value))
    }
}

impl<'a> Iterator for ArrayIter<'a> {
    type Item = Value<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        let mut i = skip_ws(b, self.pos);
        match *b.get(i)? {
            b']' => {
                self.pos = b.len();
                return None;
            }
            b',' => i = skip_ws(b, i.checked_add(1)?),
            _ => {}
        }
        let (value, end) = value_at(self.s, i)?;
        self.pos = end;
        Some(value)
    }
}

/// Parses and validates `input` (UTF-8 JSON text) and returns its top-level value.
///
/// # Errors
/// A [`JsonError`] naming the first problem and its byte offset.
pub fn parse(input: &[u8]) -> Result<Value<'_>, JsonError> {
    let s = core::str::from_utf8(input).map_err(|e| JsonError {
        kind: JsonErrorKind::InvalidUtf8,
        offset: e.valid_up_to(),
    })?;
    parse_str(s)
}

/// Like [`parse`], for input already known to be UTF-8.
///
/// # Errors
/// A [`JsonError`] naming the first problem and its byte offset.
pub fn parse_str(s: &str) -> Result<Value<'_>, JsonError> {
    let start = validate(s, &mut Keys::new())?;
    top_value(s, start)
}

/// Like [`parse`], and when the document is an object, records the offsets
/// of its members during the same pass: lookups in the returned
/// [`ObjectIndex`] never re-read the values. `Ok(None)` for a valid
/// document that is not an object.
///
/// # Errors
/// A [`JsonError`] naming the first problem and its byte offset.
pub fn parse_indexed(input: &[u8]) -> Result<Option<ObjectIndex<'_>>, JsonError> {
    let s = core::str::from_utf8(input).map_err(|e| JsonError {
        kind: JsonErrorKind::InvalidUtf8,
        offset: e.valid_up_to(),
    })?;
    let mut keys = Keys::new();
    let start = validate(s, &mut keys)?;
    match top_value(s, start)? {
        Value::Object(o) => Ok(Some(ObjectIndex::new(s, o, keys))),
        _ => Ok(None),
    }
}

/// The key whose opening quote is at `quote` in `input` (the offset of a
/// [`JsonErrorKind::DuplicateKey`] error).
pub(crate) fn key_at(input: &[u8], quote: usize) -> Option<JsonStr<'_>> {
    let end = string_end(input, quote).ok()?;
    let text = input.get(quote.checked_add(1)?..end.checked_sub(1)?)?;
    core::str::from_utf8(text).ok().map(JsonStr::from_raw)
}

/// The top-level value of validated text `s`, which starts at `start` and
/// ends where the trailing whitespace begins (no re-scan of its content).
fn top_value(s: &str, start: usize) -> Result<Value<'_>, JsonError> {
    let end = ws::skip_back(s.as_bytes(), s.len());
    value_in_span(s, start, end).ok_or(JsonError {
        kind: JsonErrorKind::UnexpectedEnd,
        offset: start,
    })
}

fn err(kind: JsonErrorKind, offset: usize) -> JsonError {
    JsonError { kind, offset }
}

fn byte_at(b: &[u8], i: usize) -> Result<u8, JsonError> {
    b.get(i)
        .copied()
        .ok_or(err(JsonErrorKind::UnexpectedEnd, i))
}

/// Validates the whole document; returns the offset of the top-level value.
///
/// Every object's keys are recorded in `keys` as they are read and checked
/// for twins when the object closes (O(k log k) for k members, so the whole
/// pass stays O(n log n)); an object may have at most [`MAX_MEMBERS`]
/// members. When the top-level value is an object, `keys` ends up holding
/// its members in document order.
fn validate(s: &str, keys: &mut Keys) -> Result<usize, JsonError> {
    let b = s.as_bytes();
    if u32::try_from(b.len()).is_err() {
        return Err(err(JsonErrorKind::TooLarge, 0));
    }
    // Each level remembers whether it is an object (true) or an array, and
    // where its keys start in `keys`.
    let mut is_object = [false; MAX_DEPTH];
    let mut base = [0u8; MAX_DEPTH];
    let mut depth = 0usize;
    let start = skip_ws(b, 0);
    let mut i = start;
    'value: loop {
        // Expect a value at i.
        i = skip_ws(b, i);
        let c = byte_at(b, i)?;
        match c {
            b'{' | b'[' => {
                let too_deep = err(JsonErrorKind::TooDeep, i);
                *is_object.get_mut(depth).ok_or(too_deep)? = c == b'{';
                *base.get_mut(depth).ok_or(too_deep)? = u8::try_from(keys.len()).unwrap_or(u8::MAX);
                depth = depth.saturating_add(1);
                i = skip_ws(b, i.saturating_add(1));
                let close = if c == b'{' { b'}' } else { b']' };
                if byte_at(b, i)? == close {
                    depth = depth.saturating_sub(1);
                    i = i.saturating_add(1);
                } else {
                    if c == b'{' {
                        i = member_key(b, i, keys, &base, depth)?;
                    }
                    continue 'value;
                }
            }
            b'"' => i = string_end(b, i)?,
            b't' => i = literal(b, i, b"true")?,
            b'f' => i = literal(b, i, b"false")?,
            b'n' => i = literal(b, i, b"null")?,
            b'-' | b'0'..=b'9' => i = number_end(b, i)?,
            _ => return Err(err(JsonErrorKind::UnexpectedByte, i)),
        }
        // After a complete value: close containers or move to the next element.
        loop {
            if depth == 0 {
                let end = skip_ws(b, i);
                return if end == b.len() {
                    Ok(start)
                } else {
                    Err(err(JsonErrorKind::TrailingData, end))
                };
            }
            i = skip_ws(b, i);
            let in_object = is_object
                .get(depth.saturating_sub(1))
                .copied()
                .unwrap_or(false);
            match byte_at(b, i)? {
                b',' => {
                    i = skip_ws(b, i.saturating_add(1));
                    if in_object {
                        i = member_key(b, i, keys, &base, depth)?;
                    }
                    continue 'value;
                }
                b'}' if in_object => {
                    depth = depth.saturating_sub(1);
                    let from = usize::from(base.get(depth).copied().unwrap_or(0));
                    let own = keys.get(from..).unwrap_or_default();
                    if let Some(twin) = first_duplicate(s, own) {
                        let at = twin.quote();
                        return Err(err(JsonErrorKind::DuplicateKey, at));
                    }
                    // The top-level object's keys stay: they are its index.
                    if depth > 0 {
                        keys.truncate(from);
                    }
                    i = i.saturating_add(1);
                }
                b']' if !in_object => {
                    depth = depth.saturating_sub(1);
                    i = i.saturating_add(1);
                }
                _ => return Err(err(JsonErrorKind::UnexpectedByte, i)),
            }
        }
    }
}

/// At a member of the object at `depth` (whose keys start at
/// `base[depth - 1]`): `"key"` ws `:`. Records the key and returns the
/// offset after the colon.
fn member_key(
    b: &[u8],
    i: usize,
    keys: &mut Keys,
    base: &[u8; MAX_DEPTH],
    depth: usize,
) -> Result<usize, JsonError> {
    if byte_at(b, i)? != b'"' {
        return Err(err(JsonErrorKind::UnexpectedByte, i));
    }
    let close = string_end(b, i)?;
    let own = keys.len().saturating_sub(usize::from(
        base.get(depth.saturating_sub(1)).copied().unwrap_or(0),
    ));
    let too_many = err(JsonErrorKind::TooManyMembers, i);
    if own >= MAX_MEMBERS {
        return Err(too_many);
    }
    let slot = Slot::new(b, i, close).ok_or(err(JsonErrorKind::TooLarge, i))?;
    keys.push(slot).map_err(|_| too_many)?;
    let i = skip_ws(b, close);
    if byte_at(b, i)? != b':' {
        return Err(err(JsonErrorKind::UnexpectedByte, i));
    }
    Ok(i.saturating_add(1))
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Result<usize, JsonError> {
    let end = i.saturating_add(word.len());
    match b.get(i..end) {
        Some(s) if s == word => Ok(end),
        Some(_) => Err(err(JsonErrorKind::UnexpectedByte, i)),
        None => Err(err(JsonErrorKind::UnexpectedEnd, b.len())),
    }
}

fn digits(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b'0'..=b'9')) {
        i = i.saturating_add(1);
    }
    i
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
fn number_end(b: &[u8], start: usize) -> Result<usize, JsonError> {
    let bad = err(JsonErrorKind::InvalidNumber, start);
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i = i.saturating_add(1);
    }
    match b.get(i) {
        Some(b'0') => i = i.saturating_add(1),
        Some(b'1'..=b'9') => i = digits(b, i),
        _ => return Err(bad),
    }
    if b.get(i) == Some(&b'.') {
        let j = digits(b, i.saturating_add(1));
        if j == i.saturating_add(1) {
            return Err(bad);
        }
        i = j;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i = i.saturating_add(1);
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i = i.saturating_add(1);
        }
        let j = digits(b, i);
        if j == i {
            return Err(bad);
        }
        i = j;
    }
    Ok(i)
}

/// End offset of the (already validated) value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i).ok(),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string_end(b, j).ok()?;
                        continue;
                    }
                    b'{' | b'[' => depth = depth.saturating_add(1),
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return j.checked_add(1);
                        }
                    }
                    _ => {}
                }
                j = j.checked_add(1)?;
            }
        }
        b't' => i.checked_add(4),
        b'f' => i.checked_add(5),
        b'n' => i.checked_add(4),
        _ => number_end(b, i).ok(),
    }
}

/// The value at `i` in validated text `s`, and the offset after it.
fn value_at(s: &str, i: usize) -> Option<(Value<'_>, usize)> {
    let end = skip_value(s.as_bytes(), i)?;
    Some((value_in_span(s, i, end)?, end))
}

/// The value whose validated text is exactly `s[start..end]`.
pub(super) fn value_in_span(s: &str, start: usize, end: usize) -> Option<Value<'_>> {
    let text = s.get(start..end)?;
    let v = match *text.as_bytes().first()? {
        b'"' => Value::String(JsonStr::from_raw(text.get(1..text.len().checked_sub(1)?)?)),
        b'{' => Value::Object(Object { raw: text }),
        b'[' => Value::Array(Array { raw: text }),
        b't' => Value::Bool(true),
        b'f' => Value::Bool(false),
        b'n' => Value::Null,
        _ => Value::Number(text),
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::MAX_MEMBERS;

    #[test]
    fn accepts_and_views_nested_documents() {
        let v = parse(br#" {"a":"x\"y","b":[1,-2.5e3,true,null,{"c":{}}],"d":{}} "#).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.len(), 3);
        assert!(o.get("a").unwrap().as_str().unwrap().eq_str("x\"y"));
        let arr = o.get("b").unwrap().as_array().unwrap();
        let items: std::vec::Vec<_> = arr.iter().collect();
        assert_eq!(items.len(), 5);
        assert_eq!(items[1], Value::Number("-2.5e3"));
        assert_eq!(items[3], Value::Null);
        assert!(o.get("d").unwrap().as_object().unwrap().is_empty());
        assert!(o.get("zz").is_none());
    }

    #[test]
    fn rejects_malformed_documents() {
        let bad: &[&[u8]] = &[
            b"",
            b"{",
            b"}",
            b"[1,]",
            b"{\"a\":1,}",
            b"{\"a\" 1}",
            b"{a:1}",
            b"01",
            b"1.",
            b"-",
            b"1e",
            b"tru",
            b"nul",
            b"\"abc",
            b"\"\\x\"",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"a\x01\"",
            b"{} {}",
            b"[1 2]",
            b"{\"a\":1]",
            b"[}",
            b"\xff",
            b"NaN",
        ];
        for doc in bad {
            assert!(parse(doc).is_err(), "{:?}", core::str::from_utf8(doc));
        }
    }

    #[test]
    fn depth_is_bounded() {
        let mut ok = std::string::String::new();
        for _ in 0..MAX_DEPTH {
            ok.push('[');
        }
        for _ in 0..MAX_DEPTH {
            ok.push(']');
        }
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = std::format!("[{ok}]");
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().kind,
            JsonErrorKind::TooDeep
        );
        let hostile = "[".repeat(100_000);
        assert_eq!(
            parse(hostile.as_bytes()).unwrap_err().kind,
            JsonErrorKind::TooDeep
        );
    }

    fn dup_at(doc: &[u8]) -> Option<std::string::String> {
        match parse(doc) {
            Err(e) if e.kind == JsonErrorKind::DuplicateKey => {
                Some(key_at(doc, e.offset).unwrap().chars().collect())
            }
            _ => None,
        }
    }

    #[test]
    fn duplicate_keys_are_refused_at_every_depth_even_when_escaped() {
        assert_eq!(
            dup_at(br#"{"ab":1,"c":2,"a\u0062":3}"#).as_deref(),
            Some("ab")
        );
        assert_eq!(
            dup_at(br#"{"x":[{"a":1,"b":{"q":0,"q":1}}]}"#).as_deref(),
            Some("q")
        );
        assert_eq!(dup_at(br#"[{},{"k":1,"k":2}]"#).as_deref(), Some("k"));
        assert!(parse(br#"{"ab":1,"c":{"ab":2},"d":[{"ab":3},{"ab":4}]}"#).is_ok());
        // The earliest member that has a later twin is named.
        assert_eq!(
            dup_at(br#"{"b":1,"a":1,"a":2,"b":2}"#).as_deref(),
            Some("b")
        );
        for n in [63usize, 64, 65, 100, MAX_MEMBERS - 1] {
            let mut doc = std::string::String::from("{");
            for i in 0..n {
                doc.push_str(&std::format!("\"k{i}\":{i},"));
            }
            let dup = std::format!("{doc}\"k0\":0}}");
            assert_eq!(dup_at(dup.as_bytes()).as_deref(), Some("k0"), "{n}");
            let unique = std::format!("{doc}\"z\":0}}");
            assert!(parse(unique.as_bytes()).is_ok(), "{n}");
        }
    }

    #[test]
    fn members_are_bounded_per_object_and_open_at_once() {
        let object = |n: usize, last: &str| {
            let mut doc = std::string::String::from("{");
            for i in 0..n {
                doc.push_str(&std::format!("\"k{i}\":0,"));
            }
            doc.push_str(&std::format!("\"last\":{last}}}"));
            doc
        };
        assert!(parse(object(MAX_MEMBERS - 1, "0").as_bytes()).is_ok());
        let e = parse(object(MAX_MEMBERS, "0").as_bytes()).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::TooManyMembers);
        // Refused at the first member past the cap, before reading the rest.
        let huge = object(100_000, "0");
        let e = parse(huge.as_bytes()).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::TooManyMembers);
        assert_eq!(
            e.offset,
            huge.find(&std::format!("\"k{MAX_MEMBERS}\"")).unwrap()
        );
        // Full objects nested in each other exhaust the pending keys.
        let inner = object(MAX_MEMBERS / 2 - 1, "0");
        assert!(parse(object(MAX_MEMBERS - 1, &inner).as_bytes()).is_ok());
        let inner = object(MAX_MEMBERS / 2, "0");
        let e = parse(object(MAX_MEMBERS - 1, &inner).as_bytes()).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::TooManyMembers);
        // Closed objects give their keys back.
        let many = std::format!(
            "[{}]",
            std::vec![object(MAX_MEMBERS - 1, "0"); 50].join(",")
        );
        assert!(parse(many.as_bytes()).is_ok());
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        let doc = br#"{"k":[{"x":"\u00e9\ud83d\ude00","y":[[],{}]},0,-0.5E+2],"e":""}"#;
        let ours = parse(doc).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(doc).unwrap();
        let o = ours.as_object().unwrap();
        let first = o
            .get("k")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let x = first
            .as_object()
            .unwrap()
            .get("x")
            .unwrap()
            .as_str()
            .unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(
            x.unescape_into(&mut buf).unwrap(),
            theirs["k"][0]["x"].as_str().unwrap()
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = parse(&data);
        }

        #[test]
        fn verdict_matches_serde_json(s in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,40}") {
            // serde_json keeps the last of two twins; the verdict is on the grammar.
            let ours = match parse(s.as_bytes()) {
                Err(e) => e.kind == JsonErrorKind::DuplicateKey,
                Ok(_) => true,
            };
            let theirs = serde_json::from_str::<serde_json::Value>(&s).is_ok();
            proptest::prop_assert_eq!(ours, theirs, "{}", s);
        }
    }
}

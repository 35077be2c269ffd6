//! Helpers that read members of a received message and map each failure to
//! its Erro code (Annex A: absent, `""` and `null` all count as missing).
//!
//! Field names are `&'static str` paths such as `challengeEntryBox.challengeDataEntryLabel`;
//! the member looked up is the last path segment.

use super::codes::ErrorCode;
use super::error::{MessageError, Problem};
use super::ids::TransId;
use crate::json::{self, JsonErrorKind, JsonStr, Object, ObjectIndex, Value};

/// The object a message parser reads members from: a top-level message with
/// its member table (each lookup walks short keys), or a small nested object
/// (each lookup scans it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Members<'a, 'i> {
    /// A message opened by [`open`].
    Indexed(&'i ObjectIndex<'a>),
    /// A nested object.
    Plain(Object<'a>),
}

impl<'a> Members<'a, '_> {
    /// The value of the first member named `key`.
    pub(crate) fn get(self, key: &str) -> Option<Value<'a>> {
        match self {
            Members::Indexed(ix) => ix.get(key),
            Members::Plain(o) => o.get(key),
        }
    }

    /// The object itself.
    pub(crate) fn object(self) -> Object<'a> {
        match self {
            Members::Indexed(ix) => ix.object(),
            Members::Plain(o) => o,
        }
    }
}

impl<'a> From<Object<'a>> for Members<'a, '_> {
    fn from(o: Object<'a>) -> Self {
        Members::Plain(o)
    }
}

impl<'a, 'i> From<&'i ObjectIndex<'a>> for Members<'a, 'i> {
    fn from(ix: &'i ObjectIndex<'a>) -> Self {
        Members::Indexed(ix)
    }
}

/// The member name of a field path.
fn key_of(field: &'static str) -> &'static str {
    // A byte search rather than `rsplit('.')`: core's char searcher keeps a
    // (dead, but unprovably so) slice-index panic in the image.
    match field.bytes().rposition(|b| b == b'.') {
        Some(dot) => field.get(dot.saturating_add(1)..).unwrap_or(field),
        None => field,
    }
}

/// Parses `input` as one JSON object, with the table of its members
/// (recorded while the document is validated).
///
/// 101 when it is longer than `max` bytes (before reading it), is not a
/// JSON object or an object has more than [`json::MAX_MEMBERS`] members;
/// 204 (with the name) when any object of the message has a member twice.
pub(crate) fn open(input: &[u8], max: usize) -> Result<ObjectIndex<'_>, MessageError> {
    let invalid = |problem| MessageError::new(ErrorCode::MESSAGE_INVALID, "", problem);
    let too_large = |what: &str| invalid(Problem::TooLarge).with_detail(what.chars());
    if input.len() > max {
        return Err(too_large("message size"));
    }
    match json::parse_indexed(input) {
        Ok(Some(index)) => Ok(index),
        Ok(None) => Err(invalid(Problem::NotObject)),
        Err(e) => Err(match e.kind {
            JsonErrorKind::DuplicateKey => {
                let name = json::key_at(input, e.offset).map(|k| k.chars());
                MessageError::new(ErrorCode::DUPLICATE, "", Problem::DuplicateKey)
                    .with_detail(name.into_iter().flatten())
            }
            JsonErrorKind::TooManyMembers => too_large("member count"),
            JsonErrorKind::TooLarge => too_large("message size"),
            _ => invalid(Problem::NotJson),
        }),
    }
}

/// True for the "missing" values of Annex A: `null`, `""`, `[]`, `{}`.
pub(crate) fn is_blank(v: &Value<'_>) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// The member's value, or `None` when it is absent or blank.
pub(crate) fn get<'a>(obj: Members<'a, '_>, field: &'static str) -> Option<Value<'a>> {
    obj.get(key_of(field)).filter(|v| !is_blank(v))
}

/// True when the member is present and not blank.
pub(crate) fn has(obj: Members<'_, '_>, field: &'static str) -> bool {
    get(obj, field).is_some()
}

/// A string member with a character length in `min..=max`, or `None`.
pub(crate) fn opt_str<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    min: usize,
    max: usize,
) -> Result<Option<JsonStr<'a>>, MessageError> {
    let Some(v) = get(obj, field) else {
        return Ok(None);
    };
    let s = v.as_str().ok_or_else(|| MessageError::format(field))?;
    let n = s.char_count();
    if n > max {
        return Err(MessageError::too_long(field));
    }
    if n < min {
        return Err(MessageError::format(field));
    }
    Ok(Some(s))
}

/// Like [`opt_str`], but a missing member is a 201.
pub(crate) fn req_str<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    min: usize,
    max: usize,
) -> Result<JsonStr<'a>, MessageError> {
    opt_str(obj, field, min, max)?.ok_or_else(|| MessageError::missing(field))
}

/// A short code member decoded into a fixed string of at most `N` characters.
pub(crate) fn opt_code<const N: usize>(
    obj: Members<'_, '_>,
    field: &'static str,
) -> Result<Option<heapless::String<N>>, MessageError> {
    match opt_str(obj, field, 1, N)? {
        None => Ok(None),
        Some(s) => s
            .to_heapless::<N>()
            .map(Some)
            .map_err(|_| MessageError::format(field)),
    }
}

/// Like [`opt_code`], but a missing member is a 201.
pub(crate) fn req_code<const N: usize>(
    obj: Members<'_, '_>,
    field: &'static str,
) -> Result<heapless::String<N>, MessageError> {
    opt_code::<N>(obj, field)?.ok_or_else(|| MessageError::missing(field))
}

/// A required transaction id (201 missing, 203 not a UUID).
pub(crate) fn req_id(obj: Members<'_, '_>, field: &'static str) -> Result<TransId, MessageError> {
    let s = req_code::<36>(obj, field)?;
    TransId::parse(&s).ok_or_else(|| MessageError::format(field))
}

/// An optional transaction id.
pub(crate) fn opt_id(
    obj: Members<'_, '_>,
    field: &'static str,
) -> Result<Option<TransId>, MessageError> {
    match opt_code::<36>(obj, field)? {
        None => Ok(None),
        Some(s) => TransId::parse(&s)
            .map(Some)
            .ok_or_else(|| MessageError::format(field)),
    }
}

/// An optional `Y`/`N` member; `allow_n == false` accepts only `Y`.
pub(crate) fn opt_yn(
    obj: Members<'_, '_>,
    field: &'static str,
    allow_n: bool,
) -> Result<Option<bool>, MessageError> {
    match opt_code::<1>(obj, field)?.as_deref() {
        None => Ok(None),
        Some("Y") => Ok(Some(true)),
        Some("N") if allow_n => Ok(Some(false)),
        Some(_) => Err(MessageError::value(field)),
    }
}

/// An optional two-digit code member parsed by `parse`; 203 when it is not
/// two digits or `accept` rejects it.
pub(crate) fn opt_two<T: Copy>(
    obj: Members<'_, '_>,
    field: &'static str,
    parse: fn(&str) -> Option<T>,
    accept: impl Fn(T) -> bool,
) -> Result<Option<T>, MessageError> {
    match opt_code::<2>(obj, field)? {
        None => Ok(None),
        Some(s) => match parse(&s) {
            Some(t) if accept(t) => Ok(Some(t)),
            _ => Err(MessageError::value(field)),
        },
    }
}

/// An optional JSON object member whose serialised text is at most `max` characters.
pub(crate) fn opt_object<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    max: usize,
) -> Result<Option<Object<'a>>, MessageError> {
    let Some(v) = get(obj, field) else {
        return Ok(None);
    };
    let o = v.as_object().ok_or_else(|| MessageError::format(field))?;
    if o.raw().chars().count() > max {
        return Err(MessageError::too_long(field));
    }
    Ok(Some(o))
}

/// A fully qualified URL: `scheme://rest` with an ASCII letter scheme.
pub(crate) fn is_url(s: JsonStr<'_>) -> bool {
    let mut chars = s.chars();
    let mut scheme_len = 0usize;
    for c in chars.by_ref() {
        if c == ':' {
            break;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return false;
        }
        scheme_len = scheme_len.saturating_add(1);
    }
    scheme_len > 0
        && chars.next() == Some('/')
        && chars.next() == Some('/')
        && chars.next().is_some()
}

/// An optional URL string member of at most `max` characters.
pub(crate) fn opt_url<'a>(
    obj: Members<'a, '_>,
    field: &'static str,
    max: usize,
) -> Result<Option<JsonStr<'a>>, MessageError> {
    let s = opt_str(obj, field, 1, max)?;
    match s {
        Some(u) if !is_url(u) => Err(MessageError::format(field)),
        other => Ok(other),
    }
}

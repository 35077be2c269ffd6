//! Re-serialises caller-supplied JSON text (device-info arrays, JWKs,
//! extension data, custom request fields) compactly, so our output is
//! deterministic whatever whitespace the caller used.

use super::error::BuildError;
use crate::json::{self, JsonStr, JsonWriter, Value};

/// Longest member name (in UTF-8 bytes) inside caller-supplied JSON objects.
pub const MAX_NESTED_KEY_BYTES: usize = 256;

/// Validates `text` as one JSON value and returns it.
pub(crate) fn parse_value<'a>(text: &'a str, field: &'static str) -> Result<Value<'a>, BuildError> {
    json::parse_str(text).map_err(|_| BuildError::Invalid(field))
}

/// The source slice of a string *with* its quotes. `s` must come from `src`.
fn quoted<'a>(src: &'a str, s: JsonStr<'a>) -> Option<&'a str> {
    let base = src.as_ptr() as usize;
    let start = (s.raw().as_ptr() as usize)
        .checked_sub(base)?
        .checked_sub(1)?;
    let end = start.checked_add(s.raw().len())?.checked_add(2)?;
    src.get(start..end)
}

/// Writes `v` (parsed from `src`) without whitespace. Strings keep their
/// (valid) escapes as received; member names are re-escaped.
pub(crate) fn write_compact(
    w: &mut JsonWriter<'_>,
    src: &str,
    v: Value<'_>,
    field: &'static str,
) -> Result<(), BuildError> {
    match v {
        Value::Null => w.null()?,
        Value::Bool(b) => w.bool(b)?,
        Value::Number(n) => w.raw(n)?,
        Value::String(s) => w.raw(quoted(src, s).ok_or(BuildError::Invalid(field))?)?,
        Value::Array(a) => {
            w.begin_array()?;
            for item in a {
                write_compact(w, src, item, field)?;
            }
            w.end_array()?;
        }
        Value::Object(o) => {
            w.begin_object()?;
            for (k, item) in o {
                let key = k
                    .to_heapless::<MAX_NESTED_KEY_BYTES>()
                    .map_err(|_| BuildError::TooLong(field))?;
                w.key(&key)?;
                write_compact(w, src, item, field)?;
            }
            w.end_object()?;
        }
    }
    Ok(())
}

/// Validates `text` as a JSON object and writes it compactly.
pub(crate) fn write_object_text(
    w: &mut JsonWriter<'_>,
    text: &str,
    field: &'static str,
) -> Result<(), BuildError> {
    let v = parse_value(text, field)?;
    if v.as_object().is_none() {
        return Err(BuildError::Invalid(field));
    }
    write_compact(w, text, v, field)
}

/// Number of characters `v` takes when written compactly (for length limits
/// that the protocol states on the serialised object).
pub(crate) fn compact_char_len(v: Value<'_>) -> usize {
    match v {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => n.chars().count(),
        Value::String(s) => s.raw().chars().count().saturating_add(2),
        Value::Array(a) => {
            let mut n = 2usize;
            for (i, item) in a.iter().enumerate() {
                n = n
                    .saturating_add(usize::from(i > 0))
                    .saturating_add(compact_char_len(item));
            }
            n
        }
        Value::Object(o) => {
            let mut n = 2usize;
            for (i, (k, item)) in o.iter().enumerate() {
                n = n
                    .saturating_add(usize::from(i > 0))
                    .saturating_add(escaped_char_len(k))
                    .saturating_add(1)
                    .saturating_add(compact_char_len(item));
            }
            n
        }
    }
}

/// Characters of a member name as [`JsonWriter::key`] writes it (quotes included).
fn escaped_char_len(k: JsonStr<'_>) -> usize {
    k.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2usize,
            c if (c as u32) < 0x20 => 6,
            _ => 1,
        })
        .fold(2usize, usize::saturating_add)
}

//! Extra members added to an outgoing request (the reference's
//! `add_request_field(name, value, value_type)`).

use super::compact;
use super::error::BuildError;
use crate::json::JsonWriter;

/// The value of an extra request member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFieldValue<'a> {
    /// Written as a JSON string.
    String(&'a str),
    /// JSON text, validated and written compactly as the member's value.
    Json(&'a str),
}

/// One extra member, written at the end of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestField<'a> {
    /// Member name (must not repeat a member the builder writes itself).
    pub name: &'a str,
    /// Member value.
    pub value: RequestFieldValue<'a>,
}

impl<'a> RequestField<'a> {
    /// A field from the reference's arguments: `value_type` 1 is raw JSON,
    /// 2 a string. `None` for another `value_type`.
    pub fn from_reference(name: &'a str, value: &'a str, value_type: i32) -> Option<Self> {
        let value = match value_type {
            1 => RequestFieldValue::Json(value),
            2 => RequestFieldValue::String(value),
            _ => return None,
        };
        Some(Self { name, value })
    }
}

/// Writes every field, refusing names in `reserved` or repeated names.
pub(crate) fn write_all(
    w: &mut JsonWriter<'_>,
    fields: &[RequestField<'_>],
    reserved: &[&str],
) -> Result<(), BuildError> {
    for (i, f) in fields.iter().enumerate() {
        if f.name.is_empty() {
            return Err(BuildError::Invalid("request field name"));
        }
        let repeated = fields
            .get(..i)
            .is_some_and(|before| before.iter().any(|b| b.name == f.name));
        if repeated || reserved.contains(&f.name) {
            return Err(BuildError::Conflict("request field repeats a member"));
        }
        w.key(f.name)?;
        match f.value {
            RequestFieldValue::String(s) => w.string(s)?,
            RequestFieldValue::Json(text) => {
                let v = compact::parse_value(text, "request field value")?;
                compact::write_compact(w, text, v, "request field value")?;
            }
        }
    }
    Ok(())
}

//! Message extensions (`messageExtension`): parse/validate incoming ones and
//! build outgoing ones, from fields or from raw JSON text (the reference's
//! `OutgoingRawExtensions` / `IncomingRawExtensions`).

use super::codes::ErrorCode;
use super::compact;
use super::error::{BuildError, MessageError, Problem};
use super::fields::{self, Members};
use super::version::MessageVersion;
use crate::json::{self, Array, JsonStr, JsonWriter, Object, Value};

/// Maximum length of an extension `id` and `name`.
pub const MAX_EXTENSION_ID: usize = 64;
/// Maximum serialised length of an extension's `data` object.
pub const MAX_EXTENSION_DATA: usize = 8059;
/// Maximum serialised length of the whole `messageExtension` array.
pub const MAX_EXTENSIONS_TOTAL: usize = 81_920;

/// Maximum number of extensions in one message: 10 up to 2.2.0, 15 in 2.3.1.
pub const fn max_extensions(version: MessageVersion) -> usize {
    if version.is_2_3() { 15 } else { 10 }
}

const FIELD: &str = "messageExtension";

/// One message extension; the type parameters say who holds its texts: a
/// received one ([`Extension`]) borrows the message, an outgoing one
/// ([`OutgoingExtension`]) borrows the caller's strings, and the facade's
/// `extension_*` properties own theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExtensionOf<S, D> {
    /// `id` (starts with the payment system's RID; 1–64 characters).
    pub id: S,
    /// `name` (1–64 characters).
    pub name: S,
    /// `criticalityIndicator`.
    pub critical: bool,
    /// `data`: a JSON object (at most 8059 characters once compacted).
    pub data: D,
}

/// One received extension, borrowed from the message.
pub type Extension<'a> = ExtensionOf<JsonStr<'a>, Object<'a>>;

/// The validated `messageExtension` array of a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions<'a> {
    array: Array<'a>,
}

impl<'a> Extensions<'a> {
    /// The array's exact received text (the reference's `IncomingRawExtensions`).
    pub fn raw(&self) -> &'a str {
        self.array.raw()
    }

    /// The extensions in received order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + 'a {
        self.array
            .iter()
            .filter_map(|v| v.as_object().and_then(|o| read_one(o).ok()))
    }

    /// Number of extensions.
    pub fn len(&self) -> usize {
        self.array.len()
    }

    /// True when there is none (never the case for a parsed message).
    pub fn is_empty(&self) -> bool {
        self.array.is_empty()
    }

    /// The raw text and the entries, owned (escapes of `id` and `name`
    /// decoded, `data` as received), for read-outs that outlive the message.
    #[cfg(feature = "alloc")]
    pub fn to_owned_list(
        &self,
    ) -> (
        alloc::string::String,
        alloc::vec::Vec<ExtensionOf<alloc::string::String, alloc::string::String>>,
    ) {
        let list = self
            .iter()
            .map(|e| ExtensionOf {
                id: e.id.chars().collect(),
                name: e.name.chars().collect(),
                critical: e.critical,
                data: e.data.raw().into(),
            })
            .collect();
        (self.raw().into(), list)
    }
}

fn read_one(o: Object<'_>) -> Result<Extension<'_>, MessageError> {
    let m = Members::from(o);
    let id = fields::req_str(m, "messageExtension.id", 1, MAX_EXTENSION_ID)?;
    let name = fields::req_str(m, "messageExtension.name", 1, MAX_EXTENSION_ID)?;
    let critical = match o.get("criticalityIndicator") {
        None | Some(Value::Null) => {
            return Err(MessageError::missing(
                "messageExtension.criticalityIndicator",
            ));
        }
        Some(v) => v
            .as_bool()
            .ok_or_else(|| MessageError::format("messageExtension.criticalityIndicator"))?,
    };
    let data = match o.get("data") {
        None | Some(Value::Null) => return Err(MessageError::missing("messageExtension.data")),
        Some(v) => v
            .as_object()
            .ok_or_else(|| MessageError::format("messageExtension.data"))?,
    };
    if compact::compact_char_len(Value::Object(data)) > MAX_EXTENSION_DATA {
        return Err(MessageError::too_long("messageExtension.data"));
    }
    Ok(Extension {
        id,
        name,
        critical,
        data,
    })
}

/// Validates the `messageExtension` member of `obj`, if present.
///
/// `understood` holds the ids of the extensions this SDK implements; any
/// other extension marked critical fails with 202 (its id in the error's
/// `detail`).
pub(crate) fn parse<'a>(
    obj: Members<'a, '_>,
    version: MessageVersion,
    understood: &[&str],
) -> Result<Option<Extensions<'a>>, MessageError> {
    let Some(v) = fields::get(obj, FIELD) else {
        return Ok(None);
    };
    let array = validate_array(v, version)?;
    for item in array {
        let ext = item
            .as_object()
            .ok_or_else(|| MessageError::format(FIELD))
            .and_then(read_one)?;
        if ext.critical && !understood.iter().any(|u| ext.id.eq_str(u)) {
            return Err(MessageError::new(
                ErrorCode::CRITICAL_EXTENSION,
                FIELD,
                Problem::UnknownCriticalExtension,
            )
            .with_detail(ext.id.chars()));
        }
    }
    Ok(Some(Extensions { array }))
}

fn validate_array(v: Value<'_>, version: MessageVersion) -> Result<Array<'_>, MessageError> {
    let array = v.as_array().ok_or_else(|| MessageError::format(FIELD))?;
    if array.len() > max_extensions(version) {
        return Err(MessageError::too_long(FIELD));
    }
    if compact::compact_char_len(v) > MAX_EXTENSIONS_TOTAL {
        return Err(MessageError::too_long(FIELD));
    }
    for (i, item) in array.iter().enumerate() {
        let o = item
            .as_object()
            .ok_or_else(|| MessageError::format(FIELD))?;
        read_one(o)?;
        // Identical elements are duplicates (Annex A.16) → 204.
        if array
            .iter()
            .skip(i.saturating_add(1))
            .any(|other| other.as_object().is_some_and(|p| p.raw() == o.raw()))
        {
            return Err(MessageError::new(
                ErrorCode::DUPLICATE,
                FIELD,
                Problem::DuplicateKey,
            ));
        }
    }
    Ok(array)
}

/// One extension of an outgoing message: `data` is JSON object text.
pub type OutgoingExtension<'a> = ExtensionOf<&'a str, &'a str>;

/// The extensions of an outgoing message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutgoingExtensions<'a> {
    /// No `messageExtension` member.
    #[default]
    None,
    /// Built from fields.
    List(&'a [OutgoingExtension<'a>]),
    /// A complete `messageExtension` array as JSON text (the reference's
    /// `OutgoingRawExtensions`); validated and written compactly.
    Raw(&'a str),
}

/// Writes `"messageExtension":[…]` unless `ext` is `None`.
pub(crate) fn write(
    w: &mut JsonWriter<'_>,
    version: MessageVersion,
    ext: OutgoingExtensions<'_>,
) -> Result<(), BuildError> {
    match ext {
        OutgoingExtensions::None => Ok(()),
        OutgoingExtensions::List(list) => {
            if list.is_empty() {
                return Ok(());
            }
            if list.len() > max_extensions(version) {
                return Err(BuildError::CapacityExceeded(FIELD));
            }
            w.key(FIELD)?;
            // The 81,920-character cap counts the array as written (escapes
            // included), so it is measured on the writer itself.
            let start = w.chars();
            w.begin_array()?;
            for e in list {
                let id_len = e.id.chars().count();
                let name_len = e.name.chars().count();
                if id_len == 0 || name_len == 0 {
                    return Err(BuildError::Missing("messageExtension.id"));
                }
                if id_len > MAX_EXTENSION_ID || name_len > MAX_EXTENSION_ID {
                    return Err(BuildError::TooLong("messageExtension.id"));
                }
                let data = compact::parse_value(e.data, "messageExtension.data")?;
                if data.as_object().is_none() {
                    return Err(BuildError::Invalid("messageExtension.data"));
                }
                if compact::compact_char_len(data) > MAX_EXTENSION_DATA {
                    return Err(BuildError::TooLong("messageExtension.data"));
                }
                w.begin_object()?;
                w.field_str("name", e.name)?;
                w.field_str("id", e.id)?;
                w.key("criticalityIndicator")?;
                w.bool(e.critical)?;
                w.key("data")?;
                compact::write_compact(w, e.data, data, "messageExtension.data")?;
                w.end_object()?;
            }
            w.end_array()?;
            if w.chars().saturating_sub(start) > MAX_EXTENSIONS_TOTAL {
                return Err(BuildError::TooLong(FIELD));
            }
            Ok(())
        }
        OutgoingExtensions::Raw(text) => {
            let v = json::parse_str(text).map_err(|_| BuildError::Invalid(FIELD))?;
            validate_array(v, version).map_err(|e| match e.problem {
                Problem::TooLong => BuildError::TooLong(FIELD),
                _ => BuildError::Invalid(FIELD),
            })?;
            if v.as_array().is_some_and(|a| a.is_empty()) {
                return Ok(());
            }
            w.key(FIELD)?;
            compact::write_compact(w, text, v, FIELD)
        }
    }
}

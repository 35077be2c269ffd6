//! Small helpers shared by the roles.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// A fresh random (v4) UUID in canonical lower-case form.
#[must_use]
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Whether `text` is a UUID in canonical 8-4-4-4-12 form (any version).
#[must_use]
pub fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Length in characters (the spec counts UTF-8 characters, not bytes).
#[must_use]
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Whether `text` is exactly `n` ASCII digits.
#[must_use]
pub fn is_digits(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_digit())
}

/// "Missing" in the spec's sense: absent, `null` or an empty string.
#[must_use]
pub fn is_missing(obj: &Map<String, Value>, name: &str) -> bool {
    match obj.get(name) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// Merges `overrides` into `target`; a `null` override removes the field.
pub fn merge(target: &mut Map<String, Value>, overrides: &Map<String, Value>) {
    for (key, value) in overrides {
        if value.is_null() {
            target.remove(key);
        } else {
            target.insert(key.clone(), value.clone());
        }
    }
}

/// The protocol versions the simulator speaks.
pub const VERSIONS: [&str; 3] = ["2.1.0", "2.2.0", "2.3.1"];

/// Whether `version` is at least `min` (both among [`VERSIONS`]).
#[must_use]
pub fn at_least(version: &str, min: &str) -> bool {
    let rank = |v: &str| VERSIONS.iter().position(|x| *x == v);
    matches!((rank(version), rank(min)), (Some(a), Some(b)) if a >= b)
}

/// The Table A.4 error description for a code.
#[must_use]
pub fn error_description(code: &str) -> &'static str {
    match code {
        "101" => "Message Received Invalid",
        "102" => "Message Version Number Not Supported",
        "201" => "Required Data Element Missing",
        "202" => "Critical Message Extension Not Recognised",
        "203" => {
            "Format or value of one or more Data Elements is Invalid according to the Specification"
        }
        "204" => "Duplicate Data Element",
        "301" => "Transaction ID Not Recognised",
        "302" => "Data Decryption Failure",
        "305" => "Transaction data not valid",
        "311" => "Incorrect kid",
        "402" => "Transaction Timed Out",
        "403" => "Transient System Failure",
        "404" => "Permanent System Failure",
        "405" => "System Connection Failure",
        _ => "Error",
    }
}

/// Whether `value` is a JSON array of `min..=max` distinct strings, each in
/// `allowed`.
#[must_use]
pub fn is_string_array(value: &Value, allowed: &[&str], min: usize, max: usize) -> bool {
    let Some(items) = value.as_array() else {
        return false;
    };
    let mut seen = HashSet::new();
    (min..=max).contains(&items.len())
        && items.iter().all(|item| {
            item.as_str()
                .is_some_and(|s| allowed.contains(&s) && seen.insert(s))
        })
}

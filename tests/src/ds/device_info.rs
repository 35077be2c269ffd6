//! Validation of the decrypted device information (DV, DD, DPNA, SW).

use serde_json::Value;

use crate::util::is_string_array;

/// Checks the decrypted device information: `DV`, `DD`, optional `DPNA`/`SW`.
pub(crate) fn validate_device_info(plain: &[u8]) -> Result<Value, String> {
    let value: Value = serde_json::from_slice(plain).map_err(|e| format!("not JSON: {e}"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    let param_name = |k: &str| {
        k.len() == 4
            && k.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && k.bytes().skip(1).all(|b| b.is_ascii_digit())
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "DV" | "DD" | "DPNA" | "SW") {
            return Err(format!("unknown member `{key}`"));
        }
    }
    match obj.get("DV") {
        Some(Value::String(s)) if !s.is_empty() => {}
        _ => return Err("DV missing or not a string".into()),
    }
    let dd = obj
        .get("DD")
        .and_then(Value::as_object)
        .ok_or("DD missing or not an object")?;
    for (key, value) in dd {
        if !param_name(key) {
            return Err(format!("DD key `{key}` is not a parameter identifier"));
        }
        let ok = match value {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "DD.{key} is neither a string nor an array of strings"
            ));
        }
    }
    if let Some(dpna) = obj.get("DPNA") {
        let dpna = dpna.as_object().ok_or("DPNA is not an object")?;
        for (key, value) in dpna {
            if !param_name(key) || dd.contains_key(key) {
                return Err(format!("DPNA key `{key}` is invalid or also present in DD"));
            }
            if !matches!(value.as_str(), Some("RE01" | "RE02" | "RE03" | "RE04")) {
                return Err(format!("DPNA.{key} is not RE01..RE04"));
            }
        }
    }
    if let Some(sw) = obj.get("SW")
        && !is_string_array(sw, &["SW01", "SW02", "SW03", "SW04", "SW05"], 1, 5)
    {
        return Err("SW is not a list of SW01..SW05".into());
    }
    Ok(value)
}

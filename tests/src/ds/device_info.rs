//! Validation of the decrypted device information (DV, DD, DPNA, SW).

use serde_json::Value;

use crate::util::{is_string_array, is_uuid};

/// What the AReq says that the device information must agree with.
pub(crate) struct AreqIds<'a> {
    pub sdk_app_id: &'a str,
    pub sdk_reference_number: &'a str,
    pub sdk_trans_id: &'a str,
}

/// Checks the decrypted device information: `DV`, `DD`, optional `DPNA`/`SW`;
/// with `DV` 1.6 also every common parameter's format (and `C014`, `C016`,
/// `C018` against the AReq).
pub(crate) fn validate_device_info(plain: &[u8], areq: &AreqIds<'_>) -> Result<Value, String> {
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
    if let Some(sw) = obj.get("SW") {
        let distinct = sw.as_array().is_some_and(|a| {
            let mut v: Vec<_> = a.iter().filter_map(Value::as_str).collect();
            v.sort_unstable();
            v.windows(2).all(|w| w[0] != w[1])
        });
        if !is_string_array(sw, &["SW01", "SW02", "SW03", "SW04", "SW05"], 1, 5) || !distinct {
            return Err("SW is not a list of distinct SW01..SW05".into());
        }
    }
    if obj.get("DV").and_then(Value::as_str) == Some("1.6") {
        check_common_parameters(dd, obj.get("DPNA").and_then(Value::as_object), areq)?;
    }
    Ok(value)
}

/// The DV 1.6 common parameters `C001`..`C018` (written from the catalogue,
/// independently of the SDK's code). Platform parameters (`A…`, `I…`) keep
/// the shape checks only.
fn check_common_parameters(
    dd: &serde_json::Map<String, Value>,
    dpna: Option<&serde_json::Map<String, Value>>,
    areq: &AreqIds<'_>,
) -> Result<(), String> {
    let common = |k: &str| k.starts_with('C');
    let known = |k: &str| {
        k.get(1..)
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| (1..=18).contains(&n))
    };
    for key in dd.keys().chain(dpna.into_iter().flat_map(|d| d.keys())) {
        if common(key) && !known(key) {
            return Err(format!("{key} is not a DV 1.6 common parameter"));
        }
    }
    for (key, value) in dd.iter().filter(|(k, _)| common(k)) {
        let v = value
            .as_str()
            .ok_or_else(|| format!("DD.{key} is not a string"))?;
        let ok = match key.as_str() {
            "C005" => is_language_tag(v),
            "C008" => v.split_once('x').is_some_and(|(w, h)| {
                [w, h]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            }),
            "C010" => v.parse::<core::net::IpAddr>().is_ok(),
            "C011" => v.parse::<f64>().is_ok_and(|x| (-90.0..=90.0).contains(&x)),
            "C012" => v
                .parse::<f64>()
                .is_ok_and(|x| (-180.0..=180.0).contains(&x)),
            "C014" => is_uuid(v) && v == areq.sdk_app_id,
            "C016" => v == areq.sdk_reference_number,
            "C017" => is_date_time(v),
            "C018" => is_uuid(v) && v == areq.sdk_trans_id,
            _ => !v.is_empty() && v.chars().count() <= 256,
        };
        if !ok {
            return Err(format!("DD.{key} `{v}` is not a valid value"));
        }
    }
    Ok(())
}

/// `ll[-Ssss][-RR|-nnn]` (the BCP 47 subset a POSIX locale maps to).
fn is_language_tag(v: &str) -> bool {
    let mut parts = v.split('-');
    let lang = parts.next().unwrap_or("");
    let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    let rest: Vec<&str> = parts.collect();
    let subtag_ok = |s: &&str| {
        (s.len() == 4
            && s.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && s.bytes().skip(1).all(|b| b.is_ascii_lowercase()))
            || (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
            || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    lang_ok && rest.len() <= 2 && rest.iter().all(subtag_ok)
}

/// `YYYYMMDD-HH:MM:SS` with a plausible calendar date and time.
fn is_date_time(v: &str) -> bool {
    let b = v.as_bytes();
    let num = |r: core::ops::Range<usize>| -> Option<u32> {
        let s = v.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.len() != 17 || b[8] != b'-' || b[11] != b':' || b[14] != b':' {
        return false;
    }
    let (Some(_y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
        num(0..4),
        num(4..6),
        num(6..8),
        num(9..11),
        num(12..14),
        num(15..17),
    ) else {
        return false;
    };
    (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: AreqIds<'static> = AreqIds {
        sdk_app_id: "8f8e1b3c-3c4e-4f0a-9d59-2a1f1c0e6b11",
        sdk_reference_number: "REF",
        sdk_trans_id: "b2385523-a66c-4907-ac3c-91848e8c0067",
    };

    fn check(dd: &str) -> Result<Value, String> {
        validate_device_info(format!(r#"{{"DV":"1.6","DD":{{{dd}}}}}"#).as_bytes(), &IDS)
    }

    #[test]
    fn dv_1_6_values_are_checked() {
        assert!(check(r#""C001":"Linux","C005":"sr-Latn-RS","C008":"1920x1080""#).is_ok());
        assert!(check(r#""C017":"20261202-10:42:03","C010":"2001:db8::1""#).is_ok());
        assert!(check(r#""C014":"8f8e1b3c-3c4e-4f0a-9d59-2a1f1c0e6b11","C016":"REF""#).is_ok());
        for bad in [
            r#""C005":"en_GB""#,
            r#""C008":["1080","2400"]"#,
            r#""C010":"10.0.0.300""#,
            r#""C011":"1700000000000""#,
            r#""C012":"shiba""#,
            r#""C014":"00000000-0000-4000-8000-000000000000""#,
            r#""C016":"OTHER""#,
            r#""C017":"2026-12-02 10:42""#,
            r#""C018":"b2385523-a66c-4907-ac3c-91848e8c0068""#,
            r#""C019":"x""#,
            r#""C002":"""#,
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        // Older data versions keep the shape checks only.
        let old = r#"{"DV":"1.0","DD":{"C005":"en_GB","C008":["1080","2400"]}}"#;
        assert!(validate_device_info(old.as_bytes(), &IDS).is_ok());
        let twice = r#"{"DV":"1.6","DD":{},"SW":["SW04","SW04"]}"#;
        assert!(validate_device_info(twice.as_bytes(), &IDS).is_err());
    }
}

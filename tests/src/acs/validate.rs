//! Strict CReq validation, as a production ACS does it (fields.md §1, §1.1).

use serde_json::{Map, Value};

use crate::records::ViolationKind;
use crate::util::{chars, is_digits, is_missing, is_uuid};

/// A refusal: the named rule, the Erro code and the `errorDetail`.
pub type Refusal = (ViolationKind, &'static str, String);

fn refusal(kind: ViolationKind, code: &'static str, detail: impl Into<String>) -> Refusal {
    (kind, code, detail.into())
}

/// CReq fields and the versions that define them.
const CREQ_FIELDS: [(&str, &[&str]); 21] = [
    ("messageType", &["2.1.0", "2.2.0", "2.3.1"]),
    ("messageVersion", &["2.1.0", "2.2.0", "2.3.1"]),
    ("threeDSServerTransID", &["2.1.0", "2.2.0", "2.3.1"]),
    ("acsTransID", &["2.1.0", "2.2.0", "2.3.1"]),
    ("sdkTransID", &["2.1.0", "2.2.0", "2.3.1"]),
    ("sdkCounterStoA", &["2.1.0", "2.2.0", "2.3.1"]),
    ("challengeDataEntry", &["2.1.0", "2.2.0", "2.3.1"]),
    ("challengeHTMLDataEntry", &["2.1.0", "2.2.0", "2.3.1"]),
    ("challengeCancel", &["2.1.0", "2.2.0", "2.3.1"]),
    ("resendChallenge", &["2.1.0", "2.2.0", "2.3.1"]),
    ("oobContinue", &["2.1.0", "2.2.0", "2.3.1"]),
    ("messageExtension", &["2.1.0", "2.2.0", "2.3.1"]),
    ("challengeNoEntry", &["2.1.0", "2.2.0", "2.3.1"]),
    ("threeDSRequestorAppURL", &["2.2.0", "2.3.1"]),
    ("whitelistingDataEntry", &["2.2.0"]),
    ("trustListDataEntry", &["2.3.1"]),
    ("deviceBindingDataEntry", &["2.3.1"]),
    ("challengeDataEntryTwo", &["2.3.1"]),
    ("challengeAddCode", &["2.3.1"]),
    ("oobAppURLInd", &["2.3.1"]),
    ("infoContinueIndicator", &["2.3.1"]),
];
/// 2.3.1-only field that is not in the table above because of its length.
const OOB_APP_STATUS: &str = "oobAppStatus";

/// Every field is a CReq field of `version`.
///
/// # Errors
/// `UnknownField` / `FieldNotInVersion` (203).
pub fn fields_in_version(creq: &Map<String, Value>, version: &str) -> Result<(), Refusal> {
    for name in creq.keys() {
        if name == OOB_APP_STATUS {
            if version == "2.3.1" {
                continue;
            }
            return Err(refusal(
                ViolationKind::FieldNotInVersion,
                "203",
                name.clone(),
            ));
        }
        match CREQ_FIELDS.iter().find(|(n, _)| n == name) {
            None => return Err(refusal(ViolationKind::UnknownField, "203", name.clone())),
            Some((_, versions)) if !versions.contains(&version) => {
                return Err(refusal(
                    ViolationKind::FieldNotInVersion,
                    "203",
                    name.clone(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The required fields of every CReq.
///
/// # Errors
/// `MissingField` (201) naming all missing fields.
pub fn required(creq: &Map<String, Value>, version: &str) -> Result<(), Refusal> {
    let mut names = vec![
        "messageType",
        "messageVersion",
        "threeDSServerTransID",
        "acsTransID",
        "sdkTransID",
        "sdkCounterStoA",
    ];
    if version == "2.3.1" {
        names.push("oobAppURLInd");
    }
    let missing: Vec<&str> = names.into_iter().filter(|n| is_missing(creq, n)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(refusal(
            ViolationKind::MissingField,
            "201",
            missing.join(","),
        ))
    }
}

/// The three transaction ids are UUIDs and equal to the ARes's.
///
/// # Errors
/// `InvalidValue` (203) for a malformed id, `WrongIds` (301) for another id.
pub fn ids(creq: &Map<String, Value>, expected: [(&str, &str); 3]) -> Result<(), Refusal> {
    for (name, want) in expected {
        let Some(got) = creq.get(name).and_then(Value::as_str) else {
            return Err(refusal(ViolationKind::InvalidValue, "203", name));
        };
        if !is_uuid(got) {
            return Err(refusal(ViolationKind::InvalidValue, "203", name));
        }
        if got != want {
            return Err(refusal(ViolationKind::WrongIds, "301", name));
        }
    }
    Ok(())
}

/// The counter: three digits `000`–`255`, equal to the expected one.
///
/// # Errors
/// `InvalidValue` (203) for a malformed counter, `WrongCounter` (302).
pub fn counter(creq: &Map<String, Value>, expected: u32) -> Result<u32, Refusal> {
    let text = creq
        .get("sdkCounterStoA")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let value: u32 = if is_digits(text, 3) {
        text.parse().unwrap_or(999)
    } else {
        999
    };
    if value > 255 {
        return Err(refusal(
            ViolationKind::InvalidValue,
            "203",
            "sdkCounterStoA",
        ));
    }
    if value != expected {
        return Err(refusal(
            ViolationKind::WrongCounter,
            "302",
            format!("sdkCounterStoA {text}, expected {expected:03}"),
        ));
    }
    Ok(value)
}

/// `messageExtension`: an array of well-formed extensions, none critical
/// (the simulator recognises no extension).
///
/// # Errors
/// `InvalidValue` (203) for a malformed container, `CriticalExtension` (202).
pub fn message_extensions(value: &Value, version: &str) -> Result<(), Refusal> {
    let name = "messageExtension";
    let items = value
        .as_array()
        .ok_or_else(|| refusal(ViolationKind::InvalidValue, "203", name))?;
    let max = if version == "2.3.1" { 15 } else { 10 };
    if items.is_empty() || items.len() > max || chars(&value.to_string()) > 81920 {
        return Err(refusal(ViolationKind::InvalidValue, "203", name));
    }
    let mut critical = Vec::new();
    for item in items {
        let obj = item
            .as_object()
            .ok_or_else(|| refusal(ViolationKind::InvalidValue, "203", name))?;
        let text_ok = |k: &str| {
            obj.get(k)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty() && chars(s) <= 64)
        };
        if !text_ok("name") || !text_ok("id") {
            return Err(refusal(
                ViolationKind::InvalidValue,
                "203",
                "messageExtension.name/id",
            ));
        }
        let Some(Value::Bool(is_critical)) = obj.get("criticalityIndicator") else {
            return Err(refusal(
                ViolationKind::InvalidValue,
                "203",
                "messageExtension.criticalityIndicator",
            ));
        };
        match obj.get("data") {
            Some(data @ Value::Object(_)) if chars(&data.to_string()) <= 8059 => {}
            _ => {
                return Err(refusal(
                    ViolationKind::InvalidValue,
                    "203",
                    "messageExtension.data",
                ));
            }
        }
        if *is_critical {
            critical.push(
                obj.get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    if critical.is_empty() {
        Ok(())
    } else {
        Err(refusal(
            ViolationKind::CriticalExtension,
            "202",
            critical.join(","),
        ))
    }
}

fn one_of(creq: &Map<String, Value>, name: &str, allowed: &[&str]) -> Result<(), Refusal> {
    match creq.get(name) {
        None => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(refusal(ViolationKind::InvalidValue, "203", name)),
    }
}

fn text_up_to(creq: &Map<String, Value>, name: &str, max: usize) -> Result<(), Refusal> {
    match creq.get(name) {
        None => Ok(()),
        Some(Value::String(s)) if !s.is_empty() && chars(s) <= max => Ok(()),
        Some(_) => Err(refusal(ViolationKind::InvalidValue, "203", name)),
    }
}

/// Formats and value sets of the optional fields.
///
/// # Errors
/// `InvalidValue` (203) naming the field.
pub fn formats(creq: &Map<String, Value>, version: &str) -> Result<(), Refusal> {
    let v231 = version == "2.3.1";
    text_up_to(
        creq,
        "threeDSRequestorAppURL",
        if v231 { 2048 } else { 256 },
    )?;
    text_up_to(creq, "challengeDataEntry", 45)?;
    text_up_to(creq, "challengeDataEntryTwo", 45)?;
    text_up_to(creq, "challengeHTMLDataEntry", 256)?;
    one_of(creq, "challengeNoEntry", &["Y"])?;
    one_of(creq, "challengeAddCode", &["Y"])?;
    // The SDK cancels for the cardholder (01) or on its own timeout (08);
    // the other codes are the ACS's own (RReq).
    one_of(
        creq,
        "challengeCancel",
        if version == "2.1.0" {
            &["01"]
        } else {
            &["01", "08"]
        },
    )?;
    one_of(
        creq,
        "resendChallenge",
        if v231 { &["Y"] } else { &["Y", "N"] },
    )?;
    one_of(creq, "oobAppURLInd", &["01", "02", "03"])?;
    one_of(creq, OOB_APP_STATUS, &["01"])?;
    one_of(creq, "trustListDataEntry", &["Y", "N"])?;
    one_of(creq, "whitelistingDataEntry", &["Y", "N"])?;
    one_of(creq, "deviceBindingDataEntry", &["Y", "N"])?;
    match creq.get("oobContinue") {
        None => {}
        Some(Value::String(s)) if v231 && (s == "01" || s == "02") => {}
        Some(Value::Bool(true)) if !v231 => {}
        Some(_) => return Err(refusal(ViolationKind::InvalidValue, "203", "oobContinue")),
    }
    match creq.get("infoContinueIndicator") {
        None | Some(Value::Bool(true)) => {}
        Some(_) => {
            return Err(refusal(
                ViolationKind::InvalidValue,
                "203",
                "infoContinueIndicator",
            ));
        }
    }
    Ok(())
}

//! Strict CReq validation, as a production ACS does it (fields.md §1, §1.1).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::records::ViolationKind;
use crate::sim::ShownScreen;
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

/// The cardholder's action in a CReq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The first CReq (counter 000): no screen answered yet.
    Start,
    /// Cancel (`challengeCancel`).
    Cancel,
    /// Resend (`resendChallenge` = Y).
    Resend,
    /// No entry (`challengeNoEntry` = Y).
    NoEntry,
    /// Text/select entry (`challengeDataEntry`).
    Entry(String),
    /// HTML form data (`challengeHTMLDataEntry`), maybe with `oobContinue`.
    Html(Option<String>),
    /// OOB continue (`oobContinue`).
    OobContinue,
    /// Information continue.
    InfoContinue,
    /// The additional-code button.
    AddCode,
}

const ANSWER_FIELDS: [&str; 14] = [
    "challengeDataEntry",
    "challengeDataEntryTwo",
    "challengeHTMLDataEntry",
    "challengeNoEntry",
    "challengeAddCode",
    "challengeCancel",
    "resendChallenge",
    "oobContinue",
    "oobAppStatus",
    "infoContinueIndicator",
    "trustListDataEntry",
    "whitelistingDataEntry",
    "deviceBindingDataEntry",
    "threeDSRequestorAppURL",
];

/// Checks which answer fields the CReq carries against the screen it
/// answers (`None` for the first CReq) and returns the cardholder's action.
///
/// # Errors
/// `FieldNotApplicable` (203), `ConflictingActions` (203), `MissingField`
/// (201) or `InvalidValue` (203).
pub fn answer(
    creq: &Map<String, Value>,
    screen: Option<&ShownScreen>,
    version: &str,
) -> Result<Action, Refusal> {
    let has = |name: &str| creq.contains_key(name);
    let Some(screen) = screen else {
        // The first CReq opens the challenge; it answers nothing.
        if let Some(name) = ANSWER_FIELDS.iter().take(13).find(|n| has(n)) {
            return Err(refusal(ViolationKind::FieldNotApplicable, "203", *name));
        }
        return Ok(Action::Start);
    };
    let ui = screen.ui_type.as_str();
    let not_applicable = |name: &str| refusal(ViolationKind::FieldNotApplicable, "203", name);
    let cancel = has("challengeCancel");
    let resend = creq.get("resendChallenge").and_then(Value::as_str) == Some("Y");
    if has("resendChallenge") && !resend {
        // 2.2.0 "N": no resend requested; treat as absent but it is noise.
        return Err(not_applicable("resendChallenge"));
    }
    let entry = has("challengeDataEntry") || has("challengeDataEntryTwo");
    let no_entry = has("challengeNoEntry");
    let add_code = has("challengeAddCode");
    let oob = has("oobContinue");
    let html = has("challengeHTMLDataEntry");
    let info = has("infoContinueIndicator");

    // Consent answers go with the screen that asked for them, never with cancel.
    let trust_field = if version == "2.3.1" {
        "trustListDataEntry"
    } else {
        "whitelistingDataEntry"
    };
    for (field, asked) in [
        (trust_field, screen.trust_list),
        ("deviceBindingDataEntry", screen.device_binding),
    ] {
        if has(field) && (!asked || cancel) {
            return Err(not_applicable(field));
        }
        if asked && !cancel && !has(field) {
            return Err(refusal(ViolationKind::MissingField, "201", field));
        }
    }
    if has("oobAppStatus") && !matches!(ui, "04" | "06") {
        return Err(not_applicable("oobAppStatus"));
    }
    if add_code && !screen.add_code {
        return Err(not_applicable("challengeAddCode"));
    }

    let conflicting = [cancel, resend, no_entry, entry, add_code, oob, html, info]
        .iter()
        .filter(|b| **b)
        .count();
    if cancel {
        if conflicting > 1 {
            return Err(refusal(
                ViolationKind::ConflictingActions,
                "203",
                conflicting_names(creq),
            ));
        }
        return Ok(Action::Cancel);
    }
    match ui {
        "01" | "02" | "03" => {
            for name in [
                "oobContinue",
                "challengeHTMLDataEntry",
                "infoContinueIndicator",
            ] {
                if has(name) {
                    return Err(not_applicable(name));
                }
            }
            if resend && (ui != "01" || !screen.resend) {
                return Err(not_applicable("resendChallenge"));
            }
            if has("challengeDataEntryTwo") && !screen.entry_two {
                return Err(not_applicable("challengeDataEntryTwo"));
            }
            let count = [entry, no_entry, resend, add_code]
                .iter()
                .filter(|b| **b)
                .count();
            if count == 0 {
                return Err(refusal(
                    ViolationKind::MissingField,
                    "201",
                    "challengeDataEntry",
                ));
            }
            if count > 1 {
                return Err(refusal(
                    ViolationKind::ConflictingActions,
                    "203",
                    conflicting_names(creq),
                ));
            }
            if resend {
                return Ok(Action::Resend);
            }
            if no_entry {
                return Ok(Action::NoEntry);
            }
            if add_code {
                return Ok(Action::AddCode);
            }
            let text = creq
                .get("challengeDataEntry")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            check_entry(&text, ui, screen)?;
            Ok(Action::Entry(text))
        }
        "04" => {
            for name in [
                "challengeDataEntry",
                "challengeDataEntryTwo",
                "challengeNoEntry",
                "resendChallenge",
                "challengeHTMLDataEntry",
                "infoContinueIndicator",
            ] {
                if has(name) {
                    return Err(not_applicable(name));
                }
            }
            if add_code && oob {
                return Err(refusal(
                    ViolationKind::ConflictingActions,
                    "203",
                    "oobContinue,challengeAddCode",
                ));
            }
            if add_code {
                return Ok(Action::AddCode);
            }
            if !oob {
                return Err(refusal(ViolationKind::MissingField, "201", "oobContinue"));
            }
            Ok(Action::OobContinue)
        }
        "05" | "06" => {
            for name in [
                "challengeDataEntry",
                "challengeDataEntryTwo",
                "challengeNoEntry",
                "resendChallenge",
                "infoContinueIndicator",
                "challengeAddCode",
            ] {
                if has(name) {
                    return Err(not_applicable(name));
                }
            }
            let data = creq
                .get("challengeHTMLDataEntry")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if ui == "05" {
                if oob {
                    return Err(not_applicable("oobContinue"));
                }
                if !html {
                    return Err(refusal(
                        ViolationKind::MissingField,
                        "201",
                        "challengeHTMLDataEntry",
                    ));
                }
                return Ok(Action::Html(data));
            }
            if !oob && version == "2.3.1" {
                return Err(refusal(ViolationKind::MissingField, "201", "oobContinue"));
            }
            let automatic = creq.get("oobContinue").and_then(Value::as_str) == Some("02");
            if automatic && html {
                return Err(not_applicable("challengeHTMLDataEntry"));
            }
            if !automatic && !html && !oob {
                return Err(refusal(
                    ViolationKind::MissingField,
                    "201",
                    "challengeHTMLDataEntry",
                ));
            }
            Ok(if html {
                Action::Html(data)
            } else {
                Action::OobContinue
            })
        }
        "07" => {
            for name in [
                "challengeDataEntry",
                "challengeDataEntryTwo",
                "challengeNoEntry",
                "resendChallenge",
                "challengeHTMLDataEntry",
                "oobContinue",
            ] {
                if has(name) {
                    return Err(not_applicable(name));
                }
            }
            if add_code {
                return Ok(Action::AddCode);
            }
            if !info {
                return Err(refusal(
                    ViolationKind::MissingField,
                    "201",
                    "infoContinueIndicator",
                ));
            }
            Ok(Action::InfoContinue)
        }
        _ => Err(refusal(
            ViolationKind::FieldNotApplicable,
            "203",
            "acsUiType of the shown screen",
        )),
    }
}

fn conflicting_names(creq: &Map<String, Value>) -> String {
    let names: Vec<&str> = [
        "challengeCancel",
        "resendChallenge",
        "challengeNoEntry",
        "challengeDataEntry",
        "challengeAddCode",
        "oobContinue",
        "challengeHTMLDataEntry",
        "infoContinueIndicator",
    ]
    .into_iter()
    .filter(|n| creq.contains_key(*n))
    .collect();
    names.join(",")
}

fn check_entry(text: &str, ui: &str, screen: &ShownScreen) -> Result<(), Refusal> {
    let bad = || refusal(ViolationKind::InvalidValue, "203", "challengeDataEntry");
    match ui {
        "01" => {
            if chars(text) > screen.entry_max {
                return Err(bad());
            }
        }
        "02" => {
            if !screen.select_keys.iter().any(|k| k == text) {
                return Err(bad());
            }
        }
        _ => {
            let mut seen = HashSet::new();
            for key in text.split(',') {
                if !screen.select_keys.iter().any(|k| k == key) || !seen.insert(key) {
                    return Err(bad());
                }
            }
        }
    }
    Ok(())
}

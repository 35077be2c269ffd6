//! The cardholder's answer in a CReq, checked against the screen it answers
//! (fields.md §1.1: exactly one action per CReq).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::validate::Refusal;
use crate::records::ViolationKind;
use crate::sim::ShownScreen;
use crate::util::chars;

fn refusal(kind: ViolationKind, code: &'static str, detail: impl Into<String>) -> Refusal {
    (kind, code, detail.into())
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

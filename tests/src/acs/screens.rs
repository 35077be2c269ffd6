//! The CRes screens the ACS shows, per acsUiType and message version, with
//! realistic texts.

use serde_json::{Map, Value, json};

use crate::jose::b64;
use crate::scenario::Round;
use crate::sim::ShownScreen;

/// Why a screen is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// First time.
    First,
    /// After a wrong answer, with this many attempts left.
    Wrong(u32),
    /// After a resend request.
    Resent,
}

fn images(version: &str, base: &str, which: &str) -> Value {
    if version == "2.3.1" {
        json!({
            "default": format!("{base}/img/{which}-default.png"),
            "dark": format!("{base}/img/{which}-dark.png"),
            "monochrome": format!("{base}/img/{which}-monochrome.png"),
        })
    } else {
        json!({
            "medium": format!("{base}/img/{which}-medium.png"),
            "high": format!("{base}/img/{which}-high.png"),
            "extraHigh": format!("{base}/img/{which}-extraHigh.png"),
        })
    }
}

const OTP_HTML: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sim Bank</title></head><body><h1>Sim Bank</h1><p>Enter the code we sent to your phone ending in 1234 to pay EUR 42.00 to Sim Merchant.</p><form action="HTTPS://EMV3DS/challenge" method="post"><label for="otp">Code</label><input id="otp" name="otp" type="text" inputmode="numeric" maxlength="6"><button type="submit">Submit</button></form></body></html>"#;

const OOB_HTML: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sim Bank</title></head><body><h1>Sim Bank</h1><p>Approve the payment of EUR 42.00 to Sim Merchant in the Sim Bank app, then continue.</p><form action="HTTPS://EMV3DS/challenge" method="post"><input type="hidden" name="approved" value="yes"><button type="submit">I have approved the payment</button></form></body></html>"#;

/// Builds the UI fields of a non-final CRes for `round` (ids, counter and
/// `challengeCompletionInd` are added by the caller) and what the next CReq
/// must answer.
#[must_use]
pub fn build(
    round: &Round,
    version: &str,
    base: &str,
    repeat: Repeat,
    oob_app_url_ind: Option<&str>,
) -> (Map<String, Value>, ShownScreen) {
    let v231 = version == "2.3.1";
    let ui = round.ui_type.as_str();
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_owned(), v);
    };
    put("acsUiType", ui.into());
    let native = !matches!(ui, "05" | "06");
    if native {
        let (header, text) = match ui {
            "01" => (
                "Confirm your payment",
                "We have sent a one-time code by SMS to your mobile phone ending in 1234. Enter it below to pay **EUR 42.00** to Sim Merchant.",
            ),
            "02" => (
                "Choose how to verify",
                "To pay EUR 42.00 to Sim Merchant we need to send you a one-time code. Where should we send it?",
            ),
            "03" => (
                "Answer a security question",
                "To pay EUR 42.00 to Sim Merchant, select every shop where you used this card in the last 30 days.",
            ),
            "04" => (
                "Approve in your banking app",
                "We have sent a notification to your Sim Bank app. Open the app, approve the payment of EUR 42.00 to Sim Merchant and come back here.",
            ),
            _ => (
                "Payment information",
                "Your payment of EUR 42.00 to Sim Merchant needs one more step. Your bank will contact you if anything else is needed.",
            ),
        };
        let text = if v231 {
            text.to_owned()
        } else {
            text.replace("**", "")
        };
        let (text, indicator) = match repeat {
            Repeat::First => (text, "N"),
            Repeat::Wrong(left) => (
                format!(
                    "The code you entered is not correct. You have {left} attempt(s) left.\n{text}"
                ),
                "Y",
            ),
            Repeat::Resent => (format!("A new code has been sent.\n{text}"), "N"),
        };
        put("challengeInfoHeader", header.into());
        put("challengeInfoText", text.into());
        put("challengeInfoTextIndicator", indicator.into());
        put("whyInfoLabel", "Why am I asked this?".into());
        put("whyInfoText", "Your bank checks that it is really you making this payment, to protect you against fraud.".into());
        put("expandInfoLabel", "Need help?".into());
        put("expandInfoText", "Call Sim Bank on 0800 000 000 if you did not receive a code or do not recognise this payment.".into());
        put("issuerImage", images(version, base, "issuer"));
        put("psImage", images(version, base, "scheme"));
    }
    match ui {
        "01" => {
            if v231 {
                put(
                    "challengeEntryBox",
                    json!({
                        "challengeDataEntryLabel": "One-time code",
                        "challengeDataEntryKeyboardType": "01",
                        "challengeDataEntryLengthMax": "06",
                        "challengeDataEntryAutofill": "Y",
                        "challengeDataEntryAutofillType": "01",
                        "challengeDataEntryMasking": "N",
                    }),
                );
            } else {
                put("challengeInfoLabel", "One-time code".into());
            }
            put("submitAuthenticationLabel", "Submit".into());
            if round.offers_resend() {
                put("resendInformationLabel", "Send a new code".into());
            }
        }
        "02" => {
            put("challengeInfoLabel", "Send my code to".into());
            put(
                "challengeSelectInfo",
                json!([{"phon": "Mobile **** 1234"}, {"mail": "Email j***@example.com"}]),
            );
            put("submitAuthenticationLabel", "Continue".into());
        }
        "03" => {
            put("challengeInfoLabel", "Shops you paid recently".into());
            put(
                "challengeSelectInfo",
                json!([{"grcy": "Green Grocery"}, {"book": "Corner Books"}, {"fuel": "Fast Fuel"}, {"cafe": "Blue Cafe"}]),
            );
            put("submitAuthenticationLabel", "Submit".into());
        }
        "04" => {
            put("oobContinueLabel", "I have approved the payment".into());
            if v231 && oob_app_url_ind == Some("01") {
                put("oobAppURL", format!("{base}/app/approve").into());
                put("oobAppLabel", "Open Sim Bank app".into());
            }
        }
        "05" => {
            put("acsHTML", b64::url(OTP_HTML.as_bytes()).into());
        }
        "06" => {
            put("acsHTML", b64::url(OOB_HTML.as_bytes()).into());
            if v231 && oob_app_url_ind == Some("01") {
                put("oobAppURL", format!("{base}/app/approve").into());
            }
        }
        _ => {
            put("infoContinueLabel", "Continue".into());
        }
    }
    if round.trust_list && native {
        match version {
            "2.3.1" => put(
                "trustListInfoText",
                "Trust Sim Merchant for future payments?".into(),
            ),
            "2.2.0" => put(
                "whitelistingInfoText",
                "Trust Sim Merchant for future payments?".into(),
            ),
            _ => {}
        }
    }
    if round.device_binding && native && v231 {
        put(
            "deviceBindingInfoText",
            "Remember this device for future payments?".into(),
        );
    }
    crate::util::merge(&mut m, &round.screen);
    let shown = shown_screen(&m, ui);
    (m, shown)
}

fn shown_screen(m: &Map<String, Value>, ui: &str) -> ShownScreen {
    let select_keys = m
        .get("challengeSelectInfo")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.keys().cloned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let entry_max = m
        .get("challengeEntryBox")
        .and_then(|b| b.get("challengeDataEntryLengthMax"))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(45);
    ShownScreen {
        ui_type: ui.to_owned(),
        resend: m.contains_key("resendInformationLabel"),
        trust_list: m.contains_key("trustListInfoText") || m.contains_key("whitelistingInfoText"),
        device_binding: m.contains_key("deviceBindingInfoText"),
        entry_two: m.contains_key("challengeEntryBoxTwo"),
        add_code: m.contains_key("challengeAddLabel"),
        select_keys,
        entry_max,
    }
}

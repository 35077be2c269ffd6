//! Every challenge-screen property of the reference on `StdClient`, read
//! after each first CRes of every challenge scenario and message version
//! (plus two scenarios that add the rarer 2.3.1 fields), equals the field of
//! the CRes the simulator's ACS sent, as the simulator recorded it: absent
//! fields read as the reference's empty values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod std_client;

use std::sync::Arc;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use serde_json::Value;
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig, TransactionRecord};
use threeds_std::StdClient;

use std_client::{Fixture, Recorder, VERSIONS};

/// (scenario, first version that has it), as `test_flows.py` lists them.
const SCENARIOS: [(&str, &str); 14] = [
    ("challenge-text", "2.1.0"),
    ("challenge-single-select", "2.1.0"),
    ("challenge-multi-select", "2.1.0"),
    ("challenge-oob", "2.1.0"),
    ("challenge-html", "2.1.0"),
    ("challenge-html-oob", "2.3.1"),
    ("challenge-info", "2.3.1"),
    ("challenge-two-rounds", "2.1.0"),
    ("challenge-trust-list", "2.2.0"),
    ("challenge-device-binding", "2.3.1"),
    ("challenge-text-wrong-then-right", "2.1.0"),
    ("screen-every-text-field", "2.3.1"),
    ("screen-html-refresh", "2.1.0"),
    ("screen-add-info", "2.1.0"),
];

/// `challengeAddInfo`, which 2.3.1 removed (a 2.3.1 client ignores it).
const ADD_INFO: &str = r#"{
  "name": "screen-add-info",
  "description": "A text screen with challengeAddInfo.",
  "ares": { "transStatus": "C" },
  "rounds": [{ "uiType": "01", "expect": { "entry": "123456" },
               "screen": { "challengeAddInfo": "The three digits on the back of your card" } }]
}"#;

/// A 2.3.1 text screen with the fields no built-in scenario sends.
const EVERY_TEXT_FIELD: &str = r#"{
  "name": "screen-every-text-field",
  "description": "A text screen with both entry boxes, the additional code, the toggle position; an ARes extension.",
  "ares": { "transStatus": "C", "extra": { "messageExtension": [{
    "id": "A000000802-loyalty", "name": "loyalty", "criticalityIndicator": false,
    "data": { "points": "120", "tier": "gold" } }] } },
  "rounds": [{
    "uiType": "01",
    "expect": { "entry": "123456" },
    "screen": {
      "challengeEntryBox": {
        "challengeDataEntryLabel": "One-time code",
        "challengeDataEntryKeyboardType": "01",
        "challengeDataEntryLengthMax": "08",
        "challengeDataEntryAutofill": "Y",
        "challengeDataEntryAutofillType": "01",
        "challengeDataEntryMasking": "Y",
        "challengeDataEntryToggle": "Y"
      },
      "challengeEntryBoxTwo": {
        "challengeDataEntryLabel": "Date of birth",
        "challengeDataEntryKeyboardType": "02",
        "challengeDataEntryLengthMax": "10",
        "challengeDataEntryAutofill": "Y",
        "challengeDataEntryAutofillType": "02",
        "challengeDataEntryMasking": "N"
      },
      "challengeAddLabel": "Card security code",
      "togglePositionInd": "01"
    }
  }]
}"#;

/// An HTML screen with a refresh page.
fn html_refresh() -> String {
    let refresh = Base64UrlUnpadded::encode_string(b"<html><body>Refreshed</body></html>");
    format!(
        r#"{{
  "name": "screen-html-refresh",
  "description": "An HTML screen with acsHTMLRefresh.",
  "ares": {{ "transStatus": "C" }},
  "rounds": [{{ "uiType": "05", "expect": {{ "html": "otp=123456" }},
               "screen": {{ "acsHTMLRefresh": "{refresh}" }} }}]
}}"#
    )
}

fn start() -> Fixture {
    let pki = Arc::new(Pki::generate().unwrap());
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios
        .insert(Scenario::from_json(EVERY_TEXT_FIELD).unwrap());
    sim.scenarios
        .insert(Scenario::from_json(&html_refresh()).unwrap());
    sim.scenarios.insert(Scenario::from_json(ADD_INFO).unwrap());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim,
    })
    .unwrap();
    Fixture { pki, running }
}

fn text(cres: &Value, field: &str) -> String {
    cres.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn number(cres: &Value, path: &[&str]) -> u8 {
    path.iter()
        .try_fold(cres, |v, k| v.get(k))
        .and_then(Value::as_str)
        .map_or(0, |s| s.parse().unwrap())
}

fn yes(cres: &Value, path: &[&str]) -> bool {
    path.iter()
        .try_fold(cres, |v, k| v.get(k))
        .and_then(Value::as_str)
        == Some("Y")
}

fn html(cres: &Value, field: &str) -> String {
    cres.get(field)
        .and_then(Value::as_str)
        .map_or_else(String::new, |b| {
            String::from_utf8(Base64UrlUnpadded::decode_vec(b).unwrap()).unwrap()
        })
}

/// The three URLs of an image object: densities (2.1.0/2.2.0) or themes (2.3.1).
fn images(cres: &Value, field: &str) -> [String; 3] {
    let Some(image) = cres.get(field) else {
        return Default::default();
    };
    let keys = if image.get("default").is_some() {
        ["default", "dark", "monochrome"]
    } else {
        ["medium", "high", "extraHigh"]
    };
    keys.map(|k| text(image, k))
}

/// Every screen read-out against the CRes that produced it.
fn assert_screen(c: &StdClient<Recorder>, cres: &Value, version: &str, what: &str) {
    assert_eq!(c.acsui_type(), number(cres, &["acsUiType"]), "{what}");
    assert_eq!(c.acshtml(), html(cres, "acsHTML"), "{what}");
    // acsHTMLRefresh and challengeAddInfo: up to 2.2.0 only (2.3.1 removed
    // them; a 2.3.1 client ignores them).
    let up_to_2_2 = |value: String| {
        if version == "2.3.1" {
            String::new()
        } else {
            value
        }
    };
    assert_eq!(
        c.acshtml_refresh(),
        up_to_2_2(html(cres, "acsHTMLRefresh")),
        "{what}"
    );
    let texts = [
        (c.challenge_info_header(), "challengeInfoHeader"),
        (c.challenge_info_label(), "challengeInfoLabel"),
        (c.challenge_info_text(), "challengeInfoText"),
        (c.challenge_additional_label(), "challengeAddLabel"),
        (c.why_information_label(), "whyInfoLabel"),
        (c.why_information_text(), "whyInfoText"),
        (c.expandable_information_label(), "expandInfoLabel"),
        (c.expandable_information_text(), "expandInfoText"),
        (c.resend_information_label(), "resendInformationLabel"),
        (c.oob_continue_label(), "oobContinueLabel"),
        (c.oob_app_url(), "oobAppURL"),
        (c.oob_app_label(), "oobAppLabel"),
        (c.device_binding_information_text(), "deviceBindingInfoText"),
    ];
    for (value, field) in texts {
        assert_eq!(value, text(cres, field), "{what}: {field}");
    }
    assert_eq!(
        c.challenge_additional_information(),
        up_to_2_2(text(cres, "challengeAddInfo")),
        "{what}"
    );
    // The trust-list text has the reference's 2.2.0 name.
    let trust = [
        text(cres, "whitelistingInfoText"),
        text(cres, "trustListInfoText"),
    ]
    .concat();
    assert_eq!(c.whitelisting_information_text(), trust, "{what}");
    // The submit button: the information screen's is its continue label.
    let submit = [
        text(cres, "submitAuthenticationLabel"),
        text(cres, "infoContinueLabel"),
    ]
    .concat();
    assert_eq!(c.submit_authentication_label(), submit, "{what}");
    assert_eq!(
        c.enable_challenge_info_text_indicator(),
        yes(cres, &["challengeInfoTextIndicator"]),
        "{what}"
    );
    let native = c.acsui_type() < 5 || c.acsui_type() == 7;
    let position = number(cres, &["togglePositionInd"]);
    if native {
        // 01 above the buttons; anything else (or absent) below them (2).
        assert_eq!(
            c.toggle_position_indicator(),
            if position == 1 { 1 } else { 2 },
            "{what}"
        );
    }
    let issuer = images(cres, "issuerImage");
    assert_eq!(
        [c.issuer_image1(), c.issuer_image2(), c.issuer_image3()],
        [issuer[0].as_str(), issuer[1].as_str(), issuer[2].as_str()],
        "{what}"
    );
    let scheme = images(cres, "psImage");
    assert_eq!(
        [
            c.payment_system_image1(),
            c.payment_system_image2(),
            c.payment_system_image3()
        ],
        [scheme[0].as_str(), scheme[1].as_str(), scheme[2].as_str()],
        "{what}"
    );
    let options: Vec<(String, String)> = cres
        .get("challengeSelectInfo")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| o.as_object()?.iter().next())
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(c.challenge_select_info_count(), options.len(), "{what}");
    for (i, (name, value)) in options.iter().enumerate() {
        assert_eq!(c.challenge_select_info_name(i).unwrap(), name, "{what}");
        assert_eq!(c.challenge_select_info_value(i).unwrap(), value, "{what}");
    }
    let boxes = [
        (
            "challengeEntryBox",
            (
                c.challenge_entry_box_label(),
                c.challenge_entry_box_keyboard_type(),
                c.challenge_entry_box_length_max(),
                c.challenge_entry_box_autofill(),
                c.challenge_entry_box_autofill_type(),
                c.challenge_entry_box_masking(),
                c.challenge_entry_box_masking_toggle(),
            ),
        ),
        (
            "challengeEntryBoxTwo",
            (
                c.challenge_entry_box_two_label(),
                c.challenge_entry_box_two_keyboard_type(),
                c.challenge_entry_box_two_length_max(),
                c.challenge_entry_box_two_autofill(),
                c.challenge_entry_box_two_autofill_type(),
                c.challenge_entry_box_two_masking(),
                c.challenge_entry_box_two_masking_toggle(),
            ),
        ),
    ];
    for (field, read) in boxes {
        let expected = match cres.get(field) {
            Some(b) => (
                text(b, "challengeDataEntryLabel"),
                number(b, &["challengeDataEntryKeyboardType"]),
                // Absent: the specification's default of 45.
                match number(b, &["challengeDataEntryLengthMax"]) {
                    0 => 45,
                    n => u32::from(n),
                },
                yes(b, &["challengeDataEntryAutofill"]),
                number(b, &["challengeDataEntryAutofillType"]),
                yes(b, &["challengeDataEntryMasking"]),
                yes(b, &["challengeDataEntryToggle"]),
            ),
            None => (String::new(), 0, 0, false, 0, false, false),
        };
        let read = (
            read.0.to_owned(),
            read.1,
            read.2,
            read.3,
            read.4,
            read.5,
            read.6,
        );
        assert_eq!(read, expected, "{what}: {field}");
    }
}

/// The ARes's `acsRenderingType`, and the incoming extensions as `config`
/// reads them: those of the last message received (`message`); `true`
/// when it carried an extension.
fn assert_rendering_and_extensions(
    c: &mut StdClient<Recorder>,
    tx: &TransactionRecord,
    message: &Value,
) -> bool {
    let rendering = &tx.ares["acsRenderingType"];
    let readouts = [
        ("ACSRenderingInterface", "acsInterface"),
        ("ACSRenderingUITemplate", "acsUiTemplate"),
        (
            "ACSRenderingDeviceUserInterfaceMode",
            "deviceUserInterfaceMode",
        ),
    ];
    for (setting, field) in readouts {
        match rendering.get(field).and_then(Value::as_str) {
            Some(code) => assert_eq!(c.config(setting).unwrap(), code, "{setting}"),
            None => assert!(c.config(setting).is_err(), "{setting}"),
        }
    }
    let exts = message
        .get("messageExtension")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        c.config("IncomingExtensionCount").unwrap(),
        exts.len().to_string()
    );
    for (i, e) in exts.iter().enumerate() {
        assert_eq!(
            c.config(&format!("IncomingExtensionId[{i}]")).unwrap(),
            e["id"]
        );
        assert_eq!(
            c.config(&format!("IncomingExtensionName[{i}]")).unwrap(),
            e["name"]
        );
        assert_eq!(
            c.config(&format!("IncomingExtensionCritical[{i}]"))
                .unwrap(),
            e["criticalityIndicator"].to_string()
        );
        let data = c.config(&format!("IncomingExtensionData[{i}]")).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&data).unwrap(), e["data"]);
    }
    if exts.is_empty() {
        return false;
    }
    // The array as received.
    let raw = c.config("IncomingRawExtensions").unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&raw).unwrap(),
        message["messageExtension"]
    );
    true
}

#[test]
fn screen_properties_equal_every_cres_field() {
    let fx = start();
    let mut checked = 0;
    let mut rarer = [false; 4];
    for (scenario, first) in SCENARIOS {
        for version in VERSIONS.iter().filter(|v| **v >= first) {
            let mut c = fx.client(version, version == &"2.3.1", None);
            fx.authenticate(&mut c, scenario).unwrap();
            // The ARes's extensions until a CRes replaces them.
            let tx = fx.record(&mut c);
            rarer[3] |= assert_rendering_and_extensions(&mut c, &tx, &tx.ares);
            c.send_challenge_request().unwrap();
            let tx = fx.record(&mut c);
            let cres = tx.cres.last().expect("a CRes");
            assert_screen(&c, cres, version, &format!("{scenario} {version}"));
            rarer[0] |= c.challenge_entry_box_two_length_max() == 10;
            rarer[1] |= !c.acshtml_refresh().is_empty();
            rarer[2] |= !c.challenge_additional_information().is_empty();
            assert_rendering_and_extensions(&mut c, &tx, cres);
            checked += 1;
            if scenario == "screen-every-text-field" {
                // Both boxes answered: the CReq carries both entries as set.
                c.set_challenge_data_entry("123456");
                c.set_challenge_data_entry_two("1990-01-01");
                assert_eq!(c.challenge_data_entry_two(), "1990-01-01");
                c.send_challenge_request().unwrap();
                let creq = fx.record(&mut c).creqs.last().cloned().unwrap();
                assert_eq!(creq["challengeDataEntry"], "123456");
                assert_eq!(creq["challengeDataEntryTwo"], "1990-01-01");
            }
        }
    }
    assert_eq!(checked, 33);
    assert_eq!(rarer, [true; 4], "the rarer fields were on the wire");
    fx.running.stop();
}

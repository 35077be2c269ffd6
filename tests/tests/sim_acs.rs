//! The ACS role: hand-built CReqs (our own SDK side, in `common`) for every
//! UI type, the injected faults, and every client violation with its Erro.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::Sdk;
use serde_json::{Value, json};
use threeds_sim::jose::b64;
use threeds_sim::jose::content::Enc;
use threeds_sim::jose::jwe::CompactJwe;
use threeds_sim::{Sim, TxState, ViolationKind};

/// Starts a challenge: auth request, then the first CReq (000).
fn start(sim: &Sim, scenario: &str, version: &str, enc: Enc) -> (Sdk, Value) {
    let mut sdk = Sdk::new(version);
    sdk.enc = enc;
    let ares = sdk.authenticate(sim, scenario);
    assert_eq!(ares["transStatus"], "C", "{ares}");
    let first = sdk.creq(json!({}));
    let (status, cres) = sdk.send(sim, &first);
    assert_eq!(status, 200);
    assert_eq!(cres["messageType"], "CRes", "{cres}");
    assert_eq!(cres["acsCounterAtoS"], "000");
    assert_eq!(cres["challengeCompletionInd"], "N");
    for id in ["threeDSServerTransID", "acsTransID"] {
        assert_eq!(cres[id], ares[id]);
    }
    assert_eq!(cres["sdkTransID"], sdk.sdk_trans_id.as_str());
    (sdk, cres)
}

fn finish(sim: &Sim, sdk: &mut Sdk, fields: Value, expected_status: &str) -> Value {
    let creq = sdk.creq(fields);
    let (_, cres) = sdk.send(sim, &creq);
    assert_eq!(cres["challengeCompletionInd"], "Y", "{cres}");
    assert_eq!(cres["transStatus"], expected_status, "{cres}");
    let keys: Vec<&str> = cres
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "acsCounterAtoS",
            "acsTransID",
            "challengeCompletionInd",
            "messageType",
            "messageVersion",
            "sdkTransID",
            "threeDSServerTransID",
            "transStatus"
        ]
    );
    let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
    assert_eq!(record.state, TxState::Completed);
    assert_eq!(record.outcome.as_deref(), Some(expected_status));
    assert!(record.violations.is_empty(), "{:?}", record.violations);
    cres
}

#[test]
fn text_challenge_in_every_version_and_both_encs() {
    let sim = common::sim();
    for version in ["2.1.0", "2.2.0", "2.3.1"] {
        for enc in [Enc::A128CbcHs256, Enc::A128Gcm] {
            let (mut sdk, cres) = start(&sim, "challenge-text", version, enc);
            assert_eq!(cres["acsUiType"], "01");
            assert_eq!(cres["messageVersion"], version);
            for field in [
                "challengeInfoHeader",
                "challengeInfoText",
                "submitAuthenticationLabel",
                "resendInformationLabel",
                "whyInfoLabel",
                "whyInfoText",
                "expandInfoLabel",
                "expandInfoText",
            ] {
                assert!(cres[field].is_string(), "{version} {field}");
            }
            if version == "2.3.1" {
                assert_eq!(
                    cres["challengeEntryBox"]["challengeDataEntryLabel"],
                    "One-time code"
                );
                assert!(cres.get("challengeInfoLabel").is_none());
                assert!(cres["issuerImage"]["default"].is_string());
            } else {
                assert!(cres.get("challengeEntryBox").is_none());
                assert!(cres["challengeInfoLabel"].is_string());
                assert!(
                    cres["issuerImage"]["medium"].is_string()
                        && cres["psImage"]["extraHigh"].is_string()
                );
                assert!(!cres["challengeInfoText"].as_str().unwrap().contains("**"));
            }
            let final_cres = finish(&sim, &mut sdk, json!({"challengeDataEntry": "123456"}), "Y");
            assert_eq!(final_cres["acsCounterAtoS"], "001");
            let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
            assert_eq!(record.creqs.len(), 2);
            assert_eq!(record.cres.len(), 2);
            assert_eq!(record.creq_enc.as_deref(), Some(enc.name()));
            assert_eq!(record.creqs[1]["challengeDataEntry"], "123456");
        }
    }
}

#[test]
fn wrong_code_resend_no_entry_then_right() {
    let sim = common::sim();
    let (mut sdk, _) = start(
        &sim,
        "challenge-text-wrong-then-right",
        "2.2.0",
        Enc::A128Gcm,
    );
    let (_, wrong) = sdk.send(&sim, &sdk.creq(json!({"challengeDataEntry": "000000"})));
    assert_eq!(wrong["challengeCompletionInd"], "N");
    assert_eq!(wrong["challengeInfoTextIndicator"], "Y");
    assert!(
        wrong["challengeInfoText"]
            .as_str()
            .unwrap()
            .contains("2 attempt(s) left"),
        "{wrong}"
    );
    let (_, resent) = sdk.send(&sim, &sdk.creq(json!({"resendChallenge": "Y"})));
    assert!(
        resent["challengeInfoText"]
            .as_str()
            .unwrap()
            .starts_with("A new code has been sent")
    );
    let (_, empty) = sdk.send(&sim, &sdk.creq(json!({"challengeNoEntry": "Y"})));
    assert!(
        empty["challengeInfoText"]
            .as_str()
            .unwrap()
            .contains("1 attempt(s) left")
    );
    finish(&sim, &mut sdk, json!({"challengeDataEntry": "123456"}), "Y");
}

#[test]
fn attempts_exhausted_fail_fast_and_cancel_end_with_n() {
    let sim = common::sim();
    let (mut sdk, _) = start(&sim, "challenge-text", "2.3.1", Enc::A128CbcHs256);
    sdk.send(&sim, &sdk.creq(json!({"challengeDataEntry": "1"})));
    sdk.send(&sim, &sdk.creq(json!({"challengeDataEntry": "2"})));
    finish(&sim, &mut sdk, json!({"challengeDataEntry": "3"}), "N");

    let (mut sdk, _) = start(&sim, "challenge-text-fail", "2.3.1", Enc::A128CbcHs256);
    finish(&sim, &mut sdk, json!({"challengeDataEntry": "654321"}), "N");

    let (mut sdk, _) = start(&sim, "challenge-text", "2.3.1", Enc::A128Gcm);
    finish(&sim, &mut sdk, json!({"challengeCancel": "01"}), "N");
}

#[test]
fn select_oob_html_info_screens() {
    let sim = common::sim();
    let (mut sdk, cres) = start(&sim, "challenge-single-select", "2.2.0", Enc::A128CbcHs256);
    assert_eq!(cres["acsUiType"], "02");
    assert_eq!(cres["challengeSelectInfo"].as_array().unwrap().len(), 2);
    assert!(
        cres["challengeInfoLabel"].is_string() && cres["submitAuthenticationLabel"].is_string()
    );
    finish(&sim, &mut sdk, json!({"challengeDataEntry": "phon"}), "Y");

    let (mut sdk, cres) = start(&sim, "challenge-multi-select", "2.3.1", Enc::A128Gcm);
    assert_eq!(cres["acsUiType"], "03");
    finish(
        &sim,
        &mut sdk,
        json!({"challengeDataEntry": "cafe,grcy"}),
        "Y",
    );

    let (mut sdk, cres) = start(&sim, "challenge-oob", "2.3.1", Enc::A128CbcHs256);
    assert_eq!(cres["acsUiType"], "04");
    assert!(cres["oobContinueLabel"].is_string());
    assert!(
        cres["oobAppURL"].as_str().unwrap().starts_with("https://"),
        "oobAppURLInd 01 was sent"
    );
    assert!(cres["oobAppLabel"].is_string());
    finish(&sim, &mut sdk, json!({"oobContinue": "01"}), "Y");

    let (mut sdk, cres) = start(&sim, "challenge-oob", "2.2.0", Enc::A128CbcHs256);
    assert!(cres.get("oobAppURL").is_none());
    finish(&sim, &mut sdk, json!({"oobContinue": true}), "Y");

    let (mut sdk, cres) = start(&sim, "challenge-html", "2.2.0", Enc::A128Gcm);
    assert_eq!(cres["acsUiType"], "05");
    let html =
        String::from_utf8(b64::url_decode(cres["acsHTML"].as_str().unwrap(), "acsHTML").unwrap())
            .unwrap();
    assert!(html.contains("HTTPS://EMV3DS/challenge") && html.contains("name=\"otp\""));
    assert!(cres.get("challengeInfoHeader").is_none());
    finish(
        &sim,
        &mut sdk,
        json!({"challengeHTMLDataEntry": "otp=123456"}),
        "Y",
    );

    let (mut sdk, cres) = start(&sim, "challenge-html-oob", "2.3.1", Enc::A128CbcHs256);
    assert_eq!(cres["acsUiType"], "06");
    assert!(cres["acsHTML"].is_string());
    finish(
        &sim,
        &mut sdk,
        json!({"oobContinue": "01", "challengeHTMLDataEntry": "approved=yes"}),
        "Y",
    );

    let (mut sdk, cres) = start(&sim, "challenge-info", "2.3.1", Enc::A128Gcm);
    assert_eq!(cres["acsUiType"], "07");
    assert_eq!(cres["infoContinueLabel"], "Continue");
    finish(&sim, &mut sdk, json!({"infoContinueIndicator": true}), "Y");

    let (mut sdk, _) = start(&sim, "challenge-two-rounds", "2.3.1", Enc::A128Gcm);
    let (_, second) = sdk.send(&sim, &sdk.creq(json!({"challengeDataEntry": "phon"})));
    assert_eq!(second["acsUiType"], "01");
    finish(&sim, &mut sdk, json!({"challengeDataEntry": "123456"}), "Y");
}

#[test]
fn trust_list_and_device_binding_consents() {
    let sim = common::sim();
    let (mut sdk, cres) = start(&sim, "challenge-trust-list", "2.3.1", Enc::A128CbcHs256);
    assert!(cres["trustListInfoText"].is_string());
    finish(
        &sim,
        &mut sdk,
        json!({"challengeDataEntry": "123456", "trustListDataEntry": "Y"}),
        "Y",
    );

    let (mut sdk, cres) = start(&sim, "challenge-trust-list", "2.2.0", Enc::A128CbcHs256);
    assert!(cres["whitelistingInfoText"].is_string());
    finish(
        &sim,
        &mut sdk,
        json!({"challengeDataEntry": "123456", "whitelistingDataEntry": "N"}),
        "Y",
    );

    let (mut sdk, cres) = start(&sim, "challenge-device-binding", "2.3.1", Enc::A128Gcm);
    assert!(cres["deviceBindingInfoText"].is_string());
    finish(
        &sim,
        &mut sdk,
        json!({"challengeDataEntry": "123456", "deviceBindingDataEntry": "Y"}),
        "Y",
    );

    // Cancel goes without the consent.
    let (mut sdk, _) = start(&sim, "challenge-device-binding", "2.3.1", Enc::A128Gcm);
    finish(&sim, &mut sdk, json!({"challengeCancel": "01"}), "N");
}

/// Sends `body` as the CReq of a fresh challenge (after the first CRes) and
/// checks the Erro and the recorded violation.
fn expect_violation(sim: &Sim, sdk: &mut Sdk, body: &str, code: &str, kind: ViolationKind) {
    let (status, erro) = sdk.send_raw(sim, body);
    assert_eq!(status, 200);
    assert_eq!(erro["messageType"], "Erro", "{kind:?}: {erro}");
    assert_eq!(erro["errorCode"], code, "{kind:?}: {erro}");
    assert_eq!(erro["errorComponent"], "A");
    assert_eq!(erro["errorMessageType"], "CReq");
    assert_eq!(erro["messageVersion"], sdk.version.as_str());
    assert_eq!(erro["acsTransID"], sdk.acs_trans_id().as_str());
    assert_eq!(erro["sdkTransID"], sdk.sdk_trans_id.as_str());
    let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
    let violation = record.violations.last().unwrap();
    assert_eq!(violation.kind, kind, "{violation:?}");
    assert_eq!(violation.code, code);
    assert_eq!(record.state, TxState::AbortedByAcs);
    assert_eq!(record.erros_sent.last().unwrap(), &erro);
}

#[test]
fn client_violations_get_the_prescribed_erro() {
    let sim = common::sim();
    type Case = (
        &'static str,
        Enc,
        Box<dyn Fn(&Sdk) -> String>,
        &'static str,
        ViolationKind,
    );
    let cases: Vec<Case> = vec![
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"sdkCounterStoA": "000", "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "302",
            ViolationKind::WrongCounter,
        ),
        (
            "2.3.1",
            Enc::A128Gcm,
            Box::new(|s: &Sdk| {
                let mut iv = vec![0u8; 12];
                iv[0] = 1;
                iv[11] = 1;
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    Some(iv),
                )
            }),
            "302",
            ViolationKind::WrongIv,
        ),
        (
            "2.3.1",
            Enc::A128Gcm,
            Box::new(|s: &Sdk| {
                let mut iv = vec![0u8; 12];
                iv[11] = 7;
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    Some(iv),
                )
            }),
            "302",
            ViolationKind::WrongIv,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456"})),
                    "not-the-acs-trans-id",
                    None,
                )
            }),
            "301",
            ViolationKind::BadKid,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"sdkTransID": null, "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "201",
            ViolationKind::MissingField,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"oobAppURLInd": null, "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "201",
            ViolationKind::MissingField,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456", "trustListDataEntry": "Y"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::FieldNotInVersion,
        ),
        (
            "2.1.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(&s.creq(json!({"challengeDataEntry": "123456", "threeDSRequestorAppURL": "https://merchant.example"})), &s.acs_trans_id(), None)
            }),
            "203",
            ViolationKind::FieldNotInVersion,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456", "challengeWindowSize": "05"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::UnknownField,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeCancel": "01", "resendChallenge": "Y"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::ConflictingActions,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"resendChallenge": "Y", "challengeNoEntry": "Y"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::ConflictingActions,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456", "challengeNoEntry": "Y"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::ConflictingActions,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| s.encrypt(&s.creq(json!({})), &s.acs_trans_id(), None)),
            "201",
            ViolationKind::MissingField,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"oobContinue": "01"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::FieldNotApplicable,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "1234567"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            "2.3.1",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"challengeCancel": "04"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"messageVersion": "2.1.0", "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::WrongVersion,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"messageVersion": "2.9.9", "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "102",
            ViolationKind::UnsupportedVersion,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(&s.creq(json!({"threeDSServerTransID": threeds_sim::util::new_uuid(), "challengeDataEntry": "123456"})), &s.acs_trans_id(), None)
            }),
            "301",
            ViolationKind::WrongIds,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"sdkTransID": "not-a-uuid", "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(&s.creq(json!({"challengeDataEntry": "123456", "messageExtension": [{"name": "x", "id": "A000000802-001", "criticalityIndicator": true, "data": {}}]})), &s.acs_trans_id(), None)
            }),
            "202",
            ViolationKind::CriticalExtension,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                let t = s.encrypt(
                    &s.creq(json!({"challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                );
                let (head, tag) = t.rsplit_once('.').unwrap();
                let mut tag = b64::url_decode(tag, "tag").unwrap();
                tag[3] ^= 0x40;
                format!("{head}.{}", b64::url(&tag))
            }),
            "302",
            ViolationKind::DecryptionFailed,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                let key = s.session_key.unwrap();
                threeds_sim::jose::jwe::encrypt_dir(
                    Enc::A128Gcm,
                    &s.acs_trans_id(),
                    &key[..16],
                    &[0u8; 12],
                    s.creq(json!({"challengeDataEntry": "123456"}))
                        .to_string()
                        .as_bytes(),
                )
                .unwrap()
            }),
            "302",
            ViolationKind::EncChanged,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|_: &Sdk| "not a jwe".to_owned()),
            "101",
            ViolationKind::MalformedMessage,
        ),
        (
            "2.2.0",
            Enc::A128CbcHs256,
            Box::new(|s: &Sdk| {
                s.encrypt(
                    &s.creq(json!({"messageType": "CRes", "challengeDataEntry": "123456"})),
                    &s.acs_trans_id(),
                    None,
                )
            }),
            "101",
            ViolationKind::MalformedMessage,
        ),
    ];
    for (i, (version, enc, build, code, kind)) in cases.into_iter().enumerate() {
        let (mut sdk, _) = start(&sim, "challenge-text", version, enc);
        let body = build(&sdk);
        eprintln!("case {i}: {kind:?}");
        expect_violation(&sim, &mut sdk, &body, code, kind);
    }
}

#[test]
fn more_violations_consent_first_creq_iv_reuse_and_closed_transactions() {
    let sim = common::sim();
    // Consent text shown but not answered.
    let (mut sdk, _) = start(&sim, "challenge-trust-list", "2.3.1", Enc::A128CbcHs256);
    let body = sdk.encrypt(
        &sdk.creq(json!({"challengeDataEntry": "123456"})),
        &sdk.acs_trans_id(),
        None,
    );
    expect_violation(&sim, &mut sdk, &body, "201", ViolationKind::MissingField);

    // An answer field in the first CReq.
    let mut sdk = Sdk::new("2.3.1");
    sdk.authenticate(&sim, "challenge-text");
    let body = sdk.encrypt(
        &sdk.creq(json!({"challengeDataEntry": "123456"})),
        &sdk.acs_trans_id(),
        None,
    );
    expect_violation(
        &sim,
        &mut sdk,
        &body,
        "203",
        ViolationKind::FieldNotApplicable,
    );

    // The same CBC IV twice.
    let mut sdk = Sdk::new("2.2.0");
    sdk.authenticate(&sim, "challenge-text");
    let iv = vec![9u8; 16];
    let first = sdk.encrypt(&sdk.creq(json!({})), &sdk.acs_trans_id(), Some(iv.clone()));
    sdk.send_raw(&sim, &first);
    let second = sdk.encrypt(
        &sdk.creq(json!({"challengeDataEntry": "123456"})),
        &sdk.acs_trans_id(),
        Some(iv),
    );
    expect_violation(&sim, &mut sdk, &second, "302", ViolationKind::WrongIv);

    // threeDSRequestorAppURL dropped after the first CReq carried it (2.3.1).
    let mut sdk = Sdk::new("2.3.1");
    sdk.authenticate(&sim, "challenge-text");
    let first = sdk.creq(json!({"threeDSRequestorAppURL": "https://merchant.example/app"}));
    let (_, cres) = sdk.send(&sim, &first);
    assert_eq!(cres["acsUiType"], "01");
    let body = sdk.encrypt(
        &sdk.creq(json!({"challengeDataEntry": "123456"})),
        &sdk.acs_trans_id(),
        None,
    );
    expect_violation(&sim, &mut sdk, &body, "201", ViolationKind::MissingField);

    // oobContinue of the wrong type for the version.
    let (mut sdk, _) = start(&sim, "challenge-oob", "2.3.1", Enc::A128CbcHs256);
    let body = sdk.encrypt(
        &sdk.creq(json!({"oobContinue": true})),
        &sdk.acs_trans_id(),
        None,
    );
    expect_violation(&sim, &mut sdk, &body, "203", ViolationKind::InvalidValue);

    // A CReq after the final CRes.
    let (mut sdk, _) = start(&sim, "challenge-text", "2.2.0", Enc::A128Gcm);
    sdk.send(&sim, &sdk.creq(json!({"challengeDataEntry": "123456"})));
    let body = sdk.encrypt(
        &sdk.creq(json!({"challengeDataEntry": "123456"})),
        &sdk.acs_trans_id(),
        None,
    );
    let (_, erro) = sdk.send_raw(&sim, &body);
    assert_eq!(erro["errorCode"], "305");
    let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
    assert_eq!(
        record.violations.last().unwrap().kind,
        ViolationKind::NotInChallenge
    );
    assert_eq!(record.state, TxState::Completed);

    // A CReq for a frictionless transaction.
    let mut sdk = Sdk::new("2.2.0");
    sdk.authenticate(&sim, "frictionless-y");
    sdk.session_key = Some([0u8; 32]);
    let body = sdk.encrypt(&sdk.creq(json!({})), &sdk.acs_trans_id(), None);
    let (_, erro) = sdk.send_raw(&sim, &body);
    assert_eq!(erro["errorCode"], "305");

    // An unknown acsTransID.
    let answer = sim.handle_creq(
        &threeds_sim::util::new_uuid(),
        Some("application/jose"),
        b"a.b.c.d.e",
    );
    assert_eq!(answer.body_json().unwrap()["errorCode"], "301");
    assert_eq!(sim.records().unknown_transaction_requests.len(), 1);
}

#[test]
fn erro_from_the_sdk_is_recorded_and_not_answered() {
    let sim = common::sim();
    let (sdk, _) = start(&sim, "challenge-text", "2.3.1", Enc::A128CbcHs256);
    let erro = json!({
        "messageType": "Erro", "messageVersion": "2.3.1", "errorCode": "302", "errorComponent": "C",
        "errorDescription": "Data Decryption Failure", "errorDetail": "acsCounterAtoS", "errorMessageType": "CRes",
        "threeDSServerTransID": sdk.ares["threeDSServerTransID"], "acsTransID": sdk.ares["acsTransID"], "sdkTransID": sdk.sdk_trans_id,
    });
    let answer = sim.handle_creq(
        &sdk.acs_trans_id(),
        Some("application/json; charset=utf-8"),
        erro.to_string().as_bytes(),
    );
    assert_eq!(answer.status, 200);
    assert!(answer.body.is_empty());
    let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
    assert_eq!(record.erros_received.len(), 1);
    assert_eq!(record.erros_received[0].code, "302");
    assert_eq!(record.state, TxState::AbortedBySdk);
    assert!(record.violations.is_empty());

    let (sdk, _) = start(&sim, "challenge-text", "2.2.0", Enc::A128CbcHs256);
    let bad = json!({"messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "3021", "errorComponent": "A", "errorDescription": "x"});
    let _ = sim.handle_creq(&sdk.acs_trans_id(), None, bad.to_string().as_bytes());
    let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
    assert_eq!(record.violations[0].kind, ViolationKind::BadErro);
    assert_eq!(
        record.violations[0].detail,
        "errorComponent,errorCode,errorDetail"
    );
}

#[test]
fn injected_faults_change_the_answer_as_scripted() {
    let sim = common::sim();
    let raw_first = |scenario: &str, enc: Enc| {
        let mut sdk = Sdk::new("2.3.1");
        sdk.enc = enc;
        sdk.authenticate(&sim, scenario);
        let body = sdk.encrypt(&sdk.creq(json!({})), &sdk.acs_trans_id(), None);
        (
            sim.handle_creq(&sdk.acs_trans_id(), None, body.as_bytes()),
            sdk,
        )
    };
    let (answer, sdk) = raw_first("fault-wrong-counter", Enc::A128Gcm);
    let jwe = CompactJwe::parse(&answer.body_text()).unwrap();
    assert_eq!(jwe.iv[11], 1, "the IV follows the wrong counter");
    assert_eq!(
        sdk.decrypt_cres(&answer.body_text())["acsCounterAtoS"],
        "001"
    );

    let (answer, sdk) = raw_first("fault-bad-tag", Enc::A128CbcHs256);
    let jwe = CompactJwe::parse(&answer.body_text()).unwrap();
    assert!(jwe.decrypt_with(&sdk.session_key.unwrap()).is_err());

    let (answer, sdk) = raw_first("fault-wrong-ids", Enc::A128CbcHs256);
    assert_ne!(
        sdk.decrypt_cres(&answer.body_text())["sdkTransID"],
        sdk.sdk_trans_id.as_str()
    );

    let (answer, sdk) = raw_first("fault-wrong-version", Enc::A128CbcHs256);
    assert_eq!(
        sdk.decrypt_cres(&answer.body_text())["messageVersion"],
        "2.2.0"
    );

    let (answer, sdk) = raw_first("fault-critical-extension", Enc::A128CbcHs256);
    assert_eq!(
        sdk.decrypt_cres(&answer.body_text())["messageExtension"][0]["criticalityIndicator"],
        true
    );

    let (answer, sdk) = raw_first("fault-missing-field", Enc::A128CbcHs256);
    let cres = sdk.decrypt_cres(&answer.body_text());
    assert!(cres.get("challengeInfoText").is_none() && cres["acsUiType"] == "01");

    let (answer, sdk) = raw_first("fault-invalid-ui-type", Enc::A128CbcHs256);
    assert_eq!(sdk.decrypt_cres(&answer.body_text())["acsUiType"], "99");

    let (answer, sdk) = raw_first("fault-slow", Enc::A128CbcHs256);
    assert_eq!(answer.delay_ms, 3000);
    assert_eq!(sdk.decrypt_cres(&answer.body_text())["acsUiType"], "01");

    let (answer, sdk) = raw_first("fault-erro", Enc::A128CbcHs256);
    let erro = answer.body_json().unwrap();
    assert_eq!(
        (
            erro["messageType"].as_str(),
            erro["errorCode"].as_str(),
            erro["errorComponent"].as_str()
        ),
        (Some("Erro"), Some("403"), Some("A"))
    );
    assert_eq!(
        sim.transaction(&sdk.acs_trans_id()).unwrap().state,
        TxState::AbortedByAcs
    );

    let (answer, mut sdk) = raw_first("fault-http-500", Enc::A128CbcHs256);
    assert_eq!(answer.status, 500);
    // The CReq was not consumed: the same counter works afterwards.
    let (_, cres) = sdk.send(&sim, &sdk.creq(json!({})));
    assert_eq!(cres["acsCounterAtoS"], "000");

    let (answer, _) = raw_first("fault-drop-connection", Enc::A128CbcHs256);
    assert!(answer.drop_connection);
}

#[test]
fn builtin_scenarios_parse_and_are_documented() {
    let set = threeds_sim::ScenarioSet::builtin().unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/README.md"))
            .unwrap();
    let dir = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap();
    let files: Vec<String> = dir
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(files.len(), set.names().len(), "every file is compiled in");
    for name in set.names() {
        assert!(
            files.contains(&format!("{name}.json")),
            "{name}: file name = scenario name"
        );
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} is listed in the README"
        );
    }
}

#[test]
fn in_memory_routing_follows_the_signed_acs_url() {
    let sim = common::sim();
    let mut sdk = Sdk::new("2.3.1");
    let req = sdk.auth_request(sim.pki(), common::DsKey::Ec, Enc::A128Gcm);
    let answer = sim.handle_http(
        "https://ds.example/3ds/auth?scenario=challenge-oob",
        Some("application/json"),
        req.to_string().as_bytes(),
    );
    let ares = sdk.accept_ares(answer.body_json().unwrap());
    let jws = ares["acsSignedContent"].as_str().unwrap();
    let payload: Value =
        serde_json::from_slice(&b64::url_decode(jws.split('.').nth(1).unwrap(), "p").unwrap())
            .unwrap();
    let acs_url = payload["acsURL"].as_str().unwrap();
    let body = sdk.encrypt(&sdk.creq(json!({})), &sdk.acs_trans_id(), None);
    let answer = sim.handle_http(
        acs_url,
        Some("application/jose; charset=UTF-8"),
        body.as_bytes(),
    );
    assert_eq!(sdk.decrypt_cres(&answer.body_text())["acsUiType"], "04");
    assert_eq!(sim.handle_http("/nowhere", None, b"").status, 404);
}

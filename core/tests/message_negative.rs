//! Table-driven negative suite: every required member of every message and
//! version, missing/`""`/`null` → 201; invalid enumerated values → 203;
//! ids → 301; version → 102; counter → 302; critical extension → 202; final
//! CRes rules. Messages are built and mutated with serde_json.

use serde_json::{Value as J, json};
use threeds_core::message::*;

const SRV: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
const ACS: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
const SDK: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";
const DS: &str = "0b470d4f-fdf8-429f-9147-505b1a589883";
const OTHER: &str = "00000000-0000-4000-8000-000000000000";
const KNOWN_EXT: &str = "A000000802-001";
const VERSIONS: [MessageVersion; 3] = MessageVersion::ALL;
const ALL_UI: [&str; 7] = ["01", "02", "03", "04", "05", "06", "07"];

fn ui_valid(v: MessageVersion, ui: &str) -> bool {
    v.is_2_3() || !matches!(ui, "06" | "07")
}

fn set(j: &mut J, path: &str, value: J) {
    let mut cur = j;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            cur.as_object_mut().unwrap().insert(p.to_string(), value);
            return;
        }
        cur = cur.get_mut(p).unwrap();
    }
}

fn remove(j: &mut J, path: &str) {
    let mut cur = j;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        if parts.peek().is_none() {
            assert!(
                cur.as_object_mut().unwrap().remove(p).is_some(),
                "{path} not in base"
            );
            return;
        }
        cur = cur.get_mut(p).unwrap();
    }
}

// ---------------------------------------------------------------- CRes

fn cres_base(v: MessageVersion, ui: &str) -> J {
    let mut m = json!({
        "messageType": "CRes", "messageVersion": v.as_str(),
        "threeDSServerTransID": SRV, "acsTransID": ACS, "sdkTransID": SDK,
        "acsCounterAtoS": "000", "challengeCompletionInd": "N", "acsUiType": ui,
    });
    if matches!(ui, "01" | "02" | "03" | "04" | "07") {
        set(&mut m, "challengeInfoHeader", json!("Header"));
        set(&mut m, "challengeInfoText", json!("Text"));
    }
    match ui {
        "01" => {
            set(&mut m, "submitAuthenticationLabel", json!("Submit"));
            if v.is_2_3() {
                set(
                    &mut m,
                    "challengeEntryBox",
                    json!({"challengeDataEntryLabel": "Code", "challengeDataEntryMasking": "N"}),
                );
            } else {
                set(&mut m, "challengeInfoLabel", json!("Code"));
            }
        }
        "02" | "03" => {
            set(&mut m, "submitAuthenticationLabel", json!("Submit"));
            set(&mut m, "challengeInfoLabel", json!("Choose"));
            set(
                &mut m,
                "challengeSelectInfo",
                json!([{"phon": "Mobile"}, {"mail": "Email"}]),
            );
        }
        "04" => set(&mut m, "oobContinueLabel", json!("Continue")),
        "05" | "06" => set(&mut m, "acsHTML", json!("PGh0bWw-PC9odG1sPg")),
        "07" => set(&mut m, "infoContinueLabel", json!("OK")),
        _ => unreachable!(),
    }
    m
}

fn cres_required(v: MessageVersion, ui: &str) -> Vec<&'static str> {
    let mut r = vec![
        "acsCounterAtoS",
        "challengeCompletionInd",
        "threeDSServerTransID",
        "acsTransID",
        "sdkTransID",
        "messageVersion",
        "acsUiType",
    ];
    let v23 = v.is_2_3();
    match ui {
        "01" => {
            r.push("submitAuthenticationLabel");
            if v23 {
                r.extend([
                    "challengeInfoHeader",
                    "challengeInfoText",
                    "challengeEntryBox",
                    "challengeEntryBox.challengeDataEntryLabel",
                ]);
            }
        }
        "02" | "03" => {
            r.extend(["submitAuthenticationLabel", "challengeSelectInfo"]);
            if v23 {
                r.extend([
                    "challengeInfoHeader",
                    "challengeInfoText",
                    "challengeInfoLabel",
                ]);
            }
        }
        "04" => {
            r.push("oobContinueLabel");
            if v23 {
                r.extend(["challengeInfoHeader", "challengeInfoText"]);
            }
        }
        "05" | "06" => r.push("acsHTML"),
        "07" => r.extend([
            "challengeInfoHeader",
            "challengeInfoText",
            "infoContinueLabel",
        ]),
        _ => unreachable!(),
    }
    r
}

fn final_base(v: MessageVersion, status: &str) -> J {
    json!({
        "messageType": "CRes", "messageVersion": v.as_str(),
        "threeDSServerTransID": SRV, "acsTransID": ACS, "sdkTransID": SDK,
        "acsCounterAtoS": "000", "challengeCompletionInd": "Y", "transStatus": status,
    })
}

fn cexp(v: MessageVersion) -> CresExpectation<'static> {
    CresExpectation {
        version: v,
        three_ds_server_trans_id: SRV,
        acs_trans_id: ACS,
        sdk_trans_id: SDK,
        counter: 0,
        understood_extensions: &[KNOWN_EXT],
        decoupled_fallback: false,
    }
}

fn cres_result(j: &J, exp: &CresExpectation<'_>) -> Result<(), MessageError> {
    let bytes = serde_json::to_vec(j).unwrap();
    ChallengeResponse::parse(&bytes, exp).map(|r| assert!(matches!(r, ChallengeResponse::Cres(_))))
}

fn cres_err(j: &J, v: MessageVersion) -> MessageError {
    cres_result(j, &cexp(v)).expect_err(&j.to_string())
}

#[test]
fn cres_bases_are_valid() {
    for v in VERSIONS {
        for ui in ALL_UI.into_iter().filter(|u| ui_valid(v, u)) {
            cres_result(&cres_base(v, ui), &cexp(v)).unwrap_or_else(|e| panic!("{v} {ui}: {e}"));
        }
        cres_result(&final_base(v, "Y"), &cexp(v)).unwrap();
        cres_result(&final_base(v, "N"), &cexp(v)).unwrap();
    }
}

#[test]
fn cres_missing_empty_or_null_required_member_is_201() {
    for v in VERSIONS {
        for ui in ALL_UI.into_iter().filter(|u| ui_valid(v, u)) {
            for field in cres_required(v, ui) {
                for blank in [None, Some(json!("")), Some(J::Null)] {
                    let mut m = cres_base(v, ui);
                    match &blank {
                        None => remove(&mut m, field),
                        Some(b) => set(&mut m, field, b.clone()),
                    }
                    let e = cres_err(&m, v);
                    assert_eq!(
                        (e.code, e.field),
                        (ErrorCode::REQUIRED_MISSING, field),
                        "{v} {ui} {field} {blank:?}"
                    );
                }
            }
        }
        for field in [
            "acsCounterAtoS",
            "challengeCompletionInd",
            "threeDSServerTransID",
            "acsTransID",
            "sdkTransID",
            "messageVersion",
            "transStatus",
        ] {
            for blank in [None, Some(json!("")), Some(J::Null)] {
                let mut m = final_base(v, "Y");
                match &blank {
                    None => remove(&mut m, field),
                    Some(b) => set(&mut m, field, b.clone()),
                }
                let e = cres_err(&m, v);
                assert_eq!(
                    (e.code, e.field),
                    (ErrorCode::REQUIRED_MISSING, field),
                    "final {v} {field}"
                );
            }
        }
    }
}

#[test]
fn cres_invalid_enumerated_or_formatted_values_are_203() {
    for v in VERSIONS {
        let mut cases: Vec<(&str, &str, J)> = vec![
            ("01", "acsUiType", json!("08")),
            ("01", "acsUiType", json!("00")),
            ("01", "acsUiType", json!("1")),
            ("01", "acsUiType", json!(1)),
            ("01", "challengeCompletionInd", json!("X")),
            ("01", "challengeInfoTextIndicator", json!("X")),
            ("01", "acsCounterAtoS", json!("256")),
            ("01", "acsCounterAtoS", json!("0")),
            ("01", "acsCounterAtoS", json!("0a0")),
            ("01", "threeDSServerTransID", json!("not-a-uuid")),
            ("01", "sdkTransID", json!(SDK.replace('-', "_"))),
            ("01", "submitAuthenticationLabel", json!("x".repeat(46))),
            ("02", "challengeSelectInfo", json!([{"a": "1", "b": "2"}])),
            ("02", "challengeSelectInfo", json!(["phon"])),
            ("02", "challengeSelectInfo", json!({"phon": "x"})),
            ("05", "acsHTML", json!("not base64url!")),
            ("01", "issuerImage", json!("https://x")),
            ("01", "messageExtension", json!({"id": "x"})),
        ];
        if v.is_2_3() {
            cases.extend([
                (
                    "01",
                    "challengeEntryBox.challengeDataEntryKeyboardType",
                    json!("09"),
                ),
                (
                    "01",
                    "challengeEntryBox.challengeDataEntryLengthMax",
                    json!("46"),
                ),
                (
                    "01",
                    "challengeEntryBox.challengeDataEntryMasking",
                    json!("X"),
                ),
                ("01", "togglePositionInd", json!("02")),
                (
                    "02",
                    "challengeSelectInfo",
                    json!([{"phone": "too long key"}]),
                ),
                (
                    "02",
                    "challengeSelectInfo",
                    json!(
                        (0..9)
                            .map(|i| json!({format!("k{i}"): "v"}))
                            .collect::<Vec<_>>()
                    ),
                ),
                ("01", "issuerImage", json!({"default": 5})),
                ("01", "issuerImage", json!({"default": "not a url"})),
                // Table A.20 "N" rows.
                ("01", "challengeSelectInfo", json!([{"a": "b"}])),
                (
                    "02",
                    "challengeEntryBox",
                    json!({"challengeDataEntryLabel": "x"}),
                ),
                ("04", "submitAuthenticationLabel", json!("Submit")),
                ("01", "infoContinueLabel", json!("OK")),
            ]);
        } else {
            cases.extend([
                ("01", "acsUiType", json!("06")),
                ("01", "acsUiType", json!("07")),
                ("01", "issuerImage", json!({"other": "https://x"})),
            ]);
        }
        for (ui, field, value) in cases {
            let mut m = cres_base(v, ui);
            set(&mut m, field, value.clone());
            let e = cres_err(&m, v);
            assert_eq!(
                e.code,
                ErrorCode::INVALID_FORMAT,
                "{v} {ui} {field}={value}: {e:?}"
            );
        }
    }
}

#[test]
fn cres_duplicates_are_204() {
    let v = MessageVersion::V2_3_1;
    let mut m = cres_base(v, "02");
    set(
        &mut m,
        "challengeSelectInfo",
        json!([{"phon": "a"}, {"phon": "b"}]),
    );
    assert_eq!(cres_err(&m, v).code, ErrorCode::DUPLICATE);
    let text = serde_json::to_string(&cres_base(v, "01")).unwrap();
    let doubled = text.replacen("{", "{\"acsUiType\":\"01\",", 1);
    let e = ChallengeResponse::parse(doubled.as_bytes(), &cexp(v)).unwrap_err();
    assert_eq!(
        (e.code, e.error_detail()),
        (ErrorCode::DUPLICATE, "acsUiType")
    );
}

#[test]
fn cres_ids_version_counter_and_message_type() {
    for v in VERSIONS {
        let base = cres_base(v, "01");
        for (field, exp) in [
            (
                "threeDSServerTransID",
                CresExpectation {
                    three_ds_server_trans_id: OTHER,
                    ..cexp(v)
                },
            ),
            (
                "acsTransID",
                CresExpectation {
                    acs_trans_id: OTHER,
                    ..cexp(v)
                },
            ),
            (
                "sdkTransID",
                CresExpectation {
                    sdk_trans_id: OTHER,
                    ..cexp(v)
                },
            ),
        ] {
            let e = cres_result(&base, &exp).unwrap_err();
            assert_eq!((e.code, e.field), (ErrorCode::TRANSACTION_ID, field));
        }
        // Upper-case UUID text is the same id.
        let mut m = base.clone();
        set(&mut m, "acsTransID", json!(ACS.to_uppercase()));
        cres_result(&m, &cexp(v)).unwrap();

        let e = cres_result(
            &base,
            &CresExpectation {
                counter: 1,
                ..cexp(v)
            },
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.problem),
            (ErrorCode::DECRYPTION, Problem::CounterMismatch)
        );

        for other in VERSIONS.into_iter().filter(|o| *o != v) {
            let e = cres_result(&cres_base(other, "01"), &cexp(v)).unwrap_err();
            assert_eq!(
                (e.code, e.field),
                (ErrorCode::VERSION_NOT_SUPPORTED, "messageVersion"),
                "{v} vs {other}"
            );
        }
        let mut m = base.clone();
        set(&mut m, "messageVersion", json!("9.9.9"));
        assert_eq!(cres_err(&m, v).problem, Problem::UnsupportedVersion);

        for t in [json!("CReq"), json!("cres"), J::Null] {
            let mut m = base.clone();
            set(&mut m, "messageType", t);
            assert_eq!(cres_err(&m, v).code, ErrorCode::MESSAGE_INVALID);
        }
        for junk in [&b"not json"[..], b"[]", b"\"CRes\"", b"{\"a\":1} x"] {
            assert_eq!(
                ChallengeResponse::parse(junk, &cexp(v)).unwrap_err().code,
                ErrorCode::MESSAGE_INVALID
            );
        }
    }
}

fn ext(id: &str, critical: bool) -> J {
    json!({"name": "Test", "id": id, "criticalityIndicator": critical, "data": {"k": [1, 2]}})
}

#[test]
fn cres_message_extensions() {
    for v in VERSIONS {
        let mut m = cres_base(v, "01");
        set(
            &mut m,
            "messageExtension",
            json!([ext(KNOWN_EXT, true), ext("A000000004-009", false)]),
        );
        let bytes = serde_json::to_vec(&m).unwrap();
        let ChallengeResponse::Cres(c) = ChallengeResponse::parse(&bytes, &cexp(v)).unwrap() else {
            panic!()
        };
        let exts = c.extensions.unwrap();
        assert_eq!(exts.len(), 2);
        assert_eq!(
            serde_json::from_str::<J>(exts.raw()).unwrap(),
            m["messageExtension"]
        );
        assert!(exts.iter().next().unwrap().critical);

        set(
            &mut m,
            "messageExtension",
            json!([ext("A000000004-777", true)]),
        );
        let e = cres_err(&m, v);
        assert_eq!(
            (e.code, e.error_detail()),
            (ErrorCode::CRITICAL_EXTENSION, "A000000004-777")
        );

        let too_many: Vec<J> = (0..=max_extensions(v))
            .map(|i| ext(&format!("A00000000{i}"), false))
            .collect();
        set(&mut m, "messageExtension", J::Array(too_many));
        assert_eq!(cres_err(&m, v).code, ErrorCode::INVALID_FORMAT);

        for (bad, code) in [
            (
                json!({"name": "x", "criticalityIndicator": false, "data": {}}),
                ErrorCode::REQUIRED_MISSING,
            ),
            (
                json!({"name": "x", "id": "y", "criticalityIndicator": "false", "data": {}}),
                ErrorCode::INVALID_FORMAT,
            ),
            (
                json!({"name": "x", "id": "y".repeat(65), "criticalityIndicator": false, "data": {}}),
                ErrorCode::INVALID_FORMAT,
            ),
            (
                json!({"name": "x", "id": "y", "criticalityIndicator": false, "data": {"d": "z".repeat(8060)}}),
                ErrorCode::INVALID_FORMAT,
            ),
            (
                json!({"name": "x", "id": "y", "criticalityIndicator": false}),
                ErrorCode::REQUIRED_MISSING,
            ),
        ] {
            set(&mut m, "messageExtension", json!([bad]));
            assert_eq!(cres_err(&m, v).code, code, "{v} {}", m["messageExtension"]);
        }
        set(
            &mut m,
            "messageExtension",
            json!([ext("A", false), ext("A", false)]),
        );
        assert_eq!(cres_err(&m, v).code, ErrorCode::DUPLICATE);
    }
}

#[test]
fn final_cres_rules() {
    for v in VERSIONS {
        // Extra members are "present where not applicable" → 203, named.
        for (extra, value) in [
            ("acsUiType", json!("01")),
            ("challengeInfoText", json!("x")),
            ("foo", json!(1)),
        ] {
            let mut m = final_base(v, "Y");
            set(&mut m, extra, value);
            let e = cres_err(&m, v);
            assert_eq!(
                (e.code, e.error_detail()),
                (ErrorCode::INVALID_FORMAT, extra)
            );
        }
        let mut m = final_base(v, "Y");
        set(&mut m, "messageExtension", json!([ext(KNOWN_EXT, false)]));
        cres_result(&m, &cexp(v)).unwrap();
        // U A R C I S end the transaction without an Erro.
        for s in ["U", "A", "R", "C", "I", "S", "D"] {
            let e = cres_err(&final_base(v, s), v);
            assert_eq!(
                (e.code, e.problem),
                (ErrorCode::INVALID_FORMAT, Problem::StatusEndsWithoutErro)
            );
            assert!(!e.sends_erro());
        }
        let e = cres_err(&final_base(v, "X"), v);
        assert_eq!(
            (e.code, e.problem),
            (ErrorCode::INVALID_FORMAT, Problem::InvalidValue)
        );
        assert!(e.sends_erro());
        // A non-final CRes must not carry transStatus.
        let mut m = cres_base(v, "01");
        set(&mut m, "transStatus", json!("Y"));
        assert_eq!(cres_err(&m, v).field, "transStatus");
    }
    let v = MessageVersion::V2_3_1;
    let exp = CresExpectation {
        decoupled_fallback: true,
        ..cexp(v)
    };
    cres_result(&final_base(v, "D"), &exp).unwrap();
}

// ---------------------------------------------------------------- ARes

fn statuses(v: MessageVersion) -> &'static [&'static str] {
    if v.at_least_2_2() {
        &["Y", "N", "U", "A", "C", "R", "D", "I"]
    } else {
        &["Y", "N", "U", "A", "C", "R"]
    }
}

fn ares_base(v: MessageVersion, st: &str) -> J {
    let mut m = json!({
        "messageType": "ARes", "messageVersion": v.as_str(),
        "threeDSServerTransID": SRV, "acsTransID": ACS, "dsTransID": DS, "sdkTransID": SDK,
        "transStatus": st, "acsReferenceNumber": "ACS-REF", "dsReferenceNumber": "DS-REF",
    });
    if v.is_2_3() {
        set(&mut m, "threeDSRequestorAppURLInd", json!("N"));
        set(&mut m, "deviceInfoRecognisedVersion", json!("1.0"));
    }
    match st {
        "C" => {
            set(&mut m, "acsChallengeMandated", json!("Y"));
            let mut rt = json!({"acsInterface": "01", "acsUiTemplate": "01"});
            if v.is_2_3() {
                set(&mut rt, "deviceUserInterfaceMode", json!("01"));
            }
            set(&mut m, "acsRenderingType", rt);
            set(
                &mut m,
                "acsSignedContent",
                json!("aGVhZGVy.cGF5bG9hZA.c2ln"),
            );
        }
        "N" | "U" | "R" => set(&mut m, "transStatusReason", json!("01")),
        "Y" | "A" => set(
            &mut m,
            "authenticationValue",
            json!("AABBCCDDEEFFAABBCCDDEEFFAAA="),
        ),
        "D" => {
            set(&mut m, "acsChallengeMandated", json!("N"));
            set(&mut m, "acsDecConInd", json!("Y"));
            set(
                &mut m,
                "cardholderInfo",
                if v.is_2_3() {
                    json!({"text": "Approve in your app", "issuerImage": "https://bank.example/logo.png"})
                } else {
                    json!("Approve in your app")
                },
            );
        }
        _ => {}
    }
    m
}

fn ares_required(v: MessageVersion, st: &str) -> Vec<&'static str> {
    let mut r = vec![
        "threeDSServerTransID",
        "acsTransID",
        "dsTransID",
        "sdkTransID",
        "messageVersion",
        "transStatus",
        "acsReferenceNumber",
        "dsReferenceNumber",
    ];
    if v.is_2_3() {
        r.extend(["threeDSRequestorAppURLInd", "deviceInfoRecognisedVersion"]);
    }
    match st {
        "C" => {
            r.extend([
                "acsChallengeMandated",
                "acsRenderingType",
                "acsSignedContent",
                "acsRenderingType.acsInterface",
                "acsRenderingType.acsUiTemplate",
            ]);
            if v.is_2_3() {
                r.push("acsRenderingType.deviceUserInterfaceMode");
            }
        }
        "N" | "U" | "R" => r.push("transStatusReason"),
        "Y" | "A" => r.push("authenticationValue"),
        "D" => {
            r.extend(["acsChallengeMandated", "acsDecConInd", "cardholderInfo"]);
            if v.is_2_3() {
                r.push("cardholderInfo.text");
            }
        }
        _ => {}
    }
    r
}

fn aexp(v: MessageVersion) -> AresExpectation<'static> {
    AresExpectation {
        version: v,
        sdk_trans_id: SDK,
        understood_extensions: &[KNOWN_EXT],
    }
}

fn ares_result(j: &J, exp: &AresExpectation<'_>) -> Result<(), MessageError> {
    let bytes = serde_json::to_vec(j).unwrap();
    AuthResponse::parse(&bytes, exp).map(|r| assert!(matches!(r, AuthResponse::Ares(_))))
}

#[test]
fn ares_bases_are_valid_and_required_members_give_201() {
    for v in VERSIONS {
        for st in statuses(v) {
            ares_result(&ares_base(v, st), &aexp(v)).unwrap_or_else(|e| panic!("{v} {st}: {e}"));
            for field in ares_required(v, st) {
                for blank in [None, Some(json!("")), Some(J::Null)] {
                    let mut m = ares_base(v, st);
                    match &blank {
                        None => remove(&mut m, field),
                        Some(b) => set(&mut m, field, b.clone()),
                    }
                    let e = ares_result(&m, &aexp(v)).expect_err(field);
                    assert_eq!(
                        (e.code, e.field),
                        (ErrorCode::REQUIRED_MISSING, field),
                        "{v} {st} {field} {blank:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn ares_invalid_values_are_203_and_ids_versions_checked() {
    for v in VERSIONS {
        let mut cases: Vec<(&str, &str, J)> = vec![
            ("Y", "transStatus", json!("X")),
            ("Y", "transStatus", json!("S")),
            ("N", "transStatusReason", json!("00")),
            ("N", "transStatusReason", json!("1")),
            ("C", "acsChallengeMandated", json!("NO")),
            ("C", "acsRenderingType.acsInterface", json!("03")),
            ("C", "acsRenderingType.acsUiTemplate", json!("05")),
            ("C", "acsRenderingType.acsUiTemplate", json!("08")),
            ("C", "acsSignedContent", json!("no-dots")),
            ("C", "acsRenderingType", json!("01")),
            ("Y", "eci", json!("1")),
            ("Y", "dsTransID", json!("nope")),
            ("Y", "acsReferenceNumber", json!("x".repeat(33))),
        ];
        if v.is_2_3() {
            cases.extend([
                ("C", "acsRenderingType.deviceUserInterfaceMode", json!("05")),
                ("D", "cardholderInfo", json!("plain text is 2.2.0")),
                ("Y", "threeDSRequestorAppURLInd", json!("X")),
                ("Y", "deviceInfoRecognisedVersion", json!("1")),
            ]);
        } else {
            cases.extend([
                (
                    "Y",
                    "authenticationValue",
                    json!("AABBCCDDEEFFAABBCCDDEEFFAA="),
                ),
                ("N", "transStatusReason", json!("27")),
                ("C", "acsRenderingType.acsUiTemplate", json!("06")),
            ]);
        }
        if v.at_least_2_2() {
            cases.push(("D", "acsDecConInd", json!("N")));
        } else {
            cases.push(("Y", "transStatus", json!("D")));
        }
        for (st, field, value) in cases {
            let mut m = ares_base(v, st);
            set(&mut m, field, value.clone());
            let e = ares_result(&m, &aexp(v)).expect_err(field);
            assert_eq!(
                e.code,
                ErrorCode::INVALID_FORMAT,
                "{v} {st} {field}={value}: {e:?}"
            );
        }
        let e = ares_result(
            &ares_base(v, "Y"),
            &AresExpectation {
                sdk_trans_id: OTHER,
                ..aexp(v)
            },
        )
        .unwrap_err();
        assert_eq!((e.code, e.field), (ErrorCode::TRANSACTION_ID, "sdkTransID"));
        for other in VERSIONS.into_iter().filter(|o| *o != v) {
            let e = ares_result(&ares_base(other, "Y"), &aexp(v)).unwrap_err();
            assert_eq!(e.code, ErrorCode::VERSION_NOT_SUPPORTED);
        }
        let mut m = ares_base(v, "Y");
        set(
            &mut m,
            "messageExtension",
            json!([ext("A000000004-777", true)]),
        );
        assert_eq!(
            ares_result(&m, &aexp(v)).unwrap_err().code,
            ErrorCode::CRITICAL_EXTENSION
        );
    }
}

#[test]
fn ares_challenge_exposes_what_the_transaction_needs() {
    let v = MessageVersion::V2_3_1;
    let bytes = serde_json::to_vec(&ares_base(v, "C")).unwrap();
    let AuthResponse::Ares(a) = AuthResponse::parse(&bytes, &aexp(v)).unwrap() else {
        panic!()
    };
    assert_eq!(a.trans_status, TransStatus::Challenge);
    assert_eq!(a.acs_signed_content, Some("aGVhZGVy.cGF5bG9hZA.c2ln"));
    let rt = a.acs_rendering_type.unwrap();
    assert_eq!(
        (rt.interface, rt.ui_template, rt.device_user_interface_mode),
        (Interface::Native, UiType::Text, Some(1))
    );
    assert!(a.acs_trans_id.matches(ACS));
}

// ---------------------------------------------------------------- Erro and acsSignedContent payload

#[test]
fn erro_parse_requirements() {
    let base = json!({"messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "402",
        "errorComponent": "A", "errorDescription": "Timeout", "errorDetail": "x"});
    let parse = |j: &J| Erro::parse(&serde_json::to_vec(j).unwrap()).map(|e| (e.code, e.component));
    assert_eq!(
        parse(&base).unwrap(),
        (ErrorCode::TIMED_OUT, ErrorComponent::Acs)
    );
    for field in ["errorCode", "errorComponent"] {
        let mut m = base.clone();
        remove(&mut m, field);
        assert_eq!(parse(&m).unwrap_err().code, ErrorCode::REQUIRED_MISSING);
        set(&mut m, field, json!("XX"));
        assert_eq!(parse(&m).unwrap_err().code, ErrorCode::INVALID_FORMAT);
    }
    let mut m = base.clone();
    set(&mut m, "messageType", json!("CRes"));
    assert_eq!(parse(&m).unwrap_err().code, ErrorCode::MESSAGE_INVALID);
}

#[test]
fn erro_build_matches_the_protocol() {
    let b = ErroBuilder {
        version: MessageVersion::V2_3_1,
        code: ErrorCode::CRITICAL_EXTENSION,
        description: "Critical message extension not recognised",
        detail: "A000000004-777",
        message_type: Some(MessageType::CRes),
        three_ds_server_trans_id: Some(SRV),
        acs_trans_id: Some(ACS),
        ds_trans_id: None,
        sdk_trans_id: Some(SDK),
    };
    let mut buf = [0u8; 512];
    let out: J = serde_json::from_slice(b.write(&mut buf).unwrap()).unwrap();
    assert_eq!(
        out,
        json!({"messageType": "Erro", "messageVersion": "2.3.1", "errorCode": "202",
        "errorComponent": "C", "errorDescription": "Critical message extension not recognised",
        "errorDetail": "A000000004-777", "errorMessageType": "CRes",
        "threeDSServerTransID": SRV, "acsTransID": ACS, "sdkTransID": SDK})
    );
    assert_eq!(
        ErroBuilder {
            acs_trans_id: Some("x"),
            ..b
        }
        .write(&mut buf),
        Err(BuildError::Invalid("acsTransID"))
    );
    assert_eq!(
        ErroBuilder { detail: "", ..b }.write(&mut buf),
        Err(BuildError::Missing("errorDetail"))
    );
    // What we send parses back as an Erro.
    let sent = b.write(&mut buf).unwrap().to_vec();
    let back = Erro::parse(&sent).unwrap();
    assert_eq!(
        (back.code, back.component),
        (ErrorCode::CRITICAL_EXTENSION, ErrorComponent::Sdk)
    );
}

#[test]
fn acs_signed_payload_rules() {
    let key = json!({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"});
    let base =
        json!({"acsURL": "https://acs.example/creq", "acsEphemPubKey": key, "sdkEphemPubKey": key});
    let bytes = serde_json::to_vec(&base).unwrap();
    let p = AcsSignedPayload::parse(&bytes).unwrap();
    assert!(p.acs_url.eq_str("https://acs.example/creq"));
    assert_eq!(serde_json::from_str::<J>(p.acs_ephem_pub_key).unwrap(), key);
    for field in ["acsURL", "acsEphemPubKey", "sdkEphemPubKey"] {
        for blank in [None, Some(json!("")), Some(J::Null)] {
            let mut m = base.clone();
            match blank {
                None => remove(&mut m, field),
                Some(b) => set(&mut m, field, b),
            }
            let e = AcsSignedPayload::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
            assert_eq!((e.code, e.field), (ErrorCode::REQUIRED_MISSING, field));
        }
    }
    for (field, value) in [
        ("acsURL", json!("acs.example/creq")),
        ("acsURL", json!(format!("https://{}", "a".repeat(2048)))),
        ("acsEphemPubKey", json!("{\"kty\":\"EC\"}")),
        (
            "sdkEphemPubKey",
            json!({"kty": "EC", "pad": "p".repeat(250)}),
        ),
    ] {
        let mut m = base.clone();
        set(&mut m, field, value);
        let e = AcsSignedPayload::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
        assert_eq!((e.code, e.field), (ErrorCode::INVALID_FORMAT, field));
    }
}

//! CReq building: per-version member rules, and a proptest that every CReq
//! we build parses back with serde_json (an independent parser) to the same
//! fields.

use proptest::prelude::*;
use serde_json::{Value as J, json};
use threeds_core::message::*;

const SRV: &str = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
const ACS: &str = "d7c1ee99-9478-44a6-b1f2-391e29c6b340";
const SDK: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";

fn builder(v: MessageVersion, answer: ChallengeAnswer<'static>) -> CreqBuilder<'static> {
    let mut b = CreqBuilder::new(v, SRV, ACS, SDK, 7, answer);
    if v.is_2_3() {
        b.oob_app_url_ind = Some(OobAppUrlInd::Supported);
    }
    b
}

fn build(b: &CreqBuilder<'_>) -> Result<J, BuildError> {
    let mut buf = vec![0u8; 4096];
    b.write(&mut buf)
        .map(|out| serde_json::from_slice(out).unwrap())
}

#[test]
fn creq_members_per_version() {
    use MessageVersion::*;
    let j = build(&builder(
        V2_1_0,
        ChallengeAnswer::OobContinue(OobContinue::Pressed),
    ))
    .unwrap();
    assert_eq!(
        j,
        json!({"messageType": "CReq", "messageVersion": "2.1.0", "threeDSServerTransID": SRV,
        "acsTransID": ACS, "sdkTransID": SDK, "sdkCounterStoA": "007", "oobContinue": true})
    );
    let mut b = builder(V2_3_1, ChallengeAnswer::OobContinue(OobContinue::Automatic));
    b.three_ds_requestor_app_url = Some("https://merchant.example/app");
    b.trust_list_data_entry = Some(true);
    b.device_binding_data_entry = Some(false);
    b.oob_app_status = Some(OobAppStatus::OpenFailed);
    let j = build(&b).unwrap();
    assert_eq!(j["oobContinue"], "02");
    assert_eq!(j["oobAppURLInd"], "01");
    assert_eq!(j["oobAppStatus"], "01");
    assert_eq!(j["trustListDataEntry"], "Y");
    assert_eq!(j["deviceBindingDataEntry"], "N");
    assert_eq!(j["threeDSRequestorAppURL"], "https://merchant.example/app");
    let mut b = builder(V2_2_0, ChallengeAnswer::SingleSelect("phon"));
    b.trust_list_data_entry = Some(false);
    let j = build(&b).unwrap();
    assert_eq!(
        (
            j["challengeDataEntry"].as_str(),
            j["whitelistingDataEntry"].as_str()
        ),
        (Some("phon"), Some("N"))
    );
    let j = build(&builder(
        V2_2_0,
        ChallengeAnswer::MultiSelect(&["phon", "mail"]),
    ))
    .unwrap();
    assert_eq!(j["challengeDataEntry"], "phon,mail");
    let j = build(&builder(V2_3_1, ChallengeAnswer::InfoContinue)).unwrap();
    assert_eq!(j["infoContinueIndicator"], true);
    let j = build(&builder(
        V2_3_1,
        ChallengeAnswer::Text {
            first: Some("1234"),
            second: Some("abcd"),
        },
    ))
    .unwrap();
    assert_eq!(
        (
            j["challengeDataEntry"].as_str(),
            j["challengeDataEntryTwo"].as_str()
        ),
        (Some("1234"), Some("abcd"))
    );
    for c in [
        ChallengeCancel::CardholderCancel,
        ChallengeCancel::TimedOutSdk,
        ChallengeCancel::ErroForCreq,
    ] {
        let j = build(&builder(V2_3_1, ChallengeAnswer::Cancel(c))).unwrap();
        assert_eq!(
            j["challengeCancel"],
            core::str::from_utf8(&c.wire()).unwrap()
        );
    }
}

#[test]
fn creq_refuses_members_the_version_lacks() {
    use MessageVersion::*;
    let cases: Vec<(CreqBuilder<'static>, BuildError)> = vec![
        (
            builder(
                V2_2_0,
                ChallengeAnswer::Text {
                    first: None,
                    second: Some("x"),
                },
            ),
            BuildError::NotInVersion("challengeDataEntryTwo"),
        ),
        (
            builder(V2_2_0, ChallengeAnswer::AddCode),
            BuildError::NotInVersion("challengeAddCode"),
        ),
        (
            builder(V2_2_0, ChallengeAnswer::InfoContinue),
            BuildError::NotInVersion("infoContinueIndicator"),
        ),
        (
            builder(V2_2_0, ChallengeAnswer::OobContinue(OobContinue::Automatic)),
            BuildError::NotInVersion("oobContinue"),
        ),
        (
            builder(
                V2_1_0,
                ChallengeAnswer::Cancel(ChallengeCancel::TimedOutSdk),
            ),
            BuildError::Invalid("challengeCancel"),
        ),
        (
            builder(
                V2_2_0,
                ChallengeAnswer::Cancel(ChallengeCancel::ErroForCres),
            ),
            BuildError::Invalid("challengeCancel"),
        ),
        (
            builder(V2_3_1, ChallengeAnswer::Cancel(ChallengeCancel::Other(2))),
            BuildError::Invalid("challengeCancel"),
        ),
        (
            CreqBuilder {
                oob_app_url_ind: Some(OobAppUrlInd::Supported),
                ..builder(V2_2_0, ChallengeAnswer::NoEntry)
            },
            BuildError::NotInVersion("oobAppURLInd"),
        ),
        (
            CreqBuilder {
                oob_app_url_ind: None,
                ..builder(V2_3_1, ChallengeAnswer::NoEntry)
            },
            BuildError::Missing("oobAppURLInd"),
        ),
        (
            CreqBuilder {
                device_binding_data_entry: Some(true),
                ..builder(V2_2_0, ChallengeAnswer::NoEntry)
            },
            BuildError::NotInVersion("deviceBindingDataEntry"),
        ),
        (
            CreqBuilder {
                trust_list_data_entry: Some(true),
                ..builder(V2_1_0, ChallengeAnswer::NoEntry)
            },
            BuildError::NotInVersion("trustListDataEntry"),
        ),
        (
            CreqBuilder {
                three_ds_requestor_app_url: Some("https://a.example"),
                ..builder(V2_1_0, ChallengeAnswer::NoEntry)
            },
            BuildError::NotInVersion("threeDSRequestorAppURL"),
        ),
        (
            CreqBuilder {
                oob_app_status: Some(OobAppStatus::OpenFailed),
                ..builder(V2_2_0, ChallengeAnswer::NoEntry)
            },
            BuildError::NotInVersion("oobAppStatus"),
        ),
        (
            CreqBuilder {
                trust_list_data_entry: Some(true),
                ..builder(
                    V2_3_1,
                    ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel),
                )
            },
            BuildError::Conflict("consent answers are not sent with challengeCancel"),
        ),
        (
            builder(
                V2_3_1,
                ChallengeAnswer::Text {
                    first: None,
                    second: None,
                },
            ),
            BuildError::Missing("challengeDataEntry"),
        ),
        (
            builder(
                V2_3_1,
                ChallengeAnswer::Text {
                    first: Some(Box::leak("x".repeat(46).into_boxed_str())),
                    second: None,
                },
            ),
            BuildError::TooLong("challengeDataEntry"),
        ),
        (
            builder(V2_3_1, ChallengeAnswer::MultiSelect(&["a,b"])),
            BuildError::Invalid("challengeDataEntry"),
        ),
        (
            builder(V2_3_1, ChallengeAnswer::MultiSelect(&["aaaa", "aaaa"])),
            BuildError::Invalid("challengeDataEntry"),
        ),
        (
            builder(
                V2_3_1,
                ChallengeAnswer::Html(Box::leak("h".repeat(257).into_boxed_str())),
            ),
            BuildError::TooLong("challengeHTMLDataEntry"),
        ),
        (
            CreqBuilder {
                sdk_trans_id: "nope",
                ..builder(V2_3_1, ChallengeAnswer::NoEntry)
            },
            BuildError::Invalid("sdkTransID"),
        ),
        (
            CreqBuilder {
                three_ds_requestor_app_url: Some("no scheme"),
                ..builder(V2_3_1, ChallengeAnswer::NoEntry)
            },
            BuildError::Invalid("threeDSRequestorAppURL"),
        ),
    ];
    for (b, want) in cases {
        assert_eq!(build(&b), Err(want), "{b:?}");
    }
    let mut tiny = [0u8; 40];
    assert_eq!(
        builder(MessageVersion::V2_3_1, ChallengeAnswer::NoEntry).write(&mut tiny),
        Err(BuildError::BufferTooSmall)
    );
}

#[test]
fn creq_extensions_and_extra_fields() {
    let ext = [OutgoingExtension {
        id: "A000000802-001",
        name: "Test",
        critical: false,
        data: "{ \"a\" : [1, 2] }",
    }];
    let extra = [
        RequestField {
            name: "custom",
            value: RequestFieldValue::Json("{ \"x\": true }"),
        },
        RequestField::from_reference("note", "a \"quoted\" text", 2).unwrap(),
    ];
    let mut b = builder(MessageVersion::V2_2_0, ChallengeAnswer::Resend);
    b.extensions = OutgoingExtensions::List(&ext);
    b.extra_fields = &extra;
    let mut buf = [0u8; 1024];
    let out = b.write(&mut buf).unwrap();
    let text = core::str::from_utf8(out).unwrap();
    assert!(
        text.ends_with(r#""custom":{"x":true},"note":"a \"quoted\" text"}"#),
        "{text}"
    );
    let j: J = serde_json::from_str(text).unwrap();
    assert_eq!(
        j["messageExtension"],
        json!([{"name": "Test", "id": "A000000802-001", "criticalityIndicator": false, "data": {"a": [1, 2]}}])
    );
    assert_eq!(j["resendChallenge"], "Y");

    let raw = r#"[ {"name":"N","id":"A000000004-1","criticalityIndicator":true,"data":{}} ]"#;
    b.extensions = OutgoingExtensions::Raw(raw);
    b.extra_fields = &[];
    let j: J = serde_json::from_slice(b.write(&mut buf).unwrap()).unwrap();
    assert_eq!(
        j["messageExtension"],
        serde_json::from_str::<J>(raw).unwrap()
    );

    b.extensions = OutgoingExtensions::Raw("[{\"id\":1}]");
    assert_eq!(
        b.write(&mut buf),
        Err(BuildError::Invalid("messageExtension"))
    );
    b.extensions = OutgoingExtensions::None;
    let clash = [RequestField {
        name: "sdkCounterStoA",
        value: RequestFieldValue::String("001"),
    }];
    b.extra_fields = &clash;
    assert!(matches!(b.write(&mut buf), Err(BuildError::Conflict(_))));
}

#[test]
fn auth_request_data_per_version() {
    let jwk = r#"{ "kty":"EC", "crv":"P-256", "x":"abc", "y":"def" }"#;
    let mut d = AuthRequestData {
        version: MessageVersion::V2_3_1,
        sdk_app_id: "e3a1b4c6-1111-4222-8333-444455556666",
        sdk_trans_id: SDK,
        sdk_reference_number: "3DS_LOA_SDK_TEST_020100_00001",
        sdk_enc_data: "aaa.bbb.ccc.ddd.eee",
        sdk_ephem_pub_key: jwk,
        sdk_max_timeout_minutes: 5,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(MessageVersion::V2_3_1),
        wrapped: false,
    };
    let mut buf = [0u8; 1024];
    let j: J = serde_json::from_slice(d.write(&mut buf).unwrap()).unwrap();
    assert_eq!(
        j,
        json!({"messageVersion": "2.3.1", "sdkAppID": d.sdk_app_id, "sdkEncData": d.sdk_enc_data,
        "sdkEphemPubKey": {"kty": "EC", "crv": "P-256", "x": "abc", "y": "def"}, "sdkMaxTimeout": "05",
        "sdkReferenceNumber": d.sdk_reference_number, "sdkTransID": SDK,
        "deviceRenderOptions": {"sdkInterface": "03", "sdkUiType": ["01", "02", "03", "04", "05", "06", "07"]},
        "sdkType": "01", "defaultSdkType": {"sdkVariant": "01"}})
    );
    d.wrapped = true;
    let j: J = serde_json::from_slice(d.write(&mut buf).unwrap()).unwrap();
    assert_eq!(
        j["defaultSdkType"],
        json!({"sdkVariant": "01", "wrappedInd": "Y"})
    );
    d.version = MessageVersion::V2_2_0;
    assert_eq!(
        d.write(&mut buf),
        Err(BuildError::NotInVersion("sdkUiType"))
    );
    d.sdk_ui_types = all_ui_types(MessageVersion::V2_2_0);
    assert_eq!(
        d.write(&mut buf),
        Err(BuildError::NotInVersion("defaultSdkType.wrappedInd"))
    );
    d.wrapped = false;
    d.sdk_max_timeout_minutes = 12;
    let j: J = serde_json::from_slice(d.write(&mut buf).unwrap()).unwrap();
    assert!(j.get("sdkType").is_none());
    assert_eq!(j["sdkMaxTimeout"], "12");
    for (bad, want) in [
        (
            AuthRequestData {
                sdk_max_timeout_minutes: 4,
                ..d
            },
            BuildError::Invalid("sdkMaxTimeout"),
        ),
        (
            AuthRequestData {
                sdk_ephem_pub_key: "[1]",
                ..d
            },
            BuildError::Invalid("sdkEphemPubKey"),
        ),
        (
            AuthRequestData {
                sdk_app_id: "x",
                ..d
            },
            BuildError::Invalid("sdkAppID"),
        ),
        (
            AuthRequestData {
                sdk_reference_number: "123456789012345678901234567890123",
                ..d
            },
            BuildError::TooLong("sdkReferenceNumber"),
        ),
        (
            AuthRequestData {
                sdk_ui_types: &[],
                ..d
            },
            BuildError::Invalid("sdkUiType"),
        ),
    ] {
        assert_eq!(bad.write(&mut buf), Err(want));
    }
}

fn answer_strategy() -> impl Strategy<Value = (u8, String, String, Vec<String>)> {
    (
        0u8..10,
        "\\PC{1,45}",
        "[\\x00-\\x7f\"\\\\é😀]{1,45}",
        proptest::collection::btree_set("[a-z]{1,4}", 1..8).prop_map(|s| s.into_iter().collect()),
    )
}

proptest! {
    #[test]
    fn every_creq_we_build_parses_back_to_the_same_fields(
        vi in 0usize..3, counter in any::<u8>(), (kind, text, text2, keys) in answer_strategy(),
        consent in proptest::option::of(any::<bool>()), url in proptest::option::of("https://[a-z]{1,20}\\.example/[a-z]{0,10}"),
    ) {
        let v = MessageVersion::ALL[vi];
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let answer = match kind {
            0 => ChallengeAnswer::Text { first: Some(&text), second: if v.is_2_3() { Some(text2.as_str()) } else { None } },
            1 => ChallengeAnswer::SingleSelect(&keys[0]),
            2 => ChallengeAnswer::MultiSelect(&key_refs),
            3 => ChallengeAnswer::Html(&text2),
            4 => ChallengeAnswer::NoEntry,
            5 => ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel),
            6 => ChallengeAnswer::Resend,
            7 => ChallengeAnswer::OobContinue(OobContinue::Pressed),
            8 => if v.is_2_3() { ChallengeAnswer::AddCode } else { ChallengeAnswer::NoEntry },
            _ => if v.is_2_3() { ChallengeAnswer::InfoContinue } else { ChallengeAnswer::Resend },
        };
        let mut b = CreqBuilder::new(v, SRV, ACS, SDK, counter, answer);
        if v.is_2_3() { b.oob_app_url_ind = Some(OobAppUrlInd::NotSupportedByDevice); }
        if v.at_least_2_2() && kind != 5 { b.trust_list_data_entry = consent; }
        if v.at_least_2_2() { b.three_ds_requestor_app_url = url.as_deref(); }
        let mut buf = vec![0u8; 2048];
        let out = b.write(&mut buf).unwrap();
        let j: J = serde_json::from_slice(out).unwrap();
        let o = j.as_object().unwrap();
        prop_assert_eq!(&j["messageType"], "CReq");
        prop_assert_eq!(&j["messageVersion"], v.as_str());
        prop_assert_eq!(&j["sdkTransID"], SDK);
        prop_assert_eq!(j["sdkCounterStoA"].as_str().unwrap(), format!("{counter:03}"));
        let mut expected_members = 6 + 1;
        match kind {
            0 => {
                prop_assert_eq!(j["challengeDataEntry"].as_str().unwrap(), text.as_str());
                if v.is_2_3() { prop_assert_eq!(j["challengeDataEntryTwo"].as_str().unwrap(), text2.as_str()); expected_members += 1; }
            }
            1 => prop_assert_eq!(j["challengeDataEntry"].as_str().unwrap(), keys[0].as_str()),
            2 => prop_assert_eq!(j["challengeDataEntry"].as_str().unwrap(), keys.join(",")),
            3 => prop_assert_eq!(j["challengeHTMLDataEntry"].as_str().unwrap(), text2.as_str()),
            4 => prop_assert_eq!(&j["challengeNoEntry"], "Y"),
            5 => prop_assert_eq!(&j["challengeCancel"], "01"),
            6 => prop_assert_eq!(&j["resendChallenge"], "Y"),
            7 => if v.is_2_3() { prop_assert_eq!(&j["oobContinue"], "01") } else { prop_assert_eq!(&j["oobContinue"], true) },
            _ => {}
        }
        if v.is_2_3() { prop_assert_eq!(&j["oobAppURLInd"], "02"); expected_members += 1; }
        if let (Some(c), true, true) = (consent, v.at_least_2_2(), kind != 5) {
            let name = if v.is_2_3() { "trustListDataEntry" } else { "whitelistingDataEntry" };
            prop_assert_eq!(j[name].as_str().unwrap(), if c { "Y" } else { "N" });
            expected_members += 1;
        }
        if let (Some(u), true) = (&url, v.at_least_2_2()) {
            prop_assert_eq!(j["threeDSRequestorAppURL"].as_str().unwrap(), u.as_str());
            expected_members += 1;
        }
        prop_assert_eq!(o.len(), expected_members);
    }
}

//! The message codec against published samples (read at test time from
//! `tests/vectors/`): the EMVCo worked-samples device-info plaintext and the
//! Stripe 3DS2 message samples.

use serde_json::Value as J;
use threeds_core::json;
use threeds_core::message::*;

fn vector(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/vectors/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn sample(name: &str) -> (Vec<u8>, J) {
    let bytes = vector(&format!("3ds-message-samples/{name}"));
    let v: J = serde_json::from_slice(&bytes).unwrap();
    (bytes, v)
}

#[test]
fn device_info_reproduces_the_worked_samples_plaintext() {
    let doc: J = serde_json::from_slice(&vector("emvco-app-crypto-worked-samples.json")).unwrap();
    let expected = doc["device_info_plaintext"].as_str().unwrap();
    // Feed the parameters in document order (our reader keeps order; serde_json sorts).
    let parsed = json::parse_str(expected).unwrap();
    let top = parsed.as_object().unwrap();
    let mut owned: Vec<(String, String, DeviceValueType, DeviceParamCategory)> = Vec::new();
    for (k, v) in top {
        let key: String = k.chars().collect();
        match key.as_str() {
            "DV" => owned.push((
                String::new(),
                v.as_str().unwrap().chars().collect(),
                DeviceValueType::String,
                DeviceParamCategory::DataVersion,
            )),
            "DD" | "DPNA" => {
                let cat = if key == "DD" {
                    DeviceParamCategory::DeviceData
                } else {
                    DeviceParamCategory::NotAvailable
                };
                for (name, val) in v.as_object().unwrap() {
                    owned.push((
                        name.chars().collect(),
                        val.as_str().unwrap().chars().collect(),
                        DeviceValueType::String,
                        cat,
                    ));
                }
            }
            "SW" => {
                for sw in v.as_array().unwrap() {
                    owned.push((
                        sw.as_str().unwrap().chars().collect(),
                        String::new(),
                        DeviceValueType::String,
                        DeviceParamCategory::SecurityWarning,
                    ));
                }
            }
            other => panic!("unexpected member {other}"),
        }
    }
    let mut info: DeviceInfo<'_> = DeviceInfo::new();
    for (f, v, t, c) in &owned {
        info.add_param(f, v, *t, *c).unwrap();
    }
    let mut buf = [0u8; 1024];
    let out = info.write(&mut buf).unwrap();
    assert_eq!(core::str::from_utf8(out).unwrap(), expected);
}

#[test]
fn device_info_array_values_escaping_and_capacity() {
    let mut info: DeviceInfo<'_, 2> = DeviceInfo::new();
    info.add_param(
        "A040",
        "[ \"first\" , \"sec\\\"ond\", [1, {\"k\" : null}] ]",
        DeviceValueType::Array,
        DeviceParamCategory::DeviceData,
    )
    .unwrap();
    info.add_param(
        "C009",
        "John \"Q\"\n\\ Device",
        DeviceValueType::String,
        DeviceParamCategory::DeviceData,
    )
    .unwrap();
    assert_eq!(
        info.add_param(
            "C010",
            "RE01",
            DeviceValueType::String,
            DeviceParamCategory::NotAvailable
        ),
        Err(BuildError::CapacityExceeded("DPNA"))
    );
    assert_eq!(
        info.add_param(
            "A041",
            "{\"not\":\"array\"}",
            DeviceValueType::Array,
            DeviceParamCategory::DeviceData
        ),
        Err(BuildError::Invalid("DD"))
    );
    assert_eq!(
        info.add_param(
            "A041",
            "[1,",
            DeviceValueType::Array,
            DeviceParamCategory::DeviceData
        ),
        Err(BuildError::Invalid("DD"))
    );
    info.add_param(
        "",
        "1.1",
        DeviceValueType::String,
        DeviceParamCategory::DataVersion,
    )
    .unwrap();
    let mut buf = [0u8; 256];
    let out = info.write(&mut buf).unwrap().to_vec();
    let text = core::str::from_utf8(&out).unwrap();
    assert!(
        !text.contains(' ') || text.contains("John"),
        "compact: {text}"
    );
    let theirs: J = serde_json::from_slice(&out).unwrap();
    assert_eq!(theirs["DV"], "1.1");
    assert_eq!(
        theirs["DD"]["A040"],
        serde_json::json!(["first", "sec\"ond", [1, {"k": null}]])
    );
    assert_eq!(theirs["DD"]["C009"], "John \"Q\"\n\\ Device");
    let mut small = [0u8; 10];
    assert_eq!(info.write(&mut small), Err(BuildError::BufferTooSmall));
}

fn cres_expect<'a>(v: &'a J, version: MessageVersion, counter: u8) -> CresExpectation<'a> {
    CresExpectation {
        version,
        three_ds_server_trans_id: v["threeDSServerTransID"].as_str().unwrap(),
        acs_trans_id: v["acsTransID"].as_str().unwrap(),
        sdk_trans_id: v["sdkTransID"].as_str().unwrap(),
        counter,
        understood_extensions: &[],
        decoupled_fallback: false,
    }
}

/// CRes.json: a 2.2.0 text challenge. It passes every check when the
/// transaction is 2.2.0, the ids match and the CReq counter was 001.
/// `challengeAddInfo` (not a 2.2.0 member per the field analysis) is
/// accepted leniently before 2.3.1.
#[test]
fn stripe_text_cres_passes_validation() {
    let (bytes, v) = sample("CRes.json");
    let parsed =
        ChallengeResponse::parse(&bytes, &cres_expect(&v, MessageVersion::V2_2_0, 1)).unwrap();
    let ChallengeResponse::Cres(cres) = parsed else {
        panic!("not a CRes")
    };
    assert_eq!(cres.acs_counter, 1);
    let CresBody::Challenge { ui_type, screen } = cres.body else {
        panic!("final")
    };
    assert_eq!(ui_type, UiType::Text);
    let ChallengeScreen::Text {
        texts,
        entry_box,
        submit_label,
        resend_label,
        ..
    } = screen
    else {
        panic!("{screen:?}")
    };
    assert!(entry_box.is_none());
    assert!(submit_label.eq_str(v["submitAuthenticationLabel"].as_str().unwrap()));
    assert!(
        resend_label
            .unwrap()
            .eq_str(v["resendInformationLabel"].as_str().unwrap())
    );
    assert!(
        texts
            .header
            .unwrap()
            .eq_str(v["challengeInfoHeader"].as_str().unwrap())
    );
    assert!(
        texts
            .add_info
            .unwrap()
            .eq_str(v["challengeAddInfo"].as_str().unwrap())
    );
    assert!(!texts.info_text_indicator);
    let Some(Image::Density {
        medium,
        high,
        extra_high,
    }) = texts.issuer_image
    else {
        panic!()
    };
    assert!(
        medium
            .unwrap()
            .eq_str(v["issuerImage"]["medium"].as_str().unwrap())
    );
    assert!(
        high.unwrap()
            .eq_str(v["issuerImage"]["high"].as_str().unwrap())
    );
    assert!(
        extra_high
            .unwrap()
            .eq_str(v["issuerImage"]["extraHigh"].as_str().unwrap())
    );
}

/// The same sample fails where it should: wrong counter (302), another
/// transaction version (102), other ids (301), and under 2.3.1 rules.
#[test]
fn stripe_text_cres_fails_against_other_expectations() {
    let (bytes, v) = sample("CRes.json");
    let e =
        ChallengeResponse::parse(&bytes, &cres_expect(&v, MessageVersion::V2_2_0, 0)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::DECRYPTION, "acsCounterAtoS"));
    let e =
        ChallengeResponse::parse(&bytes, &cres_expect(&v, MessageVersion::V2_1_0, 1)).unwrap_err();
    assert_eq!(
        (e.code, e.problem),
        (ErrorCode::VERSION_NOT_SUPPORTED, Problem::VersionMismatch)
    );
    let mut x = cres_expect(&v, MessageVersion::V2_2_0, 1);
    x.acs_trans_id = "00000000-0000-4000-8000-000000000000";
    let e = ChallengeResponse::parse(&bytes, &x).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::TRANSACTION_ID, "acsTransID"));
    // Relabelled 2.3.1 it breaks Table A.20: challengeInfoLabel is "N" for
    // UI 01 (203); without it, its 2.2.0-shaped image lacks the 2.3.1
    // mandatory `default` member (201).
    let mut v23 = v.clone();
    v23["messageVersion"] = "2.3.1".into();
    let b = serde_json::to_vec(&v23).unwrap();
    let e = ChallengeResponse::parse(&b, &cres_expect(&v, MessageVersion::V2_3_1, 1)).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::INVALID_FORMAT, "challengeInfoLabel")
    );
    v23.as_object_mut().unwrap().remove("challengeInfoLabel");
    let b = serde_json::to_vec(&v23).unwrap();
    let e = ChallengeResponse::parse(&b, &cres_expect(&v, MessageVersion::V2_3_1, 1)).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::REQUIRED_MISSING, "issuerImage.default")
    );
}

/// HTMLCRes.json: a 2.2.0 HTML challenge; acsHTML decodes into a caller buffer.
#[test]
fn stripe_html_cres_passes_and_decodes() {
    let (bytes, v) = sample("HTMLCRes.json");
    let ChallengeResponse::Cres(cres) =
        ChallengeResponse::parse(&bytes, &cres_expect(&v, MessageVersion::V2_2_0, 1)).unwrap()
    else {
        panic!()
    };
    let CresBody::Challenge {
        ui_type: UiType::Html,
        screen: ChallengeScreen::Html { html, refresh },
    } = cres.body
    else {
        panic!("{:?}", cres.body)
    };
    assert!(refresh.is_none());
    assert_eq!(html.encoded(), v["acsHTML"].as_str().unwrap());
    let mut buf = vec![0u8; html.decoded_len_max()];
    assert_eq!(
        html.decode_into(&mut buf).unwrap(),
        "Welcome to freeCodeCamp!"
    );
    let mut small = [0u8; 4];
    assert_eq!(
        html.decode_into(&mut small),
        Err(HtmlDecodeError::BufferTooSmall)
    );
}

/// ErrorMessage.json: an ACS Erro about an AReq, surfaced field by field.
#[test]
fn stripe_erro_is_surfaced() {
    let (bytes, v) = sample("ErrorMessage.json");
    let erro = Erro::parse(&bytes).unwrap();
    assert_eq!(
        erro.code,
        ErrorCode(v["errorCode"].as_str().unwrap().parse().unwrap())
    );
    assert_eq!(erro.component, ErrorComponent::Acs);
    assert!(
        erro.description
            .unwrap()
            .eq_str(v["errorDescription"].as_str().unwrap())
    );
    assert!(
        erro.detail
            .unwrap()
            .eq_str(v["errorDetail"].as_str().unwrap())
    );
    assert!(erro.message_type.unwrap().eq_str("AReq"));
    assert!(
        erro.ds_trans_id
            .unwrap()
            .matches(v["dsTransID"].as_str().unwrap())
    );
    // The same bytes arriving where a CRes is expected are surfaced, not rejected.
    let x = cres_expect(&v, MessageVersion::V2_1_0, 0);
    assert!(matches!(
        ChallengeResponse::parse(&bytes, &x).unwrap(),
        ChallengeResponse::Erro(_)
    ));
}

/// ARes.json is a Stripe *test* fixture, not a valid ARes: its messageType
/// is "pArs" (→ 101). Relabelled "ARes" it still fails: acsChallengeMandated
/// is "NO" (→ 203), and with that fixed, transStatus C lacks
/// acsRenderingType (→ 201).
#[test]
fn stripe_ares_sample_fails_for_the_documented_reasons() {
    let (bytes, v) = sample("ARes.json");
    let exp = AresExpectation {
        version: MessageVersion::V2_1_0,
        sdk_trans_id: v["sdkTransID"].as_str().unwrap(),
        understood_extensions: &[],
    };
    let e = AuthResponse::parse(&bytes, &exp).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::MESSAGE_INVALID, "messageType")
    );
    let mut w = v.clone();
    w["messageType"] = "ARes".into();
    let b = serde_json::to_vec(&w).unwrap();
    let e = AuthResponse::parse(&b, &exp).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::INVALID_FORMAT, "acsChallengeMandated")
    );
    w["acsChallengeMandated"] = "Y".into();
    let b = serde_json::to_vec(&w).unwrap();
    let e = AuthResponse::parse(&b, &exp).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::REQUIRED_MISSING, "acsRenderingType")
    );
    // As a frictionless Y it passes (authenticationValue is 28 characters).
    w["transStatus"] = "Y".into();
    let b = serde_json::to_vec(&w).unwrap();
    let AuthResponse::Ares(ares) = AuthResponse::parse(&b, &exp).unwrap() else {
        panic!()
    };
    assert_eq!(ares.trans_status, TransStatus::Authenticated);
    assert!(
        ares.sdk_trans_id
            .matches(&v["sdkTransID"].as_str().unwrap().to_lowercase())
    );
}

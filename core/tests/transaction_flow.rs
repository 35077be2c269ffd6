//! Whole transactions through the state machine against the test ACS:
//! frictionless, decoupled, and challenges of every UI type and version.

mod transaction_support;

use serde_json::Value;
use threeds_core::message::{ChallengeAnswer, ChallengeCancel, OobContinue, TransStatus, UiType};
use threeds_core::pki::TrustAnchors;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, ChallengeInput, CresOutcome, StateName, Transaction,
};
use transaction_support::*;

#[test]
fn begin_writes_the_auth_request_and_the_ds_decrypts_it() {
    let ds = ds_keys();
    for (key, alg) in [
        (ds.ec_public(), "ECDH-ES"),
        (ds.rsa_public(), "RSA-OAEP-256"),
    ] {
        for gcm in [false, true] {
            for version in VERSIONS {
                let mut txn = Transaction::new();
                let mut out = vec![0u8; 16 * 1024];
                let p = params(version, &key, gcm, "SDK-REF-1");
                let req = txn.begin(&p, &mut rng(3), 5_000, &mut out).unwrap();
                let areq: Value = serde_json::from_slice(&out[..req.len]).unwrap();
                assert_eq!(areq["messageVersion"], version);
                assert_eq!(areq["sdkAppID"], SDK_APP_ID);
                assert_eq!(areq["sdkReferenceNumber"], "SDK-REF-1");
                assert_eq!(areq["sdkMaxTimeout"], "05");
                let sdk_trans_id = areq["sdkTransID"].as_str().unwrap();
                assert_eq!(sdk_trans_id.len(), 36);
                assert_eq!(&sdk_trans_id[14..15], "4", "UUID version 4");
                assert_eq!(txn.sdk_trans_id().unwrap().as_str(), sdk_trans_id);
                // sdkEphemPubKey is the key whose private half the transaction holds.
                let private = txn.ephemeral_private_key().unwrap();
                let secret = p256::SecretKey::from_slice(&private[..]).unwrap();
                assert_eq!(areq["sdkEphemPubKey"], jwk_of(&secret.public_key()));
                let (header, device_info) = ds.decrypt(areq["sdkEncData"].as_str().unwrap());
                assert_eq!(header["alg"], alg);
                assert_eq!(header["enc"], if gcm { "A128GCM" } else { "A128CBC-HS256" });
                assert_eq!(header["kid"], "UUIDkeyidentifierforDS");
                assert_eq!(device_info, DEVICE_INFO);
                assert_eq!(txn.state(), StateName::AuthRequested);
                assert_eq!(txn.challenge_time_remaining(5_000), Some(300_000));
            }
        }
    }
}

#[test]
fn begin_rejects_a_short_sdk_max_timeout_and_stays_idle() {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut p = params("2.2.0", &key, false, "REF");
    p.timeouts.sdk_max_timeout_minutes = 4;
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 16 * 1024];
    assert!(txn.begin(&p, &mut rng(1), 0, &mut out).is_err());
    assert_eq!(txn.state(), StateName::Idle);
    // Too small a buffer: an error naming the exact size, still idle; one
    // byte less fails again (whether the JWE or the JSON around it is what
    // does not fit), exactly that many succeeds.
    for gcm in [false, true] {
        let p = params("2.2.0", &key, gcm, "REF");
        let Err(threeds_core::transaction::Error::BufferTooSmall { needed }) =
            txn.begin(&p, &mut rng(1), 0, &mut out[..100])
        else {
            panic!("a 100-byte buffer is too small")
        };
        assert_eq!(txn.state(), StateName::Idle);
        for short in [needed - 1, needed / 2 + 1] {
            assert_eq!(
                txn.begin(&p, &mut rng(1), 0, &mut out[..short]),
                Err(threeds_core::transaction::Error::BufferTooSmall { needed }),
                "{short} of {needed}"
            );
        }
        let mut exact = vec![0u8; needed];
        let req = txn.begin(&p, &mut rng(1), 0, &mut exact).unwrap();
        assert!(req.len < needed, "the JSON sits in front of the JWE");
        txn = Transaction::new();
    }
}

fn frictionless(version: &str, status: &str) -> (StateName, Option<TransStatus>) {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new(version, false, SignAlg::Es256);
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 16 * 1024];
    let p = params(version, &key, false, "REF");
    let req = txn.begin(&p, &mut rng(2), 0, &mut out).unwrap();
    let ares = acs.ares(&out[..req.len], status);
    let outcome = txn
        .handle_ares(&ares, &AcsTrust::accept_any(), 1_717_200_000)
        .unwrap();
    match (&outcome, status) {
        (AresOutcome::Frictionless(a), _) => assert_eq!(a.trans_status.as_str(), status),
        (AresOutcome::Decoupled(a), "D") => {
            assert!(a.cardholder_info.is_some(), "cardholderInfo surfaced");
        }
        other => panic!("{other:?}"),
    }
    (txn.state(), txn.trans_status())
}

#[test]
fn frictionless_statuses_end_the_transaction() {
    for version in VERSIONS {
        for status in ["Y", "A", "N", "U", "R"] {
            let (state, ts) = frictionless(version, status);
            assert_eq!(state, StateName::Frictionless, "{version} {status}");
            assert_eq!(ts.unwrap().as_str(), status);
        }
    }
    for version in ["2.2.0", "2.3.1"] {
        let (state, ts) = frictionless(version, "I");
        assert_eq!(state, StateName::Frictionless);
        assert_eq!(ts, Some(TransStatus::Informational));
    }
}

#[test]
fn decoupled_surfaces_the_cardholder_info() {
    for version in ["2.2.0", "2.3.1"] {
        let (state, ts) = frictionless(version, "D");
        assert_eq!(state, StateName::Decoupled);
        assert_eq!(ts, Some(TransStatus::Decoupled));
    }
}

#[test]
fn an_erro_instead_of_an_ares_fails_the_transaction() {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 16 * 1024];
    let p = params("2.2.0", &key, false, "REF");
    let req = txn.begin(&p, &mut rng(2), 0, &mut out).unwrap();
    let areq: Value = serde_json::from_slice(&out[..req.len]).unwrap();
    let erro = serde_json::json!({
        "messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "305",
        "errorComponent": "D", "errorDescription": "Transaction data not valid",
        "errorDetail": "cardRange", "sdkTransID": areq["sdkTransID"],
    });
    let bytes = erro.to_string();
    let outcome = txn
        .handle_ares(bytes.as_bytes(), &AcsTrust::accept_any(), 0)
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Erro(e) if e.code.0 == 305));
    assert_eq!(txn.state(), StateName::Failed);
    assert_eq!(
        txn.poll_erro(&mut out).unwrap(),
        None,
        "an Erro is never answered"
    );
}

/// The answer a cardholder gives on each UI type.
fn answer_for(ui: &str) -> ChallengeAnswer<'static> {
    match ui {
        "01" => ChallengeAnswer::Text {
            first: Some("123456"),
            second: None,
        },
        "02" => ChallengeAnswer::SingleSelect("phon"),
        "03" => ChallengeAnswer::MultiSelect(&["phon", "mail"]),
        "04" => ChallengeAnswer::OobContinue(OobContinue::Pressed),
        "05" | "06" => ChallengeAnswer::Html("otp=123456"),
        "07" => ChallengeAnswer::InfoContinue,
        _ => unreachable!(),
    }
}

fn ui_types(version: &str) -> &'static [&'static str] {
    if version == "2.3.1" {
        &["01", "02", "03", "04", "05", "06", "07"]
    } else {
        &["01", "02", "03", "04", "05"]
    }
}

#[test]
fn challenge_of_every_ui_type_and_version_completes() {
    for version in VERSIONS {
        for gcm in [false, true] {
            for ui in ui_types(version) {
                let mut r = start_challenge(version, gcm, SignAlg::Es256);
                assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
                assert_eq!(r.txn.acs_url(), Some("https://acs.example.test/challenge"));
                let first = r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
                assert!(first.get("challengeDataEntry").is_none());
                if version == "2.3.1" {
                    assert_eq!(first["oobAppURLInd"], "02");
                }
                let screen = r.acs.seal_cres(r.acs.cres_screen(ui));
                match r.cres(&screen) {
                    CresOutcome::Screen { ui_type, .. } => {
                        assert_eq!(ui_type, UiType::from_wire(ui).unwrap())
                    }
                    other => panic!("{version} {ui}: {other:?}"),
                }
                assert_eq!(r.txn.round(), 1);
                let creq = r.creq(ChallengeInput::new(answer_for(ui)));
                match *ui {
                    "01" => assert_eq!(creq["challengeDataEntry"], "123456"),
                    "02" => assert_eq!(creq["challengeDataEntry"], "phon"),
                    "03" => assert_eq!(creq["challengeDataEntry"], "phon,mail"),
                    "04" if version == "2.3.1" => assert_eq!(creq["oobContinue"], "01"),
                    "04" => assert_eq!(creq["oobContinue"], true),
                    "05" | "06" => assert_eq!(creq["challengeHTMLDataEntry"], "otp=123456"),
                    "07" => assert_eq!(creq["infoContinueIndicator"], true),
                    _ => unreachable!(),
                }
                let fin = r.acs.seal_cres(r.acs.cres_final("Y"));
                assert_eq!(
                    r.cres(&fin),
                    CresOutcome::Completed(TransStatus::Authenticated),
                    "{version} {ui} gcm={gcm}"
                );
                assert_eq!(r.txn.state(), StateName::Completed);
                assert_eq!(r.txn.trans_status(), Some(TransStatus::Authenticated));
            }
        }
    }
}

#[test]
fn multi_round_challenge_with_resend_and_a_failed_outcome() {
    let mut r = start_challenge("2.2.0", true, SignAlg::Ps256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    for round in 1..=5u8 {
        let screen = r.acs.seal_cres(r.acs.cres_screen("01"));
        assert!(matches!(r.cres(&screen), CresOutcome::Screen { .. }));
        let creq = if round % 2 == 1 {
            r.creq(ChallengeInput::new(ChallengeAnswer::Resend))
        } else {
            r.creq(ChallengeInput::new(ChallengeAnswer::Text {
                first: Some("000000"),
                second: None,
            }))
        };
        assert_eq!(creq["sdkCounterStoA"], format!("{round:03}").as_str());
        if round % 2 == 1 {
            assert_eq!(creq["resendChallenge"], "Y");
        }
    }
    let fin = r.acs.seal_cres(r.acs.cres_final("N"));
    assert_eq!(
        r.cres(&fin),
        CresOutcome::Completed(TransStatus::NotAuthenticated)
    );
}

#[test]
fn cancel_sends_challenge_cancel_and_the_final_cres_ends_it() {
    for version in VERSIONS {
        let mut r = start_challenge(version, false, SignAlg::Es256);
        r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
        let screen = r.acs.seal_cres(r.acs.cres_screen("02"));
        r.cres(&screen);
        let creq = r.creq(ChallengeInput::new(ChallengeAnswer::Cancel(
            ChallengeCancel::CardholderCancel,
        )));
        assert_eq!(creq["challengeCancel"], "01");
        let fin = r.acs.seal_cres(r.acs.cres_final("N"));
        assert_eq!(
            r.cres(&fin),
            CresOutcome::Completed(TransStatus::NotAuthenticated)
        );
    }
}

#[test]
fn sdk_timeout_cancel_code_08_only_from_2_2_0() {
    let mut r = start_challenge("2.1.0", false, SignAlg::Es256);
    let input = ChallengeInput::new(ChallengeAnswer::Cancel(ChallengeCancel::TimedOutSdk));
    let err = r
        .txn
        .build_creq(&input, &mut r.rng, r.clock.now(), &mut r.bufs.out)
        .unwrap_err();
    assert!(matches!(
        err,
        threeds_core::transaction::Error::InputRejected(_)
    ));
    assert_eq!(
        r.txn.state(),
        StateName::ChallengeExpectCreq,
        "nothing changed"
    );
    for version in ["2.2.0", "2.3.1"] {
        let mut r = start_challenge(version, false, SignAlg::Es256);
        let creq = r.creq(input);
        assert_eq!(creq["challengeCancel"], "08");
    }
}

#[test]
fn the_next_creq_is_checked_against_the_last_screen() {
    use threeds_core::transaction::{Error, InputRejected};
    let mut r = start_challenge("2.3.1", false, SignAlg::Es256);
    // Before any screen only the opening CReq (or a cancel) fits.
    let text = ChallengeInput::new(ChallengeAnswer::Text {
        first: Some("1"),
        second: None,
    });
    let e = r
        .txn
        .build_creq(&text, &mut r.rng, r.clock.now(), &mut r.bufs.out)
        .unwrap_err();
    assert_eq!(e, Error::InputRejected(InputRejected::NoScreenYet));
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let mut cres = r.acs.cres_screen("02");
    cres["trustListInfoText"] = serde_json::json!("Add this merchant to your trust list?");
    let body = r.acs.seal_cres(cres);
    r.cres(&body);
    let c = *r.txn.last_screen().unwrap();
    assert!(c.trust_list_text && !c.device_binding_text && !c.add_label);
    for (input, why) in [
        (ChallengeAnswer::Resend, InputRejected::AnswerNotAllowed),
        (ChallengeAnswer::AddCode, InputRejected::AnswerNotAllowed),
        (ChallengeAnswer::Initial, InputRejected::NoScreenYet),
        (
            ChallengeAnswer::Text {
                first: Some("1"),
                second: None,
            },
            InputRejected::AnswerNotAllowed,
        ),
    ] {
        let e = r
            .txn
            .build_creq(
                &ChallengeInput::new(input),
                &mut r.rng,
                r.clock.now(),
                &mut r.bufs.out,
            )
            .unwrap_err();
        assert_eq!(e, Error::InputRejected(why), "{input:?}");
        assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
    }
    let mut consent = ChallengeInput::new(ChallengeAnswer::SingleSelect("phon"));
    consent.device_binding = Some(true);
    let e = r
        .txn
        .build_creq(&consent, &mut r.rng, r.clock.now(), &mut r.bufs.out)
        .unwrap_err();
    assert_eq!(e, Error::InputRejected(InputRejected::ConsentNotAsked));
    // The trust-list toggle is answered even when untouched ("N").
    let creq = r.creq(ChallengeInput::new(ChallengeAnswer::SingleSelect("phon")));
    assert_eq!(creq["trustListDataEntry"], "N");
    assert_eq!(creq["sdkCounterStoA"], "001");
}

#[test]
fn consent_add_code_and_second_entry_box_in_2_3_1() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let mut cres = r.acs.cres_screen("01");
    cres["challengeEntryBoxTwo"] = serde_json::json!({"challengeDataEntryLabel": "PIN"});
    cres["deviceBindingInfoText"] = serde_json::json!("Remember this device?");
    cres["trustListInfoText"] = serde_json::json!("Trust this merchant?");
    cres["challengeAddLabel"] = serde_json::json!("Use another method");
    let body = r.acs.seal_cres(cres);
    assert!(matches!(r.cres(&body), CresOutcome::Screen { .. }));
    let mut input = ChallengeInput::new(ChallengeAnswer::Text {
        first: Some("123456"),
        second: Some("9876"),
    });
    input.trust_list = Some(true);
    input.device_binding = Some(false);
    let creq = r.creq(input);
    assert_eq!(creq["challengeDataEntryTwo"], "9876");
    assert_eq!(creq["trustListDataEntry"], "Y");
    assert_eq!(creq["deviceBindingDataEntry"], "N");
    let body = r.acs.seal_cres({
        let mut c = r.acs.cres_screen("01");
        c["challengeAddLabel"] = serde_json::json!("Use another method");
        c
    });
    r.cres(&body);
    let creq = r.creq(ChallengeInput::new(ChallengeAnswer::AddCode));
    assert_eq!(creq["challengeAddCode"], "Y");
    assert!(creq.get("trustListDataEntry").is_none());
}

/// 2030-01-01: after the EMVCo certificates expired (2027-12-31).
const AFTER_EXPIRY: u64 = 1_893_456_000;

fn ares_check(
    tamper: impl Fn(&mut TestAcs, &[u8]) -> Vec<u8>,
    accept_any: bool,
    now_unix: u64,
) -> (Result<(), threeds_core::transaction::Error>, StateName) {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", false, SignAlg::Es256);
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 16 * 1024];
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params("2.2.0", &key, false, &sdk_ref);
    let req = txn.begin(&p, &mut rng(4), 0, &mut out).unwrap();
    let ares = tamper(&mut acs, &out[..req.len]);
    let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let trust = if accept_any {
        AcsTrust::accept_any()
    } else {
        AcsTrust::roots(&roots)
    };
    let res = txn.handle_ares(&ares, &trust, now_unix).map(|o| {
        assert!(matches!(o, AresOutcome::Challenge(_)), "{o:?}");
    });
    if res.is_err() {
        assert_eq!(
            txn.poll_erro(&mut out).unwrap(),
            None,
            "no Erro for an ARes"
        );
    }
    (res, txn.state())
}

#[test]
fn the_chain_is_checked_at_the_clock_time_unless_any_cert_is_accepted() {
    use threeds_core::transaction::{AresError, Error};
    let honest = |acs: &mut TestAcs, areq: &[u8]| acs.ares(areq, "C");
    assert_eq!(
        ares_check(honest, false, AFTER_EXPIRY),
        (
            Err(Error::Ares(AresError::CertificateInvalid)),
            StateName::Failed
        )
    );
    // AcceptAnyACSCert skips only the chain check.
    assert_eq!(
        ares_check(honest, true, AFTER_EXPIRY),
        (Ok(()), StateName::ChallengeExpectCreq)
    );
}

#[test]
fn acs_signed_content_checks_are_local_errors() {
    use threeds_core::transaction::{AresError, Error};
    let now = 1_717_200_000;
    // A signature that does not verify, even with AcceptAnyACSCert.
    let bad_sig = |acs: &mut TestAcs, areq: &[u8]| {
        let ares: Value = serde_json::from_slice(&acs.ares(areq, "C")).unwrap();
        let jws = ares["acsSignedContent"].as_str().unwrap();
        let (head, sig) = jws.rsplit_once('.').unwrap();
        let mut sig = unb64url(sig);
        sig[10] ^= 1;
        acs.ares_with("C", &format!("{head}.{}", b64url(&sig)))
    };
    for any in [false, true] {
        assert_eq!(
            ares_check(bad_sig, any, now),
            (
                Err(Error::Ares(AresError::SignatureInvalid)),
                StateName::Failed
            )
        );
    }
    // sdkEphemPubKey that is not ours.
    let other_key = |acs: &mut TestAcs, areq: &[u8]| {
        let areq_json: Value = serde_json::from_slice(areq).unwrap();
        acs.sdk_trans_id = areq_json["sdkTransID"].as_str().unwrap().to_string();
        let stranger = jwk_of(&acs.acs_ephemeral.public_key());
        let payload = acs.signed_payload(&stranger, "https://acs.example.test/c");
        let jws = acs.sign_payload(payload.to_string().as_bytes());
        acs.ares_with("C", &jws)
    };
    assert_eq!(
        ares_check(other_key, false, now).0,
        Err(Error::Ares(AresError::SdkEphemPubKeyMismatch))
    );
    // acsURL over plain http.
    let http = |acs: &mut TestAcs, areq: &[u8]| {
        let areq_json: Value = serde_json::from_slice(areq).unwrap();
        acs.sdk_trans_id = areq_json["sdkTransID"].as_str().unwrap().to_string();
        let payload = acs.signed_payload(&areq_json["sdkEphemPubKey"], "http://acs.example.test/c");
        let jws = acs.sign_payload(payload.to_string().as_bytes());
        acs.ares_with("C", &jws)
    };
    assert_eq!(
        ares_check(http, false, now).0,
        Err(Error::Ares(AresError::AcsUrlInvalid))
    );
    // acsEphemPubKey not on the curve.
    let bad_point = |acs: &mut TestAcs, areq: &[u8]| {
        let areq_json: Value = serde_json::from_slice(areq).unwrap();
        acs.sdk_trans_id = areq_json["sdkTransID"].as_str().unwrap().to_string();
        let mut payload = acs.signed_payload(&areq_json["sdkEphemPubKey"], "https://a.test/c");
        let mut y = unb64url(payload["acsEphemPubKey"]["y"].as_str().unwrap());
        y[31] ^= 1;
        payload["acsEphemPubKey"]["y"] = serde_json::json!(b64url(&y));
        let jws = acs.sign_payload(payload.to_string().as_bytes());
        acs.ares_with("C", &jws)
    };
    assert_eq!(
        ares_check(bad_point, false, now).0,
        Err(Error::Ares(AresError::AcsEphemPubKeyInvalid))
    );
    // An HS256 / none JWS is not accepted.
    let none_alg = |acs: &mut TestAcs, areq: &[u8]| {
        let ares: Value = serde_json::from_slice(&acs.ares(areq, "C")).unwrap();
        let jws = ares["acsSignedContent"].as_str().unwrap();
        let mut parts = jws.split('.');
        let _ = parts.next();
        let payload = parts.next().unwrap();
        let head = b64url(br#"{"alg":"none"}"#);
        acs.ares_with("C", &format!("{head}.{payload}.AAAA"))
    };
    assert_eq!(
        ares_check(none_alg, true, now).0,
        Err(Error::Ares(AresError::SignedContentInvalid))
    );
}

#[test]
fn wrong_state_calls_change_nothing() {
    use threeds_core::transaction::Error;
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 4096];
    let mut plain = vec![0u8; 4096];
    let input = ChallengeInput::new(ChallengeAnswer::Initial);
    assert!(matches!(
        txn.build_creq(&input, &mut rng(1), 0, &mut out),
        Err(Error::ApiMisuse {
            call: "build_creq",
            state: StateName::Idle
        })
    ));
    assert!(matches!(
        txn.handle_cres(b"x", &mut plain, 0),
        Err(Error::ApiMisuse { .. })
    ));
    assert!(matches!(
        txn.handle_ares(b"{}", &AcsTrust::accept_any(), 0),
        Err(Error::ApiMisuse { .. })
    ));
    assert!(matches!(txn.export(&mut out), Err(Error::ApiMisuse { .. })));
    assert_eq!(txn.state(), StateName::Idle);

    let mut r = start_challenge("2.2.0", false, SignAlg::Es256);
    // A CRes before any CReq, and begin again: refused, the challenge goes on.
    let e = r.txn.handle_cres(b"x", &mut plain, 0).unwrap_err();
    assert!(matches!(
        e,
        Error::ApiMisuse {
            state: StateName::ChallengeExpectCreq,
            ..
        }
    ));
    let ds = ds_keys();
    let key = ds.ec_public();
    let p = params("2.2.0", &key, false, "REF");
    assert!(matches!(
        r.txn.begin(&p, &mut rng(1), 0, &mut out),
        Err(Error::ApiMisuse { .. })
    ));
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    // Two CReqs in a row: refused.
    let e = r
        .txn
        .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
        .unwrap_err();
    assert!(matches!(
        e,
        Error::ApiMisuse {
            state: StateName::ChallengeExpectCres,
            ..
        }
    ));
    let screen = r.acs.seal_cres(r.acs.cres_screen("01"));
    assert!(matches!(r.cres(&screen), CresOutcome::Screen { .. }));
}

//! Every way a CRes (or the clock) ends a challenge, and the Erro the SDK
//! produces for it, asserted field by field.

mod transaction_support;

use serde_json::{Value, json};
use threeds_core::message::{ChallengeAnswer, TransStatus};
use threeds_core::transaction::{
    ChallengeInput, CresOutcome, ERRO_CONTENT_TYPE, Error, StateName, Timer,
};
use transaction_support::*;

/// A challenge at its first CRes (the opening CReq was sent).
fn at_first_cres(version: &str, gcm: bool) -> Running {
    let mut r = start_challenge(version, gcm, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    r
}

/// Feeds `body`, expects a protocol error with `code`/`detail`, checks the
/// Erro JSON and that the transaction failed.
fn expect_erro(r: &mut Running, body: &[u8], code: &str, detail: &str) -> Value {
    match r.cres(body) {
        CresOutcome::ProtocolError(e) => {
            assert_eq!(e.code.0.to_string(), code, "{e:?}");
        }
        other => panic!("expected Erro {code}, got {other:?}"),
    }
    assert_eq!(r.txn.state(), StateName::Failed);
    assert_eq!(r.txn.pending_erro().unwrap().detail.as_str(), detail);
    let erro = r.erro();
    assert_erro(r, &erro, code, detail);
    // Sent once: nothing more pending.
    assert_eq!(r.txn.poll_erro(&mut r.bufs.out).unwrap(), None);
    assert_eq!(r.txn.sent_erro().unwrap().detail.as_str(), detail);
    erro
}

fn assert_erro(r: &Running, erro: &Value, code: &str, detail: &str) {
    let mut expected = json!({
        "messageType": "Erro",
        "messageVersion": r.acs.version,
        "errorCode": code,
        "errorComponent": "C",
        "errorDetail": detail,
        "errorMessageType": "CRes",
        "threeDSServerTransID": r.acs.three_ds_server_trans_id,
        "acsTransID": r.acs.acs_trans_id,
        "dsTransID": r.acs.ds_trans_id,
        "sdkTransID": r.acs.sdk_trans_id,
    });
    expected["errorDescription"] = erro["errorDescription"].clone();
    assert_eq!(erro, &expected);
    let description = erro["errorDescription"].as_str().unwrap();
    assert!(!description.is_empty() && description.len() <= 2048);
    assert_eq!(r.txn.acs_url(), Some(r.acs.acs_url.as_str()));
}

#[test]
fn erro_content_type_is_json_utf8() {
    assert_eq!(ERRO_CONTENT_TYPE, "application/json; charset=utf-8");
}

#[test]
fn bad_tag_is_302() {
    for gcm in [false, true] {
        let mut r = at_first_cres("2.2.0", gcm);
        let body = r.acs.seal_cres(r.acs.cres_screen("01"));
        let mut text = String::from_utf8(body).unwrap();
        // Flip one bit of the tag.
        let (head, tag) = text.rsplit_once('.').unwrap();
        let mut t = unb64url(tag);
        t[0] ^= 0x80;
        text = format!("{head}.{}", b64url(&t));
        expect_erro(&mut r, text.as_bytes(), "302", "CRes");
    }
}

#[test]
fn wrong_key_direction_is_302() {
    // A GCM CRes under the SDK→ACS half of the key.
    let mut r = at_first_cres("2.3.1", true);
    let key = r.acs.session_key;
    let mut swapped = [0u8; 32];
    swapped[..16].copy_from_slice(&key[16..]);
    swapped[16..].copy_from_slice(&key[..16]);
    r.acs.session_key = swapped;
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    expect_erro(&mut r, &body, "302", "CRes");
}

#[test]
fn gcm_iv_not_bound_to_the_counter_is_302() {
    let mut r = at_first_cres("2.2.0", true);
    // A correctly encrypted CRes whose IV uses counter 1 while 0 was sent.
    let mut cres = r.acs.cres_screen("01");
    cres["acsCounterAtoS"] = json!("000");
    let body = r.acs.seal_raw(cres.to_string().as_bytes(), 1);
    expect_erro(&mut r, &body, "302", "CRes");
}

#[test]
fn counter_mismatch_is_302() {
    for version in VERSIONS {
        let mut r = at_first_cres(version, false);
        let mut cres = r.acs.cres_screen("01");
        cres["acsCounterAtoS"] = json!("001");
        let body = r.acs.seal_cres(cres);
        expect_erro(&mut r, &body, "302", "acsCounterAtoS");
    }
}

#[test]
fn plain_json_that_is_not_an_erro_is_302() {
    let mut r = at_first_cres("2.2.0", false);
    let mut cres = r.acs.cres_screen("01");
    cres["acsCounterAtoS"] = json!("000");
    expect_erro(&mut r, cres.to_string().as_bytes(), "302", "CRes");
}

#[test]
fn wrong_message_type_is_101() {
    let mut r = at_first_cres("2.2.0", false);
    let mut cres = r.acs.cres_screen("01");
    cres["messageType"] = json!("CReq");
    let body = r.acs.seal_cres(cres);
    expect_erro(&mut r, &body, "101", "messageType");
}

#[test]
fn not_json_is_101() {
    let mut r = at_first_cres("2.2.0", false);
    let body = r.acs.seal_raw(b"not json at all", 0);
    let e = match r.cres(&body) {
        CresOutcome::ProtocolError(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(e.code.0, 101);
}

#[test]
fn missing_elements_are_201() {
    for (field, ui) in [
        ("challengeCompletionInd", "01"),
        ("acsUiType", "01"),
        ("submitAuthenticationLabel", "01"),
        ("challengeSelectInfo", "02"),
        ("acsHTML", "05"),
        ("acsTransID", "01"),
    ] {
        let mut r = at_first_cres("2.2.0", false);
        let mut cres = r.acs.cres_screen(ui);
        cres.as_object_mut().unwrap().remove(field);
        let body = r.acs.seal_cres(cres);
        expect_erro(&mut r, &body, "201", field);
    }
    let mut r = at_first_cres("2.3.1", false);
    let mut cres = r.acs.cres_final("Y");
    cres.as_object_mut().unwrap().remove("transStatus");
    let body = r.acs.seal_cres(cres);
    expect_erro(&mut r, &body, "201", "transStatus");
}

#[test]
fn invalid_values_are_203() {
    let cases: [(&str, Value); 3] = [
        ("challengeCompletionInd", json!("X")),
        ("acsUiType", json!("1")),
        ("sdkTransID", json!("not-a-uuid")),
    ];
    for (field, value) in cases {
        let mut r = at_first_cres("2.2.0", false);
        let mut cres = r.acs.cres_screen("01");
        cres[field] = value;
        let body = r.acs.seal_cres(cres);
        expect_erro(&mut r, &body, "203", field);
    }
}

#[test]
fn ui_types_06_and_07_are_invalid_before_2_3_1() {
    for ui in ["06", "07"] {
        let mut r = at_first_cres("2.2.0", false);
        let mut cres = r.acs.cres_screen("05");
        cres["acsUiType"] = json!(ui);
        let body = r.acs.seal_cres(cres);
        let e = match r.cres(&body) {
            CresOutcome::ProtocolError(e) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(e.code.0, 203, "{e:?}");
    }
}

#[test]
fn unknown_critical_extension_is_202_naming_its_id() {
    let mut r = at_first_cres("2.2.0", false);
    let mut cres = r.acs.cres_screen("01");
    cres["messageExtension"] = json!([{
        "name": "Scheme thing", "id": "A000000802-004", "criticalityIndicator": true,
        "data": {"x": "y"}
    }]);
    let body = r.acs.seal_cres(cres);
    expect_erro(&mut r, &body, "202", "A000000802-004");
}

#[test]
fn non_critical_unknown_extension_is_accepted() {
    let mut r = at_first_cres("2.2.0", false);
    let mut cres = r.acs.cres_screen("01");
    cres["messageExtension"] = json!([{
        "name": "Scheme thing", "id": "A000000802-005", "criticalityIndicator": false,
        "data": {"x": "y"}
    }]);
    let body = r.acs.seal_cres(cres);
    assert!(matches!(r.cres(&body), CresOutcome::Screen { .. }));
}

#[test]
fn other_transaction_ids_are_301() {
    for field in ["threeDSServerTransID", "acsTransID", "sdkTransID"] {
        let mut r = at_first_cres("2.3.1", true);
        let mut cres = r.acs.cres_screen("01");
        cres[field] = json!("00000000-0000-4000-8000-000000000000");
        let body = r.acs.seal_cres(cres);
        expect_erro(&mut r, &body, "301", field);
    }
}

#[test]
fn another_version_is_102() {
    for (ours, theirs) in [("2.2.0", "2.1.0"), ("2.1.0", "2.2.0"), ("2.3.1", "2.2.0")] {
        let mut r = at_first_cres(ours, false);
        let mut cres = r.acs.cres_screen("01");
        cres["messageVersion"] = json!(theirs);
        let body = r.acs.seal_cres(cres);
        let erro = expect_erro(&mut r, &body, "102", "messageVersion");
        // The Erro carries the transaction's version, not the CRes's.
        assert_eq!(erro["messageVersion"], ours);
    }
    let mut r = at_first_cres("2.2.0", false);
    let mut cres = r.acs.cres_screen("01");
    cres["messageVersion"] = json!("9.9.9");
    let body = r.acs.seal_cres(cres);
    expect_erro(&mut r, &body, "102", "messageVersion");
}

#[test]
fn final_cres_with_extra_members_is_203_naming_the_member() {
    let mut r = at_first_cres("2.3.1", false);
    let mut cres = r.acs.cres_final("Y");
    cres["acsUiType"] = json!("01");
    let body = r.acs.seal_cres(cres);
    expect_erro(&mut r, &body, "203", "acsUiType");
}

#[test]
fn final_status_other_than_y_or_n_ends_without_an_erro() {
    for status in ["A", "U", "R", "C"] {
        let mut r = at_first_cres("2.3.1", false);
        let body = r.acs.seal_cres(r.acs.cres_final(status));
        assert!(matches!(r.cres(&body), CresOutcome::Aborted(_)), "{status}");
        assert_eq!(r.txn.state(), StateName::Failed);
        assert_eq!(r.txn.poll_erro(&mut r.bufs.out).unwrap(), None);
        assert_eq!(r.txn.trans_status(), None::<TransStatus>);
    }
}

#[test]
fn a_received_erro_is_surfaced_and_never_answered() {
    for encrypted in [false, true] {
        let mut r = at_first_cres("2.2.0", false);
        let erro = json!({
            "messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "203",
            "errorComponent": "A", "errorDescription": "Format invalid",
            "errorDetail": "challengeDataEntry", "errorMessageType": "CReq",
            "threeDSServerTransID": r.acs.three_ds_server_trans_id,
            "acsTransID": r.acs.acs_trans_id,
            "sdkTransID": r.acs.sdk_trans_id,
        });
        let body = if encrypted {
            r.acs.seal_raw(erro.to_string().as_bytes(), 0)
        } else {
            erro.to_string().into_bytes()
        };
        match r.cres(&body) {
            CresOutcome::ErroReceived(e) => {
                assert_eq!(e.code.0, 203);
                assert!(e.detail.unwrap().eq_str("challengeDataEntry"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.txn.state(), StateName::Failed);
        assert_eq!(r.txn.poll_erro(&mut r.bufs.out).unwrap(), None);
    }
}

#[test]
fn sdk_max_timeout_in_build_creq_is_402() {
    let mut r = at_first_cres("2.2.0", false);
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    r.cres(&body);
    // 5 minutes from begin (the default SDKMaxTimeout), never sleeping.
    let left = r.txn.challenge_time_remaining(r.clock.now()).unwrap();
    assert!(left <= 300_000 && left > 290_000, "{left}");
    r.clock.advance_ms(left);
    assert_eq!(r.txn.challenge_time_remaining(r.clock.now()), Some(0));
    let input = ChallengeInput::new(ChallengeAnswer::Text {
        first: Some("1"),
        second: None,
    });
    let e = r
        .txn
        .build_creq(&input, &mut r.rng, r.clock.now(), &mut r.bufs.out)
        .unwrap_err();
    assert_eq!(e, Error::TimedOut(Timer::SdkMaxTimeout));
    assert_eq!(r.txn.state(), StateName::Failed);
    let erro = r.erro();
    assert_erro(&r, &erro, "402", "SDKMaxTimeout expired");
}

#[test]
fn sdk_max_timeout_before_the_cres_is_402() {
    let mut r = at_first_cres("2.3.1", true);
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    r.clock.advance_ms(5 * 60 * 1000);
    expect_erro(&mut r, &body, "402", "SDKMaxTimeout expired");
}

#[test]
fn the_exchange_timeout_is_402() {
    // A late CRes: past the per-exchange timeout (30 s default).
    let mut r = at_first_cres("2.2.0", false);
    assert_eq!(
        r.txn.poll_timeout().map(|(t, _)| t),
        Some(Timer::Exchange),
        "the exchange deadline comes first"
    );
    let deadline = r.txn.poll_timeout().unwrap().1;
    assert_eq!(deadline, r.clock.now() + 30_000);
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    r.clock.advance_ms(30_000);
    expect_erro(&mut r, &body, "402", "Challenge exchange timed out");

    // The timer fired by the caller's event loop.
    let mut r = at_first_cres("2.2.0", false);
    assert_eq!(r.txn.handle_timeout(r.clock.now() + 29_999), None);
    assert_eq!(r.txn.state(), StateName::ChallengeExpectCres);
    assert_eq!(
        r.txn.handle_timeout(r.clock.now() + 30_000),
        Some(Timer::Exchange)
    );
    let erro = r.erro();
    assert_erro(&r, &erro, "402", "Challenge exchange timed out");

    // The transport reports the timeout.
    let mut r = at_first_cres("2.1.0", true);
    r.txn.report_exchange_timeout().unwrap();
    let erro = r.erro();
    assert_eq!(erro["errorCode"], "402");
    assert!(
        r.txn.report_exchange_timeout().is_err(),
        "only while a CReq is in flight"
    );
}

#[test]
fn the_sdk_max_timeout_fires_while_waiting_for_input() {
    let mut r = at_first_cres("2.2.0", false);
    let body = r.acs.seal_cres(r.acs.cres_screen("04"));
    r.cres(&body);
    assert_eq!(
        r.txn.poll_timeout().map(|(t, _)| t),
        Some(Timer::SdkMaxTimeout)
    );
    let (_, at) = r.txn.poll_timeout().unwrap();
    assert_eq!(r.txn.handle_timeout(at - 1), None);
    assert_eq!(r.txn.handle_timeout(at), Some(Timer::SdkMaxTimeout));
    let erro = r.erro();
    assert_erro(&r, &erro, "402", "SDKMaxTimeout expired");
}

#[test]
fn a_configured_exchange_timeout_is_used() {
    use threeds_core::transaction::{AcsTrust, Transaction};
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", false, SignAlg::Es256);
    let sdk_ref = acs.sdk_reference_number.clone();
    let mut p = params("2.2.0", &key, false, &sdk_ref);
    p.timeouts.exchange_timeout_ms = 10_000;
    p.timeouts.sdk_max_timeout_minutes = 10;
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 16 * 1024];
    let req = txn.begin(&p, &mut rng(1), 0, &mut out).unwrap();
    let ares = acs.ares(&out[..req.len], "C");
    let areq: Value = serde_json::from_slice(&out[..req.len]).unwrap();
    assert_eq!(areq["sdkMaxTimeout"], "10");
    let _ = txn.handle_ares(&ares, &AcsTrust::accept_any(), 0).unwrap();
    assert_eq!(txn.challenge_time_remaining(0), Some(600_000));
    let _ = txn
        .build_creq(
            &ChallengeInput::new(ChallengeAnswer::Initial),
            &mut rng(2),
            100,
            &mut out,
        )
        .unwrap();
    assert_eq!(txn.poll_timeout(), Some((Timer::Exchange, 10_100)));
}

#[test]
fn the_counter_never_wraps() {
    let mut r = at_first_cres("2.2.0", true);
    for n in 0..=254u8 {
        let body = r.acs.seal_cres(r.acs.cres_screen("01"));
        assert!(
            matches!(r.cres(&body), CresOutcome::Screen { .. }),
            "round {n}"
        );
        let creq = r.creq(ChallengeInput::new(ChallengeAnswer::Resend));
        assert_eq!(creq["sdkCounterStoA"], format!("{:03}", n + 1).as_str());
    }
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    assert!(matches!(r.cres(&body), CresOutcome::Screen { .. }));
    assert_eq!(r.txn.next_counter(), None);
    let e = r
        .txn
        .build_creq(
            &ChallengeInput::new(ChallengeAnswer::Resend),
            &mut r.rng,
            r.clock.now(),
            &mut r.bufs.out,
        )
        .unwrap_err();
    assert_eq!(e, Error::CounterExhausted);
    assert_eq!(r.txn.state(), StateName::Failed);
}

#[test]
fn a_buffer_too_small_for_the_creq_changes_nothing_and_names_the_exact_size() {
    for (version, gcm) in [("2.2.0", false), ("2.3.1", true), ("2.1.0", false)] {
        let mut r = at_first_cres(version, gcm);
        let body = r.acs.seal_cres(r.acs.cres_screen("01"));
        r.cres(&body);
        let input = ChallengeInput::new(ChallengeAnswer::Text {
            first: Some("123456"),
            second: None,
        });
        let mut small = [0u8; 64];
        let e = r
            .txn
            .build_creq(&input, &mut r.rng, r.clock.now(), &mut small)
            .unwrap_err();
        let Error::BufferTooSmall { needed } = e else {
            panic!("{e:?}")
        };
        assert_eq!(r.txn.creq_size(&input), Ok(needed));
        // One byte less still fails (the plaintext fits, the JWE does not)…
        let mut short = vec![0u8; needed - 1];
        let e = r
            .txn
            .build_creq(&input, &mut r.rng, r.clock.now(), &mut short)
            .unwrap_err();
        assert_eq!(e, Error::BufferTooSmall { needed });
        assert!(short.iter().all(|b| *b == 0), "the entry is wiped");
        assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
        // …and exactly `needed` bytes are filled by the CReq the ACS opens.
        let mut exact = vec![0u8; needed];
        let creq = r
            .txn
            .build_creq(&input, &mut r.rng, r.clock.now(), &mut exact)
            .unwrap();
        assert_eq!(creq.len, needed);
        let opened = r.acs.open_creq(&exact);
        assert_eq!(opened["sdkCounterStoA"], "001");
        assert_eq!(opened["challengeDataEntry"], "123456");
    }
}

#[test]
fn a_buffer_too_small_for_the_erro_names_its_exact_length() {
    let mut r = at_first_cres("2.3.1", false);
    let body = r.acs.seal_raw(b"{}", 0);
    let _ = r.cres(&body);
    let mut small = [0u8; 16];
    let e = r.txn.poll_erro(&mut small).unwrap_err();
    let Error::BufferTooSmall { needed } = e else {
        panic!("{e:?}")
    };
    let mut short = vec![0u8; needed - 1];
    assert_eq!(r.txn.poll_erro(&mut short), Err(e.clone()));
    let mut exact = vec![0u8; needed];
    assert_eq!(r.txn.poll_erro(&mut exact), Ok(Some(needed)));
    let erro: Value = serde_json::from_slice(&exact).unwrap();
    assert_eq!(erro["messageType"], "Erro");
}

#[test]
fn a_duplicate_member_is_204() {
    let mut r = at_first_cres("2.3.1", false);
    let mut cres = r.acs.cres_screen("01");
    cres["acsCounterAtoS"] = json!("000");
    let text = cres.to_string();
    let dup = text.replacen('{', "{\"challengeInfoHeader\":\"Twice\",", 1);
    let body = r.acs.seal_raw(dup.as_bytes(), 0);
    expect_erro(&mut r, &body, "204", "challengeInfoHeader");
}

#[test]
fn a_plaintext_buffer_shorter_than_the_body_changes_nothing() {
    let mut r = at_first_cres("2.2.0", false);
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    let mut small = vec![0u8; body.len() - 1];
    let e = r
        .txn
        .handle_cres(&body, &mut small, r.clock.now())
        .unwrap_err();
    assert_eq!(e, Error::BufferTooSmall { needed: body.len() });
    assert_eq!(r.txn.state(), StateName::ChallengeExpectCres);
    assert!(matches!(r.cres(&body), CresOutcome::Screen { .. }));
}

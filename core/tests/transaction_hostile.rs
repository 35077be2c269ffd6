//! Hostile bodies end in bounded work with the protocol's answer: size and
//! member caps (101) on the ARes, the CRes (before decryption) and a plain
//! Erro alike, `challengeSelectInfo` caps in every version, the CRes `kid`
//! bound to `acsTransID` (302), and a received Erro never answered, even
//! when it is malformed.

mod transaction_support;

use serde_json::{Value, json};
use threeds_core::message::{
    ChallengeAnswer, MAX_ARES_BYTES, MAX_CRES_JWE_BYTES, MAX_ERRO_BYTES, MAX_SELECT_OPTIONS,
    MAX_SELECT_OPTIONS_LEGACY, Problem,
};
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AcsTrust, AresError, AresOutcome, ChallengeInput, CresOutcome, Error, StateName, Transaction,
};
use transaction_support::*;

fn at_first_cres(version: &str, gcm: bool) -> Running {
    let mut r = start_challenge(version, gcm, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    r
}

/// Expects the CRes path to end with an Erro `code`/`errorDetail` sent back.
fn expect_erro(r: &mut Running, body: &[u8], code: u16, detail: &str) {
    match r.cres(body) {
        CresOutcome::ProtocolError(e) => assert_eq!(e.code.0, code, "{e:?}"),
        other => panic!("expected Erro {code}, got {other:?}"),
    }
    assert_eq!(r.txn.state(), StateName::Failed);
    let erro = r.erro();
    assert_eq!(erro["errorCode"], format!("{code}").as_str());
    assert_eq!(erro["errorDetail"], detail);
}

/// Expects the transaction to fail without anything to send.
fn expect_silent_failure(r: &mut Running, body: &[u8]) -> Problem {
    let problem = match r.cres(body) {
        CresOutcome::Aborted(e) => {
            assert!(e.in_erro && !e.sends_erro(), "{e:?}");
            e.problem
        }
        other => panic!("expected no answer, got {other:?}"),
    };
    assert_eq!(r.txn.state(), StateName::Failed);
    assert_eq!(r.txn.poll_erro(&mut r.bufs.out).unwrap(), None);
    problem
}

/// An object with `n` members named `x0`, `x1`, … (values short strings).
fn members(n: usize) -> serde_json::Map<String, Value> {
    (0..n).map(|i| (format!("x{i}"), json!("v"))).collect()
}

#[test]
fn a_cres_jwe_whose_kid_is_not_the_acs_trans_id_is_302() {
    for gcm in [false, true] {
        let mut r = at_first_cres("2.2.0", gcm);
        let mut cres = r.acs.cres_screen("01");
        cres["acsCounterAtoS"] = json!("000");
        // Sealed under the right key, with the literal kid of the EMVCo
        // sample CRes vectors (whose decryption jose_emvco.rs covers).
        let id = core::mem::replace(&mut r.acs.acs_trans_id, "ACSTransactionID".into());
        let body = r.acs.seal_raw(cres.to_string().as_bytes(), 0);
        r.acs.acs_trans_id = id;
        expect_erro(&mut r, &body, 302, "CRes");
    }
}

#[test]
fn a_malformed_received_erro_is_never_answered() {
    for encrypted in [false, true] {
        for broken in [
            json!({"errorComponent": "A"}),
            json!({"errorCode": "2x3", "errorComponent": "A"}),
            json!({"errorCode": "203", "errorComponent": "Q"}),
            json!({"errorCode": "203"}),
        ] {
            let mut r = at_first_cres("2.2.0", false);
            let mut erro = json!({
                "messageType": "Erro", "messageVersion": "2.2.0",
                "errorDescription": "Format invalid", "errorDetail": "x",
                "acsTransID": r.acs.acs_trans_id,
            });
            for (k, v) in broken.as_object().unwrap() {
                erro[k] = v.clone();
            }
            let body = if encrypted {
                r.acs.seal_raw(erro.to_string().as_bytes(), 0)
            } else {
                erro.to_string().into_bytes()
            };
            expect_silent_failure(&mut r, &body);
        }
    }
}

#[test]
fn an_encrypted_erro_over_its_cap_is_reported_not_answered() {
    let mut r = at_first_cres("2.2.0", false);
    r.bufs.plain.resize(MAX_CRES_JWE_BYTES, 0);
    let erro = json!({
        "messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "203",
        "errorComponent": "A", "errorDescription": "x", "errorDetail": "x",
        "pad": "p".repeat(MAX_ERRO_BYTES),
    });
    let body = r.acs.seal_raw(erro.to_string().as_bytes(), 0);
    assert_eq!(expect_silent_failure(&mut r, &body), Problem::TooLarge);
}

#[test]
fn bodies_over_their_cap_are_101_before_they_are_read() {
    // A JWE one byte over the cap (not even base64url) and plain JSON over
    // the Erro cap: 101, whatever the size of the caller's buffer.
    let jwe = vec![b'A'; MAX_CRES_JWE_BYTES + 1];
    let plain = format!(
        "{{\"messageType\":\"Erro\",\"x\":\"{}\"}}",
        "p".repeat(MAX_ERRO_BYTES)
    );
    for body in [&jwe[..], plain.as_bytes()] {
        let mut r = at_first_cres("2.3.1", false);
        assert!(r.bufs.plain.len() < body.len());
        expect_erro(&mut r, body, 101, "CRes");
    }
    // At the cap, the same bodies are read (and fail as what they are).
    let mut r = at_first_cres("2.3.1", false);
    r.bufs.plain.resize(MAX_CRES_JWE_BYTES, 0);
    expect_erro(&mut r, &jwe[..MAX_CRES_JWE_BYTES], 302, "CRes");
}

#[test]
fn a_cres_with_too_many_members_is_101_at_any_depth() {
    for nested in [false, true] {
        let mut r = at_first_cres("2.2.0", false);
        let mut cres = r.acs.cres_screen("01");
        let many = Value::Object(members(200));
        if nested {
            cres["messageExtension"] = json!([{
                "name": "n", "id": "i", "criticalityIndicator": false, "data": many,
            }]);
        } else {
            for (k, v) in many.as_object().unwrap() {
                cres[k] = v.clone();
            }
        }
        let body = r.acs.seal_cres(cres);
        r.bufs.plain.resize(body.len(), 0);
        expect_erro(&mut r, &body, 101, "member count");
    }
}

#[test]
fn challenge_select_info_is_capped_in_every_version() {
    for (version, cap) in [
        ("2.1.0", MAX_SELECT_OPTIONS_LEGACY),
        ("2.2.0", MAX_SELECT_OPTIONS_LEGACY),
        ("2.3.1", MAX_SELECT_OPTIONS),
    ] {
        for (n, ok) in [(cap, true), (cap + 1, false), (4000, false)] {
            let mut r = at_first_cres(version, false);
            let mut cres = r.acs.cres_screen("02");
            let options: Vec<Value> = (0..n).map(|i| json!({format!("{i}"): "o"})).collect();
            cres["challengeSelectInfo"] = Value::Array(options);
            let body = r.acs.seal_cres(cres);
            r.bufs.plain.resize(body.len(), 0);
            if ok {
                assert!(
                    matches!(r.cres(&body), CresOutcome::Screen { .. }),
                    "{version} {n}"
                );
            } else {
                expect_erro(&mut r, &body, 203, "challengeSelectInfo");
            }
        }
    }
}

/// A transaction waiting for its ARes, and the ACS that answers it.
fn awaiting_ares(version: &str) -> (Transaction, TestAcs, Vec<u8>) {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new(version, false, SignAlg::Es256);
    let mut out = vec![0; 16 * 1024];
    let mut txn = Transaction::new();
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params(version, &key, false, &sdk_ref);
    let req = txn.begin(&p, &mut rng(1), 0, &mut out).unwrap();
    let areq = out[..req.len].to_vec();
    let ares = acs.ares(&areq, "Y");
    (txn, acs, ares)
}

fn ares_error(txn: &mut Transaction, ares: &[u8]) -> threeds_core::message::MessageError {
    match txn.handle_ares(ares, &AcsTrust::accept_any(), 1_700_000_000) {
        Err(Error::Ares(AresError::Message(e))) => {
            assert_eq!(txn.state(), StateName::Failed);
            e
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_ares_with_thousands_of_unknown_members_is_101() {
    // 20,000 members were accepted after 37 s of pairwise duplicate search.
    for n in [200usize, 8_000, 20_000] {
        let (mut txn, _, ares) = awaiting_ares("2.2.0");
        let mut a: Value = serde_json::from_slice(&ares).unwrap();
        a.as_object_mut().unwrap().extend(members(n));
        let e = ares_error(&mut txn, a.to_string().as_bytes());
        assert_eq!((e.code.0, e.problem), (101, Problem::TooLarge), "{n}");
    }
    // Within the cap the same ARes is accepted.
    let (mut txn, _, ares) = awaiting_ares("2.2.0");
    let mut a: Value = serde_json::from_slice(&ares).unwrap();
    a.as_object_mut().unwrap().extend(members(100));
    let text = a.to_string();
    let ok = txn.handle_ares(text.as_bytes(), &AcsTrust::accept_any(), 0);
    assert!(matches!(ok, Ok(AresOutcome::Frictionless(_))), "{ok:?}");
}

#[test]
fn an_ares_or_erro_over_its_cap_is_101() {
    let (mut txn, _, ares) = awaiting_ares("2.3.1");
    let mut a: Value = serde_json::from_slice(&ares).unwrap();
    a["broadInfo"] = json!({"message": "m".repeat(MAX_ARES_BYTES)});
    let e = ares_error(&mut txn, a.to_string().as_bytes());
    assert_eq!((e.code.0, e.problem), (101, Problem::TooLarge));
    assert!(!e.in_erro);

    let (mut txn, _, _) = awaiting_ares("2.3.1");
    let erro = json!({
        "messageType": "Erro", "messageVersion": "2.3.1", "errorCode": "203",
        "errorComponent": "D", "errorDescription": "x", "errorDetail": "x",
        "pad": "p".repeat(MAX_ERRO_BYTES),
    });
    let e = ares_error(&mut txn, erro.to_string().as_bytes());
    assert_eq!(
        (e.code.0, e.problem, e.in_erro),
        (101, Problem::TooLarge, true)
    );
}

/// A transaction whose AReq offered only the native interface and the text
/// and single-select UI types; with the C ARes for it.
fn native_text_select_offer(version: &str) -> (Transaction, TestAcs, Vec<u8>, FakeClock) {
    use threeds_core::message::{Interface, UiType};
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new(version, false, SignAlg::Es256);
    let clock = FakeClock::new();
    let mut out = vec![0; 16 * 1024];
    let mut txn = Transaction::new();
    let sdk_ref = acs.sdk_reference_number.clone();
    let mut p = params(version, &key, false, &sdk_ref);
    p.sdk_interface = Interface::Native;
    p.sdk_ui_types = &[UiType::Text, UiType::SingleSelect];
    let req = txn.begin(&p, &mut rng(1), clock.now(), &mut out).unwrap();
    let areq = out[..req.len].to_vec();
    let ares = acs.ares(&areq, "C");
    (txn, acs, ares, clock)
}

fn with_rendering(ares: &[u8], interface: &str, template: &str) -> Vec<u8> {
    let mut a: Value = serde_json::from_slice(ares).unwrap();
    a["acsRenderingType"]["acsInterface"] = json!(interface);
    a["acsRenderingType"]["acsUiTemplate"] = json!(template);
    a.to_string().into_bytes()
}

#[test]
fn an_ares_rendering_type_not_offered_is_203() {
    for (interface, template, field) in [
        ("02", "01", "acsRenderingType.acsInterface"),
        ("01", "04", "acsRenderingType.acsUiTemplate"),
    ] {
        for exported in [false, true] {
            let (mut txn, _, ares, _) = native_text_select_offer("2.2.0");
            if exported {
                // The offer travels with the exported state.
                let mut buf = vec![0; 8192];
                let n = txn.export(&mut buf).unwrap();
                txn = Transaction::import(&buf[..n]).unwrap();
            }
            let e = ares_error(&mut txn, &with_rendering(&ares, interface, template));
            assert_eq!((e.code.0, e.field), (203, field), "{exported}");
        }
    }
    // What was offered is accepted.
    let (mut txn, _, ares, clock) = native_text_select_offer("2.2.0");
    let roots = threeds_core::pki::TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let body = with_rendering(&ares, "01", "02");
    let ok = txn.handle_ares(&body, &AcsTrust::roots(&roots), clock.now_unix());
    assert!(matches!(ok, Ok(AresOutcome::Challenge(_))), "{ok:?}");
}

#[test]
fn a_cres_ui_type_not_offered_is_203() {
    for (ui, offered) in [("01", true), ("02", true), ("04", false), ("05", false)] {
        let (mut txn, acs, ares, clock) = native_text_select_offer("2.2.0");
        let roots = threeds_core::pki::TrustAnchors::from_der(&[pki().root_der]).unwrap();
        txn.handle_ares(&ares, &AcsTrust::roots(&roots), clock.now_unix())
            .unwrap();
        let mut r = Running {
            txn,
            acs,
            clock,
            rng: rng(1),
            bufs: Buffers::new(),
        };
        r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
        let body = r.acs.seal_cres(r.acs.cres_screen(ui));
        if offered {
            assert!(matches!(r.cres(&body), CresOutcome::Screen { .. }), "{ui}");
        } else {
            expect_erro(&mut r, &body, 203, "acsUiType");
        }
    }
}

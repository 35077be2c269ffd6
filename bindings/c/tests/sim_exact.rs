//! Whole transactions through the C API against the simulator (in memory):
//! everything read through the C getters is compared with what the
//! simulator recorded on the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use serde_json::Value;
use threeds::*;
use threeds_sim::{Sim, TransactionRecord};

/// The screen fields and the CRes members they come from.
const TEXT_FIELDS: [(u8, &str); 12] = [
    (THREEDS_FIELD_HEADER, "challengeInfoHeader"),
    (THREEDS_FIELD_INFO_LABEL, "challengeInfoLabel"),
    (THREEDS_FIELD_INFO_TEXT, "challengeInfoText"),
    (THREEDS_FIELD_WHY_LABEL, "whyInfoLabel"),
    (THREEDS_FIELD_WHY_TEXT, "whyInfoText"),
    (THREEDS_FIELD_EXPAND_LABEL, "expandInfoLabel"),
    (THREEDS_FIELD_EXPAND_TEXT, "expandInfoText"),
    (THREEDS_FIELD_SUBMIT_LABEL, "submitAuthenticationLabel"),
    (THREEDS_FIELD_RESEND_LABEL, "resendInformationLabel"),
    (THREEDS_FIELD_OOB_APP_URL, "oobAppURL"),
    (THREEDS_FIELD_OOB_APP_LABEL, "oobAppLabel"),
    (THREEDS_FIELD_ADD_LABEL, "challengeAddLabel"),
];

/// Every text the CRes carried is read back through the C API, equal.
fn assert_screen_equals(t: &Txn, cres: &Value) {
    let mut info = threeds_screen_info::default();
    // SAFETY: live handle.
    let rc = unsafe { threeds_screen_get_info(t.ptr, &mut info) };
    assert_eq!(rc, THREEDS_OK);
    let ui = cres["acsUiType"].as_str().unwrap();
    assert_eq!(format!("{:02}", info.ui_type), ui);
    for (field, member) in TEXT_FIELDS {
        assert_eq!(text(t, field).as_deref(), cres[member].as_str(), "{member}");
    }
    let cont = cres["oobContinueLabel"]
        .as_str()
        .or(cres["infoContinueLabel"].as_str());
    assert_eq!(text(t, THREEDS_FIELD_CONTINUE_LABEL).as_deref(), cont);
    if let Some(html) = cres["acsHTML"].as_str() {
        use base64ct::Encoding as _;
        let decoded = base64ct::Base64UrlUnpadded::decode_vec(html.trim_end_matches('=')).unwrap();
        assert_eq!(text(t, THREEDS_FIELD_HTML).unwrap().as_bytes(), decoded);
    } else {
        assert_eq!(text(t, THREEDS_FIELD_HTML), None);
    }
    let expected: Vec<(String, String)> = cres["challengeSelectInfo"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| {
                    let (k, v) = o.as_object().unwrap().iter().next().unwrap();
                    (k.clone(), v.as_str().unwrap().to_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(options(t), expected);
    if let Some(img) = cres.get("issuerImage") {
        let (f, m) = if img.get("default").is_some() {
            (THREEDS_FIELD_ISSUER_IMAGE_DEFAULT, "default")
        } else {
            (THREEDS_FIELD_ISSUER_IMAGE_MEDIUM, "medium")
        };
        assert_eq!(text(t, f).as_deref(), img[m].as_str());
    }
}

/// What the cardholder answers on each screen of the built-in scenarios.
fn answer_for(ui_type: u8, keep: &mut Vec<std::ffi::CString>) -> threeds_challenge_input {
    let mut i = input(THREEDS_ANSWER_TEXT);
    let mut cs = |s: &str| {
        keep.push(std::ffi::CString::new(s).unwrap());
        keep.last().unwrap().as_ptr()
    };
    match ui_type {
        1 => i.entry = cs("123456"),
        2 => {
            i.answer = THREEDS_ANSWER_SINGLE_SELECT;
            i.entry = cs("phon");
        }
        4 => {
            i.answer = THREEDS_ANSWER_OOB_CONTINUE;
            i.oob_continue = 1;
        }
        5 | 6 => {
            i.answer = THREEDS_ANSWER_HTML;
            i.entry = cs("otp=123456");
        }
        7 => i.answer = THREEDS_ANSWER_INFO_CONTINUE,
        _ => {}
    }
    i
}

struct Outcome {
    status: u8,
    record: TransactionRecord,
    creqs: usize,
}

fn run(sim: &Sim, pki: &threeds_sim::Pki, scenario: &str, version: &str, gcm: bool) -> Outcome {
    let t = Txn::new();
    let p = Params::new(version, &pki.ds_enc_rsa.cert_der, gcm);
    let areq = begin(&t, &p);
    assert_eq!(t.state(), THREEDS_STATE_AUTH_REQUESTED);
    let sdk_id = t.id(THREEDS_ID_SDK).unwrap();
    let answer = sim.handle_http(
        &format!("/3ds/auth?scenario={scenario}"),
        Some("application/json"),
        &areq,
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let (rc, ares) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
    assert_eq!(rc, THREEDS_OK, "{:?}", t.last_error());
    let record = || sim.records().by_sdk_trans_id(&sdk_id).unwrap().clone();
    assert_eq!(
        char::from(ares.trans_status).to_string(),
        record().ares["transStatus"].as_str().unwrap()
    );
    if ares.outcome != THREEDS_ARES_CHALLENGE {
        let mut s = 0;
        // SAFETY: live handle.
        unsafe { threeds_txn_trans_status(t.ptr, &mut s) };
        return Outcome {
            status: s,
            record: record(),
            creqs: 0,
        };
    }
    let rec = record();
    assert_eq!(t.id(THREEDS_ID_ACS).unwrap(), rec.acs_trans_id);
    assert_eq!(
        t.id(THREEDS_ID_SERVER).unwrap(),
        rec.three_ds_server_trans_id
    );
    assert_eq!(t.id(THREEDS_ID_DS).unwrap(), rec.ds_trans_id);
    let acs_url = t.acs_url().unwrap();
    let mut work = Vec::new();
    let mut keep = Vec::new();
    let mut next = input(THREEDS_ANSWER_INITIAL);
    let mut sent = 0;
    for _ in 0..8 {
        let creq = build_creq(&t, &next).unwrap();
        sent += 1;
        let answer = sim.handle_http(&acs_url, Some("application/jose; charset=UTF-8"), &creq);
        assert_eq!(answer.status, 200);
        let (rc, r) = handle_cres(&t, &answer.body, &mut work);
        assert_eq!(rc, THREEDS_OK, "{:?}", t.last_error());
        let rec = record();
        assert_eq!(rec.creqs.len(), sent);
        match r.outcome {
            THREEDS_CRES_SCREEN => {
                assert_screen_equals(&t, rec.cres.last().unwrap());
                next = answer_for(r.ui_type, &mut keep);
                if r.ui_type == 3 {
                    keep.push(c"grcy".to_owned());
                    keep.push(c"cafe".to_owned());
                    let n = keep.len();
                    let ptrs = Box::leak(Box::new([keep[n - 2].as_ptr(), keep[n - 1].as_ptr()]));
                    next.answer = THREEDS_ANSWER_MULTI_SELECT;
                    next.keys = ptrs.as_ptr();
                    next.key_count = 2;
                }
            }
            THREEDS_CRES_COMPLETED => {
                return Outcome {
                    status: r.trans_status,
                    record: rec,
                    creqs: sent,
                };
            }
            THREEDS_CRES_PROTOCOL_ERROR => {
                let mut out = vec![0u8; THREEDS_ERRO_MAX];
                let mut len = 0;
                // SAFETY: live handle; buffer valid.
                let rc =
                    unsafe { threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), out.len(), &mut len) };
                assert_eq!(rc, THREEDS_OK);
                out.truncate(len);
                let _ = sim.handle_http(&acs_url, Some("application/json; charset=utf-8"), &out);
                let rec = record();
                // Exactly what went over the wire is what the ACS received.
                let body: Value = serde_json::from_slice(&out).unwrap();
                assert_eq!(rec.erros_received.last().unwrap().body, body);
                assert_eq!(
                    rec.erros_received.last().unwrap().code,
                    r.erro_code.to_string()
                );
                return Outcome {
                    status: 0,
                    record: rec,
                    creqs: sent,
                };
            }
            other => panic!("outcome {other} ({})", r.erro_code),
        }
    }
    panic!("the challenge did not end")
}

#[test]
fn every_ui_type_and_both_encodings() {
    let pki = pki();
    let sim = sim(&pki);
    for (scenario, version, gcm) in [
        ("challenge-text", "2.3.1", true),
        ("challenge-text", "2.2.0", false),
        ("challenge-two-rounds", "2.1.0", false),
        ("challenge-single-select", "2.2.0", true),
        ("challenge-multi-select", "2.3.1", false),
        ("challenge-oob", "2.3.1", true),
        ("challenge-html", "2.2.0", false),
        ("challenge-info", "2.3.1", true),
        ("challenge-es256", "2.2.0", true),
    ] {
        let o = run(&sim, &pki, scenario, version, gcm);
        assert_eq!(o.status, b'Y', "{scenario} {version}");
        assert_eq!(o.record.outcome.as_deref(), Some("Y"), "{scenario}");
        assert_eq!(o.record.creqs.len(), o.creqs);
        assert!(
            o.record.violations.is_empty(),
            "{scenario}: {:?}",
            o.record.violations
        );
        // The entry typed in C is the one the ACS decrypted.
        if scenario == "challenge-text" {
            assert_eq!(o.record.creqs[1]["challengeDataEntry"], "123456");
        }
    }
}

#[test]
fn frictionless_statuses() {
    let pki = pki();
    let sim = sim(&pki);
    for (scenario, letter) in [
        ("frictionless-y", b'Y'),
        ("frictionless-n", b'N'),
        ("frictionless-a", b'A'),
    ] {
        let o = run(&sim, &pki, scenario, "2.2.0", false);
        assert_eq!(o.status, letter, "{scenario}");
        assert!(o.record.violations.is_empty());
    }
}

#[test]
fn a_protocol_error_sends_the_erro_the_acs_records() {
    let pki = pki();
    let sim = sim(&pki);
    let o = run(&sim, &pki, "fault-wrong-counter", "2.2.0", false);
    assert_eq!(o.status, 0);
    assert_eq!(o.record.erros_received.len(), 1);
    assert_eq!(o.record.erros_received[0].code, "302");
}

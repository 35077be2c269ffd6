//! The crypto provider through the C API: the names the build lists, the
//! choice read back, an unknown name refused with nothing changed, and a
//! whole EC transaction (ECDH-ES device information, ES256-signed ARes)
//! on each provider with every CReq equal to what the ACS received.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::c_char;

use common::*;
use threeds::*;

fn providers() -> Vec<String> {
    let probe = Txn::new();
    // SAFETY: buffers as described.
    let list = probe
        .string(|b, c, n| unsafe { threeds_crypto_providers(b, c, n) })
        .unwrap();
    list.split(',').map(str::to_owned).collect()
}

fn crypto(t: &Txn) -> String {
    // SAFETY: live handle; buffers as described.
    t.string(|b, c, n| unsafe { threeds_txn_crypto(t.ptr, b, c, n) })
        .unwrap()
}

fn set_crypto(t: &Txn, name: &str) -> i32 {
    let name = std::ffi::CString::new(name).unwrap();
    // SAFETY: live handle; NUL-terminated name.
    unsafe { threeds_txn_set_crypto(t.ptr, name.as_ptr()) }
}

#[test]
fn the_list_is_the_compiled_features_default_first() {
    let names = providers();
    // This crate's features put a provider in; a workspace build may turn
    // threeds-std's on through another crate, so more may be there, in
    // this order: aws-lc (the default when present), rustcrypto, ring.
    let order = ["aws-lc", "rustcrypto", "ring"];
    let expected: Vec<&str> = order
        .iter()
        .copied()
        .filter(|n| names.iter().any(|m| m == n))
        .collect();
    assert_eq!(names, expected, "known names, in order, once each");
    assert!(expected.contains(&"rustcrypto"));
    if cfg!(feature = "aws-lc-crypto") {
        assert_eq!(expected[0], "aws-lc");
    }
    if cfg!(feature = "ring-crypto") {
        assert!(expected.contains(&"ring"));
    }
    // A new object starts on the first.
    assert_eq!(crypto(&Txn::new()), expected[0]);
    // Too small a buffer: the size, nothing written.
    let mut buf = [0x55 as c_char; 4];
    let mut needed = 0;
    // SAFETY: buffer of the given size.
    let rc = unsafe { threeds_crypto_providers(buf.as_mut_ptr(), buf.len(), &mut needed) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert_eq!(needed, expected.join(",").len() + 1);
    assert!(buf.iter().all(|&b| b == 0x55));
}

#[test]
fn a_name_reads_back_and_an_unknown_one_changes_nothing() {
    let t = Txn::new();
    for name in providers() {
        assert_eq!(set_crypto(&t, &name), THREEDS_OK);
        assert_eq!(crypto(&t), name);
        // SAFETY: live handle.
        assert_eq!(unsafe { threeds_txn_reset(t.ptr) }, THREEDS_OK);
        assert_eq!(crypto(&t), name, "reset keeps the choice");
    }
    let before = crypto(&t);
    for bad in ["", "RustCrypto", "aws_lc", "openssl", "ring "] {
        assert_eq!(
            set_crypto(&t, bad),
            THREEDS_ERR_INVALID_PARAMETER,
            "{bad:?}"
        );
        let (status, _, message) = t.last_error();
        assert_eq!(status, THREEDS_ERR_INVALID_PARAMETER);
        assert!(message.contains(&format!("{bad:?}")), "{message}");
        for name in providers() {
            assert!(message.contains(&name), "{message}");
        }
        assert_eq!(crypto(&t), before);
    }
    for absent in ["aws-lc", "ring"] {
        if !providers().iter().any(|n| n == absent) {
            assert_eq!(set_crypto(&t, absent), THREEDS_ERR_INVALID_PARAMETER);
        }
    }
    // SAFETY: NULL name, live handle; then a NULL handle.
    unsafe {
        assert_eq!(
            threeds_txn_set_crypto(t.ptr, core::ptr::null()),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_set_crypto(core::ptr::null_mut(), c"rustcrypto".as_ptr()),
            THREEDS_ERR_NULL_POINTER
        );
    }
    assert_eq!(crypto(&t), before);
}

#[test]
fn an_ec_transaction_on_each_provider_equals_the_wire() {
    let pki = pki();
    let sim = sim(&pki);
    for name in providers() {
        let t = Txn::new();
        assert_eq!(set_crypto(&t, &name), THREEDS_OK);
        let p = Params::new("2.2.0", &pki.ds_enc_ec.cert_der, true);
        let areq = begin(&t, &p);
        let sdk_id = t.id(THREEDS_ID_SDK).unwrap();
        let answer = sim.handle_http(
            "/3ds/auth?scenario=challenge-es256",
            Some("application/json"),
            &areq,
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        let (rc, ares) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
        assert_eq!(rc, THREEDS_OK, "{name}: {:?}", t.last_error());
        assert_eq!(ares.outcome, THREEDS_ARES_CHALLENGE);

        // An export taken mid-transaction comes back on the same provider.
        let mut export = vec![0u8; THREEDS_EXPORT_MAX];
        let mut len = 0;
        // SAFETY: live handle; buffer valid.
        let rc = unsafe { threeds_txn_export(t.ptr, export.as_mut_ptr(), export.len(), &mut len) };
        assert_eq!(rc, THREEDS_OK, "{:?}", t.last_error());
        export.truncate(len);
        let t2 = Txn::new();
        assert_eq!(set_crypto(&t2, &name), THREEDS_OK);
        // SAFETY: live handle; span valid.
        let rc = unsafe { threeds_txn_import(t2.ptr, export.as_ptr(), export.len()) };
        assert_eq!(rc, THREEDS_OK, "{:?}", t2.last_error());
        assert_eq!(crypto(&t2), name);
        drop(t2);

        let acs_url = t.acs_url().unwrap();
        let mut work = Vec::new();
        let otp = c"123456";
        let mut next = input(THREEDS_ANSWER_INITIAL);
        let mut sent = Vec::new();
        let mut status = 0;
        for _ in 0..4 {
            let creq = build_creq(&t, &next).unwrap();
            let answer = sim.handle_http(&acs_url, Some("application/jose; charset=UTF-8"), &creq);
            sent.push(creq);
            assert_eq!(answer.status, 200);
            let (rc, r) = handle_cres(&t, &answer.body, &mut work);
            assert_eq!(rc, THREEDS_OK, "{name}: {:?}", t.last_error());
            if r.outcome == THREEDS_CRES_COMPLETED {
                status = r.trans_status;
                break;
            }
            assert_eq!(r.outcome, THREEDS_CRES_SCREEN);
            next = input(THREEDS_ANSWER_TEXT);
            next.entry = otp.as_ptr();
        }
        assert_eq!(status, b'Y', "{name}");
        let rec = sim.records().by_sdk_trans_id(&sdk_id).unwrap().clone();
        assert!(rec.violations.is_empty(), "{name}: {:?}", rec.violations);
        assert!(
            rec.device_info_alg.0.starts_with("ECDH-ES"),
            "{:?}",
            rec.device_info_alg
        );
        assert_eq!(rec.outcome.as_deref(), Some("Y"));
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&areq).unwrap(),
            rec.auth_request
        );
        // Byte for byte: every CReq built on this provider is what the ACS took.
        assert_eq!(rec.creq_bodies, sent, "{name}");
        assert_eq!(rec.creqs[1]["challengeDataEntry"], "123456");
        assert_eq!(crypto(&t), name);
    }
}

#[cfg(feature = "hosted")]
#[test]
fn the_hosted_client_chooses_by_name() {
    let mut c = core::ptr::null_mut();
    // SAFETY: NULL CA (Mozilla roots), NULL events; `c` writable.
    let rc = unsafe { threeds_client_new_https(core::ptr::null(), core::ptr::null(), &mut c) };
    assert_eq!(rc, THREEDS_OK);
    let names = providers();
    assert_eq!(client_get(c, threeds_client_crypto), names[0]);
    for name in &names {
        let n = std::ffi::CString::new(name.as_str()).unwrap();
        // SAFETY: live client; NUL-terminated name.
        client_ok(unsafe { threeds_client_set_crypto(c, n.as_ptr()) }, c);
        assert_eq!(&client_get(c, threeds_client_crypto), name);
        // SAFETY: live client.
        client_ok(unsafe { threeds_client_reset(c) }, c);
        assert_eq!(
            &client_get(c, threeds_client_crypto),
            name,
            "reset keeps it"
        );
    }
    let before = client_get(c, threeds_client_crypto);
    // SAFETY: live client; NUL-terminated name.
    let rc = unsafe { threeds_client_set_crypto(c, c"openssl".as_ptr()) };
    assert_eq!(rc, THREEDS_ERR_CLIENT);
    let (code, message) = client_error(c);
    assert_eq!(code, 603);
    assert!(message.contains("\"openssl\""), "{message}");
    assert_eq!(client_get(c, threeds_client_crypto), before);
    // SAFETY: NULL name; then the client is freed once.
    unsafe {
        assert_eq!(
            threeds_client_set_crypto(c, core::ptr::null()),
            THREEDS_ERR_CLIENT
        );
        threeds_client_free(c);
    }
}

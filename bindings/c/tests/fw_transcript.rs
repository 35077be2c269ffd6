//! The recorded firmware transcript (`firmware/transcript/`) replayed
//! through the C API: the auth request and every CReq equal the recording
//! byte for byte, so a C firmware produces exactly what the Rust firmware
//! does from the same seed and clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::c_void;
use std::path::PathBuf;

use common::{Txn, TxnMem, input};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};
use threeds::*;

/// The fill callback over `ChaCha20Rng`: one `fill_bytes` per request,
/// exactly as the Rust firmware's generator is asked.
unsafe extern "C" fn chacha_fill(user: *mut c_void, buf: *mut u8, len: usize) -> i32 {
    // SAFETY: `user` is the test's generator; `buf` is `len` writable bytes.
    unsafe {
        let rng = &mut *user.cast::<ChaCha20Rng>();
        rng.fill_bytes(core::slice::from_raw_parts_mut(buf, len));
    }
    0
}

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../firmware/transcript")
        .join(name)
}

fn read(name: &str, file: &str) -> Vec<u8> {
    std::fs::read(dir(name).join(file)).unwrap()
}

/// (name, seed, gcm, answers): as in `firmware/src/transcript.rs`.
const RUNS: [(&str, u8, bool, &[&str]); 5] = [
    ("rsa-cbc", 1, false, &["", "s:phon", "t:123456"]),
    ("rsa-gcm", 2, true, &["", "s:phon", "t:123456"]),
    ("ec-cbc", 3, false, &["", "s:phon", "t:123456"]),
    ("ec-gcm", 4, true, &["", "s:phon", "t:123456"]),
    ("ec-frictionless", 5, false, &[]),
];

#[test]
fn the_c_api_reproduces_the_firmware_transcript() {
    let device_info: &[u8] = br#"{"DV":"1.0","DD":{"C001":"Embedded","C002":"Cortex-M4F","C003":"threeds-fw"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;
    for (name, seed, gcm, answers) in RUNS {
        let mut rng = ChaCha20Rng::from_seed([seed; 32]);
        let mut mem = Box::new(TxnMem([0; THREEDS_TXN_SIZE]));
        let mut ptr = core::ptr::null_mut();
        // SAFETY: aligned memory; `rng` outlives the object.
        let rc = unsafe {
            threeds_txn_init(
                mem.0.as_mut_ptr().cast(),
                THREEDS_TXN_SIZE,
                Some(chacha_fill),
                (&raw mut rng).cast(),
                &mut ptr,
            )
        };
        assert_eq!(rc, THREEDS_OK);
        // The firmware runs the core's default provider; the host library
        // starts on AWS-LC, whose RSA-OAEP draws its own seed, so the
        // transcript is reproduced on the firmware's provider.
        // (Without `hosted` the library has the default alone.)
        #[cfg(feature = "hosted")]
        {
            // SAFETY: live object, NUL-terminated name.
            let rc = unsafe { threeds_txn_set_crypto(ptr, c"rustcrypto".as_ptr()) };
            assert_eq!(rc, THREEDS_OK);
        }
        let t = Txn::from_raw(ptr);
        let ds_key = read(name, "ds_key.der");
        let params = threeds_auth_params {
            message_version: c"2.2.0".as_ptr(),
            ds_key_der: threeds_bytes {
                ptr: ds_key.as_ptr(),
                len: ds_key.len(),
            },
            ds_key_id: core::ptr::null(),
            ds_id: c"A000000802".as_ptr(),
            sdk_app_id: c"9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f".as_ptr(),
            sdk_reference_number: c"THREEDS-FW-0001".as_ptr(),
            sdk_max_timeout_minutes: 5,
            exchange_timeout_ms: 30_000,
            device_info: threeds_bytes {
                ptr: device_info.as_ptr(),
                len: device_info.len(),
            },
            use_aes_gcm: u8::from(gcm),
            sdk_interface: 1,
            sdk_ui_types: 0b1111,
            requestor_app_url: core::ptr::null(),
            oob_app_url_supported: 0,
        };
        let mut out = vec![0u8; 2048];
        let mut len = 0;
        // SAFETY: valid pointers; the firmware's 2 KiB message buffer.
        let rc = unsafe {
            threeds_txn_begin(t.ptr, &params, 1000, out.as_mut_ptr(), out.len(), &mut len)
        };
        assert_eq!(rc, THREEDS_OK, "{name}: {:?}", t.last_error());
        assert_eq!(
            out[..len],
            read(name, "auth_request.json")[..],
            "{name}: auth request"
        );
        let root = read(name, "root.der");
        let roots = [threeds_bytes {
            ptr: root.as_ptr(),
            len: root.len(),
        }];
        let trust = threeds_trust {
            roots: roots.as_ptr(),
            root_count: 1,
            accept_any_cert: 0,
        };
        let ares = read(name, "ares.json");
        let mut r = threeds_ares_result::default();
        // SAFETY: valid pointers.
        let rc = unsafe {
            threeds_txn_handle_ares(
                t.ptr,
                ares.as_ptr(),
                ares.len(),
                &trust,
                1_893_456_000,
                &mut r,
            )
        };
        assert_eq!(rc, THREEDS_OK, "{name}: {:?}", t.last_error());
        if answers.is_empty() {
            assert_eq!(
                (r.outcome, r.trans_status),
                (THREEDS_ARES_FRICTIONLESS, b'Y'),
                "{name}"
            );
            continue;
        }
        let mut work = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            let text = std::ffi::CString::new(a.get(2..).unwrap_or("")).unwrap();
            let mut inp = input(THREEDS_ANSWER_INITIAL);
            if let Some(kind) = a.chars().next() {
                inp.answer = if kind == 's' {
                    THREEDS_ANSWER_SINGLE_SELECT
                } else {
                    THREEDS_ANSWER_TEXT
                };
                inp.entry = text.as_ptr();
            }
            // SAFETY: valid pointers.
            let rc = unsafe {
                threeds_txn_build_creq(t.ptr, &inp, 1000, out.as_mut_ptr(), out.len(), &mut len)
            };
            assert_eq!(rc, THREEDS_OK, "{name}: {:?}", t.last_error());
            assert_eq!(
                out[..len],
                read(name, &format!("creq{i}.jwe"))[..],
                "{name}: CReq {i}"
            );
            let cres = read(name, &format!("cres{i}.jwe"));
            let (rc, res) = common::handle_cres(&t, &cres, &mut work);
            assert_eq!(rc, THREEDS_OK);
            let last = i + 1 == answers.len();
            if last {
                assert_eq!(
                    (res.outcome, res.trans_status),
                    (THREEDS_CRES_COMPLETED, b'Y'),
                    "{name}"
                );
            } else {
                assert_eq!(res.outcome, THREEDS_CRES_SCREEN, "{name}");
            }
        }
        drop(t);
        drop(mem);
    }
}

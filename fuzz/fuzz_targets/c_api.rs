//! Drives the C API (bindings/c) with random call sequences: every call
//! in any order, with fuzzed bytes, buffers of fuzzed sizes and NULLs. No
//! call may panic (`THREEDS_ERR_PANIC`), return a status outside the
//! documented set, or touch memory outside what it was given (the sanitizer
//! watches).
#![no_main]

use core::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use threeds::*;

#[repr(C, align(8))]
struct Mem([u8; THREEDS_TXN_SIZE]);

unsafe extern "C" fn fill(user: *mut core::ffi::c_void, buf: *mut u8, len: usize) -> i32 {
    // A deterministic stream, so a crash reproduces; `user` is the counter.
    // SAFETY: `user` points to the u64 below; `buf` is `len` writable bytes.
    unsafe {
        let n = &mut *user.cast::<u64>();
        for i in 0..len {
            *n = n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *buf.add(i) = (*n >> 33) as u8;
        }
    }
    0
}

fn check(rc: i32) {
    assert_ne!(rc, THREEDS_ERR_PANIC, "a panic reached the boundary");
    assert!(ALL_STATUSES.contains(&rc), "undocumented status {rc}");
}

/// Reads fuzz bytes as operations.
struct Ops<'a>(&'a [u8]);

impl<'a> Ops<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*b)
    }
    /// A u16-length-prefixed slice.
    fn slice(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte().unwrap_or(0)) << 8 | usize::from(self.byte().unwrap_or(0));
        let n = n.min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        s
    }
}

fuzz_target!(|data: &[u8]| {
    let pki = threeds_fuzz::pki();
    let mut mem = Box::new(Mem([0; THREEDS_TXN_SIZE]));
    let mut counter = 7u64;
    let user = (&raw mut counter).cast();
    let mut txn = null_mut();
    // SAFETY: aligned memory of the documented size; `counter` outlives the object.
    let rc = unsafe {
        threeds_txn_init(
            mem.0.as_mut_ptr().cast(),
            THREEDS_TXN_SIZE,
            Some(fill),
            user,
            &mut txn,
        )
    };
    assert_eq!(rc, THREEDS_OK);
    let mut ops = Ops(data);
    let mut out = vec![0u8; 20_000];
    let mut work = vec![0u8; 80_000];
    let spki = pki.root.clone();
    let roots = [threeds_bytes {
        ptr: pki.root.as_ptr(),
        len: pki.root.len(),
    }];
    for _ in 0..32 {
        let Some(op) = ops.byte() else { break };
        let cap = usize::from(ops.byte().unwrap_or(0)) * 80;
        let mut len = 0usize;
        // SAFETY: every pointer below is valid for what the header documents;
        // capacities never exceed the buffers.
        let rc = unsafe {
            match op % 12 {
                0 => {
                    let version = [c"2.1.0", c"2.2.0", c"2.3.1"][usize::from(cap as u8 % 3)];
                    let device_info = ops.slice();
                    let p = threeds_auth_params {
                        message_version: version.as_ptr(),
                        ds_key_der: threeds_bytes {
                            ptr: spki.as_ptr(),
                            len: spki.len(),
                        },
                        ds_key_id: null(),
                        ds_id: c"A000000802".as_ptr(),
                        sdk_app_id: c"9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f".as_ptr(),
                        sdk_reference_number: c"FUZZ".as_ptr(),
                        sdk_max_timeout_minutes: 0,
                        exchange_timeout_ms: 0,
                        device_info: threeds_bytes {
                            ptr: device_info.as_ptr(),
                            len: device_info.len(),
                        },
                        use_aes_gcm: op & 0x10,
                        sdk_interface: 1 + (op >> 5) % 3,
                        sdk_ui_types: 0,
                        requestor_app_url: null(),
                        oob_app_url_supported: 0,
                    };
                    threeds_txn_begin(txn, &p, 0, out.as_mut_ptr(), cap.min(out.len()), &mut len)
                }
                1 => {
                    let ares = ops.slice();
                    let trust = threeds_trust {
                        roots: roots.as_ptr(),
                        root_count: 1,
                        accept_any_cert: op & 0x10,
                    };
                    let mut r = threeds_ares_result::default();
                    threeds_txn_handle_ares(
                        txn,
                        ares.as_ptr(),
                        ares.len(),
                        &trust,
                        threeds_fuzz::NOW,
                        &mut r,
                    )
                }
                2 => {
                    let entry = c"123456";
                    let keys = [entry.as_ptr()];
                    // Extensions and extra members chosen by the op byte:
                    // valid, conflicting (a member the CReq has) or
                    // malformed JSON, so each refusal path is reached.
                    let ext = [threeds_extension {
                        id: c"A000000802-ext".as_ptr(),
                        name: c"loyalty".as_ptr(),
                        critical: op & 8,
                        data: if op & 16 == 0 { c"{\"tier\":1}" } else { c"{" }.as_ptr(),
                    }];
                    let fields = [threeds_request_field {
                        name: if op & 32 == 0 {
                            c"acmeRef"
                        } else {
                            c"messageType"
                        }
                        .as_ptr(),
                        value: c"[1,2]".as_ptr(),
                        value_type: op >> 6,
                    }];
                    let i = threeds_challenge_input {
                        answer: op >> 4,
                        entry: entry.as_ptr(),
                        entry_two: null(),
                        keys: keys.as_ptr(),
                        key_count: usize::from(op & 1),
                        cancel_reason: op >> 4,
                        oob_continue: op >> 6,
                        trust_list: (op as i8) >> 6,
                        device_binding: -1,
                        oob_app_status: 0,
                        extensions: ext.as_ptr(),
                        extension_count: usize::from(op & 2 != 0),
                        raw_extensions: if op & 4 != 0 { c"[]".as_ptr() } else { null() },
                        request_fields: fields.as_ptr(),
                        request_field_count: usize::from(op & 1),
                    };
                    threeds_txn_build_creq(
                        txn,
                        &i,
                        u64::from(op) * 1000,
                        out.as_mut_ptr(),
                        cap.min(out.len()),
                        &mut len,
                    )
                }
                3 => {
                    let body = ops.slice();
                    let mut r = threeds_cres_result::default();
                    let wcap = (cap * 4).min(work.len());
                    threeds_txn_handle_cres(
                        txn,
                        body.as_ptr(),
                        body.len(),
                        work.as_mut_ptr(),
                        wcap,
                        &mut len,
                        0,
                        &mut r,
                    )
                }
                4 => threeds_txn_poll_erro(txn, out.as_mut_ptr(), cap.min(out.len()), &mut len),
                5 => threeds_txn_abort(txn),
                6 => threeds_txn_reset(txn),
                7 => {
                    let (mut p, mut n) = (null(), 0);
                    let mut info = threeds_screen_info::default();
                    check(threeds_screen_get_info(txn, &mut info));
                    check(threeds_screen_option(
                        txn,
                        u16::from(op >> 4),
                        &mut p,
                        &mut n,
                        null_mut(),
                        null_mut(),
                    ));
                    threeds_screen_text(txn, op >> 3, &mut p, &mut n)
                }
                8 => {
                    let mut s = 0u8;
                    check(threeds_txn_state(txn, &mut s));
                    check(threeds_txn_trans_status(txn, &mut s));
                    check(threeds_txn_acs_url(
                        txn,
                        out.as_mut_ptr().cast(),
                        cap.min(out.len()),
                        &mut len,
                    ));
                    threeds_txn_trans_id(
                        txn,
                        op >> 4,
                        out.as_mut_ptr().cast(),
                        cap.min(out.len()),
                        &mut len,
                    )
                }
                9 => {
                    let mut fired = 0;
                    check(threeds_txn_set_decoupled_fallback(txn, op & 0x10));
                    check(threeds_txn_report_exchange_timeout(txn));
                    threeds_txn_handle_timeout(txn, u64::from(op) << 20, &mut fired)
                }
                10 => {
                    // A live challenge from an export, or fuzzed export bytes.
                    let blob = if op & 0x10 != 0 {
                        threeds_fuzz::challenge_export(op >> 5, op & 0x20 != 0)
                    } else {
                        ops.slice().to_vec()
                    };
                    threeds_txn_import(txn, blob.as_ptr(), blob.len())
                }
                _ => {
                    check(threeds_txn_export(
                        txn,
                        out.as_mut_ptr(),
                        cap.min(out.len()),
                        &mut len,
                    ));
                    check(threeds_txn_cardholder_info(
                        txn,
                        op >> 6,
                        out.as_mut_ptr().cast(),
                        cap.min(out.len()),
                        &mut len,
                    ));
                    let (mut st, mut code) = (0, 0);
                    threeds_txn_last_error(
                        txn,
                        &mut st,
                        &mut code,
                        out.as_mut_ptr().cast(),
                        cap.min(out.len()),
                        &mut len,
                    )
                }
            }
        };
        check(rc);
    }
    // SAFETY: the live handle from init.
    assert_eq!(unsafe { threeds_txn_fini(txn) }, THREEDS_OK);
});

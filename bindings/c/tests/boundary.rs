//! The C boundary: NULL pointers, short buffers, wrong call order, every
//! status code, calls after a failure, and the object's memory contract.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::CStr;
use core::ptr::{null, null_mut};

use common::*;
use threeds::*;

#[test]
fn the_object_fits_its_documented_memory() {
    // Headroom for the core to grow without an ABI break.
    const { assert!(threeds_txn::OBJECT_SIZE * 5 / 4 <= THREEDS_TXN_SIZE) };
    println!(
        "threeds_txn: {} of {THREEDS_TXN_SIZE} bytes",
        threeds_txn::OBJECT_SIZE
    );
}

#[test]
fn every_status_has_its_own_message() {
    let mut seen = std::collections::HashSet::new();
    for s in ALL_STATUSES {
        // SAFETY: static NUL-terminated strings.
        let m = unsafe { CStr::from_ptr(threeds_status_message(s)) }
            .to_str()
            .unwrap();
        assert_ne!(m, "unknown status", "{s}");
        assert!(seen.insert(m), "{s}: {m} repeated");
    }
    // SAFETY: as above.
    let unknown = unsafe { CStr::from_ptr(threeds_status_message(12345)) };
    assert_eq!(unknown.to_str().unwrap(), "unknown status");
}

#[test]
fn init_checks_its_memory() {
    let mut mem = TxnMem([0; THREEDS_TXN_SIZE]);
    let mut out = null_mut();
    let base = mem.0.as_mut_ptr();
    // SAFETY: every call gets valid or NULL pointers as documented.
    unsafe {
        assert_eq!(
            threeds_txn_init(
                null_mut(),
                THREEDS_TXN_SIZE,
                Some(os_random),
                null_mut(),
                &mut out
            ),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_init(base.cast(), THREEDS_TXN_SIZE, None, null_mut(), &mut out),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_init(
                base.cast(),
                THREEDS_TXN_SIZE,
                Some(os_random),
                null_mut(),
                null_mut()
            ),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_init(
                base.cast(),
                THREEDS_TXN_SIZE - 1,
                Some(os_random),
                null_mut(),
                &mut out
            ),
            THREEDS_ERR_BAD_MEMORY
        );
        assert_eq!(
            threeds_txn_init(
                base.add(1).cast(),
                THREEDS_TXN_SIZE - 8,
                Some(os_random),
                null_mut(),
                &mut out
            ),
            THREEDS_ERR_BAD_MEMORY
        );
        assert_eq!(
            threeds_txn_init(
                base.cast(),
                THREEDS_TXN_SIZE,
                Some(os_random),
                null_mut(),
                &mut out
            ),
            THREEDS_OK
        );
        // A live object is never overwritten (it would leak its heap parts).
        let mut again = null_mut();
        assert_eq!(
            threeds_txn_init(
                base.cast(),
                THREEDS_TXN_SIZE,
                Some(os_random),
                null_mut(),
                &mut again
            ),
            THREEDS_ERR_ALREADY_INITIALIZED
        );
        assert!(again.is_null());
        assert_eq!(threeds_txn_fini(out), THREEDS_OK);
        // fini wipes the object: the memory is zero and the handle is dead.
        assert!(mem.0.iter().all(|b| *b == 0));
        let mut state = 0;
        assert_eq!(
            threeds_txn_state(out, &mut state),
            THREEDS_ERR_NOT_INITIALIZED
        );
        assert_eq!(threeds_txn_fini(out), THREEDS_ERR_NOT_INITIALIZED);
        // Garbage is not an object.
        mem.0.fill(0x5A);
        assert_eq!(threeds_txn_reset(base.cast()), THREEDS_ERR_NOT_INITIALIZED);
        assert_eq!(
            threeds_txn_state(null(), &mut state),
            THREEDS_ERR_NULL_POINTER
        );
    }
}

#[test]
fn null_arguments_are_refused_and_change_nothing() {
    let t = Txn::new();
    let pki = pki();
    let p = Params::new("2.2.0", &pki.ds_enc_rsa.cert_der, false);
    let mut out = vec![0u8; 16 * 1024];
    let mut len = 0;
    // SAFETY: NULLs where the header allows the library to check them.
    unsafe {
        assert_eq!(
            threeds_txn_begin(t.ptr, null(), 0, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_ERR_NULL_POINTER
        );
        let mut c = p.c();
        c.sdk_app_id = null();
        assert_eq!(
            threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_ERR_NULL_POINTER
        );
        assert_names(&t.last_error().2, "sdk_app_id");
        let c = p.c();
        assert_eq!(
            threeds_txn_begin(t.ptr, &c, 0, null_mut(), 100, &mut len),
            THREEDS_ERR_NULL_POINTER
        );
        let mut c = p.c();
        c.ds_key_der.ptr = null();
        assert_eq!(
            threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_ERR_NULL_POINTER
        );
        let mut r = threeds_ares_result::default();
        assert_eq!(
            threeds_txn_handle_ares(t.ptr, null(), 0, null(), 0, null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_handle_ares(t.ptr, null(), 5, null(), 0, &mut r),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_build_creq(t.ptr, null(), 0, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), out.len(), null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        let mut info = threeds_screen_info::default();
        assert_eq!(
            threeds_screen_get_info(t.ptr, null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_screen_get_info(t.ptr, &mut info),
            THREEDS_ERR_WRONG_STATE
        );
        assert_eq!(
            threeds_txn_next_deadline(t.ptr, null_mut(), null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
    }
    assert_eq!(t.state(), THREEDS_STATE_IDLE);
}

#[test]
fn invalid_parameters_name_themselves() {
    let t = Txn::new();
    let pki = pki();
    type Case = (&'static str, fn(&mut threeds_auth_params), i32);
    let cases: [Case; 6] = [
        (
            "message_version",
            |c| c.message_version = c"2.9.9".as_ptr(),
            THREEDS_ERR_INVALID_PARAMETER,
        ),
        (
            "sdk_interface",
            |c| c.sdk_interface = 4,
            THREEDS_ERR_INVALID_PARAMETER,
        ),
        (
            "sdk_ui_types",
            |c| c.sdk_ui_types = 0x80,
            THREEDS_ERR_INVALID_PARAMETER,
        ),
        (
            "sdkMaxTimeout",
            |c| c.sdk_max_timeout_minutes = 4,
            THREEDS_ERR_INVALID_PARAMETER,
        ),
        (
            "ds_key_der",
            |c| c.ds_key_der.len = 10,
            THREEDS_ERR_INVALID_KEY,
        ),
        (
            "sdk_app_id",
            |c| c.sdk_app_id = c"\xff\xfe".as_ptr(),
            THREEDS_ERR_INVALID_PARAMETER,
        ),
    ];
    let p = Params::new("2.2.0", &pki.ds_enc_rsa.cert_der, false);
    let mut out = vec![0u8; 16 * 1024];
    for (name, edit, want) in cases {
        let mut c = p.c();
        edit(&mut c);
        let mut len = 0;
        // SAFETY: valid pointers.
        let rc = unsafe { threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len) };
        assert_eq!(rc, want, "{name}");
        let (status, _, msg) = t.last_error();
        assert_eq!(status, want);
        assert_names(&msg, name);
        assert_eq!(t.state(), THREEDS_STATE_IDLE, "{name}");
    }
    // An unterminated string is read no further than the cap.
    let long = vec![b'a'; 5000];
    let mut c = p.c();
    c.ds_id = long.as_ptr().cast();
    let mut len = 0;
    // SAFETY: `long` is 5000 readable bytes, more than the 4096 cap + 1.
    let rc = unsafe { threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_ERR_INVALID_PARAMETER);
}

#[test]
fn short_buffers_report_a_size_that_works() {
    let pki = pki();
    let sim = sim(&pki);
    let t = Txn::new();
    let p = Params::new("2.3.1", &pki.ds_enc_rsa.cert_der, true);
    let c = p.c();
    let mut needed = 0;
    // SAFETY: a NULL buffer with capacity 0 asks for the size.
    let rc = unsafe { threeds_txn_begin(t.ptr, &c, 0, null_mut(), 0, &mut needed) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert_eq!(t.state(), THREEDS_STATE_IDLE);
    let mut small = vec![0u8; 300];
    // SAFETY: valid buffer.
    let rc =
        unsafe { threeds_txn_begin(t.ptr, &c, 0, small.as_mut_ptr(), small.len(), &mut needed) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert!(needed > 300);
    // Exactly that size: one byte less fails again with the same size.
    let mut short = vec![0u8; needed - 1];
    let mut again = 0;
    // SAFETY: valid buffer.
    let rc =
        unsafe { threeds_txn_begin(t.ptr, &c, 0, short.as_mut_ptr(), short.len(), &mut again) };
    assert_eq!((rc, again), (THREEDS_ERR_BUFFER_TOO_SMALL, needed));
    let mut out = vec![0u8; needed];
    let mut len = 0;
    // SAFETY: valid buffer of the reported size.
    let rc = unsafe { threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_OK);
    let answer = sim.handle_http("/3ds/auth?scenario=challenge-text", None, &out[..len]);
    let (rc, _) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
    assert_eq!(rc, THREEDS_OK);
    // Strings: the size with the NUL, then the text.
    let url = t.acs_url().unwrap();
    let mut tiny = [0 as core::ffi::c_char; 8];
    // SAFETY: valid buffer.
    let rc = unsafe { threeds_txn_acs_url(t.ptr, tiny.as_mut_ptr(), tiny.len(), &mut needed) };
    assert_eq!((rc, needed), (THREEDS_ERR_BUFFER_TOO_SMALL, url.len() + 1));
    assert!(
        tiny.iter().all(|b| *b == 0),
        "a short buffer is left untouched"
    );
    // The CReq: a short buffer changes nothing, the reported size works.
    let i = input(THREEDS_ANSWER_INITIAL);
    // SAFETY: valid buffer.
    let rc = unsafe { threeds_txn_build_creq(t.ptr, &i, 0, small.as_mut_ptr(), 10, &mut needed) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert!(needed > 10 && needed <= THREEDS_CREQ_MAX, "{needed}");
    assert_eq!(t.state(), THREEDS_STATE_CHALLENGE_EXPECT_CREQ);
    let mut again = 0;
    let mut short = vec![0u8; needed - 1];
    // SAFETY: valid buffer.
    let rc = unsafe {
        threeds_txn_build_creq(t.ptr, &i, 0, short.as_mut_ptr(), short.len(), &mut again)
    };
    assert_eq!((rc, again), (THREEDS_ERR_BUFFER_TOO_SMALL, needed));
    let mut creq = vec![0u8; needed];
    let mut len = 0;
    // SAFETY: valid buffer of the reported size.
    let rc =
        unsafe { threeds_txn_build_creq(t.ptr, &i, 0, creq.as_mut_ptr(), creq.len(), &mut len) };
    assert_eq!((rc, len), (THREEDS_OK, needed));
    let acs = sim.handle_http(&url, None, &creq);
    // The work buffer: too small → the exact rule, nothing changes.
    let mut work = vec![0u8; acs.body.len() * 2];
    let mut r = threeds_cres_result::default();
    // SAFETY: valid buffers.
    let rc = unsafe {
        threeds_txn_handle_cres(
            t.ptr,
            acs.body.as_ptr(),
            acs.body.len(),
            work.as_mut_ptr(),
            work.len(),
            &mut needed,
            0,
            &mut r,
        )
    };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert_eq!(needed, 2 * acs.body.len() + THREEDS_CRES_WORK_EXTRA);
    assert_eq!(t.state(), THREEDS_STATE_CHALLENGE_EXPECT_CRES);
    let (rc, r) = handle_cres(&t, &acs.body, &mut work);
    assert_eq!((rc, r.outcome), (THREEDS_OK, THREEDS_CRES_SCREEN));
}

#[test]
fn wrong_order_is_refused_and_changes_nothing() {
    let t = Txn::new();
    let mut out = vec![0u8; THREEDS_CREQ_MAX];
    let mut len = 0;
    let i = input(THREEDS_ANSWER_INITIAL);
    // SAFETY: valid pointers throughout.
    unsafe {
        assert_eq!(
            threeds_txn_build_creq(t.ptr, &i, 0, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_ERR_WRONG_STATE
        );
        let mut r = threeds_ares_result::default();
        assert_eq!(
            threeds_txn_handle_ares(t.ptr, b"{}".as_ptr(), 2, null(), 0, &mut r),
            THREEDS_ERR_WRONG_STATE
        );
        let mut c = threeds_cres_result::default();
        assert_eq!(
            threeds_txn_handle_cres(
                t.ptr,
                b"x".as_ptr(),
                1,
                out.as_mut_ptr(),
                out.len(),
                null_mut(),
                0,
                &mut c
            ),
            THREEDS_ERR_WRONG_STATE
        );
        assert_eq!(
            threeds_txn_report_exchange_timeout(t.ptr),
            THREEDS_ERR_WRONG_STATE
        );
        let (status, _, msg) = t.last_error();
        assert_eq!(status, THREEDS_ERR_WRONG_STATE);
        assert_names(&msg, "report_exchange_timeout");
        assert_eq!(
            threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), out.len(), &mut len),
            THREEDS_OK
        );
        assert_eq!(len, 0, "no Erro pending");
    }
    assert_eq!(t.acs_url(), Err(THREEDS_ERR_WRONG_STATE));
    assert_eq!(t.id(THREEDS_ID_ACS), Err(THREEDS_ERR_WRONG_STATE));
    assert_eq!(t.id(9), Err(THREEDS_ERR_INVALID_PARAMETER));
    assert_eq!(t.state(), THREEDS_STATE_IDLE);
    // A successful call clears the last error.
    assert_eq!(t.last_error().0, THREEDS_OK);
}

#[test]
fn a_rejected_ares_fails_the_transaction_and_later_calls_are_refused() {
    let pki = pki();
    let sim = sim(&pki);
    for (scenario, want) in [
        ("fault-ares-bad-signature", THREEDS_ERR_ARES_SIGNATURE),
        ("fault-ares-untrusted-chain", THREEDS_ERR_ARES_CERTIFICATE),
        ("fault-ares-wrong-sdk-key", THREEDS_ERR_ARES_SDK_KEY),
        ("fault-ares-invalid-acs-key", THREEDS_ERR_ARES_ACS_KEY),
        ("fault-ares-wrong-sdk-trans-id", THREEDS_ERR_ARES_MESSAGE),
    ] {
        let t = Txn::new();
        let p = Params::new("2.2.0", &pki.ds_enc_rsa.cert_der, false);
        let areq = begin(&t, &p);
        let answer = sim.handle_http(&format!("/3ds/auth?scenario={scenario}"), None, &areq);
        let (rc, _) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
        assert_eq!(rc, want, "{scenario}: {:?}", t.last_error());
        assert_eq!(t.state(), THREEDS_STATE_FAILED);
        let (_, code, _) = t.last_error();
        if want == THREEDS_ERR_ARES_MESSAGE {
            assert_ne!(code, 0, "the protocol code travels with the status");
        }
        // After the failure: every step is refused, nothing to send.
        assert_eq!(
            build_creq(&t, &input(THREEDS_ANSWER_INITIAL)),
            Err(THREEDS_ERR_WRONG_STATE)
        );
        let mut out = [0u8; 64];
        let mut len = 1;
        // SAFETY: valid buffers.
        let rc = unsafe { threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), out.len(), &mut len) };
        assert_eq!(rc, THREEDS_OK);
        assert_eq!(len, 0);
        // reset makes the object usable again.
        // SAFETY: live handle.
        assert_eq!(unsafe { threeds_txn_reset(t.ptr) }, THREEDS_OK);
        assert_eq!(t.state(), THREEDS_STATE_IDLE);
    }
}

#[test]
fn the_rng_callback_failing_changes_nothing() {
    let pki = pki();
    let t = Txn::with_rng(failing_random);
    let p = Params::new("2.2.0", &pki.ds_enc_rsa.cert_der, false);
    let c = p.c();
    let mut out = vec![0u8; 16 * 1024];
    let mut len = 0;
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_begin(t.ptr, &c, 0, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_ERR_RNG);
    assert_eq!(t.state(), THREEDS_STATE_IDLE);
}

#[test]
fn timeouts_leave_an_erro_402_to_send() {
    let pki = pki();
    let sim = sim(&pki);
    let (t, _, _) = to_ares(&sim, &pki, "challenge-text", "2.2.0");
    let (mut at, mut timer) = (0u64, 0u8);
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_next_deadline(t.ptr, &mut at, &mut timer) };
    assert_eq!(rc, THREEDS_OK);
    assert_eq!(timer, THREEDS_TIMER_SDK_MAX);
    // Past SDKMaxTimeout, build_creq fails the transaction with 402 pending.
    let i = input(THREEDS_ANSWER_INITIAL);
    let mut out = vec![0u8; THREEDS_CREQ_MAX];
    let mut len = 0;
    // SAFETY: valid pointers.
    let rc =
        unsafe { threeds_txn_build_creq(t.ptr, &i, at + 1, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_ERR_TIMED_OUT);
    assert_eq!(t.last_error().1, 402);
    assert_eq!(t.state(), THREEDS_STATE_FAILED);
    let mut small = [0u8; 16];
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_poll_erro(t.ptr, small.as_mut_ptr(), small.len(), &mut len) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    let needed = len;
    assert!(needed > 16 && needed <= THREEDS_ERRO_MAX, "{needed}");
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), needed - 1, &mut len) };
    assert_eq!((rc, len), (THREEDS_ERR_BUFFER_TOO_SMALL, needed));
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), needed, &mut len) };
    assert_eq!((rc, len), (THREEDS_OK, needed));
    let erro: serde_json::Value = serde_json::from_slice(&out[..len]).unwrap();
    assert_eq!(erro["errorCode"], "402");
    assert_eq!(
        erro["acsTransID"].as_str().unwrap(),
        t.id(THREEDS_ID_ACS).unwrap()
    );
    // Sent once only.
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_poll_erro(t.ptr, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_OK);
    assert_eq!(len, 0);
}

#[test]
fn the_screen_is_readable_only_until_it_is_answered() {
    let pki = pki();
    let sim = sim(&pki);
    let (t, _, _) = to_ares(&sim, &pki, "challenge-single-select", "2.2.0");
    let url = t.acs_url().unwrap();
    let creq = build_creq(&t, &input(THREEDS_ANSWER_INITIAL)).unwrap();
    let acs = sim.handle_http(&url, None, &creq);
    let mut work = Vec::new();
    let (rc, r) = handle_cres(&t, &acs.body, &mut work);
    assert_eq!(
        (rc, r.outcome, r.ui_type),
        (THREEDS_OK, THREEDS_CRES_SCREEN, 2)
    );
    let opts = options(&t);
    assert!(opts.iter().any(|(k, _)| k == "phon"));
    let (mut p1, mut n1) = (null(), 0);
    // SAFETY: valid pointers.
    unsafe {
        let count = opts.len() as u16;
        assert_eq!(
            threeds_screen_option(t.ptr, count, null_mut(), null_mut(), null_mut(), null_mut()),
            THREEDS_ERR_INVALID_PARAMETER
        );
        assert_eq!(
            threeds_screen_text(t.ptr, THREEDS_FIELD_COUNT, &mut p1, &mut n1),
            THREEDS_ERR_INVALID_PARAMETER
        );
    }
    // Answering with the key read from the screen itself.
    let (mut key, mut key_len) = (null(), 0);
    let idx = opts.iter().position(|(k, _)| k == "phon").unwrap() as u16;
    // SAFETY: valid pointers.
    let rc = unsafe {
        threeds_screen_option(t.ptr, idx, &mut key, &mut key_len, null_mut(), null_mut())
    };
    assert_eq!(rc, THREEDS_OK);
    let mut i = input(THREEDS_ANSWER_SINGLE_SELECT);
    i.entry = key;
    let creq = build_creq(&t, &i).unwrap();
    // Answered: the screen is gone.
    let mut info = threeds_screen_info::default();
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_screen_get_info(t.ptr, &mut info) };
    assert_eq!(rc, THREEDS_ERR_WRONG_STATE);
    let acs = sim.handle_http(&url, None, &creq);
    let (rc, r) = handle_cres(&t, &acs.body, &mut work);
    assert_eq!(
        (rc, r.outcome, r.trans_status),
        (THREEDS_OK, THREEDS_CRES_COMPLETED, b'Y')
    );
}

#[test]
fn the_input_is_checked_against_the_screen() {
    let pki = pki();
    let sim = sim(&pki);
    let (t, _, _) = to_ares(&sim, &pki, "challenge-text", "2.2.0");
    let mut bad = input(42);
    assert_eq!(build_creq(&t, &bad), Err(THREEDS_ERR_INVALID_PARAMETER));
    bad = input(THREEDS_ANSWER_CANCEL);
    bad.cancel_reason = 0;
    assert_eq!(build_creq(&t, &bad), Err(THREEDS_ERR_INVALID_PARAMETER));
    bad = input(THREEDS_ANSWER_INITIAL);
    bad.trust_list = 7;
    assert_eq!(build_creq(&t, &bad), Err(THREEDS_ERR_INVALID_PARAMETER));
    bad = input(THREEDS_ANSWER_MULTI_SELECT);
    bad.key_count = THREEDS_MAX_SELECTED_KEYS + 1;
    assert_eq!(build_creq(&t, &bad), Err(THREEDS_ERR_INVALID_PARAMETER));
    let url = t.acs_url().unwrap();
    let creq = build_creq(&t, &input(THREEDS_ANSWER_INITIAL)).unwrap();
    let acs = sim.handle_http(&url, None, &creq);
    let mut work = Vec::new();
    assert_eq!(
        handle_cres(&t, &acs.body, &mut work).1.outcome,
        THREEDS_CRES_SCREEN
    );
    // A select answer to a text screen does not fit it.
    let mut wrong = input(THREEDS_ANSWER_SINGLE_SELECT);
    wrong.entry = c"phon".as_ptr();
    assert_eq!(build_creq(&t, &wrong), Err(THREEDS_ERR_INPUT_REJECTED));
    assert_eq!(t.state(), THREEDS_STATE_CHALLENGE_EXPECT_CREQ);
}

#[test]
fn heap_init_is_refused_with_the_system_allocator() {
    let mut region = vec![0u8; 4096];
    // SAFETY: a valid region (refused before use in this build).
    let rc = unsafe { threeds_heap_init(region.as_mut_ptr().cast(), region.len()) };
    assert_eq!(rc, THREEDS_ERR_HEAP);
    assert_eq!(threeds_heap_high_water(), 0);
}

#[test]
fn the_region_allocator_counts_its_high_water_mark() {
    use core::alloc::{GlobalAlloc, Layout};
    static REGION: std::sync::Mutex<[u64; 1024]> = std::sync::Mutex::new([0; 1024]);
    let heap = RegionHeap::new();
    let mut guard = REGION.lock().unwrap();
    let mem = guard.as_mut_ptr().cast::<u8>();
    // SAFETY: the region is ours for the test (the lock is held throughout).
    unsafe {
        assert_eq!(
            heap.init(mem, 100),
            THREEDS_ERR_HEAP,
            "below THREEDS_HEAP_MIN"
        );
        assert_eq!(heap.init(mem, 8192), THREEDS_OK);
        assert_eq!(heap.init(mem, 8192), THREEDS_ERR_HEAP, "once");
        let l = Layout::from_size_align(1000, 8).unwrap();
        let a = heap.alloc(l);
        let b = heap.alloc(l);
        assert!(!a.is_null() && !b.is_null());
        let peak = heap.high_water();
        assert!(peak >= 2000, "{peak}");
        heap.dealloc(a, l);
        heap.dealloc(b, l);
        assert_eq!(heap.used(), 0);
        assert_eq!(heap.high_water(), peak);
        // Exhaustion is a NULL, never a write outside the region.
        let big = Layout::from_size_align(9000, 8).unwrap();
        assert!(heap.alloc(big).is_null());
    }
}

#[test]
fn export_and_import_continue_a_transaction_elsewhere() {
    let pki = pki();
    let sim = sim(&pki);
    let a = Txn::new();
    let p = Params::new("2.2.0", &pki.ds_enc_rsa.cert_der, false);
    let areq = begin(&a, &p);
    let mut blob = vec![0u8; THREEDS_EXPORT_MAX];
    let mut len = 0;
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_export(a.ptr, blob.as_mut_ptr(), 4, &mut len) };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    let needed = len;
    assert!(needed > 4 && needed <= THREEDS_EXPORT_MAX, "{needed}");
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_export(a.ptr, blob.as_mut_ptr(), needed - 1, &mut len) };
    assert_eq!((rc, len), (THREEDS_ERR_BUFFER_TOO_SMALL, needed));
    // SAFETY: valid pointers.
    let rc = unsafe { threeds_txn_export(a.ptr, blob.as_mut_ptr(), needed, &mut len) };
    assert_eq!((rc, len), (THREEDS_OK, needed));
    let b = Txn::new();
    // SAFETY: valid pointers.
    unsafe {
        assert_eq!(
            threeds_txn_import(b.ptr, b"nope".as_ptr(), 4),
            THREEDS_ERR_INVALID_EXPORT
        );
        assert_eq!(threeds_txn_import(b.ptr, blob.as_ptr(), len), THREEDS_OK);
        assert_eq!(
            threeds_txn_import(b.ptr, blob.as_ptr(), len),
            THREEDS_ERR_WRONG_STATE
        );
    }
    assert_eq!(b.id(THREEDS_ID_SDK), a.id(THREEDS_ID_SDK));
    // The imported copy finishes the challenge the original began.
    let answer = sim.handle_http("/3ds/auth?scenario=challenge-text", None, &areq);
    assert_eq!(
        handle_ares(&b, &answer.body, &pki.ds_root.cert_der).0,
        THREEDS_OK
    );
    let url = b.acs_url().unwrap();
    let creq = build_creq(&b, &input(THREEDS_ANSWER_INITIAL)).unwrap();
    let acs = sim.handle_http(&url, None, &creq);
    let mut work = Vec::new();
    assert_eq!(
        handle_cres(&b, &acs.body, &mut work).1.outcome,
        THREEDS_CRES_SCREEN
    );
    let mut i = input(THREEDS_ANSWER_TEXT);
    i.entry = c"123456".as_ptr();
    let creq = build_creq(&b, &i).unwrap();
    let acs = sim.handle_http(&url, None, &creq);
    assert_eq!(handle_cres(&b, &acs.body, &mut work).1.trans_status, b'Y');
}

/// The last error names what was wrong; a build without `error-text`
/// (firmware) carries the status's fixed text instead.
fn assert_names(msg: &str, name: &str) {
    if cfg!(feature = "error-text") {
        assert!(msg.contains(name), "{name}: {msg}");
    } else {
        assert!(!msg.is_empty() && !msg.contains(name), "{name}: {msg}");
    }
}

//! Test helpers: C-API calls from Rust exactly as a C caller makes them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::ffi::CStr;
use core::ffi::{c_char, c_void};
use std::sync::Arc;

use threeds::*;
use threeds_sim::{Pki, Sim, SimConfig};

/// Memory for one transaction object, aligned as the header asks.
#[repr(C, align(8))]
pub struct TxnMem(pub [u8; THREEDS_TXN_SIZE]);

/// The OS generator behind the C callback.
pub unsafe extern "C" fn os_random(_user: *mut c_void, buf: *mut u8, len: usize) -> i32 {
    // SAFETY: the library passes `len` writable bytes.
    let dst = unsafe { core::slice::from_raw_parts_mut(buf, len) };
    rand::fill(dst);
    0
}

/// A callback that always fails.
pub unsafe extern "C" fn failing_random(_user: *mut c_void, _buf: *mut u8, _len: usize) -> i32 {
    -1
}

/// A live transaction in its own heap memory (or the caller's, `from_raw`).
pub struct Txn {
    mem: Option<Box<TxnMem>>,
    pub ptr: *mut threeds_txn,
}

impl Txn {
    /// Wraps a handle whose memory the caller keeps alive longer.
    pub fn from_raw(ptr: *mut threeds_txn) -> Self {
        Self { mem: None, ptr }
    }

    pub fn new() -> Self {
        Self::with_rng(os_random)
    }

    pub fn with_rng(f: unsafe extern "C" fn(*mut c_void, *mut u8, usize) -> i32) -> Self {
        let mut mem = Box::new(TxnMem([0; THREEDS_TXN_SIZE]));
        let mut ptr = core::ptr::null_mut();
        // SAFETY: aligned, large enough, kept alive with the Txn.
        let rc = unsafe {
            threeds_txn_init(
                mem.0.as_mut_ptr().cast(),
                THREEDS_TXN_SIZE,
                Some(f),
                core::ptr::null_mut(),
                &mut ptr,
            )
        };
        assert_eq!(rc, THREEDS_OK);
        Self {
            mem: Some(mem),
            ptr,
        }
    }

    pub fn state(&self) -> u8 {
        let mut s = 0;
        // SAFETY: live handle.
        assert_eq!(unsafe { threeds_txn_state(self.ptr, &mut s) }, THREEDS_OK);
        s
    }

    /// (status, protocol code, message) of the last failure.
    pub fn last_error(&self) -> (i32, u16, String) {
        let (mut st, mut code, mut buf, mut needed) = (0, 0, [0 as c_char; 256], 0);
        // SAFETY: live handle, buffers of the given sizes.
        let rc = unsafe {
            threeds_txn_last_error(
                self.ptr,
                &mut st,
                &mut code,
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
            )
        };
        assert_eq!(rc, THREEDS_OK);
        // SAFETY: NUL-terminated by the library.
        let msg = unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(needed, msg.len() + 1);
        (st, code, msg)
    }

    pub fn string(&self, f: impl Fn(*mut c_char, usize, *mut usize) -> i32) -> Result<String, i32> {
        let mut needed = 0;
        let rc = f(core::ptr::null_mut(), 0, &mut needed);
        if rc != THREEDS_ERR_BUFFER_TOO_SMALL {
            return Err(rc);
        }
        let mut buf = vec![0 as c_char; needed];
        let rc = f(buf.as_mut_ptr(), buf.len(), &mut needed);
        if rc != THREEDS_OK {
            return Err(rc);
        }
        // SAFETY: NUL-terminated by the library.
        Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_owned())
    }

    pub fn acs_url(&self) -> Result<String, i32> {
        // SAFETY: live handle; buffers as described.
        self.string(|b, c, n| unsafe { threeds_txn_acs_url(self.ptr, b, c, n) })
    }

    pub fn id(&self, which: u8) -> Result<String, i32> {
        // SAFETY: live handle; buffers as described.
        self.string(|b, c, n| unsafe { threeds_txn_trans_id(self.ptr, which, b, c, n) })
    }
}

impl Drop for Txn {
    fn drop(&mut self) {
        // SAFETY: live (or already finished: then NOT_INITIALIZED, harmless).
        let _ = unsafe { threeds_txn_fini(self.ptr) };
        let _ = &self.mem;
    }
}

pub fn pki() -> Arc<Pki> {
    Arc::new(Pki::generate().unwrap())
}

pub fn sim(pki: &Arc<Pki>) -> Sim {
    Sim::new(
        Arc::clone(pki),
        SimConfig::with_builtin_scenarios().unwrap(),
    )
    .unwrap()
}

pub const DEVICE_INFO: &[u8] =
    br#"{"DV":"1.0","DD":{"C001":"Linux","C002":"Terminal"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;

/// Owned strings behind a `threeds_auth_params`.
pub struct Params {
    pub version: std::ffi::CString,
    pub ds_key: Vec<u8>,
    pub ds_id: std::ffi::CString,
    pub app_id: std::ffi::CString,
    pub reference: std::ffi::CString,
    pub gcm: bool,
}

impl Params {
    pub fn new(version: &str, ds_key: &[u8], gcm: bool) -> Self {
        Self {
            version: std::ffi::CString::new(version).unwrap(),
            ds_key: ds_key.to_vec(),
            ds_id: c"A000000802".to_owned(),
            app_id: c"9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f".to_owned(),
            reference: c"THREEDS-C-ABI-0001".to_owned(),
            gcm,
        }
    }

    pub fn c(&self) -> threeds_auth_params {
        threeds_auth_params {
            message_version: self.version.as_ptr(),
            ds_key_der: threeds_bytes {
                ptr: self.ds_key.as_ptr(),
                len: self.ds_key.len(),
            },
            ds_key_id: core::ptr::null(),
            ds_id: self.ds_id.as_ptr(),
            sdk_app_id: self.app_id.as_ptr(),
            sdk_reference_number: self.reference.as_ptr(),
            sdk_max_timeout_minutes: 0,
            exchange_timeout_ms: 0,
            device_info: threeds_bytes {
                ptr: DEVICE_INFO.as_ptr(),
                len: DEVICE_INFO.len(),
            },
            use_aes_gcm: u8::from(self.gcm),
            sdk_interface: 3,
            sdk_ui_types: 0,
            requestor_app_url: core::ptr::null(),
            oob_app_url_supported: 0,
        }
    }
}

/// `begin` into a fresh buffer; returns the auth request bytes.
pub fn begin(t: &Txn, p: &Params) -> Vec<u8> {
    let mut out = vec![0u8; 16 * 1024];
    let mut len = 0;
    let params = p.c();
    // SAFETY: live handle, params and buffers valid.
    let rc =
        unsafe { threeds_txn_begin(t.ptr, &params, 1_000, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!(rc, THREEDS_OK, "{:?}", t.last_error());
    out.truncate(len);
    out
}

/// `handle_ares` trusting `root`.
pub fn handle_ares(t: &Txn, ares: &[u8], root: &[u8]) -> (i32, threeds_ares_result) {
    let roots = [threeds_bytes {
        ptr: root.as_ptr(),
        len: root.len(),
    }];
    let trust = threeds_trust {
        roots: roots.as_ptr(),
        root_count: 1,
        accept_any_cert: 0,
    };
    let mut r = threeds_ares_result::default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // SAFETY: live handle, valid spans.
    let rc =
        unsafe { threeds_txn_handle_ares(t.ptr, ares.as_ptr(), ares.len(), &trust, now, &mut r) };
    (rc, r)
}

/// An input with `answer` and untouched toggles.
pub fn input(answer: u8) -> threeds_challenge_input {
    threeds_challenge_input {
        answer,
        entry: core::ptr::null(),
        entry_two: core::ptr::null(),
        keys: core::ptr::null(),
        key_count: 0,
        cancel_reason: 0,
        oob_continue: 0,
        trust_list: -1,
        device_binding: -1,
        oob_app_status: 0,
        extensions: core::ptr::null(),
        extension_count: 0,
        raw_extensions: core::ptr::null(),
        request_fields: core::ptr::null(),
        request_field_count: 0,
    }
}

pub fn build_creq(t: &Txn, i: &threeds_challenge_input) -> Result<Vec<u8>, i32> {
    let mut out = vec![0u8; THREEDS_CREQ_MAX];
    let mut len = 0;
    // SAFETY: live handle; buffers valid.
    let rc =
        unsafe { threeds_txn_build_creq(t.ptr, i, 2_000, out.as_mut_ptr(), out.len(), &mut len) };
    if rc != THREEDS_OK {
        return Err(rc);
    }
    out.truncate(len);
    Ok(out)
}

/// `handle_cres` with a right-sized work buffer (returned: the screen lives in it).
pub fn handle_cres(t: &Txn, body: &[u8], work: &mut Vec<u8>) -> (i32, threeds_cres_result) {
    work.clear();
    work.resize(2 * body.len() + THREEDS_CRES_WORK_EXTRA, 0xAA);
    let mut r = threeds_cres_result::default();
    let mut needed = 0;
    // SAFETY: live handle; buffers valid and disjoint.
    let rc = unsafe {
        threeds_txn_handle_cres(
            t.ptr,
            body.as_ptr(),
            body.len(),
            work.as_mut_ptr(),
            work.len(),
            &mut needed,
            3_000,
            &mut r,
        )
    };
    assert_eq!(needed, work.len());
    (rc, r)
}

/// A screen text as an owned string (`None` when absent).
pub fn text(t: &Txn, field: u8) -> Option<String> {
    let (mut p, mut n) = (core::ptr::null(), 0usize);
    // SAFETY: live handle; out pointers valid.
    let rc = unsafe { threeds_screen_text(t.ptr, field, &mut p, &mut n) };
    assert_eq!(rc, THREEDS_OK);
    if p.is_null() {
        return None;
    }
    // SAFETY: `n` bytes and a NUL at `p` (the library's contract).
    let bytes = unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n + 1) };
    assert_eq!(bytes[n], 0);
    Some(String::from_utf8(bytes[..n].to_vec()).unwrap())
}

pub fn options(t: &Txn) -> Vec<(String, String)> {
    let mut info = threeds_screen_info::default();
    // SAFETY: live handle.
    let rc = unsafe { threeds_screen_get_info(t.ptr, &mut info) };
    assert_eq!(rc, THREEDS_OK);
    (0..info.option_count)
        .map(|i| {
            let (mut k, mut kl, mut l, mut ll) = (core::ptr::null(), 0, core::ptr::null(), 0);
            // SAFETY: live handle; out pointers valid.
            let rc = unsafe { threeds_screen_option(t.ptr, i, &mut k, &mut kl, &mut l, &mut ll) };
            assert_eq!(rc, THREEDS_OK);
            // SAFETY: the library's contract (length plus NUL).
            let s = |p: *const c_char, n: usize| unsafe {
                String::from_utf8(core::slice::from_raw_parts(p.cast::<u8>(), n).to_vec()).unwrap()
            };
            (s(k, kl), s(l, ll))
        })
        .collect()
}

/// A transaction after the simulator's ARes of `scenario` (accepted), its
/// outcome (`THREEDS_ARES_*`) and its sdkTransID.
pub fn to_ares(sim: &Sim, pki: &Pki, scenario: &str, version: &str) -> (Txn, u8, String) {
    let t = Txn::new();
    let p = Params::new(version, &pki.ds_enc_rsa.cert_der, version == "2.3.1");
    let areq = begin(&t, &p);
    let sdk = t.id(THREEDS_ID_SDK).unwrap();
    let answer = sim.handle_http(
        &format!("/3ds/auth?scenario={scenario}"),
        Some("application/json"),
        &areq,
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let (rc, r) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
    assert_eq!(rc, THREEDS_OK, "{:?}", t.last_error());
    (t, r.outcome, sdk)
}

// ---- hosted API ----

#[cfg(feature = "hosted")]
/// The client's last error: the reference's code and message.
pub fn client_error(c: *mut threeds_client) -> (i32, String) {
    let (mut code, mut buf) = (0, [0 as c_char; 512]);
    // SAFETY: live client; buffer valid.
    unsafe {
        threeds_client_last_error(
            c,
            &mut code,
            buf.as_mut_ptr(),
            buf.len(),
            core::ptr::null_mut(),
        )
    };
    // SAFETY: NUL-terminated by the library.
    let msg = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_owned();
    (code, msg)
}

#[cfg(feature = "hosted")]
/// Panics with the client's last error unless `rc` is `THREEDS_OK`.
pub fn client_ok(rc: i32, c: *mut threeds_client) {
    if rc != THREEDS_OK {
        let (code, msg) = client_error(c);
        panic!("{rc}: {code} {msg}");
    }
}

#[cfg(feature = "hosted")]
/// A string property (or any getter of that shape).
pub fn client_get(
    c: *mut threeds_client,
    f: unsafe extern "C" fn(*mut threeds_client, *mut c_char, usize, *mut usize) -> i32,
) -> String {
    let mut buf = vec![0 as c_char; 32 * 1024];
    // SAFETY: live client; buffer valid.
    client_ok(
        unsafe { f(c, buf.as_mut_ptr(), buf.len(), core::ptr::null_mut()) },
        c,
    );
    // SAFETY: NUL-terminated by the library.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_owned()
}

#[cfg(feature = "hosted")]
/// What every hosted test configures: the version, the app id, the DS (id,
/// `ds_cert`), the ACS root of `pki`, the SDK reference number and a device
/// information of two parameters.
pub fn configure_client(c: *mut threeds_client, pki: &Pki, version: &str, ds_cert: &[u8]) {
    let v = std::ffi::CString::new(version).unwrap();
    let root = &pki.ds_root.cert_der;
    // SAFETY: live client; NUL-terminated strings; spans of their lengths.
    unsafe {
        client_ok(threeds_client_set_message_version(c, v.as_ptr()), c);
        client_ok(
            threeds_client_set_sdk_app_id(c, c"9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f".as_ptr()),
            c,
        );
        client_ok(
            threeds_client_set_directory_server_id(c, c"A000000802".as_ptr()),
            c,
        );
        client_ok(
            threeds_client_set_directory_server_cert(c, ds_cert.as_ptr(), ds_cert.len()),
            c,
        );
        client_ok(
            threeds_client_add_acs_root_cert(c, root.as_ptr(), root.len()),
            c,
        );
        let reference = c"SDKReferenceNumber=THREEDS-C-HOSTED";
        let null = core::ptr::null_mut();
        client_ok(
            threeds_client_config(c, reference.as_ptr(), null, 0, null.cast()),
            c,
        );
        client_ok(
            threeds_client_add_device_param(c, c"".as_ptr(), c"1.0".as_ptr(), 2, 0),
            c,
        );
        client_ok(
            threeds_client_add_device_param(c, c"C001".as_ptr(), c"Linux".as_ptr(), 2, 1),
            c,
        );
    }
}

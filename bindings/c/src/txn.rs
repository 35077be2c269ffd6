//! The firmware API: the sans-IO transaction in caller memory.
//!
//! `threeds_txn_init` → `begin` → `handle_ares` → (`build_creq` → the app
//! POSTs → `handle_cres`)* → `poll_erro`. Each call forwards to the core's
//! one `Transaction`; this file only converts C arguments and results.

use alloc::vec::Vec;
use core::ffi::{c_char, c_void};
#[cfg(feature = "error-text")]
use core::fmt::Write as _;

use threeds_core::keys::PublicKey;
use threeds_core::message::{
    CardholderInfo, ChallengeAnswer, ChallengeCancel, Interface, MessageVersion, OobAppStatus,
    OobContinue, OutgoingExtension, OutgoingExtensions, RequestField, TransStatus, UiType,
    all_ui_types,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Error, StateName, Timeouts,
    Timer, Transaction,
};

use crate::cstr::{self, MAX_C_STRING, StrError};
use crate::guard::guarded;
use crate::out::{put, write_str};
use crate::params::*;
use crate::rng::{CallbackRng, threeds_fill_random};
use crate::screen::ScreenIndex;
use crate::status::*;

/// Bytes of caller memory a `threeds_txn` needs (any target; the object
/// itself is smaller, see the tests).
pub const THREEDS_TXN_SIZE: usize = 2048;
/// Alignment the memory of a `threeds_txn` needs.
pub const THREEDS_TXN_ALIGN: usize = 8;
/// A CReq without message extensions or request fields always fits this
/// many bytes (`threeds_txn_build_creq`); with them, a short `out` gets
/// `THREEDS_ERR_BUFFER_TOO_SMALL` and the exact size in `*out_len`.
pub const THREEDS_CREQ_MAX: usize = 6144;
/// A CReq plaintext without message extensions or request fields always
/// fits this many bytes. Extensions may take the spec's 81,920 characters
/// (10 objects up to 2.2.0, 15 in 2.3.1, 8,059 characters of `data` each);
/// over those caps the CReq is refused with `THREEDS_ERR_BUILD`.
pub const THREEDS_CREQ_MAX_PLAINTEXT: usize = 3072;
const _: () = assert!(THREEDS_CREQ_MAX_PLAINTEXT == threeds_core::transaction::MAX_CREQ_PLAINTEXT);
/// An Erro always fits this many bytes (`threeds_txn_poll_erro`).
pub const THREEDS_ERRO_MAX: usize = 1024;
/// Extra bytes of the `work` buffer of `threeds_txn_handle_cres` beyond
/// twice the body: `work_len` ≥ 2 × `body_len` + this.
pub const THREEDS_CRES_WORK_EXTRA: usize = 1024;
/// Largest device information accepted by `threeds_txn_begin`.
pub const THREEDS_MAX_DEVICE_INFO: usize = 65536;
/// Most ACS roots accepted by `threeds_txn_handle_ares`.
pub const THREEDS_MAX_ROOTS: usize = 16;

/// `threeds_txn_state`: nothing has happened yet.
pub const THREEDS_STATE_IDLE: u8 = 1;
/// The auth request was produced; the ARes is awaited.
pub const THREEDS_STATE_AUTH_REQUESTED: u8 = 2;
/// The ARes ended the transaction without a challenge.
pub const THREEDS_STATE_FRICTIONLESS: u8 = 3;
/// The ARes asked for decoupled authentication.
pub const THREEDS_STATE_DECOUPLED: u8 = 4;
/// A challenge runs; the next step is a CReq (a screen may be readable).
pub const THREEDS_STATE_CHALLENGE_EXPECT_CREQ: u8 = 5;
/// A challenge runs; a CReq is in flight and its CRes is awaited.
pub const THREEDS_STATE_CHALLENGE_EXPECT_CRES: u8 = 6;
/// The challenge ended with a final CRes.
pub const THREEDS_STATE_COMPLETED: u8 = 7;
/// The transaction failed (an Erro may be pending).
pub const THREEDS_STATE_FAILED: u8 = 8;

/// `threeds_txn_trans_id`: `sdkTransID`.
pub const THREEDS_ID_SDK: u8 = 1;
/// `threeds_txn_trans_id`: `threeDSServerTransID`.
pub const THREEDS_ID_SERVER: u8 = 2;
/// `threeds_txn_trans_id`: `acsTransID`.
pub const THREEDS_ID_ACS: u8 = 3;
/// `threeds_txn_trans_id`: `dsTransID`.
pub const THREEDS_ID_DS: u8 = 4;

/// `threeds_txn_next_deadline` / `handle_timeout`: `SDKMaxTimeout`.
pub const THREEDS_TIMER_SDK_MAX: u8 = 1;
/// `threeds_txn_next_deadline` / `handle_timeout`: the CReq → CRes exchange.
pub const THREEDS_TIMER_EXCHANGE: u8 = 2;

const MAGIC_LIVE: u64 = 0x3174_786e_7364_3374; // "t3dsntx1"
const MAGIC_POISONED: u64 = 0x2174_786e_7364_3374;

/// The transaction object: opaque to C, placed in caller memory of
/// `THREEDS_TXN_SIZE` bytes aligned to `THREEDS_TXN_ALIGN`.
pub struct threeds_txn {
    magic: u64,
    rng: CallbackRng,
    txn: Transaction,
    error: LastError,
    pub(crate) screen: ScreenIndex,
    /// `cardholderInfo` of the ARes (the decoupled-authentication text),
    /// decoded, kept until the next `begin`/`reset`.
    cardholder: [alloc::string::String; 3],
}

const _: () = assert!(core::mem::size_of::<threeds_txn>() <= THREEDS_TXN_SIZE);
const _: () = assert!(core::mem::align_of::<threeds_txn>() <= THREEDS_TXN_ALIGN);

/// The last failure of an object: status, protocol code and message.
struct LastError {
    status: i32,
    protocol_code: u16,
    message: heapless::String<160>,
}

impl threeds_txn {
    /// The object's size in bytes (for the tests of `THREEDS_TXN_SIZE`).
    pub const OBJECT_SIZE: usize = core::mem::size_of::<Self>();

    fn fail(&mut self, status: i32, protocol_code: u16, message: impl core::fmt::Display) -> i32 {
        self.error.status = status;
        self.error.protocol_code = protocol_code;
        self.error.message.clear();
        // A message longer than the buffer is cut, never an error.
        #[cfg(feature = "error-text")]
        let _ = write!(self.error.message, "{message}");
        // Without formatting, none of the core's `Display` texts (nor
        // `core::fmt`'s number and padding code) is linked: the message is
        // the status's fixed text.
        #[cfg(not(feature = "error-text"))]
        {
            let _ = message;
            let _ = self.error.message.push_str(status_text(status));
        }
        status
    }

    fn core_error(&mut self, e: &Error) -> i32 {
        let (status, code) = status_of(e);
        self.fail(status, code, e)
    }

    fn ok(&mut self) -> i32 {
        self.error.status = THREEDS_OK;
        self.error.protocol_code = 0;
        self.error.message.clear();
        THREEDS_OK
    }

    pub(crate) fn state_name(&self) -> StateName {
        self.txn.state()
    }

    pub(crate) fn round(&self) -> u16 {
        self.txn.round()
    }
}

/// Runs `f` on the live object at `p`: checks the handle, catches a panic
/// and poisons the object it happened on.
///
/// # Safety
/// `p` is NULL or points to memory given to `threeds_txn_init` (readable
/// for `THREEDS_TXN_SIZE` bytes), not used by another thread during the call.
unsafe fn with_txn(p: *mut threeds_txn, f: impl FnOnce(&mut threeds_txn) -> i32) -> i32 {
    // SAFETY: forwarded contract.
    if let Err(status) = unsafe { check_handle(p, false) } {
        return status;
    }
    let rc = guarded(|| {
        // SAFETY: checked live above; the caller gives us exclusive use for the call.
        f(unsafe { &mut *p })
    });
    if rc == THREEDS_ERR_PANIC {
        // SAFETY: `p` is valid (checked); the closure's borrow ended with it.
        unsafe { core::ptr::addr_of_mut!((*p).magic).write(MAGIC_POISONED) };
    }
    rc
}

/// `Ok` when `p` holds a live object (or a poisoned one, if `poisoned_ok`).
///
/// # Safety
/// `p` is NULL or readable for `THREEDS_TXN_SIZE` bytes.
unsafe fn check_handle(p: *const threeds_txn, poisoned_ok: bool) -> Result<(), i32> {
    if p.is_null() {
        return Err(THREEDS_ERR_NULL_POINTER);
    }
    if !(p as usize).is_multiple_of(core::mem::align_of::<threeds_txn>()) {
        return Err(THREEDS_ERR_BAD_MEMORY);
    }
    // SAFETY: non-NULL, aligned, readable (contract); any bit pattern is a valid u64.
    let magic = unsafe { core::ptr::addr_of!((*p).magic).read() };
    match magic {
        MAGIC_LIVE => Ok(()),
        MAGIC_POISONED if poisoned_ok => Ok(()),
        _ => Err(THREEDS_ERR_NOT_INITIALIZED),
    }
}

/// Read-only access for the getters.
///
/// # Safety
/// As [`with_txn`].
pub(crate) unsafe fn with_txn_ref(
    p: *const threeds_txn,
    f: impl FnOnce(&threeds_txn) -> i32,
) -> i32 {
    // SAFETY: forwarded contract.
    if let Err(status) = unsafe { check_handle(p, false) } {
        return status;
    }
    // SAFETY: checked live; shared access only.
    guarded(|| f(unsafe { &*p }))
}

/// Places a new idle transaction in `mem` (`mem_len` ≥ `THREEDS_TXN_SIZE`,
/// aligned to `THREEDS_TXN_ALIGN`) and stores its handle in `*out`.
/// `fill_random` supplies every random byte (`rng_user` is passed back).
///
/// Errors: `THREEDS_ERR_NULL_POINTER`, `THREEDS_ERR_BAD_MEMORY`,
/// `THREEDS_ERR_ALREADY_INITIALIZED` (the memory holds a live object:
/// `threeds_txn_fini` it first).
///
/// # Safety
/// `mem` is writable for `mem_len` bytes and stays valid, unmoved and
/// otherwise unused until `threeds_txn_fini`; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_init(
    mem: *mut c_void,
    mem_len: usize,
    fill_random: threeds_fill_random,
    rng_user: *mut c_void,
    out: *mut *mut threeds_txn,
) -> i32 {
    guarded(|| {
        let (Some(fill), false, false) = (fill_random, mem.is_null(), out.is_null()) else {
            return THREEDS_ERR_NULL_POINTER;
        };
        if mem_len < THREEDS_TXN_SIZE || !(mem as usize).is_multiple_of(THREEDS_TXN_ALIGN) {
            return THREEDS_ERR_BAD_MEMORY;
        }
        let p = mem.cast::<threeds_txn>();
        // SAFETY: `mem` is readable for `THREEDS_TXN_SIZE` bytes and aligned.
        if unsafe { check_handle(p, true) }.is_ok() {
            return THREEDS_ERR_ALREADY_INITIALIZED;
        }
        let obj = threeds_txn {
            magic: MAGIC_LIVE,
            rng: CallbackRng {
                fill,
                user: rng_user,
            },
            #[cfg(feature = "hosted")]
            txn: Transaction::with_crypto(crate::crypto::default_provider()),
            #[cfg(not(feature = "hosted"))]
            txn: Transaction::new(),
            error: LastError {
                status: THREEDS_OK,
                protocol_code: 0,
                message: heapless::String::new(),
            },
            screen: ScreenIndex::empty(),
            cardholder: Default::default(),
        };
        // SAFETY: writable, aligned and large enough (checked); whatever was
        // there is not a live object, so nothing is leaked or double-dropped.
        unsafe {
            p.write(obj);
            out.write(p);
        }
        THREEDS_OK
    })
}

/// Ends the object: its secrets (ephemeral and session keys) are wiped,
/// then the whole object memory is zeroed. The memory may then be reused.
/// Also accepted on an object poisoned by a caught panic.
///
/// # Safety
/// `txn` is NULL or was returned by `threeds_txn_init` and not finished.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_fini(txn: *mut threeds_txn) -> i32 {
    // SAFETY: forwarded contract.
    if let Err(status) = unsafe { check_handle(txn, true) } {
        return status;
    }
    guarded(|| {
        // SAFETY: a live or poisoned object (checked): its fields are valid
        // values (a caught panic leaves memory-safe state), dropped once here.
        unsafe { core::ptr::drop_in_place(txn) };
        let bytes = txn.cast::<u8>();
        for i in 0..core::mem::size_of::<threeds_txn>() {
            // SAFETY: within the object's memory; volatile so the wipe is not
            // optimised away.
            unsafe { bytes.add(i).write_volatile(0) };
        }
        THREEDS_OK
    })
}

/// Drops the running transaction (keys wiped) and returns to idle.
///
/// # Safety
/// `txn` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_reset(txn: *mut threeds_txn) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            t.txn.reset();
            t.screen = ScreenIndex::empty();
            t.cardholder = Default::default();
            t.ok()
        })
    }
}

fn str_param<'a>(
    t: &mut threeds_txn,
    name: &'static str,
    p: *const c_char,
    required: bool,
) -> Result<Option<&'a str>, i32> {
    str_param_capped(t, name, p, required, MAX_C_STRING)
}

fn str_param_capped<'a>(
    t: &mut threeds_txn,
    name: &'static str,
    p: *const c_char,
    required: bool,
    cap: usize,
) -> Result<Option<&'a str>, i32> {
    // SAFETY: the header documents every string parameter as NULL or
    // NUL-terminated; the read stops at the NUL or the cap.
    match unsafe { cstr::opt_str(p, cap) } {
        Ok(None) if required => {
            Err(t.fail(THREEDS_ERR_NULL_POINTER, 0, format_args!("{name} is NULL")))
        }
        Ok(s) => Ok(s),
        Err(StrError::TooLong) => Err(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            format_args!("{name}: no NUL within {cap} bytes"),
        )),
        Err(StrError::NotUtf8) => Err(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            format_args!("{name} is not UTF-8"),
        )),
    }
}

fn bytes_param<'a>(
    t: &mut threeds_txn,
    name: &'static str,
    b: threeds_bytes,
) -> Result<&'a [u8], i32> {
    // SAFETY: the header documents a `threeds_bytes` as `len` readable bytes.
    unsafe { cstr::bytes(b.ptr, b.len) }.ok_or_else(|| {
        t.fail(
            THREEDS_ERR_NULL_POINTER,
            0,
            format_args!("{name}.ptr is NULL"),
        )
    })
}

fn ds_key(der: &[u8]) -> Option<PublicKey> {
    threeds_core::pki::leaf_public_key(der)
        .ok()
        .or_else(|| PublicKey::from_spki_der(der).ok())
}

/// Starts the transaction: encrypts the device information to the DS key
/// and writes the SDK's auth-request JSON (for the 3DS Server) into `out`
/// (`out_cap` bytes); `*out_len` receives its length, or the size needed
/// with `THREEDS_ERR_BUFFER_TOO_SMALL`. `now_ms` is a monotonic clock in
/// milliseconds (it starts `SDKMaxTimeout`). On error nothing changes.
///
/// # Safety
/// `txn` a live handle; `params` readable; its strings NULL or NUL-terminated,
/// its spans readable; `out` writable for `out_cap` bytes; `out_len` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_begin(
    txn: *mut threeds_txn,
    params: *const threeds_auth_params,
    now_ms: u64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            if params.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "params is NULL");
            }
            let p = params.read();
            match begin(t, &p, now_ms, out, out_cap) {
                Ok(len) => {
                    put(out_len, len);
                    t.ok()
                }
                Err((status, needed)) => {
                    if let Some(n) = needed {
                        put(out_len, n);
                    }
                    status
                }
            }
        })
    }
}

fn begin(
    t: &mut threeds_txn,
    p: &threeds_auth_params,
    now_ms: u64,
    out: *mut u8,
    out_cap: usize,
) -> Result<usize, (i32, Option<usize>)> {
    let e = |s| (s, None);
    let version_s = str_param(t, "message_version", p.message_version, true).map_err(e)?;
    let version = match version_s.and_then(MessageVersion::from_wire) {
        Some(v) => v,
        None => {
            return Err(e(t.fail(
                THREEDS_ERR_INVALID_PARAMETER,
                0,
                "message_version",
            )));
        }
    };
    let der = bytes_param(t, "ds_key_der", p.ds_key_der).map_err(e)?;
    let Some(key) = ds_key(der) else {
        return Err(e(t.fail(
            THREEDS_ERR_INVALID_KEY,
            0,
            "ds_key_der: not a certificate or SPKI of an RSA/P-256 key",
        )));
    };
    let ds_key_id = str_param(t, "ds_key_id", p.ds_key_id, false).map_err(e)?;
    let ds_id = str_param(t, "ds_id", p.ds_id, true)
        .map_err(e)?
        .unwrap_or_default();
    let sdk_app_id = str_param(t, "sdk_app_id", p.sdk_app_id, true)
        .map_err(e)?
        .unwrap_or_default();
    let sdk_ref = str_param(t, "sdk_reference_number", p.sdk_reference_number, true)
        .map_err(e)?
        .unwrap_or_default();
    let app_url = str_param(t, "requestor_app_url", p.requestor_app_url, false).map_err(e)?;
    let device_info = bytes_param(t, "device_info", p.device_info).map_err(e)?;
    if device_info.len() > THREEDS_MAX_DEVICE_INFO {
        return Err(e(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            "device_info longer than THREEDS_MAX_DEVICE_INFO",
        )));
    }
    let mut timeouts = Timeouts::default();
    if p.sdk_max_timeout_minutes != 0 {
        timeouts.sdk_max_timeout_minutes =
            u16::try_from(p.sdk_max_timeout_minutes).unwrap_or(u16::MAX);
    }
    if p.exchange_timeout_ms != 0 {
        timeouts.exchange_timeout_ms = u64::from(p.exchange_timeout_ms);
    }
    let interface = match p.sdk_interface {
        1..=3 => Interface::from_code(p.sdk_interface),
        _ => {
            return Err(e(t.fail(
                THREEDS_ERR_INVALID_PARAMETER,
                0,
                "sdk_interface (1, 2 or 3)",
            )));
        }
    };
    let mut ui: heapless::Vec<UiType, 7> = heapless::Vec::new();
    if p.sdk_ui_types == 0 {
        ui.extend(all_ui_types(version).iter().copied());
    } else {
        if p.sdk_ui_types & !0x7f != 0 {
            return Err(e(t.fail(
                THREEDS_ERR_INVALID_PARAMETER,
                0,
                "sdk_ui_types (bits 0-6)",
            )));
        }
        for code in 1..=7u8 {
            if p.sdk_ui_types & (1 << (code - 1)) != 0 {
                let _ = ui.push(UiType::from_code(code));
            }
        }
    }
    let params = AuthParams {
        version,
        ds_key: &key,
        ds_key_id,
        ds_id,
        sdk_app_id,
        sdk_reference_number: sdk_ref,
        timeouts,
        device_info,
        use_aes_gcm: p.use_aes_gcm != 0,
        sdk_interface: interface,
        sdk_ui_types: &ui,
        requestor_app_url: app_url,
        oob_app_url_supported: p.oob_app_url_supported != 0,
    };
    // SAFETY: `out` writable for `out_cap` bytes (header contract).
    let Some(buf) = (unsafe { cstr::bytes_mut(out, out_cap) }) else {
        return Err(e(t.fail(THREEDS_ERR_NULL_POINTER, 0, "out is NULL")));
    };
    let mut rng = t.rng;
    match t.txn.begin(&params, &mut rng, now_ms, buf) {
        Ok(req) => Ok(req.len),
        Err(Error::BufferTooSmall { needed }) => Err((
            t.fail(
                THREEDS_ERR_BUFFER_TOO_SMALL,
                0,
                format_args!("out: {needed} bytes suffice"),
            ),
            Some(needed),
        )),
        Err(err) => Err(e(t.core_error(&err))),
    }
}

fn status_letter(s: TransStatus) -> u8 {
    s.as_str().as_bytes().first().copied().unwrap_or(0)
}

/// Handles the ARes (or Erro) the 3DS Server returned. `trust` says how the
/// ACS certificate of a challenge is checked, at the wall-clock instant
/// `now_unix` (seconds). `*result` says what it meant. A rejected ARes is a
/// `THREEDS_ERR_ARES_*` status (the transaction failed; no Erro is sent).
///
/// # Safety
/// `txn` a live handle; `ares` readable for `ares_len` bytes; `trust` NULL
/// (no roots) or readable with readable spans; `result` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_handle_ares(
    txn: *mut threeds_txn,
    ares: *const u8,
    ares_len: usize,
    trust: *const threeds_trust,
    now_unix: u64,
    result: *mut threeds_ares_result,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            if result.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "result is NULL");
            }
            let Some(body) = cstr::bytes(ares, ares_len) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "ares is NULL");
            };
            let tr = if trust.is_null() {
                threeds_trust {
                    roots: core::ptr::null(),
                    root_count: 0,
                    accept_any_cert: 0,
                }
            } else {
                trust.read()
            };
            if t.txn.state() != StateName::AuthRequested {
                let e = t.txn.handle_ares(body, &AcsTrust::accept_any(), now_unix);
                return match e {
                    Err(err) => t.core_error(&err),
                    Ok(_) => t.fail(THREEDS_ERR_WRONG_STATE, 0, "handle_ares"),
                };
            }
            if tr.root_count > THREEDS_MAX_ROOTS {
                return t.fail(
                    THREEDS_ERR_INVALID_PARAMETER,
                    0,
                    "trust: more than THREEDS_MAX_ROOTS roots",
                );
            }
            if tr.root_count > 0 && tr.roots.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "trust.roots is NULL");
            }
            let mut ders: Vec<&[u8]> = Vec::with_capacity(tr.root_count);
            for i in 0..tr.root_count {
                // `roots` holds `root_count` records (contract).
                let rec = tr.roots.add(i).read_unaligned();
                match cstr::bytes(rec.ptr, rec.len) {
                    Some(d) if !d.is_empty() => ders.push(d),
                    _ => {
                        return t.fail(
                            THREEDS_ERR_INVALID_CERTIFICATE,
                            0,
                            format_args!("trust.roots[{i}] is empty or NULL"),
                        );
                    }
                }
            }
            let anchors = if ders.is_empty() {
                None
            } else {
                match TrustAnchors::from_der(&ders) {
                    Ok(a) => Some(a),
                    Err(err) => {
                        return t.fail(
                            THREEDS_ERR_INVALID_CERTIFICATE,
                            0,
                            format_args!("trust.roots: {err}"),
                        );
                    }
                }
            };
            let acs_trust = AcsTrust {
                roots: anchors.as_ref(),
                accept_any_cert: tr.accept_any_cert != 0,
            };
            let mut r = threeds_ares_result::default();
            match t.txn.handle_ares(body, &acs_trust, now_unix) {
                Ok(outcome) => {
                    let ares = match &outcome {
                        AresOutcome::Frictionless(a) => {
                            r.outcome = THREEDS_ARES_FRICTIONLESS;
                            Some(a)
                        }
                        AresOutcome::Decoupled(a) => {
                            r.outcome = THREEDS_ARES_DECOUPLED;
                            Some(a)
                        }
                        AresOutcome::Challenge(a) => {
                            r.outcome = THREEDS_ARES_CHALLENGE;
                            Some(a)
                        }
                        AresOutcome::Erro(erro) => {
                            r.outcome = THREEDS_ARES_ERRO;
                            r.erro_code = erro.code.0;
                            None
                        }
                    };
                    t.cardholder = Default::default();
                    if let Some(a) = ares {
                        r.trans_status = status_letter(a.trans_status);
                        r.trans_status_reason = a.trans_status_reason.map_or(0, |x| x.code());
                        if let Some(info) = &a.cardholder_info {
                            t.cardholder = cardholder_texts(info);
                        }
                    }
                    result.write(r);
                    t.ok()
                }
                Err(err) => t.core_error(&err),
            }
        })
    }
}

/// `cardholderInfo` decoded: text, issuer image URL, payment-system image URL.
fn cardholder_texts(info: &CardholderInfo<'_>) -> [alloc::string::String; 3] {
    info.parts()
        .map(|p| p.map(|p| p.chars().collect()).unwrap_or_default())
}

/// The selected keys of a multi-select answer (empty for other answers).
fn selected_keys<'a>(
    t: &mut threeds_txn,
    i: &threeds_challenge_input,
) -> Result<heapless::Vec<&'a str, THREEDS_MAX_SELECTED_KEYS>, i32> {
    let mut keys = heapless::Vec::new();
    if i.answer != THREEDS_ANSWER_MULTI_SELECT {
        return Ok(keys);
    }
    if i.key_count > THREEDS_MAX_SELECTED_KEYS {
        return Err(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            "input.key_count > THREEDS_MAX_SELECTED_KEYS",
        ));
    }
    if i.key_count > 0 && i.keys.is_null() {
        return Err(t.fail(THREEDS_ERR_NULL_POINTER, 0, "input.keys is NULL"));
    }
    for n in 0..i.key_count {
        // SAFETY: `keys` holds `key_count` pointers (header contract).
        let k = unsafe { i.keys.add(n).read() };
        let k = str_param(t, "input.keys[]", k, true)?.unwrap_or_default();
        let _ = keys.push(k);
    }
    Ok(keys)
}

fn answer_of<'a>(
    t: &mut threeds_txn,
    i: &threeds_challenge_input,
    keys: &'a [&'a str],
) -> Result<ChallengeAnswer<'a>, i32> {
    let entry = |t: &mut threeds_txn, required| str_param(t, "input.entry", i.entry, required);
    Ok(match i.answer {
        THREEDS_ANSWER_INITIAL => ChallengeAnswer::Initial,
        THREEDS_ANSWER_TEXT => ChallengeAnswer::Text {
            first: entry(t, false)?,
            second: str_param(t, "input.entry_two", i.entry_two, false)?,
        },
        THREEDS_ANSWER_SINGLE_SELECT => {
            ChallengeAnswer::SingleSelect(entry(t, true)?.unwrap_or_default())
        }
        THREEDS_ANSWER_MULTI_SELECT => ChallengeAnswer::MultiSelect(keys),
        THREEDS_ANSWER_HTML => ChallengeAnswer::Html(entry(t, true)?.unwrap_or_default()),
        THREEDS_ANSWER_NO_ENTRY => ChallengeAnswer::NoEntry,
        THREEDS_ANSWER_CANCEL => match i.cancel_reason {
            1..=10 => ChallengeAnswer::Cancel(ChallengeCancel::from_code(i.cancel_reason)),
            _ => {
                return Err(t.fail(
                    THREEDS_ERR_INVALID_PARAMETER,
                    0,
                    "input.cancel_reason (1-10)",
                ));
            }
        },
        THREEDS_ANSWER_RESEND => ChallengeAnswer::Resend,
        THREEDS_ANSWER_ADD_CODE => ChallengeAnswer::AddCode,
        THREEDS_ANSWER_OOB_CONTINUE => match i.oob_continue {
            1 | 2 => ChallengeAnswer::OobContinue(OobContinue::from_code(i.oob_continue)),
            _ => {
                return Err(t.fail(
                    THREEDS_ERR_INVALID_PARAMETER,
                    0,
                    "input.oob_continue (1 or 2)",
                ));
            }
        },
        THREEDS_ANSWER_INFO_CONTINUE => ChallengeAnswer::InfoContinue,
        _ => return Err(t.fail(THREEDS_ERR_INVALID_PARAMETER, 0, "input.answer")),
    })
}

fn toggle(t: &mut threeds_txn, name: &'static str, v: i8) -> Result<Option<bool>, i32> {
    match v {
        -1 => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        _ => Err(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            format_args!("{name} (-1, 0 or 1)"),
        )),
    }
}

/// The extensions and extra members of one CReq, read from the C input.
struct CreqExtras<'a> {
    list: Vec<OutgoingExtension<'a>>,
    raw: Option<&'a str>,
    fields: Vec<RequestField<'a>>,
}

impl<'a> CreqExtras<'a> {
    fn read(t: &mut threeds_txn, i: &threeds_challenge_input) -> Result<Self, i32> {
        let mut x = Self {
            list: Vec::new(),
            raw: None,
            fields: Vec::new(),
        };
        x.raw = str_param_capped(
            t,
            "input.raw_extensions",
            i.raw_extensions,
            false,
            THREEDS_MAX_RAW_EXTENSIONS,
        )?;
        if x.raw.is_some() && i.extension_count > 0 {
            return Err(t.fail(
                THREEDS_ERR_INVALID_PARAMETER,
                0,
                "input: raw_extensions and extensions together",
            ));
        }
        let ext = records(
            t,
            "input.extensions",
            i.extensions,
            i.extension_count,
            THREEDS_MAX_EXTENSIONS,
        )?;
        x.list.reserve_exact(ext.len());
        for e in ext {
            let id = str_param(t, "input.extensions[].id", e.id, true)?.unwrap_or_default();
            let name = str_param(t, "input.extensions[].name", e.name, true)?.unwrap_or_default();
            let data = str_param_capped(
                t,
                "input.extensions[].data",
                e.data,
                true,
                THREEDS_MAX_FIELD_VALUE,
            )?
            .unwrap_or_default();
            x.list.push(OutgoingExtension {
                id,
                name,
                critical: e.critical != 0,
                data,
            });
        }
        let fields = records(
            t,
            "input.request_fields",
            i.request_fields,
            i.request_field_count,
            THREEDS_MAX_REQUEST_FIELDS,
        )?;
        x.fields.reserve_exact(fields.len());
        for f in fields {
            let name =
                str_param(t, "input.request_fields[].name", f.name, true)?.unwrap_or_default();
            let value = str_param_capped(
                t,
                "input.request_fields[].value",
                f.value,
                true,
                THREEDS_MAX_FIELD_VALUE,
            )?
            .unwrap_or_default();
            let Some(field) = RequestField::from_reference(name, value, i32::from(f.value_type))
            else {
                return Err(t.fail(
                    THREEDS_ERR_INVALID_PARAMETER,
                    0,
                    "input.request_fields[].value_type (1 JSON, 2 string)",
                ));
            };
            x.fields.push(field);
        }
        Ok(x)
    }

    fn extensions(&self) -> OutgoingExtensions<'_> {
        match (self.raw, self.list.is_empty()) {
            (Some(raw), _) => OutgoingExtensions::Raw(raw),
            (None, true) => OutgoingExtensions::None,
            (None, false) => OutgoingExtensions::List(&self.list),
        }
    }
}

/// The `count` records at `p`, checked against `max` (NULL only when empty).
fn records<'a, T>(
    t: &mut threeds_txn,
    name: &'static str,
    p: *const T,
    count: usize,
    max: usize,
) -> Result<&'a [T], i32> {
    if count > max {
        return Err(t.fail(
            THREEDS_ERR_INVALID_PARAMETER,
            0,
            format_args!("{name}: more than {max} records"),
        ));
    }
    if count == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(t.fail(THREEDS_ERR_NULL_POINTER, 0, format_args!("{name} is NULL")));
    }
    if !(p as usize).is_multiple_of(core::mem::align_of::<T>()) {
        return Err(t.fail(
            THREEDS_ERR_BAD_MEMORY,
            0,
            format_args!("{name} is misaligned"),
        ));
    }
    // SAFETY: `p` holds `count` readable records (header contract), non-NULL
    // and aligned (checked); they are not changed during the call.
    Ok(unsafe { core::slice::from_raw_parts(p, count) })
}

/// Builds the next CReq for `input` into `out` (a compact JWE; POST it to
/// the ACS URL with `Content-Type: application/jose; charset=UTF-8`).
/// `*out_len` receives its length, or with `THREEDS_ERR_BUFFER_TOO_SMALL`
/// the exact size `out` needs. `now_ms` starts the exchange timer.
/// `THREEDS_ERR_TIMED_OUT`: `SDKMaxTimeout` passed, the transaction failed
/// and an Erro 402 is pending. Other errors change nothing.
///
/// # Safety
/// `txn` a live handle; `input` readable with valid strings; `out` writable
/// for `out_cap` bytes (the plaintext, with the cardholder's entry, is
/// encrypted in place there); `out_len` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_build_creq(
    txn: *mut threeds_txn,
    input: *const threeds_challenge_input,
    now_ms: u64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            if input.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "input is NULL");
            }
            let i = input.read();
            let keys = match selected_keys(t, &i) {
                Ok(k) => k,
                Err(s) => return s,
            };
            let answer = match answer_of(t, &i, &keys) {
                Ok(a) => a,
                Err(s) => return s,
            };
            let mut ci = ChallengeInput::new(answer);
            ci.trust_list = match toggle(t, "input.trust_list", i.trust_list) {
                Ok(v) => v,
                Err(s) => return s,
            };
            ci.device_binding = match toggle(t, "input.device_binding", i.device_binding) {
                Ok(v) => v,
                Err(s) => return s,
            };
            ci.oob_app_status =
                (i.oob_app_status != 0).then(|| OobAppStatus::from_code(i.oob_app_status));
            let extra = match CreqExtras::read(t, &i) {
                Ok(x) => x,
                Err(s) => return s,
            };
            ci.extensions = extra.extensions();
            ci.extra_fields = &extra.fields;
            let Some(buf) = cstr::bytes_mut(out, out_cap) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "out is NULL");
            };
            let mut rng = t.rng;
            match t.txn.build_creq(&ci, &mut rng, now_ms, buf) {
                Ok(creq) => {
                    t.screen = ScreenIndex::empty();
                    put(out_len, creq.len);
                    t.ok()
                }
                Err(Error::BufferTooSmall { needed }) => {
                    put(out_len, needed);
                    t.fail(
                        THREEDS_ERR_BUFFER_TOO_SMALL,
                        0,
                        format_args!("out: {needed} bytes needed"),
                    )
                }
                Err(err) => t.core_error(&err),
            }
        })
    }
}

/// Handles the body that answered the last CReq (a compact JWE CRes, or a
/// plain JSON Erro). `work` (`work_cap` ≥ 2 × `body_len` +
/// `THREEDS_CRES_WORK_EXTRA`) receives the decrypted CRes and the decoded
/// screen texts: keep it untouched while reading the screen
/// (`threeds_screen_*`), wipe it when done. `*work_needed` (or NULL) gets
/// the size needed. `*result` says what the CRes meant; protocol failures
/// are outcomes, not errors. Errors change nothing.
///
/// # Safety
/// `txn` a live handle; `body` readable for `body_len` bytes; `work`
/// writable for `work_cap` bytes, not overlapping `body`; `result` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_handle_cres(
    txn: *mut threeds_txn,
    body: *const u8,
    body_len: usize,
    work: *mut u8,
    work_cap: usize,
    work_needed: *mut usize,
    now_ms: u64,
    result: *mut threeds_cres_result,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            if result.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "result is NULL");
            }
            let Some(body) = cstr::bytes(body, body_len) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "body is NULL");
            };
            let needed = body_len
                .saturating_mul(2)
                .saturating_add(THREEDS_CRES_WORK_EXTRA);
            put(work_needed, needed);
            if t.txn.state() != StateName::ChallengeExpectCres {
                return t.fail(
                    THREEDS_ERR_WRONG_STATE,
                    0,
                    format_args!("handle_cres is not allowed in state {:?}", t.txn.state()),
                );
            }
            if work_cap < needed {
                return t.fail(
                    THREEDS_ERR_BUFFER_TOO_SMALL,
                    0,
                    format_args!("work: {needed} bytes needed"),
                );
            }
            let Some(work) = cstr::bytes_mut(work, work_cap) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "work is NULL");
            };
            let base = work.as_ptr();
            let (plain, rest) = work.split_at_mut(body_len);
            let mut r = threeds_cres_result::default();
            t.screen = ScreenIndex::empty();
            let outcome = match t.txn.handle_cres(body, plain, now_ms) {
                Ok(o) => o,
                Err(err) => return t.core_error(&err),
            };
            match outcome {
                CresOutcome::Screen { ui_type, screen } => {
                    r.outcome = THREEDS_CRES_SCREEN;
                    r.ui_type = ui_type.code();
                    let round = t.txn.round();
                    t.screen = ScreenIndex::build(ui_type, &screen, base, body_len, rest, round);
                }
                CresOutcome::Completed(s) => {
                    r.outcome = THREEDS_CRES_COMPLETED;
                    r.trans_status = status_letter(s);
                }
                CresOutcome::ErroReceived(e) => {
                    r.outcome = THREEDS_CRES_ERRO_RECEIVED;
                    r.erro_code = e.code.0;
                }
                CresOutcome::ProtocolError(e) => {
                    r.outcome = THREEDS_CRES_PROTOCOL_ERROR;
                    r.erro_code = e.code.0;
                }
                CresOutcome::Aborted(e) => {
                    r.outcome = THREEDS_CRES_ABORTED;
                    r.erro_code = e.code.0;
                }
            }
            result.write(r);
            t.ok()
        })
    }
}

/// Writes the pending Erro (after `THREEDS_CRES_PROTOCOL_ERROR` or
/// `THREEDS_ERR_TIMED_OUT`) into `out` and marks it sent: POST it to the ACS
/// URL with `Content-Type: application/json; charset=utf-8`. `*out_len` is 0
/// when nothing is pending, or its exact length with
/// `THREEDS_ERR_BUFFER_TOO_SMALL` (the Erro stays pending;
/// `THREEDS_ERRO_MAX` bytes always suffice).
///
/// # Safety
/// `txn` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_poll_erro(
    txn: *mut threeds_txn,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            if out_len.is_null() {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "out_len is NULL");
            }
            let Some(buf) = cstr::bytes_mut(out, out_cap) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "out is NULL");
            };
            match t.txn.poll_erro(buf) {
                Ok(n) => {
                    out_len.write(n.unwrap_or(0));
                    t.ok()
                }
                Err(Error::BufferTooSmall { needed }) => {
                    out_len.write(needed);
                    t.fail(
                        THREEDS_ERR_BUFFER_TOO_SMALL,
                        0,
                        format_args!("out: {needed} bytes needed"),
                    )
                }
                Err(err) => t.core_error(&err),
            }
        })
    }
}

/// The transaction gave up waiting for the CRes (the app's HTTP deadline
/// passed): it fails with an Erro 402 pending.
///
/// # Safety
/// `txn` a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_report_exchange_timeout(txn: *mut threeds_txn) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| match t.txn.report_exchange_timeout() {
            Ok(()) => t.ok(),
            Err(err) => t.core_error(&err),
        })
    }
}

/// Fires an expired timer at `now_ms`: the challenge fails with an Erro 402
/// pending. `*fired` (or NULL) receives the `THREEDS_TIMER_*` that fired, or 0.
///
/// # Safety
/// `txn` a live handle; `fired` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_handle_timeout(
    txn: *mut threeds_txn,
    now_ms: u64,
    fired: *mut u8,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            let timer = t.txn.handle_timeout(now_ms);
            put(fired, timer.map_or(0, timer_code));
            t.ok()
        })
    }
}

fn timer_code(t: Timer) -> u8 {
    match t {
        Timer::SdkMaxTimeout => THREEDS_TIMER_SDK_MAX,
        Timer::Exchange => THREEDS_TIMER_EXCHANGE,
    }
}

/// Gives up on the transaction without an Erro (e.g. the connection to the
/// ACS broke). Ids and the ACS URL stay readable.
///
/// # Safety
/// `txn` a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_abort(txn: *mut threeds_txn) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            t.txn.abort();
            t.screen = ScreenIndex::empty();
            t.ok()
        })
    }
}

/// The state (`THREEDS_STATE_*`) into `*state`.
///
/// # Safety
/// `txn` a live handle; `state` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_state(txn: *const threeds_txn, state: *mut u8) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if state.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            state.write(match t.txn.state() {
                StateName::Idle => THREEDS_STATE_IDLE,
                StateName::AuthRequested => THREEDS_STATE_AUTH_REQUESTED,
                StateName::Frictionless => THREEDS_STATE_FRICTIONLESS,
                StateName::Decoupled => THREEDS_STATE_DECOUPLED,
                StateName::ChallengeExpectCreq => THREEDS_STATE_CHALLENGE_EXPECT_CREQ,
                StateName::ChallengeExpectCres => THREEDS_STATE_CHALLENGE_EXPECT_CRES,
                StateName::Completed => THREEDS_STATE_COMPLETED,
                StateName::Failed => THREEDS_STATE_FAILED,
            });
            THREEDS_OK
        })
    }
}

/// The final `transStatus` letter into `*status` (frictionless ARes or final
/// CRes; `'D'` for decoupled), or 0 while there is none.
///
/// # Safety
/// `txn` a live handle; `status` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_trans_status(txn: *const threeds_txn, status: *mut u8) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if status.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            status.write(t.txn.trans_status().map_or(0, status_letter));
            THREEDS_OK
        })
    }
}

/// The ACS URL (where CReqs and Erros go), NUL-terminated, into `buf`;
/// `*needed` gets its size with the NUL. `THREEDS_ERR_WRONG_STATE` before a
/// challenge started.
///
/// # Safety
/// `txn` a live handle; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_acs_url(
    txn: *const threeds_txn,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| match t.txn.acs_url() {
            Some(url) => write_str(url, buf, cap, needed),
            None => THREEDS_ERR_WRONG_STATE,
        })
    }
}

/// `threeds_txn_cardholder_info`: `cardholderInfo` text (2.3.1: `cardholderInfo.text`).
pub const THREEDS_CARDHOLDER_TEXT: u8 = 1;
/// `threeds_txn_cardholder_info`: `cardholderInfo.issuerImage` (2.3.1).
pub const THREEDS_CARDHOLDER_ISSUER_IMAGE: u8 = 2;
/// `threeds_txn_cardholder_info`: `cardholderInfo.paymentSystemImage` (2.3.1).
pub const THREEDS_CARDHOLDER_PAYMENT_SYSTEM_IMAGE: u8 = 3;

/// A part of the ARes `cardholderInfo` (`THREEDS_CARDHOLDER_*`): the text
/// to show the cardholder, above all for decoupled authentication
/// (`THREEDS_ARES_DECOUPLED`: "approve the payment in your banking app"),
/// decoded to UTF-8 and NUL-terminated, into `buf`; `*needed` gets its size
/// with the NUL. Empty when the ARes carried none (or before the ARes).
///
/// # Safety
/// `txn` a live handle; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_cardholder_info(
    txn: *const threeds_txn,
    which: u8,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            match usize::from(which)
                .checked_sub(1)
                .and_then(|i| t.cardholder.get(i))
            {
                Some(text) => write_str(text, buf, cap, needed),
                None => THREEDS_ERR_INVALID_PARAMETER,
            }
        })
    }
}

/// A transaction id (`THREEDS_ID_*`), NUL-terminated, into `buf`; `*needed`
/// gets 37. `THREEDS_ERR_WRONG_STATE` while the transaction does not hold it.
///
/// # Safety
/// `txn` a live handle; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_trans_id(
    txn: *const threeds_txn,
    which: u8,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            let ids = t.txn.ids();
            let id = match which {
                THREEDS_ID_SDK => t.txn.sdk_trans_id(),
                THREEDS_ID_SERVER => ids.map(|i| &i.three_ds_server_trans_id),
                THREEDS_ID_ACS => ids.map(|i| &i.acs_trans_id),
                THREEDS_ID_DS => ids.and_then(|i| i.ds_trans_id.as_ref()),
                _ => return THREEDS_ERR_INVALID_PARAMETER,
            };
            match id {
                Some(id) => write_str(id.as_str(), buf, cap, needed),
                None => THREEDS_ERR_WRONG_STATE,
            }
        })
    }
}

/// The next deadline (monotonic ms) and its timer (`THREEDS_TIMER_*`) while
/// a challenge runs: call `threeds_txn_handle_timeout` when it passes.
///
/// # Safety
/// `txn` a live handle; `deadline_ms` writable; `timer` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_next_deadline(
    txn: *const threeds_txn,
    deadline_ms: *mut u64,
    timer: *mut u8,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if deadline_ms.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            match t.txn.poll_timeout() {
                Some((tm, at)) => {
                    deadline_ms.write(at);
                    put(timer, timer_code(tm));
                    THREEDS_OK
                }
                None => THREEDS_ERR_WRONG_STATE,
            }
        })
    }
}

/// The last failure on this object: `*status` (`THREEDS_OK` after a
/// successful call), `*protocol_code` (the protocol error code it carries,
/// e.g. 203 for an ARes field, or 0) and its message (NUL-terminated) into
/// `buf`; `*needed` gets the message size. Any out pointer may be NULL.
///
/// # Safety
/// `txn` a live handle; out pointers writable or NULL; `buf` writable for `cap` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_last_error(
    txn: *const threeds_txn,
    status: *mut i32,
    protocol_code: *mut u16,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            put(status, t.error.status);
            put(protocol_code, t.error.protocol_code);
            if buf.is_null() && cap == 0 {
                put(needed, t.error.message.len().saturating_add(1));
                return THREEDS_OK;
            }
            write_str(&t.error.message, buf, cap, needed)
        })
    }
}

/// Most bytes `threeds_txn_export` writes.
pub const THREEDS_EXPORT_MAX: usize = threeds_core::transaction::EXPORT_MAX_LEN;

/// Writes the transaction's state (SECRET: the ephemeral or session keys)
/// into `out`, so another process or a later boot can continue it with
/// `threeds_txn_import`. Use each export once (a counter or GCM nonce must
/// never be reused); wipe it after use. `*out_len`: its length, or its
/// exact length with `THREEDS_ERR_BUFFER_TOO_SMALL` (`out` wiped;
/// `THREEDS_EXPORT_MAX` bytes always suffice).
///
/// # Safety
/// `txn` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_export(
    txn: *const threeds_txn,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if out_len.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            let Some(buf) = cstr::bytes_mut(out, out_cap) else {
                return THREEDS_ERR_NULL_POINTER;
            };
            match t.txn.export(buf) {
                Ok(n) => {
                    out_len.write(n);
                    THREEDS_OK
                }
                Err(Error::BufferTooSmall { needed }) => {
                    buf.fill(0);
                    out_len.write(needed);
                    THREEDS_ERR_BUFFER_TOO_SMALL
                }
                Err(e) => status_of(&e).0,
            }
        })
    }
}

/// Replaces the (idle) transaction with an exported one.
/// `THREEDS_ERR_INVALID_EXPORT` for bytes that are not an export;
/// `THREEDS_ERR_WRONG_STATE` unless the object is idle. Nothing changes on error.
///
/// # Safety
/// `txn` a live handle; `bytes` readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_import(
    txn: *mut threeds_txn,
    bytes: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            let Some(b) = cstr::bytes(bytes, len) else {
                return t.fail(THREEDS_ERR_NULL_POINTER, 0, "bytes is NULL");
            };
            if t.txn.state() != StateName::Idle {
                return t.fail(
                    THREEDS_ERR_WRONG_STATE,
                    0,
                    format_args!("import is not allowed in state {:?}", t.txn.state()),
                );
            }
            match Transaction::import(b) {
                Ok(imported) => {
                    // The export holds no provider: the object's choice stays.
                    let crypto = t.txn.crypto();
                    t.txn = imported;
                    t.txn.set_crypto(crypto);
                    t.screen = ScreenIndex::empty();
                    t.ok()
                }
                Err(e) => t.core_error(&e),
            }
        })
    }
}

/// 2.3.1 decoupled fallback: the 3DS Requestor asked for it
/// (`threeDSRequestorDecReqInd` `F` or `B` in its AReq), so a final CRes may
/// end the challenge with `transStatus` `D` (`threeds_cres_result.trans_status`
/// `'D'`; show `threeds_txn_cardholder_info`). Off by default: without it
/// such a CRes is a protocol error. Set it after `begin` (before or during
/// the challenge); it travels with `threeds_txn_export`.
/// `THREEDS_ERR_WRONG_STATE` in another state; nothing changes on error.
///
/// # Safety
/// `txn` a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_set_decoupled_fallback(
    txn: *mut threeds_txn,
    requested: u8,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            match t.txn.set_decoupled_fallback(requested != 0) {
                Ok(()) => t.ok(),
                Err(e) => t.core_error(&e),
            }
        })
    }
}

/// Chooses the crypto provider (P-256 key generation, ECDH, ES256
/// verification) by name, one of `threeds_crypto_providers`: `"aws-lc"`
/// (the default), `"rustcrypto"` and `"ring"` in the host library. Not in a
/// firmware build, which has RustCrypto alone (and stays as small as before). It
/// applies from the next operation, in any state, and stays across
/// `threeds_txn_reset` and `threeds_txn_import`. Every provider produces the
/// same bytes. `THREEDS_ERR_INVALID_PARAMETER` for a name not compiled in;
/// nothing changes on error.
///
/// # Safety
/// `txn` a live handle; `name` NUL-terminated.
#[cfg(feature = "hosted")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_set_crypto(txn: *mut threeds_txn, name: *const c_char) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn(txn, |t| {
            let name = match str_param(t, "name", name, true) {
                Ok(Some(n)) => n,
                Ok(None) => return THREEDS_ERR_NULL_POINTER,
                Err(rc) => return rc,
            };
            match crate::crypto::provider(name) {
                Some(p) => {
                    t.txn.set_crypto(p);
                    t.ok()
                }
                None => t.fail(THREEDS_ERR_INVALID_PARAMETER, 0, UnknownProvider(name)),
            }
        })
    }
}

/// "unknown crypto provider "x": this build has a, b".
#[cfg(feature = "hosted")]
struct UnknownProvider<'a>(&'a str);

#[cfg(feature = "hosted")]
impl core::fmt::Display for UnknownProvider<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "unknown crypto provider {:?}: this build has ", self.0)?;
        crate::crypto::write_names(f, ", ")
    }
}

/// The name of the transaction's crypto provider, NUL-terminated, into
/// `buf`; `*needed` gets its size with the NUL (host library only, as
/// `threeds_txn_set_crypto`).
///
/// # Safety
/// `txn` a live handle; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[cfg(feature = "hosted")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_txn_crypto(
    txn: *const threeds_txn,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { with_txn_ref(txn, |t| write_str(t.txn.crypto().name(), buf, cap, needed)) }
}

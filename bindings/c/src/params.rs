//! The C structs passed to and returned by the transaction calls.

use core::ffi::c_char;

/// A read-only byte span.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_bytes {
    /// First byte (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// Number of bytes.
    pub len: usize,
}

/// Everything `threeds_txn_begin` needs. Strings are NUL-terminated UTF-8;
/// optional ones may be NULL. Nothing is kept after the call returns.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_auth_params {
    /// `messageVersion`: `"2.1.0"`, `"2.2.0"` or `"2.3.1"`.
    pub message_version: *const c_char,
    /// The DS encryption key: a DER X.509 certificate or a DER
    /// SubjectPublicKeyInfo (RSA → RSA-OAEP-256, P-256 → ECDH-ES).
    pub ds_key_der: threeds_bytes,
    /// The DS key id (`kid` of the device-info JWE), or NULL.
    pub ds_key_id: *const c_char,
    /// The DS id (RID, PartyVInfo of ECDH-ES), e.g. `"A000000802"`.
    pub ds_id: *const c_char,
    /// `sdkAppID`: the UUID of this installation.
    pub sdk_app_id: *const c_char,
    /// `sdkReferenceNumber` (≤ 32 characters).
    pub sdk_reference_number: *const c_char,
    /// `sdkMaxTimeout` in minutes (≥ 5); 0 for the default.
    pub sdk_max_timeout_minutes: u32,
    /// The per-exchange timeout in milliseconds; 0 for the default.
    pub exchange_timeout_ms: u32,
    /// The device information JSON (DV/DD/DPNA/SW), encrypted to the DS.
    pub device_info: threeds_bytes,
    /// Non-zero: A128GCM instead of A128CBC-HS256.
    pub use_aes_gcm: u8,
    /// `sdkInterface`: 1 native, 2 HTML, 3 both.
    pub sdk_interface: u8,
    /// `sdkUiType`: bit n-1 set for UI type n (1 text … 7 information);
    /// 0 for every type the version defines.
    pub sdk_ui_types: u32,
    /// `threeDSRequestorAppURL` (2.2.0+), or NULL.
    pub requestor_app_url: *const c_char,
    /// Non-zero: `oobAppURLInd` = 01 (the app can open the OOB app URL).
    pub oob_app_url_supported: u8,
}

/// How the ACS signing certificate is trusted by `threeds_txn_handle_ares`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_trust {
    /// DER certificates of the ACS roots (the DS CA); may be NULL when
    /// `root_count` is 0.
    pub roots: *const threeds_bytes,
    /// Number of roots.
    pub root_count: usize,
    /// Non-zero: `AcceptAnyACSCert` (testing only): no chain check, the
    /// signature is still verified with the leaf key.
    pub accept_any_cert: u8,
}

/// `threeds_ares_result.outcome`: no challenge; `trans_status` is final.
pub const THREEDS_ARES_FRICTIONLESS: u8 = 1;
/// `threeds_ares_result.outcome`: decoupled authentication (D).
pub const THREEDS_ARES_DECOUPLED: u8 = 2;
/// `threeds_ares_result.outcome`: challenge; build the first CReq.
pub const THREEDS_ARES_CHALLENGE: u8 = 3;
/// `threeds_ares_result.outcome`: an Erro came instead of an ARes.
pub const THREEDS_ARES_ERRO: u8 = 4;

/// What the ARes meant.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct threeds_ares_result {
    /// `THREEDS_ARES_*`.
    pub outcome: u8,
    /// `transStatus` as its ASCII letter (`'Y'`, `'C'`, …); 0 for an Erro.
    pub trans_status: u8,
    /// `transStatusReason` (two-digit code as a number), 0 when absent.
    pub trans_status_reason: u8,
    /// The received `errorCode` (101–999) for `THREEDS_ARES_ERRO`, else 0.
    pub erro_code: u16,
}

/// `threeds_challenge_input.answer`: the first CReq (no screen yet).
pub const THREEDS_ANSWER_INITIAL: u8 = 0;
/// UI 01: `entry` (and, 2.3.1, `entry_two`).
pub const THREEDS_ANSWER_TEXT: u8 = 1;
/// UI 02: `entry` is the selected option key.
pub const THREEDS_ANSWER_SINGLE_SELECT: u8 = 2;
/// UI 03: `keys[0..key_count]` are the selected option keys.
pub const THREEDS_ANSWER_MULTI_SELECT: u8 = 3;
/// UI 05/06: `entry` is `challengeHTMLDataEntry`.
pub const THREEDS_ANSWER_HTML: u8 = 4;
/// `challengeNoEntry` Y.
pub const THREEDS_ANSWER_NO_ENTRY: u8 = 5;
/// `challengeCancel` with `cancel_reason` (1 = cardholder cancel).
pub const THREEDS_ANSWER_CANCEL: u8 = 6;
/// `resendChallenge` Y.
pub const THREEDS_ANSWER_RESEND: u8 = 7;
/// `challengeAddCode` Y (2.3.1).
pub const THREEDS_ANSWER_ADD_CODE: u8 = 8;
/// `oobContinue` (`oob_continue`: 1 pressed, 2 automatic).
pub const THREEDS_ANSWER_OOB_CONTINUE: u8 = 9;
/// `infoContinueIndicator` (UI 07, 2.3.1).
pub const THREEDS_ANSWER_INFO_CONTINUE: u8 = 10;

/// Most keys of one multi-select answer.
pub const THREEDS_MAX_SELECTED_KEYS: usize = 64;

/// The input of one CReq. Zero-initialise it, set `answer` and what that
/// answer uses. Strings are NUL-terminated UTF-8 (the cardholder's entries:
/// wipe them once the call returned).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_challenge_input {
    /// `THREEDS_ANSWER_*`.
    pub answer: u8,
    /// Text entry, selected key or HTML data (see `answer`).
    pub entry: *const c_char,
    /// The second entry box (UI 01, 2.3.1), or NULL.
    pub entry_two: *const c_char,
    /// Selected keys for `THREEDS_ANSWER_MULTI_SELECT`.
    pub keys: *const *const c_char,
    /// Number of `keys` (≤ `THREEDS_MAX_SELECTED_KEYS`).
    pub key_count: usize,
    /// `challengeCancel` code for `THREEDS_ANSWER_CANCEL` (1–10).
    pub cancel_reason: u8,
    /// `oobContinue` for `THREEDS_ANSWER_OOB_CONTINUE` (1 pressed, 2 automatic).
    pub oob_continue: u8,
    /// Trust-list toggle: -1 untouched (sent as N when asked), 0 no, 1 yes.
    pub trust_list: i8,
    /// Device-binding toggle (2.3.1): -1 untouched, 0 no, 1 yes.
    pub device_binding: i8,
    /// `oobAppStatus` (2.3.1): 0 none, else its code (1 = opening failed).
    pub oob_app_status: u8,
    /// `messageExtension` of this CReq, one record per extension, or NULL.
    pub extensions: *const threeds_extension,
    /// Number of `extensions` (≤ `THREEDS_MAX_EXTENSIONS`; the version's own
    /// limit, 10 before 2.3.1 and 15 in 2.3.1, is checked when building).
    pub extension_count: usize,
    /// The whole `messageExtension` array as JSON text (the reference's
    /// `OutgoingRawExtensions`), or NULL. Validated and written compactly;
    /// not together with `extensions`.
    pub raw_extensions: *const c_char,
    /// Extra members written at the end of the CReq (the reference's
    /// `add_request_field`), or NULL.
    pub request_fields: *const threeds_request_field,
    /// Number of `request_fields` (≤ `THREEDS_MAX_REQUEST_FIELDS`).
    pub request_field_count: usize,
}

/// Most records in `threeds_challenge_input.extensions`.
pub const THREEDS_MAX_EXTENSIONS: usize = 15;
/// Most records in `threeds_challenge_input.request_fields`.
pub const THREEDS_MAX_REQUEST_FIELDS: usize = 32;
/// Longest `raw_extensions` text in bytes (the specification's cap on the
/// whole `messageExtension` array).
pub const THREEDS_MAX_RAW_EXTENSIONS: usize = 81_920;
/// Longest `threeds_extension.data` / `threeds_request_field.value` text in bytes.
pub const THREEDS_MAX_FIELD_VALUE: usize = 16_384;

/// One outgoing message extension (`messageExtension[]`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_extension {
    /// `id` (1–64 characters; starts with the payment system's RID).
    pub id: *const c_char,
    /// `name` (1–64 characters).
    pub name: *const c_char,
    /// Non-zero: `criticalityIndicator` true.
    pub critical: u8,
    /// `data`: a JSON object as text (at most 8059 characters once compacted).
    pub data: *const c_char,
}

/// `threeds_request_field.value_type`: `value` is JSON text, written as is
/// (compacted).
pub const THREEDS_VALUE_JSON: u8 = 1;
/// `threeds_request_field.value_type`: `value` is written as a JSON string.
pub const THREEDS_VALUE_STRING: u8 = 2;

/// One extra CReq member (the reference's `add_request_field(name, value,
/// value_type)`). A name the CReq already carries is refused.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_request_field {
    /// Member name (not empty).
    pub name: *const c_char,
    /// Member value, as `value_type` says.
    pub value: *const c_char,
    /// `THREEDS_VALUE_JSON` or `THREEDS_VALUE_STRING`.
    pub value_type: u8,
}

/// `threeds_cres_result.outcome`: another screen; read it with
/// `threeds_screen_*`, then build the next CReq.
pub const THREEDS_CRES_SCREEN: u8 = 1;
/// `threeds_cres_result.outcome`: the final CRes; `trans_status` is Y or N
/// (or D with the decoupled fallback).
pub const THREEDS_CRES_COMPLETED: u8 = 2;
/// `threeds_cres_result.outcome`: the ACS sent an Erro (`erro_code`); the
/// transaction failed, nothing is to be sent.
pub const THREEDS_CRES_ERRO_RECEIVED: u8 = 3;
/// `threeds_cres_result.outcome`: the CRes broke the protocol (`erro_code`):
/// POST the Erro from `threeds_txn_poll_erro` to the ACS URL.
pub const THREEDS_CRES_PROTOCOL_ERROR: u8 = 4;
/// `threeds_cres_result.outcome`: the CRes ended the transaction without an
/// Erro (`erro_code` says why); the transaction failed.
pub const THREEDS_CRES_ABORTED: u8 = 5;

/// What the CRes meant.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct threeds_cres_result {
    /// `THREEDS_CRES_*`.
    pub outcome: u8,
    /// `acsUiType` of a screen (1–7), else 0.
    pub ui_type: u8,
    /// The final `transStatus` letter (`'Y'`/`'N'`; `'D'` with the 2.3.1 decoupled
    /// fallback, `threeds_txn_set_decoupled_fallback`), else 0.
    pub trans_status: u8,
    /// The protocol error code (received, or sent back), else 0.
    pub erro_code: u16,
}

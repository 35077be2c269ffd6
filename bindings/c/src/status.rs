//! Stable numeric status codes and their messages.
//!
//! The values never change meaning once released; new codes get new numbers.
//! Negative values are local errors of this library; the protocol's own error
//! codes (101–402, Table A.4) arrive in the `erro_code` fields of results.

use threeds_core::transaction::{AresError, Error};

/// Success.
pub const THREEDS_OK: i32 = 0;
/// A required pointer argument was NULL.
pub const THREEDS_ERR_NULL_POINTER: i32 = -1;
/// An output buffer is too small; the size needed was written to the
/// `*_len`/`needed` argument and nothing changed.
pub const THREEDS_ERR_BUFFER_TOO_SMALL: i32 = -2;
/// The call does not fit the transaction's state (e.g. `build_creq` before
/// `handle_ares`, or any step after a failure); nothing changed.
pub const THREEDS_ERR_WRONG_STATE: i32 = -3;
/// A parameter is unacceptable (the last error message names it); nothing changed.
pub const THREEDS_ERR_INVALID_PARAMETER: i32 = -4;
/// The challenge input does not fit the last screen; nothing changed.
pub const THREEDS_ERR_INPUT_REJECTED: i32 = -5;
/// A message could not be built from the parameters; nothing changed.
pub const THREEDS_ERR_BUILD: i32 = -6;
/// The random-number callback failed; nothing changed.
pub const THREEDS_ERR_RNG: i32 = -7;
/// Encryption failed; nothing changed.
pub const THREEDS_ERR_CRYPTO: i32 = -8;
/// `SDKMaxTimeout` or the exchange timer expired: the transaction failed and
/// an Erro 402 is pending (`threeds_txn_poll_erro`).
pub const THREEDS_ERR_TIMED_OUT: i32 = -9;
/// 255 CReqs were sent; the transaction failed.
pub const THREEDS_ERR_COUNTER_EXHAUSTED: i32 = -10;
/// A final CRes carried a `transStatus` other than Y/N; the transaction failed.
pub const THREEDS_ERR_INVALID_FINAL_STATUS: i32 = -11;
/// An exported state could not be imported.
pub const THREEDS_ERR_INVALID_EXPORT: i32 = -12;
/// The handle is not an initialised object (never initialised, finished,
/// or poisoned by a caught panic).
pub const THREEDS_ERR_NOT_INITIALIZED: i32 = -13;
/// The memory given for an object is misaligned or too small.
pub const THREEDS_ERR_BAD_MEMORY: i32 = -14;
/// The memory given to `threeds_txn_init` already holds a live object:
/// call `threeds_txn_fini` first.
pub const THREEDS_ERR_ALREADY_INITIALIZED: i32 = -15;
/// A panic was caught at the boundary (a bug: please report it). The object
/// it happened on is poisoned.
pub const THREEDS_ERR_PANIC: i32 = -16;
/// The DS key is neither an X.509 certificate nor a SubjectPublicKeyInfo of
/// a supported key (RSA 2048–8192, P-256).
pub const THREEDS_ERR_INVALID_KEY: i32 = -17;
/// An ACS root certificate could not be read.
pub const THREEDS_ERR_INVALID_CERTIFICATE: i32 = -18;
/// The heap region was already set, or is too small.
pub const THREEDS_ERR_HEAP: i32 = -19;
/// ARes rejected: it failed message validation (`protocol_code` says how).
pub const THREEDS_ERR_ARES_MESSAGE: i32 = -20;
/// ARes rejected: its `transStatus` is not acceptable in an ARes.
pub const THREEDS_ERR_ARES_TRANS_STATUS: i32 = -21;
/// ARes rejected: a challenge needs the core's `alloc` feature.
pub const THREEDS_ERR_ARES_CHALLENGE_UNSUPPORTED: i32 = -22;
/// ARes rejected: `acsSignedContent` is not an acceptable JWS.
pub const THREEDS_ERR_ARES_SIGNED_CONTENT: i32 = -23;
/// ARes rejected: the ACS certificate chain is not trusted.
pub const THREEDS_ERR_ARES_CERTIFICATE: i32 = -24;
/// ARes rejected: the `acsSignedContent` signature does not verify.
pub const THREEDS_ERR_ARES_SIGNATURE: i32 = -25;
/// ARes rejected: `sdkEphemPubKey` is not this transaction's key.
pub const THREEDS_ERR_ARES_SDK_KEY: i32 = -26;
/// ARes rejected: `acsEphemPubKey` is not a valid P-256 key.
pub const THREEDS_ERR_ARES_ACS_KEY: i32 = -27;
/// ARes rejected: `acsURL` is missing, not `https://`, or too long.
pub const THREEDS_ERR_ARES_ACS_URL: i32 = -28;
/// ARes rejected: the session keys could not be derived.
pub const THREEDS_ERR_ARES_KEY_DERIVATION: i32 = -29;
/// Hosted API: the transport failed (callback error, connection, TLS).
pub const THREEDS_ERR_TRANSPORT: i32 = -40;
/// Hosted API: the peer answered with a non-2xx HTTP status.
pub const THREEDS_ERR_HTTP_STATUS: i32 = -41;
/// Hosted API: the client reported an error; `threeds_client_last_error`
/// gives the reference's numeric error code and message.
pub const THREEDS_ERR_CLIENT: i32 = -42;

/// A stable name-like message for a status code (static, NUL-terminated).
/// Unknown codes give `"unknown status"`.
#[unsafe(no_mangle)]
pub extern "C" fn threeds_status_message(status: i32) -> *const core::ffi::c_char {
    status_message(status).as_ptr().cast()
}

/// [`threeds_status_message`] as text.
#[cfg_attr(feature = "error-text", allow(dead_code))]
pub(crate) fn status_text(status: i32) -> &'static str {
    status_message(status).to_str().unwrap_or_default()
}

fn status_message(status: i32) -> &'static core::ffi::CStr {
    match status {
        THREEDS_OK => c"ok",
        THREEDS_ERR_NULL_POINTER => c"a required pointer is NULL",
        THREEDS_ERR_BUFFER_TOO_SMALL => c"output buffer too small",
        THREEDS_ERR_WRONG_STATE => c"call not allowed in this state",
        THREEDS_ERR_INVALID_PARAMETER => c"invalid parameter",
        THREEDS_ERR_INPUT_REJECTED => c"challenge input does not fit the screen",
        THREEDS_ERR_BUILD => c"message could not be built",
        THREEDS_ERR_RNG => c"the random number callback failed",
        THREEDS_ERR_CRYPTO => c"encryption failed",
        THREEDS_ERR_TIMED_OUT => c"timed out (Erro 402 pending)",
        THREEDS_ERR_COUNTER_EXHAUSTED => c"sdkCounterStoA exhausted",
        THREEDS_ERR_INVALID_FINAL_STATUS => c"final CRes transStatus is not Y or N",
        THREEDS_ERR_INVALID_EXPORT => c"exported state is invalid",
        THREEDS_ERR_NOT_INITIALIZED => c"object not initialised",
        THREEDS_ERR_BAD_MEMORY => c"object memory misaligned or too small",
        THREEDS_ERR_ALREADY_INITIALIZED => c"object already initialised",
        THREEDS_ERR_PANIC => c"internal error (panic caught)",
        THREEDS_ERR_INVALID_KEY => c"DS key not readable",
        THREEDS_ERR_INVALID_CERTIFICATE => c"ACS root certificate not readable",
        THREEDS_ERR_HEAP => c"heap region already set or too small",
        THREEDS_ERR_ARES_MESSAGE => c"ARes invalid",
        THREEDS_ERR_ARES_TRANS_STATUS => c"ARes transStatus not accepted",
        THREEDS_ERR_ARES_CHALLENGE_UNSUPPORTED => c"challenge unsupported in this build",
        THREEDS_ERR_ARES_SIGNED_CONTENT => c"acsSignedContent is not an acceptable JWS",
        THREEDS_ERR_ARES_CERTIFICATE => c"ACS certificate chain not trusted",
        THREEDS_ERR_ARES_SIGNATURE => c"acsSignedContent signature invalid",
        THREEDS_ERR_ARES_SDK_KEY => c"sdkEphemPubKey is not this SDK's key",
        THREEDS_ERR_ARES_ACS_KEY => c"acsEphemPubKey invalid",
        THREEDS_ERR_ARES_ACS_URL => c"acsURL invalid",
        THREEDS_ERR_ARES_KEY_DERIVATION => c"session key derivation failed",
        THREEDS_ERR_TRANSPORT => c"transport failed",
        THREEDS_ERR_HTTP_STATUS => c"non-2xx HTTP status",
        THREEDS_ERR_CLIENT => c"client error",
        _ => c"unknown status",
    }
}

/// The status of a core error, and the protocol code it carries (0 if none).
pub(crate) fn status_of(e: &Error) -> (i32, u16) {
    match e {
        Error::ApiMisuse { .. } => (THREEDS_ERR_WRONG_STATE, 0),
        Error::InvalidParameter(_) => (THREEDS_ERR_INVALID_PARAMETER, 0),
        Error::InputRejected(_) => (THREEDS_ERR_INPUT_REJECTED, 0),
        Error::BufferTooSmall { .. } => (THREEDS_ERR_BUFFER_TOO_SMALL, 0),
        Error::Build(_) => (THREEDS_ERR_BUILD, 0),
        Error::Rng => (THREEDS_ERR_RNG, 0),
        Error::Crypto => (THREEDS_ERR_CRYPTO, 0),
        Error::Ares(a) => ares_status(a),
        Error::TimedOut(_) => (THREEDS_ERR_TIMED_OUT, 402),
        Error::CounterExhausted => (THREEDS_ERR_COUNTER_EXHAUSTED, 0),
        Error::InvalidFinalTransStatus => (THREEDS_ERR_INVALID_FINAL_STATUS, 0),
        Error::InvalidExport => (THREEDS_ERR_INVALID_EXPORT, 0),
        // The core's error is non-exhaustive: a new kind maps to the nearest
        // stable meaning until it gets its own code.
        _ => (THREEDS_ERR_WRONG_STATE, 0),
    }
}

fn ares_status(e: &AresError) -> (i32, u16) {
    match e {
        AresError::Message(m) => (THREEDS_ERR_ARES_MESSAGE, m.code.0),
        AresError::UnexpectedTransStatus => (THREEDS_ERR_ARES_TRANS_STATUS, 0),
        AresError::ChallengeUnsupported => (THREEDS_ERR_ARES_CHALLENGE_UNSUPPORTED, 0),
        AresError::SignedContentInvalid => (THREEDS_ERR_ARES_SIGNED_CONTENT, 0),
        AresError::CertificateInvalid => (THREEDS_ERR_ARES_CERTIFICATE, 0),
        AresError::SignatureInvalid => (THREEDS_ERR_ARES_SIGNATURE, 0),
        AresError::SdkEphemPubKeyMismatch => (THREEDS_ERR_ARES_SDK_KEY, 0),
        AresError::AcsEphemPubKeyInvalid => (THREEDS_ERR_ARES_ACS_KEY, 0),
        AresError::AcsUrlInvalid => (THREEDS_ERR_ARES_ACS_URL, 0),
        AresError::KeyDerivation => (THREEDS_ERR_ARES_KEY_DERIVATION, 0),
        _ => (THREEDS_ERR_ARES_MESSAGE, 0),
    }
}

/// Every status code, for tests and the guide's table.
pub const ALL_STATUSES: [i32; 33] = [
    THREEDS_OK,
    THREEDS_ERR_NULL_POINTER,
    THREEDS_ERR_BUFFER_TOO_SMALL,
    THREEDS_ERR_WRONG_STATE,
    THREEDS_ERR_INVALID_PARAMETER,
    THREEDS_ERR_INPUT_REJECTED,
    THREEDS_ERR_BUILD,
    THREEDS_ERR_RNG,
    THREEDS_ERR_CRYPTO,
    THREEDS_ERR_TIMED_OUT,
    THREEDS_ERR_COUNTER_EXHAUSTED,
    THREEDS_ERR_INVALID_FINAL_STATUS,
    THREEDS_ERR_INVALID_EXPORT,
    THREEDS_ERR_NOT_INITIALIZED,
    THREEDS_ERR_BAD_MEMORY,
    THREEDS_ERR_ALREADY_INITIALIZED,
    THREEDS_ERR_PANIC,
    THREEDS_ERR_INVALID_KEY,
    THREEDS_ERR_INVALID_CERTIFICATE,
    THREEDS_ERR_HEAP,
    THREEDS_ERR_ARES_MESSAGE,
    THREEDS_ERR_ARES_TRANS_STATUS,
    THREEDS_ERR_ARES_CHALLENGE_UNSUPPORTED,
    THREEDS_ERR_ARES_SIGNED_CONTENT,
    THREEDS_ERR_ARES_CERTIFICATE,
    THREEDS_ERR_ARES_SIGNATURE,
    THREEDS_ERR_ARES_SDK_KEY,
    THREEDS_ERR_ARES_ACS_KEY,
    THREEDS_ERR_ARES_ACS_URL,
    THREEDS_ERR_ARES_KEY_DERIVATION,
    THREEDS_ERR_TRANSPORT,
    THREEDS_ERR_HTTP_STATUS,
    THREEDS_ERR_CLIENT,
];

//! The hosted API: the reference `Client` in C (feature `hosted`).
//!
//! A `threeds_client` wraps the core's facade `Client` (one `Transaction`,
//! one exchange driver underneath) over either the app's transport callback
//! or the std HTTPS transport, with the reference's events as C callbacks.
//! Names follow the reference in snake case: `threeds_client_get_<property>`
//! / `threeds_client_set_<property>`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::ffi::{c_char, c_void};
use core::fmt;

use threeds_core::client::events::{ClientEvents, LogLevel, LogType, ServerCertificate};
use threeds_core::client::facade::{Client, ClientError, InterruptHandle};
use threeds_core::platform::{
    HttpRequest, HttpResponse, TlsEvents, Transport, TransportError, TransportErrorKind,
};
use threeds_std::https::RootSource;
use threeds_std::{HttpsError, HttpsTransport, OsRng, SystemClock};
use zeroize::Zeroizing;

use crate::cstr::{self, MAX_C_STRING};
use crate::guard::guarded;
use crate::out::{put, write_str};
use crate::status::*;

/// `threeds_post_fn` result: the answer is in the response buffer.
pub const THREEDS_POST_OK: i32 = 0;
/// `threeds_post_fn` result: no answer within `timeout_ms` (the challenge
/// then reports Erro 402 to the ACS).
pub const THREEDS_POST_TIMED_OUT: i32 = 1;
/// `threeds_post_fn` result: connecting or reading failed.
pub const THREEDS_POST_CONNECTION: i32 = 2;
/// `threeds_post_fn` result: the TLS peer could not be authenticated.
pub const THREEDS_POST_TLS: i32 = 3;
/// `threeds_post_fn` result: the answer does not fit `response_cap`.
pub const THREEDS_POST_TOO_LARGE: i32 = 4;

/// The app's HTTPS POST: send `body` to `url` with `content_type` and write
/// the response body into `response` (`response_cap` bytes), its length to
/// `*response_len` and the HTTP status to `*http_status`, within
/// `timeout_ms`. Returns a `THREEDS_POST_*` value. `url` and `content_type`
/// are NUL-terminated and valid only during the call.
pub type threeds_post_fn = Option<
    unsafe extern "C" fn(
        user: *mut c_void,
        url: *const c_char,
        content_type: *const c_char,
        body: *const u8,
        body_len: usize,
        timeout_ms: u64,
        response: *mut u8,
        response_cap: usize,
        response_len: *mut usize,
        http_status: *mut u16,
    ) -> i32,
>;

/// The reference's events as C callbacks; any may be NULL. Strings are
/// NUL-terminated and valid only during the callback. Callbacks run on the
/// thread that called the client method.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct threeds_client_events {
    /// Passed back as the first argument of every callback.
    pub user: *mut c_void,
    /// `on_log(level 0–3, log_type, message)`: already masked as `MaskSensitive` says.
    pub on_log: Option<
        unsafe extern "C" fn(
            user: *mut c_void,
            level: u8,
            log_type: *const c_char,
            message: *const c_char,
        ),
    >,
    /// `on_data_packet_in`: the bytes received (encrypted packets as received).
    pub on_data_packet_in:
        Option<unsafe extern "C" fn(user: *mut c_void, data: *const u8, len: usize)>,
    /// `on_data_packet_out`: the bytes about to be sent (unmasked, as the reference).
    pub on_data_packet_out:
        Option<unsafe extern "C" fn(user: *mut c_void, data: *const u8, len: usize)>,
    /// `on_error(error_code, description)`.
    pub on_error: Option<
        unsafe extern "C" fn(user: *mut c_void, error_code: u16, description: *const c_char),
    >,
    /// `on_ssl_server_authentication`: `*accept` holds the verification
    /// result; set it to 1 to accept anyway, 0 to refuse.
    pub on_ssl_server_authentication: Option<
        unsafe extern "C" fn(
            user: *mut c_void,
            cert_der: *const u8,
            cert_len: usize,
            subject: *const c_char,
            issuer: *const c_char,
            status: *const c_char,
            accept: *mut i32,
        ),
    >,
    /// `on_ssl_status(message)`.
    pub on_ssl_status: Option<unsafe extern "C" fn(user: *mut c_void, message: *const c_char)>,
}

/// A NUL-terminated copy of `s` (an interior NUL ends the text early).
fn c_copy(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.bytes().take_while(|b| *b != 0).collect();
    v.push(0);
    v
}

/// The events forwarded to C.
pub(crate) struct CEvents(Option<threeds_client_events>);

impl ClientEvents for CEvents {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        if let Some(e) = self.0
            && let Some(f) = e.on_log
        {
            let (t, m) = (c_copy(log_type.as_str()), c_copy(message));
            // SAFETY: the app's callback with NUL-terminated strings valid for the call.
            unsafe { f(e.user, level as u8, t.as_ptr().cast(), m.as_ptr().cast()) };
        }
    }
    fn on_data_packet_in(&mut self, data: &[u8]) {
        if let Some(e) = self.0
            && let Some(f) = e.on_data_packet_in
        {
            // SAFETY: the app's callback with a span valid for the call.
            unsafe { f(e.user, data.as_ptr(), data.len()) };
        }
    }
    fn on_data_packet_out(&mut self, data: &[u8]) {
        if let Some(e) = self.0
            && let Some(f) = e.on_data_packet_out
        {
            // SAFETY: the app's callback with a span valid for the call.
            unsafe { f(e.user, data.as_ptr(), data.len()) };
        }
    }
    fn on_error(&mut self, code: u16, description: &str) {
        if let Some(e) = self.0
            && let Some(f) = e.on_error
        {
            let d = c_copy(description);
            // SAFETY: the app's callback with a NUL-terminated string valid for the call.
            unsafe { f(e.user, code, d.as_ptr().cast()) };
        }
    }
    fn on_ssl_server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        if let Some(e) = self.0
            && let Some(f) = e.on_ssl_server_authentication
        {
            let (s, i, st) = (
                c_copy(cert.cert_subject),
                c_copy(cert.cert_issuer),
                c_copy(cert.status),
            );
            let mut a = i32::from(*accept);
            // SAFETY: the app's callback; every pointer is valid for the call.
            unsafe {
                f(
                    e.user,
                    cert.cert_encoded.as_ptr(),
                    cert.cert_encoded.len(),
                    s.as_ptr().cast(),
                    i.as_ptr().cast(),
                    st.as_ptr().cast(),
                    &mut a,
                );
            }
            *accept = a != 0;
        }
    }
    fn on_ssl_status(&mut self, message: &str) {
        if let Some(e) = self.0
            && let Some(f) = e.on_ssl_status
        {
            let m = c_copy(message);
            // SAFETY: the app's callback with a NUL-terminated string valid for the call.
            unsafe { f(e.user, m.as_ptr().cast()) };
        }
    }
}

/// The app's callback or the std HTTPS transport.
pub(crate) enum AnyTransport {
    Callback {
        post: unsafe extern "C" fn(
            *mut c_void,
            *const c_char,
            *const c_char,
            *const u8,
            usize,
            u64,
            *mut u8,
            usize,
            *mut usize,
            *mut u16,
        ) -> i32,
        user: *mut c_void,
    },
    Https(Box<HttpsTransport>),
}

/// Why a POST failed.
#[derive(Debug)]
pub(crate) enum AnyError {
    Callback(i32),
    Https(HttpsError),
}

impl fmt::Display for AnyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Callback(THREEDS_POST_TIMED_OUT) => f.write_str("the app transport timed out"),
            Self::Callback(THREEDS_POST_TLS) => {
                f.write_str("the app transport: TLS peer not authenticated")
            }
            Self::Callback(THREEDS_POST_TOO_LARGE) => {
                f.write_str("the app transport: response too large")
            }
            Self::Callback(c) => write!(f, "the app transport failed ({c})"),
            Self::Https(e) => e.fmt(f),
        }
    }
}

impl TransportError for AnyError {
    fn kind(&self) -> TransportErrorKind {
        match self {
            Self::Callback(THREEDS_POST_TIMED_OUT) => TransportErrorKind::TimedOut,
            Self::Callback(THREEDS_POST_TLS) => TransportErrorKind::Tls,
            Self::Callback(THREEDS_POST_TOO_LARGE) => TransportErrorKind::ResponseTooLarge,
            Self::Callback(_) => TransportErrorKind::Connection,
            Self::Https(e) => e.kind(),
        }
    }
}

impl AnyTransport {
    fn post_to(
        &mut self,
        req: &HttpRequest<'_>,
        response: &mut [u8],
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, AnyError> {
        match self {
            Self::Https(t) => match tls {
                Some(tls) => t.post_with_tls_events(req, response, tls),
                None => t.post(req, response),
            }
            .map_err(AnyError::Https),
            Self::Callback { post, user } => {
                let (url, ct) = (c_copy(req.url), c_copy(req.content_type));
                let (mut len, mut status) = (0usize, 0u16);
                // SAFETY: the app's callback; every pointer is valid for the
                // call and `response` is writable for its length.
                let rc = unsafe {
                    post(
                        *user,
                        url.as_ptr().cast(),
                        ct.as_ptr().cast(),
                        req.body.as_ptr(),
                        req.body.len(),
                        req.timeout_ms,
                        response.as_mut_ptr(),
                        response.len(),
                        &mut len,
                        &mut status,
                    )
                };
                if rc != THREEDS_POST_OK {
                    return Err(AnyError::Callback(rc));
                }
                if len > response.len() {
                    return Err(AnyError::Callback(THREEDS_POST_TOO_LARGE));
                }
                Ok(HttpResponse {
                    status,
                    body_len: len,
                })
            }
        }
    }
}

/// The client's transport and the HTTP status of its last answer, which
/// `threeds_client_send_challenge_request` turns into
/// `THREEDS_ERR_HTTP_STATUS` (the facade reports it as code 151 only).
pub(crate) struct StatusTransport {
    inner: AnyTransport,
    /// The status of the last answer; 0 when the last POST got none.
    last_status: u16,
}

impl StatusTransport {
    fn record(&mut self, r: Result<HttpResponse, AnyError>) -> Result<HttpResponse, AnyError> {
        self.last_status = r.as_ref().map_or(0, |r| r.status);
        r
    }
}

impl Transport for StatusTransport {
    type Error = AnyError;

    fn post(
        &mut self,
        req: &HttpRequest<'_>,
        response: &mut [u8],
    ) -> Result<HttpResponse, AnyError> {
        let r = self.inner.post_to(req, response, None);
        self.record(r)
    }

    fn post_with_tls_events(
        &mut self,
        req: &HttpRequest<'_>,
        response: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, AnyError> {
        // The built-in HTTPS transport reports its handshake (the
        // `on_ssl_*` events and the app's verdict); an app callback has
        // its own TLS stack and none to report.
        let r = self.inner.post_to(req, response, Some(tls));
        self.record(r)
    }

    /// The built-in HTTPS transport sizes the answer's buffer from the
    /// answer; an app callback writes into a buffer of the cap, as it
    /// always has (its contract has no way to ask for more).
    fn post_growing(
        &mut self,
        req: &HttpRequest<'_>,
        response: &mut Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, AnyError> {
        let r = match &mut self.inner {
            AnyTransport::Https(t) => t
                .post_growing(req, response, max_len, tls)
                .map_err(AnyError::Https),
            AnyTransport::Callback { .. } => {
                if response.len() < max_len {
                    response.resize(max_len, 0);
                }
                let room = response.get_mut(..max_len).unwrap_or_default();
                self.inner.post_to(req, room, tls)
            }
        };
        self.record(r)
    }

    fn setting(&self, name: &str, out: &mut dyn fmt::Write) -> bool {
        match &self.inner {
            AnyTransport::Https(t) => t.setting(name, out),
            AnyTransport::Callback { .. } => false,
        }
    }
}

pub(crate) type Facade = Client<StatusTransport, OsRng, SystemClock, CEvents>;

/// The hosted client: opaque, created by `threeds_client_new*`, freed by
/// `threeds_client_free`.
pub struct threeds_client {
    /// Only ever borrowed field by field, so `threeds_client_interrupt` may
    /// read `interrupt` while another thread is inside a method.
    facade: Facade,
    interrupt: InterruptHandle,
    /// An auth request that did not fit the caller's buffer, kept for the
    /// retry (a second `get_auth_request` would start another transaction).
    pending_auth_request: Option<Zeroizing<String>>,
    error_code: i32,
    error_message: String,
}

fn new_client(
    transport: AnyTransport,
    events: *const threeds_client_events,
    out: *mut *mut threeds_client,
) -> i32 {
    // SAFETY: `events` is NULL or readable (header contract).
    let events = (!events.is_null()).then(|| unsafe { events.read() });
    let mut facade = Client::new(
        StatusTransport {
            inner: transport,
            last_status: 0,
        },
        OsRng::default(),
        SystemClock::new(),
        CEvents(events),
    );
    facade.set_crypto(crate::crypto::default_provider());
    let interrupt = facade.interrupt_handle();
    let b = Box::new(threeds_client {
        facade,
        interrupt,
        pending_auth_request: None,
        error_code: 0,
        error_message: String::new(),
    });
    // SAFETY: `out` is writable (checked non-NULL by the callers).
    unsafe { out.write(Box::into_raw(b)) };
    THREEDS_OK
}

/// Creates a client whose HTTPS goes through the app's `post` callback
/// (libcurl, mbedTLS, a vendor stack). `events` (or NULL) is copied.
///
/// # Safety
/// `events` NULL or readable, its callbacks valid for the client's life;
/// `user` valid for `post` for the client's life; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_new(
    post: threeds_post_fn,
    user: *mut c_void,
    events: *const threeds_client_events,
    out: *mut *mut threeds_client,
) -> i32 {
    guarded(|| {
        let (Some(post), false) = (post, out.is_null()) else {
            return THREEDS_ERR_NULL_POINTER;
        };
        new_client(AnyTransport::Callback { post, user }, events, out)
    })
}

/// Creates a client over the built-in HTTPS transport (rustls). `ca_pem`
/// (NUL-terminated PEM text, or NULL) replaces the Mozilla roots with the
/// given CA certificates.
///
/// # Safety
/// `ca_pem` NULL or NUL-terminated; `events` as in `threeds_client_new`; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_new_https(
    ca_pem: *const c_char,
    events: *const threeds_client_events,
    out: *mut *mut threeds_client,
) -> i32 {
    guarded(|| {
        if out.is_null() {
            return THREEDS_ERR_NULL_POINTER;
        }
        // SAFETY: NULL or NUL-terminated (contract); PEM bundles can be long.
        let pem = match unsafe { cstr::opt_str(ca_pem, 1 << 20) } {
            Ok(p) => p,
            Err(_) => return THREEDS_ERR_INVALID_PARAMETER,
        };
        let mut builder = HttpsTransport::builder();
        if let Some(pem) = pem {
            builder = match builder
                .roots(RootSource::Empty)
                .server_ca_certs_pem(pem.as_bytes())
            {
                Ok(b) => b,
                Err(_) => return THREEDS_ERR_INVALID_CERTIFICATE,
            };
        }
        match builder.build() {
            Ok(t) => new_client(AnyTransport::Https(Box::new(t)), events, out),
            Err(_) => THREEDS_ERR_TRANSPORT,
        }
    })
}

/// Frees the client (its secrets are wiped). NULL is ignored.
///
/// # Safety
/// `client` NULL or from `threeds_client_new*`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_free(client: *mut threeds_client) {
    if !client.is_null() {
        let _ = guarded(|| {
            // SAFETY: from Box::into_raw in `new_client`, freed once (contract).
            let b = unsafe { Box::from_raw(client) };
            drop(b);
            THREEDS_OK
        });
    }
}

/// Runs `f` on the facade and the error slot of `client`, never forming a
/// reference to the `interrupt` field.
///
/// # Safety
/// `client` NULL or live; no other thread inside a method of it except
/// `threeds_client_interrupt`.
unsafe fn with_client(
    client: *mut threeds_client,
    f: impl FnOnce(&mut Facade, &mut Option<Zeroizing<String>>) -> Result<(), ClientError>,
) -> i32 {
    if client.is_null() {
        return THREEDS_ERR_NULL_POINTER;
    }
    guarded(|| {
        // SAFETY: live (contract); disjoint field borrows.
        let (facade, pending, code, msg) = unsafe {
            (
                &mut (*client).facade,
                &mut (*client).pending_auth_request,
                &mut (*client).error_code,
                &mut (*client).error_message,
            )
        };
        match f(facade, pending) {
            Ok(()) => {
                *code = 0;
                msg.clear();
                THREEDS_OK
            }
            Err(e) => {
                *code = i32::from(e.code.code());
                *msg = e.message;
                THREEDS_ERR_CLIENT
            }
        }
    })
}

fn invalid(message: &str) -> ClientError {
    // 603 is what the reference reports for a badly valued argument.
    ClientError {
        code: threeds_core::client::error::ErrorCode::InvalidOperation,
        message: String::from(message),
    }
}

fn arg<'a>(p: *const c_char, name: &str) -> Result<&'a str, ClientError> {
    // SAFETY: every string argument is NULL or NUL-terminated (header contract).
    match unsafe { cstr::opt_str(p, MAX_C_STRING.max(1 << 20)) } {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(invalid(&alloc::format!("{name} is NULL"))),
        Err(_) => Err(invalid(&alloc::format!("{name} is not UTF-8 or too long"))),
    }
}

/// The reference's `config("Name=Value")` / `config("Name")`: the answer
/// (NUL-terminated) into `buf`, its size into `*needed`. With `buf` NULL
/// and `cap` 0 the command runs and only the size is reported.
///
/// # Safety
/// `client` live; `command` NUL-terminated; `buf` writable for `cap`; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_config(
    client: *mut threeds_client,
    command: *const c_char,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    let mut answer = String::new();
    // SAFETY: forwarded contract.
    let rc = unsafe {
        with_client(client, |c, _| {
            answer = c.config(arg(command, "command")?)?;
            Ok(())
        })
    };
    if rc != THREEDS_OK {
        return rc;
    }
    if buf.is_null() && cap == 0 {
        // The answer is not wanted (a `Name=Value` set): report its size only.
        // SAFETY: forwarded contract.
        unsafe { put(needed, answer.len().saturating_add(1)) };
        return THREEDS_OK;
    }
    // SAFETY: forwarded contract.
    unsafe { write_str(&answer, buf, cap, needed) }
}

/// The reference's `get_auth_request`: starts the transaction and writes the
/// auth request JSON (for the 3DS Server) into `buf`. When `buf` is too
/// small, the request is kept and the next call returns it (no second
/// transaction is started).
///
/// # Safety
/// `client` live; `buf` writable for `cap`; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_auth_request(
    client: *mut threeds_client,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    let mut status = THREEDS_OK;
    // SAFETY: forwarded contract.
    let rc = unsafe {
        with_client(client, |c, pending| {
            let req = match pending.take() {
                Some(r) => r,
                None => Zeroizing::new(c.get_auth_request()?),
            };
            status = write_str(&req, buf, cap, needed);
            if status == THREEDS_ERR_BUFFER_TOO_SMALL {
                *pending = Some(req);
            }
            Ok(())
        })
    };
    if rc != THREEDS_OK { rc } else { status }
}

/// The reference's `check_auth_response`: `ares` is the 3DS Server's answer
/// (NUL-terminated JSON). Afterwards `transaction_status` tells the outcome
/// (`C`: call `threeds_client_send_challenge_request`).
///
/// # Safety
/// `client` live; `ares` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_check_auth_response(
    client: *mut threeds_client,
    ares: *const c_char,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { with_client(client, |c, _| c.check_auth_response(arg(ares, "ares")?)) }
}

/// The reference's `send_challenge_request`: one CReq → CRes exchange with
/// the entries set through the properties; afterwards read the screen
/// properties, or `challenge_complete` / `transaction_status`.
///
/// # Safety
/// `client` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_send_challenge_request(client: *mut threeds_client) -> i32 {
    let mut http_status = 0;
    // SAFETY: forwarded contract.
    let rc = unsafe {
        with_client(client, |c, _| {
            c.transport_mut().last_status = 0;
            let r = c.send_challenge_request();
            http_status = c.transport().last_status;
            r
        })
    };
    // The driver stops at a non-2xx answer to the CReq (nothing else is
    // posted after it), so the last status is the one that ended the call.
    if rc == THREEDS_ERR_CLIENT && http_status != 0 && !(200..300).contains(&http_status) {
        return THREEDS_ERR_HTTP_STATUS;
    }
    rc
}

/// The HTTP status of the last answer the transport received during the
/// last `threeds_client_send_challenge_request` (0: none, e.g. the
/// connection failed) into `*status`.
///
/// # Safety
/// `client` live; `status` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_last_http_status(
    client: *mut threeds_client,
    status: *mut u16,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { get_num(client, status, |c| c.transport().last_status) }
}

/// The reference's `add_request_field(name, value, value_type)`: an extra
/// member at the end of every following CReq (`value_type`
/// `THREEDS_VALUE_JSON`: JSON text; `THREEDS_VALUE_STRING`: a string).
///
/// # Safety
/// `client` live; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_add_request_field(
    client: *mut threeds_client,
    name: *const c_char,
    value: *const c_char,
    value_type: u8,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            c.add_request_field(
                arg(name, "name")?,
                arg(value, "value")?,
                i32::from(value_type),
            )
        })
    }
}

/// Adds an outgoing message extension (the reference's `extension_*`
/// properties; `data` is a JSON object as text), sent in every following
/// CReq. The whole array can instead be set as text with
/// `threeds_client_config(client, "OutgoingRawExtensions=[...]")`.
///
/// # Safety
/// `client` live; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_add_extension(
    client: *mut threeds_client,
    id: *const c_char,
    name: *const c_char,
    critical: i32,
    data: *const c_char,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            c.properties_mut()
                .add_extension(
                    arg(id, "id")?,
                    arg(name, "name")?,
                    critical != 0,
                    arg(data, "data")?,
                )
                .map_err(Into::into)
        })
    }
}

/// The reference's `extension_count` into `*count`.
///
/// # Safety
/// `client` live; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_extension_count(
    client: *mut threeds_client,
    count: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { get_num(client, count, |c| c.extension_count()) }
}

/// The reference's `set_extension_count`: 0 removes every extension; a
/// smaller count drops the last ones.
///
/// # Safety
/// `client` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_set_extension_count(
    client: *mut threeds_client,
    count: usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        set_num(client, |c| {
            c.properties_mut()
                .set_extension_count(count)
                .map_err(Into::into)
        })
    }
}

/// A part of the ARes `cardholderInfo` (`THREEDS_CARDHOLDER_*`), decoded
/// and NUL-terminated, into `buf`: above all the text to show for
/// decoupled authentication (`transaction_status` `D`). Empty when the
/// ARes carried none.
///
/// # Safety
/// `client` live; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_cardholder_info(
    client: *mut threeds_client,
    which: u8,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    let Some(i) = usize::from(which).checked_sub(1).filter(|i| *i < 3) else {
        return THREEDS_ERR_INVALID_PARAMETER;
    };
    // SAFETY: forwarded contract.
    unsafe { get_str(client, buf, cap, needed, |c| c.cardholder_info()[i].into()) }
}

/// The reference's `interrupt`: may be called from any thread while a
/// method runs; that method then fails.
///
/// # Safety
/// `client` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_interrupt(client: *mut threeds_client) -> i32 {
    if client.is_null() {
        return THREEDS_ERR_NULL_POINTER;
    }
    // SAFETY: live (contract); only the `interrupt` field is borrowed, which
    // no other method borrows (see `with_client`); the handle is atomic.
    let handle = unsafe { &(*client).interrupt };
    handle.interrupt();
    THREEDS_OK
}

/// Chooses the crypto provider of the client's transactions by name, one
/// of `threeds_crypto_providers` (`"rustcrypto"`, and with the features
/// `"aws-lc"`, the default when compiled in, and `"ring"`). It applies from
/// the next `threeds_client_get_auth_request` (and to a transaction under
/// way) and stays across `threeds_client_reset`. `THREEDS_ERR_CLIENT` (603)
/// for a name not compiled in; nothing changes on error.
///
/// # Safety
/// `client` live; `name` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_set_crypto(
    client: *mut threeds_client,
    name: *const c_char,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            let name = arg(name, "name")?;
            let provider = crate::crypto::provider(name).ok_or_else(|| {
                let mut names = String::new();
                let _ = crate::crypto::write_names(&mut names, ", ");
                invalid(&alloc::format!(
                    "unknown crypto provider {name:?}: this build has {names}"
                ))
            })?;
            c.set_crypto(provider);
            Ok(())
        })
    }
}

/// The name of the client's crypto provider, NUL-terminated, into `buf`;
/// `*needed` gets its size with the NUL.
///
/// # Safety
/// `client` live; `buf` writable for `cap` bytes; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_crypto(
    client: *mut threeds_client,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    let mut name = "";
    // SAFETY: forwarded contract.
    let rc = unsafe {
        with_client(client, |c, _| {
            name = c.crypto().name();
            Ok(())
        })
    };
    if rc != THREEDS_OK {
        return rc;
    }
    // SAFETY: forwarded contract.
    unsafe { write_str(name, buf, cap, needed) }
}

/// The reference's `reset`: every property back to its default.
///
/// # Safety
/// `client` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_reset(client: *mut threeds_client) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, p| {
            *p = None;
            c.reset();
            Ok(())
        })
    }
}

/// The reference's `reset_transaction_info`.
///
/// # Safety
/// `client` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_reset_transaction_info(client: *mut threeds_client) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, p| {
            *p = None;
            c.reset_transaction_info();
            Ok(())
        })
    }
}

/// The last `THREEDS_ERR_CLIENT` failure: the reference's numeric error
/// code into `*code` (0 after a success) and its message into `buf`.
///
/// # Safety
/// `client` live; `code` writable or NULL; `buf` writable for `cap`; `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_last_error(
    client: *const threeds_client,
    code: *mut i32,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    if client.is_null() {
        return THREEDS_ERR_NULL_POINTER;
    }
    // SAFETY: live (contract); fields read only.
    let (c, m) = unsafe { ((*client).error_code, &(*client).error_message) };
    // SAFETY: forwarded contract.
    unsafe {
        put(code, c);
        if buf.is_null() && cap == 0 {
            put(needed, m.len().saturating_add(1));
            return THREEDS_OK;
        }
        write_str(m, buf, cap, needed)
    }
}

/// Sets the DS certificate (DER) the device information is encrypted to:
/// the reference's `directory_server_cert` (encoded form).
///
/// # Safety
/// `client` live; `der` readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_set_directory_server_cert(
    client: *mut threeds_client,
    der: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            let d = cstr::bytes(der, len).ok_or_else(|| invalid("der is NULL"))?;
            c.set_directory_server_cert_encoded(d)
        })
    }
}

/// Adds an ACS root certificate (DER): the reference's `acs_root_certs`.
///
/// # Safety
/// `client` live; `der` readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_add_acs_root_cert(
    client: *mut threeds_client,
    der: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            let d = cstr::bytes(der, len).ok_or_else(|| invalid("der is NULL"))?;
            c.add_acs_root_cert(d);
            Ok(())
        })
    }
}

/// The reference's `add_device_param(field_name, value, value_type, category)`.
///
/// # Safety
/// `client` live; strings NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_add_device_param(
    client: *mut threeds_client,
    field_name: *const c_char,
    value: *const c_char,
    value_type: u8,
    category: u8,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            c.properties_mut().add_device_param(
                arg(field_name, "field_name")?,
                arg(value, "value")?,
                value_type,
                category,
            )?;
            Ok(())
        })
    }
}

/// `challenge_select_info` entry `i`: its name (the key to answer with) and
/// value (the label), NUL-terminated, into the buffers.
///
/// # Safety
/// `client` live; buffers writable for their caps; `*_needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_challenge_select_info(
    client: *mut threeds_client,
    i: usize,
    name: *mut c_char,
    name_cap: usize,
    name_needed: *mut usize,
    value: *mut c_char,
    value_cap: usize,
    value_needed: *mut usize,
) -> i32 {
    let mut status = THREEDS_OK;
    // SAFETY: forwarded contract.
    let rc = unsafe {
        with_client(client, |c, _| {
            let n = c.challenge_select_info_name(i)?;
            let v = c.challenge_select_info_value(i)?;
            let a = write_str(n, name, name_cap, name_needed);
            let b = write_str(v, value, value_cap, value_needed);
            status = if a != THREEDS_OK { a } else { b };
            Ok(())
        })
    };
    if rc != THREEDS_OK { rc } else { status }
}

/// Copies a string property out.
///
/// # Safety
/// `client` live; `buf` writable for `cap` bytes; `needed` writable or NULL.
pub(crate) unsafe fn get_str(
    client: *mut threeds_client,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
    get: impl FnOnce(&Facade) -> String,
) -> i32 {
    let mut status = THREEDS_OK;
    // SAFETY: forwarded contract (`buf`, `needed` for the copy).
    let rc = unsafe {
        with_client(client, |c, _| {
            let v = Zeroizing::new(get(c));
            status = write_str(&v, buf, cap, needed);
            Ok(())
        })
    };
    if rc != THREEDS_OK { rc } else { status }
}

/// Sets a string property from a C string.
///
/// # Safety
/// `client` live; `value` NUL-terminated.
pub(crate) unsafe fn set_str(
    client: *mut threeds_client,
    value: *const c_char,
    set: impl FnOnce(&mut Facade, &str) -> Result<(), ClientError>,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { with_client(client, |c, _| set(c, arg(value, "value")?)) }
}

/// Reads a numeric property into `*value`.
///
/// # Safety
/// `client` live; `value` writable.
pub(crate) unsafe fn get_num<T>(
    client: *mut threeds_client,
    value: *mut T,
    get: impl FnOnce(&Facade) -> T,
) -> i32 {
    if value.is_null() {
        return THREEDS_ERR_NULL_POINTER;
    }
    // SAFETY: forwarded contract; `value` is non-NULL (checked) and writable.
    unsafe {
        with_client(client, |c, _| {
            value.write(get(c));
            Ok(())
        })
    }
}

/// Runs a numeric setter.
///
/// # Safety
/// `client` live.
pub(crate) unsafe fn set_num(
    client: *mut threeds_client,
    set: impl FnOnce(&mut Facade) -> Result<(), ClientError>,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { with_client(client, |c, _| set(c)) }
}

/// Reads a boolean property into `*value` as 0/1.
///
/// # Safety
/// `client` live; `value` writable.
pub(crate) unsafe fn get_bool(
    client: *mut threeds_client,
    value: *mut i32,
    get: impl FnOnce(&Facade) -> bool,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe { get_num(client, value, |c| i32::from(get(c))) }
}

/// Runs a boolean setter (non-zero: true).
///
/// # Safety
/// `client` live.
pub(crate) unsafe fn set_bool(
    client: *mut threeds_client,
    value: i32,
    set: impl FnOnce(&mut Facade, bool),
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            set(c, value != 0);
            Ok(())
        })
    }
}

/// The result of a setter, whether the facade's returns `()` or a `Result`.
pub(crate) trait SetResult {
    /// As a `Result` with the facade's error.
    fn into_result(self) -> Result<(), ClientError>;
}

impl SetResult for () {
    fn into_result(self) -> Result<(), ClientError> {
        Ok(())
    }
}

impl<E: Into<ClientError>> SetResult for Result<(), E> {
    fn into_result(self) -> Result<(), ClientError> {
        self.map_err(Into::into)
    }
}

/// The number of `challenge_select_info` entries into `*count`.
///
/// # Safety
/// `client` live; `count` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_client_get_challenge_select_info_count(
    client: *mut threeds_client,
    count: *mut usize,
) -> i32 {
    if count.is_null() {
        return THREEDS_ERR_NULL_POINTER;
    }
    // SAFETY: forwarded contract.
    unsafe {
        with_client(client, |c, _| {
            count.write(c.challenge_select_info_count());
            Ok(())
        })
    }
}

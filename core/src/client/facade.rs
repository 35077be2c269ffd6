//! The reference-compatible `Client`: the class's methods, properties,
//! settings and events on top of the sans-IO [`Transaction`].
//!
//! ```text
//! let mut client = Client::new(transport, rng, clock, events);
//! client.set_directory_server_public_key(ds_key);   // + acs roots, ids …
//! let areq = client.get_auth_request()?;            // → 3DS Server
//! client.check_auth_response(&ares)?;               // transStatus C?
//! while !client.challenge_complete() {
//!     client.send_challenge_request()?;             // CReq → CRes, UI properties filled
//!     client.set_challenge_data_entry(otp);         // what the cardholder entered
//! }
//! ```
//!
//! Exchanges: [`Client::send_challenge_request`] runs the one exchange
//! driver of the crate ([`run_exchange_observed_growing`]: the response
//! and plaintext buffers grow to the answer), and turns what its
//! observer saw (the CReq as sealed, the CRes as decrypted, packets, Erros,
//! TLS events) into events, log lines and read-outs.
//!
//! Storage: the facade needs `alloc`. The exchange buffers are sized from
//! the messages (a CRes with `acsHTML` can reach ~400 KB, a native-UI one a
//! few KB) on the first challenge and reused by every later CReq of the
//! client; they are wiped after each exchange and zeroized when dropped.
//!
//! Interrupt: [`Client::interrupt`] (or an [`InterruptHandle`] held by
//! another thread or by the transport) sets a flag that is checked between
//! steps; a transport that can abandon a request should poll the same handle
//! and fail with [`TransportErrorKind::Interrupted`]. Each public method
//! clears the flag when it starts.
//!
//! Another instance may continue a transaction: either the reference's way
//! (read `SDKEphemeralPrivateKey` and `sdk_transaction_id` after
//! [`Client::get_auth_request`], set them on the other instance before
//! [`Client::check_auth_response`]), or with [`Client::export_state`] /
//! [`Client::import_state`], which also cover a running challenge.

use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

use super::cert_input;
use super::challenge_ui::{ChallengeUi, challenge_ui};
use super::config::{ConfigError, NoBackend, Settings, parse_name};
use super::device_collect::DeviceInfoCollector;
use super::error::{ErroCode, ErrorCode};
use super::events::{ClientEvents, LogLevel, LogType};
use super::exchange::{
    self, ExchangeBuffers, ExchangeRecord, FacadeObserver, log_line, log_message,
};
use super::facade_state::{Backend, TxnInfo};
use super::properties::{Properties, PropertyError};
use super::setting::Setting;
use crate::jose::base64url;
use crate::keys::PublicKey;
use crate::message::{
    Interface, MessageVersion, OutgoingExtension, OutgoingExtensions, RequestField, TransStatus,
    UiType,
};
use crate::pki::{RootStore, RootStoreError};
use crate::platform::{Clock, Rng, Transport, TransportError, TransportErrorKind};
use crate::transaction::{
    AcsTrust, AresError, AresOutcome, AuthParams, AuthRequestedParts, CreqSettings, CresOutcome,
    EXPORT_MAX_LEN, Error as TxnError, ExchangeError, SdkErro, StateName, Timeouts, Transaction,
    error_description, run_exchange_observed_growing,
};

/// A failed method call: the reference's error code and a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// The reference's numeric code.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
}

impl ClientError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.code(), self.message)
    }
}

impl core::error::Error for ClientError {}

impl From<PropertyError> for ClientError {
    fn from(e: PropertyError) -> Self {
        Self::new(e.error_code(), format!("{e}"))
    }
}

impl From<ConfigError> for ClientError {
    fn from(e: ConfigError) -> Self {
        Self::new(e.error_code(), format!("{e}"))
    }
}

/// The reference code for a state-machine error.
fn txn_error_code(e: &TxnError) -> ErrorCode {
    match e {
        TxnError::Rng => ErrorCode::EphemeralKey,
        TxnError::TimedOut(_) => ErrorCode::Timeout,
        TxnError::Ares(a) => match a {
            AresError::Message(m) => protocol_code(m.code.0),
            AresError::SignedContentInvalid
            | AresError::CertificateInvalid
            | AresError::SignatureInvalid
            | AresError::ChallengeUnsupported => ErrorCode::InvalidCertificate,
            _ => ErrorCode::InvalidMessage,
        },
        TxnError::InvalidFinalTransStatus => ErrorCode::InvalidMessage,
        _ => ErrorCode::InvalidOperation,
    }
}

/// The reference code for an EMV `errorCode`.
fn protocol_code(code: u16) -> ErrorCode {
    ErroCode::from_code(code).map_or(ErrorCode::InvalidErroCode, ErroCode::client_error)
}

/// The reference code for a root refused by the ACS root store.
fn root_error(e: RootStoreError) -> ClientError {
    match e {
        RootStoreError::InvalidIndex => {
            ClientError::new(ErrorCode::InvalidIndex, "acs_root_cert index")
        }
        RootStoreError::NotAnAnchor(why) => {
            ClientError::new(ErrorCode::InvalidCertificate, format!("ACS root: {why}"))
        }
    }
}

/// A cloneable handle that interrupts the [`Client`] it came from.
#[derive(Debug, Clone)]
pub struct InterruptHandle(Arc<AtomicBool>);

impl InterruptHandle {
    /// Asks the client to stop at the next step.
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether an interrupt is pending.
    pub fn is_interrupted(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// How an exchange ended, owned (the outcome borrows the client's buffers).
enum Done {
    Screen(alloc::boxed::Box<ChallengeUi>),
    Completed(TransStatus),
    Received(u16, String, String),
    Protocol(SdkErro),
    Aborted(u16),
    Stopped,
    Failed(ErrorCode, String),
}

impl Done {
    fn of<E: fmt::Display + TransportError>(
        result: Result<CresOutcome<'_>, ExchangeError<E>>,
    ) -> Self {
        let text = crate::json::text_or_empty;
        match result {
            Ok(CresOutcome::Screen { ui_type, screen }) => {
                Done::Screen(alloc::boxed::Box::new(challenge_ui(ui_type, &screen)))
            }
            Ok(CresOutcome::Completed(s)) => Done::Completed(s),
            Ok(CresOutcome::ErroReceived(e)) => {
                Done::Received(e.code.0, text(e.description), text(e.detail))
            }
            Ok(CresOutcome::ProtocolError(e)) => Done::Protocol(e),
            Ok(CresOutcome::Aborted(e)) => Done::Aborted(e.code.0),
            Err(ExchangeError::Stopped) => Done::Stopped,
            Err(ExchangeError::Transaction(e)) => {
                Done::Failed(txn_error_code(&e), format!("send_challenge_request: {e}"))
            }
            Err(ExchangeError::Transport(e)) if e.kind() == TransportErrorKind::Interrupted => {
                Done::Failed(ErrorCode::Interrupted, String::from("interrupted"))
            }
            Err(ExchangeError::Transport(e)) => {
                Done::Failed(ErrorCode::HttpProtocol, format!("transport: {e}"))
            }
            Err(ExchangeError::HttpStatus(status)) => Done::Failed(
                ErrorCode::HttpProtocol,
                format!("the ACS answered HTTP {status}"),
            ),
        }
    }
}

/// The reference's 3DS client class.
pub struct Client<T: Transport, R: Rng, C: Clock, E: ClientEvents> {
    transport: T,
    rng: R,
    clock: C,
    events: E,
    settings: Settings,
    props: Properties,
    txn: Transaction,
    info: TxnInfo,
    ds_cert: Vec<u8>,
    ds_key: Option<PublicKey>,
    acs_roots: RootStore,
    request_fields: Vec<(String, String, i32)>,
    device_collector: Option<alloc::boxed::Box<dyn DeviceInfoCollector>>,
    interrupted: Arc<AtomicBool>,
    buffers: ExchangeBuffers,
}

impl<T: Transport, R: Rng, C: Clock, E: ClientEvents> fmt::Debug for Client<T, R, C, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("settings", &self.settings)
            .field("properties", &self.props)
            .field("transaction", &self.txn)
            .finish_non_exhaustive()
    }
}

impl<T: Transport, R: Rng, C: Clock, E: ClientEvents> core::ops::Deref for Client<T, R, C, E> {
    type Target = Properties;
    /// The reference's property getters (`client.transaction_status()`, …).
    fn deref(&self) -> &Properties {
        &self.props
    }
}

impl<T: Transport, R: Rng, C: Clock, E: ClientEvents> core::ops::DerefMut for Client<T, R, C, E> {
    /// The reference's property setters (`client.set_challenge_data_entry(…)`, …).
    fn deref_mut(&mut self) -> &mut Properties {
        &mut self.props
    }
}

impl<T: Transport, R: Rng, C: Clock, E: ClientEvents> Client<T, R, C, E> {
    /// A client with default properties and settings.
    pub fn new(transport: T, rng: R, clock: C, events: E) -> Self {
        Self {
            transport,
            rng,
            clock,
            events,
            settings: Settings::default(),
            props: Properties::default(),
            txn: Transaction::new(),
            info: TxnInfo::default(),
            ds_cert: Vec::new(),
            ds_key: None,
            acs_roots: RootStore::default(),
            request_fields: Vec::new(),
            device_collector: None,
            interrupted: Arc::new(AtomicBool::new(false)),
            buffers: ExchangeBuffers::default(),
        }
    }

    // ---- accessors ----

    /// The properties.
    pub fn properties(&self) -> &Properties {
        &self.props
    }
    /// The properties, to set them.
    pub fn properties_mut(&mut self) -> &mut Properties {
        &mut self.props
    }
    /// The stored config settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// `transaction_status`: the ARes's `transStatus`, then the final
    /// CRes's (`C` while a challenge runs or after it failed; empty before
    /// an ARes was accepted). Read from the transaction, never stored twice.
    pub fn transaction_status(&self) -> &str {
        if let Some(status) = self.txn.trans_status() {
            return status.as_str();
        }
        match self.txn.state() {
            StateName::ChallengeExpectCreq | StateName::ChallengeExpectCres => "C",
            StateName::Failed if self.txn.ids().is_some() => "C",
            _ => "",
        }
    }
    /// `challenge_complete`: a final CRes ended the challenge.
    pub fn challenge_complete(&self) -> bool {
        self.txn.state() == StateName::Completed
    }
    /// Chooses the [`CryptoProvider`](crate::crypto::CryptoProvider) that
    /// runs this client's public-key operations, for this and every later
    /// transaction of the client (`reset`, a resume and `import_state` keep
    /// it). The default is [`RUST_CRYPTO`](crate::crypto::RUST_CRYPTO).
    pub fn set_crypto(&mut self, provider: &'static dyn crate::crypto::CryptoProvider) {
        self.txn.set_crypto(provider);
    }
    /// The provider chosen with [`set_crypto`](Self::set_crypto).
    pub fn crypto(&self) -> &'static dyn crate::crypto::CryptoProvider {
        self.txn.crypto()
    }
    /// The transaction state machine (read-only).
    pub fn transaction(&self) -> &Transaction {
        &self.txn
    }
    /// The event sink.
    pub fn events(&self) -> &E {
        &self.events
    }
    /// The event sink, mutably.
    pub fn events_mut(&mut self) -> &mut E {
        &mut self.events
    }
    /// The transport (its own read-outs: the TLS session, …).
    pub fn transport(&self) -> &T {
        &self.transport
    }
    /// The transport.
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }
    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    // ---- certificates and keys ----

    /// `directory_server_cert_encoded`: the DS encryption certificate (DER,
    /// PEM or Base64); its public key encrypts the device information.
    ///
    /// # Errors
    /// 602 when the certificate or its key cannot be read.
    pub fn set_directory_server_cert_encoded(&mut self, cert: &[u8]) -> Result<(), ClientError> {
        let (der, key) = cert_input::certificate_and_key(cert).map_err(|e| {
            ClientError::new(
                ErrorCode::InvalidCertificate,
                format!("DS certificate: {e}"),
            )
        })?;
        self.ds_cert = der;
        self.ds_key = Some(key);
        Ok(())
    }
    /// `directory_server_cert_encoded` (empty when a bare key was set).
    pub fn directory_server_cert_encoded(&self) -> &[u8] {
        &self.ds_cert
    }
    /// `directory_server_cert_subject` (RFC 4514; empty without a certificate).
    pub fn directory_server_cert_subject(&self) -> String {
        crate::pki::subject_text(&self.ds_cert)
    }
    /// `acs_root_cert_subject(i)`, in the reference's `CN=…, O=…` form
    /// (the same text as every std certificate read-out).
    ///
    /// # Errors
    /// 606 for an index out of range.
    pub fn acs_root_cert_subject(&self, i: usize) -> Result<String, ClientError> {
        self.acs_root_cert_encoded(i).map(crate::pki::subject_text)
    }
    /// Sets the DS encryption key directly (no certificate).
    pub fn set_directory_server_public_key(&mut self, key: PublicKey) {
        self.ds_cert.clear();
        self.ds_key = Some(key);
    }
    /// `acs_root_cert_count`.
    pub fn acs_root_cert_count(&self) -> usize {
        self.acs_roots.len()
    }
    /// `set_acs_root_cert_count`: truncates, or adds empty slots.
    pub fn set_acs_root_cert_count(&mut self, count: usize) {
        self.acs_roots.resize(count);
    }
    /// `acs_root_cert_encoded(i)`: the DER of a root that ACS signing chains must lead to.
    ///
    /// # Errors
    /// 606 for an index out of range.
    pub fn acs_root_cert_encoded(&self, i: usize) -> Result<&[u8], ClientError> {
        self.acs_roots
            .get(i)
            .ok_or_else(|| root_error(RootStoreError::InvalidIndex))
    }
    /// `set_acs_root_cert_encoded(i, cert)`: DER, PEM or Base64; an empty
    /// `cert` empties the slot.
    ///
    /// # Errors
    /// 606 for an index out of range; 602 when `cert` is not a certificate.
    pub fn set_acs_root_cert_encoded(&mut self, i: usize, cert: &[u8]) -> Result<(), ClientError> {
        self.acs_roots.set(i, cert).map_err(root_error)
    }
    /// Adds an ACS root certificate (DER, PEM or Base64). Input in none of
    /// these forms is kept as given and refused by
    /// [`check_auth_response`](Self::check_auth_response) with 602; use
    /// [`try_add_acs_root_cert`](Self::try_add_acs_root_cert) to be told now.
    pub fn add_acs_root_cert(&mut self, cert: &[u8]) {
        self.acs_roots.push(cert);
    }
    /// Adds an ACS root certificate (DER, PEM or Base64).
    ///
    /// # Errors
    /// 602 when `cert` is not a certificate (nothing is added).
    pub fn try_add_acs_root_cert(&mut self, cert: &[u8]) -> Result<(), ClientError> {
        self.acs_roots.try_push(cert).map_err(root_error)
    }

    // ---- methods of the reference ----

    /// `add_request_field(name, value, value_type)`: an extra member for the
    /// next CReqs (`value_type` 1: JSON, 2: string).
    ///
    /// # Errors
    /// 603 for another `value_type`, an empty name or invalid JSON.
    pub fn add_request_field(
        &mut self,
        name: &str,
        value: &str,
        value_type: i32,
    ) -> Result<(), ClientError> {
        let ok = !name.is_empty()
            && match value_type {
                1 => crate::json::parse_str(value).is_ok(),
                2 => true,
                _ => false,
            };
        if !ok {
            return Err(ClientError::new(
                ErrorCode::InvalidOperation,
                "add_request_field: a name, and value_type 1 (JSON) or 2 (string)",
            ));
        }
        self.request_fields
            .push((String::from(name), String::from(value), value_type));
        Ok(())
    }

    /// The last ARes's `cardholderInfo` (the text shown for decoupled
    /// authentication), decoded: `[text, issuerImage, paymentSystemImage]`,
    /// each empty when absent (the images exist only in 2.3.1).
    pub fn cardholder_info(&self) -> [&str; 3] {
        self.info.cardholder_info.each_ref().map(String::as_str)
    }

    /// The request fields added so far.
    pub fn request_field_count(&self) -> usize {
        self.request_fields.len()
    }

    /// `config("Name=Value")` sets (answers `""`), `config("Name")` reads;
    /// a setting the core does not implement (the TLS ones) is first asked
    /// of the transport ([`Transport::setting`], [`Transport::configure`]).
    /// Transaction read-outs (`ACSURL`, `ErrorCode`, `ChallengeTimeRemaining`
    /// in seconds, `XPath`/`XText` over the last parsed message, …) come
    /// from this client. `SDKEphemeralPrivateKey` reads and takes the
    /// base64url of the private scalar: **the answer is secret**.
    ///
    /// # Errors
    /// The [`ConfigError`]'s code (603, or 606 for an index).
    pub fn config(&mut self, command: &str) -> Result<String, ClientError> {
        let mut scratch = Zeroizing::new(String::new());
        let name = crate::text::split_once_ascii(command, b'=').map_or(command, |(n, _)| n);
        // The transport answers the read-outs the core has no part in (TLS).
        let transports = parse_name(name)
            .is_ok_and(|(s, _)| matches!(s.kind(), super::setting::SettingKind::Unsupported(_)));
        if let Some(answer) = transports
            .then(|| self.transport_config(command, name.trim()))
            .flatten()
        {
            return answer;
        }
        let reads_private_key = !command.contains('=')
            && parse_name(name).is_ok_and(|(s, _)| s == Setting::SdkEphemeralPrivateKey);
        if let (true, Some(key)) = (reads_private_key, self.txn.ephemeral_private_key()) {
            let mut buf = Zeroizing::new([0u8; 64]);
            if let Ok(s) = base64url::encode(key.as_slice(), buf.as_mut_slice()) {
                scratch.push_str(s);
            }
        }
        let mut backend = Backend {
            props: &mut self.props,
            info: &mut self.info,
            txn: &self.txn,
            now_ms: self.clock.monotonic_ms(),
            scratch: &mut scratch,
        };
        let value = format!("{}", self.settings.config(command, &mut backend)?);
        if command.contains('=')
            && parse_name(name).is_ok_and(|(s, _)| s == Setting::DecoupledFallback)
        {
            self.apply_decoupled_fallback();
        }
        Ok(value)
    }

    /// Hands `DecoupledFallback` to the running transaction, which owns it
    /// from `get_auth_request` on (and exports it); before that there is
    /// nothing to hand it to, and the transaction refuses it once over.
    fn apply_decoupled_fallback(&mut self) {
        let _ = self
            .txn
            .set_decoupled_fallback(self.settings.decoupled_fallback());
    }

    /// A TLS setting asked of the transport: a read-out
    /// ([`Transport::setting`]) or a change between exchanges
    /// ([`Transport::configure`]). `None` when the transport has no such name.
    fn transport_config(
        &mut self,
        command: &str,
        name: &str,
    ) -> Option<Result<String, ClientError>> {
        match crate::text::split_once_ascii(command, b'=') {
            Some((_, value)) => Some(
                self.transport
                    .configure(name, value)?
                    .map(|()| String::new())
                    .map_err(|e| {
                        // A certificate the transport refused is 602, as
                        // for the certificate properties.
                        let code = match e.kind() {
                            TransportErrorKind::Tls => ErrorCode::InvalidCertificate,
                            _ => ErrorCode::InvalidOperation,
                        };
                        ClientError::new(code, format!("{name}: {e}"))
                    }),
            ),
            None => {
                let mut value = String::new();
                self.transport
                    .setting(name, &mut value)
                    .then_some(Ok(value))
            }
        }
    }

    /// `interrupt`: stops the current method at its next step (error 301).
    pub fn interrupt(&self) {
        self.interrupted.store(true, Ordering::SeqCst);
    }

    /// A handle for [`interrupt`](Self::interrupt) from elsewhere (another
    /// thread, the transport).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(Arc::clone(&self.interrupted))
    }

    fn check_interrupt(&mut self) -> Result<(), ClientError> {
        if self.interrupted.swap(false, Ordering::SeqCst) {
            return Err(self.fail(ErrorCode::Interrupted, "interrupted"));
        }
        Ok(())
    }

    /// `reset`: every property and setting back to its default, the
    /// transport's too ([`Transport::reset_settings`]: proxy, client
    /// certificate, TLS settings); the transaction (and its keys) is dropped.
    pub fn reset(&mut self) {
        // The transport's settings (proxy, client certificate, TLS) are
        // properties too.
        self.transport.reset_settings();
        self.props.reset();
        self.settings = Settings::default();
        self.txn.reset();
        self.info = TxnInfo::default();
        self.ds_cert.clear();
        self.ds_key = None;
        self.acs_roots.clear();
        self.request_fields.clear();
        self.interrupted.store(false, Ordering::SeqCst);
        self.buffers = ExchangeBuffers::default();
    }

    /// `reset_transaction_info`: drops the transaction (ephemeral key,
    /// session keys, ids, screens, entries, read-outs) and keeps the
    /// configuration (settings, DS key, roots, device parameters, extensions).
    pub fn reset_transaction_info(&mut self) {
        self.props.reset_transaction_info();
        self.txn.reset();
        self.info = TxnInfo::default();
        self.interrupted.store(false, Ordering::SeqCst);
    }

    /// Records a failure: `on_error`, an Info log line, and the error to return.
    fn fail(&mut self, code: ErrorCode, message: impl Into<String>) -> ClientError {
        let err = ClientError::new(code, message);
        self.events.on_error(code.code(), &err.message);
        log_line(
            &mut self.events,
            &self.settings,
            LogLevel::Info,
            LogType::Info,
            err.message.len().saturating_add(32),
            |l| {
                l.text("Error ")?
                    .text(&format!("{}", code.code()))?
                    .text(": ")?
                    .text(&err.message)?;
                Ok(())
            },
        );
        err
    }

    fn info_line(&mut self, text: &str) {
        log_line(
            &mut self.events,
            &self.settings,
            LogLevel::Info,
            LogType::Info,
            text.len(),
            |l| l.text(text).map(drop),
        );
    }

    fn version(&self) -> Result<MessageVersion, ClientError> {
        MessageVersion::from_wire(self.props.message_version()).ok_or_else(|| {
            ClientError::new(ErrorCode::InvalidOperation, "unsupported message_version")
        })
    }

    fn timeouts(&self) -> Timeouts {
        let max = u16::from(self.settings.sdk_max_timeout());
        let exchange = u64::from(self.props.timeout()).saturating_mul(1000);
        Timeouts {
            sdk_max_timeout_minutes: max,
            // `timeout` 0 means no per-exchange limit: SDKMaxTimeout still applies.
            exchange_timeout_ms: if exchange == 0 {
                u64::from(max).saturating_mul(60_000)
            } else {
                exchange
            },
        }
    }

    fn creq_settings(&self, version: MessageVersion) -> CreqSettings {
        let url = self.props.requestor_app_url();
        CreqSettings {
            requestor_app_url: if url.is_empty() || !version.at_least_2_2() {
                None
            } else {
                heapless::String::try_from(url).ok()
            },
            oob_app_url_supported: self.props.oob_app_url_indicator() == 1,
        }
    }

    /// Collects device information on every [`get_auth_request`](Self::get_auth_request)
    /// (e.g. `threeds_std::device_info::Collector`); `add_device_param`
    /// values override collected ones. `None` turns collection off.
    pub fn set_device_info_collector(
        &mut self,
        collector: Option<alloc::boxed::Box<dyn DeviceInfoCollector>>,
    ) {
        self.device_collector = collector;
    }

    fn device_info_json(&mut self) -> Result<super::device_collect::DeviceJson, String> {
        let ctx = super::device_collect::CollectContext {
            sdk_app_id: self.props.sdk_app_id(),
            sdk_reference_number: self.settings.sdk_reference_number(),
            sdk_trans_id: "",
            now_unix: self.clock.now_unix(),
        };
        super::device_collect::device_json(
            self.device_collector.as_deref_mut(),
            &mut self.rng,
            ctx,
            self.props.device_params(),
            self.settings.mask_sensitive(),
        )
    }

    /// `get_auth_request`: starts a transaction (new ephemeral key and
    /// `sdkTransID`, device information encrypted to the DS key) and
    /// returns the SDK auth-request JSON for the 3DS Server.
    /// `sdk_transaction_id` and `SDKEphemeralPublicKey` are set.
    ///
    /// # Errors
    /// 602 without a DS key; 601 when the key cannot be generated; 603 for
    /// bad parameters (version, ids, device parameters).
    pub fn get_auth_request(&mut self) -> Result<String, ClientError> {
        self.interrupted.store(false, Ordering::SeqCst);
        self.txn.reset();
        self.info = TxnInfo::default();
        let version = self.version().map_err(|e| self.fail(e.code, e.message))?;
        let Some(ds_key) = self.ds_key.clone() else {
            return Err(self.fail(
                ErrorCode::InvalidCertificate,
                "no directory server certificate or key",
            ));
        };
        // Device information: collected (when a collector is set), then the app's.
        let (sdk_trans_id, device_buf, device_log) = match self.device_info_json() {
            Ok(d) => d,
            Err(message) => return Err(self.fail(ErrorCode::InvalidOperation, message)),
        };
        let device_len = device_buf.len();
        let device_json = device_buf.as_slice();
        let ui_types: Vec<UiType> = self
            .settings
            .device_rendering_ui_type_codes()
            .filter_map(UiType::from_wire)
            .filter(|u| u.valid_in(version))
            .collect();
        let creq_settings = self.creq_settings(version);
        let ds_key_id = self.props.directory_server_key_id();
        let params = AuthParams {
            version,
            ds_key: &ds_key,
            ds_key_id: if ds_key_id.is_empty() {
                None
            } else {
                Some(ds_key_id)
            },
            ds_id: self.props.directory_server_id(),
            sdk_app_id: self.props.sdk_app_id(),
            sdk_reference_number: self.settings.sdk_reference_number(),
            timeouts: self.timeouts(),
            device_info: device_json,
            use_aes_gcm: self.settings.use_aes_gcm(),
            sdk_interface: Interface::from_code(self.settings.device_rendering_interface().code()),
            sdk_ui_types: &ui_types,
            requestor_app_url: creq_settings.requestor_app_url.as_deref(),
            oob_app_url_supported: creq_settings.oob_app_url_supported,
        };
        let mut out = vec![0u8; device_len.saturating_mul(4).saturating_add(8192)];
        let now = self.clock.monotonic_ms();
        let begun = self.txn.begin_with_trans_id(
            &params,
            sdk_trans_id.as_ref(),
            &mut self.rng,
            now,
            &mut out,
        );
        let len = match begun {
            Ok(r) => r.len,
            Err(e) => {
                let code = txn_error_code(&e);
                return Err(self.fail(code, format!("get_auth_request: {e}")));
            }
        };
        self.apply_decoupled_fallback();
        let request = String::from_utf8_lossy(out.get(..len).unwrap_or(&[])).into_owned();
        drop(device_buf);
        let sdk_trans_id = self
            .txn
            .sdk_trans_id()
            .map(|id| String::from(id.as_str()))
            .unwrap_or_default();
        let _ = self.props.set_sdk_transaction_id(&sdk_trans_id);
        self.info.ephemeral_public_key = self
            .txn
            .ephemeral_public_jwk()
            .map(|j| String::from(j.as_str()))
            .unwrap_or_default();
        self.info_line(&format!(
            "Auth request built: messageVersion {}, sdkTransID {sdk_trans_id}",
            version.as_str()
        ));
        let public = self.info.ephemeral_public_key.clone();
        log_line(
            &mut self.events,
            &self.settings,
            LogLevel::Debug,
            LogType::EphemeralKey,
            public.len().saturating_add(64),
            |l| {
                l.text("SDKEphemeralPublicKey: ")?
                    .text(&public)?
                    .text(" SDKEphemeralPrivateKey: ")?
                    .secret()?;
                Ok(())
            },
        );
        // The device information as sent, DD values masked per MaskSensitive.
        log_message(
            &mut self.events,
            &self.settings,
            LogLevel::Verbose,
            LogType::DeviceParams,
            &device_log,
        );
        log_message(
            &mut self.events,
            &self.settings,
            LogLevel::Verbose,
            LogType::AReq,
            request.as_bytes(),
        );
        self.events.on_data_packet_out(request.as_bytes());
        self.props.update_data_packet_out(&request);
        Ok(request)
    }

    /// Rebuilds the state after `begin` from an imported `SDKEphemeralPrivateKey`.
    fn resume_from_imported_key(&mut self) -> Result<(), ClientError> {
        let Some(key) = self.info.imported_private_key.take() else {
            return Ok(());
        };
        let version = self.version()?;
        let settings = self.creq_settings(version);
        let parts = AuthRequestedParts {
            version,
            sdk_trans_id: self.props.sdk_transaction_id(),
            ephemeral_private_key: key.as_slice(),
            sdk_reference_number: self.settings.sdk_reference_number(),
            start_ms: self.clock.monotonic_ms(),
            timeouts: self.timeouts(),
            use_aes_gcm: self.settings.use_aes_gcm(),
            settings: &settings,
        };
        let crypto = self.txn.crypto();
        self.txn = Transaction::resume_auth_requested(&parts).map_err(|e| {
            ClientError::new(
                ErrorCode::InvalidOperation,
                format!("SDKEphemeralPrivateKey: {e}"),
            )
        })?;
        self.txn.set_crypto(crypto);
        self.apply_decoupled_fallback();
        Ok(())
    }

    /// `check_auth_response(ares)`: validates the ARes the 3DS Server relayed
    /// and fills `transaction_status`, `TransactionStatusReason`, the ids,
    /// `ACSURL`, `ACSSignedContent` and the rendering type. For `C`, the
    /// `acsSignedContent` chain and signature are checked (against the ACS
    /// roots, or not at all with `AcceptAnyACSCert`) and the session keys
    /// derived; then call [`send_challenge_request`](Self::send_challenge_request).
    ///
    /// # Errors
    /// 603 before `get_auth_request`; 602 for an untrusted or badly signed
    /// `acsSignedContent`; 1101–1302 for an invalid ARes; the mapped code
    /// of an Erro received instead of an ARes (`ErrorCode` etc. are set).
    pub fn check_auth_response(&mut self, ares: &str) -> Result<(), ClientError> {
        self.interrupted.store(false, Ordering::SeqCst);
        if self.txn.state() == StateName::Idle
            && let Err(e) = self.resume_from_imported_key()
        {
            return Err(self.fail(e.code, e.message));
        }
        if self.txn.state() != StateName::AuthRequested {
            let state = self.txn.state();
            return Err(self.fail(
                ErrorCode::InvalidOperation,
                format!("check_auth_response: no auth request awaits an ARes ({state:?})"),
            ));
        }
        self.events.on_data_packet_in(ares.as_bytes());
        log_message(
            &mut self.events,
            &self.settings,
            LogLevel::Verbose,
            LogType::ARes,
            ares.as_bytes(),
        );
        let anchors;
        let trust = if self.settings.accept_any_acs_cert() {
            AcsTrust::accept_any()
        } else {
            anchors = match self.acs_roots.anchors() {
                Ok(a) => a,
                Err(e) => {
                    return Err(self.fail(
                        ErrorCode::InvalidCertificate,
                        format!("acs_root_cert: a root is not a usable CA certificate ({e:?})"),
                    ));
                }
            };
            match &anchors {
                Some(a) => AcsTrust::roots(a),
                None => AcsTrust {
                    roots: None,
                    accept_any_cert: false,
                },
            }
        };
        let now_unix = self.clock.now_unix();
        self.info.last_message = Zeroizing::new(Vec::from(ares.as_bytes()));
        self.info.message_type = "ARes";
        let result = self.txn.handle_ares(ares.as_bytes(), &trust, now_unix);
        let info = &mut self.info;
        let outcome: Result<Option<(u16, String, String)>, TxnError> = match result {
            Ok(
                AresOutcome::Frictionless(a)
                | AresOutcome::Decoupled(a)
                | AresOutcome::Challenge(a),
            ) => {
                info.ares = Zeroizing::new(Vec::from(ares.as_bytes()));
                info.trans_status_reason = a
                    .trans_status_reason
                    .map(|r| format!("{:02}", r.code()))
                    .unwrap_or_default();
                info.rendering = a.acs_rendering_type.map(|r| {
                    (
                        r.interface.code(),
                        r.ui_template.code(),
                        r.device_user_interface_mode,
                    )
                });
                info.acs_signed_content =
                    a.acs_signed_content.map(String::from).unwrap_or_default();
                info.set_extensions(a.extensions);
                info.cardholder_info = a
                    .cardholder_info
                    .map(|c| c.parts().map(crate::json::text_or_empty))
                    .unwrap_or_default();
                Ok(None)
            }
            Ok(AresOutcome::Erro(e)) => {
                let text = crate::json::text_or_empty;
                Ok(Some((e.code.0, text(e.description), text(e.detail))))
            }
            Err(e) => Err(e),
        };
        match outcome {
            Ok(None) => {
                let status = String::from(self.transaction_status());
                self.info_line(&format!("ARes: transStatus {status}"));
                Ok(())
            }
            Ok(Some((code, description, detail))) => {
                self.info.message_type = "Erro";
                self.info
                    .set_error(&format!("{code:03}"), &description, &detail);
                self.props.update_error_packet(ares);
                log_message(
                    &mut self.events,
                    &self.settings,
                    LogLevel::Info,
                    LogType::Erro,
                    ares.as_bytes(),
                );
                Err(self.fail(
                    protocol_code(code),
                    format!("Erro {code:03} received instead of an ARes: {description}"),
                ))
            }
            Err(e) => {
                let code = txn_error_code(&e);
                Err(self.fail(code, format!("check_auth_response: {e}")))
            }
        }
    }

    /// `send_challenge_request`: builds the CReq from the properties
    /// (`challenge_data_entry`/`_two`, `challenge_cancellation_indicator`,
    /// `ResendChallengeInfo`, `oob_continuation_indicator`,
    /// `use_additional_challenge`, `use_information_continuation`,
    /// `whitelisting_data_entry`, `device_binding_data_entry`,
    /// `oob_app_url_indicator`, `oob_app_status`, `requestor_app_url`,
    /// extensions and request fields), POSTs it to the ACS through the
    /// transport, and reads the CRes into the challenge UI properties,
    /// `transaction_status` and `challenge_complete`. The entries, the
    /// cancel/continue choices and `ResendChallengeInfo` are cleared once sent.
    ///
    /// When the CRes breaks the protocol, the Erro is sent to the ACS
    /// (`error_packet`, `ErrorCode`, `ErrorDescription`, `ErrorDetail` are
    /// set) and its mapped code is returned.
    ///
    /// # Errors
    /// 603 when no challenge is running or the answer does not fit the
    /// screen; 1101–1302 for a CRes that failed validation (the Erro was
    /// sent) or an Erro from the ACS; 201 on timeout (Erro 402 sent); 151
    /// for transport/HTTP failures; 301 when interrupted.
    pub fn send_challenge_request(&mut self) -> Result<(), ClientError> {
        self.check_interrupt()?;
        if self.txn.state() != StateName::ChallengeExpectCreq {
            let state = self.txn.state();
            return Err(self.fail(
                ErrorCode::InvalidOperation,
                format!("send_challenge_request: no challenge awaits a CReq ({state:?})"),
            ));
        }
        let version = self.txn.version().unwrap_or(MessageVersion::V2_1_0);
        let screen = self.txn.last_screen().copied();
        let keys: Vec<&str> = self
            .props
            .challenge_data_entry()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .collect();
        let answer = exchange::challenge_answer(
            &self.props,
            &self.settings,
            screen.as_ref(),
            version,
            &keys,
        );
        let mut input = exchange::challenge_input(&self.props, screen.as_ref(), answer);
        let extensions: Vec<OutgoingExtension<'_>> = self
            .props
            .extensions()
            .iter()
            .map(|e| OutgoingExtension {
                id: &e.id,
                name: &e.name,
                critical: e.critical,
                data: &e.data,
            })
            .collect();
        let raw = self.settings.outgoing_raw_extensions();
        input.extensions = if !raw.is_empty() {
            OutgoingExtensions::Raw(raw)
        } else if extensions.is_empty() {
            OutgoingExtensions::None
        } else {
            OutgoingExtensions::List(&extensions)
        };
        let fields: Vec<RequestField<'_>> = self
            .request_fields
            .iter()
            .filter_map(|(n, v, t)| RequestField::from_reference(n, v, *t))
            .collect();
        input.extra_fields = &fields;
        // The request buffer grows to this CReq; an input the CReq cannot be
        // built from is reported by the exchange itself, before any POST.
        let request_needed = self.txn.creq_size(&input).unwrap_or(0);
        let (request, response, plaintext) = self.buffers.get(request_needed);
        let mut observer = FacadeObserver {
            events: &mut self.events,
            settings: &self.settings,
            interrupt: &self.interrupted,
            record: ExchangeRecord::default(),
        };
        let result = run_exchange_observed_growing(
            &mut self.txn,
            &mut self.transport,
            &input,
            &mut self.rng,
            &self.clock,
            request,
            response,
            exchange::RESPONSE_MAX,
            plaintext,
            &mut observer,
        );
        let done = Done::of(result);
        let record = observer.record;
        self.buffers.wipe();
        self.apply_exchange(record, done)
    }

    /// Applies what one exchange saw to the read-outs, and its outcome.
    fn apply_exchange(&mut self, record: ExchangeRecord, done: Done) -> Result<(), ClientError> {
        // An interrupt that reached the transport (or the observer) is consumed here.
        let interrupted = self.interrupted.swap(false, Ordering::SeqCst) || record.interrupted;
        if record.sealed {
            // The answer is on its way: forget it.
            self.props.clear_challenge_entries();
            let _ = self.props.set_challenge_cancellation_indicator("");
            self.props.set_oob_continuation_indicator(0);
            self.props.set_use_additional_challenge(false);
            self.props.set_use_information_continuation(false);
            let _ = self.settings.set("ResendChallengeInfo", "", &mut NoBackend);
        }
        if let Some(creq) = &record.creq_sent {
            self.props.update_data_packet_out(creq);
        }
        if let Some(extensions) = record.incoming_extensions {
            // The last message received: its extensions, or none.
            self.info.set_owned_extensions(extensions);
        }
        if let Some((plaintext, is_erro)) = record.received {
            self.info.challenge_response =
                Zeroizing::new(String::from_utf8_lossy(&plaintext).into_owned());
            self.info.last_message = plaintext;
            self.info.message_type = if is_erro { "Erro" } else { "CRes" };
            if is_erro {
                let packet = self.info.challenge_response.clone();
                self.props.update_error_packet(&packet);
            }
        }
        if let Some((erro, body)) = &record.erro_sent {
            let code = format!("{:03}", erro.code.0);
            self.info
                .set_error(&code, error_description(erro.code), &erro.detail);
            self.props.update_error_packet(body);
        }
        match done {
            Done::Screen(ui) => {
                let ui_type = ui.acsui_type;
                self.props.update_challenge_ui(*ui);
                self.info_line(&format!("CRes: challenge screen, acsUiType {ui_type:02}"));
                Ok(())
            }
            Done::Completed(s) => {
                self.info_line(&format!(
                    "CRes: challenge complete, transStatus {}",
                    s.as_str()
                ));
                Ok(())
            }
            Done::Received(code, description, detail) => {
                self.info
                    .set_error(&format!("{code:03}"), &description, &detail);
                Err(self.fail(
                    protocol_code(code),
                    format!("the ACS sent Erro {code:03}: {description}"),
                ))
            }
            Done::Protocol(e) if e.code == crate::message::ErrorCode::TIMED_OUT => Err(self.fail(
                ErrorCode::Timeout,
                format!("the challenge timed out (Erro 402 sent): {}", e.detail),
            )),
            Done::Protocol(e) => {
                let code = e.code.0;
                Err(self.fail(
                    protocol_code(code),
                    format!("invalid CRes (Erro {code:03} sent): {}", e.detail),
                ))
            }
            Done::Aborted(code) => {
                Err(self.fail(protocol_code(code), "the CRes ended the transaction"))
            }
            Done::Stopped => Err(self.fail(ErrorCode::Interrupted, "interrupted")),
            Done::Failed(ErrorCode::HttpProtocol, _) if interrupted => {
                Err(self.fail(ErrorCode::Interrupted, "interrupted"))
            }
            Done::Failed(code, message) => Err(self.fail(code, message)),
        }
    }

    // ---- multi-instance ----

    /// Serialises the running transaction (ARes awaited, or a challenge)
    /// so that another instance can [`import_state`](Self::import_state) it.
    /// **The bytes are secret** (ephemeral private key or session key).
    ///
    /// # Errors
    /// 603 when no transaction can be exported.
    pub fn export_state(&mut self) -> Result<Zeroizing<Vec<u8>>, ClientError> {
        let mut out = Zeroizing::new(vec![0u8; EXPORT_MAX_LEN]);
        match self.txn.export(&mut out) {
            Ok(len) => {
                out.truncate(len);
                Ok(out)
            }
            Err(e) => Err(self.fail(ErrorCode::InvalidOperation, format!("export: {e}"))),
        }
    }

    /// Continues a transaction exported by another instance; the ids,
    /// `ACSURL` and `sdk_transaction_id` are restored. An export of the
    /// challenge this instance is running, taken before a CReq it has since
    /// sent, is refused ([`Transaction::restore`]): continuing from it would
    /// build a second CReq under a spent counter.
    ///
    /// # Errors
    /// 603 for malformed or stale bytes (nothing changes).
    pub fn import_state(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        match self.txn.restore(bytes) {
            Ok(()) => {
                self.info = TxnInfo::default();
                if let Some(id) = self.txn.sdk_trans_id() {
                    let id = String::from(id.as_str());
                    let _ = self.props.set_sdk_transaction_id(&id);
                }
                // The exporting instance's `DecoupledFallback` travels with
                // the transaction: the read-out says what now applies.
                let fallback = if self.txn.decoupled_fallback() {
                    "true"
                } else {
                    "false"
                };
                let _ = self
                    .settings
                    .set("DecoupledFallback", fallback, &mut NoBackend);
                Ok(())
            }
            Err(e) => Err(self.fail(ErrorCode::InvalidOperation, format!("import: {e}"))),
        }
    }
}

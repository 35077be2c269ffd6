//! HTTPS for the core's [`Transport`] port: ureq over rustls (ring provider).
//!
//! The reference's TLS settings map onto [`HttpsTransportBuilder`]:
//!
//! | reference | here |
//! | --- | --- |
//! | `SSLEnabledProtocols` (TLS 1.2 `0xC00`, TLS 1.3 `0x3000`) | [`enabled_protocols`](HttpsTransportBuilder::enabled_protocols) |
//! | trusted system roots, `SSLCACertFilePaths` | [`roots`](HttpsTransportBuilder::roots), [`ca_cert_file_paths`](HttpsTransportBuilder::ca_cert_file_paths) |
//! | `SSLServerCACerts` | [`server_ca_certs_pem`](HttpsTransportBuilder::server_ca_certs_pem), [`server_ca_cert`](HttpsTransportBuilder::server_ca_cert) |
//! | `ssl_accept_server_cert` | [`accept_server_cert`](HttpsTransportBuilder::accept_server_cert) (pinning) |
//! | `ssl_cert` | [`client_identity`](HttpsTransportBuilder::client_identity) |
//! | `on_ssl_server_authentication`, `on_ssl_status` | [`on_server_authentication`](HttpsTransportBuilder::on_server_authentication), [`on_status`](HttpsTransportBuilder::on_status) |
//! | `proxy_*`, `proxy_auto_detect` | [`proxy`](HttpsTransportBuilder::proxy), [`proxy_auto_detect`](HttpsTransportBuilder::proxy_auto_detect) |
//! | `SSLKeyLogFile` | [`key_log_file`](HttpsTransportBuilder::key_log_file) |
//! | `SSLNegotiated*`, `ssl_server_cert_*` | [`HttpsTransport::negotiated`] |
//! | the same settings on a built transport | [`reconfigure`] (`set_*` methods, `config("SSL…=…")`) |
//! | `timeout` | [`HttpRequest::timeout_ms`]: one deadline per exchange, connect to last body byte |

mod body;
mod client_tls;
mod connector;
mod error;
mod hooks;
mod keylog;
mod proxy;
pub mod reconfigure;
mod session;
mod settings;
mod trust;
mod verifier;

use core::time::Duration;
use std::path::PathBuf;
use std::sync::Arc;

use threeds_core::platform::{
    HttpRequest, HttpResponse, TIMEOUT_SPENT, TlsEvents, Transport, TransportErrorKind,
};

pub use error::HttpsError;
pub use hooks::{ServerAuthHook, ServerAuthentication, StatusHook};
pub use proxy::ProxySettings;
pub use session::NegotiatedSession;
pub use trust::{DEFAULT_CA_FILE_PATHS, RootSource, load_ca_file_paths};

use crate::certs::{self, CertError, Certificate, ClientIdentity};
use body::BodyRoom;
use settings::Settings;

/// The longest exchange budget applied (`u32::MAX` ms, about 49 days).
const MAX_BUDGET_MS: u64 = u32::MAX as u64;

/// `SSLEnabledProtocols` bit for TLS 1.2.
pub const PROTOCOL_TLS12: u32 = 0x0C00;
/// `SSLEnabledProtocols` bit for TLS 1.3.
pub const PROTOCOL_TLS13: u32 = 0x3000;

/// Configures an [`HttpsTransport`].
#[must_use]
#[derive(Default)]
pub struct HttpsTransportBuilder {
    settings: Settings,
    server_auth: Option<ServerAuthHook>,
    status: Option<StatusHook>,
}

impl core::fmt::Debug for HttpsTransportBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpsTransportBuilder")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl HttpsTransportBuilder {
    /// `SSLEnabledProtocols`: an OR of [`PROTOCOL_TLS12`] and [`PROTOCOL_TLS13`]
    /// (other reference bits — SSL 2/3, TLS 1.0/1.1 — are ignored: never offered).
    pub fn enabled_protocols(mut self, flags: u32) -> Self {
        self.settings.protocols = flags;
        self
    }

    /// The base set of trusted roots (default: the compiled-in Mozilla roots).
    pub fn roots(mut self, source: RootSource) -> Self {
        self.settings.roots = source;
        self
    }

    /// Trusts one more CA certificate (`SSLServerCACerts`, one entry).
    pub fn server_ca_cert(mut self, cert: Certificate) -> Self {
        self.settings.server_ca_certs.push(cert);
        self
    }

    /// Trusts every certificate of a PEM bundle (`SSLServerCACerts`).
    ///
    /// # Errors
    /// [`CertError`] when the text holds no certificate or a damaged one.
    pub fn server_ca_certs_pem(mut self, pem: &[u8]) -> Result<Self, CertError> {
        self.settings
            .server_ca_certs
            .extend(certs::parse_pem_certificates(pem)?);
        Ok(self)
    }

    /// Trusts the CA certificates of the first existing file of a
    /// `;`-separated list (`SSLCACertFilePaths`).
    ///
    /// # Errors
    /// [`CertError::NotFound`] when none exists; read or parse errors.
    pub fn ca_cert_file_paths(mut self, paths: &str) -> Result<Self, CertError> {
        self.settings.ca_file_certs = load_ca_file_paths(paths)?;
        self.settings.ca_file_paths = paths.to_owned();
        Ok(self)
    }

    /// Pins the server certificate (`ssl_accept_server_cert`): the server must
    /// present exactly this leaf (or another pinned one). A pin replaces chain
    /// and host-name validation; the server must still prove it holds the key.
    pub fn accept_server_cert(mut self, cert: Certificate) -> Self {
        self.settings.pinned.push(cert);
        self
    }

    /// The client certificate and key for mutual TLS (`ssl_cert`).
    pub fn client_identity(mut self, identity: ClientIdentity) -> Self {
        self.settings.client = Some(identity);
        self
    }

    /// `on_ssl_server_authentication`: called once per handshake with the
    /// verifier's verdict in [`ServerAuthentication::accept`]; the return value
    /// decides (`true` continues, also overriding a failed verification).
    pub fn on_server_authentication(
        mut self,
        hook: impl FnMut(&ServerAuthentication) -> bool + Send + 'static,
    ) -> Self {
        self.server_auth = Some(Box::new(hook));
        self
    }

    /// `on_ssl_status`: TLS progress messages, for logging.
    pub fn on_status(mut self, hook: impl FnMut(&str) + Send + 'static) -> Self {
        self.status = Some(Box::new(hook));
        self
    }

    /// An HTTP proxy tunnelled through with CONNECT (`proxy_server`, ...).
    pub fn proxy(mut self, proxy: ProxySettings) -> Self {
        self.settings.proxy = Some(proxy);
        self
    }

    /// `proxy_auto_detect`: use `HTTPS_PROXY` / `https_proxy` (or `ALL_PROXY`)
    /// and `NO_PROXY`, read when the transport is built. An explicit
    /// [`proxy`](Self::proxy) wins.
    pub fn proxy_auto_detect(mut self, on: bool) -> Self {
        self.settings.proxy_auto_detect = on;
        self
    }

    /// `SSLKeyLogFile`: append session secrets to this file (debugging only).
    pub fn key_log_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.key_log = Some(path.into());
        self
    }

    /// Allows `http://` URLs (test set-ups only; 3DS requires HTTPS).
    pub fn allow_plain_http(mut self, on: bool) -> Self {
        self.settings.allow_plain_http = on;
        self
    }

    /// The `User-Agent` header value.
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.settings.user_agent = value.into();
        self
    }

    /// Builds the transport.
    ///
    /// # Errors
    /// [`HttpsError`] of kind `Other` for an unusable configuration (no TLS
    /// version enabled, a bad CA or client certificate, a bad proxy).
    pub fn build(self) -> Result<HttpsTransport, HttpsError> {
        let shared = Arc::new(hooks::Shared::new(self.server_auth, self.status));
        let agent = self.settings.agent(&shared)?;
        let proxy_fields =
            crate::connection_properties::ProxyFields::of(self.settings.proxy.as_ref());
        Ok(HttpsTransport {
            agent,
            shared,
            built: self.settings.clone(),
            settings: self.settings,
            proxy_fields,
        })
    }
}

/// The core's [`Transport`] over HTTPS.
///
/// Its settings can change after it was built (see [`reconfigure`]): each
/// change builds a new connection agent, so the next exchange opens a fresh
/// connection with them.
pub struct HttpsTransport {
    agent: ureq::Agent,
    shared: Arc<hooks::Shared>,
    settings: Settings,
    /// The settings it was built with: what `reset_settings` puts back.
    built: Settings,
    /// The reference's `proxy_*` properties as set on a client.
    pub(crate) proxy_fields: crate::connection_properties::ProxyFields,
}

impl core::fmt::Debug for HttpsTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpsTransport").finish_non_exhaustive()
    }
}

impl HttpsTransport {
    /// A builder with the defaults: TLS 1.2 and 1.3, Mozilla roots, no proxy.
    pub fn builder() -> HttpsTransportBuilder {
        HttpsTransportBuilder::default()
    }

    /// The parameters of the most recent handshake (`SSLNegotiated*`), if any.
    pub fn negotiated(&self) -> Option<NegotiatedSession> {
        self.shared.negotiated()
    }
}

impl HttpsTransport {
    /// One POST, the response body read into `room`.
    fn post_into(
        &mut self,
        request: &HttpRequest<'_>,
        mut room: BodyRoom<'_>,
    ) -> Result<HttpResponse, HttpsError> {
        // One budget for the whole exchange: ureq's global timeout covers
        // DNS, connect, the TLS handshake (the connector's reads see what is
        // left of it), the request and every body read to the last byte.
        if request.timeout_ms == TIMEOUT_SPENT {
            return Err(HttpsError::new(
                TransportErrorKind::TimedOut,
                "the exchange's time budget was already spent",
            ));
        }
        // Capped (at ~49 days) so that adding it to an `Instant` cannot overflow.
        let budget = Duration::from_millis(request.timeout_ms.min(MAX_BUDGET_MS));
        self.shared.set_rejection(None);
        let mut response = self
            .agent
            .post(request.url)
            .header("Content-Type", request.content_type)
            .config()
            .timeout_global(Some(budget))
            .build()
            .send(request.body)
            .map_err(|e| HttpsError::from_ureq(e, self.shared.take_rejection()))?;
        let status = response.status().as_u16();
        let body = response.body_mut();
        let content_length = body.content_length();
        let body_len = room.read_from(&mut body.as_reader(), content_length)?;
        Ok(HttpResponse { status, body_len })
    }
}

impl Transport for HttpsTransport {
    type Error = HttpsError;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, HttpsError> {
        self.post_into(request, BodyRoom::Slice(response_body))
    }

    /// Sizes `response_body` from the answer: to its `Content-Length`, or
    /// (a chunked body) from 16 KiB in doubling steps while bytes come,
    /// never past `max_len`.
    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, HttpsError> {
        let room = BodyRoom::Growing {
            body: response_body,
            max_len,
        };
        match tls {
            Some(tls) => client_tls::post_reporting(self, request, room, tls),
            None => self.post_into(request, room),
        }
    }

    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, HttpsError> {
        client_tls::post_reporting(self, request, BodyRoom::Slice(response_body), tls)
    }

    fn setting(&self, name: &str, out: &mut dyn core::fmt::Write) -> bool {
        client_tls::setting(self, name, out) || reconfigure::setting(self, name, out)
    }

    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), HttpsError>> {
        reconfigure::configure(self, name, value)
    }

    /// Back to the settings the builder gave (TLS versions, CAs, client
    /// certificate, proxy, key log): the application's construction-time
    /// choice is the default the reference's `reset()` returns to. The last
    /// session's read-outs and the accepted certificates are forgotten; the
    /// builder's callbacks stay.
    fn reset_settings(&mut self) {
        self.shared.forget();
        // These settings built a transport once; should they no longer (a
        // CA file of the builder's removed meanwhile), agent and settings
        // stay as they were rather than disagree.
        if let Ok(agent) = self.built.agent(&self.shared) {
            self.agent = agent;
            self.settings = self.built.clone();
            self.proxy_fields =
                crate::connection_properties::ProxyFields::of(self.settings.proxy.as_ref());
        }
    }
}

//! [`Transport`] over TCP + TLS 1.3, with the exchange's deadline enforced beneath TLS.

use embedded_io::{Read, Write};
use rand_core::TryCryptoRng;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{Clock, HttpRequest, HttpResponse, Transport, TransportError};

use super::{ServerAuth, TlsConnectError, TlsFailure, TlsStream};
use crate::http::Watched;
use crate::transport::{EmbeddedTransportError, Exchange, TransportConfig};

/// Opens plain TCP connections (the terminal's network stack).
///
/// Like [`Connector`](crate::transport::Connector), the stream's `read` must not block
/// forever: give it a read timeout (a short one is fine). `TimedOut`/`Interrupted`
/// errors are retried beneath TLS until the exchange's deadline passes.
pub trait TcpConnect {
    /// The connected TCP stream.
    type Stream: Read + Write;
    /// Why connecting failed.
    type Error: TransportError;

    /// Connects to `host:port` (resolving the name if needed), giving up after
    /// `budget_ms` milliseconds: what is left of the exchange's deadline.
    ///
    /// # Errors
    /// Any resolution or connection failure.
    fn connect(
        &mut self,
        host: &str,
        port: u16,
        budget_ms: u64,
    ) -> Result<Self::Stream, Self::Error>;
}

/// The buffers of a [`TlsTransport`]: all RAM the exchange needs besides the response
/// body, the stack and the heap used by certificate validation.
pub struct TlsBuffers<'b> {
    /// HTTP request head, then response head (2–8 KiB, as for
    /// [`EmbeddedTransport`](crate::transport::EmbeddedTransport)).
    pub scratch: &'b mut [u8],
    /// One incoming TLS record: [`RX_BUFFER_LEN`](super::RX_BUFFER_LEN).
    pub tls_rx: &'b mut [u8],
    /// Outgoing TLS records: [`TX_BUFFER_LEN`](super::TX_BUFFER_LEN).
    pub tls_tx: &'b mut [u8],
}

/// HTTP/1.1 [`Transport`] over TLS 1.3 ([`TlsStream`]) over a [`TcpConnect`].
///
/// Each `post` connects, authenticates the server against the trust anchors at the
/// clock's `now_unix` for the URL's host, sends one request with `Connection: close`,
/// reads the response and closes. Only `https://` URLs are accepted
/// ([`TransportConfig::allow_plain_http`] is ignored).
pub struct TlsTransport<'b, T, K, R> {
    tcp: T,
    clock: K,
    rng: R,
    anchors: &'b TrustAnchors,
    buffers: TlsBuffers<'b>,
    extra_headers: &'b [(&'b str, &'b str)],
    config: TransportConfig,
}

impl<'b, T: TcpConnect, K: Clock, R: TryCryptoRng> TlsTransport<'b, T, K, R> {
    /// A transport with the default [`TransportConfig`]; `rng` seeds each handshake.
    pub fn new(
        tcp: T,
        clock: K,
        rng: R,
        anchors: &'b TrustAnchors,
        buffers: TlsBuffers<'b>,
    ) -> Self {
        Self {
            tcp,
            clock,
            rng,
            anchors,
            buffers,
            extra_headers: &[],
            config: TransportConfig::default(),
        }
    }

    /// Replaces the configuration.
    #[must_use]
    pub fn with_config(mut self, config: TransportConfig) -> Self {
        self.config = config;
        self
    }

    /// Headers added to every request, e.g. `[("User-Agent", "terminal/1.0")]`.
    #[must_use]
    pub fn with_extra_headers(mut self, headers: &'b [(&'b str, &'b str)]) -> Self {
        self.extra_headers = headers;
        self
    }

    /// The TCP connector, e.g. to shut down its network stack.
    pub fn tcp_mut(&mut self) -> &mut T {
        &mut self.tcp
    }
}

impl<T: TcpConnect, K: Clock, R: TryCryptoRng> Transport for TlsTransport<'_, T, K, R> {
    type Error = EmbeddedTransportError<TlsConnectError<T::Error>, TlsFailure>;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        let (tcp, clock, rng, anchors) = (&mut self.tcp, &self.clock, &mut self.rng, self.anchors);
        let (tls_rx, tls_tx) = (&mut *self.buffers.tls_rx, &mut *self.buffers.tls_tx);
        let exchange = Exchange {
            scratch: &mut *self.buffers.scratch,
            extra_headers: self.extra_headers,
            limits: &self.config.limits,
            allow_plain_http: false,
        };
        // The same request path as `EmbeddedTransport`; only the connector differs: TLS
        // runs here, above the watched TCP stream, so the handshake answers to the deadline.
        let (response, tls) = exchange.post(clock, request, response_body, |url, watchdog| {
            let connect = |e| EmbeddedTransportError::Connect(TlsConnectError::Tcp(e));
            let stream = tcp
                .connect(url.host(), url.port(), watchdog.remaining_ms())
                .map_err(connect)?;
            let auth = ServerAuth::new(anchors, clock.now_unix());
            TlsStream::connect(
                Watched::new(stream, watchdog),
                url.host(),
                &auth,
                rng,
                tls_rx,
                tls_tx,
            )
            .map_err(|e| EmbeddedTransportError::Connect(TlsConnectError::Tls(e)))
        })?;
        // Best effort: the response is complete whether or not the peer reads this.
        let _ = tls.close();
        Ok(response)
    }
}

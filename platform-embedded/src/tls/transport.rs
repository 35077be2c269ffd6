//! [`Transport`] over TCP + TLS 1.3, with the inactivity timeout enforced beneath TLS.

use embedded_io::{ErrorKind, ErrorType, Read, Write};
use rand_core::TryCryptoRng;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{Clock, HttpRequest, HttpResponse, Transport, TransportError};

use super::{ServerAuth, TlsConnectError, TlsFailure, TlsStream};
use crate::http::{self, InactivityWatchdog, NoWatchdog, Post, Url, Watchdog};
use crate::transport::{EmbeddedTransportError, TransportConfig};

/// Opens plain TCP connections (the terminal's network stack).
///
/// Like [`Connector`](crate::transport::Connector), the stream's `read` must not block
/// forever: give it a read timeout (a short one is fine). `TimedOut`/`Interrupted`
/// errors are retried beneath TLS until the exchange's inactivity timeout runs out.
pub trait TcpConnect {
    /// The connected TCP stream.
    type Stream: Read + Write;
    /// Why connecting failed.
    type Error: TransportError;

    /// Connects to `host:port` (resolving the name if needed).
    ///
    /// # Errors
    /// Any resolution or connection failure.
    fn connect(&mut self, host: &str, port: u16) -> Result<Self::Stream, Self::Error>;
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
        let url = Url::parse(request.url, false)?;
        let post = Post {
            url,
            content_type: request.content_type,
            body: request.body,
            extra_headers: self.extra_headers,
        };
        let watchdog =
            InactivityWatchdog::new(&self.clock, request.timeout_ms, self.config.max_exchange_ms);
        let tcp = self
            .tcp
            .connect(url.host(), url.port())
            .map_err(|e| EmbeddedTransportError::Connect(TlsConnectError::Tcp(e)))?;
        let auth = ServerAuth::new(self.anchors, self.clock.now_unix());
        let mut tls = TlsStream::connect(
            Guarded {
                inner: tcp,
                watchdog,
            },
            url.host(),
            &auth,
            &mut self.rng,
            &mut *self.buffers.tls_rx,
            &mut *self.buffers.tls_tx,
        )
        .map_err(|e| EmbeddedTransportError::Connect(TlsConnectError::Tls(e)))?;
        // The watchdog lives beneath TLS; a `TimedOut` reaching HTTP is final.
        let response = http::blocking::post(
            &mut tls,
            &post,
            &mut *self.buffers.scratch,
            response_body,
            &self.config.limits,
            &mut NoWatchdog,
        )?;
        // Best effort: the response is complete whether or not the peer reads this.
        let _ = tls.close();
        Ok(response)
    }
}

/// The TCP stream under TLS, retrying short socket timeouts while the watchdog allows.
///
/// Retrying must happen here: a `TimedOut` surfacing inside `embedded-tls` in the
/// middle of a record loses the bytes read so far, so the TLS stream cannot resume.
struct Guarded<S, W> {
    inner: S,
    watchdog: W,
}

/// A [`Guarded`] stream failure; `embedded-tls` keeps only its kind.
#[derive(Debug)]
enum GuardedError<E> {
    Io(E),
    TimedOut,
}

impl<E: core::fmt::Display> core::fmt::Display for GuardedError<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::TimedOut => f.write_str("timed out"),
        }
    }
}

impl<E: core::fmt::Debug + core::fmt::Display> core::error::Error for GuardedError<E> {}

impl<E: embedded_io::Error> embedded_io::Error for GuardedError<E> {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Io(e) => e.kind(),
            Self::TimedOut => ErrorKind::TimedOut,
        }
    }
}

impl<S: ErrorType, W> ErrorType for Guarded<S, W> {
    type Error = GuardedError<S::Error>;
}

impl<S: ErrorType, W: Watchdog> Guarded<S, W> {
    fn retry<T>(
        &mut self,
        mut op: impl FnMut(&mut S) -> Result<T, S::Error>,
        moved: impl Fn(&T) -> bool,
    ) -> Result<T, GuardedError<S::Error>> {
        use embedded_io::Error as _;
        loop {
            self.watchdog.check().map_err(|_| GuardedError::TimedOut)?;
            match op(&mut self.inner) {
                Ok(v) => {
                    if moved(&v) {
                        self.watchdog.on_progress();
                    }
                    return Ok(v);
                }
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::Interrupted) => {
                    self.watchdog
                        .on_stall()
                        .map_err(|_| GuardedError::TimedOut)?;
                }
                Err(e) => return Err(GuardedError::Io(e)),
            }
        }
    }
}

impl<S: Read, W: Watchdog> Read for Guarded<S, W> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        self.retry(|s| s.read(buf), |n| *n > 0)
    }
}

impl<S: Write, W: Watchdog> Write for Guarded<S, W> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.retry(|s| s.write(buf), |n| *n > 0)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.retry(Write::flush, |()| false)
    }
}

//! [`Transport`] on top of a caller-supplied connector.

use core::fmt;

use embedded_io::{ErrorKind, ErrorType, Read, Write};
use threeds_core::platform::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};

use crate::http::{
    self, ClientError, DeadlineWatchdog, HttpError, Limits, NoWatchdog, Post, Url, Watchdog as _,
    Watched, WatchedError,
};

/// Opens a connection that is already secured.
///
/// Terminals bring their own TLS: a TLS library over their TCP stack, or a modem with TLS
/// offload. The returned stream speaks plaintext HTTP to this crate and TLS on the wire.
///
/// The stream's `read` must not block forever: give it a read timeout (any length; a short
/// one is fine). `TimedOut`/`Interrupted` errors are retried until the exchange's
/// deadline (`HttpRequest::timeout_ms`, measured on the transport's [`Clock`]) passes.
/// Other error kinds end the exchange at once: std sockets report a read timeout as
/// `WouldBlock`, which `embedded-io-adapters` turns into `Other`, so such a stream must
/// map it to `TimedOut`.
pub trait Connector {
    /// The connected, TLS-protected stream.
    type Stream: Read + Write;
    /// Why connecting failed; its [`TransportError::kind`] should say
    /// [`TransportErrorKind::Tls`] for a certificate or handshake failure.
    type Error: TransportError;

    /// Connects to `host:port` and completes the TLS handshake (SNI = `host`), giving up
    /// after `budget_ms` milliseconds: what is left of the exchange's deadline (the
    /// transport checks the deadline again as soon as this returns).
    ///
    /// # Errors
    /// Any connection or TLS failure; a timeout should say
    /// [`TransportErrorKind::TimedOut`].
    fn connect(
        &mut self,
        host: &str,
        port: u16,
        budget_ms: u64,
    ) -> Result<Self::Stream, Self::Error>;
}

/// Transport options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransportConfig {
    /// Header and chunk limits for responses.
    pub limits: Limits,
    /// Accept `http://` URLs. Only for tests: 3-D Secure requires TLS.
    pub allow_plain_http: bool,
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_plain_http: false,
        }
    }
}

/// HTTP/1.1 [`Transport`] over a [`Connector`], with one deadline per exchange on a
/// [`Clock`] (`HttpRequest::timeout_ms`: connect to the last body byte).
///
/// Each `post` opens a connection, sends one request with `Connection: close` and drops
/// the stream. `scratch` holds the request head, then the response head (so its length
/// caps the response head together with [`Limits::max_header_bytes`]; 2–8 KiB is typical).
pub struct EmbeddedTransport<'s, C, K> {
    connector: C,
    clock: K,
    scratch: &'s mut [u8],
    extra_headers: &'s [(&'s str, &'s str)],
    config: TransportConfig,
}

impl<'s, C: Connector, K: Clock> EmbeddedTransport<'s, C, K> {
    /// A transport with the default [`TransportConfig`].
    pub fn new(connector: C, clock: K, scratch: &'s mut [u8]) -> Self {
        Self {
            connector,
            clock,
            scratch,
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
    pub fn with_extra_headers(mut self, headers: &'s [(&'s str, &'s str)]) -> Self {
        self.extra_headers = headers;
        self
    }

    /// The connector, e.g. to shut down its network stack.
    pub fn connector_mut(&mut self) -> &mut C {
        &mut self.connector
    }
}

impl<C: Connector, K: Clock> Transport for EmbeddedTransport<'_, C, K> {
    type Error = EmbeddedTransportError<C::Error, <C::Stream as ErrorType>::Error>;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        let connector = &mut self.connector;
        let exchange = Exchange {
            scratch: self.scratch,
            extra_headers: self.extra_headers,
            limits: &self.config.limits,
            allow_plain_http: self.config.allow_plain_http,
        };
        let posted = exchange.post(&self.clock, request, response_body, |url, watchdog| {
            let stream = connector
                .connect(url.host(), url.port(), watchdog.remaining_ms())
                .map_err(EmbeddedTransportError::Connect)?;
            Ok(Watched::new(stream, watchdog))
        });
        match posted {
            Ok((response, _stream)) => Ok(response),
            Err(e) => Err(e.unwatched()),
        }
    }
}

/// What one exchange needs besides the stream: the request path both transports share.
pub(crate) struct Exchange<'a> {
    pub scratch: &'a mut [u8],
    pub extra_headers: &'a [(&'a str, &'a str)],
    pub limits: &'a Limits,
    pub allow_plain_http: bool,
}

impl Exchange<'_> {
    /// Starts the exchange's one deadline, has `open` connect beneath it (TCP, then TLS
    /// when the transport does TLS itself), and POSTs over the stream it returns. The
    /// deadline lives in the [`Watched`] stream at the bottom, so the HTTP layer above
    /// runs without a watchdog of its own. Returns the stream too, for a clean close.
    pub(crate) fn post<'k, K, S, CE, F>(
        self,
        clock: &'k K,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        open: F,
    ) -> Result<(HttpResponse, S), EmbeddedTransportError<CE, S::Error>>
    where
        K: Clock,
        S: Read + Write,
        F: FnOnce(
            &Url<'_>,
            DeadlineWatchdog<&'k K>,
        ) -> Result<S, EmbeddedTransportError<CE, S::Error>>,
    {
        let url = Url::parse(request.url, self.allow_plain_http)?;
        let post = Post {
            url,
            content_type: request.content_type,
            body: request.body,
            extra_headers: self.extra_headers,
        };
        let mut watchdog = DeadlineWatchdog::new(clock, request.timeout_ms);
        // A spent budget (`timeout_ms` 0) connects to nothing.
        watchdog
            .check()
            .map_err(|_| EmbeddedTransportError::TimedOut)?;
        let mut stream = open(&url, watchdog)?;
        let response = http::blocking::post(
            &mut stream,
            &post,
            self.scratch,
            response_body,
            self.limits,
            &mut NoWatchdog,
        )?;
        Ok((response, stream))
    }
}

impl<CE, IE> EmbeddedTransportError<CE, WatchedError<IE>> {
    /// The error of the stream beneath the watchdog: its timeout is the exchange's.
    fn unwatched(self) -> EmbeddedTransportError<CE, IE> {
        match self {
            Self::Connect(e) => EmbeddedTransportError::Connect(e),
            Self::Io(WatchedError::Io(e)) => EmbeddedTransportError::Io(e),
            Self::Io(WatchedError::TimedOut) | Self::TimedOut => EmbeddedTransportError::TimedOut,
            Self::Http(e) => EmbeddedTransportError::Http(e),
            Self::ConnectionClosed => EmbeddedTransportError::ConnectionClosed,
        }
    }
}

/// Why [`EmbeddedTransport::post`](Transport::post) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbeddedTransportError<CE, IE> {
    /// The connector failed (TCP or TLS).
    Connect(CE),
    /// The stream failed after connecting.
    Io(IE),
    /// The URL, the request or the response broke an HTTP rule or limit.
    Http(HttpError),
    /// No bytes moved within the timeout.
    TimedOut,
    /// The peer stopped accepting the request.
    ConnectionClosed,
}

impl<CE, IE> From<HttpError> for EmbeddedTransportError<CE, IE> {
    fn from(e: HttpError) -> Self {
        Self::Http(e)
    }
}

impl<CE, IE> From<ClientError<IE>> for EmbeddedTransportError<CE, IE> {
    fn from(e: ClientError<IE>) -> Self {
        match e {
            ClientError::Http(e) => Self::Http(e),
            ClientError::Io(e) => Self::Io(e),
            ClientError::TimedOut => Self::TimedOut,
            ClientError::ConnectionClosed => Self::ConnectionClosed,
        }
    }
}

impl<CE: fmt::Display, IE: fmt::Display> fmt::Display for EmbeddedTransportError<CE, IE> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(e) => write!(f, "connect: {e}"),
            Self::Io(e) => write!(f, "I/O: {e}"),
            Self::Http(e) => write!(f, "HTTP: {e}"),
            Self::TimedOut => f.write_str("timed out"),
            Self::ConnectionClosed => f.write_str("connection closed while sending"),
        }
    }
}

impl<CE: TransportError, IE: embedded_io::Error> TransportError for EmbeddedTransportError<CE, IE> {
    fn kind(&self) -> TransportErrorKind {
        match self {
            Self::Connect(e) => e.kind(),
            Self::Io(e) => match e.kind() {
                ErrorKind::TimedOut => TransportErrorKind::TimedOut,
                ErrorKind::Interrupted => TransportErrorKind::Interrupted,
                _ => TransportErrorKind::Connection,
            },
            Self::TimedOut => TransportErrorKind::TimedOut,
            Self::ConnectionClosed => TransportErrorKind::Connection,
            Self::Http(e) => http_error_kind(*e),
        }
    }
}

/// The protocol-relevant class of an [`HttpError`].
pub fn http_error_kind(e: HttpError) -> TransportErrorKind {
    match e {
        HttpError::BodyTooLarge => TransportErrorKind::ResponseTooLarge,
        HttpError::UnexpectedEof => TransportErrorKind::Connection,
        HttpError::InvalidUrl
        | HttpError::InsecureScheme
        | HttpError::InvalidRequest
        | HttpError::RequestTooLarge
        | HttpError::BufferTooSmall => TransportErrorKind::Other,
        _ => TransportErrorKind::Protocol,
    }
}

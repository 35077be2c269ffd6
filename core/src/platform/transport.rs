use core::fmt;

/// One HTTP POST the SDK wants sent (a CReq, or an Erro to the ACS).
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// Absolute `https://` URL (the `acsURL` from the ARes).
    pub url: &'a str,
    /// `Content-Type` header value, e.g. `application/jose; charset=UTF-8`.
    pub content_type: &'a str,
    /// The request body.
    pub body: &'a [u8],
    /// The budget of the whole exchange, in milliseconds from the call to
    /// [`Transport::post`]: connecting, the TLS handshake, sending the
    /// request and reading the response up to its last byte all end by then
    /// (a peer that sends one byte just before each read timeout is a
    /// timeout too). On expiry the transport fails with
    /// [`TransportErrorKind::TimedOut`].
    ///
    /// `0` ([`TIMEOUT_SPENT`]) means the budget is already spent: the
    /// transport fails with `TimedOut` without connecting. There is no
    /// "no timeout": a caller that wants a long wait passes a long budget.
    pub timeout_ms: u64,
}

/// [`HttpRequest::timeout_ms`] of an exchange whose budget is already spent.
pub const TIMEOUT_SPENT: u64 = 0;

/// What came back: the status and how much of the caller's buffer holds the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Number of body bytes written at the start of the response buffer.
    pub body_len: usize,
}

/// Why an exchange failed, in terms the protocol layer can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The exchange did not end within [`HttpRequest::timeout_ms`] (maps to
    /// Erro 402).
    TimedOut,
    /// The response body did not fit the buffer.
    ResponseTooLarge,
    /// Connecting, TLS, or reading failed.
    Connection,
    /// The TLS peer could not be authenticated.
    Tls,
    /// The response was not valid HTTP.
    Protocol,
    /// The operation was interrupted by the application.
    Interrupted,
    /// Anything else.
    Other,
}

/// Errors returned by a [`Transport`] say what kind of failure they are.
pub trait TransportError: fmt::Debug + fmt::Display {
    /// The protocol-relevant kind of this failure.
    fn kind(&self) -> TransportErrorKind;
}

/// What a TLS transport shows about the server's certificate during a
/// handshake (the reference's `on_ssl_server_authentication` parameters).
#[derive(Debug, Clone, Copy)]
pub struct ServerCertificate<'a> {
    /// The DER certificate.
    pub cert_encoded: &'a [u8],
    /// Its subject, as text.
    pub cert_subject: &'a str,
    /// Its issuer, as text.
    pub cert_issuer: &'a str,
    /// `"OK"`, or why verification failed.
    pub status: &'a str,
}

/// Receives the TLS events of one [`Transport::post_with_tls_events`]. The
/// core knows nothing of TLS: a transport that has a handshake reports it
/// here, in terms an application can act on.
pub trait TlsEvents {
    /// The server presented `cert`; `accept` holds the transport's verdict.
    /// Setting it to `false` refuses the connection (nothing is sent);
    /// setting it to `true` accepts a certificate that failed verification.
    fn server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        let _ = (cert, accept);
    }
    /// A TLS progress message (handshake started, protocol and cipher negotiated, …).
    fn status(&mut self, message: &str) {
        let _ = message;
    }
}

/// The HTTP port: POST a body, receive the response body into a caller buffer.
///
/// Buffers belong to the caller so that firmware can size them statically
/// (a CRes with `acsHTML` can reach 400 KB; a native-UI-only terminal needs a
/// few KB); with `alloc`, [`post_growing`](Self::post_growing) lets the
/// transport size the buffer from the response instead.
pub trait Transport {
    /// The adapter's error type.
    type Error: TransportError;

    /// Sends `request` and writes the response body into `response_body`,
    /// all of it within [`HttpRequest::timeout_ms`] of the call.
    ///
    /// # Errors
    /// Any connection, TLS, timeout or size failure, classified by
    /// [`TransportError::kind`]; a missed deadline is
    /// [`TransportErrorKind::TimedOut`], whatever phase it fell in.
    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error>;

    /// [`post`](Self::post) reporting the TLS handshake to `tls`, whose
    /// verdict on the server certificate the transport must honour. The
    /// default (a transport without TLS, or one that cannot report) posts
    /// without events.
    ///
    /// # Errors
    /// As [`post`](Self::post); a refused certificate is a
    /// [`TransportErrorKind::Tls`] failure.
    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, Self::Error> {
        let _ = tls;
        self.post(request, response_body)
    }

    /// [`post`](Self::post) into a buffer sized from the response: on
    /// success `response_body[..body_len]` holds the body. The buffer is
    /// never shrunk (a caller reuses it for every exchange) and never grown
    /// past `max_len`; a body longer than that is a
    /// [`TransportErrorKind::ResponseTooLarge`] failure. `tls` receives the
    /// handshake as in [`post_with_tls_events`](Self::post_with_tls_events).
    ///
    /// The default sizes the buffer to `max_len` before posting (the
    /// transport writes into a slice and cannot say how long the body will
    /// be); a transport that reads a length or reads in pieces overrides it
    /// to allocate what the body needs.
    ///
    /// # Errors
    /// As [`post`](Self::post).
    #[cfg(feature = "alloc")]
    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut alloc::vec::Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, Self::Error> {
        if response_body.len() < max_len {
            response_body.resize(max_len, 0);
        }
        let room = response_body.get_mut(..max_len).unwrap_or_default();
        match tls {
            Some(tls) => self.post_with_tls_events(request, room, tls),
            None => self.post(request, room),
        }
    }

    /// A read-out of the reference's that belongs to the transport (e.g.
    /// `SSLNegotiatedVersion` on a TLS transport), for the facade's
    /// `config("Name")`: writes the value into `out` and returns `true`;
    /// `false` (the default) when the transport has none of that name or no
    /// value yet.
    fn setting(&self, name: &str, out: &mut dyn fmt::Write) -> bool {
        let _ = (name, out);
        false
    }

    /// A setting of the reference's that belongs to the transport (e.g.
    /// `SSLEnabledProtocols` on a TLS transport), for the facade's
    /// `config("Name=Value")` between exchanges. `None` (the default) when
    /// the transport has no setting of that name; `Some(Err(_))` when it
    /// refuses the value, which must then leave it unchanged (an error of
    /// kind [`TransportErrorKind::Tls`] marks a refused certificate: the
    /// facade answers 602, other refusals 603).
    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), Self::Error>> {
        let _ = (name, value);
        None
    }

    /// Puts back every setting [`configure`](Self::configure) (or the
    /// transport's own setters) changed since the transport was built, and
    /// forgets the last connection's read-outs: the facade's `reset()`
    /// ("clears all properties to their default values") calls it. The
    /// default does nothing (a transport without settings).
    fn reset_settings(&mut self) {}
}

impl<T: Transport + ?Sized> Transport for &mut T {
    type Error = T::Error;
    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        (**self).post(request, response_body)
    }
    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, Self::Error> {
        (**self).post_with_tls_events(request, response_body, tls)
    }
    #[cfg(feature = "alloc")]
    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut alloc::vec::Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, Self::Error> {
        (**self).post_growing(request, response_body, max_len, tls)
    }
    fn setting(&self, name: &str, out: &mut dyn fmt::Write) -> bool {
        (**self).setting(name, out)
    }
    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), Self::Error>> {
        (**self).configure(name, value)
    }
    fn reset_settings(&mut self) {
        (**self).reset_settings();
    }
}

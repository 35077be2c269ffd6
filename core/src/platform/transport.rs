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

/// The HTTP port: POST a body, receive the response body into a caller buffer.
///
/// Buffers belong to the caller so that firmware can size them statically
/// (a CRes with `acsHTML` can reach 400 KB; a native-UI-only terminal needs a
/// few KB).
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
}

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
    /// Inactivity timeout for this exchange, in milliseconds.
    pub timeout_ms: u64,
}

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
    /// No response within the timeout (maps to Erro 402).
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

    /// Sends `request` and writes the response body into `response_body`.
    ///
    /// # Errors
    /// Any connection, TLS, timeout or size failure, classified by
    /// [`TransportError::kind`].
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

use core::fmt;

/// Everything that can be wrong with a URL, a request or a response, independent of I/O.
///
/// Each limit and each syntax rule has its own variant so that a terminal log says which
/// rule a misbehaving ACS broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum HttpError {
    /// The URL is not `scheme://host[:port][/path][?query]` with the allowed characters.
    InvalidUrl,
    /// The URL is `http://` and plain HTTP was not explicitly allowed (3-D Secure requires TLS).
    InsecureScheme,
    /// A request header name or value is empty, contains control characters, or is one the
    /// client sets itself (`Host`, `Content-Length`, `Content-Type`, `Connection`,
    /// `Transfer-Encoding`).
    InvalidRequest,
    /// The request head does not fit the scratch buffer.
    RequestTooLarge,
    /// The status line is not `HTTP/1.x NNN [reason]`.
    StatusLine,
    /// A header line is malformed (bad name, control characters, obsolete line folding,
    /// bare CR or LF).
    MalformedHeader,
    /// The response head (or the chunked trailer section) exceeds the header byte limit.
    HeadersTooLarge,
    /// The response head (or the trailer section) has more header fields than allowed.
    TooManyHeaders,
    /// `Content-Length` is not a decimal number, overflows, or repeated values disagree.
    MalformedContentLength,
    /// A `Transfer-Encoding` other than `chunked` (the client never asks for one), or
    /// `chunked` applied twice.
    UnsupportedTransferEncoding,
    /// The chunked framing is malformed (bad size, missing CRLF, size overflow).
    MalformedChunk,
    /// A chunk-size line (size plus extensions) exceeds the chunk line limit.
    ChunkLineTooLong,
    /// The body does not fit the caller's buffer.
    BodyTooLarge,
    /// The peer closed the connection before the response was complete.
    UnexpectedEof,
    /// The server answered `101 Switching Protocols` or sent too many interim responses.
    UnexpectedStatus,
    /// A buffer the caller passed is empty.
    BufferTooSmall,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidUrl => "invalid URL",
            Self::InsecureScheme => "plain http:// URL not allowed",
            Self::InvalidRequest => "invalid request header",
            Self::RequestTooLarge => "request head does not fit the scratch buffer",
            Self::StatusLine => "malformed status line",
            Self::MalformedHeader => "malformed response header",
            Self::HeadersTooLarge => "response headers too large",
            Self::TooManyHeaders => "too many response headers",
            Self::MalformedContentLength => "malformed Content-Length",
            Self::UnsupportedTransferEncoding => "unsupported Transfer-Encoding",
            Self::MalformedChunk => "malformed chunked body",
            Self::ChunkLineTooLong => "chunk-size line too long",
            Self::BodyTooLarge => "response body larger than the buffer",
            Self::UnexpectedEof => "connection closed before the response was complete",
            Self::UnexpectedStatus => "unexpected interim response",
            Self::BufferTooSmall => "empty buffer",
        })
    }
}

impl core::error::Error for HttpError {}

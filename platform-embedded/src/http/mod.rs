//! HTTP/1.1 for the SDK's POSTs, over any `embedded-io` stream.
//!
//! The protocol work is sans-IO and shared: [`Post::encode_head`] writes the request
//! head, [`parse_response_head`] and [`BodyDecoder`] parse the response from bytes fed in
//! fragments of any size, and [`ResponseReader`] ties them to caller buffers. The
//! [`blocking`] and [`nonblocking`] modules are the thin read/write loops around it.
//!
//! Only what an ACS exchange needs: one `POST` per connection (`Connection: close`),
//! `Content-Length`, chunked and read-until-close bodies, no compression, no redirects.

pub mod blocking;
mod body;
mod error;
mod head;
mod limits;
pub mod nonblocking;
mod reader;
mod request;
mod url;
mod watchdog;
mod watched;

use core::fmt;

pub use body::{BodyDecoder, Progress};
pub use error::HttpError;
pub use head::{Framing, Header, Headers, ResponseHead, Status, parse_response_head};
pub use limits::{
    Limits, MAX_CHUNK_LINE_BYTES, MAX_HEADER_BYTES, MAX_HEADERS, MAX_INTERIM_RESPONSES,
};
pub use reader::ResponseReader;
pub use request::Post;
pub use url::Url;
pub use watchdog::{DeadlineWatchdog, NoWatchdog, TimedOut, Watchdog};
pub use watched::{Watched, WatchedError};

/// A failed exchange: the HTTP rules, the stream, or the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientError<E> {
    /// The request could not be built or the response broke a rule or a limit.
    Http(HttpError),
    /// The stream failed.
    Io(E),
    /// The watchdog gave up waiting for the peer.
    TimedOut,
    /// The peer stopped accepting bytes (a write returned 0).
    ConnectionClosed,
}

impl<E: fmt::Display> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(e) => write!(f, "HTTP: {e}"),
            Self::Io(e) => write!(f, "I/O: {e}"),
            Self::TimedOut => f.write_str("timed out"),
            Self::ConnectionClosed => f.write_str("connection closed while sending"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> core::error::Error for ClientError<E> {}

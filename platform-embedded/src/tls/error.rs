//! Typed TLS failures and their mapping to the core's [`TransportErrorKind`].

use core::fmt;

use embedded_io::ErrorKind;
use embedded_tls::TlsError;
use embedded_tls::alert::AlertDescription;
use threeds_core::pki::ChainError;
use threeds_core::platform::{TransportError, TransportErrorKind};

/// Why the server's certificate or its proof of possession was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateFailure {
    /// The server sent no X.509 certificate (an empty list or a raw public key).
    NoCertificate,
    /// The server sent more certificates than the validator accepts.
    TooManyCertificates,
    /// The chain does not validate against the configured roots at the current time
    /// (unknown issuer, expired, bad signature, weak key, ...): the exact check and
    /// certificate are in the [`ChainError`].
    Chain(ChainError),
    /// None of the leaf's subjectAltName entries names the host of the URL.
    HostnameMismatch,
    /// The leaf has an extendedKeyUsage without `serverAuth` (or `anyExtendedKeyUsage`).
    NotServerAuth,
    /// The server proved possession of the leaf key with a scheme that does not fit the
    /// key or that this client does not implement (its TLS code point).
    UnsupportedSignatureScheme(u16),
    /// The CertificateVerify signature over the handshake transcript is invalid.
    BadSignature,
    /// The server finished the handshake without sending a Certificate and a
    /// CertificateVerify (which `embedded-tls` itself does not insist on).
    NotAuthenticated,
}

impl fmt::Display for CertificateFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCertificate => f.write_str("the server sent no X.509 certificate"),
            Self::TooManyCertificates => f.write_str("the server sent too many certificates"),
            Self::Chain(e) => write!(f, "untrusted server certificate chain: {e}"),
            Self::HostnameMismatch => f.write_str("the server certificate does not name the host"),
            Self::NotServerAuth => f.write_str("the server certificate is not for serverAuth"),
            Self::UnsupportedSignatureScheme(s) => {
                write!(f, "unsupported CertificateVerify scheme 0x{s:04x}")
            }
            Self::BadSignature => f.write_str("invalid CertificateVerify signature"),
            Self::NotAuthenticated => {
                f.write_str("the server skipped Certificate or CertificateVerify")
            }
        }
    }
}

/// A failed TLS connection or record exchange.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum TlsFailure {
    /// The entropy source failed before the handshake; nothing was sent.
    Rng,
    /// The server could not be authenticated.
    Certificate(CertificateFailure),
    /// The server does not speak TLS 1.3 (it answered with a `protocol_version` alert
    /// or a TLS 1.2 ServerHello). Such an ACS needs the vendor TLS stack.
    ProtocolVersion,
    /// The server aborted the handshake with this TLS alert (RFC 8446 §6 code).
    Alert(u8),
    /// A record or the server's certificate list did not fit the TLS buffers.
    InsufficientSpace,
    /// Any other TLS protocol failure reported by `embedded-tls`.
    Protocol(TlsError),
    /// The exchange's deadline passed (or the stream reported `TimedOut` as final).
    TimedOut,
    /// The peer closed the TCP connection without a TLS `close_notify`.
    Closed,
    /// The TCP stream failed.
    Io(ErrorKind),
}

impl TlsFailure {
    /// Classifies an `embedded-tls` error.
    #[must_use]
    pub fn from_tls(e: TlsError) -> Self {
        match e {
            TlsError::Io(ErrorKind::TimedOut) => Self::TimedOut,
            // Our record guard's refusal of a malformed protected record.
            TlsError::Io(ErrorKind::InvalidData) => Self::Protocol(TlsError::InvalidRecord),
            TlsError::Io(kind) => Self::Io(kind),
            // embedded-tls reports a read of 0 bytes (TCP EOF) as `IoError`.
            TlsError::IoError | TlsError::ConnectionClosed => Self::Closed,
            TlsError::HandshakeAborted(_, AlertDescription::ProtocolVersion)
            | TlsError::InvalidSupportedVersions => Self::ProtocolVersion,
            TlsError::HandshakeAborted(_, alert) => Self::Alert(alert as u8),
            TlsError::InsufficientSpace => Self::InsufficientSpace,
            other => Self::Protocol(other),
        }
    }
}

impl From<CertificateFailure> for TlsFailure {
    fn from(e: CertificateFailure) -> Self {
        Self::Certificate(e)
    }
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rng => f.write_str("the random number generator failed"),
            Self::Certificate(e) => write!(f, "server authentication: {e}"),
            Self::ProtocolVersion => f.write_str("the server does not support TLS 1.3"),
            Self::Alert(code) => write!(f, "the server sent TLS alert {code}"),
            Self::InsufficientSpace => f.write_str("TLS buffers too small"),
            Self::Protocol(e) => write!(f, "TLS protocol error: {e:?}"),
            Self::TimedOut => f.write_str("timed out"),
            Self::Closed => f.write_str("connection closed without close_notify"),
            Self::Io(kind) => write!(f, "TCP: {kind:?}"),
        }
    }
}

impl core::error::Error for TlsFailure {}

impl embedded_io::Error for TlsFailure {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::TimedOut => ErrorKind::TimedOut,
            Self::Io(kind) => *kind,
            Self::Closed => ErrorKind::ConnectionAborted,
            Self::Rng | Self::InsufficientSpace => ErrorKind::Other,
            Self::Certificate(_) | Self::ProtocolVersion | Self::Alert(_) | Self::Protocol(_) => {
                ErrorKind::InvalidData
            }
        }
    }
}

impl TransportError for TlsFailure {
    fn kind(&self) -> TransportErrorKind {
        match self {
            Self::Certificate(_) | Self::ProtocolVersion | Self::Alert(_) | Self::Protocol(_) => {
                TransportErrorKind::Tls
            }
            Self::TimedOut | Self::Io(ErrorKind::TimedOut) => TransportErrorKind::TimedOut,
            Self::Io(ErrorKind::Interrupted) => TransportErrorKind::Interrupted,
            Self::Closed | Self::Io(_) => TransportErrorKind::Connection,
            Self::Rng | Self::InsufficientSpace => TransportErrorKind::Other,
        }
    }
}

/// Why [`TlsTransport`](super::TlsTransport) could not open a connection.
#[derive(Debug, Clone, Copy)]
pub enum TlsConnectError<E> {
    /// The TCP connector failed.
    Tcp(E),
    /// The TLS handshake failed.
    Tls(TlsFailure),
}

impl<E: fmt::Display> fmt::Display for TlsConnectError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tcp(e) => write!(f, "TCP: {e}"),
            Self::Tls(e) => write!(f, "TLS: {e}"),
        }
    }
}

impl<E: TransportError> TransportError for TlsConnectError<E> {
    fn kind(&self) -> TransportErrorKind {
        match self {
            Self::Tcp(e) => e.kind(),
            Self::Tls(e) => TransportError::kind(e),
        }
    }
}

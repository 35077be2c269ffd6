use std::fmt;

use threeds_core::platform::{TransportError, TransportErrorKind};

/// An HTTPS exchange failed; [`kind`](TransportError::kind) says how.
#[derive(Debug)]
pub struct HttpsError {
    kind: TransportErrorKind,
    message: String,
}

impl HttpsError {
    pub(crate) fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The failure's description (for logs; not for display to the cardholder).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Classifies a ureq error, preferring the certificate verdict recorded by
    /// the verifier (the rustls error alone says less).
    pub(crate) fn from_ureq(e: ureq::Error, rejected: Option<String>) -> Self {
        use TransportErrorKind as K;
        if let Some(status) = rejected {
            return Self::new(K::Tls, format!("server certificate rejected: {status}"));
        }
        let kind = match &e {
            ureq::Error::Timeout(_) => K::TimedOut,
            ureq::Error::Io(io) => classify_io(io),
            ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => K::Protocol,
            ureq::Error::BodyExceedsLimit(_) => K::ResponseTooLarge,
            ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::ConnectProxyFailed(_)
            | ureq::Error::BodyStalled => K::Connection,
            ureq::Error::Tls(_) => K::Tls,
            _ => K::Other,
        };
        Self::new(kind, e.to_string())
    }
}

fn classify_io(io: &std::io::Error) -> TransportErrorKind {
    use TransportErrorKind as K;
    if let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
        return match tls {
            rustls::Error::InvalidCertificate(_)
            | rustls::Error::NoCertificatesPresented
            | rustls::Error::InvalidCertRevocationList(_) => K::Tls,
            rustls::Error::AlertReceived(
                rustls::AlertDescription::BadCertificate
                | rustls::AlertDescription::UnsupportedCertificate
                | rustls::AlertDescription::CertificateRevoked
                | rustls::AlertDescription::CertificateExpired
                | rustls::AlertDescription::CertificateUnknown
                | rustls::AlertDescription::UnknownCA
                | rustls::AlertDescription::CertificateRequired
                | rustls::AlertDescription::AccessDenied,
            ) => K::Tls,
            _ => K::Connection,
        };
    }
    match io.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => K::TimedOut,
        std::io::ErrorKind::Interrupted => K::Interrupted,
        _ => K::Connection,
    }
}

impl fmt::Display for HttpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl core::error::Error for HttpsError {}

impl TransportError for HttpsError {
    fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

//! The reference's numeric error codes and the seam from protocol (`Erro`) codes.
//!
//! The facade reports every failure as one [`ErrorCode`] (the number an
//! application compares against) plus a description. Protocol failures that
//! the EMV specification reports in an `Erro` message carry an [`ErroCode`];
//! [`ErroCode::client_error`] maps them onto the reference's codes.

use crate::message::ErrorCode as WireCode;
use core::fmt;

/// One table for the enum, its numbers and the reference's descriptions.
macro_rules! error_codes {
    ($($variant:ident = $code:literal, $text:literal;)*) => {
        /// The reference's error codes that this client can report.
        ///
        /// The 6xx and 11xx–13xx codes are the reference's "Client Errors"; the
        /// others are the HTTP/TCP/TLS codes the facade reuses for transport faults.
        /// Socket-level Winsock codes (10004…11004) are not reproduced: transports
        /// report their own errors through [`ErrorCode::HttpProtocol`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( #[doc = concat!(stringify!($code), ": ", $text)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the reference's order (for tables and tests).
            pub const ALL: [ErrorCode; [$($code),*].len()] = [$(ErrorCode::$variant),*];

            /// The reference's numeric code.
            pub const fn code(self) -> u16 {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The reference's description of the code.
            pub const fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text,)* }
            }
        }
    };
}

error_codes! {
    EphemeralKey = 601, "Could not create ephemeral key.";
    InvalidCertificate = 602, "Invalid certificate.";
    // Also: unknown, read-only or badly valued config settings.
    InvalidOperation = 603, "Invalid operation.";
    InvalidClientAuthData = 604, "Invalid ClientAuth data.";
    InvalidErroCode = 605, "The errorCode element in Erro message is invalid.";
    InvalidIndex = 606, "Invalid index.";
    InvalidMessage = 1101, "Protocol error. Received invalid message.";
    InvalidMessageVersion = 1102, "Protocol error. Invalid message version.";
    MissingDataElement = 1201, "Protocol error. Missing data element.";
    UnrecognizedCriticalExtension = 1202, "Protocol error. Unrecognized critical extension.";
    UnrecognizedTransactionId = 1301, "Protocol error. Unrecognized transaction Id.";
    DecryptionFailed = 1302, "Decryption failed.";
    Busy = 143, "Busy executing current method.";
    HttpProtocol = 151, "HTTP protocol error. The error message has the server response.";
    NoServer = 152, "No server specified in url.";
    InvalidUrlScheme = 153, "Specified url_scheme is invalid.";
    Timeout = 201, "Timeout.";
    Interrupted = 301, "Interrupted.";
    CannotVerifyChain = 275, "Cannot verify certificate chain.";
    Handshake = 276, "Error during handshake.";
    CertificateVerification = 280, "Error verifying certificate.";
}

impl ErrorCode {
    /// The code with this number, if this client reports it.
    pub fn from_code(code: u16) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.description())
    }
}

impl core::error::Error for ErrorCode {}

/// An EMV 3DS `errorCode` the specification defines: the message layer's
/// [`WireCode`], restricted to the defined codes (101–103, 201–207,
/// 301–315 and 402–405, the 2.3.1 additions included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErroCode(WireCode);

impl ErroCode {
    const DEFINED: [core::ops::RangeInclusive<u16>; 4] =
        [101..=103, 201..=207, 301..=315, 402..=405];

    /// Parses the `errorCode` element's text (exactly three ASCII digits of a defined code).
    ///
    /// # Errors
    /// [`ErrorCode::InvalidErroCode`] (605) for anything else, as the reference reports it.
    pub fn parse(text: &str) -> Result<ErroCode, ErrorCode> {
        WireCode::from_wire(text)
            .and_then(|c| ErroCode::from_code(c.0))
            .ok_or(ErrorCode::InvalidErroCode)
    }

    /// The code with this number, if the specification defines it.
    pub fn from_code(n: u16) -> Option<ErroCode> {
        let defined = ErroCode::DEFINED.iter().any(|r| r.contains(&n));
        defined.then_some(ErroCode(WireCode(n)))
    }

    /// The three-digit code.
    pub const fn code(self) -> u16 {
        self.0.0
    }

    /// The message layer's code.
    pub const fn wire_code(self) -> WireCode {
        self.0
    }

    /// The reference error code the facade reports for this protocol error.
    ///
    /// The reference names five protocol faults (1101–1302); codes that say
    /// "the message was bad" in other words (format, duplicates, reserved
    /// values, wrong transaction data) map to 1101, the challenge timer
    /// (402) to the generic timeout 201, and system failures reported by
    /// the peer (303, 403–405 and the server-side codes) to 1101 as well,
    /// because the exchange ended on a message the client cannot use.
    pub const fn client_error(self) -> ErrorCode {
        match self.0 {
            WireCode::VERSION_NOT_SUPPORTED => ErrorCode::InvalidMessageVersion,
            WireCode::REQUIRED_MISSING => ErrorCode::MissingDataElement,
            WireCode::CRITICAL_EXTENSION => ErrorCode::UnrecognizedCriticalExtension,
            WireCode::TRANSACTION_ID => ErrorCode::UnrecognizedTransactionId,
            WireCode::DECRYPTION => ErrorCode::DecryptionFailed,
            WireCode::TIMED_OUT => ErrorCode::Timeout,
            _ => ErrorCode::InvalidMessage,
        }
    }
}

impl From<ErroCode> for ErrorCode {
    fn from(e: ErroCode) -> ErrorCode {
        e.client_error()
    }
}

impl fmt::Display for ErroCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.code())
    }
}

//! The reference's numeric error codes and the seam from protocol (`Erro`) codes.
//!
//! The facade reports every failure as one [`ErrorCode`] (the number an
//! application compares against) plus a description. Protocol failures that
//! the EMV specification reports in an `Erro` message carry an [`ErroCode`];
//! [`ErroCode::client_error`] maps them onto the reference's codes.

use core::fmt;

/// The reference's error codes that this client can report.
///
/// The 6xx and 11xx–13xx codes are the reference's "Client Errors"; the
/// others are the HTTP/TCP/TLS codes the facade reuses for transport faults.
/// Socket-level Winsock codes (10004…11004) are not reproduced: transports
/// report their own errors through [`ErrorCode::HttpProtocol`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 601: Could not create ephemeral key.
    EphemeralKey,
    /// 602: Invalid certificate.
    InvalidCertificate,
    /// 603: Invalid operation (also: unknown, read-only or badly valued config settings).
    InvalidOperation,
    /// 604: Invalid ClientAuth data.
    InvalidClientAuthData,
    /// 605: The errorCode element in Erro message is invalid.
    InvalidErroCode,
    /// 606: Invalid index.
    InvalidIndex,
    /// 1101: Protocol error. Received invalid message.
    InvalidMessage,
    /// 1102: Protocol error. Invalid message version.
    InvalidMessageVersion,
    /// 1201: Protocol error. Missing data element.
    MissingDataElement,
    /// 1202: Protocol error. Unrecognized critical extension.
    UnrecognizedCriticalExtension,
    /// 1301: Protocol error. Unrecognized transaction Id.
    UnrecognizedTransactionId,
    /// 1302: Decryption failed.
    DecryptionFailed,
    /// 143: Busy executing current method.
    Busy,
    /// 151: HTTP protocol error. The error message has the server response.
    HttpProtocol,
    /// 152: No server specified in url.
    NoServer,
    /// 153: Specified url_scheme is invalid.
    InvalidUrlScheme,
    /// 201: Timeout.
    Timeout,
    /// 301: Interrupted.
    Interrupted,
    /// 275: Cannot verify certificate chain.
    CannotVerifyChain,
    /// 276: Error during handshake.
    Handshake,
    /// 280: Error verifying certificate.
    CertificateVerification,
}

impl ErrorCode {
    /// Every code, in the reference's order (for tables and tests).
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::EphemeralKey,
        ErrorCode::InvalidCertificate,
        ErrorCode::InvalidOperation,
        ErrorCode::InvalidClientAuthData,
        ErrorCode::InvalidErroCode,
        ErrorCode::InvalidIndex,
        ErrorCode::InvalidMessage,
        ErrorCode::InvalidMessageVersion,
        ErrorCode::MissingDataElement,
        ErrorCode::UnrecognizedCriticalExtension,
        ErrorCode::UnrecognizedTransactionId,
        ErrorCode::DecryptionFailed,
        ErrorCode::Busy,
        ErrorCode::HttpProtocol,
        ErrorCode::NoServer,
        ErrorCode::InvalidUrlScheme,
        ErrorCode::Timeout,
        ErrorCode::Interrupted,
        ErrorCode::CannotVerifyChain,
        ErrorCode::Handshake,
        ErrorCode::CertificateVerification,
    ];

    /// The reference's numeric code.
    pub const fn code(self) -> u16 {
        match self {
            ErrorCode::EphemeralKey => 601,
            ErrorCode::InvalidCertificate => 602,
            ErrorCode::InvalidOperation => 603,
            ErrorCode::InvalidClientAuthData => 604,
            ErrorCode::InvalidErroCode => 605,
            ErrorCode::InvalidIndex => 606,
            ErrorCode::InvalidMessage => 1101,
            ErrorCode::InvalidMessageVersion => 1102,
            ErrorCode::MissingDataElement => 1201,
            ErrorCode::UnrecognizedCriticalExtension => 1202,
            ErrorCode::UnrecognizedTransactionId => 1301,
            ErrorCode::DecryptionFailed => 1302,
            ErrorCode::Busy => 143,
            ErrorCode::HttpProtocol => 151,
            ErrorCode::NoServer => 152,
            ErrorCode::InvalidUrlScheme => 153,
            ErrorCode::Timeout => 201,
            ErrorCode::Interrupted => 301,
            ErrorCode::CannotVerifyChain => 275,
            ErrorCode::Handshake => 276,
            ErrorCode::CertificateVerification => 280,
        }
    }

    /// The reference's description of the code.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCode::EphemeralKey => "Could not create ephemeral key.",
            ErrorCode::InvalidCertificate => "Invalid certificate.",
            ErrorCode::InvalidOperation => "Invalid operation.",
            ErrorCode::InvalidClientAuthData => "Invalid ClientAuth data.",
            ErrorCode::InvalidErroCode => "The errorCode element in Erro message is invalid.",
            ErrorCode::InvalidIndex => "Invalid index.",
            ErrorCode::InvalidMessage => "Protocol error. Received invalid message.",
            ErrorCode::InvalidMessageVersion => "Protocol error. Invalid message version.",
            ErrorCode::MissingDataElement => "Protocol error. Missing data element.",
            ErrorCode::UnrecognizedCriticalExtension => {
                "Protocol error. Unrecognized critical extension."
            }
            ErrorCode::UnrecognizedTransactionId => "Protocol error. Unrecognized transaction Id.",
            ErrorCode::DecryptionFailed => "Decryption failed.",
            ErrorCode::Busy => "Busy executing current method.",
            ErrorCode::HttpProtocol => {
                "HTTP protocol error. The error message has the server response."
            }
            ErrorCode::NoServer => "No server specified in url.",
            ErrorCode::InvalidUrlScheme => "Specified url_scheme is invalid.",
            ErrorCode::Timeout => "Timeout.",
            ErrorCode::Interrupted => "Interrupted.",
            ErrorCode::CannotVerifyChain => "Cannot verify certificate chain.",
            ErrorCode::Handshake => "Error during handshake.",
            ErrorCode::CertificateVerification => "Error verifying certificate.",
        }
    }

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

/// An EMV 3DS `errorCode` value (the `Erro` message's three-digit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErroCode {
    /// 101 Message Received Invalid.
    MessageReceivedInvalid,
    /// 102 Message Version Number Not Supported.
    MessageVersionNotSupported,
    /// 103 Sent Messages Limit Exceeded.
    SentMessagesLimitExceeded,
    /// 201 Required Data Element Missing.
    RequiredElementMissing,
    /// 202 Critical Message Extension Not Recognised.
    CriticalExtensionNotRecognised,
    /// 203 Format or value of data element(s) invalid.
    InvalidElementFormat,
    /// 204 Duplicate Data Element.
    DuplicateElement,
    /// 205 Card Range Overlap (2.3.1).
    CardRangeOverlap,
    /// 206 Card Range Action Indicator (2.3.1).
    CardRangeActionIndicator,
    /// 207 Value in the Reserved Value range (2.3.1).
    ReservedValue,
    /// 301 Transaction ID Not Recognised.
    TransactionIdNotRecognised,
    /// 302 Data Decryption Failure.
    DataDecryptionFailure,
    /// 303 Access Denied, Invalid Endpoint.
    AccessDenied,
    /// 304 ISO Code Invalid.
    IsoCodeInvalid,
    /// 305 Transaction Data Not Valid.
    TransactionDataNotValid,
    /// 306 MCC Not Valid for Payment System.
    MccNotValid,
    /// 307 Serial Number Not Valid.
    SerialNumberNotValid,
    /// 308–315: the 2.3.1 additions (signature, CSP, algorithm, kid, duplicate/inconsistent messages).
    Other231(u16),
    /// 402 Transaction Timed Out.
    TransactionTimedOut,
    /// 403 Transient System Failure.
    TransientSystemFailure,
    /// 404 Permanent System Failure.
    PermanentSystemFailure,
    /// 405 System Connection Failure.
    SystemConnectionFailure,
}

impl ErroCode {
    /// Parses the `errorCode` element's text (exactly three ASCII digits of a defined code).
    ///
    /// # Errors
    /// [`ErrorCode::InvalidErroCode`] (605) for anything else, as the reference reports it.
    pub fn parse(text: &str) -> Result<ErroCode, ErrorCode> {
        let bytes = text.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(ErrorCode::InvalidErroCode);
        }
        let n: u16 = text.parse().map_err(|_| ErrorCode::InvalidErroCode)?;
        ErroCode::from_code(n).ok_or(ErrorCode::InvalidErroCode)
    }

    /// The code with this number, if the specification defines it.
    pub fn from_code(n: u16) -> Option<ErroCode> {
        Some(match n {
            101 => ErroCode::MessageReceivedInvalid,
            102 => ErroCode::MessageVersionNotSupported,
            103 => ErroCode::SentMessagesLimitExceeded,
            201 => ErroCode::RequiredElementMissing,
            202 => ErroCode::CriticalExtensionNotRecognised,
            203 => ErroCode::InvalidElementFormat,
            204 => ErroCode::DuplicateElement,
            205 => ErroCode::CardRangeOverlap,
            206 => ErroCode::CardRangeActionIndicator,
            207 => ErroCode::ReservedValue,
            301 => ErroCode::TransactionIdNotRecognised,
            302 => ErroCode::DataDecryptionFailure,
            303 => ErroCode::AccessDenied,
            304 => ErroCode::IsoCodeInvalid,
            305 => ErroCode::TransactionDataNotValid,
            306 => ErroCode::MccNotValid,
            307 => ErroCode::SerialNumberNotValid,
            308..=315 => ErroCode::Other231(n),
            402 => ErroCode::TransactionTimedOut,
            403 => ErroCode::TransientSystemFailure,
            404 => ErroCode::PermanentSystemFailure,
            405 => ErroCode::SystemConnectionFailure,
            _ => return None,
        })
    }

    /// The three-digit code.
    pub const fn code(self) -> u16 {
        match self {
            ErroCode::MessageReceivedInvalid => 101,
            ErroCode::MessageVersionNotSupported => 102,
            ErroCode::SentMessagesLimitExceeded => 103,
            ErroCode::RequiredElementMissing => 201,
            ErroCode::CriticalExtensionNotRecognised => 202,
            ErroCode::InvalidElementFormat => 203,
            ErroCode::DuplicateElement => 204,
            ErroCode::CardRangeOverlap => 205,
            ErroCode::CardRangeActionIndicator => 206,
            ErroCode::ReservedValue => 207,
            ErroCode::TransactionIdNotRecognised => 301,
            ErroCode::DataDecryptionFailure => 302,
            ErroCode::AccessDenied => 303,
            ErroCode::IsoCodeInvalid => 304,
            ErroCode::TransactionDataNotValid => 305,
            ErroCode::MccNotValid => 306,
            ErroCode::SerialNumberNotValid => 307,
            ErroCode::Other231(n) => n,
            ErroCode::TransactionTimedOut => 402,
            ErroCode::TransientSystemFailure => 403,
            ErroCode::PermanentSystemFailure => 404,
            ErroCode::SystemConnectionFailure => 405,
        }
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
        match self {
            ErroCode::MessageVersionNotSupported => ErrorCode::InvalidMessageVersion,
            ErroCode::RequiredElementMissing => ErrorCode::MissingDataElement,
            ErroCode::CriticalExtensionNotRecognised => ErrorCode::UnrecognizedCriticalExtension,
            ErroCode::TransactionIdNotRecognised => ErrorCode::UnrecognizedTransactionId,
            ErroCode::DataDecryptionFailure => ErrorCode::DecryptionFailed,
            ErroCode::TransactionTimedOut => ErrorCode::Timeout,
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

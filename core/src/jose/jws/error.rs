use core::fmt;

/// Why a JWS was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsError {
    /// Not exactly three dot-separated segments.
    SegmentCount,
    /// A segment is not canonical base64url (its name).
    Base64(&'static str),
    /// The protected header does not fit the header buffer.
    HeaderTooLarge,
    /// The protected header is not a JSON object.
    HeaderNotJson,
    /// The protected header repeats a member.
    DuplicateHeaderMember,
    /// `alg` is absent.
    MissingAlg,
    /// `alg` is not a string.
    AlgNotString,
    /// `alg` is not PS256 or ES256 (`none`, HS*, RS*, ES384, …).
    UnsupportedAlg,
    /// `crit` is present: no extension is understood.
    CritNotSupported,
    /// A header that would let the message choose its own key (its name:
    /// `jwk`, `jku` or `x5u`).
    ForbiddenHeader(&'static str),
    /// `x5c` is not an array of strings.
    X5cMalformed,
    /// `x5c` is empty or holds more than [`MAX_X5C_CERTS`](super::MAX_X5C_CERTS).
    X5cCount,
    /// An `x5c` entry is not padded standard base64.
    X5cBase64,
    /// `x5c` is absent.
    X5cMissing,
    /// The output buffer is too small.
    BufferTooSmall,
    /// The key type does not match `alg`.
    KeyMismatch,
    /// The signature has the wrong length for `alg`.
    SignatureLength,
    /// The signature does not verify.
    BadSignature,
}

impl fmt::Display for JwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwsError::SegmentCount => f.write_str("JWS: not three compact segments"),
            JwsError::Base64(s) => write!(f, "JWS: {s} segment is not base64url"),
            JwsError::HeaderTooLarge => f.write_str("JWS: protected header too large"),
            JwsError::HeaderNotJson => f.write_str("JWS: protected header is not a JSON object"),
            JwsError::DuplicateHeaderMember => f.write_str("JWS: duplicate header member"),
            JwsError::MissingAlg => f.write_str("JWS: alg missing"),
            JwsError::AlgNotString => f.write_str("JWS: alg is not a string"),
            JwsError::UnsupportedAlg => f.write_str("JWS: alg not allowed (PS256 or ES256 only)"),
            JwsError::CritNotSupported => f.write_str("JWS: crit not supported"),
            JwsError::ForbiddenHeader(h) => write!(f, "JWS: header {h} not allowed"),
            JwsError::X5cMalformed => f.write_str("JWS: x5c is not an array of strings"),
            JwsError::X5cCount => f.write_str("JWS: x5c has too few or too many certificates"),
            JwsError::X5cBase64 => f.write_str("JWS: x5c entry is not base64"),
            JwsError::X5cMissing => f.write_str("JWS: x5c missing"),
            JwsError::BufferTooSmall => f.write_str("JWS: buffer too small"),
            JwsError::KeyMismatch => f.write_str("JWS: key type does not match alg"),
            JwsError::SignatureLength => f.write_str("JWS: wrong signature length"),
            JwsError::BadSignature => f.write_str("JWS: signature does not verify"),
        }
    }
}

impl core::error::Error for JwsError {}

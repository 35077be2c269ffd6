use core::fmt;

use crate::keys::KeyError;

/// Which certificate an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Index into the `x5c` chain (0 = leaf).
    Chain(usize),
    /// Index into the configured roots given to [`TrustAnchors`](super::TrustAnchors).
    Anchor(usize),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Chain(i) => write!(f, "x5c[{i}]"),
            Self::Anchor(i) => write!(f, "root #{i}"),
        }
    }
}

/// Why a certificate chain (or a configured root) was rejected.
///
/// Each check has its own variant so that logs and support tickets say
/// exactly what failed and on which certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    /// The `x5c` chain is empty.
    EmptyChain,
    /// No root was configured.
    NoTrustAnchors,
    /// The chain (or the path including its root) has more than `max` certificates.
    ChainTooLong {
        /// The limit, [`MAX_PATH_LEN`](super::MAX_PATH_LEN).
        max: usize,
    },
    /// The certificate is not well-formed DER / RFC 5280 (truncated, trailing
    /// bytes, duplicate extensions, extensions in a v1 certificate, ...).
    Malformed {
        /// The offending certificate.
        which: Position,
    },
    /// A certificate acting as a CA is not X.509 v3.
    UnsupportedVersion {
        /// The offending certificate.
        which: Position,
    },
    /// `now` is after notAfter.
    Expired {
        /// The offending certificate.
        which: Position,
    },
    /// `now` is before notBefore.
    NotYetValid {
        /// The offending certificate.
        which: Position,
    },
    /// Neither a configured root nor the next chain certificate is named as
    /// this certificate's issuer.
    UnknownIssuer {
        /// The certificate whose issuer was not found.
        which: Position,
    },
    /// The signature on this certificate does not verify with its issuer's key.
    BadSignature {
        /// The certificate whose signature failed.
        which: Position,
    },
    /// An issuer lacks basicConstraints with cA=true.
    NotCa {
        /// The offending issuer.
        which: Position,
    },
    /// The leaf is a CA certificate (basicConstraints cA=true).
    CaUsedAsLeaf,
    /// An issuer's pathLenConstraint is smaller than the number of
    /// intermediates below it.
    PathLenExceeded {
        /// The issuer whose constraint was violated.
        which: Position,
    },
    /// keyUsage forbids the use: no keyCertSign on an issuer, or no
    /// digitalSignature on the leaf.
    KeyUsage {
        /// The offending certificate.
        which: Position,
    },
    /// A leaf EKU policy is set ([`TrustAnchors::require_leaf_eku`](super::TrustAnchors::require_leaf_eku))
    /// and the leaf's extendedKeyUsage is absent, malformed or lacks the purpose.
    ExtendedKeyUsage,
    /// The signature algorithm (or its parameters) or the public key type is not supported.
    UnsupportedAlgorithm {
        /// The certificate carrying the algorithm.
        which: Position,
    },
    /// The certificate is signed with a broken algorithm (SHA-1, MD5, MD2).
    WeakAlgorithm {
        /// The certificate carrying the algorithm.
        which: Position,
    },
    /// The certificate's RSA key is shorter than [`MIN_RSA_BITS`](crate::keys::MIN_RSA_BITS).
    WeakKey {
        /// The certificate holding the key.
        which: Position,
        /// The modulus length found.
        bits: u32,
    },
    /// The certificate's public key is malformed or (EC) not on the curve.
    InvalidKey {
        /// The certificate holding the key.
        which: Position,
    },
    /// A critical extension this validator does not process.
    UnknownCriticalExtension {
        /// The offending certificate.
        which: Position,
    },
}

impl ChainError {
    /// Maps a key parsing failure on the certificate at `which`.
    pub(crate) fn from_key(which: Position, err: KeyError) -> Self {
        match err {
            KeyError::WeakKey { bits } => Self::WeakKey { which, bits },
            KeyError::UnsupportedAlgorithm | KeyError::TooLarge { .. } => {
                Self::UnsupportedAlgorithm { which }
            }
            KeyError::Malformed | KeyError::InvalidPoint => Self::InvalidKey { which },
            // `KeyError` is non_exhaustive; a future key failure is still a key failure.
            #[allow(unreachable_patterns)]
            _ => Self::InvalidKey { which },
        }
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyChain => f.write_str("empty certificate chain"),
            Self::NoTrustAnchors => f.write_str("no trusted root configured"),
            Self::ChainTooLong { max } => write!(f, "certificate path longer than {max}"),
            Self::Malformed { which } => write!(f, "{which}: malformed certificate"),
            Self::UnsupportedVersion { which } => {
                write!(f, "{which}: CA certificate is not X.509 v3")
            }
            Self::Expired { which } => write!(f, "{which}: certificate expired"),
            Self::NotYetValid { which } => write!(f, "{which}: certificate not yet valid"),
            Self::UnknownIssuer { which } => write!(f, "{which}: issuer not found"),
            Self::BadSignature { which } => write!(f, "{which}: signature does not verify"),
            Self::NotCa { which } => write!(f, "{which}: issuer is not a CA"),
            Self::CaUsedAsLeaf => f.write_str("x5c[0]: leaf is a CA certificate"),
            Self::PathLenExceeded { which } => {
                write!(f, "{which}: path length constraint exceeded")
            }
            Self::KeyUsage { which } => write!(f, "{which}: key usage does not allow this use"),
            Self::ExtendedKeyUsage => {
                f.write_str("x5c[0]: extended key usage lacks the required purpose")
            }
            Self::UnsupportedAlgorithm { which } => write!(f, "{which}: unsupported algorithm"),
            Self::WeakAlgorithm { which } => write!(f, "{which}: weak signature algorithm"),
            Self::WeakKey { which, bits } => {
                write!(f, "{which}: RSA key of {bits} bits is too short")
            }
            Self::InvalidKey { which } => write!(f, "{which}: invalid public key"),
            Self::UnknownCriticalExtension { which } => {
                write!(f, "{which}: unknown critical extension")
            }
        }
    }
}

impl core::error::Error for ChainError {}

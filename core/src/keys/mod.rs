//! Public keys the SDK encrypts to (the DS key) or verifies with (ACS and CA keys).
//!
//! Only public-key operations ever run on the device; there is deliberately
//! no private-key type here except the SDK's own ephemeral ECDH secret
//! (in [`jose`](crate::jose)).
//!
//! Weak keys never become a [`PublicKey`]: RSA moduli below
//! [`MIN_RSA_BITS`] are refused at parse time, so every consumer (JWE
//! encryption to the DS, JWS and certificate verification) inherits the rule.

use core::fmt;

use der::Decode;
#[cfg(feature = "alloc")]
use der::asn1::AnyRef;
use der::asn1::ObjectIdentifier;
use spki::SubjectPublicKeyInfoRef;

#[cfg(feature = "alloc")]
pub mod rsa;
#[cfg(feature = "alloc")]
pub use rsa::RsaPublicKey;

/// Smallest RSA modulus accepted, in bits.
pub const MIN_RSA_BITS: u32 = 2048;
/// Largest RSA modulus accepted, in bits (bounds verification cost).
pub const MAX_RSA_BITS: u32 = 8192;

/// `rsaEncryption` (RFC 8017).
const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-ecPublicKey` (RFC 5480).
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` / `prime256v1` (RFC 5480).
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// A public key from a certificate, an SPKI blob or a JWK.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// An EC key on NIST P-256 (ES256, ECDH-ES).
    P256(p256::PublicKey),
    /// An RSA key (RSA-OAEP-256, PS256, RSA-signed certificates), at least
    /// [`MIN_RSA_BITS`] long.
    #[cfg(feature = "alloc")]
    Rsa(RsaPublicKey),
}

/// The family of a [`PublicKey`], for certificate read-outs and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// RSA (any supported modulus length).
    Rsa,
    /// ECDSA/ECDH on NIST P-256.
    EcP256,
}

impl KeyAlgorithm {
    /// The JOSE `kty` style name: `"RSA"` or `"EC"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rsa => "RSA",
            Self::EcP256 => "EC",
        }
    }

    /// The curve name for EC keys (`"P-256"`), `None` for RSA.
    #[must_use]
    pub const fn curve(self) -> Option<&'static str> {
        match self {
            Self::Rsa => None,
            Self::EcP256 => Some("P-256"),
        }
    }
}

/// Why a SubjectPublicKeyInfo could not become a [`PublicKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The DER is not a well-formed SubjectPublicKeyInfo or key structure.
    Malformed,
    /// The key type or curve is not supported (e.g. P-384, Ed25519, RSA-PSS-only SPKI),
    /// or RSA support is compiled out.
    UnsupportedAlgorithm,
    /// The EC point is not a valid point on P-256 (or is the identity).
    InvalidPoint,
    /// The RSA modulus is shorter than [`MIN_RSA_BITS`].
    WeakKey {
        /// Modulus length found.
        bits: u32,
    },
    /// The RSA modulus is longer than [`MAX_RSA_BITS`].
    TooLarge {
        /// Modulus length found.
        bits: u32,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => f.write_str("malformed public key"),
            Self::UnsupportedAlgorithm => f.write_str("unsupported public key algorithm"),
            Self::InvalidPoint => f.write_str("EC point is not on P-256"),
            Self::WeakKey { bits } => write!(f, "RSA key of {bits} bits is too short"),
            Self::TooLarge { bits } => write!(f, "RSA key of {bits} bits is too long"),
        }
    }
}

impl core::error::Error for KeyError {}

impl PublicKey {
    /// Parses a DER `SubjectPublicKeyInfo` holding an RSA (`rsaEncryption`)
    /// or P-256 (`id-ecPublicKey` + `prime256v1`) key.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER or trailing bytes,
    /// [`KeyError::UnsupportedAlgorithm`] for other key types and curves,
    /// [`KeyError::InvalidPoint`] for an EC point off the curve,
    /// [`KeyError::WeakKey`] / [`KeyError::TooLarge`] for RSA moduli outside
    /// [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyError::Malformed)?;
        Self::from_spki(&spki)
    }

    /// Same as [`from_spki_der`](Self::from_spki_der) on an already decoded SPKI.
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Self, KeyError> {
        let oid = spki.algorithm.oid;
        if oid == OID_EC_PUBLIC_KEY {
            let curve = spki
                .algorithm
                .parameters
                .ok_or(KeyError::Malformed)?
                .decode_as::<ObjectIdentifier>()
                .map_err(|_| KeyError::Malformed)?;
            if curve != OID_P256 {
                return Err(KeyError::UnsupportedAlgorithm);
            }
            let point = spki
                .subject_public_key
                .as_bytes()
                .ok_or(KeyError::Malformed)?;
            let key =
                p256::PublicKey::from_sec1_bytes(point).map_err(|_| KeyError::InvalidPoint)?;
            Ok(Self::P256(key))
        } else if oid == OID_RSA_ENCRYPTION {
            Self::rsa_from_spki(spki)
        } else {
            Err(KeyError::UnsupportedAlgorithm)
        }
    }

    #[cfg(feature = "alloc")]
    fn rsa_from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Self, KeyError> {
        // RFC 3279: the parameters MUST be NULL.
        if spki.algorithm.parameters != Some(AnyRef::NULL) {
            return Err(KeyError::Malformed);
        }
        let bytes = spki
            .subject_public_key
            .as_bytes()
            .ok_or(KeyError::Malformed)?;
        RsaPublicKey::from_pkcs1_der(bytes).map(Self::Rsa)
    }

    #[cfg(not(feature = "alloc"))]
    fn rsa_from_spki(_spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Self, KeyError> {
        Err(KeyError::UnsupportedAlgorithm)
    }

    /// The key family.
    #[must_use]
    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            Self::P256(_) => KeyAlgorithm::EcP256,
            #[cfg(feature = "alloc")]
            Self::Rsa(_) => KeyAlgorithm::Rsa,
        }
    }

    /// The key size in bits: the RSA modulus length, or 256 for P-256.
    #[must_use]
    pub fn bits(&self) -> u32 {
        match self {
            Self::P256(_) => 256,
            #[cfg(feature = "alloc")]
            Self::Rsa(key) => key.bits(),
        }
    }
}

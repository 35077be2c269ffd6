//! Bare public keys: SubjectPublicKeyInfo and its conversion to the core's key type.

use der::asn1::{AnyRef, BitString, ObjectIdentifier};
use der::{Decode, Encode};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use threeds_core::keys::{PublicKey, RsaPublicKey};

use super::CertError;

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const P256: &str = "1.2.840.10045.3.1.7";

/// A public key without a certificate (a `PUBLIC KEY` PEM, an SPKI DER or a JWK).
#[derive(Clone, PartialEq, Eq)]
pub struct SpkiKey {
    der: Vec<u8>,
    parsed: SubjectPublicKeyInfoOwned,
}

impl core::fmt::Debug for SpkiKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SpkiKey")
            .field("algorithm", &self.algorithm())
            .field("bits", &self.bits())
            .finish()
    }
}

pub(crate) fn algorithm_name(oid: &str) -> String {
    match oid {
        RSA_ENCRYPTION => "RSA",
        EC_PUBLIC_KEY => "ECDSA",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.112" => "Ed25519",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        other => return other.to_owned(),
    }
    .to_owned()
}

impl SpkiKey {
    /// Parses a DER SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// [`CertError::Malformed`] when `der` is not one SubjectPublicKeyInfo.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let parsed = SubjectPublicKeyInfoOwned::from_der(der)
            .map_err(|_| CertError::Malformed("SubjectPublicKeyInfo"))?;
        Ok(Self {
            der: der.to_vec(),
            parsed,
        })
    }

    /// An RSA key from its big-endian modulus and exponent.
    pub(crate) fn from_rsa_parts(n: &[u8], e: &[u8]) -> Result<Self, CertError> {
        let malformed = CertError::Malformed("RSA public key");
        let pkcs1 = pkcs1::RsaPublicKey {
            modulus: der::asn1::UintRef::new(n).map_err(|_| CertError::Malformed("RSA modulus"))?,
            public_exponent: der::asn1::UintRef::new(e)
                .map_err(|_| CertError::Malformed("RSA exponent"))?,
        }
        .to_der()
        .map_err(|_| CertError::Malformed("RSA public key"))?;
        Self::from_pkcs1_der(&pkcs1).map_err(|_| malformed)
    }

    /// An RSA key from a PKCS#1 `RSAPublicKey` DER (`RSA PUBLIC KEY` PEM).
    pub(crate) fn from_pkcs1_der(pkcs1: &[u8]) -> Result<Self, CertError> {
        let spki = SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid: ObjectIdentifier::new_unwrap(RSA_ENCRYPTION),
                parameters: Some(AnyRef::NULL.into()),
            },
            subject_public_key: BitString::from_bytes(pkcs1)
                .map_err(|_| CertError::Malformed("RSA public key"))?,
        };
        let der = spki
            .to_der()
            .map_err(|_| CertError::Malformed("RSA public key"))?;
        Self::from_der(&der)
    }

    /// A P-256 key from its uncompressed SEC1 point.
    pub(crate) fn from_p256_point(sec1: &[u8]) -> Result<Self, CertError> {
        let curve = ObjectIdentifier::new_unwrap(P256);
        let spki = SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid: ObjectIdentifier::new_unwrap(EC_PUBLIC_KEY),
                parameters: Some(
                    der::Any::encode_from(&curve).map_err(|_| CertError::Malformed("EC key"))?,
                ),
            },
            subject_public_key: BitString::from_bytes(sec1)
                .map_err(|_| CertError::Malformed("EC key"))?,
        };
        let der = spki.to_der().map_err(|_| CertError::Malformed("EC key"))?;
        Self::from_der(&der)
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// `PUBLIC KEY` PEM text.
    pub fn to_pem(&self) -> String {
        super::pem::encode("PUBLIC KEY", &self.der)
    }

    /// `RSA`, `ECDSA`, `Ed25519` or the algorithm OID.
    pub fn algorithm(&self) -> String {
        algorithm_name(&self.parsed.algorithm.oid.to_string())
    }

    fn curve(&self) -> Option<String> {
        let params = self.parsed.algorithm.parameters.as_ref()?;
        params
            .decode_as::<ObjectIdentifier>()
            .ok()
            .map(|o| o.to_string())
    }

    fn key_bits(&self) -> &[u8] {
        self.parsed.subject_public_key.raw_bytes()
    }

    /// Key length in bits (RSA modulus size, EC field size); 0 if unknown.
    pub fn bits(&self) -> usize {
        match self.parsed.algorithm.oid.to_string().as_str() {
            RSA_ENCRYPTION => {
                pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(self.key_bits())
                    .map(|k| bit_length(k.modulus.as_bytes()))
                    .unwrap_or(0)
            }
            EC_PUBLIC_KEY => match self.curve().as_deref() {
                Some(P256) | Some("1.3.132.0.10") => 256,
                Some("1.3.132.0.34") => 384,
                Some("1.3.132.0.35") => 521,
                _ => 0,
            },
            "1.3.101.112" => 256,
            _ => 0,
        }
    }

    /// The key as the core's [`PublicKey`].
    ///
    /// # Errors
    /// [`CertError::UnsupportedKey`] for anything but RSA and P-256;
    /// [`CertError::Malformed`] for an invalid key of those types.
    pub fn to_core(&self) -> Result<PublicKey, CertError> {
        match self.parsed.algorithm.oid.to_string().as_str() {
            RSA_ENCRYPTION => RsaPublicKey::from_pkcs1_der(self.key_bits())
                .map(PublicKey::Rsa)
                .map_err(|_| CertError::Malformed("RSA public key")),
            EC_PUBLIC_KEY => match self.curve().as_deref() {
                Some(P256) => p256::PublicKey::from_sec1_bytes(self.key_bits())
                    .map(PublicKey::P256)
                    .map_err(|_| CertError::Malformed("P-256 public key")),
                other => Err(CertError::UnsupportedKey(format!(
                    "EC curve {}",
                    other.unwrap_or("(none)")
                ))),
            },
            other => Err(CertError::UnsupportedKey(algorithm_name(other))),
        }
    }
}

fn bit_length(be: &[u8]) -> usize {
    let trimmed: &[u8] = match be.iter().position(|&b| b != 0) {
        Some(i) => be.get(i..).unwrap_or_default(),
        None => return 0,
    };
    let lead = trimmed.first().map_or(0, |b| b.leading_zeros() as usize);
    (trimmed.len() * 8).saturating_sub(lead)
}

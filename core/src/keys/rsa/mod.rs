//! RSA public keys and the only three RSA operations a device runs, all
//! from RFC 8017 and all with the public key:
//! - RSAES-OAEP encryption with SHA-256 ([`RsaPublicKey::encrypt_oaep_sha256`]):
//!   the `RSA-OAEP-256` device-information JWE to the DS;
//! - RSASSA-PSS verification ([`RsaPublicKey::verify_pss`]): PS256
//!   `acsSignedContent`, RSASSA-PSS certificates, TLS 1.3 CertificateVerify;
//! - RSASSA-PKCS1-v1_5 verification ([`RsaPublicKey::verify_pkcs1v15`]):
//!   certificate signatures.
//!
//! There is no private-key operation, by design. The arithmetic is one
//! Montgomery exponentiation by the small public exponent (`monty`), on
//! the target's machine word.
//!
//! Keys outside [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`], even moduli, and
//! exponents that are even or outside 3..=2³³ − 1 (the bound *ring* and the
//! `rsa` crate use against slow-verification denial of service) are refused
//! when the key is built, so every operation inherits the rule.

mod hash;
mod monty;
mod oaep;
mod pkcs1v15;
mod pss;
mod word;

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use der::asn1::UintRef;
use der::{Decode, Reader, SliceReader};

pub use hash::HashAlg;

use super::{KeyError, MAX_RSA_BITS, MIN_RSA_BITS};
use crate::platform::{Rng, fill_random};
use word::NativeWord;

/// Largest public exponent accepted: 2³³ − 1.
pub const MAX_PUBLIC_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key: modulus and public exponent.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// Big-endian, without leading zero octets.
    n: Box<[u8]>,
    e: u64,
}

/// Why an RSA operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RsaError {
    /// The signature does not verify (wrong length, out of range, bad
    /// encoding or wrong hash).
    BadSignature,
    /// The message is too long for OAEP with this modulus.
    MessageTooLong,
    /// The output buffer is shorter than the modulus.
    BufferTooSmall,
    /// The random number generator failed.
    Rng,
}

impl fmt::Display for RsaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadSignature => "RSA signature does not verify",
            Self::MessageTooLong => "message too long for RSA-OAEP with this key",
            Self::BufferTooSmall => "output buffer shorter than the RSA modulus",
            Self::Rng => "the random number generator failed",
        })
    }
}

impl core::error::Error for RsaError {}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("bits", &self.bits())
            .field("e", &self.e)
            .finish_non_exhaustive()
    }
}

impl RsaPublicKey {
    /// A key from its big-endian modulus and exponent (leading zero octets
    /// are ignored).
    ///
    /// # Errors
    /// [`KeyError::WeakKey`] / [`KeyError::TooLarge`] for a modulus outside
    /// [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`]; [`KeyError::Malformed`] for an
    /// even modulus, or an exponent that is even or outside
    /// 3..=[`MAX_PUBLIC_EXPONENT`].
    pub fn from_components(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        let n = strip_leading_zeros(n);
        let bits = uint_bits(n);
        if bits < MIN_RSA_BITS {
            return Err(KeyError::WeakKey { bits });
        }
        if bits > MAX_RSA_BITS {
            return Err(KeyError::TooLarge { bits });
        }
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err(KeyError::Malformed);
        }
        let e = strip_leading_zeros(e);
        if e.len() > 8 {
            return Err(KeyError::Malformed);
        }
        let e = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        if !(3..=MAX_PUBLIC_EXPONENT).contains(&e) || e & 1 == 0 {
            return Err(KeyError::Malformed);
        }
        Ok(Self { n: n.into(), e })
    }

    /// A key from a DER PKCS#1 `RSAPublicKey` (RFC 8017 §A.1.1), the
    /// content of an `rsaEncryption` SubjectPublicKeyInfo's BIT STRING.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER, trailing bytes or a negative
    /// integer; otherwise as [`from_components`](Self::from_components).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, KeyError> {
        let mut reader = SliceReader::new(der).map_err(|_| KeyError::Malformed)?;
        let (n, e) = reader
            .sequence(|r| Ok((UintRef::decode(r)?, UintRef::decode(r)?)))
            .map_err(|_: der::Error| KeyError::Malformed)?;
        reader.finish().map_err(|_| KeyError::Malformed)?;
        Self::from_components(n.as_bytes(), e.as_bytes())
    }

    /// The modulus, big-endian, without leading zero octets.
    #[must_use]
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent.
    #[must_use]
    pub fn exponent(&self) -> u64 {
        self.e
    }

    /// The modulus length in bits.
    #[must_use]
    pub fn bits(&self) -> u32 {
        uint_bits(&self.n)
    }

    /// The modulus length in bytes: the length of every signature and
    /// ciphertext under this key.
    #[must_use]
    pub fn size(&self) -> usize {
        self.n.len()
    }

    /// Verifies an RSASSA-PSS signature (RFC 8017 §8.1.2) over `msg`, with
    /// `hash` for the message, MGF1 with the same hash, and a salt as long
    /// as the hash.
    ///
    /// # Errors
    /// [`RsaError::BadSignature`].
    pub fn verify_pss(&self, hash: HashAlg, msg: &[u8], sig: &[u8]) -> Result<(), RsaError> {
        pss::verify(self, hash, msg, sig)
    }

    /// Verifies an RSASSA-PKCS1-v1_5 signature (RFC 8017 §8.2.2) over `msg`.
    ///
    /// # Errors
    /// [`RsaError::BadSignature`].
    pub fn verify_pkcs1v15(&self, hash: HashAlg, msg: &[u8], sig: &[u8]) -> Result<(), RsaError> {
        pkcs1v15::verify(self, hash, msg, sig)
    }

    /// Encrypts `msg` with RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label;
    /// JWE `RSA-OAEP-256`) into `out`, and returns the ciphertext length
    /// ([`size`](Self::size)). `rng` supplies the 32-byte seed.
    ///
    /// # Errors
    /// [`RsaError::MessageTooLong`] beyond `size() − 66` bytes,
    /// [`RsaError::BufferTooSmall`], [`RsaError::Rng`].
    pub fn encrypt_oaep_sha256<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, RsaError> {
        oaep::encrypt(
            self,
            |seed| fill_random(rng, seed).map_err(|_| RsaError::Rng),
            msg,
            out,
        )
    }

    /// [`encrypt_oaep_sha256`](Self::encrypt_oaep_sha256) with the 32-byte
    /// OAEP seed given: the core's RSA-OAEP for a
    /// [`CryptoProvider`](crate::crypto::CryptoProvider) that keeps it.
    pub(crate) fn encrypt_oaep_sha256_seeded(
        &self,
        seed: &[u8; 32],
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, RsaError> {
        oaep::encrypt(
            self,
            |dst| {
                // `dst` is the hash's length, 32 for SHA-256.
                let src = seed.get(..dst.len()).ok_or(RsaError::BufferTooSmall)?;
                dst.copy_from_slice(src);
                Ok(())
            },
            msg,
            out,
        )
    }

    /// The raw operation `buf = buf^e mod n` on any odd modulus (big-endian,
    /// no leading zero), for the differential fuzz target only: built with
    /// `--cfg fuzzing` by cargo-fuzz, absent otherwise.
    ///
    /// # Errors
    /// [`RsaError::BadSignature`] for an input not below the modulus, a
    /// length mismatch, or an unusable modulus.
    #[cfg(fuzzing)]
    #[doc(hidden)]
    pub fn raw_public_op_for_fuzzing(n: &[u8], e: u64, buf: &mut [u8]) -> Result<(), RsaError> {
        monty::public_op::<NativeWord>(n, e, buf).map_err(|_| RsaError::BadSignature)
    }

    /// `buf = buf^e mod n` in place; `buf` is exactly [`size`](Self::size) long.
    fn public_op_in_place(&self, buf: &mut [u8]) -> Result<(), RsaError> {
        // A valid key's modulus is never refused, so only the input can be out of range.
        monty::public_op::<NativeWord>(&self.n, self.e, buf).map_err(|_| RsaError::BadSignature)
    }

    /// RSAVP1 (RFC 8017 §5.2.2) on a signature of exactly `size()` octets,
    /// into a new buffer.
    fn public_op_copy(&self, sig: &[u8]) -> Result<Vec<u8>, RsaError> {
        if sig.len() != self.size() {
            return Err(RsaError::BadSignature);
        }
        let mut buf = sig.to_vec();
        self.public_op_in_place(&mut buf)?;
        Ok(buf)
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Bit length of a big-endian unsigned integer (leading zero bytes allowed).
pub(crate) fn uint_bits(bytes: &[u8]) -> u32 {
    let rest = strip_leading_zeros(bytes);
    let first = rest.first().copied().unwrap_or_default();
    let len = u32::try_from(rest.len()).unwrap_or(u32::MAX);
    len.saturating_mul(8).saturating_sub(first.leading_zeros())
}

#[cfg(test)]
mod differential;

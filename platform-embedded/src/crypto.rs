//! A Cortex-M4 [`CryptoProvider`]: P-256 on Emil Lenngren's P256-Cortex-M4
//! assembly through `p256-cortex-m4-sys` (feature `p256-cm4`, ARMv7E-M
//! targets only; the build needs `arm-none-eabi-gcc`).
//!
//! Its key generation and ECDH run in constant time (a fixed sequence of
//! operations, constant-time table look-ups, no secret-dependent branches or
//! addresses; the Cortex-M4's `UMAAL` takes a fixed number of cycles). On a
//! core with a data cache (Cortex-M7) the library's `has_d_cache` option
//! would be needed; this backend is for the M4, which has none. Verification
//! is variable time, which is fine: it only sees public data. MIT licence.
//!
//! Why not the pure-Rust port `p256-cm4`: its assembly is assembled by LLVM,
//! which keeps single-register `LDM.W` instructions (UNPREDICTABLE in the
//! architecture; QEMU faults on them in verification). GNU as, used here,
//! turns them into `LDR`.
//!
//! The core hands this provider validated inputs only (a scalar in `1..n`,
//! a point on the curve); the library's range and curve checks run again
//! anyway and a refusal is reported, never ignored. The public key it
//! returns is checked to be on the curve by the core.
//!
//! ```ignore
//! let mut txn = threeds_core::transaction::Transaction::with_crypto(&threeds_embedded::crypto::CORTEX_M4);
//! ```

use p256_cortex_m4_sys as sys;
use threeds_core::crypto::{CryptoError, CryptoProvider, P256Point};
use zeroize::Zeroizing;

/// P-256 on the P256-Cortex-M4 assembly.
#[derive(Debug, Clone, Copy, Default)]
pub struct CortexM4;

/// The provider's one instance, for
/// [`Transaction::with_crypto`](threeds_core::transaction::Transaction::with_crypto).
pub static CORTEX_M4: CortexM4 = CortexM4;

/// Big-endian bytes → the little-endian 32-bit words `p256-cm4` works on.
fn words(be: &[u8; 32]) -> [u32; 8] {
    let mut out = [0u32; 8];
    for (word, chunk) in out.iter_mut().zip(be.rchunks_exact(4)) {
        let mut b = [0u8; 4];
        b.copy_from_slice(chunk);
        *word = u32::from_be_bytes(b);
    }
    out
}

/// Little-endian 32-bit words → big-endian bytes.
fn be_bytes(words: &[u32; 8], out: &mut [u8]) {
    for (word, chunk) in words.iter().zip(out.rchunks_exact_mut(4)) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

/// The affine coordinates of an uncompressed point, as words.
fn point_words(point: &P256Point) -> Result<([u32; 8], [u32; 8]), CryptoError> {
    let (tag, xy) = point.split_first().ok_or(CryptoError::InvalidPoint)?;
    let (x, y) = xy.split_at(32);
    match (*tag, <&[u8; 32]>::try_from(x), <&[u8; 32]>::try_from(y)) {
        (4, Ok(x), Ok(y)) => Ok((words(x), words(y))),
        _ => Err(CryptoError::InvalidPoint),
    }
}

impl CryptoProvider for CortexM4 {
    fn name(&self) -> &'static str {
        "p256-cortex-m4"
    }

    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError> {
        let scalar = Zeroizing::new(words(secret));
        let (mut x, mut y) = ([0u32; 8], [0u32; 8]);
        // SAFETY: the three pointers are to live 8-word arrays, the sizes the
        // C function reads and writes; nothing else is touched.
        let ok = unsafe { sys::p256_keygen(x.as_mut_ptr(), y.as_mut_ptr(), scalar.as_ptr()) };
        if !ok {
            return Err(CryptoError::InvalidScalar);
        }
        let mut out = [0u8; 65];
        let (tag, xy) = out.split_at_mut(1);
        let (ox, oy) = xy.split_at_mut(32);
        tag.copy_from_slice(&[4]);
        be_bytes(&x, ox);
        be_bytes(&y, oy);
        Ok(out)
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
        let scalar = Zeroizing::new(words(secret));
        // SAFETY: reads the 8 words of a live array.
        let in_range = unsafe { sys::P256_check_range_n(scalar.as_ptr()) };
        // `p256_ecdh_calc_shared_secret` trusts the scalar's range: checked here.
        if !in_range {
            return Err(CryptoError::InvalidScalar);
        }
        let (x, y) = point_words(peer)?;
        let mut z = Zeroizing::new([0u8; 32]);
        // SAFETY: `z` is 32 writable bytes, the others live 8-word arrays.
        let ok = unsafe {
            sys::p256_ecdh_calc_shared_secret(
                z.as_mut_ptr(),
                scalar.as_ptr(),
                x.as_ptr(),
                y.as_ptr(),
            )
        };
        if ok {
            Ok(z)
        } else {
            Err(CryptoError::InvalidPoint)
        }
    }

    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        let (x, y) = point_words(key)?;
        let (r, s) = signature.split_at(32);
        let (Ok(r), Ok(s)) = (<&[u8; 32]>::try_from(r), <&[u8; 32]>::try_from(s)) else {
            return Err(CryptoError::BadSignature);
        };
        let (r, s) = (words(r), words(s));
        // `p256_verify` range-checks r and s (1..n) and the key (on the curve).
        // SAFETY: the word pointers are to live 8-word arrays; `prehash` is
        // 32 readable bytes, the length passed.
        let ok = unsafe {
            sys::p256_verify(
                x.as_ptr(),
                y.as_ptr(),
                prehash.as_ptr(),
                32,
                r.as_ptr(),
                s.as_ptr(),
            )
        };
        if ok {
            Ok(())
        } else {
            Err(CryptoError::BadSignature)
        }
    }
}

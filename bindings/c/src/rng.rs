//! Randomness from the app: a fill callback, adapted to the core's `Rng`.

use core::ffi::c_void;
use core::fmt;

/// Fills `len` bytes at `buf` with cryptographically secure random bytes
/// (a TRNG, a DRBG seeded from one, `getrandom`). Returns 0 on success,
/// anything else on failure (the call that needed the bytes then fails
/// with `THREEDS_ERR_RNG` and changes nothing).
pub type threeds_fill_random =
    Option<unsafe extern "C" fn(user: *mut c_void, buf: *mut u8, len: usize) -> i32>;

/// The app's callback and its user pointer.
#[derive(Clone, Copy)]
pub(crate) struct CallbackRng {
    pub(crate) fill: unsafe extern "C" fn(*mut c_void, *mut u8, usize) -> i32,
    pub(crate) user: *mut c_void,
}

/// The callback reported a failure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallbackFailed;

impl fmt::Display for CallbackFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the random-number callback failed")
    }
}

impl core::error::Error for CallbackFailed {}

impl rand_core::TryRng for CallbackRng {
    type Error = CallbackFailed;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        if dst.is_empty() {
            return Ok(());
        }
        // SAFETY: `dst` is a valid, writable, exclusively borrowed buffer of
        // `dst.len()` bytes for the duration of the call; the callback's
        // contract is to write at most that many bytes.
        let rc = unsafe { (self.fill)(self.user, dst.as_mut_ptr(), dst.len()) };
        if rc == 0 { Ok(()) } else { Err(CallbackFailed) }
    }
}

impl rand_core::TryCryptoRng for CallbackRng {}

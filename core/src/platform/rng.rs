use core::fmt;

/// The randomness port: any fallible, cryptographically secure generator.
///
/// It is `rand_core`'s [`TryCryptoRng`](rand_core::TryCryptoRng), so a
/// hardware TRNG that can fail reports the failure instead of the core
/// falling back to weaker randomness. `rand_core::UnwrapErr` adapts an
/// infallible OS generator.
pub trait Rng: rand_core::TryCryptoRng {}
impl<T: rand_core::TryCryptoRng + ?Sized> Rng for T {}

/// The random number generator failed; nothing was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RngFailure;

impl fmt::Display for RngFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the random number generator failed")
    }
}

impl core::error::Error for RngFailure {}

/// Fills `dest` from `rng`, mapping any generator error to [`RngFailure`].
///
/// # Errors
/// [`RngFailure`] when the generator reports an error.
pub fn fill_random<R: Rng + ?Sized>(rng: &mut R, dest: &mut [u8]) -> Result<(), RngFailure> {
    rng.try_fill_bytes(dest).map_err(|_| RngFailure)
}

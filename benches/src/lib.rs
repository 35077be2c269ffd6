//! Benchmarks of `threeds-core` against two baselines: the RustCrypto
//! primitives alone (the floor any implementation pays) and the same JOSE
//! work done with `josekit` on OpenSSL.
//!
//! Every measured operation is a plain function here, so the criterion
//! benches (`benches/protocol.rs`) and the allocation counter
//! (`src/bin/alloc_count.rs`) run exactly the same code.
//!
//! - [`fixtures`]: keys, certificates, an ARes and CRes messages, made once
//!   with the `threeds-sim` simulator (an independent implementation).
//! - [`ours`]: the SDK work through `threeds-core`.
//! - [`primitives`]: the RustCrypto calls the same work cannot avoid.
//! - [`openssl_jose`]: the same work with `josekit` + `openssl` + `serde_json`.

pub mod fixtures;
pub mod openssl_jose;
pub mod ours;
pub mod primitives;
pub mod tx;

/// Why a benchmark step failed (only while building fixtures or on a bug:
/// a bench never measures an error path).
#[derive(Debug)]
pub struct BenchError(pub String);

impl core::fmt::Display for BenchError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

/// Wraps any debuggable error with the step that failed.
pub(crate) fn fail<E: core::fmt::Debug>(step: &'static str) -> impl FnOnce(E) -> BenchError {
    move |e| BenchError(format!("{step}: {e:?}"))
}

/// Result of a benchmark step.
pub type Result<T> = core::result::Result<T, BenchError>;

/// A seeded ChaCha20 generator: a fast CSPRNG, identical for every run.
pub fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(seed)
}

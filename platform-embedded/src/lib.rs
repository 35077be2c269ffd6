//! `threeds-embedded`: the firmware adapter for `threeds-core`.
//!
//! - [`http`]: an HTTP/1.1 client for the SDK's POSTs (CReq, Erro) over any `embedded-io`
//!   stream, blocking or async, built on a sans-IO response parser with documented limits.
//! - [`transport`]: [`threeds_core::platform::Transport`] over a [`transport::Connector`]
//!   that yields already-TLS streams (the terminal's TLS stack or a modem with TLS
//!   offload), with one deadline per exchange enforced on a [`threeds_core::platform::Clock`].
//! - [`clock`]: [`clock::TickClock`], a `Clock` from a monotonic tick counter plus a
//!   wall-clock offset the application sets.
//! - [`log`]: a `defmt` sink for log lines (feature `defmt`).
//! - `crypto` (feature `p256-cm4`, ARM targets): `CORTEX_M4`, a
//!   `threeds_core::crypto::CryptoProvider` on the P256-Cortex-M4 assembly, about
//!   ten times faster than the core's portable default.
//! - `tls` (feature `embedded-tls`): TLS 1.3 over a TCP stream with `embedded-tls`, the
//!   server authenticated on threeds-core's X.509 validator, and a `Transport` on top.
//!   TLS 1.3 only: an ACS that requires TLS 1.2 needs the vendor TLS stack.
//!
//! # Randomness
//!
//! The core's `Rng` port is `rand_core` 0.10's `TryCryptoRng`; implement it for the
//! hardware TRNG and pass it in. No adapter is needed. A sketch for a TRNG peripheral:
//!
//! ```ignore
//! use core::convert::Infallible;
//! use rand_core::{TryCryptoRng, TryRng};
//!
//! struct Trng(stm32_hal::rng::Rng);
//!
//! #[derive(Debug)]
//! struct TrngFault; // seed or clock error reported by the peripheral
//! impl core::fmt::Display for TrngFault { /* ... */ }
//! impl core::error::Error for TrngFault {}
//!
//! impl TryRng for Trng {
//!     type Error = TrngFault;
//!     fn try_next_u32(&mut self) -> Result<u32, TrngFault> { self.0.next_u32().map_err(|_| TrngFault) }
//!     fn try_next_u64(&mut self) -> Result<u64, TrngFault> { /* two u32 */ }
//!     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), TrngFault> { /* chunks of u32 */ }
//! }
//! impl TryCryptoRng for Trng {}
//! ```
//!
//! A fault is then reported to the SDK instead of weakening its keys.
#![no_std]
// Only the Cortex-M4 crypto backend (an FFI to assembly) may use `unsafe`.
#![deny(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

#[cfg(test)]
extern crate std;

pub mod clock;
#[cfg(all(feature = "p256-cm4", target_arch = "arm"))]
#[allow(unsafe_code)]
pub mod crypto;
pub mod device_info;
pub mod http;
pub mod log;
#[cfg(feature = "embedded-tls")]
pub mod tls;
pub mod transport;

pub use threeds_core as core;

// The README's example is compiled and run as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

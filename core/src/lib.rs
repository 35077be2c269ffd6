//! `threeds-core`: the `no_std` heart of an EMV® 3-D Secure 2.x SDK client.
//!
//! The crate never touches a socket, a file or the OS clock. It takes bytes and
//! returns bytes; the caller supplies randomness ([`platform::Rng`]), time
//! ([`platform::Clock`]) and, for the convenience facade, a
//! [`platform::Transport`]. Adapters for std applications and for firmware live
//! in the `threeds-std` and `threeds-embedded` crates.
//!
//! Layers, bottom up:
//! - [`jose`]: strict base64url, JWK, the EMV Concat KDF, JWE (RSA-OAEP-256,
//!   ECDH-ES, `dir`; A128CBC-HS256 and A128GCM) and JWS verification (PS256, ES256).
//! - [`json`]: a strict, depth-bounded JSON reader and a compact writer.
//! - [`message`]: the 3DS messages and their validation rules.
//! - [`keys`]: RSA and P-256 public keys, parsed from SPKI.
//! - [`pki`]: X.509 chain validation of an `x5c` chain against configured roots.
//! - [`platform`]: the traits the caller implements.
//! - [`transaction`]: the sans-IO state machine of one transaction (auth
//!   request, ARes, the CReq/CRes challenge loop, timers, Erro).
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod client;
pub mod jose;
pub mod json;
pub mod keys;
pub mod message;
#[cfg(feature = "alloc")]
pub mod pki;
pub mod platform;
pub mod transaction;

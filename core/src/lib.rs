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
//! - [`keys`]: RSA and P-256 public keys, parsed from SPKI; the RSA
//!   public-key operations (OAEP encryption, PSS and PKCS#1 v1.5 verification).
//! - [`pki`]: X.509 chain validation of an `x5c` chain against configured roots.
//! - [`platform`]: the traits the caller implements.
//! - [`crypto`]: the crypto-provider seam (P-256 key generation, ECDH and
//!   ECDSA verification), RustCrypto by default, faster backends in the adapters.
//! - [`transaction`]: the sans-IO state machine of one transaction (auth
//!   request, ARes, the CReq/CRes challenge loop, timers, Erro).
//!
//! # Example: the challenge channel's cryptography, allocation-free
//!
//! Both ends derive the same session keys from their ephemeral P-256 keys
//! (ECDH-ES + the EMV Concat KDF over the `sdkReferenceNumber`); the SDK then
//! seals a CReq as a `dir` JWE with the counter IV that A128GCM requires.
//!
//! ```
//! use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};
//! use threeds_core::jose::{ContentEncryption, Direction, EphemeralKeyPair, SessionKeys, jwe, session};
//!
//! let mut rng = ChaCha20Rng::from_seed([7; 32]); // use the OS or a hardware TRNG in real code
//! let sdk = EphemeralKeyPair::generate(&mut rng)?;
//! let acs = EphemeralKeyPair::generate(&mut rng)?;
//! let sdk_keys = SessionKeys::derive(&sdk, acs.public_key(), "MY-SDK-REF")?;
//! let acs_keys = SessionKeys::derive(&acs, sdk.public_key(), "MY-SDK-REF")?;
//!
//! let enc = ContentEncryption::A128Gcm;
//! let creq = br#"{"messageType":"CReq","sdkCounterStoA":"000"}"#;
//! let iv = session::gcm_counter_iv(Direction::SdkToAcs, 0);
//! let mut wire = [0u8; 512];
//! let kid = "d7c1ee99-9478-44a6-b1f2-391e29c6b340"; // the acsTransID
//! let n = jwe::encrypt_dir(enc, sdk_keys.key_for(enc, Direction::SdkToAcs), kid, &iv, creq, &mut wire)?;
//!
//! // The ACS side opens it with its own copy of the keys.
//! let compact = core::str::from_utf8(&wire[..n])?;
//! let mut plain = [0u8; 512];
//! let opened = jwe::decrypt_dir(compact, enc, acs_keys.key_for(enc, Direction::SdkToAcs), Some(kid), &mut plain)?;
//! assert_eq!(opened, creq);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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
pub mod crypto;
#[cfg(all(feature = "alloc", target_has_atomic = "ptr"))]
pub mod device_collect;
pub mod jose;
pub mod json;
pub mod keys;
pub mod log_line;
pub mod message;
#[cfg(feature = "alloc")]
pub mod pki;
pub mod platform;
mod text;
pub mod transaction;

// The README's example is compiled and run as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

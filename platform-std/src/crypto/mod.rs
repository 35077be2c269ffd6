//! Host [`CryptoProvider`](threeds_core::crypto::CryptoProvider)s: assembly
//! P-256 (and, on AWS-LC, RSA) for `Transaction::with_crypto`,
//! `Client::set_crypto` and `StdPlatform::with_crypto`. Each is behind its
//! own feature, off by default in this library: a build without them runs
//! the core's default. With `aws-lc-crypto` on, `StdPlatform` starts on
//! `AWS_LC` (`StdPlatform::default_crypto`); the CLI, the Python wheel and
//! the host C library are built that way.
//!
//! - `RING` (feature `ring-crypto`) is ring, which rustls already links.
//!   Its ECDSA P-256 verification is assembly on x86_64 and AArch64. ring
//!   verifies whole messages only. It keeps its ECDH keys sealed: it cannot
//!   import a raw scalar or export an ephemeral private key, and the SDK
//!   needs both (`Transaction::export`, the facade's resume). So `RING`
//!   handles ES256 verification of messages (every certificate and
//!   `acsSignedContent` signature the core checks). Key generation, ECDH and
//!   prehash verification go to the core's default
//!   ([`RUST_CRYPTO`](threeds_core::crypto::RUST_CRYPTO)).
//! - `AWS_LC` (feature `aws-lc-crypto`) is AWS-LC, through aws-lc-rs. It
//!   imports raw scalars, so it runs every operation: key generation, ECDH,
//!   verification of a message or a prehash, and the `RSA-OAEP-256` key
//!   encryption of the device information to an RSA DS key. Its build
//!   compiles AWS-LC's C.
//!
//!   Its RSA-OAEP draws the OAEP seed from AWS-LC's own DRBG, not from the
//!   transaction's generator. On a host that is as strong (the DRBG is
//!   seeded from the OS). Two things follow: an auth request made with
//!   `AWS_LC` and an RSA DS key cannot be reproduced from recorded
//!   randomness (with the default it can; every other byte still can, since
//!   the core draws the same values from the transaction's generator either
//!   way), and the first RSA-OAEP in a process pays the DRBG's one-time
//!   seeding (about 0.4 G instructions of jitter-entropy collection,
//!   measured with callgrind).
//!
//! ```
//! # #[cfg(feature = "ring-crypto")] {
//! use threeds_core::transaction::Transaction;
//! let txn = Transaction::with_crypto(&threeds_std::crypto::RING);
//! assert_eq!(txn.crypto().name(), "ring");
//! # }
//! ```

#[cfg(feature = "aws-lc-crypto")]
mod aws_lc;
#[cfg(feature = "ring-crypto")]
mod ring_backend;

#[cfg(feature = "aws-lc-crypto")]
pub use aws_lc::{AWS_LC, AwsLc};
#[cfg(feature = "ring-crypto")]
pub use ring_backend::{RING, Ring};

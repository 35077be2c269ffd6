//! TLS 1.3 on the device (feature `embedded-tls`): [`TlsTransport`], [`TlsStream`] and
//! [`AsyncTlsStream`] wrap a plain TCP stream with [`embedded-tls`](embedded_tls), so the
//! HTTP client can POST CReqs to an ACS without a vendor TLS stack.
//!
//! # TLS 1.3 only
//!
//! `embedded-tls` implements TLS 1.3 and nothing older, with the cipher suite
//! `TLS_AES_128_GCM_SHA256` and the key exchange group secp256r1. An ACS that only
//! offers TLS 1.2 fails with [`TlsFailure::ProtocolVersion`]; reaching it needs the
//! terminal's vendor TLS stack (or a modem with TLS offload) behind a
//! [`Connector`](crate::transport::Connector) and
//! [`EmbeddedTransport`](crate::transport::EmbeddedTransport) — bring your own stream.
//!
//! # Server authentication (always on)
//!
//! There is no mode that skips it. The server's Certificate message is checked by
//! threeds-core's validator, [`threeds_core::pki::verify_chain`], against the
//! [`TrustAnchors`](threeds_core::pki::TrustAnchors) given in [`ServerAuth`], at the
//! clock's `now_unix`:
//! - the certificates in the order sent, leaf first, each signed by the next, up to a
//!   configured root (matched by name, proven by signature); at most
//!   [`MAX_PATH_LEN`](threeds_core::pki::MAX_PATH_LEN) certificates;
//! - validity periods of every certificate including the root; issuers are v3 CAs
//!   (basicConstraints cA, keyCertSign, pathLenConstraint); the leaf is not a CA and,
//!   when it has keyUsage, allows digitalSignature; no unknown critical extension;
//! - signatures RSA PKCS#1 v1.5 / PSS with SHA-256/384/512 and ECDSA P-256/SHA-256;
//!   RSA keys of at least 2048 bits; P-384 and Ed25519 certificates are refused;
//! - then TLS rules on the leaf: its subjectAltName names the URL's host (dNSName,
//!   case-insensitive, a `*` only as the whole left-most label; iPAddress for an IP
//!   literal; the subject CN is never used), and an extendedKeyUsage, when present,
//!   contains `serverAuth` or `anyExtendedKeyUsage`;
//! - the CertificateVerify signature over the handshake transcript with the leaf key
//!   (ECDSA P-256/SHA-256 or RSASSA-PSS/SHA-256/384/512 — RFC 8446 allows no
//!   PKCS#1 v1.5 here); `embedded-tls` then checks the server's Finished MAC;
//! - that both messages came at all: `embedded-tls` accepts a server that goes straight
//!   to Finished without calling the verifier, so a handshake that ends without a
//!   validated certificate *and* a valid CertificateVerify is refused
//!   ([`CertificateFailure::NotAuthenticated`]) before any application data is sent.
//!
//! Not checked: revocation (no CRL/OCSP), certificate transparency, nameConstraints
//! (a critical one is refused), and the handshake's certificate-request / PSK paths,
//! which are not used. The SNI is the URL's host when it is a DNS name.
//!
//! # Known limits of `embedded-tls` 0.19
//!
//! It still has panicking paths. The one reachable before the server is authenticated
//! (a protected record that is only an AEAD tag) is filtered out beneath it; others
//! need an *authenticated* server misbehaving after the handshake (e.g. a post-handshake
//! handshake message other than NewSessionTicket hits `unimplemented!`). No session
//! resumption, 0-RTT, client certificates or KeyUpdate are used.
//!
//! # RAM cost
//!
//! | what | size |
//! |---|---|
//! | receive record buffer (`tls_rx`) | [`RX_BUFFER_LEN`] = 16 640 B: one full TLS record; the server's whole Certificate message must fit in it |
//! | transmit record buffer (`tls_tx`) | [`TX_BUFFER_LEN`] = 4 096 B recommended (≥ 1 KiB: the ClientHello, and 128 B of record overhead per record) |
//! | HTTP `scratch` | 2–8 KiB, as without TLS |
//! | heap during chain validation | a few KiB (parsed certificates, RSA arithmetic), freed after the handshake |
//!
//! The buffers belong to the caller (statics on firmware) and live as long as the transport.
//!
//! # Flash cost
//!
//! Measured for `thumbv7em-none-eabihf` (opt-level `s`, LTO, `codegen-units = 1`,
//! `panic = "abort"`, sha2's compact backend, as the firmware example builds): a
//! minimal binary doing one [`TlsTransport`] POST against one that does the same POST
//! through [`EmbeddedTransport`](crate::transport::EmbeddedTransport), both already
//! linking threeds-core's X.509 validator, differ by **+70.6 KB `.text` and +4.5 KB
//! `.rodata` (≈ 73 KiB of flash)** and +20 736 B `.bss` (the two record buffers as
//! statics). Most of it is `embedded-tls`'s own cryptography (P-256 ECDH and ECDSA,
//! AES-GCM, SHA-256, HKDF), which is on the previous RustCrypto generation (p256 0.13,
//! aes-gcm 0.10, sha2 0.10) and so is not shared with threeds-core's. Peak stack of the
//! handshake was not measured.
//!
//! # Randomness
//!
//! Each handshake draws a 32-byte seed from the caller's `rand_core` 0.10
//! `TryCryptoRng` (the core's [`Rng`](threeds_core::platform::Rng) port) before
//! anything is sent — a failing TRNG gives [`TlsFailure::Rng`] — and runs on a ChaCha20
//! generator seeded with it, since `embedded-tls` wants an infallible `rand_core` 0.6
//! generator.
//!
//! # Timeouts
//!
//! [`TlsTransport`] enforces `HttpRequest::timeout_ms`, one deadline for the whole
//! exchange, on its [`Clock`](threeds_core::platform::Clock) *beneath* TLS, handshake
//! included: the TCP stream should have a short read timeout, which is retried until
//! the deadline passes. With [`TlsStream`] directly, a stream `TimedOut` is final;
//! with [`AsyncTlsStream`], bound the futures with the executor's timer.

mod error;
mod names;
mod provider;
mod record_guard;
mod rng;
mod stream;
mod transport;
mod verifier;

/// The record filter's check, for the `tls_record_guard` fuzz target only.
#[cfg(fuzzing)]
#[doc(hidden)]
pub use record_guard::inspect_all as record_guard_inspect_all;

pub use embedded_tls;
pub use error::{CertificateFailure, TlsConnectError, TlsFailure};
pub use stream::{AsyncTlsStream, TlsStream};
pub use transport::{TcpConnect, TlsBuffers, TlsTransport};
pub use verifier::ServerAuth;

/// The only cipher suite offered: `TLS_AES_128_GCM_SHA256` (mandatory to implement in
/// RFC 8446, so every TLS 1.3 server has it).
pub type CipherSuite = embedded_tls::Aes128GcmSha256;

/// Receive record buffer length: the largest TLS 1.3 record, 2^14 + 256 bytes.
pub const RX_BUFFER_LEN: usize = 16_640;

/// Recommended transmit record buffer length: a CReq of a few KiB goes out in one or
/// two records.
pub const TX_BUFFER_LEN: usize = 4_096;

#[cfg(test)]
mod tests;

//! X.509 chain validation of an `x5c` chain against configured roots.
//!
//! The ACS signs its `acsSignedContent` JWS with a key certified by the DS
//! CA; the JWS header carries the chain as `x5c` (DER certificates, leaf
//! first). [`verify_chain`] checks that chain at a caller-supplied instant
//! and hands back the leaf's [`PublicKey`](crate::keys::PublicKey), with
//! which the JWS layer then verifies the signature.
//!
//! ```text
//!   x5c[0] leaf ──signed by──▶ x5c[1] ──▶ … ──▶ configured root (TrustAnchors)
//!   checks: validity of every certificate (root included) at now_unix,
//!           issuer name == next subject, signature, cA / keyCertSign /
//!           pathLenConstraint / v3 on every issuer, digitalSignature on the
//!           leaf, no unknown critical extension, path ≤ MAX_PATH_LEN
//! ```
//!
//! # Why a validator of our own on `x509-cert` + `der`, not rustls-webpki
//!
//! rustls-webpki 0.103 builds `no_std` + `alloc` and is excellent for TLS,
//! but it fits this job less well:
//! - It does not look at keyUsage (keyCertSign on issuers, digitalSignature
//!   on the leaf), which the EMVCo PKI relies on, so we would parse every
//!   certificate a second time anyway.
//! - It builds paths over an unordered intermediate set and reports one
//!   ranked error; we want a distinct, positioned error per check for logs
//!   and support, and `x5c` is ordered by definition (RFC 7515 §4.1.6), so
//!   no path building is needed.
//! - Its EKU enforcement and v1-leaf rejection are TLS policy, not 3DS policy.
//! - `x509-cert` is already in the dependency tree (same RustCrypto
//!   generation as `rsa` and `p256`); webpki would add `untrusted`,
//!   `rustls-pki-types` and a second DER parser.
//!
//! The cost is owning the checks; they follow RFC 5280 §6.1 in the subset
//! listed above and each one has a test against certificates made by an
//! independent generator (Python `cryptography`).
//!
//! # Policy details
//! - Names are compared as DER (byte-wise on attribute values), as webpki does,
//!   not with the RFC 4518 string preparation.
//! - The root is a trust anchor *certificate*: its validity period is
//!   checked, its pathLenConstraint applies, and it must itself be a v3 CA
//!   ([`TrustAnchors::from_der`] refuses others). Its self-signature is not checked.
//! - Critical extensions understood: basicConstraints, keyUsage,
//!   extendedKeyUsage and subjectAltName. EKU is not enforced by default:
//!   3DS defines no purpose OID for ACS signing certificates; an app whose
//!   scheme assigns one can require it of the leaf with
//!   [`TrustAnchors::require_leaf_eku`]. Any other
//!   critical extension (nameConstraints, policy extensions, ...) is
//!   rejected, since it is not enforced.
//! - A v1 leaf is accepted (it has no extensions to honour); issuers must be v3.
//! - Signatures: RSA PKCS#1 v1.5 with SHA-256/384/512, RSASSA-PSS with
//!   SHA-256/384/512 (MGF1 with the same hash, salt = hash length), ECDSA
//!   P-256 with SHA-256. MD2/MD4/MD5/SHA-1 are reported as weak; P-384 and
//!   other algorithms as unsupported. RSA keys below 2048 bits are refused.
//! - **No revocation checking** (CRL/OCSP): the configured anchors provide
//!   no revocation information to the SDK, and the core does no I/O.

mod anchors;
mod cert;
pub(crate) mod cert_input;
mod chain;
mod error;
mod leaf;
mod name_text;
mod root_store;
mod signature;

pub use anchors::{InvalidOid, TrustAnchors};
pub use chain::{MAX_PATH_LEN, verify_chain, verify_chain_with};
pub use error::{ChainError, Position};
pub use leaf::leaf_public_key;
pub use name_text::{format_name, subject_text};
pub use root_store::{RootStore, RootStoreError};

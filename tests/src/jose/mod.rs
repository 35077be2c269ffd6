//! The simulator's own JOSE code: base64url, JWK, the EMV Concat KDF, JWE and
//! JWS, built directly on RustCrypto primitives and serde_json.
//!
//! It is deliberately separate from `threeds-core`'s JOSE module, so that an
//! end-to-end run between the SDK and the simulator cross-checks two
//! independent implementations.

pub mod b64;
pub mod content;
pub mod error;
pub mod jwe;
pub mod jwk;
pub mod jws;
pub mod kdf;

pub use error::JoseError;

//! JOSE: base64url, JWK, KDFs, JWE and JWS.
//!
//! Everything here works on caller buffers; RSA (RSA-OAEP-256 key
//! encryption, PS256) needs the `alloc` feature. The core only ever uses
//! public keys of others plus its own ephemeral key: it never decrypts with
//! a long-term private key.

pub mod base64url;
pub mod content;
pub mod ephemeral;
pub mod jwe;
pub mod jwk;
pub mod jws;
pub mod kdf;
pub mod session;

pub use base64url::Base64Error;
pub use content::{ContentEncryption, ContentError};
pub use ephemeral::{EphemeralKeyError, EphemeralKeyPair};
pub use jwe::JweError;
pub use jwk::JwkError;
pub use jws::{Jws, JwsAlg, JwsError};
pub use kdf::KdfError;
pub use session::{Direction, SessionKeys};

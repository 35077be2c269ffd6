//! JWS compact serialization: strict parsing and PS256/ES256 verification.
//!
//! Only the algorithms 3DS allows for the ARes `acsSignedContent` are
//! accepted. Key-carrying headers (`jwk`, `jku`, `x5u`) are rejected
//! outright: the signer's key must come from `x5c`, whose chain the caller
//! validates against configured roots.

mod error;
mod parse;
mod verify;
mod x5c;

pub use error::JwsError;
pub use parse::{Jws, JwsAlg};
pub use verify::verify_signature;
pub use x5c::{MAX_X5C_CERTS, X5cIter, decode_der};

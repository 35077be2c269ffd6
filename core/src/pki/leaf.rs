//! The leaf key of a certificate without any chain check.

use super::cert;
use super::error::{ChainError, Position};
use crate::keys::PublicKey;

/// The subject public key of `der`, with no validity, issuer or signature
/// check at all. Only for the explicit "accept any ACS certificate" test
/// mode, where the JWS signature must still verify with this key.
///
/// # Errors
/// [`ChainError`] when the certificate or its key cannot be parsed.
pub fn leaf_public_key(der: &[u8]) -> Result<PublicKey, ChainError> {
    let which = Position::Chain(0);
    let (_, info) = cert::parse(der, which)?;
    info.key.map_err(|e| ChainError::from_key(which, e))
}

//! Public keys the SDK encrypts to (the DS key) or verifies with (ACS and CA keys).
//!
//! Only public-key operations ever run on the device; there is deliberately
//! no private-key type here except the SDK's own ephemeral ECDH secret
//! (in [`jose`](crate::jose)).

/// A public key from a certificate, an SPKI blob or a JWK.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// An EC key on NIST P-256 (ES256, ECDH-ES).
    P256(p256::PublicKey),
    /// An RSA key (RSA-OAEP-256, PS256, RSA-signed certificates).
    #[cfg(feature = "alloc")]
    Rsa(rsa::PublicKey),
}

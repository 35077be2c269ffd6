//! Certificate and key inputs: PEM, DER, SPKI, PKCS#12, PKCS#7 and JWK, from a
//! file or a blob, with format auto-detection, the reference's subject search
//! and certificate read-outs.
//!
//! Certificates come out as DER ([`Certificate::der`]), e.g. for ACS roots;
//! keys as [`threeds_core::keys::PublicKey`], e.g. for the DS encryption key.

mod certificate;
mod error;
mod jwk;
pub(crate) mod pem;
mod pkcs12;
mod pkcs7;
mod private_key;
mod public_key;
mod store;

pub use certificate::{Certificate, usage_flags};
pub use error::CertError;
pub use private_key::{PrivateKey, PrivateKeyKind};
pub use public_key::SpkiKey;
pub use store::{CertFormat, CertStore, ClientIdentity, StoreType};

/// Every certificate in a PEM bundle, as the reference's `SSLServerCACerts`
/// (a newline-separated list of PEM certificates) holds them.
///
/// # Errors
/// [`CertError::Malformed`] for a damaged block; [`CertError::NotFound`] when
/// there is no certificate at all.
pub fn parse_pem_certificates(text: &[u8]) -> Result<Vec<Certificate>, CertError> {
    let certs = pem::parse(text)?
        .into_iter()
        .filter(|b| b.label.ends_with("CERTIFICATE"))
        .map(|b| Certificate::from_der(&b.der))
        .collect::<Result<Vec<_>, _>>()?;
    if certs.is_empty() {
        return Err(CertError::NotFound);
    }
    Ok(certs)
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

//! PFX / PKCS#12 stores (PBES2-AES and the legacy 3DES/RC2 encryptions).

use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};

use super::{CertError, Certificate, PrivateKey};

/// What a PKCS#12 store holds: the certificates (each key's chain first, leaf
/// first) and the private keys.
pub(crate) struct Pkcs12Contents {
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) private_keys: Vec<PrivateKey>,
}

/// Whether `der` looks like a PFX: `SEQUENCE { INTEGER 3, ContentInfo, ... }`.
pub(crate) fn is_pfx(der: &[u8]) -> bool {
    // 30 len 02 01 03: version 3 right after the outer SEQUENCE header.
    let Some(&len0) = der.get(1) else {
        return false;
    };
    let header = if len0 < 0x80 {
        2
    } else {
        2 + usize::from(len0 & 0x7f)
    };
    der.first() == Some(&0x30) && der.get(header..header + 3) == Some(&[0x02, 0x01, 0x03][..])
}

/// Opens a PKCS#12 store with `password`.
///
/// # Errors
/// [`CertError::Pkcs12`] for a wrong password (MAC failure) or corrupt store.
pub(crate) fn parse(der: &[u8], password: &str) -> Result<Pkcs12Contents, CertError> {
    let store = KeyStore::from_pkcs12(der, password, Pkcs12ImportPolicy::Relaxed)
        .map_err(|e| CertError::Pkcs12(e.to_string()))?;
    let mut certificates = Vec::new();
    let mut private_keys = Vec::new();
    let mut loose = Vec::new();
    for (_, entry) in store.entries() {
        match entry {
            KeyStoreEntry::PrivateKeyChain(chain) => {
                for c in chain.certs() {
                    certificates.push(Certificate::from_der(c.as_der())?);
                }
                private_keys.push(PrivateKey::pkcs8(chain.key().as_der().to_vec()));
            }
            KeyStoreEntry::Certificate(c) => loose.push(Certificate::from_der(c.as_der())?),
            _ => {}
        }
    }
    certificates.extend(loose);
    Ok(Pkcs12Contents {
        certificates,
        private_keys,
    })
}

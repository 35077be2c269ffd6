//! Loading certificate stores from files or blobs, with format auto-detection
//! and the reference's subject search.

use std::path::Path;

use threeds_core::keys::PublicKey;

use super::private_key::{PrivateKey, PrivateKeyKind};
use super::public_key::SpkiKey;
use super::{CertError, Certificate, jwk, pem, pkcs7, pkcs12};

/// The reference's certificate store types that exist off Windows and Java
/// (`*_cert_store_type`), with the same numeric codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreType {
    /// 2: the name of a PFX (PKCS#12) file.
    PfxFile,
    /// 3: PFX (PKCS#12) contents, binary or base64.
    PfxBlob,
    /// 6: the name of a PEM file with a private key and optional certificates.
    PemKeyFile,
    /// 7: PEM text with a private key and optional certificates.
    PemKeyBlob,
    /// 8: the name of a file with a PEM or DER certificate (or public key).
    PublicKeyFile,
    /// 9: a PEM or DER certificate (or public key), binary or base64.
    PublicKeyBlob,
    /// 11: the name of a PKCS#7 file.
    P7bFile,
    /// 12: PKCS#7 contents.
    P7bBlob,
    /// 18: the name of a JWK file.
    JwkFile,
    /// 19: a JWK (or JWK Set).
    JwkBlob,
    /// 99: detected from the data; the store is a file name if such a file exists.
    Auto,
}

impl StoreType {
    /// The reference's numeric code.
    pub fn code(self) -> u32 {
        match self {
            Self::PfxFile => 2,
            Self::PfxBlob => 3,
            Self::PemKeyFile => 6,
            Self::PemKeyBlob => 7,
            Self::PublicKeyFile => 8,
            Self::PublicKeyBlob => 9,
            Self::P7bFile => 11,
            Self::P7bBlob => 12,
            Self::JwkFile => 18,
            Self::JwkBlob => 19,
            Self::Auto => 99,
        }
    }

    /// The store type for a reference code; `None` for unsupported types
    /// (Windows stores, JKS, SSH, PPK, XML, BCFKS, PKCS#11).
    pub fn from_code(code: u32) -> Option<Self> {
        Some(match code {
            2 => Self::PfxFile,
            3 => Self::PfxBlob,
            6 => Self::PemKeyFile,
            7 => Self::PemKeyBlob,
            8 => Self::PublicKeyFile,
            9 => Self::PublicKeyBlob,
            11 => Self::P7bFile,
            12 => Self::P7bBlob,
            18 => Self::JwkFile,
            19 => Self::JwkBlob,
            99 => Self::Auto,
            _ => return None,
        })
    }

    fn format(self) -> CertFormat {
        match self {
            Self::PfxFile | Self::PfxBlob => CertFormat::Pkcs12,
            Self::PemKeyFile | Self::PemKeyBlob => CertFormat::PemKey,
            Self::PublicKeyFile | Self::PublicKeyBlob => CertFormat::PublicKey,
            Self::P7bFile | Self::P7bBlob => CertFormat::Pkcs7,
            Self::JwkFile | Self::JwkBlob => CertFormat::Jwk,
            Self::Auto => CertFormat::Auto,
        }
    }

    fn is_file(self) -> Option<bool> {
        match self {
            Self::PfxFile
            | Self::PemKeyFile
            | Self::PublicKeyFile
            | Self::P7bFile
            | Self::JwkFile => Some(true),
            Self::Auto => None,
            _ => Some(false),
        }
    }
}

/// The format of a store's contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertFormat {
    /// PFX / PKCS#12 (binary or base64), opened with the password.
    Pkcs12,
    /// PEM with a private key and optional certificates.
    PemKey,
    /// One or more certificates or public keys, PEM, DER or base64 DER.
    PublicKey,
    /// PKCS#7 certificate bundle, DER, base64 or PEM (`PKCS7`).
    Pkcs7,
    /// A JWK or JWK Set with public keys.
    Jwk,
    /// Whatever the data turns out to be.
    Auto,
}

/// What a store holds after loading: certificates, bare public keys and
/// private keys, each in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct CertStore {
    certificates: Vec<Certificate>,
    public_keys: Vec<SpkiKey>,
    private_keys: Vec<PrivateKey>,
}

/// A client certificate chain (leaf first) and its private key.
#[derive(Debug, Clone)]
pub struct ClientIdentity {
    /// The certificate chain, leaf first.
    pub chain: Vec<Certificate>,
    /// The leaf's private key.
    pub key: PrivateKey,
}

impl CertStore {
    /// Opens a store the way the reference's `*_cert_store`, `*_cert_store_type`
    /// and `*_cert_store_password` properties do: `store` is a file name for the
    /// `*File` types and the data itself for the `*Blob` types.
    ///
    /// # Errors
    /// [`CertError`] when the file cannot be read or the data is not in the format.
    pub fn open(store_type: StoreType, store: &[u8], password: &str) -> Result<Self, CertError> {
        let format = store_type.format();
        let as_path = || core::str::from_utf8(store).ok().map(Path::new);
        match store_type.is_file() {
            Some(true) => {
                let path = as_path().ok_or(CertError::Malformed("file name"))?;
                Self::from_file(path, format, password)
            }
            Some(false) => Self::from_blob(store, format, password),
            None => match as_path().filter(|p| store.len() < 4096 && p.is_file()) {
                Some(path) => Self::from_file(path, format, password),
                None => Self::from_blob(store, format, password),
            },
        }
    }

    /// Loads the file at `path`.
    ///
    /// # Errors
    /// [`CertError::Io`] if it cannot be read; otherwise as [`from_blob`](Self::from_blob).
    pub fn from_file(path: &Path, format: CertFormat, password: &str) -> Result<Self, CertError> {
        let data = zeroize::Zeroizing::new(std::fs::read(path)?);
        Self::from_blob(&data, format, password)
    }

    /// Loads `data` in `format` (binary, base64 or PEM as the format allows).
    ///
    /// # Errors
    /// [`CertError::UnrecognizedFormat`] when the data is not in `format`,
    /// [`CertError::Malformed`] / [`CertError::Pkcs12`] when it is but is broken.
    pub fn from_blob(data: &[u8], format: CertFormat, password: &str) -> Result<Self, CertError> {
        let trimmed = data.trim_ascii();
        let allowed = |f: CertFormat| format == CertFormat::Auto || format == f;
        let mut store = Self::default();
        if trimmed.first() == Some(&b'{') {
            if !allowed(CertFormat::Jwk) {
                return Err(CertError::UnrecognizedFormat);
            }
            store.public_keys = jwk::parse(trimmed)?;
        } else if pem::is_pem(trimmed) {
            if format == CertFormat::Pkcs12 || format == CertFormat::Jwk {
                return Err(CertError::UnrecognizedFormat);
            }
            store.add_pem(trimmed)?;
            if format == CertFormat::PemKey && store.private_keys.is_empty() {
                return Err(CertError::Malformed("PEM key store (no private key)"));
            }
        } else {
            let decoded;
            // Binary DER must not be trimmed: its last byte may well be 0x20
            // or 0x0a. Only text (base64) gets whitespace stripped.
            let der = if data.first() == Some(&0x30) {
                data
            } else {
                decoded = zeroize::Zeroizing::new(
                    pem::decode_bare_base64(trimmed).ok_or(CertError::UnrecognizedFormat)?,
                );
                decoded.as_slice()
            };
            store.add_der(der, password, format)?;
        }
        if store.is_empty() {
            return Err(CertError::NotFound);
        }
        Ok(store)
    }

    fn add_pem(&mut self, data: &[u8]) -> Result<(), CertError> {
        for block in pem::parse(data)? {
            match block.label.as_str() {
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    self.certificates.push(Certificate::from_der(&block.der)?);
                }
                "PUBLIC KEY" => self.public_keys.push(SpkiKey::from_der(&block.der)?),
                "RSA PUBLIC KEY" => self.public_keys.push(SpkiKey::from_pkcs1_der(&block.der)?),
                "PRIVATE KEY" => self.private_keys.push(PrivateKey::pkcs8(block.der)),
                "RSA PRIVATE KEY" => self
                    .private_keys
                    .push(PrivateKey::new(PrivateKeyKind::Pkcs1, block.der)),
                "EC PRIVATE KEY" => self
                    .private_keys
                    .push(PrivateKey::new(PrivateKeyKind::Sec1, block.der)),
                "ENCRYPTED PRIVATE KEY" => {
                    return Err(CertError::Malformed(
                        "PEM key store (encrypted PKCS#8 is not supported; use PKCS#12)",
                    ));
                }
                "PKCS7" | "CMS" => self.certificates.extend(pkcs7::parse(&block.der)?),
                _ => {} // e.g. EC PARAMETERS: nothing the SDK needs
            }
        }
        Ok(())
    }

    fn add_der(&mut self, der: &[u8], password: &str, format: CertFormat) -> Result<(), CertError> {
        let allowed = |f: CertFormat| format == CertFormat::Auto || format == f;
        if pkcs12::is_pfx(der) {
            if !allowed(CertFormat::Pkcs12) {
                return Err(CertError::UnrecognizedFormat);
            }
            let contents = pkcs12::parse(der, password)?;
            self.certificates = contents.certificates;
            self.private_keys = contents.private_keys;
        } else if pkcs7::is_pkcs7(der) {
            if !allowed(CertFormat::Pkcs7) {
                return Err(CertError::UnrecognizedFormat);
            }
            self.certificates = pkcs7::parse(der)?;
        } else if let Ok(cert) = Certificate::from_der(der) {
            if !allowed(CertFormat::PublicKey) {
                return Err(CertError::UnrecognizedFormat);
            }
            self.certificates.push(cert);
        } else if let Ok(key) = SpkiKey::from_der(der) {
            if !allowed(CertFormat::PublicKey) {
                return Err(CertError::UnrecognizedFormat);
            }
            self.public_keys.push(key);
        } else {
            return Err(CertError::UnrecognizedFormat);
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.certificates.is_empty() && self.public_keys.is_empty() && self.private_keys.is_empty()
    }

    /// The certificates, in store order.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// Public keys that came without a certificate (SPKI, JWK).
    pub fn public_keys(&self) -> &[SpkiKey] {
        &self.public_keys
    }

    /// Whether the store holds a private key.
    pub fn has_private_key(&self) -> bool {
        !self.private_keys.is_empty()
    }

    /// The reference's subject search: `*` (or an empty subject) picks the
    /// first certificate; otherwise an exact match of the full subject wins,
    /// then the first subject containing `subject` (case-insensitively).
    pub fn find(&self, subject: &str) -> Option<&Certificate> {
        let subject = subject.trim();
        if subject.is_empty() || subject == "*" {
            return self.certificates.first();
        }
        let subjects: Vec<String> = self.certificates.iter().map(Certificate::subject).collect();
        let needle = subject.to_lowercase();
        let index = subjects.iter().position(|s| s == subject).or_else(|| {
            subjects
                .iter()
                .position(|s| s.to_lowercase().contains(&needle))
        })?;
        self.certificates.get(index)
    }

    /// The key to encrypt to (e.g. the DS key): the key of the certificate
    /// [`find`](Self::find) selects, or, for a store of bare keys, the first key.
    ///
    /// # Errors
    /// [`CertError::NotFound`] when nothing matches; [`CertError::UnsupportedKey`]
    /// for keys other than RSA and P-256.
    pub fn public_key(&self, subject: &str) -> Result<PublicKey, CertError> {
        if self.certificates.is_empty() {
            return self
                .public_keys
                .first()
                .ok_or(CertError::NotFound)?
                .to_core();
        }
        self.find(subject).ok_or(CertError::NotFound)?.public_key()
    }

    /// The client certificate with its private key and the store's other
    /// certificates as its chain. `*` (or empty) picks the first certificate
    /// that has its private key in the store; another subject is searched as
    /// [`find`](Self::find) does.
    ///
    /// # Errors
    /// [`CertError::NotFound`] without a matching certificate;
    /// [`CertError::NoPrivateKey`] when no private key of the store belongs to it.
    pub fn client_identity(&self, subject: &str) -> Result<ClientIdentity, CertError> {
        let key_for = |cert: &Certificate| self.key_for(cert);
        let subject = subject.trim();
        let (leaf, key) = if subject.is_empty() || subject == "*" {
            self.certificates
                .iter()
                .find_map(|c| key_for(c).map(|k| (c, k)))
                .ok_or(if self.certificates.is_empty() {
                    CertError::NotFound
                } else {
                    CertError::NoPrivateKey
                })?
        } else {
            let leaf = self.find(subject).ok_or(CertError::NotFound)?;
            (leaf, key_for(leaf).ok_or(CertError::NoPrivateKey)?)
        };
        Ok(self.identity(leaf, key))
    }

    /// The client identity of `cert` (which need not be in the store): its
    /// private key from the store, the store's other certificates as its
    /// chain (the reference's `ssl_cert_encoded`, whose key is searched in
    /// `ssl_cert_store`).
    ///
    /// # Errors
    /// [`CertError::NoPrivateKey`] when no private key of the store belongs to it.
    pub fn identity_for(&self, cert: &Certificate) -> Result<ClientIdentity, CertError> {
        let key = self.key_for(cert).ok_or(CertError::NoPrivateKey)?;
        Ok(self.identity(cert, key))
    }

    fn key_for(&self, cert: &Certificate) -> Option<&PrivateKey> {
        let spki = cert.public_key_der();
        self.private_keys
            .iter()
            .find(|k| k.public_key_der().as_deref() == Some(spki.as_slice()))
    }

    fn identity(&self, leaf: &Certificate, key: &PrivateKey) -> ClientIdentity {
        let mut chain = vec![leaf.clone()];
        chain.extend(self.certificates.iter().filter(|c| *c != leaf).cloned());
        ClientIdentity {
            chain,
            key: key.clone(),
        }
    }
}

//! The simulator's PKI: a DS root CA (and optional intermediate), the ACS
//! signing certificates, the DS encryption keys and a TLS CA + server
//! certificate for 127.0.0.1/localhost.
//!
//! Keys are generated with RustCrypto (`rsa`, `p256`) and certificates are
//! issued with `rcgen` (ring backend). Everything can be written as PEM files
//! so that a real app can be pointed at the simulator, and loaded back.

use std::fmt;
use std::path::Path;

use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType, SignatureAlgorithm,
};
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use zeroize::Zeroizing;

/// Errors of PKI generation, writing and loading.
#[derive(Debug)]
pub enum PkiError {
    /// Key generation or encoding failed.
    Key(String),
    /// Certificate issuance failed.
    Cert(String),
    /// A file could not be read or written.
    Io(std::io::Error),
    /// A PEM file is missing or malformed.
    Pem(String),
}

impl fmt::Display for PkiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(e) => write!(f, "key: {e}"),
            Self::Cert(e) => write!(f, "certificate: {e}"),
            Self::Io(e) => write!(f, "I/O: {e}"),
            Self::Pem(e) => write!(f, "PEM: {e}"),
        }
    }
}

impl core::error::Error for PkiError {}

impl From<std::io::Error> for PkiError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

/// The key algorithm of a generated key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlg {
    /// RSA-2048.
    Rsa2048,
    /// ECDSA/ECDH P-256.
    P256,
}

/// A certificate with its private key (PKCS#8 DER).
#[derive(Clone)]
pub struct CertifiedKey {
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The private key, PKCS#8 DER.
    pub key_pkcs8: Zeroizing<Vec<u8>>,
    /// The key algorithm.
    pub alg: KeyAlg,
}

impl fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("alg", &self.alg)
            .field("cert_der_len", &self.cert_der.len())
            .finish_non_exhaustive()
    }
}

impl CertifiedKey {
    /// The certificate as PEM.
    #[must_use]
    pub fn cert_pem(&self) -> String {
        pem_encode("CERTIFICATE", &self.cert_der)
    }

    /// The private key as RSA key.
    ///
    /// # Errors
    /// [`PkiError::Key`] when the key is not RSA.
    pub fn rsa_key(&self) -> Result<rsa::PrivateKey, PkiError> {
        rsa::PrivateKey::from_pkcs8_der(&self.key_pkcs8).map_err(|e| PkiError::Key(e.to_string()))
    }

    /// The private key as P-256 key.
    ///
    /// # Errors
    /// [`PkiError::Key`] when the key is not P-256.
    pub fn ec_key(&self) -> Result<p256::SecretKey, PkiError> {
        p256::SecretKey::from_pkcs8_der(&self.key_pkcs8).map_err(|e| PkiError::Key(e.to_string()))
    }

    fn rcgen_key(&self) -> Result<KeyPair, PkiError> {
        let der = PrivatePkcs8KeyDer::from(self.key_pkcs8.as_slice());
        KeyPair::from_pkcs8_der_and_sign_algo(&der, sign_alg(self.alg))
            .map_err(|e| PkiError::Key(e.to_string()))
    }
}

/// Options for [`Pki::generate_with`].
#[derive(Debug, Clone, Copy)]
pub struct PkiOptions {
    /// Key algorithm of the DS root (and intermediate).
    pub root_alg: KeyAlg,
    /// Issue the ACS certificates from an intermediate CA rather than the root.
    pub intermediate: bool,
}

impl Default for PkiOptions {
    fn default() -> Self {
        Self {
            root_alg: KeyAlg::Rsa2048,
            intermediate: false,
        }
    }
}

/// Writes a private key readable by its owner only (0600 on Unix): test keys
/// still sign what an SDK under test trusts while the simulator runs. An
/// existing file is replaced, so an earlier 0644 file does not keep its mode.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// All keys and certificates of the simulator.
#[derive(Debug, Clone)]
pub struct Pki {
    /// DS root CA: the SDK's `acs_root_certs` / trust anchor for `x5c`.
    pub ds_root: CertifiedKey,
    /// Optional intermediate CA between the root and the ACS certificates.
    pub ds_intermediate: Option<CertifiedKey>,
    /// ACS signing certificate and key for PS256 (RSA-2048).
    pub acs_rsa: CertifiedKey,
    /// ACS signing certificate and key for ES256 (P-256).
    pub acs_ec: CertifiedKey,
    /// DS encryption key (RSA-2048) for `RSA-OAEP-256` device information.
    pub ds_enc_rsa: CertifiedKey,
    /// DS encryption key (P-256) for `ECDH-ES` device information.
    pub ds_enc_ec: CertifiedKey,
    /// TLS CA the client trusts for the simulator's HTTPS endpoints.
    pub tls_ca: CertifiedKey,
    /// TLS server certificate for 127.0.0.1 and localhost.
    pub tls_server: CertifiedKey,
}

fn sign_alg(alg: KeyAlg) -> &'static SignatureAlgorithm {
    match alg {
        KeyAlg::Rsa2048 => &rcgen::PKCS_RSA_SHA256,
        KeyAlg::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
    }
}

fn new_key(alg: KeyAlg) -> Result<Zeroizing<Vec<u8>>, PkiError> {
    let der = match alg {
        KeyAlg::Rsa2048 => {
            let key = rsa::PrivateKey::new(&mut rand::rng(), 2048)
                .map_err(|e| PkiError::Key(e.to_string()))?;
            key.to_pkcs8_der()
                .map_err(|e| PkiError::Key(e.to_string()))?
        }
        KeyAlg::P256 => {
            let key = <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(
                &mut rand::rng(),
            );
            key.to_pkcs8_der()
                .map_err(|e| PkiError::Key(e.to_string()))?
        }
    };
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

fn params(common_name: &str, is_ca: IsCa, usages: Vec<KeyUsagePurpose>) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "threeds simulator");
    dn.push(DnType::CommonName, common_name);
    params.distinguished_name = dn;
    params.is_ca = is_ca;
    params.key_usages = usages;
    params.not_before = rcgen::date_time_ymd(2025, 1, 1);
    params.not_after = rcgen::date_time_ymd(2045, 12, 31);
    params.use_authority_key_identifier_extension = true;
    let mut serial = [0u8; 16];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut serial);
    serial[0] &= 0x7f;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    params
}

/// A CA: its parameters (to issue with) and its key.
struct Ca {
    params: CertificateParams,
    certified: CertifiedKey,
}

impl Ca {
    fn root(name: &str, alg: KeyAlg, usages: Vec<KeyUsagePurpose>) -> Result<Self, PkiError> {
        let key_pkcs8 = new_key(alg)?;
        let params = params(name, IsCa::Ca(BasicConstraints::Unconstrained), usages);
        let shell = CertifiedKey {
            cert_der: Vec::new(),
            key_pkcs8,
            alg,
        };
        let key = shell.rcgen_key()?;
        let cert = params
            .self_signed(&key)
            .map_err(|e| PkiError::Cert(e.to_string()))?;
        Ok(Self {
            params,
            certified: CertifiedKey {
                cert_der: cert.der().to_vec(),
                ..shell
            },
        })
    }

    fn issue(&self, params: &CertificateParams, alg: KeyAlg) -> Result<CertifiedKey, PkiError> {
        let key_pkcs8 = new_key(alg)?;
        let shell = CertifiedKey {
            cert_der: Vec::new(),
            key_pkcs8,
            alg,
        };
        let subject_key = shell.rcgen_key()?;
        let issuer_key = self.certified.rcgen_key()?;
        let issuer = Issuer::from_params(&self.params, &issuer_key);
        let cert = params
            .signed_by(&subject_key, &issuer)
            .map_err(|e| PkiError::Cert(e.to_string()))?;
        Ok(CertifiedKey {
            cert_der: cert.der().to_vec(),
            ..shell
        })
    }
}

const CA_USAGES: [KeyUsagePurpose; 3] = [
    KeyUsagePurpose::KeyCertSign,
    KeyUsagePurpose::CrlSign,
    KeyUsagePurpose::DigitalSignature,
];

impl Pki {
    /// Generates a fresh PKI with the default options (RSA root, no
    /// intermediate).
    ///
    /// # Errors
    /// [`PkiError`] if key generation or issuance fails.
    pub fn generate() -> Result<Self, PkiError> {
        Self::generate_with(PkiOptions::default())
    }

    /// Generates a fresh PKI.
    ///
    /// # Errors
    /// [`PkiError`] if key generation or issuance fails.
    pub fn generate_with(options: PkiOptions) -> Result<Self, PkiError> {
        Self::generate_for_hosts(options, &[])
    }

    /// Generates a fresh PKI whose TLS server certificate also names `hosts`
    /// (DNS names or IP addresses) besides localhost and 127.0.0.1, so a phone
    /// or an emulator on the network can reach the simulator by that name.
    ///
    /// # Errors
    /// [`PkiError`] if key generation or issuance fails, or a name is not a
    /// valid DNS name or IP address.
    pub fn generate_for_hosts(options: PkiOptions, hosts: &[String]) -> Result<Self, PkiError> {
        let root = Ca::root(
            "threeds sim DS root CA",
            options.root_alg,
            CA_USAGES.to_vec(),
        )?;
        let intermediate = if options.intermediate {
            let mut p = params(
                "threeds sim DS intermediate CA",
                IsCa::Ca(BasicConstraints::Constrained(0)),
                CA_USAGES.to_vec(),
            );
            p.use_authority_key_identifier_extension = true;
            let certified = root.issue(&p, options.root_alg)?;
            Some(Ca {
                params: p,
                certified,
            })
        } else {
            None
        };
        let acs_issuer = intermediate.as_ref().unwrap_or(&root);
        let signing = |name: &str, alg| {
            acs_issuer.issue(
                &params(
                    name,
                    IsCa::ExplicitNoCa,
                    vec![KeyUsagePurpose::DigitalSignature],
                ),
                alg,
            )
        };
        let acs_rsa = signing("threeds sim ACS signing (RSA)", KeyAlg::Rsa2048)?;
        let acs_ec = signing("threeds sim ACS signing (EC)", KeyAlg::P256)?;
        let ds_enc_rsa = root.issue(
            &params(
                "threeds sim DS encryption (RSA)",
                IsCa::ExplicitNoCa,
                vec![KeyUsagePurpose::KeyEncipherment],
            ),
            KeyAlg::Rsa2048,
        )?;
        let ds_enc_ec = root.issue(
            &params(
                "threeds sim DS encryption (EC)",
                IsCa::ExplicitNoCa,
                vec![KeyUsagePurpose::KeyAgreement],
            ),
            KeyAlg::P256,
        )?;
        let tls_ca = Ca::root("threeds sim TLS CA", KeyAlg::P256, CA_USAGES.to_vec())?;
        let mut server = params(
            "localhost",
            IsCa::ExplicitNoCa,
            vec![KeyUsagePurpose::DigitalSignature],
        );
        server.subject_alt_names = vec![
            SanType::DnsName(
                "localhost"
                    .try_into()
                    .map_err(|e: rcgen::Error| PkiError::Cert(e.to_string()))?,
            ),
            SanType::IpAddress(core::net::IpAddr::V4(core::net::Ipv4Addr::LOCALHOST)),
        ];
        for host in hosts {
            let san = match host.parse::<core::net::IpAddr>() {
                Ok(ip) => SanType::IpAddress(ip),
                Err(_) => {
                    SanType::DnsName(host.as_str().try_into().map_err(|e: rcgen::Error| {
                        PkiError::Cert(format!("TLS name {host}: {e}"))
                    })?)
                }
            };
            server.subject_alt_names.push(san);
        }
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let tls_server = tls_ca.issue(&server, KeyAlg::P256)?;
        Ok(Self {
            ds_root: root.certified,
            ds_intermediate: intermediate.map(|ca| ca.certified),
            acs_rsa,
            acs_ec,
            ds_enc_rsa,
            ds_enc_ec,
            tls_ca: tls_ca.certified,
            tls_server,
        })
    }

    /// The `x5c` chain (leaf first, DER) for the given ACS signing key.
    #[must_use]
    pub fn acs_chain(&self, acs: &CertifiedKey) -> Vec<Vec<u8>> {
        let mut chain = vec![acs.cert_der.clone()];
        if let Some(intermediate) = &self.ds_intermediate {
            chain.push(intermediate.cert_der.clone());
        }
        chain
    }

    fn entries(&self) -> Vec<(&'static str, Option<&CertifiedKey>)> {
        vec![
            ("ds-root", Some(&self.ds_root)),
            ("ds-intermediate", self.ds_intermediate.as_ref()),
            ("acs-rsa", Some(&self.acs_rsa)),
            ("acs-ec", Some(&self.acs_ec)),
            ("ds-enc-rsa", Some(&self.ds_enc_rsa)),
            ("ds-enc-ec", Some(&self.ds_enc_ec)),
            ("tls-ca", Some(&self.tls_ca)),
            ("tls-server", Some(&self.tls_server)),
        ]
    }

    /// Writes every certificate as `<name>.crt.pem` and every key as
    /// `<name>.key.pem` (PKCS#8) into `dir`, which is created if needed.
    /// Names: `ds-root`, `ds-intermediate` (only if present), `acs-rsa`,
    /// `acs-ec`, `ds-enc-rsa`, `ds-enc-ec`, `tls-ca`, `tls-server`.
    ///
    /// # Errors
    /// [`PkiError::Io`] when a file cannot be written.
    pub fn write_pem(&self, dir: &Path) -> Result<(), PkiError> {
        std::fs::create_dir_all(dir)?;
        for (name, entry) in self.entries() {
            let Some(entry) = entry else { continue };
            std::fs::write(dir.join(format!("{name}.crt.pem")), entry.cert_pem())?;
            let key_pem = Zeroizing::new(pem_encode("PRIVATE KEY", &entry.key_pkcs8));
            write_private(&dir.join(format!("{name}.key.pem")), key_pem.as_bytes())?;
        }
        Ok(())
    }

    /// Loads a PKI written by [`Pki::write_pem`].
    ///
    /// # Errors
    /// [`PkiError`] when a required file is missing or malformed.
    pub fn load(dir: &Path) -> Result<Self, PkiError> {
        let read = |name: &str| -> Result<CertifiedKey, PkiError> {
            let cert_path = dir.join(format!("{name}.crt.pem"));
            let cert = CertificateDer::from_pem_file(&cert_path)
                .map_err(|e| PkiError::Pem(format!("{}: {e}", cert_path.display())))?;
            let key_path = dir.join(format!("{name}.key.pem"));
            let key = PrivatePkcs8KeyDer::from_pem_file(&key_path)
                .map_err(|e| PkiError::Pem(format!("{}: {e}", key_path.display())))?;
            let key_pkcs8 = Zeroizing::new(key.secret_pkcs8_der().to_vec());
            let alg = if p256::SecretKey::from_pkcs8_der(&key_pkcs8).is_ok() {
                KeyAlg::P256
            } else {
                KeyAlg::Rsa2048
            };
            Ok(CertifiedKey {
                cert_der: cert.as_ref().to_vec(),
                key_pkcs8,
                alg,
            })
        };
        let ds_intermediate = if dir.join("ds-intermediate.crt.pem").exists() {
            Some(read("ds-intermediate")?)
        } else {
            None
        };
        Ok(Self {
            ds_root: read("ds-root")?,
            ds_intermediate,
            acs_rsa: read("acs-rsa")?,
            acs_ec: read("acs-ec")?,
            ds_enc_rsa: read("ds-enc-rsa")?,
            ds_enc_ec: read("ds-enc-ec")?,
            tls_ca: read("tls-ca")?,
            tls_server: read("tls-server")?,
        })
    }
}

/// PEM-encodes `der` with the given label (64-character lines).
#[must_use]
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let body = crate::jose::b64::standard(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A self-signed certificate for the key of `certified`: a chain outside the
/// DS PKI, for the untrusted-chain fault.
///
/// # Errors
/// [`PkiError`] if issuance fails.
pub fn self_signed_for(certified: &CertifiedKey) -> Result<Vec<u8>, PkiError> {
    let key = certified.rcgen_key()?;
    let p = params(
        "threeds sim rogue ACS",
        IsCa::ExplicitNoCa,
        vec![KeyUsagePurpose::DigitalSignature],
    );
    let cert = p
        .self_signed(&key)
        .map_err(|e| PkiError::Cert(e.to_string()))?;
    Ok(cert.der().to_vec())
}

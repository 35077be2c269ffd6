//! One X.509 certificate and the reference's read-outs of it.

use der::{Decode, Encode};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName};

use super::public_key::SpkiKey;
use super::{CertError, colon_hex, hex_upper};
use threeds_core::pki::format_name;

/// An X.509 certificate: its DER and the parsed structure the read-outs use.
#[derive(Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    parsed: x509_cert::Certificate,
}

impl core::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject())
            .field("serial", &self.serial_number())
            .finish()
    }
}

/// Key-usage bits, as the reference's `*_usage_flags` values.
pub mod usage_flags {
    /// Digital Signature.
    pub const DIGITAL_SIGNATURE: u32 = 0x80;
    /// Non-Repudiation.
    pub const NON_REPUDIATION: u32 = 0x40;
    /// Key Encipherment.
    pub const KEY_ENCIPHERMENT: u32 = 0x20;
    /// Data Encipherment.
    pub const DATA_ENCIPHERMENT: u32 = 0x10;
    /// Key Agreement.
    pub const KEY_AGREEMENT: u32 = 0x08;
    /// Certificate Signing.
    pub const CERTIFICATE_SIGNING: u32 = 0x04;
    /// CRL Signing.
    pub const CRL_SIGNING: u32 = 0x02;
    /// Encipher Only.
    pub const ENCIPHER_ONLY: u32 = 0x01;
    /// Decipher Only (the ninth bit of the DER bit string).
    pub const DECIPHER_ONLY: u32 = 0x8000;
}

const USAGES: [(KeyUsages, u32, &str); 9] = [
    (
        KeyUsages::DigitalSignature,
        usage_flags::DIGITAL_SIGNATURE,
        "Digital Signature",
    ),
    (
        KeyUsages::NonRepudiation,
        usage_flags::NON_REPUDIATION,
        "Non-Repudiation",
    ),
    (
        KeyUsages::KeyEncipherment,
        usage_flags::KEY_ENCIPHERMENT,
        "Key Encipherment",
    ),
    (
        KeyUsages::DataEncipherment,
        usage_flags::DATA_ENCIPHERMENT,
        "Data Encipherment",
    ),
    (
        KeyUsages::KeyAgreement,
        usage_flags::KEY_AGREEMENT,
        "Key Agreement",
    ),
    (
        KeyUsages::KeyCertSign,
        usage_flags::CERTIFICATE_SIGNING,
        "Certificate Signing",
    ),
    (KeyUsages::CRLSign, usage_flags::CRL_SIGNING, "CRL Signing"),
    (
        KeyUsages::EncipherOnly,
        usage_flags::ENCIPHER_ONLY,
        "Encipher Only",
    ),
    (
        KeyUsages::DecipherOnly,
        usage_flags::DECIPHER_ONLY,
        "Decipher Only",
    ),
];

impl Certificate {
    /// Parses a DER certificate.
    ///
    /// # Errors
    /// [`CertError::Malformed`] when `der` is not one complete X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let parsed = x509_cert::Certificate::from_der(der)
            .map_err(|_| CertError::Malformed("X.509 certificate"))?;
        Ok(Self {
            der: der.to_vec(),
            parsed,
        })
    }

    /// Parses the first certificate of PEM text.
    ///
    /// # Errors
    /// [`CertError::NotFound`] without a certificate block; [`CertError::Malformed`].
    pub fn from_pem(pem: &[u8]) -> Result<Self, CertError> {
        super::parse_pem_certificates(pem)?
            .into_iter()
            .next()
            .ok_or(CertError::NotFound)
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate as PEM text (the reference's `*_cert_encoded`).
    pub fn to_pem(&self) -> String {
        super::pem::encode("CERTIFICATE", &self.der)
    }

    fn tbs(&self) -> &x509_cert::TbsCertificate {
        self.parsed.tbs_certificate()
    }

    /// The subject, e.g. `CN=acs.example, O=Bank, C=US`.
    pub fn subject(&self) -> String {
        format_name(self.tbs().subject())
    }

    /// The issuer, in the same form as [`subject`](Self::subject).
    pub fn issuer(&self) -> String {
        format_name(self.tbs().issuer())
    }

    /// `notBefore` in seconds since the Unix epoch.
    pub fn not_before_unix(&self) -> u64 {
        self.tbs()
            .validity()
            .not_before
            .to_unix_duration()
            .as_secs()
    }

    /// `notAfter` in seconds since the Unix epoch.
    pub fn not_after_unix(&self) -> u64 {
        self.tbs().validity().not_after.to_unix_duration().as_secs()
    }

    /// The date the certificate becomes valid, `23-Jan-2000 15:00:00` (UTC).
    pub fn effective_date(&self) -> String {
        format_date(self.tbs().validity().not_before.to_date_time())
    }

    /// The date the certificate expires, `23-Jan-2001 15:00:00` (UTC).
    pub fn expiration_date(&self) -> String {
        format_date(self.tbs().validity().not_after.to_date_time())
    }

    /// MD5 of the DER, lower-case hex with colons.
    pub fn fingerprint_md5(&self) -> String {
        colon_hex(&Md5::digest(&self.der))
    }

    /// SHA-1 of the DER, lower-case hex with colons.
    pub fn fingerprint_sha1(&self) -> String {
        colon_hex(&Sha1::digest(&self.der))
    }

    /// SHA-256 of the DER, lower-case hex with colons.
    pub fn fingerprint_sha256(&self) -> String {
        colon_hex(&Sha256::digest(&self.der))
    }

    /// The serial number as upper-case hex digits, one pair per byte of the
    /// (positive) number.
    pub fn serial_number(&self) -> String {
        let bytes = self.tbs().serial_number().as_bytes();
        // DER prefixes a 0x00 when the top bit is set, to keep the number
        // positive; it is not part of the value.
        let value = match bytes {
            [0, rest @ ..] if !rest.is_empty() => rest,
            all => all,
        };
        hex_upper(value)
    }

    /// `V1`, `V2` or `V3`.
    pub fn version(&self) -> &'static str {
        match self.tbs().version() {
            x509_cert::certificate::Version::V1 => "V1",
            x509_cert::certificate::Version::V2 => "V2",
            x509_cert::certificate::Version::V3 => "V3",
        }
    }

    /// The signature algorithm's name (`sha256RSA`, `sha256ECDSA`, ...) or its OID.
    pub fn signature_algorithm(&self) -> String {
        let oid = self.parsed.signature_algorithm().oid.to_string();
        let name = match oid.as_str() {
            "1.2.840.113549.1.1.4" => "md5RSA",
            "1.2.840.113549.1.1.5" => "sha1RSA",
            "1.2.840.113549.1.1.11" => "sha256RSA",
            "1.2.840.113549.1.1.12" => "sha384RSA",
            "1.2.840.113549.1.1.13" => "sha512RSA",
            "1.2.840.113549.1.1.10" => "RSASSA-PSS",
            "1.2.840.10045.4.1" => "sha1ECDSA",
            "1.2.840.10045.4.3.2" => "sha256ECDSA",
            "1.2.840.10045.4.3.3" => "sha384ECDSA",
            "1.2.840.10045.4.3.4" => "sha512ECDSA",
            "1.3.101.112" => "Ed25519",
            _ => return oid,
        };
        name.to_owned()
    }

    /// The SubjectPublicKeyInfo, DER.
    pub fn public_key_der(&self) -> Vec<u8> {
        self.tbs()
            .subject_public_key_info()
            .to_der()
            .unwrap_or_default()
    }

    /// The public key as a `PUBLIC KEY` PEM block.
    pub fn public_key_pem(&self) -> String {
        super::pem::encode("PUBLIC KEY", &self.public_key_der())
    }

    fn spki(&self) -> Result<SpkiKey, CertError> {
        SpkiKey::from_der(&self.public_key_der())
    }

    /// The public key algorithm: `RSA`, `ECDSA`, `Ed25519` or the OID.
    pub fn public_key_algorithm(&self) -> String {
        let oid = self
            .tbs()
            .subject_public_key_info()
            .algorithm
            .oid
            .to_string();
        super::public_key::algorithm_name(&oid)
    }

    /// The key length in bits (RSA modulus size, EC field size); 0 if unknown.
    pub fn public_key_length(&self) -> usize {
        self.spki().map(|k| k.bits()).unwrap_or(0)
    }

    /// The public key for the core (the DS encryption key).
    ///
    /// # Errors
    /// [`CertError::UnsupportedKey`] for keys other than RSA and P-256.
    pub fn public_key(&self) -> Result<threeds_core::keys::PublicKey, CertError> {
        self.spki()?.to_core()
    }

    /// Subject alternative names (DNS names, e-mails, URIs, IPs, directory names).
    pub fn subject_alt_name_list(&self) -> Vec<String> {
        let Ok(Some((_, san))) = self.tbs().get_extension::<SubjectAltName>() else {
            return Vec::new();
        };
        san.0.iter().filter_map(general_name_text).collect()
    }

    /// [`subject_alt_name_list`](Self::subject_alt_name_list) joined with `", "`.
    pub fn subject_alt_names(&self) -> String {
        self.subject_alt_name_list().join(", ")
    }

    /// The key-usage bits as [`usage_flags`]; 0 without the extension.
    pub fn usage_flags(&self) -> u32 {
        let Ok(Some((_, ku))) = self.tbs().get_extension::<KeyUsage>() else {
            return 0;
        };
        USAGES
            .iter()
            .filter(|(bit, _, _)| ku.0.contains(*bit))
            .fold(0, |acc, (_, flag, _)| acc | flag)
    }

    /// The key usages as text, e.g. `Digital Signature, Key Encipherment`.
    pub fn usage(&self) -> String {
        let flags = self.usage_flags();
        USAGES
            .iter()
            .filter(|(_, flag, _)| flags & flag != 0)
            .map(|(_, _, name)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Extended key usage OIDs, comma-separated (`1.3.6.1.5.5.7.3.1, ...`).
    pub fn extended_key_usage(&self) -> String {
        let Ok(Some((_, eku))) = self.tbs().get_extension::<ExtendedKeyUsage>() else {
            return String::new();
        };
        eku.0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn general_name_text(name: &GeneralName) -> Option<String> {
    Some(match name {
        GeneralName::DnsName(s) | GeneralName::Rfc822Name(s) => s.as_str().to_owned(),
        GeneralName::UniformResourceIdentifier(s) => s.as_str().to_owned(),
        GeneralName::IpAddress(o) => match o.as_bytes() {
            b if b.len() == 4 => {
                let a: [u8; 4] = b.try_into().ok()?;
                core::net::Ipv4Addr::from(a).to_string()
            }
            b if b.len() == 16 => {
                let a: [u8; 16] = b.try_into().ok()?;
                core::net::Ipv6Addr::from(a).to_string()
            }
            _ => return None,
        },
        GeneralName::DirectoryName(n) => format_name(n),
        GeneralName::RegisteredId(oid) => oid.to_string(),
        _ => return None,
    })
}

fn format_date(dt: der::DateTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(usize::from(dt.month()).saturating_sub(1))
        .copied()
        .unwrap_or("???");
    format!(
        "{:02}-{}-{:04} {:02}:{:02}:{:02}",
        dt.day(),
        month,
        dt.year(),
        dt.hour(),
        dt.minutes(),
        dt.seconds()
    )
}

//! TLS server-certificate rules on top of the chain check: the host name and the EKU.
//!
//! RFC 6125 / RFC 9525: the reference identity is matched against subjectAltName
//! only (dNSName for names, iPAddress for IP literals). The subject CN is ignored,
//! as browsers and the CA/Browser Forum have required since 2017.

use core::net::IpAddr;

use der::Decode;
use der::asn1::ObjectIdentifier;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectAltName};

use threeds_core::pki::{ChainError, Position};

use super::CertificateFailure;

/// `id-ce-subjectAltName` (RFC 5280 §4.2.1.6).
const OID_SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
/// `id-ce-extKeyUsage` (RFC 5280 §4.2.1.12).
const OID_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
/// `anyExtendedKeyUsage`.
const OID_ANY_EKU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");
/// `id-kp-serverAuth`.
const OID_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");

/// Checks that the (already chain-validated) leaf names `host` and may serve TLS.
pub(crate) fn check_server_leaf(leaf_der: &[u8], host: &str) -> Result<(), CertificateFailure> {
    // The chain validator parsed this certificate already; a failure here is not expected.
    let malformed = CertificateFailure::Chain(ChainError::Malformed {
        which: Position::Chain(0),
    });
    let cert = Certificate::from_der(leaf_der).map_err(|_| malformed)?;
    let mut names_host = false;
    for ext in cert.tbs_certificate().extensions().into_iter().flatten() {
        let value = ext.extn_value.as_bytes();
        if ext.extn_id == OID_EXT_KEY_USAGE {
            let eku = ExtendedKeyUsage::from_der(value).map_err(|_| malformed)?;
            if !eku
                .0
                .iter()
                .any(|oid| *oid == OID_SERVER_AUTH || *oid == OID_ANY_EKU)
            {
                return Err(CertificateFailure::NotServerAuth);
            }
        } else if ext.extn_id == OID_SUBJECT_ALT_NAME {
            let san = SubjectAltName::from_der(value).map_err(|_| malformed)?;
            names_host = san.0.iter().any(|name| general_name_matches(name, host));
        }
    }
    if names_host {
        Ok(())
    } else {
        Err(CertificateFailure::HostnameMismatch)
    }
}

fn general_name_matches(name: &GeneralName, host: &str) -> bool {
    match (name, host.parse::<IpAddr>()) {
        (GeneralName::IpAddress(octets), Ok(ip)) => {
            let octets = octets.as_bytes();
            match ip {
                IpAddr::V4(v4) => octets == v4.octets(),
                IpAddr::V6(v6) => octets == v6.octets(),
            }
        }
        (GeneralName::DnsName(pattern), Err(_)) => dns_name_matches(pattern.as_ref(), host),
        _ => false,
    }
}

/// Case-insensitive DNS name match with RFC 6125 §6.4.3 wildcards, restricted the way
/// webpki does: `*` only as the whole left-most label, matching exactly one label, and
/// never directly under a one-label suffix (`*.com`).
pub(crate) fn dns_name_matches(pattern: &str, host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let pattern = pattern.strip_suffix('.').unwrap_or(pattern);
    if host.is_empty() || pattern.is_empty() {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            if !suffix.contains('.') || suffix.contains('*') {
                return false;
            }
            match host.split_once('.') {
                Some((first, rest)) => !first.is_empty() && rest.eq_ignore_ascii_case(suffix),
                None => false,
            }
        }
        None => !pattern.contains('*') && pattern.eq_ignore_ascii_case(host),
    }
}

//! One parsed certificate: the fields the validator needs, extracted once.

use alloc::vec::Vec;

use der::asn1::{BitStringRef, ObjectIdentifier};
use der::referenced::OwnedToRef;
use der::{Decode, Reader, SliceReader};
use spki::AlgorithmIdentifierOwned;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage};
use x509_cert::name::Name;

use super::error::{ChainError, Position};
use crate::keys::{KeyError, PublicKey};

const OID_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const OID_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const OID_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const OID_SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// The outer `Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signatureValue }`,
/// kept as raw slices so the signature is checked over exactly the bytes received.
pub(crate) struct RawCert<'a> {
    pub(crate) tbs_der: &'a [u8],
    pub(crate) signature: &'a [u8],
}

/// The validator's view of a certificate (owned, so roots can be kept parsed).
#[derive(Debug, Clone)]
pub(crate) struct CertInfo {
    pub(crate) version: Version,
    /// Outer signatureAlgorithm (checked equal to the TBS copy at parse time).
    pub(crate) signature_algorithm: AlgorithmIdentifierOwned,
    pub(crate) issuer: Name,
    pub(crate) subject: Name,
    pub(crate) not_before: u64,
    pub(crate) not_after: u64,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    pub(crate) key_usage: Option<KeyUsage>,
    /// extendedKeyUsage, read only by the optional leaf EKU policy; a
    /// malformed one is kept as an empty list (it grants no purpose).
    pub(crate) ext_key_usage: Option<ExtendedKeyUsage>,
    /// The subject key, or why it could not be parsed (only fatal if the key is used).
    pub(crate) key: Result<PublicKey, KeyError>,
}

impl CertInfo {
    /// Self-issued (RFC 5280 §6.1): issuer and subject names are equal.
    pub(crate) fn is_self_issued(&self) -> bool {
        self.issuer == self.subject
    }

    /// cA=true in basicConstraints.
    pub(crate) fn is_ca(&self) -> bool {
        self.basic_constraints.as_ref().is_some_and(|bc| bc.ca)
    }

    /// notBefore ≤ now ≤ notAfter (both bounds inclusive, RFC 5280 §4.1.2.5).
    pub(crate) fn check_validity(&self, now_unix: u64, which: Position) -> Result<(), ChainError> {
        if now_unix < self.not_before {
            return Err(ChainError::NotYetValid { which });
        }
        if now_unix > self.not_after {
            return Err(ChainError::Expired { which });
        }
        Ok(())
    }
}

/// Splits a DER certificate into its raw TBS and signature and parses the TBS.
pub(crate) fn parse(der: &[u8], which: Position) -> Result<(RawCert<'_>, CertInfo), ChainError> {
    let malformed = ChainError::Malformed { which };
    let mut reader = SliceReader::new(der).map_err(|_| malformed)?;
    let (tbs_der, outer_alg, signature) = reader
        .sequence(|r| {
            let tbs_der = r.tlv_bytes()?;
            let alg: AlgorithmIdentifierOwned = r.decode()?;
            let sig: BitStringRef<'_> = r.decode()?;
            Ok::<_, der::Error>((tbs_der, alg, sig))
        })
        .map_err(|_| malformed)?;
    reader.finish().map_err(|_| malformed)?;
    // Signatures are whole octets for every algorithm we support.
    let signature = signature.as_bytes().ok_or(malformed)?;

    let tbs = TbsCertificate::from_der(tbs_der).map_err(|_| malformed)?;
    // RFC 5280 §4.1.1.2: the two algorithm identifiers MUST be identical.
    if tbs.signature() != &outer_alg {
        return Err(malformed);
    }
    let validity = tbs.validity();
    let not_before = validity.not_before.to_unix_duration().as_secs();
    let not_after = validity.not_after.to_unix_duration().as_secs();

    let version = tbs.version();
    let mut basic_constraints = None;
    let mut key_usage = None;
    let mut ext_key_usage = None;
    if let Some(extensions) = tbs.extensions() {
        // Extensions are a v3 feature (RFC 5280 §4.1.2.9).
        if version != Version::V3 {
            return Err(malformed);
        }
        let mut seen: Vec<&ObjectIdentifier> = Vec::with_capacity(extensions.len());
        for ext in extensions {
            if seen.contains(&&ext.extn_id) {
                return Err(malformed);
            }
            seen.push(&ext.extn_id);
            let value = ext.extn_value.as_bytes();
            if ext.extn_id == OID_BASIC_CONSTRAINTS {
                basic_constraints = Some(BasicConstraints::from_der(value).map_err(|_| malformed)?);
            } else if ext.extn_id == OID_KEY_USAGE {
                key_usage = Some(KeyUsage::from_der(value).map_err(|_| malformed)?);
            } else if ext.extn_id == OID_EXT_KEY_USAGE {
                // Not enforced unless the leaf EKU policy is set, so a
                // malformed one fails only that policy.
                ext_key_usage =
                    Some(ExtendedKeyUsage::from_der(value).unwrap_or(ExtendedKeyUsage(Vec::new())));
            } else if ext.critical && ext.extn_id != OID_SUBJECT_ALT_NAME {
                // Anything we do not enforce (nameConstraints, policies, ...)
                // must not be silently ignored when the issuer made it critical.
                return Err(ChainError::UnknownCriticalExtension { which });
            }
        }
    }

    let key = PublicKey::from_spki(&tbs.subject_public_key_info().owned_to_ref());
    let info = CertInfo {
        version,
        signature_algorithm: outer_alg,
        issuer: tbs.issuer().clone(),
        subject: tbs.subject().clone(),
        not_before,
        not_after,
        basic_constraints,
        key_usage,
        ext_key_usage,
        key,
    };
    Ok((RawCert { tbs_der, signature }, info))
}

//! Configured roots, parsed and checked once.

use alloc::vec::Vec;

use der::asn1::ObjectIdentifier;
use x509_cert::certificate::Version;

use super::cert::{self, CertInfo};
use super::error::{ChainError, Position};
use crate::keys::PublicKey;

/// One configured root.
#[derive(Debug, Clone)]
pub(crate) struct TrustAnchor {
    pub(crate) info: CertInfo,
    pub(crate) key: PublicKey,
}

/// The roots a chain may end at (e.g. the DS CA certificates of the card schemes).
///
/// Roots are full certificates and are held to the same CA rules as
/// intermediates when configured (v3, cA=true, keyCertSign when keyUsage is
/// present, a usable key of at least 2048 bits for RSA); their validity
/// period is checked at each verification, since `now` is only known then.
#[derive(Debug, Clone)]
pub struct TrustAnchors {
    anchors: Vec<TrustAnchor>,
    /// The purpose the leaf's extendedKeyUsage must list, when set.
    leaf_eku: Option<ObjectIdentifier>,
}

/// The text given to [`TrustAnchors::require_leaf_eku`] is not a dotted OID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidOid;

impl core::fmt::Display for InvalidOid {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not a dotted object identifier")
    }
}

impl core::error::Error for InvalidOid {}

impl TrustAnchors {
    /// Parses DER root certificates.
    ///
    /// # Errors
    /// [`ChainError::NoTrustAnchors`] when `roots` is empty; otherwise the
    /// first problem found, with [`Position::Anchor`] giving the root's index:
    /// `Malformed`, `UnknownCriticalExtension`, `UnsupportedVersion`, `NotCa`,
    /// `KeyUsage`, `WeakKey`, `UnsupportedAlgorithm` or `InvalidKey`.
    pub fn from_der<C: AsRef<[u8]>>(roots: &[C]) -> Result<Self, ChainError> {
        if roots.is_empty() {
            return Err(ChainError::NoTrustAnchors);
        }
        let mut anchors = Vec::with_capacity(roots.len());
        for (index, der) in roots.iter().enumerate() {
            let which = Position::Anchor(index);
            let (_, info) = cert::parse(der.as_ref(), which)?;
            check_ca_static(&info, which)?;
            let key = info
                .key
                .clone()
                .map_err(|e| ChainError::from_key(which, e))?;
            anchors.push(TrustAnchor { info, key });
        }
        Ok(Self {
            anchors,
            leaf_eku: None,
        })
    }

    /// Optional policy, off by default: every chain's leaf (the ACS signing
    /// certificate) must carry an extendedKeyUsage extension that lists
    /// `oid` (dotted text, e.g. a purpose your card scheme's certificate
    /// policy assigns to ACS signing certificates). `anyExtendedKeyUsage`
    /// does not satisfy it. EMV 3DS defines no such purpose, so without a
    /// scheme rule leave it off: EKU is then not read at all.
    ///
    /// # Errors
    /// [`InvalidOid`] when `oid` is not a dotted object identifier.
    pub fn require_leaf_eku(mut self, oid: &str) -> Result<Self, InvalidOid> {
        self.leaf_eku = Some(ObjectIdentifier::new(oid).map_err(|_| InvalidOid)?);
        Ok(self)
    }

    /// The leaf EKU policy, when set.
    pub(crate) fn leaf_eku(&self) -> Option<&ObjectIdentifier> {
        self.leaf_eku.as_ref()
    }

    /// Number of configured roots.
    #[must_use]
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether no root is configured (never true for a value built by [`from_der`](Self::from_der)).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The public key of root `index`, for read-outs.
    #[must_use]
    pub fn key(&self, index: usize) -> Option<&PublicKey> {
        self.anchors.get(index).map(|a| &a.key)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &TrustAnchor)> {
        self.anchors.iter().enumerate()
    }
}

/// The time-independent rules for any certificate that signs another.
pub(crate) fn check_ca_static(info: &CertInfo, which: Position) -> Result<(), ChainError> {
    if info.version != Version::V3 {
        return Err(ChainError::UnsupportedVersion { which });
    }
    if !info.is_ca() {
        return Err(ChainError::NotCa { which });
    }
    if info.key_usage.is_some_and(|ku| !ku.key_cert_sign()) {
        return Err(ChainError::KeyUsage { which });
    }
    Ok(())
}

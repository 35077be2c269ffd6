//! Root certificates an application configures one by one (the reference's
//! `acs_root_cert_*` properties): indexed slots of DER, each checked to be
//! a usable anchor when set, turned into [`TrustAnchors`] when a chain is
//! verified.

use alloc::string::String;
use alloc::vec::Vec;

use super::cert_input::{certificate_der, trust_anchor_der};
use super::{ChainError, TrustAnchors};

/// Why a root was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootStoreError {
    /// No slot with this index.
    InvalidIndex,
    /// Not a certificate that can anchor a chain, and why.
    NotAnAnchor(String),
}

/// Indexed root certificates (DER); an empty slot is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootStore {
    roots: Vec<Vec<u8>>,
}

impl RootStore {
    /// The number of slots.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    /// True without any slot.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Truncates, or adds empty slots.
    pub fn resize(&mut self, count: usize) {
        self.roots.resize(count, Vec::new());
    }

    /// Removes every slot.
    pub fn clear(&mut self) {
        self.roots.clear();
    }

    /// The DER in slot `i` (empty for an empty slot).
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.roots.get(i).map(Vec::as_slice)
    }

    /// Puts `cert` (DER, PEM or Base64) in slot `i`; an empty `cert`
    /// empties the slot.
    ///
    /// # Errors
    /// [`RootStoreError::InvalidIndex`], or [`RootStoreError::NotAnAnchor`]
    /// (the slot is unchanged).
    pub fn set(&mut self, i: usize, cert: &[u8]) -> Result<(), RootStoreError> {
        let slot = self.roots.get_mut(i).ok_or(RootStoreError::InvalidIndex)?;
        *slot = if cert.is_empty() {
            Vec::new()
        } else {
            trust_anchor_der(cert).map_err(RootStoreError::NotAnAnchor)?
        };
        Ok(())
    }

    /// Adds `cert` (DER, PEM or Base64).
    ///
    /// # Errors
    /// [`RootStoreError::NotAnAnchor`] (nothing is added).
    pub fn try_push(&mut self, cert: &[u8]) -> Result<(), RootStoreError> {
        let der = trust_anchor_der(cert).map_err(RootStoreError::NotAnAnchor)?;
        self.roots.push(der);
        Ok(())
    }

    /// Adds `cert` in DER if it reads as a certificate, else as given: it
    /// is then refused by [`anchors`](Self::anchors).
    pub fn push(&mut self, cert: &[u8]) {
        let der = certificate_der(cert).unwrap_or_else(|_| Vec::from(cert));
        self.roots.push(der);
    }

    /// The anchors of every non-empty slot; `None` when there is none.
    ///
    /// # Errors
    /// The first slot that is not a usable CA certificate
    /// ([`TrustAnchors::from_der`]).
    pub fn anchors(&self) -> Result<Option<TrustAnchors>, ChainError> {
        let roots: Vec<&[u8]> = self
            .roots
            .iter()
            .filter(|r| !r.is_empty())
            .map(Vec::as_slice)
            .collect();
        if roots.is_empty() {
            return Ok(None);
        }
        TrustAnchors::from_der(&roots).map(Some)
    }
}

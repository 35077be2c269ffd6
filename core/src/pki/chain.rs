//! Validation of an ordered `x5c` chain up to a configured root.

use alloc::vec::Vec;

use super::anchors::{TrustAnchor, TrustAnchors, check_ca_static};
use super::cert::{self, CertInfo, RawCert};
use super::error::{ChainError, Position};
use super::signature::{self, SigError};
use crate::crypto::{self, CryptoProvider};
use crate::keys::PublicKey;

/// Longest accepted certification path, counting the leaf, the
/// intermediates and the root (whether or not the root is in `x5c`).
pub const MAX_PATH_LEN: usize = 5;

/// Validates `chain` (DER certificates, leaf first, each certified by the
/// next, as in a JWS `x5c` header) against `anchors` at `now_unix` (seconds
/// since the epoch, from [`Clock::now_unix`](crate::platform::Clock::now_unix))
/// and returns the leaf's public key.
///
/// The path ends at the first certificate whose issuer is a configured root
/// (matched by name, then proven by the root's signature); anything after
/// it in `chain`, such as a copy of the root itself, is not used.
///
/// # Errors
/// The first failed check, as a [`ChainError`] variant naming the certificate.
pub fn verify_chain<C: AsRef<[u8]>>(
    chain: &[C],
    anchors: &TrustAnchors,
    now_unix: u64,
) -> Result<PublicKey, ChainError> {
    verify_chain_with(crypto::default_provider(), chain, anchors, now_unix)
}

/// [`verify_chain`] with ECDSA signatures checked by `provider`.
///
/// # Errors
/// As [`verify_chain`].
pub fn verify_chain_with<C: AsRef<[u8]>>(
    provider: &dyn CryptoProvider,
    chain: &[C],
    anchors: &TrustAnchors,
    now_unix: u64,
) -> Result<PublicKey, ChainError> {
    if chain.is_empty() {
        return Err(ChainError::EmptyChain);
    }
    if anchors.is_empty() {
        return Err(ChainError::NoTrustAnchors);
    }
    if chain.len() > MAX_PATH_LEN {
        return Err(ChainError::ChainTooLong { max: MAX_PATH_LEN });
    }
    let mut certs: Vec<(RawCert<'_>, CertInfo)> = Vec::with_capacity(chain.len());
    for (index, der) in chain.iter().enumerate() {
        certs.push(cert::parse(der.as_ref(), Position::Chain(index))?);
    }

    let leaf_key = check_leaf(certs.first().map(|(_, info)| info), anchors, now_unix)?;

    // Non-self-issued intermediates between the current issuer and the leaf
    // (RFC 5280 §6.1.4 (l)), for pathLenConstraint.
    let mut intermediates_below: u32 = 0;
    for (index, (raw, child)) in certs.iter().enumerate() {
        let which = Position::Chain(index);
        // The path so far is index + 1 chain certificates plus at least a root.
        if index.saturating_add(2) > MAX_PATH_LEN {
            return Err(ChainError::ChainTooLong { max: MAX_PATH_LEN });
        }
        if index > 0 {
            // The time-independent CA rules were checked when it issued the previous one.
            child.check_validity(now_unix, which)?;
        }

        let mut roots = anchors
            .iter()
            .filter(|(_, a)| a.info.subject == child.issuer)
            .peekable();
        if roots.peek().is_some() {
            let mut first_error = None;
            for (root_index, root) in roots {
                match check_root_signed(
                    provider,
                    root,
                    root_index,
                    raw,
                    child,
                    which,
                    intermediates_below,
                    now_unix,
                ) {
                    Ok(()) => return Ok(leaf_key),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            return Err(first_error.unwrap_or(ChainError::UnknownIssuer { which }));
        }

        let issuer_index = index.saturating_add(1);
        let issuer_which = Position::Chain(issuer_index);
        let Some((_, issuer)) = certs.get(issuer_index) else {
            return Err(ChainError::UnknownIssuer { which });
        };
        if issuer.subject != child.issuer {
            return Err(ChainError::UnknownIssuer { which });
        }
        check_ca_static(issuer, issuer_which)?;
        check_path_len(issuer, issuer_which, intermediates_below)?;
        let issuer_key = issuer
            .key
            .as_ref()
            .map_err(|e| ChainError::from_key(issuer_which, *e))?;
        check_signature(provider, raw, child, issuer_key, which)?;
        if !issuer.is_self_issued() {
            intermediates_below = intermediates_below.saturating_add(1);
        }
    }
    // Every iteration either returns or moves on to an existing issuer, and
    // the last certificate has none: unreachable, but not worth a panic.
    Err(ChainError::UnknownIssuer {
        which: Position::Chain(certs.len().saturating_sub(1)),
    })
}

/// The end-entity rules; returns the key the caller will verify the JWS with.
fn check_leaf(
    leaf: Option<&CertInfo>,
    anchors: &TrustAnchors,
    now_unix: u64,
) -> Result<PublicKey, ChainError> {
    let which = Position::Chain(0);
    let leaf = leaf.ok_or(ChainError::EmptyChain)?;
    leaf.check_validity(now_unix, which)?;
    if leaf.is_ca() {
        return Err(ChainError::CaUsedAsLeaf);
    }
    if leaf.key_usage.is_some_and(|ku| !ku.digital_signature()) {
        return Err(ChainError::KeyUsage { which });
    }
    if let Some(want) = anchors.leaf_eku() {
        let listed = leaf
            .ext_key_usage
            .as_ref()
            .is_some_and(|eku| eku.0.contains(want));
        if !listed {
            return Err(ChainError::ExtendedKeyUsage);
        }
    }
    leaf.key.clone().map_err(|e| ChainError::from_key(which, e))
}

#[allow(clippy::too_many_arguments)]
fn check_root_signed(
    provider: &dyn CryptoProvider,
    root: &TrustAnchor,
    root_index: usize,
    raw: &RawCert<'_>,
    child: &CertInfo,
    which: Position,
    intermediates_below: u32,
    now_unix: u64,
) -> Result<(), ChainError> {
    let root_which = Position::Anchor(root_index);
    root.info.check_validity(now_unix, root_which)?;
    check_path_len(&root.info, root_which, intermediates_below)?;
    check_signature(provider, raw, child, &root.key, which)
}

fn check_path_len(issuer: &CertInfo, which: Position, below: u32) -> Result<(), ChainError> {
    let limit = issuer
        .basic_constraints
        .as_ref()
        .and_then(|bc| bc.path_len_constraint);
    match limit {
        Some(limit) if below > u32::from(limit) => Err(ChainError::PathLenExceeded { which }),
        _ => Ok(()),
    }
}

fn check_signature(
    provider: &dyn CryptoProvider,
    raw: &RawCert<'_>,
    child: &CertInfo,
    issuer_key: &PublicKey,
    which: Position,
) -> Result<(), ChainError> {
    signature::verify(
        provider,
        &child.signature_algorithm,
        issuer_key,
        raw.tbs_der,
        raw.signature,
    )
    .map_err(|e| match e {
        SigError::Unsupported => ChainError::UnsupportedAlgorithm { which },
        SigError::Weak => ChainError::WeakAlgorithm { which },
        SigError::Bad => ChainError::BadSignature { which },
    })
}

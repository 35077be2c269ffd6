//! Certificate signature algorithms: identification, weak-algorithm policy and
//! verification with RustCrypto.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::referenced::OwnedToRef;
use der::{Reader, TagMode, TagNumber};
use spki::{AlgorithmIdentifierOwned, AlgorithmIdentifierRef};

use crate::crypto::{self, CryptoProvider};
use crate::keys::PublicKey;
use crate::keys::rsa::HashAlg;

const OID_SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const OID_SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const OID_SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const OID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
const OID_ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const OID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const OID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");

/// Broken signature algorithms, reported as weak rather than merely unsupported.
const WEAK: [ObjectIdentifier; 7] = [
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.2"), // md2WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4"), // md5WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5"), // sha1WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.3.14.3.2.29"),        // sha1WithRSASignature (OIW)
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.1"),    // ecdsa-with-SHA1
    ObjectIdentifier::new_unwrap("1.2.840.10040.4.3"),    // dsa-with-sha1
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.3"), // md4WithRSAEncryption
];

fn hash_from_oid(oid: ObjectIdentifier) -> Result<HashAlg, SigError> {
    match oid {
        o if o == OID_SHA256 => Ok(HashAlg::Sha256),
        o if o == OID_SHA384 => Ok(HashAlg::Sha384),
        o if o == OID_SHA512 => Ok(HashAlg::Sha512),
        o if o == OID_SHA1 => Err(SigError::Weak),
        _ => Err(SigError::Unsupported),
    }
}

/// The algorithms a certificate may be signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SigAlg {
    RsaPkcs1(HashAlg),
    /// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash.
    RsaPss(HashAlg),
    EcdsaP256Sha256,
}

/// Why a certificate signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SigError {
    /// Not an algorithm (or parameter set) we implement.
    Unsupported,
    /// A broken algorithm (SHA-1, MD5, MD2).
    Weak,
    /// The signature does not verify (or does not match the key type).
    Bad,
}

fn params_null_or_absent(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.parameters
        .as_ref()
        .is_none_or(|p| p.owned_to_ref() == AnyRef::NULL)
}

fn identify(alg: &AlgorithmIdentifierOwned) -> Result<SigAlg, SigError> {
    let oid = alg.oid;
    if WEAK.contains(&oid) {
        return Err(SigError::Weak);
    }
    let pkcs1 = |hash| {
        // RFC 4055 wants NULL; some encoders omit it. Anything else is not ours.
        if params_null_or_absent(alg) {
            Ok(SigAlg::RsaPkcs1(hash))
        } else {
            Err(SigError::Unsupported)
        }
    };
    match oid {
        o if o == OID_SHA256_WITH_RSA => pkcs1(HashAlg::Sha256),
        o if o == OID_SHA384_WITH_RSA => pkcs1(HashAlg::Sha384),
        o if o == OID_SHA512_WITH_RSA => pkcs1(HashAlg::Sha512),
        // RFC 5758: the parameters MUST be absent.
        o if o == OID_ECDSA_WITH_SHA256 && alg.parameters.is_none() => Ok(SigAlg::EcdsaP256Sha256),
        o if o == OID_RSASSA_PSS => identify_pss(alg),
        _ => Err(SigError::Unsupported),
    }
}

/// RSASSA-PSS parameters (RFC 4055 §3.1): only the consistent sets
/// hash = MGF1 hash ∈ {SHA-256, SHA-384, SHA-512}, salt = hash length, trailer 1.
///
/// ```text
/// RSASSA-PSS-params ::= SEQUENCE {
///     hashAlgorithm      [0] HashAlgorithm    DEFAULT sha1,
///     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
///     saltLength         [2] INTEGER          DEFAULT 20,
///     trailerField       [3] TrailerField     DEFAULT trailerFieldBC }
/// ```
/// (explicit tags). An absent hash is the SHA-1 default: weak.
fn identify_pss(alg: &AlgorithmIdentifierOwned) -> Result<SigAlg, SigError> {
    let params = alg.parameters.as_ref().ok_or(SigError::Unsupported)?;
    let (hash, mask_gen, salt_len, trailer) = params
        .owned_to_ref()
        .sequence(|r| {
            let hash: Option<AlgorithmIdentifierRef<'_>> =
                r.context_specific(TagNumber(0), TagMode::Explicit)?;
            let mask_gen: Option<AlgorithmIdentifierRef<'_>> =
                r.context_specific(TagNumber(1), TagMode::Explicit)?;
            let salt_len: Option<u8> = r.context_specific(TagNumber(2), TagMode::Explicit)?;
            let trailer: Option<u8> = r.context_specific(TagNumber(3), TagMode::Explicit)?;
            Ok::<_, der::Error>((hash, mask_gen, salt_len, trailer))
        })
        .map_err(|_| SigError::Unsupported)?;
    let hash_alg = hash.ok_or(SigError::Weak)?;
    let hash = hash_from_oid(hash_alg.oid)?;
    let mask_gen = mask_gen.ok_or(SigError::Weak)?;
    if mask_gen.oid != OID_MGF1 {
        return Err(SigError::Unsupported);
    }
    let mgf_hash: AlgorithmIdentifierRef<'_> = mask_gen
        .parameters
        .ok_or(SigError::Unsupported)?
        .decode_as()
        .map_err(|_| SigError::Unsupported)?;
    if hash_from_oid(mgf_hash.oid)? != hash
        || salt_len.map(usize::from) != Some(hash.output_len())
        || trailer.is_some_and(|t| t != 1)
    {
        return Err(SigError::Unsupported);
    }
    let null_or_absent = |p: Option<AnyRef<'_>>| p.is_none_or(|p| p == AnyRef::NULL);
    if !null_or_absent(hash_alg.parameters) || !null_or_absent(mgf_hash.parameters) {
        return Err(SigError::Unsupported);
    }
    Ok(SigAlg::RsaPss(hash))
}

/// Verifies `signature` over `message` (a raw TBSCertificate) with `key`.
pub(crate) fn verify(
    provider: &dyn CryptoProvider,
    alg: &AlgorithmIdentifierOwned,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SigError> {
    let alg = identify(alg)?;
    let ok = match (alg, key) {
        (SigAlg::EcdsaP256Sha256, PublicKey::P256(pk)) => {
            // DER → r ‖ s here, so a backend only ever sees fixed-size input.
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| SigError::Bad)?;
            let raw: [u8; 64] = sig.to_bytes().into();
            crypto::verify_es256(provider, pk, message, &raw).is_ok()
        }
        (SigAlg::RsaPkcs1(hash), PublicKey::Rsa(pk)) => {
            pk.verify_pkcs1v15(hash, message, signature).is_ok()
        }
        (SigAlg::RsaPss(hash), PublicKey::Rsa(pk)) => {
            pk.verify_pss(hash, message, signature).is_ok()
        }
        // An RSA algorithm with an EC key or vice versa cannot be a valid signature.
        _ => false,
    };
    if ok { Ok(()) } else { Err(SigError::Bad) }
}

#[cfg(test)]
mod wycheproof {
    //! Certificate ECDSA verification (DER signatures, as in X.509) against
    //! `ecdsa_secp256r1_sha256_test.json`, through [`verify`] itself.
    use super::*;

    #[test]
    fn ecdsa_p256_sha256_der() {
        let path = std::format!(
            "{}/tests/vectors/wycheproof/ecdsa_secp256r1_sha256_test.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let d: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let alg = AlgorithmIdentifierOwned {
            oid: OID_ECDSA_WITH_SHA256,
            parameters: None,
        };
        let hex = |t: &serde_json::Value, k: &str| hex::decode(t[k].as_str().unwrap()).unwrap();
        let (mut valid, mut invalid) = (0, 0);
        for g in d["testGroups"].as_array().unwrap() {
            let key = PublicKey::from_spki_der(&hex(g, "publicKeyDer")).unwrap();
            for t in g["tests"].as_array().unwrap() {
                let ok = verify(
                    crypto::default_provider(),
                    &alg,
                    &key,
                    &hex(t, "msg"),
                    &hex(t, "sig"),
                )
                .is_ok();
                match t["result"].as_str().unwrap() {
                    "valid" => {
                        assert!(ok, "tcId {} refused: {}", t["tcId"], t["comment"]);
                        valid += 1;
                    }
                    "invalid" => {
                        assert!(!ok, "tcId {} accepted: {}", t["tcId"], t["comment"]);
                        invalid += 1;
                    }
                    _ => {}
                }
            }
        }
        assert!(
            valid >= 150 && invalid >= 250,
            "{valid} valid, {invalid} invalid"
        );
    }
}

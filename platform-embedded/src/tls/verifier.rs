//! Server authentication for `embedded-tls`, on threeds-core's X.509 validator.
//!
//! `embedded-tls` calls [`TlsVerifier::verify_certificate`] with the server's
//! Certificate message and [`TlsVerifier::verify_signature`] with its
//! CertificateVerify; the Finished MAC, checked by `embedded-tls` itself, then binds
//! the rest of the handshake. A refusal is recorded here with its typed reason,
//! since `embedded-tls` only carries its own error enum.

use digest_010::Digest;
use embedded_tls::{
    CertificateEntryRef, CertificateRef, CertificateVerifyRef, SignatureScheme, TlsCipherSuite,
    TlsError, TlsVerifier,
};
use threeds_core::keys::PublicKey;
use threeds_core::pki::{MAX_PATH_LEN, TrustAnchors, verify_chain};

use super::CertificateFailure;
use super::names::check_server_leaf;

/// RFC 8446 §4.4.3: 64 spaces, the context string and a zero byte precede the hash.
const CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify\x00";
/// Longest transcript hash of a TLS 1.3 suite (SHA-384).
const MAX_HASH: usize = 48;

/// The roots and the time the server's chain is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ServerAuth<'a> {
    anchors: &'a TrustAnchors,
    now_unix: u64,
}

impl<'a> ServerAuth<'a> {
    /// Authenticate servers against `anchors` (the roots that may issue ACS TLS
    /// certificates) at `now_unix`, seconds since the epoch (from
    /// [`Clock::now_unix`](threeds_core::platform::Clock::now_unix)).
    ///
    /// There is deliberately no way to skip server authentication.
    #[must_use]
    pub fn new(anchors: &'a TrustAnchors, now_unix: u64) -> Self {
        Self { anchors, now_unix }
    }
}

/// One handshake's verifier.
pub(crate) struct ServerVerifier<'a> {
    auth: ServerAuth<'a>,
    host: &'a str,
    leaf_key: Option<PublicKey>,
    transcript: [u8; MAX_HASH],
    transcript_len: usize,
    failure: Option<CertificateFailure>,
    authenticated: bool,
}

impl<'a> ServerVerifier<'a> {
    pub(crate) fn new(auth: ServerAuth<'a>, host: &'a str) -> Self {
        Self {
            auth,
            host,
            leaf_key: None,
            transcript: [0; MAX_HASH],
            transcript_len: 0,
            failure: None,
            authenticated: false,
        }
    }

    /// The typed reason of the last refusal, if the handshake failed here.
    pub(crate) fn failure(&self) -> Option<CertificateFailure> {
        self.failure
    }

    /// Whether a validated certificate was followed by a valid CertificateVerify.
    ///
    /// `embedded-tls` does not insist on either message: a server that goes from
    /// EncryptedExtensions straight to Finished completes its handshake without ever
    /// calling the verifier. So the connection is only used once this is true.
    pub(crate) fn authenticated(&self) -> bool {
        self.authenticated && self.failure.is_none()
    }

    fn refuse(&mut self, failure: CertificateFailure) -> TlsError {
        self.failure = Some(failure);
        match failure {
            CertificateFailure::BadSignature => TlsError::InvalidSignature,
            CertificateFailure::UnsupportedSignatureScheme(_) => TlsError::InvalidSignatureScheme,
            _ => TlsError::InvalidCertificate,
        }
    }

    fn check_certificate(
        &self,
        cert: &CertificateRef<'_>,
    ) -> Result<PublicKey, CertificateFailure> {
        let mut ders: [&[u8]; MAX_PATH_LEN] = [&[]; MAX_PATH_LEN];
        let mut count = 0usize;
        for entry in &cert.entries {
            let CertificateEntryRef::X509(der) = entry else {
                return Err(CertificateFailure::NoCertificate);
            };
            let slot = ders
                .get_mut(count)
                .ok_or(CertificateFailure::TooManyCertificates)?;
            *slot = der;
            count = count.saturating_add(1);
        }
        let chain = ders.get(..count).unwrap_or(&[]);
        let leaf = chain.first().ok_or(CertificateFailure::NoCertificate)?;
        let key = verify_chain(chain, self.auth.anchors, self.auth.now_unix)
            .map_err(CertificateFailure::Chain)?;
        check_server_leaf(leaf, self.host)?;
        Ok(key)
    }

    fn check_signature(&self, verify: &CertificateVerifyRef<'_>) -> Result<(), CertificateFailure> {
        let key = self
            .leaf_key
            .as_ref()
            .ok_or(CertificateFailure::NoCertificate)?;
        let hash = self
            .transcript
            .get(..self.transcript_len)
            .ok_or(CertificateFailure::BadSignature)?;
        // 64 + 34 + 48 bytes at most.
        let mut message = [0x20u8; 64 + CONTEXT.len() + MAX_HASH];
        let len = 64usize
            .saturating_add(CONTEXT.len())
            .saturating_add(hash.len());
        message
            .get_mut(64..64usize.saturating_add(CONTEXT.len()))
            .ok_or(CertificateFailure::BadSignature)?
            .copy_from_slice(CONTEXT);
        message
            .get_mut(64usize.saturating_add(CONTEXT.len())..len)
            .ok_or(CertificateFailure::BadSignature)?
            .copy_from_slice(hash);
        let message = message.get(..len).ok_or(CertificateFailure::BadSignature)?;
        verify_certificate_verify(key, verify.signature_scheme, message, verify.signature)
    }
}

/// Checks a CertificateVerify signature. RFC 8446 §4.4.3 allows only ECDSA and
/// RSASSA-PSS here (PKCS#1 v1.5 is for certificates only); P-384 and EdDSA keys are
/// refused earlier by the chain check.
fn verify_certificate_verify(
    key: &PublicKey,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateFailure> {
    use p256::ecdsa::signature::Verifier as _;
    use threeds_core::keys::rsa::HashAlg;

    let bad = CertificateFailure::BadSignature;
    let ok = match (key, scheme) {
        (PublicKey::P256(pk), SignatureScheme::EcdsaSecp256r1Sha256) => {
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| bad)?;
            p256::ecdsa::VerifyingKey::from(pk)
                .verify(message, &sig)
                .is_ok()
        }
        (
            PublicKey::Rsa(pk),
            SignatureScheme::RsaPssRsaeSha256
            | SignatureScheme::RsaPssRsaeSha384
            | SignatureScheme::RsaPssRsaeSha512,
        ) => {
            // Salt as long as the hash, as RFC 8446 §4.2.3 requires.
            let hash = match scheme {
                SignatureScheme::RsaPssRsaeSha256 => HashAlg::Sha256,
                SignatureScheme::RsaPssRsaeSha384 => HashAlg::Sha384,
                _ => HashAlg::Sha512,
            };
            pk.verify_pss(hash, message, signature).is_ok()
        }
        _ => {
            return Err(CertificateFailure::UnsupportedSignatureScheme(
                scheme.as_u16(),
            ));
        }
    };
    if ok { Ok(()) } else { Err(bad) }
}

impl<CS: TlsCipherSuite> TlsVerifier<CS> for ServerVerifier<'_> {
    fn set_hostname_verification(&mut self, _hostname: &str) -> Result<(), TlsError> {
        // The host is fixed at construction (also for IP literals, which get no SNI).
        Ok(())
    }

    fn verify_certificate(
        &mut self,
        transcript: &CS::Hash,
        cert: CertificateRef<'_>,
    ) -> Result<(), TlsError> {
        self.authenticated = false;
        match self.check_certificate(&cert) {
            Ok(key) => {
                // The transcript up to and including Certificate is what the server signs.
                let hash = transcript.clone().finalize();
                let Some(slot) = self.transcript.get_mut(..hash.len()) else {
                    return Err(TlsError::InternalError);
                };
                slot.copy_from_slice(&hash);
                self.transcript_len = hash.len();
                self.leaf_key = Some(key);
                Ok(())
            }
            Err(failure) => Err(self.refuse(failure)),
        }
    }

    fn verify_signature(&mut self, verify: CertificateVerifyRef<'_>) -> Result<(), TlsError> {
        let result = self.check_signature(&verify);
        // One signature per certificate.
        self.leaf_key = None;
        self.authenticated = result.is_ok();
        result.map_err(|failure| self.refuse(failure))
    }
}

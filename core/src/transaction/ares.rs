//! `handle_ares`: the ARes and, for a challenge, the `acsSignedContent` checks.

use super::Transaction;
use super::constraints::RenderOffer;
use super::error::{AresError, Error};
use super::state::{Challenge, ExpectAres, Failed, State};
use crate::message::{Ares, AresExpectation, AuthResponse, Erro, MessageError, TransStatus};

/// How the ACS signing certificate (`x5c` of `acsSignedContent`) is trusted.
#[derive(Debug, Clone, Copy)]
pub struct AcsTrust<'a> {
    /// The configured ACS roots (the DS CA certificates).
    #[cfg(feature = "alloc")]
    pub roots: Option<&'a crate::pki::TrustAnchors>,
    /// `AcceptAnyACSCert`: skip the chain check (testing only). The JWS
    /// signature is still verified with the `x5c` leaf key.
    pub accept_any_cert: bool,
    #[cfg(not(feature = "alloc"))]
    #[doc(hidden)]
    pub _roots: core::marker::PhantomData<&'a ()>,
}

#[cfg(feature = "alloc")]
impl<'a> AcsTrust<'a> {
    /// Chains must lead to one of `roots`.
    pub fn roots(roots: &'a crate::pki::TrustAnchors) -> Self {
        Self {
            roots: Some(roots),
            accept_any_cert: false,
        }
    }
}

impl AcsTrust<'_> {
    /// `AcceptAnyACSCert`: no chain check, but the signature must verify.
    pub fn accept_any() -> Self {
        Self {
            #[cfg(feature = "alloc")]
            roots: None,
            accept_any_cert: true,
            #[cfg(not(feature = "alloc"))]
            _roots: core::marker::PhantomData,
        }
    }
}

/// What the ARes means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AresOutcome<'a> {
    /// `transStatus` Y, A, N, U, R or I: the transaction is over, no challenge.
    Frictionless(Ares<'a>),
    /// `transStatus` D: decoupled authentication (`cardholderInfo` to show).
    Decoupled(Ares<'a>),
    /// `transStatus` C: the signed content verified, the session keys are
    /// derived; send the first CReq.
    Challenge(Ares<'a>),
    /// An Erro instead of an ARes (reported, never answered); the transaction failed.
    Erro(Erro<'a>),
}

impl Transaction {
    /// Handles the ARes (the reference's `check_auth_response`).
    ///
    /// `now_unix` (wall clock) is the instant the ACS certificate chain is
    /// checked at. A rejected ARes is a local error: the transaction
    /// fails, and no Erro is sent.
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] (nothing changed) unless [`begin`](Self::begin)
    /// ran; [`Error::Ares`] when the ARes or its signed content is rejected.
    pub fn handle_ares<'a>(
        &mut self,
        ares: &'a [u8],
        trust: &AcsTrust<'_>,
        now_unix: u64,
    ) -> Result<AresOutcome<'a>, Error> {
        if !matches!(self.state, State::AuthRequested(_)) {
            return Err(self.misuse("handle_ares"));
        }
        let State::AuthRequested(expect) = core::mem::replace(&mut self.state, State::Idle) else {
            return Err(self.misuse("handle_ares"));
        };
        let failed = State::Failed(Failed {
            target: None,
            pending: None,
            sent: None,
        });
        let parsed = AuthResponse::parse(
            ares,
            &AresExpectation {
                version: expect.version,
                sdk_trans_id: expect.sdk_trans_id.as_str(),
                understood_extensions: &[],
            },
        );
        let ares = match parsed.and_then(|p| offered(p, expect.settings.render)) {
            Ok(AuthResponse::Ares(a)) => a,
            Ok(AuthResponse::Erro(e)) => {
                self.state = failed;
                return Ok(AresOutcome::Erro(e));
            }
            Err(e) => {
                self.state = failed;
                return Err(AresError::Message(e).into());
            }
        };
        match ares.trans_status {
            TransStatus::Authenticated
            | TransStatus::Attempted
            | TransStatus::NotAuthenticated
            | TransStatus::Unavailable
            | TransStatus::Rejected
            | TransStatus::Informational => {
                self.state = State::Frictionless(ares.trans_status);
                Ok(AresOutcome::Frictionless(ares))
            }
            TransStatus::Decoupled => {
                self.state = State::Decoupled;
                Ok(AresOutcome::Decoupled(ares))
            }
            TransStatus::Challenge => match start_challenge(expect, &ares, trust, now_unix) {
                Ok(challenge) => {
                    self.state = State::Challenge(challenge);
                    Ok(AresOutcome::Challenge(ares))
                }
                Err(e) => {
                    self.state = failed;
                    Err(e.into())
                }
            },
            TransStatus::Spc => {
                self.state = failed;
                Err(AresError::UnexpectedTransStatus.into())
            }
        }
    }
}

/// 203 when the ARes `acsRenderingType` names an interface or UI template
/// the AReq did not offer in `deviceRenderOptions`.
fn offered(p: AuthResponse<'_>, offer: RenderOffer) -> Result<AuthResponse<'_>, MessageError> {
    if let AuthResponse::Ares(a) = &p
        && let Some(rt) = a.acs_rendering_type
    {
        if !offer.offers_interface(rt.interface) {
            return Err(MessageError::value("acsRenderingType.acsInterface"));
        }
        if !offer.offers_ui(rt.ui_template) {
            return Err(MessageError::value("acsRenderingType.acsUiTemplate"));
        }
    }
    Ok(p)
}

#[cfg(not(feature = "alloc"))]
fn start_challenge(
    _expect: ExpectAres,
    _ares: &Ares<'_>,
    _trust: &AcsTrust<'_>,
    _now_unix: u64,
) -> Result<Challenge, AresError> {
    Err(AresError::ChallengeUnsupported)
}

/// Verifies `acsSignedContent` and derives the session keys.
#[cfg(feature = "alloc")]
fn start_challenge(
    expect: ExpectAres,
    ares: &Ares<'_>,
    trust: &AcsTrust<'_>,
    now_unix: u64,
) -> Result<Challenge, AresError> {
    use alloc::vec;

    use super::counter::Counter;
    use super::ids::TransactionIds;
    use super::state::{AcsUrl, Phase};
    use crate::jose::{Jws, SessionKeys, base64url, jwk};
    use crate::message::AcsSignedPayload;

    // The provider the transaction began with, carried by its ephemeral key.
    let provider = expect.ephemeral.provider();
    let signed = ares
        .acs_signed_content
        .ok_or(AresError::SignedContentInvalid)?;
    let header_len = crate::text::split_ascii(signed, b'.')
        .next()
        .map_or(0, str::len);
    let mut header_buf = vec![0u8; base64url::decoded_len_max(header_len)];
    let jws = Jws::parse(signed, &mut header_buf).map_err(|_| AresError::SignedContentInvalid)?;
    let chain = jws.x5c_chain().map_err(|_| AresError::CertificateInvalid)?;
    let leaf_der = chain.first().ok_or(AresError::CertificateInvalid)?;
    let leaf_key = match (trust.accept_any_cert, trust.roots) {
        (true, _) => crate::pki::leaf_public_key(leaf_der),
        (false, Some(roots)) => crate::pki::verify_chain_with(provider, &chain, roots, now_unix),
        (false, None) => return Err(AresError::CertificateInvalid),
    }
    .map_err(|_| AresError::CertificateInvalid)?;
    jws.verify_with(provider, &leaf_key)
        .map_err(|_| AresError::SignatureInvalid)?;

    let mut payload_buf = vec![0u8; base64url::decoded_len_max(jws.payload_b64().len())];
    let payload = jws
        .decode_payload(&mut payload_buf)
        .map_err(|_| AresError::SignedContentInvalid)?;
    let payload = AcsSignedPayload::parse(payload).map_err(AresError::Message)?;
    let sdk_key = jwk::p256_from_json(payload.sdk_ephem_pub_key.as_bytes())
        .map_err(|_| AresError::SdkEphemPubKeyMismatch)?;
    if &sdk_key != expect.ephemeral.public_key() {
        return Err(AresError::SdkEphemPubKeyMismatch);
    }
    let acs_key = jwk::p256_from_json(payload.acs_ephem_pub_key.as_bytes())
        .map_err(|_| AresError::AcsEphemPubKeyInvalid)?;
    let acs_url = AcsUrl::from_chars(payload.acs_url.chars(), payload.acs_url.decoded_len())
        .ok_or(AresError::AcsUrlInvalid)?;
    let scheme_ok = acs_url
        .as_str()
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if !scheme_ok || acs_url.as_str().len() <= 8 {
        return Err(AresError::AcsUrlInvalid);
    }
    let keys = SessionKeys::derive(&expect.ephemeral, &acs_key, &expect.sdk_reference_number)
        .map_err(|_| AresError::KeyDerivation)?;
    Ok(Challenge {
        version: expect.version,
        ids: TransactionIds {
            sdk_trans_id: expect.sdk_trans_id,
            three_ds_server_trans_id: ares.three_ds_server_trans_id.clone(),
            acs_trans_id: ares.acs_trans_id.clone(),
            ds_trans_id: Some(ares.ds_trans_id.clone()),
        },
        keys,
        enc: expect.enc,
        acs_url,
        settings: expect.settings,
        start_ms: expect.start_ms,
        timeouts: expect.timeouts,
        screen: None,
        round: 0,
        phase: Phase::ExpectCreq {
            next: Some(Counter::FIRST),
        },
    })
}

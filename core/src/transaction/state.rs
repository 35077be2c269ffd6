//! The states of a transaction; each holds only the data valid in it.

use super::constraints::{RenderOffer, ScreenConstraints};
use super::counter::Counter;
use super::erro::SdkErro;
use super::error::StateName;
use super::ids::TransactionIds;
use super::text::BoundedText;
use super::timer::{Deadlines, Timeouts};
use crate::jose::{ContentEncryption, EphemeralKeyPair, SessionKeys};
use crate::message::{MessageVersion, TransId, TransStatus};

/// Longest `acsURL` kept (the protocol maximum).
pub const MAX_ACS_URL: usize = crate::message::MAX_ACS_URL;
/// Longest `threeDSRequestorAppURL` (2.3.1 maximum).
pub const MAX_REQUESTOR_APP_URL: usize = crate::message::MAX_REQUESTOR_APP_URL_2_3;
/// Longest `sdkReferenceNumber`.
pub const MAX_SDK_REFERENCE_NUMBER: usize = crate::message::MAX_SDK_REFERENCE_NUMBER;

/// Settings that every CReq of a transaction repeats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreqSettings {
    /// `threeDSRequestorAppURL` (2.2.0 and later), sent in every CReq when set.
    pub requestor_app_url: Option<heapless::String<MAX_REQUESTOR_APP_URL>>,
    /// `oobAppURLInd` (2.3.1, required in every CReq): `true` sends `01`
    /// (the app can open an OOB app URL), `false` sends `02`.
    pub oob_app_url_supported: bool,
}

/// [`CreqSettings`] as a transaction keeps them (the URL at its real size),
/// plus the requestor's choices that shape what a CRes may say: the
/// decoupled fallback and what its AReq offered in `deviceRenderOptions`.
#[derive(Clone)]
pub(crate) struct StoredSettings {
    pub requestor_app_url: Option<BoundedText<MAX_REQUESTOR_APP_URL>>,
    pub oob_app_url_supported: bool,
    /// 2.3.1: the requestor asked for decoupled fallback, so a final CRes
    /// may carry `transStatus` `D` (see [`Transaction::set_decoupled_fallback`](super::Transaction::set_decoupled_fallback)).
    pub decoupled_fallback: bool,
    pub render: RenderOffer,
}

impl StoredSettings {
    /// `None` when the URL is longer than [`MAX_REQUESTOR_APP_URL`].
    pub fn new(requestor_app_url: Option<&str>, oob_app_url_supported: bool) -> Option<Self> {
        let requestor_app_url = match requestor_app_url {
            Some(url) => Some(BoundedText::new(url)?),
            None => None,
        };
        Some(Self {
            requestor_app_url,
            oob_app_url_supported,
            decoupled_fallback: false,
            render: RenderOffer::ANY,
        })
    }

    /// The same as a [`CreqSettings`]; `None` when the URL is too long.
    pub fn from_public(settings: &CreqSettings) -> Option<Self> {
        Self::new(
            settings.requestor_app_url.as_deref(),
            settings.oob_app_url_supported,
        )
    }

    /// `threeDSRequestorAppURL`, when set.
    pub fn requestor_app_url(&self) -> Option<&str> {
        self.requestor_app_url.as_ref().map(BoundedText::as_str)
    }
}

/// `acsURL` as a transaction keeps it.
pub(crate) type AcsUrl = BoundedText<MAX_ACS_URL>;

/// What a transaction keeps between `begin` and the ARes.
pub(crate) struct ExpectAres {
    pub version: MessageVersion,
    pub sdk_trans_id: TransId,
    pub ephemeral: EphemeralKeyPair,
    pub sdk_reference_number: heapless::String<MAX_SDK_REFERENCE_NUMBER>,
    pub start_ms: u64,
    pub timeouts: Timeouts,
    pub enc: ContentEncryption,
    pub settings: StoredSettings,
}

/// Where a challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The next step is a CReq with counter `next` (`None`: 255 were sent).
    ExpectCreq { next: Option<Counter> },
    /// A CReq with counter `sent` is in flight until `deadline`.
    ExpectCres { sent: Counter, deadline: u64 },
}

/// A running challenge.
pub(crate) struct Challenge {
    pub version: MessageVersion,
    pub ids: TransactionIds,
    pub keys: SessionKeys,
    pub enc: ContentEncryption,
    pub acs_url: AcsUrl,
    pub settings: StoredSettings,
    pub start_ms: u64,
    pub timeouts: Timeouts,
    /// What the last screen allowed (`None` before the first CRes).
    pub screen: Option<ScreenConstraints>,
    /// Number of CRes screens received so far.
    pub round: u16,
    pub phase: Phase,
}

impl Challenge {
    pub fn deadlines(&self) -> Deadlines {
        Deadlines {
            max: self.timeouts.max_deadline(self.start_ms),
            exchange: match self.phase {
                Phase::ExpectCres { deadline, .. } => Some(deadline),
                Phase::ExpectCreq { .. } => None,
            },
        }
    }
}

/// Where an Erro about the challenge goes, and what it names.
pub(crate) struct ErroTarget {
    pub version: MessageVersion,
    pub ids: TransactionIds,
    pub acs_url: AcsUrl,
}

/// A failed transaction.
pub(crate) struct Failed {
    /// Set when the failure happened during a challenge.
    pub target: Option<ErroTarget>,
    /// The Erro still to be sent ([`poll_erro`](super::Transaction::poll_erro)).
    pub pending: Option<SdkErro>,
    /// The Erro that was reported to the ACS, once sent.
    pub sent: Option<SdkErro>,
}

/// The transaction state (a few hundred bytes with `alloc`: the URLs are
/// on the heap; ~4.5 KB without, where they are inline).
#[cfg_attr(not(feature = "alloc"), allow(clippy::large_enum_variant))]
pub(crate) enum State {
    Idle,
    AuthRequested(ExpectAres),
    Frictionless(TransStatus),
    Decoupled,
    Challenge(Challenge),
    Completed(TransStatus),
    Failed(Failed),
}

impl State {
    pub fn name(&self) -> StateName {
        match self {
            State::Idle => StateName::Idle,
            State::AuthRequested(_) => StateName::AuthRequested,
            State::Frictionless(_) => StateName::Frictionless,
            State::Decoupled => StateName::Decoupled,
            State::Challenge(c) => match c.phase {
                Phase::ExpectCreq { .. } => StateName::ChallengeExpectCreq,
                Phase::ExpectCres { .. } => StateName::ChallengeExpectCres,
            },
            State::Completed(_) => StateName::Completed,
            State::Failed(_) => StateName::Failed,
        }
    }
}

impl Challenge {
    /// The failed state this challenge turns into, with `erro` pending (if
    /// any). Takes the URL out instead of moving the whole challenge.
    pub fn fail(&mut self, erro: Option<SdkErro>) -> Failed {
        Failed {
            target: Some(ErroTarget {
                version: self.version,
                ids: self.ids.clone(),
                acs_url: self.acs_url.take(),
            }),
            pending: erro,
            sent: None,
        }
    }
}

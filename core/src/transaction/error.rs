//! Errors of the transaction state machine, grouped by who is at fault.

use core::fmt;

use super::constraints::InputRejected;
use super::timer::Timer;
use crate::message::{BuildError, MessageError};

/// The states of a [`Transaction`](super::Transaction), for error reports and getters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateName {
    /// Nothing has happened yet.
    Idle,
    /// The auth request was produced; waiting for the ARes.
    AuthRequested,
    /// The ARes ended the transaction without a challenge.
    Frictionless,
    /// The ARes asked for decoupled authentication.
    Decoupled,
    /// A challenge is running; the next step is a CReq.
    ChallengeExpectCreq,
    /// A challenge is running; a CReq is in flight and its CRes is awaited.
    ChallengeExpectCres,
    /// The challenge ended with a final CRes.
    Completed,
    /// The transaction failed; nothing more can be done with it.
    Failed,
}

/// Why an ARes was rejected. These are local errors: no Erro is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AresError {
    /// The ARes (or the `acsSignedContent` payload) failed message validation.
    Message(MessageError),
    /// `transStatus` is not one this SDK accepts in an ARes.
    UnexpectedTransStatus,
    /// A challenge needs X.509 validation, which needs the `alloc` feature.
    ChallengeUnsupported,
    /// `acsSignedContent` is not a valid compact JWS, or uses a forbidden algorithm or header.
    SignedContentInvalid,
    /// The `x5c` chain does not lead to a configured ACS root.
    CertificateInvalid,
    /// The signature of `acsSignedContent` does not verify with the leaf key.
    SignatureInvalid,
    /// The payload's `sdkEphemPubKey` is not this transaction's key.
    SdkEphemPubKeyMismatch,
    /// The payload's `acsEphemPubKey` is not a valid P-256 point.
    AcsEphemPubKeyInvalid,
    /// `acsURL` is missing, not `https://`, or too long.
    AcsUrlInvalid,
    /// The session key could not be derived.
    KeyDerivation,
}

impl fmt::Display for AresError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Message(e) => write!(f, "ARes: {e}"),
            Self::UnexpectedTransStatus => f.write_str("ARes: transStatus not accepted"),
            Self::ChallengeUnsupported => {
                f.write_str("ARes: a challenge needs the alloc feature (X.509)")
            }
            Self::SignedContentInvalid => {
                f.write_str("ARes: acsSignedContent is not an acceptable JWS")
            }
            Self::CertificateInvalid => f.write_str("ARes: ACS certificate chain not trusted"),
            Self::SignatureInvalid => f.write_str("ARes: acsSignedContent signature invalid"),
            Self::SdkEphemPubKeyMismatch => {
                f.write_str("ARes: sdkEphemPubKey is not this SDK's key")
            }
            Self::AcsEphemPubKeyInvalid => {
                f.write_str("ARes: acsEphemPubKey is not a valid P-256 key")
            }
            Self::AcsUrlInvalid => f.write_str("ARes: acsURL is not an acceptable https URL"),
            Self::KeyDerivation => f.write_str("ARes: session key derivation failed"),
        }
    }
}

/// Errors of the transaction API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The call does not fit the current state; nothing changed.
    ApiMisuse {
        /// The method called.
        call: &'static str,
        /// The state the transaction is in.
        state: StateName,
    },
    /// A parameter is unacceptable (its name); nothing changed.
    InvalidParameter(&'static str),
    /// The challenge input does not fit the last screen; nothing changed.
    InputRejected(InputRejected),
    /// The output buffer is too small; nothing changed. A buffer of
    /// `needed` bytes is enough for this call with the same inputs (exactly
    /// enough: one byte less fails again).
    BufferTooSmall {
        /// Bytes the output buffer needs.
        needed: usize,
    },
    /// A message could not be built from the parameters; nothing changed.
    Build(BuildError),
    /// The random number generator failed; nothing changed.
    Rng,
    /// Encryption failed (only with a corrupt state or key); nothing changed.
    Crypto,
    /// The ARes was rejected (local error, no Erro); the transaction failed.
    Ares(AresError),
    /// A timer expired before a CReq could be sent; the transaction failed
    /// and an Erro 402 is pending ([`poll_erro`](super::Transaction::poll_erro)).
    TimedOut(Timer),
    /// 255 CReqs were sent; the counter never wraps, so the transaction failed.
    CounterExhausted,
    /// A final CRes carried a `transStatus` other than `Y`/`N`: the protocol
    /// ends processing without an Erro; the transaction failed.
    InvalidFinalTransStatus,
    /// An exported state could not be imported.
    InvalidExport,
    /// The exported state is older than this transaction: this instance has
    /// already produced the CReq the export would produce next, so importing
    /// it could use a counter (the A128GCM IV) twice; nothing changed.
    StaleExport,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ApiMisuse { call, state } => {
                write!(f, "{call} is not allowed in state {state:?}")
            }
            Self::InvalidParameter(name) => write!(f, "invalid parameter: {name}"),
            Self::InputRejected(why) => write!(f, "challenge input rejected: {why}"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small ({needed} bytes needed)")
            }
            Self::Build(e) => write!(f, "message build failed: {e:?}"),
            Self::Rng => f.write_str("the random number generator failed"),
            Self::Crypto => f.write_str("encryption failed"),
            Self::Ares(e) => e.fmt(f),
            Self::TimedOut(Timer::SdkMaxTimeout) => f.write_str("SDKMaxTimeout expired"),
            Self::TimedOut(Timer::Exchange) => f.write_str("the challenge exchange timed out"),
            Self::CounterExhausted => f.write_str("sdkCounterStoA exhausted (255 CReqs)"),
            Self::InvalidFinalTransStatus => f.write_str("final CRes transStatus is not Y or N"),
            Self::InvalidExport => f.write_str("exported transaction state is invalid"),
            Self::StaleExport => f.write_str(
                "exported transaction state is stale: its next CReq was already produced",
            ),
        }
    }
}

impl core::error::Error for Error {}

impl From<AresError> for Error {
    fn from(e: AresError) -> Self {
        Self::Ares(e)
    }
}

impl From<InputRejected> for Error {
    fn from(e: InputRejected) -> Self {
        Self::InputRejected(e)
    }
}

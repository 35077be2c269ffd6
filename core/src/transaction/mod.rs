//! The sans-IO transaction state machine of the SDK.
//!
//! ```text
//!  Idle ──begin──▶ AuthRequested ──handle_ares──▶ Frictionless | Decoupled
//!                                              └─▶ Challenge ⟲ (build_creq → handle_cres)
//!                                                    ├─▶ Completed (final CRes, Y/N)
//!                                                    └─▶ Failed (Erro sent or received, timeout)
//! ```
//!
//! A [`Transaction`] never blocks, never does I/O and never reads a clock:
//! every method takes bytes and the time (`now_ms`, monotonic milliseconds
//! from [`Clock::monotonic_ms`](crate::platform::Clock::monotonic_ms);
//! `now_unix` for certificates) and writes bytes into caller buffers.
//!
//! Methods by role:
//! - commands: [`begin`](Transaction::begin), [`build_creq`](Transaction::build_creq),
//!   [`abort`](Transaction::abort);
//! - input: [`handle_ares`](Transaction::handle_ares),
//!   [`handle_cres`](Transaction::handle_cres),
//!   [`handle_timeout`](Transaction::handle_timeout),
//!   [`report_exchange_timeout`](Transaction::report_exchange_timeout);
//! - output: [`poll_erro`](Transaction::poll_erro) (the Erro to POST after a
//!   protocol failure), [`poll_timeout`](Transaction::poll_timeout);
//! - getters: [`state`](Transaction::state), [`acs_url`](Transaction::acs_url), …;
//! - multi-instance: [`export`](Transaction::export) /
//!   [`import`](Transaction::import) (SECRET material).
//!
//! A call made in the wrong state returns [`Error::ApiMisuse`] and changes
//! nothing. A CRes that breaks the protocol moves the transaction to
//! `Failed` with an Erro pending; a received Erro moves it to `Failed`
//! without one (an Erro is never answered).
//!
//! [`run_exchange`] is a small driver over a [`Transport`](crate::platform::Transport).
//!
//! A challenge, step by step (`now` is the monotonic clock in ms):
//!
//! ```text
//! let mut txn = Transaction::new();
//! let req = txn.begin(&params, rng, now, &mut out)?;        // → 3DS Server
//! match txn.handle_ares(ares, &AcsTrust::roots(&roots), now_unix)? {
//!     AresOutcome::Challenge(_) => {}
//!     other => return other,                              // frictionless, decoupled, Erro
//! }
//! let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
//! loop {
//!     let creq = txn.build_creq(&input, rng, now, &mut out)?;   // POST to txn.acs_url()
//!     match txn.handle_cres(body, &mut plaintext, now)? {
//!         CresOutcome::Screen { screen, .. } => input = ask_the_cardholder(screen),
//!         CresOutcome::ProtocolError(_) => { txn.poll_erro(&mut out)?; /* POST it */ break }
//!         _ => break,                                           // completed, Erro received
//!     }
//! }
//! ```
//!
//! Limits (a typed error at the limit, never truncation): `acsURL` ≤ 2048
//! characters, message extensions within the spec's caps (10/15 objects,
//! 81,920 characters, 8,059 per `data`), export ≤ [`EXPORT_MAX_LEN`] bytes.
//! Output buffers are the caller's: [`MAX_CREQ_PLAINTEXT`] bytes of room
//! hold any CReq without extensions, and a short buffer gets
//! [`Error::BufferTooSmall`] with the exact size needed
//! ([`Transaction::creq_size`] tells it beforehand). Without the `alloc`
//! feature a challenge ARes is refused
//! ([`AresError::ChallengeUnsupported`]): the X.509 chain check needs a
//! heap. `SDKMaxTimeout` is enforced during the challenge (from `begin`),
//! not while the ARes is awaited.

mod ares;
mod begin;
mod challenge;
mod constraints;
mod counter;
mod driver;
mod erro;
mod error;
mod export;
mod ids;
mod sizing;
mod state;
mod text;
mod timer;

pub use ares::{AcsTrust, AresOutcome};
pub use begin::{AuthParams, AuthRequest};
pub use challenge::{CREQ_CONTENT_TYPE, Creq, CresOutcome, MAX_CREQ_PLAINTEXT, ReceivedCres};
pub use constraints::{ChallengeInput, InputRejected, ScreenConstraints};
pub use counter::Counter;
#[cfg(feature = "alloc")]
pub use driver::run_exchange_observed_growing;
pub use driver::{
    ExchangeError, ExchangeObserver, NoObserver, PlaintextRoom, run_exchange, run_exchange_observed,
};
pub use erro::{ERRO_CONTENT_TYPE, SdkErro, error_description};
pub use error::{AresError, Error, StateName};
pub use export::{AuthRequestedParts, EXPORT_MAX_LEN};
pub use ids::{TransactionIds, new_sdk_trans_id};
pub use state::{CreqSettings, MAX_ACS_URL, MAX_REQUESTOR_APP_URL, MAX_SDK_REFERENCE_NUMBER};
pub use timer::{DEFAULT_EXCHANGE_TIMEOUT_MS, MIN_SDK_MAX_TIMEOUT_MINUTES, Timeouts, Timer};

use crate::crypto::CryptoProvider;
use crate::message::{MessageVersion, TransId, TransStatus};
use state::{Phase, State};

/// One 3DS transaction, from the auth request to the end of the challenge.
///
/// Holds secrets (the ephemeral private key, then the session keys); they
/// are zeroized on drop and never printed.
pub struct Transaction {
    state: State,
    /// Runs the P-256 operations of this transaction (see [`crate::crypto`]).
    crypto: &'static dyn CryptoProvider,
}

impl core::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Transaction")
            .field("state", &self.state.name())
            .field("crypto", &self.crypto.name())
            .finish_non_exhaustive()
    }
}

impl Default for Transaction {
    fn default() -> Self {
        Self::new()
    }
}

impl Transaction {
    /// An idle transaction.
    pub const fn new() -> Self {
        Self::with_crypto(&crate::crypto::RUST_CRYPTO)
    }

    /// An idle transaction whose P-256 key generation, ECDH and ECDSA
    /// verification run on `provider` (e.g. an assembly backend from an
    /// adapter crate). [`new`](Self::new) uses [`RUST_CRYPTO`](crate::crypto::RUST_CRYPTO).
    pub const fn with_crypto(provider: &'static dyn CryptoProvider) -> Self {
        Self {
            state: State::Idle,
            crypto: provider,
        }
    }

    /// The provider this transaction runs its P-256 operations on.
    pub fn crypto(&self) -> &'static dyn CryptoProvider {
        self.crypto
    }

    /// Chooses the provider for the rest of this transaction, including an
    /// ephemeral key already generated or imported (the key itself is
    /// unchanged: every provider computes the same values).
    pub fn set_crypto(&mut self, provider: &'static dyn CryptoProvider) {
        self.crypto = provider;
        if let State::AuthRequested(expect) = &mut self.state {
            expect.ephemeral.set_provider(provider);
        }
    }

    /// Drops everything (keys are wiped) and returns to idle.
    pub fn reset(&mut self) {
        self.state = State::Idle;
    }

    /// The message version, once [`begin`](Self::begin) ran.
    pub fn version(&self) -> Option<MessageVersion> {
        match &self.state {
            State::AuthRequested(a) => Some(a.version),
            State::Challenge(c) => Some(c.version),
            State::Failed(f) => f.target.as_ref().map(|t| t.version),
            _ => None,
        }
    }

    /// `sdkTransID`, once [`begin`](Self::begin) ran (while the transaction
    /// holds it: before the ARes, during a challenge, after a challenge failure).
    pub fn sdk_trans_id(&self) -> Option<&TransId> {
        match &self.state {
            State::AuthRequested(a) => Some(&a.sdk_trans_id),
            _ => self.ids().map(|ids| &ids.sdk_trans_id),
        }
    }

    /// The challenge's transaction ids.
    pub fn ids(&self) -> Option<&TransactionIds> {
        match &self.state {
            State::Challenge(c) => Some(&c.ids),
            State::Failed(f) => f.target.as_ref().map(|t| &t.ids),
            _ => None,
        }
    }

    /// `acsURL`: where CReqs and Erro messages go.
    pub fn acs_url(&self) -> Option<&str> {
        match &self.state {
            State::Challenge(c) => Some(c.acs_url.as_str()),
            State::Failed(f) => f.target.as_ref().map(|t| t.acs_url.as_str()),
            _ => None,
        }
    }

    /// What the last screen allows the next CReq to carry.
    pub fn last_screen(&self) -> Option<&ScreenConstraints> {
        match &self.state {
            State::Challenge(c) => c.screen.as_ref(),
            _ => None,
        }
    }

    /// Number of challenge screens received.
    pub fn round(&self) -> u16 {
        match &self.state {
            State::Challenge(c) => c.round,
            _ => 0,
        }
    }

    /// `sdkCounterStoA` of the next CReq (`None` when none can be sent).
    pub fn next_counter(&self) -> Option<Counter> {
        match &self.state {
            State::Challenge(Challenge {
                phase: Phase::ExpectCreq { next },
                ..
            }) => *next,
            _ => None,
        }
    }

    /// The final `transStatus`: of the ARes (frictionless) or of the final CRes.
    pub fn trans_status(&self) -> Option<TransStatus> {
        match &self.state {
            State::Frictionless(s) | State::Completed(s) => Some(*s),
            State::Decoupled => Some(TransStatus::Decoupled),
            _ => None,
        }
    }

    /// The Erro the transaction reported to the ACS, once sent.
    pub fn sent_erro(&self) -> Option<&SdkErro> {
        match &self.state {
            State::Failed(f) => f.sent.as_ref(),
            _ => None,
        }
    }

    /// The Erro waiting to be sent by [`poll_erro`](Self::poll_erro).
    pub fn pending_erro(&self) -> Option<&SdkErro> {
        match &self.state {
            State::Failed(f) => f.pending.as_ref(),
            _ => None,
        }
    }

    /// The per-exchange timeout (ms), while a transaction is running.
    pub fn exchange_timeout_ms(&self) -> Option<u64> {
        match &self.state {
            State::AuthRequested(a) => Some(a.timeouts.exchange_timeout_ms),
            State::Challenge(c) => Some(c.timeouts.exchange_timeout_ms),
            _ => None,
        }
    }
}

use state::Challenge;

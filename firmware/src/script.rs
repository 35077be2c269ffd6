//! One recorded transaction and how the firmware plays the SDK side of it.
//!
//! The SDK side is computed live by `threeds-core`; the ACS side (ARes,
//! CRes) is the recording. Every message the firmware produces must equal
//! the recording byte for byte: the recording was made by the same core
//! code with the same RNG seed and clock (see `tests/tests/fw_transcript.rs`),
//! and the simulator that answered it accepted exactly those bytes.

use cortex_m_semihosting::hprintln;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng as _;
#[cfg(feature = "defmt")]
use threeds_core::client::events::LogType;
use threeds_core::keys::PublicKey;
use threeds_core::message::{ChallengeAnswer, Interface, MessageVersion, TransStatus, UiType};
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Error, Timeouts, Transaction,
};

use crate::measure;
use crate::transcript::{
    DEVICE_INFO, DS_ID, NOW_MS, NOW_UNIX, SDK_APP_ID, SDK_REFERENCE_NUMBER, VERSION,
};

/// The cardholder's answer to the last screen.
#[derive(Debug, Clone, Copy)]
// Only the frictionless transaction runs without `alloc`.
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub enum Answer {
    /// The first CReq.
    Initial,
    /// UI 02: the selected key.
    Select(&'static str),
    /// UI 01: the entered text.
    Text(&'static str),
}

/// One CReq the firmware must produce and the CRes that answered it.
pub struct Exchange {
    /// What the cardholder answered.
    pub answer: Answer,
    /// The recorded CReq (compact JWE).
    pub creq: &'static [u8],
    /// The recorded CRes (compact JWE).
    pub cres: &'static [u8],
}

/// A recorded transaction.
pub struct Txn {
    /// Name (the cargo feature that includes it).
    pub name: &'static str,
    /// `ChaCha20Rng` seed.
    pub seed: [u8; 32],
    /// A128GCM instead of A128CBC-HS256.
    pub gcm: bool,
    /// The DS encryption key (SPKI DER): RSA or P-256.
    pub ds_key_spki: &'static [u8],
    /// The DS root the ACS signing chain must lead to.
    pub root_der: &'static [u8],
    /// The recorded SDK auth request (JSON).
    pub auth_request: &'static [u8],
    /// The recorded ARes.
    pub ares: &'static [u8],
    /// The challenge (empty: frictionless).
    pub exchanges: &'static [Exchange],
    /// The expected final `transStatus`.
    pub final_status: &'static str,
}

impl Txn {
    /// Bytes of recorded data in flash.
    pub fn data_len(&self) -> usize {
        self.ds_key_spki.len()
            + self.root_der.len()
            + self.auth_request.len()
            + self.ares.len()
            + self
                .exchanges
                .iter()
                .map(|e| e.creq.len() + e.cres.len())
                .sum::<usize>()
    }
}

/// Why a run failed.
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub enum Fail {
    /// The DS key did not parse.
    DsKey,
    /// The root did not parse.
    Root,
    /// A core call failed.
    Core(&'static str, Error),
    /// A produced message differs from the recording (which, at what byte).
    Mismatch(&'static str, usize, usize),
    /// The outcome was not the expected one.
    Unexpected(&'static str),
}

impl core::fmt::Display for Fail {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::DsKey => f.write_str("the DS key does not parse"),
            Self::Root => f.write_str("the DS root does not parse"),
            // Display, not Debug: Debug would link the derived impls of every
            // error type and the escaping of str and char (~KBs of flash).
            Self::Core(call, e) => write!(f, "{call}: {e}"),
            Self::Mismatch(what, at, len) => write!(
                f,
                "the {what} differs from the transcript at byte {at} (produced {len} bytes)"
            ),
            Self::Unexpected(what) => write!(f, "unexpected {what}"),
        }
    }
}

/// What one run measured.
#[derive(Debug, Default, Clone, Copy)]
pub struct Figures {
    /// Executed instructions of all core calls.
    pub instructions: u64,
    /// Peak stack (bytes below the top of RAM).
    pub stack: usize,
    /// Peak heap (bytes requested).
    pub heap: usize,
}

const NATIVE_UI: [UiType; 4] = [
    UiType::Text,
    UiType::SingleSelect,
    UiType::MultiSelect,
    UiType::Oob,
];
/// The message buffer, as small as the transcript needs: the auth request
/// (built in place around the device-info JWE: 1,666 bytes for `rsa-cbc`),
/// then each CReq, and each CRes as a device would receive it (at most
/// 1,905 bytes).
const IO_LEN: usize = 2 * 1024;
/// The decrypted CRes: `handle_cres` wants at least the body's length.
const PLAIN_LEN: usize = 2 * 1024;

/// Runs `f`, prints its instruction count and the stack depth it reached,
/// and adds both to `figures`. Never inlined, so that each core call has its
/// own frame instead of adding to the harness's.
#[inline(never)]
fn phase<T>(figures: &mut Figures, name: &str, f: impl FnOnce() -> T) -> T {
    // What the harness used since the last phase (its printing included).
    figures.stack = figures.stack.max(measure::stack_peak());
    measure::paint_stack();
    let start = measure::instructions();
    let r = f();
    let n = measure::instructions() - start;
    let depth = measure::stack_peak();
    figures.instructions += n;
    figures.stack = figures.stack.max(depth);
    hprintln!(
        "  {:<12} {:>9} k instructions, stack {:>6} B",
        name,
        n / 1000,
        depth
    );
    r
}

fn same(what: &'static str, produced: &[u8], recorded: &[u8]) -> Result<(), Fail> {
    if produced == recorded {
        return Ok(());
    }
    let at = produced
        .iter()
        .zip(recorded)
        .position(|(a, b)| a != b)
        .unwrap_or(produced.len().min(recorded.len()));
    Err(Fail::Mismatch(what, at, produced.len()))
}

fn answer(a: Answer) -> ChallengeAnswer<'static> {
    match a {
        Answer::Initial => ChallengeAnswer::Initial,
        Answer::Select(k) => ChallengeAnswer::SingleSelect(k),
        Answer::Text(t) => ChallengeAnswer::Text {
            first: Some(t),
            second: None,
        },
    }
}

/// Plays `t`: the auth request, the ARes, then every CReq/CRes exchange.
pub fn run(t: &Txn) -> Result<Figures, Fail> {
    measure::paint_stack();
    measure::reset_heap_peak();
    let mut figures = Figures::default();
    let figs = &mut figures;
    let mut rng = ChaCha20Rng::from_seed(t.seed);
    let version = MessageVersion::from_wire(VERSION).ok_or(Fail::Unexpected("version"))?;
    let want = TransStatus::from_wire(t.final_status).ok_or(Fail::Unexpected("status"))?;
    let ds_key = phase(figs, "ds key", || PublicKey::from_spki_der(t.ds_key_spki))
        .map_err(|_| Fail::DsKey)?;
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: DS_ID,
        sdk_app_id: SDK_APP_ID,
        sdk_reference_number: SDK_REFERENCE_NUMBER,
        timeouts: Timeouts {
            sdk_max_timeout_minutes: 5,
            exchange_timeout_ms: 30_000,
        },
        device_info: DEVICE_INFO,
        use_aes_gcm: t.gcm,
        sdk_interface: Interface::Native,
        sdk_ui_types: &NATIVE_UI,
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    #[cfg(feature = "defmt")]
    let mut log = crate::logging::TxnLog::new();
    #[cfg(not(feature = "cm4"))]
    let mut txn = Transaction::new();
    #[cfg(feature = "cm4")]
    let mut txn = Transaction::with_crypto(&threeds_embedded::crypto::CORTEX_M4);
    let mut out = [0u8; IO_LEN];
    let req = phase(figs, "begin", || {
        txn.begin(&params, &mut rng, NOW_MS, &mut out)
    })
    .map_err(|e| Fail::Core("begin", e))?;
    same("auth request", &out[..req.len], t.auth_request)?;
    #[cfg(feature = "defmt")]
    log.json(LogType::AReq, &out[..req.len]);

    #[cfg(feature = "alloc")]
    let roots = phase(figs, "roots", || {
        threeds_core::pki::TrustAnchors::from_der(&[t.root_der])
    })
    .map_err(|_| Fail::Root)?;
    #[cfg(feature = "alloc")]
    let trust = AcsTrust::roots(&roots);
    // Without alloc only a frictionless ARes is possible: no chain is checked.
    #[cfg(not(feature = "alloc"))]
    let trust = {
        let _ = t.root_der;
        AcsTrust::accept_any()
    };
    let outcome = phase(figs, "handle_ares", || {
        txn.handle_ares(t.ares, &trust, NOW_UNIX)
    })
    .map_err(|e| Fail::Core("handle_ares", e))?;
    #[cfg(feature = "defmt")]
    log.info(
        LogType::ARes,
        match outcome {
            AresOutcome::Frictionless(_) => "frictionless",
            AresOutcome::Challenge(_) => "challenge",
            _ => "other",
        },
    );
    match outcome {
        AresOutcome::Frictionless(a) if t.exchanges.is_empty() => {
            if a.trans_status != want {
                return Err(Fail::Unexpected("frictionless transStatus"));
            }
        }
        AresOutcome::Challenge(_) if !t.exchanges.is_empty() => {}
        _ => return Err(Fail::Unexpected("ARes outcome")),
    }

    let mut plain = [0u8; PLAIN_LEN];
    for (i, ex) in t.exchanges.iter().enumerate() {
        let input = ChallengeInput::new(answer(ex.answer));
        let creq = phase(figs, "build_creq", || {
            txn.build_creq(&input, &mut rng, NOW_MS, &mut out)
        })
        .map_err(|e| Fail::Core("build_creq", e))?;
        same("CReq", &out[..creq.len], ex.creq)?;
        #[cfg(feature = "defmt")]
        log.info(LogType::CReq, "sent");
        let last = i + 1 == t.exchanges.len();
        // The CRes arrives in the buffer the CReq left.
        let received = out
            .get_mut(..ex.cres.len())
            .ok_or(Fail::Unexpected("CRes longer than the buffer"))?;
        received.copy_from_slice(ex.cres);
        let outcome = phase(figs, "handle_cres", || {
            txn.handle_cres(received, &mut plain, NOW_MS)
        })
        .map_err(|e| Fail::Core("handle_cres", e))?;
        #[cfg(feature = "defmt")]
        log.info(
            LogType::CRes,
            match outcome {
                CresOutcome::Screen { .. } => "next screen",
                CresOutcome::Completed(_) => "challenge completed",
                _ => "failed",
            },
        );
        match outcome {
            CresOutcome::Screen { ui_type, .. } if !last => {
                hprintln!("  screen {} (UI {:02})", i + 1, ui_type.code());
            }
            CresOutcome::Completed(s) if last => {
                if s != want {
                    return Err(Fail::Unexpected("final transStatus"));
                }
            }
            _ => return Err(Fail::Unexpected("CRes outcome")),
        }
    }
    if txn.trans_status() != Some(want) {
        return Err(Fail::Unexpected("transaction transStatus"));
    }
    figures.stack = figures.stack.max(measure::stack_peak());
    figures.heap = measure::heap_peak();
    Ok(figures)
}

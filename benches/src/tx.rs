//! The SDK work through the product API, `threeds_core::transaction::Transaction`:
//! `begin` (get_auth_request), `handle_ares` (check_auth_response),
//! `build_creq` and `handle_cres`, with the state machine's own checks
//! (timers, counters, screen constraints) included in the figures.

use std::sync::Arc;

use threeds_core::jose::ContentEncryption;
use threeds_core::keys::PublicKey;
use threeds_core::message::{Interface, all_ui_types};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Rng;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Timeouts, Transaction,
};
use threeds_sim::Pki;

use crate::fixtures::{
    CHALLENGE_ANSWERS, DS_ID, NOW_UNIX, SDK_APP_ID, SDK_REFERENCE_NUMBER, VERSION,
};
use crate::{BenchError, Result, fail};

/// The parameters of `begin` for one DS key.
pub fn auth_params<'a>(ds_key: &'a PublicKey, device_info: &'a [u8], gcm: bool) -> AuthParams<'a> {
    AuthParams {
        version: VERSION,
        ds_key,
        ds_key_id: None,
        ds_id: DS_ID,
        sdk_app_id: SDK_APP_ID,
        sdk_reference_number: SDK_REFERENCE_NUMBER,
        timeouts: Timeouts::default(),
        device_info,
        use_aes_gcm: gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(VERSION),
        requestor_app_url: None,
        oob_app_url_supported: false,
    }
}

/// `get_auth_request`: a new transaction and `begin` (ephemeral key,
/// `sdkTransID`, device-info JWE, auth-request JSON). Returns the JSON length.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn get_auth_request<R: Rng + ?Sized>(
    params: &AuthParams<'_>,
    rng: &mut R,
    out: &mut [u8],
) -> Result<usize> {
    let mut tx = Transaction::new();
    let req = tx.begin(params, rng, 0, out).map_err(fail("begin"))?;
    Ok(req.len)
}

/// [`get_auth_request`] on a transaction whose P-256 runs on `provider`.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn get_auth_request_with<R: Rng + ?Sized>(
    provider: &'static dyn threeds_core::crypto::CryptoProvider,
    params: &AuthParams<'_>,
    rng: &mut R,
    out: &mut [u8],
) -> Result<usize> {
    let mut tx = Transaction::with_crypto(provider);
    let req = tx.begin(params, rng, 0, out).map_err(fail("begin"))?;
    Ok(req.len)
}

/// A whole challenged transaction recorded against the simulator through
/// the transaction API. Replaying it with the same seed makes `begin`
/// draw the same ephemeral key and `sdkTransID` (and the CBC IVs), so the
/// recorded ARes and CRes stay valid.
pub struct RecordedTransaction {
    /// Content encryption of the challenge (`use_aes_gcm`).
    pub enc: ContentEncryption,
    /// Seed of the generator handed to `begin` and `build_creq`.
    pub seed: u64,
    /// The DS encryption key (RSA-2048).
    pub ds_key: PublicKey,
    /// The ACS roots.
    pub anchors: TrustAnchors,
    /// The ARes body.
    pub ares: Vec<u8>,
    /// The CRes bodies (compact JWEs), one per CReq; the last is final.
    pub cres: Vec<Vec<u8>>,
}

/// What a replay or a recording talks to.
trait Acs {
    fn ares(&mut self, auth_request: &[u8]) -> Result<Vec<u8>>;
    fn cres(&mut self, acs_trans_id: &str, creq: &[u8]) -> Result<Vec<u8>>;
}

struct Live {
    sim: threeds_sim::Sim,
    scenario: threeds_sim::Scenario,
    ares: Vec<u8>,
    cres: Vec<Vec<u8>>,
}

impl Acs for Live {
    fn ares(&mut self, auth_request: &[u8]) -> Result<Vec<u8>> {
        let answer = self
            .sim
            .handle_auth_request_with(auth_request, &self.scenario);
        let body = answer.body_text().into_bytes();
        self.ares.clone_from(&body);
        Ok(body)
    }
    fn cres(&mut self, acs_trans_id: &str, creq: &[u8]) -> Result<Vec<u8>> {
        let answer =
            self.sim
                .handle_creq(acs_trans_id, Some("application/jose; charset=UTF-8"), creq);
        let body = answer.body_text().into_bytes();
        self.cres.push(body.clone());
        Ok(body)
    }
}

/// Plays `begin` → `handle_ares` → initial CReq and three answered rounds.
/// With `acs` `None` the recorded messages of `rec` answer (no copies).
fn play(
    rec: &RecordedTransaction,
    device_info: &[u8],
    mut acs: Option<&mut dyn Acs>,
    a: &mut [u8],
    b: &mut [u8],
) -> Result<()> {
    let mut rng = crate::rng(rec.seed);
    let params = auth_params(
        &rec.ds_key,
        device_info,
        rec.enc == ContentEncryption::A128Gcm,
    );
    let mut tx = Transaction::new();
    let req = tx.begin(&params, &mut rng, 0, a).map_err(fail("begin"))?;
    let live_ares;
    let ares: &[u8] = match acs.as_deref_mut() {
        Some(acs) => {
            live_ares = acs.ares(&a[..req.len])?;
            &live_ares
        }
        None => &rec.ares,
    };
    let trust = AcsTrust::roots(&rec.anchors);
    match tx
        .handle_ares(ares, &trust, NOW_UNIX)
        .map_err(fail("handle_ares"))?
    {
        AresOutcome::Challenge(_) => {}
        other => return Err(BenchError(format!("no challenge: {other:?}"))),
    }
    let acs_trans_id = tx
        .ids()
        .map(|i| i.acs_trans_id.as_str().to_owned())
        .unwrap_or_default();
    for round in 0..4usize {
        let input = match round {
            0 => ChallengeInput::new(threeds_core::message::ChallengeAnswer::Initial),
            n => ChallengeInput::new(CHALLENGE_ANSWERS[n - 1]),
        };
        let creq = tx
            .build_creq(&input, &mut rng, 1, a)
            .map_err(fail("build_creq"))?;
        let live_cres;
        let body: &[u8] = match acs.as_deref_mut() {
            Some(acs) => {
                live_cres = acs.cres(&acs_trans_id, &a[..creq.len])?;
                &live_cres
            }
            None => rec
                .cres
                .get(round)
                .ok_or_else(|| BenchError("recording too short".into()))?,
        };
        let outcome = tx.handle_cres(body, b, 2).map_err(fail("handle_cres"))?;
        match (round, outcome) {
            (3, CresOutcome::Completed(_)) => {}
            (0..=2, CresOutcome::Screen { .. }) => {}
            (n, other) => return Err(BenchError(format!("round {n}: {other:?}"))),
        }
    }
    Ok(())
}

/// Records a three-round challenge against the simulator's DS and ACS.
///
/// # Errors
/// A simulator or core failure.
pub fn record(
    pki: &Arc<Pki>,
    ds_rsa: &threeds_core::keys::RsaPublicKey,
    enc: ContentEncryption,
    device_info: &[u8],
) -> Result<RecordedTransaction> {
    let (sim, scenario) = crate::fixtures::sim_for(pki, "bench-three-rounds")?;
    let mut live = Live {
        sim,
        scenario,
        ares: Vec::new(),
        cres: Vec::new(),
    };
    let mut rec = RecordedTransaction {
        enc,
        seed: 23,
        ds_key: PublicKey::Rsa(ds_rsa.clone()),
        anchors: TrustAnchors::from_der(&[&pki.ds_root.cert_der]).map_err(fail("anchors"))?,
        ares: Vec::new(),
        cres: Vec::new(),
    };
    let mut a = vec![0u8; crate::fixtures::BUF_LEN];
    let mut b = vec![0u8; crate::fixtures::BUF_LEN];
    play(&rec, device_info, Some(&mut live), &mut a, &mut b)?;
    rec.ares = live.ares;
    rec.cres = live.cres;
    // The replay must reproduce the recording.
    full_challenge(&rec, device_info, &mut a, &mut b)?;
    Ok(rec)
}

/// The SDK side of the recorded transaction, through the transaction API.
///
/// # Errors
/// Any core error (a bug in the fixtures).
pub fn full_challenge(
    rec: &RecordedTransaction,
    device_info: &[u8],
    a: &mut [u8],
    b: &mut [u8],
) -> Result<()> {
    play(rec, device_info, None, a, b)
}

//! Export and import of a running transaction, so that one instance runs
//! `begin` and another the ARes and the challenge (the reference's
//! multi-instance use), or a process resumes after a crash.
//!
//! **The exported bytes are SECRET**: they hold the ephemeral private key or
//! the session key. Keep them only in protected storage and zeroize them
//! after use.
//!
//! **An export is single-use.** The A128GCM IV of a CReq is its counter, so
//! two different CReqs built from one export under the same counter are a
//! two-time pad. The safe pattern is write-ahead: export in
//! [`ExchangeObserver::before_post`](super::ExchangeObserver::before_post)
//! (the CReq is sealed and its counter spent, so the export records "CReq
//! `n` in flight"), replace the stored copy atomically before the CReq
//! leaves, and resume from it with [`Transaction::skip_lost_cres`], which
//! continues at counter `n + 1`. [`Transaction::restore`] refuses an export
//! this instance has already moved past ([`Error::StaleExport`]); what the
//! library cannot see (two processes importing the same bytes) the app must
//! prevent by keeping one copy and overwriting it.
//!
//! Layout (big-endian, versioned by the magic):
//! `"TXS2"`, kind (1 = ARes awaited, 2 = challenge), version, enc,
//! start_ms u64, sdkMaxTimeout u16, exchange timeout u64, sdkTransID (36),
//! requestor app URL (u16 length + bytes), oobAppURLInd flag, decoupled
//! fallback flag, the `deviceRenderOptions` offer (interface code, UI-type
//! bits) (the last two absent in `"TXS1"`, which is still read: no fallback,
//! any rendering), then
//! kind 1: ephemeral private scalar (32), sdkReferenceNumber (u8 length + bytes);
//! kind 2: threeDSServerTransID, acsTransID (36 each), dsTransID flag (+36),
//! session key (32), next counter u16 (256 = none), phase (0 CReq next,
//! 1 CRes awaited) + sent counter + deadline u64, screen flag + UI code +
//! bits, round u16, acsURL (u16 length + bytes).

use zeroize::Zeroizing;

use super::Transaction;
use super::constraints::{RenderOffer, ScreenConstraints};
use super::counter::Counter;
use super::error::Error;
use super::ids::TransactionIds;
use super::state::{
    AcsUrl, Challenge, CreqSettings, ExpectAres, MAX_ACS_URL, MAX_SDK_REFERENCE_NUMBER, Phase,
    State, StoredSettings,
};
use super::timer::Timeouts;
use crate::jose::{ContentEncryption, EphemeralKeyPair, SessionKeys};
use crate::message::{MessageVersion, TransId, UiType};

/// Upper bound of [`Transaction::export`]'s output.
pub const EXPORT_MAX_LEN: usize = 4
    + 3
    + 8
    + 2
    + 8
    + 36
    + 2
    + 2048
    + 1
    + 1
    + 2
    + 3 * 36
    + 1
    + 32
    + 2
    + 10
    + 3
    + 2
    + 2
    + MAX_ACS_URL
    + 64;

const MAGIC: &[u8; 4] = b"TXS2";
/// The layout before the decoupled fallback flag.
const MAGIC_V1: &[u8; 4] = b"TXS1";

/// The reference-style parts of a transaction after `begin`, for an
/// instance that did not run it (the `SDKEphemeralPrivateKey` config plus
/// the `sdk_transaction_id` property). **Secret**: holds the private key.
#[derive(Clone, Copy)]
pub struct AuthRequestedParts<'a> {
    /// The message version of the AReq.
    pub version: MessageVersion,
    /// `sdkTransID` of the AReq.
    pub sdk_trans_id: &'a str,
    /// The SDK ephemeral private scalar (32 bytes, big-endian).
    pub ephemeral_private_key: &'a [u8],
    /// `sdkReferenceNumber`.
    pub sdk_reference_number: &'a str,
    /// When `begin` ran (monotonic ms of this instance's clock).
    pub start_ms: u64,
    /// The timeouts.
    pub timeouts: Timeouts,
    /// `UseAESGCM`.
    pub use_aes_gcm: bool,
    /// The CReq settings.
    pub settings: &'a CreqSettings,
}

impl core::fmt::Debug for AuthRequestedParts<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AuthRequestedParts")
            .field("version", &self.version)
            .field("sdk_trans_id", &self.sdk_trans_id)
            .finish_non_exhaustive()
    }
}

/// Writes the export; past the end of `buf` it only counts, so a short
/// buffer learns the exact length it needs.
struct Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(Error::InvalidExport)?;
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
        Ok(())
    }

    /// The length written, or the length needed (the partial secret wiped).
    fn finish(self) -> Result<usize, Error> {
        if self.len > self.buf.len() {
            self.buf.fill(0);
            return Err(Error::BufferTooSmall { needed: self.len });
        }
        Ok(self.len)
    }
    fn u8(&mut self, v: u8) -> Result<(), Error> {
        self.put(&[v])
    }
    fn u16(&mut self, v: u16) -> Result<(), Error> {
        self.put(&v.to_be_bytes())
    }
    fn u64(&mut self, v: u64) -> Result<(), Error> {
        self.put(&v.to_be_bytes())
    }
    fn text16(&mut self, s: &str) -> Result<(), Error> {
        self.u16(u16::try_from(s.len()).map_err(|_| Error::InvalidExport)?)?;
        self.put(s.as_bytes())
    }
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.buf.len() {
            return Err(Error::InvalidExport);
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        self.take(1)?.first().copied().ok_or(Error::InvalidExport)
    }
    fn u16(&mut self) -> Result<u16, Error> {
        let b: [u8; 2] = self.take(2)?.try_into().map_err(|_| Error::InvalidExport)?;
        Ok(u16::from_be_bytes(b))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| Error::InvalidExport)?;
        Ok(u64::from_be_bytes(b))
    }
    fn text(&mut self, n: usize) -> Result<&'a str, Error> {
        core::str::from_utf8(self.take(n)?).map_err(|_| Error::InvalidExport)
    }
    fn text16(&mut self) -> Result<&'a str, Error> {
        let n = usize::from(self.u16()?);
        self.text(n)
    }
    fn id(&mut self) -> Result<TransId, Error> {
        TransId::parse(self.text(36)?).ok_or(Error::InvalidExport)
    }
}

fn version_code(v: MessageVersion) -> u8 {
    match v {
        MessageVersion::V2_1_0 => 0,
        MessageVersion::V2_2_0 => 1,
        MessageVersion::V2_3_1 => 2,
    }
}

fn enc_code(e: ContentEncryption) -> u8 {
    match e {
        ContentEncryption::A128CbcHs256 => 0,
        ContentEncryption::A128Gcm => 1,
    }
}

fn heapless_str<const N: usize>(s: &str) -> Result<heapless::String<N>, Error> {
    let mut out = heapless::String::new();
    out.push_str(s).map_err(|_| Error::InvalidExport)?;
    Ok(out)
}

struct Common<'a> {
    version: MessageVersion,
    enc: ContentEncryption,
    start_ms: u64,
    timeouts: Timeouts,
    sdk_trans_id: &'a TransId,
    settings: &'a StoredSettings,
}

fn write_common(w: &mut Writer<'_>, kind: u8, c: &Common<'_>) -> Result<(), Error> {
    w.put(MAGIC)?;
    w.u8(kind)?;
    w.u8(version_code(c.version))?;
    w.u8(enc_code(c.enc))?;
    w.u64(c.start_ms)?;
    w.u16(c.timeouts.sdk_max_timeout_minutes)?;
    w.u64(c.timeouts.exchange_timeout_ms)?;
    w.put(c.sdk_trans_id.as_str().as_bytes())?;
    w.text16(c.settings.requestor_app_url().unwrap_or(""))?;
    w.u8(u8::from(c.settings.oob_app_url_supported))?;
    w.u8(u8::from(c.settings.decoupled_fallback))?;
    w.put(&c.settings.render.to_bytes())
}

impl Transaction {
    /// The SDK ephemeral private key (32-byte scalar) while the ARes is
    /// awaited: the reference's `SDKEphemeralPrivateKey`. **Secret.**
    pub fn ephemeral_private_key(&self) -> Option<Zeroizing<[u8; 32]>> {
        match &self.state {
            State::AuthRequested(a) => Some(a.ephemeral.private_bytes()),
            _ => None,
        }
    }

    /// The SDK ephemeral public key as a JWK (`sdkEphemPubKey`).
    pub fn ephemeral_public_jwk(
        &self,
    ) -> Option<heapless::String<{ crate::jose::jwk::P256_JWK_LEN }>> {
        match &self.state {
            State::AuthRequested(a) => Some(a.ephemeral.public_jwk()),
            _ => None,
        }
    }

    /// Serialises the transaction (ARes awaited, or a running challenge)
    /// into `out` (at most [`EXPORT_MAX_LEN`] bytes). **The output is
    /// secret**: it holds the ephemeral private key or the session key.
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] in other states; [`Error::BufferTooSmall`] with
    /// the exact length (`out` is wiped).
    pub fn export(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = Writer { buf: out, len: 0 };
        match &self.state {
            State::AuthRequested(a) => {
                write_common(
                    &mut w,
                    1,
                    &Common {
                        version: a.version,
                        enc: a.enc,
                        start_ms: a.start_ms,
                        timeouts: a.timeouts,
                        sdk_trans_id: &a.sdk_trans_id,
                        settings: &a.settings,
                    },
                )?;
                w.put(a.ephemeral.private_bytes().as_slice())?;
                w.u8(u8::try_from(a.sdk_reference_number.len()).map_err(|_| Error::InvalidExport)?)?;
                w.put(a.sdk_reference_number.as_bytes())?;
            }
            State::Challenge(c) => {
                write_common(
                    &mut w,
                    2,
                    &Common {
                        version: c.version,
                        enc: c.enc,
                        start_ms: c.start_ms,
                        timeouts: c.timeouts,
                        sdk_trans_id: &c.ids.sdk_trans_id,
                        settings: &c.settings,
                    },
                )?;
                w.put(c.ids.three_ds_server_trans_id.as_str().as_bytes())?;
                w.put(c.ids.acs_trans_id.as_str().as_bytes())?;
                match &c.ids.ds_trans_id {
                    Some(id) => {
                        w.u8(1)?;
                        w.put(id.as_str().as_bytes())?;
                    }
                    None => w.u8(0)?,
                }
                w.put(c.keys.as_bytes())?;
                match c.phase {
                    Phase::ExpectCreq { next } => {
                        w.u16(next.map_or(256, |n| u16::from(n.value())))?;
                        w.u8(0)?;
                        w.u8(0)?;
                        w.u64(0)?;
                    }
                    Phase::ExpectCres { sent, deadline } => {
                        w.u16(0)?;
                        w.u8(1)?;
                        w.u8(sent.value())?;
                        w.u64(deadline)?;
                    }
                }
                match &c.screen {
                    Some(s) => {
                        w.u8(1)?;
                        w.u8(s.ui_type.code())?;
                        let bits = u8::from(s.entry_box_two)
                            | u8::from(s.trust_list_text) << 1
                            | u8::from(s.device_binding_text) << 2
                            | u8::from(s.add_label) << 3;
                        w.u8(bits)?;
                    }
                    None => w.put(&[0, 0, 0])?,
                }
                w.u16(c.round)?;
                w.text16(c.acs_url.as_str())?;
            }
            _ => return Err(self.misuse("export")),
        }
        w.finish()
    }

    /// Restores a transaction written by [`export`](Self::export). With
    /// `alloc`, `acsURL` and `threeDSRequestorAppURL` are kept on the heap
    /// at their length (one allocation each).
    ///
    /// # Errors
    /// [`Error::InvalidExport`] for anything malformed.
    pub fn import(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader { buf: bytes };
        let magic = r.take(4)?;
        let has_flags = match magic {
            m if m == MAGIC => true,
            m if m == MAGIC_V1 => false,
            _ => return Err(Error::InvalidExport),
        };
        let kind = r.u8()?;
        let version = match r.u8()? {
            0 => MessageVersion::V2_1_0,
            1 => MessageVersion::V2_2_0,
            2 => MessageVersion::V2_3_1,
            _ => return Err(Error::InvalidExport),
        };
        let enc = match r.u8()? {
            0 => ContentEncryption::A128CbcHs256,
            1 => ContentEncryption::A128Gcm,
            _ => return Err(Error::InvalidExport),
        };
        let start_ms = r.u64()?;
        let timeouts = Timeouts {
            sdk_max_timeout_minutes: r.u16()?,
            exchange_timeout_ms: r.u64()?,
        };
        if !timeouts.is_valid() {
            return Err(Error::InvalidExport);
        }
        let sdk_trans_id = r.id()?;
        let url = r.text16()?;
        let oob_app_url_supported = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(Error::InvalidExport),
        };
        let decoupled_fallback = match if has_flags { r.u8()? } else { 0 } {
            0 => false,
            1 => true,
            _ => return Err(Error::InvalidExport),
        };
        let mut settings = StoredSettings::new(
            if url.is_empty() { None } else { Some(url) },
            oob_app_url_supported,
        )
        .ok_or(Error::InvalidExport)?;
        settings.decoupled_fallback = decoupled_fallback;
        if has_flags {
            let offer = [r.u8()?, r.u8()?];
            settings.render = RenderOffer::from_bytes(offer).ok_or(Error::InvalidExport)?;
        }
        let state = match kind {
            1 => {
                let ephemeral = EphemeralKeyPair::from_private_bytes(r.take(32)?)
                    .map_err(|_| Error::InvalidExport)?;
                let n = usize::from(r.u8()?);
                let sdk_reference_number = heapless_str::<MAX_SDK_REFERENCE_NUMBER>(r.text(n)?)?;
                State::AuthRequested(ExpectAres {
                    version,
                    sdk_trans_id,
                    ephemeral,
                    sdk_reference_number,
                    start_ms,
                    timeouts,
                    enc,
                    settings,
                })
            }
            2 => {
                let three_ds_server_trans_id = r.id()?;
                let acs_trans_id = r.id()?;
                let ds_trans_id = match r.u8()? {
                    0 => None,
                    1 => Some(r.id()?),
                    _ => return Err(Error::InvalidExport),
                };
                let key: [u8; 32] = r.take(32)?.try_into().map_err(|_| Error::InvalidExport)?;
                let key = Zeroizing::new(key);
                let next = r.u16()?;
                let phase = match r.u8()? {
                    0 => {
                        let _ = (r.u8()?, r.u64()?);
                        Phase::ExpectCreq {
                            next: if next == 256 {
                                None
                            } else {
                                Some(Counter::new(
                                    u8::try_from(next).map_err(|_| Error::InvalidExport)?,
                                ))
                            },
                        }
                    }
                    1 => Phase::ExpectCres {
                        sent: Counter::new(r.u8()?),
                        deadline: r.u64()?,
                    },
                    _ => return Err(Error::InvalidExport),
                };
                let screen = match (r.u8()?, r.u8()?, r.u8()?) {
                    (0, _, _) => None,
                    (1, code, bits) => {
                        let ui_type = UiType::from_code(code);
                        if !ui_type.valid_in(version) || bits > 0x0F {
                            return Err(Error::InvalidExport);
                        }
                        Some(ScreenConstraints {
                            ui_type,
                            entry_box_two: bits & 1 != 0,
                            trust_list_text: bits & 2 != 0,
                            device_binding_text: bits & 4 != 0,
                            add_label: bits & 8 != 0,
                        })
                    }
                    _ => return Err(Error::InvalidExport),
                };
                let round = r.u16()?;
                let acs_url = AcsUrl::new(r.text16()?).ok_or(Error::InvalidExport)?;
                State::Challenge(Challenge {
                    version,
                    ids: TransactionIds {
                        sdk_trans_id,
                        three_ds_server_trans_id,
                        acs_trans_id,
                        ds_trans_id,
                    },
                    keys: SessionKeys::from_bytes(*key),
                    enc,
                    acs_url,
                    settings,
                    start_ms,
                    timeouts,
                    screen,
                    round,
                    phase,
                })
            }
            _ => return Err(Error::InvalidExport),
        };
        if !r.buf.is_empty() {
            return Err(Error::InvalidExport);
        }
        Ok(Self {
            state,
            ..Self::new()
        })
    }

    /// 2.3.1 decoupled fallback: the 3DS Requestor asked for it
    /// (`threeDSRequestorDecReqInd` `F` or `B` in the AReq), so a final CRes
    /// may end the challenge with `transStatus` `D`
    /// ([`TransStatus::Decoupled`](crate::message::TransStatus::Decoupled)).
    /// Off by default: without it such a CRes is a protocol error. The
    /// setting travels with [`export`](Self::export).
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] (nothing changed) unless the ARes is awaited or
    /// a challenge runs.
    pub fn set_decoupled_fallback(&mut self, requested: bool) -> Result<(), Error> {
        match &mut self.state {
            State::AuthRequested(a) => a.settings.decoupled_fallback = requested,
            State::Challenge(c) => c.settings.decoupled_fallback = requested,
            _ => return Err(self.misuse("set_decoupled_fallback")),
        }
        Ok(())
    }

    /// Whether a final CRes may carry `transStatus` `D` (see
    /// [`set_decoupled_fallback`](Self::set_decoupled_fallback)).
    pub fn decoupled_fallback(&self) -> bool {
        match &self.state {
            State::AuthRequested(a) => a.settings.decoupled_fallback,
            State::Challenge(c) => c.settings.decoupled_fallback,
            _ => false,
        }
    }

    /// Replaces this transaction with one written by [`export`](Self::export),
    /// unless this instance holds the same challenge (same `acsTransID`) and
    /// has already produced the CReq the export would produce next, or has
    /// ended it: importing such a state could build a second, different CReq
    /// under a spent counter.
    ///
    /// # Errors
    /// [`Error::InvalidExport`] for anything malformed, [`Error::StaleExport`]
    /// for an export this instance has moved past; nothing changes on error.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let imported = Self::import(bytes)?;
        if let (Some(ids), Some(next)) = (imported.ids(), imported.first_producible_counter()) {
            let mine = self
                .ids()
                .filter(|mine| mine.acs_trans_id == ids.acs_trans_id);
            if mine.is_some() && self.produced_counter_at_or_after(next) {
                return Err(Error::StaleExport);
            }
        }
        // The provider is the caller's choice, not part of the exported state.
        let crypto = self.crypto;
        *self = imported;
        self.set_crypto(crypto);
        Ok(())
    }

    /// The CReq in flight will never be answered (the process that sent it
    /// died, or its connection was lost after the request left): the next
    /// CReq takes the next counter, so no counter is ever used twice. The
    /// next CReq answers the last screen received (its constraints are kept);
    /// a CRes the ACS may have sent meanwhile is not replayed.
    ///
    /// This is how to resume from a write-ahead export (see the module docs).
    /// Returns the counter of the next CReq.
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] (nothing changed) unless a CReq is in flight;
    /// [`Error::CounterExhausted`] when counter 255 was in flight (the
    /// transaction failed).
    pub fn skip_lost_cres(&mut self) -> Result<Counter, Error> {
        let State::Challenge(c) = &mut self.state else {
            return Err(self.misuse("skip_lost_cres"));
        };
        let Phase::ExpectCres { sent, .. } = c.phase else {
            return Err(self.misuse("skip_lost_cres"));
        };
        let Some(next) = sent.advance() else {
            self.state = State::Failed(c.fail(None));
            return Err(Error::CounterExhausted);
        };
        c.phase = Phase::ExpectCreq { next: Some(next) };
        Ok(next)
    }

    /// The lowest counter a CReq built from this state can carry.
    fn first_producible_counter(&self) -> Option<u8> {
        match &self.state {
            State::Challenge(c) => match c.phase {
                Phase::ExpectCreq { next } => next.map(Counter::value),
                Phase::ExpectCres { sent, .. } => sent.advance().map(Counter::value),
            },
            _ => None,
        }
    }

    /// True when this instance already produced a CReq with counter `n` or
    /// later, or has ended its challenge (its counters are all spent).
    fn produced_counter_at_or_after(&self, n: u8) -> bool {
        match &self.state {
            State::Challenge(c) => match c.phase {
                Phase::ExpectCreq { next: None } => true,
                Phase::ExpectCreq { next: Some(next) } => next.value() > n,
                Phase::ExpectCres { sent, .. } => sent.value() >= n,
            },
            _ => true,
        }
    }

    /// Rebuilds the state after `begin` from reference-style parts.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the bad part.
    pub fn resume_auth_requested(parts: &AuthRequestedParts<'_>) -> Result<Self, Error> {
        let ephemeral = EphemeralKeyPair::from_private_bytes(parts.ephemeral_private_key)
            .map_err(|_| Error::InvalidParameter("ephemeral_private_key"))?;
        let sdk_trans_id =
            TransId::parse(parts.sdk_trans_id).ok_or(Error::InvalidParameter("sdkTransID"))?;
        let sdk_reference_number = heapless_str(parts.sdk_reference_number)
            .map_err(|_| Error::InvalidParameter("sdkReferenceNumber"))?;
        if !parts.timeouts.is_valid() {
            return Err(Error::InvalidParameter("sdkMaxTimeout"));
        }
        let settings = StoredSettings::from_public(parts.settings)
            .ok_or(Error::InvalidParameter("threeDSRequestorAppURL"))?;
        Ok(Self {
            crypto: &crate::crypto::RUST_CRYPTO,
            state: State::AuthRequested(ExpectAres {
                version: parts.version,
                sdk_trans_id,
                ephemeral,
                sdk_reference_number,
                start_ms: parts.start_ms,
                timeouts: parts.timeouts,
                enc: if parts.use_aes_gcm {
                    ContentEncryption::A128Gcm
                } else {
                    ContentEncryption::A128CbcHs256
                },
                settings,
            }),
        })
    }
}

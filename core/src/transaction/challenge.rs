//! The challenge loop: CReq out, CRes in, timers and the Erro to send.

use super::Transaction;
use super::constraints::{ChallengeInput, ScreenConstraints, check_input};
use super::counter::Counter;
use super::erro::SdkErro;
use super::error::Error;
use super::sizing;
use super::state::{Challenge, Failed, Phase, State};
use super::timer::Timer;
use crate::jose::session::gcm_counter_iv;
use crate::jose::{ContentEncryption, Direction, JweError, jwe};
use crate::message::{
    BuildError, ChallengeAnswer, ChallengeResponse, ChallengeScreen, CreqBuilder, CresBody,
    CresExpectation, Erro, ErrorCode, Extensions, MAX_CRES_JWE_BYTES, MAX_ERRO_BYTES, MessageError,
    OobAppUrlInd, TransStatus, UiType,
};
use crate::platform::Rng;

/// `Content-Type` of a CReq.
pub const CREQ_CONTENT_TYPE: &str = "application/jose; charset=UTF-8";

/// Room that holds any CReq plaintext without `messageExtension` or extra
/// request fields (ids, counter, ≤ 45 + 45 characters of entry or 256 of
/// HTML data, a 2048-character app URL, consent flags): what a caller with
/// a fixed buffer (firmware, the C API's `THREEDS_CREQ_MAX_PLAINTEXT`)
/// reserves. The caller's buffer is the only limit: message extensions may
/// take the spec's 81,920 characters, and a buffer too small for them gets
/// [`Error::BufferTooSmall`] with the exact size needed.
pub const MAX_CREQ_PLAINTEXT: usize = 3072;

/// A CReq ready to POST to [`Transaction::acs_url`] with [`CREQ_CONTENT_TYPE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Creq {
    /// Bytes of the compact JWE at the start of the output buffer.
    pub len: usize,
    /// `sdkCounterStoA` of this CReq.
    pub counter: u8,
}

/// What a CRes (or whatever came back) means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CresOutcome<'a> {
    /// Another screen: show it, then build the next CReq.
    Screen {
        /// `acsUiType`.
        ui_type: UiType,
        /// What to render (borrowed from the decrypted plaintext).
        screen: ChallengeScreen<'a>,
    },
    /// The final CRes: the challenge is over with this `transStatus` (Y or N).
    Completed(TransStatus),
    /// The ACS sent an Erro (reported, never answered); the transaction failed.
    ErroReceived(Erro<'a>),
    /// The CRes broke the protocol: the transaction failed and this Erro is
    /// pending; send it with [`Transaction::poll_erro`].
    ProtocolError(SdkErro),
    /// The CRes ends the transaction without an Erro (a final `transStatus`
    /// the protocol says to drop silently); the transaction failed.
    Aborted(MessageError),
}

/// What [`Transaction::receive_cres`] read: the outcome and the exact
/// plaintext it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedCres<'a> {
    /// What the CRes means.
    pub outcome: CresOutcome<'a>,
    /// The decrypted CRes (or the plain JSON Erro) exactly, byte for byte;
    /// `None` when nothing could be read (an expired timer, a body that does
    /// not decrypt).
    pub plaintext: Option<&'a [u8]>,
    /// The CRes's validated `messageExtension` (`None` when it carried none,
    /// or when no CRes was accepted).
    pub extensions: Option<Extensions<'a>>,
}

impl<'a> ReceivedCres<'a> {
    const fn unread(outcome: CresOutcome<'a>) -> Self {
        Self {
            outcome,
            plaintext: None,
            extensions: None,
        }
    }
}

/// A build error; `needed` says how much room a too-small buffer lacked.
fn build_error(e: BuildError, needed: impl FnOnce() -> usize) -> Error {
    match e {
        BuildError::BufferTooSmall => Error::BufferTooSmall { needed: needed() },
        other => Error::Build(other),
    }
}

fn jwe_error(e: JweError, needed: usize) -> Error {
    match e {
        JweError::BufferTooSmall => Error::BufferTooSmall { needed },
        JweError::Rng => Error::Rng,
        _ => Error::Crypto,
    }
}

impl Transaction {
    /// Ends the running challenge with `erro` pending. The state changes
    /// in place: only the ids and the URL (a pointer with `alloc`) move.
    fn fail_challenge(&mut self, erro: Option<SdkErro>) {
        if let State::Challenge(c) = &mut self.state {
            self.state = State::Failed(c.fail(erro));
        }
    }

    /// Builds the next CReq for `input` into `out` (a compact JWE, `dir`,
    /// `kid` = `acsTransID`; A128CBC-HS256 with a random IV, or A128GCM
    /// with the counter IV). `now_ms` is the monotonic time; the exchange
    /// timer starts now.
    ///
    /// # Errors
    /// Nothing changes on [`Error::ApiMisuse`] (not waiting for a CReq),
    /// [`Error::InputRejected`] (the answer does not fit the last screen),
    /// [`Error::Build`] (e.g. [`BuildError::TooLong`] for message extensions
    /// over the spec's caps: 10 objects up to 2.2.0, 15 in 2.3.1, 81,920
    /// characters in all, 8,059 per `data`), [`Error::BufferTooSmall`]
    /// (with the exact size of the sealed CReq), [`Error::Rng`] or
    /// [`Error::Crypto`]. The transaction fails on
    /// [`Error::TimedOut`] (`SDKMaxTimeout` passed; an Erro 402 is pending)
    /// and [`Error::CounterExhausted`].
    pub fn build_creq<R: Rng + ?Sized>(
        &mut self,
        input: &ChallengeInput<'_>,
        rng: &mut R,
        now_ms: u64,
        out: &mut [u8],
    ) -> Result<Creq, Error> {
        self.build_creq_observed(input, rng, now_ms, out, &mut |_| {})
    }

    /// [`build_creq`](Self::build_creq) that shows `sealing` the exact
    /// plaintext (the CReq JSON) just before it is encrypted in place, so a
    /// log of "the CReq as sent" is the CReq as sent, not a rebuilt copy.
    /// `sealing` is not called when the CReq cannot be built.
    ///
    /// # Errors
    /// As [`build_creq`](Self::build_creq).
    pub fn build_creq_observed<R: Rng + ?Sized>(
        &mut self,
        input: &ChallengeInput<'_>,
        rng: &mut R,
        now_ms: u64,
        out: &mut [u8],
        sealing: &mut dyn FnMut(&[u8]),
    ) -> Result<Creq, Error> {
        let State::Challenge(c) = &mut self.state else {
            return Err(self.misuse("build_creq"));
        };
        let Phase::ExpectCreq { next } = c.phase else {
            return Err(self.misuse("build_creq"));
        };
        if c.deadlines().expired(now_ms) == Some(Timer::SdkMaxTimeout) {
            self.fail_challenge(Some(SdkErro::timed_out(timer_detail(Timer::SdkMaxTimeout))));
            return Err(Error::TimedOut(Timer::SdkMaxTimeout));
        }
        let Some(counter) = next else {
            self.fail_challenge(None);
            return Err(Error::CounterExhausted);
        };
        let len = encrypt_creq(c, input, counter.value(), rng, out, sealing)?;
        c.phase = Phase::ExpectCres {
            sent: counter,
            deadline: c.timeouts.exchange_deadline(now_ms),
        };
        Ok(Creq {
            len,
            counter: counter.value(),
        })
    }

    /// The bytes [`build_creq`](Self::build_creq) needs in `out` for `input`
    /// now: the exact length of the sealed CReq. A caller that grows its
    /// buffer to the message asks this first.
    ///
    /// # Errors
    /// What `build_creq` would report without building anything:
    /// [`Error::ApiMisuse`], [`Error::InputRejected`], [`Error::Build`]
    /// (e.g. extensions over the spec's caps). Nothing changes.
    pub fn creq_size(&self, input: &ChallengeInput<'_>) -> Result<usize, Error> {
        let State::Challenge(c) = &self.state else {
            return Err(self.misuse("creq_size"));
        };
        let Phase::ExpectCreq { next } = c.phase else {
            return Err(self.misuse("creq_size"));
        };
        // Every counter is written with three digits: its value does not
        // change the length.
        let counter = next.map_or(0, Counter::value);
        let len = creq_builder(c, input, counter)?
            .measure()
            .map_err(|e| build_error(e, || usize::MAX))?;
        Ok(sizing::creq_jwe_len(
            c.enc,
            c.ids.acs_trans_id.as_str(),
            len,
        ))
    }

    /// Handles the body that answered the last CReq: a compact JWE CRes, or
    /// a plain JSON Erro. The plaintext is decrypted into `plaintext`
    /// (at least the body's length), which the outcome borrows.
    ///
    /// Order of checks: timers (402) → size (101: a JWE over
    /// [`MAX_CRES_JWE_BYTES`], plain JSON over [`MAX_ERRO_BYTES`]) →
    /// decryption (302, `kid` = `acsTransID` included) → the CRes rules
    /// (size 101, counter 302, message type 101, fields 201/202/203/204,
    /// ids 301, version 102). A received Erro, even malformed, is never
    /// answered.
    ///
    /// # Errors
    /// Nothing changes on [`Error::ApiMisuse`] (no CReq in flight) and
    /// [`Error::BufferTooSmall`] (`plaintext` shorter than `body`). Every
    /// protocol failure is a [`CresOutcome`], not an error.
    pub fn handle_cres<'b>(
        &mut self,
        body: &[u8],
        plaintext: &'b mut [u8],
        now_ms: u64,
    ) -> Result<CresOutcome<'b>, Error> {
        self.receive_cres(body, plaintext, now_ms)
            .map(|r| r.outcome)
    }

    /// [`handle_cres`](Self::handle_cres) that also gives back the exact
    /// plaintext it decrypted (or the plain JSON body it read): the bytes a
    /// read-out, a log line or an XPath query must see, without padding or
    /// unused buffer.
    ///
    /// # Errors
    /// As [`handle_cres`](Self::handle_cres).
    pub fn receive_cres<'b>(
        &mut self,
        body: &[u8],
        plaintext: &'b mut [u8],
        now_ms: u64,
    ) -> Result<ReceivedCres<'b>, Error> {
        let State::Challenge(c) = &mut self.state else {
            return Err(self.misuse("handle_cres"));
        };
        let Phase::ExpectCres { sent, .. } = c.phase else {
            return Err(self.misuse("handle_cres"));
        };
        let over_cap = body.len() > body_cap(body);
        if plaintext.len() < body.len() && !over_cap {
            return Err(Error::BufferTooSmall { needed: body.len() });
        }
        if let Some(timer) = c.deadlines().expired(now_ms) {
            let erro = SdkErro::timed_out(timer_detail(timer));
            self.fail_challenge(Some(erro.clone()));
            return Ok(ReceivedCres::unread(CresOutcome::ProtocolError(erro)));
        }
        let opened = if over_cap {
            Err(SdkErro::about_cres(ErrorCode::MESSAGE_INVALID, "CRes"))
        } else {
            open_body(c, body, sent.value(), plaintext)
        };
        let pt: &'b [u8] = match opened {
            Ok(pt) => pt,
            Err(erro) => {
                self.fail_challenge(Some(erro.clone()));
                return Ok(ReceivedCres::unread(CresOutcome::ProtocolError(erro)));
            }
        };
        let expected = CresExpectation {
            version: c.version,
            three_ds_server_trans_id: c.ids.three_ds_server_trans_id.as_str(),
            acs_trans_id: c.ids.acs_trans_id.as_str(),
            sdk_trans_id: c.ids.sdk_trans_id.as_str(),
            counter: sent.value(),
            understood_extensions: &[],
            decoupled_fallback: c.settings.decoupled_fallback,
        };
        let mut extensions = None;
        let outcome = match ChallengeResponse::parse(pt, &expected) {
            Ok(ChallengeResponse::Erro(e)) => {
                self.fail_challenge(None);
                CresOutcome::ErroReceived(e)
            }
            Ok(ChallengeResponse::Cres(cres)) => match cres.body {
                CresBody::Final { trans_status } => {
                    extensions = cres.extensions;
                    self.state = State::Completed(trans_status);
                    CresOutcome::Completed(trans_status)
                }
                CresBody::Challenge { ui_type, .. } if !c.settings.render.offers_ui(ui_type) => {
                    // An ACS UI type the AReq did not offer.
                    let erro = SdkErro::about_cres(ErrorCode::INVALID_FORMAT, "acsUiType");
                    self.fail_challenge(Some(erro.clone()));
                    CresOutcome::ProtocolError(erro)
                }
                CresBody::Challenge { ui_type, screen } => {
                    extensions = cres.extensions;
                    c.screen = Some(ScreenConstraints::of(ui_type, &screen));
                    c.round = c.round.saturating_add(1);
                    c.phase = Phase::ExpectCreq {
                        next: sent.advance(),
                    };
                    CresOutcome::Screen { ui_type, screen }
                }
            },
            Err(e) if !e.sends_erro() => {
                self.fail_challenge(None);
                CresOutcome::Aborted(e)
            }
            Err(e) => {
                let erro = SdkErro::from_message_error(&e);
                self.fail_challenge(Some(erro.clone()));
                CresOutcome::ProtocolError(erro)
            }
        };
        Ok(ReceivedCres {
            outcome,
            plaintext: Some(pt),
            extensions,
        })
    }

    /// Fires any expired timer at `now_ms`: the challenge fails with an
    /// Erro 402 pending. Returns the timer that fired.
    pub fn handle_timeout(&mut self, now_ms: u64) -> Option<Timer> {
        let timer = match &self.state {
            State::Challenge(c) => c.deadlines().expired(now_ms)?,
            _ => return None,
        };
        self.fail_challenge(Some(SdkErro::timed_out(timer_detail(timer))));
        Some(timer)
    }

    /// The caller's transport gave up waiting for the CRes: the challenge
    /// fails with an Erro 402 pending.
    ///
    /// # Errors
    /// [`Error::ApiMisuse`] (nothing changed) unless a CReq is in flight.
    pub fn report_exchange_timeout(&mut self) -> Result<(), Error> {
        if self.state.name() != super::StateName::ChallengeExpectCres {
            return Err(self.misuse("report_exchange_timeout"));
        }
        self.fail_challenge(Some(SdkErro::timed_out(timer_detail(Timer::Exchange))));
        Ok(())
    }

    /// Gives up on the transaction without an Erro (e.g. the connection to
    /// the ACS broke). Any state becomes failed; ids and acsURL are kept.
    pub fn abort(&mut self) {
        match &mut self.state {
            State::Challenge(c) => self.state = State::Failed(c.fail(None)),
            State::Failed(_) => {}
            _ => {
                self.state = State::Failed(Failed {
                    target: None,
                    pending: None,
                    sent: None,
                });
            }
        }
    }

    /// Writes the pending Erro (if any) into `out` and marks it sent. POST
    /// it to [`acs_url`](Self::acs_url) with
    /// [`ERRO_CONTENT_TYPE`](super::ERRO_CONTENT_TYPE).
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the Erro's exact length (the Erro stays
    /// pending; about 600 bytes suffice).
    pub fn poll_erro(&mut self, out: &mut [u8]) -> Result<Option<usize>, Error> {
        let State::Failed(f) = &mut self.state else {
            return Ok(None);
        };
        let (Some(erro), Some(target)) = (&f.pending, &f.target) else {
            return Ok(None);
        };
        let len = match erro.write(target.version, &target.ids, out) {
            Ok(written) => written.len(),
            Err(e) => {
                return Err(build_error(e, || {
                    erro.measure(target.version, &target.ids)
                        .unwrap_or(usize::MAX)
                }));
            }
        };
        f.sent = f.pending.take();
        Ok(Some(len))
    }

    /// The next deadline (monotonic ms) and its timer while a challenge
    /// runs: call [`handle_timeout`](Self::handle_timeout) when it passes.
    pub fn poll_timeout(&self) -> Option<(Timer, u64)> {
        match &self.state {
            State::Challenge(c) => Some(c.deadlines().next()),
            _ => None,
        }
    }

    /// `ChallengeTimeRemaining`: milliseconds until `SDKMaxTimeout`, which
    /// counts from [`begin`](Self::begin) (`None` when no transaction runs).
    pub fn challenge_time_remaining(&self, now_ms: u64) -> Option<u64> {
        let max = match &self.state {
            State::Challenge(c) => c.timeouts.max_deadline(c.start_ms),
            State::AuthRequested(a) => a.timeouts.max_deadline(a.start_ms),
            _ => return None,
        };
        Some(max.saturating_sub(now_ms))
    }
}

fn timer_detail(timer: Timer) -> &'static str {
    match timer {
        Timer::SdkMaxTimeout => "SDKMaxTimeout expired",
        Timer::Exchange => "Challenge exchange timed out",
    }
}

/// The CReq for `input` as the builder will write it (the one place its
/// members are chosen).
fn creq_builder<'a>(
    c: &'a Challenge,
    input: &ChallengeInput<'a>,
    counter: u8,
) -> Result<CreqBuilder<'a>, Error> {
    check_input(c.screen.as_ref(), c.version, input)?;
    let cancelling = matches!(input.answer, ChallengeAnswer::Cancel(_));
    let consent = |asked: bool, given: Option<bool>| {
        // An unanswered toggle is sent as its default, "N".
        (asked && !cancelling).then(|| given.unwrap_or(false))
    };
    let screen = c.screen.unwrap_or(ScreenConstraints::plain(UiType::Text));
    let has_screen = c.screen.is_some();
    let mut creq = CreqBuilder::new(
        c.version,
        c.ids.three_ds_server_trans_id.as_str(),
        c.ids.acs_trans_id.as_str(),
        c.ids.sdk_trans_id.as_str(),
        counter,
        input.answer,
    );
    creq.three_ds_requestor_app_url = if c.version.at_least_2_2() {
        c.settings.requestor_app_url()
    } else {
        None
    };
    if c.version.is_2_3() {
        creq.oob_app_url_ind = Some(if c.settings.oob_app_url_supported {
            OobAppUrlInd::Supported
        } else {
            OobAppUrlInd::NotSupportedByDevice
        });
    }
    creq.trust_list_data_entry = consent(has_screen && screen.trust_list_text, input.trust_list);
    creq.device_binding_data_entry = consent(
        has_screen && screen.device_binding_text,
        input.device_binding,
    );
    creq.oob_app_status = if c.version.is_2_3() {
        input.oob_app_status
    } else {
        None
    };
    creq.extensions = input.extensions;
    creq.extra_fields = input.extra_fields;
    Ok(creq)
}

fn encrypt_creq<R: Rng + ?Sized>(
    c: &Challenge,
    input: &ChallengeInput<'_>,
    counter: u8,
    rng: &mut R,
    out: &mut [u8],
    sealing: &mut dyn FnMut(&[u8]),
) -> Result<usize, Error> {
    let creq = creq_builder(c, input, counter)?;
    let kid = c.ids.acs_trans_id.as_str();
    // The plaintext is written into `out` and encrypted there: no second
    // buffer holds it. The caller's buffer is the only size limit; the
    // spec's caps on extensions are checked by the builder.
    let plain_len = match creq.write(out).map(<[u8]>::len) {
        Ok(len) => len,
        Err(e) => {
            // A partial plaintext (the cardholder's entry) stays nowhere.
            out.fill(0);
            return Err(match (e, creq.measure()) {
                (BuildError::BufferTooSmall, Ok(len)) => Error::BufferTooSmall {
                    needed: sizing::creq_jwe_len(c.enc, kid, len),
                },
                // A cap broken further on than the buffer reached.
                (BuildError::BufferTooSmall, Err(e)) | (e, _) => build_error(e, || usize::MAX),
            });
        }
    };
    sealing(out.get(..plain_len).unwrap_or_default());
    let key = c.keys.key_for(c.enc, Direction::SdkToAcs);
    let needed = sizing::creq_jwe_len(c.enc, kid, plain_len);
    match c.enc {
        ContentEncryption::A128CbcHs256 => {
            jwe::encrypt_dir_in_place_random_iv(c.enc, key, kid, rng, plain_len, out)
        }
        ContentEncryption::A128Gcm => {
            let iv = gcm_counter_iv(Direction::SdkToAcs, counter);
            jwe::encrypt_dir_in_place(c.enc, key, kid, &iv, plain_len, out)
        }
    }
    .map_err(|e| jwe_error(e, needed))
}

/// True when the body is plain JSON (an Erro) rather than a compact JWE.
fn is_plain(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The most bytes read of a body at the ACS URL: [`MAX_CRES_JWE_BYTES`],
/// or [`MAX_ERRO_BYTES`] for plain JSON. A longer body is refused with 101
/// before it is read.
fn body_cap(body: &[u8]) -> usize {
    if is_plain(body) {
        MAX_ERRO_BYTES
    } else {
        MAX_CRES_JWE_BYTES
    }
}

/// Decrypts the CRes JWE (or copies a plain JSON body) into `plaintext`;
/// the JWE's `kid` must be the `acsTransID`.
fn open_body<'b>(
    c: &Challenge,
    body: &[u8],
    counter: u8,
    plaintext: &'b mut [u8],
) -> Result<&'b [u8], SdkErro> {
    let decryption_failed = || SdkErro::about_cres(ErrorCode::DECRYPTION, "CRes");
    if is_plain(body) {
        // Plain JSON: only an Erro may come unencrypted; anything else is
        // 302. A malformed Erro goes on to the CRes checks, which report it
        // without answering it.
        let dst = plaintext
            .get_mut(..body.len())
            .ok_or_else(decryption_failed)?;
        dst.copy_from_slice(body);
        let pt: &'b [u8] = dst;
        return match Erro::parse(pt) {
            Ok(_) => Ok(pt),
            Err(e) if e.in_erro => Ok(pt),
            Err(_) => Err(decryption_failed()),
        };
    }
    let compact = core::str::from_utf8(body)
        .map_err(|_| decryption_failed())?
        .trim();
    if c.enc == ContentEncryption::A128Gcm {
        // The ACS→SDK IV is fixed by the counter; any other IV is not the
        // answer to this CReq.
        let iv_b64 = crate::text::split_ascii(compact, b'.')
            .nth(2)
            .ok_or_else(decryption_failed)?;
        let iv =
            crate::jose::base64url::decode_array::<12>(iv_b64).map_err(|_| decryption_failed())?;
        if iv != gcm_counter_iv(Direction::AcsToSdk, counter) {
            return Err(decryption_failed());
        }
    }
    let key = c.keys.key_for(c.enc, Direction::AcsToSdk);
    let kid = c.ids.acs_trans_id.as_str();
    jwe::decrypt_dir(compact, c.enc, key, Some(kid), plaintext).map_err(|_| decryption_failed())
}

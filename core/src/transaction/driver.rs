//! A small driver for one CReq → CRes exchange over a [`Transport`].

use core::fmt;

use super::Transaction;
use super::challenge::{CREQ_CONTENT_TYPE, CresOutcome};
use super::constraints::ChallengeInput;
use super::erro::{ERRO_CONTENT_TYPE, SdkErro};
use super::error::Error;
use super::timer::Timer;
use crate::message::Extensions;
use crate::platform::{
    Clock, HttpRequest, HttpResponse, Rng, TlsEvents, Transport, TransportError, TransportErrorKind,
};

/// Why [`run_exchange`] stopped without an outcome.
#[derive(Debug)]
pub enum ExchangeError<E> {
    /// The state machine refused (see [`Error`]). When the error failed the
    /// transaction with an Erro pending (timeouts), the Erro was POSTed.
    Transaction(Error),
    /// The transport failed (not a timeout) while sending the CReq; the
    /// transaction was aborted without an Erro.
    Transport(E),
    /// The ACS answered the CReq with a non-2xx HTTP status; the transaction
    /// was aborted without an Erro.
    HttpStatus(u16),
    /// The observer's [`ExchangeObserver::before_post`] refused to let the
    /// sealed CReq leave (e.g. its state could not be persisted first), or
    /// its [`ExchangeObserver::interrupted`] dropped the answer; the
    /// transaction was aborted.
    Stopped,
}

/// Watches one exchange of [`run_exchange_observed`]: every surface (the
/// facade, the CLI, the bindings) hooks its logging, packet events and
/// persistence here instead of driving the exchange itself.
///
/// Order within one exchange: [`creq_sealing`](Self::creq_sealing) →
/// [`before_post`](Self::before_post) → [`packet_out`](Self::packet_out) →
/// (TLS events) → [`packet_in`](Self::packet_in) →
/// [`cres_read`](Self::cres_read); an Erro the SDK sends is shown to
/// [`erro_sending`](Self::erro_sending) then [`packet_out`](Self::packet_out).
///
/// Every method has an empty default.
pub trait ExchangeObserver {
    /// The exact CReq plaintext (JSON) about to be encrypted: what the ACS
    /// will decrypt. It may hold cardholder entries: mask before logging.
    fn creq_sealing(&mut self, _plaintext: &[u8]) {}
    /// The CReq is sealed (its counter is spent inside `txn`) and about to be
    /// POSTed. Returning `false` stops the exchange: nothing is sent and the
    /// transaction is aborted. A caller that persists the transaction does it
    /// here, so a crash after the POST cannot resume from an older counter.
    fn before_post(&mut self, _txn: &Transaction, _creq: &[u8]) -> bool {
        true
    }
    /// Exactly the bytes POSTed (CReq or Erro body).
    fn packet_out(&mut self, _body: &[u8]) {}
    /// Exactly the response body received.
    fn packet_in(&mut self, _body: &[u8]) {}
    /// The exact plaintext the answer decrypted to (a CRes, or an Erro from
    /// the ACS), with what it means; not called when nothing could be read
    /// (a body that does not decrypt, an expired timer).
    fn cres_read(&mut self, _plaintext: &[u8], _outcome: &CresOutcome<'_>) {}
    /// Right after [`cres_read`](Self::cres_read): the `messageExtension`
    /// of the CRes just accepted (`None` when it carried none, or when the
    /// answer was an Erro or a refused CRes), for read-outs of "the last
    /// message's extensions".
    fn cres_extensions(&mut self, _extensions: Option<Extensions<'_>>) {}
    /// The SDK is about to POST this Erro (`body` is its JSON).
    fn erro_sending(&mut self, _erro: &SdkErro, _body: &[u8]) {}
    /// Checked once the ACS answered, before the answer is read: `true`
    /// (the application interrupted) drops the answer, aborts the
    /// transaction and ends the exchange with [`ExchangeError::Stopped`].
    fn interrupted(&mut self) -> bool {
        false
    }
    /// Where the transport reports its TLS handshake (the CReq's and any
    /// Erro's connection); `None` posts without TLS events.
    fn tls_events(&mut self) -> Option<&mut dyn TlsEvents> {
        None
    }
}

/// Where the driver decrypts the answer: a fixed slice (the caller sized it
/// for the largest body), or with `alloc` a vector grown to the body it
/// received, so a caller allocates what the message needs and no more
/// ([`run_exchange_observed_growing`]).
pub trait PlaintextRoom {
    /// Room for the plaintext of a `body_len`-byte body (never longer than
    /// the body); a slice gives itself, whatever its length (the
    /// transaction reports a short one).
    fn room(&mut self, body_len: usize) -> &mut [u8];
}

impl PlaintextRoom for [u8] {
    fn room(&mut self, _body_len: usize) -> &mut [u8] {
        self
    }
}

#[cfg(feature = "alloc")]
impl PlaintextRoom for alloc::vec::Vec<u8> {
    /// Grows (never shrinks) to `body_len`. Bytes it held are moved by the
    /// allocator, so a caller wipes it between exchanges.
    fn room(&mut self, body_len: usize) -> &mut [u8] {
        if self.len() < body_len {
            self.resize(body_len, 0);
        }
        self.as_mut_slice()
    }
}

/// Where the transport writes the answer: a caller's slice sized for the
/// largest body, or with `alloc` a vector the transport sizes from the
/// response ([`Transport::post_growing`]).
trait ResponseRoom {
    /// POSTs `request`, the answer's body landing in this room.
    fn post<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        request: &HttpRequest<'_>,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, T::Error>;
    /// The first `len` bytes written (empty if the transport claimed more
    /// than the room holds).
    fn body(&self, len: usize) -> &[u8];
}

impl ResponseRoom for [u8] {
    fn post<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        request: &HttpRequest<'_>,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, T::Error> {
        match tls {
            Some(tls) => transport.post_with_tls_events(request, self, tls),
            None => transport.post(request, self),
        }
    }
    fn body(&self, len: usize) -> &[u8] {
        self.get(..len).unwrap_or(&[])
    }
}

/// A response vector and the most it may grow to.
#[cfg(feature = "alloc")]
struct GrowingResponse<'a> {
    body: &'a mut alloc::vec::Vec<u8>,
    max_len: usize,
}

#[cfg(feature = "alloc")]
impl ResponseRoom for GrowingResponse<'_> {
    fn post<T: Transport + ?Sized>(
        &mut self,
        transport: &mut T,
        request: &HttpRequest<'_>,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, T::Error> {
        transport.post_growing(request, self.body, self.max_len, tls)
    }
    fn body(&self, len: usize) -> &[u8] {
        self.body.get(..len).unwrap_or(&[])
    }
}

/// The observer of [`run_exchange`]: watches nothing.
pub struct NoObserver;

impl ExchangeObserver for NoObserver {}

impl<E: fmt::Display> fmt::Display for ExchangeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transaction(e) => e.fmt(f),
            Self::Transport(e) => write!(f, "transport: {e}"),
            Self::HttpStatus(s) => write!(f, "the ACS answered HTTP {s}"),
            Self::Stopped => f.write_str("the exchange was stopped before the CReq was sent"),
        }
    }
}

/// Runs one exchange: `build_creq` → [`Transport::post`] → `handle_cres`.
/// On a protocol failure or a timeout (the transport's
/// [`TransportErrorKind::TimedOut`], or an expired timer) the Erro is
/// POSTed to the ACS through the same transport (best effort: a failure to
/// deliver it does not change the outcome).
///
/// `request` holds the CReq JWE and any Erro (6 KB always suffice without
/// message extensions; [`Transaction::creq_size`] gives the exact size);
/// `response` the CRes body (a few KB for native UI, up to ~400 KB with
/// `acsHTML`); `plaintext` the decrypted CRes (as large as `response`).
///
/// # Errors
/// See [`ExchangeError`].
#[allow(clippy::too_many_arguments)]
pub fn run_exchange<'b, T, R, C>(
    txn: &mut Transaction,
    transport: &mut T,
    input: &ChallengeInput<'_>,
    rng: &mut R,
    clock: &C,
    request: &mut [u8],
    response: &mut [u8],
    plaintext: &'b mut [u8],
) -> Result<CresOutcome<'b>, ExchangeError<T::Error>>
where
    T: Transport + ?Sized,
    R: Rng + ?Sized,
    C: Clock + ?Sized,
{
    run_exchange_observed(
        txn,
        transport,
        input,
        rng,
        clock,
        request,
        response,
        plaintext,
        &mut NoObserver,
    )
}

/// [`run_exchange`] with an [`ExchangeObserver`]: the one exchange loop
/// under every surface.
///
/// # Errors
/// See [`ExchangeError`].
#[allow(clippy::too_many_arguments)]
pub fn run_exchange_observed<'b, T, R, C, O>(
    txn: &mut Transaction,
    transport: &mut T,
    input: &ChallengeInput<'_>,
    rng: &mut R,
    clock: &C,
    request: &mut [u8],
    response: &mut [u8],
    plaintext: &'b mut [u8],
    observer: &mut O,
) -> Result<CresOutcome<'b>, ExchangeError<T::Error>>
where
    T: Transport + ?Sized,
    R: Rng + ?Sized,
    C: Clock + ?Sized,
    O: ExchangeObserver + ?Sized,
{
    exchange(
        txn, transport, input, rng, clock, request, response, plaintext, observer,
    )
}

/// [`run_exchange_observed`] with the answer's buffers sized from the
/// answer instead of for the largest body beforehand: the transport writes
/// the body into `response` ([`Transport::post_growing`], at most
/// `response_max` bytes: a longer body is the transport's
/// [`TransportErrorKind::ResponseTooLarge`]), and the CRes is decrypted into
/// `plaintext`, grown to the body received. Both vectors only grow, so a
/// caller that reuses them allocates once per size of answer, not per
/// exchange.
///
/// # Errors
/// See [`ExchangeError`].
#[cfg(feature = "alloc")]
#[allow(clippy::too_many_arguments)]
pub fn run_exchange_observed_growing<'b, T, R, C, O>(
    txn: &mut Transaction,
    transport: &mut T,
    input: &ChallengeInput<'_>,
    rng: &mut R,
    clock: &C,
    request: &mut [u8],
    response: &mut alloc::vec::Vec<u8>,
    response_max: usize,
    plaintext: &'b mut alloc::vec::Vec<u8>,
    observer: &mut O,
) -> Result<CresOutcome<'b>, ExchangeError<T::Error>>
where
    T: Transport + ?Sized,
    R: Rng + ?Sized,
    C: Clock + ?Sized,
    O: ExchangeObserver + ?Sized,
{
    let mut response = GrowingResponse {
        body: response,
        max_len: response_max,
    };
    exchange(
        txn,
        transport,
        input,
        rng,
        clock,
        request,
        &mut response,
        plaintext,
        observer,
    )
}

/// The one exchange loop behind both entry points.
#[allow(clippy::too_many_arguments)]
fn exchange<'b, T, R, C, O, Q, P>(
    txn: &mut Transaction,
    transport: &mut T,
    input: &ChallengeInput<'_>,
    rng: &mut R,
    clock: &C,
    request: &mut [u8],
    response: &mut Q,
    plaintext: &'b mut P,
    observer: &mut O,
) -> Result<CresOutcome<'b>, ExchangeError<T::Error>>
where
    T: Transport + ?Sized,
    R: Rng + ?Sized,
    C: Clock + ?Sized,
    O: ExchangeObserver + ?Sized,
    Q: ResponseRoom + ?Sized,
    P: PlaintextRoom + ?Sized,
{
    let now = clock.monotonic_ms();
    let creq = match txn.build_creq_observed(input, rng, now, request, &mut |pt| {
        observer.creq_sealing(pt);
    }) {
        Ok(creq) => creq,
        Err(e) => {
            send_pending_erro(txn, transport, request, response, observer);
            return Err(ExchangeError::Transaction(e));
        }
    };
    if !observer.before_post(txn, request.get(..creq.len).unwrap_or(&[])) {
        txn.abort();
        return Err(ExchangeError::Stopped);
    }
    // Each exchange gets the per-exchange timeout, cut to what is left of SDKMaxTimeout.
    let timeout_ms = match (txn.exchange_timeout_ms(), txn.challenge_time_remaining(now)) {
        (Some(t), Some(left)) => t.min(left),
        (Some(t), None) => t,
        _ => 0,
    };
    let posted = {
        let body = request.get(..creq.len).unwrap_or(&[]);
        let url = txn.acs_url().unwrap_or("");
        observer.packet_out(body);
        let request = HttpRequest {
            url,
            content_type: CREQ_CONTENT_TYPE,
            body,
            timeout_ms,
        };
        response.post(transport, &request, observer.tls_events())
    };
    let resp = match posted {
        Ok(resp) => resp,
        Err(e) if e.kind() == TransportErrorKind::TimedOut => {
            if txn.report_exchange_timeout().is_ok() {
                let erro = txn.pending_erro().cloned();
                send_pending_erro(txn, transport, request, response, observer);
                if let Some(erro) = erro {
                    return Ok(CresOutcome::ProtocolError(erro));
                }
            }
            return Err(ExchangeError::Transaction(Error::TimedOut(Timer::Exchange)));
        }
        Err(e) => {
            txn.abort();
            return Err(ExchangeError::Transport(e));
        }
    };
    if !(200..300).contains(&resp.status) {
        txn.abort();
        return Err(ExchangeError::HttpStatus(resp.status));
    }
    if observer.interrupted() {
        txn.abort();
        return Err(ExchangeError::Stopped);
    }
    let body = response.body(resp.body_len);
    observer.packet_in(body);
    let received = txn
        .receive_cres(body, plaintext.room(body.len()), clock.monotonic_ms())
        .map_err(ExchangeError::Transaction)?;
    if let Some(pt) = received.plaintext {
        observer.cres_read(pt, &received.outcome);
        observer.cres_extensions(received.extensions);
    }
    if matches!(received.outcome, CresOutcome::ProtocolError(_)) {
        send_pending_erro(txn, transport, request, response, observer);
    }
    Ok(received.outcome)
}

/// POSTs the pending Erro, if any; delivery failures are ignored (the
/// transaction has failed either way).
fn send_pending_erro<T, O, Q>(
    txn: &mut Transaction,
    transport: &mut T,
    request: &mut [u8],
    response: &mut Q,
    observer: &mut O,
) where
    T: Transport + ?Sized,
    O: ExchangeObserver + ?Sized,
    Q: ResponseRoom + ?Sized,
{
    let erro = txn.pending_erro().cloned();
    let Ok(Some(len)) = txn.poll_erro(request) else {
        return;
    };
    let Some(url) = txn.acs_url() else {
        return;
    };
    let timeout_ms = super::DEFAULT_EXCHANGE_TIMEOUT_MS;
    let body = request.get(..len).unwrap_or(&[]);
    if let Some(erro) = &erro {
        observer.erro_sending(erro, body);
    }
    observer.packet_out(body);
    let request = HttpRequest {
        url,
        content_type: ERRO_CONTENT_TYPE,
        body,
        timeout_ms,
    };
    let _ = response.post(transport, &request, observer.tls_events());
}

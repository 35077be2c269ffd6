//! The facade's side of one CReq → CRes exchange: the answer taken from the
//! properties, the buffers reused for every exchange, and the
//! [`ExchangeObserver`] that turns what the exchange driver saw into the
//! reference's events, log lines and read-outs.
//!
//! The exchange itself is [`run_exchange_observed_growing`](crate::transaction::run_exchange_observed_growing),
//! as for every other surface: nothing here sends, builds or decrypts a message.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

use super::config::Settings;
use super::events::{ClientEvents, LogLevel, LogType};
use super::facade_state::owned_extensions;
use super::log::{LogLine, LogLineError, Logger};
use super::properties::Extension;
use super::properties::Properties;
use crate::message::{
    ChallengeAnswer, ChallengeCancel, Extensions, MessageVersion, OobAppStatus, OobContinue, UiType,
};
use crate::platform::{ServerCertificate, TlsEvents};
use crate::transaction::{
    ChallengeInput, CresOutcome, ExchangeObserver, MAX_CREQ_PLAINTEXT, ScreenConstraints, SdkErro,
    Transaction,
};

/// The request buffer's first size: any CReq without message extensions
/// (the base64url of at most [`MAX_CREQ_PLAINTEXT`] bytes plus header, IV
/// and tag) and any Erro the SDK sends.
const REQUEST_MIN: usize = MAX_CREQ_PLAINTEXT * 2;

/// The most the request buffer grows to: a CReq whose extensions take the
/// spec's 81,920 characters (even at 4 UTF-8 bytes each, sealed and
/// base64url-encoded) fits. A CReq over the spec's caps is refused by the
/// builder before this matters.
pub(crate) const REQUEST_MAX: usize = 512 * 1024;

/// The most a CRes body may take: an `acsHTML` CRes stays under 400 KB.
/// The transport sizes the response buffer from the body up to this
/// ([`Transport::post_growing`](crate::platform::Transport::post_growing));
/// a transport that cannot allocates all of it once.
pub(crate) const RESPONSE_MAX: usize = 512 * 1024;

/// The three exchange buffers, allocated on the first challenge and reused
/// by every later exchange of the client (allocated again only for a
/// longer message, never per CReq). The request buffer starts small and
/// grows to the CReq that needs more (bounded by [`REQUEST_MAX`]); the
/// response buffer grows to the longest body received (bounded by
/// [`RESPONSE_MAX`]) and the plaintext buffer to the longest CRes (never
/// longer than its body). Wiped after each exchange and on drop.
#[derive(Default)]
pub(crate) struct ExchangeBuffers {
    request: Zeroizing<Vec<u8>>,
    response: Zeroizing<Vec<u8>>,
    plaintext: Zeroizing<Vec<u8>>,
}

impl ExchangeBuffers {
    /// The request, response and plaintext buffers, allocated if needed;
    /// the request holds at least `request_needed` bytes (up to
    /// [`REQUEST_MAX`]: a larger need is left to the exchange to report).
    pub(crate) fn get(&mut self, request_needed: usize) -> (&mut [u8], &mut Vec<u8>, &mut Vec<u8>) {
        let request_len = request_needed.clamp(REQUEST_MIN, REQUEST_MAX);
        if self.request.len() < request_len {
            // The old buffer is zeroized as it drops.
            self.request = Zeroizing::new(vec![0u8; request_len]);
        }
        // The response holds ciphertext only: growing it may leave copies
        // in freed memory without exposing a secret.
        (
            self.request.as_mut_slice(),
            &mut self.response,
            &mut self.plaintext,
        )
    }

    /// Zeroes what an exchange left (the CReq plaintext is encrypted in
    /// place, so only the decrypted CRes and the request can hold secrets).
    pub(crate) fn wipe(&mut self) {
        self.request.fill(0);
        self.plaintext.fill(0);
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The answer the properties give to the last screen, in the reference's
/// order of precedence: cancel, the initial CReq, resend, additional code,
/// information/OOB continuation, then the entry for the screen's UI type.
pub(crate) fn challenge_answer<'a>(
    props: &'a Properties,
    settings: &Settings,
    screen: Option<&ScreenConstraints>,
    version: MessageVersion,
    keys: &'a [&'a str],
) -> ChallengeAnswer<'a> {
    let ui = screen.map(|s| s.ui_type);
    let first = props.challenge_data_entry();
    let second = props.challenge_data_entry_two();
    let cancel = props.challenge_cancellation_indicator();
    let oob_code = props.oob_continuation_indicator();
    if !cancel.is_empty() {
        return ChallengeAnswer::Cancel(
            ChallengeCancel::from_wire(cancel).unwrap_or(ChallengeCancel::CardholderCancel),
        );
    }
    if ui.is_none() {
        return ChallengeAnswer::Initial;
    }
    if settings.resend_challenge_info() == Some(true) {
        return ChallengeAnswer::Resend;
    }
    if props.use_additional_challenge() {
        return ChallengeAnswer::AddCode;
    }
    if props.use_information_continuation() || ui == Some(UiType::Information) {
        return ChallengeAnswer::InfoContinue;
    }
    if oob_code != 0 || ui == Some(UiType::Oob) {
        return ChallengeAnswer::OobContinue(if version.is_2_3() {
            OobContinue::from_code(if oob_code == 0 { 1 } else { oob_code })
        } else {
            OobContinue::Pressed
        });
    }
    match ui {
        Some(UiType::Text) if non_empty(first).is_some() || non_empty(second).is_some() => {
            ChallengeAnswer::Text {
                first: non_empty(first),
                second: non_empty(second),
            }
        }
        Some(UiType::SingleSelect) if !first.is_empty() => ChallengeAnswer::SingleSelect(first),
        Some(UiType::MultiSelect) if !keys.is_empty() => ChallengeAnswer::MultiSelect(keys),
        Some(UiType::Html | UiType::HtmlOob) if !first.is_empty() => ChallengeAnswer::Html(first),
        _ => ChallengeAnswer::NoEntry,
    }
}

/// The toggles and OOB status the properties add to `answer`.
pub(crate) fn challenge_input<'a>(
    props: &Properties,
    screen: Option<&ScreenConstraints>,
    answer: ChallengeAnswer<'a>,
) -> ChallengeInput<'a> {
    // A toggle answers only a screen that showed it; the transaction checks
    // the rest of the answer against the screen.
    let cancelling = matches!(answer, ChallengeAnswer::Cancel(_));
    let asked =
        |shown: fn(&ScreenConstraints) -> bool| screen.is_some_and(|s| shown(s) && !cancelling);
    let mut input = ChallengeInput::new(answer);
    input.trust_list = asked(|s| s.trust_list_text).then(|| props.whitelisting_data_entry());
    input.device_binding =
        asked(|s| s.device_binding_text).then(|| props.device_binding_data_entry());
    input.oob_app_status =
        (props.oob_app_status() != 0).then(|| OobAppStatus::from_code(props.oob_app_status()));
    input
}

/// Builds and fires one log line (the builder borrows other fields, so this
/// is a free function).
pub(crate) fn log_line<E: ClientEvents>(
    events: &mut E,
    settings: &Settings,
    level: LogLevel,
    log_type: LogType,
    capacity: usize,
    build: impl FnOnce(&mut LogLine<'_>) -> Result<(), LogLineError>,
) {
    let mut logger = Logger::new(events, settings.log_level(), settings.mask_sensitive());
    if !logger.enabled(level) {
        return;
    }
    let mut buf = Zeroizing::new(vec![0u8; capacity.saturating_add(256)]);
    // A line that does not fit or is not JSON is dropped, never truncated;
    // the capacity below makes room for any message once masked.
    let _ = logger.log(level, log_type, &mut buf, build);
}

/// Logs one whole JSON message (masked as the settings say).
pub(crate) fn log_message<E: ClientEvents>(
    events: &mut E,
    settings: &Settings,
    level: LogLevel,
    log_type: LogType,
    json: &[u8],
) {
    Logger::new(events, settings.log_level(), settings.mask_sensitive())
        .log_json(level, log_type, json);
}

/// What one exchange left for the read-outs, applied once it is over.
#[derive(Default)]
pub(crate) struct ExchangeRecord {
    /// The CReq was sealed: its answer is spent.
    pub sealed: bool,
    /// The CReq JWE as POSTed (`data_packet_out`).
    pub creq_sent: Option<String>,
    /// The exact plaintext received and whether it was an Erro.
    pub received: Option<(Zeroizing<Vec<u8>>, bool)>,
    /// The Erro the SDK sent, and its JSON.
    pub erro_sent: Option<(SdkErro, String)>,
    /// The application interrupted the exchange.
    pub interrupted: bool,
    /// The extensions of the message read (`IncomingExtension*`), when
    /// one was read.
    pub incoming_extensions: Option<(String, Vec<Extension>)>,
}

/// The facade's [`ExchangeObserver`]: events and log lines as the exchange
/// happens (so their order is the wire's), read-outs into an [`ExchangeRecord`].
pub(crate) struct FacadeObserver<'a, E: ClientEvents> {
    pub events: &'a mut E,
    pub settings: &'a Settings,
    pub interrupt: &'a AtomicBool,
    pub record: ExchangeRecord,
}

impl<E: ClientEvents> FacadeObserver<'_, E> {
    fn take_interrupt(&mut self) -> bool {
        if self.interrupt.swap(false, Ordering::SeqCst) {
            self.record.interrupted = true;
        }
        self.record.interrupted
    }
}

impl<E: ClientEvents> ExchangeObserver for FacadeObserver<'_, E> {
    fn creq_sealing(&mut self, plaintext: &[u8]) {
        self.record.sealed = true;
        log_message(
            self.events,
            self.settings,
            LogLevel::Verbose,
            LogType::CReq,
            plaintext,
        );
    }

    fn before_post(&mut self, _txn: &Transaction, creq: &[u8]) -> bool {
        self.record.creq_sent = Some(String::from_utf8_lossy(creq).into_owned());
        !self.take_interrupt()
    }

    fn packet_out(&mut self, body: &[u8]) {
        self.events.on_data_packet_out(body);
    }

    fn packet_in(&mut self, body: &[u8]) {
        self.events.on_data_packet_in(body);
    }

    fn cres_read(&mut self, plaintext: &[u8], outcome: &CresOutcome<'_>) {
        let is_erro = matches!(outcome, CresOutcome::ErroReceived(_));
        let (level, log_type) = if is_erro {
            (LogLevel::Info, LogType::Erro)
        } else {
            (LogLevel::Verbose, LogType::CRes)
        };
        log_message(self.events, self.settings, level, log_type, plaintext);
        self.record.received = Some((Zeroizing::new(Vec::from(plaintext)), is_erro));
    }

    fn cres_extensions(&mut self, extensions: Option<Extensions<'_>>) {
        self.record.incoming_extensions = Some(owned_extensions(extensions));
    }

    fn erro_sending(&mut self, erro: &SdkErro, body: &[u8]) {
        log_message(
            self.events,
            self.settings,
            LogLevel::Info,
            LogType::Erro,
            body,
        );
        self.record.erro_sent = Some((erro.clone(), String::from_utf8_lossy(body).into_owned()));
    }

    fn interrupted(&mut self) -> bool {
        self.take_interrupt()
    }

    fn tls_events(&mut self) -> Option<&mut dyn TlsEvents> {
        Some(self)
    }
}

impl<E: ClientEvents> TlsEvents for FacadeObserver<'_, E> {
    fn server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        self.events.on_ssl_server_authentication(cert, accept);
    }

    fn status(&mut self, message: &str) {
        self.events.on_ssl_status(message);
    }
}

//! `threeds challenge`: the CReq/CRes loop over HTTPS.

use crate::stdout::outln;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use threeds_core::client::events::{LogLevel, LogType};
use threeds_core::message::TransStatus;
use threeds_core::platform::{
    HttpRequest, HttpResponse, TlsEvents, Transport, TransportError, TransportErrorKind,
};
use threeds_core::transaction::{
    ChallengeInput, CresOutcome, Error, ExchangeError, ExchangeObserver, SdkErro, StateName,
    Transaction, run_exchange_observed,
};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::{HttpsTransport, OsRng};

use crate::answer::{self, Answer, Expect};
use crate::clock::WallClock;
use crate::error::{CliError, CliResult};
use crate::html::FormField;
use crate::log::LogSettings;
use crate::progress::Progress;
use crate::render::{erro_json, screen_json, screen_text, sdk_erro_json, trans_status};
use crate::state;

/// Arguments of `challenge`.
#[derive(Debug, Args)]
pub struct ChallengeArgs {
    /// The state file (after `check-auth-response` said a challenge follows).
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// One more CA to trust for the ACS's TLS certificate (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub tls_ca: Vec<PathBuf>,
    /// Per-exchange HTTP timeout (shorter than the transaction's own 30 s only).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// Scripted answers, one per screen: text, option keys (comma-separated),
    /// @continue, @resend, @cancel, @empty. Without it the challenge is interactive.
    #[arg(long, value_name = "TEXT")]
    pub answer: Vec<String>,
    /// One JSON object per line on stdout: each screen, then the outcome.
    #[arg(long)]
    pub json: bool,
    /// Log lines on stderr, as the reference logs them: -v info, -vv the
    /// messages (the CReq as sealed, the CRes as decrypted), -vvv debug.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The reference's LogLevel: 0 none, 1 info, 2 the messages, 3 debug
    /// (wins over -v).
    #[arg(long, value_name = "0..3", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub log_level: Option<u8>,
    /// Show cardholder entries in the logged CReqs (masked by default).
    #[arg(long)]
    pub no_mask: bool,
    /// The 3DS Requestor asked for decoupled fallback (2.3.1
    /// `threeDSRequestorDecReqInd` F or B): accept a final `transStatus` D.
    /// Kept in the state file, so a resumed run keeps it.
    #[arg(long)]
    pub decoupled_fallback: bool,
    #[command(flatten)]
    pub crypto: crate::crypto::CryptoArg,
}

/// A transport whose per-request timeout is capped.
pub struct Capped<T> {
    inner: T,
    cap_ms: Option<u64>,
}

impl<T> Capped<T> {
    /// Caps `inner`'s budget at `cap_ms` (none: the request's own).
    pub fn new(inner: T, cap_ms: Option<u64>) -> Self {
        Self { inner, cap_ms }
    }

    /// The wrapped transport.
    #[cfg(test)]
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// `request` with the smaller of its budget and the cap (both are
    /// budgets of the whole exchange; 0 = spent).
    fn capped<'a>(&self, request: &HttpRequest<'a>) -> HttpRequest<'a> {
        let timeout_ms = self
            .cap_ms
            .map_or(request.timeout_ms, |cap| cap.min(request.timeout_ms));
        HttpRequest {
            timeout_ms,
            ..*request
        }
    }
}

impl<T: Transport> Transport for Capped<T> {
    type Error = T::Error;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        let request = self.capped(request);
        self.inner.post(&request, response_body)
    }

    fn post_with_tls_events(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
        tls: &mut dyn TlsEvents,
    ) -> Result<HttpResponse, Self::Error> {
        let request = self.capped(request);
        self.inner
            .post_with_tls_events(&request, response_body, tls)
    }

    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut Vec<u8>,
        max_len: usize,
        tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, Self::Error> {
        let request = self.capped(request);
        self.inner
            .post_growing(&request, response_body, max_len, tls)
    }

    fn setting(&self, name: &str, out: &mut dyn core::fmt::Write) -> bool {
        self.inner.setting(name, out)
    }

    fn configure(&mut self, name: &str, value: &str) -> Option<Result<(), Self::Error>> {
        self.inner.configure(name, value)
    }

    fn reset_settings(&mut self) {
        self.inner.reset_settings();
    }
}

/// The HTTPS transport trusting the extra CAs.
pub fn transport(tls_ca: &[PathBuf], timeout_s: Option<u64>) -> CliResult<Capped<HttpsTransport>> {
    let mut builder = HttpsTransport::builder();
    for path in tls_ca {
        let name = path.display().to_string();
        let store = CertStore::from_file(Path::new(path), CertFormat::Auto, "")
            .map_err(|e| CliError::with(&name, e))?;
        for cert in store.certificates() {
            builder = builder.server_ca_cert(cert.clone());
        }
    }
    let inner = builder.build().map_err(|e| CliError::with("HTTPS", e))?;
    Ok(Capped::new(
        inner,
        timeout_s.map(|s| s.saturating_mul(1000)),
    ))
}

/// Where answers come from.
pub enum Answers {
    /// `--answer`, in order.
    Scripted(std::vec::IntoIter<String>),
    /// The terminal.
    Interactive,
}

/// How the loop reports.
pub struct Presenter {
    /// JSON lines on stdout.
    pub json: bool,
    /// Print each answer (the demo).
    pub show_answers: bool,
    /// Indent for human text (the demo nests it).
    pub indent: &'static str,
    /// Log lines on stderr (`-v`, `--log-level`).
    pub log: LogSettings,
}

impl Presenter {
    fn human(&self) -> Box<dyn Write> {
        if self.json {
            Box::new(io::stderr())
        } else {
            Box::new(io::stdout())
        }
    }

    fn line(&self, value: &Value) {
        if self.json {
            outln!("{value}");
        }
    }

    fn text(&self, text: &str) {
        let mut out = self.human();
        for line in text.lines() {
            let _ = writeln!(out, "{}{line}", self.indent);
        }
        let _ = out.flush();
    }
}

/// How the challenge ended.
#[derive(Debug)]
pub enum End {
    /// The final CRes (a cancel ends here too, with N or U).
    Completed(TransStatus),
    /// An Erro sent or received, or the exchange failed: the `{"error":…}` line.
    Failed(Value),
}

/// A failure line (`{"error":…}`) in words, for a terminal without `--json`.
fn failure_text(line: &Value) -> String {
    let e = &line["error"];
    let text = |k: &str| e.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let mut out = String::new();
    match text("from") {
        Some("sent") => out.push_str("the SDK reported an error to the ACS: "),
        Some("received") => out.push_str("the ACS reported an error: "),
        _ => {}
    }
    out.push_str(text("description").unwrap_or("unknown error"));
    if let Some(code) = e.get("code").and_then(Value::as_u64) {
        out.push_str(&format!(" (Erro {code})"));
    }
    if let Some(detail) = text("detail") {
        out.push_str(&format!("; detail: {detail}"));
    }
    out
}

fn failure(code: Option<u16>, description: String) -> Value {
    json!({ "error": { "code": code, "description": description } })
}

fn exchange_failure<E: TransportError>(txn: &Transaction, e: &ExchangeError<E>) -> Value {
    if let Some(sent) = txn.sent_erro() {
        return sdk_erro_json(sent);
    }
    match e {
        ExchangeError::Transaction(err) => failure(None, err.to_string()),
        // A certificate the machine does not trust is the usual cause with a
        // test ACS or the simulator: say how to trust it.
        ExchangeError::Transport(err) if err.kind() == TransportErrorKind::Tls => failure(
            None,
            format!(
                "transport: {err}; if the ACS uses a private certificate authority, \
                 add --tls-ca FILE (its root certificate, PEM) to trust it"
            ),
        ),
        ExchangeError::Transport(err) => failure(None, format!("transport: {err}")),
        ExchangeError::HttpStatus(s) => failure(None, format!("the ACS answered HTTP {s}")),
        ExchangeError::Stopped => failure(None, e.to_string()),
    }
}

/// Runs the challenge to its end, persisting nothing (the demo).
///
/// # Errors
/// A scripted answer that does not fit its screen, missing answers, or the
/// terminal closing.
pub fn run_challenge<T>(
    txn: &mut Transaction,
    transport: &mut T,
    answers: Answers,
    presenter: &Presenter,
) -> CliResult<End>
where
    T: Transport,
    T::Error: core::fmt::Display,
{
    run_persisted(txn, transport, answers, presenter, None, &mut None)
}

/// Persists the transaction before each CReq leaves: the one place the
/// counter's spending reaches the disk ahead of the network.
struct WriteAhead<'a> {
    path: Option<&'a Path>,
    screen: Option<&'a Value>,
    failed: Option<CliError>,
    log: LogSettings,
}

impl ExchangeObserver for WriteAhead<'_> {
    fn creq_sealing(&mut self, plaintext: &[u8]) {
        self.log.json(LogLevel::Verbose, LogType::CReq, plaintext);
    }

    fn packet_out(&mut self, body: &[u8]) {
        let line = format!("data packet out: {} bytes", body.len());
        self.log.text(LogLevel::Debug, LogType::RequestBody, &line);
    }

    fn packet_in(&mut self, body: &[u8]) {
        let line = format!("data packet in: {} bytes", body.len());
        self.log.text(LogLevel::Debug, LogType::ResponseBody, &line);
    }

    fn cres_read(&mut self, plaintext: &[u8], outcome: &CresOutcome<'_>) {
        if matches!(outcome, CresOutcome::ErroReceived(_)) {
            self.log.json(LogLevel::Info, LogType::Erro, plaintext);
        } else {
            self.log.json(LogLevel::Verbose, LogType::CRes, plaintext);
        }
    }

    fn erro_sending(&mut self, _erro: &SdkErro, body: &[u8]) {
        self.log.json(LogLevel::Info, LogType::Erro, body);
    }

    fn before_post(&mut self, txn: &Transaction, _creq: &[u8]) -> bool {
        let Some(path) = self.path else {
            return true;
        };
        match state::save_with_screen(path, txn, self.screen) {
            Ok(()) => true,
            Err(e) => {
                self.failed = Some(CliError(format!(
                    "the CReq was not sent: cannot save the state first: {}",
                    e.0
                )));
                false
            }
        }
    }
}

/// Runs the challenge to its end. With `persist`, the state file is written
/// before each CReq leaves and after each screen arrives. `screen` is the
/// screen being answered, kept as [`resume_point`] wrote it: `Some` on entry
/// resumes there (the next answer answers it), and it is kept current so the
/// caller can save it when the loop stops between screens.
///
/// # Errors
/// A scripted answer that does not fit its screen, missing answers, the
/// terminal closing, or the state file not being writable.
pub fn run_persisted<T>(
    txn: &mut Transaction,
    transport: &mut T,
    mut answers: Answers,
    presenter: &Presenter,
    persist: Option<&Path>,
    screen: &mut Option<Value>,
) -> CliResult<End>
where
    T: Transport,
    T::Error: core::fmt::Display,
{
    let mut rng = OsRng::default();
    let mut request = vec![0u8; 16 * 1024];
    let mut response = vec![0u8; 1024 * 1024];
    let mut plain = vec![0u8; 1024 * 1024];
    let stdin = io::stdin();
    let ask = |answers: &mut Answers, expect: &Expect, round: u16| -> CliResult<Answer> {
        let next = match answers {
            Answers::Scripted(list) => {
                let text = list
                    .next()
                    .ok_or_else(|| CliError(format!("no --answer left for screen {round}")))?;
                answer::parse(&text, expect)
                    .map_err(|e| CliError(format!("--answer for screen {round}: {e}")))?
            }
            Answers::Interactive => {
                let mut out = presenter.human();
                answer::ask(expect, &mut stdin.lock(), &mut out)?
            }
        };
        if presenter.show_answers {
            presenter.text(&format!("  cardholder: {}", next.describe()));
        }
        Ok(next)
    };
    let (mut answer, mut last_expect) = match screen.as_ref() {
        Some(saved) => {
            let (round, line, text, expect) = read_resume_point(saved)?;
            presenter.line(&line);
            if !presenter.json || matches!(answers, Answers::Interactive) {
                presenter.text(&text);
            }
            (ask(&mut answers, &expect, round)?, Some(expect))
        }
        None => (Answer::Initial, None),
    };
    loop {
        let keys = answer.keys();
        let input = ChallengeInput::new(answer.to_core(&keys));
        let mut observer = WriteAhead {
            path: persist,
            screen: screen.as_ref(),
            failed: None,
            log: presenter.log,
        };
        let result = run_exchange_observed(
            txn,
            transport,
            &input,
            &mut rng,
            &WallClock,
            &mut request,
            &mut response,
            &mut plain,
            &mut observer,
        );
        if let Some(e) = observer.failed {
            return Err(e);
        }
        let expect = match result {
            Ok(CresOutcome::Screen {
                ui_type,
                screen: shown,
            }) => {
                let round = txn.round();
                let line = screen_json(round, ui_type, &shown);
                presenter.line(&line);
                let (text, form) = screen_text(round, ui_type, &shown);
                if !presenter.json || matches!(answers, Answers::Interactive) {
                    presenter.text(&text);
                }
                let expect = answer::expect(&shown, form.as_ref());
                *screen = Some(resume_point(round, line, &text, &expect));
                if let Some(path) = persist {
                    state::save_with_screen(path, txn, screen.as_ref())?;
                }
                expect
            }
            Ok(CresOutcome::Completed(status)) => return Ok(End::Completed(status)),
            Ok(CresOutcome::ErroReceived(e)) => return Ok(End::Failed(erro_json(&e))),
            Ok(CresOutcome::ProtocolError(e)) => return Ok(End::Failed(sdk_erro_json(&e))),
            Ok(CresOutcome::Aborted(e)) => {
                return Ok(End::Failed(failure(Some(e.code.0), e.to_string())));
            }
            Err(ExchangeError::Transaction(Error::InputRejected(why))) => {
                let Some(expect) = last_expect.take() else {
                    return Err(CliError::with("answer rejected", why));
                };
                if matches!(answers, Answers::Scripted(_)) {
                    return Err(CliError(format!(
                        "--answer for screen {}: {why}",
                        txn.round()
                    )));
                }
                presenter.text(&format!("{why}"));
                expect
            }
            Err(e) => return Ok(End::Failed(exchange_failure(txn, &e))),
        };
        answer = ask(&mut answers, &expect, txn.round())?;
        last_expect = Some(expect);
    }
}

/// A screen as the state file keeps it: the JSON line, the text shown and
/// what an answer to it must look like, all as first derived from the CRes.
fn resume_point(round: u16, line: Value, text: &str, expect: &Expect) -> Value {
    let options =
        |list: &[(String, String)]| -> Value { list.iter().map(|(k, l)| json!([k, l])).collect() };
    let fields = |list: &[FormField]| -> Value {
        list.iter()
            .map(|f| json!({ "name": f.name, "kind": f.kind, "value": f.value }))
            .collect()
    };
    let expect = match expect {
        Expect::Text { two } => json!({ "text": { "two": two } }),
        Expect::Single(list) => json!({ "single": options(list) }),
        Expect::Multi(list) => json!({ "multi": options(list) }),
        Expect::Oob => json!("oob"),
        Expect::Html(list) => json!({ "html": fields(list) }),
        Expect::HtmlOob(list) => json!({ "htmlOob": fields(list) }),
        Expect::Info => json!("info"),
    };
    json!({ "round": round, "line": line, "text": text, "expect": expect })
}

/// Reads back what [`resume_point`] wrote.
fn read_resume_point(saved: &Value) -> CliResult<(u16, Value, String, Expect)> {
    let bad = || CliError("the state file's saved screen is damaged".into());
    let round = saved["round"]
        .as_u64()
        .and_then(|r| u16::try_from(r).ok())
        .ok_or_else(bad)?;
    let text = saved["text"].as_str().ok_or_else(bad)?.to_owned();
    let options = |v: &Value| -> Option<Vec<(String, String)>> {
        v.as_array()?
            .iter()
            .map(|pair| Some((pair[0].as_str()?.to_owned(), pair[1].as_str()?.to_owned())))
            .collect()
    };
    let fields = |v: &Value| -> Option<Vec<FormField>> {
        v.as_array()?
            .iter()
            .map(|f| {
                Some(FormField {
                    name: f["name"].as_str()?.to_owned(),
                    kind: f["kind"].as_str()?.to_owned(),
                    value: f["value"].as_str().map(str::to_owned),
                })
            })
            .collect()
    };
    let e = &saved["expect"];
    let expect = match e.as_str() {
        Some("oob") => Some(Expect::Oob),
        Some("info") => Some(Expect::Info),
        Some(_) => None,
        None => {
            if let Some(two) = e["text"]["two"].as_bool() {
                Some(Expect::Text { two })
            } else if e.get("single").is_some() {
                options(&e["single"]).map(Expect::Single)
            } else if e.get("multi").is_some() {
                options(&e["multi"]).map(Expect::Multi)
            } else if e.get("html").is_some() {
                fields(&e["html"]).map(Expect::Html)
            } else {
                fields(&e["htmlOob"]).map(Expect::HtmlOob)
            }
        }
    }
    .ok_or_else(bad)?;
    Ok((round, saved["line"].clone(), text, expect))
}

/// Runs `challenge`: a new challenge, or one resumed from where a previous
/// run stopped (between screens, or killed with a CReq in flight).
pub fn run(args: &ChallengeArgs) -> CliResult<ExitCode> {
    let (mut txn, mut screen) = state::load_with_screen(&args.state)?;
    txn.set_crypto(args.crypto.provider());
    if txn.acs_url().is_none() {
        return Err(format!("{}: no challenge to run", args.state.display()).into());
    }
    if args.decoupled_fallback {
        txn.set_decoupled_fallback(true)
            .map_err(|e| CliError::with("--decoupled-fallback", e))?;
    }
    if txn.state() == StateName::ChallengeExpectCres {
        // A previous run died after its CReq left: that CRes is lost. The
        // next CReq takes the next counter and answers the saved screen.
        let Some(round) = screen.as_ref().and_then(|s| s["round"].as_u64()) else {
            return Err(format!(
                "{}: the first CReq of this challenge left, but its screen was lost; \
                 the challenge cannot be resumed (start a new transaction)",
                args.state.display()
            )
            .into());
        };
        let next = txn
            .skip_lost_cres()
            .map_err(|e| CliError::with("cannot resume the challenge", e))?;
        eprintln!(
            "threeds: resuming at screen {round}: the last answer was sent but its reply was \
             lost; the next CReq carries sdkCounterStoA {:03}",
            next.value()
        );
    }
    // A progress line while the ACS is awaited (a terminal only, not with --json).
    let mut transport = Progress::new(transport(&args.tls_ca, args.timeout)?, !args.json);
    let answers = if args.answer.is_empty() {
        Answers::Interactive
    } else {
        Answers::Scripted(args.answer.clone().into_iter())
    };
    let presenter = Presenter {
        json: args.json,
        show_answers: false,
        indent: "",
        log: LogSettings::from_args(args.log_level, args.verbose, args.no_mask),
    };
    let end = run_persisted(
        &mut txn,
        &mut transport,
        answers,
        &presenter,
        Some(&args.state),
        &mut screen,
    );
    let end = match end {
        Ok(end) => end,
        Err(e) => {
            // Stopped between screens: save where it stands and say how to go on.
            // Otherwise the file already holds the last state written ahead.
            if txn.state() == StateName::ChallengeExpectCreq {
                state::save_with_screen(&args.state, &txn, screen.as_ref())?;
                eprintln!(
                    "threeds: the challenge can be resumed: threeds challenge --state {}",
                    args.state.display()
                );
            }
            return Err(e);
        }
    };
    match end {
        End::Completed(status) => {
            let line = json!({ "challengeComplete": true, "transStatus": trans_status(status) });
            state::save_final(
                &args.state,
                &json!({ "state": "Completed", "transStatus": trans_status(status) }),
            )?;
            if args.json {
                outln!("{line}");
            } else {
                outln!("Challenge complete: transStatus {}", trans_status(status));
            }
            Ok(ExitCode::SUCCESS)
        }
        End::Failed(line) => {
            let mut summary = line.clone();
            summary["state"] = Value::from(format!("{:?}", txn.state()));
            state::save_final(&args.state, &summary)?;
            if args.json {
                outln!("{line}");
            } else {
                eprintln!("threeds: challenge failed: {}", failure_text(&line));
            }
            Ok(ExitCode::from(2))
        }
    }
}

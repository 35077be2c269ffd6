//! `threeds challenge`: the CReq/CRes loop over HTTPS.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use threeds_core::message::TransStatus;
use threeds_core::platform::{HttpRequest, HttpResponse, Transport};
use threeds_core::transaction::{
    ChallengeInput, CresOutcome, Error, ExchangeError, Transaction, run_exchange,
};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::{HttpsTransport, OsRng};

use crate::answer::{self, Answer, Expect};
use crate::clock::WallClock;
use crate::error::{CliError, CliResult};
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
}

/// A transport whose per-request timeout is capped.
pub struct Capped<T> {
    inner: T,
    cap_ms: Option<u64>,
}

impl<T: Transport> Transport for Capped<T> {
    type Error = T::Error;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, Self::Error> {
        let timeout_ms = match self.cap_ms {
            Some(cap) if request.timeout_ms == 0 || cap < request.timeout_ms => cap,
            _ => request.timeout_ms,
        };
        self.inner.post(
            &HttpRequest {
                timeout_ms,
                ..*request
            },
            response_body,
        )
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
    Ok(Capped {
        inner,
        cap_ms: timeout_s.map(|s| s.saturating_mul(1000)),
    })
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
            println!("{value}");
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

fn failure(code: Option<u16>, description: String) -> Value {
    json!({ "error": { "code": code, "description": description } })
}

fn exchange_failure<E: core::fmt::Display>(txn: &Transaction, e: &ExchangeError<E>) -> Value {
    if let Some(sent) = txn.sent_erro() {
        return sdk_erro_json(sent);
    }
    match e {
        ExchangeError::Transaction(err) => failure(None, err.to_string()),
        ExchangeError::Transport(err) => failure(None, format!("transport: {err}")),
        ExchangeError::HttpStatus(s) => failure(None, format!("the ACS answered HTTP {s}")),
        ExchangeError::Stopped => failure(None, e.to_string()),
    }
}

/// Runs the challenge to its end.
///
/// # Errors
/// A scripted answer that does not fit its screen, missing answers, or the
/// terminal closing.
pub fn run_challenge<T>(
    txn: &mut Transaction,
    transport: &mut T,
    mut answers: Answers,
    presenter: &Presenter,
) -> CliResult<End>
where
    T: Transport,
    T::Error: core::fmt::Display,
{
    let mut rng = OsRng::default();
    let mut request = vec![0u8; 16 * 1024];
    let mut response = vec![0u8; 1024 * 1024];
    let mut plain = vec![0u8; 1024 * 1024];
    let mut answer = Answer::Initial;
    let mut last_expect: Option<Expect> = None;
    let stdin = io::stdin();
    loop {
        let keys = answer.keys();
        let input = ChallengeInput::new(answer.to_core(&keys));
        let result = run_exchange(
            txn,
            transport,
            &input,
            &mut rng,
            &WallClock,
            &mut request,
            &mut response,
            &mut plain,
        );
        let expect = match result {
            Ok(CresOutcome::Screen { ui_type, screen }) => {
                let round = txn.round();
                presenter.line(&screen_json(round, ui_type, &screen));
                let (text, form) = screen_text(round, ui_type, &screen);
                if !presenter.json || matches!(answers, Answers::Interactive) {
                    presenter.text(&text);
                }
                answer::expect(&screen, form.as_ref())
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
        let next = match &mut answers {
            Answers::Scripted(list) => {
                let text = list.next().ok_or_else(|| {
                    CliError(format!("no --answer left for screen {}", txn.round()))
                })?;
                answer::parse(&text, &expect)
                    .map_err(|e| CliError(format!("--answer for screen {}: {e}", txn.round())))?
            }
            Answers::Interactive => {
                let mut out = presenter.human();
                answer::ask(&expect, &mut stdin.lock(), &mut out)?
            }
        };
        if presenter.show_answers {
            presenter.text(&format!("  cardholder: {}", next.describe()));
        }
        last_expect = Some(expect);
        answer = next;
    }
}

/// Runs `challenge`.
pub fn run(args: &ChallengeArgs) -> CliResult<ExitCode> {
    let mut txn = state::load(&args.state)?;
    if txn.acs_url().is_none() {
        return Err(format!("{}: no challenge to run", args.state.display()).into());
    }
    let mut transport = transport(&args.tls_ca, args.timeout)?;
    let answers = if args.answer.is_empty() {
        Answers::Interactive
    } else {
        Answers::Scripted(args.answer.clone().into_iter())
    };
    let presenter = Presenter {
        json: args.json,
        show_answers: false,
        indent: "",
    };
    let end = run_challenge(&mut txn, &mut transport, answers, &presenter);
    let end = match end {
        Ok(end) => end,
        Err(e) => {
            // Still resumable when it stopped between screens.
            if state::save(&args.state, &txn).is_err() {
                state::save_final(
                    &args.state,
                    &json!({ "state": format!("{:?}", txn.state()), "error": e.0 }),
                )?;
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
                println!("{line}");
            } else {
                println!("Challenge complete: transStatus {}", trans_status(status));
            }
            Ok(ExitCode::SUCCESS)
        }
        End::Failed(line) => {
            let mut summary = line.clone();
            summary["state"] = Value::from(format!("{:?}", txn.state()));
            state::save_final(&args.state, &summary)?;
            if args.json {
                println!("{line}");
            } else {
                eprintln!("threeds: challenge failed: {line}");
            }
            Ok(ExitCode::from(2))
        }
    }
}

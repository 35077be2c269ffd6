//! `threeds check-auth-response`: verify the ARes.

use crate::stdout::outln;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use threeds_core::message::Erro;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Clock;
use threeds_core::transaction::{AcsTrust, AresOutcome, StateName, Transaction};
use threeds_std::certs::{CertFormat, CertStore};

use crate::clock::WallClock;
use crate::error::{CliError, CliResult};
use crate::render::{erro_json, json_str};
use crate::state;

/// Arguments of `check-auth-response`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The state file written by `auth-request`.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// A DS root the ACS signing certificate must chain to (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub acs_root: Vec<PathBuf>,
    /// Skip the ACS certificate chain check (testing only; the signature is still checked).
    #[arg(long)]
    pub accept_any_acs_cert: bool,
    /// The ARes JSON (`-` for standard input).
    #[arg(value_name = "ARES_FILE|-")]
    pub ares: String,
    #[command(flatten)]
    pub crypto: crate::crypto::CryptoArg,
}

/// Reads the DER certificates of the root files.
pub fn load_roots(paths: &[PathBuf]) -> CliResult<Vec<Vec<u8>>> {
    let mut roots = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let store = CertStore::from_file(path, CertFormat::Auto, "")
            .map_err(|e| CliError::with(&name, e))?;
        if store.certificates().is_empty() {
            return Err(format!("{name}: no certificate").into());
        }
        roots.extend(store.certificates().iter().map(|c| c.der().to_vec()));
    }
    Ok(roots)
}

fn read_input(source: &str) -> CliResult<Vec<u8>> {
    if source == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::with("stdin", e))?;
        return Ok(buf);
    }
    std::fs::read(Path::new(source)).map_err(|e| CliError::with(source, e))
}

/// What the ARes said, as printed.
pub struct Checked {
    /// The JSON summary.
    pub summary: Value,
    /// Whether a challenge follows.
    pub challenge: bool,
}

/// Handles `ares` in `txn` and summarises it. An Erro instead of an ARes is
/// an error (its code and description in the message).
pub fn check(
    txn: &mut Transaction,
    ares: &[u8],
    roots: &[Vec<u8>],
    accept_any: bool,
) -> CliResult<Checked> {
    let anchors;
    let trust = if accept_any {
        AcsTrust::accept_any()
    } else {
        if roots.is_empty() {
            return Err("no --acs-root given (or use --accept-any-acs-cert)".into());
        }
        anchors = TrustAnchors::from_der(roots).map_err(|e| CliError::with("--acs-root", e))?;
        AcsTrust::roots(&anchors)
    };
    let outcome = txn
        .handle_ares(ares, &trust, WallClock.now_unix())
        .map_err(|e| CliError(ares_failure(&e)))?;
    let parsed = match outcome {
        AresOutcome::Erro(e) => return Err(erro_error(&e)),
        AresOutcome::Frictionless(a) | AresOutcome::Decoupled(a) | AresOutcome::Challenge(a) => a,
    };
    // The core validated every field; the raw JSON gives them back as sent.
    let raw: Value = serde_json::from_slice(ares).map_err(|e| CliError::with("ARes", e))?;
    let challenge = parsed.trans_status == threeds_core::message::TransStatus::Challenge;
    let mut summary = json!({
        "transStatus": raw.get("transStatus"),
        "challengeRequired": challenge,
        "messageVersion": raw.get("messageVersion"),
        "threeDSServerTransID": parsed.three_ds_server_trans_id.as_str(),
        "acsTransID": parsed.acs_trans_id.as_str(),
        "dsTransID": parsed.ds_trans_id.as_str(),
        "sdkTransID": parsed.sdk_trans_id.as_str(),
    });
    for key in [
        "transStatusReason",
        "transStatusReasonInfo",
        "authenticationValue",
        "eci",
        "cardholderInfo",
        "acsChallengeMandated",
        "acsDecConInd",
        "acsRenderingType",
    ] {
        if let Some(v) = raw.get(key) {
            summary[key] = v.clone();
        }
    }
    if challenge {
        summary["acsURL"] = Value::from(txn.acs_url().unwrap_or_default());
    }
    Ok(Checked { summary, challenge })
}

/// What to do once an ARes has ended the transaction.
pub(crate) const NEXT: &str =
    "this transaction is over; start a new one with `threeds auth-request`";

/// Why the ARes was refused, in words, and what to run next.
fn ares_failure(e: &threeds_core::transaction::Error) -> String {
    use threeds_core::message::Problem;
    use threeds_core::transaction::{AresError, Error};
    let why = match e {
        Error::Ares(AresError::Message(m)) => {
            let at = if m.field.is_empty() { String::new() } else { format!(" `{}`", m.field) };
            match m.problem {
                Problem::NotJson => "the ARes is not valid JSON".to_owned(),
                Problem::NotObject => "the ARes is not a JSON object".to_owned(),
                Problem::DuplicateKey => format!("the ARes repeats the member `{}`", m.error_detail()),
                Problem::TooLarge => format!(
                    "the ARes is too large to be read: {} over its cap (101)",
                    m.error_detail()
                ),
                Problem::WrongMessageType => "the message is not an ARes (messageType)".to_owned(),
                Problem::Missing => format!("the ARes lacks the required member{at}"),
                Problem::InvalidFormat | Problem::InvalidValue => {
                    format!("the ARes member{at} has a wrong format or value")
                }
                Problem::TooLong => format!("the ARes member{at} is too long"),
                Problem::NotAllowedHere => format!("the ARes member{at} is not allowed here"),
                Problem::UnsupportedVersion => "the ARes messageVersion is not supported".to_owned(),
                Problem::VersionMismatch => {
                    "the ARes messageVersion is not this transaction's (see auth-request --message-version)"
                        .to_owned()
                }
                Problem::IdMismatch => format!(
                    "the ARes belongs to another transaction ({} differs from the auth request's)",
                    if m.field.is_empty() { "an id" } else { m.field }
                ),
                Problem::UnknownCriticalExtension => format!(
                    "the ARes carries a critical extension this SDK does not know ({})",
                    m.error_detail()
                ),
                _ => format!("the ARes is invalid (error {}{at})", m.code.0),
            }
        }
        Error::Ares(AresError::CertificateInvalid) => {
            "the ACS signing certificate does not chain to any --acs-root (give the card scheme's root)"
                .to_owned()
        }
        Error::Ares(AresError::SignatureInvalid) => {
            "the signature of acsSignedContent does not verify with the ACS certificate".to_owned()
        }
        Error::Ares(AresError::SignedContentInvalid) => {
            "acsSignedContent is not an acceptable JWS (PS256 or ES256 with an x5c chain)".to_owned()
        }
        Error::Ares(AresError::SdkEphemPubKeyMismatch) => {
            "the ARes answers another auth request (its sdkEphemPubKey is not this transaction's key)"
                .to_owned()
        }
        Error::Ares(AresError::AcsEphemPubKeyInvalid) => {
            "the ACS ephemeral key in acsSignedContent is not a valid P-256 key".to_owned()
        }
        Error::Ares(AresError::AcsUrlInvalid) => {
            "the ARes acsURL is missing or not an https URL".to_owned()
        }
        Error::Ares(AresError::UnexpectedTransStatus) => {
            "the ARes transStatus is not one an SDK can receive".to_owned()
        }
        Error::ApiMisuse { .. } => {
            return "this state file has no auth request waiting for an ARes; start with `threeds auth-request`"
                .to_owned();
        }
        other => format!("the ARes was refused: {other}"),
    };
    format!("invalid ARes: {why}; {NEXT}")
}

fn erro_error(e: &Erro<'_>) -> CliError {
    let line = erro_json(e);
    let detail = e.detail.map(|d| json_str(&d)).unwrap_or_default();
    CliError(format!(
        "an Erro instead of an ARes: {} {} ({detail}) {line}; {NEXT}",
        e.code.0,
        e.description.map(|d| json_str(&d)).unwrap_or_default()
    ))
}

/// Runs `check-auth-response`.
pub fn run(args: &CheckArgs) -> CliResult<ExitCode> {
    let mut txn = state::load(&args.state)?;
    // The state file holds no provider: each command runs on its own choice.
    txn.set_crypto(args.crypto.provider());
    let roots = load_roots(&args.acs_root)?;
    let ares = read_input(&args.ares)?;
    let result = check(&mut txn, &ares, &roots, args.accept_any_acs_cert);
    match &result {
        Ok(checked) if checked.challenge => state::save(&args.state, &txn)?,
        Ok(checked) => {
            let mut summary = checked.summary.clone();
            summary["state"] = Value::from(format!("{:?}", txn.state()));
            state::save_final(&args.state, &summary)?;
        }
        // A mistake before the ARes was looked at (no --acs-root, an unreadable
        // root) leaves the transaction waiting: the state file stays as it was.
        Err(_) if txn.state() == StateName::AuthRequested => {}
        Err(e) => state::save_final(
            &args.state,
            &json!({ "state": format!("{:?}", txn.state()), "error": e.0 }),
        )?,
    }
    let checked = result?;
    outln!("{}", checked.summary);
    Ok(ExitCode::SUCCESS)
}

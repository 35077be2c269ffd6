//! `threeds demo`: a readable walk through a frictionless and a challenge
//! transaction against the simulator, started on loopback with a fresh PKI.

use crate::stdout::outln;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use threeds_core::keys::PublicKey;
use threeds_core::message::MessageVersion;
use threeds_core::platform::{HttpRequest, Transport};
use threeds_sim::{Pki, RunningSimulator, SimConfig, Simulator, SimulatorConfig};
use threeds_std::HttpsTransport;
use threeds_std::certs::Certificate;

use crate::auth::{Begin, begin, device_info};
use crate::check::check;
use crate::error::{CliError, CliResult};
use crate::flow::{Answers, End, Presenter, run_challenge};
use crate::progress::Progress;
use crate::render::trans_status;

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Be the cardholder: answer the challenge screens yourself.
    #[arg(long)]
    pub interactive: bool,
    /// Protocol version of both transactions.
    #[arg(long, default_value = "2.2.0", value_parser = ["2.1.0", "2.2.0", "2.3.1"])]
    pub message_version: String,
    #[command(flatten)]
    pub crypto: crate::crypto::CryptoArg,
}

struct Setup {
    sim: RunningSimulator,
    ds_rsa: PublicKey,
    ds_ec: PublicKey,
    roots: Vec<Vec<u8>>,
    transport: Progress<HttpsTransport>,
    crypto: &'static dyn threeds_core::crypto::CryptoProvider,
}

fn setup(crypto: &'static dyn threeds_core::crypto::CryptoProvider) -> CliResult<Setup> {
    let pki = Pki::generate().map_err(|e| CliError::with("PKI", e))?;
    let config = SimConfig::with_builtin_scenarios().map_err(|e| CliError::with("scenarios", e))?;
    let sim = Simulator::start(SimulatorConfig {
        pki: Arc::new(pki),
        sim: config,
    })
    .map_err(|e| CliError::with("simulator", e))?;
    let cert =
        |der: &[u8]| Certificate::from_der(der).map_err(|e| CliError::with("certificate", e));
    let pki = sim.pki();
    let ds_rsa = cert(&pki.ds_enc_rsa.cert_der)?
        .public_key()
        .map_err(|e| CliError::with("DS RSA key", e))?;
    let ds_ec = cert(&pki.ds_enc_ec.cert_der)?
        .public_key()
        .map_err(|e| CliError::with("DS EC key", e))?;
    let transport = HttpsTransport::builder()
        .server_ca_cert(cert(&pki.tls_ca.cert_der)?)
        .build()
        .map_err(|e| CliError::with("HTTPS", e))?;
    Ok(Setup {
        roots: vec![pki.ds_root.cert_der.clone()],
        ds_rsa,
        ds_ec,
        transport: Progress::new(transport, true),
        sim,
        crypto,
    })
}

/// POSTs the auth request to the simulator's 3DS Server and returns the ARes.
fn post_auth(setup: &mut Setup, scenario: &str, body: &[u8]) -> CliResult<Vec<u8>> {
    let url = setup.sim.auth_url(scenario);
    let mut response = vec![0u8; 256 * 1024];
    let answer = setup
        .transport
        .post(
            &HttpRequest {
                url: &url,
                content_type: "application/json; charset=utf-8",
                body,
                timeout_ms: 30_000,
            },
            &mut response,
        )
        .map_err(|e| CliError::with("POST /3ds/auth", e))?;
    if answer.status != 200 {
        return Err(format!("the 3DS Server answered HTTP {}", answer.status).into());
    }
    Ok(response.get(..answer.body_len).unwrap_or_default().to_vec())
}

fn step(n: u32, text: &str) {
    outln!("  [{n}] {text}");
}

fn transaction(
    setup: &mut Setup,
    title: &str,
    scenario: &str,
    version: MessageVersion,
    rsa: bool,
    answers: Answers,
) -> CliResult<()> {
    outln!();
    outln!("== {title} (simulator scenario `{scenario}`) ==");
    let info = device_info(None, &["C002=threeds demo".to_owned()])?;
    let ds_key = if rsa { &setup.ds_rsa } else { &setup.ds_ec };
    let (mut txn, request) = begin(
        &Begin {
            version,
            ds_key_id: None,
            ds_id: "A000000802",
            sdk_app_id: "8d1e2f7a-3b4c-4d5e-9f60-718293a4b5c6",
            sdk_reference_number: "THREEDS-DEMO-0001",
            sdk_max_timeout: 5,
            device_info: &info,
            gcm: false,
            sdk_trans_id: None,
            crypto: setup.crypto,
        },
        ds_key,
    )?;
    let alg = if rsa { "RSA-OAEP-256" } else { "ECDH-ES" };
    let enc_len = request["sdkEncData"].as_str().map_or(0, str::len);
    step(
        1,
        &format!(
            "device information ({} bytes of JSON) encrypted to the DS: JWE {alg} + A128CBC-HS256, {enc_len} characters",
            info.len()
        ),
    );
    step(
        2,
        &format!(
            "auth request: sdkTransID {}, messageVersion {}, a fresh P-256 ephemeral key (sdkEphemPubKey) from the {} crypto provider",
            request["sdkTransID"].as_str().unwrap_or("?"),
            version,
            txn.crypto().name()
        ),
    );
    let body = serde_json::to_vec(&request).map_err(|e| CliError::with("auth request", e))?;
    let ares = post_auth(setup, scenario, &body)?;
    let checked = check(&mut txn, &ares, &setup.roots, false)?;
    let status = checked.summary["transStatus"]
        .as_str()
        .unwrap_or("?")
        .to_owned();
    if !checked.challenge {
        step(
            3,
            &format!("ARes verified: transStatus {status} (frictionless, no challenge)"),
        );
        if let Some(eci) = checked.summary["eci"].as_str() {
            step(4, &format!("authenticationValue present, ECI {eci}"));
        }
        outln!("  => final transStatus {status}");
        return Ok(());
    }
    step(
        3,
        "ARes verified: transStatus C; acsSignedContent signature checked, the ACS certificate chains to the DS root; session keys derived (ECDH-ES)",
    );
    step(
        4,
        &format!(
            "challenge with the ACS at {}",
            checked.summary["acsURL"].as_str().unwrap_or("?")
        ),
    );
    let presenter = Presenter {
        json: false,
        show_answers: true,
        indent: "      ",
        log: crate::log::LogSettings::OFF,
    };
    match run_challenge(&mut txn, &mut setup.transport, answers, &presenter)? {
        End::Completed(status) => {
            outln!(
                "  => challenge complete, final transStatus {}",
                trans_status(status)
            );
            Ok(())
        }
        End::Failed(line) => Err(format!("the challenge failed: {line}").into()),
    }
}

/// Runs `demo`.
pub fn run(args: &DemoArgs) -> CliResult<ExitCode> {
    let version = MessageVersion::from_wire(&args.message_version)
        .ok_or_else(|| CliError(format!("unsupported version {}", args.message_version)))?;
    outln!("threeds demo: an EMV 3-D Secure {version} SDK against a local simulator");
    let mut setup = setup(args.crypto.provider())?;
    outln!(
        "simulator (DS + 3DS Server + ACS) on {} with a freshly generated PKI",
        setup.sim.base_url()
    );
    outln!(
        "crypto provider: {} (P-256 keys, ECDH, ES256 checks; --crypto chooses)",
        setup.crypto.name()
    );
    transaction(
        &mut setup,
        "Frictionless transaction",
        "frictionless-y",
        version,
        true,
        Answers::Scripted(Vec::new().into_iter()),
    )?;
    let answers = if args.interactive {
        outln!();
        outln!("You are the cardholder. The simulator's one-time code is 123456.");
        Answers::Interactive
    } else {
        Answers::Scripted(vec!["111111".to_owned(), "123456".to_owned()].into_iter())
    };
    transaction(
        &mut setup,
        "Challenge transaction (one-time code; a wrong code first)",
        "challenge-text-wrong-then-right",
        version,
        false,
        answers,
    )?;
    setup.sim.stop();
    outln!();
    outln!("demo complete");
    Ok(ExitCode::SUCCESS)
}

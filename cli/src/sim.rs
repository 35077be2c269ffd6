//! `threeds sim`: the simulator for app developers.

use crate::stdout::outln;
use core::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use threeds_sim::{Pki, PkiOptions, SimConfig, Simulator, SimulatorConfig};

use crate::error::{CliError, CliResult};

/// Arguments of `sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Where to write the simulator's PKI (certificates and keys, PEM).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Port (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
    /// Address to listen on: 0.0.0.0 lets a phone or an emulator on the
    /// network connect (give it a --tls-name too).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// A host name or IP address the TLS certificate also covers (besides
    /// localhost and 127.0.0.1); the first one goes into the ACS URL. Repeatable.
    #[arg(long = "tls-name", value_name = "NAME")]
    pub tls_names: Vec<String>,
}

/// Runs `sim` until the process is interrupted.
pub fn run(args: &SimArgs) -> CliResult<ExitCode> {
    let pki = Pki::generate_for_hosts(PkiOptions::default(), &args.tls_names)
        .map_err(|e| CliError::with("PKI", e))?;
    pki.write_pem(&args.out)
        .map_err(|e| CliError::with(&args.out.display().to_string(), e))?;
    let config = SimConfig::with_builtin_scenarios().map_err(|e| CliError::with("scenarios", e))?;
    let ds_id = config.ds_id.clone();
    let mut names: Vec<String> = config
        .scenarios
        .names()
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    names.sort();
    let bind = SocketAddr::new(args.bind, args.port);
    let running = Simulator::start_at(
        SimulatorConfig {
            pki: Arc::new(pki),
            sim: config,
        },
        bind,
        args.tls_names.first().map(String::as_str),
    )
    .map_err(|e| CliError(format!("cannot listen on {bind}: {e}")))?;
    let dir = args.out.display();
    outln!("threeds simulator (DS + 3DS Server + ACS)");
    outln!("  base URL        {}", running.base_url());
    outln!("  auth endpoint   POST {}", running.auth_url("<scenario>"));
    outln!(
        "  records         GET {}{}",
        running.base_url().trim_end_matches('/'),
        threeds_sim::server::RECORDS_PATH
    );
    let port = running.server_addr().port();
    for name in &args.tls_names {
        outln!("  on the network  https://{name}:{port} (the TLS certificate names {name})");
    }
    outln!("  DS id           {ds_id}");
    outln!("  DS certificates {dir}/ds-enc-rsa.crt.pem (RSA), {dir}/ds-enc-ec.crt.pem (P-256)");
    outln!("  ACS root        {dir}/ds-root.crt.pem   (check-auth-response --acs-root)");
    outln!("  TLS CA          {dir}/tls-ca.crt.pem    (challenge --tls-ca)");
    outln!("  scenarios       {}", names.join(", "));
    outln!("ready; Ctrl-C to stop");
    loop {
        std::thread::park();
    }
}

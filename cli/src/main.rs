//! `threeds`: the command-line face of the threeds SDK client.
//!
//! Subcommands: `auth-request` (device information encrypted to the DS, the
//! SDK ephemeral key), `check-auth-response` (the ARes and its signed
//! content), `challenge` (the CReq/CRes loop over HTTPS, scripted or
//! interactive), `demo` and `sim` (the bundled simulator).

mod answer;
mod auth;
mod check;
mod clock;
mod crypto;
mod demo;
mod devinfo;
mod devinfo_shape;
mod error;
mod flow;
mod html;
mod log;
mod progress;
mod render;
mod sim;
mod state;
mod stdout;
#[cfg(test)]
mod transport_forwarding;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Exit statuses, the same for every command (also in `--help`).
const EXIT_STATUS_HELP: &str = "\
Exit status:
  0   done (a challenge that ends, also by a cancel, is done; see transStatus)
  1   the command could not do its work: a file, an option value, the 3DS data
  2   challenge: the transaction failed (an Erro sent or received, or the ACS unreachable)
  64  the command line itself is wrong (unknown option, missing value)";

/// EMV 3-D Secure 2.x SDK client: auth request, ARes check, challenge.
#[derive(Debug, Parser)]
#[command(name = "threeds", version, about, after_help = EXIT_STATUS_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a transaction: encrypt the device information to the DS and
    /// print the SDK part of the AReq as JSON.
    #[command(after_help = EXIT_STATUS_HELP)]
    AuthRequest(auth::AuthRequestArgs),
    /// Verify an ARes (signature, chain, ids) and say whether a challenge follows.
    #[command(after_help = EXIT_STATUS_HELP)]
    CheckAuthResponse(check::CheckArgs),
    /// Run the challenge with the ACS (interactive, or scripted with --answer).
    #[command(after_help = EXIT_STATUS_HELP)]
    Challenge(flow::ChallengeArgs),
    /// Walk through a frictionless and a challenge transaction against the
    /// bundled simulator.
    #[command(after_help = EXIT_STATUS_HELP)]
    Demo(demo::DemoArgs),
    /// Run the simulator (DS + 3DS Server + ACS) until Ctrl-C.
    #[command(after_help = EXIT_STATUS_HELP)]
    Sim(sim::SimArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not failures; everything else is a usage error.
            let usage = e.use_stderr();
            // Printing can only fail if stdout/stderr are gone; nothing left to tell.
            let _ = e.print();
            return if usage {
                ExitCode::from(64)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::AuthRequest(args) => auth::run(&args),
        Command::CheckAuthResponse(args) => check::run(&args),
        Command::Challenge(args) => flow::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Sim(args) => sim::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(CliError(message)) => {
            // One line: scripts read the reason from stderr.
            eprintln!("threeds: {}", message.replace('\n', " "));
            ExitCode::from(1)
        }
    }
}

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
mod demo;
mod devinfo;
mod error;
mod flow;
mod html;
mod render;
mod sim;
mod state;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// EMV 3-D Secure 2.x SDK client: auth request, ARes check, challenge.
#[derive(Debug, Parser)]
#[command(name = "threeds", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a transaction: encrypt the device information to the DS and
    /// print the SDK part of the AReq as JSON.
    AuthRequest(auth::AuthRequestArgs),
    /// Verify an ARes (signature, chain, ids) and say whether a challenge follows.
    CheckAuthResponse(check::CheckArgs),
    /// Run the challenge with the ACS (interactive, or scripted with --answer).
    Challenge(flow::ChallengeArgs),
    /// Walk through a frictionless and a challenge transaction against the
    /// bundled simulator.
    Demo(demo::DemoArgs),
    /// Run the simulator (DS + 3DS Server + ACS) until Ctrl-C.
    Sim(sim::SimArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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

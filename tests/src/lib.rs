//! `threeds-sim`: an EMV 3-D Secure 2.x DS + 3DS Server + ACS simulator, the
//! counterpart an SDK client needs to be tested against.
//!
//! The simulator is an independent implementation of the protocol: it does
//! its own JOSE (serde_json + RustCrypto) and message handling and shares no
//! code with `threeds-core`, so an end-to-end test between them is a real
//! cross-check.
//!
//! - [`pki`]: generates (or loads) the DS root, ACS signing certificates, DS
//!   encryption keys and a TLS CA/server certificate.
//! - [`Sim::handle_auth_request`]: the DS + 3DS Server role (SDK auth request
//!   → ARes with `acsSignedContent`).
//! - [`Sim::handle_creq`]: the ACS role (CReq JWE → CRes JWE or Erro), as
//!   strict as a production ACS, recording every violation.
//! - [`scenario`]: the scripted behaviour, as JSON data (`tests/scenarios/`).
//! - [`server::Simulator`]: the same roles over HTTPS on 127.0.0.1.
//!
//! In memory (no sockets): hand every POST of the client to
//! [`Sim::handle_http`] (the URL is routed like the server does), or call the
//! two roles directly.
//!
//! ```no_run
//! use std::sync::Arc;
//! use threeds_sim::{Pki, Sim, SimConfig, Simulator, SimulatorConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pki = Arc::new(Pki::generate()?);
//! pki.write_pem(std::path::Path::new("sim-pki"))?; // to point a real app at it
//!
//! // In memory.
//! let sim = Sim::new(Arc::clone(&pki), SimConfig::with_builtin_scenarios()?)?;
//! let auth_request_json = br#"{"messageVersion":"2.2.0"}"#;
//! let ares = sim.handle_auth_request(auth_request_json, "challenge-text");
//! println!("{}", ares.body_text());
//!
//! // Over HTTPS on 127.0.0.1 (trust `pki.tls_ca`).
//! let running = Simulator::start(SimulatorConfig { pki, sim: SimConfig::with_builtin_scenarios()? })?;
//! println!("POST {}", running.auth_url("frictionless-y"));
//! let records = running.records();
//! println!("{} transactions", records.transactions.len());
//! running.stop();
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

pub mod acs;
pub mod ds;
pub mod jose;
pub mod pki;
pub mod records;
pub mod scenario;
pub mod server;
pub mod sim;
pub mod util;

pub use pki::{Pki, PkiOptions};
pub use records::{Records, TransactionRecord, TxState, Violation, ViolationKind};
pub use scenario::{Scenario, ScenarioSet};
pub use server::{RunningSimulator, Simulator, SimulatorConfig};
pub use sim::{HttpAnswer, Sim, SimConfig};

// The README's example is compiled and run as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

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

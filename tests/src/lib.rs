//! `threeds-sim`: a DS + 3DS Server + ACS simulator for testing SDK clients,
//! and the project's end-to-end suites (under `tests/tests/`).
#![forbid(unsafe_code)]

pub use threeds_core as core;

//! `threeds-embedded`: the firmware adapter for `threeds-core`.
//!
//! HTTP/1.1 over any `embedded-io` stream (bring your own TLS), a tick-counter
//! clock and `defmt` logging.
#![no_std]
#![forbid(unsafe_code)]

pub use threeds_core as core;

//! `threeds-std`: the std adapter for `threeds-core`.
//!
//! It provides the operating-system side of the three platform ports: HTTPS
//! (rustls), OS randomness and the system clock, plus certificate loading.
#![forbid(unsafe_code)]

pub use threeds_core as core;

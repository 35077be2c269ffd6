//! `threeds-std`: the std adapter for `threeds-core`.
//!
//! It provides the operating-system side of the three platform ports: HTTPS
//! (rustls), OS randomness ([`OsRng`]) and the system clock ([`SystemClock`]),
//! plus certificate loading.
#![forbid(unsafe_code)]

mod os;

pub use os::{OsRng, SystemClock};
pub use threeds_core as core;

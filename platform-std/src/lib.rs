//! `threeds-std`: the std adapter for `threeds-core`.
//!
//! It provides the operating-system side of the three platform ports: HTTPS
//! ([`HttpsTransport`], rustls with the ring provider), OS randomness
//! ([`OsRng`]) and the system clock ([`SystemClock`]), bundled as
//! [`StdPlatform`], plus certificate and key loading ([`certs`]).
#![forbid(unsafe_code)]

pub mod certs;
pub mod https;
mod os;
mod platform;

pub use https::{HttpsError, HttpsTransport, HttpsTransportBuilder};
pub use os::{OsRng, SystemClock};
pub use platform::StdPlatform;
pub use threeds_core as core;

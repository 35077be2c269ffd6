//! `threeds-std`: the std adapter for `threeds-core`.
//!
//! It provides the operating-system side of the three platform ports: HTTPS
//! ([`HttpsTransport`], rustls with the ring provider), OS randomness
//! ([`OsRng`]) and the system clock ([`SystemClock`]), bundled as
//! [`StdPlatform`], plus certificate and key loading ([`certs`]).
//!
//! On a [`StdClient`], the TLS handshake reaches the application's
//! `ClientEvents` (`on_ssl_server_authentication`, whose `accept` decides the
//! connection before any CReq leaves, and `on_ssl_status`), and
//! [`TlsProperties`] adds the reference's `ssl_server_cert_*`,
//! `ssl_accept_server_cert_*` and `SSLNegotiated*` names,
//! [`ConnectionProperties`] the `proxy_*` and `ssl_cert_*` ones, and
//! `config("SSLEnabledProtocols=…")` and the other TLS settings reach the
//! transport: each applies to the next connection of a client that already
//! exists ([`https::reconfigure`]).
//!
//! ```no_run
//! use threeds_std::certs::{CertStore, StoreType};
//! use threeds_std::https::{HttpsTransport, ProxySettings};
//! use threeds_std::StdPlatform;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The DS encryption key from whatever file the scheme delivered.
//! let ds = CertStore::open(StoreType::Auto, b"ds-encryption.pem", "")?;
//! let _ds_key = ds.public_key("*")?;
//! // HTTPS to the ACS through a corporate proxy, logging every verdict.
//! let transport = HttpsTransport::builder()
//!     .proxy(ProxySettings::new("proxy.corp", 3128).with_basic_auth("user", "secret"))
//!     .on_server_authentication(|info| {
//!         eprintln!("{}: {}", info.cert_subject, info.status);
//!         info.accept
//!     })
//!     .build()?;
//! let _platform = StdPlatform::new(transport);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod cert_stores;
pub mod certs;
pub mod connection_properties;
#[cfg(any(feature = "ring-crypto", feature = "aws-lc-crypto"))]
pub mod crypto;
pub mod device_info;
pub mod https;
mod os;
mod platform;
pub mod tls_properties;

pub use cert_stores::CertStoreProperties;
pub use connection_properties::ConnectionProperties;
pub use https::{HttpsError, HttpsTransport, HttpsTransportBuilder};
pub use os::{OsRng, SystemClock};
pub use platform::{StdClient, StdPlatform};
pub use threeds_core as core;
pub use tls_properties::TlsProperties;

// The README's example is compiled and run as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

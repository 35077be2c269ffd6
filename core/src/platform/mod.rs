//! The three ports the caller implements: randomness, time and HTTP transport.
//!
//! The core is sans-IO: the transaction state machine only needs [`Rng`] and
//! [`Clock`]. [`Transport`] is used by the convenience facade that drives a
//! whole challenge loop; applications that own their networking can skip it.

mod clock;
mod rng;
mod transport;

pub use clock::Clock;
pub use rng::{Rng, RngFailure, fill_random};
pub use transport::{
    HttpRequest, HttpResponse, ServerCertificate, TIMEOUT_SPENT, TlsEvents, Transport,
    TransportError, TransportErrorKind,
};

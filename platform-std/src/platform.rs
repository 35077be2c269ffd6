//! The std platform bundle.

use crate::https::{HttpsError, HttpsTransport};
use crate::os::{OsRng, SystemClock};

/// Everything the SDK needs from a std platform: OS randomness, the system
/// clock and HTTPS. The facade takes its parts as its `Rng`, `Clock` and
/// `Transport`.
#[derive(Debug)]
pub struct StdPlatform {
    /// The OS CSPRNG.
    pub rng: OsRng,
    /// Wall-clock and monotonic time.
    pub clock: SystemClock,
    /// HTTPS to the ACS.
    pub transport: HttpsTransport,
}

impl StdPlatform {
    /// A bundle around a configured transport.
    pub fn new(transport: HttpsTransport) -> Self {
        Self {
            rng: OsRng::default(),
            clock: SystemClock::new(),
            transport,
        }
    }

    /// The default bundle: Mozilla roots, TLS 1.2 and 1.3, no proxy.
    ///
    /// # Errors
    /// Never in practice; the default configuration is always valid.
    pub fn with_defaults() -> Result<Self, HttpsError> {
        Ok(Self::new(HttpsTransport::builder().build()?))
    }
}

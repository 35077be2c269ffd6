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

/// The reference-compatible client on std: HTTPS, OS randomness and the
/// system clock plugged into [`threeds_core::client::facade::Client`].
pub type StdClient<E = threeds_core::client::events::NoEvents> =
    threeds_core::client::facade::Client<HttpsTransport, OsRng, SystemClock, E>;

impl StdPlatform {
    /// Turns the bundle into a [`StdClient`] that reports to `events`.
    pub fn into_client<E: threeds_core::client::events::ClientEvents>(
        self,
        events: E,
    ) -> StdClient<E> {
        threeds_core::client::facade::Client::new(self.transport, self.rng, self.clock, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeds_core::client::events::NoEvents;

    #[test]
    fn std_client_is_wired_and_refuses_work_without_a_ds_key() {
        // The full flow through the std pieces runs in tests/tests/e2e_https.rs;
        // here: the alias assembles, and a missing DS key is a typed error.
        let platform = StdPlatform::with_defaults().unwrap();
        let mut client = platform.into_client(NoEvents);
        assert!(
            client.get_auth_request().is_err(),
            "no DS key configured yet"
        );
    }
}
